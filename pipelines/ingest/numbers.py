"""Numbers read exactly as the contract says they are written, never guessed.

Every source contract declares, per file type, its number format: the decimal mark, the
thousands separator (or none) and, where the publisher prints a fixed precision, the most
decimals a figure has. A text value is a number only if it matches that format to the letter:

- ``8,919`` in a file whose decimal mark is ``.`` and that has no thousands separator is not a
  number (it is not reinterpreted as 8.919 or 8919);
- a value with a single separator followed by exactly three digits (``8,919``, ``620.262``,
  ``2.040``) reads as a thousands group in the Vietnamese convention and as a decimal in the
  English one. Unless the format fixes the precision (which settles it), such a value is
  refused as ambiguous, whatever the declared marks, rather than read one way or the other;
- ``NaN``, ``inf``, exponents and anything else that is not digits and the declared marks are
  not numbers.

Native numbers (numeric cells of a workbook) carry no such ambiguity; they are taken as they
are, but must be finite. Whether a number is plausible (say revenue of 1e15 million VND) is a
separate check, against the ranges in ``models/seeds/plausible_ranges.csv``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import polars as pl

# one separator, exactly three digits after it, at most three before (no leading zero):
# a thousands group in one convention, a decimal in the other
AMBIGUOUS = r"^[+-]?[1-9]\d{0,2}[.,]\d{3}$"


@dataclass(frozen=True)
class NumberFormat:
    """How a file writes numbers in text (declared in its source contract)."""

    decimal: str  # "." or ","
    thousands: str | None = None  # ".", ",", " " or None
    max_decimals: int | None = None  # the publisher's fixed precision, when it has one

    def __post_init__(self) -> None:
        if self.decimal not in (".", ","):
            raise ValueError(f"decimal mark must be '.' or ',', not {self.decimal!r}")
        if self.thousands == self.decimal:
            raise ValueError("the thousands separator cannot be the decimal mark")

    @property
    def pattern(self) -> str:
        decimal = re.escape(self.decimal)
        digits = r"\d+" if self.max_decimals is None else rf"\d{{1,{self.max_decimals}}}"
        fraction = rf"(?:{decimal}{digits})?" if self.max_decimals != 0 else ""
        if self.thousands is None:
            whole = r"\d+"
        else:
            separator = re.escape(self.thousands)
            whole = rf"(?:\d{{1,3}}(?:{separator}\d{{3}})+|\d+)"
        return rf"^[+-]?{whole}{fraction}$"

    def describe(self) -> str:
        thousands = (
            "no thousands separator"
            if self.thousands is None
            else f"thousands separator {self.thousands!r}"
        )
        precision = "" if self.max_decimals is None else f", at most {self.max_decimals} decimals"
        return f"decimal mark {self.decimal!r}, {thousands}{precision}"

    @property
    def checks_ambiguity(self) -> bool:
        # a declared precision settles how many digits follow the decimal mark
        return self.max_decimals is None


def text_number_problem(text: str, number_format: NumberFormat) -> str | None:
    """Why ``text`` is not a number in ``number_format`` (None when it is one)."""
    if number_format.checks_ambiguity and re.match(AMBIGUOUS, text):
        return (
            f"{text!r} could be read as a thousands group or as a decimal: write it without "
            f"a thousands separator ({number_format.describe()})"
        )
    if not re.match(number_format.pattern, text):
        return f"{text!r} is not a number written with {number_format.describe()}"
    return None


def parse_text_number(text: str, number_format: NumberFormat) -> tuple[float | None, str | None]:
    """(value, None) or (None, problem) for one text value (surrounding blanks ignored)."""
    stripped = text.strip()
    problem = text_number_problem(stripped, number_format)
    if problem:
        return None, problem
    if number_format.thousands is not None:
        stripped = stripped.replace(number_format.thousands, "")
    return float(stripped.replace(number_format.decimal, ".")), None


def native_number_problem(value: float) -> str | None:
    if math.isfinite(value):
        return None
    return f"{value!r} is not a finite number"


def parse_number_expr(text: pl.Expr, number_format: NumberFormat) -> tuple[pl.Expr, pl.Expr]:
    """Vectorised ``parse_text_number``: (Float64 value or null, problem text or null).

    ``text`` must already be stripped, with empty strings as null.
    """
    ambiguous = (
        text.str.contains(AMBIGUOUS) if number_format.checks_ambiguity else pl.lit(value=False)
    )
    well_formed = text.str.contains(number_format.pattern)
    plain = text
    if number_format.thousands is not None:
        plain = plain.str.replace_all(number_format.thousands, "", literal=True)
    if number_format.decimal != ".":
        plain = plain.str.replace_all(number_format.decimal, ".", literal=True)
    value = pl.when(well_formed & ~ambiguous).then(plain.cast(pl.Float64, strict=False))
    quoted = pl.concat_str([pl.lit("'"), text, pl.lit("'")])
    problem = (
        pl.when(text.is_null())
        .then(None)
        .when(ambiguous)
        .then(
            pl.concat_str(
                [
                    quoted,
                    pl.lit(
                        " could be read as a thousands group or as a decimal: write it without "
                        f"a thousands separator ({number_format.describe()})"
                    ),
                ]
            )
        )
        .when(~well_formed)
        .then(
            pl.concat_str(
                [quoted, pl.lit(f" is not a number written with {number_format.describe()}")]
            )
        )
    )
    return value, problem
