//! The [`Matrix`] type: storage, constructors, shape, elementwise operations and transpose.
//!
//! A matrix is a flat `Vec` of `rows × cols` numbers in row-major order: element `(i, j)`
//! lives at `data[i * cols + j]`. That is all the structure there is; every operation below is
//! a loop over that vector, written so that a learner can check it against the maths.
//!
//! This file knows nothing about neural networks. The matrix product lives in
//! [`matmul`](crate::matmul); `Display` in numpy's style lives in `display.rs`.

use alloc::vec;
use alloc::vec::Vec;
use core::ops::{Add, Index, IndexMut, Mul, Neg, Sub};

use crate::Error;
use crate::matmul;

/// The element type of every matrix in the crate: the one place it is written down.
pub type Scalar = f64;

/// A dense matrix of [`Scalar`]s, stored row by row.
///
/// ```
/// use scratchnet::Matrix;
///
/// let x = Matrix::from_rows(&[[0., 0., 1.], [1., 1., 1.]]);
/// assert_eq!(x.shape(), (2, 3));
/// assert_eq!(x[(1, 0)], 1.0);
/// assert_eq!(x.row(0), &[0., 0., 1.]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    rows: usize,
    cols: usize,
    /// `rows × cols` values, row-major: `(i, j)` is at `i * cols + j`.
    data: Vec<Scalar>,
}

/// `rows × cols`, or the error if it does not fit in `usize`.
fn checked_len(rows: usize, cols: usize) -> Result<usize, Error> {
    rows.checked_mul(cols).ok_or(Error::TooLarge { rows, cols })
}

/// Unwraps a constructor's result, panicking with the error's own message.
fn or_panic<T>(what: &str, result: Result<T, Error>) -> T {
    result.unwrap_or_else(|e| panic!("{what}: {e}"))
}

impl Matrix {
    /// A `rows × cols` matrix of zeros.
    ///
    /// ```
    /// use scratchnet::Matrix;
    /// let z = Matrix::zeros(2, 3);
    /// assert_eq!(z.shape(), (2, 3));
    /// assert_eq!(z.sum(), 0.0);
    /// ```
    ///
    /// # Panics
    /// If `rows × cols` overflows `usize`.
    pub fn zeros(rows: usize, cols: usize) -> Matrix {
        let len = or_panic("Matrix::zeros", checked_len(rows, cols));
        Matrix {
            rows,
            cols,
            data: vec![0.0; len],
        }
    }

    /// The `n × n` identity matrix `I`, with `Iᵢⱼ = 1` if `i = j`, else 0.
    ///
    /// ```
    /// use scratchnet::Matrix;
    /// let a = Matrix::from_rows(&[[1., 2.], [3., 4.]]);
    /// assert_eq!(a.dot(&Matrix::identity(2)), a);
    /// ```
    ///
    /// # Panics
    /// If `n × n` overflows `usize`.
    pub fn identity(n: usize) -> Matrix {
        let mut m = Matrix::zeros(n, n);
        for i in 0..n {
            m[(i, i)] = 1.0;
        }
        m
    }

    /// A `rows × cols` matrix that takes ownership of `data`, read row by row.
    ///
    /// ```
    /// use scratchnet::Matrix;
    /// let m = Matrix::from_vec(2, 2, vec![1., 2., 3., 4.]);
    /// assert_eq!(m[(1, 0)], 3.0);
    /// ```
    ///
    /// # Panics
    /// If `data.len() != rows × cols`; [`Matrix::try_from_vec`] returns the error instead.
    pub fn from_vec(rows: usize, cols: usize, data: Vec<Scalar>) -> Matrix {
        or_panic("Matrix::from_vec", Matrix::try_from_vec(rows, cols, data))
    }

