#!/usr/bin/env python3
"""PyTorch CPU timing of the bundled Starmill ResNet (same layers as
NetworkArchitecture.starmillResNet, width 16, 3x64x64 input, 6 outputs), for comparison with
`starmill bench network`: inference images/s (batch 64, eval mode, no_grad) and training
images/s (forward + backward + AdamW, batch 64, Gaussian NLL) at 1 and 2 threads.
Run with the same OPENBLAS_CORETYPE environment as the Swift benchmark; needs `pip install torch`.
"""
import sys
import time

try:
    import torch
    from torch import nn
except ImportError:
    print("torch is not installed: pip install torch", file=sys.stderr)
    sys.exit(1)


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.b1 = nn.BatchNorm2d(cout)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.b2 = nn.BatchNorm2d(cout)
        self.proj = None
        if cin != cout or stride != 1:
            self.proj = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, 0, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        h = torch.relu(self.b1(self.c1(x)))
        h = self.b2(self.c2(h))
        return torch.relu(h + (self.proj(x) if self.proj is not None else x))


def network(width=16, bands=3, outputs=6):
    w = width
    return nn.Sequential(
        nn.Conv2d(bands, w, 3, 1, 1, bias=False), nn.BatchNorm2d(w), nn.ReLU(), nn.MaxPool2d(2, 2),
        Block(w, w, 1), Block(w, 2 * w, 2), Block(2 * w, 4 * w, 2), Block(4 * w, 8 * w, 2),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8 * w, 4 * w), nn.ReLU(), nn.Linear(4 * w, outputs))


def median_seconds(fn, repetitions=5):
    fn()
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def measure(repetitions=5):
    """Returns {threads: (inference img/s, training img/s)} for 1 and 2 threads."""
    torch.manual_seed(1)
    model = network()
    x = torch.rand(64, 3, 64, 64) * 2 - 1
    y = torch.full((64, 3), 0.1)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)

    def infer():
        with torch.no_grad():
            model.eval()
            model(x)

    def train():
        model.train()
        optimizer.zero_grad()
        out = model(x)
        mean, log_var = out[:, :3], out[:, 3:]
        loss = (0.5 * (log_var + (y - mean) ** 2 * torch.exp(-log_var))).mean()
        loss.backward()
        optimizer.step()

    results = {}
    for threads in (1, 2):
        torch.set_num_threads(threads)
        results[threads] = (64 / median_seconds(infer, repetitions), 64 / median_seconds(train, repetitions))
    return results


def main():
    print(f"PyTorch {torch.__version__}, parameters {sum(p.numel() for p in network().parameters())}")
    print("| threads | inference img/s | training img/s |")
    print("| ------- | --------------- | -------------- |")
    for threads, (infer, train) in measure().items():
        print(f"| {threads} | {infer:.0f} | {train:.0f} |")


if __name__ == "__main__":
    main()
