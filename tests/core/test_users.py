"""The users files: users.json, the roster the offices' group reads (0640, no hashes), and
passwords.json beside it (salted scrypt hashes only, 0600); both written whole, never over a
file that could not be read; two people adding users at once both keep theirs; a users.json
of the first version (hashes inside, no roles) read as it is and split on its next write."""

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
from accounts import require_root

from portboard.core.access.role import Role
from portboard.core.errors import UsageError
from portboard.core.users import UserFile, UsersError, passwords, verify_password

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


def both_files(users: UserFile) -> tuple[bytes | None, bytes | None]:
    return tuple(p.read_bytes() if p.exists() else None for p in (users.path, users.passwords_path))


def test_a_password_is_stored_only_as_a_salted_scrypt_hash(users: UserFile):
    users.add("张三", "洋山办", PASSWORD)
    users.add("李四", "洋山办", PASSWORD)

    roster = users.path.read_text(encoding="utf-8")
    hashes = users.passwords_path.read_text(encoding="utf-8")
    assert PASSWORD not in roster and PASSWORD not in hashes
    assert "scrypt" not in roster, "the roster every office reads holds no hash"
    assert json.loads(roster)["users"]["张三"]["office"] == "洋山办"
    stored = json.loads(hashes)["passwords"]
    assert scrypt_matches(stored["张三"]["password"], PASSWORD)
    assert not scrypt_matches(stored["张三"]["password"], PASSWORD + "x")
    assert stored["张三"]["password"] != stored["李四"]["password"], "a salt of its own for each"


def test_verify_password_accepts_the_password_and_nothing_else(users: UserFile):
    user = users.add("张三", "洋山办", PASSWORD)
    assert verify_password(PASSWORD, user.password)
    for wrong in ("", PASSWORD[:-1], PASSWORD.upper(), PASSWORD + " "):
        assert not verify_password(wrong, user.password)
    assert not verify_password(PASSWORD, "scrypt$not$a$hash")
    assert not verify_password(PASSWORD, "")


def test_the_hashes_are_private_and_the_roster_is_the_groups_whatever_the_umask(users: UserFile):
    old = os.umask(0o022)
    try:
        users.add("张三", "洋山办", PASSWORD)
        assert stat.S_IMODE(users.passwords_path.stat().st_mode) == 0o600
        assert stat.S_IMODE(users.path.stat().st_mode) == 0o640
        users.passwords_path.chmod(0o644)
        users.path.chmod(0o666)
        users.set_password("张三", "another-password")
        assert stat.S_IMODE(users.passwords_path.stat().st_mode) == 0o600
        assert stat.S_IMODE(users.path.stat().st_mode) == 0o640
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
    lambda users: users.add("王五", "", PASSWORD, role=Role.HANDLER),           # a 承办 has an office
    lambda users: users.add("王五", "洋山办", PASSWORD, login="张三"),           # 张三's login already
    lambda users: users.add("zhangsan", "洋山办", None, login="张三"),
    lambda users: users.add("王五", "洋山办", None, login="-x"),
    lambda users: users.add("王五", "洋山办", None, mail="not an address"),
    lambda users: users.update("张三", office="", role=Role.HANDLER),
    lambda users: users.update("王五", role=Role.VIEWER),
])
def test_a_refused_change_leaves_both_files_as_they_were(users: UserFile, change):
    users.add("张三", "洋山办", PASSWORD)
    before = both_files(users)
    with pytest.raises(UsageError):
        change(users)
    assert both_files(users) == before


