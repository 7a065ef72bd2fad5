"""A release is all or nothing: staged, checked, switched in one rename, leftovers cleaned.

These tests drive the publishing functions on a small warehouse made here, so that each
failure can be placed exactly where it would happen in a refresh.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from pipelines.lib.publishing import (
    MANIFEST,
    PublicationError,
    VietnameseDictionary,
    clean_leftovers,
    commit_release,
    current_release,
    previous_database,
    previous_publication_log,
    publish_marts,
    start_release,
)

NO_VIETNAMESE = VietnameseDictionary({})


def warehouse(tmp_path: Path, value: float) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(str(tmp_path / "productivity.duckdb"))
    connection.execute("CREATE SCHEMA IF NOT EXISTS marts")
    connection.execute(
        "CREATE OR REPLACE TABLE marts.fct_x AS SELECT * FROM (VALUES ('89', 2024, 1.5), "
        f"('89', 2025, {value})) AS t(geography_code, year, measure)"
    )
    connection.execute("ALTER TABLE marts.fct_x ALTER measure TYPE DOUBLE")
    return connection


def release(
    connection: duckdb.DuckDBPyConnection, published: Path, run_id: str, at: datetime
) -> Path:
    identifier, staging = start_release(published, at, run_id)
    publish_marts(
        connection,
        staging,
        ["marts.fct_x"],
        at,
        run_id,
        identifier,
        NO_VIETNAMESE,
        previous_publication_log(published),
    )
    (staging / "bao_cao.xlsx").write_bytes(b"workbook of " + run_id.encode())
    return commit_release(published, staging, identifier, {"dagster_run_id": run_id})


def test_a_release_is_switched_in_one_link_and_lists_its_files(tmp_path: Path) -> None:
    published = tmp_path / "published"
    with warehouse(tmp_path, 2.5) as connection:
        final = release(
            connection, published, "run-aaaaaaaa", datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
        )
    assert final.name == "20260102T030405Z-run-aaaa"
    assert os.readlink(published / "current") == "releases/20260102T030405Z-run-aaaa"
    assert current_release(published) == final
    manifest = json.loads((final / MANIFEST).read_text())
    assert sorted(manifest["files"]) == [
        "bao_cao.xlsx",
        "parquet/data_dictionary.parquet",
        "parquet/fct_x.parquet",
        "parquet/publication_log.parquet",
        "parquet/quality.check_history.parquet",
        "parquet/quality.file_loads.parquet",
        "parquet/quality.quarantine_reasons.parquet",
        "parquet/release_revision_summary.parquet",
        "parquet/release_revisions.parquet",
        "parquet/release_vintages.parquet",
        "productivity_marts.duckdb",
    ]
    # the stable names beside `current` are links through it
    assert (
        os.readlink(published / "productivity_marts.duckdb") == "current/productivity_marts.duckdb"
    )
    assert oct((final / "productivity_marts.duckdb").stat().st_mode & 0o777) == "0o644"
    with duckdb.connect(str(published / "productivity_marts.duckdb"), read_only=True) as reader:
        assert reader.execute("SELECT measure FROM marts.fct_x ORDER BY year").fetchall() == [
            (1.5,),
            (2.5,),
        ]


@pytest.mark.parametrize("bad", ["'NaN'::DOUBLE", "'Infinity'::DOUBLE", "-'Infinity'::DOUBLE"])
def test_a_non_finite_number_stops_the_release_before_anything_changes(
    tmp_path: Path, bad: str
) -> None:
    published = tmp_path / "published"
    with warehouse(tmp_path, 2.5) as connection:
        good = release(connection, published, "run-good0000", datetime(2026, 1, 1, tzinfo=UTC))
    before = {p: p.read_bytes() for p in good.rglob("*") if p.is_file()}
    with warehouse(tmp_path, 0) as connection:
        connection.execute(f"UPDATE marts.fct_x SET measure = {bad} WHERE year = 2025")
        with pytest.raises(PublicationError) as error:
            release(connection, published, "run-bad00000", datetime(2026, 2, 1, tzinfo=UTC))
    assert str(error.value).startswith(
        "marts.fct_x.measure has 1 non-finite value(s) (NaN or infinity), e.g. at "
        "geography_code=89, year=2025: "
    )
    assert current_release(published) == good
    assert {p: p.read_bytes() for p in good.rglob("*") if p.is_file()} == before
    # the failed attempt's staging folder is what the next publication removes first
    leftovers = clean_leftovers(published)
    assert leftovers == [".staging-20260201T000000Z-run-bad0"]
    assert sorted(p.name for p in published.iterdir()) == [
        "bao_cao.xlsx",
        "current",
        "parquet",
        "productivity_marts.duckdb",
        "releases",
    ]


def test_the_publication_log_lists_only_releases_that_became_current(tmp_path: Path) -> None:
    published = tmp_path / "published"
    first_at = datetime(2026, 1, 1, tzinfo=UTC)
    with warehouse(tmp_path, 2.5) as connection:
        release(connection, published, "run-one00000", first_at)
        # a second release staged but never switched (the refresh died before the rename)
        identifier, staging = start_release(
            published, datetime(2026, 1, 2, tzinfo=UTC), "run-dead0000"
        )
        publish_marts(
            connection,
            staging,
            ["marts.fct_x"],
            first_at,
            "run-dead0000",
            identifier,
            NO_VIETNAMESE,
            previous_publication_log(published),
        )
        third = release(connection, published, "run-three000", datetime(2026, 1, 3, tzinfo=UTC))
    with duckdb.connect(str(third / "productivity_marts.duckdb"), read_only=True) as reader:
        log = reader.execute(
            "SELECT dagster_run_id FROM marts.publication_log ORDER BY published_at"
        ).fetchall()
    assert log == [("run-one00000",), ("run-three000",)]


def test_three_releases_are_kept_and_a_release_without_manifest_is_removed(tmp_path: Path) -> None:
    published = tmp_path / "published"
    with warehouse(tmp_path, 2.5) as connection:
        for day in range(1, 6):
            release(connection, published, f"run-{day:08d}", datetime(2026, 1, day, tzinfo=UTC))
    releases = sorted(p.name for p in (published / "releases").iterdir())
    assert releases == [
        "20260103T000000Z-run-0000",
        "20260104T000000Z-run-0000",
        "20260105T000000Z-run-0000",
    ]
    (published / "releases" / "20260106T000000Z-run-dead").mkdir()  # renamed, killed at once
    assert clean_leftovers(published) == ["releases/20260106T000000Z-run-dead"]


def _derived_marts(connection: duckdb.DuckDBPyConnection, growth_2021: float, d36: float) -> None:
    """The two derived measures the vintages keep, as small marts."""
    connection.execute(
        "CREATE OR REPLACE TABLE marts.fct_labour_productivity AS SELECT * FROM (VALUES "
        f"('89', 'TOTAL', 2021, {growth_2021}::DOUBLE, 'A'), ('89', 'TOTAL', 2022, 4.0, 'P')) "
        "AS t(geography_code, sector_code, year, labour_productivity_real_growth_pct, obs_status)"
    )
    status = "met" if d36 >= 7 else "on_track"
    connection.execute(
        "CREATE OR REPLACE TABLE marts.fct_decision36_progress AS SELECT * FROM (VALUES "
        f"('89', 'lp_growth_2025', 2022, {d36}::DOUBLE, '{status}', 'A')) "
        "AS t(geography_code, target_code, last_year, value, status, obs_status)"
    )


def test_each_release_keeps_the_vintages_of_derived_measures(tmp_path: Path) -> None:
    """Three releases, worked by hand:
    release 1: growth 2021 = 5.0, 2022 = 4.0; Decision 36 lp_growth_2025 = 6.5 (on_track)
    release 2: growth 2021 revised to 5.5 (+0.5), 2022 unchanged; Decision 36 7.0 (met)
      -> growth: 2 compared, 1 revised, mean revision (0.5 + 0) / 2 = 0.25, mean absolute 0.25
      -> Decision 36: 1 compared, 1 revised (+0.5), 1 status changed
    release 3: as release 2 -> nothing revised, mean revision 0."""
    published = tmp_path / "published"
    marts = ["marts.fct_x", "marts.fct_labour_productivity", "marts.fct_decision36_progress"]

    def publish(run_id: str, day: int) -> Path:
        identifier, staging = start_release(published, datetime(2026, 3, day, tzinfo=UTC), run_id)
        publish_marts(
            connection,
            staging,
            marts,
            datetime(2026, 3, day, tzinfo=UTC),
            run_id,
            identifier,
            NO_VIETNAMESE,
            previous_publication_log(published),
            previous_database(published),
        )
        return commit_release(published, staging, identifier, {"dagster_run_id": run_id})

    with warehouse(tmp_path, 2.5) as connection:
        _derived_marts(connection, 5.0, 6.5)
        publish("run-one00000", 1)
        _derived_marts(connection, 5.5, 7.0)
        publish("run-two00000", 2)
        third = publish("run-three000", 3)
    with duckdb.connect(str(third / "productivity_marts.duckdb"), read_only=True) as reader:
        vintages = reader.execute(
            "SELECT measure, series_code, year, value, status FROM marts.release_vintages "
            "ORDER BY published_at, measure, year"
        ).fetchall()
        revisions = reader.execute(
            "SELECT series_code, year, previous_value, value, revision, is_revised, "
            "status_changed FROM marts.release_revisions "
            "WHERE release_id LIKE '20260302%' ORDER BY measure, year"
        ).fetchall()
        summary = reader.execute(
            "SELECT release_id[:8], measure, values_compared, values_revised, mean_revision, "
            "mean_absolute_revision, statuses_changed FROM marts.release_revision_summary "
            "ORDER BY release_id, measure"
        ).fetchall()
    assert len(vintages) == 9  # 3 values in each of 3 releases
    assert vintages[:3] == [
        ("decision36", "lp_growth_2025", 2022, 6.5, "on_track"),
        ("labour_productivity_real_growth_pct", "TOTAL", 2021, 5.0, None),
        ("labour_productivity_real_growth_pct", "TOTAL", 2022, 4.0, None),
    ]
    assert revisions == [
        ("lp_growth_2025", 2022, 6.5, 7.0, 0.5, True, True),
        ("TOTAL", 2021, 5.0, 5.5, 0.5, True, False),
        ("TOTAL", 2022, 4.0, 4.0, 0.0, False, False),
    ]
    assert summary == [
        ("20260302", "decision36", 1, 1, 0.5, 0.5, 1),
        ("20260302", "labour_productivity_real_growth_pct", 2, 1, 0.25, 0.25, 0),
        ("20260303", "decision36", 1, 0, 0.0, 0.0, 0),
        ("20260303", "labour_productivity_real_growth_pct", 2, 0, 0.0, 0.0, 0),
    ]
