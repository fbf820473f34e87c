"""PPTX / DOCX / PDF / Markdown of the 汇报 on the demo data: the files open, hold the figures that
`summary --json` prints for the same filters, show Chinese, and never carry a full name or phone."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from PIL import Image
from pptx import Presentation

from outreach import store, summary
from outreach.demo_load import load_demo
from outreach.filters import Filters
from outreach.i18n import label, t
from outreach.queries import QueryRunner
from outreach.report import docx as report_docx
from outreach.report import facts as report_facts
from outreach.report import html as report_html
from outreach.report import markdown as report_md
from outreach.report import pptx as report_pptx
from outreach.report import slides as report_slides
from outreach.report import text as report_text

ROOT = Path(__file__).resolve().parent.parent
PHONE = re.compile(r"1[3-9]\d{9}")
PERIOD = "2014-05:2014-09"
MAY, SEP = dt.date(2014, 5, 1), dt.date(2014, 9, 1)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "demo.duckdb"
    con = store.connect(path)
    load_demo(con)
    con.close()
    return path


@pytest.fixture
def db(demo_db, tmp_path) -> Path:
    """A copy per test: a test that writes (the unmask log) leaves the others alone."""
    return Path(shutil.copy(demo_db, tmp_path / "demo.duckdb"))


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "outreach", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, stdin=subprocess.DEVNULL, env={**os.environ, **env} if env else None)


def summary_json(db: Path, period: str = PERIOD) -> dict:
    out = cli("summary", "--json", "--period", period, "--db", str(db))
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def build(db: Path, f: Filters, masked: bool = True) -> tuple[report_facts.ReportFacts, report_text.Report]:
    con = store.connect(db)
    facts = report_facts.build(QueryRunner(con, cache=False), f, masked=masked)
    con.close()
    return facts, report_text.write(facts, "zh")


def exact(n: int) -> str:
    return f"{n:,}"


# --- reading the files back ------------------------------------------------------------------------------

def pptx_tables(data: bytes) -> tuple[list[list[list[str]]], str]:
    """Every table (rows of cell texts) and all the text of the deck, notes included."""
    prs = Presentation(io.BytesIO(data))
    found, texts = [], []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_table:
                found.append([[c.text for c in row.cells] for row in shape.table.rows])
                texts += [c.text for row in shape.table.rows for c in row.cells]
            elif shape.has_text_frame:
                texts.append(shape.text_frame.text)
        if slide.has_notes_slide:
            texts.append(slide.notes_slide.notes_text_frame.text)
    return found, "\n".join(texts)


def docx_tables(data: bytes) -> tuple[list[list[list[str]]], str]:
    doc = Document(io.BytesIO(data))
    found = [[[c.text for c in row.cells] for row in table.rows] for table in doc.tables]
    texts = [p.text for p in doc.paragraphs] + [c for table in found for row in table for c in row]
    return found, "\n".join(texts)


def table_with(tables: list[list[list[str]]], first_header: str) -> list[list[str]]:
    """The rows (header included) of every table whose first header cell is ``first_header``, joined —
    the deck splits a long table over several slides."""
    rows: list[list[str]] = []
    for table in tables:
        if table[0][0] == first_header:
            rows += table if not rows else table[1:]
    assert rows, f"no table headed {first_header!r}"
    return rows


def assert_summary_figures(tables: list[list[list[str]]], figures: dict) -> None:
    """The key-figure, county and platform × type tables say exactly what `summary --json` says."""
    key = {row[0]: row[1] for row in table_with(tables, t("mt.t.figure", "zh"))[1:]}
    assert key[t("mt.k.members", "zh")] == exact(figures["members"])
    assert key[t("ov.units", "zh")] == exact(figures["units"])
    assert key[t("ov.actions", "zh")] == exact(figures["actions"])
    for code, n in figures["actions_by_type"].items():
        assert key[label("type", code, "zh")] == exact(n), code
    for name, field in (("mt.t.active", "active_members"), ("mt.t.trained", "trained_members"),
                        ("mt.t.training_sessions", "training_sessions"), ("mt.t.meeting_sessions", "meeting_sessions"),
                        ("mt.t.unmatched", "unmatched_rows")):
        assert key[t(name, "zh")] == exact(figures[field]), field
    counties = {row[0]: row[1] for row in table_with(tables, t("field.county", "zh"))[1:]}
    assert counties == {c: exact(n) for c, n in figures["members_by_county"].items()}
    matrix = table_with(tables, t("mt.t.platform", "zh"))
    header = matrix[0]
    cells = {(row[0], header[i]): row[i] for row in matrix[1:] for i in range(1, len(header))}
    for key_pt, n in figures["actions_by_platform_type"].items():
        platform, code = key_pt.split(":")
        assert cells[(label("platform", platform, "zh"), label("type", code, "zh"))] == exact(n), key_pt
    assert cells[(t("mt.t.total", "zh"), t("mt.t.total", "zh"))] == exact(figures["actions"])


def native_charts(data: bytes) -> dict[str, tuple[list[str], dict[str, list[int]]]]:
    """Every native chart of the deck by its shape's name: its categories and each series' values."""
    found = {}
    for slide in Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            if shape.has_chart:
                chart = shape.chart
                series = {s.name: [int(v) for v in s.values] for plot in chart.plots for s in plot.series}
                found[shape.name] = (list(chart.plots[0].categories), series)
    return found


def headline(db: Path, f: Filters) -> dict:
    """`summary`'s figures (what `summary --json` prints), in process for many filters at once."""
    con = store.connect(db)
    try:
        return summary.headline(con, f)
    finally:
        con.close()


