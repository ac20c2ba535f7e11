//! The [`Matrix`] type: storage, constructors, shape, elementwise operations and transpose.
//!
//! A matrix is a flat `Vec` of `rows × cols` numbers in row-major order: element `(i, j)`
//! lives at `data[i * cols + j]`. That is all the structure there is; every operation below is
//! a loop over that vector, written so that a learner can check it against the maths.
//!
//! This folder knows nothing about neural networks. The matrix product is computed by
//! [`gemm`](crate::gemm), and defined by its plain twin in [`matmul`](crate::matmul);
//! `display.rs` prints a matrix in numpy's style; `ops.rs` has the product and the
//! elementwise map on views and slices, for the layers of a network.

mod display;
pub(crate) mod ops;

use alloc::vec::Vec;
use core::ops::{Add, Index, IndexMut, Mul, Neg, Sub};

use crate::maths::view::MatRef;
use crate::matrix::ops::product_into;
use crate::{Error, Float, XorShift};

/// A dense matrix of numbers of type `T` (`f64` unless said otherwise), stored row by row.
///
/// ```
/// use scratchnet::Matrix;
///
/// let x = Matrix::from_rows(&[[0., 0., 1.], [1., 1., 1.]]);
/// assert_eq!(x.shape(), (2, 3));
/// assert_eq!(x[(1, 0)], 1.0);
/// assert_eq!(x.row(0), &[0., 0., 1.]);
/// ```
///
/// The element type is any [`Float`]: `Matrix` alone means `Matrix<f64>`, and
/// `Matrix<f32>` holds single-precision numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix<T = f64> {
    rows: usize,
    cols: usize,
    /// `rows × cols` values, row-major: `(i, j)` is at `i * cols + j`.
    data: Vec<T>,
}

/// `rows × cols`, or the error if it does not fit in `usize`.
fn checked_len(rows: usize, cols: usize) -> Result<usize, Error> {
    rows.checked_mul(cols).ok_or(Error::TooLarge { rows, cols })
}

/// A vector of `rows × cols` copies of `value`, or [`Error::TooLarge`] if that many values
/// overflow `usize` or the address space (`isize::MAX` bytes), or the allocator refuses
/// them: an error to report, where `vec!` would panic or abort the process.
fn try_vec<T: Float>(rows: usize, cols: usize, value: T) -> Result<Vec<T>, Error> {
    let too_large = Error::TooLarge { rows, cols };
    let len = checked_len(rows, cols)?;
    let fits = len
        .checked_mul(core::mem::size_of::<T>())
        .is_some_and(|bytes| bytes <= isize::MAX as usize);
    if !fits {
        return Err(too_large);
    }
    let mut data = Vec::new();
    data.try_reserve_exact(len).map_err(|_| too_large)?;
    data.resize(len, value);
    Ok(data)
}

/// Unwraps a constructor's result, panicking with the error's own message.
fn or_panic<T>(what: &str, result: Result<T, Error>) -> T {
    result.unwrap_or_else(|e| panic!("{what}: {e}"))
}

impl<T: Float> Matrix<T> {
    /// A `rows × cols` matrix with every element equal to `value`: numpy's `np.full`.
    ///
    /// ```
    /// use scratchnet::Matrix;
    /// let m = Matrix::filled(2, 2, 0.5f32);
    /// assert_eq!(m.as_slice(), &[0.5f32; 4]);
    /// ```
    ///
    /// # Panics
    /// If the matrix does not fit in memory (`rows × cols` overflows, or the allocator
    /// refuses it): `Matrix::filled: a 4294967296×4294967296 matrix has more elements than
    /// fit in memory`.
    pub fn filled(rows: usize, cols: usize, value: T) -> Matrix<T> {
        Matrix::allocate("Matrix::filled", rows, cols, value)
    }

    /// A `rows × cols` matrix of `value`s, or a panic that names the constructor `op`.
    fn allocate(op: &str, rows: usize, cols: usize, value: T) -> Matrix<T> {
        or_panic(op, Matrix::try_filled(rows, cols, value))
    }

