"""The 考评 page (AppTest) on the tiny team of tests/eval_team.py: it ranks, filters and explains as worked
out by hand in tests/test_scoring.py, and a new rubric, an adjustment or a rubric switch changes ranks."""

from __future__ import annotations

import pytest

import ui.shell
from tests.eval_team import RUBRIC, TEAM_ONLY, app_for


@pytest.fixture
def app(tmp_path, monkeypatch):
    yield app_for("pages/evaluation.py", tmp_path, monkeypatch)
    ui.shell._connection.clear()


def open_tab(at, label: str):
    at.session_state["ev_tab"] = label
    at.run()
    assert not at.exception
    return at


def ranking(at) -> list[tuple]:
    df = at.dataframe[0].value
    return list(zip(df["排名"], df["单位"], df["总分"], df["星级"], strict=True))


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


def test_ranks_as_computed_by_hand(app):
    app.run()
    assert not app.exception
    assert ranking(app) == [(1, "甲单位", 71.33, "★★★★★ 五星"), (2, "乙单位", 64.0, "★★★★ 四星"),
                            (2, "戊单位", 64.0, "★★★★ 四星"), (4, "丙单位", 12.0, "★★★ 三星"),
                            (5, "丁单位", 0.0, "★★ 二星")]
    captions = texts(app.caption)
    assert "人均按在册人数计算" in captions  # the page says per member, not per active member
    assert "五星 1 个（累计名额 20%，即 1 个）" in captions


def test_county_filter_keeps_city_wide_ranks(app):
    app.run()
    app.sidebar.multiselect(key="f_county").select("西县").run()
    assert [(r, u) for r, u, _, _ in ranking(app)] == [(2, "戊单位"), (4, "丙单位"), (5, "丁单位")]


def test_a_month_chosen_on_the_page(app):
    app.run()
    app.segmented_control(key="ev_grain").set_value("month").run()
    app.selectbox(key="ev_pick_month").set_value(app.selectbox(key="ev_pick_month").options[0]).run()
    assert "考评期间：2014年8月" in texts(app.caption)
    # August alone: 甲 18 + 20 + 20 + 5 + 5; 乙 8 + 40 + 13.33 (active 1/2 against 甲's 3/4)
    rows = {u: (rank, total) for rank, u, total, _ in ranking(app)}
    assert rows["甲单位"] == (1, 68.0) and rows["乙单位"] == (2, 61.33) and rows["丁单位"] == (5, 0.0)
    # against July (甲 18 + 25 + 20 = 63; 乙 and 戊 8 + 40 + 20 = 68, both first): 甲 up two places
    changes = dict(zip(app.dataframe[0].value["单位"], app.dataframe[0].value["较上期"], strict=True))
    assert changes == {"甲单位": "↑2", "乙单位": "↓1", "戊单位": "↓1", "丙单位": "—", "丁单位": "—"}
    improved = app.dataframe[1].value
    assert improved.values.tolist() == [["甲单位", "东县", 63.0, 68.0, "+5.00", "3 → 1"]]


def test_unit_card_explains_each_indicator(app):
    open_tab(app, "单位得分说明")
    # units are picked by key, shown with their county
    assert app.selectbox(key="ev_unit").options[:2] == ["1. 东县 / 甲单位", "2. 东县 / 乙单位"]
    app.selectbox(key="ev_unit").set_value("东县/甲单位").run()
    body = texts(app.markdown)
    assert "转发 7 条，封顶后计 5 条 × 1 分 = 5 分" in body
    assert "合计 7 分 ÷ 在册 4 人 = 人均 1.75 分" in body
    assert "手机号和微信名都已填写 2/4 人 → 50.0%" in body
    assert "最好单位 东县 / 乙单位、西县 / 戊单位 为 3.00：1.75 ÷ 3.00 × 40 = 23.33 分" in texts(app.caption)
    app.selectbox(key="ev_unit").set_value("西县/丁单位").run()
    assert "另有 4 条记录在花名册中找不到对应人员，不计分" in texts(app.markdown)
    assert [m.value for m in app.metric][:2] == ["0.00", "第 5 名 / 5"]


def test_uploading_a_rubric_changes_ranks_and_compare_shows_it(app):
    open_tab(app, "考评细则")
    bad = RUBRIC.replace("weight = 40", "weight = 45")
    app.file_uploader(key="ev_rubric_upload").set_value(("坏细则.toml", bad.encode(), "application/toml")).run()
    assert "各项指标权重之和为 105，应为 100。" in texts(app.error)
    app.file_uploader(key="ev_rubric_upload").set_value(("新细则.toml", TEAM_ONLY.encode(), "application/toml")).run()
    assert "检查通过：「只看队伍建设」" in texts(app.success)
    app.button(key="ev_admin_save").click().run()
    assert "已启用第 2 版细则「只看队伍建设」" in texts(app.success)
    # team building alone, by hand: 甲 90, 丙 60, 乙 and 戊 40, 丁 0
    open_tab(app, "单位排名")
    assert [(r, u, total) for r, u, total, _ in ranking(app)] == [
        (1, "甲单位", 90.0), (2, "丙单位", 60.0), (3, "乙单位", 40.0), (3, "戊单位", 40.0), (5, "丁单位", 0.0)]
    open_tab(app, "考评细则")
    app.selectbox(key="ev_cmp_a").set_value(1).run()
    app.selectbox(key="ev_cmp_b").set_value(2).run()
    compare = next(d.value for d in app.dataframe if "A 名次" in d.value.columns)
    moves = dict(zip(compare["单位"], compare["名次变化"], strict=True))
    assert moves == {"甲单位": "—", "丙单位": "↑2", "乙单位": "↓1", "戊单位": "↓1", "丁单位": "—"}
    # switching back to version 1 restores the first ranking
    app.selectbox(key="ev_admin_version").set_value(1).run()
    app.button(key="ev_admin_switch").click().run()
    open_tab(app, "单位排名")
    assert ranking(app)[1][:3] == (2, "乙单位", 64.0)


