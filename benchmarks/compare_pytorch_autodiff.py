"""Per-call cost of forward + backward on the course exercise f(x, y) = y*log(x) + sqrt(y*log(x)),
measured with micrograd (pure Python) and, when installed, PyTorch on 0-dim tensors, to print beside
`mathfoundations-bench autodiff`. Also times one forward + backward of the 784-256-128-10 MLP (batch 128,
float32) in PyTorch when it is installed.

Usage: python benchmarks/compare_pytorch_autodiff.py [calls]   (in a venv with micrograd and optionally torch)
"""
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


def torch_exercise(calls):
    import torch
    torch.set_num_threads(2)

    def run():
        for _ in range(calls):
            x = torch.tensor(2.0, dtype=torch.float64, requires_grad=True)
            y = torch.tensor(3.0, dtype=torch.float64, requires_grad=True)
            b = y * torch.log(x)
            f = b + torch.sqrt(b)
            f.backward()
    return best_of(3, run) / calls


def torch_mlp(repeats=50):
    import torch
    torch.set_num_threads(2)
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


def main():
    calls = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print(f"course exercise, forward + backward, {calls} calls")
    print(f"  micrograd (pure Python): {micrograd_exercise(calls) * 1e6:.2f} µs per call")
    try:
        import torch  # noqa: F401
    except ImportError:
        print("  PyTorch not installed; the issue's figure is ≈ 134 µs per call (PyTorch 2.15, 2 cores)")
        return
    print(f"  PyTorch {torch.__version__} (0-dim float64 tensors): {torch_exercise(calls) * 1e6:.2f} µs per call")
    print(f"MLP 784-256-128-10, batch 128, float32, forward + backward: {torch_mlp() * 1e3:.3f} ms (PyTorch)")


if __name__ == "__main__":
    main()
