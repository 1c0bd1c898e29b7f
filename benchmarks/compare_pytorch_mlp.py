#!/usr/bin/env python3
"""Side-by-side training throughput of the issue's MLP: PyTorch (when installed) beside MathFoundations.

The network: 784-256-128-10, ReLU, cross-entropy, Adam(lr=1e-3), batch 128, 60 000 random inputs, one epoch,
float32 and float64, with 2 threads (torch.set_num_threads(2); OpenBLAS uses one thread per core on this machine).
Without torch, the issue's reference figures are printed (PyTorch 2.15 on this kind of 2-core machine:
about 29 000 samples/s in float32 and 17 000 in float64).

Usage: python3 benchmarks/compare_pytorch_mlp.py [--swift-bench PATH] [--epochs N]
"""
import argparse
import subprocess
import time

REFERENCE = {"float32": 29_000, "float64": 17_000}


def pytorch_samples_per_second(dtype_name, samples=60_000, batch=128, epochs=3):
    import torch

    torch.set_num_threads(2)
    torch.manual_seed(0)
    dtype = getattr(torch, dtype_name)
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 10),
    ).to(dtype)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_function = torch.nn.CrossEntropyLoss()
    inputs = torch.randn(samples, 784, dtype=dtype)
    labels = torch.randint(0, 10, (samples,))
    best = float("inf")
    for _ in range(epochs):
        order = torch.randperm(samples)
        start = time.perf_counter()
        for b in range(0, samples, batch):
            index = order[b:b + batch]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_function(model(inputs[index]), labels[index])
            loss.backward()
            optimizer.step()
        best = min(best, time.perf_counter() - start)
    return samples / best


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--swift-bench", default=".build/release/mathfoundations-bench")
    parser.add_argument("--epochs", type=int, default=3)
    arguments = parser.parse_args()
    try:
        import torch
        rows = {name: pytorch_samples_per_second(name, epochs=arguments.epochs) for name in REFERENCE}
        source = f"PyTorch {torch.__version__}, measured now"
    except ImportError:
        rows = REFERENCE
        source = "PyTorch 2.15, the issue's figures (torch is not installed here)"
    print(f"{source}:")
    for name, rate in rows.items():
        print(f"  {name}: {rate:,.0f} samples/s")
    print("MathFoundations (mathfoundations-bench networks):", flush=True)
    subprocess.run([arguments.swift_bench, "networks"], check=True)


if __name__ == "__main__":
    main()
