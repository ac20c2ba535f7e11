//! `gemm` against the plain loop `matmul::matmul`, its oracle: every kernel this machine runs
//! (and the portable one, which every machine runs), on every small shape, on shapes that
//! straddle the tile and cache-block sizes, transposed, strided and shared among threads.
//!
//! Small-integer values keep every product and partial sum exact, so on them every kernel
//! must equal the plain loop bit for bit whatever its order of summation or its use of FMA.
//! On random data, the kernels keep the plain loop's order of summation, so the portable
//! kernel must still equal it bit for bit, and the FMA kernels must equal the plain loop
//! written with `mul_add`; and all of them must stay within the reference-BLAS error bound
//! `|c − c_ref| ≤ 16 · ε · Σₚ |aᵢₚ| |bₚⱼ|`. Every output buffer starts full of NaN, so a value
//! the product forgot to write shows.

use scratchnet::activation::{sigmoid, sigmoid_prime};
use scratchnet::gemm::{self, Kernel, MatRef};
use scratchnet::matmul::{matmul, matmul_nt, matmul_tn};
use scratchnet::{Activation, Float, XorShift};

/// `len` integers in −4 ..= 4.
fn small_ints<T: Float>(len: usize, rng: &mut XorShift) -> Vec<T> {
    (0..len)
        .map(|_| T::from_f64((rng.next_u64() % 9) as f64 - 4.0))
        .collect()
}

/// `len` standard normal numbers.
fn normals<T: Float>(len: usize, rng: &mut XorShift) -> Vec<T> {
    (0..len).map(|_| T::from_f64(rng.normal())).collect()
}

/// The plain loop's `C = A · B`, A and B row-major.
fn reference<T: Float>(m: usize, k: usize, n: usize, a: &[T], b: &[T]) -> Vec<T> {
    let mut c = vec![T::ZERO; m * n];
    matmul(m, k, n, a, b, &mut c);
    c
}

/// `gemm_into_with(kernel, threads)` on row-major A and B, into a buffer full of NaN.
fn fast<T: Float>(
    kernel: Kernel,
    threads: usize,
    m: usize,
    k: usize,
    n: usize,
    a: &[T],
    b: &[T],
) -> Vec<T> {
    let mut c = vec![T::from_f64(f64::NAN); m * n];
    let (a, b) = (MatRef::row_major(a, m, k), MatRef::row_major(b, k, n));
    gemm::gemm_into_with(kernel, threads, a, b, &mut c);
    c
}

/// Panics, with the shape, the first wrong element and how many are wrong, unless `got`
/// equals `want` bit for bit (−0.0 ≠ 0.0, NaN = NaN).
fn assert_same<T: Float>(got: &[T], want: &[T], n: usize, what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: lengths");
    let wrong: Vec<usize> = (0..got.len())
        .filter(|&x| got[x].to_f64().to_bits() != want[x].to_f64().to_bits())
        .collect();
    if let Some(&x) = wrong.first() {
        panic!(
            "{what}: {} of {} elements differ; first C[{}][{}]: got {:?}, want {:?}",
            wrong.len(),
            got.len(),
            x / n.max(1),
            x % n.max(1),
            got[x],
            want[x]
        );
    }
}

/// Every kernel to test: those this machine runs (the portable one among them).
fn kernels() -> Vec<Kernel> {
    let kernels: Vec<Kernel> = Kernel::available().collect();
    assert!(kernels.contains(&Kernel::Portable));
    kernels
}

/// The shapes `m × k · k × n` with m, k, n in 0 ..= 33: all of them in a release build
/// (`cargo test --release`, 39 304 shapes); in a debug build, where the kernels run without
/// optimisation, every m and n with five depths k, and every k with a few m and n. The tile
/// edges depend on m and n, the k blocks on k, so these cover every edge case of the tiles.
fn shapes_up_to_33() -> Vec<(usize, usize, usize)> {
    let mut shapes = Vec::new();
    for m in 0..=33 {
        for k in 0..=33 {
            for n in 0..=33 {
                let every_mn = [0, 1, 2, 7, 33].contains(&k);
                let every_k = [(1, 1), (5, 17), (33, 33)].contains(&(m, n));
                if cfg!(not(debug_assertions)) || every_mn || every_k {
                    shapes.push((m, k, n));
                }
            }
        }
    }
    shapes
}

