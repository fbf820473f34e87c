"""A tiny team whose evaluation the tests score by hand: 5 units in 2 counties, July–August 2014.

- 甲单位 (东县): 4 members — 甲一 骨干, 甲二 联络员 (both with phone and WeChat), 甲三 (phone only), 甲四.
- 乙单位 (东县) and 戊单位 (西县): 2 plain members each with phone and WeChat, identical activity: a tie.
- 丙单位 (西县): 丙一 骨干, 丙二 联络员, no contacts, no activity at all.
- 丁单位 (西县): on no roster (zero members); its one log row matches nobody.

RUBRIC (weights 20/40/20/10/10) and what each unit scores under it are worked out in tests/test_scoring.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from outreach import store
from outreach.ingest import load
from tests.fixtures import xlsx

ROSTER = [
    ["姓名", "单位", "县区", "角色", "手机号码", "微信名"],
    ["甲一", "甲单位", "东县", "骨干", "13800000001", "jia1"],
    ["甲二", "甲单位", "东县", "联络员", "13800000002", "jia2"],
    ["甲三", "甲单位", "东县", "", "13800000003", ""],
    ["甲四", "甲单位", "东县", "", "", ""],
    ["乙一", "乙单位", "东县", "", "13800000011", "yi1"],
    ["乙二", "乙单位", "东县", "", "13800000012", "yi2"],
    ["丙一", "丙单位", "西县", "骨干", "", ""],
    ["丙二", "丙单位", "西县", "联络员", "", ""],
    ["戊一", "戊单位", "西县", "", "13800000031", "wu1"],
    ["戊二", "戊单位", "西县", "", "13800000032", "wu2"],
]


def d(month: int, day: int) -> dt.date:
    return dt.date(2014, month, day)


LOG = [
    ["日期", "姓名", "单位", "县区", "类型", "平台", "数量", "标题"],
    [d(7, 3), "甲一", "甲单位", "东县", "转发", "微信", 5, None],  # over the cap of 3 a month
    [d(7, 4), "甲二", "甲单位", "东县", "评论", "微博", 1, None],
    [d(7, 5), "乙一", "乙单位", "东县", "转发", "学习强国", 2, None],
    [d(7, 5), "戊一", "戊单位", "西县", "转发", "学习强国", 2, None],
    [d(7, 6), "丁某", "丁单位", "西县", "转发", "微信", 4, None],  # on no roster
    [d(8, 2), "甲一", "甲单位", "东县", "转发", "微信", 2, None],
    [d(8, 3), "甲三", "甲单位", "东县", "舆情报送", None, 1, None],
    [d(8, 12), "甲一", "甲单位", "东县", "参加培训", None, 1, "业务培训班"],
    [d(8, 14), "甲四", "甲单位", "东县", "点赞", "QQ", 3, None],
    [d(8, 15), "乙二", "乙单位", "东县", "评论", "微博", 1, None],
    [d(8, 15), "戊二", "戊单位", "西县", "评论", "微博", 1, None],
]

RUBRIC = """
name = "测试细则"
per_capita = "members"
max_bonus = 4
max_penalty = 10

[[indicator]]
key = "team"
name = "队伍建设"
weight = 20
measure = "team_building"
method = "target"
target = 1.0
default_expected_members = 4
parts = { headcount = 40, core = 20, liaison = 20, completeness = 20 }

[[indicator]]
key = "outreach"
name = "网络宣传"
weight = 40
measure = "action_points"
method = "best"
points = { repost = 1, comment = 2 }
caps = { repost = 3 }
platform_bonus = { xuexi = 1 }

[[indicator]]
key = "participation"
name = "参与率"
weight = 20
measure = "active_rate"
method = "minmax"

[[indicator]]
key = "events"
name = "培训"
weight = 10
measure = "event_attendance"
method = "target"
target = 0.5
types = ["training"]

[[indicator]]
key = "opinion"
name = "舆情"
weight = 10
measure = "action_points"
method = "target"
target = 10
per_capita = false
points = { opinion_report = 5 }

