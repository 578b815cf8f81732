#!/usr/bin/env python3
"""PyTorch eager per-op / per-step figures for issues 5 and 6 (the baselines nanotorch is compared to).

Usage (from the repository root):

    python3 tools/bench_pytorch.py                      # prints a markdown table
    python3 tools/bench_pytorch.py > tools/results/pytorch_eager.md

Single-threaded (torch.set_num_threads(1)), CPU, float32, exactly the notebooks' code paths. Each
case is built once (tensors, model, optimizer) and the timed statement is one op or one full
training step. Runs in well under a minute.
"""

from __future__ import annotations

import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402
from torch import nn  # noqa: E402

from bench_common import fmt_time, machine_lines, measure  # noqa: E402


def case_tracked_add():
    """Issue 5: a tracked add of two 4-element tensors (builds a graph node, no backward)."""
    a = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
    b = torch.tensor([0.5, 0.25, 0.125, 2.0], requires_grad=True)
    return lambda: a + b


def case_mul_sum_backward():
    """Issue 5: (w * x).sum().backward() on 4 elements (w's grad accumulates across calls)."""
    w = torch.tensor([0.1, 0.2, 0.3, 0.4], requires_grad=True)
    x = torch.tensor([1.0, 2.0, 3.0, 4.0])
    return lambda: (w * x).sum().backward()


def case_linreg_autograd_step():
    """Issue 5: one training step of notebook linear_regression_autograd (w*X, MSE, backward,
    update under no_grad, zero grad)."""
    X = torch.tensor([1, 2, 3, 4], dtype=torch.float32)
    Y = torch.tensor([2, 4, 6, 8], dtype=torch.float32)
    w = torch.tensor(0.0, requires_grad=True)
    lr = 0.01

    def step():
        y_hat = w * X
        l = ((Y - y_hat) ** 2).mean()
        l.backward()
        with torch.no_grad():
            w.sub_(lr * w.grad)  # the notebook's `w -= lr * w.grad`
        w.grad.zero_()

    return step


def case_cubic_fit_step():
    """Issue 5: one step of polynomial_sin_fit's autograd cubic fit, 2000 points, scalar a..d."""
    x = torch.linspace(-math.pi, math.pi, 2000)
    y = torch.sin(x)
    torch.manual_seed(0)
    a, b, c, d = (torch.randn((), requires_grad=True) for _ in range(4))
    lr = 1e-6

    def step():
        y_pred = a + b * x + c * x ** 2 + d * x ** 3
        loss = (y_pred - y).pow(2).sum()
        loss.backward()
        with torch.no_grad():
            for p in (a, b, c, d):
                p.sub_(lr * p.grad)  # the notebook's `a -= learning_rate * a.grad`
                p.grad = None

    return step


def case_nb004_solution3_step():
    """Issue 6: one step of backprop_linear_regression solution 3: nn.Linear(1,1) + MSELoss + SGD
    on X [5,1], in the notebook's order (forward, loss(Y, y), backward, step, zero_grad)."""
    X = torch.tensor([[10], [20], [30], [40], [50]], dtype=torch.float32)
    Y = torch.tensor([[20], [40], [60], [80], [100]], dtype=torch.float32)
    torch.manual_seed(0)
    model = nn.Linear(1, 1)
    loss_function = nn.MSELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.0003)

    def step():
        yp = model(X)
        l = loss_function(Y, yp)
        l.backward()
        optimizer.step()
        optimizer.zero_grad()

    return step


def case_sequential_step():
    """Issue 6: one step of polynomial_sin_fit's Sequential(Linear(3,1), Flatten(0,1)) with
    MSELoss(reduction='sum') and the manual parameter update, 2000 points."""
    x = torch.linspace(-math.pi, math.pi, 2000)
    y = torch.sin(x)
    xx = x.unsqueeze(-1).pow(torch.tensor([1, 2, 3]))
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 1), nn.Flatten(0, 1))
    loss_fn = nn.MSELoss(reduction="sum")
    lr = 1e-6

    def step():
        y_pred = model(xx)
        loss = loss_fn(y_pred, y)
        model.zero_grad()
        loss.backward()
        with torch.no_grad():
            for param in model.parameters():
                param -= lr * param.grad

    return step


# (issue, name, builder, figure quoted in the issue)
CASES = [
    (5, "tracked add, 2 x 4 elements", case_tracked_add, "~2.3 us"),
    (5, "(w*x).sum().backward(), 4 elements", case_mul_sum_backward, "~65 us"),
    (5, "linear_regression_autograd training step", case_linreg_autograd_step, "~140 us"),
    (5, "polynomial_sin_fit autograd cubic step (2000 pts)", case_cubic_fit_step, "~220 us"),
    (6, "backprop_linear_regression sol. 3 step (Linear(1,1)+MSELoss+SGD)", case_nb004_solution3_step, "~280 us"),
    (6, "Sequential(Linear(3,1), Flatten(0,1)) + MSELoss(sum) + manual update step", case_sequential_step,
     "~245 us"),
]


def main() -> None:
    torch.set_num_threads(1)
    print("# PyTorch eager baselines (issues 5 and 6)\n")
    print("\n".join(machine_lines()))
    print("- command: `python3 tools/bench_pytorch.py` (torch.set_num_threads(1), float32, CPU)\n")
    print("| issue | case | median | min | issue's quoted figure |")
    print("| --- | --- | --- | --- | --- |")
    for issue, name, build, quoted in CASES:
        fn = build()
        med, best = measure(fn)
        print(f"| {issue} | {name} | {fmt_time(med)} | {fmt_time(best)} | {quoted} |", flush=True)
    print("\nmedian / min of 7 timeit repeats, each repeat >= 50 ms of back-to-back calls, after a warm-up.")


if __name__ == "__main__":
    main()