def assert_native_charts(data: bytes, db: Path, figures: dict) -> None:
    """The deck's four native charts hold the figures `summary` gives for May–September, its months and
    its counties, each computed apart from the report's own queries."""
    found = native_charts(data)
    assert set(found) == {"county_members", "monthly_trend", "by_type", "by_platform"}
    names, series = found["county_members"]
    assert dict(zip(names, series[t("map.measure.members", "zh")], strict=True)) == figures["members_by_county"]
    assert names[-1] == max(figures["members_by_county"], key=figures["members_by_county"].get)  # largest on top
    names, series = found["by_type"]
    assert dict(zip(names, series[t("mt.by_type", "zh")], strict=True)) == {
        label("type", code, "zh"): n for code, n in figures["actions_by_type"].items() if n}
    per_platform: dict[str, int] = {}
    for key, n in figures["actions_by_platform_type"].items():
        name = label("platform", key.split(":")[0], "zh")
        per_platform[name] = per_platform.get(name, 0) + n
    names, series = found["by_platform"]
    assert dict(zip(names, series[t("mt.by_platform", "zh")], strict=True)) == per_platform
    months, series = found["monthly_trend"]
    assert months == ["2014年5月", "2014年6月", "2014年7月", "2014年8月", "2014年9月"]
    for i, month in enumerate(range(5, 10)):
        start = dt.date(2014, month, 1)
        of_month = headline(db, Filters(start, start))
        for code, n in of_month["actions_by_type"].items():
            assert series[label("type", code, "zh")][i] == n, (month, code)
        assert series[t("mt.t.total", "zh")][i] == of_month["actions"], month
    assert sum(series[t("mt.t.total", "zh")]) == figures["actions"]


# --- the figures ------------------------------------------------------------------------------------------

def test_cli_pptx_holds_the_summary_figures(db, tmp_path) -> None:
    figures = summary_json(db)
    out = tmp_path / "meeting.pptx"
    run = cli("report", "--period", PERIOD, "--format", "pptx", "--out", str(out), "--db", str(db))
    assert run.returncode == 0, run.stderr
    assert "姓名已部分隐去" in run.stdout
    tables, text = pptx_tables(out.read_bytes())
    assert_summary_figures(tables, figures)
    prs = Presentation(str(out))
    # 9 topic slides + 3 appendix slides, 16:9; the county bars, trend and mix charts are native charts, the
    # county map (no PowerPoint chart type) kaleido's picture, drawn by the system Chromium.
    assert len(prs.slides) == 12
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)
    pictures = [s for slide in prs.slides for s in slide.shapes if s.shape_type == 13]
    assert len(pictures) == 1
    assert_native_charts(out.read_bytes(), db, figures)
    assert "宁德市各区县人均行动数" in text  # the map slide, its city told from the demo's county names
    assert "统计期间：2014年5月至9月" in text and "数据截至2014年9月" in text
    assert "近1.2万条" in text  # 11 985 actions, said in the speaker notes the report way


NO_BROWSER = {"BROWSER_PATH": "/nonexistent/chromium"}


