"""The body editor's Markdown: normalisation (pure), round trips through Qt, typing, formatting,
pasting."""

from __future__ import annotations

import re
import time

import pytest
from markdown_it import MarkdownIt
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QImage, QTextCursor
from PySide6.QtTest import QTest

from widgets.markdown_text import (
    MarkdownTextEdit,
    is_allowed_url,
    join_hard_breaks,
    normalize_markdown,
)

_MD = MarkdownIt("js-default")


def render(text: str) -> str:
    """markdown-it-py's HTML with runs of whitespace folded: a soft line break and a space
    render the same in a browser."""
    html = _MD.render(text)
    return re.sub(r"\s+", " ", html).replace("> <", "><").strip()


NEWS_CORPUS = [
    "**Some context:** the fire broke out at about 06:10 and spread quickly through the "
    "warehouse, which stored paint and paper, the fire service said in a statement on its "
    "website, adding that nobody was hurt 🔥 and that “crews will stay overnight”.\n",
    "**Remember:** call 999 in an emergency.\n\n- Shelter at the town hall\n- Keep windows "
    "shut\n- Check on neighbours\n",
    "What we know:\n\n1. The fire is out\n2. Roads reopen on Monday\n3. An inquiry starts "
    "tomorrow\n",
    "> “We are relieved,” the chief said.\n> “It was a long day.”\n\nShe thanked the crews.\n",
    "More at [the council site](https://example.org/fire?id=3&x=1) and "
    "[our earlier post](#fire-out).\n",
    "### What happens next\n\nInvestigators will start work tomorrow.\n",
    "A paragraph with _underscores_in_words_ and 2*3*4 and snake_case_name in it.\n",
    "Emoji 🚒🧯 and curly ‘quotes’ — and an en dash – too; 日本語 and Ελληνικά.\n",
    "Line one\\\nline two after a hard break.\n",
    "- item one\\\n  continued after a break\n- item two\n",
    "\\# not a heading, 1990\\. not a list, \\*not emphasis\\*, \\[not a link\\]\n",
    "Crews said *at least* **three** buildings were damaged, one *very* badly.\n",
    "- outer\n  - inner one\n  - inner two\n- outer again\n",
]


#: Harder Markdown that must survive a round trip too (rendered the same, stable).
EDGE_CASES = [
    "***both*** and **bold *and italic* inside** end",
    "**foo**bar and foo**bar** and *a*b",
    "A `code span` and ``double `tick` span`` and `*not em*` and `a\\b`",
    "a * b * c and 3 * 4",
    "1) a list with a parenthesis",
    "Price: $5 & 10% off <- arrow -> right",
    "Email <desk@example.org> and <https://example.org>",
    "Quote:\n\n> line one\n>\n> - list in quote\n> - two",
    "1. one\n\n   para in item\n\n2. two",
    "Trailing backslash \\\\",
    "Text with ~~strike~~",
    "A | B | C\n--- | --- | ---\n1 | 2 | 3",
    "Heading\n=======\n\nSetext",
    "* star list\n* second",
    "Hard  \nbreak in **bold  \ntext**",
    "<b>raw html</b> is text",
    "URL https://example.org/a_b_c plain",
    "Ends with #",
    "&copy; &amp; &#169; entities",
    "Non\u00a0breaking\u00a0spaces and thin\u2009space",
    "    indented code block\n    line two",
    "```python\nprint('x')  \n```",
    "word_with_underscores and __init__ and _lead and trail_",
    "> nested\n>> deeper",
    "2024. A year to remember",
    "-not a list and - mid dash",
]


# ------------------------------------------------------------------------------ pure


@pytest.mark.parametrize("text", [
    # Qt wraps at 80 columns: unwrapping keeps the rendering
    "A long paragraph that Qt wrapped\nat eighty columns and kept going\non a third line.\n",
    "- a list item that Qt wrapped\n  onto a second line\n- next\n",
    "> a quote that Qt wrapped\n> onto a second line\n",
    "1.  a numbered item that Qt\n    wrapped\n2.  second\n",
    # trailing spaces, trailing blank lines, hard breaks with spaces
    "Trailing spaces   \nand a hard break.\n\n\n\n",
    "Hard break  \nwith two spaces\n",
    "Text\n\n\n\nmore text\n",
    "```\ncode  \n\n\nkept   \n```\n",
    "### Heading   \n",
    "",
])
def test_normalize_keeps_the_rendering(text: str) -> None:
    out = normalize_markdown(text)
    assert render(out) == render(text)
    assert all(line == line.rstrip() for line in out.split("\n")
               if not line.startswith("code") and not line.startswith("kept"))
    assert out == "" or (out.endswith("\n") and not out.endswith("\n\n"))
    assert normalize_markdown(out) == out  # idempotent


