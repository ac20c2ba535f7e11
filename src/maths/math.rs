//! `exp`, `ln` and `sqrt` for `f64` and for `f32`, and `floor`, `ceil` and `log10` for
//! `f64`, written out in plain Rust.
//!
//! `core` has no `exp`, `ln` or `sqrt` for floats (on stable Rust they live in
//! `std`), so the crate computes them here. The std and the no_std builds both
//! use these functions, never std's, so a network trains to bit-identical
//! weights in either build.
//!
//! The `f32` functions, [`expf`], [`lnf`] and [`sqrtf`], compute in `f32`
//! alone. They are for microcontrollers whose FPU does `f32` only, where `f64`
//! arithmetic is emulated in software and slow. Each follows the method of its
//! `f64` twin, with a shorter polynomial.
//!
//! Every function follows the same three steps: *reduce* the argument to a
//! small interval, *approximate* there (with a short polynomial, or for `sqrt`
//! an exact integer root), *scale* the result back. The logarithms and the
//! square roots deal with their special inputs (±0, ±∞, NaN, negative numbers)
//! first. The exponentials have no branch at all: they handle theirs with
//! selects, so that a loop over a slice that calls them is vectorised (see
//! [Vectorisation](#vectorisation)).
//!
//! # `exp`
//!
//! The method is fdlibm's `e_exp.c` (Sun Microsystems, 1993; also in FreeBSD's
//! msun and musl).
//!
//! 1. Reduction. Choose the integer `k` nearest to `x / ln2` and put
//!
//!    ```text
//!    x = k·ln2 + r,    |r| ≤ ½·ln2 ≈ 0.3466
//!    ```
//!
//!    `k` is found without a conversion to an integer type, by the *shifter*
//!    `S = 1.5·2⁵²`: `x·(1/ln2) + S` lies in `[2⁵², 2⁵³)`, where the doubles
//!    are the integers, so the addition rounds `x/ln2` to the nearest integer;
//!    `k = (x·(1/ln2) + S) − S` exactly, and the low bits of the sum hold
//!    `2⁵¹ + k`, for step 3.
//!
//!    `ln2` is split into `LN2_HI + LN2_LO`, where `LN2_HI` has only 32
//!    significant bits, so `k·LN2_HI` and `hi = x − k·LN2_HI` are exact, and
//!    `r = hi − lo` with `lo = k·LN2_LO`. Rounding `r` loses a little, but the
//!    last step below adds `hi` and `lo` separately, so that loss only touches
//!    a small correction term.
//!
//! 2. Approximation. With `z = r²`, the even function
//!    `R(z) = r·(exp(r) + 1)/(exp(r) − 1) = 2 + z/6 − z²/360 + …` is replaced
//!    by the degree-5 polynomial `2 + P1·z + … + P5·z⁵`, whose coefficients were
//!    found by a Remez (minimax) search and are off by at most 2⁻⁵⁹ on
//!    `[0, 0.3466]`. Solving for `exp(r)` and writing `c = r − (P1·z + … + P5·z⁵)`
//!    gives
//!
//!    ```text
//!    exp(r) = 1 + 2r/(R(z) − r) = 1 + r + r·c/(2 − c)
//!    ```
//!
//!    and the sum is evaluated as `1 − ((lo − r·c/(2 − c)) − hi)`: the small
//!    terms first, the large ones, `hi` and `1`, last.
//!
//! 3. Scaling. `exp(x) = 2ᵏ·exp(r)`, with `k` from −1075 to 1024: `2ᵏ` may
//!    be subnormal, zero or infinite as a double, and a subnormal result must
//!    be rounded only once. So the product is formed in two steps,
//!
//!    ```text
//!    exp(x) = (exp(r)·2ᵏ¹)·2ᵏ²,    k₁ = ⌊k/2⌋,    k₂ = k − k₁
//!    ```
//!
//!    in which `2ᵏ¹` and `2ᵏ²` (`−538 ≤ k₁, k₂ ≤ 512`) are normal doubles built
//!    from their bits, and `exp(r)·2ᵏ¹` is normal, so exact: only the second
//!    product rounds, and only when the result is subnormal.
//!
//! Special values. `x > 709.782712893384` (overflow, and +∞) and
//! `x < −745.1332191019411` (underflow, and −∞) are replaced by 0 for the three
//! steps, and their results by +∞ and 0 at the end, with selects. A NaN goes
//! through the steps and comes out NaN.
//!
//! Error: less than 1 ulp against the true value (fdlibm's error analysis).
//! std's `exp` (glibc's on Linux) errs by barely more than ½ ulp, and two
//! doubles less than 1½ ulp apart are equal or neighbours, so the result is
//! within 1 ulp of std's. In tests about one result in ten is std's neighbour
//! rather than std's own.
//!
//! # `ln`
//!
//! The method is fdlibm's `e_log.c`.
//!
//! 1. Reduction. Read `k` and `m` off the bits of `x` (after scaling a
//!    subnormal `x` by 2⁵⁴) so that
//!
//!    ```text
//!    x = 2ᵏ·m,    √2/2 ≤ m < √2,    f = m − 1   (exact)
//!    ```
//!
//! 2. Approximation. With `s = f/(2 + f)`, so that `m = (1 + s)/(1 − s)`,
//!
//!    ```text
//!    ln(m) = ln(1 + s) − ln(1 − s) = 2s + (2/3)s³ + (2/5)s⁵ + … = 2s + s·R(z),   z = s²
//!    ```
//!
//!    `R(z)` is replaced by the degree-7 polynomial `LG1·z + … + LG7·z⁷`
//!    (Remez, off by at most 2^−58.45 for `|s| ≤ 0.1716`). Because
//!    `2s = f − s·f = f − hfsq + s·hfsq` with `hfsq = f²/2`,
//!
//!    ```text
//!    ln(m) = f − hfsq + s·(hfsq + R(z))
//!    ```
//!
//!    in which `f` is the large term and the rest is a small correction.
//!
//! 3. Scaling. `ln(x) = k·ln2 + ln(m)`, with `ln2 = LN2_HI + LN2_LO` as for
//!    `exp` (`k·LN2_HI` is exact):
//!
//!    ```text
//!    ln(x) = s·(hfsq + R) + k·LN2_LO − hfsq + f + k·LN2_HI
//!    ```
//!
//!    summed from left to right: the small terms first, the large ones, `f`
//!    and `k·LN2_HI`, last.
//!
//! Error: less than 1 ulp against the true value (fdlibm's error analysis),
//! so, as for `exp`, within 1 ulp of std's. In tests about one result in a
//! thousand is std's neighbour rather than std's own (one in twenty for `x`
//! near 1).
//!
//! # `sqrt`
//!
//! Square roots are done exactly, with integers.
//!
//! 1. Reduction. Write `x = m·2ᵉ` with an integer `m`, `2⁵² ≤ m < 2⁵⁴` and `e`
//!    even (a subnormal `x` is normalised first; an odd `e` doubles `m`).
//!    Then, with `n = m·2⁵²`,
//!
//!    ```text
//!    √x = √n · 2^((e − 52)/2),    2¹⁰⁴ ≤ n < 2¹⁰⁶
//!    ```
//!
//! 2. Integer root. `q = ⌊√n⌋` has exactly 53 bits. A few Newton (Heron)
//!    steps `y ← (y + v/y)/2` in floating point give `q` to within 2 units,
//!    and exact `u128` arithmetic corrects it so that `q² ≤ n < (q + 1)²`.
//!
//! 3. Rounding. `√n` lies above the midpoint `q + ½` exactly when
//!    `n > q² + q + ¼`, that is when the remainder `n − q²` exceeds `q`
//!    (a tie is impossible). Round `q` up in that case; `q·2^((e − 52)/2)` is
//!    then assembled from its bits.
//!
//! Error: none. The result is correctly rounded, so bit-identical to std's
//! `sqrt` (which IEEE 754 requires to be correctly rounded).
//!
//! # `expf`
//!
//! The method is FreeBSD's `e_expf.c` (fdlibm's `e_exp.c` carried over to
//! `f32` by Ian Lance Taylor, Cygnus Support; also in older musl): the three
//! steps of `exp`, in `f32`.
//!
//! 1. Reduction. `x = k·ln2 + r` with `k` the integer nearest to `x/ln2`,
//!    found as for `exp`, with the shifter `1.5·2²³`. `LN2_HI_F32` has 15
//!    significant bits, so `k·LN2_HI_F32` and `hi = x − k·LN2_HI_F32` are
//!    exact for every `k` that occurs (`−150 ≤ k ≤ 128`).
//!
//! 2. Approximation. `R(z) = r·(exp(r) + 1)/(exp(r) − 1)` is replaced by
//!    `2 + P1·z + P2·z²` (Remez, off by at most 2^−27.74, FreeBSD's figure),
//!    and with `c = r − (P1·z + P2·z²)`
//!
//!    ```text
//!    exp(r) = 1 + r + r·c/(2 − c),    summed as    1 − ((lo − r·c/(2 − c)) − hi)
//!    ```
//!
//! 3. Scaling. `expf(x) = (exp(r)·2ᵏ¹)·2ᵏ²` with `k₁ = ⌊k/2⌋` and
//!    `k₂ = k − k₁` (`−75 ≤ k₁, k₂ ≤ 64`), as for `exp`: only the second product
//!    rounds, and only when the result is subnormal.
//!
//! Special values: as for `exp`, with selects, for `x > 88.72283` (+∞) and
//! `x < −103.97208` (0).
//!
//! Error: at most 0.9101 ulp against the true value, measured on all 2³²
//! inputs against `f64`'s `exp` (`examples/exp_f32_exhaustive.rs`). The
//! reference `(x as f64).exp() as f32` is within ½ ulp (and a hair) of the
//! true value, so every result is within 1 ulp of it; 0.42% of results are
//! its neighbour rather than the reference itself.
//!
//! # `lnf`
//!
//! The method is fdlibm's `e_logf.c`, in the form of older musl's `logf.c`,
//! which sums the terms in one expression as `ln` does: the three steps of
//! `ln`, in `f32`.
//!
//! 1. Reduction. `x = 2ᵏ·m` with `√2/2 ≤ m < √2` and `f = m − 1`, read off
//!    the bits (after scaling a subnormal `x` by 2²⁵).
//!
//! 2. Approximation. With `s = f/(2 + f)` and `z = s²`, `R(z)` is replaced by
//!    `LG1·z + … + LG4·z⁴` (Remez, off by at most 2^−34.24 for
//!    `|s| ≤ 0.1716`), and as for `ln`
//!
//!    ```text
//!    ln(m) = f − hfsq + s·(hfsq + R(z)),    hfsq = f²/2
//!    ```
//!
//! 3. Scaling. `ln(x) = k·ln2 + ln(m)`, summed from the small terms to the
//!    large ones as for `ln`. `ln2` is split as for `expf` (fdlibm's `logf`
//!    has its own split; with either, `k·LN2_HI_F32` is exact for every `k`
//!    that occurs, `−149 ≤ k ≤ 128`).
//!
//! Error: at most 0.8348 ulp against the true value, measured on all 2³²
//! inputs against `f64`'s `ln`, so every result is within 1 ulp of
//! `(x as f64).ln() as f32`; 0.31% of results are its neighbour rather than
//! the reference itself.
//!
//! # `sqrtf`
//!
//! The method of `sqrt`, in `f32` and `u64`.
//!
//! 1. Reduction. Write `x = m·2ᵉ` with an integer `m`, `2²³ ≤ m < 2²⁵` and `e`
//!    odd (an even `e` doubles `m`; odd, so that `(e − 23)/2` is an integer).
//!    Then, with `n = m·2²³`,
//!
//!    ```text
//!    √x = √n · 2^((e − 23)/2),    2⁴⁶ ≤ n < 2⁴⁸
//!    ```
//!
//! 2. Integer root. `q = ⌊√n⌋` has exactly 24 bits. Three Heron steps in `f32`
//!    give it to within 1 unit, and exact `u64` arithmetic corrects it so that
//!    `q² ≤ n < (q + 1)²`.
//!
//! 3. Rounding. Up exactly when `n − q² > q`, as for `sqrt`; then
//!    `q·2^((e − 23)/2)` is assembled from its bits.
//!
//! Error: none. The result is correctly rounded, so bit-identical to std's
//! `f32::sqrt` (checked on all 2³² inputs).
//!
//! # Vectorisation
//!
//! `exp` and `expf` are `#[inline]` and written for the compiler's loop
//! vectoriser: in a loop over a slice, such as
//! [`Activation::forward`](crate::Activation::forward), they run on
//! 2 `f64` or 4 `f32` at a time with the default x86-64 target (SSE2), and on
//! 4 or 8 with AVX2, 8 or 16 with AVX-512, in code compiled for those
//! (`#[target_feature]`). For that, every step has a packed instruction and is
//! the same for every lane:
//!
//! * no branch on the value: the special inputs are handled by comparisons
//!   and selects, computed in every lane; an out-of-range lane computes
//!   `exp(0)`, as fast as any other (`exp` of the threshold would end in a
//!   subnormal, which costs an x86 core some hundred cycles);
//! * no conversion from float to integer: `k` comes from the shifter, and
//!   `2ᵏ¹`, `2ᵏ²` from integer additions and *logical* shifts on the bits of
//!   `k + 1076` (`k + 150` for `expf`), which is never negative: SSE2 and AVX2
//!   have no arithmetic shift of 64-bit lanes;
//! * no `mul_add`: Rust never fuses `a·b + c` on its own, so the result is
//!   the same, bit for bit, in a vector lane or alone, on every target.
//!
//! Measured on a Xeon with AVX-512 (`benches/sigmoid.rs`), a lone call is a
//! little faster than the branching fdlibm code it replaces: 6.6 against
//! 7.5 ns for `exp`, 5.3 against 6.1 ns for `expf`. Over a slice, an element
//! costs about 3.8, 2.0 and 1.4 ns with `exp` and 1.5, 0.8 and 0.5 ns with
//! `expf`, for SSE2, AVX2 and AVX-512.

