//! The micro-kernel, and the two loops around it that walk one packed block (loops 4 and 5).
//!
//! The micro-kernel computes one `MR × NR` tile of C from a sliver of A (`MR` rows, `kc`
//! deep; packed, or read in place, [`Sliver`]) and a sliver of packed B (`kc` deep, `NR`
//! columns), as `kc` rank-1 updates of an accumulator that lives in vector registers:
//!
//! ```text
//! ab = 0 (first block of k)   or   ab = C (later blocks)      ab: MR × NR, in registers
//! for p in 0..kc:
//!     ab[i][j] = a_p[i] · b_p[j] + ab[i][j]            a_p = A(·, p): MR values, one sliver column
//!                                                      b_p = B(p, ·): NR values, one sliver row
//! C = ab
//! ```
//!
//! Starting a later block from C rather than from 0 keeps the plain loop's order of summation
//! (`((C + a₀b₀) + a₁b₁) + …`) across the blocks of k, so that the result does not depend on
//! the block size.
//!
//! Per step `p` the kernel loads `NR / lanes` vectors of B, broadcasts `MR` values of A and
//! issues `MR · NR / lanes` multiply-adds, each into its own accumulator: on AVX-512 with
//! `f64` (8 lanes) and an 8 × 24 tile that is 3 loads, 8 broadcasts and 24 fused
//! multiply-adds, enough independent work to keep both FMA units of a core busy.
//!
//! It is plain Rust; the compiler vectorises it. Two things matter for that, both measured:
//!
//! * The rows are written out one by one (the `micro_kernel!` macro) instead of a
//!   `for i in 0..MR` loop: past about 64 accumulators the compiler stopped unrolling the row
//!   loop and the kernel fell from tens of GFLOP/s to 5. The columns stay a loop over a
//!   fixed-size array, which becomes `NR / lanes` vector instructions.
//! * The multiply-add is a parameter ([`MulAdd`]). Rust never fuses `a * b + c` into one
//!   instruction by itself (that would change the rounding), so the kernels compiled for FMA
//!   call `mul_add` explicitly, and the portable kernel keeps `a * b + c`, because `mul_add`
//!   on a CPU without FMA is a slow library call.

use core::ops::{Add, Mul};

use crate::Float;

/// A type the kernels compute in: `f32` or `f64`.
///
/// The public functions take any [`Float`]; since `Float` is implemented for `f32` and `f64`
/// alone, every `T: Float` is one of these two, and packing turns `T` into the `Element` of
/// the same size. The conversions go through `f64` and are exact (an `f32` widened to `f64`
/// and narrowed back is itself), and the compiler removes them.
pub(super) trait Element:
    Copy + Send + Sync + Add<Output = Self> + Mul<Output = Self> + 'static
{
    /// 0.
    const ZERO: Self;
    /// `x`, which has this type's size, as this type (exact).
    fn from_float<T: Float>(x: T) -> Self;
    /// `self` as `T`, which has this type's size (exact).
    fn to_float<T: Float>(self) -> T;
    /// `a · b + c` with one rounding: the FMA instruction where the caller is compiled for it.
    #[cfg(all(feature = "std", any(target_arch = "x86", target_arch = "x86_64")))]
    fn fused_mul_add(a: Self, b: Self, c: Self) -> Self;
}

impl Element for f64 {
    const ZERO: f64 = 0.0;
    #[inline(always)]
    fn from_float<T: Float>(x: T) -> f64 {
        x.to_f64()
    }
    #[inline(always)]
    fn to_float<T: Float>(self) -> T {
        T::from_f64(self)
    }
    #[cfg(all(feature = "std", any(target_arch = "x86", target_arch = "x86_64")))]
    #[inline(always)]
    fn fused_mul_add(a: f64, b: f64, c: f64) -> f64 {
        a.mul_add(b, c)
    }
}

