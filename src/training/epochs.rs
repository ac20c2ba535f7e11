//! The epoch loop: [`Network::train`] (the post's) and [`Network::fit`] (any
//! [`Training`]), on the calling thread, or with `std` and one batch of many samples on
//! several ([`parallel`](super::parallel)).
//!
//! Each epoch runs the lines of `network/pass.rs` — forward, cost, backward, update — in
//! buffers made before the first epoch and reused (a smaller last batch included), so that
//! after the first epoch an epoch allocates nothing on one thread. On several threads a
//! thread's packing buffer can still grow the first time it takes a larger piece of work.
//! Mini-batches run on the calling thread, and a product large enough for several threads
//! (see [`gemm`](crate::gemm)) starts them, which allocates. Without `std` the packed
//! product takes a fresh packing buffer for each product it packs.

use alloc::vec::Vec;

use super::accuracy::LabelKind;
use super::{Epoch, TrainError, Training};
use crate::network::pass::Backward;
use crate::{Float, Matrix, Network, XorShift};

impl<T: Float> Network<T> {
    /// Full-batch gradient descent, as the post's `train`: returns the cost of every epoch.
    ///
    /// ```text
    /// for each epoch:
    ///     ŷ = forward_propagation(X)
    ///     J = compute_cost(ŷ, y)            recorded: the cost *before* this epoch's update
    ///     ∂J/∂W_1 … ∂J/∂W_L = backpropagation(X, y, ŷ)
    ///     W_l ← W_l − η · ∂J/∂W_l           η = learning_rate, for every l (and b_l)
    /// ```
    ///
    /// This is [`fit`](Network::fit) with [`Training::new`]`(epochs, learning_rate)`. If the
    /// cost becomes NaN or infinite, or a step would make a weight NaN or infinite, training
    /// stops: that epoch's cost is the last one returned, and the weights are those that gave
    /// it, all finite (`fit` returns an error instead).
    ///
    /// Every step is a line of `network/pass.rs`, run in buffers made before the first
    /// epoch; how the epochs are run (and, for many samples, shared among threads, with the
    /// same bits) is in the [`training`](crate::training) module's docs.
    ///
    /// ```
    /// use scratchnet::{post, Network, XorShift};
    /// let mut net = Network::new(&post::SIZES, &mut XorShift::new(post::SEED));
    /// let costs = net.train(&post::inputs(), &post::labels(), 2000, post::LEARNING_RATE);
    /// assert_eq!(costs.len(), 2000);
    /// assert!(costs[1999] < costs[0] / 10.0);
    /// ```
    ///
    /// # Panics
    /// If `inputs` has no rows or has not `n_0` columns, or `labels` is not `m × n_L`,
    /// naming the expected shape, or if `learning_rate` is not finite and > 0.
    pub fn train(
        &mut self,
        inputs: &Matrix<T>,
        labels: &Matrix<T>,
        epochs: usize,
        learning_rate: T,
    ) -> Vec<T> {
        self.check_inputs("train", inputs);
        self.check_labels("train", "labels", inputs, labels);
        let training = Training::new(epochs, learning_rate.to_f64());
        let mut costs = Vec::with_capacity(epochs);
        let result = run(self, inputs, labels, &training, false, |epoch| {
            costs.push(epoch.cost);
        });
        match result {
            Ok(()) => {}
            Err(TrainError::Diverged { cost, .. }) => costs.push(T::from_f64(cost)),
            Err(error) => panic!("train: {error}"),
        }
        costs
    }

