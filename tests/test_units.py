"""Unit keys: (county, unit name) ⇄ the one string filters, links and scopes carry."""

import pytest

from outreach import store
from outreach.units import split_unit_key, unit_key, unit_label


@pytest.mark.parametrize(("county", "unit", "key", "label"), [
    ("福安市", "城南镇团委", "福安市/城南镇团委", "福安市 / 城南镇团委"),
    (None, "城南镇团委", "/城南镇团委", "城南镇团委"),
    ("寿宁县", "宣传部/网信办", "寿宁县/宣传部/网信办", "寿宁县 / 宣传部/网信办"),
])
def test_key_round_trip_and_label(county, unit, key, label):
    assert unit_key(county, unit) == key
    assert split_unit_key(key) == (county, unit)
    assert unit_label(key) == label


def test_a_bare_name_has_no_county():
    assert split_unit_key("城南镇团委") == (None, "城南镇团委")


def test_the_sql_macro_builds_the_same_key(tmp_path):
    con = store.connect(tmp_path / "k.duckdb")
    rows = con.execute("SELECT unit_key('福安市', '城南镇团委'), unit_key(NULL, '城南镇团委')").fetchone()
    assert rows == (unit_key("福安市", "城南镇团委"), unit_key(None, "城南镇团委"))
    con.close()


def test_display_names_add_the_county_only_where_two_counties_share_a_name():
    import pandas as pd

    from outreach.units import display_names

    counties = pd.Series(["福安市", "寿宁县", "福安市", None])
    units = pd.Series(["城南镇团委", "城南镇团委", "团市委", "机关团委"])
    assert display_names(counties, units) == ["城南镇团委（福安市）", "城南镇团委（寿宁县）", "团市委", "机关团委"]
