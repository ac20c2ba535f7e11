//! A tiny pseudo-random generator, xorshift64*, and the distributions drawn from it.
//!
//! The post calls `np.random.randn` for its starting weights. We need the same thing with no
//! crates and no operating system, and we want it reproducible: the same seed gives the same
//! numbers on every platform and in both the `std` and the `no_std` build, because every step
//! is integer arithmetic or uses the crate's own [`math`](crate::math) functions.
//!
//! ```text
//! seeding:    state = splitmix64(seed)          (never 0, see XorShift::new)
//! each step:  x ^= x >> 12;  x ^= x << 25;  x ^= x >> 27;
//!             output = x · 0x2545F4914F6CDD1D   (mod 2⁶⁴)
//! ```
//!
//! xorshift64* (Vigna, "An experimental exploration of Marsaglia's xorshift generators,
//! scrambled", 2016) has period 2⁶⁴ − 1 and passes most statistical tests; it is not for
//! cryptography. The multiply scrambles the low bits of the xorshift state, which are weak.

use crate::math::{ln, sqrt};

/// One step of splitmix64 (Steele, Lea and Flood, 2014): a counter advanced by the golden
/// ratio, then mixed so that nearby inputs give unrelated outputs.
///
/// ```text
/// z = seed + 0x9E3779B97F4A7C15
/// z = (z ⊕ (z >> 30)) · 0xBF58476D1CE4E5B9
/// z = (z ⊕ (z >> 27)) · 0x94D049BB133111EB
/// return z ⊕ (z >> 31)
/// ```
fn splitmix64(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The xorshift64* generator. Cheap to copy, 8 bytes of state.
///
/// ```
/// use scratchnet::XorShift;
/// let mut a = XorShift::new(42);
/// let mut b = XorShift::new(42);
/// assert_eq!(a.next_u64(), b.next_u64()); // same seed, same stream
/// let u = a.next_f64();
/// assert!((0.0..1.0).contains(&u));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XorShift {
    /// Never 0: zero is a fixed point of the xorshift step.
    state: u64,
}

impl XorShift {
    /// A generator seeded with `seed`; any `u64`, including 0, is a good seed.
    ///
    /// A plain xorshift seeded with a small number starts with small outputs and needs many
    /// steps to mix. So the seed goes through [splitmix64] first, which turns 1, 2, 3 … into
    /// unrelated 64-bit states. splitmix64 is a bijection, so exactly one seed would map to the
    /// state 0, which xorshift never leaves; that seed gets state 1 instead.
    ///
    /// [splitmix64]: https://prng.di.unimi.it/splitmix64.c
    pub fn new(seed: u64) -> XorShift {
        let state = splitmix64(seed);
        XorShift {
            state: if state == 0 { 1 } else { state },
        }
    }

    /// The next 64 uniformly distributed bits.
    ///
    /// ```text
    /// x ⊕= x >> 12;  x ⊕= x << 25;  x ⊕= x >> 27;  return x · 0x2545F4914F6CDD1D
    /// ```
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.state = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A uniform number in `[0, 1)`: the top 53 bits of [`next_u64`](XorShift::next_u64)
    /// divided by 2⁵³, so every multiple of 2⁻⁵³ in the range is equally likely.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A standard normal number, N(0, 1), by Marsaglia's polar method.
    ///
    /// ```text
    /// repeat: u, v uniform in (−1, 1);  s = u² + v²   until 0 < s < 1
    /// return u · √(−2 ln s / s)
    /// ```
    ///
    /// The pair (u, v) is a uniform point in the unit disc; its angle and radius give two
    /// independent normals (`u·f` and `v·f`). Only the first is returned, so that the stream
    /// of numbers depends on nothing but the seed and the number of calls. About 21% of
    /// pairs fall outside the disc and are drawn again.
    ///
    /// ```
    /// use scratchnet::XorShift;
    /// let mut rng = XorShift::new(7);
    /// let samples: Vec<f64> = (0..10_000).map(|_| rng.normal()).collect();
    /// let mean = samples.iter().sum::<f64>() / 10_000.0;
    /// assert!(mean.abs() < 0.05);
    /// ```
    pub fn normal(&mut self) -> f64 {
        loop {
            let u = 2.0 * self.next_f64() - 1.0;
            let v = 2.0 * self.next_f64() - 1.0;
            let s = u * u + v * v;
            if s > 0.0 && s < 1.0 {
                return u * sqrt(-2.0 * ln(s) / s);
            }
        }
    }

    /// A uniform random integer in `0..n`, for `n ≥ 1`, with no bias: draws below
    /// `2⁶⁴ mod n` are rejected, so that the draws kept are a whole number of copies of `0..n`.
    ///
    /// ```
    /// use scratchnet::XorShift;
    /// let mut rng = XorShift::new(3);
    /// assert!((0..100).all(|_| rng.below(6) < 6));
    /// ```
    ///
    /// # Panics
    /// If `n` is 0.
    pub fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "XorShift::below: n is 0, expected at least 1");
        let n = n as u64;
        let threshold = n.wrapping_neg() % n; // 2⁶⁴ mod n
        loop {
            let r = self.next_u64();
            if r >= threshold {
                // `r % n < n`, which came from a `usize`.
                return (r % n) as usize;
            }
        }
    }

    /// Shuffles `items` in place by the Fisher–Yates shuffle: every one of the `n!` orders is
    /// equally likely, and the same seed gives the same order on every platform.
    ///
    /// ```text
    /// for i = n−1 down to 1:  j = below(i + 1);  swap items[i], items[j]
    /// ```
    ///
    /// ```
    /// use scratchnet::XorShift;
    ///
    /// let mut order = [0, 1, 2, 3, 4, 5];
    /// XorShift::new(1).shuffle(&mut order);
    /// let mut again = [0, 1, 2, 3, 4, 5];
    /// XorShift::new(1).shuffle(&mut again);
    /// assert_eq!(order, again); // the same seed, the same order
    /// order.sort();
    /// assert_eq!(order, [0, 1, 2, 3, 4, 5]); // a permutation: nothing lost, nothing doubled
    /// ```
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}
