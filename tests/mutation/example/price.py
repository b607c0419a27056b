"""A tiny module for the fixture of the mutation tests: cosmic-ray mutates it, check.py
tests it (see regenerate.py). Some of its mutants survive on purpose."""

from __future__ import annotations

import functools

ATTRIBUTES = "/data/attributes/"


def discounted(price: int, percent: int) -> int:
    if percent > 100:
        raise ValueError("percent above 100")
    return price - price * percent // 100


def countdown(steps: int) -> int:
    while steps > 0:
        steps -= 1
    return steps


def between(value: int, low: int, high: int, *, inclusive: bool = True) -> bool:
    return low <= value <= high if inclusive else low < value < high


@functools.cache
def label(code: str | None) -> str:
    return "code " + (code or "?")


def price_pointer() -> str:
    return ATTRIBUTES + "price"


def twice(number: int) -> int:
    return number * 2
