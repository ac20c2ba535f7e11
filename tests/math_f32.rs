//! Checks the crate's own `expf`, `lnf` and `sqrtf` against std's.
//!
//! The references are `(x as f64).exp() as f32` and `(x as f64).ln() as f32`
//! (std's `f64` functions, glibc's on Linux, err by barely more than ½ ulp of
//! an `f64`, so rounded to `f32` they are the correctly rounded result or, in
//! rare near-ties, its neighbour): `expf` and `lnf` must be within 1 ulp of
//! them. `sqrtf` must be bit-identical to `f32::sqrt` (IEEE correctly
//! rounded). The inputs are strided samples of every bit pattern, whole ranges
//! where the methods change, and the edges. On success each test prints the
//! worst distance it saw: `cargo test --test math_f32 -- --nocapture`.
//!
//! `expf` over a slice, the loop the compiler vectorises (in a release build,
//! for the default target, AVX2 and AVX-512), must give what lone calls give.
//!
//! The same check on all 2³² inputs is the example `exp_f32_exhaustive`, run
//! here by the ignored test [`every_input`].

// The exhaustive example: its `main` for `every_input`, and its `ulps`.
#[path = "../examples/exp_f32_exhaustive.rs"]
mod exhaustive;

use exhaustive::ulps;
use scratchnet::math::{expf, lnf, sqrtf};

/// Compares one function with its std reference over many inputs and keeps
/// the worst distance seen.
struct Check {
    name: &'static str,
    ours: fn(f32) -> f32,
    reference: fn(f32) -> f32,
    /// The largest distance allowed; 0 means identical bits (so `sqrtf(−0)`
    /// must be −0).
    max_ulps: u64,
    inputs: u64,
    worst: u64,
    worst_x: f32,
}

impl Check {
    fn new(
        name: &'static str,
        ours: fn(f32) -> f32,
        reference: fn(f32) -> f32,
        max_ulps: u64,
    ) -> Self {
        Check {
            name,
            ours,
            reference,
            max_ulps,
            inputs: 0,
            worst: 0,
            worst_x: 0.0,
        }
    }

    fn expf() -> Self {
        Check::new("expf", expf, |x| f64::from(x).exp() as f32, 1)
    }

    fn lnf() -> Self {
        Check::new("lnf", lnf, |x| f64::from(x).ln() as f32, 1)
    }

    fn sqrtf() -> Self {
        Check::new("sqrtf", sqrtf, f32::sqrt, 0)
    }

    fn check(&mut self, x: f32) {
        let got = (self.ours)(x);
        let want = (self.reference)(x);
        let distance = ulps(got, want);
        let same_bits = got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan());
        let ok = if self.max_ulps == 0 {
            same_bits
        } else {
            distance <= self.max_ulps
        };
        assert!(
            ok,
            "{}({x:e}) [bits {:#010x}]: got {got:e} [{:#010x}], want {want:e} [{:#010x}], {distance} ulp apart, {} ulp allowed (0: identical bits)",
            self.name,
            x.to_bits(),
            got.to_bits(),
            want.to_bits(),
            self.max_ulps,
        );
        if distance > self.worst || self.inputs == 0 {
            self.worst = distance;
            self.worst_x = x;
        }
        self.inputs += 1;
    }

    fn check_bits(&mut self, bits: impl Iterator<Item = u32>) {
        for bits in bits {
            self.check(f32::from_bits(bits));
        }
    }

    fn report(&self, what: &str) {
        println!(
            "{} {what}: {} inputs, worst {} ulp (at x = {:e}, bits {:#010x})",
            self.name,
            self.inputs,
            self.worst,
            self.worst_x,
            self.worst_x.to_bits(),
        );
    }
}

/// The sign bit of an `f32`.
const SIGN: u32 = 1 << 31;

/// 2ᵏ for −149 ≤ k ≤ 127, subnormals included, built from its bits.
fn pow2(k: i32) -> f32 {
    if k < -126 {
        f32::from_bits(1 << (k + 149))
    } else {
        f32::from_bits(((k + 127) as u32) << 23)
    }
}

