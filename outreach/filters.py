"""What the viewer asked to see, and the one codec between it and the outside world.

:class:`Filters` is a month range and optional county/unit/category/role lists (an empty list means all).
:class:`ViewState` is what a page's address carries: the filters, the period preset they came from, the
language and the 队伍 page's drill-down county. :func:`to_params` writes it as query parameters
(``?preset=custom&from=2014-05&to=2014-09&county=福安市&unit=福安市/城南镇团委&lang=en&drill=福安市``) and
:func:`from_params` reads them back against what the data offers (:class:`Facets`), dropping what it does
not know. The command line reads the same things through :func:`parse_period` and :func:`resolve_units`,
which share their month and unit readers with the URL.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from outreach.i18n import DEFAULT_LANG, LANGS, t
from outreach.ingest.issues import ImportRefused, Issue
from outreach.periods import PRESETS, add_months, preset_range
from outreach.units import split_unit_key
from outreach.vocab import ROLES

FAR_PAST = dt.date(1900, 1, 1)
FAR_FUTURE = dt.date(2999, 12, 1)

# The query parameters of a page's address, in the order they are written.
PARAMS: tuple[str, ...] = ("preset", "from", "to", "county", "unit", "category", "role", "lang", "drill")
QueryParams = Mapping[str, str | Sequence[str]]

_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


def month_start(d: dt.date) -> dt.date:
    return d.replace(day=1)


@dataclass(frozen=True)
class Filters:
    month_from: dt.date = FAR_PAST
    month_to: dt.date = FAR_FUTURE
    counties: tuple[str, ...] = field(default_factory=tuple)
    units: tuple[str, ...] = field(default_factory=tuple)
    categories: tuple[str, ...] = field(default_factory=tuple)
    roles: tuple[str, ...] = field(default_factory=tuple)

    def params(self) -> dict[str, object]:
        """Bound parameters shared by the named queries; an empty list means "all"."""
        return {
            "month_from": self.month_from,
            "month_to": self.month_to,
            "counties": list(self.counties) or None,
            "units": list(self.units) or None,
            "categories": list(self.categories) or None,
            "roles": list(self.roles) or None,
        }

    def previous(self) -> Filters:
        """The same filters over the period of equal length just before this one."""
        months = (self.month_to.year - self.month_from.year) * 12 + self.month_to.month - self.month_from.month + 1
        return Filters(add_months(self.month_from, -months), add_months(self.month_from, -1),
                       self.counties, self.units, self.categories, self.roles)


# --- months: the URL's from/to and the CLI's --period ------------------------------------------------------

def month_of(text: str | None) -> dt.date | None:
    """`2014-08` or `2014-8` → 1 Aug 2014; anything else → None."""
    m = _MONTH.fullmatch((text or "").strip())
    if m and 1 <= int(m[2]) <= 12:
        return dt.date(int(m[1]), int(m[2]), 1)
    return None


def month_text(d: dt.date) -> str:
    return f"{d:%Y-%m}"


def parse_period(text: str | None) -> tuple[dt.date, dt.date]:
    """`2014-08` → Aug 2014; `2014` → Jan–Dec 2014; `2014-05:2014-09` → May–Sep; None → all time."""
    if not text:
        return FAR_PAST, FAR_FUTURE
    value = text.strip()
    first, colon, last = value.partition(":")
    start = month_of(first)
    end = month_of(last) if colon else start
    if start and end and end >= start:
        return start, end
    if re.fullmatch(r"\d{4}", value):
        return dt.date(int(value), 1, 1), dt.date(int(value), 12, 1)
    raise ImportRefused(Issue("err.bad_period_arg", "error", "--period", params={"value": text}))


def parse_month(text: str) -> dt.date:
    start, end = parse_period(text)
    if start != end:
        raise ImportRefused(Issue("err.bad_period_arg", "error", "--period", params={"value": text}))
    return start


def period_range(preset: str, months: Sequence[str], start: str | None = None,
                 end: str | None = None) -> tuple[dt.date, dt.date]:
    """The months a preset stands for, anchored on ``months`` (those holding data, 'YYYY-MM', oldest
    first); for "custom", ``start``..``end`` where the data has them (else its first/last month)."""
    if not months:
        return FAR_PAST, FAR_FUTURE
    first, latest = month_of(months[0]), month_of(months[-1])
    if preset != "custom":
        return preset_range(preset, first, latest)
    a = month_of(start) if start in months else first
    b = month_of(end) if end in months else latest
    return (a, b) if a <= b else (b, a)


# --- units: a key ('福安市/城南镇团委') or, from an old link or the CLI, a name alone --------------------------

def unit_matches(value: str, known: Sequence[str], counties: Sequence[str] = ()) -> list[str]:
    """The unit keys of ``known`` that ``value`` may stand for: itself when it is a key, else the units of
    that name (in ``counties`` when given)."""
    if value in known:
        return [value]
    return [k for k in known if split_unit_key(k)[1] == value
            and (not counties or (split_unit_key(k)[0] or "") in counties)]


class AmbiguousUnit(ValueError):
    """A ``--unit`` name that units of several counties share, with no ``--county`` to choose."""

    def __init__(self, name: str, keys: list[str]) -> None:
        super().__init__(f"unit name {name!r} is shared by {keys}")
        self.name, self.keys = name, keys

    def message(self, lang: str) -> str:
        sep = "、" if lang == "zh" else ", "
        return t("rep.cli.unit_ambiguous", lang, unit=self.name, n=len(self.keys), keys=sep.join(self.keys),
                 example=self.keys[0])


def resolve_units(known: Sequence[str], asked: Sequence[str], counties: Sequence[str] = ()) -> tuple[str, ...]:
    """The unit keys the CLI's ``--unit`` values stand for: a key of ``known`` as it is; a name, the one unit
    of that name (in ``counties`` when given). A name no known unit has is kept (it selects nothing).
    Raises :class:`AmbiguousUnit` for a name that more than one unit has. (The URL, which cannot ask
    back, drops both: :func:`from_params`.)"""
    resolved: list[str] = []
    for value in asked:
        found = unit_matches(value, known, counties)
        if len(found) > 1:
            raise AmbiguousUnit(value, sorted(found))
        resolved.append(found[0] if found else value)
    return _unique(resolved)


def cli_filters(period: str | None = None, counties: Iterable[str] = (), categories: Iterable[str] = (),
                roles: Iterable[str] = ()) -> Filters:
    """The filters of the CLI's ``--period``, ``--county``, ``--category`` and ``--role`` (values kept as
    given: an unknown one selects nothing). ``--unit`` needs the units the data has: :func:`resolve_units`."""
    start, end = parse_period(period)
    return Filters(start, end, _unique(counties), (), _unique(categories), _unique(roles))


# --- the URL --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Facets:
    """What the data offers to filter by (outreach.queries.filter_facets): a URL value outside it is dropped."""

    months: tuple[str, ...] = ()  # 'YYYY-MM', oldest first
    counties: tuple[str, ...] = ()
    units: tuple[str, ...] = ()  # unit keys
    categories: tuple[str, ...] = ()
    roles: tuple[str, ...] = ROLES

    @classmethod
    def of(cls, facets: Mapping[str, Sequence[str]]) -> Facets:
        return cls(*(tuple(facets.get(name, ())) for name in ("month", "county", "unit", "category")))

    def units_in(self, counties: Sequence[str]) -> tuple[str, ...]:
        """The units of ``counties`` (all units when none is chosen)."""
        if not counties:
            return self.units
        return tuple(u for u in self.units if (split_unit_key(u)[0] or "") in counties)

    def drillable(self, counties: Sequence[str]) -> tuple[str, ...]:
        """The counties the 队伍 page can drill into: the chosen ones (or all), and "" for units whose roster
        named no county while no county is chosen."""
        if counties:
            return tuple(counties)
        unknown = ("",) if any(split_unit_key(u)[0] is None for u in self.units) else ()
        return self.counties + unknown


@dataclass(frozen=True)
class ViewState:
    """What a page's address carries. ``lang`` None: not said; ``drill`` None: every county ("" is the
    units without a county)."""

    filters: Filters = field(default_factory=Filters)
    preset: str = "all"
    lang: str | None = None
    drill: str | None = None


def to_params(state: ViewState) -> dict[str, str | list[str]]:
    """The query parameters of ``state``: only what differs from the default view (no preset for all
    months, from/to only for a custom range, no lang for the default language)."""
    f = state.filters
    params: dict[str, str | list[str]] = {}
    if state.preset != "all":
        params["preset"] = state.preset
    if state.preset == "custom" and f.month_from != FAR_PAST:
        params["from"], params["to"] = month_text(f.month_from), month_text(f.month_to)
    for name, values in (("county", f.counties), ("unit", f.units), ("category", f.categories), ("role", f.roles)):
        if values:
            params[name] = list(values)
    if state.lang and state.lang != DEFAULT_LANG:
        params["lang"] = state.lang
    if state.drill is not None:
        params["drill"] = state.drill
    return params


def from_params(params: QueryParams, facets: Facets) -> ViewState:
    """The view a page's query parameters ask for (a value may be one string or a list). Values the data
    does not offer are dropped; so is a unit outside the chosen counties. A unit named by its name alone
    (a link from before units had counties) stands for its unit while only one unit has that name."""
    months = facets.months
    start, end = _last(params, "from"), _last(params, "to")
    preset = _last(params, "preset")
    if preset not in PRESETS:  # none said, or not one we know: a custom range when one is given
        preset = "custom" if start in months or end in months else "all"
    counties = _known(_values(params, "county"), facets.counties)
    choices = facets.units_in(counties)
    units = _unique(m[0] for v in _values(params, "unit") if len(m := unit_matches(v, choices)) == 1)
    f = Filters(*period_range(preset, months, start, end), counties, units,
                _known(_values(params, "category"), facets.categories), _known(_values(params, "role"), facets.roles))
    lang = _last(params, "lang")
    drill = _last(params, "drill")
    return ViewState(f, preset, lang if lang in LANGS else None,
                     drill if drill is not None and drill in facets.drillable(counties) else None)


def _values(params: QueryParams, name: str) -> list[str]:
    value = params.get(name)
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _last(params: QueryParams, name: str) -> str | None:
    """A single-valued parameter given more than once: the last one counts (as in st.query_params)."""
    values = _values(params, name)
    return values[-1] if values else None


def _known(values: Iterable[str], known: Sequence[str]) -> tuple[str, ...]:
    return _unique(v for v in values if v in known)


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))
