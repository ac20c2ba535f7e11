//! Model files: a network saved as text that a person can read, diff and edit, and loaded back
//! with every weight and bias bit for bit.
//!
//! ```
//! use scratchnet::{Activation, Layers, Network, XorShift};
//!
//! // The post's kind of network, sigmoid layers without biases, is saved as version 1 …
//! let net: Network = Network::new(&[3, 4, 5, 1], &mut XorShift::new(1)); // Network<f64>
//! let mut text = String::new();
//! net.save(&mut text).unwrap();
//! assert!(text.starts_with("scratchnet model 1\nelement f64\nsizes 3 4 5 1\nw1 3 4\n"));
//! assert_eq!(Network::load(&text).unwrap(), net); // the same bits in every weight
//!
//! // … and any other as version 2, with its activations and biases.
//! let layers = Layers::new(&[3, 4, 2]).hidden(Activation::Relu).output(Activation::Softmax);
//! let net: Network = Network::build(&layers.biases(true), &mut XorShift::new(1)).unwrap();
//! let mut text = String::new();
//! net.save(&mut text).unwrap();
//! assert!(text.starts_with(
//!     "scratchnet model 2\nelement f64\nsizes 3 4 2\nactivations relu softmax\nbiases yes\nw1 3 4\n"
//! ));
//! assert_eq!(Network::load(&text).unwrap(), net);
//! ```
//!
//! [`Network::save`] writes the text into any [`fmt::Write`] (a `String`, or a serial port
//! on a chip); [`Network::load`] reads it back. With the `std` feature,
//! `Network::save_file` and `Network::load_file` do the same with a path, and a
//! `FileError` says which file went wrong.
//!
//! # The format
//!
//! There are two versions, and `load` reads both. Version 1 holds the post's kind of
//! network, sigmoid layers without biases, and `save` writes it for such a network, so that
//! its files stay what they have always been. Version 2 holds any network: it adds a line of
//! activations, a line that says whether there are biases, and the biases.
//!
//! Version 1, for a network of layer sizes `n_0, n_1, …, n_L` with `f32` weights, here
//! `2, 3, 1`:
//!
//! ```text
//! scratchnet model 1          magic words and the format's version
//! element f32                 the element type: f32 or f64
//! sizes 2 3 1                 n_0 n_1 … n_L: at least two, each ≥ 1
//! w1 2 3                      W_1 is n_0 × n_1 …
//! 0.5 -1.25 0                 … then its n_0 rows, n_1 weights each
//! 2 0.1 -0
//! w2 3 1                      W_2 is n_1 × n_2
//! 1.5
//! -0.75
//! 300
//! end                         nothing may follow
//! ```
//!
//! Version 2, for sizes `2, 3, 2` with a ReLU hidden layer, a softmax output and biases:
//!
//! ```text
//! scratchnet model 2          version 2
//! element f32
//! sizes 2 3 2
//! activations relu softmax    f_1 … f_L, one for each layer after the input
//! biases yes                  yes: b_l follows W_l; no: there are no biases
//! w1 2 3
//! 0.5 -1.25 0
//! 2 0.1 -0
//! b1 1 3                      b_1 is 1 × n_1 …
//! 0 0.5 -1                    … on one line of n_1 biases
//! w2 3 2
//! 1.5 -1.5
//! -0.75 0.75
//! 300 -300
//! b2 1 2
//! 0.25 -0.25
//! end
//! ```
//!
//! (without the comments on the right, which are not part of the format). Line by line:
//!
//! | line | content |
//! |---|---|
//! | 1 | `scratchnet model 1` or `scratchnet model 2` |
//! | 2 | `element f32` or `element f64`: the network's [`Float::NAME`] |
//! | 3 | `sizes`, then the layer sizes `n_0 … n_L`: at least two, each at least 1, in decimal without a sign or leading zeros |
//! | 4, version 2 only | `activations`, then `f_1 … f_L`, one for each layer after the input, as [`Activation::name`] writes them: `sigmoid`, `tanh`, `relu`, `identity` or `softmax`; softmax only as `f_L` |
//! | 5, version 2 only | `biases yes` or `biases no` |
//! | then, for l = 1 … L | the header of `W_l`, `w` and l, then `n_{l−1} n_l` (`w2 3 1`); then `n_{l−1}` lines, one row each, of `n_l` weights |
//! | and after each `W_l`, with `biases yes` | the header of `b_l`, `b` and l, then `1 n_l` (`b2 1 2`); then one line of `n_l` biases |
//! | last | `end` |
//!
//! A version 2 file with `activations sigmoid … sigmoid` and `biases no` loads to the same
//! network as the version 1 file of its weights (and `save` writes that network as version
//! 1). The rules are strict, so that a file has one spelling and a damaged file is caught:
//!
//! * every line ends with `\n`; the one after `end` may be left out (`save` writes it);
//! * words are separated by exactly one space, with none at the start or end of a line;
//! * there are no blank lines, no comments, no `\r`, and nothing after `end`;
//! * the headers repeat the sizes, and must agree with them.
//!
//! Every weight and bias is written by the `Display` of `f32` or `f64` (`{}`): the shortest
//! decimal that reads back as the same number, with no exponent: `0.1`, `-0`, `300`. Extreme
//! values are long (`f64::MAX` is 309 digits; the smallest subnormal is `0.`, 323 zeros and a
//! `5`), but exact: a number is read by `str::parse`, so a saved network loads with the same
//! bits, `-0.0` and subnormals included. `str::parse` also takes other spellings (`1e-3`,
//! `+2`, `.5`), which a hand-written file may use. Weights and biases must be finite: `NaN`,
//! `inf`, and numbers that round to infinity (`1e39` in `f32`) are rejected. A network whose
//! training diverged to NaN saves, but does not load.
//!
//! The element type in the file must be the one asked for: `Network::load` reads `f64`
//! weights, `Network::<f32>::load` reads `f32`. Converting is
//! the caller's decision: load the file's type, then [`Network::cast`].
//!
//! # Loading untrusted text
//!
//! `load` takes any `&str` and never panics. It stops at the first problem and returns a
//! [`LoadError`] naming the line (counted from 1; for a line missing at the end, the line
//! after the last) and what was wrong, in words: `line 7: w2 row 2 has 4 numbers, expected
//! 5`. [`LoadErrorKind`] lists the kinds of problem.
//!
//! Nor can a file make it allocate much more than the file's own size, whatever its header
//! claims. Before it allocates the weights, `load` checks the sizes against the bytes that
//! follow the header (the `sizes` line in version 1, the `biases` line in version 2): every
//! weight and bias takes at least 2 of them (a digit, and a space or a newline), every
//! matrix or bias header 7 and `end` 3, so `sizes 4000000000 4000000000` in a short file is
//! rejected at once ([`LoadErrorKind::TooLarge`], on the last line of the header), and every
//! count is computed with checked arithmetic. (A file cut short is mostly caught there too;
//! when what is left is long enough to pass, the error names the line where it stops.) The
//! memory a load asks for is then at most
//!
//! ```text
//!                      allocated                    the text holds at least
//! version 1            8·W + 56·L + 16 bytes        2·W + 9·L bytes
//! version 2            8·W + 58·L + 16              2·W + 14·L
//! version 2, biases    8·W + 8·B + 98·L + 16        2·W + 2·B + 21·L
//! ```
//!
//! for W weights, B biases and L layers (`f64`, on a 64-bit target): in every case at most 8
//! bytes per byte of text, plus at most 163 bytes for an error's quote of a line.
//! `tests/model_fuzz.rs` measures it with a counting allocator on hostile headers and on
//! 200 000 damaged files of both versions.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::fmt;