impl Element for f32 {
    const ZERO: f32 = 0.0;
    #[inline(always)]
    #[allow(clippy::cast_possible_truncation)]
    fn from_float<T: Float>(x: T) -> f32 {
        x.to_f64() as f32
    }
    #[inline(always)]
    fn to_float<T: Float>(self) -> T {
        T::from_f64(f64::from(self))
    }
    #[cfg(all(feature = "std", any(target_arch = "x86", target_arch = "x86_64")))]
    #[inline(always)]
    fn fused_mul_add(a: f32, b: f32, c: f32) -> f32 {
        a.mul_add(b, c)
    }
}

/// How a kernel forms `a · b + c`.
pub(super) trait MulAdd {
    /// `a · b + c`.
    fn mul_add<E: Element>(a: E, b: E, c: E) -> E;
}

/// `a * b + c`: two roundings, two instructions; what every CPU runs.
pub(super) struct Unfused;

impl MulAdd for Unfused {
    #[inline(always)]
    fn mul_add<E: Element>(a: E, b: E, c: E) -> E {
        a * b + c
    }
}

/// `mul_add`: one rounding, one FMA instruction in a function compiled with
/// `#[target_feature(enable = "fma")]`.
#[cfg(all(feature = "std", any(target_arch = "x86", target_arch = "x86_64")))]
pub(super) struct Fused;

#[cfg(all(feature = "std", any(target_arch = "x86", target_arch = "x86_64")))]
impl MulAdd for Fused {
    #[inline(always)]
    fn mul_add<E: Element>(a: E, b: E, c: E) -> E {
        E::fused_mul_add(a, b, c)
    }
}

/// The micro-kernels: `<Micro as MicroKernel<MR>>::tile` is the one with `MR` rows.
///
/// A trait rather than a function passed as an argument: a call through a trait method on a
/// type parameter is a direct call, always inlined into the `#[target_feature]` function that
/// makes it (and so compiled for its features); a function passed as a value was, for the
/// larger tiles, left as a call to a copy compiled without them.
pub(super) struct Micro;

/// A sliver of A, `MR` rows by `kc` steps, as the micro-kernel reads it: step after step,
/// `a_p = A(0 … MR−1, p)`, `MR` values each.
pub(super) trait Sliver<E: Element, const MR: usize>: Copy {
    /// The steps `a_p`, p = 0, 1, …, kc−1.
    fn steps(self) -> impl Iterator<Item = [E; MR]>;
}

/// A packed sliver (`pack.rs`): `kc` steps of `MR` values, one after the other.
#[derive(Clone, Copy)]
pub(super) struct Packed<'a, E>(pub &'a [E]);

impl<E: Element, const MR: usize> Sliver<E, MR> for Packed<'_, E> {
    #[inline(always)]
    fn steps(self) -> impl Iterator<Item = [E; MR]> {
        self.0
            .chunks_exact(MR)
            .map(|a_p| a_p.try_into().expect("chunks_exact gives MR values"))
    }
}

/// `MR` rows of A read in place from its rows, `kc` consecutive values each (A row-major):
/// `a_p[i] = rows[i][p]`.
#[derive(Clone, Copy)]
pub(super) struct Rows<'a, T, const MR: usize>(pub [&'a [T]; MR]);

impl<E: Element, T: Float, const MR: usize> Sliver<E, MR> for Rows<'_, T, MR> {
    #[inline(always)]
    fn steps(self) -> impl Iterator<Item = [E; MR]> {
        let kc = self.0[0].len();
        // Every row cut to kc values, so that the compiler knows `p < kc` is in every row.
        let mut rows = self.0;
        for row in &mut rows {
            *row = &row[..kc];
        }
        // (Loops rather than `array::map`, which was left as a call, out of the kernel.)
        (0..kc).map(move |p| {
            let mut a_p = [E::ZERO; MR];
            for (a_ip, row) in a_p.iter_mut().zip(&rows) {
                *a_ip = E::from_float(row[p]);
            }
            a_p
        })
    }
}

