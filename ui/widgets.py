"""Small Streamlit building blocks shared by pages."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import partial

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from outreach import chart_export, export, fmt, store, team
from outreach.access import is_all
from outreach.demo_load import load_demo
from outreach.i18n import label
from outreach.overview import Coverage, Headline, UnitRanking
from ui import auth, charts, responsive
from ui.shell import Page, write_url
from ui.text import as_text, plotly_escape

_FILE_NAME_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')
# Silent members listed on the page; the download has them all (at a million members, hundreds of
# thousands would otherwise go to the browser on every run).
SILENT_ROWS = 1000


def offer_demo_if_empty(page: Page) -> bool:
    """On an empty database, offer the demo and the upload page instead of empty charts."""
    if not store.is_empty(page.con):
        return False
    if not (page.may("import") and is_all(page.viewer)):  # the demo writes every county: city-wide importers only
        st.info(page.t("auth.empty_read_only"))
        return True
    st.info(page.t("shell.db_empty"))
    left, right = st.columns([1, 4])
    if left.button(page.t("shell.load_demo"), type="primary"):
        with st.spinner(page.t("shell.loading_demo")):
            n = load_demo(page.con)
        st.toast(page.t("shell.demo_loaded", batches=n))
        st.rerun()
    right.page_link("pages/data.py", label=page.t("shell.go_data"), icon=":material/upload_file:")
    return True


def period_caption(page: Page, has_previous: bool, coverage: Coverage | None = None) -> None:
    f = page.filters
    span = fmt.period_span(f.month_from, f.month_to, page.lang)
    month = fmt.period_span(f.month_to, f.month_to, page.lang)
    text = page.t("ov.period_caption" if has_previous else "ov.period_caption_first", span=span, month=month)
    if has_previous and coverage is not None and coverage.partial:
        text += page.t("ov.period_caption_partial", n=coverage.before, now=coverage.now)
    st.caption(text)


# Figures of the period's last month (a roster, who acted that month): a shorter previous period still has
# its own last month, so their change stands. The others are totals over the whole period.
PERIOD_TOTALS = ("actions", "opinion_reports", "trained_members")


def headline_metrics(page: Page, now: Headline, before: Headline | None, coverage: Coverage | None = None) -> None:
    """Seven headline figures with their change against the previous period (none if there is none).

    When the previous period holds fewer months of data than this one (本季度 against a quarter whose data
    starts in its second month), a change in a period total would mostly measure the missing month: a
    leader reads "+3,823" as growth whatever small print sits beside it. So those changes are withheld,
    and the place of each says why (上期仅2个月数据), in grey. A change of zero is grey too, with no arrow."""
    counts = ("members", "units", "active_members", None, "actions", "opinion_reports", "trained_members")
    titles = ("ov.members", "ov.units", "ov.active_members", "ov.active_rate", "ov.actions", "ov.opinion_reports",
              "ov.trained_members")
    partial = before is not None and coverage is not None and coverage.partial
    # One row on a desktop; two figures a row on a phone.
    for column, field, title in zip(responsive.grid("headline", len(counts)), counts, titles, strict=True):
        if field is None:
            delta, zero = None, False
            if before is not None and now.active_rate is not None and before.active_rate is not None:
                points = round((now.active_rate - before.active_rate) * 100, 1) + 0.0  # never -0.0
                delta, zero = f"{points:+.1f} pt", points == 0
            _metric(column, page.t(title), fmt.percent(now.active_rate), delta, zero)
            continue
        value = getattr(now, field)
        if partial and field in PERIOD_TOTALS:
            _metric(column, page.t(title), fmt.count(value, page.lang),
                    page.t("ov.change_partial", n=coverage.before), neutral=True)
            continue
        change = None if before is None else value - getattr(before, field)
        _metric(column, page.t(title), fmt.count(value, page.lang), None if change is None else f"{change:+,}",
                change == 0)


def _metric(column, title: str, value: str, delta: str | None, neutral: bool = False) -> None:
    """st.metric whose delta is grey and has no arrow when ``neutral`` (no change, or no change told)."""
    if neutral:
        column.metric(title, value, delta, delta_color="off", delta_arrow="off")
    else:
        column.metric(title, value, delta)


def chart_or_empty(page: Page, data: pd.DataFrame, build: Callable[[pd.DataFrame], go.Figure], key: str,
                   title: str | None = None, columns: Mapping[str, str] | None = None) -> None:
    """The chart with the data behind it to download, or a clear word that the filters select nothing.
    ``title`` heads the Excel sheet and names the files; ``columns`` maps a column to the translation
    key of its header where ``col.<name>`` is not the right one."""
    if data.empty:
        st.info(page.t("chart.empty"))
        return
    st.plotly_chart(build(data), key=key, config={"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d"]})
    download_menu(page, data, key, title, columns)


def download_menu(page: Page, data: pd.DataFrame, key: str, title: str | None = None,
                  columns: Mapping[str, str] | None = None) -> None:
    """A small 「下载数据」 popover holding the table as CSV and as Excel, with translated headers. Both
    files are built only when asked for (callables): built eagerly they cost 10–20 ms a chart on every
    rerun of every page. Each download is recorded in the audit log (which chart, which filters)."""
    if not page.may("export"):
        return
    name = _FILE_NAME_UNSAFE.sub("_", title or key)
    csv = auth.audited(page.con, page.viewer, f"{key}.csv", page.filters,
                       partial(chart_export.csv_bytes, data, page.lang, columns))
    xlsx = auth.audited(page.con, page.viewer, f"{key}.xlsx", page.filters,
                        partial(chart_export.xlsx_bytes, data, page.lang, title, columns))
    with st.popover(page.t("chart.download_data"), type="tertiary", icon=":material/download:"):
        st.download_button(page.t("chart.csv"), csv, file_name=f"{name}.csv", mime="text/csv", key=f"dl_{key}",
                           on_click="ignore", icon=":material/csv:", width="stretch")
        st.download_button(page.t("chart.xlsx"), xlsx, file_name=f"{name}.xlsx", mime=export.XLSX_MIME,
                           key=f"dlx_{key}", on_click="ignore", icon=":material/table_view:", width="stretch")


def unit_ranking(page: Page, ranking: UnitRanking, n: int) -> None:
    """前n and 后n units by actions per member, side by side on one scale, with the denominator named."""
    month = f"{page.filters.month_to:%Y-%m}"
    st.caption(page.t("ov.per_capita_note", month=month))
    if not ranking.ranked_count:
        st.info(page.t("chart.empty"))
        return
    top_value = ranking.top["per_capita"].max()
    value_label = page.t("ov.per_member")
    left, right = st.columns(2)
    with left:
        title = page.t("ov.top", n=n)
        st.markdown(f"**{title}**")
        chart_or_empty(page, ranking.top, lambda d: charts.ranking_bars(
            d, "per_capita", value_label, page.lang, top_value), "unit_top", title=f"{value_label}{title}")
    with right:
        title = page.t("ov.bottom", n=n)
        st.markdown(f"**{title}**")
        if ranking.bottom.empty:
            st.caption(page.t("ov.bottom_none", n=ranking.ranked_count))
        else:
            chart_or_empty(page, ranking.bottom, lambda d: charts.ranking_bars(
                d, "per_capita", value_label, page.lang, top_value, charts.LOW_COLOUR), "unit_bottom",
                title=f"{value_label}{title}")
    if ranking.unranked:
        st.caption(as_text(page.t("ov.unranked", month=month, units=page.t("fmt.list_sep").join(ranking.unranked))))


def freshness(page: Page, df: pd.DataFrame) -> None:
    late = df[df["late"]]
    if df.empty:
        st.info(page.t("chart.empty"))
        return
    if late.empty:
        st.success(page.t("ov.all_reported", month=f"{page.filters.month_to:%Y-%m}"))
    else:
        st.warning(as_text(page.t("ov.not_reported", n=len(late), month=f"{page.filters.month_to:%Y-%m}",
                                  units=fmt.name_list(late["unit"].tolist(), page.lang))))
    shown = df.rename(columns={"unit": page.t("field.unit"), "county": page.t("field.county"),
                               "last_month": page.t("ov.last_month")}).drop(columns="late")
    st.dataframe(shown, hide_index=True, column_config={
        page.t("ov.last_month"): st.column_config.DateColumn(format="YYYY-MM")}, height=240)


def choice(page: Page, title: str, options: tuple[str, ...], key: str, container=st) -> str:
    """One of ``options`` as a segmented control labelled ``{title}.{option}``; never nothing."""
    return container.segmented_control(page.t(title), options, default=options[0], key=key,
                                       format_func=lambda o: page.t(f"{title}.{o}")) or options[0]


# The drill-down county lives in the URL (``drill``, read into page.state by setup_page): a refresh or a
# shared link shows the same county, and going back to every county takes it out. A click on the chart
# writes it there (an on_select callback, before the rerun that draws it).

def drill_down_bar(page: Page, df: pd.DataFrame, category: str, value: str, value_label: str,
                   key: str) -> str | None:
    """A horizontal bar chart whose bars can be clicked; returns the county drilled into ("" for units
    with no county), or None for all of them."""
    if df.empty:
        st.info(page.t("chart.empty"))
        return None
    none = page.t("county.none")
    shown = df.assign(**{category: df[category].replace("", none)})
    fig = charts.bar_by_category(shown, category, value, value_label, page.lang, horizontal=True, height=420)
    fig.update_layout(clickmode="event+select", dragmode=False)
    # The chart shows each name escaped (ui.text.plotly_escape): a click gives that text back.
    counties = {plotly_escape(v): "" if v == none else v for v in shown[category]}
    chart = chart_key(key)
    st.plotly_chart(fig, key=chart, on_select=partial(on_drill, page, chart, lambda p: counties.get(p.get("y"))),
                    selection_mode="points", config={"displaylogo": False})
    return drilled_county(page, key)


def drill_down_treemap(page: Page, units: pd.DataFrame, key: str) -> str | None:
    """Counties → units sized by members; a click on a county (or one of its units) drills into that
    county, a click on the root (the path bar) goes back to all of them. Returns the county drilled into."""
    if units.empty:
        st.info(page.t("chart.empty"))
        return None
    nodes = team.treemap_nodes(units, page.t("team.all_counties"), page.t("county.none"),
                               page.t("team.treemap_other"))
    fig = charts.treemap(nodes, page.t("ov.members"), page.lang)
    counties = dict(zip(nodes["id"], nodes["county"], strict=True))
    chart = chart_key(key)
    st.plotly_chart(fig, key=chart, on_select=partial(on_drill, page, chart, lambda p: counties.get(p.get("id"))),
                    selection_mode="points", config={"displaylogo": False, "displayModeBar": False})
    return drilled_county(page, key)


def on_drill(page: Page, chart: str, county_of: Callable[[dict], str | None]) -> None:
    """on_select: the clicked county into the URL; an emptied selection (or the treemap's root) clears it."""
    event = st.session_state.get(chart)
    points = event["selection"]["points"] if event else []
    write_url(replace(page.state, drill=county_of(points[0]) if points else None))


def drilled_county(page: Page, key: str) -> str | None:
    """The county drilled into (from the URL), with the button that goes back to all of them."""
    county = page.state.drill
    if county is not None:
        st.button(page.t("team.back"), key=f"{key}_back", icon=":material/arrow_back:", on_click=_undrill,
                  args=(page, key))
    return county


def chart_key(key: str) -> str:
    """The chart's widget key, renewed by the back button: a fresh chart forgets both the selection and
    a treemap's own zoom, which clearing the selection alone would leave behind."""
    return f"{key}_{st.session_state.get(f'{key}_round', 0)}"


def _undrill(page: Page, key: str) -> None:
    st.session_state[f"{key}_round"] = st.session_state.get(f"{key}_round", 0) + 1
    write_url(replace(page.state, drill=None))


def drilled_title(page: Page, key: str, county: str | None) -> str:
    """A section title naming the county drilled into ("" the units with no county); as is for None."""
    if county is None:
        return page.t(key)
    return as_text(page.t("team.in_county", title=page.t(key), county=county or page.t("county.none")))


def unit_table(page: Page, units: pd.DataFrame) -> None:
    if units.empty:
        st.info(page.t("chart.empty"))
        return
    shown = units[["county", "unit", "members", "core", "liaison"]].rename(columns={
        "county": page.t("field.county"), "unit": page.t("field.unit"), "members": page.t("ov.members"),
        "core": page.t("team.core"), "liaison": page.t("team.liaison")})
    responsive.table(page.lang, shown, [page.t("field.unit"), page.t("ov.members")], hide_index=True,
                     height=_table_height(len(shown), most=11), column_config={
                         page.t("ov.members"): st.column_config.ProgressColumn(
                             format="%d", min_value=0, max_value=int(units["members"].max()))})


def quota_gaps(page: Page, gaps) -> None:
    if not gaps.any:
        st.success(page.t("team.quota_ok"))
        return
    for key, units in (("team.no_liaison", gaps.no_liaison), ("team.short_core", gaps.short_core),
                       ("team.over_core", gaps.over_core), ("team.under_quota", gaps.under_quota)):
        if units:
            st.warning(as_text(page.t(key, n=len(units), units=fmt.name_list(units, page.lang))))


def silent_members(page: Page, df: pd.DataFrame, months: int) -> None:
    """Names and units only: no phone or WeChat name on a page that may be shared (and a phone typed
    into a name comes masked from outreach.team.silent_members, on the page and in the download)."""
    st.caption(page.t("team.silent_count", n=len(df), months=months, month=f"{page.filters.month_to:%Y-%m}"))
    if df.empty:
        return
    if len(df) > SILENT_ROWS:
        st.caption(page.t("team.silent_first", n=SILENT_ROWS))
    first = df.head(SILENT_ROWS)
    # A member who never acted has no month: the grid would print "None".
    last = [page.t("team.never_active") if pd.isna(m) else f"{pd.Timestamp(m):%Y-%m}" for m in first["last_active"]]
    shown = first.assign(role=[label("role", r, page.lang) for r in first["role"]], last_active=last).rename(columns={
        "county": page.t("field.county"), "unit": page.t("field.unit"), "name": page.t("field.name"),
        "role": page.t("field.role"), "last_active": page.t("team.last_active")}).drop(columns="unit_key",
                                                                                   errors="ignore")
    responsive.table(page.lang, shown, [page.t("field.name"), page.t("field.unit"), page.t("team.last_active")],
                     hide_index=True, height=_table_height(len(shown)))
    download_menu(page, df, "silent_members", page.t("team.silent"),
                  {"name": "field.name", "last_active": "team.last_active"})


def completeness(page: Page, df: pd.DataFrame) -> None:
    if df.empty:
        st.info(page.t("chart.empty"))
        return
    shown = df.rename(columns={
        "county": page.t("field.county"), "unit": page.t("field.unit"), "members": page.t("ov.members"),
        "missing_phone": page.t("team.missing_phone"), "missing_wechat": page.t("team.missing_wechat")}).drop(
        columns="unit_key", errors="ignore")  # the key is for joins; the county and unit columns say it
    responsive.table(page.lang, shown, [page.t("field.unit"), page.t("team.missing_phone"),
                                        page.t("team.missing_wechat")], hide_index=True,
                     height=_table_height(len(shown)))


def _table_height(rows: int, most: int = 10) -> int:
    """Tall enough for the rows it has (no empty grid), scrolling beyond ``most`` rows."""
    return 38 + 35 * max(1, min(rows, most))
