"""`portboard import` and `portboard diff`: a new edition of the task book, and what a sync
to it would do. Neither opens the board."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from portboard import paths
from portboard.cli.parser import EXIT_OK
from portboard.core.errors import Problem, TaskbookError, UsageError

if TYPE_CHECKING:
    from portboard.core.edition.diff import BookDiff, ItemChange


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    importing = sub.add_parser(
        "import", parents=[common], help="把新一版任务书（网页文字 .txt 或 Word .docx）转成任务书 YAML",
        description="把下发的新一版任务书转成任务书 YAML，并用 portboard check 检查；检查不通过时不写任何文件。"
                    "处室的名称、代号和别名沿用当前任务书（--taskbook，默认 data/taskbook.yaml）；"
                    "写了 --taskbook 时，还按文字对照当前任务书，给编号变了的条目写上 was:，同步时进度随之迁移。",
    )
    importing.add_argument("source", metavar="SOURCE",
                           help="网页上复制的正文（.txt：UTF-8、GB18030，或记事本存的 Unicode 即 UTF-16）"
                                "或下发的 Word 文件（.docx）")
    importing.add_argument("-o", "--output", metavar="OUTPUT.yaml", required=True, help="写入的任务书文件")
    importing.add_argument("--force", action="store_true",
                           help="OUTPUT 已存在时覆盖它；原文的工作要点与任务书部分数不同（原文可能不全）时也照样导入")
    comparing = sub.add_parser(
        "diff", parents=[common], help="比较两份任务书：同步会新增、撤下、改写、重新编号哪些条目",
        description="逐条列出从 OLD 同步到 NEW 时看板会发生的变化，供替换任务书之前核对。"
                    "有差异也返回 0；只有文件无法读取或不是有效任务书时返回 1。",
    )
    comparing.add_argument("old", metavar="OLD.yaml", help="当前的任务书")
    comparing.add_argument("new", metavar="NEW.yaml", help="新的任务书")
    comparing.add_argument("--json", action="store_true", help="输出 JSON（供脚本使用）")
    importing.set_defaults(run=run)
    comparing.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.command == "import":
        return cmd_import(Path(args.source).expanduser(), Path(args.output).expanduser(), args.force,
                          getattr(args, "taskbook", None))
    return cmd_diff(Path(args.old).expanduser(), Path(args.new).expanduser(), args.json)


def cmd_import(source: Path, output: Path, force: bool, named_taskbook: str | None) -> int:
    from portboard.core.edition.importer import import_edition, refuse_output, write_taskbook
    from portboard.core.taskbook import load_taskbook

    current_path = paths.taskbook_path(named_taskbook)
    for own in (current_path, source):
        if output.resolve() == own.resolve():
            raise UsageError(Problem(output, None, "不能把导入结果写到它自己的来源上（当前任务书或原文）",
                                     "请写到另一个文件，用 portboard diff 核对后再替换"))
    refuse_output(output, force)
    current = None
    if named_taskbook is not None or current_path.exists():
        try:
            current = load_taskbook(current_path)
        except TaskbookError as exc:
            raise TaskbookError(exc.problems, title="当前任务书有错误，无法沿用它的处室词表（修好它，"
                                                    "或用 --taskbook 指定另一份）：") from None
    result = import_edition(source, current, write_was=named_taskbook is not None, output_name=output, partial=force)
    write_taskbook(result, output, force)
    counts = result.book.counts()
    _say(f"已写入 {output}：部分 {counts['sections']} · 任务 {counts['tasks']} · 条目 {counts['items']} · "
         f"处室 {counts['offices']}（已通过 portboard check）")
    if current is None:
        _say(f"没有找到当前任务书 {current_path}：处室代号都是暂定的（new1、new2…），请逐一确认")
    else:
        _say(f"处室词表沿用 {current.path}；处室列表括号不全已补正 {result.repaired_lists} 处，"
             f"按别名对应 {result.aliases} 处（都已在文件中注释）")
    if named_taskbook is None:
        _say("没有指定 --taskbook，未按文字对照编号，没有写 was:（修订同一看板时请加 --taskbook 当前任务书）")
    elif result.renumbered:
        moves = "、".join(f"{old} → {new}" for old, new in result.renumbered)
        _say(f"重新编号 {len(result.renumbered)} 条，已写 was:，同步时进度随卡片迁移：{moves}")
    else:
        _say("与当前任务书相比没有重新编号的条目")
    if result.warnings:
        _say(f"警告 {len(result.warnings)} 条（文件中以 ⚠ 标出，请对照原件逐一核对）：", err=True)
        for problem in result.warnings:
            _say(f"  {problem}", err=True)
    else:
        _say("没有警告")
    return EXIT_OK


def cmd_diff(old_path: Path, new_path: Path, as_json: bool) -> int:
    from portboard.core.edition.diff import diff_taskbooks
    from portboard.core.taskbook import load_taskbook

    problems: list[Problem] = []
    books = []
    for path in (old_path, new_path):
        try:
            books.append(load_taskbook(path))
        except TaskbookError as exc:
            problems += exc.problems
    if problems:
        raise TaskbookError(problems, title="无法比较：")
    diff = diff_taskbooks(books[0], books[1])
    if as_json:
        _say(json.dumps(diff.as_json(), ensure_ascii=False, indent=2))
    else:
        _say(render_diff(diff))
    return EXIT_OK


def render_diff(diff: BookDiff) -> str:
    counts = diff.counts()
    lines = [f"从 {diff.old} 同步到 {diff.new}：",
             (f"条目：新增 {counts['added']} · 撤下 {counts['withdrawn']} · 重新编号 {counts['renumbered']} · "
              f"改写 {counts['reworded']} · 处室变化 {counts['offices']}（牵头变化 {counts['lead']}） · "
              f"标记变化 {counts['markers']} · 完成时限变化 {counts['due']} · 不变 {counts['unchanged']}")]
    if not diff.items and not diff.tasks:
        lines.append("两份任务书的条目完全相同，同步不会改动看板。")
    for entry in diff.items:
        lines.append("")
        lines += _entry_lines(entry)
    shifted = [t for t in diff.tasks if t.change == "key_point" and "文字" not in t.after]
    other = [t for t in diff.tasks if t not in shifted]
    if other or shifted:
        lines.append("")
        lines.append("任务：")
    words = {"added": "新增", "withdrawn": "撤下", "title": "标题改为", "key_point": "工作要点"}
    for task in other:
        detail = {"added": task.after, "withdrawn": task.before,
                  "title": f"“{task.before}” → “{task.after}”", "key_point": f"{task.before} → {task.after}"}
        lines.append(f"  {task.id} {words[task.change]}：{detail[task.change]}")
    if shifted:
        lines.append(f"  {len(shifted)} 项任务只是工作要点的编号变了（{shifted[0].id} … {shifted[-1].id}）；"
                     "同步时这些任务下的卡片各记一条修订")
    return "\n".join(lines)


def _entry_lines(entry: ItemChange) -> list[str]:
    offices = "、".join(entry.offices)
    if entry.change == "added":
        lines = [f"新增 {entry.id}：{entry.text}", f"    处室：{offices}（牵头 {entry.offices[0]}）"]
        if entry.markers:
            lines.append(f"    标记：{''.join(entry.markers)}")
    elif entry.change == "withdrawn":
        lines = [f"撤下 {entry.id}：{entry.text}", f"    {entry.fate}"]
    else:
        head = f"{entry.was} → {entry.id}" if entry.was else entry.id
        lines = [f"{head}：{entry.text}" if entry.text_change is None else head]
        if entry.was:
            how = "文字相同" if entry.similarity >= 1 else f"文字相近，相似度 {entry.similarity:.0%}"
            moved = "已写 was:，同步时进度随卡片迁移" if entry.was_written else "没有写 was:"
            lines.append(f"    重新编号（{how}；{moved}）")
        if entry.text_change is not None:
            lines.append("    改写：" + _marked(entry.text_change))
        if entry.offices_change is not None:
            before, after = entry.offices_change
            added = [o for o in after if o not in before]
            removed = [o for o in before if o not in after]
            what = "；".join(part for part in (f"增加 {'、'.join(added)}" if added else "",
                                               f"减少 {'、'.join(removed)}" if removed else "") if part)
            lines.append("    处室："
                         f"{'、'.join(before)} → {'、'.join(after)}" + (f"（{what}）" if what else "（顺序改变）"))
            if entry.lead_change is not None:
                lines.append(f"    牵头处室改变：{entry.lead_change[0]} → {entry.lead_change[1]}")
        if entry.markers_change is not None:
            before, after = entry.markers_change
            lines.append(f"    标记：{''.join(before) or '（无）'} → {''.join(after) or '（无）'}")
        if entry.due_change is not None:
            lines.append(f"    完成时限：{entry.due_change[0] or '（无）'} → {entry.due_change[1] or '（无）'}")
    if entry.warning:
        lines.append(f"    ⚠ {entry.warning}")
    return lines


def _marked(segments: list[tuple[str, str]], context: int = 12) -> str:
    """Changed words inline: [-removed-]{+added+}; long unchanged stretches shortened."""
    out = []
    for i, (kind, text) in enumerate(segments):
        if kind == "-":
            out.append(f"[-{text}-]")
        elif kind == "+":
            out.append(f"{{+{text}+}}")
        elif len(text) > 2 * context:
            head = text[:context] if i > 0 else ""
            tail = text[-context:] if i < len(segments) - 1 else ""
            out.append(f"{head}…{tail}")
        else:
            out.append(text)
    return "".join(out)


def _say(text: str, err: bool = False) -> None:
    """Print text that comes from files: control characters shown as escapes, never sent."""
    shown = "".join(c if c.isprintable() or c == "\n" else f"\\u{ord(c):04x}" for c in text)
    print(shown, file=sys.stderr if err else sys.stdout)
