"""The productivity report in a real browser: every page opened in headless Chromium.

Fails on any console error or page error, on any request for something outside the report's
folder (a CDN, a web font, plotly's cloud), on a link to a file the folder lacks, and on a
chart that should have data and has none. A screenshot of each page is saved under the test's
temporary folder (screenshots/<page>.png), for a person to look at.

Chromium is Debian's (`apt-get install chromium`; .ci/run installs it), driven by Playwright;
the test is skipped, saying why, only where no Chromium is installed.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import duckdb
import pytest

from pipelines.lib.report import write_report
from tests.conftest import RefreshRun, published_file

pytestmark = pytest.mark.slow


def chromium() -> str | None:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


# Plotly's figures, read in the page once drawn: traces and how many points each has
CHART_POINTS = """
() => Array.from(document.querySelectorAll('.plotly-graph-div')).map(div => ({
  id: div.id,
  drawn: Boolean(div._fullLayout),
  traces: (div.data || []).map(trace => {
    const values = trace.z ? trace.z.flat() : (trace.y || trace.x || []);
    return values.filter(v => v !== null && v !== undefined && v !== '').length;
  }),
}))
"""

LINKS = """
() => Array.from(document.querySelectorAll('a[href], script[src], link[href], img[src]'))
  .map(e => e.href || e.src)
"""


def _rows(connection: duckdb.DuckDBPyConnection, table: str) -> int:
    schema, name = table.split(".")
    exists = connection.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?",
        [schema, name],
    ).fetchone()
    if not exists or not exists[0]:
        return 0
    count = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(count[0]) if count else 0


def _inside(url: str, folder: Path) -> bool:
    parsed = urlparse(url)
    if parsed.scheme != "file":
        return False
    path = Path(unquote(parsed.path)).resolve()
    return path == folder or folder in path.parents


def test_every_page_in_headless_chromium(refreshed: RefreshRun, tmp_path: Path) -> None:
    executable = chromium()
    if executable is None:
        pytest.skip(
            "Chromium is not installed: install Debian's chromium (apt-get install chromium; "
            ".ci/run does) to open the report in a real browser"
        )
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright (a dev dependency) is not installed"
    )

    database = published_file(refreshed)
    folder = (tmp_path / "report").resolve()
    summary = write_report(database, folder)
    # The charts that may have nothing to draw on the sample, and the table that says so: the
    # sample is one release (nothing to compare with a previous one), quarantines nothing,
    # and may predate the quality tables. Every other chart must have data.
    empty_when = {
        "rev_releases": "marts.release_revision_summary",
        "dq_checks_latest": "quality.check_history",
        "dq_checks_history": "quality.check_history",
        "dq_file_loads": "quality.file_loads",
        "dq_quarantine_reasons": "quality.quarantine_reasons",
    }
    with duckdb.connect(str(database), read_only=True) as connection:
        may_be_empty = {
            chart for chart, table in empty_when.items() if _rows(connection, table) == 0
        }
    assert set(summary["charts_without_data"]) <= may_be_empty, summary["charts_without_data"]
    charts_of = summary["charts_by_page"]

    screenshots = tmp_path / "screenshots"
    screenshots.mkdir()
    problems: list[str] = []
    outside: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on(
                "console",
                lambda message: (
                    problems.append(f"console {message.type}: {message.text}")
                    if message.type == "error"
                    else None
                ),
            )
            page.on("pageerror", lambda error: problems.append(f"page error: {error}"))

            def route(request_route: Any) -> None:
                url = request_route.request.url
                if _inside(url, folder):
                    request_route.continue_()
                else:
                    outside.append(url)
                    request_route.abort()

            page.route("**/*", route)
            for name in summary["pages"]:
                page.goto((folder / name).as_uri())
                page.wait_for_load_state("load")
                page.wait_for_function(
                    "() => Array.from(document.querySelectorAll('.plotly-graph-div'))"
                    ".every(div => div._fullLayout)",
                    timeout=30_000,
                )
                charts = page.evaluate(CHART_POINTS)
                # every chart with data is drawn (tables are HTML, not Plotly)
                expected = {
                    f"chart-{c}"
                    for c in charts_of.get(name, [])
                    if c not in summary["charts_without_data"] and c not in summary["tables"]
                }
                assert {c["id"] for c in charts} == expected, name
                for chart in charts:
                    assert chart["drawn"], (name, chart["id"])
                    assert chart["traces"] and max(chart["traces"]) >= 1, (name, chart)
                for link in page.evaluate(LINKS):
                    assert _inside(link, folder), (name, link)
                    target = Path(unquote(urlparse(link).path))
                    assert target.is_file(), (name, link)
                page.screenshot(path=str(screenshots / f"{Path(name).stem}.png"), full_page=True)
        finally:
            browser.close()
    assert not problems, problems
    assert not outside, outside
    assert sorted(p.name for p in screenshots.iterdir()) == sorted(
        f"{Path(n).stem}.png" for n in summary["pages"]
    )
