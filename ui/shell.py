"""The one setup call every page makes first: page config, database, menu, sidebar filters.

Pages are discovered from pages/ (no st.navigation): a deep link to a page on a freshly started
server runs that page's file directly, and because the page itself draws our menu and filters it
looks the same however it was reached. The automatic page list is hidden in .streamlit/config.toml.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
from dataclasses import dataclass, field, replace

import duckdb
import streamlit as st

from outreach import fmt, store
from outreach.access import OPEN, Viewer, landing_page, may, scope
from outreach.filters import Facets, Filters, ViewState, from_params, month_of, month_text, period_range, to_params
from outreach.i18n import DEFAULT_LANG, LANGS, category_label, label, t
from outreach.periods import PRESETS
from outreach.queries import QueryRunner, filter_facets
from outreach.units import unit_label
from ui import auth, responsive
from ui.text import md_escape

# (script, translation key, icon). Only pages that exist are listed.
MENU: tuple[tuple[str, str, str], ...] = (
    ("app.py", "page.overview", ":material/dashboard:"),
    ("pages/team.py", "page.team", ":material/groups:"),
    ("pages/activity.py", "page.activity", ":material/trending_up:"),
    ("pages/evaluation.py", "page.evaluation", ":material/military_tech:"),
    ("pages/meeting.py", "page.meeting", ":material/co_present:"),
    ("pages/data.py", "page.data", ":material/upload_file:"),
    ("pages/admin.py", "page.admin", ":material/admin_panel_settings:"),
)


@st.cache_resource(max_entries=1)
def _connection(location: str) -> duckdb.DuckDBPyConnection:
    """One DuckDB connection per server process; each script run takes its own cursor. With a shared
    store it is this server's local copy, named by its port (several servers may share a machine) and
    kept level with the other servers' writes by a follower thread."""
    return store.connect(location, replica_role=f"server-{st.get_option('server.port')}", follow=True)


@functools.cache
def _freeze_startup_objects() -> None:
    """Exempt what the imports built from every later full garbage collection.

    The modules a page imports (Streamlit, pandas, plotly's validators, ours) leave about 130,000 objects
    that live as long as the process, and a full (generation 2) collection walks every one. At province
    scale one came every ten runs or so and took 80–150 ms, the Overview's whole p95 over its p50; frozen,
    it takes 5–15 ms (bench/RESULTS.md). Garbage made before is collected first, so none is kept."""
    gc.collect()
    gc.freeze()


@dataclass
class Page:
    con: duckdb.DuckDBPyConnection
    q: QueryRunner
    filters: Filters
    lang: str
    viewer: Viewer = OPEN  # who is looking (ui.auth); OPEN while no account exists
    # What the address says (outreach.filters.ViewState: filters, preset, language, drill-down) and the
    # values the data offers to filter by; see url_params / write_url below.
    state: ViewState = field(default_factory=ViewState)
    facets: Facets = field(default_factory=Facets)

    def t(self, key: str, **params: object) -> str:
        return t(key, self.lang, **params)

    def may(self, action: str) -> bool:
        """Whether the viewer may do ``action`` (outreach.access.may: 'import', 'undo', 'export' …)."""
        return may(self.viewer, action)


def setup_page(page_key: str, filters: bool = True, presentation: bool = False) -> Page:
    """``presentation``: no sidebar (a screen shared in a meeting); the filters still come from the URL."""
    _freeze_startup_objects()  # once per process: the first run has imported the page's modules
    lang = _language()
    st.set_page_config(page_title=f"{t(page_key, lang)} · {t('app.title', lang)}", layout="wide",
                       initial_sidebar_state="collapsed" if presentation else "auto")
    try:
        con = _connection(store.location()).cursor()
        stale = store.replica_failure(con)  # a shared store's copy that stopped following: no stale figures
        if stale is not None:
            raise stale
    except store.DatabaseUnavailable as exc:  # a bad OUTREACH_DB: say so on every page, no traceback
        st.error(md_escape(exc.message(lang)), icon=":material/database:")
        st.stop()
    # Who is looking, before anything is drawn: the login form alone (st.stop) for an anonymous
    # visitor once accounts exist; the setup banner while none does. Every query runs in their scope.
    viewer = auth.guard(con, lang, compact=presentation)
    responsive.apply(sidebar=not presentation)  # phones: two figures a row, the sidebar closed after a tap
    q = QueryRunner(con, scope(con, viewer))
    if presentation:
        auth.require_page(viewer, page_key, lang)
        st.session_state["lang"] = lang  # keeps the language widget's choice while that widget is not drawn
        st.html("<style>[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'],"
                " [data-testid='stExpandSidebarButton'] { display: none; }</style>")
        state, facets = _filters(q, lang, draw=False)
        return Page(con, q, state.filters if filters else Filters(), lang, viewer, state, facets)
    with st.sidebar:
        st.markdown(f"### {t('app.title', lang)}")
        menu = st.container()  # filled once the filters below are drawn: links carry this run's choice
        state, facets = _filters(q, lang, draw=filters and auth.may_open(viewer, page_key))  # none on a refused page
        st.divider()
        st.session_state["lang"] = lang  # sent anew: a page reached by a link would show the switch's default
        st.radio(t("shell.language", lang), LANGS, key="lang", horizontal=True, format_func=language_name)
        auth.account_box(con, viewer, lang)
    with menu:
        for script, key, icon in MENU:
            if auth.may_open(viewer, key):  # only the pages this viewer may see
                st.page_link(script, label=t(key, lang), icon=icon, query_params=link_params(state))
    _land(viewer, page_key, state)
    auth.require_page(viewer, page_key, lang)
    return Page(con, q, state.filters if filters else Filters(), lang, viewer, state, facets)


