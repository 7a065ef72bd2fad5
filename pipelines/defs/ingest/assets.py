"""Ingest assets: the sources' files, as delivered in the landing folder, into the raw schema.

Every asset follows the same rules:
- every file is read completely before anything is written, and its tables, quarantine and
  load-log rows are written in one transaction: a bad file loads nothing half-way;
- for every file (and sheet), rows in = rows loaded + rows quarantined, in `raw.load_log`;
- the file is archived unchanged, under its checksum, in the restricted archive;
- files already loaded with the same checksum are not loaded again: re-running changes nothing.
"""

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import polars as pl

from pipelines.ingest.enterprise_survey import read_survey_file
from pipelines.ingest.errors import SourceFileError
from pipelines.ingest.landing import (
    LOAD_LOG_SCHEMA,
    archive_all,
    deliver,
    fingerprint,
    log_row,
    source_files,
    survey_files_by_year,
)
from pipelines.ingest.pseudonym import pseudonym_key
from pipelines.ingest.research_registry import read_registry_file
from pipelines.ingest.yearbook import CELL_SCHEMA, read_yearbook_file
from pipelines.lib.resources import WarehouseResource
from pipelines.lib.warehouse import TableWrite, loaded_files, write_load
from pipelines.settings import load_settings

WAREHOUSE_WRITER_POOL = "warehouse_writer"
OWNERS = ["team:dost-data"]

# One partition per survey year; the landing-folder sensor (and `productivity refresh`) adds
# a year when its file first arrives.
SURVEY_YEARS_NAME = "survey_year"
SURVEY_YEARS = dg.DynamicPartitionsDefinition(name=SURVEY_YEARS_NAME)


def _landing_files(source: str) -> list[Path]:
    settings = load_settings()
    files = source_files(settings.landing_dir, source)
    if not files:
        raise dg.Failure(f"no {source} files in {settings.landing_dir / source}")
    return files


def _summary(log: pl.DataFrame) -> dict[str, dg.MetadataValue]:
    table = log.select("source_file", "sheet", "rows_in", "rows_loaded", "rows_quarantined")
    header = "| " + " | ".join(table.columns) + " |\n|" + "---|" * len(table.columns) + "\n"
    body = "".join("| " + " | ".join(str(v) for v in row) + " |\n" for row in table.iter_rows())
    return {
        "files": dg.MetadataValue.int(log["source_file"].n_unique()),
        "rows_in": dg.MetadataValue.int(int(log["rows_in"].sum())),
        "rows_loaded": dg.MetadataValue.int(int(log["rows_loaded"].sum())),
        "rows_quarantined": dg.MetadataValue.int(int(log["rows_quarantined"].sum())),
        "load_log": dg.MetadataValue.md(header + body),
    }


def _unchanged(
    source: str, files: list, warehouse: WarehouseResource, partition: str | None = None
) -> bool:
    with warehouse.connect() as connection:
        return loaded_files(connection, source, partition) == fingerprint(files)


UNCHANGED = {
    "unchanged": dg.MetadataValue.text("every file was already loaded with the same checksum")
}