use crate::error::quote;
use crate::{Activation, Error, Float, Matrix, Network};

/// The first line of every model file, without its version number.
const MAGIC_WORDS: &str = "scratchnet model ";

impl<T: Float> Network<T> {
    /// A network read from a model file written by [`Network::save`]: the text format is
    /// described in [`model`](crate::model). Loading untrusted text never panics.
    ///
    /// ```
    /// use scratchnet::{Network, XorShift};
    /// let net: Network = Network::new(&[3, 4, 1], &mut XorShift::new(1));
    /// let mut text = String::new();
    /// net.save(&mut text).unwrap();
    /// assert_eq!(Network::load(&text).unwrap(), net);
    /// ```
    ///
    /// # Errors
    /// A [`LoadError`] naming the line and what was wrong with it.
    pub fn load(text: &str) -> Result<Network<T>, LoadError> {
        load(text)
    }

    /// Writes the network as a model file (the format is described in [`model`](crate::model)),
    /// every weight and bias with the shortest decimal that reads back as the same bits:
    /// version 1 for sigmoid layers without biases, the post's kind, and version 2 for any
    /// other network.
    ///
    /// ```
    /// use scratchnet::{Activation, Matrix, Network};
    ///
    /// let w1 = Matrix::from_rows(&[[0.5, -1.25, 0.0], [2.0, 0.1, -0.0]]);
    /// let w2 = Matrix::from_rows(&[[1.5], [-0.75], [300.0]]);
    /// let net = Network::from_weights(vec![w1.clone(), w2.clone()]).unwrap();
    /// let mut text = String::new();
    /// net.save(&mut text).unwrap();
    /// assert_eq!(
    ///     text,
    ///     "scratchnet model 1\nelement f64\nsizes 2 3 1\n\
    ///      w1 2 3\n0.5 -1.25 0\n2 0.1 -0\n\
    ///      w2 3 1\n1.5\n-0.75\n300\n\
    ///      end\n"
    /// );
    ///
    /// let activations = [Activation::Tanh, Activation::Identity];
    /// let biases = vec![Matrix::from_rows(&[[0.0, 0.5, -1.0]]), Matrix::from_rows(&[[0.25]])];
    /// let net = Network::from_parts(&activations, vec![w1, w2], Some(biases)).unwrap();
    /// let mut text = String::new();
    /// net.save(&mut text).unwrap();
    /// assert_eq!(
    ///     text,
    ///     "scratchnet model 2\nelement f64\nsizes 2 3 1\nactivations tanh identity\nbiases yes\n\
    ///      w1 2 3\n0.5 -1.25 0\n2 0.1 -0\nb1 1 3\n0 0.5 -1\n\
    ///      w2 3 1\n1.5\n-0.75\n300\nb2 1 1\n0.25\n\
    ///      end\n"
    /// );
    /// ```
    ///
    /// A network with a NaN or infinite weight or bias (from training that diverged) is
    /// written as it is, `NaN` and `inf` included, and [`Network::load`] will reject the file.
    ///
    /// # Errors
    /// Only the errors `out` returns; writing into a `String` cannot fail.
    pub fn save(&self, out: &mut impl fmt::Write) -> fmt::Result {
        write!(out, "{}", ModelText(self))
    }
}

/// A network shown as its model file, so that [`Network::save`] and the `std` file functions
/// write the same text through one `Display`.
struct ModelText<'a, T>(&'a Network<T>);