def test_pptx_and_docx_need_no_browser(db, tmp_path) -> None:
    """With no Chromium, the deck's charts are still native charts holding the figures, the county map's
    figures go on its slide as a table, and the Word file is whole."""
    figures = summary_json(db)
    deck, document = tmp_path / "meeting.pptx", tmp_path / "report.docx"
    for out in (deck, document):
        run = cli("report", "--period", PERIOD, "--out", str(out), "--db", str(db), env=NO_BROWSER)
        assert run.returncode == 0, run.stderr
    prs = Presentation(str(deck))
    assert len(prs.slides) == 12
    assert not [s for slide in prs.slides for s in slide.shapes if s.shape_type == 13]  # no picture at all
    assert sum(s.has_chart for slide in prs.slides for s in slide.shapes) == 4
    assert_native_charts(deck.read_bytes(), db, figures)
    tables, text = pptx_tables(deck.read_bytes())
    assert_summary_figures(tables, figures)
    assert "宁德市各区县人均行动数" in text
    header = [t("field.county", "zh"), t("map.measure.members", "zh"), t("map.dq_col.actions", "zh"),
              t("map.measure.per_member", "zh")]
    (county_table,) = [table for table in tables if table[0] == header]
    shown = {row[0]: row[1:] for row in county_table[1:]}
    in_counties = {c: n for c, n in figures["members_by_county"].items() if c != "市本级"}
    assert set(shown) == set(in_counties)  # every county of the city; 市本级 stands beside the map
    for county, members in in_counties.items():
        actions = headline(db, Filters(MAY, SEP, counties=(county,)))["actions"]
        assert shown[county][:2] == [exact(members), exact(actions)], county
        assert abs(float(shown[county][2]) - actions / members) <= 0.05 + 1e-9, county  # to one decimal
    doc_tables, doc_text = docx_tables(document.read_bytes())
    assert_summary_figures(doc_tables, figures)
    assert "截至2014年9月，网宣队伍共有224人" in doc_text


def test_docx_holds_the_summary_figures_and_the_edited_text(db) -> None:
    figures = summary_json(db)
    facts, report = build(db, Filters(MAY, SEP))
    edited = report_text.parse(report.as_text() + "七、下一步工作\n加强骨干培训，按时报送台账。\n")
    tables, text = docx_tables(report_docx.build(facts, edited, "zh"))
    assert_summary_figures(tables, figures)
    assert "网宣队伍工作情况汇报" in text
    assert "一、队伍建设情况" in text and "七、下一步工作" in text and "加强骨干培训，按时报送台账。" in text
    assert "截至2014年9月，网宣队伍共有224人" in text


def test_county_filter_narrows_every_export(db) -> None:
    f = Filters(MAY, SEP, counties=("蕉城区",))
    con = store.connect(db)
    figures = summary.headline(con, f)
    con.close()
    facts, report = build(db, f)
    assert facts.figures == figures
    tables, text = docx_tables(report_docx.build(facts, report, "zh"))
    assert_summary_figures(tables, figures)
    assert "县区：蕉城区" in text
    assert list(figures["members_by_county"]) == ["蕉城区"]
    deck_tables, deck_text = pptx_tables(report_pptx.build(facts, report, "zh"))
    assert_summary_figures(deck_tables, figures)
    assert "县区：蕉城区" in deck_text


def test_markdown_has_text_and_tables(db) -> None:
    facts, report = build(db, Filters(MAY, SEP))
    md = report_md.build(facts, report, "zh").decode("utf-8")
    assert md.startswith("# 网宣队伍工作情况汇报\n")
    assert "## 二、网络宣传工作开展情况" in md
    assert f"| {t('mt.k.members', 'zh')} | {exact(facts.count('members'))} |" in md
    assert "数据来源：" in md


# --- the PDF ------------------------------------------------------------------------------------------------

def test_cli_pdf_renders_with_chinese(db, tmp_path) -> None:
    out = tmp_path / "summary.pdf"
    run = cli("report", "--period", PERIOD, "--out", str(out), "--db", str(db))
    assert run.returncode == 0, run.stderr
    assert out.read_bytes()[:5] == b"%PDF-"
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", str(out), str(tmp_path / "page")],
                   check=True, timeout=120)
    page = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    assert page.size[1] > page.size[0]  # A4 portrait first (the slides follow in landscape)
    dark = sum(page.histogram()[:128])
    assert dark > 500, "the first page looks blank"
    words = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, timeout=120,
                           check=True).stdout
    assert "网宣队伍工作情况汇报" in words
    assert "一、队伍建设情况" in words
    assert "截至2014年9月，网宣队伍共有224人" in words.replace(" ", "").replace("\n", "")
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True,
                                                               check=True).stdout)[1])
    assert pages >= 10  # text and tables, then one landscape page per slide (8)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cli_pdf_without_a_browser_says_what_to_install(db, tmp_path, lang) -> None:
    out = tmp_path / "summary.pdf"
    run = cli("--lang", lang, "report", "--period", PERIOD, "--out", str(out), "--db", str(db), env=NO_BROWSER)
    assert run.returncode == 2  # a refused request, not a bug of ours
    assert run.stderr.strip() == t("rep.no_browser", lang, path=NO_BROWSER["BROWSER_PATH"])  # one sentence
    assert "apt-get install chromium fonts-noto-cjk" in run.stderr
    assert "Traceback" not in run.stderr and "ChromeNotFound" not in run.stderr
    assert not out.exists()


# --- masking ------------------------------------------------------------------------------------------------

