# Two commands set everything up on a fresh Debian/Ubuntu machine: `make run` and `make test`.
# Each step is idempotent and skips what is already done.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help run dev test stop setup system-deps db migrate data lint

help:
	@echo "make run   - installe ce qui manque, prépare la base et sert l'application sur http://$(HOST):$(PORT)"
	@echo "make test  - même installation, puis ruff, migrations et toute la suite de tests"
	@echo "make dev   - serveur de développement Django (rechargement automatique)"
	@echo "make stop  - arrête la base PostgreSQL privée (var/)"

system-deps:
	@scripts/system-deps.sh $(SYSTEM_DEPS_FLAGS)

$(VENV)/.installed: pyproject.toml | system-deps
	@echo "==> Python environment in $(VENV)"
	@test -x $(PY) || python3 -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	@$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

db: system-deps
	@scripts/db.sh start

migrate: $(VENV)/.installed db
	@$(MANAGE) migrate --noinput -v 0
	@$(MANAGE) createcachetable

data: migrate
	@$(MANAGE) import_communes
	@$(MANAGE) import_lieux directory/demo/lieux-demo.csv --source demo --no-geocode

setup: data
	@$(MANAGE) collectstatic --noinput -v 0

run: setup
	@echo "==> Aiguillage sur http://$(HOST):$(PORT) (Ctrl-C pour arrêter)"
	@$(VENV)/bin/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers 3 --timeout 120 --access-logfile -

dev: data
	@DEBUG=true $(MANAGE) runserver $(HOST):$(PORT)

lint: $(VENV)/.installed
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .

test: SYSTEM_DEPS_FLAGS := --with-browser
test: $(VENV)/.installed db lint
	@$(MANAGE) makemigrations --check --dry-run -v 1
	@$(VENV)/bin/pytest $(PYTEST_ARGS)

stop:
	@scripts/db.sh stop