    /// A `rows × cols` matrix of `value`s, or [`Error::TooLarge`] if it does not fit in
    /// memory: for sizes that come from outside (a file, a command line).
    pub(crate) fn try_filled(rows: usize, cols: usize, value: T) -> Result<Matrix<T>, Error> {
        let data = try_vec(rows, cols, value)?;
        Ok(Matrix { rows, cols, data })
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
    pub fn as_slice(&self) -> &[T] {
        &self.data
    }

    /// All elements, row after row, to change in place.
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        &mut self.data
    }

    /// Changes the number of rows to `rows`, keeping the first rows' values and filling new
    /// ones with zeros. The storage is kept, so shrinking, and growing back to a size the
    /// matrix has had, allocate nothing: how training reuses its buffers for a last batch
    /// that is smaller than the others.
    pub(crate) fn resize_rows(&mut self, rows: usize) {
        self.data.resize(rows * self.cols, T::ZERO);
        self.rows = rows;
    }

    /// The elements as a `Vec`, row after row, without copying.
    pub fn into_vec(self) -> Vec<T> {
        self.data
    }

    /// The same matrix in another element type, each element converted to the nearest
    /// `U` (exact from `f32` to `f64`; rounded to nearest from `f64` to `f32`): numpy's
    /// `a.astype(np.float32)`.
    ///
    /// ```
    /// use scratchnet::Matrix;
    /// let a = Matrix::from_rows(&[[0.1, 2.0]]);
    /// assert_eq!(a.cast::<f32>().as_slice(), &[0.1f32, 2.0]);
    /// assert_eq!(a.cast::<f32>().cast::<f64>()[(0, 0)], 0.1f32 as f64);
    /// ```
    pub fn cast<U: Float>(&self) -> Matrix<U> {
        Matrix {
            rows: self.rows,
            cols: self.cols,
            data: self.data.iter().map(|&x| U::from_f64(x.to_f64())).collect(),
        }
    }