    /// [`Matrix::from_vec`] for data from outside: checks the length instead of panicking.
    ///
    /// ```
    /// use scratchnet::{Error, Matrix};
    /// let err = Matrix::try_from_vec(2, 2, vec![1., 2., 3.]).unwrap_err();
    /// assert_eq!(err, Error::DataLength { rows: 2, cols: 2, len: 3 });
    /// assert_eq!(err.to_string(), "a 2×2 matrix needs 4 values, but 3 were given");
    /// ```
    ///
    /// # Errors
    /// [`Error::DataLength`] if `data.len() != rows × cols`, [`Error::TooLarge`] if that product
    /// overflows.
    pub fn try_from_vec(rows: usize, cols: usize, data: Vec<Scalar>) -> Result<Matrix, Error> {
        if checked_len(rows, cols)? != data.len() {
            return Err(Error::DataLength {
                rows,
                cols,
                len: data.len(),
            });
        }
        Ok(Matrix { rows, cols, data })
    }

    /// A matrix whose rows are the given slices (arrays, `Vec`s, …), all of one length.
    ///
    /// ```
    /// use scratchnet::Matrix;
    /// let x = Matrix::from_rows(&[[0., 0., 1.], [1., 1., 1.]]);
    /// let rows: Vec<Vec<f64>> = vec![vec![0., 0., 1.], vec![1., 1., 1.]];
    /// assert_eq!(Matrix::from_rows(&rows), x);
    /// ```
    ///
    /// No rows give a 0×0 matrix.
    ///
    /// # Panics
    /// If the rows differ in length; [`Matrix::try_from_rows`] returns the error instead.
    pub fn from_rows<R: AsRef<[Scalar]>>(rows: &[R]) -> Matrix {
        or_panic("Matrix::from_rows", Matrix::try_from_rows(rows))
    }

