//! The forward and the backward pass, each equation of the post written once: what
//! `forward_propagation`, `backpropagation`, `gradients`, `train`, `fit` and the threaded
//! epochs all run. The [derivation](crate::derivation) says where each line comes from.
//!
//! ```text
//! forward, l = 1 … L:    z_l = a_{l−1} · W_l + b_l           m × n_l     (a_0 = X)
//!                        a_l = f_l(z_l)                      m × n_l     (ŷ = a_L)
//! cost:                  J = Σ ½ (y − ŷ)²                                 (Loss::cost)
//! backward:              δ_L = −(y − ŷ) ⊙ f′_L(z_L)          m × n_L     (Loss::delta)
//!   (f′_l(z_l) is computed by the forward pass, beside a_l = f_l(z_l), and kept)
//!   l = L … 1:           ∂J/∂W_l = a_{l−1}ᵀ · δ_l            n_{l−1} × n_l
//!                        ∂J/∂b_l = 1ᵀ · δ_l                  1 × n_l
//!                        δ_{l−1} = (δ_l · W_lᵀ) ⊙ f′_{l−1}(z_{l−1})   m × n_{l−1}   (l > 1)
//! update, every θ:       θ ← θ − η · ∂J/∂θ                   (with momentum μ: v ← μv − η∂J/∂θ, θ ← θ + v)
//! ```
//!
//! The post's names: its `z2, a2, z3, a3, z4, prediction` are `z_1, a_1, z_2, a_2, z_3, a_3`;
//! its `delta4, delta3, delta2` are `δ_3, δ_2, δ_1`; its `dJdW1 … dJdW3` are `∂J/∂W_1 … ∂J/∂W_3`.
//!
//! Each line of the loops below is one equation, under a comment that states it with its
//! shape, and each is a call of one small function further down ([`linear`],
//! [`Activation::forward`], [`Loss::delta`], [`weight_gradient`], [`bias_gradient`],
//! [`delta_prev`], [`step`]). Those work on rows — all the samples, or a band of them — which
//! is how [`training`](crate::training) shares an epoch among threads: it calls the same
//! functions on bands. Every buffer is made once, before the first epoch ([`Backward::new`]);
//! after that nothing allocates.

use alloc::vec::Vec;

use super::{Gradients, Network};
use crate::maths::view::MatRef;
use crate::matrix::ops::{product_add_into, product_into};
use crate::{Activation, Float, Loss, Matrix};

/// The buffers of the backward pass, for batches of up to `b` samples:
///
/// ```text
/// deltas[l − 1]              δ_l = ∂J/∂z_l      b × n_l   (fewer rows for a smaller batch)
/// gradients.d_w[l − 1]       ∂J/∂W_l            n_{l−1} × n_l
/// gradients.d_b[l − 1]       ∂J/∂b_l            1 × n_l   (only with biases)
/// velocity                   v for momentum, shaped as the gradients (only with momentum)
/// ```
pub(crate) struct Backward<T> {
    pub(crate) deltas: Vec<Matrix<T>>,
    pub(crate) gradients: Gradients<T>,
    pub(crate) velocity: Option<Gradients<T>>,
}

impl<T: Float> Backward<T> {
    /// Buffers for `net` and batches of up to `b` samples, with a velocity if `momentum`.
    pub(crate) fn new(net: &Network<T>, b: usize, momentum: bool) -> Backward<T> {
        let zeros = |like: &Matrix<T>| Matrix::zeros(like.rows(), like.cols());
        let gradients = || Gradients {
            d_w: net.weights.iter().map(zeros).collect(),
            d_b: (!net.biases.is_empty()).then(|| net.biases.iter().map(zeros).collect()),
        };
        Backward {
            deltas: net.sizes[1..]
                .iter()
                .map(|&n| Matrix::zeros(b, n))
                .collect(),
            gradients: gradients(),
            velocity: momentum.then(gradients),
        }
    }

