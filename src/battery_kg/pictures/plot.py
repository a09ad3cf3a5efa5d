"""Capacity charts of the cell plants, with matplotlib, from the plant records (:mod:`battery_kg.pictures.plants`).

Honest by construction:

* a line joins two figures only when both have a year; a figure with no year (a long-term potential,
  "up to 100 GWh" without a date) is its own marker in a "no year stated" column, apart, joined to nothing;
* a segment is solid when the figure it reaches is stated as reached (operational), dashed when planned;
  when sources disagree on a year every claim is drawn, the line going through the largest;
* value labels sit on a white box above the lines, plant names in the right margin (spread so that
  they never overlap), so no line crosses a label; the legend shows only the marks the chart uses;
* sources are listed under the plot, the figure growing to hold them (never over the plot).

Up to :data:`MAX_LINES` plants the chart draws each plant (``by="plant"``; asked for more, it draws
the largest dozen and says how many it leaves out). Past that it aggregates
(``by="auto"``): the largest plants as lines and the others summed, then capacity by country and by
status, year by year, as stacked bars; ``by="country"`` and ``by="status"`` draw one of those alone.
An aggregate's figure for a plant in year Y is the latest figure stated for Y or before
(:meth:`battery_kg.pictures.plants.Plant.capacity_in`): a figure is held until a source states another, never
interpolated, and figures with no year never count. Only cell plants (capacity in GWh per year) are
drawn; materials and recycling plants (tonnes) are counted in a note.

PNG at 300 dpi (print), SVG with text kept as text; both deterministic.

>>> from battery_kg import load_project
>>> series = cell_series(load_project())
>>> verkor = next(s for s in series if s.label.startswith("Verkor"))
>>> [(y, max(c.value for c in cs)) for y, cs in sorted(verkor.dated.items())]
[(2023, 16.0), (2025, 16.0), (2030, 50.0)]
>>> [c.value for c in verkor.undated]
[50.0]
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from battery_kg.atomic import atomic_write_bytes
from battery_kg.errors import UsageError

MAX_LINES = 12
"""Past this many plants with a capacity, ``by="auto"`` aggregates."""
TOP_PLANTS = 8
"""Plants drawn one by one in the aggregate view; the others are summed."""
DPI = 300

PRECISION_MARKS = {"bkv:exact": "", "bkv:about": "~", "bkv:at-least": "≥ ", "bkv:more-than": "> ", "bkv:up-to": "≤ "}
"""How a precision is written before a figure."""
PRECISION_WORDS = {"~": "about", "≥ ": "at least", "> ": "more than", "≤ ": "up to"}

STATUS_COLOURS = {"operating": "#2ca02c", "under-construction": "#ff7f0e", "announced": "#1f77b4",
                  "paused": "#9467bd", "cancelled": "#7f7f7f", "unknown": "#c7c7c7"}
STATUS_NAMES = {"operating": "operating", "under-construction": "under construction", "announced": "announced",
                "paused": "paused", "cancelled": "cancelled", "unknown": "status unknown"}
PALETTE = ("#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf",
           "#bcbd22", "#393b79", "#637939", "#843c39")
REACHED = {"bkv:operational", "bkv:achieved"}


@dataclass
class Series:
    """One cell plant's capacity claims in GWh per year: by year, and those with no year."""

    plant: object
    label: str
    country: str
    dated: dict[int, list] = field(default_factory=dict)
    undated: list = field(default_factory=list)

    @property
    def peak(self) -> float:
        return max([c.value for cs in self.dated.values() for c in cs] + [c.value for c in self.undated] + [0.0])


def cell_series(project, plants=None) -> list[Series]:
    """The cell plants that state a capacity in GWh, sorted by label."""
    from battery_kg.pictures.plants import plant_set

    plants = plants if plants is not None else plant_set(project)
    out = []
    for plant in plants.plants:
        if plant.kind != "cell":
            continue
        series = Series(plant, plant.label, plant.country.label if plant.country else "country unknown")
        for claim in plant.capacity:
            if claim.unit_label != "GWh/yr":
                continue
            if claim.year is None:
                series.undated.append(claim)
            else:
                series.dated.setdefault(claim.year, []).append(claim)
        if series.dated or series.undated:
            out.append(series)
    return sorted(out, key=lambda s: (s.label, s.plant.id))


def _figure_text(claim) -> str:
    return f"{PRECISION_MARKS.get(claim.precision or '', '')}{claim.value:g}"


