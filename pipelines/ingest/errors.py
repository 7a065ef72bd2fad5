"""The error a steward sees when a file cannot be read at all."""

from __future__ import annotations

from pathlib import Path

from pipelines.ingest.privacy import redact


class SourceFileError(ValueError):
    """A file that cannot be loaded; names the file, sheet, row, column and problem.

    Raised before anything is written, so a bad file loads nothing half-way. The problem is
    said in the steward's terms and never quotes a tax code, phone or e-mail address
    (``redact``). Readers raise it ``from None`` when the underlying library's message would
    quote the file's content, so no fragment of a file reaches Dagster's run storage.
    """

    def __init__(
        self,
        path: Path | str,
        problem: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.sheet = sheet
        self.row = row
        self.column = column
        self.problem = redact(problem)
        where = self.path.name
        if sheet is not None:
            where += f", sheet {sheet}"
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column}"
        super().__init__(f"{where}: {self.problem}")


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: how a spreadsheet names a column."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
