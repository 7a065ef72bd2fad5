"""The landing-folder sensor requests the ingest of new or changed files, and nothing else."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import defs
from pipelines.defs.ingest.assets import SURVEY_YEARS
from pipelines.ingest.lineage import file_sha256
from tests.conftest import PROJECT_ROOT

SURVEY = "raw/enterprise_survey"


@pytest.fixture
def sensor_env(
    landing_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple]:
    # Everything the sensor reads is set here, not inherited from the Makefile's environment.
    monkeypatch.setenv("DAGSTER_HOME", str(PROJECT_ROOT))
    monkeypatch.setenv("PRODUCTIVITY_LANDING_DIR", str(landing_copy))
    monkeypatch.setenv("PRODUCTIVITY_WAREHOUSE_DIR", str(tmp_path / "warehouse"))
    monkeypatch.setenv("PRODUCTIVITY_DAGSTER_STORAGE", str(tmp_path / "dagster"))
    monkeypatch.delenv("PRODUCTIVITY_WAREHOUSE", raising=False)
    definitions = defs()
    with dg.DagsterInstance.get() as instance:
        yield definitions, instance, landing_copy


def tick(
    definitions: dg.Definitions, instance: dg.DagsterInstance, cursor: str | None
) -> dg.SensorResult:
    sensor = definitions.resolve_sensor_def("landing_folder_sensor")
    context = dg.build_sensor_context(instance=instance, definitions=definitions, cursor=cursor)
    result = sensor(context)
    assert isinstance(result, dg.SensorResult)
    return result


def selected(request: dg.RunRequest) -> set[str]:
    return {key.to_user_string() for key in request.asset_selection or []}


def test_first_tick_requests_every_source_once(sensor_env: tuple) -> None:
    definitions, instance, _ = sensor_env
    result = tick(definitions, instance, None)
    by_source = {r.tags["source"]: r for r in result.run_requests}
    assert set(by_source) == {
        "statistics_office",
        "statistics_office_pxweb",
        "research_registry",
        "enterprise_survey",
    }
    survey = by_source["enterprise_survey"]
    # all nine years are consecutive: one run for the whole range, models downstream included
    assert survey.tags["dagster/asset_partition_range_start"] == "2016"
    assert survey.tags["dagster/asset_partition_range_end"] == "2024"
    assert {
        SURVEY,
        "staging/stg_enterprise_survey__enterprise_years",
        "intermediate/int_enterprise_years_measured",
        "marts/fct_enterprise_productivity",
        "marts/fct_key_sector_scorecard",
        "published/release",
        "raw/landing_inventory",
    } <= selected(survey)
    # models that do not depend on the survey, and the other sources' ingest, are not run
    assert not {"raw/yearbook_cells", "raw/research_tasks", "marts/fct_shift_share"} & selected(
        survey
    )


def test_unchanged_or_touched_files_request_nothing(sensor_env: tuple) -> None:
    definitions, instance, landing = sensor_env
    first = tick(definitions, instance, None)
    path = landing / "enterprise_survey" / "dieu_tra_doanh_nghiep_2018.csv"
    os.utime(path, None)  # touched, same bytes
    second = tick(definitions, instance, first.cursor)
    assert second.run_requests == []


def test_a_changed_year_requests_only_that_partition(sensor_env: tuple) -> None:
    definitions, instance, landing = sensor_env
    first = tick(definitions, instance, None)
    path = landing / "enterprise_survey" / "dieu_tra_doanh_nghiep_2018.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    second = tick(definitions, instance, first.cursor)
    (request,) = second.run_requests
    assert request.tags["dagster/asset_partition_range_start"] == "2018"
    assert request.tags["dagster/asset_partition_range_end"] == "2018"
    assert SURVEY in selected(request)
    assert "raw/yearbook_cells" not in selected(request)


def test_a_late_year_and_a_year_before_the_first_are_requested(sensor_env: tuple) -> None:
    definitions, instance, landing = sensor_env
    first = tick(definitions, instance, None)
    survey = landing / "enterprise_survey"
    earlier = survey / "dieu_tra_doanh_nghiep_2015.csv"
    earlier.write_text(
        (survey / "dieu_tra_doanh_nghiep_2016.csv").read_text(encoding="utf-8") + "\n"
    )
    (request,) = tick(definitions, instance, first.cursor).run_requests
    assert request.tags["dagster/asset_partition_range_start"] == "2015"
    assert request.tags["dagster/asset_partition_range_end"] == "2015"
    assert "2015" in SURVEY_YEARS.get_partition_keys()


def test_first_tick_takes_the_load_log_as_its_memory(sensor_env: tuple, tmp_path: Path) -> None:
    definitions, instance, landing = sensor_env
    warehouse = tmp_path / "warehouse" / "productivity.duckdb"
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    loaded = [
        (source, path.name, file_sha256(path))
        for source in ("statistics_office", "enterprise_survey", "research_registry")
        for path in sorted((landing / source).iterdir())
        if path.name != "README.md" and "2024" not in path.name  # 2024 is not loaded yet
    ] + [
        ("statistics_office_pxweb", path.name, file_sha256(path))
        for path in sorted((landing / "statistics_office_pxweb").iterdir())
        if path.name != "README.md"
    ]
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("CREATE SCHEMA raw")
        connection.execute(
            "CREATE TABLE raw.load_log (source VARCHAR, source_file VARCHAR, "
            "source_sha256 VARCHAR, target_table VARCHAR)"
        )
        connection.executemany(
            "INSERT INTO raw.load_log VALUES (?, ?, ?, 'raw.x')", [list(r) for r in loaded]
        )
    result = tick(definitions, instance, None)
    by_source = {r.tags["source"]: r for r in result.run_requests}
    # only what the load log does not hold: the 2024 survey year and the 2024 yearbook files
    assert set(by_source) == {"enterprise_survey", "statistics_office"}
    survey = by_source["enterprise_survey"]
    assert survey.tags["dagster/asset_partition_range_start"] == "2024"
    assert survey.tags["dagster/asset_partition_range_end"] == "2024"


def test_a_busy_warehouse_makes_the_first_tick_wait(sensor_env: tuple, tmp_path: Path) -> None:
    definitions, instance, _ = sensor_env
    warehouse = tmp_path / "warehouse" / "productivity.duckdb"
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(  # another process writes the warehouse, as a refresh does
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True);"
            " time.sleep(60)",
            str(warehouse),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        sensor = definitions.resolve_sensor_def("landing_folder_sensor")
        context = dg.build_sensor_context(instance=instance, definitions=definitions, cursor=None)
        result = sensor(context)
        assert isinstance(result, dg.SkipReason)
        assert result.skip_message == "the warehouse is being written by a refresh: next tick"
    finally:
        holder.kill()
        holder.wait()
