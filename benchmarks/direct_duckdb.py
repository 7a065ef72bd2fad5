"""The like-for-like baseline: the refresh's work done with the fewest tools, DuckDB at the centre.

From the same landing folder as the refresh, into an empty DuckDB file, it times:

- **ingest** (benchmarks/direct_ingest.py): every file the pipeline reads, into the same raw
  tables (loaded and quarantined rows, the load log), typed and checked against the same
  contract rules, the tax codes pseudonymised with the same keyed HMAC:
  - *survey*: DuckDB's ``read_csv`` for the CSV years, fastexcel (calamine) into Arrow for the
    workbook year, the rules as DuckDB SQL generated from the pipeline's contract objects;
  - *registry*: the same, its free text screened by the pipeline's own ``FreeTextScreen``
    (Python, called from SQL);
  - *statistics office*: the yearbook and PX-Web files parsed **by the pipeline's own Python
    parsers** (their table layouts have no SQL form), their duplicates resolved in SQL;
  - *files*: checksums, archive copies, the landing inventory and the load log;
- **models**: every SQLMesh model, rendered once by SQLMesh to plain DuckDB SQL (untimed:
  rendering is compilation, and a hand-written floor would not have it) and run as
  ``CREATE TABLE … AS`` in dependency order: incremental models over every interval the data
  has, seeds inserted from their CSV files, the Python model (the staggered difference in
  differences) run by SQLMesh's own model code against the baseline's tables;
- **publish**: the marts copied into a separate DuckDB file and written as Parquet.

What it leaves out, and the refresh does: orchestration (Dagster runs, events, asset checks),
the Great Expectations suites and SQLMesh audits, SQLMesh's state and plan, the refresh lease,
and the publication's report, workbook, SDMX files, vintages and data dictionary. Its raw
tables and marts are checked against the refresh's (benchmarks/mart_equality.py), so a floor
that did less work than it claims would show as a mismatch.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import duckdb

DATABASE_NAME = "productivity.duckdb"  # named like the warehouse: SQLMesh renders its catalog
PUBLISHED_NAME = "published.duckdb"


@dataclass(frozen=True)
class BaselineTimes:
    survey_seconds: float
    registry_seconds: float
    statistics_office_seconds: float  # the pipeline's yearbook and PX-Web parsers
    files_seconds: float  # landing inventory and load log
    model_seconds: float
    publish_seconds: float
    render_seconds: float  # SQLMesh rendering the models' SQL: not in the total
    survey_rows: int
    fallbacks: list[str] = field(default_factory=list)

    @property
    def ingest_seconds(self) -> float:
        return (
            self.survey_seconds
            + self.registry_seconds
            + self.statistics_office_seconds
            + self.files_seconds
        )

    @property
    def total_seconds(self) -> float:
        return self.ingest_seconds + self.model_seconds + self.publish_seconds


@dataclass(frozen=True)
class RenderedModel:
    schema: str
    table: str
    kind: str  # sql | seed | python
    sql: str  # the model's query, or the cast of its frame to the declared types
    frames: Callable[[duckdb.DuckDBPyConnection], list[Any]] | None = None


def run_baseline(
    project_root: Path, landing: Path, work: Path, environment: str = "test"
) -> BaselineTimes:
    """Ingest ``landing``, build every model of ``project_root`` and publish, into ``work``.

    The pseudonym key is the one the pipeline takes in ``environment``
    (``pseudonym.pseudonym_key``: PRODUCTIVITY_PSEUDONYM_KEY, or the development key outside
    production), so the pseudonyms are the refresh's.
    """
    import duckdb

    from benchmarks.direct_ingest import DirectIngest
    from pipelines.ingest.pseudonym import pseudonym_key

    work.mkdir(parents=True, exist_ok=True)
    database = work / DATABASE_NAME
    for stale in (database, work / f"{DATABASE_NAME}.wal", work / PUBLISHED_NAME):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    models = rendered_models(project_root, database)
    render_seconds = time.perf_counter() - started
    key = pseudonym_key(environment)

    connection = duckdb.connect(str(database))
    connection.execute("SET enable_progress_bar = false")
    ingest = DirectIngest(connection, landing, work / "warehouse", key)
    times: dict[str, float] = {}
    with _timed(times, "files"):
        ingest.landing_inventory()
    with _timed(times, "survey"):
        survey_rows = ingest.enterprise_survey()
    with _timed(times, "registry"):
        ingest.research_registry()
    with _timed(times, "statistics_office"):
        ingest.yearbook()
        ingest.pxweb()
    with _timed(times, "files"):
        ingest.write_load_log()
    ingest.close()

    with _timed(times, "models"):
        for model in models:
            build_model(connection, model)

    published = work / PUBLISHED_NAME
    parquet = work / "parquet"
    parquet.mkdir(exist_ok=True)
    marts = [m.table for m in models if m.schema == "marts"]
    with _timed(times, "publish"):
        connection.execute(f"ATTACH '{published}' AS publication")
        connection.execute("CREATE SCHEMA publication.marts")
        for table in marts:
            connection.execute(
                f"CREATE TABLE publication.marts.{table} AS SELECT * FROM marts.{table}"
            )
            connection.execute(
                f"COPY marts.{table} TO '{parquet / table}.parquet' (FORMAT parquet)"
            )
        connection.execute("DETACH publication")
    connection.close()
    return BaselineTimes(
        survey_seconds=times["survey"],
        registry_seconds=times["registry"],
        statistics_office_seconds=times["statistics_office"],
        files_seconds=times["files"],
        model_seconds=times["models"],
        publish_seconds=times["publish"],
        render_seconds=render_seconds,
        survey_rows=survey_rows,
        fallbacks=list(ingest.fallbacks),
    )


def model_seconds_only(times: BaselineTimes) -> float:
    """The old baseline's measure: the models' SQL alone (the "models only" ratio)."""
    return times.model_seconds


@contextmanager
def _timed(times: dict[str, float], name: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        times[name] = times.get(name, 0.0) + time.perf_counter() - started


def build_model(connection: duckdb.DuckDBPyConnection, model: RenderedModel) -> None:
    connection.execute(f"CREATE SCHEMA IF NOT EXISTS {model.schema}")
    target = f"{model.schema}.{model.table}"
    if model.frames is None:
        connection.execute(f"CREATE TABLE {target} AS {model.sql}")
        return
    import pandas as pd

    frames = model.frames(connection)
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    connection.register("baseline_model_frame", frame)
    connection.execute(f"CREATE TABLE {target} AS {model.sql}")
    connection.unregister("baseline_model_frame")


def rendered_models(project_root: Path, database: Path) -> list[RenderedModel]:
    """Every model of the project, upstream first, as DuckDB SQL (or a frame and its cast).

    An incremental model is rendered over every interval from its start to now, so it holds
    every survey year, as the refresh's backfill does.
    """
    import warnings

    previous = os.environ.get("PRODUCTIVITY_WAREHOUSE")
    os.environ["PRODUCTIVITY_WAREHOUSE"] = str(database)
    # pandas warns about SQLMesh's seed parsing; the casts below set the types anyway
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", category=UserWarning, module="sqlmesh")
    from sqlmesh import Context
    from sqlmesh.core.model import PythonModel, SeedModel

    from pipelines.lib.sqlmesh_project import SQLMeshProject

    try:
        order = [node.name for node in SQLMeshProject(project_root).models()]
        context = Context(paths=[project_root])
        now = datetime.now(UTC)
        rendered: list[RenderedModel] = []
        for name in order:
            model = context.get_model(name)
            schema, table = name.split(".")
            casts = ", ".join(
                f'CAST("{column}" AS {data_type.sql(dialect="duckdb")}) AS "{column}"'
                for column, data_type in (model.columns_to_types or {}).items()
            )
            cast_frame = f"SELECT {casts} FROM baseline_model_frame"
            if isinstance(model, SeedModel):
                seed = list(model.render_seed())
                rendered.append(
                    RenderedModel(schema, table, "seed", cast_frame, _seed_frames(seed))
                )
            elif isinstance(model, PythonModel):
                rendered.append(
                    RenderedModel(
                        schema,
                        table,
                        "python",
                        cast_frame,
                        _python_model_frames(model, order + sorted(model.depends_on or ()), now),
                    )
                )
            else:
                start = model.start or now
                query = context.render(name, start=start, end=now, execution_time=now)
                rendered.append(RenderedModel(schema, table, "sql", query.sql(dialect="duckdb")))
        context.close()
    finally:
        if previous is None:
            os.environ.pop("PRODUCTIVITY_WAREHOUSE", None)
        else:
            os.environ["PRODUCTIVITY_WAREHOUSE"] = previous
    return rendered


def _seed_frames(seed: list[Any]) -> Callable[[duckdb.DuckDBPyConnection], list[Any]]:
    """A seed's frames, already read by SQLMesh (``SeedModel.render_seed``)."""
    return lambda _connection: seed


