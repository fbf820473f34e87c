"""Who may see and change what: roles, the unit scope of a viewer, and the checks every write passes.

A :class:`Viewer` is whoever is using the app or the core: an account's name, role and place (county,
unit), or :data:`OPEN` while no account exists (the app then runs as it always did, with a banner).
Reads are limited by :func:`scope` (the unit keys the viewer may see, None = all); writes by
:func:`may` (the role may do this kind of thing at all) and then by the scope of what they touch
(:func:`units_outside_scope`, :func:`rows_outside_scope`, :func:`check_import`, :func:`check_undo`).
Refusals are :class:`WriteRefused`: a message key and its parameters (text in outreach/i18n.py).

Permissions (the spec ``tests/test_access.py`` asserts cell by cell). Y = allowed, - = refused,
G = allowed only when the account was granted ``can_unmask``. Writes and exports are further limited
to the viewer's scope; ``open`` is the viewer while no account exists.

| action           | admin | city_staff | county_staff | unit_staff | leader | presenter | open |
|------------------|-------|------------|--------------|------------|--------|-----------|------|
| import           |   Y   |     Y      |      Y       |     Y      |   -    |     -     |  Y   |
| undo             |   Y   |     Y      |      Y       |     Y      |   -    |     -     |  Y   |
| adjust           |   Y   |     Y      |      -       |     -      |   -    |     -     |  Y   |
| campaign         |   Y   |     Y      |      -       |     -      |   -    |     -     |  Y   |
| rubric           |   Y   |     -      |      -       |     -      |   -    |     -     |  Y   |
| users            |   Y   |     -      |      -       |     -      |   -    |     -     |  -   |
| audit            |   Y   |     -      |      -       |     -      |   -    |     -     |  -   |
| export           |   Y   |     Y      |      Y       |     Y      |   Y    |     Y     |  Y   |
| unmask           |   Y   |     G      |      G       |     G      |   G    |     G     |  Y   |
| page:overview    |   Y   |     Y      |      Y       |     Y      |   Y    |     -     |  Y   |
| page:team        |   Y   |     Y      |      Y       |     Y      |   Y    |     -     |  Y   |
| page:activity    |   Y   |     Y      |      Y       |     Y      |   Y    |     -     |  Y   |
| page:evaluation  |   Y   |     Y      |      Y       |     Y      |   Y    |     -     |  Y   |
| page:meeting     |   Y   |     Y      |      Y       |     Y      |   Y    |     Y     |  Y   |
| page:data        |   Y   |     Y      |      Y       |     Y      |   Y    |     -     |  Y   |
| page:admin       |   Y   |     -      |      -       |     -      |   -    |     -     |  -   |

``open`` may do what anyone reaching the port could do before accounts existed, except the admin page:
users and the audit log need an account, and the first admin is made by
``outreach.accounts.create_first_admin`` (the setup step), which works only while there is none.
A presenter's landing page is the meeting page, the only page it may open (:func:`landing_page`). An
unknown role may do nothing and sees no unit.

The 数据 page by role: each part is shown when the action beside it is allowed, so a leader gets the
page read-only — nothing on it writes.

| part of the 数据 page             | shown when                    | a leader sees                       |
|----------------------------------|-------------------------------|-------------------------------------|
| 上传 (upload, preview, confirm)   | ``import``                    | no upload tab                       |
| 导入记录 (import history)          | ``page:data``                 | batches touching its scope; no undo |
| 撤销 button on a batch            | ``undo`` and check_undo       | —                                   |
| 数据质量 (data-quality lists)      | ``page:data``                 | its scope, names masked             |
| 专项活动 list                      | ``page:data``                 | the list; no add, edit or delete    |
| 专项活动 add / upload / delete     | ``campaign``                  | —                                   |
| 加分/扣分 upload                   | ``adjust``                    | —                                   |
| 模板 (blank templates)             | ``page:data``                 | yes                                 |

Scope by role: admin, city_staff, open, and a leader or presenter without a county see every unit
(None). A county_staff account, and a leader or presenter with a county, see every unit of that county.
A unit_staff account sees its unit. Writes check the county by name, so a county account may import
its county's units that the database does not know yet; a unit account only its own unit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd

from outreach.i18n import TEXT, t
from outreach.units import split_unit_key, unit_key, unit_label

ROLES = ("admin", "city_staff", "county_staff", "unit_staff", "leader", "presenter")
OPEN_ROLE = "open"
PAGES = ("overview", "team", "activity", "evaluation", "meeting", "data", "admin")
WRITE_ACTIONS = ("import", "undo", "adjust", "campaign", "rubric", "users")
ACTIONS = (*WRITE_ACTIONS, "audit", "export", "unmask", *(f"page:{p}" for p in PAGES))

_READ_PAGES = frozenset(f"page:{p}" for p in ("overview", "team", "activity", "evaluation", "meeting", "data"))
_STAFF = frozenset({"import", "undo", "export"})
PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": frozenset(ACTIONS),
    "city_staff": _READ_PAGES | _STAFF | {"adjust", "campaign"},
    "county_staff": _READ_PAGES | _STAFF,
    "unit_staff": _READ_PAGES | _STAFF,
    "leader": _READ_PAGES | {"export"},
    "presenter": frozenset({"page:meeting", "export"}),
    OPEN_ROLE: frozenset(ACTIONS) - {"users", "audit", "page:admin"},
}
# Roles for which "unmask" follows the account's grant rather than PERMISSIONS.
_UNMASK_BY_GRANT = frozenset({"city_staff", "county_staff", "unit_staff", "leader", "presenter"})
# Roles whose scope is a county when the account names one (county_staff always names one).
_COUNTY_SCOPED = frozenset({"county_staff", "leader", "presenter"})
_SIDE_ACTIONS = {"campaign": "campaign", "adjustment": "adjust"}  # side-file kinds → the action they need
ROWS_LISTED = 20  # a refusal names this many rows, then says how many there are


@dataclass(frozen=True)
class Viewer:
    name: str | None
    role: str
    county: str | None = None
    unit: str | None = None  # a unit key, '福安市/城南镇团委'
    can_unmask: bool = False

    @property
    def is_open(self) -> bool:
        return self.role == OPEN_ROLE


OPEN = Viewer(None, OPEN_ROLE)

Row = tuple[str | None, int | None, str]  # (sheet, row_no, unit key); no sheet and row: a summary of zeros


class WriteRefused(Exception):
    """A write (or a page, or an export) the viewer may not make. ``key`` is a translation key and
    ``params`` fill it in; :meth:`message` renders it (the core never builds the words)."""

    def __init__(self, key: str, **params: object):
        self.key = key
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang, **_rendered(self.params, lang))


def _rendered(params: dict[str, object], lang: str | None) -> dict[str, object]:
    """Codes among the parameters in words of ``lang``: a role, an action, a list of rows or of units."""
    out = dict(params)
    if "role" in out:
        out["role"] = role_label(str(out["role"]), lang)
    if "action" in out:
        out["action"] = action_label(str(out["action"]), lang)
    if "rows" in out:
        out["rows"] = rows_text(out["rows"], lang)  # type: ignore[arg-type]
    if "units" in out:
        out["units"] = _sep(lang).join(unit_label(str(k)) for k in out["units"])  # type: ignore[union-attr]
    return out


def _sep(lang: str | None) -> str:
    return "; " if lang == "en" else "；"


def role_label(role: str, lang: str | None = None) -> str:
    """'管理员' for 'admin'; an unknown role as it is."""
    return t(f"acct.role.{role}", lang) if f"acct.role.{role}" in TEXT else role


def action_label(action: str, lang: str | None = None) -> str:
    """'导入数据' for 'import', '打开「总览」页' for 'page:overview'; an unknown action as it is."""
    if action.startswith("page:"):
        return t("access.action_page", lang, page=t(f"page.{action[5:]}", lang))
    return t(f"acct.action.{action}", lang) if f"acct.action.{action}" in TEXT else action


def rows_text(rows: Sequence[Row], lang: str | None = None) -> str:
    """'Sheet1 第 3 行（寿宁县 / 城南镇团委）；…' for the rows a refusal names (the first ROWS_LISTED)."""
    parts = []
    for sheet, row_no, key in rows[:ROWS_LISTED]:
        if row_no is None:
            parts.append(t("access.row_zero", lang, unit=unit_label(key)))
        elif split_unit_key(key)[0] is None:
            parts.append(t("access.row_no_county", lang, sheet=sheet or "", row=row_no, unit=unit_label(key)))
        else:
            parts.append(t("access.row", lang, sheet=sheet or "", row=row_no, unit=unit_label(key)))
    text = _sep(lang).join(parts)
    if len(rows) > ROWS_LISTED:
        text += t("access.more_rows", lang, n=len(rows))
    return text


# --- permissions ---------------------------------------------------------------------------------------


def may(viewer: Viewer, action: str) -> bool:
    """Whether the viewer's role allows ``action`` at all (the table above). Scope comes on top.
    Raises ValueError for an action not in :data:`ACTIONS` (a typo must not read as "refused")."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if action == "unmask" and viewer.role in _UNMASK_BY_GRANT:
        return bool(viewer.can_unmask)
    return action in PERMISSIONS.get(viewer.role, frozenset())


