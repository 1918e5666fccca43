"""Right code under other aliases: the guards spelled the file's way, contiguous copies before view,
tensors that need no gradient, and the current read_csv arguments through a from-import."""
from io import StringIO

import numpy as xp
import torch as tt
from pandas import read_csv

weights = tt.empty(2, 3, requires_grad=True)
with tt.no_grad():
    weights.uniform_(-0.5, 0.5)
scratch = tt.empty(3)
scratch.uniform_(0.0, 1.0)
grid = tt.arange(6.0).reshape(2, 3)
flat = grid.t().contiguous().view(-1)
also = grid.t().reshape(-1)
plain = grid.view(-1)
host = tt.linspace(0.0, 1.0, 3, requires_grad=True).detach().numpy()
values = tt.linspace(0.0, 1.0, 3).numpy()
table = read_csv(StringIO("a,b\n1,2\n3,4,5\n"), on_bad_lines="skip")
matrix = xp.arange(6.0).reshape(2, 3)
view = matrix.T.view(xp.float64)

assert flat.tolist() == also.tolist() and len(table) == 1 and host.shape == values.shape and view.shape == (3, 2)
