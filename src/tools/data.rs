//! Data in, numbers out: a CSV reader for numeric tables, class labels and one-hot targets,
//! standardisation, a seeded train/test split, and the scores of a classifier.
//!
//! The way from a file to a test accuracy, with a network of the post's kind:
//!
//! ```
//! use scratchnet::data::{self, Header, LabelColumn, Standardizer};
//! use scratchnet::{Network, XorShift};
//!
//! // Two features and a class (0 or 1) per row: the class is 1 when x1 > x2.
//! let mut csv = String::from("x1,x2,class\n");
//! let mut rng = XorShift::new(3);
//! for _ in 0..200 {
//!     let (x1, x2) = (10.0 * rng.next_f64(), 10.0 * rng.next_f64());
//!     csv += &format!("{x1},{x2},{}\n", u8::from(x1 > x2));
//! }
//!
//! let table = data::read_csv(&csv, Header::Detect)?;
//! assert_eq!(table.names().unwrap(), ["x1", "x2", "class"]);
//! let (x, labels) = table.split_labels(LabelColumn::Last, None)?; // 200×2, 200 labels
//! let k = data::count_classes(&labels); // 2
//!
//! let (x_train, y_train, x_test, y_test) = data::train_test_split(&x, &labels, 0.25, &mut rng);
//! let standardizer = Standardizer::fit(&x_train); // μ and σ of the training set only
//! let (x_train, x_test) = (standardizer.transform(&x_train), standardizer.transform(&x_test));
//!
//! let mut net = Network::new(&[2, 8, k], &mut rng);
//! net.train(&x_train, &data::one_hot(&y_train, k), 1000, 0.05);
//! let predicted = data::argmax(&net.predict(&x_test));
//! assert!(data::accuracy(&predicted, &y_test) > 0.9);
//! println!("{}", data::confusion_matrix(&predicted, &y_test, k));
//! # Ok::<(), scratchnet::data::CsvError>(())
//! ```
//!
//! ## The CSV format
//!
//! [`read_csv`] reads what a spreadsheet or `pandas.DataFrame.to_csv(index=False)` writes for
//! a table of numbers:
//!
//! * fields separated by commas, lines by `\n` or `\r\n`; whitespace (spaces, tabs)
//!   around a field is dropped, and so is a byte-order mark at the start of the text;
//! * optionally a header line of column names ([`Header`]);
//! * every other field a finite number in Rust's syntax for `f64` (`3`, `-0.5`, `1e-3`, `.5`);
//! * every line with as many fields as the first;
//! * blank lines only at the end.
//!
//! There is no quoting: a number never holds a comma. Lines and columns in errors are counted
//! from 1, as a text editor counts them, and a column is a field (the third field of a line
//! is column 3, wherever it starts): `line 7, column 3: "abc" is not a number`.
//!
//! The reader never panics, whatever the text (`tests/data.rs` reads 20 000 random, valid
//! and damaged texts in each [`Header`] mode), and what it allocates is proportional to the
//! length of the text: a short text cannot make it ask for much memory.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::ops::Index;

use crate::error::quote;
use crate::math::sqrt;
use crate::matrix::argmax_row;
use crate::{Error, Float, Matrix, XorShift};

/// Labels are below this, 2¹⁶: more classes than any classification data set has, and few
/// enough that the one-hot matrix of a file stays within a small multiple of the file's
/// size (a stray label of 10¹² would otherwise ask for 10¹² columns).
const LABEL_LIMIT: f64 = 65_536.0; // 2¹⁶

/// Whether the first line of a CSV text holds column names.
///
/// ```
/// use scratchnet::data::{read_csv, Header};
///
/// let with_names = read_csv("a,b\n1,2\n", Header::Detect).unwrap();
/// assert_eq!(with_names.names().unwrap(), ["a", "b"]);
/// let numbers_only = read_csv("1,2\n3,4\n", Header::Detect).unwrap();
/// assert_eq!(numbers_only.names(), None);
/// assert_eq!(numbers_only.rows(), 2);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Header {
    /// Line 1 is a header, whatever it holds.
    Present,
    /// Line 1 is the first row of numbers.
    Absent,
    /// Line 1 is a header if none of its fields is a number, and a row of numbers otherwise.
    /// A line 1 that mixes numbers and text is read as numbers, so its text is an error
    /// (`line 1, column 2: "abc" is not a number`): a typo in the first row is reported, not
    /// taken for a header. Say [`Header::Present`] for a header with a number among its names.
    Detect,
}

/// Which column of a [`Table`] holds the class labels.
///
/// ```
/// use scratchnet::data::{read_csv, Header, LabelColumn};
///
/// let table = read_csv("1,10,100\n0,20,200\n", Header::Absent).unwrap();
/// let (x, labels) = table.split_labels(LabelColumn::Index(0), None).unwrap();
/// assert_eq!((x.row(1), labels), (&[20., 200.][..], vec![1, 0]));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelColumn {
    /// The column with this index, counted from 0.
    Index(usize),
    /// The last column.
    Last,
}

/// A table of finite numbers read by [`read_csv`]: `rows × cols` values, and the column names
/// when the text had a header.
///
/// ```
/// use scratchnet::data::{read_csv, Header};
///
/// let table = read_csv("height,weight\n1.8,75\n1.6,60\n", Header::Present).unwrap();
/// assert_eq!(table.names().unwrap(), ["height", "weight"]);
/// assert_eq!((table.rows(), table.cols()), (2, 2));
/// assert_eq!(table.values().row(1), &[1.6, 60.0]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The header's names, or `None` without a header.
    names: Option<Names>,
    /// The numbers, one matrix row per data line (`rows × cols`).
    values: Matrix,
}