impl<T: Float> fmt::Display for ModelText<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let net = self.0;
        let activations = net.layer_activations();
        let biases = net.biases();
        let posts_kind = net.is_posts_kind();
        writeln!(f, "{MAGIC_WORDS}{}", if posts_kind { 1 } else { 2 })?;
        writeln!(f, "element {}", T::NAME)?;
        f.write_str("sizes")?;
        for n in net.sizes() {
            write!(f, " {n}")?;
        }
        f.write_str("\n")?;
        if !posts_kind {
            f.write_str("activations")?;
            for f_l in activations {
                write!(f, " {}", f_l.name())?;
            }
            writeln!(
                f,
                "\nbiases {}",
                if biases.is_some() { "yes" } else { "no" }
            )?;
        }
        for (l, w) in (1..).zip(net.weights()) {
            writeln!(f, "w{l} {} {}", w.rows(), w.cols())?;
            for i in 0..w.rows() {
                write_row(f, w.row(i))?;
            }
            if let Some(b) = biases.and_then(|biases| biases.get(l - 1)) {
                writeln!(f, "b{l} 1 {}", b.cols())?;
                write_row(f, b.row(0))?;
            }
        }
        f.write_str("end\n")
    }
}

/// One line of numbers, separated by single spaces.
fn write_row<T: Float>(f: &mut fmt::Formatter<'_>, row: &[T]) -> fmt::Result {
    for (j, x) in row.iter().enumerate() {
        if j > 0 {
            f.write_str(" ")?;
        }
        write!(f, "{x}")?;
    }
    f.write_str("\n")
}

/// What was wrong with a model file, and on which line.
///
/// `Display` gives the line and a sentence, `line 7: w2 row 2 has 4 numbers, expected 5`;
/// [`line`](LoadError::line) and [`kind`](LoadError::kind) give the same to a program.
///
/// ```
/// use scratchnet::model::LoadErrorKind;
/// use scratchnet::Network;
///
/// let text = "scratchnet model 1\nelement f64\nsizes 2 1\nw1 2 1\n0.5\nx\nend\n";
/// let err = Network::<f64>::load(text).unwrap_err();
/// assert_eq!(err.line(), 6);
/// assert!(matches!(err.kind(), LoadErrorKind::BadNumber { .. }));
/// assert_eq!(err.to_string(), "line 6: w1 row 2 number 1 is `x`, not an f64");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// 1-based line of the problem; one past the last line for a line missing at the end.
    line: usize,
    /// What the problem is.
    kind: LoadErrorKind,
}

impl LoadError {
    /// The line of the problem, counted from 1. For a line missing at the end of the file
    /// ([`LoadErrorKind::UnexpectedEnd`]) it is one past the last line, where the missing line
    /// should have been.
    ///
    /// ```
    /// use scratchnet::Network;
    /// assert_eq!(Network::<f64>::load("scratchnet model 3\n").unwrap_err().line(), 1);
    /// ```
    pub fn line(&self) -> usize {
        self.line
    }

    /// What the problem is.
    ///
    /// ```
    /// use scratchnet::model::LoadErrorKind;
    /// use scratchnet::Network;
    /// let err = Network::<f64>::load("").unwrap_err();
    /// assert!(matches!(err.kind(), LoadErrorKind::UnexpectedEnd { .. }));
    /// ```
    pub fn kind(&self) -> &LoadErrorKind {
        &self.kind
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.kind)
    }
}

/// `core::error::Error` is the trait that `std` re-exports as `std::error::Error`.
impl core::error::Error for LoadError {}

