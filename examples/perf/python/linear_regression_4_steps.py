# The code cells of ../shared/notebooks/linear_regression_4_steps.txt, in order.
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)

# Step 1
X = np.array([1,2,3,4], dtype = np.float32)
Y = np.array([2,4,6,8], dtype = np.float32)
w = 0.0
def forward(x):
    return w*x
def loss(y, y_predicted):
    return ((y_predicted-y)**2).mean()
def gradient(x, y, y_predicted):
    return np.dot(2*x, y_predicted -y).mean()
print(f'Prediction before training : f(5) = {forward(5):.3f}')
learning_rate = 0.01
n_iters = 10
for epoch in range(n_iters):
    y_pred = forward(X)
    l = loss(Y, y_pred)
    dw = gradient(X, Y, y_pred)
    w = w - learning_rate*dw
    print(f'epoch {epoch + 1}: w = {w:.3f}, loss = {l :.8f}')
print(f'Prediction after training : f(5) = {forward(5):.3f}')

# Step 2
X = torch.tensor([1,2,3,4], dtype = torch.float32)
Y = torch.tensor([2,4,6,8], dtype = torch.float32)
w = torch.tensor(0.0, dtype=torch.float32, requires_grad=True)
print(f'Prediction before training : f(5) = {forward(5):.3f}')
for epoch in range(n_iters):
    y_pred = forward(X)
    l = loss(Y, y_pred)
    l.backward()
    with torch.no_grad():
        w -= learning_rate*(w.grad)
    w.grad.zero_()
    print(f'epoch {epoch + 1}: w = {w:.3f}, loss = {l :.8f}')
print(f'Prediction after training : f(5) = {forward(5):.3f}')

# Step 3
w = torch.tensor(0.0, dtype=torch.float32, requires_grad=True)
print(f'Prediction before training : f(5) = {forward(5):.3f}')
loss = nn.MSELoss()
optimizer = torch.optim.SGD([w], lr = learning_rate)
for epoch in range(n_iters):
    y_pred = forward(X)
    l = loss(Y, y_pred)
    l.backward()
    optimizer.step()
    optimizer.zero_grad()
    print(f'epoch {epoch + 1}: w = {w:.3f}, loss = {l :.8f}')
print(f'Prediction after training : f(5) = {forward(5):.3f}')

# Steps 4 and 5
X = torch.tensor([[1],[2],[3],[4]], dtype = torch.float32)
Y = torch.tensor([[2],[4],[6],[8]], dtype = torch.float32)
n_samples, n_features = X.shape
input_size = n_features
output_size = n_features

class LinearRegression(nn.Module):
    def __init__(self, input_dim, output_dim):
        super(LinearRegression, self).__init__()
        self.lin = nn.Linear(input_dim, output_dim)
    def forward(self,x):
        return self.lin(x)

for model in [nn.Linear(input_size, output_size), LinearRegression(input_size, output_size)]:
    X_test = torch.tensor([5], dtype = torch.float32)
    print(f'Prediction before training : f(5) = {model(X_test).item():.3f}')
    n_iters = 100
    loss = nn.MSELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr = learning_rate)
    for epoch in range(n_iters):
        y_pred = model(X)
        l = loss(Y, y_pred)
        l.backward()
        optimizer.step()
        optimizer.zero_grad()
        [w,b] = model.parameters()
        print(f'epoch {epoch + 1}: w = {w[0][0].item():.3f}, loss = {l :.8f}')
    print(f'Prediction after training : f(5) = {model(X_test).item():.3f}')
    if isinstance(model, nn.Linear):
        [w,b] = model.parameters()
        print(b)
        print(w)
