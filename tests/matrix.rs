//! Matrix: `dot` against an independent triple loop on every small shape, algebraic
//! properties over many seeds, and every documented panic with its message.
//!
//! Small-integer values keep every product and sum exact in f64, so results are compared
//! with `==`: any wrong index or missed term shows as a wrong integer.

use scratchnet::{Error, Matrix, XorShift};

/// A `rows × cols` matrix of integers in −4 ..= 4 drawn from `rng`.
fn small_ints(rows: usize, cols: usize, rng: &mut XorShift) -> Matrix {
    let data = (0..rows * cols)
        .map(|_| (rng.next_u64() % 9) as f64 - 4.0)
        .collect();
    Matrix::from_vec(rows, cols, data)
}

/// The definition, `Cᵢⱼ = Σₚ Aᵢₚ Bₚⱼ`, indexed through `m[(i, j)]`: the oracle for `dot`.
fn naive_dot(a: &Matrix, b: &Matrix) -> Matrix {
    let mut c = Matrix::zeros(a.rows(), b.cols());
    for i in 0..a.rows() {
        for j in 0..b.cols() {
            for p in 0..a.cols() {
                c[(i, j)] += a[(i, p)] * b[(p, j)];
            }
        }
    }
    c
}

#[test]
fn dot_equals_the_triple_loop_on_every_shape_up_to_9() {
    let mut rng = XorShift::new(1);
    for m in 0..=9 {
        for k in 0..=9 {
            for n in 0..=9 {
                let a = small_ints(m, k, &mut rng);
                let b = small_ints(k, n, &mut rng);
                let c = a.dot(&b);
                assert_eq!(c.shape(), (m, n));
                assert_eq!(
                    c,
                    naive_dot(&a, &b),
                    "m, k, n = {m}, {k}, {n}\na = {a}\nb = {b}"
                );
            }
        }
    }
}

#[test]
fn transpose_of_a_product_is_the_product_of_transposes_reversed() {
    // (AB)ᵀ = BᵀAᵀ holds exactly even for random floats: both sides form the same products
    // and add them in the same order.
    for seed in 0..200 {
        let mut rng = XorShift::new(seed);
        let (m, k, n) = (
            1 + seed as usize % 7,
            1 + seed as usize % 5,
            1 + seed as usize % 6,
        );
        let a = Matrix::<f64>::randn(m, k, &mut rng);
        let b = Matrix::randn(k, n, &mut rng);
        assert_eq!(
            a.dot(&b).transpose(),
            b.transpose().dot(&a.transpose()),
            "seed {seed}"
        );
    }
}

#[test]
fn identity_is_neutral_and_transpose_is_an_involution() {
    for seed in 0..200 {
        let mut rng = XorShift::new(seed);
        let (m, n) = (seed as usize % 8, 1 + seed as usize % 5);
        let a = Matrix::<f64>::randn(m, n, &mut rng);
        assert_eq!(a.dot(&Matrix::identity(n)), a, "A·I, seed {seed}");
        assert_eq!(Matrix::identity(m).dot(&a), a, "I·A, seed {seed}");
        assert_eq!(a.transpose().transpose(), a, "(Aᵀ)ᵀ, seed {seed}");
        assert_eq!(a.transpose().shape(), (n, m));
    }
}

#[test]
fn elementwise_operations_commute_and_distribute() {
    for seed in 0..200 {
        let mut rng = XorShift::new(seed);
        let (m, k, n) = (
            1 + seed as usize % 6,
            1 + seed as usize % 4,
            1 + seed as usize % 5,
        );
        let a = small_ints(m, k, &mut rng);
        let b = small_ints(m, k, &mut rng);
        let c = small_ints(k, n, &mut rng);
        let d = small_ints(k, n, &mut rng);
        assert_eq!(a.hadamard(&b), b.hadamard(&a), "A ⊙ B = B ⊙ A, seed {seed}");
        assert_eq!(&a + &b, &b + &a, "A + B = B + A, seed {seed}");
        assert_eq!(&(&a + &b) - &b, a, "(A + B) − B = A, seed {seed}");
        assert_eq!(-(&a - &b), &b - &a, "−(A − B) = B − A, seed {seed}");
        assert_eq!(
            a.dot(&(&c + &d)),
            a.dot(&c) + a.dot(&d),
            "A(C + D) = AC + AD, seed {seed}"
        );
        assert_eq!(2.0 * &a, &a + &a, "2A = A + A, seed {seed}");
        assert_eq!(&a * 3.0, a.map(|x| 3.0 * x), "A·3, seed {seed}");
        let sum: f64 = a.as_slice().iter().sum();
        assert_eq!(a.sum(), sum, "sum, seed {seed}");
    }
}

#[test]
fn operators_work_on_owned_values_and_references_alike() {
    let a = Matrix::from_rows(&[[1., 2.], [3., 4.]]);
    let b = Matrix::from_rows(&[[10., 20.], [30., 40.]]);
    let sum = Matrix::from_rows(&[[11., 22.], [33., 44.]]);
    assert_eq!(&a + &b, sum);
    assert_eq!(a.clone() + b.clone(), sum);
    assert_eq!(&a + b.clone(), sum);
    assert_eq!(a.clone() + &b, sum);
    let difference = Matrix::from_rows(&[[9., 18.], [27., 36.]]);
    assert_eq!(&b - &a, difference);
    assert_eq!(b.clone() - a.clone(), difference);
    assert_eq!(&b - a.clone(), difference);
    assert_eq!(b.clone() - &a, difference);
    assert_eq!(a.clone() * 2.0, 2.0 * a.clone());
    assert_eq!(-a.clone(), Matrix::from_rows(&[[-1., -2.], [-3., -4.]]));
}

