"""A data pipeline by another author: the chained spellings of the notes' mistakes (a transposed
tensor viewed without a name, a tensor made with requires_grad read out in one expression), the
function imported from pandas, both removed bad-line flags on one call, a whole table iterated with
iteritems, and a Series resampled by month."""
from io import StringIO

import pandas as pds
import torch as tt
from pandas import read_csv

RAW = "sku,units\na,3\nb,4,oops\nc,5\n"


def load():
    return read_csv(StringIO(RAW), error_bad_lines=False, warn_bad_lines=False, dtype={"units": "int64"})


def columns_first(batch):
    return batch.t().view(batch.numel())


def initial_scores(n):
    return tt.linspace(0.0, 1.0, n, requires_grad=True).numpy()


def bump(n):
    offsets = tt.zeros(n, requires_grad=True)
    offsets.uniform_(-0.01, 0.01)
    return offsets


table = load()
widths = {name: int(column.astype(str).str.len().max()) for name, column in table.iteritems()}
arrivals = pds.Series(range(40), index=pds.date_range("2024-01-01", periods=40, freq="D"))
monthly = arrivals.resample("M").sum()
flat = columns_first(tt.arange(6.0).reshape(2, 3))
scores = initial_scores(3)
offsets = bump(4)

assert table["units"].tolist() == [3, 5] and widths == {"sku": 1, "units": 1}
assert monthly.tolist() == [sum(range(31)), sum(range(31, 40))]
assert flat.tolist() == [0.0, 3.0, 1.0, 4.0, 2.0, 5.0]
assert scores.shape == (3,) and offsets.shape == (4,)
