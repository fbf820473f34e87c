"""Masking personal data for screens: phone numbers as 138****5678, names as 张*明.

Pages that show people (the 数据 page's previews, the meeting slides) pass values through here; the
database keeps the full values for matching.
"""

from __future__ import annotations

import re

import pandas as pd

# A run of 11 or more digits is a phone number (or what is left of one) wherever it appears in text;
# dates (20140801) and Excel serials (41852) are shorter and stay readable.
_LONG_DIGITS = re.compile(r"\d{11,}")
_DIGIT_RUN = re.compile(r"\d{7,}")


def _mask_digits(run: str) -> str:
    if len(run) >= 11:
        return run[:3] + "*" * (len(run) - 7) + run[-4:]
    return run[:3] + "*" * (len(run) - 5) + run[-2:]  # 7–10 digits: a phone missing digits


def mask_phone(value: object) -> str:
    """`13812345678` → `138****5678`. Any run of seven or more digits in the value is masked the same
    way (a mistyped 10- or 12-digit number is still somebody's phone); empty values give ``""``."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    text = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))  # a phone stored as a number
    return _DIGIT_RUN.sub(lambda m: _mask_digits(m.group()), text)


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


def mask_text(text: object) -> str:
    """Free text (a message, a note, a file name) with every 11+-digit run masked as a phone."""
    if text is None or (isinstance(text, float) and text != text) or text is pd.NA:
        return ""
    return _LONG_DIGITS.sub(lambda m: _mask_digits(m.group()), str(text))


def mask_frame(df: pd.DataFrame, phone_columns: tuple[str, ...] = (), text_columns: tuple[str, ...] = (),
               name_columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """A copy of ``df`` with the named columns masked; every other text column gets :func:`mask_text`,
    so a phone typed into a note or a name column does not slip through."""
    out = df.copy()
    for column in out.columns:
        if column in phone_columns:
            out[column] = out[column].map(mask_phone)
        elif column in name_columns:
            out[column] = out[column].map(mask_name)
        elif column in text_columns or out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(lambda v: v if v is None or not isinstance(v, str) else mask_text(v))
    return out
