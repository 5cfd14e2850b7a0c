"""Generated Markdown, heavy on the characters that make markup and URLs, never gets past the
sanitiser: same checks as test_hostile.py, on render_markdown and render_inline directly."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from export.render import plain_text, render_inline, render_markdown

try:
    from test_hostile import check_html
    from test_render_docs import parse_html
except ImportError:  # collected as a package
    from tests.export.test_hostile import check_html
    from tests.export.test_render_docs import parse_html

_PIECES = [
    "<",
    ">",
    '"',
    "'",
    "&",
    "#",
    ";",
    ":",
    "/",
    "\\",
    "(",
    ")",
    "[",
    "]",
    "!",
    "*",
    "`",
    "\n",
    " ",
    "\t",
    "\x00",
    "\x01",
    "=",
    "%",
    "javascript",
    "JaVaScRiPt",
    "vbscript",
    "data",
    "script",
    "onerror",
    "onload",
    "img",
    "svg",
    "a href",
    "src",
    "http",
    "https",
    "mailto",
    "//",
    "&#106;",
    "&#x6A;",
    "%6A",
    "\u2028",
    "\ud800",
    "x",
    "p-1",
]
markdownish = st.lists(st.sampled_from(_PIECES) | st.text(max_size=3), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdownish)
def test_generated_markdown_is_safe(text: str) -> None:
    check_html(parse_html(render_markdown(text)))
    check_html(parse_html(render_markdown(text, min_heading=3)))
    check_html(parse_html(render_inline(text)))
    assert "<" not in plain_text(text) or "<" in text
