//! The maths below everything else, knowing nothing of networks or of matrices' storage:
//! the [`Float`](crate::Float) element type, `exp` and friends, the random numbers, the
//! plain product loops that define `C = A · B`, and [`MatRef`](crate::gemm::MatRef), a
//! strided view of numbers in a slice. The fast product ([`gemm`](crate::gemm)) builds on
//! these, and [`Matrix`](crate::Matrix) on both.

pub(crate) mod float;
pub mod math;
pub mod matmul;
pub(crate) mod rng;
pub(crate) mod view;
