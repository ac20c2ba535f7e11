//! Threads (with `std`): how many, and how a product is shared among them.
//!
//! The rows of C are cut into bands, one per thread, each a whole number of micro-kernel
//! tiles; threads started under `std::thread::scope` and the calling thread take the bands
//! one at a time until none is left, and each runs the loop nest on the bands it takes
//! (`C_band = A_band · B`). Each element of C is computed by exactly one thread, by the same
//! sequence of operations as on one thread (see [`nest`](super::nest)), so the result is
//! bit-identical whatever the thread count, and whichever thread took which band.
//!
//! **Why threads are started for each product, not kept.** A pool of threads that wait for
//! work between products would have to be `'static`, and safe Rust cannot lend it the
//! caller's borrowed A, B and C: only `std::thread::scope` can, and its threads end with the
//! scope. Copying A's band and B into the pool and C's band back out, on the calling thread,
//! would cost (estimated from the bytes moved, not measured) a quarter to a half of the
//! band's work on the network's products; and this crate has no `unsafe` outside the
//! kernel's dispatch. Starting and joining a thread costs about 16 µs here (56 µs in an
//! earlier measurement), a few percent of a 0.3–0.5 ms product.
//!
//! **A busy machine.** What costs more is a thread that gets no core: the calling thread
//! then waits for it a scheduler time slice or more (3–7 ms measured, against 0.3–0.5 ms for
//! the product). Taking bands instead of being dealt them lets the calling thread do the
//! late thread's band itself; it still waits for the thread to end, so after a product in
//! which it waited longer than it worked, [`gemm_into`](super::gemm_into) runs large products
//! on the calling thread for a while ([`contended`]).
//!
//! Each thread packs into a buffer that the calling thread keeps between products, so that
//! the threads it starts allocate nothing for packing (starting them does allocate).
//!
//! Full-batch training keeps its threads instead, for the whole run: it can, because it owns
//! the buffers it lends them, for as long as the run lasts (`training/parallel.rs`).
//!
//! The count is, in this order of precedence: the environment variable `SCRATCHNET_THREADS`
//! (a positive integer; anything else is ignored; read once, so set it before the first
//! product), then [`set_threads`], then [`std::thread::available_parallelism`].

use core::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering};
use core::time::Duration;
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::Instant;

use alloc::vec::Vec;

use crate::maths::view::MatRef;

/// The name of the environment variable that fixes the thread count: `SCRATCHNET_THREADS`.
pub const THREADS_VAR: &str = "SCRATCHNET_THREADS";

/// The count set by [`set_threads`]; 0 when not set.
static SET_THREADS: AtomicUsize = AtomicUsize::new(0);

/// Sets how many threads a large product, or full-batch training on many samples, may use;
/// `0` goes back to the default ([`std::thread::available_parallelism`]). The environment
/// variable [`SCRATCHNET_THREADS`](THREADS_VAR), when set, takes precedence over this.
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

/// How many threads a large product, or full-batch training on many samples, uses:
/// `SCRATCHNET_THREADS` if set to a positive integer, else the count given to
/// [`set_threads`], else [`std::thread::available_parallelism`] (1 if that is unknown).
///
/// Products too small to gain from threads run on the calling thread whatever this says, and
/// so do large ones for a while after one that found the other cores busy.
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

