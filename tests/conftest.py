"""Fixtures shared by the tests: the repository, one real ``kg build`` per session, and Apache Jena."""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings
from rdflib import Graph
from support import ONTOLOGY, assert_same_graph

from kg.build import CheckedGraph, checked_graph
from kg.vocab import DEFAULT_BASE

REPO_ROOT = Path(__file__).resolve().parent.parent
JENA_JAR = "jena-fuseki-server-5.6.0.jar"  # the version scripts/fetch-jena caches


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository's top folder (where pyproject.toml, seeds/ and ontology/ are)."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def built(repo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of one real ``kg build --out DIR`` run from the repository, per session.

    It runs ``python -m kg`` with this interpreter, the seeds, the ontology and the default base
    IRI (a ``KG_BASE_IRI`` in the environment is ignored here), exactly as a user would.
    """
    out = tmp_path_factory.mktemp("dist")
    env = {k: v for k, v in os.environ.items() if k != "KG_BASE_IRI"}
    command = [sys.executable, "-m", "kg", "build", "--out", str(out)]
    done = subprocess.run(command, cwd=repo_root, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        said = f"--- stdout\n{done.stdout}--- stderr\n{done.stderr}"
        pytest.fail(f"`{' '.join(command[1:])}` exited {done.returncode}\n{said}", pytrace=False)
    return out


@pytest.fixture(scope="session")
def seeds_result() -> CheckedGraph:
    """The five seed articles, read, mapped and checked in-process once per session."""
    return checked_graph(REPO_ROOT / "seeds", ontology=ONTOLOGY, base=DEFAULT_BASE)


@pytest.fixture(scope="session")
def jena_jar() -> Path:
    """The Apache Jena jar (it holds ``riotcmd.riot``): ``$KG_JENA_JAR``, else the cache of
    ``scripts/fetch-jena``. Without it or without ``java``, a test that needs it is skipped on a
    developer's machine and fails under CI, where a missing Jena must not pass unnoticed."""
    given = os.environ.get("KG_JENA_JAR")
    cache = Path(os.environ.get("KG_CACHE") or Path.home() / ".cache" / "kg")
    jar = Path(given) if given else cache / "jena" / JENA_JAR
    if not jar.is_file():
        problem = f"no jar at {jar}"
    elif shutil.which("java") is None:
        problem = "'java' is not on PATH"
    else:
        return jar
    message = f"Jena not available ({problem}): run scripts/fetch-jena (needs Java 17 and Maven)"
    if in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def publish_site(seeds: Path, out: Path, *extra: str) -> Path:
    """Run ``kg publish`` as a user would, on a fixed publication date (so bytes can be compared)."""
    env = {k: v for k, v in os.environ.items() if k != "KG_BASE_IRI"} | {"SOURCE_DATE_EPOCH": "1767225600"}
    command = [sys.executable, "-m", "kg", "publish", "--seeds", str(seeds), "--out", str(out), *extra]
    done = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.fail(f"`kg publish` exited {done.returncode}\n{done.stdout}{done.stderr}", pytrace=False)
    return out


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds published once per session with ``kg publish``."""
    return publish_site(REPO_ROOT / "seeds", tmp_path_factory.mktemp("published") / "site")


HOSTILE = '<script>alert("kg")</script> & <b>bold</b>'


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The made-up mini article with markup in its text, a quote and a label, published."""
    seeds = tmp_path_factory.mktemp("hostile") / "seeds"
    shutil.copytree(REPO_ROOT / "tests" / "fixtures" / "mini", seeds)
    text = (seeds / "mini.txt").read_text(encoding="utf-8")
    (seeds / "mini.txt").write_text(text.replace('план співпраці"', f'план співпраці {HOSTILE}"'), encoding="utf-8")
    note = (seeds / "mini.yaml").read_text(encoding="utf-8")
    note = note.replace(
        "quote: Ми домовилися про план співпраці\n", f"quote: 'Ми домовилися про план співпраці {HOSTILE}'\n"
    )
    note = note.replace("en: We agreed on a cooperation plan.", f"en: 'We agreed on a cooperation plan {HOSTILE}'")
    (seeds / "mini.yaml").write_text(note, encoding="utf-8")
    return publish_site(seeds, seeds.parent / "site")


