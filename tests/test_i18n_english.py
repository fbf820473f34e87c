"""English that holds: no Chinese left in the English column of the table (but for a short list of words
that must stay as the files and the data write them), counts in the singular when there is one, member
categories and rubric indicators with English names, and the file uploader's own texts translated."""

from __future__ import annotations

import re
import string

import pytest

from outreach.evaluation import RubricError, parse
from outreach.evaluation.rubric import default_rubric
from outreach.i18n import TEXT, category_label, is_one, t
from outreach.report import text as report_text
from tests.eval_team import RUBRIC
from ui import uploader

# Han characters, CJK punctuation (、。「」…), full-width forms (：；，（）！), kana, bopomofo and the
# other CJK blocks: none of them belongs in English text.
CJK = re.compile(r"[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff\u3200-\u33ff"
                 r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0002fa1f]")

# The only Chinese the English column may hold: key → (the words, why they stay Chinese).
MUST_STAY_CHINESE: dict[str, tuple[tuple[str, ...], str]] = {
    "shell.language": (("语言",), "the switch's label is in both languages, so either reader finds it"),
    "err.no_header": (("转发微信（条）",), "a column header as the activity logs write it"),
    "err.missing_unit": (("单位", "填报单位：XX"), "the column header and the title line the files must carry"),
    "row.bad_date": (("2014年7月",), "a date as written in the files, one of the accepted forms"),
    "row.name_not_person": (("200人", "以下空白"), "cell contents quoted from the files"),
    "dp.period_help": (("填报日期", "截至"), "the words a roster carries its date under"),
    "dp.template_roster": (("网宣员", "骨干", "联络员"), "the role words to write in the roster file"),
    "camp.upload_hint": (("名称", "开始日期", "结束日期", "备注"), "the campaign file's column headers"),
    "err.adj_no_header": (("加分", "扣分"), "the adjustment file's column headers"),
    "row.adj_bad_points": (("扣分",), "the adjustment file's column header"),
    "row.adj_which_county": (("县区",), "the column header to add to the file"),
    "access.row_no_county": (("县区",), "the column header to add to the file"),
    "mt.unmask_body": (("张*明",), "how a masked name (the data's names are Chinese) looks"),
    "acct.err.unit_needed": (("福安市/城南镇团委",), "an example of county/unit as typed on the command line"),
    "acct.err.unit_without_county": (("福安市/城南镇团委",), "an example of county/unit as typed on the command line"),
    "map.no_city": (("宁德市",), "an example of a city's name as the setting takes it (the data's names are Chinese)"),
}


def test_no_chinese_in_the_english_column():
    leaks = {}
    for key, (_, en) in TEXT.items():
        words, _reason = MUST_STAY_CHINESE.get(key, ((), ""))
        rest = en
        for word in sorted(words, key=len, reverse=True):  # 填报单位：XX before 单位
            rest = rest.replace(word, "")
        if CJK.search(rest):
            leaks[key] = en
    assert not leaks


def test_every_word_allowed_to_stay_chinese_is_still_there():
    """The allow-list shrinks with the table: a word no longer in its text is taken off the list."""
    for key, (words, reason) in MUST_STAY_CHINESE.items():
        assert key in TEXT and reason
        for word in words:
            assert word in TEXT[key][1], (key, word)


# --- plurals ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "one"), [
    (1, True), (-1, True), ("1", True), (" 1 ", True), (2, False), (0, False), ("0", False), (1.0, False),
    (1.5, False), ("1.0", False), ("1,000", False), ("nearly 1,000", False), (True, False), (None, False),
])
def test_is_one(value, one):
    assert is_one(value) is one


def test_a_plural_placeholder_picks_its_word_form():
    assert t("ov.not_reported", "en", n=1, month="Sep 2014", units="甲") == "1 unit has not reported Sep 2014: 甲"
    assert t("ov.not_reported", "en", n=2, month="Sep 2014", units="甲, 乙") == \
        "2 units have not reported Sep 2014: 甲, 乙"
    assert t("ov.not_reported", "zh", n=1, month="2014年9月", units="甲") == "1 个单位还没有报送 2014年9月 的数据：甲"