def _spread(wanted: list[float], gap: float, low: float, high: float) -> list[float]:
    """Positions as near ``wanted`` as possible, at least ``gap`` apart, inside [low, high] (labels
    in a margin that must not overlap)."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    placed: dict[int, float] = {}
    last = low - gap
    for i in order:
        placed[i] = max(wanted[i], last + gap)
        last = placed[i]
    overflow = last - high
    if overflow > 0:  # push everything down, then keep the gaps from the bottom
        floor = low - gap
        for i in order:
            placed[i] = max(placed[i] - overflow, floor + gap)
            floor = placed[i]
    return [placed[i] for i in range(len(wanted))]


def _sources_text(series: list[Series], sources: dict) -> str:
    ids = sorted({s for ser in series for cs in [*ser.dated.values(), ser.undated] for c in cs for s in c.sources})
    titles = sorted({sources[i].title if i in sources else i for i in ids})
    return "Sources: " + "; ".join(titles)


def _plants_axes(ax, series: list[Series], fig) -> set[str]:
    """Each plant's stated figures; returns the precision marks used."""
    from matplotlib.lines import Line2D

    years = sorted({y for s in series for y in s.dated})
    has_undated = any(s.undated for s in series)
    first, last = (min(years), max(years)) if years else (2025, 2025)
    no_year_x = last + 2.5
    top = max(s.peak for s in series) * 1.18 or 1.0
    marks: set[str] = set()
    ends: list[tuple[float, str, str]] = []
    for i, ser in enumerate(series):
        colour = PALETTE[i % len(PALETTE)]
        points = [(y, max(ser.dated[y], key=lambda c: c.value)) for y in sorted(ser.dated)]
        for (x0, a), (x1, b) in zip(points, points[1:]):
            ax.plot([x0, x1], [a.value, b.value], color=colour, linewidth=2,
                    linestyle="-" if b.status in REACHED else "--", zorder=2)
        for year, claims in sorted(ser.dated.items()):
            best = max(claims, key=lambda c: c.value)
            for claim in sorted({(c.value, c.status, c.precision): c for c in claims}.values(), key=lambda c: c.value):
                main = claim is best or (claim.value == best.value and claim.status == best.status)
                ax.plot([year], [claim.value], marker="o", markersize=8 if main else 5, linestyle="none", color=colour,
                        markerfacecolor=colour if claim.status in REACHED else "white", markeredgewidth=1.8, zorder=3)
            label = " / ".join(_figure_text(c) for c in sorted({_figure_text(c): c for c in claims}.values(),
                                                                   key=lambda c: c.value))
            marks.update(PRECISION_MARKS.get(c.precision or "", "") for c in claims)
            ax.annotate(label, (year, best.value), textcoords="offset points", xytext=(0, 9), ha="center", fontsize=7.5,
                        color=colour, zorder=5, bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.9})
        for k, claim in enumerate(sorted({(c.value, c.precision): c for c in ser.undated}.values(), key=lambda c: c.value)):
            x = no_year_x + (i - (len(series) - 1) / 2) * min(0.25, 2.0 / max(len(series), 1))
            ax.plot([x], [claim.value], marker="D", markersize=7, linestyle="none", color=colour, markerfacecolor="white",
                    markeredgewidth=1.8, zorder=3)
            marks.add(PRECISION_MARKS.get(claim.precision or "", ""))
            ax.annotate(_figure_text(claim), (x, claim.value), textcoords="offset points", xytext=(0, 8), ha="center",
                        fontsize=7.5, color=colour, zorder=5,
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.9})
        anchor = points[-1][1].value if points else ser.undated[0].value
        ends.append((anchor, ser.label, colour))
    right = (no_year_x + 1.2) if has_undated else (last + 0.8)
    if has_undated:
        ax.axvline(last + 1.25, color="#999999", linewidth=0.8, linestyle=(0, (2, 3)))
    ax.set_xlim(first - 0.8, right)
    ax.set_ylim(0, top)
    ax.set_xticks(years + ([no_year_x] if has_undated else []))
    ax.set_xticklabels([str(y) for y in years] + (["no year\nstated"] if has_undated else []))
    # plant names in the right margin, spread so they never overlap, each with a leader to its last figure
    gap = top * 0.045
    placed = _spread([e[0] for e in ends], gap, 0, top)
    for (anchor, label, colour), y in zip(ends, placed):
        short = label if len(label) <= 36 else label[:35] + "…"
        ax.annotate(short, xy=(right, anchor), xytext=(right + (right - first) * 0.03, y), xycoords="data",
                    textcoords="data", fontsize=8, color=colour, va="center", annotation_clip=False,
                    arrowprops={"arrowstyle": "-", "color": colour, "linewidth": 0.6})
    handles = [Line2D([], [], color="#444", linestyle="-", marker="o", markerfacecolor="#444", label="stated as reached (operational)"),
               Line2D([], [], color="#444", linestyle="--", marker="o", markerfacecolor="white", label="planned")]
    if has_undated:
        handles.append(Line2D([], [], color="#444", linestyle="none", marker="D", markerfacecolor="white",
                              label="no year stated (joined to nothing)"))
    ax.legend(handles=handles, loc="upper left", fontsize=8, framealpha=0.95)
    return marks - {""}


