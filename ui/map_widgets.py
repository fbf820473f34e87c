"""The county map on a page: a measure selector, the map (outreach.map_figure) and, beside it, the
city-level units (市本级) as their own figure — they are no county, and never dropped. On the 队伍 page a
click on a county drills into it exactly like the bar chart (the same ``drill`` in the URL)."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from outreach import county_map, geo, map_figure
from outreach.county_map import MEASURES, CountyMap
from outreach.evaluation import active_rubric, score_units
from outreach.filters import Filters
from ui import widgets
from ui.shell import Page
from ui.text import as_text

# On a phone the county names would collide: the map is drawn without them, and a tap on a county shows
# its name and figure (the hover label). Desktop keeps the names.
PHONE_CSS = ("<style>@media (max-width: 640px) { .js-plotly-plot .geolayer .scattergeo text { display: none; } }"
             "</style>")


def measure_picker(page: Page, key: str) -> str:
    return st.segmented_control(page.t("map.measure"), MEASURES, default=MEASURES[0], key=key,
                                format_func=lambda m: page.t(f"map.measure.{m}")) or MEASURES[0]


def build(page: Page, f: Filters, measure: str) -> CountyMap:
    """The map's figures; the evaluation is scored only when its measure is shown (it costs the most)."""
    scores = score_units(page.q, f, active_rubric(page.con)) if measure == "score" else None
    return county_map.build(page.q, f, scores)


def county_map_block(page: Page, key: str, height: int = 460, drill: bool = False,
                     narrow: bool = False) -> str | None:
    """Selector, map and the 市本级 figure (beside the map, or under it when ``narrow``). With ``drill``, a
    click on a county drills into it (returns the county drilled into, as the bar chart does)."""
    measure = measure_picker(page, f"{key}_measure")
    st.html(PHONE_CSS)
    data = build(page, page.filters, measure)
    if data.city is None:
        st.info(page.t("map.no_city"), icon=":material/map:")
        return widgets.drilled_county(page, key) if drill else None
    if data.choice.problem == geo.PROBLEM_OVERRIDE_UNKNOWN:
        st.caption(as_text(page.t("map.override_unknown", city=data.choice.override or "")))
    left, right = (st.container(), st.container()) if narrow else st.columns([4, 1], vertical_alignment="center")
    with left:
        fig = map_figure.choropleth(data.counties, data.geojson(), measure, page.lang, height=height, narrow=narrow,
                                    font_size=11 if narrow else 13)
        config = {"displaylogo": False, "displayModeBar": False, "scrollZoom": False,
                  "topojsonURL": map_figure.TOPOJSON_URL}
        if drill:
            fig.update_layout(clickmode="event+select")
            counties = dict(zip(data.counties["adcode"], data.counties["drill"], strict=True))
            chart = widgets.chart_key(key)
            st.plotly_chart(fig, key=chart, config=config, selection_mode="points",
                            on_select=partial(widgets.on_drill, page, chart, lambda p: _county_of(p, counties)))
        else:
            st.plotly_chart(fig, key=widgets.chart_key(key), config=config)
    with right:
        city_level(page, data, measure)
    notes = [page.t("map.click_hint")] if drill else []
    if len(data.unmatched):
        notes.append(page.t("map.unmatched_note", n=len(data.unmatched)))
    notes.append(page.t("map.source"))
    st.caption(as_text(" ".join(notes)))
    return widgets.drilled_county(page, key) if drill else None


def _county_of(point: dict, counties: dict[str, object]) -> str | None:
    """The roster's name of the clicked county (a grey county without data has none: no drill)."""
    name = counties.get(str(point.get("location")))
    return name if isinstance(name, str) else None


def city_level(page: Page, data: CountyMap, measure: str) -> None:
    """市本级 beside the map: its figure in the measure shown, or a note that there is none."""
    if data.city_level.empty:
        st.caption(page.t("map.city_level_none"))
        return
    row = data.city_level.iloc[0]
    value = row.get(measure)
    st.metric(page.t("map.city_level"), map_figure.value_text(measure, None if pd.isna(value) else float(value),
                                                               page.lang), border=True,
              help=page.t("map.city_level_help"))
    if measure != "members":
        members = map_figure.value_text("members", row["members"], page.lang)
        st.caption(as_text(f"{page.t('map.measure.members')} {members}"))


def county_names_quality(page: Page) -> None:
    """For the 数据 page's data-quality tab: the map's city, and the county names that fit none of its
    counties (市本级 and the like are not listed: they are shown beside the map on purpose)."""
    st.subheader(page.t("map.dq_title"))
    data = build(page, page.filters, "members")
    if data.city is None:
        st.info(page.t("map.no_city"), icon=":material/map:")
        return
    how = page.t(f"map.dq_how.{'override' if data.choice.source == 'override' else 'detected'}")
    st.caption(as_text(page.t("map.dq_city", city=data.city.name, how=how)))
    if data.unmatched.empty:
        st.success(page.t("map.dq_all_matched"), icon=":material/check_circle:")
        return
    shown = pd.DataFrame({
        page.t("map.dq_col.county"): data.unmatched["county"],
        page.t("map.dq_col.reason"): [page.t(r) for r in data.unmatched["reason"]],
        page.t("map.dq_col.members"): data.unmatched["members"].astype("int64"),
        page.t("map.dq_col.actions"): data.unmatched["actions"].astype("int64"),
    })
    st.dataframe(shown, hide_index=True, height=min(420, 38 + 35 * len(shown)))
