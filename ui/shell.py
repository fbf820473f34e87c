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

from outreach import store
from outreach.filters import Filters
from outreach.i18n import t
from outreach.queries import QueryRunner

# (script, translation key, icon). Only pages that exist are listed.
MENU: tuple[tuple[str, str, str], ...] = (
    ("app.py", "page.overview", ":material/dashboard:"),
    ("pages/team.py", "page.team", ":material/groups:"),
    ("pages/activity.py", "page.activity", ":material/trending_up:"),
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


def setup_page(page_key: str, filters: bool = True) -> Page:
    lang = st.session_state.get("lang", "zh")
    st.set_page_config(page_title=f"{t(page_key, lang)} · {t('app.title', lang)}", layout="wide",
                       initial_sidebar_state="expanded")
    con = _connection(str(store.db_path())).cursor()
    q = QueryRunner(con)
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


_FILTER_KEYS = ("from", "to", "county", "unit")


def _carried_params() -> dict[str, str | list[str]]:
    """Filters travel in the URL, so a refresh or a shared link shows the same view."""
    return {k: st.query_params.get_all(k) for k in _FILTER_KEYS if st.query_params.get_all(k)}


def _month(text: str) -> dt.date:
    year, month = text.split("-")
    return dt.date(int(year), int(month), 1)


def _filters(q: QueryRunner, lang: str) -> Filters:
    options = q.df("filter_options")
    months = options.loc[options["facet"] == "month", "value"].tolist()
    counties = options.loc[options["facet"] == "county", "value"].tolist()
    units = options.loc[options["facet"] == "unit", "value"].tolist()
    if not months:
        return Filters()
    st.markdown(f"**{t('shell.filters', lang)}**")
    params = st.query_params
    start = params.get("from") if params.get("from") in months else months[0]
    end = params.get("to") if params.get("to") in months else months[-1]
    start, end = st.select_slider(t("filter.period", lang), options=months, value=(start, end), key="f_period")
    picked_counties = st.multiselect(
        t("field.county", lang), counties, default=[c for c in params.get_all("county") if c in counties],
        placeholder=t("filter.all", lang), key="f_county",
    )
    unit_choices = units
    if picked_counties:
        in_county = set(q.df("units_in_counties", counties=picked_counties)["unit"])
        unit_choices = [u for u in units if u in in_county]
    picked_units = st.multiselect(
        t("field.unit", lang), unit_choices, default=[u for u in params.get_all("unit") if u in unit_choices],
        placeholder=t("filter.all", lang), key="f_unit",
    )
    params.from_dict({"from": start, "to": end, "county": picked_counties, "unit": picked_units})
    return Filters(_month(start), _month(end), tuple(picked_counties), tuple(picked_units))
