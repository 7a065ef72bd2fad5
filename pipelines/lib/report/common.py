"""What the report's pages share: the geographies they are about, number formats, the line
chart most series use, and the helpers that turn long names into wrapped, escaped labels."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go

from pipelines.lib.report.charts import (
    PALETTE,
    Record,
    break_lines,
    esc,
    is_synthetic,
    style,
    year_axis,
)
from pipelines.lib.report.labels import Text, table_exists

if TYPE_CHECKING:
    import duckdb

# The report is about old An Giang (the province of the yearbook series), the merged province's
# comparable history, and the country beside them; their names come from marts.dim_geography.
PROVINCE = "89"
COMPARABLE = "91_comparable"
COUNTRY = "VN"

BREAK = Text("gián đoạn chuỗi (B)", "series break (B)")
HOLLOW = Text(
    "Điểm rỗng: số liệu sơ bộ (P) hoặc ước tính (E).",
    "Hollow markers: preliminary (P) or estimated (E) figures.",
)

MVND_PER_WORKER = Text("Triệu đồng/lao động", "million VND per worker")

META = ["obs_status", "conf_status", "data_origin", "release_id"]


def fmt(value: Any, decimals: int = 1) -> str:
    """A number as Vietnamese statistics print it: 1.234,5 (the report's language)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def slug(code: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in code.lower())


def have(connection: duckdb.DuckDBPyConnection, *tables: str) -> bool:
    """The release has every table (``schema.table``): an older release may lack a new mart."""
    return all(table_exists(connection, *t.split(".")) for t in tables)


def hollow(record: Record) -> bool:
    return record.get("obs_status") in ("P", "E")


def slim(figure: Any, axis: str, categories: int, room: int) -> None:
    """Leave room for ``room`` categories on a category axis, so that one or two bars stay
    bars and do not fill the plot; a horizontal chart (``axis`` y) keeps its top-down order."""
    if categories >= room:
        return
    if axis == "x":
        figure.update_xaxes(range=[-0.5, room - 0.5])
    else:
        figure.update_yaxes(autorange=False, range=[room - 0.5, -0.5])


def number_format(figure: Any) -> None:
    # Vietnamese number format in the charts: decimal comma, thousands dot
    figure.update_layout(separators=",.")


def line_chart(
    series: Sequence[tuple[str, list[Record]]],
    y_title: Text,
    *,
    value: str = "value",
    x: str = "year",
    unit: str = "",
    decimals: int = 1,
    height: int = 430,
    bars: bool = False,
) -> Any | None:
    """One trace per series; None when no series has a value (the chart says "no data")."""
    if not any(r.get(value) is not None for _, rs in series for r in rs):
        return None
    figure = go.Figure()
    for i, (name, records) in enumerate(series):
        if not records:
            continue
        colour = PALETTE[i % len(PALETTE)]
        template = f"%{{fullData.name}}<br>%{{x}}: %{{y:,.{decimals}f}} {unit}<extra></extra>"
        if bars:
            figure.add_bar(
                x=[r[x] for r in records],
                y=[r[value] for r in records],
                name=esc(name),
                marker_color=colour,
                hovertemplate=template,
            )
        else:
            figure.add_scatter(
                x=[r[x] for r in records],
                y=[r[value] for r in records],
                name=esc(name),
                mode="lines+markers",
                line={"color": colour, "width": 2},
                marker={
                    "symbol": ["circle-open" if hollow(r) else "circle" for r in records],
                    "size": 7,
                    "color": colour,
                    "line": {"width": 2, "color": colour},
                },
                connectgaps=False,
                hovertemplate=template,
            )
    synthetic = is_synthetic(r for _, rs in series for r in rs)
    style(figure, y_title=y_title, height=height, synthetic=synthetic)
    year_axis(figure)
    # a level or a growth rate is read against zero: an axis cut above it exaggerates changes
    figure.update_yaxes(rangemode="tozero")
    number_format(figure)
    return figure


def times100(value: float | None) -> float | None:
    return None if value is None else 100 * value


def with_breaks(figure: Any | None, years: list[int]) -> Any | None:
    if figure is not None:
        break_lines(figure, years, BREAK)
    return figure


def wrap(text: str, width: int = 38) -> str:
    """Break a long category name over lines (<br>) so the axis keeps its width."""
    import textwrap

    return "<br>".join(esc(line) for line in textwrap.wrap(text, width)) or esc(text)
