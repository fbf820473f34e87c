"""The rubric file: the shipped default, every validation message (in Chinese, naming key and line),
and versions kept in the database."""

from __future__ import annotations

import pytest

from outreach import store
from outreach.evaluation import RubricError, active_rubric, parse
from outreach.evaluation import versions as rv
from outreach.evaluation.rubric import default_rubric, default_text
from tests.eval_team import RUBRIC, TEAM_ONLY


def problems(text: str) -> list[str]:
    with pytest.raises(RubricError) as caught:
        parse(text)
    return [p.message("zh") for p in caught.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_the_default_rubric_is_valid_and_modelled_on_the_seeds():
    rubric = default_rubric()
    assert [i.key for i in rubric.indicators] == ["team", "outreach", "participation", "events", "opinion"]
    assert sum(i.weight for i in rubric.indicators) == 100
    assert {i.measure for i in rubric.indicators} == {"team_building", "action_points", "active_rate",
                                                      "event_attendance"}
    assert [b.code for b in rubric.bands] == ["five", "four", "three", "two"]
    assert (rubric.bands[0].max_share, rubric.bands[1].max_share) == (0.2, 0.6)
    assert rubric.per_capita == "members"
    assert rubric.text == default_text() and len(rubric.sha256) == 64


def test_a_test_rubric_reads_every_setting():
    rubric = parse(RUBRIC)
    outreach = rubric.indicator("outreach")
    assert (outreach.points, outreach.caps, outreach.platform_bonus) == (
        {"repost": 1.0, "comment": 2.0}, {"repost": 3}, {"xuexi": 1.0})
    assert rubric.indicator("opinion").per_capita is False
    assert rubric.indicator("events").types == ("training",)
    assert rubric.type_points() == {"repost": 1.0, "comment": 2.0, "opinion_report": 5.0}
    assert (rubric.max_bonus, rubric.max_penalty) == (4.0, 10.0)
    assert rubric.commendation.top_n == 1


def test_weights_must_add_up_to_100():
    text = RUBRIC.replace("weight = 40", "weight = 35")
    assert problems(text) == ["各项指标权重之和为 95，应为 100。"]


def test_toml_syntax_errors_name_the_line():
    text = 'name = "x"\n\n[[indicator]\nkey = "a"\n'
    (message,) = problems(text)
    assert message.startswith("第 3 行：不是有效的 TOML 文件")


def test_typos_and_bad_values_name_key_and_line():
    text = RUBRIC.replace('method = "minmax"', 'method = "min-max"').replace("target = 0.5", "targt = 0.5")
    found = problems(text)
    assert f"第 {line_of(text, 'min-max')} 行：「method」不能是「min-max」，可选：best / minmax / target。" in found
    assert any(m.startswith(f"第 {line_of(text, 'targt')} 行：不认识的设置项「targt」") for m in found)
    # the target it lacks now is reported on the indicator's header line
    assert any("缺少「target」" in m for m in found)


def test_points_caps_and_platforms_use_the_vocabulary():
    text = RUBRIC.replace("points = { repost = 1, comment = 2 }", "points = { repost = 1, coment = 2 }")
    text = text.replace("platform_bonus = { xuexi = 1 }", "platform_bonus = { xuexi = -1 }")
    found = problems(text)
    assert any("「points」中的「coment」不认识" in m for m in found)
    assert any("「xuexi」应为不小于 0 的数" in m for m in found)
    twice = RUBRIC.replace("points = { opinion_report = 5 }", "points = { opinion_report = 5, repost = 1 }")
    assert problems(twice) == [
        "「转发」同时出现在指标「outreach」和「opinion」的 points 中，每类工作只能在一项指标中计分。"]
    cap_only = RUBRIC.replace("caps = { repost = 3 }", "caps = { repost = 3, original = 2 }")
    assert problems(cap_only)[0].endswith("caps 中有「原创」，但 points 中没有给它分值。")


def test_bands_are_ordered_with_cumulative_shares():
    text = RUBRIC.replace("max_share = 0.6", "max_share = 0.1")
    assert problems(text) == [f"第 {line_of(text, 'max_share = 0.1')} 行：「四星」的 max_share 比上一星级小；"
                              "max_share 是累计比例，应逐级不减。"]
    text = RUBRIC.replace('code = "four"', 'code = "six"')
    assert "「code」不能是「six」" in problems(text)[0]
    text = RUBRIC.replace("max_share = 0.2", "max_share = 20")
    assert "应为 0 到 1 之间的比例" in problems(text)[0]


def test_structure_errors():
    assert problems('name = "x"\n[[band]]\ncode = "five"\nmax_share = 1.0\n') == [
        "没有任何指标：每项指标以 [[indicator]] 开头。"]
    found = problems(RUBRIC.replace('key = "events"', 'key = "outreach"'))
    assert found == ["指标 key「outreach」出现了不止一次。"]
    found = problems(RUBRIC.replace('name = "测试细则"', "").replace('per_capita = "members"', 'per_capita = "all"'))
    assert "缺少细则名称：请在文件开头写 name = \"……\"。" in found
    assert any("「per_capita」不能是「all」" in m for m in found)


def test_versions_are_kept_and_can_be_switched(tmp_path):
    con = store.connect(tmp_path / "v.duckdb")
    assert active_rubric(con).version_id is None  # the shipped default while nothing is uploaded
    first = rv.save(con, RUBRIC, user="管理员")
    assert active_rubric(con).name == "测试细则" and first.version_id == 1
    second = rv.save(con, TEAM_ONLY, user="管理员")
    assert active_rubric(con).version_id == second.version_id == 2
    assert rv.save(con, RUBRIC).version_id == 1  # the same text again is the same version
    assert rv.versions(con)["version_id"].tolist() == [2, 1]
    assert active_rubric(con).version_id == 1
    rv.activate(con, None)
    assert active_rubric(con).version_id is None
    assert rv.rubric_version(con, 2).name == "只看队伍建设"
    with pytest.raises(RubricError):
        rv.save(con, RUBRIC.replace("weight = 40", "weight = 41"))
    assert len(rv.versions(con)) == 2  # a refused upload stores nothing
    with pytest.raises(KeyError):
        rv.activate(con, 99)
