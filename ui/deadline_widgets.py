"""The 数据 page's 报送情况: late and missing units per month against the reporting deadline, with the
催报 list to download (CSV or Excel, audited). The list comes from outreach.deadlines (no SQL here)."""

from __future__ import annotations

from functools import partial

import streamlit as st

from outreach import deadlines, export
from ui import auth
from ui.shell import Page


def reporting_section(page: Page) -> None:
    day = deadlines.due_day()
    st.subheader(page.t("dl.title", day=day))
    st.caption(page.t("dl.caption"))
    df = deadlines.reminder_frame(deadlines.late_and_missing(page.q, page.filters, day), page.lang)
    if df.empty:
        st.success(page.t("dl.none"), icon=":material/check_circle:")
        return
    st.dataframe(df, hide_index=True, height=min(420, 38 + 35 * len(df)))
    if not page.may("export"):
        return
    name = page.t("dl.download")
    left, right = st.columns(2)
    with left:
        st.download_button(f"{name} (CSV)", auth.audited(page.con, page.viewer, "reminders_csv", page.filters,
                                                         partial(export.csv_bytes, df)),
                           file_name=f"{name}.csv", mime="text/csv", key="dp_reminders_csv", type="tertiary",
                           icon=":material/download:", on_click="ignore")
    with right:
        st.download_button(f"{name} (Excel)",
                           auth.audited(page.con, page.viewer, "reminders_xlsx", page.filters,
                                        partial(export.table_xlsx, df, "催报")),
                           file_name=f"{name}.xlsx", key="dp_reminders_xlsx", type="tertiary",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           icon=":material/download:", on_click="ignore")
