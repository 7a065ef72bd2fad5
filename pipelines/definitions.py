"""The Dagster code location: everything under ``pipelines/defs/``.

dagster dev -m pipelines.definitions      (what `make ui` runs)
"""

from pathlib import Path

import dagster as dg

from pipelines.settings import load_settings, secure_warehouse


@dg.definitions
def defs() -> dg.Definitions:
    # `dagster dev` and its code servers write the warehouse too: owner-only, as the CLI does
    secure_warehouse(load_settings())
    return dg.load_from_defs_folder(path_within_project=Path(__file__).parent)
