//! Checks the crate's own `exp`, `ln`, `sqrt`, `floor`, `ceil` and `log10` against std's.
//!
//! `exp` and `ln` must be within 1 ulp of std (glibc's, nearly correctly
//! rounded), `log10` within 4; `sqrt`, `floor` and `ceil` must be
//! bit-identical (IEEE correctly rounded, and exact). On success
//! each test prints the worst distance it saw: `cargo test -- --nocapture`.
//!
//! `exp` over a slice, the loop the compiler vectorises (in a release build,
//! for the default target, AVX2 and AVX-512), must give what lone calls give.

use scratchnet::math::{ceil, exp, floor, ln, log10, sqrt};

/// A tiny splitmix64 with fixed seeds, written here on purpose: the inputs
/// must not depend on the crate's own RNG, which is under test elsewhere, and
/// fixed seeds make every failure reproducible.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`, 53 random bits.
    fn next_unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `[lo, hi)`.
    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.next_unit()
    }
}

/// The place of `x` on a line of integers where neighbouring doubles are
/// neighbouring integers and −0 and +0 are both 0.
fn ordered(x: f64) -> i64 {
    let bits = x.to_bits() as i64;
    if bits < 0 { -(bits & i64::MAX) } else { bits }
}

/// The number of doubles from `a` to `b`: 0 for two NaNs, `u64::MAX` for a
/// NaN and a number.
fn ulps(a: f64, b: f64) -> u64 {
    match (a.is_nan(), b.is_nan()) {
        (true, true) => 0,
        (false, false) => ordered(a).abs_diff(ordered(b)),
        _ => u64::MAX,
    }
}

/// Compares one function with its std reference over many inputs and keeps
/// the worst distance seen.
struct Check {
    name: &'static str,
    ours: fn(f64) -> f64,
    reference: fn(f64) -> f64,
    /// The largest distance allowed; 0 means identical bits (so `sqrt(−0)`
    /// must be −0).
    max_ulps: u64,
    inputs: u64,
    worst: u64,
    worst_x: f64,
}