#[test]
fn every_kernel_equals_the_plain_loop_on_every_shape_up_to_33() {
    every_kernel_equals_the_plain_loop_up_to_33::<f64>(33);
}

#[test]
fn every_kernel_equals_the_plain_loop_in_f32() {
    every_kernel_equals_the_plain_loop_up_to_33::<f32>(32);
}

/// Every kernel against the plain loop on small integers (exact in both), for every m, k, n
/// in 0..=33, in `T`.
fn every_kernel_equals_the_plain_loop_up_to_33<T: Float>(seed: u64) {
    let shapes = shapes_up_to_33();
    for kernel in kernels() {
        let mut rng = XorShift::new(seed);
        for &(m, k, n) in &shapes {
            let a: Vec<T> = small_ints(m * k, &mut rng);
            let b: Vec<T> = small_ints(k * n, &mut rng);
            let want = reference(m, k, n, &a, &b);
            let got = fast(kernel, 1, m, k, n, &a, &b);
            assert_same(
                &got,
                &want,
                n,
                &format!("{kernel}, m, k, n = {m}, {k}, {n}"),
            );
        }
    }
}

/// Sizes around the tiles (4, 6, 8 rows; 8 to 48 columns) and cache blocks (MC ≈ 128,
/// KC = 256, NC ≈ 4096) of every kernel.
const STRADDLING: [usize; 9] = [1, 7, 8, 9, 63, 64, 65, 255, 257];

#[test]
fn every_kernel_equals_the_plain_loop_on_sizes_that_straddle_the_blocks() {
    let mut shapes = Vec::new();
    for m in STRADDLING {
        for k in STRADDLING {
            for n in STRADDLING {
                // All of them in release builds; in debug builds, those up to about 40³.
                if cfg!(not(debug_assertions)) || m * k * n <= 70_000 {
                    shapes.push((m, k, n));
                }
            }
        }
    }
    // Past KC = 256 more than once, past MC, past NC.
    shapes.extend([(129, 513, 17), (300, 40, 33), (2, 3, 4097), (3, 300, 4100)]);
    for kernel in kernels() {
        let mut rng = XorShift::new(257);
        for &(m, k, n) in &shapes {
            let a: Vec<f64> = small_ints(m * k, &mut rng);
            let b: Vec<f64> = small_ints(k * n, &mut rng);
            let want = reference(m, k, n, &a, &b);
            let got = fast(kernel, 1, m, k, n, &a, &b);
            assert_same(
                &got,
                &want,
                n,
                &format!("{kernel}, m, k, n = {m}, {k}, {n}"),
            );
        }
    }
}

/// The largest `|c − c_ref| / (ε · Σₚ |aᵢₚ| |bₚⱼ|)` over C, with `c_ref` computed in `f64`.
fn worst_error_in_eps<T: Float>(
    m: usize,
    k: usize,
    n: usize,
    a: &[T],
    b: &[T],
    c: &[T],
    eps: f64,
) -> f64 {
    let a64: Vec<f64> = a.iter().map(|x| x.to_f64()).collect();
    let b64: Vec<f64> = b.iter().map(|x| x.to_f64()).collect();
    let abs_a: Vec<f64> = a64.iter().map(|x| x.abs()).collect();
    let abs_b: Vec<f64> = b64.iter().map(|x| x.abs()).collect();
    let c_ref = reference(m, k, n, &a64, &b64);
    let scale = reference(m, k, n, &abs_a, &abs_b);
    let mut worst = 0.0f64;
    for x in 0..m * n {
        let error = (c[x].to_f64() - c_ref[x]).abs();
        worst = worst.max(if error == 0.0 {
            0.0
        } else {
            error / (eps * scale[x])
        });
    }
    worst
}

