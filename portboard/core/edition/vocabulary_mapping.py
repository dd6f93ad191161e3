"""Offices and markers of a new edition, in the words of the current task book.

Codes and aliases carry over: an alias resolves to its office, full-width and half-width
brackets are the same spelling. An office the vocabulary does not know is added with a
provisional code and a warning, so a person confirms it is new and not a misspelling.
"""

from __future__ import annotations

from collections.abc import Sequence

from portboard.core.edition.draft import EditionDraft
from portboard.core.edition.finding import Finding
from portboard.core.edition.item_draft import ItemDraft
from portboard.core.edition.marker_entry import MarkerEntry
from portboard.core.edition.new_office import NewOffice
from portboard.core.edition.office_list import looks_like_office
from portboard.core.model import Marker, Office, normalise_name

# The legend every edition so far has used; a task book without one still knows them.
STANDARD_MARKERS = "▲●★"


class OfficeVocabulary:
    def __init__(self, offices: Sequence[Office]):
        self.offices = list(offices)
        self._index: dict[str, Office] = {}
        for office in self.offices:
            for spelling in (office.name, *office.aliases):
                self._index[_key(spelling)] = office
        self.added: list[NewOffice] = []
        self._codes = {office.code for office in self.offices}

    def known(self, spelling: str) -> bool:
        return _key(spelling) in self._index

    def resolve(self, draft: EditionDraft) -> None:
        """Set each item's canonical offices, with a note for every alias and a warning for
        every office added to the vocabulary or guessed from a name cut short."""
        names = [o.name for o in self.offices] + [
            normalise_name(s) for item in draft.items() for s in item.office_spellings if looks_like_office(s)]
        for item in draft.items():
            item.offices = []
            for spelling in item.office_spellings:
                office = self._index.get(_key(spelling))
                if office is None and not looks_like_office(spelling):
                    office = self._cut_short(spelling, names, item)
                    if office is None:
                        continue
                office = office or self._add(spelling, item)
                if office.name in item.offices:
                    item.findings.append(Finding(item.line, f"条目 {item.id} 的处室列表中 {office.name} 出现了两次",
                                                 "只保留第一次；请核对"))
                    continue
                item.offices.append(office.name)
                if normalise_name(spelling) != office.name:
                    item.office_notes.append(f"原文为\"{spelling}\"，即{office.name}")

    def used(self, draft: EditionDraft) -> list[Office]:
        """The vocabulary this edition needs: known offices in the current order, then the new."""
        names = {name for item in draft.items() for name in item.offices}
        return [office for office in self.offices if office.name in names] + [n.office for n in self.added]

    def unused(self, draft: EditionDraft) -> list[Office]:
        names = {name for item in draft.items() for name in item.offices}
        return [office for office in self.offices if office.name not in names]

    def _cut_short(self, spelling: str, names: list[str], item: ItemDraft) -> Office | None:
        """`浦东(浦江)` in a list that lost its last characters: the one office whose name
        it begins, if there is exactly one; else not an office at all."""
        longer = sorted({name for name in names if name.startswith(normalise_name(spelling))})
        if len(longer) != 1:
            item.findings.append(Finding(item.line, f"条目 {item.id} 的处室列表中有不像处室名称的文字“{spelling}”",
                                         "未作为处室导入；请核对原件"))
            return None
        office = self._index.get(_key(longer[0])) or self._add(longer[0], item)
        item.findings.append(Finding(item.line, f"条目 {item.id} 的处室“{spelling}”不完整，按 {office.name} 导入",
                                     f"请核对；确认后可在当前任务书中把“{spelling}”加为 {office.name} 的别名"))
        return office

    def _add(self, spelling: str, item: ItemDraft) -> Office:
        number = 1
        while f"new{number}" in self._codes:
            number += 1
        office = Office(normalise_name(spelling), f"new{number}")
        self._codes.add(office.code)
        self._index[_key(spelling)] = office
        self.added.append(NewOffice(office, item))
        item.findings.append(Finding(
            item.line, f"处室“{spelling}”不在当前任务书的处室词表中，已作为新处室加入（代号暂定 {office.code}）",
            "请确认它是新处室，并给一个好记的代号；如果是已有处室的另一种写法，请在当前任务书中把它加为该处室的别名后重新导入",
        ))
        return office


def _key(spelling: str) -> str:
    return normalise_name(spelling).lower()


def resolve_markers(draft: EditionDraft, current: Sequence[Marker]) -> list[MarkerEntry]:
    """The legend as printed, with codes from the current task book; a marker an item
    carries but the legend does not explain is added with a warning."""
    known = {marker.symbol: marker for marker in current}
    used = {symbol for item in draft.items() for symbol in item.markers}
    entries: list[MarkerEntry] = []
    codes = {marker.code for marker in current}

    def code_for(symbol: str) -> str:
        if symbol in known:
            return known[symbol].code
        number = 1
        while f"mark{number}" in codes:
            number += 1
        codes.add(f"mark{number}")
        return f"mark{number}"

    for entry in draft.legend:
        code = code_for(entry.symbol)
        if entry.symbol not in known:
            draft.findings.append(Finding(entry.line, f"标记 {entry.symbol}（{entry.meaning}）是新的，代号暂定 {code}",
                                          "请给它一个好记的英文代号"))
        comment = "" if entry.symbol in used else "本任务书中没有条目带此标记"
        entries.append(MarkerEntry(Marker(entry.symbol, code, entry.meaning), comment))
    explained = {entry.symbol for entry in draft.legend}
    for item in draft.items():
        for symbol in item.markers:
            if symbol in explained:
                continue
            explained.add(symbol)
            meaning = known[symbol].meaning if symbol in known else "（原文说明中没有此标记）"
            item.findings.append(Finding(item.line, f"条目 {item.id} 的标记 {symbol} 在原文的说明中没有解释",
                                         f"已沿用“{meaning}”；请核对"))
            entries.append(MarkerEntry(Marker(symbol, code_for(symbol), meaning), "原文说明中没有此标记"))
    return entries
