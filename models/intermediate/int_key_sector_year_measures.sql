-- The two key sectors of the criteria set, aggregated from the enterprise survey per year:
-- aquaculture (farming VSIC 0321-0322, fish processing 1020, aquatic feed 1080) and textiles &
-- garments (VSIC 13-14). Carries the disclosure test of each aggregate (threshold and (2, 85)
-- dominance on value added), and the money aggregates at constant 2010 prices: each enterprise's
-- value added, revenue and exports deflated with its own sector's GRDP deflator (AGR for
-- aquaculture farming, IND for fish processing, aquatic feed and textiles), its fixed assets with
-- the investment deflator (int_enterprise_years_measured), then summed.
-- Disclosure: an aggregate is suppressed when it fails the threshold or the (2, 85) dominance
-- rule on value added, or when the enterprise mart (fct_enterprise_productivity) hides any
-- key-sector cell it is made of, so the scorecard can never show what that mart withholds;
-- and each other magnitude an indicator reveals (labour cost, fixed assets, energy, exports,
-- revenue) has its own dominance flag, with the enterprise mart's item suppressions carried
-- over, consistent across years like the mart's.
MODEL (
  name intermediate.int_key_sector_year_measures,
  kind FULL,
  owner dost_data_team,
  grain (key_sector, survey_year),
  audits (
    unique_combination_of_columns(columns := (key_sector, survey_year)),
    not_null(columns := (key_sector, survey_year, enterprise_count, is_suppressed))
  )
);

