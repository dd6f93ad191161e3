"""The data measured: the real task book, a synthetic one of N items made from it, a 1 %
revision of each, and the boards synced from them (restored before every child)."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

SHANGHAI = timezone(timedelta(hours=8))
STATUSES = ("未启动", "推进中", "完成")
CLAUSE = re.compile(r"(?<=[,，;；。])")
LEADS = ["进一步", "持续", "着力", "积极", "全面", "加快", "深入"]


def generate_taskbook(real: Path, out: Path, n_items: int, seed: int = 2023) -> None:
    """A task book of n_items items, built from the real one: same header, offices and markers,
    10 sections, texts recombined from real clauses, office lists from real items or drawn from
    the vocabulary (aliases included), some markers of each kind."""
    import yaml

    src = yaml.safe_load(real.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    real_sections = src["sections"]
    real_tasks = [t for s in real_sections for t in s["tasks"]]
    real_items = [i for t in real_tasks for i in t["items"]]
    spellings = []
    for office in src["offices"]:
        spellings.append([office["name"]] + list(office.get("aliases") or []))
    symbols = [m["symbol"] for m in src["markers"]]

    n_sections = 10
    tasks_per_section = max(1, round((n_items / n_sections) ** 0.5 * 1.1))
    per_task = -(-n_items // (n_sections * tasks_per_section))
    sections, made, kp_no = [], 0, 0
    for s in range(1, n_sections + 1):
        base_section = real_sections[(s - 1) % len(real_sections)]
        tasks = []
        for t in range(1, tasks_per_section + 1):
            if made >= n_items:
                break
            kp_no += 1
            base_task = rng.choice(real_tasks)
            items = []
            for k in range(1, per_task + 1):
                if made >= n_items:
                    break
                base = rng.choice(real_items)
                clauses = [c for c in CLAUSE.split(base["text"]) if c.strip()]
                rng.shuffle(clauses)
                text = "".join(clauses[: rng.randint(1, max(1, len(clauses)))]).rstrip(",，;；")
                if rng.random() < 0.5:
                    text = rng.choice(LEADS) + text
                if not text.endswith("。"):
                    text += "。"
                if rng.random() < 0.6:
                    offices = list(base["offices"])
                else:
                    chosen = rng.sample(spellings, rng.randint(1, min(5, len(spellings))))
                    offices = [rng.choice(sp) if rng.random() < 0.2 else sp[0] for sp in chosen]
                item = {"id": f"{s}.{t}.{k}", "text": text, "offices": offices}
                markers = [m for m, p in zip(symbols, (0.05, 0.12, 0.02)) if rng.random() < p]
                if markers:
                    item["markers"] = markers
                items.append(item)
                made += 1
            tasks.append({
                "id": f"{s}.{t}",
                "title": base_task["title"],
                "key_point": {"number": kp_no, "text": base_task["key_point"]["text"]},
                "items": items,
            })
        sections.append({"number": s, "title": base_section["title"], "tasks": tasks})

    book = {k: src[k] for k in ("schema", "document", "markers", "offices")}
    book["sections"] = sections
    header = (f"# Synthetic task book for benchmarks/bench.py: {n_items} items generated from "
              f"{real.name} (seed {seed}).\n")
    class Dumper(yaml.SafeDumper):
        pass

    def lists(dumper: yaml.SafeDumper, data: list) -> yaml.Node:
        # [a, b] for lists of words, as the real file writes offices
        flow = all(isinstance(v, str) for v in data)
        return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)

    Dumper.add_representer(list, lists)
    body = yaml.dump(book, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=10_000)
    out.write_text(header + body, encoding="utf-8")


def revise_taskbook(source: Path, out: Path, fraction: float = 0.01) -> int:
    """Copy the task book, rewording the text of `fraction` of its items (at least one), in
    place in the YAML text so comments and layout stay as they are. Returns how many."""
    import yaml

    text = source.read_text(encoding="utf-8")
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))

    def field(node: Any, name: str) -> Any:
        for key, value in node.value:
            if key.value == name:
                return value
        return None

    nodes = []
    for section in field(root, "sections").value:
        for task in field(section, "tasks").value:
            for item in field(task, "items").value:
                nodes.append(field(item, "text"))
    count = max(1, round(len(nodes) * fraction))
    step = len(nodes) / count
    chosen = [nodes[int(i * step + step / 2)] for i in range(count)]
    suffix = "（修订：按季度报送进展）"
    # Splice from the end so earlier offsets stay valid. Marks are character offsets.
    for node in sorted(chosen, key=lambda n: n.start_mark.index, reverse=True):
        end = node.end_mark.index
        if node.style in ('"', "'"):
            end -= 1  # inside the closing quote
        elif node.style not in (None, ""):
            raise ValueError(f"block scalar at line {node.start_mark.line + 1}; choose another item")
        else:
            while text[end - 1] in " \t":
                end -= 1
        text = text[:end] + suffix + text[end:]
    out.write_text(text, encoding="utf-8")
    return count


def set_mixed_statuses(board: Any) -> None:
    """60% 未启动, 25% 推进中, 15% 完成, by item order, and progress reported on the cards
    under way (0–90 %, so on 2023-06-30 they show every light); written through
    portboard's storage."""
    from portboard.core.model import Status

    file_store: Any = board.store  # the file's own storage: one write for every card
    storage = file_store.storage
    with storage.transaction():
        data = storage.read()
        for doc in data["cards"].values():
            order = int(doc.get("order", 0))
            r = order % 20
            doc["status"] = (Status.TODO if r < 12 else Status.DOING if r < 17 else Status.DONE).value
            if doc["status"] == Status.DOING.value:
                doc["history"].append({"at": "2023-06-01T10:00:00+08:00", "user": "bench", "event": "progress",
                                       "progress": (order * 7) % 100})
        storage.write(data)