impl Check {
    fn new(
        name: &'static str,
        ours: fn(f64) -> f64,
        reference: fn(f64) -> f64,
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

    fn exp() -> Self {
        Check::new("exp", exp, f64::exp, 1)
    }

    fn ln() -> Self {
        Check::new("ln", ln, f64::ln, 1)
    }

    fn sqrt() -> Self {
        Check::new("sqrt", sqrt, f64::sqrt, 0)
    }

    fn check(&mut self, x: f64) {
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
            "{}({x:e}) [bits {:#018x}]: got {got:e} [{:#018x}], want {want:e} [{:#018x}], {distance} ulp apart, {} ulp allowed (0: identical bits)",
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

    fn report(&self, what: &str) {
        println!(
            "{} {what}: {} inputs, worst {} ulp (at x = {:e}, bits {:#018x})",
            self.name,
            self.inputs,
            self.worst,
            self.worst_x,
            self.worst_x.to_bits(),
        );
    }
}

/// Positive finite doubles with uniformly random bit patterns: every binade,
/// and the subnormals, equally likely.
fn random_positive_bits(rng: &mut SplitMix64) -> f64 {
    f64::from_bits(rng.next_u64() % f64::INFINITY.to_bits())
}

/// Random subnormal doubles (and, rarely, +0).
fn random_subnormal(rng: &mut SplitMix64) -> f64 {
    f64::from_bits(rng.next_u64() >> 12)
}

/// 2ᵏ for −1074 ≤ k ≤ 1023, subnormals included, built from its bits.
fn pow2(k: i32) -> f64 {
    if k < -1022 {
        f64::from_bits(1 << (k + 1074))
    } else {
        f64::from_bits(((k + 1023) as u64) << 52)
    }
}

/// The `n` doubles on each side of `x`, and `x`.
fn neighbours(x: f64, n: u64) -> impl Iterator<Item = f64> {
    let bits = x.to_bits();
    (bits - n..=bits + n).map(f64::from_bits)
}

// ---------------------------------------------------------------- exp

#[test]
fn exp_random_over_whole_range() {
    let mut rng = SplitMix64(0x0E4B_0001);
    let mut check = Check::exp();
    for _ in 0..10_000_000 {
        check.check(rng.uniform(-745.2, 709.8));
    }
    check.report("uniform on [-745.2, 709.8]");
}

#[test]
fn exp_near_zero() {
    let mut rng = SplitMix64(0x0E4B_0002);
    let mut check = Check::exp();
    // |x| from 1e-300 to 1, every binade equally likely, both signs.
    for _ in 0..1_000_000 {
        let magnitude = 1e-300f64.powf(rng.next_unit());
        let sign = if rng.next_u64() & 1 == 0 { 1.0 } else { -1.0 };
        check.check(sign * magnitude);
    }
    // Uniform on (-1, 1) and on the reduction interval |x| ≤ ½·ln2 (k = 0).
    for _ in 0..1_000_000 {
        check.check(rng.uniform(-1.0, 1.0));
        check.check(rng.uniform(-0.35, 0.35));
    }
    check.report("near zero");
}

#[test]
fn exp_subnormal_results() {
    let mut rng = SplitMix64(0x0E4B_0003);
    let mut check = Check::exp();
    for _ in 0..1_000_000 {
        check.check(rng.uniform(-745.13, -708.4));
    }
    // Around ln(2⁻¹⁰²²), where results turn subnormal.
    for x in neighbours(-708.396_418_532_264_1, 10_000) {
        check.check(x);
    }
    check.report("subnormal results");
}

#[test]
fn exp_where_k_changes() {
    // k = round(x/ln2) flips at x = (j + ½)·ln2, where |r| is largest.
    let mut check = Check::exp();
    for j in -1076..=1024 {
        let x = (f64::from(j) + 0.5) * core::f64::consts::LN_2;
        for x in neighbours(x, 20) {
            check.check(x);
        }
    }
    check.report("where k changes");
}

#[test]
fn exp_thresholds() {
    let overflow: f64 = 709.782_712_893_384;
    let underflow: f64 = -745.133_219_101_941_1;
    assert_eq!(overflow.to_bits(), 0x4086_2E42_FEFA_39EF);
    assert_eq!(underflow.to_bits(), 0xC087_4910_D52D_3051);

    // For positive x, bits + 1 is the next double up; for negative x, the
    // next double down.
    let bits_plus_1 = |x: f64| f64::from_bits(x.to_bits() + 1);
    let bits_minus_1 = |x: f64| f64::from_bits(x.to_bits() - 1);
    assert!(exp(overflow).is_finite());
    assert!(exp(bits_minus_1(overflow)).is_finite());
    assert_eq!(exp(bits_plus_1(overflow)), f64::INFINITY);
    assert_eq!(exp(underflow), f64::from_bits(1));
    assert_eq!(exp(bits_minus_1(underflow)), f64::from_bits(1));
    assert_eq!(exp(bits_plus_1(underflow)).to_bits(), 0f64.to_bits());

    let mut check = Check::exp();
    for x in neighbours(overflow, 10_000).chain(neighbours(underflow, 10_000)) {
        check.check(x);
    }
    check.report("thresholds");
}

#[test]
fn exp_special_values() {
    assert_eq!(exp(0.0).to_bits(), 1f64.to_bits());
    assert_eq!(exp(-0.0).to_bits(), 1f64.to_bits());
    assert_eq!(exp(f64::INFINITY), f64::INFINITY);
    assert_eq!(exp(f64::NEG_INFINITY).to_bits(), 0f64.to_bits());
    assert!(exp(f64::NAN).is_nan());
    assert_eq!(exp(f64::MAX), f64::INFINITY);
    assert_eq!(exp(f64::MIN).to_bits(), 0f64.to_bits());
    assert_eq!(exp(f64::from_bits(1)), 1.0);
    assert_eq!(exp(-f64::from_bits(1)), 1.0);

    let mut check = Check::exp();
    for i in -746..=710 {
        check.check(f64::from(i));
    }
    check.report("integers");
}

/// `y_i = exp(x_i)`, the loop that the compiler vectorises in an optimised build
/// (`cargo test --release`; a debug build runs it one value at a time).
fn exp_slice(x: &[f64], y: &mut [f64]) {
    for (y_i, &x_i) in y.iter_mut().zip(x) {
        *y_i = exp(x_i);
    }
}

/// A loop over a slice: `(x, y)`.
type SliceLoop = fn(&[f64], &mut [f64]);

/// [`exp_slice`] compiled for AVX2 and FMA: four lanes.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn exp_slice_avx2(x: &[f64], y: &mut [f64]) {
    exp_slice(x, y);
}

/// [`exp_slice`] compiled for AVX-512F: eight lanes.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn exp_slice_avx512(x: &[f64], y: &mut [f64]) {
    exp_slice(x, y);
}

