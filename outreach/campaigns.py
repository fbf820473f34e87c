"""Campaigns (专项活动 / 宣传节点): a name, a date range and an optional note, drawn as bands on the
trend charts. Typed in on the 数据 page (here) or uploaded as a file (outreach.ingest.campaign_file:
a batch, undone like any other). No Streamlit.

Every write bumps the data version, so cached figures and lists refresh.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from outreach import store
from outreach.filters import Filters
from outreach.i18n import t
from outreach.ingest import normalise as norm
from outreach.privacy import mask_text
from outreach.queries import QueryRunner

NAME_MAX = 40  # longer names do not fit a chart label; the note holds the rest

Key = tuple[str, dt.date, dt.date]


class CampaignInvalid(ValueError):
    """A campaign the form cannot save. ``code`` is a translation key, ``params`` fill it in."""

    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code = code
        self.params = params


def clean_name(raw: object) -> str | None:
    """The name as stored: full-width folded to half-width, spaces trimmed (the file import does the same)."""
    return norm.text(raw)


def last_day(month: dt.date) -> dt.date:
    """The last day of ``month``'s month: `2014年9月` as an end date means to the end of September."""
    following = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def existing_keys(con: duckdb.DuckDBPyConnection) -> set[Key]:
    """(name, starts, ends) of every campaign in the database, from any source."""
    return {(n, s, e) for n, s, e in con.execute("SELECT DISTINCT name, starts, ends FROM campaigns").fetchall()}


def validate(con: duckdb.DuckDBPyConnection, name: object, starts: dt.date | None,
             ends: dt.date | None) -> str:
    """The cleaned name if the campaign can be saved; else raise CampaignInvalid saying why."""
    clean = clean_name(name)
    if not clean:
        raise CampaignInvalid("camp.err_name_empty")
    if len(clean) > NAME_MAX:
        raise CampaignInvalid("camp.err_name_long", n=NAME_MAX, length=len(clean))
    if starts is None:
        raise CampaignInvalid("camp.err_no_start")
    if ends is None:
        raise CampaignInvalid("camp.err_no_end")
    if ends < starts:
        raise CampaignInvalid("camp.err_end_before_start", starts=f"{starts:%Y-%m-%d}", ends=f"{ends:%Y-%m-%d}")
    if (clean, starts, ends) in existing_keys(con):
        raise CampaignInvalid("camp.err_duplicate", name=clean, starts=f"{starts:%Y-%m-%d}",
                              ends=f"{ends:%Y-%m-%d}")
    return clean


def add(con: duckdb.DuckDBPyConnection, name: object, starts: dt.date | None, ends: dt.date | None,
        note: object = None, user: str | None = None) -> int:
    """Save a campaign typed in on the form; returns its id. Raises CampaignInvalid, writing nothing."""
    def save(con: duckdb.DuckDBPyConnection) -> object:
        clean = validate(con, name, starts, ends)
        campaign_id = store.scalar(con, """
            INSERT INTO campaigns (name, starts, ends, note, created_by, created_at)
            VALUES (?, ?, ?, ?, ?, ?) RETURNING campaign_id
        """, [clean, starts, ends, norm.text(note), norm.text(user), store.now()])
        store.bump_data_version(con)
        return campaign_id

    return int(store.run_write(con, save))  # in its turn, like every write (store.run_write)


def delete(con: duckdb.DuckDBPyConnection, campaign_id: int) -> int:
    """Delete the campaign ``campaign_id`` is a row of, from every source (form and files alike: the
    person deletes the campaign, not one copy of it). Returns how many rows went; 0 if it was gone."""
    def remove(con: duckdb.DuckDBPyConnection) -> int:
        row = store.first_row(con, "SELECT name, starts, ends FROM campaigns WHERE campaign_id = ?", [campaign_id])
        if row is None:
            return 0
        gone = len(con.execute("DELETE FROM campaigns WHERE name = ? AND starts = ? AND ends = ? "
                               "RETURNING campaign_id", list(row)).fetchall())
        store.bump_data_version(con)
        return gone

    return store.run_write(con, remove)


def listing(q: QueryRunner) -> pd.DataFrame:
    """Every campaign once, newest first, with the source that brought it first (queries/campaigns_list.sql)."""
    return q.df("campaigns_list")


def in_period(q: QueryRunner, f: Filters) -> pd.DataFrame:
    """Campaigns overlapping the filter period: name, starts, ends, note."""
    df = q.df("campaigns_in_period", f)
    for column in ("starts", "ends"):
        df[column] = pd.to_datetime(df[column]).dt.date
    return df


def option_label(row: object, lang: str) -> str:
    """`喜迎国庆网络宣传（2014-09-20 至 2014-09-30）`: one campaign in a picker."""
    return t("camp.option", lang, name=row.name, starts=f"{row.starts:%Y-%m-%d}", ends=f"{row.ends:%Y-%m-%d}")


def _source(batch_id: object, sources: int, lang: str) -> str:
    """`手工录入` or `文件导入（批次 #10）` (its file is in the import history), and how many sources."""
    text = t("camp.source_form", lang) if pd.isna(batch_id) else t("camp.source_batch", lang, batch=int(batch_id))
    return text + (t("camp.source_more", lang, n=sources) if sources > 1 else "")


def listing_frame(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The campaign list as the 数据 page shows it: dates, length in days, where it came from, who
    entered it and when, in the viewer's language."""
    columns = ("name", "starts", "ends", "days", "note", "source", "who", "when")
    if df.empty:
        return pd.DataFrame(columns=[t(f"camp.col.{c}", lang) for c in columns])
    starts, ends = pd.to_datetime(df["starts"]), pd.to_datetime(df["ends"])
    shown = pd.DataFrame({
        "name": df["name"].map(mask_text),
        "starts": starts.dt.strftime("%Y-%m-%d"),
        "ends": ends.dt.strftime("%Y-%m-%d"),
        "days": ((ends - starts).dt.days + 1).astype(int),
        "note": df["note"].map(mask_text),  # a phone number typed into a note is not shown whole
        "source": [_source(b, int(n), lang) for b, n in zip(df["batch_id"], df["sources"], strict=True)],
        "who": [mask_text(w) if isinstance(w, str) else "" for w in df["created_by"]],
        "when": pd.to_datetime(df["created_at"]).dt.strftime("%Y-%m-%d"),
    })
    return shown.rename(columns={c: t(f"camp.col.{c}", lang) for c in columns})