/// `MR` rows of A read in place from its columns (A = Xᵀ for a row-major X): step `p` is the
/// `MR` consecutive values at `data[p · step..]`.
#[derive(Clone, Copy)]
pub(super) struct Columns<'a, T> {
    pub data: &'a [T],
    pub step: usize,
    pub kc: usize,
}

impl<E: Element, T: Float, const MR: usize> Sliver<E, MR> for Columns<'_, T> {
    #[inline(always)]
    fn steps(self) -> impl Iterator<Item = [E; MR]> {
        (0..self.kc).map(move |p| {
            let mut a_p = [E::ZERO; MR];
            for (a_ip, &x) in a_p.iter_mut().zip(&self.data[p * self.step..][..MR]) {
                *a_ip = E::from_float(x);
            }
            a_p
        })
    }
}

/// The micro-kernel with `MR` rows.
pub(super) trait MicroKernel<const MR: usize> {
    /// `C = Σₚ a_p b_pᵀ`, or with `accumulate` the sum continued from C,
    /// `C = (…((C + a₀b₀ᵀ) + a₁b₁ᵀ) + …)`: the `MR × NR` tile of a sliver of A (`kc` steps
    /// `a_p` of `MR` values, packed or in place) and a sliver of packed B (`kc` steps `b_p` of
    /// `NR` values). C is `MR × NR`, rows `ldc` apart.
    fn tile<S: Sliver<E, MR>, E: Element, T: Float, M: MulAdd, const NR: usize>(
        a: S,
        b: &[E],
        c: &mut [T],
        ldc: usize,
        accumulate: bool,
    );
}

/// Implements [`MicroKernel`] for `MR` rows, written out one by one:
/// `micro_kernel!(MR, [0 1 … MR−1])`.
///
/// The accumulator `ab` is only ever indexed by constants, in the loop and in the stores to
/// C, so that the compiler keeps all of it in registers; a row picked at run time (as the
/// edge tiles would need) sends it to memory and the kernel slows down several times.
macro_rules! micro_kernel {
    ($mr:literal, [$($i:literal)+]) => {
        impl MicroKernel<$mr> for Micro {
            #[inline(always)]
            fn tile<S: Sliver<E, $mr>, E: Element, T: Float, M: MulAdd, const NR: usize>(
                a: S,
                b: &[E],
                c: &mut [T],
                ldc: usize,
                accumulate: bool,
            ) {
                let mut ab = [[E::ZERO; NR]; $mr];
                if accumulate {
                    $(
                        let c_i: &[T; NR] = c[$i * ldc..][..NR].try_into().expect("NR values");
                        for (ab_ij, &c_ij) in ab[$i].iter_mut().zip(c_i) {
                            *ab_ij = E::from_float(c_ij);
                        }
                    )+
                }
                for (a_p, b_p) in a.steps().zip(b.chunks_exact(NR)) {
                    // A copy of the row b_p, loaded once for all MR rows. Read through the
                    // slice, the f32 kernels loaded part of it twice for some rows, in a second
                    // register pieced together from 16-byte loads: 2 extra instructions on an
                    // FMA port every step, 10% of the f32 speed at n = 512.
                    let b_p: [E; NR] = *<&[E; NR]>::try_from(b_p).expect("chunks_exact gives NR");
                    $(
                        let a_ip = a_p[$i];
                        for (ab_ij, &b_pj) in ab[$i].iter_mut().zip(&b_p) {
                            *ab_ij = M::mul_add(a_ip, b_pj, *ab_ij);
                        }
                    )+
                }
                $(
                    let c_i: &mut [T; NR] =
                        (&mut c[$i * ldc..][..NR]).try_into().expect("NR values");
                    for (c_ij, &ab_ij) in c_i.iter_mut().zip(&ab[$i]) {
                        *c_ij = ab_ij.to_float();
                    }
                )+
            }
        }
    };
}

