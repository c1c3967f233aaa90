# make demo: build the graph of the seed articles into dist/ (makes .venv on first use)
# make test: ruff and mypy, then the tests, with Apache Jena fetched for the cross-checks (needs Java 17 and Maven)
# make check: the fast everyday run, under a minute: no servers, browsers, JVMs, generated corpora or whole sites, a few
#   hundred fuzz examples and every other property test capped at 20 (the hypothesis profile "check")
# make quick: every test but the slow ones (servers, browsers, JVMs, generated corpora), about three minutes
# make lint: ruff and mypy alone         make clean: outputs and caches (distclean: the venv too)

PYTHON ?= python3
VENV ?= .venv
PY = $(VENV)/bin/python
PIP = $(PY) -m pip install --quiet --disable-pip-version-check

.PHONY: demo test check quick lint clean distclean

demo: $(VENV)/.installed
	$(VENV)/bin/kg build

test: lint
	jar="$$(scripts/fetch-jena)" && KG_JENA_JAR="$$jar" $(PY) -m pytest $(PYTEST_ARGS)

check: lint
	KG_FUZZ_EXAMPLES=300 $(PY) -m pytest --hypothesis-profile=check \
	    -m "(fuzz or not slow) and not site and not needs_java and not needs_browser and not needs_servers" $(PYTEST_ARGS)

quick: lint
	$(PY) -m pytest -m "not slow" $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check kg tests bench scripts/package-map scripts/cli-reference
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
