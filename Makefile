# The two commands a newcomer needs: `make demo` and `make test`. Both set everything up.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
DEMO   ?= demo_out

.PHONY: setup test test-postgres lint lock demo bench loadtest docs assets clean

# requirements.lock pins every package (and what they need) to the versions CI tested, so a
# fresh clone installs exactly those; pyproject.toml keeps the ranges carepanel works with.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(STAMP)

# carepanel's own bytecode, compiled ahead: an editable install leaves its modules to be
# compiled by the command that first imports them, and where PYTHONDONTWRITEBYTECODE is
# set (as in many containers) by every command again (a tenth of a second each).
setup: $(STAMP)
	@$(BIN)/python -m compileall -q src

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy

# After changing a dependency in pyproject.toml: pin the newest versions that fit, for every
# platform (uv is fetched into the virtual environment for this only).
lock: setup
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
	  --no-header --quiet -o requirements.lock

test: setup lint
	$(BIN)/pytest

# The web tests again, against the PostgreSQL server named by CAREPANEL_DB_HOST, _PORT,
# _NAME, _USER and _PASSWORD (.ci/run starts a throwaway one on loopback).
test-postgres: setup
	CAREPANEL_TEST_POSTGRES=1 $(BIN)/pytest tests/web

# Rebuild the web app's CSS and JS from GOV.UK Frontend (needs Node.js and npm).
assets:
	npm ci --no-audit --no-fund
	npm run build

# A synthetic council (with a real council code, 883, so that the DfE's published
# benchmarks for that council can be shown beside it: the children are all synthetic),
# three years of returns and local files, loaded, benchmarked and scored.
SHARED_DFE ?= ../shared/data/dfe
EX = src/carepanel/reports/examples
SERVE ?= 1
demo: setup
	rm -rf $(DEMO)
	$(BIN)/carepanel synth $(DEMO)/returns --children 290 --years 5 --seed 7 --la-code 883
	$(BIN)/carepanel load $(DEMO)/returns --warehouse $(DEMO)/warehouse.duckdb
	if [ -d "$(SHARED_DFE)" ]; then \
	  $(BIN)/carepanel benchmarks load $(SHARED_DFE) --warehouse $(DEMO)/warehouse.duckdb; \
	else echo "No DfE tables at $(SHARED_DFE): the scorecard will show no benchmarks."; fi
	$(BIN)/carepanel indicators --warehouse $(DEMO)/warehouse.duckdb --period-end 2025-03-31 \
	  --output $(DEMO)/indicators_2025-03-31.json
	$(BIN)/carepanel scorecard --warehouse $(DEMO)/warehouse.duckdb --period-end 2025-03-31 \
	  --manual $(EX)/manual.yaml --format text
	$(BIN)/carepanel report scorecard --period-end 2025-03-31 --warehouse $(DEMO)/warehouse.duckdb \
	  --manual $(EX)/manual.yaml --commentary $(EX)/commentary.yaml --paper $(EX)/paper.yaml \
	  --format pdf,docx,xlsx --with-public --output $(DEMO)/scorecard.pdf
	$(BIN)/carepanel report scorecard --period-end 2024-06-30 --period quarter \
	  --warehouse $(DEMO)/warehouse.duckdb --manual $(EX)/manual.yaml \
	  --commentary $(EX)/commentary_q1.yaml --paper $(EX)/paper_q1.yaml \
	  --format pdf --with-public --output $(DEMO)/scorecard_q1.pdf
	$(BIN)/carepanel report progress --strategy $(EX)/strategy.yaml --as-of 2025-03-31 \
	  --warehouse $(DEMO)/warehouse.duckdb --manual $(EX)/manual.yaml --paper $(EX)/paper.yaml \
	  --format html,pdf --output $(DEMO)/progress.html
	$(BIN)/carepanel report annual --year 2025 --warehouse $(DEMO)/warehouse.duckdb \
	  --strategy $(EX)/strategy.yaml --manual $(EX)/manual.yaml --paper $(EX)/paper.yaml \
	  --format docx --output $(DEMO)/annual_report.docx
	@echo "Papers written in $(DEMO): scorecard (pdf, docx, xlsx; _public too)," \
	  "scorecard_q1 (a Quarter 1 paper), progress (html, pdf), annual_report.docx"
	@if [ "$(SERVE)" = "1" ]; then \
	  echo "Starting the web app with the demo council (Ctrl+C to stop; SERVE=0 skips this)"; \
	  CAREPANEL_WAREHOUSE=$(DEMO)/warehouse.duckdb CAREPANEL_DATA_DIR=$(CURDIR)/$(DEMO)/web \
	    $(BIN)/carepanel serve --demo; \
	fi

docs: setup
	$(BIN)/python -m carepanel.indicators.docs > docs/indicators.md
	$(BIN)/python -m carepanel.ssda903.validate.docs > docs/validation_rules.md

# The quick set (about 10 minutes on 2 cores; the peer's virtual environment is made on
# first use). BENCH_ARGS="--only peer,scaling" picks scenarios, "--heavy" adds the slow ones.
BENCH_ARGS ?=
bench: setup
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# The web app under load (not part of `make test`): gunicorn with production settings on
# 127.0.0.1, 20 people for 60 seconds; prints requests/s, p50, p95 and errors.
LOADTEST_ARGS ?=
loadtest: setup
	$(BIN)/python bench/loadtest.py $(LOADTEST_ARGS)

clean:
	rm -rf $(DEMO) .pytest_cache .ruff_cache
