"""What a sync from one task book to another would do, item by item, for review.

Items are paired as a person would pair them (`was:`, then id and text, then text alone,
then nearly the same text), so a renumbered item shows as `3.1.5 → 3.1.4` rather than as
one item withdrawn and another added. Where the sync itself, which goes by id and `was:`,
would do something else — a renumbering without `was:`, a new item on a withdrawn item's
id — the entry says so.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from portboard.core.edition.matching import comparable, pair_items
from portboard.core.edition.matching_entry import Entry
from portboard.core.edition.task_change import TaskChange
from portboard.core.model import Item, Task, TaskBook
from portboard.core.renumbering import DISPLACED_MARK

Segment = tuple[str, str]  # ("=", kept) / ("-", removed) / ("+", added)


@dataclass
class ItemChange:
    change: str  # "added", "withdrawn" or "changed"
    id: str  # the id in the new task book (the old one for a withdrawn item)
    text: str
    offices: list[str]
    markers: list[str]
    was: str | None = None  # the old id, when it differs
    was_written: bool = False  # the new task book says so with `was:`
    similarity: float = 1.0
    text_change: list[Segment] | None = None
    offices_change: tuple[list[str], list[str]] | None = None
    markers_change: tuple[list[str], list[str]] | None = None
    due_change: tuple[str | None, str | None] | None = None  # YYYY-MM-DD, before → after
    warning: str = ""  # where the sync would not do what the pairing means
    fate: str = "同步时卡片归档，状态、进展和历史保留"  # what sync does with a withdrawn item's card

    @property
    def lead_change(self) -> tuple[str, str] | None:
        if self.offices_change is None:
            return None
        before, after = self.offices_change
        return (before[0], after[0]) if before[:1] != after[:1] else None


@dataclass
class BookDiff:
    old: str
    new: str
    items: list[ItemChange] = field(default_factory=list)
    tasks: list[TaskChange] = field(default_factory=list)
    unchanged: int = 0

    def counts(self) -> dict[str, int]:
        changed = [i for i in self.items if i.change == "changed"]
        return {
            "added": sum(i.change == "added" for i in self.items),
            "withdrawn": sum(i.change == "withdrawn" for i in self.items),
            "renumbered": sum(i.was is not None for i in changed),
            "reworded": sum(i.text_change is not None for i in changed),
            "offices": sum(i.offices_change is not None for i in changed),
            "lead": sum(i.lead_change is not None for i in changed),
            "markers": sum(i.markers_change is not None for i in changed),
            "due": sum(i.due_change is not None for i in changed),
            "unchanged": self.unchanged,
        }

    def as_json(self) -> dict:
        def item(entry: ItemChange) -> dict:
            data: dict = {"change": entry.change, "id": entry.id, "text": entry.text,
                          "offices": entry.offices, "markers": entry.markers}
            if entry.was is not None:
                data["renumbered"] = {"from": entry.was, "to": entry.id, "was_written": entry.was_written,
                                      "similarity": round(entry.similarity, 3)}
            if entry.text_change is not None:
                data["reworded"] = [list(s) for s in entry.text_change]
            if entry.offices_change is not None:
                data["offices_changed"] = {"from": entry.offices_change[0], "to": entry.offices_change[1]}
                lead = entry.lead_change
                data["lead_changed"] = {"from": lead[0], "to": lead[1]} if lead else None
            if entry.markers_change is not None:
                data["markers_changed"] = {"from": entry.markers_change[0], "to": entry.markers_change[1]}
            if entry.due_change is not None:
                data["due_changed"] = {"from": entry.due_change[0], "to": entry.due_change[1]}
            if entry.change == "withdrawn":
                data["sync"] = entry.fate
            if entry.warning:
                data["warning"] = entry.warning
            return data

        return {"old": self.old, "new": self.new, "counts": self.counts(),
                "items": [item(e) for e in self.items],
                "tasks": [{"id": t.id, "change": t.change, "from": t.before, "to": t.after} for t in self.tasks]}


def diff_taskbooks(old: TaskBook, new: TaskBook) -> BookDiff:
    result = BookDiff(str(old.path), str(new.path))
    old_items = {i.id: i for i in old.items}
    new_items = {i.id: i for i in new.items}
    was = {i.id: i.was for i in new.items if i.was}
    pairing = pair_items([Entry(i.id, i.text) for i in old.items], [Entry(i.id, i.text) for i in new.items], was)
    for item in new.items:
        pair = pairing.old_for(item.id)
        if pair is None:
            entry = ItemChange("added", item.id, item.text, list(item.offices), list(item.markers))
            if item.id in old_items:  # a withdrawn item's id, taken by a new one
                entry.warning = (f"编号 {item.id} 原是另一条工作（已撤下）："
                                 "同步会把那张卡片改写成这条，沿用它的状态和历史；"
                                 "如不想这样，请给这条新工作另一个编号")
            result.items.append(entry)
            continue
        change = _compare(old_items[pair.old], item, pair.similarity, pair.by_was, old_items)
        if change is None:
            result.unchanged += 1
        else:
            result.items.append(change)
    for old_id in pairing.withdrawn:
        gone = old_items[old_id]
        entry = ItemChange("withdrawn", old_id, gone.text, list(gone.offices), list(gone.markers))
        taker = pairing.old_for(old_id) if old_id in new_items else None
        if taker is not None and taker.by_was:
            entry.fate = (f"同步时卡片改用 {old_id}{DISPLACED_MARK}1 归档（"
                          f"编号让给原 {taker.old}），状态、进展和历史保留")
        elif old_id in new_items:
            entry.fate = f"同步时这张卡片会被改写成新的 {old_id}（见上）"
            entry.warning = f"它的状态、进展和历史会算到另一条工作上；见上 {old_id} 的说明"
        result.items.append(entry)
    result.tasks = _task_changes(old.tasks, new.tasks)
    return result


def _compare(before: Item, after: Item, similarity: float, by_was: bool,
             old_items: dict[str, Item]) -> ItemChange | None:
    entry = ItemChange("changed", after.id, after.text, list(after.offices), list(after.markers),
                       similarity=similarity, was_written=by_was)
    if before.id != after.id:
        entry.was = before.id
        if not by_was:
            fate = (f"把 {after.id} 原来的卡片（另一条工作）改写成这条" if after.id in old_items
                    else f"新建 {after.id}（未启动）")
            entry.warning = (f"新任务书中这一条没有写 was: \"{before.id}\"：同步会{fate}，{before.id} 的卡片归档、"
                             f"进度不随之迁移。请加上 was: \"{before.id}\"")
    if comparable(before.text) != comparable(after.text) or before.text != after.text:
        entry.text_change = word_changes(before.text, after.text)
    if before.offices != after.offices:
        entry.offices_change = (list(before.offices), list(after.offices))
    if before.markers != after.markers:
        entry.markers_change = (list(before.markers), list(after.markers))
    if before.due != after.due:
        entry.due_change = (before.due.isoformat() if before.due else None,
                            after.due.isoformat() if after.due else None)
    if entry.was is None and entry.text_change is None and entry.offices_change is None \
            and entry.markers_change is None and entry.due_change is None:
        return None
    return entry


def word_changes(before: str, after: str) -> list[Segment]:
    """The changed words of `after` against `before`. Chinese has no spaces between words,
    so characters are compared; a single unchanged character between two changes is folded
    into them, which reads as one changed phrase instead of confetti."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    segments: list[Segment] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(("=", before[a1:a2]))
            continue
        if a2 > a1:
            segments.append(("-", before[a1:a2]))
        if b2 > b1:
            segments.append(("+", after[b1:b2]))
    return _fold_short_runs(segments)


