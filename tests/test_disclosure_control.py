"""Disclosure control on the shipped sample, tried as an intruder would.

An intruder has every published file. From the `all` cell and the other cells of a breakdown
they can recompute a withheld magnitude by subtraction whenever it is the only one withheld;
from the ratios a cell publishes they can recompute its magnitudes (labour cost = labour-cost
share × value added, fixed assets = value added ÷ capital productivity, energy = value added ÷
energy productivity). These tests do exactly that, and check that the sample exercises every
rule: a cell under the threshold, one dominated by a single R&D spender, and secondary
suppression.
"""

from __future__ import annotations

from collections import defaultdict

import duckdb

from pipelines.ingest.contracts import parameter
from tests.conftest import RefreshRun, published_file

# magnitude -> how an intruder recomputes it from a published row
MAGNITUDES = {
    "value_added": "value_added_mvnd",
    "employees": "average_employees",
    "labour_cost": "labour_cost_share_pct * value_added_mvnd / 100",
    "fixed_assets": "value_added_mvnd / capital_productivity",
    "energy_use": "value_added_mvnd / energy_productivity_mvnd_per_gj",
    # R&D spending is not derivable (revenue is not published), but its intensity is the
    # magnitude's only trace: one withheld intensity among published ones is still a leak
    "rd_spending": "rd_intensity_pct",
}


def test_no_withheld_magnitude_is_recoverable_from_published_margins(
    refreshed: RefreshRun,
) -> None:
    columns = ", ".join(f"{sql} AS {name}" for name, sql in MAGNITUDES.items())
    with duckdb.connect(str(published_file(refreshed)), read_only=True) as connection:
        rows = connection.execute(
            f"SELECT breakdown, breakdown_code, survey_year, {columns} "
            "FROM marts.fct_enterprise_productivity"
        ).fetchall()
    margins: dict[tuple[int, str], float | None] = {}
    cells: dict[tuple[str, int, str], list[tuple[str, float | None]]] = defaultdict(list)
    for breakdown, code, year, *values in rows:
        for name, value in zip(MAGNITUDES, values, strict=True):
            if breakdown == "all":
                margins[(year, name)] = value
            else:
                cells[(breakdown, year, name)].append((code, value))
    recoverable = []
    for (breakdown, year, name), values in cells.items():
        hidden = [code for code, value in values if value is None]
        if len(values) > 1 and len(hidden) == 1 and margins.get((year, name)) is not None:
            recoverable.append((breakdown, year, name, hidden[0]))
    assert recoverable == []


def test_the_sample_exercises_threshold_single_spender_and_secondary_rules(
    refreshed: RefreshRun,
) -> None:
    dominance_k = parameter("disclosure_dominance_k")
    with duckdb.connect(str(published_file(refreshed)), read_only=True) as connection:
        reasons = dict(
            connection.execute(
                "SELECT suppression_reason, count(*) FROM marts.fct_enterprise_productivity "
                "WHERE is_suppressed GROUP BY 1"
            ).fetchall()
        )
        rd_withheld = connection.execute(
            "SELECT breakdown, breakdown_code, survey_year FROM marts.fct_enterprise_productivity "
            "WHERE suppressed_measures LIKE '%rd_spending (dominance)%'"
        ).fetchall()
    assert reasons.get("threshold", 0) >= 1
    assert reasons.get("secondary", 0) >= 1
    # among the cells whose R&D is withheld for dominance, at least one has a single spender
    # holding more than k of the cell's R&D on its own (from the microdata)
    with duckdb.connect(str(refreshed.warehouse), read_only=True) as connection:
        single = connection.execute(
            """
            WITH cells AS (
              SELECT 'key_sector' AS breakdown, key_sector AS code, * FROM
                intermediate.int_enterprise_years_measured
              UNION ALL SELECT 'section', section_code, * FROM
                intermediate.int_enterprise_years_measured
              UNION ALL SELECT 'district', district_code, * FROM
                intermediate.int_enterprise_years_measured
              UNION ALL SELECT 'ownership', ownership, * FROM
                intermediate.int_enterprise_years_measured
            )
            SELECT breakdown, code, survey_year FROM cells
            GROUP BY ALL
            HAVING max(greatest(rd_spending_mvnd, 0)) > ? * sum(greatest(rd_spending_mvnd, 0))
            """,
            [dominance_k],
        ).fetchall()
    assert set(single) & set(rd_withheld)


def test_the_scorecard_shows_nothing_the_enterprise_mart_withholds(refreshed: RefreshRun) -> None:
    with duckdb.connect(str(published_file(refreshed)), read_only=True) as connection:
        shown = connection.execute(
            """
            WITH hidden AS (
              SELECT survey_year, breakdown_code, is_suppressed,
                     COALESCE(suppressed_measures, '') AS items
              FROM marts.fct_enterprise_productivity WHERE breakdown = 'key_sector'
            )
            SELECT s.indicator_code, s.year
            FROM marts.fct_key_sector_scorecard AS s
            JOIN hidden AS h
              ON h.survey_year = s.year
              AND (
                (s.key_sector = 'textiles' AND h.breakdown_code = 'textiles_garments')
                OR (s.key_sector = 'aquaculture'
                    AND h.breakdown_code IN ('aquaculture_farming', 'aquaculture_processing'))
              )
            WHERE s.data_source = 'enterprise_survey' AND s.value IS NOT NULL
              AND (
                h.is_suppressed
                OR (h.items LIKE '%energy_use (%' AND s.indicator_code LIKE '%ENERGY%')
                OR (h.items LIKE '%fixed_assets (%' AND s.indicator_code LIKE '%CAPITAL%')
                OR (h.items LIKE '%labour_cost (%' AND s.indicator_code LIKE '%LABOUR_COST%')
              )
            """
        ).fetchall()
    assert shown == []