/// Runs `product(A_band, B, C_band, buffer)` on the bands of `band` rows of C, one buffer per
/// band, on the calling thread and `buffers.len() − 1` threads started for this product.
///
/// ```text
/// a: m × k    b: k × n    c: m × n, row-major
/// (buffers.len(), band) = bands(threads, mr, m)
/// ```
///
/// The bands are not dealt out in advance: each thread, the calling one included, takes the
/// next band no one has taken until none is left. A thread that starts late, because another
/// program holds its core, leaves its band to the others instead of making them wait for it.
/// Which thread computes a band does not change a bit of it. The calling thread still has to
/// wait for every thread it started to end; when it waits longer than it worked, it sets
/// [`contended`] for a while ([`ALONE_FOR`]).
pub(super) fn split_rows<T: Copy + Sync + Send, E: Send>(
    buffers: &mut [Vec<E>],
    band: usize,
    a: MatRef<'_, T>,
    b: MatRef<'_, T>,
    c: &mut [T],
    product: impl Fn(MatRef<'_, T>, MatRef<'_, T>, &mut [T], &mut Vec<E>) + Sync,
) {
    let (m, k, n) = (a.rows(), a.cols(), b.cols());
    let bands = buffers.len();
    debug_assert_eq!(bands, m.div_ceil(band).max(1));
    if bands == 1 || n == 0 {
        product(a, b, c, &mut buffers[0]);
        return;
    }
    let work = Mutex::new(c.chunks_mut(band * n).zip(buffers).enumerate());
    let take = || work.lock().unwrap_or_else(PoisonError::into_inner).next();
    let run_bands = || {
        while let Some((t, (c_band, buffer))) = take() {
            product(a.block(t * band, c_band.len() / n, 0, k), b, c_band, buffer);
        }
    };
    let start = Instant::now();
    let mut worked = Duration::ZERO;
    std::thread::scope(|scope| {
        // A thread the system refuses is one helper fewer: the bands are taken from `work`,
        // so the threads that did start (the calling one at least) take its share, with the
        // same bits. `thread::Builder` returns that refusal; `scope.spawn` would panic.
        for _ in 1..bands {
            if refused()
                || std::thread::Builder::new()
                    .spawn_scoped(scope, run_bands)
                    .is_err()
            {
                break;
            }
        }
        run_bands();
        worked = start.elapsed();
    });
    let waited = start.elapsed().saturating_sub(worked);
    if waited > worked {
        let in_a_row = CONTENDED_IN_A_ROW
            .fetch_add(1, Ordering::Relaxed)
            .min(ALONE_DOUBLINGS);
        let alone_for = ALONE_FOR.as_nanos() as u64 * (1 << in_a_row);
        ALONE_UNTIL.store(since_start() + alone_for, Ordering::Relaxed);
    } else {
        CONTENDED_IN_A_ROW.store(0, Ordering::Relaxed);
    }
}

/// Whether to act as if the system refused a new thread: set by a test
/// (`refuse_threads`), so that refusal is tested without `ulimit`, and counted, so that the
/// test knows a refusal happened. Always false outside the crate's own tests.
fn refused() -> bool {
    #[cfg(test)]
    {
        let refuse = REFUSE.load(Ordering::Relaxed);
        REFUSALS.fetch_add(u64::from(refuse), Ordering::Relaxed);
        refuse
    }
    #[cfg(not(test))]
    false
}

/// Set by `refuse_threads`.
#[cfg(test)]
static REFUSE: core::sync::atomic::AtomicBool = core::sync::atomic::AtomicBool::new(false);

/// How many threads [`split_rows`] was refused while `REFUSE` was set.
#[cfg(test)]
static REFUSALS: AtomicU64 = AtomicU64::new(0);

/// Makes [`split_rows`] act as if the system refused its threads (`true`), or not; returns
/// how many threads it has been refused so far.
#[cfg(test)]
pub(super) fn refuse_threads(refuse: bool) -> u64 {
    REFUSE.store(refuse, Ordering::Relaxed);
    REFUSALS.load(Ordering::Relaxed)
}

/// How long large products stay on the calling thread after one in which the calling thread
/// waited for the others longer than it worked; twice as long after two such products in a
/// row, and so on up to 2^[`ALONE_DOUBLINGS`] times as long.
///
/// That wait is a thread that was not given a core in time: a busy machine. It lasts a
/// scheduler time slice or more (3 to 7 ms where we measured, against 0.3 to 0.5 ms for the
/// products of the 64-128-64-10 network), so each product that meets it loses several times
/// what a second thread could gain. Trying again after 200 ms, then 400, 800, … bounds that
/// loss to 1–4 % while the machine stays busy (with 50 ms, 64-128-64-10 training on a busy
/// machine ran about 15 % slower than on one thread; with 200 ms, as fast), and gives the
/// cores back within 200 ms after a short burst of other work.
const ALONE_FOR: Duration = Duration::from_millis(200);

/// At most this many doublings of [`ALONE_FOR`]: 200 ms · 2⁴ = 3.2 s.
const ALONE_DOUBLINGS: u32 = 4;

/// How many products in a row ended with the calling thread waiting longer than it worked.
static CONTENDED_IN_A_ROW: AtomicU32 = AtomicU32::new(0);

/// [`since_start`] until which large products run on the calling thread; 0 at first.
static ALONE_UNTIL: AtomicU64 = AtomicU64::new(0);

/// Whether a recent product found the other threads slow to run ([`split_rows`]): then
/// [`gemm_into`](super::gemm_into) keeps large products on the calling thread until
/// [`ALONE_FOR`] (or a multiple of it) has passed.
pub(super) fn contended() -> bool {
    since_start() < ALONE_UNTIL.load(Ordering::Relaxed)
}

/// Nanoseconds since the first call (in any thread).
fn since_start() -> u64 {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_nanos() as u64
}
