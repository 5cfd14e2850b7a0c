"""Spell checking benchmark: checking a 2,000-word post, and typing into a long post.

Run it alone (under a minute, Qt offscreen; ``--quick``: about 25 s)::

    python tests/benchmarks/bench_spelling.py [--quick]

Measures, medians of several runs after a warm-up:

- ``SpellingEngine.misspellings`` over a 2,000-word Markdown post, with an empty word cache (a new
  engine; the dictionary itself is loaded once per process) and with a warm one (the same post
  checked again, as after a keystroke elsewhere), against the floor: pyspellchecker's own
  ``split_words`` + ``unknown()`` over the same text, which applies none of the newsroom rules;
- suggestions: edit distance 1 only, and the full distance 2 search for a 7- and a 15-letter word
  (the searches the context menu limits to ~50 ms and leaves the rest to a worker);
- keystroke-to-repaint latency while typing steadily (one key every 30 ms) at the end of a
  12,000-word post in a QPlainTextEdit and a QTextEdit, with the checker off and on, and on with a
  distance-2 search running in the worker: the time from sending the key event to the end of the
  viewport's next paint.

``run(ctx)`` returns the same numbers as ``common.Result`` rows for the benchmark runner.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from export import spelling  # noqa: E402
from export.spelling import SpellingEngine  # noqa: E402

GROUP = "spelling"
TYPING_INTERVAL_S = 0.030

_NAMES = ["Kyiv", "Odesa", "Zelensky", "Sybiha", "Wenmoor", "Hollinsea", "Okafor", "Brackwater"]
_TYPOS = ["recieve", "goverment", "Kyvi", "untill", "teh", "misile", "definately", "occured"]


# ----------------------------------------------------------------------------------- content


def make_post(words: int, seed: int = 6) -> str:
    """A Markdown post of about ``words`` words: paragraphs with bold lead-ins, bullets, links,
    names from the newsroom list, numbers, acronyms and about one typo in a hundred words."""
    rng = random.Random(seed)
    vocabulary = _common_words(3000)
    paragraphs: list[str] = []
    count = 0
    while count < words:
        sentences = []
        for _ in range(rng.randint(2, 5)):
            length = rng.randint(8, 24)
            picked = [rng.choice(vocabulary) for _ in range(length)]
            for i in range(length):
                roll = rng.random()
                if roll < 0.01:
                    picked[i] = rng.choice(_TYPOS)
                elif roll < 0.04:
                    picked[i] = rng.choice(_NAMES)
                elif roll < 0.05:
                    picked[i] = rng.choice(["NATO", "ICBM", "84mph", "2024", "Russia’s"])
            sentences.append(" ".join(picked).capitalize() + ".")
            count += length
        paragraph = " ".join(sentences)
        kind = rng.random()
        if kind < 0.2:
            paragraph = f"**Some context:** {paragraph}"
        elif kind < 0.3:
            paragraph = f"- {paragraph}"
        elif kind < 0.4:
            paragraph += " [Read more](https://example.org/live/post-12)."
        paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def _common_words(n: int) -> list[str]:
    words = spelling._dictionary("en").words
    ranked = sorted(words, key=words.__getitem__, reverse=True)
    return [w for w in ranked if w.isalpha() and len(w) > 1][:n]


# ------------------------------------------------------------------------------------ timing


def timed(fn: Callable[[], object], *, setup: Callable[[], object] | None = None,
          warmup: int = 1, runs: int = 7) -> list[float]:
    """Seconds per run of ``fn`` after ``warmup`` runs; ``setup`` runs untimed before each."""
    for _ in range(warmup):
        if setup:
            setup()
        fn()
    samples = []
    for _ in range(runs):
        if setup:
            setup()
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def fmt(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


# ------------------------------------------------------------------------------- the engine


def engine_measures(quick: bool = False) -> list[dict[str, Any]]:
    runs = 3 if quick else 7
    post = make_post(2000)
    checker = spelling._dictionary("en").checker
    rows: list[dict[str, Any]] = []

    def floor() -> None:
        checker.unknown(checker.split_words(post))

    floor_samples = timed(floor, runs=runs)
    holder: dict[str, SpellingEngine] = {}

    def new_engine() -> None:
        holder["engine"] = SpellingEngine("en")

    cold = timed(lambda: holder["engine"].misspellings(post), setup=new_engine, runs=runs)
    warm_engine = SpellingEngine("en")
    warm = timed(lambda: warm_engine.misspellings(post), runs=runs)
    tokens = timed(lambda: spelling.find_words(post), runs=runs)
    floor_name = "pyspellchecker split_words + unknown()"
    words = len(checker.split_words(post))
    rows.append({"measure": f"check a {words}-word post, empty word cache", "samples": cold,
                 "floor": floor_samples, "floor_name": floor_name})
    rows.append({"measure": f"check a {words}-word post, warm word cache", "samples": warm,
                 "floor": floor_samples, "floor_name": floor_name})
    rows.append({"measure": "find_words (tokens and skip rules) alone", "samples": tokens})

    for word in ("goverment", "internationalizaton"):
        def distance_one(word: str = word) -> None:
            engine = SpellingEngine("en")
            engine.suggestion_search(word, budget_s=0.0)

        def distance_two(word: str = word) -> None:
            engine = SpellingEngine("en")
            engine.suggestion_search(word, budget_s=None)

        rows.append({"measure": f"suggestions, distance 1 ({len(word)} letters)",
                     "samples": timed(distance_one, runs=runs)})
        rows.append({"measure": f"suggestions, full distance 2 ({len(word)} letters)",
                     "samples": timed(distance_two, warmup=0, runs=1 if quick else 3)})
    return rows


# ------------------------------------------------------------------------------- the editor


def typing_measures(quick: bool = False) -> list[dict[str, Any]]:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QPlainTextEdit, QTextEdit

    from widgets.spelling import SpellCheckService, SpellDecorator

    app = QApplication.instance() or QApplication([])
    keys = 50 if quick else 120
    text = make_post(12000, seed=11)
    engine = SpellingEngine("en")
    engine.load()
    service = SpellCheckService()
    rows: list[dict[str, Any]] = []

    def make_class(base: type) -> type:
        class Timed(base):  # type: ignore[misc, valid-type]
            painted: float = 0.0

            def paintEvent(self, event: Any) -> None:
                super().paintEvent(event)
                self.painted = time.perf_counter()

        return Timed

    def wait_until(condition: Callable[[], bool], timeout: float = 2.0) -> None:
        deadline = time.perf_counter() + timeout
        while not condition() and time.perf_counter() < deadline:
            app.processEvents()

    for base in (QPlainTextEdit, QTextEdit):
        for mode in ("checker off", "checker on", "checker on + distance-2 search in worker"):
            editor = make_class(base)()
            editor.resize(800, 600)
            editor.show()
            editor.setPlainText(text)
            editor.moveCursor(QTextCursor.MoveOperation.End)
            editor.setFocus()
            decorator = None
            if mode != "checker off":
                decorator = SpellDecorator(editor, lambda: engine, service=service)
                wait_until(lambda d=decorator: not d.pending(), timeout=30)
            busy = mode.endswith("worker")
            wait_until(lambda: False, timeout=0.2)
            latencies: list[float] = []
            typed = "Officials said the storm was moving north. "
            for index in range(keys):
                if busy and service.pending() == 0:
                    fresh = SpellingEngine("en")  # no cached result: a full search each time
                    service.find_suggestions(fresh, "internationalizatoinz", lambda _r: None)
                editor.painted = 0.0
                start = time.perf_counter()
                QTest.keyClick(editor, typed[index % len(typed)])
                wait_until(lambda e=editor, s=start: e.painted > s, timeout=1.0)
                if editor.painted > start:
                    latencies.append(editor.painted - start)
                next_key = start + TYPING_INTERVAL_S
                while time.perf_counter() < next_key:
                    app.processEvents()
            checks = ""
            if decorator is not None:
                wait_until(lambda d=decorator: not d.pending(), timeout=30)
                checks = f"{len(decorator.misspelt_ranges())} underlined in view"
            service.wait_idle(30000)
            rows.append({"measure": f"keystroke to repaint, {base.__name__}, {mode}",
                         "samples": latencies, "note": checks})
            editor.close()
            editor.deleteLater()
            QCoreApplication.sendPostedEvents(None, 0)
            app.processEvents()
    service.shutdown()
    return rows


# ------------------------------------------------------------------------------- reporting


def print_table(rows: list[dict[str, Any]]) -> None:
    width = max(len(r["measure"]) for r in rows)
    print(f"{'measure':<{width}}  {'median':>9}  {'p95':>9}  {'floor':>9}  {'ratio':>6}  runs")
    for row in rows:
        samples = row["samples"]
        median = statistics.median(samples) if samples else None
        p95 = sorted(samples)[int(0.95 * (len(samples) - 1))] if samples else None
        floor = statistics.median(row["floor"]) if row.get("floor") else None
        ratio = f"{median / floor:.1f}x" if floor and median else ""
        print(f"{row['measure']:<{width}}  {fmt(median):>9}  {fmt(p95):>9}  {fmt(floor):>9}  "
              f"{ratio:>6}  {len(samples)}  {row.get('note', '')}")
    floors = {r["floor_name"] for r in rows if r.get("floor_name")}
    for name in floors:
        print(f"floor: {name}")


def run(ctx: Any) -> list[Any]:
    """Results for the benchmark runner (``common.Result`` rows; the store is not used)."""
    from common import make_result

    rows = engine_measures(ctx.quick) + typing_measures(ctx.quick)
    return [
        make_result(r["measure"], GROUP, ctx.size, r["samples"], r.get("floor"),
                    floor_name=r.get("floor_name", ""), note=r.get("note", ""))
        for r in rows
    ]


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    quick = "--quick" in args
    started = time.perf_counter()
    load_start = time.perf_counter()
    spelling._dictionary("en")
    load = time.perf_counter() - load_start
    print(f"English dictionary loaded in {fmt(load)} (once per process)\n")
    rows = engine_measures(quick) + typing_measures(quick)
    print_table(rows)
    print(f"\n(total {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