def test_normalize_unwraps_paragraphs_and_uses_backslash_breaks() -> None:
    assert normalize_markdown("one\ntwo\nthree\n") == "one two three\n"
    assert normalize_markdown("- a\n  b\n- c") == "- a b\n- c\n"
    assert normalize_markdown("> a\n> b\n") == "> a b\n"
    assert normalize_markdown("one  \ntwo") == "one\\\ntwo\n"
    assert normalize_markdown("- a  \n  b") == "- a\\\n  b\n"
    assert normalize_markdown("x\n\n\n\ny\n\n") == "x\n\ny\n"
    assert normalize_markdown("\n\n") == ""


@pytest.mark.parametrize("text", NEWS_CORPUS)
def test_normalize_corpus(text: str) -> None:
    assert render(normalize_markdown(text)) == render(text)


def test_join_hard_breaks() -> None:
    assert join_hard_breaks("a\\\nb\n\nc", "\ue000") == "a\ue000b\n\nc"
    assert join_hard_breaks("> a  \n> b", "\ue000") == "> a\ue000b"
    assert join_hard_breaks("plain\ntext", "\ue000") == "plain\ntext"


def test_allowed_urls() -> None:
    for url in ("https://example.org/a?b=1", "http://x.y", "mailto:desk@example.org",
                "#fire-out"):
        assert is_allowed_url(url), url
    for url in ("javascript:alert(1)", "ftp://x.org", "example.org", "", "data:text/html,x",
                "https://", "#"):
        assert not is_allowed_url(url), url


# ---------------------------------------------------------------------- round trips


@pytest.fixture
def edit(qtbot) -> MarkdownTextEdit:
    widget = MarkdownTextEdit()
    qtbot.addWidget(widget)
    widget.resize(600, 400)
    widget.show()
    return widget


@pytest.mark.parametrize("text", NEWS_CORPUS)
def test_round_trip_renders_the_same(edit: MarkdownTextEdit, text: str) -> None:
    edit.set_markdown(text)
    out = edit.markdown()
    assert render(out) == render(text)
    edit.set_markdown(out)
    assert edit.markdown() == out  # stable from the second round on


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases_round_trip(edit: MarkdownTextEdit, text: str) -> None:
    edit.set_markdown(text)
    out = edit.markdown()
    assert render(out) == render(text)
    edit.set_markdown(out)
    assert edit.markdown() == out


def test_whole_corpus_as_one_body(edit: MarkdownTextEdit) -> None:
    text = "\n".join(NEWS_CORPUS)
    edit.set_markdown(text)
    out = edit.markdown()
    assert render(out) == render(text)
    assert "_" not in re.sub(r"\\_|\w_\w", "", out)  # emphasis is written with *
    assert all(len(line) < 400 and line == line.rstrip() for line in out.splitlines())
    assert out.endswith("\n") and not out.endswith("\n\n")


def test_long_paragraph_is_not_wrapped(edit: MarkdownTextEdit) -> None:
    paragraph = " ".join(["word"] * 80) + " [a link](https://example.org/long/path) end."
    edit.set_markdown(paragraph)
    assert edit.markdown() == paragraph + "\n"


def test_hard_break_survives(edit: MarkdownTextEdit) -> None:
    edit.set_markdown("one\\\ntwo\n")
    assert edit.document().blockCount() == 1
    assert edit.document().firstBlock().text() == "one\u2028two"
    assert edit.markdown() == "one\\\ntwo\n"


def test_markdown_of_empty_document(edit: MarkdownTextEdit) -> None:
    edit.set_markdown("")
    assert edit.markdown() == ""


# --------------------------------------------------------------------------- typing


