"""The viewer's scope reaches every named query, and nothing else does (issue #12, "Reads").

- Static: queries/*.sql read tables that hold rows of units only through the scoped_* table macros
  (outreach/migrations/007_scoped_views.sql), and pass them the bound ``$scope`` and nothing else.
- No leaks: every named query, run under the scope of one of two same-named units (城南镇团委 of 福安市
  and of 寿宁县; 城北镇团委 is a third unit in 福安市), returns no row of another unit, and the same
  figures as the whole city's view filtered to that unit.
- The result cache never hands one viewer's result to another.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from outreach import campaigns, queries, store
from outreach.evaluation import adjustments
from outreach.evaluation.rubric import default_rubric
from outreach.evaluation.scoring import cap_params, point_params
from outreach.filters import Filters
from outreach.ingest import load
from outreach.queries import QueryRunner, load_sql, parameters_of, query_names
from tests.fixtures import xlsx

MIGRATION = store.MIGRATIONS / "007_scoped_views.sql"

# --- static: which tables a query may name -------------------------------------------------------

# Tables and views that hold rows of units: a query reads them only through a scoped_* macro.
UNIT_TABLES = frozenset({
    "agg_activity", "agg_activity_day", "agg_member_month", "agg_events", "agg_unmatched", "roster_month",
    "members", "units", "activity", "activity_superseded", "roster_rows", "batch_coverage", "adjustments",
    "live_months", "quotas",
})
# Tables with a unit column whose rows are not a unit's data, and why a query may name them.
NOT_UNIT_ROWS = {
    "batches": "one row per import; batches.units lists the unit keys it touched. A query reaches a batch "
               "through a scoped row's batch_id (file name, status), or reads scoped_batches($scope)",
    "users": "accounts; users.unit is an account's home unit, read by the accounts module, not by queries/",
}
# Exceptions: (query, table) → why that query may name a unit table directly. None today.
ALLOWED: dict[tuple[str, str], str] = {}
# Queries that need no $scope, and why. None today: every query reads unit data or an organisation-wide
# table that is still hidden from a viewer whose scope holds no unit.
WITHOUT_SCOPE: dict[str, str] = {}


def _is_unit_table(name: str) -> bool:
    return name in UNIT_TABLES or name.startswith("agg_")


_TOKEN = re.compile(r'"(?:[^"]|"")*"|\$?[A-Za-z_][A-Za-z0-9_$]*|\S')
# Clause words that end a FROM list (a comma after them separates no tables).
_END_FROM = {"WHERE", "GROUP", "HAVING", "QUALIFY", "WINDOW", "ORDER", "LIMIT", "OFFSET", "UNION", "EXCEPT",
             "INTERSECT", "SELECT", "ON", "USING", "RETURNING"}


def strip_sql(sql: str) -> tuple[str, list[str]]:
    """The SQL without comments, every string literal emptied to ''; and the literals' contents."""
    out, literals, i = [], [], 0
    while i < len(sql):
        if sql.startswith("--", i):
            end = sql.find("\n", i)
            i = len(sql) if end < 0 else end
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            i = len(sql) if end < 0 else end + 2
        elif sql[i] == "'":
            j = i + 1
            while j < len(sql) and not (sql[j] == "'" and not sql.startswith("''", j)):
                j += 2 if sql.startswith("''", j) else 1
            literals.append(sql[i + 1:j].replace("''", "'"))
            out.append("''")
            i = j + 1
        else:
            out.append(sql[i])
            i += 1
    return "".join(out), literals


def _ident(token: str) -> str:
    return token[1:-1].replace('""', '"').lower() if token.startswith('"') else token.lower()


