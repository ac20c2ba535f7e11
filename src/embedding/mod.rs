//! Embedding a trained network: inference into caller-provided buffers, model files, and
//! export to Rust source.

pub(crate) mod export;
pub mod inference;
pub mod model;
