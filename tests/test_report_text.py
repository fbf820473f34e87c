"""The 汇报 text: the rounding phrases at every boundary, and a report on the small team checked by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from outreach import store
from outreach.filters import Filters
from outreach.queries import QueryRunner
from outreach.report import facts as report_facts
from outreach.report import text
from outreach.report.rounding import Approx, approx, approximate, step_of
from tests.small_team import build_db

# --- rounding ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("n", "said"), [
    (0, "0"), (1, "1"), (12, "12"), (99, "99"),                      # below 100: exact
    (100, "100"), (101, "100余"), (104, "100余"), (105, "近110"),      # step 10 while the leading digit is 1
    (123, "120余"), (150, "150"), (199, "近200"), (200, "200"),
    (201, "200余"), (237, "200余"), (238, "近250"), (250, "250"),     # step 50 from 200
    (949, "近950"), (950, "950"), (951, "近1000"), (986, "近1000"), (999, "近1000"),
    (1000, "1000"), (1001, "1000余"), (1234, "1200余"), (1980, "近2000"),
    (2000, "2000"), (2001, "2000余"), (2140, "2000余"), (2374, "2000余"), (2375, "近2500"), (2540, "2500余"),
    (4800, "近5000"), (9700, "近1万"), (9999, "近1万"), (10_000, "1万"), (10_001, "1万余"), (11_985, "近1.2万"),
    (12_345, "1.2万余"), (25_400, "2.5万余"), (98_000, "近10万"), (123_456, "12万余"), (1_000_000, "100万"),
])
def test_rounding_phrases(n: int, said: str) -> None:
    assert approx(n) == said


def test_rounding_english() -> None:
    assert approx(986, "en") == "nearly 1,000"
    assert approx(2140, "en") == "over 2,000"
    assert approx(12_345, "en") == "over 12,000"
    assert approx(12, "en") == "12"


def test_steps_by_leading_digit() -> None:
    assert [step_of(n) for n in (100, 199, 200, 999, 1000, 1999, 2000, 12_345, 25_400)] == \
        [10, 10, 50, 50, 100, 100, 500, 1000, 5000]


def test_every_count_up_to_200000_keeps_its_promise() -> None:
    """Exact is exact; 近R is within 5 % below R; F余 is more than F and less than the next step."""
    for n in range(200_001):
        a = approximate(n)
        if a.kind == "exact":
            assert a.value == n
            assert n < 100 or n % step_of(n) == 0
            continue
        step = step_of(n)
        assert a.value % step == 0, n
        if a.kind == "near":
            assert a.value - step < n < a.value and n >= 0.95 * a.value, n
        else:
            assert a.kind == "over"
            assert a.value < n < a.value + step and n < 0.95 * (a.value + step), n


def test_phrase_text_forms() -> None:
    assert Approx("near", 12_000).text() == "近1.2万"
    assert Approx("over", 120_000).text() == "12万余"
    assert Approx("exact", 15_000).text() == "1.5万"
    assert text.said(986, "repost", "zh") == "近1000条"
    assert text.said(412, "original", "zh") == "400余篇"
    assert text.said(85, "training", "zh") == "85人次"


def test_span_in_prose() -> None:
    may, sep, nov, feb = dt.date(2014, 5, 1), dt.date(2014, 9, 1), dt.date(2013, 11, 1), dt.date(2014, 2, 1)
    assert text.span_text(may, sep, "zh") == "2014年5月至9月"
    assert text.span_text(nov, feb, "zh") == "2013年11月至2014年2月"
    assert text.span_text(sep, sep, "zh") == "2014年9月"
    assert text.span_text(may, sep, "en") == "May–Sep 2014"


# --- the small team, by hand ------------------------------------------------------------------------------

@pytest.fixture
def runner(tmp_path):
    con = store.connect(build_db(tmp_path / "small.duckdb"))
    yield QueryRunner(con, cache=False)
    con.close()


def section(report: text.Report, heading_key_zh: str) -> str:
    found = [s.body for s in report.sections if s.heading.endswith(heading_key_zh)]
    assert found, [s.heading for s in report.sections]
    return found[0]


def test_small_team_report_by_hand(runner) -> None:
    facts = report_facts.build(runner, Filters())
    assert (facts.period_from, facts.period_to) == (dt.date(2014, 7, 1), dt.date(2014, 8, 1))
    report = text.write(facts, "zh")
    assert report.title == "网宣队伍工作情况汇报"
    assert report.subtitle == "（2014年7月至8月）"
    assert [s.heading for s in report.sections] == [
        "一、队伍建设情况", "二、网络宣传工作开展情况", "三、学习培训情况", "四、舆情信息工作", "五、先进单位和个人",
        "六、存在的不足"]
    # 6 on the roster in 3 units of 2 counties; 张三 is the one 骨干, 王五 the one 联络员.
    assert section(report, "队伍建设情况") == (
        "截至2014年8月，网宣队伍共有6人，分布在2个县区的3个单位，其中骨干1人、联络员1人。从地区看，东县3人、西县3人。")
    # 3 + 2 in July, 2 + 1 + 1 + 4 + 1 in August = 14; reposts 3 + 2 + 4 + 1 = 10 (all WeChat: no split
    # said), comments 2 + 1 = 3. Active: 张三, 赵六, 李四, 钱七 = 4 of 6. August 9 > July 5. August: 3 of 6.
    assert section(report, "网络宣传工作开展情况") == (
        "2014年7月至8月，队伍共开展各类网络宣传工作14条，4人参与，占队伍总人数的66.7%。"
        "其中转发信息10条，发表网络评论3条。从月度看，2014年8月工作量最多，达9条。2014年8月活跃人数3人，活跃率50.0%。")
    assert section(report, "学习培训情况") == "本期未记录培训和线上会议。"
    assert section(report, "舆情信息工作") == "报送舆情信息1条。"
    # 丙单位 never reported; 乙单位 and 丙单位 have neither 联络员 nor 骨干; 孙八 is on no roster.
    assert section(report, "存在的不足") == (
        "丙单位未报送2014年8月工作台账。乙单位、丙单位尚未配备联络员。乙单位、丙单位骨干人数不足。"
        "另有1行工作记录与花名册对不上，已计入总数，请相关单位核对。")


def test_best_units_follow_the_evaluation_or_actions_per_member(runner) -> None:
    facts = report_facts.build(runner, Filters())
    best = section(text.write(facts, "zh"), "先进单位和个人")
    if facts.ranking is None:
        # 乙单位 7 actions / 2 members = 3.5; 甲单位 7 / 3 = 2.3; 丙单位 did nothing.
        assert best == "人均工作量居前的单位是乙单位（人均3.5条）、甲单位（人均2.3条）。"
    else:
        top = facts.ranking.sort_values("rank")["unit"].head(report_facts.TOP_UNITS).tolist()
        assert best.startswith("在考评中，" + top[0])
        assert all(unit in best for unit in top)


def test_one_month_and_one_county(runner) -> None:
    aug = dt.date(2014, 8, 1)
    report = text.write(report_facts.build(runner, Filters(aug, aug, counties=("西县",))), "zh")
    assert report.subtitle == "（2014年8月）"
    # 西县 in August: 钱七 4 reposts, 孙八 1 (unmatched, counted); active 钱七 only, of 3.
    assert section(report, "网络宣传工作开展情况") == (
        "2014年8月，队伍共开展各类网络宣传工作5条，1人参与，占队伍总人数的33.3%。其中转发信息5条。")
    assert section(report, "队伍建设情况").startswith("截至2014年8月，网宣队伍共有3人，分布在1个县区的2个单位")


def test_empty_period_says_so(runner) -> None:
    jan = dt.date(2020, 1, 1)
    facts = report_facts.build(runner, Filters(jan, jan))
    assert facts.empty
    report = text.write(facts, "zh")
    assert report.sections[0].body == "所选期间和范围内没有数据。"


def test_edited_text_reads_back(runner) -> None:
    report = text.write(report_facts.build(runner, Filters()), "zh")
    edited = report.as_text().replace("报送舆情信息1条。", "报送舆情信息1条。\n另据统计，本月无重大舆情。")
    back = text.parse(edited)
    assert back.title == report.title and back.subtitle == report.subtitle
    assert [s.heading for s in back.sections] == [s.heading for s in report.sections]
    assert section(back, "舆情信息工作") == "报送舆情信息1条。\n另据统计，本月无重大舆情。"
    lone = text.parse("标题\n一段没有标题的话\n一、情况\n正文")
    assert (lone.title, lone.subtitle) == ("标题", "")
    assert [(s.heading, s.body) for s in lone.sections] == [("", "一段没有标题的话"), ("一、情况", "正文")]


# --- a corpus modelled on the seed report ----------------------------------------------------------------

SURNAMES = "林陈黄郑吴刘王李张杨"
GIVEN = "伟斌强军杰磊涛鹏辉峰燕丽娟敏静婷琳芳雪霞"


def seed_corpus(path) -> None:
    """市本级: 400 members in 4 units; in August 2014 they reposted 986 times on WeChat and 2 140 on Weibo
    ("转发微信近1000条、微博2000余条", as the Ningde report says)."""
    from outreach.ingest import load
    from tests.fixtures import xlsx

    units = ("团市委", "市直机关团工委", "宁德师范学院团委", "宁德职业技术学院团委")
    people = [(f"{SURNAMES[i % 10]}{GIVEN[i // 10 % 20]}{GIVEN[i // 200 + 3]}", units[i % 4]) for i in range(400)]
    assert len(set(people)) == 400
    roster = [["姓名", "单位", "县区", "手机号码"],
              *[[name, unit, "市本级", f"139{i:08d}"] for i, (name, unit) in enumerate(people)]]
    # 186 × 3 + 214 × 2 = 986 on WeChat; 400 × 5 + 140 = 2 140 on Weibo.
    log = [["2014年8月工作量统计表"], ["姓名", "单位", "转发微信（条）", "转发微博（条）"],
           *[[name, unit, 3 if i < 186 else 2, 6 if i < 140 else 5] for i, (name, unit) in enumerate(people)]]
    con = store.connect(path)
    load.import_bytes(con, xlsx(roster), "花名册_市本级.xlsx")
    load.import_bytes(con, xlsx(log), "2014年8月工作量统计表.xlsx")
    con.close()


def test_report_on_a_corpus_like_the_seed(tmp_path) -> None:
    seed_corpus(tmp_path / "seed.duckdb")
    con = store.connect(tmp_path / "seed.duckdb")
    facts = report_facts.build(QueryRunner(con, cache=False), Filters())
    con.close()
    assert facts.figures["actions_by_platform_type"] == {"wechat:repost": 986, "weibo:repost": 2140}
    report = text.write(facts, "zh")
    assert section(report, "队伍建设情况").startswith("截至2014年8月，网宣队伍共有400人，分布在1个县区的4个单位")
    # 3 126 actions → 3000余条; everyone acted; Weibo before WeChat (more of it).
    assert section(report, "网络宣传工作开展情况") == (
        "2014年8月，队伍共开展各类网络宣传工作3000余条，400人参与，占队伍总人数的100.0%。"
        "其中转发信息3000余条（微博2000余条、微信近1000条）。")
    assert "139" not in report.as_text()  # no phone, not even a piece of one


# --- two units of one name in two counties ------------------------------------------------------------------

TWIN_ROSTER = [
    ["2014年8月网宣员花名册"],
    ["姓名", "单位", "县区", "角色", "手机号码"],
    ["林一", "城南镇团委", "福安市", "骨干", "13800000011"],
    ["林二", "城南镇团委", "福安市", "联络员", ""],
    ["林三", "城南镇团委", "福安市", "", ""],
    ["陈一", "城南镇团委", "寿宁县", "骨干", "13800000021"],  # 寿宁县's 城南镇团委 has no 联络员
    ["陈二", "城南镇团委", "寿宁县", "", ""],
    ["吴一", "犀溪镇团委", "寿宁县", "骨干", ""],
    ["吴二", "犀溪镇团委", "寿宁县", "联络员", ""],
]
TWIN_AUGUST = [
    ["2014年8月工作量统计表"],
    ["姓名", "单位", "县区", "转发微信（条）", "网络评论（条）"],
    ["林一", "城南镇团委", "福安市", 5, 1],
    ["林二", "城南镇团委", "福安市", 3, ""],
    ["陈一", "城南镇团委", "寿宁县", 2, ""],
    ["吴一", "犀溪镇团委", "寿宁县", 4, 3],
]
FUAN, SHOUNING, XIXI = "福安市/城南镇团委", "寿宁县/城南镇团委", "寿宁县/犀溪镇团委"


@pytest.fixture
def twins(tmp_path):
    from outreach.ingest import load
    from tests.fixtures import xlsx

    con = store.connect(tmp_path / "twins.duckdb")
    load.import_bytes(con, xlsx(TWIN_ROSTER), "花名册.xlsx")
    load.import_bytes(con, xlsx(TWIN_AUGUST), "2014年8月工作量统计表.xlsx")
    yield QueryRunner(con, cache=False)
    con.close()


def test_same_named_units_of_two_counties_stay_two_units(twins) -> None:
    from outreach.report import slides, tables

    facts = report_facts.build(twins, Filters())
    assert facts.count("units") == 3 and facts.count("members") == 7
    # 福安市: 林一 5 + 1, 林二 3 = 9 actions, 2 of 3 active, 3.0 per member; 寿宁县's 城南镇团委: 陈一 2,
    # 1 of 2, 1.0; 犀溪镇团委: 吴一 4 + 3 = 7, 1 of 2, 3.5.
    units = facts.units.set_index("unit_key")
    assert sorted(units.index) == sorted([FUAN, SHOUNING, XIXI])
    assert {k: (r.unit, r.county, int(r.members), int(r.actions), int(r.active_members), float(r.per_member))
            for k, r in units.iterrows()} == {
        FUAN: ("城南镇团委", "福安市", 3, 9, 2, 3.0),
        SHOUNING: ("城南镇团委", "寿宁县", 2, 2, 1, 1.0),
        XIXI: ("犀溪镇团委", "寿宁县", 2, 7, 1, 3.5),
    }
    assert facts.same_named == {"城南镇团委"}
    assert facts.not_reported == []  # all three reported August
    assert facts.quota.no_liaison == [SHOUNING] and facts.quota.short_core == []
    assert facts.ranking is not None and sorted(facts.ranking["unit_key"]) == sorted([FUAN, SHOUNING, XIXI])

    # The appendix table: one row each, told apart by the county column, by actions.
    assert tables.unit_activity(facts, "zh").rows == [
        ["城南镇团委", "福安市", "3", "2", "9", "3"],
        ["犀溪镇团委", "寿宁县", "2", "1", "7", "3.5"],
        ["城南镇团委", "寿宁县", "2", "1", "2", "1"],
    ]
    ranked = tables.ranking(facts, "zh")
    assert sorted((row[1], row[2], row[3]) for row in ranked.rows) == [
        ("城南镇团委", "寿宁县", "2"), ("城南镇团委", "福安市", "3"), ("犀溪镇团委", "寿宁县", "2")]

    # The text names the county of a 城南镇团委, never of the one 犀溪镇团委.
    report = text.write(facts, "zh")
    assert section(report, "队伍建设情况").startswith("截至2014年8月，网宣队伍共有7人，分布在2个县区的3个单位，"
                                                "其中骨干3人、联络员2人。")
    assert section(report, "存在的不足") == "寿宁县城南镇团委尚未配备联络员。"
    best = section(report, "先进单位和个人")
    assert "福安市城南镇团委（" in best and "寿宁县城南镇团委（" in best and "犀溪镇团委（" in best
    assert "寿宁县犀溪镇团委" not in report.as_text()
    assert "（福安市城南镇团委）" in best  # 林一, commended, with the county of his unit
    assert "寿宁县 城南镇团委 has no liaison." in text.write(facts, "en").as_text()

    # The slides: the quality list and the commendations table name the county of a 城南镇团委.
    deck = {s.key: s for s in slides.build(facts, "zh")}
    assert "寿宁县 / 城南镇团委尚未配备联络员" in deck["quality"].bullets
    assert {row[1] for table in deck["commendations"].tables for row in table.rows} <= {
        "福安市 / 城南镇团委", "寿宁县 / 城南镇团委", "犀溪镇团委"}


def test_same_named_units_without_ranking_fall_back_per_member(twins) -> None:
    facts = report_facts.build(twins, Filters())
    facts.ranking = None
    assert text.best_units(facts) == [XIXI, FUAN, SHOUNING]  # 3.5, 3.0, 1.0 per member
    assert section(text.write(facts, "zh"), "先进单位和个人").startswith(
        "人均工作量居前的单位是犀溪镇团委（人均3.5条）、福安市城南镇团委（人均3条）、寿宁县城南镇团委（人均1条）。")


def test_a_unit_filter_names_one_of_the_two(twins) -> None:
    from outreach.report import slides

    facts = report_facts.build(twins, Filters(units=(SHOUNING,)))
    assert facts.count("members") == 2 and facts.count("actions") == 2  # 陈一, 陈二; 陈一's 2 reposts
    assert facts.units["unit_key"].tolist() == [SHOUNING]
    assert facts.same_named == frozenset()
    assert section(text.write(facts, "zh"), "存在的不足") == "城南镇团委尚未配备联络员。"  # alone: no county needed
    assert "单位：寿宁县 / 城南镇团委" in slides.stamp(facts, "zh")


def test_cli_unit_by_key_by_name_or_with_its_county(twins) -> None:
    from outreach.report.cli import AmbiguousUnit, resolve_units

    known = [FUAN, SHOUNING, XIXI, "/无县区单位"]
    assert resolve_units(known, [SHOUNING]) == (SHOUNING,)
    assert resolve_units(known, ["犀溪镇团委"]) == (XIXI,)
    assert resolve_units(known, ["无县区单位"]) == ("/无县区单位",)
    assert resolve_units(known, ["城南镇团委"], ["福安市"]) == (FUAN,)
    assert resolve_units(known, ["城南镇团委", FUAN], ["福安市"]) == (FUAN,)
    assert resolve_units(known, ["没有这个单位"]) == ("没有这个单位",)  # selects nothing, as before
    with pytest.raises(AmbiguousUnit) as refused:
        resolve_units(known, ["城南镇团委"])
    assert refused.value.keys == [SHOUNING, FUAN]
    message = refused.value.message("zh")
    assert "「城南镇团委」" in message and "寿宁县/城南镇团委、福安市/城南镇团委" in message
    assert "--county" in message and "--unit 寿宁县/城南镇团委" in message
    with pytest.raises(AmbiguousUnit):
        resolve_units(known, ["城南镇团委"], ["福安市", "寿宁县"])


def test_cli_refuses_an_ambiguous_unit_name(twins, tmp_path, capsys) -> None:
    from outreach.cli import main

    db = str(tmp_path / "twins.duckdb")
    twins.con.close()
    out = tmp_path / "r.md"
    assert main(["report", "--unit", "城南镇团委", "--out", str(out), "--db", db]) == 2
    err = capsys.readouterr().err
    assert "寿宁县/城南镇团委" in err and "福安市/城南镇团委" in err and not out.exists()
    assert main(["report", "--county", "福安市", "--unit", "城南镇团委", "--out", str(out), "--db", db]) == 0
    md = out.read_text(encoding="utf-8")
    assert "截至2014年8月，网宣队伍共有3人" in md  # 林一, 林二, 林三
    assert main(["report", "--unit", SHOUNING, "--out", str(out), "--db", db]) == 0
    assert "网宣队伍共有2人" in out.read_text(encoding="utf-8")
