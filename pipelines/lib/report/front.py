"""The index page: headline figures, the pages and every chart's CSV."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipelines.lib.report.charts import (
    fetch,
    origin_mark,
)
from pipelines.lib.report.common import (
    COMPARABLE,
    PROVINCE,
    fmt,
    have,
)
from pipelines.lib.report.html import Page
from pipelines.lib.report.labels import Labels, Text

if TYPE_CHECKING:
    import duckdb


def index(connection: duckdb.DuckDBPyConnection, labels: Labels, pages: list[Page]) -> Page:
    from html import escape

    from pipelines.lib.report.html import bilingual

    cards: list[str] = []

    def card(heading: str, value: str, label: Text, link: str) -> None:
        cards.append(
            f'<div class="card"><div class="label">{escape(heading)}</div>'
            f'<div class="value">{escape(value)}</div>'
            f'<div class="label">{escape(label.vi)}<br>'
            f'<span class="en-text" lang="en">{escape(label.en)}</span></div>'
            f'<a href="{escape(link)}">→ Xem · View</a></div>'
        )

    if have(connection, "marts.fct_labour_productivity"):
        for code in (COMPARABLE, PROVINCE):
            row = fetch(
                connection,
                """
                SELECT year, labour_productivity_constant_2010_mvnd AS level,
                       labour_productivity_real_growth_pct AS growth, obs_status, data_origin
                FROM marts.fct_labour_productivity
                WHERE geography_code = ? AND sector_code = 'TOTAL'
                ORDER BY year DESC LIMIT 1
                """,
                [code],
            )
            if row:
                r = row[0]
                card(
                    f"{labels.geography(code)}{origin_mark([r])}",
                    f"{fmt(r['level'], 1)} · {fmt(r['growth'], 1)} %",
                    Text(
                        f"Năng suất lao động {r['year']} (triệu đồng/lao động, giá so sánh 2010) "
                        "· tốc độ tăng thực",
                        f"Labour productivity {r['year']} (million VND per worker, constant 2010 "
                        "prices) · real growth",
                    ),
                    "labour-productivity.html",
                )
    if have(connection, "marts.fct_decision36_progress"):
        for r in fetch(
            connection,
            """
            SELECT geography_code, measure, target_year, value, target_value, status, unit,
                   data_origin
            FROM marts.fct_decision36_progress WHERE geography_code = ?
            ORDER BY measure, target_year
            """,
            [COMPARABLE],
        ):
            measure = labels.code("fct_decision36_progress", "measure", r["measure"])
            status = labels.code("fct_decision36_progress", "status", r["status"])
            card(
                f"{labels.geography(r['geography_code'])}{origin_mark([r])}",
                f"{fmt(r['value'], 1)} / {fmt(r['target_value'], 1)} · {status.vi}",
                Text(
                    f"{measure.vi}: giá trị / mục tiêu {r['target_year']} ({r['unit']})",
                    f"{measure.en}: value / {r['target_year']} target ({r['unit']}): {status.en}",
                ),
                "decision-36.html",
            )
    downloads = []
    for page in pages:
        links = "".join(
            f'<li><a href="data/{escape(c.name)}.csv" download>{bilingual(c.title)}</a></li>'
            for c in page.charts
        )
        downloads.append(
            f'<li><a href="{escape(page.file_name)}">{bilingual(page.title)}</a>'
            f"<ul>{links}</ul></li>"
        )
    pages_list = "".join(
        f'<li><a href="{escape(p.file_name)}">{bilingual(p.title)}</a> — '
        f"{escape(p.intro[0].vi) if p.intro else ''}"
        f'<br><span class="en-text" lang="en">'
        f"{escape(p.intro[0].en) if p.intro else ''}</span></li>"
        for p in pages
    )
    reading = [
        Text(
            "Mỗi biểu đồ có tệp CSV số liệu (UTF-8, mở được bằng Excel) và chú thích về loại giá, "
            "năm gốc, điểm gián đoạn chuỗi, số liệu sơ bộ hoặc ước tính, ô bị ẩn và dữ liệu mô "
            "phỏng.",
            "Every chart has its numbers as a CSV file (UTF-8, opens in Excel) and notes on the "
            "price basis, base year, series breaks, preliminary or estimated figures, hidden "
            "cells and synthetic data.",
        ),
        Text(
            "Ô bị ẩn do bảo mật thống kê không bao giờ được vẽ; trong tệp CSV các ô đó để trống.",
            "Cells hidden by disclosure control are never plotted; they are empty in the CSV.",
        ),
    ]
    from pipelines.lib.report.html import paragraph

    body = (
        f'<section class="chart"><h2>{bilingual(Text("Số liệu chính", "Headline figures"))}</h2>'
        f'<div class="cards">{"".join(cards)}</div></section>'
        f'<section class="chart"><h2>{bilingual(Text("Các trang", "Pages"))}</h2>'
        f"<ul>{pages_list}</ul>{''.join(paragraph(t) for t in reading)}</section>"
        f'<section class="chart"><h2>{bilingual(Text("Tải số liệu", "Downloads"))}</h2>'
        f"<ul>{''.join(downloads)}</ul></section>"
    )
    return Page(
        slug="index",
        title=Text("Báo cáo năng suất", "Productivity report"),
        intro=[
            Text(
                "Năng suất lao động, mục tiêu Quyết định 36, hạch toán tăng trưởng, chuyển dịch cơ "
                "cấu, năng suất doanh nghiệp, ngành hàng chủ lực, chuyển giao kết quả nghiên cứu "
                "và chất lượng dữ liệu của lần công bố này.",
                "Labour productivity, the Decision 36 targets, growth accounting, shift-share, "
                "enterprise productivity, the key sectors, research transfers and data quality, "
                "as this release publishes them.",
            )
        ],
        body=body,
    )