/// The `n` floats on each side of `x`, and `x`, for a finite `x` more than `n`
/// floats away from zero.
fn neighbours(x: f32, n: u32) -> impl Iterator<Item = f32> {
    let bits = x.to_bits();
    (bits - n..=bits + n).map(f32::from_bits)
}

// ---------------------------------------------------------------- expf

#[test]
fn expf_strided_bit_patterns() {
    // Every 1021st of the 2³² bit patterns: both signs, every binade, the
    // subnormals, ±∞ and NaNs.
    let mut check = Check::expf();
    check.check_bits((0..=u32::MAX).step_by(1021));
    check.report("every 1021st bit pattern");
}

#[test]
fn expf_strided_in_range() {
    // Every 331st float of [−104, 89], where exp is neither 0 nor ∞.
    let mut check = Check::expf();
    check.check_bits((0..=89f32.to_bits()).step_by(331));
    check.check_bits((SIGN..=(-104f32).to_bits()).step_by(331));
    check.report("every 331st float in [-104, 89]");
}

#[test]
fn expf_subnormal_results() {
    // Every x from −87, past ln(2⁻¹²⁶) ≈ −87.34 where results turn subnormal,
    // down to −104, past where they round to zero.
    let mut check = Check::expf();
    check.check_bits((-87f32).to_bits()..=(-104f32).to_bits());
    check.report("subnormal results");
}

#[test]
fn expf_where_k_changes() {
    // k = round(x/ln2) flips at x = (j + ½)·ln2, where |r| is largest.
    let mut check = Check::expf();
    for j in -151..=128 {
        let x = (f64::from(j) + 0.5) * core::f64::consts::LN_2;
        for x in neighbours(x as f32, 1000) {
            check.check(x);
        }
    }
    check.report("where k changes");
}

#[test]
fn expf_thresholds() {
    let overflow: f32 = 88.722_83;
    let underflow: f32 = -103.972_08;
    assert_eq!(overflow.to_bits(), 0x42B1_7217);
    assert_eq!(underflow.to_bits(), 0xC2CF_F1B4);

    // For positive x, bits + 1 is the next float up; for negative x, the
    // next float down.
    let bits_plus_1 = |x: f32| f32::from_bits(x.to_bits() + 1);
    let bits_minus_1 = |x: f32| f32::from_bits(x.to_bits() - 1);
    assert!(expf(overflow).is_finite());
    assert!(expf(bits_minus_1(overflow)).is_finite());
    assert_eq!(expf(bits_plus_1(overflow)), f32::INFINITY);
    assert_eq!(expf(underflow), f32::from_bits(1));
    assert_eq!(expf(bits_minus_1(underflow)), f32::from_bits(1));
    assert_eq!(expf(bits_plus_1(underflow)).to_bits(), 0f32.to_bits());

    let mut check = Check::expf();
    for x in neighbours(overflow, 100_000).chain(neighbours(underflow, 100_000)) {
        check.check(x);
    }
    check.report("thresholds");
}

#[test]
fn expf_special_values() {
    assert_eq!(expf(0.0).to_bits(), 1f32.to_bits());
    assert_eq!(expf(-0.0).to_bits(), 1f32.to_bits());
    assert_eq!(expf(f32::INFINITY), f32::INFINITY);
    assert_eq!(expf(f32::NEG_INFINITY).to_bits(), 0f32.to_bits());
    assert!(expf(f32::NAN).is_nan());
    assert_eq!(expf(f32::MAX), f32::INFINITY);
    assert_eq!(expf(f32::MIN).to_bits(), 0f32.to_bits());
    assert_eq!(expf(f32::from_bits(1)), 1.0);
    assert_eq!(expf(-f32::from_bits(1)), 1.0);

    let mut check = Check::expf();
    for i in -105..=90 {
        check.check(i as f32);
    }
    check.report("integers");
}

