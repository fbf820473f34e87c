"""A small city for the access tests, built through the normal import path: two counties each have a
城南镇团委 (福安市's and 寿宁县's), and a log names units without their county, so it resolves through
the members. Also a cheap argon2id hasher, so tests that log in many times stay quick."""

from __future__ import annotations

from pathlib import Path

import pytest
from argon2 import PasswordHasher

from outreach import accounts, store
from outreach.ingest import load
from tests.fixtures import xlsx

ROSTER = [
    ["2014年7月网宣员花名册"],
    ["姓名", "单位", "县区", "手机号码"],
    ["张三", "城南镇团委", "福安市", "13800000001"],
    ["王五", "阳头街道团委", "福安市", "13800000003"],
    ["李四", "城南镇团委", "寿宁县", "13800000002"],
    ["赵六", "鳌阳镇团委", "寿宁县", "13800000004"],
    ["孙七", "松城街道团委", "霞浦县", "13800000005"],
]
HEADER = ["姓名", "单位", "转发微信（条）", "网络评论（条）"]
# Names only the unit: 张三 and 李四 find their county through the roster.
JULY = [["2014年7月工作量统计表"], HEADER, ["张三", "城南镇团委", 3, ""], ["李四", "城南镇团委", 2, 1],
        ["孙七", "松城街道团委", 1, ""]]
FUAN = ["福安市/城南镇团委", "福安市/阳头街道团委"]
SHOUNING = ["寿宁县/城南镇团委", "寿宁县/鳌阳镇团委"]
XIAPU = ["霞浦县/松城街道团委"]
ALL_UNITS = sorted(FUAN + SHOUNING + XIAPU)


def build(path: Path):
    """The city in a new database file; returns the open connection."""
    con = store.connect(path)
    load.import_bytes(con, xlsx(ROSTER), "roster.xlsx")
    load.import_bytes(con, xlsx(JULY), "jul.xlsx")
    return con


@pytest.fixture
def fast_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id still, with the smallest cost: login sequences then take milliseconds, not seconds."""
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    accounts._dummy_hash.cache_clear()
    yield
    accounts._dummy_hash.cache_clear()
