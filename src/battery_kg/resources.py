"""Where the ontology, shapes, data and queries are found.

Lookup order for each of ``ontology/``, ``graph/`` and ``queries/``:

1. under ``--root DIR`` when one is given (it must hold ``graph/``: a root without its data is an
   error, never a silent fall-back to the shipped graph; ``ontology/`` and ``queries/`` may come
   from the package);
2. under the current directory, when it has that folder (so a user's own ``graph/`` overrides);
3. inside the installed package (``battery_kg/resources/...``, found through importlib.resources);
4. in the source checkout this module runs from (an editable install).

>>> r = locate()
>>> (r.ontology / "battery-kg.ttl").is_file() and r.graph.is_dir() and r.queries.is_dir()
True
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources as importlib_resources
from pathlib import Path

from battery_kg.errors import InputError, one_line

PARTS = ("ontology", "graph", "queries")


def _packaged_base() -> Path | None:
    base = importlib_resources.files("battery_kg") / "resources"
    try:
        path = Path(str(base))
    except TypeError:  # pragma: no cover - zipped installs are not supported
        return None
    if path.is_dir():
        return path
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "ontology" / "battery-kg.ttl").is_file():
        return checkout
    return None


@dataclass(frozen=True)
class Resources:
    """Resolved folders: ``ontology`` (modules, vocabularies, ``shapes/``), ``graph``, ``queries``."""

    ontology: Path
    graph: Path
    queries: Path

    @property
    def shapes(self) -> Path:
        return self.ontology / "shapes"

    def relative(self, path: Path) -> str:
        """A path as people should see it: relative to the current directory when below it."""
        try:
            return str(path.resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            return str(path)


def locate(root: str | Path | None = None) -> Resources:
    """Resolve the project folders, honouring ``root`` and the current directory."""
    packaged = _packaged_base()
    bases: list[Path] = []
    if root is not None:
        root_path = Path(root)
        if not root_path.is_dir():
            raise InputError("no such directory", path=one_line(str(root_path)), hint="--root takes a folder holding graph/")
        if not (root_path / "graph").is_dir():
            raise InputError("no graph/ folder in --root", path=one_line(str(root_path)),
                             hint="--root takes a project folder holding graph/")
        bases.append(root_path)
    else:
        bases.append(Path.cwd())
    if packaged is not None:
        bases.append(packaged)
    found: dict[str, Path] = {}
    for part in PARTS:
        for base in bases:
            if (base / part).is_dir():
                found[part] = base / part
                break
        else:
            raise InputError(f"cannot find a {part}/ folder", path=bases[0], hint="reinstall battery-kg or pass --root")
    return Resources(**found)
