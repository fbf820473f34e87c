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

# Each part shows when the viewer may use it (outreach.access): a leader gets the page read-only, with no
# upload tab; undo, campaign changes and the like check for themselves inside their tabs.
parts = [("dp.tab_upload", dw.upload_tab)] if page.may("import") else []
parts += [("dp.tab_history", dw.history_tab), ("dp.tab_quality", dw.quality_tab),
          ("dp.tab_campaigns", cw.campaigns_tab), ("dp.tab_templates", dw.templates_tab)]
tabs = st.tabs([page.t(key) for key, _ in parts], key="dp_tab", on_change="rerun")
for tab, (_, draw) in zip(tabs, parts, strict=True):
    with tab:
        draw(page)
