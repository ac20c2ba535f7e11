//! Training without allocation: the epochs of [`Network::train`] and [`Network::fit`],
//! computed in buffers that live as long as the training run.
//!
//! [`Network::backpropagation`] and [`Network::gradients`] are written as the post writes
//! them: every line builds a new matrix. That is the version to read. Training runs the same
//! maths through the methods here, which write into buffers made once, so that after the
//! first epoch an epoch allocates nothing; it reuses `a_l = f(z_l)` for `f′` (σ′ = a(1 − a))
//! instead of computing f again, and reads the transposes `a_{l−1}ᵀ` and `W_lᵀ` in place.
//! Every value is computed by the same operations in the same order as in the readable
//! version, so the two agree bit for bit (`tests/network.rs` checks it).
//!
//! With `std`, one batch of many samples runs its epochs on several threads instead
//! ([`parallel`](super::parallel)), with the same bits again.

use alloc::vec::Vec;

use super::Network;
use crate::data::argmax_row;
use crate::inference::add_bias;
use crate::training::{Epoch, TrainError, Training};
use crate::{Float, Loss, Matrix, NewMatrix, XorShift};

/// The buffers of backpropagation and of the update, for batches of up to `b` samples:
///
/// ```text
/// deltas[l − 1] = δ_l            b × n_l          (fewer rows for a smaller last batch)
/// d_ws[l − 1]   = ∂J/∂W_l        n_{l−1} × n_l
/// d_bs[l − 1]   = ∂J/∂b_l        1 × n_l          (only with biases)
/// v_ws, v_bs    = the velocities of momentum, shaped as d_ws, d_bs (only with momentum)
/// ```
pub(super) struct Workspace<T> {
    pub(super) deltas: Vec<Matrix<T>>,
    pub(super) d_ws: Vec<Matrix<T>>,
    pub(super) d_bs: Vec<Matrix<T>>,
    pub(super) v_ws: Vec<Matrix<T>>,
    pub(super) v_bs: Vec<Matrix<T>>,
}

impl<T: Float> Workspace<T> {
    /// Buffers for `net` and batches of `b` samples, with velocities if `momentum`.
    pub(super) fn new(net: &Network<T>, b: usize, momentum: bool) -> Workspace<T> {
        let like = |matrices: &[Matrix<T>]| -> Vec<Matrix<T>> {
            matrices
                .iter()
                .map(|m| Matrix::<T>::zeros(m.rows(), m.cols()))
                .collect()
        };
        Workspace {
            deltas: net.sizes[1..]
                .iter()
                .map(|&n| Matrix::<T>::zeros(b, n))
                .collect(),
            d_ws: like(&net.weights),
            d_bs: like(&net.biases),
            v_ws: if momentum {
                like(&net.weights)
            } else {
                Vec::new()
            },
            v_bs: if momentum {
                like(&net.biases)
            } else {
                Vec::new()
            },
        }
    }

    /// Shapes the per-sample buffers for a batch of `m ≤ b` samples, without allocating.
    pub(super) fn resize(&mut self, m: usize) {
        for delta in &mut self.deltas {
            delta.resize_rows(m);
        }
    }
}

/// Whether the labels are classes, and so what accuracy means.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Classes {
    /// Every row is one-hot (n_L ≥ 2): the predicted class is the largest output
    /// ([`data::argmax`](crate::data::argmax)'s choice).
    OneHot,
    /// One column of 0s and 1s: the predicted class is `ŷ ≥ ½`.
    Binary,
}

impl Classes {
    /// What `labels` (m × `cols`) are, if classes.
    pub(super) fn of<T: Float>(labels: &Matrix<T>) -> Option<Classes> {
        let is_bit = |y: T| y == T::ZERO || y == T::ONE;
        let cols = labels.cols();
        if cols == 1 && labels.as_slice().iter().all(|&y| is_bit(y)) {
            return Some(Classes::Binary);
        }
        let one_hot = |row: &[T]| {
            row.iter().all(|&y| is_bit(y)) && row.iter().filter(|&&y| y == T::ONE).count() == 1
        };
        let rows = labels.as_slice().chunks_exact(cols);
        (cols >= 2 && rows.into_iter().all(one_hot)).then_some(Classes::OneHot)
    }

    /// How many rows of `y_hat` predict the class of the same row of `y` (both m × `cols`).
    pub(super) fn correct<T: Float>(self, y_hat: &[T], y: &[T], cols: usize) -> usize {
        let rows = y_hat.chunks_exact(cols).zip(y.chunks_exact(cols));
        match self {
            Classes::Binary => rows
                .filter(|(y_hat, y)| (y_hat[0] >= T::from_f64(0.5)) == (y[0] == T::ONE))
                .count(),
            Classes::OneHot => rows
                .filter(|(y_hat, y)| argmax_row(y_hat) == argmax_row(y))
                .count(),
        }
    }
}

