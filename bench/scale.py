"""How the cold build scales: `kg build` on N articles and on 10 × N, in one run, each with its
peak RSS, wall time, the lower bound of the same run, and the disk it took (outputs, fragments,
query store). One edited article is then validated and built at the larger size.

    python bench/scale.py --small 10000 --large 100000 --work /var/tmp/kg-scale

Each build runs as a user runs it (`python -m kg build`, interpreter start included) in a child
process; peak RSS is the largest of that process and its forked workers (RUSAGE_CHILDREN, read
in a grandchild of this script so that each size is measured alone).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402

from run import lower_bound  # noqa: E402


def disk(folder: Path) -> int:
    """Bytes the files under ``folder`` take on disk (allocated blocks, as du counts)."""
    return sum(p.lstat().st_blocks * 512 for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def timed(*args: str) -> tuple[float, float]:
    """Wall time and peak RSS (MiB) of `python -m kg ARGS` and its workers, measured alone."""
    probe = (
        "import resource, subprocess, sys, time, json;"
        "t = time.perf_counter();"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
        "print(json.dumps([time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024]))"
    )
    command = [sys.executable, "-c", probe, sys.executable, "-m", "kg", *args]
    wall, rss = json.loads(subprocess.run(command, check=True, cwd=ROOT, capture_output=True, text=True).stdout)
    return wall, rss


def one_size(size: int, work: Path, *, edit: bool) -> dict[str, object]:
    seeds, out, cache = work / f"seeds-{size}", work / f"dist-{size}", work / f"cache-{size}"
    for folder in (out, cache):
        shutil.rmtree(folder, ignore_errors=True)
    if not seeds.is_dir():
        generate(seeds, size)
    common = ["--seeds", str(seeds), "--ontology", str(ROOT / "ontology"), "--cache", str(cache)]
    wall, rss = timed("build", "--quiet", "--out", str(out), *common)
    with open(out / "kg.nt", "rb") as lines:
        triples = sum(1 for _ in lines)
    bound = lower_bound(seeds, work, triples)
    (work / "bound.nt").unlink()
    found: dict[str, object] = {
        "size": size, "triples": triples, "cold": wall, "rss": rss, "bound": bound,
        "outputs": disk(out), "fragments": disk(cache / "fragments"), "store": disk(cache / "store"),
        "inputs": disk(seeds),
    }
    if edit:
        note = seeds / f"{size // 2:06d}.yaml"
        note.write_text(note.read_text(encoding="utf-8").replace('title_en: "', 'title_en: "Edited ', 1))
        found["validate"] = timed("validate", *common)[0]
        found["edited"], found["edited_rss"] = timed("build", "--quiet", "--out", str(out), *common)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--work", type=Path, required=True, help="a folder on the disk to measure (tens of GB)")
    parser.add_argument("--keep", action="store_true", help="keep the large size's outputs and cache")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    started = time.time()
    small = one_size(args.small, args.work, edit=False)
    print(json.dumps(small), flush=True)
    for suffix in ("dist", "cache"):  # room on the disk for the large size
        shutil.rmtree(args.work / f"{suffix}-{args.small}", ignore_errors=True)
    large = one_size(args.large, args.work, edit=True)
    print(json.dumps(large), flush=True)
    gib = 2**30
    print("\n| articles | triples | cold build | lower bound | ratio | peak RSS | outputs | fragments | store |")
    print("|---|---|---|---|---|---|---|---|---|")
    for f in (small, large):
        print(
            f"| {f['size']:,} | {f['triples']:,} | {f['cold']:.0f} s | {f['bound']:.1f} s | "
            f"{f['cold'] / f['bound']:.1f}× | {f['rss']:.0f} MiB | {f['outputs'] / gib:.1f} GiB | "
            f"{f['fragments'] / gib:.1f} GiB | {f['store'] / gib:.1f} GiB |"
        )
    times = large["cold"] / small["cold"]
    print(f"\n{args.large:,} vs {args.small:,}: time {times:.1f}× for {args.large / args.small:.0f}× the articles")
    print(f"one edit at {args.large:,}: validate {large['validate']:.2f} s, build {large['edited']:.1f} s")
    print(f"(peak {large['edited_rss']:.0f} MiB); {time.time() - started:.0f} s in all")
    if not args.keep:
        for suffix in ("dist", "cache"):
            shutil.rmtree(args.work / f"{suffix}-{args.large}", ignore_errors=True)


if __name__ == "__main__":
    main()