def _by_year(series: list[Series], key) -> tuple[list[int], dict[str, list[float]]]:
    years = sorted({y for s in series for y in s.dated})
    if not years:
        return [], {}
    span = list(range(years[0], years[-1] + 1))
    stacks: dict[str, list[float]] = defaultdict(lambda: [0.0] * len(span))
    for ser in series:
        for i, year in enumerate(span):
            value = ser.plant.capacity_in(year)
            if value:
                stacks[key(ser, year)][i] += value
    return span, dict(stacks)


def _stacked(ax, span, stacks, colours, names, title):
    bottom = [0.0] * len(span)
    for name in stacks:
        ax.bar(span, stacks[name], bottom=bottom, color=colours[name], label=names.get(name, name), width=0.75,
               edgecolor="white", linewidth=0.4)
        bottom = [b + v for b, v in zip(bottom, stacks[name])]
    ax.set_xticks(span)
    ax.set_xticklabels([str(y) for y in span], rotation=90 if len(span) > 12 else 0, fontsize=8)
    ax.set_title(title, fontsize=10)
    ax.set_ylabel("GWh per year")
    ax.grid(True, axis="y", color="#dddddd")
    ax.set_axisbelow(True)
    ax.legend(fontsize=7, loc="upper left", ncol=2 if len(stacks) > 6 else 1, framealpha=0.95)


def _country_axes(ax, series):
    span, stacks = _by_year(series, lambda s, y: s.country)
    totals = {c: sum(v) for c, v in stacks.items()}
    main = sorted(totals, key=lambda c: (-totals[c], c))[:10]
    merged: dict[str, list[float]] = {c: stacks[c] for c in main}
    rest = [c for c in stacks if c not in main]
    if rest:
        merged[f"{len(rest)} other countries"] = [sum(stacks[c][i] for c in rest) for i in range(len(span))]
    colours = {name: PALETTE[i % len(PALETTE)] if not name.endswith("other countries") else "#c7c7c7"
               for i, name in enumerate(merged)}
    _stacked(ax, span, merged, colours, {}, "Capacity by country and year")


def _status_axes(ax, series):
    span, stacks = _by_year(series, lambda s, y: s.plant.status_in(y) or "unknown")
    ordered = {k: stacks[k] for k in STATUS_COLOURS if k in stacks}
    _stacked(ax, span, ordered, STATUS_COLOURS, STATUS_NAMES, "Capacity by plant status (as last reported by that year)")


def _top_axes(ax, series):
    span, stacks = _by_year(series, lambda s, y: s.plant.id)
    peak = {s.plant.id: max(stacks.get(s.plant.id, [0.0])) for s in series}
    top = sorted(series, key=lambda s: (-peak[s.plant.id], s.label))[:TOP_PLANTS]
    rest = [s for s in series if s not in top]
    shown = {s.label: stacks.get(s.plant.id, [0.0] * len(span)) for s in top}
    colours = {s.label: PALETTE[i % len(PALETTE)] for i, s in enumerate(top)}
    if rest:
        name = f"the other {len(rest)} plants, summed"
        shown[name] = [sum(stacks.get(s.plant.id, [0.0] * len(span))[i] for s in rest) for i in range(len(span))]
        colours[name] = "#c7c7c7"
    _stacked(ax, span, shown, colours, {}, f"The {len(top)} largest plants and the rest"
             " (each year: the latest figure stated for it or before)")


def _footer(fig, lines: list[str], width_chars: int) -> float:
    """Write ``lines`` under the plot, wrapped; returns the height (inches) they take."""
    import textwrap

    wrapped = [w for line in lines for w in textwrap.wrap(line, width_chars) or [""]]
    height = 0.16 * len(wrapped) + 0.15
    fig.text(0.01, 0.01, "\n".join(wrapped), fontsize=7, va="bottom", ha="left", color="#333333")
    return height


