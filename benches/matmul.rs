//! `cargo bench --bench matmul`: the square matrix product `C = A · B` at n = 4 … 512.
//!
//! For each n: the median time of one product and its speed in GFLOP/s (a product of two
//! n × n matrices is n³ multiplications and n³ additions, 2n³ floating-point operations),
//! for the textbook i-j-p loop written out below and for the crate's `Matrix::dot`.

mod common;

use std::hint::black_box;
use std::time::Duration;

use common::{human, median_time};
use scratchnet::{Matrix, XorShift};

/// The textbook loop, `Cᵢⱼ = Σₚ Aᵢₚ · Bₚⱼ` with p innermost: the baseline `dot` is measured
/// against. Its inner loop strides down a column of B, one row (n values) per step.
fn textbook_dot(a: &Matrix, b: &Matrix) -> Matrix {
    let (m, k, n) = (a.rows(), a.cols(), b.cols());
    let mut c = Matrix::zeros(m, n);
    for i in 0..m {
        for j in 0..n {
            let mut sum = 0.0;
            for p in 0..k {
                sum += a[(i, p)] * b[(p, j)];
            }
            c[(i, j)] = sum;
        }
    }
    c
}

fn main() {
    let mut rng = XorShift::new(2024);
    println!("square dot, C = A·B with A, B n×n; median of 15 samples; GFLOP/s = 2n³ / time");
    println!();
    println!(
        "| {:>4} | {:>12} | {:>8} | {:>12} | {:>8} | {:>11} |",
        "n", "textbook", "GFLOP/s", "dot", "GFLOP/s", "dot speedup"
    );
    println!("|-----:|-------------:|---------:|-------------:|---------:|------------:|");
    for n in [4, 16, 64, 128, 256, 512] {
        let a = Matrix::randn(n, n, &mut rng);
        let b = Matrix::randn(n, n, &mut rng);
        assert_eq!(
            textbook_dot(&a, &b),
            a.dot(&b),
            "the two loops must agree bit for bit"
        );
        let min_sample = Duration::from_millis(20);
        let t_textbook = median_time(15, min_sample, || {
            black_box(textbook_dot(black_box(&a), black_box(&b)));
        });
        let t_dot = median_time(15, min_sample, || {
            black_box(black_box(&a).dot(black_box(&b)));
        });
        let flops = 2.0 * (n as f64).powi(3);
        println!(
            "| {:>4} | {:>12} | {:>8.2} | {:>12} | {:>8.2} | {:>10.2}× |",
            n,
            human(t_textbook),
            flops / t_textbook.as_secs_f64() / 1e9,
            human(t_dot),
            flops / t_dot.as_secs_f64() / 1e9,
            t_textbook.as_secs_f64() / t_dot.as_secs_f64()
        );
    }
}
