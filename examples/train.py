"""Train a tiny two-headed classifier and evaluate it.

Written the way experiments usually start: it runs, but carries the autograd pitfalls the notes
describe (two losses backpropagated through one graph, an in-place softmax on an activation, an
evaluation loop that still records the graph).
"""

import time

import torch
import torch.nn.functional as F
from torch import nn


class TwoHeads(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.body = nn.Linear(8, 16)
        self.cls = nn.Linear(16, 3)
        self.reg = nn.Linear(16, 1)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        h = torch.tanh(self.body(x))
        return self.cls(h), self.reg(h)

    def gates(self, x: torch.Tensor) -> torch.Tensor:
        """The first three units as a distribution, the rest as independent gates."""
        out = torch.sigmoid(self.body(x))
        out[:, 0:3] = F.softmax(out[:, 0:3], dim=1)
        return out


def train(model: TwoHeads, steps: int = 20) -> None:
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    x = torch.randn(32, 8)
    labels = torch.randint(0, 3, (32,))
    target = torch.randn(32, 1)
    for _ in range(steps):
        opt.zero_grad()
        logits, value = model(x)
        loss_cls = F.cross_entropy(logits, labels)
        loss_reg = F.mse_loss(value, target)
        loss_cls.backward()
        loss_reg.backward()
        opt.step()


def evaluate(model: TwoHeads) -> float:
    model.eval()
    correct = 0
    for _ in range(4):
        x = torch.randn(16, 8)
        logits, _ = model(x)
        correct += int((logits.argmax(dim=1) == 0).sum())
    return correct / 64


if __name__ == "__main__":
    net = TwoHeads()
    start = time.time()
    train(net)
    print(f"trained in {time.time() - start:.2f}s, accuracy {evaluate(net):.2f}")
    parts = torch.chunk(torch.arange(10), 3)
    print([p.tolist() for p in parts])
