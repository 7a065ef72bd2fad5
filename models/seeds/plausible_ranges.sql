-- Plausible ranges of ingested fields and published measures: one row per measure, read by
-- the ingest validators (a value outside is quarantined), the Great Expectations suites and the
-- SQLMesh audits, so a bound is written once.
MODEL (
  name reference.plausible_ranges,
  kind SEED (path 'plausible_ranges.csv'),
  owner dost_data_team,
  grain measure,
  columns (
    measure TEXT,
    min_value DOUBLE,
    max_value DOUBLE,
    unit TEXT,
    applies_to TEXT,
    rationale TEXT
  ),
  audits (unique_values(columns := (measure)))
)
