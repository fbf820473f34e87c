"""Masking personal data for screens and exports: phone numbers as 138****5678, ID-card numbers as
3502**********1234, names as 张*明.

Pages that show people (the 数据 page's previews, the meeting slides) pass values through here; the
database keeps the full values for matching. Free text (titles, reasons, notes, campaign names, file
names, the 汇报) goes through :func:`mask_text`, which finds phones and ID numbers inside any text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

# A run of 11 or more digits is a phone number (or what is left of one) wherever it appears in text;
# dates (20140801) and Excel serials (41852) are shorter and stay readable.
_LONG_DIGITS = re.compile(r"\d{11,}")
_DIGIT_RUN = re.compile(r"\d{7,}")
# A resident ID-card number: 17 digits and a check character (a digit or X), standing alone.
ID_CARD = re.compile(r"(?<!\d)\d{17}[\dXx](?![\dXx])")
# A mainland mobile number as people type it: 1[3-9] and nine more digits, optionally as 3-4-4 groups
# split by a space, hyphen or dot, optionally after +86 / 0086 / 86 / (+86). No digit on either side.
_SEP = r"(?:[ \t\u3000]*[-－–—.·][ \t\u3000]*|[ \t\u3000]+)?"
MOBILE = re.compile(rf"(?<!\d)(?P<prefix>(?:(?:[+＋]|00)?86|[(（][+＋]?86[)）]){_SEP})?"
                    rf"(?P<head>1[3-9]\d){_SEP}(?P<middle>\d{{4}}){_SEP}(?P<tail>\d{{4}})(?!\d)")


def _mask_digits(run: str) -> str:
    if len(run) >= 11:
        return run[:3] + "*" * (len(run) - 7) + run[-4:]
    return run[:3] + "*" * (len(run) - 5) + run[-2:]  # 7–10 digits: a phone missing digits


def mask_phone(value: object) -> str:
    """`13812345678` → `138****5678`, `+86 138-1234-5678` → `+86 138****5678`. Any run of seven or more
    digits in the value is masked the same way (a mistyped 10- or 12-digit number is still somebody's
    phone); empty values give ``""``."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    text = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))  # a phone stored as a number
    return _DIGIT_RUN.sub(lambda m: _mask_digits(m.group()), _mask_patterns(text))


def mask_name(value: object) -> str:
    """`张晓明` → `张*明`, `张明` → `张*`, `欧阳晓明` → `欧**明`; one character is left as is."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    text = str(value).strip()
    if len(text) <= 1:
        return text
    if len(text) == 2:
        return text[0] + "*"
    return text[0] + "*" * (len(text) - 2) + text[-1]


def _mask_id(m: re.Match) -> str:
    run = m.group()
    return run[:4] + "*" * (len(run) - 8) + run[-4:]


def _mask_mobile(m: re.Match) -> str:
    prefix = m.group("prefix") or ""
    return f"{prefix}{m.group('head')}****{m.group('tail')}"


def _mask_patterns(text: str) -> str:
    return MOBILE.sub(_mask_mobile, ID_CARD.sub(_mask_id, text))


def mask_text(text: object) -> str:
    """Free text (a title, a reason, a note, a name, a file name, the 汇报) with personal numbers masked
    wherever they stand in it:

    - an ID-card number (17 digits and a digit or X) keeps its first four and last four characters:
      `350211199001011234` → `3502**********1234`;
    - a mobile number keeps its first three and last four digits, typed with separators or a country
      code or not: `13812345678`, `138 1234 5678`, `138-1234-5678` → `138****5678`, `+86 13812345678`
      → `+86 138****5678`;
    - any other run of 11 or more digits is masked like a phone (first three, last four);
    dates (20140801), counts and Excel serials are shorter and stay as they are."""
    if text is None or (isinstance(text, float) and text != text) or text is pd.NA:
        return ""
    return _LONG_DIGITS.sub(lambda m: _mask_digits(m.group()), _mask_patterns(str(text)))


def mask_frame(df: pd.DataFrame, phone_columns: tuple[str, ...] = (), text_columns: tuple[str, ...] = (),
               name_columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """A copy of ``df`` with the named columns masked; every other text column gets :func:`mask_text`,
    so a phone typed into a note or a name column does not slip through."""
    out = df.copy()
    for column in out.columns:
        if column in phone_columns:
            out[column] = _map_distinct(out[column], mask_phone)
        elif column in name_columns:
            out[column] = _map_distinct(out[column], mask_name)
        elif column in text_columns or out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = _map_distinct(out[column], _mask_if_text)
    return out


def _mask_if_text(value: object) -> object:
    return value if value is None or not isinstance(value, str) else mask_text(value)


def _map_distinct(values: pd.Series, fn: Callable[[object], object]) -> pd.Series:
    """``values.map(fn)`` with ``fn`` called once per distinct text: 280,000 silent members at province
    scale are a few thousand units and counties, and a regex per cell took 3 s."""
    if not pd.api.types.is_string_dtype(values):  # mixed cells (1 and True are one dict key): cell by cell
        return values.map(fn)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    masked = [fn(u) for u in uniques]
    # The cells as a NumPy object array: iterating an Arrow-backed column yields one Python object per
    # cell through pandas (1.5 µs each), which was most of this function at 280,000 rows × 5 columns.
    cells = values.to_numpy(dtype=object)
    out = [masked[c] if c >= 0 else fn(v) for c, v in zip(codes.tolist(), cells, strict=True)]  # -1: missing
    return pd.Series(out, index=values.index, name=values.name, dtype=object).infer_objects()
