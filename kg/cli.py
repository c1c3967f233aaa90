"""The ``kg`` command: each subcommand parses its options, calls the library, and turns the
library's exceptions into one clean message and an exit code (0 ok, 1 bad input, 2 broken
setup or usage)."""

from __future__ import annotations

import argparse
import contextlib
import difflib
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kg import __version__
from kg.errors import InputError, SetupError
from kg.iri import DEFAULT_BASE

if TYPE_CHECKING:  # the build pulls in pySHACL, which 'kg query' and 'kg load' do not need
    from kg.build import Built
    from kg.cache import Cache
    from kg.query import SavedQuery

EXIT_OK, EXIT_INPUT, EXIT_SETUP = 0, 1, 2


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


def _ontology(args: argparse.Namespace) -> Path:
    from kg.resources import ontology_dir

    return args.ontology if args.ontology is not None else ontology_dir()


def _queries_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--queries",
        type=Path,
        default=None,
        metavar="DIR",
        help="a folder of saved queries (NAME.rq) that add to kg's own and replace those of the same name"
        " (default: queries, if there is one)",
    )


def _saved_queries(args: argparse.Namespace) -> dict[str, SavedQuery]:
    """kg's own saved queries, and over them the project's: --queries, else ./queries if it is a folder."""
    from kg.api import saved_queries

    project = args.queries if args.queries is not None else Path("queries")
    return saved_queries(project if args.queries is not None or project.is_dir() else None)


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
    commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str, help: str
) -> argparse.ArgumentParser:
    """A subcommand whose --help starts with the line 'kg --help' lists it by."""
    return commands.add_parser(name, help=help, description=f"{help[0].upper()}{help[1:]}.")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description=DESCRIPTION, epilog=EPILOG)
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build_parser = _command(commands, "build", help="validate the seeds and write the graph in every format")
    _common(build_parser)
    build_parser.add_argument("--out", type=Path, default=Path("dist"), help="output folder (default: dist)")
    build_parser.add_argument("--quiet", action="store_true", help="print nothing on success, and no progress bar")
    build_parser.set_defaults(run=_run_build)
    validate_parser = _command(commands, "validate", help="check the seeds and the graph without writing anything")
    _common(validate_parser)
    validate_parser.set_defaults(run=_run_validate)

    query_parser = _command(commands, "query", help="run a saved query in-process, or against --endpoint")
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
    query_parser.set_defaults(run=_run_query)

    load_parser = _command(commands, "load", help="load the built graph into a SPARQL 1.1 store (Fuseki, Oxigraph…)")
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
    load_parser.set_defaults(run=_run_load)

    list_parser = _command(commands, "queries", help="list the saved queries, their questions and parameters")
    _queries_option(list_parser)
    list_parser.set_defaults(run=_run_queries)

    publish_parser = _command(commands, "publish", help="write the graph as a browsable linked-data site")
    _common(publish_parser)
    publish_parser.add_argument("--out", type=Path, default=Path("site"), help="site folder (default: site)")
    publish_parser.add_argument("--lang", choices=("en", "uk", "bg"), default="en", help="language of labels")
    publish_parser.add_argument(
        "--sparql-endpoint", help="a public SPARQL endpoint: named in the dataset description, usable by the query page"
    )
    _queries_option(publish_parser)
    publish_parser.add_argument("--quiet", action="store_true", help="print nothing on success, and no progress bar")
    publish_parser.set_defaults(run=_run_publish)

    serve_parser = _command(commands, "serve", help="serve a published site on 127.0.0.1 with content negotiation")
    serve_parser.add_argument("--site", type=Path, default=Path("site"), help="the site folder (default: site)")
    serve_parser.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    serve_parser.add_argument("--quiet", action="store_true", help="do not log requests")
    serve_parser.set_defaults(run=_run_serve)
    _annotator_commands(commands)
    return parser


# --- the annotator's workflow: kg new, schema, lint, stats, diff ----------------------------