def require(viewer: Viewer, action: str) -> None:
    """Raise :class:`WriteRefused` (``access.err.denied``) unless :func:`may` allows it."""
    if not may(viewer, action):
        raise WriteRefused("access.err.denied", role=viewer.role, action=action)


def landing_page(viewer: Viewer) -> str | None:
    """The first page the viewer may open ('overview' for most, 'meeting' for a presenter), or None."""
    return next((p for p in PAGES if may(viewer, f"page:{p}")), None)


# --- scope ---------------------------------------------------------------------------------------------

# Every place a (county, unit) pair is named: live units, and what batches, rosters, quotas and
# adjustments said (a unit that has left the live tables is still the county's).
_COUNTY_UNITS = """
SELECT DISTINCT unit_key(county, unit) AS k FROM (
    SELECT county, unit FROM units WHERE county = $county
    UNION ALL SELECT county, unit FROM batch_coverage WHERE county = $county
    UNION ALL SELECT county, unit FROM roster_rows WHERE county = $county
    UNION ALL SELECT county, unit FROM quotas WHERE county = $county
    UNION ALL SELECT county, unit FROM adjustments WHERE county = $county
)
ORDER BY k
"""


def scope_county(viewer: Viewer) -> str | None:
    """The county a county-scoped viewer (county_staff; a county's leader or presenter) is held to."""
    if viewer.role in _COUNTY_SCOPED and viewer.county:
        return viewer.county
    return None


