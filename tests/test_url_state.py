"""What a page's address keeps, in AppTest against the small team (tests/small_team.py): the menu links
carry the filters chosen in the same run, the language and the 队伍 drill-down live in the URL, and the
会议 page has its own language switch. (The codec itself: tests/test_filter_codec.py.)"""

from __future__ import annotations

import re
from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

import ui.shell
from tests.small_team import app_for


@pytest.fixture
def overview(tmp_path, monkeypatch):
    yield app_for("app.py", tmp_path, monkeypatch)
    ui.shell._connection.clear()


@pytest.fixture
def team(tmp_path, monkeypatch):
    yield app_for("pages/team.py", tmp_path, monkeypatch)
    ui.shell._connection.clear()


@pytest.fixture
def meeting(tmp_path, monkeypatch):
    yield app_for("pages/meeting.py", tmp_path, monkeypatch)
    ui.shell._connection.clear()


def links(at: AppTest) -> dict[str, dict[str, list[str]]]:
    """The links the page shows: label → the query parameters they carry."""
    return {link.proto.label: parse_qs(link.proto.query_string, keep_blank_values=True)
            for link in at.get("page_link")}


def url(at: AppTest) -> dict[str, list[str]]:
    return {k: v if isinstance(v, list) else [v] for k, v in at.query_params.items()}


def follow(at: AppTest, label: str, script: str) -> AppTest:
    """Click a menu link as the browser does: its page, with its query string in the address."""
    at.query_params = {k: v for k, v in links(at)[label].items()}
    at.switch_page(script)
    return at.run()


def unit_table(at: AppTest) -> list[str]:
    return sorted(next(d.value for d in at.dataframe if "骨干" in d.value.columns)["单位"])


def texts(elements) -> str:
    return " ".join(e.value for e in elements)


# --- the menu carries this run's filters --------------------------------------------------------------

def test_a_menu_link_carries_the_county_chosen_in_the_same_run(overview):
    overview.run()
    assert links(overview)["队伍"] == {}
    overview.sidebar.multiselect(key="f_county").select("西县").run()
    assert not overview.exception
    # The menu is drawn after the filters: every link carries the county, not the URL of the run before.
    carried = links(overview)
    assert {"总览", "队伍", "活动", "考评", "会议", "数据"} <= set(carried)
    assert all(params == {"county": ["西县"]} for params in carried.values()), carried
    follow(overview, "队伍", "pages/team.py")
    assert not overview.exception
    assert url(overview)["county"] == ["西县"]
    assert overview.sidebar.multiselect(key="f_county").value == ["西县"]
    assert unit_table(overview) == ["丙单位", "乙单位"]  # 西县's units only


def test_every_filter_change_reaches_the_links(overview):
    overview.run()
    overview.sidebar.selectbox(key="f_preset").set_value("custom").run()
    overview.sidebar.select_slider(key="f_period").set_range("2014-07", "2014-07").run()
    overview.sidebar.multiselect(key="f_unit").select("西县/乙单位").run()
    overview.sidebar.multiselect(key="f_role").select("core").run()
    assert links(overview)["活动"] == {"preset": ["custom"], "from": ["2014-07"], "to": ["2014-07"],
                                      "unit": ["西县/乙单位"], "role": ["core"]}
    overview.sidebar.multiselect(key="f_role").unselect("core").run()  # taken back: gone from the links too
    assert "role" not in links(overview)["活动"]


# --- the language -----------------------------------------------------------------------------------

def test_lang_en_in_the_address_renders_english_and_is_kept(overview):
    overview.query_params["lang"] = "en"
    overview.run()
    assert not overview.exception
    assert overview.title[0].value == "Overview"
    assert "Members" in [m.label for m in overview.metric]
    assert overview.sidebar.radio(key="lang").value == "en"
    assert url(overview)["lang"] == ["en"]
    assert all(params.get("lang") == ["en"] for params in links(overview).values())
    overview.sidebar.radio(key="lang").set_value("zh").run()  # back to the default: out of the address
    assert overview.title[0].value == "总览"
    assert "lang" not in url(overview)
    assert all("lang" not in params for params in links(overview).values())


def test_the_language_switch_goes_into_the_address(overview):
    overview.run()
    overview.sidebar.radio(key="lang").set_value("en").run()
    assert overview.title[0].value == "Overview"
    assert url(overview)["lang"] == ["en"]
    follow(overview, "Team", "pages/team.py")
    assert overview.title[0].value == "Team"


