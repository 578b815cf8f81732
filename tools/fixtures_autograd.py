"""Fixtures for the autograd crate (issue 5): tests/fixtures/autograd/*.json.

Files written (schemas in tools/README.md):
  expressions.json   composite expressions in f64: inputs, output value, gradient of each input
  second_order.json  gradients of gradients (create_graph=True) for a few expressions

Every expression is a string of method-style torch code that is ALSO what the generator evaluates
(`eval` with the inputs as local names), so the documented expression and the fixture cannot drift
apart. The names and expressions are listed in tools/README.md (regenerate that table with
`python3 tools/fixtures_autograd.py --table`).
"""

from __future__ import annotations

import sys

import numpy as np
import torch

from fixtures_common import encode, header, rng, write_json

SCRIPT = "make_fixtures.py (fixtures_autograd.py)"

# Input specs: name -> (shape, kind, requires_grad). kind is how values are drawn from the fixed
# generator: "n" standard normal, "pos" uniform [0.5, 2), "u" uniform [-1, 1), "away" |v| in
# [0.5, 2) with random sign (away from kinks / zero), or a literal nested list of values.
N, POS, U, AWAY = "n", "pos", "u", "away"

# (name, expression, {input: (shape, kind, requires_grad)}, optional grad_output shape)
# Expressions use only: + - * / unary -, .sum/.mean (dim=, keepdim=), .pow(float or tensor),
# .exp .log .sqrt .tanh .sigmoid .relu .abs .sin .cos .square, .maximum/.minimum(tensor),
# .clamp(min, max), .matmul, .t(), .reshape, .unsqueeze, .max(), .max(dim=).values, .prod(),
# .var/.std, torch.where(cond, a, b), .gt(scalar).
EXPRESSIONS = [
    ("mul_sum", "(w * x).sum()", {"w": ([4], N, True), "x": ([4], N, True)}),
    ("mul_sum_0d_w", "(w * x).sum()", {"w": ([], N, True), "x": ([4], N, False)}),
    ("mse_manual", "((y - w * x).pow(2.0)).mean()",
     {"w": ([], N, True), "x": ([[1.0, 2.0, 3.0, 4.0]], None, False),
      "y": ([[2.0, 4.0, 6.0, 8.0]], None, False)}),
    ("affine_mse", "(x.matmul(w) + b - y).pow(2.0).mean()",
     {"x": ([5, 3], N, False), "w": ([3], N, True), "b": ([], N, True), "y": ([5], N, False)}),
    ("tanh_matmul_add", "(a.matmul(b) + c).tanh().sum()",
     {"a": ([2, 3], N, True), "b": ([3, 4], N, True), "c": ([4], N, True)}),
    ("sigmoid_mul", "(x.sigmoid() * y).sum()", {"x": ([2, 3], N, True), "y": ([2, 3], N, True)}),
    ("softplus_exp_log", "(x.exp() + 1.0).log().sum()", {"x": ([5], N, True)}),
    ("sqrt_norm", "(x * x + 1.0).sqrt().mean()", {"x": ([2, 3], N, True)}),
    ("log_div", "(x.log() / y).sum()", {"x": ([4], POS, True), "y": ([4], AWAY, True)}),
    ("exp_log_sqrt_chain", "x.exp().sqrt().log().mul(y).sum()", {"x": ([3], N, True), "y": ([3], N, True)}),
    ("broadcast_add_sq", "(a + b).pow(2.0).sum()", {"a": ([3, 1], N, True), "b": ([4], N, True)}),
    ("broadcast_rank_promotion", "(a * b).pow(2.0).sum()", {"a": ([2, 3, 4], N, True), "b": ([4], N, True)}),
    ("broadcast_both_sides", "(a * b + a).sum()", {"a": ([1, 3], N, True), "b": ([2, 1], N, True)}),
    ("broadcast_0d", "(s * x + s).square().sum()", {"s": ([], N, True), "x": ([2, 3], N, True)}),
    ("pow_tensor_exponent", "x.pow(p).sum()", {"x": ([3], POS, True), "p": ([3], N, True)}),
    ("pow_unsqueeze_exponent", "x.unsqueeze(-1).pow(p).sum()",
     {"x": ([5], POS, True), "p": ([[1.0, 2.0, 3.0]], None, True)}),
    ("pow_scalar_cube", "x.pow(3.0).sum()", {"x": ([4], N, True)}),
    ("pow_scalar_neg_half", "x.pow(-0.5).sum()", {"x": ([4], POS, True)}),
    ("maximum", "a.maximum(b).mul(c).sum()", {"a": ([2, 3], N, True), "b": ([2, 3], N, True), "c": ([2, 3], N, False)}),
    ("minimum_broadcast", "a.minimum(b).square().sum()", {"a": ([3, 1], N, True), "b": ([4], N, True)}),
    ("maximum_ties", "a.maximum(b).sum()",
     {"a": ([[1.0, 2.0, 3.0]], None, True), "b": ([[1.0, 5.0, 3.0]], None, True)}),
    ("clamp", "(x.clamp(-0.5, 0.5) * w).sum()", {"x": ([6], N, True), "w": ([6], N, True)}),
    ("clamp_boundary", "x.clamp(-0.5, 0.5).sum()", {"x": ([[-1.0, -0.5, 0.0, 0.5, 1.0]], None, True)}),
    ("mean_dim0", "(x.mean(dim=0) * w).sum()", {"x": ([3, 4], N, True), "w": ([4], N, True)}),
    ("mean_keepdim_center", "(x - x.mean(dim=1, keepdim=True)).pow(2.0).sum()", {"x": ([3, 4], N, True)}),
    ("sum_dim_last_sq", "x.sum(dim=-1).pow(2.0).sum()", {"x": ([2, 3, 4], N, True)}),
    ("matmul_batched", "a.matmul(b).pow(2.0).sum()", {"a": ([2, 3, 4], N, True), "b": ([2, 4, 5], N, True)}),
    ("matmul_batch_broadcast", "(a.matmul(b) * c).sum()",
     {"a": ([2, 3, 4], N, True), "b": ([4, 5], N, True), "c": ([3, 5], N, False)}),
    ("matmul_matrix_vector", "a.matmul(v).pow(2.0).sum()", {"a": ([3, 4], N, True), "v": ([4], N, True)}),
    ("matmul_vector_matrix", "v.matmul(a).pow(2.0).sum()", {"v": ([3], N, True), "a": ([3, 4], N, True)}),
    ("dot", "a.matmul(b)", {"a": ([5], N, True), "b": ([5], N, True)}),
    ("linear_transpose", "(x.matmul(w.t()) + b).pow(2.0).sum()",
     {"x": ([4, 3], N, False), "w": ([2, 3], N, True), "b": ([2], N, True)}),
    ("div_broadcast", "(a / b).sum()", {"a": ([2, 3], N, True), "b": ([3], AWAY, True)}),
    ("rdiv_scalar", "(1.0 / x).sum()", {"x": ([4], AWAY, True)}),
    ("relu_nonzero", "(x.relu() * w).sum()", {"x": ([6], AWAY, True), "w": ([6], N, True)}),
    ("relu_at_zero", "x.relu().sum()", {"x": ([[-1.0, 0.0, 1.0]], None, True)}),
    ("abs_nonzero", "(x.abs() * w).sum()", {"x": ([5], AWAY, True), "w": ([5], N, True)}),
    ("sin_cos", "(x.sin() * y.cos()).sum()", {"x": ([4], N, True), "y": ([4], N, True)}),
    ("square_mean", "(x - y).square().mean()", {"x": ([2, 3], N, True), "y": ([2, 3], N, True)}),
    ("neg_sub_exp", "(-(a - b)).exp().sum()", {"a": ([3], U, True), "b": ([3], U, True)}),
    ("logsumexp_rows", "x.exp().sum(dim=-1).log().sum()", {"x": ([3, 4], N, True)}),
    ("log_softmax_pick", "((x - x.exp().sum(dim=1, keepdim=True).log()) * onehot).sum().neg()",
     {"x": ([3, 4], N, True),
      "onehot": ([[[0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0], [1.0, 0.0, 0.0, 0.0]]], None, False)}),
    ("bce_manual", "(y * z.sigmoid().log() + (1.0 - y) * (1.0 - z.sigmoid()).log()).mean().neg()",
     {"z": ([5], N, True), "y": ([[1.0, 0.0, 1.0, 1.0, 0.0]], None, False)}),
    ("var_all", "x.var()", {"x": ([2, 3], N, True)}),
    ("std_dim1", "x.std(dim=1).sum()", {"x": ([3, 4], N, True)}),
    ("max_all", "x.max()", {"x": ([2, 3], N, True)}),
    ("max_all_ties", "x.max()", {"x": ([[1.0, 3.0, 3.0]], None, True)}),
    ("max_dim_values", "x.max(dim=1).values.sum()", {"x": ([3, 4], N, True)}),
    ("prod_all", "x.prod()", {"x": ([5], AWAY, True)}),
    ("reuse_cube", "(x * x * x).sum()", {"x": ([4], N, True)}),
    ("diamond", "(x.exp() * x.exp().sin() + x.exp()).sum()", {"x": ([4], U, True)}),
    ("reshape_matmul", "x.reshape([3, 2]).matmul(w).sum()", {"x": ([6], N, True), "w": ([2, 2], N, True)}),
    ("transpose_mul", "(x.t() * y).sum()", {"x": ([3, 2], N, True), "y": ([2, 3], N, True)}),
    ("where_leaky_relu", "torch.where(x.gt(0.0), x, x * 0.1).sum()", {"x": ([6], AWAY, True)}),
    ("cubic_fit_loss", "(a + b * x + c * x.pow(2.0) + d * x.pow(3.0) - y).pow(2.0).sum()",
     {"a": ([], N, True), "b": ([], N, True), "c": ([], N, True), "d": ([], N, True),
      "x": ([10], U, False), "y": ([10], U, False)}),
    ("legendre_fit_loss",
     "(a + b * ((c + d * x).pow(3.0) * 5.0 - (c + d * x) * 3.0) * 0.5 - y).pow(2.0).sum()",
     {"a": ([], N, True), "b": ([], N, True), "c": ([], U, True), "d": ([], U, True),
      "x": ([10], U, False), "y": ([10], U, False)}),
    ("nonscalar_backward", "x * w + x", {"x": ([3], N, True), "w": ([3], N, True)}, [3]),
]

