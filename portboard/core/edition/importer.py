"""`portboard import`: a published edition in, a checked task book out, or nothing at all.

The steps: read the source into lines, parse it into a draft, resolve offices and markers
against the current task book, pair items with the current ones by text (for `was:`), write
the YAML, and check it with the same validator `portboard check` uses. Only a task book that
passes is returned; the caller writes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from portboard.core.edition.draft import EditionDraft
from portboard.core.edition.edition_error import EditionError
from portboard.core.edition.emit import emit_taskbook
from portboard.core.edition.emitted_yaml import Emitted
from portboard.core.edition.finding import Finding
from portboard.core.edition.matching import pair_items
from portboard.core.edition.matching_entry import Entry
from portboard.core.edition.parse import parse_edition, section_counts_differ
from portboard.core.edition.plan_window import edition_schedule, schedule_lines
from portboard.core.edition.source import Source, read_source
from portboard.core.edition.vocabulary_mapping import STANDARD_MARKERS, OfficeVocabulary, resolve_markers
from portboard.core.edition.yaml_header import Header
from portboard.core.errors import OutputError, Problem, TaskbookError, UsageError
from portboard.core.model import TaskBook
from portboard.core.storage.atomicfile import replace_atomically


@dataclass
class ImportResult:
    text: str
    book: TaskBook
    warnings: list[Problem]
    repaired_lists: int  # office lists whose brackets were mended (noted in comments)
    aliases: int  # office spellings resolved through an alias (noted in comments)
    renumbered: list[tuple[str, str]] = field(default_factory=list)  # (was, id) written as was:


def import_edition(source_path: Path, current: TaskBook | None, write_was: bool,
                   output_name: Path | None = None, partial: bool = False) -> ImportResult:
    """Read the edition at `source_path`. `current` supplies the office vocabulary and the
    marker codes, and, with `write_was`, the ids to pair items with. Raises EditionError
    (with every problem and warning) when no valid task book can be made. A source whose
    工作要点 and 任务书 have different numbers of sections is refused unless `partial`."""
    source = read_source(source_path)
    vocabulary = OfficeVocabulary(current.offices if current else ())
    symbols = "".join(dict.fromkeys(STANDARD_MARKERS + "".join(m.symbol for m in (current.markers if current else ()))))
    draft = parse_edition(source, symbols, vocabulary.known)
    _check_section_counts(draft, current, partial)
    if not draft.errors:
        vocabulary.resolve(draft)
    warnings = [to_problem(source, f) for f in draft.all_findings() if f.warning]
    if draft.errors:
        raise EditionError([to_problem(source, f) for f in draft.errors] + warnings,
                           title=f"导入失败：原文有 {len(draft.errors)} 处无法读成任务书，未写入任何文件：")
    if not draft.sections:
        raise EditionError(warnings, title="导入失败：原文中没有读到任何任务，未写入任何文件")
    renumbered = _pair_with_current(draft, current) if (write_was and current) else []
    markers = resolve_markers(draft, current.markers if current else ())
    office_comments = {
        added.office.name: Finding(added.first_item.line, f"新处室：首次出现在条目 {added.first_item.id}，"
                                                          f"代号 {added.office.code} 为暂定")
        for added in vocabulary.added
    }
    title = next((f.value for f in draft.document if f.key == "title"), "")
    header = Header(source_path.name, str(current.path) if current else "", bool(write_was and current),
                    tuple(schedule_lines(edition_schedule(title, current))))
    emitted = emit_taskbook(draft, source, vocabulary.used(draft), vocabulary.unused(draft), office_comments,
                            markers, header)
    warnings = [to_problem(source, f) for f in draft.all_findings() if f.warning]
    book = _check(emitted, source, output_name or Path("taskbook.yaml"), warnings)
    _same_as_draft(book, draft)
    items = draft.items()
    return ImportResult(
        text=emitted.text, book=book, warnings=warnings,
        repaired_lists=sum(1 for i in items if any(n.startswith("原文处室列表") for n in i.office_notes)),
        aliases=sum(1 for i in items for n in i.office_notes if n.startswith("原文为")),
        renumbered=renumbered,
    )


def write_taskbook(result: ImportResult, output: Path, force: bool) -> None:
    """Write the checked task book whole or not at all; an existing file only with force."""
    refuse_output(output, force)
    try:
        replace_atomically(output, result.text.encode("utf-8"))
    except OSError as exc:
        raise OutputError(Problem(output, None, f"写入失败：{exc.strerror or exc}",
                                  "请检查目录权限和磁盘空间；原有文件（如有）未改动")) from None


def refuse_output(output: Path, force: bool) -> None:
    """Why `output` cannot be written, checked before the work as well as at the end."""
    if output.is_dir():
        raise UsageError(Problem(output, None, "这是一个目录，不是文件", "请在 -o 中写上文件名，如 taskbook-2024.yaml"))
    if not output.parent.is_dir():
        raise UsageError(Problem(output, None, f"目录 {output.parent} 不存在", "请先创建该目录，或换一个 -o 路径"))
    if output.exists() and not force:
        raise UsageError(Problem(output, None, "文件已存在，未覆盖", "加上 --force 覆盖它，或换一个 -o 文件名"))


def to_problem(source: Source, finding: Finding) -> Problem:
    """A finding as the CLI prints it: file and line for text, file and cell for Word."""
    line = finding.line
    if line is not None and source.encoding == "docx":
        return Problem(f"{source.path}（{source.place(line)}）", None, finding.what, finding.todo)
    return Problem(source.path, line.no if line else None, finding.what, finding.todo)


def _check_section_counts(draft: EditionDraft, current: TaskBook | None, partial: bool) -> None:
    """Sections missing from the 任务书 most often mean a source cut short, and syncing to
    it would archive every card of the sections lost: an error unless `partial` says the
    source is meant to be so (then a warning)."""
    differ = section_counts_differ(draft)
    if differ is None:
        return
    if partial:
        draft.findings.append(differ)
        return
    written = {section.number for section in draft.sections}
    lost = [item for item in (current.items if current else ()) if item.task.section.no not in written]
    sections = "、".join(str(no) for no in sorted({item.task.section.no for item in lost}))
    archive = f"；照此导入，同步时当前任务书第 {sections} 部分的 {len(lost)} 个条目的卡片都会归档" if lost else ""
    draft.errors.append(Finding(differ.line, differ.what + archive,
                                "请核对原文是否完整（如网页没有复制全）；确是如此时加 --force 仍然导入"))


def _pair_with_current(draft: EditionDraft, current: TaskBook) -> list[tuple[str, str]]:
    """Write `was:` on every item that continues a current item under another id."""
    items = {item.id: item for item in draft.items()}
    pairing = pair_items([Entry(i.id, i.text) for i in current.items], [Entry(i.id, i.text) for i in items.values()])
    renumbered = []
    for pair in pairing.pairs:
        if pair.old == pair.new:
            continue
        item = items[pair.new]
        item.was = pair.old
        renumbered.append((pair.old, pair.new))
        if pair.similarity >= 1.0:
            item.was_note = (f"原编号 {pair.old}（文字相同）："
                             f"同步时 {pair.old} 的卡片连同状态、进展和历史移到 {pair.new}")
            continue
        share = f"{pair.similarity:.0%}"
        item.was_note = f"原编号 {pair.old}（文字相近，相似度 {share}）：同步时 {pair.old} 的卡片移到 {pair.new}"
        item.findings.append(Finding(item.line, f"条目 {pair.new} 按相近的文字（相似度 {share}）"
                                                f"对应当前任务书的 {pair.old}，已写 was: {pair.old}",
                                     "请核对确是同一条；如不是，删去 was: 这一行"))
    return renumbered


def _check(emitted: Emitted, source: Source, output: Path, warnings: list[Problem]) -> TaskBook:
    """The emitted text through `portboard check`'s validator; its problems are reported at
    their place in the source, since the output is never written."""
    from portboard.core.taskbook import parse_taskbook

    try:
        return parse_taskbook(emitted.text, output)
    except TaskbookError as exc:
        problems = []
        for problem in exc.problems:
            origin = emitted.source_line(problem.line)
            where = f"（生成的任务书第 {problem.line} 行）" if problem.line else ""
            problems.append(to_problem(source, Finding(origin, problem.what + where, problem.todo)))
        raise EditionError(problems + warnings,
                           title="导入失败：生成的任务书没有通过 portboard check，未写入任何文件：") from None


def _same_as_draft(book: TaskBook, draft: EditionDraft) -> None:
    """The YAML must read back as exactly what was parsed; anything else is a bug here."""
    written = [(i.id, i.text, list(i.offices), list(i.markers)) for i in book.items]
    parsed = [(i.id, i.text, i.offices, i.markers) for i in draft.items()]
    if written != parsed:
        first = next(w for w, p in zip(written + [("", "", [], [])], parsed + [("", "", [], [])]) if w != p)
        raise EditionError(Problem(book.path, None, f"内部错误：生成的任务书读回后与原文不一致（{first[0]}）",
                                   "这是 portboard 的问题，请把原文文件交给维护者"))
