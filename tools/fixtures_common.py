"""Shared helpers for the fixture generators: tensor encoding and deterministic JSON output.

Every tensor in every fixture file is written as one JSON object (see tools/README.md, "Tensor
object"):

    {"dtype": "f32", "shape": [2, 3], "data": [...], "bits": ["3f800000", ...]}

* ``data`` is the row-major (C-order) flattening. Floats are written as Python's shortest repr
  of the float64 value; for f32 tensors that float64 value is exactly the f32 value, so parsing it
  to f64 and casting to f32 gives the stored f32 back.
* ``bits`` is present for f32 tensors only: the IEEE-754 bit pattern of each element as 8
  lower-case hex digits (no ``0x``), so a test can compare bit for bit without trusting any float
  parser.
* ``dtype`` is one of ``f32``, ``f64``, ``i64``, ``bool``. A 0-d tensor has ``shape: []`` and one
  element in ``data``.

Fixtures never contain NaN or infinities (JSON cannot hold them); ``encode`` refuses them.
"""

from __future__ import annotations

import json
import math
import os
from typing import Any

import numpy as np
import torch

# Repository root (tools/ is one level below it).
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "tests", "fixtures")

_DTYPE_NAMES = {
    np.dtype(np.float32): "f32",
    np.dtype(np.float64): "f64",
    np.dtype(np.int64): "i64",
    np.dtype(np.bool_): "bool",
}


def to_numpy(x: Any) -> np.ndarray:
    """Turn a torch tensor (detached, on CPU) or array-like into a numpy array."""
    if isinstance(x, torch.Tensor):
        return x.detach().cpu().numpy()
    return np.asarray(x)


def encode(x: Any) -> dict:
    """Encode a tensor / array as the fixture "tensor object" described in the module doc."""
    a = to_numpy(x)
    if a.dtype not in _DTYPE_NAMES:
        raise TypeError(f"unsupported dtype {a.dtype}")
    name = _DTYPE_NAMES[a.dtype]
    flat = np.ascontiguousarray(a).reshape(-1)
    if name in ("f32", "f64"):
        if not np.all(np.isfinite(flat)):
            raise ValueError("fixtures must not hold NaN or infinity")
        data = [float(v) for v in flat]
    elif name == "i64":
        data = [int(v) for v in flat]
    else:
        data = [bool(v) for v in flat]
    out = {"dtype": name, "shape": list(a.shape), "data": data}
    if name == "f32":
        out["bits"] = [f"{int(b):08x}" for b in flat.view(np.uint32)]
    return out


def f32_bits(v: float) -> str:
    """Bit pattern of a single float32 value as 8 hex digits."""
    return f"{int(np.array(v, dtype=np.float32).view(np.uint32)):08x}"


def _is_scalar_list(v: list) -> bool:
    return all(isinstance(e, (int, float, str, bool)) or e is None for e in v)


def _dump(obj: Any, indent: int) -> str:
    """Pretty-print JSON with lists of scalars kept on one line (diff-friendly, compact)."""
    pad = "  " * indent
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [f'{pad}  {json.dumps(k)}: {_dump(v, indent + 1)}' for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list):
        if _is_scalar_list(obj):
            return "[" + ", ".join(_dump(e, indent) for e in obj) + "]"
        items = [f"{pad}  {_dump(v, indent + 1)}" for v in obj]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    if isinstance(obj, float):
        if not math.isfinite(obj):
            raise ValueError("fixtures must not hold NaN or infinity")
        return repr(obj)
    return json.dumps(obj)


def write_json(relpath: str, obj: dict) -> None:
    """Write ``obj`` to tests/fixtures/<relpath> and check it parses back identically."""
    path = os.path.join(FIXTURES, relpath)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    text = _dump(obj, 0) + "\n"
    if json.loads(text) != obj:  # guard against a formatting bug in _dump
        raise AssertionError(f"JSON round trip failed for {relpath}")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(path, ROOT)} ({len(text) // 1024} KiB)")


def header(script: str, description: str) -> dict:
    """Common provenance block placed first in every fixture file."""
    return {
        "generator": f"tools/{script}",
        "description": description,
        "torch": torch.__version__.split("+")[0],
        "numpy": np.__version__,
    }


def rng(seed: int) -> np.random.Generator:
    """The one RNG used for fixture inputs; the drawn values are stored, so Rust needs no RNG."""
    return np.random.default_rng(seed)


def setup_torch() -> None:
    """Make torch deterministic and single-threaded for fixture generation."""
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
