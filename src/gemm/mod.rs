//! The fast matrix product, `C = A · B`, beside the plain loop of [`matmul`](crate::matmul).
//!
//! ```text
//! C = A · B        A is m × k, B is k × n, C is m × n
//! Cᵢⱼ = Σₚ Aᵢₚ · Bₚⱼ        (p = 0 … k−1)
//! ```
//!
//! The same sum as [`matmul::matmul`](crate::matmul::matmul), organised the way BLAS
//! libraries (GotoBLAS, BLIS, OpenBLAS) organise it, in safe, dependency-free Rust:
//!
//! * **Packing** (`pack.rs`): blocks of B (and of A where it pays) are copied into the order
//!   the innermost loop reads them, so that it reads memory front to back. The copy reads
//!   its source through a row and a column stride, which is why `Aᵀ` and `Bᵀ` need no copy
//!   of their own ([`MatRef::t`]). A row-major A, and a transposed A when B is a single
//!   sliver, are read in place instead: each of their values is used once per sliver, so
//!   copying them would cost as much as reading them.
//! * **Cache blocking** (`nest.rs`): five loops around a micro-kernel, each keeping one piece
//!   of A or B in one level of cache while the loop inside it runs.
//! * **A register-tiled micro-kernel** (`kernel.rs`): an `MR × NR` tile of C accumulated in
//!   vector registers, written in plain Rust that the compiler vectorises.
//! * **Run-time dispatch** ([`Kernel`]): the kernel is compiled for AVX-512, for AVX2 + FMA
//!   and for the build target, and the fastest one the CPU runs is chosen once, at run time.
//! * **Threads** (with `std`): large products share the rows of C among the cores.
//!
//! ```
//! use scratchnet::gemm::{self, MatRef};
//!
//! // (1 2 3)   (1 0)   (4  5)
//! // (4 5 6) · (0 1) = (10 11)
//! //           (1 1)
//! let a = [1., 2., 3., 4., 5., 6.];
//! let b = [1., 0., 0., 1., 1., 1.];
//! let c = gemm::gemm(MatRef::row_major(&a, 2, 3), MatRef::row_major(&b, 3, 2));
//! assert_eq!(c, [4., 5., 10., 11.]);
//!
//! // Aᵀ · A (3 × 3), reading A in place.
//! let a = MatRef::row_major(&a, 2, 3);
//! let mut ata = [f64::NAN; 9];
//! gemm::gemm_into(a.t(), a, &mut ata);
//! assert_eq!(ata, [17., 22., 27., 22., 29., 36., 27., 36., 45.]);
//! ```
//!
//! ## Speed
//!
//! On the 2-core Xeon with AVX-512 this was written on (one core, medians, a plain
//! `cargo build --release`): `f64` at 64–75 GFLOP/s from n = 64 to 1024 and 71–73 on the
//! network shapes (1797 × 64 · 64 × 128, 256 × 784 · 784 × 128), against 5–8 for the plain
//! loop and 50–68 for numpy/OpenBLAS on one thread; `f32` at 122–155 from n = 256 and on the
//! network shapes (numpy 84–155). Two cores give 1.3–2.0× one at n = 1024, as much as the
//! machine's other work leaves them. Its speed drifted by a third from minute to minute;
//! `cargo bench --bench matmul` prints the table for yours.
//!
//! ## What the results are
//!
//! Every kernel adds up each `Cᵢⱼ` in the order of the plain loop, `p = 0, 1, …, k−1`, one
//! product after the other: the blocks of `KC` steps continue the sum where the previous
//! block left it (the micro-kernel starts from the partial `Cᵢⱼ`, not from 0). So:
//!
//! * **[`Kernel::Portable`] is bit-identical to [`matmul`](crate::matmul::matmul)**, on any
//!   data: it rounds `Aᵢₚ · Bₚⱼ`, then the sum, at every step, as the plain loop does.
//! * **[`Kernel::Avx2Fma`] and [`Kernel::Avx512`] are bit-identical to each other**, and to
//!   the plain loop with `c = a.mul_add(b, c)` in place of `c += a * b`: they round each
//!   step once (fused multiply-add) where the plain loop rounds twice. On data where every
//!   product and partial sum is exact (small integers) that makes no difference; on random
//!   data the results differ in the last bits, well within the bound for a sum of k
//!   products, `|C − C_exact| ≤ k · ε · Σₚ |Aᵢₚ| |Bₚⱼ|` (tests check the distance from the
//!   plain loop's result, `|C − C_plain| ≤ 16 · ε · Σₚ …`).
//! * **Independent of the thread count and of the block sizes**, bit for bit: each element
//!   of C is computed by one thread, by the same operations in the same order.
//! * **Tiny products are the plain loop, on every CPU.** When `m · k · n` is at most 512 (the
//!   post's 4 × 3 · 3 × 4 is 48), [`gemm`] and [`gemm_into`] compute it without packing and
//!   without FMA (`tiny.rs`: each `Cᵢⱼ` by the plain loop's multiplies and adds, a block of
//!   a row of C held in registers): packing would cost more than the product, and the
//!   post's network gives the same bits everywhere. Above that size a product's last bits
//!   depend on whether the CPU has FMA.

