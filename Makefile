# MyDirection. The two commands: `make demo` and `make test`. `make help` lists the rest.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

BIN := .venv/bin
# xdist workers for the test suite (the machines have 2 cores).
PYTEST_WORKERS ?= 2
export PYTEST_WORKERS

.PHONY: help install demo serve test lint typecheck test-sqlite test-postgres test-system \
	assets bench bench-scale screenshots clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{ printf "  make %-14s %s\n", $$1, $$2 }'

install: ## uv (in .tools/) and the locked dependencies (in .venv/)
	@scripts/bootstrap.sh

demo: install ## the demo on http://127.0.0.1:8000 (SQLite in var/), with its task worker
	@scripts/demo.sh

serve: install ## production: gunicorn and the task worker (needs the production environment)
	@scripts/serve.sh

test: ## install, lint, type check, and the whole suite on SQLite and on PostgreSQL
	@scripts/test.sh

test-system: ## apt-get install postgresql and chromium when missing
	@scripts/ensure-test-system.sh

lint: install ## ruff check, ruff format --check, and the layer contract (import-linter)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install ## mypy
	$(BIN)/mypy .

test-sqlite: install test-system ## the suite on SQLite (pass pytest options in ARGS=...)
	env -u DATABASE_URL scripts/run-pytest.sh $(ARGS)

test-postgres: install test-system ## the suite on a throw-away PostgreSQL 15 (ARGS=...)
	scripts/with-postgres.sh scripts/run-pytest.sh $(ARGS)

assets: ## rebuild the committed CSS and JS from npm packages (needs Node)
	scripts/build-assets.sh

bench: install ## run benchmarks/*.py, not _*.py (on a throw-away PostgreSQL unless DATABASE_URL is set)
	@# The bench group (DoWhy, for comparison) only here: `make install` syncs it away again.
	@env -u VIRTUAL_ENV UV_PYTHON_DOWNLOADS=never .tools/bin/uv sync --frozen --group bench --quiet
	@shopt -s nullglob; benchmarks=(benchmarks/[!_]*.py); \
	if (( $${#benchmarks[@]} == 0 )); then echo "bench: no benchmarks yet"; exit 0; fi; \
	run='for b; do echo "==> $$b"; .venv/bin/python "$$b" || exit; done'; \
	if [[ -n "$${DATABASE_URL:-}" ]]; then bash -c "$$run" bench "$${benchmarks[@]}"; \
	else scripts/ensure-test-system.sh && scripts/with-postgres.sh bash -c "$$run" bench "$${benchmarks[@]}"; fi

# Issue 16's table (docs/benchmarks.md): each data set is built on its first run (about 35
# minutes for the 5,000,000 appointments and their summaries) and kept in $(BENCH_DATA).
BENCH_DATA ?= var/bench
KEEP = MYDIRECTION_PG_KEEP=$(abspath $(BENCH_DATA))

bench-scale: install test-system ## the scale targets: 5,000,000 appointments, 250,000 people, a 50,000-person cohort
	$(KEEP)/appointments-5m scripts/with-postgres.sh $(BIN)/python benchmarks/appointments.py \
		--figures-only --no-counted --aggregate-repeats 3
	$(KEEP)/appointments-5m scripts/with-postgres.sh $(BIN)/python benchmarks/appointments.py \
		--no-figures --repeats 30
	$(KEEP)/people-250k scripts/with-postgres.sh $(BIN)/python benchmarks/pages.py --repeats 30
	$(KEEP)/cohort-50k scripts/with-postgres.sh $(BIN)/python benchmarks/evaluation_scale.py \
		--repeats 3 --no-extract

screenshots: install test-system ## write docs/screenshots/*.png from the `screenshots` tests
	@status=0; MYDIRECTION_SCREENSHOTS=1 $(BIN)/pytest tests/browser -m screenshots || status=$$?; \
	if (( status == 5 )); then echo "screenshots: no tests marked 'screenshots' yet"; exit 0; fi; \
	exit $$status

clean: ## remove caches, collected static files and test output (keeps .venv, .tools and var/)
	rm -rf .mypy_cache .ruff_cache .pytest_cache .import_linter_cache staticfiles test-results
	find . -path ./.venv -prune -o -path ./.tools -prune -o -path ./node_modules -prune \
		-o -name __pycache__ -type d -prune -exec rm -rf {} +
