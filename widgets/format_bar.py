"""The formatting bar above a post's body: bold, italic, link, lists, quote, subheading."""

from __future__ import annotations

import os

os.environ.setdefault("QT_API", "pyside6")

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from widgets import icons
from widgets.markdown_text import FormatState, MarkdownTextEdit, is_allowed_url


class LinkDialog(QDialog):
    """Asks for a link's address; only http(s), mailto and #anchor links are accepted."""

    def __init__(self, url: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Link")
        self.url_edit = QLineEdit(url)
        self.url_edit.setPlaceholderText("https://… or #post-id")
        self.url_edit.setAccessibleName("Link address")
        self.url_edit.setMinimumWidth(self.fontMetrics().averageCharWidth() * 48)
        self.hint = QLabel("Links may start with https://, http://, mailto: or # (a post).")
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName("Link address hint")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.remove_button = None
        if url:
            self.remove_button = self.buttons.addButton(
                "Remove link", QDialogButtonBox.ButtonRole.DestructiveRole)
            self.remove_button.setAccessibleName("Remove link")
            self.remove_button.clicked.connect(self._remove)
        self.removed = False
        form = QFormLayout()
        form.addRow("&Address:", self.url_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.url_edit.textChanged.connect(self._validate)
        self._validate()

    def _validate(self, *_args: object) -> None:
        ok = is_allowed_url(self.url_edit.text())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def _remove(self) -> None:
        self.removed = True
        self.accept()

    def url(self) -> str:
        return self.url_edit.text().strip()

    @staticmethod
    def ask(parent: QWidget | None, url: str = "") -> str | None:
        """The address typed, "" to remove the link, or None when cancelled."""
        dialog = LinkDialog(url, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return "" if dialog.removed else dialog.url()


class FormatBar(QToolBar):
    """A toolbar acting on a :class:`MarkdownTextEdit`; its buttons show the formats at the
    cursor. The shortcuts work while the body has the focus."""

    def __init__(self, editor: MarkdownTextEdit, parent: QWidget | None = None) -> None:
        super().__init__("Formatting", parent)
        self.editor = editor
        self.setObjectName("formatBar")
        self.setAccessibleName("Formatting")
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.setFloatable(False)
        self.setMovable(False)
        size = self.fontMetrics().height()
        self.setIconSize(QSize(size, size))
        self.bold = self._action("bold", "fa5s.bold", "Bold", "Ctrl+B", editor.toggle_bold)
        self.italic = self._action("italic", "fa5s.italic", "Italic", "Ctrl+I",
                                   editor.toggle_italic)
        self.link = self._action("link", "fa5s.link", "Link…", "Ctrl+K", self.edit_link)
        self.addSeparator()
        self.bullet_list = self._action("bullet_list", "fa5s.list-ul", "Bullet list",
                                        "Ctrl+Shift+8", editor.toggle_bullet_list)
        self.numbered_list = self._action("numbered_list", "fa5s.list-ol", "Numbered list",
                                          "Ctrl+Shift+7", editor.toggle_numbered_list)
        self.quote = self._action("quote", "fa5s.quote-right", "Quote", "Ctrl+Shift+.",
                                  editor.toggle_quote)
        self.subheading = self._action("subheading", "fa5s.heading", "Subheading",
                                       "Ctrl+Alt+3", editor.toggle_subheading)
        self.addSeparator()
        self.clear = self._action("clear", "fa5s.remove-format", "Clear formatting",
                                  "Ctrl+\\", editor.clear_formatting, checkable=False)
        self.link.setCheckable(True)
        editor.formatStateChanged.connect(self.show_state)
        self.show_state(editor.format_state())

    def _action(self, name: str, icon: str, text: str, shortcut: str, slot: object,
                *, checkable: bool = True) -> QAction:
        action = QAction(text, self)
        self._set_icon(action, icon)
        action.setObjectName(f"format_{name}")
        action.setData(icon)
        sequence = QKeySequence(shortcut)
        action.setShortcut(sequence)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        native = sequence.toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{text.rstrip('…')} ({native})")
        action.setCheckable(checkable)
        action.triggered.connect(lambda _checked=False, s=slot: self._run(s))
        self.editor.addAction(action)  # the shortcut works while the body has the focus
        self.addAction(action)
        button = self.widgetForAction(action)
        if button is not None:
            button.setAccessibleName(text.rstrip("…"))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return action

    def _set_icon(self, action: QAction, name: str) -> None:
        """The icon in this bar's text colour (an icon font missing from a frozen build:
        text-only buttons)."""
        palette = self.palette()
        icons.set_icon(action, name, color=palette.color(palette.ColorRole.ButtonText),
                       color_disabled=palette.color(palette.ColorGroup.Disabled,
                                                    palette.ColorRole.ButtonText))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # icons in the new text colour
            for action in self.actions():
                if isinstance(action.data(), str):
                    self._set_icon(action, action.data())

    def _run(self, slot: object) -> None:
        slot()  # type: ignore[operator]
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        self.show_state(self.editor.format_state())

    def edit_link(self) -> None:
        """Ask for a link's address and apply it to the selection (or the link under the
        cursor); an empty answer from "Remove link" removes it."""
        current = self.editor.link_at_cursor() or ""
        answer = LinkDialog.ask(self.window(), current)
        if answer is None:
            self.show_state(self.editor.format_state())
            return
        self.editor.set_link(answer or None)

    def show_state(self, state: FormatState) -> None:
        for action, checked in ((self.bold, state.bold), (self.italic, state.italic),
                                (self.link, state.link),
                                (self.bullet_list, state.bullet_list),
                                (self.numbered_list, state.numbered_list),
                                (self.quote, state.quote),
                                (self.subheading, state.subheading)):
            action.setChecked(checked)