# Second-order cases: (name, expression f, input name, input spec, constant inputs {name: shape}
# drawn standard normal before the input). The fixture stores
# g = d f / d x (with create_graph=True) and gg = d (g.sum()) / d x.
SECOND_ORDER = [
    ("cube", "x.pow(3.0).sum()", "x", ([4], N)),
    ("sin", "x.sin().sum()", "x", ([4], N)),
    ("matmul_sq", "a.matmul(b).pow(2.0).sum()", "a", ([2, 3], N), {"b": [3, 2]}),
    ("mean_sq", "x.mean().pow(2.0)", "x", ([5], N)),
    ("exp_mul", "(x.exp() * x).sum()", "x", ([3], U)),
    ("tanh", "x.tanh().sum()", "x", ([4], N)),
]


def _draw(g: np.random.Generator, shape: list[int], kind: str | None) -> np.ndarray:
    if kind is None:  # literal values, given as the single element of the shape list
        return np.array(shape[0], dtype=np.float64)
    if kind == N:
        return g.standard_normal(shape)
    if kind == POS:
        return g.uniform(0.5, 2.0, shape)
    if kind == U:
        return g.uniform(-1.0, 1.0, shape)
    if kind == AWAY:
        return g.uniform(0.5, 2.0, shape) * g.choice([-1.0, 1.0], shape)
    raise ValueError(kind)


