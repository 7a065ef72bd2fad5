"""Vintages of the derived measures: every release keeps what it said, so revisions are rows.

A yearbook edition revises its inputs and a new method revises what the product derives from
them: the labour-productivity growth of a year, the TFP share, a Decision 36 status. Each
publication copies the previous release's `release_vintages` forward and adds its own values,
so the published file holds the whole history (a revision triangle in long form: reference
year × release). `release_revisions` pairs each value with the one the previous release
published for the same measure, geography, series and year; `release_revision_summary` gives,
per measure and release, how many values were compared and revised, the mean revision and the
mean absolute revision (the usual revision statistics of the OECD/Eurostat revisions
guidelines), and how many statuses changed.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

# Revisions smaller than this are floating-point noise, not a revision.
REVISION_TOLERANCE = 1e-9

# measure -> (mart, query over it with columns geography_code, series_code, year, value,
# status, obs_status). Only measures whose mart is published are taken.
MEASURES: dict[str, tuple[str, str]] = {
    "labour_productivity_real_growth_pct": (
        "fct_labour_productivity",
        "SELECT geography_code, sector_code, year, labour_productivity_real_growth_pct, "
        "NULL, obs_status FROM {mart} WHERE labour_productivity_real_growth_pct IS NOT NULL",
    ),
    "tfp_share_of_growth_pct": (
        "fct_growth_accounting",
        "SELECT geography_code, sector_code, year, tfp_share_of_growth_pct, NULL, obs_status "
        "FROM {mart} WHERE tfp_share_of_growth_pct IS NOT NULL",
    ),
    "decision36": (
        "fct_decision36_progress",
        "SELECT geography_code, target_code, last_year, value, status, obs_status FROM {mart}",
    ),
}

_KEY = "measure, geography_code, series_code, year"

# table -> (English, Vietnamese, column -> (English, Vietnamese)): merged into the dictionary.
VINTAGE_TABLES: dict[str, tuple[str, str, dict[str, tuple[str, str]]]] = {
    "release_vintages": (
        "Every value of the derived measures (labour-productivity growth, TFP share of growth, "
        "Decision 36 value and status) as each release published it: one row per release, "
        "measure, geography, series and year (a revision triangle in long form).",
        "Mọi giá trị của các chỉ tiêu dẫn xuất (tốc độ tăng năng suất lao động, tỷ trọng đóng "
        "góp của TFP, giá trị và đánh giá Quyết định 36) theo từng lần công bố: mỗi lần công "
        "bố, chỉ tiêu, địa bàn, chuỗi và năm một dòng (tam giác điều chỉnh dạng dài).",
        {
            "release_id": (
                "The release that published the value.",
                "Lần công bố đã công bố giá trị.",
            ),
            "published_at": ("Time of that release (UTC).", "Thời điểm của lần công bố (giờ UTC)."),
            "measure": (
                "labour_productivity_real_growth_pct, tfp_share_of_growth_pct or decision36.",
                "Chỉ tiêu: labour_productivity_real_growth_pct, tfp_share_of_growth_pct hoặc "
                "decision36.",
            ),
            "geography_code": (
                "Geography (marts.dim_geography).",
                "Mã địa bàn (marts.dim_geography).",
            ),
            "series_code": (
                "Sector code (TOTAL, AGR, IND, SRV) or, for decision36, the target code.",
                "Mã khu vực (TOTAL, AGR, IND, SRV) hoặc, với decision36, mã mục tiêu.",
            ),
            "year": (
                "Reference year (for decision36, the latest year with data).",
                "Năm tham chiếu (với decision36: năm gần nhất có số liệu).",
            ),
            "value": (
                "The value: % (growth), % of growth (TFP share, Decision 36 TFP targets), "
                "% a year (Decision 36 growth targets).",
                "Giá trị: % (tốc độ tăng), % tốc độ tăng trưởng (tỷ trọng TFP), %/năm (mục tiêu "
                "tăng năng suất lao động của Quyết định 36).",
            ),
            "status": (
                "Decision 36 status (met, on_track, off_track); NULL for the other measures.",
                "Đánh giá theo Quyết định 36 (met, on_track, off_track); NULL với các chỉ tiêu "
                "khác.",
            ),
            "obs_status": ("SDMX observation status of the value.", "Cờ trạng thái quan sát SDMX."),
        },
    ),
    "release_revisions": (
        "Each value of release_vintages beside the one the previous release published for the "
        "same measure, geography, series and year: the revision and whether the status changed.",
        "Mỗi giá trị trong release_vintages bên cạnh giá trị mà lần công bố trước đã công bố cho "
        "cùng chỉ tiêu, địa bàn, chuỗi và năm: mức điều chỉnh và đánh giá có thay đổi không.",
        {
            "measure": ("As in release_vintages.", "Như trong release_vintages."),
            "geography_code": ("As in release_vintages.", "Như trong release_vintages."),
            "series_code": ("As in release_vintages.", "Như trong release_vintages."),
            "year": ("As in release_vintages.", "Như trong release_vintages."),
            "release_id": ("The later release.", "Lần công bố sau."),
            "previous_release_id": (
                "The release before it (NULL for a value first published in release_id).",
                "Lần công bố trước đó (NULL nếu giá trị được công bố lần đầu).",
            ),
            "value": ("Value in release_id.", "Giá trị trong lần công bố release_id."),
            "previous_value": ("Value in previous_release_id.", "Giá trị trong lần công bố trước."),
            "revision": (
                "value - previous_value, in the measure's unit (percentage points).",
                "Mức điều chỉnh value - previous_value, theo đơn vị của chỉ tiêu (điểm phần trăm).",
            ),
            "is_revised": (
                "The value changed by more than 1e-9 or its status changed.",
                "Giá trị thay đổi quá 1e-9 hoặc đánh giá thay đổi.",
            ),
            "status": (
                "Status in release_id (decision36).",
                "Đánh giá trong lần công bố release_id.",
            ),
            "previous_status": (
                "Status in the previous release.",
                "Đánh giá trong lần công bố trước.",
            ),
            "status_changed": (
                "The Decision 36 status differs from the previous release's.",
                "Đánh giá Quyết định 36 khác với lần công bố trước.",
            ),
        },
    ),
    "release_revision_summary": (
        "Per measure and release, against the previous release: values compared and revised, "
        "mean revision and mean absolute revision, statuses changed.",
        "Theo chỉ tiêu và lần công bố, so với lần công bố trước: số giá trị được so sánh và bị "
        "điều chỉnh, mức điều chỉnh bình quân và bình quân tuyệt đối, số đánh giá thay đổi.",
        {
            "measure": ("As in release_vintages.", "Như trong release_vintages."),
            "release_id": ("The later release.", "Lần công bố sau."),
            "previous_release_id": ("The release compared with.", "Lần công bố được so sánh."),
            "values_compared": (
                "Values published by both releases.",
                "Số giá trị được cả hai lần công bố.",
            ),
            "values_revised": ("Of those, values revised.", "Trong đó, số giá trị bị điều chỉnh."),
            "mean_revision": (
                "Mean of value - previous_value (percentage points): the bias of the earlier "
                "release.",
                "Mức điều chỉnh bình quân (điểm phần trăm): độ lệch của lần công bố trước.",
            ),
            "mean_absolute_revision": (
                "Mean of |value - previous_value| (percentage points).",
                "Mức điều chỉnh bình quân tuyệt đối (điểm phần trăm).",
            ),
            "statuses_changed": (
                "Decision 36 statuses that changed.",
                "Số đánh giá Quyết định 36 thay đổi.",
            ),
        },
    ),
}


def write_vintages(
    connection: duckdb.DuckDBPyConnection,
    identifier: str,
    published_at: datetime,
    previous_database: Path | None,
) -> None:
    """Create release_vintages (the previous release's rows and this release's),
    release_revisions and release_revision_summary in `publication.marts`."""
    connection.execute(
        "CREATE TABLE publication.marts.release_vintages (release_id VARCHAR, "
        "published_at TIMESTAMPTZ, measure VARCHAR, geography_code VARCHAR, "
        "series_code VARCHAR, year INTEGER, value DOUBLE, status VARCHAR, obs_status VARCHAR)"
    )
    if previous_database is not None and previous_database.is_file():
        connection.execute(f"ATTACH '{previous_database}' AS previous_release (READ_ONLY)")
        try:
            has_vintages = connection.execute(
                "SELECT count(*) FROM duckdb_tables() WHERE database_name = 'previous_release' "
                "AND schema_name = 'marts' AND table_name = 'release_vintages'"
            ).fetchone()
            if has_vintages and has_vintages[0]:
                connection.execute(
                    "INSERT INTO publication.marts.release_vintages BY NAME "
                    "SELECT * FROM previous_release.marts.release_vintages"
                )
        finally:
            connection.execute("DETACH previous_release")
    published = {
        name
        for (name,) in connection.execute(
            "SELECT table_name FROM duckdb_tables() "
            "WHERE database_name = 'publication' AND schema_name = 'marts'"
        ).fetchall()
    }
    for measure, (mart, query) in MEASURES.items():
        if mart not in published:
            continue
        connection.execute(
            "INSERT INTO publication.marts.release_vintages "
            f"SELECT ?, ?, ?, * FROM ({query.format(mart='publication.marts.' + mart)})",
            [identifier, published_at, measure],
        )
    connection.execute(
        f"""
        CREATE TABLE publication.marts.release_revisions AS
        WITH releases AS (
          SELECT release_id, LAG(release_id) OVER (ORDER BY published_at, release_id) AS previous
          FROM (SELECT DISTINCT release_id, published_at FROM publication.marts.release_vintages)
        )
        SELECT
          v.measure, v.geography_code, v.series_code, v.year, v.release_id,
          r.previous AS previous_release_id, v.value, p.value AS previous_value,
          v.value - p.value AS revision,
          (p.release_id IS NOT NULL AND (ABS(v.value - p.value) > {REVISION_TOLERANCE}
            OR v.status IS DISTINCT FROM p.status)) AS is_revised,
          v.status, p.status AS previous_status,
          (p.release_id IS NOT NULL AND v.status IS DISTINCT FROM p.status) AS status_changed
        FROM publication.marts.release_vintages AS v
        JOIN releases AS r ON r.release_id = v.release_id
        LEFT JOIN publication.marts.release_vintages AS p
          ON p.release_id = r.previous
          AND ({" AND ".join(f"p.{c} IS NOT DISTINCT FROM v.{c}" for c in _KEY.split(", "))})
        ORDER BY {_KEY}, v.release_id
        """
    )
    connection.execute(
        """
        CREATE TABLE publication.marts.release_revision_summary AS
        SELECT
          measure, release_id, MAX(previous_release_id) AS previous_release_id,
          COUNT(previous_value) AS values_compared,
          COUNT(*) FILTER (WHERE is_revised) AS values_revised,
          AVG(revision) AS mean_revision,
          AVG(ABS(revision)) AS mean_absolute_revision,
          COUNT(*) FILTER (WHERE status_changed) AS statuses_changed
        FROM publication.marts.release_revisions
        WHERE previous_release_id IS NOT NULL
        GROUP BY measure, release_id
        ORDER BY release_id, measure
        """
    )
