"""Fixtures for the nn crate (issue 6): tests/fixtures/nn/.

Files written:
  linear_state.safetensors  state_dict of nn.Sequential(nn.Linear(3, 1), nn.Flatten(0, 1)) with
                            fixed weights, saved by safetensors.torch.save_file (names `0.weight`
                            [1, 3] and `0.bias` [1], float32).
  linear_state.json         the same tensors, plus the metadata of the file (header bytes) and a
                            forward check: input xx [4, 3] and model(xx) [4].
  named_parameters.json     named_parameters() names and shapes for a few module trees.
"""

from __future__ import annotations

import json
import os
import struct

import torch
from safetensors.torch import save_file
from torch import nn

from fixtures_common import FIXTURES, encode, header, write_json

SCRIPT = "make_fixtures.py (fixtures_nn.py)"

# Fixed weights; 0.1-steps are not exactly representable, so the f32 bits matter.
WEIGHT = [[0.8389708399772644, -0.0016441497718915343, -0.09080275893211365]]
BIAS = [0.009530384093523026]


class _LinearRegression(nn.Module):
    """The notebooks' user-defined module holding `self.lin`."""

    def __init__(self) -> None:
        super().__init__()
        self.lin = nn.Linear(1, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.lin(x)


def _linear_state() -> None:
    model = nn.Sequential(nn.Linear(3, 1), nn.Flatten(0, 1))
    with torch.no_grad():
        model[0].weight.copy_(torch.tensor(WEIGHT))
        model[0].bias.copy_(torch.tensor(BIAS))
    state = {k: v.detach().contiguous() for k, v in model.state_dict().items()}
    path = os.path.join(FIXTURES, "nn", "linear_state.safetensors")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    save_file(state, path)  # no metadata: the file is byte-for-byte deterministic
    print(f"wrote tests/fixtures/nn/linear_state.safetensors ({os.path.getsize(path)} bytes)")

    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        file_header = json.loads(f.read(n))
    xx = torch.tensor([[1.0, 2.0, 3.0], [-0.5, 0.25, -0.125], [3.14159, 9.8696, 31.0063], [0.0, 0.0, 0.0]])
    with torch.no_grad():
        y = model(xx)
    write_json("nn/linear_state.json", {
        **header(SCRIPT, "Contents of linear_state.safetensors (state_dict of Sequential(Linear(3,1), "
                 "Flatten(0,1))), its safetensors JSON header as written, and a forward check."),
        "file": "linear_state.safetensors",
        "tensors": {k: encode(v) for k, v in state.items()},
        "safetensors_header": file_header,
        "forward": {"input": encode(xx), "output": encode(y)},
    })


def _named_parameters() -> None:
    trees = {
        "Sequential(Linear(3,1), Flatten(0,1))": nn.Sequential(nn.Linear(3, 1), nn.Flatten(0, 1)),
        "Linear(1,1)": nn.Linear(1, 1),
        "LinearRegression{lin: Linear(1,1)}": _LinearRegression(),
        "Sequential(Linear(4,8), ReLU, Linear(8,2,bias=False), Tanh)":
            nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2, bias=False), nn.Tanh()),
    }
    out = []
    for desc, m in trees.items():
        out.append({"module": desc,
                    "named_parameters": [{"name": n, "shape": list(p.shape)} for n, p in m.named_parameters()],
                    "state_dict_keys": list(m.state_dict().keys())})
    write_json("nn/named_parameters.json", {
        **header(SCRIPT, "named_parameters() order, names and shapes, and state_dict() keys."),
        "modules": out,
    })


def generate() -> None:
    """Write every nn fixture file."""
    _linear_state()
    _named_parameters()
