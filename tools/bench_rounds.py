#!/usr/bin/env python3
"""Repeat a criterion run of the `binary` group several times and report, per op and size,
the median and range of its ratio to the same round's copy baseline.

On this shared machine one run's ratios move by 10-20 % (the baseline and the op are measured
seconds apart); the median over rounds is steadier. Each round takes every benchmark's fastest
sample, as `benches/src/bin/report.rs` does.

    cargo bench -p nanotorch-bench --bench kernels --no-run   # prints the binary's path
    python3 tools/bench_rounds.py target/release/deps/kernels-<hash> --rounds 5 \
        --sizes 1000,10000,100000,1000000 --ops 'div|div_into|div_scalar|div_scalar_into'

A ratio is (baseline bytes per ns) / (op bytes per ns): the copy baseline moves 8 bytes per f32
element, a same-shape op 12, an op with a scalar operand 8; `_f64` ops are against `copy_f64`.
"""

import argparse
import json
import os
import statistics
import subprocess

ROOT = os.path.join(os.path.dirname(__file__), "..", "target", "criterion")


def fastest(bench_id):
    with open(os.path.join(ROOT, bench_id, "new", "sample.json")) as f:
        s = json.load(f)
    return min(t / i for t, i in zip(s["times"], s["iters"]))


def label(n):
    return f"{n:.0e}".replace("e+0", "e")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("binary")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--ops", default="div|div_into|div_scalar|div_scalar_into")
    ap.add_argument("--measurement-time", default="1")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    ops = args.ops.split("|")
    regex = f"^(baseline/(copy|copy_f64)/|binary/({args.ops})/)"
    env = dict(os.environ, NANOTORCH_BENCH_SIZES=args.sizes)
    ratios = {}
    for _ in range(args.rounds):
        subprocess.run([args.binary, "--bench", regex, "--warm-up-time", "0.3",
                        "--measurement-time", args.measurement_time],
                       env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for n in sizes:
            for op in ops:
                f64 = op.startswith("add_f64")
                base = fastest(f"baseline/{'copy_f64' if f64 else 'copy'}/{label(n)}")
                scalar = "scalar" in op
                factor = 24 / 16 if f64 else (8 / 8 if scalar else 12 / 8)
                t = fastest(f"binary/{op}/{label(n)}")
                ratios.setdefault((op, n), []).append((base * factor / t, t))
    print(f"| op | size | median % of copy | range over {args.rounds} rounds | fastest time |")
    print("|---|---|---|---|---|")
    for (op, n), rs in ratios.items():
        pct = [100 * r for r, _ in rs]
        print(f"| {op} | {label(n)} | {statistics.median(pct):.0f} % | "
              f"{min(pct):.0f}-{max(pct):.0f} % | {min(t for _, t in rs):.0f} ns |")


if __name__ == "__main__":
    main()
