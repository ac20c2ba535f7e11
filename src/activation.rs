//! The sigmoid activation σ and its derivative σ′.
//!
//! ```text
//! σ(z)  = 1 / (1 + e^{−z})                 squashes any z into (0, 1)
//! σ′(z) = e^{−z} / (1 + e^{−z})²           the post's form
//!       = σ(z) · (1 − σ(z))                the form used here
//! ```
//!
//! The two forms of σ′ are the same function: `1 − σ = e^{−z} / (1 + e^{−z})`, so
//! `σ(1 − σ) = e^{−z} / (1 + e^{−z})²`. They differ in floating point. For z ≤ −710,
//! `e^{−z}` overflows to ∞ and the post's form becomes ∞/∞ = NaN, which would poison every
//! weight it touches. The σ(1 − σ) form gives σ = 0 and σ′ = 0, the correct limit, for any z.
//!
//! σ(z) rounds to exactly 1.0 once z ≳ 36.7 (16.6 in `f32`): σ′ is then 0 and that neuron stops learning
//! ("saturates"). That is the maths, not a bug, and the reason starting weights are small.

use crate::Float;

/// The logistic sigmoid, `σ(z) = 1 / (1 + e^{−z})`.
///
/// ```
/// use scratchnet::activation::sigmoid;
/// assert_eq!(sigmoid(0.0), 0.5);
/// assert_eq!(sigmoid(-1000.0), 0.0); // e^{1000} = ∞, 1/∞ = 0
/// assert_eq!(sigmoid(1000.0), 1.0);
/// ```
pub fn sigmoid<T: Float>(z: T) -> T {
    T::ONE / (T::ONE + (-z).exp())
}

/// The sigmoid of every element of `z`, into `a`:
///
/// ```text
/// a_i = σ(z_i) = 1 / (1 + e^{−z_i})      z, a: the same length (an m × n matrix: m·n)
/// ```
///
/// Each `a_i` is bit-identical to [`sigmoid`]`(z_i)`. [`math::exp`](crate::math::exp) and
/// [`math::expf`](crate::math::expf) have no branches, so the compiler can vectorise this
/// loop: 2 `f64` or 4 `f32` at a time in the default x86-64 build (SSE2), 4 or 8 in code
/// compiled for AVX2, 8 or 16 for AVX-512 (`#[target_feature]`), with the same bits.
///
/// ```
/// use scratchnet::activation::{sigmoid, sigmoid_into};
///
/// let z = [-1000.0, -1.0, 0.0, 1.0, 1000.0];
/// let mut a = [0.0; 5];
/// sigmoid_into(&z, &mut a);
/// assert_eq!(a[2], 0.5);
/// assert_eq!(a, z.map(sigmoid));
/// ```
///
/// # Panics
/// If `z` and `a` differ in length.
#[inline]
pub fn sigmoid_into<T: Float>(z: &[T], a: &mut [T]) {
    assert!(
        z.len() == a.len(),
        "sigmoid_into: z has {} elements and a has {}",
        z.len(),
        a.len()
    );
    for (a_i, &z_i) in a.iter_mut().zip(z) {
        *a_i = sigmoid(z_i);
    }
}

/// The derivative of the sigmoid, `σ′(z) = σ(z) · (1 − σ(z))`; finite for every finite z.
///
/// ```
/// use scratchnet::activation::sigmoid_prime;
/// assert_eq!(sigmoid_prime(0.0), 0.25); // the steepest point
/// assert_eq!(sigmoid_prime(-1000.0), 0.0); // the post's e^{−z}/(1+e^{−z})² would be NaN
/// assert_eq!(sigmoid_prime(1000.0), 0.0);
/// ```
pub fn sigmoid_prime<T: Float>(z: T) -> T {
    let s = sigmoid(z);
    s * (T::ONE - s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    /// Pre-activations from every region of `exp(−z)`: ±0, ±∞, NaN, the largest and the
    /// smallest numbers, both thresholds of `exp` and of `expf` and their neighbours, the
    /// subnormal results, and an even sweep over [−800, 800), in an order that mixes them
    /// within every group of lanes.
    fn pre_activations() -> Vec<f64> {
        let edges = [
            0.0,
            f64::INFINITY,
            f64::NAN,
            f64::MAX,
            f64::from_bits(1),
            745.133_219_101_941_1,
            745.133_219_101_941_2,
            709.782_712_893_384,
            709.782_712_893_385,
            708.4,
            103.972_08,
            103.972_09,
            88.722_83,
            88.722_84,
            87.5,
            36.7,
            16.6,
        ];
        let mut z: Vec<f64> = edges.iter().flat_map(|&x| [x, -x]).collect();
        for i in 0..4000u16 {
            z.push(-800.0 + 0.4 * f64::from(i));
            z.push(z[usize::from(i) % (2 * edges.len())]);
        }
        z
    }

    /// Checks `sigmoid_into` against `sigmoid` on every length up to 40 (so that vector
    /// loops meet every remainder) and on all of `z`.
    fn check<T: Float>(z: &[T]) {
        let lengths = (0..=40).chain([z.len()]);
        for n in lengths {
            let mut a = alloc::vec![T::ONE; n];
            sigmoid_into(&z[..n], &mut a);
            for (i, (&a_i, &z_i)) in a.iter().zip(z).enumerate() {
                let want = sigmoid(z_i);
                assert!(
                    a_i.to_f64().to_bits() == want.to_f64().to_bits()
                        || (a_i.is_nan() && want.is_nan()),
                    "length {n}, element {i}: sigmoid({z_i:e}) = {want:e}, sigmoid_into gave {a_i:e}"
                );
            }
        }
    }

    #[test]
    fn sigmoid_into_is_sigmoid_of_each_element_f64() {
        check(&pre_activations());
    }

    #[test]
    fn sigmoid_into_is_sigmoid_of_each_element_f32() {
        let z: Vec<f32> = pre_activations().iter().map(|&z| z as f32).collect();
        check(&z);
    }

    #[test]
    #[should_panic(expected = "sigmoid_into: z has 3 elements and a has 2")]
    fn sigmoid_into_checks_lengths() {
        sigmoid_into(&[0.0, 1.0, 2.0], &mut [0.0; 2]);
    }
}
