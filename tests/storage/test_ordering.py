from __future__ import annotations

import random

import pytest

from storage.ordering import FIRST_KEY, OrderKeyError, key_between, spread_keys, validate_key


def test_first_key_and_ends() -> None:
    assert key_between(None, None) == FIRST_KEY
    assert key_between(FIRST_KEY, None) > FIRST_KEY
    assert key_between(None, FIRST_KEY) < FIRST_KEY


def test_ten_thousand_inserts_into_one_gap_stay_ordered() -> None:
    low, high = "a0", "a1"
    for _ in range(10_000):
        middle = key_between(low, high)
        assert low < middle < high
        validate_key(middle)
        high = middle


def test_appending_at_either_end_grows_keys_slowly() -> None:
    top = bottom = FIRST_KEY
    for _ in range(10_000):
        new_top = key_between(None, top)
        new_bottom = key_between(bottom, None)
        assert new_top < top and new_bottom > bottom
        top, bottom = new_top, new_bottom
    assert len(top) <= 4 and len(bottom) <= 4


def test_random_inserts_match_a_list() -> None:
    rng = random.Random(7)
    keys: list[str] = []
    for _ in range(3000):
        index = rng.randint(0, len(keys))
        low = keys[index - 1] if index else None
        high = keys[index] if index < len(keys) else None
        keys.insert(index, key_between(low, high))
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)


def test_spread_keys_ascend() -> None:
    keys = spread_keys(5000)
    assert keys == sorted(keys) and len(set(keys)) == 5000


@pytest.mark.parametrize("bad", ["", "a", "a00", "!x", "b1", "a1 "])
def test_malformed_keys_are_refused(bad: str) -> None:
    with pytest.raises(OrderKeyError):
        validate_key(bad)


def test_keys_out_of_order_are_refused() -> None:
    with pytest.raises(OrderKeyError):
        key_between("a2", "a1")