/// The 52 stored fraction bits of an `f64`.
const FRAC_MASK: u64 = (1 << 52) - 1;
/// The implicit leading bit of a normal `f64`'s significand.
const IMPLICIT_BIT: u64 = 1 << 52;
/// The exponent bias of `f64`: a biased exponent of `EXP_BIAS` means 2⁰.
const EXP_BIAS: i32 = 1023;

/// `ln2 = LN2_HI + LN2_LO`. `LN2_HI` (bits `0x3FE62E42_FEE00000`) has 32
/// significant bits, so `k·LN2_HI` is exact for `|k| < 2¹¹`.
const LN2_HI: f64 = 6.931_471_803_691_238e-1;
/// The rest of `ln2` (bits `0x3DEA39EF_35793C76`).
const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;

/// `1/ln2 = log₂e` (bits `0x3FF71547_652B82FE`).
const INV_LN2: f64 = core::f64::consts::LOG2_E;
/// `1.5·2⁵²`, the shifter: for `|t| < 2⁵¹`, `t + SHIFTER` lies in
/// `[2⁵², 2⁵³)`, where the doubles are the integers, so the addition rounds
/// `t` to the nearest integer `k` (ties to even) with no conversion to an
/// integer type, and `k` can be read back both as a double,
/// `(t + SHIFTER) − SHIFTER` (exact), and from the low bits, which hold
/// `2⁵¹ + k`.
const SHIFTER: f64 = 6_755_399_441_055_744.0;
/// The largest `x` with a finite `exp(x)`, just below `ln(f64::MAX)`
/// (bits `0x40862E42_FEFA39EF`).
const EXP_OVERFLOW: f64 = 709.782_712_893_384;
/// The smallest `x` whose `exp(x)` does not round to zero: `exp` of it is the
/// smallest subnormal, 2⁻¹⁰⁷⁴ (bits `0xC0874910_D52D3051`).
const EXP_UNDERFLOW: f64 = -745.133_219_101_941_1;

