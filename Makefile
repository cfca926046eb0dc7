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

.PHONY: test-redis help install browsers web-server port-free migrate demo run worker test lint format check pytest pytest-pg pytest-tasks screenshots bench lighthouse clean proxy-packages cluster cluster-down cluster-clean cluster-status cluster-test

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

# pip's output goes to .venv/install.log; it is shown only when the install fails.
$(STAMP): pyproject.toml requirements.lock
	@echo "Installing the pinned Python packages into $(VENV) (a minute or two the first time)..."
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@( $(BIN)/python -m pip install --upgrade pip \
	  && $(BIN)/python -m pip install -c requirements.lock ".[dev]" ) > $(VENV)/install.log 2>&1 \
	  || { tail -n 40 $(VENV)/install.log; echo "Install failed: full log in $(VENV)/install.log"; exit 1; }
	@touch $(STAMP)

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

web-server: ## Install nginx (apt, needs root): tests/home/test_media_serving.py runs deploy/nginx/single-server.conf
	@if ! [ -x /usr/sbin/nginx ]; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; \
		else \
			echo "nginx is missing: run 'sudo apt-get install nginx-light'"; exit 1; \
		fi; \
	fi

port-free: ## Stop early when HOST_PORT (default 127.0.0.1:8000) is already taken
	@$(PYTHON) -c 'import socket, sys; host, _, port = "$(HOST_PORT)".rpartition(":"); s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); sys.exit(s.connect_ex((host or "127.0.0.1", int(port))) == 0)' \
	  || { echo "Port $(HOST_PORT) is already in use (another 'make run'?). Stop that server, or pick another port: make run HOST_PORT=127.0.0.1:8001"; exit 1; }

migrate: install ## Apply database migrations (SQLite unless DATABASE_URL is set)
	@echo "Applying database migrations..."
	@$(MANAGE) migrate --noinput --verbosity 0

demo: migrate ## Load the demo content and users (idempotent); the Site record gets HOST_PORT
	@$(MANAGE) load_demo --progress --host $(HOST_PORT)

run: port-free demo ## Set everything up and serve the demo site on http://127.0.0.1:8000 (HOST_PORT=host:port to move it)
	@WAGTAILADMIN_BASE_URL=$${WAGTAILADMIN_BASE_URL:-http://$(HOST_PORT)} $(MANAGE) runserver $(HOST_PORT) --welcome

worker: migrate ## Run the task worker (for production settings, or TASK_BACKEND=database make run)
	TASK_BACKEND=database $(MANAGE) db_worker --queue-name '*'

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

pytest: install browsers web-server test-redis ## Run the pytest suite in parallel (SQLite unless DATABASE_URL is set)
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

pytest-pg: install browsers web-server test-redis ## Run the pytest suite against the local PostgreSQL
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/unknot} $(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

pytest-tasks: install browsers web-server test-redis ## Run the pytest suite with the database task backend (as production queues work)
	TASK_BACKEND=database $(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test: lint check pytest ## Everything CI checks: lint, Django checks, migrations, pytest

screenshots: install browsers ## Screenshots of the key pages and staff dashboards at 390 and 1280 px into screenshots/
	SCREENSHOTS=1 SCREENSHOT_DIR=screenshots $(BIN)/pytest tests/e2e/test_key_pages.py tests/e2e/test_cockpit_journeys.py -q

test-redis: ## Install Redis (apt, needs root) when missing: tests/home/test_redis_cache.py starts one if none answers
	@if ! command -v redis-server >/dev/null; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
		else \
			echo "Redis is missing: run 'sudo apt-get install redis-server'"; exit 1; \
		fi; \
	fi

proxy-packages: ## Install Varnish and Redis from Debian when missing (needs root)
	@if ! command -v varnishd >/dev/null || ! command -v redis-server >/dev/null; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish redis-server >/dev/null; \
		else \
			echo "Varnish or Redis is missing: run 'sudo apt-get install varnish redis-server'"; exit 1; \
		fi; \
	fi

cluster: install proxy-packages ## Start the production-like stack on loopback: Varnish :8080, two app servers, worker, Redis, S3
	$(BIN)/python deploy/cluster.py up

cluster-down: ## Stop exactly what `make cluster` started
	$(BIN)/python deploy/cluster.py down

cluster-clean: ## Stop the cluster and delete its state (.cluster/ and its database)
	$(BIN)/python deploy/cluster.py clean

cluster-status: ## Which parts of the cluster are running
	$(BIN)/python deploy/cluster.py status

cluster-test: install ## Run the cluster suite against a running `make cluster`
	UNKNOT_CLUSTER_TESTS=1 $(BIN)/pytest -p no:xdist tests/cluster $(PYTEST_ARGS)

bench: install ## Run the benchmarks in bench/ and print their figures
	@for script in bench/bench_*.py; do [ -e "$$script" ] && $(BIN)/python "$$script"; done; true

bench/node_modules/.installed: bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund
	touch $@

lighthouse: install browsers web-server bench/node_modules/.installed ## Lighthouse mobile performance of key pages on gunicorn behind nginx (fails under 95)
	$(BIN)/python bench/lighthouse.py --runs 3 --fail-under 95

clean: ## Remove the virtualenv, the SQLite database and generated files
	rm -rf $(VENV) bench/node_modules db.sqlite3 media staticfiles screenshots test-artifacts build *.egg-info
