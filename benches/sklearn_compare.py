"""scikit-learn's MLPClassifier and `examples/csv.rs`, trained alike on the same CSVs:
test accuracy and training time side by side, as a markdown table.

Run by hand from the crate's root, one thread, without this machine's OpenBLAS overrides:

    pip install scikit-learn
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 \
        python3 benches/sklearn_compare.py

It builds the example (`cargo build --release --example csv`) and runs the binary with
SCRATCHNET_THREADS=1. Both sides get the same settings:

    the files        examples/data/{iris,digits}_{train,test}.csv (make_datasets.py)
    the features     standardised with the training set's mean and population σ
                     (StandardScaler; --standardize)
    the network      the same layer sizes, ReLU hidden layers, softmax output, biases
    the loss         mean cross-entropy over each mini-batch, no L2 penalty (alpha=0)
    the optimiser    SGD, classical momentum (nesterovs_momentum=False), constant step,
                     shuffled mini-batches, exactly `epochs` passes (tol=0 and
                     n_iter_no_change > max_iter, so sklearn never stops early)

What differs: the first weights (sklearn draws Glorot-uniform, U(±√(6/(fan_in+fan_out))),
with its own generator; we draw He-normal, N(0, 2/fan_in), from our xorshift) and so the
shuffles too. Accuracies are therefore comparable, not equal; each side's is the median of
the runs with seeds 1, 2, 3, …

Times: sklearn's is `fit` alone; ours is what the example reports as `trained in … s`, the
`fit` call alone. Neither includes reading the CSV. The ratio is sklearn's time over ours.
"""

import os
import re
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "examples" / "data"
BINARY = ROOT / "target" / "release" / "examples" / "csv"
SEEDS = [1, 2, 3]

# dataset, layers (input … output), epochs, batch, learning rate, momentum
RUNS = [
    ("iris", [4, 16, 3], 200, 16, 0.05, 0.9),
    ("digits", [64, 32, 10], 200, 32, 0.05, 0.9),
    ("digits", [64, 64, 10], 200, 32, 0.05, 0.9),
]


def read(path):
    """Features and labels of a CSV written by make_datasets.py (header, label last)."""
    table = np.loadtxt(path, delimiter=",", skiprows=1)
    return table[:, :-1], table[:, -1].astype(int)


def sklearn_run(name, layers, epochs, batch, learning_rate, momentum, seed):
    """(test accuracy, fit seconds) of MLPClassifier with our settings."""
    x_train, y_train = read(DATA / f"{name}_train.csv")
    x_test, y_test = read(DATA / f"{name}_test.csv")
    scaler = StandardScaler().fit(x_train)
    x_train, x_test = scaler.transform(x_train), scaler.transform(x_test)
    model = MLPClassifier(
        hidden_layer_sizes=tuple(layers[1:-1]),
        activation="relu",
        solver="sgd",
        alpha=0.0,
        batch_size=batch,
        learning_rate="constant",
        learning_rate_init=learning_rate,
        momentum=momentum,
        nesterovs_momentum=False,
        max_iter=epochs,
        shuffle=True,
        tol=0.0,
        n_iter_no_change=epochs + 1,
        early_stopping=False,
        random_state=seed,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # "max_iter reached": wanted
        begin = time.perf_counter()
        model.fit(x_train, y_train)
        seconds = time.perf_counter() - begin
    assert model.n_iter_ == epochs, f"sklearn stopped after {model.n_iter_} epochs"
    return model.score(x_test, y_test), seconds


def scratchnet_run(name, layers, epochs, batch, learning_rate, momentum, seed):
    """(test accuracy, fit seconds) of the example binary with the same settings."""
    command = [
        str(BINARY),
        "--train", str(DATA / f"{name}_train.csv"),
        "--test", str(DATA / f"{name}_test.csv"),
        "--standardize",
        "--layers", ",".join(map(str, layers)),
        "--activation", "relu",
        "--output", "softmax",
        "--epochs", str(epochs),
        "--batch", str(batch),
        "--learning-rate", str(learning_rate),
        "--momentum", str(momentum),
        "--seed", str(seed),
    ]
    env = dict(os.environ, SCRATCHNET_THREADS="1")
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    accuracy = float(re.fullmatch(r"test accuracy: (\S+)", out.splitlines()[-1]).group(1))
    seconds = float(re.search(r"^trained in (\S+) s$", out, re.MULTILINE).group(1))
    return accuracy, seconds


def median_of_seeds(run, *settings):
    results = [run(*settings, seed) for seed in SEEDS]
    return (
        statistics.median(a for a, _ in results),
        statistics.median(s for _, s in results),
    )


def main():
    subprocess.run(
        ["cargo", "build", "--release", "--example", "csv"], cwd=ROOT, check=True
    )
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "unset")
    print(
        f"scikit-learn {sklearn.__version__}, numpy {np.__version__}, Python "
        f"{sys.version.split()[0]}, OPENBLAS_NUM_THREADS={threads}; scratchnet "
        f"SCRATCHNET_THREADS=1; f64 both; median of seeds {SEEDS}"
    )
    print()
    print(
        "| dataset | layers | epochs | batch | scikit-learn accuracy | scratchnet accuracy "
        "| scikit-learn fit s | scratchnet s | speed ratio |"
    )
    print("|---|---|--:|--:|--:|--:|--:|--:|--:|")
    for name, layers, epochs, batch, learning_rate, momentum in RUNS:
        settings = (name, layers, epochs, batch, learning_rate, momentum)
        sk_accuracy, sk_seconds = median_of_seeds(sklearn_run, *settings)
        our_accuracy, our_seconds = median_of_seeds(scratchnet_run, *settings)
        print(
            f"| {name} | {'-'.join(map(str, layers))} | {epochs} | {batch} "
            f"| {sk_accuracy:.4f} | {our_accuracy:.4f} | {sk_seconds:.3f} "
            f"| {our_seconds:.3f} | {sk_seconds / our_seconds:.1f}× |",
            flush=True,
        )


if __name__ == "__main__":
    main()
