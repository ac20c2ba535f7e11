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
//! The post's network has layers 1 (input) to 4 (output) and names its matrices after the
//! layer they feed: `w1` joins layer 1 to layer 2, `z2 = X·w1` is layer 2's input. Here the
//! network has any number of layers; the vectors are indexed from 0, so entry `l − 1` holds the
//! post's layer-`l` quantity. For the post's 3-4-5-1 network (`m` = 4 samples):
//!
//! | the post | here | shape |
//! |---|---|---|
//! | `NeuralNetwork(3, 4, 5, 1)`, `np.random.randn` | [`Network::new`]`(&[3, 4, 5, 1], &mut rng)`, [`Matrix::randn`] | |
//! | `self.w1`, `self.w2`, `self.w3` | [`Network::weights`]`()[0]`, `[1]`, `[2]` | 3×4, 4×5, 5×1 |
//! | `__sigmoid`, `__sigmoid_prime` | [`activation::sigmoid`], [`activation::sigmoid_prime`] | |
//! | `forward_propagation(inputs)` | [`Network::forward_propagation`] | |
//! | `self.z2`, `self.z3`, `self.z4` | [`Network::zs`]`()[0]`, `[1]`, `[2]` | 4×4, 4×5, 4×1 |
//! | `self.a2`, `self.a3`, `prediction` | [`Network::activations`]`()[0]`, `[1]`, `[2]` | 4×4, 4×5, 4×1 |
//! | `__compute_cost(prediction, actual)` | [`Network::compute_cost`] | scalar |
//! | `backpropagation(inputs, labels, predictions)` | [`Network::backpropagation`] | |
//! | `delta4`, `delta3`, `delta2` | `delta` in the loop of `backpropagation`, for l = 3, 2, 1 | 4×1, 4×5, 4×4 |
//! | `dJdW1`, `dJdW2`, `dJdW3` | `backpropagation(…)[0]`, `[1]`, `[2]` | 3×4, 4×5, 5×1 |
//! | `train(input_data, labels, 5000, 0.1)` | [`Network::train`], returning every epoch's cost | |
//! | `np.dot(a, b)`, `a.T`, `a * b`, `np.sum` | [`Matrix::dot`], [`Matrix::transpose`], [`Matrix::hadamard`], [`Matrix::sum`] | |
//! | `input_data`, `labels` | [`post::inputs`], [`post::labels`] | 4×3, 4×1 |
//!
//! The maths, with `a_0 = X` and `ŷ = a_L`:
//!
//! ```text
//! forward:   z_l = a_{l−1} · W_l,   a_l = σ(z_l)                       (m × n_l)
//! cost:      J = Σ ½ (y − ŷ)²
//! backward:  δ_L = −(y − ŷ) ⊙ σ′(z_L)
//!            ∂J/∂W_l = a_{l−1}ᵀ · δ_l                                 (shape of W_l)
//!            δ_{l−1} = (δ_l · W_lᵀ) ⊙ σ′(z_{l−1})
//! update:    W_l ← W_l − η · ∂J/∂W_l
//! ```
//!
//! Three places where the post, read literally, goes wrong, and what the crate does:
//!
//! * Its code lost every `np.dot(` in extraction (`self.z2 =, self.w1)`); the products above
//!   are the restored ones.
//! * It calls `__compute_cost` the Mean Squared Error, but it is half the *sum* of squares.
//!   The crate keeps the post's formula and says so.
//! * Its `σ′(z) = e^{−z} / (1 + e^{−z})²` is NaN for z ≤ −710. The crate uses the equal
//!   `σ(z)(1 − σ(z))`, finite everywhere (see [`activation`]).
//!
//! And one about its data: the labels equal the first input column, so the post's data set is
//! not XOR. `examples/xor.rs` trains on real XOR.
//!
//! ## Map of the crate
//!
//! * [`Matrix`]: a row-major `Vec` of [`Scalar`]s (`f64`) with the operations above, and
//!   `Display` in numpy's style.
//! * [`matmul`]: the loop behind [`Matrix::dot`].
//! * [`XorShift`]: xorshift64* seeded through splitmix64; [`XorShift::normal`] for
//!   `np.random.randn`.
//! * [`math`]: `exp`, `ln` and `sqrt`, which `core` lacks, with their error bounds.
//! * [`activation`]: σ and σ′.
//! * [`Network`]: the post's methods, for any number of layers.
//! * [`post`]: the post's data and settings.
//! * [`Error`]: what went wrong with data from outside.
//!
//! ## Errors and panics
//!
//! A shape mismatch inside the maths is a bug in the calling code: it panics, naming the
//! operation and both shapes (`dot: (4×3)·(4×1) — inner dimensions 3 and 4 differ`). Every
//! function that can panic says when under **Panics**. Data from outside goes through the
//! `try_` constructors and [`Network::from_weights`], which return [`Error`].
//!
//! ## `no_std` and the `std` feature
//!
//! The crate is `#![no_std]` and needs only an allocator. The `std` feature (on by default)
//! is for what needs an operating system; today nothing in the crate does, because
//! [`Error`] implements `core::error::Error`, which `std` re-exports as `std::error::Error`.
//! The maths never depends on the feature: [`math`] is used in both builds, so a `no_std`
//! build computes bit-identical results. Build for a chip with
//! `cargo build --no-default-features`.
#![no_std]
#![deny(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;

pub mod activation;
mod display;
mod error;
pub mod math;
pub mod matmul;
mod matrix;
mod network;
pub mod post;
mod rng;

pub use error::Error;
pub use matrix::{Matrix, Scalar};
pub use network::Network;
pub use rng::XorShift;
