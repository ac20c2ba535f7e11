//! Choosing a kernel at run time: the only `unsafe` code in the crate.
//!
//! The same micro-kernel source is compiled three times: for the target the crate is built for
//! (SSE2 on x86-64, whatever the target offers elsewhere), with
//! `#[target_feature(enable = "avx2,fma")]` and with `#[target_feature(enable = "avx512f")]`.
//! A normal `cargo build` can then use AVX-512 on a CPU that has it and still run on one that
//! does not. Calling a `#[target_feature]` function is `unsafe`: on a CPU without the feature
//! it would execute instructions the CPU does not have. The calls below are made only with a
//! [`Checked`] kernel, and a `Checked` is only made after the CPU has been asked
//! (`is_x86_feature_detected!`) whether it has the features.
//!
//! Without the `std` feature (no way to ask the CPU) and on other architectures, only
//! [`Kernel::Portable`] is available.
#![allow(unsafe_code)]

use core::fmt;

use super::kernel::{Blocking, Element, Unfused};
use super::nest::Loops;
use super::pack::Buffers;
use crate::Float;
use crate::maths::view::MatRef;

/// A micro-kernel, compiled for one family of CPUs.
///
/// ```
/// use scratchnet::gemm::Kernel;
///
/// // Every machine runs the portable kernel; the automatic choice is the fastest available.
/// assert!(Kernel::Portable.is_available());
/// assert!(Kernel::detect().is_available());
/// for kernel in Kernel::available() {
///     println!("{kernel} runs here");
/// }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kernel {
    /// Plain Rust compiled for the build target (SSE2 on x86-64): `a * b + c` with two
    /// roundings. Runs everywhere, including `no_std` builds.
    Portable,
    /// AVX2 and FMA (Intel since 2013, AMD since 2015): 256-bit vectors, fused multiply-add.
    Avx2Fma,
    /// AVX-512F (Intel Xeon since 2017, AMD Zen 4): 512-bit vectors, fused multiply-add.
    Avx512,
}

impl Kernel {
    /// Every kernel, slowest first.
    pub const ALL: [Kernel; 3] = [Kernel::Portable, Kernel::Avx2Fma, Kernel::Avx512];

    /// A short name: `"portable"`, `"avx2+fma"` or `"avx512f"`.
    ///
    /// ```
    /// use scratchnet::gemm::Kernel;
    /// assert_eq!(Kernel::Avx512.name(), "avx512f");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Kernel::Portable => "portable",
            Kernel::Avx2Fma => "avx2+fma",
            Kernel::Avx512 => "avx512f",
        }
    }

    /// Whether this machine can run the kernel. Always `true` for [`Kernel::Portable`];
    /// always `false` for the others without the `std` feature or off x86.
    ///
    /// ```
    /// use scratchnet::gemm::Kernel;
    /// assert!(Kernel::Portable.is_available());
    /// ```
    pub fn is_available(self) -> bool {
        cpu::has(self)
    }

    /// The kernels this machine can run, slowest first.
    ///
    /// ```
    /// use scratchnet::gemm::Kernel;
    /// assert_eq!(Kernel::available().next(), Some(Kernel::Portable));
    /// ```
    pub fn available() -> impl Iterator<Item = Kernel> {
        Kernel::ALL
            .into_iter()
            .filter(|kernel| kernel.is_available())
    }

    /// The kernel [`gemm`](super::gemm) and [`gemm_into`](super::gemm_into) use: the fastest
    /// this machine can run. The CPU is asked once; the answer is kept.
    ///
    /// ```
    /// use scratchnet::gemm::Kernel;
    /// assert_eq!(Kernel::detect(), Kernel::available().last().unwrap());
    /// ```
    pub fn detect() -> Kernel {
        cpu::detect()
    }
}

impl fmt::Display for Kernel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Asking the CPU, with `std` on x86 and x86-64.
#[cfg(all(feature = "std", any(target_arch = "x86", target_arch = "x86_64")))]
mod cpu {
    use core::sync::atomic::{AtomicU8, Ordering};

