"""总览 Overview — the entry page: headline figures, team by county, monthly trend, units ranked by
actions per member, data freshness."""

import streamlit as st

from outreach import overview
from ui import campaign_widgets, charts, map_widgets, widgets
from ui.shell import setup_page

TOP_N = 5  # units shown at each end of the per-member ranking

page = setup_page("page.overview")
st.title(page.t("page.overview"))

if widgets.offer_demo_if_empty(page):
    st.stop()

f = page.filters
before = overview.previous_headline(page.q, f)
coverage = overview.coverage(page.q, f)  # a previous period with fewer months of data is not compared in full
widgets.period_caption(page, before is not None, coverage)
widgets.headline_metrics(page, overview.headline(page.q, f), before, coverage)

left, right = st.columns([2, 3])
with left:
    st.subheader(page.t("ov.by_county"))
    counties = overview.members_by_county(page.q, f)
    counties["county"] = counties["county"].replace("", page.t("county.none"))
    widgets.chart_or_empty(page, counties, lambda d: charts.bar_by_category(
        d, "county", "members", page.t("ov.members"), page.lang, horizontal=True, height=420), "county_members",
        title=page.t("ov.by_county"), columns={"members": "ov.members"})
with right:
    st.subheader(page.t("ov.trend"))
    widgets.chart_or_empty(page, overview.monthly_trend(page.q, f), lambda d: campaign_widgets.marked(
        page, charts.stacked(d, "period", "type", page.lang, height=420), "month"), "monthly_trend")

st.subheader(page.t("map.title"))
map_widgets.county_map_block(page, key="ov_map")

st.subheader(page.t("ov.per_capita"))
widgets.unit_ranking(page, overview.unit_ranking(page.q, f, TOP_N), TOP_N)

st.subheader(page.t("ov.freshness"))
widgets.freshness(page, overview.freshness(page.q, f))
