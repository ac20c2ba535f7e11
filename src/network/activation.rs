//! Activation functions: the post's sigmoid σ and its derivative σ′, and the [`Activation`]
//! a layer can choose — sigmoid, tanh, ReLU, identity, and softmax for the output layer.
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
//! σ(z) rounds to exactly 1.0 once z ≳ 36.7 (16.6 in `f32`): σ′ is then 0 and that neuron
//! stops learning ("saturates"). That is the maths, not a bug, and the reason starting
//! weights are small.
//!
//! Each function and its derivative is defined once, here, as a function of `z`, the way the
//! post writes `__sigmoid(z)` and `__sigmoid_prime(z)`, and whatever runs a network (training
//! on one thread or many, `backpropagation`, inference) calls these functions: the forward
//! pass computes `a = f(z)` and, in the same loop, `f′(z)` (σ′ reuses σ's `exp` there), and
//! the backward pass multiplies by that `f′(z)`. Edit the bodies of [`sigmoid`] and
//! [`sigmoid_prime`] — to `tanh(z)` and `1 − tanh²(z)`, say — and training follows; nothing
//! else needs to change.

use crate::Float;
use crate::matrix::ops::map_pair;

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

/// The hyperbolic tangent, `tanh(z) = (e^{z} − e^{−z}) / (e^{z} + e^{−z})`, within a few
/// ulps of the exact value for every z:
///
/// ```text
/// |z| < ½:  tanh z = z / (1 + z²/(3 + z²/(5 + z²/(7 + …))))      Lambert's continued fraction
/// |z| ≥ ½:  tanh z = sign(z) · (1 − e^{−2|z|}) / (1 + e^{−2|z|})
/// ```
///
/// The second form alone would lose the relative precision of small z (`1 − e^{−2|z|}`
/// cancels), which is why the first, exact to rounding after eleven levels at |z| < ½, takes
/// over there. Measured against `std`'s tanh: at most 3 ulps apart (`tests/activation.rs`).
/// Odd, bounded by 1, `tanh(±∞) = ±1`, `tanh(NaN) = NaN`.
///
/// ```
/// use scratchnet::activation::tanh;
/// assert_eq!(tanh(0.0), 0.0);
/// assert_eq!(tanh(1000.0), 1.0);
/// assert!((tanh(0.5f64) - 0.46211715726000974).abs() < 1e-16);
/// ```
pub fn tanh<T: Float>(z: T) -> T {
    let two = T::from_f64(2.0);
    let size = z.abs();
    if size < T::from_f64(0.5) {
        let z2 = z * z;
        let mut tail = T::from_f64(23.0);
        for k in (0..11).rev() {
            tail = T::from_f64(f64::from(2 * k + 1)) + z2 / tail;
        }
        return z / tail;
    }
    let e = (-(two * size)).exp();
    let t = (T::ONE - e) / (T::ONE + e);
    if z.is_sign_negative() { -t } else { t }
}

/// The derivative of tanh, `tanh′(z) = 1 − tanh²(z)`.
///
/// ```
/// use scratchnet::activation::tanh_prime;
/// assert_eq!(tanh_prime(0.0), 1.0);
/// assert_eq!(tanh_prime(1000.0), 0.0);
/// ```
pub fn tanh_prime<T: Float>(z: T) -> T {
    let t = tanh(z);
    T::ONE - t * t
}

/// The rectified linear unit, `relu(z) = max(z, 0)`; NaN passes through (`z < 0` is false
/// for NaN), so that divergence shows.
///
/// ```
/// use scratchnet::activation::relu;
/// assert_eq!(relu(-2.0), 0.0);
/// assert_eq!(relu(3.0), 3.0);
/// ```
pub fn relu<T: Float>(z: T) -> T {
    if z < T::ZERO { T::ZERO } else { z }
}

