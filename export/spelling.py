"""Spell checking for live blog text, without Qt.

The GUI (``widgets/spelling.py``), the ``check`` command and the pre-export checks share this
module. It wraps pyspellchecker and adds what live copy needs:

- a tokeniser (:func:`find_words`) that skips what is not prose: URLs, e-mail addresses, handles
  and hashtags, numbers and words with digits, ALL-CAPS acronyms, Markdown link targets, autolinks
  and code spans;
- rules that need the dictionary (:meth:`SpellingEngine.is_correct`): possessives of known words
  (straight or curly apostrophe), hyphenated compounds of known parts, French and Italian elisions;
- the newsroom's own words and a per-blog ignore list on top of the language's dictionary;
- suggestions that try edit distance 1 first and search distance 2 only within a time budget;
- offsets in code points (Python) with a converter to UTF-16 units (Qt).

pyspellchecker's dictionaries are loaded on first use and shared by every engine of a language:
loading English takes ~150-200 ms and ~36 MiB, so an engine is cheap to build and cheap to throw
away when a blog's language or word lists change.
"""

from __future__ import annotations

import functools
import heapq
import importlib.resources
import re
import sys
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from spellchecker import SpellChecker

__all__ = [
    "SUPPORTED_LANGUAGES",
    "GilYielder",
    "Misspelling",
    "SpellingEngine",
    "Token",
    "base_language",
    "check_document_spelling",
    "default_wordlists",
    "engine_for_language",
    "find_words",
    "language_supported",
    "load_wordlist",
    "save_wordlist",
    "spelling_problems",
    "spelling_status",
    "to_utf16",
    "utf16_offsets",
    "wordlists_dir",
]


# --------------------------------------------------------------------------------------------
# Languages


def _shipped_languages() -> frozenset[str]:
    """The languages whose dictionaries pyspellchecker ships, from its resources folder."""
    try:
        folder = importlib.resources.files("spellchecker").joinpath("resources")
        names = [entry.name for entry in folder.iterdir()]
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError, OSError):
        names = []
    found = {name[: -len(".json.gz")] for name in names if name.endswith(".json.gz")}
    if not found:  # a frozen app may not expose the folder as a directory
        try:
            from spellchecker import SpellChecker

            found = set(SpellChecker.languages())
        except ImportError:  # pragma: no cover - pyspellchecker is a hard dependency
            found = set()
    return frozenset(lang.lower() for lang in found)


SUPPORTED_LANGUAGES: frozenset[str] = _shipped_languages()
"""Base language codes with a dictionary ("ar", "de", "en", "es", ... with pyspellchecker 0.9)."""


def base_language(lang: str) -> str:
    """The base language of a BCP 47 tag: "en-GB" -> "en", "fr_CA" -> "fr"."""
    return re.split(r"[-_]", lang.strip(), maxsplit=1)[0].lower()


def language_supported(lang: str) -> bool:
    """True when a dictionary exists for the language tag ("en", "en-GB", "fr-CA" ...)."""
    return bool(lang) and base_language(lang) in SUPPORTED_LANGUAGES


def spelling_status(lang: str) -> str:
    """A one-line status for the status bar: checking on, or off and why."""
    if language_supported(lang):
        return f"Spellcheck: {base_language(lang)}"
    shown = lang.strip() or "none"
    return f"Spellcheck off: no dictionary for '{shown}'"


# --------------------------------------------------------------------------------------------
# Word lists


