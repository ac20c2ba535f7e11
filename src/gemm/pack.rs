//! Packing: copying a block of A or B into the order the micro-kernel reads it.
//!
//! The micro-kernel reads, at each step `p`, `MR` values of A (one column of an `MR`-row
//! sliver) and `NR` values of B (one row of an `NR`-column sliver). Packing lays each sliver
//! out so that these are next to each other, step after step:
//!
//! ```text
//! A block (mc × kc), in slivers of MR rows:    a_pack[s][p·MR + i] = A(s·MR + i, p)
//! B panel (kc × nc), in slivers of NR columns: b_pack[s][p·NR + j] = B(p, s·NR + j)
//! ```
//!
//! The two are the same operation: packing B in slivers of `NR` columns is packing `Bᵀ` in
//! slivers of `NR` rows. So [`pack`] is written once, for a matrix `X` with `rows × depth`
//! entries, and is called with `X = A` and with `X = Bᵀ`. Because `X` is read through its
//! strides, a transposed operand costs nothing extra: packing `Aᵀ` reads the same memory as
//! packing `A` with the strides swapped. That is how `aᵀ·b` and `a·bᵀ` run without a copy.
//!
//! A sliver that runs past the last row is padded with zeros, so that the micro-kernel always
//! computes a full tile; only the valid part of the tile is written back to C.
//!
//! The packed values live in a buffer that, with the `std` feature, belongs to the thread and
//! is reused from one product to the next ([`Buffers`]); without it, each product allocates
//! its own.

use alloc::vec::Vec;
#[cfg(feature = "std")]
use core::cell::RefCell;

use super::kernel::Element;
use crate::Float;
use crate::maths::view::MatRef;

/// Packs `x` (`rows × depth`) into slivers of `W` rows: `dst[s][p·W + i] = x(s·W + i, p)`.
///
/// `dst` holds `⌈rows / W⌉` slivers of `W × depth` values; the rows past the end of the last
/// sliver are set to zero. Each value is converted to `E`, exactly. `W` is a constant (the
/// kernel's `MR` or `NR`) so that a step of a sliver is a fixed-size copy; always inlined, so
/// that it is compiled with the target features of its caller.
#[inline(always)]
pub(super) fn pack<T: Float, E: Element, const W: usize>(x: MatRef<'_, T>, dst: &mut [E]) {
    let (rows, depth) = (x.rows(), x.cols());
    debug_assert_eq!(dst.len(), rows.div_ceil(W) * W * depth);
    let (data, row_stride, col_stride) = (x.data(), x.row_stride(), x.col_stride());
    if row_stride == 1 {
        // Each step x(·, p) is `rows` consecutive values (x is Aᵀ, or a B read in place).
        // Taken STEPS steps at a time, sliver after sliver, the reads come from STEPS steps
        // that stay in the L1 cache, and the writes are STEPS · W consecutive values of one
        // sliver. (Sliver by sliver over all `depth` steps, each read was a cache miss, a
        // fifth of the time of 128 × 1797 · 1797 × 64; step by step over all slivers, the
        // writes went to places a multiple of 4 KB apart, which the cache holds few of.)
        for p0 in (0..depth).step_by(STEPS) {
            let steps = p0..depth.min(p0 + STEPS);
            for (s, i0) in (0..rows).step_by(W).enumerate() {
                let w = W.min(rows - i0);
                for p in steps.clone() {
                    let x_sp = &data[p * col_stride + i0..][..w];
                    let dst_sp = &mut dst[(s * depth + p) * W..][..W];
                    if let (Ok(x_sp), Ok(dst_sp)) = (
                        <&[T; W]>::try_from(x_sp),
                        <&mut [E; W]>::try_from(&mut *dst_sp),
                    ) {
                        // A full step: a copy of a size known at compile time, loaded whole
                        // and then stored whole (copied value by value, it stayed value by
                        // value).
                        *dst_sp = x_sp.map(E::from_float);
                    } else {
                        for (d, &v) in dst_sp.iter_mut().zip(x_sp) {
                            *d = E::from_float(v);
                        }
                        dst_sp[w..].fill(E::ZERO);
                    }
                }
            }
        }
        return;
    }
    for (s, sliver) in dst.chunks_exact_mut(W * depth).enumerate() {
        let i0 = s * W;
        let w = W.min(rows - i0);
        if col_stride == 1 && w == W {
            // Each row of the sliver, x(i, ..), is depth consecutive values: read the W rows
            // side by side, STEPS values at a time, and write them out transposed (which the
            // compiler does with vector shuffles, three times faster than value by value).
            let mut x_rows: [&[T]; W] = [&[]; W];
            for (i, x_i) in x_rows.iter_mut().enumerate() {
                *x_i = &data[(i0 + i) * row_stride..][..depth];
            }
            let mut steps = sliver.chunks_exact_mut(STEPS * W);
            for (p0, dst_steps) in (0..depth).step_by(STEPS).zip(&mut steps) {
                let mut block = [[T::ZERO; STEPS]; W];
                for (block_i, x_i) in block.iter_mut().zip(&x_rows) {
                    *block_i = x_i[p0..p0 + STEPS].try_into().expect("STEPS values");
                }
                for (q, dst_p) in dst_steps.chunks_exact_mut(W).enumerate() {
                    for (d, block_i) in dst_p.iter_mut().zip(&block) {
                        *d = E::from_float(block_i[q]);
                    }
                }
            }
            let done = depth - depth % STEPS;
            for (p, dst_p) in (done..depth).zip(steps.into_remainder().chunks_exact_mut(W)) {
                for (d, x_i) in dst_p.iter_mut().zip(&x_rows) {
                    *d = E::from_float(x_i[p]);
                }
            }
        } else if col_stride == 1 {
            // The last, partial sliver: its w rows one after the other, then zeros.
            for i in 0..w {
                let x_i = &data[(i0 + i) * row_stride..][..depth];
                for (dst_p, &v) in sliver.chunks_exact_mut(W).zip(x_i) {
                    dst_p[i] = E::from_float(v);
                }
            }
            for dst_p in sliver.chunks_exact_mut(W) {
                dst_p[w..].fill(E::ZERO);
            }
        } else {
            // Strides other than 1: value by value.
            for (p, dst_p) in sliver.chunks_exact_mut(W).enumerate() {
                for (i, d) in dst_p.iter_mut().enumerate() {
                    *d = if i < w {
                        E::from_float(data[(i0 + i) * row_stride + p * col_stride])
                    } else {
                        E::ZERO
                    };
                }
            }
        }
    }
}