/// `y_i = expf(x_i)`, the loop that the compiler vectorises in an optimised
/// build (`cargo test --release`; a debug build runs it one value at a time).
fn expf_slice(x: &[f32], y: &mut [f32]) {
    for (y_i, &x_i) in y.iter_mut().zip(x) {
        *y_i = expf(x_i);
    }
}

/// A loop over a slice: `(x, y)`.
type SliceLoop = fn(&[f32], &mut [f32]);

/// [`expf_slice`] compiled for AVX2 and FMA: eight lanes.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn expf_slice_avx2(x: &[f32], y: &mut [f32]) {
    expf_slice(x, y);
}

/// [`expf_slice`] compiled for AVX-512F: sixteen lanes.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn expf_slice_avx512(x: &[f32], y: &mut [f32]) {
    expf_slice(x, y);
}

#[test]
// Unoptimised, the loop calls the scalar function once per value in every build: the
// comparison is only a test where the compiler vectorises it (.ci/run runs it so).
#[cfg_attr(
    debug_assertions,
    ignore = "vectorised only when optimised: cargo test --release --test math_f32"
)]
fn expf_over_a_slice_is_expf_of_each() {
    // The special values, both thresholds and their neighbours, and subnormal
    // results, each followed by ordinary values, so that every vector lane
    // meets them beside others. The ordinary values are scattered bit patterns
    // (mostly out of range) and scattered floats in [−110, 95).
    let bits_plus_1 = |x: f32| f32::from_bits(x.to_bits() + 1);
    let edges = [
        0.0,
        -0.0,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NAN,
        f32::MAX,
        f32::MIN,
        f32::from_bits(1),
        88.722_83,
        bits_plus_1(88.722_83),
        -103.972_08,
        bits_plus_1(-103.972_08),
        -87.5,
        -100.0,
    ];
    let x: Vec<f32> = (0..100_000u32)
        .map(|i| {
            let scattered = i.wrapping_mul(0x9E37_79B1);
            match i % 7 {
                0 => edges[(i / 7) as usize % edges.len()],
                1 | 2 => f32::from_bits(scattered),
                _ => -110.0 + 205.0 * (scattered >> 8) as f32 / (1 << 24) as f32,
            }
        })
        .collect();
    // One call at a time, through a pointer the compiler cannot see through.
    let lone = std::hint::black_box(expf as fn(f32) -> f32);
    let want: Vec<f32> = x.iter().map(|&x| lone(x)).collect();

    let mut loops: Vec<(&str, SliceLoop)> = vec![("default", expf_slice)];
    #[cfg(target_arch = "x86_64")]
    {
        if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
            // SAFETY: the CPU has AVX2 and FMA, all that the function was compiled for.
            loops.push(("avx2,fma", |x, y| unsafe { expf_slice_avx2(x, y) }));
        }
        if is_x86_feature_detected!("avx512f") {
            // SAFETY: the CPU has AVX-512F, all that the function was compiled for.
            loops.push(("avx512f", |x, y| unsafe { expf_slice_avx512(x, y) }));
        }
    }
    for (target, expf_loop) in loops {
        let mut y = vec![0.0; x.len()];
        expf_loop(&x, &mut y);
        for ((&x, &got), &want) in x.iter().zip(&y).zip(&want) {
            assert!(
                ulps(got, want) == 0,
                "expf over a slice ({target}) at x = {x:e}: got {got:e} [{:#010x}], one call gives {want:e} [{:#010x}]",
                got.to_bits(),
                want.to_bits(),
            );
        }
        println!(
            "expf over a slice ({target}): {} inputs, each as from a lone call",
            x.len()
        );
    }
}

// ---------------------------------------------------------------- lnf

#[test]
fn lnf_strided_bit_patterns() {
    let mut check = Check::lnf();
    // Every 1021st positive finite float, and every 61st subnormal.
    check.check_bits((1..f32::INFINITY.to_bits()).step_by(1021));
    check.check_bits((1..f32::MIN_POSITIVE.to_bits()).step_by(61));
    check.report("every 1021st positive float");
}

