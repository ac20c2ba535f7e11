//! `cargo bench --bench train`: epochs per second of full-batch training.
//!
//! * the post's run: the 3-4-5-1 network on its 4 samples, 5000 epochs;
//! * a network the size of a handwritten-digit classifier: 64-128-64-10 on 1797 samples of
//!   64 features (the shape of scikit-learn's `load_digits`), 100 epochs, on one thread and
//!   on all of them (`gemm::set_threads`; each epoch shared among threads started once for
//!   the run, `src/training/parallel.rs`). The data are random numbers from our generator: the
//!   time does not depend on their values.
//!
//! `benches/numpy_train.py` runs the same algorithm in numpy for comparison.

mod common;

use std::hint::black_box;
use std::time::Duration;

use common::{human, median_time};
use scratchnet::{Matrix, Network, XorShift, gemm, post};

/// Median time of `epochs` epochs of `train`, always from the same starting weights.
fn time_training(
    start: &Network,
    x: &Matrix,
    y: &Matrix,
    epochs: usize,
    samples: usize,
) -> Duration {
    median_time(samples, Duration::from_millis(100), || {
        let mut net = start.clone();
        black_box(net.train(black_box(x), black_box(y), epochs, 0.1));
    })
}

fn main() {
    println!("full-batch training, f64, median of the samples; epochs/s = epochs / time");
    println!();
    println!(
        "| {:<28} | {:>6} | {:>10} | {:>9} |",
        "network", "epochs", "time", "epochs/s"
    );
    println!("|------------------------------|-------:|-----------:|----------:|");

    let start = Network::new(&post::SIZES, &mut XorShift::new(post::SEED));
    let t = time_training(&start, &post::inputs(), &post::labels(), post::EPOCHS, 11);
    row("3-4-5-1, 4 samples (post)", post::EPOCHS, t);

    let mut rng = XorShift::new(1797);
    let x = Matrix::randn(1797, 64, &mut rng);
    let y = Matrix::randn(1797, 10, &mut rng).map(|v| if v > 1.0 { 1.0 } else { 0.0 });
    let start = Network::new(&[64, 128, 64, 10], &mut rng);
    gemm::set_threads(1);
    let t = time_training(&start, &x, &y, 100, 5);
    row("64-128-64-10, 1 thread", 100, t);
    gemm::set_threads(0);
    let t = time_training(&start, &x, &y, 100, 5);
    let all = format!("64-128-64-10, {} threads", gemm::threads());
    row(&all, 100, t);
}

fn row(network: &str, epochs: usize, t: Duration) {
    println!(
        "| {:<28} | {:>6} | {:>10} | {:>9.0} |",
        network,
        epochs,
        human(t),
        epochs as f64 / t.as_secs_f64()
    );
}
