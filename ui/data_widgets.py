"""Streamlit pieces of the 数据 page: upload and preview cards, import history with undo, data-quality
lists and template downloads. What they show comes from outreach.data_admin (no SQL here)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from functools import partial

import duckdb
import pandas as pd
import streamlit as st

from outreach import audit, data_admin, export, store, templates
from outreach.access import WriteRefused, check_import, check_undo, in_scope, is_all
from outreach.i18n import label
from outreach.ingest import forms, load, readers, side
from outreach.ingest.issues import ImportRefused
from outreach.ingest.parsed_file import ParsedFile
from outreach.privacy import mask_name
from ui import auth, deadline_widgets, map_widgets, uploader
from ui.shell import Page
from ui.text import as_text

_FLASH = "dp_flash"
_GEN = "dp_uploader_gen"
_PREVIEWS = "dp_previews"
_USER = "dp_user"
_log = logging.getLogger(__name__)


# --- cached work -----------------------------------------------------------------------------------

@st.cache_data(max_entries=24, ttl=3600, show_spinner=False)
def parse_cached(data: bytes, file_name: str, kind: str, period: dt.date | None) -> data_admin.Outcome:
    """Parse an upload's BYTES (never the UploadedFile): the same file, kind and month parse once."""
    return data_admin.parse_upload(data, file_name, kind, period)


@st.cache_data(max_entries=4, show_spinner=False)
def template_bytes(name: str) -> bytes:
    return templates.TEMPLATES[name]()


def _preview(page: Page, parsed: ParsedFile, rosters: tuple[ParsedFile, ...] = ()) -> load.Preview:
    """What confirming would do, recomputed only when the file, its kind or month, the rosters uploaded
    with it (a log is previewed as if they were imported first, as 全部确认导入 does) or the data change."""
    key = (parsed.sha256, parsed.kind, parsed.period, tuple((r.sha256, r.period) for r in rosters),
           page.q.data_version())
    cache: dict = st.session_state.setdefault(_PREVIEWS, {})
    if key not in cache:
        if len(cache) >= 24:
            cache.clear()
        cache[key] = data_admin.preview(page.con, parsed, after=rosters)
    return cache[key]


# --- messages that survive a rerun -----------------------------------------------------------------

def flash(kind: str, text: str) -> None:
    """``text`` is shown as it is, never as Markdown (it may quote a file name)."""
    st.session_state.setdefault(_FLASH, []).append((kind, as_text(text)))


def show_flash() -> None:
    for kind, text in st.session_state.pop(_FLASH, []):
        {"success": st.success, "info": st.info, "warning": st.warning}[kind](text)


# --- 上传 ------------------------------------------------------------------------------------------

@dataclass
class Review:
    file_id: str
    name: str
    size: int
    kind: str  # the user's choice: auto | roster | activity
    period: dt.date | None  # the user's month, or None to use the detected one
    auto: data_admin.Outcome  # parsed with the detected month (what the file itself says)
    outcome: data_admin.Outcome  # parsed with the user's choices
    preview: load.Preview | None
    refused_access: str | None = None  # why this viewer may not import the file (rows outside the scope …)

    @property
    def committable(self) -> bool:
        return self.preview is not None and data_admin.can_commit(self.preview) and self.refused_access is None


def _review(page: Page, uploaded) -> Review:
    fid = uploaded.file_id
    kind = st.session_state.get(f"dp_kind_{fid}", "auto")
    period = st.session_state.get(f"dp_period_{fid}")
    data = uploaded.getvalue()
    auto = parse_cached(data, uploaded.name, kind, None)
    outcome = parse_cached(data, uploaded.name, kind, period) if period is not None else auto
    return Review(fid, uploaded.name, uploaded.size, kind, period, auto, outcome, None)


def _with_previews(page: Page, reviews: list[Review]) -> list[Review]:
    """Each file's preview; a log's as if the rosters uploaded with it were imported first."""
    rosters = tuple(r.outcome.parsed for r in reviews
                    if r.outcome.parsed is not None and r.outcome.parsed.kind == "roster")
    for r in reviews:
        if r.outcome.parsed is not None:
            after = rosters if r.outcome.parsed.kind == "activity" else ()
            r.preview = _preview(page, r.outcome.parsed, after)
            r.refused_access = _access_refusal(page, r.outcome.parsed, after)
    return reviews


