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


@pytest.mark.slow
def test_the_installed_command_validates_outside_a_checkout(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(wheel)],
                   check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run([str(venv / "bin" / "battery-kg"), "validate"], cwd=elsewhere, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "conforms: no violations"
    where = subprocess.run([str(python), "-c", "import battery_kg.resources as r; print(r.locate().graph)"],
                           cwd=elsewhere, capture_output=True, text=True, check=True)
    assert str(venv) in where.stdout
