"""The HTML around the charts: one page layout, the navigation bar and the footnotes.

Every text that comes from the data is escaped here, once, at the point it enters the page.
The page loads one script, the vendored ``assets/plotly.min.js``, by a relative path, and no
font, style sheet or image from anywhere else, so the folder works offline and from any place
it is copied to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

from pipelines.lib.report.charts import NO_DATA, PLOTLY_CONFIG, Chart
from pipelines.lib.report.labels import Text

PLOTLY_ASSET = "assets/plotly.min.js"

SITE = Text(
    "Cơ sở dữ liệu năng suất khoa học và công nghệ tỉnh An Giang",
    "Science-and-technology productivity database of An Giang province",
)

CSS = """
:root { --ink: #222; --muted: #555; --line: #ddd; --accent: #0b5394; --warn: #b00020; }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans',
  Arial, sans-serif; color: var(--ink); line-height: 1.45; background: #fafafa; }
header.site { background: var(--accent); color: white; padding: 12px 24px; }
header.site .name { font-size: 1.15rem; font-weight: 600; }
header.site .name .en { font-weight: 400; opacity: .85; font-size: .95rem; display: block; }
header.site .release { font-size: .85rem; opacity: .9; margin-top: 4px; }
nav { background: white; border-bottom: 1px solid var(--line); padding: 0 16px;
  position: sticky; top: 0; z-index: 10; }
nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; }
nav li a { display: block; padding: 8px 10px; color: var(--accent); text-decoration: none;
  font-size: .9rem; border-bottom: 3px solid transparent; }
nav li a .en { display: block; font-size: .75rem; color: var(--muted); }
nav li a[aria-current="page"] { border-bottom-color: var(--accent); font-weight: 600; }
main { max-width: 1180px; margin: 0 auto; padding: 16px 24px 40px; }
h1 { font-size: 1.6rem; margin: 12px 0 4px; }
.en { color: var(--muted); }
.en::before { content: "· "; }
h1 .en, h2 .en, h3 .en { display: block; font-weight: 400; }
h1 .en::before, h2 .en::before, h3 .en::before, nav .en::before, th .en::before,
ol.notes .en::before, header.site .en::before { content: none; }
header.site .en { color: white; }
h1 .en { font-size: 1.1rem; }
h2 { font-size: 1.2rem; margin: 0 0 6px; }
h2 .en { font-size: .95rem; }
.intro p { margin: 4px 0; max-width: 60rem; }
.en-text { color: var(--muted); }
.banner { border-left: 5px solid var(--warn); background: #fff3f3; padding: 8px 12px;
  margin: 12px 0; }
section.chart { background: white; border: 1px solid var(--line); border-radius: 6px;
  padding: 14px 16px; margin: 18px 0; }
