"""`make bench`: full, unchanged and incremental refresh at scale 1, 10 and 100, against a
like-for-like DuckDB baseline whose marts must equal the refresh's.

For each scale it generates the synthetic sources, then times, as a steward runs them
(`productivity refresh` in its own process, the project's real Dagster instance):

- **full**: every source, all survey years, into an empty warehouse;
- **unchanged**: the same warehouse refreshed again with nothing changed;
- **incremental**: a warehouse already refreshed without the last survey year, after that
  year's file lands;
- **baseline**: the same work with the fewest tools (benchmarks/direct_duckdb.py: DuckDB
  reading every source, the contract's rules, the keyed HMAC and the quarantine in SQL, every
  model's SQL, the publication), whose raw tables and marts are then compared with the full
  refresh's, row for row, floats to 1e-9 (benchmarks/mart_equality.py). A mismatch fails the
  run: a floor that does less work than the refresh is no floor.

Each refresh is split into stages from Dagster's own step timings (ingest, validation, SQLMesh
models, publishing); what remains of the wall time is the process start-up and orchestration.
Peak memory is the proportional set size (PSS) of the refresh's whole process tree, sampled
every 200 ms (more often, the sampling itself costs the refresh CPU on two cores).
Results go to benchmarks/results.json and benchmarks/results.md; every target of issue #17 is
printed MET, MISSED or not measured, and the run fails (exit 1) when one is missed or the
baseline's marts differ.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipelines.settings import isolated_refresh_environment

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = PROJECT_ROOT / "benchmarks"
PRODUCTIVITY = str(Path(sys.executable).parent / "productivity")
GIB = 1024**3


@dataclass(frozen=True)
class Target:
    """A target `make bench` checks: ``measure`` of the results at ``scale`` ≤ ``limit``."""

    label: str
    scale: float
    measure: str  # a key of measures()
    limit: float
    unit: str  # how the figure and the limit are shown: "s", "x", "%" or "GiB"

    def shown(self, value: float) -> str:
        if self.unit == "%":
            return f"{100 * value:.0f} %"
        if self.unit == "GiB":
            return f"{value / GIB:.2f} GiB"
        return f"{value:.1f} {self.unit}" if self.unit == "s" else f"{value:.2f}x"


# The targets of issue #17 (2026-11-26), each at the scale it names.
TARGETS = (
    Target("full refresh ÷ like-for-like baseline", 100, "full_over_baseline", 2.0, "x"),
    Target("incremental (one new survey year) ÷ full", 100, "incremental_over_full", 0.20, "%"),
    Target("full refresh", 1, "full_seconds", 10.0, "s"),
    Target("refresh with nothing changed", 1, "unchanged_seconds", 5.0, "s"),
    Target("peak memory, full refresh", 1000, "full_peak_bytes", 4 * GIB, "GiB"),
)


def measures(result: dict[str, Any]) -> dict[str, float]:
    """The figures of one scale's result that targets can name (those this run measured)."""
    figures = {
        "full_seconds": result["full"]["wall_seconds"],
        "full_peak_bytes": result["full"]["peak_bytes"],
    }
    if "unchanged" in result:
        figures["unchanged_seconds"] = result["unchanged"]["wall_seconds"]
    for ratio in ("full_over_baseline", "full_over_models_only", "incremental_over_full"):
        if ratio in result:
            figures[ratio] = result[ratio]
    return figures


