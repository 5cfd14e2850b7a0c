"""The spell checking engine without Qt: tokens, rules, languages, suggestions, offsets."""

from __future__ import annotations

import time

import pytest

from export import spelling
from export.spelling import (
    SUPPORTED_LANGUAGES,
    Misspelling,
    SpellingEngine,
    base_language,
    engine_for_language,
    find_words,
    language_supported,
    spelling_status,
    to_utf16,
    utf16_offsets,
)


def words(text: str) -> list[str]:
    return [token.word for token in find_words(text)]


def flagged(engine: SpellingEngine, text: str) -> list[str]:
    return [miss.word for miss in engine.misspellings(text)]


# ------------------------------------------------------------------------------- languages


def test_supported_languages_are_the_dictionaries_pyspellchecker_ships() -> None:
    assert {"ar", "de", "en", "es", "eu", "fa", "fr", "it", "lv", "nl", "pt", "ru"} <= set(
        SUPPORTED_LANGUAGES
    )
    assert "ja" not in SUPPORTED_LANGUAGES


@pytest.mark.parametrize(
    ("tag", "supported"),
    [("en", True), ("en-GB", True), ("fr-CA", True), ("pt_BR", True), ("FR", True),
     ("ja", False), ("uk", False), ("", False)],
)
def test_language_supported_uses_the_base_language(tag: str, supported: bool) -> None:
    assert language_supported(tag) is supported


def test_base_language_and_status_text() -> None:
    assert base_language("en-GB") == "en"
    assert spelling_status("fr-CA") == "Spellcheck: fr"
    assert spelling_status("ja") == "Spellcheck off: no dictionary for 'ja'"


def test_engine_for_an_unsupported_language_is_none() -> None:
    assert engine_for_language("ja") is None
    with pytest.raises(ValueError, match="ja"):
        SpellingEngine("ja")


def test_loaded_dictionaries_are_shared_per_language() -> None:
    one = SpellingEngine("en", ["Kyivstar"])
    two = SpellingEngine("en-GB")
    one.load()
    assert two.loaded
    assert spelling._dictionary("en") is spelling._dictionary("en-US")
    # the shared pyspellchecker dictionary is never changed by an engine's own words
    assert "kyivstar" not in spelling._dictionary("en").words
    two.add_words(["Blorptown"])
    assert not one.is_correct("Blorptown")


# ---------------------------------------------------------------------------------- tokens


def test_plain_words_with_offsets() -> None:
    text = "Missiles hit Kyiv overnight."
    tokens = find_words(text)
    assert [t.word for t in tokens] == ["Missiles", "hit", "Kyiv", "overnight"]
    assert all(text[t.start : t.end] == t.word for t in tokens)


def test_urls_and_email_addresses_are_skipped() -> None:
    text = (
        "See https://example.org/live/kyvi_update?id=3, www.exampel.com/path and "
        "write to desk.editr@newsroum.example or news@bbc.co.uk; also bbc.co.uk/newz."
    )
    assert words(text) == ["See", "and", "write", "to", "or", "also"]


def test_numbers_and_words_with_digits_are_skipped() -> None:
    assert words("At 06:10 on 22 November, 3rd F-16 and COVID-19 Su-34s 10am") == [
        "At", "on", "November", "and",
    ]


def test_all_caps_acronyms_are_skipped() -> None:
    assert words("ICBM, MIRV and NATO's ICBMs; the IAEA said") == ["and", "the", "said"]


def test_markdown_syntax_is_not_part_of_words() -> None:
    text = "## Headline\n> **Some context:** _read_ the [full report](#post-12) - *now*"
    assert words(text) == ["Headline", "Some", "context", "read", "the", "full", "report", "now"]


def test_markdown_link_targets_autolinks_and_code_are_skipped() -> None:
    text = (
        "Read [the statment](https://example.org/Zelenskyy_(speech)) and <https://kyvi.example>"
        " or <editor@newsroum.example>, then `mispeled code` and [ref][kyvi-ref]."
    )
    assert words(text) == ["Read", "the", "statment", "and", "or", "then", "and", "ref"]


def test_handles_and_hashtags_are_skipped() -> None:
    assert words("Follow @ZelenskyyUa and #StandWithUkrane") == ["Follow", "and"]


def test_apostrophes_inside_words_straight_and_curly() -> None:
    tokens = words("Russia's and Russia’s soldiers’ 'quoted' don’t")
    assert tokens == ["Russia's", "and", "Russia’s", "soldiers", "quoted", "don’t"]


def test_hyphenated_compound_is_one_token() -> None:
    assert words("a well-known pro-Kremlin blogger") == ["well-known", "pro-Kremlin", "blogger"]


