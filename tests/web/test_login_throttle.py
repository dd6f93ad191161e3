"""Password guessing: exponential back-off per client address and per user name, answered 429
with Retry-After and a Chinese page, without checking the password; the owner of a name under
attack still gets in from their own computer; and a login already checked never waits behind
strangers' attempts.

The rules on a clock the test moves; then against a running server (in this process, its
throttle's clock replaced, so a wait cannot run out while the test looks; and `portboard
web` itself, on the real clock), with clients on other loopback addresses playing other
computers."""

from __future__ import annotations

import asyncio
import re
import threading

import pytest
from waiting import DEADLINE, wait_until_async
from web_helpers import PASSWORD, client_from, logged, login

from portboard.core import users as users_module
from portboard.web import credentials as credentials_module
from portboard.web.check_queue import CheckQueue
from portboard.web.throttle import Throttle

FREE = 5  # failures an address may make before it waits: typing mistakes
WRONG = "not-the-password"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# -- the rules --------------------------------------------------------------------------

def test_an_address_waits_after_its_free_failures_twice_as_long_each_time():
    clock = Clock()
    throttle = Throttle(clock)
    for _ in range(FREE):
        assert throttle.check("10.0.0.9", "张三").wait == 0
        throttle.failed("10.0.0.9", "张三")
    waits = []
    for _ in range(4):
        verdict = throttle.check("10.0.0.9", "张三")
        waits.append(verdict.wait)
        clock.now += verdict.wait          # the guesser waits exactly as long as told …
        assert throttle.check("10.0.0.9", "张三").wait == 0
        throttle.failed("10.0.0.9", "张三")  # … and fails again
    assert waits == [1.0, 2.0, 4.0, 8.0]
    assert throttle.check("10.0.0.9", "李四").wait == 16.0, "a guesser cannot escape by trying another name"


def test_the_longest_wait_is_a_quarter_of_an_hour_and_all_is_forgotten_an_hour_later():
    clock = Clock()
    throttle = Throttle(clock)
    for _ in range(40):
        throttle.failed("10.0.0.9", "张三")
    assert throttle.check("10.0.0.9", "张三").wait == 15 * 60
    clock.now += 60 * 60
    assert throttle.check("10.0.0.9", "张三").wait == 0


def test_a_name_guessed_from_many_addresses_makes_each_of_them_wait_but_not_its_owner():
    clock = Clock()
    throttle = Throttle(clock)
    guessers = [f"10.1.0.{n}" for n in range(1, 11)]
    for _ in range(2):
        for address in guessers:       # each address fails twice: far below its own free failures
            throttle.failed(address, "张三")
    name_failures = 2 * len(guessers)
    expected = 2.0 ** (name_failures - FREE)  # the name's back-off, capped at a quarter of an hour
    for address in guessers:
        verdict = throttle.check(address, "张三")
        assert verdict.wait == min(expected, 15 * 60)
        assert "该用户名" in verdict.reason
    assert throttle.check("10.9.9.9", "张三").wait == 0, "the owner, on an address that has not failed"
    throttle.failed("10.9.9.9", "张三")
    assert throttle.check("10.9.9.9", "张三").wait == 0, "one typing mistake of the owner's is free"
    assert throttle.check(guessers[0], "李四").wait == 0, "another name is not under attack"


def test_a_login_that_succeeds_forgets_its_typing_mistakes_on_that_name_only():
    clock = Clock()
    throttle = Throttle(clock)
    for address in ("10.1.0.1", "10.1.0.2", "10.1.0.3"):
        for _ in range(3):
            throttle.failed(address, "张三")  # the name: 9 failures; each address: 3
    throttle.failed("10.9.9.9", "张三")
    throttle.failed("10.9.9.9", "张三")
    assert throttle.check("10.9.9.9", "张三").wait > 0
    throttle.succeeded("10.9.9.9", "张三")
    assert throttle.check("10.9.9.9", "张三").wait == 0
    assert throttle.check("10.1.0.1", "张三").wait > 0


# -- a running server -------------------------------------------------------------------

async def get(http, url: str, name: str, password: str) -> tuple[int, dict, str]:
    async with http.get(url + "/", headers=login(name, password)) as response:
        return response.status, dict(response.headers), await response.text()


