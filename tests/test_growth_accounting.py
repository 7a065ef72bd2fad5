"""Growth accounting reproduces Penn World Table 10.01's TFP growth from PWT's own inputs.

The SQL is the very query the `@growth_accounting` SQLMesh macro puts into
`marts.fct_growth_accounting` (pipelines/lib/growth_accounting.py), run here in DuckDB on PWT data:
output = rgdpna, capital = rkna (capital services), labour = emp × avh × hc, labour share =
labsh. PWT's `rtfpna` (TFP at constant national prices) is the published answer.
Source: Feenstra, Inklaar and Timmer (2015), AER 105(10); www.ggdc.net/pwt (see tests/data/pwt).
"""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
import pytest

from pipelines.lib.growth_accounting import growth_accounting_sql

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PWT = PROJECT_ROOT / "tests" / "data" / "pwt"


@pytest.mark.parametrize("country", ["USA", "FRA"])
def test_tornqvist_tfp_growth_reproduces_pwt_rtfpna(country: str) -> None:
    connection = duckdb.connect()
    connection.execute(
        f"""
        CREATE TABLE pwt AS
        SELECT countrycode AS series_id, year, rgdpna AS output, rkna AS capital,
               emp * avh * hc AS labour, labsh AS labour_share,
               NULL::DOUBLE AS fixed_labour_share, rtfpna
        FROM read_csv('{PWT / f"pwt1001_{country}.csv"}')
        """
    )
    rows = connection.execute(
        f"""
        WITH published AS (
            SELECT series_id, year, ln(rtfpna / lag(rtfpna) OVER (ORDER BY year)) AS tfp_growth
            FROM pwt
        )
        SELECT g.year, g.tfp_growth, p.tfp_growth
        FROM ({growth_accounting_sql("pwt")}) AS g
        JOIN published AS p ON p.series_id = g.series_id AND p.year = g.year
        ORDER BY g.year
        """
    ).fetchall()
    assert len(rows) == 65  # 1955-2019: every year with a previous year
    worst = max(abs(tfp - published) for _, tfp, published in rows)
    assert worst < 1e-6, f"largest difference from PWT's rtfpna growth: {worst:.2e}"


def test_hand_worked_example_to_1e_minus_6() -> None:
    """Two years, computed on paper.

    Y: 100 -> 110, K: 200 -> 210, L: 50 -> 51, α: 0.6 then 0.7 (ᾱ = 0.65), b_L = 0.6.
    Törnqvist: Δln Y = ln 1.1 = 0.0953101798, Δln K = ln 1.05 = 0.0487901642,
      Δln L = ln 1.02 = 0.0198026273; capital 0.35 × 0.0487901642 = 0.0170765575;
      labour 0.65 × 0.0198026273 = 0.0128717077; TFP = 0.0653619146; share = 68.5781 %.
    Statistics office: G_Y = 10 %, G_K = 5 %, G_L = 2 %; G_A = 10 - 0.4·5 - 0.6·2 = 6.8 %;
      share = 68 %.
    """
    connection = duckdb.connect()
    connection.execute(
        "CREATE TABLE inputs AS SELECT * FROM (VALUES "
        "('x', 2020, 100.0, 200.0, 50.0, 0.6, 0.6), ('x', 2021, 110.0, 210.0, 51.0, 0.7, 0.6)) "
        "AS t(series_id, year, output, capital, labour, labour_share, fixed_labour_share)"
    )
    cursor = connection.execute(f"SELECT * FROM ({growth_accounting_sql('inputs')})")
    names = [d[0] for d in cursor.description]
    (row,) = cursor.fetchall()
    result = dict(zip(names, row, strict=True))
    expected = {
        "year": 2021,
        "output_growth": 0.0953101798,
        "capital_growth": 0.0487901642,
        "labour_growth": 0.0198026273,
        "labour_share_average": 0.65,
        "capital_contribution": 0.0170765575,
        "labour_contribution": 0.0128717077,
        "tfp_growth": 0.0653619146,
        "tfp_share_of_growth_pct": 68.5781,
        "gso_output_growth_pct": 10.0,
        "gso_capital_growth_pct": 5.0,
        "gso_labour_growth_pct": 2.0,
        "gso_tfp_growth_pct": 6.8,
        "gso_tfp_share_of_growth_pct": 68.0,
    }
    for name, value in expected.items():
        tolerance = 1e-4 if name == "tfp_share_of_growth_pct" else 1e-6
        assert math.isclose(result[name], value, abs_tol=tolerance), (name, result[name], value)