/// The derivative of ReLU, `relu′(z) = 1` if z > 0, else 0 (taken as 0 at exactly 0).
///
/// ```
/// use scratchnet::activation::relu_prime;
/// assert_eq!(relu_prime(-2.0), 0.0);
/// assert_eq!(relu_prime(3.0), 1.0);
/// ```
pub fn relu_prime<T: Float>(z: T) -> T {
    if z > T::ZERO { T::ONE } else { T::ZERO }
}

/// What a layer does to its input `z = a_{l−1} · W_l (+ b_l)`: the nonlinearity `a = f(z)`.
///
/// ```text
///              a = f(z)                                   f′(z)
/// Sigmoid      sigmoid(z) = 1 / (1 + e^{−z})              sigmoid_prime(z) = σ(z)(1 − σ(z))
/// Tanh         tanh(z)                                    tanh_prime(z) = 1 − tanh²(z)
/// Relu         relu(z) = max(z, 0)                        relu_prime(z) = [z > 0]
/// Identity     z                                          1
/// Softmax      aᵢⱼ = e^{zᵢⱼ − mᵢ} / Σₖ e^{zᵢₖ − mᵢ}        not elementwise: see softmax_backward
///              (row by row, mᵢ = maxₖ zᵢₖ)
/// ```
///
/// Sigmoid is the post's, and the default. Softmax turns a row of scores into probabilities
/// that add up to 1, so it is for the output layer only (with the cross-entropy loss, see
/// [`Loss`](crate::Loss)); subtracting the row's maximum changes nothing mathematically and
/// keeps `e^{…}` from overflowing, so scores of ±1000 are fine. ReLU's derivative at exactly
/// 0 is taken as 0.
///
/// ```
/// use scratchnet::Activation;
/// let z = [-1000.0, 0.0, 1000.0];
/// let (mut a, mut f_prime) = ([0.0; 3], [0.0; 3]);
/// Activation::Softmax.forward(&z, &mut a, &mut f_prime, 3);
/// assert_eq!(a, [0.0, 0.0, 1.0]);
/// Activation::Relu.forward(&z, &mut a, &mut f_prime, 3);
/// assert_eq!((a, f_prime), ([0.0, 0.0, 1000.0], [0.0, 0.0, 1.0]));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Activation {
    /// `σ(z) = 1 / (1 + e^{−z})`, the post's.
    #[default]
    Sigmoid,
    /// `tanh z`, in (−1, 1).
    Tanh,
    /// `max(z, 0)`, the rectified linear unit.
    Relu,
    /// `z` unchanged: a linear layer.
    Identity,
    /// `e^{zⱼ} / Σₖ e^{zₖ}` over each row: probabilities, for the output layer.
    Softmax,
}

impl Activation {
    /// Every activation, in the order of the enum.
    pub const ALL: [Activation; 5] = [
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::Identity,
        Activation::Softmax,
    ];

