# foro: the one entry point. `make run` and `make test` work on a new machine with
# Python 3.11+ and make: they create .venv and install the pinned dependencies first.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PIP_FLAGS ?= --quiet --disable-pip-version-check

.PHONY: run test lint format check browser-tests clean lock bench help

help:
	@echo "make run   - set up, load reference and demo data, serve http://127.0.0.1:8000"
	@echo "make test  - make check, then the whole test suite (DATABASE_URL picks the database)"
	@echo "make check - lint, format, import contracts, types, migrations, configuration doc, bandit"

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_FLAGS) --upgrade "pip>=24"
	$(BIN)/python -m pip install $(PIP_FLAGS) -c requirements.lock -e '.[dev]'
	@touch $@

run: $(STAMP)
	FORO_DEMO_MODE=1 $(BIN)/foro migrate --noinput
	FORO_DEMO_MODE=1 $(BIN)/foro reference load
	FORO_DEMO_MODE=1 $(BIN)/foro demo load
	FORO_DEMO_MODE=1 $(BIN)/foro serve

# The suite runs in parallel (pytest-xdist, each worker with its own database; ADR 0011).
# PYTEST_WORKERS=0 runs it in one process; a single file runs plainly with .venv/bin/pytest.
PYTEST_WORKERS ?= 2
test: $(STAMP) check
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy foro
	$(BIN)/foro makemigrations --check --dry-run
	$(BIN)/foro config docs --check
	$(BIN)/bandit -c bandit.yaml -r foro -ll -q

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate requirements.lock from a fresh resolution of pyproject.toml.
lock:
	rm -rf /tmp/foro-lock-venv && $(PYTHON) -m venv /tmp/foro-lock-venv
	/tmp/foro-lock-venv/bin/pip install $(PIP_FLAGS) '.[dev]'
	/tmp/foro-lock-venv/bin/pip freeze --exclude-editable | grep -v '^foro' > requirements.lock

bench: $(STAMP)
	$(BIN)/python benchmarks/screening.py
	@echo "reports: see benchmarks/README.md (needs a database with 1,000,000 generated licences)"

clean:
	rm -rf $(VENV) var/test-* .pytest_cache

# Security checks of the code (bandit) and of the pinned dependencies (pip-audit); issue 16.
.PHONY: audit
audit: $(STAMP)
	BIN=$(BIN) bash scripts/security_audit.sh
