"""The CLI reference in README.md, made from the same parser that ``kg --help`` prints.

It is Markdown built from the parser's actions (each command's description line, its usage and
every option with its help), not argparse's text, whose wrapping and layout change between
Python versions: the README is then the same wherever it is regenerated. ``scripts/cli-reference``
writes it between the markers; a test fails when the block is stale or misses a command or option.
"""

from __future__ import annotations

import argparse

from kg.cli import DESCRIPTION, EPILOG, _parser

BEGIN = "<!-- cli-reference: written by scripts/cli-reference from kg's parser; do not edit by hand -->"
END = "<!-- /cli-reference -->"


def commands(parser: argparse.ArgumentParser | None = None) -> dict[str, argparse.ArgumentParser]:
    """Every subcommand of ``kg``, by name, in the order ``kg --help`` lists them.

    >>> list(commands())[:3]
    ['build', 'validate', 'query']
    """
    parser = parser or _parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def _shown(action: argparse.Action) -> str:
    if not action.option_strings:
        return str(action.metavar or action.dest)
    option = action.option_strings[-1]
    if action.nargs == 0:
        return option
    return f"{option} {action.metavar or action.dest.upper()}"


def _help(action: argparse.Action) -> str:
    choices = f"one of {', '.join(map(str, action.choices))}" if action.choices else ""
    return "; ".join(part for part in (action.help or "", choices) if part)


def _usage(name: str, parser: argparse.ArgumentParser) -> str:
    words = [f"kg {name}"]
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        shown = _shown(action) + (" …" if action.nargs in ("*", "+") else "")
        optional = not action.required if action.option_strings else action.nargs in ("?", "*")
        words.append(f"[{shown}]" if optional else shown)
    return " ".join(words)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def reference() -> str:
    """The block README.md holds between :data:`BEGIN` and :data:`END` (both included)."""
    out = [BEGIN, "", DESCRIPTION, "", EPILOG, ""]
    for name, parser in commands().items():
        out += [f"### `kg {name}`", "", str(parser.description), "", f"    {_usage(name, parser)}", ""]
        rows = [a for a in parser._actions if not isinstance(a, argparse._HelpAction)]
        if rows:
            out += ["| option | |", "|---|---|"]
            out += [f"| `{_cell(_shown(a))}` | {_cell(_help(a))} |" for a in rows]
            out.append("")
    return "\n".join([*out, END]) + "\n"


def rewrite(readme: str) -> str:
    """``readme`` with its block replaced by :func:`reference` (appended when it has none)."""
    if BEGIN in readme and END in readme:
        head, rest = readme.split(BEGIN, 1)
        return head + reference() + rest.split(END, 1)[1].removeprefix("\n")
    return readme.rstrip("\n") + "\n\n## Command reference\n\n" + reference()
