//! The settings of a run ([`Training`]), what each epoch reports ([`Epoch`]), and what can
//! stop it ([`TrainError`]).

use core::fmt;

use crate::{Float, Loss};

/// How to train: see the [module](crate::training) for the algorithm. Fields are public; start from
/// [`Training::new`] and change what you need:
///
/// ```
/// use scratchnet::{Loss, training::Training};
/// let training = Training {
///     loss: Loss::CrossEntropy,
///     batch_size: Some(32),
///     momentum: 0.9,
///     ..Training::new(200, 0.05)
/// };
/// assert_eq!(training.decay, 0.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Training {
    /// Passes over the whole training set.
    pub epochs: usize,
    /// The step size η (at epoch 1, before any decay). Finite and > 0.
    pub learning_rate: f64,
    /// The loss to minimise.
    pub loss: Loss,
    /// Samples per gradient step; `None` for every sample at once (full batch, the post's).
    pub batch_size: Option<usize>,
    /// The momentum μ, in [0, 1): how much of the last step carries into the next.
    pub momentum: f64,
    /// Learning-rate decay ≥ 0: epoch e steps with `η / (1 + decay · (e − 1))`.
    pub decay: f64,
    /// Seeds the shuffle of the samples before each epoch's batches.
    pub seed: u64,
}

impl Training {
    /// The post's training: `epochs` epochs of full-batch gradient descent on
    /// `J = Σ ½ (y − ŷ)²` with step `learning_rate`, no momentum, no decay, seed 0.
    pub fn new(epochs: usize, learning_rate: f64) -> Training {
        Training {
            epochs,
            learning_rate,
            loss: Loss::HalfSumOfSquares,
            batch_size: None,
            momentum: 0.0,
            decay: 0.0,
            seed: 0,
        }
    }

    /// The learning rate of epoch `epoch` (counted from 1): `η / (1 + decay · (epoch − 1))`.
    ///
    /// ```
    /// use scratchnet::training::Training;
    /// let training = Training { decay: 0.5, ..Training::new(10, 0.3) };
    /// assert_eq!(training.learning_rate_at(1), 0.3);
    /// assert_eq!(training.learning_rate_at(3), 0.15);
    /// ```
    pub fn learning_rate_at(&self, epoch: usize) -> f64 {
        self.learning_rate / (1.0 + self.decay * (epoch.saturating_sub(1)) as f64)
    }

    /// Checks every setting.
    ///
    /// # Errors
    /// [`TrainError::Setting`] naming the first setting out of range.
    pub fn check(&self) -> Result<(), TrainError> {
        let bad = |name, value, expected| {
            Err(TrainError::Setting {
                name,
                value,
                expected,
            })
        };
        if !(self.learning_rate.is_finite() && self.learning_rate > 0.0) {
            return bad("learning rate", self.learning_rate, "a finite number > 0");
        }
        if !(0.0..1.0).contains(&self.momentum) {
            return bad("momentum", self.momentum, "a number in [0, 1)");
        }
        if !(self.decay.is_finite() && self.decay >= 0.0) {
            return bad("decay", self.decay, "a finite number ≥ 0");
        }
        if self.batch_size == Some(0) {
            return bad("batch size", 0.0, "at least 1");
        }
        Ok(())
    }

    /// [`check`](Training::check), and then that η and μ keep their ranges in the element
    /// type `T` the network computes in: 1e39 is a finite `f64` but ∞ as an `f32`.
    ///
    /// ```
    /// use scratchnet::training::{TrainError, Training};
    /// let training = Training::new(10, 1e39);
    /// assert!(training.check_as::<f64>().is_ok());
    /// let err = training.check_as::<f32>().unwrap_err();
    /// assert!(matches!(
    ///     err,
    ///     TrainError::Setting { name: "learning rate", expected: "a finite number > 0 in f32", .. }
    /// ));
    /// ```
    ///
    /// # Errors
    /// [`TrainError::Setting`] naming the first setting out of range.
    pub fn check_as<T: Float>(&self) -> Result<(), TrainError> {
        self.check()?;
        // The range in words, for T (the words must be `'static`, so both are written out).
        let in_t = |f32: &'static str, f64: &'static str| if T::NAME == "f32" { f32 } else { f64 };
        let bad = |name, value, expected| {
            Err(TrainError::Setting {
                name,
                value,
                expected,
            })
        };
        let eta = T::from_f64(self.learning_rate);
        if !(eta.is_finite() && eta > T::ZERO) {
            let expected = in_t("a finite number > 0 in f32", "a finite number > 0 in f64");
            return bad("learning rate", self.learning_rate, expected);
        }
        if T::from_f64(self.momentum) >= T::ONE {
            let expected = in_t("a number in [0, 1) in f32", "a number in [0, 1) in f64");
            return bad("momentum", self.momentum, expected);
        }
        Ok(())
    }
}

