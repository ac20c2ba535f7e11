//! Threads (with `std`): how many, and how a product is shared among them.
//!
//! The rows of C are cut into bands, one per thread, each a whole number of micro-kernel
//! tiles; every thread runs the loop nest on its band (`C_band = A_band · B`) under
//! `std::thread::scope`, the calling thread taking the first band. Each element of C is
//! computed by exactly one thread, by the same sequence of operations as on one thread (see
//! [`nest`](super::nest)), so the result is bit-identical whatever the thread count.
//!
//! Each thread packs into a buffer that the calling thread keeps between products, so that
//! the threads it starts allocate nothing for packing. Starting and joining a thread cost
//! about 56 µs on the machine we measured on: that, more than the work, sets the size from
//! which a second thread pays.
//!
//! The count is, in this order of precedence: the environment variable `SCRATCHNET_THREADS`
//! (a positive integer; anything else is ignored; read once, so set it before the first
//! product), then [`set_threads`], then [`std::thread::available_parallelism`].

use core::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use alloc::vec::Vec;

use super::MatRef;

/// The name of the environment variable that fixes the thread count: `SCRATCHNET_THREADS`.
pub const THREADS_VAR: &str = "SCRATCHNET_THREADS";

/// The count set by [`set_threads`]; 0 when not set.
static SET_THREADS: AtomicUsize = AtomicUsize::new(0);

/// Sets how many threads a large product may use; `0` goes back to the default
/// ([`std::thread::available_parallelism`]). The environment variable
/// [`SCRATCHNET_THREADS`](THREADS_VAR), when set, takes precedence over this.
///
/// Bit-for-bit the same results come out whatever the count; only the time changes.
///
/// ```
/// use scratchnet::gemm;
/// gemm::set_threads(1);
/// if std::env::var_os(gemm::THREADS_VAR).is_none() {
///     assert_eq!(gemm::threads(), 1);
/// }
/// gemm::set_threads(0);
/// ```
pub fn set_threads(n: usize) {
    SET_THREADS.store(n, Ordering::Relaxed);
}

/// How many threads a large product uses: `SCRATCHNET_THREADS` if set to a positive integer,
/// else the count given to [`set_threads`], else [`std::thread::available_parallelism`]
/// (1 if that is unknown).
///
/// Products too small to gain from threads run on the calling thread whatever this says.
///
/// ```
/// use scratchnet::gemm;
/// assert!(gemm::threads() >= 1);
/// ```
pub fn threads() -> usize {
    static FROM_ENV: OnceLock<Option<usize>> = OnceLock::new();
    static AVAILABLE: OnceLock<usize> = OnceLock::new();
    let from_env = *FROM_ENV.get_or_init(|| {
        std::env::var(THREADS_VAR)
            .ok()
            .and_then(|value| value.trim().parse().ok())
            .filter(|&n| n > 0)
    });
    from_env.unwrap_or_else(|| match SET_THREADS.load(Ordering::Relaxed) {
        0 => *AVAILABLE.get_or_init(|| std::thread::available_parallelism().map_or(1, usize::from)),
        n => n,
    })
}

/// How [`split_rows`] cuts `m` rows for `threads` threads: into how many bands, of how many
/// rows each (the last may have fewer). A band is a whole number of tiles of `mr` rows, and
/// there is at least one.
pub(super) fn bands(threads: usize, mr: usize, m: usize) -> (usize, usize) {
    let tiles = m.div_ceil(mr).max(1);
    let tiles_per_band = tiles.div_ceil(threads.max(1));
    (tiles.div_ceil(tiles_per_band), tiles_per_band * mr)
}

/// Runs `product(A_band, B, C_band, buffer)` on bands of `band` rows of C, one band per
/// buffer, each on its own thread (the first on the calling thread).
///
/// ```text
/// a: m × k    b: k × n    c: m × n, row-major
/// (buffers.len(), band) = bands(threads, mr, m)
/// ```
pub(super) fn split_rows<T: Copy + Sync + Send, E: Send>(
    buffers: &mut [Vec<E>],
    band: usize,
    a: MatRef<'_, T>,
    b: MatRef<'_, T>,
    c: &mut [T],
    product: impl Fn(MatRef<'_, T>, MatRef<'_, T>, &mut [T], &mut Vec<E>) + Sync,
) {
    let (m, k, n) = (a.rows(), a.cols(), b.cols());
    debug_assert_eq!(buffers.len(), m.div_ceil(band).max(1));
    if buffers.len() == 1 || n == 0 {
        product(a, b, c, &mut buffers[0]);
        return;
    }
    let product = &product;
    std::thread::scope(|scope| {
        let mut work = c.chunks_mut(band * n).zip(buffers).enumerate();
        let first = work.next();
        for (t, (c_band, buffer)) in work {
            let a_band = a.block(t * band, c_band.len() / n, 0, k);
            scope.spawn(move || product(a_band, b, c_band, buffer));
        }
        if let Some((_, (c_band, buffer))) = first {
            product(a.block(0, c_band.len() / n, 0, k), b, c_band, buffer);
        }
    });
}
