"""House style: the outlet's name, byline wording, date formats and fixed texts of the exports.

The store keeps settings as a key -> JSON value mapping; ``HouseStyle.from_settings`` reads the keys
listed in ``SETTINGS_KEYS`` and ignores anything else, so the GUI can keep its own keys alongside.

Dates are formatted by ``format_datetime``, which implements the strftime directives itself: the
output does not depend on the platform (``%-d`` works on Windows too) nor on the process locale (Qt
sets it from the desktop), so an export is the same bytes on every machine.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

__all__ = [
    "SETTINGS_KEYS",
    "HouseStyle",
    "format_datetime",
    "join_names",
]

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_MONTHS_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DAYS_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

DEFAULT_CLOSING_NOTE = (
    "Our live coverage for the day has ended. "
    "Follow the latest news or read through the updates below."
)


@dataclass(frozen=True)
class HouseStyle:
    """How an outlet words and dates its live pages. Every field has a sensible default."""

    outlet_name: str = "Example News"
    page_url: str = ""
    top_byline_prefix: str = "By"
    byline_prefix: str = "From"
    possessive: str = ""
    and_word: str = "and"
    place_word: str = "in"
    serial_comma: bool = False
    date_format: str = "%-d %B %Y"
    time_format: str = "%H:%M"
    updated_format: str = "%-d %B %Y, %H:%M %Z"
    post_time_format: str = "%H:%M"
    post_datetime_format: str = "%-d %b, %H:%M"
    month_names: tuple[str, ...] = _MONTHS
    month_abbr: tuple[str, ...] = _MONTHS_ABBR
    day_names: tuple[str, ...] = _DAYS
    day_abbr: tuple[str, ...] = _DAYS_ABBR
    am_pm: tuple[str, ...] = ("AM", "PM")
    closing_note: str = DEFAULT_CLOSING_NOTE
    key_points_heading: str = "What we covered here"
    post_count_one: str = "{n} Post"
    post_count_other: str = "{n} Posts"
    updated_label: str = "Updated"
    pinned_label: str = "Pinned"
    live_label: str = "Live"
    ended_label: str = "Ended"
    tags_label: str = "Topics"
    skip_link_text: str = "Skip to the updates"

    @classmethod
    def from_settings(cls, settings: Mapping[str, object]) -> HouseStyle:
        """Build a style from the store's settings. Unknown keys, and values of the wrong type or
        shape, are ignored (the default stays), so a bad setting can never break an export."""
        values: dict[str, object] = {}
        for field in dataclasses.fields(cls):
            if field.name not in settings:
                continue
            value = settings[field.name]
            default = field.default
            if isinstance(default, bool):
                if isinstance(value, bool):
                    values[field.name] = value
            elif isinstance(default, str):
                if isinstance(value, str):
                    values[field.name] = value
            elif (
                isinstance(default, tuple)
                and isinstance(value, Sequence)
                and not isinstance(value, str)
                and len(value) == len(default)
                and all(isinstance(item, str) for item in value)
            ):
                values[field.name] = tuple(value)
        return cls(**values)  # type: ignore[arg-type]

    # -- wording ------------------------------------------------------------------------------

    @property
    def outlet_possessive(self) -> str:
        """"Example News' " or "The Daily's ": the outlet's name in the possessive, with a trailing
        space; empty when there is no outlet name."""
        if self.possessive:
            return self.possessive if self.possessive.endswith(" ") else self.possessive + " "
        name = self.outlet_name.strip()
        if not name:
            return ""
        if name[-1] in "sS":
            return f"{name}' "
        return f"{name}'s "

    def join(self, items: Sequence[str]) -> str:
        """"A", "A and B", "A, B and C" (with ``serial_comma``: "A, B, and C")."""
        return join_names(items, self.and_word, serial_comma=self.serial_comma)

    def top_byline(self, authors: Sequence[str]) -> str:
        """"By A, B, C and D", or "" without authors."""
        if not authors:
            return ""
        return f"{self.top_byline_prefix} {self.join(authors)}".strip()

    def byline_groups(
        self, contributors: Sequence[Mapping[str, object]]
    ) -> list[tuple[list[str], str]]:
        """Contributors grouped by place, in order of first appearance: ``[(names, place), ...]``,
        place "" for those without one."""
        groups: dict[str, list[str]] = {}
        for contributor in contributors:
            name = str(contributor.get("name") or "").strip()
            if not name:
                continue
            place = str(contributor.get("place") or "").strip()
            names = groups.setdefault(place, [])
            if name not in names:
                names.append(name)
        return [(names, place) for place, names in groups.items()]

    def post_byline(self, contributors: Sequence[Mapping[str, object]]) -> str:
        """"From Example News' A and B in Kyiv and C in London" (a name without place stands alone),
        or "" without contributors."""
        groups = self.byline_groups(contributors)
        if not groups:
            return ""
        parts = [
            f"{self.join(names)} {self.place_word} {place}" if place else self.join(names)
            for names, place in groups
        ]
        lead = f"{self.byline_prefix} {self.outlet_possessive}".strip()
        return f"{lead} {self.join(parts)}".strip()

    def post_count(self, n: int) -> str:
        template = self.post_count_one if n == 1 else self.post_count_other
        return template.replace("{n}", str(n))

    def format(self, moment: datetime, fmt: str) -> str:
        return format_datetime(moment, fmt, self)


#: Every settings key ``from_settings`` reads, with what it does.
SETTINGS_KEYS: dict[str, str] = {
    "outlet_name": 'The outlet\'s name: "From Example News\' A in Kyiv", the publisher in JSON-LD.',
    "page_url": "Public URL of the live page, for JSON-LD, Atom and ninjs links and ids; may be "
    "empty.",
    "top_byline_prefix": 'Word before the blog\'s authors: "By A, B and C".',
    "byline_prefix": 'Word before a post\'s contributors: "From Example News\' A in Kyiv".',
    "possessive": 'The outlet in the possessive ("Example News\' "); empty: derived from '
    "outlet_name.",
    "and_word": 'The word joining the last two names: "A, B and C".',
    "place_word": 'The word before a contributor\'s place: "A in Kyiv".',
    "serial_comma": 'true for "A, B, and C".',
    "date_format": "A date, strftime directives (%-d, %-I, %-H, %-m work on every platform).",
    "time_format": "A time of day, strftime directives.",
    "updated_format": 'The page\'s "Updated ..." time.',
    "post_time_format": "A post's time when every post is from the same day.",
    "post_datetime_format": "A post's time when the posts span several days.",
    "month_names": "The 12 month names for %B.",
    "month_abbr": "The 12 abbreviated month names for %b.",
    "day_names": "The 7 weekday names for %A, Monday first.",
    "day_abbr": "The 7 abbreviated weekday names for %a, Monday first.",
    "am_pm": 'The two strings for %p, e.g. ["a.m.", "p.m."].',
    "closing_note": "Markdown shown when coverage has ended and the blog has no closing note of "
    "its own.",
    "key_points_heading": 'Heading of the key points: "What we covered here".',
    "post_count_one": 'Post count for one post, {n} is the number: "{n} Post".',
    "post_count_other": 'Post count otherwise: "{n} Posts".',
    "updated_label": 'Word before the last-update time: "Updated".',
    "pinned_label": "Marker of a pinned post.",
    "live_label": "Badge shown while coverage is live.",
    "ended_label": "Badge shown once coverage has ended.",
    "tags_label": "Accessible name of a post's list of tags.",
    "skip_link_text": "Text of the page's skip link to the posts.",
}


def join_names(items: Sequence[str], and_word: str = "and", *, serial_comma: bool = False) -> str:
    """Join ``items`` the way a byline does: "A", "A and B", "A, B and C"."""
    items = [item for item in items if item]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        return f"{items[0]} {and_word} {items[1]}"
    comma = "," if serial_comma else ""
    return f"{', '.join(items[:-1])}{comma} {and_word} {items[-1]}"


def _offset(moment: datetime, colon: bool) -> str:
    delta = moment.utcoffset()
    if delta is None:
        return ""
    minutes = int(delta.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{mins:02d}" if colon else f"{sign}{hours:02d}{mins:02d}"


_NUMBERS = frozenset("YymdHIMS")
_WORDS = frozenset("BbAapZz%")


@functools.lru_cache(maxsize=256)
def _directives(fmt: str) -> tuple[tuple[str, str], ...]:
    """``fmt`` read once into (kind, text) pairs: kind "" is literal text, "0" and "-" a number
    with and without its leading zero, ":" the offset with a colon, "w" a word."""
    parts: list[tuple[str, str]] = []
    i = 0
    n = len(fmt)
    while i < n:
        char = fmt[i]
        if char != "%" or i + 1 >= n:
            kind, text, i = "", char, i + 1
        elif fmt[i + 1] == "-" and i + 2 < n and fmt[i + 2] in _NUMBERS:
            kind, text, i = "-", fmt[i + 2], i + 3
        elif fmt[i + 1] == ":" and fmt[i + 2 : i + 3] == "z":
            kind, text, i = ":", "z", i + 3
        elif fmt[i + 1] in _NUMBERS:
            kind, text, i = "0", fmt[i + 1], i + 2
        elif fmt[i + 1] in _WORDS:
            kind, text, i = "w", fmt[i + 1], i + 2
        else:  # not a directive: the "%" stays, and what follows is read as text
            kind, text, i = "", char, i + 1
        if kind == "" and parts and parts[-1][0] == "":
            parts[-1] = ("", parts[-1][1] + text)
        else:
            parts.append((kind, text))
    return tuple(parts)


def _number(moment: datetime, directive: str) -> int:
    if directive == "Y":
        return moment.year
    if directive == "y":
        return moment.year % 100
    if directive == "m":
        return moment.month
    if directive == "d":
        return moment.day
    if directive == "H":
        return moment.hour
    if directive == "I":
        return moment.hour % 12 or 12
    if directive == "M":
        return moment.minute
    return moment.second


def _word(moment: datetime, directive: str, style: HouseStyle) -> str:
    if directive == "B":
        return style.month_names[moment.month - 1]
    if directive == "b":
        return style.month_abbr[moment.month - 1]
    if directive == "A":
        return style.day_names[moment.weekday()]
    if directive == "a":
        return style.day_abbr[moment.weekday()]
    if directive == "p":
        return style.am_pm[0 if moment.hour < 12 else 1]
    if directive == "Z":
        return moment.tzname() or _offset(moment, colon=True)
    if directive == "z":
        return _offset(moment, colon=False)
    return "%"


def format_datetime(moment: datetime, fmt: str, style: HouseStyle | None = None) -> str:
    """Format ``moment`` with strftime-like directives, the same on every platform and locale.

    Supported: %Y %y %m %-m %d %-d %B %b %A %a %H %-H %I %-I %M %S %p %Z %z %:z %%. A ``-`` after
    ``%`` drops the leading zero. Unknown directives are kept as they are.
    """
    style = style or _DEFAULT_STYLE
    out: list[str] = []
    for kind, text in _directives(fmt):
        if kind == "":
            out.append(text)
        elif kind == "0":
            out.append(f"{_number(moment, text):04d}" if text == "Y"
                       else f"{_number(moment, text):02d}")
        elif kind == "-":
            out.append(str(_number(moment, text)))
        elif kind == ":":
            out.append(_offset(moment, colon=True))
        else:
            out.append(_word(moment, text, style))
    return "".join(out)


_DEFAULT_STYLE = HouseStyle()
