"""Controls and tables of the 活动 page."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from outreach import activity, fmt
from outreach.i18n import label
from outreach.privacy import mask_text
from outreach.vocab import ADOPTION_LEVELS
from ui import charts, responsive, widgets
from ui.shell import Page


def trend_controls(page: Page) -> tuple[str, str, bool]:
    """(grain, split, share view) chosen above the trend chart."""
    c1, c2, c3 = st.columns(3)
    grain = widgets.choice(page, "act.grain", ("month", "week"), "act_grain", c1)
    by = widgets.choice(page, "act.by", ("type", "platform"), "act_by", c2)
    view = widgets.choice(page, "act.view", ("count", "share"), "act_view", c3)
    return grain, by, view == "share"


def measure_control(page: Page) -> str:
    return widgets.choice(page, "act.measure", ("per_member", "actions", "active_rate"), "act_measure")


def county_chart(page: Page, df: pd.DataFrame, measure: str) -> go.Figure:
    """Horizontal bars, the highest on top: county names stay level and whole on a phone too."""
    shown = df.assign(county=df["county"].replace("", page.t("county.none"))).sort_values(measure, ascending=False)
    fig = charts.bar_by_category(shown, "county", measure, page.t(f"act.measure.{measure}"), page.lang,
                                 height=60 + 34 * len(shown), horizontal=True)
    if measure == "active_rate":
        # No rate is no bar: a county none of whose units reported the month says 未报送 instead, one
        # with nobody on its roster a dash (a zero-length bar shows its text only when it is "outside").
        rates = shown[measure]
        text = [fmt.percent(v) if pd.notna(v) else page.t("act.not_reported") if r == 0 else fmt.percent(None)
                for v, r in zip(rates, shown["reported_units"], strict=True)]
        fig.update_traces(x=rates.fillna(0.0).tolist(), text=text,
                          textposition=["auto" if pd.notna(v) else "outside" for v in rates],
                          hovertemplate="%{y}" + page.t("fmt.colon") + "%{text}<extra></extra>")
        fig.update_xaxes(tickformat=".0%", range=[0, 1.05])
    return fig


def events_table(page: Page, df: pd.DataFrame) -> None:
    if df.empty:
        st.info(page.t("chart.empty"))
        return
    # A title is free text: a phone or ID number typed into it is masked.
    shown = df.assign(type=[label("type", t, page.lang) for t in df["type"]],
                      title=df["title"].map(mask_text)).rename(columns={
        "type": page.t("act.event_type"), "held_on": page.t("act.held_on"), "title": page.t("act.event_title"),
        "units": page.t("act.event_units"), "attendees": page.t("act.attendees")})
    responsive.table(page.lang, shown, [page.t("act.held_on"), page.t("act.event_title")], hide_index=True,
                     column_config={
                         page.t("act.event_type"): st.column_config.TextColumn(width="small"),
                         page.t("act.held_on"): st.column_config.DateColumn(format="YYYY-MM-DD", width="small"),
                         page.t("act.event_units"): st.column_config.NumberColumn(width="small"),
                         page.t("act.attendees"): st.column_config.NumberColumn(width="small")})


def calendar_caption(page: Page, cover: activity.CalendarCoverage) -> None:
    """Which months the calendar holds, and which of the period's months it cannot (no dated rows)."""
    def months(ms: list) -> str:
        return page.t("fmt.list_sep").join(fmt.period_span(a, b, page.lang) for a, b in activity.month_runs(ms))

    if cover.whole:
        st.caption(page.t("act.calendar_all", dated=months(cover.dated)))
    else:
        st.caption(page.t("act.calendar_part", dated=months(cover.dated), undated=months(cover.undated)))


def adoption_table(page: Page, df: pd.DataFrame) -> None:
    """Adopted items per month (rows) and level (columns, highest first), with the data to download."""
    if df.empty:
        st.info(page.t("act.adoption_none"))
        return
    st.caption(page.t("act.adoption_note"))
    levels = [lv for lv in ADOPTION_LEVELS if lv in set(df["adopt_level"])]
    wide = df.pivot_table(index="period", columns="adopt_level", values="adopted_items", aggfunc="sum",
                          fill_value=0)[levels]
    wide[page.t("act.adoption_total")] = wide.sum(axis=1)
    wide.columns = [label("adopt_level", c, page.lang) if c in levels else c for c in wide.columns]
    wide.index = [f"{pd.Timestamp(m):%Y-%m}" for m in wide.index]
    shown = wide.reset_index(names=page.t("col.period"))
    responsive.table(page.lang, shown, [page.t("col.period"), page.t("act.adoption_total")], hide_index=True)
    data = df.assign(adopt_level=[label("adopt_level", c, page.lang) for c in df["adopt_level"]])
    widgets.download_menu(page, data, "activity_adoption", page.t("act.adoption"))
