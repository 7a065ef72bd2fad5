"""One writer, whoever starts it: the refresh lease of a warehouse file.

DuckDB admits one writing process, and SQLMesh must never run twice at once. Runs started from
the Dagster UI, a sensor or a schedule are queued one at a time by the instance, but a
`productivity refresh` from the command line runs in its own process, outside that queue. So
every refresh, by every path, holds the *lease* of the warehouse file for as long as it runs:

- a file beside the warehouse file (`<file>.refresh.lease`, JSON: who holds it, since when),
  read and written under a short POSIX lock of `<file>.refresh.lock`;
- the command line takes it before its run starts and holds it until its process has exited
  (only then has DuckDB let go of the file); a second command-line refresh, or one started
  while a Dagster run holds the lease, is refused at once, naming the holder and since when;
- a Dagster run takes it in the first step that opens the warehouse and keeps it until the run
  ends: a step of a run that finds the lease held by another refresh waits, saying for whom and
  since when, until it is free (a refresh ends within minutes);
- a lease whose holder is gone (its process dead, its Dagster run finished, failed or canceled)
  is free: nothing has to be cleaned by hand after a crash.

The lease is found through the warehouse file's real path, so the same file reached through
another folder name (a symbolic link, another `PRODUCTIVITY_WAREHOUSE_DIR`) has the same lease.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# A Dagster run that holds the lease but has not shown a sign of life for this long (its worker
# died without the instance noticing) no longer holds it.
STALE_AFTER_SECONDS = 12 * 3600
WAIT_SECONDS = float(os.environ.get("PRODUCTIVITY_LEASE_WAIT_SECONDS", str(6 * 3600)))
POLL_SECONDS = 1.0


class RefreshBusyError(RuntimeError):
    """Another refresh holds the warehouse."""


@dataclass(frozen=True)
class Lease:
    kind: str  # "cli" or "dagster"
    # how the steward knows it: "productivity refresh (pid 1234)", "Dagster run ab12cd34 (...)"
    who: str
    since: str  # ISO time it was taken
    pid: int
    process_start: str  # /proc/<pid>/stat start time: a pid reused by another process is not it
    run_id: str | None = None
    heartbeat: float = 0.0

    def describe(self) -> str:
        return f"{self.who}, since {self.since[:19].replace('T', ' ')} UTC"


def _paths(warehouse: Path) -> tuple[Path, Path]:
    real = warehouse.resolve()
    real.parent.mkdir(parents=True, exist_ok=True)
    return real.with_name(real.name + ".refresh.lease"), real.with_name(real.name + ".refresh.lock")


def _process_start(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def _process_alive(pid: int, start: str) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a process that has exited but not been reaped yet holds no file any more
        if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
            return False
    except (OSError, IndexError):
        pass
    return not start or _process_start(pid) == start


@contextmanager
def mutex(lock: Path) -> Iterator[None]:
    """Hold an exclusive POSIX lock on the file ``lock`` (created if missing) for the block;
    the kernel releases it if the holder dies."""
    with lock.open("a+") as handle:
        fcntl.lockf(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.lockf(handle, fcntl.LOCK_UN)


def read_lease(warehouse: Path) -> Lease | None:
    path, _ = _paths(warehouse)
    try:
        return Lease(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None  # none, or a lease file a crash left half-written: free


def _write(path: Path, lease: Lease) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(asdict(lease)), encoding="utf-8")
    os.replace(partial, path)


def _held_by_someone_else(
    lease: Lease | None, mine: Callable[[Lease], bool], run_alive: Callable[[str], bool | None]
) -> bool:
    if lease is None or mine(lease):
        return False
    if lease.kind == "cli":
        return _process_alive(lease.pid, lease.process_start)
    alive = run_alive(lease.run_id or "")
    if alive is None:  # the instance does not know the run: go by its process and heartbeat
        alive = _process_alive(lease.pid, lease.process_start)
    return alive and time.time() - lease.heartbeat < STALE_AFTER_SECONDS


def _now() -> str:
    return datetime.now(UTC).isoformat()


def take_for_command_line(warehouse: Path, run_alive: Callable[[str], bool | None]) -> Lease:
    """The command line's lease, or RefreshBusyError naming who holds it."""
    path, lock = _paths(warehouse)
    pid = os.getpid()
    with mutex(lock):
        current = read_lease(warehouse)
        if _held_by_someone_else(current, lambda lease: False, run_alive):
            assert current is not None
            raise RefreshBusyError(
                f"another refresh is already running ({current.describe()}); it holds "
                f"{path}. Wait for it to finish, then try again."
            )
        lease = Lease("cli", f"productivity refresh (pid {pid})", _now(), pid, _process_start(pid))
        lease = Lease(**{**asdict(lease), "heartbeat": time.time()})
        _write(path, lease)
    return lease


def hold_for_run(
    warehouse: Path,
    run_id: str,
    who: str,
    run_alive: Callable[[str], bool | None],
    log: Callable[[str], Any],
    wait_seconds: float = WAIT_SECONDS,
) -> Lease:
    """Take (or keep) the lease for a Dagster run; wait while another refresh holds it."""
    path, lock = _paths(warehouse)
    pid = os.getpid()

    def mine(lease: Lease) -> bool:
        # a step of this run, or of the command line's own in-process run
        return lease.run_id == run_id or (lease.kind == "cli" and lease.pid == pid)

    started = time.monotonic()
    told = -1.0
    while True:
        with mutex(lock):
            current = read_lease(warehouse)
            if not _held_by_someone_else(current, mine, run_alive):
                if current is not None and current.kind == "cli" and current.pid == pid:
                    return current  # the command line's run: its lease already
                lease = Lease(
                    "dagster",
                    who,
                    current.since if current and current.run_id == run_id else _now(),
                    pid,
                    _process_start(pid),
                    run_id,
                    time.time(),
                )
                _write(path, lease)
                return lease
        waited = time.monotonic() - started
        if waited > wait_seconds:
            raise RefreshBusyError(
                f"gave up after {waited:.0f} s waiting for the warehouse: "
                f"{current.describe() if current else 'another refresh'} still holds it"
            )
        if waited - told >= 60 or told < 0:
            log(
                f"waiting for the warehouse: {current.describe() if current else ''} is "
                "refreshing it; this run goes on when it has finished"
            )
            told = waited
        time.sleep(POLL_SECONDS)
