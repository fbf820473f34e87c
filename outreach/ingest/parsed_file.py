"""What parsing a file yields (:class:`ParsedFile`), shared by the sheet parsers, the side kinds and the
loader; it imports none of them, so each can name it without importing the others."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field

import pandas as pd

from outreach.ingest import normalise as norm
from outreach.ingest.issues import Issue

ROSTER_COLUMNS = [
    "unit", "county", "township", "name", "role", "position", "wechat", "phone", "gender",
    "birth_year", "branch", "category", "joined", "status", "sheet", "row_no",
]
ACTIVITY_COLUMNS = [
    "month", "day", "unit", "county", "name", "phone", "type", "platform", "count",
    "title", "link", "note", "sheet", "row_no", "adopt_level", "adopt_outlet", "adopted",
]

# The most one row (long log) or one cell (wide summary) may count. Nobody reposts 10,000 times in a
# month: a bigger figure is a phone number or an ID pasted into 数量, and would also overflow the
# integer columns downstream. OUTREACH_MAX_COUNT changes it.
DEFAULT_MAX_COUNT = 10_000


def max_count() -> int:
    """The count bound in force: OUTREACH_MAX_COUNT when it is a positive whole number, else the default
    (a mistyped setting must not stop every import)."""
    raw = os.environ.get("OUTREACH_MAX_COUNT", "").strip().replace(",", "").replace("_", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else DEFAULT_MAX_COUNT


@dataclass
class ParsedFile:
    file_name: str
    sha256: str
    size: int
    kind: str  # roster | activity | a side kind (outreach.ingest.side)
    period: dt.date | None  # the sheet-level month (wide logs, rosters), if any
    period_source: str | None  # column | title | sheet | file | given
    records: pd.DataFrame
    issues: list[Issue] = field(default_factory=list)
    rows_seen: int = 0  # data rows after blank/total/footer rows are skipped
    rows_rejected: int = 0
    rows_duplicate: int = 0
    sheets: list[str] = field(default_factory=list)
    # Side kinds (outreach.ingest.side): the (unit or "", month) pairs their rows name.
    coverage: set[tuple[str, dt.date]] = field(default_factory=set)
    # Activity logs: the (county or None, unit, month, type) keys the file reports on, even where every
    # count is zero. Replacement is scoped by them: a corrected file that zeroes a unit still replaces
    # that unit's draft for the month, and a training sheet never touches reposts.
    reports: set[tuple[str | None, str, dt.date, str]] = field(default_factory=set)
    # Rows that name no county, one entry per (unit, month, name, phone, types it reports): the loader
    # finds each one's county through its member, so a file replaces only the county a row belongs to
    # (two counties' 城南镇团委 in one city log), even for a row whose counts are all zero.
    reporters: set[tuple[str, dt.date, str, str | None, tuple[str, ...]]] = field(default_factory=set)

    @property
    def rows_accepted(self) -> int:
        return self.rows_seen - self.rows_rejected - self.rows_duplicate

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def months(self) -> list[dt.date]:
        if self.kind == "roster":
            return [self.period] if self.period else []
        if self.kind == "activity":
            return sorted({month for _, _, month, _ in self.reports})
        return sorted({month for _, month in self.coverage})

    @property
    def units(self) -> list[str]:
        """Unit names the file names (a name may stand for several counties' units until it is resolved)."""
        if self.kind == "activity":
            return sorted({unit for _, unit, _, _ in self.reports})
        if self.kind != "roster":  # side kinds (outreach.ingest.side) say so in their coverage
            return sorted({unit for unit, _ in self.coverage if unit})
        return sorted(self.records["unit"].dropna().unique()) if not self.records.empty else []

    @property
    def types(self) -> list[str]:
        """The activity types an activity file reports on: the only types its import may replace."""
        return sorted({type_ for _, _, _, type_ in self.reports})


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def range_params(month: dt.date, reference: dt.date) -> dict[str, object]:
    """The parameters of a month-out-of-range message: the month, and the first and last month allowed."""
    return {"month": norm.month_text(month), "first": norm.month_text(norm.EARLIEST_MONTH),
            "last": norm.month_text(reference)}
