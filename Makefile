# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
# Both create .venv from requirements.lock when it is missing or stale.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# Rebuilt from scratch when the lock changes, so no package survives that the lock dropped.
VENV_STAMP := $(VENV)/.lock-installed
# Re-installing the project itself is cheap: only when pyproject.toml changes.
PROJECT_STAMP := $(VENV)/.project-installed

# The Dagster instance is the one configured in ./dagster.yaml; its storage goes under warehouse/.
# With PRODUCTIVITY_POSTGRES_URL set, it is deploy/postgresql/dagster.yaml (storage in PostgreSQL).
export DAGSTER_HOME := $(if $(PRODUCTIVITY_POSTGRES_URL),$(CURDIR)/deploy/postgresql,$(CURDIR))
export PRODUCTIVITY_DAGSTER_STORAGE ?= $(CURDIR)/warehouse/dagster
# No telemetry from any of the three tools.
export GX_ANALYTICS_ENABLED := False
export SQLMESH__DISABLE_ANONYMIZED_ANALYTICS := 1
export DAGSTER_DISABLE_TELEMETRY := 1

.PHONY: run test lint ui report lock clean bench bench-1000

run: $(PROJECT_STAMP)
	$(BIN)/productivity refresh

test: $(PROJECT_STAMP) lint
	$(BIN)/pytest

lint: $(PROJECT_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Full, unchanged and incremental refresh at scale 1, 10 and 100 against a like-for-like DuckDB
# baseline whose tables must equal the refresh's; writes benchmarks/results.md and .json, prints
# every target MET or MISSED, and fails when one is missed or the baseline's tables differ.
# Not part of `make test`.
BENCH_SCALES ?= 1 10 100
# benchmarks/<name>.md and .json: `make bench BENCH_SCALES=100 BENCH_RESULTS=scale-100`
BENCH_RESULTS ?= results
bench: $(PROJECT_STAMP)
	$(BIN)/python -m benchmarks.refresh_benchmark --scales $(BENCH_SCALES) --results-name $(BENCH_RESULTS)

# Ten million survey rows: shows that the refresh completes within the machine's memory. DuckDB
# is held to 2 GB, as a national census on a shared machine would be (README, "Speed and scale").
bench-1000: $(PROJECT_STAMP)
	PRODUCTIVITY_DUCKDB_MEMORY_LIMIT=$${PRODUCTIVITY_DUCKDB_MEMORY_LIMIT:-2GB} \
	$(BIN)/python -m benchmarks.refresh_benchmark --scales 1000 --full-only --results-name scale-1000

# The productivity report of the last publication rebuilt, without a refresh (after a change
# to the report's code); the release's data are untouched.
report: $(PROJECT_STAMP)
	$(BIN)/productivity report

# `productivity ui` runs `dagster dev` so that Ctrl-C and SIGTERM stop it, however it is started.
ui: $(PROJECT_STAMP)
	$(BIN)/productivity ui

$(VENV_STAMP): requirements.lock
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	@echo "installing the $$(grep -c '==' requirements.lock) pinned packages of requirements.lock into $(VENV) (minutes on a fresh machine; pip names each one)"
	$(BIN)/python -m pip install --disable-pip-version-check --progress-bar off -r requirements.lock
	touch $@

$(PROJECT_STAMP): $(VENV_STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# Re-resolve the lock from pyproject.toml's ranges in a scratch environment.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check ".[dev]"
	.lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^angiang-productivity' > requirements.lock.new
	rm -rf .lock-venv
	@echo "wrote requirements.lock.new: review it, re-add the comments on pins that are not the newest, then move it over requirements.lock"

clean:
	rm -rf $(VENV) warehouse/*.duckdb warehouse/*.wal warehouse/dagster warehouse/quality warehouse/published warehouse/bench
