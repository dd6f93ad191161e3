"""Where the CLI looks for its files: option, then environment, then ./data of the cwd."""

from __future__ import annotations

from pathlib import Path

import pytest

from portboard import paths


def test_defaults_follow_the_current_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    assert paths.taskbook_path() == tmp_path.resolve() / "data" / "taskbook.yaml"
    assert paths.board_path() == tmp_path.resolve() / "data" / "board.json"
    elsewhere = tmp_path / "sub"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # resolved when asked, not once at import
    assert paths.board_path() == elsewhere.resolve() / "data" / "board.json"


def test_environment_beats_default_and_option_beats_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(paths.TASKBOOK_ENV, "/srv/plan/taskbook.yaml")
    monkeypatch.setenv(paths.DB_ENV, "  /srv/plan/board.json  ")
    assert paths.taskbook_path() == Path("/srv/plan/taskbook.yaml")
    assert paths.board_path() == Path("/srv/plan/board.json")
    assert paths.taskbook_path("mine.yaml") == Path("mine.yaml")
    assert paths.board_path("mine.json") == Path("mine.json")


def test_blank_environment_is_ignored_and_home_is_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(paths.DB_ENV, "   ")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert paths.board_path() == tmp_path.resolve() / "data" / "board.json"
    assert paths.board_path("~/b.json") == tmp_path / "home" / "b.json"
    monkeypatch.setenv(paths.TASKBOOK_ENV, "~/t.yaml")
    assert paths.taskbook_path() == tmp_path / "home" / "t.yaml"


def test_help_and_argument_errors_speak_chinese(capsys):
    import pytest

    from portboard.cli import main

    with pytest.raises(SystemExit) as help_exit:
        main(["--help"])
    assert help_exit.value.code == 0
    shown = capsys.readouterr().out
    assert shown.startswith("用法：portboard") and "显示本帮助并退出" in shown and "子命令" in shown

    with pytest.raises(SystemExit) as error_exit:
        main(["move"])
    assert error_exit.value.code == 2
    said = capsys.readouterr().err
    assert "参数错误：缺少必需的参数：ITEM, STATUS" in said and "portboard move --help" in said
