"""Data quality: the checks of each refresh, the files loaded and the rows quarantined (schema
`quality` of the published file), and the revisions between releases, yearbook editions and
downloads of the official series."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go

from pipelines.lib.report.charts import (
    PALETTE,
    Chart,
    Record,
    esc,
    fetch,
    is_synthetic,
    origin_mark,
    origin_notes,
    records_csv,
    source_note,
    style,
)
from pipelines.lib.report.common import (
    have,
    number_format,
    slim,
    wrap,
)
from pipelines.lib.report.html import Page
from pipelines.lib.report.labels import Labels, Text

if TYPE_CHECKING:
    import duckdb


CHECKS = "quality.check_history"
LOADS = "quality.file_loads"
QUARANTINE = "quality.quarantine_reasons"
QUALITY_MISSING = Text(
    "Lần công bố này không có lược đồ quality (lịch sử kiểm tra, nạp tệp, cách ly).",
    "This release has no quality schema (check history, file loads, quarantine).",
)


def data_quality(connection: duckdb.DuckDBPyConnection, labels: Labels) -> Page:
    charts = [
        *_checks_charts(connection, labels),
        *_load_charts(connection, labels),
        _release_revisions_chart(connection, labels),
        _edition_revisions_chart(
            connection,
            labels,
            "fct_yearbook_revisions",
            "edition_from",
            "edition_to",
            Text(
                "Điều chỉnh số liệu giữa các lần xuất bản niên giám",
                "Revisions between yearbook editions",
            ),
        ),
        _edition_revisions_chart(
            connection,
            labels,
            "fct_official_revisions",
            "vintage_from",
            "vintage_to",
            Text(
                "Điều chỉnh số liệu chính thức giữa các lần tải",
                "Revisions of the official series between downloads",
            ),
        ),
    ]
    return Page(
        slug="data-quality",
        title=Text("Chất lượng dữ liệu", "Data quality"),
        intro=[
            Text(
                "Các kiểm tra tự động ở mỗi lần làm mới (Great Expectations và SQLMesh audit), "
                "các tệp đã nạp và các dòng bị cách ly, và các điều chỉnh số liệu giữa các lần "
                "công bố, các lần xuất bản niên giám và các lần tải số liệu chính thức.",
                "The automatic checks of every refresh (Great Expectations and SQLMesh audits), "
                "the files loaded and the rows quarantined, and the revisions between releases, "
                "yearbook editions and downloads of the official series.",
            )
        ],
        charts=charts,
    )


def _checks_charts(connection: duckdb.DuckDBPyConnection, labels: Labels) -> list[Chart]:
    records: list[Record] = []
    if have(connection, CHECKS):
        records = fetch(
            connection,
            f"""
            SELECT checked_at, dagster_run_id, check_name, check_kind, asset_key, detail, passed,
                   observed_value, threshold, rows_checked, data_version
            FROM {CHECKS} ORDER BY checked_at, dagster_run_id, asset_key, check_name
            """,
        )
    runs: dict[str, Any] = {}
    for r in records:
        runs.setdefault(r["dagster_run_id"], r["checked_at"])
        runs[r["dagster_run_id"]] = min(runs[r["dagster_run_id"]], r["checked_at"])
    latest_run = max(runs, key=lambda k: (runs[k], k)) if runs else None
    latest = [r for r in records if r["dagster_run_id"] == latest_run]
    columns = [
        "checked_at",
        "dagster_run_id",
        "check_name",
        "check_kind",
        "asset_key",
        "passed",
        "observed_value",
        "threshold",
        "rows_checked",
        "detail",
        "data_version",
    ]
    notes = [source_note(labels, [CHECKS])] if have(connection, CHECKS) else [QUALITY_MISSING]
    figure = None
    if latest:
        # one bar per layer of the assets checked (raw/…, staging/…, marts/…) and kind of
        # check: a few bars, however many assets; each check is a row of the CSV
        def group(r: Record) -> str:
            layer = str(r["asset_key"] or "").split("/")[0]
            return f"{layer} · {humanise_kind(r['check_kind'])}"

        groups = sorted({group(r) for r in latest})
        figure = go.Figure()
        for passed, name, colour in (
            (True, "Đạt · passed", "#7cc4a4"),
            (False, "Không đạt · failed", "#d55e00"),
        ):
            figure.add_bar(
                y=[esc(g) for g in groups],
                x=[
                    sum(1 for r in latest if group(r) == g and bool(r["passed"]) is passed)
                    for g in groups
                ],
                orientation="h",
                name=name,
                marker_color=colour,
                hovertemplate="%{y}: %{x} " + name + "<extra></extra>",
            )
        style(
            figure,
            y_title=None,
            x_title=Text("Số kiểm tra", "checks"),
            height=max(300, 40 * len(groups) + 170),
            left_margin=20,
        )
        figure.update_layout(barmode="stack")
        figure.update_yaxes(autorange="reversed")
        whole_numbers(figure, "x")
    when = f"{runs[latest_run]:%d/%m/%Y %H:%M} UTC" if latest_run else ""
    failed = [r for r in latest if not r["passed"]]
    latest_notes = list(notes)
    if latest:
        latest_notes.insert(
            0,
            Text(
                f"Lượt chạy Dagster {latest_run} ({when}): {len(latest) - len(failed)} kiểm tra "
                f"đạt, {len(failed)} không đạt.",
                f"Dagster run {latest_run} ({when}): {len(latest) - len(failed)} checks "
                f"passed, {len(failed)} failed.",
            ),
        )
    charts = [
        Chart(
            name="dq_checks_latest",
            title=Text(
                "Kiểm tra chất lượng ở lần làm mới gần nhất", "Quality checks of the latest refresh"
            ),
            caption=Text(
                "Số kiểm tra đạt và không đạt, theo tầng dữ liệu được kiểm tra (raw: tệp đã nạp, "
                "staging, intermediate, marts: bảng công bố) và loại kiểm tra; từng kiểm tra có "
                "trong tệp CSV.",
                "Checks passed and failed, by the layer checked (raw: the files loaded, staging, "
                "intermediate, marts: the published tables) and kind of check; each check is a "
                "row of the CSV.",
            ),
            sources=(CHECKS,),
            columns=columns,
            rows=records_csv(latest, columns),
            figure=figure,
            notes=latest_notes,
        )
    ]
    if failed:
        charts.append(
            Chart(
                name="dq_checks_failed",
                title=Text("Các kiểm tra không đạt", "The checks that failed"),
                sources=(CHECKS,),
                columns=columns,
                rows=records_csv(failed, columns),
                table_header=[
                    Text("Bảng", "Asset"),
                    Text("Kiểm tra", "Check"),
                    Text("Loại", "Kind"),
                    Text("Giá trị quan sát", "Observed"),
                    Text("Ngưỡng", "Threshold"),
                    Text("Chi tiết", "Detail"),
                ],
                table=[
                    [
                        r["asset_key"] or "",
                        r["check_name"] or "",
                        humanise_kind(r["check_kind"]),
                        r["observed_value"] or "",
                        r["threshold"] or "",
                        r["detail"] or "",
                    ]
                    for r in failed
                ],
                notes=notes,
            )
        )
    history = []
    for run, started in sorted(runs.items(), key=lambda kv: (kv[1], kv[0])):
        rows = [r for r in records if r["dagster_run_id"] == run]
        history.append(
            {
                "dagster_run_id": run,
                "started": started,
                "checks": len(rows),
                "passed": sum(1 for r in rows if r["passed"]),
                "failed": sum(1 for r in rows if not r["passed"]),
            }
        )
    figure = None
    if history:
        x = [f"{h['started']:%Y-%m-%d %H:%M}" for h in history]
        figure = go.Figure()
        for key, name, colour in (
            ("passed", "Đạt · passed", "#7cc4a4"),
            ("failed", "Không đạt · failed", "#d55e00"),
        ):
            figure.add_bar(
                x=x,
                y=[h[key] for h in history],
                name=name,
                marker_color=colour,
                hovertemplate="%{x}: %{y} " + name + "<extra></extra>",
            )
        style(
            figure,
            y_title=Text("Số kiểm tra", "checks"),
            x_title=Text("Lượt làm mới (UTC)", "refresh (UTC)"),
        )
        figure.update_layout(barmode="stack")
        figure.update_xaxes(type="category")
        whole_numbers(figure, "y")
        slim(figure, "x", len(x), 8)
    history_columns = ["dagster_run_id", "started", "checks", "passed", "failed"]
    charts.append(
        Chart(
            name="dq_checks_history",
            title=Text("Lịch sử kiểm tra qua các lần làm mới", "Check history over the refreshes"),
            sources=(CHECKS,),
            columns=history_columns,
            rows=records_csv(history, history_columns),
            figure=figure,
            notes=notes,
        )
    )
    return charts


def whole_numbers(figure: Any, axis: str) -> None:
    """Counts on an axis: no 0.2 of a check."""
    update = figure.update_xaxes if axis == "x" else figure.update_yaxes
    update(tickformat=",d", rangemode="tozero", tick0=0, dtick=None)
    values = [v for trace in figure.data for v in (getattr(trace, axis) or ()) if v is not None]
    if values and max(values) <= 10:
        update(dtick=1)


def humanise_kind(kind: str | None) -> str:
    return (kind or "").replace("_", " ")


OUTSIDE_SOURCES = "ngoài thư mục nguồn · outside every source folder"


def _load_charts(connection: duckdb.DuckDBPyConnection, labels: Labels) -> list[Chart]:
    loads: list[Record] = []
    if have(connection, LOADS):
        loads = fetch(
            connection,
            f"""
            SELECT source, partition_key, source_file, sheet, target_table, status, reason,
                   rows_in, rows_loaded, rows_quarantined, rows_duplicate, rows_derived, notes,
                   data_origin, loaded_at
            FROM {LOADS}
            ORDER BY source, source_file, sheet, target_table, loaded_at
            """,
        )
    # a file outside every source folder has no source (NULL in the load log)
    for r in loads:
        r["source"] = r["source"] or OUTSIDE_SOURCES
    by_source: dict[str, dict[str, int]] = {}
    for r in loads:
        total = by_source.setdefault(
            r["source"],
            {"rows_loaded": 0, "rows_quarantined": 0, "rows_duplicate": 0, "files": 0, "not": 0},
        )
        for key in ("rows_loaded", "rows_quarantined", "rows_duplicate"):
            total[key] += r[key] or 0
        total["files"] += 1
        total["not"] += r["status"] == "not_taken"
    figure = None
    if by_source:
        sources = sorted(by_source)
        marks = {s: origin_mark([r for r in loads if r["source"] == s]) for s in sources}
        figure = go.Figure()
        for key, name, colour in (
            ("rows_loaded", "Đã nạp · loaded", "#7cc4a4"),
            ("rows_quarantined", "Bị cách ly · quarantined", "#d55e00"),
            ("rows_duplicate", "Trùng lặp · duplicate", "#e69f00"),
        ):
            figure.add_bar(
                y=[esc(s + marks[s]) for s in sources],
                x=[by_source[s][key] for s in sources],
                orientation="h",
                name=name,
                marker_color=colour,
                customdata=[[by_source[s]["files"], by_source[s]["not"]] for s in sources],
                hovertemplate="%{y}: %{x:,} "
                + name
                + "<br>%{customdata[0]} tệp · files, %{customdata[1]} không nhận · not taken"
                "<extra></extra>",
            )
        style(
            figure,
            y_title=None,
            x_title=Text("Số dòng", "rows"),
            height=max(300, 40 * len(sources) + 160),
            synthetic=is_synthetic(loads),
            left_margin=20,
        )
        figure.update_layout(barmode="stack")
        if _spread(by_source):
            figure.update_xaxes(type="log")
        else:
            whole_numbers(figure, "x")
        figure.update_yaxes(autorange="reversed")
        number_format(figure)
    load_columns = [
        "source",
        "partition_key",
        "source_file",
        "sheet",
        "target_table",
        "status",
        "reason",
        "rows_in",
        "rows_loaded",
        "rows_quarantined",
        "rows_duplicate",
        "rows_derived",
        "notes",
        "data_origin",
        "loaded_at",
    ]
    present = have(connection, LOADS)
    notes = [source_note(labels, [LOADS])] if present else [QUALITY_MISSING]
    notes[:0] = origin_notes(loads)
    if figure is not None and _spread(by_source):
        notes.insert(
            0,
            Text(
                "Trục số dòng theo thang logarit (các nguồn có số dòng rất khác nhau).",
                "The rows axis is logarithmic (the sources differ widely in size).",
            ),
        )
    charts = [
        Chart(
            name="dq_file_loads",
            title=Text("Tệp đã nạp theo nguồn", "Files loaded by source"),
            caption=Text(
                "Số dòng đã nạp, bị cách ly (không qua kiểm tra của hợp đồng dữ liệu) và trùng "
                "lặp, theo nguồn.",
                "Rows loaded, quarantined (failing the data contract) and duplicate, by source.",
            ),
            sources=(LOADS,),
            columns=load_columns,
            rows=records_csv(loads, load_columns),
            figure=figure,
            notes=notes,
        )
    ]
    not_taken = [r for r in loads if r["status"] == "not_taken"]
    if not_taken:
        charts.append(
            Chart(
                name="dq_files_not_taken",
                title=Text("Tệp không được nhận", "Files not taken"),
                sources=(LOADS,),
                columns=load_columns,
                rows=records_csv(not_taken, load_columns),
                table_header=[
                    Text("Nguồn", "Source"),
                    Text("Tệp", "File"),
                    Text("Lý do", "Reason"),
                ],
                table=[
                    [r["source"] or "", r["source_file"] or "", r["reason"] or ""]
                    for r in not_taken
                ],
                notes=notes,
            )
        )
    reasons: list[Record] = []
    if have(connection, QUARANTINE):
        reasons = fetch(
            connection,
            f"""
            SELECT source, source_file, target_table, reason, rows FROM {QUARANTINE}
            ORDER BY source, reason, source_file, target_table
            """,
        )
    figure = None
    if reasons:
        totals: dict[tuple[str, str], int] = {}
        for r in reasons:
            pair = (str(r["source"]), str(r["reason"]))
            totals[pair] = totals.get(pair, 0) + (r["rows"] or 0)
        ordered = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
        figure = go.Figure()
        for i, source in enumerate(sorted({s for s, _ in totals})):
            items = [(reason, n) for (s, reason), n in ordered if s == source]
            figure.add_bar(
                y=[wrap(reason, 60) for reason, _ in items],
                x=[n for _, n in items],
                orientation="h",
                name=esc(source),
                marker_color=PALETTE[i % len(PALETTE)],
                hovertemplate="%{x:,} dòng · rows<extra>%{fullData.name}</extra>",
            )
        style(
            figure,
            y_title=None,
            x_title=Text("Số dòng bị cách ly", "rows quarantined"),
            height=max(300, 44 * len(ordered) + 160),
            left_margin=20,
        )
        figure.update_layout(barmode="stack")
        figure.update_yaxes(autorange="reversed", tickfont={"size": 11})
        number_format(figure)
    reason_columns = ["source", "source_file", "target_table", "reason", "rows"]
    charts.append(
        Chart(
            name="dq_quarantine_reasons",
            title=Text("Lý do cách ly", "Why rows were quarantined"),
            sources=(QUARANTINE,),
            columns=reason_columns,
            rows=records_csv(reasons, reason_columns),
            figure=figure,
            empty=Text("Không có dòng nào bị cách ly.", "No row was quarantined.")
            if have(connection, QUARANTINE)
            else None,
            notes=[source_note(labels, [QUARANTINE])]
            if have(connection, QUARANTINE)
            else [QUALITY_MISSING],
        )
    )
    return charts


def _spread(by_source: dict[str, dict[str, int]]) -> bool:
    values = [v["rows_loaded"] for v in by_source.values() if v["rows_loaded"] > 0]
    return bool(values) and max(values) / min(values) > 100


def _release_revisions_chart(connection: duckdb.DuckDBPyConnection, labels: Labels) -> Chart:
    records: list[Record] = []
    if have(connection, "marts.release_revision_summary"):
        records = fetch(
            connection,
            """
            SELECT measure, release_id, previous_release_id, values_compared, values_revised,
                   mean_revision, mean_absolute_revision, statuses_changed
            FROM marts.release_revision_summary ORDER BY release_id, measure
            """,
        )
    figure = None
    if records:
        figure = go.Figure()
        for i, measure in enumerate(dict.fromkeys(r["measure"] for r in records)):
            rows = [r for r in records if r["measure"] == measure]
            name = labels.code("release_vintages", "measure", measure)
            figure.add_bar(
                x=[esc(r["release_id"]) for r in rows],
                y=[r["mean_absolute_revision"] for r in rows],
                name=esc(name.both()),
                marker_color=PALETTE[i % len(PALETTE)],
                customdata=[
                    [r["values_revised"], r["values_compared"], r["statuses_changed"]] for r in rows
                ],
                hovertemplate="%{y:.3f} pp<br>%{customdata[0]} / %{customdata[1]} revised, "
                "%{customdata[2]} statuses changed<extra>%{fullData.name}</extra>",
            )
        style(
            figure,
            y_title=Text("Điều chỉnh tuyệt đối bình quân (điểm %)", "mean absolute revision (pp)"),
            x_title=Text("Lần công bố", "release"),
        )
        figure.update_layout(barmode="group")
        figure.update_xaxes(type="category")
        number_format(figure)
    columns = [
        "measure",
        "release_id",
        "previous_release_id",
        "values_compared",
        "values_revised",
        "mean_revision",
        "mean_absolute_revision",
        "statuses_changed",
    ]
    return Chart(
        name="rev_releases",
        title=Text("Điều chỉnh giữa các lần công bố", "Revisions between releases"),
        caption=Text(
            "Các chỉ tiêu dẫn xuất (tốc độ tăng năng suất lao động, tỷ lệ đóng góp của TFP, đánh "
            "giá Quyết định 36) so với lần công bố trước. Lần công bố đầu tiên không có gì để so "
            "sánh.",
            "The derived measures (labour-productivity growth, TFP share of growth, Decision 36 "
            "statuses) against the previous release. A first release has nothing to compare.",
        ),
        sources=("release_revision_summary",),
        columns=columns,
        rows=records_csv(records, columns),
        figure=figure,
        empty=Text(
            "Chưa có lần công bố trước để so sánh.", "No earlier release to compare with yet."
        )
        if have(connection, "marts.release_revision_summary")
        else None,
        notes=[source_note(labels, ["release_revision_summary", "release_revisions"])],
    )


def _edition_revisions_chart(
    connection: duckdb.DuckDBPyConnection,
    labels: Labels,
    table: str,
    earlier: str,
    later: str,
    title: Text,
) -> Chart:
    records: list[Record] = []
    revision = "level_revision_pct" if table == "fct_yearbook_revisions" else "revision_pct"
    if have(connection, f"marts.{table}"):
        records = fetch(
            connection,
            f"""
            SELECT indicator, price_basis, {earlier} AS earlier, {later} AS later,
                   count(*) AS figures_compared,
                   count(*) FILTER (WHERE is_revised) AS figures_revised,
                   avg(abs({revision}))
                       FILTER (WHERE is_revised) AS mean_absolute_revision_pct,
                   min(obs_status) AS obs_status, min(conf_status) AS conf_status,
                   string_agg(DISTINCT data_origin, ', ' ORDER BY data_origin) AS data_origin,
                   min(release_id) AS release_id
            FROM marts.{table}
            GROUP BY ALL ORDER BY indicator, price_basis, earlier, later
            """,
        )
    for r in records:
        indicator = labels.code(table, "indicator", r["indicator"])
        basis = labels.code(table, "price_basis", r["price_basis"])
        suffix = "" if r["price_basis"] in (None, "none") else f" ({basis.vi} · {basis.en})"
        r["label"] = f"{indicator.both()}{suffix}, {r['earlier']} → {r['later']}"
    figure = None
    if records:
        figure = go.Figure()
        labels_y = [wrap(r["label"], 48) for r in records]
        figure.add_bar(
            y=labels_y,
            x=[r["figures_revised"] for r in records],
            orientation="h",
            name="Bị điều chỉnh · revised",
            marker_color=PALETTE[1],
            customdata=[[r["mean_absolute_revision_pct"]] for r in records],
            hovertemplate="%{x} revised, mean |revision| %{customdata[0]:.2f}%<extra></extra>",
        )
        figure.add_bar(
            y=labels_y,
            x=[r["figures_compared"] - r["figures_revised"] for r in records],
            orientation="h",
            name="Không đổi · unchanged",
            marker_color="#cccccc",
            hovertemplate="%{x} unchanged<extra></extra>",
        )
        style(
            figure,
            y_title=None,
            x_title=Text("Số liệu được cả hai lần công bố", "figures both published"),
            height=max(300, 34 * len(records) + 160),
            synthetic=is_synthetic(
                [
                    {"data_origin": o.strip()}
                    for r in records
                    for o in str(r["data_origin"]).split(",")
                ]
            ),
            left_margin=20,
        )
        figure.update_layout(barmode="stack")
        figure.update_yaxes(autorange="reversed", tickfont={"size": 11})
        slim(figure, "y", len(records), 3)
        number_format(figure)
    columns = [
        "indicator",
        "price_basis",
        "earlier",
        "later",
        "figures_compared",
        "figures_revised",
        "mean_absolute_revision_pct",
        "data_origin",
        "release_id",
    ]
    origins = {o.strip() for r in records for o in str(r["data_origin"]).split(",")}
    notes = []
    if "synthetic" in origins:
        notes.append(
            Text(
                "Số liệu MÔ PHỎNG (synthetic) của bộ dữ liệu mẫu, không phải số liệu chính thức.",
                "SYNTHETIC numbers of the sample data, not official statistics.",
            )
        )
    elif origins == {"real"}:
        notes.append(
            Text(
                "Số liệu thật: số liệu chính thức của cơ quan thống kê.",
                "Real data: the statistics office's official figures.",
            )
        )
    notes.append(source_note(labels, [table]))
    return Chart(
        name=f"rev_{table.removeprefix('fct_')}",
        title=title,
        sources=(table,),
        columns=columns,
        rows=records_csv(records, columns),
        figure=figure,
        notes=notes,
    )
