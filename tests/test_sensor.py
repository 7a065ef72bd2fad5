"""The landing-folder sensor requests the ingest of new or changed files, and nothing else."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest

from pipelines.definitions import defs

SURVEY = "raw/enterprise_survey"


@pytest.fixture
def sensor_env(
    landing_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple]:
    monkeypatch.setenv("PRODUCTIVITY_LANDING_DIR", str(landing_copy))
    monkeypatch.setenv("PRODUCTIVITY_DAGSTER_STORAGE", str(tmp_path / "dagster"))
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
    assert set(by_source) == {"statistics_office", "research_registry", "enterprise_survey"}
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
        "published/officials_workbook",
    } <= selected(survey)
    # models that do not depend on the survey, and the other sources' ingest, are not run
    assert not {"raw/yearbook_cells", "raw/research_tasks", "marts/fct_shift_share"} & selected(
        survey
    )
    (add,) = result.dynamic_partitions_requests
    assert list(add.partition_keys) == [str(y) for y in range(2016, 2025)]


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
