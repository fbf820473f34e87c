"""The evaluation rubric (考评细则): a TOML file read into frozen dataclasses, checked as a whole.

Every problem found is reported at once, as a translation key with parameters and the line of the
file it is on (tomllib gives no positions after parsing, so lines are found again in the text), so an
admin fixing an upload sees every mistake in one go, in Chinese.
"""

from __future__ import annotations

import hashlib
import math
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from outreach.i18n import t
from outreach.vocab import ACTIVITY_TYPES, ADOPTION_LEVELS, PLATFORMS

DEFAULT_RUBRIC = Path(__file__).resolve().parent.parent.parent / "data" / "rubrics" / "default.toml"

MEASURES = ("team_building", "action_points", "active_rate", "event_attendance")
METHODS = ("best", "minmax", "target")
BASES = ("members", "active_members")
TEAM_PARTS = ("headcount", "core", "liaison", "completeness")
BAND_CODES = ("five", "four", "three", "two", "one")
COMMEND_GROUPS = ("county", "unit", "all")
DEFAULT_PARTS = {"headcount": 40.0, "core": 20.0, "liaison": 20.0, "completeness": 20.0}

_TOP_KEYS = {"name", "name_en", "per_capita", "max_bonus", "max_penalty", "indicator", "band", "commendation"}
_INDICATOR_KEYS = {"key", "name", "name_en", "weight", "measure", "method", "target", "note", "points", "caps",
                   "platform_bonus", "per_capita", "parts", "types", "default_expected_members", "adoption",
                   "adoption_once"}
_BAND_KEYS = {"code", "max_share", "min_score"}
_COMMEND_KEYS = {"top_n", "per", "min_months_active", "min_points"}
_KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str
    weight: float
    measure: str
    method: str
    target: float | None = None
    note: str = ""
    points: dict[str, float] = field(default_factory=dict)  # action_points: type → points per action
    caps: dict[str, int] = field(default_factory=dict)  # type → most actions counted per member per month
    platform_bonus: dict[str, float] = field(default_factory=dict)  # platform → extra points per action
    per_capita: bool = True
    parts: dict[str, float] = field(default_factory=dict)  # team_building: part → weight
    types: tuple[str, ...] = ()  # event_attendance
    default_expected_members: int | None = None
    name_en: str = ""  # the indicator's English name, if the file gives one (name_en = "Team building")
    # action_points: type → level → points per adopted item (采用级别, issue 14); empty = no adoption points
    adoption: dict[str, dict[str, float]] = field(default_factory=dict)
    adoption_once: bool = True  # an item adopted several times (same link or title) counts once, at its highest

    def title(self, lang: str | None = None) -> str:
        """The name shown: ``name_en`` in English when the file gives one, else ``name`` as written."""
        return self.name_en if lang == "en" and self.name_en else self.name


@dataclass(frozen=True)
class Band:
    code: str
    max_share: float  # cumulative: this band and every better one together
    min_score: float | None = None


@dataclass(frozen=True)
class CommendationRule:
    top_n: int = 3
    per: str = "county"
    min_months_active: int = 1
    min_points: float = 0.0


@dataclass(frozen=True)
class Rubric:
    name: str
    text: str
    per_capita: str
    indicators: tuple[Indicator, ...]
    bands: tuple[Band, ...]
    commendation: CommendationRule
    max_bonus: float | None = None
    max_penalty: float | None = None
    version_id: int | None = None  # None: the default shipped with the app
    name_en: str = ""  # the rubric's English name, if the file gives one

    def title(self, lang: str | None = None) -> str:
        """The name shown: ``name_en`` in English when the file gives one, else ``name`` as written."""
        return self.name_en if lang == "en" and self.name_en else self.name

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def indicator(self, key: str) -> Indicator:
        return next(i for i in self.indicators if i.key == key)

    def type_points(self) -> dict[str, float]:
        """Points per action of each type over every action_points indicator (a type is in one only)."""
        return {k: v for i in self.indicators if i.measure == "action_points" for k, v in i.points.items()}

    def adoption_points(self) -> dict[tuple[str, str], float]:
        """Points per adopted item of each (type, level) over every action_points indicator."""
        return {(code, level): pts for i in self.indicators if i.measure == "action_points"
                for code, levels in i.adoption.items() for level, pts in levels.items()}

    def type_caps(self) -> dict[str, int]:
        return {k: v for i in self.indicators if i.measure == "action_points" for k, v in i.caps.items()}


