"""The county map's figures (outreach.county_map) on a small city whose counties are spelt as offices spell
them, worked out by hand; and the figure (outreach.map_figure) it is drawn with.

Roster (August 2014), county as written → the 宁德市 county it is:
  福安 (2: 张三 李四) and 福安市团委 (1: 王五) → 福安市 (3 members)
  霞浦县 (2: 赵六 钱七)                      → 霞浦县
  市本级 (2: 孙九 周十)                      → city level, beside the map
  火星县 (1: 吴一)                           → no county of 宁德市: listed for the data-quality tab
August actions: 张三 4, 李四 2, 王五 0 → 福安市 6 actions, 2 active of 3: 2.0 per member, 66.7 %;
赵六 5, 钱七 0 → 霞浦县 5, 1 of 2: 2.5, 50 %; 孙九 3, 周十 1 → city level 4, 2 of 2: 2.0, 100 %.
Every other county of 宁德市 (蕉城区 …) has no data.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from outreach import county_map, geo, map_figure, store
from outreach.filters import Filters
from outreach.ingest import load
from outreach.queries import QueryRunner
from tests.fixtures import xlsx

ROSTER = [
    ["2014年8月网宣员花名册"],
    ["姓名", "单位", "县区"],
    ["张三", "城南镇团委", "福安"], ["李四", "城南镇团委", "福安"], ["王五", "福安团市委", "福安市团委"],
    ["赵六", "松城街道团委", "霞浦县"], ["钱七", "松城街道团委", "霞浦县"],
    ["孙九", "团市委", "市本级"], ["周十", "团市委", "市本级"],
    ["吴一", "火星团委", "火星县"],
]
AUGUST = [
    ["2014年8月工作量统计表"], ["姓名", "单位", "县区", "转发微信（条）"],
    ["张三", "城南镇团委", "福安", 4], ["李四", "城南镇团委", "福安", 2],
    ["赵六", "松城街道团委", "霞浦县", 5],
    ["孙九", "团市委", "市本级", 3], ["周十", "团市委", "市本级", 1],
]


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    con = store.connect(tmp_path_factory.mktemp("map") / "map.duckdb")
    load.import_bytes(con, xlsx(ROSTER), "roster.xlsx")
    load.import_bytes(con, xlsx(AUGUST), "aug.xlsx")
    aug = dt.date(2014, 8, 1)
    q = QueryRunner(con, None, cache=False)
    yield county_map.build(q, Filters(aug, aug), env={})
    con.close()


def row(data, county):
    found = data.counties[data.counties["county"] == county]
    assert len(found) == 1, county
    return found.iloc[0]


def test_the_city_is_told_from_the_county_names(data):
    assert data.city.name == "宁德市" and data.choice.source == "detected"
    assert len(data.counties) == 9  # every county of the city, with data or not


def test_two_spellings_of_one_county_add_up(data):
    fuan = row(data, "福安市")
    assert fuan["adcode"] == "350981"
    assert (fuan["members"], fuan["actions"], fuan["active_members"]) == (3, 6, 2)
    assert fuan["per_member"] == 2.0 and fuan["active_rate"] == round(2 / 3, 3)
    assert fuan["names"] == "福安、福安市团委"
    assert fuan["drill"] == "福安"  # the spelling with the most members: what a click drills into


def test_a_county_spelt_once(data):
    xiapu = row(data, "霞浦县")
    assert (xiapu["members"], xiapu["actions"], xiapu["active_members"]) == (2, 5, 1)
    assert xiapu["per_member"] == 2.5 and xiapu["active_rate"] == 0.5


def test_counties_without_data_are_there_with_nothing(data):
    jiaocheng = row(data, "蕉城区")
    assert math.isnan(jiaocheng["per_member"]) and math.isnan(jiaocheng["members"])


def test_the_city_level_is_its_own_figure(data):
    city = data.city_level.iloc[0]
    assert (city["members"], city["actions"], city["active_members"]) == (2, 4, 2)
    assert city["per_member"] == 2.0 and city["active_rate"] == 1.0


def test_a_name_of_no_county_is_listed_not_dropped(data):
    assert data.unmatched.to_dict("records") == [
        {"county": "火星县", "reason": geo.REASON_UNKNOWN, "members": 1, "actions": 0}]


def test_the_configured_city_wins():
    frame = pd.DataFrame({"county": ["福安市", "鼓楼区"], "members": [3, 4], "actions": [6, 8],
                          "active_members": [2, 4], "reported_units": [1, 1], "score_sum": [0, 0],
                          "score_units": [0, 0]})
    chosen = county_map.assemble(frame, env={"OUTREACH_CITY": "福州市"})
    assert chosen.city.name == "福州市" and chosen.choice.source == "override"
    assert list(chosen.unmatched["county"]) == ["福安市"]  # not a county of 福州
    gulou = chosen.counties[chosen.counties["county"] == "鼓楼区"].iloc[0]
    assert (gulou["members"], gulou["per_member"]) == (4, 2.0)


def test_names_of_no_city_give_no_map():
    frame = pd.DataFrame({"county": ["东县", "西县"], "members": [3, 4], "actions": [6, 8],
                          "active_members": [2, 4], "reported_units": [1, 1], "score_sum": [0, 0],
                          "score_units": [0, 0]})
    none = county_map.assemble(frame, env={})
    assert none.city is None and none.geojson() is None
    assert set(none.unmatched["county"]) == {"东县", "西县"}


# --- the figure ------------------------------------------------------------------------------------------

def test_the_figure_fills_counties_by_the_measure_and_names_each(data):
    fig = map_figure.choropleth(data.counties, data.geojson(), "per_member", "zh")
    grey, filled, labels = fig.data
    assert dict(zip(filled.locations, filled.z, strict=True)) == {"350981": 2.0, "350921": 2.5}
    assert len(grey.locations) == 7  # no data: grey, and said so on hover
    assert all(shown == "无数据" for shown in grey.customdata[:, 1])
    assert "福安市<br><b>2.0</b>" in labels.text and "蕉城区<br><b>无数据</b>" in labels.text
    assert fig.layout.geo.visible is False  # no base map: only our boundaries are drawn
    assert fig.layout.geo.fitbounds == "locations"


def test_map_values_are_written_as_the_dashboard_writes_them():
    assert map_figure.value_text("members", 12345, "zh") == "1.2万"
    assert map_figure.value_text("active_rate", 0.5, "zh") == "50.0%"
    assert map_figure.value_text("per_member", 2.04, "en") == "2.0"
    assert map_figure.value_text("score", float("nan"), "en") == "no data"


def test_every_county_outline_winds_the_way_plotly_draws_it(data):
    """d3-geo reads a clockwise outer ring as the county, the other way round as the rest of the globe."""
    for feature in data.geojson()["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for polygon in polygons:
            assert geo._signed_area(polygon[0]) < 0, feature["properties"]["name"]
            assert all(geo._signed_area(hole) > 0 for hole in polygon[1:])


def test_a_county_that_did_not_report_the_month_has_no_active_rate():
    frame = pd.DataFrame({"county": ["福安市", "霞浦县"], "members": [3, 2], "actions": [6, 0],
                          "active_members": [2, 0], "reported_units": [1, 0], "score_sum": [0, 0],
                          "score_units": [0, 0]})
    data = county_map.assemble(frame, env={})
    xiapu = data.counties[data.counties["county"] == "霞浦县"].iloc[0]
    assert math.isnan(xiapu["active_rate"]) and xiapu["per_member"] == 0.0
    labels = map_figure.choropleth(data.counties, data.geojson(), "active_rate", "zh").data[-1].text
    assert "霞浦县<br><b>未报送</b>" in labels and "福安市<br><b>66.7%</b>" in labels
    assert "蕉城区<br><b>无数据</b>" in labels  # nobody on a roster there: no data, not "not reported"
