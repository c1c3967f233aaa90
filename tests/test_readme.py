"""The README keeps up with the code: every command and every saved question is documented."""

from __future__ import annotations

import argparse

from support import ROOT

from kg.cli import _parser
from kg.query import read_queries

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme() -> None:
    commands = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    missing = [name for name in commands.choices if f"kg {name}" not in README]
    assert not missing, f"commands missing from README.md: {missing}"


def test_every_saved_question_is_in_the_readme() -> None:
    missing = [name for name in read_queries(ROOT / "queries") if f"`{name}`" not in README]
    assert not missing, f"saved queries missing from README.md's table: {missing}"


def test_the_first_screen_gives_the_run_and_test_commands() -> None:
    first_screen = "\n".join(README.splitlines()[:25])
    assert "make demo" in first_screen and "make test" in first_screen