def capacity_figure(project, by: str = "auto", plants=None):
    """The matplotlib figure for ``by`` = ``auto``, ``plant``, ``country`` or ``status``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from battery_kg.pictures.plants import plant_set

    plants = plants if plants is not None else plant_set(project)
    series = cell_series(project, plants)
    if not series:
        raise UsageError("no cell plant states a capacity in GWh: nothing to plot")
    if by not in ("auto", "plant", "country", "status"):
        raise UsageError(f"unknown chart {by!r}", hint="expected auto, plant, country or status")
    if by == "auto":
        by = "plant" if len(series) <= MAX_LINES else "overview"
    notes = []
    tonnes = [p for p in plants.plants if p.kind != "cell" and p.capacity]
    others = sorted({p.kind_label for p in tonnes})
    if tonnes:
        notes.append(f"Not drawn: {len(tonnes)} plants with a capacity that are not cell plants "
                     f"({', '.join(others)}): their tonnes or cell-equivalent GWh do not add up with cells.")
    width = 11.0
    if by == "plant":
        if len(series) > MAX_LINES:  # more lines would not be read: the largest, and say so
            shown = sorted(series, key=lambda ser: (-ser.peak, ser.label))[:MAX_LINES]
            notes.append(f"Drawn: the {MAX_LINES} plants with the largest figures; {len(series) - MAX_LINES} others "
                         "are not (see --by country or --by status for all of them).")
            series = sorted(shown, key=lambda ser: (ser.label, ser.plant.id))
        fig, ax = plt.subplots(figsize=(width, 6.0))
        marks = _plants_axes(ax, series, fig)
        ax.set_ylabel("cell production capacity (GWh per year)")
        ax.set_xlabel("year the figure is for")
        ax.set_title("Battery cell production capacity by plant, as the sources state it")
        ax.grid(True, color="#e5e5e5")
        if marks:
            notes.insert(0, "Figures: " + ", ".join(f"{m.strip()} {PRECISION_WORDS[m]}" for m in sorted(marks)) + ".")
        notes.append(_sources_text(series, plants.sources))
        right_margin = 0.74
    elif by == "overview":
        fig, axes = plt.subplots(3, 1, figsize=(width, 13.0))
        _top_axes(axes[0], series)
        _country_axes(axes[1], series)
        _status_axes(axes[2], series)
        undated = [s for s in series if s.undated and not s.dated]
        fig.suptitle(f"Battery cell production capacity: {len(series)} plants", fontsize=12)
        if undated:
            notes.insert(0, f"Not counted: {len(undated)} plants that state a capacity with no year "
                            f"({sum(max(c.value for c in s.undated) for s in undated):g} GWh at most).")
        notes.append(f"{len({i for s in series for cs in [*s.dated.values(), s.undated] for c in cs for i in c.sources})} "
                     "source documents; list them with `battery-kg query capacity-roadmap`.")
        right_margin = 0.97
    else:
        fig, ax = plt.subplots(figsize=(width, 6.0))
        (_country_axes if by == "country" else _status_axes)(ax, series)
        fig.suptitle(f"Battery cell production capacity: {len(series)} plants", fontsize=12)
        right_margin = 0.97
    footer = _footer(fig, notes, 190)
    height = fig.get_figheight() + footer
    fig.set_figheight(height)
    fig.subplots_adjust(left=0.07, right=right_margin, top=1 - (1.0 if by == "overview" else 0.6) / height, bottom=(footer + 0.6) / height,
                        hspace=0.45)
    return fig


def render_capacity(project, fmt: str = "svg", by: str = "auto", plants=None) -> bytes:
    """The chart as SVG or PNG (300 dpi) bytes; deterministic."""
    import matplotlib

    if fmt not in ("svg", "png"):
        raise UsageError(f"unknown chart format {fmt!r}", hint="expected svg or png")
    with matplotlib.rc_context({"svg.hashsalt": "battery-kg", "svg.fonttype": "none", "path.simplify": True}):
        fig = capacity_figure(project, by, plants)
        buf = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buf, format=fmt, metadata=metadata, dpi=DPI)
        import matplotlib.pyplot as plt

        plt.close(fig)
    return buf.getvalue()


def write_capacity(project, path: str | Path, fmt: str | None = None, by: str = "auto", plants=None) -> Path:
    """Write the chart to ``path`` (format from its extension: .svg or .png), atomically."""
    path = Path(path)
    fmt = fmt or path.suffix.lower().lstrip(".")
    if fmt not in ("svg", "png"):
        raise UsageError(f"cannot write a chart to {str(path)!r}", hint="expected a .svg or .png file")
    atomic_write_bytes(path, render_capacity(project, fmt, by, plants))
    return path


__all__ = ["MAX_LINES", "Series", "capacity_figure", "cell_series", "render_capacity", "write_capacity"]