impl Table {
    /// The column names from the header, trimmed, and without the double quotes around a
    /// name that is quoted (`"sepal length"` gives `sepal length`); `None` if the text had no
    /// header.
    pub fn names(&self) -> Option<Vec<&str>> {
        let names = self.names.as_ref()?;
        let starts = core::iter::once(0).chain(names.ends.iter().copied());
        let ranges = starts.zip(names.ends.iter().copied());
        Some(ranges.map(|(start, end)| &names.text[start..end]).collect())
    }

    /// Number of rows of numbers (the header is not one).
    pub fn rows(&self) -> usize {
        self.values.rows()
    }

    /// Number of columns (fields per line).
    pub fn cols(&self) -> usize {
        self.values.cols()
    }

    /// The numbers as a `rows × cols` matrix: row `i` is the `i`-th line of numbers.
    pub fn values(&self) -> &Matrix {
        &self.values
    }

    /// The numbers as a `rows × cols` matrix, without copying.
    ///
    /// ```
    /// use scratchnet::data::{read_csv, Header};
    /// use scratchnet::Matrix;
    ///
    /// let x = read_csv("1,2\n3,4\n", Header::Absent).unwrap().into_matrix();
    /// assert_eq!(x, Matrix::from_rows(&[[1., 2.], [3., 4.]]));
    /// ```
    pub fn into_matrix(self) -> Matrix {
        self.values
    }

    /// The line of the text that row `i` came from, counted from 1.
    fn line(&self, i: usize) -> usize {
        i + 1 + usize::from(self.names.is_some())
    }

    /// Splits off the label column: the other columns, in their order, become the features
    /// `X` (`m × (cols − 1)`), and the label column becomes one class number per row.
    ///
    /// A label must be a whole number `0 ≤ y < k`, the classes being `0, 1, …, k − 1`. With
    /// `classes = Some(k)` the labels are checked against that `k` (for a test set, pass the
    /// `k` of the training set); with `None` any whole number below 2¹⁶ = 65536 is a class,
    /// and [`count_classes`] gives `k` afterwards. (The limit keeps a stray label such as
    /// 10¹² from asking [`one_hot`] for 10¹² columns.)
    ///
    /// ```
    /// use scratchnet::data::{read_csv, Header, LabelColumn};
    /// use scratchnet::Matrix;
    ///
    /// let table = read_csv("x1,x2,y\n0.5,1,2\n1.5,0,0\n", Header::Present).unwrap();
    /// let (x, labels) = table.split_labels(LabelColumn::Last, Some(3)).unwrap();
    /// assert_eq!(x, Matrix::from_rows(&[[0.5, 1.], [1.5, 0.]]));
    /// assert_eq!(labels, [2, 0]);
    ///
    /// let err = table.split_labels(LabelColumn::Last, Some(2)).unwrap_err();
    /// assert_eq!(err.to_string(), "line 2, column 3: label 2 is not a class: classes are 0 to 1");
    /// let err = table.split_labels(LabelColumn::Index(0), None).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "line 2, column 1: label 0.5 is not a class: classes are whole numbers 0, 1, 2, … below 65536"
    /// );
    /// ```
    ///
    /// # Errors
    /// [`CsvError::NoSuchColumn`] if `column` is `Index(j)` with `j ≥ cols`;
    /// [`CsvError::NotAClass`], naming the line and column, for the first label that is not
    /// a class.
    pub fn split_labels(
        &self,
        column: LabelColumn,
        classes: Option<usize>,
    ) -> Result<(Matrix, Vec<usize>), CsvError> {
        let (m, cols) = self.values.shape();
        let label_column = match column {
            LabelColumn::Index(j) if j < cols => j,
            LabelColumn::Index(j) => {
                return Err(CsvError::NoSuchColumn {
                    column: j,
                    columns: cols,
                });
            }
            LabelColumn::Last => cols - 1, // a table has at least one column
        };
        let d = cols - 1;
        let mut features = Vec::with_capacity(m * d);
        let mut labels = Vec::with_capacity(m);
        for i in 0..m {
            let row = self.values.row(i);
            let y = row[label_column];
            labels.push(class_number(y, classes).ok_or(CsvError::NotAClass {
                line: self.line(i),
                column: label_column + 1,
                value: y,
                classes,
            })?);
            features.extend_from_slice(&row[..label_column]);
            features.extend_from_slice(&row[label_column + 1..]);
        }
        Ok((Matrix::from_vec(m, d, features), labels))
    }
}

/// `y` as a class number, if it is a whole number below `classes` (or below 2¹⁶).
fn class_number(y: f64, classes: Option<usize>) -> Option<usize> {
    if !(0.0..LABEL_LIMIT).contains(&y) {
        return None;
    }
    // `y` is in [0, 2¹⁶), so the cast is exact for whole numbers and drops the fraction of
    // others, which the comparison then sees.
    let whole = y as u64;
    if whole as f64 != y {
        return None;
    }
    let c = usize::try_from(whole).ok()?;
    match classes {
        Some(k) if c >= k => None,
        _ => Some(c),
    }
}

/// Reads a CSV text of numbers into a [`Table`] (the format is described in the
/// [module documentation](crate::data)).
///
/// ```
/// use scratchnet::data::{read_csv, Header};
/// use scratchnet::Matrix;
///
/// let text = " a , b \r\n1, 2.5\r\n-3 ,4e-1\r\n\r\n";
/// let table = read_csv(text, Header::Detect).unwrap();
/// assert_eq!(table.names().unwrap(), ["a", "b"]);
/// assert_eq!(table.values(), &Matrix::from_rows(&[[1., 2.5], [-3., 0.4]]));
///
/// let err = read_csv("1,2\n3,x\n", Header::Absent).unwrap_err();
/// assert_eq!(err.to_string(), r#"line 2, column 2: "x" is not a number"#);
/// assert_eq!((err.line(), err.column()), (Some(2), Some(2)));
/// ```
///
/// # Errors
/// The first problem in the text, as a [`CsvError`] naming its line and, for a field, its
/// column: a field that is empty, not a number or not finite; a line with another number of
/// fields than the first; a blank line before the end; no rows of numbers at all.
pub fn read_csv(text: &str, header: Header) -> Result<Table, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = text
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line));
    let mut reader = Reader::new(header);
    for (line_number, line) in (1..).zip(lines) {
        reader.line(line_number, line)?;
    }
    reader.finish()
}