def target_outcomes(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every target with its figure from this run and MET, MISSED or "not measured"."""
    outcomes = []
    for target in TARGETS:
        result = next((r for r in results if r["scale"] == target.scale), None)
        value = measures(result).get(target.measure) if result else None
        outcome = {**asdict(target), "value": value}
        if value is None:
            outcome["status"] = "not measured"
            outcome["text"] = f"scale {target.scale:g}: {target.label}: not measured by this run"
        else:
            outcome["status"] = "MET" if value <= target.limit else "MISSED"
            outcome["text"] = (
                f"scale {target.scale:g}: {target.label}: {target.shown(value)} "
                f"(target ≤ {target.shown(target.limit)})"
            )
        outcomes.append(outcome)
    return outcomes


STAGES = ("ingest", "validation", "sqlmesh", "publishing")


def stage_of(step_key: str) -> str:
    """Which stage a Dagster step belongs to (step keys as the refresh job names them)."""
    if "_gx_" in step_key:
        return "validation"
    if step_key.startswith(("raw__", "research_registry")):
        return "ingest"
    if step_key == "sqlmesh_models":
        return "sqlmesh"
    if step_key.startswith("published__"):
        return "publishing"
    return "other"


@dataclass
class StageFigures:
    seconds: float = 0.0
    peak_bytes: int = 0


@dataclass
class RefreshFigures:
    wall_seconds: float
    peak_bytes: int
    survey_rows: int  # survey rows this refresh had to take in
    stages: dict[str, StageFigures] = field(default_factory=dict)
    # seconds SQLMesh spent evaluating each model (with its audits), all batches together
    model_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def orchestration_seconds(self) -> float:
        """Start-up, definitions, Dagster's bookkeeping: wall time outside every step."""
        return self.wall_seconds - sum(s.seconds for s in self.stages.values())


class TreeMemorySampler:
    """Peak memory of a process and all its children, sampled in a thread.

    Each process counts its proportional set size (PSS): pages shared between SQLMesh's forked
    workers and their parent are counted once, not once per process as RSS would.
    """

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        self.pid, self.interval = pid, interval
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self._stop.is_set():
            total = 0
            try:
                for process in [root, *root.children(recursive=True)]:
                    try:
                        total += _proportional_set_size(process)
                    except psutil.NoSuchProcess:
                        continue
            except psutil.NoSuchProcess:
                return
            self.samples.append((time.time(), total))
            self._stop.wait(self.interval)

    def peak(self, start: float = 0.0, end: float = float("inf")) -> int:
        return max((memory for t, memory in self.samples if start <= t <= end), default=0)


def _proportional_set_size(process: Any) -> int:
    """PSS from /proc/<pid>/smaps_rollup (cheap, unlike psutil's full smaps walk); RSS elsewhere."""
    try:
        with open(f"/proc/{process.pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024  # kB
    except OSError:
        pass
    return int(process.memory_info().rss)


def timed_refresh(work: Path, landing: Path, survey_rows: int) -> RefreshFigures:
    """Run `productivity refresh` and split its wall time and memory into stages."""
    started, started_at = time.perf_counter(), time.time()
    process = subprocess.Popen(
        [PRODUCTIVITY, "refresh", "--quiet"],
        env=isolated_refresh_environment(work, landing),
        cwd=work,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    with TreeMemorySampler(process.pid) as sampler:
        output, _ = process.communicate()
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"refresh in {work} failed (exit {process.returncode}):\n{output}")
    figures = RefreshFigures(wall, sampler.peak(), survey_rows)
    for name in STAGES:
        figures.stages[name] = StageFigures()
    steps, messages = _run_record(work, landing, started_at)
    for step_key, step_start, step_end in steps:
        stage = figures.stages.setdefault(stage_of(step_key), StageFigures())
        stage.seconds += step_end - step_start
        stage.peak_bytes = max(stage.peak_bytes, sampler.peak(step_start, step_end))
    figures.model_seconds = model_seconds(messages)
    return figures


# The SQLMesh step logs each model as it is evaluated: "built <model> in <seconds> s"
# (pipelines/lib/sqlmesh_project._recording_console).
BUILT_MODEL = re.compile(r"^built (\S+) in ([0-9.]+) s")


def model_seconds(messages: list[str]) -> dict[str, float]:
    """Seconds per model from the SQLMesh step's log, summed over a model's batches."""
    seconds: dict[str, float] = {}
    for message in messages:
        match = BUILT_MODEL.match(message)
        if match:
            name, value = match.group(1), float(match.group(2))
            seconds[name] = seconds.get(name, 0.0) + value
    return seconds


def _run_record(
    work: Path, landing: Path, since: float
) -> tuple[list[tuple[str, float, float]], list[str]]:
    """(step key, start, end) of each step of the Dagster run in ``work`` that started after
    ``since`` (epoch seconds), and the run's log messages; none when the refresh answered
    without a run (nothing had changed)."""
    code = (
        "import json, dagster as dg\n"
        "i = dg.DagsterInstance.get()\n"
        "runs = i.get_runs(limit=1)\n"
        "started = i.get_run_stats(runs[0].run_id).start_time if runs else None\n"
        "steps = i.get_run_step_stats(runs[0].run_id) if runs else []\n"
        "logs = [e.user_message for e in i.all_logs(runs[0].run_id)] if runs else []\n"
        "print(json.dumps([started, [(s.step_key, s.start_time, s.end_time) for s in steps], "
        "logs]))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code],
        env=isolated_refresh_environment(work, landing),
        capture_output=True,
        text=True,
        check=True,
    )
    started, steps, messages = json.loads(completed.stdout.strip().splitlines()[-1])
    if started is None or started < since:
        return [], []
    return [tuple(step) for step in steps], messages


def survey_rows_by_year(warehouse: Path) -> dict[int, int]:
    """Survey rows that came in, by year: loaded plus quarantined (nothing is lost)."""
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as connection:
        rows = connection.execute(
            "SELECT survey_year, count(*) FROM (SELECT survey_year FROM raw.enterprise_survey "
            "UNION ALL SELECT TRY_CAST(survey_year AS INTEGER) "
            "FROM raw.enterprise_survey_quarantine) GROUP BY ALL"
        ).fetchall()
    return {int(year): int(count) for year, count in rows if year is not None}


def bench_scale(scale: float, work_root: Path, full_only: bool = False) -> dict[str, Any]:
    from benchmarks.direct_duckdb import DATABASE_NAME, run_baseline
    from benchmarks.mart_equality import compare_with_refresh

    work = work_root / f"scale-{scale:g}"
    shutil.rmtree(work, ignore_errors=True)
    generated = work / "generated"
    print(f"scale {scale:g}: generating the synthetic sources …", flush=True)
    started = time.perf_counter()
    subprocess.run(
        [
            PRODUCTIVITY,
            "generate",
            "--scale",
            str(scale),
            "--seed",
            "2022",
            "--out",
            str(generated),
        ],
        check=True,
        capture_output=True,
    )
    generate_seconds = time.perf_counter() - started
    # The statistics office's PX-Web extracts are real files, shipped with the sample and not
    # generated: every scale reads the same ones (they do not grow with the survey).
    pxweb = PROJECT_ROOT / "sources" / "statistics_office_pxweb"
    if not (generated / pxweb.name).exists():
        shutil.copytree(pxweb, generated / pxweb.name)
    survey_files = sorted((generated / "enterprise_survey").iterdir())
    print(f"scale {scale:g}: full refresh …", flush=True)
    full_work = _fresh(work / "full")
    full = timed_refresh(full_work, generated, survey_rows=0)
    rows = survey_rows_by_year(full_work / "warehouse" / "productivity.duckdb")
    full.survey_rows = total_rows = sum(rows.values())
    last_year = max(rows)
    result: dict[str, Any] = {
        "scale": scale,
        "survey_rows": total_rows,
        "generate_seconds": generate_seconds,
        "full": _as_dict(full),
    }
    if full_only:
        return result

    print(f"scale {scale:g}: the same refresh again, nothing changed …", flush=True)
    result["unchanged"] = _as_dict(timed_refresh(full_work, generated, survey_rows=0))

    print(f"scale {scale:g}: incremental refresh (survey year {last_year} lands) …", flush=True)
    landing = work / "incremental_landing"
    shutil.copytree(generated, landing)
    held_back = work / "held_back"
    held_back.mkdir()
    (new_file,) = [
        landing / "enterprise_survey" / p.name for p in survey_files if str(last_year) in p.name
    ]
    shutil.move(new_file, held_back / new_file.name)
    incremental_work = _fresh(work / "incremental")
    timed_refresh(incremental_work, landing, total_rows - rows[last_year])
    shutil.move(held_back / new_file.name, new_file)
    incremental = timed_refresh(incremental_work, landing, rows[last_year])

    print(f"scale {scale:g}: like-for-like baseline (DuckDB from the same files) …", flush=True)
    baseline = run_baseline(PROJECT_ROOT, generated, work / "base")
    print(f"scale {scale:g}: comparing the baseline's tables with the refresh's …", flush=True)
    mismatches = compare_with_refresh(work / "base" / DATABASE_NAME, full_work / "warehouse")
    models_only = baseline.model_seconds + baseline.publish_seconds
    return {
        **result,
        "new_year_rows": rows[last_year],
        "incremental": _as_dict(incremental),
        "baseline": {
            **asdict(baseline),
            "ingest_seconds": baseline.ingest_seconds,
            "total_seconds": baseline.total_seconds,
            "models_only_seconds": models_only,
        },
        "baseline_mismatches": [str(mismatch) for mismatch in mismatches],
        "full_over_baseline": full.wall_seconds / baseline.total_seconds,
        "full_over_models_only": full.wall_seconds / models_only,
        "incremental_over_full": incremental.wall_seconds / full.wall_seconds,
    }


def _fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def _as_dict(figures: RefreshFigures) -> dict[str, Any]:
    return {
        "wall_seconds": figures.wall_seconds,
        "peak_bytes": figures.peak_bytes,
        "survey_rows": figures.survey_rows,
        "orchestration_seconds": figures.orchestration_seconds,
        "model_seconds": figures.model_seconds,
        "stages": {
            name: {
                "seconds": stage.seconds,
                "peak_bytes": stage.peak_bytes,
                "rows_per_second": figures.survey_rows / stage.seconds if stage.seconds else None,
            }
            for name, stage in figures.stages.items()
        },
    }


def machine() -> dict[str, Any]:
    import psutil

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / GIB, 1),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


def write_results(results: list[dict[str, Any]], about: dict[str, Any], name: str) -> list[Path]:
    """benchmarks/<name>.json (every figure) and benchmarks/<name>.md (the tables)."""
    as_json, as_markdown = RESULTS_DIR / f"{name}.json", RESULTS_DIR / f"{name}.md"
    as_json.write_text(
        json.dumps({**about, "results": results}, indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    as_markdown.write_text(render_markdown(results, about), encoding="utf-8")
    return [as_json, as_markdown]


def render_markdown(results: list[dict[str, Any]], about: dict[str, Any]) -> str:
    host = about["machine"]
    assert isinstance(host, dict)
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` on {about['date']}: {host['cpu']}, {host['cores']} cores, "
        f"{host['memory_gib']} GiB, {host['system']}, Python {host['python']}. "
        "Synthetic data from `productivity generate --seed 2022`. Times are wall-clock seconds "
        "of one run; memory is the peak proportional set size (PSS) of the refresh's whole "
        "process tree (pages shared by forked workers counted once).",
        "",
        "| scale | survey rows | refresh | wall s | peak MiB | ingest s | validation s | "
        "SQLMesh s | publishing s | start-up and orchestration s | rows/s (wall) |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        for kind in ("full", "unchanged", "incremental"):
            if kind not in result:
                continue
            figures = result[kind]
            stages = figures["stages"]
            lines.append(
                f"| {result['scale']:g} | {figures['survey_rows']:,} | {kind} | "
                f"{figures['wall_seconds']:.1f} | {figures['peak_bytes'] / 2**20:,.0f} | "
                + " | ".join(f"{stages[s]['seconds']:.1f}" for s in STAGES)
                + f" | {figures['orchestration_seconds']:.1f} | "
                f"{figures['survey_rows'] / figures['wall_seconds']:,.0f} |"
            )
    with_baseline = [result for result in results if "baseline" in result]
    if with_baseline:
        lines += [
            "",
            "Baseline (like for like, benchmarks/direct_duckdb.py): the same work with the "
            "fewest tools, from the same landing folder into an empty DuckDB file: ingest "
            "(DuckDB reading every source, Excel through fastexcel; the contract's rules, the "
            "keyed HMAC and the quarantine in SQL; the yearbook and PX-Web tables by the "
            "pipeline's own parsers), every model's SQL, the publication's DuckDB file and "
            "Parquet. *Models only* is the old floor: the models' SQL and the publication "
            "alone. *Equal* is the check that its raw tables and marts are the refresh's, row "
            "for row, floats to 1e-9.",
            "",
            "| scale | ingest s | models s | publish s | baseline s | full ÷ baseline | "
            "full ÷ models only | incremental ÷ full | equal |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
    for result in with_baseline:
        base = result["baseline"]
        mismatches = result["baseline_mismatches"]
        lines.append(
            f"| {result['scale']:g} | {base['ingest_seconds']:.2f} | "
            f"{base['model_seconds']:.2f} | {base['publish_seconds']:.2f} | "
            f"{base['total_seconds']:.2f} | {result['full_over_baseline']:.2f}x | "
            f"{result['full_over_models_only']:.2f}x | "
            f"{100 * result['incremental_over_full']:.0f}% | "
            + ("yes" if not mismatches else f"**no: {len(mismatches)} differences**")
            + " |"
        )
    for result in with_baseline:
        lines += [f"- scale {result['scale']:g}: {m}" for m in result["baseline_mismatches"]]
    lines += slowest_models_section(results)
    lines += ["", "## Targets (issue #17)", ""]
    lines += [f"- {outcome['status']}: {outcome['text']}" for outcome in about["targets"]]
    return "\n".join(lines) + "\n"


SLOWEST_MODELS_SHOWN = 12


def slowest_models_section(results: list[dict[str, Any]]) -> list[str]:
    """Where the SQLMesh step of the largest scale's refreshes went, model by model: the
    slowest models, and what the step spent outside evaluating models (context, plan, state,
    reading back row counts and audits)."""
    if not results:
        return []
    result = max(results, key=lambda r: r["scale"])
    kinds = [k for k in ("full", "incremental") if result.get(k, {}).get("model_seconds")]
    if not kinds:
        return []
    lines = [
        "",
        f"## The SQLMesh step at scale {result['scale']:g}, model by model",
        "",
        "Seconds SQLMesh took to evaluate each model, with its audits (from the step's log), "
        f"the {SLOWEST_MODELS_SHOWN} slowest of the full refresh; *outside the models* is the "
        "rest of the step: reading the project, plan and state, reading back row counts and "
        "audits.",
        "",
        "| model | " + " | ".join(f"{kind} s" for kind in kinds) + " |",
        "|---|" + "---:|" * len(kinds),
    ]
    per_kind = {kind: result[kind]["model_seconds"] for kind in kinds}
    ranked = sorted(per_kind[kinds[0]], key=lambda m: -per_kind[kinds[0]][m])
    shown = ranked[:SLOWEST_MODELS_SHOWN]
    for name in shown:
        cells = [f"{per_kind[k][name]:.2f}" if name in per_kind[k] else "not built" for k in kinds]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    others = {k: [v for m, v in per_kind[k].items() if m not in shown] for k in kinds}
    lines.append(
        "| the other models | "
        + " | ".join(f"{sum(others[k]):.2f} ({len(others[k])} built)" for k in kinds)
        + " |"
    )
    outside = {
        k: result[k]["stages"]["sqlmesh"]["seconds"] - sum(per_kind[k].values()) for k in kinds
    }
    lines.append("| outside the models | " + " | ".join(f"{outside[k]:.2f}" for k in kinds) + " |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 10, 100])
    parser.add_argument(
        "--work",
        type=Path,
        default=PROJECT_ROOT / "warehouse" / "bench",
        help="scratch folder for the generated sources and warehouses",
    )
    parser.add_argument(
        "--results-name",
        default="results",
        help="write benchmarks/<name>.json and benchmarks/<name>.md (default: results)",
    )
    parser.add_argument(
        "--full-only",
        action="store_true",
        help="only the full refresh (no unchanged or incremental refresh, no baseline): "
        "the ten-million-row run",
    )
    parser.add_argument(
        "--no-write", action="store_true", help="print only; leave benchmarks/ untouched"
    )
    args = parser.parse_args(argv)
    results = [bench_scale(scale, args.work, args.full_only) for scale in args.scales]
    outcomes = target_outcomes(results)
    about = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "targets": outcomes,
    }
    report = render_markdown(results, about)
    print(report)
    if not args.no_write:
        written = write_results(results, about, args.results_name)
        print("written: " + ", ".join(str(p.relative_to(PROJECT_ROOT)) for p in written))
    failures = [f"MISSED: {o['text']}" for o in outcomes if o["status"] == "MISSED"]
    failures += [
        f"the baseline's tables differ from the refresh's at scale {r['scale']:g} "
        f"({len(r['baseline_mismatches'])} differences, listed above)"
        for r in results
        if r.get("baseline_mismatches")
    ]
    if failures:
        print("BENCHMARK FAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
