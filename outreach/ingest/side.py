"""Side file kinds: small files that become batches of rows in a table of their own.

Rosters and activity logs are the import's main business; a few other files ride the same path so
they too are previewed, written all or nothing, skipped when uploaded twice, listed in the import
history and undone like any batch: campaigns (专项活动, outreach.ingest.campaign_file) and evaluation
adjustments (加分/扣分, outreach.ingest.adjustment_file).

To add one:
1. a migration with its table, carrying a ``batch_id`` column;
2. a module under outreach/ingest/ defining ``SIDE_KIND = SideKind(...)`` (the callables below); its
   parse can use :func:`parse_sheets` with a :class:`SideRows` subclass that reads one row;
3. its module name in :data:`MODULES`;
4. translation keys ``kind.<kind>`` (its name in the history and on the upload card) and
   ``dp.undo_explain_<kind>`` (what undoing one of its batches does).

parse.parse_file() asks each side kind, before the roster/log header search, whether it recognises a
workbook (or uses it when ``kind`` names it); load.preview/commit/undo hand its batches to it, inside
the same transaction that records the batch and bumps the data version. A kind whose rows mean
something only against the database (an adjustment's unit name: which county's unit?) gives a
``resolve`` that load.preview and load.commit run first. The side parser fills the
ParsedFile like the others: records (with ``sheet`` and ``row_no``), rows_seen / rows_rejected /
rows_duplicate, issues with exact locations, and ``coverage`` as (unit or "", month) pairs — the
months set the batch's period in the history, the non-empty units its units.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd

if TYPE_CHECKING:
    from outreach.ingest.parsed_file import ParsedFile
    from outreach.ingest.readers import Sheet, Workbook

MODULES: tuple[str, ...] = ("outreach.ingest.campaign_file", "outreach.ingest.adjustment_file")


@dataclass(frozen=True)
class SideKind:
    kind: str  # stored in batches.kind
    # Does this workbook look like one of ours? Checked before the roster/log header search, so it must
    # want columns no roster or log has (a campaign file's 开始日期 and 结束日期, and no 姓名).
    recognises: Callable[[Workbook], bool]
    # Fill ``parsed`` from the workbook; raise ImportRefused for a file-level fault. Pure: no database.
    parse: Callable[[Workbook, ParsedFile], None]
    # The parsed records as they would be written, with what confirming would do to each (read-only).
    preview: Callable[[duckdb.DuckDBPyConnection, ParsedFile], pd.DataFrame]
    # Insert the records tagged with the batch id, inside the caller's transaction (con, parsed, batch, user).
    write: Callable[[duckdb.DuckDBPyConnection, ParsedFile, int, str | None], None]
    # Remove what the batch wrote, inside the caller's transaction.
    undo: Callable[[duckdb.DuckDBPyConnection, int], None]
    # The preview rows for the upload card, columns translated (rows, lang).
    shown: Callable[[pd.DataFrame, str], pd.DataFrame]
    # One sentence on what confirming would do (rows, lang).
    describe: Callable[[pd.DataFrame, str], str]
    # Settle the parsed rows against the database before they are previewed or written (which county's
    # unit a bare unit name means), refusing a row it cannot settle as a located row fault (an issue,
    # rows_rejected, the record dropped). load.preview and load.commit both call it: idempotent.
    resolve: Callable[[duckdb.DuckDBPyConnection, ParsedFile], None] | None = None


@cache
def side_kinds() -> dict[str, SideKind]:
    """Every side kind by its name. Imported on first use: the modules import the parser themselves."""
    kinds = [importlib.import_module(name).SIDE_KIND for name in MODULES]
    return {k.kind: k for k in kinds}


def side_kind(kind: str | None) -> SideKind | None:
    return side_kinds().get(kind) if kind else None


def resolve(con: duckdb.DuckDBPyConnection, parsed: ParsedFile) -> None:
    """Let the file's side kind settle its rows against the database (SideKind.resolve), if it has one."""
    kind = side_kind(parsed.kind)
    if kind is not None and kind.resolve is not None:
        kind.resolve(con, parsed)


