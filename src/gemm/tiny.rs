//! Tiny products, `m · k · n ≤ 512` (the post's network: 4 × 3 · 3 × 4 and the like), as the
//! plain loop computes them, with a block of each row of C in registers.
//!
//! ```text
//! Cᵢⱼ = ((0 + Aᵢ₀ · B₀ⱼ) + Aᵢ₁ · B₁ⱼ) + … + Aᵢ,ₖ₋₁ · Bₖ₋₁,ⱼ        each · and + rounded
//! ```
//!
//! At these sizes a product takes tens of nanoseconds, and what surrounds the multiply-adds
//! costs as much as they do: a row of C written back to memory and read again for every p,
//! bounds checks, loops too short for their vector code to pay. So C is computed in blocks of
//! at most [`WIDTH_MAX`] columns whose width `W` is a constant of the compiled kernel:
//!
//! ```text
//! for each block of W columns, j0 = 0, 8, 16, …     (W = 8, the last block what remains)
//!     for i in 0..m
//!         c = [0; W]                                 in registers
//!         for p in 0..k:  c += Aᵢₚ · B(p, j0 .. j0 + W)
//!         C(i, j0 .. j0 + W) = c
//! ```
//!
//! With `W` known, the innermost loop is unrolled into `W` independent multiply-adds and the
//! block never leaves the registers. B's row block is read from B's rows when they are
//! contiguous (`A · B`, `Aᵀ · B`: the forward pass's `a_{l−1} · W_l` and backprop's
//! `a_{l−1}ᵀ · δ_l`), or gathered from its columns when those are (`A · Bᵀ`: backprop's
//! `δ_l · W_lᵀ`); A is read through its strides, one value per p. Any other layout runs
//! [`nest::row_loop`](super::nest::row_loop), the plain loop through strides.
//!
//! Measured on the 2-core AVX-512 Xeon (`f64`, one product after another): the post's eight
//! products per epoch take 22–36 ns each, where the strided plain loop took 60–160 ns; and
//! `cargo bench --bench matmul` times 4 × 4 · 4 × 4 at 47 ns, against 96 ns before.
//!
//! Each `Cᵢⱼ` receives the same products, from 0, in the same order p = 0, 1, …, k−1, with
//! the same separate multiply and add as in [`matmul::matmul`](crate::matmul::matmul): only
//! the order in which different elements of C are computed changes, which does not change a
//! bit of any.

use core::array;
use core::mem::size_of;

use super::kernel::Unfused;
use super::nest::row_loop;
use crate::Float;
use crate::maths::view::MatRef;

/// The largest products, `m · k · n`, that [`gemm_into`](super::gemm_into) computes here, by
/// the plain loop's separate multiply and add on every CPU (larger ones go through the loop
/// nests, with the kernel's multiply-add: fused where the CPU has FMA).
pub(crate) const TINY_MAX: usize = 512;

/// The widest block of columns of C kept in registers: 8 values, one AVX-512 vector of `f64`.
const WIDTH_MAX: usize = 8;

/// `$kernel::<_, W>($arg, …)` with the constant `W` equal to `$width`, from 1 to
/// [`WIDTH_MAX`].
macro_rules! with_width {
    ($width:expr, $kernel:ident($($arg:expr),*)) => {
        match $width {
            1 => $kernel::<_, 1>($($arg),*),
            2 => $kernel::<_, 2>($($arg),*),
            3 => $kernel::<_, 3>($($arg),*),
            4 => $kernel::<_, 4>($($arg),*),
            5 => $kernel::<_, 5>($($arg),*),
            6 => $kernel::<_, 6>($($arg),*),
            7 => $kernel::<_, 7>($($arg),*),
            8 => $kernel::<_, 8>($($arg),*),
            width => unreachable!("gemm: a block of {width} columns"),
        }
    };
}

/// `C = A · B` as the plain loop computes it, for shapes that fit (`a.cols() == b.rows()`,
/// `c.len() == m · n`, checked by the caller).
///
/// ```text
/// a: m × k    b: k × n    c: m × n, row-major, overwritten
/// ```
///
/// The views are borrowed, not copied: copying them (as passing them by value does) read
/// back, 16 bytes at a time, fields the caller had just written 8 bytes at a time, a stall of
/// the store-to-load forwarding that cost about 10 ns per product, a fifth of the post's
/// epoch.
pub(super) fn product<T: Float>(a: &MatRef<'_, T>, b: &MatRef<'_, T>, c: &mut [T]) {
    let (m, k, n) = (a.rows(), a.cols(), b.cols());
    debug_assert_eq!(k, b.rows());
    debug_assert_eq!(c.len(), m * n);
    if k == 0 {
        c.fill(T::ZERO);
        return;
    }
    if b.col_stride() != 1 && b.row_stride() != 1 {
        // Neither B's rows nor its columns are contiguous: the plain loop through strides.
        if size_of::<T>() == size_of::<f32>() {
            return row_loop::<T, f32, Unfused>(*a, *b, c, false);
        }
        return row_loop::<T, f64, Unfused>(*a, *b, c, false);
    }
    for j0 in (0..n).step_by(WIDTH_MAX) {
        let width = WIDTH_MAX.min(n - j0);
        if b.col_stride() == 1 {
            with_width!(width, block_from_rows(a, b, j0, c));
        } else {
            with_width!(width, block_from_columns(a, b, j0, c));
        }
    }
}

/// Columns `j0 .. j0 + W` of `C = A · B`, B's rows contiguous (`col_stride = 1`):
/// `C(i, j0..) = Σₚ Aᵢₚ · B(p, j0..)`, p in order.
///
/// ```text
/// a: m × k, any strides    b: k × n, col_stride = 1    c: m × n, row-major
/// ```
fn block_from_rows<T: Float, const W: usize>(
    a: &MatRef<'_, T>,
    b: &MatRef<'_, T>,
    j0: usize,
    c: &mut [T],
) {
    let (m, k, n) = (a.rows(), a.cols(), b.cols());
    for i in 0..m {
        let mut c_block = [T::ZERO; W];
        for p in 0..k {
            let a_ip = a.at(i, p);
            let b_block = &b.data()[p * b.row_stride() + j0..][..W];
            for (c_ij, &b_pj) in c_block.iter_mut().zip(b_block) {
                *c_ij += a_ip * b_pj;
            }
        }
        c[i * n + j0..][..W].copy_from_slice(&c_block);
    }
}

/// Columns `j0 .. j0 + W` of `C = A · B`, B's columns contiguous (`row_stride = 1`, B = Wᵀ
/// read in place): `C(i, j0..) = Σₚ Aᵢₚ · B(p, j0..)`, p in order, `B(p, j)` read from column
/// j of B.
///
/// ```text
/// a: m × k, any strides    b: k × n, row_stride = 1    c: m × n, row-major
/// ```
fn block_from_columns<T: Float, const W: usize>(
    a: &MatRef<'_, T>,
    b: &MatRef<'_, T>,
    j0: usize,
    c: &mut [T],
) {
    let (m, k, n) = (a.rows(), a.cols(), b.cols());
    let b_columns: [&[T]; W] = array::from_fn(|j| &b.data()[(j0 + j) * b.col_stride()..][..k]);
    for i in 0..m {
        let mut c_block = [T::ZERO; W];
        for p in 0..k {
            let a_ip = a.at(i, p);
            for (c_ij, b_j) in c_block.iter_mut().zip(&b_columns) {
                *c_ij += a_ip * b_j[p];
            }
        }
        c[i * n + j0..][..W].copy_from_slice(&c_block);
    }
}
