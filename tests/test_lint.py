"""``kg lint``: warnings that are facts about valid input, one per line, sorted, with exit codes.

The expected outputs are regenerated with ``pytest tests/test_lint.py --update-golden``;
read their diff: every warning must be true of the input it names.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import Golden
from support import ROOT

from kg.cli import main
from kg.corpus import read_corpus
from kg.lint import lint

FIXTURE = Path("tests/fixtures/lint/seeds")  # relative, as a user types it: the paths in the output are too


def run_lint(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["lint", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(autouse=True)
def at_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def copy_of_fixture(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / FIXTURE, seeds)
    return seeds


def test_the_crafted_fixture_gives_one_warning_of_each_kind(capsys: pytest.CaptureFixture[str], golden: Golden) -> None:
    code, out, err = run_lint(["--seeds", str(FIXTURE)], capsys)
    assert (code, err) == (0, "")
    golden.text(ROOT / FIXTURE.parent / "expected.txt", out)
    assert out.endswith("\n16 warnings\n")


def test_warnings_are_sorted_by_place_and_name_it(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_lint(["--seeds", str(FIXTURE)], capsys)
    lines = out.splitlines()[:-1]
    places = [(p, int(line), int(column)) for p, line, column, *_ in (x.split(":", 3) for x in lines)]
    assert places == sorted(places)
    assert all(": warning: " in line for line in lines)


def test_strict_makes_any_warning_fail(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_lint(["--seeds", str(FIXTURE), "--strict"], capsys)
    assert code == 1 and out.endswith("\n16 warnings (--strict: failing)\n")


def test_files_given_show_only_their_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    places = str(FIXTURE / "registry" / "places.yaml")
    code, out, _ = run_lint(["--seeds", str(FIXTURE), "--strict", places], capsys)
    assert (code, out) == (
        1,
        f"{places}:2:5: warning: place 'lviv' has no uk label, though an article in uk names it\n"
        "1 warning (--strict: failing)\n",
    )


def test_strict_passes_a_corpus_without_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(Path("tests/fixtures/mini"), seeds)
    for name in ("actors", "places"):
        registry = seeds / "registry" / f"{name}.yaml"
        text = registry.read_text(encoding="utf-8")
        registry.write_text(re.sub(r"(\n    label: .*)", r"\1\n    wikidata: Q1", text), encoding="utf-8")
    note = seeds / "mini.yaml"  # each role, status and certainty with the words that support it
    text = note.read_text(encoding="utf-8").replace("role: host", "role: participant")
    text = text.replace("    quote: план співпраці\n", "    quote: домовилися про план співпраці\n")
    text = text.replace("    as: anonymous-source\n", "    as: anonymous-source\n    hedge: може\n")
    note.write_text(text, encoding="utf-8")
    assert run_lint(["--seeds", str(seeds), "--strict"], capsys) == (0, "0 warnings\n", "")


def edited(seeds: Path, old: str, new: str) -> list[str]:
    """The warnings once ``old`` is replaced by ``new`` in the fixture's annotation (exactly once)."""
    note = seeds / "lint.yaml"
    text = note.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    note.write_text(text.replace(old, new), encoding="utf-8")
    return [w.message for w in lint(seeds)]


def test_a_chain_without_the_cited_agency_needs_a_reason(tmp_path: Path) -> None:
    seeds = copy_of_fixture(tmp_path)
    skipped = "claim 'pryklad-meeting-went-well' reached test-outlet without test-agency"
    assert not [m for m in lint_messages(seeds) if m.startswith(skipped)]
    reason = "    via_reason: {why: the ambassador spoke to the outlet, quote: Посол сказав}\n"
    found = edited(seeds, reason, "")  # `via: []` alone no longer says why
    assert [m for m in found if m.startswith(skipped)] == [
        f"{skipped}, though the article cites test-agency as its source (if it came through them, add them to"
        " 'via'; if not, say why in 'via_reason: {why: …, quote: …}')"
    ]


