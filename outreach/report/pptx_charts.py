"""The slide charts of the PPTX deck as native PowerPoint charts (python-pptx's chart API): office staff
edit them in PowerPoint or WPS (编辑数据) like any chart of theirs, and the deck needs no browser.

They show what the Plotly figures of outreach.report.charts show, from the same facts: members by county
(horizontal bars, largest on top), actions per month stacked by type with each month's total above it,
actions by type and by platform, each type and platform in its colour of every page. Counts from ten
thousand on read in 万 in Chinese (1.2万), through a number format, so they stay right after an edit.
The county map is no chart type of PowerPoint's: outreach.report.pptx draws it otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_TICK_MARK
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.util import Pt

from outreach import vocab
from outreach.i18n import label, t
from outreach.report.charts import THEMES
from outreach.report.facts import ReportFacts
from outreach.report.text import month_text

FONT = "Microsoft YaHei"  # as the deck's text (outreach.report.pptx)
# 11985 → 1.2万 (÷1000 by the comma, a literal point before the last digit; quoted, as LibreOffice does not
# read Excel's `!.`), below ten thousand 9,876: as fmt.count writes them, save that a round 2万 shows as 2.0万.
WAN = '[>=10000]0"."0,"万";#,##0'
PLAIN = "#,##0"
LABEL_PT, AXIS_PT, LEGEND_PT = 16, 15, 14  # readable from the back of a meeting room on a 13.33-inch slide


@dataclass
class Series:
    name: str
    values: list[int]
    colour: str = ""  # one colour for the series ('#2874a6'), or
    point_colours: tuple[str, ...] = ()  # one per category


@dataclass
class Spec:
    """One chart as data: what the deck draws and what a test reads back."""
    kind: str  # "bars" (horizontal, one series) | "stacked" (columns, one series per activity type)
    categories: list[str]
    series: list[Series]
    top_down: bool = False  # bars: the first category at the top (else at the bottom, as in a Plotly bar chart)
    totals_name: str = ""  # stacked: each column's total above it, under this name in the chart's data


def number_format(lang: str) -> str:
    return WAN if lang == "zh" else PLAIN


def county_members(facts: ReportFacts, theme: str, lang: str) -> Spec:
    df = facts.by_county.sort_values("members", ascending=True)  # the largest last: at the top
    names = [c or t("county.none", lang) for c in df["county"]]
    return Spec("bars", names, [Series(t("map.measure.members", lang), [int(v) for v in df["members"]],
                                       THEMES[theme]["bar"])])


def monthly_trend(facts: ReportFacts, theme: str, lang: str) -> Spec:
    df = facts.monthly
    months = sorted(pd.to_datetime(df["period"]).unique())
    table = df.assign(period=pd.to_datetime(df["period"])).pivot_table(
        index="period", columns="type", values="actions", aggfunc="sum", fill_value=0).reindex(months, fill_value=0)
    series = [Series(label("type", code, lang), [int(v) for v in table[code]], vocab.TYPE_COLOURS[code])
              for code in vocab.ACTIVITY_TYPES if code in table and table[code].sum() > 0]
    return Spec("stacked", [month_text(pd.Timestamp(m).date(), lang) for m in months], series,
                totals_name=t("mt.t.total", lang))


def by_type(facts: ReportFacts, theme: str, lang: str) -> Spec:
    totals = facts.figures["actions_by_type"]
    codes = [c for c in vocab.ACTIVITY_TYPES if totals.get(c)]
    return Spec("bars", [label("type", c, lang) for c in codes],
                [Series(t("mt.by_type", lang), [int(totals[c]) for c in codes],
                        point_colours=tuple(vocab.TYPE_COLOURS[c] for c in codes))], top_down=True)


def by_platform(facts: ReportFacts, theme: str, lang: str) -> Spec:
    totals = facts.by_platform_type.groupby("platform")["actions"].sum()
    codes = [c for c in vocab.PLATFORMS if totals.get(c, 0)]
    return Spec("bars", [label("platform", c, lang) for c in codes],
                [Series(t("mt.by_platform", lang), [int(totals[c]) for c in codes],
                        point_colours=tuple(vocab.PLATFORM_COLOURS[c] for c in codes))], top_down=True)


SPECS = {"county_members": county_members, "monthly_trend": monthly_trend, "by_type": by_type,
         "by_platform": by_platform}


def spec(name: str, facts: ReportFacts, theme: str, lang: str) -> Spec:
    return SPECS[name](facts, theme, lang)


# --- drawing ----------------------------------------------------------------------------------------------

class _TotalsWriter(CategoryWorkbookWriter):
    """The chart's workbook with the totals column (the last) as =SUM of the type columns: an edited
    figure moves its month's total with it."""

    def _populate_worksheet(self, workbook, worksheet):
        super()._populate_worksheet(workbook, worksheet)
        series = list(self._chart_data)
        *parts, totals = series
        first, last = self._series_col_letter(parts[0]), self._series_col_letter(parts[-1])
        col = series.index(totals) + self._chart_data.categories.depth
        for i, value in enumerate(totals.values):
            worksheet.write_formula(i + 1, col, f"=SUM({first}{i + 2}:{last}{i + 2})", None, value)


class _TotalsData(CategoryChartData):
    @property
    def _workbook_writer(self):
        return _TotalsWriter(self)


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _font(font, size: float | None = None, colour: str | None = None) -> None:
    """Size, colour and the CJK face (<a:ea>: Chinese takes its font from there, not from the latin name)."""
    if size is not None:
        font.size = Pt(size)
    if colour is not None:
        font.color.rgb = _rgb(colour)
    font.name = FONT
    rpr = font._rPr
    for tag in ("a:ea", "a:cs"):
        node = rpr.find(qn(tag))
        if node is None:
            node = rpr.makeelement(qn(tag), {})
            rpr.append(node)
        node.set("typeface", FONT)