@pytest.mark.parametrize(("key", "params", "one", "two"), [
    ("rep.training.held_untitled", {"trained": 1, "attendances": "1 attendance"},
     "1 training session was held; 1 member took part", "2 training sessions were held; 1 member took part"),
    ("rep.training.meetings", {"attendances": "5 attendances"}, "1 online meeting was held",
     "2 online meetings were held"),
    ("mt.u.sessions", {}, "session", "sessions"),
    ("mt.u.people", {}, "person", "people"),
    ("rep.unit.item", {}, "item", "items"),
    ("rep.short.no_liaison", {"units": "甲"}, "甲 has no liaison.", "甲 have no liaison."),
    ("team.silent_count", {"months": 1, "month": "2014-09"}, "1 member has no recorded activity in the 1 month",
     "2 members have no recorded activity in the 1 month"),
    ("eval.band_line", {"parts": "x"}, "1 unit ranked.", "2 units ranked."),
])
def test_one_and_two(key, params, one, two):
    assert one in t(key, "en", n=1, **params)
    assert two in t(key, "en", n=2, **params)


def test_the_report_counts_in_the_singular():
    assert report_text.said(1, "rebuttal", "en") == "1 item"
    assert report_text.said(2, "rebuttal", "en") == "2 items"
    assert report_text.said(1, "training", "en") == "1 attendance"
    assert report_text.said(1, "rebuttal", "zh") == "1条"
    assert t("rep.opinion.rebuttals", "en", n=report_text.said(1, "rebuttal", "en")) == "rebuttals: 1 item"


def test_every_plural_placeholder_renders_both_ways():
    """Every text with a word-form choice renders with each of its fields at 1 and at 2, leaving no brace,
    and says something different for 1 than for 2."""
    found = 0
    for key, (_, en) in TEXT.items():
        parsed = [(f, spec) for _, f, spec, _ in string.Formatter().parse(en) if f]
        if not any("|" in (spec or "") for _, spec in parsed):
            continue
        found += 1
        shown = [t(key, "en", **dict.fromkeys({f for f, _ in parsed}, n)) for n in (1, 2)]
        assert all("{" not in s and "|" not in s for s in shown), (key, shown)
        assert shown[0] != shown[1].replace("2", "1"), (key, shown)
    assert found > 30


# --- names: platforms, categories, the rubric -------------------------------------------------------------

def test_xuexi_qiangguo_by_its_full_name():
    assert t("platform.xuexi", "en") == "Xuexi Qiangguo"


def test_known_categories_in_english_others_as_written():
    assert category_label("团干部", "en") == "League cadres"
    assert category_label(" 离退休干部 ", "en") == "Retired cadres"
    assert category_label("团干部", "zh") == "团干部"  # Chinese shows the roster's own word
    assert category_label("乡村振兴指导员", "en") == "乡村振兴指导员"  # unknown: data, shown as it is
    assert category_label("", "en") == "" and category_label(None, "en") == ""


def test_the_default_rubric_names_its_indicators_in_english():
    rubric = default_rubric()
    assert rubric.title("en") == "Outreach work rubric (default)"
    assert rubric.title("zh") == "网宣工作考评细则（默认）"
    named = {i.key: i.title("en") for i in rubric.indicators}
    assert named["team"] == "Team building" and named["participation"] == "Participation"
    assert all(not CJK.search(name) for name in named.values())
    assert rubric.indicator("team").title("zh") == "队伍建设"


def test_a_rubric_without_english_names_shows_its_own():
    rubric = parse(RUBRIC)
    assert all(i.title("en") == i.name for i in rubric.indicators)


def test_an_english_name_must_be_text():
    with pytest.raises(RubricError) as caught:
        parse(RUBRIC.replace("[[indicator]]", "[[indicator]]\nname_en = 3", 1))
    assert any(p.code == "eval.err.text" for p in caught.value.problems)


# --- the uploader -----------------------------------------------------------------------------------------

def test_the_uploader_says_the_real_limit_in_the_viewers_language():
    assert uploader.limit_mb() == 200  # server.maxUploadSize in .streamlit/config.toml
    assert uploader.limit_mb(50) == 50 and uploader.limit_mb(500) == 200
    zh = uploader.instructions("zh", ["xlsx", "csv"], 50)
    assert "50 MB" in zh and "XLSX、CSV" in zh and "拖放" in zh
    en = uploader.instructions("en", ["xlsx", "csv"], 50)
    assert en == "Drag and drop files here · up to 50 MB per file · XLSX, CSV"
    css = uploader.css("dp_uploader_0", "zh", ["xlsx"], 200)
    assert ".st-key-dp_uploader_0 [data-testid=\"stFileUploaderDropzoneInstructions\"] span::after" in css
    assert t("upload.button", "zh") in css and t("upload.drop", "zh") in css


def test_css_strings_cannot_break_out():
    assert uploader.css_string('a"b\\c</style>\n') == '"a\\22 b\\5c c\\3c /style\\3e \\a "'
