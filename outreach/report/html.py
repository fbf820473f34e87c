"""Slides as HTML: a 16:9 stage whose every size is a share of its width (CSS container units), so one
slide looks the same at 1280 × 720, at 1920 × 1080 and on a printed page; light and dark themes.

Every text goes through :func:`esc` — HTML-escaped, and any run of 11+ digits masked as a phone
number, whatever column it came from. Charts are PNG data URIs.
"""

from __future__ import annotations

import base64
import html
import re
import struct
import zlib

from outreach.privacy import mask_text
from outreach.report.slides import Chart, Kpi, Slide, Table

PHONE = re.compile(r"1[3-9]\d{9}")
DESIGN_PX_PER_CQW = 16  # the stage is 1600 design pixels wide = 100cqw

CSS = """
.mt-frame { container-type: inline-size; width: min(100%, calc((100vh - var(--mt-chrome, 0px)) * 16 / 9));
  margin: 0 auto; }
.mt-stage { position: relative; width: 100%; aspect-ratio: 16 / 9; overflow: hidden; box-sizing: border-box;
  font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; line-height: 1.35;
  background: var(--mt-paper); color: var(--mt-ink); border-radius: .5cqw; box-shadow: 0 .2cqw 1.2cqw rgba(0,0,0,.18);
  --mt-accent: #c0392b; }
.mt-light { --mt-paper: #ffffff; --mt-ink: #1c2833; --mt-muted: #566573; --mt-tile: #f4f6f7; --mt-line: #d5dbdb; }
.mt-dark { --mt-paper: #141b24; --mt-ink: #eef2f5; --mt-muted: #aab7c4; --mt-tile: #1f2935; --mt-line: #34495e; }
.mt-stage * { box-sizing: border-box; }
.mt-head { position: absolute; top: 2cqw; left: 3cqw; right: 3cqw; height: 7cqw;
  border-left: .5cqw solid var(--mt-accent); padding-left: 1.4cqw; }
.mt-kicker { font-size: 1.25cqw; color: var(--mt-muted); margin: 0; }
.mt-title { font-size: 3.1cqw; font-weight: 700; margin: .2cqw 0 0 0; padding: 0; line-height: 1.2;
  color: var(--mt-ink); }
.mt-body { position: absolute; top: 10.2cqw; bottom: 4.6cqw; left: 3cqw; right: 3cqw; overflow: hidden; }
.mt-foot { position: absolute; bottom: .9cqw; left: 3cqw; right: 3cqw; height: 3cqw; display: flex;
  justify-content: space-between; align-items: flex-end; gap: 2cqw; font-size: 1.1cqw; color: var(--mt-muted);
  border-top: .08cqw solid var(--mt-line); padding-top: .35cqw; overflow: hidden; }
.mt-stampline { flex: 1; line-height: 1.25; max-height: 2.8cqw; overflow: hidden; }
.mt-pageno { white-space: nowrap; font-size: 1.2cqw; }
.mt-grid { display: grid; grid-template-columns: repeat(4, 1fr); grid-auto-rows: 1fr; gap: 1.4cqw; height: 100%; }
.mt-tile { background: var(--mt-tile); border-radius: .6cqw; padding: 1.2cqw 1.4cqw; display: flex;
  flex-direction: column; justify-content: center; overflow: hidden; }
.mt-klabel { font-size: 1.5cqw; color: var(--mt-muted); }
.mt-kvalue { font-size: 4.2cqw; font-weight: 700; line-height: 1.15; white-space: nowrap; }
.mt-kunit { font-size: 1.6cqw; font-weight: 400; margin-left: .3cqw; color: var(--mt-muted); }
.mt-knote { font-size: 1.25cqw; color: var(--mt-muted); }
.mt-row { display: flex; gap: 1.2cqw; }
.mt-row .mt-tile { flex: 1; padding: .7cqw 1.1cqw; }
.mt-row .mt-kvalue { font-size: 2.8cqw; }
.mt-row .mt-klabel { font-size: 1.3cqw; }
.mt-split { display: flex; gap: 2cqw; height: 100%; }
.mt-side { flex: 1; display: flex; flex-direction: column; gap: 1cqw; overflow: hidden; }
.mt-side .mt-tile { flex: none; padding: .7cqw 1.2cqw; }
.mt-side .mt-kvalue { font-size: 3cqw; }
.mt-chart { display: flex; flex-direction: column; align-items: center; justify-content: flex-start; flex: none; }
.mt-chart img { display: block; width: 100%; height: 100%; object-fit: contain; }
.mt-caption { font-size: 1.6cqw; font-weight: 700; height: 2.6cqw; margin: 0; }
.mt-pair { display: flex; gap: 2cqw; justify-content: space-between; height: 100%; }
.mt-lead { font-size: 1.7cqw; margin: 0 0 .6cqw 0; height: 2.5cqw; overflow: hidden; }
.mt-bullets { margin: 0; padding-left: 2.2cqw; font-size: 1.75cqw; line-height: 1.45; }
.mt-bullets li { margin-bottom: .5cqw; }
.mt-side .mt-bullets { font-size: 1.5cqw; }
.mt-tables { display: flex; gap: 2.4cqw; margin-top: 1cqw; }
.mt-table { border-collapse: collapse; font-size: 1.7cqw; flex: 1; align-self: flex-start; color: var(--mt-ink); }
.mt-aside { font-size: 1.4cqw; color: var(--mt-muted); margin: .6cqw 0 0 0; }
.mt-table th { text-align: left; color: var(--mt-muted); font-weight: 700; border-bottom: .12cqw solid var(--mt-line);
  padding: .45cqw .7cqw; white-space: nowrap; font-size: 1.4cqw; }
.mt-table td { padding: .5cqw .7cqw; color: var(--mt-ink); border-bottom: .06cqw solid var(--mt-line);
  white-space: nowrap; max-width: 22cqw; overflow: hidden; text-overflow: ellipsis; }
.mt-table .mt-num { text-align: right; font-variant-numeric: tabular-nums; }
.mt-note { font-size: 1.3cqw; color: var(--mt-muted); margin: .8cqw 0 0 0; }
.mt-empty { font-size: 2cqw; color: var(--mt-muted); margin-top: 4cqw; text-align: center; }
"""


