#!/usr/bin/env python3
"""Write the PyTorch/numpy reference fixtures under tests/fixtures/.

Usage (from the repository root):

    python3 tools/make_fixtures.py                 # every family
    python3 tools/make_fixtures.py tensor optim    # only some families

Families: tensor, autograd, losses, optim, nn. Each lives in tools/fixtures_<family>.py.
Inputs are written literally or drawn from fixed numpy seeds and stored in the fixtures, so the
Rust tests need no RNG agreement. Output is deterministic: running twice gives identical files
(tools/README.md explains the one exception to watch for: a different torch version or CPU kernel
may change the last bits of transcendental / reduction results).
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fixtures_common import setup_torch  # noqa: E402

FAMILIES = ["tensor", "autograd", "losses", "optim", "nn"]


def main(argv: list[str]) -> int:
    wanted = argv or FAMILIES
    unknown = [w for w in wanted if w not in FAMILIES]
    if unknown:
        print(f"unknown family {unknown}; choose from {FAMILIES}", file=sys.stderr)
        return 2
    setup_torch()
    for fam in wanted:
        module = __import__(f"fixtures_{fam}")
        module.generate()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