/// [`read_csv`] from a reader, a line at a time: a file through a `BufReader`, say. It holds
/// one line of the text at a time, and the numbers.
///
/// ```
/// use scratchnet::data::{read_csv, read_csv_from, Header};
/// let text = "x,y\n1,2\n3,4\n";
/// let table = read_csv_from(text.as_bytes(), Header::Detect)?;
/// assert_eq!(table, read_csv(text, Header::Detect)?);
/// # Ok::<(), scratchnet::data::CsvError>(())
/// ```
///
/// # Errors
/// Those of [`read_csv`], and [`CsvError::NotUtf8`] for a line that is not UTF-8 or
/// [`CsvError::Read`] if the reader fails.
#[cfg(feature = "std")]
pub fn read_csv_from(mut input: impl std::io::BufRead, header: Header) -> Result<Table, CsvError> {
    let mut reader = Reader::new(header);
    let mut buffer = Vec::new();
    for line_number in 1.. {
        if !next_line(&mut input, &mut buffer, line_number)? {
            break;
        }
        let mut bytes = buffer.strip_suffix(b"\n").unwrap_or(&buffer);
        bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        if line_number == 1 {
            bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
        }
        let line =
            core::str::from_utf8(bytes).map_err(|_| CsvError::NotUtf8 { line: line_number })?;
        reader.line(line_number, line)?;
    }
    reader.finish()
}

/// Reads the next line of `input`, with its `\n` if it has one, into `buffer`: `false` at
/// the end of the input. `BufRead::read_until`, but with the buffer grown by `try_reserve`,
/// so that a line too long for memory is an error rather than an abort.
#[cfg(feature = "std")]
fn next_line(
    input: &mut impl std::io::BufRead,
    buffer: &mut Vec<u8>,
    line: usize,
) -> Result<bool, CsvError> {
    buffer.clear();
    loop {
        let available = match input.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                let message = alloc::string::ToString::to_string(&e);
                return Err(CsvError::Read { line, message });
            }
        };
        if available.is_empty() {
            return Ok(!buffer.is_empty());
        }
        let end = available.iter().position(|&b| b == b'\n');
        let chunk = &available[..end.map_or(available.len(), |i| i + 1)];
        buffer
            .try_reserve(chunk.len())
            .map_err(|_| CsvError::TooLarge {
                line,
                count: buffer.len() + chunk.len(),
                what: "bytes of the line's text",
            })?;
        buffer.extend_from_slice(chunk);
        let used = chunk.len();
        input.consume(used);
        if end.is_some() {
            return Ok(true);
        }
    }
}

/// A CSV text read one line at a time, keeping nothing of it but the numbers. Blank lines
/// are allowed at the end only, so a blank line is an error once a line of numbers
/// follows it.
struct Reader {
    header: Header,
    /// The first blank line since the last line read.
    blank: Option<usize>,
    /// The number of fields, from the first line.
    cols: Option<usize>,
    names: Option<Names>,
    values: Vec<f64>,
    rows: usize,
}

impl Reader {
    fn new(header: Header) -> Reader {
        Reader {
            header,
            blank: None,
            cols: None,
            names: None,
            values: Vec::new(),
            rows: 0,
        }
    }

    /// Reads line `line_number` (without its end of line).
    fn line(&mut self, line_number: usize, line: &str) -> Result<(), CsvError> {
        if trim(line).is_empty() {
            self.blank = self.blank.or(Some(line_number));
            return Ok(());
        }
        if let Some(line) = self.blank {
            return Err(CsvError::BlankLine { line });
        }
        let expected = *self.cols.get_or_insert_with(|| fields(line).count());
        if line_number == 1 {
            let has_header = match self.header {
                Header::Present => true,
                Header::Absent => false,
                Header::Detect => fields(line).all(|field| field.parse::<f64>().is_err()),
            };
            if has_header {
                let mut names = Names {
                    text: String::new(),
                    ends: Vec::new(),
                };
                let refused = |_| CsvError::TooLarge {
                    line: line_number,
                    count: expected,
                    what: "column names",
                };
                names.text.try_reserve_exact(line.len()).map_err(refused)?;
                names.ends.try_reserve_exact(expected).map_err(refused)?;
                for name in fields(line).map(unquote) {
                    names.text.push_str(name);
                    names.ends.push(names.text.len());
                }
                self.names = Some(names);
                return Ok(());
            }
        }
        let found = fields(line).count();
        if found != expected {
            return Err(CsvError::FieldCount {
                line: line_number,
                found,
                expected,
            });
        }
        self.values
            .try_reserve(expected)
            .map_err(|_| CsvError::TooLarge {
                line: line_number,
                count: self.values.len() + expected,
                what: "numbers",
            })?;
        for (j, field) in fields(line).enumerate() {
            self.values.push(number(field, line_number, j + 1)?);
        }
        self.rows += 1;
        Ok(())
    }

    /// The table of the lines read, or [`CsvError::NoRows`].
    fn finish(mut self) -> Result<Table, CsvError> {
        let (Some(cols), true) = (self.cols, self.rows > 0) else {
            return Err(CsvError::NoRows);
        };
        // The vector grew by doubling: give back what the numbers do not use.
        self.values.shrink_to_fit();
        Ok(Table {
            names: self.names,
            values: Matrix::from_vec(self.rows, cols, self.values),
        })
    }
}

