"""Every query example in the README runs, verbatim, against a real publication.

The examples are read out of README.md as they are printed: SQL blocks run in DuckDB, Python
blocks run as scripts, and shell blocks that call the `duckdb` client run in bash, all from a
folder laid out as a steward's clone (`warehouse/published/...`). A SQL example that reads the
working warehouse (schema `raw`) runs there; every other one (the quality history too, which
every release publishes) against the published file. Each must return at least one row: an
example that prints nothing teaches nothing.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from tests.conftest import PROJECT_ROOT, RefreshRun, published_file

README = PROJECT_ROOT / "README.md"
WAREHOUSE_ONLY_SCHEMAS = re.compile(r"\braw\.\w+")


@dataclass(frozen=True)
class Example:
    language: str
    line: int
    code: str

    def __str__(self) -> str:
        return f"README.md line {self.line} ({self.language})"


def readme_examples() -> list[Example]:
    examples, language, start, lines = [], None, 0, []
    for number, text in enumerate(README.read_text(encoding="utf-8").splitlines(), start=1):
        fence = re.match(r"^```(\w*)\s*$", text)
        if fence and language is None:
            language, start, lines = fence.group(1), number, []
        elif fence:
            examples.append(Example(language, start, "\n".join(lines)))
            language = None
        elif language is not None:
            lines.append(text)
    return examples


def query_examples() -> list[Example]:
    """The examples that query data: SQL, Python reading the marts, shell calling duckdb."""
    return [
        example
        for example in readme_examples()
        if example.language == "sql"
        or (example.language == "python" and "warehouse/published" in example.code)
        or (example.language == "bash" and re.search(r"^duckdb ", example.code, re.MULTILINE))
    ]


def test_the_readme_has_query_examples_of_every_kind() -> None:
    kinds = [example.language for example in query_examples()]
    # one per mart family at least, plus Python (DuckDB, SQLAlchemy, Parquet) and the CLI
    assert kinds.count("sql") >= 10
    assert kinds.count("python") >= 3
    assert kinds.count("bash") >= 1


@pytest.fixture(scope="module")
def steward_clone(refreshed: RefreshRun) -> Path:
    """The folder the README's relative paths (`warehouse/published/...`) start from."""
    return refreshed.warehouse.parent.parent


@pytest.mark.slow
@pytest.mark.parametrize("example", query_examples(), ids=str)
def test_readme_example_runs_verbatim(
    example: Example, steward_clone: Path, refreshed: RefreshRun
) -> None:
    published = published_file(refreshed)
    if example.language == "sql":
        reads_working_warehouse = WAREHOUSE_ONLY_SCHEMAS.search(example.code) is not None
        database = refreshed.warehouse if reads_working_warehouse else published
        with duckdb.connect(str(database), read_only=True) as connection:
            rows = connection.execute(example.code).fetchall()
        assert rows, f"{example} returned no rows"
        return
    command = (
        [sys.executable, "-c", example.code]
        if example.language == "python"
        else ["bash", "-euo", "pipefail", "-c", example.code]
    )
    # `duckdb` is the command-line client the lock installs into the virtual environment.
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    completed = subprocess.run(
        command,
        cwd=steward_clone,
        env={**os.environ, "PATH": path},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, f"{example} failed:\n{completed.stderr}"
    assert completed.stdout.strip(), f"{example} printed nothing"
