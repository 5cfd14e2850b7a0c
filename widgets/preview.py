"""Preview of the exported page, inside the app and in the system's browser.

The app ships without a web engine (PySide6-Essentials keeps the installer small), so the pane
shows the export's own HTML in a ``QTextBrowser``: the same headline, bylines, times, key points,
bodies and photos as the page, with simpler styling than a browser gives it. "Open in browser"
writes the real page, exactly as ``export`` would, to a temporary file and opens it.

The pane follows the editor: it re-renders a moment after the store saved a change (typing is
saved within a second of a pause, so the preview trails the typing by about two seconds) and
shows the blog's header with the posts around the current one, so that a 10,000-post blog
previews as fast as a short one. Post bodies are cached by content, so only an edited post is
rendered again.
"""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QImage, QShowEvent, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.hub import StoreHub
from storage import StoreError
from widgets.dock_tab import OnScreenAware

# The export modules (Jinja2 templates, markdown-it) load when the pane first renders, not at
# start-up: the pane sits behind the Summary tab until an editor opens it.

REFRESH_DELAY_MS = 700
#: Posts shown around the current one.
WINDOW = 12


class _Browser(QTextBrowser):
    """A QTextBrowser that shows ``data:`` images (the export embeds local photos that way)."""

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        text = url.toString() if isinstance(url, QUrl) else str(url)
        if kind == QTextDocument.ResourceType.ImageResource.value and text.startswith("data:"):
            header, _, payload = text.partition(",")
            if ";base64" in header:
                image = QImage()
                image.loadFromData(QByteArray(base64.b64decode(payload)))
                if image.width() > 640:
                    image = image.scaledToWidth(640)
                return image
        return super().loadResource(kind, url)


class PreviewPane(OnScreenAware, QWidget):
    """The rendered page of the open blog, around the current post."""

    #: The page was rendered again (for tests and the status bar).
    refreshed = Signal()

    def __init__(self, hub: StoreHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.blog_id: int | None = None
        self.post_id: int | None = None
        self._last_html = ""
        self._dirty = False

        self.browser = _Browser()
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._on_link)
        self.browser.setAccessibleName(self.tr("Preview of the exported page"))
        self.note = QLabel(self.tr("Preview; the real page looks like the browser's."))
        self.note.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Open in browser"))
        self.open_button.setToolTip(self.tr("Export the page to a temporary file and open it "
                                            "in your web browser"))
        self.open_button.setAccessibleName(self.tr("Open the exported page in your browser"))
        self.open_button.clicked.connect(self.open_in_browser)
        bar = QHBoxLayout()
        bar.addWidget(self.note, 1)
        bar.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self.browser, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh_now)
        hub.posts_changed.connect(self._on_blog_signal)
        hub.summary_changed.connect(self._on_blog_signal)
        hub.order_changed.connect(self._on_blog_signal)
        hub.blogs_changed.connect(self._on_blog_signal)
        hub.reset.connect(self.schedule_refresh)

    # ---------------------------------------------------------------------------------- api

    def set_blog(self, blog_id: int | None) -> None:
        """Show a blog: at once when the pane is on screen, else when it is first shown (the
        pane sits behind the Summary tab at start-up, and a render of the page costs from
        100 ms on a small blog to several hundred at 100,000 posts)."""
        self.blog_id = blog_id
        self.post_id = None
        if self.on_screen():
            self.refresh_now()
        else:
            self._timer.stop()
            self._dirty = True

    def set_current_post(self, post_id: int | None) -> None:
        if post_id != self.post_id:
            self.post_id = post_id
            self.schedule_refresh()

    def schedule_refresh(self) -> None:
        """Re-render a moment from now; a hidden pane (its dock closed) waits until shown."""
        if self.blog_id is None:
            return
        self._dirty = True
        if self.on_screen():
            self._timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:  # shown with changes it has not rendered: render them now
            self._timer.stop()
            QTimer.singleShot(0, self, self.catch_up)

    def catch_up(self) -> None:
        if self._dirty and self.on_screen():
            self.refresh_now()

    def document(self) -> dict[str, Any] | None:
        """The blog as the export sees it, limited to the posts around the current one."""
        if self.blog_id is None:
            return None
        store = self.hub.store
        ids = store.post_ids(self.blog_id)
        if len(ids) > WINDOW:
            centre = ids.index(self.post_id) if self.post_id in ids else 0
            start = max(0, min(centre - WINDOW // 2, len(ids) - WINDOW))
            shown = ids[start:start + WINDOW]
            self.note.setText(self.tr("Preview of posts %1–%2 of %3; the real page looks like "
                                      "the browser's.").replace("%1", str(start + 1))
                              .replace("%2", str(start + len(shown))).replace("%3",
                                                                              str(len(ids))))
        else:
            shown = ids
            self.note.setText(self.tr("Preview; the real page looks like the browser's."))
        from export.interchange import blog_document

        return blog_document(store, self.blog_id, shown)

    @Slot()
    def refresh_now(self) -> None:
        self._timer.stop()
        self._dirty = False
        if self.blog_id is None:
            self.browser.setHtml(f"<p>{self.tr('No blog is open.')}</p>")
            return
        from export.html import render_page
        from export.style import HouseStyle

        try:
            doc = self.document()
            assert doc is not None
            style = HouseStyle.from_settings(self.hub.store.settings())
            html = render_page(doc, style, self.hub.store.get_media_file)
            shown = sum(p["status"] == "published" for p in doc["posts"])
            total = self.hub.store.count_posts(self.blog_id, include_drafts=False)
            if shown != total:
                # The page counts the posts it holds; the preview holds a window of them.
                html = html.replace(f">{style.post_count(shown)}<", f">{style.post_count(total)}<",
                                    1)
        except StoreError as error:
            self.browser.setPlainText(str(error))
            return
        if html != self._last_html:
            scroll = self.browser.verticalScrollBar().value()
            self._last_html = html
            self.browser.setHtml(html)
            if self.post_id is not None:
                try:
                    uid = self.hub.store.get_post(self.post_id).uid
                    self.browser.scrollToAnchor(uid)
                except StoreError:
                    self.browser.verticalScrollBar().setValue(scroll)
            else:
                self.browser.verticalScrollBar().setValue(scroll)
        self.refreshed.emit()

    def shutdown(self) -> None:
        """Before the store closes: no more renders."""
        self._timer.stop()
        self.blog_id = None
        self._dirty = False

    def html(self) -> str:
        return self._last_html

    @Slot()
    def open_in_browser(self) -> Path | None:
        """Write the whole page (every post, as ``export`` would) and open it in the browser."""
        if self.blog_id is None:
            return None
        from export.interchange import blog_document
        from export.pipeline import render_document
        from export.style import HouseStyle

        store = self.hub.store
        doc = blog_document(store, self.blog_id)
        text = render_document(doc, "html", HouseStyle.from_settings(store.settings()),
                               store.get_media_file)
        folder = Path(tempfile.gettempdir()) / "livedesk-preview"
        folder.mkdir(exist_ok=True)
        path = folder / f"{doc['blog']['slug']}.html"
        path.write_text(text, encoding="utf-8")
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return path

    # ----------------------------------------------------------------------------- internals

    def _on_blog_signal(self, blog_id: int, *_rest: object) -> None:
        if blog_id in (self.blog_id, -1):
            self.schedule_refresh()

    def _on_link(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
        elif url.hasFragment():
            self.browser.scrollToAnchor(url.fragment())
