"""Terminal control characters never leave portboard raw.

A note, a task book line or a hand-edited board.json may hold an ESC or another control
character; written to a terminal it could clear other people's screens or retitle their
windows. Typed text with one is refused at the door (see `first_control`); text already in a
file is shown with the character made visible (`visible`) wherever it leaves portboard —
screen, command output, reports, error messages — while the file keeps what it holds.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and the C1 controls (which some terminals obey
# when they arrive UTF-8 encoded).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Line breaks other than \n that would split a line on screen: CR, and Unicode's own.
_ODD_BREAKS = re.compile("[\u2028\u2029]")


def picture(ch: str) -> str:
    """How one control character is shown: the Unicode control picture for C0 and DEL
    (␛ for ESC), a \\x escape for C1."""
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return f"\\x{code:02x}"


def visible(text: str) -> str:
    """`text` with every control character (but tab and newline) shown as a picture, and
    Unicode's line and paragraph separators as \\u2028 and \\u2029."""
    if not CONTROL.search(text) and not _ODD_BREAKS.search(text):
        return text
    text = CONTROL.sub(lambda m: picture(m.group()), text)
    # Shown as escapes, like the C1 controls: a space would hide that the text holds one.
    return _ODD_BREAKS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def first_control(text: str) -> tuple[int, str] | None:
    """(position, character) of the first control character other than tab and newline."""
    found = CONTROL.search(text)
    return (found.start(), found.group()) if found else None


def describe(ch: str) -> str:
    return f"{picture(ch)}（U+{ord(ch):04X}）"


def refuse_control(text: str, what: str) -> None:
    """Refuse typed text that holds a control character, saying where it is."""
    from portboard.core.errors import UsageError

    found = first_control(text)
    if found is not None:
        position, ch = found
        raise UsageError([], title=f"{what}中有控制字符 {describe(ch)}（第 {position + 1} 个字符），未保存："
                                   "请删除它后重试。它多半是从别处粘贴带来的，会打乱其他人的终端画面")
