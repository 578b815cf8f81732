"""Fixtures for the losses crate (issue 6): tests/fixtures/losses/<loss>.json.

One file per loss (mse, l1, huber, bce, bce_with_logits, cross_entropy). Each case gives the input,
target (and class weights), the loss value and the gradient with respect to the input, for every
reduction (mean, sum, none) in f64 and f32. Schemas in tools/README.md.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from fixtures_common import encode, header, rng, write_json

SCRIPT = "make_fixtures.py (fixtures_losses.py)"
DTYPES = {"f64": torch.float64, "f32": torch.float32}
REDUCTIONS = ["mean", "sum", "none"]


def _case(name: str, module: nn.Module, inp: np.ndarray, target: np.ndarray, dt: str, g: np.random.Generator,
          options: dict, target_is_index: bool = False, weight: np.ndarray | None = None) -> dict:
    """Run one loss forward and backward; returns the fixture case."""
    x = torch.tensor(inp, dtype=DTYPES[dt], requires_grad=True)
    t = torch.tensor(target, dtype=torch.int64) if target_is_index else torch.tensor(target, dtype=DTYPES[dt])
    out = module(x, t)
    case = {"name": name, "dtype": dt, "reduction": module.reduction, "options": options,
            "input": encode(x), "target": encode(t)}
    if weight is not None:
        case["weight"] = encode(torch.tensor(weight, dtype=DTYPES[dt]))
    case["output"] = encode(out)
    if out.dim() == 0:
        out.backward()
    else:
        # Seed with a fixed non-uniform gradient (drawn in f64, cast) so the test checks the chain rule.
        go = torch.tensor(g.standard_normal(list(out.shape)), dtype=DTYPES[dt])
        out.backward(go)
        case["grad_output"] = encode(go)
    case["grad_input"] = encode(x.grad)
    return case


def _regression(loss_name: str, make, options_list: list[dict], seed: int) -> dict:
    """MSE / L1 / Huber: input and target both float [4, 3], plus a 1-D [5] case."""
    g = rng(seed)
    shapes = {"4x3": [4, 3], "5": [5]}
    data = {k: (g.standard_normal(s) * 1.5, g.standard_normal(s) * 1.5) for k, s in shapes.items()}
    cases = []
    for options in options_list:
        for dt in DTYPES:
            for red in REDUCTIONS:
                for sname, (inp, tgt) in data.items():
                    tag = "_".join(f"{k}{v}" for k, v in options.items())
                    name = f"{loss_name}{'_' + tag if tag else ''}_{red}_{dt}_{sname}"
                    cases.append(_case(name, make(red, options), inp, tgt, dt, g, options))
    return {"cases": cases}


def _bce(seed: int) -> dict:
    g = rng(seed)
    p = g.uniform(0.02, 0.98, [4, 3])
    hard = g.integers(0, 2, [4, 3]).astype(np.float64)
    soft = g.uniform(0.0, 1.0, [4, 3])
    cases = []
    for dt in DTYPES:
        for red in REDUCTIONS:
            for tname, tgt in (("hard", hard), ("soft", soft)):
                cases.append(_case(f"bce_{red}_{dt}_{tname}", nn.BCELoss(reduction=red), p, tgt, dt, g, {}))
    return {"cases": cases}


def _bce_logits(seed: int) -> dict:
    g = rng(seed)
    z = g.standard_normal([4, 3]) * 3.0
    hard = g.integers(0, 2, [4, 3]).astype(np.float64)
    soft = g.uniform(0.0, 1.0, [4, 3])
    # Large logits: a naive log(sigmoid(z)) overflows / gives log(0); torch's form stays finite.
    big = np.array([[100.0, -100.0, 30.0], [-30.0, 1000.0, -1000.0], [88.0, -88.0, 0.0], [50.0, -50.0, 17.0]])
    big_t = np.array([[1.0, 0.0, 0.0], [1.0, 0.0, 1.0], [0.0, 1.0, 0.5], [0.25, 0.75, 1.0]])
    cases = []
    for dt in DTYPES:
        for red in REDUCTIONS:
            for tname, inp, tgt in (("hard", z, hard), ("soft", z, soft), ("large_logits", big, big_t)):
                cases.append(_case(f"bce_with_logits_{red}_{dt}_{tname}", nn.BCEWithLogitsLoss(reduction=red),
                                   inp, tgt, dt, g, {}))
    return {"cases": cases}


def _cross_entropy(seed: int) -> dict:
    g = rng(seed)
    logits = g.standard_normal([4, 5]) * 2.0
    classes = np.array([0, 3, 4, 3])
    weight = np.array([0.5, 1.0, 2.0, 0.25, 1.5])
    big = np.array([[100.0, -100.0, 0.0], [1000.0, 999.0, -5.0], [-50.0, -60.0, -70.0]])
    big_cls = np.array([1, 0, 2])
    single = g.standard_normal([5])  # unbatched: input [C], target 0-d
    cases = []
    for dt in DTYPES:
        for red in REDUCTIONS:
            ce = nn.CrossEntropyLoss(reduction=red)
            cases.append(_case(f"cross_entropy_{red}_{dt}", ce, logits, classes, dt, g, {}, True))
            w = torch.tensor(weight, dtype=DTYPES[dt])
            cew = nn.CrossEntropyLoss(weight=w, reduction=red)
            cases.append(_case(f"cross_entropy_weighted_{red}_{dt}", cew, logits, classes, dt, g, {}, True, weight))
            cases.append(_case(f"cross_entropy_large_logits_{red}_{dt}", ce, big, big_cls, dt, g, {}, True))
            cases.append(_case(f"cross_entropy_unbatched_{red}_{dt}", ce, single, np.array(2), dt, g, {}, True))
    return {"cases": cases}


def generate() -> None:
    """Write every loss fixture file."""
    desc = ("Loss value and gradient wrt input. For reduction mean/sum backward() is seeded with 1; "
            "for none, with `grad_output` (same shape as `output`). Inputs are drawn in f64 and cast "
            "to the case dtype, so the f32 and f64 cases share (rounded) inputs.")
    files = {
        "mse": _regression("mse", lambda r, o: nn.MSELoss(reduction=r), [{}], 6001),
        "l1": _regression("l1", lambda r, o: nn.L1Loss(reduction=r), [{}], 6002),
        "huber": _regression("huber", lambda r, o: nn.HuberLoss(reduction=r, delta=o["delta"]),
                             [{"delta": 1.0}, {"delta": 0.5}], 6003),
        "bce": _bce(6004),
        "bce_with_logits": _bce_logits(6005),
        "cross_entropy": _cross_entropy(6006),
    }
    extra = {
        "bce": " BCELoss clamps each log term at -100 (torch's rule).",
        "cross_entropy": (" target holds class indices (i64); `weight` (class weights) is given for the "
                          "weighted cases: mean then divides by the sum of weight[target]. The unbatched "
                          "case has input [C] and a 0-d target."),
    }
    for name, body in files.items():
        write_json(f"losses/{name}.json", {**header(SCRIPT, desc + extra.get(name, "")), **body})