/// The kinds of [`LoadError`]. Rows, columns and matrices are counted from 1, as in the file
/// (`w1` is the first matrix); layer sizes are named `n_0 … n_L`, as in the
/// [module documentation](crate::model). Texts quoted from the file (`found`) are cut to 40
/// characters, with `…` after them.
///
/// ```
/// use scratchnet::model::{LoadErrorKind, Parameter};
/// use scratchnet::Network;
///
/// let text = "scratchnet model 1\nelement f64\nsizes 2 1\nw1 2 1\n0.5\n1 2\nend\n";
/// let err = Network::<f64>::load(text).unwrap_err();
/// assert_eq!(err.line(), 6);
/// assert_eq!(
///     *err.kind(),
///     LoadErrorKind::RowLength { parameter: Parameter::Weights, layer: 1, row: 2, found: 2, expected: 1 }
/// );
/// assert_eq!(err.to_string(), "line 6: w1 row 2 has 2 numbers, expected 1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoadErrorKind {
    /// The file ends where another line should be: `the file ends where `end` should be`.
    UnexpectedEnd {
        /// The line that is missing.
        expected: Expected,
    },
    /// A line that is not the one the format has here: `expected `w2 3 1`, found `w2 3 2``.
    WrongLine {
        /// The line the format has here.
        expected: Expected,
        /// The line that is there instead.
        found: String,
    },
    /// A model file of another version: `version `3` of the model format, but this
    /// scratchnet reads versions 1 and 2`.
    Version {
        /// The version on line 1.
        found: String,
    },
    /// Weights of one element type where the other was asked for: `the weights are f64, but
    /// a Network<f32> was asked for: …`.
    ElementMismatch {
        /// The element type in the file.
        file: &'static str,
        /// The element type asked for.
        requested: &'static str,
    },
    /// Fewer than two layer sizes (a network needs an input and an output layer).
    TooFewSizes {
        /// The number of sizes on the line.
        found: usize,
    },
    /// A layer size that is not a whole number, or does not fit in `usize`.
    BadSize {
        /// The word that should be a size.
        found: String,
    },
    /// A layer of size 0: `n_2 = 0: every layer needs at least one neuron`.
    ZeroSize {
        /// Which size, counted from 0 like `n_0` (the input layer).
        layer: usize,
    },
    /// An `activations` line without one activation for each layer after the input:
    /// `3 activations, expected 2: one for each layer after the input`.
    ActivationCount {
        /// How many the line has.
        found: usize,
        /// How many it should have, L.
        expected: usize,
    },
    /// A word on the `activations` line that is not an [`Activation::name`]: `activation 2
    /// is `sigmod`, expected sigmoid, tanh, relu, identity or softmax`.
    UnknownActivation {
        /// The layer, counted from 1 like `f_1`.
        layer: usize,
        /// The word.
        found: String,
    },
    /// Softmax before the last layer: `activation 1 is softmax, but softmax is only for
    /// the output layer (the last activation)`.
    SoftmaxNotLast {
        /// The layer, counted from 1 like `f_1`.
        layer: usize,
    },
    /// Sizes that ask for more weights (and biases) than the rest of the file can hold, at
    /// 2 bytes a number and 7 a matrix or bias header: an absurd size like
    /// `sizes 4000000000 4000000000` in a short file, or a file cut short. Given for the last
    /// line of the header (`sizes` in version 1, `biases` in version 2), before anything is
    /// allocated for the weights.
    TooLarge {
        /// The first matrix that does not fit, with those before it.
        layer: usize,
        /// Its rows, `n_{l−1}`.
        rows: usize,
        /// Its columns, `n_l`.
        cols: usize,
        /// Whether the layers have biases, which were counted too.
        biases: bool,
        /// The number of bytes after the line.
        room: usize,
    },
    /// A row with too many or too few numbers: `w2 row 2 has 4 numbers, expected 5`,
    /// `b2 has 4 numbers, expected 5`.
    RowLength {
        /// The weights `W_l` or the bias `b_l`.
        parameter: Parameter,
        /// The layer l.
        layer: usize,
        /// The row, counted from 1 (1 for a bias).
        row: usize,
        /// How many numbers the row has.
        found: usize,
        /// How many it should have, `n_l`.
        expected: usize,
    },
    /// A row of numbers after the last row of `W_l` or after the one row of `b_l`.
    ExtraRow {
        /// The weights `W_l` or the bias `b_l`.
        parameter: Parameter,
        /// The layer l.
        layer: usize,
        /// How many rows it should have: `n_{l−1}`, or 1 for a bias.
        rows: usize,
    },
    /// A word in a row that `str::parse` does not read as a number of the element type.
    BadNumber {
        /// The weights `W_l` or the bias `b_l`.
        parameter: Parameter,
        /// The layer l.
        layer: usize,
        /// The row, counted from 1 (1 for a bias).
        row: usize,
        /// The position of the word in the row, from 1.
        column: usize,
        /// The word.
        found: String,
        /// The element type, `f32` or `f64`.
        element: &'static str,
    },
    /// A weight or bias that is NaN or infinite, or rounds to infinity in the element type.
    NonFinite {
        /// The weights `W_l` or the bias `b_l`.
        parameter: Parameter,
        /// The layer l.
        layer: usize,
        /// The row, counted from 1 (1 for a bias).
        row: usize,
        /// The position of the number in the row, from 1.
        column: usize,
        /// The number as written.
        found: String,
        /// The element type, `f32` or `f64`.
        element: &'static str,
    },
    /// An empty line: the format has none.
    BlankLine,
    /// A space at the start or end of a line, or two spaces in a row.
    Spacing,
    /// A carriage return, `\r`: lines end with `\n` alone.
    CarriageReturn,
    /// A line after `end`.
    TrailingText,
    /// Bytes that are not UTF-8 (only from `Network::load_file`; a `&str` is always UTF-8).
    NotUtf8,
    /// Activations, weights and biases that passed every check of the file but that
    /// [`Network::from_parts`] refused. No file gives this today, since every check of
    /// `from_parts` is made earlier with a better message; it is here so that a stricter
    /// `from_parts` is reported, not panicked on. Given for the line `end`.
    Weights(Error),
}

impl fmt::Display for LoadErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadErrorKind::UnexpectedEnd { expected } => {
                write!(f, "the file ends where {expected} should be")
            }
            LoadErrorKind::WrongLine { expected, found } => {
                write!(f, "expected {expected}, found `{found}`")
            }
            LoadErrorKind::Version { found } => write!(
                f,
                "version `{found}` of the model format, but this scratchnet reads versions 1 \
                 and 2"
            ),
            LoadErrorKind::ElementMismatch { file, requested } => write!(
                f,
                "the weights are {file}, but a Network<{requested}> was asked for: load a \
                 Network<{file}> and convert it with Network::cast"
            ),
            LoadErrorKind::TooFewSizes { found } => write!(
                f,
                "{found} layer size{}, expected at least 2 (an input and an output layer)",
                if *found == 1 { "" } else { "s" }
            ),
            LoadErrorKind::BadSize { found } => write!(
                f,
                "`{found}` is not a layer size: sizes are whole numbers, without a sign or \
                 leading zeros, that fit in usize"
            ),
            LoadErrorKind::ZeroSize { layer } => {
                write!(f, "n_{layer} = 0: every layer needs at least one neuron")
            }
            LoadErrorKind::ActivationCount { found, expected } => write!(
                f,
                "{found} activation{}, expected {expected}: one for each layer after the input",
                if *found == 1 { "" } else { "s" }
            ),
            LoadErrorKind::UnknownActivation { layer, found } => {
                write!(f, "activation {layer} is `{found}`, expected ")?;
                for (k, activation) in Activation::ALL.iter().enumerate() {
                    let before = match k {
                        0 => "",
                        k if k + 1 == Activation::ALL.len() => " or ",
                        _ => ", ",
                    };
                    write!(f, "{before}{}", activation.name())?;
                }
                Ok(())
            }
            LoadErrorKind::SoftmaxNotLast { layer } => write!(
                f,
                "activation {layer} is softmax, but softmax is only for the output layer (the \
                 last activation)"
            ),
            LoadErrorKind::TooLarge {
                layer,
                rows,
                cols,
                biases: false,
                room,
            } => write!(
                f,
                "w{layer} is {rows}×{cols}: it and the matrices before it need more than the \
                 {room} bytes after this line (at least 2 a weight), so the file is cut \
                 short or a size is wrong"
            ),
            LoadErrorKind::TooLarge {
                layer,
                rows,
                cols,
                biases: true,
                room,
            } => write!(
                f,
                "w{layer} is {rows}×{cols}: it and the matrices before it, with their biases, \
                 need more than the {room} bytes after this line (at least 2 a number), so \
                 the file is cut short or a size is wrong"
            ),
            LoadErrorKind::RowLength {
                parameter,
                layer,
                row,
                found,
                expected,
            } => {
                parameter.name_row(f, *layer, *row)?;
                write!(f, " has {found} numbers, expected {expected}")
            }
            LoadErrorKind::ExtraRow {
                parameter: Parameter::Weights,
                layer,
                rows,
            } => write!(
                f,
                "w{layer} should have {rows} rows; this line is one too many"
            ),
            LoadErrorKind::ExtraRow {
                parameter: Parameter::Bias,
                layer,
                ..
            } => write!(f, "b{layer} has one row; this line is one too many"),
            LoadErrorKind::BadNumber {
                parameter,
                layer,
                row,
                column,
                found,
                element,
            } => {
                parameter.name_row(f, *layer, *row)?;
                write!(f, " number {column} is `{found}`, not an {element}")
            }
            LoadErrorKind::NonFinite {
                parameter,
                layer,
                row,
                column,
                found,
                element,
            } => {
                parameter.name_row(f, *layer, *row)?;
                let plural = match parameter {
                    Parameter::Weights => "weights",
                    Parameter::Bias => "biases",
                };
                write!(
                    f,
                    " number {column} is `{found}`, which is not a finite {element}: \
                     {plural} must be finite"
                )
            }
            LoadErrorKind::BlankLine => write!(f, "blank line: the format has none"),
            LoadErrorKind::Spacing => write!(
                f,
                "extra space: words are separated by one space, with none at the start or \
                 end of a line"
            ),
            LoadErrorKind::CarriageReturn => {
                write!(f, "carriage return (\\r): lines end with \\n alone")
            }
            LoadErrorKind::TrailingText => write!(f, "text after `end`, which must be last"),
            LoadErrorKind::NotUtf8 => write!(f, "not UTF-8: a model file is text"),
            LoadErrorKind::Weights(error) => {
                write!(f, "the weights do not make a network: {error}")
            }
        }
    }
}

