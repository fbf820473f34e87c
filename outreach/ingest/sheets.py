"""One sheet's data rows → canonical records: normalise and validate each row, with the sheet's context
(title lines, section lines, merged cells) filling what a row leaves out. Row faults become issues."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, ClassVar

import pandas as pd

from outreach import vocab
from outreach.i18n import t
from outreach.ingest import cell_memo
from outreach.ingest import normalise as norm
from outreach.ingest.cell_memo import StrMemo, TextOf, memo, str_memo
from outreach.ingest.header import (
    FIELD_ALIASES,
    Column,
    HeaderMatch,
    SheetContext,
    is_footer_cell,
    is_total_cell,
    looks_like_county,
    opens_section,
    read_context,
    section_line,
    sheet_name_meaning,
    texts_are_skippable,
)
from outreach.ingest.issues import ImportRefused, Issue
from outreach.ingest.parsed_file import ACTIVITY_COLUMNS, ROSTER_COLUMNS, ParsedFile, max_count, range_params
from outreach.ingest.readers import Sheet, Workbook

_GENDERS = {"男": "男", "m": "男", "male": "男", "女": "女", "f": "女", "female": "女"}


class SheetParser:
    """Shared walk over one sheet's data rows; subclasses turn a row into records."""

    # Whether a 填报日期/截至 line dates the sheet: a roster is a snapshot taken that day, whereas a log
    # filled in on 9月3日 reports August.
    dated_by_filing: ClassVar[bool] = False

    def __init__(self, book: Workbook, sheet: Sheet, match: HeaderMatch, parsed: ParsedFile,
                 period: dt.date | None, reference: dt.date):
        self.book = book
        self.sheet = sheet
        self.match = match
        self.parsed = parsed
        self.reference = reference
        self.max_count = max_count()
        self.ctx: SheetContext = read_context(sheet.rows, match.row)
        sheet_county, sheet_unit = sheet_name_meaning(sheet.name)
        if book.kind == "csv":
            sheet_unit = None  # a CSV's "sheet name" is its file name (`export.csv`): a county at most
        self.default_county = self.ctx.county or sheet_county
        self.default_unit = self.ctx.unit or sheet_unit or self.default_county
        self.period, self.period_source = self._sheet_period(period)
        if parsed.period is None:
            parsed.period, parsed.period_source = self.period, self.period_source
        self._fill_merged_data_cells()
        # Column index of each field (-1 for a field the sheet lacks), and the row being parsed: its cells
        # as norm.text, as wide as the fields reach, and a None at the end for the fields it lacks (parse).
        self._index = {name: col.index for name, col in match.fields.items()}
        self._ix = dict.fromkeys(FIELD_ALIASES, -1) | self._index
        self._width = max(self._index.values(), default=-1) + 1
        self._row: list[Any] = []
        self._cells: list[str | None] = [None]
        self._texts, self._texts_other = StrMemo(norm.text), TextOf()
        self._person_name = memo(norm.person_name)
        self._is_count_or_label = str_memo(norm.is_count_or_label)
        self._phone = memo(norm.phone)
        self._date_or_month = memo(lambda value: norm.date_or_month(value, book.date1904))
        # Section lines (`二、蕉城区`) set these for the rows below them, until the next one.
        self.section_county: str | None = None
        self.section_unit: str | None = None
        self.known_counties = self._known_counties()

    def _sheet_period(self, given: dt.date | None) -> tuple[dt.date | None, str | None]:
        """The sheet's own month and where it was found; a month outside 2000-01 … this month refuses
        the file (it would date every row of the sheet)."""
        if given is not None:
            return given, "given"  # checked once for the file in parse_file
        found = self._find_sheet_period()
        if found is not None and not norm.month_in_range(found[0], self.reference):
            month, _, where = found
            raise ImportRefused(Issue("err.period_out_of_range", "error", self.parsed.file_name, self.sheet.name,
                                      params={**range_params(month, self.reference), "text": where}))
        return (found[0], found[1]) if found is not None else (None, None)

    def _find_sheet_period(self) -> tuple[dt.date, str, str] | None:
        """(month, source, the text it was read from), looking in the title lines, the sheet name, then
        the file name; a roster first asks each for its 填报日期/截至 date."""
        finders = [norm.filing_month_in_text, norm.month_in_text] if self.dated_by_filing else [norm.month_in_text]
        for finder in finders:
            for line in self.ctx.title_lines:
                if (m := finder(line)) is not None:
                    return m, "title", line
        places = (("sheet", self.sheet.name), ("file", self.parsed.file_name))
        for source, where in places:
            for finder in finders:
                if (m := finder(where)) is not None:
                    return m, source, where
        return None

    def _known_counties(self) -> set[str]:
        """County names this workbook uses: its county column and the sheets named after a county.
        A section line naming one of them is a county even without a 县/区/市 ending."""
        known = {c for s in self.book.sheets if (c := sheet_name_meaning(s.name)[0])}
        col = self.match.fields.get("county")
        if col is not None:
            text = self._text_fn()
            for row in self.sheet.rows[self.match.data_start:]:
                if col.index < len(row) and (value := text(row[col.index])):
                    known.add(value)
        return known

    def _text_fn(self) -> Callable[[Any], str | None]:
        """norm.text of one cell, looked up once per distinct value."""
        if not cell_memo.ENABLED:
            return norm.text
        texts, others = self._texts, self._texts_other
        return lambda c: texts[c] if c.__class__ is str else others[(c.__class__, c)]

    def row_texts(self, row: list[Any]) -> list[str | None]:
        """norm.text of every cell of ``row``."""
        if not cell_memo.ENABLED:
            return [norm.text(c) for c in row]
        texts, others = self._texts, self._texts_other
        return [texts[c] if c.__class__ is str else others[(c.__class__, c)] for c in row]

    def enter_section(self, name: str) -> None:
        """A section line: a county heads a new county (its rows' unit is the county unless they or a
        later section name one); anything else is the unit of the rows below, within the county."""
        if name in self.known_counties or looks_like_county(name):
            self.section_county, self.section_unit = name, None
        else:
            self.section_unit = name

    def _fill_merged_data_cells(self) -> None:
        """A unit merged down over its members' rows belongs to each of them.

        Only ranges that span rows: a range across one row (`一、市直单位` over the whole row) is a
        section line, read as the context of the rows below it (:meth:`enter_section`)."""
        rows = self.sheet.rows
        for (r0, c0), (r1, c1) in self.sheet.merged:
            if r0 < self.match.data_start or r0 >= len(rows) or r1 == r0:
                continue
            value = rows[r0][c0] if c0 < len(rows[r0]) else None
            for r in range(r0, min(r1, len(rows) - 1) + 1):
                for c in range(c0, c1 + 1):
                    if c < len(rows[r]) and norm.is_blank(rows[r][c]):
                        rows[r][c] = value

    def cell(self, row: list[Any], fieldname: str) -> Any:
        index = self._index.get(fieldname)
        if index is None or index >= len(row):
            return None
        value = row[index]
        return None if value is None or (isinstance(value, str) and not value.strip()) else value  # norm.is_blank

    def ctext(self, fieldname: str) -> str | None:
        """``norm.text(self.cell(row, fieldname))`` of the row being parsed, from its cells' texts."""
        return self._cells[self._ix[fieldname]]

    def raw(self, fieldname: str) -> Any:
        """``self.cell(row, fieldname)`` of the row being parsed: a cell is blank exactly when its text is None."""
        index = self._ix[fieldname]
        return None if self._cells[index] is None else self._row[index]

    def issue(self, code: str, severity: str, row_no: int, fieldname: str | None = None,
              col_index: int | None = None, header: str | None = None, **params: object) -> None:
        if fieldname is not None:
            col = self.match.fields[fieldname]
            col_index, header = col.index, col.header
        self.parsed.issues.append(Issue(code, severity, self.parsed.file_name, self.sheet.name, row_no,
                                        col_index, header, params))

    def phone(self, row_no: int) -> str | None:
        """The row's phone number, normalised; a cell that holds no phone number is a warning, not a fault."""
        if (raw := self.raw("phone")) is None:
            return None
        try:
            return self._phone(raw)
        except ValueError:
            self.issue("warn.bad_phone", "warning", row_no, "phone", value=self.ctext("phone"))
            return None

    def unit_and_county(self, row: list[Any], row_no: int) -> tuple[str | None, str | None]:
        """The row's own cells win; then the section it sits in; then what the sheet says as a whole."""
        cells, ix = self._cells, self._ix  # (self.ctext, inline)
        county = cells[ix["county"]] or self.section_county or self.default_county
        if self.section_county is not None:  # a county section: its rows are no longer the sheet's unit
            fallback = self.section_unit or self.section_county
        else:
            fallback = self.section_unit or self.default_unit
        unit = cells[ix["unit"]] or fallback or county
        if unit is None:  # point at the unit column, else the county column that stood in for it
            column = next((f for f in ("unit", "county") if f in self.match.fields), None)
            self.issue("row.missing_unit", "error", row_no, column)
        return unit, county

    def require_unit_source(self) -> None:
        if ("unit" not in self.match.fields and "county" not in self.match.fields and not self.default_unit
                and not any(section_line(row) for row in self.sheet.rows[self.match.data_start:])):
            aliases = "、".join(FIELD_ALIASES["unit"])
            raise ImportRefused(Issue("err.missing_unit", "error", self.parsed.file_name, self.sheet.name,
                                      params={"row": self.match.row + 1, "aliases": aliases}))

    def parse(self) -> pd.DataFrame:
        self.require_unit_source()
        records: list[dict[str, Any]] = []
        name_col = self.match.fields["name"].index
        rows, issues = self.sheet.rows, self.parsed.issues
        # Each distinct cell's total/footer/section test once (the row tests themselves are unchanged).
        total_cell, footer_cell = str_memo(is_total_cell), str_memo(is_footer_cell)
        section_start = str_memo(opens_section)
        width, formula_blanks = self._width, self.sheet.formula_blanks
        for r in range(self.match.data_start, len(rows)):
            self._row = row = rows[r]
            cells = self.row_texts(row)
            if texts_are_skippable(cells, name_col, total_cell, footer_cell):
                continue
            first = row[0] if row and row[0] is not None and row[0] != "" else \
                next((c for c in row if c is not None and c != ""), None)
            if (isinstance(first, str) and section_start(first)  # section_line's own first test, cached
                    and (section := section_line(row)) is not None):
                self.enter_section(section)
                continue
            if len(cells) < width:
                cells += [None] * (width - len(cells))
            cells.append(None)  # what a field the sheet lacks reads (its index is -1)
            self._cells = cells
            row_no = r + 1
            self.parsed.rows_seen += 1
            if formula_blanks:
                self._warn_formula_blanks(r, row)
            issues_before = len(issues)  # a row is refused when one of the issues it adds is an error
            name = self._person_name(self.raw("name"))
            if name is None:
                self.issue("row.missing_name", "error", row_no, "name")
            elif self._is_count_or_label(name):  # `200人` under 姓名 on a total row, `以下空白` …
                self.issue("row.name_not_person", "error", row_no, "name", value=name)
                name = None
            new = self.parse_row(row, row_no, name) if name is not None else []
            if len(issues) > issues_before and any(i.severity == "error" for i in issues[issues_before:]):
                self.parsed.rows_rejected += 1
                continue
            for rec in new:
                rec["sheet"] = self.sheet.name
                rec["row_no"] = row_no
            records.extend(new)
        return pd.DataFrame.from_records(records, columns=self.columns)

    def _warn_formula_blanks(self, r: int, row: list[Any]) -> None:
        """A formula saved without its result reads as empty: say so where the value is used."""
        if not self.sheet.formula_blanks:
            return
        for col in self.match.columns:
            if (col.field and col.field != "serial" and (r, col.index) in self.sheet.formula_blanks
                    and (col.index >= len(row) or norm.is_blank(row[col.index]))):
                self.issue("warn.formula_no_value", "warning", r + 1, col_index=col.index, header=col.header)

    columns: ClassVar[list[str]] = []

    def parse_row(self, row: list[Any], row_no: int, name: str) -> list[dict[str, Any]]:
        raise NotImplementedError


