"""The ``kg`` command: its options (argparse), and :func:`main`, which runs the chosen command
(:mod:`kg.commands`) and turns kg's errors into their report and exit code (0 ok, 1 bad input,
2 broken setup or usage)."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from kg import __version__, commands
from kg.commands import EXIT_OK, EXIT_SETUP
from kg.errors import KgError
from kg.iri import DEFAULT_BASE


def _base_iri(value: str) -> str:
    if not value.startswith(("http://", "https://")) or not value.endswith("/"):
        raise argparse.ArgumentTypeError(f"'{value}' is not a base IRI (expected http(s)://…/ ending in '/')")
    return value


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--seeds", type=Path, default=Path("seeds"), help="articles, annotations, registry/ (default: seeds)"
    )
    _ontology_option(parser, "kg.ttl and shapes.ttl")
    _base_iri_option(parser, "base of the data's IRIs")
    cache = parser.add_mutually_exclusive_group()
    cache.add_argument(
        "--cache",
        type=Path,
        default=Path(".kg-cache"),
        help="SHACL results and outputs kept between builds (default: .kg-cache; validate only reads it)",
    )
    cache.add_argument("--no-cache", dest="cache", action="store_const", const=None, help="validate everything anew")


def _ontology_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--ontology", type=Path, default=None, metavar="DIR", help=f"{what} (default: the ontology kg ships)"
    )


def _queries_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--queries",
        type=Path,
        default=None,
        metavar="DIR",
        help="a folder of saved queries (NAME.rq) that add to kg's own and replace those of the same name"
        " (default: queries, if there is one)",
    )


def _base_iri_option(parser: argparse.ArgumentParser, what: str) -> None:
    default = os.environ.get("KG_BASE_IRI", DEFAULT_BASE)
    parser.add_argument(
        "--base-iri", type=_base_iri, default=default, help=f"{what} (default: $KG_BASE_IRI or {DEFAULT_BASE})"
    )


DESCRIPTION = (
    "kg turns curated YAML annotations of news articles into a linked-data graph of who met whom, who agreed to"
    " what and who claimed what, according to whom; checks it, asks it saved questions, loads it into a store and"
    " publishes it as a site."
)
EPILOG = "Exit codes: 0 success, 1 bad input (every problem listed as path:line:column), 2 a broken setup or usage."


def _command(
    subcommands: argparse._SubParsersAction[argparse.ArgumentParser], name: str, help: str
) -> argparse.ArgumentParser:
    """A subcommand whose --help starts with the line 'kg --help' lists it by."""
    return subcommands.add_parser(name, help=help, description=f"{help[0].upper()}{help[1:]}.")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description=DESCRIPTION, epilog=EPILOG)
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    subcommands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build_parser = _command(subcommands, "build", help="validate the seeds and write the graph in every format")
    _common(build_parser)
    build_parser.add_argument("--out", type=Path, default=Path("dist"), help="output folder (default: dist)")
    build_parser.add_argument("--quiet", action="store_true", help="print nothing on success, and no progress bar")
    build_parser.set_defaults(run=commands.run_build)
    validate_parser = _command(subcommands, "validate", help="check the seeds and the graph without writing anything")
    _common(validate_parser)
    validate_parser.set_defaults(run=commands.run_validate)

    query_parser = _command(subcommands, "query", help="run a saved query in-process, or against --endpoint")
    query_parser.add_argument("name", help="the saved query's name (its file name without .rq; see 'kg queries')")
    query_parser.add_argument(
        "--param", action="append", default=[], metavar="KEY=VALUE", help="bind a parameter (repeatable)"
    )
    query_parser.add_argument("--format", choices=("table", "csv", "tsv", "json"), default="table")
    query_parser.add_argument(
        "--lang", choices=("uk", "en", "bg"), help="language of labels (default: the query's, usually en)"
    )
    query_parser.add_argument("--endpoint", help="a SPARQL 1.1 query endpoint URL instead of the built graph")
    query_parser.add_argument(
        "--data", type=Path, default=Path("dist/kg.nq"), help="the built graph (default: dist/kg.nq)"
    )
    _queries_option(query_parser)
    _base_iri_option(query_parser, "base that short ids in parameters expand under")
    query_parser.set_defaults(run=commands.run_query)

    load_parser = _command(subcommands, "load", help="load the built graph into a SPARQL 1.1 store (Fuseki, Oxigraph…)")
    target = load_parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--endpoint", help="the store's Graph Store Protocol URL (Oxigraph: http://host:7878/store)")
    target.add_argument("--fuseki", metavar="URL", help="a Fuseki server (http://host:3030); use with --dataset")
    target.add_argument(
        "--tdb2",
        type=Path,
        metavar="DIR",
        help="build a Jena TDB2 database in DIR offline (Jena's parallel loader), for 'fuseki --loc DIR'",
    )
    load_parser.add_argument(
        "--dataset", default="kg", help="Fuseki dataset name, created if missing; with --tdb2, the name to serve it as"
    )
    load_parser.add_argument("--db-type", choices=("tdb2", "mem"), default="tdb2", help="for a new Fuseki dataset")
    load_parser.add_argument(
        "--query-endpoint", help="the store's SPARQL query URL (needed by --prune with --endpoint)"
    )
    load_parser.add_argument(
        "--prune", action="store_true", help="delete this dataset's graphs of articles no longer built"
    )
    load_parser.add_argument(
        "--data", type=Path, default=Path("dist/kg.nq"), help="the built graph (default: dist/kg.nq)"
    )
    load_parser.add_argument("--user", default=os.environ.get("KG_STORE_USER"), help="user name (or $KG_STORE_USER)")
    load_parser.add_argument(
        "--password", default=os.environ.get("KG_STORE_PASSWORD"), help="password (or $KG_STORE_PASSWORD)"
    )
    load_parser.add_argument("--auth", choices=("basic", "digest"), default="basic", help="HTTP authentication scheme")
    load_parser.add_argument("--timeout", default="60", help="seconds to wait for each answer (default: 60)")
    _base_iri_option(load_parser, "base of the data's IRIs: --prune only deletes graphs under BASE/graph/")
    load_parser.add_argument("--quiet", action="store_true", help="no progress bar")
    load_parser.set_defaults(run=commands.run_load)

    list_parser = _command(subcommands, "queries", help="list the saved queries, their questions and parameters")
    _queries_option(list_parser)
    list_parser.set_defaults(run=commands.run_queries)

    publish_parser = _command(subcommands, "publish", help="write the graph as a browsable linked-data site")
    _common(publish_parser)
    publish_parser.add_argument("--out", type=Path, default=Path("site"), help="site folder (default: site)")
    publish_parser.add_argument("--lang", choices=("en", "uk", "bg"), default="en", help="language of labels")
    publish_parser.add_argument(
        "--sparql-endpoint", help="a public SPARQL endpoint: named in the dataset description, usable by the query page"
    )
    _queries_option(publish_parser)
    publish_parser.add_argument("--quiet", action="store_true", help="print nothing on success, and no progress bar")
    publish_parser.set_defaults(run=commands.run_publish)

    serve_parser = _command(subcommands, "serve", help="serve a published site on 127.0.0.1 with content negotiation")
    serve_parser.add_argument("--site", type=Path, default=Path("site"), help="the site folder (default: site)")
    serve_parser.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    serve_parser.add_argument("--quiet", action="store_true", help="do not log requests")
    serve_parser.set_defaults(run=commands.run_serve)
    _annotator_commands(subcommands)
    return parser


# --- the annotator's workflow: kg new, schema, lint, stats, diff ----------------------------


def _annotator_commands(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    init_parser = _command(
        subcommands,
        "init",
        help="make DIR a new, empty annotation project (registries, JSON Schemas, README, .gitignore)",
    )
    init_parser.add_argument(
        "folder", type=Path, metavar="DIR", nargs="?", default=Path("."), help="a new or empty folder (default: .)"
    )
    init_parser.set_defaults(run=commands.run_init)
    new_parser = _command(subcommands, "new", help="write a starter annotation (PATH.yaml) beside a new article's text")
    new_parser.add_argument("text", type=Path, metavar="PATH.txt", help="the article's text file")
    new_parser.add_argument(
        "--seeds", type=Path, help="the folder whose registry/ names known actors (default: the text's, or seeds)"
    )
    new_parser.add_argument(
        "--schema", type=Path, default=Path("schema"), help="where the JSON Schemas are (default: schema)"
    )
    new_parser.set_defaults(run=commands.run_new)
    lint_parser = _command(subcommands, "lint", help="warn about what is valid but weak in the annotations")
    lint_parser.add_argument(
        "--seeds", type=Path, default=Path("seeds"), help="articles, annotations, registry/ (default: seeds)"
    )
    lint_parser.add_argument("--strict", action="store_true", help="exit 1 if there is any warning")
    lint_parser.add_argument(
        "files", nargs="*", type=Path, metavar="FILE", help="show only the warnings in these files (default: all)"
    )
    lint_parser.set_defaults(run=commands.run_lint)
    stats_parser = _command(subcommands, "stats", help="count what each article contributes; label and link coverage")
    stats_parser.add_argument(
        "--seeds", type=Path, default=Path("seeds"), help="articles, annotations, registry/ (default: seeds)"
    )
    _ontology_option(stats_parser, "kg.ttl, counted in the total")
    stats_parser.add_argument("--format", choices=("table", "json"), default="table")
    stats_parser.set_defaults(run=commands.run_stats)
    diff_parser = _command(subcommands, "diff", help="what changed in the graph between two builds or git revisions")
    diff_parser.add_argument("old", help="a built file or dist folder, a seeds folder, or git:REV")
    diff_parser.add_argument("new", help="the same kinds; e.g. 'kg diff git:HEAD seeds' for uncommitted edits")
    diff_parser.add_argument(
        "--lang", choices=("uk", "en", "bg"), default="en", help="language of labels (default: en)"
    )
    diff_parser.add_argument("--exit-code", action="store_true", help="exit 1 if the graphs differ (as git diff)")
    _ontology_option(diff_parser, "for a seeds folder")
    _base_iri_option(diff_parser, "base of the data's IRIs, shown as short ids")
    diff_parser.set_defaults(run=commands.run_diff)
    schema_parser = _command(
        subcommands, "schema", help="write the JSON Schemas of the annotation and registry formats"
    )
    schema_parser.add_argument("--out", type=Path, default=Path("schema"), help="output folder (default: schema)")
    schema_parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a schema is out of date")
    schema_parser.set_defaults(run=commands.run_schema)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``kg`` with ``argv``; return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    not_utf8 = _not_utf8(parser, args)
    if not_utf8:  # argv's undecodable bytes arrive as lone surrogates, which no encoder takes later
        print(f"kg: the value of {not_utf8} is not valid UTF-8 (expected UTF-8 text)", file=sys.stderr)
        return EXIT_SETUP
    run: Callable[[argparse.Namespace], object] = args.run
    try:
        code = run(args)
    except KgError as error:  # kg's own words: bad input (1) or a broken setup (2)
        for line in error.report():
            print(line, file=sys.stderr)
        return error.exit_code
    except BrokenPipeError:  # the reader (say, head) has had enough
        sys.stderr.close()
        return EXIT_OK
    except OSError as error:  # a folder that cannot be written or a file that vanished: the system's words
        where = f"{error.filename}: " if error.filename else ""
        print(f"kg: {where}{error.strerror or error}", file=sys.stderr)
        return EXIT_SETUP
    return code if isinstance(code, int) else EXIT_OK  # a command may return its own exit code


def _not_utf8(parser: argparse.ArgumentParser, args: argparse.Namespace) -> str | None:
    """The option (or argument) whose value holds bytes that are not UTF-8, if any; its value is
    not echoed (it may be a password)."""
    names = {
        action.dest: action.option_strings[-1] if action.option_strings else str(action.metavar or action.dest.upper())
        for sub in parser._subparsers._group_actions  # type: ignore[union-attr]
        for command in getattr(sub, "choices", {}).values()
        for action in command._actions
    }
    for dest, value in sorted(vars(args).items()):
        values = value if isinstance(value, list) else [value]
        if any(isinstance(v, (str, Path)) and _SURROGATE.search(str(v)) for v in values):
            return names.get(dest, dest)
    return None


_SURROGATE = re.compile("[\ud800-\udfff]")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