def recognise(book: Workbook) -> SideKind | None:
    """The side kind whose columns this workbook has, if any."""
    return next((k for k in side_kinds().values() if k.recognises(book)), None)


@dataclass
class SideHeader:
    row: int  # 0-based
    columns: dict[str, tuple[int, str]]  # field → (column index, header as written)


def find_header(rows: list[list[Any]], aliases: Mapping[str, tuple[str, ...]],
                accept: Callable[[set[str]], bool]) -> SideHeader | None:
    """The first row (within the header scan) whose known columns ``accept`` says are enough, and that
    has no person's name column: a header with one is a roster or a log, whatever else it holds."""
    from outreach.ingest import normalise as norm
    from outreach.ingest.header import FIELD_ALIASES, HEADER_SCAN_ROWS, normalise_header

    to_field = {normalise_header(a): f for f, names in aliases.items() for a in names}
    person = {normalise_header(a) for a in FIELD_ALIASES["name"]}
    for r in range(min(HEADER_SCAN_ROWS, len(rows))):
        keys = [normalise_header(c) for c in rows[r]]
        if any(k in person for k in keys):
            continue
        found: dict[str, tuple[int, str]] = {}
        for i, key in enumerate(keys):
            field = to_field.get(key)
            if field and field not in found:
                found[field] = (i, norm.text(rows[r][i]) or "")
        if accept(set(found)):
            return SideHeader(r, found)
    return None


class SideRows:
    """The data rows under one sheet's header. A subclass names the field whose column says whether a
    row is data (``key``: 合计 and 填表人 lines, a lone 序号 are not) and reads one row in ``parse_row``:
    its record, or None once it has recorded why not. ``seen`` is shared by every sheet of the file."""

    key: str

    def __init__(self, book: Workbook, sheet: Sheet, header: SideHeader, parsed: ParsedFile,
                 seen: dict[tuple, int]) -> None:
        self.book, self.sheet, self.header, self.parsed, self.seen = book, sheet, header, parsed, seen

    def cell(self, row: list[Any], field: str) -> Any:
        from outreach.ingest import normalise as norm

        col = self.header.columns.get(field)
        if col is None or col[0] >= len(row) or norm.is_blank(row[col[0]]):
            return None
        return row[col[0]]

    def issue(self, code: str, row_no: int, field: str, **params: object) -> None:
        """An error in one cell: file, sheet, row and the column as it is headed in the file."""
        from outreach.ingest.issues import Issue

        index, written = self.header.columns[field]
        self.parsed.issues.append(Issue(code, "error", self.parsed.file_name, self.sheet.name, row_no, index,
                                        written, params))

    def parse(self) -> list[dict[str, Any]]:
        from outreach.ingest.header import row_is_skippable

        out = []
        key_col = self.header.columns[self.key][0]
        for r in range(self.header.row + 1, len(self.sheet.rows)):
            row = self.sheet.rows[r]
            if row_is_skippable(row, key_col) or all(self.cell(row, f) is None for f in self.header.columns):
                continue
            record = self.parse_row(row, r + 1)
            if record is not None:
                out.append(record)
        return out

    def parse_row(self, row: list[Any], row_no: int) -> dict[str, Any] | None:
        raise NotImplementedError


def parse_sheets(book: Workbook, parsed: ParsedFile, find: Callable[[list[list[Any]]], SideHeader | None],
                 rows: type[SideRows], check: Callable[[str, SideHeader], None] | None = None) -> list[dict[str, Any]]:
    """The records of every sheet that has a header ``find`` accepts (others — instructions, blank — are
    passed over); ``check`` may refuse a sheet whose header lacks a column. The caller refuses a file in
    which no sheet had a header (``parsed.sheets`` stays empty)."""
    parsed.period_source = "column"
    records: list[dict[str, Any]] = []
    seen: dict[tuple, int] = {}
    for sheet in book.sheets:
        header = find(sheet.rows)
        if header is None:
            continue
        if check is not None:
            check(sheet.name, header)
        parsed.sheets.append(sheet.name)
        records += rows(book, sheet, header, parsed, seen).parse()
    return records