    use super::Kernel;

    /// Whether the CPU has the features `kernel` is compiled for.
    pub(super) fn has(kernel: Kernel) -> bool {
        match kernel {
            Kernel::Portable => true,
            Kernel::Avx2Fma => {
                std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma")
            }
            Kernel::Avx512 => {
                std::is_x86_feature_detected!("avx512f")
                    && std::is_x86_feature_detected!("avx2")
                    && std::is_x86_feature_detected!("fma")
            }
        }
    }

    /// The fastest kernel the CPU has, found on the first call and kept in an atomic.
    pub(super) fn detect() -> Kernel {
        /// The index in `Kernel::ALL` of the chosen kernel; `u8::MAX` until the first call.
        static CHOSEN: AtomicU8 = AtomicU8::new(u8::MAX);
        if let Some(&kernel) = Kernel::ALL.get(usize::from(CHOSEN.load(Ordering::Relaxed))) {
            return kernel;
        }
        let kernel = Kernel::available().last().unwrap_or(Kernel::Portable);
        CHOSEN.store(kernel as u8, Ordering::Relaxed);
        kernel
    }
}

/// No way to ask the CPU: the portable kernel only.
#[cfg(not(all(feature = "std", any(target_arch = "x86", target_arch = "x86_64"))))]
mod cpu {
    use super::Kernel;

    /// Only [`Kernel::Portable`].
    pub(super) fn has(kernel: Kernel) -> bool {
        kernel == Kernel::Portable
    }

    /// [`Kernel::Portable`].
    pub(super) fn detect() -> Kernel {
        Kernel::Portable
    }
}

/// A kernel this machine is known to run: the key to the `unsafe` calls below.
#[derive(Clone, Copy, Debug)]
pub(super) struct Checked(Kernel);

impl Checked {
    /// `kernel`, once this machine is known to run it.
    ///
    /// # Panics
    /// If it cannot: `gemm: the avx512f kernel needs CPU features this machine lacks`.
    pub(super) fn new(kernel: Kernel) -> Checked {
        assert!(
            kernel.is_available(),
            "gemm: the {kernel} kernel needs CPU features this machine lacks"
        );
        Checked(kernel)
    }

    /// [`Kernel::detect`], which is available by construction.
    pub(super) fn detect() -> Checked {
        Checked(Kernel::detect())
    }

    /// The kernel.
    pub(super) fn kernel(self) -> Kernel {
        self.0
    }
}

/// The kernels for one element type: their blocking, and the loop nests compiled for each.
pub(super) trait Dispatch: Element + Buffers {
    /// The register tile and cache blocks of `kernel` for this type.
    fn blocking(kernel: Kernel) -> Blocking;

    /// The register tile and cache blocks of `kernel` for a product whose B (and C) has `n`
    /// columns: [`Dispatch::blocking`]'s, or for small `n` a tile as tall but narrower, where
    /// the wide one would compute more columns past `n` than it gains (`MR` is the same).
    fn blocking_for(kernel: Kernel, n: usize) -> Blocking;

    /// `C = A · B` (or `C = C + A · B` with `accumulate`, see [`product`](super::product)) with
    /// `kernel`, by `loops` ([`Loops::run`]): the row loop, or the five loops with the
    /// blocking that `Loops::Blocked` carries, packing into `buffer`.
    fn compute<T: Float>(
        kernel: Checked,
        loops: Loops,
        a: MatRef<'_, T>,
        b: MatRef<'_, T>,
        c: &mut [T],
        buffer: &mut [Self],
        accumulate: bool,
    );
}

/// The loop nests compiled for AVX2 + FMA and for AVX-512.
#[cfg(all(feature = "std", any(target_arch = "x86", target_arch = "x86_64")))]
mod x86 {
    use super::super::kernel::{Element, Fused, Micro, MicroKernel};
    use super::super::nest::Loops;
    use crate::Float;
    use crate::maths::view::MatRef;

