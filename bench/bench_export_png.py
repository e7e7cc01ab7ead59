"""Benchmark of the briefing PNG (run by hand, not a test):
``.venv/bin/python bench/bench_export_png.py [--scenario 2019-07-23] [--repeat 5]``.

Prints, in one process: the imports; building the briefing (scenario load + crossing report);
the first PNG (font and geodata caches cold) and the best and median wall time of ``--repeat``
more (and their best CPU time, which other load on the machine does not inflate), at 1920x1080
and at A4 landscape 300 dpi. Target: the 2019 PNG at 1920x1080 in under 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def timed(function, *args):
    """(wall seconds, result); the CPU seconds of the call go to ``timed.cpu``."""
    start, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    timed.cpu = time.process_time() - cpu
    return time.perf_counter() - start, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="2019-07-23")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    start = time.perf_counter()
    from layers.export import scenario_briefing
    from layers.export.png.render import render_png

    print(f"imports                      {time.perf_counter() - start:6.2f} s")
    seconds, briefing = timed(scenario_briefing, args.scenario)
    print(f"briefing (scenario+crossings) {seconds:6.2f} s  "
          f"({len(briefing.tracks)} tracks, {len(briefing.report.events)} events)")
    for size in ("1920x1080", "a4"):
        first, data = timed(render_png, briefing, size)
        runs, cpus = [], []
        for _ in range(args.repeat):
            runs.append(timed(render_png, briefing, size)[0])
            cpus.append(timed.cpu)
        print(f"PNG {size:<10} first {first:5.2f} s   best {min(runs):5.2f} s   "
              f"median {statistics.median(runs):5.2f} s   (CPU best {min(cpus):5.2f} s)   "
              f"{len(data) / 1e3:6.0f} kB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
