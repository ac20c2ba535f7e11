"""numpy's matrix product on the shapes of `cargo bench --bench matmul`, for comparison.

Run it on one thread, with OpenBLAS free to pick its own kernel for this CPU:

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 python3 benches/numpy_matmul.py

Timing as in `benches/common/mod.rs`: one warm-up call, then the number of calls per sample
doubled until a sample lasts at least 20 ms, then the median of 15 samples.
GFLOP/s = 2·m·k·n / time.
"""

import time

import numpy as np

SHAPES = [
    (4, 4, 4, "4"),
    (16, 16, 16, "16"),
    (64, 64, 64, "64"),
    (128, 128, 128, "128"),
    (256, 256, 256, "256"),
    (512, 512, 512, "512"),
    (1024, 1024, 1024, "1024"),
    (1797, 64, 128, "1797×64·64×128"),
    (256, 784, 128, "256×784·784×128"),
]


def median_time(samples, min_sample, f):
    """The median time of one call of f, in seconds."""
    f()
    calls = 1
    while True:
        start = time.perf_counter()
        for _ in range(calls):
            f()
        if time.perf_counter() - start >= min_sample or calls >= 1 << 24:
            break
        calls *= 2
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        for _ in range(calls):
            f()
        times.append((time.perf_counter() - start) / calls)
    times.sort()
    return times[samples // 2]


def human(s):
    """A duration in the unit that suits it, e.g. `12.3 µs`."""
    if s >= 1.0:
        return f"{s:.3f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.3f} ms"
    if s >= 1e-6:
        return f"{s * 1e6:.3f} µs"
    return f"{s * 1e9:.1f} ns"


def main():
    rng = np.random.default_rng(2024)
    print(f"numpy {np.__version__}, np.dot; median of 15 samples; GFLOP/s = 2·m·k·n / time")
    print()
    print(f"| {'shape':>15} | {'f64':>10} | {'GFLOP/s':>7} | {'f32':>10} | {'GFLOP/s':>7} |")
    print("|----------------:|-----------:|--------:|-----------:|--------:|")
    for m, k, n, label in SHAPES:
        row = f"| {label:>15} |"
        for dtype in (np.float64, np.float32):
            a = rng.standard_normal((m, k)).astype(dtype)
            b = rng.standard_normal((k, n)).astype(dtype)
            c = np.empty((m, n), dtype)
            t = median_time(15, 0.02, lambda: np.dot(a, b, out=c))
            row += f" {human(t):>10} | {2 * m * k * n / t / 1e9:>7.1f} |"
        print(row)


if __name__ == "__main__":
    main()