def _access_refusal(page: Page, parsed: ParsedFile, after: tuple[ParsedFile, ...]) -> str | None:
    """Why this viewer may not import the file, or None: a file holding rows of units outside the
    viewer's scope is refused whole, naming the rows (outreach.access.check_import). Worked out again
    only when the file, its kind or month, the rosters with it, the data or the viewer change."""
    key = ("access", parsed.sha256, parsed.kind, parsed.period, tuple((r.sha256, r.period) for r in after),
           page.q.data_version(), page.viewer)
    cache: dict = st.session_state.setdefault(_PREVIEWS, {})
    if key not in cache:
        try:
            check_import(page.con, page.viewer, parsed, after)
            cache[key] = None
        except WriteRefused as exc:
            cache[key] = exc
    refusal = cache[key]
    return None if refusal is None else refusal.message(page.lang)


def upload_tab(page: Page) -> None:
    gen = st.session_state.setdefault(_GEN, 0)
    files = uploader.file_uploader(page.lang, page.t("dp.uploader"), f"dp_uploader_{gen}", data_admin.UPLOAD_TYPES,
                                   cap_mb=readers.MAX_BYTES // 2**20, accept_multiple_files=True,
                                   help=page.t("dp.uploader_help"))
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    left.caption(page.t("dp.upload_hint"))
    if page.viewer.name is None:  # open mode: who imports is typed in, as before accounts
        right.text_input(page.t("dp.user"), key=_USER, placeholder=page.t("dp.user_placeholder"),
                         help=page.t("dp.user_help"))
    else:
        right.caption(as_text(page.t("auth.recorded_as", name=page.viewer.name)))
    if not files:
        return
    with st.spinner(page.t("dp.reading")):
        reviews = _with_previews(page, [_review(page, f) for f in files])
    ready = [r for r in reviews if r.committable]
    to_commit: list[Review] = []
    if len(ready) > 1:
        bar = st.container(horizontal=True, vertical_alignment="center")
        if bar.button(page.t("dp.confirm_all", n=len(ready)), type="primary", key="dp_confirm_all",
                      icon=":material/done_all:"):
            to_commit = ready
        bar.caption(page.t("dp.confirm_all_hint"))
    for review in reviews:
        if _file_card(page, review, single=len(reviews) == 1):
            to_commit = [review]
    if to_commit:
        _commit(page, to_commit, reviews)


def _file_card(page: Page, r: Review, single: bool) -> bool:
    """One uploaded file: its kind and month, what the import would do, and its confirm button.
    Returns True when that button was pressed."""
    with st.container(border=True):
        st.markdown(f"**:material/description: {as_text(r.name)}** :gray[· {_size(r.size)}] {_badge(page, r)}")
        refused = r.outcome.refused
        changed = r.kind != "auto" or r.period is not None
        side_kind = side.side_kind(r.outcome.parsed.kind) if r.outcome.parsed is not None else None
        if side_kind is not None:  # a campaign list and the like: its own dates, no kind or month to pick
            st.caption(page.t("dp.detected_kind", kind=label("kind", side_kind.kind, page.lang)))
        elif refused is None or refused.code in data_admin.FIXABLE_REFUSALS or changed:
            _file_controls(page, r)
        if refused is not None:
            st.error(as_text(data_admin.refusal_message(refused, page.lang)), icon=":material/block:")
            return False
        if r.refused_access is not None:  # shown first: nothing of this file can be confirmed
            st.error(as_text(r.refused_access), icon=":material/block:")
        return _file_preview(page, r, single)


def _badge(page: Page, r: Review) -> str:
    """Where the file stands, readable at a glance when several are uploaded."""
    if r.outcome.refused is not None or r.refused_access is not None:
        return f":red-badge[:material/block: {page.t('dp.badge_refused')}]"
    if r.preview is not None and r.preview.duplicate_of is not None:
        return f":orange-badge[:material/content_copy: {page.t('dp.badge_duplicate')}]"
    if not r.committable:
        return f":red-badge[:material/block: {page.t('dp.badge_nothing')}]"
    if r.outcome.parsed is not None and r.outcome.parsed.issues:
        return f":blue-badge[:material/info: {page.t('dp.badge_ready_issues')}]"
    return f":green-badge[:material/check: {page.t('dp.badge_ready')}]"


