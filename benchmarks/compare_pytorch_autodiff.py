#!/usr/bin/env python3
"""PyTorch (and micrograd when installed) on the two cases of `mathfoundations-bench autodiff`, run by it in the
same session (PythonBaseline).

1. The course exercise f(x, y) = y log x + sqrt(y log x): forward + backward on 0-dim float64 tensors, per call.
2. One forward + backward of the 784-256-128-10 ReLU MLP with cross-entropy, batch 128, float32.

PyTorch is timed with 1 and with 2 threads (torch.set_num_threads): on a small 2-core machine either can be far
faster, so both are printed and the faster is marked. Prints key=value lines:
`exercise_us_threads{T}`, `exercise_us_best`, `exercise_us_best_threads`, `mlp_ms_threads{T}`, `mlp_ms_best`,
`mlp_ms_best_threads`, `torch_version_major` / `torch_version_minor`, and `micrograd_us` when micrograd imports.

Usage: python3 benchmarks/compare_pytorch_autodiff.py [--calls 100000] [--repeats 100]
"""
import argparse
import math
import sys
import time


def best_of(rounds, body):
    best = math.inf
    for _ in range(rounds):
        start = time.perf_counter()
        body()
        best = min(best, time.perf_counter() - start)
    return best


def micrograd_exercise(calls):
    from micrograd.engine import Value

    def log(v):
        out = Value(math.log(v.data), (v,), "log")

        def _backward():
            v.grad += out.grad / v.data
        out._backward = _backward
        return out

    def run():
        for _ in range(calls):
            x, y = Value(2.0), Value(3.0)
            b = y * log(x)
            f = b + b ** 0.5
            f.backward()
    return best_of(3, run) / calls


def torch_exercise(torch, calls):
    chunk = 1000

    def run():
        for _ in range(chunk):
            x = torch.tensor(2.0, dtype=torch.float64, requires_grad=True)
            y = torch.tensor(3.0, dtype=torch.float64, requires_grad=True)
            b = y * torch.log(x)
            f = b + torch.sqrt(b)
            f.backward()
    return best_of(max(calls // chunk, 1), run) / chunk


def torch_mlp(torch, repeats):
    torch.manual_seed(0)
    x = torch.randn(128, 784)
    target = torch.arange(128) % 10
    layers = [torch.nn.Linear(784, 256), torch.nn.Linear(256, 128), torch.nn.Linear(128, 10)]

    def step():
        h = torch.relu(layers[0](x))
        h = torch.relu(layers[1](h))
        loss = torch.nn.functional.cross_entropy(layers[2](h), target)
        for layer in layers:
            layer.zero_grad(set_to_none=True)
        loss.backward()
    step()
    return best_of(repeats, step)


def report(key, values, lower_is_better=True):
    for threads, value in values.items():
        print(f"{key}_threads{threads}={value}")
    best = (min if lower_is_better else max)(values, key=values.get)
    print(f"{key}_best={values[best]}\n{key}_best_threads={best}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=100)
    arguments = parser.parse_args()
    try:
        print(f"micrograd_us={micrograd_exercise(arguments.calls // 10) * 1e6}", flush=True)
    except ImportError:
        pass
    import torch
    major, minor = torch.__version__.split(".")[:2]
    print(f"torch_version_major={major}\ntorch_version_minor={minor}")
    exercise, mlp = {}, {}
    for threads in (1, 2):
        torch.set_num_threads(threads)
        exercise[threads] = torch_exercise(torch, arguments.calls) * 1e6
        mlp[threads] = torch_mlp(torch, arguments.repeats) * 1e3
    report("exercise_us", exercise)
    report("mlp_ms", mlp)


if __name__ == "__main__":
    sys.exit(main())
