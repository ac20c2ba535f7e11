//! The loop nests: five loops around the micro-kernel (GotoBLAS, BLIS) for most products,
//! and the plain loop, row by row, for the smallest and the thinnest.
//!
//! ```text
//! loop 1  for jc in (0..n).step_by(NC)        a panel of NC columns of B and C
//! loop 2    for pc in (0..k).step_by(KC)      KC steps of the sum over p
//!             pack B(pc.., jc..)              KC × NC → slivers of NR columns (L3)
//! loop 3      for ic in (0..m).step_by(MC)    a block of MC rows of A and C
//!               pack A(ic.., pc..)            MC × KC → slivers of MR rows (L2)
//! loop 4        for jr in (0..NC).step_by(NR)     one sliver of B (KC × NR, L1)
//! loop 5          for ir in (0..MC).step_by(MR)   one sliver of A (MR × KC)
//!                   micro-kernel: C(ic+ir.., jc+jr..) (=|+=) Σₚ A(·, p) B(p, ·)   MR × NR
//! ```
//!
//! Each level keeps its operand in one level of the memory hierarchy while the level inside
//! it runs: the `KC × NR` sliver of B stays in the L1 cache (or close: 48 KB for the AVX-512
//! `f64` kernel) across all `MC / MR` slivers of A in loop 5, the packed `MC × KC` block of A
//! stays in L2 across loop 4, and the packed B panel stays in L3 across loop 3. Loops 4 and 5
//! and the micro-kernel are in [`kernel`](super::kernel); loops 1 to 3, and the calls to the
//! packing of [`pack`](super::pack), are here; all of them are compiled once per CPU family
//! (see [`dispatch`](super::dispatch)).
//!
//! Packing pays when each packed value is used many times. When A has fewer rows than a tile
//! (`m < MR`: one sample through a layer, say), each value of B would be packed to be used
//! `m` times, and the tile would compute `MR` rows for `m`; and a product of a few hundred
//! multiply-adds costs less than packing its operands. Those run [`row_loop`]: the plain
//! i-p-j loop, each row of C accumulated from rows of B, compiled for the kernel's CPU like
//! the five loops.
//!
//! A itself is packed only when it must be. The micro-kernel reads `MR` values of A per step,
//! broadcast one by one: `MR` rows of a row-major A serve as well as a packed sliver (each
//! step reads one value from each row), and packing them means transposing them, which cost
//! a tenth of `1797 × 64 · 64 × 128`. So a row-major A is read in place ([`a_in_place`]);
//! and when B is a single sliver (`n ≤ NR`), each value of A is used once, and a transposed
//! A (`aᵀ · δ`, whose `MR` values per step are contiguous) is read in place too. Measured on
//! the 64-128-64-10 network's products: 1797 × 64 · 64 × 10 took 52–69 µs so, 120–180 µs
//! packed; the products with a row-major A and n = 64 or 128 gained 8–16%.
//!
//! **The order of the sum.** Every `Cᵢⱼ` is computed by one micro-kernel call per block of
//! `KC` steps. The first call starts from 0, each later one from the `Cᵢⱼ` the previous call
//! stored, and each adds its products in the order p = pc, pc + 1, …: so `Cᵢⱼ` is the plain
//! loop's sum, term after term in the order p = 0, 1, …, k−1, whatever `KC`, `MR`, `NR`, the
//! element's place in its tile, or the thread that computes it. [`row_loop`] adds the same
//! products in the same order with the same multiply-add, so which of the two loop nests
//! runs does not change a bit of the result either.

use core::array;
use core::mem::size_of;

use super::kernel::{
    Blocking, Columns, Element, Micro, MicroKernel, MulAdd, Packed, Rows, macro_kernel,
};
use super::pack::{CACHE_LINE, pack};
use crate::Float;
use crate::maths::view::MatRef;

/// Products with `m · k · n` at most this run [`row_loop`]: packing their operands costs more
/// than it saves (measured with `benches/matmul.rs`).
pub(super) const ROW_LOOP_MAX: usize = 512;

/// Which loop nest computes a product.
#[derive(Clone, Copy, Debug)]
pub(super) enum Loops {
    /// [`row_loop`]: no packing.
    RowByRow,
    /// [`five_loops`] with this blocking.
    Blocked(Blocking),
}