// Remez coefficients of `exp`'s `R(z) ≈ 2 + P1·z + … + P5·z⁵`, from fdlibm's
// e_exp.c (also FreeBSD msun and musl); bit patterns in the comments.
/// `0x3FC55555_5555553E`
const P1: f64 = 1.666_666_666_666_660_2e-1;
/// `0xBF66C16C_16BEBD93`
const P2: f64 = -2.777_777_777_701_559_3e-3;
/// `0x3F11566A_AF25DE2C`
const P3: f64 = 6.613_756_321_437_934e-5;
/// `0xBEBBBD41_C5D26BF1`
const P4: f64 = -1.653_390_220_546_525_2e-6;
/// `0x3E663769_72BEA4D0`
const P5: f64 = 4.138_136_797_057_238_5e-8;

// Remez coefficients of `ln`'s `R(z) ≈ LG1·z + … + LG7·z⁷`, from fdlibm's
// e_log.c (also FreeBSD msun and musl); bit patterns in the comments.
/// `0x3FE55555_55555593`
const LG1: f64 = 6.666_666_666_666_735e-1;
/// `0x3FD99999_9997FA04`
const LG2: f64 = 3.999_999_999_940_942e-1;
/// `0x3FD24924_94229359`
const LG3: f64 = 2.857_142_874_366_239e-1;
/// `0x3FCC71C5_1D8E78AF`
const LG4: f64 = 2.222_219_843_214_978_4e-1;
/// `0x3FC74664_96CB03DE`
const LG5: f64 = 1.818_357_216_161_805e-1;
/// `0x3FC39A09_D078C69F`
const LG6: f64 = 1.531_383_769_920_937_3e-1;
/// `0x3FC2F112_DF3E5244`
const LG7: f64 = 1.479_819_860_511_658_6e-1;

