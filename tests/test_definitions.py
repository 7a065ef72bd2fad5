"""The Dagster definitions load, and the asset graph is the one reviewers expect."""

from __future__ import annotations

import dagster as dg

from pipelines.definitions import defs

# The asset graph as it should be. An asset renamed or dropped by accident shows up here.
EXPECTED_ASSETS = {
    "raw/yearbook_cells",
    "raw/enterprise_survey",
    "raw/research_tasks",
    "raw/research_recipients",
    "reference/administrative_crosswalk_2025",
    "reference/provinces",
    "reference/provinces_2025",
    "reference/regions",
    "reference/key_sectors",
    "raw/load_log",
    "reference/administrative_units",
    "reference/administrative_units_2025",
    "reference/analysis_periods",
    "reference/employment_definitions",
    "staging/stg_statistics_office__pxweb_cells",
    "intermediate/int_official_series_latest",
    "marts/fct_official_labour_productivity",
    "marts/fct_official_series",
    "marts/fct_official_revisions",
    "raw/pxweb_cells",
    "reference/productivity_parameters",
    "reference/vsic_2018",
    "staging/stg_statistics_office__yearbook_cells",
    "staging/stg_enterprise_survey__enterprise_years",
    "staging/stg_research_registry__tasks",
    "staging/stg_research_registry__recipients",
    "intermediate/int_yearbook_series_latest",
    "intermediate/int_sector_year_inputs",
    "intermediate/int_vsic_hierarchy",
    "intermediate/int_enterprise_years_measured",
    "intermediate/int_growth_accounting_inputs",
    "marts/dim_geography",
    "marts/dim_sector",
    "marts/dim_year",
    "marts/bridge_geography_crosswalk",
    "marts/fct_labour_productivity",
    "marts/fct_capital_stock",
    "marts/fct_growth_accounting",
    "marts/fct_shift_share",
    "marts/fct_enterprise_productivity",
    "marts/fct_yearbook_revisions",
    "marts/fct_research_results_by_theme",
    "reference/productivity_criteria",
    "reference/usd_vnd_exchange_rates",
    "reference/st_fields",
    "reference/research_theme_sectors",
    "intermediate/int_key_sector_year_measures",
    "intermediate/int_key_sector_indicator_values",
    "marts/dim_st_field_crosswalk",
    "marts/fct_research_results",
    "marts/bridge_research_result_recipients",
    "marts/fct_key_sector_scorecard",
    "marts/fct_decision36_progress",
    "marts/fct_research_transfer_impact",
    "intermediate/int_quality_reconciliations",
    "published/release",
    "raw/landing_inventory",
    "reference/plausible_ranges",
    "reference/series_breaks",
    "reference/sdmx_obs_status",
    "reference/sdmx_conf_status",
    "reference/tfp_assumption_grid",
    "marts/fct_growth_accounting_assumptions",
    "marts/fct_decision36_assumptions",
    "marts/fct_key_sector_productivity_dynamics",
    "marts/fct_research_impact_event_study",
}


def test_definitions_load_with_every_asset() -> None:
    definitions = defs()
    keys = {key.to_user_string() for key in definitions.resolve_all_asset_keys()}
    assert keys == EXPECTED_ASSETS


def test_sqlmesh_dependencies_become_asset_dependencies() -> None:
    graph = defs().resolve_asset_graph()
    parents = graph.get(
        dg.AssetKey(["staging", "stg_enterprise_survey__enterprise_years"])
    ).parent_keys
    assert parents == {
        dg.AssetKey(["raw", "enterprise_survey"]),
        # the commune a row names is looked up among the units valid at the end of its year
        dg.AssetKey(["reference", "administrative_units"]),
        dg.AssetKey(["reference", "administrative_units_2025"]),
    }
    mart = graph.get(dg.AssetKey(["marts", "fct_labour_productivity"])).parent_keys
    assert mart == {
        dg.AssetKey(["intermediate", "int_sector_year_inputs"]),
        dg.AssetKey(["intermediate", "int_official_series_latest"]),
        dg.AssetKey(["reference", "employment_definitions"]),
        dg.AssetKey(["reference", "series_breaks"]),  # the break years its growth may not cross
        dg.AssetKey(["raw", "load_log"]),  # where the yearbook files' data origin is recorded
        dg.AssetKey(["reference", "plausible_ranges"]),  # the bounds its audit checks
    }


