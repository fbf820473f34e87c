"""The county map as a Plotly figure: the city's own boundaries (data/geo), filled by one measure, each
county named with its figure. No tiles, no base map: the geo subplot is hidden (``visible=False``), so
plotly.js draws only the GeoJSON it is given and fetches nothing (the browser test blocks the network).
Counties without data are grey and say so; the same figure serves the pages and the meeting slides."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from outreach import fmt
from outreach.i18n import t

# plotly.js fetches a world base map before drawing any geo chart; ours is an empty one served by the app
# itself (static/plotly-topojson, relative to the page's address) — never cdn.plot.ly.
TOPOJSON_URL = "app/static/plotly-topojson/"
FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
SCALE = ("#eaf2f8", "#a9cce3", "#5499c7", "#1f618d", "#0b3954")  # light → dark blue: more is darker
NO_DATA = "#d5d8dc"
LABEL_INK = "#1c2833"


def value_text(measure: str, value: float | None, lang: str) -> str:
    """A figure as the map writes it: 1.2万 members, 40.6 per member, 95% active, 78.4 points."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("map.no_data", lang)
    if measure == "members":
        return fmt.count(value, lang)
    if measure == "active_rate":
        return fmt.percent(value)
    return f"{value:,.1f}"


def centre(feature: dict) -> tuple[float, float]:
    """A point inside the county for its label: the centroid of its largest ring's vertices."""
    geometry = feature["geometry"]
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    ring = max((p[0] for p in polygons if p and p[0]), key=len)
    xs, ys = [pt[0] for pt in ring[:-1] or ring], [pt[1] for pt in ring[:-1] or ring]
    return sum(xs) / len(xs), sum(ys) / len(ys)


def choropleth(counties: pd.DataFrame, geojson: dict, measure: str, lang: str, height: int = 460,
               font_size: int = 13, theme: dict[str, str] | None = None, narrow: bool = False) -> go.Figure:
    """``counties``: adcode, county and the measure's column (outreach.county_map.CountyMap.counties).
    ``theme`` (paper, ink) for the dark meeting slides; ``narrow``: the colour bar under the map, so the
    map keeps the width of a narrow column or a phone."""
    ink, paper = (theme or {}).get("ink", "#1c2833"), (theme or {}).get("paper", "rgba(0,0,0,0)")
    df = counties.copy()
    df["value"] = pd.to_numeric(df[measure], errors="coerce")
    df["shown"] = [value_text(measure, v, lang) for v in df["value"]]
    if measure == "active_rate":  # members on the roster but no report of the month: 未报送, not "no data"
        silent = df["value"].isna() & (pd.to_numeric(df["members"], errors="coerce") > 0)
        df.loc[silent, "shown"] = t("map.not_reported", lang)
    title = t(f"map.measure.{measure}", lang)
    hover = "<b>%{customdata[0]}</b><br>" + title + "：%{customdata[1]}<extra></extra>"
    if lang != "zh":
        hover = hover.replace("：", ": ")
    has, empty = df[df["value"].notna()], df[df["value"].isna()]
    fig = go.Figure()
    if len(empty):
        fig.add_trace(go.Choropleth(
            geojson=geojson, locations=empty["adcode"], featureidkey="id", z=[0] * len(empty),
            colorscale=[[0, NO_DATA], [1, NO_DATA]], showscale=False, marker_line_color="white",
            marker_line_width=1.2, customdata=empty[["county", "shown"]], hovertemplate=hover, name=""))
    if len(has):
        fig.add_trace(go.Choropleth(
            geojson=geojson, locations=has["adcode"], featureidkey="id", z=has["value"],
            colorscale=[[i / (len(SCALE) - 1), c] for i, c in enumerate(SCALE)], marker_line_color="white",
            marker_line_width=1.2, customdata=has[["county", "shown"]], hovertemplate=hover, name="",
            colorbar={"thickness": 12, "outlinewidth": 0, **_ticks(has["value"], measure, lang),
                      **({"orientation": "h", "y": -0.02, "yanchor": "top", "len": 0.9, "title": {"text": ""}}
                         if narrow else {"title": {"text": title, "side": "right"}, "len": 0.7})}))
    fig.add_trace(_labels(df, geojson, font_size))
    fig.update_geos(fitbounds="locations", visible=False, bgcolor="rgba(0,0,0,0)")
    fig.update_layout(height=height, margin={"l": 0, "r": 0, "t": 4, "b": 44 if narrow else 0}, paper_bgcolor=paper,
                      font={"family": FONT, "size": font_size, "color": ink}, showlegend=False,
                      dragmode=False, hoverlabel={"font_family": FONT})
    return fig


def _ticks(values: pd.Series, measure: str, lang: str, n: int = 5) -> dict:
    """Colour bar ticks written as the labels are (万, %), at most ``n``, whole people for members."""
    low, high = float(values.min()), float(values.max())
    ticks = [low] if high == low else [low + (high - low) * i / (n - 1) for i in range(n)]
    if measure == "members":
        ticks = sorted({round(v) for v in ticks})
    return {"tickvals": ticks, "ticktext": [value_text(measure, v, lang) for v in ticks]}


def _labels(df: pd.DataFrame, geojson: dict, font_size: int) -> go.Scattergeo:
    where = {str(f.get("id")): centre(f) for f in geojson["features"]}
    rows = df[df["adcode"].isin(where)]
    lon, lat = zip(*(where[a] for a in rows["adcode"]), strict=True) if len(rows) else ((), ())
    return go.Scattergeo(
        lon=list(lon), lat=list(lat), mode="text", hoverinfo="skip",
        text=[f"{c}<br><b>{s}</b>" for c, s in zip(rows["county"], rows["shown"], strict=True)],
        textfont={"family": FONT, "size": font_size, "color": _label_colours(rows["value"])})


def _label_colours(values: pd.Series) -> list[str]:
    """White on the darker part of the scale, dark ink on the lighter part and on grey counties: a label
    sits on its county's fill, whatever the page's own background (the dark meeting slides too)."""
    low, high = values.min(), values.max()
    span = (high - low) or 1.0
    return ["white" if pd.notna(v) and (v - low) / span > 0.55 else LABEL_INK for v in values]