/// The fraction bits of `√2` rounded to `f64`: `ln` keeps `m = 1.f` when
/// `f` is below this and uses `m/2` otherwise.
const SQRT2_FRAC: u64 = 0x6_A09E_667F_3BCD;
/// 2⁵⁴, which lifts a subnormal `x` into the normal range in `ln`.
const TWO_POW_54: f64 = 18_014_398_509_481_984.0;
/// 2⁵²: from here on every `f64` is an integer.
const TWO_POW_52: f64 = 4_503_599_627_370_496.0;

/// `2ᵏ` for `−1022 ≤ k ≤ 1023`, built from its bits.
fn pow2(k: i32) -> f64 {
    f64::from_bits(((k + EXP_BIAS) as u64) << 52)
}

/// `y·2ᵏ` for `0.7 < y < 1.5` and `−1075 ≤ k ≤ 1024`, with a single rounding,
/// where `k_shifted = SHIFTER + k` (see [`SHIFTER`]).
///
/// ```text
/// y·2ᵏ = (y·2ᵏ¹)·2ᵏ²,    k₁ = ⌊k/2⌋ ∈ [−538, 512],    k₂ = k − k₁ ∈ [−537, 512]
/// ```
///
/// Both factors are normal doubles, built from their bits, and so is
/// `y·2ᵏ¹`, which is therefore exact: the second product is the only one that
/// can round, and it rounds only when the result is subnormal.
#[inline]
fn scale(y: f64, k_shifted: f64) -> f64 {
    // u = k + 2·538 ≥ 0, read off the low bits of k_shifted, so that ⌊k/2⌋ is
    // u/2 − 538 with a logical shift, which every vector unit has. For a NaN
    // lane the bits are no k, but no step overflows, and y is NaN.
    let u = k_shifted.to_bits() - (SHIFTER.to_bits() - 2 * 538);
    let e1 = (u >> 1) + (EXP_BIAS as u64 - 538); // k₁ + 1023
    let e2 = u + 2 * (EXP_BIAS as u64 - 538) - e1; // k + 2·1023 − e1 = k₂ + 1023
    y * f64::from_bits(e1 << 52) * f64::from_bits(e2 << 52)
}

/// The exponential function, `eˣ`.
///
/// ```text
/// x = k·ln2 + r,    exp(x) = 2ᵏ·exp(r),    exp(r) = 1 + r + r·c/(2 − c)
/// ```
///
/// with `|r| ≤ ½·ln2` and `c` a degree-5 polynomial in `r²` (see the
/// [module docs](self)). The error is below 1 ulp, so the result is within
/// 1 ulp of std's `f64::exp`.
///
/// There is no branch: out-of-range inputs are clamped, computed like the
/// others, and replaced by a select at the end, so that a loop over a slice
/// that calls `exp` is vectorised (see [`Activation::forward`]).
///
/// Special values: `exp(±0) = 1`, `exp(+∞) = +∞`, `exp(−∞) = 0`,
/// `exp(NaN) = NaN`; `exp(x) = +∞` for `x > 709.782712893384` (overflow) and
/// `exp(x) = 0` for `x < −745.1332191019411` (underflow).
///
/// [`Activation::forward`]: crate::Activation::forward
///
/// # Examples
///
/// ```
/// use scratchnet::math::exp;
///
/// assert_eq!(exp(0.0), 1.0);
/// assert_eq!(exp(f64::NEG_INFINITY), 0.0);
/// assert_eq!(exp(1000.0), f64::INFINITY);
/// assert!(exp(f64::NAN).is_nan());
/// assert_eq!(exp(-745.0), f64::from_bits(1)); // 2⁻¹⁰⁷⁴, the smallest subnormal
/// // Within 1 ulp of e: the bit patterns differ by at most one.
/// assert!(exp(1.0).to_bits().abs_diff(core::f64::consts::E.to_bits()) <= 1);
/// ```
#[inline]
pub fn exp(x: f64) -> f64 {
    // Out of range, compute exp(0) instead: exp of a threshold would end in a
    // subnormal, which is slow, in every such lane. The selects at the end put
    // +∞ and 0 there. NaN is neither, and stays NaN throughout.
    let overflow = x > EXP_OVERFLOW;
    let underflow = x < EXP_UNDERFLOW;
    let x = if overflow | underflow { 0.0 } else { x };

    // Reduction: k = round(x/ln2), r = x − k·ln2 = hi − lo.
    let k_shifted = x * INV_LN2 + SHIFTER;
    let k = k_shifted - SHIFTER;
    let hi = x - k * LN2_HI;
    let lo = k * LN2_LO;
    let r = hi - lo;

    // Approximation: exp(r) = 1 + r + r·c/(2 − c).
    let z = r * r;
    let c = r - z * (P1 + z * (P2 + z * (P3 + z * (P4 + z * P5))));
    let y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);

    // Scaling: exp(x) = 2ᵏ·exp(r).
    let e = scale(y, k_shifted);
    let e = if overflow { f64::INFINITY } else { e };
    if underflow { 0.0 } else { e }
}

