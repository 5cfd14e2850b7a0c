"""Benchmark stores: one live blog of N posts with realistic content, built with the BlogStore API.

Bodies are Markdown of 150 to 600 words from a seeded word and sentence generator (bold lead-ins,
bullet lists, links, the odd quote); posts carry 0 to 3 of ~30 tags, 1 to 3 contributors with
places, and about one in five references photos by URL. A few posts are pinned, a few are drafts.
Posts are created oldest first, each at the top of the blog, the way an editor adds them.

Stores are cached in ``tests/benchmarks/.cache/`` (gitignored) under a name that carries
``GENERATOR_VERSION`` and the schema version: change either and the stores are built again.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from storage import SCHEMA_VERSION, BlogStore, Contributor, Media  # noqa: E402

#: Bump when the generated content changes, so cached stores are rebuilt.
GENERATOR_VERSION = 2
CACHE_DIR = Path(os.environ.get("LIVEDESK_BENCH_CACHE", Path(__file__).parent / ".cache"))
SLUG = "bench-blog"
#: Page cache of the connection that builds a store, in KiB.
BUILD_CACHE_KIB = 256 * 1024
#: Posts created per transaction. One transaction for the whole store is what the API invites,
#: but ``BlogStore._notify`` de-duplicates a transaction's changes with a list (``change not in
#: seen``): quadratic in the number of posts a transaction creates (4,000 posts: 3 s; 100,000
#: posts: over half an hour). Chunks of 500 keep that near 10 s in all.
CHUNK = 500

# A news vocabulary, most frequent first: the generator draws from it with Zipf-like weights, so
# a few words ("the", "of") occur in every post and most in a few percent of them.
_FUNCTION = ("the of and to in a that for on was is said with at by from as it were have has "
             "had be been an after their they this more than but not which who also about "
             "into over up out its all would could will before some there when two three "
             "most many other new while where just only under people since during")
_NEWS = ("government officials minister city residents police water storm flood river power "
         "wind rain homes roads bridge emergency services crews rescue hospital schools "
         "coast weather warning evacuation shelters army support aid council report morning "
         "night hours week day region north south east west border capital talks president "
         "parliament vote election campaign court ruling judge law trial evidence spokesman "
         "statement press conference interview agency data figures estimate damage cost "
         "billion million percent prices market energy fuel gas electricity grid outage "
         "repair trains flights airport port ships trucks supplies food medicine doctors "
         "nurses patients injured killed missing search teams volunteers families children "
         "students workers union strike protest crowd streets square mayor governor district "
         "village town county province state federal national international allies partners "
         "sanctions missiles drones attack defense troops forces front line "
         "negotiations envoy summit leaders meeting agreement deal plan budget tax reform "
         "economy growth inflation bank rates jobs companies industry exports imports "
         "climate temperature record heat drought fires smoke air quality forecast "
         "meteorologists satellite images footage video photos witnesses accounts "
         "correspondent reporters newsroom update latest developments timeline analysis "
         "context background history decades years months yesterday today tomorrow "
         "officials confirmed denied warned urged announced expected remained continued "
         "reached rose fell increased decreased closed opened restored cut blocked "
         "damaged destroyed collapsed flooded evacuated rescued arrived left returned "
         "moved travelled spoke told asked added noted described called estimated")
_NAMES = ("Amara Okafor", "Lena Fischer", "Tomás Herrera", "Priya Nair", "Jonas Berg",
          "Mei Chen", "Olivia Grant", "Yusuf Demir", "Hanna Kowalska", "Diego Marín",
          "Sofia Rossi", "Kwame Mensah", "Ingrid Holm", "Rafael Costa", "Aisha Rahman",
          "Pierre Laurent", "Nora Lindqvist", "Samuel Adeyemi", "Clara Novak", "Omar Haddad",
          "Elena Petrova", "Marcus Reid", "Yuki Tanaka", "Fatima Zahra", "Lucas Moreau",
          "Grace Mwangi", "Henrik Dahl", "Isabel Ortega", "Tariq Aziz", "Chloe Bennett",
          "Daniel Weiss", "Leila Karimi", "Oscar Nilsson", "Zainab Bello", "Ethan Brooks",
          "Marta Silva", "Viktor Horvath", "Ayesha Siddiqui", "Paul Dubois", "Rosa Jiménez")
_PLACES = ("London", "Kyiv", "Brussels", "Berlin", "Paris", "Warsaw", "Rome", "Madrid",
           "Lisbon", "Dublin", "Glasgow", "Cardiff", "Washington", "New York", "Nairobi",
           "Lagos", "Istanbul", "Tokyo", "Seoul", "São Paulo")
TAGS = ("Storm", "Flooding", "Power cuts", "Evacuations", "Transport", "Rescue", "Weather",
        "Politics", "Economy", "Energy", "Health", "Schools", "Police", "Courts", "Elections",
        "Climate", "Air defense", "Diplomacy", "Sanctions", "Aid", "North Korea", "Ukraine",
        "Europe", "Africa", "Asia", "Americas", "Fact check", "Analysis", "Eyewitness", "Video")
_LABELS = ("Breaking", "Analysis", "Catch up", "Fact check", "Explainer", "Update")
_LEADS = ("Some context:", "Remember:", "What we know:", "Why it matters:", "The latest:",
          "Background:", "In numbers:", "What's next:")
#: Words the searches use: in every post, in about one post in twenty, in a handful.
COMMON_WORD = "the"
TYPICAL_WORD = "ceasefire"
RARE_WORD = "zeppelin"


class _Words:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        words = _FUNCTION.split() + _NEWS.split()
        self.words = words
        # Zipf-like: weight 1/(rank+2) so the function words dominate as in real prose.
        self.cum_weights: list[float] = []
        total = 0.0
        for rank in range(len(words)):
            total += 1.0 / (rank + 2)
            self.cum_weights.append(total)

    def sentence(self, low: int = 8, high: int = 22) -> str:
        n = self.rng.randint(low, high)
        words = self.rng.choices(self.words, cum_weights=self.cum_weights, k=n)
        if self.rng.random() < 0.3:
            words[self.rng.randrange(n)] = self.rng.choice(_PLACES)
        if self.rng.random() < 0.15:
            words[self.rng.randrange(n)] = self.rng.choice(_NAMES).split()[1]
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."


def make_body(rng: random.Random, words: _Words, target: int, index: int) -> str:
    """A Markdown body of about ``target`` words."""
    blocks: list[str] = []
    count = 0
    while count < target:
        kind = rng.random()
        if kind < 0.15 and count:
            items = [words.sentence(4, 12) for _ in range(rng.randint(2, 4))]
            blocks.append("\n".join(f"- {item}" for item in items))
            count += sum(len(item.split()) for item in items)
        elif kind < 0.2 and count:
            quote = words.sentence(10, 24)
            blocks.append(f"> “{quote}”")
            count += len(quote.split())
        else:
            sentences = [words.sentence() for _ in range(rng.randint(2, 5))]
            if rng.random() < 0.3:
                sentences.insert(0, f"**{rng.choice(_LEADS)}**")
            if rng.random() < 0.25:
                i = rng.randrange(len(sentences))
                sentences[i] += (f" [Read more](https://news.example.com/{index}/"
                                 f"{rng.randrange(10**6)}).")
            paragraph = " ".join(sentences)
            blocks.append(paragraph)
            count += len(paragraph.split())
    return "\n\n".join(blocks)


def build_store(path: Path, posts: int, *, seed: int = 9, progress: bool = True) -> float:
    """Create a store at ``path`` with one blog of ``posts`` posts; returns the seconds taken."""
    rng = random.Random(seed)
    words = _Words(rng)
    started = time.perf_counter()
    store = BlogStore.create(path)
    # Large transactions spill SQLite's default 2 MB page cache to the WAL over and over while the
    # search index is built; a bigger cache for this connection only keeps those pages in memory.
    store.db.execute(f"PRAGMA cache_size = -{BUILD_CACHE_KIB}")
    try:
        start = datetime(2025, 10, 14, 6, 0, tzinfo=UTC)
        with store.transaction():
            blog = store.create_blog(
                SLUG, f"Storm coverage, {posts:,} posts", timezone="Europe/London",
                coverage_start=start.isoformat(timespec="seconds"),
                authors=["Amara Okafor", "Jonas Berg", "Mei Chen"])
            for i in range(4):
                store.add_summary_item(blog.id, f"**{_LEADS[i]}** {words.sentence()}")
        rare_every = max(posts // 5, 1)
        for chunk_start in range(0, posts, CHUNK):
            with store.transaction():
                for i in range(chunk_start, min(chunk_start + CHUNK, posts)):
                    _add_post(store, blog.id, rng, words, start, i, posts, rare_every)
            done = min(chunk_start + CHUNK, posts)
            if progress and posts >= 10_000 and done % (posts // 10) == 0:
                print(f"  generating {posts:,}-post store: {done:,} posts, "
                      f"{time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    finally:
        store.close()
    return time.perf_counter() - started


def _add_post(store: BlogStore, blog_id: int, rng: random.Random, words: _Words,
              start: datetime, i: int, posts: int, rare_every: int) -> None:
    moment = start + timedelta(minutes=3 * i, seconds=rng.randrange(60))
    stamp = moment.isoformat(timespec="seconds")
    body = make_body(rng, words, rng.randint(150, 600), i)
    if rng.random() < 0.05:
        body += f"\n\nTalks on a {TYPICAL_WORD} continued overnight."
    if i % rare_every == 0:
        body += f"\n\nA {RARE_WORD} was seen over the coast."
    people = rng.sample(_NAMES, rng.choice((1, 1, 1, 2, 2, 3)))
    contributors = [Contributor(name, rng.choice(_PLACES) if rng.random() < 0.7 else None)
                    for name in people]
    media = []
    if rng.random() < 0.2:
        media = [Media(f"https://images.example.com/{i}/{k}.jpg", alt=words.sentence(4, 8),
                       caption=words.sentence(6, 14), credit=f"Photo: {rng.choice(_NAMES)}")
                 for k in range(rng.choice((1, 1, 2)))]
    draft = rng.random() < 0.03
    store.create_post(
        blog_id, headline=words.sentence(5, 11).rstrip("."), body=body,
        label=rng.choice(_LABELS) if rng.random() < 0.15 else None,
        status="draft" if draft else "published",
        pinned=i in (posts // 3, posts // 2, posts - 5),
        published_at=None if draft else stamp, updated_at=stamp,
        update_note=("This post has been updated with more reporting."
                     if rng.random() < 0.05 else None),
        contributors=contributors, tags=rng.sample(TAGS, rng.choice((0, 1, 1, 2, 2, 3))),
        media=media)


def cached_store(posts: int) -> tuple[Path, float | None]:
    """The path of the cached store of ``posts`` posts, building it first if needed.

    Returns ``(path, seconds it took to build)``, the time being None when it came from the cache.
    """
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    path = CACHE_DIR / f"blog-{posts}-g{GENERATOR_VERSION}-s{SCHEMA_VERSION}.livedesk"
    if path.exists():
        return path, None
    for stale in CACHE_DIR.glob(f"blog-{posts}-*.livedesk*"):
        stale.unlink()
    temp = path.with_name(path.name + ".building")
    for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm")):
        if leftover.exists():
            leftover.unlink()
    print(f"Generating the {posts:,}-post store (cached for later runs)...", file=sys.stderr,
          flush=True)
    seconds = build_store(temp, posts)
    os.replace(temp, path)
    return path, seconds


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Build (or find) cached benchmark stores.")
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10_000, 100_000])
    parser.add_argument("--out", type=Path, help="build one store here instead (first size)")
    args = parser.parse_args()
    if args.out:
        seconds = build_store(args.out, args.sizes[0])
        print(f"{args.out}: {args.sizes[0]:,} posts in {seconds:.1f} s")
        return
    for size in args.sizes:
        path, seconds = cached_store(size)
        took = "cached" if seconds is None else f"built in {seconds:.1f} s"
        print(f"{path} ({path.stat().st_size / 2**20:,.0f} MiB, {took})")


if __name__ == "__main__":
    main()