#[test]
fn on_random_data_every_kernel_is_within_16_eps_of_the_plain_loop() {
    let shapes = [
        (1, 1, 1),
        (5, 300, 7),
        (64, 64, 64),
        (100, 513, 37),
        (37, 1000, 3),
    ];
    for kernel in kernels() {
        let mut rng = XorShift::new(16);
        for (m, k, n) in shapes {
            let a: Vec<f64> = normals(m * k, &mut rng);
            let b: Vec<f64> = normals(k * n, &mut rng);
            let c = fast(kernel, 1, m, k, n, &a, &b);
            let worst = worst_error_in_eps(m, k, n, &a, &b, &c, f64::EPSILON);
            println!("f64 {kernel} {m}×{k}·{k}×{n}: worst error {worst:.3} ε·Σ|a||b|");
            assert!(
                worst <= 16.0,
                "f64 {kernel} {m}×{k}·{k}×{n}: error {worst} ε·Σ|a||b|"
            );

            let a: Vec<f32> = normals(m * k, &mut rng);
            let b: Vec<f32> = normals(k * n, &mut rng);
            let c = fast(kernel, 1, m, k, n, &a, &b);
            let worst = worst_error_in_eps(m, k, n, &a, &b, &c, f64::from(f32::EPSILON));
            println!("f32 {kernel} {m}×{k}·{k}×{n}: worst error {worst:.3} ε·Σ|a||b|");
            assert!(
                worst <= 16.0,
                "f32 {kernel} {m}×{k}·{k}×{n}: error {worst} ε·Σ|a||b|"
            );
        }
    }
}

/// The plain loop with one rounding per step, `c = a.mul_add(b, c)`: what the FMA kernels
/// compute. A and B row-major.
fn fused_reference<T: Float>(
    m: usize,
    k: usize,
    n: usize,
    a: &[T],
    b: &[T],
    mul_add: fn(T, T, T) -> T,
) -> Vec<T> {
    let mut c = vec![T::ZERO; m * n];
    for i in 0..m {
        for p in 0..k {
            for j in 0..n {
                c[i * n + j] = mul_add(a[i * k + p], b[p * n + j], c[i * n + j]);
            }
        }
    }
    c
}

/// Shapes with k past one block of `KC = 256` steps (and past two), and edge tiles.
const RANDOM_SHAPES: [(usize, usize, usize); 6] = [
    (1, 1, 1),
    (5, 300, 7),
    (64, 64, 64),
    (37, 600, 41),
    (100, 513, 37),
    (9, 1000, 3),
];

#[test]
fn on_random_data_the_portable_kernel_is_the_plain_loop_bit_for_bit() {
    let mut rng = XorShift::new(8);
    for (m, k, n) in RANDOM_SHAPES {
        let a: Vec<f64> = normals(m * k, &mut rng);
        let b: Vec<f64> = normals(k * n, &mut rng);
        let c = fast(Kernel::Portable, 1, m, k, n, &a, &b);
        assert_same(
            &c,
            &reference(m, k, n, &a, &b),
            n,
            &format!("f64, {m}×{k}·{k}×{n}"),
        );

        let a: Vec<f32> = normals(m * k, &mut rng);
        let b: Vec<f32> = normals(k * n, &mut rng);
        let c = fast(Kernel::Portable, 1, m, k, n, &a, &b);
        assert_same(
            &c,
            &reference(m, k, n, &a, &b),
            n,
            &format!("f32, {m}×{k}·{k}×{n}"),
        );
    }
}

#[test]
fn on_random_data_the_fma_kernels_are_the_fused_plain_loop_bit_for_bit() {
    let fma_kernels = kernels().into_iter().filter(|&k| k != Kernel::Portable);
    for kernel in fma_kernels {
        let mut rng = XorShift::new(9);
        for (m, k, n) in RANDOM_SHAPES {
            let a: Vec<f64> = normals(m * k, &mut rng);
            let b: Vec<f64> = normals(k * n, &mut rng);
            let c = fast(kernel, 1, m, k, n, &a, &b);
            let want = fused_reference(m, k, n, &a, &b, f64::mul_add);
            assert_same(&c, &want, n, &format!("f64 {kernel}, {m}×{k}·{k}×{n}"));

            let a: Vec<f32> = normals(m * k, &mut rng);
            let b: Vec<f32> = normals(k * n, &mut rng);
            let c = fast(kernel, 1, m, k, n, &a, &b);
            let want = fused_reference(m, k, n, &a, &b, f32::mul_add);
            assert_same(&c, &want, n, &format!("f32 {kernel}, {m}×{k}·{k}×{n}"));
        }
    }
}

