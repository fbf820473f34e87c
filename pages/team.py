"""队伍 Team — size by county → unit (bars or treemap, click to drill down), mix, age, quota coverage,
silent members."""

import streamlit as st

from outreach import team
from outreach.i18n import category_label, label
from ui import charts, map_widgets, widgets
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
    view = widgets.choice(page, "team.view", ("bar", "treemap", "map"), key="team_view")
    if view == "map":  # a click on a county drills into it, as on the bars
        county = map_widgets.county_map_block(page, key="team_map", height=360, drill=True, narrow=True)
    elif view == "treemap":
        st.caption(page.t("team.treemap_hint"))
        county = widgets.drill_down_treemap(page, all_units, key="team_treemap")
    else:
        st.caption(page.t("team.click_hint"))
        county = widgets.drill_down_bar(page, team.by_county(page.q, f), "county", "members", page.t("ov.members"),
                                        key="team_county")
with right:
    units = team.units_of(all_units, county)
    st.subheader(as_text(page.t("team.units_of", county=county or page.t("county.none"))) if county is not None
                 else page.t("team.units_all"))
    widgets.unit_table(page, units)

# Every section below follows the drill-down too, its title naming the county.
drilled = team.drill_filters(f, county, all_units)
st.subheader(widgets.drilled_title(page, "team.quota", county))
widgets.quota_gaps(page, team.quota_gaps(units))

roles, categories = team.mix(page.q, drilled)
ages = team.age_structure(page.q, drilled)
c1, c2, c3 = st.columns(3)
with c1:
    st.subheader(widgets.drilled_title(page, "team.roles", county))
    roles["role"] = [label("role", r, page.lang) for r in roles["role"]]
    widgets.chart_or_empty(page, roles, lambda d: charts.bar_by_category(
        d, "role", "members", page.t("ov.members"), page.lang, horizontal=True, height=260), "team_roles")
with c2:
    st.subheader(widgets.drilled_title(page, "team.categories", county))
    categories["category"] = [category_label(c, page.lang) or page.t("category.none") for c in categories["category"]]
    categories = categories.groupby("category", as_index=False, sort=False)["members"].sum()  # two words, one name
    widgets.chart_or_empty(page, categories, lambda d: charts.bar_by_category(
        d, "category", "members", page.t("ov.members"), page.lang, horizontal=True, height=260), "team_categories")
with c3:
    st.subheader(widgets.drilled_title(page, "team.age", county))
    if ages.empty:
        st.info(page.t("team.age_none"))
    else:
        ages["age_band"] = [page.t(f"age.{b}") for b in ages["age_band"]]
        widgets.chart_or_empty(page, ages, lambda d: charts.bar_by_category(
            d, "age_band", "members", page.t("ov.members"), page.lang, height=260), "team_age")

st.subheader(widgets.drilled_title(page, "team.silent", county))
months = st.slider(page.t("team.silent_months"), 1, 12, 3, key="silent_months")
widgets.silent_members(page, team.silent_members(page.q, drilled, months), months)

st.subheader(widgets.drilled_title(page, "team.completeness", county))
widgets.completeness(page, team.completeness(page.q, drilled))
