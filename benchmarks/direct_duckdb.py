"""The baseline: the same transformations run directly as DuckDB SQL, with no orchestration
and no validation.

Starting from the raw tables a refresh loaded (copied, untimed, from that refresh's warehouse),
it times three things:

- **read**: DuckDB's own `read_csv` over the survey's CSV files, the bare engine's floor for
  reading the same bytes (the one workbook year, which DuckDB cannot read without a download,
  is left out);
- **models**: every SQLMesh model's SQL, rendered once by SQLMesh to plain DuckDB SQL, run as
  `CREATE TABLE … AS` in dependency order (seeds inserted from their CSV files);
- **publish**: the marts copied into a separate DuckDB file and written as Parquet.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True)
class BaselineTimes:
    read_seconds: float
    model_seconds: float
    publish_seconds: float
    survey_csv_rows: int

    @property
    def total_seconds(self) -> float:
        return self.read_seconds + self.model_seconds + self.publish_seconds


def run_baseline(
    project_root: Path, refreshed_warehouse: Path, landing: Path, work: Path
) -> BaselineTimes:
    """Rebuild every model of ``project_root`` from ``refreshed_warehouse``'s raw tables."""
    import duckdb
    import pandas as pd

    work.mkdir(parents=True, exist_ok=True)
    # The file is named like the warehouse so the catalog SQLMesh renders ("productivity")
    # is this file's own.
    database = work / "productivity.duckdb"
    for stale in (database, work / "productivity.duckdb.wal", work / "published.duckdb"):
        stale.unlink(missing_ok=True)
    models = _rendered_models(project_root, database)

    connection = duckdb.connect(str(database))
    connection.execute(f"ATTACH '{refreshed_warehouse}' AS refreshed (READ_ONLY)")
    schemas = {schema for schema, *_ in models} | {"raw"}
    for schema in sorted(schemas):
        connection.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    for (table,) in connection.execute(
        "SELECT table_name FROM duckdb_tables() "
        "WHERE database_name = 'refreshed' AND schema_name = 'raw'"
    ).fetchall():
        connection.execute(f"CREATE TABLE raw.{table} AS SELECT * FROM refreshed.raw.{table}")
    connection.execute("DETACH refreshed")

    csv_files = sorted(str(p) for p in (landing / "enterprise_survey").glob("*.csv"))
    started = time.perf_counter()
    connection.execute(
        "CREATE TABLE raw.survey_read_csv AS SELECT * FROM read_csv(?, union_by_name = true, "
        "all_varchar = true)",
        [csv_files],
    )
    read_seconds = time.perf_counter() - started
    row = connection.execute("SELECT count(*) FROM raw.survey_read_csv").fetchone()
    survey_csv_rows = int(row[0]) if row else 0
    connection.execute("DROP TABLE raw.survey_read_csv")

    started = time.perf_counter()
    for schema, table, sql, seed in models:
        if seed is not None:
            frame = pd.concat(seed, ignore_index=True) if seed else pd.DataFrame()
            connection.register("seed_frame", frame)
            connection.execute(f"CREATE TABLE {schema}.{table} AS {sql}")
            connection.unregister("seed_frame")
        else:
            connection.execute(f"CREATE TABLE {schema}.{table} AS {sql}")
    model_seconds = time.perf_counter() - started

    published = work / "published.duckdb"
    parquet = work / "parquet"
    parquet.mkdir(exist_ok=True)
    marts = [table for schema, table, *_ in models if schema == "marts"]
    started = time.perf_counter()
    connection.execute(f"ATTACH '{published}' AS publication")
    connection.execute("CREATE SCHEMA publication.marts")
    for table in marts:
        connection.execute(f"CREATE TABLE publication.marts.{table} AS SELECT * FROM marts.{table}")
        connection.execute(f"COPY marts.{table} TO '{parquet / table}.parquet' (FORMAT parquet)")
    connection.execute("DETACH publication")
    publish_seconds = time.perf_counter() - started
    connection.close()
    return BaselineTimes(read_seconds, model_seconds, publish_seconds, survey_csv_rows)


def _rendered_models(
    project_root: Path, database: Path
) -> list[tuple[str, str, str, list[object] | None]]:
    """(schema, table, DuckDB SQL, seed frames or None) for every model, upstream first.

    A seed's SQL is the cast of its frame to the model's declared column types.
    """
    os.environ["PRODUCTIVITY_WAREHOUSE"] = str(database)
    import warnings

    # pandas warns about SQLMesh's seed parsing; the casts below set the types anyway
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", category=UserWarning, module="sqlmesh")
    from sqlmesh import Context
    from sqlmesh.core.model import SeedModel

    from pipelines.lib.sqlmesh_project import SQLMeshProject

    order = [node.name for node in SQLMeshProject(project_root).models()]
    context = Context(paths=[project_root])
    rendered: list[tuple[str, str, str, list[object] | None]] = []
    for name in order:
        model = context.get_model(name)
        schema, table = name.split(".")
        if isinstance(model, SeedModel):
            casts = ", ".join(
                f'CAST("{column}" AS {data_type.sql(dialect="duckdb")}) AS "{column}"'
                for column, data_type in (model.columns_to_types or {}).items()
            )
            rendered.append(
                (schema, table, f"SELECT {casts} FROM seed_frame", list(model.render_seed()))
            )
        else:
            # every interval at once: the survey's incremental models read the years of the
            # range they are rendered for
            query = context.render(name, start=model.start or "2010-01-01", end=datetime.now(UTC))
            rendered.append((schema, table, query.sql(dialect="duckdb"), None))
    context.close()
    return rendered
