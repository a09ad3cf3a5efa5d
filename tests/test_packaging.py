"""The installed package works outside a checkout: ontology, shapes, data and queries ship inside it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    str(ROOT)], check=True, capture_output=True)
    (found,) = out.glob("battery_kg-*.whl")
    return found


def test_the_wheel_ships_ontology_shapes_data_and_queries(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for required in ("battery_kg/resources/ontology/battery-kg.ttl",
                     "battery_kg/resources/ontology/shapes/site.ttl",
                     "battery_kg/resources/graph/sources.trig",
                     "battery_kg/resources/graph/organisations/verkor.trig"):
        assert required in names
    assert any(n.startswith("battery_kg/resources/queries/") and n.endswith(".rq") for n in names)


def _venv_on_top_of_this_interpreter(venv: Path) -> Path:
    """A new venv that sees the packages of the environment the tests run in (a venv or not).

    ``--system-site-packages`` would give the base interpreter's packages, not those of a venv the
    tests run in, so the dependencies (rdflib...) would be missing. Instead the new venv gets a .pth
    file naming this environment's site-packages folders, after its own (where the wheel goes). It is
    made without pip (a Debian python3 may lack ensurepip); this interpreter's pip installs into it.
    """
    import site
    import sysconfig

    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    here = [sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], *site.getsitepackages()]
    (Path(purelib) / "_battery_kg_test_parent.pth").write_text(
        "".join(f"{p}\n" for p in dict.fromkeys(here) if Path(p).is_dir()))
    return python


@pytest.mark.slow
def test_the_installed_command_validates_outside_a_checkout(wheel, tmp_path):
    venv = tmp_path / "venv"
    python = _venv_on_top_of_this_interpreter(venv)
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                    "--force-reinstall", str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run([str(venv / "bin" / "battery-kg"), "validate"], cwd=elsewhere, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "conforms: no violations"
    where = subprocess.run([str(python), "-c", "import battery_kg.resources as r; print(r.locate().graph)"],
                           cwd=elsewhere, capture_output=True, text=True, check=True)
    assert str(venv) in where.stdout
