"""Publishing assets: what leaves the warehouse for people and tools outside it."""

from datetime import UTC, datetime

import dagster as dg

from pipelines.defs.ingest.assets import OWNERS, WAREHOUSE_WRITER_POOL
from pipelines.lib.officials_workbook import write_officials_workbook
from pipelines.lib.resources import WarehouseResource
from pipelines.settings import load_settings

WORKBOOK_NAME = "bao_cao_nang_suat_an_giang.xlsx"


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