    /// Row `i` as a slice of `cols` values.
    ///
    /// # Panics
    /// If `i ≥ rows`.
    pub fn row(&self, i: usize) -> &[T] {
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
    /// numpy's `np.dot(a, b)`. It runs the blocked, vectorised product of
    /// [`gemm`](crate::gemm); the plain loop that defines it, and that tests hold it to, is
    /// [`matmul::matmul`](crate::matmul::matmul). The two agree bit for bit except where the
    /// CPU fuses multiply and add (see [`gemm`](crate::gemm)).
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
    pub fn dot(&self, b: &Matrix<T>) -> Matrix<T> {
        let mut c = Matrix::allocate("dot", self.rows, b.cols, T::ZERO);
        self.dot_into(b, &mut c);
        c
    }

    /// [`dot`](Matrix::dot) into `out`, whose contents are overwritten: `out = A · B`, with no
    /// allocation.
    ///
    /// ```
    /// use scratchnet::Matrix;
    /// let a = Matrix::from_rows(&[[1., 2.]]);
    /// let mut out = Matrix::from_rows(&[[f64::NAN]]);
    /// a.dot_into(&Matrix::from_rows(&[[3.], [4.]]), &mut out);
    /// assert_eq!(out[(0, 0)], 11.0);
    /// ```
    ///
    /// # Panics
    /// If `A`'s columns differ from `B`'s rows, or `out` is not `m × n`, naming the shapes.
    pub fn dot_into(&self, b: &Matrix<T>, out: &mut Matrix<T>) {
        let (m, k, n) = (self.rows, self.cols, b.cols);
        assert!(
            k == b.rows,
            "dot: ({m}×{k})·({}×{n}) — inner dimensions {k} and {} differ",
            b.rows,
            b.rows
        );
        out.expect_shape("dot_into", m, n);
        product_into(self.view(), b.view(), &mut out.data);
    }

    /// `Aᵀ · B` without building `Aᵀ`: `A` is `k × m`, `B` is `k × n`, the result `m × n`.
    /// Backpropagation's `∂J/∂W_l = a_{l−1}ᵀ · δ_l`. Equal, bit for bit, to
    /// `a.transpose().dot(&b)`; the plain twin is [`matmul::matmul_tn`](crate::matmul::matmul_tn).
    ///
    /// ```
    /// use scratchnet::Matrix;
    /// let a = Matrix::from_rows(&[[1., 2.], [3., 4.]]);
    /// let b = Matrix::from_rows(&[[5.], [6.]]);
    /// assert_eq!(a.transpose_dot(&b), a.transpose().dot(&b));
    /// ```
    ///
    /// # Panics
    /// If `A` and `B` differ in their number of rows, naming both shapes.
    pub fn transpose_dot(&self, b: &Matrix<T>) -> Matrix<T> {
        let mut c = Matrix::allocate("transpose_dot", self.cols, b.cols, T::ZERO);
        self.transpose_dot_into(b, &mut c);
        c
    }

    /// [`transpose_dot`](Matrix::transpose_dot) into `out`, overwritten: `out = Aᵀ · B`.
    ///
    /// # Panics
    /// If `A` and `B` differ in their number of rows, or `out` is not `m × n`.
    pub fn transpose_dot_into(&self, b: &Matrix<T>, out: &mut Matrix<T>) {
        let (k, m, n) = (self.rows, self.cols, b.cols);
        assert!(
            k == b.rows,
            "transpose_dot: ({m}×{k})ᵀ·({}×{n}) — inner dimensions {k} and {} differ",
            b.rows,
            b.rows
        );
        out.expect_shape("transpose_dot_into", m, n);
        product_into(self.view().t(), b.view(), &mut out.data);
    }

    /// `A · Bᵀ` without building `Bᵀ`: `A` is `m × k`, `B` is `n × k`, the result `m × n`.
    /// Backpropagation's `δ_l · W_lᵀ`. Equal, bit for bit, to `a.dot(&b.transpose())`; the
    /// plain twin is [`matmul::matmul_nt`](crate::matmul::matmul_nt).
    ///
    /// ```
    /// use scratchnet::Matrix;
    /// let a = Matrix::from_rows(&[[1., 2.], [3., 4.]]);
    /// let b = Matrix::from_rows(&[[5., 6.]]);
    /// assert_eq!(a.dot_transpose(&b), a.dot(&b.transpose()));
    /// ```
    ///
    /// # Panics
    /// If `A` and `B` differ in their number of columns, naming both shapes.
    pub fn dot_transpose(&self, b: &Matrix<T>) -> Matrix<T> {
        let mut c = Matrix::allocate("dot_transpose", self.rows, b.rows, T::ZERO);
        self.dot_transpose_into(b, &mut c);
        c
    }

    /// [`dot_transpose`](Matrix::dot_transpose) into `out`, overwritten: `out = A · Bᵀ`.
    ///
    /// # Panics
    /// If `A` and `B` differ in their number of columns, or `out` is not `m × n`.
    pub fn dot_transpose_into(&self, b: &Matrix<T>, out: &mut Matrix<T>) {
        let (m, k, n) = (self.rows, self.cols, b.rows);
        assert!(
            k == b.cols,
            "dot_transpose: ({m}×{k})·({n}×{})ᵀ — inner dimensions {k} and {} differ",
            b.cols,
            b.cols
        );
        out.expect_shape("dot_transpose_into", m, n);
        product_into(self.view(), b.view().t(), &mut out.data);
    }

    /// This matrix as a [`MatRef`], the view the products read.
    pub(crate) fn view(&self) -> MatRef<'_, T> {
        MatRef::row_major(&self.data, self.rows, self.cols)
    }

    /// Panics unless this matrix, the output of `op`, is `rows × cols`.
    fn expect_shape(&self, op: &str, rows: usize, cols: usize) {
        assert!(
            self.shape() == (rows, cols),
            "{op}: out is {}×{}, expected {rows}×{cols}",
            self.rows,
            self.cols
        );
    }