/// `x` (`rows × cols`, row-major) transposed, written out.
fn transposed<T: Float>(x: &[T], rows: usize, cols: usize) -> Vec<T> {
    let mut t = vec![T::ZERO; x.len()];
    for i in 0..rows {
        for j in 0..cols {
            t[j * rows + i] = x[i * cols + j];
        }
    }
    t
}

#[test]
fn transposed_views_equal_transposing_first_bit_for_bit() {
    // Packing reads a view of Aᵀ into the same panel as it reads the written-out Aᵀ, so even
    // on random data the two products are identical.
    for kernel in kernels() {
        let mut rng = XorShift::new(7);
        for (m, k, n) in [(3, 4, 5), (65, 9, 33), (130, 300, 70)] {
            let x: Vec<f64> = normals(k * m, &mut rng); // stored k × m; A = xᵀ
            let y: Vec<f64> = normals(n * k, &mut rng); // stored n × k; B = yᵀ
            let b: Vec<f64> = normals(k * n, &mut rng); // stored k × n
            let a: Vec<f64> = normals(m * k, &mut rng); // stored m × k
            let (xt, yt) = (transposed(&x, k, m), transposed(&y, n, k));
            let x_view = MatRef::row_major(&x, k, m);
            let y_view = MatRef::row_major(&y, n, k);
            let what = format!("{kernel}, m, k, n = {m}, {k}, {n}");

            // aᵀ·b, backprop's ∂J/∂W = a_{l−1}ᵀ · δ_l
            let mut c = vec![f64::NAN; m * n];
            gemm::gemm_into_with(kernel, 1, x_view.t(), MatRef::row_major(&b, k, n), &mut c);
            assert_same(
                &c,
                &fast(kernel, 1, m, k, n, &xt, &b),
                n,
                &format!("aᵀ·b, {what}"),
            );

            // a·bᵀ, backprop's δ_l · W_lᵀ
            let mut c = vec![f64::NAN; m * n];
            gemm::gemm_into_with(kernel, 1, MatRef::row_major(&a, m, k), y_view.t(), &mut c);
            assert_same(
                &c,
                &fast(kernel, 1, m, k, n, &a, &yt),
                n,
                &format!("a·bᵀ, {what}"),
            );

            // aᵀ·bᵀ
            let mut c = vec![f64::NAN; m * n];
            gemm::gemm_into_with(kernel, 1, x_view.t(), y_view.t(), &mut c);
            assert_same(
                &c,
                &fast(kernel, 1, m, k, n, &xt, &yt),
                n,
                &format!("aᵀ·bᵀ, {what}"),
            );
        }
    }
}

#[test]
fn the_portable_kernel_on_transposed_views_is_the_plain_transposed_loops() {
    // matmul_tn and matmul_nt, the readable aᵀ·b and a·bᵀ, read the transposed operand in
    // place as the views do; the portable kernel rounds as they do, so on random data too
    // the results are the same bits.
    let mut rng = XorShift::new(8);
    for (m, k, n) in [(3, 4, 5), (65, 9, 33), (130, 300, 70)] {
        let x: Vec<f64> = normals(k * m, &mut rng); // stored k × m; A = xᵀ
        let y: Vec<f64> = normals(n * k, &mut rng); // stored n × k; B = yᵀ
        let a: Vec<f64> = normals(m * k, &mut rng);
        let b: Vec<f64> = normals(k * n, &mut rng);
        let what = format!("m, k, n = {m}, {k}, {n}");

        let mut plain = vec![0.0; m * n];
        matmul_tn(m, k, n, &x, &b, &mut plain);
        let mut c = vec![f64::NAN; m * n];
        let (x_t, b) = (MatRef::row_major(&x, k, m).t(), MatRef::row_major(&b, k, n));
        gemm::gemm_into_with(Kernel::Portable, 1, x_t, b, &mut c);
        assert_same(&c, &plain, n, &format!("aᵀ·b, {what}"));

        let mut plain = vec![0.0; m * n];
        matmul_nt(m, k, n, &a, &y, &mut plain);
        let mut c = vec![f64::NAN; m * n];
        let (a, y_t) = (MatRef::row_major(&a, m, k), MatRef::row_major(&y, n, k).t());
        gemm::gemm_into_with(Kernel::Portable, 1, a, y_t, &mut c);
        assert_same(&c, &plain, n, &format!("a·bᵀ, {what}"));
    }
}

