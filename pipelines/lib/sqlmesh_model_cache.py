"""SQLMesh's cache of parsed models holds wherever the warehouse is.

SQLMesh 0.236 keeps the models it parsed in `.cache/`, each entry keyed by the files'
modification times and `Config.fingerprint`: a checksum of the whole configuration, the
connections included. The DuckDB connection names the warehouse file and the Spark gateway's
settings name its folders, so a warehouse in another folder (each test's, each benchmark
run's, a warehouse a steward moves) misses the cache, and every model is parsed and its
query optimised again: about two seconds of each such refresh on two cores, for models that
parse to the same thing wherever their tables are stored.

The fingerprint here is SQLMesh's own with each connection reduced to its engine (`duckdb`,
`spark`, ...): what a model parses to still keys the cache (model defaults, variables, the
default catalog and gateway, which SQLMesh keys separately), where its tables are does not.
A test (tests/test_sqlmesh_project.py) checks both.
"""

from __future__ import annotations

import pickle
import zlib
from typing import Any

_PATCHED = "_productivity_location_free_fingerprint"
_CONNECTIONS = ("connection", "state_connection", "test_connection")


def location_free_fingerprint(config: Any) -> str:
    """SQLMesh's `Config.fingerprint` of ``config``, its connections reduced to their engine."""
    # the canonical form SQLMesh's own fingerprint hashes (sets sorted: stable across runs)
    from sqlmesh.core.config.root import _canonicalize

    settings = config.dict(exclude={"loader", "notification_targets"})
    for gateway in settings.get("gateways", {}).values():
        for role in _CONNECTIONS:
            if gateway.get(role):
                gateway[role] = gateway[role].get("type")
    return str(zlib.crc32(pickle.dumps(_canonicalize(settings))))


def cache_models_wherever_the_warehouse_is() -> None:
    """Make SQLMesh key its parsed-model cache without the connections' locations (idempotent)."""
    from sqlmesh.core.config import Config

    if getattr(Config, _PATCHED, False):
        return
    Config.fingerprint = property(location_free_fingerprint)  # type: ignore[method-assign, assignment]
    setattr(Config, _PATCHED, True)