    /// Shapes the deltas for a batch of `m ≤ b` samples, without allocating.
    pub(crate) fn resize(&mut self, m: usize) {
        for delta in &mut self.deltas {
            delta.resize_rows(m);
        }
    }
}

impl<T: Float> Network<T> {
    /// The forward pass of `x` (m × n_0), into the stored `zs`, `activations` and
    /// `derivatives`.
    pub(crate) fn forward(&mut self, x: &Matrix<T>) {
        self.shape_forward(x.rows());
        let Network {
            weights: w,
            biases: b,
            layer_activations: f,
            zs,
            activations,
            derivatives,
            ..
        } = self;
        for l in 1..=w.len() {
            let (before, from_l) = activations.split_at_mut(l - 1);
            let a_prev = if l == 1 { x } else { &before[l - 2] }; // a_0 = x
            let (z, a) = (zs[l - 1].as_mut_slice(), from_l[0].as_mut_slice());
            let (b_l, f_prime) = (b.get(l - 1).map(Matrix::as_slice), &mut derivatives[l - 1]);
            // z_l = a_{l−1} · W_l + b_l                                  m × n_l
            linear(a_prev.view(), w[l - 1].view(), b_l, z);
            // a_l = f_l(z_l), and f′_l(z_l) for the backward pass          m × n_l
            f[l - 1].forward(z, a, f_prime.as_mut_slice(), w[l - 1].cols());
        }
    }

    /// The backward pass from the stored forward pass of `x`, for labels `y` and the
    /// prediction `y_hat` (the stored `a_L`, or the post's `predictions` argument), into
    /// `backward` (shaped for `x`'s m samples).
    pub(crate) fn backward(
        &self,
        x: &Matrix<T>,
        y: &Matrix<T>,
        y_hat: &Matrix<T>,
        loss: Loss,
        backward: &mut Backward<T>,
    ) {
        let Network {
            weights: w,
            layer_activations: f,
            activations,
            derivatives: f_primes,
            ..
        } = self;
        let Backward {
            deltas, gradients, ..
        } = backward;
        let (last, n_last) = (w.len(), y.cols());
        let (y, y_hat) = (y.as_slice(), y_hat.as_slice());
        let (f_prime, delta) = (
            f_primes[last - 1].as_slice(),
            deltas[last - 1].as_mut_slice(),
        );
        // δ_L = ∂J/∂z_L, the post's −(y − ŷ) ⊙ σ′(z_L)                 m × n_L
        loss.delta(f[last - 1], f_prime, y_hat, y, delta, n_last);
        for l in (1..=last).rev() {
            let a_prev = if l == 1 { x } else { &activations[l - 2] }; // a_0 = x
            let (before, from_l) = deltas.split_at_mut(l - 1);
            let (delta, d_w) = (from_l[0].view(), gradients.d_w[l - 1].as_mut_slice());
            // ∂J/∂W_l = a_{l−1}ᵀ · δ_l                                    n_{l−1} × n_l
            weight_gradient(a_prev.view(), delta, d_w, false);
            if let Some(d_b) = &mut gradients.d_b {
                // ∂J/∂b_l = 1ᵀ · δ_l                                      1 × n_l
                bias_gradient(delta.data(), d_b[l - 1].as_mut_slice(), false);
            }
            if l > 1 {
                let (f_prime, d_prev) = (f_primes[l - 2].as_slice(), before[l - 2].as_mut_slice());
                // δ_{l−1} = (δ_l · W_lᵀ) ⊙ f′_{l−1}(z_{l−1})              m × n_{l−1}
                delta_prev(delta, w[l - 1].view(), f[l - 2], f_prime, d_prev);
            }
        }
    }