def _annotator_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    init_parser = _command(
        commands, "init", help="make DIR a new, empty annotation project (registries, JSON Schemas, README, .gitignore)"
    )
    init_parser.add_argument(
        "folder", type=Path, metavar="DIR", nargs="?", default=Path("."), help="a new or empty folder (default: .)"
    )
    init_parser.set_defaults(run=_run_init)
    new_parser = _command(commands, "new", help="write a starter annotation (PATH.yaml) beside a new article's text")
    new_parser.add_argument("text", type=Path, metavar="PATH.txt", help="the article's text file")
    new_parser.add_argument(
        "--seeds", type=Path, help="the folder whose registry/ names known actors (default: the text's, or seeds)"
    )
    new_parser.add_argument(
        "--schema", type=Path, default=Path("schema"), help="where the JSON Schemas are (default: schema)"
    )
    new_parser.set_defaults(run=_run_new)
    lint_parser = _command(commands, "lint", help="warn about what is valid but weak in the annotations")
    lint_parser.add_argument(
        "--seeds", type=Path, default=Path("seeds"), help="articles, annotations, registry/ (default: seeds)"
    )
    lint_parser.add_argument("--strict", action="store_true", help="exit 1 if there is any warning")
    lint_parser.add_argument(
        "files", nargs="*", type=Path, metavar="FILE", help="show only the warnings in these files (default: all)"
    )
    lint_parser.set_defaults(run=_run_lint)
    stats_parser = _command(commands, "stats", help="count what each article contributes; label and link coverage")
    stats_parser.add_argument(
        "--seeds", type=Path, default=Path("seeds"), help="articles, annotations, registry/ (default: seeds)"
    )
    _ontology_option(stats_parser, "kg.ttl, counted in the total")
    stats_parser.add_argument("--format", choices=("table", "json"), default="table")
    stats_parser.set_defaults(run=_run_stats)
    diff_parser = _command(commands, "diff", help="what changed in the graph between two builds or git revisions")
    diff_parser.add_argument("old", help="a built file or dist folder, a seeds folder, or git:REV")
    diff_parser.add_argument("new", help="the same kinds; e.g. 'kg diff git:HEAD seeds' for uncommitted edits")
    diff_parser.add_argument(
        "--lang", choices=("uk", "en", "bg"), default="en", help="language of labels (default: en)"
    )
    diff_parser.add_argument("--exit-code", action="store_true", help="exit 1 if the graphs differ (as git diff)")
    _ontology_option(diff_parser, "for a seeds folder")
    _base_iri_option(diff_parser, "base of the data's IRIs, shown as short ids")
    diff_parser.set_defaults(run=_run_diff)
    schema_parser = _command(commands, "schema", help="write the JSON Schemas of the annotation and registry formats")
    schema_parser.add_argument("--out", type=Path, default=Path("schema"), help="output folder (default: schema)")
    schema_parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a schema is out of date")
    schema_parser.set_defaults(run=_run_schema)


def _run_init(args: argparse.Namespace) -> None:
    from kg.scaffold import init_project

    written = init_project(args.folder)
    where = "" if args.folder == Path(".") else f"cd {args.folder} && "
    if not written:
        print(f"{args.folder} is already a kg project; nothing to write")
        return
    names = " ".join(str(path.relative_to(args.folder)) for path in written)
    print(f"wrote {len(written)} files in {args.folder}/: {names}")
    print(f"next: {where}put an article's text in seeds/ (NNN_hash.txt) and run 'kg new seeds/NNN_hash.txt'")


def _run_new(args: argparse.Namespace) -> None:
    from kg.scaffold import create_annotation

    seeds = args.seeds or (args.text.parent if (args.text.parent / "registry").is_dir() else Path("seeds"))
    target = create_annotation(args.text, seeds=seeds, schema=args.schema)
    print(f"wrote {target}: fill in the empty fields, uncomment the sections you need, then run 'kg validate'")


def _run_lint(args: argparse.Namespace) -> int:
    from kg.lint import lint

    warnings = lint(args.seeds)
    if args.files:  # the whole corpus is checked (an entry is unused only if no file uses it); fewer are shown
        shown = {file.resolve() for file in args.files}
        warnings = [w for w in warnings if Path(w.path).resolve() in shown]
    for warning in warnings:
        print(warning)
    count = len(warnings)
    print(f"{count} warning{'s' if count != 1 else ''}" + (" (--strict: failing)" if args.strict and count else ""))
    return EXIT_INPUT if args.strict and count else EXIT_OK


def _run_stats(args: argparse.Namespace) -> None:
    from kg.stats import as_json, as_table, stats

    result = stats(args.seeds, ontology=_ontology(args))
    sys.stdout.write(as_json(result) if args.format == "json" else as_table(result))


def _run_diff(args: argparse.Namespace) -> int:
    from kg import diff

    old = diff.load(args.old, ontology=_ontology(args), base=args.base_iri)
    new = diff.load(args.new, ontology=_ontology(args), base=args.base_iri)
    changes = diff.compare(old, new)
    sys.stdout.write(diff.render(changes, diff.Labeller([new, old], base=args.base_iri, lang=args.lang), old=old))
    return EXIT_INPUT if args.exit_code and changes else EXIT_OK


