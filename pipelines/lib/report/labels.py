"""Names for the codes the marts carry, read from the release itself.

Every label the report shows for a code comes from the published file: geographies from
`marts.dim_geography`, sectors from `marts.dim_sector`, and the other code lists (statuses,
breakdowns, price bases, SDMX flags) from the bilingual `marts.data_dictionary`, whose
Vietnamese descriptions name each code as ``code (tên)``. A code list retyped here would drift
from the one the marts publish; a code the dictionary does not name is shown as the code itself
with its underscores turned into spaces, which is also the English label (the dictionary's
English text is the code list itself).
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    import duckdb


class Text(NamedTuple):
    """One piece of text in both languages."""

    vi: str
    en: str

    def both(self, separator: str = " · ") -> str:
        return self.vi if self.vi == self.en else f"{self.vi}{separator}{self.en}"


# initialisms keep their capitals when a code becomes words (tfp_share -> TFP share)
INITIALISMS = {"tfp": "TFP", "gdp": "GDP", "grdp": "GRDP", "lp": "LP", "vsic": "VSIC"}


def humanise(code: str) -> str:
    return " ".join(INITIALISMS.get(w, w) for w in code.replace("_", " ").split(" "))


def table_exists(connection: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    row = connection.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?",
        [schema, table],
    ).fetchone()
    return bool(row and row[0])


def _top_level_split(text: str) -> list[str]:
    """Split at the commas outside parentheses: 'A primary (x, y), F free' -> 2 parts."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        elif char == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _flags(description: str) -> dict[str, str]:
    """'SDMX: B first year ... (growth withheld), P preliminary, A normal' -> {B: ..., P: ...}."""
    _, _, listed = description.partition("SDMX:")
    meanings = {}
    for listed_part in _top_level_split(listed):
        # "P when an input year is preliminary, else A": the alternative is no flag of its own
        part = listed_part.split(", else ")[0]
        match = re.fullmatch(r"([A-Z]) (.+)", part, flags=re.DOTALL)
        if match:
            meanings[match.group(1)] = match.group(2).strip()
    return meanings


def _sentence_case(name: str) -> str:
    # VSIC section names are printed in capitals in the classification
    return name[:1] + name[1:].lower() if name.isupper() else name


class Labels:
    """Names of codes, from the dims and the data dictionary of one published file."""

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self._dictionary: dict[tuple[str, str | None], Text] = {}
        if table_exists(connection, "marts", "data_dictionary"):
            for table, column, en, vi in connection.execute(
                "SELECT table_name, column_name, description_en, description_vi "
                "FROM marts.data_dictionary ORDER BY table_name, column_position"
            ).fetchall():
                self._dictionary[(table, column)] = Text(vi or en or "", en or vi or "")
        self._geographies: dict[str, dict[str, Any]] = {}
        if table_exists(connection, "marts", "dim_geography"):
            # codes were re-used by the 2025 reform (communes): the facts this report draws use
            # the country, regions, provinces, districts and the comparable series, so those
            # levels win over communes, and the newest unit wins among equals
            result = connection.execute(
                "SELECT geography_code, level, name_vi, valid_from, valid_to, description "
                "FROM marts.dim_geography "
                "ORDER BY geography_code, level = 'commune', valid_from DESC"
            )
            names = [d[0] for d in result.description]
            for row in result.fetchall():
                record = dict(zip(names, row, strict=True))
                self._geographies.setdefault(record["geography_code"], record)
        self._sectors: dict[str, Text] = {}
        if table_exists(connection, "marts", "dim_sector"):
            for code, name_vi, name_en in connection.execute(
                "SELECT sector_code, name_vi, name_en FROM marts.dim_sector "
                "ORDER BY sector_code, classification"
            ).fetchall():
                if code not in self._sectors:
                    vi = _sentence_case(name_vi or code)
                    self._sectors[code] = Text(vi, name_en or vi)

    # --- the data dictionary -------------------------------------------------------------

    def describe(self, table: str, column: str | None = None) -> Text:
        return self._dictionary.get((table, column), Text("", ""))

    def _code_in(self, description: str, code: str) -> str | None:
        match = re.search(rf"(?<![\w]){re.escape(code)} \(([^()]+)\)", description)
        return match.group(1).strip() if match else None

    def code(self, table: str, column: str, code: str | None) -> Text:
        """The name of ``code`` in ``table.column``: the shortest name the descriptions of that
        column (in any mart) give it, else any description that names it. The same column
        means the same code list across the marts; one mart may explain a code at length
        ("met (giá trị đạt mục tiêu)") where another names it ("met (đạt)")."""
        if code is None:
            return Text("", "")
        # the dictionary keeps the release's order (table, then column position)
        same_column = [self.describe(table, column).vi] + [
            t.vi for (_, c), t in self._dictionary.items() if c == column
        ]
        # a name holding an underscore is a list of other codes, not this code's name
        # ("population (dân số, và _male, _female)")
        names = [n for d in same_column if (n := self._code_in(d, code)) and "_" not in n]
        if not names and len(code) > 2:
            # a short code ('A', 'E') would match a letter anywhere in some other text
            names = [
                n
                for t in self._dictionary.values()
                if (n := self._code_in(t.vi, code)) and "_" not in n
            ]
        if names:
            name = min(names, key=len)
            return Text(name[:1].upper() + name[1:], humanise(code))
        return Text(humanise(code), humanise(code))

    def flags(self, table: str, column: str) -> dict[str, Text]:
        """SDMX flags of ``table.column`` (obs_status, conf_status) and what each means."""
        description = self.describe(table, column)
        vi, en = _flags(description.vi), _flags(description.en)
        return {f: Text(vi.get(f, en[f]), en[f]) for f in en} | {
            f: Text(vi[f], vi[f]) for f in vi if f not in en
        }

    # --- the dims --------------------------------------------------------------------------

    def geography(self, code: str) -> str:
        """A geography's official name, with its end date for a province that no longer exists
        (89 and 91 are both 'Tỉnh An Giang': the old one and the merged one)."""
        record = self._geographies.get(code)
        if record is None:
            return code
        name = str(record["name_vi"])
        valid_to = record["valid_to"]
        if isinstance(valid_to, date) and record["level"] == "province":
            name += f" (đến/until {valid_to:%d/%m/%Y})"
        if record["level"] == "country" and record["description"]:
            name += f" · {record['description']}"
        elif record["level"] == "comparable_series":
            name += f" · {humanise(str(record['level']))}"
        return name

    def sector(self, code: str, table: str = "", column: str = "") -> Text:
        if code in self._sectors:
            return self._sectors[code]
        return self.code(table, column, code)