def test_a_reason_on_a_chain_that_skips_nothing_is_warned(tmp_path: Path) -> None:
    seeds = copy_of_fixture(tmp_path)
    found = edited(seeds, "    via: []\n    via_reason:", "    via: [test-agency]\n    via_reason:")
    assert (
        "claim 'pryklad-meeting-went-well' has a 'via_reason', but its chain holds every agency the article"
        " cites (remove it)"
    ) in found


def test_a_hedged_claim_names_its_hedge_in_or_next_to_its_sentence(tmp_path: Path) -> None:
    seeds = copy_of_fixture(tmp_path)
    missing = "claim 'sources-plan-may-be-signed' is possible, but names no words that carry the hedge"
    assert [m for m in lint_messages(seeds) if m.startswith(missing)] == [
        f"{missing} (add 'hedge:' with them such as 'може' in its sentence, or mark it certain)"
    ]
    hedged = edited(seeds, "    certainty: possible\n", "    certainty: possible\n    hedge: може\n")
    assert not [m for m in hedged if "sources-plan-may-be-signed" in m]
    far = edited(seeds, "    hedge: може\n", "    hedge: Наступна зустріч\n")  # two sentences away
    assert (
        "claim 'sources-plan-may-be-signed': its hedge 'Наступна зустріч' is neither in the claim's sentence"
        " nor next to it (quote the words that hedge this claim; 'start:' picks an occurrence)"
    ) in far


def test_a_certain_claim_beside_a_hedge_word_is_warned_unless_another_claim_hedges_with_it(tmp_path: Path) -> None:
    seeds = copy_of_fixture(tmp_path)
    assert (
        "claim 'agency-ambassador-to-visit' is certain, but its sentence says 'Можливо', which marks a claim"
        " possible (mark it possible with 'hedge: Можливо' if the word hedges this claim)"
    ) in lint_messages(seeds)
    # a second claim in the sentence of 'sources-plan-may-be-signed', which takes 'може' as its hedge
    other = (
        "  - id: sources-plan-in-spring\n    by: sources\n    as: anonymous-source\n    via: [test-agency]\n"
        "    quote: {text: навесні, start: {at}}\n    en: In spring.\n    about: [cooperation-plan]\n"
        "    certainty: certain\n"
    )
    text = (seeds / "lint.txt").read_text(encoding="utf-8")
    at = text.index("підписаний навесні") + len("підписаний ")
    note = seeds / "lint.yaml"
    note.write_text(note.read_text(encoding="utf-8") + other.replace("{at}", str(at), 1), encoding="utf-8")
    spring = "claim 'sources-plan-in-spring' is certain, but its sentence says 'може'"
    assert [m for m in lint_messages(seeds) if m.startswith(spring)]
    found = edited(seeds, "    certainty: possible\n", "    certainty: possible\n    hedge: може\n")
    assert not [m for m in found if m.startswith(spring)]
    assert (
        "claim 'agency-ambassador-to-visit' is certain but names a hedge (remove it or lower the certainty)"
        in edited(seeds, "    about: [pryklad]\n", "    about: [pryklad]\n    hedge: Можливо\n")
    )


def test_a_role_or_status_needs_a_word_for_it(tmp_path: Path) -> None:
    seeds = copy_of_fixture(tmp_path)
    host = "participant 'testenko' of meeting 'talks-with-ambassador' is 'host', but its quote has no word that says so"
    status = "agreement 'cooperation-plan' is 'agreed', but its quote has no word that says so"
    found = lint_messages(seeds)
    assert [m for m in found if m.startswith((host, status))] == [
        f"{host} (such as 'проведе', 'провів', 'провела'): quote the words that give the role in the"
        " participant's 'quote', or use a role that says only what is printed",
        f"{status} (such as 'домовил…', 'домовленост…', 'погодил…'): quote the words that give the status,"
        " or use the status they support",
    ]
    found = edited(seeds, "    quote: план співпраці\n", "    quote: Ми домовилися про план співпраці\n")
    assert not [m for m in found if m.startswith(status)]
    # the participant's own words: here a wrong role stays wrong (the quote has no host word)
    found = edited(
        seeds,
        "      - {actor: testenko, role: host}\n",
        "      - {actor: testenko, role: host, quote: Міністр Іван Тестенко}\n",
    )
    assert [m for m in found if m.startswith(host)]
    found = edited(
        seeds, "role: host, quote: Міністр Іван Тестенко}", "role: negotiator, quote: провів переговори з послом}"
    )
    assert not [m for m in found if "'testenko' of meeting" in m]