async def test_guessing_gets_429_with_retry_after_and_a_chinese_page_without_a_check(in_process, monkeypatch):
    checked: list[str] = []
    real_verify = credentials_module.verify_password

    def counting_verify(password: str, stored: str) -> bool:
        checked.append(password)
        return real_verify(password, stored)

    monkeypatch.setattr(credentials_module, "verify_password", counting_verify)
    async with in_process() as (server, url):
        server.login.throttle.clock = Clock()  # frozen: no wait runs out while the test looks
        async with client_from("127.0.0.5") as guesser:
            for n in range(FREE):
                status, headers, _ = await get(guesser, url, "张三", f"{WRONG}-{n}")
                assert status == 401 and "WWW-Authenticate" in headers
            status, headers, body = await get(guesser, url, "张三", f"{WRONG}-{FREE}")
            assert status == 429
            assert headers["Retry-After"] == "1"
            assert "WWW-Authenticate" not in headers, "no login box: the browser shows the page"
            assert "登录失败次数过多" in body and "1 秒后" in body
            status, _, _ = await get(guesser, url, "张三", PASSWORD)
            assert status == 429, "while it waits, even the right password is not checked"
        assert len(checked) == FREE, "the attempts turned away cost no scrypt"

        async with client_from("127.0.0.6") as owner:
            status, _, _ = await get(owner, url, "张三", PASSWORD)
            assert status == 200, "the owner on another computer is let in"

        async with client_from("127.0.0.7") as second:  # two failures of its own: the name's wait applies
            assert [(await get(second, url, "张三", WRONG))[0] for _ in range(3)] == [401, 401, 429]
    log = logged(server)
    assert log.count('登录失败 "张三" 来自 127.0.0.5：密码错误') == FREE
    assert log.count('登录失败 "张三" 来自 127.0.0.7：密码错误') == 2
    assert '暂停检查 "张三" 来自 127.0.0.5 的登录' in log
    assert "登录成功 张三（洋山办）来自 127.0.0.6" in log


async def test_a_session_already_verified_never_waits_behind_attempts_being_checked(in_process, monkeypatch):
    """Strangers' checks are held mid-scrypt (the behaviour under test is what the verified
    user meanwhile gets): the verified user's page must come while they are still held."""
    release = threading.Event()
    real_verify = credentials_module.verify_password

    def held_verify(password: str, stored: str) -> bool:
        if password != PASSWORD:
            release.wait(DEADLINE)
        return real_verify(password, stored)

    monkeypatch.setattr(credentials_module, "verify_password", held_verify)
    async with in_process() as (server, url), client_from("127.0.0.8") as colleague:
        assert (await get(colleague, url, "张三", PASSWORD))[0] == 200  # logged in before the attack
        guessers = [client_from(f"127.0.1.{n}") for n in range(1, 11)]
        try:
            attempts = [asyncio.ensure_future(get(g, url, "张三", f"{WRONG}-{n}")) for n, g in enumerate(guessers)]
            await wait_until_async(lambda: server.credentials.checking >= 2, "two strangers' checks under way")
            status, _, _ = await asyncio.wait_for(get(colleague, url, "张三", PASSWORD), DEADLINE)
            assert status == 200
            assert not any(a.done() for a in attempts), "the strangers were still being checked"
            release.set()
            assert [a[0] for a in await asyncio.gather(*attempts)] == [401] * len(attempts)
        finally:
            release.set()
            for guesser in guessers:
                await guesser.close()