    /// Trains with the settings of `training` — loss, mini-batches, momentum, decay (see
    /// [`training`](crate::training)) — calling `on_epoch` after every epoch, and returns
    /// every epoch's report.
    ///
    /// As in [`train`](Network::train), the buffers are made before the first epoch and
    /// reused (a smaller last batch included), so the epochs after it allocate nothing, up to
    /// epoch 2¹⁶; beyond that the list of reports grows now and then.
    ///
    /// ```
    /// use scratchnet::{Activation, Layers, Loss, Matrix, Network, XorShift};
    /// use scratchnet::training::Training;
    ///
    /// // XOR, with biases, tanh and a softmax over two classes.
    /// let x = Matrix::from_rows(&[[0., 0.], [0., 1.], [1., 0.], [1., 1.]]);
    /// let y = Matrix::from_rows(&[[1., 0.], [0., 1.], [0., 1.], [1., 0.]]);
    /// let layers = Layers::new(&[2, 8, 2])
    ///     .hidden(Activation::Tanh)
    ///     .output(Activation::Softmax)
    ///     .biases(true);
    /// let mut net = Network::build(&layers, &mut XorShift::new(1)).unwrap();
    /// let training = Training {
    ///     loss: Loss::CrossEntropy,
    ///     batch_size: Some(2),
    ///     momentum: 0.9,
    ///     ..Training::new(300, 0.1)
    /// };
    /// let history = net.fit(&x, &y, &training, |_| {}).unwrap();
    /// assert_eq!(history.last().unwrap().accuracy, Some(1.0));
    /// ```
    ///
    /// # Errors
    /// [`TrainError::Inputs`] or [`TrainError::Labels`] for data of the wrong shape,
    /// [`TrainError::Setting`] or [`TrainError::LossDoesNotFit`] for settings that cannot
    /// work, and [`TrainError::Diverged`] when the cost becomes NaN or infinite or a step
    /// would make a weight or bias NaN or infinite — training stops before that batch's
    /// update, so every weight and bias stays finite, whatever the result.
    pub fn fit(
        &mut self,
        inputs: &Matrix<T>,
        labels: &Matrix<T>,
        training: &Training,
        mut on_epoch: impl FnMut(&Epoch<T>),
    ) -> Result<Vec<Epoch<T>>, TrainError> {
        let expected_cols = self.sizes[0];
        if inputs.rows() == 0 || inputs.cols() != expected_cols {
            return Err(TrainError::Inputs {
                shape: inputs.shape(),
                expected_cols,
            });
        }
        let expected = (inputs.rows(), self.sizes[self.sizes.len() - 1]);
        if labels.shape() != expected {
            return Err(TrainError::Labels {
                shape: labels.shape(),
                expected,
            });
        }
        // Room for the reports of up to 2¹⁶ epochs up front (so that those epochs allocate
        // nothing); a longer run grows the list, and a count from outside such as 10¹² asks
        // for no more memory than the epochs that actually run.
        let mut history = Vec::with_capacity(training.epochs.min(1 << 16));
        run(self, inputs, labels, training, true, |epoch| {
            on_epoch(&epoch);
            history.push(epoch);
        })?;
        Ok(history)
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

/// The training loop of [`Network::train`] and [`Network::fit`] (see the
/// [module](crate::training) for the algorithm), reporting each epoch to `on_epoch`;
/// accuracy only if `accuracy` and the labels are classes. The shapes have been checked.
///
/// ```text
/// for epoch e = 1 … epochs:
///     for each batch (x, y):
///         forward(x);   J += cost(ŷ, y);   backward(x, y, ŷ);   update(η_e, μ)
/// ```
fn run<T: Float>(
    net: &mut Network<T>,
    inputs: &Matrix<T>,
    labels: &Matrix<T>,
    training: &Training,
    accuracy: bool,
    mut on_epoch: impl FnMut(Epoch<T>),
) -> Result<(), TrainError> {
    training.check_as::<T>()?;
    let depth = net.weights.len();
    let output = net.layer_activations[depth - 1];
    if !training.loss.fits(output) {
        return Err(TrainError::LossDoesNotFit {
            loss: training.loss,
            output,
        });
    }
    let kind = if accuracy {
        LabelKind::of(labels)
    } else {
        None
    };
    let m = inputs.rows();
    let b = training.batch_size.map_or(m, |b| b.min(m));
    let one_batch = b == m;
    let mut backward = Backward::new(net, b, training.momentum > 0.0);
    #[cfg(feature = "std")]
    if one_batch {
        let threads = super::parallel::threads_for(net, m);
        if threads > 1 {
            return super::parallel::run_on_threads(
                net,
                inputs,
                labels,
                training,
                kind,
                &mut backward,
                threads,
                &mut on_epoch,
            );
        }
    }
    let mut order: Vec<usize> = (0..m).collect();
    let mut rng = XorShift::new(training.seed);
    let mut x_batch = Matrix::zeros(if one_batch { 0 } else { b }, inputs.cols());
    let mut y_batch = Matrix::zeros(if one_batch { 0 } else { b }, labels.cols());

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
            net.forward(x);
            let (z_last, y_hat) = (&net.zs[depth - 1], &net.activations[depth - 1]);
            let loss = training.loss;
            let batch_cost = loss.cost(
                output,
                z_last.as_slice(),
                y_hat.as_slice(),
                y.as_slice(),
                y.cols(),
            );
            // The cost diverged, or (below) a step would make a parameter non-finite.
            let diverged = TrainError::Diverged {
                epoch,
                batch,
                cost: batch_cost.to_f64(),
            };
            if !batch_cost.is_finite() {
                return Err(diverged);
            }
            if let Some(kind) = kind {
                correct += kind.correct(y_hat.as_slice(), y.as_slice(), y.cols());
            }
            // The epoch's cost: the sum of the batches' sums, or their sample-weighted mean
            // (one batch of every sample: 0 + J, or 0 + J · m/m, the batch's J exactly).
            cost += if loss.is_mean() {
                batch_cost * T::from_f64(indices.len() as f64 / m as f64)
            } else {
                batch_cost
            };
            backward.resize(x.rows());
            net.backward(x, y, y_hat, loss, &mut backward);
            if !net.update(&mut backward, learning_rate, training.momentum) {
                return Err(diverged);
            }
        }
        on_epoch(Epoch {
            epoch,
            cost,
            accuracy: kind.map(|_| correct as f64 / m as f64),
            learning_rate,
        });
    }
    Ok(())
}
