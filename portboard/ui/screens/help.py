"""Every key the board answers to, in one list."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

KEYS = [
    ("← → / h l", "在列之间移动焦点"),
    ("↑ ↓ / k j", "在卡片之间移动焦点"),
    ("PgUp PgDn / Home End", "翻页 / 到列首列尾"),
    ("Shift+→ / L", "把卡片移到下一列（持久保存）"),
    ("Shift+← / H", "把卡片移到上一列（持久保存）"),
    ("u", "撤销本次打开后最近一次移动"),
    ("Enter", "查看卡片详情（Esc 关闭）"),
    ("n", "为卡片写进展"),
    ("o", "按处室筛选（全部 + 各处室）"),
    ("m", "按标记筛选（全部、▲、●、★）"),
    ("/", "按编号或文字筛选，如输入 2.1；Enter 回到看板，Esc 取消搜索"),
    ("Esc", "在看板上：清除所有筛选（处室、标记、搜索）"),
    ("a", "显示 / 隐藏已归档卡片"),
    ("s", "汇总：各处室、各部分的进度；Enter 把所选处室设为筛选"),
    ("e", "任务书有错误时：再看一遍错误说明"),
    ("x", "导出台账：Markdown、CSV 或 Excel"),
    ("Ctrl+P", "命令面板：同样的操作"),
    ("?", "本帮助"),
    ("q", "退出"),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "close", "关闭")]

    def compose(self) -> ComposeResult:
        table = Table(show_header=True, header_style="bold", box=None, padding=(0, 2))
        table.add_column("按键", no_wrap=True)
        table.add_column("作用")
        for key, what in KEYS:
            table.add_row(key, what)
        with VerticalScroll(id="help-body") as body:
            body.border_title = "按键"
            yield Static(table)
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