def _resources_root() -> Path:
    """The resources/ folder, in a checkout or inside a frozen (PyInstaller) app."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def wordlists_dir() -> Path:
    """The folder of the shipped word lists (``resources/wordlists``)."""
    return _resources_root() / "wordlists"


def load_wordlist(path: str | Path) -> list[str]:
    """Read a plain word list: one word a line, blank lines and ``#`` comments ignored.

    A line holding several words separated by spaces adds each of them. Duplicates are kept
    once, in first-seen order.
    """
    text = Path(path).read_text(encoding="utf-8-sig")
    return parse_wordlist(text)


def parse_wordlist(text: str) -> list[str]:
    """Words from the text of a word list (see :func:`load_wordlist`)."""
    seen: dict[str, None] = {}
    for line in text.splitlines():
        content = line.split("#", 1)[0].strip()
        for word in content.split():
            seen.setdefault(word, None)
    return list(seen)


def save_wordlist(path: str | Path, words: Iterable[str]) -> None:
    """Write words one a line, sorted case-insensitively, UTF-8 with a final newline."""
    unique = sorted({w.strip() for w in words if w.strip()}, key=lambda w: (w.casefold(), w))
    Path(path).write_text("".join(f"{w}\n" for w in unique), encoding="utf-8")


def default_wordlists(language: str) -> list[Path]:
    """The shipped word lists for a language: ``resources/wordlists/newsroom-<lang>.txt``."""
    folder = wordlists_dir()
    lang = base_language(language)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"newsroom-{lang}*.txt") if p.is_file())


_base_words_cache: dict[str, frozenset[str]] = {}


def _base_words(language: str) -> frozenset[str]:
    lang = base_language(language)
    cached = _base_words_cache.get(lang)
    if cached is None:
        words: list[str] = []
        for path in default_wordlists(lang):
            words.extend(load_wordlist(path))
        cached = frozenset(words)
        _base_words_cache[lang] = cached
    return cached


# --------------------------------------------------------------------------------------------
# Tokens


class Token(NamedTuple):
    """A word to check: ``text[start:end] == word`` (code point offsets)."""

    start: int
    end: int
    word: str


class Misspelling(NamedTuple):
    """A misspelt word: ``text[start:end] == word`` (code point offsets)."""

    start: int
    end: int
    word: str


APOSTROPHES = "'\u2019"  # straight and right single quotation mark (curly apostrophe)
_HYPHENS = "-\u2010\u2011"  # hyphen-minus, hyphen, non-breaking hyphen
_JOINERS = frozenset("'" + _HYPHENS)
_HYPHEN_SPLIT_RE = re.compile(f"[{re.escape(_HYPHENS)}]")


# Combining marks that stay inside a word: the Latin, Greek and Cyrillic diacritics, Hebrew and
# Arabic points (a decomposed "é" is "e" + U+0301). Marks of scripts no dictionary here covers
# may split a word; the pieces are then in no alphabet and are not judged.
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06ed\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
)


# What the tokeniser skips, each with a cheap test of whether the text can hold it at all, so
# plain prose (most paragraphs) is scanned by the word pattern alone.
_SKIPS: list[tuple[Callable[[str], bool], str]] = [
    # code spans: `code`, ``code with ` inside``
    (lambda t: "`" in t, r"(?P<tick>`+)[^\n]*?(?P=tick)"),
    # Markdown link targets, with one level of nested parentheses and an optional title
    (
        lambda t: "](" in t,
        r"\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*\)",
    ),
    # reference links [text][ref]
    (lambda t: "][" in t, r"\]\[[^\]\n]*\]"),
    # autolinks and inline HTML tags: <https://...>, <name@example.com>, <br/>
    (
        lambda t: "<" in t,
        r"<(?:[A-Za-z][A-Za-z0-9+.-]*:[^\s<>]*|[^\s<>@]+@[^\s<>]+|/?[A-Za-z!][^<>\n]*)>",
    ),
    # URLs with a scheme or starting with www.
    (
        lambda t: "://" in t or "www." in t or "WWW." in t or "mailto:" in t,
        r"(?i:\b(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)[^\s<>\"]*[^\s<>\"\].,;:!?'’”)])",
    ),
    # e-mail addresses
    (lambda t: "@" in t, r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    # bare domain names: bbc.co.uk, example.com/path
    (
        lambda t: _DOMAIN_HINT.search(t) is not None,
        r"\b(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[a-z]{2,6}\b"
        r"(?:/[^\s<>\"]*[^\s<>\".,;:!?)])?",
    ),
    # social media handles and hashtags
    (lambda t: "@" in t or "#" in t, r"(?<![\w@#])[@#]\w+"),
]
_DOMAIN_HINT = re.compile(r"[A-Za-z0-9]\.[a-z]{2}")
_token_res: dict[tuple[bool, ...], re.Pattern[str]] = {}
_word_pattern: str | None = None


def _token_re(text: str) -> re.Pattern[str]:
    """The tokeniser for ``text``: the skips it may need first in the alternation, then words."""
    global _word_pattern
    key = tuple(test(text) for test, _pattern in _SKIPS)
    compiled = _token_res.get(key)
    if compiled is not None:
        return compiled
    if _word_pattern is None:
        # A word character: a letter, digit or "_" (split off later: Markdown emphasis) or a
        # combining mark, so decomposed accents (e + U+0301) stay inside their word.
        char = f"[\\w{_MARKS}]"
        _word_pattern = f"{char}+(?:[{re.escape(APOSTROPHES + _HYPHENS)}]{char}+)*"
    skips = [pattern for wanted, (_test, pattern) in zip(key, _SKIPS, strict=True) if wanted]
    if skips:
        compiled = re.compile(f"(?P<skip>{'|'.join(skips)})|(?P<word>{_word_pattern})")
    else:
        compiled = re.compile(f"(?P<word>{_word_pattern})")
    _token_res[key] = compiled
    return compiled


def _is_acronym(word: str) -> bool:
    """ALL-CAPS of two letters or more, with an optional plural or possessive: NATO, ICBMs."""
    core = _strip_possessive(word)
    if len(core) > 2 and core.endswith("s") and core[:-1].isupper():
        core = core[:-1]
    letters = [c for c in core if c.isalpha()]
    return len(letters) >= 2 and core.isupper()


def _strip_possessive(word: str) -> str:
    """Strip a possessive ("Russia's", "Russia’s" -> "Russia"); other words are unchanged."""
    if len(word) > 2 and word[-1] in "sS" and word[-2] in APOSTROPHES:
        return word[:-2]
    return word


def find_words(text: str) -> list[Token]:
    """The words of ``text`` to spell check, with code point offsets.

    Skipped: URLs, e-mail addresses, bare domain names, @handles and #hashtags, numbers and words
    holding a digit, ALL-CAPS acronyms of two letters or more (also "ICBMs", "NATO's"), single
    letters, Markdown link targets ``](...)``, reference labels ``][ref]``, autolinks and HTML tags
    ``<...>`` and code spans. Apostrophes (straight ``'`` or curly ``’``) and hyphens between
    letters are part of a word; a trailing apostrophe ("soldiers’") and Markdown syntax (``**``,
    ``_``, ``#``, ``>``, ``-`` bullets, ``[``, ``]``) are not.
    Whether a possessive or a hyphenated compound is correct depends on the dictionary, so those
    are returned whole and judged by :meth:`SpellingEngine.is_correct`.
    """
    tokens: list[Token] = []
    for match in _token_re(text).finditer(text):
        word = match.group("word")
        if word is None:
            continue
        if word.isalpha():  # the common case: letters only
            if len(word) > 1 and not (word[:2].isupper() and _is_acronym(word)):
                tokens.append(Token(match.start(), match.end(), word))
            continue
        if "_" in word:  # _emphasis_ or snake_case: the pieces between underscores
            start = match.start()
            for piece in word.split("_"):
                tokens.extend(_keep(Token(start, start + len(piece), piece)))
                start += len(piece) + 1
            continue
        tokens.extend(_keep(Token(match.start(), match.end(), word)))
    return tokens


def _keep(token: Token) -> list[Token]:
    """The token in a list, or an empty list when it is not a word to check."""
    word = token.word.strip(APOSTROPHES + _HYPHENS)
    if word != token.word:  # "_'tis_" leaves joiners at the edges once split at "_"
        offset = token.word.index(word) if word else 0
        token = Token(token.start + offset, token.start + offset + len(word), word)
    if len(word) < 2 or any(c.isdigit() for c in word):
        return []
    if sum(1 for c in word if c.isalpha()) < 2 or _is_acronym(word):
        return []
    return [token]


def _split_compound(token: Token) -> list[Token]:
    """The parts of a hyphenated compound with their offsets (one part if no hyphen)."""
    parts: list[Token] = []
    start = token.start
    for piece in _HYPHEN_SPLIT_RE.split(token.word):
        parts.append(Token(start, start + len(piece), piece))
        start += len(piece) + 1
    return parts


# --------------------------------------------------------------------------------------------
# UTF-16 offsets (Qt counts UTF-16 code units, Python counts code points)


def utf16_offsets(text: str) -> list[int]:
    """``result[i]`` is the UTF-16 offset of code point ``i``; ``result[len(text)]`` the length.

    Characters outside the Basic Multilingual Plane (most emoji, flags, some CJK) take two
    UTF-16 units, so Qt positions run ahead of Python indexes after them.
    """
    offsets = [0] * (len(text) + 1)
    position = 0
    for index, char in enumerate(text):
        offsets[index] = position
        position += 2 if ord(char) > 0xFFFF else 1
    offsets[len(text)] = position
    return offsets


def to_utf16(text: str, index: int) -> int:
    """The UTF-16 offset of code point ``index`` in ``text``."""
    return index + sum(1 for char in text[:index] if ord(char) > 0xFFFF)


def from_utf16(text: str, position: int) -> int:
    """The code point index at UTF-16 offset ``position`` (inside a pair: the pair's index)."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > position:
            return index
    return len(text)


# --------------------------------------------------------------------------------------------
# Sharing the interpreter with the GUI thread


class GilYielder:
    """Lets other threads run during long pure-Python work in a worker thread.

    A thread waiting for the GIL gets it only after the switch interval (5 ms) unless the holder
    lets go. The GUI thread needs the GIL for every Python slot it calls, so a busy worker could
    add milliseconds to each keystroke. Call :meth:`maybe_yield` in the worker's loop: after
    every ``interval_s`` of work it sleeps a fraction of a millisecond, long enough for a
    waiting thread to take the GIL. On the main thread it does nothing.
    """

    def __init__(self, interval_s: float = 0.001, pause_s: float = 0.0001) -> None:
        self._active = threading.current_thread() is not threading.main_thread()
        self._interval = interval_s
        self._pause = pause_s
        self._last = time.perf_counter()

    def maybe_yield(self) -> None:
        if not self._active:
            return
        now = time.perf_counter()
        if now - self._last >= self._interval:
            time.sleep(self._pause)
            self._last = time.perf_counter()


# --------------------------------------------------------------------------------------------
# pyspellchecker, loaded once per language


class _Dictionary:
    """A loaded pyspellchecker dictionary plus what suggestions need, shared per language."""

    def __init__(self, checker: SpellChecker) -> None:
        self.checker = checker
        self.words: dict[str, int] = checker.word_frequency.dictionary
        self.longest = checker.word_frequency.longest_word_length
        usable = [
            c
            for c in checker.word_frequency.letters
            if c.isalpha() or c == "'" or unicodedata.category(c)[0] == "M"
        ]
        self.letters = "".join(sorted(usable))
        self.alphabet = frozenset(usable)

    @functools.cached_property
    def common_count(self) -> int:
        """The frequency newsroom words rank with: that of the 2,000th most frequent word."""
        top = heapq.nlargest(2001, self.words.values())
        return top[-1] if top else 1

    @functools.cached_property
    def common_letters(self) -> str:
        """The letters distance 2 uses: those making at least 0.03 % of the dictionary's letters.

        The search costs the square of the alphabet, and rare letters (accents in English)
        seldom make a correction.
        """
        joined = "\n".join(self.words)
        counts = {c: joined.count(c) for c in self.letters}
        floor = max(1, sum(counts.values()) // 3000)
        return "".join(c for c in self.letters if counts[c] >= floor)


_dictionaries: dict[str, _Dictionary] = {}
_dictionaries_lock = threading.Lock()


def _dictionary(language: str) -> _Dictionary:
    lang = base_language(language)
    loaded = _dictionaries.get(lang)
    if loaded is not None:
        return loaded
    with _dictionaries_lock:
        loaded = _dictionaries.get(lang)
        if loaded is None:
            from spellchecker import SpellChecker

            loaded = _Dictionary(SpellChecker(language=lang, distance=1))
            _dictionaries[lang] = loaded
    return loaded


def dictionary_loaded(language: str) -> bool:
    """True once the language's dictionary is in memory (checks will not wait for a load)."""
    return base_language(language) in _dictionaries


# --------------------------------------------------------------------------------------------
# The engine

# Elided articles and pronouns written before an apostrophe: "l'armée", "dell'esercito".
_ELISIONS: dict[str, frozenset[str]] = {
    "fr": frozenset(
        {"c", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"}
        | {"presqu", "quelqu", "aujourd"}
    ),
    "it": frozenset(
        {"l", "d", "c", "s", "m", "t", "v", "n", "un", "all", "dall", "dell", "nell", "sull"}
        | {"coll", "quell", "quest", "bell", "sant", "tutt", "anch", "com", "dov", "cos", "po"}
        | {"senz"}
    ),
}


# British and Commonwealth spellings of words pyspellchecker's English lists in US spelling only:
# an unknown word is also looked up in its US form ("organisation" -> "organization").
_BRITISH_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(.{3,})is(e|es|ed|ing|er|ers|able|ation|ations|ational)$"), r"\1iz\2"),
    (re.compile(r"^(.+)ys(e|es|ed|ing|er|ers)$"), r"\1yz\2"),
    (
        re.compile(
            r"^(.*[lnvmbdpigc])our(|s|ed|ing|ite|ites|able|ably|ful|fully|less|hood|hoods"
            r"|ist|ists|ism|al|ally|er|ers|y)$"
        ),
        r"\1or\2",
    ),
    (re.compile(r"^(.{2,}[tbg])re(s?)$"), r"\1er\2"),
    (re.compile(r"^(.{2,}[tbg])r(ed|ing)$"), r"\1er\2"),
    (re.compile(r"^(.{2,}[aeiou])ll(ed|ing|er|ers)$"), r"\1l\2"),
    (re.compile(r"^(def|off|lic|pret)ence(s?)$"), r"\1ense\2"),
    (re.compile(r"^(.{3,})ogue(s?)$"), r"\1og\2"),
    (re.compile(r"^(.{3,})ogued$"), r"\1oged"),
    (re.compile(r"^(?=.{7,})(.+)ae(.+)$"), r"\1e\2"),
    (re.compile(r"^(?=.{7,})(.*)oe(.+)$"), r"\1e\2"),
]


def _us_forms(key: str) -> Iterator[str]:
    """US spellings a British spelling may stand for (each rule alone, then all together)."""
    combined = key
    for pattern, replacement in _BRITISH_RULES:
        changed = pattern.sub(replacement, key)
        if changed != key:
            yield changed
        combined = pattern.sub(replacement, combined)
    if combined != key:
        yield combined


def _normalise(word: str) -> str:
    """The dictionary key of a word: NFC, straight apostrophe, lower case."""
    if not word.isascii():
        word = unicodedata.normalize("NFC", word).replace("\u2019", "'").replace("\u02bc", "'")
    return word.lower()


def _delinked(word: str) -> str:
    """Ligatures spelt out, for dictionaries that list "coeur" rather than "cœur"."""
    return word.replace("œ", "oe").replace("æ", "ae")


class SpellingEngine:
    """Spell checking for one language, the newsroom's words and one blog's ignore list.

    ``extra_words`` are the newsroom dictionary (shared by the blogs of a store), ``ignored_words``
    the blog's "Ignore in this blog" list. Both are matched case-insensitively, as pyspellchecker
    matches its own dictionaries. The shipped word lists for the language
    (:func:`default_wordlists`) are always included unless ``use_default_wordlists`` is false.

    The engine may be used from a worker thread and the GUI thread at once: its caches are plain
    dicts replaced or cleared atomically, and the dictionary is loaded under a lock.
    """

    def __init__(
        self,
        language: str,
        extra_words: Iterable[str] = (),
        ignored_words: Iterable[str] = (),
        *,
        use_default_wordlists: bool = True,
    ) -> None:
        if not language_supported(language):
            raise ValueError(f"no spelling dictionary for language {language!r}")
        self.language = base_language(language)
        self._elisions = _ELISIONS.get(self.language, frozenset())
        base = _base_words(self.language) if use_default_wordlists else frozenset()
        self._base_extra: dict[str, str] = {_normalise(w): w for w in base}
        self._extra: dict[str, str] = {}
        self._ignored: dict[str, str] = {}
        self._generation = 0
        self._extra_letters: frozenset[str] = frozenset()
        self._correct_cache: dict[str, bool] = {}
        self._suggestion_cache: dict[str, list[str]] = {}
        self.add_words(extra_words)
        self.ignore_words(ignored_words)
        self._invalidate()

    # -- word lists ---------------------------------------------------------------------------

    @property
    def loaded(self) -> bool:
        """True once the language's dictionary is in memory."""
        return dictionary_loaded(self.language)

    def load(self) -> None:
        """Load the dictionary now (it is otherwise loaded on first use)."""
        _dictionary(self.language)

    @property
    def extra_words(self) -> list[str]:
        """The newsroom words added to this engine, as spelt when added."""
        return sorted(self._extra.values(), key=str.casefold)

    @property
    def ignored_words(self) -> list[str]:
        """The words ignored in this blog."""
        return sorted(self._ignored.values(), key=str.casefold)

    # A worker thread may be reading these lists: each change builds a new dict and swaps it in.

    def add_words(self, words: Iterable[str]) -> None:
        """Accept these words (the newsroom dictionary)."""
        self._extra = _with_words(self._extra, words)
        self._invalidate()

    def remove_words(self, words: Iterable[str]) -> None:
        """Stop accepting these newsroom words (shipped word lists stay)."""
        self._extra = _without_words(self._extra, words)
        self._invalidate()

    def set_words(self, words: Iterable[str]) -> bool:
        """Replace the newsroom words; True when some were dropped (text needs checking again,
        while added words only take underlines away)."""
        old = self._extra
        self._extra = _with_words({}, words)
        self._invalidate()
        return not old.keys() <= self._extra.keys()

    def ignore_words(self, words: Iterable[str]) -> None:
        """Accept these words in this blog without adding them to the dictionary."""
        self._ignored = _with_words(self._ignored, words)
        self._invalidate()

    def set_ignored(self, words: Iterable[str]) -> bool:
        """Replace the ignored words; True when some were dropped (see :meth:`set_words`)."""
        old = self._ignored
        self._ignored = _with_words({}, words)
        self._invalidate()
        return not old.keys() <= self._ignored.keys()

    def unignore_words(self, words: Iterable[str]) -> None:
        """Flag these words again."""
        self._ignored = _without_words(self._ignored, words)
        self._invalidate()

    def _invalidate(self) -> None:
        letters: set[str] = set()
        for words in (self._extra, self._ignored, self._base_extra):
            for key in words:
                letters.update(key)
        self._extra_letters = frozenset(letters)
        self._generation += 1
        self._correct_cache = {}
        self._suggestion_cache = {}

    # -- checking -------------------------------------------------------------------------------

    def _known(self, key: str) -> bool:
        """A normalised key is in the dictionary, the word lists or the ignore list."""
        if key in self._extra or key in self._ignored or key in self._base_extra:
            return True
        words = _dictionary(self.language).words
        if key in words:
            return True
        delinked = _delinked(key)
        if delinked != key and delinked in words:
            return True
        return self.language == "en" and any(form in words for form in _us_forms(key))

    def is_correct(self, word: str) -> bool:
        """Whether ``word`` (one token of :func:`find_words`) is spelt correctly. Cached per word.

        Besides the dictionaries: acronyms, possessives of correct words ("Russia's",
        "Russia’s", "NATO's"), hyphenated compounds of correct parts, and in French and Italian
        elisions ("l'armée", "dell'esercito").
        """
        cached = self._correct_cache.get(word)
        if cached is not None:
            return cached
        generation = self._generation
        result = self._judge(word)
        if generation == self._generation:  # not invalidated by another thread meanwhile
            self._correct_cache[word] = result
        return result

    def _judge(self, word: str) -> bool:
        if len(word) < 2 or any(c.isdigit() for c in word) or _is_acronym(word):
            return True
        key = _normalise(word)
        if self._known(key):
            return True
        if not self._in_alphabet(key):
            return True  # another script (中文 in English): this dictionary cannot judge it
        stem = _strip_possessive(key)
        if stem != key and (self._known(stem) or _is_acronym(_strip_possessive(word))):
            return True
        if "'" in key:
            head, _, tail = key.partition("'")
            if (head in self._elisions or self._known(head + "'")) and tail:
                return self.is_correct(tail)
        if _HYPHEN_SPLIT_RE.search(word):
            parts = [p for p in _HYPHEN_SPLIT_RE.split(word) if p]
            return len(parts) > 1 and all(self.is_correct(part) for part in parts)
        return False

    def _in_alphabet(self, key: str) -> bool:
        alphabet = _dictionary(self.language).alphabet
        for char in key:
            if char not in alphabet and char not in _JOINERS and char not in self._extra_letters:
                return False
        return True

    def misspellings(self, text: str) -> list[Misspelling]:
        """The misspelt words of ``text`` with code point offsets.

        A hyphenated compound that is not a word of its own is reported part by part, so only the
        misspelt part is underlined ("well-knwon" -> "knwon").
        """
        found: list[Misspelling] = []
        for token in find_words(text):
            if self.is_correct(token.word):
                continue
            parts = _split_compound(token)
            if len(parts) == 1:
                found.append(Misspelling(*token))
                continue
            for part in parts:
                if part.word and not self.is_correct(part.word):
                    found.append(Misspelling(*part))
        return found

    # -- suggestions ----------------------------------------------------------------------------

    def suggestions(self, word: str, limit: int = 10, budget_s: float | None = 0.05) -> list[str]:
        """Up to ``limit`` corrections for ``word``, best first, in the word's capitalisation.

        Edit distance 1 is always searched (well under a millisecond); distance 2 only while
        ``budget_s`` seconds last (``None``: no limit; a 15-letter word can take over a second, so
        give an unlimited search to a worker thread). Complete results are cached per word.
        """
        return self.suggestion_search(word, limit=limit, budget_s=budget_s)[0]

    def suggestion_search(
        self,
        word: str,
        *,
        limit: int = 10,
        budget_s: float | None = 0.05,
        should_stop: Callable[[], bool] | None = None,
    ) -> tuple[list[str], bool]:
        """Like :meth:`suggestions`, also telling whether the search was complete.

        ``should_stop`` is polled during the distance 2 search (to cancel a worker's search).
        """
        stem = _strip_possessive(word)
        suffix = word[len(stem) :]  # "'s" or "’s" kept as typed
        key = _normalise(stem)
        cached = self._suggestion_cache.get(key)
        generation = self._generation
        if cached is None:
            ranked, complete = self._search(key, budget_s, should_stop)
            if complete and generation == self._generation:
                self._suggestion_cache[key] = ranked
        else:
            ranked, complete = cached, True
        if suffix:  # "Russai's" -> "Russia's", but not "ma'am's"
            ranked = [c for c in ranked if "'" not in c]
        return [self._dress(c, stem) + suffix for c in ranked[:limit]], complete

    def _frequency(self, key: str, dictionary: _Dictionary) -> int:
        if key in self._extra or key in self._base_extra:
            return max(dictionary.words.get(key, 0), dictionary.common_count)
        return dictionary.words.get(key, 0)

    def _candidates(self, keys: Iterable[str], dictionary: _Dictionary) -> set[str]:
        pool = set(keys)
        found = pool & dictionary.words.keys()
        found |= pool & self._extra.keys()
        found |= pool & self._base_extra.keys()
        return found

    def _search(
        self,
        key: str,
        budget_s: float | None,
        should_stop: Callable[[], bool] | None,
    ) -> tuple[list[str], bool]:
        dictionary = _dictionary(self.language)
        if not key or len(key) > dictionary.longest + 3:
            return [], True
        started = time.perf_counter()
        letters = set(dictionary.letters) | self._extra_letters
        first = _edits1(key, "".join(sorted(letters)))
        first.discard(key)
        near = self._candidates(first, dictionary)

        def rank(found: Iterable[str]) -> list[str]:
            return sorted(found, key=lambda c: (-self._frequency(c, dictionary), c))

        ranked = rank(near)
        # distance 2 only when distance 1 found little: a longer list is no better for an editor
        if len(ranked) >= 5:
            return ranked, True
        far: set[str] = set()
        complete = True
        common = dictionary.common_letters
        courtesy = GilYielder()
        for edit in sorted(first, key=len):
            if should_stop is not None and should_stop():
                complete = False
                break
            if budget_s is not None and time.perf_counter() - started > budget_s:
                complete = False
                break
            far |= self._candidates(_edits1(edit, common), dictionary)
            courtesy.maybe_yield()
        far -= near
        far.discard(key)
        return ranked + rank(far), complete

    def _dress(self, candidate: str, typed: str) -> str:
        """A candidate key in the capitalisation of the typed word and the preferred spelling."""
        preferred = self._extra.get(candidate) or self._base_extra.get(candidate) or candidate
        if "\u2019" in typed:
            preferred = preferred.replace("'", "\u2019")
        letters = [c for c in typed if c.isalpha()]
        if len(letters) > 1 and all(c.isupper() for c in letters):
            return preferred.upper()
        if letters and letters[0].isupper():
            return preferred[:1].upper() + preferred[1:]
        return preferred


def _with_words(base: dict[str, str], words: Iterable[str]) -> dict[str, str]:
    result = dict(base)
    for word in words:
        word = word.strip()
        if word:
            result[_normalise(word)] = word
    return result


def _without_words(base: dict[str, str], words: Iterable[str]) -> dict[str, str]:
    drop = {_normalise(w.strip()) for w in words}
    return {key: word for key, word in base.items() if key not in drop}


def engine_for_language(
    language: str,
    extra_words: Iterable[str] = (),
    ignored_words: Iterable[str] = (),
) -> SpellingEngine | None:
    """A :class:`SpellingEngine` for the language, or None when there is no dictionary for it."""
    if not language_supported(language):
        return None
    return SpellingEngine(language, extra_words, ignored_words)


# --------------------------------------------------------------------------------------------
# Whole documents: the check command and the pre-export checks


def _document_fields(doc: dict[str, Any]) -> Iterator[tuple[dict[str, Any] | None, str, str]]:
    """(post or None, field name, text) for every text field of a livedesk/1 document."""
    blog = doc.get("blog") or {}
    if blog.get("title"):
        yield None, "title", blog["title"]
    for index, item in enumerate(blog.get("summary") or []):
        if item:
            yield None, f"summary[{index}]", item
    if blog.get("closing_note"):
        yield None, "closing_note", blog["closing_note"]
    for post in doc.get("posts") or []:
        for name in ("headline", "body", "update_note"):
            if post.get(name):
                yield post, name, post[name]
        for index, media in enumerate(post.get("media") or []):
            for name in ("alt", "caption"):
                if media.get(name):
                    yield post, f"media[{index}].{name}", media[name]


def check_document_spelling(
    doc: dict[str, Any],
    engine_factory: Callable[[str], SpellingEngine | None] = engine_for_language,
    *,
    suggest: bool = True,
    limit: int = 5,
    budget_s: float = 0.05,
) -> list[dict[str, Any]]:
    """The misspellings of a livedesk/1 document, in document order.

    ``engine_factory(language)`` returns an engine (built with the store's newsroom words and the
    blog's ignore list) or None when the language has no dictionary, which gives an empty list.
    Drafts are checked too; each finding carries the post's ``status`` so a caller may drop them.
    Each finding: ``{"post": id | None, "status": "draft" | "published" | None, "field": "body",
    "line": 1, "start": 10, "end": 14, "word": "Kyvi", "suggestions": ["Kyiv"]}`` with ``start``
    and ``end`` code point offsets in the field's text and ``line`` counted from 1.
    """
    blog = doc.get("blog") or {}
    engine = engine_factory(blog.get("language") or "")
    if engine is None:
        return []
    findings: list[dict[str, Any]] = []
    suggested: dict[str, list[str]] = {}  # a budget-limited search is not cached by the engine
    for post, field, text in _document_fields(doc):
        for miss in engine.misspellings(text):
            if suggest and miss.word not in suggested:
                suggested[miss.word] = engine.suggestions(miss.word, limit=limit, budget_s=budget_s)
            findings.append(
                {
                    "post": post.get("id") if post else None,
                    "status": post.get("status") if post else None,
                    "field": field,
                    "line": text.count("\n", 0, miss.start) + 1,
                    "start": miss.start,
                    "end": miss.end,
                    "word": miss.word,
                    "suggestions": list(suggested.get(miss.word, [])),
                }
            )
    return findings


def spelling_problems(
    doc: dict[str, Any],
    engine_factory: Callable[[str], SpellingEngine | None] = engine_for_language,
    *,
    include_drafts: bool = True,
    budget_s: float = 0.05,
) -> list[dict[str, Any]]:
    """Misspellings as ``check`` problems: ``{"severity": "warning", "blog", "post", "field",
    "code": "spelling", "message"}``, one per misspelling."""
    slug = (doc.get("blog") or {}).get("slug")
    problems: list[dict[str, Any]] = []
    for finding in check_document_spelling(doc, engine_factory, budget_s=budget_s):
        if not include_drafts and finding["status"] == "draft":
            continue
        where = finding["field"].replace("_", " ")
        if finding["line"] > 1:
            where += f", line {finding['line']}"
        message = f"possible misspelling {finding['word']!r} in {where}"
        if finding["suggestions"]:
            message += f" (did you mean: {', '.join(finding['suggestions'][:3])}?)"
        problems.append(
            {
                "severity": "warning",
                "blog": slug,
                "post": finding["post"],
                "field": finding["field"],
                "code": "spelling",
                "message": message,
            }
        )
    return problems


def _edits1(word: str, letters: str) -> set[str]:
    """Every string one deletion, transposition, replacement or insertion away from ``word``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {left + right[1:] for left, right in splits if right}
    edits.update(left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1)
    edits.update(left + c + right[1:] for left, right in splits if right for c in letters)
    edits.update(left + c + right for left, right in splits for c in letters)
    return edits