def table_refs(sql: str) -> tuple[list[str], list[str]]:
    """(tables named after FROM / JOIN / a comma of a FROM list, table functions called there), lower case;
    of a qualified name (main.units) the last part."""
    tokens = _TOKEN.findall(strip_sql(sql)[0])
    tables: list[str] = []
    functions: list[str] = []
    depth = 0
    from_depth: int | None = None  # the depth of the FROM list we are in, if any
    expect = False  # the next token starts a table reference
    for k, tok in enumerate(tokens):
        up = tok.upper()
        if expect:
            expect = False
            if up == "LATERAL":
                expect = True
                continue
            if tok == "(":
                depth += 1
                continue
            name, j = _ident(tok), k + 1
            while j + 1 < len(tokens) and tokens[j] == ".":
                name, j = _ident(tokens[j + 1]), j + 2
            (functions if j < len(tokens) and tokens[j] == "(" else tables).append(name)
            continue
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth -= 1
            if from_depth is not None and depth < from_depth:
                from_depth = None
        elif up in ("FROM", "JOIN", "PIVOT", "UNPIVOT") and not (k and tokens[k - 1].upper() == "DISTINCT"):
            expect = True
            from_depth = depth
        elif up in _END_FROM and from_depth == depth:
            from_depth = None
        elif tok == "," and from_depth == depth:
            expect = True
    return tables, functions


def scoped_calls(sql: str) -> list[tuple[str, str]]:
    """Each scoped_* call: (macro, its first argument as written)."""
    text = strip_sql(sql)[0]
    return [(m[1].lower(), m[2].strip()) for m in re.finditer(r"\b(scoped_\w+)\s*\(\s*([^,)]*)", text, re.I)]


def test_the_detector_finds_table_references():
    sql = """
        -- FROM agg_activity in a comment does not count
        WITH x AS (SELECT * FROM main.agg_activity AS a, "roster_month" r WHERE a.unit = 'FROM members')
        SELECT sum(members) AS members, extract(year FROM day) AS y
        FROM scoped_units($scope, NULL, NULL) AS u
        LEFT JOIN LATERAL (SELECT 1 FROM activity) AS s ON TRUE
        INNER JOIN x ON u.unit IS NOT DISTINCT FROM x.units
        JOIN quotas USING (unit)
    """
    tables, functions = table_refs(sql)
    assert tables == ["agg_activity", "roster_month", "day", "activity", "x", "quotas"]
    assert functions == ["scoped_units"]
    assert strip_sql(sql)[1] == ["FROM members"]
    assert table_refs("FROM agg_events SELECT count(*)")[0] == ["agg_events"]
    assert scoped_calls("FROM scoped_members( $scope , NULL) JOIN scoped_units(NULL, $units)") == [
        ("scoped_members", "$scope"), ("scoped_units", "NULL")]


def test_queries_read_unit_tables_only_through_scoped_macros():
    # 007 defines the macros; a later migration adds one with the table it scopes (011: agg_unmatched).
    macros = {m for path in sorted(store.MIGRATIONS.glob("*.sql"))
              for m in re.findall(r"CREATE MACRO (scoped_\w+)", path.read_text(encoding="utf-8"))}
    problems = []
    used_allowances = set()
    for name in query_names():
        sql = load_sql(name)
        tables, functions = table_refs(sql)
        for table in tables:
            if _is_unit_table(table):
                if (name, table) in ALLOWED:
                    used_allowances.add((name, table))
                else:
                    problems.append(f"{name}.sql reads {table} directly: use scoped_{table}(...)")
        for literal in strip_sql(sql)[1]:
            words = set(re.findall(r"[a-z_]+", literal.lower()))
            if any(_is_unit_table(w) for w in words) and re.search(r"\b(from|join)\b", literal, re.I):
                problems.append(f"{name}.sql names a table in a string: {literal!r}")
        for func in functions:
            if func in ("query", "query_table"):
                problems.append(f"{name}.sql calls {func}(): it could read any table")
            elif func.startswith("scoped_") and func not in macros:
                problems.append(f"{name}.sql calls {func}, which no migration defines")
        calls = scoped_calls(sql)
        problems += [f"{name}.sql passes {first!r} as the scope of {macro}: pass $scope"
                     for macro, first in calls if first != "$scope"]
        bare = len(re.findall(r"\$scope\b", strip_sql(sql)[0])) - len(calls)
        if bare:
            problems.append(f"{name}.sql uses $scope {bare}× outside a scoped_* call: the macros apply it")
        if not calls and name not in WITHOUT_SCOPE:
            problems.append(f"{name}.sql reads nothing through a scoped_* macro")
    assert problems == []
    assert used_allowances == set(ALLOWED), "an allowance no query needs any more: remove it"


