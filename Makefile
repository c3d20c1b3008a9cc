# StratMon: `make run` serves the app, `make test` runs the whole suite (both install first).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help install run test lint typecheck bench clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install StratMon with its test tools (idempotent)
	$(BIN)/python scripts/fetch_chart_js.py

run: install  ## migrate, load the built-in data and serve on http://127.0.0.1:8000
	$(BIN)/stratmon init --sample
	$(BIN)/stratmon serve --host 127.0.0.1 --port 8000

lint: install  ## ruff, mypy --strict on the pure packages, Django's checks, no missing migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict stratmon/engine stratmon/planfiles stratmon/charts stratmon/surveys/definition.py stratmon/desk/ranking.py
	$(BIN)/stratmon check --fail-level WARNING
	$(BIN)/stratmon makemigrations --check --dry-run

test: lint  ## lint, then the whole test suite
	$(BIN)/pytest -n auto

clean:  ## remove the virtual environment (the database under var/ is kept)
	rm -rf $(VENV)
