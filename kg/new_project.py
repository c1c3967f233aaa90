"""``kg init``: a new, empty annotation project — the registries with a commented example each,
the JSON Schemas an editor checks the YAML with, a README and a ``.gitignore``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_args

from kg import files
from kg.corpus import REGISTRY_DIR
from kg.errors import SetupError
from kg.json_schema import REGISTRY, modeline, schema_files
from kg.model import ActorKind, PlaceKind


def _choices(kinds: Any) -> str:
    return ", ".join(get_args(kinds))


_REGISTRIES = {
    "actors": "Actors that recur across articles: one entry per real-world person, body, state, outlet or agency",
    "places": "Places where reported events happen or that claims are about",
    "topics": "Subjects that claims, events and agreements in different articles are about",
}
_EXAMPLES = {
    "actors": f"#   - id: zelensky\n#     kind: person  # {_choices(ActorKind)}\n"
    "#     label: {en: Volodymyr Zelensky, uk: Володимир Зеленський}",
    "places": f"#   - id: paris\n#     kind: city  # {_choices(PlaceKind)}\n#     label: {{en: Paris, uk: Париж}}",
    "topics": "#   - id: security-guarantees\n#     label: {en: Security guarantees, uk: Гарантії безпеки}",
}
PROJECT_GITIGNORE = "# what kg writes: the graph, the site, the cache, and a Fuseki started here\n" + "".join(
    f"/{name}/\n" for name in ("dist", "site", ".kg-cache", "run")
)
PROJECT_README = """\
# {name}

An annotation project of [kg](https://pypi.org/project/kg/): news articles and what they report,
as a linked-data graph.

- `seeds/NNN_hash.txt`: an article's text, verbatim; `seeds/NNN_hash.yaml`: its annotation
  (`kg new seeds/NNN_hash.txt` writes a starter one).
- `seeds/registry/`: the actors, places and topics shared by every article.
- `schema/`: the JSON Schemas an editor checks the YAML files with (`kg schema` writes them).
- `queries/` (optional): saved SPARQL queries of your own, beside kg's (`kg queries` lists them).

    kg new seeds/001_article.txt   # a starter annotation beside a new article's text
    kg validate                    # every problem, as path:line:column
    kg build                       # the graph in every format, into dist/
    kg query meetings              # ask it a saved question
    kg publish && kg serve         # the site, at http://127.0.0.1:8000/
"""


def is_project(folder: Path) -> bool:
    """Whether ``folder`` holds a kg annotation project (a ``seeds/registry/`` folder)."""
    return (folder / "seeds" / REGISTRY_DIR).is_dir()


def project_files(name: str) -> dict[str, bytes]:
    """The files of a new, empty annotation project, by their path in it.

    >>> sorted(project_files("news"))[:3]
    ['.gitignore', 'README.md', 'schema/annotation.schema.json']
    """
    out = {".gitignore": PROJECT_GITIGNORE.encode(), "README.md": PROJECT_README.format(name=name).encode("utf-8")}
    out |= {f"schema/{file}": data for file, data in schema_files().items()}
    for section, what in _REGISTRIES.items():
        path = Path("seeds", REGISTRY_DIR, f"{section}.yaml")
        line = modeline(Path("schema") / REGISTRY, path)
        body = f"{line}\n# {what}.\n# An entry:\n{_EXAMPLES[section]}\n{section}: []\n"
        out[path.as_posix()] = body.encode("utf-8")
    return out


def init_project(folder: Path) -> list[Path]:
    """Make ``folder`` a new, empty annotation project; return the files written.

    A folder that already is a project gets only the files it lacks (none is overwritten);
    a folder that holds anything else is refused with :class:`SetupError`.
    """
    if folder.exists() and not folder.is_dir():
        raise SetupError(f"{folder} is not a folder — kg init DIR makes a new project in DIR")
    if folder.is_dir() and any(folder.iterdir()) and not is_project(folder):
        raise SetupError(
            f"{folder} is not empty and holds no kg project (no seeds/registry/) — give a new or empty folder"
        )
    written = []
    for name, data in project_files(folder.resolve().name).items():
        target = folder / name
        if target.exists() or target.is_symlink():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            files.create(target, data)
        except FileExistsError:  # made meanwhile: it is theirs
            continue
        written.append(target)
    (folder / "seeds").mkdir(parents=True, exist_ok=True)
    return written
