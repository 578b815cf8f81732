#!/usr/bin/env python3
"""Minimax polynomial coefficients for the f32 SIMD math (crates/tensor/src/kernels/math/).

Usage (from the repository root; mpmath only, about seven minutes on one core):

    python3 tools/fit_math_polys.py > tools/results/math_polys.md

For each kernel polynomial the script runs a Remez exchange in 30-digit arithmetic that
minimises the largest weighted error, then rounds the coefficients to f32 (all at once, or one
at a time from the lowest degree up re-fitting the rest after each; the better is kept). It
prints the f32 coefficients (bits and decimal, as pasted into the Rust sources) and the
approximation error of the rounded polynomial measured on a dense grid in exact arithmetic:
that is the error before any floating-point evaluation; kernels/math/tests.rs measures the
whole kernel.

Fits (z = r^2 where noted; "relative" = error divided by the function):
- exp:  e^r = 1 + r P(r), P of degree 6 (exp; 5 shown for comparison) with
  P(0) = 1, |r| <= ln2/2 (+ margin), relative.
- sigmoid: the same with P of degree 5 and the relative error weighted by e^{-r}
  (sigmoid evaluates it at r = -u, and its result takes the error amplified by about
  e^u; see kernels/math/act.rs).
- sin:  sin r = r + r^3 S(z), S of degree 2, |r| <= pi/4 (+ margin), relative.
- cos:  cos r = 1 - z/2 + z^2 C(z), C of degree 2, |r| <= pi/4 (+ margin), relative.
- log:  ln(1+f) = f - f^2/2 + f^3 L(f), L of degree 7 (6 shown for comparison),
  f in [sqrt(1/2) - 1, sqrt 2 - 1] (+ margin), relative.
- tanh: 1 - e^{-2u} = 2u + u^2 R(u), R of degree 4 (3 and 5 shown for comparison),
  |u| <= ln2/4 (+ margin), relative to 1 - e^{-2u}.
"""

from __future__ import annotations

import struct
import sys

import mpmath as mp

mp.mp.dps = 30


def f32(v) -> float:
    """Round to the nearest f32 (via f64: the values here are far from f64 double-rounding ties)."""
    return struct.unpack("<f", struct.pack("<f", float(v)))[0]


def f32_bits(v: float) -> str:
    return "0x%08x" % struct.unpack("<I", struct.pack("<f", v))[0]


def remez(target, weight, exps, lo, hi, fixed=(), iters=40, grid=3999):
    """Coefficients c of sum(c_j x^exps[j]) minimising max |weight(x) (target(x) - poly(x))|.

    ``fixed`` is a list of (exponent, value) terms already decided; they are subtracted from the
    target. Returns (coefficients, max weighted error on the grid).
    """
    lo, hi = mp.mpf(lo), mp.mpf(hi)
    n = len(exps)

    def resid_target(x):
        return target(x) - sum(v * x**e for e, v in fixed)

    # initial reference: Chebyshev-like points, shifted so that none is an end or the middle
    # (the relative-error weights vanish at 0)
    pts = [(lo + hi) / 2 - (hi - lo) / 2 * mp.cos(mp.pi * (i + mp.mpf(0.37)) / (n + 0.74)) for i in range(n + 1)]
    xs = [lo + (hi - lo) * i / grid for i in range(grid + 1)]
    coef = None
    for _ in range(iters):
        # solve sum c_j x_i^e_j + (-1)^i E / w(x_i) = target(x_i)
        rows, rhs = [], []
        for i, x in enumerate(pts):
            rows.append([x**e for e in exps] + [(-1) ** i / weight(x)])
            rhs.append(resid_target(x))
        sol = mp.lu_solve(mp.matrix(rows), mp.matrix(rhs))
        coef = [sol[j] for j in range(n)]

        def err(x):
            return weight(x) * (resid_target(x) - sum(c * x**e for c, e in zip(coef, exps)))

        es = [err(x) for x in xs]
        # extrema: split the grid into runs of equal sign, take the largest |e| of each run
        runs, cur = [], [0]
        for i in range(1, len(xs)):
            if (es[i] >= 0) == (es[cur[0]] >= 0):
                cur.append(i)
            else:
                runs.append(cur)
                cur = [i]
        runs.append(cur)
        ext = [max(run, key=lambda i: abs(es[i])) for run in runs]
        # keep n+1 alternating extrema with the largest errors (drop the smallest at the ends)
        while len(ext) > n + 1:
            if abs(es[ext[0]]) < abs(es[ext[-1]]):
                ext.pop(0)
            else:
                ext.pop()
        if len(ext) < n + 1:
            break
        new = [xs[i] for i in ext]
        if all(abs(a - b) < (hi - lo) / grid / 2 for a, b in zip(new, pts)):
            break
        pts = new
    worst = max(abs(e) for e in es)
    return coef, worst


