"""Shared fixtures: a whole refresh, run the way a steward runs it, in a temporary folder."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import typing as t
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from pipelines.lib.refresh_lease import mutex
from pipelines.settings import isolated_refresh_environment

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_SOURCES = PROJECT_ROOT / "sources"


@dataclass
class RefreshRun:
    returncode: int
    output: str
    warehouse: Path
    landing: Path


PRODUCTIVITY = str(Path(sys.executable).parent / "productivity")


def refresh_env(
    tmp: Path, landing: Path | None = None, overrides: dict[str, str] | None = None
) -> dict[str, str]:
    """The environment of a refresh whose warehouse and Dagster storage are under ``tmp``."""
    return {**isolated_refresh_environment(tmp, landing or SAMPLE_SOURCES), **(overrides or {})}


def run_refresh(
    tmp: Path,
    landing: Path | None = None,
    overrides: dict[str, str] | None = None,
    arguments: tuple[str, ...] = (),
) -> RefreshRun:
    """`productivity refresh` in a subprocess, with every path under ``tmp``.

    The Dagster instance is the project's own dagster.yaml (DAGSTER_HOME = project root);
    only its storage folder is redirected, as a server would do.
    """
    tmp.mkdir(parents=True, exist_ok=True)
    completed = subprocess.run(
        [PRODUCTIVITY, "refresh", *arguments],
        env=refresh_env(tmp, landing, overrides),
        cwd=tmp,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    return RefreshRun(
        returncode=completed.returncode,
        output=completed.stdout + completed.stderr,
        warehouse=tmp / "warehouse" / "productivity.duckdb",
        landing=landing or SAMPLE_SOURCES,
    )


def published_file(run: RefreshRun) -> Path:
    return run.warehouse.parent / "published" / "productivity_marts.duckdb"


def release_snapshot(run: RefreshRun) -> dict[str, str]:
    """The current release, byte for byte: which release is current and every file's sha256."""
    published = run.warehouse.parent / "published"
    current = (published / "current").resolve()
    files = {
        str(p.relative_to(current)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(current.rglob("*"))
        if p.is_file()
    }
    return {"current": current.name, **files}


def copy_of(run: RefreshRun, tmp: Path) -> RefreshRun:
    """A copy of a refreshed folder (warehouse and Dagster storage), as if refreshed there.

    Saves a whole refresh for tests that only need a warehouse that was refreshed once. The
    DuckDB file keeps its name, so SQLMesh's views (which name its catalog) stay valid; the
    `current` link of the publication is relative, so it points into the copy.
    """
    source = run.warehouse.parent.parent
    shutil.copytree(source / "warehouse", tmp / "warehouse", symlinks=True)
    shutil.copytree(source / "dagster", tmp / "dagster", symlinks=True)
    return RefreshRun(0, run.output, tmp / "warehouse" / "productivity.duckdb", run.landing)


def mart_contents(path: Path) -> dict[str, tuple[int, str]]:
    """Row count and an order-independent checksum of every published mart."""
    with duckdb.connect(str(path), read_only=True) as connection:
        tables = [
            t
            for (t,) in connection.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'marts' "
                "AND table_name NOT IN ('publication_log', 'release_vintages', "
                "'release_revisions', 'release_revision_summary')"
            ).fetchall()
        ]
        contents = {}
        for t in tables:
            # the release a row was published in is not its content
            columns = [
                c
                for (c,) in connection.execute(
                    "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'marts' "
                    "AND table_name = ? AND column_name <> 'release_id'",
                    [t],
                ).fetchall()
            ]
            row = ", ".join(f'"{c}"' for c in columns)
            contents[t] = connection.execute(
                f"SELECT count(*), sum(hash(struct_pack({row})))::VARCHAR FROM marts.{t}"
            ).fetchone()
        return contents


@pytest.fixture(scope="session")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> RefreshRun:
    """One full refresh from the shipped sample, shared by the tests that read its output.

    Built once per session, not once per pytest-xdist worker: the first worker to need it
    builds it in the folder the workers share, under a lock the others wait on, and they read
    the same folder (a whole refresh costs both cores 40-70 s). Tests only read it, or copy it
    (``copy_of``) before they change anything."""
    if "PYTEST_XDIST_WORKER" not in os.environ:  # not distributed (or `-p no:xdist`)
        run = run_refresh(tmp_path_factory.mktemp("refresh"))
    else:
        shared = tmp_path_factory.getbasetemp().parent
        record = shared / "refresh.json"
        with mutex(shared / "refresh.lock"):
            if record.is_file():
                run = RefreshRun(**_run_fields(json.loads(record.read_text(encoding="utf-8"))))
            else:
                run = run_refresh(shared / "refresh")
                record.write_text(json.dumps({k: str(v) for k, v in vars(run).items()}))
    assert run.returncode == 0, run.output
    return run


def _run_fields(stored: dict[str, str]) -> dict[str, t.Any]:
    return {
        "returncode": int(stored["returncode"]),
        "output": stored["output"],
        "warehouse": Path(stored["warehouse"]),
        "landing": Path(stored["landing"]),
    }


@pytest.fixture
def landing_copy(tmp_path: Path) -> Path:
    """A copy of the sample landing folder that a test may corrupt."""
    target = tmp_path / "landing"
    shutil.copytree(SAMPLE_SOURCES, target, ignore=shutil.ignore_patterns("README.md"))
    return target