def is_all(viewer: Viewer) -> bool:
    """True when the viewer sees every unit (:func:`scope` returns None)."""
    if viewer.role not in PERMISSIONS or viewer.role in ("county_staff", "unit_staff"):
        return False
    return scope_county(viewer) is None


def scope(con: duckdb.DuckDBPyConnection, viewer: Viewer) -> list[str] | None:
    """The unit keys the viewer may see, sorted; None = every unit. An empty list sees nothing (an unknown
    role, a county with no data yet, a unit account without a unit)."""
    if is_all(viewer):
        return None
    if viewer.role == "unit_staff":
        return [viewer.unit] if viewer.unit else []
    county = scope_county(viewer)
    if county is None:
        return []
    return [row[0] for row in con.execute(_COUNTY_UNITS, {"county": county}).fetchall()]


def in_scope(viewer: Viewer, key: str) -> bool:
    """Whether a write may touch the unit ``key``: by county for a county account (new units of the county
    included), by the exact key for a unit account. A key with no county is in no county's scope."""
    if is_all(viewer):
        return True
    if viewer.role == "unit_staff":
        return viewer.unit is not None and key == viewer.unit
    county = scope_county(viewer)
    return county is not None and split_unit_key(key)[0] == county


def units_outside_scope(con: duckdb.DuckDBPyConnection, viewer: Viewer, unit_keys: Iterable[str]) -> list[str]:
    """The keys among ``unit_keys`` the viewer may not write to, sorted, without repeats."""
    del con  # the rule needs no data today; the signature leaves room for one that will
    return sorted({k for k in unit_keys if not in_scope(viewer, k)})


