"""A benchmark database of a given scale, generated in DuckDB with SQL (deterministic, hash-based).

The result is meant to be indistinguishable from one built by imports: one roster batch per county,
one activity batch per (county, month), batch_coverage for both — a roster covers each (county, unit)
it lists; a monthly file is a wide summary with a column for every type in GENERATED_TYPES, so it covers
each (county, unit, month, type) of those for every unit it names, whether or not a row has that type —
batches.units as unit keys (unit_key), activity matched to members by the import's own RESOLVE_MEMBERS,
and every derived table (members, agg_*, roster_month, units) filled by the refresh functions the
import path calls (reconcile, refresh_aggregates, …) — month by month, as monthly imports would.

    python -m bench.generate --scale s --db data/bench-s.duckdb
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb
import pandas as pd

from outreach import store
from outreach.filters import add_months
from outreach.ingest import refresh
from outreach.ingest.parsed_file import ACTIVITY_COLUMNS, ROSTER_COLUMNS, ParsedFile

FIRST_MONTH = dt.date(2023, 1, 1)


@dataclass(frozen=True)
class Scale:
    name: str
    members: int  # roster rows (one per member)
    actions: int  # activity rows over all months
    units: int
    counties: int
    months: int = 24


SCALES: dict[str, Scale] = {
    "s": Scale("s", 10_000, 500_000, 100, 10),
    "m": Scale("m", 100_000, 5_000_000, 1_000, 30),
    "l": Scale("l", 1_000_000, 50_000_000, 5_000, 100),
}
TINY = Scale("tiny", 200, 5_000, 8, 3)  # for the test suite
ALL_SCALES: dict[str, Scale] = {**SCALES, "tiny": TINY}

# Common surnames, most frequent first (picked with a skew towards the front), and given-name
# characters: namesakes in one unit are rare but happen, as in real rosters.
SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国文辉玲红林鹏飞宇浩然晨欣怡佳琪思雨子轩博婷"
             "雪梅海波亮斌鑫颖倩晓东峰凯龙阳春燕荣志成新宏云丹玉萍健")
POSITIONS = ["科员", "干事", "副主任", "主任", "教师", "团委书记", "退休干部", "志愿者"]
# The activity types activity_sql generates: a generated monthly file carries a column for each.
GENERATED_TYPES = ("repost", "comment", "like", "original", "opinion_report", "rebuttal", "training", "meeting")


def _sql_list(values: list[str]) -> str:
    return "[" + ", ".join(f"'{v}'" for v in values) + "]"


def month_at(scale: Scale, m: int) -> dt.date:
    return add_months(FIRST_MONTH, m)


def rows_per_month(scale: Scale) -> list[int]:
    """Activity grows over the two years (the last month has about twice the first)."""
    weights = [1 + m / scale.months for m in range(scale.months)]
    total = sum(weights)
    counts = [round(scale.actions * w / total) for w in weights]
    counts[-1] += scale.actions - sum(counts)
    return counts


def _units_sql(scale: Scale) -> str:
    u, c = scale.units, scale.counties
    return f"""
        CREATE OR REPLACE TEMP TABLE g_units AS
        SELECT u, c, county,
               county || '·镇街' || (u % 6 + 1)::VARCHAR AS township,
               county || '·单位' || lpad(u::VARCHAR, 5, '0') AS unit,
               hash(u, 99) % 100 AS late_p       -- < 3: has not reported the last month; < 1: two
        FROM (SELECT u, (u * {c} // {u}) AS c, '县区' || lpad(((u * {c}) // {u} + 1)::VARCHAR, 3, '0') AS county
              FROM range({u}) AS t(u))
    """


def _roster_sql(scale: Scale, first_batch: int) -> str:
    period = FIRST_MONTH.isoformat()
    return f"""
        INSERT INTO roster_rows
        WITH p AS (
            SELECT i, hash(i, 1) % {scale.units} AS u, (hash(i, 2) >> 1)::BIGINT AS h2, (hash(i, 3) >> 1)::BIGINT AS h3,
                   (hash(i, 4) >> 1)::BIGINT AS h4,
                   (hash(i, 5) % 1000000) / 1e6 AS us
            FROM range({scale.members}) AS t(i)
        ),
        q AS (
            SELECT p.*, g.unit, g.county, g.township, g.c,
                   row_number() OVER (PARTITION BY g.unit ORDER BY p.i) AS rn
            FROM p JOIN g_units AS g ON g.u = p.u
        )
        SELECT {first_batch} + c, DATE '{period}', unit, county, township,
               {_sql_list(SURNAMES)}[1 + floor({len(SURNAMES)} * us * us)::INTEGER]
                 || {_sql_list(GIVEN)}[1 + h2 % {len(GIVEN)}]
                 || CASE WHEN h2 % 3 > 0 THEN {_sql_list(GIVEN)}[1 + h3 % {len(GIVEN)}] ELSE '' END,
               (CASE WHEN rn = 1 THEN 'liaison' WHEN h4 % 10 = 0 THEN 'core' ELSE 'member' END)::member_role,
               {_sql_list(POSITIONS)}[1 + (h3 >> 7) % {len(POSITIONS)}],
               'wx_' || ((h4 >> 5) % 100000000)::VARCHAR,
               '1' || (3 + (h2 >> 9) % 7)::VARCHAR || lpad(((h3 >> 11) % 1000000000)::VARCHAR, 9, '0'),
               CASE WHEN (h4 >> 3) % 2 = 0 THEN '男' ELSE '女' END,
               (1955 + (h2 >> 13) % 50)::SMALLINT,
               '第' || (1 + (h3 >> 17) % 4)::VARCHAR || '党支部',
               CASE WHEN (h4 >> 13) % 100 < 30 THEN '团干部' WHEN (h4 >> 13) % 100 < 55 THEN '网络阅评员'
                    WHEN (h4 >> 13) % 100 < 75 THEN '大学生志愿者' WHEN (h4 >> 13) % 100 < 85 THEN '离退休干部'
                    ELSE '机关干部' END,
               DATE '2020-01-01' + ((h3 >> 23) % 1200)::INTEGER,
               'active', county, (rn + 2)::INTEGER
        FROM q
    """


def activity_sql(scale: Scale, m: int, lo: int, hi: int, first_activity_batch: int | None,
                 where: str = "TRUE") -> str:
    """Rows ``lo`` ≤ i < ``hi`` of month ``m``, in the columns of a parsed activity file (plus batch_id
    and the county number when ``first_activity_batch`` is given). Needs the temp table ``_gm``.

    Types and platforms are weighted like real work (repost most, on WeChat most); 70% are dated
    records (long logs), 30% monthly counts without a day (wide summaries); 0.2% name someone on no
    roster; 5% carry a phone; trainings and meetings are events with a date and a title."""
    month = month_at(scale, m).isoformat()
    last = scale.months - 1
    batch = f"{first_activity_batch} + {m} * {scale.counties} + g.c AS batch_id, g.c," \
        if first_activity_batch is not None else ""
    return f"""
        WITH r AS (
            SELECT i, (hash(i, 11) % 1000000) / 1e6 AS u_member, hash(i, 12) % 1000 AS p_type,
                   hash(i, 13) % 1000 AS p_platform, hash(i, 14) % 100 AS p_shape, hash(i, 15) % 1000 AS p_odd,
                   (hash(i, 16) >> 1)::BIGINT AS h
            FROM range({lo}, {hi}) AS t(i)
        ),
        t AS (
            SELECT r.*,
                   CASE WHEN p_type < 500 THEN 'repost' WHEN p_type < 700 THEN 'comment' WHEN p_type < 800 THEN 'like'
                        WHEN p_type < 860 THEN 'original' WHEN p_type < 920 THEN 'opinion_report'
                        WHEN p_type < 940 THEN 'rebuttal' WHEN p_type < 980 THEN 'training' ELSE 'meeting' END AS type,
                   least(floor((SELECT count(*) FROM _gm) * u_member * u_member)::BIGINT,
                         (SELECT count(*) FROM _gm) - 1) AS idx
            FROM r
        )
        SELECT {batch}
               DATE '{month}' AS month,
               CASE WHEN t.type IN ('training', 'meeting') THEN DATE '{month}' + (7 + 10 * (h % 2))::INTEGER
                    WHEN p_shape < 70 THEN DATE '{month}' + (h % 28)::INTEGER END AS day,
               g.unit, g.county,
               CASE WHEN p_odd < 2 THEN '外来人员' || (h % 40)::VARCHAR ELSE g.name END AS name,
               CASE WHEN p_odd BETWEEN 2 AND 51 THEN g.phone END AS phone,
               t.type,
               CASE WHEN t.type = 'training' THEN 'other'
                    WHEN t.type = 'meeting' THEN CASE WHEN p_platform < 700 THEN 'wechat' ELSE 'qq' END
                    WHEN p_platform < 450 THEN 'wechat' WHEN p_platform < 600 THEN 'weibo'
                    WHEN p_platform < 720 THEN 'douyin' WHEN p_platform < 820 THEN 'xuexi'
                    WHEN p_platform < 880 THEN 'qq' WHEN p_platform < 940 THEN 'toutiao'
                    WHEN p_platform < 970 THEN 'kuaishou' WHEN p_platform < 990 THEN 'forum'
                    ELSE 'other' END AS platform,
               (CASE WHEN t.type IN ('training', 'meeting') THEN 1
                     WHEN p_shape < 70 THEN 1 + (h % 10 = 0)::INTEGER + 2 * (h % 50 = 0)::INTEGER
                     ELSE 1 + (h >> 8) % 12 END)::BIGINT AS count,
               CASE WHEN t.type = 'training'
                        THEN '{month[:4]}年{month[5:7]}月网宣员业务培训（第' || (1 + h % 2)::VARCHAR || '期）'
                    WHEN t.type = 'meeting'
                        THEN '{month[:4]}年{month[5:7]}月线上主题党日（第' || (1 + h % 2)::VARCHAR || '场）'
               END AS title,
               NULL::VARCHAR AS link, NULL::VARCHAR AS note,
               CASE WHEN p_shape < 70 THEN '活动明细' ELSE '工作量统计' END AS sheet,
               (2 + (i - {lo}) % 60000)::BIGINT AS row_no
        FROM t JOIN _gm AS g ON g.idx = t.idx
        WHERE NOT ((g.late_p < 3 AND {m} = {last}) OR (g.late_p < 1 AND {m} = {last} - 1)) AND ({where})
    """


def _gm_sql() -> str:
    """Members who act, in a random order (activity is skewed towards the front); 8% never act."""
    return """
        CREATE OR REPLACE TEMP TABLE _gm AS
        SELECT row_number() OVER (ORDER BY hash(m.member_id), m.member_id) - 1 AS idx,
               m.unit, m.county, m.name, m.phone, g.c, g.late_p
        FROM members AS m JOIN g_units AS g ON g.unit = m.unit AND g.county = m.county
        WHERE hash(m.member_id, 7) % 100 >= 8
    """


# batches.units of a batch, as load._write fills it: the unit keys of its coverage.
_UNIT_KEYS_OF_BATCH = """(
    SELECT coalesce(list(DISTINCT unit_key(c.county, c.unit) ORDER BY unit_key(c.county, c.unit)), [])
    FROM batch_coverage AS c WHERE c.batch_id = {batch})"""


def _insert_month(con: duckdb.DuckDBPyConnection, scale: Scale, m: int, lo: int, hi: int,
                  first_activity_batch: int) -> float:
    """One month: activity staged, matched and inserted as _load_activity does, batches and coverage
    recorded, then refresh.reconcile and refresh.refresh_aggregates over the month's
    (county, unit, month, type) keys (the ms of refresh_aggregates returned)."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE _gen AS {activity_sql(scale, m, lo, hi, first_activity_batch)}")
    resolve = refresh.RESOLVE_MEMBERS.format(source="_gen")
    con.execute(f"""
        INSERT INTO activity (batch_id, month, day, unit, county, name, phone, member_id, match, type, platform,
                              count, title, link, note, sheet, row_no)
        SELECT s.batch_id, s.month, s.day, s.unit, r.county, s.name, s.phone, r.member_id, r.match,
               s.type::activity_type, s.platform::platform, s.count, s.title, s.link, s.note, s.sheet, s.row_no
        FROM _gen AS s JOIN ({resolve}) AS r
          ON s.unit = r.unit AND s.name = r.name AND s.phone IS NOT DISTINCT FROM r.phone
         AND s.county IS NOT DISTINCT FROM r.given_county
        ORDER BY s.batch_id, s.month, r.county, s.unit
    """)
    month = month_at(scale, m)
    # A wide summary reports every type it has a column for, for every unit it names.
    con.execute(f"""
        INSERT INTO batch_coverage (batch_id, kind, county, unit, month, type)
        SELECT k.batch_id, 'activity', k.county, k.unit, k.month, t.type::activity_type
        FROM (SELECT DISTINCT batch_id, county, unit, month FROM activity WHERE month = DATE '{month}') AS k
        CROSS JOIN (SELECT unnest({_sql_list(list(GENERATED_TYPES))}) AS type) AS t
    """)
    imported = dt.datetime.combine(add_months(month, 1), dt.time(9)) + dt.timedelta(days=4)
    con.execute(f"""
        INSERT INTO batches (batch_id, file_name, sha256, size_bytes, kind, period_from, period_to,
            period_source, units, imported_by, imported_at, rows_seen, rows_accepted, rows_rejected,
            rows_duplicate, rows_flagged)
        SELECT a.batch_id, any_value(a.county) || strftime(DATE '{month}', '_%Y年%m月') || '网宣工作台账.xlsx',
               sha256('bench-{scale.name}-activity-' || a.batch_id::VARCHAR), count(*) * 48, 'activity',
               DATE '{month}', DATE '{month}', 'column', {_UNIT_KEYS_OF_BATCH.format(batch="a.batch_id")}, 'bench',
               TIMESTAMP '{imported:%Y-%m-%d %H:%M:%S}' + to_minutes(any_value(g.c)::BIGINT),
               count(*), count(*), 0, 0, count(*) FILTER (WHERE a.match <> 'matched')
        FROM activity AS a JOIN g_units AS g ON g.unit = a.unit AND g.county = a.county
        WHERE a.month = DATE '{month}'
        GROUP BY a.batch_id
    """)
    # Replace, don't double (as _load_activity): the month's batches own their keys.
    refresh.new_keys(con)
    con.execute(f"""
        INSERT INTO _keys SELECT county, unit, month, type FROM batch_coverage
        WHERE kind = 'activity' AND month = DATE '{month}'
    """)
    refresh.reconcile(con)
    t0 = time.perf_counter()
    refresh.refresh_aggregates(con)
    spent = (time.perf_counter() - t0) * 1000
    con.execute("DROP TABLE _gen")
    return spent