WITH parameters AS (
  @disclosure_parameters()
), firms AS (
  SELECT
    CASE
      WHEN key_sector IN ('aquaculture_farming', 'aquaculture_processing') THEN 'aquaculture'
      WHEN key_sector = 'textiles_garments' THEN 'textiles'
    END AS key_sector,
    survey_year,
    average_employees,
    value_added_mvnd,
    labour_cost_mvnd,
    revenue_mvnd,
    fixed_assets_mvnd,
    energy_use_gj,
    export_value_thousand_usd,
    export_value_mvnd,
    value_added_constant_2010_mvnd,
    revenue_constant_2010_mvnd,
    fixed_assets_constant_2010_mvnd,
    export_value_constant_2010_mvnd,
    applies_productivity_tool,
    applies_management_system
  FROM intermediate.int_enterprise_years_measured
  WHERE
    key_sector IN ('aquaculture_farming', 'aquaculture_processing', 'textiles_garments')
), ranked AS (
  SELECT
    *,
    ROW_NUMBER() OVER (PARTITION BY key_sector, survey_year ORDER BY GREATEST(value_added_mvnd, 0) DESC) AS size_rank,
    ROW_NUMBER() OVER (PARTITION BY key_sector, survey_year ORDER BY GREATEST(labour_cost_mvnd, 0) DESC) AS labour_cost_rank,
    ROW_NUMBER() OVER (PARTITION BY key_sector, survey_year ORDER BY GREATEST(fixed_assets_mvnd, 0) DESC) AS fixed_assets_rank,
    ROW_NUMBER() OVER (PARTITION BY key_sector, survey_year ORDER BY GREATEST(energy_use_gj, 0) DESC) AS energy_rank,
    ROW_NUMBER() OVER (PARTITION BY key_sector, survey_year ORDER BY GREATEST(export_value_mvnd, 0) DESC) AS exports_rank,
    ROW_NUMBER() OVER (PARTITION BY key_sector, survey_year ORDER BY GREATEST(revenue_mvnd, 0) DESC) AS revenue_rank
  FROM firms
), aggregated AS (
  SELECT
    r.key_sector,
    r.survey_year,
    COUNT(*) AS enterprise_count,
    @exact_sum(r.average_employees) AS employees,
    @exact_sum(r.value_added_mvnd) AS value_added,
    @exact_sum(r.labour_cost_mvnd) AS labour_cost,
    @exact_sum(r.revenue_mvnd) AS revenue,
    @exact_sum(r.fixed_assets_mvnd) AS fixed_assets,
    @exact_sum(r.energy_use_gj) AS energy_use,
    @exact_sum(r.export_value_thousand_usd) AS exports_thousand_usd,
    @exact_sum(r.export_value_mvnd) AS exports_mvnd,
    /* a year the yearbook's deflators do not cover has no constant-price aggregate (not a partial sum) */
    CASE WHEN COUNT(r.value_added_constant_2010_mvnd) = COUNT(*) THEN @exact_sum(r.value_added_constant_2010_mvnd) END AS value_added_constant,
    CASE WHEN COUNT(r.revenue_constant_2010_mvnd) = COUNT(*) THEN @exact_sum(r.revenue_constant_2010_mvnd) END AS revenue_constant,
    CASE WHEN COUNT(r.fixed_assets_constant_2010_mvnd) = COUNT(*) THEN @exact_sum(r.fixed_assets_constant_2010_mvnd) END AS fixed_assets_constant,
    CASE WHEN COUNT(r.export_value_constant_2010_mvnd) = COUNT(*) THEN @exact_sum(r.export_value_constant_2010_mvnd) END AS exports_constant,
    @exact_avg(r.applies_management_system::INT) AS management_system_share,
    @exact_avg(r.applies_productivity_tool::INT) AS productivity_tool_share,
    @exact_sum(GREATEST(r.value_added_mvnd, 0)) AS positive_value_added,
    @exact_sum(CASE WHEN r.size_rank <= p.dominance_n THEN GREATEST(r.value_added_mvnd, 0) END) AS largest_value_added,
    @exact_sum(CASE WHEN r.labour_cost_rank <= p.dominance_n THEN GREATEST(r.labour_cost_mvnd, 0) END)
      > MAX(p.dominance_k) * @exact_sum(GREATEST(r.labour_cost_mvnd, 0)) AS labour_cost_dominated,
    @exact_sum(CASE WHEN r.fixed_assets_rank <= p.dominance_n THEN GREATEST(r.fixed_assets_mvnd, 0) END)
      > MAX(p.dominance_k) * @exact_sum(GREATEST(r.fixed_assets_mvnd, 0)) AS fixed_assets_dominated,
    @exact_sum(CASE WHEN r.energy_rank <= p.dominance_n THEN GREATEST(r.energy_use_gj, 0) END)
      > MAX(p.dominance_k) * @exact_sum(GREATEST(r.energy_use_gj, 0)) AS energy_dominated,
    @exact_sum(CASE WHEN r.exports_rank <= p.dominance_n THEN GREATEST(r.export_value_mvnd, 0) END)
      > MAX(p.dominance_k) * @exact_sum(GREATEST(r.export_value_mvnd, 0)) AS exports_dominated,
    @exact_sum(CASE WHEN r.revenue_rank <= p.dominance_n THEN GREATEST(r.revenue_mvnd, 0) END)
      > MAX(p.dominance_k) * @exact_sum(GREATEST(r.revenue_mvnd, 0)) AS revenue_dominated,
    MAX(p.min_enterprises) AS min_enterprises,
    MAX(p.dominance_k) AS dominance_k
  FROM ranked AS r
  CROSS JOIN parameters AS p
  GROUP BY
    r.key_sector,
    r.survey_year
), mart_cells AS (
  /* what the enterprise mart withholds in the key-sector cells each aggregate is made of */
  SELECT
    CASE
      WHEN breakdown_code IN ('aquaculture_farming', 'aquaculture_processing') THEN 'aquaculture'
      WHEN breakdown_code = 'textiles_garments' THEN 'textiles'
    END AS key_sector,
    survey_year,
    BOOL_OR(is_suppressed) AS cell_hidden,
    BOOL_OR(COALESCE(suppressed_measures, '') LIKE '%labour_cost (%') AS labour_cost_hidden,
    BOOL_OR(COALESCE(suppressed_measures, '') LIKE '%fixed_assets (%') AS fixed_assets_hidden,
    BOOL_OR(COALESCE(suppressed_measures, '') LIKE '%energy_use (%') AS energy_hidden
  FROM marts.fct_enterprise_productivity
  WHERE
    breakdown = 'key_sector'
    AND breakdown_code IN ('aquaculture_farming', 'aquaculture_processing', 'textiles_garments')
  GROUP BY
    1,
    2
), flagged AS (
  SELECT
    a.*,
    NOT @primary_disclosure_reason(
      a.enterprise_count, a.largest_value_added, a.positive_value_added, a.min_enterprises, a.dominance_k
    ) IS NULL
    OR COALESCE(c.cell_hidden, FALSE) AS cell_suppressed,
    COALESCE(a.labour_cost_dominated, FALSE) OR COALESCE(c.labour_cost_hidden, FALSE) AS labour_cost_withheld,
    COALESCE(a.fixed_assets_dominated, FALSE) OR COALESCE(c.fixed_assets_hidden, FALSE) AS fixed_assets_withheld,
    COALESCE(a.energy_dominated, FALSE) OR COALESCE(c.energy_hidden, FALSE) AS energy_withheld,
    COALESCE(a.exports_dominated, FALSE) AS exports_withheld,
    COALESCE(a.revenue_dominated, FALSE) AS revenue_withheld
  FROM aggregated AS a
  LEFT JOIN mart_cells AS c
    ON a.key_sector = c.key_sector AND a.survey_year = c.survey_year
), consistent AS (
  /* a series withheld in one year is withheld in every year, as in the enterprise mart */
  SELECT
    *,
    BOOL_OR(cell_suppressed) OVER (PARTITION BY key_sector) AS cell_hidden_any_year,
    BOOL_OR(cell_suppressed OR labour_cost_withheld) OVER (PARTITION BY key_sector) AS labour_cost_hidden_any_year,
    BOOL_OR(cell_suppressed OR fixed_assets_withheld) OVER (PARTITION BY key_sector) AS fixed_assets_hidden_any_year,
    BOOL_OR(cell_suppressed OR energy_withheld) OVER (PARTITION BY key_sector) AS energy_hidden_any_year,
    BOOL_OR(cell_suppressed OR exports_withheld) OVER (PARTITION BY key_sector) AS exports_hidden_any_year,
    BOOL_OR(cell_suppressed OR revenue_withheld) OVER (PARTITION BY key_sector) AS revenue_hidden_any_year
  FROM flagged
)
SELECT
  a.key_sector::TEXT AS key_sector, /* aquaculture or textiles */
  a.survey_year::INT AS survey_year,
  a.enterprise_count::INT AS enterprise_count,
  a.cell_hidden_any_year::BOOLEAN AS is_suppressed, /* threshold or (2, 85) dominance on value added, or a cell the enterprise mart hides, in any year: no measure may be published */
  a.labour_cost_hidden_any_year::BOOLEAN AS labour_cost_suppressed, /* labour cost withheld (dominance here or in the enterprise mart, in any year) */
  a.fixed_assets_hidden_any_year::BOOLEAN AS fixed_assets_suppressed, /* fixed assets withheld */
  a.energy_hidden_any_year::BOOLEAN AS energy_suppressed, /* energy use withheld */
  a.exports_hidden_any_year::BOOLEAN AS exports_suppressed, /* exports withheld */
  a.revenue_hidden_any_year::BOOLEAN AS revenue_suppressed, /* net revenue withheld */
  a.employees::DOUBLE AS average_employees,
  a.value_added::DOUBLE AS value_added_mvnd,
  a.labour_cost::DOUBLE AS labour_cost_mvnd,
  a.revenue::DOUBLE AS revenue_mvnd,
  a.fixed_assets::DOUBLE AS fixed_assets_mvnd,
  a.energy_use::DOUBLE AS energy_use_gj,
  a.exports_thousand_usd::DOUBLE AS export_value_thousand_usd,
  a.exports_mvnd::DOUBLE AS export_value_mvnd, /* each enterprise's exports at the year's USD/VND rate, million VND, current prices */
  a.management_system_share::DOUBLE AS management_system_share,
  a.productivity_tool_share::DOUBLE AS productivity_tool_share,
  a.value_added_constant::DOUBLE AS value_added_constant_2010_mvnd, /* Σ value added deflated with each enterprise's sector GRDP deflator, million VND at constant 2010 prices */
  a.revenue_constant::DOUBLE AS revenue_constant_2010_mvnd, /* Σ net revenue deflated the same way */
  a.fixed_assets_constant::DOUBLE AS fixed_assets_constant_2010_mvnd, /* Σ fixed assets deflated with the investment deflator */
  a.exports_constant::DOUBLE AS export_value_constant_2010_mvnd, /* Σ exports in VND deflated with the sector GRDP deflator */
  @safe_ratio(a.labour_cost, a.value_added)::DOUBLE AS labour_share /* labour cost / value added, from the survey */
FROM consistent AS a
