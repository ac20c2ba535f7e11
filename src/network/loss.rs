//! Loss functions: how far the prediction `ŷ = a_L` is from the labels `y`, and where
//! backpropagation starts, `δ_L = ∂J/∂z_L`.
//!
//! For `m` samples and `n = n_L` outputs (`y`, `ŷ`, `z_L` all `m × n`):
//!
//! ```text
//! HalfSumOfSquares   J = Σᵢⱼ ½ (yᵢⱼ − ŷᵢⱼ)²          ∂J/∂ŷ = −(y − ŷ)              the post's
//! MeanSquaredError   J = (1/mn) Σᵢⱼ (yᵢⱼ − ŷᵢⱼ)²      ∂J/∂ŷ = (2/mn) (ŷ − y)
//! CrossEntropy       J = −(1/m) Σᵢⱼ yᵢⱼ ln ŷᵢⱼ                                 softmax output
//!                    J = −(1/m) Σᵢⱼ [y ln ŷ + (1 − y) ln(1 − ŷ)]               sigmoid output
//!                    δ_L = ∂J/∂z_L = (ŷ − y) / m                               either output
//! ```
//!
//! For the squared losses `δ_L = ∂J/∂ŷ ⊙ f′(z_L)`, through the output activation
//! ([`Activation::backward`], or [`softmax_backward`] for a softmax). Cross-entropy is
//! paired with the activation that makes probabilities — softmax for one class out of n,
//! sigmoid for n yes/no answers — because then the chain rule collapses: every `f′` cancels
//! against the `1/ŷ` of the logarithm and `δ_L = (ŷ − y)/m`, with no division by a
//! probability that may have rounded to 0.
//!
//! The cost itself is computed from the scores `z_L`, not from `ŷ`, in the stable form:
//!
//! ```text
//! softmax:  −ln ŷᵢⱼ = lseᵢ − zᵢⱼ,  lseᵢ = mᵢ + ln Σₖ e^{zᵢₖ − mᵢ},  mᵢ = maxₖ zᵢₖ
//! sigmoid:  −ln σ(z) = softplus(−z),  −ln(1 − σ(z)) = softplus(z),
//!           softplus(x) = ln(1 + eˣ) = max(x, 0) + ln(1 + e^{−|x|})
//! ```
//!
//! so that scores of ±1000 (`ŷ` rounded to exactly 0 or 1) give a large finite cost instead
//! of ∞ or NaN.

use crate::activation::{row_max, softmax_backward};
use crate::{Activation, Float};

/// Which loss training minimises; see the [module](self) for the formulas.
///
/// ```
/// use scratchnet::{Activation, Loss};
/// // One sample, two classes, the right one (class 1) given score 1000 — certain and right.
/// let z = [0.0, 1000.0];
/// let (mut y_hat, mut f_prime) = ([0.0; 2], [0.0; 2]);
/// Activation::Softmax.forward(&z, &mut y_hat, &mut f_prime, 2);
/// let cost = Loss::CrossEntropy.cost(Activation::Softmax, &z, &y_hat, &[0.0, 1.0], 2);
/// assert_eq!(cost, 0.0);
/// // Certain and wrong: large, and finite.
/// let cost = Loss::CrossEntropy.cost(Activation::Softmax, &z, &y_hat, &[1.0, 0.0], 2);
/// assert_eq!(cost, 1000.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Loss {
    /// `J = Σ ½ (y − ŷ)²`, the post's (which it calls the mean squared error). The default.
    #[default]
    HalfSumOfSquares,
    /// `J = (1/mn) Σ (y − ŷ)²`, the mean over every element.
    MeanSquaredError,
    /// `J = −(1/m) Σ y ln ŷ` (softmax) or its two-sided form for sigmoid outputs.
    CrossEntropy,
}

