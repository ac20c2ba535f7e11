//! The crate's error type, for data that comes from outside.
//!
//! A shape mismatch *inside* the maths (adding a 2×3 to a 3×2) is a programming error and
//! panics, naming the operation and both shapes. Data that arrives from outside — numbers a
//! user typed, weights loaded from somewhere — gets a [`Result`] whose error says what was
//! expected and where.

use core::fmt;

/// What was wrong with data handed to a `try_` constructor or to [`Network::from_weights`].
///
/// Every message names what was expected and where, for example
/// `weight matrix w2 is 5×1, but w1 has 4 columns: w2 must have 4 rows`.
///
/// [`Network::from_weights`]: crate::Network::from_weights
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// `rows × cols` does not fit in `usize`.
    TooLarge {
        /// Requested number of rows.
        rows: usize,
        /// Requested number of columns.
        cols: usize,
    },
    /// A flat data vector whose length is not `rows × cols`.
    DataLength {
        /// Requested number of rows.
        rows: usize,
        /// Requested number of columns.
        cols: usize,
        /// Length of the data that was given.
        len: usize,
    },
    /// A row (0-based) whose length differs from the first row's.
    RaggedRow {
        /// Index of the offending row.
        row: usize,
        /// Length of row 0.
        expected: usize,
        /// Length of this row.
        found: usize,
    },
    /// A network needs at least one weight matrix.
    NoLayers,
    /// A weight matrix with no rows or no columns (a layer of zero neurons).
    EmptyLayer {
        /// Which matrix, counted from 1 like the post's `w1, w2, w3`.
        layer: usize,
        /// Its shape.
        shape: (usize, usize),
    },
    /// Adjacent weight matrices whose shapes do not chain: `w_l` must have as many rows as
    /// `w_{l−1}` has columns.
    WeightsDoNotChain {
        /// Which matrix, counted from 1 like the post's `w1, w2, w3`.
        layer: usize,
        /// Its shape.
        shape: (usize, usize),
        /// Number of columns of the matrix before it (neurons in the layer it reads).
        expected_rows: usize,
    },
    /// A weight that is NaN or infinite.
    NonFinite {
        /// Which matrix, counted from 1 like the post's `w1, w2, w3`.
        layer: usize,
        /// Row of the bad value (0-based).
        row: usize,
        /// Column of the bad value (0-based).
        col: usize,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Error::TooLarge { rows, cols } => {
                write!(
                    f,
                    "a {rows}×{cols} matrix has more elements than fit in memory"
                )
            }
            Error::DataLength { rows, cols, len } => write!(
                f,
                "a {rows}×{cols} matrix needs {} values, but {len} were given",
                rows.saturating_mul(cols)
            ),
            Error::RaggedRow {
                row,
                expected,
                found,
            } => write!(
                f,
                "row {row} has {found} values, but row 0 has {expected}: every row must have {expected}"
            ),
            Error::NoLayers => write!(f, "a network needs at least one weight matrix"),
            Error::EmptyLayer { layer, shape } => write!(
                f,
                "weight matrix w{layer} is {}×{}: every layer needs at least one neuron",
                shape.0, shape.1
            ),
            Error::WeightsDoNotChain {
                layer,
                shape,
                expected_rows,
            } => write!(
                f,
                "weight matrix w{layer} is {}×{}, but w{} has {expected_rows} columns: \
                 w{layer} must have {expected_rows} rows",
                shape.0,
                shape.1,
                layer - 1
            ),
            Error::NonFinite { layer, row, col } => write!(
                f,
                "weight matrix w{layer} has a non-finite value at ({row}, {col}): weights must be finite"
            ),
        }
    }
}

/// `core::error::Error` is the trait that `std` re-exports as `std::error::Error`, so this one
/// impl serves both builds.
impl core::error::Error for Error {}