def add(shapes, name: str, facts: ReportFacts, theme: str, lang: str, x, y, cx, cy):
    """The chart ``name`` as a native chart in ``shapes`` at (x, y), cx × cy (EMU); returns the chart, or
    None when there is nothing to draw."""
    s = spec(name, facts, theme, lang)
    if not s.categories or not s.series:
        return None
    colours = THEMES[theme]
    number = number_format(lang)
    stacked = s.kind == "stacked"
    data = (_TotalsData if stacked else CategoryChartData)(number_format=number)
    data.categories = s.categories
    for series in s.series:
        data.add_series(series.name, series.values)
    if stacked:
        data.add_series(s.totals_name, [sum(v) for v in zip(*(x.values for x in s.series), strict=True)])
    kind = XL_CHART_TYPE.COLUMN_STACKED if stacked else XL_CHART_TYPE.BAR_CLUSTERED
    frame = shapes.add_chart(kind, x, y, cx, cy, data)
    frame.name = name  # in PowerPoint's selection pane, and how a test finds it
    chart = frame.chart
    chart.has_title = False  # the slide's title (or the caption above) says what the chart shows
    _font(chart.font, AXIS_PT, colours["ink"])
    plot = chart.plots[0]
    plot.gap_width = 33  # the Plotly charts' bargap of 0.25
    plot.vary_by_categories = False
    for series, drawn in zip(s.series, plot.series, strict=False):
        fill = drawn.format.fill
        fill.solid()
        fill.fore_color.rgb = _rgb(series.colour or series.point_colours[0])
        drawn.invert_if_negative = False
        for i, colour in enumerate(series.point_colours):
            point = drawn.points[i].format.fill
            point.solid()
            point.fore_color.rgb = _rgb(colour)
    categories, values = chart.category_axis, chart.value_axis
    categories.major_tick_mark = values.major_tick_mark = XL_TICK_MARK.NONE
    categories.format.line.color.rgb = _rgb(colours["grid"])
    _font(categories.tick_labels.font, AXIS_PT, colours["ink"])
    if stacked:
        _totals_line(chart, len(s.series), number, colours["ink"])
        values.has_major_gridlines = True
        values.major_gridlines.format.line.color.rgb = _rgb(colours["grid"])
        values.format.line.fill.background()
        values.minimum_scale = 0
        values.tick_labels.number_format = number
        values.tick_labels.number_format_is_linked = False
        _font(values.tick_labels.font, AXIS_PT, colours["muted"])
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        _font(chart.legend.font, LEGEND_PT, colours["ink"])
        _hide_legend_entry(chart, len(s.series))
    else:
        chart.has_legend = False
        values.visible = False
        values.has_major_gridlines = False
        values.minimum_scale = 0
        categories.reverse_order = s.top_down
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.number_format, labels.number_format_is_linked = number, False
        labels.position = XL_LABEL_POSITION.OUTSIDE_END
        labels.show_value = True
        _font(labels.font, LABEL_PT, colours["ink"])
    return chart


def _totals_line(chart, index: int, number: str, ink: str) -> None:
    """python-pptx draws one chart type per chart: the totals series moves from the stacked columns into a
    line chart on the same axes, with no line and no marker, only its value above each column."""
    plot_area = chart._chartSpace.chart.plotArea
    bar = plot_area.find(qn("c:barChart"))
    ser = bar.findall(qn("c:ser"))[index]
    bar.remove(ser)
    for tag in ("c:invertIfNegative", "c:spPr", "c:dLbls"):
        for node in ser.findall(qn(tag)):
            ser.remove(node)
    after_tx = list(ser).index(ser.find(qn("c:tx"))) + 1
    ser.insert(after_tx, parse_xml(f'<c:spPr {nsdecls("c", "a")}><a:ln><a:noFill/></a:ln></c:spPr>'))
    ser.insert(after_tx + 1, parse_xml(f'<c:marker {nsdecls("c")}><c:symbol val="none"/></c:marker>'))
    size = int(LABEL_PT * 100)
    ser.insert(after_tx + 2, parse_xml(
        f'<c:dLbls {nsdecls("c", "a")}><c:numFmt formatCode="{_attr(number)}" sourceLinked="0"/>'
        f'<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'
        f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size}" b="1">'
        f'<a:solidFill><a:srgbClr val="{ink.lstrip("#").upper()}"/></a:solidFill>'
        f'<a:latin typeface="{FONT}"/><a:ea typeface="{FONT}"/></a:defRPr></a:pPr>'
        f'<a:endParaRPr lang="zh-CN"/></a:p></c:txPr>'
        f'<c:dLblPos val="t"/><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>'
        f'<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>'))
    ser.append(parse_xml(f'<c:smooth {nsdecls("c")} val="0"/>'))
    axes = "".join(f'<c:axId val="{a.get("val")}"/>' for a in bar.findall(qn("c:axId")))
    line = parse_xml(f'<c:lineChart {nsdecls("c")}><c:grouping val="standard"/><c:varyColors val="0"/>'
                     f'<c:marker val="1"/>{axes}</c:lineChart>')
    line.insert(2, ser)
    bar.addnext(line)


def _hide_legend_entry(chart, index: int) -> None:
    """The legend names the activity types, not the totals line."""
    legend = chart._chartSpace.chart.find(qn("c:legend"))
    entry = parse_xml(f'<c:legendEntry {nsdecls("c")}><c:idx val="{index}"/><c:delete val="1"/></c:legendEntry>')
    legend.find(qn("c:legendPos")).addnext(entry)


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
