"""Ingest assets: the sources' files, as delivered in the landing folder, into the raw schema.

Every asset follows the same rules:
- every file is read completely before anything is written, and its tables, quarantine and
  load-log rows are written in one transaction: a bad file loads nothing half-way;
- for every file (and sheet), rows in (counted from the file by a second reader) = rows
  loaded + rows quarantined (+ yearbook figures identical to another file of the edition),
  in `raw.load_log`; a column or sheet not loaded is noted there;
- every file in the landing folder that no source takes gets a load-log row saying why
  (`raw/landing_inventory`);
- a file whose bytes equal another file's under another name is refused, naming both;
- the file is archived unchanged, under its checksum, in the restricted archive;
- files already loaded with the same checksum are not loaded again: re-running changes nothing;
- the pseudonym key is checked on every refresh: in production a weak or published key is
  refused, and a key other than the one the stored rows were pseudonymised with is refused
  until every stored year is read again (`productivity refresh --repseudonymise`).
"""

import functools
import inspect
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import dagster as dg
import polars as pl

from pipelines.ingest.enterprise_survey import read_survey_file
from pipelines.ingest.errors import SourceFileError
from pipelines.ingest.landing import (
    FIRST_SURVEY_YEAR,
    LOAD_LOG_SCHEMA,
    DeliveredFile,
    archive_all,
    data_origin,
    deliver,
    fingerprint,
    log_row,
    no_files_message,
    not_taken,
    not_taken_rows,
    refuse_duplicate_bytes,
    source_files,
    survey_files_by_year,
)
from pipelines.ingest.privacy import redact
from pipelines.ingest.pseudonym import PseudonymKeyError, key_fingerprint, pseudonym_key
from pipelines.ingest.pxweb import read_pxweb_file
from pipelines.ingest.research_registry import read_registry_file
from pipelines.ingest.yearbook import CELL_SCHEMA, QUARANTINE_SCHEMA, read_yearbook
from pipelines.lib.resources import WarehouseResource
from pipelines.lib.warehouse import (
    TableWrite,
    ensure_load_log,
    load_transaction,
    loaded_checksums,
    loaded_files,
    stored_key_fingerprints,
    write_load,
)
from pipelines.settings import load_settings

OWNERS = ["team:dost-data"]

# One partition per survey year, in calendar order whatever the order files arrive in. A
# year's partition exists once the year is over (a survey year is complete only then).
SURVEY_YEARS = dg.TimeWindowPartitionsDefinition(
    cron_schedule="0 0 1 1 *", start=str(FIRST_SURVEY_YEAR), fmt="%Y"
)

# A run tagged so reads every stored file again, under the key now in force.
REPSEUDONYMISE_TAG = "productivity/repseudonymise"


def _landing_files(source: str) -> list[Path]:
    """The source's files, or a plain failure saying what the steward should look at."""
    settings = load_settings()
    files = source_files(settings.landing_dir, source)
    if not files:
        raise dg.Failure(no_files_message(settings.landing_dir, source))
    return files


def _summary(log: pl.DataFrame) -> dict[str, dg.MetadataValue]:
    table = log.select(
        "source_file", "sheet", "rows_in", "rows_loaded", "rows_quarantined", "rows_duplicate"
    )
    header = "| " + " | ".join(table.columns) + " |\n|" + "---|" * len(table.columns) + "\n"
    body = "".join("| " + " | ".join(str(v) for v in row) + " |\n" for row in table.iter_rows())
    notes = [n for n in log["notes"].drop_nulls().to_list() if n]
    return {
        "files": dg.MetadataValue.int(log["source_file"].n_unique()),
        "rows_in": dg.MetadataValue.int(int(log["rows_in"].sum())),
        "rows_loaded": dg.MetadataValue.int(int(log["rows_loaded"].sum())),
        "rows_quarantined": dg.MetadataValue.int(int(log["rows_quarantined"].sum())),
        "load_log": dg.MetadataValue.md(header + body),
        **({"not_loaded": dg.MetadataValue.text(redact("; ".join(notes)))} if notes else {}),
    }


def _unchanged(
    source: str, files: list, warehouse: WarehouseResource, partition: str | None = None
) -> bool:
    with warehouse.connect() as connection:
        return loaded_files(connection, source, partition) == fingerprint(files)


def _refuse_duplicates(
    files: list[DeliveredFile], warehouse: WarehouseResource, reloading: list[str] | None = None
) -> None:
    """Refuse files whose bytes another delivered or loaded file has under another name
    (the partitions being reloaded are compared with the delivery, not with their old load)."""
    with warehouse.connect() as connection:
        loaded = loaded_checksums(connection, exclude_partitions=reloading or [])
    refuse_duplicate_bytes(files, loaded)


