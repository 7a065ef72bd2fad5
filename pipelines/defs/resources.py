"""Resources shared by every layer, built from the project settings."""

import dagster as dg

from pipelines.lib.resources import SQLMeshResource, WarehouseResource
from pipelines.settings import load_settings


@dg.definitions
def resources() -> dg.Definitions:
    settings = load_settings()
    return dg.Definitions(
        resources={
            "warehouse": WarehouseResource(path=str(settings.warehouse_path)),
            "sqlmesh": SQLMeshResource(project_root=str(settings.project_root)),
        },
        # Every run executes its steps one after another in one process, whoever starts it
        # (CLI, UI, sensor, schedule): DuckDB admits one writing process, and the refresh
        # lease (held per run) then excludes other refreshes for the whole run.
        executor=dg.in_process_executor,
    )
