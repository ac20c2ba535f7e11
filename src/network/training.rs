//! Training without allocation: the post's epoch, computed in buffers that live as long as
//! the training run.
//!
//! [`Network::backpropagation`] is written as the post writes it: every line builds a new
//! matrix. That is the version to read. [`Network::train`] runs the same maths through the
//! methods here, which write into buffers made once, so that after the first epoch an epoch
//! allocates nothing; it reuses `a_l = σ(z_l)` for `σ′(z_l) = a_l(1 − a_l)` instead of
//! computing σ again, and reads the transposes `a_{l−1}ᵀ` and `W_lᵀ` in place. Every value is
//! computed by the same operations in the same order as in the readable version, so the two
//! agree bit for bit (`tests/network.rs` checks it).

use alloc::vec::Vec;

use super::Network;
use crate::gemm::sigmoid_into;
use crate::{Float, Matrix, NewMatrix};

/// The per-epoch buffers of backpropagation, for `m` samples:
///
/// ```text
/// deltas[l − 1] = δ_l          m × n_l
/// d_ws[l − 1]   = ∂J/∂W_l      n_{l−1} × n_l
/// ```
pub(super) struct Workspace<T> {
    deltas: Vec<Matrix<T>>,
    d_ws: Vec<Matrix<T>>,
}

impl<T: Float> Workspace<T> {
    /// Buffers for a network of layer sizes `sizes` and `m` samples.
    pub(super) fn new(sizes: &[usize], m: usize) -> Workspace<T> {
        Workspace {
            deltas: sizes[1..]
                .iter()
                .map(|&n| Matrix::<T>::zeros(m, n))
                .collect(),
            d_ws: sizes
                .windows(2)
                .map(|pair| Matrix::<T>::zeros(pair[0], pair[1]))
                .collect(),
        }
    }
}

impl<T: Float> Network<T> {
    /// The forward pass into the stored `zs` and `activations`, which are reshaped (and only
    /// the first time, or when `m` changes, allocated):
    ///
    /// ```text
    /// z_l = a_{l−1} · W_l,   a_l = σ(z_l)          m × n_l, a_0 = inputs
    /// ```
    pub(super) fn forward_in_place(&mut self, inputs: &Matrix<T>) {
        let m = inputs.rows();
        let depth = self.weights.len();
        let shaped = self.zs.len() == depth && self.zs[0].rows() == m;
        if !shaped {
            self.zs = self.sizes[1..]
                .iter()
                .map(|&n| Matrix::<T>::zeros(m, n))
                .collect();
            self.activations = self.zs.clone();
        }
        for l in 0..depth {
            let (done, rest) = self.activations.split_at_mut(l);
            let a_prev = if l == 0 { inputs } else { &done[l - 1] };
            a_prev.dot_into(&self.weights[l], &mut self.zs[l]);
            sigmoid_into(self.zs[l].as_slice(), rest[0].as_mut_slice());
        }
    }

    /// Backpropagation into `workspace`, from the stored forward pass of `inputs`:
    ///
    /// ```text
    /// δ_L       = −(y − ŷ) ⊙ a_L(1 − a_L)
    /// ∂J/∂W_l   = a_{l−1}ᵀ · δ_l
    /// δ_{l−1}   = (δ_l · W_lᵀ) ⊙ a_{l−1}(1 − a_{l−1})
    /// ```
    pub(super) fn backpropagate_into(
        &self,
        inputs: &Matrix<T>,
        labels: &Matrix<T>,
        workspace: &mut Workspace<T>,
    ) {
        let depth = self.weights.len();
        let Workspace { deltas, d_ws } = workspace;
        let y_hat = &self.activations[depth - 1];
        let delta_out = deltas[depth - 1].as_mut_slice();
        let outputs = labels.as_slice().iter().zip(y_hat.as_slice());
        for (delta, (&y, &a)) in delta_out.iter_mut().zip(outputs) {
            *delta = -(y - a) * (a * (T::ONE - a));
        }
        for l in (0..depth).rev() {
            let a_prev = if l == 0 {
                inputs
            } else {
                &self.activations[l - 1]
            };
            a_prev.transpose_dot_into(&deltas[l], &mut d_ws[l]);
            if l > 0 {
                let (before, after) = deltas.split_at_mut(l);
                let delta_prev = &mut before[l - 1];
                after[0].dot_transpose_into(&self.weights[l], delta_prev);
                let a = self.activations[l - 1].as_slice();
                for (delta, &a) in delta_prev.as_mut_slice().iter_mut().zip(a) {
                    *delta *= a * (T::ONE - a);
                }
            }
        }
    }

    /// One step of gradient descent with the gradients in `workspace`, in place:
    /// `W_l ← W_l − η · ∂J/∂W_l` for every l.
    pub(super) fn descend(&mut self, workspace: &Workspace<T>, learning_rate: T) {
        for (w, d_w) in self.weights.iter_mut().zip(&workspace.d_ws) {
            for (w, &d_w) in w.as_mut_slice().iter_mut().zip(d_w.as_slice()) {
                *w -= d_w * learning_rate;
            }
        }
    }
}
