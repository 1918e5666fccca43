"""Signal statistics with numpy spelled the 1.x way (aliases, removed helpers, other names)."""
import numpy as xp

samples = xp.array([[1.0, 4.0], [2.5, 0.5], [3.0, 2.0]])
mean_value = xp.float(samples.mean())
n_rows = xp.int(samples.shape[0])
as_float = xp.asfarray([1, 2, 3])
volume = xp.product(samples.shape)
member = xp.in1d(xp.array([1, 5, 7]), xp.array([5, 7]), invert=True)
column = samples[:, 0]
width = column.ptp()

assert mean_value == 13.0 / 6 and n_rows == 3
assert as_float.dtype == xp.float64 and volume == 6
assert member.tolist() == [True, False, False]
assert width == 2.0
