"""Reusable pieces behind the Dagster definitions: warehouse I/O, SQLMesh, Great Expectations."""