/// The natural logarithm, `ln x`.
///
/// ```text
/// x = 2ᵏ·(1 + f),    s = f/(2 + f),    ln(x) = k·ln2 + f − f²/2 + s·(f²/2 + R(s²))
/// ```
///
/// with `√2/2 ≤ 1 + f < √2` and `R` a degree-7 polynomial (see the
/// [module docs](self)). The error is below 1 ulp, so the result is within
/// 1 ulp of std's `f64::ln`.
///
/// Special values: `ln(1) = +0` exactly, `ln(±0) = −∞`, `ln(+∞) = +∞`,
/// `ln(x) = NaN` for `x < 0`, `ln(NaN) = NaN`. Subnormal `x` are handled.
///
/// # Examples
///
/// ```
/// use scratchnet::math::ln;
///
/// assert_eq!(ln(1.0), 0.0);
/// assert_eq!(ln(0.0), f64::NEG_INFINITY);
/// assert_eq!(ln(f64::INFINITY), f64::INFINITY);
/// assert!(ln(-1.0).is_nan());
/// assert_eq!(ln(2.0), core::f64::consts::LN_2);
/// ```
pub fn ln(x: f64) -> f64 {
    if x.is_nan() || x == f64::INFINITY {
        return x;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if x < 0.0 {
        return f64::NAN;
    }

    // Reduction: x = 2ᵏ·m with √2/2 ≤ m < √2, read off the bits.
    let (bits, mut k) = if x.to_bits() < IMPLICIT_BIT {
        ((x * TWO_POW_54).to_bits(), -54)
    } else {
        (x.to_bits(), 0)
    };
    k += (bits >> 52) as i32 - EXP_BIAS;
    let frac = bits & FRAC_MASK;
    let m = if frac < SQRT2_FRAC {
        f64::from_bits(frac | ((EXP_BIAS as u64) << 52))
    } else {
        k += 1;
        f64::from_bits(frac | (((EXP_BIAS - 1) as u64) << 52))
    };

    // Approximation: ln(m) = f − hfsq + s·(hfsq + R(z)).
    let f = m - 1.0;
    let hfsq = 0.5 * f * f;
    let s = f / (2.0 + f);
    let z = s * s;
    let w = z * z;
    // R(z) as its odd and its even powers of z: two short Horner chains in w.
    let r_odd = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    let r_even = w * (LG2 + w * (LG4 + w * LG6));
    let r = r_odd + r_even;

    // Scaling: ln(x) = k·ln2 + ln(m). For x = 1 every term is +0.
    let dk = k as f64;
    s * (hfsq + r) + dk * LN2_LO - hfsq + f + dk * LN2_HI
}

/// The square root, `√x`, correctly rounded.
///
/// ```text
/// x = m·2ᵉ (e even),    n = m·2⁵²,    q = ⌊√n⌋,    √x ≈ q·2^((e − 52)/2)
/// ```
///
/// with `q` rounded up when `n − q² > q` (see the [module docs](self)). The
/// result is the correctly rounded square root, so it is bit-identical to
/// std's `f64::sqrt`.
///
/// Special values: `sqrt(+0) = +0`, `sqrt(−0) = −0`, `sqrt(+∞) = +∞`,
/// `sqrt(x) = NaN` for `x < 0`, `sqrt(NaN) = NaN`.
///
/// # Examples
///
/// ```
/// use scratchnet::math::sqrt;
///
/// assert_eq!(sqrt(9.0), 3.0);
/// assert_eq!(sqrt(2.0), core::f64::consts::SQRT_2);
/// assert!(sqrt(-0.0).is_sign_negative());
/// assert!(sqrt(-1.0).is_nan());
/// assert_eq!(sqrt(f64::INFINITY), f64::INFINITY);
/// ```
pub fn sqrt(x: f64) -> f64 {
    if x.is_nan() || x == 0.0 || x == f64::INFINITY {
        return x;
    }
    if x < 0.0 {
        return f64::NAN;
    }

    // Reduction: x = m·2ᵉ with 2⁵² ≤ m < 2⁵⁴ and e even.
    let bits = x.to_bits();
    let biased = (bits >> 52) as i32;
    let frac = bits & FRAC_MASK;
    let (mut m, mut e) = if biased == 0 {
        // Subnormal: x = frac·2⁻¹⁰⁷⁴; shift its leading 1 up to bit 52.
        let shift = frac.leading_zeros() - 11;
        (frac << shift, -1074 - shift as i32)
    } else {
        (frac | IMPLICIT_BIT, biased - EXP_BIAS - 52)
    };
    if e % 2 != 0 {
        m <<= 1;
        e -= 1;
    }

    // Integer root: q = ⌊√n⌋ for n = m·2⁵², so √n = √v·2⁵² with
    // v = m·2⁻⁵² ∈ [1, 4). The chord through (1, 1) and (4, 2) is within 6%
    // of √v, three Heron steps bring that to 10⁻¹², and the fourth step's two
    // roundings leave y within 1.5·2⁻⁵² of √v. So the integer y·2⁵² lies
    // within 1.5 of √n: between q − 1 and q + 2.
    let n = u128::from(m) << 52;
    let v = m as f64 * pow2(-52);
    let mut y = (v + 2.0) / 3.0;
    for _ in 0..4 {
        y = 0.5 * (y + v / y);
    }
    let mut q = (y * pow2(52)) as u64;
    // Exact correction: at most two steps down and one up.
    let square = |q: u64| u128::from(q) * u128::from(q);
    q -= u64::from(square(q) > n);
    q -= u64::from(square(q) > n);
    q += u64::from(square(q + 1) <= n);
    debug_assert!(square(q) <= n && n < square(q + 1));

    // Rounding: up exactly when n − q² > q.
    let remainder = n - square(q);
    let q = q + u64::from(remainder > u128::from(q));

    // Assemble q·2^((e − 52)/2); q's top bit 2⁵² becomes the implicit bit.
    let exponent = (e - 52) / 2 + 52 + EXP_BIAS;
    f64::from_bits(((exponent as u64) << 52) + (q - IMPLICIT_BIT))
}

/// ⌊x⌋, the largest integer not greater than x, as std's `f64::floor` gives it, bit for
/// bit (±0 and ±∞ included, NaN for NaN).
///
/// ```text
/// |x| ≥ 2⁵², ±0, ±∞, NaN:   x                (every double that large is an integer)
/// otherwise:                t = trunc(x) (towards zero, through i64);  t − 1 if t > x, else t
/// ```
///
/// ```
/// use scratchnet::math::floor;
/// assert_eq!(floor(2.7), 2.0);
/// assert_eq!(floor(-2.5), -3.0);
/// assert_eq!(floor(-0.0).to_bits(), (-0.0f64).to_bits());
/// ```
pub fn floor(x: f64) -> f64 {
    if x.is_nan() || x == 0.0 || x.abs() >= TWO_POW_52 {
        return x;
    }
    let truncated = x as i64 as f64;
    if truncated > x {
        truncated - 1.0
    } else {
        truncated
    }
}

/// ⌈x⌉ = −⌊−x⌋, the smallest integer not less than x, as std's `f64::ceil` gives it, bit
/// for bit.
///
/// ```
/// use scratchnet::math::ceil;
/// assert_eq!(ceil(2.1), 3.0);
/// assert_eq!(ceil(-2.5), -2.0);
/// assert_eq!(ceil(-0.5).to_bits(), (-0.0f64).to_bits());
/// ```
pub fn ceil(x: f64) -> f64 {
    -floor(-x)
}

/// log₁₀ x = ln x / ln 10, for the axes of plots; NaN for x < 0, −∞ at 0.
///
/// Error: [`ln`]'s (under 1 ulp, a relative 2⁻⁵²), the rounding of ln 10 to a double and
/// that of the division (2⁻⁵³ each) add up to at most 2⁻⁵¹ relative, 4 ulps of the result;
/// against std's `log10` the worst of a million inputs was 3 ulps (`tests/math.rs`).
///
/// ```
/// use scratchnet::math::log10;
/// assert!((log10(1000.0) - 3.0).abs() < 1e-15);
/// assert_eq!(log10(0.0), f64::NEG_INFINITY);
/// ```
pub fn log10(x: f64) -> f64 {
    ln(x) / core::f64::consts::LN_10
}

/// The 23 stored fraction bits of an `f32`.
const FRAC_MASK_F32: u32 = (1 << 23) - 1;
/// The implicit leading bit of a normal `f32`'s significand.
const IMPLICIT_BIT_F32: u32 = 1 << 23;
/// The exponent bias of `f32`: a biased exponent of `EXP_BIAS_F32` means 2⁰.
const EXP_BIAS_F32: i32 = 127;

/// `ln2 = LN2_HI_F32 + LN2_LO_F32`. `LN2_HI_F32` (bits `0x3F317200`) has 15
/// significant bits, so `k·LN2_HI_F32` is exact for `|k| < 2⁹`.
const LN2_HI_F32: f32 = 6.931_457_5e-1;
/// The rest of `ln2` (bits `0x35BFBE8E`).
const LN2_LO_F32: f32 = 1.428_606_8e-6;

/// `1/ln2 = log₂e` (bits `0x3FB8AA3B`).
const INV_LN2_F32: f32 = core::f32::consts::LOG2_E;
/// `1.5·2²³`, the shifter of `expf`: for `|t| < 2²²`, `t + SHIFTER_F32`
/// rounds `t` to the nearest integer `k`, and its low bits hold `2²² + k`, as
/// for [`SHIFTER`].
const SHIFTER_F32: f32 = 12_582_912.0;
/// The largest `x` with a finite `expf(x)`, just below `ln(f32::MAX)`
/// (bits `0x42B17217`).
const EXP_OVERFLOW_F32: f32 = 88.722_83;
/// The smallest `x` whose `expf(x)` does not round to zero: `expf` of it is
/// the smallest subnormal, 2⁻¹⁴⁹ (bits `0xC2CFF1B4`).
const EXP_UNDERFLOW_F32: f32 = -103.972_08;

// Remez coefficients of `expf`'s `R(z) ≈ 2 + P1·z + P2·z²`, from FreeBSD's
// e_expf.c (also musl); bit patterns in the comments.
/// `0x3E2AAA8F`
const P1_F32: f32 = 1.666_662_5e-1;
/// `0xBB355215`
const P2_F32: f32 = -2.766_733_3e-3;

// Remez coefficients of `lnf`'s `R(z) ≈ LG1·z + … + LG4·z⁴`, from fdlibm's
// e_logf.c (also FreeBSD msun and musl); bit patterns in the comments.
/// `0x3F2AAAAA`
const LG1_F32: f32 = 6.666_666e-1;
/// `0x3ECCCE13`
const LG2_F32: f32 = 4.000_097_2e-1;
/// `0x3E91E9EE`
const LG3_F32: f32 = 2.849_878_7e-1;
/// `0x3E789E26`
const LG4_F32: f32 = 2.427_907_9e-1;

/// The fraction bits of `√2` rounded to `f32`: `lnf` keeps `m = 1.f` when
/// `f` is below this and uses `m/2` otherwise.
const SQRT2_FRAC_F32: u32 = 0x35_04F3;
/// 2²⁵, which lifts a subnormal `x` into the normal range in `lnf`.
const TWO_POW_25: f32 = 33_554_432.0;

/// `2ᵏ` for `−126 ≤ k ≤ 127`, built from its bits.
fn pow2f(k: i32) -> f32 {
    f32::from_bits(((k + EXP_BIAS_F32) as u32) << 23)
}

/// `y·2ᵏ` for `0.7 < y < 1.5` and `−150 ≤ k ≤ 128`, with a single rounding,
/// where `k_shifted = SHIFTER_F32 + k` (see [`SHIFTER_F32`]).
///
/// ```text
/// y·2ᵏ = (y·2ᵏ¹)·2ᵏ²,    k₁ = ⌊k/2⌋ ∈ [−75, 64],    k₂ = k − k₁ ∈ [−75, 64]
/// ```
///
/// Both factors are normal floats, built from their bits, and so is `y·2ᵏ¹`,
/// which is therefore exact: the second product is the only one that can
/// round, and it rounds only when the result is subnormal.
#[inline]
fn scalef(y: f32, k_shifted: f32) -> f32 {
    // u = k + 2·75 ≥ 0, read off the low bits of k_shifted, so that ⌊k/2⌋ is
    // u/2 − 75 with a logical shift. For a NaN lane the bits are no k, but no
    // step overflows, and y is NaN.
    let u = k_shifted.to_bits() - (SHIFTER_F32.to_bits() - 2 * 75);
    let e1 = (u >> 1) + (EXP_BIAS_F32 as u32 - 75); // k₁ + 127
    let e2 = u + 2 * (EXP_BIAS_F32 as u32 - 75) - e1; // k + 2·127 − e1 = k₂ + 127
    y * f32::from_bits(e1 << 23) * f32::from_bits(e2 << 23)
}

/// The exponential function for `f32`, `eˣ`, computed in `f32` alone.
///
/// ```text
/// x = k·ln2 + r,    expf(x) = 2ᵏ·exp(r),    exp(r) = 1 + r + r·c/(2 − c)
/// ```
///
/// with `|r| ≤ ½·ln2` and `c = r − (P1·r² + P2·r⁴)` (see the
/// [module docs](self)). The error is below 0.911 ulp, so the result is within
/// 1 ulp of `(x as f64).exp() as f32`; both are checked on every input.
///
/// There is no branch: out-of-range inputs are clamped, computed like the
/// others, and replaced by a select at the end, so that a loop over a slice
/// that calls `expf` is vectorised (see [`Activation::forward`]).
///
/// Special values: `expf(±0) = 1`, `expf(+∞) = +∞`, `expf(−∞) = 0`,
/// `expf(NaN) = NaN`; `expf(x) = +∞` for `x > 88.72283` (overflow; the next
/// float up is above `ln(f32::MAX) ≈ 88.722839`) and `expf(x) = 0` for
/// `x < −103.97208` (underflow: below `ln(2⁻¹⁵⁰) ≈ −103.972077`, half the
/// smallest subnormal, results round to zero). Subnormal results are
/// rounded once.
///
/// [`Activation::forward`]: crate::Activation::forward
///
/// # Examples
///
/// ```
/// use scratchnet::math::expf;
///
/// assert_eq!(expf(0.0), 1.0);
/// assert_eq!(expf(f32::NEG_INFINITY), 0.0);
/// assert_eq!(expf(100.0), f32::INFINITY);
/// assert!(expf(f32::NAN).is_nan());
/// assert_eq!(expf(-100.0), f32::from_bits(27)); // 27·2⁻¹⁴⁹, subnormal
/// // Within 1 ulp of e: the bit patterns differ by at most one.
/// assert!(expf(1.0).to_bits().abs_diff(core::f32::consts::E.to_bits()) <= 1);
/// ```
#[inline]
pub fn expf(x: f32) -> f32 {
    // Out of range, compute exp(0) instead: exp of a threshold would end in a
    // subnormal, which is slow, in every such lane. The selects at the end put
    // +∞ and 0 there. NaN is neither, and stays NaN throughout.
    let overflow = x > EXP_OVERFLOW_F32;
    let underflow = x < EXP_UNDERFLOW_F32;
    let x = if overflow | underflow { 0.0 } else { x };

    // Reduction: k = round(x/ln2), r = x − k·ln2 = hi − lo.
    let k_shifted = x * INV_LN2_F32 + SHIFTER_F32;
    let k = k_shifted - SHIFTER_F32;
    let hi = x - k * LN2_HI_F32;
    let lo = k * LN2_LO_F32;
    let r = hi - lo;

    // Approximation: exp(r) = 1 + r + r·c/(2 − c).
    let z = r * r;
    let c = r - z * (P1_F32 + z * P2_F32);
    let y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);

    // Scaling: expf(x) = 2ᵏ·exp(r).
    let e = scalef(y, k_shifted);
    let e = if overflow { f32::INFINITY } else { e };
    if underflow { 0.0 } else { e }
}