def test_an_adjustment_breaks_the_tie(app):
    open_tab(app, "加减分")
    assert "这个期间没有加减分。" in texts(app.info)
    app.selectbox(key="ev_adj_unit").set_value("东县/乙单位")
    app.number_input(key="ev_adj_points").set_value(3.0)
    app.text_input(key="ev_adj_reason").set_value("舆情信息被省网信办采用")
    app.text_input(key="ev_adj_user").set_value("王芳")
    app.button(key="FormSubmitter:ev_adj_form-保存").click().run()
    assert not app.exception
    assert "已为「东县 / 乙单位」记录 +3 分" in texts(app.success)
    listed = app.dataframe[0].value
    assert listed[["单位", "县区", "分值", "原因", "录入人"]].values.tolist() == [
        ["乙单位", "东县", "+3", "舆情信息被省网信办采用", "王芳"]]
    open_tab(app, "单位排名")
    rows = ranking(app)
    assert rows[1][:3] == (2, "乙单位", 67.0) and rows[2][:3] == (3, "戊单位", 64.0)
    assert app.dataframe[0].value.loc[1, "加减分"] == 3.0


def test_a_refused_adjustment_says_why(app):
    open_tab(app, "加减分")
    app.selectbox(key="ev_adj_unit").set_value("东县/乙单位")
    app.button(key="FormSubmitter:ev_adj_form-保存").click().run()
    assert "请填写加减分的原因。" in texts(app.error)


def test_members_and_commendations_show_names_only(app):
    open_tab(app, "个人积分与表扬")
    board, listed = (d.value for d in app.dataframe)
    assert board["姓名"].tolist()[:2] == ["甲一", "甲三"] and board["积分"].tolist()[:2] == [5.0, 5.0]
    # top 1 per county, ties included (the rubric's rule)
    assert sorted(zip(listed["县区"], listed["姓名"], strict=True)) == [
        ("东县", "甲一"), ("东县", "甲三"), ("西县", "戊一"), ("西县", "戊二")]
    everything = board.to_string() + listed.to_string()
    assert "1380000" not in everything and "jia1" not in everything  # no phones, no WeChat names
    app.number_input(key="ev_rule_months").set_value(2).run()
    assert app.dataframe[1].value["姓名"].tolist() == ["甲一"]


def test_the_page_speaks_english(app):
    app.session_state["lang"] = "en"
    app.run()
    assert not app.exception
    assert [t.label for t in app.tabs][:2] == ["Ranking", "Unit detail"]
    assert ranking_en(app)[0] == (1, "甲单位", 71.33, "★★★★★ Five stars")
    for tab in ("Unit detail", "Members and commendation", "Adjustments", "Rubric"):
        open_tab(app, tab)
    assert "Per capita = per member on the roster" in texts(app.markdown)


def ranking_en(at) -> list[tuple]:
    df = at.dataframe[0].value
    return list(zip(df["Rank"], df["Unit"], df["Total"], df["Band"], strict=True))


def test_same_named_units_are_told_apart_on_the_page(tmp_path, monkeypatch):
    """Two 城南镇团委 (tests/eval_team.py TWIN_ROSTER; totals worked out in tests/test_scoring.py): two
    rows, two choices shown with their county, and an adjustment lands on the one picked."""
    from tests.eval_team import FUAN, SHOUNING, build_twin_db

    app = app_for("pages/evaluation.py", tmp_path, monkeypatch, build=build_twin_db)
    try:
        app.run()
        assert not app.exception
        df = app.dataframe[0].value
        assert list(zip(df["排名"], df["单位"], df["县区"], df["总分"], strict=True)) == [
            (1, "城南镇团委", "寿宁县", 71.0), (2, "城南镇团委", "福安市", 48.0), (3, "城北镇团委", "福安市", 6.0)]
        open_tab(app, "单位得分说明")
        assert app.selectbox(key="ev_unit").options == [
            "1. 寿宁县 / 城南镇团委", "2. 福安市 / 城南镇团委", "3. 福安市 / 城北镇团委"]
        app.selectbox(key="ev_unit").set_value(FUAN).run()
        assert [m.value for m in app.metric][:2] == ["48.00", "第 2 名 / 3"]
        open_tab(app, "加减分")
        assert app.selectbox(key="ev_adj_unit").options == [
            "福安市 / 城北镇团委", "寿宁县 / 城南镇团委", "福安市 / 城南镇团委"]
        app.selectbox(key="ev_adj_unit").set_value(SHOUNING)
        app.number_input(key="ev_adj_points").set_value(-2.0)
        app.text_input(key="ev_adj_reason").set_value("台账未按时报送")
        app.button(key="FormSubmitter:ev_adj_form-保存").click().run()
        assert not app.exception
        assert "已为「寿宁县 / 城南镇团委」记录 -2 分" in texts(app.success)
        assert app.dataframe[0].value[["单位", "县区", "分值"]].values.tolist() == [["城南镇团委", "寿宁县", "-2"]]
        open_tab(app, "单位排名")
        df = app.dataframe[0].value
        assert list(zip(df["县区"], df["总分"], strict=True))[:2] == [("寿宁县", 69.0), ("福安市", 48.0)]
    finally:
        ui.shell._connection.clear()