def _file_controls(page: Page, r: Review) -> None:
    kind_col, period_col, info_col = st.columns([1, 1, 2], vertical_alignment="bottom")
    kind_col.selectbox(page.t("dp.kind"), data_admin.KINDS, key=f"dp_kind_{r.file_id}",
                       format_func=lambda k: label("kind", k, page.lang))
    period_col.selectbox(page.t("dp.period"), [None, *data_admin.picker_months()], key=f"dp_period_{r.file_id}",
                         format_func=lambda m: page.t("dp.period_auto") if m is None
                         else data_admin.month_label(m, page.lang),
                         help=page.t("dp.period_help"))
    parsed = r.outcome.parsed
    lines = []
    if parsed is not None:
        kind_text = label("kind", parsed.kind, page.lang)
        key = "dp.detected_kind" if r.kind == "auto" else "dp.chosen_kind"
        lines.append(page.t(key, kind=kind_text))
    lines.append(page.t("dp.detected_period", text=data_admin.detected_period(r.auto, page.lang)))
    if r.period is not None:
        lines.append(page.t("dp.chosen_period", month=data_admin.month_label(r.period, page.lang)))
    info_col.caption("  \n".join(as_text(line) for line in lines))


def _file_preview(page: Page, r: Review, single: bool) -> bool:
    preview = r.preview
    assert preview is not None
    parsed = preview.parsed
    c = data_admin.counts(preview)
    dup = preview.duplicate_of
    if dup is not None:  # nothing will happen: say so, and keep the counts from suggesting otherwise
        st.warning(as_text(page.t("dp.already", when=data_admin.when_text(dup["imported_at"]), batch=dup["batch_id"],
                                  file=dup["file_name"])), icon=":material/content_copy:")
        with st.expander(page.t("dp.preview_rows", n=min(len(parsed.records), data_admin.PREVIEW_ROWS),
                                total=f"{len(parsed.records):,}"), icon=":material/table_view:"):
            st.dataframe(_records_frame(page, preview), hide_index=True)
        st.button(page.t("dp.confirm"), type="primary", disabled=True, key=f"dp_confirm_{r.file_id}",
                  icon=":material/check:", help=page.t("dp.confirm_disabled"))
        return False
    cols = st.columns(4)
    cols[0].metric(page.t("dp.m_accepted"), f"{c.accepted:,}", help=page.t("dp.m_accepted_help"), border=True)
    cols[1].metric(page.t("dp.m_refused"), f"{c.refused:,}", help=page.t("dp.m_refused_help"), border=True)
    cols[2].metric(page.t("dp.m_flagged"), f"{c.flagged:,}", help=page.t("dp.m_flagged_help"), border=True)
    cols[3].metric(page.t("dp.m_duplicate"), f"{c.duplicate:,}", help=page.t("dp.m_duplicate_help"), border=True)
    side_kind = side.side_kind(parsed.kind)
    if side_kind is None:  # a side kind has no units to count
        st.caption(as_text(page.t("dp.read_summary", rows=f"{parsed.rows_seen:,}", records=f"{len(parsed.records):,}",
                                  sheets=page.t("fmt.list_sep").join(parsed.sheets), units=len(parsed.units))))

    if parsed.records.empty or c.accepted == 0:
        st.error(as_text(page.t("dp.nothing", file=r.name)), icon=":material/block:")
    elif side_kind is not None:
        st.info(as_text(side_kind.describe(preview.side_rows, page.lang)), icon=":material/playlist_add_check:")
    elif parsed.kind == "activity":  # what the import would change: only for a file that can be imported
        _activity_effects(page, preview)
    else:
        _roster_effects(page, preview)

    with st.expander(page.t("dp.preview_rows", n=min(len(parsed.records), data_admin.PREVIEW_ROWS),
                            total=f"{len(parsed.records):,}"), expanded=single, icon=":material/table_view:"):
        st.dataframe(_records_frame(page, preview), hide_index=True)
    if parsed.issues:
        _issues_block(page, parsed.issues, r.name, key=f"dp_report_{r.file_id}",
                      expanded=single and c.refused > 0)

    bar = st.container(horizontal=True, vertical_alignment="center")
    pressed = bar.button(page.t("dp.confirm"), type="primary", disabled=not r.committable,
                         key=f"dp_confirm_{r.file_id}", icon=":material/check:",
                         help=None if r.committable else page.t("dp.confirm_disabled"))
    bar.caption(page.t("dp.confirm_hint") if r.committable else page.t("dp.confirm_disabled"))
    return pressed


