"""Campaigns (专项活动) in the UI: the 专项活动 tab of the 数据 page (form, list, delete) and the bands on
trend charts. What they show comes from outreach.campaigns (no SQL here)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from outreach import audit, campaigns
from outreach.privacy import mask_text
from ui import charts
from ui.data_widgets import flash, who
from ui.shell import Page
from ui.text import as_text

_FORM_GEN = "camp_form_gen"  # a new form key empties the form after a campaign is saved
EARLIEST = dt.date(2000, 1, 1)


def marked(page: Page, fig: go.Figure, grain: str) -> go.Figure:
    """``fig`` with the campaigns of the filter period drawn on it (see charts.campaign_bands)."""
    return charts.campaign_bands(fig, campaigns.in_period(page.q, page.filters), grain, page.lang)


def campaigns_tab(page: Page) -> None:
    """The list across the page (it has eight columns), then the form and the delete box side by side."""
    st.caption(page.t("camp.intro"))
    df = campaigns.listing(page.q)
    _listing(page, df)
    if not page.may("campaign"):  # the list only: no add, upload or delete
        return
    left, right = st.columns(2, gap="large")
    with left:
        _form(page)
    with right:
        if not df.empty:
            _delete(page, df)
        st.info(page.t("camp.upload_hint"), icon=":material/upload_file:")


def _form(page: Page) -> None:
    gen = st.session_state.setdefault(_FORM_GEN, 0)
    latest = dt.date(dt.date.today().year + 5, 12, 31)
    with st.form(f"camp_form_{gen}"):
        st.markdown(f"**:material/add_circle: {page.t('camp.form_title')}**")
        name = st.text_input(page.t("camp.name"), placeholder=page.t("camp.name_placeholder"),
                             max_chars=campaigns.NAME_MAX, key=f"camp_name_{gen}")
        left, right = st.columns(2)
        starts = left.date_input(page.t("camp.starts"), value=None, min_value=EARLIEST, max_value=latest,
                                 format="YYYY-MM-DD", key=f"camp_starts_{gen}")
        ends = right.date_input(page.t("camp.ends"), value=None, min_value=EARLIEST, max_value=latest,
                                format="YYYY-MM-DD", key=f"camp_ends_{gen}")
        note = st.text_input(page.t("camp.note"), key=f"camp_note_{gen}")
        submitted = st.form_submit_button(page.t("camp.submit"), type="primary", icon=":material/save:")
    if not submitted:
        return
    try:
        campaign_id = campaigns.add(page.con, name, starts, ends, note, who(page))
    except campaigns.CampaignInvalid as exc:
        st.error(as_text(page.t(exc.code, **exc.params)), icon=":material/error:")
        return
    audit.record(page.con, page.viewer, "campaign_change", target=campaign_id, change="add",
                 name=campaigns.clean_name(name), starts=starts, ends=ends)
    flash("success", page.t("camp.added", name=campaigns.clean_name(name), starts=f"{starts:%Y-%m-%d}",
                            ends=f"{ends:%Y-%m-%d}"))
    st.session_state[_FORM_GEN] = gen + 1
    st.rerun()


def _listing(page: Page, df: pd.DataFrame) -> None:
    st.markdown(f"**:material/flag: {page.t('camp.list_title')}**")
    if df.empty:
        st.info(page.t("camp.none"), icon=":material/flag:")
        return
    st.caption(page.t("camp.list_caption", n=len(df)))
    st.dataframe(campaigns.listing_frame(df, page.lang), hide_index=True, height=min(380, 38 + 35 * len(df)),
                 column_config={page.t(f"camp.col.{c}"): st.column_config.Column(width="small")
                                for c in ("starts", "ends", "days", "who", "when")})


def _delete(page: Page, df: pd.DataFrame) -> None:
    """Delete one campaign, only once the box saying which one is ticked."""
    rows = {int(r.campaign_id): r for r in df.itertuples(index=False)}
    with st.container(border=True):
        st.markdown(f"**:material/delete: {page.t('camp.delete_title')}**")
        chosen = st.selectbox(page.t("camp.pick"), list(rows), key="camp_pick",
                              format_func=lambda i: mask_text(campaigns.option_label(rows[i], page.lang)))
        row = rows[chosen]
        if not pd.isna(row.batch_id):
            st.caption(as_text(page.t("camp.delete_from_batch", batch=int(row.batch_id), file=row.file_name)))
        sure = st.checkbox(as_text(page.t("camp.delete_confirm", name=row.name, starts=f"{row.starts:%Y-%m-%d}",
                                          ends=f"{row.ends:%Y-%m-%d}")), key=f"camp_sure_{chosen}")
        if st.button(page.t("camp.delete"), type="primary", disabled=not sure, key=f"camp_delete_{chosen}",
                     icon=":material/delete:"):
            if gone := campaigns.delete(page.con, chosen):
                audit.record(page.con, page.viewer, "campaign_change", target=chosen, change="delete",
                             name=row.name, starts=row.starts, ends=row.ends, rows=gone)
                flash("success", page.t("camp.deleted", name=row.name))
            else:
                flash("warning", page.t("camp.delete_gone"))
            st.rerun()
