//! The forward and the backward pass, each equation of the post written once: what
//! `forward_propagation`, `backpropagation`, `gradients`, `train`, `fit` and the threaded
//! epochs all run. The [derivation](crate::derivation) says where each line comes from.
//!
//! ```text
//! forward, l = 1 … L:    z_l = a_{l−1} · W_l + b_l           m × n_l     (a_0 = X)
//!                        a_l = f_l(z_l)                      m × n_l     (ŷ = a_L)
//! cost:                  J = Σ ½ (y − ŷ)²                                 (Loss::cost)
//! backward:              δ_L = −(y − ŷ) ⊙ f′_L(z_L)          m × n_L     (Loss::delta)
//!   l = L … 1:           ∂J/∂W_l = a_{l−1}ᵀ · δ_l            n_{l−1} × n_l
//!                        ∂J/∂b_l = 1ᵀ · δ_l                  1 × n_l
//!                        δ_{l−1} = (δ_l · W_lᵀ) ⊙ f′_{l−1}(z_{l−1})   m × n_{l−1}   (l > 1)
//! update, every θ:       θ ← θ − η · ∂J/∂θ                   (with momentum μ: v ← μv − η∂J/∂θ, θ ← θ + v)
//! ```
//!
//! The post's names: its `z2, a2, z3, a3, z4, prediction` are `z_1, a_1, z_2, a_2, z_3, a_3`;
//! its `delta4, delta3, delta2` are `δ_3, δ_2, δ_1`; its `dJdW1 … dJdW3` are `∂J/∂W_1 … ∂J/∂W_3`.
//!
//! Each step works on rows: all the samples, or a band of them, which is how
//! [`training`](crate::training) shares an epoch among threads, calling these same
//! functions. Every buffer is made once, before the first epoch ([`Backward::new`]); after
//! that nothing allocates.

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
    /// The forward pass of `x` (m × n_0), into the stored `zs` and `activations`:
    ///
    /// ```text
    /// for l = 1 … L:   z_l = a_{l−1} · W_l + b_l,   a_l = f_l(z_l)        (a_0 = x)
    /// ```
    pub(crate) fn forward(&mut self, x: &Matrix<T>) {
        self.shape_forward(x.rows());
        for l in 1..=self.weights.len() {
            let (before, from_l) = self.activations.split_at_mut(l - 1);
            let a_prev = if l == 1 { x } else { &before[l - 2] };
            let (w, b, f) = (
                &self.weights[l - 1],
                self.biases.get(l - 1),
                self.layer_activations[l - 1],
            );
            forward_layer(
                a_prev.view(),
                w,
                b,
                f,
                self.zs[l - 1].as_mut_slice(),
                from_l[0].as_mut_slice(),
            );
        }
    }

    /// Shapes the stored `zs` and `activations` for `m` samples (m × n_l each): allocated the
    /// first time, or when `m` grows, and only reshaped after that.
    pub(crate) fn shape_forward(&mut self, m: usize) {
        if self.zs.len() != self.weights.len() {
            self.zs = self.sizes[1..]
                .iter()
                .map(|&n| Matrix::zeros(m, n))
                .collect();
            self.activations = self.zs.clone();
        }
        for (z, a) in self.zs.iter_mut().zip(&mut self.activations) {
            z.resize_rows(m);
            a.resize_rows(m);
        }
    }

    /// The backward pass from the stored forward pass of `x`, for labels `y` and the
    /// prediction `y_hat` (the stored `a_L`, or the post's `predictions` argument), into
    /// `backward` (shaped for `x`'s m samples):
    ///
    /// ```text
    /// δ_L = ∂J/∂z_L                                     (Loss::delta)
    /// for l = L … 1:
    ///     ∂J/∂W_l = a_{l−1}ᵀ · δ_l,   ∂J/∂b_l = 1ᵀ · δ_l
    ///     δ_{l−1} = (δ_l · W_lᵀ) ⊙ f′_{l−1}(z_{l−1})   (l > 1)
    /// ```
    pub(crate) fn backward(
        &self,
        x: &Matrix<T>,
        y: &Matrix<T>,
        y_hat: &Matrix<T>,
        loss: Loss,
        backward: &mut Backward<T>,
    ) {
        let depth = self.weights.len();
        let Backward {
            deltas, gradients, ..
        } = backward;
        let (z_last, f_last) = (&self.zs[depth - 1], self.layer_activations[depth - 1]);
        loss.delta(
            f_last,
            z_last.as_slice(),
            y_hat.as_slice(),
            y.as_slice(),
            deltas[depth - 1].as_mut_slice(),
            y.cols(),
        );
        for l in (1..=depth).rev() {
            let a_prev = if l == 1 { x } else { &self.activations[l - 2] };
            let delta = deltas[l - 1].view();
            d_w(
                a_prev.view(),
                delta,
                gradients.d_w[l - 1].as_mut_slice(),
                false,
            );
            if let Some(d_bs) = &mut gradients.d_b {
                d_b(delta.data(), d_bs[l - 1].as_mut_slice(), false);
            }
            if l > 1 {
                let (before, from_l) = deltas.split_at_mut(l - 1);
                let (w, f_prev, z_prev) = (
                    &self.weights[l - 1],
                    self.layer_activations[l - 2],
                    &self.zs[l - 2],
                );
                delta_prev(
                    from_l[0].view(),
                    w,
                    f_prev,
                    z_prev.as_slice(),
                    before[l - 2].as_mut_slice(),
                );
            }
        }
    }

    /// One step of gradient descent with the gradients in `backward`, for every weight and
    /// bias θ ([`step`]).
    pub(crate) fn update(&mut self, backward: &mut Backward<T>, learning_rate: f64, momentum: f64) {
        let Backward {
            gradients,
            velocity,
            ..
        } = backward;
        let d_b = gradients.d_b.iter().flatten();
        let parameters = self.weights.iter_mut().chain(&mut self.biases);
        let gradients = gradients.d_w.iter().chain(d_b);
        let mut velocities = velocity
            .iter_mut()
            .flat_map(|v| v.d_w.iter_mut().chain(v.d_b.iter_mut().flatten()));
        for (theta, d_theta) in parameters.zip(gradients) {
            let v = velocities.next().map(Matrix::as_mut_slice);
            step(
                theta.as_mut_slice(),
                d_theta.as_slice(),
                v,
                learning_rate,
                momentum,
            );
        }
    }
}

