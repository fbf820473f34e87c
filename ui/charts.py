"""Plotly figures with one look everywhere: Chinese labels, one colour per type, 万 for big numbers."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from outreach import fmt, vocab
from outreach.i18n import label, t

FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
BAR_COLOUR = "#2874a6"


def _layout(fig: go.Figure, height: int, title: str | None = None) -> go.Figure:
    fig.update_layout(
        height=height, margin={"l": 10, "r": 10, "t": 40 if title else 10, "b": 10},
        font={"family": FONT, "size": 15}, title={"text": title or "", "font": {"size": 18}},
        legend={"orientation": "h", "y": -0.15}, hoverlabel={"font": {"family": FONT}},
        plot_bgcolor="white", separators=".,",
    )
    fig.update_yaxes(gridcolor="#e5e8e8", rangemode="tozero")
    return fig


def _wan_ticks(fig: go.Figure, values: pd.Series, axis: str = "y") -> None:
    """Axis labels in 万 once numbers pass ten thousand."""
    top = float(values.max()) if len(values) else 0.0
    if top < 10_000:
        return
    step = 10 ** max(0, len(str(int(top))) - 1) / 2
    ticks = [i * step for i in range(int(top // step) + 2)]
    update = fig.update_yaxes if axis == "y" else fig.update_xaxes
    update(tickvals=ticks, ticktext=[fmt.count(v) for v in ticks])


def bar_by_category(df: pd.DataFrame, x: str, y: str, y_label: str, lang: str, height: int = 360,
                    horizontal: bool = False) -> go.Figure:
    labels = [fmt.count(v, lang) for v in df[y]]
    if horizontal:
        trace = go.Bar(y=df[x], x=df[y], orientation="h", marker_color=BAR_COLOUR, text=labels,
                       textposition="auto", hovertemplate="%{y}：%{x:,}<extra></extra>", name=y_label)
    else:
        trace = go.Bar(x=df[x], y=df[y], marker_color=BAR_COLOUR, text=labels, textposition="auto",
                       hovertemplate="%{x}：%{y:,}<extra></extra>", name=y_label)
    fig = _layout(go.Figure(trace), height)
    fig.update_traces(textangle=0, cliponaxis=False)
    _wan_ticks(fig, df[y], "x" if horizontal else "y")
    if horizontal:
        fig.update_yaxes(autorange="reversed")
    return fig


_SERIES = {"type": (vocab.ACTIVITY_TYPES, vocab.TYPE_COLOURS), "platform": (vocab.PLATFORMS, vocab.PLATFORM_COLOURS)}


def stacked(df: pd.DataFrame, x: str, by: str, lang: str, height: int = 380, share: bool = False,
            monthly: bool = True) -> go.Figure:
    """One bar per ``x`` stacked by activity type or platform, each in its fixed colour everywhere.
    ``share`` stacks to 100 % instead of counts."""
    codes, colours = _SERIES[by]
    fig = go.Figure()
    for code in codes:
        part = df[df[by] == code]
        if part.empty:
            continue
        name = label(by, code, lang)
        fig.add_bar(x=part[x], y=part["actions"], name=name, marker_color=colours[code],
                    hovertemplate=f"{name}：%{{y:,}}<extra></extra>")
    # Legend in the fixed order (plotly reverses it for stacks by default).
    fig.update_layout(barmode="stack", hovermode="x unified", legend_traceorder="normal",
                      barnorm="percent" if share else None)
    if monthly:
        fig.update_xaxes(tickformat="%Y年%m月" if lang == "zh" else "%b %Y", dtick="M1")
    else:
        fig.update_xaxes(tickformat="%m月%d日" if lang == "zh" else "%d %b")
    fig = _layout(fig, height)
    if share:
        fig.update_yaxes(ticksuffix="%", range=[0, 100])
    else:
        _wan_ticks(fig, df.groupby(x)["actions"].sum())
    return fig


def calendar_heatmap(df: pd.DataFrame, lang: str, height: int = 300) -> go.Figure:
    """Weeks across, weekdays down, darker for busier days."""
    weekdays = [t(f"weekday.{d}", lang) for d in range(7)]
    grid = df.pivot_table(index="weekday", columns="week", values="actions", aggfunc="sum").reindex(range(7))
    fig = go.Figure(go.Heatmap(
        z=grid.to_numpy(), x=[w.strftime("%m-%d") for w in grid.columns], y=weekdays,
        colorscale="Reds", hovertemplate="%{x} %{y}：%{z:,}<extra></extra>", xgap=3, ygap=3,
        colorbar={"thickness": 12}))
    fig = _layout(fig, height)
    fig.update_yaxes(autorange="reversed", gridcolor=None, rangemode=None)
    fig.update_xaxes(type="category", title_text=t("chart.week_of", lang))
    return fig
