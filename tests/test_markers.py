"""The central lists of tests/conftest.py name modules and tests that exist: a renamed module
would otherwise drop out of make quick's or make check's exclusions without a word."""

from __future__ import annotations

import re

from conftest import BROWSER_MODULES, FUZZ_TESTS, SERVER_MODULES, SITE_MODULES, SITE_TESTS, SLOW_MODULES
from support import ROOT

TESTS = ROOT / "tests"


def test_every_listed_module_exists() -> None:
    modules = {p.stem for p in TESTS.rglob("test_*.py")}
    for listed in (SLOW_MODULES, BROWSER_MODULES, SERVER_MODULES, SITE_MODULES):
        assert listed - modules == set()


def test_every_listed_test_exists() -> None:
    defined = {m for p in TESTS.rglob("test_*.py") for m in re.findall(r"^def (test_\w+)", p.read_text(), re.M)}
    assert (FUZZ_TESTS | SITE_TESTS) - defined == set()


def test_the_markers_are_declared_where_pytest_reads_them() -> None:
    declared = set(re.findall(r'"(\w+): ', (ROOT / "pyproject.toml").read_text()))
    assert {"slow", "needs_java", "needs_browser", "needs_servers", "site", "fuzz"} <= declared
