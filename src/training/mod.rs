//! Training, above the network: the settings of a run ([`Training`]), what each epoch
//! reports ([`Epoch`]), what can stop it ([`TrainError`]), and the epoch loop that
//! [`Network::train`](crate::Network::train) and [`Network::fit`](crate::Network::fit) run.
//!
//! ```text
//! for epoch e = 1 … epochs:
//!     η_e = η / (1 + decay · (e − 1))                         learning-rate decay
//!     shuffle the samples (seeded), unless one batch holds them all
//!     for each batch B of batch_size samples (the last may be smaller):
//!         forward pass of B, cost J_B, gradients ∇_B by backpropagation
//!         v ← μ · v − η_e · ∇_B                               momentum μ (v starts at 0)
//!         θ ← θ + v                                           every weight and bias θ
//! ```
//!
//! With `μ = 0` the step is plain gradient descent, `θ ← θ − η_e · ∇_B`. With the defaults of
//! [`Training::new`] — the post's loss, one batch of every sample, no momentum, no decay —
//! it is the post's `train`, bit for bit.

//!
//! Every step of an epoch is a line of the network's forward and backward pass
//! (`network/pass.rs`); this module only decides which samples go through them, in which
//! order, and on how many threads:
//!
//! * `epochs.rs`: the loop above on the calling thread, in buffers made before the first
//!   epoch, so that an epoch after the first allocates nothing.
//! * `parallel.rs` (with `std`): one batch of at least 512 samples and enough work (4
//!   million multiply-adds in its forward pass) shares each epoch among threads started once
//!   for the run, each taking bands of the samples through the same steps, with the same
//!   bits as on one thread. `SCRATCHNET_THREADS=1` (or [`gemm::set_threads`](crate::gemm))
//!   keeps it on one.

mod accuracy;
mod epochs;
#[cfg(feature = "std")]
mod parallel;
mod settings;

pub use settings::{Epoch, TrainError, Training};