    /// Its name in lower case, as model files and command lines write it: `"relu"`.
    ///
    /// ```
    /// use scratchnet::Activation;
    /// assert_eq!(Activation::Relu.name(), "relu");
    /// assert_eq!(Activation::from_name("relu"), Some(Activation::Relu));
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::Identity => "identity",
            Activation::Softmax => "softmax",
        }
    }

    /// The activation called `name` (as [`name`](Activation::name) writes it), if any.
    pub fn from_name(name: &str) -> Option<Activation> {
        Activation::ALL.into_iter().find(|a| a.name() == name)
    }

    /// `f(z)` for one number: the function the forward pass applies to every element of
    /// `z` (see the table above).
    ///
    /// ```
    /// use scratchnet::Activation;
    /// assert_eq!(Activation::Sigmoid.apply(0.0), 0.5);
    /// assert_eq!(Activation::Relu.apply(-3.0), 0.0);
    /// ```
    ///
    /// # Panics
    /// For softmax, which is not elementwise (each output depends on the whole row).
    pub fn apply<T: Float>(self, z: T) -> T {
        match self {
            Activation::Sigmoid => sigmoid(z),
            Activation::Tanh => tanh(z),
            Activation::Relu => relu(z),
            Activation::Identity => z,
            Activation::Softmax => panic!("Activation::apply: softmax is not elementwise"),
        }
    }

    /// `f′(z)` for one number, as the post writes `__sigmoid_prime(z)`: the factor the
    /// backward pass multiplies `∂J/∂a` by to get `δ = ∂J/∂z` (see the table above).
    ///
    /// ```
    /// use scratchnet::Activation;
    /// assert_eq!(Activation::Sigmoid.derivative(0.0), 0.25);
    /// assert_eq!(Activation::Relu.derivative(-3.0), 0.0);
    /// ```
    ///
    /// # Panics
    /// For softmax, whose derivative is not elementwise (see [`softmax_backward`]).
    pub fn derivative<T: Float>(self, z: T) -> T {
        match self {
            Activation::Sigmoid => sigmoid_prime(z),
            Activation::Tanh => tanh_prime(z),
            Activation::Relu => relu_prime(z),
            Activation::Identity => T::ONE,
            Activation::Softmax => {
                panic!("Activation::derivative: softmax has no elementwise derivative")
            }
        }
    }

    /// The forward pass through the activation, `a = f(z)`, and the derivative
    /// `f_prime = f′(z)` that the backward pass will multiply by, for a matrix of `cols`
    /// columns:
    ///
    /// ```text
    /// z, a, f_prime: m × cols, row-major (m·cols values)
    /// aᵢ = apply(zᵢ),  f_primeᵢ = derivative(zᵢ)        every activation but softmax
    /// ```
    ///
    /// Each element is [`apply`](Activation::apply)'s and
    /// [`derivative`](Activation::derivative)'s, bit for bit, in one loop compiled for the
    /// widest vectors the CPU has, so that what the two share (σ′(z) = σ(z)(1 − σ(z)) needs
    /// σ(z)) is computed once. Softmax goes row by row, and leaves `f_prime` as it is: its
    /// derivative is not elementwise ([`softmax_backward`]).
    ///
    /// ```
    /// use scratchnet::Activation;
    /// let z = [-1000.0, 0.0, 1000.0];
    /// let (mut a, mut f_prime) = ([0.0; 3], [0.0; 3]);
    /// Activation::Sigmoid.forward(&z, &mut a, &mut f_prime, 3);
    /// assert_eq!((a, f_prime), ([0.0, 0.5, 1.0], [0.0, 0.25, 0.0]));
    /// Activation::Softmax.forward(&z, &mut a, &mut f_prime, 3);
    /// assert_eq!(a, [0.0, 0.0, 1.0]);
    /// ```
    ///
    /// # Panics
    /// If `z`, `a` and `f_prime` differ in length, or (softmax) `cols` is 0 or does not divide
    /// it.
    pub fn forward<T: Float>(self, z: &[T], a: &mut [T], f_prime: &mut [T], cols: usize) {
        assert!(
            z.len() == a.len() && z.len() == f_prime.len(),
            "Activation::forward: z has {} elements, a {} and f_prime {}",
            z.len(),
            a.len(),
            f_prime.len()
        );
        // One closure per activation, so that each loop is compiled with its own functions
        // inlined (the same functions as `apply` and `derivative`).
        match self {
            Activation::Sigmoid => map_pair(z, a, f_prime, |z| (sigmoid(z), sigmoid_prime(z))),
            Activation::Tanh => map_pair(z, a, f_prime, |z| (tanh(z), tanh_prime(z))),
            Activation::Relu => map_pair(z, a, f_prime, |z| (relu(z), relu_prime(z))),
            Activation::Identity => {
                a.copy_from_slice(z);
                f_prime.fill(T::ONE);
            }
            Activation::Softmax => {
                a.copy_from_slice(z);
                softmax_in_place(a, cols);
            }
        }
    }

    /// [`forward`](Activation::forward) in place: `values` holds `z` (m × cols, row-major) on
    /// entry and `a = f(z)` on return. For inference, which keeps no `z`.
    ///
    /// ```
    /// use scratchnet::Activation;
    /// let mut values = [-2.0, 0.5];
    /// Activation::Relu.forward_in_place(&mut values, 2);
    /// assert_eq!(values, [0.0, 0.5]);
    /// ```
    ///
    /// # Panics
    /// (Softmax) If `cols` is 0 or does not divide `values.len()`.
    pub fn forward_in_place<T: Float>(self, values: &mut [T], cols: usize) {
        match self {
            Activation::Softmax => softmax_in_place(values, cols),
            _ => {
                for x in values.iter_mut() {
                    *x = self.apply(*x);
                }
            }
        }
    }

    /// The backward pass through an elementwise activation, in place: `delta` holds
    /// `g = ∂J/∂a` on entry and `δ = ∂J/∂z` on return, from `f_prime = f′(z)`, which
    /// [`forward`](Activation::forward) computed.
    ///
    /// ```text
    /// f_prime, delta: m × n, row-major
    /// δᵢ = gᵢ · f_primeᵢ                 δ = g ⊙ f′(z)
    /// ```
    ///
    /// ```
    /// use scratchnet::Activation;
    /// let z = [0.0, -1000.0];
    /// let (mut a, mut f_prime) = ([0.0; 2], [0.0; 2]);
    /// Activation::Sigmoid.forward(&z, &mut a, &mut f_prime, 2);
    /// let mut delta = [1.0, 1.0];
    /// Activation::Sigmoid.backward(&f_prime, &mut delta);
    /// assert_eq!(delta, [0.25, 0.0]); // σ′(0) = ¼
    /// ```
    ///
    /// # Panics
    /// If `f_prime` and `delta` differ in length, or for softmax (see [`softmax_backward`]).
    pub fn backward<T: Float>(self, f_prime: &[T], delta: &mut [T]) {
        assert!(
            f_prime.len() == delta.len(),
            "Activation::backward: f_prime has {} elements and delta has {}",
            f_prime.len(),
            delta.len()
        );
        assert!(
            self != Activation::Softmax,
            "Activation::backward: softmax is not elementwise; see softmax_backward"
        );
        for (delta, &f_prime) in delta.iter_mut().zip(f_prime) {
            *delta *= f_prime;
        }
    }
}

