"""Fixtures for the tensor crate (issue 4): tests/fixtures/tensor/*.json.

Files written (schemas in tools/README.md):
  elementwise.json   binary ops with broadcasting / rank promotion, scalar ops, unary ops, clamp,
                     comparisons, where
  pow_array.json     x.unsqueeze(-1).pow(p), x = linspace(-pi, pi, 2000) f32, p = [1, 2, 3] (int64)
  reductions.json    sum/mean/prod/max/min/argmax/argmin/var/std over all elements or dims, keepdim
  linspace_sin.json  torch.linspace(-pi, pi, 2000) (f32 and f64) and torch.sin of it, with bits
  matmul.json        torch.matmul for every rank combination, f32 and f64
  sum_bits.json      float32 sum and mean of 1..9, 16 and 32 elements, bit patterns of torch's result
"""

from __future__ import annotations

import math

import numpy as np
import torch

from fixtures_common import encode, header, rng, write_json

SCRIPT = "make_fixtures.py (fixtures_tensor.py)"
DTYPES = {"f32": torch.float32, "f64": torch.float64}


def _t(a: np.ndarray, dtype: str) -> torch.Tensor:
    return torch.tensor(a, dtype=DTYPES[dtype])


# --------------------------------------------------------------------------- elementwise

# (lhs shape, rhs shape) pairs: same shape, broadcasting and rank promotion, 0-d operands.
BINARY_SHAPES = [
    ([2, 3], [2, 3]),
    ([3, 1], [4]),  # -> [3, 4]
    ([2, 3, 4], [4]),  # rank promotion
    ([2, 1, 4], [3, 1]),  # -> [2, 3, 4]
    ([4], [2, 3, 1]),  # -> [2, 3, 4], promotion on the left operand's side
    ([], [2, 3]),  # 0-d with 2-d
    ([1], [5]),
    ([1, 3], [2, 1]),  # both sides broadcast
]

BINARY_OPS = {
    "add": torch.add,
    "sub": torch.sub,
    "mul": torch.mul,
    "div": torch.div,
    "maximum": torch.maximum,
    "minimum": torch.minimum,
    "pow": torch.pow,
}

# Python scalars (f64 values) used with a tensor. For f32 tensors torch rounds the scalar to f32
# first and computes in f32. "side": "rhs" means `x OP s`, "lhs" means `s OP x`.
SCALAR_CASES = [
    ("add", "rhs", 0.1),
    ("add", "lhs", -2.5),
    ("sub", "rhs", 1.0 / 3.0),
    ("sub", "lhs", 0.1),
    ("mul", "rhs", 0.01),
    ("mul", "lhs", 3.0),
    ("div", "rhs", 3.0),
    ("div", "lhs", 1.0),
    ("pow", "rhs", 2.0),
    ("pow", "rhs", 3.0),
    ("pow", "rhs", 0.5),
    ("pow", "rhs", -1.5),
    ("pow", "lhs", 2.0),
]

_SCALAR_FNS = {
    ("add", "rhs"): lambda x, s: x + s,
    ("add", "lhs"): lambda x, s: s + x,
    ("sub", "rhs"): lambda x, s: x - s,
    ("sub", "lhs"): lambda x, s: s - x,
    ("mul", "rhs"): lambda x, s: x * s,
    ("mul", "lhs"): lambda x, s: s * x,
    ("div", "rhs"): lambda x, s: x / s,
    ("div", "lhs"): lambda x, s: s / x,
    ("pow", "rhs"): lambda x, s: x**s,
    ("pow", "lhs"): lambda x, s: s**x,
}