#[test]
fn strided_views_equal_the_plain_loop() {
    // Every other column of A and every third row of B: neither stride is 1, so packing takes
    // its general path.
    let (m, k, n) = (19, 21, 23);
    let mut rng = XorShift::new(3);
    let a_wide: Vec<f64> = small_ints(m * 2 * k, &mut rng);
    let b_tall: Vec<f64> = small_ints(3 * k * n, &mut rng);
    let a: Vec<f64> = (0..m * k)
        .map(|x| a_wide[(x / k) * 2 * k + (x % k) * 2])
        .collect();
    let b: Vec<f64> = (0..k * n)
        .map(|x| b_tall[(x / n) * 3 * n + x % n])
        .collect();
    let a_view = MatRef::new(&a_wide, m, k, 2 * k, 2);
    let b_view = MatRef::new(&b_tall, k, n, 3 * n, 1);
    let want = reference(m, k, n, &a, &b);
    for kernel in kernels() {
        let mut c = vec![f64::NAN; m * n];
        gemm::gemm_into_with(kernel, 1, a_view, b_view, &mut c);
        assert_same(&c, &want, n, &format!("{kernel}, strided"));
        gemm::gemm_into_with(kernel, 1, b_view.t(), a_view.t(), &mut c);
        assert_same(
            &c,
            &transposed(&want, m, n),
            m,
            &format!("{kernel}, strided, (AB)ᵀ = BᵀAᵀ"),
        );
    }
}

#[test]
fn the_thread_count_does_not_change_a_single_bit() {
    for kernel in kernels() {
        let mut rng = XorShift::new(123);
        for (m, k, n) in [(9, 20, 30), (100, 70, 50), (257, 300, 65)] {
            let a: Vec<f64> = normals(m * k, &mut rng);
            let b: Vec<f64> = normals(k * n, &mut rng);
            let one = fast(kernel, 1, m, k, n, &a, &b);
            // 7: more threads than cores, so that some start after the others took their band.
            for threads in [2, 3, 7] {
                let many = fast(kernel, threads, m, k, n, &a, &b);
                assert_same(
                    &many,
                    &one,
                    n,
                    &format!("{kernel}, {threads} threads, {m}×{k}·{k}×{n}"),
                );
            }
            let a: Vec<f32> = normals(m * k, &mut rng);
            let b: Vec<f32> = normals(k * n, &mut rng);
            let one = fast(kernel, 1, m, k, n, &a, &b);
            let many = fast(kernel, 3, m, k, n, &a, &b);
            assert_same(
                &many,
                &one,
                n,
                &format!("f32 {kernel}, 3 threads, {m}×{k}·{k}×{n}"),
            );
        }
    }
}

#[test]
fn the_automatic_choice_is_the_plain_loop_on_tiny_products_and_close_to_it_elsewhere() {
    let mut rng = XorShift::new(4);
    // The post's products (4×3·3×4, 4×4·4×5, 4×5·5×1 and backprop's) are tiny: bit-identical
    // to the plain loop even on random data.
    for (m, k, n) in [(4, 3, 4), (4, 4, 5), (4, 5, 1), (3, 4, 4), (8, 8, 8)] {
        let a: Vec<f64> = normals(m * k, &mut rng);
        let b: Vec<f64> = normals(k * n, &mut rng);
        let mut c = vec![f64::NAN; m * n];
        gemm::gemm_into(
            MatRef::row_major(&a, m, k),
            MatRef::row_major(&b, k, n),
            &mut c,
        );
        assert_same(
            &c,
            &reference(m, k, n, &a, &b),
            n,
            &format!("auto, {m}×{k}·{k}×{n}"),
        );
    }
    for (m, k, n) in [(9, 9, 9), (64, 64, 64), (300, 200, 100)] {
        let a: Vec<f64> = normals(m * k, &mut rng);
        let b: Vec<f64> = normals(k * n, &mut rng);
        let c = gemm::gemm(MatRef::row_major(&a, m, k), MatRef::row_major(&b, k, n));
        let worst = worst_error_in_eps(m, k, n, &a, &b, &c, f64::EPSILON);
        assert!(
            worst <= 16.0,
            "auto {m}×{k}·{k}×{n}: error {worst} ε·Σ|a||b|"
        );
    }
}

