"""What a steward and BI see of a refresh: progress as it runs, the quality history and load
counts in the published file, Data Docs that work offline, column schemas and audit rules in
the Dagster UI."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import openpyxl
import pytest

from pipelines.definitions import defs
from pipelines.lib.data_docs_offline import remote_resources
from pipelines.settings import DATA_DOCS_SITE
from tests.conftest import SAMPLE_SOURCES, RefreshRun, published_file


def test_the_refresh_says_each_model_as_it_is_built_with_its_time(refreshed: RefreshRun) -> None:
    lines = refreshed.output.splitlines()
    assert any(
        re.fullmatch(r"  definitions loaded in \d+\.\d s: \d+ steps", line) for line in lines
    )
    built = [line for line in lines if line.startswith("      · built ")]
    # one line per model, as it is evaluated, with its duration
    assert any(
        re.fullmatch(r"      · built marts\.fct_labour_productivity in \d+\.\d\d s", line)
        for line in built
    ), built[:5]
    # printed before the step's materialisations, not all at once after it
    first_built = lines.index(built[0])
    first_mart = lines.index("    ✔ marts/fct_labour_productivity (353 rows)")
    assert first_built < first_mart


def test_quality_history_and_load_counts_are_published_for_bi(refreshed: RefreshRun) -> None:
    # the registry workbook's task sheet, counted here with openpyxl: one row per task
    registry = next((SAMPLE_SOURCES / "research_registry").glob("*.xlsx"))
    sheet = openpyxl.load_workbook(registry, read_only=True)["NHIEM_VU"]
    tasks = sum(1 for row in sheet.iter_rows(min_row=2, values_only=True) if row[0])
    with duckdb.connect(str(published_file(refreshed)), read_only=True) as published:
        kinds = dict(
            published.execute(
                "SELECT check_kind, count(*) FROM quality.check_history GROUP BY ALL"
            ).fetchall()
        )
        examples = published.execute(
            "SELECT count(*) FROM quality.check_history WHERE observed_value LIKE '%e.g.%'"
        ).fetchone()
        loads = published.execute(
            "SELECT rows_in, rows_loaded, rows_quarantined FROM quality.file_loads "
            "WHERE source_file = ? AND sheet = 'NHIEM_VU'",
            [registry.name],
        ).fetchall()
        unbalanced = published.execute(
            "SELECT count(*) FROM quality.file_loads WHERE status = 'loaded' AND rows_in <> "
            "rows_loaded + rows_quarantined + rows_duplicate + rows_derived"
        ).fetchone()
        columns = {
            c
            for (c,) in published.execute(
                "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'quality'"
            ).fetchall()
        }
    assert kinds.keys() == {"great_expectations", "sqlmesh_audit"}
    assert examples == (0,)  # a failing expectation's example values stay in the warehouse
    assert loads == [(tasks, tasks, 0)]
    assert unbalanced == (0,)
    # nothing of the restricted area: no archive path, no pseudonym-key fingerprint
    assert not {"archive_path", "key_fingerprint"} & columns


def _data_docs(run: RefreshRun) -> Path:
    return run.warehouse.parent / "quality" / DATA_DOCS_SITE


def test_data_docs_load_nothing_from_outside_their_folder(refreshed: RefreshRun) -> None:
    site = _data_docs(refreshed)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    outside = {
        f"{page.relative_to(site)}: {url}"
        for page in [*pages, *(site / "static" / "styles").glob("*.css")]
        for url in remote_resources(page.read_text(encoding="utf-8"))
    }
    assert outside == set()
    # the list of validations is built by bootstrap-table: it needs its script, vendored
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'src="static/vendor/bootstrap-table-1.19.1.min.js"' in index
    assert (site / "static" / "vendor" / "bootstrap-table-1.19.1.min.js").stat().st_size > 10_000


def test_data_docs_index_lists_the_validations_in_chromium_offline(
    refreshed: RefreshRun, tmp_path: Path
) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Chromium is not installed: install Debian's chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    site = _data_docs(refreshed)
    validations = len(list((site / "validations").rglob("*.html")))
    outside: list[str] = []
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page()

        def only_the_site(route: object) -> None:
            url = route.request.url  # type: ignore[attr-defined]
            if url.startswith(site.as_uri()):
                route.continue_()  # type: ignore[attr-defined]
            else:
                outside.append(url)
                route.abort()  # type: ignore[attr-defined]

        page.route("**/*", only_the_site)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((site / "index.html").as_uri())
        page.wait_for_selector("table tbody tr", timeout=30_000)
        rows = page.locator("#section-1 table tbody tr, table tbody tr").count()
        page.screenshot(path=str(tmp_path / "data_docs_index.png"))
        browser.close()
    assert outside == []
    assert errors == []
    assert rows >= validations > 0


def test_dagster_shows_each_models_columns_and_each_audits_rule() -> None:
    graph = defs().resolve_asset_graph()
    node = graph.get(dg.AssetKey(["marts", "fct_labour_productivity"]))
    schema = node.metadata["dagster/column_schema"]
    columns = {c.name: c for c in schema.columns}
    # the column as the README and the data dictionary describe it
    assert columns["labour_productivity_current_mvnd"].description == (
        "million VND per worker, current prices"
    )
    assert columns["labour_productivity_current_mvnd"].type == "DOUBLE"
    specs = {
        spec.name: spec
        for assets in graph.assets_defs
        for spec in assets.check_specs
        if spec.asset_key == dg.AssetKey(["marts", "fct_capital_stock"])
    }
    # the second accepted_range of fct_capital_stock: its bounds are in the description
    described = specs["accepted_range_2"].description or ""
    assert "accepted_range(column := capital_productivity" in described
    assert "min_v :=" in described and "max_v :=" in described
