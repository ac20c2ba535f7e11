//! `cargo bench --bench sigmoid`: nanoseconds per element of `exp` and of σ over 100,000
//! values, `f64` and `f32`.
//!
//! * one call at a time: the function is called through a pointer hidden by `black_box`, so
//!   that it is neither inlined nor vectorised; this is the speed of a lone call, ours (and,
//!   for `exp`, std's);
//! * over a slice: the plain loop `y_i = exp(x_i)` with [`math::exp`] or [`math::expf`], and
//!   [`sigmoid_into`], which the compiler can vectorise, each compiled three ways: for the
//!   default target (SSE2 on x86-64), and inside a `#[target_feature(enable = "avx2,fma")]`
//!   and a `#[target_feature(enable = "avx512f")]` function, called only where the CPU has
//!   the features.
//!
//! * over short slices (4 to 64 values: the post's layers are 16, 20 and 4), one call after
//!   another, each call's input the previous one's output: the time of one call, latency
//!   included, of each compilation and of `Activation::Sigmoid.forward`, which training
//!   calls (the compilation for this CPU, chosen at run time).
//!
//! Every version's output over the 100,000 values is checked to be bit-identical to the
//! one-call-at-a-time loop.

mod common;

use std::hint::black_box;
use std::time::Duration;

use common::{human, median_time};
use scratchnet::activation::sigmoid;
use scratchnet::{Activation, Float, XorShift, math};

/// Values per slice.
const N: usize = 100_000;

/// The exponentials of one precision.
trait Exp: Float {
    /// The crate's: [`math::exp`] or [`math::expf`].
    const EXP: fn(Self) -> Self;
    /// std's: `f64::exp` or `f32::exp`.
    const STD_EXP: fn(Self) -> Self;
}

impl Exp for f64 {
    const EXP: fn(f64) -> f64 = math::exp;
    const STD_EXP: fn(f64) -> f64 = f64::exp;
}

impl Exp for f32 {
    const EXP: fn(f32) -> f32 = math::expf;
    const STD_EXP: fn(f32) -> f32 = f32::exp;
}

/// `y_i = eˣⁱ` with the crate's `exp`, the loop a caller writes.
fn exp_into<T: Exp>(x: &[T], y: &mut [T]) {
    for (y_i, &x_i) in y.iter_mut().zip(x) {
        *y_i = T::EXP(x_i);
    }
}

/// [`exp_into`] compiled for AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn exp_into_avx2<T: Exp>(x: &[T], y: &mut [T]) {
    exp_into(x, y);
}

/// [`exp_into`] compiled for AVX-512F.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn exp_into_avx512<T: Exp>(x: &[T], y: &mut [T]) {
    exp_into(x, y);
}

/// The sigmoid of every element of `z`, into `a`:
///
/// ```text
/// a_i = σ(z_i) = 1 / (1 + e^{−z_i})      z, a: the same length (an m × n matrix: m·n)
/// ```
///
/// Each `a_i` is bit-identical to [`sigmoid`]`(z_i)`. [`math::exp`] and [`math::expf`] have
/// no branches, so the compiler can vectorise this loop: 2 `f64` or 4 `f32` at a time in the
/// default x86-64 build (SSE2), 4 or 8 in code compiled for AVX2, 8 or 16 for AVX-512
/// (`#[target_feature]`), with the same bits.
///
/// ```
/// let z = [-1000.0, -1.0, 0.0, 1.0, 1000.0];
/// let mut a = [0.0; 5];
/// sigmoid_into(&z, &mut a);
/// assert_eq!(a[2], 0.5);
/// assert_eq!(a, z.map(sigmoid));
/// ```
///
/// # Panics
/// If `z` and `a` differ in length.
#[inline]
fn sigmoid_into<T: Float>(z: &[T], a: &mut [T]) {
    assert!(
        z.len() == a.len(),
        "sigmoid_into: z has {} elements and a has {}",
        z.len(),
        a.len()
    );
    for (a_i, &z_i) in a.iter_mut().zip(z) {
        *a_i = sigmoid(z_i);
    }
}