# --- writes --------------------------------------------------------------------------------------------


def rows_outside_scope(viewer: Viewer, parsed, con: duckdb.DuckDBPyConnection, after: Sequence = ()) -> list[Row]:
    """(sheet, row_no, unit key) of every row of ``parsed`` (a ParsedFile: an activity log or a roster)
    that lies outside the viewer's scope, in file order. Units are resolved as the loader resolves them:

    - a row that names its county belongs to that county's unit;
    - a log row that names none belongs to the unit its member resolves to
      (outreach.ingest.refresh.RESOLVE_MEMBERS), else to the one county that has a unit of that name;
    - a row whose county stays unknown (a roster row without one, too) is in no county's scope: its key
      is '/单位' and the message asks for a 县区 column;
    - a summary row of zeros reports its unit all the same (its figures would be replaced): it is
      listed as (None, None, key).

    ``after``: files confirmed before this one (the rosters uploaded with a log), as load.preview takes
    them: the log is resolved as if they had been imported (in a transaction rolled back). Other kinds
    (campaign, adjustment files) list every record by its ``county``/``unit`` columns."""
    if is_all(viewer):
        return []
    keys = _row_keys(parsed, con, after)  # a wide row is one record per type: the row is named once
    return [k for k in dict.fromkeys(keys) if not in_scope(viewer, k[2])]


def _row_keys(parsed, con: duckdb.DuckDBPyConnection, after: Sequence) -> list[Row]:
    records: pd.DataFrame = parsed.records
    if parsed.kind == "activity":
        if not after:
            return _activity_keys(parsed, con)
        from outreach import store
        from outreach.ingest import load

        def as_if_imported(con: duckdb.DuckDBPyConnection) -> list[Row]:
            for other in after:
                load._write(con, other, None)  # as load.preview does
            return _activity_keys(parsed, con)

        return store.run_write(con, as_if_imported, keep=False)  # rolled back
    blank = pd.Series([None] * len(records), index=records.index, dtype=object)
    columns = [records.get(c, blank) for c in ("sheet", "row_no", "county", "unit")]
    return [(_text(sheet), _int(row_no), unit_key(_text(county), _text(unit) or ""))
            for sheet, row_no, county, unit in zip(*columns, strict=True)]


def _activity_keys(parsed, con: duckdb.DuckDBPyConnection) -> list[Row]:
    from outreach.ingest.refresh import RESOLVE_MEMBERS

    rows = parsed.records[["county", "unit", "name", "phone", "sheet", "row_no", "month"]].copy()
    rows["i"] = range(len(rows))
    out: list[Row] = []
    row_counties: dict[tuple[str, object], set[str | None]] = {}
    if not rows.empty:
        con.register("_scope_rows", rows)
        try:
            resolved = con.execute(f"""
                SELECT s.sheet, s.row_no, r.county, s.unit, s.month
                FROM _scope_rows AS s
                JOIN ({RESOLVE_MEMBERS.format(source='_scope_rows')}) AS r
                  ON s.unit = r.unit AND s.name = r.name AND s.phone IS NOT DISTINCT FROM r.phone
                 AND s.county IS NOT DISTINCT FROM r.given_county
                ORDER BY s.i
            """).fetchall()
        finally:
            con.unregister("_scope_rows")
        for sheet, row_no, county, unit, month in resolved:
            out.append((_text(sheet), _int(row_no), unit_key(county, unit)))
            row_counties.setdefault((unit, _month(month)), set()).add(county)
    # Keys a file reports with zeros only (no record carries them) are replaced too. As the loader does
    # (load._stage_activity), a key that names no county takes the counties its rows of that (unit,
    # month) resolved to, else the one county that has a unit of that name, else none.
    named: dict[str, set[str | None]] = {}
    for county, unit in con.execute("SELECT county, unit FROM units").fetchall():
        named.setdefault(unit, set()).add(county)
    seen = {key for _, _, key in out}
    for county, unit, month, _type in sorted(parsed.reports, key=lambda k: (k[0] or "", k[1], k[2], k[3])):
        if county is None:
            if row_counties.get((unit, _month(month))):
                continue  # its rows said which county's unit it is; they are listed above
            only = named.get(unit, set())
            county = next(iter(only)) if len(only) == 1 else None
        key = unit_key(county, unit)
        if key not in seen:
            seen.add(key)
            out.append((None, None, key))
    return out