def _records_frame(page: Page, preview: load.Preview) -> pd.DataFrame:
    """The first records as the import will store them; a side kind shows its own columns."""
    side_kind = side.side_kind(preview.parsed.kind)
    if side_kind is not None:
        return side_kind.shown(preview.side_rows.head(data_admin.PREVIEW_ROWS), page.lang)
    return data_admin.records_preview(preview.parsed, page.lang)


def _activity_effects(page: Page, preview: load.Preview) -> None:
    flagged = preview.unmatched + preview.ambiguous
    if flagged:
        parts = [page.t("dp.unmatched_n", n=preview.unmatched)] if preview.unmatched else []
        if preview.ambiguous:
            parts.append(page.t("dp.unmatched_m", m=preview.ambiguous))
        parts.append(page.t("dp.unmatched_tail"))
        st.warning(("" if page.lang == "zh" else " ").join(parts), icon=":material/person_search:")
        with st.expander(page.t("dp.unmatched_rows", n=flagged), icon=":material/list:"):
            st.dataframe(data_admin.unmatched_rows_frame(preview, page.lang), hide_index=True, height=240)
    replaces = data_admin.replaces_frame(preview, page.lang)
    if not replaces.empty:
        keys = data_admin.replaced_groups(preview)
        st.info(page.t("dp.replaces", n=keys), icon=":material/swap_horiz:")
        _small_table_or_expander(page.t("dp.replaces_table", n=keys), replaces, ":material/swap_horiz:")


def _roster_effects(page: Page, preview: load.Preview) -> None:
    changes = preview.roster_changes
    if changes.empty:
        return
    units_known = int((changes["current"] > 0).sum())
    gone = int(changes["gone"].sum())
    text = page.t("dp.roster_effect", units=len(changes), known=units_known, new=int(changes["new"].sum()), gone=gone)
    if gone:  # people about to be marked as left: worth a second look before confirming
        st.warning(text + page.t("dp.roster_gone_check"), icon=":material/group_remove:")
    else:
        st.info(text, icon=":material/group:")
    _small_table_or_expander(page.t("dp.roster_table"), data_admin.roster_changes_frame(preview, page.lang),
                             ":material/group:")


def _small_table_or_expander(title: str, df: pd.DataFrame, icon: str, inline_rows: int = 6) -> None:
    """A few rows are shown as they are; a long table waits in an expander."""
    if len(df) <= inline_rows:
        st.dataframe(df, hide_index=True, width="content")
        return
    with st.expander(title, icon=icon):
        st.dataframe(df, hide_index=True)


def _issues_block(page: Page, issues, file_name: str, key: str, expanded: bool) -> None:
    errors = sum(i.severity == "error" for i in issues)
    title = page.t("dp.issues", n=len(issues), errors=errors, warnings=len(issues) - errors)
    with st.expander(title, expanded=expanded, icon=":material/report:"):
        st.download_button(page.t("dp.report_download"), data_admin.error_report_xlsx(issues, file_name, page.lang),
                           file_name=data_admin.report_file_name(file_name, page.lang), key=key,
                           mime=export.XLSX_MIME,
                           icon=":material/download:", on_click="ignore")
        st.dataframe(data_admin.issues_frame(issues, page.lang), hide_index=True,
                     height=min(400, 38 + 35 * len(issues)),
                     column_config={page.t("dp.col.message"): st.column_config.TextColumn(width="large"),
                                    page.t("dp.col.severity"): st.column_config.TextColumn(width="small"),
                                    page.t("dp.col.row"): st.column_config.NumberColumn(width="small")})