/// The natural logarithm for `f32`, `ln x`, computed in `f32` alone.
///
/// ```text
/// x = 2ᵏ·(1 + f),    s = f/(2 + f),    lnf(x) = k·ln2 + f − f²/2 + s·(f²/2 + R(s²))
/// ```
///
/// with `√2/2 ≤ 1 + f < √2` and `R` a degree-4 polynomial (see the
/// [module docs](self)). The error is below 0.835 ulp, so the result is within
/// 1 ulp of `(x as f64).ln() as f32`; both are checked on every input.
///
/// Special values: `lnf(1) = +0` exactly, `lnf(±0) = −∞`, `lnf(+∞) = +∞`,
/// `lnf(x) = NaN` for `x < 0`, `lnf(NaN) = NaN`. Subnormal `x` are handled.
///
/// # Examples
///
/// ```
/// use scratchnet::math::lnf;
///
/// assert_eq!(lnf(1.0), 0.0);
/// assert_eq!(lnf(0.0), f32::NEG_INFINITY);
/// assert_eq!(lnf(f32::INFINITY), f32::INFINITY);
/// assert!(lnf(-1.0).is_nan());
/// assert_eq!(lnf(2.0), core::f32::consts::LN_2);
/// // The smallest subnormal, 2⁻¹⁴⁹: ln = −149·ln2 ≈ −103.2789.
/// assert_eq!(lnf(f32::from_bits(1)), -103.278_93);
/// ```
pub fn lnf(x: f32) -> f32 {
    if x.is_nan() || x == f32::INFINITY {
        return x;
    }
    if x == 0.0 {
        return f32::NEG_INFINITY;
    }
    if x < 0.0 {
        return f32::NAN;
    }

    // Reduction: x = 2ᵏ·m with √2/2 ≤ m < √2, read off the bits.
    let (bits, mut k) = if x.to_bits() < IMPLICIT_BIT_F32 {
        ((x * TWO_POW_25).to_bits(), -25)
    } else {
        (x.to_bits(), 0)
    };
    k += (bits >> 23) as i32 - EXP_BIAS_F32;
    let frac = bits & FRAC_MASK_F32;
    let m = if frac < SQRT2_FRAC_F32 {
        f32::from_bits(frac | ((EXP_BIAS_F32 as u32) << 23))
    } else {
        k += 1;
        f32::from_bits(frac | (((EXP_BIAS_F32 - 1) as u32) << 23))
    };

    // Approximation: ln(m) = f − hfsq + s·(hfsq + R(z)).
    let f = m - 1.0;
    let hfsq = 0.5 * f * f;
    let s = f / (2.0 + f);
    let z = s * s;
    let w = z * z;
    // R(z) as its odd and its even powers of z: two short Horner chains in w.
    let r_odd = z * (LG1_F32 + w * LG3_F32);
    let r_even = w * (LG2_F32 + w * LG4_F32);
    let r = r_odd + r_even;

    // Scaling: lnf(x) = k·ln2 + ln(m). For x = 1 every term is +0.
    let dk = k as f32;
    s * (hfsq + r) + dk * LN2_LO_F32 - hfsq + f + dk * LN2_HI_F32
}

