"""Great Expectations Data Docs that work offline, on a provincial intranet.

GX 1.24 writes pages that load Bootstrap, jQuery, bootstrap-table, Font Awesome, Vega and
their friends from public CDNs, and its logo from an S3 bucket with the data context's id in
the query string. Offline, the index is unstyled and its list of validations (a
bootstrap-table) stays empty. GX has no setting for this, so after every Data Docs build the
pages are rewritten to use the copies vendored in `pipelines/lib/data_docs_vendor/` (the npm
packages' own dist files, versions in the names, licences beside them), copied into the
site's `static/vendor/`, and the logo to GX's own copy in `static/images/`.

Links a reader may follow (`<a href="https://...">` to GX's documentation) are left: they
cause no request until clicked.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

VENDOR_DIR = Path(__file__).with_name("data_docs_vendor")
SITE_VENDOR = Path("static") / "vendor"

# CDN address in GX's templates -> file in data_docs_vendor (the same release, or the newest
# of the major version GX asks for: vega@5, vega-lite@5, vega-embed@6).
VENDORED: dict[str, str] = {
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css": (
        "bootstrap-4.3.1.min.css"
    ),
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js": (
        "bootstrap-4.3.1.min.js"
    ),
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery-3.7.1.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js": (
        "popper-1.12.9.min.js"
    ),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css": (
        "bootstrap-table-1.19.1.min.css"
    ),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js": (
        "bootstrap-table-1.19.1.min.js"
    ),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/"
    "bootstrap-table-filter-control.min.js": "bootstrap-table-filter-control-1.19.1.min.js",
    # GX asks for the 1.19.0 stylesheet of the 1.19.1 extension: the 1.19.1 one is served
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/"
    "bootstrap-table-filter-control.css": "bootstrap-table-filter-control-1.19.1.min.css",
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/"
    "bootstrap-table-filter-control.min.css": "bootstrap-table-filter-control-1.19.1.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/"
    "bootstrap-datepicker.min.css": "bootstrap-datepicker-1.9.0.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/"
    "bootstrap-datepicker.min.js": "bootstrap-datepicker-1.9.0.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css": (
        "fontawesome-6.6.0/css/all.min.css"
    ),
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/"
    "bootstrap-prefers-dark.css": "bootstrap-prefers-dark-1.1.0.css",
    "https://cdn.jsdelivr.net/npm/vega@5": "vega-5.33.1.min.js",
    "https://cdn.jsdelivr.net/npm/vega-lite@5": "vega-lite-5.23.0.min.js",
    "https://cdn.jsdelivr.net/npm/vega-embed@6": "vega-embed-6.29.0.min.js",
}
# GX's logo, from S3 with a tracking query string: GX ships the same images in static/images.
LOGO = re.compile(r"https://great-expectations-web-assets\.s3\.[a-z0-9-]+\.amazonaws\.com/[^\"')]+")
LOCAL_LOGO = "static/images/logo-long.png"
# Subresource-integrity and CORS attributes of the CDN tags: a file:// page has no origin, so
# Chromium refuses a script marked crossorigin; the vendored copies are the project's own.
CDN_ATTRIBUTES = re.compile(r"""\s+(?:integrity|crossorigin)\s*=\s*["'][^"']*["']""")
# A request the page would make on loading (not a link to follow).
REMOTE_RESOURCE = re.compile(
    r"""(?:<script[^>]*\bsrc|<img[^>]*\bsrc|<link[^>]*\bhref)\s*=\s*["'](https?://[^"']+)"""
    r"""|url\(\s*['"]?(https?://[^'")]+)""",
    re.IGNORECASE,
)


def remote_resources(text: str) -> list[str]:
    """Addresses outside the site that a page or stylesheet loads by itself."""
    found = []
    for match in REMOTE_RESOURCE.finditer(text):
        url = match.group(1) or match.group(2)
        tag = match.group(0).lower()
        # <link rel="..."> that is not a stylesheet or icon (a canonical link) loads nothing
        if tag.startswith("<link") and "stylesheet" not in tag and "icon" not in tag:
            continue
        found.append(url)
    return found


def _tree(folder: Path) -> dict[str, int]:
    """Every file under ``folder`` with its size (empty when there is none)."""
    if not folder.is_dir():
        return {}
    return {str(p.relative_to(folder)): p.stat().st_size for p in folder.rglob("*") if p.is_file()}


def make_offline(site: Path) -> list[str]:
    """Rewrite the Data Docs under ``site`` to load nothing from outside it.

    Returns what still points outside (empty when GX's templates are the known ones); the
    caller reports it, since a new GX release may add an address this module does not know.
    """
    if not (site / "index.html").exists():
        return []
    target = site / SITE_VENDOR
    # copied once per site (GX rebuilds the pages at every validation, not static/vendor)
    if _tree(target) != _tree(VENDOR_DIR):
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(VENDOR_DIR, target)
    left: list[str] = []
    for path in sorted([*site.rglob("*.html"), *(site / "static").rglob("*.css")]):
        if SITE_VENDOR.parts[1] in path.relative_to(site).parts[:2]:
            continue  # the vendored files themselves
        root = os.path.relpath(site, path.parent)
        prefix = "" if root == "." else f"{root}/"
        text = path.read_text(encoding="utf-8")
        if "https://" not in text:
            continue  # rewritten by an earlier validation, and not rebuilt since
        new = text
        for url, file in VENDORED.items():
            new = new.replace(url, f"{prefix}{SITE_VENDOR.as_posix()}/{file}")
        new = LOGO.sub(f"{prefix}{LOCAL_LOGO}", new)
        if path.suffix == ".html":
            new = CDN_ATTRIBUTES.sub("", new)
        if new != text:
            path.write_text(new, encoding="utf-8")
        left += [f"{path.relative_to(site)}: {url}" for url in remote_resources(new)]
    return left
