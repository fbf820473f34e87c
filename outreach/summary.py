"""The headline figures the overview shows and `outreach summary --json` prints."""

from __future__ import annotations

import duckdb

from outreach.filters import Filters
from outreach.queries import QueryRunner


def headline(con: duckdb.DuckDBPyConnection, filters: Filters | None = None,
             scope: list[str] | None = None) -> dict[str, object]:
    """Machine-readable figures; types and platforms by their English codes."""
    return headline_of(QueryRunner(con, scope), filters or Filters())


def headline_of(q: QueryRunner, filters: Filters) -> dict[str, object]:
    """:func:`headline` through a runner a page already holds: its scope, its cache (or none)."""
    by_county = q.df("members_by_county", filters)
    actions = q.df("actions_by_platform_type", filters)
    participation = q.df("member_participation", filters).iloc[0]
    events = q.df("event_counts", filters).set_index("type")
    by_type = actions.groupby("type", sort=True)["actions"].sum()

    def session_count(kind: str) -> int:
        return int(events.loc[kind, "sessions"]) if kind in events.index else 0

    return {
        "members": int(by_county["members"].sum()),
        "members_by_county": {c: int(n) for c, n in zip(by_county["county"], by_county["members"], strict=True)},
        "units": int(by_county["units"].sum()),
        "actions": int(actions["actions"].sum()),
        "actions_by_type": {t: int(n) for t, n in by_type.items()},
        "actions_by_platform_type": {
            f"{p}:{t}": int(n) for p, t, n in actions[["platform", "type", "actions"]].itertuples(index=False)
        },
        "active_members": int(participation["active_members"]),
        "trained_members": int(participation["trained_members"]),
        "training_sessions": session_count("training"),
        "meeting_sessions": session_count("meeting"),
        "unmatched_rows": int(q.value("unmatched_rows", filters)),
        "batches": int(q.value("active_batches")),
    }
