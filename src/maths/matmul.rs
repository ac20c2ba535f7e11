//! The matrix product, the hot loop of every neural network, as plain loops: the definition
//! to read, and the oracle that the fast [`gemm`](crate::gemm) is tested against.
//!
//! ```text
//! C = A · B        A is m × k, B is k × n, C is m × n
//! Cᵢⱼ = Σₚ Aᵢₚ · Bₚⱼ        (p = 0 … k−1)
//! ```
//!
//! All three matrices are flat row-major slices, as [`Matrix`](crate::Matrix) stores them.
//! Indices follow the maths: `i` runs over the m rows of `A` and `C`, `p` over the k columns of
//! `A` (rows of `B`), `j` over the n columns of `B` and `C`.

use crate::Float;

/// Adds `A · B` into `C` with the plain triple loop: `Cᵢⱼ += Σₚ Aᵢₚ · Bₚⱼ`.
///
/// ```text
/// a: m × k    b: k × n    c: m × n    (row-major; c usually starts at zero)
/// ```
///
/// The loops run in the order i, p, j rather than the textbook i, j, p. Each `Cᵢⱼ` still
/// receives its k products in the order p = 0, 1, …, k−1, so the result is bit-identical to
/// the textbook loop; but the innermost loop now walks along a row of `B` and a row of `C`,
/// which sit next to each other in memory, instead of striding down a column of `B`. On the
/// machine we measure on, that alone is about four times faster at n = 256.
///
/// ```
/// use scratchnet::matmul::matmul;
/// // (1 2)   (5)   (17)
/// // (3 4) · (6) = (39)
/// let mut c = [0.0; 2];
/// matmul(2, 2, 1, &[1., 2., 3., 4.], &[5., 6.], &mut c);
/// assert_eq!(c, [17., 39.]);
/// ```
///
/// # Panics
/// If a slice's length is not the product of its dimensions, naming the slice and both sizes.
pub fn matmul<T: Float>(m: usize, k: usize, n: usize, a: &[T], b: &[T], c: &mut [T]) {
    assert!(
        a.len() == m * k,
        "matmul: a has {} values, expected m·k = {m}·{k}",
        a.len()
    );
    assert!(
        b.len() == k * n,
        "matmul: b has {} values, expected k·n = {k}·{n}",
        b.len()
    );
    assert!(
        c.len() == m * n,
        "matmul: c has {} values, expected m·n = {m}·{n}",
        c.len()
    );
    for i in 0..m {
        for p in 0..k {
            let a_ip = a[i * k + p];
            for j in 0..n {
                c[i * n + j] += a_ip * b[p * n + j];
            }
        }
    }
}

/// Adds `Aᵀ · B` into `C`, reading `A` in place: `Cᵢⱼ += Σₚ Aₚᵢ · Bₚⱼ`.
///
/// ```text
/// a: k × m (so aᵀ is m × k)    b: k × n    c: m × n
/// ```
///
/// Backpropagation's `∂J/∂W_l = a_{l−1}ᵀ · δ_l` without building the transpose. The sum runs
/// over p = 0 … k−1 in order, so the result has the bits of `transpose()` then [`matmul`].
///
/// ```
/// use scratchnet::matmul::matmul_tn;
/// // a = (1 2), so aᵀ = (1 2)ᵀ;  aᵀ·(3 4) = ((3 4), (6 8))
/// let mut c = [0.0; 4];
/// matmul_tn(2, 1, 2, &[1., 2.], &[3., 4.], &mut c);
/// assert_eq!(c, [3., 4., 6., 8.]);
/// ```
///
/// # Panics
/// If a slice's length is not the product of its dimensions, naming the slice and both sizes.
pub fn matmul_tn<T: Float>(m: usize, k: usize, n: usize, a: &[T], b: &[T], c: &mut [T]) {
    assert!(
        a.len() == k * m,
        "matmul_tn: a has {} values, expected k·m = {k}·{m}",
        a.len()
    );
    assert!(
        b.len() == k * n,
        "matmul_tn: b has {} values, expected k·n = {k}·{n}",
        b.len()
    );
    assert!(
        c.len() == m * n,
        "matmul_tn: c has {} values, expected m·n = {m}·{n}",
        c.len()
    );
    for i in 0..m {
        for p in 0..k {
            let a_pi = a[p * m + i];
            for j in 0..n {
                c[i * n + j] += a_pi * b[p * n + j];
            }
        }
    }
}

/// Adds `A · Bᵀ` into `C`, reading `B` in place: `Cᵢⱼ += Σₚ Aᵢₚ · Bⱼₚ`.
///
/// ```text
/// a: m × k    b: n × k (so bᵀ is k × n)    c: m × n
/// ```
///
/// Backpropagation's `δ_l · W_lᵀ` without building the transpose. The sum runs over
/// p = 0 … k−1 in order, so the result has the bits of `transpose()` then [`matmul`].
///
/// ```
/// use scratchnet::matmul::matmul_nt;
/// // (1 2) · (3 4)ᵀ = 1·3 + 2·4 = 11
/// let mut c = [0.0];
/// matmul_nt(1, 2, 1, &[1., 2.], &[3., 4.], &mut c);
/// assert_eq!(c, [11.]);
/// ```
///
/// # Panics
/// If a slice's length is not the product of its dimensions, naming the slice and both sizes.
pub fn matmul_nt<T: Float>(m: usize, k: usize, n: usize, a: &[T], b: &[T], c: &mut [T]) {
    assert!(
        a.len() == m * k,
        "matmul_nt: a has {} values, expected m·k = {m}·{k}",
        a.len()
    );
    assert!(
        b.len() == n * k,
        "matmul_nt: b has {} values, expected n·k = {n}·{k}",
        b.len()
    );
    assert!(
        c.len() == m * n,
        "matmul_nt: c has {} values, expected m·n = {m}·{n}",
        c.len()
    );
    for i in 0..m {
        for j in 0..n {
            let mut c_ij = c[i * n + j];
            for p in 0..k {
                c_ij += a[i * k + p] * b[j * k + p];
            }
            c[i * n + j] = c_ij;
        }
    }
}
