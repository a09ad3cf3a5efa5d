"""The capacity roadmap chart: capacity by year for each site, with matplotlib.

Each site is one colour. Operational figures are filled markers on a solid line; planned figures are
hollow markers on a dashed line; potential figures (no year, a horizon such as "long term") are
drawn as hollow diamonds in a "long term" column at the right, joined by a dotted line. The
precision of each figure is written next to it (``16``, ``~1200``, ``≥ 50``, ``> 3``), and the
source documents are noted under the chart. Output is SVG (text kept as text, so the site names
are searchable) or PNG, and deterministic: same data, same bytes.

>>> from battery_kg import load_project
>>> rows = capacity_rows(load_project())
>>> [(r.site_label, r.year, r.value, r.status) for r in rows if r.site_label.startswith("Verkor")]
[('Verkor gigafactory, Bourbourg', 2025, 16.0, 'operational'), ('Verkor gigafactory, Bourbourg', 2030, 50.0, 'planned')]
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from rdflib.namespace import RDF

from battery_kg.atomic import atomic_write_bytes
from battery_kg.errors import UsageError
from battery_kg.namespaces import BKG, BKV
from battery_kg.project_nx import Provenance, UNIT_SYMBOLS

PRECISION_MARKS = {BKV.exact: "", BKV.about: "~", BKV["at-least"]: "≥ ", BKV["more-than"]: "> "}
"""How a precision is written before a figure."""

STATUS_STYLE = {
    "operational": {"linestyle": "-", "fill": True},
    "achieved": {"linestyle": "-", "fill": True},
    "planned": {"linestyle": "--", "fill": False},
    "potential": {"linestyle": ":", "fill": False},
}

SITE_COLOURS = ("#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")


@dataclass(frozen=True)
class CapacityRow:
    site: str
    site_label: str
    year: int | None
    horizon: str | None
    value: float
    unit: str
    precision: str
    status: str
    sources: tuple[str, ...]


def capacity_rows(project) -> list[CapacityRow]:
    """Every capacity statement, sorted by site label, then year (figures with no year last)."""
    data = project.data
    prov = Provenance(project)
    rows = []
    for stmt in data.subjects(RDF.type, BKG.CapacityStatement):
        site = data.value(stmt, BKG.site)
        value = data.value(stmt, BKG.value)
        if site is None or value is None:
            continue
        year = data.value(stmt, BKG.year)
        horizon = data.value(stmt, BKG.horizon)
        status = data.value(stmt, BKG.status)
        precision = data.value(stmt, BKG.precision)
        unit = data.value(stmt, BKG.unit)
        sources = sorted({prov.title(s) for p, o in data.predicate_objects(stmt) for s in prov.sources((stmt, p, o))})
        rows.append(CapacityRow(
            site=str(site), site_label=project.label(site),
            year=int(str(year)[:4]) if year is not None else None,
            horizon=project.label(horizon) if horizon is not None else None,
            value=float(value.toPython()),
            unit=UNIT_SYMBOLS.get(unit, project.label(unit) if unit is not None else ""),
            precision=PRECISION_MARKS.get(precision, "") if precision is not None else "",
            status=project.label(status) if status is not None else "unknown",
            sources=tuple(sources),
        ))
    return sorted(rows, key=lambda r: (r.site_label, r.year is None, r.year or 0, r.value))


def _figure(rows: list[CapacityRow], title: str):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    if not rows:
        raise UsageError("no capacity statements to plot")
    years = sorted({r.year for r in rows if r.year is not None})
    long_term_x = (max(years) + 3) if years else 0
    units = sorted({r.unit for r in rows})
    fig, ax = plt.subplots(figsize=(10, 6), dpi=100)
    sites = sorted({(r.site_label, r.site) for r in rows})
    for i, (label, site) in enumerate(sites):
        colour = SITE_COLOURS[i % len(SITE_COLOURS)]
        mine = [r for r in rows if r.site == site]
        points = [((r.year if r.year is not None else long_term_x), r) for r in mine]
        for (x0, a), (x1, b) in zip(points, points[1:]):
            style = STATUS_STYLE.get(b.status, STATUS_STYLE["planned"])["linestyle"]
            ax.plot([x0, x1], [a.value, b.value], color=colour, linestyle=style, linewidth=2)
        for x, r in points:
            style = STATUS_STYLE.get(r.status, STATUS_STYLE["planned"])
            marker = "D" if r.status == "potential" else "o"
            ax.plot([x], [r.value], marker=marker, markersize=9, color=colour, linestyle="none",
                    markerfacecolor=colour if style["fill"] else "white", markeredgewidth=2)
            ax.annotate(f"{r.precision}{r.value:g}", (x, r.value), textcoords="offset points", xytext=(8, 4),
                        fontsize=9, color=colour)
        last_x, last = points[-1]
        ax.annotate(label, (last_x, last.value), textcoords="offset points", xytext=(8, -12), fontsize=9,
                    color=colour, fontweight="bold")
    ticks = years + ([long_term_x] if any(r.year is None for r in rows) else [])
    ax.set_xticks(ticks)
    ax.set_xticklabels([str(y) for y in years] + (["long term"] if len(ticks) > len(years) else []))
    ax.set_xlim(min(ticks) - 1, max(ticks) + 3)
    ax.set_ylim(0, max(r.value for r in rows) * 1.15)
    ax.set_xlabel("year")
    ax.set_ylabel(f"cell production capacity ({' / '.join(u for u in units if u)} per year)")
    ax.set_title(title)
    ax.grid(True, color="#dddddd")
    handles = [Line2D([], [], color=SITE_COLOURS[i % len(SITE_COLOURS)], linewidth=2, label=label)
               for i, (label, _) in enumerate(sites)]
    handles += [
        Line2D([], [], color="#444", linestyle="-", marker="o", markerfacecolor="#444", label="operational"),
        Line2D([], [], color="#444", linestyle="--", marker="o", markerfacecolor="white", label="planned"),
        Line2D([], [], color="#444", linestyle=":", marker="D", markerfacecolor="white", label="potential"),
    ]
    ax.legend(handles=handles, loc="upper left", fontsize=9, title="~ about, ≥ at least, > more than", title_fontsize=8)
    sources = sorted({s for r in rows for s in r.sources})
    fig.text(0.01, 0.01, "Sources: " + "; ".join(sources), fontsize=7, wrap=True, va="bottom", ha="left")
    fig.subplots_adjust(bottom=0.2)
    return fig


def render_capacity(project, fmt: str = "svg", title: str = "Battery cell production capacity by site") -> bytes:
    """The roadmap chart as SVG or PNG bytes (deterministic)."""
    import matplotlib

    if fmt not in ("svg", "png"):
        raise UsageError(f"unknown chart format {fmt!r}", hint="expected svg or png")
    with matplotlib.rc_context({"svg.hashsalt": "battery-kg", "svg.fonttype": "none", "path.simplify": True}):
        fig = _figure(capacity_rows(project), title)
        buf = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buf, format=fmt, metadata=metadata)
        import matplotlib.pyplot as plt

        plt.close(fig)
    return buf.getvalue()


def write_capacity(project, path: str | Path, fmt: str | None = None) -> Path:
    """Write the roadmap chart to ``path`` (format from its extension: .svg or .png), atomically."""
    path = Path(path)
    fmt = fmt or path.suffix.lower().lstrip(".")
    if fmt not in ("svg", "png"):
        raise UsageError(f"cannot write a chart to {str(path)!r}", hint="expected a .svg or .png file")
    atomic_write_bytes(path, render_capacity(project, fmt))
    return path


__all__ = ["CapacityRow", "capacity_rows", "render_capacity", "write_capacity"]
