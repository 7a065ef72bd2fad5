"""Decoding delivered text files, with an error a steward can act on."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from pipelines.ingest.errors import SourceFileError


@contextmanager
def utf8_text(path: Path) -> Iterator[TextIO]:
    """The file opened as UTF-8 text (a BOM skipped), decoded as it is read.

    For files too large to hold twice in memory (a national survey year is hundreds of MB):
    the same refusals as `check_utf8`, which is called again, on the error path only, to name
    the row of the first byte that is not UTF-8.
    """
    with path.open("rb") as raw:
        _refuse_empty_or_utf16(path, raw.read(2))
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield handle
    except UnicodeDecodeError:
        check_utf8(path)  # raises, naming the row
        raise


def check_utf8(path: Path, data: bytes | None = None) -> str:
    """The file's text; a UTF-16 or legacy-encoded (Windows-1258, TCVN3...) file is refused.

    Names the row of the first byte that is not UTF-8, so the steward can find it.
    """
    data = path.read_bytes() if data is None else data
    _refuse_empty_or_utf16(path, data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = data.count(b"\n", 0, error.start) + 1
        raise SourceFileError(
            path,
            f"byte 0x{data[error.start]:02x} is not UTF-8: the file looks like Windows-1258 "
            "or another legacy encoding; export it again as 'CSV UTF-8'",
            row=row,
        ) from error


def _refuse_empty_or_utf16(path: Path, start: bytes) -> None:
    """An empty file, or one starting with a UTF-16 byte-order mark, is refused at once."""
    if not start:
        raise SourceFileError(path, "the file is empty")
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceFileError(
            path, "the file is UTF-16 text; export it again as 'CSV UTF-8'", row=1
        )
