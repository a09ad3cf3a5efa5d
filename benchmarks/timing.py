"""One way to time a whole process for the benchmarks: ``/usr/bin/time`` around it (wall seconds, peak RSS)."""

from __future__ import annotations

import subprocess
import tempfile


def timed(cmd: list[str], timeout: float) -> dict:
    """Run ``cmd`` under /usr/bin/time: wall seconds, peak RSS (MB), its last line of output."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        try:
            run = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", t.name, *cmd], capture_output=True,
                                 text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"error": f"cut at {timeout:.0f} s"}
        if run.returncode != 0:
            return {"error": (run.stderr.strip().splitlines() or ["failed"])[-1][:120]}
        wall, rss = t.read().split()[-2:]
    out = (run.stdout.strip().splitlines() or run.stderr.strip().splitlines() or [""])[-1]
    return {"wall": float(wall), "rss_mb": int(rss) / 1024, "out": out}
