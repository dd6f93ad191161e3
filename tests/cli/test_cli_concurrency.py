"""Several `portboard move` processes at the same moment: every move is kept, none lost.

The test holds the board's lock while starting the processes, so they all queue on it and
then race for it the moment it is released.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from filelock import FileLock
from waiting import in_timed_sleep, wait_at_most

from portboard.core.board import Board
from portboard.core.storage.jsonstorage import LOCK_TIMEOUT_SECONDS


def stored_cards(board_path: Path) -> dict[str, dict]:
    return {d["id"]: d for d in json.loads(board_path.read_text(encoding="utf-8"))["cards"].values()}


def moved_events(doc: dict) -> list[tuple[str, str]]:
    return [(e["from"], e["to"]) for e in doc["history"] if e["event"] == "moved"]


DIFFERENT_CARDS = {"1.1.1": "推进中", "2.1.2": "完成", "3.1.1": "推进中", "10.6.2": "完成"}
SAME_CARD = "6.1.1"
SAME_CARD_TARGETS = ["推进中", "完成", "未启动"]
QUEUE_WITHIN = LOCK_TIMEOUT_SECONDS - 1.5  # seconds: the processes start a little after the wait does


def test_simultaneous_moves_are_all_recorded(synced_board: Board, board_path: Path, start_cli, finish_cli):
    lock = FileLock(f"{board_path}.lock")
    with lock:
        running = [start_cli("move", item_id, status) for item_id, status in DIFFERENT_CARDS.items()]
        running += [start_cli("move", SAME_CARD, status) for status in SAME_CARD_TARGETS]
        # Let go once all of them wait for the lock, so they race for it at once; but before
        # the first to come gives up (after LOCK_TIMEOUT_SECONDS): a late one still races.
        wait_at_most(lambda: all(in_timed_sleep(p.pid) for p in running), QUEUE_WITHIN)
    results = [finish_cli(p) for p in running]

    for result in results:
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
    cards = stored_cards(board_path)

    for item_id, status in DIFFERENT_CARDS.items():
        assert cards[item_id]["status"] == status
        assert moved_events(cards[item_id]) == [("未启动", status)]

    # The same card: whatever order the processes ran in, each reported change is one
    # event, the events chain (each starts where the previous ended), and the card ends
    # where the last event left it.
    reported = Counter()
    for result in results[len(DIFFERENT_CARDS):]:
        match = re.fullmatch(rf"{re.escape(SAME_CARD)}：(\S+) → (\S+)\n", result.stdout)
        if match:
            reported[(match[1], match[2])] += 1
        else:
            assert re.fullmatch(rf"{re.escape(SAME_CARD)} 已经是 \S+，未改动\n", result.stdout), result.stdout
    events = moved_events(cards[SAME_CARD])
    assert Counter(events) == reported
    assert len(events) >= 2  # from 未启动, at most one of the three can be a no-op
    assert events[0][0] == "未启动"
    for (_, to), (frm, _) in zip(events, events[1:]):
        assert frm == to
    assert cards[SAME_CARD]["status"] == events[-1][1]
    # nothing else on the board changed
    touched = set(DIFFERENT_CARDS) | {SAME_CARD}
    assert all(len(d["history"]) == 1 for i, d in cards.items() if i not in touched)