async def test_the_real_server_throttles_guessing_and_logs_every_failure(web_server, tmp_data):
    """`portboard web` on the real clock: guesses until turned away (the first FREE are
    always checked; the wait after them is a second, so a slow machine may see a few more)."""
    web = web_server()
    statuses = []
    async with client_from("127.0.0.9") as guesser:
        for n in range(FREE + 4):
            status, headers, body = await get(guesser, web.url, "张三", f"{WRONG}-{n}")
            statuses.append(status)
            if status == 429:
                break
    assert statuses[:FREE] == [401] * FREE and statuses[-1] == 429, statuses
    assert int(headers["Retry-After"]) >= 1 and "登录失败次数过多" in body
    failures = len(statuses) - 1
    web.wait_for_output("暂停检查")
    assert web.output().count('登录失败 "张三" 来自 127.0.0.9：密码错误') == failures
    logged = (tmp_data / "web.log").read_text(encoding="utf-8")
    assert logged.count('登录失败 "张三"') == failures, "the same lines in the log file"
    assert re.search(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00 登录失败", logged, flags=re.MULTILINE)


@pytest.mark.parametrize("name", ["张三", "没有这个人"])
async def test_a_wrong_name_costs_a_check_like_a_wrong_password(in_process, monkeypatch, name):
    """So names cannot be found out by timing, and the log says which it was."""
    checked: list[str] = []
    real_verify = users_module.verify_password

    def counting_verify(password: str, stored: str) -> bool:
        checked.append(stored)
        return real_verify(password, stored)

    monkeypatch.setattr(credentials_module, "verify_password", counting_verify)
    async with in_process() as (server, url), client_from("127.0.0.10") as http:
        assert (await get(http, url, name, WRONG))[0] == 401
    assert len(checked) == 1
    why = "密码错误" if name == "张三" else "没有这个用户"
    assert f'登录失败 "{name}" 来自 127.0.0.10：{why}' in logged(server)


async def test_when_many_failing_checks_wait_the_next_gets_503_but_a_first_attempt_goes_first(in_process,
                                                                                             monkeypatch):
    """Strangers' checks held mid-scrypt fill the queue: another attempt from an address that
    has failed before is turned away (503, one log line for all of them); the owner, from an
    address that has not, is not, and is checked before the stranger already waiting."""
    release = threading.Event()
    real_verify = credentials_module.verify_password
    order: list[str] = []

    def held_verify(password: str, stored: str) -> bool:
        order.append(password)
        if password.startswith("held"):
            release.wait(DEADLINE)
        return real_verify(password, stored)

    monkeypatch.setattr(credentials_module, "verify_password", held_verify)
    async with in_process() as (server, url):
        server.credentials.most_waiting = 1
        guessers = [client_from(f"127.0.2.{n}") for n in range(1, 6)]
        owner = client_from("127.0.2.9")
        try:
            for n, guesser in enumerate(guessers):  # each address fails once: it is a stranger now
                assert (await get(guesser, url, "张三", f"typed-{n}"))[0] == 401
            held = [asyncio.ensure_future(get(g, url, "张三", f"held-{n}")) for n, g in enumerate(guessers[:3])]
            await wait_until_async(lambda: server.credentials.checking == 3, "two checks running, one waiting")
            refused = [await get(g, url, "张三", WRONG) for g in guessers[3:]]
            assert [(status, headers.get("Retry-After")) for status, headers, _ in refused] == [(503, "5")] * 2
            assert "服务器忙" in refused[0][2]
            owners = asyncio.ensure_future(get(owner, url, "张三", PASSWORD))
            await wait_until_async(lambda: server.credentials.checking == 4, "the owner's check waiting")
            release.set()
            assert [a[0] for a in await asyncio.gather(*held)] == [401, 401, 401]
            assert (await owners)[0] == 200
        finally:
            release.set()
            for client in (*guessers, owner):
                await client.close()
    assert order.index(PASSWORD) < order.index("held-2"), "the owner's check went before the waiting stranger's"
    log = logged(server)
    assert log.count("登录检查排队已满") == 1
    assert "此前 2 次尝试因排队已满被拒绝（503）" in log


async def test_the_check_queue_runs_first_attempts_first_then_in_arrival_order():
    queue = CheckQueue(workers=1)
    started: list[str] = []
    gate = threading.Event()

    def check(what: str) -> str:
        started.append(what)
        if what == "running":
            gate.wait(DEADLINE)
        return what

    try:
        running = asyncio.ensure_future(queue.run(3, check, "running"))
        await wait_until_async(lambda: started == ["running"], "the first check to hold the thread")
        waiting = [asyncio.ensure_future(queue.run(priority, check, name))
                   for priority, name in ((2, "stranger a"), (5, "stranger b"), (0, "owner"), (2, "stranger c"))]
        await wait_until_async(lambda: queue.waiting() == 4, "four checks waiting")
        gate.set()
        await asyncio.gather(running, *waiting)
    finally:
        gate.set()
        queue.close()
    assert started == ["running", "owner", "stranger a", "stranger c", "stranger b"]
    assert (queue.running, queue.waiting()) == (0, 0)