def test_typed_special_characters_stay_text(edit: MarkdownTextEdit, qtbot) -> None:
    edit.set_markdown("")
    edit.setFocus()
    typed = "2*3*4 _x_ <b>tag</b> [a](b) `code` ~~s~~ & &amp; a|b \\ back"
    QTest.keyClicks(edit, typed)
    out = edit.markdown()
    edit.set_markdown(out)
    assert edit.toPlainText() == typed
    assert "<em>" not in render(out) and "<code>" not in render(out)


@pytest.mark.parametrize("typed", ["1. not a list", "- not a list", "# not a heading",
                                   "> not a quote", "+ plus", "12) twelve"])
def test_typed_line_starts_are_escaped(edit: MarkdownTextEdit, typed: str) -> None:
    edit.set_markdown("")
    QTest.keyClicks(edit, typed)
    out = edit.markdown()
    assert render(out) == f"<p>{typed.replace('>', '&gt;')}</p>"


def test_bold_with_trailing_space_writes_valid_markers(edit: MarkdownTextEdit) -> None:
    edit.set_markdown("")
    edit.toggle_bold()
    QTest.keyClicks(edit, "Some context: ")
    edit.toggle_bold()
    QTest.keyClicks(edit, "text")
    assert edit.markdown() == "**Some context:** text\n"


def test_typing_undoes_in_the_field(edit: MarkdownTextEdit) -> None:
    edit.set_markdown("Start.")
    edit.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClicks(edit, " More")
    assert edit.toPlainText() == "Start. More"
    QTest.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert edit.toPlainText() == "Start."
    QTest.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert edit.toPlainText() == "Start."  # loading is not undoable


