"""A tabular source's contract rules as DuckDB SQL, generated from the pipeline's own objects.

The like-for-like baseline (benchmarks/direct_duckdb.py) types and checks the enterprise survey
and the research registry in DuckDB instead of Polars. Nothing here restates a rule: every
column, alias, pattern, code list, allowed value, plausible range, number and date format,
key and confidentiality comes from ``pipelines.ingest.contracts`` (the YAML under
``sources/contracts/`` and ``models/seeds/plausible_ranges.csv``), and every message is built
the way ``pipelines.ingest.tabular.validate`` builds it, so a quarantined row says the same
words in both. What this module holds is only the translation of ``tabular.py``'s Polars
expressions into SQL, one function per Polars rule function.

Two translations need care:

- **regular expressions**: the contract's patterns are written for Polars (Rust's ``regex``,
  where ``\\d`` is any Unicode digit); DuckDB uses RE2, where ``\\d`` is ASCII only, so ``\\d``
  becomes ``\\p{Nd}`` (``re2``);
- **whitespace**: Polars' ``strip_chars()`` and ``\\s`` mean Unicode White_Space, DuckDB's
  ``trim`` only the space, so both are given that set explicitly (``WHITESPACE``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from pipelines.ingest.contracts import Column, Table, TabularContract, plausible_ranges
from pipelines.ingest.numbers import AMBIGUOUS, NumberFormat
from pipelines.lib.warehouse import sql_string

# Unicode White_Space: what Rust's char::is_whitespace (Polars' strip_chars, regex \s) means.
WHITESPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000"
)
_WHITESPACE_CLASS = "[" + "".join(f"\\x{{{ord(c):X}}}" for c in WHITESPACE) + "]"

NUMBER = "__number"  # a workbook cell's native number, beside its text (as tabular.NUMBER)
DATE = "__date"  # ... and its native date (as tabular.DATE)
PSEUDONYM = "__pseudonym"
TYPED = "__typed"
REASON = "quarantine_reason"
MISSING = "'missing'"


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def re2(pattern: str) -> str:
    """A contract pattern (Rust regex syntax) as RE2: ``\\d`` is every Unicode digit in both.

    Refuses the escapes whose meaning differs between the two engines and that no contract
    uses yet, so a new pattern cannot silently match something else in the baseline.
    """
    unsupported = re.findall(r"\\[sSwWbBD]", pattern)
    if unsupported:
        raise ValueError(f"pattern {pattern!r} uses {unsupported}: translate it for RE2 first")
    return pattern.replace("\\d", "\\p{Nd}").replace("\\ ", " ")


def regexp(expression: str, pattern: str) -> str:
    """``str.contains(pattern)``; a value of ASCII alone (bytes = characters) is matched with
    ``[0-9]`` for ``\\d``, RE2's ASCII class being about twice as fast as ``\\p{Nd}``."""
    unicode = f"regexp_matches({expression}, {sql_string(re2(pattern))})"
    if "\\d" not in pattern:
        return unicode
    ascii_pattern = re2(pattern).replace("\\p{Nd}", "[0-9]")
    ascii_only = f"regexp_matches({expression}, {sql_string(ascii_pattern)})"
    return (
        f"(CASE WHEN strlen({expression}) = length({expression}) THEN {ascii_only} "
        f"ELSE {unicode} END)"
    )


def strip(expression: str, characters: str = WHITESPACE) -> str:
    """Polars' ``str.strip_chars()`` (``characters``: Unicode White_Space).

    DuckDB's ``trim`` with a set of characters costs ten times its plain form, so it runs only
    on the values that start or end with one of them (an edge test RE2 does quickly).
    """
    edge = "[" + "".join(f"\\x{{{ord(c):X}}}" for c in characters) + "]"
    return (
        f"(CASE WHEN regexp_matches({expression}, {sql_string(f'^{edge}|{edge}$')}) "
        f"THEN trim({expression}, {sql_string(characters)}) ELSE {expression} END)"
    )


def has_text(expression: str) -> str:
    """Something other than whitespace in the value (not NULL, not blank)."""
    not_whitespace = sql_string("[^" + _WHITESPACE_CLASS[1:])
    return f"coalesce(regexp_matches({expression}, {not_whitespace}), false)"