def _commit(page: Page, chosen: list[Review], all_reviews: list[Review]) -> None:
    """Write the chosen files, rosters first, each as its own batch; then clear the uploader when nothing
    is left to confirm, and rerun so every cached figure reads the new data."""
    by_parsed = {id(r.outcome.parsed): r for r in chosen}
    ordered = [by_parsed[id(p)] for p in data_admin.import_order([r.outcome.parsed for r in chosen])]
    user = who(page)
    for r in ordered:  # checked again at the moment of writing: the data or the account may have changed
        try:
            check_import(page.con, page.viewer, r.outcome.parsed,
                         tuple(o.outcome.parsed for o in ordered if o.outcome.parsed.kind == "roster")
                         if r.outcome.parsed.kind == "activity" else ())
        except WriteRefused as exc:
            st.error(as_text(exc.message(page.lang)), icon=":material/block:")
            return
    done: list[Review] = []
    with st.status(page.t("dp.importing", n=len(ordered)), expanded=True) as status:
        queued = st.empty()

        def on_wait() -> None:  # another user's import or undo holds the turn: say so, then wait for it
            status.update(label=page.t("dp.queued"), state="running")
            queued.info(page.t("dp.queued"), icon=":material/hourglass_top:")

        try:
            with data_admin.turn(on_wait):  # the files one after another, no other write in between
                queued.empty()
                status.update(label=page.t("dp.importing", n=len(ordered)))
                if not _commit_files(page, ordered, user, status, done):
                    return
        except store.WriteFailed as exc:  # the turn did not come
            status.update(label=page.t("dp.import_failed"), state="error")
            st.error(as_text(exc.message(page.lang)))
            return
        status.update(label=page.t("dp.import_done"), state="complete")
    remaining = [r for r in all_reviews if r.committable and r not in done]
    if not remaining:
        st.session_state[_GEN] = st.session_state.get(_GEN, 0) + 1  # a new key empties the uploader
    st.rerun()


def _commit_files(page: Page, ordered: list[Review], user: str | None, status, done: list[Review]) -> bool:
    """Write each file in turn; False (the failure shown) when one fails. No engine text reaches the page."""
    progress = st.progress(0.0)
    for i, r in enumerate(ordered):
        st.markdown(as_text(page.t("dp.importing_file", file=r.name)))
        try:
            result = data_admin.commit(page.con, r.outcome.parsed, user)
        except ImportRefused as exc:
            message = data_admin.refusal_message(exc.issue, page.lang)
        except store.WriteFailed as exc:  # still conflicting after the automatic retries
            message = exc.message(page.lang)
        except duckdb.Error:
            _log.exception("import of %r failed in DuckDB", r.name)
            message = page.t("dp.commit_db_error", file=r.name)
        except Exception as exc:
            _log.exception("import of %r failed", r.name)
            message = page.t("dp.commit_error", file=r.name, detail=type(exc).__name__)
        else:
            message = None
        if message is not None:
            status.update(label=page.t("dp.import_failed"), state="error")
            st.error(as_text(message))
            return False
        progress.progress((i + 1) / len(ordered))
        done.append(r)
        p = r.outcome.parsed
        audit.record(page.con, page.viewer, "import", target=result.batch_id, file=r.name, kind=p.kind,
                     rows=p.rows_accepted, already=result.already)
        if result.already:
            flash("info", page.t("dp.already_done", file=r.name, batch=result.batch_id))
        else:
            flash("success", page.t(
                "dp.imported", file=r.name, batch=result.batch_id,
                kind=label("kind", p.kind, page.lang), accepted=f"{p.rows_accepted:,}",
                refused=f"{p.rows_rejected:,}", flagged=f"{result.preview.rows_flagged:,}"))
    return True


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MB"
    return f"{max(1, round(n / 1024))} KB"


# --- 导入记录 --------------------------------------------------------------------------------------

def who(page: Page) -> str | None:
    """The name a write is recorded under: the signed-in account, else (open mode) the name typed in."""
    return page.viewer.name or st.session_state.get(_USER)


def _unit_list(units: object) -> list[str]:
    """A batch's ``units`` cell: the units it touched (none for a campaign list)."""
    return [] if units is None else list(units)


def _visible_batches(page: Page, raw: pd.DataFrame) -> pd.DataFrame:
    """The batches that touch the viewer's scope (every batch for a viewer who sees every unit); a batch
    that names no unit (a campaign list) is everybody's."""
    if is_all(page.viewer) or raw.empty:
        return raw
    touching = [not units or any(in_scope(page.viewer, k) for k in units)
                for units in map(_unit_list, raw["units"])]
    return raw[touching].reset_index(drop=True)


