"""The README's 开发 tree, regenerated from the code: one line for every package and module.

    python .ci/module_tree.py            rewrite the tree in README.md
    python .ci/module_tree.py --check    fail (listing what differs) when the README is stale

A line's description is the one the README already gives that path (written in Chinese for the
readers of the README); a module the README does not know yet gets its docstring's first line,
to be put into words there. So the tree always holds exactly the modules that exist.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
START = "## 开发\n\n```\n"
END = "\n```\n"
COLUMN = 28  # where descriptions start: wide enough for the longest indented name
# The folders beside the package, described by hand (not Python modules).
TAIL_NAMES = ("tests/", "benchmarks/")


def tree_block(readme: str) -> tuple[int, int]:
    start = readme.index(START) + len(START)
    return start, readme.index(END, start)


def known_descriptions(block: str) -> tuple[dict[str, str], list[str]]:
    """path → description for each line of the README's tree, and the hand-written tail."""
    known: dict[str, str] = {}
    stack: list[tuple[int, str]] = []
    tail: list[str] = []
    in_tail = False
    last = ""
    for line in block.splitlines():
        if line.startswith(TAIL_NAMES):
            in_tail = True
        if in_tail:
            tail.append(line)
            continue
        match = re.match(r"^( *)(\S+)\s*(.*)$", line)
        if match is None:
            continue
        indent, name, text = len(match[1]), match[2], match[3]
        if not name.endswith((".py", "/")):  # a continuation line of the description before
            if last:
                known[last] += line.strip()
            continue
        while stack and stack[-1][0] >= indent:
            stack.pop()
        parent = stack[-1][1] if stack else ""
        path = f"{parent}{name}"
        known[path], last = text, path
        if name.endswith("/"):
            stack.append((indent, path))
    return known, tail


def docstring_line(path: Path) -> str:
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    paragraph = " ".join(doc.strip().split("\n\n")[0].split())
    return f"（待写说明）{paragraph}" if paragraph else "（待写说明）"


def lines_for(folder: Path, relative: str, depth: int, known: dict[str, str]) -> list[str]:
    lines: list[str] = []
    entries = sorted(folder.iterdir(), key=lambda p: (p.is_dir(), p.name))
    for entry in entries:
        if entry.name.startswith(("_", ".")) or entry.name == "__pycache__":
            continue
        if entry.is_dir():
            if not (entry / "__init__.py").exists():
                continue
            path = f"{relative}{entry.name}/"
            text = known.get(path) or docstring_line(entry / "__init__.py")
            lines.append(line(depth, f"{entry.name}/", text))
            lines.extend(lines_for(entry, path, depth + 1, known))
        elif entry.suffix == ".py":
            path = f"{relative}{entry.name}"
            lines.append(line(depth, entry.name, known.get(path) or docstring_line(entry)))
    return lines


def line(depth: int, name: str, text: str) -> str:
    head = "  " * depth + name
    return f"{head}{' ' * max(1, COLUMN - len(head))}{text}"


def regenerated(readme: str) -> str:
    start, end = tree_block(readme)
    known, tail = known_descriptions(readme[start:end])
    body = ["portboard/"] + lines_for(ROOT / "portboard", "portboard/", 1, known) + tail
    return readme[:start] + "\n".join(body) + readme[end:]


def main(argv: list[str]) -> int:
    readme = README.read_text(encoding="utf-8")
    fresh = regenerated(readme)
    if "--check" in argv:
        if fresh != readme:
            print("README.md 的开发目录树与代码不符：运行 python .ci/module_tree.py 重新生成，再补上（待写说明）处",
                  file=sys.stderr)
            return 1
        if "（待写说明）" in fresh:
            print("README.md 的开发目录树里还有（待写说明）", file=sys.stderr)
            return 1
        return 0
    README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
