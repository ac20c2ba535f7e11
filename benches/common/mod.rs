//! Timing with `std` alone: a warm-up, repeated samples, the median.

use std::time::{Duration, Instant};

/// The median time of one call of `f`, over `samples` samples.
///
/// A first call warms caches and the branch predictor. Then the number of calls per sample is
/// doubled until a sample lasts at least `min_sample`, so that the clock's resolution does not
/// matter for fast functions; each sample's time is divided by its number of calls.
pub fn median_time(samples: usize, min_sample: Duration, mut f: impl FnMut()) -> Duration {
    f();
    let mut calls = 1u32;
    loop {
        let start = Instant::now();
        for _ in 0..calls {
            f();
        }
        if start.elapsed() >= min_sample || calls >= 1 << 24 {
            break;
        }
        calls *= 2;
    }
    let mut times: Vec<Duration> = (0..samples)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..calls {
                f();
            }
            start.elapsed() / calls
        })
        .collect();
    times.sort();
    times[samples / 2]
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
