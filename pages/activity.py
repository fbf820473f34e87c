"""活动 Activity — trends by type and platform with campaign bands, county comparison, training and
meetings, calendar."""

import streamlit as st

from outreach import activity
from ui import activity_widgets as aw
from ui import campaign_widgets as cw
from ui import charts, widgets
from ui.shell import setup_page

page = setup_page("page.activity")
st.title(page.t("page.activity"))
if widgets.offer_demo_if_empty(page):
    st.stop()
f = page.filters

st.subheader(page.t("act.trend"))
grain, by, share = aw.trend_controls(page)
trend = activity.trend(page.q, f, grain, by)
if grain == "week":
    st.caption(page.t("act.week_note"))
widgets.chart_or_empty(page, trend, lambda d: cw.marked(page, charts.stacked(
    d, "period", by, page.lang, height=400, share=share, monthly=grain == "month"), grain), "activity_trend")

st.subheader(page.t("act.counties"))
measure = aw.measure_control(page)
st.caption(page.t("act.rate_note", month=f"{f.month_to:%Y-%m}"))
widgets.chart_or_empty(page, activity.county_comparison(page.q, f),
                       lambda d: aw.county_chart(page, d, measure), "county_comparison")

st.subheader(page.t("act.adoption"))
aw.adoption_table(page, activity.adoption(page.q, f))

left, right = st.columns([1, 1])
with left:
    st.subheader(page.t("act.events"))
    aw.events_table(page, activity.events(page.q, f))
with right:
    st.subheader(page.t("act.calendar"))
    days = activity.calendar(page.q, f)
    if days.empty:
        st.info(page.t("act.calendar_none"))
    else:
        aw.calendar_caption(page, activity.calendar_coverage(page.q, f, days))  # only dated rows: say which months
        widgets.chart_or_empty(page, days, lambda d: cw.marked(page, charts.calendar_heatmap(d, page.lang), "calendar"),
                               "activity_calendar")
