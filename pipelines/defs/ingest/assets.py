"""Ingest assets: the sources' files, as delivered in the landing folder, into the raw schema.

Each asset reads every file of its source, writes the loaded rows, the quarantined rows and
the load log in one transaction, and reports rows in = loaded + quarantined per file.
"""

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import polars as pl

from pipelines.ingest.contracts import load_contract
from pipelines.ingest.enterprise_survey import read_survey_file
from pipelines.ingest.errors import SourceFileError
from pipelines.ingest.lineage import file_sha256
from pipelines.ingest.pseudonym import pseudonym_key
from pipelines.ingest.research_registry import read_registry_file
from pipelines.ingest.yearbook import CELL_SCHEMA, read_yearbook_file
from pipelines.lib.resources import WarehouseResource
from pipelines.lib.warehouse import replace_tables
from pipelines.settings import load_settings

WAREHOUSE_WRITER_POOL = "warehouse_writer"
OWNERS = ["team:dost-data"]

LOAD_LOG_SCHEMA = pl.Schema(
    [
        ("source", pl.String()),
        ("source_file", pl.String()),
        ("source_sha256", pl.String()),
        ("sheet", pl.String()),
        ("target_table", pl.String()),
        ("rows_in", pl.Int64()),
        ("rows_loaded", pl.Int64()),
        ("rows_quarantined", pl.Int64()),
        ("loaded_at", pl.Datetime("us", "UTC")),
        ("dagster_run_id", pl.String()),
    ]
)


def source_files(source: str) -> list[Path]:
    """The files of a source in the landing folder that its contract's name pattern accepts."""
    import re

    folder = load_settings().landing_dir / source
    pattern = re.compile(load_contract(source)["file_name_pattern"])
    files = sorted(p for p in folder.glob("*") if p.is_file() and pattern.match(p.name))
    if not files:
        raise dg.Failure(f"no {source} files in {folder} (expected names like {pattern.pattern})")
    return files


def _summary(log: pl.DataFrame) -> dict[str, dg.MetadataValue]:
    table = log.select("source_file", "sheet", "rows_in", "rows_loaded", "rows_quarantined")
    balanced = log.filter(
        pl.col("rows_in") != pl.col("rows_loaded") + pl.col("rows_quarantined")
    ).is_empty()
    return {
        "files": dg.MetadataValue.int(log["source_file"].n_unique()),
        "rows_in": dg.MetadataValue.int(int(log["rows_in"].sum())),
        "rows_loaded": dg.MetadataValue.int(int(log["rows_loaded"].sum())),
        "rows_quarantined": dg.MetadataValue.int(int(log["rows_quarantined"].sum())),
        "rows_balance": dg.MetadataValue.bool(balanced),
        "load_log": dg.MetadataValue.md(_markdown(table)),
    }


