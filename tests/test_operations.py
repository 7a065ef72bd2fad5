"""Running it for years: one refresh at a time, readers never disturbed, refreshes idempotent,
and the published marts readable the way BI tools connect (SQLAlchemy + duckdb-engine)."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import duckdb
import pytest
import sqlalchemy

from tests.conftest import (
    PRODUCTIVITY,
    SAMPLE_SOURCES,
    RefreshRun,
    copy_of,
    mart_contents,
    published_file,
    refresh_env,
    release_snapshot,
    run_refresh,
)
from tests.contract_headers import FULL

pytestmark = pytest.mark.slow


def test_bi_tools_read_the_published_marts_through_sqlalchemy(refreshed: RefreshRun) -> None:
    # How Superset and Metabase connect: SQLAlchemy with the duckdb-engine dialect.
    engine = sqlalchemy.create_engine(
        f"duckdb:///{published_file(refreshed)}", connect_args={"read_only": True}
    )
    with engine.connect() as connection:
        rows = connection.execute(
            sqlalchemy.text(
                "SELECT year, labour_productivity_current_mvnd FROM marts.fct_labour_productivity "
                "WHERE geography_code = '89' AND sector_code = 'TOTAL' ORDER BY year"
            )
        ).fetchall()
    engine.dispose()  # close the pooled connection, as a BI server does on shutdown
    assert [r[0] for r in rows] == list(range(2010, 2025))
    with duckdb.connect(str(refreshed.warehouse), read_only=True) as warehouse:
        expected = warehouse.execute(
            "SELECT labour_productivity_current_mvnd FROM marts.fct_labour_productivity "
            "WHERE geography_code = '89' AND sector_code = 'TOTAL' ORDER BY year"
        ).fetchall()
    assert [r[1] for r in rows] == [e[0] for e in expected]


def test_readers_during_a_refresh_see_no_error_and_a_second_refresh_is_refused(
    tmp_path: Path, refreshed: RefreshRun
) -> None:
    first = copy_of(refreshed, tmp_path / "run")
    published = published_file(first)
    before = mart_contents(published)
    # new bytes, the same rows (a blank line is no row): a refresh with real work to do,
    # whose publication must hold exactly the same marts
    landing = tmp_path / "landing"
    shutil.copytree(SAMPLE_SOURCES, landing)
    survey = landing / "enterprise_survey" / "dieu_tra_doanh_nghiep_2024.csv"
    survey.write_text(survey.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    env = refresh_env(tmp_path / "run", landing)
    refresh = subprocess.Popen(
        [PRODUCTIVITY, "refresh", "--quiet"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    # Wait until the refresh holds its lock, however long a busy machine takes to start it:
    # its first progress line is printed after the lock is taken.
    assert refresh.stdout is not None
    first_line = refresh.stdout.readline()
    assert first_line.startswith("productivity refresh: warehouse"), first_line

    errors: list[str] = []
    reads = [0]
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            try:
                with duckdb.connect(str(published), read_only=True) as connection:
                    (count,) = connection.execute(
                        "SELECT count(*) FROM marts.fct_labour_productivity"
                    ).fetchone()
                assert count > 0
                reads[0] += 1
            except Exception as error:  # any error at all is a failure of publishing
                errors.append(repr(error))

    readers = [threading.Thread(target=reader) for _ in range(3)]
    for thread in readers:
        thread.start()
    second = subprocess.run(
        [PRODUCTIVITY, "refresh"], env=env, capture_output=True, text=True, check=False
    )
    output, _ = refresh.communicate(timeout=600)
    stop.set()
    for thread in readers:
        thread.join()

    assert second.returncode == 2
    assert "another refresh is already running" in second.stderr
    assert refresh.returncode == 0, output
    assert errors == []
    assert reads[0] > 10
    # unchanged inputs: the second publication holds exactly the same marts
    assert mart_contents(published) == before


@pytest.mark.parametrize(
    ("kill_at", "wait"),
    [("raw__yearbook_cells", 0.5), ("sqlmesh_models", 0.5), ("published__release", 0.3)],
    ids=["during_ingest", "during_sqlmesh", "during_publishing"],
)
def test_killed_refresh_leaves_the_publication_and_the_next_refresh_succeeds(
    kill_at: str, wait: float, tmp_path: Path, refreshed: RefreshRun
) -> None:
    first = copy_of(refreshed, tmp_path / "run")
    published = published_file(first)
    before = release_snapshot(first)

    # a changed survey year (every enterprise one employee more at the end of 2024), so that
    # every stage has real work to do, publishing a release with new figures included
    landing = tmp_path / "landing"
    subprocess.run(["cp", "-r", str(SAMPLE_SOURCES), str(landing)], check=True)
    survey = landing / "enterprise_survey" / "dieu_tra_doanh_nghiep_2024.csv"
    with survey.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index(FULL["employees_end"])
    for row in rows[1:]:
        row[column] = str(int(row[column]) + 1)
    with survey.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    env = {**refresh_env(tmp_path / "run", landing), "PYTHONUNBUFFERED": "1"}

    refresh = subprocess.Popen(
        [PRODUCTIVITY, "refresh"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    assert refresh.stdout is not None
    seen = []
    for line in refresh.stdout:
        seen.append(line)
        if line.strip() == f"▶ {kill_at}":
            time.sleep(wait)  # inside the step
            os.killpg(refresh.pid, signal.SIGKILL)  # the refresh and any worker it forked
            break
    refresh.wait(timeout=60)
    assert refresh.returncode == -9, "".join(seen)
    after = release_snapshot(first)
    if kill_at == "published__release":
        # Killed while publishing: the current release is the previous one, or - if the switch
        # happened before the kill - the complete new one (its manifest lists every file with
        # its checksum, and they all match); never a mix of the two.
        assert after == before or after["current"] != before["current"]
        manifest = json.loads((published.parent / "current" / "release.json").read_text())
        assert {k: v["sha256"] for k, v in manifest["files"].items()} == {
            k: v for k, v in after.items() if k not in ("current", "release.json")
        }
    else:
        assert after == before
    assert not list((published.parent / "current").resolve().glob("**/*.wal"))

    again = run_refresh(tmp_path / "run", landing=landing)
    assert again.returncode == 0, again.output
    # what the killed publication left (a staging folder, a release without its manifest) is gone
    assert not list((published.parent).glob(".staging-*"))
    releases = list((published.parent / "releases").iterdir())
    assert all((r / "release.json").is_file() for r in releases)
    with duckdb.connect(str(published), read_only=True) as connection:
        (rows,) = connection.execute(
            "SELECT count(*) FROM marts.fct_labour_productivity"
        ).fetchone()
    assert rows > 0


def test_published_marts_carry_the_table_and_column_descriptions(refreshed: RefreshRun) -> None:
    with duckdb.connect(str(published_file(refreshed)), read_only=True) as connection:
        (table,) = connection.execute(
            "SELECT comment FROM duckdb_tables() WHERE table_name = 'fct_labour_productivity'"
        ).fetchone()
        (column,) = connection.execute(
            "SELECT comment FROM duckdb_columns() WHERE table_name = 'fct_labour_productivity' "
            "AND column_name = 'labour_productivity_current_mvnd'"
        ).fetchone()
    assert table.startswith("Labour productivity (năng suất lao động)")
    assert column == "million VND per worker, current prices"


def test_published_data_dictionary_is_bilingual_and_complete(refreshed: RefreshRun) -> None:
    with duckdb.connect(str(published_file(refreshed)), read_only=True) as connection:
        # the marts by name, the published quality tables as quality.<table>
        published_columns = set(
            connection.execute(
                "SELECT CASE schema_name WHEN 'marts' THEN table_name "
                "ELSE schema_name || '.' || table_name END, column_name FROM duckdb_columns() "
                "WHERE schema_name IN ('marts', 'quality')"
            ).fetchall()
        )
        entries = connection.execute(
            "SELECT table_name, column_name, data_type, description_en, description_vi "
            "FROM marts.data_dictionary"
        ).fetchall()
        labour = connection.execute(
            "SELECT data_type, description_en, description_vi FROM marts.data_dictionary "
            "WHERE table_name = 'fct_labour_productivity' "
            "AND column_name = 'labour_productivity_current_mvnd'"
        ).fetchone()
    described_columns = {(table, column) for table, column, *_ in entries if column is not None}
    described_tables = {table for table, column, *_ in entries if column is None}
    # every published column and table exactly once
    assert described_columns == published_columns
    assert len(described_columns) + len(described_tables) == len(entries)
    assert described_tables == {table for table, _ in published_columns}
    # 24 marts, the publication log, the 3 vintage tables, the dictionary and the 3 quality
    # tables (check history, file loads, quarantine reasons)
    assert len(described_tables) == 32
    assert {"quality.check_history", "quality.file_loads"} <= described_tables
    assert [e for e in entries if not (e[3] and e[4])] == []  # both languages, every entry
    # the model's English and the Vietnamese half (unit: triệu đồng = million VND)
    assert labour is not None
    assert labour[0] == "DOUBLE"
    assert labour[1] == "million VND per worker, current prices"
    assert "triệu đồng" in labour[2].casefold() and "giá hiện hành" in labour[2]
    parquet = published_file(refreshed).parent / "parquet" / "data_dictionary.parquet"
    assert duckdb.sql(f"SELECT count(*) FROM '{parquet}'").fetchone() == (len(entries),)
