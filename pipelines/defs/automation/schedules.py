"""The monthly refresh stewards can switch on in the UI (Automation tab)."""

import dagster as dg

from pipelines.defs.ingest.assets import SURVEY_YEARS_NAME


@dg.schedule(
    name="monthly_refresh",
    cron_schedule="0 2 1 * *",  # 02:00 on the 1st of every month
    execution_timezone="Asia/Ho_Chi_Minh",
    target=dg.AssetSelection.all(),
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Refresh the whole warehouse once a month: every source (all survey years), "
    "every model, every check, and the publication.",
)
def monthly_refresh(context: dg.ScheduleEvaluationContext) -> dg.RunRequest | dg.SkipReason:
    years = sorted(context.instance.get_dynamic_partitions(SURVEY_YEARS_NAME))
    if not years:
        return dg.SkipReason(
            "no survey year is known yet: switch on the landing-folder sensor or run "
            "`productivity refresh` once"
        )
    return dg.RunRequest(
        run_key=None,
        tags={
            "dagster/asset_partition_range_start": years[0],
            "dagster/asset_partition_range_end": years[-1],
            "trigger": "monthly_refresh",
        },
    )
