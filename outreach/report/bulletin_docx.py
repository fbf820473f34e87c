"""The 通报 pack as files: one DOCX per county (or unit) and the city-wide one, plus a PDF of each when
Chromium is available (outreach.report.charts.browser_available), in a zip or a folder.
File names: `2014年9月通报_福安市.docx`, `2014年9月通报_全市.docx`."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from outreach.evaluation import band_label
from outreach.i18n import t
from outreach.privacy import mask_text
from outreach.report import charts, pdf
from outreach.report.bulletin import Bulletin, CityBulletin, Pack, file_stem
from outreach.report.docx import BODY_FONT, GREY, HEADING_FONT, TITLE_FONT, _paragraph, _table
from outreach.report.html import esc
from outreach.report.slides import Table
from outreach.units import split_unit_key

CITY = "全市"


def _num(value: object, digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return "—"
    return f"{float(value):,.{digits}f}"


def _rate(value: object) -> str:
    return "—" if value is None or pd.isna(value) else f"{float(value) * 100:.1f}%"


def _unit(key: str) -> str:
    county, name = split_unit_key(key)
    return f"{county} {name}" if county else name


def _units_text(keys: list[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(_unit(k) for k in keys) if keys else t("bul.none", lang)


def _month_text(month: object, lang: str) -> str:
    return t("bul.month", lang, year=month.year, month=month.month)


Block = tuple[str, object]  # ("title" | "sub" | "h" | "h3" | "p", text) or ("table", Table)


def bulletin_blocks(b: Bulletin, masked: bool, lang: str = "zh") -> list[Block]:
    name = (b.name or t("bul.no_county", lang)) if b.per == "county" else _unit(b.name)
    out: list[Block] = [("title", t("bul.title", lang, name=name, month=_month_text(b.month, lang))),
                        ("sub", t("bul.masked" if masked else "bul.unmasked", lang)),
                        ("h", t("bul.h.figures", lang))]
    rows = []
    for f in b.figures:
        digits = 2 if f.key == "per_member" else 0
        shown = (_rate(f.value), _rate(f.average)) if f.key == "active_rate" else \
            (_num(f.value, digits), _num(f.average, digits if f.key == "per_member" else 1))
        rows.append([t(f"bul.fig.{f.key}", lang), *shown])
    out.append(("table", Table([t("bul.c.figure", lang), name, t("bul.c.city_avg", lang)], rows, (1, 2))))
    rank = t(f"bul.rank.{b.per}", lang, rank=b.rank if b.rank is not None else "—", of=b.of, total=_num(b.total, 2))
    if b.per == "unit":
        rank += " " + band_label(b.band or None, lang)
    out += [("h", t("bul.h.rank", lang)), ("p", rank), ("h", t("bul.h.units", lang))]
    out.append(("table", Table(
        [t("bul.c.unit", lang), t("bul.c.members", lang), t("bul.c.active", lang), t("bul.c.actions", lang),
         t("bul.c.total", lang), t("bul.c.rank", lang), t("bul.c.band", lang)],
        [[r.unit, _num(r.members), _num(r.active_members), _num(r.actions), _num(r.total, 2), _num(r.rank),
          _band(r.band, lang)] for r in b.units.itertuples()], (1, 2, 3, 4, 5))))
    out.append(("h", t("bul.h.inactive", lang, n=len(b.inactive))))
    if b.inactive.empty:
        out.append(("p", t("bul.none", lang)))
    else:
        out.append(("table", Table([t("bul.c.unit", lang), t("bul.c.name", lang)],
                                   [[r.unit, r.name] for r in b.inactive.itertuples()])))
    out.append(("h", t("bul.h.missing", lang)))
    for key, keys in (("bul.not_reported", b.not_reported), ("bul.no_liaison", b.no_liaison),
                      ("bul.short_core", b.short_core)):
        out.append(("p", t(key, lang, units=_units_text(keys, lang))))
    return out


def _band(code: object, lang: str) -> str:
    return band_label(code if isinstance(code, str) and code else None, lang)


def city_blocks(c: CityBulletin, masked: bool, lang: str = "zh") -> list[Block]:
    unit_cols = [t("bul.c.rank", lang), t("bul.c.unit", lang), t("bul.c.total", lang), t("bul.c.band", lang)]

    def units(df: pd.DataFrame) -> Table:
        return Table(unit_cols, [[_num(r.rank), _unit(r.unit_key), _num(r.total, 2), _band(r.band, lang)]
                                 for r in df.itertuples()], (0, 2))

    out: list[Block] = [("title", t("bul.city_title", lang, month=_month_text(c.month, lang))),
                        ("sub", t("bul.masked" if masked else "bul.unmasked", lang)),
                        ("h", t("bul.h.red", lang)), ("table", units(c.red_units)),
                        ("h3", t("bul.h.red_members", lang)),
                        ("table", Table([t("bul.c.rank", lang), t("bul.c.name", lang), t("bul.c.unit", lang),
                                         t("bul.c.points", lang)],
                                        [[_num(r.rank), r.name, _unit(r.unit_key), _num(r.points, 1)]
                                         for r in c.red_members.itertuples()], (0, 3))),
                        ("h", t("bul.h.black", lang)), ("table", units(c.black_units)),
                        ("p", t("bul.not_reported", lang, units=_units_text(c.not_reported, lang))),
                        ("h", t("bul.h.improved", lang))]
    if c.improved.empty:
        out.append(("p", t("bul.none", lang)))
    else:
        out.append(("table", Table([t("bul.c.unit", lang), t("bul.c.before", lang), t("bul.c.total", lang),
                                    t("bul.c.change", lang)],
                                   [[_unit(r.unit_key), _num(r.total_before, 2), _num(r.total, 2), _num(r.change, 2)]
                                    for r in c.improved.itertuples()], (1, 2, 3))))
    return out


def to_docx(blocks: list[Block]) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.4)
    for kind, value in blocks:
        if kind == "title":
            _paragraph(doc, value, TITLE_FONT, 20, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=4)
        elif kind == "sub":
            _paragraph(doc, value, BODY_FONT, 11, align=WD_ALIGN_PARAGRAPH.CENTER, colour=GREY, space_after=12)
        elif kind == "h":
            _paragraph(doc, value, HEADING_FONT, 14, space_after=3)
        elif kind == "h3":
            _paragraph(doc, value, HEADING_FONT, 12, space_after=3)
        elif kind == "p":
            _paragraph(doc, value, BODY_FONT, 12, indent=True)
        else:
            _table(doc, value)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def to_html(blocks: list[Block], lang: str = "zh") -> str:
    tags = {"title": '<h1 class="doc">{}</h1>', "sub": '<p class="stamp">{}</p>', "h": '<h2 class="doc">{}</h2>',
            "h3": '<h3 class="doc">{}</h3>', "p": '<p class="body">{}</p>'}
    parts = [pdf._table(v) if k == "table" else tags[k].format(esc(mask_text(v))) for k, v in blocks]
    title = esc(mask_text(blocks[0][1])) if blocks else ""
    return (f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
            f"<title>{title}</title><style>{pdf.PRINT_CSS}</style></head><body>{''.join(parts)}</body></html>")


def bulletin_docx(b: Bulletin, masked: bool, lang: str = "zh") -> bytes:
    return to_docx(bulletin_blocks(b, masked, lang))


def city_docx(c: CityBulletin, masked: bool, lang: str = "zh") -> bytes:
    return to_docx(city_blocks(c, masked, lang))


def documents(pack: Pack, lang: str = "zh") -> dict[str, list[Block]]:
    """File stem → blocks: the bulletins (by name) then the city-wide 通报."""
    out = {file_stem(b.month, b.name): bulletin_blocks(b, pack.masked, lang) for b in pack.bulletins}
    out[file_stem(pack.month, CITY)] = city_blocks(pack.city, pack.masked, lang)
    return out


def files(pack: Pack, lang: str = "zh", with_pdf: bool | None = None) -> dict[str, bytes]:
    """File name → bytes: a DOCX per document, and a PDF of each when Chromium is available (``with_pdf``
    None: when charts.browser_available())."""
    with_pdf = charts.browser_available() if with_pdf is None else with_pdf
    out = {}
    for stem, blocks in documents(pack, lang).items():
        out[f"{stem}.docx"] = to_docx(blocks)
        if with_pdf:
            out[f"{stem}.pdf"] = pdf.print_pdf(to_html(blocks, lang))
    return out


def zip_bytes(named: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in named.items():
            z.writestr(name, data)
    return buf.getvalue()


def write(named: dict[str, bytes], out: Path) -> list[Path]:
    """A zip when ``out`` ends in .zip, else the files in the folder ``out`` (created)."""
    if out.suffix.lower() == ".zip":
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(zip_bytes(named))
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    for name, data in named.items():
        (out / name).write_bytes(data)
    return [out / name for name in named]
