"""Growth accounting as SQL, for any series of the same shape (used by the SQLMesh macro).

Input relation columns: series_id, year, output, capital, labour, labour_share,
fixed_labour_share (may be NULL). One output row per series and year that has the previous
year: output, capital and labour growth (log differences), their contributions, TFP growth
(Törnqvist, as the OECD Productivity Database and Penn World Table compute it) and the
statistics office's form with fixed weights.

    Δln TFP_t = Δln Y_t − (1 − ᾱ_t)·Δln K_t − ᾱ_t·Δln L_t,   ᾱ_t = (α_t + α_(t−1)) / 2
    G_A = G_Y − b_K·G_K − b_L·G_L,   b_K = 1 − b_L,   G = simple growth rates (%)

Kept free of SQLMesh so that tests can run the very query on other data (Penn World Table):
importing a macro module registers its macros in SQLMesh's process-wide registry.
"""

GROWTH_ACCOUNTING_TEMPLATE = """
WITH ordered AS (
  SELECT
    series_id,
    year,
    output,
    capital,
    labour,
    labour_share,
    fixed_labour_share,
    LAG(year) OVER (PARTITION BY series_id ORDER BY year) AS previous_year,
    LAG(output) OVER (PARTITION BY series_id ORDER BY year) AS previous_output,
    LAG(capital) OVER (PARTITION BY series_id ORDER BY year) AS previous_capital,
    LAG(labour) OVER (PARTITION BY series_id ORDER BY year) AS previous_labour,
    LAG(labour_share) OVER (PARTITION BY series_id ORDER BY year) AS previous_labour_share
  FROM {source}
), growth AS (
  SELECT
    series_id,
    year,
    LN(output / previous_output) AS output_growth,
    LN(capital / previous_capital) AS capital_growth,
    LN(labour / previous_labour) AS labour_growth,
    (labour_share + previous_labour_share) / 2 AS labour_share_average,
    output / previous_output - 1 AS output_rate,
    capital / previous_capital - 1 AS capital_rate,
    labour / previous_labour - 1 AS labour_rate,
    fixed_labour_share
  FROM ordered
  WHERE
    previous_year = year - 1
)
SELECT
  series_id,
  year,
  output_growth,
  capital_growth,
  labour_growth,
  labour_share_average,
  (1 - labour_share_average) * capital_growth AS capital_contribution,
  labour_share_average * labour_growth AS labour_contribution,
  output_growth
    - (1 - labour_share_average) * capital_growth
    - labour_share_average * labour_growth AS tfp_growth,
  100 * (
    output_growth
    - (1 - labour_share_average) * capital_growth
    - labour_share_average * labour_growth
  ) / NULLIF(output_growth, 0) AS tfp_share_of_growth_pct,
  100 * output_rate AS gso_output_growth_pct,
  100 * capital_rate AS gso_capital_growth_pct,
  100 * labour_rate AS gso_labour_growth_pct,
  1 - fixed_labour_share AS gso_capital_weight,
  fixed_labour_share AS gso_labour_weight,
  100 * (output_rate - (1 - fixed_labour_share) * capital_rate - fixed_labour_share * labour_rate)
    AS gso_tfp_growth_pct,
  100 * (output_rate - (1 - fixed_labour_share) * capital_rate - fixed_labour_share * labour_rate)
    / NULLIF(output_rate, 0) AS gso_tfp_share_of_growth_pct
FROM growth
"""


def growth_accounting_sql(source: str) -> str:
    """The growth-accounting query over ``source`` (a table name or a parenthesised query)."""
    return GROWTH_ACCOUNTING_TEMPLATE.format(source=source)
