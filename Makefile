# `make run` and `make test` each do all of their own set-up on a fresh machine with Python 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM := /usr/bin/chromium
NGINX := /usr/sbin/nginx
KHAL := /usr/bin/khal
REPLICAS ?= 2
PORT ?= 8501
# Only this machine can reach `make run` unless the operator says so: HOST=0.0.0.0 make run.
HOST ?= 127.0.0.1

.PHONY: run edit test lint format validate schema bench load serve clean

# The stamp files make both targets fast when pyproject.toml has not changed.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

run: $(VENV)/.installed
	$(BIN)/streamlit run app.py --server.address $(HOST) --server.port $(PORT)

# The dashboard that may save reports into the data folder: this machine only, whatever HOST.
edit: $(VENV)/.installed
	SLATE_EDIT=1 $(BIN)/streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT)

# Playwright's own browser download cannot work here: the tests drive Debian's Chromium.
$(CHROMIUM):
	@if [ "$$(id -u)" = "0" ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "Browser tests need Debian's Chromium: run 'sudo apt-get install chromium' and retry."; exit 1; \
	fi

# Debian's nginx for `make serve` and its test; only the binary is used (no service started).
$(NGINX):
	@if [ "$$(id -u)" = "0" ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; \
	else \
		echo "make serve needs Debian's nginx: run 'sudo apt-get install nginx' and retry."; exit 1; \
	fi

# Debian's khal: a real calendar client the tests import the calendar into.
$(KHAL):
	@if [ "$$(id -u)" = "0" ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq khal >/dev/null; \
	else \
		echo "The calendar tests need Debian's khal: run 'sudo apt-get install khal' and retry."; exit 1; \
	fi

test: $(VENV)/.installed-test $(CHROMIUM) $(NGINX) $(KHAL)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

validate: $(VENV)/.installed
	$(BIN)/python -m slate validate

# `make bench SIZES=1000,10000` for a quicker run; the default measures all three sizes.
SIZES ?= 1000,10000,100000
bench: $(VENV)/.installed-test $(CHROMIUM)
	$(BIN)/python benchmarks/bench.py --sizes $(SIZES)

# Several app processes behind nginx on 127.0.0.1:$(PORT), restarted when one exits.
serve: $(VENV)/.installed $(NGINX)
	$(BIN)/python -m deploy.serve --replicas $(REPLICAS) --host $(HOST) --port $(PORT)

# 40 browser sessions through `make serve`'s recipe, one replica killed and restarted midway.
load: $(VENV)/.installed-test $(CHROMIUM) $(NGINX)
	$(BIN)/python -m benchmarks.load --replicas $(REPLICAS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache build *.egg-info

# Regenerate the data files' JSON Schema after changing slate/models.py (a test checks it).
schema: $(VENV)/.installed
	$(BIN)/python -m slate schema > seeds/schema.json