def max_error(target, weight, terms, lo, hi, n=20000):
    """Largest weighted error of sum(v x^e for e, v in terms) on n points of [lo, hi]."""
    lo, hi = mp.mpf(lo), mp.mpf(hi)
    return max(
        abs(weight(x) * (target(x) - sum(v * x**e for e, v in terms)))
        for x in (lo + (hi - lo) * (i + mp.mpf(0.5)) / n for i in range(n))
    )


def fit_rounded(target, weight, exps, lo, hi, fixed=()):
    """Remez, then the coefficients rounded to f32.

    Two roundings are tried and the better kept: all coefficients rounded at once, and one at
    a time from the lowest exponent up with the others re-fitted after each step.
    """
    fixed = list(fixed)
    coef, _ = remez(target, weight, exps, lo, hi, fixed=fixed)
    naive = [(e, mp.mpf(f32(c))) for e, c in zip(exps, coef)]
    seq, rest = [], list(exps)
    while rest:
        coef, _ = remez(target, weight, rest, lo, hi, fixed=fixed + seq)
        seq.append((rest[0], mp.mpf(f32(coef[0]))))
        rest = rest[1:]
    best = min(
        ((max_error(target, weight, fixed + t, lo, hi), t) for t in (naive, seq)),
        key=lambda et: et[0],
    )
    return [float(v) for _, v in best[1]], best[0]


def show(name, desc, coefs, worst, note=""):
    print(f"## {name}\n\n{desc}\n")
    print(f"max error of the f32-rounded polynomial: {mp.nstr(worst, 3)}"
          f" (= {mp.nstr(worst / mp.mpf(2) ** -24, 3)} x 2^-24){note}\n")
    print("```rust")
    for i, c in enumerate(coefs):
        print(f"    f32::from_bits({f32_bits(c)}), // c{i} = {c!r}")
    print("```\n")
    sys.stdout.flush()


