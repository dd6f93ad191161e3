"""An office the new edition names that the current task book does not know, and where it first appears."""

from __future__ import annotations

from dataclasses import dataclass

from portboard.core.edition.item_draft import ItemDraft
from portboard.core.model import Office


@dataclass
class NewOffice:
    office: Office
    first_item: ItemDraft