# Unary ops and the input domain each is sampled from (low, high).
UNARY_OPS = {
    "neg": (torch.neg, (-5.0, 5.0)),
    "exp": (torch.exp, (-10.0, 10.0)),
    "log": (torch.log, (1e-3, 100.0)),
    "sqrt": (torch.sqrt, (0.0, 100.0)),
    "abs": (torch.abs, (-5.0, 5.0)),
    "sin": (torch.sin, (-10.0, 10.0)),
    "cos": (torch.cos, (-10.0, 10.0)),
    "tanh": (torch.tanh, (-6.0, 6.0)),
    "sigmoid": (torch.sigmoid, (-20.0, 20.0)),
    "relu": (torch.relu, (-5.0, 5.0)),
    "square": (torch.square, (-5.0, 5.0)),
    "sign": (torch.sign, (-5.0, 5.0)),
}

COMPARE_OPS = {"eq": torch.eq, "ne": torch.ne, "lt": torch.lt, "le": torch.le, "gt": torch.gt, "ge": torch.ge}


def _elementwise() -> dict:
    g = rng(4001)
    cases = []
    for dt in DTYPES:
        for op, fn in BINARY_OPS.items():
            for ls, rs in BINARY_SHAPES:
                if op == "pow":  # positive base keeps every result finite and real
                    a = g.uniform(0.1, 3.0, ls)
                    b = g.uniform(-2.0, 3.0, rs)
                elif op == "div":
                    a = g.uniform(-5.0, 5.0, ls)
                    b = g.uniform(0.5, 4.0, rs) * g.choice([-1.0, 1.0], rs)
                else:
                    a = g.uniform(-5.0, 5.0, ls)
                    b = g.uniform(-5.0, 5.0, rs)
                    if op in ("maximum", "minimum") and ls == rs:
                        b.flat[0] = a.flat[0]  # include an equal pair
                ta, tb = _t(a, dt), _t(b, dt)
                cases.append({
                    "name": f"{op}_{dt}_{'x'.join(map(str, ls)) or 'scalar'}_{'x'.join(map(str, rs))}",
                    "kind": "binary", "op": op,
                    "inputs": [encode(ta), encode(tb)], "output": encode(fn(ta, tb)),
                })
        for i, (op, side, s) in enumerate(SCALAR_CASES):
            x = g.uniform(0.2, 4.0, [2, 3]) if op in ("pow", "div") else g.uniform(-4.0, 4.0, [2, 3])
            tx = _t(x, dt)
            cases.append({
                "name": f"{op}_scalar_{side}_{dt}_{i}", "kind": "scalar", "op": op, "side": side,
                "scalar": s, "inputs": [encode(tx)], "output": encode(_SCALAR_FNS[(op, side)](tx, s)),
            })
        for op, (fn, (lo, hi)) in UNARY_OPS.items():
            x = g.uniform(lo, hi, [3, 4])
            if op in ("relu", "abs", "sign"):
                x.flat[0], x.flat[1] = 0.0, -0.0  # zeros: relu'(0), sign(0), sign(-0)
            tx = _t(x, dt)
            cases.append({"name": f"{op}_{dt}", "kind": "unary", "op": op,
                          "inputs": [encode(tx)], "output": encode(fn(tx))})
        x = _t(g.uniform(-3.0, 3.0, [3, 4]), dt)
        for lo, hi in ((-1.0, 1.5), (-0.5, None), (None, 0.25)):
            cases.append({"name": f"clamp_{dt}_{lo}_{hi}", "kind": "clamp", "op": "clamp",
                          "min": lo, "max": hi, "inputs": [encode(x)],
                          "output": encode(torch.clamp(x, min=lo, max=hi))})
        # Comparisons: small integers so that equality happens; [3,1] vs [4] broadcast.
        a = _t(g.integers(-2, 3, [3, 1]).astype(np.float64), dt)
        b = _t(g.integers(-2, 3, [4]).astype(np.float64), dt)
        for op, fn in COMPARE_OPS.items():
            cases.append({"name": f"{op}_{dt}_3x1_4", "kind": "compare", "op": op,
                          "inputs": [encode(a), encode(b)],
                          "output": encode(fn(a, b).to(DTYPES[dt]))})
            cases.append({"name": f"{op}_scalar_{dt}", "kind": "compare_scalar", "op": op, "scalar": 0.0,
                          "inputs": [encode(a)], "output": encode(fn(a, 0.0).to(DTYPES[dt]))})
        # where(cond, a, b) with cond [3,1], a [4], b [] -> [3, 4]
        cond = torch.tensor(g.integers(0, 2, [3, 1]).astype(bool))
        wa = _t(g.uniform(-1, 1, [4]), dt)
        wb = _t(np.array(7.5), dt)
        cases.append({"name": f"where_{dt}", "kind": "where", "op": "where",
                      "inputs": [encode(cond), encode(wa), encode(wb)],
                      "output": encode(torch.where(cond, wa, wb))})
    return {
        **header(SCRIPT, "Elementwise ops: binary with broadcasting, scalar on either side, unary, "
                 "clamp, comparisons (stored as 1.0/0.0 in the input dtype; torch returns bool), where."),
        "cases": cases,
    }


