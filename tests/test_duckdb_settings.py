"""A DuckDB memory limit set once reaches every connection to the warehouse.

The CLI's and the assets' connections (pipelines.lib.warehouse.connect) and SQLMesh's (config.py)
share one database instance per process, so they must apply the same setting. DuckDB reports
a limit in binary units: 1GB (10^9 bytes) is 953.6 MiB.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.lib.sqlmesh_project import SQLMeshProject
from pipelines.lib.warehouse import connect

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LIMIT = "PRODUCTIVITY_DUCKDB_MEMORY_LIMIT"
MEMORY_LIMIT = "SELECT current_setting('memory_limit')"


def test_a_memory_limit_reaches_the_pipeline_and_sqlmesh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = tmp_path / "productivity.duckdb"
    monkeypatch.setenv(LIMIT, "1GB")
    monkeypatch.setenv("PRODUCTIVITY_WAREHOUSE", str(warehouse))

    with connect(warehouse) as connection:
        assert connection.sql(MEMORY_LIMIT).fetchone() == ("953.6 MiB",)

    context = SQLMeshProject(PROJECT_ROOT).new_context(load_state=False)
    try:
        assert context.engine_adapter.fetchone(MEMORY_LIMIT) == ("953.6 MiB",)
    finally:
        context.close()


def test_without_a_limit_duckdb_keeps_its_own_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(LIMIT, raising=False)
    with connect(tmp_path / "productivity.duckdb") as connection:
        (shown,) = connection.sql(MEMORY_LIMIT).fetchone() or ("",)
    assert shown != "953.6 MiB" and shown.endswith("iB")


def test_a_limit_duckdb_cannot_read_is_refused_naming_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(LIMIT, "a lot")
    with (
        pytest.raises(ValueError, match=f"{LIMIT}='a lot' is not a size"),
        connect(tmp_path / "productivity.duckdb"),
    ):
        pass
