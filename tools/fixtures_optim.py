"""Fixtures for the optim crate (issue 6): tests/fixtures/optim/*.json.

Files written (schemas in tools/README.md):
  sgd.json, adam.json, adamw.json, rmsprop.json
      50-step float32 trajectories on one fixed problem (below), one case per option combination.
  schedulers.json
      lr sequences of StepLR, ExponentialLR, CosineAnnealingLR, LinearLR over 30 epochs.

The problem: a Linear(3, 2)-like model, parameters `weight` [2, 3] and `bias` [2] (float32, fixed
values stored in the file), data X [8, 3] and Y [8, 2] (float32, stored), and

    loss = ((X @ weight.T + bias - Y) ** 2).mean()          # F.mse_loss(F.linear(X, W, b), Y)

Each step k (0-based): zero_grad(); loss = f(params); loss.backward(); optimizer.step(). The file
records the loss computed in step k, the gradients that step k fed to the optimizer, and the
parameters after step k. A Rust test can therefore either run the whole loop with its own autograd
or replay torch's gradients (set .grad from `grads`, call step, compare `params`) to test the
optimizer alone.

Which implementation: the trajectories in `steps` come from `foreach=False` (the single-tensor
for-loop implementation), which is also what torch picks by default for CPU tensors (torch uses the
foreach path by default only for CUDA/XPU/MTIA tensors). Each case also records, under `variants`,
whether `foreach=True` and (SGD/Adam/AdamW) `fused=True` give bit-identical parameters; when they
do not, that variant's full trajectory is stored too.
"""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F

from fixtures_common import encode, header, rng, write_json

SCRIPT = "make_fixtures.py (fixtures_optim.py)"
STEPS = 50


def _problem() -> dict:
    g = rng(7001)
    return {
        "X": g.standard_normal([8, 3]).astype(np.float32),
        "Y": g.standard_normal([8, 2]).astype(np.float32),
        "weight": (g.uniform(-1.0, 1.0, [2, 3]) / math.sqrt(3.0)).astype(np.float32),
        "bias": (g.uniform(-1.0, 1.0, [2]) / math.sqrt(3.0)).astype(np.float32),
    }


def _run(prob: dict, cls, hyper: dict, impl: dict) -> list[dict]:
    """Run STEPS optimisation steps; return per-step records (loss, grads, params after)."""
    w = torch.tensor(prob["weight"], requires_grad=True)
    b = torch.tensor(prob["bias"], requires_grad=True)
    x, y = torch.tensor(prob["X"]), torch.tensor(prob["Y"])
    opt = cls([w, b], **hyper, **impl)
    steps = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = F.mse_loss(F.linear(x, w, b), y)
        loss.backward()
        rec = {"loss": encode(loss), "grads": {"weight": encode(w.grad), "bias": encode(b.grad)}}
        opt.step()
        rec["params"] = {"weight": encode(w), "bias": encode(b)}
        steps.append(rec)
    return steps


def _param_arrays(steps: list[dict]) -> np.ndarray:
    return np.array([s["params"]["weight"]["data"] + s["params"]["bias"]["data"] for s in steps])


SGD_CONFIGS = [
    {"lr": 0.1},
    {"lr": 0.1, "momentum": 0.9},
    {"lr": 0.1, "momentum": 0.9, "dampening": 0.1},
    {"lr": 0.1, "momentum": 0.9, "nesterov": True},
    {"lr": 0.1, "weight_decay": 0.01},
    {"lr": 0.01, "maximize": True},
    {"lr": 0.05, "momentum": 0.8, "dampening": 0.3, "weight_decay": 0.05},
    {"lr": 0.05, "momentum": 0.8, "nesterov": True, "weight_decay": 0.05},
    {"lr": 0.01, "momentum": 0.5, "nesterov": True, "weight_decay": 0.1, "maximize": True},
]

ADAM_CONFIGS = [
    {"lr": 0.01},
    {"lr": 0.01, "betas": (0.8, 0.99)},
    {"lr": 0.01, "eps": 1e-3},
    {"lr": 0.01, "weight_decay": 0.1},
    {"lr": 0.01, "amsgrad": True},
    {"lr": 0.01, "maximize": True},
    {"lr": 0.02, "betas": (0.5, 0.9), "eps": 1e-6, "weight_decay": 0.05, "amsgrad": True},
    {"lr": 0.01, "weight_decay": 0.1, "amsgrad": True, "maximize": True},
]

# AdamW: torch's default weight_decay is 0.01 (Adam's is 0); the first config uses the defaults.
ADAMW_CONFIGS = [{"lr": 0.01}] + [dict(c) for c in ADAM_CONFIGS[1:]] + [{"lr": 0.01, "weight_decay": 0.0}]

RMSPROP_CONFIGS = [
    {"lr": 0.01},
    {"lr": 0.01, "alpha": 0.9},
    {"lr": 0.01, "eps": 1e-4},
    {"lr": 0.01, "weight_decay": 0.1},
    {"lr": 0.01, "momentum": 0.9},
    {"lr": 0.01, "centered": True},
    {"lr": 0.005, "alpha": 0.95, "momentum": 0.5, "centered": True, "weight_decay": 0.05},
    {"lr": 0.01, "maximize": True},
]


