"""Keep every delivered file, unchanged, in the restricted archive.

The archive is the restricted raw area: it holds files as delivered, personal fields
included, so it lives under ``<warehouse dir>/restricted/`` with owner-only permissions and
is never published. A file is stored under its checksum, so an edition that is delivered
again unchanged is stored once, and a corrected file never overwrites the one it replaces.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def restricted_dir(warehouse_dir: Path) -> Path:
    path = warehouse_dir / "restricted"
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def archive_file(path: Path, sha256: str, warehouse_dir: Path, source: str) -> Path:
    """Copy ``path`` into the archive (atomically, once per checksum); return the copy."""
    folder = restricted_dir(warehouse_dir) / "archive" / source
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{sha256[:16]}__{path.name}"
    if not target.exists():
        partial = target.with_name(target.name + ".partial")
        shutil.copy2(path, partial)
        os.replace(partial, target)  # a reader sees no file or the whole file
        target.chmod(0o400)
    return target
