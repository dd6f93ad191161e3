"""No output path of the command line emits a raw control character, whether the text came
from the task book, from a note, or from a hand-edited board.json; the files keep what
they hold, and typed notes with one are refused."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest

from portboard.core.board import Board

ESC, BEL, CSI = "\x1b", "\x07", "\x9b"
CONTROLS = (ESC, BEL, CSI, "\r")
HOSTILE = f"清屏{ESC}[2J之后{ESC}]0;标题{BEL}完{CSI}31m"
SHOWN = "清屏\u241b[2J之后\u241b]0;标题\u2407完\\x9b31m"


def assert_clean(text: str) -> None:
    for ch in CONTROLS:
        assert ch not in text, f"raw {ch!r} in output"


@pytest.fixture
def hostile_board(synced_board: Board, board_path: Path, taskbook_path: Path, edit_taskbook) -> Path:
    """board.json edited by hand: control characters in 2.1.2's text, lead office, task title
    and in a note (text, office, user); then the task book broken, so commands work on the
    board as it is instead of syncing it back."""
    data = json.loads(board_path.read_text(encoding="utf-8"))
    card = next(c for c in data["cards"].values() if c["id"] == "2.1.2")
    card["text"] = HOSTILE
    card["offices"] = [f"通关{ESC}协调处"]
    card["task"]["title"] = f"任务{BEL}标题"
    card["history"].append({"at": "2026-12-01T10:00:00+08:00", "user": f"某{ESC}人", "event": "note",
                            "text": HOSTILE, "office": f"办{CSI}公室"})
    board_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    edit_taskbook("\nschema: 1\n", "\nschema: 9\n")
    return board_path


def test_list_shows_control_characters_visibly(run_cli, hostile_board: Path):
    before = hostile_board.read_bytes()
    result = run_cli("list")
    assert result.returncode == 0
    assert_clean(result.stdout + result.stderr)
    assert "清屏\u241b[2J" in result.stdout
    assert hostile_board.read_bytes() == before  # the file keeps what it holds


def test_list_json_escapes_them_and_keeps_the_data(run_cli, hostile_board: Path):
    result = run_cli("list", "--json")
    assert result.returncode == 0
    assert_clean(result.stdout)
    entry = next(e for e in json.loads(result.stdout) if e["id"] == "2.1.2")
    assert entry["text"] == HOSTILE and entry["lead"] == f"通关{ESC}协调处"


def test_the_ledger_in_every_format_shows_them_visibly(run_cli, hostile_board: Path, workdir: Path):
    markdown = run_cli("report")
    assert markdown.returncode == 0
    assert_clean(markdown.stdout + markdown.stderr)
    assert SHOWN.replace("\\", "\\\\") in markdown.stdout  # a Markdown cell escapes the backslash

    assert run_cli("report", "-o", "台账.csv").returncode == 0
    rows = list(csv.reader(io.StringIO((workdir / "台账.csv").read_text(encoding="utf-8-sig"), newline="")))
    row = next(r for r in rows if r[1] == "2.1.2")
    assert_clean("".join(row))
    assert row[3] == SHOWN and row[4] == "通关\u241b协调处" and row[2] == "2.1 任务\u2407标题"
    assert row[rows[0].index("最新进展")] == f"2026-12-01 {SHOWN}"

    assert run_cli("report", "-o", "台账.xlsx").returncode == 0
    sheet = openpyxl.load_workbook(workdir / "台账.xlsx")["台账"]
    cells = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[1] == "2.1.2")
    assert_clean("".join(str(c) for c in cells if c is not None))
    assert cells[3] == SHOWN


def test_a_note_with_a_control_character_is_refused_from_the_shell(run_cli, synced_board: Board, board_path: Path):
    before = board_path.read_bytes()
    result = run_cli("note", "3.1.6", f"清屏 {ESC}[2J 之后 {ESC}]0;标题{BEL} 完")
    assert result.returncode == 2
    assert "控制字符" in result.stderr and "U+001B" in result.stderr
    assert_clean(result.stdout + result.stderr)
    assert board_path.read_bytes() == before


def test_check_reports_a_control_character_in_the_task_book_with_its_line(run_cli, tmp_data: Path,
                                                                        taskbook_path: Path):
    lines = taskbook_path.read_text(encoding="utf-8").splitlines(keepends=True)
    no = next(i for i, line in enumerate(lines) if "text: 做好口岸查验单位疫情防控经费" in line)
    indent = lines[no][:len(lines[no]) - len(lines[no].lstrip())]
    lines[no] = indent + 'text: "做好口岸查验单位\\e[2J疫情防控经费保障工作。"\n'  # YAML's escape for ESC
    taskbook_path.write_text("".join(lines), encoding="utf-8")
    result = run_cli("check")
    assert result.returncode == 1
    assert f"taskbook.yaml:{no + 1}:" in result.stderr
    assert "控制字符 \u241b（U+001B）" in result.stderr
    assert_clean(result.stderr)


def test_a_raw_control_character_in_the_task_book_file_is_reported_with_its_line(run_cli, tmp_data: Path,
                                                                               taskbook_path: Path):
    text = taskbook_path.read_text(encoding="utf-8").replace("text: 做好口岸查验单位疫情防控经费",
                                                             f"text: 做好口岸查验单位{ESC}疫情防控经费", 1)
    taskbook_path.write_text(text, encoding="utf-8")
    no = next(i for i, line in enumerate(text.splitlines()) if ESC in line) + 1
    result = run_cli("check")
    assert result.returncode == 1
    assert f"taskbook.yaml:{no}: 文件中有不允许出现的控制字符 \u241b（U+001B）" in result.stderr
    assert_clean(result.stderr)


def test_an_error_quoting_what_was_typed_shows_it_visibly(run_cli, synced_board: Board):
    result = run_cli("list", "--office", f"外事{ESC}]0;x{BEL}办")
    assert result.returncode == 2
    assert "外事\u241b]0;x\u2407办" in result.stderr
    assert_clean(result.stderr)


def test_the_period_report_in_every_format_shows_them_visibly(run_cli, hostile_board: Path, workdir: Path):
    import docx

    markdown = run_cli("report", "--month", "2026-12")
    assert markdown.returncode == 0
    assert_clean(markdown.stdout + markdown.stderr)
    assert f"12-01 办\\\\x9b公室：{SHOWN.replace(chr(92), chr(92) * 2)}" in markdown.stdout

    expected = {"工作内容": SHOWN, "牵头处室": "通关\u241b协调处", "本期进展": f"12-01 办\\x9b公室：{SHOWN}"}
    assert run_cli("report", "--month", "2026-12", "-o", "月报.csv").returncode == 0
    rows = list(csv.reader(io.StringIO((workdir / "月报.csv").read_text(encoding="utf-8-sig"), newline="")))
    row = dict(zip(rows[0], next(r for r in rows if r[1] == "2.1.2")))
    assert_clean("".join(row.values()))
    assert {k: row[k] for k in expected} == expected

    assert run_cli("report", "--month", "2026-12", "-o", "月报.xlsx").returncode == 0
    sheet = list(openpyxl.load_workbook(workdir / "月报.xlsx")["明细"].iter_rows(values_only=True))
    header = next(r for r in sheet if r[0] == "序号")  # under the title and the head line
    row = dict(zip(header, next(r for r in sheet if r[1] == "2.1.2")))
    assert {k: row[k] for k in expected} == expected

    assert run_cli("report", "--month", "2026-12", "-o", "月报.docx").returncode == 0
    table = docx.Document(str(workdir / "月报.docx")).tables[1]
    header = [c.text for c in table.rows[0].cells]
    row = dict(zip(header, next([c.text for c in r.cells] for r in table.rows if r.cells[1].text == "2.1.2")))
    assert_clean("".join(row.values()))
    assert {k: row[k] for k in expected} == expected


def test_the_log_shows_them_visibly_and_its_json_escapes_them(run_cli, hostile_board: Path):
    result = run_cli("log", "--item", "2.1.2")
    assert result.returncode == 0
    assert_clean(result.stdout + result.stderr)
    assert f"进展［办\\x9b公室］ {SHOWN} · 某\u241b人" in result.stdout

    result = run_cli("log", "--item", "2.1.2", "--json")
    assert_clean(result.stdout)
    note = next(e for e in json.loads(result.stdout) if e["event"] == "note")
    assert note["details"]["text"] == HOSTILE  # the data as it is held, escaped by JSON
    assert note["what"] == f"进展［办\\x9b公室］ {SHOWN}" and note["user"] == "某\u241b人"
