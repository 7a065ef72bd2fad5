"""Dagster resources: the warehouse file and the SQLMesh project."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import dagster as dg

from pipelines.lib import warehouse
from pipelines.lib.sqlmesh_project import SQLMeshProject

if TYPE_CHECKING:
    import duckdb


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse the pipeline writes (never the file analysts read)."""

    path: str

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with warehouse.connect(Path(self.path)) as connection:
            yield connection


class SQLMeshResource(dg.ConfigurableResource):
    """The SQLMesh project rooted at the repository root."""

    project_root: str
    gateway: str | None = None

    @cached_property
    def project(self) -> SQLMeshProject:
        return SQLMeshProject(Path(self.project_root), self.gateway)
