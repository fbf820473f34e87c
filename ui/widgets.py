"""Small Streamlit building blocks shared by pages."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from outreach import fmt, store
from outreach.demo_load import load_demo
from outreach.overview import Headline
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


def period_caption(page: Page) -> None:
    f = page.filters
    span = fmt.period_span(f.month_from, f.month_to, page.lang)
    st.caption(page.t("ov.period_caption", span=span, month=f"{f.month_to:%Y-%m}"))


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
    st.download_button(page.t("chart.download"), data.to_csv(index=False).encode("utf-8-sig"),
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