def _name(opt: str, hyper: dict) -> str:
    parts = []
    for k, v in hyper.items():
        if isinstance(v, bool):
            parts.append(k)
        elif isinstance(v, tuple):
            parts.append(f"{k}{v[0]}-{v[1]}")
        else:
            parts.append(f"{k}{v}")
    return f"{opt}_" + "_".join(parts)


def _optimizer_file(opt_name: str, cls, configs: list[dict], fused_ok: bool, prob: dict) -> dict:
    cases = []
    for hyper in configs:
        steps = _run(prob, cls, hyper, {"foreach": False})
        base = _param_arrays(steps)
        variants = {}
        for vname, impl in [("foreach", {"foreach": True})] + ([("fused", {"fused": True})] if fused_ok else []):
            vsteps = _run(prob, cls, hyper, impl)
            arr = _param_arrays(vsteps)
            same = bool(np.array_equal(arr.astype(np.float32).view(np.uint32),
                                       base.astype(np.float32).view(np.uint32)))
            var = {"identical": same, "max_abs_diff": float(np.max(np.abs(arr - base)))}
            if not same:
                var["steps"] = vsteps
            variants[vname] = var
        hyper_json = {k: (list(v) if isinstance(v, tuple) else v) for k, v in hyper.items()}
        cases.append({"name": _name(opt_name, hyper), "optimizer": cls.__name__, "hyper": hyper_json,
                      "implementation": "foreach=False (single-tensor; torch's default on CPU)",
                      "steps": steps, "variants": variants})
    return cases


def _problem_json(prob: dict) -> dict:
    return {
        "loss": "((X @ weight.T + bias - Y) ** 2).mean()",
        "X": encode(prob["X"]), "Y": encode(prob["Y"]),
        "initial": {"weight": encode(prob["weight"]), "bias": encode(prob["bias"])},
        "param_order": ["weight", "bias"],
        "steps": STEPS,
    }


def _schedulers() -> dict:
    from torch.optim import lr_scheduler as S

    configs = [
        ("StepLR", {"step_size": 7, "gamma": 0.5}),
        ("StepLR", {"step_size": 3}),  # default gamma 0.1
        ("ExponentialLR", {"gamma": 0.9}),
        ("CosineAnnealingLR", {"T_max": 10}),  # eta_min 0; runs past T_max (cosine comes back up)
        ("CosineAnnealingLR", {"T_max": 30, "eta_min": 0.001}),
        ("LinearLR", {}),  # defaults: start_factor 1/3, end_factor 1.0, total_iters 5
        ("LinearLR", {"start_factor": 1.0, "end_factor": 0.1, "total_iters": 20}),
    ]
    cases = []
    base_lr = 0.1
    for name, kw in configs:
        p = torch.nn.Parameter(torch.zeros(1))
        opt = torch.optim.SGD([p], lr=base_lr)
        sched = getattr(S, name)(opt, **kw)
        lrs = [opt.param_groups[0]["lr"]]
        for _ in range(30):
            opt.step()
            sched.step()
            lrs.append(opt.param_groups[0]["lr"])
        cases.append({"name": f"{name}_" + "_".join(f"{k}{v}" for k, v in kw.items()) if kw else f"{name}_defaults",
                      "scheduler": name, "kwargs": kw, "base_lr": base_lr, "lrs": lrs})
    return {
        **header(SCRIPT, "lrs[0] is the lr right after constructing the scheduler (epoch 0); lrs[k] "
                 "the lr after the k-th scheduler.step() (each after one optimizer.step()), k = 1..30. "
                 "Values are torch's (chainable, recursive) updates in f64: compare with ~1e-12 "
                 "relative tolerance if you use the closed form."),
        "cases": cases,
    }


def generate() -> None:
    """Write every optim fixture file."""
    prob = _problem()
    desc = ("50-step float32 trajectories; see tools/README.md. `steps[k].params` are the parameters "
            "after step k; `steps[k].grads` the gradients fed to step k; `steps[k].loss` the loss "
            "computed in step k before the update.")
    for fname, name, cls, configs, fused_ok in (
        ("sgd", "sgd", torch.optim.SGD, SGD_CONFIGS, True),
        ("adam", "adam", torch.optim.Adam, ADAM_CONFIGS, True),
        ("adamw", "adamw", torch.optim.AdamW, ADAMW_CONFIGS, True),
        ("rmsprop", "rmsprop", torch.optim.RMSprop, RMSPROP_CONFIGS, False),
    ):
        cases = _optimizer_file(name, cls, configs, fused_ok, prob)
        write_json(f"optim/{fname}.json", {**header(SCRIPT, desc), "problem": _problem_json(prob), "cases": cases})
    write_json("optim/schedulers.json", _schedulers())
