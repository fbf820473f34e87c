"""The 会议 page's reading view (阅读): the deck for a phone. Every slide of outreach.report.slides, one
after the other down the page: its figures in large type two a row, its charts as interactive Plotly
charts the width of the screen (no browser needed to draw images), its tables cut to their key columns
on a phone, its lists as text. Same facts, masking and filters as the slides."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from outreach import map_figure
from outreach.i18n import t
from outreach.report import charts as slide_charts
from outreach.report import slides
from outreach.report.facts import ReportFacts
from ui import charts, responsive
from ui.shell import Page
from ui.text import as_text

# Columns a phone leaves under 更多列 (the slide's other columns are what a leader reads first).
_SECONDARY = ("field.county", "mt.col.kind", "mt.col.units", "mt.col.attendees", "mt.col.months", "mt.col.actions")
_KPIS_PER_ROW = 4  # on a desktop; a phone shows two a row


# The dark page (ui.meeting_widgets.DARK_PAGE) lightens body text; headings, lists and figures here too.
DARK = """<style>
.st-key-mt-read h1, .st-key-mt-read h2, .st-key-mt-read h3, .st-key-mt-read li, .st-key-mt-read strong,
.st-key-mt-read [data-testid="stMetricValue"] { color: #eef2f5; }
</style>"""


def reading_view(page: Page, facts: ReportFacts, theme: str) -> None:
    if theme == "dark":
        st.html(DARK)
    with st.container(key="mt-read"):
        _deck(page, facts, theme)


def _deck(page: Page, facts: ReportFacts, theme: str) -> None:
    deck = slides.build(facts, page.lang)
    st.caption(as_text(f"{slides.deck_title(facts, page.lang)} · {page.t('mt.read_intro')}"))
    for i, slide in enumerate(deck):
        st.subheader(as_text(f"{i + 1}. {slide.title}"), anchor=f"read-{slide.key}")
        _kpis(slide, i)
        for chart in slide.charts:
            if chart.caption:
                st.markdown(f"**{as_text(chart.caption)}**")
            st.plotly_chart(_figure(chart.name, facts, theme, page.lang), key=f"mt_read_{slide.key}_{chart.name}",
                            config={"displaylogo": False, "displayModeBar": False,
                                    "topojsonURL": map_figure.TOPOJSON_URL})  # the map's base: never a CDN
        if slide.tables:
            _table(page, slide.tables, f"mt_read_{slide.key}")
        if slide.aside and slide.bullets:
            st.markdown(f"**{as_text(slide.aside)}**")
        if slide.bullets:
            st.markdown("\n".join(f"- {as_text(b)}" for b in slide.bullets))
        if slide.note:
            alone = slide.layout == "list" and not slide.bullets and not slide.kpis  # nothing else to show
            (st.info if alone else st.caption)(as_text(slide.note))
    st.caption(as_text(slides.stamp(facts, page.lang)))


def _kpis(slide: slides.Slide, index: int) -> None:
    per_row = min(len(slide.kpis), _KPIS_PER_ROW)
    for start in range(0, len(slide.kpis), _KPIS_PER_ROW):
        row = slide.kpis[start:start + _KPIS_PER_ROW]
        for column, k in zip(responsive.grid(f"read-{index}-{start}", per_row), row, strict=False):
            column.metric(as_text(k.label), f"{k.value} {k.unit}".strip())
            if k.note:
                column.caption(as_text(k.note))


def _figure(name: str, facts: ReportFacts, theme: str, lang: str) -> go.Figure:
    """The slide's chart at the width of the page: the slide's look in the dashboard's type sizes."""
    height = 360
    if name == "county_members":
        height = 60 + 30 * max(len(facts.by_county), 1)
    fig = slide_charts.figure(name, facts, theme, lang, 800, height)
    fig.update_layout(width=None, height=height, font={"size": 14}, margin={"l": 8, "r": 8, "t": 24, "b": 8},
                      legend={"font": {"size": 13}, "yref": "container", "y": 0, "yanchor": "bottom"})
    fig.update_traces(textfont_size=14, selector={"type": "bar"})
    fig.update_traces(textfont_size=13, selector={"type": "scatter"})
    if name == "monthly_trend" and not facts.monthly.empty:
        fig.update_xaxes(dtick=None, tickformat=None, **charts.period_ticks(facts.monthly["period"], lang, True))
    if any(trace.type == "choropleth" for trace in fig.data):
        # A map the width of a phone: its colour bar under it, and no names on it — at this width they
        # run into each other; the list under the map gives each county's figure (a tap shows it too).
        fig.data = [trace for trace in fig.data if not (trace.type == "scattergeo" and trace.mode == "text")]
        fig.update_traces(colorbar={"orientation": "h", "y": -0.02, "yanchor": "top", "len": 0.9,
                                    "title": {"text": ""}}, selector={"type": "choropleth"})
        fig.update_layout(margin={"b": 44})
    return fig


def _table(page: Page, tables: list[slides.Table], key: str) -> None:
    """A slide's tables (split in two columns on the stage) as one table; key columns on a phone."""
    columns = tables[0].columns
    rows = [row for table in tables if table.columns == columns for row in table.rows]
    df = pd.DataFrame(rows, columns=columns)
    secondary = {t(k, page.lang) for k in _SECONDARY}
    responsive.table(page.lang, df, [c for c in columns if c not in secondary], hide_index=True, key=key)
