"""Numbers and name lists as a Chinese reader expects them."""

from outreach import fmt


def test_count_uses_wan_from_ten_thousand():
    assert [fmt.count(n) for n in (9_999, 10_000, 12_345, 1_250_000)] == ["9,999", "1万", "1.2万", "125万"]
    assert fmt.count(12_345, "en") == "12,345"


def test_name_list_stops_after_the_limit_and_says_how_many_more():
    assert fmt.name_list(["甲", "乙"]) == "甲、乙"
    names = [f"单位{i}" for i in range(15)]
    assert fmt.name_list(names, limit=3) == "单位0、单位1、单位2等（另有 12 个）"
    assert fmt.name_list(names, "en", limit=2) == "单位0, 单位1 and 13 more"
    assert fmt.name_list(names[:12]) == "、".join(names[:12])