/// The forward pass of layer l for the rows of `a_prev` (all the samples, or a band):
///
/// ```text
/// z_l = a_{l−1} · W_l + b_l          a_{l−1}: m × n_{l−1},  W_l: n_{l−1} × n_l,  z_l: m × n_l
/// a_l = f_l(z_l)                     a_l: m × n_l
/// ```
pub(crate) fn forward_layer<T: Float>(
    a_prev: MatRef<'_, T>,
    w: &Matrix<T>,
    b: Option<&Matrix<T>>,
    f: Activation,
    z: &mut [T],
    a: &mut [T],
) {
    linear(a_prev, w.view(), b.map(Matrix::as_slice), z);
    f.forward(z, a, w.cols());
}

/// `z = a_prev · W + b`, the part of a layer before its activation, into `z` (the bias row,
/// if any, added to every row):
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

/// `∂J/∂W_l = a_{l−1}ᵀ · δ_l` into `d_w`, or with `accumulate` added to the sum `d_w` holds,
/// term after term (the sums of a band of samples continuing those of the bands before):
///
/// ```text
/// a_prev: m × n_{l−1},  delta: m × n_l,  d_w: n_{l−1} × n_l
/// (∂J/∂W)ᵢⱼ = Σₛ a_prevₛᵢ · δₛⱼ        summed over the samples s: the transpose
/// ```
pub(crate) fn d_w<T: Float>(
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
pub(crate) fn d_b<T: Float>(delta: &[T], d_b: &mut [T], accumulate: bool) {
    if !accumulate {
        d_b.fill(T::ZERO);
    }
    for row in delta.chunks_exact(d_b.len()) {
        for (sum, &d) in d_b.iter_mut().zip(row) {
            *sum += d;
        }
    }
}

/// `δ_{l−1} = (δ_l · W_lᵀ) ⊙ f′_{l−1}(z_{l−1})`, for the rows of `delta`, into `delta_prev`:
///
/// ```text
/// delta: m × n_l,  W_l: n_{l−1} × n_l,  z_prev, delta_prev: m × n_{l−1}
/// ```
pub(crate) fn delta_prev<T: Float>(
    delta: MatRef<'_, T>,
    w: &Matrix<T>,
    f_prev: Activation,
    z_prev: &[T],
    delta_prev: &mut [T],
) {
    product_into(delta, w.view().t(), delta_prev);
    f_prev.backward(z_prev, delta_prev);
}

/// One step of gradient descent for parameters θ (all of a matrix, or a band of its rows),
/// elementwise, in place:
///
/// ```text
/// μ = 0:   θ ← θ − η · ∂J/∂θ
/// μ > 0:   v ← μ · v − η · ∂J/∂θ;   θ ← θ + v          (v: the velocity, as long as θ)
/// ```
pub(crate) fn step<T: Float>(
    theta: &mut [T],
    d_theta: &[T],
    velocity: Option<&mut [T]>,
    learning_rate: f64,
    momentum: f64,
) {
    let eta = T::from_f64(learning_rate);
    match velocity {
        Some(v) if momentum != 0.0 => {
            let mu = T::from_f64(momentum);
            for (theta, (&d_theta, v)) in theta.iter_mut().zip(d_theta.iter().zip(v)) {
                *v = mu * *v - eta * d_theta;
                *theta += *v;
            }
        }
        _ => {
            for (theta, &d_theta) in theta.iter_mut().zip(d_theta) {
                *theta -= d_theta * eta;
            }
        }
    }
}