def normalised(expression: str) -> str:
    """``tabular.normalised``: NFC, one space for any run of whitespace, no edges, lower case.

    Printable ASCII without a space (a tax code) is already NFC and has no whitespace: only
    its case is folded.
    """
    spaced = (
        f"regexp_replace(replace(nfc_normalize({expression}), chr(160), ' '), "
        f"{sql_string(_WHITESPACE_CLASS + '+')}, ' ', 'g')"
    )
    return (
        f"(CASE WHEN regexp_matches({expression}, '^[!-~]*$') THEN lower({expression}) "
        f"ELSE lower({strip(spaced)}) END)"
    )


def _case(pairs: dict[str, str], expression: str) -> str:
    """``replace_strict(mapping, default=None)``: the mapped value, NULL when not a key."""
    if not pairs:
        return "NULL::VARCHAR"
    whens = " ".join(f"WHEN {sql_string(k)} THEN {sql_string(v)}" for k, v in pairs.items())
    return f"(CASE {expression} {whens} END)"


def _in(expression: str, values: list[str]) -> str:
    if not values:
        return "false"
    return f"({expression} IN ({', '.join(sql_string(v) for v in values)}))"


@dataclass
class Rules:
    """What a column can get wrong and its typed value, as SQL (``tabular._Rules``)."""

    problems: list[str]
    typed: str


@dataclass
class ReferenceJoin:
    """A code list joined to the sheet: table ``relation`` (code, parent) under ``alias``."""

    alias: str
    relation: str
    column: str


@dataclass
class TableRules:
    """One contract table's validation, as the parts of one SELECT over the mapped sheet."""

    problems: list[str]
    typed: dict[str, str]  # column -> typed value
    joins: list[ReferenceJoin] = field(default_factory=list)


def _at(name: str) -> str:
    return f"({sql_string(name + ' at row ')} || CAST(source_row AS VARCHAR) || ': ')"


def _problem(name: str, text: str) -> str:
    """``tabular._problem``: NULL when ``text`` is NULL (Polars' concat_str)."""
    return f"({_at(name)} || {text})"


def _quoted(expression: str) -> str:
    return f"('''' || {expression} || '''')"


def _describe_identifier(text: str) -> str:
    """``tabular._describe_identifier``: how long, how many digits, never the value."""
    digits = f"length(regexp_replace({text}, '[^\\p{{Nd}}]', '', 'g'))"
    length = f"length({text})"
    return (
        f"(CASE WHEN {digits} = {length} THEN CAST({digits} AS VARCHAR) || ' digits' "
        f"ELSE CAST({length} AS VARCHAR) || ' characters, ' || CAST({digits} AS VARCHAR) "
        "|| ' of them digits' END)"
    )


def _says(name: str, shown: str, text: str) -> str:
    return _problem(name, f"({shown} || {sql_string(text)})")


def parse_number(text: str, number_format: NumberFormat) -> tuple[str, str]:
    """``numbers.parse_number_expr``: (DOUBLE value or NULL, problem text or NULL)."""
    ambiguous = regexp(text, AMBIGUOUS) if number_format.checks_ambiguity else "false"
    well_formed = regexp(text, number_format.pattern)
    plain = text
    if number_format.thousands is not None:
        plain = f"replace({plain}, {sql_string(number_format.thousands)}, '')"
    if number_format.decimal != ".":
        plain = f"replace({plain}, {sql_string(number_format.decimal)}, '.')"
    value = f"(CASE WHEN {well_formed} AND NOT {ambiguous} THEN TRY_CAST({plain} AS DOUBLE) END)"
    described = number_format.describe()
    problem = (
        f"(CASE WHEN {text} IS NULL THEN NULL "
        f"WHEN {ambiguous} THEN {_quoted(text)} || "
        + sql_string(
            " could be read as a thousands group or as a decimal: write it without a "
            f"thousands separator ({described})"
        )
        + f" WHEN NOT {well_formed} THEN {_quoted(text)} || "
        + sql_string(f" is not a number written with {described}")
        + " END)"
    )
    return value, problem