def _fold_short_runs(segments: list[Segment]) -> list[Segment]:
    folded: list[Segment] = []
    for i, (kind, text) in enumerate(segments):
        between = 0 < i < len(segments) - 1 and segments[i - 1][0] != "=" and segments[i + 1][0] != "="
        if kind == "=" and len(text) == 1 and between:
            folded += [("-", text), ("+", text)]
        else:
            folded.append((kind, text))
    merged: list[Segment] = []
    removed, added = "", ""
    for kind, text in folded + [("=", "")]:
        if kind == "-":
            removed += text
        elif kind == "+":
            added += text
        else:
            merged += [("-", removed)] if removed else []
            merged += [("+", added)] if added else []
            removed, added = "", ""
            if text:
                merged.append(("=", text))
    return merged


def _task_changes(old: tuple[Task, ...], new: tuple[Task, ...]) -> list[TaskChange]:
    before = {t.id: t for t in old}
    after = {t.id: t for t in new}
    changes: list[TaskChange] = []
    for task in new:
        was = before.get(task.id)
        if was is None:
            changes.append(TaskChange(task.id, "added", "", f"{task.title}（工作要点第 {task.key_point.no} 条）"))
            continue
        if was.title != task.title:
            changes.append(TaskChange(task.id, "title", was.title, task.title))
        if was.key_point != task.key_point:
            changes.append(TaskChange(task.id, "key_point", f"第 {was.key_point.no} 条", f"第 {task.key_point.no} 条"
                                      + ("（文字有改动）" if was.key_point.text != task.key_point.text else "")))
    changes += [TaskChange(t.id, "withdrawn", t.title, "") for t in old if t.id not in after]
    return changes
