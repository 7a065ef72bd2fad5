"""The ``productivity`` command.

    productivity refresh                      build the whole warehouse (what `make run` does)
    productivity generate --scale N --seed S --out DIR
                                              write synthetic source exports at any scale
    productivity contracts [--out FILE]       render the source contracts as Markdown
    productivity report                       rebuild the report of the current release
    productivity ui [--port P]                the Dagster UI and daemon (what `make ui` runs)

Heavy libraries (Dagster, SQLMesh, Great Expectations) are imported inside the commands,
so ``productivity --help`` answers at once.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipelines.settings import export_tool_environment, load_settings

if TYPE_CHECKING:
    import dagster as dg


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="productivity", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    refresh = commands.add_parser(
        "refresh", help="materialise every asset in-process against the project's Dagster instance"
    )
    refresh.add_argument("--quiet", action="store_true", help="print only the summary")
    refresh.add_argument(
        "--force",
        action="store_true",
        help="run even when nothing has changed since the last successful refresh",
    )
    refresh.add_argument(
        "--repseudonymise",
        action="store_true",
        help="read every stored file again under the pseudonym key now in force (after a key "
        "change; every stored survey year's file must be in the landing folder)",
    )
    generate = commands.add_parser("generate", help="write synthetic source exports")
    generate.add_argument("--scale", type=float, default=1.0)
    generate.add_argument("--seed", type=int, default=2022)
    generate.add_argument("--out", type=Path, required=True)
    contracts = commands.add_parser(
        "contracts", help="render the source contracts as Markdown (sources/contracts/README.md)"
    )
    contracts.add_argument("--out", type=Path, help="write here instead of standard output")
    commands.add_parser(
        "report",
        help="rebuild the productivity report of the current release, without a refresh",
    )
    ui = commands.add_parser("ui", help="the Dagster UI and daemon on this project (dagster dev)")
    ui.add_argument("--port", default="3000")
    ui.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    if args.command == "ui":
        return ui_command(args.host, args.port)
    if args.command == "refresh":
        return refresh_command(
            quiet=args.quiet, repseudonymise=args.repseudonymise, force=args.force
        )
    if args.command == "contracts":
        return contracts_command(args.out)
    if args.command == "report":
        return report_command()
    return generate_command(args.scale, args.seed, args.out)


def ui_command(host: str, port: str) -> int:
    """Replace this process with `dagster dev`, stoppable by Ctrl-C and SIGTERM.

    A shell that starts a command in the background without job control (`make ui &`, a
    script) makes it ignore SIGINT; Python then installs no handler for it, and Dagster maps
    SIGTERM to the SIGINT handler, so `dagster dev` would ignore both and only SIGKILL would
    stop it. Both signals are set back to their defaults before Dagster starts.
    """
    import os
    import signal

    settings = load_settings()
    export_tool_environment(settings)
    _serve_data_docs(settings.data_docs_site)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    dagster = str(Path(sys.executable).parent / "dagster")
    arguments = ["dev", "-m", "pipelines.definitions", "--host", host, "--port", port]
    os.execv(dagster, [dagster, *arguments])
    return 0  # not reached


def _serve_data_docs(site: Path) -> None:
    """Serve the Data Docs over http on loopback beside the UI, which links to them there.

    The server is Python's own http.server in a child process that the kernel stops when this
    process (about to become `dagster dev`) ends, so it never outlives the UI.
    """
    import subprocess

    from pipelines.settings import DATA_DOCS_PORT, data_docs_url

    site.mkdir(parents=True, exist_ok=True)

    def stop_with_parent() -> None:
        import ctypes
        import signal

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)

    subprocess.Popen(
        [
            sys.executable,
            "-m",
            "http.server",
            str(DATA_DOCS_PORT),
            "--bind",
            "127.0.0.1",
            "--directory",
            str(site),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # this process has started no thread yet, so preexec_fn is safe here
        preexec_fn=stop_with_parent if sys.platform == "linux" else None,  # noqa: PLW1509
    )
    print(f"Data Docs served at {data_docs_url()}", flush=True)


def report_command() -> int:
    """Rebuild the report from the current release's own file (after a change to the report's
    code, say): a copy of the release with the new report becomes current in one switch."""
    from pipelines.lib.publishing import (
        CURRENT,
        PUBLISHED_DATABASE,
        REPORT_DIR,
        PublicationError,
        rebuild_part,
    )
    from pipelines.lib.report import write_report

    settings = load_settings()
    published = settings.warehouse_dir / "published"
    started = time.perf_counter()
    print(f"productivity report: rebuilding the report of {published / CURRENT} ...", flush=True)
    summary: dict[str, Any] = {}

    def build(staging: Path) -> None:
        summary.update(write_report(staging / PUBLISHED_DATABASE, staging / REPORT_DIR))

    try:
        release = rebuild_part(published, REPORT_DIR, build)
    except PublicationError as error:
        print(f"productivity report FAILED: {error}", file=sys.stderr)
        return 1
    print(f"  {len(summary.get('pages', []))} pages in {time.perf_counter() - started:.1f} s")
    print(f"Report: {published / CURRENT / REPORT_DIR / 'index.html'} (release {release.name})")
    return 0


def contracts_command(out: Path | None) -> int:
    from pipelines.ingest.contracts import render_markdown

    text = render_markdown()
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        print(f"wrote {out}")
    return 0


def generate_command(scale: float, seed: int, out: Path) -> int:
    from tools.synthetic import generate_sources

    started = time.perf_counter()
    written = generate_sources(out, scale=scale, seed=seed, progress=True)
    print(
        f"wrote {len(written)} files, {sum(written.values()):,} data rows, to {out} "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return 0


def _dagster_run_alive(run_id: str) -> bool | None:
    """Whether a Dagster run is still in progress (None when the instance does not know it).

    Imported only when the lease is held by a Dagster run: a refused refresh answers at once.
    """
    import dagster as dg

    with dg.DagsterInstance.get() as instance:
        run = instance.get_run_by_id(run_id) if run_id else None
        if run is None:
            return None
        return run.status in (
            dg.DagsterRunStatus.STARTING,
            dg.DagsterRunStatus.STARTED,
            dg.DagsterRunStatus.CANCELING,
        )


def refresh_command(quiet: bool = False, repseudonymise: bool = False, force: bool = False) -> int:
    import os

    os.umask(0o077)  # what the refresh writes is its owner's alone; publishing opens its part
    try:
        settings = load_settings()
    except ValueError as error:
        print(f"productivity refresh refused: {error}", file=sys.stderr)
        return 2
    export_tool_environment(settings)
    from pipelines.ingest.pseudonym import PseudonymKeyError, pseudonym_key

    try:
        pseudonym_key(settings.environment)
    except PseudonymKeyError as error:
        print(f"productivity refresh refused: {error}", file=sys.stderr)
        return 2
    from pipelines.lib.refresh_lease import RefreshBusyError, take_for_command_line

    # The lease of the warehouse file for the whole refresh: refused at once while another
    # refresh (from the command line, the UI, a sensor or a schedule) writes it. It is held
    # until this process has exited, when DuckDB has let go of the file: nothing gives it back.
    try:
        take_for_command_line(settings.warehouse_path, _dagster_run_alive)
    except RefreshBusyError as error:
        print(f"productivity refresh refused: {error}", file=sys.stderr)
        return 2
    return _refresh(settings, quiet, repseudonymise, force)


def _refresh(settings: Any, quiet: bool, repseudonymise: bool = False, force: bool = False) -> int:
    print(f"productivity refresh: warehouse {settings.warehouse_path}")
    from pipelines.ingest.pseudonym import pseudonym_key
    from pipelines.lib import refresh_state

    published = settings.warehouse_dir / "published"
    key = pseudonym_key(settings.environment)
    inputs = refresh_state.inputs_of(settings.landing_dir, published, settings.warehouse_path, key)
    since = (
        None
        if repseudonymise or force
        else refresh_state.unchanged_since(settings.warehouse_dir, inputs)
    )
    if since is not None:
        return _print_nothing_to_do(settings, since)
    refresh_state.forget(settings.warehouse_dir)  # written again only if this one succeeds
    print(f"  sources from {settings.landing_dir}; loading Dagster ...", flush=True)

    import dagster as dg

    print("  loading definitions (assets, checks, SQLMesh models) ...", flush=True)

    from pipelines.definitions import defs

    loading = time.perf_counter()
    definitions = defs()
    job = definitions.resolve_implicit_global_asset_job_def()
    print(
        f"  definitions loaded in {time.perf_counter() - loading:.1f} s: "
        f"{len(job.graph.node_dict)} steps",
        flush=True,
    )
    job = job.with_logger_defs({"progress": _progress_logger(quiet)})
    from pipelines.defs.ingest.assets import REPSEUDONYMISE_TAG, SURVEY_YEARS
    from pipelines.ingest.errors import SourceFileError
    from pipelines.ingest.landing import no_files_message, survey_files_by_year

    # Every survey year in the landing folder: the refresh loads them in one run, whatever
    # order they arrived in (partitions are calendar years; the survey asset's backfill
    # policy is a single run). A year that is not over yet is refused by the survey asset.
    try:
        years = sorted(survey_files_by_year(settings.landing_dir))
    except SourceFileError as error:
        print(f"productivity refresh FAILED: {error}", file=sys.stderr)
        return 1
    if not years:
        # the survey is partitioned by year: with no year there is no run to start, so say
        # plainly what is missing, in the words the other sources' assets use
        message = no_files_message(settings.landing_dir, "enterprise_survey")
        print(f"productivity refresh FAILED: {message}", file=sys.stderr)
        return 1
    known = set(SURVEY_YEARS.get_partition_keys())
    in_range = [y for y in years if y in known]
    tags = {"dagster/from": "productivity refresh"}
    if repseudonymise:
        tags[REPSEUDONYMISE_TAG] = "true"
    if in_range:
        tags |= {
            "dagster/asset_partition_range_start": in_range[0],
            "dagster/asset_partition_range_end": in_range[-1],
        }
    elif years:
        tags |= {  # only future years: the asset refuses them, naming the file
            "dagster/asset_partition_range_start": max(known),
            "dagster/asset_partition_range_end": max(known),
        }
    started = time.perf_counter()
    with dg.DagsterInstance.get() as instance:
        _release_dead_refreshes(instance)
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            run_config={"loggers": {"progress": {}}},
            tags=tags,
        )
    code = _print_summary(result, settings, time.perf_counter() - started)
    if code == 0:
        refresh_state.remember(
            settings.warehouse_dir,
            refresh_state.inputs_of(settings.landing_dir, published, settings.warehouse_path, key),
        )
    return code


def _print_nothing_to_do(settings: Any, since: str) -> int:
    """The same files, code and key as the last successful refresh: nothing to load, build,
    check or publish. What that refresh reported about the files still holds."""
    from pipelines.lib.load_report import load_report

    report = load_report(settings.warehouse_path)
    if report.lines():
        print("Files:")
        for line in report.lines():
            print(line)
    release = (settings.warehouse_dir / "published" / "current").resolve()
    print(
        f"Nothing has changed since the refresh that succeeded at {since.replace('T', ' ')} "
        f"(same files, code and key): release {release.name} stands."
    )
    print(f"Published release: {settings.warehouse_dir / 'published' / 'current'}")
    print("productivity refresh succeeded.")
    warning = report.warning()
    if warning:
        print(warning)
    return 0


def _release_dead_refreshes(instance: Any) -> None:
    """Close the books of CLI refreshes that died (killed, machine restart).

    We hold the refresh lock, so no other CLI refresh is alive: a CLI run still marked as
    started is dead. Its pool slot would otherwise stay claimed and block every later run.
    """
    import dagster as dg

    dead = instance.get_runs(
        filters=dg.RunsFilter(
            statuses=[dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING],
            tags={"dagster/from": "productivity refresh"},
        )
    )
    for run in dead:
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        instance.report_run_failed(run, "the refresh process died before the run ended")
        print(f"  released run {run.run_id} of a refresh that died", flush=True)


def _progress_logger(quiet: bool) -> dg.LoggerDefinition:
    import dagster as dg

    class ProgressHandler(logging.Handler):
        """Prints one line per step start, materialised asset, check and failure."""

        def __init__(self) -> None:
            super().__init__()
            self.seen: set[str] = set()  # a partitioned asset reports once per partition

        def emit(self, record: logging.LogRecord) -> None:
            meta = getattr(record, "dagster_meta", {})
            event = meta.get("dagster_event")
            if quiet:
                return
            if event is None:
                # what a step itself logs (each SQLMesh model as it is built, a publication
                # note): Dagster's own bookkeeping comes as events, at DEBUG
                if record.levelno >= logging.INFO:
                    mark = "⚠" if record.levelno >= logging.WARNING else "·"
                    print(
                        f"      {mark} {meta.get('orig_message', record.getMessage())}", flush=True
                    )
                return
            kind = event.event_type_value
            step = event.step_key or ""
            if kind == "STEP_START":
                print(f"  ▶ {step}", flush=True)
            elif kind == "ASSET_MATERIALIZATION":
                materialization = event.event_specific_data.materialization
                name = materialization.asset_key.to_user_string()
                if name in self.seen:
                    return
                self.seen.add(name)
                rows = materialization.metadata.get("dagster/row_count")
                count = f" ({rows.value:,} rows)" if rows is not None else ""
                print(f"    ✔ {name}{count}", flush=True)
            elif kind == "ASSET_CHECK_EVALUATION":
                evaluation = event.event_specific_data
                mark = "✔" if evaluation.passed else "✘"
                print(
                    f"    {mark} check {evaluation.check_name} on "
                    f"{evaluation.asset_key.to_user_string()}",
                    flush=True,
                )
            elif kind == "STEP_FAILURE":
                print(f"  ✘ {step} failed", flush=True)

    @dg.logger(None, description="concise progress lines for `productivity refresh`")
    def progress(_init_context: Any) -> logging.Logger:
        logger = logging.getLogger("productivity.refresh")
        logger.setLevel(logging.DEBUG)  # step events are logged at DEBUG; the handler filters
        logger.handlers = [ProgressHandler()]
        logger.propagate = False
        return logger

    return progress


def _root_cause(error: Any) -> str:
    """The message of the error the step raised, below the wrappers Dagster adds around it.

    Only Dagster's own wrappers are unwrapped: a project error (say a SourceFileError naming
    file, sheet and row) is shown as raised, not replaced by the library error it wraps.
    """
    if error is None:
        return "unknown error"
    while error.cause is not None and (error.cls_name or "").startswith("Dagster"):
        error = error.cause
    return error.message.strip()


def _print_summary(result: Any, settings: Any, seconds: float) -> int:
    # A partitioned asset is materialised once per partition; list it once, with its count.
    materialized: dict[str, tuple[Any, int]] = {}
    for event in result.get_asset_materialization_events():
        materialization = event.event_specific_data.materialization
        name = materialization.asset_key.to_user_string()
        _, partitions = materialized.get(name, (None, 0))
        materialized[name] = (materialization, partitions + (1 if materialization.partition else 0))
    checks = result.get_asset_check_evaluations()
    failed_checks = [c for c in checks if not c.passed]
    failures = [e for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    started = {e.step_key for e in result.all_events if e.event_type_value == "STEP_START"}
    # A step behind a failed step or a failed blocking check never starts.
    not_run = sorted(set(result.job_def.graph.node_dict) - started)
    print()
    print(f"Tables built ({len(materialized)}):")
    for name, (materialization, partitions) in materialized.items():
        rows = materialization.metadata.get("dagster/row_count")
        count = f"{rows.value:>10,}" if rows is not None else "    (same)"
        suffix = f"  ({partitions} partitions)" if partitions else ""
        print(f"  {count}  {name}{suffix}")
    print(f"Checks: {len(checks) - len(failed_checks)} passed, {len(failed_checks)} failed")
    for check in failed_checks:
        description = check.description or ""
        print(f"  ✘ {check.check_name} on {check.asset_key.to_user_string()}: {description}")
    for event in failures:
        print(f"  ✘ step {event.step_key} failed: {_root_cause(event.event_specific_data.error)}")
    if not_run:
        print(f"Not run because something upstream failed: {', '.join(not_run)}")
    from pipelines.lib.load_report import load_report

    report = load_report(settings.warehouse_path)
    if report.lines():
        print("Files:")
        for line in report.lines():
            print(line)
    print(f"Warehouse: {settings.warehouse_path}")
    print(f"Published release: {settings.warehouse_dir / 'published' / 'current'}")
    print(f"Dagster run {result.run_id} in {seconds:.1f} s (see `make ui`)")
    ok = result.success and not failed_checks and not failures
    warning = report.warning()
    if not ok:
        if warning:
            print(warning, file=sys.stderr)
        print(
            "productivity refresh FAILED: see the failures above; the published release is "
            "unchanged.",
            file=sys.stderr,
        )
        return 1
    print("productivity refresh succeeded.")
    if warning:
        print(warning)
    return 0


if __name__ == "__main__":
    sys.exit(main())