def _expressions() -> dict:
    g = rng(5001)
    cases = []
    for entry in EXPRESSIONS:
        name, expr, specs = entry[0], entry[1], entry[2]
        leaves = {}
        for iname, (shape, kind, req) in specs.items():
            leaves[iname] = torch.tensor(_draw(g, shape, kind), dtype=torch.float64, requires_grad=req)
        out = eval(expr, {"torch": torch}, dict(leaves))  # noqa: S307 - our own literal strings
        case = {"name": name, "expr": expr,
                "inputs": {k: {**encode(v), "requires_grad": v.requires_grad} for k, v in leaves.items()},
                "output": encode(out)}
        if len(entry) > 3:
            go = torch.tensor(g.standard_normal(entry[3]), dtype=torch.float64)
            out.backward(go)
            case["grad_output"] = encode(go)
        else:
            out.backward()
        case["grads"] = {k: encode(v.grad) for k, v in leaves.items() if v.requires_grad}
        cases.append(case)
    return {
        **header(SCRIPT, "Composite expressions in float64. `expr` is the exact torch code evaluated "
                 "with the inputs as local variables; the output is 0-d and backward() seeds it "
                 "with 1, except where `grad_output` is given (backward(grad_output)). `grads` "
                 "holds the .grad of every input with requires_grad."),
        "cases": cases,
    }


