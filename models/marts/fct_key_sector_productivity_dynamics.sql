-- Productivity dynamics of the two key sectors (aquaculture: farming and processing; textiles &
-- garments) from the enterprise survey, year on year. The survey's aggregates are an unbalanced
-- panel: every year enterprises enter and leave them, so the growth of a key sector's aggregate
-- mixes the growth of the enterprises that stay with the change in who is counted. Each row
-- (key sector, year t, with t - 1 also in the survey for that key sector) separates the two:
--
--   1. counts: continuing enterprises (in the key sector in t - 1 and in t), entering (in t
--      only: new to the survey, or moved into the key sector) and exiting (in t - 1 only);
--   2. balanced panel: growth of the continuing enterprises' sums, the same enterprises in both
--      years (log differences): real value added, average employees, real value added per
--      worker Δln(ΣY / ΣL), real fixed assets, and TFP growth by the growth-accounting macro
--      (Törnqvist; labour share = Σ labour cost / Σ nominal value added of those enterprises in
--      each year);
--   3. unbalanced comparison: Δln(ΣY / ΣL) of all enterprises of t against all of t - 1, what
--      the growth of the survey's aggregates shows;
--   4. the dynamic Olley-Pakes decomposition (Melitz and Polanec 2015, RAND Journal of
--      Economics 46(2)) of the change in aggregate log labour productivity Φ = Σ s_i φ_i,
--      φ_i = ln(real value added / average employees), s_i the enterprise's share of employees
--      in the key sector-year:
--        ΔΦ = (Φ̄_S,t − Φ̄_S,t−1)  [within: Φ̄_S the unweighted mean of the survivors S]
--           + (cov_S,t − cov_S,t−1)  [between: cov_S = Φ_S − Φ̄_S, reallocation among them]
--           + s_E,t (Φ_E,t − Φ_S,t)  [entry]
--           + s_X,t−1 (Φ_S,t−1 − Φ_X,t−1)  [exit]
--      with Φ_G = Σ_{i∈G} (s_i / s_G) φ_i and s_G the group's share of employees. An enterprise
--      whose real value added or employees are not positive has no log productivity: it is left
--      out of the decomposition (a continuing one in both years, so that S is the same set in
--      t - 1 and t) and counted in firms_excluded_nonpositive; the balanced and unbalanced sums
--      keep it. The four effects add up to ΔΦ (audited to 1e-9).
--
-- Money is at constant 2010 prices: each enterprise's value added deflated with its own sector's
-- GRDP deflator, its fixed assets with the investment deflator (int_enterprise_years_measured).
-- A pair of years in which an enterprise of the key sector has no constant-price value added (a
-- year the yearbook's deflators do not cover) publishes counts only (obs_status Q, conf_status F).
--
-- Disclosure control (parameters in reference.productivity_parameters):
--   * a row is thin (is_thin) when it has fewer than disclosure_min_enterprises continuing
--     enterprises (or fewer survivors with positive value added and employees in both years),
--     suppression_reason 'threshold', or when the disclosure_dominance_n largest continuing
--     enterprises hold more than disclosure_dominance_k of the continuing enterprises' positive
--     value added in t, 'dominance': every growth and decomposition measure is then NULL, the
--     counts are kept;
--   * the entry (exit) effect rests on the entrants (exiters) alone: with fewer than
--     disclosure_min_enterprises of them in the decomposition (but at least one), it would show
--     one or two enterprises' productivity relative to the survivors, so it is withheld
--     (entry_effect_withheld / exit_effect_withheld). Since the four effects add up to ΔΦ, a
--     withheld effect could be recovered from ΔΦ and the other three: when either is withheld,
--     the entry effect, the exit effect and ΔΦ are all NULL (within and between, which rest on
--     the survivors, stay). With no entrant (exiter) at all the effect is exactly 0 and shown.
-- A row whose t is 2025 or later would compare the merged province's survey (geography 91) with
-- old An Giang's: its entrants include the whole former Kiên Giang.
MODEL (
  name marts.fct_key_sector_productivity_dynamics,
  kind FULL,
  owner dost_data_team,
  grain (key_sector, year),
  audits (
    unique_combination_of_columns(columns := (key_sector, year)),
    not_null(columns := (key_sector, year, previous_year, firms_t, firms_previous, continuing_firms, entering_firms, exiting_firms, firms_excluded_nonpositive, is_thin, entry_effect_withheld, exit_effect_withheld, geography_code, obs_status, conf_status)),
    accepted_values(column := key_sector, is_in := ('aquaculture', 'textiles')),
    forall(criteria := (
      firms_t = continuing_firms + entering_firms,
      firms_previous = continuing_firms + exiting_firms,
      is_thin = (suppression_reason IS NOT NULL),
      productivity_change IS NULL
      OR ABS(productivity_change - (within_effect + between_effect + entry_effect + exit_effect)) <= 0.000000001,
      NOT is_thin
      OR COALESCE(
        balanced_value_added_growth,
        balanced_employment_growth,
        balanced_value_added_per_worker_growth,
        balanced_capital_growth,
        balanced_labour_share_average,
        balanced_tfp_growth,
        unbalanced_value_added_per_worker_growth,
        productivity_change,
        within_effect,
        between_effect,
        entry_effect,
        exit_effect
      ) IS NULL
    ))
  )
);

WITH parameters AS (
  @disclosure_parameters()
), weights AS (
  SELECT
    MAX(value) FILTER (WHERE parameter = 'gso_labour_weight' AND sector_code = 'ALL') AS gso_labour_weight
  FROM reference.productivity_parameters
), firms AS (
  SELECT
    enterprise_id,
    CASE
      WHEN key_sector IN ('aquaculture_farming', 'aquaculture_processing') THEN 'aquaculture'
      WHEN key_sector = 'textiles_garments' THEN 'textiles'
    END AS key_sector,
    survey_year,
    average_employees,
    value_added_mvnd,
    labour_cost_mvnd,
    value_added_constant_2010_mvnd,
    fixed_assets_constant_2010_mvnd
  FROM intermediate.int_enterprise_years_measured
  WHERE
    key_sector IN ('aquaculture_farming', 'aquaculture_processing', 'textiles_garments')
), sector_years AS (
  SELECT DISTINCT
    key_sector,
    survey_year
  FROM firms
), pairs AS (
  /* every survey year t of a key sector whose t - 1 is in the survey for it too */
  SELECT
    t.key_sector,
    t.survey_year AS year,
    p.survey_year AS previous_year
  FROM sector_years AS t
  JOIN sector_years AS p
    ON p.key_sector = t.key_sector AND p.survey_year = t.survey_year - 1
), classified AS (
  /* the enterprises of a pair, one row per enterprise and year: continuing when in both years */
  SELECT
    pr.key_sector,
    pr.year,
    pr.previous_year,
    f.enterprise_id,
    f.survey_year AS firm_year,
    f.average_employees,
    f.value_added_mvnd,
    f.labour_cost_mvnd,
    f.value_added_constant_2010_mvnd,
    f.fixed_assets_constant_2010_mvnd,
    COUNT(*) OVER (PARTITION BY pr.key_sector, pr.year, f.enterprise_id) = 2 AS is_continuing,
    COALESCE(f.value_added_constant_2010_mvnd <= 0, FALSE) OR COALESCE(f.average_employees <= 0, FALSE) AS is_nonpositive,
    COALESCE(f.value_added_constant_2010_mvnd > 0 AND f.average_employees > 0, FALSE) AS has_log_productivity
  FROM pairs AS pr
  JOIN firms AS f
    ON f.key_sector = pr.key_sector AND f.survey_year IN (pr.previous_year, pr.year)
), grouped AS (
  /* Melitz-Polanec groups: S survivors (continuing, positive in both years), E entrants, X exiters */
  SELECT
    key_sector,
    year,
    previous_year,
    enterprise_id,
    firm_year,
    average_employees,
    value_added_mvnd,
    labour_cost_mvnd,
    value_added_constant_2010_mvnd,
    fixed_assets_constant_2010_mvnd,
    is_continuing,
    CASE
      WHEN is_continuing
      THEN BOOL_OR(is_nonpositive) OVER (PARTITION BY key_sector, year, enterprise_id)
      ELSE is_nonpositive
    END AS is_excluded_nonpositive,
    CASE
      WHEN is_continuing
      THEN CASE
        WHEN BOOL_AND(has_log_productivity) OVER (PARTITION BY key_sector, year, enterprise_id)
        THEN 'S'
      END
      WHEN NOT has_log_productivity
      THEN NULL
      WHEN firm_year = year
      THEN 'E'
      ELSE 'X'
    END AS mp_group,
    CASE
      WHEN has_log_productivity
      THEN LN(value_added_constant_2010_mvnd / average_employees)
    END AS log_productivity,
    ROW_NUMBER() OVER (
      PARTITION BY key_sector, year, firm_year, is_continuing
      ORDER BY GREATEST(value_added_mvnd, 0) DESC
    ) AS size_rank
  FROM classified
), cells AS (
  SELECT
    g.key_sector,
    g.year,
    MAX(g.previous_year) AS previous_year,
    COUNT(*) FILTER (WHERE g.firm_year = g.year) AS firms_t,
    COUNT(*) FILTER (WHERE g.firm_year = g.previous_year) AS firms_previous,
    COUNT(*) FILTER (WHERE g.is_continuing AND g.firm_year = g.year) AS continuing_firms,
    COUNT(*) FILTER (WHERE NOT g.is_continuing AND g.firm_year = g.year) AS entering_firms,
    COUNT(*) FILTER (WHERE NOT g.is_continuing AND g.firm_year = g.previous_year) AS exiting_firms,
    /* a continuing enterprise counted once */
    COUNT(*) FILTER (WHERE g.is_excluded_nonpositive AND (NOT g.is_continuing OR g.firm_year = g.year)) AS firms_excluded_nonpositive,
    /* every enterprise of both years has constant-price value added (no partial sums) */
    COUNT(g.value_added_constant_2010_mvnd) = COUNT(*) AS has_constant_prices,
    /* disclosure: the continuing enterprises' positive value added in t */
    @exact_sum(CASE WHEN g.is_continuing AND g.firm_year = g.year THEN GREATEST(g.value_added_mvnd, 0) END) AS positive_value_added,
    @exact_sum(
      CASE
        WHEN g.is_continuing AND g.firm_year = g.year AND g.size_rank <= p.dominance_n
        THEN GREATEST(g.value_added_mvnd, 0)
      END
    ) AS largest_value_added,
    MAX(p.min_enterprises) AS min_enterprises,
    MAX(p.dominance_k) AS dominance_k,
    /* balanced panel: sums over the continuing enterprises, each year */
    @exact_sum(CASE WHEN g.is_continuing AND g.firm_year = g.year THEN g.value_added_constant_2010_mvnd END) AS panel_output_t,
    @exact_sum(CASE WHEN g.is_continuing AND g.firm_year = g.previous_year THEN g.value_added_constant_2010_mvnd END) AS panel_output_previous,
    CASE
      WHEN COUNT(CASE WHEN g.is_continuing THEN g.fixed_assets_constant_2010_mvnd END) = COUNT(*) FILTER (WHERE g.is_continuing)
      THEN @exact_sum(CASE WHEN g.is_continuing AND g.firm_year = g.year THEN g.fixed_assets_constant_2010_mvnd END)
    END AS panel_capital_t,
    CASE
      WHEN COUNT(CASE WHEN g.is_continuing THEN g.fixed_assets_constant_2010_mvnd END) = COUNT(*) FILTER (WHERE g.is_continuing)
      THEN @exact_sum(CASE WHEN g.is_continuing AND g.firm_year = g.previous_year THEN g.fixed_assets_constant_2010_mvnd END)
    END AS panel_capital_previous,
    @exact_sum(CASE WHEN g.is_continuing AND g.firm_year = g.year THEN g.average_employees END) AS panel_labour_t,
    @exact_sum(CASE WHEN g.is_continuing AND g.firm_year = g.previous_year THEN g.average_employees END) AS panel_labour_previous,
    @exact_sum(CASE WHEN g.is_continuing AND g.firm_year = g.year THEN g.labour_cost_mvnd END) AS panel_labour_cost_t,
    @exact_sum(CASE WHEN g.is_continuing AND g.firm_year = g.previous_year THEN g.labour_cost_mvnd END) AS panel_labour_cost_previous,
    @exact_sum(CASE WHEN g.is_continuing AND g.firm_year = g.year THEN g.value_added_mvnd END) AS panel_nominal_t,
    @exact_sum(CASE WHEN g.is_continuing AND g.firm_year = g.previous_year THEN g.value_added_mvnd END) AS panel_nominal_previous,
    /* unbalanced: every enterprise of each year */
    @exact_sum(CASE WHEN g.firm_year = g.year THEN g.value_added_constant_2010_mvnd END) AS all_output_t,
    @exact_sum(CASE WHEN g.firm_year = g.previous_year THEN g.value_added_constant_2010_mvnd END) AS all_output_previous,
    @exact_sum(CASE WHEN g.firm_year = g.year THEN g.average_employees END) AS all_labour_t,
    @exact_sum(CASE WHEN g.firm_year = g.previous_year THEN g.average_employees END) AS all_labour_previous,
    /* decomposition: per group, enterprises, Σ L, Σ L φ and Σ φ */
    COUNT(*) FILTER (WHERE g.mp_group = 'S' AND g.firm_year = g.year) AS survivors,
    COUNT(*) FILTER (WHERE g.mp_group = 'E') AS entrants,
    COUNT(*) FILTER (WHERE g.mp_group = 'X') AS exiters,
    @exact_sum(CASE WHEN g.mp_group = 'S' AND g.firm_year = g.year THEN g.average_employees END) AS survivor_labour_t,
    @exact_sum(CASE WHEN g.mp_group = 'S' AND g.firm_year = g.previous_year THEN g.average_employees END) AS survivor_labour_previous,
    @exact_sum(CASE WHEN g.mp_group = 'S' AND g.firm_year = g.year THEN g.average_employees * g.log_productivity END) AS survivor_weighted_t,
    @exact_sum(CASE WHEN g.mp_group = 'S' AND g.firm_year = g.previous_year THEN g.average_employees * g.log_productivity END) AS survivor_weighted_previous,
    @exact_sum(CASE WHEN g.mp_group = 'S' AND g.firm_year = g.year THEN g.log_productivity END) AS survivor_sum_t,
    @exact_sum(CASE WHEN g.mp_group = 'S' AND g.firm_year = g.previous_year THEN g.log_productivity END) AS survivor_sum_previous,
    COALESCE(@exact_sum(CASE WHEN g.mp_group = 'E' THEN g.average_employees END), 0) AS entrant_labour,
    COALESCE(@exact_sum(CASE WHEN g.mp_group = 'E' THEN g.average_employees * g.log_productivity END), 0) AS entrant_weighted,
    COALESCE(@exact_sum(CASE WHEN g.mp_group = 'X' THEN g.average_employees END), 0) AS exiter_labour,
    COALESCE(@exact_sum(CASE WHEN g.mp_group = 'X' THEN g.average_employees * g.log_productivity END), 0) AS exiter_weighted
  FROM grouped AS g
  CROSS JOIN parameters AS p
  GROUP BY
    g.key_sector,
    g.year
), growth_inputs AS (
  /* the continuing enterprises' sums in the macro's shape: one series per key sector and t,
     with its two years (sums that are not positive have no logarithm) */
  SELECT
    c.key_sector || '|' || c.year::TEXT AS series_id,
    c.previous_year AS year,
    CASE WHEN c.has_constant_prices AND c.panel_output_previous > 0 THEN c.panel_output_previous END AS output,
    CASE WHEN c.panel_capital_previous > 0 THEN c.panel_capital_previous END AS capital,
    CASE WHEN c.panel_labour_previous > 0 THEN c.panel_labour_previous END AS labour,
    CASE WHEN c.panel_nominal_previous > 0 THEN c.panel_labour_cost_previous / c.panel_nominal_previous END AS labour_share,
    w.gso_labour_weight AS fixed_labour_share
  FROM cells AS c
  CROSS JOIN weights AS w
  UNION ALL
  SELECT
    c.key_sector || '|' || c.year::TEXT AS series_id,
    c.year,
    CASE WHEN c.has_constant_prices AND c.panel_output_t > 0 THEN c.panel_output_t END AS output,
    CASE WHEN c.panel_capital_t > 0 THEN c.panel_capital_t END AS capital,
    CASE WHEN c.panel_labour_t > 0 THEN c.panel_labour_t END AS labour,
    CASE WHEN c.panel_nominal_t > 0 THEN c.panel_labour_cost_t / c.panel_nominal_t END AS labour_share,
    w.gso_labour_weight AS fixed_labour_share
  FROM cells AS c
  CROSS JOIN weights AS w
), accounted AS (
  SELECT
    series_id,
    output_growth,
    capital_growth,
    labour_growth,
    labour_share_average,
    tfp_growth
  FROM (@growth_accounting(growth_inputs)) AS a
), decomposed AS (
  SELECT
    c.*,
    @safe_ratio(c.survivor_weighted_t, c.survivor_labour_t) AS survivor_weighted_mean_t,
    @safe_ratio(c.survivor_weighted_previous, c.survivor_labour_previous) AS survivor_weighted_mean_previous,
    @safe_ratio(c.survivor_sum_t, c.survivors) AS survivor_mean_t,
    @safe_ratio(c.survivor_sum_previous, c.survivors) AS survivor_mean_previous,
    @safe_ratio(c.survivor_weighted_t + c.entrant_weighted, c.survivor_labour_t + c.entrant_labour)
      - @safe_ratio(c.survivor_weighted_previous + c.exiter_weighted, c.survivor_labour_previous + c.exiter_labour) AS change,
    @primary_disclosure_reason(c.continuing_firms, c.largest_value_added, c.positive_value_added, c.min_enterprises, c.dominance_k) AS primary_reason
  FROM cells AS c
), final AS (
  SELECT
    d.*,
    COALESCE(
      d.primary_reason,
      CASE WHEN d.has_constant_prices AND d.survivors < d.min_enterprises THEN 'threshold' END
    ) AS suppression_reason,
    NOT COALESCE(
      d.primary_reason,
      CASE WHEN d.has_constant_prices AND d.survivors < d.min_enterprises THEN 'threshold' END
    ) IS NULL AS is_thin,
    d.entrants > 0 AND d.entrants < d.min_enterprises AS entry_effect_withheld,
    d.exiters > 0 AND d.exiters < d.min_enterprises AS exit_effect_withheld,
    d.survivor_mean_t - d.survivor_mean_previous AS mp_within,
    (d.survivor_weighted_mean_t - d.survivor_mean_t) - (d.survivor_weighted_mean_previous - d.survivor_mean_previous) AS mp_between,
    CASE
      WHEN d.entrants = 0
      THEN 0
      ELSE @safe_ratio(d.entrant_labour, d.survivor_labour_t + d.entrant_labour) * (
        @safe_ratio(d.entrant_weighted, d.entrant_labour) - d.survivor_weighted_mean_t
      )
    END AS mp_entry,
    CASE
      WHEN d.exiters = 0
      THEN 0
      ELSE @safe_ratio(d.exiter_labour, d.survivor_labour_previous + d.exiter_labour) * (
        d.survivor_weighted_mean_previous - @safe_ratio(d.exiter_weighted, d.exiter_labour)
      )
    END AS mp_exit,
    a.output_growth,
    a.capital_growth,
    a.labour_growth,
    a.labour_share_average,
    a.tfp_growth,
    CASE
      WHEN d.has_constant_prices
      AND d.all_output_t > 0
      AND d.all_output_previous > 0
      AND d.all_labour_t > 0
      AND d.all_labour_previous > 0
      THEN LN(d.all_output_t / d.all_labour_t) - LN(d.all_output_previous / d.all_labour_previous)
    END AS unbalanced_growth
  FROM decomposed AS d
  LEFT JOIN accounted AS a
    ON a.series_id = d.key_sector || '|' || d.year::TEXT
), published AS (
  SELECT
    *,
    NOT is_thin AND has_constant_prices AND survivors > 0 AS shows_measures,
    NOT is_thin AND has_constant_prices AND survivors > 0 AND NOT entry_effect_withheld AND NOT exit_effect_withheld AS shows_entry_exit
  FROM final
)
SELECT
  key_sector::TEXT AS key_sector, /* aquaculture (farming and processing) or textiles (textiles and garments) */
  year::INT AS year, /* survey year t: growth from t - 1 to t */
  previous_year::INT AS previous_year, /* t - 1 */
  firms_t::INT AS firms_t, /* enterprises of the key sector in the survey of t */
  firms_previous::INT AS firms_previous, /* enterprises of the key sector in the survey of t - 1 */
  continuing_firms::INT AS continuing_firms, /* in the key sector in both t - 1 and t: the balanced panel */
  entering_firms::INT AS entering_firms, /* in t, not in t - 1 (new to the survey, or moved into the key sector) */
  exiting_firms::INT AS exiting_firms, /* in t - 1, not in t (left the survey, or moved out of the key sector) */
  firms_excluded_nonpositive::INT AS firms_excluded_nonpositive, /* enterprises left out of the decomposition because their real value added or employees are not positive (a continuing one if so in either year), counted once */
  is_thin::BOOLEAN AS is_thin, /* too thin to read or to publish: every growth and decomposition measure is NULL */
  suppression_reason::TEXT AS suppression_reason, /* threshold (fewer continuing enterprises than disclosure_min_enterprises) or dominance ((n, k) rule on the continuing enterprises' value added in t); NULL when published */
  entry_effect_withheld::BOOLEAN AS entry_effect_withheld, /* fewer entrants with positive value added and employees than disclosure_min_enterprises (but at least one): entry and exit effects and the productivity change withheld */
  exit_effect_withheld::BOOLEAN AS exit_effect_withheld, /* the same for the exiters */
  CASE WHEN shows_measures THEN output_growth END::DOUBLE AS balanced_value_added_growth, /* Δln Σ real value added of the continuing enterprises */
  CASE WHEN shows_measures THEN labour_growth END::DOUBLE AS balanced_employment_growth, /* Δln Σ average employees of the continuing enterprises */
  CASE WHEN shows_measures THEN output_growth - labour_growth END::DOUBLE AS balanced_value_added_per_worker_growth, /* Δln(Σ real value added / Σ average employees) of the continuing enterprises */
  CASE WHEN shows_measures THEN capital_growth END::DOUBLE AS balanced_capital_growth, /* Δln Σ real fixed assets of the continuing enterprises */
  CASE WHEN shows_measures THEN labour_share_average END::DOUBLE AS balanced_labour_share_average, /* ᾱ: mean over t - 1 and t of Σ labour cost / Σ nominal value added of the continuing enterprises */
  CASE WHEN shows_measures THEN tfp_growth END::DOUBLE AS balanced_tfp_growth, /* Δln TFP of the continuing enterprises = Δln Y - (1 - ᾱ) Δln K - ᾱ Δln L (Törnqvist) */
  CASE WHEN shows_measures THEN unbalanced_growth END::DOUBLE AS unbalanced_value_added_per_worker_growth, /* Δln(Σ real value added / Σ average employees) of all enterprises of t against all of t - 1: the growth of the survey's aggregates, for comparison */
  CASE WHEN shows_entry_exit THEN change END::DOUBLE AS productivity_change, /* ΔΦ: change in aggregate log labour productivity Φ = Σ s_i ln(real value added_i / employees_i), employment-share weighted; = within + between + entry + exit */
  CASE WHEN shows_measures THEN mp_within END::DOUBLE AS within_effect, /* change in the survivors' unweighted mean log productivity */
  CASE WHEN shows_measures THEN mp_between END::DOUBLE AS between_effect, /* change in the survivors' covariance term (weighted minus unweighted mean): reallocation of employment among survivors */
  CASE WHEN shows_entry_exit THEN mp_entry END::DOUBLE AS entry_effect, /* s_E,t (Φ_E,t - Φ_S,t): entrants' employment share times their productivity gap to the survivors in t */
  CASE WHEN shows_entry_exit THEN mp_exit END::DOUBLE AS exit_effect, /* s_X,t-1 (Φ_S,t-1 - Φ_X,t-1): exiters' employment share times the survivors' productivity gap over them in t - 1 */
  CASE WHEN year >= 2025 THEN '91' ELSE '89' END::TEXT AS geography_code, /* the province the survey covers in t: old An Giang (89) to 2024, the merged An Giang (91) from 2025 */
  'constant_2010'::TEXT AS price_basis, /* value added and fixed assets at constant 2010 prices */
  2010::INT AS price_base_year, /* base year of the constant prices */
  'log difference'::TEXT AS unit, /* every growth and effect is a difference of natural logarithms (× 100 ≈ %) */
  CASE WHEN shows_measures THEN 'A' ELSE 'Q' END::TEXT AS obs_status, /* SDMX: Q suppressed or not computable (no constant prices), A normal */
  CASE
    WHEN suppression_reason = 'threshold' THEN 'A'
    WHEN suppression_reason = 'dominance' THEN 'G'
    ELSE 'F'
  END::TEXT AS conf_status, /* SDMX: A primary (too few continuing enterprises), G primary (dominance), F free */
  'enterprise survey (Điều tra doanh nghiệp)'::TEXT AS data_source, /* the sources and tables the row's numbers come from */
  @data_origin('enterprise_survey')::TEXT AS data_origin /* real or synthetic: the origin of the files the row is built from (the shipped sample is synthetic; reference lists are real) */
FROM published
