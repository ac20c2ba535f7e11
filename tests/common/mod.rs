//! Shared by the reference tests: a reader for the fixtures in `tests/reference/` (written by
//! `tests/reference/generate.py` with numpy), and the measure of how far two lists of numbers
//! are apart.
//!
//! The fixture format is plain text, one block after another:
//!
//! ```text
//! # a comment                  comments and blank lines are allowed between blocks
//! name post                    a scalar: a key, then the rest of the line
//! sizes 3 4 5 1                a scalar with several values
//! matrix inputs 4 3            then exactly 4 lines of 3 numbers separated by spaces
//! vector costs 5000            then exactly 5000 lines of one number each
//! text 2                       then exactly 2 lines, kept verbatim (leading spaces too);
//!                              a text belongs to the matrix just above it
//! ```
//!
//! Every number was written by Python's `repr(float(v))`, the shortest string that round-trips,
//! so `str::parse::<f64>` gives back exactly the bits numpy had (`nan`, `inf`, `-0.0` too).
//! A malformed fixture panics with the file and line.

// Each test binary that includes this module uses only part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::str::FromStr;

use scratchnet::Matrix;

/// A matrix as written in the fixture, row-major.
#[derive(Debug, Clone)]
pub struct RawMatrix {
    pub name: String,
    /// 1-based line of the `matrix` header; row `i` is on line `line + 1 + i`.
    pub line: usize,
    pub rows: usize,
    pub cols: usize,
    pub data: Vec<f64>,
}

/// A `text K` block: the K lines joined with `\n` (no trailing newline).
#[derive(Debug, Clone)]
pub struct Text {
    /// The name of the matrix just above it.
    pub matrix: String,
    /// 1-based line of the `text` header.
    pub line: usize,
    pub text: String,
}

#[derive(Debug, Clone)]
struct Scalar {
    name: String,
    line: usize,
    values: Vec<String>,
}

/// A vector as written in the fixture.
#[derive(Debug, Clone)]
pub struct RawVector {
    pub name: String,
    /// 1-based line of the `vector` header; `values[k]` is on line `line + 1 + k`.
    pub line: usize,
    pub values: Vec<f64>,
}

/// One parsed fixture file.
#[derive(Debug, Clone)]
pub struct Fixture {
    path: PathBuf,
    scalars: Vec<Scalar>,
    matrices: Vec<RawMatrix>,
    vectors: Vec<RawVector>,
    texts: Vec<Text>,
}