def test_the_cue_words_are_data_shipped_with_the_package() -> None:
    from importlib import resources

    from kg.lint import CUES_FILE, _cue_list

    assert resources.files("kg").joinpath(CUES_FILE).is_file()
    for lang in ("uk", "bg", "en"):
        assert set(_cue_list("hedges", lang)) == {"possible", "probable", "uncertain"}
        assert {"host", "caller", "callee"} <= set(_cue_list("roles", lang))
        assert {"agreed", "signed"} <= set(_cue_list("statuses", lang))
    assert "за даними" not in {w for words in _cue_list("hedges", "uk").values() for w in words}


def lint_messages(seeds: Path) -> list[str]:
    return [w.message for w in lint(seeds)]


def test_a_flagged_date_conflict_is_not_warned_again(tmp_path: Path) -> None:
    seeds = copy_of_fixture(tmp_path)
    note = seeds / "lint.yaml"
    flag = (
        "  date_conflicts:\n    - id: april\n      description: The April meeting cannot be of 2026.\n"
        "      events: [april-meeting]\n      quote: 22 квітня пройшла\n"
    )
    note.write_text(
        note.read_text(encoding="utf-8").replace("  cites: [test-agency]\n", f"  cites: [test-agency]\n{flag}")
    )
    assert not [w for w in lint(seeds) if "'april-meeting' is dated" in w.message]
    assert [w for w in lint(seeds) if "'phone-call' is dated" in w.message]


def test_lint_on_invalid_input_reports_the_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeds = copy_of_fixture(tmp_path)
    note = seeds / "lint.yaml"
    note.write_text(note.read_text(encoding="utf-8").replace("certainty: certain", "certainty: sure", 1))
    code, out, err = run_lint(["--seeds", str(seeds)], capsys)
    assert (code, out) == (1, "")
    assert f"{seeds}/lint.yaml:78:16: 'sure' is not allowed here" in err


def test_the_seeds_warnings(capsys: pytest.CaptureFixture[str], golden: Golden) -> None:
    code, out, _ = run_lint([], capsys)
    assert code == 0
    golden.text(ROOT / "tests" / "golden" / "lint-seeds.txt", out)


def test_the_seeds_warnings_are_true() -> None:
    """Cross-check the warnings on the seeds against the corpus itself."""
    corpus = read_corpus(ROOT / "seeds")
    warnings = lint(ROOT / "seeds")
    without_wikidata = {e.id for e in (*corpus.registry.actors, *corpus.registry.places) if e.wikidata is None}
    warned = {w.message.split("'")[1] for w in warnings if w.message.endswith("has no Wikidata id")}
    assert warned == without_wikidata and len(warned) == 23
    undated = {
        e.id
        for a in corpus.articles
        for e in a.annotation.events
        if e.kind != "decision" and e.kind != "suspension" and e.date is None
    }
    warned = {w.message.split("'")[1] for w in warnings if " has no date" in w.message}
    assert warned == undated
    claims = {c.id: (a, c) for a in corpus.articles for c in a.annotation.claims}
    for warning in warnings:
        if " reached " in warning.message:
            article, claim = claims[warning.message.split("'")[1]]
            assert set(article.annotation.article.cites) - {claim.by, *claim.via}, claim.id
            assert claim.via_reason is None, claim.id
    for article, claim in claims.values():
        assert (claim.hedge is None) == (claim.certainty == "certain"), claim.id
        if set(article.annotation.article.cites) - {claim.by, *claim.via}:
            assert claim.via_reason is not None, claim.id