def _month(value: object) -> object:
    return pd.Timestamp(value).date().replace(day=1)


def _text(value: object) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return str(value)


def _int(value: object) -> int | None:
    text = _text(value)
    return None if text is None else int(float(text))


def check_import(con: duckdb.DuckDBPyConnection, viewer: Viewer, parsed, after: Sequence = ()) -> None:
    """Raise :class:`WriteRefused` unless the viewer may import ``parsed`` whole: the role may import
    (and, for a campaign or adjustment file, change campaigns or adjustments), and no row lies outside
    the viewer's scope — else ``access.err.rows_outside`` names the rows and nothing is imported."""
    require(viewer, "import")
    if (side_action := _SIDE_ACTIONS.get(parsed.kind)) is not None:
        require(viewer, side_action)
    outside = rows_outside_scope(viewer, parsed, con, after)
    if outside:
        raise WriteRefused("access.err.rows_outside", file=parsed.file_name, n=len(outside), rows=outside,
                           scope=scope_label(viewer))


def check_undo(con: duckdb.DuckDBPyConnection, viewer: Viewer, batch_id: int) -> None:
    """Raise :class:`WriteRefused` unless the viewer may undo the batch: the role may undo (and change
    campaigns or adjustments, for those batches), and every unit the batch touched is in scope. The
    message names no unit (other counties' units are not the viewer's to see); ``params["units"]`` has them."""
    require(viewer, "undo")
    rows = con.execute("SELECT kind, units FROM batches WHERE batch_id = ?", [batch_id]).fetchall()
    if not rows:
        return  # no such batch: load.undo says so
    kind, units = rows[0]
    if (side_action := _SIDE_ACTIONS.get(kind)) is not None:
        require(viewer, side_action)
    if is_all(viewer):
        return
    # What the batch recorded, and its coverage now (a log's rows may have found their county since).
    keys = list(units or []) + [r[0] for r in con.execute(
        "SELECT DISTINCT unit_key(county, unit) FROM batch_coverage WHERE batch_id = ?", [batch_id]).fetchall()]
    outside = units_outside_scope(con, viewer, keys) if keys else ["—"]
    if outside:
        raise WriteRefused("access.err.batch_outside", batch=batch_id, units=outside)


def check_units(con: duckdb.DuckDBPyConnection, viewer: Viewer, action: str, unit_keys: Iterable[str]) -> None:
    """Raise :class:`WriteRefused` unless the role may ``action`` and every unit key is in scope (an
    adjustment for a unit, an export filtered to units)."""
    require(viewer, action)
    outside = units_outside_scope(con, viewer, unit_keys)
    if outside:
        raise WriteRefused("access.err.units_outside", units=outside)


def scope_label(viewer: Viewer) -> str:
    """How a refusal names the viewer's scope: the county, or the unit ('福安市 / 城南镇团委')."""
    if viewer.role == "unit_staff":
        return unit_label(viewer.unit or "")
    return scope_county(viewer) or ""
