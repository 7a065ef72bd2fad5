"""The report's pages, in the order of the navigation bar: one function per theme, each returning
its charts with their numbers.

Every chart reads one or two published marts with a query written in its module, keeps the rows
it plots (and those it does not plot because they are hidden or withheld, so that its notes and
its CSV can say so), and builds its figure only when some row has a value to show: a chart whose
table is empty shows "Không có số liệu · No data" instead of an empty plot.
"""

from __future__ import annotations

from pipelines.lib.report.economy import (
    decision36,
    growth_accounting,
    labour_productivity,
    shift_share,
)
from pipelines.lib.report.enterprises import enterprises, key_sectors
from pipelines.lib.report.front import index
from pipelines.lib.report.quality import data_quality
from pipelines.lib.report.research import research

THEMES = (
    labour_productivity,
    decision36,
    growth_accounting,
    shift_share,
    enterprises,
    key_sectors,
    research,
    data_quality,
)

__all__ = ["THEMES", "index"]