/// The layouts a `rows × cols` view can have in its slice, as `(name, row_stride, col_stride)`:
/// row-major, transposed (`MatRef::t` of a stored `cols × rows`), with padding after each row
/// or column, every other column, and with every row (or every column) the same values.
fn layouts(rows: usize, cols: usize) -> [(&'static str, usize, usize); 7] {
    [
        ("row-major", cols, 1),
        ("transposed", 1, rows),
        ("padded rows", cols + 3, 1),
        ("padded columns", 1, rows + 2),
        ("every other column", 2 * cols, 2),
        ("one row repeated", 0, 1),
        ("one column repeated", 1, 0),
    ]
}

/// Random values in a slice long enough for a `rows × cols` view with these strides, and the
/// matrix the view shows, row-major.
fn strided<T: Float>(
    rows: usize,
    cols: usize,
    row_stride: usize,
    col_stride: usize,
    rng: &mut XorShift,
) -> (Vec<T>, Vec<T>) {
    let len = if rows == 0 || cols == 0 {
        0
    } else {
        (rows - 1) * row_stride + (cols - 1) * col_stride + 1
    };
    let data: Vec<T> = normals(len + 2, rng);
    let shown = (0..rows * cols)
        .map(|x| data[(x / cols) * row_stride + (x % cols) * col_stride])
        .collect();
    (data, shown)
}

/// Tiny products (`m · k · n ≤ 512`) through `gemm_into`, A and B in every pair of
/// [`layouts`], against the plain loop on the matrices the views show.
fn tiny_products_in_every_layout<T: Float>(seed: u64) {
    let mut shapes = Vec::new();
    for m in 0..=9 {
        for k in 0..=9 {
            for n in (0..=9).filter(|n| m * k * n <= 512) {
                shapes.push((m, k, n));
            }
        }
    }
    // Several blocks of 8 columns of C, and the extremes of m · k · n = 512.
    shapes.extend([
        (1, 1, 40),
        (2, 3, 17),
        (3, 2, 33),
        (16, 2, 16),
        (8, 8, 8),
        (4, 32, 4),
    ]);
    shapes.extend([(1, 512, 1), (512, 1, 1), (1, 1, 512)]);
    let mut rng = XorShift::new(seed);
    for (m, k, n) in shapes {
        for (a_layout, a_row_stride, a_col_stride) in layouts(m, k) {
            for (b_layout, b_row_stride, b_col_stride) in layouts(k, n) {
                let (a_data, a) = strided::<T>(m, k, a_row_stride, a_col_stride, &mut rng);
                let (b_data, b) = strided::<T>(k, n, b_row_stride, b_col_stride, &mut rng);
                let a_view = MatRef::new(&a_data, m, k, a_row_stride, a_col_stride);
                let b_view = MatRef::new(&b_data, k, n, b_row_stride, b_col_stride);
                let mut c = vec![T::from_f64(f64::NAN); m * n];
                gemm::gemm_into(a_view, b_view, &mut c);
                assert_same(
                    &c,
                    &reference(m, k, n, &a, &b),
                    n,
                    &format!("{} {m}×{k}·{k}×{n}, A {a_layout}, B {b_layout}", T::NAME),
                );
            }
        }
    }
}

#[test]
fn tiny_products_in_every_layout_are_the_plain_loop_bit_for_bit() {
    // Random data: only the same operations in the same order give the same bits.
    tiny_products_in_every_layout::<f64>(512);
    tiny_products_in_every_layout::<f32>(511);
}

/// σ and σ′ through `Activation::Sigmoid.forward`, which runs the build for this CPU (with
/// AVX-512: whole vectors in the AVX-512 build, the rest in the AVX2 build), against `sigmoid`
/// and `sigmoid_prime` one value at a time, bit for bit, on every length up to 70 (every size of the rest, for `f64`
/// and `f32`, after 0 to 4 whole vectors).
fn dispatched_sigmoid_is_sigmoid_of_each_value<T: Float>() {
    let mut rng = XorShift::new(70);
    let z: Vec<T> = (0..70)
        .map(|i| match i % 7 {
            0 => T::from_f64(200.0 * rng.normal()),
            1 => T::ZERO,
            _ => T::from_f64(8.0 * rng.normal()),
        })
        .collect();
    for len in 0..=z.len() {
        let mut a = vec![T::from_f64(f64::NAN); len];
        let mut f_prime = vec![T::from_f64(f64::NAN); len];
        Activation::Sigmoid.forward(&z[..len], &mut a, &mut f_prime, 1);
        for (i, (&a_i, &z_i)) in a.iter().zip(&z).enumerate() {
            let want = sigmoid(z_i);
            assert!(
                a_i.to_f64().to_bits() == want.to_f64().to_bits(),
                "{} length {len}, value {i}: σ({z_i:e}) = {want:e}, forward gave {a_i:e}",
                T::NAME
            );
            let want = sigmoid_prime(z_i);
            assert!(
                f_prime[i].to_f64().to_bits() == want.to_f64().to_bits(),
                "{} length {len}, value {i}: σ′({z_i:e}) = {want:e}, forward gave {:e}",
                T::NAME,
                f_prime[i]
            );
        }
    }
}

#[test]
fn dispatched_sigmoid_is_sigmoid_of_each_value_on_every_length() {
    dispatched_sigmoid_is_sigmoid_of_each_value::<f64>();
    dispatched_sigmoid_is_sigmoid_of_each_value::<f32>();
}

#[test]
fn empty_products_are_empty_and_k_zero_gives_zeros() {
    for kernel in kernels() {
        for (m, n) in [(0, 0), (0, 5), (5, 0), (3, 4), (40, 50)] {
            let c = fast::<f64>(kernel, 2, m, 0, n, &[], &[]);
            assert_eq!(c, vec![0.0; m * n], "{kernel}, {m}×0·0×{n}");
        }
    }
    let mut c = [f64::NAN; 6];
    gemm::gemm_into(
        MatRef::row_major(&[], 2, 0),
        MatRef::row_major(&[], 0, 3),
        &mut c,
    );
    assert_eq!(c, [0.0; 6]);
}

#[test]
#[should_panic(expected = "gemm: (4×3)·(4×1) — inner dimensions 3 and 4 differ")]
fn inner_dimensions_must_agree() {
    gemm::gemm(
        MatRef::row_major(&[0.0; 12], 4, 3),
        MatRef::row_major(&[0.0; 4], 4, 1),
    );
}

#[test]
#[should_panic(expected = "gemm: c has 5 values, expected m·n = 2·3")]
fn the_output_must_have_m_times_n_values() {
    let mut c = [0.0; 5];
    gemm::gemm_into(
        MatRef::row_major(&[0.0; 4], 2, 2),
        MatRef::row_major(&[0.0; 6], 2, 3),
        &mut c,
    );
}

#[test]
#[should_panic(expected = "gemm: threads must be at least 1")]
fn zero_threads_is_refused() {
    let mut c = [0.0; 1];
    let x = MatRef::row_major(&[1.0], 1, 1);
    gemm::gemm_into_with(Kernel::Portable, 0, x, x, &mut c);
}

#[test]
#[should_panic(
    expected = "MatRef::new: a 2×2 view with strides (4, 2) reaches index 6, but data has 6 values"
)]
fn a_view_must_fit_in_its_slice() {
    MatRef::new(&[0.0; 6], 2, 2, 4, 2);
}

