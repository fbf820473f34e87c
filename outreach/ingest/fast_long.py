"""Fast paths of the long-log parse (issue #15), kept apart from parse.py. Each answers only when it is
sure; otherwise the caller's exact code decides."""

from __future__ import annotations

import datetime as dt

import pandas as pd

# Columns whose values tell a long log's rows apart.
_DISTINCT_BY = ("name", "phone", "unit", "type", "platform", "count", "day", "title")
# What an object column may hold for the separator check below: str, and classes whose text has no
# control character.
_PLAIN = {str, int, float, bool, type(None), dt.date, dt.datetime, dt.time, dt.timedelta}


def rows_surely_distinct(df: pd.DataFrame, values: list[str]) -> bool:
    """For parse._drop_exact_duplicates: True only when no source row can repeat another.

    That holds when there is one record per source row and the records of each sheet differ in some of
    their values already, compared as text (what the full pass compares) provided:

    - no value's text holds the separator \\x1f, so equal joined signatures mean equal parts;
    - the columns compared here by value compare alike as text: int64; str columns holding no literal
      `nan`/`<NA>` (the text of a missing value); object columns of dates and None only.

    False means "not known": the full pass decides."""
    if len(df) < 2 or df.duplicated(["sheet", "row_no"]).any():
        return False
    by: list[str] = []
    for c in values:
        column = df[c]
        if column.dtype == "int64":
            by += [c] if c in _DISTINCT_BY else []
            continue
        if column.dtype in ("float64", "bool"):
            continue  # their text is digits, signs, `.`, `e`, `nan`, `inf`, True/False
        if isinstance(column.dtype, pd.StringDtype):
            text = column.dropna()
            if text.str.contains("\x1f", regex=False).any():
                return False
            if c in _DISTINCT_BY and not text.isin(["nan", "<NA>"]).any():
                by.append(c)
            continue
        cells = column.tolist()
        classes = set(map(type, cells))
        if not classes <= _PLAIN or (str in classes and "\x1f" in "".join([v for v in cells if v.__class__ is str])):
            return False
        if c in _DISTINCT_BY and classes <= {dt.date, type(None)}:
            by.append(c)
    return bool(by) and not df.duplicated(["sheet", *by]).any()