def _pow_array() -> dict:
    x = torch.linspace(-math.pi, math.pi, 2000)
    p = torch.tensor([1, 2, 3])
    small_x = torch.tensor([-2.0, -0.5, 0.0, 1.5, 3.0])
    return {
        **header(SCRIPT, "Array exponent pow as in polynomial_sin_fit: xx = x.unsqueeze(-1).pow(p). "
                 "p is int64; the result is f32 [N, 3]."),
        "cases": [
            {"name": "polynomial_sin_fit_xx", "x": encode(x), "p": encode(p),
             "output": encode(x.unsqueeze(-1).pow(p))},
            {"name": "small_negative_bases", "x": encode(small_x), "p": encode(p),
             "output": encode(small_x.unsqueeze(-1).pow(p))},
            {"name": "f32_exponent_broadcast", "x": encode(small_x.abs() + 0.5),
             "p": encode(torch.tensor([0.5, -1.0, 2.5])),
             "output": encode((small_x.abs() + 0.5).unsqueeze(-1).pow(torch.tensor([0.5, -1.0, 2.5])))},
        ],
    }


# --------------------------------------------------------------------------- reductions

def _reductions() -> dict:
    g = rng(4002)
    cases = []
    for dt in DTYPES:
        inputs = {
            "3x4x5": g.standard_normal([3, 4, 5]),
            "2x3": g.standard_normal([2, 3]),
            "7": g.standard_normal([7]),
        }
        ties = np.array([[1.0, 3.0, 3.0, -1.0], [2.0, 2.0, -5.0, -5.0], [0.0, 0.0, 0.0, 0.0]])
        inputs["ties_3x4"] = ties
        for iname, arr in inputs.items():
            x = _t(arr, dt)
            xp = _t(np.abs(arr) * 0.5 + 0.75, dt)  # prod input in [0.75, ~2.5): no overflow
            nd = x.dim()
            dim_choices = [None] + list(range(nd)) + ([-1] if nd > 1 else []) + ([[0, 2]] if nd == 3 else [])
            for dim in dim_choices:
                for keepdim in ([False] if dim is None else [False, True]):
                    def add(op, out, inp=x, indices=None, extra=None):
                        case = {"name": f"{op}_{dt}_{iname}_dim{dim}_keep{int(keepdim)}", "op": op,
                                "dim": dim, "keepdim": keepdim, "input": encode(inp), "output": encode(out)}
                        if indices is not None:
                            case["indices"] = encode(indices)
                        if extra:
                            case.update(extra)
                        cases.append(case)
                    kw = {} if dim is None else {"dim": dim, "keepdim": keepdim}
                    add("sum", x.sum(**kw))
                    add("mean", x.mean(**kw))
                    for corr in (1, 0):
                        add(f"var_c{corr}", x.var(correction=corr, **kw), extra={"correction": corr})
                        add(f"std_c{corr}", x.std(correction=corr, **kw), extra={"correction": corr})
                    if dim is None or isinstance(dim, int):
                        add("prod", xp.prod(**kw), inp=xp)
                        add("argmax", x.argmax(**kw))
                        add("argmin", x.argmin(**kw))
                        if dim is None:
                            add("max", x.max())
                            add("min", x.min())
                        else:
                            mx = x.max(dim=dim, keepdim=keepdim)
                            mn = x.min(dim=dim, keepdim=keepdim)
                            add("max", mx.values, indices=mx.indices)
                            add("min", mn.values, indices=mn.indices)
    return {
        **header(SCRIPT, "Reductions. dim null = all elements (keepdim false). var/std use the given "
                 "correction (1 = torch default, unbiased). max/min with a dim also store `indices` "
                 "(torch returns values and indices). argmax/argmin over all elements return the "
                 "index into the flattened input. Ties: torch returns the first occurrence."),
        "cases": cases,
    }


