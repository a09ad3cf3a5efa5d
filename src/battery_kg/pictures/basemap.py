"""Europe's country outlines for the explorer's map, shipped in the package (no request at run time).

The outlines come from Natural Earth's 1:50m Admin 0 countries (public domain), as pre-built TopoJSON
by the npm package ``world-atlas`` 2.0.2 (``countries-50m.json``, ISC licence). :func:`from_world_atlas`
decodes that file, clips it to Europe and rounds it to 0.01 degree; the result is
``battery_kg/pictures/mapdata/europe-50m.json`` (regenerate with ``python -m battery_kg.pictures.basemap
path/to/countries-50m.json``; see ``mapdata/README.md``).

The map is drawn in the Lambert azimuthal equal-area projection centred at 10 degrees E, 52 degrees N
(the one Eurostat uses for Europe, EPSG:3035 without its false origin), in kilometres.

>>> x, y = project(10.0, 52.0)
>>> (round(x), round(y))
(0, 0)
>>> x, y = project(2.35, 48.86)   # Paris lies west and south of the centre: x < 0, and y > 0 (SVG y points down)
>>> x < 0 < y
True
>>> clip_ring([(0, 0), (10, 0), (10, 10), (0, 10)], (5, -5, 20, 20))
[(5, 0.0), (10, 0), (10, 10), (5, 10.0)]
"""

from __future__ import annotations

import json
import math
import sys
from functools import lru_cache
from importlib import resources as importlib_resources
from pathlib import Path

WINDOW = (-32.0, 33.0, 50.0, 73.0)
"""(west, south, east, north) in degrees: what is kept of the world."""

CENTRE = (10.0, 52.0)
RADIUS_KM = 6371.0
SCALE = 100
"""Coordinates are stored as integers: degrees times this."""


def project(lon: float, lat: float) -> tuple[float, float]:
    """``(x, y)`` in km on the Lambert azimuthal equal-area plane centred on Europe, y pointing down (SVG)."""
    lam, phi = math.radians(lon - CENTRE[0]), math.radians(lat)
    phi0 = math.radians(CENTRE[1])
    k = math.sqrt(2 / (1 + math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam)))
    x = RADIUS_KM * k * math.cos(phi) * math.sin(lam)
    y = RADIUS_KM * k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam))
    return x, -y


def clip_ring(ring: list[tuple[float, float]], window: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """``ring`` clipped to the rectangle ``window`` (west, south, east, north): Sutherland-Hodgman."""
    west, south, east, north = window
    edges = ((lambda p: p[0] >= west, lambda a, b: _cut_x(a, b, west)),
             (lambda p: p[0] <= east, lambda a, b: _cut_x(a, b, east)),
             (lambda p: p[1] >= south, lambda a, b: _cut_y(a, b, south)),
             (lambda p: p[1] <= north, lambda a, b: _cut_y(a, b, north)))
    out = list(ring)
    for inside, cut in edges:
        if not out:
            break
        points, out = out, []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    out.append(cut(previous, point))
                out.append(point)
            elif inside(previous):
                out.append(cut(previous, point))
            previous = point
    return out


def _cut_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cut_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def _arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The topology's arcs as lists of (lon, lat), undoing the quantisation and delta coding."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy, *_ in arc:
                x, y = x + dx, y + dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(p[0], p[1]) for p in arc]
        arcs.append(points)
    return arcs


def _ring(indices: list[int], arcs) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(arc[1:] if ring else arc)
    return ring


def from_world_atlas(topology: dict, window=WINDOW) -> dict:
    """Europe's countries from a world-atlas ``countries-*.json`` topology, as stored in ``mapdata``."""
    arcs = _arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(geometry["type"], [])
        rings = []
        for polygon in polygons:
            for indices in polygon:
                clipped = clip_ring(_ring(indices, arcs), window)
                points = []
                for lon, lat in clipped:
                    q = (round(lon * SCALE), round(lat * SCALE))
                    if not points or points[-1] != q:
                        points.append(q)
                if len(points) >= 4:
                    rings.append([c for q in points for c in q])
        if rings:
            name = geometry.get("properties", {}).get("name", "")
            countries.append({"id": str(geometry.get("id", name)), "name": name, "rings": rings})
    countries.sort(key=lambda c: c["name"])
    return {
        "source": "Natural Earth 1:50m Admin 0 countries (public domain), via the npm package world-atlas 2.0.2 "
                  "(countries-50m.json, ISC licence), clipped to Europe and rounded to 0.01 degree",
        "window": list(window), "scale": SCALE, "countries": countries,
    }


@lru_cache(maxsize=1)
def europe() -> dict:
    """The shipped outlines (see the module's docstring)."""
    path = importlib_resources.files("battery_kg") / "pictures" / "mapdata" / "europe-50m.json"
    return json.loads(path.read_text(encoding="utf-8"))


def country_paths(precision_km: float = 1.0) -> list[dict]:
    """``[{"id", "name", "d"}]``: one SVG path per country, projected, in whole kilometres."""
    data = europe()
    scale = data["scale"]
    out = []
    for country in data["countries"]:
        parts = []
        for ring in country["rings"]:
            points = []
            for i in range(0, len(ring), 2):
                x, y = project(ring[i] / scale, ring[i + 1] / scale)
                q = (round(x / precision_km), round(y / precision_km))
                if not points or points[-1] != q:
                    points.append(q)
            if len(points) < 3:
                continue
            d = [f"M{points[0][0]} {points[0][1]}"]
            for (x0, y0), (x1, y1) in zip(points, points[1:]):
                d.append(f"l{x1 - x0} {y1 - y0}")
            parts.append("".join(d) + "z")
        if parts:
            out.append({"id": country["id"], "name": country["name"], "d": "".join(parts)})
    return out


def main(argv: list[str] | None = None) -> int:
    """``python -m battery_kg.pictures.basemap countries-50m.json [OUT]``: remake the shipped outlines."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        print("usage: python -m battery_kg.pictures.basemap path/to/world-atlas/countries-50m.json [OUT.json]", file=sys.stderr)
        return 2
    topology = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).parent / "mapdata" / "europe-50m.json"
    text = json.dumps(from_world_atlas(topology), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(text)} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
