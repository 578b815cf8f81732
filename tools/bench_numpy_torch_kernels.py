#!/usr/bin/env python3
"""numpy and PyTorch figures for issue 8's kernels, single-threaded, float32 (f64 for sum and add).

Usage (from the repository root):

    python3 tools/bench_numpy_torch_kernels.py                 # full table, ~3-4 minutes
    python3 tools/bench_numpy_torch_kernels.py --quick         # sizes 1e3..1e5 only, for a smoke run
    python3 tools/bench_numpy_torch_kernels.py > tools/results/numpy_torch_kernels.md

Ops: add / mul / div with a same-shape operand and with a Python scalar, each allocating (`a + b`)
and into an existing buffer (`out=`); broadcast `[N,1] + [1,M]`; exp, log, sin, tanh, sigmoid,
relu (allocating and `out=`); sum / mean / max over all elements; sum / mean over each axis of a
1000x1000 matrix; matmul 64 / 256 / 1024. Inputs are fixed-seed uniform values in a range valid
for every op ([0.5, 1.5), so log and div are well defined).

numpy has no sigmoid or relu: they are timed as `1 / (1 + np.exp(-x))` and `np.maximum(x, 0)`
(what a numpy user writes). One thread: OPENBLAS_NUM_THREADS=1 (set before numpy is imported,
unless already set) and torch.set_num_threads(1).
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from bench_common import fmt_time, machine_lines, measure  # noqa: E402

SIZES = [10**3, 10**4, 10**5, 10**6, 10**7]
REPEATS = 5
MIN_S = 0.03


def _np_sigmoid(x, out=None):
    if out is None:
        return 1.0 / (1.0 + np.exp(-x))
    np.negative(x, out=out)
    np.exp(out, out=out)
    np.add(out, 1.0, out=out)
    return np.divide(1.0, out, out=out)


def _row(op: str, shape: str, n: int, np_fn, th_fn) -> str:
    """Time both libraries and format one table row (elements/s computed from n)."""
    nm, nb = measure(np_fn, REPEATS, MIN_S)
    tm, tb = measure(th_fn, REPEATS, MIN_S)
    rate = lambda s: f"{n / s / 1e9:.2f}"  # noqa: E731 - local formatting helper
    return (f"| {op} | {shape} | {fmt_time(nm)} | {fmt_time(tm)} | {rate(nm)} | {rate(tm)} | "
            f"{fmt_time(nb)} | {fmt_time(tb)} |")


def run(sizes: list[int]) -> list[str]:
    g = np.random.default_rng(8001)
    rows = []

    def arrays(n, dtype=np.float32):
        a = g.uniform(0.5, 1.5, n).astype(dtype)
        b = g.uniform(0.5, 1.5, n).astype(dtype)
        ta, tb = torch.from_numpy(a.copy()), torch.from_numpy(b.copy())
        return a, b, np.empty_like(a), ta, tb, torch.empty_like(ta)

    binary = {"add": (np.add, torch.add), "mul": (np.multiply, torch.mul), "div": (np.divide, torch.div)}
    for n in sizes:
        a, b, o, ta, tb, to = arrays(n)
        shape = f"{n:.0e}".replace("+0", "")
        for name, (nf, tf) in binary.items():
            rows.append(_row(f"{name}", shape, n, lambda: nf(a, b), lambda: tf(ta, tb)))
            rows.append(_row(f"{name} out=", shape, n, lambda: nf(a, b, out=o), lambda: tf(ta, tb, out=to)))
            rows.append(_row(f"{name} scalar", shape, n, lambda: nf(a, np.float32(1.5)), lambda: tf(ta, 1.5)))
        a64, b64, o64, ta64, tb64, to64 = arrays(n, np.float64)
        rows.append(_row("add f64", shape, n, lambda: a64 + b64, lambda: ta64 + tb64))
        rows.append(_row("add f64 out=", shape, n, lambda: np.add(a64, b64, out=o64),
                         lambda: torch.add(ta64, tb64, out=to64)))
        unary = {
            "exp": (np.exp, torch.exp), "log": (np.log, torch.log), "sin": (np.sin, torch.sin),
            "tanh": (np.tanh, torch.tanh), "sigmoid": (_np_sigmoid, torch.sigmoid),
            "relu": (lambda x, out=None: np.maximum(x, np.float32(0), out=out), torch.relu),
        }
        for name, (nf, tf) in unary.items():
            rows.append(_row(name, shape, n, lambda: nf(a), lambda: tf(ta)))
            t_out = (lambda: torch.clamp_min(ta, 0.0, out=to)) if name == "relu" else (lambda: tf(ta, out=to))
            rows.append(_row(f"{name} out=", shape, n, lambda: nf(a, out=o), t_out))
        rows.append(_row("sum", shape, n, lambda: a.sum(), lambda: ta.sum()))
        rows.append(_row("sum f64", shape, n, lambda: a64.sum(), lambda: ta64.sum()))
        rows.append(_row("mean", shape, n, lambda: a.mean(), lambda: ta.mean()))
        rows.append(_row("max", shape, n, lambda: a.max(), lambda: ta.max()))

    for r_, c_ in ((100, 100), (1000, 1000), (1000, 10000)):
        col = g.uniform(0.5, 1.5, (r_, 1)).astype(np.float32)
        rowv = g.uniform(0.5, 1.5, (1, c_)).astype(np.float32)
        tcol, trow = torch.from_numpy(col.copy()), torch.from_numpy(rowv.copy())
        rows.append(_row("broadcast add [N,1]+[1,M]", f"{r_}x{c_}", r_ * c_, lambda: col + rowv, lambda: tcol + trow))

    m = g.uniform(0.5, 1.5, (1000, 1000)).astype(np.float32)
    tm = torch.from_numpy(m.copy())
    for axis in (0, 1):
        rows.append(_row(f"sum axis={axis}", "1000x1000", 10**6, lambda: m.sum(axis=axis), lambda: tm.sum(dim=axis)))
        rows.append(_row(f"mean axis={axis}", "1000x1000", 10**6, lambda: m.mean(axis=axis),
                         lambda: tm.mean(dim=axis)))

    for k in (64, 256, 1024):
        x = g.standard_normal((k, k)).astype(np.float32)
        y = g.standard_normal((k, k)).astype(np.float32)
        tx, ty = torch.from_numpy(x.copy()), torch.from_numpy(y.copy())
        # "elements/s" column for matmul holds GFLOP/s instead: 2 k^3 flops.
        rows.append(_row("matmul (GFLOP/s in rate cols)", f"{k}x{k}", 2 * k**3, lambda: x @ y, lambda: tx @ ty))
    return rows


def main() -> None:
    torch.set_num_threads(1)
    quick = "--quick" in sys.argv
    print("# numpy and PyTorch kernel figures (issue 8)\n")
    print("\n".join(machine_lines()))
    print("- command: `python3 tools/bench_numpy_torch_kernels.py` (1 thread, float32 unless noted)\n")
    print("| op | size | numpy median | torch median | numpy Gelem/s | torch Gelem/s | numpy min | torch min |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for line in run(SIZES[:3] if quick else SIZES):
        print(line, flush=True)
    print(f"\nmedian / min of {REPEATS} timeit repeats, each repeat >= {MIN_S * 1e3:.0f} ms of back-to-back "
          "calls. Allocating forms include allocation (page faults dominate at 1e7). numpy sigmoid = "
          "`1/(1+exp(-x))`, relu = `np.maximum(x, 0)`; torch relu out= is `torch.clamp_min(x, 0, out=)`.")


if __name__ == "__main__":
    main()
