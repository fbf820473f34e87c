"""Small Streamlit building blocks shared by pages."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from outreach import export, fmt, store
from outreach.demo_load import load_demo
from outreach.i18n import label
from outreach.overview import Headline
from ui import charts
from ui.shell import Page


def offer_demo_if_empty(page: Page) -> bool:
    """On an empty database, offer the demo and the upload page instead of empty charts."""
    if not store.is_empty(page.con):
        return False
    st.info(page.t("shell.db_empty"))
    left, right = st.columns([1, 4])
    if left.button(page.t("shell.load_demo"), type="primary"):
        with st.spinner(page.t("shell.loading_demo")):
            n = load_demo(page.con)
        st.toast(page.t("shell.demo_loaded", batches=n))
        st.rerun()
    right.page_link("pages/data.py", label=page.t("shell.go_data"), icon=":material/upload_file:")
    return True


def period_caption(page: Page, has_previous: bool) -> None:
    f = page.filters
    span = fmt.period_span(f.month_from, f.month_to, page.lang)
    month = fmt.period_span(f.month_to, f.month_to, page.lang)
    st.caption(page.t("ov.period_caption" if has_previous else "ov.period_caption_first", span=span, month=month))


def headline_metrics(page: Page, now: Headline, before: Headline | None) -> None:
    """Six headline figures with their change against the previous period (none if there is none)."""
    counts = ("members", "units", "active_members", None, "actions", "opinion_reports")
    titles = ("ov.members", "ov.units", "ov.active_members", "ov.active_rate", "ov.actions", "ov.opinion_reports")
    for column, field, title in zip(st.columns(len(counts)), counts, titles, strict=True):
        if field is None:
            delta = None
            if before is not None and now.active_rate is not None and before.active_rate is not None:
                delta = f"{(now.active_rate - before.active_rate) * 100:+.1f} pt"
            column.metric(page.t(title), fmt.percent(now.active_rate), delta)
            continue
        value = getattr(now, field)
        delta = None if before is None else f"{value - getattr(before, field):+,}"
        column.metric(page.t(title), fmt.count(value, page.lang), delta)


def chart_or_empty(page: Page, data: pd.DataFrame, build: Callable[[pd.DataFrame], go.Figure], key: str) -> None:
    """The chart, a download of the data behind it, or a clear word that the filters select nothing."""
    if data.empty:
        st.info(page.t("chart.empty"))
        return
    st.plotly_chart(build(data), key=key, config={"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d"]})
    st.download_button(page.t("chart.download"), export.csv_bytes(data),
                       file_name=f"{key}.csv", mime="text/csv", key=f"dl_{key}", type="tertiary",
                       icon=":material/download:")


def freshness(page: Page, df: pd.DataFrame) -> None:
    late = df[df["late"]]
    if df.empty:
        st.info(page.t("chart.empty"))
        return
    if late.empty:
        st.success(page.t("ov.all_reported", month=f"{page.filters.month_to:%Y-%m}"))
    else:
        st.warning(page.t("ov.not_reported", n=len(late), month=f"{page.filters.month_to:%Y-%m}",
                          units="、".join(late["unit"])))
    shown = df.rename(columns={"unit": page.t("field.unit"), "county": page.t("field.county"),
                               "last_month": page.t("ov.last_month")}).drop(columns="late")
    st.dataframe(shown, hide_index=True, column_config={
        page.t("ov.last_month"): st.column_config.DateColumn(format="YYYY-MM")}, height=240)


def drill_down_bar(page: Page, df: pd.DataFrame, category: str, value: str, value_label: str,
                   key: str) -> str | None:
    """A horizontal bar chart whose bars can be clicked; returns the clicked category (or None)."""
    if df.empty:
        st.info(page.t("chart.empty"))
        return None
    shown = df.assign(**{category: df[category].replace("", page.t("county.none"))})
    fig = charts.bar_by_category(shown, category, value, value_label, page.lang, horizontal=True, height=420)
    fig.update_layout(clickmode="event+select", dragmode=False)
    event = st.plotly_chart(fig, key=key, on_select="rerun", selection_mode="points",
                            config={"displaylogo": False})
    points = event.selection.points if event and event.selection else []
    picked = points[0].get("y") if points else None
    if picked is None:
        return None
    if st.button(page.t("team.back"), key=f"{key}_back", icon=":material/arrow_back:"):
        st.session_state.pop(key, None)
        st.rerun()
    return "" if picked == page.t("county.none") else picked


def unit_table(page: Page, units: pd.DataFrame) -> None:
    if units.empty:
        st.info(page.t("chart.empty"))
        return
    shown = units[["county", "unit", "members", "core", "liaison"]].rename(columns={
        "county": page.t("field.county"), "unit": page.t("field.unit"), "members": page.t("ov.members"),
        "core": page.t("team.core"), "liaison": page.t("team.liaison")})
    st.dataframe(shown, hide_index=True, height=420, column_config={
        page.t("ov.members"): st.column_config.ProgressColumn(
            format="%d", min_value=0, max_value=int(units["members"].max()))})


def quota_gaps(page: Page, gaps) -> None:
    if not gaps.any:
        st.success(page.t("team.quota_ok"))
        return
    if gaps.no_liaison:
        st.warning(page.t("team.no_liaison", units="、".join(gaps.no_liaison)))
    if gaps.short_core:
        st.warning(page.t("team.short_core", units="、".join(gaps.short_core)))
    if gaps.over_core:
        st.warning(page.t("team.over_core", units="、".join(gaps.over_core)))
    if gaps.under_quota:
        st.warning(page.t("team.under_quota", units="、".join(gaps.under_quota)))


def silent_members(page: Page, df: pd.DataFrame, months: int) -> None:
    """Names and units only: no phone or WeChat name on a page that may be shared."""
    st.caption(page.t("team.silent_count", n=len(df), months=months, month=f"{page.filters.month_to:%Y-%m}"))
    if df.empty:
        return
    shown = df.assign(role=[label("role", r, page.lang) for r in df["role"]]).rename(columns={
        "county": page.t("field.county"), "unit": page.t("field.unit"), "name": page.t("field.name"),
        "role": page.t("field.role"), "last_active": page.t("team.last_active")})
    st.dataframe(shown, hide_index=True, height=_table_height(len(shown)), column_config={
        page.t("team.last_active"): st.column_config.DateColumn(format="YYYY-MM")})


def completeness(page: Page, df: pd.DataFrame) -> None:
    if df.empty:
        st.info(page.t("chart.empty"))
        return
    shown = df.rename(columns={
        "county": page.t("field.county"), "unit": page.t("field.unit"), "members": page.t("ov.members"),
        "missing_phone": page.t("team.missing_phone"), "missing_wechat": page.t("team.missing_wechat")})
    st.dataframe(shown, hide_index=True, height=_table_height(len(shown)))


def _table_height(rows: int, most: int = 10) -> int:
    """Tall enough for the rows it has (no empty grid), scrolling beyond ``most`` rows."""
    return 38 + 35 * max(1, min(rows, most))
