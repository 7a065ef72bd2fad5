"""A thin wrapper over ``sqlmesh.Context``: models as Dagster assets, audits as asset checks.

Why our own wrapper rather than the community ``dagster-sqlmesh`` package: that package pins
old SQLMesh releases and calls itself a work in progress; what we need is small.

How a refresh drives SQLMesh:
1. ``plan`` against ``prod`` applies code changes (new or edited models are backfilled).
2. A source whose raw table changed since SQLMesh last consumed it is *restated*: SQLMesh's
   own mechanism for "upstream data changed", which re-evaluates every model downstream of
   that external table and nothing else. What changed is known from ``raw.load_log``.
   A source read by incremental models (the survey, by survey year) is restated only for the
   years whose files changed: those years' rows are rebuilt, the models that aggregate across
   years are rebuilt whole (they are small), the other years' rows are left as they are.
3. ``run`` evaluates whatever intervals are due by the models' cron.
Unchanged code and unchanged sources therefore evaluate nothing, and the marts stay identical.
"""

from __future__ import annotations

import functools
import hashlib
import time
import typing as t
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pipelines.lib.fingerprints import (
    PARTITION_SEPARATOR,
    partition_fingerprints,
    source_fingerprints,
)

if t.TYPE_CHECKING:
    from sqlmesh import Context
    from sqlmesh.core.model import Model
    from sqlmesh.core.snapshot import Snapshot

ENVIRONMENT = "prod"
CONSUMED_TABLE = "raw.sqlmesh_consumed_sources"
# rows of CONSUMED_TABLE beside the raw tables': the code the models were last built from, and
# whether that refresh built and audited every model successfully
CODE_KEY = "__code__"
# the plan the environment stood at after that build
ENVIRONMENT_KEY = "__environment_plan__"
OUTCOME_KEY = "__outcome__"
# when the environment was last brought up to date (ISO instant, UTC): a plan or run that
# started then has evaluated every interval whose cron had ticked by then
UP_TO_DATE_KEY = "__up_to_date_as_of__"


@dataclass(frozen=True)
class ModelNode:
    """One SQLMesh model as Dagster sees it."""

    name: str  # schema.table, e.g. marts.fct_labour_productivity
    schema: str
    table: str
    description: str | None
    kind: str
    owner: str | None
    grain: tuple[str, ...]
    depends_on: tuple[str, ...]  # schema.table of models and external tables
    audits: tuple[str, ...]  # unique check names, in the model's audit order
    is_external: bool
    # (name, SQL type or '', description or '') of every column, in the model's order
    columns: tuple[tuple[str, str, str], ...] = ()
    # each audit as called, with its arguments: "accepted_range(column := x, min_v := 0)"
    audit_rules: tuple[str, ...] = ()
    # an incremental model's time column (INCREMENTAL_BY_TIME_RANGE): survey_year
    time_column: str | None = None


@dataclass
class AuditOutcome:
    model: str
    check_name: str
    passed: bool
    failing_rows: int | None
    blocking: bool
    query: str | None
    examples: list[str] = field(default_factory=list)  # a few failing rows, as text
    # not run again: nothing it reads changed since the last refresh, whose audits all passed
    standing: bool = False


@dataclass
class ModelOutcome:
    name: str
    evaluated: bool
    rows: int | None
    intervals: list[tuple[str, str]] = field(default_factory=list)
    physical_table: str | None = None
    version: str | None = None


@dataclass
class RefreshOutcome:
    models: dict[str, ModelOutcome]
    audits: list[AuditOutcome]
    plan_applied: bool
    restated_sources: list[str]
    error: str | None
    # nothing was done: code and sources are what the last successful refresh built from
    unchanged_since: str | None = None


