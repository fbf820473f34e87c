"""The blank import templates (花名册, 工作台账, 专项活动) and reproducible xlsx bytes. No Streamlit here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from outreach import vocab
from outreach.data_admin import column_label
from outreach.i18n import t
from outreach.ingest import campaign_file
from outreach.ingest.header import FIELD_ALIASES
from outreach.store import ROOT
from outreach.xlsx import reproducible_xlsx

TEMPLATE_DIR = ROOT / "data" / "templates"

ROSTER_HEADERS = ("姓名", "单位", "县区", "乡镇（街道）", "角色", "职务", "微信名", "手机号码", "性别", "出生年月",
                  "类别")
ROSTER_EXAMPLE = ("张晓明", "蕉城团区委", "蕉城区", "蕉南街道", "骨干", "宣传委员", "xiaoming_jc", "13800138000",
                  "男", "1990-05", "团干部")
ACTIVITY_HEADERS = ("日期", "姓名", "单位", "类型", "平台", "数量", "标题", "链接", "备注")
ACTIVITY_EXAMPLES = (
    (dt.date(2014, 8, 5), "张晓明", "蕉城团区委", "转发", "微信", 3, "“清朗”专项行动倡议书", "", ""),
    (dt.date(2014, 8, 6), "张晓明", "蕉城团区委", "评论", "微博", 2, "", "", ""),
    (dt.date(2014, 8, 12), "张晓明", "蕉城团区委", "舆情报送", "", 1, "关于某小区停水的网民反映", "", "已报市网信办"),
    (dt.date(2014, 8, 20), "张晓明", "蕉城团区委", "参加培训", "", 1, "网络评论员业务培训班", "", ""),
)
CAMPAIGN_HEADERS = campaign_file.HEADERS
CAMPAIGN_EXAMPLE = ("国庆65周年网络宣传", dt.date(2014, 9, 20), dt.date(2014, 10, 7), "转发评论国庆主题稿件")
ROSTER_TEMPLATE = "花名册模板.xlsx"
ACTIVITY_TEMPLATE = "工作台账模板.xlsx"
CAMPAIGN_TEMPLATE = "专项活动模板.xlsx"
_WIDTHS = {"姓名": 10, "单位": 18, "县区": 10, "乡镇（街道）": 14, "角色": 8, "职务": 14, "微信名": 16, "手机号码": 15,
           "性别": 6, "出生年月": 10, "类别": 14, "日期": 12, "类型": 10, "平台": 10, "数量": 7, "标题": 34,
           "链接": 30, "备注": 20, "名称": 30, "开始日期": 12, "结束日期": 12}
_FIXED_TIME = dt.datetime(2014, 1, 1)


def _sheet_with_header(title: str, headers: tuple[str, ...], note: str) -> tuple[Workbook, object]:
    wb = Workbook()
    wb.properties.creator = "网宣队伍看板"
    wb.properties.created = wb.properties.modified = _FIXED_TIME
    ws = wb.active
    ws.title = title
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FDEDEC")
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for index, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(header, 12)
    ws["A1"].comment = Comment(note, "网宣队伍看板", width=260, height=110)
    ws.freeze_panes = "A2"
    return wb, ws


def _example_font(ws, first_row: int, last_row: int) -> None:
    for row in ws.iter_rows(min_row=first_row, max_row=last_row):
        for cell in row:
            cell.font = Font(color="7F8C8D", italic=True)


def _list_validation(ws, column: str, values: list[str], last_row: int = 2000) -> None:
    dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
    dv.error, dv.errorTitle, dv.showErrorMessage = "请从下拉列表中选择", "输入有误", False
    ws.add_data_validation(dv)
    dv.add(f"{column}2:{column}{last_row}")


def roster_template() -> bytes:
    """花名册模板.xlsx: the canonical roster headers, one example row (grey), drop-downs for 角色 and
    性别, the phone column stored as text so Excel keeps all eleven digits."""
    wb, ws = _sheet_with_header("花名册", ROSTER_HEADERS,
                                "第 2 行是示例，请改成本单位人员后再上传（不要的示例行请删除）。\n"
                                "必填：姓名、单位。角色填 网宣员 / 骨干 / 联络员，不填按网宣员。\n"
                                "手机号码请按文本填写 11 位数字。")
    ws.append(list(ROSTER_EXAMPLE))
    _example_font(ws, 2, 2)
    phone_col = get_column_letter(ROSTER_HEADERS.index("手机号码") + 1)
    for r in range(2, 2001):
        ws[f"{phone_col}{r}"].number_format = "@"
    _list_validation(ws, get_column_letter(ROSTER_HEADERS.index("角色") + 1), ["网宣员", "骨干", "联络员"])
    _list_validation(ws, get_column_letter(ROSTER_HEADERS.index("性别") + 1), ["男", "女"])
    return reproducible_xlsx(wb)


def activity_template() -> bytes:
    """工作台账模板.xlsx: one row per action (or per member, type and platform with a 数量), example rows
    in grey, drop-downs for 类型 and 平台."""
    wb, ws = _sheet_with_header("工作台账", ACTIVITY_HEADERS,
                                "一行记一项工作：日期、姓名、单位、类型必填；数量不填按 1 计。\n"
                                "第 2–5 行是示例，请删除后填写本单位数据。\n"
                                "姓名、单位要与花名册一致，才能对应到人。")
    for row in ACTIVITY_EXAMPLES:
        ws.append(list(row))
    _example_font(ws, 2, len(ACTIVITY_EXAMPLES) + 1)
    for r in range(2, 2001):
        ws[f"A{r}"].number_format = "yyyy-mm-dd"
    _list_validation(ws, "D", [t(f"type.{code}", "zh") for code in vocab.ACTIVITY_TYPES])
    _list_validation(ws, "E", [t(f"platform.{code}", "zh") for code in vocab.PLATFORMS])
    return reproducible_xlsx(wb)


def campaign_template() -> bytes:
    """专项活动模板.xlsx: one row per campaign (名称, 开始日期, 结束日期, 备注), an example row in grey,
    date columns formatted as dates."""
    wb, ws = _sheet_with_header("专项活动", CAMPAIGN_HEADERS,
                                "一行一个专项活动：名称、开始日期、结束日期必填，备注可不填。\n"
                                "第 2 行是示例，请改成本次要登记的活动（不要的示例行请删除）。\n"
                                "日期可写 2014-09-20、2014/9/20 或 2014年9月20日。")
    ws.append(list(CAMPAIGN_EXAMPLE))
    _example_font(ws, 2, 2)
    for r in range(2, 501):
        ws[f"B{r}"].number_format = ws[f"C{r}"].number_format = "yyyy-mm-dd"
    return reproducible_xlsx(wb)


def alias_table(kind: str, lang: str) -> pd.DataFrame:
    """The column names the import recognises for each field (besides the template's own)."""
    if kind == campaign_file.KIND:
        return pd.DataFrame({
            t("dp.col.field", lang): [t(f"camp.col.{f}", lang) for f in campaign_file.FIELDS],
            t("dp.col.aliases", lang): ["、".join(campaign_file.ALIASES[f]) for f in campaign_file.FIELDS],
        })
    fields = (("name", "unit", "county", "township", "role", "position", "wechat", "phone", "gender", "birth",
               "branch", "category", "joined", "status") if kind == "roster"
              else ("date", "period", "name", "unit", "type", "platform", "count", "title", "link", "note"))
    return pd.DataFrame({
        t("dp.col.field", lang): [column_label(f, lang) for f in fields],
        t("dp.col.aliases", lang): ["、".join(FIELD_ALIASES[f]) for f in fields],
    })


TEMPLATES = {ROSTER_TEMPLATE: roster_template, ACTIVITY_TEMPLATE: activity_template,
             CAMPAIGN_TEMPLATE: campaign_template}


def write_templates(folder: Path = TEMPLATE_DIR) -> list[Path]:
    """Write every template into ``folder`` (data/templates/ ships them with the repo)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, build in TEMPLATES.items():
        path = folder / name
        path.write_bytes(build())
        paths.append(path)
    return paths