mod dispatch;
mod kernel;
mod nest;
mod pack;
#[cfg(feature = "std")]
mod threads;
mod tiny;

use alloc::vec;
use alloc::vec::Vec;
use core::mem::size_of;

pub use crate::maths::view::MatRef;
pub use dispatch::Kernel;
/// An elementwise map over a slice, compiled for the CPU at hand: the run-time choice of
/// [`Kernel`] serves the activations too.
pub(crate) use dispatch::map_pair;
#[cfg(feature = "std")]
pub use threads::{THREADS_VAR, set_threads, threads};
#[cfg(feature = "std")]
pub(crate) use tiny::TINY_MAX;

use crate::Float;
use dispatch::{Checked, Dispatch};

/// Products with `m · k · n` below this (about 8.4 million multiply-adds, 0.1–0.2 ms on one
/// core) run on one thread; so do larger ones while the machine is busy (`threads.rs`).
/// Starting and joining a thread costs 16–56 µs where we measured, and a second thread also
/// packs its own copy of B: below this size a second core gains too little for that.
#[cfg(feature = "std")]
const THREADS_MIN: usize = 1 << 23;

/// The product `C = A · B` as a new row-major `m × n` vector: [`gemm_into`] on a fresh buffer.
///
/// ```text
/// a: m × k    b: k × n    returns c: m × n, row-major: Cᵢⱼ at c[i · n + j]
/// ```
///
/// ```
/// use scratchnet::gemm::{self, MatRef};
/// // (1 2)   (5)   (17)
/// // (3 4) · (6) = (39)
/// let a = [1., 2., 3., 4.];
/// let c = gemm::gemm(MatRef::row_major(&a, 2, 2), MatRef::row_major(&[5., 6.], 2, 1));
/// assert_eq!(c, [17., 39.]);
/// ```
///
/// # Panics
/// If `A`'s columns differ from `B`'s rows
/// (`gemm: (4×3)·(4×1) — inner dimensions 3 and 4 differ`), or `m · n` overflows `usize`.
pub fn gemm<T: Float>(a: MatRef<'_, T>, b: MatRef<'_, T>) -> Vec<T> {
    let len = a.rows().checked_mul(b.cols());
    let mut c = vec![T::ZERO; len.expect("gemm: m·n overflows usize")];
    gemm_into(a, b, &mut c);
    c
}

