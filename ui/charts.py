"""Plotly figures with one look everywhere: Chinese labels, one colour per type, 万 for big numbers."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from outreach import fmt, vocab
from outreach.i18n import label, t
from outreach.privacy import mask_text
from ui.text import plotly_escape

FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
BAR_COLOUR = "#2874a6"


def _base_layout(height: int, title: str | None = None, **extra: object) -> dict:
    """The shared look as a plain dict. Figures are built in one go from dicts: plotly validates every
    update_layout/update_traces call anew, which made a stacked chart cost ~30 ms instead of ~13 ms."""
    layout = {
        "height": height, "margin": {"l": 10, "r": 10, "t": 40 if title else 10, "b": 10},
        "font": {"family": FONT, "size": 15}, "title": {"text": title or "", "font": {"size": 18}},
        "legend": {"orientation": "h", "y": -0.15}, "hoverlabel": {"font": {"family": FONT}},
        "plot_bgcolor": "white", "separators": ".,",
        "yaxis": {"gridcolor": "#e5e8e8", "rangemode": "tozero", "automargin": True},
        "xaxis": {"automargin": True},  # tick labels grow the margin, never cut off at a narrow width
    }
    for key, value in extra.items():
        layout[key] = {**layout[key], **value} if isinstance(value, dict) and key in layout else value
    return layout


def _layout(fig: go.Figure, height: int, title: str | None = None) -> go.Figure:
    fig.update_layout(_base_layout(height, title))
    fig.update_yaxes(gridcolor="#e5e8e8", rangemode="tozero")  # every y axis, subplots included
    return fig


def _wan_axis(values: pd.Series) -> dict:
    """Axis labels in 万 once numbers pass ten thousand (an axis dict to merge; empty below that)."""
    top = float(values.max()) if len(values) else 0.0
    if top < 10_000:
        return {}
    step = 10 ** max(0, len(str(int(top))) - 1) / 2
    ticks = [i * step for i in range(int(top // step) + 2)]
    return {"tickvals": ticks, "ticktext": [fmt.count(v) for v in ticks]}


def bar_by_category(df: pd.DataFrame, x: str, y: str, y_label: str, lang: str, height: int = 360,
                    horizontal: bool = False) -> go.Figure:
    labels = [fmt.count(v, lang) for v in df[y]]
    categories = [plotly_escape(v) for v in df[x]]  # a county or unit name is shown, never read as HTML
    trace = {"type": "bar", "marker": {"color": BAR_COLOUR}, "text": labels, "textposition": "auto",
             "textangle": 0, "cliponaxis": False, "name": y_label}
    if horizontal:
        trace |= {"y": categories, "x": df[y], "orientation": "h",
                  "hovertemplate": "%{y}" + t("fmt.colon", lang) + "%{x:,}<extra></extra>"}
        layout = _base_layout(height, xaxis=_wan_axis(df[y]), yaxis={"autorange": "reversed"})
    else:
        trace |= {"x": categories, "y": df[y], "hovertemplate": "%{x}" + t("fmt.colon", lang) + "%{y:,}<extra></extra>"}
        layout = _base_layout(height, yaxis=_wan_axis(df[y]))
    return go.Figure(data=[trace], layout=layout)


_SERIES = {"type": (vocab.ACTIVITY_TYPES, vocab.TYPE_COLOURS), "platform": (vocab.PLATFORMS, vocab.PLATFORM_COLOURS)}

# Period labels that fit side by side in a phone's 300 px plot as well as on a desktop: at most this many,
# short (5月 / 09-15), the year under the first label and under each January.
MAX_PERIOD_TICKS = 7
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def period_ticks(periods: pd.Series, lang: str, monthly: bool) -> dict:
    """The x axis of a chart by month (or by week, ``monthly`` false): explicit ticks, never turned
    sideways, the full period in the hover."""
    xs = sorted({pd.Timestamp(p) for p in periods})
    shown = xs[:: max(1, -(-len(xs) // MAX_PERIOD_TICKS))]
    text = []
    for i, x in enumerate(shown):
        if monthly:
            name = f"{x.month}月" if lang == "zh" else _MONTH_ABBR[x.month - 1]
        else:
            name = f"{x:%m-%d}" if lang == "zh" else f"{x.day} {_MONTH_ABBR[x.month - 1]}"
        if i == 0 or x.year != shown[i - 1].year:
            name += f"<br>{x.year}年" if lang == "zh" else f"<br>{x.year}"
        text.append(name)
    hover = {("zh", True): "%Y年%m月", ("en", True): "%b %Y",  # by week: the week's Monday
             ("zh", False): "%Y年%m月%d日", ("en", False): "%d %b %Y"}[("zh" if lang == "zh" else "en", monthly)]
    return {"tickvals": shown, "ticktext": text, "tickangle": 0, "hoverformat": hover}


def stacked(df: pd.DataFrame, x: str, by: str, lang: str, height: int = 380, share: bool = False,
            monthly: bool = True) -> go.Figure:
    """One bar per ``x`` stacked by activity type or platform, each in its fixed colour everywhere.
    ``share`` stacks to 100 % instead of counts."""
    codes, colours = _SERIES[by]
    traces = []
    for code, part in df.groupby(by, observed=True, sort=False):
        if part.empty or code not in colours:
            continue
        name = label(by, code, lang)
        traces.append((codes.index(code), {"type": "bar", "x": part[x], "y": part["actions"], "name": name,
                                           "marker": {"color": colours[code]},
                                           "hovertemplate": f"{name}{t('fmt.colon', lang)}%{{y:,}}<extra></extra>"}))
    xaxis = period_ticks(df[x], lang, monthly)
    yaxis = {"ticksuffix": "%", "range": [0, 100]} if share else _wan_axis(df.groupby(x)["actions"].sum())
    # Legend in the fixed order (plotly reverses it for stacks by default), under the tick labels at any
    # width: placed from the foot of the figure, not as a share of the plot's height.
    legend = {"traceorder": "normal", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0}
    layout = _base_layout(height, barmode="stack", hovermode="x unified", barnorm="percent" if share else None,
                          legend=legend, xaxis=xaxis, yaxis=yaxis)
    return go.Figure(data=[trace for _, trace in sorted(traces, key=lambda pair: pair[0])], layout=layout)


# Campaign bands: a pale amber no activity type or platform uses, under the bars; labels in dark amber.
CAMPAIGN_FILL = "rgba(243, 156, 18, 0.16)"
CAMPAIGN_EDGE = "#b9770e"
CAMPAIGN_TEXT = "#7e5109"
_LABEL_CHARS = 18  # longer names are cut on the chart (the full name is in the label's hover)
_LABEL_ROW_PX = 19
# The narrowest plot a trend chart gets (a 390 px phone; the calendar leaves room for its colour bar).
# Labels are placed so that they neither overlap nor leave the plot at this width: on a wider plot each
# keeps its anchor and is only shorter, so it does not there either.
_NARROW_PLOT_PX = 280
_NARROW_CALENDAR_PX = 220


def _period_of(day: pd.Timestamp, grain: str) -> pd.Timestamp:
    """The x value of the bar that holds ``day``: its month's or week's first day, or the day."""
    day = day.normalize()
    if grain == "month":
        return day.replace(day=1)
    if grain == "week":
        return day - pd.Timedelta(days=day.day_of_week)
    return day


def _next_period(x: pd.Timestamp, grain: str, step: int) -> pd.Timestamp:
    if grain == "month":
        return x + pd.DateOffset(months=step)
    return x + pd.Timedelta(days=step * (7 if grain == "week" else 1))


def _band_hover(c, lang: str) -> str:
    """Full name, dates and note; a phone number typed into either is masked (charts get screen-shared)."""
    text = t("camp.band_hover", lang, name=plotly_escape(c.name), starts=f"{c.starts:%Y-%m-%d}",
             ends=f"{c.ends:%Y-%m-%d}")
    return text + (f"<br>{plotly_escape(c.note)}" if isinstance(c.note, str) and c.note else "")


def _short(name: str) -> str:
    return name if len(name) <= _LABEL_CHARS else name[: _LABEL_CHARS - 1] + "…"


def campaign_bands(fig: go.Figure, campaigns: pd.DataFrame, grain: str, lang: str) -> go.Figure:
    """Each campaign (name, starts, ends, note) as a light band behind the bars of the periods it
    touches, its name in small type above the plot (full name, dates and note on hover).

    ``grain`` is the x axis's: "month" or "week" (bars centred on the period's first day, as
    :func:`stacked` draws them), "day", or "calendar" (:func:`calendar_heatmap`'s week columns,
    where the campaign's own days are outlined). A band is cut to the periods on the chart; a
    campaign wholly outside them is left out."""
    if campaigns is None or campaigns.empty:
        return fig
    if grain == "calendar":
        return _calendar_marks(fig, campaigns, lang)
    xs = sorted({pd.Timestamp(x) for trace in fig.data for x in (trace.x if trace.x is not None else ())})
    if not xs:
        return fig
    first, last = xs[0], xs[-1]
    labels = []
    for c in campaigns.sort_values(["starts", "ends"]).itertuples(index=False):
        a = max(_period_of(pd.Timestamp(c.starts), grain), first)
        b = min(_period_of(pd.Timestamp(c.ends), grain), last)
        if a > b:
            continue
        # Edges halfway to the neighbouring periods: the band covers whole bars, never half of one.
        x0 = a - (a - _next_period(a, grain, -1)) / 2
        x1 = b + (_next_period(b, grain, 1) - b) / 2
        fig.add_vrect(x0=x0, x1=x1, fillcolor=CAMPAIGN_FILL, layer="below", line_width=0)
        labels.append((x0, x1, plotly_escape(_short(mask_text(c.name))), _band_hover(c, lang)))
    # The x axis runs from halfway before the first bar to halfway after the last.
    lo = first - (first - _next_period(first, grain, -1)) / 2
    hi = last + (_next_period(last, grain, 1) - last) / 2
    return _band_labels(fig, labels, (hi - lo) / _NARROW_PLOT_PX, first + (last - first) / 2, (lo, hi))


def _band_labels(fig: go.Figure, labels: list[tuple], unit_per_px: object, middle: object,
                 bounds: tuple) -> go.Figure:
    """Names above the plot: centred on a band wide enough, else aligned with its edge (its left edge,
    or its right one in the right half); moved in where it would run off the plot (``bounds``, in x
    units); a row higher where a name would run into the one before it. ``unit_per_px`` is of the
    narrowest plot (_NARROW_PLOT_PX): what does not overlap there does not on a wider one."""
    lo, hi = bounds
    row_ends: list[object] = []  # per row, where its last label ends (in x units)
    for x0, x1, text, hover in labels:
        width = unit_per_px * 13 * len(text)  # 12 px type: about 13 px a character
        if width <= x1 - x0:
            x, anchor, start = x0 + (x1 - x0) / 2, "center", x0 + (x1 - x0 - width) / 2
        elif x0 + (x1 - x0) / 2 > middle:
            x, anchor, start = x1, "right", x1 - width
        else:
            x, anchor, start = x0, "left", x0
        if start + width > hi or start < lo:  # anchored on its left end, inside the plot
            start = max(lo, hi - width) if start + width > hi else lo
            x, anchor = start, "left"
        row = next((i for i, used in enumerate(row_ends) if used < start), len(row_ends))
        if row == len(row_ends):
            row_ends.append(start)
        row_ends[row] = start + width
        fig.add_annotation(x=x, xanchor=anchor, y=1, yref="paper", yanchor="bottom",
                           yshift=2 + row * _LABEL_ROW_PX, text=text, hovertext=hover, showarrow=False,
                           font={"size": 12, "color": CAMPAIGN_TEXT})
    if row_ends:
        top = fig.layout.margin.t or 10
        fig.update_layout(margin_t=top + 4 + len(row_ends) * _LABEL_ROW_PX)
    return fig


def _calendar_marks(fig: go.Figure, campaigns: pd.DataFrame, lang: str) -> go.Figure:
    """On the calendar the campaign's own days are outlined, week by week (a band would hide the cells)."""
    weeks = [pd.Timestamp(w) for w in fig.data[0].x]
    labels = []
    for c in campaigns.sort_values(["starts", "ends"]).itertuples(index=False):
        starts, ends = pd.Timestamp(c.starts), pd.Timestamp(c.ends)
        columns = [i for i, w in enumerate(weeks) if w <= ends and w + pd.Timedelta(days=6) >= starts]
        for i in columns:
            d0, d1 = max(starts, weeks[i]), min(ends, weeks[i] + pd.Timedelta(days=6))
            fig.add_shape(type="rect", x0=i - 0.5, x1=i + 0.5, y0=d0.day_of_week - 0.5, y1=d1.day_of_week + 0.5,
                          line={"color": CAMPAIGN_EDGE, "width": 2}, fillcolor="rgba(0,0,0,0)", layer="above")
        if columns:
            labels.append((columns[0] - 0.5, columns[-1] + 0.5, plotly_escape(_short(mask_text(c.name))),
                           _band_hover(c, lang)))
    return _band_labels(fig, labels, max(len(weeks), 1) / _NARROW_CALENDAR_PX, (len(weeks) - 1) / 2,
                        (-0.5, len(weeks) - 0.5))


def calendar_heatmap(df: pd.DataFrame, lang: str, height: int = 300) -> go.Figure:
    """Weeks across, weekdays down, darker for busier days. The columns are the weeks' Mondays as
    ISO dates (shown as `09-15`), so campaign_bands can place a campaign's days."""
    weekdays = [t(f"weekday.{d}", lang) for d in range(7)]
    grid = df.pivot_table(index="weekday", columns="week", values="actions", aggfunc="sum").reindex(range(7))
    weeks = [f"{w:%Y-%m-%d}" for w in grid.columns]
    fig = go.Figure(go.Heatmap(
        z=grid.to_numpy(), x=weeks, y=weekdays,
        colorscale="Reds", hovertemplate="%{x} %{y}" + t("fmt.colon", lang) + "%{z:,}<extra></extra>", xgap=3, ygap=3,
        colorbar={"thickness": 12}))
    fig = _layout(fig, height)
    fig.update_yaxes(autorange="reversed", gridcolor=None, rangemode=None)
    ticks = weeks[:: max(1, -(-len(weeks) // 14))]  # at most 14 labels, as plotly would thin them
    fig.update_xaxes(type="category", title_text=t("chart.week_of", lang), tickvals=ticks,
                     ticktext=[w[5:] for w in ticks])
    return fig


def treemap(nodes: pd.DataFrame, value_label: str, lang: str, height: int = 420) -> go.Figure:
    """Cells sized by ``members`` from outreach.team.treemap_nodes (root → county → unit): counties in
    the bar colour, units in lighter blues, darker for more members. A click zooms into a cell; the path
    bar above leads back."""
    counts = [fmt.count(v, lang) for v in nodes["members"]]
    fig = go.Figure(go.Treemap(
        ids=nodes["id"], parents=nodes["parent"], labels=[plotly_escape(v) for v in nodes["label"]],
        values=nodes["members"].tolist(),
        branchvalues="total", text=counts, texttemplate="%{label}<br>%{text}",
        hovertemplate=f"%{{label}}<br>{value_label}{t('fmt.colon', lang)}%{{text}}<extra></extra>",
        marker={"colors": _treemap_colours(nodes), "line": {"color": "white", "width": 1}},
        root_color="white", pathbar={"side": "top", "thickness": 22}, tiling={"pad": 2}))
    fig = _layout(fig, height)
    fig.update_layout(margin={"l": 0, "r": 0, "t": 26, "b": 0})
    return fig


def _treemap_colours(nodes: pd.DataFrame) -> list[str]:
    units = nodes["level"] == 2
    biggest = float(nodes.loc[units, "members"].max() or 1)
    shades = sample_colorscale("Blues", [0.15 + 0.4 * min(float(v) / biggest, 1.0) for v in nodes["members"]])
    return [shade if level == 2 else BAR_COLOUR if level == 1 else "white"
            for shade, level in zip(shades, nodes["level"], strict=True)]


LOW_COLOUR = "#85929e"  # the weaker end of a ranking: same shape, quieter colour


def ranking_bars(df: pd.DataFrame, value: str, value_label: str, lang: str, top_value: float,
                 colour: str = BAR_COLOUR) -> go.Figure:
    """Ranked units as horizontal bars labelled "rank. unit", first at the top, one decimal. Charts that
    are read side by side share ``top_value`` so their bars are on one scale."""
    names = [f"{rank}. {plotly_escape(unit)}" for rank, unit in zip(df["rank"], df["unit"], strict=True)]
    fig = go.Figure(go.Bar(
        y=names, x=df[value].tolist(), orientation="h", marker_color=colour, text=[f"{v:,.1f}" for v in df[value]],
        textposition="auto", cliponaxis=False, textangle=0, name=value_label,
        hovertemplate=f"%{{y}}<br>{value_label}{t('fmt.colon', lang)}%{{x:,.2f}}<extra></extra>"))
    fig = _layout(fig, height=60 + 42 * len(df))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(range=[0, max(float(top_value), 1.0) * 1.08], gridcolor="#e5e8e8")
    return fig
