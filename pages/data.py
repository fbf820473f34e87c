"""数据 Data — upload rosters and logs, preview and confirm, import history with undo, data-quality
lists, campaigns (专项活动), blank templates. Layout only: the pieces live in ui.data_widgets,
ui.campaign_widgets, outreach.data_admin and outreach.campaigns."""

import streamlit as st

from ui import campaign_widgets as cw
from ui import data_widgets as dw
from ui.shell import setup_page

page = setup_page("page.data")
st.title(page.t("page.data"))
dw.show_flash()

upload, history, quality, campaigns, templates = st.tabs(
    [page.t("dp.tab_upload"), page.t("dp.tab_history"), page.t("dp.tab_quality"), page.t("dp.tab_campaigns"),
     page.t("dp.tab_templates")],
    key="dp_tab", on_change="rerun",
)
with upload:
    dw.upload_tab(page)
with history:
    dw.history_tab(page)
with quality:
    dw.quality_tab(page)
with campaigns:
    cw.campaigns_tab(page)
with templates:
    dw.templates_tab(page)
