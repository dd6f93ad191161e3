"""Write a draft as taskbook.yaml text: the shipped file's schema, layout and comments.

Every YAML line remembers the source line it came from, so a problem the final check finds
in the (unwritten) output can be reported at its place in the published text.
"""

from __future__ import annotations

import json
import re

from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from portboard.core.edition.draft import EditionDraft
from portboard.core.edition.emitted_yaml import Emitted
from portboard.core.edition.finding import Finding
from portboard.core.edition.item_draft import ItemDraft
from portboard.core.edition.marker_entry import MarkerEntry
from portboard.core.edition.source import Source
from portboard.core.edition.source_line import SourceLine
from portboard.core.edition.task_draft import TaskDraft
from portboard.core.edition.yaml_header import Header
from portboard.core.model import Office
from portboard.core.taskbook import SCHEMA_VERSION

WARNING_SIGN = "⚠"
_RESOLVER = Resolver()
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_FLOW_UNSAFE = set(",[]{}")


def scalar(value: str, flow: bool = False) -> str:
    """`value` as a YAML scalar: plain when it reads back as the same string, else
    double-quoted (JSON's quoting is valid YAML)."""
    plain = (
        value != "" and value == value.strip() and value[0] not in _INDICATORS
        and ": " not in value and " #" not in value and not value.endswith(":")
        and value.isprintable()
        and not (flow and _FLOW_UNSAFE & set(value))
        and _RESOLVER.resolve(ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"
    )
    return value if plain else json.dumps(value, ensure_ascii=False)


def flow_list(values: list[str]) -> str:
    return "[" + ", ".join(scalar(v, flow=True) for v in values) + "]"


class _Writer:
    def __init__(self, source: Source, findings: list[Finding]):
        self.source = source
        self.lines: list[str] = []
        self.origins: list[SourceLine | None] = []
        self.warnings = 0
        self.waiting: dict[int, list[Finding]] = {}  # findings placed by their source line
        for finding in findings:
            self.waiting.setdefault(finding.line.no if finding.line else 0, []).append(finding)

    def line(self, text: str, origin: SourceLine | None = None) -> None:
        self.lines.append(text)
        self.origins.append(origin)

    def comment(self, indent: int, text: str, origin: SourceLine | None = None) -> None:
        self.line(" " * indent + "# " + _one_line(text), origin)

    def findings(self, indent: int, found: list[Finding]) -> None:
        for finding in found:
            where = self.source.place(finding.line)
            sign = f"{WARNING_SIGN} " if finding.warning else ""
            todo = f" — {finding.todo}" if finding.todo else ""
            self.comment(indent, f"{sign}{finding.what}（"
                                 f"原文{where}）{todo}" if where else f"{sign}{finding.what}{todo}",
                         finding.line)
            self.warnings += finding.warning

    def placed_at(self, indent: int, origin: SourceLine | None) -> None:
        """Findings that belong to the element read from `origin`."""
        if origin is not None:
            self.findings(indent, self.waiting.pop(origin.no, []))


def emit_taskbook(draft: EditionDraft, source: Source, offices: list[Office], unused: list[Office],
                  office_comments: dict[str, Finding], markers: list[MarkerEntry], header: Header) -> Emitted:
    body = _Writer(source, draft.findings)
    _document(body, draft)
    for line in header.schedule_lines:
        body.line(line)
    _markers(body, markers)
    _offices(body, offices, unused, office_comments, header)
    body.line("")
    body.line("sections:")
    for section in draft.sections:
        body.line("")
        body.placed_at(2, section.line)
        body.line(f"  - number: {section.number}", section.line)
        body.line(f"    title: {scalar(section.title)}", section.line)
        body.line("    tasks:", section.line)
        for task in section.tasks:
            _task(body, task)
    rest = [f for found in body.waiting.values() for f in found]
    top = _Writer(source, [])
    _header(top, draft, header)
    if rest:
        top.line("#")
        top.comment(0, "导入时的其他提示：")
        top.findings(0, rest)
        top.line("#")
    top.line(f"schema: {SCHEMA_VERSION}")
    top.line("")
    lines, origins = top.lines + body.lines, top.origins + body.origins
    return Emitted("\n".join(lines) + "\n", origins)


def _header(w: _Writer, draft: EditionDraft, header: Header) -> None:
    title = next((f.value for f in draft.document if f.key == "title"), "任务书")
    tasks = draft.tasks()
    span = f"任务 {tasks[0].id} … {tasks[-1].id}" if tasks else "任务"
    vocabulary = (f"处室词表的名称、代号和别名沿用 {header.vocabulary_from}。" if header.vocabulary_from
                  else "没有当前任务书可参照：处室代号都是暂定的，请逐一确认。")
    was = ("与当前任务书按文字对应、编号变了的条目已写上 was:（见各条注释）。" if header.was_written
           else "未与当前任务书对照编号（导入时没有指定 --taskbook），没有写 was:。")
    text = f"""《{title}》 —— portboard 的任务书（唯一权威来源）

由 `portboard import` 从 {header.source_name} 生成。{vocabulary}
{was}
导入时没有把握的地方都标了 “{WARNING_SIGN}”：请对照原件逐一核对，核对后可删去这些注释。

本文件由人维护，portboard 只读不写：你的注释和排版会原样保留。
修改后运行 `portboard check` 检查，再运行 `portboard sync`（或直接打开 `portboard`，
启动时自动同步）把修改带到看板上。

结构
  schema      本文件格式的版本号，目前为 1。
  document    文件信息，按原文照录；原文丢失的字符不补（见各字段注释）。另有两项督办设置：
              period   计划的起止日期 {{start: 开始, due: 结束}}，日期写成 2023-06-30。
                       序时进度 = 已过去的天数占 开始→完成时限 总天数的百分比（向下取整）。
              lights   亮灯的标准（可省略，省略时为 yellow 10、red 30、soon 15）：进度落后于
                       序时进度超过 yellow 个百分点亮黄灯，超过 red 个百分点或已过完成时限亮红灯，
                       否则亮绿灯；离完成时限不足 soon 天且未完成的，标"临近"。已完成的不亮灯。
  markers     标记图例：符号 → 含义；code 是不用中文输入法也能敲的英文代号。
  offices     处室词表：name 为规范名称，code 为英文代号（命令行 --office 可用），
              aliases 为原文中出现的其他写法（简称、括号不全等），都映射到规范名称。
  sections    {len(draft.sections)} 个部分 → tasks（{span}，含工作要点中对应的 key_point）
              → items（任务分工和责任部门中的每一条工作内容）。
  item 字段   id       编号，形如 "2.1.2"（部分.任务.条目）；责任分工只有一段、未编号的任务，
                       其唯一条目为 "x.y.1"。
              was      可选：本条在上一版中的编号。重新编号时写上，看板上的进度随之迁移。
              text     原文措辞，不含开头的序号、标记和结尾的处室列表。
              offices  责任处室，按原文顺序；第一个为牵头处室，其余为配合处室。
                       可写规范名称或 aliases 中的写法。
              markers  可选：标记符号中的若干个。
              due      可选：本条的完成时限（日期）。部分（section）和任务（task）也可以写 due，
                       对其下所有条目生效；条目 > 任务 > 部分 > period.due，取最近的一个。

如何修订计划（看板上的进度绝不会丢）
  - 看板按 id 匹配条目：改 text / offices / markers，卡片原地更新，状态和历史保留，
    并记一条"修订"记录。
  - 新增条目：给一个新的 id，看板上出现一张"未启动"的新卡片。
  - 删除条目：卡片被归档（不删除），状态和历史保留；之后把同一 id 加回来，卡片原样恢复。
  - 重新编号：改好 id，并写上 was: 原编号。同步时原卡片连同状态、进展和历史移到新编号，
    记一条"重新编号"；新编号上原有的卡片（已撤下的条目）改为 "编号~1" 归档，
    历史仍可用 `portboard list --all` 查看。
  - 条目 id 必须以所属任务的 id 开头（3.1 下只能是 3.1.N），且全文唯一。"""
    for line in text.split("\n"):
        w.line(f"# {line}".rstrip())


def _document(w: _Writer, draft: EditionDraft) -> None:
    w.line("document:")
    for f in draft.document:
        if f.comment:  # the field's own comment says what its warning says, in the shipped words
            w.warnings += len(w.waiting.pop(f.line.no, []))
        else:
            w.placed_at(2, f.line)
        value = scalar(f.value)
        if f.key == "published":
            w.line(f"  {f.key}: {value}        # {f.comment}", f.line)
            continue
        if f.comment:
            w.comment(2, f"{WARNING_SIGN} {f.comment}", f.line)
        w.line(f"  {f.key}: {value}", f.line)


def _markers(w: _Writer, markers: list[MarkerEntry]) -> None:
    w.line("")
    w.line("markers:" if markers else "markers: []")
    for entry in markers:
        marker = entry.marker
        w.line(f"  - symbol: {scalar(marker.symbol)}")
        w.line(f"    code: {scalar(marker.code)}")
        comment = f"   # {entry.comment}" if entry.comment else ""
        w.line(f"    meaning: {scalar(marker.meaning)}{comment}")


def _offices(w: _Writer, offices: list[Office], unused: list[Office], comments: dict[str, Finding],
             header: Header) -> None:
    w.line("")
    w.comment(0, "处室词表：名称、代号和别名沿用当前任务书；本版新出现的处室排在最后，代号为暂定（new1、new2…）。"
              if header.vocabulary_from else "处室词表：代号为暂定（new1、new2…），请改成好记的拼音缩写。")
    for office in unused:
        w.comment(0, f"当前任务书中的 {office.name}（{office.code}）在本版中没有出现，未列入。")
    w.line("offices:")
    for office in offices:
        if office.name in comments:
            w.findings(2, [comments[office.name]])
        w.line(f"  - name: {scalar(office.name)}")
        w.line(f"    code: {scalar(office.code)}")
        if office.aliases:
            w.line(f"    aliases: {flow_list(list(office.aliases))}")


def _task(w: _Writer, task: TaskDraft) -> None:
    w.findings(6, task.findings)
    w.placed_at(6, task.line)
    w.line(f"      - id: {json.dumps(task.id)}", task.line)
    w.line(f"        title: {scalar(task.title)}", task.line)
    point = task.key_point
    origin = point.line if point else task.line
    w.line("        key_point:", origin)
    w.line(f"          number: {point.number if point else 0}", origin)
    w.line(f"          text: {scalar(point.text if point else task.title)}", origin)
    # An empty list, so that `portboard check` names the task that has no items.
    w.line("        items:" if task.items else "        items: []", task.line)
    for item in task.items:
        _item(w, item)


def _item(w: _Writer, item: ItemDraft) -> None:
    w.findings(10, item.findings)
    w.placed_at(10, item.line)
    w.line(f"          - id: {json.dumps(item.id)}", item.line)
    if item.was:
        w.line(f"            was: {json.dumps(item.was)}  # {_one_line(item.was_note)}", item.line)
    if item.markers:
        w.line(f"            markers: {flow_list(item.markers)}", item.line)
    w.line(f"            text: {scalar(item.text)}", item.line)
    notes = f"  # {_one_line('；'.join(item.office_notes))}" if item.office_notes else ""
    w.line(f"            offices: {flow_list(item.offices)}{notes}", item.line)


def _one_line(text: str) -> str:
    return re.sub(r"\s*[\r\n]+\s*", " ", text)
