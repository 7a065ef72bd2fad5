"""One chart of the report: its figure, the numbers behind it (its CSV) and its footnotes.

The footnotes are built from the flags every mart row carries (price_basis, price_base_year,
obs_status, conf_status, data_origin), so a chart says what its own rows say: the price basis
and base year, which points sit on a series break or are preliminary or estimated, which cells
are hidden by disclosure control (never plotted, empty in the CSV) and whether the numbers are
synthetic.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pipelines.lib.report.labels import Labels, Text

if TYPE_CHECKING:
    import duckdb

# Okabe-Ito: told apart by readers with colour-vision deficiencies, and in grey print
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
# fonts of the reader's own system (no web font is fetched); each renders Vietnamese diacritics
FONT = "system-ui, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', Arial, sans-serif"

NO_DATA = Text("Không có số liệu", "No data")
SYNTHETIC = Text("DỮ LIỆU MÔ PHỎNG", "SYNTHETIC DATA")
REAL_MARK = Text("thật", "real")
SYNTHETIC_MARK = Text("mô phỏng", "synthetic")
YEAR = Text("Năm", "Year")

# plotly's own buttons stay (zoom, save as PNG: both work offline); its logo links to its site
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}

Record = dict[str, Any]


def esc(text: Any) -> str:
    """Text from the data, made safe for a Plotly label: Plotly reads <b>, <i>, <br> and <a>
    in labels as markup, so a name is escaped before the report adds its own tags."""
    return html.escape(str(text), quote=False)


def fetch(
    connection: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()
) -> list[Record]:
    result = connection.execute(sql, list(params))
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


@dataclass
class Chart:
    """A chart (``figure``) or a table (``table``) and the numbers behind it."""

    name: str
    title: Text
    sources: tuple[str, ...]
    columns: list[str]
    rows: Sequence[Sequence[Any]]
    figure: Any | None = None
    notes: list[Text] = field(default_factory=list)
    caption: Text | None = None
    height: int = 420
    table_header: list[Text] | None = None
    table: list[list[str]] | None = None
    # what the chart says when it has nothing to draw, where "no data" would mislead (no row
    # was quarantined; a first release has nothing to compare with)
    empty: Text | None = None

    @property
    def has_data(self) -> bool:
        return self.figure is not None or bool(self.table)

    def csv_bytes(self) -> bytes:
        """UTF-8 with a byte-order mark, so Excel reads the Vietnamese names right."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(self.columns)
        writer.writerows([[_csv_cell(v) for v in row] for row in self.rows])
        return buffer.getvalue().encode("utf-8-sig")


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        # the shortest repr that reads back to the same double: exact and deterministic
        return repr(value)
    return str(value)


def records_csv(records: list[Record], columns: Sequence[str]) -> list[list[Any]]:
    return [[r.get(c) for c in columns] for r in records]


# --- footnotes --------------------------------------------------------------------------------


def periods(values: Iterable[Any]) -> str:
    """2016, 2017, 2018, 2020 -> '2016–2018, 2020'."""
    items = sorted({v for v in values if v is not None}, key=lambda v: (str(type(v)), v))
    numbers = [v for v in items if isinstance(v, int)]
    others = [str(v) for v in items if not isinstance(v, int)]
    # years run 2016–2024; event times may be negative: −5 … −2 reads better than -5–-2
    dash = " … " if any(n < 0 for n in numbers) else "–"

    def number(n: int) -> str:
        return str(n).replace("-", "−")

    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    runs = [number(a) if a == b else f"{number(a)}{dash}{number(b)}" for a, b in spans]
    return ", ".join(runs + others)


def cells(records: list[Record], where: Callable[[Record], tuple[str, Any]]) -> str:
    """'Series A: 2016–2024; Series B: 2020' for the records given."""
    by_series: dict[str, list[Any]] = {}
    for r in records:
        series, period = where(r)
        by_series.setdefault(series, []).append(period)
    return "; ".join(f"{s}: {periods(p)}" if periods(p) else s for s, p in by_series.items())


def is_synthetic(records: Iterable[Record]) -> bool:
    return any(r.get("data_origin") == "synthetic" for r in records)


def origin_mark(records: Iterable[Record]) -> str:
    """' [thật · real]' or ' [mô phỏng · synthetic]' for a series' legend entry."""
    origins = {r.get("data_origin") for r in records} - {None}
    if origins == {"real"}:
        return f" [{REAL_MARK.both()}]"
    if "synthetic" in origins:
        return f" [{SYNTHETIC_MARK.both()}]"
    return ""


