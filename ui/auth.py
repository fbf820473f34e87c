"""Who is looking: checked once per script run, before anything else is drawn (ui.shell.setup_page).

- **No account yet** (a fresh install): the app runs open, as it always has, under a banner that says
  so and offers to create the first admin (the setup step Metabase and Grafana have).
- **Accounts exist**: an anonymous visitor gets the login form and nothing else (``st.stop()``: no
  figure, no menu). The URL is left as it was, so after signing in the same page shows with the same
  filters. A signed-in viewer lives in ``st.session_state`` and is signed out after
  ``accounts.session_idle_seconds()`` without a run.
- **A reload or a second tab** starts a new Streamlit session: a password sign-in also gives the browser
  a session cookie (outreach.sessions: only its hash is stored), which signs the new tab in while the
  session is alive on the server. Signing out, a password change or a disabled account end it there, so
  every tab holding it is signed out on its next run.
- **From outside, optionally**: Streamlit's OIDC (``st.login``, when secrets.toml has ``[auth]``) or a
  trusted reverse-proxy header (only when ``OUTREACH_TRUST_PROXY_HEADER`` names it). Either way the
  person is mapped to a local account (``accounts.viewer_for``, by e-mail or name), which carries the
  role and the scope; nobody without a local account gets in.

Every sign-in, failed sign-in and sign-out goes to the audit log (accounts.login, accounts.logout,
accounts.record_external_login), and so does every export (:func:`audited`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Callable

import duckdb
import streamlit as st

from outreach import accounts, audit, sessions
from outreach.access import OPEN, Viewer, may, role_label
from outreach.i18n import t
from outreach.units import unit_label
from ui.text import as_text, md_escape, t_text

VIEWER = "auth_viewer"  # the signed-in Viewer
SEEN = "auth_seen"  # time of the viewer's last script run
METHOD = "auth_method"  # password | setup | oidc | proxy
TOKEN = "auth_token"  # the session cookie's token (password and setup sign-ins)
COOKIE_OUT = "auth_cookie_out"  # a token for the browser to keep, or "" to forget it: sent on the next run
NOTICE = "auth_notice"  # (kind, translation key, params) for the login form: signed out, expired …
PROXY_ENV = "OUTREACH_TRUST_PROXY_HEADER"
NAME_MAX = 60


def _now() -> float:
    """The clock idle expiry reads (tests move it)."""
    return time.time()


def _clock() -> dt.datetime:
    return dt.datetime.fromtimestamp(_now()).replace(microsecond=0)


def _cookie() -> str | None:
    """The session cookie the browser sent when this tab connected (tests stand in for the browser)."""
    value = st.context.cookies.get(sessions.COOKIE)
    return value if isinstance(value, str) and value else None


def _header(name: str) -> str | None:
    """A request header of this session's connection (tests stand in for the proxy here)."""
    value = st.context.headers.get(name)
    return value.strip() if value and value.strip() else None


# --- the guard -------------------------------------------------------------------------------------------

def guard(con: duckdb.DuckDBPyConnection, lang: str, compact: bool = False) -> Viewer:
    """The viewer of this run. With no account in the database: OPEN, under the setup banner; a
    ``compact`` page (the 会议 slides fill the screen) draws :func:`open_badge` in its toolbar instead.
    Otherwise the signed-in account, or the login form and ``st.stop()``."""
    if not accounts.any_accounts(con):
        for key in (VIEWER, SEEN, METHOD, TOKEN):  # a database swapped under a running session
            st.session_state.pop(key, None)
        if not compact:
            _open_banner(con, lang)
        return OPEN
    viewer = _session_viewer(con) or _cookie_viewer(con) or _outside_viewer(con)
    if viewer is None:
        _login_page(con, lang)
        st.stop()
    _send_cookie()
    return viewer


def _session_viewer(con: duckdb.DuckDBPyConnection) -> Viewer | None:
    state = st.session_state
    viewer: Viewer | None = state.get(VIEWER)
    if viewer is None:
        return None
    if token := state.get(TOKEN):  # the server's session decides: idle, signed out in another tab, changed
        fresh, why = sessions.resume(con, token, _clock())
        if fresh is None:
            if why is None and accounts.viewer_for(con, name=viewer.name) is None:
                why = "auth.account_gone"  # disabling an account ends its sessions: say why
            _sign_out(con, why or "auth.session_ended", kind="error" if why == "auth.account_gone" else "warning")
            return None
    else:  # an outside sign-in (OIDC, proxy): this tab's clock
        if _now() - state.get(SEEN, 0.0) > accounts.session_idle_seconds():
            accounts.logout(con, viewer, "idle")
            _sign_out(con, "auth.expired", kind="warning")
            return None
        fresh = accounts.viewer_for(con, name=viewer.name)  # a role, scope or grant changed, or disabled since
        if fresh is None:
            _sign_out(con, "auth.account_gone", kind="error")
            return None
    state[VIEWER], state[SEEN] = fresh, _now()
    return fresh


