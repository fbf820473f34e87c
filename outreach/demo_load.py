"""Load the bundled demo files (data/samples/) through the normal import path."""

from __future__ import annotations

from pathlib import Path

import duckdb

from outreach.demo import write_samples
from outreach.ingest import load
from outreach.ingest.parse import parse_file
from outreach.store import ROOT

SAMPLES = ROOT / "data" / "samples"
ORDER_FILE = "ORDER.txt"


def sample_files(folder: Path = SAMPLES) -> list[Path]:
    """The demo files in import order; written by the generator if the folder has none yet."""
    order = folder / ORDER_FILE
    if not order.is_file():
        paths = write_samples(folder)
        order.write_text("\n".join(p.name for p in paths) + "\n", encoding="utf-8")
    return [folder / name for name in order.read_text(encoding="utf-8").split()]


def load_demo(con: duckdb.DuckDBPyConnection, folder: Path = SAMPLES, user: str = "demo") -> int:
    """Import every demo file as its own batch, all in one transaction (a failure leaves no half demo);
    returns how many batches were written."""
    parsed = [parse_file(path.read_bytes(), path.name) for path in sample_files(folder)]
    return sum(not result.already for result in load.commit_many(con, parsed, user=user))
