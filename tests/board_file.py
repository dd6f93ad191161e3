"""What a board.json holds, read straight from the file: what a test checks was (or was not) written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def stored(board_path: Path) -> dict[str, Any]:
    return json.loads(board_path.read_text(encoding="utf-8"))


def status_in_file(board_path: Path, item_id: str) -> str:
    (doc,) = [d for d in stored(board_path)["cards"].values() if d["id"] == item_id]
    return doc["status"]
