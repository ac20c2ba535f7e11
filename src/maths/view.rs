//! [`MatRef`]: a read-only view of a matrix inside a slice, with a row and a column stride, so
//! that a transposed matrix, a block of one, or a band of rows of one is read in place,
//! without a copy. The products of [`Matrix`](crate::Matrix) and of the fast product
//! [`gemm`](crate::gemm) read their operands through it.

/// A read-only view of a matrix in a slice: element `(i, j)` is at
/// `data[i · row_stride + j · col_stride]`.
///
/// A row-major matrix has `row_stride = cols` and `col_stride = 1`; its transpose is the same
/// slice with the strides swapped ([`MatRef::t`]), which is how [`gemm`](crate::gemm)
/// multiplies by a transposed matrix without copying it.
///
/// ```
/// use scratchnet::gemm::MatRef;
///
/// let data = [1., 2., 3., 4., 5., 6.]; // (1 2 3)
/// let a = MatRef::row_major(&data, 2, 3); // (4 5 6)
/// assert_eq!((a.rows(), a.cols()), (2, 3));
/// assert_eq!((a.t().rows(), a.t().cols()), (3, 2));
/// assert_eq!((a.t().row_stride(), a.t().col_stride()), (1, 3));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct MatRef<'a, T> {
    /// From element (0, 0) on; empty when the matrix is.
    data: &'a [T],
    rows: usize,
    cols: usize,
    row_stride: usize,
    col_stride: usize,
}

impl<'a, T: Copy> MatRef<'a, T> {
    /// The `rows × cols` matrix with element `(i, j)` at `data[i · row_stride + j · col_stride]`.
    ///
    /// ```
    /// use scratchnet::gemm::MatRef;
    ///
    /// // Every other column of a 2 × 4 row-major matrix: a 2 × 2 view.
    /// let data = [1., 2., 3., 4., 5., 6., 7., 8.];
    /// let odd = MatRef::new(&data, 2, 2, 4, 2);
    /// assert_eq!((odd.rows(), odd.cols()), (2, 2));
    /// ```
    ///
    /// # Panics
    /// If the last element is past the end of `data`:
    /// `MatRef::new: a 2×2 view with strides (4, 2) reaches index 6, but data has 6 values`.
    pub fn new(
        data: &'a [T],
        rows: usize,
        cols: usize,
        row_stride: usize,
        col_stride: usize,
    ) -> MatRef<'a, T> {
        if rows == 0 || cols == 0 {
            return MatRef {
                data: &[],
                rows,
                cols,
                row_stride,
                col_stride,
            };
        }
        let last = (rows - 1)
            .checked_mul(row_stride)
            .zip((cols - 1).checked_mul(col_stride))
            .and_then(|(down, across)| down.checked_add(across));
        assert!(
            last.is_some_and(|last| last < data.len()),
            "MatRef::new: a {rows}×{cols} view with strides ({row_stride}, {col_stride}) reaches \
             index {}, but data has {} values",
            last.map_or_else(|| "past usize::MAX".into(), |last| alloc::format!("{last}")),
            data.len()
        );
        MatRef {
            data,
            rows,
            cols,
            row_stride,
            col_stride,
        }
    }

    /// The `rows × cols` matrix stored row by row in `data`, as [`Matrix`](crate::Matrix)
    /// stores it: `(i, j)` at `data[i · cols + j]`.
    ///
    /// ```
    /// use scratchnet::{Matrix, gemm::MatRef};
    ///
    /// let w = Matrix::from_rows(&[[1., 2.], [3., 4.], [5., 6.]]);
    /// let view = MatRef::row_major(w.as_slice(), w.rows(), w.cols());
    /// assert_eq!(view.row_stride(), 2);
    /// ```
    ///
    /// # Panics
    /// If `data` does not hold exactly `rows · cols` values:
    /// `MatRef::row_major: data has 5 values, expected rows·cols = 2·3`.
    #[inline]
    pub fn row_major(data: &'a [T], rows: usize, cols: usize) -> MatRef<'a, T> {
        assert!(
            rows.checked_mul(cols) == Some(data.len()),
            "MatRef::row_major: data has {} values, expected rows·cols = {rows}·{cols}",
            data.len()
        );
        // Element (i, j), i < rows and j < cols, is at i · cols + j < rows · cols = data.len(),
        // and data is empty if the matrix is: what `new` checks holds.
        MatRef {
            data,
            rows,
            cols,
            row_stride: cols,
            col_stride: 1,
        }
    }

    /// The transpose, `(Aᵀ)ⱼᵢ = Aᵢⱼ`: the same data, rows and columns (and strides) swapped.
    ///
    /// ```
    /// use scratchnet::gemm::{self, MatRef};
    ///
    /// let x = [1., 2., 3.]; // a 1 × 3 row
    /// let x = MatRef::row_major(&x, 1, 3);
    /// assert_eq!(gemm::gemm(x, x.t()), [14.]); // x·xᵀ, 1 × 1
    /// assert_eq!(gemm::gemm(x.t(), x).len(), 9); // xᵀ·x, 3 × 3
    /// ```
    #[must_use]
    pub fn t(self) -> MatRef<'a, T> {
        MatRef {
            data: self.data,
            rows: self.cols,
            cols: self.rows,
            row_stride: self.col_stride,
            col_stride: self.row_stride,
        }
    }

    /// The number of rows.
    ///
    /// ```
    /// use scratchnet::gemm::MatRef;
    /// assert_eq!(MatRef::row_major(&[0.; 6], 2, 3).rows(), 2);
    /// ```
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The number of columns.
    ///
    /// ```
    /// use scratchnet::gemm::MatRef;
    /// assert_eq!(MatRef::row_major(&[0.; 6], 2, 3).cols(), 3);
    /// ```
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// How far apart in the slice two rows are: `(i + 1, j)` is `row_stride` after `(i, j)`.
    ///
    /// ```
    /// use scratchnet::gemm::MatRef;
    /// assert_eq!(MatRef::row_major(&[0.; 6], 2, 3).row_stride(), 3);
    /// ```
    pub fn row_stride(&self) -> usize {
        self.row_stride
    }

    /// How far apart in the slice two columns are: `(i, j + 1)` is `col_stride` after `(i, j)`.
    ///
    /// ```
    /// use scratchnet::gemm::MatRef;
    /// assert_eq!(MatRef::row_major(&[0.; 6], 2, 3).col_stride(), 1);
    /// ```
    pub fn col_stride(&self) -> usize {
        self.col_stride
    }

    /// The slice from element (0, 0) on.
    pub(crate) fn data(&self) -> &'a [T] {
        self.data
    }

    /// Element `(i, j)`.
    pub(crate) fn at(&self, i: usize, j: usize) -> T {
        self.data[i * self.row_stride + j * self.col_stride]
    }

    /// The `rows × cols` block whose element (0, 0) is `(i0, j0)`.
    pub(crate) fn block(self, i0: usize, rows: usize, j0: usize, cols: usize) -> MatRef<'a, T> {
        debug_assert!(i0 + rows <= self.rows && j0 + cols <= self.cols);
        let data = if rows == 0 || cols == 0 {
            &[]
        } else {
            &self.data[i0 * self.row_stride + j0 * self.col_stride..]
        };
        MatRef {
            data,
            rows,
            cols,
            ..self
        }
    }
}
