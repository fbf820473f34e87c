"""The one setup call every page makes first: page config, database, menu, sidebar filters.

Pages are discovered from pages/ (no st.navigation): a deep link to a page on a freshly started
server runs that page's file directly, and because the page itself draws our menu and filters it
looks the same however it was reached. The automatic page list is hidden in .streamlit/config.toml.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import streamlit as st

from outreach import fmt, store
from outreach.filters import Filters
from outreach.i18n import label, t
from outreach.periods import PRESETS, preset_range
from outreach.queries import QueryRunner, filter_facets
from outreach.units import split_unit_key, unit_label
from outreach.vocab import ROLES
from ui.text import md_escape

# (script, translation key, icon). Only pages that exist are listed.
MENU: tuple[tuple[str, str, str], ...] = (
    ("app.py", "page.overview", ":material/dashboard:"),
    ("pages/team.py", "page.team", ":material/groups:"),
    ("pages/activity.py", "page.activity", ":material/trending_up:"),
    ("pages/evaluation.py", "page.evaluation", ":material/military_tech:"),
    ("pages/meeting.py", "page.meeting", ":material/co_present:"),
    ("pages/data.py", "page.data", ":material/upload_file:"),
)


@st.cache_resource(max_entries=1)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    """One DuckDB connection per server process; each script run takes its own cursor."""
    return store.connect(path)


@dataclass
class Page:
    con: duckdb.DuckDBPyConnection
    q: QueryRunner
    filters: Filters
    lang: str

    def t(self, key: str, **params: object) -> str:
        return t(key, self.lang, **params)


def setup_page(page_key: str, filters: bool = True, presentation: bool = False) -> Page:
    """``presentation``: no sidebar (a screen shared in a meeting); the filters still come from the URL."""
    lang = st.session_state.get("lang", "zh")
    st.set_page_config(page_title=f"{t(page_key, lang)} · {t('app.title', lang)}", layout="wide",
                       initial_sidebar_state="collapsed" if presentation else "expanded")
    try:
        con = _connection(str(store.db_path())).cursor()
    except store.DatabaseUnavailable as exc:  # a bad OUTREACH_DB: say so on every page, no traceback
        st.error(md_escape(exc.message(lang)), icon=":material/database:")
        st.stop()
    q = QueryRunner(con)
    if presentation:
        st.session_state["lang"] = lang  # keeps the language widget's choice while that widget is not drawn
        st.html("<style>[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'],"
                " [data-testid='stExpandSidebarButton'] { display: none; }</style>")
        return Page(con, q, filters_from_url(q) if filters else Filters(), lang)
    with st.sidebar:
        st.markdown(f"### {t('app.title', lang)}")
        for script, key, icon in MENU:
            st.page_link(script, label=t(key, lang), icon=icon, query_params=_carried_params())
        st.divider()
        chosen = _filters(q, lang) if filters else Filters()
        st.divider()
        st.radio(t("shell.language", lang), ("zh", "en"), key="lang", horizontal=True,
                 format_func=lambda code: "中文" if code == "zh" else "English")
    return Page(con, q, chosen, lang)


_FILTER_KEYS = ("preset", "from", "to", "county", "unit", "category", "role")


def _carried_params() -> dict[str, str | list[str]]:
    """Filters travel in the URL, so a refresh or a shared link shows the same view."""
    return {k: st.query_params.get_all(k) for k in _FILTER_KEYS if st.query_params.get_all(k)}


def _month(text: str) -> dt.date:
    year, month = text.split("-")
    return dt.date(int(year), int(month), 1)


def _units_from_url(keys: list[str]) -> list[str]:
    """The unit keys the URL names ('福安市/城南镇团委'). A bare name (a link from before units had
    counties) stands for its unit only while one county has a unit of that name."""
    chosen = []
    for value in st.query_params.get_all("unit"):
        if value in keys:
            chosen.append(value)
        elif "/" not in value:
            named = [k for k in keys if split_unit_key(k)[1] == value]
            chosen.extend(named if len(named) == 1 else [])
    return list(dict.fromkeys(chosen))


def _pick(lang: str, title: str, options: list[str], param: str, key: str, fmt=None,
          chosen: list[str] | None = None) -> list[str]:
    """A multiselect whose starting value comes from the URL (empty means all)."""
    if chosen is None:
        chosen = [v for v in st.query_params.get_all(param) if v in options]
    kwargs = {"format_func": fmt} if fmt else {}
    return st.multiselect(title, options, default=chosen, placeholder=t("filter.all", lang), key=key, **kwargs)


def _period(lang: str, months: list[str]) -> tuple[str, str, str]:
    params = st.query_params
    preset = params.get("preset") if params.get("preset") in PRESETS else "all"
    preset = st.selectbox(t("filter.period", lang), PRESETS, index=PRESETS.index(preset), key="f_preset",
                          format_func=lambda p: t(f"preset.{p}", lang))
    if preset != "custom":
        start, end = preset_range(preset, _month(months[0]), _month(months[-1]))
        st.caption(fmt.period_span(start, end, lang))
        return preset, f"{start:%Y-%m}", f"{end:%Y-%m}"
    start = params.get("from") if params.get("from") in months else months[0]
    end = params.get("to") if params.get("to") in months else months[-1]
    if len(months) == 1:
        return preset, months[0], months[0]
    start, end = st.select_slider(t("filter.custom_range", lang), options=months, value=(start, end),
                                  key="f_period")
    return preset, start, end


def filters_from_url(q: QueryRunner) -> Filters:
    """The filters the sidebar would show for this URL, read without drawing it (unknown values dropped)."""
    facets = filter_facets(q)
    months = facets["month"]
    if not months:
        return Filters()
    params = st.query_params
    preset = params.get("preset") if params.get("preset") in PRESETS else "all"
    if preset == "custom":
        start = _month(params.get("from") if params.get("from") in months else months[0])
        end = _month(params.get("to") if params.get("to") in months else months[-1])
    else:
        start, end = preset_range(preset, _month(months[0]), _month(months[-1]))
    counties = [v for v in params.get_all("county") if v in facets["county"]]
    units = facets["unit"]
    if counties:
        units = [u for u in units if u in set(q.df("units_in_counties", counties=counties)["unit_key"])]
    return Filters(start, max(start, end), tuple(counties), tuple(_units_from_url(units)),
                   tuple(v for v in params.get_all("category") if v in facets["category"]),
                   tuple(v for v in params.get_all("role") if v in ROLES))


def _filters(q: QueryRunner, lang: str) -> Filters:
    facets = filter_facets(q)
    months = facets["month"]
    if not months:
        return Filters()
    st.markdown(f"**{t('shell.filters', lang)}**")
    preset, start, end = _period(lang, months)
    counties = _pick(lang, t("field.county", lang), facets["county"], "county", "f_county")
    unit_choices = facets["unit"]
    if counties:
        in_county = set(q.df("units_in_counties", counties=counties)["unit_key"])
        unit_choices = [u for u in unit_choices if u in in_county]
    units = _pick(lang, t("field.unit", lang), unit_choices, "unit", "f_unit", unit_label,
                  chosen=_units_from_url(unit_choices))
    categories = _pick(lang, t("field.category", lang), facets["category"], "category", "f_category")
    roles = _pick(lang, t("field.role", lang), list(ROLES), "role", "f_role", lambda r: label("role", r, lang))
    st.query_params.from_dict({"preset": preset, "from": start, "to": end, "county": counties, "unit": units,
                               "category": categories, "role": roles})
    return Filters(_month(start), _month(end), tuple(counties), tuple(units), tuple(categories), tuple(roles))