def test_every_table_with_unit_rows_is_known():
    """A new table with a unit (or unit key) column is classified here, so the check above covers it."""
    con = store.connect(":memory:")
    rows = con.execute("""
        SELECT DISTINCT table_name FROM information_schema.columns
        WHERE table_catalog = current_database() AND table_schema = 'main'
            AND column_name IN ('unit', 'units', 'unit_key', 'county')
    """).fetchall()
    con.close()
    unknown = {r[0] for r in rows} - UNIT_TABLES - NOT_UNIT_ROWS.keys()
    assert unknown == set(), "classify these tables in UNIT_TABLES or NOT_UNIT_ROWS (with a reason)"
    assert {r[0] for r in rows} >= UNIT_TABLES, "a unit table is gone: update UNIT_TABLES"


# --- the fixture: two units named 城南镇团委, and 城北镇团委 --------------------------------------

FUAN, SHOUNING, CHENGBEI = "福安市/城南镇团委", "寿宁县/城南镇团委", "福安市/城北镇团委"
JUL, AUG = dt.date(2014, 7, 1), dt.date(2014, 8, 1)

ROSTER = [
    ["网络宣传员花名册（2014年7月）"],
    ["姓名", "单位", "县区", "角色", "手机号码", "微信名", "类别", "出生年月"],
    ["南一", "城南镇团委", "福安市", "骨干", "13900000001", "nan1", "团干部", "1990-05"],
    ["南二", "城南镇团委", "福安市", "联络员", "13900000002", "nan2", "网络阅评员", "1985-03"],
    ["南三", "城南镇团委", "福安市", "网宣员", "13900000003", None, "大学生志愿者", "1999-11"],
    ["张伟", "城南镇团委", "福安市", "网宣员", "13900000099", None, "团干部", "1970-01"],
    ["寿一", "城南镇团委", "寿宁县", "骨干", "13900000011", "shou1", "寿宁类别", "1980-02"],
    ["寿二", "城南镇团委", "寿宁县", "网宣员", None, None, "团干部", "1962-08"],
    # the same name and phone in two units: a possible duplicate, for the city's data-quality list only
    ["张伟", "城南镇团委", "寿宁县", "网宣员", "13900000099", None, "团干部", "1975-06"],
    ["北一", "城北镇团委", "福安市", "骨干", "13900000021", "bei1", "城北类别", "1992-09"],
    ["北二", "城北镇团委", "福安市", "联络员", "13900000022", "bei2", "团干部", "2001-04"],
]
LOG_HEAD = ["日期", "姓名", "单位", "县区", "类型", "平台", "数量", "标题"]
LOG = [
    LOG_HEAD,
    [dt.date(2014, 7, 8), "南一", "城南镇团委", "福安市", "转发", "微信", 1, None],
    [dt.date(2014, 7, 9), "寿一", "城南镇团委", "寿宁县", "转发", "微信", 7, None],
    [dt.date(2014, 7, 9), "北一", "城北镇团委", "福安市", "评论", "微博", 2, None],
    [dt.date(2014, 8, 4), "南一", "城南镇团委", "福安市", "转发", "微信", 2, None],
    [dt.date(2014, 8, 5), "南二", "城南镇团委", "福安市", "评论", "微博", 1, None],
    [dt.date(2014, 8, 6), "南三", "城南镇团委", "福安市", "原创", "微信", 1, None],
    [dt.date(2014, 8, 6), "张伟", "城南镇团委", "福安市", "点赞", "QQ", 3, None],
    [dt.date(2014, 8, 20), "南二", "城南镇团委", "福安市", "线上会议", None, 1, "八月例会"],
    # matches nobody in 福安市's 城南镇团委; 寿宁县's unit of the same name has a 寿二
    [dt.date(2014, 8, 7), "寿二", "城南镇团委", "福安市", "转发", "微信", 1, None],
    [dt.date(2014, 8, 7), "路人甲", "城南镇团委", "福安市", "转发", "微信", 1, None],
    [dt.date(2014, 8, 4), "寿一", "城南镇团委", "寿宁县", "转发", "学习强国", 5, None],
    [dt.date(2014, 8, 5), "张伟", "城南镇团委", "寿宁县", "舆情报送", None, 1, None],
    [dt.date(2014, 8, 5), "路人乙", "城南镇团委", "寿宁县", "评论", "微博", 2, None],
    [dt.date(2014, 8, 5), "南一", "城南镇团委", "寿宁县", "评论", "微博", 1, None],  # a namesake of ours
    [dt.date(2014, 8, 21), "寿一", "城南镇团委", "寿宁县", "线上会议", None, 1, "寿宁例会"],
    [dt.date(2014, 8, 8), "北一", "城北镇团委", "福安市", "转发", "微信", 4, None],
    [dt.date(2014, 8, 20), "北一", "城北镇团委", "福安市", "线上会议", None, 1, "八月例会"],
]
# A training sign-in sheet: it replaces training only.
TRAINING = [
    LOG_HEAD,
    [dt.date(2014, 8, 12), "南一", "城南镇团委", "福安市", "参加培训", None, 1, "业务培训班"],
    [dt.date(2014, 8, 12), "寿一", "城南镇团委", "寿宁县", "参加培训", None, 1, "业务培训班"],
    [dt.date(2014, 8, 13), "寿二", "城南镇团委", "寿宁县", "参加培训", None, 1, "寿宁县专题培训"],
    [dt.date(2014, 8, 12), "北二", "城北镇团委", "福安市", "参加培训", None, 1, "城北镇团委培训"],
]
# Text that only another unit's rows carry: none of it may reach the 福安市 城南镇团委 viewer.
FOREIGN = ("寿宁县", "城北镇团委", "寿一", "北一", "北二", "路人乙", "寿宁类别", "城北类别", "寿宁例会",
           "寿宁县专题培训")


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("scope") / "scope.duckdb"
    con = store.connect(path)
    load.import_bytes(con, xlsx(ROSTER), "花名册_2014年7月.xlsx")
    load.import_bytes(con, xlsx(LOG), "2014年7-8月台账.xlsx")
    load.import_bytes(con, xlsx(TRAINING), "8月培训签到.xlsx")
    adjustments.add(con, FUAN, AUG, AUG, 2.0, "稿件被采用", user="测试")
    adjustments.add(con, SHOUNING, AUG, AUG, -1.5, "寿宁县报送迟", user="测试")
    adjustments.add(con, CHENGBEI, JUL, AUG, 3.0, "城北镇团委加分", user="测试")
    campaigns.add(con, "网络安全宣传周", dt.date(2014, 8, 1), dt.date(2014, 8, 7), "全市", user="测试")
    # No importer writes quotas yet: rows as one would.
    con.execute("""INSERT INTO quotas VALUES ('福安市', '城南镇团委', 5, 1, 2, 1, NULL),
                   ('寿宁县', '城南镇团委', 9, 2, 4, 2, NULL), ('福安市', '城北镇团委', 3, 1, 1, 1, NULL)""")
    # Adoption levels (010_adoption.sql) on both counties' 城南镇团委 reposts: no action changes.
    con.execute("UPDATE activity SET adopt_level = 'province', adopt_outlet = '省级网站', adopted = count "
                "WHERE unit = '城南镇团委' AND type = 'repost'")
    con.close()
    return path


