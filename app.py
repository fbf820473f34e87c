"""总览 Overview — the entry page: headline figures, team by county, monthly trend, data freshness."""

import streamlit as st

from outreach import overview
from ui import charts, widgets
from ui.shell import setup_page

page = setup_page("page.overview")
st.title(page.t("page.overview"))

if widgets.offer_demo_if_empty(page):
    st.stop()

f = page.filters
before = overview.previous_headline(page.q, f)
widgets.period_caption(page, before is not None)
widgets.headline_metrics(page, overview.headline(page.q, f), before)

left, right = st.columns([2, 3])
with left:
    st.subheader(page.t("ov.by_county"))
    counties = overview.members_by_county(page.q, f)
    counties["county"] = counties["county"].replace("", page.t("county.none"))
    widgets.chart_or_empty(page, counties, lambda d: charts.bar_by_category(
        d, "county", "members", page.t("ov.members"), page.lang, horizontal=True, height=420), "county_members")
with right:
    st.subheader(page.t("ov.trend"))
    widgets.chart_or_empty(page, overview.monthly_trend(page.q, f),
                           lambda d: charts.stacked(d, "period", "type", page.lang, height=420), "monthly_trend")

st.subheader(page.t("ov.freshness"))
widgets.freshness(page, overview.freshness(page.q, f))