    /// One step of gradient descent with the gradients in `backward`, for every weight and
    /// bias, in place — unless a step would make a parameter NaN or infinite: then nothing
    /// changes and it returns `false`.
    pub(crate) fn update(
        &mut self,
        backward: &mut Backward<T>,
        learning_rate: f64,
        momentum: f64,
    ) -> bool {
        let (eta, mu) = (T::from_f64(learning_rate), T::from_f64(momentum));
        let Backward {
            gradients: d,
            velocity: v,
            ..
        } = backward;
        // Every step must leave its parameters finite; if one would not, nothing changes.
        let mut finite = true;
        for l in 1..=self.weights.len() {
            let (w, d_w) = (self.weights[l - 1].as_slice(), d.d_w[l - 1].as_slice());
            let v_w = v.as_ref().map(|v| v.d_w[l - 1].as_slice());
            finite &= step_is_finite(w, d_w, v_w, eta, mu);
            if let Some(d_b) = &d.d_b {
                let (b, d_b) = (self.biases[l - 1].as_slice(), d_b[l - 1].as_slice());
                let v_b = v.as_ref().and_then(|v| v.d_b.as_ref());
                finite &= step_is_finite(b, d_b, v_b.map(|v_b| v_b[l - 1].as_slice()), eta, mu);
            }
        }
        if !finite {
            return false;
        }
        for l in 1..=self.weights.len() {
            let (w, d_w) = (self.weights[l - 1].as_mut_slice(), d.d_w[l - 1].as_slice());
            let v_w = v.as_mut().map(|v| v.d_w[l - 1].as_mut_slice());
            // W_l ← W_l − η · ∂J/∂W_l     (with momentum: v ← μ·v − η · ∂J/∂W_l, W_l ← W_l + v)
            step(w, d_w, v_w, eta, mu);
            if let Some(d_b) = &d.d_b {
                let (b, d_b) = (self.biases[l - 1].as_mut_slice(), d_b[l - 1].as_slice());
                let v_b = v.as_mut().and_then(|v| v.d_b.as_mut());
                // b_l ← b_l − η · ∂J/∂b_l     (likewise)
                step(b, d_b, v_b.map(|v_b| v_b[l - 1].as_mut_slice()), eta, mu);
            }
        }
        true
    }

    /// Shapes the stored `zs`, `activations` and `derivatives` for `m` samples (m × n_l
    /// each): allocated the first time, or when `m` grows, and only reshaped after that.
    pub(crate) fn shape_forward(&mut self, m: usize) {
        let shaped = self.zs.first().map(Matrix::rows);
        if shaped == Some(m) {
            return;
        }
        if shaped.is_none() {
            let sizes = &self.sizes[1..];
            self.zs = sizes.iter().map(|&n| Matrix::zeros(m, n)).collect();
            self.activations = self.zs.clone();
            self.derivatives = self.zs.clone();
        }
        let stored = self.zs.iter_mut().chain(&mut self.activations);
        for matrix in stored.chain(&mut self.derivatives) {
            matrix.resize_rows(m);
        }
    }
}

/// `z = a_prev · W + b`, the part of a layer before its activation, into `z` (the bias row,
/// if any, added to every row), for the rows of `a_prev` (all the samples, or a band):
///
/// ```text
/// a_prev: m × n_{l−1},  W: n_{l−1} × n_l,  b: 1 × n_l,  z: m × n_l
/// ```
pub(crate) fn linear<T: Float>(
    a_prev: MatRef<'_, T>,
    w: MatRef<'_, T>,
    b: Option<&[T]>,
    z: &mut [T],
) {
    product_into(a_prev, w, z);
    if let Some(b) = b {
        for row in z.chunks_exact_mut(b.len()) {
            for (z, &b) in row.iter_mut().zip(b) {
                *z += b;
            }
        }
    }
}

/// `∂J/∂W_l = a_{l−1}ᵀ · δ_l` into `d_w`, or with `accumulate` added to the sums `d_w` holds,
/// term after term (the sums of a band of samples continuing those of the bands before):
///
/// ```text
/// a_prev: m × n_{l−1},  delta: m × n_l,  d_w: n_{l−1} × n_l
/// (∂J/∂W)ᵢⱼ = Σₛ a_prevₛᵢ · δₛⱼ        summed over the samples s: the transpose
/// ```
pub(crate) fn weight_gradient<T: Float>(
    a_prev: MatRef<'_, T>,
    delta: MatRef<'_, T>,
    d_w: &mut [T],
    accumulate: bool,
) {
    if accumulate {
        product_add_into(a_prev.t(), delta, d_w, true);
    } else {
        product_into(a_prev.t(), delta, d_w);
    }
}