#[test]
// Unoptimised, the loop calls the scalar function once per value in every build: the
// comparison is only a test where the compiler vectorises it (.ci/run runs it so).
#[cfg_attr(
    debug_assertions,
    ignore = "vectorised only when optimised: cargo test --release --test math"
)]
fn exp_over_a_slice_is_exp_of_each() {
    // The special values, both thresholds and their neighbours, and subnormal
    // results, each followed by ordinary values, so that every vector lane
    // meets them beside others.
    let bits_plus_1 = |x: f64| f64::from_bits(x.to_bits() + 1);
    let edges = [
        0.0,
        -0.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        f64::MAX,
        f64::MIN,
        f64::from_bits(1),
        709.782_712_893_384,
        bits_plus_1(709.782_712_893_384),
        -745.133_219_101_941_1,
        bits_plus_1(-745.133_219_101_941_1),
        -708.5,
        -740.0,
    ];
    let mut rng = SplitMix64(0x0E4B_0005);
    let mut x = Vec::new();
    for i in 0..100_000 {
        x.push(if i % 7 == 0 {
            edges[i / 7 % edges.len()]
        } else {
            rng.uniform(-760.0, 720.0)
        });
    }
    // One call at a time, through a pointer the compiler cannot see through.
    let lone = std::hint::black_box(exp as fn(f64) -> f64);
    let want: Vec<f64> = x.iter().map(|&x| lone(x)).collect();

    let mut loops: Vec<(&str, SliceLoop)> = vec![("default", exp_slice)];
    #[cfg(target_arch = "x86_64")]
    {
        if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
            // SAFETY: the CPU has AVX2 and FMA, all that the function was compiled for.
            loops.push(("avx2,fma", |x, y| unsafe { exp_slice_avx2(x, y) }));
        }
        if is_x86_feature_detected!("avx512f") {
            // SAFETY: the CPU has AVX-512F, all that the function was compiled for.
            loops.push(("avx512f", |x, y| unsafe { exp_slice_avx512(x, y) }));
        }
    }
    for (target, exp_loop) in loops {
        let mut y = vec![0.0; x.len()];
        exp_loop(&x, &mut y);
        for ((&x, &got), &want) in x.iter().zip(&y).zip(&want) {
            assert!(
                ulps(got, want) == 0,
                "exp over a slice ({target}) at x = {x:e}: got {got:e} [{:#018x}], one call gives {want:e} [{:#018x}]",
                got.to_bits(),
                want.to_bits(),
            );
        }
        println!(
            "exp over a slice ({target}): {} inputs, each as from a lone call",
            x.len()
        );
    }
}

// ---------------------------------------------------------------- ln

#[test]
fn ln_random_bit_patterns() {
    let mut rng = SplitMix64(0x01_0001);
    let mut check = Check::ln();
    for _ in 0..3_000_000 {
        check.check(random_positive_bits(&mut rng));
    }
    check.report("random positive bit patterns");
}

#[test]
fn ln_subnormal_inputs() {
    let mut rng = SplitMix64(0x01_0002);
    let mut check = Check::ln();
    for _ in 0..200_000 {
        check.check(random_subnormal(&mut rng));
    }
    for x in neighbours(f64::MIN_POSITIVE, 1000) {
        check.check(x);
    }
    check.check(f64::from_bits(1));
    check.report("subnormal inputs");
}