def full_names(db: Path) -> list[str]:
    """The names the commendation list holds, in full (read straight from the evaluation)."""
    con = store.connect(db)
    facts = report_facts.build(QueryRunner(con, cache=False), Filters(MAY, SEP), masked=False)
    con.close()
    assert facts.commendations is not None and len(facts.commendations) > 3
    return [n for n in facts.commendations["name"] if len(n) >= 2]


def phones(db: Path) -> list[str]:
    con = store.connect(db)
    rows = con.execute("SELECT phone FROM members WHERE phone IS NOT NULL").fetchall()
    con.close()
    return [r[0] for r in rows]


def test_exports_are_masked(db) -> None:
    names = full_names(db)
    assert len(phones(db)) > 100  # the demo roster has real-looking phones
    facts, report = build(db, Filters(MAY, SEP))
    masked_first = facts.commendations["name"].iloc[0]
    assert "*" in masked_first
    _, deck = pptx_tables(report_pptx.build(facts, report, "zh"))
    _, document = docx_tables(report_docx.build(facts, report, "zh"))
    md = report_md.build(facts, report, "zh").decode("utf-8").replace("\\*", "*")  # masks are escaped there
    for kind, content in (("pptx", deck), ("docx", document), ("md", md)):
        assert masked_first in content, kind
        leaked = [n for n in names if n in content]
        assert not leaked, f"{kind} shows full names: {leaked[:5]}"
        assert not PHONE.search(content), kind


def test_unmask_from_the_cli_is_recorded_without_names(db, tmp_path) -> None:
    names = full_names(db)
    out = tmp_path / "full.docx"
    run = cli("report", "--period", PERIOD, "--out", str(out), "--db", str(db), "--unmask", "--user", "王主任")
    assert run.returncode == 0, run.stderr
    _, document = docx_tables(out.read_bytes())
    assert names[0] in document
    assert not PHONE.search(document)  # phones are never unmasked
    con = store.connect(db)
    log = con.execute("SELECT actor, action, view, filters FROM privacy_log").fetchall()
    con.close()
    assert [(a, act, v) for a, act, v, _ in log] == [("王主任", "export", "cli-docx")]
    assert json.loads(log[0][3])["from"] == "2014-05"
    assert not any(n in log[0][3] for n in names)


def test_phone_typed_into_the_edited_text_is_masked(db) -> None:
    facts, report = build(db, Filters(MAY, SEP))
    edited = report_text.parse(report.as_text() + "八、联系方式\n联系人电话13912345678。\n")
    _, document = docx_tables(report_docx.build(facts, edited, "zh"))
    assert "139****5678" in document and "13912345678" not in document


def test_cli_refuses_an_unknown_format(db, tmp_path) -> None:
    run = cli("report", "--period", PERIOD, "--out", str(tmp_path / "x.txt"), "--db", str(db))
    assert run.returncode == 2
    assert "--format" in run.stderr
    assert not (tmp_path / "x.txt").exists()


# --- images on the page -------------------------------------------------------------------------------------

def test_png_data_uri_stays_a_valid_image_without_phone_like_runs() -> None:
    image = Image.new("RGB", (40, 20), "#c0392b")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    png = buffer.getvalue()
    shifted = report_html._with_text_chunk(png, "xx")
    assert Image.open(io.BytesIO(shifted)).tobytes() == image.tobytes()
    assert base64.b64encode(shifted)[60:] != base64.b64encode(png)[60:]  # the encoding moved
    uri = report_html.png_data_uri(png)
    assert uri.startswith("data:image/png;base64,") and not PHONE.search(uri)
    decoded = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
    assert decoded.tobytes() == image.tobytes()


def test_the_meeting_gathers_a_slides_facts_when_it_is_shown(db) -> None:
    """The meeting page builds lazy facts: its first slide reads the headline, not the scores (scoring every
    unit took most of the page at province scale); slide by slide, the deck equals the exports' deck."""
    con = store.connect(db)
    try:
        q = QueryRunner(con, cache=False)
        lazy = report_facts.build(q, Filters(MAY, SEP), lazy=True)
        outline = report_slides.outline(lazy, "zh")
        first = report_slides.slide(outline[0][0], lazy, "zh")
        assert first.key == "overview" and first.kpis
        assert "evaluation" not in lazy.gathered and "units" not in lazy.gathered
        eager = report_facts.build(q, Filters(MAY, SEP))
        assert eager.gathered == set(report_facts.SECTIONS)
        deck = report_slides.build(eager, "zh")
        assert [(s.key, s.title) for s in deck] == outline
        assert [report_slides.slide(kind, lazy, "zh") for kind, _title in outline] == deck
        assert "evaluation" in lazy.gathered
    finally:
        con.close()
