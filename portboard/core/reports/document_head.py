"""The head and foot of a report as it is submitted: whose it is (填报单位), who made and
checked it (填报人, 审核人), how to reach them (联系电话), the day it is sent (报送日期) and
the line it is signed and stamped on — and the title that starts with the unit.

The unit is the office itself for an office's own report; otherwise `document.report.unit`
of the task book, else the task book's issuer. The people and the number come from the
command's options, else from `document.report`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from portboard.core.model import TaskBook
from portboard.core.printable import visible

BLANK = "________"  # a space to write on by hand
SEAL = "（盖章）"
# Characters an abbreviated issuer ends with (市商务委, 口岸办, 海关总署…).
_OFFICE_ENDINGS = set("委局办厅部会院处署室府")
_YEAR = re.compile(r"(\d{4}年)")


@dataclass(frozen=True)
class DocumentHead:
    unit: str = ""            # 填报单位, and the first words of the title
    subject: str = ""         # what the plan is about, as the title names it: 口岸工作任务
    year: str = ""            # the plan's year, 2023年, for a ledger's title
    preparer: str = ""
    reviewer: str = ""
    phone: str = ""
    sent_on: date | None = None  # 报送日期; None: the day the report is made
    own_office: str = ""      # the office whose own report this is ("" for the whole plan)
    scope: str = ""           # a narrower choice of items, in words: 标记 ▲（2023年市委重点工作）

    def unit_line(self) -> str:
        return f"填报单位：{self.unit or BLANK}"

    def date_line(self, made: date) -> str:
        return f"报送日期：{long_date(self.sent_on or made)}"

    def signature_parts(self) -> list[str]:
        """填报人, 审核人, 联系电话 (a blank to fill in where none is given), then the seal."""
        return [f"填报人：{self.preparer or BLANK}", f"审核人：{self.reviewer or BLANK}",
                f"联系电话：{self.phone or BLANK}", SEAL]

    def period_title(self, period_label: str) -> str:
        """机场办2023年6月口岸工作任务推进情况表"""
        return f"{self.unit}{period_label}{self.subject}推进情况表"

    def ledger_title(self, day: date) -> str:
        """上海市商务委员会2023年口岸工作任务台账（截至2023年3月31日）"""
        return f"{self.unit}{self.year}{self.subject}台账（截至{long_date(day)}）"


def long_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def document_head(book: TaskBook | None, office: str | None = None, marker: str | None = None, *,
                  preparer: str | None = None, reviewer: str | None = None, phone: str | None = None,
                  day: date | None = None) -> DocumentHead:
    """The head for a report on `book`, for `office`'s own report when given; an option
    given (not None) wins over the task book's `document.report`."""
    settings = book.report if book else None
    issuer = book.document.get("issuer", "") if book else ""
    year, subject = plan_words(book.title if book else "", issuer)
    scope = ""
    if marker:
        found = book.find_marker(marker) if book else None
        scope = f"标记 {marker}（{found.meaning}）" if found else f"标记 {marker}"
    unit = office or (settings.unit if settings and settings.unit else issuer)
    return DocumentHead(
        unit=visible(unit),
        subject=visible(subject),
        year=year,
        preparer=visible(preparer if preparer is not None else settings.preparer if settings else ""),
        reviewer=visible(reviewer if reviewer is not None else settings.reviewer if settings else ""),
        phone=visible(phone if phone is not None else settings.phone if settings else ""),
        sent_on=day,
        own_office=visible(office or ""),
        scope=visible(scope),
    )


def plan_words(title: str, issuer: str) -> tuple[str, str]:
    """(year, subject) of a task book's title: 2023年市商务委口岸工作任务书 issued by 上海市商务
    委员会 gives (2023年, 口岸工作任务) — the year, the issuer's abbreviation and the closing 书
    taken off, as a report's title puts the unit and the period in their place."""
    words = title.strip()
    found = _YEAR.match(words)
    year = found.group(1) if found else ""
    words = words[len(year):].removesuffix("书")
    cut = _abbreviation_of(words, issuer)
    subject = words[cut:] if len(words) - cut >= 2 else words
    return year, subject or "工作任务"


def _abbreviation_of(words: str, issuer: str) -> int:
    """How many leading characters of `words` abbreviate `issuer` (its characters in order,
    ending like an office's name: 市商务委 for 上海市商务委员会), or 0."""
    best, position = 0, 0
    for length, ch in enumerate(words, start=1):
        position = issuer.find(ch, position)
        if position < 0:
            break
        position += 1
        if length >= 2 and ch in _OFFICE_ENDINGS:
            best = length
    return best