def standard_notes(
    labels: Labels,
    table: str,
    records: list[Record],
    where: Callable[[Record], tuple[str, Any]],
    origin: bool = True,
) -> list[Text]:
    """Footnotes from the flag columns of ``records`` (rows of ``marts.<table>``); the note on
    the data's origin is left out with ``origin=False`` (a chart of two tables says it once,
    for all its rows, with ``origin_notes``)."""
    notes: list[Text] = []
    bases = sorted(
        {(r.get("price_basis"), r.get("price_base_year")) for r in records if r.get("price_basis")},
        key=str,
    )
    if bases:
        vi, en = [], []
        for basis, year in bases:
            name = labels.code(table, "price_basis", basis)
            suffix_vi = f" (năm gốc {year})" if year else ""
            suffix_en = f" (base year {year})" if year else ""
            # "current" and "constant 2010" are price bases: say "prices" in English
            prices = " prices" if str(basis).startswith(("current", "constant")) else ""
            vi.append(name.vi + suffix_vi)
            en.append(name.en + prices + suffix_en)
        notes.append(Text(f"Loại giá: {'; '.join(vi)}.", f"Price basis: {'; '.join(en)}."))
    hidden = [r for r in records if r.get("conf_status") not in (None, "F")]
    observation = labels.flags(table, "obs_status")
    for flag in sorted(
        {str(r["obs_status"]) for r in records if r.get("obs_status") not in (None, "A")}
    ):
        flagged = [r for r in records if r.get("obs_status") == flag]
        if all(r in hidden for r in flagged):
            continue  # said once, in the note on hidden cells
        meaning = observation.get(flag, Text(flag, flag))
        where_ = cells(flagged, where)
        notes.append(Text(f"{flag} — {meaning.vi}: {where_}.", f"{flag} — {meaning.en}: {where_}."))
    if hidden:
        confidentiality = labels.flags(table, "conf_status")
        reasons = sorted({r["conf_status"] for r in hidden})
        why = [(f, confidentiality.get(f, Text(f, f))) for f in reasons]
        why_vi = "; ".join(f"{f} {w.vi}" for f, w in why)
        why_en = "; ".join(f"{f} {w.en}" for f, w in why)
        where_ = cells(hidden, where)
        notes.append(
            Text(
                "Ô bị ẩn do bảo mật thống kê (không vẽ trên biểu đồ, để trống trong tệp CSV): "
                f"{where_}. Lý do: {why_vi}.",
                "Cells hidden by disclosure control (not plotted, empty in the CSV): "
                f"{where_}. Why: {why_en}.",
            )
        )
    return notes + (origin_notes(records) if origin else [])


def origin_notes(records: Iterable[Record]) -> list[Text]:
    notes = []
    origins = {r.get("data_origin") for r in records} - {None}
    if "synthetic" in origins:
        mixed = "real" in origins
        notes.append(
            Text(
                "Số liệu MÔ PHỎNG (synthetic) của bộ dữ liệu mẫu, không phải số liệu chính thức"
                + ("; các chuỗi ghi [thật] là số liệu chính thức." if mixed else "."),
                "SYNTHETIC numbers of the sample data, not official statistics"
                + ("; series marked [real] are official figures." if mixed else "."),
            )
        )
    elif origins == {"real"}:
        notes.append(
            Text(
                "Số liệu thật: số liệu chính thức của cơ quan thống kê.",
                "Real data: the statistics office's official figures.",
            )
        )
    return notes


def source_note(labels: Labels, tables: Sequence[str]) -> Text:
    names = ", ".join(t if "." in t else f"marts.{t}" for t in tables)
    if all("." in t for t in tables):
        # the data dictionary describes the marts; the quality tables describe themselves
        return Text(f"Nguồn: {names}.", f"Source: {names}.")
    return Text(f"Nguồn: {names} (xem từ điển dữ liệu).", f"Source: {names} (see data dictionary).")


def merge_notes(*groups: list[Text]) -> list[Text]:
    seen: list[Text] = []
    for group in groups:
        for note in group:
            if note not in seen:
                seen.append(note)
    return seen


# --- figures ----------------------------------------------------------------------------------


def style(
    figure: Any,
    *,
    y_title: Text | None,
    x_title: Text | None = None,
    height: int = 420,
    synthetic: bool = False,
    legend: bool = True,
    left_margin: int = 70,
) -> Any:
    """The report's look: plain background, the system's fonts, the legend under the plot,
    bilingual axis titles with their units, and the synthetic-data mark when it applies."""
    figure.update_layout(
        template="none",
        height=height,
        font={"family": FONT, "size": 13, "color": "#222"},
        margin={"l": left_margin, "r": 20, "t": 50, "b": 60},
        paper_bgcolor="white",
        plot_bgcolor="white",
        hovermode="closest",
        showlegend=legend,
        # under the plot, clear of the tick labels and the axis title: the offset is in pixels
        # (room for ticks and title), turned into the fraction of the plot's height Plotly uses
        legend={
            "orientation": "h",
            "x": 0,
            "y": -(95 if x_title else 45) / max(height - 110, 100),
            "yanchor": "top",
        },
        colorway=PALETTE,
    )
    axis = {"showgrid": True, "gridcolor": "#e5e5e5", "zeroline": True, "zerolinecolor": "#999"}
    figure.update_xaxes(**axis, automargin=True)
    figure.update_yaxes(**axis, automargin=True)
    if y_title:
        figure.update_yaxes(title_text=y_title.both("<br>"))
    if x_title:
        figure.update_xaxes(title_text=x_title.both(" · "))
    if synthetic:
        figure.add_annotation(
            text=f"<b>{SYNTHETIC.both()}</b>",
            xref="paper",
            yref="paper",
            # top left, above the plot: the break labels sit above the plot at their year
            x=0,
            y=1.01,
            xanchor="left",
            yanchor="bottom",
            showarrow=False,
            font={"color": "#b00020", "size": 12},
        )
    return figure


def year_axis(figure: Any) -> None:
    # years are labels, not quantities: no thousands separator, no 2,017.5; "year" needs no
    # axis title, which leaves the legend room under the ticks
    figure.update_xaxes(tickformat="d")


def marker_symbols(records: list[Record], hollow: Callable[[Record], bool]) -> list[str]:
    return ["circle-open" if hollow(r) else "circle" for r in records]


def break_lines(figure: Any, years: Iterable[int], label: Text) -> None:
    """A dotted line at each year whose growth is withheld by a series break."""
    for year in sorted(set(years)):
        figure.add_vline(x=year, line_dash="dot", line_color="#888", line_width=1)
        figure.add_annotation(
            x=year,
            y=1,
            yref="paper",
            text=label.both("<br>"),
            showarrow=False,
            yanchor="bottom",
            xanchor="center",
            font={"size": 11, "color": "#555"},
        )
