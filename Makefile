# Two commands do everything on a fresh machine (Python 3.11, package registries only):
#   make run    create .venv, install, ingest knowledge/, serve on 127.0.0.1:8000 (PORT, TECHBRIDGE_DATA_DIR)
#   make test   create .venv, install with test extras, run the whole suite
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
export TECHBRIDGE_DATA_DIR ?= $(CURDIR)/data

.PHONY: run test install lint bench local-llm clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/techbridge ingest --progress
	$(BIN)/techbridge serve --host $(HOST) --port $(PORT)

test: install
	bash scripts/test-deps.sh
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check bot retrieval tests
	$(BIN)/ruff format --check bot retrieval tests
	$(BIN)/mypy bot retrieval

bench: install  # BENCH_ARGS=--quick for a two-minute run; README "Benchmarks"
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

local-llm: install
	VENV=$(VENV) bash scripts/local_llm.sh

clean:
	rm -rf $(VENV) data .pytest_cache
