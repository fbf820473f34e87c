"""The one translation table. Every string a person reads comes from here: zh-CN first, English second.

Core code never formats a message itself: it records a key and parameters (see outreach.ingest.issues)
and the UI or CLI renders them in the viewer's language with :func:`t`.
"""

from __future__ import annotations

import os

DEFAULT_LANG = os.environ.get("OUTREACH_LANG", "zh")
LANGS = ("zh", "en")

# key: (zh, en)
TEXT: dict[str, tuple[str, str]] = {
    # --- app shell -------------------------------------------------------------------------------
    "app.title": ("网宣队伍看板", "Outreach team dashboard"),
    "page.overview": ("总览", "Overview"),
    "page.team": ("队伍", "Team"),
    "page.activity": ("活动", "Activity"),
    "page.evaluation": ("考评", "Evaluation"),
    "page.meeting": ("会议", "Meeting"),
    "page.data": ("数据", "Data"),
    "shell.menu": ("导航", "Menu"),
    "shell.language": ("语言 / Language", "语言 / Language"),
    "shell.filters": ("筛选", "Filters"),
    "shell.db_empty": (
        "数据库还是空的。可以先载入演示数据看看效果，或到「数据」页上传花名册和工作台账。",
        "The database is empty. Load the demo data to look around, or upload rosters and logs on the Data page.",
    ),
    "shell.load_demo": ("载入演示数据", "Load demo data"),
    "shell.demo_loaded": ("已载入演示数据：{batches} 个文件。", "Demo data loaded: {batches} files."),
    "shell.go_data": ("去上传数据", "Upload data"),
    "shell.loading_demo": ("正在载入演示数据…", "Loading demo data…"),
    "filter.period": ("统计期间", "Period"),
    "filter.all": ("全部", "All"),
    "chart.empty": (
        "当前筛选条件下没有数据。请放宽期间、县区或单位。",
        "No data for these filters. Widen the period, counties or units.",
    ),
    "chart.download": ("下载图表数据（CSV）", "Download chart data (CSV)"),
    # --- overview
    "ov.members": ("队伍人数", "Members"),
    "ov.units": ("单位数", "Units"),
    "ov.active_members": ("本月活跃人数", "Active this month"),
    "ov.active_rate": ("本月活跃率", "Active rate"),
    "ov.actions": ("工作量（条次）", "Actions"),
    "ov.opinion_reports": ("舆情报送", "Opinion reports"),
    "ov.by_county": ("各县区队伍人数", "Members by county"),
    "ov.trend": ("每月工作量（按类型）", "Actions per month by type"),
    "ov.freshness": ("数据报送情况", "Data freshness"),
    "ov.last_month": ("最近报送月份", "Latest month reported"),
    "ov.period_caption": (
        "统计期间：{span}。变化与上一个同长度期间相比；「本月」指 {month}。",
        "Period: {span}. Changes compare with the previous period of equal length; 'this month' is {month}.",
    ),
    "ov.all_reported": ("所有单位都已报送 {month} 的数据。", "Every unit has reported {month}."),
    "ov.not_reported": (
        "{n} 个单位还没有报送 {month} 的数据：{units}",
        "{n} units have not reported {month}: {units}",
    ),
    # --- team
    "team.by_county": ("各县区队伍人数", "Members by county"),
    "team.click_hint": ("点击柱条查看该县区的单位。", "Click a bar to see that county's units."),
    "team.units_of": ("{county} 各单位人数", "Units of {county}"),
    "team.units_all": ("各单位人数", "Members by unit"),
    "team.back": ("返回全部县区", "Back to all counties"),
    "team.roles": ("队伍角色", "Roles"),
    "team.categories": ("人员类别", "Categories"),
    "team.age": ("年龄结构", "Age structure"),
    "team.age_none": ("花名册中没有出生年月，无法统计年龄结构。", "No birth dates on the roster."),
    "team.quota": ("配备情况", "Quota coverage"),
    "team.quota_ok": ("所有单位都已配齐骨干和联络员。", "Every unit has its core members and liaison."),
    "team.no_liaison": ("没有联络员的单位：{units}", "Units without a liaison: {units}"),
    "team.short_core": ("骨干不足 {n} 人的单位：{units}", "Units with fewer than {n} core members: {units}"),
    "team.over_core": ("骨干超过 {n} 人的单位：{units}", "Units with more than {n} core members: {units}"),
    "team.under_quota": ("人数未达到配额的单位：{units}", "Units below their headcount quota: {units}"),
    "team.silent": ("沉默成员", "Silent members"),
    "team.silent_months": ("连续无活动月数", "Months without activity"),
    "team.silent_count": (
        "{n} 名成员在截至 {month} 的最近 {months} 个月没有任何活动记录。",
        "{n} members have no recorded activity in the {months} months up to {month}.",
    ),
    "team.last_active": ("最近活动月份", "Last active"),
    "team.completeness": ("花名册完整度", "Roster completeness"),
    "team.missing_phone": ("缺手机号", "No phone"),
    "team.missing_wechat": ("缺微信名", "No WeChat name"),
    "team.core": ("骨干", "Core"),
    "team.liaison": ("联络员", "Liaison"),
    "age.0": ("30岁以下", "Under 30"),
    "age.1": ("30—39岁", "30–39"),
    "age.2": ("40—49岁", "40–49"),
    "age.3": ("50—59岁", "50–59"),
    "age.4": ("60岁及以上", "60 and over"),
    "category.none": ("未填类别", "No category"),
    # --- vocabularies ----------------------------------------------------------------------------
    "type.repost": ("转发", "Reposts"),
    "type.comment": ("评论", "Comments"),
    "type.original": ("原创", "Original posts"),
    "type.opinion_report": ("舆情报送", "Opinion reports"),
    "type.rebuttal": ("辟谣", "Rebuttals"),
    "type.training": ("参加培训", "Training"),
    "type.meeting": ("线上会议", "Online meetings"),
    "type.like": ("点赞", "Likes"),
    "platform.wechat": ("微信", "WeChat"),
    "platform.weibo": ("微博", "Weibo"),
    "platform.qq": ("QQ", "QQ"),
    "platform.douyin": ("抖音", "Douyin"),
    "platform.xuexi": ("学习强国", "Xuexi"),
    "platform.toutiao": ("今日头条", "Toutiao"),
    "platform.kuaishou": ("快手", "Kuaishou"),
    "platform.forum": ("论坛", "Forums"),
    "platform.other": ("其他", "Other"),
    "role.member": ("网宣员", "Member"),
    "role.core": ("骨干", "Core member"),
    "role.liaison": ("联络员", "Liaison"),
    "kind.roster": ("花名册", "Roster"),
    "kind.activity": ("工作台账", "Activity log"),
    "kind.auto": ("自动识别", "Detect"),
    "field.name": ("姓名", "Name"),
    "field.unit": ("单位", "Unit"),
    "field.county": ("县区", "County"),
    "field.township": ("乡镇（街道）", "Township"),
    "field.role": ("角色", "Role"),
    "field.position": ("职务", "Position"),
    "field.wechat": ("微信名", "WeChat name"),
    "field.phone": ("手机号", "Phone"),
    "field.gender": ("性别", "Gender"),
    "field.birth": ("出生年月", "Born"),
    "field.branch": ("支部", "Branch"),
    "field.category": ("类别", "Category"),
    "field.joined": ("加入时间", "Joined"),
    "field.status": ("状态", "Status"),
    "field.date": ("日期", "Date"),
    "field.period": ("月份", "Month"),
    "field.type": ("类型", "Type"),
    "field.platform": ("平台", "Platform"),
    "field.count": ("数量", "Count"),
    "field.title": ("标题", "Title"),
    "field.link": ("链接", "Link"),
    "field.note": ("备注", "Note"),
    "status.active": ("在册", "Active"),
    "status.left": ("退出", "Left"),
    "county.none": ("未填县区", "No county"),
    # --- import: file-level faults (the whole file is refused) -----------------------------------
    "where.file": ("文件「{file}」", "File '{file}'"),
    "where.sheet": ("工作表「{sheet}」", "sheet '{sheet}'"),
    "where.row": ("第 {row} 行", "row {row}"),
    "where.column": ("{letter} 列「{header}」", "column {letter} '{header}'"),
    "err.empty_file": ("文件是空的（0 字节）。", "the file is empty (0 bytes)."),
    "err.too_large": (
        "文件有 {size_mb} MB，超过上限 {limit_mb} MB。请按县区或月份拆分后分别上传。",
        "the file is {size_mb} MB, over the {limit_mb} MB limit. Split it by county or month.",
    ),
    "err.not_spreadsheet": (
        "不是电子表格：文件内容看起来是 {what}。请上传 Excel（.xlsx / .xls）或 CSV 文件。",
        "not a spreadsheet: the content looks like {what}. Upload an Excel (.xlsx/.xls) or CSV file.",
    ),
    "err.encrypted": (
        "工作簿设置了打开密码，无法读取。请在 Excel 中打开，"
        "「文件 → 信息 → 保护工作簿 → 用密码进行加密」清空密码并保存后再上传。",
        "the workbook is password-protected. Remove the password in Excel "
        "(File → Info → Protect Workbook) and upload it again.",
    ),
    "err.unreadable": (
        "文件已损坏或格式不受支持，无法读取（{detail}）。请用 Excel 打开后另存为 .xlsx 再上传。",
        "the file is damaged or in an unsupported format ({detail}). Save it as .xlsx in Excel and retry.",
    ),
    "err.encoding": (
        "无法识别文本编码（已尝试 UTF-8、GB18030、UTF-16）。请在 Excel 中另存为「CSV UTF-8」后上传。",
        "unknown text encoding (tried UTF-8, GB18030, UTF-16). Save as 'CSV UTF-8' in Excel and retry.",
    ),
    "err.no_sheets": ("工作簿里没有任何有内容的工作表。", "the workbook has no sheet with content."),
    "err.no_header": (
        "前 {scan} 行中找不到表头。表头行应至少包含「姓名」列（也认：{name_aliases}），"
        "工作台账还应包含「类型」列或「转发微信（条）」这样的数量列。",
        "no header row in the first {scan} rows. It must contain a name column ({name_aliases}); "
        "an activity log also needs a type column or count columns like 转发微信（条）.",
    ),
    "err.missing_unit": (
        "表头（第 {row} 行）中没有「单位」列，工作表名和标题里也找不到单位或县区。"
        "请加一列「单位」（也认：{aliases}），或在标题下写一行「填报单位：XX」。",
        "the header (row {row}) has no unit column and neither the sheet name nor the title names a unit "
        "or county. Add a 单位 column ({aliases}) or a line 填报单位：XX under the title.",
    ),
    "err.missing_period": (
        "没有找到统计月份：表中没有「月份」或「日期」列，标题、工作表名、文件名里也没有年月。"
        "请在上传页选择月份（命令行用 --period 2014-08）。",
        "no period found: no month or date column, and no year-month in the title, sheet name or file "
        "name. Pick the month on the upload page (CLI: --period 2014-08).",
    ),
    "err.missing_activity": (
        "这是工作台账吗？表头（第 {row} 行）里既没有「类型」列，也没有「转发微信（条）」这样的数量列。",
        "is this an activity log? The header (row {row}) has neither a type column nor count columns.",
    ),
    "err.kind_unknown": (
        "无法判断是花名册还是工作台账，请在上传页手动选择类型（命令行用 --kind）。",
        "cannot tell roster from activity log; choose the kind (CLI: --kind).",
    ),
    "err.strict": (
        "严格模式：有 {n} 行存在问题，整个文件未导入。",
        "strict mode: {n} rows have problems, the whole file was refused.",
    ),
    "err.nothing_to_import": ("没有可导入的数据行。", "no data rows to import."),
    "err.bad_period_arg": (
        "月份「{value}」格式不对，应为 2014-08、2014 或 2014-05:2014-09。",
        "period '{value}' is not valid: use 2014-08, 2014 or 2014-05:2014-09.",
    ),
    # --- import: row-level faults (that row is refused) and warnings (row kept, flagged) ---------
    "row.missing_name": ("姓名为空，本行未导入。", "name is empty; row refused."),
    "row.missing_unit": ("单位为空，本行未导入。", "unit is empty; row refused."),
    "row.bad_count": (
        "数量「{value}」不是非负整数，本行未导入。",
        "count '{value}' is not a non-negative whole number; row refused.",
    ),
    "row.bad_date": (
        "日期「{value}」无法识别（可写 2014-07-01、2014/7/1、2014年7月、2014.07）。本行未导入。",
        "date '{value}' not understood (use 2014-07-01, 2014/7/1, 2014年7月 or 2014.07); row refused.",
    ),
    "row.no_period": (
        "没有日期或月份，整张表也找不到统计月份。本行未导入。",
        "no date or month, and the sheet has no period either; row refused.",
    ),
    "row.unknown_type": (
        "类型「{value}」不认识（可写：{expected}），本行未导入。",
        "type '{value}' unknown (expected one of: {expected}); row refused.",
    ),
    "warn.bad_phone": (
        "手机号「{value}」无效（应为 11 位数字，以 1 开头；科学计数法如 1.38E+10 已丢失数字），已留空。",
        "phone '{value}' is invalid (11 digits starting with 1; scientific notation like 1.38E+10 has "
        "lost digits); left blank.",
    ),
    "warn.bad_birth": ("出生年月「{value}」无法识别，已留空。", "birth date '{value}' not understood; left blank."),
    "warn.unknown_platform": (
        "平台「{value}」不认识，记为「其他」。",
        "platform '{value}' unknown; recorded as Other.",
    ),
    "warn.unknown_role": (
        "角色「{value}」不认识，按「网宣员」处理。",
        "role '{value}' unknown; treated as member.",
    ),
    "warn.duplicate_row": (
        "与第 {first} 行完全相同，只计一次。",
        "identical to row {first}; counted once.",
    ),
    "warn.unmatched": (
        "花名册中找不到「{unit}」的「{name}」，已导入并标为未匹配。",
        "no roster member '{name}' in '{unit}'; imported and flagged unmatched.",
    ),
    "warn.ambiguous": (
        "「{unit}」有 {n} 个同名的「{name}」，无法确定是哪一位，已导入并标为未匹配。",
        "'{unit}' has {n} members named '{name}'; imported and flagged ambiguous.",
    ),
    "warn.formula_no_value": (
        "单元格是公式但没有保存计算结果，按空值处理。请在 Excel 中打开并保存后再上传。",
        "formula cell without a saved result; read as empty. Open and save the file in Excel first.",
    ),
    "severity.error": ("错误", "Error"),
    "severity.warning": ("提示", "Warning"),
    # --- CLI -------------------------------------------------------------------------------------
    "cli.imported": (
        "已导入 {file}：{kind}，{period}，接受 {accepted} 行，拒绝 {rejected} 行，标记 {flagged} 行。",
        "imported {file}: {kind}, {period}, {accepted} rows accepted, {rejected} refused, {flagged} flagged.",
    ),
    "cli.already": (
        "{file} 已于 {when} 导入过（批次 {batch}），内容相同，未重复导入。",
        "{file} was already imported on {when} (batch {batch}); nothing changed.",
    ),
    "cli.refused": ("未导入任何文件。", "nothing was imported."),
    "cli.demo_not_empty": (
        "数据库里已有数据，演示数据只载入空数据库。",
        "the database already has data; the demo loads into an empty database only.",
    ),
}


def t(key: str, lang: str | None = None, /, **params: object) -> str:
    """The text for ``key`` in ``lang`` (zh by default), with ``{params}`` filled in."""
    pair = TEXT.get(key)
    if pair is None:
        return key
    text = pair[1 if (lang or DEFAULT_LANG) == "en" else 0]
    return text.format(**params) if params else text


def label(prefix: str, code: str | None, lang: str | None = None) -> str:
    """Display label of a vocabulary code, e.g. ``label("type", "repost") == "转发"``."""
    if code is None:
        return ""
    return t(f"{prefix}.{code}", lang)
