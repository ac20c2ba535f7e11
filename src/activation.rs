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
