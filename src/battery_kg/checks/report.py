"""Render a validation :class:`~battery_kg.checks.validate.Report` for people (text) or programs (JSON, Turtle).

The text format puts ``file:line`` first on every line, so editors and terminals can jump to it.
"""

from __future__ import annotations

import json

from battery_kg.checks.validate import Finding, Report

FORMATS = ("text", "json", "turtle")


def render(report: Report, fmt: str = "text") -> str:
    if fmt == "text":
        return render_text(report)
    if fmt == "json":
        return render_json(report)
    if fmt == "turtle":
        assert report.graph is not None
        return report.graph.serialize(format="turtle")
    raise ValueError(f"unknown report format {fmt!r}")


def finding_line(f: Finding) -> str:
    where = f" {f.result_path}" if f.result_path else ""
    value = f" (value: {f.value})" if f.value is not None and f.result_path else ""
    return (f"{f.location}: {f.severity.lower()}: {f.focus_label} <{f.focus}>{where}: {f.message}{value}"
            f" [{f.source_shape}, {f.component}]")


def render_text(report: Report) -> str:
    lines = [finding_line(f) for f in report.findings]
    if report.conforms:
        lines.append("conforms: no violations")
    else:
        nodes = len({f.focus for f in report.violations})
        lines.append(f"does not conform: {len(report.violations)} violation(s) on {nodes} node(s)")
    return "\n".join(lines) + "\n"


def render_json(report: Report) -> str:
    body = {"conforms": report.conforms, "results": [f.as_dict() for f in report.findings]}
    return json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
