"""SQLMesh configuration: the project is rooted here, DuckDB is the default gateway.

The warehouse file is decided where every other path is, `pipelines.settings.load_settings`
(PRODUCTIVITY_WAREHOUSE, else PRODUCTIVITY_WAREHOUSE_DIR/productivity.duckdb, else
warehouse/productivity.duckdb), so the CLI, the Dagster webserver and daemon, sensors,
schedules and SQLMesh always write the same file. SQLMesh keeps its state in that same file,
unless PRODUCTIVITY_POSTGRES_URL is set:
then the state (snapshots, environments, intervals) lives in that PostgreSQL database, next to
Dagster's storage, as on a shared server (README, "Settings").

A second gateway, `spark`, builds the same models on Apache Spark (`sqlmesh --gateway spark
plan`, or `Context(gateway="spark")`): the scale-out path, tested against DuckDB's results by
tests/test_spark_gateway.py. It needs PySpark and a Java runtime, which only the dev extras and
CI install; the duckdb gateway never loads them.
"""

import os
import typing as t
from pathlib import Path

from sqlmesh.core.config import (
    Config,
    DuckDBConnectionConfig,
    GatewayConfig,
    LinterConfig,
    ModelDefaultsConfig,
    PostgresConnectionConfig,
    SparkConnectionConfig,
)

from pipelines.lib.sqlmesh_model_cache import cache_models_wherever_the_warehouse_is
from pipelines.lib.sqlmesh_seeds import read_seeds_as_text
from pipelines.settings import (
    POSTGRES_URL_VARIABLE,
    duckdb_settings,
    load_settings,
    parse_postgres_url,
)

read_seeds_as_text()  # reference codes keep their leading zeros (pipelines/lib/sqlmesh_seeds.py)
# a warehouse in a new folder reuses the parsed models (pipelines/lib/sqlmesh_model_cache.py)
cache_models_wherever_the_warehouse_is()

SETTINGS = load_settings()
WAREHOUSE = str(SETTINGS.warehouse_path)

POSTGRES_URL = os.environ.get(POSTGRES_URL_VARIABLE)
STATE_CONNECTION = (
    PostgresConnectionConfig(**vars(parse_postgres_url(POSTGRES_URL))) if POSTGRES_URL else None
)

# --- the spark gateway -------------------------------------------------------------------------
# Everything the local Spark gateway writes (its tables, its Hive metastore, its SQLMesh state)
# goes under one folder, by default beside the DuckDB warehouse, so that a test or a second
# checkout points it elsewhere with one variable and nothing lands in the working directory.
SPARK_DIR = Path(
    os.environ.get("PRODUCTIVITY_SPARK_DIR") or SETTINGS.warehouse_dir / "spark"
).resolve()
# local[2]: Spark in this process's JVM on two threads, the machine's two cores. A cluster
# gives its master URL instead (spark://host:7077, yarn, k8s://...): README, "Scale-out".
SPARK_MASTER = os.environ.get("PRODUCTIVITY_SPARK_MASTER", "local[2]")
# SQLMesh builds this many models at once. On the sample a model's time is Spark's fixed cost
# per statement (planning, the metastore, committing files), not computing: four at a time
# overlap those waits on two cores (the project builds in about a minute, 80 s with two).
SPARK_CONCURRENT_TASKS = 4


def spark_config(folder: Path, master: str) -> dict[str, str]:
    """The Spark settings of the gateway, each for a reason given beside it."""
    metastore = folder / "metastore_db"
    return {
        "spark.master": master,
        "spark.app.name": "angiang-productivity-sqlmesh",
        # The default, 200 shuffle partitions, suits terabytes: on the province's few
        # thousand rows every join and aggregation would start 200 near-empty tasks. Two, one
        # per core of local[2], for shuffles and for the frames made from pandas (seeds); a
        # cluster raises both to a few times its cores.
        "spark.sql.shuffle.partitions": "2",
        "spark.default.parallelism": "2",
        # No web UI: nobody watches it in a batch build, and every session would take a port
        # (4040, 4041, ...) that parallel tests or a running Dagster UI might be using.
        "spark.ui.enabled": "false",
        # Managed tables are written here instead of ./spark-warehouse in whatever folder the
        # command happens to run in.
        "spark.sql.warehouse.dir": str(folder / "warehouse"),
        # SQLMesh starts the session with Hive support (it needs a catalog that outlives the
        # session). Locally that catalog is an embedded Derby database: kept under the same
        # folder (not ./metastore_db), and Derby's log too (not ./derby.log).
        "spark.hadoop.javax.jdo.option.ConnectionURL": (
            f"jdbc:derby:;databaseName={metastore};create=true"
        ),
        "spark.driver.extraJavaOptions": (
            f"-Dderby.system.home={folder} -Dderby.stream.error.file={folder / 'derby.log'}"
        ),
        # Spark 3.5 would create a table without USING as a Hive text-format table; Parquet,
        # Spark's own format, keeps every type (DATE, TIMESTAMP, DOUBLE bits) as written.
        "spark.sql.legacy.createHiveTableByDefault": "false",
        # Seeds and the Python model hand SQLMesh pandas frames: Arrow moves them to Spark
        # (and query results back) in columnar batches, not row by row through pickled Python.
        "spark.sql.execution.arrow.pyspark.enabled": "true",
    }


