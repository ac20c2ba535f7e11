//! # scratchnet — neural networks from scratch, in Rust, with nothing else
//!
//! This crate is the blog post "Neural Networks from Scratch" (a 3-4-5-1 sigmoid network in
//! numpy) rewritten in Rust with **zero dependencies**: the matrix type, the random numbers,
//! even `exp` are written here, small and tested, so that every line a network runs can be
//! read. It is `#![no_std]` (it needs only `alloc`), so the same code runs on a chip without
//! an operating system.
//!
//! ```
//! use scratchnet::{post, Network, XorShift};
//!
//! let input_data = post::inputs(); // [[0,0,1], [1,1,1], [1,0,1], [0,1,1]]
//! let labels = post::labels(); //     [[0], [1], [1], [0]]
//! let mut net = Network::new(&[3, 4, 5, 1], &mut XorShift::new(post::SEED));
//! let costs = net.train(&input_data, &labels, 5000, 0.1);
//! assert!(costs[4999] < 0.01);
//! println!("{}", net.forward_propagation(&input_data)); // [[ 0.0285237 ] …
//! ```
//!
//! ## The post, line by line
//!
//! The maths here counts the input as layer 0 and the output as layer L: the 3-4-5-1
//! network has layers 0 … 3, `W_l` joins layer l − 1 to layer l, and `z_l`, `a_l`, `δ_l`
//! belong to layer l. The post counts its input as layer 1, so its `w1` is our `W_1` but its
//! `z2` is our `z_1`. In code, `net.w(l)`, `net.z(l)` and `net.a(l)` are `W_l`, `z_l` and
//! `a_l` (l = 1 … L), and the vectors behind them (`net.weights()`, …) hold layer l at index
//! `l − 1`. For the post's network (`m` = 4 samples):
//!
//! | the post | the maths | here | shape |
//! |---|---|---|---|
//! | `NeuralNetwork(3, 4, 5, 1)`, `np.random.randn` | | [`Network::new`]`(&[3, 4, 5, 1], &mut rng)`, [`Matrix::randn`] | |
//! | `self.w1`, `self.w2`, `self.w3` | `W_1`, `W_2`, `W_3` | [`net.w(1)`](Network::w), `w(2)`, `w(3)` | 3×4, 4×5, 5×1 |
//! | `__sigmoid`, `__sigmoid_prime` | σ, σ′ | [`activation::sigmoid`], [`activation::sigmoid_prime`] | |
//! | `forward_propagation(inputs)` | | [`Network::forward_propagation`] | |
//! | `self.z2`, `self.z3`, `self.z4` | `z_1`, `z_2`, `z_3` | [`net.z(1)`](Network::z), `z(2)`, `z(3)` | 4×4, 4×5, 4×1 |
//! | `self.a2`, `self.a3`, `prediction` | `a_1`, `a_2`, `a_3 = ŷ` | [`net.a(1)`](Network::a), `a(2)`, `a(3)` | 4×4, 4×5, 4×1 |
//! | `__compute_cost(prediction, actual)` | `J` | [`Network::compute_cost`] | scalar |
//! | `backpropagation(inputs, labels, predictions)` | | [`Network::backpropagation`] | |
//! | `delta4`, `delta3`, `delta2` | `δ_3`, `δ_2`, `δ_1` | `delta` of `network/pass.rs`, for l = 3, 2, 1 | 4×1, 4×5, 4×4 |
//! | `dJdW1`, `dJdW2`, `dJdW3` | `∂J/∂W_1`, `∂J/∂W_2`, `∂J/∂W_3` | `backpropagation(…)[0]`, `[1]`, `[2]` | 3×4, 4×5, 5×1 |
//! | `train(input_data, labels, 5000, 0.1)` | | [`Network::train`], returning every epoch's cost | |
//! | `np.dot(a, b)`, `a.T`, `a * b`, `np.sum` | | [`Matrix::dot`], [`Matrix::transpose`], [`Matrix::hadamard`], [`Matrix::sum`] | |
//! | `input_data`, `labels` | `X`, `y` | [`post::inputs`], [`post::labels`] | 4×3, 4×1 |
//!
//! The maths, with `a_0 = X` and `ŷ = a_L`, each line written once in `src/network/pass.rs`
//! and derived step by step in [`derivation`] (with an epoch of a 2-2-1 network in numbers):
//!
//! ```text
//! forward:   z_l = a_{l−1} · W_l,   a_l = σ(z_l)         for l = 1 … L     (m × n_l)
//! cost:      J = Σ ½ (y − ŷ)²
//! backward:  δ_L = −(y − ŷ) ⊙ σ′(z_L)
//!            ∂J/∂W_l = a_{l−1}ᵀ · δ_l                    for l = L … 1     (shape of W_l)
//!            δ_{l−1} = (δ_l · W_lᵀ) ⊙ σ′(z_{l−1})        for l = L … 2
//! update:    W_l ← W_l − η · ∂J/∂W_l
//! ```
//!
//! `cargo run --example walkthrough` prints one epoch of the post, line by line, with the
//! shape and the values of every matrix.
//!
//! Three places where the post, read literally, goes wrong, and what the crate does:
//!
//! * Its code lost every `np.dot(` in extraction (`self.z2 =, self.w1)`); the products above
//!   are the restored ones.
//! * It calls `__compute_cost` the Mean Squared Error, but it is half the *sum* of squares.
//!   The crate keeps the post's formula and says so.
//! * Its `σ′(z) = e^{−z} / (1 + e^{−z})²` is NaN for z ≤ −710. The crate's
//!   [`sigmoid_prime`](activation::sigmoid_prime) is the equal `σ(z)(1 − σ(z))`, finite
//!   everywhere (see [`activation`]).
//!
//! σ and σ′ are defined once, as functions of `z` (the post's `__sigmoid(z)` and
//! `__sigmoid_prime(z)`), and every pass calls them: edit their bodies — to `tanh(z)` and
//! `1 − tanh²(z)`, say — and `train` learns with tanh, with nothing else to change.
//!
//! And one about its data: the labels equal the first input column, so the post's data set is
//! not XOR. `examples/xor.rs` trains on real XOR.
//!
//! ## Beyond the post
//!
//! A real data set needs what the post left out: biases, activations that do not saturate,
//! probabilities over classes, mini-batches. Each is one choice away from the post's
//! defaults, and with every default the network *is* the post's, bit for bit:
//!
//! ```
//! use scratchnet::{Activation, Init, Layers, Loss, Matrix, Network, Training, XorShift};
//!
//! // XOR as two classes, with biases instead of the post's constant input column.
//! let x = Matrix::from_rows(&[[0., 0.], [0., 1.], [1., 0.], [1., 1.]]);
//! let y = Matrix::from_rows(&[[1., 0.], [0., 1.], [0., 1.], [1., 0.]]); // one-hot
//! let layers = Layers::new(&[2, 8, 2])
//!     .hidden(Activation::Tanh)
//!     .output(Activation::Softmax)
//!     .biases(true)
//!     .init(Init::Xavier);
//! let mut net = Network::build(&layers, &mut XorShift::new(1)).unwrap();
//! let training = Training {
//!     loss: Loss::CrossEntropy,
//!     momentum: 0.9,
//!     ..Training::new(200, 0.1)
//! };
//! let history = net.fit(&x, &y, &training, |epoch| {
//!     if epoch.epoch % 100 == 0 {
//!         println!("epoch {}: cost {:.4}", epoch.epoch, epoch.cost);
//!     }
//! }).unwrap();
//! assert_eq!(history[199].accuracy, Some(1.0));
//! ```
//!
//! The maths, for layer activations `f_l` and biases `b_l`:
//!
//! ```text
//! forward:   z_l = a_{l−1} · W_l + b_l,   a_l = f_l(z_l)
//! backward:  δ_L = ∂J/∂z_L                       = (ŷ − y)/m for softmax + cross-entropy
//!            ∂J/∂W_l = a_{l−1}ᵀ · δ_l,   ∂J/∂b_l = 1ᵀ · δ_l   (the column sums of δ_l)
//!            δ_{l−1} = (δ_l · W_lᵀ) ⊙ f′_{l−1}(z_{l−1})
//! update:    v ← μ·v − η·∂J/∂θ,   θ ← θ + v     (μ = 0: the post's θ ← θ − η·∂J/∂θ)
//! ```
//!
//! ## Map of the crate
//!
//! A folder a role, each depending only on the ones above it:
//!
//! ```text
//! src/maths/       Float, math (exp, ln, sqrt, …), the xorshift RNG, the plain matmul
//!                  loops, and strided views of a slice
//! src/gemm/        the fast product: packing, loop nest, micro-kernels, CPU dispatch,
//!                  threads — knows nothing of matrices or networks
//! src/matrix/      Matrix (+ Display in numpy's style), and the product and the
//!                  elementwise map on views that a layer runs
//! src/network/     activation, loss, layers, the Network and its post's methods, and
//!                  pass.rs: the forward and the backward pass, each equation once
//! src/training/    settings, the epoch loop, threads over bands of samples
//! src/embedding/   allocation-free inference, model files, export to Rust source
//! src/tools/       data (CSV, labels, metrics), plots as SVG
//! src/post.rs      the post's data and settings;  src/derivation.md  the derivation
//! ```
//!
//! * [`Matrix`]: a row-major `Vec` of numbers with the operations above, and `Display` in
//!   numpy's style.
//! * [`matmul`]: the plain loops that define the product and the transposed products: the
//!   version to read, and the oracle the fast one is tested against.
//! * [`gemm`]: the fast product behind [`Matrix::dot`] — packing, cache blocking, a
//!   register-tiled kernel chosen at run time, threads.
//! * [`XorShift`]: xorshift64* seeded through splitmix64; [`XorShift::normal`] for
//!   `np.random.randn`.
//! * [`math`]: `exp`, `ln`, `sqrt`, `floor`, `ceil` and `log10` in `f64` and `f32`, which
//!   `core` lacks, with their error bounds.
//! * [`activation`]: σ and σ′, and the [`Activation`] a layer can choose: sigmoid, tanh,
//!   ReLU, identity, softmax.
//! * [`Network`]: the post's methods, for any number of layers.
//! * [`layers`]: [`Layers`] describes a network beyond the post's — activations, biases, the
//!   [`Init`]ialisation — for [`Network::build`].
//! * [`loss`]: the post's ½·Σ(y − ŷ)², the mean squared error, and cross-entropy computed
//!   from the scores, stable at any size.
//! * [`training`]: [`Training`] — mini-batches, momentum, learning-rate decay — for
//!   [`Network::fit`], which reports every epoch and stops with an error if the cost
//!   diverges or a step would make a weight non-finite; the epochs run without allocating,
//!   and with `std` share a large batch among threads, with the same bits as on one.
//! * [`inference`]: the forward pass into caller-provided buffers, for a chip without a heap.
//! * [`model`]: saving and loading a network as text; [`Network::to_rust_source`] writes it
//!   as Rust source to compile into a program.
//! * [`data`]: numeric CSV tables, class labels and one-hot targets, standardisation, a
//!   seeded train/test split, accuracy and the confusion matrix.
//! * [`plot`]: pictures as SVG text, with no dependencies: the cost curve, and a
//!   classifier's decision regions in the plane.
//! * [`post`]: the post's data and settings.
//! * [`derivation`]: backpropagation derived, from one weight and one sample to the matrix
//!   form, with an epoch worked in numbers.
//! * [`Error`], [`LoadError`]: what went wrong with data from outside.
//!
//! ## `f64` and `f32`
//!
//! Every type is generic over its element type, [`Float`]: `f64` (the default, numpy's) or
//! `f32` (half the memory, and the only precision many microcontroller FPUs have). `Matrix`
//! and `Network` without a type mean `Matrix<f64>` and `Network<f64>` in a type, and numbers
//! written with a decimal point are `f64`, so `Matrix::from_rows(&[[1., 2.]])` is an `f64`
//! matrix. Where nothing says which, name it, as in ndarray: `Matrix::<f64>::zeros(2, 3)`,
//! `Network::<f32>::new(…)`.
//!
//! ```
//! use scratchnet::{Matrix, Network, XorShift};
//!
//! let x = Matrix::<f32>::from_rows(&[[0., 0., 1.], [1., 1., 1.]]);
//! let net = Network::<f32>::new(&[3, 4, 1], &mut XorShift::new(1));
//! assert_eq!(net.predict(&x).shape(), (2, 1));
//! ```
//!
//! An `f32` network computes in `f32` throughout, `exp` included. [`Matrix::cast`] and
//! [`Network::cast`] convert between the two.
//!
//! ## Errors and panics
//!
//! A shape mismatch inside the maths is a bug in the calling code: it panics, naming the
//! operation and both shapes (`dot: (4×3)·(4×1) — inner dimensions 3 and 4 differ`). Every
//! function that can panic says when under **Panics**. Data from outside goes through the
//! `try_` constructors, [`Network::from_weights`] and [`Network::build`], which return
//! [`Error`]; [`Network::fit`] returns a [`TrainError`](training::TrainError) for data or
//! settings that do not fit, and for a cost that diverges (or a step that would); the
//! [`data`] readers and [`Network::load`] name the line (and column) that is wrong.
//!
//! ## `no_std` and the `std` feature
//!
//! The crate is `#![no_std]` and needs only an allocator. The `std` feature (on by default)
//! is for what needs an operating system:
//!
//! * `Network::save_file` and `Network::load_file`, which write and read a model file at a
//!   path;
//! * choosing the matrix product's kernel at run time: [`gemm`] is compiled for AVX-512, for
//!   AVX2 + FMA and for the build target, and runs the fastest one the CPU has (without
//!   `std`, the build target's);
//! * threads (`SCRATCHNET_THREADS`, `gemm::set_threads`) for large products and for the
//!   epochs of full-batch training on many samples, and packing buffers kept per thread, so
//!   that training allocates nothing after its first epoch.
//!
//! The error types need no feature: [`Error`] and [`LoadError`] implement
//! `core::error::Error`, which `std` re-exports as `std::error::Error`.
//!
//! The maths is the same in both builds: [`math`] is used in both, never `std`'s functions.
//! The one difference is the fused multiply-add: a kernel with FMA rounds each step of a
//! product once, the portable kernel twice, so products of more than 512 multiply-adds can
//! differ in their last bits between a `std` build on a CPU with FMA and a `no_std` build.
//! Smaller products, and every product on a CPU without FMA, are bit-identical in both.
//! Build for a chip with `cargo build --no-default-features`.
#![no_std]
#![deny(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

// In the order of the layers (see the map above): rustdoc lists `Network`'s methods in
// this order too, the post's (network, training) before embedding's.
mod embedding;
pub mod gemm;
mod maths;
mod matrix;
mod network;
pub mod post;
mod tools;
pub mod training;
#[doc = include_str!("derivation.md")]
pub mod derivation {}
mod error;

pub use embedding::{inference, model};
pub use maths::{math, matmul};
pub use network::{activation, layers, loss};
pub use tools::{data, plot};

pub use activation::Activation;
pub use error::Error;
pub use layers::{Init, Layers};
pub use loss::Loss;
pub use maths::float::Float;
pub use maths::rng::XorShift;
pub use matrix::Matrix;
pub use model::LoadError;
pub use network::{Gradients, Network};
pub use training::Training;

/// Everything a program that trains or runs a network usually needs:
/// `use scratchnet::prelude::*;`.
pub mod prelude {
    pub use crate::{Activation, Float, Init, Layers, Loss, Matrix, Network, Training, XorShift};
}
