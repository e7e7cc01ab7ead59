# Two commands do all the set-up: `make run` (the app) and `make test` (every test).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test check bench geodata clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m streamlit run app.py --server.address 127.0.0.1 --server.headless true \
	  --browser.gatherUsageStats false

# Every test: the fast part on both cores (pytest-xdist), then the browser tests against one server.
test: check
	$(PY) -m pytest -m "not browser" -n 2
	$(PY) -m pytest -m browser

# Lint and type checks (configured in pyproject.toml); part of `make test`.
check: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m mypy

bench: $(STAMP)
	$(PY) bench/bench_crossings.py

geodata: $(STAMP)
	$(PY) -m layers build-geodata

clean:
	rm -rf $(VENV) .pytest_cache test-results
