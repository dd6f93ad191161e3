"""The figures as a table: one row per figure, its value, its target and PASS or MISS."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def portboard_version() -> str:
    """The commit measured, and whether the work tree differs from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "portboard"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
        return f"portboard {head}" + (" + uncommitted changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        import portboard
        return f"portboard {portboard.__version__}"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def build_rows(fig: dict, real: dict | None) -> list[dict]:
    """One row per figure: label, value text, target text, result (or '' for information)."""
    fp, mini = fig["paint"]["portboard"], fig["paint"]["minimal"]
    s, sy = fig["session"], fig["sync"]
    rows = []

    def row(label: str, value: str, target: str = "", ok: bool | None = None, key: str | None = None,
            number: Any = None) -> None:
        rows.append({"label": label, "value": value, "target": target,
                     "result": "" if ok is None else verdict(ok), "key": key, "number": number})

    def spread(st: dict, unit: str = "ms", fmt: str = "{:.1f}") -> str:
        return f"{fmt.format(st['median'])} {unit}  ({fmt.format(st['min'])}–{fmt.format(st['max'])})"

    paint = fp["first_paint"]["median"]
    ratio = paint / fig["paint"]["minimal"]["first_paint"]["median"]
    if real is None:
        row("1. start → first full paint", spread(fp["first_paint"], fmt="{:.0f}"),
            f"≤ 1.2× minimal app ({ratio:.2f}×)", ratio <= 1.2, "first_paint_ms", paint)
    else:
        real_paint = real["paint"]["portboard"]["first_paint"]["median"]
        r2 = paint / real_paint
        row("1. start → first full paint", spread(fp["first_paint"], fmt="{:.0f}"),
            f"≤ 2× real board ({r2:.2f}×)", r2 <= 2.0, "first_paint_ms", paint)
        row("     vs minimal app", f"{ratio:.2f}×", key="first_paint_vs_minimal", number=ratio)
    row("     of which: Python + imports", spread(fp["imports"], fmt="{:.0f}"))
    row("               prepare (load + sync)", spread(fp["prepare"], fmt="{:.0f}"))
    row("               app start → painted", spread(fp["app_to_paint"], fmt="{:.0f}"))
    row("   minimal app: start → first paint", spread(mini["first_paint"], fmt="{:.0f}"),
        key="minimal_first_paint_ms", number=mini["first_paint"]["median"])
    row("     of which: Python + imports", spread(mini["imports"], fmt="{:.0f}"))
    row("               app start → painted", spread(mini["app_to_paint"], fmt="{:.0f}"))

    disk_target, screen_target, filter_target = (16, 50, 50) if real is None else (100, 100, 200)
    d = s["move_disk_ms"]["median"]
    row(f"2. key → move on disk ({s['moves']} moves, {s['moves_verified']} verified)",
        spread(s["move_disk_ms"]), f"≤ {disk_target} ms", d <= disk_target, "move_disk_ms", d)
    row("     first move of the session", f"{s['move_disk_first_ms']:.1f} ms")
    v = s["move_screen_ms"]["median"]
    row("3. key → move on screen", spread(s["move_screen_ms"]), f"≤ {screen_target} ms",
        v <= screen_target, "move_screen_ms", v)
    row("     first move of the session", f"{s['move_screen_first_ms']:.1f} ms")
    row("     key → last repaint (app quiet again)", spread(s["move_quiet_ms"]),
        key="move_quiet_ms", number=s["move_quiet_ms"]["median"])
    row("   minimal app: key → repaint (scroll)", spread(s["minimal_key_repaint_ms"]),
        f"(portboard {v / s['minimal_key_repaint_ms']['median']:.1f}×)",
        key="minimal_key_repaint_ms", number=s["minimal_key_repaint_ms"]["median"])
    f1 = s["filter_direct_ms"]["median"]
    row("4. office filter: apply_filter → redrawn", spread(s["filter_direct_ms"]),
        f"≤ {filter_target} ms", f1 <= filter_target, "filter_direct_ms", f1)
    f2 = s["filter_picker_ms"]["median"]
    row("   office filter: Enter in picker → redrawn", spread(s["filter_picker_ms"]),
        f"≤ {filter_target} ms", f2 <= filter_target, "filter_picker_ms", f2)
    f3 = s["filter_light_ms"]["median"]
    row("   light filter (红/黄/绿/全部) → redrawn", spread(s["filter_light_ms"]),
        f"≤ {filter_target} ms", f3 <= filter_target, "filter_light_ms", f3)
    row("   key o → office picker shown", spread(s["picker_open_ms"]),
        key="picker_open_ms", number=s["picker_open_ms"]["median"])

    parse = sy["parse_ms"]["median"]
    row("5. parse the YAML (load_taskbook)", spread(sy["parse_ms"]), key="parse_ms", number=parse)
    noop = sy["noop_sync_ms"]["median"]
    big = real is not None
    row("   no-op sync (fresh Board, reads board.json)", spread(sy["noop_sync_ms"]),
        f"≤ 2× parse ({noop / parse:.2f}×)" if big else f"({noop / parse:.2f}× parse)",
        (noop <= 2 * parse) if big else None, "noop_sync_ms", noop)
    row("   no-op sync (warm Board, as in the TUI)", spread(sy["noop_sync_warm_ms"]),
        f"({sy['noop_sync_warm_ms']['median'] / parse:.2f}× parse)")
    rev = sy["revision_sync_ms"]["median"]
    row(f"   sync after 1% revision ({sy['revision_items']} items reworded)", spread(sy["revision_sync_ms"]),
        f"≤ 2× parse ({rev / parse:.2f}×)" if big else f"({rev / parse:.2f}× parse)",
        (rev <= 2 * parse) if big else None, "revision_sync_ms", rev)
    row("   no-op sync leaves board.json untouched", "no" if sy["noop_sync_writes"] else "yes",
        "yes (inode, mtime_ns, size)", not sy["noop_sync_writes"], "noop_sync_untouched",
        not sy["noop_sync_writes"])

    rss = fp["rss_mb"]["max"]
    mem_ok = (rss <= 100) if big else None
    row("6. peak memory, board open (VmHWM)", f"{rss:.1f} MB",
        "≤ 100 MB" if big else "", mem_ok, "rss_open_mb", rss)
    rss2 = s["rss_session_mb"]
    row("   peak memory after moves and filters", f"{rss2:.1f} MB",
        "≤ 100 MB" if big else "", (rss2 <= 100) if big else None, "rss_session_mb", rss2)
    row("   minimal app: peak memory, open", f"{mini['rss_mb']['max']:.1f} MB",
        f"(portboard {rss / mini['rss_mb']['max']:.2f}×)", key="minimal_rss_mb", number=mini["rss_mb"]["max"])
    return rows


def print_table(title: str, rows: list[dict]) -> None:
    from portboard.cells import cell_width, fit

    w0 = max(cell_width(r["label"]) for r in rows) + 2
    w1 = max(cell_width(r["value"]) for r in rows) + 2
    w2 = max(max(cell_width(r["target"]) for r in rows), 6) + 2
    print()
    print(title)
    print("-" * (w0 + w1 + w2 + 6))
    print(fit("figure", w0) + fit("median (min–max)", w1) + fit("target", w2) + "result")
    for r in rows:
        print(fit(r["label"], w0) + fit(r["value"], w1) + fit(r["target"], w2) + r["result"])
