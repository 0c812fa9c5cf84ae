# Everyday targets. `make build` and `make test` work on a fresh clone: they create the virtual
# environment in .venv when it is missing (or older than pyproject.toml) and install plangen into it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: build test lint format typecheck bench templates clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/plangen validate plans
	$(BIN)/plangen build plans -o dist
	$(BIN)/plangen site -o dist

test: $(STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/ruff format --check generator tests
	$(BIN)/mypy generator
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check generator tests

format: $(STAMP)
	$(BIN)/ruff format generator tests
	$(BIN)/ruff check --fix generator tests

typecheck: $(STAMP)
	$(BIN)/mypy generator

bench: $(STAMP)
	$(BIN)/python -m tests.bench

templates: $(STAMP)
	$(BIN)/plangen template pack --default

clean:
	rm -rf dist .pytest_cache .mypy_cache .ruff_cache