# Real servers, browsers, JVMs and generated corpora: `make test` runs them, `make quick` does not.
SLOW_MODULES = {
    "test_apache", "test_browser", "test_nginx", "test_serve", "test_store", "test_parsers", "test_roundtrip",
    "test_incremental", "test_robustness", "test_outputs", "test_cache", "test_engines", "test_tdb2", "test_grlc",
    "test_query_page", "test_package", "test_pylode",
}
# What else a test needs, so a run can leave out what the machine lacks (-m "not needs_java"). A test
# that asks for the Jena jar needs Java; these modules start a browser, or real servers (nginx,
# Apache, Fuseki, Oxigraph, kg serve).
BROWSER_MODULES = {"test_browser"}
SERVER_MODULES = {"test_apache", "test_nginx", "test_serve", "test_serve_paths", "test_store", "test_browser"}
# Tests that publish a whole site or run kg in a subprocess on the seeds: make check leaves them to make quick.
SITE_MODULES = {"test_publish", "test_dataset_description", "test_progress"}
SITE_FIXTURES = {"site", "hostile_site", "uk_site", "built"}
SITE_TESTS = {"test_build_and_publish_make_no_network_calls"}  # kg build and publish under a network guard
# Hypothesis over hostile input that needs nothing but Python: make check runs it with a few hundred examples.
FUZZ_TESTS = {"test_a_mutated_annotation_is_valid_or_a_located_error"}
CHECK_PROFILE = "check"  # make check: every other property test capped at this many examples
CHECK_EXAMPLES = 20

settings.register_profile(CHECK_PROFILE, max_examples=CHECK_EXAMPLES, deadline=None)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite the golden files from what the code gives now"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    capped = config.getoption("hypothesis_profile", None) == CHECK_PROFILE
    for item in items:
        module = item.path.stem
        if module in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
        if "jena_jar" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.needs_java)
        if module in BROWSER_MODULES:
            item.add_marker(pytest.mark.needs_browser)
        if module in SERVER_MODULES:
            item.add_marker(pytest.mark.needs_servers)
        name = getattr(item, "originalname", item.name)
        if module in SITE_MODULES or name in SITE_TESTS or SITE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.site)
        if name in FUZZ_TESTS:
            item.add_marker(pytest.mark.fuzz)
        elif capped:
            _cap_examples(item)


def _cap_examples(item: pytest.Item) -> None:
    """An explicit @settings(max_examples=N) outranks any profile; under the check profile, cap it."""
    test = getattr(item, "obj", None)
    given = getattr(test, "_hypothesis_internal_use_settings", None)
    if isinstance(given, settings) and given.max_examples > CHECK_EXAMPLES:
        test._hypothesis_internal_use_settings = settings(given, max_examples=CHECK_EXAMPLES)  # type: ignore[union-attr]


class Golden:
    """Expected outputs kept in files: compared with what the code gives, or rewritten from it with
    ``--update-golden`` (or ``KG_UPDATE_GOLDEN=1``) — then review their diff like code."""

    def __init__(self, update: bool) -> None:
        self.update = update

    def text(self, path: Path, actual: str) -> None:
        """``actual`` must be the text of ``path``; a failure shows a unified diff."""
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(actual.encode("utf-8"))
        # bytes, not read_text: its universal newlines would hide a CSV's CRLF (which RFC 4180 wants)
        expected = path.read_bytes().decode("utf-8") if path.is_file() else ""
        if actual != expected:
            diff = difflib.unified_diff(
                expected.splitlines(keepends=True), actual.splitlines(keepends=True), str(path), "actual"
            )
            pytest.fail(f"differs from {path} (regenerate with --update-golden):\n{''.join(diff)}", pytrace=False)

    def graph(self, path: Path, actual: Graph) -> None:
        """``actual`` must be the graph of the Turtle file ``path`` (compared as graphs)."""
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(actual.serialize(format="turtle", encoding="utf-8"))
        assert_same_graph(actual, Graph().parse(path, format="turtle"))


def updating_golden(config: pytest.Config) -> bool:
    return bool(config.getoption("--update-golden")) or os.environ.get("KG_UPDATE_GOLDEN", "") not in ("", "0")


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    """Compare with, or with --update-golden rewrite, a golden file."""
    return Golden(updating_golden(request.config))
