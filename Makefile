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

# requirements/runtime.txt: what the application needs (the only lock the Docker image installs).
# requirements/dev.txt: the same pins plus the test and lint tools; a development machine
# installs it alone. Every line carries its hashes: pip refuses a file that does not match.
RUNTIME_LOCK := requirements/runtime.txt
DEV_LOCK := requirements/dev.txt

$(BIN)/.installed: pyproject.toml $(RUNTIME_LOCK) $(DEV_LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(DEV_LOCK)
	@touch $@

install: $(BIN)/.installed ## Create the virtual environment and install the locked dependencies (runtime and dev)

run: export SITE_URL ?= http://$(SITE_HOST):$(PORT)
run: install ## Migrate, seed the demo alliance once, and serve it on http://$HOST:$PORT (127.0.0.1:8000)
	@mkdir -p var
	@echo "Migrating the database (quietly)..."
	@LOG_LEVEL=WARNING $(MANAGE) migrate --noinput --verbosity 0
	@LOG_LEVEL=WARNING $(MANAGE) seed_demo
	@# The directory's real, sourced rows: the repository's copy, and ../shared/data/directory/ when
	@# present (idempotent: an unchanged row changes nothing).
	@LOG_LEVEL=WARNING $(MANAGE) import_directory directory/data/*.csv $(wildcard ../shared/data/directory/*.csv)
	$(MANAGE) runserver $(HOST):$(PORT)

test: install ## Lint, check, and run the whole test suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

bench: install ## Benchmark at 5,000 and 50,000 resources against a view with no middleware (PostgreSQL, Redis, wrk; tests/benchmarks/)
	$(BIN)/python -m tests.benchmarks.run
	$(BIN)/python -m tests.benchmarks.newsletter

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

# `make lock` keeps every pin that still satisfies pyproject.toml (uv prefers the versions already
# in the output file); `make lock UPGRADE=1` moves every package to its newest allowed version.
# The lock is universal (markers for other platforms) from the oldest Python the pins support.
# uv lives in a throwaway virtualenv, never in a lock.
UV_VERSION := 0.13.9
LOCK_PYTHON := 3.11.5
LOCK_VENV := .lock-venv
LOCK_COMPILE = $(LOCK_VENV)/bin/uv pip compile pyproject.toml --quiet --universal \
	--python-version $(LOCK_PYTHON) --generate-hashes --custom-compile-command "make lock" \
	$(if $(UPGRADE),--upgrade)

lock: ## Re-pin pyproject.toml's dependencies with hashes into requirements/ (UPGRADE=1: newest)
	rm -rf $(LOCK_VENV) && $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet uv==$(UV_VERSION)
	$(LOCK_COMPILE) -o $(RUNTIME_LOCK)
	$(LOCK_COMPILE) --extra dev --constraint $(RUNTIME_LOCK) -o $(DEV_LOCK)
	rm -rf $(LOCK_VENV)

# The interface catalogues (locale/): extract the portal's strings into each language's .po
# (translators fill them; `make test` fails on an untranslated or fuzzy entry), then compile the
# .mo files Django reads. Both are committed, so a fresh clone needs no gettext. Needs gettext.
messages: install ## Extract the interface strings into locale/*/django.po and compile them
	$(MANAGE) makemessages --all --extension html,txt,py --no-obsolete \
		--ignore '.venv/*' --ignore 'tests/*' --ignore 'var/*' --ignore 'docker/*'
	$(MANAGE) compilemessages --ignore '.venv/*'

audit: install ## Check both locks against PyPI's vulnerability data (pip-audit); fails when it cannot
	@sh scripts/audit.sh $(RUNTIME_LOCK) $(DEV_LOCK)

clean: ## Remove the virtual environment, the local database and caches
	rm -rf $(VENV) var .pytest_cache .ruff_cache static_collected

.PHONY: help install run test bench lint format worker beat lock audit messages clean