/// The fields of one line, trimmed.
fn fields(line: &str) -> impl Iterator<Item = &str> {
    line.split(',').map(trim)
}

/// `text` without the spaces and tabs around it: the whitespace the format allows around a
/// field (other characters, a no-break space say, stay, and make the field not a number).
fn trim(text: &str) -> &str {
    text.trim_matches([' ', '\t'])
}

/// A header name without the double quotes around it, if it has them.
fn unquote(name: &str) -> &str {
    let unquoted = name
        .strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'));
    unquoted.unwrap_or(name)
}

/// The column names of a header, in one string: name `j` is `text[ends[j − 1]..ends[j]]`
/// (from 0 for the first). A name costs its text and 8 bytes, not the 24 bytes and the
/// allocation of a `String` of its own, so that a header of a million commas is held in
/// 8 MB, as a row of numbers is.
#[derive(Debug, Clone, PartialEq)]
struct Names {
    text: String,
    ends: Vec<usize>,
}

/// The finite number in `field` (already trimmed), or the error naming its line and column.
fn number(field: &str, line: usize, column: usize) -> Result<f64, CsvError> {
    if field.is_empty() {
        return Err(CsvError::EmptyField { line, column });
    }
    match field.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        Ok(_) => Err(CsvError::NotFinite {
            line,
            column,
            found: quote(field),
        }),
        Err(_) => Err(CsvError::NotANumber {
            line,
            column,
            found: quote(field),
        }),
    }
}

/// What was wrong with a CSV text, or with its label column: the line (counted from 1) and,
/// for a field, the column (counted from 1), and what the problem is.
///
/// ```
/// use scratchnet::data::{read_csv, CsvError, Header};
///
/// let err = read_csv("a,b\n1,2\n3,4,5\n", Header::Present).unwrap_err();
/// assert_eq!(err, CsvError::FieldCount { line: 3, found: 3, expected: 2 });
/// assert_eq!(err.to_string(), "line 3 has 3 fields, expected 2");
/// assert_eq!((err.line(), err.column()), (Some(3), None));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum CsvError {
    /// The text has no rows of numbers (it is empty, blank, or a header alone):
    /// `the text has no rows of numbers`.
    NoRows,
    /// A blank line with rows after it: `line 4 is blank: blank lines are allowed only at
    /// the end`.
    BlankLine {
        /// The blank line.
        line: usize,
    },
    /// A line whose number of fields differs from the first line's: `line 4 has 5 fields,
    /// expected 4`.
    FieldCount {
        /// The line.
        line: usize,
        /// Its number of fields.
        found: usize,
        /// The first line's number of fields.
        expected: usize,
    },
    /// A field with nothing (or only spaces) in it: `line 3, column 2: the field is empty`.
    EmptyField {
        /// The line.
        line: usize,
        /// The field, counted from 1.
        column: usize,
    },
    /// A field that is not a number: `line 7, column 3: "abc" is not a number`.
    NotANumber {
        /// The line.
        line: usize,
        /// The field, counted from 1.
        column: usize,
        /// The field, trimmed, cut to 40 characters with `…` after them.
        found: String,
    },
    /// A field that is infinite or NaN, or a number too large for an `f64` (`1e999`):
    /// `line 2, column 1: "inf" is not a finite number`.
    NotFinite {
        /// The line.
        line: usize,
        /// The field, counted from 1.
        column: usize,
        /// The field, trimmed, cut to 40 characters with `…` after them.
        found: String,
    },
    /// A label that is not a class number (see [`Table::split_labels`]): `line 2, column 3:
    /// label 2 is not a class: classes are 0 to 1`.
    NotAClass {
        /// The line.
        line: usize,
        /// The label column, counted from 1.
        column: usize,
        /// The label.
        value: f64,
        /// The number of classes `k`, if one was given.
        classes: Option<usize>,
    },
    /// A label column asked for by index that the table does not have: `label column 4 (from
    /// 0) does not exist: the table has 3 columns`.
    NoSuchColumn {
        /// The index asked for, counted from 0.
        column: usize,
        /// The table's number of columns.
        columns: usize,
    },
    /// A line that is not UTF-8 (only from [`read_csv_from`]; a `&str` always is).
    NotUtf8 {
        /// The line, counted from 1.
        line: usize,
    },
    /// The reader failed (only from [`read_csv_from`]): `line 7: cannot read: …`.
    Read {
        /// The line it was reading, counted from 1.
        line: usize,
        /// The reader's error, in words.
        message: String,
    },
    /// The allocator refused the memory for a line's text (only from [`read_csv_from`]) or
    /// for the column names or the numbers read so far: `line 1: 536870912 bytes of the
    /// line's text do not fit in memory`, `line 9000001: 36000004 numbers do not fit in
    /// memory`.
    TooLarge {
        /// The line being read, counted from 1.
        line: usize,
        /// How much was asked for.
        count: usize,
        /// `"bytes of the line's text"`, `"column names"` or `"numbers"`.
        what: &'static str,
    },
}

impl CsvError {
    /// The line of the problem, counted from 1; `None` for a problem of the whole text
    /// ([`NoRows`](CsvError::NoRows), [`NoSuchColumn`](CsvError::NoSuchColumn)).
    pub fn line(&self) -> Option<usize> {
        match *self {
            CsvError::NoRows | CsvError::NoSuchColumn { .. } => None,
            CsvError::BlankLine { line }
            | CsvError::NotUtf8 { line }
            | CsvError::Read { line, .. }
            | CsvError::TooLarge { line, .. }
            | CsvError::FieldCount { line, .. }
            | CsvError::EmptyField { line, .. }
            | CsvError::NotANumber { line, .. }
            | CsvError::NotFinite { line, .. }
            | CsvError::NotAClass { line, .. } => Some(line),
        }
    }