def history_tab(page: Page) -> None:
    history = data_admin.history(page.q, page.lang)
    raw = _visible_batches(page, history.raw)
    if raw.empty:
        st.info(page.t("dp.no_history"), icon=":material/history:")
        return
    active = int((raw["status"] == "active").sum())
    st.caption(page.t("dp.history_caption", n=len(raw), active=active))
    table = history.table if raw is history.raw else data_admin.history_frame(raw, page.lang)
    st.dataframe(table, hide_index=True, height=min(420, 38 + 35 * len(raw)))

    st.subheader(page.t("dp.batch_detail"))
    chosen = st.selectbox(page.t("dp.pick_batch"), [int(b) for b in raw["batch_id"]], key="dp_batch",
                          format_func=history.labels.__getitem__)
    row = history.rows[chosen]
    # The rows of a batch that also reached other units are theirs to see: only its summary here.
    whole = is_all(page.viewer) or all(in_scope(page.viewer, k) for k in _unit_list(row["units"]))
    issues = data_admin.batch_issues(page.con, chosen) if whole else []
    if issues:
        _issues_block(page, issues, row["file_name"], key=f"dp_batch_report_{chosen}", expanded=True)
    elif int(row["rows_flagged"]) > 0 and row["status"] == "active":
        st.caption(page.t("dp.batch_only_unmatched", n=int(row["rows_flagged"])))
    else:
        st.caption(page.t("dp.batch_no_issues"))

    if row["status"] != "active":
        st.info(as_text(page.t("dp.reverted_info", when=data_admin.when_text(row["reverted_at"]),
                               who=row["reverted_by"] if pd.notna(row["reverted_by"]) else "—")),
                icon=":material/undo:")
        return
    if not page.may("undo"):  # a leader reads the history; nothing here writes
        return
    try:  # every unit the batch touched in scope (and, for a campaign or adjustment list, that right too)
        check_undo(page.con, page.viewer, chosen)
    except WriteRefused as exc:  # without naming the other units: they are not this viewer's to see
        st.caption(page.t("auth.undo_out_of_scope") if exc.key == "access.err.batch_outside"
                   else as_text(exc.message(page.lang)))
        return
    with st.container(border=True):
        st.markdown(f"**:material/undo: {page.t('dp.undo_title', batch=chosen)}**")
        known = row["kind"] in ("roster", "activity") or side.side_kind(row["kind"]) is not None
        st.caption(page.t(f"dp.undo_explain_{row['kind']}" if known else "dp.undo_explain_activity"))
        sure = st.checkbox(as_text(page.t("dp.undo_confirm", batch=chosen, file=row["file_name"])),
                           key=f"dp_undo_sure_{chosen}")
        if st.button(page.t("dp.undo"), type="primary", disabled=not sure, key=f"dp_undo_{chosen}",
                     icon=":material/undo:"):
            queued = st.empty()
            try:
                with data_admin.turn(lambda: queued.info(page.t("dp.queued"), icon=":material/hourglass_top:")):
                    queued.empty()
                    check_undo(page.con, page.viewer, chosen)  # again, at the moment of writing
                    data_admin.undo(page.con, chosen, who(page))
            except WriteRefused as exc:
                st.error(as_text(exc.message(page.lang)))
                return
            except ValueError:
                st.error(page.t("dp.undo_not_active", batch=chosen))
                return
            except store.WriteFailed as exc:  # no turn, or still conflicting after the retries
                st.error(as_text(exc.message(page.lang)))
                return
            except Exception:  # no engine text on the page: the log keeps it
                _log.exception("undo of batch %s failed", chosen)
                st.error(page.t("dp.undo_failed", batch=chosen))
                return
            audit.record(page.con, page.viewer, "undo", target=chosen, file=row["file_name"], kind=row["kind"])
            flash("success", page.t("dp.undone", batch=chosen, file=row["file_name"]))
            st.rerun()


# --- 数据质量 --------------------------------------------------------------------------------------

def _names_masked(page: Page, df: pd.DataFrame) -> pd.DataFrame:
    """Names as 张*明 for a viewer who reads the lists but cannot fix them (a leader)."""
    column = page.t("field.name")
    if page.may("import") or df.empty or column not in df:
        return df
    return df.assign(**{column: df[column].map(mask_name)})


