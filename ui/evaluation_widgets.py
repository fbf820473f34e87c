"""Streamlit pieces of the 考评 page: the period picker, the ranking, one unit's explained scores, and the
member leaderboard with the commendation list. Figures come from outreach.evaluation (no SQL here)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from outreach import export
from outreach.evaluation import band_label, explain, periods, views
from outreach.evaluation import export as eval_export
from outreach.evaluation import members as eval_members
from outreach.evaluation.rubric import COMMEND_GROUPS, CommendationRule
from outreach.evaluation.scoring import Evaluation, evaluate
from outreach.filters import Filters
from outreach.i18n import label
from outreach.privacy import mask_text
from outreach.queries import data_months
from outreach.units import unit_label
from ui import auth, evaluation_charts, pack_widgets, responsive
from ui.shell import Page
from ui.text import as_text, t_text

GRAINS = ("sidebar", "year", "quarter", "month")
STARS = {"five": "★★★★★", "four": "★★★★", "three": "★★★", "two": "★★", "one": "★"}
BREAKDOWN_TOP = 30  # units drawn in the points-by-indicator chart


# --- the period ------------------------------------------------------------------------------------

def period_picker(page: Page) -> Filters:
    """The sidebar's period, or a month, quarter or year chosen here (the sidebar's other filters stay)."""
    left, right = st.columns([2, 3])
    grain = left.segmented_control(page.t("eval.grain"), GRAINS, default="sidebar", key="ev_grain",
                                   format_func=lambda g: page.t(f"eval.grain.{g}")) or "sidebar"
    if grain == "sidebar":
        return page.filters
    options = periods.choices(data_months(page.q), grain)
    if not options:
        return page.filters
    anchor = page.filters.month_to
    default = next((i for i, (s, e) in enumerate(options) if s <= anchor <= e), 0)
    start, end = right.selectbox(page.t(f"eval.grain.{grain}"), options, index=default, key=f"ev_pick_{grain}",
                                 format_func=lambda span: periods.period_label(*span, page.lang))
    return views.with_period(page.filters, start, end)


def period_caption(page: Page, ev: Evaluation) -> None:
    f = ev.filters
    rubric = ev.rubric
    version = page.t("eval.xlsx.version", n=rubric.version_id) if rubric.version_id else \
        page.t("eval.xlsx.default_version")
    st.caption(as_text(page.t("eval.caption", period=periods.period_label(f.month_from, f.month_to, page.lang),
                              months=len(ev.months), rubric=rubric.title(page.lang), version=version,
                              basis=explain.basis_text(rubric, page.lang))))


def band_text(code: str, lang: str) -> str:
    return f"{STARS.get(code, '')} {band_label(code, lang)}".strip()


# --- ranking ---------------------------------------------------------------------------------------

def rank_change_text(value: object) -> str:
    """↑2 for two places gained, ↓1 for one lost, — for none or nothing to compare with."""
    if value is None or pd.isna(value) or value == 0:
        return "—"
    return f"↑{value}" if value > 0 else f"↓{-value}"


def ranking_table(page: Page, ev: Evaluation, before: Evaluation | None) -> None:
    """Rank, change of rank, unit, indicator points, computed, adjustment, total, band."""
    table = eval_export.scores_table(ev.scores, ev.rubric, page.lang, county_rank=False, raw_values=False)
    change = views.changes(ev, before).set_index("unit_key")["rank_change"]
    table.insert(1, page.t("eval.col.rank_change"),
                 [rank_change_text(change.get(k)) for k in ev.scores["unit_key"]])
    table[page.t("eval.col.band")] = [band_text(b, page.lang) for b in ev.scores["band"]]
    # What a reader looks for first stays in view at 1400 px; the indicator columns scroll after it.
    first = [page.t(f"eval.col.{c}") for c in ("rank", "rank_change", "unit", "county", "total", "band",
                                                "computed", "adjustment")]
    table = table[first + [c for c in table.columns if c not in first]]
    total = page.t("eval.col.total")
    top = max(100.0, float(ev.scores["total"].max()) if len(ev.scores) else 100.0)
    config = {c: st.column_config.NumberColumn(format="%.2f") for c in table.columns
              if pd.api.types.is_float_dtype(table[c])}
    config[total] = st.column_config.ProgressColumn(format="%.2f", min_value=0.0, max_value=top)
    for narrow in ("rank", "rank_change", "computed", "adjustment", "members", "active_members"):
        name = page.t(f"eval.col.{narrow}")
        config[name] = {**config.get(name, {}), "width": "small"}
    config[page.t("eval.col.unit")] = st.column_config.TextColumn(width="medium")
    key_columns = [page.t(f"eval.col.{c}") for c in ("rank", "unit", "total", "band")]
    responsive.table(page.lang, table, key_columns, hide_index=True, column_config=config,
                     phone_config={  # all four in a phone's 358 px, the score as a number
                         page.t("eval.col.rank"): {**config.get(page.t("eval.col.rank"), {}), "width": 40},
                         page.t("eval.col.unit"): st.column_config.TextColumn(width=140),
                         total: st.column_config.NumberColumn(format="%.1f", width=58),
                         page.t("eval.col.band"): st.column_config.TextColumn(width=112)},
                     height=min(38 + 35 * len(table), 560), key="ev_ranking")
    downloads(page, ev)


def downloads(page: Page, ev: Evaluation) -> None:
    """The scores as a workbook and as CSV; each download is recorded (which one, the filters)."""
    if not page.may("export"):
        return
    f = ev.filters
    stem = page.t("eval.file_stem", period=periods.period_label(f.month_from, f.month_to, page.lang))
    row = st.container(horizontal=True)
    row.download_button(page.t("eval.download_xlsx"),
                        auth.audited(page.con, page.viewer, "evaluation.xlsx", f,
                                     lambda: eval_export.workbook(ev, page.lang)),
                        file_name=f"{stem}.xlsx", mime=export.XLSX_MIME, key="ev_dl_xlsx", on_click="ignore",
                        icon=":material/table_view:")
    row.download_button(page.t("eval.download_csv"),
                        auth.audited(page.con, page.viewer, "evaluation.csv", f, lambda: export.csv_bytes(
                            eval_export.scores_table(ev.scores, ev.rubric, page.lang))),
                        file_name=f"{stem}.csv", mime="text/csv", key="ev_dl_csv", on_click="ignore",
                        icon=":material/csv:")
    with row:  # the month's 通报 pack (ui/pack_widgets.py)
        pack_widgets.pack_button(page, ev.months[-1] if ev.months else None, masked=False, key="ev_dl_pack")


def band_summary(page: Page, ev: Evaluation) -> None:
    """How many units each band holds against its quota, in one line."""
    quotas = views.band_quotas(ev)
    parts = []
    for row in quotas.to_dict("records"):
        if row["quota"] is None:
            parts.append(page.t("eval.band_none_count", n=row["units"]))
            continue
        floor = page.t("eval.band_floor", score=f"{row['min_score']:g}") if pd.notna(row["min_score"]) else ""
        parts.append(page.t("eval.band_count", band=band_label(row["band"], page.lang), n=row["units"],
                            share=f"{row['share']:.0%}", quota=row["quota"], floor=floor))
    st.caption(page.t("eval.band_line", n=len(ev.all_scores), parts=page.t("fmt.clause_sep").join(parts)))


def breakdown_chart(page: Page, ev: Evaluation) -> None:
    """The first BREAKDOWN_TOP units only: a bar per unit stops being readable (and cheap) beyond that."""
    data = views.breakdown(ev, BREAKDOWN_TOP, page.lang)
    if data.empty:
        st.info(page.t("chart.empty"))
        return
    if len(ev.scores) > BREAKDOWN_TOP:
        st.caption(page.t("eval.breakdown_top", top=BREAKDOWN_TOP, n=len(ev.scores)))
    st.plotly_chart(evaluation_charts.breakdown_bars(data, page.lang), key="ev_breakdown",
                    config={"displaylogo": False})


def improvement(page: Page, ev: Evaluation, before: Evaluation | None) -> None:
    if before is None:
        st.info(page.t("eval.no_previous"))
        return
    f = before.filters
    st.caption(page.t("eval.improved_caption", period=periods.period_label(f.month_from, f.month_to, page.lang)))
    risen = views.most_improved(ev, before)
    if risen.empty:
        st.info(page.t("eval.improved_none"))
        return
    shown = pd.DataFrame({
        page.t("eval.col.unit"): risen["unit"],
        page.t("eval.col.county"): risen["county"].replace("", page.t("county.none")),
        page.t("eval.col.total_before"): risen["total_before"],
        page.t("eval.col.total"): risen["total"],
        page.t("eval.col.change"): [f"{c:+.2f}" for c in risen["change"]],
        page.t("eval.col.rank_move"): [f"{int(b)} → {int(a)}" for b, a in zip(risen["rank_before"], risen["rank"],
                                                                            strict=True)],
    })
    responsive.table(page.lang, shown, [page.t(f"eval.col.{c}") for c in ("unit", "change", "rank_move")],
                     hide_index=True, column_config={
                         page.t("eval.col.total_before"): st.column_config.NumberColumn(format="%.2f"),
                         page.t("eval.col.total"): st.column_config.NumberColumn(format="%.2f")})


# --- one unit explained ----------------------------------------------------------------------------

def unit_detail(page: Page, ev: Evaluation, before: Evaluation | None) -> None:
    """The unit picked by its key (two counties' 城南镇团委 are two options, each shown with its county)."""
    units = ev.scores["unit_key"].tolist()
    ranks = ev.scores.set_index("unit_key")["rank"]
    default = units.index(page.filters.units[0]) if len(page.filters.units) == 1 and \
        page.filters.units[0] in units else 0
    unit = st.selectbox(page.t("eval.pick_unit"), units, index=default, key="ev_unit",
                        format_func=lambda k: f"{ranks[k]}. {unit_label(k)}")
    row = ev.all_scores.set_index("unit_key").loc[unit]
    previous = before.all_scores.set_index("unit_key")["total"].get(unit) if before is not None else None
    c1, c2, c3, c4 = responsive.grid("eval-unit", 4)  # two a row on a phone
    change = None if previous is None or pd.isna(previous) else round(float(row["total"] - previous), 2)
    still = {"delta_color": "off", "delta_arrow": "off"} if change == 0 else {}  # +0.00 is no rise
    c1.metric(page.t("eval.col.total"), f"{row['total']:.2f}", None if change is None else f"{change:+.2f}",
              **still)
    c2.metric(page.t("eval.col.rank"), page.t("eval.rank_of", rank=int(row["rank"]), n=len(ev.all_scores)),
              help=as_text(page.t("eval.county_rank_help", county=row["county"] or page.t("county.none"),
                                  rank=int(row["county_rank"]))))
    c3.metric(page.t("eval.col.band"), band_label(row["band"], page.lang))
    c4.metric(page.t("eval.col.computed"), f"{row['computed']:.2f}",
              page.t("eval.adjusted", points=f"{row['adjustment']:+.2f}") if row["adjustment"] else None,
              delta_color="off")
    left, right = st.columns([2, 3])
    with left:
        st.plotly_chart(evaluation_charts.radar(views.radar(ev, unit, page.lang), unit_label(unit), page.lang),
                        key="ev_radar", config={"displaylogo": False})
        st.caption(page.t("eval.radar_caption"))
    with right:
        for card in explain.unit_cards(ev, unit, page.lang):
            with st.container(border=True):
                st.markdown(t_text("eval.card_title", page.lang, name=card.name, points=f"{card.points:.2f}",
                                   weight=f"{card.weight:g}", value=card.value))
                st.markdown("\n".join(f"- {as_text(line)}" for line in card.figures))
                st.caption(as_text(card.method))
    unit_adjustments = ev.adjustments[ev.adjustments["unit_key"] == unit]
    if not unit_adjustments.empty:
        st.markdown(f"**{page.t('eval.unit_adjustments')}**")
        adjustments_table(page, unit_adjustments)


def adjustments_table(page: Page, df: pd.DataFrame) -> None:
    """The reason, who and the file are free text: a phone or ID number in them is masked."""
    shown = pd.DataFrame({
        page.t("eval.adj_col.unit"): df["unit"],
        page.t("eval.adj_col.county"): df["county"].replace("", page.t("county.none")),
        page.t("eval.adj_col.period"): [periods.period_label(pd.Timestamp(s).date(), pd.Timestamp(e).date(),
                                                             page.lang)
                                        for s, e in zip(df["period_from"], df["period_to"], strict=True)],
        page.t("eval.adj_col.points"): [f"{p:+g}" for p in df["points"]],
        page.t("eval.adj_col.reason"): df["reason"].map(mask_text),
        page.t("eval.adj_col.who"): df["entered_by"].map(lambda w: mask_text(w) or "—"),
        page.t("eval.adj_col.when"): df["entered_at"],
        page.t("eval.adj_col.batch"): [f"#{b}" for b in df["batch_id"]],
        page.t("eval.adj_col.source"): df["file_name"].map(mask_text),
    })
    st.dataframe(shown, hide_index=True, column_config={
        page.t("eval.adj_col.when"): st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm")})


# --- members ---------------------------------------------------------------------------------------

def _member_table(page: Page, df: pd.DataFrame) -> pd.DataFrame:
    """Names, units and points: never a phone number or WeChat name."""
    return pd.DataFrame({
        page.t("eval.col.member_rank"): df["rank"],
        page.t("field.name"): df["name"].map(mask_text),
        page.t("field.unit"): df["unit"].map(mask_text),
        page.t("field.county"): df["county"].replace("", page.t("county.none")).map(mask_text),
        page.t("field.role"): [label("role", r, page.lang) for r in df["role"]],
        page.t("eval.col.points"): df["points"],
        page.t("eval.col.actions"): df["actions"],
        page.t("eval.col.months_active"): df["months_active"],
    })


def _member_key_columns(page: Page) -> list[str]:
    """What a phone shows of a member table (the rest under 更多列)."""
    return [page.t("eval.col.member_rank"), page.t("field.name"), page.t("field.unit"), page.t("eval.col.points")]


BOARD_TOP = 50


def leaderboard(page: Page, ev: Evaluation) -> None:
    st.caption(page.t("eval.member_points_rule", n=BOARD_TOP))
    board = eval_members.leaderboard(page.q, ev.filters, ev.rubric, top=BOARD_TOP)
    if board.empty:
        st.info(page.t("chart.empty"))
        return
    responsive.table(page.lang, _member_table(page, board), _member_key_columns(page), hide_index=True,
                     height=min(38 + 35 * len(board), 420),
                     column_config={page.t("eval.col.points"): st.column_config.NumberColumn(format="%.2f")},
                     key="ev_board")


def commendation_rule(page: Page, ev: Evaluation) -> CommendationRule:
    """The rubric's rule, adjustable here for this view (the rubric file keeps the default)."""
    base = ev.rubric.commendation
    c1, c2, c3, c4 = st.columns(4)
    per = c1.selectbox(page.t("eval.rule_per"), COMMEND_GROUPS, index=COMMEND_GROUPS.index(base.per),
                       key="ev_rule_per", format_func=lambda g: page.t(f"eval.rule_per.{g}"))
    top_n = c2.number_input(page.t("eval.rule_top"), 1, 100, base.top_n, key="ev_rule_top")
    months = c3.number_input(page.t("eval.rule_months"), 0, 12, base.min_months_active, key="ev_rule_months")
    floor = c4.number_input(page.t("eval.rule_points"), 0.0, 100000.0, float(base.min_points), step=10.0,
                            format="%g", key="ev_rule_points")
    return CommendationRule(int(top_n), per, int(months), float(floor))


def commendation_list(page: Page, ev: Evaluation) -> None:
    rule = commendation_rule(page, ev)
    months = eval_members.effective_min_months(rule, len(ev.months))
    st.caption(page.t("eval.rule_text", per=page.t(f"eval.rule_per.{rule.per}"), n=rule.top_n, months=months,
                      points=f"{rule.min_points:g}"))
    listed = eval_members.commendation_list(page.q, ev.filters, ev.rubric, rule)
    if listed.empty:
        st.info(page.t("eval.commend_none"))
        return
    table = _member_table(page, listed)
    responsive.table(page.lang, table, _member_key_columns(page), hide_index=True,
                     height=min(38 + 35 * len(table), 420), key="ev_commend",
                     column_config={page.t("eval.col.points"): st.column_config.NumberColumn(format="%.2f")})
    f = ev.filters
    title = page.t("eval.commend_title", period=periods.period_label(f.month_from, f.month_to, page.lang))
    if page.may("export"):
        st.download_button(page.t("eval.download_commend"),
                           auth.audited(page.con, page.viewer, "commendations.xlsx", f,
                                        lambda: export.table_xlsx(table, page.t("eval.commend"), title)),
                           file_name=f"{title}.xlsx", mime=export.XLSX_MIME, key="ev_dl_commend", on_click="ignore",
                           icon=":material/table_view:")


def evaluation_for(page: Page, f: Filters, rubric) -> tuple[Evaluation, Evaluation | None]:
    """This period's evaluation and the previous period's (None when there is no data before)."""
    ev = evaluate(page.q, f, rubric)
    return ev, views.previous_evaluation(page.q, ev) if not ev.all_scores.empty else None
