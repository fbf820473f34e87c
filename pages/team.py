"""队伍 Team — size by county → unit (bars or treemap, click to drill down), mix, age, quota coverage,
silent members."""

import streamlit as st

from outreach import team
from outreach.i18n import label
from ui import charts, widgets
from ui.shell import setup_page
from ui.text import as_text

page = setup_page("page.team")
st.title(page.t("page.team"))
if widgets.offer_demo_if_empty(page):
    st.stop()
f = page.filters

all_units = team.by_unit(page.q, f)
left, right = st.columns([2, 3])
with left:
    st.subheader(page.t("team.by_county"))
    view = widgets.choice(page, "team.view", ("bar", "treemap"), key="team_view")
    if view == "treemap":
        st.caption(page.t("team.treemap_hint"))
        county = widgets.drill_down_treemap(page, all_units, key="team_treemap")
    else:
        st.caption(page.t("team.click_hint"))
        county = widgets.drill_down_bar(page, team.by_county(page.q, f), "county", "members", page.t("ov.members"),
                                        key="team_county")
with right:
    units = team.units_of(all_units, county)
    st.subheader(as_text(page.t("team.units_of", county=county)) if county else page.t("team.units_all"))
    widgets.unit_table(page, units)

st.subheader(page.t("team.quota"))
widgets.quota_gaps(page, team.quota_gaps(all_units))

roles, categories = team.mix(page.q, f)
ages = team.age_structure(page.q, f)
c1, c2, c3 = st.columns(3)
with c1:
    st.subheader(page.t("team.roles"))
    roles["role"] = [label("role", r, page.lang) for r in roles["role"]]
    widgets.chart_or_empty(page, roles, lambda d: charts.bar_by_category(
        d, "role", "members", page.t("ov.members"), page.lang, horizontal=True, height=260), "team_roles")
with c2:
    st.subheader(page.t("team.categories"))
    categories["category"] = categories["category"].replace("", page.t("category.none"))
    widgets.chart_or_empty(page, categories, lambda d: charts.bar_by_category(
        d, "category", "members", page.t("ov.members"), page.lang, horizontal=True, height=260), "team_categories")
with c3:
    st.subheader(page.t("team.age"))
    if ages.empty:
        st.info(page.t("team.age_none"))
    else:
        ages["age_band"] = [page.t(f"age.{b}") for b in ages["age_band"]]
        widgets.chart_or_empty(page, ages, lambda d: charts.bar_by_category(
            d, "age_band", "members", page.t("ov.members"), page.lang, height=260), "team_age")

st.subheader(page.t("team.silent"))
months = st.slider(page.t("team.silent_months"), 1, 12, 3, key="silent_months")
widgets.silent_members(page, team.silent_members(page.q, f, months), months)

st.subheader(page.t("team.completeness"))
widgets.completeness(page, team.completeness(page.q, f))
