# The code cells of ../shared/notebooks/linear_regression_autograd.txt, in order.
import torch

X = torch.tensor([1,2,3,4], dtype=torch.float32)
Y = torch.tensor([2,4,6,8], dtype=torch.float32)
w = torch.tensor(0.0, requires_grad=True)

def forward(x):
    return w * x

def loss(y, y_hat):
    return ((y - y_hat) ** 2).mean()

lr = 0.01
n_iters = 20

print(repr(f'Prediction before training: f(5) = {forward(5):.3f}'))

for epoch in range(n_iters):
    y_hat = forward(X)
    l = loss(Y, y_hat)
    l.backward()
    with torch.no_grad():
        w -= lr * w.grad
    w.grad.zero_()
    if epoch % 2 == 0:
        print(f'epoch {epoch+1}: w = {w:.3f}, loss = {l:.8f}')

print(repr(f'Prediction after training: f(5) = {forward(5):.3f}'))
