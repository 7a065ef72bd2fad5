"""Running it for years, by every path: one configuration, one writer, recovery after faults.

Dagster runs are started the way the sensor and the schedule start them (their run requests,
executed against the project's real Dagster instance in a process of their own); the command
line as a steward types it.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest
import sqlalchemy

from pipelines.lib.publishing import current_release
from tests.conftest import (
    PRODUCTIVITY,
    PROJECT_ROOT,
    RefreshRun,
    copy_of,
    published_file,
    refresh_env,
    release_snapshot,
    run_refresh,
)
from tests.contract_headers import FULL, SHORT

pytestmark = pytest.mark.slow

SURVEY = "enterprise_survey"

# A Dagster run started as the sensor or the schedule starts one: their own run request,
# executed in this process against the instance in DAGSTER_HOME.
DAGSTER_RUN = textwrap.dedent(
    """
    import sys
    import dagster as dg
    from pipelines.definitions import defs

    trigger = sys.argv[1]
    definitions = defs()
    job = definitions.resolve_implicit_global_asset_job_def()
    with dg.DagsterInstance.get() as instance:
        if trigger == "sensor":
            sensor = definitions.resolve_sensor_def("landing_folder_sensor")
            result = sensor(dg.build_sensor_context(instance=instance, definitions=definitions))
            requests = result.run_requests
        elif trigger == "schedule":
            schedule = definitions.resolve_schedule_def("monthly_refresh")
            requests = [schedule(dg.build_schedule_context(instance=instance))]
        else:
            requests = [dg.RunRequest(tags={"trigger": "test",
                "dagster/asset_partition_range_start": "2016",
                "dagster/asset_partition_range_end": "2024"})]
        print("requests", len(requests), flush=True)
        for request in requests:
            outcome = job.execute_in_process(
                instance=instance,
                asset_selection=request.asset_selection,
                tags=request.tags,
                raise_on_error=False,
            )
            failures = [e for e in outcome.all_events if e.event_type_value == "STEP_FAILURE"]
            for failure in failures:
                print("FAILED", failure.step_key, failure.event_specific_data.error.message)
            print("run", outcome.run_id, "success" if outcome.success else "failure", flush=True)
    """
)


def start_dagster_run(env: dict[str, str], trigger: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", DAGSTER_RUN, trigger],
        env={**env, "PYTHONUNBUFFERED": "1"},
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def add_earlier_year(landing: Path, year: int) -> int:
    """A survey file for ``year``: the 2016 file, one employee fewer per enterprise and year."""
    source = (landing / SURVEY / "dieu_tra_doanh_nghiep_2016.csv").read_text(encoding="utf-8")
    lines = source.splitlines()
    header = lines[0].split(",")
    column = header.index(SHORT["employees_end"])
    import csv
    import io

    rows = list(csv.reader(io.StringIO(source)))[1:]
    for row in rows:
        row[column] = str(max(int(row[column]) - (2016 - year), 0))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    target = landing / SURVEY / f"dieu_tra_doanh_nghiep_{year}.csv"
    target.write_text(buffer.getvalue(), encoding="utf-8")
    return len(rows)


def published_years(run: RefreshRun) -> list[int]:
    with duckdb.connect(str(published_file(run)), read_only=True) as connection:
        return [
            y
            for (y,) in connection.execute(
                "SELECT DISTINCT survey_year FROM marts.fct_enterprise_productivity ORDER BY 1"
            ).fetchall()
        ]


def test_sensor_and_schedule_runs_use_the_moved_warehouse_and_publish_new_years(
    refreshed: RefreshRun, landing_copy: Path, tmp_path: Path
) -> None:
    moved = tmp_path / "elsewhere"
    run = copy_of(refreshed, moved)
    checkout_warehouse = PROJECT_ROOT / "warehouse" / "productivity.duckdb"
    untouched = checkout_warehouse.stat().st_mtime_ns if checkout_warehouse.exists() else None
    env = refresh_env(moved, landing_copy)  # PRODUCTIVITY_WAREHOUSE_DIR only, as documented
    assert "PRODUCTIVITY_WAREHOUSE" not in env

    add_earlier_year(landing_copy, 2015)
    sensor = start_dagster_run(env, "sensor")
    output, _ = sensor.communicate(timeout=900)
    assert sensor.returncode == 0, output
    # its first tick knew from the load log what was loaded: one run, for the new year only
    assert "requests 1" in output and " success" in output and "FAILED" not in output, output
    assert published_years(run)[0] == 2015

    add_earlier_year(landing_copy, 2014)
    schedule = start_dagster_run(env, "schedule")
    output, _ = schedule.communicate(timeout=900)
    assert schedule.returncode == 0 and " success" in output and "FAILED" not in output, output
    assert published_years(run) == list(range(2014, 2025))
    after = checkout_warehouse.stat().st_mtime_ns if checkout_warehouse.exists() else None
    assert after == untouched  # nothing was built in the checkout's own warehouse


def changed_survey(landing: Path) -> None:
    """The 2024 survey delivered again with new figures: a refresh with work at every stage,
    and a new release to publish."""
    import csv

    survey = landing / SURVEY / "dieu_tra_doanh_nghiep_2024.csv"
    with survey.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index(FULL["employees_end"])
    for row in rows[1:]:
        row[column] = str(int(row[column]) + 1)
    with survey.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def test_a_dagster_run_waits_for_a_command_line_refresh(
    refreshed: RefreshRun, landing_copy: Path, tmp_path: Path
) -> None:
    run = copy_of(refreshed, tmp_path / "run")
    changed_survey(landing_copy)
    env = {**refresh_env(tmp_path / "run", landing_copy), "PYTHONUNBUFFERED": "1"}
    cli = subprocess.Popen(
        [PRODUCTIVITY, "refresh"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert cli.stdout is not None
    assert cli.stdout.readline().startswith("productivity refresh: warehouse")  # lease taken
    dagster_run = start_dagster_run(env, "full")
    cli_output = cli.stdout.read()
    cli.wait(timeout=900)
    run_output, _ = dagster_run.communicate(timeout=900)
    assert cli.returncode == 0, cli_output
    assert dagster_run.returncode == 0 and " success" in run_output, run_output
    assert "Could not set lock" not in cli_output + run_output
    with duckdb.connect(str(run.warehouse), read_only=True) as connection:
        waited = connection.execute(
            "SELECT count(*) FROM quality.check_history WHERE check_name LIKE 'gx_%'"
        ).fetchone()
    assert waited is not None and waited[0] > 0
    # the Dagster run said whom it waited for (its log, printed by the run's process)
    assert "waiting for the warehouse: productivity refresh (pid " in run_output


def test_a_command_line_refresh_is_refused_while_a_dagster_run_writes(
    refreshed: RefreshRun, landing_copy: Path, tmp_path: Path
) -> None:
    copy_of(refreshed, tmp_path / "run")
    changed_survey(landing_copy)
    env = refresh_env(tmp_path / "run", landing_copy)
    dagster_run = start_dagster_run(env, "full")
    lease = tmp_path / "run" / "warehouse" / "productivity.duckdb.refresh.lease"
    # the copied warehouse still has the lease its own refresh left (a dead process's: free)
    deadline = time.monotonic() + 600
    holder: dict[str, object] = {}
    while holder.get("kind") != "dagster" and time.monotonic() < deadline:
        assert dagster_run.poll() is None, dagster_run.communicate()[0]
        time.sleep(0.2)
        holder = json.loads(lease.read_text()) if lease.exists() else {}
    # the same warehouse file, reached through a folder of another name
    alias = tmp_path / "alias"
    alias.symlink_to(tmp_path / "run")
    for folder in (tmp_path / "run", alias):
        started = time.monotonic()
        refused = subprocess.run(
            [PRODUCTIVITY, "refresh"],
            env=refresh_env(folder, landing_copy),
            capture_output=True,
            text=True,
            check=False,
        )
        assert refused.returncode == 2, refused.stdout + refused.stderr
        assert refused.stderr.startswith(
            f"productivity refresh refused: another refresh is already running (Dagster run "
            f"{str(holder['run_id'])[:8]} (test), since "
        )
        assert time.monotonic() - started < 30
    output, _ = dagster_run.communicate(timeout=900)
    assert " success" in output, output


def test_unreadable_quality_files_are_rebuilt_by_the_next_refresh(
    refreshed: RefreshRun, tmp_path: Path
) -> None:
    run = copy_of(refreshed, tmp_path / "run")
    gx = run.warehouse.parent / "quality" / "gx"
    suites = sorted((gx / "expectations").glob("*.json"))
    assert suites
    suites[0].write_bytes(suites[0].read_bytes()[:100])  # cut off, as a full disk leaves it
    (gx / "uncommitted" / "validations").mkdir(parents=True, exist_ok=True)
    (gx / "uncommitted" / "validations" / "empty.json").write_bytes(b"")
    again = run_refresh(tmp_path / "run", arguments=("--force",))  # nothing else has changed
    assert again.returncode == 0, again.output
    # the unreadable files are gone or written whole again (a validation of their suite writes
    # them anew from the suite's YAML): every file of the project reads
    assert not (gx / "uncommitted" / "validations" / "empty.json").exists()
    for path in gx.rglob("*.json"):
        json.loads(path.read_text())


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root (CI runs as root)")
def test_a_full_disk_fails_one_refresh_and_the_next_succeeds(
    refreshed: RefreshRun, tmp_path: Path
) -> None:
    folder = tmp_path / "run"
    warehouse = folder / "warehouse"
    warehouse.mkdir(parents=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(warehouse)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        full = run_refresh(folder)
        assert full.returncode != 0  # 6 MB cannot hold a warehouse
        assert "No space left on device" in full.output, full.output
        subprocess.run(["mount", "-o", "remount,size=400m", str(warehouse)], check=True)
        again = run_refresh(folder)
        assert again.returncode == 0, again.output
        assert (warehouse / "published" / "current" / "release.json").is_file()
    finally:
        subprocess.run(["umount", "-l", str(warehouse)], check=False)


def test_a_bi_connection_opened_after_a_release_reads_it(
    refreshed: RefreshRun, tmp_path: Path, landing_copy: Path
) -> None:
    """The README's recommended BI setting: a new connection per query (SQLAlchemy NullPool)
    through the stable path sees the new release; a connection kept open keeps its own."""
    run = copy_of(refreshed, tmp_path / "run")
    stable = published_file(run)
    url, options = f"duckdb:///{stable}", {"connect_args": {"read_only": True}}
    per_query = sqlalchemy.create_engine(url, poolclass=sqlalchemy.pool.NullPool, **options)
    pooled = sqlalchemy.create_engine(url, **options)
    query = sqlalchemy.text("SELECT max(release_id) FROM marts.publication_log")
    kept_open = pooled.connect()
    (first,) = kept_open.execute(query).one()
    with per_query.connect() as connection:
        assert connection.execute(query).one() == (first,)
    changed_survey(landing_copy)
    again = run_refresh(tmp_path / "run", landing=landing_copy)
    assert again.returncode == 0, again.output
    with per_query.connect() as connection:
        (second,) = connection.execute(query).one()
    new_release = current_release(stable.parent)
    assert new_release is not None and second == new_release.name != first
    assert kept_open.execute(query).one() == (first,)  # a connection keeps its release
    kept_open.close()
    pooled.dispose()
    per_query.dispose()
    assert release_snapshot(again)["current"] == second


def test_the_ui_runs_a_refresh_through_its_daemon_and_stops_on_sigterm(
    refreshed: RefreshRun, tmp_path: Path
) -> None:
    """`make ui` started the way a server script starts it (in the background of a shell,
    which makes it ignore SIGINT): a run submitted to it is launched by its daemon and
    succeeds, and SIGTERM then stops it within seconds."""
    from dagster_graphql import DagsterGraphQLClient

    copy_of(refreshed, tmp_path / "run")
    env = refresh_env(tmp_path / "run")
    port = "3071"
    started = subprocess.run(
        [
            "bash",
            "-c",
            f'"$0" ui --port {port} > "$1" 2>&1 & echo $!',
            PRODUCTIVITY,
            str(tmp_path / "ui.log"),
        ],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    pid = int(started.stdout.strip())
    client = DagsterGraphQLClient("127.0.0.1", port_number=int(port))
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                client._execute("{ version }")
                break
            except Exception:
                assert time.monotonic() < deadline, (tmp_path / "ui.log").read_text()
                time.sleep(1)
        run_id = client.submit_job_execution(
            "__ASSET_JOB",
            tags={
                "dagster/asset_partition_range_start": "2016",
                "dagster/asset_partition_range_end": "2024",
            },
        )
        while (status := client.get_run_status(run_id).value) not in ("SUCCESS", "FAILURE"):
            assert time.monotonic() < deadline + 600
            time.sleep(1)
        assert status == "SUCCESS"
        stopping = time.monotonic()
        os.kill(pid, signal.SIGTERM)
        while _alive(pid):
            assert time.monotonic() - stopping < 20, "make ui did not stop on SIGTERM"
            time.sleep(0.2)
    finally:
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    with contextlib.suppress(ChildProcessError):  # not our child: the shell started it
        os.waitpid(pid, os.WNOHANG)
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"
