#!/bin/sh
# Whole-process wall time of each example binary beside its notebook's own Python code under
# PyTorch (python/<name>.py), on this machine. Usage, from the repository root:
#   sh examples/perf/run.sh [RUNS]        (default 5 runs each; the median is reported)
# Needs python3 with torch and numpy for the Python column.
set -eu
RUNS=${1:-5}
cargo build -q --release -p nanotorch-examples
DIR=$(dirname "$0")
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
wall() { # prints the wall seconds of one run of "$@"
    s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N)
    echo "$e - $s" | bc
}
printf '| binary | Rust (s) | Python + PyTorch (s) |\n| --- | --- | --- |\n'
for name in linear_regression_4_steps polynomial_sin_fit gradient_descent_numpy_torch \
            linear_regression_autograd backprop_linear_regression; do
    rust=$(for i in $(seq "$RUNS"); do wall "target/release/$name"; done | median)
    py=$(for i in $(seq "$RUNS"); do wall python3 "$DIR/python/$name.py"; done | median)
    printf '| %s | %.3f | %.2f |\n' "$name" "$rust" "$py"
done
printf '\n(python3 -c "import torch" alone: %.2f s)\n' \
    "$(for i in $(seq "$RUNS"); do wall python3 -c 'import torch'; done | median)"
