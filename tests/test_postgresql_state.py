"""A shared server keeps Dagster's storage and SQLMesh's state in PostgreSQL.

The test starts a throwaway PostgreSQL server (the Debian `postgresql` package's binaries;
`.ci/run` installs them), sets PRODUCTIVITY_POSTGRES_URL and refreshes twice, the way a
steward's server would: the runs and SQLMesh's snapshots must be in PostgreSQL, not in the
DuckDB file or Dagster's SQLite folder, and the second refresh must find its state there
(no interval evaluated again).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import psycopg2
import pytest
import yaml

from pipelines.settings import PostgresTarget, parse_postgres_url
from tests.conftest import PROJECT_ROOT, mart_contents, published_file, run_refresh

POSTGRES_INSTANCE = PROJECT_ROOT / "deploy" / "postgresql"


def _postgres_bin_dir() -> Path | None:
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    installed = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return installed[-1].parent if installed else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL server on a free loopback port, with an empty `productivity` database."""
    bin_dir = _postgres_bin_dir()
    if bin_dir is None:
        if os.environ.get("PRODUCTIVITY_REQUIRE_POSTGRES"):
            pytest.fail("PostgreSQL's server binaries (initdb, pg_ctl) are not installed")
        pytest.skip("PostgreSQL's server binaries are not installed (.ci/run installs them)")
    # PostgreSQL refuses to run as root; as root, run it as the package's `postgres` user, in
    # a folder that user owns (pytest's own tmp folders are private to root).
    as_server_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    root = Path(tempfile.mkdtemp(prefix="productivity-pg-"))
    if as_server_user:
        shutil.chown(root, "postgres")
    data, port = root / "data", _free_port()

    def server(*command: str) -> None:
        subprocess.run([*as_server_user, *command], check=True, capture_output=True, timeout=120)

    try:
        server(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust")
        server(
            str(bin_dir / "pg_ctl"),
            *("-D", str(data), "-l", str(root / "server.log"), "-w", "start"),
            "-o",
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1",
        )
        admin = psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute("CREATE DATABASE productivity")
        admin.close()
        yield f"postgresql+psycopg2://postgres@127.0.0.1:{port}/productivity"
    finally:
        subprocess.run(
            [*as_server_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(root, ignore_errors=True)


def _query(url: str, sql: str) -> list[tuple[object, ...]]:
    target = parse_postgres_url(url)
    connection = psycopg2.connect(
        host=target.host, port=target.port, user=target.user, dbname=target.database
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return list(cursor.fetchall())
    finally:
        connection.close()


@pytest.mark.slow
def test_dagster_storage_and_sqlmesh_state_live_in_postgresql(
    postgres_url: str, tmp_path: Path
) -> None:
    overrides = {"PRODUCTIVITY_POSTGRES_URL": postgres_url, "DAGSTER_HOME": str(POSTGRES_INSTANCE)}
    first = run_refresh(tmp_path, overrides=overrides)
    assert first.returncode == 0, first.output

    assert _query(postgres_url, "SELECT status FROM runs") == [("SUCCESS",)]
    environments = _query(postgres_url, "SELECT name FROM sqlmesh._environments")
    assert ("prod",) in environments
    snapshots = _query(postgres_url, "SELECT count(*) FROM sqlmesh._snapshots")[0][0]
    assert isinstance(snapshots, int) and snapshots > 40  # seeds, staging, intermediate, marts
    intervals_after_first = _query(postgres_url, "SELECT count(*) FROM sqlmesh._intervals")
    # Nothing of either tool's state went to the local files.
    with duckdb.connect(str(first.warehouse), read_only=True) as warehouse:
        schemas = {
            row[0]
            for row in warehouse.execute("SELECT schema_name FROM duckdb_schemas()").fetchall()
        }
    assert "sqlmesh" not in schemas and "marts" in schemas
    assert not list((tmp_path / "dagster").rglob("*.db"))
    published = mart_contents(published_file(first))

    # --force: a Dagster run even though nothing changed, so that SQLMesh reads its state
    second = run_refresh(tmp_path, overrides=overrides, arguments=("--force",))
    assert second.returncode == 0, second.output
    assert _query(postgres_url, "SELECT status FROM runs") == [("SUCCESS",), ("SUCCESS",)]
    # SQLMesh read its state back from PostgreSQL: no interval was evaluated a second time.
    assert _query(postgres_url, "SELECT count(*) FROM sqlmesh._intervals") == intervals_after_first
    assert mart_contents(published_file(second)) == published


def test_postgres_url_is_split_into_sqlmesh_connection_fields() -> None:
    assert parse_postgres_url(
        "postgresql+psycopg2://etl:s%40cret@db.internal:6543/productivity"
    ) == (
        PostgresTarget(
            host="db.internal", port=6543, user="etl", password="s@cret", database="productivity"
        )
    )
    assert parse_postgres_url(
        "postgresql+psycopg2://etl@/productivity?host=/run/postgresql&port=5433"
    ) == PostgresTarget(
        host="/run/postgresql", port=5433, user="etl", password="", database="productivity"
    )
    for wrong in ("postgresql://etl@db/productivity", "mysql://etl@db/productivity"):
        with pytest.raises(ValueError, match="PRODUCTIVITY_POSTGRES_URL must look like"):
            parse_postgres_url(wrong)


def test_postgresql_instance_differs_from_the_default_only_in_storage() -> None:
    default = yaml.safe_load((PROJECT_ROOT / "dagster.yaml").read_text(encoding="utf-8"))
    shared = yaml.safe_load((POSTGRES_INSTANCE / "dagster.yaml").read_text(encoding="utf-8"))
    # the default is Dagster's SQLite storage, through the project's engine-keeping event log
    assert default.pop("storage")["custom"]["class"] == "ProjectSqliteStorage"
    assert shared.pop("storage") == {
        "postgres": {"postgres_url": {"env": "PRODUCTIVITY_POSTGRES_URL"}}
    }
    assert shared == default
