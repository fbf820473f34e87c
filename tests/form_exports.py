"""Small 问卷星 / 腾讯问卷 exports written by hand for the tests and the demo; never calls our parser.

The layouts copy the real tools: 问卷星's fixed leading columns (序号 … 来自IP), `1、您的姓名 ` titles,
`┋`-joined multi-selects (按文本) or one 0/1 column per option with −2/−3 for "not shown" (按序号);
腾讯问卷's UTF-8 with BOM, every field quoted, a trailing comma on each line, `02-Sep-2014 07:44:08` dates
and one column per multi-select option (`6.本月参加的活动:参加培训`).
"""

from __future__ import annotations

import io

import openpyxl

# Metadata the tests look for in every table: it must never be stored.
IP = "220.160.11.23"
UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 7_1) MicroMessenger/5.4"
OPENID = "oGZUI0egBJY1zhBYw2KhdUfwVJJE"
NICK = "晓明不是小明"
SOURCE_DETAIL = "https://www.wjx.cn/jq/3456789.aspx"

WJX_HEAD = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP"]


def wjx_text_xlsx() -> bytes:
    """问卷星 按文本 .xlsx, month from the submit time: 张晓明 answered twice for August (the later one counts)."""
    head = [*WJX_HEAD, "1、您的姓名 ", "2、您所在的单位", "3、县区", "4、本月转发微信（条）", "5、本月转发微博（条）",
            "6、本月参加的活动", "7、网络评论（条）"]
    rows = [
        head,
        [1, "2014/08/20 09:15:02", "528秒", "微信", SOURCE_DETAIL, f"{IP}(福建-宁德)", "张晓明", "蕉城团区委", "蕉城区",
         "3", "1", "参加培训", "2"],
        [2, "2014/08/28 21:40:11", "301秒", "微信", SOURCE_DETAIL, f"{IP}(福建-宁德)", "李红", "蕉城团区委", "蕉城区",
         "4", "0", "参加培训┋线上会议", "0"],
        [3, "2014/08/30 18:03:45", "122秒", "手机提交", SOURCE_DETAIL, f"{IP}(福建-宁德)", "张晓明", "蕉城团区委",
         "蕉城区", "5", "2", "线上会议┋其他〖读书会〗", "1"],
    ]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def wjx_number_csv() -> bytes:
    """问卷星 按序号 .csv in GBK with a 月份 question; −2/−3 mean "not shown"."""
    head = [*WJX_HEAD, "1、您的姓名", "2、所在单位", "3、月份", "4、转发微信（条）", "5、舆情信息（条）",
            "第6题(参加培训)", "第6题(线上会议)", "第6题(其他【请注明】)"]
    rows = [
        head,
        ["1", "2014/09/02 08:00:00", "95秒", "链接", SOURCE_DETAIL, IP, "王芳", "福安团市委", "2014年8月", "6", "-3",
         "1", "0", "0"],
        ["2", "2014/09/02 08:30:00", "80秒", "链接", SOURCE_DETAIL, IP, "陈刚", "福安团市委", "2014年8月", "-2", "2",
         "-2", "-2", "-2"],
    ]
    return "\r\n".join(",".join(r) for r in rows).encode("gbk") + b"\r\n"


TENCENT_HEAD = ["编号", "开始答题时间", "结束答题时间", "答题时长", "地理位置国家和地区", "地理位置省", "地理位置市",
                "用户类型", "用户标识", "昵称", "自定义字段", "IP", "UA", "Referrer"]


def tencent_csv(rows: list[list[str]] | None = None) -> bytes:
    """腾讯问卷 .csv: BOM, every field quoted, a trailing comma on each line."""
    head = [*TENCENT_HEAD, "1.您的姓名", "2.所在单位", "3.县区", "4.本月转发微信（条）", "5.原创作品（篇）",
            "6.本月参加的活动:参加培训", "6.本月参加的活动:线上会议"]
    if rows is None:
        rows = [
            ["1", "31-Aug-2014 20:01:13", "31-Aug-2014 20:07:44", "391", "中国", "福建", "宁德", "微信用户", OPENID,
             NICK, "", IP, UA, "https://wj.qq.com/", "林小燕", "霞浦团县委", "霞浦县", "7", "1", "参加培训", ""],
            ["2", "02-Sep-2014 07:40:00", "02-Sep-2014 07:44:08", "248", "中国", "福建", "宁德", "微信用户",
             OPENID + "X", NICK, "", IP, UA, "https://wj.qq.com/", "郑伟", "霞浦团县委", "霞浦县", "2", "0", "",
             "线上会议"],
        ]
    lines = [",".join(f'"{v}"' for v in row) + "," for row in [head, *rows]]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


DEMO_FILE = "腾讯问卷_9月线上学习会议签到.csv"


def demo_export() -> bytes:
    """The demo's form export (data/samples/, last in ORDER.txt): 市直机关团工委's September online-meeting
    sign-in through 腾讯问卷. 阮文东 signed in twice: the later answer counts. 3 meetings in all; it reports
    线上会议 only, so it replaces no other type of the unit's September log."""
    head = [*TENCENT_HEAD, "1.您的姓名", "2.所在单位", "3.本月参加的活动:线上会议"]
    answers = [
        ("1", "26-Sep-2014 19:30:05", "钟雯", "线上会议"),
        ("2", "26-Sep-2014 19:31:40", "雷锋志", "线上会议"),
        ("3", "26-Sep-2014 19:35:12", "阮文东", ""),
        ("4", "27-Sep-2014 08:02:51", "阮文东", "线上会议"),
    ]
    rows = [[n, when, when, "95", "中国", "福建", "宁德", "微信用户", f"oDemo{n}openid", f"昵称{n}", "", "", "", "",
             name, "市直机关团工委", meeting] for n, when, name, meeting in answers]
    lines = [",".join(f'"{v}"' for v in row) + "," for row in [head, *rows]]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


if __name__ == "__main__":  # python tests/form_exports.py: rewrite the demo's form export
    from pathlib import Path

    (Path(__file__).resolve().parent.parent / "data" / "samples" / DEMO_FILE).write_bytes(demo_export())
