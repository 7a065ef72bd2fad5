"""SQLMesh configuration: the project is rooted here, DuckDB is the default gateway.

The warehouse file comes from PRODUCTIVITY_WAREHOUSE (the CLI and the Makefile set it),
falling back to warehouse/productivity.duckdb, so SQLMesh and Dagster always write the
same file. SQLMesh keeps its state in that same file, unless PRODUCTIVITY_POSTGRES_URL is set:
then the state (snapshots, environments, intervals) lives in that PostgreSQL database, next to
Dagster's storage, as on a shared server (README, "Settings").
"""

import os
from pathlib import Path

from sqlmesh.core.config import (
    Config,
    DuckDBConnectionConfig,
    GatewayConfig,
    LinterConfig,
    ModelDefaultsConfig,
    PostgresConnectionConfig,
)

from pipelines.settings import POSTGRES_URL_VARIABLE, parse_postgres_url

PROJECT_ROOT = Path(__file__).resolve().parent
WAREHOUSE = os.environ.get("PRODUCTIVITY_WAREHOUSE") or str(
    PROJECT_ROOT / "warehouse" / "productivity.duckdb"
)

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