#[test]
fn ln_near_one() {
    let mut rng = SplitMix64(0x01_0003);
    let mut check = Check::ln();
    let one = 1f64.to_bits();
    for _ in 0..1_000_000 {
        // Within 2⁴⁰ doubles of 1, on either side.
        let offset = rng.next_u64() >> 24;
        check.check(f64::from_bits(one + offset));
        check.check(f64::from_bits(one - offset));
        check.check(rng.uniform(0.5, 2.0));
    }
    // Around √2/2 and √2, where the reduction switches between m and m/2.
    for x in neighbours(core::f64::consts::SQRT_2, 1000)
        .chain(neighbours(core::f64::consts::FRAC_1_SQRT_2, 1000))
    {
        check.check(x);
    }
    check.report("near one");
}

#[test]
fn ln_special_values() {
    assert_eq!(ln(1.0).to_bits(), 0f64.to_bits());
    assert_eq!(ln(0.0), f64::NEG_INFINITY);
    assert_eq!(ln(-0.0), f64::NEG_INFINITY);
    assert_eq!(ln(f64::INFINITY), f64::INFINITY);
    assert!(ln(f64::NAN).is_nan());
    assert!(ln(-1.0).is_nan());
    assert!(ln(-f64::from_bits(1)).is_nan());
    assert!(ln(f64::NEG_INFINITY).is_nan());

    let mut check = Check::ln();
    for k in -1074..=1023 {
        check.check(pow2(k));
    }
    check.check(f64::MAX);
    check.check(core::f64::consts::E);
    check.report("powers of two");
}

// ---------------------------------------------------------------- sqrt

#[test]
fn sqrt_random_bit_patterns() {
    let mut rng = SplitMix64(0x5_0001);
    let mut check = Check::sqrt();
    for _ in 0..3_000_000 {
        check.check(random_positive_bits(&mut rng));
    }
    for _ in 0..200_000 {
        check.check(random_subnormal(&mut rng));
    }
    check.report("random positive bit patterns");
}

/// The odd roots `s` of `s² ≡ a (mod 2⁵⁴)`, for `a ≡ 1 (mod 8)`: lift a root
/// modulo 2ᵏ to one modulo 2ᵏ⁺¹ bit by bit (Hensel), then take all four.
fn odd_square_roots_mod_2_54(a: u64) -> [u64; 4] {
    let mask = |k: u32| (1u64 << k) - 1;
    let mut s = 1u64;
    for k in 3..54 {
        if (s.wrapping_mul(s) ^ a) & mask(k + 1) != 0 {
            s += 1 << (k - 1);
        }
    }
    let minus_s = s.wrapping_neg() & mask(54);
    [
        s,
        minus_s,
        (s + (1 << 53)) & mask(54),
        (minus_s + (1 << 53)) & mask(54),
    ]
}

#[test]
fn sqrt_nearest_to_midpoints() {
    // The hardest inputs: √x as close to halfway between two doubles as a
    // double x allows. Inside `sqrt`, n = m·2⁵² and q = ⌊√n⌋, and the result
    // rounds up exactly when n − q² > q. Ask for n = q² + q + d with a small
    // even d: then (2q + 1)² = 4n − 4d + 1 ≡ 1 − 4d (mod 2⁵⁴), so 2q + 1 is a
    // square root of 1 − 4d modulo 2⁵⁴, and x = m times an even power of two.
    let mut rng = SplitMix64(0x5_0002);
    let mut check = Check::sqrt();
    let small = -2000i64..=2000;
    let large = (0..10_000).map(|_| (rng.next_u64() >> 23) as i64 - (1 << 40));
    for d in small.chain(large).map(|d| 2 * d) {
        let a = 1u64.wrapping_sub(4u64.wrapping_mul(d as u64));
        for s in odd_square_roots_mod_2_54(a & ((1 << 54) - 1)) {
            let q = u128::from(s >> 1);
            if !(1u128 << 52..1 << 53).contains(&q) {
                continue;
            }
            let n = (q * q + q).wrapping_add_signed(i128::from(d));
            assert_eq!(n % (1 << 52), 0);
            let m = (n >> 52) as u64;
            // m·2^(2j) is a double when m < 2⁵³, or when m is even.
            if m >= 1 << 53 && m % 2 == 1 {
                continue;
            }
            for j in [-500, -1, 0, 1, 500] {
                check.check(m as f64 * pow2(2 * j));
            }
        }
    }
    assert!(check.inputs > 50_000);
    check.report("nearest to midpoints");
}

