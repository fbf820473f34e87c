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
    "filter.custom_range": ("自定义月份范围", "Custom month range"),
    "preset.all": ("全部月份", "All months"),
    "preset.this_month": ("本月（最新月份）", "This month (latest)"),
    "preset.last_month": ("上月", "Last month"),
    "preset.this_quarter": ("本季度", "This quarter"),
    "preset.this_year": ("本年度", "This year"),
    "preset.last_12": ("近12个月", "Last 12 months"),
    "preset.custom": ("自定义…", "Custom…"),
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
    "ov.period_caption_first": (
        "统计期间：{span}；「本月」指 {month}。更早没有数据，所以不显示变化。",
        "Period: {span}; 'this month' is {month}. There is no earlier data, so no changes are shown.",
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
    "team.short_core": ("骨干少于规定人数的单位：{units}", "Units short of core members: {units}"),
    "team.over_core": ("骨干多于规定人数的单位：{units}", "Units with more core members than allowed: {units}"),
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
    # --- activity
    "act.trend": ("工作量趋势", "Activity trend"),
    "act.grain": ("时间粒度", "Grain"),
    "act.grain.month": ("按月", "Monthly"),
    "act.grain.week": ("按周", "Weekly"),
    "act.by": ("分类", "Split by"),
    "act.by.type": ("按类型", "By type"),
    "act.by.platform": ("按平台", "By platform"),
    "act.view": ("显示", "Show"),
    "act.view.count": ("数量", "Counts"),
    "act.view.share": ("占比", "Share"),
    "act.week_note": (
        "按周统计只包含填写了具体日期的记录（月度汇总表没有日期）。",
        "Weekly figures include only rows with a date (monthly summary sheets have none).",
    ),
    "act.counties": ("各县区对比", "Counties compared"),
    "act.measure": ("指标", "Measure"),
    "act.measure.actions": ("工作量", "Actions"),
    "act.measure.per_member": ("人均工作量", "Actions per member"),
    "act.measure.active_rate": ("本月活跃率", "Active rate"),
    "act.rate_note": (
        "人均与活跃率以当月花名册人数为分母（{month}）。",
        "Per-member figures and rates use the roster as it stood in {month}.",
    ),
    "act.events": ("培训与线上会议", "Training and online meetings"),
    "act.event_type": ("类型", "Type"),
    "act.held_on": ("日期", "Date"),
    "act.event_title": ("名称", "Title"),
    "act.event_units": ("参加单位数", "Units"),
    "act.attendees": ("参加人次", "Attendances"),
    "act.calendar": ("每日工作量日历", "Daily activity calendar"),
    "act.calendar_none": (
        "所选期间没有带具体日期的记录，无法画日历（月度汇总表没有日期）。",
        "No dated rows in this period (monthly summaries carry no dates).",
    ),
    "chart.week_of": ("周（周一日期）", "Week of"),
    **{f"weekday.{i}": (zh, en) for i, (zh, en) in enumerate(zip(
        ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
        ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), strict=True))},
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
    # --- data page -------------------------------------------------------------------------------
    "dp.tab_upload": ("上传", "Upload"),
    "dp.tab_history": ("导入记录", "Import history"),
    "dp.tab_quality": ("数据质量", "Data quality"),
    "dp.tab_templates": ("模板", "Templates"),
    "dp.uploader": (
        "上传花名册或工作台账（可一次选多个文件）",
        "Upload rosters or activity logs (several files at once is fine)",
    ),
    "dp.uploader_help": (
        "支持 Excel（.xlsx、.xlsm、.xls）和 CSV。上传后先预览，确认后才写入数据库。",
        "Excel (.xlsx, .xlsm, .xls) and CSV. Files are previewed first; nothing is saved until you confirm.",
    ),
    "dp.upload_hint": (
        "建议先导入花名册，再导入工作台账，工作量才能对应到人。同一单位同一月份再次导入时，会替换原有数据，不会重复计算。",
        "Import rosters before logs so activity matches people. Importing a unit's month again replaces the "
        "earlier rows; nothing is counted twice.",
    ),
    "dp.user": ("导入人", "Imported by"),
    "dp.user_placeholder": ("例如：团市委 王芳", "e.g. City office, Wang Fang"),
    "dp.user_help": (
        "写进导入记录，方便以后查是谁导入或撤销的。",
        "Recorded in the import history, so you can see who imported or undid a file.",
    ),
    "dp.reading": ("正在读取文件…", "Reading the files…"),
    "dp.confirm_all": ("全部确认导入（{n} 个文件）", "Confirm all ({n} files)"),
    "dp.confirm_all_hint": (
        "按花名册在前、工作台账按月份先后的顺序导入，每个文件一个批次。",
        "Rosters first, then logs by month; each file becomes its own batch.",
    ),
    "dp.kind": ("表格类型", "Kind"),
    "dp.period": ("统计月份", "Month"),
    "dp.period_auto": ("按文件识别", "As found in the file"),
    "dp.period_help": (
        "表里没有日期或月份列时，工作量记在这个月份。自动识别不对时，在这里改。",
        "The month for sheets without a date or month column. Change it if the detected month is wrong.",
    ),
    "dp.detected_kind": ("识别为：{kind}", "Detected: {kind}"),
    "dp.chosen_kind": ("按{kind}读取（手动选择）", "Read as {kind} (your choice)"),
    "dp.detected_period": ("文件中的月份：{text}", "Month in the file: {text}"),
    "dp.chosen_period": ("已改为：{month}", "Changed to: {month}"),
    "dp.period_none": ("未找到", "not found"),
    "dp.period_found": ("{months}（来自{source}）", "{months} (from the {source})"),
    "dp.period_import_date": ("未找到，按导入当月（{month}）记", "not found; the import month ({month}) is used"),
    "dp.month_range": ("{first}—{last}，共 {n} 个月", "{first}–{last}, {n} months"),
    "dp.source.title": ("标题", "title"),
    "dp.source.sheet": ("工作表名", "sheet name"),
    "dp.source.file": ("文件名", "file name"),
    "dp.source.column": ("日期/月份列", "date or month column"),
    "dp.source.given": ("手动选择", "your choice"),
    "dp.source.import_date": ("导入日期", "import date"),
    "dp.m_accepted": ("可导入（行）", "Accepted rows"),
    "dp.m_accepted_help": ("确认后会写入的数据行。", "Rows that will be saved when you confirm."),
    "dp.m_refused": ("拒绝（行）", "Refused rows"),
    "dp.m_refused_help": (
        "有错误、不会导入的行（如姓名为空、类型不认识）。原因见问题清单。",
        "Rows with an error that will not be imported (empty name, unknown type …). See the issue list.",
    ),
    "dp.m_flagged": ("需留意（行）", "Flagged rows"),
    "dp.m_flagged_help": (
        "会导入，但有提示：如手机号无效、在花名册中找不到对应人员。",
        "Imported, with a warning: an invalid phone, no matching roster member, …",
    ),
    "dp.m_duplicate": ("重复（行）", "Duplicate rows"),
    "dp.m_duplicate_help": (
        "与同一工作表中另一行完全相同，只计一次。",
        "Identical to another row of the same sheet; counted once.",
    ),
    "dp.read_summary": (
        "共读取 {rows} 行数据，得到 {records} 条记录；工作表：{sheets}；涉及 {units} 个单位。",
        "Data rows read: {rows}; records: {records}; sheets: {sheets}; units: {units}.",
    ),
    "dp.already": (
        "这个文件已于 {when} 导入过（批次 #{batch}，文件「{file}」），内容完全相同，无需再次导入。"
        "如需重新导入，请先在「导入记录」中撤销该批次。",
        "This file was already imported on {when} (batch #{batch}, '{file}'); its content is identical. "
        "To import it again, undo that batch under Import history first.",
    ),
    "dp.nothing": (
        "「{file}」没有可导入的数据行：所有行都被拒绝了。请按问题清单修改后重新上传。",
        "'{file}' has no rows to import: every row was refused. Fix the issues listed and upload it again.",
    ),
    "dp.preview_rows": ("数据预览：前 {n} 条（共 {total} 条）", "Preview: first {n} of {total} records"),
    "dp.confirm": ("确认导入", "Confirm import"),
    "dp.confirm_hint": (
        "确认后写入数据库，成为一个导入批次；导错了可以在「导入记录」中撤销。",
        "Saves the file as one import batch; it can be undone under Import history.",
    ),
    "dp.confirm_disabled": ("这个文件不能导入，原因见上方。", "This file cannot be imported; see above."),
    "dp.unmatched_n": ("有 {n} 行在花名册中找不到对应人员。", "Rows matching no roster member: {n}."),
    "dp.unmatched_m": (
        "有 {m} 行在同一单位有同名人员，无法确定是哪一位。",
        "Rows matching several namesakes in their unit: {m}.",
    ),
    "dp.unmatched_tail": (
        "这些行仍会导入并计入工作量，标为「未匹配」，可在「数据质量」中查看。",
        "They are still imported and counted, flagged unmatched; see Data quality.",
    ),
    "dp.unmatched_rows": ("未匹配的行（{n} 行）", "Unmatched rows ({n})"),
    "dp.replaces": (
        "将替换 {n} 个「单位 + 月份」的已有工作量数据（以这个文件为准，不会重复计算）。",
        "Replaces earlier activity of unit-months: {n} (this file wins; nothing is counted twice).",
    ),
    "dp.replaces_table": ("将被替换的数据（{n} 个单位月份）", "Data to be replaced ({n} unit-months)"),
    "dp.roster_effect": (
        "将更新 {units} 个单位的花名册（其中 {known} 个单位已有花名册）：新增 {new} 人，{gone} 人不在新名单中"
        "（将标为退出，其历史工作量保留）。",
        "Updates the rosters of {units} units ({known} already on file): {new} new people; {gone} no longer "
        "listed (marked as left; their history is kept).",
    ),
    "dp.roster_table": ("各单位人员变化", "Changes by unit"),
    "dp.issues": (
        "问题清单：{n} 条（错误 {errors}，提示 {warnings}）",
        "Issues: {n} ({errors} errors, {warnings} warnings)",
    ),
    "dp.report_download": ("下载问题清单（Excel）", "Download the issue list (Excel)"),
    "dp.report_sheet": ("问题清单", "Issues"),
    "dp.report_title": ("「{file}」导入问题清单", "Import issues of '{file}'"),
    "dp.report_file": ("{stem}_问题清单.xlsx", "{stem}_issues.xlsx"),
    "dp.importing": ("正在导入 {n} 个文件…", "Importing {n} files…"),
    "dp.importing_file": ("正在写入「{file}」…", "Saving '{file}'…"),
    "dp.import_done": ("导入完成", "Import finished"),
    "dp.import_failed": ("导入失败，数据库未改变", "Import failed; nothing was changed"),
    "dp.commit_error": (
        "导入「{file}」时出错，数据库未改变：{detail}",
        "Importing '{file}' failed; nothing was changed: {detail}",
    ),
    "dp.imported": (
        "已导入「{file}」：批次 #{batch}，{kind}，接受 {accepted} 行，拒绝 {refused} 行，需留意 {flagged} 行。"
        "可在「导入记录」中查看或撤销。",
        "Imported '{file}': batch #{batch}, {kind}, {accepted} rows accepted, {refused} refused, {flagged} flagged. "
        "See or undo it under Import history.",
    ),
    "dp.already_done": (
        "「{file}」已导入过（批次 #{batch}），内容相同，未重复导入。",
        "'{file}' was already imported (batch #{batch}); nothing changed.",
    ),
    "dp.no_history": ("还没有导入过任何文件。", "Nothing has been imported yet."),
    "dp.history_caption": (
        "共 {n} 个导入批次，其中 {active} 个有效（最新的在最上面）。",
        "{n} import batches, {active} in effect (newest first).",
    ),
    "dp.batch_detail": ("批次详情与撤销", "Batch details and undo"),
    "dp.pick_batch": ("选择批次", "Batch"),
    "dp.batch_no_issues": ("这个批次导入时没有发现问题。", "No issues were found in this batch."),
    "dp.batch_only_unmatched": (
        "这个批次没有错误；有 {n} 行在花名册中找不到对应人员，见「数据质量」。",
        "No errors in this batch; {n} rows match no roster member (see Data quality).",
    ),
    "dp.badge_ready": ("可以导入", "Ready"),
    "dp.badge_ready_issues": ("可以导入，有提示", "Ready, with notes"),
    "dp.badge_duplicate": ("已导入过", "Already imported"),
    "dp.badge_refused": ("无法读取", "Refused"),
    "dp.badge_nothing": ("没有可导入的行", "Nothing to import"),
    "dp.roster_gone_check": (
        "如果这只是部分名单，请先补全再导入。",
        " If this is only part of the list, complete it before importing.",
    ),
    "dp.reverted_info": ("这个批次已于 {when} 撤销（撤销人：{who}）。", "This batch was undone on {when} (by {who})."),
    "dp.undo_title": ("撤销批次 #{batch}", "Undo batch #{batch}"),
    "dp.undo_explain_activity": (
        "撤销后，这个批次导入的工作量全部删除；被它替换的早先数据会恢复。",
        "Undoing deletes the activity this batch brought in; earlier data it replaced comes back.",
    ),
    "dp.undo_explain_roster": (
        "撤销后，这个批次的花名册作废，各单位人员恢复为此前的花名册；工作量会重新对应到人。",
        "Undoing drops this roster; each unit's members revert to the earlier roster and activity is re-matched.",
    ),
    "dp.undo_confirm": ("确认撤销批次 #{batch}「{file}」", "Yes, undo batch #{batch} '{file}'"),
    "dp.undo": ("撤销", "Undo"),
    "dp.undo_not_active": ("批次 #{batch} 已经撤销过了。", "Batch #{batch} has already been undone."),
    "dp.undone": ("已撤销批次 #{batch}「{file}」。", "Batch #{batch} '{file}' was undone."),
    "dp.quality_caption": (
        "以下清单按侧栏的县区、单位筛选；未匹配记录还按统计期间筛选。",
        "These lists follow the sidebar's counties and units; unmatched records also follow the period.",
    ),
    "dp.q_unmatched": ("未匹配的工作量记录", "Unmatched activity"),
    "dp.q_unmatched_none": ("所有工作量记录都已对应到花名册人员。", "Every activity record matches a roster member."),
    "dp.q_unmatched_caption": (
        "{n} 组记录在花名册中找不到对应人员（或有同名无法区分）。这些记录已计入工作量；"
        "补全花名册或更正台账中的姓名、单位后重新导入即可对应。",
        "{n} groups of records match no roster member (or several). They are counted; fix the roster or the "
        "names and units in the log and import again to match them.",
    ),
    "dp.q_limited": ("（只显示前 {n} 组）", " (first {n} shown)"),
    "dp.q_gaps": ("联系方式不全的人员", "Members with missing contact details"),
    "dp.q_gaps_none": ("在册人员的手机号和微信名都已填写。", "Every member has a phone number and a WeChat name."),
    "dp.q_gaps_caption": (
        "{units} 个单位有人员缺手机号或微信名。",
        "{units} units have members without a phone or WeChat name.",
    ),
    "dp.q_dupes": ("可能重复的人员", "Possible duplicate members"),
    "dp.q_dupes_none": ("没有发现在多个单位重复登记的人员。", "Nobody appears on the rosters of two units."),
    "dp.q_dupes_caption": (
        "{n} 人的姓名和手机号相同，却登记在不同单位，请核实是否重复。",
        "{n} people share name and phone number across units; check whether they are duplicates.",
    ),
    "dp.csv_download": ("下载清单（CSV）", "Download list (CSV)"),
    "dp.file_unmatched": ("未匹配的工作量记录", "unmatched_activity"),
    "dp.file_incomplete": ("联系方式不全的人员", "missing_contacts"),
    "dp.file_duplicates": ("可能重复的人员", "possible_duplicates"),
    "dp.templates_caption": (
        "各单位按模板填写最省事。已有自己的表格也可以直接上传：系统认得常见的列名，见下方「也认这些列名」。",
        "Filling in a template is easiest, but your own sheets work too: common column names are recognised.",
    ),
    "dp.template_roster": (
        "一行一人。姓名、单位必填；角色填 网宣员 / 骨干 / 联络员。第 2 行是示例，请替换。",
        "One row per member. Name and unit are required; role is 网宣员 / 骨干 / 联络员. Row 2 is an example.",
    ),
    "dp.template_activity": (
        "一行记一项工作（或一人一类一个数量）。日期、姓名、单位、类型必填，数量不填按 1 计。第 2–5 行是示例。",
        "One row per action (or per member and type with a count). Date, name, unit and type are required; "
        "count defaults to 1. Rows 2–5 are examples.",
    ),
    "dp.template_download": ("下载 {file}", "Download {file}"),
    "dp.aliases": ("也认这些列名", "Other column names recognised"),
    "dp.col.field": ("字段", "Field"),
    "dp.col.aliases": ("可用的列名", "Column names"),
    "dp.col.severity": ("类别", "Severity"),
    "dp.col.sheet": ("工作表", "Sheet"),
    "dp.col.row": ("行", "Row"),
    "dp.col.column": ("列", "Column"),
    "dp.col.message": ("说明", "Message"),
    "dp.col.earlier_file": ("原文件", "Earlier file"),
    "dp.col.batch": ("批次", "Batch"),
    "dp.col.current": ("现有人数", "Now"),
    "dp.col.incoming": ("新名单人数", "Incoming"),
    "dp.col.new": ("新增", "New"),
    "dp.col.gone": ("不在新名单", "Not listed"),
    "dp.col.match": ("情况", "Status"),
    "dp.col.file": ("文件", "File"),
    "dp.col.kind": ("类型", "Kind"),
    "dp.col.period": ("期间", "Period"),
    "dp.col.units": ("单位数", "Units"),
    "dp.col.accepted": ("接受", "Accepted"),
    "dp.col.refused": ("拒绝", "Refused"),
    "dp.col.flagged": ("需留意", "Flagged"),
    "dp.col.who": ("导入人", "By"),
    "dp.col.when": ("导入时间", "When"),
    "dp.col.status": ("状态", "Status"),
    "dp.col.records": ("记录数", "Records"),
    "dp.col.actions": ("工作量", "Actions"),
    "dp.col.file_name": ("来自文件", "From file"),
    "dp.col.other_units": ("同名人员所在单位", "Namesakes in units"),
    "dp.col.members": ("在册人数", "Members"),
    "dp.col.no_phone": ("缺手机号", "No phone"),
    "dp.col.no_wechat": ("缺微信名", "No WeChat name"),
    "dp.col.unit_list": ("登记单位", "Units listed in"),
    "dp.match.unmatched": ("花名册中没有", "Not on roster"),
    "dp.match.ambiguous": ("同名无法区分", "Several namesakes"),
    "dp.match.matched": ("已对应", "Matched"),
    "dp.batch_status.active": ("有效", "In effect"),
    "dp.batch_status.reverted": ("已撤销", "Undone"),
    # --- campaigns -------------------------------------------------------------------------------
    "kind.campaign": ("专项活动", "Campaigns"),
    "dp.tab_campaigns": ("专项活动", "Campaigns"),
    "dp.undo_explain_campaign": (
        "撤销后，这个批次登记的专项活动从列表和趋势图上删除；手工录入或其他文件也登记过的同一活动仍保留。",
        "Undoing removes the campaigns this batch brought in; one also entered by hand or by another file "
        "stays.",
    ),
    "camp.intro": (
        "专项活动（宣传节点）是一段有名称的时间，例如「国庆65周年网络宣传」2014-09-20 至 2014-10-07。"
        "它们在总览和活动页的趋势图上显示为浅色竖条，便于对照工作量的起落。",
        "A campaign is a named stretch of time, e.g. National Day outreach 2014-09-20 to 2014-10-07. "
        "Campaigns appear as light bands on the trend charts of the Overview and Activity pages.",
    ),
    "camp.form_title": ("新增专项活动", "Add a campaign"),
    "camp.name": ("名称", "Name"),
    "camp.name_placeholder": ("例如：国庆65周年网络宣传", "e.g. National Day outreach"),
    "camp.starts": ("开始日期", "Start date"),
    "camp.ends": ("结束日期", "End date"),
    "camp.note": ("备注（可不填）", "Note (optional)"),
    "camp.submit": ("保存", "Save"),
    "camp.added": ("已登记专项活动「{name}」（{starts} 至 {ends}）。", "Campaign '{name}' ({starts} to {ends}) saved."),
    "camp.err_name_empty": ("请填写专项活动的名称。", "Enter the campaign's name."),
    "camp.err_name_long": (
        "名称有 {length} 个字，最多 {n} 个字；更多说明请写在备注里。",
        "the name has {length} characters, at most {n} are allowed; put the rest in the note.",
    ),
    "camp.err_no_start": ("请选择开始日期。", "Pick the start date."),
    "camp.err_no_end": ("请选择结束日期。", "Pick the end date."),
    "camp.err_end_before_start": (
        "结束日期 {ends} 早于开始日期 {starts}，请检查。",
        "the end date {ends} is before the start date {starts}.",
    ),
    "camp.err_duplicate": (
        "「{name}」（{starts} 至 {ends}）已经登记过了，不用重复添加。",
        "'{name}' ({starts} to {ends}) is already on record.",
    ),
    "camp.upload_hint": (
        "也可以批量导入：在「上传」页签上传 Excel 或 CSV 文件，列为 名称 / 开始日期 / 结束日期 / 备注"
        "（备注可不填；模板在「模板」页签）。上传的文件是一个导入批次，可在「导入记录」中撤销。",
        "Many at once: upload an Excel or CSV file with the columns 名称 / 开始日期 / 结束日期 / 备注 "
        "(note optional; template in the Templates tab) on the Upload tab. It becomes an import batch "
        "that can be undone in the Import history.",
    ),
    "camp.list_title": ("已登记的专项活动", "Campaigns on record"),
    "camp.none": ("还没有登记专项活动。", "No campaigns yet."),
    "camp.list_caption": ("共 {n} 个，按开始日期从新到旧排列。", "{n} campaigns, newest first."),
    "camp.col.name": ("名称", "Name"),
    "camp.col.starts": ("开始日期", "Start"),
    "camp.col.ends": ("结束日期", "End"),
    "camp.col.days": ("天数", "Days"),
    "camp.col.note": ("备注", "Note"),
    "camp.col.source": ("来源", "Source"),
    "camp.col.who": ("录入人", "Entered by"),
    "camp.col.when": ("录入时间", "Entered at"),
    "camp.col.status": ("导入后", "On import"),
    "camp.col.sheet": ("工作表", "Sheet"),
    "camp.col.row_no": ("行号", "Row"),
    "camp.source_form": ("手工录入", "Entered by hand"),
    "camp.source_batch": ("文件导入（批次 #{batch}）", "Uploaded (batch #{batch})"),
    "camp.source_more": ("（共 {n} 处登记）", " ({n} sources)"),
    "camp.delete_title": ("删除专项活动", "Delete a campaign"),
    "camp.pick": ("选择要删除的专项活动", "Campaign to delete"),
    "camp.delete_confirm": (
        "确认删除「{name}」（{starts} 至 {ends}）",
        "Yes, delete '{name}' ({starts} to {ends})",
    ),
    "camp.delete_from_batch": (
        "它是随文件「{file}」导入的（批次 #{batch}）：在这里删除后不再显示，导入记录里的批次仍保留；"
        "也可以在「导入记录」中撤销整个批次。",
        "It came with the file '{file}' (batch #{batch}): deleting it here hides it while the batch stays in "
        "the history; undoing the whole batch in the Import history also works.",
    ),
    "camp.delete": ("删除", "Delete"),
    "camp.deleted": ("已删除专项活动「{name}」。", "Campaign '{name}' deleted."),
    "camp.delete_gone": ("这个专项活动已经不在了，可能刚被别人删除。", "That campaign is gone already."),
    "camp.status_new": ("新增", "New"),
    "camp.status_known": ("已登记过，仍只显示一次", "Already on record; shown once"),
    "camp.preview_new": ("确认后将登记 {n} 个新的专项活动。", "Confirming records {n} new campaigns."),
    "camp.preview_known": (
        "另有 {n} 个已经登记过，确认后仍只显示一次。",
        " {n} more are already on record and stay shown once.",
    ),
    "camp.option": ("{name}（{starts} 至 {ends}）", "{name} ({starts} to {ends})"),
    "camp.template": (
        "一行一个专项活动：名称、开始日期、结束日期必填，备注可不填。第 2 行是示例，请替换。",
        "One row per campaign: name, start and end dates required, note optional. Row 2 is an example.",
    ),
    "camp.band_hover": ("{name}<br>{starts} 至 {ends}", "{name}<br>{starts} to {ends}"),
    "err.campaign_no_header": (
        "前 {scan} 行中找不到专项活动表的表头：表头行应包含 {columns} 三列，备注可不填。",
        "no campaign header in the first {scan} rows: it must contain the columns {columns} (note optional).",
    ),
    "err.campaign_missing_column": (
        "表头中没有「{column}」列（也认：{aliases}）。专项活动表需要 {columns} 三列，备注可不填。",
        "the header has no '{column}' column (also recognised: {aliases}). A campaign list needs {columns}.",
    ),
    "row.campaign_no_name": ("名称为空，本行未导入。", "name is empty; row refused."),
    "row.campaign_name_long": (
        "名称有 {length} 个字，超过 {n} 个字，本行未导入。请缩短名称，说明写在备注里。",
        "the name has {length} characters, over {n}; row refused. Shorten it and use the note.",
    ),
    "row.campaign_no_date": ("{column}为空，本行未导入。", "{column} is empty; row refused."),
    "row.campaign_end_before_start": (
        "结束日期 {ends} 早于开始日期 {starts}，本行未导入。",
        "end date {ends} is before start date {starts}; row refused.",
    ),
    # (end of campaigns)
    # --- overview: top units, trained members ----------------------------------------------------
    "ov.trained_members": ("参训人数", "Trained"),
    "ov.per_capita": ("各单位人均工作量", "Actions per member by unit"),
    "ov.per_capita_note": (
        "人均工作量 = 期间工作量 ÷ {month} 花名册人数（与「队伍人数」同一口径）；并列时按单位名称排序，"
        "没有报送的单位按 0 计。",
        "Actions per member = actions in the period ÷ the roster of {month} (the same count as "
        "'Members'); ties go by unit name; units that reported nothing count as 0.",
    ),
    "ov.top": ("前{n}名", "Top {n}"),
    "ov.bottom": ("后{n}名", "Bottom {n}"),
    "ov.bottom_none": (
        "参加排名的单位只有 {n} 个，已全部列在左侧。",
        "Only {n} units are ranked; all of them are on the left.",
    ),
    "ov.unranked": (
        "未参加排名（期间有工作量，但 {month} 花名册上没有人员）：{units}",
        "Not ranked (actions in the period but nobody on the roster of {month}): {units}",
    ),
    "ov.per_member": ("人均工作量", "Actions per member"),
    "chart.download_data": ("下载数据", "Download data"),
    "chart.csv": ("CSV 文件", "CSV file"),
    "chart.xlsx": ("Excel 文件", "Excel file"),
    "chart.sheet": ("数据", "Data"),
    # Column headers of the files behind charts (outreach/chart_export.py): col.<column name>.
    "col.county": ("县区", "County"),
    "col.unit": ("单位", "Unit"),
    "col.units": ("单位数", "Units"),
    "col.members": ("人数", "Members"),
    "col.core": ("骨干", "Core members"),
    "col.liaison": ("联络员", "Liaisons"),
    "col.role": ("角色", "Role"),
    "col.category": ("类别", "Category"),
    "col.age_band": ("年龄段", "Age band"),
    "col.period": ("期间", "Period"),
    "col.type": ("类型", "Type"),
    "col.platform": ("平台", "Platform"),
    "col.actions": ("工作量", "Actions"),
    "col.active_members": ("活跃人数", "Active members"),
    "col.per_member": ("人均工作量", "Actions per member"),
    "col.per_capita": ("人均工作量", "Actions per member"),
    "col.active_rate": ("活跃率", "Active rate"),
    "col.rank": ("名次", "Rank"),
    "col.day": ("日期", "Date"),
    "col.weekday": ("星期", "Weekday"),
    "col.week": ("周（周一日期）", "Week of"),
    "team.view": ("显示方式", "View"),
    "team.view.bar": ("柱状图", "Bars"),
    "team.view.treemap": ("矩形树图", "Treemap"),
    "team.treemap_hint": (
        "点击县区方块查看该县区的单位；点击上方路径回到全部县区。",
        "Click a county to see its units; click the path above to go back to all counties.",
    ),
    "team.all_counties": ("全部县区", "All counties"),
    "fmt.list_sep": ("、", ", "),
    "fmt.list_more": ("等（另有 {more} 个）", " and {more} more"),
    # (end of overview extras)
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