def _recording_console(progress: t.Callable[[str], None] | None = None) -> t.Any:
    """A SQLMesh console that remembers which snapshots were evaluated, and failures, and
    tells ``progress`` (a logger's info, say) each model as it is evaluated, with its time."""
    from sqlmesh.core.console import NoopConsole

    class RecordingConsole(NoopConsole):
        def __init__(self) -> None:
            super().__init__()
            self.progress = progress
            self.evaluated: dict[str, list[tuple[int, int]]] = {}
            self.audits_passed: dict[str, int] = {}
            self.audits_failed: dict[str, int] = {}
            self.failures: list[str] = []

        def update_snapshot_evaluation_progress(
            self,
            snapshot: Snapshot,
            interval: t.Any,
            batch_idx: int,
            duration_ms: int | None,
            num_audits_passed: int,
            num_audits_failed: int,
            *args: t.Any,
            **kwargs: t.Any,
        ) -> None:
            self.evaluated.setdefault(snapshot.name, []).append(tuple(interval))
            name = snapshot.name
            if self.progress is not None:
                seconds = f" in {duration_ms / 1000:.2f} s" if duration_ms is not None else ""
                failed = f", {num_audits_failed} audit(s) FAILED" if num_audits_failed else ""
                self.progress(f"built {_short_name(name)}{seconds}{failed}")
            self.audits_passed[name] = self.audits_passed.get(name, 0) + num_audits_passed
            self.audits_failed[name] = self.audits_failed.get(name, 0) + num_audits_failed

        def log_failed_models(self, errors: list[t.Any]) -> None:
            self.failures.extend(str(error) for error in errors)

    return RecordingConsole()


def _short_name(fqn_or_name: str) -> str:
    """'"catalog"."schema"."table"' or 'schema.table' -> 'schema.table'."""
    parts = [p.strip('"') for p in fqn_or_name.split(".")]
    return ".".join(parts[-2:])


@functools.cache
def _loader_without_tests() -> type:
    """SQLMesh's project loader, reading the models without the YAML unit tests.

    A subclass passed to the Context (SQLMesh's own hook for a custom loader); it overrides
    `SqlMeshLoader.load_model_tests`, the loader SQLMesh uses for a project like this one.
    """
    from sqlmesh.core.loader import SqlMeshLoader

    class LoaderWithoutTests(SqlMeshLoader):
        def load_model_tests(self) -> list[t.Any]:
            return []

    return LoaderWithoutTests


@functools.cache
def _project_nodes(root: Path, gateway: str | None) -> dict[str, ModelNode]:
    """The project's models, read once per process and cached on disk between processes.

    Loading a SQLMesh project takes seconds, and every process that loads the Dagster
    definitions (the CLI, the UI's code server, each test) asks for it. What Dagster needs of
    it — names, dependencies, audits, descriptions — depends only on the project's files, so
    it is kept in `.cache/` under the checksum of those files and read back in milliseconds
    until a file changes.
    """
    import json
    import os

    name = f"productivity-models-v3-{gateway or 'default'}-{_files_checksum(root)}.json"
    cache = root / ".cache" / name
    try:
        cached: dict[str, dict[str, t.Any]] = json.loads(cache.read_text(encoding="utf-8"))
        return {name: _node_from_json(node) for name, node in cached.items()}
    except (OSError, ValueError, TypeError):
        pass  # not cached yet (or a cache file from an interrupted write): load the project
    # Reading the project files must not open the warehouse: the UI loads definitions
    # while a run may be writing it, and DuckDB admits no second process then.
    project = SQLMeshProject(root, gateway)
    context = project.new_context(console=_recording_console(), load_state=False)
    nodes: dict[str, ModelNode] = {}
    for model in context.models.values():
        name = _short_name(model.name)
        nodes[name] = SQLMeshProject._node(model, name)
    cache.parent.mkdir(parents=True, exist_ok=True)
    partial = cache.with_name(f"{cache.name}.{os.getpid()}.partial")
    partial.write_text(json.dumps({n: vars(node) for n, node in nodes.items()}), encoding="utf-8")
    os.replace(partial, cache)
    return nodes


def _node_from_json(node: dict[str, t.Any]) -> ModelNode:
    fields: dict[str, t.Any] = {
        k: tuple(tuple(i) if isinstance(i, list) else i for i in v) if isinstance(v, list) else v
        for k, v in node.items()
    }
    return ModelNode(**fields)


def _files_checksum(root: Path) -> str:
    """The SQLMesh project's files and the SQLMesh version, as one checksum."""
    from importlib.metadata import version

    digest = hashlib.sha256(version("sqlmesh").encode())
    for pattern in ("models/**/*", "macros/**/*.py", "audits/**/*", "linter/**/*.py"):
        for path in sorted(
            p for p in root.glob(pattern) if p.is_file() and "__pycache__" not in p.parts
        ):
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    for name in ("config.py", "external_models.yaml"):
        digest.update(name.encode() + b"\0" + (root / name).read_bytes())
    return digest.hexdigest()[:24]


