//! The maths, knowing nothing of networks: the [`Float`](crate::Float) element type, the
//! [`Matrix`](crate::Matrix) and its numpy-style `Display`, the plain product loops, `exp`
//! and friends, and the random numbers.

pub(crate) mod display;
pub(crate) mod float;
pub mod math;
pub mod matmul;
pub(crate) mod matrix;
pub(crate) mod ops;
pub(crate) mod rng;
pub(crate) mod view;