def esc(value: object) -> str:
    return html.escape(mask_text(value))


def png_data_uri(png: bytes) -> str:
    """The PNG as a data URI in which no 11-digit run looks like a phone number: base64 is random
    enough to hold one now and then, and the meeting page promises none. A tiny text chunk shifts the
    encoding until it is clean (a PNG reader skips it)."""
    for pad in range(64):
        data = png if pad == 0 else _with_text_chunk(png, "x" * pad)
        encoded = base64.b64encode(data).decode("ascii")
        if not PHONE.search(encoded):
            return f"data:image/png;base64,{encoded}"
    raise ValueError("could not encode the image without a phone-like digit run")


def _with_text_chunk(png: bytes, text: str) -> bytes:
    """``png`` with a tEXt chunk inserted after the 8-byte signature and the IHDR chunk (25 bytes)."""
    body = b"Comment\x00" + text.encode("ascii")
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body + struct.pack(">I", zlib.crc32(b"tEXt" + body))
    return png[:33] + chunk + png[33:]


def _kpi(k: Kpi) -> str:
    unit = f'<span class="mt-kunit">{esc(k.unit)}</span>' if k.unit else ""
    note = f'<div class="mt-knote">{esc(k.note)}</div>' if k.note else ""
    return (f'<div class="mt-tile"><div class="mt-klabel">{esc(k.label)}</div>'
            f'<div class="mt-kvalue">{esc(k.value)}{unit}</div>{note}</div>')


def _chart(c: Chart, images: dict[str, bytes]) -> str:
    caption = f'<p class="mt-caption">{esc(c.caption)}</p>' if c.caption else ""
    size = f"width:{c.width / DESIGN_PX_PER_CQW:.2f}cqw;height:{c.height / DESIGN_PX_PER_CQW:.2f}cqw"
    image = images.get(c.name)
    inner = (f'<img src="{png_data_uri(image)}" alt="{esc(c.caption or c.name)}" style="{size}">' if image
             else f'<div class="mt-empty" style="{size}">—</div>')
    return f'<div class="mt-chart" data-chart="{esc(c.name)}">{caption}{inner}</div>'


def _table(table: Table) -> str:
    head = "".join(f'<th class="{"mt-num" if i in table.numeric else ""}">{esc(c)}</th>'
                   for i, c in enumerate(table.columns))
    rows = "".join("<tr>" + "".join(f'<td class="{"mt-num" if i in table.numeric else ""}">{esc(v)}</td>'
                                    for i, v in enumerate(row)) + "</tr>" for row in table.rows)
    return f'<table class="mt-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _bullets(items: list[str]) -> str:
    return '<ul class="mt-bullets">' + "".join(f"<li>{esc(b)}</li>" for b in items) + "</ul>" if items else ""


def _note(slide: Slide) -> str:
    return f'<p class="mt-note">{esc(slide.note)}</p>' if slide.note else ""


def _body(slide: Slide, images: dict[str, bytes]) -> str:
    if slide.layout == "grid":
        return '<div class="mt-grid">' + "".join(_kpi(k) for k in slide.kpis) + "</div>"
    if slide.layout == "split":
        aside = f'<p class="mt-aside">{esc(slide.aside)}</p>' if slide.aside and slide.bullets else ""
        side = "".join(_kpi(k) for k in slide.kpis) + aside + _bullets(slide.bullets)
        return (f'<div class="mt-split">{"".join(_chart(c, images) for c in slide.charts)}'
                f'<div class="mt-side">{side}</div></div>')
    if slide.layout == "full":
        lead = f'<p class="mt-lead">{esc(slide.note)}</p>' if slide.note else ""
        return lead + "".join(_chart(c, images) for c in slide.charts)
    if slide.layout == "pair":
        return '<div class="mt-pair">' + "".join(_chart(c, images) for c in slide.charts) + "</div>"
    kpis = f'<div class="mt-row">{"".join(_kpi(k) for k in slide.kpis)}</div>' if slide.kpis else ""
    if slide.layout == "tables":
        tables = f'<div class="mt-tables">{"".join(_table(x) for x in slide.tables)}</div>' if slide.tables else ""
        return kpis + tables + _note(slide)
    empty = f'<p class="mt-empty">{esc(slide.note)}</p>' if slide.note and not slide.bullets else ""
    return kpis + (f'<div style="margin-top:1.6cqw">{_bullets(slide.bullets)}</div>' if slide.bullets else "") + empty


def slide_html(slide: Slide, images: dict[str, bytes], *, kicker: str, stamp: str, index: int, total: int,
               theme: str = "light") -> str:
    """One slide in its frame; ``images`` maps chart names to PNG bytes."""
    return (
        f'<div class="mt-frame"><div class="mt-stage mt-{theme}" data-slide="{esc(slide.key)}" '
        f'data-index="{index}">'
        f'<div class="mt-head"><p class="mt-kicker">{esc(kicker)}</p><h1 class="mt-title">{esc(slide.title)}</h1></div>'
        f'<div class="mt-body">{_body(slide, images)}</div>'
        f'<div class="mt-foot"><div class="mt-stampline">{esc(stamp)}</div>'
        f'<div class="mt-pageno">{index + 1} / {total}</div></div>'
        "</div></div>"
    )