micro_kernel!(4, [0 1 2 3]);
#[cfg(all(feature = "std", any(target_arch = "x86", target_arch = "x86_64")))]
micro_kernel!(6, [0 1 2 3 4 5]);
#[cfg(all(feature = "std", any(target_arch = "x86", target_arch = "x86_64")))]
micro_kernel!(8, [0 1 2 3 4 5 6 7]);

/// The register tile and the cache blocks of one kernel for one element type.
///
/// ```text
/// mr × nr   the tile of C a micro-kernel call computes (in registers)
/// mc × kc   a block of A, packed (sized for the L2 cache)
/// kc × nc   a panel of B, packed (sized for the L3 cache); a kc × nr sliver about fills L1
/// ```
#[derive(Clone, Copy, Debug)]
pub(super) struct Blocking {
    pub mr: usize,
    pub nr: usize,
    pub mc: usize,
    pub kc: usize,
    pub nc: usize,
}

/// Loops 4 and 5: every `MR × NR` tile of one block, the micro-kernel with `MR` rows and
/// multiply-add `M` computing each.
///
/// ```text
/// a: mc rows of A, kc deep: ⌈mc/MR⌉ slivers of kc × MR, top to bottom (packed or in place)
/// b: nc columns of B, kc deep, packed as ⌈nc/NR⌉ slivers of kc × NR
/// c: C from the block's element (0, 0) on, rows ldc apart; the block is mc × nc
///
/// loop 4: for jr in (0..nc).step_by(NR)    one sliver of B (kc × NR), kept in L1
/// loop 5:   for ir in (0..mc).step_by(MR)  one sliver of A (kc × MR), streamed from L2
///             C[ir.., jr..] (=|+=) tile(A sliver, B sliver)     (clipped at the edges)
/// ```
///
/// `accumulate` is `false` for the first block of k (`C = A·B` overwrites C) and `true` after
/// (`C += A·B`). Always inlined, so that it is compiled with the target features of its
/// caller.
#[inline(always)]
pub(super) fn macro_kernel<
    S: Sliver<E, MR>,
    E: Element,
    T: Float,
    M: MulAdd,
    const MR: usize,
    const NR: usize,
>(
    a: impl Iterator<Item = S> + Clone,
    b: &[E],
    c: &mut [T],
    ldc: usize,
    mc: usize,
    nc: usize,
    accumulate: bool,
) where
    Micro: MicroKernel<MR>,
{
    let kc = b.len() / nc.next_multiple_of(NR);
    // A tile at the bottom or right edge of C, of which only the top-left mr × nr is in C, is
    // computed in this full-size copy, then that part is copied out. (One call of the
    // micro-kernel for both cases: one copy of it to compile.)
    let mut edge = [[T::ZERO; NR]; MR];
    for (jr, b_sliver) in b.chunks_exact(NR * kc).enumerate() {
        let j0 = jr * NR;
        let nr = NR.min(nc - j0);
        for (ir, a_sliver) in a.clone().enumerate() {
            let i0 = ir * MR;
            let mr = MR.min(mc - i0);
            let c_tile = &mut c[i0 * ldc + j0..];
            let full = mr == MR && nr == NR;
            if !full && accumulate {
                for (edge_i, c_i) in edge.iter_mut().zip(c_tile.chunks(ldc)).take(mr) {
                    edge_i[..nr].copy_from_slice(&c_i[..nr]);
                }
            }
            let (target, ld) = if full {
                (&mut *c_tile, ldc)
            } else {
                (edge.as_flattened_mut(), NR)
            };
            Micro::tile::<S, E, T, M, NR>(a_sliver, b_sliver, target, ld, accumulate);
            if !full {
                for (edge_i, c_i) in edge.iter().zip(c_tile.chunks_mut(ldc)).take(mr) {
                    c_i[..nr].copy_from_slice(&edge_i[..nr]);
                }
            }
        }
    }
}