#[test]
fn sqrt_perfect_squares() {
    for i in 0..=1_000_000u64 {
        let x = (i * i) as f64;
        assert_eq!(sqrt(x), i as f64, "sqrt({x}) should be {i}");
    }
    let mut rng = SplitMix64(0x5_0003);
    // i² < 2⁵³ is exact as a double.
    for _ in 0..100_000 {
        let i = rng.next_u64() % 94_906_265;
        let x = (i * i) as f64;
        assert_eq!(sqrt(x), i as f64, "sqrt({x}) should be {i}");
    }
    for k in -537..=511 {
        assert_eq!(sqrt(pow2(2 * k)), pow2(k), "sqrt(2^{})", 2 * k);
    }
}

#[test]
fn sqrt_special_values() {
    assert_eq!(sqrt(0.0).to_bits(), 0f64.to_bits());
    assert_eq!(sqrt(-0.0).to_bits(), (-0f64).to_bits());
    assert_eq!(sqrt(f64::INFINITY), f64::INFINITY);
    assert!(sqrt(f64::NAN).is_nan());
    assert!(sqrt(-1.0).is_nan());
    assert!(sqrt(-f64::from_bits(1)).is_nan());
    assert!(sqrt(f64::NEG_INFINITY).is_nan());
    assert_eq!(sqrt(1.0), 1.0);

    let mut check = Check::sqrt();
    for x in [
        f64::MAX,
        f64::MIN_POSITIVE,
        f64::from_bits(1),
        f64::EPSILON,
        2.0,
        3.0,
        0.5,
    ] {
        check.check(x);
    }
    check.report("extremes");
}

// ---------------------------------------------------------------- floor, ceil, log10

/// Inputs for `floor` and `ceil`: the special values, the integers and halves
/// near 0 and near 2⁵² (where doubles stop having a fraction) with their
/// neighbours, numbers of every binade of both signs, and numbers close to
/// integers in [−10⁶, 10⁶].
fn rounding_inputs() -> Vec<f64> {
    let mut x = vec![0.0, -0.0, f64::INFINITY, f64::NEG_INFINITY, f64::NAN];
    let two_52 = pow2(52);
    for edge in [
        0.5,
        1.0,
        1.5,
        2.0,
        two_52,
        two_52 - 0.5,
        two_52 + 2.0,
        pow2(63),
        f64::MAX,
    ] {
        for y in neighbours(edge, 3) {
            x.extend([y, -y]);
        }
    }
    let mut rng = SplitMix64(52);
    for _ in 0..500_000 {
        let y = random_positive_bits(&mut rng);
        x.extend([y, -y]);
    }
    for _ in 0..100_000 {
        let near = rng.uniform(-1e6, 1e6) as i64 as f64;
        if near != 0.0 {
            x.extend(neighbours(near, 2));
            x.extend(neighbours(near + 0.5, 1));
        }
    }
    x
}

#[test]
fn floor_and_ceil_are_stds_bit_for_bit() {
    let mut floors = Check::new("floor", floor, f64::floor, 0);
    let mut ceils = Check::new("ceil", ceil, f64::ceil, 0);
    for x in rounding_inputs() {
        floors.check(x);
        ceils.check(x);
    }
    floors.report("every binade, both signs, near integers and 2⁵²");
    ceils.report("every binade, both signs, near integers and 2⁵²");
}

#[test]
fn log10_within_four_ulps() {
    let mut check = Check::new("log10", log10, f64::log10, 4);
    let mut rng = SplitMix64(10);
    for _ in 0..1_000_000 {
        check.check(random_positive_bits(&mut rng));
    }
    for _ in 0..10_000 {
        check.check(random_subnormal(&mut rng));
    }
    // The powers of ten and their neighbours, where plots put their ticks.
    for k in -307..=308 {
        let power: f64 = format!("1e{k}").parse().unwrap();
        neighbours(power, 2).for_each(|x| check.check(x));
    }
    for x in [
        0.0,
        -0.0,
        -1.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        1.0,
    ] {
        check.check(x);
    }
    check.report("random bit patterns, subnormals, powers of ten");
}