@pytest.mark.parametrize("content, line", [
    (b'{"version": 1,\n "users": {\n', 3),
    (b'{"version": 3, "users": {}}', None),
    ('{"version": 2, "users": {"x": {"office": "洋山办", "role": "管理员"}}}'.encode(), None),
    ('{"version": 2, "users": {"x": {"role": "承办"}}}'.encode(), None),
    ('{"version": 2, "users": {"x": {"office": "洋山办"}, "y": {"office": "机场办", "login": "x"}}}'.encode(), None),
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
    assert not users.passwords_path.exists()


def test_a_failed_write_leaves_the_file_and_no_temporary_file(users: UserFile, monkeypatch):
    users.add("张三", "洋山办", PASSWORD)
    before = both_files(users)

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(UsersError) as raised:
        users.add("李四", "洋山办", PASSWORD)
    assert "磁盘空间" in raised.value.message
    assert both_files(users) == before
    assert sorted(p.name for p in users.path.parent.iterdir()) == ["passwords.json", "users.json", "users.json.lock"]


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
    monkeypatch.setattr(passwords, "SCRYPT_N", 2**15)
    costlier = passwords.hash_password(PASSWORD)
    monkeypatch.undo()
    assert costlier.split("$")[1:4] == [str(2**15), "8", "1"]
    assert verify_password(PASSWORD, user.password)
    assert verify_password(PASSWORD, costlier)
    assert scrypt_matches(costlier, PASSWORD)


# -- roles, logins, mail ---------------------------------------------------------------

def test_roles_logins_and_mail_are_kept_in_the_roster(users: UserFile):
    users.add("张三", "洋山办", PASSWORD, role=Role.HANDLER, login="zhangsan", mail="zs@example.cn")
    users.add("王督办", "", None, role=Role.SUPERVISOR)
    roster = json.loads(users.path.read_text(encoding="utf-8"))
    assert roster["version"] == 2
    assert roster["users"]["张三"] == {"office": "洋山办", "role": "承办", "login": "zhangsan",
                                      "mail": "zs@example.cn", "added": roster["users"]["张三"]["added"]}
    assert roster["users"]["王督办"]["role"] == "督办" and "login" not in roster["users"]["王督办"]
    read = users.read()
    assert (read["张三"].acting_role, read["张三"].login_name) == (Role.HANDLER, "zhangsan")
    assert (read["王督办"].acting_role, read["王督办"].login_name) == (Role.SUPERVISOR, "王督办")
    assert read["王督办"].password == "", "added with no password"
    assert not verify_password("", read["王督办"].password)
    assert list(json.loads(users.passwords_path.read_text(encoding="utf-8"))["passwords"]) == ["张三"]


def test_set_changes_what_is_given_and_keeps_the_rest(users: UserFile):
    users.add("张三", "洋山办", PASSWORD, role=Role.HANDLER, login="zhangsan", mail="zs@example.cn")
    hash_before = users.get("张三").password
    users.update("张三", role=Role.SUPERVISOR)
    users.update("张三", office="机场办", mail="")
    users.update("张三", login="")
    user = users.get("张三")
    assert (user.role, user.office, user.login_name, user.mail) == (Role.SUPERVISOR, "机场办", "张三", "")
    assert user.password == hash_before


def test_the_roster_is_read_without_the_password_file(users: UserFile):
    """A terminal user cannot read passwords.json: who is who comes from users.json alone."""
    users.add("张三", "洋山办", PASSWORD, role=Role.HANDLER, login="zhangsan")
    users.passwords_path.chmod(0)  # as unreadable as it is to anyone but its owner (root reads it anyway)
    hidden = users.passwords_path.rename(users.path.with_name("elsewhere.json"))
    roster = UserFile(users.path).roster()
    assert roster.by_login("zhangsan").name == "张三"
    assert roster.users["张三"].password == ""
    hidden.rename(users.passwords_path)


LEGACY = {
    "version": 1,
    "users": {
        "张三": {"office": "洋山办", "password": "", "added": "2026-01-05T09:00:00+08:00",
                 "changed": "2026-01-05T09:00:00+08:00"},
    },
}


def test_a_first_version_file_keeps_working_and_is_split_on_its_next_write(users: UserFile):
    legacy = dict(LEGACY, users={"张三": dict(LEGACY["users"]["张三"], password=passwords.hash_password(PASSWORD))})
    users.path.write_text(json.dumps(legacy, ensure_ascii=False), encoding="utf-8")
    users.path.chmod(0o600)

    zhang = users.get("张三")
    assert verify_password(PASSWORD, zhang.password), "the web logs in from the old file as it is"
    assert zhang.role is None and zhang.acting_role is Role.HANDLER, "no role written: its office's 承办"
    assert not users.passwords_path.exists()

    users.add("李四", "机场办", None, role=Role.VIEWER)

    assert users.notes and "passwords.json" in users.notes[0]
    roster = json.loads(users.path.read_text(encoding="utf-8"))
    assert roster["version"] == 2 and "scrypt" not in users.path.read_text(encoding="utf-8")
    assert "role" not in roster["users"]["张三"], "still unwritten: nobody chose a role for 张三"
    assert roster["users"]["张三"]["added"] == LEGACY["users"]["张三"]["added"]
    hashes = json.loads(users.passwords_path.read_text(encoding="utf-8"))["passwords"]
    assert hashes == {"张三": {"password": legacy["users"]["张三"]["password"],
                              "changed": LEGACY["users"]["张三"]["changed"]}}
    assert stat.S_IMODE(users.path.stat().st_mode) == 0o640
    assert stat.S_IMODE(users.passwords_path.stat().st_mode) == 0o600
    assert verify_password(PASSWORD, users.get("张三").password)
    users.add("王五", "机场办", None, role=Role.VIEWER)
    assert users.notes == [], "split once, said once"


def test_a_write_by_root_keeps_the_files_owner_and_group(users: UserFile):
    """`sudo portboard user add` must not hand the files to root: the web server's account
    could no longer read its hashes, nor the offices' group the roster."""
    require_root("它把文件交给另一个属主")
    users.add("张三", "洋山办", PASSWORD)
    owner, group = 65534, 65534  # nobody / nogroup: any owner but root
    os.chown(users.path, owner, group)
    os.chown(users.passwords_path, owner, group)
    users.add("李四", "机场办", PASSWORD)
    for path in (users.path, users.passwords_path):
        assert (path.stat().st_uid, path.stat().st_gid) == (owner, group), path
    assert sorted(users.read()) == ["张三", "李四"]