/// [`sigmoid_into`] compiled for AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn sigmoid_into_avx2<T: Float>(z: &[T], a: &mut [T]) {
    sigmoid_into(z, a);
}

/// [`sigmoid_into`] compiled for AVX-512F.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn sigmoid_into_avx512<T: Float>(z: &[T], a: &mut [T]) {
    sigmoid_into(z, a);
}

/// A loop over a slice: `(input, output)`.
type Kernel<T> = fn(&[T], &mut [T]);

/// The compilations of [`exp_into`] and [`sigmoid_into`] that this CPU can run, with the
/// target each was compiled for: the default target, then AVX2+FMA and AVX-512F where the
/// CPU has them.
fn targets<T: Exp>() -> Vec<(&'static str, Kernel<T>, Kernel<T>)> {
    let mut targets: Vec<(&'static str, Kernel<T>, Kernel<T>)> =
        vec![("default", exp_into, sigmoid_into)];
    #[cfg(target_arch = "x86_64")]
    {
        if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
            targets.push((
                "avx2,fma",
                // SAFETY: the CPU has AVX2 and FMA, all that these functions were compiled for.
                |x, y| unsafe { exp_into_avx2(x, y) },
                // SAFETY: as above.
                |z, a| unsafe { sigmoid_into_avx2(z, a) },
            ));
        }
        if is_x86_feature_detected!("avx512f") {
            targets.push((
                "avx512f",
                // SAFETY: the CPU has AVX-512F, all that these functions were compiled for.
                |x, y| unsafe { exp_into_avx512(x, y) },
                // SAFETY: as above.
                |z, a| unsafe { sigmoid_into_avx512(z, a) },
            ));
        }
    }
    targets
}

/// The median time of `f`, a pass over a slice of `N`, over 21 samples.
fn time(f: impl FnMut()) -> Duration {
    median_time(21, Duration::from_millis(20), f)
}

/// `y_i = f(x_i)` with `f` called through a pointer that the compiler cannot see through, so
/// that it is neither inlined nor vectorised: the time of one call at a time.
fn one_at_a_time<T: Float>(f: fn(T) -> T, x: &[T], y: &mut [T]) -> Duration {
    let f = black_box(f);
    time(|| {
        for (y_i, &x_i) in y.iter_mut().zip(black_box(x)) {
            *y_i = f(x_i);
        }
    })
}

/// One line of the table.
struct Row {
    function: &'static str,
    how: &'static str,
    /// The median time of a pass over the `N` values.
    t: Duration,
    /// The same for the one-call-at-a-time loop of the same function.
    scalar_t: Duration,
}

/// Times `exp` and σ in precision `T` on `x`.
fn bench<T: Exp>(x: &[T]) -> Vec<Row> {
    let mut y = vec![T::ZERO; N];
    let mut rows = Vec::new();
    let targets = targets::<T>();

    // exp
    let std_t = one_at_a_time(T::STD_EXP, x, &mut y);
    rows.push(Row {
        function: "std exp",
        how: "one call at a time",
        t: std_t,
        scalar_t: std_t,
    });
    let scalar_t = one_at_a_time(T::EXP, x, &mut y);
    let want = y.clone();
    rows.push(Row {
        function: "exp",
        how: "one call at a time",
        t: scalar_t,
        scalar_t,
    });
    for &(how, exp_kernel, _) in &targets {
        y.fill(T::ZERO);
        let t = time(|| exp_kernel(black_box(x), black_box(&mut y)));
        check("exp", how, &y, &want);
        rows.push(Row {
            function: "exp over a slice",
            how,
            t,
            scalar_t,
        });
    }

    // σ
    let scalar_t = one_at_a_time(sigmoid, x, &mut y);
    let want = y.clone();
    rows.push(Row {
        function: "sigmoid",
        how: "one call at a time",
        t: scalar_t,
        scalar_t,
    });
    for &(how, _, sigmoid_kernel) in &targets {
        y.fill(T::ZERO);
        let t = time(|| sigmoid_kernel(black_box(x), black_box(&mut y)));
        check("sigmoid_into", how, &y, &want);
        rows.push(Row {
            function: "sigmoid_into",
            how,
            t,
            scalar_t,
        });
    }
    rows
}

