"""The exports' fast paths give exactly what the plain ways give: plain text read off the
sanitised HTML (against an ``html.parser`` walk), indented JSON (against ``json.dumps``), the
check for characters ``clean_text`` removes (against its regex), the word count of ninjs and the
compiled date formats."""

from __future__ import annotations

import json
import re
from datetime import datetime
from html.parser import HTMLParser
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from export import render
from export.interchange import resources_dir
from export.jsontext import dumps_indented
from export.ninjs import _word_count
from export.style import format_datetime

try:
    from test_hostile_fuzz import markdownish
except ImportError:  # collected as a package
    from tests.export.test_hostile_fuzz import markdownish


class _Walk(HTMLParser):
    """Plain text the slow, obvious way: what ``render.html_text`` must give."""

    BREAK_AFTER = frozenset({"p", "li", "h2", "h3", "h4", "blockquote", "figcaption", "ul", "ol"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BREAK_AFTER:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def walked_text(html: str) -> str:
    walk = _Walk()
    walk.feed(html)
    walk.close()
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(walk.parts).split("\n")]
    return re.sub(r"\n\s*\n+", "\n", "\n".join(lines)).strip()


TRICKY = [
    "",
    "plain",
    "![a </p> b > c](https://img.example/x.png) and ![x<br>y](https://img.example/y.png)",
    "[a link](https://example.com/?q=<b>&x=\"y\") after",
    "**bold**  and  *em*\ttab\n\nsecond &amp; &lt;tag&gt; &nbsp; para\\\nbreak",
    "# One\n\n### Three\n\n- a\n- b\n\n1. x\n2. y\n\n> quote\n> more",
    "| a | b |\n| - | - |\n| 1 | 2 |\n\n```\ncode  <kept>\n```\n\n`inline <x>`",
    "caf\u00e9 \u201cquoted\u201d \u2028 line sep \u00a0nbsp\u00a0 \U0001f600",
    "<script>alert(1)</script> <b>raw</b> &#12; &#0; &#x85;",
    "[#anchor](#post-1) and <https://auto.example/x>",
]


def test_plain_text_of_tricky_markdown_is_the_walked_text() -> None:
    for text in TRICKY:
        for level in (2, 3):
            html = render.render_markdown(text, min_heading=level)
            assert render.html_text(html) == walked_text(html), text
        html = render.render_inline(text)
        assert render.html_text(html) == walked_text(html), text


def test_plain_text_of_the_sample_blog_is_the_walked_text() -> None:
    doc = json.loads((resources_dir() / "sample" / "sample-blog.json").read_text("utf-8"))
    for post in doc["posts"]:
        html = render.render_markdown(post["body"], min_heading=3)
        assert render.html_text(html) == walked_text(html)
        assert _word_count(render.html_text(html)) == len(render.html_text(html).split())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdownish)
def test_plain_text_of_generated_markdown_is_the_walked_text(text: str) -> None:
    html = render.render_markdown(text, min_heading=3)
    assert render.html_text(html) == walked_text(html)
    plain = render.html_text(html)
    assert _word_count(plain) == len(plain.split())


json_data = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner,
                                                                 max_size=4),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(json_data, st.integers(min_value=0, max_value=3))
def test_indented_json_is_the_standard_librarys(value: Any, level: int) -> None:
    expected = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)
    assert dumps_indented(value, level) == expected


def test_indented_json_hands_other_values_to_the_standard_library() -> None:
    for value in ({1: "int key"}, {"t": ("a", "b")}, {"s": "x" * 3, "n": [1.5, -0.0]}):
        assert dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


def _clean_by_regex(text: str) -> bool:
    return render._BAD_CHARS.search(text) is None


def test_clean_check_of_every_bmp_code_point_and_each_planes_ends() -> None:
    astral = [code for plane in range(1, 17) for code in range(plane * 0x10000 - 16,
                                                                plane * 0x10000 + 16)]
    for code in [*range(0x10000), *astral, 0x10FFFE, 0x10FFFF, 0x1F600]:
        char = chr(code)
        for text in (char, f"ab{char}", f"\u00e9{char}", f"\u201c{char}", f"{char}\U0001f600"):
            assert render._is_clean(text) == _clean_by_regex(text), hex(code)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=()), max_size=30))
def test_clean_check_of_generated_text(text: str) -> None:
    assert render._is_clean(text) == _clean_by_regex(text)
    assert render.clean_text(text) == render._BAD_CHARS.sub(render._replace_bad_char, text)


def test_word_count_with_other_spaces() -> None:
    for text in ("", "a", "a b\nc", "a\u00a0b", "a \u2003 b", "x\u2028y", "a\tb"):
        assert _word_count(text) == len(text.split())


def test_date_formats_that_are_not_directives_stay_as_they_are() -> None:
    moment = datetime(2024, 11, 2, 9, 5, 7, tzinfo=ZoneInfo("Europe/Kyiv"))
    assert format_datetime(moment, "%-B %-") == "%-B %-"
    assert format_datetime(moment, "%:x %:") == "%:x %:"
    assert format_datetime(moment, "%%d %-%") == "%d %-%"
    assert format_datetime(moment, "%:z%-M%-S%y") == "+02:0057" + "24"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=()), max_size=40))
def test_json_strings_are_the_standard_librarys(text: str) -> None:
    from export.html import _json_string

    assert _json_string(text) == json.dumps(text, ensure_ascii=False)
