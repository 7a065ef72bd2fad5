"""Dagster's own SQLite storage, without its per-event set-up cost.

A refresh writes about 750 events (each asset check is planned and evaluated, each model is an
output and a materialisation). Dagster's `SqliteEventLogStorage` builds a new SQLAlchemy engine
for every one of them, and asks SQLite whether the asset-check table exists before every check
event (a second engine each time): profiled, 2.8 s of a 28 s refresh
(benchmarks/profile-scale-1.md).
This storage is Dagster's, file for file (same folders, same schema, the same shards the UI
reads): it only keeps one engine per shard file for the life of the process and remembers a
table once SQLite has said it exists. Connections are still opened per use (NullPool), so
SQLite's file locking between the CLI, the webserver and the daemon is what it was.

Configured in dagster.yaml as `storage: custom:` (Dagster's documented way to name a storage
class); with PostgreSQL (deploy/postgresql/dagster.yaml) it is not used.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from dagster._core.storage.sql import create_engine
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS, create_db_conn_string
from dagster._core.storage.sqlite_storage import DagsterSqliteStorage, _event_logs_directory
from dagster._serdes import ConfigurableClassData
from sqlalchemy.pool import NullPool

# Engines kept at once: the current run's shard and the cross-run index, with room for the UI
# reading recent runs. An engine without pooled connections holds no file open.
KEPT_ENGINES = 16


class ReusingSqliteEventLogStorage(SqliteEventLogStorage):
    """`SqliteEventLogStorage` with one engine per shard and known tables remembered."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None) -> None:
        super().__init__(base_dir, inst_data)
        self._engines: OrderedDict[str, Any] = OrderedDict()
        self._tables_present: set[str] = set()

    def _engine(self, shard: str) -> Any:
        engine = self._engines.pop(shard, None)
        if engine is None:
            engine = create_engine(
                create_db_conn_string(self._base_dir, shard),
                poolclass=NullPool,
                connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS},
            )
        self._engines[shard] = engine
        while len(self._engines) > KEPT_ENGINES:
            _, oldest = self._engines.popitem(last=False)
            oldest.dispose()
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Any]:
        # the same steps as Dagster's own _connect, with the engine kept instead of rebuilt
        with self._db_lock:
            engine = self._engine(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as connection, connection.begin():
                yield connection

    def has_table(self, table_name: str) -> bool:
        # Dagster's migrations add tables, never drop them: once present, always present
        if table_name in self._tables_present:
            return True
        present = super().has_table(table_name)
        if present:
            self._tables_present.add(table_name)
        return present

    def dispose(self) -> None:
        for engine in self._engines.values():
            engine.dispose()
        self._engines.clear()
        super().dispose()


class ProjectSqliteStorage(DagsterSqliteStorage):
    """Dagster's SQLite storage (runs, event logs, schedules under one folder), its event log
    being `ReusingSqliteEventLogStorage`."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None) -> None:
        super().__init__(base_dir, inst_data)
        self._event_log_storage.dispose()
        self._event_log_storage = ReusingSqliteEventLogStorage(_event_logs_directory(base_dir))

    @classmethod
    def from_config_value(  # type: ignore[override]
        cls, inst_data: ConfigurableClassData, config_value: dict[str, str]
    ) -> ProjectSqliteStorage:
        return cls.from_local(inst_data=inst_data, **config_value)