impl Loops {
    /// `C = A · B` (or `C = C + A · B` with `accumulate`, see [`product`](super::product)) by this loop nest,
    /// with multiply-add `M` and, for [`five_loops`], the `MR × NR` micro-kernel packing into
    /// `buffer`. Always inlined, so that it is compiled with the target features of its
    /// caller (each kernel of [`dispatch`](super::dispatch)).
    #[inline(always)]
    pub(super) fn run<T: Float, E: Element, M: MulAdd, const MR: usize, const NR: usize>(
        self,
        a: MatRef<'_, T>,
        b: MatRef<'_, T>,
        c: &mut [T],
        buffer: &mut [E],
        accumulate: bool,
    ) where
        Micro: MicroKernel<MR>,
    {
        match self {
            Loops::RowByRow => row_loop::<T, E, M>(a, b, c, accumulate),
            Loops::Blocked(blocking) => {
                five_loops::<T, E, M, MR, NR>(blocking, a, b, c, buffer, accumulate);
            }
        }
    }
}

/// Loops 1 to 3 and the packing, around loops 4 and 5 and the `MR × NR` micro-kernel with
/// multiply-add `M`: `C = A · B` for `m, k, n ≥ 1`.
///
/// ```text
/// a: m × k    b: k × n    c: m × n, row-major: overwritten, or C = C + A · B with `accumulate`
/// buffer: room for one packed A block and one packed B panel (buffer_lengths)
/// ```
///
/// A row-major A, and a transposed one when B is one sliver (`n ≤ NR`: the network's last
/// layer, 10 columns), are not packed: each block's slivers of `MR` whole rows are read in
/// place ([`a_in_place`]), and only its last `mc mod MR` rows are packed.
///
/// Always inlined, so that it is compiled with the target features of its caller.
#[inline(always)]
fn five_loops<T: Float, E: Element, M: MulAdd, const MR: usize, const NR: usize>(
    blocking: Blocking,
    a: MatRef<'_, T>,
    b: MatRef<'_, T>,
    c: &mut [T],
    buffer: &mut [E],
    accumulate: bool,
) where
    Micro: MicroKernel<MR>,
{
    let (m, k, n) = (a.rows(), a.cols(), b.cols());
    debug_assert!(blocking.mr == MR && blocking.nr == NR);
    let (a_len, _) = buffer_lengths::<E>(blocking, m, k, n);
    let (a_buffer, b_buffer) = buffer.split_at_mut(a_len);
    let Blocking { mc, kc, nc, .. } = blocking;
    let in_place = a.col_stride() == 1 || (n <= NR && a.row_stride() == 1);
    for jc in (0..n).step_by(nc) {
        let nc = nc.min(n - jc);
        for pc in (0..k).step_by(kc) {
            let kc = kc.min(k - pc);
            // Each Cᵢⱼ's sum starts at 0 in the first block of k, unless it continues from C.
            let continues = pc > 0 || accumulate;
            let b_pack = &mut b_buffer[..nc.next_multiple_of(NR) * kc];
            pack::<T, E, NR>(b.block(pc, kc, jc, nc).t(), b_pack);
            for ic in (0..m).step_by(mc) {
                let mc = mc.min(m - ic);
                let c_block = &mut c[ic * n + jc..];
                if in_place && mc >= MR {
                    let m_whole = mc - mc % MR;
                    let a_whole = a.block(ic, m_whole, pc, kc);
                    a_in_place::<T, E, M, MR, NR>(a_whole, b_pack, c_block, n, nc, continues);
                    if m_whole < mc {
                        let rest = mc - m_whole;
                        let a_pack = &mut a_buffer[..MR * kc];
                        pack::<T, E, MR>(a.block(ic + m_whole, rest, pc, kc), a_pack);
                        let a_slivers = a_pack.chunks_exact(MR * kc).map(Packed);
                        let c_rest = &mut c_block[m_whole * n..];
                        macro_kernel::<_, E, T, M, MR, NR>(
                            a_slivers, b_pack, c_rest, n, rest, nc, continues,
                        );
                    }
                    continue;
                }
                let a_pack = &mut a_buffer[..mc.next_multiple_of(MR) * kc];
                pack::<T, E, MR>(a.block(ic, mc, pc, kc), a_pack);
                let a_slivers = a_pack.chunks_exact(MR * kc).map(Packed);
                macro_kernel::<_, E, T, M, MR, NR>(
                    a_slivers, b_pack, c_block, n, mc, nc, continues,
                );
            }
        }
    }
}

