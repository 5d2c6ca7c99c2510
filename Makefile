# Two commands do everything on a fresh machine (Python 3.11, package registries only):
#   make run    create .venv, install, ingest knowledge/, serve on 127.0.0.1:8000 (PORT, TECHBRIDGE_DATA_DIR)
#   make test   create .venv, install with test extras, run the whole suite
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
export TECHBRIDGE_DATA_DIR ?= $(CURDIR)/data

.PHONY: run test install lint audit lock bench local-llm clean

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

# The dependencies the Docker image installs (requirements.lock) against the vulnerabilities PyPI publishes
# for each pinned release; fails on any. It needs the network, so it is not part of `make test`.
audit: install
	$(BIN)/pip-audit --disable-pip --require-hashes --strict --progress-spinner off -r requirements.lock

# Re-pin requirements.lock after a change to the dependencies in pyproject.toml (CPython 3.11 on Linux,
# as in the image): every dependency, the extra postgres and the build's setuptools, with hashes.
lock: install
	$(BIN)/python -m pip install --quiet 'pip-tools>=7.4'
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --extra postgres --all-build-deps \
	  --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
	  --no-emit-trusted-host --output-file requirements.lock pyproject.toml

bench: install  # BENCH_ARGS=--quick for a two-minute run; README "Benchmarks"
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

local-llm: install
	VENV=$(VENV) bash scripts/local_llm.sh

clean:
	rm -rf $(VENV) data .pytest_cache