    /// The column (field) of the problem, counted from 1; `None` for a problem of a whole
    /// line or of the whole text.
    pub fn column(&self) -> Option<usize> {
        match *self {
            CsvError::EmptyField { column, .. }
            | CsvError::NotANumber { column, .. }
            | CsvError::NotFinite { column, .. }
            | CsvError::NotAClass { column, .. } => Some(column),
            CsvError::NoRows
            | CsvError::BlankLine { .. }
            | CsvError::FieldCount { .. }
            | CsvError::NoSuchColumn { .. }
            | CsvError::NotUtf8 { .. }
            | CsvError::Read { .. }
            | CsvError::TooLarge { .. } => None,
        }
    }
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let (Some(line), Some(column)) = (self.line(), self.column()) {
            write!(f, "line {line}, column {column}: ")?;
        }
        match self {
            CsvError::NoRows => write!(f, "the text has no rows of numbers"),
            CsvError::NotUtf8 { line } => write!(f, "line {line} is not UTF-8 text"),
            CsvError::Read { line, message } => write!(f, "line {line}: cannot read: {message}"),
            CsvError::TooLarge { line, count, what } => {
                write!(f, "line {line}: {count} {what} do not fit in memory")
            }
            CsvError::BlankLine { line } => write!(
                f,
                "line {line} is blank: blank lines are allowed only at the end"
            ),
            CsvError::FieldCount {
                line,
                found,
                expected,
            } => write!(f, "line {line} has {found} fields, expected {expected}"),
            CsvError::EmptyField { .. } => write!(f, "the field is empty"),
            CsvError::NotANumber { found, .. } => write!(f, "{found:?} is not a number"),
            CsvError::NotFinite { found, .. } => write!(f, "{found:?} is not a finite number"),
            CsvError::NotAClass { value, classes, .. } => {
                write!(f, "label ")?;
                write_number(f, *value)?;
                match classes {
                    None => write!(
                        f,
                        " is not a class: classes are whole numbers 0, 1, 2, … below 65536"
                    ),
                    Some(k) => write!(f, " is not a class: {}", Classes(*k)),
                }
            }
            CsvError::NoSuchColumn { column, columns } => write!(
                f,
                "label column {column} (from 0) does not exist: the table has {columns} columns"
            ),
        }
    }
}

/// `classes are 0 to k − 1` (or `there are no classes`), for messages about a class number.
struct Classes(usize);

impl fmt::Display for Classes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            0 => write!(f, "there are no classes"),
            k => write!(f, "classes are 0 to {}", k - 1),
        }
    }
}

/// `x` as `{}` writes it, or as `{:e}` when that would be a long run of digits.
fn write_number(f: &mut fmt::Formatter<'_>, x: f64) -> fmt::Result {
    if x == 0.0 || (1e-4..1e16).contains(&x.abs()) {
        write!(f, "{x}")
    } else {
        write!(f, "{x:e}")
    }
}

/// `core::error::Error` is the trait that `std` re-exports as `std::error::Error`.
impl core::error::Error for CsvError {}

/// The number of classes `k` that `labels` use: the largest label plus one (0 for no labels).
///
/// ```
/// use scratchnet::data::count_classes;
/// assert_eq!(count_classes(&[0, 2, 1, 2]), 3);
/// assert_eq!(count_classes(&[]), 0);
/// ```
pub fn count_classes(labels: &[usize]) -> usize {
    labels.iter().max().map_or(0, |&c| c + 1)
}

/// One-hot targets: the `m × k` matrix `Y` with a 1 in row `i` at column `labels[i]`.
///
/// ```text
/// Yᵢ꜀ = 1 if labels[i] = c, else 0          (i = 0 … m−1, c = 0 … k−1)
/// ```
///
/// ```
/// use scratchnet::data::one_hot;
/// use scratchnet::Matrix;
///
/// let y = one_hot(&[2, 0, 1], 3);
/// assert_eq!(y, Matrix::from_rows(&[[0., 0., 1.], [1., 0., 0.], [0., 1., 0.]]));
/// ```
///
/// It is an `f64` matrix, like the crate's other constructors; `one_hot(…).cast::<f32>()`
/// gives the same in `f32` (0 and 1 convert exactly).
///
/// # Panics
/// If a label is not below `classes`, naming it: `one_hot: labels[1] = 3, but classes are
/// 0 to 2`; or if the `m × k` matrix does not fit in memory (see [`try_one_hot`]).
pub fn one_hot(labels: &[usize], classes: usize) -> Matrix {
    try_one_hot(labels, classes).unwrap_or_else(|e| panic!("one_hot: {e}"))
}

/// [`one_hot`], or [`Error::TooLarge`] if the `m × k` matrix does not fit in memory: `m × k`
/// overflows, or the allocator refuses the `8·m·k` bytes. For labels from outside, whose
/// count `m` and number of classes `k` a file decides: the matrix grows as `m × k`, so
/// 30,000 samples of 30,000 classes ask for 7.2 GB.
///
/// ```
/// use scratchnet::data::try_one_hot;
/// use scratchnet::{Error, Matrix};
///
/// assert_eq!(try_one_hot(&[1, 0], 2)?, Matrix::from_rows(&[[0., 1.], [1., 0.]]));
/// let too_many = try_one_hot(&[0, 1], usize::MAX / 2 + 1);
/// assert_eq!(too_many, Err(Error::TooLarge { rows: 2, cols: usize::MAX / 2 + 1 }));
/// # Ok::<(), Error>(())
/// ```
///
/// # Errors
/// [`Error::TooLarge`] as above.
///
/// # Panics
/// If a label is not below `classes`, as [`one_hot`]: labels from outside are checked
/// against the classes when they are read ([`Table::split_labels`]).
pub fn try_one_hot(labels: &[usize], classes: usize) -> Result<Matrix, Error> {
    let mut y = Matrix::try_filled(labels.len(), classes, 0.0)?;
    for (i, &c) in labels.iter().enumerate() {
        assert!(
            c < classes,
            "one_hot: labels[{i}] = {c}, but {}",
            Classes(classes)
        );
        y[(i, c)] = 1.0;
    }
    Ok(y)
}