/// `C = A · B` into the caller's buffer, which is overwritten (whatever it held, NaN
/// included, has no effect on the result).
///
/// ```text
/// a: m × k    b: k × n    c: m × n, row-major: Cᵢⱼ at c[i · n + j]
/// ```
///
/// The kernel is [`Kernel::detect`]'s, except that products with `m · k · n ≤ 512` are
/// computed as the plain loop computes them, bit for bit, on every CPU; large ones are shared
/// among `threads()` threads (with `std`; on one thread for a while after a product that
/// found the other cores busy). Backprop's transposed products read their operand in place:
///
/// ```
/// use scratchnet::gemm::{self, MatRef};
///
/// let (m, k, n) = (4, 3, 2);
/// let a = [1., 0., 2., 0., 1., 1., 3., 1., 0., 1., 1., 1.]; // m × k
/// let delta = [1., -1., 0., 2., 1., 1., -2., 0.]; //           m × n
/// let a = MatRef::row_major(&a, m, k);
/// let delta = MatRef::row_major(&delta, m, n);
///
/// let mut d_w = vec![0.0; k * n]; // aᵀ · δ: (k × m) · (m × n)
/// gemm::gemm_into(a.t(), delta, &mut d_w);
/// assert_eq!(d_w, [2., 2., -1., 3., 0., 0.]);
///
/// let mut back = vec![0.0; m * k]; // δ · (aᵀ·δ)ᵀ: (m × n) · (n × k)
/// let d_w = MatRef::row_major(&d_w, k, n);
/// gemm::gemm_into(delta, d_w.t(), &mut back);
/// assert_eq!(back[..3], [0., -4., 0.]);
/// ```
///
/// # Panics
/// If `A`'s columns differ from `B`'s rows (`gemm: (4×3)·(4×1) — inner dimensions 3 and 4
/// differ`), or `c` does not hold `m · n` values (`gemm: c has 5 values, expected m·n = 2·3`).
pub fn gemm_into<T: Float>(a: MatRef<'_, T>, b: MatRef<'_, T>, c: &mut [T]) {
    check_shapes(&a, &b, c);
    let size = a.rows().saturating_mul(a.cols()).saturating_mul(b.cols());
    if size <= tiny::TINY_MAX {
        // Tiny: the plain loop's sums, on every CPU.
        tiny::product(&a, &b, c);
        return;
    }
    #[cfg(feature = "std")]
    let threads = if size >= THREADS_MIN && !threads::contended() {
        threads()
    } else {
        1
    };
    #[cfg(not(feature = "std"))]
    let threads = 1;
    run(Checked::detect(), threads, a, b, c, false);
}

/// `C = A · B`, or with `accumulate` `C = C + A · B` (each `Cᵢⱼ`'s sum continued from its
/// value), on the calling thread with [`Kernel::detect`]: for a product cut into pieces along
/// k, computed piece after piece, and for the pieces of training shared among threads.
///
/// ```text
/// a: m × k    b: k × n    c: m × n, row-major
/// ```
///
/// It goes through the loop nests whatever the size, never the plain loop of `tiny.rs`
/// (which rounds twice per step): so the pieces give, bit for bit, what [`gemm_into`] gives
/// for a whole product of more than 512 multiply-adds, on one thread or several.
///
/// # Panics
/// If the shapes do not fit, as [`gemm_into`].
pub(crate) fn gemm_continue_into<T: Float>(
    a: MatRef<'_, T>,
    b: MatRef<'_, T>,
    c: &mut [T],
    accumulate: bool,
) {
    check_shapes(&a, &b, c);
    run(Checked::detect(), 1, a, b, c, accumulate);
}

/// `C = A · B` into the caller's buffer (overwritten), with the given kernel on up to
/// `threads` threads, whatever the size: for tests and benchmarks.
///
/// ```text
/// a: m × k    b: k × n    c: m × n, row-major: Cᵢⱼ at c[i · n + j]
/// ```
///
/// The rows of C are shared among the threads in bands of whole tiles, so fewer threads
/// run when there are fewer tiles. Without `std` there are no threads and `threads` only has
/// to be at least 1. The result is the same, bit for bit, for every `threads`.
///
/// ```
/// use scratchnet::gemm::{self, Kernel, MatRef};
///
/// let a: Vec<f32> = (0..64 * 64).map(|x| (x % 7) as f32).collect();
/// let a = MatRef::row_major(&a, 64, 64);
/// let mut reference = vec![f32::NAN; 64 * 64];
/// gemm::gemm_into_with(Kernel::Portable, 1, a, a.t(), &mut reference);
/// for kernel in Kernel::available() {
///     let mut c = vec![f32::NAN; 64 * 64];
///     gemm::gemm_into_with(kernel, 3, a, a.t(), &mut c);
///     assert_eq!(c, reference); // small integers: every kernel is exact
/// }
/// ```
///
/// # Panics
/// If the shapes do not fit (as [`gemm_into`]), if `threads` is 0
/// (`gemm: threads must be at least 1`), or if this machine cannot run `kernel`
/// (`gemm: the avx512f kernel needs CPU features this machine lacks`).
pub fn gemm_into_with<T: Float>(
    kernel: Kernel,
    threads: usize,
    a: MatRef<'_, T>,
    b: MatRef<'_, T>,
    c: &mut [T],
) {
    check_shapes(&a, &b, c);
    assert!(threads >= 1, "gemm: threads must be at least 1");
    run(Checked::new(kernel), threads, a, b, c, false);
}

