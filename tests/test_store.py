"""Opening the database file: the memory cap every connection of the process gets."""

import pytest

from outreach import store


def _limit(con) -> str:
    return store.scalar(con, "SELECT current_setting('memory_limit')")


def test_connect_caps_duckdb_memory_at_1gb_by_default(tmp_path, monkeypatch):
    monkeypatch.delenv("OUTREACH_MEMORY_LIMIT", raising=False)
    con = store.connect(tmp_path / "a.duckdb")
    assert _limit(con) == "953.6 MiB"  # 1 GB = 10^9 bytes, as DuckDB shows it
    con.close()


def test_memory_limit_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("OUTREACH_MEMORY_LIMIT", "512MB")
    con = store.connect(tmp_path / "a.duckdb")
    assert _limit(con) == "488.2 MiB"
    assert _limit(con.cursor()) == "488.2 MiB"  # a page's cursor shares the setting
    con.close()


@pytest.mark.parametrize("value", ["lots", "1GB'; DROP TABLE units; --", "80%"])
def test_a_bad_memory_limit_is_refused_before_it_reaches_duckdb(tmp_path, monkeypatch, value):
    monkeypatch.setenv("OUTREACH_MEMORY_LIMIT", value)
    with pytest.raises(ValueError, match="OUTREACH_MEMORY_LIMIT"):
        store.connect(tmp_path / "a.duckdb")