# --------------------------------------------------------------------------- linspace / sin

def _linspace_sin() -> dict:
    out = {**header(SCRIPT, "torch.linspace(-math.pi, math.pi, 2000) and torch.sin of it, as in "
                    "polynomial_sin_fit. Compare f32 bits; sin is torch's vectorised (AVX2) kernel.")}
    for dt, tdt in DTYPES.items():
        x = torch.linspace(-math.pi, math.pi, 2000, dtype=tdt)
        out[f"linspace_{dt}"] = encode(x)
        out[f"sin_{dt}"] = encode(torch.sin(x))
    # Small linspace cases: endpoint semantics, steps = 1, descending.
    out["small"] = [
        {"start": s, "end": e, "steps": n, "dtype": dt,
         "output": encode(torch.linspace(s, e, n, dtype=DTYPES[dt]))}
        for dt in DTYPES
        for s, e, n in ((0.0, 1.0, 5), (-1.0, 1.0, 4), (2.0, 2.0, 3), (3.0, -3.0, 7), (0.5, 9.0, 1), (0.0, 1.0, 11))
    ]
    return out


# --------------------------------------------------------------------------- matmul

MATMUL_SHAPES = [
    ([4], [4]),  # dot -> []
    ([3, 4], [4]),  # matrix-vector -> [3]
    ([4], [4, 2]),  # vector-matrix -> [2]
    ([3, 4], [4, 2]),  # -> [3, 2]
    ([2, 3, 4], [2, 4, 5]),  # batched
    ([2, 3, 4], [4, 5]),  # batched x matrix
    ([3, 4], [2, 4, 5]),  # matrix x batched
    ([4], [2, 4, 5]),  # vector x batched -> [2, 5]
    ([2, 3, 4], [4]),  # batched x vector -> [2, 3]
    ([2, 1, 3, 4], [5, 4, 2]),  # broadcast batch dims -> [2, 5, 3, 2]
    ([1, 1], [1, 1]),
    ([5, 1], [1, 3]),  # outer product via matmul
]


def _matmul() -> dict:
    g = rng(4003)
    cases = []
    for dt in DTYPES:
        for ls, rs in MATMUL_SHAPES:
            a, b = _t(g.standard_normal(ls), dt), _t(g.standard_normal(rs), dt)
            cases.append({"name": f"matmul_{dt}_{'x'.join(map(str, ls))}_{'x'.join(map(str, rs))}",
                          "inputs": [encode(a), encode(b)], "output": encode(torch.matmul(a, b))})
    return {**header(SCRIPT, "torch.matmul rank rules (1-D dot, matrix-vector, vector-matrix, 2-D, "
                     "batched with broadcast batch dims). f32 results depend on summation order: "
                     "compare with a tolerance."), "cases": cases}


# --------------------------------------------------------------------------- short f32 sums

