"""Problems found while importing, as data: a translation key, parameters and an exact location.

A file-level problem refuses the whole file (:class:`ImportRefused`); a row-level error refuses that
row; a warning keeps the row and flags it. Messages are rendered in the viewer's language only when
shown, so the same issue reads in Chinese on screen and in English in a log if asked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from outreach.i18n import t

Severity = Literal["error", "warning"]


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the letters Excel shows above a column."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass(frozen=True)
class Issue:
    code: str
    severity: Severity
    file: str
    sheet: str | None = None
    row: int | None = None  # 1-based, as Excel numbers rows
    col: int | None = None  # 0-based column index
    header: str | None = None  # the column's header text as written in the file
    params: dict[str, object] = field(default_factory=dict)

    @property
    def column(self) -> str | None:
        """`D「手机号码」`: the letter Excel shows and the header as the file wrote it."""
        if self.col is None:
            return None
        letter = column_letter(self.col)
        return f"{letter}「{self.header}」" if self.header else letter

    def location(self, lang: str | None = None) -> str:
        parts = [t("where.file", lang, file=self.file)]
        if self.sheet is not None:
            parts.append(t("where.sheet", lang, sheet=self.sheet))
        if self.row is not None:
            parts.append(t("where.row", lang, row=self.row))
        if self.col is not None:
            parts.append(t("where.column", lang, letter=column_letter(self.col), header=self.header or ""))
        return (", " if lang == "en" else "，").join(parts)

    def message(self, lang: str | None = None) -> str:
        sep = ": " if lang == "en" else "："
        return self.location(lang) + sep + t(self.code, lang, **self.params)

    def as_row(self, lang: str | None = None) -> dict[str, object]:
        """One line of the downloadable error report."""
        return {
            "severity": t(f"severity.{self.severity}", lang),
            "file": self.file,
            "sheet": self.sheet or "",
            "row": self.row,
            "column": self.column or "",
            "message": t(self.code, lang, **self.params),
        }


class ImportRefused(Exception):
    """The whole file is refused; nothing from it is written."""

    def __init__(self, issue: Issue):
        super().__init__(issue.message())
        self.issue = issue
