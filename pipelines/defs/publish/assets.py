"""Publishing assets: what leaves the warehouse for people and tools outside it."""

from datetime import UTC, datetime

import dagster as dg

from pipelines.defs.ingest.assets import OWNERS, WAREHOUSE_WRITER_POOL
from pipelines.lib.officials_workbook import write_officials_workbook
from pipelines.lib.publishing import VietnameseDictionary, publish_marts
from pipelines.lib.resources import WarehouseResource
from pipelines.settings import load_settings

WORKBOOK_NAME = "bao_cao_nang_suat_an_giang.xlsx"
# The Vietnamese half of the published data dictionary (the English half is in the models).
VIETNAMESE_DICTIONARY = "models/marts/data_dictionary.vi.yaml"


@dg.asset(
    key=["published", "officials_workbook"],
    group_name="publish",
    kinds={"excel"},
    owners=OWNERS,
    pool=WAREHOUSE_WRITER_POOL,
    deps=[
        ["marts", "fct_key_sector_scorecard"],
        ["marts", "fct_decision36_progress"],
        ["marts", "fct_research_results"],
        ["marts", "fct_research_transfer_impact"],
    ],
)
def officials_workbook(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """The workbook provincial officials use: key-sector scorecards (one sheet per sector),
    Decision 36 progress, the research summary and the impact of research transfers, with
    Vietnamese headers and units, rebuilt on every refresh."""
    path = load_settings().warehouse_dir / "published" / WORKBOOK_NAME
    with warehouse.connect() as connection:
        sheets = write_officials_workbook(connection, path, datetime.now(UTC), context.run_id)
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(path)),
            "sheets": dg.MetadataValue.json(sheets),
            "dagster/row_count": dg.MetadataValue.int(sum(sheets.values())),
        }
    )


def _public_marts() -> list[str]:
    from pipelines.lib.sqlmesh_project import SQLMeshProject

    project = SQLMeshProject(load_settings().project_root)
    return [node.name for node in project.models() if node.schema == "marts"]


PUBLIC_MARTS = _public_marts()


@dg.asset(
    key=["published", "marts"],
    group_name="publish",
    kinds={"duckdb", "parquet"},
    owners=OWNERS,
    pool=WAREHOUSE_WRITER_POOL,
    deps=[
        *[name.split(".") for name in PUBLIC_MARTS],
        # the cross-source reconciliations gate publication too (their check is blocking)
        ["intermediate", "int_quality_reconciliations"],
    ],
)
def published_marts(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """The public marts as analysts and BI tools read them: physical tables in the read-only
    file `published/productivity_marts.duckdb` (replaced atomically) and Parquet files in
    `published/parquet/current/`, with the publication time, the Dagster run and a bilingual
    (English/Vietnamese) data dictionary. Runs only when every blocking check upstream passed,
    so a failed refresh leaves the last good publication."""
    settings = load_settings()
    vietnamese = VietnameseDictionary.load(settings.project_root / VIETNAMESE_DICTIONARY)
    with warehouse.connect() as connection:
        publication = publish_marts(
            connection,
            settings.warehouse_dir / "published",
            PUBLIC_MARTS,
            datetime.now(UTC),
            context.run_id,
            vietnamese,
        )
    if publication.missing_vietnamese:
        context.log.warning(
            "The data dictionary has no Vietnamese description for: "
            + ", ".join(publication.missing_vietnamese)
            + f" (add them to {VIETNAMESE_DICTIONARY})"
        )
    return dg.MaterializeResult(
        metadata={
            "dictionary_entries_without_vietnamese": dg.MetadataValue.int(
                len(publication.missing_vietnamese)
            ),
            "database": dg.MetadataValue.path(str(publication.database)),
            "parquet": dg.MetadataValue.path(str(publication.parquet_dir)),
            "tables": dg.MetadataValue.json(publication.tables),
            "dagster/row_count": dg.MetadataValue.int(sum(publication.tables.values())),
        }
    )