def _land(viewer: Viewer, page_key: str, state: ViewState) -> None:
    """The app's own address ('/', where signing in leaves a visitor) opens the first page the viewer may
    see: a presenter's account has the meeting page only. Any other refused page says so instead."""
    if page_key != "page.overview" or auth.may_open(viewer, page_key):
        return
    first = landing_page(viewer)
    script = next((s for s, key, _ in MENU if key == f"page.{first}"), None)
    if script:
        st.switch_page(script, query_params=link_params(state))


# --- the address: what it says, read and written through the one codec (outreach.filters) ------------------

def url_params() -> dict[str, list[str]]:
    """The page's query parameters, with every value of each."""
    return {k: st.query_params.get_all(k) for k in st.query_params}


def write_url(state: ViewState) -> None:
    """``state`` into the address bar, so that a refresh or a shared link shows the same view (written only
    when it changed: each write is a message to the browser)."""
    params = to_params(state)
    if {k: [v] if isinstance(v, str) else list(v) for k, v in params.items()} != url_params():
        st.query_params.from_dict(params)


def link_params(state: ViewState) -> dict[str, str | list[str]]:
    """What a link to another page carries: the filters and the language, not this page's drill-down."""
    return to_params(replace(state, drill=None))


def language_name(code: str) -> str:
    return "中文" if code == "zh" else "English"


def _language() -> str:
    """The viewer's language: the switch's last choice; else the address's ``lang`` (a shared link, a
    refresh); else the default. It seeds the switch (key "lang"), which keeps it from then on."""
    lang = st.session_state.get("lang")
    if lang not in LANGS:
        lang = from_params(url_params(), Facets()).lang or DEFAULT_LANG
        st.session_state["lang"] = lang
    return lang


def _filters(q: QueryRunner, lang: str, draw: bool) -> tuple[ViewState, Facets]:
    """The view the address asks for (values the data does not offer dropped) and, with ``draw``, the
    sidebar filters starting from it and the view they choose. The address is rewritten to match."""
    facets = Facets.of(filter_facets(q))
    state = replace(from_params(url_params(), facets), lang=lang)
    if draw and facets.months:
        state = _draw_filters(lang, facets, state)
    write_url(state)
    return state, facets


def _draw_filters(lang: str, facets: Facets, state: ViewState) -> ViewState:
    f = state.filters
    st.divider()  # here, not in setup_page: a page without filters gets one divider, not two
    st.markdown(f"**{t('shell.filters', lang)}**")
    _relabel(lang)
    preset, start, end = _period(lang, facets.months, state)
    counties = _pick(lang, "field.county", facets.counties, f.counties, "f_county")
    units = _pick(lang, "field.unit", facets.units_in(counties), f.units, "f_unit", unit_label)
    categories = _pick(lang, "field.category", facets.categories, f.categories, "f_category",
                       lambda c: category_label(c, lang))
    roles = _pick(lang, "field.role", facets.roles, f.roles, "f_role", lambda r: label("role", r, lang))
    chosen = replace(state, preset=preset, filters=Filters(start, end, counties, units, categories, roles))
    # Read back as any link would be: a drill-down into a county no longer chosen goes, for one.
    return replace(from_params(to_params(chosen), facets), lang=lang)


def _relabel(lang: str) -> None:
    """Right after a language switch the browser still shows the old label of a chosen option (全部月份)
    until the value is sent again: give the filters whose options are translated their own value back."""
    if st.session_state.get("filters_lang", lang) != lang:
        for key in ("f_preset", "f_category", "f_role"):
            if key in st.session_state:
                st.session_state[key] = st.session_state[key]
    st.session_state["filters_lang"] = lang


def _pick(lang: str, title: str, options: tuple[str, ...], chosen: tuple[str, ...], key: str,
          fmt=None) -> tuple[str, ...]:
    """A multiselect starting from the address's choice (empty means all)."""
    kwargs = {"format_func": fmt} if fmt else {}
    return tuple(st.multiselect(t(title, lang), options, default=[v for v in chosen if v in options],
                                placeholder=t("filter.all", lang), key=key, **kwargs))


def _period(lang: str, months: tuple[str, ...], state: ViewState) -> tuple[str, dt.date, dt.date]:
    """(preset, first month, last month). A custom range starts from the months shown until now."""
    preset = st.selectbox(t("filter.period", lang), PRESETS, index=PRESETS.index(state.preset), key="f_preset",
                          format_func=lambda p: t(f"preset.{p}", lang))
    if preset != "custom" or len(months) == 1:
        start, end = period_range(preset, months)
        if preset != "custom":
            st.caption(fmt.period_span(start, end, lang))
        return preset, start, end
    f = state.filters
    start, end = period_range(preset, months, month_text(f.month_from), month_text(f.month_to))
    picked = st.select_slider(t("filter.custom_range", lang), options=months,
                              value=(month_text(start), month_text(end)), key="f_period")
    return preset, month_of(picked[0]), month_of(picked[1])
