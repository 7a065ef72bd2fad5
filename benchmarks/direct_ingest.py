"""The baseline's ingest: every file the pipeline reads from the landing folder, into the same
raw tables, with DuckDB doing the reading, typing, checking, pseudonymising and quarantining.

What is done how (and why), source by source:

- **enterprise survey** (``enterprise_survey/``, one file per year): a CSV is read by DuckDB's
  ``read_csv`` (strict: a ragged row or an unclosed quote fails it, as the pipeline's csv-module
  pass refuses them); the workbook year is read by fastexcel (calamine, the lightest reader in
  the environment) straight into Arrow and handed to DuckDB. The contract's rules are DuckDB
  SQL generated from the pipeline's contract objects (``benchmarks/contract_sql.py``); the tax
  code becomes the pipeline's keyed HMAC-SHA256 pseudonym in SQL (DuckDB's ``sha256``), under
  the key the pipeline takes in the same environment (``pseudonym.pseudonym_key``).
- **research registry** (``research_registry/``, one workbook, two sheets): the same, and the
  published free text is screened for personal data by the pipeline's own ``FreeTextScreen``
  (called from SQL as a vectorised Python function): its name matching and person patterns are
  Unicode regular expressions RE2 cannot express.
- **statistical yearbook and PX-Web tables** (``statistics_office/``,
  ``statistics_office_pxweb/``: a handful of small files in a table layout, PX-Web as xlsx,
  CSV, JSON-stat or PC-Axis): parsed by the pipeline's own Python parsers
  (``yearbook.read_yearbook``, ``pxweb.read_pxweb_file``), whose layout walking has no SQL
  form; the copies of a table delivered twice are resolved in SQL.

Around every source, as the pipeline's ingest assets do: the file's SHA-256 (hashlib: ten
times DuckDB's ``sha256`` over ``read_blob``), the unchanged copy in the restricted archive
(``archive.archive_file``), the landing folder's files that no source takes, and one
``raw.load_log`` row per file (``landing.log_row``, which checks that every row is loaded or
quarantined).

A file the fast readers cannot take exactly as the pipeline's readers would (a CSV with a blank
line, which Polars counts as a row and DuckDB skips, or anything DuckDB refuses; a workbook
column that mixes numbers and text, where fastexcel would convert the cells) is read by the
pipeline's own reader (``tabular.read_csv_sheet``, ``tabular.read_workbook_sheets``), and
named in ``fallbacks``; the rules are then the same SQL. Not repeated: the pipeline's second,
independent count of a file's rows (csv module, fastexcel) against its parser's, there being
only one reader here.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from duckdb.func import FunctionNullHandling, PythonUDFType

from benchmarks.contract_sql import (
    DATE,
    NUMBER,
    PSEUDONYM,
    SQL_TYPES,
    TYPED,
    has_text,
    hmac_sha256_hex20,
    ident,
    normalised,
    sql_string,
    strip,
    table_rules,
)

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

    from pipelines.ingest.contracts import Table, TabularContract
    from pipelines.ingest.landing import DeliveredFile
    from pipelines.ingest.numbers import NumberFormat
    from pipelines.ingest.privacy import FreeTextScreen

# Python's str.strip() set (what the pipeline's workbook reader strips from a text cell):
# Unicode White_Space and the four information separators U+001C..U+001F.
PYTHON_WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
# A blank or whitespace-only line inside a CSV: Polars reads it as a row (numbering the rows
# after it one further), DuckDB skips it; such a file goes to the pipeline's reader.
_BLANK_LINE = re.compile(rb"\n[ \t\r\f\v]*\n")
FORMAT_10G = "baseline_format_10g"  # Python's f"{v:,.10g}", for the plausible-range message
RUN_ID = "direct-duckdb-baseline"


@dataclass
class SheetTable:
    """One table as read into DuckDB: ``relation`` has source_row, c<i> (text) and, for a
    workbook, c<i>__number and c<i>__date; blank rows are not in it."""

    path: Path
    name: str | None  # the sheet, None for a CSV
    extension: str
    headers: list[str | None]
    relation: str
    native: bool  # a workbook: native numbers and dates beside the text

    def text_columns(self) -> list[str]:
        return [f"c{i}" for i in range(len(self.headers))]


@dataclass
class Loaded:
    rows_in: int
    loaded: int
    quarantined: int
    notes: list[str] = field(default_factory=list)


class SourceRefusedError(RuntimeError):
    """A file the pipeline refuses whole (``SourceFileError``), found by the baseline."""


class DirectIngest:
    """The raw tables of one landing folder, written into ``connection``'s ``raw`` schema."""

    def __init__(
        self,
        connection: duckdb.DuckDBPyConnection,
        landing: Path,
        warehouse_dir: Path,
        key: bytes,
        loaded_at: datetime | None = None,
    ) -> None:
        self.connection = connection
        self.landing = landing
        self.warehouse_dir = warehouse_dir
        self.key = key
        self.loaded_at = loaded_at or datetime.now(UTC)
        self.fallbacks: list[str] = []
        self.log_rows: list[dict[str, object]] = []
        self._names = itertools.count()
        self._udfs: list[str] = []
        connection.execute("CREATE SCHEMA IF NOT EXISTS raw")
        connection.create_function(
            FORMAT_10G, lambda v: f"{v:,.10g}", ["DOUBLE"], "VARCHAR", side_effects=False
        )

    # --- files -------------------------------------------------------------------------

    def _deliver(self, paths: Iterable[Path]) -> list[DeliveredFile]:
        from pipelines.ingest.landing import DeliveredFile

        return [DeliveredFile(p, _sha256(p.read_bytes())) for p in paths]

    def _archive(self, files: list[DeliveredFile], source: str) -> dict[str, Path]:
        from pipelines.ingest.landing import archive_all, refuse_duplicate_bytes

        refuse_duplicate_bytes(files, {})
        return archive_all(files, self.warehouse_dir, source)

    def _temp(self, stem: str) -> str:
        return f"baseline_{stem}_{next(self._names)}"

    # --- reading -----------------------------------------------------------------------

    def read_csv(self, path: Path) -> SheetTable:
        """A CSV by DuckDB's reader; with a blank line, by the pipeline's."""
        data = path.read_bytes()
        if _BLANK_LINE.search(data) is None:
            header = _csv_header(data)
            if header is not None:
                relation = self._temp("csv")
                columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(header))) + "}"
                try:
                    self.connection.execute(
                        f"CREATE TEMP TABLE {relation}_text AS SELECT * FROM read_csv(?, "
                        f"header = true, delim = ',', quote = '\"', escape = '\"', "
                        f"columns = {columns}, auto_detect = false, strict_mode = true, "
                        "null_padding = false, encoding = 'utf-8')",
                        [str(path)],
                    )
                except Exception as error:  # DuckDB refused the file: the pipeline says why
                    self.fallbacks.append(
                        f"{path.name}: DuckDB refused it ({type(error).__name__})"
                    )
                else:
                    sheet = SheetTable(path, None, "csv", header, relation, native=False)
                    texts = ", ".join(sheet.text_columns())
                    self.connection.execute(
                        f"CREATE TEMP VIEW {relation} AS SELECT CAST(rowid + 2 AS INTEGER) AS "
                        f"source_row, {texts} FROM {relation}_text WHERE {_filled_row(sheet)}"
                    )
                    return sheet
        else:
            self.fallbacks.append(f"{path.name}: a blank line (rows numbered as Polars does)")
        from pipelines.ingest.tabular import read_csv_sheet

        return self._from_pipeline_sheet(read_csv_sheet(path), native=False)

    def read_workbook(self, path: Path) -> dict[str, SheetTable | None]:
        """Every sheet of a workbook (None: an empty sheet), through Arrow."""
        import fastexcel

        from pipelines.ingest.errors import SourceFileError
        from pipelines.ingest.tabular import formulas_without_values

        for sheet_name, cell in formulas_without_values(path):
            raise SourceFileError(
                path,
                f"cell {cell} holds a formula with no saved value: open the workbook in Excel "
                "or LibreOffice, let it calculate, save, and deliver it again",
                sheet=sheet_name,
            )
        reader = fastexcel.read_excel(str(path))
        sheets: dict[str, SheetTable | None] = {}
        for name in reader.sheet_names:
            try:
                first = reader.load_sheet(name, header_row=None, n_rows=1, dtypes="string")
                header_batch = first.to_arrow()
            except Exception:
                sheets[name] = None  # a sheet with no cells
                continue
            if header_batch.num_columns == 0:
                sheets[name] = None
                continue
            headers = [
                None if v is None or not v.strip() else v.strip()
                for v in (header_batch.column(i)[0].as_py() for i in range(first.width))
            ]
            try:
                data = reader.load_sheet(
                    name, header_row=None, skip_rows=1, schema_sample_rows=None,
                    dtype_coercion="strict",
                ).to_arrow()  # fmt: skip
                sheets[name] = self._from_arrow_sheet(path, name, headers, data)
            except _MixedColumnError as mixed:
                self.fallbacks.append(f"{path.name}, sheet {name}: {mixed}")
                sheets = {}
                break
            except Exception as error:  # fastexcel's strict typing refused a mixed column
                self.fallbacks.append(f"{path.name}, sheet {name}: {type(error).__name__}")
                sheets = {}
                break
        else:
            return sheets
        from pipelines.ingest.tabular import read_workbook_sheets

        return {
            name: self._from_pipeline_sheet(sheet, native=True) if sheet.headers else None
            for name, sheet in read_workbook_sheets(path).items()
        }

    def _from_arrow_sheet(
        self, path: Path, name: str, headers: list[str | None], data: pa.RecordBatch
    ) -> SheetTable:
        """A fastexcel sheet as the pipeline's Sheet would hold it: each cell's text as
        ``tabular._cell_text`` writes it, its native number and date beside it."""
        import pyarrow as pa

        width = max(len(headers), data.num_columns)
        headers = headers + [None] * (width - len(headers))
        table = pa.table(
            {f"x{i}": data.column(i) for i in range(data.num_columns)}
            | {"source_row": pa.array(range(2, data.num_rows + 2), pa.int32())}
        )
        selected = ["source_row"]
        for i in range(width):
            if i >= data.num_columns:
                selected += [f"NULL::VARCHAR AS c{i}", f"NULL::DOUBLE AS c{i}{NUMBER}"]
                selected.append(f"NULL::DATE AS c{i}{DATE}")
                continue
            text, number, native_date = _cell_sql(f"x{i}", data.schema.field(i).type)
            selected += [f"{text} AS c{i}", f"{number} AS c{i}{NUMBER}"]
            selected.append(f"{native_date} AS c{i}{DATE}")
        relation = self._temp("sheet")
        arrow_name = relation + "_arrow"
        self.connection.register(arrow_name, table)
        sheet = SheetTable(path, name, "xlsx", headers, relation, native=True)
        self.connection.execute(
            f"CREATE TEMP TABLE {relation} AS SELECT * FROM "
            f"(SELECT {', '.join(selected)} FROM {arrow_name}) WHERE {_filled_row(sheet)}"
        )
        self.connection.unregister(arrow_name)
        return sheet

    def _from_pipeline_sheet(self, sheet: Any, native: bool) -> SheetTable:
        relation = self._temp("sheet")
        arrow_name = relation + "_arrow"
        self.connection.register(arrow_name, sheet.frame.to_arrow())
        self.connection.execute(f"CREATE TEMP TABLE {relation} AS SELECT * FROM {arrow_name}")
        self.connection.unregister(arrow_name)
        return SheetTable(sheet.path, sheet.name, sheet.extension, sheet.headers, relation, native)

    # --- headers -----------------------------------------------------------------------

    def _map_headers(self, sheet: SheetTable, table: Table) -> tuple[dict[str, int], list[str]]:
        """``tabular.resolve_headers`` (the refresh's refusals and notes), with a headerless
        column's first value found in DuckDB; {contract column: sheet column}."""
        from pipelines.ingest.tabular import resolve_headers

        def first_value_row(index: int) -> int | None:
            row = self.connection.execute(
                f"SELECT min(source_row) FROM {sheet.relation} WHERE c{index} IS NOT NULL"
            ).fetchone()
            return None if row is None or row[0] is None else int(row[0])

        return resolve_headers(sheet.path, sheet.name, sheet.headers, table, first_value_row)

    # --- one table, end to end ----------------------------------------------------------

    def load_table(
        self,
        sheet: SheetTable,
        table: Table,
        contract: TabularContract,
        lineage: dict[str, Any],
        screen: Callable[[], FreeTextScreen],
    ) -> Loaded:
        """Map, validate, pseudonymise, screen and split one sheet (``tabular.read_table``)
        into ``table.target_table`` and its quarantine table."""
        from pipelines.ingest.errors import SourceFileError

        taken, notes = self._map_headers(sheet, table)
        number_format: NumberFormat = contract.number_format[sheet.extension].format()  # type: ignore[index]
        as_of: date | None = lineage.get("as_of")
        rules = table_rules(
            table, contract, number_format, as_of, self._reference_table(contract), FORMAT_10G
        )
        mapped = ["source_row"]
        for name in table.columns:
            if name in taken:
                i = taken[name]
                mapped.append(f"NULLIF({strip(f'c{i}')}, '') AS {ident(name)}")
                mapped += [
                    f"{f'c{i}{NUMBER}' if sheet.native else 'NULL::DOUBLE'} AS "
                    f"{ident(name + NUMBER)}",
                    f"{f'c{i}{DATE}' if sheet.native else 'NULL::DATE'} AS {ident(name + DATE)}",
                ]
            else:
                mapped += [
                    f"NULL::VARCHAR AS {ident(name)}",
                    f"NULL::DOUBLE AS {ident(name + NUMBER)}",
                    f"NULL::DATE AS {ident(name + DATE)}",
                ]
        pseudonymised = {n: c for n, c in table.columns.items() if c.confidential == "pseudonymise"}
        joins = " ".join(
            f"LEFT JOIN {j.relation} AS {j.alias} ON {j.alias}.code = m.{ident(j.column)}"
            for j in rules.joins
        )
        reasons = "concat_ws('; ', " + ", ".join(rules.problems) + ")"
        computed = [
            *(f"{expr} AS {ident(n + TYPED)}" for n, expr in rules.typed.items()),
            *(f"{hmac_sha256_hex20(ident(n), self.key)} AS {ident(n + PSEUDONYM)}"
              for n in pseudonymised),
        ]  # fmt: skip
        valid = " AND ".join(
            ["quarantine_reason IS NULL", *(f"{ident(k)} IS NOT NULL" for k in table.key)]
        )
        window = (
            f"PARTITION BY {valid}, "
            + ", ".join(normalised(ident(k)) for k in table.key)
            + " ORDER BY source_row"
        )
        duplicate = (
            f"CASE WHEN {valid} AND row_number() OVER w > 1 THEN "
            + sql_string(f"{table.duplicate_key_reason}: {', '.join(table.key)} at row ")
            + " || CAST(source_row AS VARCHAR) || ' repeats row ' || "
            "CAST(min(source_row) OVER w AS VARCHAR) ELSE quarantine_reason END"
        )
        checked = self._temp("checked")
        self.connection.execute(
            f"CREATE TEMP TABLE {checked} AS "
            f"WITH m AS MATERIALIZED (SELECT {', '.join(mapped)} FROM {sheet.relation}), "
            f"c AS (SELECT m.*, NULLIF({reasons}, '') AS quarantine_reason, "
            f"{', '.join(computed)} FROM m {joins}) "
            f"SELECT * EXCLUDE (quarantine_reason), {duplicate} AS quarantine_reason "
            f"FROM c WINDOW w AS ({window})"
        )
        counts = self.connection.execute(
            f"SELECT count(*), count(*) FILTER (WHERE quarantine_reason IS NOT NULL) FROM {checked}"
        ).fetchone()
        assert counts is not None
        rows_in, quarantined = int(counts[0]), int(counts[1])
        if rows_in == 0:
            raise SourceFileError(
                sheet.path, "the file has a header but no data rows", sheet=sheet.name
            )

        free_text = [n for n, c in table.columns.items() if c.free_text]
        needs_screen = bool(free_text) or quarantined > 0
        text_udf, withheld_udf = self._screen_functions(screen()) if needs_screen else ("", "")
        kept = [n for n, c in table.columns.items() if c.confidential != "drop"]
        extra: list[tuple[str, str, str]] = lineage.get("columns", [])  # (name, SQL, type)
        lineage_values = {
            "source_file": (sql_string(sheet.path.name), "VARCHAR"),
            "source_sha256": (sql_string(lineage["source_sha256"]), "VARCHAR"),
            "sheet": (sql_string(sheet.name) if sheet.name else "NULL", "VARCHAR"),
        }
        loaded_at = f"CAST({sql_string(self.loaded_at.isoformat())} AS TIMESTAMPTZ)"

        loaded_columns: list[str] = []
        quarantine_columns: list[str] = []
        for name in kept:
            spec = table.columns[name]
            target = ident(spec.rename_to or name)
            typed = ident(name + TYPED)
            if name in pseudonymised:
                keep_raw = " OR ".join(
                    f"{ident(column + TYPED)} <> {sql_string(value)}"
                    for column, value in (spec.pseudonymise_when or {}).items()
                )
                value = (
                    f"CASE WHEN {keep_raw} THEN {ident(name)} ELSE {ident(name + PSEUDONYM)} END"
                    if keep_raw
                    else ident(name + PSEUDONYM)
                )
                loaded_columns.append(f"CAST({value} AS VARCHAR) AS {target}")
                quarantine_columns.append(f"{ident(name + PSEUDONYM)} AS {target}")
                continue
            if spec.free_text:
                loaded_value = f"{text_udf}({typed})"
                quarantined_value = f"{text_udf}({text_udf}({ident(name)}))"
            else:
                loaded_value = typed
                quarantined_value = f"{text_udf}({ident(name)})" if text_udf else ident(name)
            loaded_columns.append(f"CAST({loaded_value} AS {SQL_TYPES[spec.type]}) AS {target}")
            quarantine_columns.append(f"CAST({quarantined_value} AS VARCHAR) AS {target}")
        if free_text:
            withheld = " OR ".join(f"{withheld_udf}({ident(n)})" for n in free_text)
            loaded_columns.append(f"({withheld}) AS text_withheld")
            quarantine_columns.append(f"({withheld}) AS text_withheld")
        lineage_sql = [f"CAST({v} AS {t}) AS {n}" for n, (v, t) in lineage_values.items()]
        extra_sql = [f"CAST({v} AS {t}) AS {ident(n)}" for n, v, t in extra]
        self._insert(
            table.target_table,
            [*extra_sql, *loaded_columns, *lineage_sql,
             "CAST(source_row AS INTEGER) AS source_row", f"{loaded_at} AS loaded_at"],
            checked,
            "quarantine_reason IS NULL",
        )  # fmt: skip
        reason = f"{text_udf}(quarantine_reason)" if text_udf else "quarantine_reason"
        self._insert(
            table.target_table + "_quarantine",
            [*quarantine_columns, "CAST(source_row AS INTEGER) AS source_row",
             f"CAST({reason} AS VARCHAR) AS quarantine_reason", *extra_sql, *lineage_sql,
             f"{loaded_at} AS loaded_at"],
            checked,
            "quarantine_reason IS NOT NULL",
        )  # fmt: skip
        self.connection.execute(f"DROP TABLE {checked}")
        return Loaded(rows_in, rows_in - quarantined, quarantined, notes)

    def _insert(self, target: str, columns: list[str], relation: str, where: str) -> None:
        select = f"SELECT {', '.join(columns)} FROM {relation} WHERE {where}"
        exists = self.connection.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name || '.' || table_name = ?",
            [target],
        ).fetchone()
        if exists and exists[0]:
            self.connection.execute(f"INSERT INTO {target} BY NAME {select}")
        else:
            self.connection.execute(f"CREATE TABLE {target} AS {select}")

    def _reference_table(self, contract: TabularContract) -> Callable[[str, date | None], str]:
        """A code list as it stood on a date (``Reference.codes``), as a temporary table."""
        made: dict[tuple[str, date | None], str] = {}

        def relation(name: str, as_of: date | None) -> str:
            if (name, as_of) not in made:
                import pyarrow as pa

                codes = contract.reference(name).codes(as_of)
                table = self._temp(f"ref_{name}")
                self.connection.register(
                    table + "_arrow",
                    pa.table(
                        {
                            "code": pa.array(list(codes), pa.string()),
                            "parent": pa.array(list(codes.values()), pa.string()),
                        }
                    ),
                )
                self.connection.execute(f"CREATE TEMP TABLE {table} AS SELECT * FROM {table}_arrow")
                self.connection.unregister(table + "_arrow")
                made[(name, as_of)] = table
            return made[(name, as_of)]

        return relation

    def _screen_functions(self, screen: FreeTextScreen) -> tuple[str, str]:
        """The pipeline's FreeTextScreen as two vectorised SQL functions: the screened text,
        and whether anything was withheld."""
        import pyarrow as pa

        number = next(self._names)
        text_name, withheld_name = f"baseline_screen_text_{number}", f"baseline_withheld_{number}"

        def text(values: Any) -> Any:
            return pa.array(
                [None if v is None else screen.screen(v)[0] for v in values.to_pylist()],
                pa.string(),
            )

        def withheld(values: Any) -> Any:
            return pa.array(
                [v is not None and screen.screen(v)[1] for v in values.to_pylist()], pa.bool_()
            )

        for name, function, returns in (
            (text_name, text, "VARCHAR"),
            (withheld_name, withheld, "BOOLEAN"),
        ):
            self.connection.create_function(
                name,
                function,
                ["VARCHAR"],
                returns,
                type=PythonUDFType.ARROW,
                null_handling=FunctionNullHandling.SPECIAL,
            )
            self._udfs.append(name)
        return text_name, withheld_name

    def _names_to_screen(self, sheets: list[tuple[SheetTable, Table]]) -> FreeTextScreen:
        """``tabular.names_to_screen``: every ``screen_names`` column's values, as read."""
        from pipelines.ingest.contracts import normalise_label
        from pipelines.ingest.privacy import FreeTextScreen

        names: list[object] = []
        for sheet, table in sheets:
            aliases = table.alias_map()
            for index, header in enumerate(sheet.headers):
                name = aliases.get(normalise_label(header)) if header else None
                if name and table.columns[name].screen_names:
                    names += [
                        value
                        for (value,) in self.connection.execute(
                            f"SELECT c{index} FROM {sheet.relation} WHERE c{index} IS NOT NULL"
                        ).fetchall()
                    ]
        return FreeTextScreen.of(names)

    def close(self) -> None:
        for name in self._udfs:
            self.connection.remove_function(name)
        self._udfs.clear()

    # --- the sources -------------------------------------------------------------------

    def landing_inventory(self) -> None:
        """Every file of the landing folder no source takes (``landing.not_taken``)."""
        from pipelines.ingest.landing import not_taken, not_taken_rows
        from pipelines.lib.warehouse import ensure_load_log

        ensure_load_log(self.connection)
        rows = not_taken_rows(not_taken(self.landing), self.landing, self.loaded_at, RUN_ID)
        self.connection.register("baseline_not_taken", rows.to_arrow())
        self.connection.execute("INSERT INTO raw.load_log BY NAME SELECT * FROM baseline_not_taken")
        self.connection.unregister("baseline_not_taken")

    def enterprise_survey(self) -> int:
        """Every survey year; returns the rows that came in."""
        from pipelines.ingest.contracts import tabular_contract
        from pipelines.ingest.enterprise_survey import CONTRACT, TABLE, survey_year_of
        from pipelines.ingest.errors import SourceFileError
        from pipelines.ingest.landing import data_origin, log_row, survey_files_by_year
        from pipelines.ingest.pseudonym import key_fingerprint

        source = "enterprise_survey"
        contract = tabular_contract(CONTRACT)
        table = contract.tables[TABLE]
        by_year = survey_files_by_year(self.landing)
        latest = self.loaded_at.year - 1  # a survey year is complete once it is over
        for delivered_year, path in sorted(by_year.items()):
            if int(delivered_year) > latest:
                raise SourceFileError(
                    path,
                    f"survey year {delivered_year} is not over yet "
                    f"(the latest complete year is {latest})",
                )  # fmt: skip
        files = self._deliver(by_year[year] for year in sorted(by_year))
        archived = self._archive(files, source)
        origin = data_origin(self.landing, source)
        rows_in = 0
        for file in files:
            year = survey_year_of(file.path)
            sheet_notes: list[str] = []
            if file.path.suffix.lower() == ".csv":
                sheet = self.read_csv(file.path)
            else:
                sheet, sheet_notes = self._survey_sheet(file.path)
            loaded = self.load_table(
                sheet,
                table,
                contract,
                {
                    "source_sha256": file.sha256,
                    "columns": [("survey_year", str(year), "INTEGER")],
                    "as_of": date(year, 12, 31),
                },
                functools.partial(self._names_to_screen, [(sheet, table)]),
            )
            rows_in += loaded.rows_in
            self.log_rows.append(
                log_row(
                    source,
                    file,
                    archived[file.name],
                    target_table=table.target_table,
                    sheet=sheet.name,
                    rows_in=loaded.rows_in,
                    rows_loaded=loaded.loaded,
                    rows_quarantined=loaded.quarantined,
                    loaded_at=self.loaded_at,
                    run_id=RUN_ID,
                    partition_key=str(year),
                    notes=sheet_notes + loaded.notes,
                    key_fingerprint=key_fingerprint(self.key),
                    data_origin=origin,
                )
            )
        return rows_in

    def _survey_sheet(self, path: Path) -> tuple[SheetTable, list[str]]:
        """``enterprise_survey.survey_sheet``: the only non-empty sheet of the workbook."""
        from pipelines.ingest.errors import SourceFileError

        filled = [s for s in self.read_workbook(path).values() if s is not None]
        if not filled:
            raise SourceFileError(path, "the workbook has no sheet with data")
        notes = [
            f"sheet {s.name!r} is not read: a survey workbook holds one table, in its first "
            f"sheet ({filled[0].name!r})"
            for s in filled[1:]
        ]
        return filled[0], notes

    def research_registry(self) -> None:
        """``research_registry.read_registry_file`` for every registry workbook."""
        from pipelines.ingest.contracts import normalise_label, tabular_contract
        from pipelines.ingest.errors import SourceFileError
        from pipelines.ingest.landing import data_origin, log_row, source_files
        from pipelines.ingest.pseudonym import key_fingerprint
        from pipelines.ingest.research_registry import CONTRACT

        source = "research_registry"
        contract = tabular_contract(CONTRACT)
        files = self._deliver(source_files(self.landing, source))
        if not files:
            raise SourceRefusedError(f"no {source} files in the landing folder")
        archived = self._archive(files, source)
        origin = data_origin(self.landing, source)
        for file in files:
            sheets = {n: s for n, s in self.read_workbook(file.path).items() if s is not None}
            by_label = {normalise_label(name): sheet for name, sheet in sheets.items()}
            matched: dict[str, SheetTable] = {}
            for name, table in contract.tables.items():
                found = [by_label[lb] for lb in sorted(table.sheet_names()) if lb in by_label]
                if len(found) != 1:
                    raise SourceFileError(
                        file.path, f"sheet {table.sheet}: {len(found)} sheets match it"
                    )
                matched[name] = found[0]
            used = {id(s) for s in matched.values()}
            notes = [
                f"sheet {s.name!r} is not a table of the contract: not loaded"
                for s in sheets.values()
                if id(s) not in used
            ]
            screen = self._names_to_screen(
                [(matched[n], contract.tables[n]) for n in contract.tables]
            )
            for position, (name, sheet) in enumerate(matched.items()):
                table = contract.tables[name]
                loaded = self.load_table(
                    sheet,
                    table,
                    contract,
                    {"source_sha256": file.sha256},
                    _returning(screen),
                )
                self.log_rows.append(
                    log_row(
                        source,
                        file,
                        archived[file.name],
                        target_table=table.target_table,
                        sheet=sheet.name,
                        rows_in=loaded.rows_in,
                        rows_loaded=loaded.loaded,
                        rows_quarantined=loaded.quarantined,
                        loaded_at=self.loaded_at,
                        run_id=RUN_ID,
                        notes=(notes if position == 0 else []) + loaded.notes,
                        key_fingerprint=key_fingerprint(self.key),
                        data_origin=origin,
                    )
                )

    def yearbook(self) -> None:
        """The yearbook's files by the pipeline's parser; a table delivered both in its
        workbook and as its own CSV is loaded once, the copies checked to agree (in SQL)."""
        from pipelines.ingest.errors import SourceFileError
        from pipelines.ingest.landing import data_origin, log_row, source_files
        from pipelines.ingest.yearbook import CELL_SCHEMA, QUARANTINE_SCHEMA, read_yearbook

        source = "statistics_office"
        files = self._deliver(source_files(self.landing, source))
        if not files:
            raise SourceRefusedError(f"no {source} files in the landing folder")
        archived = self._archive(files, source)
        origin = data_origin(self.landing, source)
        reads = {f.name: read_yearbook(f.path, self.loaded_at) for f in files}
        import polars as pl

        self.connection.register(
            "baseline_yearbook_read", pl.concat([r.cells for r in reads.values()]).to_arrow()
        )
        self.connection.register(
            "baseline_yearbook_quarantine",
            pl.concat([r.quarantined for r in reads.values()]).cast(QUARANTINE_SCHEMA).to_arrow(),
        )
        key = "edition, geography_code, table_code, indicator, sector_code, price_basis, year"
        # workbooks before stand-alone CSV tables: the workbook is the edition of record
        self.connection.execute(
            "CREATE TEMP TABLE baseline_yearbook_copies AS SELECT *, row_number() OVER ("
            f"PARTITION BY {key} ORDER BY ends_with(source_file, '.csv'), source_file, sheet, "
            "source_row) - 1 AS copy_number FROM baseline_yearbook_read"
        )
        disagreeing = self.connection.execute(
            "SELECT d.source_file, d.table_code, d.year, d.sector_code, d.value, "
            "o.source_file, o.value, d.sheet, d.source_row FROM baseline_yearbook_copies d "
            f"JOIN baseline_yearbook_copies o USING ({key}) "
            "WHERE d.copy_number > 0 AND o.copy_number = 0 AND "
            "(coalesce(abs(d.value - o.value), 0) > 1e-6 OR (d.value IS NULL) <> (o.value IS NULL))"
            " LIMIT 1"
        ).fetchone()
        if disagreeing:
            file, code, year, sector, value, original, value_original, sheet, row = disagreeing
            raise SourceFileError(
                file,
                f"{code} {year} {sector} = {value} but {original} has {value_original} for the "
                "same edition",
                sheet=sheet,
                row=row,
            )
        columns = ", ".join(CELL_SCHEMA)
        self.connection.execute(
            f"CREATE TABLE raw.yearbook_cells AS SELECT {columns} FROM baseline_yearbook_copies "
            "WHERE copy_number = 0"
        )
        self.connection.execute(
            "CREATE TABLE raw.yearbook_quarantine AS SELECT * FROM baseline_yearbook_quarantine"
        )
        counts = {
            (file, code, kind): int(n)
            for file, code, kind, n in self.connection.execute(
                "SELECT source_file, table_code, CASE WHEN copy_number = 0 THEN 'loaded' "
                "ELSE 'duplicate' END, count(*) FROM baseline_yearbook_copies GROUP BY ALL "
                "UNION ALL SELECT source_file, table_code, 'quarantined', count(*) "
                "FROM baseline_yearbook_quarantine GROUP BY ALL"
            ).fetchall()
        }
        for name in ("baseline_yearbook_read", "baseline_yearbook_quarantine"):
            self.connection.unregister(name)
        self.connection.execute("DROP TABLE baseline_yearbook_copies")
        for file in files:
            read = reads[file.name]
            for code, rows_in in sorted(read.rows_in.items()):
                self.log_rows.append(
                    log_row(
                        source,
                        file,
                        archived[file.name],
                        target_table="raw.yearbook_cells",
                        sheet=read.sheet_names[code],
                        rows_in=rows_in,
                        rows_loaded=counts.get((file.name, code, "loaded"), 0),
                        rows_quarantined=counts.get((file.name, code, "quarantined"), 0),
                        rows_duplicate=counts.get((file.name, code, "duplicate"), 0),
                        loaded_at=self.loaded_at,
                        run_id=RUN_ID,
                        notes=read.notes if code == min(read.rows_in) else (),
                        data_origin=origin,
                    )
                )

    def pxweb(self) -> None:
        """The PX-Web downloads by the pipeline's parser (xlsx, CSV, JSON-stat, PC-Axis)."""
        import polars as pl

        from pipelines.ingest.landing import data_origin, log_row, source_files
        from pipelines.ingest.pxweb import read_pxweb_file

        source = "statistics_office_pxweb"
        files = self._deliver(source_files(self.landing, source))
        if not files:
            raise SourceRefusedError(f"no {source} files in the landing folder")
        archived = self._archive(files, source)
        origin = data_origin(self.landing, source)
        reads = {f.name: read_pxweb_file(f.path, self.loaded_at) for f in files}
        for table, frames in (
            ("raw.pxweb_cells", [r.cells for rs in reads.values() for r in rs]),
            ("raw.pxweb_quarantine", [r.quarantined for rs in reads.values() for r in rs]),
        ):
            self.connection.register("baseline_pxweb", pl.concat(frames).to_arrow())
            self.connection.execute(f"CREATE TABLE {table} AS SELECT * FROM baseline_pxweb")
            self.connection.unregister("baseline_pxweb")
        for file in files:
            for read in reads[file.name]:
                self.log_rows.append(
                    log_row(
                        source,
                        file,
                        archived[file.name],
                        target_table="raw.pxweb_cells",
                        sheet=read.sheet or read.table_code,
                        rows_in=read.rows_in,
                        rows_loaded=read.cells.height,
                        rows_quarantined=read.quarantined.height,
                        rows_derived=read.rows_derived,
                        loaded_at=self.loaded_at,
                        run_id=RUN_ID,
                        notes=read.notes,
                        data_origin=origin,
                    )
                )

    def write_load_log(self) -> None:
        import polars as pl

        from pipelines.ingest.landing import LOAD_LOG_SCHEMA
        from pipelines.lib.warehouse import ensure_load_log

        ensure_load_log(self.connection)
        self.connection.register(
            "baseline_log", pl.DataFrame(self.log_rows, schema=LOAD_LOG_SCHEMA).to_arrow()
        )
        self.connection.execute("INSERT INTO raw.load_log BY NAME SELECT * FROM baseline_log")
        self.connection.unregister("baseline_log")
        self.log_rows.clear()