/// Panics unless `a · b` is defined and `c` has its `m · n` values.
fn check_shapes<T: Copy>(a: &MatRef<'_, T>, b: &MatRef<'_, T>, c: &[T]) {
    assert!(
        a.cols() == b.rows(),
        "gemm: ({}×{})·({}×{}) — inner dimensions {} and {} differ",
        a.rows(),
        a.cols(),
        b.rows(),
        b.cols(),
        a.cols(),
        b.rows()
    );
    assert!(
        a.rows().checked_mul(b.cols()) == Some(c.len()),
        "gemm: c has {} values, expected m·n = {}·{}",
        c.len(),
        a.rows(),
        b.cols()
    );
}

/// `C = A · B` (or `C = C + A · B` with `accumulate`, see [`product`]) with `kernel` on
/// up to `threads` threads, computing in the element type of `T`'s size (`T` is `f32` or
/// `f64`, the only two [`Float`]s).
fn run<T: Float>(
    kernel: Checked,
    threads: usize,
    a: MatRef<'_, T>,
    b: MatRef<'_, T>,
    c: &mut [T],
    accumulate: bool,
) {
    if size_of::<T>() == size_of::<f32>() {
        run_as::<T, f32>(kernel, threads, a, b, c, accumulate);
    } else {
        run_as::<T, f64>(kernel, threads, a, b, c, accumulate);
    }
}

/// [`run`], computing in `E`.
fn run_as<T: Float, E: Dispatch>(
    kernel: Checked,
    threads: usize,
    a: MatRef<'_, T>,
    b: MatRef<'_, T>,
    c: &mut [T],
    accumulate: bool,
) {
    debug_assert_eq!(size_of::<T>(), size_of::<E>());
    #[cfg(feature = "std")]
    if threads > 1 {
        let (bands, band) = threads::bands(threads, E::blocking(kernel.kernel()).mr, a.rows());
        E::with_buffers(bands, |buffers| {
            threads::split_rows(buffers, band, a, b, c, |a, b, c, buffer| {
                product::<T, E>(kernel, a, b, c, buffer, accumulate);
            });
        });
        return;
    }
    #[cfg(not(feature = "std"))]
    let _ = threads; // no threads without std: the calling thread does it all
    E::with_buffers(1, |buffers| {
        product::<T, E>(kernel, a, b, c, &mut buffers[0], accumulate)
    });
}