/// The square root for `f32`, `√x`, correctly rounded, computed in `f32` and
/// `u64` alone.
///
/// ```text
/// x = m·2ᵉ (e odd),    n = m·2²³,    q = ⌊√n⌋,    √x ≈ q·2^((e − 23)/2)
/// ```
///
/// with `q` rounded up when `n − q² > q` (see the [module docs](self)). The
/// result is the correctly rounded square root, so it is bit-identical to
/// std's `f32::sqrt` (checked on every input).
///
/// Special values: `sqrtf(+0) = +0`, `sqrtf(−0) = −0`, `sqrtf(+∞) = +∞`,
/// `sqrtf(x) = NaN` for `x < 0`, `sqrtf(NaN) = NaN`.
///
/// # Examples
///
/// ```
/// use scratchnet::math::sqrtf;
///
/// assert_eq!(sqrtf(9.0), 3.0);
/// assert_eq!(sqrtf(2.0), core::f32::consts::SQRT_2);
/// assert!(sqrtf(-0.0).is_sign_negative());
/// assert!(sqrtf(-1.0).is_nan());
/// assert_eq!(sqrtf(f32::INFINITY), f32::INFINITY);
/// ```
pub fn sqrtf(x: f32) -> f32 {
    if x.is_nan() || x == 0.0 || x == f32::INFINITY {
        return x;
    }
    if x < 0.0 {
        return f32::NAN;
    }

    // Reduction: x = m·2ᵉ with 2²³ ≤ m < 2²⁵ and e odd.
    let bits = x.to_bits();
    let biased = (bits >> 23) as i32;
    let frac = bits & FRAC_MASK_F32;
    let (mut m, mut e) = if biased == 0 {
        // Subnormal: x = frac·2⁻¹⁴⁹; shift its leading 1 up to bit 23.
        let shift = frac.leading_zeros() - 8;
        (frac << shift, -149 - shift as i32)
    } else {
        (frac | IMPLICIT_BIT_F32, biased - EXP_BIAS_F32 - 23)
    };
    if e % 2 == 0 {
        m <<= 1;
        e -= 1;
    }

    // Integer root: q = ⌊√n⌋ for n = m·2²³, so √n = √v·2²³ with
    // v = m·2⁻²³ ∈ [1, 4). The chord through (1, 1) and (4, 2) is within 6%
    // of √v, and three Heron steps bring that to about 10⁻¹² before rounding.
    // Heron's steps never fall below √v, and the last one's two roundings
    // move y by at most 0.75·2⁻²³, so the integer y·2²³ lies between q − 1
    // and q + 1.
    let n = u64::from(m) << 23;
    let v = m as f32 * pow2f(-23);
    let mut y = (v + 2.0) / 3.0;
    for _ in 0..3 {
        y = 0.5 * (y + v / y);
    }
    let mut q = (y * pow2f(23)) as u32;
    // Exact correction: at most one step down or up.
    let square = |q: u32| u64::from(q) * u64::from(q);
    q -= u32::from(square(q) > n);
    q += u32::from(square(q + 1) <= n);
    debug_assert!(square(q) <= n && n < square(q + 1));

    // Rounding: up exactly when n − q² > q.
    let remainder = n - square(q);
    let q = q + u32::from(remainder > u64::from(q));

    // Assemble q·2^((e − 23)/2); q's top bit 2²³ becomes the implicit bit
    // (and a q rounded up to 2²⁴ carries into the exponent).
    let exponent = (e - 23) / 2 + 23 + EXP_BIAS_F32;
    f32::from_bits(((exponent as u32) << 23) + (q - IMPLICIT_BIT_F32))
}
