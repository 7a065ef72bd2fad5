"""The province's economy: labour productivity, the Decision 36 targets, growth accounting and
shift-share, from the yearbook series and the official national series."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go

from pipelines.lib.report.charts import (
    PALETTE,
    Chart,
    Record,
    break_lines,
    esc,
    fetch,
    is_synthetic,
    merge_notes,
    origin_mark,
    origin_notes,
    records_csv,
    source_note,
    standard_notes,
    style,
    year_axis,
)
from pipelines.lib.report.common import (
    BREAK,
    COMPARABLE,
    COUNTRY,
    HOLLOW,
    META,
    MVND_PER_WORKER,
    PROVINCE,
    fmt,
    have,
    line_chart,
    number_format,
    slim,
    slug,
    times100,
    with_breaks,
)
from pipelines.lib.report.html import Page
from pipelines.lib.report.labels import Labels, Text

if TYPE_CHECKING:
    import duckdb


# --- labour productivity -------------------------------------------------------------------


def _lp_rows(
    connection: duckdb.DuckDBPyConnection, column: str, geographies: Sequence[str], constant: bool
) -> list[Record]:
    if not have(connection, "marts.fct_labour_productivity"):
        return []
    placeholders = ", ".join("?" for _ in geographies)
    # one row holds both price bases: the column read decides the row's basis, and dim_year
    # states the base year of the constant prices (a release without it still has the level)
    basis = "'constant_2010'" if constant else "'current'"
    dated = constant and have(connection, "marts.dim_year")
    base_year = "y.constant_price_base_year" if dated else "NULL::INTEGER"
    join = "LEFT JOIN marts.dim_year y USING (year)" if dated else ""
    return fetch(
        connection,
        f"""
        SELECT 'fct_labour_productivity' AS source_table, lp.geography_code, lp.year,
               lp.{column} AS value, {basis} AS price_basis, {base_year} AS price_base_year,
               lp.obs_status, lp.conf_status, lp.data_origin, lp.release_id
        FROM marts.fct_labour_productivity lp {join}
        WHERE lp.sector_code = 'TOTAL' AND lp.geography_code IN ({placeholders})
          AND (lp.{column} IS NOT NULL OR lp.obs_status = 'B')
        ORDER BY lp.geography_code, lp.year
        """,
        list(geographies),
    )


def _official_country(
    connection: duckdb.DuckDBPyConnection, column: str, constant: bool
) -> list[Record]:
    if not have(connection, "marts.fct_official_labour_productivity"):
        return []
    basis = "price_basis_constant" if constant else "price_basis_current"
    base_year = "price_base_year" if constant else "NULL::INTEGER"
    return fetch(
        connection,
        f"""
        SELECT 'fct_official_labour_productivity' AS source_table, geography_code, year,
               {column} AS value, {basis} AS price_basis, {base_year} AS price_base_year,
               obs_status, conf_status, data_origin, release_id
        FROM marts.fct_official_labour_productivity
        WHERE geography_code = ? AND sector_code = 'TOTAL' AND {column} IS NOT NULL
        ORDER BY year
        """,
        [COUNTRY],
    )


LP_COLUMNS = [
    "source_table",
    "geography_code",
    "geography_name",
    "year",
    "value",
    "unit",
    "price_basis",
    "price_base_year",
    *META,
]


def _lp_chart(
    labels: Labels,
    name: str,
    title: Text,
    caption: Text,
    column: str,
    official_column: str | None,
    constant: bool,
    unit: Text,
    connection: duckdb.DuckDBPyConnection,
    hover_unit: str = "",
    geographies: Sequence[str] = (PROVINCE, COMPARABLE),
) -> Chart:
    province = _lp_rows(connection, column, geographies, constant)
    country = _official_country(connection, official_column, constant) if official_column else []
    records = province + country
    for r in records:
        r["geography_name"] = labels.geography(r["geography_code"])
        r["unit"] = unit.en
    series = []
    for code in [*geographies, COUNTRY]:
        rs = [r for r in records if r["geography_code"] == code]
        if rs:
            series.append((labels.geography(code) + origin_mark(rs), rs))
    figure = line_chart(series, unit, unit=hover_unit)
    if figure is not None:
        break_lines(figure, [r["year"] for r in province if r["obs_status"] == "B"], BREAK)
        figure.update_layout(hovermode="x unified")

    def where(r: Record) -> tuple[str, Any]:
        return (r["geography_name"], r["year"])

    notes = merge_notes(
        standard_notes(labels, "fct_labour_productivity", province, where, origin=False),
        standard_notes(labels, "fct_official_labour_productivity", country, where, origin=False),
        origin_notes(records),
        [HOLLOW],
        [source_note(labels, sorted({r["source_table"] for r in records}))] if records else [],
    )
    return Chart(
        name=name,
        title=title,
        caption=caption,
        sources=tuple(sorted({r["source_table"] for r in records})),
        columns=LP_COLUMNS,
        rows=records_csv(records, LP_COLUMNS),
        figure=figure,
        notes=notes,
    )


def labour_productivity(connection: duckdb.DuckDBPyConnection, labels: Labels) -> Page:
    charts = [
        _lp_chart(
            labels,
            "lp_level_constant",
            Text(
                "Năng suất lao động theo giá so sánh 2010",
                "Labour productivity at constant 2010 prices",
            ),
            Text(
                "GRDP (GDP cho cả nước) trên một lao động đang làm việc bình quân, loại trừ "
                "biến động giá: đây là chuỗi năng suất thực.",
                "GRDP (GDP for the country) per average employed person, with price changes "
                "removed: the real series.",
            ),
            "labour_productivity_constant_2010_mvnd",
            "labour_productivity_constant_2010_mvnd",
            True,
            MVND_PER_WORKER,
            connection,
        ),
        _lp_chart(
            labels,
            "lp_real_growth",
            Text("Tốc độ tăng năng suất lao động thực tế", "Real labour-productivity growth"),
            Text(
                "Tốc độ tăng so với năm trước, theo giá so sánh 2010. Năm đầu tiên theo định "
                "nghĩa lao động mới không có tốc độ tăng (gián đoạn chuỗi).",
                "Growth on the previous year at constant 2010 prices. The first year on the new "
                "employment definition has no growth (series break).",
            ),
            "labour_productivity_real_growth_pct",
            "labour_productivity_real_growth_pct",
            True,
            Text("% so với năm trước", "% on the previous year"),
            connection,
            "%",
        ),
        _lp_chart(
            labels,
            "lp_level_current",
            Text("Năng suất lao động theo giá hiện hành", "Labour productivity at current prices"),
            Text(
                "Theo giá của từng năm: gồm cả biến động giá, không dùng để đo tăng trưởng thực.",
                "At each year's prices: includes price changes, not a measure of real growth.",
            ),
            "labour_productivity_current_mvnd",
            "labour_productivity_current_mvnd",
            False,
            MVND_PER_WORKER,
            connection,
        ),
        _lp_sector_chart(connection, labels),
        _lp_relative_chart(connection, labels),
    ]
    return Page(
        slug="labour-productivity",
        title=Text("Năng suất lao động", "Labour productivity"),
        intro=[
            Text(
                "Mức năng suất lao động và tốc độ tăng thực tế của tỉnh An Giang (cũ), chuỗi so "
                "sánh của tỉnh An Giang hợp nhất và cả nước.",
                "Labour-productivity level and real growth of (old) An Giang, the merged "
                "province's comparable series, and the country.",
            )
        ],
        charts=charts,
    )


def _lp_sector_chart(connection: duckdb.DuckDBPyConnection, labels: Labels) -> Chart:
    records: list[Record] = []
    if have(connection, "marts.fct_labour_productivity", "marts.dim_year"):
        records = fetch(
            connection,
            """
            SELECT lp.geography_code, lp.sector_code, lp.year,
                   lp.labour_productivity_constant_2010_mvnd AS value,
                   'constant_2010' AS price_basis, y.constant_price_base_year AS price_base_year,
                   lp.obs_status, lp.conf_status, lp.data_origin, lp.release_id
            FROM marts.fct_labour_productivity lp LEFT JOIN marts.dim_year y USING (year)
            WHERE lp.geography_code = ? AND lp.labour_productivity_constant_2010_mvnd IS NOT NULL
            ORDER BY lp.sector_code = 'TOTAL' DESC, lp.sector_code, lp.year
            """,
            [COMPARABLE],
        )
    for r in records:
        r["geography_name"] = labels.geography(r["geography_code"])
        r["sector_name"] = labels.sector(r["sector_code"]).both()
        r["unit"] = MVND_PER_WORKER.en
    series = []
    for code in dict.fromkeys(r["sector_code"] for r in records):
        rs = [r for r in records if r["sector_code"] == code]
        series.append((rs[0]["sector_name"], rs))
    figure = line_chart(series, MVND_PER_WORKER, unit=MVND_PER_WORKER.en)
    if figure is not None:
        break_lines(figure, {r["year"] for r in records if r["obs_status"] == "B"}, BREAK)
    columns = [
        "geography_code",
        "geography_name",
        "sector_code",
        "sector_name",
        "year",
        "value",
        "unit",
        "price_basis",
        "price_base_year",
        *META,
    ]
    return Chart(
        name="lp_by_sector",
        title=Text(
            "Năng suất lao động theo khu vực kinh tế (chuỗi so sánh, giá so sánh 2010)",
            "Labour productivity by sector (comparable series, constant 2010 prices)",
        ),
        caption=Text(
            f"{labels.geography(COMPARABLE)}: giá trị tăng thêm của từng khu vực trên một lao "
            "động của khu vực đó; tổng số tính theo GRDP (gồm thuế sản phẩm).",
            f"{labels.geography(COMPARABLE)}: each sector's value added per worker of the "
            "sector; the total is GRDP (with product taxes) per worker.",
        ),
        sources=("fct_labour_productivity",),
        columns=columns,
        rows=records_csv(records, columns),
        figure=figure,
        notes=merge_notes(
            standard_notes(
                labels,
                "fct_labour_productivity",
                records,
                lambda r: (r["sector_name"], r["year"]),
            ),
            [HOLLOW, source_note(labels, ["fct_labour_productivity"])],
        ),
    )


def _lp_relative_chart(connection: duckdb.DuckDBPyConnection, labels: Labels) -> Chart:
    records: list[Record] = []
    if have(connection, "marts.fct_labour_productivity"):
        records = fetch(
            connection,
            """
            SELECT geography_code, year, relative_to_national_pct AS value,
                   'current' AS price_basis, NULL::INTEGER AS price_base_year,
                   obs_status, conf_status, data_origin, release_id
            FROM marts.fct_labour_productivity
            WHERE sector_code = 'TOTAL' AND geography_code IN (?, ?)
              AND relative_to_national_pct IS NOT NULL
            ORDER BY geography_code, year
            """,
            [PROVINCE, COMPARABLE],
        )
    for r in records:
        r["geography_name"] = labels.geography(r["geography_code"])
        r["unit"] = "% of Viet Nam"
    series = [
        (labels.geography(g) + origin_mark(rs), rs)
        for g in (PROVINCE, COMPARABLE)
        if (rs := [r for r in records if r["geography_code"] == g])
    ]
    unit = Text("% so với cả nước", "% of the country's")
    figure = line_chart(series, unit, unit="%")
    if figure is not None:
        figure.add_hline(y=100, line_dash="dash", line_color="#888")
    columns = [
        "geography_code",
        "geography_name",
        "year",
        "value",
        "unit",
        "price_basis",
        *META,
    ]
    return Chart(
        name="lp_relative_to_country",
        title=Text(
            "Năng suất lao động so với cả nước (giá hiện hành)",
            "Labour productivity relative to the country (current prices)",
        ),
        caption=Text(
            "Năng suất lao động của tỉnh bằng bao nhiêu % của cả nước; 100 = bằng cả nước. "
            "Số liệu cả nước là số chính thức của cơ quan thống kê.",
            "The province's labour productivity as % of the country's; 100 = equal. The "
            "country's figure is the statistics office's official one.",
        ),
        sources=("fct_labour_productivity",),
        columns=columns,
        rows=records_csv(records, columns),
        figure=figure,
        notes=merge_notes(
            standard_notes(
                labels,
                "fct_labour_productivity",
                records,
                lambda r: (r["geography_name"], r["year"]),
            ),
            [HOLLOW, source_note(labels, ["fct_labour_productivity"])],
        ),
    )


# --- Decision 36 -----------------------------------------------------------------------------


def decision36(connection: duckdb.DuckDBPyConnection, labels: Labels) -> Page:
    records: list[Record] = []
    if have(connection, "marts.fct_decision36_progress"):
        records = fetch(
            connection,
            """
            SELECT geography_code, target_code, measure, first_year, last_year, value,
                   band_low, band_high, target_value, target_year, gap, status, met_under,
                   assumptions_met, assumptions_total, target_source, unit, price_basis,
                   price_base_year, obs_status, conf_status, data_origin, release_id
            FROM marts.fct_decision36_progress
            ORDER BY measure, target_year, geography_code
            """,
        )
    table = "fct_decision36_progress"
    for r in records:
        r["geography_name"] = labels.geography(r["geography_code"])
        r["measure_name"] = labels.code(table, "measure", r["measure"]).both()
        r["status_name"] = labels.code(table, "status", r["status"]).both()
        r["met_under_name"] = labels.code(table, "met_under", r["met_under"]).both()
    columns = [
        "geography_code",
        "geography_name",
        "target_code",
        "measure",
        "measure_name",
        "first_year",
        "last_year",
        "value",
        "band_low",
        "band_high",
        "target_value",
        "target_year",
        "gap",
        "status",
        "status_name",
        "met_under",
        "met_under_name",
        "assumptions_met",
        "assumptions_total",
        "target_source",
        "unit",
        "price_basis",
        "price_base_year",
        *META,
    ]
    charts = []
    for measure, name, title, axis in (
        (
            "labour_productivity_growth",
            "d36_lp_growth",
            Text(
                "Tốc độ tăng năng suất lao động bình quân so với mục tiêu",
                "Average labour-productivity growth against the target",
            ),
            Text("% mỗi năm", "% a year"),
        ),
        (
            "tfp_share_of_growth",
            "d36_tfp_share",
            Text(
                "Tỷ lệ đóng góp của TFP vào tăng trưởng so với mục tiêu, với khoảng bất định",
                "TFP share of growth against the target, with the uncertainty band",
            ),
            Text("% tăng trưởng", "% of output growth"),
        ),
    ):
        rows = [r for r in records if r["measure"] == measure]
        charts.append(
            Chart(
                name=name,
                title=title,
                caption=_d36_caption(measure),
                sources=(table,),
                columns=columns,
                rows=records_csv(rows, columns),
                figure=_d36_figure(rows, axis),
                height=360,
                notes=merge_notes(
                    standard_notes(
                        labels,
                        table,
                        rows,
                        lambda r: (r["geography_name"], r["target_year"]),
                    ),
                    [
                        Text(
                            f"Mục tiêu: {s}.", f"Target: {s}."
                        )  # the target's source as the mart states it (English)
                        for s in dict.fromkeys(r["target_source"] for r in rows)
                    ],
                    [source_note(labels, [table])],
                ),
            )
        )
    charts.append(
        Chart(
            name="d36_status",
            title=Text("Đánh giá theo từng mục tiêu", "Status of each target"),
            sources=(table,),
            columns=columns,
            rows=records_csv(records, columns),
            table_header=[
                Text("Địa bàn", "Geography"),
                Text("Chỉ tiêu", "Measure"),
                Text("Năm mục tiêu", "Target year"),
                Text("Giai đoạn", "Period"),
                Text("Giá trị", "Value"),
                Text("Khoảng", "Band"),
                Text("Mục tiêu", "Target"),
                Text("Đánh giá", "Status"),
                Text("Đạt theo", "Met under"),
            ],
            table=[
                [
                    r["geography_name"],
                    r["measure_name"],
                    str(r["target_year"]),
                    f"{r['first_year']}–{r['last_year']}",
                    fmt(r["value"], 2),
                    "–"
                    if r["band_low"] == r["band_high"]
                    else f"{fmt(r['band_low'], 1)} – {fmt(r['band_high'], 1)}",
                    fmt(r["target_value"], 1),
                    r["status_name"],
                    f"{r['met_under_name']} ({r['assumptions_met']}/{r['assumptions_total']})",
                ]
                for r in records
            ],
            notes=merge_notes(
                standard_notes(
                    labels, table, records, lambda r: (r["geography_name"], r["target_year"])
                ),
                [source_note(labels, [table])],
            ),
        )
    )
    return Page(
        slug="decision-36",
        title=Text("Mục tiêu Quyết định 36", "Decision 36 targets"),
        intro=[
            Text(
                "Quyết định 36/QĐ-TTg đặt mục tiêu tốc độ tăng năng suất lao động và tỷ lệ đóng "
                "góp của TFP. Giá trị là giá trị theo giả định trung tâm; khoảng là giá trị thấp "
                "nhất và cao nhất theo mọi giả định của lưới giả định TFP.",
                "Decision 36/QĐ-TTg sets targets for labour-productivity growth and the TFP "
                "share of growth. The value is the central assumption's; the band is the lowest "
                "and highest value under every assumption of the TFP grid.",
            )
        ],
        charts=charts,
    )


def _d36_caption(measure: str) -> Text:
    if measure == "labour_productivity_growth":
        return Text(
            "Tăng trưởng bình quân năm của năng suất lao động thực từ năm 2020 (năm đầu tiên "
            "theo định nghĩa lao động mới) đến năm mới nhất có số liệu; không phụ thuộc giả "
            "định TFP, nên khoảng chính là giá trị.",
            "Compound annual growth of real labour productivity from 2020 (the first year on "
            "the new employment definition) to the latest year; it does not depend on the TFP "
            "assumptions, so its band is the value itself.",
        )
    return Text(
        "Thanh ngang: khoảng từ giá trị thấp nhất đến cao nhất theo các giả định; chấm: giả "
        "định trung tâm; vạch đứng: mục tiêu.",
        "Whiskers: from the lowest to the highest value under the assumptions; dot: the "
        "central assumption; vertical tick: the target.",
    )


def _d36_figure(rows: list[Record], axis: Text) -> Any | None:
    rows = [r for r in rows if r["value"] is not None]
    if not rows:
        return None
    categories = [f"{esc(r['geography_name'])}<br>→ {r['target_year']}" for r in rows]
    figure = go.Figure()
    figure.add_scatter(
        y=categories,
        x=[r["value"] for r in rows],
        mode="markers+text",
        name="Thực tế (giả định trung tâm) · actual (central)",
        marker={"size": 12, "color": PALETTE[0]},
        error_x={
            "type": "data",
            "symmetric": False,
            "array": [r["band_high"] - r["value"] for r in rows],
            "arrayminus": [r["value"] - r["band_low"] for r in rows],
            "color": PALETTE[0],
            "thickness": 2,
            "width": 8,
        },
        text=[esc(r["status_name"]) for r in rows],
        textposition="top center",
        textfont={"size": 11},
        hovertemplate="%{y}<br>%{x:.2f}<extra></extra>",
    )
    figure.add_scatter(
        y=categories,
        x=[r["target_value"] for r in rows],
        mode="markers",
        name="Mục tiêu · target",
        marker={
            "symbol": "line-ns-open",
            "size": 26,
            "line": {"width": 3, "color": PALETTE[1]},
            "color": PALETTE[1],
        },
        hovertemplate="%{y}<br>Mục tiêu · target: %{x:.1f}<extra></extra>",
    )
    style(
        figure,
        y_title=None,
        x_title=axis,
        height=360,
        synthetic=is_synthetic(rows),
        left_margin=20,
    )
    figure.update_yaxes(autorange="reversed")
    # room on both sides for the status written over each dot
    values = [v for r in rows for v in (r["band_low"], r["band_high"], r["target_value"]) if v]
    span = (max(values) - min(values)) or 1.0
    figure.update_xaxes(range=[min(values) - 0.25 * span, max(values) + 0.25 * span])
    figure.update_layout(legend={"y": -0.28})
    number_format(figure)
    return figure


# --- growth accounting -----------------------------------------------------------------------


def growth_accounting(connection: duckdb.DuckDBPyConnection, labels: Labels) -> Page:
    records: list[Record] = []
    table = "fct_growth_accounting"
    if have(connection, f"marts.{table}"):
        records = fetch(
            connection,
            f"""
            SELECT geography_code, sector_code, year, output_growth, capital_contribution,
                   labour_contribution, tfp_growth, tfp_share_of_growth_pct, labour_share_average,
                   unit, price_basis, price_base_year, obs_status, conf_status, data_origin,
                   release_id
            FROM marts.{table} WHERE sector_code = 'TOTAL'
            ORDER BY geography_code = ? DESC, geography_code, year
            """,
            [COMPARABLE],
        )
    for r in records:
        r["geography_name"] = labels.geography(r["geography_code"])
    columns = [
        "geography_code",
        "geography_name",
        "sector_code",
        "year",
        "output_growth",
        "capital_contribution",
        "labour_contribution",
        "tfp_growth",
        "tfp_share_of_growth_pct",
        "labour_share_average",
        "unit",
        "price_basis",
        "price_base_year",
        *META,
    ]
    charts = []
    parts = [
        ("capital_contribution", Text("Đóng góp của vốn", "capital")),
        ("labour_contribution", Text("Đóng góp của lao động", "labour")),
        ("tfp_growth", Text("TFP", "TFP")),
    ]
    geographies = list(dict.fromkeys(r["geography_code"] for r in records)) or [COMPARABLE]
    for code in geographies:
        rows = [r for r in records if r["geography_code"] == code]
        figure = None
        if any(r["output_growth"] is not None for r in rows):
            figure = go.Figure()
            for i, (column, name) in enumerate(parts):
                figure.add_bar(
                    x=[r["year"] for r in rows],
                    y=[times100(r[column]) for r in rows],
                    name=name.both(),
                    marker_color=PALETTE[[0, 4, 2][i]],
                    hovertemplate="%{fullData.name}<br>%{x}: %{y:.2f} pp<extra></extra>",
                )
            figure.add_scatter(
                x=[r["year"] for r in rows],
                y=[times100(r["output_growth"]) for r in rows],
                name="Tăng trưởng GRDP · output growth",
                mode="lines+markers",
                line={"color": "#000", "width": 2},
                hovertemplate="%{fullData.name}<br>%{x}: %{y:.2f}<extra></extra>",
            )
            style(
                figure,
                y_title=Text("Điểm phần trăm (× 100 sai phân log)", "pp (100 × log difference)"),
                synthetic=is_synthetic(rows),
            )
            figure.update_layout(barmode="relative")
            year_axis(figure)
            number_format(figure)
            break_lines(figure, [r["year"] for r in rows if r["obs_status"] == "B"], BREAK)
        place = labels.geography(code)
        charts.append(
            Chart(
                name=f"ga_contributions_{slug(code)}",
                title=Text(
                    f"Đóng góp vào tăng trưởng GRDP — {place}",
                    f"Contributions to GRDP growth — {place}",
                ),
                caption=Text(
                    "Hạch toán tăng trưởng Törnqvist: tăng trưởng GRDP thực = đóng góp của vốn + "
                    "đóng góp của lao động + tăng trưởng TFP (giả định trung tâm).",
                    "Törnqvist growth accounting: real GRDP growth = capital contribution + "
                    "labour contribution + TFP growth (central assumption).",
                ),
                sources=(table,),
                columns=columns,
                rows=records_csv(rows, columns),
                figure=figure,
                notes=merge_notes(
                    standard_notes(labels, table, rows, lambda r: (r["geography_name"], r["year"])),
                    [source_note(labels, [table])],
                ),
            )
        )
    charts += [_tfp_band_chart(connection, labels, code) for code in (PROVINCE, COMPARABLE)]
    return Page(
        slug="growth-accounting",
        title=Text("Hạch toán tăng trưởng", "Growth accounting"),
        intro=[
            Text(
                "Tăng trưởng GRDP theo giá so sánh 2010 được phân tách thành đóng góp của vốn, "
                "của lao động và của năng suất các nhân tố tổng hợp (TFP).",
                "Real GRDP growth (constant 2010 prices) split into the contributions of "
                "capital, labour and total factor productivity (TFP).",
            )
        ],
        charts=charts,
    )


def _tfp_band_chart(connection: duckdb.DuckDBPyConnection, labels: Labels, code: str) -> Chart:
    records: list[Record] = []
    if have(connection, "marts.fct_growth_accounting", "marts.fct_growth_accounting_assumptions"):
        records = fetch(
            connection,
            """
            SELECT g.geography_code, g.year, g.tfp_share_of_growth_pct AS central,
                   min(a.tfp_share_of_growth_pct) AS band_low,
                   max(a.tfp_share_of_growth_pct) AS band_high,
                   count(a.tfp_share_of_growth_pct) AS assumptions,
                   g.price_basis, g.price_base_year, g.obs_status, g.conf_status, g.data_origin,
                   g.release_id
            FROM marts.fct_growth_accounting g
            LEFT JOIN marts.fct_growth_accounting_assumptions a
              USING (geography_code, sector_code, year)
            WHERE g.sector_code = 'TOTAL' AND g.geography_code = ?
            GROUP BY ALL ORDER BY g.year
            """,
            [code],
        )
    name = labels.geography(code)
    for r in records:
        r["geography_name"] = name
        r["unit"] = "% of output growth"
    plotted = [r for r in records if r["central"] is not None]
    figure = None
    if plotted:
        figure = go.Figure()
        figure.add_scatter(
            x=[r["year"] for r in plotted],
            y=[r["central"] for r in plotted],
            mode="markers",
            name="Giả định trung tâm · central assumption",
            marker={"size": 9, "color": PALETTE[0]},
            error_y={
                "type": "data",
                "symmetric": False,
                "array": [max(r["band_high"] - r["central"], 0) for r in plotted],
                "arrayminus": [max(r["central"] - r["band_low"], 0) for r in plotted],
                "color": "#7aa6c9",
                "thickness": 2,
            },
            hovertemplate="%{x}: %{y:.1f}%<extra></extra>",
        )
        style(
            figure,
            y_title=Text("% tăng trưởng GRDP", "% of output growth"),
            synthetic=is_synthetic(plotted),
        )
        year_axis(figure)
        number_format(figure)
        break_lines(figure, [r["year"] for r in records if r["obs_status"] == "B"], BREAK)
    columns = [
        "geography_code",
        "geography_name",
        "year",
        "central",
        "band_low",
        "band_high",
        "assumptions",
        "unit",
        "price_basis",
        "price_base_year",
        *META,
    ]
    return Chart(
        name=f"ga_tfp_share_{slug(code)}",
        title=Text(
            f"Tỷ lệ đóng góp của TFP theo năm, với khoảng bất định — {name}",
            f"TFP share of growth by year, with its uncertainty band — {name}",
        ),
        caption=Text(
            "Chấm: giả định trung tâm; thanh: từ giá trị thấp nhất đến cao nhất theo các giả định "
            "về tỷ trọng lao động, khấu hao và vốn ban đầu. Tỷ lệ của một năm dao động mạnh khi "
            "tăng trưởng GRDP nhỏ.",
            "Dot: central assumption; whiskers: lowest to highest under the assumptions on the "
            "labour share, depreciation and initial stock. A single year's share swings when "
            "output growth is small.",
        ),
        sources=("fct_growth_accounting", "fct_growth_accounting_assumptions"),
        columns=columns,
        rows=records_csv(records, columns),
        figure=figure,
        notes=merge_notes(
            standard_notes(
                labels, "fct_growth_accounting", records, lambda r: (r["geography_name"], r["year"])
            ),
            [source_note(labels, ["fct_growth_accounting", "fct_growth_accounting_assumptions"])],
        ),
    )


# --- shift-share -----------------------------------------------------------------------------

SHIFT_PARTS = [
    ("within_effect_pp", Text("Nội ngành", "within sectors")),
    ("static_shift_pp", Text("Chuyển dịch tĩnh", "static shift")),
    ("dynamic_shift_pp", Text("Chuyển dịch động", "dynamic shift")),
    ("tax_effect_pp", Text("Thuế sản phẩm", "product taxes")),
]


def shift_share(connection: duckdb.DuckDBPyConnection, labels: Labels) -> Page:
    table = "fct_shift_share"
    records: list[Record] = []
    if have(connection, f"marts.{table}"):
        records = fetch(
            connection,
            f"""
            SELECT geography_code, period_code, base_year, end_year,
                   labour_productivity_base_year_mvnd, labour_productivity_end_year_mvnd,
                   total_growth_pct, within_effect_pp, static_shift_pp, dynamic_shift_pp,
                   tax_effect_pp, average_annual_growth_pct, break_code, unit, price_basis,
                   price_base_year, obs_status, conf_status, data_origin, release_id
            FROM marts.{table}
            ORDER BY geography_code = ? DESC, geography_code, base_year, end_year
            """,
            [COMPARABLE],
        )
    for r in records:
        r["geography_name"] = labels.geography(r["geography_code"])
        r["period"] = f"{r['base_year']}→{r['end_year']}"
    columns = [
        "geography_code",
        "geography_name",
        "period_code",
        "base_year",
        "end_year",
        "labour_productivity_base_year_mvnd",
        "labour_productivity_end_year_mvnd",
        "total_growth_pct",
        *[c for c, _ in SHIFT_PARTS],
        "average_annual_growth_pct",
        "break_code",
        "unit",
        "price_basis",
        "price_base_year",
        *META,
    ]

    def where(r: Record) -> tuple[str, Any]:
        return (r["geography_name"], r["period"])

    plans = [r for r in records if r["period_code"] != "consecutive_years"]
    charts = [
        Chart(
            name="ss_plan_periods",
            title=Text(
                "Phân tích chuyển dịch cơ cấu theo kỳ kế hoạch 5 năm",
                "Shift-share decomposition over the five-year plan periods",
            ),
            caption=Text(
                "Tăng năng suất lao động cả kỳ (%, giá so sánh 2010) = hiệu ứng nội ngành + "
                "chuyển dịch tĩnh + chuyển dịch động + thuế sản phẩm. Kỳ vượt qua điểm gián đoạn "
                "chuỗi không được phân tích.",
                "Growth of labour productivity over the period (%, constant 2010 prices) = "
                "within-sector effect + static shift + dynamic shift + product taxes. A period "
                "spanning a series break is not decomposed.",
            ),
            sources=(table,),
            columns=columns,
            rows=records_csv(plans, columns),
            figure=_shift_figure(
                [r for r in plans if r["total_growth_pct"] is not None],
                lambda r: f"{esc(r['geography_name'])}<br>{r['period']}",
                horizontal=True,
            ),
            notes=merge_notes(
                standard_notes(labels, table, plans, where), [source_note(labels, [table])]
            ),
        )
    ]
    annual = [r for r in records if r["period_code"] == "consecutive_years"]
    for code in dict.fromkeys(r["geography_code"] for r in annual):
        rows = [r for r in annual if r["geography_code"] == code]
        name = labels.geography(code)
        charts.append(
            Chart(
                name=f"ss_annual_{slug(code)}",
                title=Text(
                    f"Chuyển dịch cơ cấu từng năm — {name}", f"Shift-share year by year — {name}"
                ),
                sources=(table,),
                columns=columns,
                rows=records_csv(rows, columns),
                figure=with_breaks(
                    _shift_figure(
                        [r for r in rows if r["total_growth_pct"] is not None],
                        lambda r: r["end_year"],
                        horizontal=False,
                    ),
                    [r["end_year"] for r in rows if r["obs_status"] == "B"],
                ),
                notes=merge_notes(
                    standard_notes(labels, table, rows, where), [source_note(labels, [table])]
                ),
            )
        )
    return Page(
        slug="shift-share",
        title=Text("Chuyển dịch cơ cấu", "Shift-share"),
        intro=[
            Text(
                "Tăng năng suất lao động chung đến từ đâu: tăng năng suất trong từng khu vực, "
                "hay lao động chuyển sang khu vực có năng suất cao hơn.",
                "Where aggregate labour-productivity growth comes from: growth within each "
                "sector, or workers moving to more productive sectors.",
            )
        ],
        charts=charts,
    )


def _shift_figure(
    rows: list[Record], category: Callable[[Record], Any], horizontal: bool
) -> Any | None:
    if not rows:
        return None
    figure = go.Figure()
    keys = [category(r) for r in rows]
    for i, (column, name) in enumerate(SHIFT_PARTS):
        values = [r[column] for r in rows]
        figure.add_bar(
            **(
                {"y": keys, "x": values, "orientation": "h"}
                if horizontal
                else {"x": keys, "y": values}
            ),
            name=name.both(),
            marker_color=PALETTE[[0, 4, 1, 5][i]],
            hovertemplate="%{fullData.name}: %{" + ("x" if horizontal else "y") + ":.2f} pp"
            "<extra></extra>",
        )
    totals = [r["total_growth_pct"] for r in rows]
    figure.add_scatter(
        **({"y": keys, "x": totals} if horizontal else {"x": keys, "y": totals}),
        mode="markers",
        name="Tổng · total growth (%)",
        marker={"symbol": "diamond", "size": 10, "color": "#000"},
        hovertemplate="Tổng · total: %{" + ("x" if horizontal else "y") + ":.2f}%<extra></extra>",
    )
    unit = Text("% / điểm phần trăm", "% / percentage points")
    if horizontal:
        style(
            figure,
            y_title=None,
            x_title=unit,
            synthetic=is_synthetic(rows),
            left_margin=20,
            height=max(300, 90 * len(rows) + 140),
        )
        figure.update_yaxes(autorange="reversed")
        slim(figure, "y", len(rows), 3)
    else:
        style(
            figure,
            y_title=unit,
            x_title=Text("Năm cuối của kỳ", "end year"),
            synthetic=is_synthetic(rows),
        )
        figure.update_xaxes(tickformat="d")
    figure.update_layout(barmode="relative")
    number_format(figure)
    return figure
