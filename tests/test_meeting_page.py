"""The 会议 page in AppTest against the small team: slides and their figures, next/previous, masking,
the recorded unmask, the 汇报 editor. (The timer and the layout at real screen sizes: test_meeting_browser.)"""

from __future__ import annotations

import json
import re

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

import ui.shell
from outreach.i18n import t
from tests.small_team import ROSTER, app_for
from ui.text import as_text

PHONE = re.compile(r"1[3-9]\d{9}")
NAMES = [row[0] for row in ROSTER[2:]]  # 张三, 李四, …


@pytest.fixture
def app(tmp_path, monkeypatch):
    at = app_for("pages/meeting.py", tmp_path, monkeypatch)
    at.run(timeout=120)
    assert not at.exception, at.exception
    yield at
    ui.shell._connection.clear()


def slide(at: AppTest) -> str:
    shown = [h.proto.body for h in at.get("html") if 'class="mt-stage' in h.proto.body]
    assert len(shown) == 1, "one slide on screen"
    return shown[0]


def slide_key(at: AppTest) -> str:
    return re.search(r'data-slide="([a-z_]+)"', slide(at))[1]


def everything(at: AppTest) -> str:
    """Every text the page sends: HTML bodies, markdown, captions, widget labels and values."""
    parts = [h.proto.body for h in at.get("html")]
    parts += [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [str(w.value) for w in [*at.text_area, *at.text_input, *at.selectbox]]
    parts += [w.label for w in [*at.button, *at.toggle, *at.selectbox, *at.text_area]]
    return "\n".join(parts)


def button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


def test_first_slide_shows_the_headline_figures_and_the_stamp(app):
    html = slide(app)
    assert slide_key(app) == "overview"
    assert "总体情况" in html
    # 6 on the roster, 3 units, 14 actions, 4 took part (66.7 %), August 3 of 6 active, 1 opinion report.
    figures = dict(re.findall(r'mt-klabel">([^<]+)</div><div class="mt-kvalue">([^<]+)<', html))
    assert figures["队伍人数"] == "6" and figures["单位"] == "3" and figures["工作量"] == "14"
    assert figures["参与人数"] == "4" and figures["2014年8月活跃率"] == "50.0%" and figures["舆情信息"] == "1"
    assert "统计期间：2014年7月至8月" in html and "县区：全部" in html and "数据截至2014年8月" in html
    assert 'class="mt-pageno">1 / 8<' in html
    assert len(app.sidebar.selectbox) == 0 and len(app.sidebar.multiselect) == 0  # no sidebar: presentation


def test_next_and_previous_move_through_every_slide(app):
    seen = [slide_key(app)]
    for _ in range(7):
        button(app, "mt_next").click().run()
        seen.append(slide_key(app))
    assert seen == ["overview", "team", "trend", "mix", "training", "ranking", "commendations", "quality"]
    button(app, "mt_next").click().run()
    assert slide_key(app) == "overview"  # after the last, the first again
    button(app, "mt_prev").click().run()
    assert slide_key(app) == "quality"
    app.selectbox(key="mt_pick").set_value(2).run()
    assert slide_key(app) == "trend" and "2014年8月工作量最多：9条" in slide(app)


def test_every_slide_carries_the_filters_and_no_personal_data(app):
    app.query_params["county"] = ["西县"]
    app.run()
    for i in range(8):
        app.selectbox(key="mt_pick").set_value(i).run()
        html = slide(app)
        assert "县区：西县" in html, slide_key(app)
        assert f'class="mt-pageno">{i + 1} / 8<' in html
    text = everything(app)
    assert not PHONE.search(text)
    assert "13800000001" not in text
    assert not [n for n in NAMES if n in text]


def test_quality_slide_names_the_gaps(app):
    app.selectbox(key="mt_pick").set_value(7).run()
    html = slide(app)
    assert "丙单位未报送2014年8月工作台账" in html
    assert "乙单位、丙单位尚未配备联络员" in html
    assert ">2/3<" in html  # 甲 and 乙 reported August, 丙 did not


def test_county_filter_in_the_url_narrows_the_figures(app):
    app.query_params["county"] = ["西县"]
    app.run()
    figures = dict(re.findall(r'mt-klabel">([^<]+)</div><div class="mt-kvalue">([^<]+)<', slide(app)))
    assert figures["队伍人数"] == "3" and figures["工作量"] == "7"  # 赵六, 钱七, 孙九; 2 + 4 + 1


def test_unit_filter_holds_keys_and_shows_county_and_name(app):
    """A unit is (county, unit name): the URL and the filter carry its key, the slides say both."""
    app.query_params["unit"] = ["西县/乙单位"]
    app.run()
    assert not app.exception
    html = slide(app)
    figures = dict(re.findall(r'mt-klabel">([^<]+)</div><div class="mt-kvalue">([^<]+)<', html))
    assert figures["队伍人数"] == "2" and figures["单位"] == "1" and figures["工作量"] == "7"  # 赵六, 钱七; 2 + 4 + 1
    assert "单位：西县 / 乙单位" in html
    picker = app.multiselect(key="mt_unit")
    assert picker.options == ["东县 / 甲单位", "西县 / 丙单位", "西县 / 乙单位"]  # the keys, as people read them


def test_unmask_asks_who_and_is_recorded(app, tmp_path):
    app.selectbox(key="mt_pick").set_value(6).run()
    assert slide_key(app) == "commendations"
    assert ">张*<" in slide(app) and "张三" not in slide(app)  # 张三 is commended (6 points, 2 months)
    assert button(app, "mt_unmask").label == t("mt.unmask", "zh")
    button(app, "mt_unmask").click().run()
    confirm = button(app, "mt_unmask_ok")
    assert confirm.disabled  # nothing before the presenter says who they are and ticks the box
    app.text_input(key="mt_actor_input").input("李主任").run()
    app.checkbox(key="mt_unmask_sure").check().run()
    button(app, "mt_unmask_ok").click().run()
    assert not app.exception
    assert any(b.key == "mt_remask" for b in app.button)
    assert ">张三<" in slide(app)
    con = duckdb.connect(str(tmp_path / "small.duckdb"))  # the config the app opened it with
    rows = con.execute("SELECT actor, action, view, filters FROM privacy_log ORDER BY log_id").fetchall()
    con.close()
    assert [(a, b, c) for a, b, c, _ in rows] == [("李主任", "unmask", "slides")]
    assert json.loads(rows[0][3]) == {"from": "2014-07", "to": "2014-08", "counties": [], "units": [],
                                      "categories": [], "roles": []}
    assert not any(n in rows[0][3] for n in NAMES)
    # Phones stay hidden even now.
    assert not PHONE.search(everything(app))
    button(app, "mt_remask").click().run()
    assert any(b.key == "mt_unmask" for b in app.button)
    assert ">张*<" in slide(app)


def test_report_mode_shows_the_generated_text_for_editing(app):
    app.segmented_control(key="mt_mode").set_value("report").run()
    assert not app.exception
    text = app.text_area(key="mt_text").value
    assert text.startswith("网宣队伍工作情况汇报\n（2014年7月至8月）")
    assert "截至2014年8月，网宣队伍共有6人" in text
    assert "队伍共开展各类网络宣传工作14条" in text
    assert not PHONE.search(everything(app))
    # An edit survives a rerun and a change of filters (with a word that the filters changed).
    app.text_area(key="mt_text").input(text + "七、下一步\n继续加强。\n").run()
    app.query_params["county"] = ["东县"]
    app.run()
    assert app.text_area(key="mt_text").value.endswith("七、下一步\n继续加强。\n")
    assert any(t("mt.text_stale", "zh") in w.value for w in app.warning)
    button(app, "mt_regen").click().run()
    assert "网宣队伍共有3人" in app.text_area(key="mt_text").value  # 东县: 张三, 李四, 王五


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_exports_without_a_browser_say_what_to_install(tmp_path, monkeypatch, lang):
    """No Chromium: PPTX, Word and Markdown are offered as ever; the PDF button is greyed out and says, in one
    sentence of the page's language, what to install. Every 汇报 export is labelled 汇报 (not 汇总)."""
    missing = str(tmp_path / "no-chromium")
    monkeypatch.setenv("BROWSER_PATH", missing)
    at = app_for("pages/meeting.py", tmp_path, monkeypatch)
    at.query_params["lang"] = lang
    at.run(timeout=120)
    at.segmented_control(key="mt_mode").set_value("report").run(timeout=120)
    try:
        assert not at.exception, at.exception
        # the 通报 pack (DOCX, PDF only when Chromium is there) is offered either way
        assert {d.key for d in at.get("download_button")} == {"mt_dl_pptx", "mt_dl_docx", "mt_dl_md", "mt_dl_pack"}
        assert [d.label for d in at.get("download_button") if d.key == "mt_dl_docx"] == [t("mt.export_docx", lang)]
        pdf = button(at, "mt_dl_pdf")
        assert pdf.disabled and pdf.label == t("mt.export_pdf", lang)
        sentence = t("rep.no_browser", lang, path=missing)
        assert pdf.help == sentence
        assert as_text(sentence) in [c.value for c in at.caption]
        assert "apt-get install chromium fonts-noto-cjk" in sentence
    finally:
        ui.shell._connection.clear()


def test_pdf_export_is_offered_when_chromium_is_there(tmp_path, monkeypatch):
    """Only whether the browser is there is looked at (nothing is printed until the button is pressed)."""
    browser = tmp_path / "chromium"
    browser.write_text("#!/bin/sh\nexit 1\n")
    browser.chmod(0o755)
    monkeypatch.setenv("BROWSER_PATH", str(browser))
    at = app_for("pages/meeting.py", tmp_path, monkeypatch)
    at.run(timeout=120)
    at.segmented_control(key="mt_mode").set_value("report").run(timeout=120)
    try:
        assert not at.exception, at.exception
        downloads = {d.key: d.label for d in at.get("download_button")}
        assert downloads["mt_dl_pdf"] == "汇报（PDF）"
        assert set(downloads) == {"mt_dl_pptx", "mt_dl_docx", "mt_dl_pdf", "mt_dl_md", "mt_dl_pack"}
        assert downloads["mt_dl_pack"] == "下载本月通报包（zip）"
        assert not any("apt-get" in c.value for c in at.caption)
    finally:
        ui.shell._connection.clear()


def test_report_exports_are_labelled_alike():
    word = {"zh": "汇报", "en": "Report"}
    for lang in ("zh", "en"):
        for kind in ("docx", "pdf", "md"):
            assert t(f"mt.export_{kind}", lang).startswith(word[lang]), (kind, lang)
    assert "汇总" not in t("mt.export_pdf", "zh")
