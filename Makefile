# make demo: build the graph of the seed articles into dist/ (makes .venv on first use)
# make test: ruff and mypy, then the tests, with Apache Jena fetched for the cross-checks (needs Java 17 and Maven)
# make quick: the everyday run, without the slow tests (servers, browsers, JVMs, generated corpora)
# make lint: ruff and mypy alone         make clean: outputs and caches (distclean: the venv too)

PYTHON ?= python3
VENV ?= .venv
PY = $(VENV)/bin/python
PIP = $(PY) -m pip install --quiet --disable-pip-version-check

.PHONY: demo test quick lint clean distclean

demo: $(VENV)/.installed
	$(VENV)/bin/kg build

test: lint
	jar="$$(scripts/fetch-jena)" && KG_JENA_JAR="$$jar" $(PY) -m pytest $(PYTEST_ARGS)

quick: lint
	$(PY) -m pytest -m "not slow" $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check kg tests
	$(VENV)/bin/mypy kg

# A stamp per install: pip runs again only when pyproject.toml changes (kg itself is editable).
$(VENV)/.installed: pyproject.toml | $(VENV)/bin/pip
	$(PIP) -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/pip
	$(PIP) -e '.[test]'
	touch $@

$(VENV)/bin/pip:  # pip, not python: a venv whose pip failed to install is made again
	$(PYTHON) -m venv $(VENV)

clean:
	rm -rf dist build *.egg-info .pytest_cache .mypy_cache .ruff_cache test-artifacts
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