@pytest.fixture
def con(db):
    c = store.connect(db)
    yield c
    c.close()


# --- every named query under one unit's scope ----------------------------------------------------

_RUBRIC = default_rubric()
# Values for the parameters a query takes beyond the filters and the scope, as its callers pass them.
EXTRA: dict[str, list[object]] = {
    **{k: [v] for k, v in cap_params(_RUBRIC).items()},
    **{k: [v] for k, v in point_params(_RUBRIC).items()},
    "platforms": [["weibo", "wechat", "xuexi"], []],  # eval_unit_platforms: the rubric's bonus platforms
    "per": ["all", "county", "unit"],  # evaluation.members: leaderboard and commendation lists
    "top": [100, 1],
    "min_months": [0, 1],
    "min_points": [0.0],
    "months": [1, 3],  # team.silent
    "month": [AUG, JUL],  # overview: the period's last month
}
# The filter values a query is run with when the default ("everything") says nothing.
FILTERS_FOR = {"units_in_counties": {"counties": ["福安市", "寿宁县"]}}
VIEWS = [Filters(), Filters(AUG, AUG), Filters(JUL, JUL), Filters(AUG, AUG, categories=("团干部",)),
         Filters(roles=("core", "member"))]


def _runs(name: str) -> list[tuple[Filters, dict[str, object]]]:
    """(filters, extra parameters) to run ``name`` with: every value of each extra parameter it takes."""
    wanted = parameters_of(load_sql(name)) - set(Filters().params()) - {"scope"}
    missing = wanted - EXTRA.keys()
    assert not missing, f"{name} takes {sorted(missing)}: add values for them to EXTRA"
    combos: list[dict[str, object]] = [{}]
    for param in sorted(wanted):
        combos = [{**c, param: v} for c in combos for v in EXTRA[param]]
    runs = []
    for view in VIEWS:
        f = replace(view, **{k: tuple(v) for k, v in FILTERS_FOR.get(name, {}).items()})
        runs += [(f, extra) for extra in combos]
    return runs


