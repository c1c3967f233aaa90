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
    assert "apt-get install make\npython3-venv" in first_screen  # what a fresh Debian lacks before make demo


def test_the_cli_reference_is_what_the_parser_says_now() -> None:
    """Regenerate with scripts/cli-reference."""
    from kg.cli_reference import BEGIN, END, reference

    assert BEGIN in README and END in README, "README.md has no CLI reference block: run scripts/cli-reference"
    block = BEGIN + README.split(BEGIN, 1)[1].split(END, 1)[0] + END + "\n"
    assert block == reference(), "README.md's CLI reference is stale: run scripts/cli-reference"


def test_every_command_and_option_is_in_the_cli_reference() -> None:
    """Read from the parser, not from the generator: a command or option the generator skipped fails too."""
    from kg.cli_reference import BEGIN

    sections = README.split(BEGIN, 1)[1].split("\n### `kg ")[1:]
    documented = {section.split("`", 1)[0]: section for section in sections}
    commands = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    missing = []
    for name, parser in commands.choices.items():
        if name not in documented:
            missing.append(f"kg {name}")
            continue
        for action in parser._actions:
            for option in action.option_strings:
                if option not in ("-h", "--help") and f"`{option}" not in documented[name] and option.startswith("--"):
                    missing.append(f"kg {name} {option}")
            if not action.option_strings and f"`{action.metavar or action.dest}`" not in documented[name]:
                missing.append(f"kg {name} {action.metavar or action.dest}")
    assert not missing, f"missing from README.md's CLI reference: {missing}"


def test_every_command_has_a_description_line_in_its_help() -> None:
    commands = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    helps = {a.dest: a.help for a in commands._choices_actions}
    for name, parser in commands.choices.items():
        assert parser.description == f"{helps[name][0].upper()}{helps[name][1:]}.", name
    assert _parser().description and _parser().description.endswith("publishes it as a site.")
