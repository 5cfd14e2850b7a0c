"""Position keys that sort as plain text.

Every post and every key point has a position key. Moving one item writes one new key between its
new neighbours' keys, so a move touches a single row however long the blog is.

A key is an *integer part* followed by an optional *fraction*, all in base 62 with the digits
``0-9A-Za-z`` (in that order, which is also ASCII order, so SQLite's BINARY collation sorts keys
correctly). The integer part's first character says how many digits follow: ``a`` one, ``b``
two, and so on up to ``z``; ``Z`` down to ``A`` mirror them for keys below the first one.
Appending at either
end therefore grows keys logarithmically (62 appends fit in two characters, 3,844 in three), and
repeated inserts into one gap extend the fraction by one character every five or six inserts.
The fraction never ends in ``0`` so that every key has a single spelling.
"""

from __future__ import annotations

DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
BASE = len(DIGITS)
_VALUE = {ch: i for i, ch in enumerate(DIGITS)}
FIRST_KEY = "a0"
_SMALLEST_INTEGER = "A" + "0" * 26


class OrderKeyError(ValueError):
    """A position key is malformed, or two keys are not in ascending order."""


def _integer_length(head: str) -> int:
    if "a" <= head <= "z":
        return ord(head) - ord("a") + 2
    if "A" <= head <= "Z":
        return ord("Z") - ord(head) + 2
    raise OrderKeyError(f"invalid position key head {head!r}")


def _split(key: str) -> tuple[str, str]:
    if not key:
        raise OrderKeyError("empty position key")
    length = _integer_length(key[0])
    if len(key) < length:
        raise OrderKeyError(f"position key {key!r} is too short")
    integer, fraction = key[:length], key[length:]
    if any(ch not in _VALUE for ch in key[1:]):
        raise OrderKeyError(f"position key {key!r} has a character outside base 62")
    if fraction.endswith("0"):
        raise OrderKeyError(f"position key {key!r} ends in a zero")
    if integer == _SMALLEST_INTEGER and not fraction:
        raise OrderKeyError("the smallest integer cannot stand alone")
    return integer, fraction


def validate_key(key: str) -> None:
    """Raise :class:`OrderKeyError` unless ``key`` is a well-formed position key."""
    _split(key)


def _midpoint(low: str, high: str | None) -> str:
    """A fraction strictly between ``low`` and ``high`` (``None`` meaning 1)."""
    if high is not None and low >= high:
        raise OrderKeyError(f"{low!r} is not below {high!r}")
    if high is not None:
        # Keep the common prefix (padding ``low`` with zeros), then recurse on the rest.
        n = 0
        while n < len(high) and (low[n] if n < len(low) else "0") == high[n]:
            n += 1
        if n:
            return high[:n] + _midpoint(low[n:], high[n:])
    low_digit = _VALUE[low[0]] if low else 0
    high_digit = _VALUE[high[0]] if high is not None else BASE
    if high_digit - low_digit > 1:
        return DIGITS[(low_digit + high_digit) // 2]
    # Adjacent first digits: a longer ``high`` lets its first digit stand alone.
    if high is not None and len(high) > 1:
        return high[0]
    return DIGITS[low_digit] + _midpoint(low[1:], None)


def _increment(integer: str) -> str | None:
    head, digits = integer[0], list(integer[1:])
    for i in range(len(digits) - 1, -1, -1):
        value = _VALUE[digits[i]] + 1
        if value < BASE:
            digits[i] = DIGITS[value]
            return head + "".join(digits)
        digits[i] = "0"
    if head == "Z":
        return "a0"
    if head == "z":
        return None
    new_head = chr(ord(head) + 1)
    if new_head > "a":
        digits.append("0")
    else:
        digits.pop()
    return new_head + "".join(digits)


def _decrement(integer: str) -> str | None:
    head, digits = integer[0], list(integer[1:])
    for i in range(len(digits) - 1, -1, -1):
        value = _VALUE[digits[i]] - 1
        if value >= 0:
            digits[i] = DIGITS[value]
            return head + "".join(digits)
        digits[i] = DIGITS[-1]
    if head == "a":
        return "Z" + DIGITS[-1]
    if head == "A":
        return None
    new_head = chr(ord(head) - 1)
    if new_head < "Z":
        digits.append(DIGITS[-1])
    else:
        digits.pop()
    return new_head + "".join(digits)


def key_between(low: str | None, high: str | None) -> str:
    """A key that sorts strictly after ``low`` and before ``high``; ``None`` is an open end."""
    if low is not None:
        validate_key(low)
    if high is not None:
        validate_key(high)
    if low is not None and high is not None and low >= high:
        raise OrderKeyError(f"{low!r} is not below {high!r}")
    if low is None and high is None:
        return FIRST_KEY
    if low is None:
        assert high is not None
        integer, fraction = _split(high)
        if integer == _SMALLEST_INTEGER:
            return integer + _midpoint("", fraction)
        if integer < high:
            return integer
        smaller = _decrement(integer)
        if smaller is None:  # pragma: no cover - needs ~62**26 keys
            raise OrderKeyError("no room left below the first key")
        return smaller
    if high is None:
        integer, fraction = _split(low)
        larger = _increment(integer)
        return integer + _midpoint(fraction, None) if larger is None else larger
    low_integer, low_fraction = _split(low)
    high_integer, high_fraction = _split(high)
    if low_integer == high_integer:
        return low_integer + _midpoint(low_fraction, high_fraction)
    larger = _increment(low_integer)
    if larger is not None and larger < high:
        return larger
    return low_integer + _midpoint(low_fraction, None)


def spread_keys(count: int) -> list[str]:
    """``count`` ascending short keys, for writing a whole order afresh (import, re-sort)."""
    keys: list[str] = []
    previous: str | None = None
    for _ in range(count):
        previous = key_between(previous, None)
        keys.append(previous)
    return keys