/// Which of a layer's parameters a row of numbers belongs to, in a [`LoadErrorKind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parameter {
    /// The weight matrix `W_l` (`n_{l−1}` rows of `n_l` numbers), written `wl`.
    Weights,
    /// The bias `b_l` (one row of `n_l` numbers), written `bl`.
    Bias,
}

impl Parameter {
    /// `w2 row 3` for a row of `W_2`, `b2` for the row of `b_2`.
    fn name_row(self, f: &mut fmt::Formatter<'_>, layer: usize, row: usize) -> fmt::Result {
        match self {
            Parameter::Weights => write!(f, "w{layer} row {row}"),
            Parameter::Bias => write!(f, "b{layer}"),
        }
    }
}

/// The line that a model file should have at the place of an error, for
/// [`LoadErrorKind::UnexpectedEnd`] and [`LoadErrorKind::WrongLine`].
///
/// ```
/// use scratchnet::model::Expected;
/// let header = Expected::MatrixHeader { layer: 2, rows: 4, cols: 5 };
/// assert_eq!(header.to_string(), "`w2 4 5`");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Expected {
    /// Line 1, `scratchnet model 1` or `scratchnet model 2`.
    Magic,
    /// Line 2, `element f32` or `element f64`.
    Element,
    /// Line 3, `sizes` and the layer sizes.
    Sizes,
    /// Line 4 of version 2, `activations` and one activation per layer.
    Activations,
    /// Line 5 of version 2, `biases yes` or `biases no`.
    Biases,
    /// The header of a matrix, `w2 4 5`.
    MatrixHeader {
        /// The matrix, counted from 1.
        layer: usize,
        /// Its rows, `n_{l−1}`.
        rows: usize,
        /// Its columns, `n_l`.
        cols: usize,
    },
    /// A row of a matrix.
    Row {
        /// The matrix, counted from 1.
        layer: usize,
        /// The row, counted from 1.
        row: usize,
        /// How many rows the matrix has.
        rows: usize,
    },
    /// The header of a bias, `b2 1 5`.
    BiasHeader {
        /// The layer, counted from 1.
        layer: usize,
        /// Its columns, `n_l`.
        cols: usize,
    },
    /// The one row of a bias.
    BiasRow {
        /// The layer, counted from 1.
        layer: usize,
    },
    /// The last line, `end`.
    End,
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Expected::Magic => write!(f, "`{MAGIC_WORDS}1` or `{MAGIC_WORDS}2`"),
            Expected::Element => write!(f, "`element f32` or `element f64`"),
            Expected::Sizes => write!(f, "`sizes` and the layer sizes"),
            Expected::Activations => write!(f, "`activations` and one activation per layer"),
            Expected::Biases => write!(f, "`biases yes` or `biases no`"),
            Expected::MatrixHeader { layer, rows, cols } => write!(f, "`w{layer} {rows} {cols}`"),
            Expected::Row { layer, row, rows } => write!(f, "w{layer} row {row} of {rows}"),
            Expected::BiasHeader { layer, cols } => write!(f, "`b{layer} 1 {cols}`"),
            Expected::BiasRow { layer } => write!(f, "the row of b{layer}"),
            Expected::End => write!(f, "`end`"),
        }
    }
}

