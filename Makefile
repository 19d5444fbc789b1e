# Alliance Portal. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# The address links and e-mails use: from HOST and PORT unless SITE_URL is set (0.0.0.0 listens
# everywhere; this machine answers at 127.0.0.1).
SITE_HOST = $(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(HOST))
PYTEST_ARGS ?= -n auto

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  \033[1m%-10s\033[0m %s\n", $$1, $$2}'

$(BIN)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	@touch $@

install: $(BIN)/.installed ## Create the virtual environment and install the locked dependencies

run: export SITE_URL ?= http://$(SITE_HOST):$(PORT)
run: install ## Migrate, seed the demo alliance once, and serve it on http://$HOST:$PORT (127.0.0.1:8000)
	@mkdir -p var
	@echo "Migrating the database (quietly)..."
	@LOG_LEVEL=WARNING $(MANAGE) migrate --noinput --verbosity 0
	@LOG_LEVEL=WARNING $(MANAGE) seed_demo
	$(MANAGE) runserver $(HOST):$(PORT)

test: install ## Lint, check, and run the whole test suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

bench: install ## Benchmark against PostgreSQL portal_bench and Redis with wrk (tests/benchmarks/)
	$(BIN)/python -m tests.benchmarks.run

lint: install ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker: install ## Run a Celery worker (needs CELERY_BROKER_URL)
	$(BIN)/celery -A portal worker --loglevel=INFO

beat: install ## Run Celery beat (needs CELERY_BROKER_URL)
	$(BIN)/celery -A portal beat --loglevel=INFO --schedule var/celerybeat-schedule

lock: ## Re-pin the dependencies from pyproject.toml into requirements.lock
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet ".[dev]"
	.lock-venv/bin/python -m pip freeze --exclude alliance-portal --exclude-editable > requirements.lock
	rm -rf .lock-venv

clean: ## Remove the virtual environment, the local database and caches
	rm -rf $(VENV) var .pytest_cache .ruff_cache static_collected

.PHONY: help install run test bench lint format worker beat lock clean
