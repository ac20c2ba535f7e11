//! The post's data set and settings, in one place for the example, the benches and the tests.
//!
//! ```text
//! input_data = [[0,0,1], [1,1,1], [1,0,1], [0,1,1]]      X, 4 × 3
//! labels     = [[0,1,1,0]].T                             y, 4 × 1
//! net = NeuralNetwork(3, 4, 5, 1)
//! net.train(input_data, labels, 5000, 0.1)
//! ```
//!
//! The label of each sample equals its first input, so this data set is *not* XOR, although
//! it looks like it: a single neuron could learn it. The constant third column acts as a bias
//! input. `examples/xor.rs` trains on real XOR.

use crate::Matrix;

/// The layer sizes of the post's network: 3 inputs, hidden layers of 4 and 5, 1 output.
pub const SIZES: [usize; 4] = [3, 4, 5, 1];

/// The number of epochs the post trains for.
pub const EPOCHS: usize = 5000;

/// The post's learning rate η.
pub const LEARNING_RATE: f64 = 0.1;

/// The seed of our [`XorShift`](crate::XorShift) for the post's starting weights.
///
/// The post never seeds numpy, so its run cannot be repeated; this seed gives a run of the
/// same character (the cost falls from about 0.73 to below 0.01 in 5000 epochs).
pub const SEED: u64 = 1;

/// The post's `input_data`, one sample per row (4 × 3).
pub fn inputs() -> Matrix {
    Matrix::from_rows(&[[0., 0., 1.], [1., 1., 1.], [1., 0., 1.], [0., 1., 1.]])
}

/// The post's `labels`, one row per sample (4 × 1).
pub fn labels() -> Matrix {
    Matrix::from_rows(&[[0.], [1.], [1.], [0.]])
}
