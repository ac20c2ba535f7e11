//! `cargo bench --bench train`: the post's whole run, 5000 epochs of full-batch gradient
//! descent on the 3-4-5-1 network, timed from the same starting weights each time.

mod common;

use std::hint::black_box;
use std::time::Duration;

use common::{human, median_time};
use scratchnet::{Network, XorShift, post};

fn main() {
    let (x, y) = (post::inputs(), post::labels());
    let start = Network::new(&post::SIZES, &mut XorShift::new(post::SEED));
    let t = median_time(11, Duration::from_millis(100), || {
        let mut net = start.clone();
        black_box(net.train(
            black_box(&x),
            black_box(&y),
            post::EPOCHS,
            post::LEARNING_RATE,
        ));
    });
    println!("the post's training: 3-4-5-1 network, 4 samples, median of 11 runs");
    println!();
    println!("| {:>6} | {:>10} | {:>9} |", "epochs", "time", "epochs/s");
    println!("|-------:|-----------:|----------:|");
    println!(
        "| {:>6} | {:>10} | {:>9.0} |",
        post::EPOCHS,
        human(t),
        post::EPOCHS as f64 / t.as_secs_f64()
    );
}
