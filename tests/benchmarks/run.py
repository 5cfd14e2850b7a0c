"""Livedesk's benchmark suite: ``make bench`` (or ``python tests/benchmarks/run.py``).

Builds (or reuses from ``tests/benchmarks/.cache/``) stores of 1k, 10k and 100k posts, runs every
group of measures in a fresh worker process per store size, prints a table of medians, floors,
ratios, targets and verdicts, and writes ``results.json``, ``table.md`` and ``chart.png`` into
``docs/benchmarks/``. Targets are reported as met or missed, never asserted: the exit status is 0
whenever the suite ran.

    python tests/benchmarks/run.py                 # everything (under 10 minutes on 2 cores)
    python tests/benchmarks/run.py --quick         # 1k and 10k stores only, fewer runs
    python tests/benchmarks/run.py --sizes 1000 --groups store gui
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from common import (  # noqa: E402
    MET,
    MISSED,
    NA,
    ROOT,
    Context,
    Result,
    Target,
    format_value,
    peak_rss_bytes,
)

SIZES = (1000, 10_000, 100_000)
QUICK_SIZES = (1000, 10_000)
#: Groups measured on every generated store, in this order.
STORE_GROUPS = ("store", "gui", "export", "startup")
#: Groups measured once (they do not depend on the store).
ONCE_GROUPS = ("spelling",)
MARKER = "BENCH-RESULTS "
SPELLCHECK = Target("≤ 3x floor", ratio=3.0)


# ------------------------------------------------------------------------------------ workers


def worker(group: str, ctx: Context) -> None:
    """Run one group in this (fresh) process and print its results as one JSON line."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_API", "pyside6")
    module = importlib.import_module(f"bench_{group}")
    results: list[Result] = module.run(ctx)
    peak = peak_rss_bytes()
    rows = []
    for result in results:
        # Cold starts report their own child's memory (or none when the app cannot be timed).
        if result.peak_rss is None and group != "startup":
            result.peak_rss = peak
        rows.append(result.as_dict())
    print(MARKER + json.dumps(rows), flush=True)


def run_worker(group: str, size: int, store: Path, *, quick: bool,
               label: str = "") -> list[dict[str, Any]]:
    argv = [sys.executable, str(Path(__file__).resolve()), "--worker", group, "--size", str(size),
            "--store", str(store)]
    if quick:
        argv.append("--quick")
    if label:
        argv += ["--label", label]
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.setdefault("QT_API", "pyside6")
    started = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=ROOT)
    took = time.perf_counter() - started
    for line in proc.stderr.splitlines():
        # The offscreen platform says this for every window shown; nothing else is hidden.
        if line.strip() != "This plugin does not support propagateSizeHints()":
            print(f"    [{group}] {line}", file=sys.stderr)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(MARKER):
            rows: list[dict[str, Any]] = json.loads(line[len(MARKER):])
            print(f"  {group:<8} {label or f'{size:,} posts':<14} {took:5.1f} s", file=sys.stderr,
                  flush=True)
            return rows
    why = f"the {group} worker failed (exit {proc.returncode}); see its output above"
    print(f"  {group:<8} {size:>7,}  FAILED (exit {proc.returncode})", file=sys.stderr,
          flush=True)
    return [Result.unavailable(f"{group} measures", group, size, why).as_dict()]


def sample_store() -> Path:
    """A store holding only the shipped sample blog (cached, rebuilt when the sample changes)."""
    from generate import CACHE_DIR

    from storage import SCHEMA_VERSION

    source = ROOT / "resources" / "sample" / "sample-blog.json"
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:10]
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    path = CACHE_DIR / f"sample-{digest}-s{SCHEMA_VERSION}.livedesk"
    if not path.exists():
        for stale in CACHE_DIR.glob("sample-*.livedesk*"):
            stale.unlink()
        temp = CACHE_DIR / f".sample-{os.getpid()}.livedesk"
        subprocess.run([sys.executable, str(ROOT / "main.py"), "sample", "--store", str(temp)],
                       check=True, cwd=ROOT, stderr=subprocess.DEVNULL)
        os.replace(temp, path)
    return path


# ------------------------------------------------------------------------------------ report


def _size_text(row: dict[str, Any]) -> str:
    if row["group"] == "spelling":
        return "-"
    if row["size"] == 0:
        return "sample"
    return f"{row['size']:,}"


def _ratio_text(row: dict[str, Any]) -> str:
    ratio = row.get("ratio")
    if ratio is None:
        return "-"
    return f"{ratio:.2f}x" if ratio < 10 else f"{ratio:.0f}x"


def table_rows(rows: list[dict[str, Any]]) -> list[list[str]]:
    lines = []
    for row in rows:
        median = format_value(row["median"], row["unit"]) if row["median"] is not None \
            else (row["note"] or "-")
        lines.append([row["measure"], _size_text(row), median,
                      format_value(row["floor"], row["unit"]), _ratio_text(row),
                      row["target"] or "-", row["verdict"],
                      format_value(row["peak_rss"], "bytes") if row.get("peak_rss") else "-"])
    return lines


HEADER = ["measure", "posts", "median", "floor", "ratio", "target", "verdict", "peak RSS"]


def print_table(rows: list[dict[str, Any]]) -> None:
    lines = table_rows(rows)
    # A long "not available yet (...)" note is shortened in the terminal; the JSON keeps it.
    for line in lines:
        if len(line[2]) > 24:
            line[2] = line[2][:21] + "..."
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(HEADER)]
    right = {1, 2, 3, 4, 7}

    def fmt(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True)))

    print(fmt(HEADER))
    print("  ".join("-" * w for w in widths))
    group = None
    for row, line in zip(rows, lines, strict=True):
        if group is not None and row["group"] != group:
            print()
        group = row["group"]
        print(fmt(line))


