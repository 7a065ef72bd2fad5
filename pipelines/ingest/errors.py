"""The error a steward sees when a file cannot be read at all."""

from __future__ import annotations

from pathlib import Path


class SourceFileError(ValueError):
    """A file that cannot be loaded; names the file, sheet, row and problem.

    Raised before anything is written, so a bad file loads nothing half-way.
    """

    def __init__(
        self,
        path: Path | str,
        problem: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
    ) -> None:
        self.path = Path(path)
        self.sheet = sheet
        self.row = row
        self.problem = problem
        where = self.path.name
        if sheet is not None:
            where += f", sheet {sheet}"
        if row is not None:
            where += f", row {row}"
        super().__init__(f"{where}: {problem}")
