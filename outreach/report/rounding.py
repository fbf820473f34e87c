"""Counts the way a work report says them: 12条, 近1000条, 2000余条, 1.2万余条.

The rule, for a count ``n``:

1. ``n`` below 100 is said exactly (12 → "12").
2. Otherwise the *step* is a tenth of the leading digit's place value when that digit is 1, half of it
   otherwise: 123 → 10, 1 234 → 100, 986 → 50, 2 140 → 500, 12 345 → 1 000, 25 400 → 5 000. A leading 1
   gets the finer step so that 1 900 is not flattened to "1000余".
3. ``R`` is the first multiple of the step at or above ``n``. ``n == R`` is said exactly (2 000 → "2000").
4. ``n`` at or above 95 % of ``R`` is "近R" (986 → 近1000, 4 800 → 近5000, 9 700 → 近1万).
5. Anything else is "F余", ``F`` the multiple of the step below ``n`` (2 140 → 2000余, 123 → 120余).
6. From 10 000 on the round number is written in 万 (12 345 → 1.2万余, 98 000 → 近10万).

English: "nearly 1,000", "over 2,000", "12".
"""

from __future__ import annotations

from dataclasses import dataclass

EXACT_BELOW = 100
NEAR = 0.95


@dataclass(frozen=True)
class Approx:
    kind: str  # exact | near | over
    value: int  # the number said: n itself, R or F

    def text(self, lang: str = "zh") -> str:
        number = _number(self.value, lang)
        if self.kind == "near":
            return f"近{number}" if lang == "zh" else f"nearly {number}"
        if self.kind == "over":
            return f"{number}余" if lang == "zh" else f"over {number}"
        return number


def step_of(n: int) -> int:
    place = 10 ** (len(str(n)) - 1)
    return place // 10 if str(n)[0] == "1" else place // 2


def approximate(n: int) -> Approx:
    n = int(n)
    if n < EXACT_BELOW:
        return Approx("exact", n)
    step = step_of(n)
    above = -(-n // step) * step
    if above == n:
        return Approx("exact", n)
    if n >= NEAR * above:
        return Approx("near", above)
    return Approx("over", n // step * step)


def approx(n: int, lang: str = "zh") -> str:
    """``n`` in report wording, without the measure word: "近1000", "2000余", "12"."""
    return approximate(n).text(lang)


def _number(value: int, lang: str) -> str:
    if lang != "zh":
        return f"{value:,}"
    if value >= 10_000 and value % 1_000 == 0:
        return f"{value / 10_000:.1f}".rstrip("0").rstrip(".") + "万"
    return str(value)
