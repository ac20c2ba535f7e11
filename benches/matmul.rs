//! `cargo bench --bench matmul`: the matrix product `C = A · B`, plain loop against `gemm`.
//!
//! For square n = 4 … 1024 and the two network shapes (1797 samples × 64 features into 128
//! units; 256 samples × 784 pixels into 128 units), for `f64` and for `f32`: the median time of
//! one product and its speed in GFLOP/s (a product of an m × k and a k × n matrix is m·k·n
//! multiplications and as many additions, 2·m·k·n floating-point operations), for
//!
//! * the plain i-p-j loop, [`matmul::matmul`] (timed from a single call at n = 1024, where
//!   one product takes about a second);
//! * [`gemm::gemm_into`] on one thread (`gemm::set_threads(1)`);
//! * [`gemm::gemm_into`] with every thread (`gemm::set_threads(0)`: all the cores, for the
//!   products large enough to gain from them).
//!
//! The samples of the three are taken in turn, so that a machine whose speed drifts (other
//! work on it, its clock) slows them alike and their ratios stay meaningful. Then every kernel
//! this machine runs, forced, on one thread. Then the eight products of one epoch of the
//! 64-128-64-10 network on 1797 samples (`benches/train.rs`), transposed as training reads
//! them, on one thread; `cargo bench --bench matmul -- network` prints that table alone.
//! Compare with numpy:
//! `env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 python3 benches/numpy_matmul.py`.
//! `SCRATCHNET_THREADS`, if set, overrides `set_threads`: leave it unset here.

mod common;

use std::hint::black_box;
use std::time::Duration;

use common::{calls_per_sample, human, median_time, time_per_call};
use scratchnet::gemm::{self, Kernel, MatRef};
use scratchnet::matmul::matmul;
use scratchnet::{Float, XorShift};

/// The products timed: (m, k, n) and a label.
const SHAPES: [(usize, usize, usize, &str); 9] = [
    (4, 4, 4, "4"),
    (16, 16, 16, "16"),
    (64, 64, 64, "64"),
    (128, 128, 128, "128"),
    (256, 256, 256, "256"),
    (512, 512, 512, "512"),
    (1024, 1024, 1024, "1024"),
    (1797, 64, 128, "1797×64·64×128"),
    (256, 784, 128, "256×784·784×128"),
];

/// The eight products of one epoch of the 64-128-64-10 network on 1797 samples
/// (`benches/train.rs`), as training computes them: (m, k, n), whether A and B are read
/// transposed in place ([`MatRef::t`]), and a label.
const NETWORK: [(usize, usize, usize, bool, bool, &str); 8] = [
    (1797, 64, 128, false, false, "x·W1"),
    (1797, 128, 64, false, false, "a1·W2"),
    (1797, 64, 10, false, false, "a2·W3"),
    (64, 1797, 10, true, false, "a2ᵀ·δ3"),
    (1797, 10, 64, false, true, "δ3·W3ᵀ"),
    (128, 1797, 64, true, false, "a1ᵀ·δ2"),
    (1797, 64, 128, false, true, "δ2·W2ᵀ"),
    (64, 1797, 128, true, false, "xᵀ·δ1"),
];

/// Samples per median.
const SAMPLES: usize = 15;

/// The shortest sample: calls are repeated until a sample lasts this long.
const MIN_SAMPLE: Duration = Duration::from_millis(20);

/// 2·m·k·n / t, in GFLOP/s.
fn gflops(m: usize, k: usize, n: usize, t: Duration) -> f64 {
    2.0 * (m * k * n) as f64 / t.as_secs_f64() / 1e9
}

/// `len` standard normal numbers.
fn normals<T: Float>(len: usize, rng: &mut XorShift) -> Vec<T> {
    (0..len).map(|_| T::from_f64(rng.normal())).collect()
}

/// The median time of one call of each function, their samples taken in turn.
///
/// Each function is called once to warm up, then its calls per sample are doubled until a
/// sample lasts at least [`MIN_SAMPLE`], as in `common::median_time`; then each round takes
/// one sample of every function.
fn interleaved_medians(fs: &mut [&mut dyn FnMut()]) -> Vec<Duration> {
    let calls: Vec<u32> = fs
        .iter_mut()
        .map(|f| calls_per_sample(MIN_SAMPLE, f))
        .collect();
    let mut times = vec![Vec::with_capacity(SAMPLES); fs.len()];
    for _ in 0..SAMPLES {
        for ((f, &calls), times) in fs.iter_mut().zip(&calls).zip(&mut times) {
            times.push(time_per_call(calls, f));
        }
    }
    times
        .into_iter()
        .map(|mut t| {
            t.sort();
            t[SAMPLES / 2]
        })
        .collect()
}