@dg.asset(
    key=["raw", "yearbook_cells"],
    group_name="ingest",
    kinds={"polars", "duckdb", "excel"},
    owners=OWNERS,
    pool=WAREHOUSE_WRITER_POOL,
    tags={"source": "statistics_office"},
)
def yearbook_cells(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """Every cell of every edition of the statistical-yearbook tables (Niên giám thống kê).

    Long form: geography × indicator × sector × year, in normalised units (million VND,
    persons), with the edition and the preliminary flag. All editions are kept, so revisions
    can be traced; `intermediate.int_yearbook_series_latest` picks the current vintage.
    A table delivered both in its workbook and as its own CSV is loaded once; the CSV's cells
    go to quarantine as duplicates, after checking they agree with the workbook.
    """
    source = "statistics_office"
    files = deliver(_landing_files(source))
    if _unchanged(source, files, warehouse):
        return dg.MaterializeResult(metadata=UNCHANGED)
    loaded_at = datetime.now(UTC)
    cells = pl.concat([read_yearbook_file(f.path, loaded_at) for f in files])
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
    cells = cells.sort(
        pl.col("source_file").str.ends_with(".csv"), "source_file", "sheet", "source_row"
    ).with_columns(pl.int_range(pl.len()).over(key).alias("copy_number"))
    duplicates = cells.filter(pl.col("copy_number") > 0)
    originals = cells.filter(pl.col("copy_number") == 0).drop("copy_number")
    _check_duplicates_agree(duplicates, originals, key)
    quarantine = duplicates.select(
        *CELL_SCHEMA,
        pl.format(
            "duplicate of {} sheet {} (same edition, same values)", "source_file", "sheet"
        ).alias("quarantine_reason"),
    )
    archived = archive_all(files, load_settings().warehouse_dir, source)

    def count(frame: pl.DataFrame, file: str, sheet: str) -> int:
        return frame.filter((pl.col("source_file") == file) & (pl.col("sheet") == sheet)).height

    log = pl.DataFrame(
        [
            log_row(
                source,
                file,
                archived[file.name],
                target_table="raw.yearbook_cells",
                sheet=sheet,
                rows_in=count(cells, file.name, sheet),
                rows_loaded=count(originals, file.name, sheet),
                rows_quarantined=count(quarantine, file.name, sheet),
                loaded_at=loaded_at,
                run_id=context.run_id,
            )
            for file in files
            for sheet in cells.filter(pl.col("source_file") == file.name)["sheet"].unique().sort()
        ],
        schema=LOAD_LOG_SCHEMA,
    )
    with warehouse.connect() as connection:
        write_load(
            connection,
            [
                TableWrite("raw.yearbook_cells", originals),
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
    key=["raw", "enterprise_survey"],
    group_name="ingest",
    kinds={"polars", "duckdb", "csv"},
    owners=OWNERS,
    pool=WAREHOUSE_WRITER_POOL,
    partitions_def=SURVEY_YEARS,
    # Many years in one run (one transaction), not one run per year.
    backfill_policy=dg.BackfillPolicy.single_run(),
    tags={"source": "enterprise_survey"},
)
def enterprise_survey(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """Enterprise-survey microdata (Điều tra doanh nghiệp), one row per enterprise and year.

    Partitioned by survey year: a year's load replaces that year's rows only. Tax codes are
    replaced by a keyed pseudonym (`enterprise_id`) and names, addresses and phones are
    dropped as the file is read: no personal field reaches the warehouse. Rows that break
    the source contract go to `raw.enterprise_survey_quarantine` with the rule they broke.
    """
    source = "enterprise_survey"
    settings = load_settings()
    by_year = survey_files_by_year(settings.landing_dir)
    years = sorted(context.partition_keys)
    missing = [year for year in years if year not in by_year]
    if missing:
        raise dg.Failure(
            f"no survey file for {', '.join(missing)} in {settings.landing_dir / source}"
        )
    files = {year: deliver([by_year[year]])[0] for year in years}
    changed = [year for year in years if not _unchanged(source, [files[year]], warehouse, year)]
    if not changed:
        return dg.MaterializeResult(metadata=UNCHANGED)
    key = pseudonym_key(settings.environment)
    loaded_at = datetime.now(UTC)
    latest_year = loaded_at.year - 1  # a survey year is only complete once it is over
    reads = {
        year: read_survey_file(files[year].path, key, loaded_at, max_year=latest_year)
        for year in changed
    }
    archived = archive_all([files[year] for year in changed], settings.warehouse_dir, source)
    loaded = pl.concat([r.loaded for r in reads.values()])
    quarantine = pl.concat([r.quarantined for r in reads.values()], how="diagonal_relaxed")
    log = pl.DataFrame(
        [
            log_row(
                source,
                files[year],
                archived[files[year].name],
                target_table="raw.enterprise_survey",
                rows_in=read.rows_in,
                rows_loaded=read.loaded.height,
                rows_quarantined=read.quarantined.height,
                loaded_at=loaded_at,
                run_id=context.run_id,
                partition_key=year,
            )
            for year, read in reads.items()
        ],
        schema=LOAD_LOG_SCHEMA,
    )
    partitions = tuple(int(year) for year in changed)
    with warehouse.connect() as connection:
        write_load(
            connection,
            [
                TableWrite("raw.enterprise_survey", loaded, "survey_year", partitions),
                TableWrite(
                    "raw.enterprise_survey_quarantine", quarantine, "survey_year", partitions
                ),
            ],
            log,
            source=source,
            partition_keys=changed,
        )
    return dg.MaterializeResult(
        metadata={
            **_summary(log),
            "dagster/row_count": dg.MetadataValue.int(loaded.height),
            "survey_years_loaded": dg.MetadataValue.text(", ".join(changed)),
            "survey_years_unchanged": dg.MetadataValue.text(
                ", ".join(y for y in years if y not in changed) or "none"
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
            "investigators' names dropped).",
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
    pool=WAREHOUSE_WRITER_POOL,
)
def research_registry(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> Iterator[dg.MaterializeResult]:
    """The research-results registry workbook: tasks and their recipients."""
    source = "research_registry"
    settings = load_settings()
    files = deliver(_landing_files(source))
    if _unchanged(source, files, warehouse):
        for name in ("tasks", "recipients"):
            yield dg.MaterializeResult(asset_key=["raw", f"research_{name}"], metadata=UNCHANGED)
        return
    key = pseudonym_key(settings.environment)
    loaded_at = datetime.now(UTC)
    archived = archive_all(files, settings.warehouse_dir, source)
    parts: dict[str, list[pl.DataFrame]] = {"tasks": [], "recipients": []}
    quarantine_parts: dict[str, list[pl.DataFrame]] = {"tasks": [], "recipients": []}
    log_rows = []
    for file in files:
        for name, table in read_registry_file(file.path, key, loaded_at).items():
            parts[name].append(table.loaded)
            quarantine_parts[name].append(table.quarantined)
            log_rows.append(
                log_row(
                    source,
                    file,
                    archived[file.name],
                    target_table=f"raw.research_{name}",
                    sheet=table.sheet,
                    rows_in=table.rows_in,
                    rows_loaded=table.loaded.height,
                    rows_quarantined=table.quarantined.height,
                    loaded_at=loaded_at,
                    run_id=context.run_id,
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