#[test]
fn lnf_near_one() {
    // Every float within 2²⁰ floats of 1, on either side.
    let mut check = Check::lnf();
    for x in neighbours(1.0, 1 << 20) {
        check.check(x);
    }
    // Around √2/2 and √2, where the reduction switches between m and m/2.
    for x in neighbours(core::f32::consts::SQRT_2, 10_000)
        .chain(neighbours(core::f32::consts::FRAC_1_SQRT_2, 10_000))
    {
        check.check(x);
    }
    check.report("near one");
}

#[test]
fn lnf_special_values() {
    assert_eq!(lnf(1.0).to_bits(), 0f32.to_bits());
    assert_eq!(lnf(0.0), f32::NEG_INFINITY);
    assert_eq!(lnf(-0.0), f32::NEG_INFINITY);
    assert_eq!(lnf(f32::INFINITY), f32::INFINITY);
    assert!(lnf(f32::NAN).is_nan());
    assert!(lnf(-1.0).is_nan());
    assert!(lnf(-f32::from_bits(1)).is_nan());
    assert!(lnf(f32::NEG_INFINITY).is_nan());

    let mut check = Check::lnf();
    for k in -149..=127 {
        check.check(pow2(k));
    }
    for x in neighbours(f32::MIN_POSITIVE, 1000) {
        check.check(x);
    }
    check.check(f32::MAX);
    check.check(core::f32::consts::E);
    check.report("powers of two");
}

// ---------------------------------------------------------------- sqrtf

#[test]
fn sqrtf_strided_bit_patterns() {
    let mut check = Check::sqrtf();
    // Every 1021st positive float, and every 61st subnormal.
    check.check_bits((0..f32::INFINITY.to_bits()).step_by(1021));
    check.check_bits((1..f32::MIN_POSITIVE.to_bits()).step_by(61));
    check.report("every 1021st positive float");
}

#[test]
fn sqrtf_every_significand() {
    // Every float in [1, 4). sqrtf(4ʲ·x) = 2ʲ·sqrtf(x) goes through the same
    // integer root with another exponent, so this covers the root and the
    // rounding of every normal and subnormal input.
    let mut check = Check::sqrtf();
    check.check_bits(1f32.to_bits()..4f32.to_bits());
    check.report("every float in [1, 4)");
}

#[test]
fn sqrtf_perfect_squares() {
    // i² < 2²⁴ is exact as a float.
    for i in 0..=4096u32 {
        let x = (i * i) as f32;
        assert_eq!(sqrtf(x), i as f32, "sqrtf({x}) should be {i}");
    }
    for k in -74..=63 {
        assert_eq!(sqrtf(pow2(2 * k)), pow2(k), "sqrtf(2^{})", 2 * k);
    }
}

#[test]
fn sqrtf_special_values() {
    assert_eq!(sqrtf(0.0).to_bits(), 0f32.to_bits());
    assert_eq!(sqrtf(-0.0).to_bits(), (-0f32).to_bits());
    assert_eq!(sqrtf(f32::INFINITY), f32::INFINITY);
    assert!(sqrtf(f32::NAN).is_nan());
    assert!(sqrtf(-1.0).is_nan());
    assert!(sqrtf(-f32::from_bits(1)).is_nan());
    assert!(sqrtf(f32::NEG_INFINITY).is_nan());
    assert_eq!(sqrtf(1.0), 1.0);

    let mut check = Check::sqrtf();
    for x in [
        f32::MAX,
        f32::MIN_POSITIVE,
        f32::from_bits(1),
        f32::EPSILON,
        2.0,
        3.0,
        0.5,
    ] {
        check.check(x);
    }
    check.report("extremes");
}

// ---------------------------------------------------------------- all inputs

/// All 2³² inputs of `expf`, `lnf` and `sqrtf`: runs the example
/// `exp_f32_exhaustive`. About 3 minutes on two cores in a release build:
///
/// ```text
/// cargo test --release --test math_f32 -- --ignored --nocapture
/// ```
#[test]
#[ignore = "all 2³² inputs: about 3 minutes on two cores, in release"]
fn every_input() {
    exhaustive::main().unwrap();
}