class RosterSheet(SheetParser):
    columns: ClassVar[list[str]] = ROSTER_COLUMNS
    dated_by_filing: ClassVar[bool] = True

    def __init__(self, *args: Any):
        super().__init__(*args)
        ref_year, date1904 = (self.period or self.reference).year, self.book.date1904
        self._birth_year = memo(lambda value: norm.birth_year(value, ref_year, date1904))
        self._role_of = str_memo(vocab.role_of)

    def parse_row(self, row: list[Any], row_no: int, name: str) -> list[dict[str, Any]]:
        unit, county = self.unit_and_county(row, row_no)
        if unit is None:
            return []
        phone = self.phone(row_no)
        role = "member"
        if (raw := self.ctext("role")) is not None:
            role = self._role_of(raw) or "member"
            if self._role_of(raw) is None:
                self.issue("warn.unknown_role", "warning", row_no, "role", value=raw)
        birth = None
        if (raw := self.raw("birth")) is not None:
            try:
                birth = self._birth_year(raw)
            except ValueError:
                self.issue("warn.bad_birth", "warning", row_no, "birth", value=self.ctext("birth"))
        joined = None
        if (raw := self.raw("joined")) is not None:
            try:
                joined = self._date_or_month(raw)[0]
            except ValueError:
                joined = None
        status_text = self.ctext("status") or ""
        status = "left" if any(w in status_text for w in ("退出", "离开", "调离", "注销", "left")) else "active"
        gender = self.ctext("gender")
        gender = _GENDERS.get(gender.lower(), gender) if gender else None
        return [{
            "unit": unit, "county": county, "township": self.ctext("township"),
            "name": name, "role": role, "position": self.ctext("position"),
            "wechat": self.ctext("wechat"), "phone": phone, "gender": gender,
            "birth_year": birth, "branch": self.ctext("branch"),
            "category": self.ctext("category"), "joined": joined, "status": status,
        }]