def _unit_tests_checksum(root: Path) -> str:
    """The project's files, its unit tests, the Python its macros and models import, and the
    versions of the engines the tests run on, as one checksum."""
    from importlib.metadata import version

    digest = hashlib.sha256(_files_checksum(root).encode())
    for name in ("duckdb", "diff-diff", "pandas", "numpy", "scipy"):
        digest.update(f"{name}=={version(name)}".encode())
    for pattern in ("tests/sqlmesh/**/*", "pipelines/lib/*.py"):
        for path in sorted(
            p for p in root.glob(pattern) if p.is_file() and "__pycache__" not in p.parts
        ):
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:24]


class SQLMeshProject:
    """The SQLMesh project rooted at ``root``, on ``gateway`` (DuckDB by default)."""

    def __init__(self, root: Path, gateway: str | None = None) -> None:
        self.root = root
        self.gateway = gateway

    def new_context(
        self, console: t.Any | None = None, load_state: bool = True, with_tests: bool = False
    ) -> Context:
        """A SQLMesh context on the project. Without ``with_tests`` its YAML unit tests are not
        parsed: a refresh runs them only when the code changed (and then asks for a context
        with them), and parsing them costs about half a second of every refresh's start."""
        from sqlmesh import Context
        from sqlmesh.core.console import set_console

        # SQLMesh reads its console from a module global when a Context is created.
        set_console(console or _recording_console())
        return Context(
            paths=[self.root],
            gateway=self.gateway,
            load_state=load_state,
            loader=None if with_tests else _loader_without_tests(),
        )

    @property
    def nodes(self) -> dict[str, ModelNode]:
        """Every model and external table, by schema.table, read from the project files."""
        return _project_nodes(self.root, self.gateway)

    @staticmethod
    def _node(model: Model, name: str) -> ModelNode:
        schema, table = name.split(".")
        names: list[str] = []
        for audit_name, _args in model.audits:
            unique = audit_name
            suffix = 2
            while unique in names:
                unique = f"{audit_name}_{suffix}"
                suffix += 1
            names.append(unique)
        types = model.columns_to_types or {}
        descriptions = model.column_descriptions or {}
        columns = tuple(
            (
                str(column),
                types[column].sql(dialect="duckdb") if column in types else "",
                descriptions.get(column) or "",
            )
            for column in dict.fromkeys([*types, *descriptions])
        )
        rules = tuple(
            f"{audit_name}("
            + ", ".join(
                f"{key} := {value.sql(dialect='duckdb') if hasattr(value, 'sql') else value}"
                for key, value in args.items()
            )
            + ")"
            for audit_name, args in model.audits
        )
        return ModelNode(
            name=name,
            schema=schema,
            table=table,
            description=model.description,
            kind=model.kind.name.value if hasattr(model.kind.name, "value") else str(model.kind),
            owner=model.owner,
            grain=tuple(str(g.sql()) if hasattr(g, "sql") else str(g) for g in model.grains),
            depends_on=tuple(sorted(_short_name(d) for d in model.depends_on or ())),
            audits=tuple(names),
            is_external=model.kind.is_external,
            columns=columns,
            audit_rules=rules,
            time_column=model.time_column.column.name if model.time_column else None,
        )

    def partitioned_sources(self) -> dict[str, str]:
        """{external table: column} for each source read by incremental models: the time
        column of those models (declared once, in their MODEL block), which the source holds."""
        found: dict[str, str] = {}
        for node in self.nodes.values():
            if node.time_column is None:
                continue
            for upstream in node.depends_on:
                if upstream in self.nodes and self.nodes[upstream].is_external:
                    found[upstream] = node.time_column
        return found

    def models(self) -> list[ModelNode]:
        """The project's own models (not external tables), upstream before downstream."""
        from graphlib import TopologicalSorter

        order = TopologicalSorter(
            {n.name: n.depends_on for n in self.nodes.values()}
        ).static_order()
        return [self.nodes[name] for name in order if not self.nodes[name].is_external]

    # --- refresh -------------------------------------------------------------------------

    def refresh(
        self,
        selected: set[str],
        run_tests: bool = True,
        warehouse: Path | None = None,
        progress: t.Callable[[str], None] | None = None,
    ) -> RefreshOutcome:
        """Plan code changes, restate changed sources, run due intervals; audit ``selected``.

        With ``warehouse`` given, a refresh whose code and sources are those of the last
        refresh that built and audited everything successfully does nothing (the models it
        would rebuild would be the same, and their audits passed on them).
        """
        if warehouse is not None:
            unchanged = self._unchanged(warehouse, selected)
            if unchanged is not None:
                return unchanged
        say = progress or (lambda _message: None)
        started = time.perf_counter()
        console = _recording_console(progress)
        context = self.new_context(console=console)
        adapter = context.engine_adapter
        externals = sorted(n.name for n in self.nodes.values() if n.is_external)
        # what each raw table was loaded from (pipelines/lib/fingerprints.py)
        current = source_fingerprints(adapter.fetchall, externals)
        # what each year of a source read by incremental models was loaded from
        parts = partition_fingerprints(adapter.fetchall, sorted(self.partitioned_sources()))
        consumed = self._consumed_fingerprints(adapter)
        environment = context.state_sync.get_environment(ENVIRONMENT)
        first_build = environment is None
        code = _files_checksum(self.root)
        # The code the models were last built from, into the environment as it still stands:
        # a plan would find no change (it costs seconds of reading every snapshot), so only
        # what the data needs is done. Anyone else's plan on the environment changes its id.
        code_unchanged = (
            environment is not None
            and consumed.get(CODE_KEY) == code
            and consumed.get(ENVIRONMENT_KEY) == environment.plan_id
        )
        plan_applied = False
        restated: list[str] = []
        error: str | None = None
        as_of = datetime.now(UTC)  # before any plan or run below reads the time
        try:
            if code_unchanged:
                say(
                    f"SQLMesh project read in {time.perf_counter() - started:.1f} s; the models' "
                    "code is the one they were last built from: no plan"
                )
            else:
                say(f"SQLMesh project read in {time.perf_counter() - started:.1f} s; planning")
                plan = context.plan(ENVIRONMENT, no_prompts=True, auto_apply=False, skip_tests=True)
                if run_tests and (plan.has_changes or first_build):
                    say("the models' code changed: running the SQLMesh unit tests")
                    # The YAML unit tests are about the models' code: they run when the code
                    # changed (or on the first build), not again on every data refresh.
                    self._run_unit_tests(context, self.root)
                if plan.has_changes or plan.requires_backfill:
                    say("applying the plan (models whose code changed are rebuilt)")
                    context.apply(plan)
                    plan_applied = True
            restated = (
                []
                if first_build
                else [name for name in externals if current.get(name) != consumed.get(name)]
            )
            years = self._changed_partitions(restated, parts, consumed)
            if restated:
                start = end = None
                only = ""
                if years is not None:
                    start, end = f"{min(years)}-01-01", f"{max(years)}-12-31"
                    only = f" for {_years_text(years)} only"
                names = ", ".join(_short_name(n) for n in restated)
                say(f"sources changed: restating {names}{only}")
                restatement = context.plan(
                    ENVIRONMENT,
                    restate_models=restated,
                    no_prompts=True,
                    auto_apply=False,
                    skip_tests=True,
                    start=start,
                    end=end,
                )
                context.apply(restatement)
            if restated or not plan_applied:
                # intervals that fell due by the models' cron (a plan just applied has
                # already backfilled everything up to now)
                since = consumed.get(UP_TO_DATE_KEY)
                if (
                    code_unchanged
                    and since
                    and nothing_due(context.models.values(), datetime.fromisoformat(since), as_of)
                ):
                    say(f"no model's cron has ticked since {since[:19]} UTC: nothing else due")
                else:
                    context.run(ENVIRONMENT)
            built = context.state_sync.get_environment(ENVIRONMENT)
            self._record_consumed(
                adapter,
                {
                    **current,
                    CODE_KEY: code,
                    ENVIRONMENT_KEY: built.plan_id if built else "",
                    UP_TO_DATE_KEY: as_of.isoformat(),
                },
                partitions=parts,
            )
        except Exception as exc:  # SQLMesh raises several types; all stop the refresh
            error = f"{type(exc).__name__}: {exc}"
            if console.failures:
                error += "\n" + "\n".join(console.failures)

        say(f"SQLMesh done in {time.perf_counter() - started:.1f} s; reading row counts and audits")
        in_order = [node.name for node in self.models() if node.name in selected]
        # Context.snapshots fingerprints every model and reads state on each call: read once
        snapshots = context.snapshots
        models = {
            name: self._model_outcome(context, snapshots, name, console.evaluated)
            for name in in_order
        }
        # audits on tables that nothing in this refresh touched stand as the last refresh
        # left them, when that refresh audited everything and everything passed
        standing = (
            self._untouched({_short_name(n) for n in console.evaluated}, restated)
            if code_unchanged and error is None and consumed.get(OUTCOME_KEY) == "passed"
            else set()
        )
        audits: list[AuditOutcome] = []
        for name in in_order:
            passed = self._passed_when_evaluated(context, snapshots, name, console)
            if passed is None and name in standing:
                passed = self._passed(context, name, standing=True)
            audits.extend(passed if passed is not None else self._audit(context, snapshots, name))
        # Only a refresh that built and audited everything may later be taken as standing.
        everything = {n.name for n in self.models()} <= selected
        succeeded = error is None and all(a.passed for a in audits)
        self._record_consumed(
            adapter,
            {OUTCOME_KEY: "passed" if succeeded and everything else "not_complete"},
        )
        return RefreshOutcome(
            models=models,
            audits=audits,
            plan_applied=plan_applied,
            restated_sources=restated,
            error=error,
        )

    def _unchanged(self, warehouse: Path, selected: set[str]) -> RefreshOutcome | None:
        """The outcome of doing nothing, when code and sources are unchanged; else None."""
        import duckdb

        if not warehouse.exists():
            return None
        try:
            with duckdb.connect(str(warehouse), read_only=True) as connection:
                consumed = dict(
                    connection.execute(
                        f"SELECT source_table, fingerprint || '|' || consumed_at::VARCHAR "
                        f"FROM {CONSUMED_TABLE}"
                    ).fetchall()
                )
                current = source_fingerprints(
                    lambda sql: connection.execute(sql).fetchall(),
                    sorted(n.name for n in self.nodes.values() if n.is_external),
                )
                existing = {
                    f"{s}.{t}"
                    for s, t in connection.execute(
                        "SELECT table_schema, table_name FROM information_schema.tables"
                    ).fetchall()
                }
                rows = {
                    name: int(connection.execute(f"SELECT count(*) FROM {name}").fetchone()[0])  # type: ignore[index]
                    for name in selected
                    if name in existing
                }
        except duckdb.Error:
            return None
        value = {k: v.split("|", 1)[0] for k, v in consumed.items()}
        externals = sorted(n.name for n in self.nodes.values() if n.is_external)
        if (
            value.get(OUTCOME_KEY) != "passed"
            or value.get(CODE_KEY) != _files_checksum(self.root)
            or any(current.get(e) != value.get(e) for e in externals)
            or set(rows) != selected
        ):
            return None
        since = consumed[CODE_KEY].split("|", 1)[1][:19]
        in_order = [node.name for node in self.models() if node.name in selected]
        return RefreshOutcome(
            models={
                name: ModelOutcome(name, evaluated=False, rows=rows[name]) for name in in_order
            },
            audits=[
                AuditOutcome(
                    model=name,
                    check_name=audit,
                    passed=True,
                    failing_rows=0,
                    blocking=True,
                    query=None,
                )
                for name in in_order
                for audit in self.nodes[name].audits
            ],
            plan_applied=False,
            restated_sources=[],
            error=None,
            unchanged_since=since,
        )

    @staticmethod
    def _run_unit_tests(context: Context, root: Path) -> None:
        # The unit tests depend on the project's code and the engines' versions only, never on
        # the data: once they pass for this code, they pass again (every fresh warehouse on
        # the same checkout would otherwise spend 10 s re-running them).
        passed = root / ".cache" / f"productivity-unit-tests-passed-{_unit_tests_checksum(root)}"
        if passed.is_file():
            return
        # the refresh's context was made without the tests (new_context): one with them
        from sqlmesh import Context

        tests = Context(paths=[root], gateway=context.gateway, load_state=False)
        result = tests.test()
        if not result.wasSuccessful():
            failed = [str(test) for test, _ in result.failures + result.errors]
            raise RuntimeError("SQLMesh unit tests failed: " + "; ".join(failed))
        passed.parent.mkdir(parents=True, exist_ok=True)
        passed.touch()

    def _model_outcome(
        self,
        context: Context,
        snapshots: dict[str, Snapshot],
        name: str,
        evaluated: dict[str, list[tuple[int, int]]],
    ) -> ModelOutcome:
        snapshot = _snapshot_of(context, snapshots, name)
        if snapshot is None:
            return ModelOutcome(name=name, evaluated=False, rows=None)
        done = evaluated.get(snapshot.name, [])
        rows: int | None = None
        try:
            row = context.engine_adapter.fetchone(f"SELECT count(*) FROM {name}")
            rows = int(row[0]) if row else None
        except Exception:
            rows = None  # the model was never built (e.g. an upstream audit failed)
        return ModelOutcome(
            name=name,
            evaluated=bool(done),
            rows=rows,
            intervals=[(_ms_to_iso(s), _ms_to_iso(e)) for s, e in done],
            physical_table=snapshot.table_name() if snapshot.version else None,
            version=snapshot.version,
        )

    def _passed_when_evaluated(
        self, context: Context, snapshots: dict[str, Snapshot], name: str, console: t.Any
    ) -> list[AuditOutcome] | None:
        """The model's audits, when SQLMesh ran them all as it evaluated the model and all passed.

        SQLMesh audits every model right after evaluating it; running every audit again only
        to report it costs seconds per refresh. A model evaluated with a failing audit, or not
        evaluated in this run, is audited again (None), for the failing rows or the current
        state, unless nothing its audits read changed (``_untouched``).
        """
        node = self.nodes[name]
        snapshot = _snapshot_of(context, snapshots, name)
        if snapshot is None or not node.audits:
            return None
        passed = console.audits_passed.get(snapshot.name, 0)
        if console.audits_failed.get(snapshot.name, 0) or passed < len(node.audits):
            return None
        return self._passed(context, name)

    def _passed(self, context: Context, name: str, standing: bool = False) -> list[AuditOutcome]:
        """Every audit of the model, passed (``standing``: passed in the last refresh and not
        run again, see ``_untouched``)."""
        model = context.get_model(name)
        outcomes = []
        for check_name, (audit, args) in zip(
            self.nodes[name].audits, model.audits_with_args, strict=False
        ):
            blocking = audit.blocking
            if "blocking" in args:  # the model's argument overrides the audit's default
                blocking = args["blocking"].sql().lower() not in ("false", "0")
            outcomes.append(
                AuditOutcome(
                    model=name,
                    check_name=check_name,
                    passed=True,
                    failing_rows=0,
                    blocking=blocking,
                    query=None,
                    standing=standing,
                )
            )
        return outcomes

    def upstream(self, name: str) -> set[str]:
        """Every model and external table ``name`` is built from, directly or not."""
        found: set[str] = set()
        frontier = set(self.nodes[name].depends_on)
        while frontier:
            found |= frontier
            frontier = {
                d for n in frontier if n in self.nodes for d in self.nodes[n].depends_on
            } - found
        return found

    def _untouched(self, evaluated: set[str], restated: list[str]) -> set[str]:
        """The models whose audits need not run again: neither the model nor anything it is
        built from was rebuilt or reloaded in this refresh (the caller also requires the same
        code, and that the last refresh built and audited every model, all passing).

        An audit reads its model's table and, at most, tables the model is built from (a test
        renders every audit and checks it: tests/test_sqlmesh_project.py), so an untouched
        model's audits would find what they found last time. Re-running them costs about
        two seconds of an incremental refresh (rendering each audit's SQL).
        """
        changed = evaluated | set(restated)
        return {
            node.name
            for node in self.models()
            if node.name not in changed and not self.upstream(node.name) & changed
        }

    def _audit(
        self, context: Context, snapshots: dict[str, Snapshot], name: str
    ) -> Iterator[AuditOutcome]:
        node = self.nodes[name]
        snapshot = _snapshot_of(context, snapshots, name)
        if snapshot is None or not snapshot.version or not node.audits:
            return
        try:
            results = context.snapshot_evaluator.audit(
                snapshot=snapshot,
                snapshots=snapshots,
                start=context.config.model_defaults.start,
                end=datetime.now(UTC),
            )
        except Exception:
            return  # the table does not exist yet: nothing to audit
        dialect = context.snapshot_evaluator.adapter.dialect
        for check_name, result in zip(node.audits, results, strict=False):
            examples: list[str] = []
            if result.count and result.query is not None:
                # Show the steward what failed, not only how many rows.
                cursor = context.engine_adapter.cursor
                cursor.execute(f"SELECT * FROM ({result.query.sql(dialect=dialect)}) LIMIT 3")
                names = [d[0] for d in cursor.description]
                examples = [
                    ", ".join(f"{n}={v}" for n, v in zip(names, row, strict=True))
                    for row in cursor.fetchall()
                ]
            yield AuditOutcome(
                model=name,
                check_name=check_name,
                passed=not result.skipped and not result.count,
                failing_rows=result.count,
                blocking=result.blocking,
                query=result.query.sql(dialect=dialect) if result.query is not None else None,
                examples=examples,
            )

    # --- which sources changed -----------------------------------------------------------

    def _changed_partitions(
        self, restated: list[str], parts: dict[str, str], consumed: dict[str, str]
    ) -> list[int] | None:
        """The years to restate when every restated source is read by incremental models and
        the years whose files changed are known; None when the restatement must be whole."""
        partitioned = self.partitioned_sources()
        if not restated or any(name not in partitioned for name in restated):
            return None
        changed: set[int] = set()
        for name in restated:
            prefix = f"{name}{PARTITION_SEPARATOR}"
            before = {k: v for k, v in consumed.items() if k.startswith(prefix)}
            now = {k: v for k, v in parts.items() if k.startswith(prefix)}
            if not before:  # consumed by a release that did not record its years
                return None
            for key in before.keys() | now.keys():
                if before.get(key) != now.get(key):
                    value = key[len(prefix) :]
                    if not value.isdigit():  # rows without a year: restate it all
                        return None
                    changed.add(int(value))
        return sorted(changed) or None

    @staticmethod
    def _consumed_fingerprints(adapter: t.Any) -> dict[str, str]:
        try:
            rows = adapter.fetchall(f"SELECT source_table, fingerprint FROM {CONSUMED_TABLE}")
        except Exception:
            return {}
        return {table: fingerprint for table, fingerprint in rows}

    @staticmethod
    def _record_consumed(
        adapter: t.Any, fingerprints: dict[str, str], partitions: dict[str, str] | None = None
    ) -> None:
        adapter.execute(
            f"CREATE TABLE IF NOT EXISTS {CONSUMED_TABLE} "
            "(source_table TEXT PRIMARY KEY, fingerprint TEXT, consumed_at TIMESTAMPTZ)"
        )
        if partitions is not None:
            # the years consumed now replace those consumed before (a removed year goes too)
            adapter.execute(
                f"DELETE FROM {CONSUMED_TABLE} WHERE source_table LIKE '%{PARTITION_SEPARATOR}%'"
            )
            fingerprints = {**fingerprints, **partitions}
        for table, fingerprint in fingerprints.items():
            adapter.execute(
                f"INSERT OR REPLACE INTO {CONSUMED_TABLE} "
                f"VALUES ('{table}', '{fingerprint}', now())"
            )


def nothing_due(models: t.Iterable[t.Any], since: datetime, now: datetime) -> bool:
    """Whether no model's cron has ticked between ``since`` and ``now``.

    SQLMesh's `run` evaluates the intervals that fell due by each model's cron; when the
    environment was brought up to date at ``since`` (a plan or run that started then), an
    interval can only have fallen due since if a cron ticked since. Answering from the crons
    saves the run reading every snapshot back from state to find nothing to do (1.5 s of an
    incremental refresh); the project's crons are monthly and yearly.
    """
    return all(model.cron_next(since) > now for model in models if not model.kind.is_external)


def _snapshot_of(context: Context, snapshots: dict[str, Snapshot], name: str) -> Snapshot | None:
    model = context.get_model(name, raise_if_missing=False)
    return snapshots.get(model.fqn) if model is not None else None


def _years_text(years: list[int]) -> str:
    if len(years) == 1:
        return f"survey year {years[0]}"
    return f"survey years {years[0]}–{years[-1]}"


def _ms_to_iso(value: int) -> str:
    return datetime.fromtimestamp(value / 1000, tz=UTC).date().isoformat()
