//! The crate's error type, for data that comes from outside.
//!
//! A shape mismatch *inside* the maths (adding a 2×3 to a 3×2) is a programming error and
//! panics, naming the operation and both shapes. Data that arrives from outside — numbers a
//! user typed, weights loaded from somewhere — gets a [`Result`] whose error says what was
//! expected and where.

use alloc::string::String;
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
    /// Softmax on a hidden layer: it makes each row add up to 1, which only the output needs.
    SoftmaxNotLast {
        /// Which layer, counted from 1 (layer 0 is the input).
        layer: usize,
    },
    /// A list of activations whose length is not the number of weight matrices.
    ActivationCount {
        /// The number of weight matrices (layers 1 … L).
        expected: usize,
        /// The number of activations given.
        found: usize,
    },
    /// A bias that is not a `1 × n_l` row, or a list of biases that is not one per layer.
    BiasShape {
        /// Which bias, counted from 1 like the weights (0 when the list has the wrong length).
        layer: usize,
        /// Its shape (for a list of the wrong length: `(found, 0)`).
        shape: (usize, usize),
        /// The shape it must have (for a list of the wrong length: `(expected, 0)`).
        expected: (usize, usize),
    },
    /// A bias that is NaN or infinite.
    NonFiniteBias {
        /// Which bias, counted from 1 like the weights.
        layer: usize,
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
            Error::SoftmaxNotLast { layer } => write!(
                f,
                "layer {layer} is softmax, but softmax is only for the output layer"
            ),
            Error::ActivationCount { expected, found } => write!(
                f,
                "{found} activations for {expected} layers: give one per weight matrix"
            ),
            Error::BiasShape {
                layer: 0,
                shape,
                expected,
            } => write!(
                f,
                "{} biases for {} layers: give one per weight matrix",
                shape.0, expected.0
            ),
            Error::BiasShape {
                layer,
                shape,
                expected,
            } => write!(
                f,
                "bias b{layer} is {}×{}, expected {}×{} (one row, a value per neuron)",
                shape.0, shape.1, expected.0, expected.1
            ),
            Error::NonFiniteBias { layer, col } => write!(
                f,
                "bias b{layer} has a non-finite value at column {col}: biases must be finite"
            ),
        }
    }
}

/// `core::error::Error` is the trait that `std` re-exports as `std::error::Error`, so this one
/// impl serves both builds.
impl core::error::Error for Error {}

/// How many characters of a bad line, number or field an error quotes (in
/// [`model`](crate::model) and [`data`](crate::data)).
pub(crate) const QUOTE_CHARS: usize = 40;

/// At most the first [`QUOTE_CHARS`] characters of `text`, with `…` if there were more:
/// enough to recognise a line in a message, and a bounded allocation however long it is.
pub(crate) fn quote(text: &str) -> String {
    match text.char_indices().nth(QUOTE_CHARS) {
        Some((end, _)) => {
            let mut quoted = String::with_capacity(end + '…'.len_utf8());
            quoted.push_str(&text[..end]);
            quoted.push('…');
            quoted
        }
        None => String::from(text),
    }
}