#[test]
#[should_panic(expected = "MatRef::row_major: data has 5 values, expected rows·cols = 2·3")]
fn a_row_major_view_must_have_rows_times_cols_values() {
    MatRef::row_major(&[0.0; 5], 2, 3);
}

/// On a CPU without AVX-512 (or AVX2 and FMA), forcing that kernel panics instead of running
/// instructions the CPU lacks. On one that has every kernel there is nothing to refuse, and
/// the test says so.
#[test]
fn a_kernel_this_machine_lacks_is_refused() {
    if Kernel::ALL.iter().all(|k| k.is_available()) {
        eprintln!("every kernel runs here: no refusal to check");
    }
    for kernel in Kernel::ALL.into_iter().filter(|k| !k.is_available()) {
        let result = std::panic::catch_unwind(|| {
            let mut c = [0.0; 1];
            let x = MatRef::row_major(&[1.0], 1, 1);
            gemm::gemm_into_with(kernel, 1, x, x, &mut c);
        });
        assert!(result.is_err(), "{kernel} is not available but ran");
    }
}

/// Products on both sides of the widths where AVX-512 changes tile (`n ≤ 128` in `f64` and
/// `n ≤ 16` in `f32` run a tile 16 columns wide, wider `n` the 24- and 32-column tiles),
/// with one and several blocks of `KC = 256` steps: random data, every kernel against the
/// plain loop it computes (unfused for the portable kernel, fused for the others), bit for
/// bit.
#[test]
fn every_kernel_is_its_plain_loop_on_both_sides_of_the_narrow_tile() {
    let shapes = [
        (13, 300, 10),
        (16, 64, 15),
        (9, 40, 16),
        (17, 300, 17),
        (1797, 64, 10),
        (40, 64, 127),
        (24, 600, 128),
        (17, 64, 129),
    ];
    for kernel in kernels() {
        let mut rng = XorShift::new(16);
        for (m, k, n) in shapes {
            let a: Vec<f64> = normals(m * k, &mut rng);
            let b: Vec<f64> = normals(k * n, &mut rng);
            let want = if kernel == Kernel::Portable {
                reference(m, k, n, &a, &b)
            } else {
                fused_reference(m, k, n, &a, &b, f64::mul_add)
            };
            let got = fast(kernel, 1, m, k, n, &a, &b);
            assert_same(&got, &want, n, &format!("f64 {kernel}, {m}×{k}·{k}×{n}"));

            let a: Vec<f32> = normals(m * k, &mut rng);
            let b: Vec<f32> = normals(k * n, &mut rng);
            let want = if kernel == Kernel::Portable {
                reference(m, k, n, &a, &b)
            } else {
                fused_reference(m, k, n, &a, &b, f32::mul_add)
            };
            let got = fast(kernel, 1, m, k, n, &a, &b);
            assert_same(&got, &want, n, &format!("f32 {kernel}, {m}×{k}·{k}×{n}"));
        }
    }
}

