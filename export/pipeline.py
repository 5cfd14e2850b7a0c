"""One way to export a blog, shared by the command line and the app's export dialog.

``render_document`` renders a livedesk/1 document in one of the formats. Each renderer makes
its output post by post, keeping what it made of each post in ``export.render.cache`` by the
post's content (so a re-export renders only the posts that changed), and calls back before each
post: ``progress`` hears of every 25th, and ``cancelled`` is asked each time. ``export_to_file``
writes the result atomically and, for JSON, the photos beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .style import HouseStyle

MediaLoader = Callable[[str], "tuple[bytes, str] | None"]
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExportFormat:
    key: str
    title: str
    suffix: str
    description: str


FORMATS: dict[str, ExportFormat] = {f.key: f for f in (
    ExportFormat("html", "HTML page", ".html",
                 "One self-contained page: styles and photos inside, no external requests."),
    ExportFormat("fragment", "CMS fragment", ".fragment.html",
                 "The live blog without the page around it, classes prefixed ld-, for pasting "
                 "into a CMS."),
    ExportFormat("json", "Livedesk JSON (livedesk/1)", ".json",
                 "The whole blog, drafts included, that Livedesk and the CMS import. Photos are "
                 "written beside it."),
    ExportFormat("ninjs", "ninjs 3.1 (IPTC)", ".ninjs.json",
                 "The blog as an IPTC ninjs composite item, one association per published post."),
    ExportFormat("atom", "Atom feed", ".atom",
                 "A feed of the published posts, newest first."),
)}


class ExportCancelled(Exception):
    """The editor cancelled a long export; nothing was written."""


def render_document(doc: Mapping[str, Any], fmt: str, style: HouseStyle,
                    media_loader: MediaLoader | None = None, *,
                    progress: Progress | None = None,
                    cancelled: Callable[[], bool] = lambda: False) -> str:
    """The text of ``doc`` in format ``fmt`` (one of ``FORMATS``)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    if fmt == "json":
        from .interchange import dumps_document

        return dumps_document(dict(doc))

    totals = [1]  # posts to render plus one, as the renderer counts them

    def step(done: int, total: int) -> None:
        totals[0] = total
        if cancelled():
            raise ExportCancelled
        if progress is not None and done % 25 == 0:
            progress(done, total)

    if fmt == "html":
        from .html import render_page

        text = render_page(doc, style, media_loader, step=step)
    elif fmt == "fragment":
        from .html import render_fragment

        text = render_fragment(doc, style, media_loader, step=step)
    elif fmt == "ninjs":
        from .ninjs import render_ninjs

        text = render_ninjs(doc, style, step=step)
    else:
        from .atom import render_atom

        text = render_atom(doc, style, step=step)
    if cancelled():
        raise ExportCancelled
    if progress is not None:
        progress(totals[0], totals[0])
    return text


def export_to_file(text: str, path: Path, *, fmt: str, doc: Mapping[str, Any] | None = None,
                   media_loader: MediaLoader | None = None, force: bool = False) -> list[Path]:
    """Write an export atomically (a crash leaves the old file or the new one, never half);
    for JSON, also write the photos the document uses beside it. Returns every file written."""
    from .atomic import write_atomically
    from .interchange import write_media_files

    write_atomically(path, text.encode("utf-8"))
    written = [path]
    if fmt == "json" and doc is not None and media_loader is not None:
        written += write_media_files(media_loader, dict(doc), path.parent, force=force)
    return written
