"""``json.dumps(value, ensure_ascii=False, indent=2)``, about twice as fast.

The standard library encodes indented JSON in pure Python, one generator per level, however
simple the data; only compact JSON gets its C encoder. The exports write indented JSON (ninjs,
livedesk/1) of thousands of posts, so ``dumps_indented`` writes it with one plain recursive
function, leaving strings to the C string encoder. Its output is the standard library's, byte for
byte (tests/export/test_jsontext.py compares them on generated data); anything but plain JSON data
(dicts with string keys, lists, tuples, strings, ints, floats, booleans, None) is handed to
``json.dumps`` itself.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

__all__ = ["dumps_indented"]


class _NotPlain(Exception):
    """The value needs the standard library's encoder (a subclass, a non-string key...)."""


def dumps_indented(value: Any, level: int = 0) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, with every line after the first
    indented by ``level`` more levels (two spaces each): the text of ``value`` as it appears
    nested that deep in a larger indented document."""
    out: list[str] = []
    try:
        _write(value, out, "\n" + "  " * level)
    except (_NotPlain, RecursionError):
        text = json.dumps(value, ensure_ascii=False, indent=2)
        return text.replace("\n", "\n" + "  " * level) if level else text
    return "".join(out)


def _write(value: Any, out: list[str], newline: str) -> None:
    """Append the JSON of ``value`` to ``out``; ``newline`` starts a line at its own level."""
    kind = type(value)
    if kind is str:
        out.append(encode_basestring(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif kind is int:
        out.append(int.__repr__(value))
    elif kind is float:
        out.append(_float(value))
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _NotPlain
            out.append(separator)
            out.append(encode_basestring(key))
            out.append(": ")
            kind = type(item)
            if kind is str:
                out.append(encode_basestring(item))
            else:
                _write(item, out, inner)
            separator = "," + inner
        out.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for item in value:
            out.append(separator)
            if type(item) is str:
                out.append(encode_basestring(item))
            else:
                _write(item, out, inner)
            separator = "," + inner
        out.append(newline + "]")
    else:
        raise _NotPlain


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == -float("inf"):
        return "-Infinity"
    return float.__repr__(value)
