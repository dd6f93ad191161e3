"""How long `portboard import` takes on the published 2023 edition (target: ≤ 1 s).

A script that prints figures, not a test: it never fails on a missed target, it prints
PASS / MISS beside each figure.

    .venv/bin/python benchmarks/edition.py            # 7 runs of each
    .venv/bin/python benchmarks/edition.py --runs 15

Figures (medians):
  * command   `python -m portboard import SEED --taskbook data/taskbook.yaml -o OUT --force`
              in a fresh process, wall clock from spawn to exit: what a person waits for;
              for the text and for the same edition as a Word table (python-docx loaded).
  * in-process import_edition() on a warm interpreter (read, parse, resolve, pair by text,
              emit, check), for the text and for the same edition as a Word table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from boardbench.bytecode import cache_bytecode  # benchmarks/ is the script's folder

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "tests" / "edition" / "seed_2023.txt"  # a copy of ../shared/seed/000_081d161798adbf39.txt
TASKBOOK = REPO / "data" / "taskbook.yaml"
TARGET_SECONDS = 1.0


def command_seconds(seed: Path, runs: int, work: Path) -> list[float]:
    output = work / "imported.yaml"
    command = [sys.executable, "-m", "portboard", "import", str(seed), "--taskbook", str(TASKBOOK),
               "-o", str(output), "--force"]
    env = {**os.environ, "PORTBOARD_USER": "benchmark"}
    samples = []
    for _ in range(runs + 1):  # the first run warms the disk cache and is not counted
        start = time.perf_counter()
        done = subprocess.run(command, check=False, cwd=work, env=env, capture_output=True, text=True)
        samples.append(time.perf_counter() - start)
        if done.returncode != 0:
            sys.exit(f"portboard import failed:\n{done.stderr}")
    return samples[1:]


def in_process_seconds(source: Path, runs: int) -> list[float]:
    from portboard.core.edition.importer import import_edition
    from portboard.core.taskbook import load_taskbook

    current = load_taskbook(TASKBOOK)
    samples = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        result = import_edition(source, current, write_was=True)
        samples.append(time.perf_counter() - start)
    assert result.book.counts()["items"] == 67, result.book.counts()
    return samples[1:]


def word_table(work: Path) -> Path:
    """The seed as the issued Word file lays it out (built with the tests' own helper)."""
    sys.path.insert(0, str(REPO / "tests" / "edition"))
    from editions import seed_text, table_docx  # type: ignore[import-not-found]  # the tests' helper, on sys.path above

    return table_docx(seed_text(), work / "seed.docx")


def report(name: str, samples: list[float]) -> None:
    median = statistics.median(samples)
    verdict = "PASS" if median <= TARGET_SECONDS else "MISS"
    print(f"{name:<44} {median * 1000:8.1f} ms   (min {min(samples) * 1000:.1f}, max {max(samples) * 1000:.1f}; "
          f"target ≤ {TARGET_SECONDS * 1000:.0f} ms)  {verdict}")


def main() -> None:
    cache_bytecode()  # as on a user's machine: see boardbench/bytecode.py
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=Path, default=SEED)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print(f"seed: {args.seed} ({args.seed.stat().st_size:,} bytes), current task book: {TASKBOOK}")
        docx = word_table(work)
        report("portboard import (fresh process, .txt)", command_seconds(args.seed, args.runs, work))
        report("portboard import (fresh process, .docx table)", command_seconds(docx, args.runs, work))
        report("import_edition() in-process, .txt", in_process_seconds(args.seed, args.runs))
        report("import_edition() in-process, .docx table", in_process_seconds(docx, args.runs))


if __name__ == "__main__":
    main()
