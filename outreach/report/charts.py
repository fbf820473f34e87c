"""Slide charts: Plotly figures in large type, and their PNG images drawn by kaleido in the system Chromium.

The same PNGs go on the meeting page and into the PDF, so the screen and the file look alike; the PPTX
deck draws these charts natively (outreach.report.pptx_charts) and takes only the county map's PNG, when
:func:`browser_available`. Kaleido 1.x drives a Chromium through choreographer; it is given the system browser's
path (``BROWSER_PATH`` overrides) and MathJax is switched off — its default is a CDN address, and
nothing may load from the internet. One browser is kept per process and reused; images are cached.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import hashlib
import os
import shutil
import threading
from collections import OrderedDict
from concurrent.futures import Future
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from outreach import county_map as county_map_data
from outreach import fmt, map_figure, vocab
from outreach.i18n import label, t
from outreach.report.facts import ReportFacts

CHROMIUM = "/usr/bin/chromium"
# The empty world base map plotly.js asks for before any geo chart (static/plotly-topojson/README.md).
TOPOJSON = (Path(__file__).resolve().parents[2] / "static" / "plotly-topojson").as_uri() + "/"
FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
SCALE = 2  # pixels per design pixel: sharp on a 1920-wide projector and in a deck
RENDER_TIMEOUT_S = 120
CACHE_ENTRIES = 96
BAR = "#2874a6"

THEMES: dict[str, dict[str, str]] = {
    "light": {"paper": "#ffffff", "ink": "#1c2833", "muted": "#566573", "grid": "#e5e8e8", "bar": BAR},
    "dark": {"paper": "#141b24", "ink": "#eef2f5", "muted": "#aab7c4", "grid": "#2e3b48", "bar": "#5dade2"},
}


def _layout(fig: go.Figure, theme: str, width: int, height: int, legend: bool = False) -> go.Figure:
    colours = THEMES[theme]
    fig.update_layout(
        width=width, height=height, margin={"l": 12, "r": 24, "t": 16, "b": 12},
        font={"family": FONT, "size": 22, "color": colours["ink"]},
        paper_bgcolor=colours["paper"], plot_bgcolor=colours["paper"], separators=".,",
        showlegend=legend, legend={"orientation": "h", "y": -0.12, "x": 0, "font": {"size": 20}},
        bargap=0.25,
    )
    fig.update_traces(marker_line_width=0, selector={"type": "bar"})
    # automargin: the labels' width is measured in the font they are drawn in, never clipped
    fig.update_xaxes(gridcolor=colours["grid"], linecolor=colours["grid"], zeroline=False, automargin=True)
    fig.update_yaxes(gridcolor=colours["grid"], linecolor=colours["grid"], zeroline=False, automargin=True)
    return fig


def _wan_axis(fig: go.Figure, top: float, axis: str, lang: str = "zh") -> None:
    """Tick labels in 万 once numbers pass ten thousand (as on the dashboards; thousands in English)."""
    if top < 10_000:
        return
    step = 10 ** max(0, len(str(int(top))) - 1) / 2
    ticks = [i * step for i in range(int(top // step) + 2)]
    update = fig.update_yaxes if axis == "y" else fig.update_xaxes
    update(tickvals=ticks, ticktext=[fmt.count(v, lang) for v in ticks])


def county_members(facts: ReportFacts, theme: str, lang: str, width: int, height: int) -> go.Figure:
    df = facts.by_county.sort_values("members", ascending=True)
    names = [c or t("county.none", lang) for c in df["county"]]
    fig = go.Figure(go.Bar(y=names, x=df["members"], orientation="h", marker_color=THEMES[theme]["bar"],
                           text=[fmt.count(v, lang) for v in df["members"]], textposition="outside",
                           cliponaxis=False, textfont={"size": 22}))
    fig = _layout(fig, theme, width, height)
    fig.update_xaxes(showticklabels=False, showgrid=False, range=[0, float(df["members"].max() or 1) * 1.15])
    return fig


def monthly_trend(facts: ReportFacts, theme: str, lang: str, width: int, height: int) -> go.Figure:
    """Stacked bars of actions per month by type, each type in its colour of every page."""
    df = facts.monthly
    fig = go.Figure()
    for code in vocab.ACTIVITY_TYPES:
        part = df[df["type"] == code]
        if part["actions"].sum() > 0:
            fig.add_bar(x=pd.to_datetime(part["period"]), y=part["actions"], name=label("type", code, lang),
                        marker_color=vocab.TYPE_COLOURS[code])
    totals = df.groupby("period")["actions"].sum()
    fig.add_scatter(x=pd.to_datetime(totals.index), y=totals.to_numpy(), mode="text", showlegend=False,
                    text=[fmt.count(v, lang) for v in totals], textposition="top center",
                    textfont={"size": 22, "color": THEMES[theme]["ink"]})
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    fig = _layout(fig, theme, width, height, legend=True)
    fig.update_xaxes(tickformat="%Y年%-m月" if lang == "zh" else "%b %Y", dtick="M1")
    top = float(totals.max()) if len(totals) else 0.0
    fig.update_yaxes(range=[0, top * 1.15 or 1])
    _wan_axis(fig, top, "y", lang)
    return fig


def _coloured_bars(codes: list[str], values: list[int], prefix: str, colours: dict[str, str], theme: str,
                   lang: str, width: int, height: int) -> go.Figure:
    fig = go.Figure(go.Bar(y=[label(prefix, c, lang) for c in codes], x=values, orientation="h",
                           marker_color=[colours[c] for c in codes], text=[fmt.count(v, lang) for v in values],
                           textposition="outside", cliponaxis=False, textfont={"size": 22}))
    fig = _layout(fig, theme, width, height)
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(showticklabels=False, showgrid=False, range=[0, max(values or [1]) * 1.2])
    return fig


def by_type(facts: ReportFacts, theme: str, lang: str, width: int, height: int) -> go.Figure:
    totals = facts.figures["actions_by_type"]
    codes = [c for c in vocab.ACTIVITY_TYPES if totals.get(c)]
    return _coloured_bars(codes, [totals[c] for c in codes], "type", vocab.TYPE_COLOURS, theme, lang, width, height)


def by_platform(facts: ReportFacts, theme: str, lang: str, width: int, height: int) -> go.Figure:
    totals = facts.by_platform_type.groupby("platform")["actions"].sum()
    codes = [c for c in vocab.PLATFORMS if totals.get(c, 0)]
    return _coloured_bars(codes, [int(totals[c]) for c in codes], "platform", vocab.PLATFORM_COLOURS, theme, lang,
                          width, height)


def county_map(facts: ReportFacts, theme: str, lang: str, width: int, height: int) -> go.Figure:
    """The county map in actions per member (outreach.map_figure), in slide type."""
    data = county_map_data.assemble(facts.county_figures)
    if data.city is None:  # the slide is left out (slides._map): nothing to draw
        return _layout(go.Figure(), theme, width, height)
    fig = map_figure.choropleth(data.counties, data.geojson(), "per_member", lang, height=height, font_size=20,
                                theme={"ink": THEMES[theme]["ink"], "paper": THEMES[theme]["paper"]})
    fig.update_layout(width=width)
    return fig


FIGURES = {"county_map": county_map, "county_members": county_members, "monthly_trend": monthly_trend,
           "by_type": by_type, "by_platform": by_platform}


def figure(name: str, facts: ReportFacts, theme: str, lang: str, width: int, height: int) -> go.Figure:
    return FIGURES[name](facts, theme, lang, width, height)


# --- PNG rendering --------------------------------------------------------------------------------------

class NoBrowser(RuntimeError):
    """No Chromium at :func:`browser_path`: PDF and chart pictures cannot be made (PPTX and DOCX can)."""


def browser_path() -> str:
    """The system Chromium kaleido and the PDF printer use: ``$BROWSER_PATH``, else :data:`CHROMIUM`."""
    return os.environ.get("BROWSER_PATH") or CHROMIUM


def browser_available() -> bool:
    """Whether that Chromium is there to run (a look at the file, no browser started)."""
    return shutil.which(browser_path()) is not None


class _Renderer:
    """One kaleido (one headless Chromium) on its own event-loop thread, shared by every caller of
    this process; calls are serialised, results cached by the figure's JSON."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.kaleido = None
        self.cache: OrderedDict[str, bytes] = OrderedDict()

    def _run(self, coroutine) -> object:
        future: Future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        return future.result(timeout=RENDER_TIMEOUT_S)

    def _start(self) -> None:
        if not browser_available():
            raise NoBrowser(browser_path())
        import kaleido

        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, name="kaleido", daemon=True).start()

        async def open_browser():
            k = kaleido.Kaleido(path=browser_path(), mathjax=False,
                                timeout=RENDER_TIMEOUT_S)
            await k.open()
            return k

        self.kaleido = self._run(open_browser())

    def _stop(self) -> None:
        if self.kaleido is not None:
            with contextlib.suppress(Exception):  # a dead browser needs no closing
                self._run(self.kaleido.close())
        if self.loop is not None:
            self.loop.call_soon_threadsafe(self.loop.stop)
        self.kaleido = self.loop = None

    def close(self) -> None:
        with self.lock:
            self._stop()

    def png(self, fig: go.Figure) -> bytes:
        spec = fig.to_json()
        key = hashlib.sha256(spec.encode()).hexdigest()
        with self.lock:
            if key in self.cache:
                self.cache.move_to_end(key)
                return self.cache[key]
            opts = {"format": "png", "width": fig.layout.width, "height": fig.layout.height, "scale": SCALE}
            for attempt in range(2):  # a browser that died (killed, out of memory) is started once more
                if self.kaleido is None:
                    self._start()
                try:
                    image = self._run(self.kaleido.calc_fig(fig, opts=opts, topojson=TOPOJSON))
                    break
                except Exception:
                    self._stop()
                    if attempt:
                        raise
            self.cache[key] = image
            while len(self.cache) > CACHE_ENTRIES:
                self.cache.popitem(last=False)
            return image


_RENDERER = _Renderer()
atexit.register(_RENDERER.close)


def png(fig: go.Figure) -> bytes:
    """The figure as a PNG at its layout size × :data:`SCALE`."""
    return _RENDERER.png(fig)
