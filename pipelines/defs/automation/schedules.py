"""The monthly refresh stewards can switch on in the UI (Automation tab)."""

import dagster as dg

from pipelines.defs.ingest.assets import SURVEY_YEARS
from pipelines.ingest.errors import SourceFileError
from pipelines.ingest.landing import survey_files_by_year
from pipelines.settings import load_settings


@dg.schedule(
    name="monthly_refresh",
    cron_schedule="0 2 1 * *",  # 02:00 on the 1st of every month
    execution_timezone="Asia/Ho_Chi_Minh",
    target=dg.AssetSelection.all(),
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Refresh the whole warehouse once a month: every source (every survey year in "
    "the landing folder), every model, every check, and the publication.",
)
def monthly_refresh(context: dg.ScheduleEvaluationContext) -> dg.RunRequest | dg.SkipReason:
    try:
        years = sorted(survey_files_by_year(load_settings().landing_dir))
    except SourceFileError as error:
        return dg.SkipReason(f"the landing folder cannot be refreshed: {error}")
    known = set(SURVEY_YEARS.get_partition_keys())
    in_range = [y for y in years if y in known] or sorted(known)[-1:]
    if not years:
        return dg.SkipReason(
            "no survey file in the landing folder: nothing to refresh the survey from"
        )
    return dg.RunRequest(
        run_key=None,
        tags={
            "dagster/asset_partition_range_start": in_range[0],
            "dagster/asset_partition_range_end": in_range[-1],
            "trigger": "monthly_refresh",
        },
    )
