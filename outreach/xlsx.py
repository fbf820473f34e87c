"""Workbook bytes that do not depend on the clock, so shipped files (demo, templates) never churn."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from openpyxl import Workbook

_STAMPS = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*")


def reproducible_xlsx(wb: Workbook, stamp: dt.datetime = dt.datetime(2014, 1, 1)) -> bytes:
    """Save ``wb``; openpyxl writes the save time into docProps/core.xml and every zip entry, so
    both are pinned to ``stamp``."""
    raw = io.BytesIO()
    wb.save(raw)
    out = io.BytesIO()
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "docProps/core.xml":
                body = _STAMPS.sub(rb"\g<1>" + iso, body)
            dst.writestr(zipfile.ZipInfo(info.filename, stamp.timetuple()[:6]), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()
