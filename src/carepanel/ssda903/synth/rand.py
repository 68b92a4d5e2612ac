"""Small random helpers: weighted picks and skewed durations from one ``random.Random``.

Everything random in the generator goes through a seeded ``random.Random`` instance passed
in explicitly, never the module-level functions, so the same arguments give the same bytes.
"""

from __future__ import annotations

import math
import random
from bisect import bisect
from collections.abc import Sequence
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


class Pick(Generic[T]):
    """A weighted choice prepared once (cumulative weights), then drawn cheaply many times."""

    __slots__ = ("_cum", "_items", "_total")

    def __init__(self, weights: dict[T, float] | Sequence[tuple[T, float]]) -> None:
        pairs = list(weights.items()) if isinstance(weights, dict) else list(weights)
        pairs = [(k, w) for k, w in pairs if w > 0]
        if not pairs:
            raise ValueError("a weighted pick needs at least one positive weight")
        self._items = [k for k, _ in pairs]
        total = sum(w for _, w in pairs)
        self._cum = [c / total for c in accumulate(w for _, w in pairs)]
        self._cum[-1] = 1.0  # random() < 1.0, so the bisection never runs off the end
        self._total = total

    def __call__(self, rng: random.Random) -> T:
        return self._items[bisect(self._cum, rng.random())]

    @property
    def items(self) -> list[T]:
        return list(self._items)


def stream(seed: int | str) -> random.Random:
    """A seeded random stream for the simulation (not for anything secret)."""
    return random.Random(seed)  # noqa: S311 - reproducible simulation, not security


def lognormal_days(rng: random.Random, median: float, sigma: float, low: int = 1) -> int:
    """A right-skewed duration in whole days (most short, a few long), at least ``low``."""
    return max(low, int(median * math.exp(sigma * rng.gauss(0.0, 1.0))))


def exp_days(rng: random.Random, per_year: float) -> int:
    """Days to the next event of a process happening ``per_year`` times a year."""
    if per_year <= 0:
        return 10**6
    return max(1, int(rng.expovariate(per_year) * 365.25))


def between(rng: random.Random, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high`` inclusive (``high`` below ``low`` gives low)."""
    return low if high <= low else low + int(rng.random() * (high - low + 1))


def chance(rng: random.Random, p: float) -> bool:
    return rng.random() < p


_MASK = (1 << 64) - 1


def _mix(x: int) -> int:
    """splitmix64 finaliser: a well-spread 64-bit hash of an integer."""
    x = (x + 0x9E3779B97F4A7C15) & _MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


def unit(seed: int, key: int) -> float:
    """A uniform number in [0, 1) fixed by (seed, key): the same draw in every return.

    Used where one thing (an episode) is looked at again in each return it appears in and
    must get the same answer each time, without keeping state between returns.
    """
    return _mix((seed ^ _mix(key)) & _MASK) / 18446744073709551616.0
