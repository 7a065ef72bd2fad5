"""The landing-folder sensor: a new or changed file requests its ingest and everything after it.

A steward drops this year's files into the landing folder (PRODUCTIVITY_LANDING_DIR, by
default the shipped sample folder); within a minute the sensor requests the matching ingest
(for the survey, the range of changed survey years, whatever order they arrived in) together
with the models downstream and the publication, so the release follows. A file is "changed"
when its checksum changes: touching a file, or copying the same bytes again, requests nothing.
On its first tick the sensor takes the load log as its memory, so files already loaded are not
loaded again. Stewards switch the sensor on in the UI.
"""

import json
from pathlib import Path

import dagster as dg

from pipelines.ingest.contracts import SOURCES
from pipelines.ingest.errors import SourceFileError
from pipelines.ingest.landing import source_files, survey_files_by_year
from pipelines.ingest.lineage import file_sha256
from pipelines.settings import load_settings

INGEST_ASSETS = {
    "statistics_office": [dg.AssetKey(["raw", "yearbook_cells"])],
    "statistics_office_pxweb": [dg.AssetKey(["raw", "pxweb_cells"])],
    "enterprise_survey": [dg.AssetKey(["raw", "enterprise_survey"])],
    "research_registry": [
        dg.AssetKey(["raw", "research_tasks"]),
        dg.AssetKey(["raw", "research_recipients"]),
    ],
}
INVENTORY = dg.AssetKey(["raw", "landing_inventory"])


def _signature(stat_size: int, stat_mtime_ns: int) -> str:
    return f"{stat_size}:{stat_mtime_ns}"


def loaded_memory(warehouse: Path) -> dict[str, str] | None:
    """{"<source>/<file>": "|<sha256>"} of every file the load log says is loaded; None when
    the warehouse is busy (a refresh is writing it), so the tick waits for the next one."""
    if not warehouse.exists():
        return {}
    import duckdb

    try:
        with duckdb.connect(str(warehouse), read_only=True) as connection:
            has_log = connection.execute(
                "SELECT count(*) FROM information_schema.tables "
                "WHERE table_schema = 'raw' AND table_name = 'load_log'"
            ).fetchone()
            if not has_log or not has_log[0]:
                return {}
            rows = connection.execute(
                "SELECT DISTINCT source, source_file, source_sha256 FROM raw.load_log "
                "WHERE target_table <> ''"
            ).fetchall()
    except duckdb.IOException:
        return None
    return {f"{source}/{name}": f"|{sha}" for source, name, sha in rows}


@dg.sensor(
    name="landing_folder_sensor",
    description="Requests the ingest (and downstream models and publication) of new or changed "
    "files in the landing folder; its first tick remembers what the load log says is loaded.",
    target=dg.AssetSelection.all(),
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.STOPPED,
)
def landing_folder_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult | dg.SkipReason:
    settings = load_settings()
    # cursor: {"<source>/<file>": "<size>:<mtime_ns>|<sha256>"}; the checksum is only
    # recomputed for files whose size or modification time moved.
    if context.cursor:
        previous: dict[str, str] = json.loads(context.cursor)
    else:
        memory = loaded_memory(settings.warehouse_path)
        if memory is None:
            return dg.SkipReason("the warehouse is being written by a refresh: next tick")
        previous = memory
    current: dict[str, str] = {}
    changed: dict[str, list[str]] = {source: [] for source in SOURCES}
    for source in SOURCES:
        for path in source_files(settings.landing_dir, source):
            entry = f"{source}/{path.name}"
            stat = path.stat()
            signature = _signature(stat.st_size, stat.st_mtime_ns)
            known = previous.get(entry, "|")
            known_signature, known_sha = known.split("|", 1)
            if known_signature == signature:
                current[entry] = known
                continue
            sha = file_sha256(path)
            current[entry] = f"{signature}|{sha}"
            if sha != known_sha:
                changed[source].append(path.name)
                context.log.info(f"{entry}: new or changed (sha256 {sha[:12]})")

    graph = context.repository_def.asset_graph if context.repository_def else None
    requests: list[dg.RunRequest] = []
    for source in ("statistics_office", "statistics_office_pxweb", "research_registry"):
        if changed[source]:
            requests.append(
                dg.RunRequest(
                    run_key=f"{source}:{current_fingerprint(current, source)}",
                    asset_selection=_with_downstream(INGEST_ASSETS[source], graph),
                    tags={"source": source, "trigger": "landing_folder_sensor"},
                )
            )
    if changed["enterprise_survey"]:
        try:
            by_year = survey_files_by_year(settings.landing_dir)
        except SourceFileError as error:
            return dg.SkipReason(f"the survey files cannot be loaded: {error}")
        years = sorted(y for y, p in by_year.items() if p.name in changed["enterprise_survey"])
        # One run for the range of changed years: the asset loads a range in one transaction
        # and skips the unchanged years inside it by checksum.
        first, last = years[0], years[-1]
        shas = ",".join(
            current[f"enterprise_survey/{by_year[y].name}"].split("|")[1][:12] for y in years
        )
        requests.append(
            dg.RunRequest(
                run_key=f"enterprise_survey:{first}-{last}:{shas}",
                asset_selection=_with_downstream(INGEST_ASSETS["enterprise_survey"], graph),
                tags={
                    "source": "enterprise_survey",
                    "trigger": "landing_folder_sensor",
                    "dagster/asset_partition_range_start": first,
                    "dagster/asset_partition_range_end": last,
                },
            )
        )
    return dg.SensorResult(run_requests=requests, cursor=json.dumps(current, sort_keys=True))


def current_fingerprint(cursor: dict[str, str], source: str) -> str:
    """One key for the state of a source's files, so a run is requested once per state."""
    return ",".join(v.split("|")[1][:12] for k, v in sorted(cursor.items()) if k.startswith(source))


def _with_downstream(keys: list[dg.AssetKey], graph: object) -> list[dg.AssetKey]:
    """The ingest assets, the landing inventory and everything built from them (not the other
    sources' ingest)."""
    if graph is None:
        return [*keys, INVENTORY]
    other_ingest = {k for ks in INGEST_ASSETS.values() for k in ks if k not in keys}
    downstream = dg.AssetSelection.assets(*keys).downstream().resolve(graph)  # type: ignore[arg-type]
    return sorted((downstream - other_ingest) | {INVENTORY}, key=lambda k: k.to_user_string())