/// Per-column standardisation: the mean `μ` and standard deviation `σ` of each feature of a
/// training set, to map any set (training, test, new samples) to `x' = (x − μ)/σ`.
///
/// ```text
/// μⱼ = (1/m) Σᵢ xᵢⱼ
/// σⱼ = √( (1/m) Σᵢ (xᵢⱼ − μⱼ)² )           (the population σ, numpy's np.std)
/// x'ᵢⱼ = (xᵢⱼ − μⱼ) / σⱼ
/// ```
///
/// Fit it on the training set only, and transform the test set with the training set's `μ`
/// and `σ`: the test set stands for data not seen yet, so nothing may be learnt from it.
/// After the transform each training column has mean 0 and standard deviation 1 (to
/// rounding); the test columns are near, not at, those values.
///
/// A constant column (every value equal) has `σ = 0`, and `x − μ` would be divided by 0. It
/// gets `μ` = that value and `σ = 1` instead, so that it maps to 0 in the training set, and
/// a test value to its distance from the training constant. (So does a column whose values
/// differ by so little that `σ` rounds to 0 in `T`, such as `1e-200` and `2e-200`, whose
/// squared deviations underflow.)
///
/// ```
/// use scratchnet::data::Standardizer;
/// use scratchnet::Matrix;
///
/// let x_train = Matrix::from_rows(&[[1., 10., 7.], [3., 30., 7.]]);
/// let standardizer = Standardizer::fit(&x_train);
/// assert_eq!(standardizer.mean, [2., 20., 7.]);
/// assert_eq!(standardizer.std, [1., 10., 1.]); // the constant column gets σ = 1
/// assert_eq!(
///     standardizer.transform(&x_train),
///     Matrix::from_rows(&[[-1., -1., 0.], [1., 1., 0.]])
/// );
/// let x_test = Matrix::from_rows(&[[4., 20., 8.]]);
/// assert_eq!(standardizer.transform(&x_test), Matrix::from_rows(&[[2., 0., 1.]]));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Standardizer<T = f64> {
    /// `μⱼ`, the mean of column `j` of the training set.
    pub mean: Vec<T>,
    /// `σⱼ`, the population standard deviation of column `j` of the training set; 1 for a
    /// constant column. Never 0 after [`fit`](Standardizer::fit).
    pub std: Vec<T>,
}

impl<T: Float> Standardizer<T> {
    /// The mean and population standard deviation of every column of the `m × d` training
    /// set `x`. Each column is summed in `f64` (for an `f32` matrix too), in two passes (the
    /// mean, then the squared deviations from it), and the results are rounded to `T`.
    ///
    /// # Panics
    /// If `x` has no rows: `Standardizer::fit: a 0×3 matrix has no rows to take the mean
    /// of`.
    pub fn fit(x: &Matrix<T>) -> Standardizer<T> {
        let (m, d) = x.shape();
        assert!(
            m > 0,
            "Standardizer::fit: a {m}×{d} matrix has no rows to take the mean of"
        );
        let column = |j: usize| (0..m).map(move |i| x[(i, j)].to_f64());
        let mut mean = Vec::with_capacity(d);
        let mut std = Vec::with_capacity(d);
        for j in 0..d {
            let first = x[(0, j)];
            if column(j).all(|x_ij| x_ij == first.to_f64()) {
                // σ = 0; the mean is the constant itself, with no rounding error that would
                // make x − μ a tiny non-zero number.
                mean.push(first);
                std.push(T::ONE);
                continue;
            }
            // μ and σ of the column divided by `scale`, then scaled back.
            let moments = |scale: f64| {
                let mu = column(j).map(|x_ij| x_ij / scale).sum::<f64>() / m as f64;
                let deviations = column(j).map(|x_ij| (x_ij / scale - mu) * (x_ij / scale - mu));
                let variance = deviations.sum::<f64>() / m as f64;
                (mu * scale, sqrt(variance) * scale)
            };
            // Unscaled (÷ 1 changes no bit); where the sums overflow (values near ±1.8e308),
            // again on the column divided by its largest |x|, so that no sum exceeds m.
            let (mu, sigma) = match moments(1.0) {
                (mu, sigma) if mu.is_finite() && sigma.is_finite() => (mu, sigma),
                _ => moments(column(j).fold(0.0, |largest, x_ij| largest.max(x_ij.abs()))),
            };
            let sigma = T::from_f64(sigma);
            mean.push(T::from_f64(mu));
            std.push(if sigma == T::ZERO { T::ONE } else { sigma });
        }
        Standardizer { mean, std }
    }

    /// `x'ᵢⱼ = (xᵢⱼ − μⱼ) / σⱼ` for an `m × d` matrix: any set with the training set's `d`
    /// columns.
    ///
    /// ```
    /// use scratchnet::data::Standardizer;
    /// use scratchnet::Matrix;
    ///
    /// let x_train = Matrix::<f32>::from_rows(&[[1., 10.], [3., 50.]]); // μ = (2, 30), σ = (1, 20)
    /// let standardizer = Standardizer::fit(&x_train);
    /// let x_test = Matrix::<f32>::from_rows(&[[2.5, 0.], [-1., 30.]]);
    /// assert_eq!(
    ///     standardizer.transform(&x_test),
    ///     Matrix::<f32>::from_rows(&[[0.5, -1.5], [-3., 0.]])
    /// );
    /// ```
    ///
    /// # Panics
    /// If `x` has another number of columns than the training set, or `mean` and `std` (set
    /// by hand) differ in length.
    pub fn transform(&self, x: &Matrix<T>) -> Matrix<T> {
        let (m, d) = x.shape();
        assert!(
            self.mean.len() == d && self.std.len() == d,
            "Standardizer::transform: a {m}×{d} matrix, but μ has {} columns and σ {}",
            self.mean.len(),
            self.std.len()
        );
        let mut x_prime = x.clone();
        // (`max(1)`: a matrix of no columns has no values, and chunks of 0 would panic.)
        for row in x_prime.as_mut_slice().chunks_exact_mut(d.max(1)) {
            for ((x_ij, &mu), &sigma) in row.iter_mut().zip(&self.mean).zip(&self.std) {
                *x_ij = (*x_ij - mu) / sigma;
            }
        }
        x_prime
    }
}

