"""Correct code that looks like the pitfalls: right spellings, other types, guarded forms."""
import io

import numpy as np
import pandas as pd
import torch


class Ledger:
    """Not pandas: its own iteritems, applymap, pivot and ptp."""

    def __init__(self):
        self.rows = {"a": 1}

    def iteritems(self):
        return iter(self.rows.items())

    def applymap(self, fn):
        return {k: fn(v) for k, v in self.rows.items()}

    def pivot(self, index, columns, values):
        return (index, columns, values)

    def ptp(self):
        return 0

    def sum(self, level=None):
        return level


ledger = Ledger()
pairs = list(ledger.iteritems())
mapped = ledger.applymap(str)
shape = ledger.pivot("a", "b", "c")
spread = ledger.ptp() + (ledger.sum(level=0) or 0)

frame = pd.read_csv(io.StringIO("a,b\n1,2\n3,4,5\n"), on_bad_lines="skip")
series = frame["a"]
items = list(series.items())
upper = frame.map(str)
wide = pd.DataFrame({"k": ["x", "y"], "c": ["p", "p"], "v": [1, 2]}).pivot(index="k", columns="c", values="v")
days = pd.DataFrame({"v": range(40)}, index=pd.date_range("2024-01-01", periods=40))
monthly = days.resample("ME").sum()
weekly = days.resample("W").sum()
levels = pd.DataFrame({"v": [1, 2]}, index=pd.MultiIndex.from_tuples([("a", 1), ("a", 2)])).groupby(level=0).sum()

ratio = float(3) / 2
count = int(7.9)
precise = np.float64(ratio)
values = np.asarray([1, 2], dtype=float)
size = np.prod(np.array([2, 3]))
mask = np.isin(np.array([1, 2]), np.array([2]))
span = np.ptp(np.array([1.0, 4.0]))
if hasattr(np, "trapezoid"):
    area = np.trapezoid(np.array([1.0, 2.0]))
else:
    area = np.trapz(np.array([1.0, 2.0]))
try:
    legacy = np.product([2, 2])
except AttributeError:
    legacy = np.prod([2, 2])

grid = torch.arange(6.0).reshape(2, 3)
flat = grid.view(-1)
flat_t = grid.t().contiguous().view(-1)
turned = grid.t()
turned = turned.contiguous()
also_flat = turned.view(-1)
weight = torch.empty(2, 3, requires_grad=True)
with torch.no_grad():
    weight.uniform_(-0.5, 0.5)
torch.nn.init.uniform_(weight, -0.5, 0.5)
noise = torch.empty(2, 3)
noise.uniform_(0.0, 1.0)
batch = torch.stack([torch.ones(2), torch.zeros(2)])
numbers = torch.tensor([1.0, 2.0])
loss = (weight * 2).sum()
value = loss.item()
first = flat.detach()[0]
host = weight.detach().numpy()
plain = torch.ones(3).numpy()

assert items == [(0, 1)] and value == value and monthly.shape[0] == 2 and area == 1.5 and legacy == 4