    /// `loops` with the fused multiply-add and the `MR × NR` kernel, compiled for AVX2 and
    /// FMA.
    #[target_feature(enable = "avx2,fma")]
    pub(super) fn avx2_fma<T: Float, E: Element, const MR: usize, const NR: usize>(
        loops: Loops,
        a: MatRef<'_, T>,
        b: MatRef<'_, T>,
        c: &mut [T],
        buffer: &mut [E],
        accumulate: bool,
    ) where
        Micro: MicroKernel<MR>,
    {
        loops.run::<T, E, Fused, MR, NR>(a, b, c, buffer, accumulate);
    }

    /// `loops` with the fused multiply-add and the `MR × NR` kernel, compiled for AVX-512F
    /// (and AVX2 and FMA, which every AVX-512 CPU has).
    #[target_feature(enable = "avx512f,avx2,fma")]
    pub(super) fn avx512<T: Float, E: Element, const MR: usize, const NR: usize>(
        loops: Loops,
        a: MatRef<'_, T>,
        b: MatRef<'_, T>,
        c: &mut [T],
        buffer: &mut [E],
        accumulate: bool,
    ) where
        Micro: MicroKernel<MR>,
    {
        loops.run::<T, E, Fused, MR, NR>(a, b, c, buffer, accumulate);
    }

    /// [`map_pair_plain`](super::map_pair_plain) compiled for AVX2.
    #[target_feature(enable = "avx2,fma")]
    pub(super) fn map_pair_avx2<T: Float>(
        x: &[T],
        first: &mut [T],
        second: &mut [T],
        f: impl Fn(T) -> (T, T),
    ) {
        super::map_pair_plain(x, first, second, f);
    }

    /// [`map_pair_plain`](super::map_pair_plain) compiled for AVX-512F.
    #[target_feature(enable = "avx512f,avx2,fma")]
    pub(super) fn map_pair_avx512<T: Float>(
        x: &[T],
        first: &mut [T],
        second: &mut [T],
        f: impl Fn(T) -> (T, T),
    ) {
        super::map_pair_plain(x, first, second, f);
    }
}

/// `(firstᵢ, secondᵢ) = f(xᵢ)` for every i, compiled for the widest vectors the CPU has
/// ([`Kernel::detect`]): how a layer's activation and its derivative are computed together
/// (`a = σ(z)`, `f′ = σ′(z)`), whatever `f` is. It knows nothing of `f` but that it maps a
/// number to two: the compiler inlines `f` into each build, shares what its two results
/// have in common (σ′(z) = σ(z)(1 − σ(z)) reuses σ(z)'s `exp`), and where `f` has no branches
/// ([`math::exp`](crate::math::exp) has none) vectorises it. Rust never fuses `a * b + c` by
/// itself, so every build gives the bits of the plain loop; with AVX-512, σ runs about 2.5×
/// as fast as in the default x86-64 build (`benches/sigmoid.rs`).
///
/// With AVX-512, only whole 64-byte vectors (8 `f64`, 16 `f32`) go to the AVX-512 build; the
/// few values after the last one go to the AVX2 build. The AVX-512 build computes such a
/// rest one masked value at a time, which on the post's layers (4 samples of 4, 5 and 1
/// neurons: 16, 20 and 4 values) cost more than σ of the whole vectors: 20 `f64` took
/// 100 ns in the AVX-512 build and 66 ns split (`benches/sigmoid.rs`, one call after
/// another).
///
/// # Panics
/// If `x`, `first` and `second` differ in length.
pub(crate) fn map_pair<T: Float>(
    x: &[T],
    first: &mut [T],
    second: &mut [T],
    f: impl Fn(T) -> (T, T) + Copy,
) {
    assert!(
        x.len() == first.len() && x.len() == second.len(),
        "map_pair: x has {} elements, first {} and second {}",
        x.len(),
        first.len(),
        second.len()
    );
    match Checked::detect().kernel() {
        #[cfg(all(feature = "std", any(target_arch = "x86", target_arch = "x86_64")))]
        // SAFETY: `Checked::detect` returns a kernel whose CPU features `Kernel::is_available`
        // has found on this machine; for `Avx2Fma` those are AVX2 and FMA, what
        // `map_pair_avx2` is compiled for.
        Kernel::Avx2Fma => unsafe { x86::map_pair_avx2(x, first, second, f) },
        #[cfg(all(feature = "std", any(target_arch = "x86", target_arch = "x86_64")))]
        Kernel::Avx512 => {
            let whole = x.len() - x.len() % (64 / size_of::<T>());
            let (x_vectors, x_rest) = x.split_at(whole);
            let (first_vectors, first_rest) = first.split_at_mut(whole);
            let (second_vectors, second_rest) = second.split_at_mut(whole);
            // SAFETY: as above; for `Avx512` the features are AVX-512F, AVX2 and FMA, what
            // `map_pair_avx512` is compiled for, and `map_pair_avx2` needs a subset.
            unsafe {
                x86::map_pair_avx512(x_vectors, first_vectors, second_vectors, f);
                x86::map_pair_avx2(x_rest, first_rest, second_rest, f);
            }
        }
        _ => map_pair_plain(x, first, second, f),
    }
}

