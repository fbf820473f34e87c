"""The one codec between a page's address and what it shows (outreach.filters.to_params / from_params),
and the CLI's readers that share its month and unit parsing. No Streamlit here."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlencode

import pytest

from outreach.filters import (
    FAR_FUTURE,
    FAR_PAST,
    PARAMS,
    AmbiguousUnit,
    Facets,
    Filters,
    ViewState,
    cli_filters,
    from_params,
    month_of,
    parse_period,
    period_range,
    resolve_units,
    to_params,
    unit_matches,
)
from outreach.ingest.issues import ImportRefused

FUAN, SHOUNING, XIXI = "福安市/城南镇团委", "寿宁县/城南镇团委", "寿宁县/犀溪镇团委"
SLASHED = "霞浦县/三沙镇/东山村团支部"  # a unit name that holds the separator itself
NO_COUNTY = "/无县区单位"
MONTHS = ("2014-05", "2014-06", "2014-07", "2014-08", "2014-09")
FACETS = Facets(months=MONTHS, counties=("寿宁县", "福安市", "霞浦县"),
                units=(SHOUNING, XIXI, FUAN, SLASHED, NO_COUNTY), categories=("学生", "教师"))
MAY, JUL, AUG, SEP = (dt.date(2014, m, 1) for m in (5, 7, 8, 9))


def d(text: str) -> dt.date:
    return month_of(text)


def through_the_address_bar(params: dict) -> dict[str, list[str]]:
    """What the browser hands back: percent-encoded and parsed again, every value a list."""
    return parse_qs(urlencode(params, doseq=True), keep_blank_values=True)


# --- round trips ---------------------------------------------------------------------------------------

ROUND_TRIPS = [
    ViewState(),
    ViewState(Filters(JUL, AUG, ("寿宁县",), (SHOUNING, XIXI)), "custom"),
    ViewState(Filters(MAY, SEP, ("福安市", "寿宁县"), (FUAN, SHOUNING), ("学生", "教师"), ("core", "liaison")),
              lang="en"),
    ViewState(Filters(SEP, SEP, units=(SLASHED,)), "this_month", drill="霞浦县"),
    ViewState(Filters(AUG, AUG, roles=("member",)), "last_month", lang="zh"),
    ViewState(Filters(JUL, SEP), "this_quarter", drill=""),  # "": the units whose roster named no county
    ViewState(Filters(MAY, SEP, units=(NO_COUNTY,)), "last_12"),
]


@pytest.mark.parametrize("state", ROUND_TRIPS)
def test_state_to_params_and_back(state):
    f = state.filters
    if state.preset != "custom":  # a preset's months come from the data, as from_params works them out
        state = ViewState(Filters(*period_range(state.preset, MONTHS), f.counties, f.units, f.categories, f.roles),
                          state.preset, state.lang, state.drill)
    back = from_params(to_params(state), FACETS)
    assert back.filters == state.filters
    assert (back.preset, back.drill) == (state.preset, state.drill)
    assert back.lang == (None if state.lang == "zh" else state.lang)  # the default language is not written
    assert from_params(through_the_address_bar(to_params(state)), FACETS) == back


def test_only_what_differs_from_the_default_view_is_written():
    assert to_params(ViewState(Filters(MAY, SEP), lang="zh")) == {}
    assert to_params(ViewState(Filters(AUG, AUG), "this_month")) == {"preset": "this_month"}  # months: from the data
    params = to_params(ViewState(Filters(JUL, AUG, ("寿宁县",), (SHOUNING, XIXI)), "custom", "en", "寿宁县"))
    assert params == {"preset": "custom", "from": "2014-07", "to": "2014-08", "county": ["寿宁县"],
                      "unit": [SHOUNING, XIXI], "lang": "en", "drill": "寿宁县"}
    assert list(params) == [p for p in PARAMS if p in params]
    # '/' and Chinese survive the address bar: percent-encoded, read back the same
    query = urlencode(params, doseq=True)
    assert "%2F" in query and "寿" not in query
    assert through_the_address_bar(params)["unit"] == [SHOUNING, XIXI]


def test_a_value_or_a_list_reads_the_same():
    one = from_params({"county": "福安市", "unit": FUAN, "role": "core"}, FACETS)
    many = from_params({"county": ["福安市"], "unit": [FUAN], "role": ["core"]}, FACETS)
    assert one == many
    assert one.filters.counties == ("福安市",) and one.filters.units == (FUAN,) and one.filters.roles == ("core",)


# --- bad values are dropped -------------------------------------------------------------------------------

def test_unknown_values_are_dropped():
    state = from_params({
        "preset": "next_century", "from": "2013-01", "to": "2099-99", "county": ["南县", "福安市", "福安市"],
        "unit": ["南县/某单位", FUAN], "category": ["<script>", "学生"], "role": ["boss", "liaison"],
        "lang": "fr", "drill": "南县", "page": "x"}, FACETS)
    assert state.preset == "all" and (state.filters.month_from, state.filters.month_to) == (MAY, SEP)
    assert state.filters.counties == ("福安市",)  # once, and only the one the data has
    assert state.filters.units == (FUAN,)
    assert state.filters.categories == ("学生",) and state.filters.roles == ("liaison",)
    assert state.lang is None and state.drill is None


def test_a_unit_outside_the_chosen_counties_is_dropped():
    f = from_params({"county": "福安市", "unit": [FUAN, SHOUNING]}, FACETS).filters
    assert f.units == (FUAN,)


def test_custom_months_the_data_lacks_fall_back_to_its_first_and_last():
    f = from_params({"preset": "custom", "from": "2010-01", "to": "2014-07"}, FACETS).filters
    assert (f.month_from, f.month_to) == (MAY, JUL)
    f = from_params({"preset": "custom", "from": "2014-08", "to": "garbage"}, FACETS).filters
    assert (f.month_from, f.month_to) == (AUG, SEP)
    f = from_params({"preset": "custom", "from": "2014-09", "to": "2014-07"}, FACETS).filters  # turned round
    assert (f.month_from, f.month_to) == (JUL, SEP)


def test_from_and_to_without_a_preset_are_a_custom_range():
    state = from_params({"from": "2014-06", "to": "2014-07"}, FACETS)
    assert state.preset == "custom" and (state.filters.month_from, state.filters.month_to) == (d("2014-06"), JUL)
    # a preset that is said wins over from/to
    state = from_params({"preset": "this_month", "from": "2014-06", "to": "2014-07"}, FACETS)
    assert (state.filters.month_from, state.filters.month_to) == (SEP, SEP)


def test_a_single_value_said_twice_counts_once_the_last():
    state = from_params({"preset": ["custom", "this_month"], "lang": ["en", "zh"]}, FACETS)
    assert state.preset == "this_month" and state.lang == "zh"


def test_no_data_means_all_time():
    state = from_params({"preset": "custom", "from": "2014-07", "county": "福安市"}, Facets())
    assert (state.filters.month_from, state.filters.month_to) == (FAR_PAST, FAR_FUTURE)
    assert state.filters.counties == ()
    assert to_params(state) == {"preset": "custom"}  # no 1900-01 in the address


# --- units named by name alone (links from before units had counties) -----------------------------------------

def test_a_bare_unit_name_stands_for_its_unit_only_while_one_unit_has_it():
    assert from_params({"unit": "犀溪镇团委"}, FACETS).filters.units == (XIXI,)
    assert from_params({"unit": "城南镇团委"}, FACETS).filters.units == ()  # 福安市 and 寿宁县 both have one
    assert from_params({"county": "福安市", "unit": "城南镇团委"}, FACETS).filters.units == (FUAN,)
    assert from_params({"unit": "三沙镇/东山村团支部"}, FACETS).filters.units == (SLASHED,)  # '/' in the name
    assert from_params({"unit": "无县区单位"}, FACETS).filters.units == (NO_COUNTY,)


def test_the_cli_shares_the_unit_reader_but_asks_back():
    known = FACETS.units
    assert unit_matches("城南镇团委", known) == [SHOUNING, FUAN]
    assert resolve_units(known, ["城南镇团委"], ["福安市"]) == (FUAN,)
    assert resolve_units(known, ["三沙镇/东山村团支部", SLASHED]) == (SLASHED,)
    assert resolve_units(known, ["没有这个单位"]) == ("没有这个单位",)  # kept: it selects nothing
    with pytest.raises(AmbiguousUnit) as refused:
        resolve_units(known, ["城南镇团委"])
    assert refused.value.keys == [SHOUNING, FUAN]


# --- the drill-down and the language ----------------------------------------------------------------------

def test_the_drill_down_names_a_county_the_view_has():
    assert from_params({"drill": "霞浦县"}, FACETS).drill == "霞浦县"
    assert from_params({"drill": ""}, FACETS).drill == ""  # the units without a county
    assert from_params({"drill": ""}, Facets(counties=("福安市",), units=(FUAN,))).drill is None  # there are none
    assert from_params({"county": "福安市", "drill": "霞浦县"}, FACETS).drill is None  # filtered out
    assert from_params({"county": "福安市", "drill": ""}, FACETS).drill is None
    assert from_params({"county": ["福安市", "霞浦县"], "drill": "霞浦县"}, FACETS).drill == "霞浦县"


@pytest.mark.parametrize(("value", "expected"), [("en", "en"), ("zh", "zh"), ("EN", None), ("", None), (None, None)])
def test_the_language(value, expected):
    assert from_params({} if value is None else {"lang": value}, Facets()).lang == expected


# --- the CLI's --period and the URL's from/to read months the same way ------------------------------------------

def test_months_read_alike():
    assert month_of("2014-08") == month_of(" 2014-8 ") == AUG
    assert month_of("2014-13") is None and month_of("2014/08") is None and month_of(None) is None
    assert parse_period("2014-05:2014-09") == (MAY, SEP)
    with pytest.raises(ImportRefused):
        parse_period("2014-09:2014-05")


def test_cli_filters():
    f = cli_filters("2014-07:2014-08", ["福安市", "福安市", "南县"], ["学生"], ["core"])
    assert f == Filters(JUL, AUG, ("福安市", "南县"), (), ("学生",), ("core",))  # an unknown county selects nothing
    assert cli_filters() == Filters()
    with pytest.raises(ImportRefused):
        cli_filters("八月")
