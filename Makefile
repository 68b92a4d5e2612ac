# The two commands a newcomer needs: `make demo` and `make test`. Both set everything up.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
DEMO   ?= demo_out

.PHONY: setup test lint demo bench docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

lint: setup
	$(BIN)/ruff check src tests bench

test: setup lint
	$(BIN)/pytest

# A synthetic council (code 999), three years of returns, loaded into a demo warehouse.
demo: setup
	rm -rf $(DEMO)
	$(BIN)/carepanel synth $(DEMO)/returns --children 400 --years 3 --seed 7 --la-code 999
	$(BIN)/carepanel load $(DEMO)/returns --warehouse $(DEMO)/warehouse.duckdb

docs: setup
	$(BIN)/python -m carepanel.indicators.docs > docs/indicators.md

bench: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf $(DEMO) .pytest_cache .ruff_cache
