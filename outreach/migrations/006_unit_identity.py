"""After 006_unit_identity.sql: member ids include the county now, so every derived table is rebuilt
from the kept rows (roster_rows, activity, activity_superseded, batch_coverage)."""

from __future__ import annotations

import duckdb


def upgrade(con: duckdb.DuckDBPyConnection) -> None:
    from outreach.ingest import refresh

    refresh.rebuild_everything(con)
