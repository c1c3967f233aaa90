"""kg.api is what the command runs: the same checks, the same errors (one family, with the
report and exit code the command uses), and the command adds nothing but options and printing."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from support import ROOT

from kg import api, commands, errors, query, store, store_options
from kg.cli import main

MINI = ROOT / "tests" / "fixtures" / "mini"


def test_every_error_kg_reports_is_one_family() -> None:
    family = [errors.InputError, errors.SetupError, errors.QueryError, errors.StoreError, store_options.OptionError]
    assert all(issubclass(kind, errors.KgError) for kind in family)
    assert query.QueryError is errors.QueryError and store.StoreError is errors.StoreError
    assert [kind.exit_code for kind in family] == [1, 2, 1, 1, 2]


def test_the_command_prints_an_errors_report_and_exits_with_its_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Odd(errors.KgError):
        exit_code = 7

        def report(self) -> list[str]:
            return ["first line", "second line"]

    def run(args: object) -> None:
        raise Odd("unused")

    monkeypatch.setattr(commands, "run_queries", run)  # the parser is made, and names its runner, in main
    assert main(["queries"]) == 7
    assert capsys.readouterr().err == "first line\nsecond line\n"


def test_a_mistyped_query_name_gets_the_nearest_one_from_the_library_too() -> None:
    with pytest.raises(errors.QueryError, match="no saved query 'meetngs' — did you mean 'meetings'"):
        api.query("meetngs", MINI / "kg.nq")


def test_load_checks_every_option_before_it_sends_anything() -> None:
    with pytest.raises(errors.SetupError) as refused:
        api.load(MINI / "no-such.nq", endpoint="localhost:7878/store", timeout="soon")
    said = str(refused.value)
    assert "--endpoint 'localhost:7878/store' is not an http:// or https:// URL" in said
    assert "--timeout 'soon' is not a number of seconds" in said
    assert refused.value.exit_code == 2


def test_each_command_calls_the_library_for_its_work() -> None:
    """A runner is options in, one library call, printing out: none reads, builds or asks itself."""
    runners = {name: getattr(commands, name) for name in dir(commands) if name.startswith("run_")}
    assert len(runners) >= 14
    for name, runner in runners.items():
        source = inspect.getsource(runner)
        for forbidden in ("open(", "read_text", "Cache(", "difflib", ".partition(", "Endpoints", "Client("):
            assert forbidden not in source, f"{name} does {forbidden!r} itself"


def test_publish_through_the_library_gives_the_query_page_its_queries(tmp_path: Path) -> None:
    site = tmp_path / "site"
    told: list[str] = []
    api.publish(MINI, site, warn=told.append)
    page = (site / "query.html").read_text(encoding="utf-8")
    assert "sanity-check" in page and "meetings" in page
    assert all(message.startswith("the query page will say how to get its engine") for message in told)


def test_load_tdb2_checks_its_options_before_it_looks_for_jena(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "tdb2"
    code = main(["load", "--tdb2", str(target), "--password", "a\x01b", "--query-endpoint", "localhost:3030/q"])
    said = capsys.readouterr().err
    assert code == 2 and said.count("\n") == 1
    assert "--password holds a control character" in said and "--query-endpoint 'localhost:3030/q'" in said
    assert not target.exists()
