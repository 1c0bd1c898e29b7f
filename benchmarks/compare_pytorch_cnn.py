#!/usr/bin/env python3
"""PyTorch's training throughput for the issue's CNN, for `mathfoundations-bench cnn` (run side by side).

The network: [1, S, S] -> conv 3x3 x16 (padding 1) -> ReLU -> max-pool 2 -> conv 3x3 x32 (padding 1) -> ReLU
-> global average pool -> linear 10; cross-entropy, Adam(lr=1e-3), float32, random inputs and labels. For each
image size S it times whole epochs (best of `rounds`, after a warm-up epoch) with 1 and with 2 threads and prints
`key=value` lines: `s{S}_threads{T}` samples/s for each, and `s{S}_best` / `s{S}_best_threads`.

Usage: python3 benchmarks/compare_pytorch_cnn.py SIZE:SAMPLES [SIZE:SAMPLES ...] [--batch 64] [--rounds 3]
"""
import argparse
import time


def samples_per_second(size, samples, batch, rounds, threads):
    import torch

    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 16, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(16, 32, 3, padding=1), torch.nn.ReLU(),
        torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), torch.nn.Linear(32, 10),
    )
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_function = torch.nn.CrossEntropyLoss()
    inputs = torch.randn(samples, 1, size, size)
    labels = torch.randint(0, 10, (samples,))

    def epoch():
        order = torch.randperm(samples)
        for b in range(0, samples, batch):
            index = order[b:b + batch]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_function(model(inputs[index]), labels[index])
            loss.backward()
            optimizer.step()

    epoch()  # warm-up
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        epoch()
        best = min(best, time.perf_counter() - start)
    return samples / best


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="+", help="SIZE:SAMPLES, e.g. 8:8192 28:2048")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    import torch

    major, minor = torch.__version__.split(".")[:2]
    print(f"torch_version_major={major}\ntorch_version_minor={minor}")
    for item in arguments.sizes:
        size, samples = (int(part) for part in item.split(":"))
        rates = {t: samples_per_second(size, samples, arguments.batch, arguments.rounds, t) for t in (1, 2)}
        for threads, rate in rates.items():
            print(f"s{size}_threads{threads}={rate:.1f}")
        best = max(rates, key=rates.get)
        print(f"s{size}_best={rates[best]:.1f}")
        print(f"s{size}_best_threads={best}")


if __name__ == "__main__":
    main()