def _cookie_viewer(con: duckdb.DuckDBPyConnection) -> Viewer | None:
    """A reload or another tab of a signed-in browser: the session its cookie names, while it lives."""
    token = _cookie()
    viewer, why = sessions.resume(con, token, _clock())
    if viewer is None:
        if why:
            st.session_state[NOTICE] = ("error" if why == "auth.account_gone" else "warning", why, {})
        return None
    state = st.session_state
    state[VIEWER], state[SEEN], state[METHOD], state[TOKEN] = viewer, _now(), "password", token
    return viewer


def _start(con: duckdb.DuckDBPyConnection, viewer: Viewer, method: str) -> None:
    state = st.session_state
    state[VIEWER], state[SEEN], state[METHOD] = viewer, _now(), method
    state.pop(NOTICE, None)
    if method in ("password", "setup"):  # OIDC and the proxy sign the tab in by themselves
        _new_token(con, viewer, method)
    if method != "password":  # a password login is recorded by accounts.login itself
        accounts.record_external_login(con, viewer, via=method)


def _new_token(con: duckdb.DuckDBPyConnection, viewer: Viewer, method: str) -> None:
    token = sessions.open_session(con, viewer, method, _clock())
    st.session_state[TOKEN] = st.session_state[COOKIE_OUT] = token


def _send_cookie() -> None:
    """Give the browser the token to keep (or make it forget it). A session cookie: it ends with the
    browser; the server ends it sooner when idle. Sent in a script because Streamlit sets no cookies."""
    token = st.session_state.pop(COOKIE_OUT, None)
    if token is None:
        return
    value = f"{sessions.COOKIE}={token}; Path=/; SameSite=Strict" if token else \
        f"{sessions.COOKIE}=; Path=/; Max-Age=0; SameSite=Strict"
    st.html(f"<script>document.cookie = {json.dumps(value)} + (location.protocol === 'https:' ? '; Secure' : '');"
            "</script>", unsafe_allow_javascript=True)


def _sign_out(con: duckdb.DuckDBPyConnection, notice: str | None = None, kind: str = "info") -> None:
    """Forget the session, all of it but the language: whatever the last viewer had (names unmasked on
    the meeting page, previews of their uploads, a typed 汇报) must not reach whoever signs in next. The
    server's session ends too, and the browser is told to drop its cookie."""
    method = st.session_state.get(METHOD)
    sessions.close(con, st.session_state.get(TOKEN))
    for key in list(st.session_state):
        if key != "lang":
            del st.session_state[key]
    st.session_state[COOKIE_OUT] = ""
    if notice:
        st.session_state[NOTICE] = (kind, notice, {})
    if method == "oidc" and _oidc_signed_in():
        st.logout()  # else the identity cookie would sign them straight back in


def sign_out(con: duckdb.DuckDBPyConnection, viewer: Viewer) -> None:
    accounts.logout(con, viewer, "user")
    _sign_out(con, "auth.signed_out")
    st.rerun()


# --- from outside: a trusted proxy header, Streamlit's OIDC ------------------------------------------------

def proxy_header() -> str | None:
    """The header a trusted reverse proxy sets, when (and only when) the environment names one."""
    return os.environ.get(PROXY_ENV, "").strip() or None


def oidc_providers() -> list[str | None]:
    """[None] for a single provider configured in ``[auth]`` itself, the names of ``[auth.NAME]``
    sections otherwise, [] without an ``[auth]`` section."""
    try:
        section = st.secrets.get("auth") if "auth" in st.secrets else None
    except Exception:  # no secrets.toml at all, or one that does not parse
        return []
    if not section:
        return []
    named = [name for name, value in section.items() if hasattr(value, "keys") and "client_id" in value]
    return named or ([None] if "client_id" in section else [])


def _oidc_signed_in() -> bool:
    try:
        return bool(st.user.is_logged_in)
    except Exception:  # Streamlit without auth support
        return False


def _oidc_identity() -> tuple[str | None, str | None]:
    """(e-mail, name) of the OIDC sign-in, as the provider's ID token gives them."""
    return st.user.get("email"), st.user.get("preferred_username") or st.user.get("name")