def test_emoji_positions(edit: MarkdownTextEdit) -> None:
    edit.set_markdown("🔥 **hot** 🚒 and *cool* 🧯 end")
    assert edit.markdown() == "🔥 **hot** 🚒 and *cool* 🧯 end\n"
    edit.highlight_terms(["cool"])
    (start, end), = edit.highlighted_ranges()
    cursor = QTextCursor(edit.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "cool"


# ------------------------------------------------------------------------ formatting


def select_all(edit: MarkdownTextEdit) -> None:
    cursor = edit.textCursor()
    cursor.select(QTextCursor.SelectionType.Document)
    edit.setTextCursor(cursor)


def select_word(edit: MarkdownTextEdit, word: str) -> None:
    cursor = edit.document().find(word)
    assert not cursor.isNull()
    edit.setTextCursor(cursor)


def test_format_commands(edit: MarkdownTextEdit) -> None:
    edit.set_markdown("Alpha beta gamma")
    select_word(edit, "Alpha")
    edit.toggle_bold()
    select_word(edit, "beta")
    edit.toggle_italic()
    select_word(edit, "gamma")
    assert edit.set_link("https://example.org/g")
    assert edit.markdown() == "**Alpha** *beta* [gamma](https://example.org/g)\n"
    assert not edit.set_link("javascript:alert(1)")
    select_word(edit, "gamma")
    assert edit.link_at_cursor() == "https://example.org/g"
    edit.set_link(None)
    assert edit.markdown() == "**Alpha** *beta* gamma\n"
    select_word(edit, "Alpha")
    edit.toggle_bold()
    assert edit.markdown() == "Alpha *beta* gamma\n"


def test_block_formats(edit: MarkdownTextEdit) -> None:
    edit.set_markdown("One\n\nTwo\n\nThree\n")
    select_word(edit, "One")
    edit.toggle_bullet_list()
    assert edit.format_state().bullet_list
    select_word(edit, "Two")
    edit.toggle_numbered_list()
    assert edit.format_state().numbered_list
    select_word(edit, "Three")
    edit.toggle_quote()
    assert edit.format_state().quote
    assert render(edit.markdown()) == render("- One\n\n1. Two\n\n> Three\n")
    select_word(edit, "One")
    edit.toggle_subheading()
    assert edit.format_state().subheading
    assert edit.markdown().startswith("### One\n")
    edit.toggle_subheading()
    select_word(edit, "Three")
    edit.toggle_quote()
    select_word(edit, "Two")
    edit.toggle_numbered_list()
    assert edit.markdown() == "One\n\nTwo\n\nThree\n"


def test_clear_formatting(edit: MarkdownTextEdit) -> None:
    edit.set_markdown("> **Bold** and [link](https://example.org) *it*\n")
    select_all(edit)
    edit.clear_formatting()
    assert edit.markdown() == "> Bold and link it\n"
    edit.moveCursor(QTextCursor.MoveOperation.Start)
    edit.clear_formatting()
    assert edit.markdown() == "Bold and link it\n"


def test_format_state_signal(edit: MarkdownTextEdit, qtbot) -> None:
    edit.set_markdown("plain **bold**")
    with qtbot.waitSignal(edit.formatStateChanged) as blocker:
        cursor = edit.document().find("bold")
        cursor.clearSelection()
        edit.setTextCursor(cursor)
    assert blocker.args[0].bold


def test_highlight_terms_keeps_other_selections(edit: MarkdownTextEdit) -> None:
    edit.set_markdown("Fire at the harbour. The fire is out.")
    other = edit.ExtraSelection()
    other.cursor = edit.document().find("harbour")
    edit.setExtraSelections([other])
    edit.highlight_terms(["fire"])
    assert len(edit.highlighted_ranges()) == 2
    assert len(edit.extraSelections()) == 3
    edit.highlight_terms([])
    assert edit.highlighted_ranges() == []
    assert len(edit.extraSelections()) == 1


# --------------------------------------------------------------------------- pasting

WORD_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<style>p.MsoNormal {font-family:Calibri; font-size:11pt} h1 {color:#2F5496}</style></head>
<body lang=EN-GB>
<p class=MsoNormal><b><span style='font-family:Calibri;color:red;font-size:18pt'>Bold</span></b>
<span style='font-family:"Times New Roman"'> plain </span><i><span
style='color:#123456'>italic</span></i>
and a <a href="https://example.org">link</a> and a <a href="javascript:alert(1)">bad one</a>
<u>underlined</u> <span style='background:yellow'>marked</span></p>
<ul><li>one</li><li><b>two</b></li></ul>
<ol><li>first</li><li>second</li></ol>
<h1>Big heading</h1><h5>Small heading</h5>
<blockquote>A quote.</blockquote>
<table border=1><tr><td>cell one</td><td>cell two</td></tr></table>
<p class=MsoNormal>&nbsp;</p>
</body></html>"""

WEB_HTML = """<div style="font-family: Georgia; color: #333; font-size: 19px">
<script>document.write("evil")</script><style>.x{color:red}</style>
<p style="margin:2em">Intro with <strong style="color:green">strong</strong> and
<em>emphasis</em>, an <img src="https://example.org/pixel.gif" alt="tracker"> image and a
<a href="/relative/path" onclick="steal()">relative link</a> and
<a href="https://example.org/story">a story</a>.</p>
<h2 style="font-size:40px">Section</h2>
<ul><li>Point <span style="font-weight:bold">A</span></li></ul>
<iframe src="https://example.org/embed"></iframe>
</div>"""


def paste(edit: MarkdownTextEdit, *, html: str | None = None, text: str | None = None) -> None:
    mime = QMimeData()
    if html is not None:
        mime.setHtml(html)
    if text is not None:
        mime.setText(text)
    assert edit.canInsertFromMimeData(mime)
    edit.insertFromMimeData(mime)


def test_paste_from_word(edit: MarkdownTextEdit) -> None:
    edit.set_markdown("")
    paste(edit, html=WORD_HTML, text="fallback")
    out = edit.markdown()
    assert out.startswith("**Bold** plain *italic* and a [link](https://example.org) and a "
                          "bad one underlined marked\n")
    assert "- one\n- **two**\n" in out
    assert "1.  first\n2.  second\n" in out
    assert "## Big heading\n" in out and "#### Small heading\n" in out
    assert "> A quote.\n" in out
    assert "cell one\n\ncell two\n" in out
    for dropped in ("javascript", "Calibri", "color", "span", "|", "_", "<"):
        assert dropped not in out, dropped
    # nothing of the source's fonts, colours or sizes stays in the document either
    html = edit.toHtml()
    for dropped in ("Calibri", "Times New Roman", "#ff0000", "#123456", "18pt", "yellow"):
        assert dropped not in html, dropped


def test_paste_from_a_web_page(edit: MarkdownTextEdit) -> None:
    edit.set_markdown("")
    paste(edit, html=WEB_HTML)
    out = edit.markdown()
    assert "Intro with **strong** and *emphasis*, an image and a relative link and " \
           "[a story](https://example.org/story).\n" in out
    assert "## Section\n" in out
    assert "- Point **A**\n" in out
    for dropped in ("evil", "script", "pixel", "tracker", "onclick", "steal", "/relative",
                    "Georgia", "embed", "color"):
        assert dropped not in out, dropped
    assert "Georgia" not in edit.toHtml()


def test_paste_into_text_keeps_position_and_undoes_in_one_step(edit: MarkdownTextEdit) -> None:
    edit.set_markdown("Before after")
    cursor = edit.document().find("after")
    cursor.setPosition(cursor.selectionStart())
    edit.setTextCursor(cursor)
    paste(edit, html="<b>bold</b> ")
    assert edit.toPlainText() == "Before bold after"
    assert edit.markdown() == "Before **bold** after\n"
    edit.undo()
    assert edit.toPlainText() == "Before after"


def test_plain_text_paste_stays_plain(edit: MarkdownTextEdit) -> None:
    edit.set_markdown("")
    paste(edit, text="**not bold** <b>nor this</b>\nsecond line")
    assert edit.toPlainText() == "**not bold** <b>nor this</b>\nsecond line"
    edit.set_markdown(edit.markdown())
    assert edit.toPlainText() == "**not bold** <b>nor this</b>\nsecond line"


def test_images_alone_are_not_pasted(edit: MarkdownTextEdit) -> None:
    mime = QMimeData()
    mime.setImageData(QImage(4, 4, QImage.Format.Format_RGB32))
    assert not edit.canInsertFromMimeData(mime)
    files = QMimeData()
    files.setUrls([QUrl.fromLocalFile("/tmp/photo.jpg")])
    files.setText("/tmp/photo.jpg")
    assert not edit.canInsertFromMimeData(files)
    edit.set_markdown("x")
    edit.insertFromMimeData(files)
    assert edit.toPlainText() == "x"


def test_huge_paste_does_not_freeze(edit: MarkdownTextEdit) -> None:
    sentence = "Some <b>bold</b> words and <i>more</i> text with a <a href='https://x.org'>" \
               "link</a>. "
    html = "<p>" + "</p><p>".join([sentence * 10] * 1400) + "</p>"
    assert len(html) > 1_000_000
    edit.set_markdown("")
    started = time.monotonic()
    paste(edit, html=html, text=re.sub("<[^>]+>", "", html))
    elapsed = time.monotonic() - started
    assert edit.document().characterCount() > 500_000
    assert elapsed < 15, elapsed
    started = time.monotonic()
    paste(edit, text="word " * 200_000)
    out = edit.markdown()
    assert time.monotonic() - started < 20
    assert len(out) > 1_000_000


WORD_LIST_HTML = """<p class=MsoNormal>Intro</p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'>
<![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span></span><![endif]><b>Bold</b>
first</p>
<p class=MsoListParagraphCxSpMiddle style='margin-left:72.0pt;mso-list:l0 level2 lfo1'>
<![if !supportLists]><span style='font-family:"Courier New"'><span style='mso-list:Ignore'>o<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span><![endif]>nested</p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'>
<![if !supportLists]><span style='mso-list:Ignore'>·<span>&nbsp; </span></span><![endif]>second</p>
<p class=MsoNormal>Between</p>
<p class=MsoListParagraph style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]>
<span style='mso-list:Ignore'>1.<span>&nbsp;&nbsp; </span></span><![endif]>one</p>
<p class=MsoListParagraph style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]>
<span style='mso-list:Ignore'>2.<span>&nbsp;&nbsp; </span></span><![endif]>two</p>"""

GOOGLE_DOCS_HTML = (
    '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-12"><p dir="ltr" '
    'style="line-height:1.38;margin-top:0pt"><span style="font-size:11pt;font-family:Arial;'
    'color:#000000;font-weight:400;font-style:normal;">Plain </span><span style="font-size:11pt;'
    'font-family:Arial;font-weight:700;">bold</span><span style="font-weight:400;"> and </span>'
    '<span style="font-style:italic;font-weight:400;">italic</span></p></b>')


def test_paste_word_list_paragraphs(edit: MarkdownTextEdit) -> None:
    """Word's own clipboard HTML has no <ul>: list items are marked-up paragraphs."""
    edit.set_markdown("")
    paste(edit, html=WORD_LIST_HTML)
    assert edit.markdown() == ("Intro\n\n- **Bold** first\n  - nested\n- second\n\nBetween\n\n"
                               "1.  one\n2.  two\n")


def test_paste_google_docs(edit: MarkdownTextEdit) -> None:
    """Google Docs wraps everything in a <b> made normal by its style."""
    edit.set_markdown("")
    paste(edit, html=GOOGLE_DOCS_HTML)
    assert edit.markdown() == "Plain **bold** and *italic*\n"


def test_typing_after_a_link_is_not_part_of_it(edit: MarkdownTextEdit) -> None:
    edit.set_markdown("See [link](https://x.org)")
    edit.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClicks(edit, " after")
    assert edit.markdown() == "See [link](https://x.org) after\n"
    cursor = edit.document().find("link")
    cursor.setPosition(cursor.selectionStart() + 2)
    edit.setTextCursor(cursor)
    QTest.keyClicks(edit, "n")
    assert edit.markdown() == "See [linnk](https://x.org) after\n"


def test_enter_after_a_subheading_and_in_an_empty_list_item(edit: MarkdownTextEdit) -> None:
    edit.set_markdown("### Head")
    edit.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClick(edit, Qt.Key.Key_Return)
    QTest.keyClicks(edit, "para")
    assert edit.markdown() == "### Head\n\npara\n"
    edit.set_markdown("- one")
    edit.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClick(edit, Qt.Key.Key_Return)
    QTest.keyClicks(edit, "two")
    QTest.keyClick(edit, Qt.Key.Key_Return)
    QTest.keyClick(edit, Qt.Key.Key_Return)
    QTest.keyClicks(edit, "after")
    assert edit.markdown() == "- one\n- two\n\nafter\n"


def test_shift_enter_is_a_line_break(edit: MarkdownTextEdit) -> None:
    edit.set_markdown("")
    QTest.keyClicks(edit, "one")
    QTest.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClicks(edit, "two")
    assert edit.markdown() == "one\\\ntwo\n"
    assert render(edit.markdown()) == "<p>one<br> two</p>"


def test_stored_heading_levels_are_kept(edit: MarkdownTextEdit) -> None:
    edit.set_markdown("# Top\n\n## Two\n\n#### Four\n")
    assert edit.markdown() == "# Top\n\n## Two\n\n#### Four\n"


def test_search_terms_from_a_query(edit: MarkdownTextEdit) -> None:
    edit.set_markdown("Firefighters fought the fire.")
    edit.highlight_terms(['"fire"', "fire*", ""])
    assert len(edit.highlighted_ranges()) == 2


def sample_texts() -> list[str]:
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "resources" / "sample" / "sample-blog.json"
    if not path.exists():
        return []
    doc = json.loads(path.read_text(encoding="utf-8"))
    return ([post["body"] for post in doc["posts"]] + doc["blog"]["summary"]
            + [post["update_note"] for post in doc["posts"] if post.get("update_note")])


def test_sample_blog_round_trips(edit: MarkdownTextEdit) -> None:
    """Every body of the sample blog comes back from the editor rendering the same."""
    texts = sample_texts()
    if not texts:
        pytest.skip("no sample blog")
    for text in texts:
        edit.set_markdown(text)
        assert render(edit.markdown()) == render(text), text[:80]


@pytest.mark.parametrize("text", [
    "foo\\  \nbar",  # a backslash before two spaces is literal, and so is the break
    "foo\\\\\nbar",  # an escaped backslash, then a soft break
    "a \\\\\\\nb",  # an escaped backslash, then a backslash break
    "`code  \nspan` x",  # a code span over a line end: left as it is
    "a `b` c  \nd",
    "> q\\\n> r",
])
def test_normalize_backslashes_and_breaks(text: str) -> None:
    out = normalize_markdown(text)
    assert render(out) == render(text)
    assert normalize_markdown(out) == out
