"""Markdown -> safe HTML: what an editor types can never reach an export as script."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from export import render
from export.render import clean_text, plain_text, render_inline, render_markdown


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Collect()
    parser.feed(html)
    parser.close()
    return parser.tags


def hrefs(html: str) -> list[str]:
    return [str(attrs.get("href")) for tag, attrs in tags_of(html) if "href" in attrs]


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "before <script>alert(1)</script> after",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src=https://evil.example></iframe>",
        "<svg onload=alert(1)>",
        "<style>body{display:none}</style>",
    ],
)
def test_raw_html_is_text(source: str) -> None:
    html = render_markdown(source)
    assert {tag for tag, _ in tags_of(html)} <= {"p"}
    assert "<script" not in html and "<img" not in html and "<iframe" not in html


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\x01script:alert(1)",
        "java\tscript:alert(1)",
        "&#106;avascript:alert(1)",
        "%6Aavascript:alert(1)",
        " javascript:alert(1)",
        "<javascript:alert(1)>",
        "//evil.example",
        "//evil.example/path",
        "/relative/path",
        "relative.html",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "DATA:text/html,x",
        "vbscript:msgbox(1)",
        "VBScript:msgbox(1)",
        "file:///etc/passwd",
        "ftp://example.org/x",
        "#not an anchor",
        "#1starts-with-digit",
    ],
)
def test_bad_link_targets_lose_their_link(link: str) -> None:
    for source in (f"[click]({link})", f"[click](<{link}>)", f"[click][r]\n\n[r]: {link}"):
        html = render_markdown(source)
        assert hrefs(html) == [], (source, html)
        inline = render_inline(source)
        assert hrefs(inline) == [], (source, inline)


@pytest.mark.parametrize(
    "src",
    [
        "javascript:alert(1)",
        "data:image/png;base64,AAAA",
        "images/x.png",
        "//evil.example/x.png",
        "vbscript:x",
    ],
)
def test_bad_image_sources_keep_only_the_alt_text(src: str) -> None:
    html = render_markdown(f"![the alt]({src})")
    assert [tag for tag, _ in tags_of(html)] == ["p"]
    assert "the alt" in html


def test_web_images_are_kept_with_alt() -> None:
    html = render_markdown('![A crane](https://example.org/c.jpg "title")')
    assert tags_of(html) == [
        ("p", {}),
        ("img", {"src": "https://example.org/c.jpg", "alt": "A crane"}),
    ]


@pytest.mark.parametrize(
    "link", ["https://example.org/a?b=1&c=2", "http://example.org", "mailto:desk@example.org"]
)
def test_external_links_are_kept_with_rel(link: str) -> None:
    html = render_markdown(f"[x]({link})")
    ((_, attrs),) = [t for t in tags_of(html) if t[0] == "a"]
    assert attrs == {"href": link, "rel": "noopener noreferrer"}


def test_anchor_links_are_kept_without_rel() -> None:
    html = render_inline("see [the deal](#p-deal)")
    assert html == 'see <a href="#p-deal">the deal</a>'


def test_link_titles_and_other_attributes_are_dropped() -> None:
    html = render_markdown('[x](https://example.org "a title")')
    assert "title" not in html


def test_news_copy_survives() -> None:
    source = (
        "**Some context:** the *port* closed.\n\n- one\n- two\n\n1. first\n\n> a quote\n\n"
        "## A heading\n\nline one\\\nline two"
    )
    html = render_markdown(source)
    tags = [tag for tag, _ in tags_of(html)]
    for tag in ("p", "strong", "em", "ul", "ol", "li", "blockquote", "h2", "br"):
        assert tag in tags
    assert "<h2>" not in render_markdown("## A heading", min_heading=3)
    assert render_markdown("# Top", min_heading=3) == "<h3>Top</h3>"
    assert render_markdown("# a\n\n## b\n\n###### Deep") == "<h2>a</h2>\n<h3>b</h3>\n<h4>Deep</h4>"


def test_heading_levels_never_skip() -> None:
    html = render_markdown("#### a\n\n# b\n\n### c\n\n## d\n\n###### e", min_heading=3)
    assert html == "<h3>a</h3>\n<h3>b</h3>\n<h4>c</h4>\n<h4>d</h4>\n<h4>e</h4>"
    assert render_markdown("### x\n\n#### y") == "<h2>x</h2>\n<h3>y</h3>"


def test_markup_outside_the_allow_list_is_stripped() -> None:
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n`code` ~~gone~~\n\n```\nfence\n```")
    assert {tag for tag, _ in tags_of(html)} <= {"p"}
    assert "code" in html and "fence" in html


def test_inline_has_no_block_wrapper() -> None:
    assert render_inline("**Lead:** text") == "<strong>Lead:</strong> text"
    assert render_inline("# not a heading") == "# not a heading"
    assert render_inline("<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"


def test_plain_text() -> None:
    text = plain_text(
        "# Head\n\nSome *emphasis* &amp; <b>tags</b>\n\n- a\n- b\n\n[link](https://x.example)"
    )
    assert text == "Head\nSome emphasis & <b>tags</b>\na\nb\nlink"
    assert plain_text("") == ""


def test_clean_text_strips_what_html_and_xml_forbid() -> None:
    assert clean_text("a\x00b\x01c\x7fd\x85e\ufffef") == "abcdef"
    assert clean_text("keep\ttab\nline\r") == "keep\ttab\nline\r"
    assert clean_text("lone \ud800 surrogate") == "lone \ufffd surrogate"
    assert clean_text({"k": ["\x02x", 3, None]}) == {"k": ["x", 3, None]}
    assert render_markdown("a\x00b\ud800") == "<p>ab\ufffd</p>"


def test_rendering_is_cached() -> None:
    render.cache.clear()
    text = "A paragraph that is rendered twice. " * 50
    first = render_markdown(text)
    misses = render.cache.misses
    assert render_markdown(text) == first
    assert render.cache.misses == misses
    assert render.cache.hits >= 1
    # Another heading level is another entry.
    render_markdown(text, min_heading=3)
    assert render.cache.misses == misses + 1


def test_min_heading_is_checked() -> None:
    with pytest.raises(ValueError):
        render_markdown("x", min_heading=1)