/// A random permutation of `0..m`, by the Fisher–Yates shuffle: every one of the `m!` orders
/// is equally likely, and the same seed gives the same order on every platform.
///
/// ```text
/// p = [0, 1, …, m−1]
/// for i = m−1 down to 1:  j = uniform in 0..=i;  swap p[i], p[j]
/// ```
///
/// ```
/// use scratchnet::data::permutation;
/// use scratchnet::XorShift;
///
/// let p = permutation(5, &mut XorShift::new(1));
/// assert_eq!(p, permutation(5, &mut XorShift::new(1)));
/// let mut sorted = p.clone();
/// sorted.sort();
/// assert_eq!(sorted, [0, 1, 2, 3, 4]);
/// ```
pub fn permutation(m: usize, rng: &mut XorShift) -> Vec<usize> {
    let mut p: Vec<usize> = (0..m).collect();
    rng.shuffle(&mut p);
    p
}

/// The rows of `x` at `indices`, in that order.
fn select_rows<T: Float>(x: &Matrix<T>, indices: &[usize]) -> Matrix<T> {
    let mut data = Vec::with_capacity(indices.len() * x.cols());
    for &i in indices {
        data.extend_from_slice(x.row(i));
    }
    Matrix::<T>::from_vec(indices.len(), x.cols(), data)
}

/// Splits `m` samples at random into a training and a test set:
/// `(x_train, y_train, x_test, y_test)`.
///
/// The rows are shuffled by [`permutation`]; the first `m_test = ⌈test_fraction · m⌉` of the
/// shuffled rows are the test set, the other `m − m_test` the training set, each in shuffled
/// order and each label kept with its row. Every row lands in exactly one of the two sets,
/// and the same seed gives the same split.
///
/// `m_test` is scikit-learn's `ceil(test_size * n_samples)`, product in `f64` included, so
/// the two give sets of the same sizes, quirks and all: `0.07 · 100` is `7.000000000000001`
/// in `f64`, so 8 test rows.
///
/// ```
/// use scratchnet::data::train_test_split;
/// use scratchnet::{Matrix, XorShift};
///
/// let x = Matrix::from_rows(&[[0.], [1.], [2.], [3.], [4.]]);
/// let labels = [0, 1, 2, 3, 4]; // the label of row i is i
/// let (x_train, y_train, x_test, y_test) =
///     train_test_split(&x, &labels, 0.3, &mut XorShift::new(7));
/// assert_eq!((x_train.rows(), x_test.rows()), (3, 2)); // ⌈0.3 · 5⌉ = 2
/// for (x, y) in [(&x_train, &y_train), (&x_test, &y_test)] {
///     for (i, &label) in y.iter().enumerate() {
///         assert_eq!(x[(i, 0)], label as f64);
///     }
/// }
/// ```
///
/// # Panics
/// If `test_fraction` is not in `[0, 1]`, or `labels` does not have one label per row of `x`.
pub fn train_test_split<T: Float>(
    x: &Matrix<T>,
    labels: &[usize],
    test_fraction: f64,
    rng: &mut XorShift,
) -> (Matrix<T>, Vec<usize>, Matrix<T>, Vec<usize>) {
    let m = x.rows();
    assert!(
        (0.0..=1.0).contains(&test_fraction),
        "train_test_split: test_fraction = {test_fraction}, expected a number from 0 to 1"
    );
    assert!(
        labels.len() == m,
        "train_test_split: {} labels for a {m}×{} matrix, expected {m}",
        labels.len(),
        x.cols()
    );
    // ⌈test_fraction · m⌉: the cast truncates a number in [0, m].
    let product = test_fraction * m as f64;
    let truncated = product as usize;
    let m_test = (truncated + usize::from((truncated as f64) < product)).min(m);
    let p = permutation(m, rng);
    let (test, train) = p.split_at(m_test);
    let labels_of = |rows: &[usize]| rows.iter().map(|&i| labels[i]).collect();
    (
        select_rows(x, train),
        labels_of(train),
        select_rows(x, test),
        labels_of(test),
    )
}

/// The index of the largest value in each row of an `m × k` matrix: the predicted class of
/// each sample, from a network's outputs (or one-hot targets back to labels).
///
/// Ties go to the first index. A NaN counts as larger than every number, so a row with a
/// NaN gives the index of its first NaN, as numpy's `argmax` does: a broken output shows
/// as a prediction instead of vanishing (`f64::max(NaN, x)` is `x`). This is the order of
/// `total_cmp` for NaNs with the sign bit clear; NaNs with it set, such as the `0.0 / 0.0`
/// that x86 processors compute, count as larger too (`total_cmp` would put them below −∞).
///
/// ```
/// use scratchnet::data::argmax;
/// use scratchnet::Matrix;
///
/// let y_hat = Matrix::from_rows(&[
///     [0.1, 0.7, 0.2],
///     [0.5, 0.2, 0.5],      // a tie: the first
///     [0.3, f64::NAN, 0.9], // a NaN: the NaN
///     [-0.0, 0.0, -1.0],    // −0 = +0: the first
/// ]);
/// assert_eq!(argmax(&y_hat), [1, 0, 1, 0]);
/// ```
///
/// # Panics
/// If the matrix has rows but no columns: `argmax: a 2×0 matrix has no columns`.
pub fn argmax<T: Float>(y_hat: &Matrix<T>) -> Vec<usize> {
    let (m, k) = y_hat.shape();
    assert!(
        k > 0 || m == 0,
        "argmax: a {m}×{k} matrix has no columns to choose from"
    );
    (0..m).map(|i| argmax_row(y_hat.row(i))).collect()
}