    /// The transpose `Aᵀ`, with `(Aᵀ)ⱼᵢ = Aᵢⱼ`: an `m × n` matrix becomes `n × m`.
    ///
    /// ```
    /// use scratchnet::Matrix;
    /// let a = Matrix::from_rows(&[[1., 2., 3.]]);
    /// assert_eq!(a.transpose(), Matrix::from_rows(&[[1.], [2.], [3.]]));
    /// ```
    pub fn transpose(&self) -> Matrix<T> {
        let mut t = Matrix::filled(self.cols, self.rows, T::ZERO);
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
    pub fn hadamard(&self, b: &Matrix<T>) -> Matrix<T> {
        self.zip_with(b, "hadamard", "⊙", |x, y| x * y)
    }

    /// A new matrix with `f` applied to every element: `Bᵢⱼ = f(Aᵢⱼ)`.
    ///
    /// ```
    /// use scratchnet::Matrix;
    /// let a = Matrix::from_rows(&[[1., -2.]]);
    /// assert_eq!(a.map(|x| x * x), Matrix::from_rows(&[[1., 4.]]));
    /// ```
    pub fn map(&self, f: impl Fn(T) -> T) -> Matrix<T> {
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
    pub fn sum(&self) -> T {
        self.data.iter().fold(T::ZERO, |acc, &x| acc + x)
    }

    /// `Cᵢⱼ = f(Aᵢⱼ, Bᵢⱼ)` for two matrices of one shape; `op` and `symbol` name the operation
    /// in the panic message.
    fn zip_with(&self, b: &Matrix<T>, op: &str, symbol: &str, f: impl Fn(T, T) -> T) -> Matrix<T> {
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

/// The constructors, for any element type. Where nothing else says which, name it:
/// `Matrix::<f32>::zeros(2, 3)`, or `Matrix::<f64>::zeros(2, 3)`; numbers written with a
/// decimal point are `f64` unless said otherwise, so `Matrix::from_rows(&[[1., 2.]])` is an
/// `f64` matrix.
impl<T: Float> Matrix<T> {
    /// A `rows × cols` matrix of zeros.
    ///
    /// ```
    /// use scratchnet::Matrix;
    /// let z = Matrix::<f64>::zeros(2, 3);
    /// assert_eq!(z.shape(), (2, 3));
    /// assert_eq!(z.sum(), 0.0);
    /// ```
    ///
    /// # Panics
    /// If the matrix does not fit in memory (`rows × cols` overflows, or the allocator
    /// refuses it), with the message of [`Error::TooLarge`].
    pub fn zeros(rows: usize, cols: usize) -> Matrix<T> {
        Matrix::allocate("Matrix::zeros", rows, cols, T::ZERO)
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
    /// If the matrix does not fit in memory, with the message of [`Error::TooLarge`].
    pub fn identity(n: usize) -> Matrix<T> {
        let mut m = Matrix::allocate("Matrix::identity", n, n, T::ZERO);
        for i in 0..n {
            m[(i, i)] = T::ONE;
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
    pub fn from_vec(rows: usize, cols: usize, data: Vec<T>) -> Matrix<T> {
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
    pub fn try_from_vec(rows: usize, cols: usize, data: Vec<T>) -> Result<Matrix<T>, Error> {
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
    pub fn from_rows<R: AsRef<[T]>>(rows: &[R]) -> Matrix<T> {
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
    pub fn try_from_rows<R: AsRef<[T]>>(rows: &[R]) -> Result<Matrix<T>, Error> {
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

    /// A `rows × cols` matrix of independent standard normal numbers, N(0, 1), filled row by
    /// row from [`XorShift::normal`]: numpy's `np.random.randn(rows, cols)`, drawn from our
    /// own generator.
    ///
    /// ```
    /// use scratchnet::{Matrix, XorShift};
    /// let w1: Matrix = Matrix::randn(3, 4, &mut XorShift::new(1)); // Matrix<f64>
    /// assert_eq!(w1.shape(), (3, 4));
    /// assert_eq!(w1, Matrix::randn(3, 4, &mut XorShift::new(1)));
    /// ```
    ///
    /// # Panics
    /// If the matrix does not fit in memory, with the message of [`Error::TooLarge`].
    pub fn randn(rows: usize, cols: usize, rng: &mut XorShift) -> Matrix<T> {
        or_panic("Matrix::randn", Matrix::try_randn(rows, cols, rng))
    }

    /// [`randn`](Matrix::randn), or [`Error::TooLarge`] if the matrix does not fit in memory.
    pub(crate) fn try_randn(
        rows: usize,
        cols: usize,
        rng: &mut XorShift,
    ) -> Result<Matrix<T>, Error> {
        let mut w = Matrix::try_filled(rows, cols, T::ZERO)?;
        for x in w.as_mut_slice() {
            *x = T::from_f64(rng.normal());
        }
        Ok(w)
    }
}

/// The elements, row after row, as [`Matrix::as_slice`] gives them.
impl<T> AsRef<[T]> for Matrix<T> {
    fn as_ref(&self) -> &[T] {
        &self.data
    }
}

/// `m[(i, j)]` is the element in row `i`, column `j` (both from 0).
///
/// # Panics
/// If `i ≥ rows` or `j ≥ cols`: `index (2, 0) out of bounds for a 2×3 matrix`.
impl<T: Float> Index<(usize, usize)> for Matrix<T> {
    type Output = T;
    fn index(&self, ij: (usize, usize)) -> &T {
        &self.data[self.offset(ij)]
    }
}

/// `m[(i, j)] = x` sets the element in row `i`, column `j`.
///
/// # Panics
/// If `i ≥ rows` or `j ≥ cols`.
impl<T: Float> IndexMut<(usize, usize)> for Matrix<T> {
    fn index_mut(&mut self, ij: (usize, usize)) -> &mut T {
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
        impl<T: Float> $Trait<&Matrix<T>> for &Matrix<T> {
            type Output = Matrix<T>;
            fn $method(self, b: &Matrix<T>) -> Matrix<T> {
                self.zip_with(b, stringify!($method), $symbol, |x, y| x $op y)
            }
        }
        /// Elementwise, on owned matrices; see the impl for references.
        impl<T: Float> $Trait<Matrix<T>> for Matrix<T> {
            type Output = Matrix<T>;
            fn $method(self, b: Matrix<T>) -> Matrix<T> {
                (&self).$method(&b)
            }
        }
        /// Elementwise, on a reference and an owned matrix; see the impl for references.
        impl<T: Float> $Trait<Matrix<T>> for &Matrix<T> {
            type Output = Matrix<T>;
            fn $method(self, b: Matrix<T>) -> Matrix<T> {
                self.$method(&b)
            }
        }
        /// Elementwise, on an owned matrix and a reference; see the impl for references.
        impl<T: Float> $Trait<&Matrix<T>> for Matrix<T> {
            type Output = Matrix<T>;
            fn $method(self, b: &Matrix<T>) -> Matrix<T> {
                (&self).$method(b)
            }
        }
    };
}

elementwise!(Add, add, "+", +);
elementwise!(Sub, sub, "−", -);

/// `−A`, every element negated (exact in floating point).
impl<T: Float> Neg for &Matrix<T> {
    type Output = Matrix<T>;
    fn neg(self) -> Matrix<T> {
        self.map(|x| -x)
    }
}

/// `−A`, every element negated (exact in floating point).
impl<T: Float> Neg for Matrix<T> {
    type Output = Matrix<T>;
    fn neg(self) -> Matrix<T> {
        -&self
    }
}

/// `A · s`, every element times the scalar `s`.
impl<T: Float> Mul<T> for &Matrix<T> {
    type Output = Matrix<T>;
    fn mul(self, s: T) -> Matrix<T> {
        self.map(|x| x * s)
    }
}

/// `A · s`, every element times the scalar `s`.
impl<T: Float> Mul<T> for Matrix<T> {
    type Output = Matrix<T>;
    fn mul(self, s: T) -> Matrix<T> {
        &self * s
    }
}

/// Implements `s · A` for one element type (Rust's orphan rule forbids it for a generic `T`).
macro_rules! scalar_times_matrix {
    ($t:ty) => {
        /// `s · A`, every element times the scalar `s`, as the post writes
        /// `learning_rate * dJdW1`.
        impl Mul<&Matrix<$t>> for $t {
            type Output = Matrix<$t>;
            fn mul(self, a: &Matrix<$t>) -> Matrix<$t> {
                a.map(|x| self * x)
            }
        }
        /// `s · A`, every element times the scalar `s`.
        impl Mul<Matrix<$t>> for $t {
            type Output = Matrix<$t>;
            fn mul(self, a: Matrix<$t>) -> Matrix<$t> {
                self * &a
            }
        }
    };
}

scalar_times_matrix!(f32);
scalar_times_matrix!(f64);

/// The index of the largest value in `row` (the first, on a tie), or of its first NaN: the
/// class a row of scores predicts.
pub(crate) fn argmax_row<T: Float>(row: &[T]) -> usize {
    let mut best = 0;
    for (j, &x) in row.iter().enumerate() {
        if x.is_nan() {
            return j;
        }
        if x > row[best] {
            best = j;
        }
    }
    best
}