.caption { margin: 0 0 8px; font-size: .92rem; }
.nodata { padding: 28px; text-align: center; color: var(--muted); background: #f4f4f4;
  border: 1px dashed #bbb; border-radius: 4px; }
.download { margin: 8px 0 4px; font-size: .9rem; }
.download a { color: var(--accent); }
ol.notes { margin: 6px 0 0; padding-left: 1.4rem; font-size: .82rem; color: var(--muted); }
ol.notes li { margin: 2px 0; }
ol.notes .en { display: block; }
table.data { border-collapse: collapse; width: 100%; font-size: .85rem; }
table.data th, table.data td { border: 1px solid var(--line); padding: 4px 6px;
  text-align: left; vertical-align: top; }
table.data th { background: #eef3f8; }
table.data th .en { display: block; font-weight: 400; color: var(--muted); }
table.data td.num { text-align: right; font-variant-numeric: tabular-nums; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 12px; }
.card { background: white; border: 1px solid var(--line); border-radius: 6px; padding: 12px; }
.card .value { font-size: 1.4rem; font-weight: 600; margin: 4px 0; }
.card .label { font-size: .85rem; color: var(--muted); }
.card a { color: var(--accent); }
footer { max-width: 1180px; margin: 0 auto; padding: 12px 24px 32px; font-size: .8rem;
  color: var(--muted); }
@media print { nav { position: static; } section.chart { break-inside: avoid; } }
"""


@dataclass
class Page:
    slug: str
    title: Text
    intro: list[Text]
    charts: list[Chart] = field(default_factory=list)
    # the index page's own content (cards, lists), already escaped HTML
    body: str = ""

    @property
    def file_name(self) -> str:
        return f"{self.slug}.html"


def bilingual(text: Text, tag: str = "span") -> str:
    if text.vi == text.en:
        return escape(text.vi)
    return f'{escape(text.vi)} <{tag} class="en" lang="en">{escape(text.en)}</{tag}>'


def paragraph(text: Text) -> str:
    return (
        f'<p>{escape(text.vi)}<br><span class="en-text" lang="en">{escape(text.en)}</span></p>'
        if text.vi != text.en
        else f"<p>{escape(text.vi)}</p>"
    )


def _figure_html(chart: Chart) -> str:
    assert chart.figure is not None
    return str(
        chart.figure.to_html(
            full_html=False,
            include_plotlyjs=False,
            include_mathjax=False,
            config=PLOTLY_CONFIG,
            # a fixed id keeps the page byte-for-byte the same for the same data
            div_id=f"chart-{chart.name}",
            default_height=f"{chart.height}px",
            default_width="100%",
        )
    )


def _table_html(chart: Chart) -> str:
    header = "".join(f"<th>{bilingual(h)}</th>" for h in chart.table_header or [])
    body = []
    for row in chart.table or []:
        cells = []
        for value in row:
            numeric = value.replace(",", "").replace(".", "").replace("-", "").replace("−", "")
            css = ' class="num"' if numeric.strip().isdigit() else ""
            cells.append(f"<td{css}>{escape(value)}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f'<table class="data"><thead><tr>{header}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def chart_section(chart: Chart) -> str:
    parts = [f'<section class="chart" id="{escape(chart.name)}">']
    parts.append(f"<h2>{bilingual(chart.title)}</h2>")
    if chart.caption:
        parts.append(
            f'<p class="caption">{escape(chart.caption.vi)}<br>'
            f'<span class="en-text" lang="en">{escape(chart.caption.en)}</span></p>'
        )
    if chart.figure is not None:
        parts.append(f'<div class="figure">{_figure_html(chart)}</div>')
    elif chart.table:
        parts.append(_table_html(chart))
    else:
        parts.append(
            f'<p class="nodata" data-chart="{escape(chart.name)}">'
            f"{escape((chart.empty or NO_DATA).both())}</p>"
        )
    parts.append(
        f'<p class="download"><a href="data/{escape(chart.name)}.csv" download>'
        "Tải số liệu (CSV, UTF-8)</a> · "
        f'<a href="data/{escape(chart.name)}.csv" download lang="en">Download the data (CSV)</a>'
        "</p>"
    )
    if chart.notes:
        items = "".join(
            f'<li>{escape(n.vi)}<span class="en" lang="en">{escape(n.en)}</span></li>'
            if n.vi != n.en
            else f"<li>{escape(n.vi)}</li>"
            for n in chart.notes
        )
        parts.append(f'<ol class="notes">{items}</ol>')
    parts.append("</section>")
    return "\n".join(parts)


def render(page: Page, pages: list[Page], release: dict[str, Any], synthetic: bool) -> str:
    nav = "".join(
        f'<li><a href="{escape(p.file_name)}"'
        + (' aria-current="page"' if p.slug == page.slug else "")
        + f">{escape(p.title.vi)}"
        + (f'<span class="en" lang="en">{escape(p.title.en)}</span>' if p.title.en else "")
        + "</a></li>"
        for p in pages
    )
    published = release.get("published_at")
    when = f"{published:%d/%m/%Y %H:%M} UTC" if published else ""
    banner = (
        '<div class="banner"><strong>Dữ liệu mô phỏng</strong> — các số liệu đánh dấu '
        "“mô phỏng” trong báo cáo này lấy từ bộ dữ liệu mẫu, không phải số liệu chính thức."
        '<br><span class="en-text" lang="en"><strong>Synthetic data</strong> — figures marked '
        "“synthetic” in this report come from the sample data set, not official statistics."
        "</span></div>"
        if synthetic
        else ""
    )
    charts = "\n".join(chart_section(c) for c in page.charts)
    intro = "".join(paragraph(t) for t in page.intro)
    release_line = f"Lần công bố · Release {escape(str(release.get('release_id') or ''))}" + (
        f" — {escape(when)}" if when else ""
    )
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(page.title.vi)} · {escape(page.title.en)} — {escape(SITE.vi)}</title>
<style>{CSS}</style>
<script src="{PLOTLY_ASSET}"></script>
</head>
<body>
<header class="site"><div class="name">{bilingual(SITE)}</div>
<div class="release">{release_line}</div></header>
<nav aria-label="Các trang · Pages"><ul>{nav}</ul></nav>
<main>
<h1>{bilingual(page.title)}</h1>
<div class="intro">{intro}</div>
{banner}
{page.body}
{charts}
</main>
<footer>{paragraph(FOOTER)}</footer>
</body>
</html>
"""


FOOTER = Text(
    "Báo cáo được tạo tự động từ tệp productivity_marts.duckdb của lần công bố này, ở mỗi lần "
    "công bố. Biểu đồ vẽ bằng Plotly (giấy phép MIT), mã kèm theo trong thư mục assets; báo cáo "
    "hoạt động không cần kết nối mạng.",
    "Generated from this release's productivity_marts.duckdb at every publication. Charts drawn "
    "with Plotly (MIT licence), whose code ships in the assets folder; the report works offline.",
)