def _text_cells(df: pd.DataFrame) -> list[str]:
    return [str(v) for col in df.columns for v in df[col] if isinstance(v, str)]


def _of_unit(df: pd.DataFrame, key: str) -> pd.Series:
    """Which rows are the unit ``key``'s, by the columns that name a unit."""
    county, unit = key.split("/", 1)
    if "unit_key" in df.columns:
        return df["unit_key"] == key
    return (df["county"].fillna("") == county) & (df["unit"] == unit)


def _names_a_unit(df: pd.DataFrame) -> bool:
    return "unit_key" in df.columns or {"county", "unit"} <= set(df.columns)


def _frame(df: pd.DataFrame) -> pd.DataFrame:
    return df.reset_index(drop=True)


def _expect(con: duckdb.DuckDBPyConnection, name: str, f: Filters, extra: dict, scoped: pd.DataFrame,
            city: QueryRunner) -> None:
    """``scoped`` (the query under FUAN's scope) against what the city's view says of FUAN."""
    if name == "dq_duplicate_members":
        # Groups are listed when any of their units is chosen; in scope, a group needs two units of the
        # viewer's own (张伟 is in FUAN and SHOUNING: the city sees the pair, FUAN alone sees nothing).
        assert scoped.empty
        assert FUAN in " ".join(city.df(name, replace(f, units=(FUAN,)), **extra)["unit_list"])
    elif name == "dq_unmatched_activity":
        # other_units names units elsewhere in the viewer's scope: none, for a one-unit scope.
        assert scoped["other_units"].isna().all() and (scoped["other_unit_count"] == 0).all()
        reference = city.df(name, replace(f, units=(FUAN,)), **extra)
        namesakes = ["other_units", "other_unit_count"]
        pd.testing.assert_frame_equal(_frame(scoped.drop(columns=namesakes)),
                                      _frame(reference.drop(columns=namesakes)))
    elif name in ("campaigns_in_period", "campaigns_list"):
        # organisation-wide (see the query): every viewer with a unit in scope sees them all
        pd.testing.assert_frame_equal(scoped, city.df(name, f, **extra))
    elif name == "active_batches":
        expected = store.scalar(con, "SELECT count(*) FROM batches WHERE status = 'active' AND list_contains(units, ?)",
                                [FUAN])
        assert scoped.iat[0, 0] == expected
    elif name == "report_data_as_of":
        latest = store.scalar(con, "SELECT max(month) FROM live_months WHERE unit_key(county, unit) = ? "
                                   "AND month <= ?", [FUAN, f.month_to])
        updated = store.scalar(con, "SELECT max(greatest(imported_at, coalesce(reverted_at, imported_at))) "
                                    "FROM batches WHERE list_contains(units, ?)", [FUAN])
        assert pd.Timestamp(scoped.iat[0, 0]) == pd.Timestamp(latest)
        assert pd.Timestamp(scoped.iat[0, 1]) == pd.Timestamp(updated)
    elif name == "filter_options":
        facets = scoped.groupby("facet")["value"].apply(list).to_dict()
        assert facets["county"] == ["福安市"] and facets["unit"] == [FUAN]
        assert facets["category"] == sorted({r[6] for r in ROSTER[2:] if r[2] == "福安市" and r[1] == "城南镇团委"})
        assert facets["month"] == ["2014-07", "2014-08"]
    elif "units" in parameters_of(load_sql(name)):
        # the city's view filtered to the unit says the same, figure for figure
        pd.testing.assert_frame_equal(scoped, city.df(name, replace(f, units=(FUAN,)), **extra))
    elif _names_a_unit(scoped):
        everything = city.df(name, f, **extra)
        pd.testing.assert_frame_equal(_frame(scoped), _frame(everything[_of_unit(everything, FUAN)]))
    else:
        raise AssertionError(f"say what {name} must return under one unit's scope (tests/test_query_scope.py)")