def _second_order() -> dict:
    g = rng(5002)
    cases = []
    for name, expr, xname, (shape, kind), *consts in SECOND_ORDER:
        others = {k: torch.tensor(g.standard_normal(s), dtype=torch.float64)
                  for k, s in (consts[0] if consts else {}).items()}
        x = torch.tensor(_draw(g, shape, kind), dtype=torch.float64, requires_grad=True)
        f = eval(expr, {"torch": torch}, {xname: x, **others})  # noqa: S307
        (gr,) = torch.autograd.grad(f, x, create_graph=True)
        (gg,) = torch.autograd.grad(gr.sum(), x)
        cases.append({"name": name, "expr": expr, "wrt": xname,
                      "inputs": {xname: encode(x), **{k: encode(v) for k, v in others.items()}},
                      "output": encode(f), "grad": encode(gr), "grad_of_grad_sum": encode(gg)})
    return {
        **header(SCRIPT, "Second order: grad = d expr / d wrt computed with create_graph=True, then "
                 "grad_of_grad_sum = d (grad.sum()) / d wrt. Other inputs are constants."),
        "cases": cases,
    }


def markdown_table() -> str:
    """The README table of expression names (kept in sync by regenerating it)."""
    rows = ["| name | expression (torch, method style) | inputs: shape (grad?) |", "| --- | --- | --- |"]
    for entry in EXPRESSIONS:
        name, expr, specs = entry[0], entry[1], entry[2]
        ins = ", ".join(
            f"{k}: {list(np.array(s[0]).shape) if kind is None else s}{'' if req else ' const'}"
            for k, (s, kind, req) in specs.items())
        extra = f"; backward({entry[3]}-shaped grad_output)" if len(entry) > 3 else ""
        rows.append(f"| `{name}` | `{expr}` | {ins}{extra} |")
    rows.append("")
    rows.append("| second-order name | expression | wrt |")
    rows.append("| --- | --- | --- |")
    for name, expr, xname, *_ in SECOND_ORDER:
        rows.append(f"| `{name}` | `{expr}` | `{xname}` |")
    return "\n".join(rows)


def generate() -> None:
    """Write every autograd fixture file."""
    write_json("autograd/expressions.json", _expressions())
    write_json("autograd/second_order.json", _second_order())


if __name__ == "__main__":
    if "--table" in sys.argv:
        print(markdown_table())
