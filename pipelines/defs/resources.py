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
        }
    )