[[band]]
code = "five"
max_share = 0.2

[[band]]
code = "four"
max_share = 0.6

[[band]]
code = "three"
max_share = 1.0
min_score = 10

[[band]]
code = "two"
max_share = 1.0

[commendation]
top_n = 1
per = "county"
min_months_active = 1
"""

# Team building alone: 甲 90, 丙 60, 乙 and 戊 40, 丁 0.
TEAM_ONLY = """
name = "只看队伍建设"

[[indicator]]
key = "team"
name = "队伍建设"
weight = 100
measure = "team_building"
method = "target"
target = 1.0
default_expected_members = 4
parts = { headcount = 40, core = 20, liaison = 20, completeness = 20 }

[[band]]
code = "five"
max_share = 1.0
"""


# Two counties each have a 城南镇团委: two units, scored, ranked, filtered and adjusted apart. August 2014,
# worked out under RUBRIC in tests/test_scoring.py.
# - 城南镇团委 (福安市): 南一 骨干, 南二 联络员 (both with phone and WeChat), 南三, 南四.
# - 城南镇团委 (寿宁县): 寿一 (phone and WeChat), 寿二.
# - 城北镇团委 (福安市): 北一 骨干 — the one unit of its name.
TWIN_ROSTER = [
    ["姓名", "单位", "县区", "角色", "手机号码", "微信名"],
    ["南一", "城南镇团委", "福安市", "骨干", "13900000001", "nan1"],
    ["南二", "城南镇团委", "福安市", "联络员", "13900000002", "nan2"],
    ["南三", "城南镇团委", "福安市", "", "", ""],
    ["南四", "城南镇团委", "福安市", "", "", ""],
    ["寿一", "城南镇团委", "寿宁县", "", "13900000011", "shou1"],
    ["寿二", "城南镇团委", "寿宁县", "", "", ""],
    ["北一", "城北镇团委", "福安市", "骨干", "", ""],
]
TWIN_LOG = [
    ["日期", "姓名", "单位", "县区", "类型", "平台", "数量"],
    [d(8, 4), "南一", "城南镇团委", "福安市", "转发", "微信", 2],
    [d(8, 5), "南二", "城南镇团委", "福安市", "评论", "微博", 1],
    [d(8, 6), "寿一", "城南镇团委", "寿宁县", "转发", "学习强国", 2],
    [d(8, 7), "寿二", "城南镇团委", "寿宁县", "舆情报送", None, 1],
]
FUAN, SHOUNING, CHENGBEI = "福安市/城南镇团委", "寿宁县/城南镇团委", "福安市/城北镇团委"


def build_twin_db(path: Path) -> Path:
    """TWIN_ROSTER and TWIN_LOG imported the way a user imports them."""
    con = store.connect(path)
    load.import_bytes(con, xlsx(TWIN_ROSTER), "同名单位花名册.xlsx")
    load.import_bytes(con, xlsx(TWIN_LOG), "2014年8月台账.xlsx")
    con.close()
    return path


def build_db(path: Path) -> Path:
    con = store.connect(path)
    load.import_bytes(con, xlsx(ROSTER), "花名册.xlsx")
    load.import_bytes(con, xlsx(LOG), "2014年7-8月台账.xlsx")
    con.close()
    return path


def app_for(script: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rubric: str | None = RUBRIC,
            build: Callable[[Path], Path] = build_db) -> AppTest:
    """An AppTest of ``script`` on a fresh copy of this team (or the one ``build`` makes), with ``rubric``
    in force."""
    path = build(tmp_path / "eval.duckdb")
    if rubric is not None:
        from outreach.evaluation import versions

        con = store.connect(path)
        versions.save(con, rubric, user="测试")
        con.close()
    monkeypatch.setenv("OUTREACH_DB", str(path))
    import ui.shell

    ui.shell._connection.clear()
    at = AppTest.from_file(str(store.ROOT / "app.py"), default_timeout=60)
    if script != "app.py":
        at.switch_page(script)
    return at