def _number_rules(
    name: str,
    spec: Column,
    number_format: NumberFormat,
    shown: str,
    format_value: str,
) -> Rules:
    """``tabular._number_rules``; ``format_value`` names the SQL function writing a value as
    Python's ``f"{v:,.10g}"`` does (the pipeline's message for an implausible figure)."""
    text, number = ident(name), ident(name + NUMBER)
    parsed, text_problem = parse_number(text, number_format)
    value = f"COALESCE({number}, {parsed})"
    problems = [
        f"(CASE WHEN {number} IS NOT NULL AND NOT isfinite({number}) THEN "
        f"{_problem(name, sql_string('the cell is not a finite number'))} END)",
        f"(CASE WHEN {number} IS NULL AND {text} IS NOT NULL THEN "
        f"{_problem(name, text_problem)} END)",
    ]
    if spec.type == "int":
        problems.append(
            f"(CASE WHEN isfinite({value}) AND {value} <> round({value}) THEN "
            f"{_says(name, shown, ' is not a whole number')} END)"
        )
    if spec.plausible:
        low, high, unit = plausible_ranges()[spec.plausible]
        outside = f"{value} < CAST({low!r} AS DOUBLE) OR {value} > CAST({high!r} AS DOUBLE)"
        problems.append(
            f"(CASE WHEN isfinite({value}) AND ({outside}) THEN "
            + _says(
                name,
                f"{format_value}({value})",
                f" is outside the plausible range {low:,.0f} to {high:,.0f} {unit} "
                f"({spec.plausible} in models/seeds/plausible_ranges.csv)",
            )
            + " END)"
        )
    typed = f"TRY_CAST({value} AS BIGINT)" if spec.type == "int" else value
    return Rules(problems, typed)


def _date_rules(name: str, date_format: str, shown: str) -> Rules:
    text, number, native = ident(name), ident(name + NUMBER), ident(name + DATE)
    parsed = f"CAST(try_strptime({text}, {sql_string(date_format)}) AS DATE)"
    written = date_format.replace("%d", "dd").replace("%m", "mm").replace("%Y", "yyyy")
    problem = (
        f"(CASE WHEN {native} IS NULL AND {number} IS NOT NULL THEN "
        f"{_says(name, shown, ' is a number, not a date: format the cell as a date')} "
        f"WHEN {native} IS NULL AND {text} IS NOT NULL AND {parsed} IS NULL THEN "
        f"{_says(name, shown, f' is not a date written {written}')} END)"
    )
    return Rules([problem], f"COALESCE({native}, {parsed})")


def _list_rules(name: str, spec: Column) -> Rules:
    from pipelines.ingest.contracts import normalise_label

    canonical = {normalise_label(v): str(v) for v in (spec.allowed or [])}
    separator = sql_string(spec.separator or ";")
    items = (
        f"list_filter(list_transform(string_split({ident(name)}, {separator}), "
        f"x -> {strip('x')}), x -> x <> '')"
    )
    bad = f"list_filter({items}, x -> NOT {_in(normalised('x'), list(canonical))})"
    joined = _quoted(f"array_to_string({bad}, ';')")
    problem = (
        f"(CASE WHEN len({bad}) > 0 THEN {_says(name, joined, ' is not an allowed value')} END)"
    )
    typed = (
        f"array_to_string(list_sort(list_filter(list_transform({items}, "
        f"x -> {_case(canonical, normalised('x'))}), x -> x IS NOT NULL)), ';')"
    )
    return Rules([problem], typed)


def _text_rules(
    name: str,
    spec: Column,
    contract: TabularContract,
    shown: str,
    as_of: date | None,
    reference_table: Callable[[str, date | None], str],
    joins: list[ReferenceJoin],
) -> Rules:
    text = ident(name)
    present = f"{text} IS NOT NULL"
    problems: list[str] = []
    if spec.pattern:
        expected = spec.pattern_description or f"the pattern {spec.pattern}"
        problems.append(
            f"(CASE WHEN {present} AND NOT {regexp(text, spec.pattern)} THEN "
            f"{_says(name, shown, f', expected {expected}')} END)"
        )
    if spec.reference:
        problems += _reference_problems(name, spec, contract, shown, as_of, reference_table, joins)
    if spec.allowed is None:
        return Rules(problems, text)
    from pipelines.ingest.contracts import normalise_label

    allowed = spec.allowed if isinstance(spec.allowed, dict) else {v: v for v in spec.allowed}
    by_label = {normalise_label(k): v for k, v in allowed.items()}
    label = normalised(text)
    problems.append(
        f"(CASE WHEN {present} AND NOT {_in(label, list(by_label))} THEN "
        + _says(name, shown, " is not one of " + ", ".join(repr(k) for k in allowed))
        + " END)"
    )
    return Rules(problems, _case(by_label, label))