def _emulations(v: np.ndarray) -> dict:
    """Candidate f32 summation orders, each starting from +0.0, as bit patterns."""
    f = np.float32

    def lanes(n_lanes: int) -> np.float32:
        acc = [f(0.0)] * n_lanes
        for i, e in enumerate(v):
            acc[i % n_lanes] = f(acc[i % n_lanes] + e)
        s = f(0.0)
        for a in acc:
            s = f(s + a)
        return s

    def pairwise() -> np.float32:
        xs = list(v)
        while len(xs) > 1:
            xs = [f(xs[i] + xs[i + 1]) if i + 1 < len(xs) else xs[i] for i in range(0, len(xs), 2)]
        return xs[0] if xs else f(0.0)

    def lanes_tail0() -> np.float32:
        # L = 4 lanes below 8 elements, else 8; whole blocks of L go to acc[i % L], the
        # remaining n % L elements are added to acc[0] in order; acc combined left to right.
        n_lanes = 4 if len(v) < 8 else 8
        body = len(v) - len(v) % n_lanes
        acc = [f(0.0)] * n_lanes
        for i in range(body):
            acc[i % n_lanes] = f(acc[i % n_lanes] + v[i])
        for i in range(body, len(v)):
            acc[0] = f(acc[0] + v[i])
        s = f(0.0)
        for a in acc:
            s = f(s + a)
        return s

    vals = {"left_to_right": lanes(1), "lanes4": lanes(4), "lanes8": lanes(8), "pairwise": pairwise(),
            "lanes_tail0": lanes_tail0()}
    return {k: int(np.array(val, dtype=np.float32).view(np.uint32)) for k, val in vals.items()}


def _sum_bits() -> dict:
    g = rng(4004)
    groups = []
    for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 16, 24, 32):
        count = 200
        vecs = []
        matches = {"left_to_right": 0, "lanes4": 0, "lanes8": 0, "pairwise": 0, "lanes_tail0": 0}
        for k in range(count):
            # Mixed magnitudes so the summation order shows in the last bits.
            v = (g.standard_normal(n) * 10.0 ** g.uniform(-2, 2, n)).astype(np.float32)
            t = torch.from_numpy(v)
            s, m = t.sum(), t.mean()
            emu = _emulations(v)
            sb = int(s.numpy().view(np.uint32))
            for key, bits in emu.items():
                matches[key] += bits == sb
            vecs.append({"input": encode(v), "sum": encode(s), "mean": encode(m)})
        groups.append({"n": n, "count": count,
                       "orders_matching_all": [k for k, c in matches.items() if c == count],
                       "order_match_counts": matches, "cases": vecs})
    negzero = torch.tensor([-0.0, -0.0, -0.0, -0.0, -0.0])
    return {
        **header(SCRIPT, "torch f32 sum() and mean() of short vectors, bit patterns in `bits`. "
                 "`orders_matching_all` lists the emulated orders (each accumulator starting at +0.0) "
                 "that reproduced every case of that length: left_to_right = ((x0+x1)+x2)+...; "
                 "lanesK = K accumulators acc[i%K], then combined left to right; pairwise = adjacent "
                 "pairs, level by level; lanes_tail0 = 4 lanes if n < 8 else 8 lanes over whole blocks, the remaining n % lanes elements added to acc[0] in order, lanes combined left to right. mean = sum / n by true f32 division."),
        "groups": groups,
        "negative_zeros": {"input": encode(negzero), "sum": encode(negzero.sum()),
                           "mean": encode(negzero.mean())},
    }


def generate() -> None:
    """Write every tensor fixture file."""
    write_json("tensor/elementwise.json", _elementwise())
    write_json("tensor/pow_array.json", _pow_array())
    write_json("tensor/reductions.json", _reductions())
    write_json("tensor/linspace_sin.json", _linspace_sin())
    write_json("tensor/matmul.json", _matmul())
    write_json("tensor/sum_bits.json", _sum_bits())
