#!/usr/bin/env python3
"""The worked example of src/derivation.md: one epoch of a 2-2-1 sigmoid network, no biases.

Run by hand from anywhere (cargo never runs it); it only prints:

    python3 tests/reference/derivation.py

Plain Python, no numpy, so that every product is the written-out sum. The network and the
equations are the post's (see /work/shared/POST.md), with samples as rows:

    z_1 = X · W_1,  a_1 = σ(z_1),  z_2 = a_1 · W_2,  ŷ = a_2 = σ(z_2)
    J = Σ ½ (y − ŷ)²
    δ_2 = −(y − ŷ) ⊙ σ′(z_2),              ∂J/∂W_2 = a_1ᵀ · δ_2
    δ_1 = (δ_2 · W_2ᵀ) ⊙ σ′(z_1),          ∂J/∂W_1 = Xᵀ · δ_1
    W_l ← W_l − η · ∂J/∂W_l

Each matrix is printed twice: to 7 significant digits, as the page and its doctests write
it, and with repr(float), every digit. The script asserts that each 7-digit value is within
4.5e-7 of the exact one, so the doctests' tolerance of 5e-7 holds with a margin.
"""

import math

X = [[0.0, 1.0], [1.0, 1.0]]
Y = [[1.0], [0.0]]
W1 = [[0.5, -0.5], [0.25, 1.0]]
W2 = [[1.0], [-1.0]]
ETA = 0.5


def dot(a, b):
    """(a · b)_ij = Σ_p a_ip b_pj."""
    return [[sum(a[i][p] * b[p][j] for p in range(len(b))) for j in range(len(b[0]))]
            for i in range(len(a))]


def transpose(a):
    return [list(column) for column in zip(*a)]


def elementwise(f, *ms):
    return [[f(*xs) for xs in zip(*rows)] for rows in zip(*ms)]


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def sigmoid_prime(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def rounded(x):
    """x to 7 significant digits, as the page shows it (trailing zeros kept unless x is
    exact)."""
    text = f"{x:.7g}"
    if float(text) != x:
        text = f"{x:#.7g}"
    # The page's doctests allow 5e-7; what it shows must be well within that of x.
    assert abs(float(text) - x) < 4.5e-7, (x, text)
    return text


def show(name, m):
    six = "[" + ", ".join("[" + ", ".join(rounded(x) for x in row) + "]" for row in m) + "]"
    full = "[" + ", ".join("[" + ", ".join(repr(x) for x in row) + "]" for row in m) + "]"
    print(f"{name:<10} = {six}")
    print(f"{'':<10}   {full}")


z1 = dot(X, W1)
a1 = elementwise(sigmoid, z1)
z2 = dot(a1, W2)
y_hat = elementwise(sigmoid, z2)
J = sum(0.5 * (y - p) ** 2 for yr, pr in zip(Y, y_hat) for y, p in zip(yr, pr))

delta2 = elementwise(lambda y, p, z: -(y - p) * sigmoid_prime(z), Y, y_hat, z2)
dJdW2 = dot(transpose(a1), delta2)
delta1 = elementwise(lambda e, z: e * sigmoid_prime(z), dot(delta2, transpose(W2)), z1)
dJdW1 = dot(transpose(X), delta1)

new_W1 = elementwise(lambda w, d: w - ETA * d, W1, dJdW1)
new_W2 = elementwise(lambda w, d: w - ETA * d, W2, dJdW2)

# The cost after the step, from a second forward pass (what epoch 2 would print).
y_hat_after = elementwise(sigmoid, dot(elementwise(sigmoid, dot(X, new_W1)), new_W2))
J_after = sum(0.5 * (y - p) ** 2 for yr, pr in zip(Y, y_hat_after) for y, p in zip(yr, pr))

show("z_1", z1)
show("a_1", a1)
show("z_2", z2)
show("y_hat", y_hat)
print(f"{'J':<10} = {rounded(J)}\n{'':<10}   {J!r}")
show("delta_2", delta2)
show("dJ/dW_2", dJdW2)
show("delta_1", delta1)
show("dJ/dW_1", dJdW1)
show("W_1 new", new_W1)
show("W_2 new", new_W2)
print(f"{'J after':<10} = {rounded(J_after)}\n{'':<10}   {J_after!r}")
