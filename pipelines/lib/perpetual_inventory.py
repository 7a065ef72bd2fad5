"""The perpetual inventory method as SQL, for any investment series (used by a SQLMesh macro).

Input relation columns: series_id, year, investment, output, depreciation_rate,
initial_years, initial_growth_rule. One output row per series and year of an unbroken run of
investment years from the series' first, with the end-of-year capital stock:

    K_first = Ī / (max(g, 0) + δ)      Harberger (1978): Ī = mean investment over the first
                                       `initial_years` years, g = the mean annual growth of
                                       investment ('investment_growth') or of real output
                                       ('output_growth') over the same years
    K_t     = I_t + (1 − δ) · K_(t−1)  for every later year

The central estimate (fct_capital_stock) and every variant of the TFP assumption grid
(fct_growth_accounting_assumptions) run this one query, so they cannot drift apart.

The template has a name of its own: SQLMesh serialises a macro's globals into one environment,
where two modules' `TEMPLATE` would overwrite each other.
"""

PERPETUAL_INVENTORY_TEMPLATE = """
WITH numbered AS (
  SELECT
    series_id,
    year,
    investment,
    output,
    depreciation_rate,
    initial_years,
    initial_growth_rule,
    ROW_NUMBER() OVER (PARTITION BY series_id ORDER BY year) - 1 AS t
  FROM {source}
  WHERE
    NOT investment IS NULL
), initial AS (
  SELECT
    series_id,
    CAST(SUM(CAST(investment AS DECIMAL(38, 12))) AS DOUBLE) / COUNT(*) AS mean_investment,
    POWER(
      MAX(investment) FILTER (WHERE t = initial_years - 1) / MAX(investment) FILTER (WHERE t = 0),
      1.0 / (MAX(initial_years) - 1)
    ) - 1 AS investment_growth,
    POWER(
      MAX(output) FILTER (WHERE t = initial_years - 1) / MAX(output) FILTER (WHERE t = 0),
      1.0 / (MAX(initial_years) - 1)
    ) - 1 AS output_growth,
    COUNT(*) AS years_available
  FROM numbered
  WHERE
    t < initial_years
  GROUP BY
    series_id
), seeded AS (
  SELECT
    n.series_id,
    n.year,
    n.investment,
    n.depreciation_rate,
    n.initial_years,
    n.t,
    CASE
      WHEN n.initial_growth_rule = 'output_growth' THEN s.output_growth
      ELSE s.investment_growth
    END AS initial_growth,
    s.mean_investment,
    s.years_available
  FROM numbered AS n
  JOIN initial AS s
    ON n.series_id = s.series_id
), stock AS (
  SELECT
    series_id,
    year,
    t,
    investment,
    depreciation_rate,
    initial_growth,
    mean_investment / (GREATEST(initial_growth, 0) + depreciation_rate) AS initial_stock,
    /* closed form of the recursion: K_t = (1-δ)^t · (K_first + Σ_{{s=1..t}} I_s · (1-δ)^-s) */
    POWER(1 - depreciation_rate, t) * (
      mean_investment / (GREATEST(initial_growth, 0) + depreciation_rate)
      + COALESCE(
        SUM(CASE WHEN t >= 1 THEN investment * POWER(1 - depreciation_rate, -t) END) OVER (
          PARTITION BY series_id
          ORDER BY year
          ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ),
        0
      )
    ) AS capital_stock,
    year - MIN(year) OVER (PARTITION BY series_id) AS years_since_first,
    years_available,
    initial_years
  FROM seeded
)
SELECT
  series_id,
  year,
  investment,
  capital_stock,
  initial_stock,
  initial_growth,
  depreciation_rate
FROM stock
WHERE
  years_available >= initial_years
  /* a gap in the investment series ends the perpetual inventory */
  AND years_since_first = t
"""


def perpetual_inventory_sql(source: str) -> str:
    """The perpetual-inventory query over ``source`` (a table name or a parenthesised query)."""
    return PERPETUAL_INVENTORY_TEMPLATE.format(source=source)
