"""The landing-folder sensor: a new or changed file requests its ingest and everything after it.

A steward drops this year's files into the landing folder (PRODUCTIVITY_LANDING_DIR, by
default the shipped sample folder); within a minute the sensor requests the matching ingest
(for the survey, the file's year partition, added if new) together with the models downstream,
so the marts follow. A file is "changed" when its checksum changes: touching a file, or
copying the same bytes again, requests nothing. Stewards switch the sensor on in the UI.
"""

import json

import dagster as dg

from pipelines.defs.ingest.assets import SURVEY_YEARS
from pipelines.ingest.landing import SOURCES, source_files, survey_files_by_year
from pipelines.ingest.lineage import file_sha256
from pipelines.settings import load_settings

INGEST_ASSETS = {
    "statistics_office": [dg.AssetKey(["raw", "yearbook_cells"])],
    "enterprise_survey": [dg.AssetKey(["raw", "enterprise_survey"])],
    "research_registry": [
        dg.AssetKey(["raw", "research_tasks"]),
        dg.AssetKey(["raw", "research_recipients"]),
    ],
}


def _signature(stat_size: int, stat_mtime_ns: int) -> str:
    return f"{stat_size}:{stat_mtime_ns}"


@dg.sensor(
    name="landing_folder_sensor",
    description="Requests the ingest (and downstream models) of new or changed files in the "
    "landing folder.",
    target=dg.AssetSelection.all(),
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.STOPPED,
)
def landing_folder_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult:
    settings = load_settings()
    # cursor: {"<source>/<file>": "<size>:<mtime_ns>|<sha256>"}; the checksum is only
    # recomputed for files whose size or modification time moved.
    previous: dict[str, str] = json.loads(context.cursor) if context.cursor else {}
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
    for source in ("statistics_office", "research_registry"):
        if changed[source]:
            requests.append(
                dg.RunRequest(
                    run_key=f"{source}:{current_fingerprint(current, source)}",
                    asset_selection=_with_downstream(INGEST_ASSETS[source], graph),
                    tags={"source": source, "trigger": "landing_folder_sensor"},
                )
            )
    years: list[str] = []
    if changed["enterprise_survey"]:
        by_year = survey_files_by_year(settings.landing_dir)
        years = sorted(y for y, p in by_year.items() if p.name in changed["enterprise_survey"])
        # Consecutive changed years go in one run (the asset loads a range in one
        # transaction), so a first load of nine years is one run, not nine.
        for first, last in _consecutive_ranges(years, sorted(by_year)):
            shas = ",".join(
                current[f"enterprise_survey/{by_year[y].name}"].split("|")[1][:12]
                for y in sorted(by_year)
                if first <= y <= last
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
    return dg.SensorResult(
        run_requests=requests,
        dynamic_partitions_requests=[SURVEY_YEARS.build_add_request(years)] if years else [],
        cursor=json.dumps(current, sort_keys=True),
    )


def _consecutive_ranges(years: list[str], all_years: list[str]) -> list[tuple[str, str]]:
    """[(first, last)] runs of ``years`` that are neighbours in ``all_years``."""
    ranges: list[tuple[str, str]] = []
    position = {year: i for i, year in enumerate(all_years)}
    for year in years:
        if ranges and position[year] == position[ranges[-1][1]] + 1:
            ranges[-1] = (ranges[-1][0], year)
        else:
            ranges.append((year, year))
    return ranges


def current_fingerprint(cursor: dict[str, str], source: str) -> str:
    """One key for the state of a source's files, so a run is requested once per state."""
    return ",".join(v.split("|")[1][:12] for k, v in sorted(cursor.items()) if k.startswith(source))


def _with_downstream(keys: list[dg.AssetKey], graph: object) -> list[dg.AssetKey]:
    """The ingest assets and every model built from them (not the other sources' ingest)."""
    if graph is None:
        return keys
    other_ingest = {k for ks in INGEST_ASSETS.values() for k in ks if k not in keys}
    downstream = dg.AssetSelection.assets(*keys).downstream().resolve(graph)  # type: ignore[arg-type]
    return sorted(downstream - other_ingest, key=lambda k: k.to_user_string())
