"""The 通报 pack button of the 会议 and 考评 pages: one zip of the month's bulletins (one per county and the
city-wide one; outreach.report.bulletin), built when clicked, in the viewer's scope, names masked unless
the viewer may unmask and asked to, every download recorded (audit log; privacy log when unmasked)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from outreach.filters import Filters
from outreach.queries import QueryRunner
from outreach.report import audit as privacy_audit
from outreach.report import bulletin, bulletin_docx, charts
from ui import auth
from ui.shell import Page


def pack_bytes(page: Page, month: dt.date, masked: bool) -> bytes:
    """Runs outside the script run (a deferred download): on a cursor of its own."""
    q = QueryRunner(page.con.cursor(), page.q.scope)
    pack = bulletin.build(q, month, "county", masked=masked)
    return bulletin_docx.zip_bytes(bulletin_docx.files(pack, page.lang, with_pdf=charts.browser_available()))


def pack_button(page: Page, month: dt.date | None, masked: bool, key: str) -> None:
    if month is None or not page.may("export"):
        return
    masked = masked or not page.may("unmask")
    f = Filters(month, month)
    if masked:
        build = auth.audited(page.con, page.viewer, "bulletin_pack", f, lambda: pack_bytes(page, month, True))
    else:
        def build() -> bytes:
            privacy_audit.record(page.con.cursor(), "export", "bulletin_pack", f, account=page.viewer)
            return pack_bytes(page, month, False)
    st.download_button(page.t("bul.download"), build, file_name=f"{month.year}年{month.month}月通报.zip",
                       mime="application/zip", key=key, on_click="ignore", icon=":material/folder_zip:")