def test_combining_marks_stay_inside_the_word() -> None:
    text = "Cafe\u0301 Tomás"
    tokens = find_words(text)
    assert [t.word for t in tokens] == ["Cafe\u0301", "Tomás"]
    assert tokens[0].end == 5


# ------------------------------------------------------------------------------- the rules


def test_possessives_of_known_words_straight_and_curly(english: SpellingEngine) -> None:
    assert flagged(english, "Russia's drones and Russia’s missiles, NATO’s reply") == []
    assert flagged(english, "Russai's drones and Russai’s missiles") == ["Russai's", "Russai’s"]


def test_curly_apostrophe_contractions_are_known(english: SpellingEngine) -> None:
    assert flagged(english, "It’s not over, we don’t know, they won’t say") == []


def test_plural_possessive_with_trailing_apostrophe(english: SpellingEngine) -> None:
    assert flagged(english, "the soldiers’ families and the soldiers' letters") == []


def test_hyphenated_compounds_of_known_parts(english: SpellingEngine) -> None:
    assert flagged(english, "a well-known, long-range, pro-Kremlin, Kyiv-based outlet") == []


def test_only_the_misspelt_part_of_a_compound_is_flagged(english: SpellingEngine) -> None:
    text = "a well-knwon fact"
    found = english.misspellings(text)
    assert found == [Misspelling(7, 12, "knwon")]
    assert text[7:12] == "knwon"


def test_acronyms_urls_numbers_never_flagged(english: SpellingEngine) -> None:
    text = "ICBM MIRV NATO launched at 06:10, see https://exampel.org/xqz or ed@exampel.org"
    assert flagged(english, text) == []


def test_misspellings_have_code_point_offsets(english: SpellingEngine) -> None:
    text = "👍🏽 Teh 🇺🇦 strory of Kyvi"
    found = english.misspellings(text)
    assert [m.word for m in found] == ["Teh", "strory", "Kyvi"]
    for miss in found:
        assert text[miss.start : miss.end] == miss.word


def test_shipped_word_list_covers_newsroom_names(english: SpellingEngine) -> None:
    assert flagged(english, "Zelensky met Sybiha in Kyiv and Odesa; Shahed drones hit Dnipro") == []


def test_british_spellings_are_accepted(english: SpellingEngine) -> None:
    text = "The organisation's defence programme was cancelled, the colour of the centre"
    assert flagged(english, text) == []
    assert flagged(english, "the organisaton") == ["organisaton"]


def test_case_insensitive_like_pyspellchecker(english: SpellingEngine) -> None:
    assert english.is_correct("MISSILE") and english.is_correct("Missile")


# --------------------------------------------------------- newsroom words and ignore lists


def test_added_words_are_accepted_and_removed_again(fresh_english: SpellingEngine) -> None:
    assert not fresh_english.is_correct("Portmere")
    fresh_english.add_words(["Portmere"])
    assert fresh_english.is_correct("Portmere")
    assert fresh_english.is_correct("Portmere’s")
    assert fresh_english.extra_words == ["Portmere"]
    fresh_english.remove_words(["portmere"])
    assert not fresh_english.is_correct("Portmere")


def test_ignored_words_are_accepted(fresh_english: SpellingEngine) -> None:
    fresh_english.ignore_words(["Blorp"])
    assert flagged(fresh_english, "Blorp and blorp") == []
    assert fresh_english.ignored_words == ["Blorp"]
    fresh_english.unignore_words(["Blorp"])
    assert flagged(fresh_english, "Blorp") == ["Blorp"]


def test_newsroom_dictionary_is_shared_by_two_blogs() -> None:
    """Two blogs of one store: engines built from the same newsroom words and their own
    ignore lists. A word in the newsroom dictionary passes in both; an ignored word only in
    the blog that ignored it."""
    newsroom = {"Portmere", "Okafor"}
    blog_a = SpellingEngine("en", newsroom, ignored_words=["Blorp"])
    blog_b = SpellingEngine("en-GB", newsroom)
    text = "Okafor reports from Portmere about Blorp"
    assert flagged(blog_a, text) == []
    assert flagged(blog_b, text) == ["Blorp"]

    newsroom.add("Harbourside")  # the store gains a word: each blog's engine gets it
    for engine in (blog_a, blog_b):
        engine.set_words(newsroom)
        assert engine.is_correct("Harbourside")


def test_cache_is_dropped_when_words_change(fresh_english: SpellingEngine) -> None:
    assert fresh_english.misspellings("Zorbly") == [Misspelling(0, 6, "Zorbly")]
    fresh_english.add_words(["zorbly"])
    assert fresh_english.misspellings("Zorbly") == []


