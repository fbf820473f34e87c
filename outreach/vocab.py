"""Controlled vocabularies: activity types, platforms, roles, and the words offices use for them.

Codes are English and stable (they are stored in DuckDB ENUMs and printed by the CLI); the Chinese
labels shown to people live in the translation table (outreach.i18n) under ``type.<code>`` etc.
"""

from __future__ import annotations

# Order matters: it is the order of legends, stacks and table columns everywhere.
ACTIVITY_TYPES: tuple[str, ...] = (
    "repost",
    "comment",
    "original",
    "opinion_report",
    "rebuttal",
    "training",
    "meeting",
    "like",
)

PLATFORMS: tuple[str, ...] = (
    "wechat",
    "weibo",
    "qq",
    "douyin",
    "xuexi",
    "toutiao",
    "kuaishou",
    "forum",
    "other",
)

ROLES: tuple[str, ...] = ("member", "core", "liaison")

# One colour per activity type and per platform, on every page and in every export.
TYPE_COLOURS: dict[str, str] = {
    "repost": "#c0392b",
    "comment": "#2874a6",
    "original": "#d68910",
    "opinion_report": "#7d3c98",
    "rebuttal": "#17a589",
    "training": "#5d6d7e",
    "meeting": "#a04000",
    "like": "#e59866",
}
PLATFORM_COLOURS: dict[str, str] = {
    "wechat": "#27ae60",
    "weibo": "#e67e22",
    "qq": "#2e86c1",
    "douyin": "#212f3d",
    "xuexi": "#c0392b",
    "toutiao": "#cb4335",
    "kuaishou": "#f4d03f",
    "forum": "#8e44ad",
    "other": "#95a5a6",
}

# Words seen in real headers and cells, longest first where one contains another. Matched against
# NFKC-normalised text with spaces removed.
TYPE_WORDS: tuple[tuple[str, str], ...] = (
    ("舆情", "opinion_report"),
    ("辟谣", "rebuttal"),
    ("培训", "training"),
    ("学习", "training"),
    ("三会一课", "meeting"),
    ("会议", "meeting"),
    ("原创", "original"),
    ("作品", "original"),
    ("发帖", "original"),
    ("转发", "repost"),
    ("转载", "repost"),
    ("分享", "repost"),
    ("评论", "comment"),
    ("跟帖", "comment"),
    ("留言", "comment"),
    ("点赞", "like"),
)

PLATFORM_WORDS: tuple[tuple[str, str], ...] = (
    ("学习强国", "xuexi"),
    ("今日头条", "toutiao"),
    ("头条", "toutiao"),
    ("朋友圈", "wechat"),
    ("公众号", "wechat"),
    ("视频号", "wechat"),
    ("微信", "wechat"),
    ("微博", "weibo"),
    ("QQ", "qq"),
    ("抖音", "douyin"),
    ("快手", "kuaishou"),
    ("论坛", "forum"),
    ("贴吧", "forum"),
    ("其他", "other"),
    ("其它", "other"),
)

ROLE_WORDS: tuple[tuple[str, str], ...] = (
    ("联络员", "liaison"),
    ("骨干", "core"),
    ("网宣员", "member"),
    ("宣传员", "member"),
    ("队员", "member"),
    ("成员", "member"),
)

# Member categories (类别) are the roster's own words and stay so in the data, the filters and Chinese.
# Those commonly used get an English name (i18n ``category.<code>``); any other word is shown as it
# is, like a unit's name. Matched whole, after NFKC and without spaces.
CATEGORY_WORDS: tuple[tuple[str, str], ...] = (
    ("团干部", "league_cadre"),
    ("共青团干部", "league_cadre"),
    ("团员", "league_member"),
    ("共青团员", "league_member"),
    ("网络阅评员", "online_reviewer"),
    ("网络评论员", "online_commentator"),
    ("网评员", "online_commentator"),
    ("青年教师", "young_teacher"),
    ("教师", "teacher"),
    ("大学生志愿者", "student_volunteer"),
    ("青年志愿者", "youth_volunteer"),
    ("志愿者", "volunteer"),
    ("大学生", "student"),
    ("学生", "student"),
    ("离退休干部", "retired_cadre"),
    ("退休干部", "retired_cadre"),
    ("机关干部", "government_staff"),
    ("党员", "party_member"),
)
CATEGORY_CODES: tuple[str, ...] = tuple(dict.fromkeys(code for _, code in CATEGORY_WORDS))


def category_code(text: str) -> str | None:
    """The code of a category word the table knows (团干部 → league_cadre), or None."""
    import unicodedata

    key = "".join(unicodedata.normalize("NFKC", text).split())
    return next((code for word, code in CATEGORY_WORDS if word == key), None)


def _first_match(text: str, words: tuple[tuple[str, str], ...]) -> str | None:
    upper = text.upper()
    for word, code in words:
        if word.upper() in upper:
            return code
    return None


def type_of(text: str) -> str | None:
    """The activity type named in a header or cell (`转发微信（条）` → repost), or None.

    Platform names are taken out first, so that 学习强国 is a platform and not 学习 (training).
    """
    upper = text.upper()
    for word, _ in PLATFORM_WORDS:
        upper = upper.replace(word.upper(), " ")
    return _first_match(upper, TYPE_WORDS) or _code_of(text, ACTIVITY_TYPES)


def platform_of(text: str) -> str | None:
    """The platform named in a header or cell (`转发微信（条）` → wechat), or None."""
    return _first_match(text, PLATFORM_WORDS) or _code_of(text, PLATFORMS)


def role_of(text: str) -> str | None:
    return _first_match(text, ROLE_WORDS) or _code_of(text, ROLES)


def _code_of(text: str, codes: tuple[str, ...]) -> str | None:
    """English codes typed as-is (exports of our own files, the CLI)."""
    lowered = text.strip().lower()
    return lowered if lowered in codes else None


# Adoption levels (采用级别), highest first: an item adopted several times counts once, at the highest.
ADOPTION_LEVELS: tuple[str, ...] = ("central", "province", "city", "county")

# Words naming a level, in a 采用级别 cell or a wide header (`舆情信息被省级采用（条）`); checked in order,
# so 省 is found before 市 in `省市`. An outlet's name (中国文明网, 湖北文明网) names its level the same way.
ADOPTION_WORDS: tuple[tuple[str, str], ...] = (
    ("中央", "central"), ("国家", "central"), ("全国", "central"), ("中办", "central"), ("国办", "central"),
    ("中国", "central"), ("人民网", "central"), ("新华", "central"),
    ("省", "province"), ("市", "city"), ("地级", "city"), ("县", "county"), ("区级", "county"),
)


def adoption_level_of(text: str) -> str | None:
    """The adoption level named in a cell or header (`省级` → province, `被市级以上采用` → city), or None."""
    return _first_match(text, ADOPTION_WORDS) or _code_of(text, ADOPTION_LEVELS)


def adoption_header(text: str) -> str | None:
    """The level of a wide summary's adoption column (`舆情信息被省级采用（条）` → province), else None.
    `市级以上` counts as city: every such item was adopted at least by a city outlet."""
    if "采用" not in text and "采纳" not in text:
        return None
    return _first_match(text, ADOPTION_WORDS)
