#!/usr/bin/env python3
"""PyTorch's training throughput for the issue's MLP, run by `mathfoundations-bench networks` in the same session
(PythonBaseline).

The network: 784-256-128-10, ReLU, cross-entropy, Adam(lr=1e-3), batch 128, random inputs and labels, float32
and float64; the best of EPOCHS epochs after a warm-up step, with 1 and with 2 threads (torch.set_num_threads):
on a small 2-core machine either can be far faster, so both are printed and the faster is marked. Prints
key=value lines in samples/s: `{dtype}_threads{T}`, `{dtype}_best`, `{dtype}_best_threads` for dtype in float32,
float64; and `torch_version_major` / `torch_version_minor`.

Usage: python3 benchmarks/compare_pytorch_mlp.py SAMPLES [--epochs 3]
"""
import argparse
import time


def samples_per_second(torch, dtype_name, samples, epochs, batch=128):
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

    def train(order):
        for b in range(0, len(order), batch):
            index = order[b:b + batch]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_function(model(inputs[index]), labels[index])
            loss.backward()
            optimizer.step()

    train(torch.arange(batch))  # warm-up
    best = float("inf")
    for _ in range(epochs):
        order = torch.randperm(samples)
        start = time.perf_counter()
        train(order)
        best = min(best, time.perf_counter() - start)
    return samples / best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("samples", type=int)
    parser.add_argument("--epochs", type=int, default=3)
    arguments = parser.parse_args()
    import torch
    major, minor = torch.__version__.split(".")[:2]
    print(f"torch_version_major={major}\ntorch_version_minor={minor}")
    for dtype in ("float32", "float64"):
        rates = {}
        for threads in (1, 2):
            torch.set_num_threads(threads)
            rates[threads] = samples_per_second(torch, dtype, arguments.samples, arguments.epochs)
            print(f"{dtype}_threads{threads}={rates[threads]}", flush=True)
        best = max(rates, key=rates.get)
        print(f"{dtype}_best={rates[best]}\n{dtype}_best_threads={best}", flush=True)


if __name__ == "__main__":
    main()