def _outside_viewer(con: duckdb.DuckDBPyConnection) -> Viewer | None:
    header = proxy_header()
    if header and (remote := _header(header)):
        viewer = accounts.viewer_for(con, name=remote[:NAME_MAX])
        if viewer is not None:
            _start(con, viewer, "proxy")
            return viewer
        st.session_state[NOTICE] = ("error", "auth.no_local_account", {"who": remote[:NAME_MAX]})
    if oidc_providers() and _oidc_signed_in():
        email, name = _oidc_identity()
        viewer = accounts.viewer_for(con, name=name, email=email)
        if viewer is not None:
            _start(con, viewer, "oidc")
            return viewer
        st.session_state[NOTICE] = ("error", "auth.no_local_account", {"who": email or name or "?"})
    return None


# --- the login page ----------------------------------------------------------------------------------------

def _login_page(con: duckdb.DuckDBPyConnection, lang: str) -> None:
    """The form and nothing else. The URL is not touched: signed in, the same page and filters show."""
    st.session_state["lang"] = lang  # keeps the sidebar's language choice while it is not drawn
    _send_cookie()
    _, middle, _ = st.columns([1, 1.1, 1])
    with middle:
        st.markdown(f"## {t('app.title', lang)}")
        if (notice := st.session_state.pop(NOTICE, None)) is not None:
            kind, key, params = notice
            {"info": st.info, "warning": st.warning, "error": st.error}[kind](t_text(key, lang, **params))
        with st.form("auth_login", clear_on_submit=True):
            st.markdown(f"**{t('auth.login_title', lang)}**")
            name = st.text_input(t("auth.name", lang), key="auth_name", max_chars=NAME_MAX, autocomplete="username")
            password = st.text_input(t("auth.password", lang), type="password", key="auth_password",
                                     autocomplete="current-password")
            submitted = st.form_submit_button(t("auth.login", lang), type="primary", width="stretch",
                                              icon=":material/login:")
        if submitted:
            _try_login(con, name, password, lang)
        providers = oidc_providers()
        for provider in providers:
            text = t("auth.sso", lang) if provider is None else t("auth.sso_provider", lang, provider=provider)
            if st.button(md_escape(text), key=f"auth_sso_{provider or ''}", width="stretch", icon=":material/key:"):
                st.login(provider) if provider else st.login()
        # Signed in outside, but to no account here: let them leave that identity for another one.
        if providers and _oidc_signed_in() and st.button(t("auth.sso_logout", lang), key="auth_sso_logout",
                                                         type="tertiary"):
            st.logout()
        st.segmented_control(t("shell.language", lang), ("zh", "en"), default=lang, key="auth_lang",
                             required=True, on_change=_language_from_login,
                             format_func=lambda code: "中文" if code == "zh" else "English")


def _language_from_login() -> None:
    st.session_state["lang"] = st.session_state["auth_lang"]


def _try_login(con: duckdb.DuckDBPyConnection, name: str, password: str, lang: str) -> None:
    name = (name or "").strip()
    if not name or not password:
        st.error(t("auth.fill_both", lang))
        return
    result = accounts.login(con, name, password)
    if result.ok:
        _start(con, result.viewer, "password")
        st.rerun()
    # Why, in words: a wrong password, a wait (请 N 秒后再试), a lock (ask the admin), a disabled account.
    st.error(as_text(result.message(lang)), icon=":material/lock:")


# --- no account yet ------------------------------------------------------------------------------------------

def _open_banner(con: duckdb.DuckDBPyConnection, lang: str) -> None:
    st.warning(t("auth.open_banner", lang), icon=":material/lock_open:")
    with st.expander(t("auth.setup_title", lang), icon=":material/admin_panel_settings:"):
        _setup_form(con, lang)


def open_badge(con: duckdb.DuckDBPyConnection, viewer: Viewer, lang: str) -> None:
    """The banner in a toolbar: a short warning word whose popover holds the banner and the setup form.
    Nothing once accounts exist."""
    if not viewer.is_open:
        return
    with st.popover(f":orange[{t('auth.open_badge', lang)}]", icon=":material/lock_open:", type="tertiary"):
        st.warning(t("auth.open_banner", lang), icon=":material/lock_open:")
        _setup_form(con, lang)


