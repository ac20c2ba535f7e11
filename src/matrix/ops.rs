//! The two loops a layer of a network runs, on slices and views rather than whole
//! matrices, so that a band of rows (some of the samples) can be computed on its own:
//!
//! ```text
//! product_into:      C = A · B            A: m × k, B: k × n, C: m × n
//! product_add_into:  C = C + A · B        each Cᵢⱼ's sum continued from its value
//! map_pair:          (aᵢ, bᵢ) = f(xᵢ)     elementwise, x, a and b of one length
//! ```
//!
//! What they compute is defined by the plain loops ([`matmul`](crate::matmul) for the
//! products, a `for` loop for the map); how it is made fast — packing, blocking, the
//! micro-kernels, the vector width chosen at run time — is [`gemm`]'s business,
//! and nothing here or above needs to know it.

use crate::Float;
use crate::gemm;
use crate::maths::view::MatRef;

/// `C = A · B`, into `c` (overwritten): what [`Matrix::dot_into`](crate::Matrix::dot_into)
/// computes, for views.
///
/// ```text
/// a: m × k    b: k × n    c: m × n, row-major
/// ```
///
/// # Panics
/// If `A`'s columns differ from `B`'s rows, or `c` does not hold `m · n` values, naming both.
pub(crate) fn product_into<T: Float>(a: MatRef<'_, T>, b: MatRef<'_, T>, c: &mut [T]) {
    gemm::gemm_into(a, b, c);
}

/// `C = A · B` (`accumulate` false) or `C = C + A · B` (true), each `Cᵢⱼ`'s sum continued
/// term after term, on the calling thread: a sum over the samples computed band after band
/// of samples gives the sum over all of them, bit for bit, as long as the whole product has
/// more than 512 multiply-adds (smaller ones round differently, see [`gemm`]).
///
/// ```text
/// a: m × k    b: k × n    c: m × n, row-major
/// ```
///
/// # Panics
/// As [`product_into`].
pub(crate) fn product_add_into<T: Float>(
    a: MatRef<'_, T>,
    b: MatRef<'_, T>,
    c: &mut [T],
    accumulate: bool,
) {
    gemm::gemm_continue_into(a, b, c, accumulate);
}

/// `(firstᵢ, secondᵢ) = f(xᵢ)` for every i, bit for bit the plain loop, compiled for the
/// widest vectors the CPU has: a layer's `a = f(z)` and `f′(z)` in one pass over `z`.
///
/// # Panics
/// If `x`, `first` and `second` differ in length.
pub(crate) fn map_pair<T: Float>(
    x: &[T],
    first: &mut [T],
    second: &mut [T],
    f: impl Fn(T) -> (T, T) + Copy,
) {
    gemm::map_pair(x, first, second, f);
}