def main():
    margin = mp.mpf(1) + mp.mpf(2) ** -10
    print("# Minimax coefficients for kernels/math (tools/fit_math_polys.py)\n")

    # exp: e^r = 1 + r P(r), relative error |1 + r P - e^r| / e^r, P(0) = 1 fixed
    h = mp.log(2) / 2 * margin
    for deg in (5, 6):
        coefs, worst = fit_rounded(
            lambda r: mp.expm1(r) / r if r != 0 else mp.mpf(1),
            lambda r: abs(r) / mp.exp(r) if r != 0 else mp.mpf(0),
            list(range(1, deg + 1)), -h, h, fixed=[(0, mp.mpf(1))])
        show(f"exp (P of degree {deg})",
             f"`e^r = 1 + r (1 + c1 r + ... + c{deg} r^{deg})` on `|r| <= ln2/2`, relative error; c0 = 1 exactly",
             [1.0] + coefs, worst)

    # sigmoid: P of degree 5 as for exp, relative error weighted by e^{-r}. (That also
    # rounds to f32 better than the unweighted fit above: its plain relative error is
    # smaller everywhere, for u = -r > 0 most.)
    def rel_exp(r):
        return abs(r) / mp.exp(r) if r != 0 else mp.mpf(0)

    target = lambda r: mp.expm1(r) / r if r != 0 else mp.mpf(1)
    coefs, worst = fit_rounded(target, lambda r: rel_exp(r) * mp.exp(-r), list(range(1, 6)), -h, h,
                               fixed=[(0, mp.mpf(1))])
    terms = [(0, mp.mpf(1))] + list(zip(range(1, 6), (mp.mpf(c) for c in coefs)))
    plain_neg = max_error(target, rel_exp, terms, -h, 0)
    plain_pos = max_error(target, rel_exp, terms, 0, h)
    show("sigmoid (P of degree 5)",
         "`e^r = 1 + r (1 + c1 r + ... + c5 r^5)` on `|r| <= ln2/2`, relative error weighted by `e^-r`; c0 = 1",
         [1.0] + coefs, worst,
         note=f"; unweighted relative error {mp.nstr(plain_neg / mp.mpf(2) ** -24, 3)} x 2^-24 for r < 0,"
              f" {mp.nstr(plain_pos / mp.mpf(2) ** -24, 3)} x 2^-24 for r > 0")

    # sin: sin r = r + r^3 S(r^2) in z = r^2; relative error |r^3 (g - S)| / sin r, g = (sin r - r)/r^3
    q = mp.pi / 4 * margin
    coefs, worst = fit_rounded(
        lambda z: (mp.sin(mp.sqrt(z)) - mp.sqrt(z)) / mp.sqrt(z) ** 3 if z != 0 else mp.mpf(-1) / 6,
        lambda z: mp.sqrt(z) ** 3 / mp.sin(mp.sqrt(z)) if z != 0 else mp.mpf(0),
        [0, 1, 2], 0, q * q)
    show("sin", "`sin r = r + r^3 (c0 + c1 z + c2 z^2)`, `z = r^2`, on `|r| <= pi/4`, relative error", coefs, worst)

    # cos: cos r = 1 - z/2 + z^2 C(z); relative error |z^2 (g - C)| / cos r, g = (cos r - 1 + z/2)/z^2
    coefs, worst = fit_rounded(
        lambda z: (mp.cos(mp.sqrt(z)) - 1 + z / 2) / z**2 if z != 0 else mp.mpf(1) / 24,
        lambda z: z**2 / mp.cos(mp.sqrt(z)),
        [0, 1, 2], 0, q * q)
    show("cos", "`cos r = 1 - z/2 + z^2 (c0 + c1 z + c2 z^2)`, `z = r^2`, on `|r| <= pi/4`, relative error",
         coefs, worst)

    # log: ln(1+f) = f - f^2/2 + f^3 L(f); relative error |f^3 (g - L)| / ln(1+f)
    flo = (mp.sqrt(mp.mpf(1) / 2) - 1) * margin
    fhi = (mp.sqrt(2) - 1) * margin
    for deg in (6, 7):
        coefs, worst = fit_rounded(
            lambda f: (mp.log1p(f) - f + f * f / 2) / f**3 if f != 0 else mp.mpf(1) / 3,
            lambda f: abs(f**3 / mp.log1p(f)) if f != 0 else mp.mpf(0),
            list(range(deg + 1)), flo, fhi)
        show(f"log (L of degree {deg})",
             "`ln(1+f) = f - f^2/2 + f^3 (c0 + c1 f + ...)` on `[sqrt(1/2)-1, sqrt2-1]`, relative error",
             coefs, worst)

    # tanh: q = 1 - e^{-2u} = 2u + u^2 R(u) on |u| <= ln2/4; relative error |u^2 (g - R)| / |q|,
    # g = (q - 2u)/u^2
    h = mp.log(2) / 4 * margin
    for deg in (3, 4, 5):
        coefs, worst = fit_rounded(
            lambda u: (-mp.expm1(-2 * u) - 2 * u) / u**2 if u != 0 else mp.mpf(-2),
            lambda u: abs(u**2 / mp.expm1(-2 * u)) if u != 0 else mp.mpf(0),
            list(range(deg + 1)), -h, h)
        show(f"tanh (R of degree {deg})",
             "`1 - e^{-2u} = 2u + u^2 (c0 + c1 u + ...)` on `|u| <= ln2/4`, relative error",
             coefs, worst)

if __name__ == "__main__":
    main()
