"""Timing and machine-description helpers shared by the two benchmark scripts.

Each figure is the median over REPEATS timeit repeats of the per-call time, where each repeat runs
the statement enough times to last at least MIN_REPEAT_S (timeit's autorange idea), after one
warm-up repeat. The minimum is reported beside it: on this shared 2-core machine the minimum is
the figure least disturbed by other processes, the median the typical one.
"""

from __future__ import annotations

import datetime
import os
import platform
import statistics
import subprocess
import timeit
from typing import Callable

REPEATS = 7
MIN_REPEAT_S = 0.05


def measure(fn: Callable[[], object], repeats: int = REPEATS, min_s: float = MIN_REPEAT_S) -> tuple[float, float]:
    """Return (median, min) seconds per call of ``fn``."""
    timer = timeit.Timer(fn)
    number = 1
    while True:  # find a loop count that makes one repeat last >= min_s
        t = timer.timeit(number)
        if t >= min_s:
            break
        number = max(number * 2, int(number * min_s / max(t, 1e-9) * 1.2))
    times = [t / number for t in timer.repeat(repeat=repeats, number=number)]
    return statistics.median(times), min(times)


def fmt_time(s: float) -> str:
    """Seconds as a short human figure (ns / us / ms)."""
    if s < 1e-6:
        return f"{s * 1e9:.0f} ns"
    if s < 1e-3:
        return f"{s * 1e6:.2f} us"
    return f"{s * 1e3:.3f} ms"


def machine_lines() -> list[str]:
    """Markdown bullet lines describing the machine, date and library versions."""
    import numpy as np
    import torch

    cpu = "unknown"
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                cpu = line.split(":", 1)[1].strip()
    except OSError:
        pass
    lines = [
        f"- date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {platform.machine()}, CPU `{cpu}`, {os.cpu_count()} logical cores, "
        f"Linux {platform.release()}",
        f"- python {platform.python_version()}, numpy {np.__version__}, torch {torch.__version__} "
        f"(CPU capability {torch.backends.cpu.get_cpu_capability()}), torch threads {torch.get_num_threads()}",
        f"- OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}, "
        f"OPENBLAS_L2_SIZE={os.environ.get('OPENBLAS_L2_SIZE', '(unset)')}, "
        f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '(unset)')}",
    ]
    try:
        import threadpoolctl

        for info in threadpoolctl.threadpool_info():
            if info.get("internal_api") == "openblas":
                lines.append(f"- numpy BLAS: OpenBLAS {info.get('version')} kernel `{info.get('architecture')}`, "
                             f"{info.get('num_threads')} thread(s)")
    except ImportError:
        lines.append("- numpy BLAS kernel: unknown (threadpoolctl not installed)")
    return lines
