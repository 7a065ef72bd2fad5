"""Read DOST's research-results registry: the tasks and the units that received their results.

The same contract validator as the survey (``pipelines.ingest.tabular``). Recipients that are
enterprises are named by tax code in the registry; the code is replaced by the same keyed
pseudonym the survey uses, so that a result can be linked to the enterprise's survey rows
without the tax code ever leaving the raw area. Names of principal investigators and of
recipients are dropped, and withheld wherever they appear in the published free text.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from pipelines.ingest.contracts import normalise_label, tabular_contract
from pipelines.ingest.errors import SourceFileError
from pipelines.ingest.lineage import file_sha256
from pipelines.ingest.tabular import TableRead, names_to_screen, read_table, read_workbook_sheets

CONTRACT = "research_registry"

RegistryTable = TableRead


def read_registry_file(
    path: Path, key: bytes, loaded_at: datetime | None = None
) -> dict[str, TableRead]:
    """{'tasks': ..., 'recipients': ...} from one registry workbook."""
    contract = tabular_contract(CONTRACT)
    if not re.match(contract.file_name_pattern, path.name):
        raise SourceFileError(path, f"file name does not follow {contract.file_name_example}")
    loaded_at = loaded_at or datetime.now(UTC)
    sha256 = file_sha256(path)
    sheets = read_workbook_sheets(path)
    by_label = {normalise_label(name): sheet for name, sheet in sheets.items()}
    matched = {}
    for name, table in contract.tables.items():
        found = [by_label[label] for label in sorted(table.sheet_names()) if label in by_label]
        if not found:
            raise SourceFileError(
                path,
                f"sheet {table.sheet} is missing (the workbook has "
                + ", ".join(repr(s) for s in sheets)
                + ")",
                sheet=table.sheet,
            )
        if len(found) > 1:
            raise SourceFileError(
                path,
                f"sheets {' and '.join(repr(s.name) for s in found)} are both table {table.sheet}: "
                "keep one",
            )
        matched[name] = found[0]
    used = {id(s) for s in matched.values()}
    notes = [
        f"sheet {s.name!r} is not a table of the contract: not loaded"
        for s in sheets.values()
        if id(s) not in used and s.headers
    ]
    screen = names_to_screen([(matched[n], contract.tables[n]) for n in contract.tables])
    result = {}
    for name, sheet in matched.items():
        read = read_table(
            sheet, name, contract, key, screen, {"source_sha256": sha256, "loaded_at": loaded_at}
        )
        read.notes[:0] = notes if name == next(iter(matched)) else []
        result[name] = read
    return result
