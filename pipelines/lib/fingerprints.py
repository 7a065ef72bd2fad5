"""What a result depends on, as checksums: so that a refresh with nothing new does nothing.

A table built or checked by a refresh depends on two things: the project's code (models,
macros, audits, seeds, contracts, reference lists, suites, the Python that reads, checks and
publishes) and the files its sources were loaded from (`raw.load_log`). When both are what
they were at the last refresh that built and audited everything successfully, the models would
come out byte for byte the same, and SQLMesh is not run again; a check whose table holds the
very rows a passing validation checked, with the same code, is not run again either, and no
new release is made of marts identical to the current release's. Each says so in its metadata.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# Everything whose content can change what a refresh builds, checks or publishes.
CODE_GLOBS = (
    "models/**/*",
    "macros/**/*.py",
    "audits/**/*.sql",
    "linter/**/*.py",
    "pipelines/**/*.py",
    "pipelines/**/*.yaml",
    "sources/contracts/*.yaml",
    "sources/reference/*.csv",
    "config.py",
    "external_models.yaml",
)


@cache
def code_fingerprint(root: Path = PROJECT_ROOT) -> str:
    """One checksum of the project's code and reference data (read once per process)."""
    digest = hashlib.sha256()
    files = sorted(
        {p for pattern in CODE_GLOBS for p in root.glob(pattern) if p.is_file()}
        - {p for p in root.glob("**/__pycache__/**")}
    )
    for path in files:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


# "raw.enterprise_survey@2024": one year of a source read by incremental models
PARTITION_SEPARATOR = "@"


def _loaded_files(fetchall: Any) -> list[tuple[Any, ...]]:
    """(table, partition, file#sheet, sha256, rows, key fingerprint) of every load, ordered by
    every column: the same loads give the same checksums whatever order they were logged in."""
    try:
        return list(
            fetchall(
                "SELECT target_table, coalesce(partition_key, ''), "
                "source_file || coalesce('#' || sheet, ''), source_sha256, rows_loaded, "
                "coalesce(key_fingerprint, '') FROM raw.load_log WHERE status = 'loaded' "
                "ORDER BY ALL"
            )
        )
    except Exception:  # no load log yet
        return []


def _checksums(rows: list[tuple[Any, ...]], name_of: Any) -> dict[str, str]:
    """One checksum per ``name_of(table, partition)`` (rows named None are left out)."""
    digests: dict[str, Any] = {}
    for table, partition, source_file, sha, rows_loaded, key in rows:
        name = name_of(table, partition)
        if name is not None:
            digests.setdefault(name, hashlib.sha256()).update(
                f"{source_file}|{sha}|{rows_loaded}|{key};".encode()
            )
    return {name: digest.hexdigest() for name, digest in digests.items()}


def source_fingerprints(fetchall: Any, tables: list[str] | None = None) -> dict[str, str]:
    """{raw table: checksum of the files (and pseudonym key) it was loaded from}."""
    found = _checksums(
        _loaded_files(fetchall),
        lambda table, _partition: table if tables is None or table in tables else None,
    )
    nothing_loaded = hashlib.sha256().hexdigest()
    return dict(sorted({**dict.fromkeys(tables or [], nothing_loaded), **found}.items()))


def partition_fingerprints(fetchall: Any, tables: list[str]) -> dict[str, str]:
    """{"raw.enterprise_survey@2024": checksum of the files that year was loaded from}, for
    each of ``tables`` whose loads record a partition (the survey's are its years)."""
    if not tables:
        return {}
    found = _checksums(
        _loaded_files(fetchall),
        lambda table, partition: (
            f"{table}{PARTITION_SEPARATOR}{partition}" if table in tables else None
        ),
    )
    return dict(sorted(found.items()))


def content_version(fetchall: Any, tables: list[str]) -> str:
    """The code and the very rows of ``tables`` (count and an order-independent checksum of
    every row), as one key: equal keys mean equal tables checked by equal code."""
    digest = hashlib.sha256(code_fingerprint().encode())
    for table in sorted(tables):
        ((rows, rows_digest),) = fetchall(
            f"SELECT count(*), coalesce(sum(hash(t)), 0)::VARCHAR FROM {table} AS t"
        )
        digest.update(f"{table}={rows}:{rows_digest};".encode())
    return digest.hexdigest()[:32]