def generate(path: str | Path, scale: Scale, log: Callable[[str], None] = print) -> dict:
    """Build the database at ``path`` (replacing any file there). Returns counts and timings."""
    path = Path(path)
    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    con = store.connect(path)
    con.execute("SET enable_progress_bar = false")
    timings: dict[str, float] = {}

    def step(name: str, fn: Callable[[], None]) -> None:
        t0 = time.perf_counter()
        fn()
        timings[name] = round((time.perf_counter() - t0) * 1000, 1)
        log(f"  {name}: {timings[name] / 1000:.1f} s")

    n_batches = scale.counties * (1 + scale.months)
    # The import takes batch ids from batch_id_seq: move it past the ids used here.
    con.execute(f"SELECT max(nextval('batch_id_seq')) FROM range({n_batches})")
    first_roster, first_activity = 1, 1 + scale.counties

    def roster() -> None:
        con.execute("BEGIN TRANSACTION")
        con.execute(_units_sql(scale))
        con.execute(_roster_sql(scale, first_roster))
        con.execute(f"""
            INSERT INTO batches (batch_id, file_name, sha256, size_bytes, kind, period_from, period_to,
                period_source, units, imported_by, imported_at, rows_seen, rows_accepted, rows_rejected,
                rows_duplicate, rows_flagged)
            SELECT batch_id, any_value(county) || '网宣员花名册.xlsx',
                   sha256('bench-{scale.name}-roster-' || batch_id::VARCHAR), count(*) * 80, 'roster',
                   any_value(period), any_value(period), 'title', [], 'bench',
                   any_value(period)::TIMESTAMP - INTERVAL 5 DAY + to_minutes(batch_id::BIGINT),
                   count(*), count(*), 0, 0, 0
            FROM roster_rows GROUP BY batch_id
        """)
        con.execute("INSERT INTO batch_coverage (batch_id, kind, county, unit, month) "
                    "SELECT DISTINCT batch_id, 'roster', county, unit, period FROM roster_rows")
        con.execute(f"UPDATE batches AS b SET units = {_UNIT_KEYS_OF_BATCH.format(batch='b.batch_id')} "
                    "WHERE kind = 'roster'")
        refresh.set_unit_names(con, [r[0] for r in con.execute("SELECT DISTINCT unit FROM roster_rows").fetchall()])
        refresh.rebuild_members(con)
        refresh.rebuild_units(con)
        con.execute(_gm_sql())
        con.execute("COMMIT")

    log(f"generating scale {scale.name}: {scale.members:,} members, {scale.actions:,} activity rows, "
        f"{scale.units:,} units, {scale.counties} counties, {scale.months} months → {path}")
    step("roster_and_members", roster)

    month_ms, refresh_ms = [], []
    lo = 0
    for m, n in enumerate(rows_per_month(scale)):
        t0 = time.perf_counter()
        con.execute("BEGIN TRANSACTION")
        refresh_ms.append(round(_insert_month(con, scale, m, lo, lo + n, first_activity), 1))
        con.execute("COMMIT")
        month_ms.append(round((time.perf_counter() - t0) * 1000, 1))
        lo += n
        if m % 6 == 5 or m == scale.months - 1:
            log(f"  month {m + 1}/{scale.months}: {month_ms[-1] / 1000:.1f} s "
                f"(refresh_aggregates {refresh_ms[-1] / 1000:.2f} s)")
    timings["months_total"] = round(sum(month_ms), 1)

    def finish() -> None:
        con.execute("BEGIN TRANSACTION")
        refresh.rebuild_roster_month(con)
        refresh.rebuild_units(con)
        store.bump_data_version(con)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('bench_scale', ?)", [json.dumps(asdict(scale))])
        con.execute("COMMIT")
        con.execute("CHECKPOINT")

    step("roster_month_units_checkpoint", finish)
    counts = {t: store.scalar(con, f"SELECT count(*) FROM {t}") for t in (
        "batches", "batch_coverage", "roster_rows", "members", "units", "activity", "agg_activity",
        "agg_activity_day", "agg_member_month", "agg_events", "roster_month")}
    store.close(con)
    timings["total"] = round((time.perf_counter() - started) * 1000, 1)
    size_mb = round(path.stat().st_size / 2**20, 1)
    log(f"  done in {timings['total'] / 1000:.1f} s, {size_mb} MB")
    return {"scale": asdict(scale), "rows": counts, "timings_ms": timings, "month_ms": month_ms,
            "month_refresh_aggregates_ms": refresh_ms, "file_mb": size_mb}


