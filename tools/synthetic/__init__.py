"""Generators of the SYNTHETIC sample sources of the An Giang S&T productivity database.

``generate_sources(out_dir, scale, seed)`` writes the three sources

* ``statistics_office/`` — statistical yearbook exports (xlsx + one csv),
* ``enterprise_survey/`` — annual enterprise survey 2016-2024 (csv, 2020 as xlsx),
* ``research_registry/`` — register of provincial S&T task results 2016-2020 (xlsx),

and returns ``{relative file path: data rows written}`` (for workbooks: data rows over all
sheets).  Output is deterministic for a given (scale, seed).  ``sources/`` in the repository
is exactly ``generate_sources(Path("sources"), scale=1, seed=2022)``; regenerate with
``python -m tools.synthetic``.
"""

from __future__ import annotations

import contextlib
import pathlib

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

from pipelines.ingest.landing import ORIGIN_FILE

from .enterprise_survey import counts_by_group, simulate_panel, write_survey
from .research_registry import build_registry, write_registry
from .statistics_office import write_statistics_office

__all__ = ["generate_sources"]

ORIGIN_TEXT = (
    "synthetic\n\nThe files in this folder are SYNTHETIC (dữ liệu mô phỏng), written by the "
    "generator (productivity generate), calibrated to public figures: every row loaded from them "
    "is marked data_origin = synthetic. A folder without this file holds real deliveries.\n"
)


@contextlib.contextmanager
def _progress(enabled: bool):
    if not enabled:
        yield None
        return
    with Progress(
        TextColumn("{task.description:<20}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()
    ) as progress:
        yield progress


def generate_sources(
    out_dir: pathlib.Path, scale: float = 1.0, seed: int = 2022, progress: bool = False
) -> dict[str, int]:
    """Write the three sources' sample exports under out_dir/<source>/.

    Returns {relative file path: data rows written} (workbooks: data rows over all sheets).
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    out_dir = pathlib.Path(out_dir)
    written: dict[str, int] = {}
    with _progress(progress) as bar:
        panel = simulate_panel(scale, seed)
        # The yearbook's enterprise counts are the survey panel's (at any scale the macro
        # series stay An Giang's), so the survey-vs-yearbook reconciliation holds.
        for name, n in write_statistics_office(
            out_dir / "statistics_office",
            enterprise_counts=counts_by_group(panel),
            seed=seed,
            progress=bar,
        ).items():
            written[f"statistics_office/{name}"] = n
        tasks, recips = build_registry(panel, seed)  # marks the treated firms in the panel
        for name, n in write_registry(tasks, recips, out_dir / "research_registry").items():
            written[f"research_registry/{name}"] = n
        for name, n in write_survey(panel, out_dir / "enterprise_survey", progress=bar).items():
            written[f"enterprise_survey/{name}"] = n
    for folder in ("statistics_office", "research_registry", "enterprise_survey"):
        # the marker that makes every row loaded from the folder data_origin = synthetic
        (out_dir / folder / ORIGIN_FILE).write_text(ORIGIN_TEXT, encoding="utf-8")
    return written
