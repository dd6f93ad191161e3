"""In a real browser (headless Chromium, driven by Playwright): what the page says when its
board is killed or left idle, logging out with the keyboard, and ten wrong passwords. A
screenshot of each is kept beside the test's files for a person to look at."""

from __future__ import annotations

import importlib.util
import os
import re
import signal
from pathlib import Path

import pytest
from waiting import wait_for_paint, wait_in_page, wait_until
from web_helpers import PASSWORD, screen_text

from portboard.core.users import UserFile

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]
DRAWN = "筛选：处室"

pytestmark = pytest.mark.skipif(
    (not CHROMIUM.exists() or importlib.util.find_spec("playwright") is None) and not os.environ.get("CI"),
    reason="the browser tests need Chromium at /usr/bin/chromium and Playwright: "
           "apt-get install chromium fonts-wqy-microhei (as .ci/run does) and pip install -e '.[test]'",
)


class Browser:
    """One page of headless Chromium, with the terminal output its websocket received."""

    def __init__(self, playwright, **context: object) -> None:
        self.browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        self.page = self.browser.new_context(viewport={"width": 1100, "height": 700}, **context).new_page()
        self.frames: list[bytes] = []
        self.page.on("websocket", lambda ws: ws.on(
            "framereceived", lambda payload: self.frames.append(payload if isinstance(payload, bytes) else b"")))

    def screen(self) -> str:
        return screen_text(b"".join(self.frames))

    def wait_for_board(self) -> None:
        wait_in_page(self.page, lambda: DRAWN in self.screen(), "the board in the page")

    def closed_text(self) -> str:
        return self.page.evaluate("document.body.classList.contains('-closed') ? "
                                  "document.getElementById('closed-text').textContent : ''")

    def picture(self, path: Path) -> None:
        wait_for_paint(self.page)
        self.page.screenshot(path=str(path))

    def close(self) -> None:
        self.browser.close()


@pytest.fixture
def chromium():
    from playwright.sync_api import sync_playwright

    opened: list[Browser] = []
    with sync_playwright() as playwright:
        def open_browser(**context: object) -> Browser:
            opened.append(Browser(playwright, **context))
            return opened[-1]

        yield open_browser
        for browser in opened:
            browser.close()


def test_a_killed_board_says_so_and_reopens_with_enter(web_server, chromium, tmp_path: Path):
    web = web_server()
    browser = chromium(http_credentials={"username": "张三", "password": PASSWORD})
    browser.page.goto(web.url + "/")
    browser.wait_for_board()
    [pid] = web.app_pids()
    os.kill(pid, signal.SIGKILL)
    wait_in_page(browser.page, browser.closed_text, "the page to say the board closed")
    assert browser.closed_text() == ("看板已关闭：看板进程意外结束。已保存的改动都在；"
                                     "正在编辑、还没保存的文字可能已丢失。")
    assert browser.page.evaluate("document.activeElement.textContent") == "重新打开"
    browser.picture(tmp_path / "killed.png")
    wait_until(lambda: not web.app_pids(), "the place to be free")

    browser.frames.clear()
    browser.page.keyboard.press("Enter")  # 重新打开
    browser.wait_for_board()
    assert len(web.app_pids()) == 1


def test_an_idle_board_says_how_long_it_waited(web_server, chromium, tmp_path: Path):
    web = web_server("--idle-timeout", "0.05")
    browser = chromium(http_credentials={"username": "张三", "password": PASSWORD})
    browser.page.goto(web.url + "/")
    browser.wait_for_board()
    wait_in_page(browser.page, browser.closed_text, "the idle board to close")
    assert browser.closed_text() == "看板已关闭：3 秒没有操作，已自动关闭。所有改动都已保存。"
    browser.picture(tmp_path / "idle.png")


def test_logging_out_with_the_keyboard_ends_the_board_and_the_browser_forgets_the_login(
        web_server, chromium, users_file: UserFile, tmp_path: Path):
    """The login typed once (here: in the address, which Chromium keeps as it keeps a typed
    one); q closes the board, Tab reaches 退出登录, Enter logs out. Afterwards the browser has
    no login to send: the page asks for one."""
    users_file.add("wangwu", "洋山办", "wangwu-password")
    web = web_server()
    browser = chromium()
    host = web.url.removeprefix("http://")
    browser.page.goto(f"http://wangwu:wangwu-password@{host}/")
    browser.wait_for_board()
    assert browser.page.goto(web.url + "/").status == 200, "the browser sends the kept login by itself"
    browser.wait_for_board()

    browser.page.locator(".xterm-helper-textarea").focus()
    browser.page.keyboard.press("q")
    wait_in_page(browser.page, browser.closed_text, "the board to close")
    assert browser.closed_text() == "看板已关闭：按了 q 退出。所有改动都已保存。"
    browser.page.keyboard.press("Tab")
    assert browser.page.evaluate("document.activeElement.textContent") == "退出登录"
    browser.page.keyboard.press("Enter")
    web.wait_for_output("已退出登录，浏览器需重新输入密码")
    wait_until(lambda: not web.app_pids(), "the board's process to end")

    logged_out_at = len(web.output())
    answer = None
    try:
        answer = browser.page.goto(web.url + "/")
    except Exception as error:  # Chromium without a login box ends a refused page this way
        assert "ERR_INVALID_AUTH_CREDENTIALS" in str(error)
    assert answer is None or answer.status == 401
    assert "登录成功" not in web.output()[logged_out_at:], "no login was sent"
    assert re.search("wangwu 退出登录（来自 127.0.0.1，结束 [01] 个看板）", web.output())  # q may still be ending it


def test_ten_wrong_passwords_in_the_browser(web_server, chromium, tmp_path: Path):
    web = web_server()
    browser = chromium(http_credentials={"username": "张三", "password": "a-wrong-password"})
    answers = []
    for _ in range(10):
        response = browser.page.goto(web.url + "/")
        answers.append((response.status, browser.page.inner_text("h1")))
    assert answers[:5] == [(401, "需要登录")] * 5
    assert (429, "登录失败次数过多") in answers[5:]
    assert "秒后刷新本页再试" in browser.page.inner_text("main")
    browser.picture(tmp_path / "too-many.png")
    web.wait_for_output("暂停检查")
