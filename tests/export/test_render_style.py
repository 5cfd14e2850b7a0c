"""House style: wording of bylines, dates that format the same on every platform."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from export.style import SETTINGS_KEYS, HouseStyle, format_datetime, join_names


def test_defaults() -> None:
    style = HouseStyle()
    assert style.outlet_name == "Example News"
    assert style.page_url == ""
    assert style.outlet_possessive == "Example News' "
    assert "has ended" in style.closing_note


@pytest.mark.parametrize(
    ("outlet", "possessive"),
    [
        ("Example News", "Example News' "),
        ("The Daily", "The Daily's "),
        ("Les Echos", "Les Echos' "),
        ("", ""),
    ],
)
def test_possessive(outlet: str, possessive: str) -> None:
    assert HouseStyle(outlet_name=outlet).outlet_possessive == possessive


def test_possessive_override() -> None:
    assert HouseStyle(possessive="our correspondents").outlet_possessive == "our correspondents "


def test_join_names() -> None:
    assert join_names([]) == ""
    assert join_names(["A"]) == "A"
    assert join_names(["A", "B"]) == "A and B"
    assert join_names(["A", "B", "C", "D"]) == "A, B, C and D"
    assert join_names(["A", "B", "C"], serial_comma=True) == "A, B, and C"
    assert join_names(["A", "B"], "und") == "A und B"


def test_top_byline() -> None:
    style = HouseStyle()
    assert style.top_byline(["A", "B", "C", "D"]) == "By A, B, C and D"
    assert style.top_byline([]) == ""


def test_post_byline_groups_by_place() -> None:
    style = HouseStyle()
    people = [
        {"name": "A", "place": "Kyiv"},
        {"name": "B", "place": "London"},
        {"name": "C", "place": "Kyiv"},
        {"name": "D", "place": None},
    ]
    assert style.post_byline(people) == "From Example News' A and C in Kyiv, B in London and D"
    assert style.post_byline(
        [{"name": "A", "place": "Kyiv"}, {"name": "B", "place": "London"}]
    ) == ("From Example News' A in Kyiv and B in London")
    assert style.post_byline([{"name": "A", "place": None}]) == "From Example News' A"
    assert style.post_byline([]) == ""
    assert (
        HouseStyle(outlet_name="").post_byline([{"name": "A", "place": "Rome"}]) == "From A in Rome"
    )


def test_post_count() -> None:
    style = HouseStyle()
    assert style.post_count(1) == "1 Post"
    assert style.post_count(0) == "0 Posts"
    assert style.post_count(17) == "17 Posts"


def test_from_settings_reads_known_keys_and_ignores_the_rest() -> None:
    style = HouseStyle.from_settings(
        {
            "outlet_name": "The Courier",
            "page_url": "https://courier.example/live",
            "serial_comma": True,
            "am_pm": ["a.m.", "p.m."],
            "unknown_key": 42,
            "ui.window_geometry": "xyz",
        }
    )
    assert style.outlet_name == "The Courier"
    assert style.page_url == "https://courier.example/live"
    assert style.serial_comma is True
    assert style.am_pm == ("a.m.", "p.m.")


def test_from_settings_ignores_values_of_the_wrong_type() -> None:
    style = HouseStyle.from_settings(
        {"outlet_name": 3, "serial_comma": "yes", "month_names": ["Jan"], "closing_note": None}
    )
    assert style == HouseStyle()


def test_settings_keys_document_every_field() -> None:
    assert set(SETTINGS_KEYS) == {f.name for f in dataclasses.fields(HouseStyle)}
    assert all(SETTINGS_KEYS.values())


def test_style_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        HouseStyle().outlet_name = "x"  # type: ignore[misc]


def test_format_datetime_is_portable() -> None:
    moment = datetime(2024, 11, 2, 9, 5, 7, tzinfo=ZoneInfo("Europe/Kyiv"))
    assert format_datetime(moment, "%-d %B %Y") == "2 November 2024"
    assert format_datetime(moment, "%d %b %y") == "02 Nov 24"
    assert format_datetime(moment, "%A %a") == "Saturday Sat"
    assert format_datetime(moment, "%H:%M:%S") == "09:05:07"
    assert format_datetime(moment, "%-H.%M, %-I%p") == "9.05, 9AM"
    assert format_datetime(moment, "%I %-m/%m") == "09 11/11"
    assert format_datetime(moment, "%Z %z %:z") == "EET +0200 +02:00"
    assert format_datetime(moment, "100%% %q") == "100% %q"
    assert format_datetime(moment, "trailing %") == "trailing %"


def test_format_datetime_uses_the_styles_words() -> None:
    style = HouseStyle(
        month_names=(
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ),
        am_pm=("a.m.", "p.m."),
    )
    moment = datetime(2024, 8, 1, 15, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert format_datetime(moment, "%-d %B, %-I %p", style) == "1 août, 3 p.m."
    assert format_datetime(moment, "%Z") == "UTC-05:00"