/// Softmax over each row of `values` (m × cols, row-major), in place: `zᵢⱼ` on entry,
/// `aᵢⱼ = e^{zᵢⱼ − mᵢ} / Σₖ e^{zᵢₖ − mᵢ}` on return, with `mᵢ = maxₖ zᵢₖ`.
fn softmax_in_place<T: Float>(values: &mut [T], cols: usize) {
    check_rows("forward", values.len(), cols);
    for row in values.chunks_exact_mut(cols) {
        let max = row_max(row);
        let mut sum = T::ZERO;
        for x in row.iter_mut() {
            *x = (*x - max).exp();
            sum += *x;
        }
        for x in row.iter_mut() {
            *x = *x / sum;
        }
    }
}

/// The backward pass through softmax, in place: `delta` holds `g = ∂J/∂a` on entry and
/// `δ = ∂J/∂z` on return, from the softmax's output `a`, row by row:
///
/// ```text
/// a, delta: m × cols, row-major
/// δᵢⱼ = Σₖ gᵢₖ ∂aᵢₖ/∂zᵢⱼ = aᵢⱼ (gᵢⱼ − Σₖ gᵢₖ aᵢₖ)        since ∂aₖ/∂zⱼ = aₖ([j = k] − aⱼ)
/// ```
///
/// Only a squared loss after a softmax output needs it: with cross-entropy the whole
/// product collapses to `(ŷ − y)/m` (see [`Loss`](crate::Loss)).
///
/// ```
/// use scratchnet::activation::softmax_backward;
/// let a = [0.5, 0.5];
/// let mut delta = [1.0, 0.0];
/// softmax_backward(&a, &mut delta, 2);
/// assert_eq!(delta, [0.25, -0.25]);
/// ```
///
/// # Panics
/// If `a` and `delta` differ in length, or `cols` is 0 or does not divide it.
pub fn softmax_backward<T: Float>(a: &[T], delta: &mut [T], cols: usize) {
    assert!(
        a.len() == delta.len(),
        "softmax_backward: a has {} elements and delta has {}",
        a.len(),
        delta.len()
    );
    check_rows("backward", a.len(), cols);
    for (delta, a) in delta.chunks_exact_mut(cols).zip(a.chunks_exact(cols)) {
        let along = delta
            .iter()
            .zip(a)
            .fold(T::ZERO, |sum, (&g, &a)| sum + g * a);
        for (delta, &a) in delta.iter_mut().zip(a) {
            *delta = a * (*delta - along);
        }
    }
}

