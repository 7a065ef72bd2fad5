"""Dagster resources: the warehouse file and the SQLMesh project."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import dagster as dg

from pipelines.lib import refresh_lease, warehouse
from pipelines.lib.sqlmesh_project import SQLMeshProject

if TYPE_CHECKING:
    import duckdb


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse the pipeline writes (never the file analysts read).

    Every step that uses it holds the warehouse's refresh lease for its run
    (`pipelines.lib.refresh_lease`): a step of a run that finds another refresh writing the
    warehouse (a `productivity refresh` from the command line, say) waits until it has
    finished, saying for whom, instead of failing on DuckDB's file lock.
    """

    path: str

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        run = context.dagster_run
        if run is None or context.instance is None:
            return  # built outside a run (a test, a sensor): nothing to exclude
        tags = run.tags
        trigger = (
            tags.get("trigger")
            or tags.get("dagster/sensor_name")
            or tags.get("dagster/schedule_name")
            or ("productivity refresh" if tags.get("dagster/from") else "Dagster UI")
        )
        instance = context.instance
        log = context.log

        def run_alive(run_id: str) -> bool | None:
            other = instance.get_run_by_id(run_id) if run_id else None
            if other is None:
                return None
            return other.status in (
                dg.DagsterRunStatus.STARTING,
                dg.DagsterRunStatus.STARTED,
                dg.DagsterRunStatus.CANCELING,
            )

        refresh_lease.hold_for_run(
            Path(self.path),
            run.run_id,
            f"Dagster run {run.run_id[:8]} ({trigger})",
            run_alive,
            log.info if log is not None else print,
        )

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