def _markdown(frame: pl.DataFrame) -> str:
    header = "| " + " | ".join(frame.columns) + " |\n|" + "---|" * len(frame.columns) + "\n"
    rows = "".join("| " + " | ".join(str(v) for v in row) + " |\n" for row in frame.iter_rows())
    return header + rows


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
    loaded_at = datetime.now(UTC)
    frames = [read_yearbook_file(path, loaded_at) for path in source_files("statistics_office")]
    cells = pl.concat(frames)
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
    )
    first = cells.with_columns(pl.int_range(pl.len()).over(key).alias("copy_number"))
    duplicates = first.filter(pl.col("copy_number") > 0)
    originals = first.filter(pl.col("copy_number") == 0).drop("copy_number")
    if not duplicates.is_empty():
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
    quarantine = duplicates.select(
        *CELL_SCHEMA,
        pl.format(
            "duplicate of {} sheet {} (same edition, same values)", "source_file", "sheet"
        ).alias("quarantine_reason"),
    )
    log = _yearbook_log(cells, originals, quarantine, loaded_at, context.run_id)
    with warehouse.connect() as connection:
        replace_tables(
            connection,
            {"raw.yearbook_cells": originals, "raw.yearbook_quarantine": quarantine},
            log,
            log_source="statistics_office",
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


def _yearbook_log(
    cells: pl.DataFrame,
    loaded: pl.DataFrame,
    quarantine: pl.DataFrame,
    loaded_at: datetime,
    run_id: str,
) -> pl.DataFrame:
    """Per file and sheet: cells read, loaded, quarantined (a yearbook 'row' is one cell)."""
    group = ["source_file", "source_sha256", "sheet"]

    def counts(frame: pl.DataFrame, name: str) -> pl.DataFrame:
        return frame.group_by(group).agg(pl.len().cast(pl.Int64).alias(name))

    log = (
        counts(cells, "rows_in")
        .join(counts(loaded, "rows_loaded"), on=group, how="left")
        .join(counts(quarantine, "rows_quarantined"), on=group, how="left")
        .with_columns(pl.col("rows_loaded", "rows_quarantined").fill_null(0))
    )
    return (
        log.with_columns(
            source=pl.lit("statistics_office"),
            target_table=pl.lit("raw.yearbook_cells"),
            loaded_at=pl.lit(loaded_at, pl.Datetime("us", "UTC")),
            dagster_run_id=pl.lit(run_id),
        )
        .select(list(LOAD_LOG_SCHEMA))
        .sort("source_file", "sheet")
    )


@dg.asset(
    key=["raw", "enterprise_survey"],
    group_name="ingest",
    kinds={"polars", "duckdb", "csv"},
    owners=OWNERS,
    pool=WAREHOUSE_WRITER_POOL,
    tags={"source": "enterprise_survey"},
)
def enterprise_survey(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """Enterprise-survey microdata (Điều tra doanh nghiệp), one row per enterprise and year.

    Tax codes are replaced by a keyed pseudonym (`enterprise_id`) and names, addresses and
    phones are dropped as the file is read: no personal field reaches the warehouse. Rows
    that break the source contract go to `raw.enterprise_survey_quarantine` with the rule.
    """
    settings = load_settings()
    key = pseudonym_key(settings.environment)
    loaded_at = datetime.now(UTC)
    latest_year = loaded_at.year - 1  # a survey year is only complete once it is over
    reads = [
        read_survey_file(path, key, loaded_at, max_year=latest_year)
        for path in source_files("enterprise_survey")
    ]
    loaded = pl.concat([r.loaded for r in reads])
    quarantine = pl.concat([r.quarantined for r in reads], how="diagonal_relaxed")
    log = pl.DataFrame(
        [
            {
                "source": "enterprise_survey",
                "source_file": r.source_file,
                "source_sha256": r.source_sha256,
                "sheet": None,
                "target_table": "raw.enterprise_survey",
                "rows_in": r.rows_in,
                "rows_loaded": r.loaded.height,
                "rows_quarantined": r.quarantined.height,
                "loaded_at": loaded_at,
                "dagster_run_id": context.run_id,
            }
            for r in reads
        ],
        schema=LOAD_LOG_SCHEMA,
    )
    with warehouse.connect() as connection:
        replace_tables(
            connection,
            {"raw.enterprise_survey": loaded, "raw.enterprise_survey_quarantine": quarantine},
            log,
            log_source="enterprise_survey",
        )
    return dg.MaterializeResult(
        metadata={
            **_summary(log),
            "dagster/row_count": dg.MetadataValue.int(loaded.height),
            "survey_years": dg.MetadataValue.text(", ".join(str(r.survey_year) for r in reads)),
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
    settings = load_settings()
    key = pseudonym_key(settings.environment)
    loaded_at = datetime.now(UTC)
    tables: dict[str, pl.DataFrame] = {}
    log_rows = []
    counts: dict[str, int] = {"tasks": 0, "recipients": 0}
    loaded_parts: dict[str, list[pl.DataFrame]] = {"tasks": [], "recipients": []}
    quarantine_parts: dict[str, list[pl.DataFrame]] = {"tasks": [], "recipients": []}
    for path in source_files("research_registry"):
        for name, table in read_registry_file(path, key, loaded_at).items():
            loaded_parts[name].append(table.loaded)
            if not table.quarantined.is_empty():
                quarantine_parts[name].append(table.quarantined)
            counts[name] += table.loaded.height
            log_rows.append(
                {
                    "source": "research_registry",
                    "source_file": path.name,
                    "source_sha256": file_sha256(path),
                    "sheet": table.sheet,
                    "target_table": f"raw.research_{name}",
                    "rows_in": table.rows_in,
                    "rows_loaded": table.loaded.height,
                    "rows_quarantined": table.quarantined.height,
                    "loaded_at": loaded_at,
                    "dagster_run_id": context.run_id,
                }
            )
    for name in ("tasks", "recipients"):
        tables[f"raw.research_{name}"] = pl.concat(loaded_parts[name], how="diagonal_relaxed")
        tables[f"raw.research_{name}_quarantine"] = (
            pl.concat(quarantine_parts[name], how="diagonal_relaxed")
            if quarantine_parts[name]
            else pl.DataFrame(
                schema={
                    "source_file": pl.String,
                    "source_row": pl.String,
                    "quarantine_reason": pl.String,
                }
            )
        )
    log = pl.DataFrame(log_rows, schema=LOAD_LOG_SCHEMA)
    with warehouse.connect() as connection:
        replace_tables(connection, tables, log, log_source="research_registry")
    summary = _summary(log)
    for name in ("tasks", "recipients"):
        yield dg.MaterializeResult(
            asset_key=["raw", f"research_{name}"],
            metadata={**summary, "dagster/row_count": dg.MetadataValue.int(counts[name])},
        )