def _run_schema(args: argparse.Namespace) -> int:
    from kg import json_schema

    if args.check:
        stale = json_schema.stale(args.out)
        for name in stale:
            print(
                f"{args.out / name}:1:1: out of date with kg/model.py — run 'kg schema --out {args.out}'",
                file=sys.stderr,
            )
        return EXIT_INPUT if stale else EXIT_OK
    changed = json_schema.write(args.out)
    print(f"wrote {args.out}/: {' '.join(changed)}" if changed else f"{args.out}/ is up to date")
    return EXIT_OK


def _cache(args: argparse.Namespace) -> Cache | None:
    from kg.cache import Cache

    return Cache(args.cache, write=args.run is _run_build) if args.cache else None


def _run_build(args: argparse.Namespace) -> Built:
    from kg.build import build
    from kg.progress import bar

    with bar("compiling", total=None, unit="article", quiet=args.quiet) as advance:
        result = build(
            args.seeds, args.out, ontology=_ontology(args), base=args.base_iri, cache=_cache(args), progress=advance
        )
    if not args.quiet:
        print(summary(result))
        print(f"wrote {args.out}/: kg.ttl kg.nt kg.trig kg.nq kg.jsonld context.jsonld")
    return result


def _run_validate(args: argparse.Namespace) -> Built:
    from kg.build import validate

    result = validate(args.seeds, ontology=_ontology(args), base=args.base_iri, cache=_cache(args))
    print(f"ok: {len(result.summaries)} articles, {result.triples} triples, SHACL conforms, every quote anchored")
    return result


def _run_query(args: argparse.Namespace) -> None:
    from kg.query import QueryError, bind, load_store, render, run_local, run_remote

    saved = _saved_queries(args)
    if args.name not in saved:
        close = difflib.get_close_matches(args.name, saved, n=1)
        hint = f" — did you mean '{close[0]}'?" if close else " — 'kg queries' lists them"
        raise QueryError(f"no saved query '{args.name}'{hint}")
    query = saved[args.name]
    values = {}
    for item in args.param:
        key, sep, value = item.partition("=")
        if not sep:
            raise QueryError(f"--param '{item}' is not KEY=VALUE")
        values[key] = value
    if args.lang and any(p.name == "lang" for p in query.parameters):
        values.setdefault("lang", args.lang)
    text = bind(query, values, base=args.base_iri)
    if args.endpoint:
        answer = run_remote(text, args.endpoint)
    else:
        from kg import local_store

        with local_store.opened(args.data) as store:  # the build's store when it holds this dump
            answer = run_local(text, store or load_store(args.data))
    sys.stdout.write(render(answer, args.format))


def _run_load(args: argparse.Namespace) -> None:
    from kg import store
    from kg.progress import bar, per_item

    timeout = _load_options(args)
    if args.tdb2:
        _run_load_tdb2(args)
        return
    client = store.Client(user=args.user, password=args.password, auth=args.auth, timeout=timeout)
    if args.fuseki:
        endpoints = store.Endpoints.fuseki(args.fuseki, args.dataset)
    else:
        endpoints = store.Endpoints(args.endpoint, args.query_endpoint)
    graphs = store.graphs_in(args.data)
    if args.fuseki and store.ensure_fuseki_dataset(args.fuseki, args.dataset, client, db_type=args.db_type):
        print(f"created Fuseki dataset '{args.dataset}' ({args.db_type})")
    prune = f"{args.base_iri}graph/" if args.prune else None
    with bar("loading", total=len(graphs), unit="graph", quiet=args.quiet) as advance:
        report = store.load(graphs, endpoints, client, prune_under=prune, progress=per_item(advance))
    checked = (
        "the store's count of every graph matches"
        if report.counted
        else "not counted (give --query-endpoint to check the store's counts)"
    )
    print(
        f"loaded {report.graphs} graphs, {report.triples} triples into {endpoints.graphs} in {report.seconds:.2f} s; "
        + checked
    )
    if args.prune:
        print(
            f"pruned {len(report.pruned)} graph{'s' if len(report.pruned) != 1 else ''}"
            + "".join(f"\n  {g}" for g in report.pruned)
        )


def _run_load_tdb2(args: argparse.Namespace) -> None:
    from kg import tdb2

    jena = tdb2.find_jena()
    tdb2.check_target(args.tdb2)
    if sys.stderr.isatty():
        print(f"building {args.tdb2} with Jena's parallel loader…", file=sys.stderr)
    report = tdb2.build(args.data, args.tdb2, jena)
    print(
        f"{'rebuilt' if report.replaced else 'built'} TDB2 database {report.folder}: {report.graphs} graphs, "
        f"{report.quads} quads in {report.seconds:.2f} s; its count of every graph matches {args.data}"
    )
    print(f"serve it with: {jena.serve_command(report.folder, args.dataset)}")