/// `∂J/∂b_l = 1ᵀ · δ_l`, each column of `delta` added up from its first row down, into
/// `d_b`, or with `accumulate` added to the sums `d_b` holds:
///
/// ```text
/// delta: m × n_l (whole rows of d_b.len() values),  d_b: 1 × n_l
/// ```
pub(crate) fn bias_gradient<T: Float>(delta: &[T], d_b: &mut [T], accumulate: bool) {
    if !accumulate {
        d_b.fill(T::ZERO);
    }
    for row in delta.chunks_exact(d_b.len()) {
        for (sum, &d) in d_b.iter_mut().zip(row) {
            *sum += d;
        }
    }
}

/// `δ_{l−1} = (δ_l · W_lᵀ) ⊙ f′_{l−1}(z_{l−1})`, for the rows of `delta`, into `delta_prev`,
/// with `f_prime` = `f′_{l−1}(z_{l−1})` from the forward pass:
///
/// ```text
/// delta: m × n_l,  W_l: n_{l−1} × n_l,  f_prime, delta_prev: m × n_{l−1}
/// ```
pub(crate) fn delta_prev<T: Float>(
    delta: MatRef<'_, T>,
    w: MatRef<'_, T>,
    f_prev: Activation,
    f_prime: &[T],
    delta_prev: &mut [T],
) {
    product_into(delta, w.t(), delta_prev);
    f_prev.backward(f_prime, delta_prev);
}

/// One step of gradient descent for parameters θ (all of a matrix, or a band of its rows),
/// elementwise, in place, with step size η and momentum μ ([`stepped`]).
pub(crate) fn step<T: Float>(
    theta: &mut [T],
    d_theta: &[T],
    velocity: Option<&mut [T]>,
    eta: T,
    mu: T,
) {
    match velocity {
        Some(v) => {
            for (theta, (&d_theta, v)) in theta.iter_mut().zip(d_theta.iter().zip(v)) {
                (*theta, *v) = stepped(*theta, d_theta, *v, eta, mu);
            }
        }
        None => {
            for (theta, &d_theta) in theta.iter_mut().zip(d_theta) {
                *theta = stepped(*theta, d_theta, T::ZERO, eta, T::ZERO).0;
            }
        }
    }
}

/// Whether [`step`] would leave every θ (and v) finite, computed without changing them.
pub(crate) fn step_is_finite<T: Float>(
    theta: &[T],
    d_theta: &[T],
    velocity: Option<&[T]>,
    eta: T,
    mu: T,
) -> bool {
    // A fold rather than `all`: no branch per element, so the loop vectorises.
    match velocity {
        Some(v) => {
            theta
                .iter()
                .zip(d_theta.iter().zip(v))
                .fold(true, |ok, (&theta, (&d_theta, &v))| {
                    let (theta, v) = stepped(theta, d_theta, v, eta, mu);
                    ok & theta.is_finite() & v.is_finite()
                })
        }
        None => theta
            .iter()
            .zip(d_theta)
            .fold(true, |ok, (&theta, &d_theta)| {
                ok & stepped(theta, d_theta, T::ZERO, eta, T::ZERO).0.is_finite()
            }),
    }
}

/// One step for one parameter θ with gradient `d_theta` and velocity `v`, returning the new
/// `(θ, v)`:
///
/// ```text
/// no momentum (μ = 0):   θ ← θ − η · ∂J/∂θ                       (v unused)
/// momentum μ:            v ← μ · v − η · ∂J/∂θ;   θ ← θ + v
/// ```
#[inline]
fn stepped<T: Float>(theta: T, d_theta: T, v: T, eta: T, mu: T) -> (T, T) {
    if mu == T::ZERO {
        (theta - d_theta * eta, v)
    } else {
        let v = mu * v - eta * d_theta;
        (theta + v, v)
    }
}
