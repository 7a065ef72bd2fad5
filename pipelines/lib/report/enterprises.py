"""Enterprises and key sectors: productivity distributions from the enterprise survey, the
frontier against the rest, the key-sector scorecards and their productivity dynamics.

Only the published aggregates are drawn (per-cell quantiles, not enterprises), and a cell the
mart hides (conf_status other than F) is never plotted: its footnote names it instead."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

from pipelines.lib.report.charts import (
    PALETTE,
    Chart,
    Record,
    cells,
    esc,
    fetch,
    is_synthetic,
    merge_notes,
    records_csv,
    source_note,
    standard_notes,
    style,
    year_axis,
)
from pipelines.lib.report.common import (
    META,
    MVND_PER_WORKER,
    fmt,
    have,
    line_chart,
    number_format,
    slug,
    times100,
    wrap,
)
from pipelines.lib.report.html import Page
from pipelines.lib.report.labels import Labels, Text

if TYPE_CHECKING:
    import duckdb


# --- enterprises -----------------------------------------------------------------------------

ENTERPRISE = "fct_enterprise_productivity"


def _breakdown_name(labels: Labels, breakdown: str, code: str) -> Text:
    if breakdown in ("key_sector", "section"):
        return labels.sector(code, ENTERPRISE, "breakdown_code")
    if breakdown == "district":
        name = labels.geography(code)
        return Text(name, name)
    if breakdown == "all":
        return labels.code(ENTERPRISE, "breakdown", "all")
    return labels.code(ENTERPRISE, "breakdown_code", code)


def _enterprise_rows(
    connection: duckdb.DuckDBPyConnection, labels: Labels, breakdown: str, latest_only: bool
) -> list[Record]:
    if not have(connection, f"marts.{ENTERPRISE}"):
        return []
    latest = (
        f"AND survey_year = (SELECT max(survey_year) FROM marts.{ENTERPRISE})"
        if latest_only
        else ""
    )
    records = fetch(
        connection,
        f"""
        SELECT breakdown, breakdown_code, survey_year, enterprise_count, is_suppressed,
               suppression_reason, labour_productivity_mvnd, labour_productivity_p10_mvnd,
               labour_productivity_median_mvnd, labour_productivity_p90_mvnd,
               frontier_labour_productivity_mvnd, rest_labour_productivity_mvnd,
               frontier_gap_ratio, geography_code, price_basis, NULL::INTEGER AS price_base_year,
               obs_status, conf_status, data_origin, release_id
        FROM marts.{ENTERPRISE}
        WHERE breakdown = ? {latest}
        ORDER BY survey_year, breakdown_code
        """,
        [breakdown],
    )
    for r in records:
        name = _breakdown_name(labels, breakdown, r["breakdown_code"])
        r["name_vi"], r["name_en"] = name.vi, name.en
        r["unit"] = MVND_PER_WORKER.en
        # a suppressed cell's measures are NULL in the mart; the flag says so, and the report
        # never plots a hidden cell whatever the columns hold
        r["hidden"] = bool(r["is_suppressed"]) or r["conf_status"] not in (None, "F")
    return records


ENTERPRISE_COLUMNS = [
    "breakdown",
    "breakdown_code",
    "name_vi",
    "name_en",
    "survey_year",
    "enterprise_count",
    "is_suppressed",
    "suppression_reason",
    "labour_productivity_mvnd",
    "labour_productivity_p10_mvnd",
    "labour_productivity_median_mvnd",
    "labour_productivity_p90_mvnd",
    "frontier_labour_productivity_mvnd",
    "rest_labour_productivity_mvnd",
    "frontier_gap_ratio",
    "unit",
    "geography_code",
    "price_basis",
    *META,
]


def _enterprise_notes(labels: Labels, records: list[Record]) -> list[Text]:
    return merge_notes(
        standard_notes(labels, ENTERPRISE, records, lambda r: (r["name_vi"], r["survey_year"])),
        [source_note(labels, [ENTERPRISE])],
    )


def _distribution_chart(
    connection: duckdb.DuckDBPyConnection, labels: Labels, breakdown: str, title: Text
) -> Chart:
    records = _enterprise_rows(connection, labels, breakdown, latest_only=True)
    shown = sorted(
        (
            r
            for r in records
            if not r["hidden"] and r["labour_productivity_median_mvnd"] is not None
        ),
        key=lambda r: -r["labour_productivity_median_mvnd"],
    )
    figure = None
    if shown:
        names = [
            wrap(r["name_vi"], 46)
            + (f"<br><i>{wrap(r['name_en'], 46)}</i>" if r["name_vi"] != r["name_en"] else "")
            + f" (n={r['enterprise_count']})"
            for r in shown
        ]
        lines = sum(n.count("<br>") + 1 for n in names)
        figure = go.Figure()
        p10 = [r["labour_productivity_p10_mvnd"] for r in shown]
        p90 = [r["labour_productivity_p90_mvnd"] for r in shown]
        figure.add_bar(
            y=names,
            x=[None if a is None or b is None else b - a for a, b in zip(p10, p90, strict=True)],
            base=p10,
            orientation="h",
            name="10 % – 90 % doanh nghiệp · p10–p90 of enterprises",
            marker={"color": "#b9d3ea"},
            customdata=list(zip(p10, p90, strict=True)),
            hovertemplate="p10 %{customdata[0]:,.0f} – p90 %{customdata[1]:,.0f}<extra></extra>",
        )
        figure.add_scatter(
            y=names,
            x=[r["labour_productivity_median_mvnd"] for r in shown],
            mode="markers",
            name="Trung vị · median",
            marker={
                "symbol": "line-ns-open",
                "size": 22,
                "color": "#08306b",
                "line": {"width": 3, "color": "#08306b"},
            },
            hovertemplate="Trung vị · median: %{x:,.0f}<extra></extra>",
        )
        figure.add_scatter(
            y=names,
            x=[r["labour_productivity_mvnd"] for r in shown],
            mode="markers",
            name="Chung (tổng GTTT / tổng lao động) · aggregate",
            marker={"symbol": "diamond", "size": 9, "color": PALETTE[1]},
            hovertemplate="Chung · aggregate: %{x:,.0f}<extra></extra>",
        )
        style(
            figure,
            y_title=None,
            x_title=Text(
                "Triệu đồng/lao động, giá hiện hành", "million VND per worker, current prices"
            ),
            # each category gets room for its wrapped name
            height=max(320, 17 * lines + 22 * len(shown) + 190),
            synthetic=is_synthetic(shown),
            left_margin=20,
        )
        figure.update_yaxes(autorange="reversed")
        figure.update_layout(barmode="overlay")
        number_format(figure)
    year = records[0]["survey_year"] if records else None
    return Chart(
        name=f"ent_distribution_{breakdown}",
        title=Text(f"{title.vi} ({year})", f"{title.en} ({year})") if year else title,
        caption=Text(
            "Giá trị tăng thêm trên một lao động bình quân của từng doanh nghiệp: thanh là khoảng "
            "từ phân vị 10 đến phân vị 90, vạch là trung vị, hình thoi là năng suất chung của "
            "nhóm (tổng giá trị tăng thêm chia tổng lao động).",
            "Each enterprise's value added per average employee: the bar spans the 10th to the "
            "90th percentile, the tick is the median, the diamond the group's aggregate "
            "productivity (total value added over total employees).",
        ),
        sources=(ENTERPRISE,),
        columns=ENTERPRISE_COLUMNS,
        rows=records_csv(records, ENTERPRISE_COLUMNS),
        figure=figure,
        notes=_enterprise_notes(labels, records),
    )


def enterprises(connection: duckdb.DuckDBPyConnection, labels: Labels) -> Page:
    charts = [
        _distribution_chart(
            connection,
            labels,
            "key_sector",
            Text(
                "Phân phối năng suất lao động doanh nghiệp theo ngành hàng chủ lực",
                "Enterprise labour-productivity distribution by key sector",
            ),
        ),
        _distribution_chart(
            connection,
            labels,
            "section",
            Text(
                "Phân phối năng suất lao động doanh nghiệp theo ngành kinh tế (VSIC cấp 1)",
                "Enterprise labour-productivity distribution by industry (VSIC section)",
            ),
        ),
        _distribution_chart(
            connection,
            labels,
            "ownership",
            Text(
                "Phân phối năng suất lao động doanh nghiệp theo loại hình sở hữu",
                "Enterprise labour-productivity distribution by ownership",
            ),
        ),
        _trend_chart(connection, labels),
        _frontier_chart(connection, labels),
        _frontier_gap_chart(connection, labels),
    ]
    return Page(
        slug="enterprises",
        title=Text("Năng suất doanh nghiệp", "Enterprise productivity"),
        intro=[
            Text(
                "Từ điều tra doanh nghiệp: phân phối năng suất lao động giữa các doanh nghiệp và "
                "khoảng cách giữa nhóm dẫn đầu (10 % doanh nghiệp có năng suất cao nhất) với phần "
                "còn lại. Ô có quá ít doanh nghiệp hoặc bị một vài doanh nghiệp chi phối bị ẩn.",
                "From the enterprise survey: how labour productivity is spread across "
                "enterprises, and the gap between the frontier (the most productive 10 %) and "
                "the rest. Cells with too few enterprises, or dominated by one or two, are hidden.",
            )
        ],
        charts=charts,
    )


def _trend_chart(connection: duckdb.DuckDBPyConnection, labels: Labels) -> Chart:
    records = _enterprise_rows(connection, labels, "all", latest_only=False)
    shown = [r for r in records if not r["hidden"] and r["labour_productivity_median_mvnd"]]
    figure = None
    if shown:
        years = [r["survey_year"] for r in shown]
        figure = go.Figure()
        figure.add_scatter(
            x=years,
            y=[r["labour_productivity_p10_mvnd"] for r in shown],
            mode="lines",
            line={"width": 0},
            showlegend=False,
            hoverinfo="skip",
        )
        figure.add_scatter(
            x=years,
            y=[r["labour_productivity_p90_mvnd"] for r in shown],
            mode="lines",
            line={"width": 0},
            fill="tonexty",
            fillcolor="rgba(0,114,178,0.18)",
            name="10 % – 90 % doanh nghiệp · p10–p90",
            hovertemplate="p90 %{y:,.0f}<extra></extra>",
        )
        for column, name, colour in (
            ("labour_productivity_median_mvnd", "Trung vị · median", PALETTE[0]),
            ("labour_productivity_mvnd", "Chung · aggregate", PALETTE[1]),
            ("frontier_labour_productivity_mvnd", "Nhóm dẫn đầu · frontier", PALETTE[2]),
        ):
            figure.add_scatter(
                x=years,
                y=[r[column] for r in shown],
                mode="lines+markers",
                name=name,
                line={"color": colour, "width": 2},
                hovertemplate="%{fullData.name}: %{y:,.0f}<extra></extra>",
            )
        style(
            figure,
            y_title=Text("Triệu đồng/lao động, giá hiện hành", "million VND per worker, current"),
            synthetic=is_synthetic(shown),
        )
        year_axis(figure)
        figure.update_layout(hovermode="x unified")
        number_format(figure)
    return Chart(
        name="ent_distribution_trend",
        title=Text(
            "Năng suất lao động doanh nghiệp qua các năm (mọi doanh nghiệp)",
            "Enterprise labour productivity over the years (all enterprises)",
        ),
        caption=Text(
            "Giá hiện hành của từng năm điều tra: so sánh giữa các năm gồm cả biến động giá.",
            "At each survey year's prices: comparisons across years include price changes.",
        ),
        sources=(ENTERPRISE,),
        columns=ENTERPRISE_COLUMNS,
        rows=records_csv(records, ENTERPRISE_COLUMNS),
        figure=figure,
        notes=_enterprise_notes(labels, records),
    )


FRONTIER_WITHHELD = Text(
    "Nhóm dẫn đầu không công bố khi nhóm 10 % cao nhất có ít hơn 3 doanh nghiệp",
    "The frontier is withheld where the top decile has fewer than 3 enterprises",
)


def _frontier_chart(connection: duckdb.DuckDBPyConnection, labels: Labels) -> Chart:
    records = _enterprise_rows(connection, labels, "key_sector", latest_only=True)
    visible = [r for r in records if not r["hidden"]]
    shown = [r for r in visible if r["frontier_labour_productivity_mvnd"] is not None]
    withheld = [r for r in visible if r["frontier_labour_productivity_mvnd"] is None]
    figure = None
    if shown:
        names = [
            f"{wrap(r['name_vi'], 40)}<br><i>{wrap(r['name_en'], 40)}</i>"
            f"<br>× {fmt(r['frontier_gap_ratio'], 1)}"
            for r in shown
        ]
        figure = go.Figure()
        for column, name, colour in (
            (
                "frontier_labour_productivity_mvnd",
                "Nhóm dẫn đầu (10 % cao nhất) · frontier",
                PALETTE[2],
            ),
            ("rest_labour_productivity_mvnd", "Phần còn lại · the rest", PALETTE[5]),
        ):
            figure.add_bar(
                y=names,
                x=[r[column] for r in shown],
                orientation="h",
                name=name,
                marker_color=colour,
                hovertemplate="%{fullData.name}: %{x:,.0f}<extra></extra>",
            )
        style(
            figure,
            y_title=None,
            x_title=Text(
                "Triệu đồng/lao động, giá hiện hành", "million VND per worker, current prices"
            ),
            height=max(320, 90 * len(shown) + 170),
            synthetic=is_synthetic(shown),
            left_margin=20,
        )
        figure.update_layout(barmode="group")
        figure.update_yaxes(autorange="reversed")
        number_format(figure)
    year = records[0]["survey_year"] if records else ""
    notes = _enterprise_notes(labels, records)
    if withheld:
        names_withheld = ", ".join(r["name_vi"] for r in withheld)
        notes.insert(
            0,
            Text(
                f"{FRONTIER_WITHHELD.vi}: {names_withheld}.",
                f"{FRONTIER_WITHHELD.en}: {', '.join(r['name_en'] for r in withheld)}.",
            ),
        )
    return Chart(
        name="ent_frontier",
        title=Text(
            f"Nhóm dẫn đầu so với phần còn lại theo ngành hàng chủ lực ({year})",
            f"The frontier against the rest by key sector ({year})",
        ),
        caption=Text(
            "Năng suất lao động bình quân của 10 % doanh nghiệp cao nhất và của các doanh nghiệp "
            "còn lại; × là bội số giữa hai nhóm.",
            "Mean labour productivity of the top 10 % of enterprises and of the others; × is "
            "the ratio between them.",
        ),
        sources=(ENTERPRISE,),
        columns=ENTERPRISE_COLUMNS,
        rows=records_csv(records, ENTERPRISE_COLUMNS),
        figure=figure,
        notes=notes,
    )


def _frontier_gap_chart(connection: duckdb.DuckDBPyConnection, labels: Labels) -> Chart:
    records = _enterprise_rows(connection, labels, "key_sector", latest_only=False)
    series = []
    for code in dict.fromkeys(r["breakdown_code"] for r in records):
        rs = [r for r in records if r["breakdown_code"] == code and not r["hidden"]]
        if rs:
            series.append((f"{rs[0]['name_vi']} · {rs[0]['name_en']}", rs))
    figure = line_chart(
        series,
        Text("Bội số (nhóm dẫn đầu / phần còn lại)", "ratio (frontier / rest)"),
        value="frontier_gap_ratio",
        x="survey_year",
        decimals=2,
    )
    withheld = [r for r in records if not r["hidden"] and r["frontier_gap_ratio"] is None]
    notes = _enterprise_notes(labels, records)
    if withheld:
        where = cells(withheld, lambda r: (r["name_vi"], r["survey_year"]))
        notes.insert(
            0, Text(f"{FRONTIER_WITHHELD.vi}: {where}.", f"{FRONTIER_WITHHELD.en}: {where}.")
        )
    return Chart(
        name="ent_frontier_gap",
        title=Text(
            "Khoảng cách giữa nhóm dẫn đầu và phần còn lại qua các năm",
            "The gap between the frontier and the rest over the years",
        ),
        sources=(ENTERPRISE,),
        columns=ENTERPRISE_COLUMNS,
        rows=records_csv(records, ENTERPRISE_COLUMNS),
        figure=figure,
        notes=notes,
    )


# --- key sectors -----------------------------------------------------------------------------

SCORECARD = "fct_key_sector_scorecard"
DYNAMICS = "fct_key_sector_productivity_dynamics"
# the order a status is read in, worst to best, and its colour; the names come from the
# data dictionary (a status not listed here is shown as text on a blank cell)
STATUS_SCALE = {"baseline": -1, "off_track": 0, "on_track": 1, "met": 2}
STATUS_COLOURS = [
    [0.0, "#e0e0e0"],
    [0.25, "#e0e0e0"],
    [0.25, "#e8a07a"],
    [0.5, "#e8a07a"],
    [0.5, "#f3d27a"],
    [0.75, "#f3d27a"],
    [0.75, "#7cc4a4"],
    [1.0, "#7cc4a4"],
]


def key_sectors(connection: duckdb.DuckDBPyConnection, labels: Labels) -> Page:
    records: list[Record] = []
    if have(connection, f"marts.{SCORECARD}"):
        records = fetch(
            connection,
            f"""
            SELECT key_sector, indicator_code, indicator_name_vi, indicator_name_en, year, value,
                   unit, price_basis, price_base_year, direction, target_type, target_value,
                   base_year, target_year, base_value, average_growth_pct, path_value, gap, status,
                   trend, enterprise_count, geography_code, obs_status, conf_status, data_origin,
                   release_id
            FROM marts.{SCORECARD} ORDER BY key_sector, indicator_code, year
            """,
        )
    for r in records:
        r["status_name"] = labels.code(SCORECARD, "status", r["status"]).both()
        r["trend_name"] = labels.code(SCORECARD, "trend", r["trend"]).both() if r["trend"] else ""
        r["hidden"] = r["conf_status"] not in (None, "F")
    columns = [
        "key_sector",
        "indicator_code",
        "indicator_name_vi",
        "indicator_name_en",
        "year",
        "value",
        "unit",
        "price_basis",
        "price_base_year",
        "direction",
        "target_type",
        "target_value",
        "base_year",
        "target_year",
        "base_value",
        "average_growth_pct",
        "path_value",
        "gap",
        "status",
        "status_name",
        "trend",
        "trend_name",
        "enterprise_count",
        "geography_code",
        *META,
    ]
    charts: list[Chart] = []
    sectors = list(dict.fromkeys(r["key_sector"] for r in records))
    for sector in sectors:
        rows = [r for r in records if r["key_sector"] == sector]
        name = labels.code(SCORECARD, "key_sector", sector)
        latest = {}
        for r in rows:
            latest[r["indicator_code"]] = r  # rows are ordered by year: the last one stays
        table_rows = list(latest.values())
        notes = merge_notes(
            standard_notes(labels, SCORECARD, rows, lambda r: (r["indicator_name_vi"], r["year"])),
            [source_note(labels, [SCORECARD])],
        )
        charts.append(
            Chart(
                name=f"ks_scorecard_{slug(sector)}",
                title=Text(f"Thẻ điểm ngành {name.vi}", f"Scorecard: {name.en}"),
                caption=Text(
                    "Năm mới nhất của từng chỉ tiêu: giá trị, mục tiêu, đánh giá và xu hướng so "
                    "với năm trước.",
                    "Each indicator's latest year: value, target, status and trend on the "
                    "previous year.",
                ),
                sources=(SCORECARD,),
                columns=columns,
                rows=records_csv(table_rows, columns),
                table_header=[
                    Text("Chỉ tiêu", "Indicator"),
                    Text("Đơn vị", "Unit"),
                    Text("Năm", "Year"),
                    Text("Giá trị", "Value"),
                    Text("Mục tiêu", "Target"),
                    Text("Đánh giá", "Status"),
                    Text("Xu hướng", "Trend"),
                    Text("Số doanh nghiệp", "Enterprises"),
                ],
                table=[
                    [
                        f"{r['indicator_name_vi']} · {r['indicator_name_en']}",
                        r["unit"] or "",
                        str(r["year"]),
                        "–" if r["hidden"] else fmt(r["value"], 2),
                        fmt(r["target_value"], 2)
                        + (" %/năm · % a year" if r["target_type"] == "annual_growth_pct" else "")
                        + f" ({r['target_year']})",
                        r["status_name"],
                        r["trend_name"],
                        fmt(r["enterprise_count"]) if r["enterprise_count"] is not None else "–",
                    ]
                    for r in table_rows
                ],
                notes=notes,
            )
        )
        charts.append(_status_heatmap(rows, sector, name, columns, notes))
        charts.append(_dynamics_chart(connection, labels, sector, name))
    if not sectors:
        charts.append(
            Chart(
                name="ks_scorecard",
                title=Text("Thẻ điểm ngành hàng chủ lực", "Key-sector scorecards"),
                sources=(SCORECARD,),
                columns=columns,
                rows=[],
            )
        )
    return Page(
        slug="key-sectors",
        title=Text("Thẻ điểm ngành hàng chủ lực", "Key-sector scorecards"),
        intro=[
            Text(
                "Các chỉ tiêu năng suất của bộ tiêu chí cấp tỉnh cho hai ngành hàng chủ lực, so "
                "với mục tiêu; và phân rã tăng năng suất của doanh nghiệp trong ngành.",
                "The productivity indicators of the provincial criteria set for the two key "
                "sectors, against their targets; and the decomposition of the sector's "
                "enterprise productivity growth.",
            )
        ],
        charts=charts,
    )


def _status_heatmap(
    rows: list[Record], sector: str, name: Text, columns: list[str], notes: list[Text]
) -> Chart:
    indicators = list(dict.fromkeys(r["indicator_code"] for r in rows))
    # the years up to the base year have no status: the grid starts where assessment starts
    # (all years when none is assessed yet)
    assessed = sorted({r["year"] for r in rows if r["status"] != "baseline"})
    years = assessed or sorted({r["year"] for r in rows})
    by_key = {(r["indicator_code"], r["year"]): r for r in rows}
    titles = {
        r["indicator_code"]: wrap(r["indicator_name_vi"], 42)
        + "<br><i>"
        + wrap(r["indicator_name_en"], 48)
        + "</i>"
        for r in rows
    }
    z, text, hover = [], [], []
    for code in indicators:
        z_row, text_row, hover_row = [], [], []
        for year in years:
            r = by_key.get((code, year))
            status = r["status"] if r else None
            z_row.append(STATUS_SCALE.get(status) if status else None)
            text_row.append(esc(r["status_name"]).replace(" · ", "<br>") if r else "")
            value = "–" if r is None or r["hidden"] else fmt(r["value"], 2)
            hover_row.append(
                f"{esc(r['status_name'])}<br>{value} {esc(r['unit'] or '')}" if r else ""
            )
        z.append(z_row)
        text.append(text_row)
        hover.append(hover_row)
    figure = None
    if rows:
        figure = go.Figure(
            go.Heatmap(
                z=z,
                x=years,
                y=[titles[c] for c in indicators],
                text=text,
                customdata=hover,
                texttemplate="%{text}",
                textfont={"size": 11},
                hovertemplate="%{y}<br>%{x}: %{customdata}<extra></extra>",
                colorscale=STATUS_COLOURS,
                zmin=-1,
                zmax=2,
                showscale=False,
                xgap=2,
                ygap=2,
            )
        )
        style(
            figure,
            y_title=None,
            # the rows are equally tall: as tall as the longest wrapped name needs
            height=max(
                360,
                len(indicators)
                * max(60, 16 * max(titles[c].count("<br>") + 1 for c in indicators) + 12)
                + 130,
            ),
            synthetic=is_synthetic(rows),
            legend=False,
            left_margin=20,
        )
        year_axis(figure)
        figure.update_xaxes(showgrid=False, dtick=1)
        figure.update_yaxes(showgrid=False, autorange="reversed")
    return Chart(
        name=f"ks_status_{slug(sector)}",
        title=Text(f"Đánh giá từng năm — {name.vi}", f"Status year by year — {name.en}"),
        caption=Text(
            "Từ năm đầu tiên được đánh giá (sau năm gốc). Xanh: đạt; vàng: đúng tiến độ; cam: chậm "
            "tiến độ; ô trống: không đánh giá (bị ẩn hoặc thiếu năm gốc).",
            "From the first year assessed (after the base year). Green: met; yellow: on track; "
            "orange: off track; blank: not assessed (hidden, or no base-year value).",
        ),
        sources=(SCORECARD,),
        columns=columns,
        rows=records_csv(rows, columns),
        figure=figure,
        notes=notes,
    )


DYNAMICS_PARTS = [
    ("within_effect", Text("Nội bộ doanh nghiệp", "within")),
    ("between_effect", Text("Phân bổ lại lao động", "between (reallocation)")),
    ("entry_effect", Text("Gia nhập", "entry")),
    ("exit_effect", Text("Rút lui", "exit")),
]


def _dynamics_chart(
    connection: duckdb.DuckDBPyConnection, labels: Labels, sector: str, name: Text
) -> Chart:
    records: list[Record] = []
    if have(connection, f"marts.{DYNAMICS}"):
        records = fetch(
            connection,
            f"""
            SELECT key_sector, year, previous_year, firms_t, continuing_firms, entering_firms,
                   exiting_firms, is_thin, suppression_reason, entry_effect_withheld,
                   exit_effect_withheld, productivity_change, within_effect, between_effect,
                   entry_effect, exit_effect, balanced_tfp_growth, geography_code, price_basis,
                   price_base_year, unit, obs_status, conf_status, data_origin, release_id
            FROM marts.{DYNAMICS} WHERE key_sector = ? ORDER BY year
            """,
            [sector],
        )
    shown = [
        r for r in records if r["conf_status"] in (None, "F") and r["within_effect"] is not None
    ]
    figure = None
    if shown:
        figure = go.Figure()
        for i, (column, part) in enumerate(DYNAMICS_PARTS):
            figure.add_bar(
                x=[r["year"] for r in shown],
                y=[times100(r[column]) for r in shown],
                name=part.both(),
                marker_color=PALETTE[[0, 4, 2, 1][i]],
                hovertemplate="%{fullData.name}: %{y:.2f}<extra></extra>",
            )
        figure.add_scatter(
            x=[r["year"] for r in shown],
            y=[times100(r["productivity_change"]) for r in shown],
            mode="markers",
            name="Thay đổi năng suất chung · total change",
            marker={"symbol": "diamond", "size": 10, "color": "#000"},
            hovertemplate="%{fullData.name}: %{y:.2f}<extra></extra>",
        )
        style(
            figure,
            y_title=Text("Điểm log × 100 (≈ %)", "100 × log points (≈ %)"),
            synthetic=is_synthetic(shown),
        )
        figure.update_layout(barmode="relative")
        year_axis(figure)
        number_format(figure)
    withheld = [r for r in records if r["entry_effect_withheld"] or r["exit_effect_withheld"]]
    notes = standard_notes(labels, DYNAMICS, records, lambda r: (name.vi, r["year"]))
    if withheld:
        years = cells(withheld, lambda r: (name.vi, r["year"]))
        notes.insert(
            0,
            Text(
                "Hiệu ứng gia nhập, rút lui và thay đổi chung không công bố khi có 1–2 doanh "
                f"nghiệp gia nhập hoặc rút lui (chỉ vẽ hai hiệu ứng còn lại): {years}.",
                "Entry, exit and the total change are withheld where one or two enterprises "
                f"entered or exited (only the other two effects are drawn): {years}.",
            ),
        )
    notes.append(source_note(labels, [DYNAMICS]))
    columns = [
        "key_sector",
        "year",
        "previous_year",
        "firms_t",
        "continuing_firms",
        "entering_firms",
        "exiting_firms",
        "is_thin",
        "suppression_reason",
        "entry_effect_withheld",
        "exit_effect_withheld",
        "productivity_change",
        "within_effect",
        "between_effect",
        "entry_effect",
        "exit_effect",
        "balanced_tfp_growth",
        "unit",
        "geography_code",
        "price_basis",
        "price_base_year",
        *META,
    ]
    return Chart(
        name=f"ks_dynamics_{slug(sector)}",
        title=Text(
            f"Phân rã tăng năng suất doanh nghiệp — {name.vi}",
            f"Decomposition of enterprise productivity growth — {name.en}",
        ),
        caption=Text(
            "Thay đổi năng suất lao động chung (log, giá so sánh 2010) = nội bộ doanh nghiệp tiếp "
            "tục hoạt động + phân bổ lại lao động giữa chúng + gia nhập + rút lui.",
            "Change in aggregate log labour productivity (constant 2010 prices) = within "
            "continuing enterprises + reallocation among them + entry + exit.",
        ),
        sources=(DYNAMICS,),
        columns=columns,
        rows=records_csv(records, columns),
        figure=figure,
        notes=notes,
    )
