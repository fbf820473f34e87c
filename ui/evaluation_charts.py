"""Charts of the 考评 page: indicator points stacked per unit, and one unit against the average and the
best on a radar. Same fonts and layout as ui.charts; indicators get colours of their own (not the
activity-type colours, which mean types everywhere)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from outreach.i18n import t
from outreach.units import display_names, split_unit_key
from ui import charts
from ui.text import plotly_escape

INDICATOR_COLOURS = ("#1b4f72", "#2e86c1", "#48c9b0", "#f5b041", "#a569bd", "#839192", "#dc7633", "#52be80")


def indicator_colour(position: int) -> str:
    return INDICATOR_COLOURS[position % len(INDICATOR_COLOURS)]


def breakdown_bars(df: pd.DataFrame, lang: str) -> go.Figure:
    """One horizontal bar per unit (rank order, first on top) stacked by indicator points; two
    counties' 城南镇团委 are two bars, each named with its county."""
    fig = go.Figure()
    # Unit and indicator names are data: shown as text, never read as Plotly's HTML. The county is
    # added only where two counties' units share a name, as on the Overview.
    keys = list(dict.fromkeys(df["unit_key"]))
    parts = [split_unit_key(k) for k in keys]
    shown = dict(zip(keys, display_names(pd.Series([c for c, _ in parts]), pd.Series([u for _, u in parts])),
                     strict=True))
    names = list(dict.fromkeys(f"{r}. {plotly_escape(shown[k])}"
                               for r, k in zip(df["rank"], df["unit_key"], strict=True)))
    for position, (_key, part) in enumerate(df.groupby("key", sort=False)):
        name = plotly_escape(part["indicator"].iloc[0])
        weight = part["weight"].iloc[0]
        fig.add_bar(y=[f"{r}. {plotly_escape(shown[k])}" for r, k in zip(part["rank"], part["unit_key"],
                                                                          strict=True)],
                    x=part["points"],
                    orientation="h", name=t("eval.col.indicator", lang, name=name, w=f"{weight:g}"),
                    marker_color=indicator_colour(position),
                    hovertemplate=f"%{{y}}<br>{name}{t('fmt.colon', lang)}%{{x:.2f}}<extra></extra>")
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    fig = charts._layout(fig, height=90 + 30 * len(names))
    fig.update_layout(legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0})
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=names, gridcolor=None)
    fig.update_xaxes(range=[0, 100 if df.empty else max(100.0, df.groupby("unit_key")["points"].sum().max())],
                     gridcolor="#e5e8e8", title_text=t("eval.chart_points", lang))
    return fig


def radar(df: pd.DataFrame, unit: str, lang: str) -> go.Figure:
    """The unit, the average and the best unit, each indicator as a share of its weight."""
    theta = [plotly_escape(v) for v in [*list(df["indicator"]), df["indicator"].iloc[0]]]
    unit = plotly_escape(unit)
    fig = go.Figure()
    for column, name, colour, fill in (("best", t("eval.radar_best", lang), "#aab7b8", "none"),
                                       ("average", t("eval.radar_average", lang), "#f5b041", "none"),
                                       ("unit", unit, charts.BAR_COLOUR, "toself")):
        values = [v * 100 for v in df[column]] + [df[column].iloc[0] * 100]
        fig.add_trace(go.Scatterpolar(r=values, theta=theta, name=name, fill=fill, line={"color": colour},
                                      hovertemplate="%{theta}" + t("fmt.colon", lang) + "%{r:.0f}%<extra>" + name
                                      + "</extra>"))
    fig = charts._layout(fig, height=380)
    fig.update_layout(polar={"radialaxis": {"range": [0, 100], "ticksuffix": "%", "tickfont": {"size": 10},
                                            "angle": 90, "tickangle": 90, "tickvals": [50, 100]},
                             "angularaxis": {"tickfont": {"size": 14}, "rotation": 90, "direction": "clockwise"}},
                      margin={"l": 80, "r": 80, "t": 40, "b": 10}, legend={"y": -0.12})
    return fig
