# Unknot: `make run` serves the demo site, `make test` runs every check. `make help` lists all.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
CHROMIUM ?= /usr/bin/chromium
HOST_PORT ?= 127.0.0.1:8000
# pytest-xdist workers: one per CPU. Each has its own test database and browser.
PYTEST_WORKERS ?= auto

.PHONY: help install browsers migrate demo run test lint format check pytest pytest-pg screenshots bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock ".[dev]"
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the pinned dependencies

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

browsers: node_modules/axe-core/axe.min.js ## Install Chromium (apt, needs root) and axe-core (npm) for browser tests
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
		else \
			echo "Chromium is missing: run 'sudo apt-get install chromium chromium-driver'"; exit 1; \
		fi; \
	fi

migrate: install ## Apply database migrations (SQLite unless DATABASE_URL is set)
	$(MANAGE) migrate --noinput

demo: migrate ## Load the demo content and users (idempotent)
	$(MANAGE) load_demo

run: demo ## Set everything up and serve the demo site on http://127.0.0.1:8000
	$(MANAGE) runserver $(HOST_PORT)

lint: install ## ruff check, ruff format --check, the layer contracts and mypy on the money path
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

format: install ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install ## Django system checks and the missing-migrations check
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

pytest: install browsers ## Run the pytest suite in parallel (SQLite unless DATABASE_URL is set)
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

pytest-pg: install browsers ## Run the pytest suite against the local PostgreSQL
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/unknot} $(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test: lint check pytest ## Everything CI checks: lint, Django checks, migrations, pytest

screenshots: install browsers ## Screenshots of the key pages and staff dashboards at 390 and 1280 px into screenshots/
	SCREENSHOTS=1 SCREENSHOT_DIR=screenshots $(BIN)/pytest tests/e2e/test_key_pages.py tests/e2e/test_cockpit_journeys.py -q

bench: install ## Run the benchmarks in bench/ and print their figures
	@for script in bench/bench_*.py; do [ -e "$$script" ] && $(BIN)/python "$$script"; done; true

clean: ## Remove the virtualenv, the SQLite database and generated files
	rm -rf $(VENV) db.sqlite3 media staticfiles screenshots test-artifacts build *.egg-info
