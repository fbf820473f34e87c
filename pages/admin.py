"""管理 Admin — accounts (list, create, disable and enable, unlock, reset a password) and the audit log
(filter by who, what and when; download as CSV or Excel). Admin only: setup_page refuses every other
viewer, and open mode has no account to manage. Layout only: the pieces live in ui.admin_widgets."""

import streamlit as st

from ui import admin_widgets as aw
from ui.shell import setup_page

page = setup_page("page.admin", filters=False)
st.title(page.t("page.admin"))
aw.show_flash()

users, log = st.tabs([page.t("admin.tab_users"), page.t("admin.tab_audit")], key="admin_tab", on_change="rerun")
if users.open and page.may("users"):
    with users:
        aw.users_tab(page)
if log.open and page.may("audit"):
    with log:
        aw.audit_tab(page)
