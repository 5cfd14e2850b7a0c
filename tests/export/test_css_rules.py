"""Every element the body sanitiser lets through has a rule in the page's CSS."""

from __future__ import annotations

import re

from export.html import templates_dir
from export.render import render_markdown


def test_every_body_heading_level_is_styled() -> None:
    css = (templates_dir() / "liveblog.css").read_text(encoding="utf-8")
    # A post without a headline renders "# Heading" as <h2> (the levels never skip).
    levels = {int(m) for m in re.findall(r"<h([2-6])", render_markdown("# A\n\n## B\n\n### C"))}
    assert levels == {2, 3, 4}
    for level in levels:
        assert re.search(rf"\.ld-post__body h{level}\s*\{{[^}}]*font-size", css), level