@pytest.mark.parametrize("name", query_names())
def test_no_query_leaks_another_units_rows(con, name):
    mine = QueryRunner(con, [FUAN], cache=False)
    city = QueryRunner(con, None, cache=False)
    shows_more = False
    for f, extra in _runs(name):
        scoped = mine.df(name, f, **extra)
        if _names_a_unit(scoped):
            assert _of_unit(scoped, FUAN).all(), f"{name} {f} {extra}: rows of other units\n{scoped}"
        for column in ("unit_list", "other_units"):
            if column in scoped.columns:
                keys = {k for v in scoped[column].dropna() for k in v.split("、")}
                assert keys <= {FUAN}, f"{name}: {column} names {keys - {FUAN}}"
        leaked = [cell for cell in _text_cells(scoped) if any(word in cell for word in FOREIGN)]
        assert leaked == [], f"{name} {f} {extra}: another unit's text under 福安市/城南镇团委's scope"
        _expect(con, name, f, extra, scoped, city)
        everything = city.df(name, f, **extra)
        shows_more |= not everything.equals(scoped)
    # The fixture means something: the city's view of this query differs from the unit's somewhere.
    assert shows_more or name in ("campaigns_in_period", "campaigns_list"), f"{name}: nothing to leak here"


@pytest.mark.parametrize("name", query_names())
def test_a_scope_with_no_unit_sees_nothing(con, name):
    nobody = QueryRunner(con, [], cache=False)
    for f, extra in _runs(name):
        df = nobody.df(name, f, **extra)
        assert _text_cells(df) == [], f"{name}: rows under an empty scope\n{df}"
        numbers = df.select_dtypes("number")
        assert (numbers.fillna(0) == 0).all().all(), f"{name}: figures under an empty scope\n{df}"


