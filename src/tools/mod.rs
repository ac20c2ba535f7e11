//! Tools beside the network: reading data, scoring a classifier, drawing pictures.

pub mod data;
pub mod plot;
