"""users.json: salted scrypt hashes only, mode 0600, written whole, never over a file that
could not be read; two people adding users at once both keep theirs."""

from __future__ import annotations

import base64
import errno
import hashlib
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from portboard.core import users as users_module
from portboard.core.errors import UsageError
from portboard.core.users import UserFile, UsersError, verify_password

PASSWORD = "港口-password-1"


def scrypt_matches(stored: str, password: str) -> bool:
    """The test's own reading of the stored format: scrypt$N$r$p$salt$hash (base64)."""
    scheme, n, r, p, salt, digest = stored.split("$")
    assert scheme == "scrypt"
    expected = base64.b64decode(digest)
    actual = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                            dklen=len(expected), maxmem=2**28)
    return actual == expected


@pytest.fixture
def users(tmp_path: Path) -> UserFile:
    return UserFile(tmp_path / "users.json")


def test_a_password_is_stored_only_as_a_salted_scrypt_hash(users: UserFile):
    users.add("张三", "洋山办", PASSWORD)
    users.add("李四", "洋山办", PASSWORD)

    text = users.path.read_text(encoding="utf-8")
    assert PASSWORD not in text
    stored = json.loads(text)["users"]
    assert scrypt_matches(stored["张三"]["password"], PASSWORD)
    assert not scrypt_matches(stored["张三"]["password"], PASSWORD + "x")
    assert stored["张三"]["password"] != stored["李四"]["password"], "a salt of its own for each"
    assert stored["张三"]["office"] == "洋山办"


def test_verify_password_accepts_the_password_and_nothing_else(users: UserFile):
    user = users.add("张三", "洋山办", PASSWORD)
    assert verify_password(PASSWORD, user.password)
    for wrong in ("", PASSWORD[:-1], PASSWORD.upper(), PASSWORD + " "):
        assert not verify_password(wrong, user.password)
    assert not verify_password(PASSWORD, "scrypt$not$a$hash")
    assert not verify_password(PASSWORD, "")


def test_the_file_is_private_whatever_the_umask_and_whatever_it_was(users: UserFile):
    old = os.umask(0o022)
    try:
        users.add("张三", "洋山办", PASSWORD)
        assert stat.S_IMODE(users.path.stat().st_mode) == 0o600
        users.path.chmod(0o644)
        users.set_password("张三", "another-password")
        assert stat.S_IMODE(users.path.stat().st_mode) == 0o600
    finally:
        os.umask(old)


def test_changing_and_removing_users(users: UserFile):
    users.add("张三", "洋山办", PASSWORD)
    users.add("李四", "机场办", PASSWORD)
    users.set_password("张三", "a-new-password")
    assert scrypt_matches(users.read()["张三"].password, "a-new-password")
    assert users.read()["张三"].added == users.read()["张三"].added  # kept
    users.remove("李四")
    assert list(users.read()) == ["张三"]


@pytest.mark.parametrize("change", [
    lambda users: users.add("张三", "机场办", PASSWORD),   # already there
    lambda users: users.remove("王五"),                    # not there
    lambda users: users.set_password("王五", PASSWORD),
    lambda users: users.add("a:b", "洋山办", PASSWORD),     # Basic auth splits on the colon
    lambda users: users.add("张 三", "洋山办", PASSWORD),
    lambda users: users.add("", "洋山办", PASSWORD),
    lambda users: users.add("王五", "洋山办", "short"),
    lambda users: users.add("王五", "洋山办", "with\nnewline"),
])
def test_a_refused_change_leaves_the_file_as_it_was(users: UserFile, change):
    users.add("张三", "洋山办", PASSWORD)
    before = users.path.read_bytes()
    with pytest.raises(UsageError):
        change(users)
    assert users.path.read_bytes() == before


@pytest.mark.parametrize("content, line", [
    (b'{"version": 1,\n "users": {\n', 3),
    (b'{"version": 2, "users": {}}', None),
    ('{"version": 1, "users": {"x": {"office": "洋山办"}}}'.encode(), None),
    (b"\xff\xfe not utf-8", None),
])
def test_an_unreadable_file_is_reported_with_its_line_and_never_written_over(users: UserFile, content, line):
    users.path.write_bytes(content)
    with pytest.raises(UsersError) as raised:
        users.add("张三", "洋山办", PASSWORD)
    assert raised.value.problems[0].file == users.path
    assert raised.value.problems[0].line == line
    assert users.path.read_bytes() == content


def test_a_failed_write_leaves_the_file_and_no_temporary_file(users: UserFile, monkeypatch):
    users.add("张三", "洋山办", PASSWORD)
    before = users.path.read_bytes()

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(UsersError) as raised:
        users.add("李四", "洋山办", PASSWORD)
    assert "磁盘空间" in raised.value.message
    assert users.path.read_bytes() == before
    assert sorted(p.name for p in users.path.parent.iterdir()) == ["users.json", "users.json.lock"]


ADD_ONE = """
import sys
from portboard.core.users import UserFile
UserFile(sys.argv[1]).add(sys.argv[2], "洋山办", "the-password-1")
"""


def test_users_added_at_the_same_moment_are_all_kept(users: UserFile):
    """Each add reads, hashes (tens of milliseconds) and writes: without the lock, the
    last writer would drop the others."""
    names = [f"user{i}" for i in range(6)]
    processes = [subprocess.Popen([sys.executable, "-c", ADD_ONE, str(users.path), name]) for name in names]
    assert [p.wait(timeout=60) for p in processes] == [0] * len(names)
    assert sorted(users.read()) == names


def test_the_cost_parameters_are_read_from_the_hash(users: UserFile, monkeypatch):
    """Raising the cost later must not lock out users whose hashes were made before, and a
    costlier hash (more memory than OpenSSL allows by default) must work too."""
    user = users.add("张三", "洋山办", PASSWORD)
    monkeypatch.setattr(users_module, "SCRYPT_N", 2**15)
    costlier = users_module.hash_password(PASSWORD)
    monkeypatch.undo()
    assert costlier.split("$")[1:4] == [str(2**15), "8", "1"]
    assert verify_password(PASSWORD, user.password)
    assert verify_password(PASSWORD, costlier)
    assert scrypt_matches(costlier, PASSWORD)