def _spark_reads_text_columns() -> None:
    """Let the Spark adapter take seed frames whose columns are text (idempotent).

    The seeds are read with every column as text (pipelines/lib/sqlmesh_seeds.py); DuckDB casts
    each to the type its model declares when SQLMesh inserts the frame. SQLMesh's Spark adapter
    instead builds the Spark frame with the declared types, and Spark refuses the text '2016'
    for an INT column. So a text column becomes a Spark STRING column first, and the adapter's
    own SELECT CAST(column AS declared type) then converts it in Spark, as DuckDB does.
    """
    from sqlglot import exp
    from sqlmesh.core.engine_adapter.spark import SparkEngineAdapter

    original = SparkEngineAdapter._ensure_pyspark_df
    if getattr(original, "_productivity_text_columns", False):
        return

    def _ensure_pyspark_df(
        self: t.Any,
        generic_df: t.Any,
        target_columns_to_types: dict[str, exp.DataType] | None = None,
        source_columns: list[str] | None = None,
    ) -> t.Any:
        frame = self.try_get_pandas_df(generic_df)
        if frame is not None and target_columns_to_types:
            columns = [
                c for c in target_columns_to_types if source_columns is None or c in source_columns
            ]
            text = exp.DataType.build("STRING", dialect="spark")
            schema = {
                c: text if _holds_text(frame[c]) else target_columns_to_types[c] for c in columns
            }
            generic_df = self.spark.createDataFrame(
                frame[columns], schema=self.sqlglot_to_spark_types(schema)
            )
        return original(self, generic_df, target_columns_to_types, source_columns)

    _ensure_pyspark_df._productivity_text_columns = True  # type: ignore[attr-defined]
    SparkEngineAdapter._ensure_pyspark_df = _ensure_pyspark_df  # type: ignore[method-assign]


def _holds_text(column: t.Any) -> bool:
    """A pandas column of Python strings (missing values aside)."""
    values = column.dropna()
    return column.dtype == object and len(values) > 0 and all(isinstance(v, str) for v in values)


_spark_reads_text_columns()


class LazySparkConnectionConfig(SparkConnectionConfig):
    """SQLMesh's Spark connection, whose Spark session starts when a model first needs it.

    SQLMesh makes an engine adapter for every gateway of the configuration, whichever gateway
    is selected, and SQLMesh's own Spark connection starts its Spark session (a JVM) as the
    adapter is made: every DuckDB refresh would then start Java, and fail where PySpark is not
    installed. Here the session starts on the adapter's first connection instead, which only
    the spark gateway ever opens (the catalog is named, so SQLMesh need not ask Spark for it).
    """

    @property
    def _connection_factory_with_kwargs(self) -> t.Callable[[], t.Any]:
        eager = SparkConnectionConfig._connection_factory_with_kwargs.fget  # type: ignore[attr-defined]

        def connect() -> t.Any:
            return eager(self)()  # SparkConnectionConfig's factory, made only now

        return connect


config = Config(
    gateways={
        "duckdb": GatewayConfig(
            # the settings every warehouse connection applies (a memory limit, when one is set)
            connection=DuckDBConnectionConfig(
                database=WAREHOUSE, connector_config=duckdb_settings()
            ),
            state_connection=STATE_CONNECTION,
        ),
        "spark": GatewayConfig(
            connection=LazySparkConnectionConfig(
                config=spark_config(SPARK_DIR, SPARK_MASTER),
                # Spark's built-in catalog (the Hive metastore): named, not asked of Spark
                catalog="spark_catalog",
                concurrent_tasks=SPARK_CONCURRENT_TASKS,
                # No COMMENT statements in the Hive metastore: Spark takes one ALTER TABLE per
                # described column, a third of the build's time. The descriptions stay in the
                # models, the data dictionary and the DuckDB warehouse; a cluster that wants
                # them in its catalog turns this on.
                register_comments=False,
                # PySpark is imported when a Spark session is opened, not when this file is
                # read: the duckdb gateway (and every install without the dev extras) reads
                # this configuration without PySpark.
                check_import=False,  # type: ignore[call-arg]  # read and removed by a validator
            ),
            # Spark cannot hold SQLMesh's state (no transactions, slow small writes): the state
            # is a DuckDB file beside Spark's tables. It is never the duckdb gateway's state
            # (its environments would collide): a shared server gives it its own PostgreSQL.
            state_connection=DuckDBConnectionConfig(
                database=str(SPARK_DIR / "state.duckdb"),
                # one connection per model built at once (SQLMesh would warn, then do the same)
                concurrent_tasks=SPARK_CONCURRENT_TASKS,
            ),
        ),
    },
    default_gateway="duckdb",
    model_defaults=ModelDefaultsConfig(
        dialect="duckdb",
        # The yearbook series start in 2010; intervals before that hold no data.
        start="2010-01-01",
        # Source data changes a few times a year: a coarse cron keeps `run` cheap, and a
        # changed source is picked up by restating it (see pipelines/lib/sqlmesh_project.py).
        cron="@monthly",
    ),
    linter=LinterConfig(
        enabled=True,
        rules={
            "noselectstar",
            "ambiguousorinvalidcolumn",
            "invalidselectstarexpansion",
            "nomissingexternalmodels",
            "nomissingaudits",
            # project rules, in linter/
            "ownerrequired",
            "grainrequired",
        },
    ),
)
