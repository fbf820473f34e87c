"""问卷星 / 腾讯问卷 exports (outreach.ingest.forms): recognised by header, imported as activity logs.

Expected figures are counted by hand from tests/form_exports.py.
"""

from __future__ import annotations

import datetime as dt

import pytest

from outreach import store
from outreach.ingest import forms, load
from outreach.ingest.issues import ImportRefused
from outreach.ingest.parse import parse_file

try:
    from tests import form_exports as fe
except ImportError:  # pragma: no cover - run from inside tests/
    import form_exports as fe

REF = dt.date(2014, 12, 1)
AUG, SEP = dt.date(2014, 8, 1), dt.date(2014, 9, 1)


def counts(parsed) -> dict[tuple, int]:
    df = parsed.records
    return {(r.name, r.month, r.type, r.platform): int(r.count) for r in df.itertuples()}


@pytest.fixture(autouse=True)
def _default_rule(monkeypatch):
    monkeypatch.delenv(forms.PREVIOUS_MONTH_ENV, raising=False)


def test_wjx_text_xlsx_multi_select_and_latest_answer_counts():
    pf = parse_file(fe.wjx_text_xlsx(), "月报导出.xlsx", reference=REF)  # the name says nothing
    assert pf.kind == "activity" and pf.months == [AUG] and pf.errors == []
    assert counts(pf) == {
        # 李红: 4 WeChat reposts, 0 Weibo, 参加培训┋线上会议 → one each, 0 comments
        ("李红", AUG, "repost", "wechat"): 4,
        ("李红", AUG, "training", "other"): 1,
        ("李红", AUG, "meeting", "other"): 1,
        # 张晓明's later answer (row 4) replaces row 2: 5 + 2 reposts, 1 comment, 线上会议; 其他〖读书会〗 is nothing
        ("张晓明", AUG, "repost", "wechat"): 5,
        ("张晓明", AUG, "repost", "weibo"): 2,
        ("张晓明", AUG, "comment", "other"): 1,
        ("张晓明", AUG, "meeting", "other"): 1,
    }
    assert set(pf.records["county"]) == {"蕉城区"} and set(pf.records["unit"]) == {"蕉城团区委"}
    [replaced] = [i for i in pf.issues if i.code == "warn.form_replaced"]
    assert (replaced.row, replaced.params["later"], replaced.params["name"]) == (2, 4, "张晓明")
    assert "第 4 行" in replaced.message()
    assert pf.rows_accepted == 2


def test_wjx_number_csv_gbk_minus_two_three_are_missing():
    pf = parse_file(fe.wjx_number_csv(), "export.csv", reference=REF)
    assert pf.kind == "activity" and pf.errors == []
    # 月份 question says August although both answers came in September
    assert pf.months == [AUG]
    assert counts(pf) == {
        ("王芳", AUG, "repost", "wechat"): 6,  # 舆情 −3: missing, not a count
        ("王芳", AUG, "training", "other"): 1,  # 第6题(参加培训) = 1; 线上会议 = 0
        ("陈刚", AUG, "opinion_report", "other"): 2,  # −2 everywhere else
    }


def test_tencent_csv_bom_quoted_trailing_comma():
    pf = parse_file(fe.tencent_csv(), "问卷导出.csv", reference=REF)
    assert pf.kind == "activity" and pf.errors == []
    assert pf.months == [AUG, SEP]  # 31-Aug and 02-Sep submissions, default rule: their own month
    assert counts(pf) == {
        ("林小燕", AUG, "repost", "wechat"): 7,
        ("林小燕", AUG, "original", "other"): 1,
        ("林小燕", AUG, "training", "other"): 1,
        ("郑伟", SEP, "repost", "wechat"): 2,
        ("郑伟", SEP, "meeting", "other"): 1,
    }


def test_month_from_submit_time_rule(monkeypatch):
    monkeypatch.setenv(forms.PREVIOUS_MONTH_ENV, "3")  # 02-Sep reports August
    pf = parse_file(fe.tencent_csv(), "问卷导出.csv", reference=REF)
    assert pf.months == [AUG]
    assert set(pf.records.loc[pf.records["name"] == "郑伟", "month"]) == {AUG}
    monkeypatch.setenv(forms.PREVIOUS_MONTH_ENV, "1")  # the 2nd is past the first day: September
    assert parse_file(fe.tencent_csv(), "问卷导出.csv", reference=REF).months == [AUG, SEP]
    monkeypatch.setenv(forms.PREVIOUS_MONTH_ENV, "abc")  # a typo falls back to 0
    assert forms.previous_month_days() == 0
    assert forms.month_of_submission(dt.datetime(2014, 1, 2), 5) == dt.date(2013, 12, 1)


def test_submit_time_formats():
    assert forms.submit_time("2014/09/03 12:00:00") == dt.datetime(2014, 9, 3, 12)
    assert forms.submit_time("02-Sep-2014 07:44:08") == dt.datetime(2014, 9, 2, 7, 44, 8)
    assert forms.submit_time("昨天") is None


def test_question_titles_map_through_aliases():
    assert forms.question_header("您的姓名 ") == "姓名"
    assert forms.question_header("您所在的单位") == "单位"
    assert forms.question_header("本月转发微信（条）_填空1") == "本月转发微信（条）"
    assert forms.question_header("您对本次活动的建议") is None