/// Reads a model file; see the [module documentation](crate::model) for the format and the
/// guarantees on untrusted text. [`Network::load`] calls it.
pub(crate) fn load<T: Float>(text: &str) -> Result<Network<T>, LoadError> {
    let mut lines = Lines {
        rest: text,
        line: 0,
    };

    let magic = lines.expect(Expected::Magic)?;
    let version = match magic.strip_prefix(MAGIC_WORDS) {
        Some("1") => 1,
        Some("2") => 2,
        Some(version) => {
            return Err(lines.error(LoadErrorKind::Version {
                found: quote(version),
            }));
        }
        None => {
            return Err(lines.error(LoadErrorKind::WrongLine {
                expected: Expected::Magic,
                found: quote(magic),
            }));
        }
    };

    let element = lines.expect(Expected::Element)?;
    let file = match element {
        "element f32" => "f32",
        "element f64" => "f64",
        _ => {
            return Err(lines.error(LoadErrorKind::WrongLine {
                expected: Expected::Element,
                found: quote(element),
            }));
        }
    };
    if file != T::NAME {
        return Err(lines.error(LoadErrorKind::ElementMismatch {
            file,
            requested: T::NAME,
        }));
    }

    let sizes_line = lines.expect(Expected::Sizes)?;
    let sizes = parse_sizes(sizes_line).map_err(|kind| lines.error(kind))?;
    let depth = sizes.len() - 1;

    // Version 1 has no activations or biases line: its layers are sigmoid (a list made once
    // the sizes are known to fit the file) without biases.
    let (activations, has_biases) = if version == 1 {
        (None, false)
    } else {
        let activations_line = lines.expect(Expected::Activations)?;
        let activations =
            parse_activations(activations_line, depth).map_err(|kind| lines.error(kind))?;
        let has_biases = match lines.expect(Expected::Biases)? {
            "biases yes" => true,
            "biases no" => false,
            found => {
                return Err(lines.error(LoadErrorKind::WrongLine {
                    expected: Expected::Biases,
                    found: quote(found),
                }));
            }
        };
        (Some(activations), has_biases)
    };
    check_room(&sizes, has_biases, lines.rest.len()).map_err(|kind| lines.error(kind))?;
    let activations = activations.unwrap_or_else(|| vec![Activation::Sigmoid; depth]);

    // Every allocation from here on is bounded by `check_room`. A row where the header after
    // layer l's last line should be is one too many for W_l, or for b_l if there are biases.
    let extra_row = |l: usize| {
        let (parameter, rows) = if has_biases {
            (Parameter::Bias, 1)
        } else {
            (Parameter::Weights, sizes[l - 1])
        };
        LoadErrorKind::ExtraRow {
            parameter,
            layer: l,
            rows,
        }
    };
    let mut weights = Vec::with_capacity(depth);
    let mut biases = Vec::with_capacity(if has_biases { depth } else { 0 });
    for (l, pair) in (1..).zip(sizes.windows(2)) {
        let (rows, cols) = (pair[0], pair[1]);
        let expected = Expected::MatrixHeader {
            layer: l,
            rows,
            cols,
        };
        let header = lines.expect(expected)?;
        if l > 1 && is_row(header) {
            return Err(lines.error(extra_row(l - 1)));
        }
        if !is_line(header, format_args!("w{l} {rows} {cols}")) {
            return Err(lines.error(LoadErrorKind::WrongLine {
                expected,
                found: quote(header),
            }));
        }
        let mut data = Vec::with_capacity(rows * cols);
        for row in 1..=rows {
            let of = RowOf::Weights {
                layer: l,
                row,
                rows,
            };
            let numbers = lines.expect(of.expected())?;
            parse_row(numbers, of, cols, &mut data).map_err(|kind| lines.error(kind))?;
        }
        let w = Matrix::<T>::try_from_vec(rows, cols, data)
            .map_err(|e| lines.error(LoadErrorKind::Weights(e)))?;
        weights.push(w);

        if has_biases {
            let expected = Expected::BiasHeader { layer: l, cols };
            let header = lines.expect(expected)?;
            if is_row(header) {
                return Err(lines.error(LoadErrorKind::ExtraRow {
                    parameter: Parameter::Weights,
                    layer: l,
                    rows,
                }));
            }
            if !is_line(header, format_args!("b{l} 1 {cols}")) {
                return Err(lines.error(LoadErrorKind::WrongLine {
                    expected,
                    found: quote(header),
                }));
            }
            let of = RowOf::Bias { layer: l };
            let numbers = lines.expect(of.expected())?;
            let mut data = Vec::with_capacity(cols);
            parse_row(numbers, of, cols, &mut data).map_err(|kind| lines.error(kind))?;
            let b = Matrix::<T>::try_from_vec(1, cols, data)
                .map_err(|e| lines.error(LoadErrorKind::Weights(e)))?;
            biases.push(b);
        }
    }

    let end = lines.expect(Expected::End)?;
    if end != "end" {
        return Err(lines.error(if is_row(end) {
            extra_row(depth)
        } else {
            LoadErrorKind::WrongLine {
                expected: Expected::End,
                found: quote(end),
            }
        }));
    }
    if !lines.rest.is_empty() {
        lines.line += 1;
        return Err(lines.error(LoadErrorKind::TrailingText));
    }
    let biases = has_biases.then_some(biases);
    Network::<T>::from_parts(&activations, weights, biases)
        .map_err(|e| lines.error(LoadErrorKind::Weights(e)))
}

/// The text of a model file, handed out one line at a time with its number.
struct Lines<'a> {
    /// The text after the last line handed out.
    rest: &'a str,
    /// The number of the last line handed out (0 before the first).
    line: usize,
}

impl<'a> Lines<'a> {
    /// The next line, without its `\n`, after the checks every line passes: no `\r`, not
    /// blank, single spaces between words. At the end of the text, the error names the line
    /// after the last and what should have been there.
    fn expect(&mut self, expected: Expected) -> Result<&'a str, LoadError> {
        self.line += 1;
        if self.rest.is_empty() {
            return Err(self.error(LoadErrorKind::UnexpectedEnd { expected }));
        }
        let (line, rest) = self.rest.split_once('\n').unwrap_or((self.rest, ""));
        self.rest = rest;
        if line.contains('\r') {
            Err(self.error(LoadErrorKind::CarriageReturn))
        } else if line.is_empty() {
            Err(self.error(LoadErrorKind::BlankLine))
        } else if line.starts_with(' ') || line.ends_with(' ') || line.contains("  ") {
            Err(self.error(LoadErrorKind::Spacing))
        } else {
            Ok(line)
        }
    }

    /// `kind`, on the last line handed out.
    fn error(&self, kind: LoadErrorKind) -> LoadError {
        LoadError {
            line: self.line,
            kind,
        }
    }
}