def _reference_problems(
    name: str,
    spec: Column,
    contract: TabularContract,
    shown: str,
    as_of: date | None,
    reference_table: Callable[[str, date | None], str],
    joins: list[ReferenceJoin],
) -> list[str]:
    """``tabular._reference_problems``: in the code list (valid on ``as_of``), and in the
    parent the row gives."""
    assert spec.reference is not None
    reference = contract.reference(spec.reference)
    alias = f"ref_{name}"
    joins.append(ReferenceJoin(alias, reference_table(spec.reference, as_of), name))
    column = ident(name)
    well_formed = f"({column} IS NOT NULL AND {regexp(column, spec.pattern or '.*')})"
    when = f" on {as_of:%d/%m/%Y}" if as_of and reference.valid_from else ""
    found = f"{alias}.code IS NOT NULL"
    problems = [
        f"(CASE WHEN {well_formed} AND NOT ({found}) THEN "
        + _says(name, shown, f" is not {reference.name}{when} ({reference.describe_files()})")
        + " END)"
    ]
    if spec.parent_column:
        parent, given = f"{alias}.parent", ident(spec.parent_column)
        not_in = sql_string(f"', not in {spec.parent_column} '")
        problems.append(
            f"(CASE WHEN {well_formed} AND {found} AND {given} IS NOT NULL "
            f"AND {parent} <> {given} THEN "
            + _problem(
                name,
                f"({shown} || ' lies in ''' || {parent} || {not_in} || {given} || '''')",
            )
            + " END)"
        )
    return problems


def table_rules(
    table: Table,
    contract: TabularContract,
    number_format: NumberFormat,
    as_of: date | None,
    reference_table: Callable[[str, date | None], str],
    format_value: str,
) -> TableRules:
    """``tabular.validate``'s rules for every column of ``table``, in the contract's order."""
    problems: list[str] = []
    typed: dict[str, str] = {}
    joins: list[ReferenceJoin] = []
    for name, spec in table.columns.items():
        text = ident(name)
        shown = _describe_identifier(text) if spec.identifier else _quoted(text)
        if spec.type in ("int", "float"):
            rules = _number_rules(name, spec, number_format, shown, format_value)
        elif spec.type == "date":
            rules = _date_rules(name, contract.date_format, shown)
        elif spec.type == "list":
            rules = _list_rules(name, spec)
        else:
            rules = _text_rules(name, spec, contract, shown, as_of, reference_table, joins)
        problems += rules.problems
        typed[name] = rules.typed
        if spec.required and spec.type != "list":
            no_number, no_date = ident(name + NUMBER), ident(name + DATE)
            missing = f"{text} IS NULL AND {no_number} IS NULL AND {no_date} IS NULL"
            problems.append(f"(CASE WHEN {missing} THEN {_problem(name, MISSING)} END)")
    return TableRules(problems, typed, joins)


def hmac_sha256_hex20(expression: str, key: bytes) -> str:
    """``pseudonym.pseudonymise`` in SQL: HMAC-SHA256 (RFC 2104) of the text's UTF-8 bytes
    under ``key``, its first 20 hex digits, from DuckDB's own ``sha256`` of blobs."""
    import hashlib

    block = 64  # SHA-256's block size
    padded = (hashlib.sha256(key).digest() if len(key) > block else key).ljust(block, b"\0")
    inner = bytes(b ^ 0x36 for b in padded).hex()
    outer = bytes(b ^ 0x5C for b in padded).hex()
    digest = f"sha256(unhex('{outer}') || unhex(sha256(unhex('{inner}') || encode({expression}))))"
    return f"(CASE WHEN {expression} IS NOT NULL THEN left({digest}, 20) END)"


SQL_TYPES = {
    "str": "VARCHAR",
    "int": "BIGINT",
    "float": "DOUBLE",
    "date": "DATE",
    "list": "VARCHAR",
}
