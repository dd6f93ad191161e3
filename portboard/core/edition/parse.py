"""An edition's lines split into its parts and read into a draft.

The published document is: the notice (title, 文号, addressee, body, issuer, date), the
工作要点 under its heading, the 任务书 under its heading, its legend (说明: ▲为…), and on
the web page a footer (来源:…, the comment form). Each part has its own reader.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from portboard.core.edition.assignments import AssignmentReader
from portboard.core.edition.document_field import DocumentField
from portboard.core.edition.draft import EditionDraft
from portboard.core.edition.finding import Finding
from portboard.core.edition.keypoints import attach_key_points, read_key_points, section_heading
from portboard.core.edition.legend_entry import LegendEntry
from portboard.core.edition.notice import read_notice, read_source_line
from portboard.core.edition.source import Source
from portboard.core.edition.source_line import SourceLine

_KEY_POINTS_HEADING = re.compile(r"^[^《》]{0,40}工作要点$")
_TASK_BOOK_HEADING = re.compile(r"^[^《》]{0,40}任务书$")
_LEGEND_HEADING = re.compile(r"^(?:说明|注)\s*(?:[:：]\s*(.*))?$")
_TASK_ID = re.compile(r"^\d+\s*[.．]\s*\d+$")
_NOTICE_TITLE = re.compile(r"^关于.{0,80}通知$")


def parse_edition(source: Source, markers: str, known: Callable[[str], bool]) -> EditionDraft:
    """Read `source`. `markers` are the symbols an item may start with; `known` says
    whether a spelling names an office of the current vocabulary."""
    draft = EditionDraft()
    lines = list(source.lines)
    for line in lines:
        if line.dropped:
            draft.findings.append(Finding(line, f"这一行有控制字符 {line.dropped}，已删去", "请核对这一行的文字"))
    # Both headings come before the 任务书's first task (a legend line can end in 工作要点 too).
    first_task = _find(lines, lambda text: _TASK_ID.match(text))
    if first_task is None:
        draft.errors.append(Finding(None, "找不到任务书：原文中没有形如 “1.1” 的任务编号",
                                    "请确认这是《任务书》的全文（网页复制的文字或下发的 Word 文件）"))
        return draft
    key_points_at = _find(lines, _KEY_POINTS_HEADING.match, end=first_task)
    book_at = _find(lines, _TASK_BOOK_HEADING.match, start=key_points_at + 1 if key_points_at is not None else 0,
                    end=first_task)
    if book_at is None:
        # Only the 任务书 itself (a table pasted alone): it starts one line before its first task.
        book_at = max(first_task - 2, -1)
    legend_at = _find(lines, lambda text: bool(_LEGEND_HEADING.match(text) or _legend_entry(text, markers)),
                      start=book_at + 1)
    lines, legend_at = _only_the_first_document(lines, first_task, legend_at, markers, draft)
    end = legend_at if legend_at is not None else len(lines)
    notice_end = key_points_at if key_points_at is not None else max(book_at, 0)
    title = lines[book_at] if book_at >= 0 and _TASK_BOOK_HEADING.match(lines[book_at].text) else None

    document, found = read_notice(lines[:notice_end], title)
    draft.document = document
    draft.findings += found
    if not any(f.key == "title" for f in document):
        name = source.path.stem
        draft.document.insert(0, DocumentField("title", name, lines[0]))
        draft.findings.append(Finding(None, f"原文中找不到以“任务书”结尾的标题，文件信息的 title 暂用文件名“{name}”",
                                      "请在输出文件中改为任务书的正式名称"))
    if key_points_at is not None:
        read_key_points(lines[key_points_at + 1:book_at], draft)
    else:
        draft.findings.append(Finding(lines[book_at] if book_at >= 0 else None, "原文中没有《工作要点》部分",
                                      "各任务的工作要点暂用任务标题；请核对"))
    AssignmentReader(draft, markers, known).read(lines[book_at + 1:end])
    if legend_at is not None:
        _read_legend_and_footer(lines[legend_at:], draft, markers)
    attach_key_points(draft)
    _compare_section_titles(draft)
    _check_paired_marks(draft)
    _move_key_point_findings_to_tasks(draft)
    return draft


def _only_the_first_document(lines: list[SourceLine], first_task: int, legend_at: int | None, markers: str,
                             draft: EditionDraft) -> tuple[list[SourceLine], int | None]:
    """The lines up to a second document, if the source holds one: an error, since which of
    the two is meant cannot be guessed, and the second would otherwise be silently dropped."""
    second = _second_document(lines, first_task, legend_at, markers)
    if second is None:
        return lines, legend_at
    start = lines[second].text
    shown = start if len(start) <= 30 else start[:30] + "…"
    draft.errors.append(Finding(lines[second], f"这一行起是另一份文件（“{shown}”）："
                                               "前面已有一份完整的任务书，一次只能导入一份",
                                "请只保留要导入的那一份（通常是最新的修订稿），删去其余部分后再导入"))
    return lines[:second], legend_at if legend_at is not None and legend_at < second else None


def _second_document(lines: list[SourceLine], first_task: int, legend_at: int | None, markers: str) -> int | None:
    """Where a second document starts (a revised copy pasted below the first), if one does.

    Among the first one's tasks, a notice's title or a 工作要点 / 任务书 heading; after its
    legend, also a key-point section or a task number — none of which the legend or the
    web page's footer (来源:…, the comment form) holds. A legend line may end in 工作要点
    (●为…商务工作要点), so legend lines are passed over."""
    def heading(text: str) -> bool:
        return bool(_NOTICE_TITLE.match(text) or _KEY_POINTS_HEADING.match(text) or _TASK_BOOK_HEADING.match(text))

    tasks_end = legend_at if legend_at is not None else len(lines)
    found = _find(lines, heading, start=first_task + 1, end=tasks_end)
    if found is not None or legend_at is None:
        return found
    return _find(lines, lambda text: not (_LEGEND_HEADING.match(text) or _legend_entry(text, markers)) and bool(
        heading(text) or _TASK_ID.match(text) or section_heading(text)), start=legend_at + 1)


def _move_key_point_findings_to_tasks(draft: EditionDraft) -> None:
    """What was found in a key point is shown with the task that carries it."""
    tasks_by_line = {task.key_point.line.no: task for task in draft.tasks() if task.key_point is not None}
    kept = []
    for finding in draft.findings:
        task = tasks_by_line.get(finding.line.no) if finding.line is not None else None
        if task is not None:
            task.findings.append(finding)
        else:
            kept.append(finding)
    draft.findings = kept


def _find(lines: list[SourceLine], test: Callable[[str], object], start: int = 0, end: int | None = None) -> int | None:
    for i in range(start, len(lines) if end is None else end):
        if test(lines[i].text):
            return i
    return None


def _legend_entry(text: str, markers: str) -> tuple[str, str] | None:
    """`▲为2023年市委重点工作;` → (▲, 2023年市委重点工作)."""
    match = re.match(r"^(\S)\s*[为是:：]\s*(.+?)[;；。,，]?$", text)
    if match is None or match.group(1) not in markers:
        return None
    return match.group(1), match.group(2).strip()


def _read_legend_and_footer(lines: list[SourceLine], draft: EditionDraft, markers: str) -> None:
    for line in lines:
        field = read_source_line(line)
        if field is not None:
            draft.document.append(field)
            return  # the rest of the web page (the comment form) is not part of the document
        heading = _LEGEND_HEADING.match(line.text)
        texts = [heading.group(1) or ""] if heading else [line.text]
        for text in texts:
            for part in re.split(r"[;；]", text):
                entry = _legend_entry(part.strip(), markers)
                if entry is not None and all(e.symbol != entry[0] for e in draft.legend):
                    draft.legend.append(LegendEntry(entry[0], entry[1], line))


def _compare_section_titles(draft: EditionDraft) -> None:
    """The 工作要点 and the 任务书 number their sections alike and should title them alike."""
    for section in draft.sections:
        in_plan = draft.key_point_sections.get(section.number)
        if in_plan is not None and in_plan[0] != section.title:
            draft.findings.append(Finding(section.line, f"第 {section.number} 部分的标题在任务书中为“{section.title}”，"
                                                        f"在工作要点中为“{in_plan[0]}”", "已取任务书中的标题；请核对"))
    for task in draft.tasks():
        point = task.key_point
        section_no = int(task.id.split(".")[0])
        if point is not None and draft.key_point_sections and point.section_no != section_no:
            task.findings.append(Finding(task.line, f"任务 {task.id} 的工作要点（第 {point.number} 条）在工作要点的第 "
                                                    f"{point.section_no} 部分，而不是第 {section_no} 部分",
                                         "请核对工作要点和任务书的对应关系"))


def section_counts_differ(draft: EditionDraft) -> Finding | None:
    """Whether the 工作要点 and the 任务书 have different numbers of sections, a sign that
    part of the source was lost (a copy of the page that stopped half-way), with the first
    section only one of them has."""
    planned = draft.key_point_sections
    if not planned or len(planned) == len(draft.sections):
        return None
    written = {section.number for section in draft.sections}
    only_planned = [no for no in planned if no not in written]
    only_written = [section for section in draft.sections if section.number not in planned]
    what = f"工作要点有 {len(planned)} 个部分，任务书有 {len(draft.sections)} 个部分"
    if only_planned:
        missing = "、".join(str(no) for no in only_planned)
        return Finding(planned[only_planned[0]][1], f"{what}：任务书中没有第 {missing} 部分", "请核对原文是否完整")
    extra = "、".join(str(section.number) for section in only_written)
    return Finding(only_written[0].line if only_written else None, f"{what}：工作要点中没有第 {extra} 部分",
                   "请核对原文是否完整")


_PAIRS = {"“": "”", "《": "》", "(": ")", "（": "）"}


def unpaired_mark(text: str) -> str | None:
    """The first quotation mark or bracket that is not closed in order, if any: a sign that
    the page lost a character (as in `推广提前申报”“两步申报`)."""
    closers = {close: open_ for open_, close in _PAIRS.items()}
    stack: list[str] = []
    for char in text:
        if char in _PAIRS:
            stack.append(char)
        elif char in closers:
            if not stack or stack[-1] != closers[char]:
                return char
            stack.pop()
    return stack[0] if stack else None


def _check_paired_marks(draft: EditionDraft) -> None:
    """Text is imported as printed; a person should still know where it looks damaged."""
    for point in draft.key_points:
        mark = unpaired_mark(point.text)
        if mark is not None:
            draft.findings.append(Finding(point.line, f"工作要点第 {point.number} 条中的 {mark} 不成对，"
                                                      "原文可能丢了字符",
                                          "已照录；请对照原件核对"))
    for item in draft.items():
        mark = unpaired_mark(item.text)
        if mark is not None:
            item.findings.append(Finding(item.line, f"条目 {item.id} 的文字中的 {mark} 不成对，原文可能丢了字符",
                                         "已照录；请对照原件核对"))