#[test]
fn constructors_and_accessors_agree() {
    let m = Matrix::from_rows(&[[1., 2., 3.], [4., 5., 6.]]);
    assert_eq!(m, Matrix::from_vec(2, 3, vec![1., 2., 3., 4., 5., 6.]));
    let vec_of_vecs: Vec<Vec<f64>> = vec![vec![1., 2., 3.], vec![4., 5., 6.]];
    assert_eq!(m, Matrix::from_rows(&vec_of_vecs));
    assert_eq!((m.rows(), m.cols(), m.shape()), (2, 3, (2, 3)));
    assert_eq!(m.row(1), &[4., 5., 6.]);
    assert_eq!(m[(0, 2)], 3.0);
    assert_eq!(m.as_slice(), &[1., 2., 3., 4., 5., 6.]);
    assert_eq!(m.clone().into_vec(), vec![1., 2., 3., 4., 5., 6.]);
    let mut z = Matrix::zeros(2, 3);
    z[(1, 2)] = 7.0;
    z.as_mut_slice()[0] = -1.0;
    assert_eq!(z, Matrix::from_rows(&[[-1., 0., 0.], [0., 0., 7.]]));
    assert_eq!(
        Matrix::identity(2),
        Matrix::from_rows(&[[1., 0.], [0., 1.]])
    );
    assert_eq!(Matrix::from_rows::<[f64; 0]>(&[]).shape(), (0, 0));
}

#[test]
fn try_constructors_name_what_was_wrong() {
    assert_eq!(
        Matrix::try_from_vec(2, 3, vec![0.0; 5]),
        Err(Error::DataLength {
            rows: 2,
            cols: 3,
            len: 5
        })
    );
    assert_eq!(
        Matrix::<f64>::try_from_vec(usize::MAX, 2, vec![]),
        Err(Error::TooLarge {
            rows: usize::MAX,
            cols: 2
        })
    );
    let err = Matrix::try_from_rows(&[vec![1., 2.], vec![3., 4.], vec![5.]]).unwrap_err();
    assert_eq!(
        err,
        Error::RaggedRow {
            row: 2,
            expected: 2,
            found: 1
        }
    );
    assert_eq!(
        err.to_string(),
        "row 2 has 1 values, but row 0 has 2: every row must have 2"
    );
    assert!(Matrix::try_from_vec(1, 2, vec![1., 2.]).is_ok());
}

#[test]
#[should_panic(expected = "dot: (4×3)·(4×1) — inner dimensions 3 and 4 differ")]
fn dot_panics_on_mismatched_inner_dimensions() {
    Matrix::<f64>::zeros(4, 3).dot(&Matrix::zeros(4, 1));
}

#[test]
#[should_panic(expected = "add: (2×3) + (3×2) — shapes differ")]
fn add_panics_on_different_shapes() {
    let _ = Matrix::<f64>::zeros(2, 3) + Matrix::zeros(3, 2);
}

#[test]
#[should_panic(expected = "sub: (2×3) − (2×2) — shapes differ")]
fn sub_panics_on_different_shapes() {
    let _ = &Matrix::<f64>::zeros(2, 3) - &Matrix::zeros(2, 2);
}

#[test]
#[should_panic(expected = "hadamard: (1×3) ⊙ (3×1) — shapes differ")]
fn hadamard_panics_on_different_shapes() {
    Matrix::<f64>::zeros(1, 3).hadamard(&Matrix::zeros(3, 1));
}

#[test]
#[should_panic(expected = "Matrix::from_vec: a 2×2 matrix needs 4 values, but 3 were given")]
fn from_vec_panics_on_wrong_length() {
    Matrix::from_vec(2, 2, vec![1., 2., 3.]);
}

#[test]
#[should_panic(expected = "Matrix::from_rows: row 1 has 1 values, but row 0 has 2")]
fn from_rows_panics_on_ragged_rows() {
    Matrix::from_rows(&[vec![1., 2.], vec![3.]]);
}

#[test]
#[should_panic(expected = "Matrix::zeros: a 18446744073709551615×2 matrix has more elements")]
fn zeros_panics_when_the_size_overflows() {
    Matrix::<f64>::zeros(usize::MAX, 2);
}

#[test]
#[should_panic(expected = "index (2, 0) out of bounds for a 2×3 matrix")]
fn index_panics_out_of_bounds() {
    let _ = Matrix::<f64>::zeros(2, 3)[(2, 0)];
}

#[test]
#[should_panic(expected = "index (0, 3) out of bounds for a 2×3 matrix")]
fn index_mut_panics_out_of_bounds() {
    Matrix::zeros(2, 3)[(0, 3)] = 1.0;
}

#[test]
#[should_panic(expected = "row: index 2 out of bounds for a 2×3 matrix")]
fn row_panics_out_of_bounds() {
    Matrix::<f64>::zeros(2, 3).row(2);
}

#[test]
#[should_panic(expected = "matmul: b has 5 values, expected k·n = 2·3")]
fn matmul_panics_on_a_slice_of_the_wrong_length() {
    scratchnet::matmul::matmul(1, 2, 3, &[0.; 2], &[0.; 5], &mut [0.; 3]);
}
