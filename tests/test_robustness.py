"""Hostile and broken input: fuzzed annotations never crash the tool, a killed build never
corrupts the outputs, and any string survives every RDF format unchanged."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from support import ONTOLOGY, ROOT

from kg.corpus import Corpus, read_corpus
from kg.errors import InputError
from kg.serialize import FORMATS, files_of, to_dataset
from kg.vocab import DEFAULT_BASE, SKOS

MINI = ROOT / "tests" / "fixtures" / "mini"
FUZZ_EXAMPLES = int(os.environ.get("KG_FUZZ_EXAMPLES", "10000"))
LINES = (MINI / "mini.yaml").read_text(encoding="utf-8").splitlines()
NASTY = st.sampled_from(
    [
        "",
        "~",
        "[]",
        "{}",
        "- x",
        "'",
        '"',
        ": ",
        "#",
        "&a",
        "*a",
        "!!python/object:os.system",
        "\x00",
        "\x07",
        "\u202e",
        "\ufeff",
        "🙂",
        "x" * 10_000,
        "2026-02-30",
        "--13-01",
        "-1",
        "1e309",
        "null",
        "yes",
        "<script>",
        "\\",
        "\t",
    ]
) | st.text(max_size=40)


@st.composite
def mutated_annotation(draw: st.DrawFn) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "indent", "dedent", "value", "key", "swap", "insert"]))
        line = lines[at]
        if action == "delete":
            del lines[at]
        elif action == "duplicate":
            lines.insert(at, line)
        elif action == "indent":
            lines[at] = " " * draw(st.integers(1, 3)) + line
        elif action == "dedent":
            lines[at] = line.lstrip()
        elif action == "value" and ":" in line:
            lines[at] = line.split(":", 1)[0] + ": " + draw(NASTY)
        elif action == "key" and ":" in line:
            lines[at] = line[: len(line) - len(line.lstrip())] + draw(NASTY) + ":" + line.split(":", 1)[1]
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], line
        else:
            lines.insert(at, draw(NASTY))
        if not lines:
            break
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    seeds = tmp_path_factory.mktemp("fuzz") / "seeds"
    shutil.copytree(MINI, seeds)
    return seeds


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=mutated_annotation())
def test_a_mutated_annotation_is_valid_or_a_located_error(text: str, workspace: Path) -> None:
    (workspace / "mini.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        result = read_corpus(workspace)
    except InputError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.path.startswith(str(workspace)) and problem.line >= 1 and problem.column >= 1
            assert "\n" not in problem.message
    else:
        assert isinstance(result, Corpus)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=mutated_annotation())
def test_the_command_exits_1_with_no_traceback_and_writes_nothing(
    text: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("cli")
    shutil.copytree(MINI, root / "seeds")
    (root / "seeds" / "mini.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    out = root / "dist"
    command = ["build", "--quiet", "--no-cache", "--seeds", str(root / "seeds"), "--out", str(out)]
    done = subprocess.run(
        [sys.executable, "-m", "kg", *command, "--ontology", str(ONTOLOGY)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
    if done.returncode == 1:
        assert done.stderr.rstrip().endswith("nothing written")
        assert sorted(p.name for p in root.iterdir()) == ["seeds"]  # no dist/, no staging folder, no cache
    else:
        assert (out / "kg.nq").is_file()  # the check above can fail: a valid mutation does write


def test_a_build_killed_at_any_moment_leaves_the_previous_outputs_whole(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    command = [sys.executable, "-m", "kg", "build", "--quiet", "--out", str(out), "--ontology", str(ONTOLOGY)]
    started = time.monotonic()
    subprocess.run(command, cwd=ROOT, check=True)
    duration = time.monotonic() - started
    reference = {name: (out / name).read_bytes() for name in FORMATS}
    chance = random.Random(20261124)
    for _ in range(8):
        process = subprocess.Popen(command, cwd=ROOT)
        time.sleep(chance.uniform(0.0, duration))
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert {name: (out / name).read_bytes() for name in FORMATS} == reference
    subprocess.run(command, cwd=ROOT, check=True)
    assert sorted(p.name for p in out.iterdir()) == sorted([*FORMATS, ".kg-output"])
    assert [p.name for p in tmp_path.iterdir()] == ["dist"], "staging folders of killed builds are swept"


@pytest.fixture(scope="module")
def mini_corpus() -> Corpus:
    return read_corpus(MINI)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    # what the loader lets through: any text but control characters other than tab and newline
    text=st.text(st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from("\n\t"), min_size=1)
    | st.sampled_from(['"""', "'''", '\\"', "<script>alert(1)</script>", "\u202eevil", "a\nb", "🙂" * 3])
)
def test_any_string_survives_every_rdf_format(text: str, mini_corpus: Corpus) -> None:
    article = mini_corpus.articles[0]
    claim = article.annotation.claims[0].model_copy(update={"en": text})
    annotation = article.annotation.model_copy(update={"claims": [claim, *article.annotation.claims[1:]]})
    corpus = Corpus(mini_corpus.registry, (article.model_copy(update={"annotation": annotation}),))
    files = files_of(to_dataset(corpus, Graph(), base=DEFAULT_BASE), base=DEFAULT_BASE)
    subject = URIRef(f"{DEFAULT_BASE}article/mini-2026-03-01/claim/{claim.id}")
    expected = Literal(text, lang="en")
    for name, fmt in (("kg.ttl", "turtle"), ("kg.nt", "nt")):
        graph = Graph().parse(data=files[name].decode("utf-8"), format=fmt)
        assert graph.value(subject, SKOS.prefLabel) == expected, name
    for name, fmt in (("kg.trig", "trig"), ("kg.nq", "nquads"), ("kg.jsonld", "json-ld")):
        dataset = Dataset(default_union=True)
        dataset.parse(data=files[name].decode("utf-8"), format=fmt)
        assert dataset.value(subject, SKOS.prefLabel) == expected, name
    quads = pyoxigraph.parse(files["kg.nq"], format=pyoxigraph.RdfFormat.N_QUADS)
    found = [
        q.object.value for q in quads if q.subject.value == str(subject) and q.predicate.value == str(SKOS.prefLabel)
    ]
    assert found == [text]
    assert json.loads(files["kg.jsonld"])  # well-formed JSON whatever the string