/// How many steps of a sliver [`pack`] transposes at a time.
const STEPS: usize = 8;

/// How many bytes apart the packed slivers start: a cache line. A 64-byte vector load from an
/// address that is not a multiple of 64 touches two cache lines, and costs two loads.
pub(super) const CACHE_LINE: usize = 64;

/// Elements of slack at the start of a buffer, enough to reach a cache-line boundary.
const ALIGN: usize = CACHE_LINE / core::mem::size_of::<f32>();

/// `len` values of `buffer`, starting on a cache-line boundary; `buffer` grows if it must
/// (and keeps its size, so that the next product of this size allocates nothing).
pub(super) fn aligned<E: Element>(buffer: &mut Vec<E>, len: usize) -> &mut [E] {
    if buffer.len() < len + ALIGN {
        buffer.resize(len + ALIGN, E::ZERO);
    }
    let start = buffer.as_ptr().align_offset(CACHE_LINE).min(ALIGN);
    &mut buffer[start..][..len]
}

/// Where an element type's packing buffers live: one per thread that works on a product.
pub(super) trait Buffers: Sized {
    /// Calls `f` with `count` buffers. With `std` they belong to the calling thread and are
    /// kept from one product to the next, so that after the first product of the largest size
    /// there is no allocation at all (the calling thread lends the extra ones to the threads
    /// it starts). Without `std` they are new for each product.
    fn with_buffers<R>(count: usize, f: impl FnOnce(&mut [Vec<Self>]) -> R) -> R;
}

/// Implements [`Buffers`] for one element type, with its thread-local store `$key`.
macro_rules! buffers {
    ($E:ty, $key:ident) => {
        #[cfg(feature = "std")]
        std::thread_local! {
            static $key: RefCell<Vec<Vec<$E>>> = const { RefCell::new(Vec::new()) };
        }

        impl Buffers for $E {
            #[cfg(feature = "std")]
            fn with_buffers<R>(count: usize, f: impl FnOnce(&mut [Vec<$E>]) -> R) -> R {
                $key.with_borrow_mut(|buffers| {
                    if buffers.len() < count {
                        buffers.resize_with(count, Vec::new);
                    }
                    f(&mut buffers[..count])
                })
            }

            #[cfg(not(feature = "std"))]
            fn with_buffers<R>(count: usize, f: impl FnOnce(&mut [Vec<$E>]) -> R) -> R {
                f(&mut alloc::vec![Vec::new(); count])
            }
        }
    };
}

buffers!(f64, BUFFERS_F64);
buffers!(f32, BUFFERS_F32);
