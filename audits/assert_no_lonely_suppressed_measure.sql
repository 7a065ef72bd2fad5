-- Disclosure control item by item: no breakdown withholds a magnitude (labour cost, fixed
-- assets, energy use, R&D spending) in exactly one cell of a year while showing it in the
-- others: with the `all` cell published, the hidden one could be recomputed by subtraction.
AUDIT (
  name assert_no_lonely_suppressed_measure
);

SELECT
  breakdown,
  survey_year,
  item,
  hidden_cells,
  cells
FROM (
  SELECT
    m.breakdown,
    m.survey_year,
    i.item,
    COUNT(*) FILTER (
      WHERE m.is_suppressed OR COALESCE(m.suppressed_measures, '') LIKE '%' || i.item || ' (%'
    ) AS hidden_cells,
    COUNT(*) AS cells
  FROM @this_model AS m
  CROSS JOIN (VALUES ('labour_cost'), ('fixed_assets'), ('energy_use'), ('rd_spending')) AS i(item)
  WHERE
    m.breakdown <> 'all'
  GROUP BY
    m.breakdown,
    m.survey_year,
    i.item
)
WHERE
  hidden_cells = 1 AND cells > 1
