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