    /// [`Matrix::from_rows`] for data from outside: checks that the rows are all one length.
    ///
    /// ```
    /// use scratchnet::{Error, Matrix};
    /// let ragged = vec![vec![1., 2.], vec![3.]];
    /// let err = Matrix::try_from_rows(&ragged).unwrap_err();
    /// assert_eq!(err, Error::RaggedRow { row: 1, expected: 2, found: 1 });
    /// ```
    ///
    /// # Errors
    /// [`Error::RaggedRow`] naming the first row whose length differs from row 0's.
    pub fn try_from_rows<R: AsRef<[Scalar]>>(rows: &[R]) -> Result<Matrix, Error> {
        let cols = rows.first().map_or(0, |r| r.as_ref().len());
        let mut data = Vec::with_capacity(checked_len(rows.len(), cols)?);
        for (i, row) in rows.iter().enumerate() {
            let row = row.as_ref();
            if row.len() != cols {
                return Err(Error::RaggedRow {
                    row: i,
                    expected: cols,
                    found: row.len(),
                });
            }
            data.extend_from_slice(row);
        }
        Ok(Matrix {
            rows: rows.len(),
            cols,
            data,
        })
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// `(rows, cols)`, like numpy's `.shape`.
    pub fn shape(&self) -> (usize, usize) {
        (self.rows, self.cols)
    }

    /// All elements, row after row: `(i, j)` is at index `i * cols + j`.
    pub fn as_slice(&self) -> &[Scalar] {
        &self.data
    }

    /// All elements, row after row, to change in place.
    pub fn as_mut_slice(&mut self) -> &mut [Scalar] {
        &mut self.data
    }

    /// The elements as a `Vec`, row after row, without copying.
    pub fn into_vec(self) -> Vec<Scalar> {
        self.data
    }

    /// Row `i` as a slice of `cols` values.
    ///
    /// # Panics
    /// If `i ≥ rows`.
    pub fn row(&self, i: usize) -> &[Scalar] {
        assert!(
            i < self.rows,
            "row: index {i} out of bounds for a {}×{} matrix",
            self.rows,
            self.cols
        );
        &self.data[i * self.cols..(i + 1) * self.cols]
    }

    /// The matrix product `C = A · B`, where `A` is `m × k`, `B` is `k × n` and `C` is `m × n`:
    ///
    /// ```text
    /// Cᵢⱼ = Σₚ Aᵢₚ · Bₚⱼ        (p = 0 … k−1, summed in that order)
    /// ```
    ///
    /// numpy's `np.dot(a, b)`. The loop itself is in [`matmul::matmul`].
    ///
    /// ```
    /// use scratchnet::Matrix;
    /// let a = Matrix::from_rows(&[[1., 2.], [3., 4.]]);
    /// let b = Matrix::from_rows(&[[5.], [6.]]);
    /// assert_eq!(a.dot(&b), Matrix::from_rows(&[[17.], [39.]]));
    /// ```
    ///
    /// # Panics
    /// If `A`'s columns differ from `B`'s rows, e.g.
    /// `dot: (4×3)·(4×1) — inner dimensions 3 and 4 differ`.
    pub fn dot(&self, b: &Matrix) -> Matrix {
        assert!(
            self.cols == b.rows,
            "dot: ({}×{})·({}×{}) — inner dimensions {} and {} differ",
            self.rows,
            self.cols,
            b.rows,
            b.cols,
            self.cols,
            b.rows
        );
        let (m, k, n) = (self.rows, self.cols, b.cols);
        let mut c = Matrix::zeros(m, n);
        matmul::matmul(m, k, n, &self.data, &b.data, &mut c.data);
        c
    }

    /// The transpose `Aᵀ`, with `(Aᵀ)ⱼᵢ = Aᵢⱼ`: an `m × n` matrix becomes `n × m`.
    ///
    /// ```
    /// use scratchnet::Matrix;
    /// let a = Matrix::from_rows(&[[1., 2., 3.]]);
    /// assert_eq!(a.transpose(), Matrix::from_rows(&[[1.], [2.], [3.]]));
    /// ```
    pub fn transpose(&self) -> Matrix {
        let mut t = Matrix::zeros(self.cols, self.rows);
        for i in 0..self.rows {
            for j in 0..self.cols {
                t.data[j * self.rows + i] = self.data[i * self.cols + j];
            }
        }
        t
    }

    /// The elementwise (Hadamard) product `A ⊙ B`, with `(A ⊙ B)ᵢⱼ = Aᵢⱼ · Bᵢⱼ`: numpy's
    /// `a * b` on arrays of one shape.
    ///
    /// ```
    /// use scratchnet::Matrix;
    /// let a = Matrix::from_rows(&[[1., 2.], [3., 4.]]);
    /// assert_eq!(a.hadamard(&a), Matrix::from_rows(&[[1., 4.], [9., 16.]]));
    /// ```
    ///
    /// # Panics
    /// If the shapes differ: `hadamard: (2×3) ⊙ (3×2) — shapes differ`.
    pub fn hadamard(&self, b: &Matrix) -> Matrix {
        self.zip_with(b, "hadamard", "⊙", |x, y| x * y)
    }

    /// A new matrix with `f` applied to every element: `Bᵢⱼ = f(Aᵢⱼ)`.
    ///
    /// ```
    /// use scratchnet::Matrix;
    /// let a = Matrix::from_rows(&[[1., -2.]]);
    /// assert_eq!(a.map(|x| x * x), Matrix::from_rows(&[[1., 4.]]));
    /// ```
    pub fn map(&self, f: impl Fn(Scalar) -> Scalar) -> Matrix {
        Matrix {
            rows: self.rows,
            cols: self.cols,
            data: self.data.iter().map(|&x| f(x)).collect(),
        }
    }

    /// The sum of every element, `Σᵢⱼ Aᵢⱼ`, added in row-major order (0 for an empty matrix).
    ///
    /// ```
    /// use scratchnet::Matrix;
    /// assert_eq!(Matrix::from_rows(&[[1., 2.], [3., 4.]]).sum(), 10.0);
    /// ```
    pub fn sum(&self) -> Scalar {
        self.data.iter().fold(0.0, |acc, &x| acc + x)
    }

    /// `Cᵢⱼ = f(Aᵢⱼ, Bᵢⱼ)` for two matrices of one shape; `op` and `symbol` name the operation
    /// in the panic message.
    fn zip_with(
        &self,
        b: &Matrix,
        op: &str,
        symbol: &str,
        f: impl Fn(Scalar, Scalar) -> Scalar,
    ) -> Matrix {
        assert!(
            self.shape() == b.shape(),
            "{op}: ({}×{}) {symbol} ({}×{}) — shapes differ",
            self.rows,
            self.cols,
            b.rows,
            b.cols
        );
        Matrix {
            rows: self.rows,
            cols: self.cols,
            data: self
                .data
                .iter()
                .zip(&b.data)
                .map(|(&x, &y)| f(x, y))
                .collect(),
        }
    }

    /// The index of `(i, j)` in `data`, or a panic naming the shape.
    fn offset(&self, (i, j): (usize, usize)) -> usize {
        assert!(
            i < self.rows && j < self.cols,
            "index ({i}, {j}) out of bounds for a {}×{} matrix",
            self.rows,
            self.cols
        );
        i * self.cols + j
    }
}

/// `m[(i, j)]` is the element in row `i`, column `j` (both from 0).
///
/// # Panics
/// If `i ≥ rows` or `j ≥ cols`: `index (2, 0) out of bounds for a 2×3 matrix`.
impl Index<(usize, usize)> for Matrix {
    type Output = Scalar;
    fn index(&self, ij: (usize, usize)) -> &Scalar {
        &self.data[self.offset(ij)]
    }
}

/// `m[(i, j)] = x` sets the element in row `i`, column `j`.
///
/// # Panics
/// If `i ≥ rows` or `j ≥ cols`.
impl IndexMut<(usize, usize)> for Matrix {
    fn index_mut(&mut self, ij: (usize, usize)) -> &mut Scalar {
        let at = self.offset(ij);
        &mut self.data[at]
    }
}

/// Implements an elementwise operator for `&A op &B`, `A op B`, `&A op B` and `A op &B`.
macro_rules! elementwise {
    ($Trait:ident, $method:ident, $symbol:literal, $op:tt) => {
        #[doc = concat!("Elementwise, on two matrices of one shape: `Cᵢⱼ = Aᵢⱼ ", $symbol, " Bᵢⱼ`.")]
        ///
        /// # Panics
        /// If the shapes differ, naming both.
        impl $Trait<&Matrix> for &Matrix {
            type Output = Matrix;
            fn $method(self, b: &Matrix) -> Matrix {
                self.zip_with(b, stringify!($method), $symbol, |x, y| x $op y)
            }
        }
        /// Elementwise, on owned matrices; see the impl for references.
        impl $Trait<Matrix> for Matrix {
            type Output = Matrix;
            fn $method(self, b: Matrix) -> Matrix {
                (&self).$method(&b)
            }
        }
        /// Elementwise, on a reference and an owned matrix; see the impl for references.
        impl $Trait<Matrix> for &Matrix {
            type Output = Matrix;
            fn $method(self, b: Matrix) -> Matrix {
                self.$method(&b)
            }
        }
        /// Elementwise, on an owned matrix and a reference; see the impl for references.
        impl $Trait<&Matrix> for Matrix {
            type Output = Matrix;
            fn $method(self, b: &Matrix) -> Matrix {
                (&self).$method(b)
            }
        }
    };
}

elementwise!(Add, add, "+", +);
elementwise!(Sub, sub, "−", -);

/// `−A`, every element negated (exact in floating point).
impl Neg for &Matrix {
    type Output = Matrix;
    fn neg(self) -> Matrix {
        self.map(|x| -x)
    }
}

/// `−A`, every element negated (exact in floating point).
impl Neg for Matrix {
    type Output = Matrix;
    fn neg(self) -> Matrix {
        -&self
    }
}

/// `A · s`, every element times the scalar `s`.
impl Mul<Scalar> for &Matrix {
    type Output = Matrix;
    fn mul(self, s: Scalar) -> Matrix {
        self.map(|x| x * s)
    }
}

/// `A · s`, every element times the scalar `s`.
impl Mul<Scalar> for Matrix {
    type Output = Matrix;
    fn mul(self, s: Scalar) -> Matrix {
        &self * s
    }
}

/// `s · A`, every element times the scalar `s`, as the post writes `learning_rate * dJdW1`.
impl Mul<&Matrix> for Scalar {
    type Output = Matrix;
    fn mul(self, a: &Matrix) -> Matrix {
        a.map(|x| self * x)
    }
}

/// `s · A`, every element times the scalar `s`.
impl Mul<Matrix> for Scalar {
    type Output = Matrix;
    fn mul(self, a: Matrix) -> Matrix {
        self * &a
    }
}
