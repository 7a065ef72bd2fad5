"""SQLMesh configuration: the project is rooted here, DuckDB is the default gateway.

The warehouse file is decided where every other path is, `pipelines.settings.load_settings`
(PRODUCTIVITY_WAREHOUSE, else PRODUCTIVITY_WAREHOUSE_DIR/productivity.duckdb, else
warehouse/productivity.duckdb), so the CLI, the Dagster webserver and daemon, sensors,
schedules and SQLMesh always write the same file. SQLMesh keeps its state in that same file,
unless PRODUCTIVITY_POSTGRES_URL is set:
then the state (snapshots, environments, intervals) lives in that PostgreSQL database, next to
Dagster's storage, as on a shared server (README, "Settings").
"""

import os

from sqlmesh.core.config import (
    Config,
    DuckDBConnectionConfig,
    GatewayConfig,
    LinterConfig,
    ModelDefaultsConfig,
    PostgresConnectionConfig,
)

from pipelines.lib.sqlmesh_seeds import read_seeds_as_text
from pipelines.settings import POSTGRES_URL_VARIABLE, load_settings, parse_postgres_url

read_seeds_as_text()  # reference codes keep their leading zeros (pipelines/lib/sqlmesh_seeds.py)

WAREHOUSE = str(load_settings().warehouse_path)

POSTGRES_URL = os.environ.get(POSTGRES_URL_VARIABLE)
STATE_CONNECTION = (
    PostgresConnectionConfig(**vars(parse_postgres_url(POSTGRES_URL))) if POSTGRES_URL else None
)

config = Config(
    gateways={
        "duckdb": GatewayConfig(
            connection=DuckDBConnectionConfig(database=WAREHOUSE),
            state_connection=STATE_CONNECTION,
        )
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
