"""The 会议 page's pieces: a compact toolbar (filters, language, view, theme, auto-advance, masking), the slide
show (a fragment that re-runs alone: next/previous and the auto-advance timer), the 汇报 editor and
the exports. Slides are HTML from outreach.report.html; names come masked from the facts."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import streamlit as st

from outreach import audit as audit_log
from outreach.filters import Filters, ViewState, from_params, month_of, month_text, to_params
from outreach.i18n import LANGS
from outreach.periods import PRESETS
from outreach.privacy import mask_text
from outreach.report import audit, charts, docx, markdown, pdf, pptx, slides
from outreach.report import html as slide_html
from outreach.report import text as report_text
from outreach.report.facts import ReportFacts
from outreach.units import unit_label
from ui import auth, pack_widgets, responsive
from ui.shell import Page, language_name, link_params, write_url
from ui.text import as_text

INTERVALS = (5, 10, 20, 30, 60)  # seconds per slide when playing
MODES = ("slides", "read", "report")  # read: the deck down the page, for a phone (ui.meeting_reading)
CHROME_PX = 150  # toolbar, slide controls and paddings above and below the stage

PAGE_CSS = f"""
header[data-testid="stHeader"] {{ display: none; }}
[data-testid="stMainBlockContainer"] {{ padding: .6rem 1.2rem .4rem 1.2rem; max-width: 100%; }}
.mt-frame {{ --mt-chrome: {CHROME_PX}px; }}
"""
# A dark room: the page around a dark slide goes dark too, its controls with it.
DARK_PAGE = """
[data-testid="stApp"], [data-testid="stMain"] { background: #0b1118; }
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p, [data-testid="stMain"] label p,
[data-testid="stMain"] [data-testid="stCaptionContainer"] { color: #d5dde5; }
[data-testid="stMain"] button, [data-testid="stMain"] [data-baseweb="select"] > div, [data-testid="stMain"] a {
  background-color: #1f2935; color: #d5dde5; border-color: #34495e; }
[data-testid="stMain"] button p, [data-testid="stMain"] button span, [data-testid="stMain"] a span,
[data-testid="stMain"] [data-baseweb="select"] div, [data-testid="stMain"] [data-baseweb="select"] input {
  color: #d5dde5; background-color: #1f2935; }
[data-testid="stMain"] button[kind="segmented_controlActive"] { background-color: #c0392b; }
[data-testid="stMain"] [data-testid="stSelectbox"] .react-aria-ComboBox > div {
  background-color: #1f2935; border-color: #34495e; }
[data-testid="stMain"] [data-testid="stSelectbox"] input { color: #d5dde5; }
[data-testid="stSelectboxVirtualDropdown"] { background-color: #1f2935; border-color: #34495e; }
[data-testid="stSelectboxVirtualDropdown"] [role="option"] { color: #d5dde5; }
[data-testid="stSelectboxVirtualDropdown"] [role="option"][data-focused="true"],
[data-testid="stSelectboxVirtualDropdown"] [role="option"]:hover { background-color: #34495e; }
"""
# Streamlit 1.67 draws a selectbox (the slide picker, the interval) as a react-aria ComboBox, not the
# baseweb select the rules above name, and its open list in a layer at the end of <body>, outside stMain.


@dataclass
class View:
    mode: str
    theme: str
    playing: bool
    interval: int


def style(theme: str) -> None:
    st.html(f"<style>{PAGE_CSS}{slide_html.CSS}{DARK_PAGE if theme == 'dark' else ''}</style>")


# --- the toolbar's choices go into the URL (through the codec), where setup_page reads them ------------------

def _show(page: Page, state: ViewState) -> None:
    """The view ``state`` into the URL, read back as any link would be (a unit outside the chosen counties
    goes, for one)."""
    write_url(from_params(to_params(state), page.facets))


def _set_preset(page: Page) -> None:
    # Switching to a custom range starts it from the months shown until now.
    _show(page, replace(page.state, preset=st.session_state["mt_preset"]))


def _set_range(page: Page) -> None:
    start, end = st.session_state["mt_range"]
    f = replace(page.state.filters, month_from=month_of(start), month_to=month_of(end))
    _show(page, replace(page.state, preset="custom", filters=f))


def _set_list(page: Page, name: str, key: str) -> None:
    """A multiselect (``name``: the Filters field it sets) into the URL."""
    _show(page, replace(page.state, filters=replace(page.state.filters, **{name: tuple(st.session_state[key])})))


def _set_lang(page: Page) -> None:
    lang = st.session_state["mt_lang"]
    st.session_state["lang"] = lang  # setup_page takes the language from here first, the URL second
    if "mt_preset" in st.session_state:  # sent anew, else the browser keeps showing the old label (全部月份)
        st.session_state["mt_preset"] = st.session_state["mt_preset"]
    write_url(replace(page.state, lang=lang))


def filter_popover(page: Page) -> None:
    """Period, county and unit in a popover. Units are keys ('福安市/城南镇团委'), shown as '福安市 / 城南镇团委',
    those of the chosen counties only."""
    f, months = page.filters, page.facets.months
    units = page.facets.units_in(f.counties)
    with st.popover(page.t("mt.filters"), icon=":material/filter_alt:"):
        preset = page.state.preset
        st.selectbox(page.t("filter.period"), PRESETS, index=PRESETS.index(preset), key="mt_preset",
                     format_func=lambda p: page.t(f"preset.{p}"), on_change=_set_preset, args=(page,))
        if preset == "custom" and len(months) > 1:
            st.select_slider(page.t("filter.custom_range"), options=months,
                             value=(month_text(f.month_from), month_text(f.month_to)), key="mt_range",
                             on_change=_set_range, args=(page,))
        st.multiselect(page.t("field.county"), page.facets.counties, default=list(f.counties), key="mt_county",
                       placeholder=page.t("filter.all"), on_change=_set_list, args=(page, "counties", "mt_county"))
        st.multiselect(page.t("field.unit"), units, default=[u for u in f.units if u in units], key="mt_unit",
                       format_func=unit_label, placeholder=page.t("filter.all"), on_change=_set_list,
                       args=(page, "units", "mt_unit"))


def language_switch(page: Page) -> None:
    """中文 | English: the meeting page has no sidebar, so its toolbar carries the switch."""
    st.segmented_control(page.t("shell.language"), LANGS, default=page.lang, key="mt_lang", required=True,
                         format_func=language_name, label_visibility="collapsed", on_change=_set_lang, args=(page,))


def toolbar(page: Page) -> View:
    """One row: back to the overview, filters, language, slides or 汇报, theme, auto-advance, masking."""
    bar = st.container(horizontal=True, vertical_alignment="center", gap="small")
    with bar:
        if auth.may_open(page.viewer, "page.overview"):  # a presenter's account has the meeting page only
            st.page_link("app.py", label=page.t("mt.back"), icon=":material/arrow_back:",
                         query_params=link_params(page.state))
        filter_popover(page)
        language_switch(page)
        mode = st.segmented_control(page.t("mt.mode"), MODES, default="read" if responsive.is_phone() else "slides",
                                    key="mt_mode", required=True,
                                    format_func=lambda m: page.t(f"mt.mode.{m}"), label_visibility="collapsed")
        dark = st.toggle(page.t("mt.dark"), key="mt_dark")
        playing = st.toggle(page.t("mt.play"), key="mt_play", disabled=mode != "slides")
        interval = st.selectbox(page.t("mt.interval"), INTERVALS, index=1, key="mt_interval",
                                format_func=lambda n: page.t("mt.seconds", n=n), label_visibility="collapsed",
                                disabled=not playing or mode != "slides", width=110)
        privacy_control(page)
        auth.open_badge(page.con, page.viewer, page.lang)  # this page's no-account banner: no room for more
    return View(mode or "slides", "dark" if dark else "light", bool(playing) and mode == "slides", int(interval))


# --- masking ------------------------------------------------------------------------------------------------

def masked(page: Page | None = None) -> bool:
    """Names masked unless the presenter unmasked them, and always for a viewer without the grant."""
    if page is not None and not page.may("unmask"):
        return True
    return not st.session_state.get("mt_unmasked", False)


def _actor(page: Page) -> str | None:
    """Who the privacy log names: the signed-in account; in open mode, the name the presenter typed."""
    return page.viewer.name or st.session_state.get("mt_actor")


def privacy_control(page: Page) -> None:
    if not page.may("unmask"):  # no grant, no toggle: names stay masked
        st.session_state["mt_unmasked"] = False
        return
    if masked():
        if st.button(page.t("mt.unmask"), icon=":material/visibility_off:", key="mt_unmask", type="tertiary",
                     help=page.t("mt.masked_badge")):
            st.session_state["mt_asking"] = True
        if st.session_state.get("mt_asking"):  # open until confirmed or dismissed, whatever reruns meanwhile
            st.dialog(page.t("mt.unmask_title"), width="medium", on_dismiss=_stop_asking)(_unmask_form)(page)
    elif st.button(page.t("mt.remask"), icon=":material/visibility:", key="mt_remask",
                   help=page.t("mt.unmasked_badge")):
        audit.record(page.con, "mask", "slides", page.filters, _actor(page))
        st.session_state["mt_unmasked"] = False
        st.rerun()


def _stop_asking() -> None:
    st.session_state["mt_asking"] = False


def _unmask_form(page: Page) -> None:
    """Names in full only after the presenter confirms that everyone present may see them; the choice
    (not the names) is recorded, under the signed-in account (in open mode: the name they type)."""
    st.write(page.t("mt.unmask_body"))
    if page.viewer.name is not None:
        who = page.viewer.name
        st.caption(as_text(page.t("auth.recorded_as", name=who)))
    else:
        who = st.text_input(page.t("mt.unmask_who"), key="mt_actor_input", max_chars=40)
    sure = st.checkbox(page.t("mt.unmask_sure"), key="mt_unmask_sure")
    if st.button(page.t("mt.unmask_confirm"), type="primary", disabled=not (sure and who.strip()), key="mt_unmask_ok"):
        audit.record(page.con, "unmask", "slides", page.filters, who)
        audit_log.record(page.con, page.viewer, "unmask", target="slides", filters=page.filters)
        st.session_state["mt_actor"] = who.strip()
        st.session_state["mt_unmasked"] = True
        _stop_asking()
        st.rerun()


# --- slides -------------------------------------------------------------------------------------------------

def _images(page: Page, slide: slides.Slide, facts: ReportFacts, theme: str) -> dict[str, bytes]:
    images = {}
    for c in slide.charts:
        try:
            images[c.name] = charts.png(charts.figure(c.name, facts, theme, page.lang, c.width, c.height))
        except Exception as exc:  # no browser for kaleido: say so, keep the rest of the slide
            st.warning(page.t("mt.chart_failed", error=mask_text(type(exc).__name__)))
    return images


def _step(delta: int, n: int) -> None:
    st.session_state["mt_pick"] = (st.session_state.get("mt_pick", 0) + delta) % n
    st.session_state["mt_advanced_at"] = time.monotonic()


def slideshow(page: Page, facts: ReportFacts, view: View) -> None:
    """The slide on screen only is built: its facts are gathered when it is first shown (then cached)."""
    deck = slides.outline(facts, page.lang)
    kicker, stamp = slides.deck_title(facts, page.lang), slides.stamp(facts, page.lang)

    @st.fragment(run_every=view.interval if view.playing else None)
    def show() -> None:
        n = len(deck)
        state = st.session_state
        state["mt_pick"] = min(state.get("mt_pick", 0), n - 1)
        now = time.monotonic()
        if view.playing:  # this run may be the timer's: move on once the slide has had its time
            if now - state.get("mt_advanced_at", now) >= view.interval * 0.9:
                state["mt_pick"] = (state["mt_pick"] + 1) % n
                state["mt_advanced_at"] = now
            state.setdefault("mt_advanced_at", now)
        nav = st.container(horizontal=True, vertical_alignment="center", gap="small")
        with nav:
            st.button(page.t("mt.prev"), icon=":material/chevron_left:", key="mt_prev", on_click=_step, args=(-1, n))
            st.selectbox(page.t("mt.pick"), list(range(n)), key="mt_pick", label_visibility="collapsed", width=300,
                         format_func=lambda i: f"{i + 1} / {n} · {deck[i][1]}")
            st.button(page.t("mt.next"), icon=":material/chevron_right:", key="mt_next", on_click=_step, args=(1, n))
            st.caption(page.t("mt.tip_fullscreen"))
        i = state["mt_pick"]
        shown = slides.slide(deck[i][0], facts, page.lang)
        st.html(slide_html.slide_html(shown, _images(page, shown, facts, view.theme), kicker=kicker, stamp=stamp,
                                      index=i, total=n, theme=view.theme))

    show()


# --- the 汇报 and the exports -----------------------------------------------------------------------------

def _report_text(page: Page, facts: ReportFacts) -> str:
    """The editor's text: the generated one until the presenter edits it; kept when the filters change
    (with a word that it was written for other filters) until they ask for it to be written again.
    Phones and ID numbers are masked in it, the generated text and the presenter's own alike: a
    number typed in is masked on the next run (as soon as the edit is kept), before the editor is
    drawn again and before any export reads it."""
    generated = mask_text(report_text.write(facts, page.lang).as_text())
    state = st.session_state
    if "mt_text" not in state or state.get("mt_text") == state.get("mt_text_from"):
        state["mt_text"] = generated
        state["mt_text_from"] = generated
    elif (masked_edit := mask_text(state["mt_text"])) != state["mt_text"]:
        state["mt_text"] = masked_edit
    stale = state["mt_text_from"] != generated
    if stale:
        st.warning(page.t("mt.text_stale"), icon=":material/update:")
    if state["mt_text"] != generated and st.button(page.t("mt.regenerate"), icon=":material/refresh:", key="mt_regen"):
        state["mt_text"] = state["mt_text_from"] = generated
        st.rerun()
    return st.text_area(page.t("mt.text_label"), key="mt_text", height=620, help=page.t("mt.text_hint"))


def _export(page: Page, facts: ReportFacts, kind: str, build: Callable[[], bytes]) -> Callable[[], bytes]:
    """The bytes of one export, built when the button is pressed. Every export goes to the audit log
    (which one, the filters, masked or not); an unmasked one to the privacy log too."""
    con, f, actor, viewer = page.con, page.filters, _actor(page), page.viewer

    def make() -> bytes:
        if not facts.masked:
            audit.record(con.cursor(), "export", kind, f, actor)
        audit_log.record(con.cursor(), viewer, "export", target=f"meeting.{kind}", filters=f, masked=facts.masked)
        return build()

    return make


def report_view(page: Page, facts: ReportFacts, view: View) -> None:
    left, right = st.columns([3, 1], gap="large")
    with left:
        edited = report_text.parse(mask_text(_report_text(page, facts)))
    lang, theme = page.lang, view.theme
    stem = f"{page.t('mt.file_stem')}_{_span_for_file(page.filters, facts)}"
    exports = (
        ("pptx", "mt.export_pptx", ":material/slideshow:", lambda: pptx.build(facts, edited, lang, theme),
         "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        ("docx", "mt.export_docx", ":material/description:", lambda: docx.build(facts, edited, lang),
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("pdf", "mt.export_pdf", ":material/picture_as_pdf:", lambda: pdf.build(facts, edited, lang),
         "application/pdf"),
        ("md", "mt.export_md", ":material/article:", lambda: markdown.build(facts, edited, lang), "text/markdown"),
    )
    with right:
        st.markdown(f"**{page.t('mt.export')}**")
        for kind, key, icon, build, mime in exports if page.may("export") else ():
            if kind == "pdf" and not charts.browser_available():  # no Chromium to print it: say what to install
                missing = page.t("rep.no_browser", path=charts.browser_path())
                st.button(page.t(key), icon=icon, key=f"mt_dl_{kind}", width="stretch", disabled=True, help=missing)
                st.caption(as_text(missing))
                continue
            st.download_button(page.t(key), _export(page, facts, kind, build), file_name=f"{stem}.{kind}", mime=mime,
                               icon=icon, key=f"mt_dl_{kind}", width="stretch", on_click="ignore")
        pack_widgets.pack_button(page, facts.period_to, facts.masked, key="mt_dl_pack")  # the month's 通报 pack
        st.caption(page.t("mt.export_note"))
        st.caption(page.t("mt.masked_note") if facts.masked else page.t("mt.unmasked_note"))
        with st.expander(page.t("mt.sources")):
            for figure, source in facts.sources.items():
                st.caption(f"{page.t('mt.src.' + figure)}{page.t('fmt.colon')}`{source}`")


def _span_for_file(f: Filters, facts: ReportFacts) -> str:
    if facts.empty:
        return f"{dt.date.today():%Y%m}"
    start, end = facts.period_from, facts.period_to
    return f"{start:%Y%m}" if start == end else f"{start:%Y%m}-{end:%Y%m}"