impl Loss {
    /// Its name as the command line writes it: `"half-sum-of-squares"`, `"mse"`,
    /// `"cross-entropy"`.
    pub fn name(self) -> &'static str {
        match self {
            Loss::HalfSumOfSquares => "half-sum-of-squares",
            Loss::MeanSquaredError => "mse",
            Loss::CrossEntropy => "cross-entropy",
        }
    }

    /// The loss called `name` (as [`name`](Loss::name) writes it), if any.
    ///
    /// ```
    /// use scratchnet::Loss;
    /// assert_eq!(Loss::from_name("mse"), Some(Loss::MeanSquaredError));
    /// assert_eq!(Loss::from_name("hinge"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Loss> {
        [
            Loss::HalfSumOfSquares,
            Loss::MeanSquaredError,
            Loss::CrossEntropy,
        ]
        .into_iter()
        .find(|loss| loss.name() == name)
    }

    /// Whether `J` is a mean over the samples (MSE, cross-entropy) rather than a sum (the
    /// post's): a mean's step size does not grow with the batch.
    ///
    /// ```
    /// use scratchnet::Loss;
    /// assert!(!Loss::HalfSumOfSquares.is_mean());
    /// assert!(Loss::CrossEntropy.is_mean());
    /// ```
    pub fn is_mean(self) -> bool {
        match self {
            Loss::HalfSumOfSquares => false,
            Loss::MeanSquaredError | Loss::CrossEntropy => true,
        }
    }

    /// Whether this loss can follow `output`: cross-entropy needs probabilities (softmax or
    /// sigmoid), the squared losses take any output.
    ///
    /// ```
    /// use scratchnet::{Activation, Loss};
    /// assert!(Loss::CrossEntropy.fits(Activation::Softmax));
    /// assert!(!Loss::CrossEntropy.fits(Activation::Relu));
    /// ```
    pub fn fits(self, output: Activation) -> bool {
        match self {
            Loss::CrossEntropy => matches!(output, Activation::Softmax | Activation::Sigmoid),
            Loss::HalfSumOfSquares | Loss::MeanSquaredError => true,
        }
    }

    /// The cost `J` of predictions `y_hat = f(z)` for labels `y`, `f` being the output
    /// activation `output`.
    ///
    /// ```text
    /// z, y_hat, y: m × cols, row-major
    /// ```
    ///
    /// # Panics
    /// If the three lengths differ or are not whole rows of `cols ≥ 1` columns, or if the
    /// loss does not [`fit`](Loss::fits) `output`.
    pub fn cost<T: Float>(
        self,
        output: Activation,
        z: &[T],
        y_hat: &[T],
        y: &[T],
        cols: usize,
    ) -> T {
        let m = check("cost", self, output, z.len(), y_hat.len(), y.len(), cols);
        self.of_sum(self.sum_from(T::ZERO, output, z, y_hat, y, cols), m, cols)
    }

    /// The sum of the loss's terms over the rows given (z, y_hat, y: whole rows of `cols`),
    /// continued from `sum`, term after term in the order of [`Loss::cost`]: the rows of a
    /// batch taken in bands, one band after the other, give the sum of the whole batch bit
    /// for bit. The lengths have been checked.
    pub(crate) fn sum_from<T: Float>(
        self,
        sum: T,
        output: Activation,
        z: &[T],
        y_hat: &[T],
        y: &[T],
        cols: usize,
    ) -> T {
        match self {
            Loss::HalfSumOfSquares => half_sum_of_squares(sum, y_hat, y),
            Loss::MeanSquaredError => y.iter().zip(y_hat).fold(sum, |sum, (&y, &y_hat)| {
                let e = y - y_hat;
                sum + e * e
            }),
            Loss::CrossEntropy if output == Activation::Softmax => {
                let mut sum = sum;
                for (z, y) in z.chunks_exact(cols).zip(y.chunks_exact(cols)) {
                    let max = row_max(z);
                    let exps = z.iter().fold(T::ZERO, |s, &z| s + (z - max).exp());
                    let lse = max + exps.ln();
                    sum += z
                        .iter()
                        .zip(y)
                        .fold(T::ZERO, |s, (&z, &y)| s + y * (lse - z));
                }
                sum
            }
            Loss::CrossEntropy => z.iter().zip(y).fold(sum, |sum, (&z, &y)| {
                let (softplus_z, softplus_minus_z) = softplus_both(z);
                sum + y * softplus_minus_z + (T::ONE - y) * softplus_z
            }),
        }
    }

    /// The cost of a batch of `m` rows of `cols` columns from the sum of its terms
    /// ([`Loss::sum_from`]): the sum itself, or its mean.
    pub(crate) fn of_sum<T: Float>(self, sum: T, m: usize, cols: usize) -> T {
        match self {
            Loss::HalfSumOfSquares => sum,
            Loss::MeanSquaredError => sum / T::from_f64((m * cols) as f64),
            Loss::CrossEntropy => sum / T::from_f64(m as f64),
        }
    }

    /// Where backpropagation starts: `delta = δ_L = ∂J/∂z_L`, from the output layer's result
    /// `y_hat = f(z_L)`, its derivative `f_prime = f′(z_L)` (from
    /// [`Activation::forward`]; not read for softmax or cross-entropy) and the labels `y`
    /// (the table in the [module](self)).
    ///
    /// ```text
    /// f_prime, y_hat, y, delta: m × cols, row-major; delta is overwritten
    /// ```
    ///
    /// For the post (`HalfSumOfSquares`, sigmoid) this is `δ_L = −(y − ŷ) ⊙ σ′(z_L)`,
    /// computed in that order.
    ///
    /// ```
    /// use scratchnet::{Activation, Loss};
    /// // z = 0: ŷ = σ(0) = ½ and σ′(0) = ¼; label 1: δ = −(1 − ½) · ¼.
    /// let mut delta = [0.0];
    /// Loss::HalfSumOfSquares.delta(Activation::Sigmoid, &[0.25], &[0.5], &[1.0], &mut delta, 1);
    /// assert_eq!(delta, [-0.125]);
    /// ```
    ///
    /// # Panics
    /// If the four lengths differ or are not whole rows of `cols ≥ 1` columns, or if the
    /// loss does not [`fit`](Loss::fits) `output`.
    pub fn delta<T: Float>(
        self,
        output: Activation,
        f_prime: &[T],
        y_hat: &[T],
        y: &[T],
        delta: &mut [T],
        cols: usize,
    ) {
        let m = check(
            "delta",
            self,
            output,
            delta.len(),
            y_hat.len(),
            y.len(),
            cols,
        );
        assert!(
            f_prime.len() == y.len(),
            "Loss::delta: f_prime has {} values and y {}, expected the same",
            f_prime.len(),
            y.len()
        );
        self.delta_rows(m, output, f_prime, y_hat, y, delta, cols);
    }

    /// [`Loss::delta`] for some of the rows of a batch of `m` rows (a band of them): the
    /// means divide by the batch's `m`, not by the rows given. The lengths have been checked.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn delta_rows<T: Float>(
        self,
        m: usize,
        output: Activation,
        f_prime: &[T],
        y_hat: &[T],
        y: &[T],
        delta: &mut [T],
        cols: usize,
    ) {
        let pairs = delta.iter_mut().zip(y.iter().zip(y_hat));
        // ∂J/∂ŷ for the squared losses, which then goes through the output activation.
        match self {
            Loss::HalfSumOfSquares => {
                for (delta, (&y, &y_hat)) in pairs {
                    *delta = -(y - y_hat);
                }
            }
            Loss::MeanSquaredError => {
                let scale = T::from_f64(2.0 / (m * cols) as f64);
                for (delta, (&y, &y_hat)) in pairs {
                    *delta = scale * (y_hat - y);
                }
            }
            Loss::CrossEntropy => {
                // ∂J/∂z_L directly: f′ cancels against the logarithm's 1/ŷ.
                let m = T::from_f64(m as f64);
                for (delta, (&y, &y_hat)) in pairs {
                    *delta = (y_hat - y) / m;
                }
                return;
            }
        }
        // δ_L = ∂J/∂ŷ ⊙ f′(z_L), or softmax's Jacobian times ∂J/∂ŷ.
        if output == Activation::Softmax {
            softmax_backward(y_hat, delta, cols);
        } else {
            output.backward(f_prime, delta);
        }
    }
}

