//! Checks `expf`, `lnf` and `sqrtf` on every one of the 2³² `f32` inputs.
//!
//! ```text
//! cargo run --release --example exp_f32_exhaustive
//! ```
//!
//! Each function is compared with std: `expf(x)` with `(x as f64).exp() as
//! f32` and `lnf(x)` with `(x as f64).ln() as f32`, both within 1 ulp;
//! `sqrtf(x)` with `f32::sqrt`, identical bits. For each it prints how many
//! inputs differ from std's result at all, the largest distance in ulps (and
//! the first input at that distance), and the largest error against the
//! unrounded `f64` value, in `f32` ulps: that is the error of the method, for
//! the `f64` value is exact to about 2⁻²⁹ of an `f32` ulp. It exits with an
//! error if any input is further from std than allowed.
//!
//! The inputs are cut into blocks that the threads, one per core, take in
//! turn. On two cores the run takes about 3 minutes: `expf` about 65 s, `lnf`
//! and `sqrtf` about 40 s each. Most of `expf`'s time goes to the 6% of inputs
//! between about 2⁻⁷⁵ and 2⁻⁵⁹ in size, whose `r²` or `z·P2` is subnormal,
//! which costs an x86 core some 200 ns an input.
//!
//! `tests/math_f32.rs` runs this file's `main` as an ignored test.

use scratchnet::math::{expf, lnf, sqrtf};
use std::thread;
use std::time::Instant;

/// One function and its reference.
struct Function {
    name: &'static str,
    ours: fn(f32) -> f32,
    /// The exact value, to `f64` precision; rounded to `f32`, the reference.
    exact: fn(f32) -> f64,
    /// The largest distance to the reference allowed; 0 means identical bits.
    max_ulps: u64,
}

const FUNCTIONS: [Function; 3] = [
    Function {
        name: "expf",
        ours: expf,
        exact: |x| f64::from(x).exp(),
        max_ulps: 1,
    },
    Function {
        name: "lnf",
        ours: lnf,
        exact: |x| f64::from(x).ln(),
        max_ulps: 1,
    },
    Function {
        name: "sqrtf",
        ours: sqrtf,
        exact: |x| f64::from(x).sqrt(),
        max_ulps: 0,
    },
];

/// Inputs in one block; thread `t` of `T` takes blocks `t`, `t + T`, ….
const BLOCK: u64 = 1 << 20;
/// 2³², the number of `f32` bit patterns.
const ALL: u64 = 1 << 32;

/// What a scan over inputs found.
#[derive(Clone, Copy, Default)]
struct Scan {
    inputs: u64,
    /// Inputs whose result's bits differ from the reference's.
    differ: u64,
    /// The largest distance to the reference, in ulps, and the first input
    /// at that distance.
    worst: u64,
    worst_x: f32,
    /// The largest error against the `f64` value, in `f32` ulps.
    worst_error: f64,
    worst_error_x: f32,
}

impl Scan {
    fn merge(mut self, other: Scan) -> Scan {
        self.inputs += other.inputs;
        self.differ += other.differ;
        if other.worst > self.worst {
            self.worst = other.worst;
            self.worst_x = other.worst_x;
        }
        if other.worst_error > self.worst_error {
            self.worst_error = other.worst_error;
            self.worst_error_x = other.worst_error_x;
        }
        self
    }
}

/// The place of `x` on a line of integers where neighbouring floats are
/// neighbouring integers and −0 and +0 are both 0.
fn ordered(x: f32) -> i64 {
    let bits = x.to_bits() as i32;
    i64::from(if bits < 0 { -(bits & i32::MAX) } else { bits })
}

/// The number of floats from `a` to `b`: 0 for two NaNs, `u64::MAX` for a
/// NaN and a number.
pub fn ulps(a: f32, b: f32) -> u64 {
    match (a.is_nan(), b.is_nan()) {
        (true, true) => 0,
        (false, false) => ordered(a).abs_diff(ordered(b)),
        _ => u64::MAX,
    }
}

/// `|got − exact|` in units of the `f32` ulp at `exact`; 0 where `got` or
/// `exact` is not a finite `f32` (the distance to the reference covers those).
fn error(got: f32, exact: f64) -> f64 {
    if !got.is_finite() || exact.is_nan() || exact.abs() > f64::from(f32::MAX) {
        return 0.0;
    }
    // The ulp of an f32 in exact's binade: 2^(binade − 23), and 2⁻¹⁴⁹ for
    // the subnormals.
    let binade = ((exact.to_bits() >> 52) & 0x7FF) as i32 - 1023;
    let ulp = f64::from_bits(((binade.max(-126) - 23 + 1023) as u64) << 52);
    (f64::from(got) - exact).abs() / ulp
}

/// Compares `function` with its reference on every bit pattern in `blocks`.
fn scan_blocks(function: &Function, blocks: impl Iterator<Item = u64>) -> Scan {
    let mut scan = Scan::default();
    for block in blocks {
        for bits in block * BLOCK..(block + 1) * BLOCK {
            let x = f32::from_bits(bits as u32);
            let got = (function.ours)(x);
            let exact = (function.exact)(x);
            let want = exact as f32;
            scan.inputs += 1;
            if got.to_bits() != want.to_bits() && !(got.is_nan() && want.is_nan()) {
                scan.differ += 1;
            }
            let distance = ulps(got, want);
            if distance > scan.worst {
                scan.worst = distance;
                scan.worst_x = x;
            }
            let error = error(got, exact);
            if error > scan.worst_error {
                scan.worst_error = error;
                scan.worst_error_x = x;
            }
        }
    }
    scan
}

/// Compares `function` with its reference on all 2³² inputs, on every core.
fn scan_all(function: &Function) -> Scan {
    let threads = thread::available_parallelism().map_or(1, usize::from);
    thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let blocks = (t as u64..ALL / BLOCK).step_by(threads);
                scope.spawn(move || scan_blocks(function, blocks))
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().expect("a scanning thread panicked"))
            .fold(Scan::default(), Scan::merge)
    })
}

/// Scans every function and prints what it found. Public so that
/// `tests/math_f32.rs` can run it.
pub fn main() -> Result<(), String> {
    let mut failures = Vec::new();
    for function in &FUNCTIONS {
        let start = Instant::now();
        let scan = scan_all(function);
        let seconds = start.elapsed().as_secs_f64();
        println!(
            "{}: {} inputs in {seconds:.1} s; {} ({:.2}%) differ from std; \
             worst {} ulp from std (first at x = {:e}, bits {:#010x}); \
             worst error {:.4} ulp (at x = {:e}, bits {:#010x})",
            function.name,
            scan.inputs,
            scan.differ,
            100.0 * scan.differ as f64 / scan.inputs as f64,
            scan.worst,
            scan.worst_x,
            scan.worst_x.to_bits(),
            scan.worst_error,
            scan.worst_error_x,
            scan.worst_error_x.to_bits(),
        );
        let too_far = if function.max_ulps == 0 {
            scan.differ > 0
        } else {
            scan.worst > function.max_ulps
        };
        if too_far {
            failures.push(format!(
                "{}: {} ulp from std at x = {:e} (bits {:#010x}), {} allowed (0: identical bits)",
                function.name,
                scan.worst,
                scan.worst_x,
                scan.worst_x.to_bits(),
                function.max_ulps,
            ));
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("; "))
    }
}
