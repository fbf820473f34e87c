"""Sheets → canonical records: find header → map → normalise → validate. Pure; touches no database.

The result is a :class:`ParsedFile` the preview shows and the loader writes. File-level faults raise
:class:`ImportRefused`; row-level faults are issues on the rows they refuse. This module finds each sheet's
header and kind and drops repeated rows; each sheet's rows are read by :mod:`outreach.ingest.sheets`.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from outreach.ingest import fast_long, forms, side
from outreach.ingest import normalise as norm
from outreach.ingest.header import FIELD_ALIASES, HeaderMatch, detect_header_row
from outreach.ingest.issues import ImportRefused, Issue
from outreach.ingest.parsed_file import (
    ACTIVITY_COLUMNS,
    ROSTER_COLUMNS,
    ParsedFile,
    range_params,
    sha256_of,
)
from outreach.ingest.readers import read_workbook
from outreach.ingest.sheets import ActivitySheet, RosterSheet


def parse_file(
    data: bytes,
    file_name: str,
    kind: str = "auto",
    period: dt.date | None = None,
    reference: dt.date | None = None,
) -> ParsedFile:
    """Parse one uploaded file. ``period`` (first day of a month) overrides the detected one for rows
    that carry no date of their own, and dates a roster; ``reference`` is "today": for turning ages
    into birth years, and the last month a date may fall in (2000-01 is the first)."""
    book = read_workbook(data, file_name)
    # 问卷星/腾讯问卷 exports: metadata blanked, questions mapped, one answer per member and month.
    book, form_layout, form_issues = forms.adapt(book, file_name) if kind in ("auto", "activity") else (book, None, [])
    if form_layout is not None:
        kind = "activity"
    reference = reference or dt.date.today()
    sheets = [s for s in book.sheets if any(norm.text(c) for row in s.rows[:200] for c in row)]
    if not sheets:
        raise ImportRefused(Issue("err.no_sheets", "error", file_name))
    side_kind = side.recognise(book) if kind == "auto" else side.side_kind(kind)
    if side_kind is not None:  # a small file of its own kind (campaigns …): its module parses it
        parsed = ParsedFile(file_name, sha256_of(data), len(data), side_kind.kind, None, None, pd.DataFrame())
        side_kind.parse(book, parsed)
        return parsed
    if period is not None and not norm.month_in_range(period, reference):
        raise ImportRefused(Issue("err.given_period_out_of_range", "error", file_name,
                                  params=range_params(period, reference)))
    matches = []
    for sheet in sheets:
        match = detect_header_row(sheet.rows, sheet.merged)
        if match is not None:
            matches.append((sheet, match))
    if not matches:
        first = sheets[0]
        raise ImportRefused(Issue(
            "err.no_header", "error", file_name, first.name,
            params={"scan": 20, "name_aliases": "、".join(FIELD_ALIASES["name"])},
        ))
    if kind == "auto":
        kind = "activity" if any(_is_activity(m) for _, m in matches) else "roster"
    parsed = ParsedFile(file_name, sha256_of(data), len(data), kind, None, None, pd.DataFrame())
    parsed.issues.extend(form_issues)
    sheet_parser = RosterSheet if kind == "roster" else ActivitySheet
    frames = []
    for sheet, match in matches:
        if kind == "activity" and not _is_activity(match):
            continue  # e.g. a roster sheet kept beside the monthly log
        parser = sheet_parser(book, sheet, match, parsed, period, reference)
        frames.append(parser.parse())
        parsed.sheets.append(sheet.name)
    if kind == "activity" and not parsed.sheets:
        sheet, match = matches[0]
        raise ImportRefused(Issue(
            "err.missing_activity", "error", file_name, sheet.name, params={"row": match.row + 1}
        ))
    columns = ROSTER_COLUMNS if kind == "roster" else ACTIVITY_COLUMNS
    frames = [f for f in frames if not f.empty]
    parsed.records = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    _drop_exact_duplicates(parsed)
    return parsed


def _is_activity(match: HeaderMatch) -> bool:
    return bool(match.wide_columns) or "type" in match.fields


def _drop_exact_duplicates(parsed: ParsedFile) -> None:
    """A source row typed twice counts once; the copy is reported, not silently merged.

    Compared per source row (a wide row yields one record per count column), within one sheet.
    """
    df = parsed.records
    if df.empty:
        return
    values = [c for c in df.columns if c not in ("sheet", "row_no")]
    if fast_long.rows_surely_distinct(df, values):
        parsed.rows_duplicate = 0
        return
    # One string per record (its values as str, joined), then one per source row: the records of a source
    # row joined in their order, source rows in the order they first appear. Linear, in plain Python
    # lists (a groupby with a Python join per group took seconds for 200k rows).
    record_sig = ["\x1f".join(parts) for parts in zip(*(_as_str(df[c]) for c in values), strict=True)]
    keys = list(zip(df["sheet"].tolist(), df["row_no"].tolist(), strict=True))
    if len(set(keys)) == len(keys):  # one record per source row (a long log): nothing to join
        row_sig = dict(zip(keys, record_sig, strict=True))
    else:
        row_sig = {}
        for key, signature in zip(keys, record_sig, strict=True):
            row_sig[key] = row_sig[key] + "\x1e" + signature if key in row_sig else signature
    if len({(sheet, signature) for (sheet, _), signature in row_sig.items()}) == len(row_sig):
        parsed.rows_duplicate = 0  # no source row repeats another
        return
    first_seen: dict[tuple, int] = {}
    dup_rows: set[tuple[str, int]] = set()
    for (sheet, row_no), signature in row_sig.items():
        key = (sheet, signature)
        if key in first_seen:
            dup_rows.add((sheet, row_no))
            parsed.issues.append(Issue("warn.duplicate_row", "warning", parsed.file_name, sheet, int(row_no),
                                       params={"first": first_seen[key]}))
        else:
            first_seen[key] = int(row_no)
    if dup_rows:
        keep = [(s, r) not in dup_rows for s, r in zip(df["sheet"], df["row_no"], strict=True)]
        parsed.records = df[keep].reset_index(drop=True)
    parsed.rows_duplicate = len(dup_rows)


def _as_str(column: pd.Series) -> list[str]:
    """``column.map(str).tolist()``, the same strings made faster: a missing value of a str column is
    `nan` there too."""
    if isinstance(column.dtype, pd.StringDtype) and column.dtype.na_value is not pd.NA:
        return column.fillna("nan").tolist()
    if column.dtype == "int64":
        return column.astype(str).tolist()
    values = column.tolist()
    if set(map(type, values)) <= {dt.date, type(None)}:  # months and days: each distinct one once
        text = {v: str(v) for v in set(values)}
        return list(map(text.__getitem__, values))
    return list(map(str, values))