def _checked_key(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> tuple[bytes, bool]:
    """The pseudonym key, after the production rules; and whether this run re-pseudonymises.

    A key whose fingerprint differs from the one the stored rows carry is refused, unless the
    run was started to read every stored file again under it.
    """
    key = pseudonym_key(load_settings().environment)
    repseudonymise = context.run.tags.get(REPSEUDONYMISE_TAG) == "true"
    with warehouse.connect() as connection:
        stored = stored_key_fingerprints(connection)
    others = {fp: what for fp, what in stored.items() if fp != key_fingerprint(key)}
    if others and not repseudonymise:
        what = ", ".join(sorted({w for ws in others.values() for w in ws}))
        raise dg.Failure(
            "PRODUCTIVITY_PSEUDONYM_KEY is not the key the stored rows were pseudonymised with "
            f"({what}): with two keys, enterprises would stop linking across years. Restore the "
            "previous key, or run `productivity refresh --repseudonymise` to read every stored "
            "file again under the new key."
        )
    return key, repseudonymise


def steward_errors(function: Callable[..., Any]) -> Callable[..., Any]:
    """A file the steward must fix fails the step with its message alone: no traceback, and
    nothing of the library error it came from (which may quote the file's content)."""

    def failure(error: Exception) -> dg.Failure:
        return dg.Failure(description=str(error), allow_retries=False)

    if inspect.isgeneratorfunction(function):

        @functools.wraps(function)
        def generator(*args: Any, **kwargs: Any) -> Iterator[Any]:
            try:
                yield from function(*args, **kwargs)
            except (SourceFileError, PseudonymKeyError) as error:
                raise failure(error) from None

        return generator

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except (SourceFileError, PseudonymKeyError) as error:
            raise failure(error) from None

    return wrapper


UNCHANGED = {
    "unchanged": dg.MetadataValue.text("every file was already loaded with the same checksum")
}


@dg.asset(
    key=["raw", "landing_inventory"],
    group_name="ingest",
    kinds={"duckdb"},
    owners=OWNERS,
    tags={"source": "landing"},
)
def landing_inventory(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """Every file in the landing folder that no source takes, with the reason, as load-log rows
    with status `not_taken`: an unknown name, a wrong folder, a sub-folder, a temporary file.
    Nothing delivered is ignored without a word."""
    settings = load_settings()
    entries = not_taken(settings.landing_dir)
    rows = not_taken_rows(entries, settings.landing_dir, datetime.now(UTC), context.run_id)
    with warehouse.connect() as connection:
        connection.execute("BEGIN TRANSACTION")
        ensure_load_log(connection)
        connection.execute("DELETE FROM raw.load_log WHERE status = 'not_taken'")
        connection.register("incoming_log", rows.to_arrow())
        connection.execute("INSERT INTO raw.load_log BY NAME SELECT * FROM incoming_log")
        connection.unregister("incoming_log")
        connection.execute("COMMIT")
    for entry in entries:
        context.log.warning(
            f"not taken: {entry.path.relative_to(settings.landing_dir)}: {entry.reason}"
        )
    return dg.MaterializeResult(
        metadata={
            "files_not_taken": dg.MetadataValue.int(len(entries)),
            "not_taken": dg.MetadataValue.md(
                "\n".join(
                    f"- `{e.path.relative_to(settings.landing_dir)}`: {e.reason}" for e in entries
                )
                or "none"
            ),
        }
    )


@dg.asset(
    key=["raw", "yearbook_cells"],
    group_name="ingest",
    kinds={"polars", "duckdb", "excel"},
    owners=OWNERS,
    tags={"source": "statistics_office"},
)
@steward_errors
def yearbook_cells(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """Every cell of every edition of the statistical-yearbook tables (Niên giám thống kê).

    Long form: geography × indicator × sector × year, in normalised units (million VND,
    persons), with the edition and the preliminary and estimate flags. All editions are kept,
    so revisions can be traced; `intermediate.int_yearbook_series_latest` picks the current
    vintage. A table delivered both in its workbook and as its own CSV is loaded once: the
    CSV's figures are checked to agree and counted as identical duplicates. A figure outside
    its unit's plausible range goes to `raw.yearbook_quarantine`.
    """
    source = "statistics_office"
    files = deliver(_landing_files(source))
    if _unchanged(source, files, warehouse):
        return dg.MaterializeResult(metadata=UNCHANGED)
    _refuse_duplicates(files, warehouse)
    origin = data_origin(load_settings().landing_dir, source)
    loaded_at = datetime.now(UTC)
    reads = {f.name: read_yearbook(f.path, loaded_at) for f in files}
    key = [
        "edition",
        "geography_code",
        "table_code",
        "indicator",
        "sector_code",
        "price_basis",
        "year",
    ]
    # Workbooks before stand-alone CSV tables: the workbook is the edition of record.
    cells = (
        pl.concat([r.cells for r in reads.values()])
        .sort(pl.col("source_file").str.ends_with(".csv"), "source_file", "sheet", "source_row")
        .with_columns(pl.int_range(pl.len()).over(key).alias("copy_number"))
    )
    duplicates = cells.filter(pl.col("copy_number") > 0)
    originals = cells.filter(pl.col("copy_number") == 0).drop("copy_number")
    _check_duplicates_agree(duplicates, originals, key)
    quarantine = pl.concat([r.quarantined for r in reads.values()]).cast(QUARANTINE_SCHEMA)
    archived = archive_all(files, load_settings().warehouse_dir, source)

    def count(frame: pl.DataFrame, file: str, table: str) -> int:
        return frame.filter(
            (pl.col("source_file") == file) & (pl.col("table_code") == table)
        ).height

    rows = []
    for file in files:
        read = reads[file.name]
        for table, rows_in in sorted(read.rows_in.items()):
            rows.append(
                log_row(
                    source,
                    file,
                    archived[file.name],
                    target_table="raw.yearbook_cells",
                    sheet=read.sheet_names[table],
                    rows_in=rows_in,
                    rows_loaded=count(originals, file.name, table),
                    rows_quarantined=count(quarantine, file.name, table),
                    rows_duplicate=count(duplicates, file.name, table),
                    loaded_at=loaded_at,
                    run_id=context.run_id,
                    notes=read.notes if table == min(read.rows_in) else (),
                    data_origin=origin,
                )
            )
    log = pl.DataFrame(rows, schema=LOAD_LOG_SCHEMA)
    with warehouse.connect() as connection:
        write_load(
            connection,
            [
                TableWrite("raw.yearbook_cells", originals.select(list(CELL_SCHEMA))),
                TableWrite("raw.yearbook_quarantine", quarantine),
            ],
            log,
            source=source,
        )
    return dg.MaterializeResult(
        metadata={
            **_summary(log),
            "dagster/row_count": dg.MetadataValue.int(originals.height),
            "editions": dg.MetadataValue.text(
                ", ".join(str(e) for e in sorted(originals["edition"].unique()))
            ),
        }
    )


def _check_duplicates_agree(
    duplicates: pl.DataFrame, originals: pl.DataFrame, key: list[str]
) -> None:
    if duplicates.is_empty():
        return
    compared = duplicates.join(originals, on=key, suffix="_original")
    disagreeing = compared.filter(
        ((pl.col("value") - pl.col("value_original")).abs().fill_null(0) > 1e-6)
        | (pl.col("value").is_null() != pl.col("value_original").is_null())
    )
    if not disagreeing.is_empty():
        bad = disagreeing.row(0, named=True)
        raise SourceFileError(
            bad["source_file"],
            f"{bad['table_code']} {bad['year']} {bad['sector_code']} = {bad['value']} but "
            f"{bad['source_file_original']} has {bad['value_original']} for the same edition",
            sheet=bad["sheet"],
            row=bad["source_row"],
        )


@dg.asset(
    key=["raw", "pxweb_cells"],
    group_name="ingest",
    kinds={"polars", "duckdb", "excel", "csv", "json"},
    owners=OWNERS,
    tags={"source": "statistics_office_pxweb"},
)
@steward_errors
def pxweb_cells(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """Every figure of the tables downloaded from the statistics office's online database
    (PX-Web): real, official series — labour productivity (E02.58), employment (E02.45) and
    population (E02.01) by province, national GDP and employment by VSIC section, aquaculture
    output by province. Long form like the yearbook's cells, with the table code and the
    vintage of the download; every vintage is kept, the latest is current. Figures of derived
    items (a structure %, an index) are counted, not loaded."""
    source = "statistics_office_pxweb"
    settings = load_settings()
    files = deliver(_landing_files(source))
    if _unchanged(source, files, warehouse):
        return dg.MaterializeResult(metadata=UNCHANGED)
    _refuse_duplicates(files, warehouse)
    origin = data_origin(settings.landing_dir, source)
    loaded_at = datetime.now(UTC)
    reads = {f.name: read_pxweb_file(f.path, loaded_at) for f in files}
    archived = archive_all(files, settings.warehouse_dir, source)
    rows = [
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
            loaded_at=loaded_at,
            run_id=context.run_id,
            notes=read.notes,
            data_origin=origin,
        )
        for file in files
        for read in reads[file.name]
    ]
    cells = pl.concat([r.cells for rs in reads.values() for r in rs])
    quarantine = pl.concat([r.quarantined for rs in reads.values() for r in rs])
    log = pl.DataFrame(rows, schema=LOAD_LOG_SCHEMA)
    with warehouse.connect() as connection:
        write_load(
            connection,
            [
                TableWrite("raw.pxweb_cells", cells),
                TableWrite("raw.pxweb_quarantine", quarantine),
            ],
            log,
            source=source,
        )
    return dg.MaterializeResult(
        metadata={
            **_summary(log),
            "dagster/row_count": dg.MetadataValue.int(cells.height),
            "tables": dg.MetadataValue.text(", ".join(sorted(cells["table_code"].unique()))),
            "vintages": dg.MetadataValue.text(
                ", ".join(str(v) for v in sorted(cells["vintage"].unique()))
            ),
        }
    )


@dg.asset(
    key=["raw", "enterprise_survey"],
    group_name="ingest",
    kinds={"polars", "duckdb", "csv"},
    owners=OWNERS,
    partitions_def=SURVEY_YEARS,
    # Many years in one run (one transaction), not one run per year.
    backfill_policy=dg.BackfillPolicy.single_run(),
    tags={"source": "enterprise_survey"},
)
@steward_errors
def enterprise_survey(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """Enterprise-survey microdata (Điều tra doanh nghiệp), one row per enterprise and year.

    Partitioned by survey year: a year's load replaces that year's rows only, and a year that
    arrives late (or before the first) is loaded like any other. Tax codes are replaced by a
    keyed pseudonym (`enterprise_id`) and names, addresses and phones are dropped as the file
    is read: no personal field reaches the warehouse. Rows that break the source contract go to
    `raw.enterprise_survey_quarantine` with the rules they broke.
    """
    source = "enterprise_survey"
    settings = load_settings()
    key, repseudonymise = _checked_key(context, warehouse)
    by_year = survey_files_by_year(settings.landing_dir)
    latest = max(SURVEY_YEARS.get_partition_keys())
    for year in sorted(y for y in by_year if y > latest):
        raise SourceFileError(
            by_year[year],
            f"survey year {year} is not over yet (the latest complete year is {latest})",
        )
    # A range may span years with no survey file (a year not surveyed): nothing to load there.
    years = sorted(y for y in context.partition_keys if y in by_year)
    if not by_year:
        _landing_files(source)  # says plainly what is missing
    files = {year: deliver([by_year[year]])[0] for year in years}
    if repseudonymise:
        with warehouse.connect() as connection:
            stored = {w for ws in stored_key_fingerprints(connection).values() for w in ws}
        missing = sorted(y for y in stored if y.isdigit() and y not in files)
        if missing:
            raise dg.Failure(
                f"cannot pseudonymise the stored survey years {', '.join(missing)} again: their "
                f"files are not in {settings.landing_dir / source}. Put them back, then run again."
            )
    changed = [
        y for y in years if repseudonymise or not _unchanged(source, [files[y]], warehouse, y)
    ]
    if not changed:
        return dg.MaterializeResult(metadata=UNCHANGED)
    _refuse_duplicates([files[y] for y in changed], warehouse, reloading=changed)
    origin = data_origin(settings.landing_dir, source)
    loaded_at = datetime.now(UTC)
    latest_year = loaded_at.year - 1  # a survey year is only complete once it is over
    # One year at a time, each written as soon as it is read, in one transaction: a national
    # census (a million rows a year) never holds more than one year in memory, and a file that
    # is refused half-way leaves every year as it was.
    counts: dict[str, dict[str, Any]] = {}  # each year's load-log figures, once its rows are gone
    with warehouse.connect() as connection, load_transaction(connection, source) as load:
        for year in changed:
            context.log.info(f"reading the survey year {year} ({files[year].name})")
            read = read_survey_file(files[year].path, key, loaded_at, max_year=latest_year)
            for table, frame in (
                ("raw.enterprise_survey", read.loaded),
                ("raw.enterprise_survey_quarantine", read.quarantined),
            ):
                load.write(TableWrite(table, frame, "survey_year", (int(year),)))
            counts[year] = {
                "sheet": read.sheet,
                "rows_in": read.rows_in,
                "rows_loaded": read.loaded.height,
                "rows_quarantined": read.quarantined.height,
                "notes": read.notes,
            }
            del read
        archived = archive_all([files[year] for year in changed], settings.warehouse_dir, source)
        log = pl.DataFrame(
            [
                log_row(
                    source,
                    files[year],
                    archived[files[year].name],
                    target_table="raw.enterprise_survey",
                    **figures,
                    loaded_at=loaded_at,
                    run_id=context.run_id,
                    partition_key=year,
                    key_fingerprint=key_fingerprint(key),
                    data_origin=origin,
                )
                for year, figures in counts.items()
            ],
            schema=LOAD_LOG_SCHEMA,
        )
        load.log(log, partition_keys=changed)
    return dg.MaterializeResult(
        metadata={
            **_summary(log),
            "dagster/row_count": dg.MetadataValue.int(int(log["rows_loaded"].sum())),
            "survey_years_loaded": dg.MetadataValue.text(", ".join(changed)),
            "survey_years_unchanged": dg.MetadataValue.text(
                ", ".join(y for y in years if y not in changed) or "none"
            ),
            "survey_years_without_file": dg.MetadataValue.text(
                ", ".join(y for y in context.partition_keys if y not in by_year) or "none"
            ),
        }
    )


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            ["raw", "research_tasks"],
            group_name="ingest",
            kinds={"polars", "duckdb", "excel"},
            owners=OWNERS,
            description="Provincial S&T tasks from DOST's results registry (principal "
            "investigators' names dropped, and withheld from the free text).",
            tags={"source": "research_registry"},
        ),
        dg.AssetSpec(
            ["raw", "research_recipients"],
            group_name="ingest",
            kinds={"polars", "duckdb", "excel"},
            owners=OWNERS,
            description="Units that received each task's results; enterprise tax codes "
            "replaced by the survey's pseudonym.",
            tags={"source": "research_registry"},
        ),
    ],
)
@steward_errors
def research_registry(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> Iterator[dg.MaterializeResult]:
    """The research-results registry workbook: tasks and their recipients."""
    source = "research_registry"
    settings = load_settings()
    key, repseudonymise = _checked_key(context, warehouse)
    files = deliver(_landing_files(source))
    if not repseudonymise and _unchanged(source, files, warehouse):
        for name in ("tasks", "recipients"):
            yield dg.MaterializeResult(asset_key=["raw", f"research_{name}"], metadata=UNCHANGED)
        return
    _refuse_duplicates(files, warehouse)
    origin = data_origin(settings.landing_dir, source)
    loaded_at = datetime.now(UTC)
    reads = {file.name: read_registry_file(file.path, key, loaded_at) for file in files}
    archived = archive_all(files, settings.warehouse_dir, source)
    parts: dict[str, list[pl.DataFrame]] = {"tasks": [], "recipients": []}
    quarantine_parts: dict[str, list[pl.DataFrame]] = {"tasks": [], "recipients": []}
    log_rows = []
    for file in files:
        for name, table in reads[file.name].items():
            parts[name].append(table.loaded)
            quarantine_parts[name].append(table.quarantined)
            log_rows.append(
                log_row(
                    source,
                    file,
                    archived[file.name],
                    target_table=table.target_table,
                    sheet=table.sheet,
                    rows_in=table.rows_in,
                    rows_loaded=table.loaded.height,
                    rows_quarantined=table.quarantined.height,
                    loaded_at=loaded_at,
                    run_id=context.run_id,
                    notes=table.notes,
                    key_fingerprint=key_fingerprint(key),
                    data_origin=origin,
                )
            )
    writes = []
    for name in ("tasks", "recipients"):
        writes.append(
            TableWrite(f"raw.research_{name}", pl.concat(parts[name], how="diagonal_relaxed"))
        )
        writes.append(
            TableWrite(
                f"raw.research_{name}_quarantine",
                pl.concat(quarantine_parts[name], how="diagonal_relaxed"),
            )
        )
    log = pl.DataFrame(log_rows, schema=LOAD_LOG_SCHEMA)
    with warehouse.connect() as connection:
        write_load(connection, writes, log, source=source)
    summary = _summary(log)
    for write in writes[::2]:
        yield dg.MaterializeResult(
            asset_key=write.table.split("."),
            metadata={**summary, "dagster/row_count": dg.MetadataValue.int(write.frame.height)},
        )