def _returning(screen: FreeTextScreen) -> Callable[[], FreeTextScreen]:
    """A screen already built, where ``load_table`` takes one to build."""
    return lambda: screen


class _MixedColumnError(Exception):
    pass


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _csv_header(data: bytes) -> list[str | None] | None:
    """The header as the pipeline's csv-module pass reads it (None: let the pipeline say why
    the file cannot be read)."""
    try:
        text = data[: 1 << 16].decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    try:
        fields = next(csv.reader(io.StringIO(text, newline=""), strict=True))
    except (StopIteration, csv.Error):
        return None
    if not fields:
        return None
    return [f if f.strip() else None for f in fields]


def _filled_row(sheet: SheetTable) -> str:
    """``tabular._drop_blank_rows``: a row with some text in it."""
    columns = sheet.text_columns()
    if not columns:
        return "true"
    return "(" + " OR ".join(has_text(c) for c in columns) + ")"


def _cell_sql(column: str, arrow_type: Any) -> tuple[str, str, str]:
    """(text, native number, native date) of a fastexcel column, as ``tabular._grid_frame``
    and ``tabular._cell_text`` make them from python-calamine's cells."""
    import pyarrow as pa

    c = ident(column)
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return f"NULLIF({strip(c, PYTHON_WHITESPACE)}, '')", "NULL::DOUBLE", "NULL::DATE"
    if pa.types.is_null(arrow_type):
        return "NULL::VARCHAR", "NULL::DOUBLE", "NULL::DATE"
    if pa.types.is_floating(arrow_type) or pa.types.is_integer(arrow_type):
        number = f"CAST({c} AS DOUBLE)"
        # a code typed as a number (1634245041.0) reads as 1634245041
        text = (
            f"CASE WHEN isfinite({number}) AND {number} = trunc({number}) AND "
            f"abs({number}) < 1e15 THEN CAST(CAST({number} AS HUGEINT) AS VARCHAR) "
            f"ELSE CAST({number} AS VARCHAR) END"
        )
        return text, number, "NULL::DATE"
    if pa.types.is_boolean(arrow_type):
        return (
            f"CASE WHEN {c} THEN 'TRUE' WHEN NOT {c} THEN 'FALSE' END",
            "NULL::DOUBLE",
            ("NULL::DATE"),
        )
    if pa.types.is_timestamp(arrow_type) or pa.types.is_date(arrow_type):
        moment = f"CAST({c} AS TIMESTAMP)"
        # python-calamine gives a date when the time is midnight, else a datetime
        text = (
            f"CASE WHEN {moment} = date_trunc('day', {moment}) THEN strftime({moment}, '%Y-%m-%d')"
            f" WHEN epoch_us({moment}) % 1000000 = 0 THEN strftime({moment}, '%Y-%m-%dT%H:%M:%S')"
            f" ELSE strftime({moment}, '%Y-%m-%dT%H:%M:%S.%f') END"
        )
        return text, "NULL::DOUBLE", f"CAST({moment} AS DATE)"
    raise _MixedColumnError(f"fastexcel typed a column {arrow_type}: read by the pipeline's reader")