def scale_of(con: duckdb.DuckDBPyConnection) -> Scale | None:
    """The scale a benchmark database was generated at (None for any other database)."""
    raw = store.scalar(con, "SELECT value FROM meta WHERE key = 'bench_scale'")
    return Scale(**json.loads(raw)) if raw else None


_ADOPTION = ("adopt_level", "adopt_outlet", "adopted")  # optional columns (010_adoption.sql); load fills them


def one_month_file(con: duckdb.DuckDBPyConnection, scale: Scale, m: int, tag: str,
                   counties: list[int] | None = None) -> ParsedFile:
    """A parsed activity file for month index ``m`` (``scale.months`` is the month after the data), for
    every unit or only those of ``counties`` — what the parser would hand to load.commit, built directly
    because parsing millions of spreadsheet rows is not what is being measured."""
    con.execute(_units_sql(scale))
    con.execute(_gm_sql())
    lo = scale.actions + 10_000_000 * (m + 1)
    n = rows_per_month(scale)[min(m, scale.months - 1)]
    where = "TRUE" if counties is None else f"g.c IN ({', '.join(str(c) for c in counties)})"
    generated = [c for c in ACTIVITY_COLUMNS if c not in _ADOPTION]  # generated rows carry no adoption
    df = con.execute(f"SELECT {', '.join(generated)} FROM ({activity_sql(scale, m, lo, lo + n, None, where)})"
                     ).df()
    df["month"] = pd.to_datetime(df["month"]).dt.date
    df["day"] = [None if pd.isna(d) else d.date() for d in df["day"]]
    name = f"bench-{tag}-{month_at(scale, m):%Y-%m}.xlsx"
    sha = hashlib.sha256(f"{tag}-{time.time_ns()}".encode()).hexdigest()
    # A wide summary: every unit it names is reported on for every type it has a column for (the keys
    # its import replaces), as the generated batches' coverage says.
    named = set(zip(df["county"], df["unit"], df["month"], strict=True))
    reports = {(county, unit, month, type_) for county, unit, month in named for type_ in GENERATED_TYPES}
    return ParsedFile(name, sha, len(df) * 48, "activity", month_at(scale, m), "column", df,
                      rows_seen=len(df), sheets=["活动明细", "工作量统计"], reports=reports)


