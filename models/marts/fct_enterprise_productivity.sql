-- Enterprise productivity from the enterprise survey, by a breakdown (key sector, VSIC section,
-- district, ownership, or all enterprises) and survey year: value added by the income method per
-- average employee (the aggregate ratio, and p10 / median / p90 across enterprises), the gap
-- between the frontier (top decile of labour productivity) and the rest (OECD "The Best versus
-- the Rest"), capital and energy productivity, adoption of productivity tools and management
-- systems, and R&D intensity.
--
-- Disclosure control (the parameters are in reference.productivity_parameters):
--   1. threshold: a cell with fewer than 3 enterprises is suppressed;
--   2. dominance (2, 85%): a cell whose 2 largest enterprises (by value added) hold more than 85%
--      of its value added is suppressed;
--   3. consistency: a cell suppressed in any year is suppressed in every year, so that a series
--      never reveals what another year hides;
--   4. secondary: where a breakdown has exactly one suppressed cell in a year, the smallest
--      other cell is suppressed too, so the hidden one cannot be recovered from the `all` total
--      (and, by rule 3, that cell is then suppressed in every year).
-- A suppressed cell keeps its enterprise count; every measure is NULL; `suppression_reason`
-- says why. Frontier measures need at least 3 enterprises in the top decile.
MODEL (
  name marts.fct_enterprise_productivity,
  kind FULL,
  owner dost_data_team,
  grain (breakdown, breakdown_code, survey_year),
  audits (
    unique_combination_of_columns(columns := (breakdown, breakdown_code, survey_year)),
    not_null(columns := (breakdown, breakdown_code, survey_year, enterprise_count, is_suppressed)),
    accepted_range(column := labour_productivity_median_mvnd, min_v := 0, max_v := 100000),
    accepted_range(column := productivity_tool_adoption_rate, min_v := 0, max_v := 1),
    assert_suppressed_cells_reveal_nothing,
    assert_no_lonely_suppressed_cell
  )
);

WITH parameters AS (
  @disclosure_parameters()
), enterprises AS (
  SELECT
    survey_year,
    key_sector,
    section_code,
    district_code,
    ownership,
    average_employees,
    value_added_mvnd,
    labour_productivity_mvnd,
    labour_cost_mvnd,
    revenue_mvnd,
    fixed_assets_mvnd,
    energy_use_gj,
    rd_spending_mvnd,
    applies_productivity_tool,
    applies_management_system
  FROM intermediate.int_enterprise_years_measured
), by_breakdown AS (
  SELECT 'all' AS breakdown, 'ALL' AS breakdown_code, * FROM enterprises
  UNION ALL
  SELECT 'key_sector', key_sector, * FROM enterprises
  UNION ALL
  SELECT 'section', section_code, * FROM enterprises
  UNION ALL
  SELECT 'district', district_code, * FROM enterprises WHERE NOT district_code IS NULL /* none from 2025: no district level */
  UNION ALL
  SELECT 'ownership', ownership, * FROM enterprises
), ranked AS (
  SELECT
    *,
    ROW_NUMBER() OVER (
      PARTITION BY breakdown, breakdown_code, survey_year
      ORDER BY GREATEST(value_added_mvnd, 0) DESC
    ) AS size_rank,
    NTILE(10) OVER (
      PARTITION BY breakdown, breakdown_code, survey_year
      ORDER BY labour_productivity_mvnd
    ) AS productivity_decile
  FROM by_breakdown
), cells AS (
  SELECT
    r.breakdown,
    r.breakdown_code,
    r.survey_year,
    COUNT(*) AS enterprise_count,
    @exact_sum(r.average_employees) AS average_employees,
    @exact_sum(r.value_added_mvnd) AS value_added,
    @exact_sum(GREATEST(r.value_added_mvnd, 0)) AS positive_value_added,
    @exact_sum(CASE WHEN r.size_rank <= p.dominance_n THEN GREATEST(r.value_added_mvnd, 0) END) AS largest_value_added,
    @exact_sum(r.labour_cost_mvnd) AS labour_cost,
    @exact_sum(r.revenue_mvnd) AS revenue,
    @exact_sum(r.fixed_assets_mvnd) AS fixed_assets,
    @exact_sum(r.energy_use_gj) AS energy_use,
    @exact_sum(r.rd_spending_mvnd) AS rd_spending,
    QUANTILE_CONT(r.labour_productivity_mvnd, 0.1) AS lp_p10,
    MEDIAN(r.labour_productivity_mvnd) AS lp_median,
    QUANTILE_CONT(r.labour_productivity_mvnd, 0.9) AS lp_p90,
    @exact_avg(CASE WHEN r.productivity_decile = 10 THEN r.labour_productivity_mvnd END) AS frontier_lp,
    COUNT(*) FILTER (WHERE r.productivity_decile = 10) AS frontier_count,
    @exact_avg(CASE WHEN r.productivity_decile < 10 THEN r.labour_productivity_mvnd END) AS rest_lp,
    @exact_avg(r.applies_productivity_tool::INT) AS tool_rate,
    @exact_avg(r.applies_management_system::INT) AS system_rate,
    MAX(p.min_enterprises) AS min_enterprises,
    MAX(p.dominance_k) AS dominance_k
  FROM ranked AS r
  CROSS JOIN parameters AS p
  GROUP BY
    r.breakdown,
    r.breakdown_code,
    r.survey_year
), primary_rule AS (
  SELECT
    *,
    @primary_disclosure_reason(
      enterprise_count, largest_value_added, positive_value_added, min_enterprises, dominance_k
    ) AS primary_reason
  FROM cells
), consistent AS (
  SELECT
    *,
    BOOL_OR(NOT primary_reason IS NULL) OVER (PARTITION BY breakdown, breakdown_code) AS hidden_any_year
  FROM primary_rule
), secondary AS (
  SELECT
    *,
    breakdown <> 'all'
    AND NOT hidden_any_year
    AND COUNT(*) FILTER (WHERE hidden_any_year) OVER (PARTITION BY breakdown, survey_year) = 1
    AND ROW_NUMBER() OVER (
      PARTITION BY breakdown, survey_year, hidden_any_year
      ORDER BY ABS(value_added), breakdown_code
    ) = 1 AS secondary_here
  FROM consistent
), final AS (
  SELECT
    *,
    hidden_any_year OR BOOL_OR(secondary_here) OVER (PARTITION BY breakdown, breakdown_code) AS is_suppressed,
    CASE
      WHEN NOT primary_reason IS NULL THEN primary_reason
      WHEN secondary_here THEN 'secondary'
      WHEN hidden_any_year THEN 'consistency'
      WHEN BOOL_OR(secondary_here) OVER (PARTITION BY breakdown, breakdown_code) THEN 'consistency'
    END AS suppression_reason
  FROM secondary
)
SELECT
  breakdown::TEXT AS breakdown, /* all, key_sector, section (VSIC 2018), district, ownership */
  breakdown_code::TEXT AS breakdown_code, /* ALL; aquaculture_farming / aquaculture_processing / textiles_garments / other; section letter; district code; state / non_state / foreign_invested */
  survey_year::INT AS survey_year, /* reference year of the enterprise survey */
  enterprise_count::INT AS enterprise_count, /* enterprises in the survey, published even for suppressed cells */
  is_suppressed::BOOLEAN AS is_suppressed, /* measures withheld by disclosure control */
  suppression_reason::TEXT AS suppression_reason, /* threshold, dominance, secondary or consistency; NULL when published */
  CASE WHEN NOT is_suppressed THEN average_employees END::DOUBLE AS average_employees, /* sum of (start + end employees) / 2 */
  CASE WHEN NOT is_suppressed THEN value_added END::DOUBLE AS value_added_mvnd, /* income-method value added, million VND */
  CASE WHEN NOT is_suppressed THEN @safe_ratio(value_added, average_employees) END::DOUBLE AS labour_productivity_mvnd, /* aggregate value added per average employee, million VND */
  CASE WHEN NOT is_suppressed THEN lp_p10 END::DOUBLE AS labour_productivity_p10_mvnd, /* 10th percentile across enterprises */
  CASE WHEN NOT is_suppressed THEN lp_median END::DOUBLE AS labour_productivity_median_mvnd, /* median across enterprises of value added per average employee, million VND */
  CASE WHEN NOT is_suppressed THEN lp_p90 END::DOUBLE AS labour_productivity_p90_mvnd, /* 90th percentile across enterprises */
  CASE WHEN NOT is_suppressed AND frontier_count >= min_enterprises THEN frontier_lp END::DOUBLE AS frontier_labour_productivity_mvnd, /* mean LP of the top decile (frontier) */
  CASE WHEN NOT is_suppressed AND frontier_count >= min_enterprises THEN rest_lp END::DOUBLE AS rest_labour_productivity_mvnd, /* mean LP of the other enterprises */
  CASE WHEN NOT is_suppressed AND frontier_count >= min_enterprises THEN frontier_lp / NULLIF(rest_lp, 0) END::DOUBLE AS frontier_gap_ratio, /* frontier LP / rest LP */
  CASE WHEN NOT is_suppressed THEN @safe_ratio(value_added, fixed_assets) END::DOUBLE AS capital_productivity, /* value added / average fixed assets */
  CASE WHEN NOT is_suppressed THEN @safe_ratio(value_added, energy_use) END::DOUBLE AS energy_productivity_mvnd_per_gj, /* value added per GJ of energy used, million VND */
  CASE WHEN NOT is_suppressed THEN 100 * @safe_ratio(labour_cost, value_added) END::DOUBLE AS labour_cost_share_pct, /* labour cost / value added, % */
  CASE WHEN NOT is_suppressed THEN 100 * @safe_ratio(rd_spending, revenue) END::DOUBLE AS rd_intensity_pct, /* R&D spending / net revenue, % */
  CASE WHEN NOT is_suppressed THEN tool_rate END::DOUBLE AS productivity_tool_adoption_rate, /* share of enterprises applying at least one productivity tool */
  CASE WHEN NOT is_suppressed THEN system_rate END::DOUBLE AS management_system_adoption_rate, /* share of enterprises holding at least one management system */
  'enterprise survey (Điều tra doanh nghiệp)'::TEXT AS data_source, /* the sources and tables the row's numbers come from */
  @data_origin('enterprise_survey')::TEXT AS data_origin /* real or synthetic: the origin of the files the row is built from (the shipped sample is synthetic; reference lists are real) */
FROM final
