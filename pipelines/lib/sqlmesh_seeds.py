"""Seed CSVs are read as text, so codes keep their leading zeros and parents their form.

SQLMesh 0.236 reads a seed CSV with pandas' type inference and only then casts the declared
TEXT columns to text: a code column of digits loses its leading zeros (VSIC `032` becomes `32`,
province `01` becomes `1`) and a code column with blanks becomes float (`89` becomes `89.0`).
Reference codes are identifiers, never numbers, so every seed is read with every column as
text (blanks stay missing); DuckDB then casts each column to the type the seed model declares
(`value DOUBLE`, `valid_from DATE`, …) when SQLMesh inserts it. A test
(tests/test_reference_data.py) checks leading zeros and parent codes in the warehouse.
"""

from __future__ import annotations

from io import StringIO
from typing import Any

_PATCHED = "_productivity_reads_text"


def read_seeds_as_text() -> None:
    """Make SQLMesh's CSV seed reader keep every value as written (idempotent)."""
    from sqlmesh.core.model import seed

    reader = seed.CsvSeedReader
    if getattr(reader, _PATCHED, False):
        return

    def _get_df(self: Any) -> Any:
        import pandas as pd
        from sqlglot.optimizer.normalize_identifiers import normalize_identifiers

        if self._df is None:
            settings = {k: v for k, v in self.settings.dict().items() if v is not None}
            frame = pd.read_csv(
                StringIO(self.content),
                index_col=False,
                on_bad_lines="error",
                low_memory=False,
                dtype=str,
                **settings,
            )
            self._df = frame.rename(
                columns={
                    column: normalize_identifiers(column, dialect=self.dialect).name
                    for column in frame.columns
                }
            )
        return self._df

    reader._get_df = _get_df  # type: ignore[method-assign]
    setattr(reader, _PATCHED, True)
