"""The Overview page written the way a typical Streamlit app does it — the benchmark's baseline.

Every render loads the whole activity table into a pandas DataFrame (and the roster from members),
then filters and groups in pandas. The connection is cached, the data is not (as in most apps, so a
new import shows at once). The figures and widgets are those of app.py: sidebar filters, six metrics,
members by county, monthly trend by type, data freshness.
"""

import os

import duckdb
import pandas as pd
import streamlit as st

from outreach import fmt
from outreach.i18n import t
from ui import charts


@st.cache_resource(max_entries=1)
def connection(path: str) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(path)


def table(sql: str) -> pd.DataFrame:
    cursor = connection(os.environ["OUTREACH_DB"]).cursor()
    try:
        return cursor.execute(sql).df()
    finally:
        cursor.close()


st.set_page_config(page_title="总览 (naive)", layout="wide")
activity = table("SELECT * FROM activity")
members = table("SELECT * FROM members WHERE status = 'active'")

months = sorted(pd.to_datetime(activity["month"]).dt.strftime("%Y-%m").unique())
with st.sidebar:
    start, end = st.select_slider("统计期间", options=months, value=(months[0], months[-1]), key="f_period")
    counties = st.multiselect("县区", sorted(members["county"].dropna().unique()), key="f_county")
    units = st.multiselect("单位", sorted(members["unit"].unique()), key="f_unit")

month = pd.to_datetime(activity["month"])
period = activity[(month >= pd.Timestamp(start)) & (month <= pd.Timestamp(end))]
roster = members
if counties:
    period, roster = period[period["county"].isin(counties)], roster[roster["county"].isin(counties)]
if units:
    period, roster = period[period["unit"].isin(units)], roster[roster["unit"].isin(units)]

last = period[pd.to_datetime(period["month"]) == pd.Timestamp(end)]
active = last.loc[last["member_id"].notna() & (last["count"] > 0), "member_id"].nunique()
trained = period.loc[(period["type"] == "training") & period["member_id"].notna(), "member_id"].nunique()
figures = {
    "ov.members": len(roster),
    "ov.units": roster["unit"].nunique(),
    "ov.active_members": active,
    "ov.active_rate": active / len(roster) if len(roster) else None,
    "ov.actions": int(period["count"].sum()),
    "ov.opinion_reports": int(period.loc[period["type"] == "opinion_report", "count"].sum()),
}

st.title(t("page.overview"))
st.caption(f"{start} — {end}；受训 {trained} 人")
for column, (key, value) in zip(st.columns(len(figures)), figures.items(), strict=True):
    column.metric(t(key), fmt.percent(value) if key == "ov.active_rate" else fmt.count(value))

by_county = (roster.assign(county=roster["county"].fillna(""))
             .groupby("county").agg(members=("name", "size"), units=("unit", "nunique"))
             .reset_index().sort_values(["members", "county"], ascending=[False, True]))
trend = (period.assign(type=period["type"].astype(str))
         .groupby(["month", "type"], as_index=False)["count"].sum().rename(columns={"count": "actions"}))
left, right = st.columns([2, 3])
with left:
    st.subheader(t("ov.by_county"))
    st.plotly_chart(charts.bar_by_category(by_county, "county", "members", t("ov.members"), "zh",
                                           horizontal=True, height=420), key="county_members")
with right:
    st.subheader(t("ov.trend"))
    st.plotly_chart(charts.stacked(trend, "month", "type", "zh", height=420), key="monthly_trend")

st.subheader(t("ov.freshness"))
reported = activity.groupby("unit")["month"].max().rename("last_month")
fresh = roster.groupby("unit")["county"].first().to_frame().join(reported).reset_index()
late = fresh[fresh["last_month"].isna() | (pd.to_datetime(fresh["last_month"]) < pd.Timestamp(end))]
if late.empty:
    st.success(t("ov.all_reported", month=end))
else:
    st.warning(t("ov.not_reported", n=len(late), month=end, units="、".join(late["unit"])))
st.dataframe(fresh.sort_values("last_month", na_position="first"), hide_index=True, height=240)