def test_an_unknown_language_is_ignored(overview):
    overview.query_params["lang"] = "fr"
    overview.run()
    assert not overview.exception
    assert overview.title[0].value == "总览"
    assert "lang" not in url(overview)


# --- the 队伍 drill-down -----------------------------------------------------------------------------------

def test_drill_in_the_address_shows_that_countys_units(team):
    team.query_params["drill"] = "西县"
    team.run()
    assert not team.exception
    assert "西县 各单位人数" in [s.value for s in team.subheader]
    assert unit_table(team) == ["丙单位", "乙单位"]
    assert url(team)["drill"] == ["西县"]
    assert all("drill" not in params for params in links(team).values())  # the menu does not carry it
    team.button(key="team_county_back").click().run()  # back to every county: out of the address
    assert not team.exception
    assert "drill" not in url(team)
    assert unit_table(team) == ["丙单位", "乙单位", "甲单位"]
    assert "各单位人数" in [s.value for s in team.subheader]


def test_drill_survives_the_treemap_view_and_a_rerun(team):
    team.query_params["drill"] = "东县"
    team.run()
    team.segmented_control(key="team_view").set_value("treemap").run()
    assert not team.exception
    assert unit_table(team) == ["甲单位"]
    team.run()
    assert unit_table(team) == ["甲单位"] and url(team)["drill"] == ["东县"]
    team.button(key="team_treemap_back").click().run()
    assert "drill" not in url(team) and unit_table(team) == ["丙单位", "乙单位", "甲单位"]


def test_a_drill_the_filters_exclude_or_the_data_lacks_is_dropped(team):
    team.query_params["drill"] = "南县"
    team.run()
    assert not team.exception
    assert "drill" not in url(team) and unit_table(team) == ["丙单位", "乙单位", "甲单位"]
    team.query_params["drill"] = "西县"
    team.run()
    assert unit_table(team) == ["丙单位", "乙单位"]
    team.sidebar.multiselect(key="f_county").select("东县").run()  # 西县 is filtered out: so is the drill
    assert "drill" not in url(team) and url(team)["county"] == ["东县"]
    assert unit_table(team) == ["甲单位"]


# --- the 会议 page: a language switch in its toolbar ------------------------------------------------------

def slide(at: AppTest) -> str:
    return next(h.proto.body for h in at.get("html") if 'class="mt-stage' in h.proto.body)


def test_the_meeting_page_switches_language_in_its_toolbar(meeting):
    meeting.run(timeout=120)
    assert not meeting.exception
    assert meeting.segmented_control(key="mt_lang").value == "zh"
    assert "总体情况" in slide(meeting)
    meeting.segmented_control(key="mt_lang").set_value("en").run(timeout=120)
    assert not meeting.exception
    assert "At a glance" in slide(meeting) and "总体情况" not in slide(meeting)
    assert url(meeting)["lang"] == ["en"]
    assert links(meeting) == {"Overview": {"lang": ["en"]}}  # back to the overview, in English
    meeting.run(timeout=120)  # a rerun keeps it
    assert "At a glance" in slide(meeting)
    meeting.segmented_control(key="mt_lang").set_value("zh").run(timeout=120)
    assert "总体情况" in slide(meeting) and "lang" not in url(meeting)


def test_the_meeting_page_reads_lang_from_the_address(meeting):
    meeting.query_params["lang"] = "en"
    meeting.run(timeout=120)
    assert not meeting.exception
    assert meeting.segmented_control(key="mt_lang").value == "en"
    assert "At a glance" in slide(meeting)


def test_meeting_filters_go_into_the_address_through_the_codec(meeting):
    meeting.run(timeout=120)
    meeting.multiselect(key="mt_unit").select("东县/甲单位").run(timeout=120)
    assert url(meeting)["unit"] == ["东县/甲单位"]
    meeting.multiselect(key="mt_county").select("西县").run(timeout=120)
    assert not meeting.exception
    # 甲单位 is not in 西县: it leaves the address, and the unit picker offers 西县's units only
    assert url(meeting) == {"county": ["西县"]}
    assert meeting.multiselect(key="mt_unit").options == ["西县 / 丙单位", "西县 / 乙单位"]
    assert "县区：西县" in slide(meeting)
    assert links(meeting)["总览"] == {"county": ["西县"]}
    meeting.selectbox(key="mt_preset").set_value("this_month").run(timeout=120)
    assert url(meeting)["preset"] == ["this_month"]
    assert re.search(r"统计期间：2014年8月", slide(meeting))
