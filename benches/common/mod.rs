//! Timing with `std` alone: a warm-up, repeated samples, the median.

use std::time::{Duration, Instant};

/// The median time of one call of `f`, over `samples` samples.
///
/// A first call warms caches and the branch predictor. Then the number of calls per sample is
/// doubled until a sample lasts at least `min_sample` ([`calls_per_sample`]), so that the
/// clock's resolution does not matter for fast functions; each sample's time is divided by
/// its number of calls.
pub fn median_time(samples: usize, min_sample: Duration, mut f: impl FnMut()) -> Duration {
    let calls = calls_per_sample(min_sample, &mut f);
    let mut times: Vec<Duration> = (0..samples).map(|_| time_per_call(calls, &mut f)).collect();
    times.sort();
    times[samples / 2]
}

/// Calls `f` once to warm up, then doubles the number of calls until that many take at least
/// `min_sample` (or 2²⁴ calls), and returns that number.
pub fn calls_per_sample(min_sample: Duration, f: &mut impl FnMut()) -> u32 {
    f();
    let mut calls = 1u32;
    loop {
        let start = Instant::now();
        for _ in 0..calls {
            f();
        }
        if start.elapsed() >= min_sample || calls >= 1 << 24 {
            return calls;
        }
        calls *= 2;
    }
}

/// One sample: the time of `calls` calls of `f`, divided by `calls`.
pub fn time_per_call(calls: u32, f: &mut impl FnMut()) -> Duration {
    let start = Instant::now();
    for _ in 0..calls {
        f();
    }
    start.elapsed() / calls
}

/// A duration in the unit that suits it, e.g. `12.3 µs`.
pub fn human(t: Duration) -> String {
    let s = t.as_secs_f64();
    if s >= 1.0 {
        format!("{s:.3} s")
    } else if s >= 1e-3 {
        format!("{:.3} ms", s * 1e3)
    } else if s >= 1e-6 {
        format!("{:.3} µs", s * 1e6)
    } else {
        format!("{:.1} ns", s * 1e9)
    }
}
