"""Every key the board answers to, in one table.

The board's and the columns' bindings, the key bar, the help screen, the command palette
and the README's key table (a test compares them) all come from `KEY_ROWS`: a key added
here is documented everywhere at once, and a key documented anywhere exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType

# Where a row's bindings live: on the board screen, or on each card column.
BOARD = "board"
COLUMN = "column"


@dataclass(frozen=True)
class KeyRow:
    """One line of the help: the keys as people write them, what they do, the bindings
    behind them, and how the command palette offers them."""

    shown: str
    help: str
    bindings: tuple[Binding, ...] = ()
    owner: str = BOARD
    palette: str = ""   # the palette's title for it; "" keeps it out of the palette
    english: str = ""   # words the palette also finds it by, typed without an input method

    @property
    def action(self) -> str | None:
        """The action the palette runs: the first binding's."""
        return self.bindings[0].action if self.bindings else None


def _hidden(keys: str, action: str, description: str) -> Binding:
    return Binding(keys, action, description, show=False, id=action)


KEY_ROWS: tuple[KeyRow, ...] = (
    KeyRow("← → / h l", "在列之间移动",
           (_hidden("left,h", "focus_column(-1)", "左列"), _hidden("right,l", "focus_column(1)", "右列"))),
    KeyRow("↑ ↓ / k j，PgUp PgDn，Home End", "在卡片之间移动",
           (_hidden("up,k", "cursor_up", "上"), _hidden("down,j", "cursor_down", "下"),
            _hidden("pageup", "page_up", "上页"), _hidden("pagedown", "page_down", "下页"),
            _hidden("home", "first", "列首"), _hidden("end", "last", "列尾")),
           owner=COLUMN),
    KeyRow("Shift+→ / L", "卡片移到下一列（立即保存，记入历史）",
           (Binding("shift+right,L", "move(1)", "后移", key_display="⇧→", id="move-right"),),
           palette="后移卡片", english="move right next"),
    KeyRow("Shift+← / H", "卡片移到上一列",
           (Binding("shift+left,H", "move(-1)", "前移", key_display="⇧←", id="move-left"),),
           palette="前移卡片", english="move left back"),
    KeyRow("Enter", "卡片详情：部分、任务、工作要点、全文、牵头和配合处室、标记、进展、历史；Esc 关闭",
           (Binding("enter", "detail", "详情", id="detail"),), palette="卡片详情", english="detail card"),
    KeyRow("n", "为卡片写进展（多行，可用终端的中文输入法；Ctrl+S 保存）。移到\"完成\"时会提示写结项进展",
           (Binding("n", "note", "进展", id="note"),), palette="写进展", english="note progress"),
    KeyRow("o", "按处室筛选（全部 + 各处室）：显示该处室牵头和配合的条目，并标出\"牵头\"/\"配合\"",
           (Binding("o", "pick_office", "处室", id="pick-office"),), palette="按处室筛选", english="office filter"),
    KeyRow("m", "按标记筛选（全部、▲、●、★）",
           (Binding("m", "pick_marker", "标记", id="pick-marker"),), palette="按标记筛选", english="marker filter"),
    KeyRow("t", "按亮灯筛选（全部、红、黄、绿）：落后于序时进度或逾期的条目",
           (Binding("t", "pick_light", "亮灯", id="pick-light"),), palette="按亮灯筛选",
           english="light red yellow green"),
    KeyRow("r", "设定责任人：从看板上已有的姓名中选，或输入新的姓名；也可清除",
           (Binding("r", "assign", "责任人", show=False, id="assign"),), palette="设定责任人",
           english="assign owner responsible"),
    KeyRow("/", "按编号或文字筛选，如输入 2.1 只看任务 2.1；Enter 回到看板，Esc 取消搜索（保留处室、标记筛选）",
           (Binding("slash", "search", "搜索", key_display="/", id="search"),),
           palette="搜索编号或文字", english="search find"),
    KeyRow("Esc", "在看板上：清除所有筛选",
           (Binding("escape", "clear_filters", "清除筛选", show=False, id="clear-filters"),),
           palette="清除筛选", english="clear filters all"),
    KeyRow("u", "撤销本次打开后最近一次移动",
           (Binding("u", "undo", "撤销", id="undo"),), palette="撤销移动", english="undo"),
    KeyRow("a", "显示 / 隐藏已归档的卡片",
           (Binding("a", "toggle_archived", "归档", show=False, id="toggle-archived"),),
           palette="显示/隐藏归档", english="archived"),
    KeyRow("s", "汇总：各处室（牵头、配合）和各部分的条数、完成率和亮灯；← → 换到考评（本月各牵头处室排名）；"
                "Enter 把所选处室设为筛选",
           (Binding("s", "summary", "汇总", show=False, id="summary"),), palette="汇总", english="summary"),
    KeyRow("x", "导出台账或本月、上月的推进情况（← → 选内容），Markdown、CSV、Excel 或 Word，"
                "按当前的处室、标记筛选：终端中保存到当前目录（同名文件不覆盖），浏览器中下载",
           (Binding("x", "export", "导出", id="export"),), palette="导出台账或推进情况",
           english="export download ledger report word"),
    KeyRow("g", "变动记录：当前筛选下各条目的每一次变动（谁、何时、做了什么），最新在前；Enter 看所选条目的详情",
           (Binding("g", "log", "变动记录", show=False, id="log"),), palette="变动记录", english="log history changes"),
    KeyRow("e", "任务书有错误时（看板顶部显示 ⚠）：再看一遍错误说明",
           (Binding("e", "show_taskbook_error", "任务书错误", id="taskbook-error"),),
           palette="任务书错误", english="error taskbook"),
    KeyRow("Ctrl+P", "命令面板：同样的操作"),
    # Textual reads Ctrl+Z as a key, not the terminal's stop signal: without this binding
    # the key people use to put a program aside would do nothing.
    KeyRow("Ctrl+Z", "在终端的看板上：暂停看板，回到命令行；输入 fg 回到看板（浏览器中不可用）",
           (Binding("ctrl+z", "app.suspend_process", "暂停", show=False, id="suspend"),)),
    KeyRow("?", "所有按键",
           (Binding("question_mark", "help", "帮助", key_display="?", id="help"),),
           palette="帮助", english="help keys"),
    KeyRow("q", "退出", (Binding("q", "quit", "退出", id="quit"),), palette="退出", english="quit exit"),
)


# What the marks on a card mean: in the help screen and the README.
LEGEND: tuple[tuple[str, str], ...] = (
    ("▶ / ▷", "▶ 按键作用的卡片（反色显示，所在列的边框加粗）；▷ 其他列中光标停留的卡片（← → 回到这里）"),
    ("▲ ● ★", "标记：2023年市委重点工作、2023年上海市商务工作要点、上海国际航运中心建设2023年重点任务"),
    ("✎N", "这张卡片已记了 N 条进展（Enter 查看）"),
    ("牵头 / 配合", "按处室筛选时，该处室在这一条中是牵头还是配合"),
    ("已归档", "条目已不在当前任务书中（a 显示或隐藏）"),
)


def bindings(owner: str) -> list[BindingType]:
    """The bindings of the board screen (BOARD) or of a card column (COLUMN), in table order."""
    return [binding for row in KEY_ROWS if row.owner == owner for binding in row.bindings]