def _python_model_frames(
    model: Any, names: list[str], now: datetime
) -> Callable[[duckdb.DuckDBPyConnection], list[Any]]:
    """A Python model run by SQLMesh's own code (``PythonModel.render``) in an execution
    context whose every model (``names``) is the baseline's table of the same name: there are
    no snapshots and no physical tables behind views here."""

    def run(connection: duckdb.DuckDBPyConnection) -> list[Any]:
        from sqlmesh.core.context import ExecutionContext
        from sqlmesh.core.dialect import normalize_model_name
        from sqlmesh.core.engine_adapter.duckdb import DuckDBEngineAdapter

        catalog = DATABASE_NAME.removesuffix(".duckdb")
        qualified = (normalize_model_name(name, catalog, "duckdb") for name in names)
        mapping = {name: name for name in qualified}

        class BaselineContext(ExecutionContext):
            @property
            def _model_tables(self) -> dict[str, str]:
                return mapping

            def with_variables(
                self,
                variables: dict[str, Any],
                blueprint_variables: dict[str, Any] | None = None,
            ) -> ExecutionContext:
                return BaselineContext(
                    self.engine_adapter,
                    {},
                    default_dialect="duckdb",
                    default_catalog=catalog,
                    variables=variables,
                    blueprint_variables=blueprint_variables,
                )

        adapter = DuckDBEngineAdapter(lambda: connection, default_catalog=catalog)
        context = BaselineContext(adapter, {}, default_dialect="duckdb", default_catalog=catalog)
        start = model.start or now
        return list(model.render(context=context, start=start, end=now, execution_time=now))

    return run
