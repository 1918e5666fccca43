"""A small training step with the tensor mistakes the notes warn about, under other names."""
import torch as T
import torch.nn.functional as nnf


def flatten_columns(matrix):
    swapped = matrix.t()
    return swapped.view(matrix.numel())


def init_layer(rows, cols):
    kernel = T.empty(rows, cols, requires_grad=True)
    kernel.uniform_(-0.1, 0.1)
    return kernel


def batch_of(size):
    left, middle, right = T.ones(size), T.zeros(size), T.full((size,), 2.0)
    return T.tensor([left, middle, right])


kernel = init_layer(2, 3)
x = T.ones(4, 3)
targets = T.zeros(4, 2)
running = 0.0
for step in range(2):
    out = x @ kernel.t()
    err = nnf.mse_loss(out, targets)
    err.backward()
    running += err.data[0]

flat = flatten_columns(T.arange(6.0).reshape(2, 3))
stacked = batch_of(2)
probs = T.rand(5, requires_grad=True)
host = probs.numpy()

assert flat.tolist() == [0.0, 3.0, 1.0, 4.0, 2.0, 5.0]
assert stacked.shape == (3, 2) and running >= 0.0 and host.shape == (5,)
