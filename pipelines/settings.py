"""Where the project reads and writes, decided in one place from the environment.

Every setting has a default that works from a fresh clone, so `make run` needs no
configuration; a server overrides them with environment variables (see README, "Settings").
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent

ENVIRONMENTS = ("local", "test", "production")

# One switch moves Dagster's run/event storage and SQLMesh's state into PostgreSQL.
POSTGRES_URL_VARIABLE = "PRODUCTIVITY_POSTGRES_URL"


@dataclass(frozen=True)
class PostgresTarget:
    """The parts of a postgresql:// URL that SQLMesh's connection config asks for one by one."""

    host: str
    port: int
    user: str
    password: str
    database: str


POSTGRES_URL_SCHEME = "postgresql+psycopg2"


def parse_postgres_url(url: str) -> PostgresTarget:
    """Split ``postgresql+psycopg2://user:password@host:port/database``.

    The driver is named because SQLAlchemy 2.1 would otherwise open the URL with psycopg 3,
    which Dagster's event log does not work with. A Unix-socket server is written as libpq
    accepts it: ``postgresql+psycopg2://user@/database?host=/run/postgresql&port=5432``.
    """
    parts = urlsplit(url)
    if parts.scheme != POSTGRES_URL_SCHEME or not parts.path.strip("/"):
        raise ValueError(
            f"{POSTGRES_URL_VARIABLE} must look like "
            f"{POSTGRES_URL_SCHEME}://user:password@host:5432/database "
            "(the psycopg2 driver named in the scheme)"
        )
    query = parse_qs(parts.query)
    return PostgresTarget(
        host=parts.hostname or query.get("host", ["localhost"])[0],
        port=parts.port or int(query.get("port", ["5432"])[0]),
        user=unquote(parts.username or "postgres"),
        password=unquote(parts.password or ""),
        database=parts.path.strip("/"),
    )


# The most memory DuckDB's buffer manager may hold in one refresh process (DuckDB's own
# default: 80 % of the machine). Above it DuckDB spills sorts, joins and aggregates to a
# temporary folder beside the warehouse instead of growing: how a national census fits a
# machine it shares with others (README, "Speed and scale").
DUCKDB_MEMORY_LIMIT_VARIABLE = "PRODUCTIVITY_DUCKDB_MEMORY_LIMIT"
_MEMORY_SIZE = re.compile(r"^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", re.IGNORECASE)


def duckdb_settings() -> dict[str, str]:
    """The DuckDB settings every connection to the warehouse applies (SET name = value).

    Every connection of a process shares one database instance, so the CLI's, the assets' and
    SQLMesh's connections must agree: all of them read this one function.
    """
    limit = os.environ.get(DUCKDB_MEMORY_LIMIT_VARIABLE, "").strip()
    if not limit:
        return {}
    if not _MEMORY_SIZE.match(limit):
        raise ValueError(
            f"{DUCKDB_MEMORY_LIMIT_VARIABLE}={limit!r} is not a size DuckDB reads: "
            "a number and a unit, such as 2GB or 1500MiB"
        )
    return {"memory_limit": limit}


def dagster_home(project_root: Path = PROJECT_ROOT) -> Path:
    """The folder whose dagster.yaml is the instance in force: PostgreSQL storage or SQLite."""
    if os.environ.get(POSTGRES_URL_VARIABLE):
        return project_root / "deploy" / "postgresql"
    return project_root


# Where Great Expectations writes its Data Docs site, under the quality folder.
DATA_DOCS_SITE = Path("gx", "uncommitted", "data_docs", "local_site")


@dataclass(frozen=True)
class Settings:
    project_root: Path
    environment: str
    landing_dir: Path
    warehouse_dir: Path
    warehouse_path: Path
    dagster_storage: Path

    @property
    def quality_dir(self) -> Path:
        return self.warehouse_dir / "quality"

    @property
    def data_docs_site(self) -> Path:
        """The Great Expectations Data Docs site (pipelines/lib/data_docs_offline.py)."""
        return self.quality_dir / DATA_DOCS_SITE