def _setup_form(con: duckdb.DuckDBPyConnection, lang: str) -> None:
    st.caption(t("auth.setup_help", lang))
    with st.form("auth_setup"):
        name = st.text_input(t("auth.name", lang), key="auth_setup_name", max_chars=NAME_MAX,
                             autocomplete="username")
        first = st.text_input(t("auth.password", lang), type="password", key="auth_setup_pw",
                              autocomplete="new-password")
        second = st.text_input(t("auth.password_again", lang), type="password", key="auth_setup_pw2",
                               autocomplete="new-password")
        submitted = st.form_submit_button(t("auth.setup_submit", lang), type="primary",
                                          icon=":material/person_add:")
    if submitted:
        _create_first_admin(con, (name or "").strip(), first, second, lang)


def _create_first_admin(con: duckdb.DuckDBPyConnection, name: str, first: str, second: str, lang: str) -> None:
    if not name or not first:
        st.error(t("auth.fill_both", lang))
        return
    if first != second:
        st.error(t("auth.password_mismatch", lang))
        return
    try:
        viewer = accounts.create_first_admin(con, name, first)
    except accounts.AccountError as exc:
        if exc.key == "acct.err.already_accounts":  # someone else was quicker: sign in like everybody
            st.rerun()
        st.error(as_text(exc.message(lang)))
        return
    _start(con, viewer, "setup")
    st.rerun()


# --- after the guard: pages, the sidebar box, exports ------------------------------------------------------

def page_action(page_key: str) -> str:
    """'page.team' → 'page:team', the action ``may`` knows a page by."""
    return "page:" + page_key.removeprefix("page.")


def may_open(viewer: Viewer, page_key: str) -> bool:
    """Whether the menu lists the page (and the page lets the viewer in)."""
    return may(viewer, page_action(page_key))


def require_page(viewer: Viewer, page_key: str, lang: str) -> None:
    """A page this viewer may not see says so and stops (its menu is drawn already)."""
    if not may_open(viewer, page_key):
        st.error(t("auth.page_refused", lang, role=role_label(viewer.role, lang)), icon=":material/block:")
        st.stop()


def scope_label(viewer: Viewer, lang: str) -> str:
    """Where the account looks: its unit ('福安市 / 城南镇团委'), its county, or the whole city."""
    if viewer.unit:
        return unit_label(viewer.unit)
    return viewer.county or t("auth.scope_all", lang)


def account_box(con: duckdb.DuckDBPyConnection, viewer: Viewer, lang: str) -> None:
    """At the foot of the sidebar: who is signed in, a password change, sign out. Nothing in open mode."""
    if viewer.name is None:
        return
    st.divider()
    st.markdown(t_text("auth.signed_in_as", lang, name=viewer.name))
    st.caption(as_text(f"{role_label(viewer.role, lang)} · {scope_label(viewer, lang)}"))
    if st.session_state.get(METHOD) == "proxy":  # the proxy signs them in on every run: nothing to end here
        st.caption(t("auth.via_proxy", lang))
        return
    row = st.container(horizontal=True, gap="small")
    with row.popover(t("auth.change_password", lang), icon=":material/password:"):
        _password_form(con, viewer, lang)
    if row.button(t("auth.logout", lang), key="auth_logout", icon=":material/logout:"):
        sign_out(con, viewer)


def _password_form(con: duckdb.DuckDBPyConnection, viewer: Viewer, lang: str) -> None:
    with st.form("auth_password_form", clear_on_submit=True, border=False):
        old = st.text_input(t("auth.old_password", lang), type="password", key="auth_pw_old",
                            autocomplete="current-password")
        new = st.text_input(t("auth.new_password", lang), type="password", key="auth_pw_new",
                            autocomplete="new-password")
        again = st.text_input(t("auth.new_password_again", lang), type="password", key="auth_pw_again",
                              autocomplete="new-password")
        submitted = st.form_submit_button(t("auth.change_submit", lang), type="primary")
    if not submitted:
        return
    if new != again:
        st.error(t("auth.password_mismatch", lang))
        return
    try:
        accounts.set_password(con, viewer.name, new, by=viewer.name, old_password=old)
    except accounts.AccountError as exc:
        st.error(as_text(exc.message(lang)))
        return
    if st.session_state.get(TOKEN):  # the change signed every browser out, this one included: a new session
        _new_token(con, viewer, "password")
        _send_cookie()
    st.success(t("auth.password_changed", lang))


def audited(con: duckdb.DuckDBPyConnection, viewer: Viewer, which: str, filters: object,
            build: Callable[[], bytes]) -> Callable[[], bytes]:
    """A download's bytes, built when it is clicked and recorded as an export (which one, the filters).
    The callable runs outside the script run (Streamlit's deferred download), on a cursor of its own."""

    def make() -> bytes:
        audit.record(con.cursor(), viewer, "export", target=which, filters=filters)
        return build()

    return make
