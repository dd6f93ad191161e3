"""What the commands print: errors and warnings on stderr, bytes and tables on stdout."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys

from portboard.cells import cell_width, fit, one_line
from portboard.core.card import Card
from portboard.core.errors import PortboardError
from portboard.core.lights import Standing
from portboard.core.model import Status
from portboard.core.printable import visible


def error(exc: PortboardError) -> None:
    print(f"portboard: {exc.message}", file=sys.stderr)


def warn(message: str) -> None:
    print(f"portboard: {visible(message)}", file=sys.stderr)


def write_stdout_bytes(payload: bytes) -> None:
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (an embedding, a test's capture)
        sys.stdout.write(payload.decode("utf-8"))
        return
    buffer.write(payload)
    buffer.flush()


def discard_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (an embedding, a test's capture): nothing left to flush


def json_text(value: object) -> str:
    """JSON for scripts: Chinese as Chinese, and every control character escaped — json
    escapes C0 itself, but would pass C1 controls (which some terminals obey) through raw."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_C1 = re.compile("[\x7f-\x9f]")


def standing_text(where: Standing | None) -> str:
    """A card's light and progress in a few cells: 绿 40%, 红逾期 10%, 100% once 完成."""
    if where is None or where.expected is None:
        return f"{where.progress}%" if where else "-"
    mark = (where.light or "") + ("逾期" if where.overdue else "临近" if where.soon else "")
    return f"{mark} {where.progress}%".strip()


def format_table(cards: list[Card], office: str | None = None,
                 standings: dict[str, Standing] | None = None) -> str:
    """Cards as a table that fits the terminal. The text column gets the room: the office
    columns are cut first on a narrow terminal (the full lists are in `list --json`)."""
    if not cards:
        return "（没有符合条件的条目）"
    term = shutil.get_terminal_size((160, 24)).columns if sys.stdout.isatty() else None
    owners = any(c.owner for c in cards)
    header = ["编号", "状态", "灯/进度", "标记", "牵头处室", "配合处室", *(["责任人"] if owners else []), "工作内容"]
    rows = []
    for c in cards:
        lead = c.lead + ("*" if office == c.lead else "")
        where = (standings or {}).get(c.id)
        rows.append([c.id, c.status.value + ("(归档)" if c.archived else ""), standing_text(where),
                     "".join(c.markers) or "-", lead, "、".join(c.cooperating) or "-",
                     *([c.owner or "-"] if owners else []), c.text])
    rows = [[one_line(visible(cell)) for cell in row] for row in rows]
    fixed = len(header) - 1
    widths = [max(cell_width(r[i]) for r in rows + [header]) for i in range(fixed)]
    lead_col, coop_col = 4, 5
    widths[lead_col] = min(widths[lead_col], 14)  # the longest office name, 自由贸易发展处, and the *
    widths[coop_col] = min(widths[coop_col], 30)
    if term:
        # Leave the text a third of the line: the co-operating offices give way for it.
        text_room = max(20, term // 3)
        spare = term - sum(widths) + widths[coop_col] - 2 * fixed - text_room
        widths[coop_col] = min(widths[coop_col], max(cell_width("配合处室"), spare))
    lines = []
    for row in [header] + rows:
        head = "  ".join(fit(row[i], widths[i]) for i in range(fixed))
        text = row[fixed]
        if term:
            room = max(term - cell_width(head) - 3, 10)
            text = fit(text, room).rstrip()
        lines.append(f"{head}  {text}".rstrip())
    by_status = {s: sum(1 for c in cards if c.status is s) for s in Status}
    lines.append("")
    lines.append(f"共 {len(cards)} 条：" + " · ".join(f"{s.value} {n}" for s, n in by_status.items()))
    if office and any(c.lead == office for c in cards):
        lines.append(f"牵头处室后的 * 表示由 {visible(office)} 牵头（其余为配合）")
    return "\n".join(lines)
