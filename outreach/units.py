"""A unit is (county, unit name): 城南镇团委 of 福安市 and of 寿宁县 are two units.

Filters, links, the viewer's scope and every per-unit frame name a unit by its key, which the SQL macro
``unit_key(county, unit)`` (migrations/006_unit_identity.sql) builds the same way as :func:`unit_key`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

SEPARATOR = "/"


def unit_key(county: str | None, unit: str) -> str:
    """'福安市/城南镇团委'; '/城南镇团委' while the unit's county is unknown."""
    return f"{county or ''}{SEPARATOR}{unit}"


def split_unit_key(key: str) -> tuple[str | None, str]:
    """(county or None, unit name). The county never holds the separator; a unit name may."""
    county, sep, unit = key.partition(SEPARATOR)
    if not sep:  # a bare name (an old link, a CLI argument): no county said
        return None, key
    return county or None, unit


def unit_label(key: str) -> str:
    """How a person reads the key: '福安市 / 城南镇团委', or just the name while the county is unknown."""
    county, unit = split_unit_key(key)
    return f"{county} / {unit}" if county else unit


def display_names(counties: pd.Series, units: pd.Series) -> list[str]:
    """Unit names as a list or chart shows them: the name alone where it is unique among these rows, the
    name with its county ('城南镇团委（福安市）') where two counties' units share it."""
    pairs = list(zip(counties.fillna(""), units, strict=True))
    counts: dict[str, set[str]] = {}
    for county, unit in pairs:
        counts.setdefault(unit, set()).add(county)
    return [f"{unit}（{county}）" if len(counts[unit]) > 1 and county else unit for county, unit in pairs]