/// The post's cost, `J = Σᵢⱼ ½ (yᵢⱼ − ŷᵢⱼ)²`, each term added to `sum` in turn, in row-major
/// order (`y_hat`, `y`: m × n, row-major): the one definition that
/// [`Network::compute_cost`](crate::Network::compute_cost) and [`Loss::HalfSumOfSquares`]
/// compute.
pub(crate) fn half_sum_of_squares<T: Float>(sum: T, y_hat: &[T], y: &[T]) -> T {
    let half = T::from_f64(0.5);
    y.iter().zip(y_hat).fold(sum, |cost, (&y, &y_hat)| {
        let e = y - y_hat;
        cost + half * (e * e)
    })
}

/// `(softplus(z), softplus(−z))`, where `softplus(x) = ln(1 + eˣ)`, each as
/// `max(x, 0) + ln(1 + e^{−|x|})`: never overflows, and exact to rounding for large |x|. The
/// two share `ln(1 + e^{−|z|})`, computed once.
fn softplus_both<T: Float>(z: T) -> (T, T) {
    let positive = |x: T| if x > T::ZERO { x } else { T::ZERO };
    let tail = (T::ONE + (-z.abs()).exp()).ln();
    (positive(z) + tail, positive(-z) + tail)
}

/// Panics unless the lengths agree, make whole rows, and the loss fits the output; returns
/// the number of rows `m`.
fn check(
    op: &str,
    loss: Loss,
    output: Activation,
    len: usize,
    y_hat: usize,
    y: usize,
    cols: usize,
) -> usize {
    assert!(
        len == y_hat && y == y_hat && cols > 0 && y.is_multiple_of(cols),
        "Loss::{op}: {len}, {y_hat} and {y} values for rows of {cols} columns, \
         expected the same whole number of rows"
    );
    assert!(
        loss.fits(output),
        "Loss::{op}: {} needs a softmax or sigmoid output layer, not {}",
        loss.name(),
        output.name()
    );
    y / cols
}