@dataclass(frozen=True)
class Problem:
    code: str
    line: int | None = None
    params: dict[str, object] = field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        text = t(self.code, lang, **self.params)
        return text if self.line is None else t("eval.err.at_line", lang, line=self.line, text=text)


class RubricError(ValueError):
    """The rubric file cannot be used; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.message("en") for p in problems))
        self.problems = problems

    def message(self, lang: str | None = None) -> str:
        return "\n".join(p.message(lang) for p in self.problems)


def default_text() -> str:
    return DEFAULT_RUBRIC.read_text(encoding="utf-8")


def default_rubric() -> Rubric:
    return parse(default_text())


def parse(text: str, version_id: int | None = None) -> Rubric:
    """The rubric in ``text``; raises RubricError listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise RubricError([Problem("eval.err.toml", int(match[1]) if match else None,
                                   {"detail": str(exc)})]) from None
    check = _Checker(text)
    rubric = check.rubric(data, version_id)
    if check.problems:
        raise RubricError(check.problems)
    return replace(rubric, text=text)


class _Checker:
    """Reads the parsed TOML, noting each problem with the line it is on."""

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.problems: list[Problem] = []

    # --- where a key is ------------------------------------------------------------------------------
    def _table_start(self, table: str | None, index: int) -> int:
        """0-based line of the ``index``-th ``[[table]]`` header (or of ``[table]``), 0 for the top."""
        if table is None:
            return 0
        pattern = re.compile(rf"^\s*\[\[?\s*{re.escape(table)}\s*\]\]?\s*(#.*)?$")
        starts = [n for n, line in enumerate(self.lines) if pattern.match(line)]
        return starts[index] if index < len(starts) else 0

    def line(self, table: str | None, index: int, key: str | None = None) -> int | None:
        """1-based line of ``key`` inside the ``index``-th ``table`` (the header itself without a key)."""
        start = self._table_start(table, index)
        if key is None:
            return start + 1 if table else None
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for n in range(start + (1 if table else 0), len(self.lines)):
            text = self.lines[n]
            if table is None and text.lstrip().startswith("["):
                break
            if n > start and table and re.match(rf"^\s*\[\[?\s*{re.escape(table)}\s*\]\]?", text):
                break  # the next element of the same array
            if pattern.match(text):
                return n + 1
        return start + 1 if table else None

    def add(self, message_key: str, line: int | None, **params: object) -> None:
        self.problems.append(Problem(message_key, line, params))

    # --- value checks --------------------------------------------------------------------------------
    def missing(self, value: object, where: tuple, key: str) -> bool:
        if value is None:
            self.add("eval.err.missing", self.line(*where, key), key=key)
        return value is None

    def number(self, value: object, where: tuple, key: str, minimum: float = 0.0, strict: bool = False,
               maximum: float | None = None) -> float | None:
        if self.missing(value, where, key):
            return None
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        ok = ok and (value > minimum if strict else value >= minimum) and (maximum is None or value <= maximum)
        if not ok:
            code = "eval.err.positive" if strict else "eval.err.non_negative"
            if maximum is not None:
                code = "eval.err.share"
            self.add(code, self.line(*where, key), key=key, value=value)
            return None
        return float(value)

    def whole(self, value: object, where: tuple, key: str, minimum: int = 0) -> int | None:
        if self.missing(value, where, key):
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            self.add("eval.err.whole", self.line(*where, key), key=key, value=value, minimum=minimum)
            return None
        return value

    def choice(self, value: object, allowed: tuple[str, ...], where: tuple, key: str) -> str | None:
        if self.missing(value, where, key):
            return None
        if value not in allowed:
            self.add("eval.err.choice", self.line(*where, key), key=key, value=value,
                     allowed=" / ".join(allowed))
            return None
        return str(value)

    def unknown_keys(self, table: dict, allowed: set[str], where: tuple) -> None:
        for key in sorted(set(table) - allowed):
            self.add("eval.err.unknown_key", self.line(*where, key), key=key, allowed="、".join(sorted(allowed)))

    def code_table(self, value: object, codes: tuple[str, ...], where: tuple, key: str,
                   whole: bool = False) -> dict:
        """A table such as ``points = {repost = 1}`` whose keys are vocabulary codes."""
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.add("eval.err.table", self.line(*where, key), key=key)
            return {}
        out = {}
        for code, amount in value.items():
            if code not in codes:
                self.add("eval.err.code", self.line(*where, key), key=key, value=code, allowed=" / ".join(codes))
                continue
            checked = self.whole(amount, where, code, 1) if whole else self.number(amount, where, code)
            if checked is not None:
                out[code] = checked
        return out

    # --- the rubric ----------------------------------------------------------------------------------
    def rubric(self, data: dict, version_id: int | None) -> Rubric:
        top = (None, 0)
        self.unknown_keys(data, _TOP_KEYS, top)
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            self.add("eval.err.name", None)
            name = ""
        per_capita = self.choice(data.get("per_capita", "members"), BASES, top, "per_capita") or "members"
        caps = {k: self.number(data[k], top, k) for k in ("max_bonus", "max_penalty") if k in data}
        raw = data.get("indicator")
        if not isinstance(raw, list) or not raw:
            self.add("eval.err.no_indicators", None)
            raw = []
        indicators = tuple(ind for n, item in enumerate(raw) if (ind := self.indicator(item, n)) is not None)
        self.whole_rubric(indicators, len(raw))
        bands = self.bands(data.get("band"))
        rule = self.commendation(data.get("commendation", {}))
        return Rubric(name.strip(), "", per_capita, indicators, bands, rule, caps.get("max_bonus"),
                      caps.get("max_penalty"), version_id, self.english_name(data, top))

    def whole_rubric(self, indicators: tuple[Indicator, ...], declared: int) -> None:
        keys = [i.key for i in indicators]
        for key in sorted({k for k in keys if keys.count(k) > 1}):
            self.add("eval.err.duplicate_key", None, key=key)
        if len(indicators) == declared and declared:
            total = sum(i.weight for i in indicators)
            if abs(total - 100) > 1e-6:
                self.add("eval.err.weights", None, total=f"{total:g}")
        seen: dict[str, str] = {}
        for ind in indicators:
            for code in ind.points:
                if code in seen:
                    self.add("eval.err.type_twice", None, type=t(f"type.{code}"), first=seen[code], second=ind.key)
                seen.setdefault(code, ind.key)

    def indicator(self, item: object, n: int) -> Indicator | None:
        where = ("indicator", n)
        if not isinstance(item, dict):
            self.add("eval.err.table", self.line(*where), key="indicator")
            return None
        before = len(self.problems)
        self.unknown_keys(item, _INDICATOR_KEYS, where)
        key = item.get("key")
        if not isinstance(key, str) or not _KEY_PATTERN.fullmatch(key):
            self.add("eval.err.indicator_key", self.line(*where, "key"), value=key, n=n + 1)
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            self.add("eval.err.indicator_name", self.line(*where, "name"), n=n + 1)
        weight = self.number(item.get("weight"), where, "weight", strict=True)
        measure = self.choice(item.get("measure"), MEASURES, where, "measure")
        method = self.choice(item.get("method"), METHODS, where, "method")
        target = None
        if method == "target":
            target = self.number(item.get("target"), where, "target", strict=True)
        details = self.measure_details(item, measure, where)
        if len(self.problems) > before:
            return None
        note = item.get("note", "")
        return Indicator(key, name.strip(), weight, measure, method, target, str(note), **details,
                         name_en=self.english_name(item, where))

    def english_name(self, table: dict, where: tuple) -> str:
        """The optional ``name_en``: a text, or "" (a non-text value is reported)."""
        value = table.get("name_en", "")
        if not isinstance(value, str):
            self.add("eval.err.text", self.line(*where, "name_en"), key="name_en")
            return ""
        return value.strip()

    def measure_details(self, item: dict, measure: str | None, where: tuple) -> dict:
        if measure == "action_points":
            points = self.code_table(item.get("points"), ACTIVITY_TYPES, where, "points")
            if not points:
                self.add("eval.err.no_points", self.line(*where, "points"))
            caps = self.code_table(item.get("caps", {}), ACTIVITY_TYPES, where, "caps", whole=True)
            for code in caps.keys() - points.keys():
                self.add("eval.err.cap_without_points", self.line(*where, "caps"), type=t(f"type.{code}"))
            bonus = self.code_table(item.get("platform_bonus", {}), PLATFORMS, where, "platform_bonus")
            per_capita = item.get("per_capita", True)
            if not isinstance(per_capita, bool):
                self.add("eval.err.bool", self.line(*where, "per_capita"), key="per_capita")
            once = item.get("adoption_once", True)
            if not isinstance(once, bool):
                self.add("eval.err.bool", self.line(*where, "adoption_once"), key="adoption_once")
            return {"points": points, "caps": caps, "platform_bonus": bonus, "per_capita": per_capita is True,
                    "adoption": self.adoption(item.get("adoption"), where), "adoption_once": once is not False}
        if measure == "team_building":
            parts = self.code_table(item.get("parts", DEFAULT_PARTS), TEAM_PARTS, where, "parts")
            if not any(parts.values()):
                self.add("eval.err.no_parts", self.line(*where, "parts"))
            expected = item.get("default_expected_members")
            if expected is not None:
                expected = self.whole(expected, where, "default_expected_members", 1)
            return {"parts": parts, "default_expected_members": expected}
        if measure == "event_attendance":
            types = item.get("types", ["training", "meeting"])
            if not isinstance(types, list) or not types or any(c not in ACTIVITY_TYPES for c in types):
                self.add("eval.err.types", self.line(*where, "types"), allowed=" / ".join(ACTIVITY_TYPES))
                return {}
            return {"types": tuple(dict.fromkeys(types))}
        return {}

    def adoption(self, value: object, where: tuple) -> dict[str, dict[str, float]]:
        """``[indicator.adoption]`` with one table per type: ``opinion_report = {central = 3, province = 2}``."""
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.add("eval.err.table", self.line(*where, "adoption"), key="adoption")
            return {}
        out = {}
        for code, levels in value.items():
            if code not in ACTIVITY_TYPES:
                self.add("eval.err.code", self.line(*where, code), key="adoption", value=code,
                         allowed=" / ".join(ACTIVITY_TYPES))
                continue
            table = self.code_table(levels, ADOPTION_LEVELS, where, code)
            if table:
                out[code] = table
        return out

    def bands(self, raw: object) -> tuple[Band, ...]:
        if not isinstance(raw, list) or not raw:
            self.add("eval.err.no_bands", None)
            return ()
        bands: list[Band] = []
        for n, item in enumerate(raw):
            where = ("band", n)
            if not isinstance(item, dict):
                self.add("eval.err.table", self.line(*where), key="band")
                continue
            self.unknown_keys(item, _BAND_KEYS, where)
            code = self.choice(item.get("code"), BAND_CODES, where, "code")
            share = self.number(item.get("max_share"), where, "max_share", strict=True, maximum=1.0)
            floor = self.number(item["min_score"], where, "min_score") if "min_score" in item else None
            if code is None or share is None:
                continue
            if bands and share < bands[-1].max_share:
                self.add("eval.err.share_order", self.line(*where, "max_share"), band=t(f"eval.band.{code}"))
            if bands and BAND_CODES.index(code) <= BAND_CODES.index(bands[-1].code):
                self.add("eval.err.band_order", self.line(*where, "code"), band=t(f"eval.band.{code}"))
            bands.append(Band(code, share, floor))
        return tuple(bands)

    def commendation(self, raw: object) -> CommendationRule:
        where = ("commendation", 0)
        if not isinstance(raw, dict):
            self.add("eval.err.table", None, key="commendation")
            return CommendationRule()
        self.unknown_keys(raw, _COMMEND_KEYS, where)
        base = CommendationRule()
        top_n = self.whole(raw.get("top_n", base.top_n), where, "top_n", 1)
        per = self.choice(raw.get("per", base.per), COMMEND_GROUPS, where, "per")
        months = self.whole(raw.get("min_months_active", base.min_months_active), where, "min_months_active", 0)
        points = self.number(raw.get("min_points", base.min_points), where, "min_points")
        return CommendationRule(top_n or base.top_n, per or base.per, base.min_months_active if months is None
                                else months, base.min_points if points is None else points)