# ---------------------------------------------------------------------------- languages


def test_french_text() -> None:
    engine = SpellingEngine("fr")
    text = (
        "Le gouvernemnt a annoncé aujourd'hui que l’armée française a été attaquée "
        "près de Kharkiv ; c’est le cœur du conflit, jusqu’à nouvel ordre."
    )
    assert flagged(engine, text) == ["gouvernemnt", "Kharkiv"]
    assert "gouvernement" in engine.suggestions("gouvernemnt")


def test_french_blog_with_newsroom_words() -> None:
    engine = SpellingEngine("fr-CA", ["Kharkiv"])
    assert flagged(engine, "Des frappes sur Kharkiv et l’Ukraine") == []


@pytest.mark.parametrize(
    ("language", "good", "bad"),
    [("de", "Die Regierung hat heute gesprochen", "Regirung"),
     ("es", "El gobierno habla hoy con el presidente", "gobirno"),
     ("ru", "Президент сказал сегодня", "Прызидент")],
)
def test_other_languages(language: str, good: str, bad: str) -> None:
    engine = SpellingEngine(language)
    assert flagged(engine, good) == []
    assert flagged(engine, f"{good} {bad}") == [bad]


# ---------------------------------------------------------------------------- suggestions


def test_suggestions_keep_the_capitalisation(english: SpellingEngine) -> None:
    assert english.suggestions("Kyvi")[0] == "Kyiv"
    assert english.suggestions("teh")[0] == "the"
    assert english.suggestions("Teh")[0] == "The"
    assert english.suggestions("RUSSAI")[0] == "RUSSIA"
    assert english.suggestions("Russai’s")[0] == "Russia’s"
    assert english.suggestions("Russai's")[0] == "Russia's"


def test_suggestions_use_the_newsroom_spelling(fresh_english: SpellingEngine) -> None:
    fresh_english.add_words(["McAllister"])
    assert fresh_english.suggestions("mcallistr")[0] == "McAllister"


def test_suggestions_are_limited(english: SpellingEngine) -> None:
    assert len(english.suggestions("teh", limit=10)) == 10
    assert len(english.suggestions("teh", limit=3)) == 3


def test_distance_two_within_the_budget(english: SpellingEngine) -> None:
    engine = SpellingEngine("en")
    found, complete = engine.suggestion_search("accomodaton", budget_s=None)
    assert complete and found[0] == "accommodation"
    # a spent budget stops the distance-2 search: incomplete, and not cached as complete
    engine.add_words(["Qwzx"])  # drop the cache
    started = time.perf_counter()
    found, complete = engine.suggestion_search("internationalizaton", budget_s=0.0)
    assert not complete
    assert time.perf_counter() - started < 0.5  # loose: one distance-1 pass and one step


def test_search_can_be_cancelled(english: SpellingEngine) -> None:
    engine = SpellingEngine("en")
    found, complete = engine.suggestion_search(
        "abcdefghijklmnopq", budget_s=None, should_stop=lambda: True
    )
    assert not complete and found == []


# ---------------------------------------------------------------------------- UTF-16


def test_utf16_offsets_with_emoji_flags_cjk_and_marks() -> None:
    text = "a👍🏽b🇺🇦c中𠀀e\u0301"
    offsets = utf16_offsets(text)
    assert len(offsets) == len(text) + 1
    assert offsets[-1] == len(text.encode("utf-16-le")) // 2
    for index in range(len(text) + 1):
        assert offsets[index] == len(text[:index].encode("utf-16-le")) // 2
        assert to_utf16(text, index) == offsets[index]
    assert offsets[text.index("b")] == 5  # a, then two surrogate pairs
    assert offsets[text.index("c")] == 10  # two regional indicators are two pairs
    assert offsets[text.index("e")] == 14  # 中 is one unit, 𠀀 (CJK Ext. B) is a pair
    assert spelling.from_utf16(text, 5) == text.index("b")


# ---------------------------------------------------------------------- whole documents