class ActivitySheet(SheetParser):
    columns: ClassVar[list[str]] = ACTIVITY_COLUMNS

    def __init__(self, *args: Any):
        super().__init__(*args)
        self._type_of, self._platform_of = str_memo(vocab.type_of), str_memo(vocab.platform_of)
        self._adoption_level_of = str_memo(vocab.adoption_level_of)
        self._is_count_placeholder, self._count_of = memo(norm.is_count_placeholder), memo(norm.count)
        self._months: dict[tuple[str, type, Any], tuple[Any, Any]] = {}
        self._long_outcomes: dict[tuple[Any, ...], tuple[list[tuple[str, str, dict[str, Any]]], Any]] = {}

    def parse(self) -> pd.DataFrame:
        fields = self.match.fields
        if self.period is None and "date" not in fields and "period" not in fields:
            raise ImportRefused(Issue("err.missing_period", "error", self.parsed.file_name, self.sheet.name))
        return super().parse()

    def _row_month(self, row: list[Any], row_no: int) -> tuple[dt.date | None, dt.date | None]:
        """(month, day) of a row: its own date column, else its month column, else the sheet's."""
        for fieldname in ("date", "period"):
            raw = self.raw(fieldname)
            if raw is None:
                continue
            key = (fieldname, raw.__class__, raw)
            if (out := self._months.get(key)) is None:
                out = self._month_of(fieldname, raw)
                if cell_memo.ENABLED:
                    self._months[key] = out
            if out[0].__class__ is str:  # refused: (issue code, its parameters)
                self.issue(out[0], "error", row_no, fieldname, **out[1])
                return None, None
            return out
        if self.period is None:
            self.issue("row.no_period", "error", row_no)
            return None, None
        return self.period, None

    def _month_of(self, fieldname: str, raw: Any) -> tuple[Any, Any]:
        """(month, day) that a date or month cell gives, or (issue code, parameters) when it refuses the row."""
        try:
            value, has_day = norm.date_or_month(raw, self.book.date1904)
        except ValueError:
            return "row.bad_date", {"value": norm.text(raw)}
        if not norm.month_in_range(value, self.reference):  # 2099 for 2009: never counted
            shown = value.isoformat() if has_day else norm.month_text(value)
            return "row.date_out_of_range", {**range_params(value, self.reference), "value": shown}
        # A 月份 cell is often a date cell shown as `2014年8月`: its day (the 1st) is no action date.
        return value.replace(day=1), value if has_day and fieldname == "date" else None

    def parse_row(self, row: list[Any], row_no: int, name: str) -> list[dict[str, Any]]:
        unit, county = self.unit_and_county(row, row_no)
        month, day = self._row_month(row, row_no)
        if unit is None or month is None:
            return []
        phone = self.phone(row_no)
        cells, ix = self._cells, self._ix  # (self.ctext, inline)
        base = {"month": month, "day": day, "unit": unit, "county": county, "name": name, "phone": phone,
                "title": cells[ix["title"]], "link": cells[ix["link"]], "note": cells[ix["note"]]}
        if "type" in self.match.fields:
            return self._long_row(row, row_no, base)
        return self._wide_row(row, row_no, base)

    def _long_row(self, row: list[Any], row_no: int, base: dict[str, Any]) -> list[dict[str, Any]]:
        # What the row's type, platform, count and adoption cells make of it depends on those cells alone:
        # worked out once per distinct combination (_long_outcome), its issues raised again for each row.
        cells, ix = self._cells, self._ix  # (self.ctext and self.raw, inline)
        raw_count = None if cells[ix["count"]] is None else row[ix["count"]]
        key = (cells[ix["type"]], cells[ix["platform"]], raw_count.__class__, raw_count,
               cells[ix["adopt_level"]], cells[ix["adopt_outlet"]])
        if (outcome := self._long_outcomes.get(key)) is None:
            outcome = self._long_outcome(key[0], key[1], raw_count, key[4], key[5])
            if cell_memo.ENABLED:
                self._long_outcomes[key] = outcome
        found, result = outcome
        for code, severity, where in found:
            self.issue(code, severity, row_no, **where)
        if result is None:
            return []
        activity_type, platform, n, adoption = result
        self._report(base, [activity_type])
        if n == 0:
            return []
        return [{**base, "type": activity_type, "platform": platform, "count": n, **adoption}]

    def _long_outcome(self, raw_type: str | None, raw_platform: str | None, raw_count: Any, raw_level: str | None,
                      outlet: str | None) -> tuple[list[tuple[str, str, dict[str, Any]]], Any]:
        """(issues as (code, severity, issue() keywords), then (type, platform, count, adoption) or None
        when the row is refused) of a long log row with these cells (texts, the count as read)."""
        found: list[tuple[str, str, dict[str, Any]]] = []
        activity_type = self._type_of(raw_type) if raw_type else None
        if activity_type is None:
            expected = "、".join(t(f"type.{code}", "zh") for code in vocab.ACTIVITY_TYPES)
            found.append(("row.unknown_type", "error", {"fieldname": "type", "value": raw_type or "",
                                                        "expected": expected}))
            return found, None
        platform = self._platform_of(raw_platform) if raw_platform else "other"
        if platform is None:
            found.append(("warn.unknown_platform", "warning", {"fieldname": "platform", "value": raw_platform}))
            platform = "other"
        n = 1
        if raw_count is not None:
            n = self._count_of_cell(raw_count, self.match.fields["count"], found)
            if n is None:
                return found, None
        adoption = self._adoption(raw_level, outlet, n, found) if n != 0 else None
        return found, (activity_type, platform, n, adoption)

    def _adoption(self, raw: str | None, outlet: str | None, n: int,
                  found: list[tuple[str, str, dict[str, Any]]]) -> dict[str, Any]:
        """A long log row's 采用级别 and 采用单位/平台: its ``n`` items adopted at that level (a level left
        blank is read from the outlet's name, 湖北文明网 → province; a level not understood is a warning)."""
        level = self._adoption_level_of(raw) if raw else None
        if raw and level is None and raw not in ("无", "否", "未采用", "-", "/"):
            found.append(("warn.unknown_adopt_level", "warning", {"fieldname": "adopt_level", "value": raw}))
        if level is None and outlet and not raw:
            level = self._adoption_level_of(outlet)
        return {"adopt_level": level, "adopt_outlet": outlet, "adopted": n if level else None}

    def _count(self, raw: Any, row_no: int, col: Column) -> int | None:
        """A count cell's value, or None when it refuses the row (an issue then names the cell)."""
        found: list[tuple[str, str, dict[str, Any]]] = []
        n = self._count_of_cell(raw, col, found)
        for code, severity, where in found:
            self.issue(code, severity, row_no, **where)
        return n

    def _count_of_cell(self, raw: Any, col: Column, found: list[tuple[str, str, dict[str, Any]]]) -> int | None:
        """:meth:`_count`, its issue (if any) added to ``found`` as (code, severity, issue() keywords)."""
        where = {"col_index": col.index, "header": col.header}
        if self._is_count_placeholder(raw):  # `-`, `/`, `无`: written for zero, kept as 0 and pointed out
            found.append(("warn.placeholder_count", "warning", {**where, "value": norm.text(raw)}))
            return 0
        try:
            n = self._count_of(raw)
        except ValueError:
            found.append(("row.bad_count", "error", {**where, "value": norm.text(raw)}))
            return None
        if n > self.max_count:  # a phone number pasted into 数量
            found.append(("row.count_too_large", "error", {**where, "value": norm.text(raw), "max": self.max_count}))
            return None
        return n

    def _report(self, base: dict[str, Any], types: list[str]) -> None:
        for type_ in types:
            self.parsed.reports.add((base["county"], base["unit"], base["month"], type_))
        if base["county"] is None:
            self.parsed.reporters.add((base["unit"], base["month"], base["name"], base["phone"], tuple(types)))

    def _wide_row(self, row: list[Any], row_no: int, base: dict[str, Any]) -> list[dict[str, Any]]:
        counts = self._filled_counts(row, row_no, self.match.wide_columns)
        adopted = None if counts is None else self._filled_counts(row, row_no, self.match.adoption_columns)
        if adopted is None:
            return []
        out = [{**base, "type": col.type, "platform": col.platform, "count": n} for col, n in counts]
        # `舆情信息被省级采用（条）`: how many of the row's items were adopted at that level. A row of count 0
        # (those items are already counted in the type's own column) that carries them.
        out += [{**base, "type": col.type, "platform": col.platform, "count": 0, "adopt_level": col.adopt_level,
                 "adopted": n} for col, n in adopted]
        # A summary row reports every type its sheet has a column for: a blank cell is a zero.
        self._report(base, sorted({col.type for col in self.match.wide_columns}))
        return out

    def _filled_counts(self, row: list[Any], row_no: int, columns: list[Column]) -> list[tuple[Column, int]] | None:
        """The non-zero count in each of ``columns`` that is filled in; None when one is not a count (its
        issue is recorded, and the row is dropped)."""
        counts = []
        for col in columns:
            raw = row[col.index] if col.index < len(row) else None
            if norm.is_blank(raw):
                continue
            n = self._count(raw, row_no, col)
            if n is None:
                return None
            if n:
                counts.append((col, n))
        return counts