def test_metadata_is_never_stored(tmp_path):
    con = store.connect(tmp_path / "forms.duckdb")
    try:
        for data, name in ((fe.wjx_text_xlsx(), "a.xlsx"), (fe.wjx_number_csv(), "b.csv"),
                           (fe.tencent_csv(), "c.csv")):
            parsed = parse_file(data, name, reference=REF)
            for issue in parsed.issues:
                assert not any(v in issue.message() for v in (fe.IP, fe.OPENID, fe.NICK, "MicroMessenger", "wjx.cn"))
            load.commit(con, parsed, user="t")
        tables = [r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_schema = 'main'").fetchall()]
        assert "activity" in tables
        seen = 0
        for table in tables:
            for row in con.execute(f'select * from "{table}"').fetchall():
                text = " ".join(map(str, row))
                seen += "张晓明" in text
                for secret in (fe.IP, fe.UA, fe.OPENID, fe.NICK, fe.SOURCE_DETAIL, "wj.qq.com"):
                    assert secret not in text, (table, secret)
        assert seen  # the scan did read the imported rows
    finally:
        con.close()


def test_malformed_export_is_refused_with_a_located_chinese_message():
    bad = fe.tencent_csv([
        ["1", "31-Aug-2014 20:01:13", "31-Aug-2014 20:07:44", "391", "中国", "福建", "宁德", "微信用户", fe.OPENID,
         fe.NICK, "", fe.IP, fe.UA, "", "林小燕", "霞浦团县委", "霞浦县", "很多", "1", "", ""],
        ["2", "某天", "某天", "1", *[""] * 10, "郑伟", "霞浦团县委", "霞浦县", "1", "", "", ""],
    ])
    pf = parse_file(bad, "问卷导出.csv", reference=REF)
    by_row = {i.row: i for i in pf.errors}
    assert by_row[2].code == "row.bad_count" and by_row[2].col == 17  # R「本月转发微信（条）」
    assert "问卷导出.csv" in by_row[2].message() and "第 2 行" in by_row[2].message() and "R 列" in by_row[2].message()
    assert by_row[3].code == "row.bad_date" and by_row[3].col == 2  # C: the 结束答题时间 column
    assert pf.rows_rejected == 2
    with pytest.raises(ImportRefused) as refused:
        load.check(pf)
    assert "问卷导出.csv" in refused.value.issue.message()


def test_export_without_a_name_question_is_refused():
    head = ",".join(f'"{h}"' for h in [*fe.TENCENT_HEAD, "1.所在单位", "2.转发微信（条）"]) + ","
    row = ",".join(f'"{v}"' for v in ["1", "", "02-Sep-2014 07:44:08", *[""] * 11, "霞浦团县委", "3"]) + ","
    with pytest.raises(ImportRefused) as refused:
        parse_file(("\ufeff" + head + "\r\n" + row + "\r\n").encode("utf-8"), "x.csv", reference=REF)
    message = refused.value.issue.message()
    assert "x.csv" in message and "姓名" in message


def test_question_list_comes_from_the_aliases():
    questions = [q for q, _, _ in forms.question_list()]
    assert questions[:2] == ["姓名", "所在单位"] and "月份" in questions
    text = forms.question_list_text().decode("utf-8-sig")
    assert "1、姓名" in text and "转发微信（条）" in text
    # Every question, typed into a form as `N、question`, maps back to a field the importer reads.
    assert all(forms.question_header(q) for q in questions)


def test_demo_form_export_is_committed_and_last_in_order():
    from outreach.demo_load import ORDER_FILE, SAMPLES

    names = (SAMPLES / ORDER_FILE).read_text(encoding="utf-8").split()
    assert fe.DEMO_FILE in names
    data = (SAMPLES / fe.DEMO_FILE).read_bytes()
    assert data == fe.demo_export()  # regenerate with `python tests/form_exports.py`
    pf = parse_file(data, fe.DEMO_FILE, reference=REF)
    assert pf.kind == "activity" and pf.errors == [] and pf.months == [SEP] and pf.types == ["meeting"]
    assert sorted(pf.records["name"]) == ["钟雯", "阮文东", "雷锋志"] and pf.records["count"].sum() == 3
    assert [i.code for i in pf.warnings] == ["warn.form_replaced"]


def test_single_answer_choice_naming_a_type_counts_one():
    """问卷星 按文本 where nobody ticked two options: no ┋ anywhere, the answers still name the types."""
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    for row in ([*fe.WJX_HEAD, "1、您的姓名", "2、所在单位", "3、本月参加的活动"],
                [1, "2014/08/20 09:15:02", "60秒", "微信", "", fe.IP, "李红", "蕉城团区委", "参加培训"],
                [2, "2014/08/21 09:15:02", "60秒", "微信", "", fe.IP, "王五", "蕉城团区委", "-3"]):
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    pf = parse_file(buf.getvalue(), "a.xlsx", reference=REF)
    assert counts(pf) == {("李红", AUG, "training", "other"): 1}
    assert pf.types == ["training"] and pf.errors == []
