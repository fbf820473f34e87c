"""考评 Evaluation — unit scores from the rubric: ranking with star bands, indicator breakdown, change
against the previous period, each unit's scores explained, member leaderboard and commendation list,
manual adjustments, and the rubric itself (compare versions; an admin replaces it). Layout only: the
pieces live in ui.evaluation_widgets, ui.evaluation_admin and outreach.evaluation."""

import streamlit as st

from outreach.evaluation import active_rubric
from ui import evaluation_admin as ea
from ui import evaluation_widgets as ew
from ui import widgets
from ui.shell import setup_page

page = setup_page("page.evaluation")
st.title(page.t("page.evaluation"))
ea.show_flash()
if widgets.offer_demo_if_empty(page):
    st.stop()

f = ew.period_picker(page)
ev, before = ew.evaluation_for(page, f, active_rubric(page.con))
ew.period_caption(page, ev)

ranking, detail, people, adjustments, rules = st.tabs(
    [page.t("eval.tab_ranking"), page.t("eval.tab_unit"), page.t("eval.tab_members"),
     page.t("eval.tab_adjustments"), page.t("eval.tab_rubric")], key="ev_tab", on_change="rerun")
# Only the open tab runs: the others would score and explain for nothing.
if ranking.open:
    with ranking:
        if ev.scores.empty:
            st.info(page.t("eval.no_data"))
        else:
            ew.band_summary(page, ev)
            ew.ranking_table(page, ev, before)
            left, right = st.columns([3, 2])
            with left:
                st.subheader(page.t("eval.breakdown"))
                ew.breakdown_chart(page, ev)
            with right:
                st.subheader(page.t("eval.improved"))
                ew.improvement(page, ev, before)
if detail.open:
    with detail:
        if ev.scores.empty:
            st.info(page.t("eval.no_data"))
        else:
            ew.unit_detail(page, ev, before)
if people.open:
    with people:
        st.subheader(page.t("eval.leaderboard"))
        ew.leaderboard(page, ev)
        st.subheader(page.t("eval.commend"))
        ew.commendation_list(page, ev)
if adjustments.open:
    with adjustments:
        ea.adjustments_view(page, ev)
if rules.open:
    with rules:
        ea.rubric_view(page, ev)
        st.subheader(page.t("eval.compare"))
        ea.compare_view(page, ev)
        if page.may("rubric"):  # replacing or switching the rubric reorders the whole ranking
            with st.expander(page.t("eval.admin"), icon=":material/admin_panel_settings:"):
                ea.admin(page)
