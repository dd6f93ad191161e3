"""The document's metadata from the notice that issues it, kept as printed.

A character the web page lost (the 〕 and 号 of a 文号, the 年 and 月 of a date) stays lost:
the value is written as printed, with a comment saying what is missing, and a warning.
"""

from __future__ import annotations

import re
from datetime import date

from portboard.core.edition.document_field import DocumentField
from portboard.core.edition.finding import Finding
from portboard.core.edition.source_line import SourceLine

_PUBLISHED = re.compile(r"^发布日期\s*[(（:：]?\s*(\d{4}-\d{1,2}-\d{1,2})\s*[)）]?$")
_NUMBER = re.compile(r"^\S{1,12}[〔\[［(（]\s*\d{4}")
_WELL_FORMED_NUMBER = re.compile(r"^(\S+?)〔(\d{4})〕(\d+)号$")
_DATED = re.compile(r"^(\d{4})年?(\d{1,2})?月?(\d{1,2})?日$")
_WELL_FORMED_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
_SOURCE = re.compile(r"^来源\s*[:：]\s*(.+)$")
_SENTENCE = re.compile(r"[。，,；;：:]")


def read_notice(lines: list[SourceLine], title: SourceLine | None) -> tuple[list[DocumentField], list[Finding]]:
    """document fields in the order the shipped task book lists them, and what to check.
    `title` is the 任务书's own heading line."""
    fields: dict[str, DocumentField] = {}
    findings: list[Finding] = []
    if title is not None:
        fields["title"] = DocumentField("title", title.text, title)
    if lines and lines[0].text.endswith("通知"):
        fields["notice"] = DocumentField("notice", lines[0].text, lines[0])
    dated_at = None
    number_at = None
    for i, line in enumerate(lines):
        text = line.text
        if (match := _PUBLISHED.match(text)) and "published" not in fields:
            fields["published"] = DocumentField("published", match.group(1), line, "发布日期")
        elif _NUMBER.match(text) and len(text) <= 30 and "number" not in fields:
            fields["number"] = _number(text, line, findings)
            number_at = i
        elif _DATED.match(text) and "dated" not in fields:
            fields["dated"] = _dated(text, line, findings)
            dated_at = i
    if number_at is not None and number_at + 1 < len(lines):
        candidate = lines[number_at + 1]
        if _is_name(candidate.text.rstrip(":：")):
            fields["addressee"] = DocumentField("addressee", candidate.text.rstrip(":："), candidate)
    if dated_at:
        candidate = lines[dated_at - 1]
        if _is_name(candidate.text):
            fields["issuer"] = DocumentField("issuer", candidate.text, candidate)
    order = ("title", "notice", "published", "number", "addressee", "issuer", "dated")
    return [fields[key] for key in order if key in fields], findings


def read_source_line(line: SourceLine) -> DocumentField | None:
    """`来源:上海市商务委员会` at the foot of the web page."""
    match = _SOURCE.match(line.text)
    return DocumentField("source", match.group(1).strip(), line) if match else None


def _is_name(text: str) -> bool:
    """A short line with no sentence punctuation: an addressee or an issuer."""
    return 2 <= len(text) <= 30 and not _SENTENCE.search(text)


def _number(text: str, line: SourceLine, findings: list[Finding]) -> DocumentField:
    field = DocumentField("number", text, line)
    if _WELL_FORMED_NUMBER.match(text):
        return field
    match = re.match(r"^(\S+?)[〔\[［(（](\d{4})(〕)?(\d*)(号)?$", text)
    if match is None:
        field.comment = "文号：原文如此，格式与“机关代字〔年份〕序号号”不符，照录不补。"
        findings.append(Finding(line, f"文号 “{text}” 的格式不完整", "已照录；请对照原件核对"))
        return field
    prefix, year, close, serial, suffix = match.groups()
    lost = [mark for mark, present in (("〕", close), ("号", suffix)) if not present]
    intended = f"{prefix}〔{year}〕{serial or '…'}号"
    marks = "和".join(f"“{m}”" for m in lost)
    field.comment = f"文号：原文如此，“{intended}”中的{marks}在原文中已丢失，照录不补。"
    findings.append(Finding(line, f"文号 “{text}” 缺少{marks}（应为 “{intended}”）",
                            "已照录并加注释；请对照原件核对"))
    return field


def _dated(text: str, line: SourceLine, findings: list[Finding]) -> DocumentField:
    field = DocumentField("dated", text, line)
    if _WELL_FORMED_DATE.match(text):
        return field
    digits = re.sub(r"\D", "", text)
    year, rest = digits[:4], digits[4:]
    readings = []
    for cut in range(1, len(rest)):
        month, day = int(rest[:cut]), int(rest[cut:])
        try:
            date(int(year), month, day)
        except ValueError:
            continue
        readings.append(f"{year}年{month}月{day}日")
    lost = "、".join(f"“{c}”" for c in ("年", "月") if c not in text)
    if len(readings) == 1:
        field.comment = f"成文日期：原文如此（应为 {readings[0]}，{lost}在原文中已丢失），照录不补。"
        findings.append(Finding(line, f"成文日期 “{text}” 缺少{lost}（应为 {readings[0]}）",
                                "已照录并加注释；请对照原件核对"))
    else:
        options = "或".join(readings) or "无法确定"
        field.comment = f"成文日期：原文如此（{lost}在原文中已丢失，可能是 {options}），照录不补。"
        findings.append(Finding(line, f"成文日期 “{text}” 缺少{lost}，无法确定是哪一天（{options}）",
                                "已照录并加注释；请对照原件核对"))
    return field
