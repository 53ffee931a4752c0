# The front door of the justice handbook library. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
SYSTEM_STAMP := build/.system-deps
BROWSER_STAMP := build/.system-deps-browser
NODE_STAMP := node_modules/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.DEFAULT_GOAL := help
.PHONY: help build serve check test test-fast lint bench clean setup

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'
	@echo "  Options: make build ARGS='--handbook prison-reform --format pdf'   make serve PORT=8001"

setup: $(STAMP) $(SYSTEM_STAMP) $(NODE_STAMP) ## Install what the build needs (.venv, node_modules, fonts, Java, Node.js); done by build and test

$(STAMP): requirements.txt requirements-dev.txt constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $@

$(SYSTEM_STAMP): build_tools/install-system-deps.sh
	build_tools/install-system-deps.sh
	mkdir -p build && touch $@

$(NODE_STAMP): package.json package-lock.json $(SYSTEM_STAMP)
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

$(BROWSER_STAMP): build_tools/install-system-deps.sh
	WITH_BROWSER=1 build_tools/install-system-deps.sh
	mkdir -p build && touch $@

build: setup ## Build the whole library (site, every PDF and EPUB) into site/
	$(PY) -m build_tools build $(ARGS)

serve: setup ## Live preview at http://localhost:8000 (site only); `make serve LANG=fr` previews one language
	$(PY) -m build_tools serve --port $(or $(PORT),8000) $(if $(filter command line,$(origin LANG)),--lang $(LANG)) $(ARGS)

check: setup ## Validate the sources (fast, writes nothing)
	$(PY) -m build_tools check

lint: setup ## ruff and mypy
	$(BIN)/ruff check build_tools tests
	$(BIN)/mypy

test: setup $(BROWSER_STAMP) lint ## Run every test: unit, fixture libraries, browser, the real library end to end
	$(BIN)/pytest -q $(ARGS)

test-fast: setup ## Tests without the end-to-end build of the real library
	$(BIN)/pytest -q -m "not e2e" $(ARGS)

bench: setup ## Measure build time, PDF time, page weight, edition sizes, search size, relevance and speed
	$(PY) -m tests.bench

clean: ## Remove generated output (site/, build/), keep .venv
	rm -rf site build .pytest_cache .mypy_cache .ruff_cache
