# Two commands for a newcomer: `make run` (set up and serve) and `make test` (lint + the suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run test lint format messages bench faults clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.requirements: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.requirements-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.requirements

## setup: create .venv, install, migrate, load the decision, organisations and demo data (idempotent)
setup: $(VENV)/.requirements
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_decision
	$(BIN)/python manage.py load_organisations
	$(BIN)/python manage.py load_demo

## run: setup, then serve at http://$(HOST):$(PORT), with the task worker (large imports) beside it
run: setup
	$(BIN)/python manage.py db_worker & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## test: lint, format check, import contracts, migrations check, then the whole pytest suite
test: $(VENV)/.requirements-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.requirements-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## messages: refresh and compile the zh_Hans catalogue (needs gettext)
messages: $(VENV)/.requirements
	$(BIN)/python manage.py makemessages --locale zh_Hans --ignore ".venv/*" --ignore "tests/*" --ignore "bench/*" --no-obsolete
	$(BIN)/python manage.py compilemessages --locale zh_Hans --ignore ".venv/*"

## bench: the city data set (built once) served by gunicorn, measured over HTTP; writes
## bench/results.md. Needs PostgreSQL at 127.0.0.1:5432; BENCH_ARGS="--scale small" is CI's size.
bench: $(VENV)/.requirements-dev
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

## faults: two servers, Redis and 50 organisers; PostgreSQL restarted in the middle (restarts the
## machine's PostgreSQL: a development machine only, never CI). Prints rows acknowledged vs found.
faults: $(VENV)/.requirements-dev
	command -v redis-server >/dev/null || (apt-get update -qq && apt-get install -y -qq redis-server >/dev/null)
	$(BIN)/python -m bench.faults $(FAULTS_ARGS)