def test_check_document_reports_each_field(doc: dict) -> None:
    doc["blog"]["title"] = "Harbor warehuse fire"
    doc["blog"]["summary"][0] = "**Fire out:** crews put out the blaez."
    doc["posts"][1]["headline"] = "Fire is out, says fire sevice"
    doc["posts"][1]["body"] = "First line.\n\nThe cheif said so."
    doc["posts"][1]["media"][0]["alt"] = "Smoke ovr the harbour"
    doc["posts"][1]["update_note"] = "This post has been updatd."
    doc["posts"][2]["body"] = "Draft about the cuase."
    findings = spelling.check_document_spelling(doc)
    got = [(f["post"], f["field"], f["word"]) for f in findings]
    assert got == [
        (None, "title", "warehuse"),
        (None, "summary[0]", "blaez"),
        ("fire-out", "headline", "sevice"),
        ("fire-out", "body", "cheif"),
        ("fire-out", "update_note", "updatd"),
        ("fire-out", "media[0].alt", "ovr"),
        ("draft-1", "body", "cuase"),
    ]
    cheif = findings[3]
    assert cheif["line"] == 3 and "chief" in cheif["suggestions"]
    assert findings[-1]["status"] == "draft"


def test_check_document_uses_the_engine_factory(doc: dict) -> None:
    doc["posts"][0]["headline"] = "Portmere residents told to stay inside"
    assert any(f["word"] == "Portmere" for f in spelling.check_document_spelling(doc))
    factory = lambda lang: engine_for_language(lang, ["Portmere"])  # noqa: E731
    assert spelling.check_document_spelling(doc, factory) == []


def test_check_document_in_an_unsupported_language(doc: dict) -> None:
    doc["blog"]["language"] = "ja"
    doc["posts"][0]["headline"] = "Xyzzq"
    assert spelling.check_document_spelling(doc) == []


def test_spelling_problems_are_check_warnings(doc: dict) -> None:
    doc["posts"][1]["headline"] = "Fire is out, says fire sevice"
    doc["posts"][2]["body"] = "Draft about the cuase."
    problems = spelling.spelling_problems(doc)
    assert problems[0] == {
        "severity": "warning",
        "blog": "harbour-fire",
        "post": "fire-out",
        "field": "headline",
        "code": "spelling",
        "message": problems[0]["message"],
    }
    assert "'sevice'" in problems[0]["message"] and "service" in problems[0]["message"]
    published_only = spelling.spelling_problems(doc, include_drafts=False)
    assert [p["post"] for p in published_only] == ["fire-out"]


# ---------------------------------------------------------------------------- word lists


def test_word_list_round_trip(tmp_path) -> None:
    path = tmp_path / "words.txt"
    path.write_text("# comment\nKyiv\n\nOdesa  # a port\nkyiv\nvon der Leyen\n", encoding="utf-8")
    assert spelling.load_wordlist(path) == ["Kyiv", "Odesa", "kyiv", "von", "der", "Leyen"]
    out = tmp_path / "out.txt"
    spelling.save_wordlist(out, ["Odesa", "Kyiv", "Odesa", " "])
    assert out.read_text(encoding="utf-8") == "Kyiv\nOdesa\n"


def test_default_word_lists() -> None:
    names = [p.name for p in spelling.default_wordlists("en-GB")]
    assert "newsroom-en.txt" in names
    assert spelling.default_wordlists("fr") == []
    assert "Kyiv" in spelling.load_wordlist(spelling.wordlists_dir() / "newsroom-en.txt")


def test_engine_can_leave_out_the_shipped_lists() -> None:
    assert not SpellingEngine("en", use_default_wordlists=False).is_correct("Kyiv")


def test_words_in_another_script_are_not_judged(english: SpellingEngine) -> None:
    assert flagged(english, "中文 and Київ and Ελλάδα, but not teh") == ["teh"]
    assert flagged(SpellingEngine("ru"), "Президент сказал Kyiv") == []


def test_underscores_split_words(english: SpellingEngine) -> None:
    assert words("_emphasis_ and __strong__ and snake_case_name") == [
        "emphasis", "and", "strong", "and", "snake", "case", "name",
    ]
    tokens = find_words("__strong__")
    assert tokens[0].start == 2 and tokens[0].end == 8


def test_the_sample_blog_has_no_misspellings() -> None:
    """The shipped word list covers the names and places of the sample blog."""
    import json

    path = spelling.wordlists_dir().parent / "sample" / "sample-blog.json"
    if not path.exists():
        pytest.skip("the sample blog is not there yet")
    doc = json.loads(path.read_text(encoding="utf-8"))
    findings = spelling.check_document_spelling(doc, suggest=False)
    assert [(f["post"], f["field"], f["word"]) for f in findings] == []


def test_replacing_word_lists_tells_whether_words_were_dropped() -> None:
    engine = SpellingEngine("en", ["Okafor"], ["Blorp"])
    assert engine.set_words(["Okafor", "Portmere"]) is False
    assert engine.set_words(["Portmere"]) is True
    assert not engine.is_correct("Okafor")
    assert engine.set_ignored(["Blorp", "Zorb"]) is False
    assert engine.set_ignored([]) is True
    assert not engine.is_correct("Blorp")