# Where `productivity ui` serves the Data Docs over http, so the Dagster UI can link to them (a
# browser refuses file:// links from an http page). A shared server sets the address its
# readers reach (PRODUCTIVITY_DATA_DOCS_URL) when it serves the site another way.
DATA_DOCS_PORT = int(os.environ.get("PRODUCTIVITY_DATA_DOCS_PORT", "3001"))


def data_docs_url(relative: str = "index.html") -> str:
    base = os.environ.get("PRODUCTIVITY_DATA_DOCS_URL") or f"http://127.0.0.1:{DATA_DOCS_PORT}/"
    return base.rstrip("/") + "/" + relative.lstrip("/")


def _path_from_env(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


def load_settings() -> Settings:
    """Read the settings from the environment (called at run time, not import time)."""
    environment = os.environ.get("PRODUCTIVITY_ENV", "local")
    if environment not in ENVIRONMENTS:
        raise ValueError(
            f"PRODUCTIVITY_ENV={environment!r} is not one of {', '.join(ENVIRONMENTS)}"
        )
    warehouse_dir = _path_from_env("PRODUCTIVITY_WAREHOUSE_DIR", PROJECT_ROOT / "warehouse")
    return Settings(
        project_root=PROJECT_ROOT,
        environment=environment,
        landing_dir=_path_from_env("PRODUCTIVITY_LANDING_DIR", PROJECT_ROOT / "sources"),
        warehouse_dir=warehouse_dir,
        warehouse_path=_path_from_env(
            "PRODUCTIVITY_WAREHOUSE", warehouse_dir / "productivity.duckdb"
        ),
        dagster_storage=_path_from_env("PRODUCTIVITY_DAGSTER_STORAGE", warehouse_dir / "dagster"),
    )


def isolated_refresh_environment(folder: Path, landing: Path) -> dict[str, str]:
    """The environment of a refresh that reads ``landing`` and writes only under ``folder``.

    Used by the tests and `make bench`: the project's own Dagster instance (dagster.yaml,
    SQLite storage), the warehouse and Dagster's storage under ``folder``, whatever the caller's
    shell sets.
    """
    env = {
        **os.environ,
        "DAGSTER_HOME": str(PROJECT_ROOT),
        "PRODUCTIVITY_WAREHOUSE_DIR": str(folder / "warehouse"),
        "PRODUCTIVITY_DAGSTER_STORAGE": str(folder / "dagster"),
        "PRODUCTIVITY_LANDING_DIR": str(landing),
        "PRODUCTIVITY_ENV": "test",
    }
    for variable in ("PRODUCTIVITY_WAREHOUSE", POSTGRES_URL_VARIABLE):
        env.pop(variable, None)
    return env


def secure_warehouse(settings: Settings) -> None:
    """What the pipeline writes is its owner's alone, except the published area.

    New files are created owner-only (umask 077); the warehouse folder can be traversed by
    others (so BI reaches `published/`) but not listed; the working DuckDB file, Dagster's
    storage, the quality project and the restricted archive are owner-only; `published/`
    is world-readable, and publishing sets its own permissions.
    """
    os.umask(0o077)
    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
    settings.warehouse_dir.chmod(0o711)
    for folder in (
        settings.dagster_storage,
        settings.quality_dir,
        settings.warehouse_dir / "restricted",
    ):
        if folder.exists():
            folder.chmod(0o700)
    for path in settings.warehouse_dir.glob(settings.warehouse_path.name + "*"):
        if path.is_file():
            path.chmod(0o600)
    if settings.warehouse_path.exists():
        settings.warehouse_path.chmod(0o600)


def export_tool_environment(settings: Settings) -> None:
    """Point Dagster at the project's instance and switch the tools' telemetry off.

    Called by the CLI before Dagster or SQLMesh are imported, so `productivity ...` behaves the
    same whether or not it was started from the Makefile.
    """
    os.environ.setdefault("DAGSTER_HOME", str(dagster_home(settings.project_root)))
    os.environ["PRODUCTIVITY_DAGSTER_STORAGE"] = str(settings.dagster_storage)
    os.environ["PRODUCTIVITY_WAREHOUSE"] = str(settings.warehouse_path)
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("SQLMESH__DISABLE_ANONYMIZED_ANALYTICS", "1")
    os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")
    settings.dagster_storage.mkdir(parents=True, exist_ok=True)
    secure_warehouse(settings)
