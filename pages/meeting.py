"""会议 Meeting — screen-share mode: one topic per slide in large type, auto-advance, light or dark,
the filters and "数据截至" on every slide, names masked unless the presenter unmasks (recorded); the
generated 汇报 to edit, and PPTX / DOCX / PDF / Markdown exports. Layout only: the pieces live in
ui.meeting_widgets and outreach.report."""

import streamlit as st

from outreach.report import facts as report_facts
from ui import meeting_reading, widgets
from ui import meeting_widgets as mw
from ui.shell import setup_page

page = setup_page("page.meeting", presentation=True)
if widgets.offer_demo_if_empty(page):
    st.stop()

view = mw.toolbar(page)
mw.style(view.theme)
facts = report_facts.build(page.q, page.filters, masked=mw.masked(page), lazy=True)  # the slide shown only
if view.mode == "slides":
    mw.slideshow(page, facts, view)
elif view.mode == "read":
    meeting_reading.reading_view(page, facts, view.theme)
else:
    mw.report_view(page, facts, view)
