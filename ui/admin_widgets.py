"""The 管理 page's pieces: accounts (list without hashes, create, disable / enable, unlock, reset a
password) and the audit log (filter by who, what and when; download). Every change goes through
outreach.accounts, which checks that the one making it is an admin and writes the audit row; the log
is read through outreach.audit (no SQL here)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from outreach import accounts, audit, export
from outreach.access import ROLES, role_label
from outreach.i18n import TEXT
from outreach.queries import filter_facets
from outreach.units import unit_label
from ui import auth
from ui.shell import Page
from ui.text import as_text

_FLASH = "admin_flash"
AUDIT_SHOWN = 1000  # rows drawn on the page; the downloads hold every row that matches


def show_flash() -> None:
    for kind, text in st.session_state.pop(_FLASH, []):
        {"success": st.success, "error": st.error}[kind](text)


def _flash(text: str) -> None:
    st.session_state.setdefault(_FLASH, []).append(("success", as_text(text)))


def _error(page: Page, exc: accounts.AccountError) -> None:
    st.error(as_text(exc.message(page.lang)), icon=":material/error:")


# --- accounts --------------------------------------------------------------------------------------

def users_tab(page: Page) -> None:
    users = accounts.list_users(page.con)
    st.caption(page.t("admin.users_caption", n=len(users)))
    st.dataframe(users_frame(page, users), hide_index=True, key="admin_users")
    left, right = st.columns(2, gap="large")
    with left:
        _create_form(page)
    with right:
        if not users.empty:
            _manage(page, users)


def _status(row: pd.Series) -> str:
    if row["disabled"]:
        return "disabled"
    return "locked" if row["locked"] else "active"


def users_frame(page: Page, users: pd.DataFrame) -> pd.DataFrame:
    """The accounts as shown: no hash (list_users has none), words for codes, times to the minute."""
    def when(value: object) -> str:
        return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")

    frame = pd.DataFrame({
        "name": users["name"],
        "role": [role_label(r, page.lang) for r in users["role"]],
        "county": users["county"].fillna(""),
        "unit": [unit_label(u) if isinstance(u, str) else "" for u in users["unit"]],
        "email": users["email"].fillna(""),
        "can_unmask": users["can_unmask"].astype(bool),
        "status": [page.t(f"admin.status.{_status(r)}") for _, r in users.iterrows()],
        "failed_count": users["failed_count"].astype(int),
        "last_login_at": users["last_login_at"].map(when),
        "created_at": users["created_at"].map(when),
        "created_by": users["created_by"].fillna(""),
    })
    return frame.rename(columns={c: page.t(f"admin.col.{c}") for c in frame.columns})


def _places(page: Page) -> tuple[list[str], list[str]]:
    facets = filter_facets(page.q)
    return facets["county"], facets["unit"]


def _create_form(page: Page) -> None:
    counties, units = _places(page)
    none = page.t("admin.none")
    with st.form("admin_create", clear_on_submit=True):
        st.markdown(f"**:material/person_add: {page.t('admin.create_title')}**")
        name = st.text_input(page.t("auth.name"), max_chars=accounts.NAME_MAX, key="admin_new_name")
        role = st.selectbox(page.t("admin.role"), ROLES, key="admin_new_role",
                            format_func=lambda r: role_label(r, page.lang))
        county = st.selectbox(page.t("admin.county"), [None, *counties], key="admin_new_county",
                              format_func=lambda c: none if c is None else c, accept_new_options=True)
        unit = st.selectbox(page.t("admin.unit"), [None, *units], key="admin_new_unit",
                            format_func=lambda u: none if u is None else unit_label(u), accept_new_options=True)
        email = st.text_input(page.t("admin.email"), key="admin_new_email")
        can_unmask = st.checkbox(page.t("admin.can_unmask"), key="admin_new_unmask")
        first = st.text_input(page.t("auth.password"), type="password", key="admin_new_pw",
                              autocomplete="new-password")
        second = st.text_input(page.t("auth.password_again"), type="password", key="admin_new_pw2",
                               autocomplete="new-password")
        submitted = st.form_submit_button(page.t("admin.create_submit"), type="primary")
    if not submitted:
        return
    if first != second:
        st.error(page.t("auth.password_mismatch"))
        return
    try:
        accounts.create_user(page.con, name, role, first, county=county, unit=unit, email=email or None,
                             can_unmask=can_unmask, by=page.viewer.name)
    except accounts.AccountError as exc:
        _error(page, exc)
        return
    _flash(page.t("admin.created", name=name.strip()))
    st.rerun()


def _manage(page: Page, users: pd.DataFrame) -> None:
    rows = {r["name"]: r for r in users.to_dict("records")}
    with st.container(border=True):
        st.markdown(f"**:material/manage_accounts: {page.t('admin.manage_title')}**")
        name = st.selectbox(page.t("admin.pick_user"), list(rows), key="admin_pick",
                            format_func=lambda n: f"{n} · {role_label(rows[n]['role'], page.lang)}")
        row = rows[name]
        st.caption(page.t(f"admin.status.{_status(pd.Series(row))}"))
        bar = st.container(horizontal=True, gap="small")
        by = page.viewer.name
        try:
            if row["disabled"]:
                if bar.button(page.t("admin.enable"), key="admin_enable", icon=":material/person_check:"):
                    accounts.enable_user(page.con, name, by)
                    _flash(page.t("admin.enabled_done", name=name))
                    st.rerun()
            elif bar.button(page.t("admin.disable"), key="admin_disable", icon=":material/person_off:"):
                accounts.disable_user(page.con, name, by)
                _flash(page.t("admin.disabled_done", name=name))
                st.rerun()
            if (row["locked"] or row["failed_count"]) and bar.button(
                    page.t("admin.unlock"), key="admin_unlock", icon=":material/lock_open:"):
                accounts.unlock_user(page.con, name, by)
                _flash(page.t("admin.unlocked_done", name=name))
                st.rerun()
        except accounts.AccountError as exc:
            _error(page, exc)
        with st.form("admin_reset", clear_on_submit=True, border=False):
            st.markdown(f"**{page.t('admin.reset_title')}**")
            first = st.text_input(page.t("auth.new_password"), type="password", key="admin_reset_pw",
                                  autocomplete="new-password")
            second = st.text_input(page.t("auth.new_password_again"), type="password", key="admin_reset_pw2",
                                   autocomplete="new-password")
            submitted = st.form_submit_button(page.t("admin.reset_submit"))
        if submitted:
            if first != second:
                st.error(page.t("auth.password_mismatch"))
                return
            try:
                accounts.set_password(page.con, name, first, by=by)
            except accounts.AccountError as exc:
                _error(page, exc)
                return
            _flash(page.t("admin.reset_done", name=name))
            st.rerun()


# --- the audit log ---------------------------------------------------------------------------------

def audit_tab(page: Page) -> None:
    users = accounts.list_users(page.con)
    actors = sorted(set(users["name"]) | {audit.CLI})
    every = page.t("filter.all")
    c1, c2, c3, c4 = st.columns(4)
    actor = c1.selectbox(page.t("admin.f_actor"), [None, *actors], key="admin_f_actor",
                         format_func=lambda a: every if a is None else a)
    action = c2.selectbox(page.t("admin.f_action"), [None, *audit.ACTIONS], key="admin_f_action",
                          format_func=lambda a: every if a is None else _action(page, a))
    since = c3.date_input(page.t("admin.f_since"), value=None, key="admin_f_since", format="YYYY-MM-DD")
    until = c4.date_input(page.t("admin.f_until"), value=None, key="admin_f_until", format="YYYY-MM-DD")
    log = audit.listing(page.con, actor=actor, action=action, since=since, until=until)
    if log.empty:
        st.info(page.t("admin.audit_none"), icon=":material/history:")
        return
    shown = audit_frame(page, log)
    caption = page.t("admin.audit_caption", n=f"{len(log):,}")
    if len(log) > AUDIT_SHOWN:
        caption += page.t("admin.audit_limited", n=f"{AUDIT_SHOWN:,}")
    st.caption(caption)
    st.dataframe(shown.head(AUDIT_SHOWN), hide_index=True, key="admin_audit",
                 column_config={page.t("admin.acol.detail"): st.column_config.TextColumn(width="large")})
    stem = f"{page.t('admin.audit_file')}_{dt.date.today():%Y%m%d}"
    chosen = {"actor": actor, "action": action, "since": since, "until": until}
    bar = st.container(horizontal=True, gap="small")
    csv = _logged(page, "audit_log.csv", chosen, lambda: export.csv_bytes(shown))
    xlsx = _logged(page, "audit_log.xlsx", chosen, lambda: export.table_xlsx(shown, page.t("admin.tab_audit")))
    bar.download_button(page.t("admin.audit_csv"), csv, file_name=f"{stem}.csv", mime="text/csv",
                        key="admin_audit_csv", on_click="ignore", icon=":material/csv:")
    bar.download_button(page.t("admin.audit_xlsx"), xlsx, file_name=f"{stem}.xlsx", mime=export.XLSX_MIME,
                        key="admin_audit_xlsx", on_click="ignore", icon=":material/table_view:")


def _logged(page: Page, which: str, chosen: dict, build):
    """The download recorded as an export, with the log filters it was made under."""
    return auth.audited(page.con, page.viewer, which, {k: v for k, v in chosen.items() if v is not None}, build)


def _action(page: Page, action: str) -> str:
    key = f"audit.action.{action}"
    return page.t(key) if key in TEXT else action


def audit_frame(page: Page, log: pd.DataFrame) -> pd.DataFrame:
    frame = pd.DataFrame({
        "at": log["at"].map(lambda v: pd.Timestamp(v).strftime("%Y-%m-%d %H:%M:%S")),
        "actor": log["actor"].fillna("—"),
        "role": [role_label(r, page.lang) if isinstance(r, str) else "" for r in log["role"]],
        "action": [_action(page, a) for a in log["action"]],
        "target": log["target"].fillna(""),
        "ok": [page.t("admin.ok") if ok else page.t("admin.refused") for ok in log["ok"]],
        "detail": log["detail"].fillna(""),
    })
    return frame.rename(columns={c: page.t(f"admin.acol.{c}") for c in frame.columns})

