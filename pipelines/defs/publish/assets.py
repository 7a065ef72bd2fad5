"""Publishing: what leaves the warehouse for people and tools outside it, as one release."""

from datetime import UTC, datetime

import dagster as dg

from pipelines.defs.ingest.assets import OWNERS
from pipelines.lib.fingerprints import content_version
from pipelines.lib.officials_workbook import write_officials_workbook
from pipelines.lib.published_quality import loads_version
from pipelines.lib.publishing import (
    CURRENT,
    REPORT_DIR,
    SDMX_DIR,
    VietnameseDictionary,
    clean_leftovers,
    commit_release,
    current_manifest,
    previous_database,
    previous_publication_log,
    publish_marts,
    start_release,
)
from pipelines.lib.report import write_report
from pipelines.lib.resources import WarehouseResource
from pipelines.lib.sdmx_release import write_sdmx_release
from pipelines.settings import load_settings

WORKBOOK_NAME = "bao_cao_nang_suat_an_giang.xlsx"
# The Vietnamese half of the published data dictionary (the English half is in the models).
VIETNAMESE_DICTIONARY = "models/marts/data_dictionary.vi.yaml"


def _public_marts() -> list[str]:
    from pipelines.lib.sqlmesh_project import SQLMeshProject

    project = SQLMeshProject(load_settings().project_root)
    return [node.name for node in project.models() if node.schema == "marts"]


PUBLIC_MARTS = _public_marts()


@dg.asset(
    key=["published", "release"],
    group_name="publish",
    kinds={"duckdb", "parquet", "excel", "html", "sdmx"},
    owners=OWNERS,
    deps=[
        *[name.split(".") for name in PUBLIC_MARTS],
        # the cross-source reconciliations gate publication too (their check is blocking)
        ["intermediate", "int_quality_reconciliations"],
    ],
)
def published_release(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """One release of everything published, made current all at once: the public marts as
    physical tables in the read-only file `productivity_marts.duckdb`, their Parquet copies
    (`parquet/`), with the publication log and a bilingual data dictionary, and the officials'
    workbook (`bao_cao_nang_suat_an_giang.xlsx`), under `published/current/`. It depends on
    every public mart and the reconciliations, so it runs only when every blocking check
    upstream of any part has passed; a failed or killed refresh leaves the previous release
    whole."""
    settings = load_settings()
    published_dir = settings.warehouse_dir / "published"
    removed = clean_leftovers(published_dir)
    if removed:
        context.log.info(f"removed what an earlier failed publication left: {', '.join(removed)}")
    current = published_dir / CURRENT
    with warehouse.connect() as connection:
        version = content_version(lambda sql: connection.execute(sql).fetchall(), PUBLIC_MARTS)
        # what the files delivered gave (quality.file_loads): a file quarantined or refused
        # makes a new release even when the marts come out the same
        version += "|" + loads_version(connection)
    standing = current_manifest(published_dir)
    if standing is not None and standing.get("data_version") == version:
        # the marts and the code that publishes them are the current release's: it stands
        return dg.MaterializeResult(
            metadata={
                "release_id": dg.MetadataValue.text(str(standing["release_id"])),
                "unchanged": dg.MetadataValue.text(
                    "not published again: the current release already holds these marts, "
                    "published by the same code"
                ),
                "database": dg.MetadataValue.path(str(current / "productivity_marts.duckdb")),
                "workbook": dg.MetadataValue.path(str(current / WORKBOOK_NAME)),
                "report": dg.MetadataValue.path(str(current / REPORT_DIR / "index.html")),
            }
        )
    published_at = datetime.now(UTC)
    identifier, staging = start_release(published_dir, published_at, context.run_id)
    vietnamese = VietnameseDictionary.load(settings.project_root / VIETNAMESE_DICTIONARY)
    with warehouse.connect() as connection:
        publication = publish_marts(
            connection,
            staging,
            PUBLIC_MARTS,
            published_at,
            context.run_id,
            identifier,
            vietnamese,
            previous_publication_log(published_dir),
            previous_database(published_dir),
        )
        sheets = write_officials_workbook(
            connection, staging / WORKBOOK_NAME, published_at, context.run_id
        )
    # The report and the SDMX files are made from the release's own file, so they show
    # exactly what it publishes.
    report = write_report(publication.database, staging / REPORT_DIR)
    sdmx = write_sdmx_release(publication.database, staging / SDMX_DIR, identifier, published_at)
    release = commit_release(
        published_dir,
        staging,
        identifier,
        {
            "published_at": published_at.isoformat(),
            "dagster_run_id": context.run_id,
            "data_version": version,
        },
    )
    if publication.missing_vietnamese:
        context.log.warning(
            "The data dictionary has no Vietnamese description for: "
            + ", ".join(publication.missing_vietnamese)
            + f" (add them to {VIETNAMESE_DICTIONARY})"
        )
    return dg.MaterializeResult(
        metadata={
            "release_id": dg.MetadataValue.text(identifier),
            "release": dg.MetadataValue.path(str(release)),
            "database": dg.MetadataValue.path(str(current / "productivity_marts.duckdb")),
            "parquet": dg.MetadataValue.path(str(current / "parquet")),
            "workbook": dg.MetadataValue.path(str(current / WORKBOOK_NAME)),
            "workbook_sheets": dg.MetadataValue.json(sheets),
            "report": dg.MetadataValue.path(str(current / REPORT_DIR / "index.html")),
            "report_pages": dg.MetadataValue.json(report),
            "sdmx": dg.MetadataValue.path(str(current / SDMX_DIR)),
            "sdmx_observations": dg.MetadataValue.json(sdmx),
            "dictionary_entries_without_vietnamese": dg.MetadataValue.int(
                len(publication.missing_vietnamese)
            ),
            "tables": dg.MetadataValue.json(publication.tables),
            "dagster/row_count": dg.MetadataValue.int(sum(publication.tables.values())),
        }
    )