/// The rows of `x` at `indices`, in that order, into `out` (reshaped to `indices.len()` rows
/// without allocating once it has held that many).
fn gather<T: Float>(x: &Matrix<T>, indices: &[usize], out: &mut Matrix<T>) {
    out.resize_rows(indices.len());
    let cols = x.cols();
    for (row, &i) in out.as_mut_slice().chunks_exact_mut(cols).zip(indices) {
        row.copy_from_slice(x.row(i));
    }
}

/// `sums = 1ᵀ · delta`: each column of `delta` (m × n) added up from row 0 down, into the
/// 1 × n `sums` — the order, and so the bits, of the product with a row of ones.
fn column_sums<T: Float>(delta: &Matrix<T>, sums: &mut Matrix<T>) {
    let sums = sums.as_mut_slice();
    sums.fill(T::ZERO);
    add_rows(delta.as_slice(), sums);
}

/// `sums = sums + Σᵢ rowᵢ`: the rows of `delta` (whole rows of `sums.len()` columns) added to
/// `sums` from the first down, continuing the sums of [`column_sums`] over more rows.
pub(super) fn add_rows<T: Float>(delta: &[T], sums: &mut [T]) {
    for row in delta.chunks_exact(sums.len()) {
        for (sum, &d) in sums.iter_mut().zip(row) {
            *sum += d;
        }
    }
}

impl<T: Float> Network<T> {
    /// The training loop of [`Network::train`] and [`Network::fit`] (see
    /// [`training`](crate::training) for the algorithm), reporting each epoch to `on_epoch`;
    /// accuracy only if `accuracy` and the labels are classes. The shapes have been checked.
    pub(super) fn run(
        &mut self,
        inputs: &Matrix<T>,
        labels: &Matrix<T>,
        training: &Training,
        accuracy: bool,
        mut on_epoch: impl FnMut(Epoch<T>),
    ) -> Result<(), TrainError> {
        training.check()?;
        let depth = self.weights.len();
        let output = self.layer_activations[depth - 1];
        if !training.loss.fits(output) {
            return Err(TrainError::LossDoesNotFit {
                loss: training.loss,
                output,
            });
        }
        let classes = if accuracy { Classes::of(labels) } else { None };
        let m = inputs.rows();
        let b = training.batch_size.map_or(m, |b| b.min(m));
        let one_batch = b == m;
        let mut workspace = Workspace::new(self, b, training.momentum > 0.0);
        #[cfg(feature = "std")]
        if one_batch {
            let threads = super::parallel::threads_for(self, m);
            if threads > 1 {
                return self.run_on_threads(
                    inputs,
                    labels,
                    training,
                    classes,
                    &mut workspace,
                    threads,
                    &mut on_epoch,
                );
            }
        }
        let mut order: Vec<usize> = (0..m).collect();
        let mut rng = XorShift::new(training.seed);
        let mut x_batch = Matrix::<T>::zeros(if one_batch { 0 } else { b }, inputs.cols());
        let mut y_batch = Matrix::<T>::zeros(if one_batch { 0 } else { b }, labels.cols());
        let mean_loss = training.loss.is_mean();

        for epoch in 1..=training.epochs {
            let learning_rate = training.learning_rate_at(epoch);
            if !one_batch {
                rng.shuffle(&mut order);
            }
            let (mut cost, mut correct) = (T::ZERO, 0);
            for (batch, indices) in (1..).zip(order.chunks(b)) {
                let (x, y) = if one_batch {
                    (inputs, labels)
                } else {
                    gather(inputs, indices, &mut x_batch);
                    gather(labels, indices, &mut y_batch);
                    (&x_batch, &y_batch)
                };
                self.forward_in_place(x);
                let batch_cost = training.loss.cost(
                    output,
                    self.zs[depth - 1].as_slice(),
                    self.activations[depth - 1].as_slice(),
                    y.as_slice(),
                    y.cols(),
                );
                if !batch_cost.is_finite() {
                    let cost = batch_cost.to_f64();
                    return Err(TrainError::Diverged { epoch, batch, cost });
                }
                if let Some(classes) = classes {
                    let y_hat = self.activations[depth - 1].as_slice();
                    correct += classes.correct(y_hat, y.as_slice(), y.cols());
                }
                // (One batch of every sample: 0 + J, or 0 + J · m/m, the batch's J exactly.)
                cost += if mean_loss {
                    batch_cost * T::from_f64(indices.len() as f64 / m as f64)
                } else {
                    batch_cost
                };
                workspace.resize(x.rows());
                self.backpropagate_into(x, y, training.loss, &mut workspace);
                self.descend(&mut workspace, learning_rate, training.momentum);
            }
            on_epoch(Epoch {
                epoch,
                cost,
                accuracy: classes.map(|_| correct as f64 / m as f64),
                learning_rate,
            });
        }
        Ok(())
    }

