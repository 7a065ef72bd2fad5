"""`make bench`: full and incremental refresh at scale 1, 10 and 100, against bare DuckDB.

For each scale it generates the synthetic sources, then times, as a steward runs them
(`productivity refresh` in its own process, the project's real Dagster instance):

- **full**: every source, all survey years, into an empty warehouse;
- **incremental**: a warehouse already refreshed without the last survey year, after that
  year's file lands;
- **baseline**: the same transformations as plain DuckDB SQL (benchmarks/direct_duckdb.py).

Each refresh is split into stages from Dagster's own step timings (ingest, validation, SQLMesh
models, publishing); what remains of the wall time is the process start-up and orchestration.
Peak memory is the proportional set size (PSS) of the refresh's whole process tree, sampled
every 200 ms (more often, the sampling itself costs the refresh CPU on two cores).
Results go to benchmarks/results.json and benchmarks/results.md; the run fails (exit 1) when a
target at scale 100 is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
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

# The targets, checked at scale TARGET_SCALE (about one million survey rows).
TARGET_SCALE = 100
MAX_FULL_OVER_BASELINE = 2.0
MAX_INCREMENTAL_OVER_FULL = 0.20
MAX_PEAK_BYTES = 3 * GIB

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
    started = time.perf_counter()
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
    for step_key, step_start, step_end in _step_times(work, landing):
        stage = figures.stages.setdefault(stage_of(step_key), StageFigures())
        stage.seconds += step_end - step_start
        stage.peak_bytes = max(stage.peak_bytes, sampler.peak(step_start, step_end))
    return figures


def _step_times(work: Path, landing: Path) -> list[tuple[str, float, float]]:
    """(step key, start, end) of the latest refresh in ``work``, from Dagster's event log."""
    code = (
        "import json, dagster as dg\n"
        "i = dg.DagsterInstance.get()\n"
        "run = i.get_runs(limit=1)[0]\n"
        "print(json.dumps([(s.step_key, s.start_time, s.end_time) "
        "for s in i.get_run_step_stats(run.run_id)]))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code],
        env=isolated_refresh_environment(work, landing),
        capture_output=True,
        text=True,
        check=True,
    )
    return [tuple(step) for step in json.loads(completed.stdout.strip().splitlines()[-1])]


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
    from benchmarks.direct_duckdb import run_baseline

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
    full = timed_refresh(_fresh(work / "full"), generated, survey_rows=0)
    rows = survey_rows_by_year(work / "full" / "warehouse" / "productivity.duckdb")
    full.survey_rows = total_rows = sum(rows.values())
    last_year = max(rows)
    if full_only:
        return {
            "scale": scale,
            "survey_rows": total_rows,
            "generate_seconds": generate_seconds,
            "full": _as_dict(full),
        }

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

    print(f"scale {scale:g}: baseline (the same SQL straight on DuckDB) …", flush=True)
    baseline = run_baseline(
        PROJECT_ROOT, work / "full" / "warehouse" / "productivity.duckdb", generated, work / "base"
    )
    return {
        "scale": scale,
        "survey_rows": total_rows,
        "new_year_rows": rows[last_year],
        "generate_seconds": generate_seconds,
        "full": _as_dict(full),
        "incremental": _as_dict(incremental),
        "baseline": {**asdict(baseline), "total_seconds": baseline.total_seconds},
        "full_over_baseline": full.wall_seconds / baseline.total_seconds,
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


def target_misses(result: dict[str, Any]) -> list[str]:
    full, incremental = result["full"], result["incremental"]
    misses = []
    ratio = float(result["full_over_baseline"])
    if ratio > MAX_FULL_OVER_BASELINE:
        misses.append(
            f"full refresh is {ratio:.1f}x the direct-DuckDB baseline "
            f"(target ≤ {MAX_FULL_OVER_BASELINE:g}x)"
        )
    share = float(result["incremental_over_full"])
    if share > MAX_INCREMENTAL_OVER_FULL:
        misses.append(
            f"incremental refresh takes {100 * share:.0f}% of the full refresh "
            f"(target ≤ {100 * MAX_INCREMENTAL_OVER_FULL:.0f}%)"
        )
    for kind, figures in (("full", full), ("incremental", incremental)):
        peak = int(figures["peak_bytes"])
        if peak > MAX_PEAK_BYTES:
            misses.append(f"{kind} refresh peaks at {peak / GIB:.2f} GiB (target ≤ 3 GiB)")
    return misses


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
        for kind in ("full", "incremental"):
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
            "Baseline: the same model SQL run directly in DuckDB (no orchestration, no "
            "validation), from the raw tables a refresh loaded; `read` is DuckDB's `read_csv` "
            "over the survey CSVs.",
            "",
            "| scale | read s | models s | publish s | baseline s | full ÷ baseline | "
            "incremental ÷ full |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        ]
    for result in with_baseline:
        base = result["baseline"]
        lines.append(
            f"| {result['scale']:g} | {base['read_seconds']:.2f} | {base['model_seconds']:.2f} | "
            f"{base['publish_seconds']:.2f} | {base['total_seconds']:.2f} | "
            f"{result['full_over_baseline']:.1f}x | {100 * result['incremental_over_full']:.0f}% |"
        )
    misses = about.get("target_misses") or []
    lines += ["", f"## Targets at scale {TARGET_SCALE:g}", ""]
    if not any(result["scale"] == TARGET_SCALE and "baseline" in result for result in results):
        lines.append(f"- not checked: this run did not include scale {TARGET_SCALE:g}")
    else:
        lines += [f"- MISSED: {miss}" for miss in misses] or ["- all met"]
    return "\n".join(lines) + "\n"


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
        help="only the full refresh (no incremental, no baseline): the ten-million-row run",
    )
    parser.add_argument(
        "--no-write", action="store_true", help="print only; leave benchmarks/ untouched"
    )
    args = parser.parse_args(argv)
    results = [bench_scale(scale, args.work, args.full_only) for scale in args.scales]
    checked = next((r for r in results if r["scale"] == TARGET_SCALE and "baseline" in r), None)
    misses = target_misses(checked) if checked else []
    about = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "target_misses": misses,
    }
    report = render_markdown(results, about)
    print(report)
    if not args.no_write:
        written = write_results(results, about, args.results_name)
        print("written: " + ", ".join(str(p.relative_to(PROJECT_ROOT)) for p in written))
    if misses:
        print("BENCHMARK TARGETS MISSED:\n  " + "\n  ".join(misses), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
