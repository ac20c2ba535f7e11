"""The post's algorithm in numpy, timed on the shapes of benches/train.rs, for comparison.

Run by hand, one thread, without this machine's OpenBLAS overrides:

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 \
        python3 benches/numpy_train.py

Full-batch gradient descent exactly as the post (restored in POST.md): sigmoid layers, no
biases, cost sum(0.5 * (y - y_hat)**2), the cost computed every epoch. Prints a table of the
median epochs/s over several runs.
"""
import time

import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def train(weights, x, y, epochs, learning_rate):
    for _ in range(epochs):
        activations = [x]
        for w in weights:
            activations.append(sigmoid(activations[-1] @ w))
        y_hat = activations[-1]
        np.sum(0.5 * (y - y_hat) ** 2)
        delta = -(y - y_hat) * (y_hat * (1 - y_hat))
        d_ws = [None] * len(weights)
        for l in range(len(weights) - 1, -1, -1):
            d_ws[l] = activations[l].T @ delta
            if l > 0:
                a = activations[l]
                delta = (delta @ weights[l].T) * (a * (1 - a))
        weights = [w - learning_rate * d_w for w, d_w in zip(weights, d_ws)]
    return weights


def time_training(sizes, x, y, epochs, runs):
    rng = np.random.default_rng(1)
    start = [rng.standard_normal((a, b)) for a, b in zip(sizes, sizes[1:])]
    times = []
    for _ in range(runs):
        begin = time.perf_counter()
        train(start, x, y, epochs, 0.1)
        times.append(time.perf_counter() - begin)
    return float(np.median(times))


def main():
    print("numpy", np.__version__, "full-batch training, f64, one thread")
    print()
    print(f"| {'network':<28} | {'epochs':>6} | {'time':>10} | {'epochs/s':>9} |")
    print("|------------------------------|-------:|-----------:|----------:|")
    x = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=float)
    y = np.array([[0, 1, 1, 0]], dtype=float).T
    t = time_training([3, 4, 5, 1], x, y, 5000, 5)
    print(f"| {'3-4-5-1, 4 samples (post)':<28} | {5000:>6} | {t * 1e3:>7.1f} ms | {5000 / t:>9.0f} |")
    rng = np.random.default_rng(1797)
    x = rng.standard_normal((1797, 64))
    y = (rng.standard_normal((1797, 10)) > 1.0).astype(float)
    t = time_training([64, 128, 64, 10], x, y, 100, 3)
    print(f"| {'64-128-64-10, 1797 samples':<28} | {100:>6} | {t * 1e3:>7.1f} ms | {100 / t:>9.0f} |")


main()