def roster_file(con: duckdb.DuckDBPyConnection, scale: Scale, county: int, tag: str) -> ParsedFile:
    """County ``county``'s roster uploaded again as of the last month, 2% of its people gone and as many
    new ones: the members of its units are rebuilt, their activity re-matched, their summaries refreshed."""
    df = con.execute(f"""
        SELECT {', '.join(ROSTER_COLUMNS)} FROM (
            SELECT r.* FROM roster_rows AS r
            WHERE r.batch_id = (SELECT min(batch_id) FROM batches WHERE kind = 'roster') + {county}
              AND hash(r.name, r.row_no) % 50 <> 0
            UNION ALL
            SELECT r.* REPLACE ('新' || r.name AS name) FROM roster_rows AS r
            WHERE r.batch_id = (SELECT min(batch_id) FROM batches WHERE kind = 'roster') + {county}
              AND hash(r.name, r.row_no) % 50 = 0
        ) ORDER BY row_no
    """).df()
    df["role"] = df["role"].astype(str)
    df["joined"] = pd.to_datetime(df["joined"]).dt.date
    period = month_at(scale, scale.months - 1)
    sha = hashlib.sha256(f"{tag}-{time.time_ns()}".encode()).hexdigest()
    return ParsedFile(f"bench-{tag}-roster.xlsx", sha, len(df) * 80, "roster", period, "title", df,
                      rows_seen=len(df), sheets=["花名册"])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.generate")
    p.add_argument("--scale", choices=sorted(ALL_SCALES), required=True)
    p.add_argument("--db", required=True)
    p.add_argument("--json", help="write counts and timings to this file")
    args = p.parse_args(argv)
    result = generate(args.db, ALL_SCALES[args.scale], log=lambda s: print(s, flush=True))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