    /// The forward pass into the stored `zs` and `activations`, which are reshaped (and only
    /// the first time, or when `m` grows, allocated):
    ///
    /// ```text
    /// z_l = a_{l−1} · W_l (+ b_l),   a_l = f_l(z_l)          m × n_l, a_0 = inputs
    /// ```
    pub(super) fn forward_in_place(&mut self, inputs: &Matrix<T>) {
        self.shape_forward(inputs.rows());
        for l in 0..self.weights.len() {
            let (done, rest) = self.activations.split_at_mut(l);
            let a_prev = if l == 0 { inputs } else { &done[l - 1] };
            let z = &mut self.zs[l];
            a_prev.dot_into(&self.weights[l], z);
            if let Some(b) = self.biases.get(l) {
                add_bias(z.as_mut_slice(), b.as_slice());
            }
            let n = self.sizes[l + 1];
            self.layer_activations[l].forward(z.as_slice(), rest[0].as_mut_slice(), n);
        }
    }

    /// Shapes the stored `zs` and `activations` for `m` samples (m × n_l each): allocated the
    /// first time, or when `m` grows, and only reshaped after that.
    pub(super) fn shape_forward(&mut self, m: usize) {
        let depth = self.weights.len();
        if self.zs.len() != depth {
            self.zs = self.sizes[1..]
                .iter()
                .map(|&n| Matrix::<T>::zeros(m, n))
                .collect();
            self.activations = self.zs.clone();
        }
        for (z, a) in self.zs.iter_mut().zip(&mut self.activations) {
            z.resize_rows(m);
            a.resize_rows(m);
        }
    }

    /// Backpropagation into `workspace`, from the stored forward pass of `inputs`:
    ///
    /// ```text
    /// δ_L       = ∂J/∂z_L                              (Loss::delta)
    /// ∂J/∂W_l   = a_{l−1}ᵀ · δ_l
    /// ∂J/∂b_l   = 1ᵀ · δ_l
    /// δ_{l−1}   = (δ_l · W_lᵀ) ⊙ f′_{l−1}, from a_{l−1}   (Activation::backward)
    /// ```
    fn backpropagate_into(
        &self,
        inputs: &Matrix<T>,
        labels: &Matrix<T>,
        loss: Loss,
        workspace: &mut Workspace<T>,
    ) {
        let depth = self.weights.len();
        let Workspace {
            deltas, d_ws, d_bs, ..
        } = workspace;
        let n_last = self.sizes[depth];
        loss.delta(
            self.layer_activations[depth - 1],
            self.activations[depth - 1].as_slice(),
            labels.as_slice(),
            deltas[depth - 1].as_mut_slice(),
            n_last,
        );
        for l in (0..depth).rev() {
            let a_prev = if l == 0 {
                inputs
            } else {
                &self.activations[l - 1]
            };
            a_prev.transpose_dot_into(&deltas[l], &mut d_ws[l]);
            if let Some(d_b) = d_bs.get_mut(l) {
                column_sums(&deltas[l], d_b);
            }
            if l > 0 {
                let (before, after) = deltas.split_at_mut(l);
                let delta_prev = &mut before[l - 1];
                after[0].dot_transpose_into(&self.weights[l], delta_prev);
                let a = self.activations[l - 1].as_slice();
                let n = self.sizes[l];
                self.layer_activations[l - 1].backward(a, delta_prev.as_mut_slice(), n);
            }
        }
    }

    /// One step with the gradients in `workspace`, in place, for every weight and bias θ:
    ///
    /// ```text
    /// μ = 0:   θ ← θ − η · ∂J/∂θ
    /// μ > 0:   v ← μ · v − η · ∂J/∂θ;   θ ← θ + v
    /// ```
    fn descend(&mut self, workspace: &mut Workspace<T>, learning_rate: f64, momentum: f64) {
        let parameters = self.weights.iter_mut().chain(&mut self.biases);
        let gradients = workspace.d_ws.iter().chain(&workspace.d_bs);
        let mut velocities = workspace.v_ws.iter_mut().chain(&mut workspace.v_bs);
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

/// One step of gradient descent for parameters θ, elementwise, in place:
///
/// ```text
/// μ = 0:   θ ← θ − η · ∂J/∂θ
/// μ > 0:   v ← μ · v − η · ∂J/∂θ;   θ ← θ + v          (v: the velocity, as long as θ)
/// ```
///
/// `velocity` is `None` when μ = 0 (training without momentum keeps none).
pub(super) fn step<T: Float>(
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