def test_every_scoped_macro_applies_the_scope(con):
    """Each macro, given one unit's scope and no filter, returns exactly that unit's rows of its table."""
    macros = con.execute("""
        SELECT function_name, len(parameters), macro_definition FROM duckdb_functions()
        WHERE function_type = 'table_macro' AND function_name LIKE 'scoped\\_%' ESCAPE '\\'
        ORDER BY function_name
    """).fetchall()
    defined = set(re.findall(r"CREATE MACRO (scoped_\w+)", MIGRATION.read_text(encoding="utf-8")))
    assert {m[0] for m in macros} >= defined
    no_unit_columns = {
        "scoped_batches": "batches touching the unit: checked below",
        "scoped_campaigns": "organisation-wide",
        "scoped_roster_snapshot": "one month, no unit's row",
    }
    for name, arity, definition in macros:
        args = ", ".join(["?"] + ["NULL"] * (arity - 1))
        rows = con.execute(f"FROM {name}({args})", [[FUAN]]).df()
        if name in no_unit_columns:
            assert not _names_a_unit(rows)
            continue
        assert {"county", "unit"} <= set(rows.columns), name
        base = re.search(r"FROM\s+(\w+)", definition, re.I)[1]
        expected = store.scalar(con, f"SELECT count(*) FROM {base} WHERE unit_key(county, unit) = ?", [FUAN])
        assert len(rows) == expected > 0, name
        assert _of_unit(rows, FUAN).all(), name
        nobody = con.execute(f"FROM {name}({args})", [[]]).df()
        assert nobody.empty, name
    touching = con.execute("FROM scoped_batches(?)", [[FUAN]]).df()
    assert touching["units"].map(lambda units: FUAN in list(units)).all()
    assert len(touching) < store.scalar(con, "SELECT count(*) FROM batches")


def test_the_filters_are_applied_by_the_macros(con):
    """One filter at a time: a scoped macro narrows its table as the query's own WHERE once did."""
    q = QueryRunner(con, None, cache=False)
    by_role = q.df("roster_completeness", Filters(roles=("core",)))
    assert set(by_role["unit_key"]) == {CHENGBEI, FUAN, SHOUNING} and set(by_role["members"]) == {1}
    by_category = q.df("team_age", Filters(categories=("城北类别",)))
    assert by_category["members"].sum() == 1
    by_county = q.df("actions_by_platform_type", Filters(counties=("寿宁县",)))
    assert by_county["actions"].sum() == 7 + (5 + 1 + 2 + 1 + 1) + (1 + 1)  # 寿宁县: July, August, training
    in_aug = q.df("eval_adjustments", Filters(AUG, AUG))
    assert set(in_aug["unit_key"]) == {FUAN, SHOUNING}  # 城北镇团委's July-August bonus is not inside August


# --- the cache --------------------------------------------------------------------------------------

def test_the_cache_never_serves_one_scope_to_another(db):
    queries.clear_cache()
    con = store.connect(db)
    try:
        fresh = {scope: QueryRunner(con, list(scope) if scope else None, cache=False).df("actions_by_platform_type")
                 for scope in ((FUAN,), (SHOUNING,), None)}
        assert not fresh[(FUAN,)].equals(fresh[(SHOUNING,)])
        mine, theirs, city = (QueryRunner(con.cursor(), [FUAN]), QueryRunner(con.cursor(), [SHOUNING]),
                              QueryRunner(con.cursor()))
        for _ in range(2):  # the second round is served from the cache
            pd.testing.assert_frame_equal(mine.df("actions_by_platform_type"), fresh[(FUAN,)])
            pd.testing.assert_frame_equal(theirs.df("actions_by_platform_type"), fresh[(SHOUNING,)])
            pd.testing.assert_frame_equal(city.df("actions_by_platform_type"), fresh[None])
        keys = [k for k in queries._RESULTS.data if k[1] == "actions_by_platform_type"]
        assert len(keys) == 3, "one cached result per scope"
        # The same filters and the same database: only the scope tells the entries apart.
        assert len({(k[0], k[1], tuple(p for p in k[2] if p[0] != "scope"), k[4]) for k in keys}) == 1
    finally:
        con.close()
        queries.clear_cache()