def add_history(board_path: Path, total_events: int, seed: int = 2023) -> int:
    """Spread events over the cards until the board holds `total_events` in all; returns the
    count. Written in one transaction through portboard's storage, as bench.py sets statuses."""
    from portboard.core.board import Board

    rng = random.Random(seed)
    board = Board(board_path)
    file_store: Any = board.store  # the file's own storage: one write for every card
    storage = file_store.storage
    with storage.transaction():
        data = storage.read()
        assert data is not None, "the board was synced just before"
        docs = list(data["cards"].values())
        held = sum(len(d["history"]) for d in docs)
        per_card, extra = divmod(total_events - held, len(docs))
        start = datetime(2023, 1, 3, 9, 0, tzinfo=SHANGHAI)
        for n, doc in enumerate(docs):
            count = per_card + (1 if n < extra else 0)
            moments = sorted(start + timedelta(minutes=rng.randrange(360 * 24 * 60)) for _ in range(count))
            status = 0
            for moment in moments:
                at = (moment.astimezone(timezone.utc) if rng.random() < 0.2 else moment).isoformat(timespec="seconds")
                roll = rng.random()
                if roll < 0.15 and status < 2:
                    event = {"event": "moved", "from": STATUSES[status], "to": STATUSES[status + 1]}
                    status += 1
                elif roll < 0.18 and status > 0:
                    event = {"event": "undone", "from": STATUSES[status], "to": STATUSES[status - 1], "undoes": at}
                    status -= 1
                else:
                    text = f"第{rng.randrange(1, 99)}次推进：完成阶段性工作，形成书面材料报送。"
                    event = {"event": "note", "text": text}
                    if rng.random() < 0.7:
                        event["office"] = doc["offices"][0]
                doc["history"].append({"at": at, "user": "bench", **event})
            doc["status"] = STATUSES[status]
        storage.write(data)
        return sum(len(d["history"]) for d in docs)


def fresh_copy(src: Path, dst: Path) -> None:
    """Replace dst with a copy of src (a new file, as portboard's own writes make)."""
    tmp = dst.with_name(dst.name + ".bench-tmp")
    shutil.copyfile(src, tmp)
    os.replace(tmp, dst)


class Dataset:
    def __init__(self, name: str, label: str, directory: Path, events: int = 0):
        self.name = name
        self.label = label
        self.dir = directory
        self.taskbook = directory / "taskbook.yaml"
        self.revised = directory / "taskbook-revised.yaml"
        self.db = directory / "board.json"
        self.pristine = directory / "board.pristine.json"
        self.cards = directory / "cards.json"
        self.items = 0
        self.revised_items = 0
        self.check_output: list[str] = []
        self.events = events  # history to spread over the cards (0: a move or a note here and there)

    def prepare(self) -> None:
        from portboard.core.board import Board
        from portboard.core.taskbook import load_taskbook

        check = subprocess.run([str(Path(sys.executable).with_name("portboard")), "check",
                                "--taskbook", str(self.taskbook)], capture_output=True, text=True)
        self.check_output = (check.stdout + check.stderr).strip().splitlines()
        self.check_ok = check.returncode == 0
        if not self.check_ok:
            raise SystemExit(f"portboard check rejected {self.taskbook}:\n" + "\n".join(self.check_output))
        book = load_taskbook(self.taskbook)
        self.items = len(book.items)
        self.revised_items = revise_taskbook(self.taskbook, self.revised)
        from portboard.core.taskbook_digest import taskbook_digest

        board = Board(self.db)
        # As a command makes it: the task book's hash recorded, so the next command skips the sync.
        board.sync(book, user="bench", create=True, taskbook_hash=taskbook_digest(self.taskbook))
        set_mixed_statuses(board)
        if self.events:
            add_history(self.db, self.events)
        shutil.copyfile(self.db, self.pristine)
        self.cards.write_text(json.dumps(
            [{"id": c.id, "text": c.text, "lead": c.lead} for c in board.cards() if not c.archived],
            ensure_ascii=False), encoding="utf-8")

    def restore(self) -> None:
        fresh_copy(self.pristine, self.db)