/// The time of one call of `f` on `len` values when each call's input is the previous call's
/// output: σ over one layer, in a chain of dependent steps as in training, where the latency
/// of a call counts, not only its throughput.
fn chained<T: Float>(f: &dyn Fn(&[T], &mut [T]), x: &[T], len: usize) -> Duration {
    let mut z = x[..len].to_vec();
    let mut a = vec![T::ZERO; len];
    time(|| {
        f(black_box(&z), &mut a);
        f(black_box(&a), &mut z);
    }) / 2
}

/// The table of [`chained`] calls on the post's layer sizes (4 samples × 4, 5 and 1 neurons:
/// 16, 20 and 4 values) and a few more: each compilation, and `Activation::Sigmoid.forward`,
/// which is what training calls (the build for this CPU, chosen at run time).
fn short_slices<T: Exp>(x: &[T]) {
    let targets = targets::<T>();
    print!("| {:>4} | {:>6} |", "type", "values");
    for (how, _, _) in &targets {
        print!(" {how:>10} |");
    }
    println!(" {:>18} |", "Activation forward");
    print!("|------|-------:|");
    for _ in &targets {
        print!("-----------:|");
    }
    println!("-------------------:|");
    // σ′ too: the forward pass computes both, in one loop.
    let f_prime = std::cell::RefCell::new(vec![T::ZERO; x.len()]);
    let forward = |z: &[T], a: &mut [T]| {
        Activation::Sigmoid.forward(z, a, &mut f_prime.borrow_mut()[..z.len()], 1);
    };
    for len in [4, 8, 16, 20, 32, 64] {
        print!("| {:>4} | {len:>6} |", T::NAME);
        for &(_, _, sigmoid_kernel) in &targets {
            print!(" {:>10} |", human(chained(&sigmoid_kernel, x, len)));
        }
        println!(" {:>18} |", human(chained(&forward, x, len)));
    }
}

/// Panics unless `got` has the bits of `want`.
fn check<T: Float>(function: &str, how: &str, got: &[T], want: &[T]) {
    let differ = got
        .iter()
        .zip(want)
        .position(|(g, w)| g.to_f64().to_bits() != w.to_f64().to_bits());
    if let Some(i) = differ {
        panic!(
            "{function} ({how}) at element {i}: got {:e}, want {:e}",
            got[i], want[i]
        );
    }
}

fn main() {
    let mut rng = XorShift::new(0x5161_0001);
    // Uniform on [−10, 10): pre-activations of a trained network, and −z for exp.
    let x: Vec<f64> = (0..N).map(|_| 20.0 * rng.next_f64() - 10.0).collect();
    let x32: Vec<f32> = x.iter().map(|&v| v as f32).collect();

    println!(
        "exp and σ: nanoseconds per element over {N} values uniform on [-10, 10), median of 21"
    );
    println!();
    println!(
        "| {:>4} | {:<16} | {:<18} | {:>11} | {:>7} | {:>8} |",
        "type", "function", "compiled / called", "100k values", "ns/elem", "× scalar"
    );
    println!("|------|------------------|--------------------|------------:|--------:|---------:|");
    let tables = [("f64", bench(&x)), ("f32", bench(&x32))];
    for (name, rows) in tables {
        for row in rows {
            println!(
                "| {name:>4} | {:<16} | {:<18} | {:>11} | {:>7.3} | {:>8.2} |",
                row.function,
                row.how,
                human(row.t),
                row.t.as_secs_f64() * 1e9 / N as f64,
                row.scalar_t.as_secs_f64() / row.t.as_secs_f64()
            );
        }
    }
    println!();
    println!("× scalar: the one-call-at-a-time time of the same function over this row's time.");
    println!();
    println!(
        "σ over short slices, one call after another (each call's input the last one's output)"
    );
    println!();
    short_slices(&x);
    short_slices(&x32);
}
