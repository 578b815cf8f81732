# The code cells of ../shared/notebooks/backprop_linear_regression.txt, in order.
import torch
import numpy as np
import torch.nn as nn
import torch.optim as optim

torch.manual_seed(0)

X = np.array([10, 20, 30, 40, 50], dtype=np.float32)
Y = np.array([20, 40, 60, 80, 100], dtype=np.float32)
W = 0.0
learning_rate = 0.0003
def forward(x):
    return W * x
def loss(y_actual, y_predicted):
    return ((y_predicted - y_actual) ** 2).mean()
def gradient(x, y_actual, y_predicted):
    return np.dot(-x * 2 / 5, y_predicted - y_actual).mean()
for epoch in range(20):
    y = forward(X)
    l = loss(y, Y)
    grad = gradient(X, y, Y)
    print(f'epoch={epoch}, loss={l:.5f}, W={W:.5f}, grad={grad:.5f}')
    W -= learning_rate * grad

X = torch.tensor([10, 20, 30, 40, 50], dtype=torch.float32)
Y = torch.tensor([20, 40, 60, 80, 100], dtype=torch.float32)
W = torch.tensor(0.0, dtype=torch.float32, requires_grad=True)
learning_rate = torch.tensor(0.0003, dtype=torch.float32)
for epoch in range(20):
    y = forward(X)
    l = loss(y, Y)
    l.backward()
    grad = W.grad
    print(f'epoch={epoch}, loss={l:.5f}, W={W:.5f}, grad={grad:.5f}')
    with torch.no_grad():
        W -= learning_rate * grad
    W.grad.zero_()

X = torch.tensor([[10], [20], [30], [40], [50]], dtype=torch.float32)
Y = torch.tensor([[20], [40], [60], [80], [100]], dtype=torch.float32)
nb_samples, nb_features = X.shape
print((nb_samples, nb_features))
learning_rate = 0.0003
model = nn.Linear(in_features=nb_features, out_features=nb_features)
loss_function = nn.MSELoss()
optimizer = optim.SGD(model.parameters(), lr=learning_rate)
X_test = torch.tensor([[60]], dtype=torch.float32)
print(model(X_test))
max_epochs = 100
for epoch in range(max_epochs):
    y = model(X)
    l = loss_function(Y, y)
    grad = l.backward()
    if (epoch % 5 == 0 or epoch + 1 == max_epochs):
        w = model.weight.item()
        b = model.bias.item()
        print(f'epoch={epoch}, loss={l:.5f}, W={w:.5f}, b={b:.5f}')
    optimizer.step()
    optimizer.zero_grad()
print(model(X_test))
