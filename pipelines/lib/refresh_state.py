"""Whether a command-line refresh has anything to do: the state the last one succeeded on.

A refresh whose inputs are exactly those of the last successful one — the same code, the same
pseudonym key, the same files in the landing folder (by checksum), the same current release —
would load nothing, rebuild nothing, check the same rows and publish the same marts. The
command line then says so and stops in about a second, instead of taking the Dagster run's
fixed costs. The state is removed when a refresh starts and written only when it succeeds, so
a failed or killed refresh is always followed by a real one.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipelines.ingest.landing import PROJECT_FOLDERS
from pipelines.ingest.lineage import file_sha256
from pipelines.ingest.pseudonym import key_fingerprint
from pipelines.lib.fingerprints import code_fingerprint
from pipelines.lib.publishing import current_release

STATE_FILE = ".last_refresh.json"


def inputs_of(
    landing_dir: Path, published_dir: Path, warehouse: Path, key: bytes
) -> dict[str, Any]:
    files = (
        {
            str(p.relative_to(landing_dir)): file_sha256(p)
            for p in sorted(landing_dir.rglob("*"))
            if p.is_file() and p.relative_to(landing_dir).parts[0] not in PROJECT_FOLDERS
        }
        if landing_dir.is_dir()
        else {}
    )
    release = current_release(published_dir)
    return {
        "code": code_fingerprint(),
        "key": key_fingerprint(key),
        "landing": files,
        "release": release.name if release else None,
        "warehouse": warehouse.exists(),
    }


def unchanged_since(state_dir: Path, inputs: dict[str, Any]) -> str | None:
    """When the last successful refresh ended, if its inputs are these; else None."""
    try:
        state = json.loads((state_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return str(state["finished_at"]) if state.get("inputs") == inputs else None


def forget(state_dir: Path) -> None:
    (state_dir / STATE_FILE).unlink(missing_ok=True)


def remember(state_dir: Path, inputs: dict[str, Any]) -> None:
    path = state_dir / STATE_FILE
    partial = path.with_name(path.name + ".partial")
    state = {"finished_at": datetime.now(UTC).isoformat(timespec="seconds"), "inputs": inputs}
    partial.write_text(json.dumps(state), encoding="utf-8")
    os.replace(partial, path)
