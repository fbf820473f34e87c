"""Streamlit pieces of the 考评 page that change or show the rules: the rubric as a table with its
download, comparing two rubric versions, the admin's upload and version switch, and manual adjustments
(加分/扣分) typed in. Everything written goes through outreach.evaluation (no SQL here)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from outreach import audit, export
from outreach.evaluation import RubricError, band_label, explain, parse, periods, versions, views
from outreach.evaluation import adjustments as adj
from outreach.evaluation.scoring import Evaluation
from outreach.units import split_unit_key, unit_label
from ui import uploader
from ui.evaluation_widgets import adjustments_table, band_text, rank_change_text
from ui.shell import Page
from ui.text import as_text, t_text

_FLASH = "ev_flash"


def show_flash() -> None:
    for kind, text in st.session_state.pop(_FLASH, []):
        {"success": st.success, "error": st.error}[kind](text)


def _flash(kind: str, text: str) -> None:
    """``text`` is shown as it is, never as Markdown (it may quote a rubric or unit name)."""
    st.session_state.setdefault(_FLASH, []).append((kind, as_text(text)))


# --- the rubric ------------------------------------------------------------------------------------

def rubric_view(page: Page, ev: Evaluation) -> None:
    rubric = ev.rubric
    st.markdown(t_text("eval.rubric_head", page.lang, name=rubric.title(page.lang),
                       basis=explain.basis_text(rubric, page.lang)))
    table = explain.rubric_table(rubric, page.lang).drop(columns="key").rename(columns={
        "indicator": page.t("eval.rcol.indicator"), "weight": page.t("eval.rcol.weight"),
        "method": page.t("eval.rcol.method"), "definition": page.t("eval.rcol.definition")})
    table[page.t("eval.rcol.weight")] = [f"{w:g}" for w in table[page.t("eval.rcol.weight")]]
    # A static table (long definitions wrap instead of being cut) renders Markdown in its cells: the
    # rubric's names and definitions are the uploader's text, shown as text.
    st.table(table.map(lambda v: as_text(v) if isinstance(v, str) else v), hide_index=True)
    bands = pd.DataFrame([{
        page.t("eval.col.band"): band_text(b.code, page.lang),
        page.t("eval.rcol.share"): f"≤ {b.max_share:.0%}",
        page.t("eval.rcol.min_score"): "—" if b.min_score is None else f"{b.min_score:g}",
    } for b in rubric.bands])
    left, right = st.columns([2, 3])
    with left:
        st.dataframe(bands, hide_index=True, key="ev_bands_table")
    with right:
        st.caption(page.t("eval.band_rules"))
        limits = []
        if rubric.max_bonus is not None:
            limits.append(page.t("eval.limit_bonus", n=f"{rubric.max_bonus:g}"))
        if rubric.max_penalty is not None:
            limits.append(page.t("eval.limit_penalty", n=f"{rubric.max_penalty:g}"))
        if limits:
            st.caption(page.t("eval.limits", limits=page.t("fmt.comma").join(limits)))
        st.download_button(page.t("eval.download_rubric"), rubric.text.encode("utf-8"),
                           file_name=f"{rubric.name}.toml", mime="application/toml", key="ev_dl_rubric",
                           on_click="ignore", icon=":material/download:")


def _version_label(page: Page, row: dict | None) -> str:
    if row is None:
        return page.t("eval.version_default")
    when = pd.Timestamp(row["uploaded_at"]).strftime("%Y-%m-%d %H:%M")
    text = page.t("eval.version_label", n=row["version_id"], name=row["name"], when=when,
                  who=row["uploaded_by"] or "—")
    return text + (page.t("eval.version_active") if row["active"] else "")


def compare_view(page: Page, ev: Evaluation) -> None:
    """Ranks of the filtered units under two rubric versions, with the change."""
    stored = versions.versions(page.con)
    rows = {None: None, **{int(r["version_id"]): r for r in stored.to_dict("records")}}
    options = list(rows)
    if len(options) < 2:
        st.info(page.t("eval.compare_need_two"))
        return
    current = ev.rubric.version_id
    first_default = options.index(current) if current in options else 0
    second_default = 1 if first_default == 0 else 0
    left, right = st.columns(2)
    first = left.selectbox(page.t("eval.compare_a"), options, index=first_default, key="ev_cmp_a",
                           format_func=lambda v: _version_label(page, rows[v]))
    second = right.selectbox(page.t("eval.compare_b"), options, index=second_default, key="ev_cmp_b",
                             format_func=lambda v: _version_label(page, rows[v]))
    df = views.compare_rubrics(page.q, ev.filters, versions.rubric_version(page.con, first),
                               versions.rubric_version(page.con, second))
    shown = pd.DataFrame({
        page.t("eval.col.unit"): df["unit"],
        page.t("eval.col.county"): df["county"].replace("", page.t("county.none")),
        page.t("eval.cmp.rank_a"): df["rank_before"], page.t("eval.cmp.total_a"): df["total_before"],
        page.t("eval.cmp.band_a"): [band_label(x, page.lang) for x in df["band_before"].fillna("")],
        page.t("eval.cmp.rank_b"): df["rank"], page.t("eval.cmp.total_b"): df["total"],
        page.t("eval.cmp.band_b"): [band_label(x, page.lang) for x in df["band"]],
        page.t("eval.cmp.rank_change"): [rank_change_text(c) for c in df["rank_change"]],
    })
    moved = int((df["rank_change"].fillna(0) != 0).sum())
    st.caption(page.t("eval.compare_caption", moved=moved, n=len(df)))
    st.dataframe(shown, hide_index=True, key="ev_compare", column_config={
        c: st.column_config.NumberColumn(format="%.2f") for c in (page.t("eval.cmp.total_a"),
                                                                  page.t("eval.cmp.total_b"))})


def admin(page: Page) -> None:
    """Upload a replacement rubric (checked first; nothing changes until it is put in force) and switch
    between stored versions."""
    st.caption(page.t("eval.admin_help"))
    upload = uploader.file_uploader(page.lang, page.t("eval.admin_upload"), "ev_rubric_upload", ["toml", "txt"])
    if upload is not None:
        text = upload.getvalue().decode("utf-8-sig", errors="replace")
        try:
            candidate = parse(text)
        except RubricError as exc:
            st.error(as_text(page.t("eval.admin_refused", file=upload.name)) + "\n\n" +
                     "\n".join(f"- {as_text(p.message(page.lang))}" for p in exc.problems))
        else:
            st.success(as_text(page.t("eval.admin_valid", name=candidate.name, n=len(candidate.indicators))))
            who = _who(page, "ev_admin_user", "eval.admin_user")
            if st.button(page.t("eval.admin_activate"), type="primary", key="ev_admin_save"):
                saved = versions.save(page.con, text, user=who or None)
                audit.record(page.con, page.viewer, "rubric_change", target=saved.version_id, change="upload",
                             name=saved.name, sha256=saved.sha256)
                _flash("success", page.t("eval.admin_saved", n=saved.version_id, name=saved.name))
                st.rerun()
    stored = versions.versions(page.con)
    rows = {None: None, **{int(r["version_id"]): r for r in stored.to_dict("records")}}
    active = next((v for v, r in rows.items() if r is not None and r["active"]), None)
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    chosen = left.selectbox(page.t("eval.admin_versions"), list(rows), index=list(rows).index(active),
                            key="ev_admin_version", format_func=lambda v: _version_label(page, rows[v]))
    if right.button(page.t("eval.admin_switch"), key="ev_admin_switch", disabled=chosen == active):
        versions.activate(page.con, chosen)
        audit.record(page.con, page.viewer, "rubric_change", target=chosen if chosen is not None else "default",
                     change="switch", before=active)
        _flash("success", page.t("eval.admin_switched", label=_version_label(page, rows[chosen])))
        st.rerun()


# --- adjustments -----------------------------------------------------------------------------------

def adjustments_view(page: Page, ev: Evaluation) -> None:
    rubric = ev.rubric
    st.caption(page.t("eval.adj_rule"))
    if ev.adjustments.empty:
        st.info(page.t("eval.adj_none"))
    else:
        shown = ev.adjustments
        if page.filters.counties or page.filters.units:
            shown = shown[shown["unit_key"].isin(ev.scores["unit_key"])]
        adjustments_table(page, shown)
    if rubric.max_bonus is not None or rubric.max_penalty is not None:
        st.caption(page.t("eval.adj_limits", bonus=_limit(rubric.max_bonus), penalty=_limit(rubric.max_penalty)))
    if not page.may("adjust"):  # the list only
        return
    left, right = st.columns([3, 2])
    with left:
        adjustment_form(page, ev)
    with right:
        st.markdown(f"**{page.t('eval.adj_file_title')}**")
        st.caption(page.t("eval.adj_file_help"))
        st.download_button(page.t("eval.adj_template"), lambda: adj.template_xlsx(page.lang),
                           file_name=page.t("eval.adj_template_file"), mime=export.XLSX_MIME, key="ev_dl_adj_template",
                           on_click="ignore", icon=":material/download:")
        st.page_link("pages/data.py", label=page.t("eval.adj_go_upload"), icon=":material/upload_file:")


def _who(page: Page, key: str, title: str) -> str | None:
    """Who makes the change: the signed-in account; in open mode, the name typed in (as before accounts)."""
    if page.viewer.name is not None:
        st.caption(as_text(page.t("auth.recorded_as", name=page.viewer.name)))
        return page.viewer.name
    return st.text_input(page.t(title), key=key) or None


def _limit(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _spans(ev: Evaluation) -> list[tuple[dt.date, dt.date]]:
    """The evaluation period itself, then each of its months with data."""
    f = ev.filters
    whole = (f.month_from, f.month_to)
    months = [(m, m) for m in sorted(ev.months, reverse=True) if (m, m) != whole]
    return [whole, *months]


def adjustment_form(page: Page, ev: Evaluation) -> None:
    with st.form("ev_adj_form", clear_on_submit=True, border=True):
        st.markdown(f"**{page.t('eval.adj_form_title')}**")
        # Units by key, shown with their county: two counties' 城南镇团委 are two choices.
        units = sorted(ev.all_scores["unit_key"], key=lambda k: (split_unit_key(k)[1], k))
        c1, c2 = st.columns(2)
        unit = c1.selectbox(page.t("eval.adj_col.unit"), units, index=None, key="ev_adj_unit",
                            placeholder=page.t("eval.adj_pick_unit"), format_func=unit_label)
        span = c2.selectbox(page.t("eval.adj_col.period"), _spans(ev), key="ev_adj_period",
                            format_func=lambda s: periods.period_label(*s, page.lang))
        c3, c4 = st.columns([1, 2])
        points = c3.number_input(page.t("eval.adj_points"), -adj.MAX_POINTS, adj.MAX_POINTS, 1.0, step=0.5,
                                 key="ev_adj_points", help=page.t("eval.adj_points_help"))
        with c4:
            who = _who(page, "ev_adj_user", "eval.adj_col.who")
        reason = st.text_input(page.t("eval.adj_col.reason"), key="ev_adj_reason",
                               placeholder=page.t("eval.adj_reason_placeholder"))
        if st.form_submit_button(page.t("eval.adj_submit"), type="primary"):
            try:
                batch = adj.add(page.con, unit or "", span[0], span[1], float(points), reason, user=who or None)
            except adj.AdjustmentRefused as exc:
                st.error(as_text(exc.message(page.lang)))
            else:
                audit.record(page.con, page.viewer, "adjustment", target=unit, batch=batch, points=float(points),
                             period_from=span[0], period_to=span[1])  # not the reason: it may name people
                _flash("success", page.t("eval.adj_saved", unit=unit_label(unit), points=f"{points:+g}", batch=batch))
                st.rerun()