/// The layer sizes of a `sizes` line, each checked to be a whole number ≥ 1.
fn parse_sizes(line: &str) -> Result<Vec<usize>, LoadErrorKind> {
    let mut words = line.split(' ');
    if words.next() != Some("sizes") {
        return Err(LoadErrorKind::WrongLine {
            expected: Expected::Sizes,
            found: quote(line),
        });
    }
    // At most one size per 2 bytes of the line.
    let mut sizes = Vec::with_capacity(words.clone().count());
    for (k, word) in words.enumerate() {
        match parse_size(word) {
            Some(0) => return Err(LoadErrorKind::ZeroSize { layer: k }),
            Some(n) => sizes.push(n),
            None => return Err(LoadErrorKind::BadSize { found: quote(word) }),
        }
    }
    if sizes.len() < 2 {
        return Err(LoadErrorKind::TooFewSizes { found: sizes.len() });
    }
    Ok(sizes)
}

/// A decimal number without sign or leading zeros that fits in `usize`.
fn parse_size(word: &str) -> Option<usize> {
    let digits = !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit());
    if !digits || (word.len() > 1 && word.starts_with('0')) {
        return None;
    }
    word.parse().ok()
}

/// The activations `f_1 … f_L` of an `activations` line: `depth` = L known names, softmax
/// only last.
fn parse_activations(line: &str, depth: usize) -> Result<Vec<Activation>, LoadErrorKind> {
    let mut words = line.split(' ');
    if words.next() != Some("activations") {
        return Err(LoadErrorKind::WrongLine {
            expected: Expected::Activations,
            found: quote(line),
        });
    }
    let found = words.clone().count();
    if found != depth {
        return Err(LoadErrorKind::ActivationCount {
            found,
            expected: depth,
        });
    }
    let mut activations = Vec::with_capacity(depth);
    for (layer, word) in (1..).zip(words) {
        match Activation::from_name(word) {
            Some(Activation::Softmax) if layer < depth => {
                return Err(LoadErrorKind::SoftmaxNotLast { layer });
            }
            Some(activation) => activations.push(activation),
            None => {
                return Err(LoadErrorKind::UnknownActivation {
                    layer,
                    found: quote(word),
                });
            }
        }
    }
    Ok(activations)
}

/// Checks that the `room` bytes after the header can hold the matrices the sizes ask for:
/// at least 7 bytes per header (`w1 1 1\n`), 2 per weight (a digit and a space or newline)
/// and 3 for `end`, and with biases 7 per bias header (`b1 1 1\n`) and 2 per bias.
/// Everything `load` allocates is bounded by this.
fn check_room(sizes: &[usize], biases: bool, room: usize) -> Result<(), LoadErrorKind> {
    let mut needed: usize = 3;
    for (l, pair) in (1..).zip(sizes.windows(2)) {
        let (rows, cols) = (pair[0], pair[1]);
        let numbers = if biases {
            rows.checked_add(1).and_then(|rows| rows.checked_mul(cols))
        } else {
            rows.checked_mul(cols)
        };
        let headers = if biases { 14 } else { 7 };
        let with_this = numbers
            .and_then(|numbers| numbers.checked_mul(2))
            .and_then(|bytes| bytes.checked_add(headers))
            .and_then(|bytes| bytes.checked_add(needed));
        match with_this {
            Some(bytes) if bytes <= room => needed = bytes,
            _ => {
                return Err(LoadErrorKind::TooLarge {
                    layer: l,
                    rows,
                    cols,
                    biases,
                    room,
                });
            }
        }
    }
    Ok(())
}

/// The line of numbers [`parse_row`] reads.
#[derive(Debug, Clone, Copy)]
enum RowOf {
    /// Row `row` (of `rows`) of `W_layer`.
    Weights {
        layer: usize,
        row: usize,
        rows: usize,
    },
    /// The one row of `b_layer`.
    Bias { layer: usize },
}

impl RowOf {
    /// The line a model file has here.
    fn expected(self) -> Expected {
        match self {
            RowOf::Weights { layer, row, rows } => Expected::Row { layer, row, rows },
            RowOf::Bias { layer } => Expected::BiasRow { layer },
        }
    }

    /// Which parameter, of which layer, and which row of it (from 1).
    fn place(self) -> (Parameter, usize, usize) {
        match self {
            RowOf::Weights { layer, row, .. } => (Parameter::Weights, layer, row),
            RowOf::Bias { layer } => (Parameter::Bias, layer, 1),
        }
    }
}

/// Parses a row of numbers, which must be `cols` finite numbers of the element type, onto
/// `data`; the errors name the row `of`.
fn parse_row<T: Float>(
    line: &str,
    of: RowOf,
    cols: usize,
    data: &mut Vec<T>,
) -> Result<(), LoadErrorKind> {
    if line == "end" || line.starts_with(['w', 'b']) {
        return Err(LoadErrorKind::WrongLine {
            expected: of.expected(),
            found: quote(line),
        });
    }
    let found = line.split(' ').count();
    let (parameter, layer, row) = of.place();
    if found != cols {
        return Err(LoadErrorKind::RowLength {
            parameter,
            layer,
            row,
            found,
            expected: cols,
        });
    }
    for (column, word) in (1..).zip(line.split(' ')) {
        let (found, element) = (quote(word), T::NAME);
        match word.parse::<T>() {
            Ok(x) if x.is_finite() => data.push(x),
            Ok(_) => {
                return Err(LoadErrorKind::NonFinite {
                    parameter,
                    layer,
                    row,
                    column,
                    found,
                    element,
                });
            }
            Err(_) => {
                return Err(LoadErrorKind::BadNumber {
                    parameter,
                    layer,
                    row,
                    column,
                    found,
                    element,
                });
            }
        }
    }
    Ok(())
}

