"""Time `kg build` as a user runs it on synthetic corpora, against what cannot be avoided,
measured in the same run: the lower bound (loading the same YAML with PyYAML's C loader plus
writing as many raw N-Triples lines) and the time to write the output bytes themselves. Ratios
are what to compare across runs; the machine is shared and noisy.

    python bench/run.py --sizes 100,1000 [--queries 3000]

Each size runs in a child process of its own. For each: a cold build (empty cache), then one
article edited and `kg validate` and `kg build` run on it, then an unchanged build, then
`kg query` (interpreter start included) for one question about one actor and for a whole-corpus
listing, on the build's store. Peak RSS is that of the largest process of the build (its
workers are forked and share the parent's pages). --queries N times every saved query
in-process (Oxigraph) on N articles: the median of --repeat runs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402

BASE = "https://example.org/kg/"
COLUMNS = [
    "articles", "triples", "cold build", "lower bound", "ratio", "cold, no SHACL", "ratio", "peak RSS",
    "output bytes", "write them",
    "1 edit: validate", "1 edit: build", "ratio to write", "unchanged", "query: 1 actor", "query: all",
]


def lower_bound(seeds: Path, out: Path, triples: int) -> float:
    started = time.perf_counter()
    for path in sorted(seeds.rglob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    line = b'<https://example.org/kg/s> <https://example.org/kg/p> "an object literal of typical length" .\n'
    with open(out / "bound.nt", "wb") as stream:
        for _ in range(triples):
            stream.write(line)
    return time.perf_counter() - started


def write_outputs(dist: Path, scratch: Path) -> tuple[int, float]:
    """The output files' size, and the time to write those bytes anew (synced, as kg does)."""
    scratch.mkdir()
    total, elapsed = 0, 0.0
    for path in sorted(dist.glob("kg.*")):
        data = path.read_bytes()
        total += len(data)
        started = time.perf_counter()
        with open(scratch / path.name, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        elapsed += time.perf_counter() - started
        del data
    return total, elapsed


def kg(*args: str) -> float:
    """Wall time of `python -m kg ARGS` as a user runs it, interpreter start included."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg", *args], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def build_without_shacl(seeds: Path, out: Path, ontology: Path) -> float:
    """A cold build with SHACL taken out (its engines answer "no result"), in this process:
    what reading, mapping, rendering and writing cost alone."""
    command = (
        "import sys, kg.build, kg.fragments;"
        "kg.fragments._validate = lambda articles, context: {a: [] for a in articles};"
        "kg.build._registry_problems = lambda *a, **k: [];"
        "from kg.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", command, "build", "--quiet", "--no-cache", "--seeds", str(seeds), "--out", str(out),
         "--ontology", str(ontology)],
        check=True, cwd=ROOT,
    )
    return time.perf_counter() - started


def one_size(size: int, ontology: Path, work: Path) -> dict[str, object]:
    """Everything measured for one corpus size (run in a child process)."""
    seeds, out, cache_dir = work / "seeds", work / "dist", work / "cache"
    generate(seeds, size)
    common = ["--seeds", str(seeds), "--ontology", str(ontology), "--cache", str(cache_dir)]
    no_shacl = build_without_shacl(seeds, work / "no-shacl", ontology)
    cold = kg("build", "--quiet", "--out", str(out), *common)
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    with open(out / "kg.nt", "rb") as lines:
        triples = sum(1 for _ in lines)
    bound = lower_bound(seeds, work, triples)
    size_bytes, write = write_outputs(out, work / "copy")
    note = seeds / f"{size // 2:06d}.yaml"
    note.write_text(note.read_text(encoding="utf-8").replace('title_en: "News', 'title_en: "Edited news'))
    validate = kg("validate", *common)
    edited = kg("build", "--quiet", "--out", str(out), *common)
    unchanged = kg("build", "--quiet", "--out", str(out), *common)
    data = ["--data", str(out / "kg.nq")]
    one_actor = min(kg("query", "claims-by-actor", "--param", "actor=person-0", *data) for _ in range(3))
    listing = min(kg("query", "timeline", *data) for _ in range(3))
    return {
        "size": size, "triples": triples, "cold": cold, "no_shacl": no_shacl, "bound": bound, "rss": rss,
        "bytes": size_bytes,
        "write": write, "validate": validate, "edited": edited, "unchanged": unchanged,
        "one_actor": one_actor, "listing": listing,
    }


def query_p50(articles: int, repeat: int, skip: set[str]) -> tuple[int, dict[str, float]]:
    """Quads, and the median in-process time of every saved query on ``articles`` articles
    (each printed as it is measured: a slow one shows before the end)."""
    from kg.corpus import read_corpus
    from kg.ntriples import quad_lines
    from kg.query import bind, load_store, read_queries, run_local
    from kg.serialize import to_dataset
    from kg.shacl import load_ontology

    samples = {"article": "article-0", "actor": "person-0", "topic": "topic-0"}  # others keep their defaults
    with tempfile.TemporaryDirectory() as work:
        generate(Path(work) / "seeds", articles)
        dataset = to_dataset(read_corpus(Path(work) / "seeds"), load_ontology(ROOT / "ontology")[0], base=BASE)
        lines = quad_lines(dataset)
        del dataset
        data = Path(work) / "kg.nq"
        data.write_text("\n".join(lines) + "\n", encoding="utf-8")
        store = load_store(data)
    print(f"\nsaved queries, in-process (Oxigraph), {articles:,} articles, {len(lines):,} quads, median of {repeat}:")
    medians = {}
    for name, query in read_queries(ROOT / "queries").items():
        if name in skip:
            print(f"  {name:24s}    skipped")
            continue
        values = {p.name: samples[p.name] for p in query.parameters if p.name in samples}
        text = bind(query, values, base=BASE)
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            rows = len(run_local(text, store).rows)
            runs.append(time.perf_counter() - started)
        medians[name] = statistics.median(runs)
        print(f"  {name:24s} {medians[name] * 1000:10.1f} ms  ({rows} rows)", flush=True)
    return len(lines), medians


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default="100,1000", help="comma-separated article counts")
    parser.add_argument("--ontology", type=Path, default=ROOT / "ontology")
    parser.add_argument("--work", type=Path, help="where to generate and build (default: a temporary folder)")
    parser.add_argument("--queries", type=int, default=0, metavar="N", help="time the saved queries on N articles")
    parser.add_argument("--repeat", type=int, default=11, help="runs of each query (default: 11)")
    parser.add_argument("--skip", default="", metavar="NAMES", help="saved queries not to run (comma-separated)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child process: one size, JSON out
    args = parser.parse_args()
    if args.one:
        with tempfile.TemporaryDirectory(dir=args.work) as work:
            print(json.dumps(one_size(args.one, args.ontology.resolve(), Path(work))))
        return
    if args.sizes:
        print("| " + " | ".join(COLUMNS) + " |")
        print("|---" * len(COLUMNS) + "|")
    for size in (int(s) for s in args.sizes.split(",") if s):
        child = [sys.executable, __file__, "--one", str(size), "--ontology", str(args.ontology)]
        child += ["--work", str(args.work)] if args.work else []
        f = json.loads(subprocess.run(child, check=True, capture_output=True, text=True).stdout)
        cells = [
            f"{size:,}", f"{f['triples']:,}", f"{f['cold']:.1f} s", f"{f['bound']:.2f} s",
            f"{f['cold'] / f['bound']:.1f}×", f"{f['no_shacl']:.1f} s", f"{f['no_shacl'] / f['bound']:.1f}×",
            f"{f['rss']:.0f} MiB", f"{f['bytes'] / 2**20:.0f} MiB",
            f"{f['write']:.2f} s", f"{f['validate']:.2f} s", f"{f['edited']:.2f} s",
            f"{f['edited'] / f['write']:.1f}×", f"{f['unchanged']:.2f} s", f"{f['one_actor']:.2f} s",
            f"{f['listing']:.2f} s",
        ]
        print("| " + " | ".join(cells) + " |", flush=True)
    if args.queries:
        _, medians = query_p50(args.queries, args.repeat, set(filter(None, args.skip.split(","))))
        slowest = max(medians, key=medians.__getitem__)
        print(f"  median of the medians {statistics.median(medians.values()) * 1000:.1f} ms; slowest: {slowest}")


if __name__ == "__main__":
    main()
