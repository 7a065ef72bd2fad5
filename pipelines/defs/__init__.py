"""Dagster definitions, one folder per layer: ingest (data enters), transform (SQLMesh
models), quality (Great Expectations gates). Loaded by ``pipelines/definitions.py``."""