/// Whether a line, where a header or `end` should be, looks like a row of numbers.
fn is_row(line: &str) -> bool {
    line.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | '+' | '.'))
}

/// Whether `line` is exactly the text `expected` formats to, compared piece by piece as it
/// is formatted, without allocating.
fn is_line(line: &str, expected: fmt::Arguments<'_>) -> bool {
    /// The part of the line not yet matched; writing text that does not match fails.
    struct Matcher<'a>(&'a str);
    impl fmt::Write for Matcher<'_> {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            self.0 = self.0.strip_prefix(s).ok_or(fmt::Error)?;
            Ok(())
        }
    }
    let mut matcher = Matcher(line);
    fmt::write(&mut matcher, expected).is_ok() && matcher.0.is_empty()
}

#[cfg(feature = "std")]
pub use file::FileError;

/// Saving to and loading from a path, with `std`.
#[cfg(feature = "std")]
mod file {
    use std::io::{self, Write};
    use std::path::{Path, PathBuf};

    use super::{LoadError, LoadErrorKind, ModelText, fmt, load};
    use crate::{Float, Network};

    impl<T: Float> Network<T> {
        /// Writes the model file (see [`Network::save`]) to `path`, creating or replacing it.
        ///
        /// ```
        /// use scratchnet::{Network, XorShift};
        /// let path = std::env::temp_dir().join("scratchnet-doc-save_file.txt");
        /// let net: Network = Network::new(&[3, 4, 1], &mut XorShift::new(1));
        /// net.save_file(&path)?;
        /// assert!(std::fs::read_to_string(&path)?.starts_with("scratchnet model 1\n"));
        /// # std::fs::remove_file(&path)?;
        /// # Ok::<(), std::io::Error>(())
        /// ```
        ///
        /// # Errors
        /// The error of creating or writing the file.
        pub fn save_file(&self, path: impl AsRef<Path>) -> io::Result<()> {
            let mut file = io::BufWriter::new(std::fs::File::create(path)?);
            write!(file, "{}", ModelText(self))?;
            file.flush()
        }

        /// Reads the model file at `path` (see [`Network::load`]), in this network type's
        /// element type. `Network::load` needs no annotation for `f64`, but this function is
        /// generic, so name the type, `Network::<f64>::load_file(path)` or
        /// `Network::<f32>::load_file(path)`, or let the result's type say it.
        ///
        /// ```
        /// use scratchnet::{Network, XorShift};
        /// let path = std::env::temp_dir().join("scratchnet-doc-load_file.txt");
        /// let net = Network::<f32>::new(&[3, 4, 1], &mut XorShift::new(1));
        /// net.save_file(&path)?;
        /// let loaded = Network::<f32>::load_file(&path)?;
        /// assert_eq!(loaded, net);
        /// // The file holds f32 weights: asking for f64 is an error that names both.
        /// let err = Network::<f64>::load_file(&path).unwrap_err();
        /// assert!(err.to_string().ends_with(
        ///     "line 2: the weights are f32, but a Network<f64> was asked for: \
        ///      load a Network<f32> and convert it with Network::cast"
        /// ));
        /// # std::fs::remove_file(&path)?;
        /// # Ok::<(), Box<dyn std::error::Error>>(())
        /// ```
        ///
        /// # Errors
        /// [`FileError::Io`] if the file cannot be read; [`FileError::Load`] if it is not a
        /// model file of element type `T` (a [`LoadErrorKind::NotUtf8`] for bytes that are
        /// not UTF-8, naming their line).
        pub fn load_file(path: impl AsRef<Path>) -> Result<Network<T>, FileError> {
            let path = path.as_ref();
            let bytes = std::fs::read(path).map_err(|error| FileError::Io {
                path: path.to_path_buf(),
                error,
            })?;
            let loaded = match core::str::from_utf8(&bytes) {
                Ok(text) => load(text),
                Err(e) => {
                    let valid = &bytes[..e.valid_up_to()];
                    Err(LoadError {
                        line: 1 + valid.iter().filter(|&&b| b == b'\n').count(),
                        kind: LoadErrorKind::NotUtf8,
                    })
                }
            };
            loaded.map_err(|error| FileError::Load {
                path: path.to_path_buf(),
                error,
            })
        }
    }

    /// What went wrong in [`Network::load_file`]: reading the file, or what it holds. The
    /// message starts with the path.
    ///
    /// ```
    /// use scratchnet::model::FileError;
    /// use scratchnet::Network;
    /// let path = std::env::temp_dir().join("scratchnet-doc-no-such-file.txt");
    /// let err = Network::<f64>::load_file(&path).unwrap_err();
    /// assert!(matches!(err, FileError::Io { .. }));
    /// assert!(err.to_string().starts_with(&path.display().to_string()));
    /// ```
    #[derive(Debug)]
    #[non_exhaustive]
    pub enum FileError {
        /// The file could not be read.
        Io {
            /// The file.
            path: PathBuf,
            /// What the operating system said.
            error: io::Error,
        },
        /// The file is not a model file of the element type asked for.
        Load {
            /// The file.
            path: PathBuf,
            /// The line and what was wrong.
            error: LoadError,
        },
    }

    impl fmt::Display for FileError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                FileError::Io { path, error } => write!(f, "{}: {error}", path.display()),
                FileError::Load { path, error } => write!(f, "{}: {error}", path.display()),
            }
        }
    }

    impl std::error::Error for FileError {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            match self {
                FileError::Io { error, .. } => Some(error),
                FileError::Load { error, .. } => Some(error),
            }
        }
    }
}
