"""battery-kg: an open, validated RDF knowledge graph of the battery supply chain.

The library is what the command line uses; a notebook can call it directly:

>>> from battery_kg import load_project
>>> from battery_kg.namespaces import BKR
>>> project = load_project()
>>> project.label(BKR["verkor"])
'Verkor'
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("battery-kg")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0.0.0"

from battery_kg.errors import BatteryKGError, InputError  # noqa: E402
from battery_kg.load import Project, load_project  # noqa: E402

__all__ = ["BatteryKGError", "InputError", "Project", "load_project", "__version__"]
