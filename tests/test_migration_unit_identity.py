"""Migration 006 converts a database written when units were keyed by name alone.

The old database is built here with SQL in the old schema (migrations 001–005), the way the old import
left it: two counties' 城南镇团委 merged into one unit, and a training sheet that had superseded every
type of that unit's August. Expected figures are counted by hand below.
"""

from __future__ import annotations

import datetime as dt
import shutil

from outreach import store
from outreach.filters import Filters
from outreach.summary import headline

AUG = dt.date(2014, 8, 1)


def _old_database(tmp_path):
    old_migrations = tmp_path / "old_migrations"
    old_migrations.mkdir()
    for script in sorted(store.MIGRATIONS.glob("00[1-5]_*.sql")):
        shutil.copy(script, old_migrations / script.name)
    path = tmp_path / "old.duckdb"
    real = store.MIGRATIONS
    store.MIGRATIONS = old_migrations
    try:
        con = store.connect(path)
    finally:
        store.MIGRATIONS = real
    con.execute("""
        INSERT INTO batches (batch_id, file_name, sha256, size_bytes, kind, period_from, period_to, period_source,
                             units, imported_at, rows_seen, rows_accepted, rows_rejected, rows_duplicate, rows_flagged)
        VALUES (1, '花名册.xlsx', 'r', 1, 'roster', '2014-06-01', '2014-06-01', 'title', ['城南镇团委'],
                TIMESTAMP '2014-06-10 09:00', 2, 2, 0, 0, 0),
               (2, '8月台账.xlsx', 'a', 1, 'activity', '2014-08-01', '2014-08-01', 'title', ['城南镇团委'],
                TIMESTAMP '2014-09-01 09:00', 2, 2, 0, 0, 0),
               (3, '8月培训.xlsx', 't', 1, 'activity', '2014-08-01', '2014-08-01', 'column', ['城南镇团委'],
                TIMESTAMP '2014-09-02 09:00', 1, 1, 0, 0, 0)
    """)
    con.execute("""
        INSERT INTO roster_rows (batch_id, period, unit, county, name, role, phone, status, sheet, row_no)
        VALUES (1, '2014-06-01', '城南镇团委', '福安市', '张三', 'member', '13800000001', 'active', '福安市', 3),
               (1, '2014-06-01', '城南镇团委', '寿宁县', '李四', 'member', '13800000002', 'active', '寿宁县', 3)
    """)
    # The old import gave both rows the county the merged unit kept (福安市), matched by name alone.
    con.execute("""
        INSERT INTO activity_superseded (batch_id, month, unit, county, name, match, type, platform, count)
        VALUES (2, '2014-08-01', '城南镇团委', '福安市', '张三', 'matched', 'repost', 'wechat', 5),
               (2, '2014-08-01', '城南镇团委', '福安市', '李四', 'matched', 'comment', 'weibo', 2)
    """)
    con.execute("""
        INSERT INTO activity (batch_id, month, unit, county, name, match, type, platform, count)
        VALUES (3, '2014-08-01', '城南镇团委', '福安市', '张三', 'matched', 'training', 'other', 1)
    """)
    con.execute("""
        INSERT INTO batch_coverage VALUES (1, 'roster', '城南镇团委', '2014-06-01'),
            (2, 'activity', '城南镇团委', '2014-08-01'), (3, 'activity', '城南镇团委', '2014-08-01')
    """)
    con.execute("INSERT INTO units VALUES ('城南镇团委', '福安市', NULL)")
    con.close()
    return path


def test_old_database_splits_same_named_units(tmp_path):
    con = store.connect(_old_database(tmp_path))  # runs 006
    assert store.schema_version(con) >= 6
    units = con.execute("SELECT county, unit FROM units ORDER BY county").fetchall()
    assert units == [("寿宁县", "城南镇团委"), ("福安市", "城南镇团委")]
    assert con.execute("SELECT county, name FROM members ORDER BY county").fetchall() == [
        ("寿宁县", "李四"), ("福安市", "张三")]
    # The training sheet replaced every type of the merged unit's August under the old rule; it keeps
    # them where its rows were (福安市: 张三's reposts stay set aside, as leaders saw). It never reported
    # 寿宁县's unit, so 李四's comments, which the merge had hidden, count again there.
    live = con.execute("SELECT county, name, type::VARCHAR, match::VARCHAR FROM activity ORDER BY name").fetchall()
    assert live == [("福安市", "张三", "training", "matched"), ("寿宁县", "李四", "comment", "matched")]
    aside = con.execute("SELECT county, name, type::VARCHAR FROM activity_superseded").fetchall()
    assert aside == [("福安市", "张三", "repost")]
    fig = headline(con, Filters(AUG, AUG))
    assert (fig["members"], fig["units"], fig["actions"]) == (2, 2, 1 + 2)
    assert fig["members_by_county"] == {"福安市": 1, "寿宁县": 1}
    con.close()
