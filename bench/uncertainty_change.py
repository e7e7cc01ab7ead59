"""Benchmark: server time of the app's run after a change of the track uncertainty.

Runs app.py in-process with Streamlit's AppTest (the script as the server runs it, without a
browser), warms it up, then moves the uncertainty slider to values not seen before (each needs
a new crossing report, events table and map) and, as the baseline measured in the same run,
reruns the page with nothing changed. Prints medians and their ratio.

    .venv/bin/python bench/uncertainty_change.py [--runs 6]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from layers.ui.session import Keys as K

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=6, help="uncertainty values to try (default 6)")
    args = parser.parse_args()
    app = AppTest.from_file(APP, default_timeout=120)
    app.run()
    app.run()  # the tabs come on the second run, as in a browser
    if app.exception:
        print(app.exception, file=sys.stderr)
        return 1
    same, changed = [], []
    for number in range(args.runs):
        started = time.perf_counter()
        app.run()
        same.append(time.perf_counter() - started)
        app.slider(key=K.UNCERTAINTY_NM).set_value(0.5 + number * 1.5)
        started = time.perf_counter()
        app.run()
        changed.append(time.perf_counter() - started)
        if app.exception:
            print(app.exception, file=sys.stderr)
            return 1
    base, new = statistics.median(same), statistics.median(changed)
    print(f"rerun, nothing changed (baseline): {base:.3f} s median of {len(same)}")
    print(f"rerun after a new uncertainty:     {new:.3f} s median of {len(changed)} "
          f"({min(changed):.3f}-{max(changed):.3f}); {new / base:.1f}x the baseline")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
