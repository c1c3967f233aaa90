"""Time `kg load --tdb2` (Jena's parallel bulk loader, offline) against `kg load --fuseki` (one
Graph Store Protocol PUT per graph into a running Fuseki) on the same ~1M quads, in one run, and
check that both stores hold the same number of quads in every graph.

    python bench/tdb2.py [--articles 3250] [--gsp tdb2,mem] [--keep DIR] [--json FILE]

The quads are kg's own: bench/generate.py writes a synthetic corpus of N articles, which kg maps
to N-Quads as `kg build` does (SHACL skipped: it is not what is timed; ~307 quads an article).
Both loads run as a user runs them, `python -m kg load ...`, each with its own verification (the
store's count of every graph); the times include it. Fuseki gets the same JVM as the loader.
The machine is shared: compare the ratio, not the seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from generate import generate  # noqa: E402
from servers import free_port, fuseki_server, running  # noqa: E402

from kg import store, tdb2  # noqa: E402
from kg.build import _fewer_collections  # noqa: E402  (as kg build runs its stages)

BASE = "https://example.org/kg/"


def make_nquads(articles: int, out: Path) -> int:
    """Write the N-Quads of a synthetic corpus of ``articles`` articles to ``out``; the quad count."""
    from kg.corpus import read_corpus
    from kg.ntriples import quad_lines
    from kg.serialize import to_dataset
    from kg.shacl import load_ontology

    with tempfile.TemporaryDirectory() as work, _fewer_collections():
        generate(Path(work) / "seeds", articles)
        dataset = to_dataset(read_corpus(Path(work) / "seeds"), load_ontology(ROOT / "ontology")[0], base=BASE)
        lines = quad_lines(dataset)
        del dataset
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def kg_load(*args: str) -> tuple[float, str]:
    """Run ``kg load ARGS`` as a user does; its wall time and its output (it must succeed)."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "kg", "load", *args], capture_output=True, text=True, check=False)
    seconds = time.monotonic() - started
    if done.returncode != 0:
        sys.exit(f"kg load {' '.join(args)} exited {done.returncode}:\n{done.stdout}{done.stderr}")
    return seconds, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=3250, help="synthetic articles (default: 3250, ~1M quads)")
    parser.add_argument(
        "--gsp", default="tdb2", help="Fuseki dataset types to load over HTTP, comma-separated: tdb2, mem"
    )
    parser.add_argument("--keep", type=Path, help="work in DIR and keep it (default: a temporary folder)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to FILE")
    args = parser.parse_args()
    kinds = [kind for kind in args.gsp.split(",") if kind]
    if any(kind not in ("tdb2", "mem") for kind in kinds):
        parser.error("--gsp takes tdb2 and/or mem")
    jena = tdb2.find_jena()
    work = args.keep or Path(tempfile.mkdtemp(prefix="kg-bench-tdb2-"))
    work.mkdir(parents=True, exist_ok=True)
    data = work / "kg.nq"

    started = time.monotonic()
    quads = make_nquads(args.articles, data)
    expected = tdb2.quads_per_graph(data)
    made = time.monotonic() - started
    print(f"{args.articles:,} articles: {quads:,} quads in {len(expected):,} graphs (made in {made:.0f} s)")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; Java {jena.java}, {jena.jar.name}")

    figures: dict[str, object] = {"articles": args.articles, "quads": quads, "graphs": len(expected)}
    database = work / "kg-tdb2"
    seconds, out = kg_load("--tdb2", str(database), "--data", str(data), "--dataset", "offline")
    figures["tdb2_seconds"] = round(seconds, 2)
    print(f"kg load --tdb2:                 {seconds:8.1f} s  ({quads / seconds:,.0f} quads/s)", flush=True)
    serve = out.splitlines()[-1].removeprefix("serve it with: ")

    counts: dict[str, dict[str, int]] = {}
    with fuseki_server(jena.jar, work / "fuseki", quick_start=False) as (url, _):
        for kind in kinds:
            seconds, _ = kg_load("--fuseki", url, "--dataset", f"gsp-{kind}", "--db-type", kind, "--data", str(data))
            figures[f"gsp_{kind}_seconds"] = round(seconds, 2)
            print(f"kg load --fuseki (GSP, {kind:4s}):  {seconds:8.1f} s  ({quads / seconds:,.0f} quads/s)", flush=True)
            counts[f"gsp-{kind}"] = store.stored_counts(f"{url}/gsp-{kind}/query", list(expected), store.Client())
            if kind == "tdb2":  # its database files are the same kind, and their size is comparable
                figures["gsp_tdb2_bytes"] = _size(work / "fuseki" / "databases" / f"gsp-{kind}")
    port = free_port()
    *command, name = shlex.split(serve)
    offline = f"http://127.0.0.1:{port}{name}"
    with running([*command, "--port", str(port), "--localhost", name], f"{offline}/query?query=ASK%7B%7D"):
        counts["tdb2"] = store.stored_counts(f"{offline}/query", list(expected), store.Client(timeout=600))
    figures["tdb2_bytes"] = _size(database)
    for key in ("tdb2_bytes", "gsp_tdb2_bytes"):
        if key in figures:
            print(f"{key.removesuffix('_bytes')} database on disk: {int(str(figures[key])) / 2**20:,.0f} MiB")
    same = all(found == expected for found in counts.values())
    figures["same_counts_per_graph"] = same
    print(f"quads per graph: {'the same in every store and in the file' if same else 'DIFFER'} ({', '.join(counts)})")
    for kind in kinds:
        ratio = float(str(figures[f"gsp_{kind}_seconds"])) / float(str(figures["tdb2_seconds"]))
        figures[f"ratio_gsp_{kind}_to_tdb2"] = round(ratio, 2)
        print(f"GSP ({kind}) / tdb2: {ratio:.2f}x")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    if not same:
        sys.exit(1)


def _size(folder: Path) -> int:
    """Bytes on disk (TDB2's files are sparse: their apparent size says little)."""
    return sum(p.stat().st_blocks * 512 for p in folder.rglob("*") if p.is_file())


if __name__ == "__main__":
    main()