/// The table for one element type.
fn table<T: Float>(rng: &mut XorShift) {
    println!();
    println!(
        "{}: median of {SAMPLES} interleaved samples (one call for the plain loop at n = 1024); \
         GFLOP/s = 2·m·k·n / time",
        T::NAME
    );
    println!();
    println!(
        "| {:>15} | {:>10} | {:>7} | {:>10} | {:>7} | {:>7} | {:>10} | {:>7} | {:>10} |",
        "shape",
        "plain",
        "GFLOP/s",
        "gemm, 1 t",
        "GFLOP/s",
        "× plain",
        "gemm, all",
        "GFLOP/s",
        "× 1 thread"
    );
    println!(
        "|----------------:|-----------:|--------:|-----------:|--------:|--------:|-----------:|--------:|-----------:|"
    );
    for (m, k, n, label) in SHAPES {
        let a: Vec<T> = normals(m * k, rng);
        let b: Vec<T> = normals(k * n, rng);
        let (a_view, b_view) = (MatRef::row_major(&a, m, k), MatRef::row_major(&b, k, n));
        let mut c_plain = vec![T::ZERO; m * n];
        let mut c_one = vec![T::ZERO; m * n];
        let mut c_all = vec![T::ZERO; m * n];

        let mut plain = || {
            c_plain.fill(T::ZERO);
            matmul(m, k, n, black_box(&a), black_box(&b), &mut c_plain);
            black_box(&c_plain);
        };
        let mut one_thread = || {
            gemm::set_threads(1);
            gemm::gemm_into(black_box(a_view), black_box(b_view), &mut c_one);
            black_box(&c_one);
        };
        let mut all_threads = || {
            gemm::set_threads(0);
            gemm::gemm_into(black_box(a_view), black_box(b_view), &mut c_all);
            black_box(&c_all);
        };
        let (t_plain, t_one, t_all) = if m * k * n >= 1 << 30 {
            let t_plain = median_time(1, Duration::ZERO, plain);
            let t = interleaved_medians(&mut [&mut one_thread, &mut all_threads]);
            (t_plain, t[0], t[1])
        } else {
            let t = interleaved_medians(&mut [&mut plain, &mut one_thread, &mut all_threads]);
            (t[0], t[1], t[2])
        };
        println!(
            "| {:>15} | {:>10} | {:>7.1} | {:>10} | {:>7.1} | {:>6.1}× | {:>10} | {:>7.1} | {:>9.2}× |",
            label,
            human(t_plain),
            gflops(m, k, n, t_plain),
            human(t_one),
            gflops(m, k, n, t_one),
            t_plain.as_secs_f64() / t_one.as_secs_f64(),
            human(t_all),
            gflops(m, k, n, t_all),
            t_one.as_secs_f64() / t_all.as_secs_f64()
        );
    }
    gemm::set_threads(0);
}

/// The network's products ([`NETWORK`]) in `f64` on one thread, through `gemm_into` as
/// training calls it.
fn network_products(rng: &mut XorShift) {
    println!();
    println!("the 64-128-64-10 network's products, f64, one thread, median of {SAMPLES} samples");
    println!();
    println!(
        "| {:>8} | {:>15} | {:>10} | {:>7} |",
        "product", "m × k · k × n", "gemm, 1 t", "GFLOP/s"
    );
    println!("|---------:|----------------:|-----------:|--------:|");
    gemm::set_threads(1);
    for (m, k, n, a_t, b_t, label) in NETWORK {
        let a: Vec<f64> = normals(m * k, rng);
        let b: Vec<f64> = normals(k * n, rng);
        let a_view = if a_t {
            MatRef::row_major(&a, k, m).t()
        } else {
            MatRef::row_major(&a, m, k)
        };
        let b_view = if b_t {
            MatRef::row_major(&b, n, k).t()
        } else {
            MatRef::row_major(&b, k, n)
        };
        let mut c = vec![0.0; m * n];
        let t = interleaved_medians(&mut [&mut || {
            gemm::gemm_into(black_box(a_view), black_box(b_view), &mut c);
            black_box(&c);
        }])[0];
        println!(
            "| {:>8} | {:>15} | {:>10} | {:>7.1} |",
            label,
            format!("{m}×{k}·{k}×{n}"),
            human(t),
            gflops(m, k, n, t)
        );
    }
    gemm::set_threads(0);
}

/// Every kernel this machine runs, forced, one thread, for one element type.
fn kernels<T: Float>(rng: &mut XorShift) {
    let available: Vec<Kernel> = Kernel::available().collect();
    println!();
    print!("| {:>5} | {:>4} |", T::NAME, "n");
    for kernel in &available {
        print!(" {:>18} |", format!("{kernel}, GFLOP/s"));
    }
    println!();
    print!("|------:|-----:|");
    for _ in &available {
        print!("-------------------:|");
    }
    println!();
    for n in [16, 64, 256, 512] {
        let a: Vec<T> = normals(n * n, rng);
        let b: Vec<T> = normals(n * n, rng);
        let (a_view, b_view) = (MatRef::row_major(&a, n, n), MatRef::row_major(&b, n, n));
        let mut cs: Vec<Vec<T>> = available.iter().map(|_| vec![T::ZERO; n * n]).collect();
        let mut runs: Vec<Box<dyn FnMut() + '_>> = available
            .iter()
            .zip(&mut cs)
            .map(|(&kernel, c)| {
                Box::new(move || {
                    gemm::gemm_into_with(kernel, 1, black_box(a_view), black_box(b_view), c);
                    black_box(&c);
                }) as Box<dyn FnMut()>
            })
            .collect();
        let mut fs: Vec<&mut dyn FnMut()> = runs.iter_mut().map(|f| &mut **f as _).collect();
        print!("| {:>5} | {:>4} |", "", n);
        for t in interleaved_medians(&mut fs) {
            print!(" {:>18.1} |", gflops(n, n, n, t));
        }
        println!();
    }
}

fn main() {
    gemm::set_threads(0);
    println!(
        "C = A·B: the plain loop (matmul::matmul) and gemm; kernel chosen at run time: {}; \
         all threads = {}",
        Kernel::detect(),
        gemm::threads()
    );
    if let Some(value) = std::env::var_os(gemm::THREADS_VAR) {
        println!(
            "note: {} = {} overrides set_threads: both gemm columns use it",
            gemm::THREADS_VAR,
            value.to_string_lossy()
        );
    }
    let mut rng = XorShift::new(2024);
    if std::env::args().any(|arg| arg == "network") {
        network_products(&mut rng);
        return;
    }
    table::<f64>(&mut rng);
    table::<f32>(&mut rng);
    network_products(&mut rng);
    println!();
    println!("every kernel, forced, one thread");
    kernels::<f64>(&mut rng);
    kernels::<f32>(&mut rng);
}