/// What [`Network::fit`](crate::Network::fit) reports after each epoch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Epoch<T> {
    /// Which epoch, counted from 1.
    pub epoch: usize,
    /// The cost over the training set, as the epoch's batches saw it: each batch's cost
    /// before its own update, added up (the post's sum loss) or averaged by sample count
    /// (the mean losses). With one batch, the cost before the epoch's update, as the post's
    /// `train` records it.
    pub cost: T,
    /// The fraction of training samples classified right, counted like the cost (each batch
    /// before its update), when the labels are classes: one-hot rows (the class is the
    /// largest output) or a single column of 0s and 1s (the class is `ŷ ≥ ½`). `None` for
    /// other labels.
    pub accuracy: Option<f64>,
    /// The learning rate the epoch stepped with.
    pub learning_rate: f64,
}

/// Why [`Network::fit`](crate::Network::fit) did not finish.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum TrainError {
    /// The inputs are not an `m × n_0` matrix with m ≥ 1.
    Inputs {
        /// Their shape.
        shape: (usize, usize),
        /// `n_0`, the network's inputs.
        expected_cols: usize,
    },
    /// The labels are not `m × n_L`.
    Labels {
        /// Their shape.
        shape: (usize, usize),
        /// `(m, n_L)`.
        expected: (usize, usize),
    },
    /// A setting out of range.
    Setting {
        /// Which setting, in words: `"learning rate"`.
        name: &'static str,
        /// Its value.
        value: f64,
        /// What it must be.
        expected: &'static str,
    },
    /// A loss that cannot follow the output layer's activation (cross-entropy needs
    /// softmax or sigmoid).
    LossDoesNotFit {
        /// The loss.
        loss: Loss,
        /// The output layer's activation.
        output: crate::Activation,
    },
    /// The cost became NaN or infinite, or a step would have made a weight or bias NaN or
    /// infinite: the steps are too large, or the data holds NaN or ∞. Training stopped
    /// before that batch's update, so every weight and bias is still finite.
    Diverged {
        /// The epoch, counted from 1.
        epoch: usize,
        /// The batch within the epoch, counted from 1.
        batch: usize,
        /// The batch's cost: NaN or ±∞ if the cost diverged, else the finite cost before the
        /// step that was refused.
        cost: f64,
    },
}

impl fmt::Display for TrainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            TrainError::Inputs {
                shape,
                expected_cols,
            } => write!(
                f,
                "the inputs are {}×{}, expected m×{expected_cols} with m ≥ 1 \
                 (one row per sample, one column per input neuron)",
                shape.0, shape.1
            ),
            TrainError::Labels { shape, expected } => write!(
                f,
                "the labels are {}×{}, expected {}×{} (one row per sample, one column per output neuron)",
                shape.0, shape.1, expected.0, expected.1
            ),
            TrainError::Setting {
                name,
                value,
                expected,
            } => write!(f, "the {name} is {value}, expected {expected}"),
            TrainError::LossDoesNotFit { loss, output } => write!(
                f,
                "the {} loss needs a softmax or sigmoid output layer, but the output layer is {}",
                loss.name(),
                output.name()
            ),
            TrainError::Diverged { epoch, batch, cost } if !cost.is_finite() => write!(
                f,
                "training diverged at epoch {epoch}, batch {batch}: the cost is {cost}; \
                 try a smaller learning rate"
            ),
            TrainError::Diverged { epoch, batch, cost } => write!(
                f,
                "training diverged at epoch {epoch}, batch {batch}: the step would make a \
                 weight or bias infinite or NaN (the cost was {cost}); try a smaller learning \
                 rate, or look for NaN or ∞ in the data"
            ),
        }
    }
}

impl core::error::Error for TrainError {}