/// Products whose B is a single sliver of the tile (`n ≤ NR`: 4, 8 or 16 columns for
/// the portable, AVX2 and AVX-512 kernels), where A is read in place instead of packed when
/// its rows or its columns are contiguous: A in every one of [`layouts`], m a multiple of
/// every `MR` (the whole slivers alone) and not (the rest packed), k within one block of
/// `KC = 256` and past two. Random data, every kernel against the plain loop it computes
/// (unfused for the portable kernel, fused for the others), bit for bit.
fn one_sliver_of_b_in_every_layout_of_a<T: Float>(mul_add: fn(T, T, T) -> T) {
    let mut rng = XorShift::new(10);
    for kernel in kernels() {
        for (m, k, n) in [
            (24, 30, 1),
            (13, 256, 4),
            (48, 600, 8),
            (29, 64, 10),
            (64, 300, 16),
        ] {
            let b: Vec<T> = normals(k * n, &mut rng);
            for (layout, row_stride, col_stride) in layouts(m, k) {
                let (data, a) = strided::<T>(m, k, row_stride, col_stride, &mut rng);
                let a_view = MatRef::new(&data, m, k, row_stride, col_stride);
                let mut c = vec![T::from_f64(f64::NAN); m * n];
                gemm::gemm_into_with(kernel, 1, a_view, MatRef::row_major(&b, k, n), &mut c);
                let want = if kernel == Kernel::Portable {
                    reference(m, k, n, &a, &b)
                } else {
                    fused_reference(m, k, n, &a, &b, mul_add)
                };
                let what = format!("{} {kernel}, {m}×{k}·{k}×{n}, A {layout}", T::NAME);
                assert_same(&c, &want, n, &what);
            }
        }
    }
}

#[test]
fn one_sliver_of_b_reads_a_in_place_in_every_layout() {
    one_sliver_of_b_in_every_layout_of_a::<f64>(f64::mul_add);
    one_sliver_of_b_in_every_layout_of_a::<f32>(f32::mul_add);
}