/// The largest value of a non-empty `row`, `maxₖ zₖ`, which softmax and the cross-entropy of
/// a softmax subtract before `exp` so that it cannot overflow. (A NaN is passed over unless
/// it comes first; the `exp`s that follow carry any NaN through.)
pub(crate) fn row_max<T: Float>(row: &[T]) -> T {
    row.iter().fold(row[0], |m, &z| if z > m { z } else { m })
}

/// Panics unless `len` values make whole rows of `cols ≥ 1` columns.
fn check_rows(op: &str, len: usize, cols: usize) {
    assert!(
        cols > 0 && len.is_multiple_of(cols),
        "Activation::{op}: softmax over rows of {cols} columns, but there are {len} values"
    );
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

    /// Checks the vectorised loop of `forward`, and `backward` after it, against `apply` and
    /// `derivative`, bit for bit, for every elementwise activation, on every length up to 40
    /// (so that vector loops meet every remainder) and on all of `z`.
    fn check<T: Float>(z: &[T]) {
        let elementwise = [
            Activation::Sigmoid,
            Activation::Tanh,
            Activation::Relu,
            Activation::Identity,
        ];
        let same = |got: T, want: T| {
            got.to_f64().to_bits() == want.to_f64().to_bits() || (got.is_nan() && want.is_nan())
        };
        let lengths = (0..=40).chain([z.len()]);
        for n in lengths {
            for f in elementwise {
                // −1, which σ never gives, so that a value `forward` did not write shows.
                let mut a = alloc::vec![T::from_f64(-1.0); n];
                let mut f_prime = alloc::vec![T::from_f64(-1.0); n];
                f.forward(&z[..n], &mut a, &mut f_prime, 1);
                let mut delta = alloc::vec![T::from_f64(3.0); n];
                f.backward(&f_prime, &mut delta);
                for (i, &z_i) in z[..n].iter().enumerate() {
                    let (want_a, want_delta) = (f.apply(z_i), T::from_f64(3.0) * f.derivative(z_i));
                    assert!(
                        same(a[i], want_a),
                        "{f:?}, length {n}, element {i}: f({z_i:e}) = {want_a:e}, forward gave {:e}",
                        a[i]
                    );
                    assert!(
                        same(delta[i], want_delta),
                        "{f:?}, length {n}, element {i}: 3·f′({z_i:e}) = {want_delta:e}, backward gave {:e}",
                        delta[i]
                    );
                }
            }
        }
    }

    #[test]
    fn the_vector_loops_are_apply_and_derivative_of_each_element_f64() {
        check(&pre_activations());
    }

    #[test]
    fn the_vector_loops_are_apply_and_derivative_of_each_element_f32() {
        let z: Vec<f32> = pre_activations().iter().map(|&z| z as f32).collect();
        check(&z);
    }

    #[test]
    #[should_panic(expected = "Activation::forward: z has 3 elements, a 2 and f_prime 3")]
    fn forward_checks_lengths() {
        Activation::Sigmoid.forward(&[0.0, 1.0, 2.0], &mut [0.0; 2], &mut [0.0; 3], 1);
    }
}
