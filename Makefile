# The front door of the justice handbook library. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
SYSTEM_STAMP := build/.system-deps
TEST_SYSTEM_STAMP := build/.system-deps-test
SETUP := build_tools/setup
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.DEFAULT_GOAL := help
.PHONY: help build serve check test test-fast lint bench clean setup setup-test fresh-check update-pins

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'
	@echo "  Options: make build ARGS='--handbook prison-reform --format pdf'   make serve PORT=8001"

setup: $(STAMP) $(SYSTEM_STAMP) ## Install what the build needs (.venv with Node.js, node_modules, fonts, Java); done by build and test

setup-test: setup $(TEST_SYSTEM_STAMP) ## Install what the tests need besides (Chromium, poppler-utils); done by test

# The Python check comes first, so that a too-old Python is named before anything is installed.
$(STAMP): requirements.txt requirements-dev.txt constraints.txt package.json package-lock.json $(SETUP)/install-python-deps.sh $(SETUP)/require-python.py
	@PYTHON=$(PYTHON) VENV=$(VENV) $(SETUP)/install-python-deps.sh
	@touch $@

$(SYSTEM_STAMP): $(SETUP)/install-system-deps.sh | $(STAMP)
	@$(SETUP)/install-system-deps.sh build
	@mkdir -p build && touch $@

$(TEST_SYSTEM_STAMP): $(SETUP)/install-system-deps.sh | $(STAMP)
	@$(SETUP)/install-system-deps.sh test
	@mkdir -p build && touch $@

build: setup ## Build the whole library (site, every PDF and EPUB) into site/
	$(PY) -m build_tools build $(ARGS)

serve: setup ## Live preview at http://localhost:8000 (site only); `make serve ONLY=fr` previews one language
	$(PY) -m build_tools serve --port $(or $(PORT),8000) $(if $(ONLY),--lang $(ONLY)) $(ARGS)

check: setup ## Validate the sources (fast, writes nothing)
	$(PY) -m build_tools check

lint: setup ## ruff and mypy
	$(BIN)/ruff check build_tools tests
	$(BIN)/mypy

test: setup-test lint ## Run every test: unit, fixture libraries, browser, the real library end to end
	$(BIN)/pytest -q $(ARGS)

test-fast: setup-test ## Tests without the end-to-end build of the real library
	$(BIN)/pytest -q -m "not e2e" $(ARGS)

bench: setup-test ## Measure build time, PDF time, page weight, edition sizes, search size, relevance and speed
	$(PY) -m tests.bench

update-pins: setup ## Show which pinned Python and JavaScript packages have newer versions (changes nothing)
	$(BIN)/pip list --outdated --disable-pip-version-check
	-$(BIN)/npm outdated

fresh-check: ## Prove the two commands on a new minimal Debian 12 root (debootstrap; as root; minutes, ~1 GB)
	$(SETUP)/fresh-check.sh $(ARGS)

clean: ## Remove generated output (site/, build/), keep .venv
	rm -rf site build .pytest_cache .mypy_cache .ruff_cache
