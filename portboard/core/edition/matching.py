"""Pair the items of two editions: by `was:`, by id and text, by text alone, then by
nearly the same text. A pair whose ids differ is a renumbered item.

Text is compared with full-width forms folded and spaces and the closing full stop
ignored, so re-typing does not count as rewording.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from portboard.core.edition.matching_entry import Entry

# Below this share of common characters two texts are different items, not one reworded.
SIMILAR_ENOUGH = 0.6


@dataclass(frozen=True)
class Pair:
    old: str
    new: str
    similarity: float  # 1.0 when the texts are the same
    by_was: bool = False


@dataclass
class Pairing:
    pairs: list[Pair] = field(default_factory=list)
    added: list[str] = field(default_factory=list)  # new ids with no old item
    withdrawn: list[str] = field(default_factory=list)  # old ids with no new item

    def old_for(self, new_id: str) -> Pair | None:
        return next((p for p in self.pairs if p.new == new_id), None)


def comparable(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    return "".join(folded.split()).rstrip("。.")


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, comparable(a), comparable(b), autojunk=False).ratio()


def pair_items(old: Sequence[Entry], new: Sequence[Entry], was: Mapping[str, str] | None = None) -> Pairing:
    """Every new item paired with at most one old item and the other way round.
    `was` (new id → old id) are pairings a person wrote down; they come first."""
    old_by_id = {e.id: e for e in old}
    new_by_id = {e.id: e for e in new}
    pairs: dict[str, Pair] = {}  # by new id
    used_old: set[str] = set()

    def take(old_id: str, new_id: str, score: float, by_was: bool = False) -> None:
        pairs[new_id] = Pair(old_id, new_id, score, by_was)
        used_old.add(old_id)

    for new_id, old_id in (was or {}).items():
        if new_id in new_by_id and old_id in old_by_id and old_id not in used_old:
            take(old_id, new_id, similarity(old_by_id[old_id].text, new_by_id[new_id].text), by_was=True)
    # Apart, as an id is often in both editions with different texts.
    old_keys = {e.id: comparable(e.text) for e in old}
    new_keys = {e.id: comparable(e.text) for e in new}
    # Same id, same text.
    for entry in new:
        if entry.id not in pairs and entry.id in old_keys and entry.id not in used_old \
                and old_keys[entry.id] == new_keys[entry.id]:
            take(entry.id, entry.id, 1.0)
    # Same text under another id: the nearest such old item in task book order.
    by_text: dict[str, list[str]] = {}
    for entry in old:
        if entry.id not in used_old:
            by_text.setdefault(old_keys[entry.id], []).append(entry.id)
    for entry in new:
        if entry.id in pairs:
            continue
        candidates = [i for i in by_text.get(new_keys[entry.id], []) if i not in used_old]
        if candidates:
            take(min(candidates, key=lambda i: _distance(i, entry.id)), entry.id, 1.0)
    # Reworded: the most similar remaining pairs, the same id winning a tie.
    left_new = [e for e in new if e.id not in pairs]
    left_old = [e for e in old if e.id not in used_old]
    scored = _similar_pairs([(e.id, old_keys[e.id]) for e in left_old], [(e.id, new_keys[e.id]) for e in left_new])
    for _, score, old_id, new_id in sorted(scored, key=lambda s: (-s[0], s[2], s[3])):
        if new_id not in pairs and old_id not in used_old:
            take(old_id, new_id, score)
    result = Pairing()
    result.pairs = [pairs[e.id] for e in new if e.id in pairs]
    result.added = [e.id for e in new if e.id not in pairs]
    result.withdrawn = [e.id for e in old if e.id not in used_old]
    return result


def _similar_pairs(old: list[tuple[str, str]], new: list[tuple[str, str]]) -> list[tuple[float, float, str, str]]:
    """(rank, similarity, old id, new id) for every pair at least SIMILAR_ENOUGH alike; the
    rank gives the same id a lead that wins a tie.

    Every old text against every new one, so the cheap bounds come first: lengths, then how
    many characters of each text occur in the other at all (str.translate counts them at C
    speed), then difflib's own bounds, and the full comparison only for what passes."""
    deletions = {old_id: dict.fromkeys(map(ord, text)) for old_id, text in old}
    scored = []
    for new_id, new_text in new:
        # One matcher per new text: SequenceMatcher indexes its second sequence, so setting
        # only the first one per pair saves indexing the same text again for every old item.
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(new_text)
        in_new = dict.fromkeys(map(ord, new_text))
        for old_id, old_text in old:
            total = len(old_text) + len(new_text)
            shared = min(len(old_text) - len(old_text.translate(in_new)),
                         len(new_text) - len(new_text.translate(deletions[old_id])))
            if not total or 2 * shared < SIMILAR_ENOUGH * total:
                continue
            matcher.set_seq1(old_text)
            if matcher.real_quick_ratio() < SIMILAR_ENOUGH or matcher.quick_ratio() < SIMILAR_ENOUGH:
                continue
            score = matcher.ratio()
            if score >= SIMILAR_ENOUGH:
                scored.append((score + (0.05 if old_id == new_id else 0.0), score, old_id, new_id))
    return scored


def _distance(a: str, b: str) -> tuple[int, ...]:
    """How far apart two ids are, for choosing among items with the same text."""
    pa, pb = _parts(a), _parts(b)
    return tuple(abs(x - y) for x, y in zip(pa, pb)) if len(pa) == len(pb) else (999,)


def _parts(item_id: str) -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in item_id.split("."))
    except ValueError:
        return (999,)
