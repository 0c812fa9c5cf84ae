# Everyday targets. `make build` and `make test` work on a fresh clone: they create the virtual
# environment in .venv when it is missing and install plangen into it — `build` only what running
# needs, `test` the development tools too. Each install is redone when pyproject.toml changes.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEV    := $(VENV)/.installed-dev

.PHONY: build test lint format typecheck layers bench templates wheel clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

$(DEV): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(DEV)

build: $(STAMP)
	$(BIN)/plangen validate plans
	$(BIN)/plangen build plans -o dist

test: $(DEV)
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/mypy generator
	$(BIN)/pytest

lint: $(DEV)
	$(BIN)/ruff check generator tests bench

format: $(DEV)
	$(BIN)/ruff format generator tests bench
	$(BIN)/ruff check --fix generator tests bench

typecheck: $(DEV)
	$(BIN)/mypy generator

layers: $(DEV)
	$(BIN)/lint-imports

bench: $(DEV)
	$(BIN)/python -m bench --large --results bench/RESULTS.md

# the default template shipped in the package, packed from its reviewable XML
templates: $(STAMP)
	$(BIN)/plangen template pack --default

# the wheel an office installs (pip install dist-wheel/plangen-*.whl)
wheel: $(DEV)
	$(BIN)/python -m build --wheel --outdir dist-wheel .

clean:
	rm -rf dist dist-wheel build .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
