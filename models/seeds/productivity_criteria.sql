-- The criteria set for measuring productivity in the two key sectors (Bộ tiêu chí đo lường năng
-- suất ngành hàng chủ lực: thủy sản, dệt may), asked for by the 2022 workshop: for each indicator
-- its names, definition (and the model that computes it), unit, direction, target, base and
-- target years, and where the target comes from; the price basis of the value (constant_2010,
-- current, physical quantities, or not_applicable for shares of enterprises) and the deflator
-- used. A growth target is a real target: an indicator at current prices may not have one
-- (audit below). Reviewed like code: change the CSV by pull request.
MODEL (
  name reference.productivity_criteria,
  kind SEED (path 'productivity_criteria.csv'),
  owner dost_data_team,
  grain indicator_code,
  columns (
    indicator_code TEXT,
    key_sector TEXT,
    name_vi TEXT,
    name_en TEXT,
    definition TEXT,
    source_mart TEXT,
    unit TEXT,
    price_basis TEXT,
    price_base_year INT,
    deflator TEXT,
    direction TEXT,
    target_type TEXT,
    target_value DOUBLE,
    base_year INT,
    target_year INT,
    target_source TEXT
  ),
  audits (
    unique_values(columns := (indicator_code)),
    accepted_values(column := direction, is_in := ('higher', 'lower')),
    accepted_values(column := target_type, is_in := ('level', 'annual_growth_pct')),
    accepted_values(column := price_basis, is_in := ('constant_2010', 'current', 'physical', 'not_applicable')),
    /* Decision 36's growth targets are real: nominal growth is never scored against them */
    forall(criteria := (NOT (target_type = 'annual_growth_pct' AND price_basis = 'current'))),
    forall(criteria := ((price_basis = 'constant_2010') = (COALESCE(price_base_year, 0) = 2010 AND COALESCE(deflator, '') <> '')))
  )
)