impl Fixture {
    /// Reads `tests/reference/<file_name>`.
    ///
    /// # Panics
    /// If the file cannot be read or is malformed.
    pub fn load(file_name: &str) -> Fixture {
        // Messages name the file relative to the crate root, as a person would type it.
        let path = Path::new("tests").join("reference").join(file_name);
        let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(&path))
            .unwrap_or_else(|e| {
                panic!(
                    "{}: cannot read the fixture ({e}); regenerate it with \
                     `python3 tests/reference/generate.py`",
                    path.display()
                )
            });
        Fixture::parse(path, &text)
    }

    /// Parses fixture text; `path` only names the file in panic messages.
    ///
    /// # Panics
    /// If the text is malformed: the message names the file and the line.
    pub fn parse(path: impl Into<PathBuf>, text: &str) -> Fixture {
        let mut fixture = Fixture {
            path: path.into(),
            scalars: Vec::new(),
            matrices: Vec::new(),
            vectors: Vec::new(),
            texts: Vec::new(),
        };
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0; // index of the next line to read; line numbers are i + 1
        while i < lines.len() {
            let line = i + 1;
            let tokens: Vec<&str> = lines[i].split_whitespace().collect();
            i += 1;
            if tokens.is_empty() || tokens[0].starts_with('#') {
                continue;
            }
            match tokens[0] {
                "matrix" => {
                    if tokens.len() != 4 {
                        fixture.fail(line, "expected `matrix NAME ROWS COLS`");
                    }
                    let name = tokens[1].to_string();
                    let rows: usize = fixture.parse_token(tokens[2], line, "the row count");
                    let cols: usize = fixture.parse_token(tokens[3], line, "the column count");
                    fixture.check_new_name(&name, line);
                    let body = fixture.take_lines(&lines, &mut i, rows, &format!("matrix {name}"));
                    let mut data = Vec::with_capacity(rows * cols);
                    for (r, row) in body.iter().enumerate() {
                        let row_line = line + 1 + r;
                        let numbers: Vec<&str> = row.split_whitespace().collect();
                        if numbers.len() != cols {
                            fixture.fail(
                                row_line,
                                &format!(
                                    "row {r} of matrix {name} has {} numbers, expected {cols}",
                                    numbers.len()
                                ),
                            );
                        }
                        for (c, number) in numbers.iter().enumerate() {
                            let what = format!("matrix {name}[({r}, {c})]");
                            data.push(fixture.parse_token(number, row_line, &what));
                        }
                    }
                    fixture.matrices.push(RawMatrix {
                        name,
                        line,
                        rows,
                        cols,
                        data,
                    });
                }
                "vector" => {
                    if tokens.len() != 3 {
                        fixture.fail(line, "expected `vector NAME LENGTH`");
                    }
                    let name = tokens[1].to_string();
                    let len: usize = fixture.parse_token(tokens[2], line, "the length");
                    fixture.check_new_name(&name, line);
                    let body = fixture.take_lines(&lines, &mut i, len, &format!("vector {name}"));
                    let values = body
                        .iter()
                        .enumerate()
                        .map(|(k, value)| {
                            let what = format!("vector {name}[{k}]");
                            fixture.parse_token(value.trim(), line + 1 + k, &what)
                        })
                        .collect();
                    fixture.vectors.push(RawVector { name, line, values });
                }
                "text" => {
                    if tokens.len() != 2 {
                        fixture.fail(line, "expected `text LINES`");
                    }
                    let count: usize = fixture.parse_token(tokens[1], line, "the line count");
                    let Some(matrix) = fixture.matrices.last().map(|m| m.name.clone()) else {
                        fixture.fail(line, "a text block must follow a matrix");
                    };
                    if fixture.texts.iter().any(|t| t.matrix == matrix) {
                        fixture.fail(line, &format!("matrix {matrix} already has a text block"));
                    }
                    let body = fixture.take_lines(&lines, &mut i, count, "text");
                    fixture.texts.push(Text {
                        matrix,
                        line,
                        text: body.join("\n"),
                    });
                }
                _ => {
                    let name = tokens[0].to_string();
                    if tokens.len() < 2 {
                        fixture.fail(line, &format!("scalar {name} has no value"));
                    }
                    fixture.check_new_name(&name, line);
                    let values = tokens[1..].iter().map(|t| t.to_string()).collect();
                    fixture.scalars.push(Scalar { name, line, values });
                }
            }
        }
        fixture
    }

    /// The file this fixture came from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The matrix called `name`.
    ///
    /// # Panics
    /// If there is none.
    pub fn matrix(&self, name: &str) -> Matrix {
        let raw = self.raw_matrix(name);
        Matrix::from_vec(raw.rows, raw.cols, raw.data.clone())
    }

    /// The matrix called `name` as written: shape, numbers and line.
    pub fn raw_matrix(&self, name: &str) -> &RawMatrix {
        self.matrices
            .iter()
            .find(|m| m.name == name)
            .unwrap_or_else(|| self.missing("matrix", name))
    }

    /// The vector called `name`.
    ///
    /// # Panics
    /// If there is none.
    pub fn vector(&self, name: &str) -> Vec<f64> {
        self.raw_vector(name).values.clone()
    }

    /// The vector called `name` as written: numbers and line.
    pub fn raw_vector(&self, name: &str) -> &RawVector {
        self.vectors
            .iter()
            .find(|v| v.name == name)
            .unwrap_or_else(|| self.missing("vector", name))
    }

    /// The single value of the scalar `name`, parsed (`epochs 5000`, `learning_rate 0.1`).
    pub fn scalar<T: FromStr>(&self, name: &str) -> T {
        let scalar = self.find_scalar(name);
        if scalar.values.len() != 1 {
            self.fail(
                scalar.line,
                &format!(
                    "scalar {name} has {} values, expected 1",
                    scalar.values.len()
                ),
            );
        }
        self.parse_token(&scalar.values[0], scalar.line, name)
    }

    /// Every value of the scalar `name`, parsed (`sizes 3 4 5 1`).
    pub fn scalar_list<T: FromStr>(&self, name: &str) -> Vec<T> {
        let scalar = self.find_scalar(name);
        scalar
            .values
            .iter()
            .map(|value| self.parse_token(value, scalar.line, name))
            .collect()
    }

    /// Every `text` block, in file order.
    pub fn texts(&self) -> &[Text] {
        &self.texts
    }

    /// `path:line`, for messages.
    pub fn location(&self, line: usize) -> String {
        format!("{}:{line}", self.path.display())
    }

    fn find_scalar(&self, name: &str) -> &Scalar {
        self.scalars
            .iter()
            .find(|s| s.name == name)
            .unwrap_or_else(|| self.missing("scalar", name))
    }

    fn take_lines<'a>(
        &self,
        lines: &[&'a str],
        i: &mut usize,
        count: usize,
        what: &str,
    ) -> Vec<&'a str> {
        let header = *i; // the header's 1-based line number
        let available = lines.len() - *i;
        if available < count {
            self.fail(
                header,
                &format!("{what} needs {count} lines, but the file ends after {available}"),
            );
        }
        let body = lines[*i..*i + count].to_vec();
        *i += count;
        body
    }

    fn parse_token<T: FromStr>(&self, token: &str, line: usize, what: &str) -> T {
        token
            .parse()
            .unwrap_or_else(|_| self.fail(line, &format!("cannot read {what} from {token:?}")))
    }

    fn check_new_name(&self, name: &str, line: usize) {
        let earlier = self
            .scalars
            .iter()
            .map(|s| (&s.name, s.line))
            .chain(self.matrices.iter().map(|m| (&m.name, m.line)))
            .chain(self.vectors.iter().map(|v| (&v.name, v.line)))
            .find(|(n, _)| *n == name);
        if let Some((_, first)) = earlier {
            self.fail(
                line,
                &format!("{name} is defined twice (first on line {first})"),
            );
        }
    }

    fn missing(&self, kind: &str, name: &str) -> ! {
        panic!(
            "{}: no {kind} called {name}; regenerate with `python3 tests/reference/generate.py`",
            self.path.display()
        )
    }

    fn fail(&self, line: usize, message: &str) -> ! {
        panic!("{}: malformed fixture: {message}", self.location(line))
    }
}

/// `|a − b| / max(|a|, |b|)`, and 0 when `a == b` exactly (so also for two zeros or two equal
/// infinities). Two NaNs count as agreeing; a NaN against a number, or an infinity against a
/// finite number, is infinitely far.
pub fn relative_difference(a: f64, b: f64) -> f64 {
    if a == b || (a.is_nan() && b.is_nan()) {
        0.0
    } else if !a.is_finite() || !b.is_finite() {
        f64::INFINITY
    } else {
        (a - b).abs() / a.abs().max(b.abs())
    }
}

/// The worst [`relative_difference`] between `got[k]` and `want[k]`, and its index `k` (the
/// first if several tie). Two empty slices give `(0.0, 0)`.
///
/// # Panics
/// If the lengths differ.
pub fn worst_relative_difference(got: &[f64], want: &[f64]) -> (f64, usize) {
    assert_eq!(
        got.len(),
        want.len(),
        "worst_relative_difference: got {} numbers, want {}",
        got.len(),
        want.len()
    );
    let mut worst = (0.0, 0);
    for (k, (&a, &b)) in got.iter().zip(want).enumerate() {
        let difference = relative_difference(a, b);
        if difference > worst.0 {
            worst = (difference, k);
        }
    }
    worst
}
