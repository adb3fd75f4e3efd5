# The two commands of the README:  `make run`  and  `make test`.
# Each creates the virtualenv and installs pinned dependencies on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= sitroom.db
WEB := src/sitroom/web
WEB_BUILT := $(WEB)/static/app.js

.PHONY: install web run test lint typecheck clean

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# The web dashboard's scripts: npm packages pinned by the lockfile, bundled into $(WEB)/static (not committed).
# Without npm the rest still installs; `sitroom serve` then shows a page saying the dashboard is not built.
$(WEB_BUILT): $(WEB)/frontend/package-lock.json $(WEB)/frontend/build.mjs $(wildcard $(WEB)/frontend/src/*)
	@if command -v npm >/dev/null; then \
	  cd $(WEB)/frontend && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && npm run --silent build; \
	else \
	  echo "warning: npm not found, the web dashboard is not built (install Node.js and npm, then make web)" >&2; \
	fi

web: $(WEB_BUILT)

install: $(BIN)/.installed $(WEB_BUILT)

run: install  ## ingest + extract + place + corroborate the bundled samples into $(DB)
	$(BIN)/sitroom run examples/articles --db $(DB)

test: install  ## lint, then the whole test suite
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache .ruff_cache .mypy_cache
	rm -rf $(WEB)/static $(WEB)/frontend/node_modules
