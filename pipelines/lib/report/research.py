"""Research transfers: the provincial S&T tasks by theme and the estimated effect of receiving a
result on enterprise labour productivity, with confidence intervals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go

from pipelines.lib.report.charts import (
    PALETTE,
    Chart,
    Record,
    fetch,
    is_synthetic,
    merge_notes,
    periods,
    records_csv,
    source_note,
    standard_notes,
    style,
)
from pipelines.lib.report.common import (
    META,
    fmt,
    have,
    number_format,
    wrap,
)
from pipelines.lib.report.html import Page
from pipelines.lib.report.labels import Labels, Text

if TYPE_CHECKING:
    import duckdb


BY_THEME = "fct_research_results_by_theme"
IMPACT = "fct_research_transfer_impact"
EVENT_STUDY = "fct_research_impact_event_study"


def research(connection: duckdb.DuckDBPyConnection, labels: Labels) -> Page:
    return Page(
        slug="research",
        title=Text("Chuyển giao kết quả nghiên cứu", "Research transfers"),
        intro=[
            Text(
                "Các nhiệm vụ khoa học và công nghệ cấp tỉnh theo chủ đề, và tác động ước lượng "
                "của việc tiếp nhận kết quả nghiên cứu lên năng suất lao động của doanh nghiệp, "
                "với khoảng tin cậy 95 %.",
                "Provincial S&T tasks by theme, and the estimated effect of receiving a research "
                "result on the labour productivity of enterprises, with 95 % confidence "
                "intervals.",
            )
        ],
        charts=[
            _themes_chart(connection, labels),
            _impact_chart(connection, labels),
            _event_study_chart(connection, labels),
            _cohort_chart(connection, labels),
        ],
    )


def _themes_chart(connection: duckdb.DuckDBPyConnection, labels: Labels) -> Chart:
    records: list[Record] = []
    if have(connection, f"marts.{BY_THEME}"):
        english = (
            "(SELECT theme_vi, min(theme_en) AS theme_en FROM marts.fct_research_results "
            "GROUP BY theme_vi)"
            if have(connection, "marts.fct_research_results")
            else "(SELECT NULL::VARCHAR AS theme_vi, NULL::VARCHAR AS theme_en)"
        )
        records = fetch(
            connection,
            f"""
            SELECT t.theme_vi, e.theme_en, t.acceptance_year, t.task_count, t.transferred_count,
                   t.budget_mvnd, t.recipient_count, t.enterprise_recipient_count,
                   t.geography_code, t.price_basis, NULL::INTEGER AS price_base_year, t.unit,
                   t.obs_status, t.conf_status, t.data_origin, t.release_id
            FROM marts.{BY_THEME} t LEFT JOIN {english} e USING (theme_vi)
            ORDER BY t.theme_vi, t.acceptance_year
            """,
        )
    totals: dict[str, dict[str, Any]] = {}
    for r in records:
        total = totals.setdefault(
            r["theme_vi"], {"theme_en": r["theme_en"] or r["theme_vi"], "tasks": 0, "moved": 0}
        )
        total["tasks"] += r["task_count"] or 0
        total["moved"] += r["transferred_count"] or 0
    figure = None
    if totals:
        ordered = sorted(totals.items(), key=lambda kv: (-kv[1]["tasks"], kv[0]))
        names = [wrap(f"{vi} · {t['theme_en']}", 40) for vi, t in ordered]
        figure = go.Figure()
        figure.add_bar(
            y=names,
            x=[t["tasks"] for _, t in ordered],
            orientation="h",
            name="Nhiệm vụ đã nghiệm thu · tasks accepted",
            marker_color=PALETTE[5],
            hovertemplate="%{fullData.name}: %{x}<extra></extra>",
        )
        figure.add_bar(
            y=names,
            x=[t["moved"] for _, t in ordered],
            orientation="h",
            name="trong đó đã chuyển giao · of which transferred",
            marker_color=PALETTE[0],
            hovertemplate="%{fullData.name}: %{x}<extra></extra>",
        )
        years = periods(r["acceptance_year"] for r in records)
        style(
            figure,
            y_title=None,
            x_title=Text(f"Số nhiệm vụ, nghiệm thu {years}", f"tasks accepted {years}"),
            height=max(340, 52 * len(ordered) + 150),
            synthetic=is_synthetic(records),
            left_margin=20,
        )
        figure.update_layout(barmode="group")
        figure.update_yaxes(autorange="reversed")
    columns = [
        "theme_vi",
        "theme_en",
        "acceptance_year",
        "task_count",
        "transferred_count",
        "budget_mvnd",
        "recipient_count",
        "enterprise_recipient_count",
        "unit",
        "geography_code",
        "price_basis",
        *META,
    ]
    return Chart(
        name="rs_tasks_by_theme",
        title=Text("Nhiệm vụ khoa học và công nghệ theo chủ đề", "S&T tasks by theme"),
        sources=(BY_THEME,),
        columns=columns,
        rows=records_csv(records, columns),
        figure=figure,
        notes=merge_notes(
            standard_notes(
                labels, BY_THEME, records, lambda r: (r["theme_vi"], r["acceptance_year"])
            ),
            [source_note(labels, [BY_THEME, "fct_research_results"])],
        ),
    )


def _impact_chart(connection: duckdb.DuckDBPyConnection, labels: Labels) -> Chart:
    records: list[Record] = []
    if have(connection, f"marts.{IMPACT}"):
        records = fetch(
            connection,
            f"""
            SELECT group_code, treated_enterprises, control_enterprises, treated_with_few_controls,
                   first_treatment_year, last_treatment_year, is_suppressed, estimate_log_points,
                   standard_error, ci95_low, ci95_high, estimate_pct, ci95_low_pct, ci95_high_pct,
                   windows, geography_code, price_basis, NULL::INTEGER AS price_base_year, unit,
                   obs_status, conf_status, data_origin, release_id
            FROM marts.{IMPACT} ORDER BY group_code = 'all' DESC, group_code
            """,
        )
    for r in records:
        name = labels.sector(r["group_code"], IMPACT, "group_code")
        r["group_name"] = name.both()
        r["hidden"] = bool(r["is_suppressed"]) or r["conf_status"] not in (None, "F")
    shown = [r for r in records if not r["hidden"] and r["estimate_pct"] is not None]
    figure = None
    if shown:
        names = [
            f"{wrap(r['group_name'], 44)}<br>n = {r['treated_enterprises']} / "
            f"{r['control_enterprises']}"
            for r in shown
        ]
        figure = _interval_figure(
            names,
            shown,
            Text("% thay đổi năng suất lao động", "% change in labour productivity"),
            horizontal=True,
        )
    columns = [
        "group_code",
        "group_name",
        "treated_enterprises",
        "control_enterprises",
        "treated_with_few_controls",
        "first_treatment_year",
        "last_treatment_year",
        "is_suppressed",
        "estimate_log_points",
        "standard_error",
        "ci95_low",
        "ci95_high",
        "estimate_pct",
        "ci95_low_pct",
        "ci95_high_pct",
        "windows",
        "unit",
        "geography_code",
        "price_basis",
        *META,
    ]
    return Chart(
        name="rs_transfer_impact",
        title=Text(
            "Tác động ước lượng của chuyển giao lên năng suất lao động doanh nghiệp",
            "Estimated effect of a transfer on enterprise labour productivity",
        ),
        caption=Text(
            "Khác biệt kép: doanh nghiệp tiếp nhận so với doanh nghiệp tương tự không tiếp nhận "
            "(cùng ngành, quy mô, huyện). Chấm: ước lượng; thanh: khoảng tin cậy 95 %; n = số "
            "doanh nghiệp tiếp nhận / đối chứng. Khoảng cắt qua 0: không phân biệt được với "
            "không có tác động.",
            "Difference-in-differences: recipients against similar enterprises that received "
            "nothing (same sector, size, district). Dot: estimate; whiskers: 95 % confidence "
            "interval; n = treated / control enterprises. An interval crossing 0 cannot be told "
            "apart from no effect.",
        ),
        sources=(IMPACT,),
        columns=columns,
        rows=records_csv(records, columns),
        figure=figure,
        notes=merge_notes(
            standard_notes(labels, IMPACT, records, lambda r: (r["group_name"], None)),
            [source_note(labels, [IMPACT])],
        ),
    )


def _interval_figure(
    categories: list[Any],
    rows: list[Record],
    axis: Text,
    horizontal: bool,
    x_title: Text | None = None,
) -> Any:
    estimate = [r["estimate_pct"] for r in rows]
    high = [
        None if r["ci95_high_pct"] is None else r["ci95_high_pct"] - r["estimate_pct"] for r in rows
    ]
    low = [
        None if r["ci95_low_pct"] is None else r["estimate_pct"] - r["ci95_low_pct"] for r in rows
    ]
    bars = {
        "type": "data",
        "symmetric": False,
        "array": high,
        "arrayminus": low,
        "color": PALETTE[0],
        "thickness": 2,
        "width": 6,
    }
    figure = go.Figure()
    figure.add_scatter(
        **(
            {"y": categories, "x": estimate, "error_x": bars}
            if horizontal
            else {"x": categories, "y": estimate, "error_y": bars}
        ),
        mode="markers",
        name="Ước lượng và khoảng tin cậy 95 % · estimate with 95 % CI",
        marker={
            "size": 10,
            "color": PALETTE[0],
            "symbol": ["circle-open" if r.get("is_reference") else "circle" for r in rows],
        },
        customdata=[[r["ci95_low_pct"], r["ci95_high_pct"]] for r in rows],
        hovertemplate=(
            "%{" + ("x" if horizontal else "y") + ":.1f}% "
            "(%{customdata[0]:.1f} … %{customdata[1]:.1f})<extra></extra>"
        ),
    )
    synthetic = is_synthetic(rows)
    if horizontal:
        style(
            figure,
            y_title=None,
            x_title=axis,
            synthetic=synthetic,
            left_margin=20,
            height=max(300, 60 * len(rows) + 150),
        )
        figure.update_yaxes(autorange="reversed")
        figure.add_vline(x=0, line_color="#666")
    else:
        style(figure, y_title=axis, x_title=x_title, synthetic=synthetic)
        figure.add_hline(y=0, line_color="#666")
    number_format(figure)
    return figure


EVENT_COLUMNS = [
    "group_code",
    "estimate_type",
    "event_time",
    "cohort",
    "treated_enterprises",
    "control_enterprises",
    "estimate_log_points",
    "standard_error",
    "ci95_low",
    "ci95_high",
    "estimate_pct",
    "ci95_low_pct",
    "ci95_high_pct",
    "is_reference",
    "chi2",
    "df",
    "p_value",
    "is_suppressed",
    "unit",
    "geography_code",
    "price_basis",
    *META,
]


def _event_rows(connection: duckdb.DuckDBPyConnection) -> list[Record]:
    if not have(connection, f"marts.{EVENT_STUDY}"):
        return []
    records = fetch(
        connection,
        f"""
        SELECT group_code, estimate_type, event_time, cohort, treated_enterprises,
               control_enterprises, estimate_log_points, standard_error, ci95_low, ci95_high,
               estimate_pct, ci95_low_pct, ci95_high_pct, is_reference, chi2, df, p_value,
               is_suppressed, estimator, geography_code, price_basis,
               NULL::INTEGER AS price_base_year, unit, obs_status, conf_status, data_origin,
               release_id
        FROM marts.{EVENT_STUDY}
        ORDER BY group_code, estimate_type, event_time, cohort
        """,
    )
    for r in records:
        r["hidden"] = bool(r["is_suppressed"]) or r["conf_status"] not in (None, "F")
    return records


def _event_notes(labels: Labels, records: list[Record]) -> list[Text]:
    notes = standard_notes(
        labels,
        EVENT_STUDY,
        records,
        lambda r: (
            labels.code(EVENT_STUDY, "estimate_type", r["estimate_type"]).vi,
            r["event_time"] if r["event_time"] is not None else r["cohort"],
        ),
    )
    for r in records:
        if r["estimate_type"] == "pretrend_test" and r["p_value"] is not None:
            notes.insert(
                0,
                Text(
                    "Kiểm định xu hướng trước khi tiếp nhận (mọi năm trước e ≤ −2 bằng 0): "
                    f"χ² = {fmt(r['chi2'], 2)}, bậc tự do {r['df']}, p = {fmt(r['p_value'], 3)}.",
                    f"Pre-trend test (every lead e ≤ −2 is zero): χ² = {r['chi2']:.2f}, "
                    f"df = {r['df']}, p = {r['p_value']:.3f}.",
                ),
            )
        if r["estimate_type"] == "overall" and r["estimate_pct"] is not None and not r["hidden"]:
            notes.insert(
                0,
                Text(
                    f"Tác động chung (ATT): {fmt(r['estimate_pct'], 1)} % (khoảng tin cậy 95 %: "
                    f"{fmt(r['ci95_low_pct'], 1)} … {fmt(r['ci95_high_pct'], 1)} %), "
                    f"{r['treated_enterprises']} doanh nghiệp tiếp nhận.",
                    f"Overall effect (ATT): {r['estimate_pct']:.1f} % (95 % CI "
                    f"{r['ci95_low_pct']:.1f} … {r['ci95_high_pct']:.1f} %), "
                    f"{r['treated_enterprises']} treated enterprises.",
                ),
            )
    estimators = sorted({r["estimator"] for r in records if r.get("estimator")})
    notes += [Text(f"Phương pháp ước lượng: {e}", f"Estimator: {e}") for e in estimators]
    notes.append(source_note(labels, [EVENT_STUDY]))
    return notes


def _event_study_chart(connection: duckdb.DuckDBPyConnection, labels: Labels) -> Chart:
    records = [r for r in _event_rows(connection) if r["estimate_type"] == "event_study"]
    everything = _event_rows(connection)
    shown = [r for r in records if not r["hidden"] and r["estimate_pct"] is not None]
    figure = None
    if shown:
        figure = _interval_figure(
            [r["event_time"] for r in shown],
            shown,
            Text("% thay đổi năng suất lao động", "% change in labour productivity"),
            horizontal=False,
            x_title=Text(
                "Số năm kể từ lần tiếp nhận đầu tiên (−1 = năm gốc)",
                "years since first receipt (−1 = reference)",
            ),
        )
        figure.add_vline(x=-0.5, line_dash="dot", line_color="#888")
        figure.add_annotation(
            x=-0.5,
            y=1,
            yref="paper",
            text="tiếp nhận<br>receipt",
            showarrow=False,
            xanchor="left",
            yanchor="top",
            font={"size": 11, "color": "#555"},
        )
        # the event-time axis has its own reference line (receipt); zero is not special on it
        figure.update_xaxes(dtick=1, zeroline=False)
    return Chart(
        name="rs_event_study",
        title=Text(
            "Nghiên cứu sự kiện: tác động trước và sau khi tiếp nhận",
            "Event study: the effect before and after receipt",
        ),
        caption=Text(
            "Callaway và Sant'Anna (2021): tác động theo số năm kể từ lần tiếp nhận đầu tiên. Các "
            "năm trước khi tiếp nhận (e < −1) kiểm tra xu hướng trước; năm −1 là năm gốc (bằng 0, "
            "điểm rỗng).",
            "Callaway and Sant'Anna (2021): the effect by years since first receipt. The years "
            "before receipt (e < −1) check for pre-trends; −1 is the reference year (zero, "
            "hollow marker).",
        ),
        sources=(EVENT_STUDY,),
        columns=EVENT_COLUMNS,
        rows=records_csv(
            [
                r
                for r in everything
                if r["estimate_type"] in ("event_study", "overall", "pretrend_test")
            ],
            EVENT_COLUMNS,
        ),
        figure=figure,
        notes=_event_notes(labels, [r for r in everything if r["estimate_type"] != "cohort"]),
    )


def _cohort_chart(connection: duckdb.DuckDBPyConnection, labels: Labels) -> Chart:
    records = [r for r in _event_rows(connection) if r["estimate_type"] == "cohort"]
    shown = [r for r in records if not r["hidden"] and r["estimate_pct"] is not None]
    figure = None
    if shown:
        figure = _interval_figure(
            [f"{r['cohort']} (n = {r['treated_enterprises']})" for r in shown],
            shown,
            Text("% thay đổi năng suất lao động", "% change in labour productivity"),
            horizontal=False,
            x_title=Text("Năm tiếp nhận đầu tiên (nhóm)", "year of first receipt (cohort)"),
        )
        figure.update_xaxes(type="category")
    return Chart(
        name="rs_cohorts",
        title=Text("Tác động theo nhóm năm tiếp nhận", "The effect by cohort of first receipt"),
        sources=(EVENT_STUDY,),
        columns=EVENT_COLUMNS,
        rows=records_csv(records, EVENT_COLUMNS),
        figure=figure,
        notes=merge_notes(
            standard_notes(labels, EVENT_STUDY, records, lambda r: (str(r["cohort"]), None)),
            [source_note(labels, [EVENT_STUDY])],
        ),
    )