/// The loop of [`map_pair`], `(firstᵢ, secondᵢ) = f(xᵢ)`, for the build target.
#[inline(always)]
fn map_pair_plain<T: Float>(x: &[T], first: &mut [T], second: &mut [T], f: impl Fn(T) -> (T, T)) {
    for ((&x, first), second) in x.iter().zip(first.iter_mut()).zip(second.iter_mut()) {
        (*first, *second) = f(x);
    }
}

/// Implements [`Dispatch`] for one element type: for each kernel, the tile `MR x NR` and the
/// cache blocks `MC`, `KC`, `NC`; and for AVX-512 the narrower `NR'` of the tile (as many
/// rows) for products with `n ≤ N` columns.
macro_rules! dispatch {
    (
        $E:ty,
        Portable: $p_mr:literal x $p_nr:literal, $p_mc:literal, $p_kc:literal, $p_nc:literal;
        Avx2Fma: $a_mr:literal x $a_nr:literal, $a_mc:literal, $a_kc:literal, $a_nc:literal;
        Avx512: $x_mr:literal x $x_nr:literal, $x_mc:literal, $x_kc:literal, $x_nc:literal;
        Avx512 with n <= $narrow_n:literal: NR = $narrow_nr:literal;
    ) => {
        impl Dispatch for $E {
            fn blocking(kernel: Kernel) -> Blocking {
                let (mr, nr, mc, kc, nc) = match kernel {
                    Kernel::Portable => ($p_mr, $p_nr, $p_mc, $p_kc, $p_nc),
                    Kernel::Avx2Fma => ($a_mr, $a_nr, $a_mc, $a_kc, $a_nc),
                    Kernel::Avx512 => ($x_mr, $x_nr, $x_mc, $x_kc, $x_nc),
                };
                Blocking { mr, nr, mc, kc, nc }
            }

            fn blocking_for(kernel: Kernel, n: usize) -> Blocking {
                let blocking = Self::blocking(kernel);
                if kernel == Kernel::Avx512 && n <= $narrow_n {
                    Blocking {
                        nr: $narrow_nr,
                        ..blocking
                    }
                } else {
                    blocking
                }
            }

            fn compute<T: Float>(
                kernel: Checked,
                loops: Loops,
                a: MatRef<'_, T>,
                b: MatRef<'_, T>,
                c: &mut [T],
                buffer: &mut [$E],
                accumulate: bool,
            ) {
                match kernel.kernel() {
                    Kernel::Portable => {
                        loops.run::<T, $E, Unfused, $p_mr, $p_nr>(a, b, c, buffer, accumulate);
                    }
                    #[cfg(all(feature = "std", any(target_arch = "x86", target_arch = "x86_64")))]
                    Kernel::Avx2Fma => {
                        // SAFETY: `kernel` is `Checked`, made only for a kernel whose CPU
                        // features `Kernel::is_available` has found on this machine; for
                        // `Avx2Fma` those are AVX2 and FMA, what `avx2_fma` is compiled for.
                        unsafe {
                            x86::avx2_fma::<T, $E, $a_mr, $a_nr>(loops, a, b, c, buffer, accumulate)
                        }
                    }
                    #[cfg(all(feature = "std", any(target_arch = "x86", target_arch = "x86_64")))]
                    Kernel::Avx512 => match loops {
                        Loops::Blocked(blocking) if blocking.nr == $narrow_nr => {
                            // SAFETY: `kernel` is `Checked`, made only for a kernel whose CPU
                            // features `Kernel::is_available` has found on this machine; for
                            // `Avx512` those are AVX-512F, AVX2 and FMA, what `avx512` is
                            // compiled for.
                            unsafe {
                                x86::avx512::<T, $E, $x_mr, $narrow_nr>(
                                    loops, a, b, c, buffer, accumulate,
                                );
                            }
                        }
                        // SAFETY: as above.
                        _ => unsafe {
                            x86::avx512::<T, $E, $x_mr, $x_nr>(loops, a, b, c, buffer, accumulate)
                        },
                    },
                    #[cfg(not(all(
                        feature = "std",
                        any(target_arch = "x86", target_arch = "x86_64")
                    )))]
                    Kernel::Avx2Fma | Kernel::Avx512 => {
                        unreachable!("gemm: only the portable kernel is ever Checked here")
                    }
                }
            }
        }
    };
}