/// Loops 4 and 5 with A read in place: `C (=|+=) A · B`, B packed.
///
/// ```text
/// a: m × kc, m a multiple of MR, its rows (col_stride = 1) or its columns (row_stride = 1)
///    contiguous
/// b: kc × nc, packed: ⌈nc/NR⌉ slivers of kc × NR
/// c: m × nc (or more rows and columns), row-major, rows ldc apart; (=|+=) as `accumulate`
///    is false or true
/// ```
///
/// A sliver of A is `MR` of its rows, read as [`Rows`] (a row-major A: `x · W₁`) or as
/// [`Columns`] (a transposed one: `a₂ᵀ · δ₃`). Always inlined, so that it is compiled with
/// the target features of its caller.
#[inline(always)]
fn a_in_place<T: Float, E: Element, M: MulAdd, const MR: usize, const NR: usize>(
    a: MatRef<'_, T>,
    b: &[E],
    c: &mut [T],
    ldc: usize,
    nc: usize,
    accumulate: bool,
) where
    Micro: MicroKernel<MR>,
{
    let (m, kc) = (a.rows(), a.cols());
    debug_assert!(m % MR == 0 && b.len() == nc.next_multiple_of(NR) * kc);
    if m == 0 {
        return;
    }
    let (data, row_stride, col_stride) = (a.data(), a.row_stride(), a.col_stride());
    if col_stride == 1 {
        let slivers = (0..m)
            .step_by(MR)
            .map(|i0| Rows(array::from_fn(|i| &data[(i0 + i) * row_stride..][..kc])));
        macro_kernel::<_, E, T, M, MR, NR>(slivers, b, c, ldc, m, nc, accumulate);
    } else {
        let slivers = (0..m).step_by(MR).map(|i0| Columns {
            data: &data[i0..],
            step: col_stride,
            kc,
        });
        macro_kernel::<_, E, T, M, MR, NR>(slivers, b, c, ldc, m, nc, accumulate);
    }
}

/// The plain i-p-j loop, row by row, with multiply-add `M`: `Cᵢ = Σₚ Aᵢₚ · Bₚ`, where `Cᵢ`
/// and `Bₚ` are rows, accumulated in the order p = 0, 1, …, k−1.
///
/// ```text
/// a: m × k    b: k × n    c: m × n, row-major: overwritten, or C = C + A · B with `accumulate`
/// ```
///
/// The innermost loop runs along a row of B and a row of C, which the compiler turns into
/// vector instructions. With `M = Unfused` this is [`matmul`](crate::matmul::matmul) on a
/// zeroed C, bit for bit: each `Cᵢⱼ` starts at 0 and receives `Aᵢₚ · Bₚⱼ` for p = 0, 1, …,
/// each product rounded, then each sum. Always inlined, so that it is compiled with the
/// target features of its caller.
#[inline(always)]
pub(super) fn row_loop<T: Float, E: Element, M: MulAdd>(
    a: MatRef<'_, T>,
    b: MatRef<'_, T>,
    c: &mut [T],
    accumulate: bool,
) {
    let (k, n) = (a.cols(), b.cols());
    if n == 0 {
        return;
    }
    for (i, c_i) in c.chunks_exact_mut(n).enumerate() {
        if !accumulate {
            c_i.fill(T::ZERO);
        }
        for p in 0..k {
            let a_ip = E::from_float(a.at(i, p));
            if b.col_stride() == 1 {
                let b_p = &b.data()[p * b.row_stride()..][..n];
                for (c_ij, &b_pj) in c_i.iter_mut().zip(b_p) {
                    *c_ij = multiply_add::<T, E, M>(a_ip, b_pj, *c_ij);
                }
            } else {
                for (j, c_ij) in c_i.iter_mut().enumerate() {
                    *c_ij = multiply_add::<T, E, M>(a_ip, b.at(p, j), *c_ij);
                }
            }
        }
    }
}

/// `a · b + c` with `M`, computed in `E`.
#[inline(always)]
fn multiply_add<T: Float, E: Element, M: MulAdd>(a: E, b: T, c: T) -> T {
    M::mul_add(a, E::from_float(b), E::from_float(c)).to_float()
}

/// The lengths of the packed A block and B panel for an `m × k · k × n` product; the first is
/// rounded up to a whole number of cache lines, so that packed B starts on one too.
pub(super) fn buffer_lengths<E>(
    blocking: Blocking,
    m: usize,
    k: usize,
    n: usize,
) -> (usize, usize) {
    let Blocking { mr, nr, mc, kc, nc } = blocking;
    let a_len = mc.min(m).next_multiple_of(mr) * kc.min(k);
    let b_len = nc.min(n).next_multiple_of(nr) * kc.min(k);
    (a_len.next_multiple_of(CACHE_LINE / size_of::<E>()), b_len)
}
