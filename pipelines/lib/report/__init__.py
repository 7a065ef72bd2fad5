"""The productivity report: a self-contained folder of HTML pages, rebuilt at every publication.

``write_report(database, out_dir)`` reads a release's published DuckDB file and writes
``out_dir/index.html``, one page per theme, ``out_dir/data/<chart>.csv`` (the numbers of every
chart, UTF-8 with a byte-order mark so that Excel opens them) and ``out_dir/assets/plotly.min.js``.

Why Plotly: it is maintained, MIT-licensed, and its Python package ships the plotly.js bundle in
its wheel, so the report vendors that one file once and every page loads it by a relative path:
nothing is fetched from a CDN, the folder works offline and can be copied anywhere. Its charts
are interactive (hover for the exact number, zoom, save as PNG, all in the browser) without a
server, and the figures are built from plain Python lists, so no data frame library is needed.
(Vega-Lite through Altair would also inline its JavaScript, but needs three bundles and a
pandas round trip for the same charts.)

The output depends only on the database: no clock is read (the only time shown is the release's
own published_at from marts.publication_log), the chart ids are fixed and every query is ordered,
so the same file gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def write_report(database: Path, out_dir: Path) -> dict[str, Any]:
    """Write the report of the release in ``database`` into ``out_dir`` (created; it must not
    exist or be empty). Returns a summary for the publication's metadata (JSON-ready): the index
    page and the pages (relative to ``out_dir``), the charts of each page, those without data
    and those drawn as tables, and the number of CSV files and bytes written."""
    import duckdb
    import plotly.offline

    from pipelines.lib.report.charts import fetch
    from pipelines.lib.report.html import PLOTLY_ASSET, render
    from pipelines.lib.report.labels import Labels, table_exists
    from pipelines.lib.report.pages import THEMES, index

    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        raise FileExistsError(f"{out_dir} is not empty: the report is written into a new folder")
    (out_dir / "data").mkdir(parents=True, exist_ok=True)
    (out_dir / "assets").mkdir(exist_ok=True)

    with duckdb.connect(str(database), read_only=True) as connection:
        labels = Labels(connection)
        release: dict[str, Any] = {}
        if table_exists(connection, "marts", "publication_log"):
            rows = fetch(
                connection,
                "SELECT release_id, published_at, dagster_run_id FROM marts.publication_log "
                "ORDER BY published_at DESC, release_id DESC LIMIT 1",
            )
            release = rows[0] if rows else {}
        synthetic = False
        if table_exists(connection, "marts", "fct_labour_productivity"):
            row = connection.execute(
                "SELECT bool_or(data_origin = 'synthetic') FROM marts.fct_labour_productivity"
            ).fetchone()
            synthetic = bool(row and row[0])
        theme_pages = [build(connection, labels) for build in THEMES]
        front = index(connection, labels, theme_pages)

    # the one copy of plotly.js every page loads (the installed package's own bundle)
    (out_dir / PLOTLY_ASSET).write_text(plotly.offline.get_plotlyjs(), encoding="utf-8")
    all_pages = [front, *theme_pages]
    charts = [c for p in theme_pages for c in p.charts]
    names = [c.name for c in charts]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise ValueError(f"two charts share a name: {sorted(duplicates)}")
    for chart in charts:
        (out_dir / "data" / f"{chart.name}.csv").write_bytes(chart.csv_bytes())
    for page in all_pages:
        (out_dir / page.file_name).write_text(
            render(page, all_pages, release, synthetic), encoding="utf-8"
        )
    return {
        # relative to the report's folder: the caller writes it into a staging folder that
        # is then moved into place
        "index": "index.html",
        "release_id": release.get("release_id"),
        "pages": [p.file_name for p in all_pages],
        "charts_by_page": {p.file_name: [c.name for c in p.charts] for p in theme_pages},
        "charts": len(charts),
        "charts_without_data": [c.name for c in charts if not c.has_data],
        # charts drawn as an HTML table (a scorecard, the failed checks) rather than a plot
        "tables": [c.name for c in charts if c.figure is None and c.has_data],
        "csv_files": len(charts),
        "bytes": sum(f.stat().st_size for f in out_dir.rglob("*") if f.is_file()),
    }