// The tiles and blocks, chosen by measurement (benches/matmul.rs) on a Xeon with AVX-512:
//
// * Portable (SSE2 on x86-64, 16 registers of 2 f64 / 4 f32): 4 × 4 and 4 × 8, 8 accumulator
//   registers; 4 × 8 f64 was 10% slower.
// * AVX2 + FMA (16 registers of 4 f64 / 8 f32): 6 × 8 and 6 × 16, 12 accumulators, 2 registers
//   for B and 1 for A; 4 × 8 and 4 × 12 were 15–30% slower.
// * AVX-512 (32 registers of 8 f64 / 16 f32): 8 × 24 (24 accumulators) and 8 × 32 (16).
//   8 × 16 f64 was 5–10% faster when n ≤ 128 (no ragged last sliver) but 5% slower at
//   n ≥ 1024, so products with n ≤ 128 run it: on the 64-128-64-10 network's products
//   (n = 10, 64, 128; `cargo bench --bench matmul -- network`) it gained 5–15%, and 15–50%
//   at n = 10, where 8 × 24 computes 24 columns for 10. In f32, 8 × 16 took 68 µs for
//   1797 × 64 · 64 × 10 where 8 × 32 took 80. 6 × 16, 12 × 16, 6 × 32 and 12 × 32 were no
//   faster; 8 × 48 f32 did not vectorise well.
// * KC = 256, MC ≈ 128, NC ≈ 4096: KC from 128 to 384, MC from 64 to 256 and NC = 512 were all
//   within the noise of the machine (±5%).
dispatch!(
    f64,
    Portable: 4 x 4, 128, 256, 4096;
    Avx2Fma: 6 x 8, 120, 256, 4096;
    Avx512: 8 x 24, 128, 256, 4080;
    Avx512 with n <= 128: NR = 16;
);

dispatch!(
    f32,
    Portable: 4 x 8, 128, 256, 4096;
    Avx2Fma: 6 x 16, 120, 256, 4096;
    Avx512: 8 x 32, 128, 256, 4096;
    Avx512 with n <= 16: NR = 16;
);