/// The fraction of predictions that equal the actual class:
///
/// ```text
/// accuracy = (1/m) · #{ i : predicted[i] = actual[i] }
/// ```
///
/// NaN for no samples (0/0), as numpy's mean of an empty array.
///
/// ```
/// use scratchnet::data::accuracy;
/// assert_eq!(accuracy(&[0, 1, 2, 2], &[0, 1, 1, 2]), 0.75);
/// assert!(accuracy(&[], &[]).is_nan());
/// ```
///
/// # Panics
/// If the slices differ in length.
pub fn accuracy(predicted: &[usize], actual: &[usize]) -> f64 {
    assert!(
        predicted.len() == actual.len(),
        "accuracy: {} predictions for {} samples",
        predicted.len(),
        actual.len()
    );
    let correct = predicted.iter().zip(actual).filter(|(p, a)| p == a).count();
    correct as f64 / actual.len() as f64
}

/// Counts of (actual class, predicted class) pairs: entry `(a, p)` is the number of samples
/// of class `a` that were predicted as class `p`, so the diagonal holds the correct
/// predictions (scikit-learn's layout). Its `Display` is a table with the actual classes
/// down and the predicted across.
///
/// ```
/// use scratchnet::data::confusion_matrix;
///
/// let actual = [0, 0, 1, 1, 1, 2];
/// let predicted = [0, 1, 1, 1, 2, 2];
/// let confusion = confusion_matrix(&predicted, &actual, 3);
/// assert_eq!(confusion[(1, 2)], 1); // one sample of class 1 taken for a 2
/// assert_eq!(confusion.row(1), &[0, 2, 1]);
/// assert_eq!(
///     confusion.to_string(),
///     "        predicted\n\
///      actual  0  1  2\n     \
///           0  1  1  0\n     \
///           1  0  2  1\n     \
///           2  0  0  1"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfusionMatrix {
    /// `k`.
    classes: usize,
    /// `k × k` counts, row-major: (actual `a`, predicted `p`) at `a * k + p`.
    counts: Vec<usize>,
}

impl ConfusionMatrix {
    /// The number of classes `k`: the matrix is `k × k`.
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Row `a`: how the samples of actual class `a` were predicted, one count per class.
    ///
    /// # Panics
    /// If `a ≥ k`.
    pub fn row(&self, a: usize) -> &[usize] {
        assert!(
            a < self.classes,
            "ConfusionMatrix::row: class {a}, but there are {} classes",
            self.classes
        );
        &self.counts[a * self.classes..(a + 1) * self.classes]
    }
}

/// `confusion[(a, p)]`: the number of samples of actual class `a` predicted as `p`.
///
/// # Panics
/// If `a ≥ k` or `p ≥ k`.
impl Index<(usize, usize)> for ConfusionMatrix {
    type Output = usize;
    fn index(&self, (a, p): (usize, usize)) -> &usize {
        &self.row(a)[p]
    }
}

/// The counts as a table, the actual class down the side and the predicted one across the
/// top, every column right-aligned (see [`ConfusionMatrix`] for an example).
impl fmt::Display for ConfusionMatrix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let k = self.classes;
        let digits = |n: usize| n.checked_ilog10().map_or(1, |log| log as usize + 1);
        let largest = self.counts.iter().copied().max().unwrap_or(0);
        let width = digits(largest).max(digits(k.saturating_sub(1)));
        let side = "actual".len().max(digits(k.saturating_sub(1)));
        write!(f, "{:side$}  predicted", "")?;
        write!(f, "\n{:<side$}", "actual")?;
        for p in 0..k {
            write!(f, "  {p:>width$}")?;
        }
        for a in 0..k {
            write!(f, "\n{a:>side$}")?;
            for count in self.row(a) {
                write!(f, "  {count:>width$}")?;
            }
        }
        Ok(())
    }
}

/// The `k × k` [`ConfusionMatrix`] of `predicted` against `actual` classes.
///
/// ```text
/// C[a][p] = #{ i : actual[i] = a and predicted[i] = p }
/// ```
///
/// ```
/// use scratchnet::data::confusion_matrix;
/// let confusion = confusion_matrix(&[1, 1, 0], &[1, 0, 0], 2);
/// assert_eq!((confusion.row(0), confusion.row(1)), (&[1, 1][..], &[0, 1][..]));
/// ```
///
/// # Panics
/// If the slices differ in length, or a class is not below `classes`, naming it:
/// `confusion_matrix: actual[3] = 5, but classes are 0 to 2`; or if `k × k` overflows
/// `usize`.
pub fn confusion_matrix(predicted: &[usize], actual: &[usize], classes: usize) -> ConfusionMatrix {
    assert!(
        predicted.len() == actual.len(),
        "confusion_matrix: {} predictions for {} samples",
        predicted.len(),
        actual.len()
    );
    let k = classes;
    let mut counts = alloc::vec![0; k.checked_mul(k).expect("confusion_matrix: k × k overflows")];
    for (i, (&p, &a)) in predicted.iter().zip(actual).enumerate() {
        for (name, c) in [("predicted", p), ("actual", a)] {
            assert!(
                c < k,
                "confusion_matrix: {name}[{i}] = {c}, but {}",
                Classes(k)
            );
        }
        counts[a * k + p] += 1;
    }
    ConfusionMatrix { classes: k, counts }
}
