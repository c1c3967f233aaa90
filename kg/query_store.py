"""The build's own on-disk Oxigraph store, kept in step with ``dist/`` one named graph at a time,
so that ``kg query`` opens it in milliseconds instead of parsing ``kg.nq`` on every call.

Trust comes from an id: each build has one (a hash of exactly which parts it assembled), written
in ``dist/.kg-output`` and, once the store holds that build, in the store's state file. A reader
uses the store only when the two agree, and otherwise reads ``kg.nq`` as before; a store left
half-updated by a crash says so (its state names no build) and is rebuilt by the next build.
A lock file keeps a reader and an updating build apart: Oxigraph does not allow reading a
store while another process writes it.
"""

from __future__ import annotations

import fcntl
import json
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from kg import files

FOLDER = "store"
STATE = "store.json"
LOCK = "store.lock"
CHUNK = 8 << 20  # bytes of N-Quads given to the bulk loader at once


@contextmanager
def _locked(cache: Path, *, exclusive: bool) -> Iterator[None]:
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / LOCK, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _state(cache: Path) -> dict[str, object] | None:
    try:
        value = json.loads((cache / STATE).read_text(encoding="utf-8"))
        return value if isinstance(value, dict) else None
    except (OSError, ValueError):
        return None


def update(cache: Path, build: str, graphs: dict[str, str], nquads: Callable[[str], bytes]) -> int:
    """Make the store in ``cache`` hold build ``build``: its named graphs (IRI -> content key),
    each graph's N-Quads from ``nquads``. Return how many graphs were loaded anew."""
    with _locked(cache, exclusive=True):
        state = _state(cache)
        held = state.get("graphs") if state and state.get("build") else None
        folder = cache / FOLDER
        files.replace(cache / STATE, json.dumps({"build": None}).encode())  # untrusted until done
        if not isinstance(held, dict) or not folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
            store = ox.Store(str(folder))
            # in chunks: Oxigraph's bulk loader holds what it is given in memory (all of kg.nq was
            # 0.7 GiB at 3,000 articles), and a chunk of tens of MiB loads as fast
            chunk: list[bytes] = []
            size = 0
            for graph in sorted(graphs):
                chunk.append(nquads(graph))
                size += len(chunk[-1])
                if size > CHUNK:
                    store.bulk_load(b"".join(chunk), format=ox.RdfFormat.N_QUADS)
                    chunk, size = [], 0
            if chunk:
                store.bulk_load(b"".join(chunk), format=ox.RdfFormat.N_QUADS)
            changed = len(graphs)
        else:
            store = ox.Store(str(folder))
            stale = [g for g in held if graphs.get(g) != held[g]]
            fresh = [g for g in graphs if held.get(g) != graphs[g]]
            for graph in stale:
                store.remove_graph(ox.NamedNode(graph))
            for graph in fresh:
                store.load(nquads(graph), format=ox.RdfFormat.N_QUADS)
            changed = len(fresh)
        loose = changed + (_loose(state) if isinstance(held, dict) and folder.is_dir() else 0)
        if loose > max(COMPACT_AFTER, len(graphs) // 10):
            store.optimize()
            loose = 0
        store.flush()
        del store  # closes the database before it is declared good
        state = {"build": build, "graphs": graphs, "loose": loose}
        files.replace(cache / STATE, json.dumps(state, sort_keys=True).encode())
        return changed


# Graphs loaded since the store was last compacted, past which it is compacted again. Loading
# leaves the data in many small RocksDB files that every lookup must search: compacted once,
# the timeline of 3,300 articles took 0.37 s instead of 2.1 s. One article's edit does not
# pay for it; a tenth of the corpus changed since, or a cold build, does.
COMPACT_AFTER = 64


def _loose(state: dict[str, object] | None) -> int:
    value = state.get("loose") if state else None
    return value if isinstance(value, int) else 0


@contextmanager
def opened(dump: Path) -> Iterator[ox.Store | None]:
    """The store that holds exactly the build whose ``kg.nq`` is ``dump``, or ``None``."""
    marker = dump.parent / files.MARKER
    try:
        lines = marker.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    fields = dict(line.split(" ", 1) for line in lines[1:] if " " in line)
    if "build" not in fields or "store" not in fields:
        yield None
        return
    cache = Path(fields["store"])
    if not (cache / FOLDER).is_dir():
        yield None
        return
    with _locked(cache, exclusive=False):
        state = _state(cache)
        if not state or state.get("build") != fields["build"]:
            yield None
            return
        try:
            store = ox.Store.read_only(str(cache / FOLDER))
        except OSError:
            yield None
            return
        yield store