/// `C = A · B` with `kernel`, on the calling thread: [`row_loop`](nest::row_loop) for
/// products with fewer rows than a tile or at most [`ROW_LOOP_MAX`](nest::ROW_LOOP_MAX)
/// multiply-adds, else the five loops of `nest.rs` with the kernel's tile for `n` columns
/// ([`Dispatch::blocking_for`]) packing into `buffer`; either compiled for the kernel's CPU.
///
/// ```text
/// a: m × k    b: k × n    c: m × n, row-major: overwritten, or with `accumulate`
///                         C = C + A · B, each Cᵢⱼ's sum continued from its value
/// ```
///
/// Continuing the sums, a product cut along k into pieces `A = (A₁ A₂)`, `B = (B₁; B₂)` and
/// computed as `C = A₁·B₁`, then `C = C + A₂·B₂`, is the whole product bit for bit: the same
/// operations in the same order, as between the blocks of `KC` steps.
fn product<T: Float, E: Dispatch>(
    kernel: Checked,
    a: MatRef<'_, T>,
    b: MatRef<'_, T>,
    c: &mut [T],
    buffer: &mut Vec<E>,
    accumulate: bool,
) {
    let (m, k, n) = (a.rows(), a.cols(), b.cols());
    debug_assert_eq!(c.len(), m * n);
    let blocking = E::blocking_for(kernel.kernel(), n);
    if m < blocking.mr || m.saturating_mul(k).saturating_mul(n) <= nest::ROW_LOOP_MAX {
        E::compute(kernel, nest::Loops::RowByRow, a, b, c, &mut [], accumulate);
        return;
    }
    let (a_len, b_len) = nest::buffer_lengths::<E>(blocking, m, k, n);
    let buffer = pack::aligned(buffer, a_len + b_len);
    E::compute(
        kernel,
        nest::Loops::Blocked(blocking),
        a,
        b,
        c,
        buffer,
        accumulate,
    );
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use alloc::vec;
    use alloc::vec::Vec;

    use super::{Kernel, MatRef, gemm_continue_into, gemm_into, gemm_into_with, threads};
    use crate::XorShift;

    /// A product shared among 3 threads when the system refuses every new one (as under
    /// `ulimit -u`) runs on the calling thread alone, and gives the bits of one thread.
    #[test]
    fn a_refused_thread_is_one_fewer_with_the_same_bits() {
        let (m, k, n) = (300, 200, 150);
        let mut rng = XorShift::new(3);
        let a: Vec<f64> = (0..m * k).map(|_| rng.normal()).collect();
        let b: Vec<f64> = (0..k * n).map(|_| rng.normal()).collect();
        let (a, b) = (MatRef::row_major(&a, m, k), MatRef::row_major(&b, k, n));
        let mut one = vec![f64::NAN; m * n];
        gemm_into_with(Kernel::detect(), 1, a, b, &mut one);
        let before = threads::refuse_threads(true);
        let mut refused = vec![f64::NAN; m * n];
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            gemm_into_with(Kernel::detect(), 3, a, b, &mut refused);
        }));
        let after = threads::refuse_threads(false);
        assert!(result.is_ok(), "a refused thread panicked");
        assert!(
            after > before,
            "no thread was refused: the product did not ask for one"
        );
        assert!(one == refused, "other bits than on one thread");
    }

    /// A product cut along k into pieces, each continuing the sums of the last, is the whole
    /// product bit for bit: on random data (where a different order or rounding would show),
    /// A row-major and transposed, pieces empty, short and across the blocks of 256 steps,
    /// and few rows (the row-by-row loop) as well as many (the five loops).
    #[test]
    fn pieces_along_k_continue_to_the_whole_product() {
        let mut rng = XorShift::new(5);
        for (m, k, n) in [(3, 600, 7), (40, 9, 33), (64, 700, 10), (130, 530, 129)] {
            let a: Vec<f64> = (0..m * k).map(|_| rng.normal()).collect();
            let b: Vec<f64> = (0..k * n).map(|_| rng.normal()).collect();
            let at: Vec<f64> = (0..k * m).map(|i| a[(i % m) * k + i / m]).collect();
            let b_view = MatRef::row_major(&b, k, n);
            for a_view in [
                MatRef::row_major(&a, m, k),
                MatRef::row_major(&at, k, m).t(),
            ] {
                let mut whole = vec![f64::NAN; m * n];
                gemm_into(a_view, b_view, &mut whole);
                let blocks = [0, 0, 1, 255, 256, 257, k, k].map(|p| p.min(k));
                for cuts in [&[0, k][..], &blocks, &[0, k / 3, k]] {
                    let mut c = vec![f64::NAN; m * n];
                    for (piece, cut) in cuts.windows(2).enumerate() {
                        let (p0, p1) = (cut[0], cut[1]);
                        let a_piece = a_view.block(0, m, p0, p1 - p0);
                        let b_piece = b_view.block(p0, p1 - p0, 0, n);
                        gemm_continue_into(a_piece, b_piece, &mut c, piece > 0);
                    }
                    let same = c
                        .iter()
                        .zip(&whole)
                        .all(|(x, y)| x.to_bits() == y.to_bits());
                    assert!(same, "{m}×{k}·{k}×{n} cut at {cuts:?}");
                }
            }
        }
    }
}