def markdown_table(rows: list[dict[str, Any]]) -> str:
    out = ["| " + " | ".join(HEADER) + " |", "|" + "|".join("---" for _ in HEADER) + "|"]
    for line in table_rows(rows):
        out.append("| " + " | ".join(cell.replace("|", "/") for cell in line) + " |")
    return "\n".join(out) + "\n"


def order_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups = {g: i for i, g in enumerate(("startup", "gui", "store", "export", "spelling"))}
    first_seen: dict[str, int] = {}
    for i, row in enumerate(rows):
        first_seen.setdefault(row["measure"], i)
    return sorted(rows, key=lambda r: (groups.get(r["group"], 9), first_seen[r["measure"]],
                                       r["size"]))


def apply_late_targets(rows: list[dict[str, Any]]) -> None:
    """Targets for modules written before their target was settled (spelling)."""
    for row in rows:
        if row["group"] == "spelling" and not row["target"] and "word post" in row["measure"] \
                and row["measure"].startswith("check"):
            result = Result(row["measure"], row["group"], row["size"], row["median"],
                            row["floor"])
            row["target"] = SPELLCHECK.text
            row["verdict"] = SPELLCHECK.verdict(result)


def machine() -> dict[str, Any]:
    try:
        load = os.getloadavg()
    except OSError:
        load = (0.0, 0.0, 0.0)
    return {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "load_average": [round(x, 2) for x in load]}


# --------------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="1k and 10k stores only, fewer runs (a smoke run)")
    parser.add_argument("--sizes", type=int, nargs="+", help="store sizes in posts")
    parser.add_argument("--groups", nargs="+", choices=STORE_GROUPS + ONCE_GROUPS,
                        help="only these groups of measures")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks",
                        help="folder for results.json, table.md and chart.png")
    parser.add_argument("--chart-only", action="store_true",
                        help="redraw chart.png and table.md from the results.json in --out")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--label", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, Context(args.size, args.store, args.quick, label=args.label))
        return 0

    if args.chart_only:
        from chart import draw_chart

        document = json.loads((args.out / "results.json").read_text(encoding="utf-8"))
        machine_then = document["machine"]
        draw_chart(document["results"], args.out / "chart.png",
                   f"{document['generated_at']}, {machine_then['cpus']} CPUs, load average "
                   f"{machine_then['load_average'][0]:.1f} at the start; Python "
                   f"{machine_then['python']}")
        (args.out / "table.md").write_text(markdown_table(document["results"]),
                                           encoding="utf-8")
        return 0

    from generate import cached_store

    started = time.perf_counter()
    sizes = tuple(args.sizes or (QUICK_SIZES if args.quick else SIZES))
    groups = tuple(args.groups or STORE_GROUPS + ONCE_GROUPS)
    before = machine()
    generated: dict[int, float | None] = {}
    rows: list[dict[str, Any]] = []
    print(f"Livedesk benchmarks: stores of {', '.join(f'{s:,}' for s in sizes)} posts; "
          f"groups {', '.join(groups)}", file=sys.stderr)
    if before["load_average"][0] > (before["cpus"] or 1):
        print(f"warning: load average {before['load_average'][0]} on {before['cpus']} CPUs: "
              "other work is running, timings will be noisy", file=sys.stderr)
    for size in sizes:
        path, seconds = cached_store(size)
        generated[size] = seconds
        for group in STORE_GROUPS:
            if group in groups:
                rows += run_worker(group, size, path, quick=args.quick)
    if "startup" in groups:
        rows += run_worker("startup", 0, sample_store(), quick=args.quick, label="sample blog")
    for group in ONCE_GROUPS:
        if group in groups:
            if (HERE / f"bench_{group}.py").exists():
                rows += run_worker(group, 0, Path("/dev/null"), quick=args.quick)
            else:
                rows.append(Result.unavailable(f"{group} measures", group, 0).as_dict())
    apply_late_targets(rows)
    rows = order_rows(rows)
    elapsed = time.perf_counter() - started

    print()
    print_table(rows)
    verdicts = [r["verdict"] for r in rows]
    print(f"\ntargets: {verdicts.count(MET)} met, {verdicts.count(MISSED)} missed, "
          f"{sum(1 for r in rows if r['target'] and r['verdict'] == NA)} not measured "
          f"(n.a.); total {elapsed:.0f} s")
    built = {s: t for s, t in generated.items() if t is not None}
    if built:
        print("stores generated this run: " + ", ".join(f"{s:,} posts in {t:.0f} s"
                                                          for s, t in built.items()))

    args.out.mkdir(parents=True, exist_ok=True)
    document = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "command": "make bench" + (" BENCH_ARGS=--quick" if args.quick else ""),
        "machine": before, "load_average_after": machine()["load_average"],
        "seconds": round(elapsed, 1), "store_generation_s": generated, "results": rows,
    }
    (args.out / "results.json").write_text(json.dumps(document, indent=1, ensure_ascii=False)
                                           + "\n", encoding="utf-8")
    (args.out / "table.md").write_text(markdown_table(rows), encoding="utf-8")
    from chart import draw_chart

    load = before["load_average"][0]
    draw_chart(rows, args.out / "chart.png",
               f"{document['generated_at']}, {before['cpus']} CPUs, load average {load:.1f} at "
               f"the start; Python {before['python']}; posts: stores generated by "
               "tests/benchmarks/generate.py")
    print(f"wrote {args.out / 'results.json'}, table.md and chart.png", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