def test_audits_and_suites_are_asset_checks() -> None:
    graph = defs().resolve_asset_graph()
    checks = {key.to_user_string() for key in graph.asset_check_keys}
    assert "marts/fct_labour_productivity:unique_combination_of_columns" in checks
    assert "raw/enterprise_survey:gx_raw_enterprise_survey" in checks
    assert "raw/yearbook_cells:gx_raw_yearbook_cells" in checks


def test_great_expectations_checks_are_blocking() -> None:
    definitions = defs()
    gx_checks = [
        spec
        for checks_def in definitions.asset_checks or []
        for spec in checks_def.check_specs
        if spec.name.startswith("gx_")
    ]
    assert gx_checks
    assert all(spec.blocking for spec in gx_checks)


def test_every_step_holds_the_warehouse_lease_and_runs_in_one_process() -> None:
    definitions = defs()
    job = definitions.resolve_implicit_global_asset_job_def()
    # Every step opens the DuckDB file (GX checks too: DuckDB refuses even a reader while
    # another process writes) through the `warehouse` resource, which holds the refresh lease.
    resources = {
        node.name: node.definition.required_resource_keys for node in job.graph.node_dict.values()
    }
    assert len(resources) >= 5
    assert [name for name, keys in resources.items() if "warehouse" not in keys] == []
    # one process per run, whoever starts it: no two steps of a run open the file at once
    assert job.executor_def.name == "in_process"


def test_every_step_of_a_refresh_is_timed_in_a_benchmark_stage() -> None:
    # `make bench` splits a refresh's time into stages by step name; a step it cannot place
    # would silently count as orchestration overhead.
    from benchmarks.refresh_benchmark import STAGES, stage_of

    job = defs().resolve_implicit_global_asset_job_def()
    stages = {name: stage_of(name) for name in job.graph.node_dict}
    assert {name for name, stage in stages.items() if stage not in STAGES} == set()
    assert set(stages.values()) == set(STAGES)
    assert stages["sqlmesh_models"] == "sqlmesh"
    assert stages["raw__enterprise_survey_gx_raw_enterprise_survey"] == "validation"


def test_the_benchmark_reads_each_models_time_from_the_sqlmesh_steps_log() -> None:
    # `make bench` breaks the SQLMesh step down by model from the messages the step logs; a
    # change of wording on either side would leave the breakdown silently empty.
    from types import SimpleNamespace

    from benchmarks.refresh_benchmark import model_seconds
    from pipelines.lib.sqlmesh_project import _recording_console

    messages: list[str] = []
    console = _recording_console(progress=messages.append)
    survey = SimpleNamespace(name='"productivity"."intermediate"."int_enterprise_years_measured"')
    mart = SimpleNamespace(name='"productivity"."marts"."dim_year"')
    console.update_snapshot_evaluation_progress(survey, (0, 1), 0, 1500, 2, 0)
    console.update_snapshot_evaluation_progress(survey, (1, 2), 1, 2250, 2, 0)
    console.update_snapshot_evaluation_progress(mart, (0, 1), 0, 40, 1, 0)
    console.update_snapshot_evaluation_progress(mart, (0, 1), 0, None, 0, 0)  # no duration
    assert model_seconds(messages) == {
        "intermediate.int_enterprise_years_measured": 3.75,  # two yearly batches, 1.5 + 2.25
        "marts.dim_year": 0.04,
    }


def test_the_ui_offers_the_monthly_schedule_and_the_landing_sensor_switched_off() -> None:
    definitions = defs()
    schedule = definitions.resolve_schedule_def("monthly_refresh")
    assert schedule.cron_schedule == "0 2 1 * *"  # 02:00 on the 1st
    assert schedule.execution_timezone == "Asia/Ho_Chi_Minh"
    assert schedule.default_status == dg.DefaultScheduleStatus.STOPPED
    sensor = definitions.resolve_sensor_def("landing_folder_sensor")
    assert sensor.default_status == dg.DefaultSensorStatus.STOPPED