def _load_options(args: argparse.Namespace) -> float:
    """Every problem with kg load's options, found before any work, as one line (exit 2); the timeout."""
    from kg import store

    urls = (("--endpoint", args.endpoint), ("--fuseki", args.fuseki), ("--query-endpoint", args.query_endpoint))
    problems = [store.url_problem(option, url) for option, url in urls if url is not None]
    if args.fuseki or args.tdb2:
        problems.append(store.dataset_problem(args.dataset))
    if args.tdb2 and args.prune:
        problems.append("--prune is for a running store: --tdb2 builds the whole database anew")
    if args.prune and args.endpoint and args.query_endpoint is None:
        problems.append(store.PRUNE_NEEDS_QUERY)
    problems.append(store.credentials_problem(args.user, args.password, args.auth))
    timeout = 60.0
    try:
        timeout = store.timeout_seconds(args.timeout)
    except store.OptionError as error:
        problems.append(str(error))
    found = [problem for problem in problems if problem]
    if found:
        raise SetupError("; ".join(found))
    return timeout


def _run_queries(args: argparse.Namespace) -> None:
    for query in _saved_queries(args).values():
        params = ", ".join(
            f"{p.name}={p.default}" if p.default else (p.name if p.required else f"[{p.name}]")
            for p in query.parameters
        )
        print(f"{query.name}{f'  ({params})' if params else ''}\n    {query.summary}")


def _run_publish(args: argparse.Namespace) -> None:
    from kg.build import check
    from kg.progress import bar
    from kg.site import query_engine as wasm
    from kg.site.dataset_description import DatasetInfo
    from kg.site.publish import publish

    queries = _saved_queries(args).values()  # the query page's
    result = check(args.seeds, ontology=_ontology(args), base=args.base_iri, cache=_cache(args))
    info = DatasetInfo(sparql_endpoint=args.sparql_endpoint)
    try:
        engine: dict[str, bytes] | None = wasm.engine_files()
    except wasm.EngineUnavailable as error:
        print(f"kg publish: the query page will say how to get its engine: {error}", file=sys.stderr)
        engine = None
    with bar("writing", total=None, unit="page", quiet=args.quiet) as advance:
        pages = publish(
            result, args.out, base=args.base_iri, lang=args.lang, info=info, queries=queries, engine=engine,
            progress=advance,
        )
    if not args.quiet:
        print(f"wrote {args.out}/: {pages} pages, each resource also as .ttl .jsonld .nt; 'kg serve --site {args.out}'")


def _run_serve(args: argparse.Namespace) -> None:
    from kg.site.serve import server

    if not (args.site / "index.html").is_file():
        raise SetupError(f"{args.site}/index.html not found — run 'kg publish --out {args.site}' first")
    try:
        httpd = server(args.site, port=args.port, quiet=args.quiet)
    except OSError as error:
        raise SetupError(f"cannot listen on 127.0.0.1:{args.port}: {error.strerror}") from error
    host, port = str(httpd.server_address[0]), httpd.server_address[1]
    print(f"serving {args.site}/ at http://{host}:{port}/ (Ctrl-C stops)", flush=True)
    with httpd, contextlib.suppress(KeyboardInterrupt):
        httpd.serve_forever()


def summary(result: Built) -> str:
    """A table of what each article contributes to the graph."""
    rows: list[tuple[str, ...]] = [("article", "lang", "actors", "meetings", "events", "agreements", "claims")]
    from kg.tables import table

    rows += [s.row for s in result.summaries]
    head = f"{len(result.summaries)} articles, {result.triples} triples; SHACL conforms; every quote anchored"
    return f"{head}\n{table(rows, left=2)}"


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
    except InputError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        count = len(error.problems)
        print(f"kg: {count} problem{'s' if count != 1 else ''} found; nothing written", file=sys.stderr)
        return EXIT_INPUT
    except SetupError as error:
        print(f"kg: {error}", file=sys.stderr)
        return EXIT_SETUP
    except BrokenPipeError:  # the reader (say, head) has had enough
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:
        if isinstance(error, OSError) and not isinstance(error, _query_and_store_errors()):
            # a folder that cannot be written or a file that vanished: the system's words, no traceback
            where = f"{error.filename}: " if error.filename else ""
            print(f"kg: {where}{error.strerror or error}", file=sys.stderr)
            return EXIT_SETUP
        if not isinstance(error, _query_and_store_errors()):
            raise
        print(f"kg: {error}", file=sys.stderr)
        return EXIT_INPUT
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


def _query_and_store_errors() -> tuple[type[Exception], ...]:
    # imported only when needed: kg.query and kg.store take 0.15 s that 'kg build' does not need
    from kg.query import QueryError
    from kg.store import StoreError

    return (QueryError, StoreError)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