def quality_tab(page: Page) -> None:
    st.caption(page.t("dp.quality_caption"))
    st.subheader(page.t("dp.q_unmatched"))
    df = _names_masked(page, data_admin.unmatched_activity(page.q, page.filters, page.lang))
    if df.empty:
        st.success(page.t("dp.q_unmatched_none"), icon=":material/check_circle:")
    else:
        more = page.t("dp.q_limited", n=data_admin.UNMATCHED_LIMIT) if len(df) >= data_admin.UNMATCHED_LIMIT else ""
        st.caption(page.t("dp.q_unmatched_caption", n=len(df)) + more)
        st.dataframe(df, hide_index=True, height=min(420, 38 + 35 * len(df)))
        _csv(page, df, "unmatched")

    left, right = st.columns(2, gap="large")
    with left:
        st.subheader(page.t("dp.q_gaps"))
        gaps = data_admin.member_gaps(page.q, page.filters, page.lang)
        if gaps.empty:
            st.success(page.t("dp.q_gaps_none"), icon=":material/check_circle:")
        else:
            st.caption(page.t("dp.q_gaps_caption", units=len(gaps)))
            st.dataframe(gaps, hide_index=True, height=min(420, 38 + 35 * len(gaps)))
            _csv(page, gaps, "incomplete")
    with right:
        st.subheader(page.t("dp.q_dupes"))
        dupes = _names_masked(page, data_admin.duplicate_members(page.q, page.filters, page.lang))
        if dupes.empty:
            st.success(page.t("dp.q_dupes_none"), icon=":material/check_circle:")
        else:
            st.caption(page.t("dp.q_dupes_caption", n=len(dupes)))
            st.dataframe(dupes, hide_index=True, height=min(420, 38 + 35 * len(dupes)))
            _csv(page, dupes, "duplicates")
    map_widgets.county_names_quality(page)  # county names the 区县地图 could not place
    deadline_widgets.reporting_section(page)  # late and missing logs, the 催报 list


def _csv(page: Page, df: pd.DataFrame, key: str) -> None:
    """Built when clicked: the quality lists can run to thousands of rows. Recorded as an export."""
    if not page.may("export"):
        return
    st.download_button(page.t("dp.csv_download"),
                       auth.audited(page.con, page.viewer, f"quality_{key}", page.filters,
                                    partial(data_admin.csv_bytes, df)),
                       file_name=f"{page.t(f'dp.file_{key}')}.csv", mime="text/csv", key=f"dp_csv_{key}",
                       type="tertiary", icon=":material/download:", on_click="ignore")


# --- 模板 ------------------------------------------------------------------------------------------

def templates_tab(page: Page) -> None:
    st.caption(page.t("dp.templates_caption"))
    left, middle, right = st.columns(3, gap="medium")
    for col, name, kind, headers in (
        (left, templates.ROSTER_TEMPLATE, "roster", templates.ROSTER_HEADERS),
        (middle, templates.ACTIVITY_TEMPLATE, "activity", templates.ACTIVITY_HEADERS),
        (right, templates.CAMPAIGN_TEMPLATE, "campaign", templates.CAMPAIGN_HEADERS),
    ):
        with col, st.container(border=True):
            st.markdown(f"**:material/table: {label('kind', kind, page.lang)}**")
            st.caption(page.t("camp.template" if kind == "campaign" else f"dp.template_{kind}"))
            st.markdown(" ".join(f":gray-badge[{h}]" for h in headers))
            st.download_button(page.t("dp.template_download", file=name), template_bytes(name), file_name=name,
                               mime=export.XLSX_MIME,
                               key=f"dp_tpl_{kind}", icon=":material/download:", type="primary", on_click="ignore")
            with st.expander(page.t("dp.aliases")):
                st.dataframe(templates.alias_table(kind, page.lang), hide_index=True)
    with st.container(border=True):  # 问卷星/腾讯问卷: the questions whose export imports as it is
        st.markdown(f"**:material/quiz: {page.t('dp.form_questions')}**")
        st.caption(page.t("dp.form_questions_caption"))
        st.markdown(" ".join(f":gray-badge[{q}]" for q, _, _ in forms.question_list(page.lang)))
        st.download_button(page.t("dp.form_questions_download", file=forms.QUESTIONS_FILE),
                           forms.question_list_text(page.lang), file_name=forms.QUESTIONS_FILE,
                           mime="text/plain", key="dp_tpl_form", icon=":material/download:", on_click="ignore")
