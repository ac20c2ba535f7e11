//! `cargo run --release --example embed`: from the laptop to the chip, in one run.
//!
//! ```text
//! train in f32  →  save a model file  →  load it back  →  export Rust source  →  no_std program
//! Network::train   Network::save         Network::load     to_rust_source       examples/no_std.rs
//! ```
//!
//! Then it predicts the post's four samples three ways: with the trained network, with the
//! network loaded from the model file, and with the exported module. Source cannot be
//! compiled while the program runs, so the module is the checked-in
//! `generated/post_f32.rs`, compiled into this example; the program says whether the source
//! it just exported is that file, byte for byte (`tests/export.rs` fails if not). All three
//! predictions must have the same bits; the last lines are what `examples/no_std.rs` prints.

use std::process::ExitCode;

use scratchnet::{Matrix, Network, XorShift, post};

/// The checked-in export of the post's f32 network: `exported::post::predict`.
mod exported {
    include!("generated/post_f32.rs");
}

/// Where the checked-in export lives, for the messages.
const GENERATED: &str = "examples/generated/post_f32.rs";

fn main() -> ExitCode {
    let inputs = post::inputs().cast::<f32>();
    let labels = post::labels().cast::<f32>();

    // 1. Train in f32, as the post does in f64.
    let mut net = Network::<f32>::new(&post::SIZES, &mut XorShift::new(post::SEED));
    let learning_rate = post::LEARNING_RATE as f32;
    let costs = net.train(&inputs, &labels, post::EPOCHS, learning_rate);
    println!(
        "Trained the 3-4-5-1 network in f32 for {} epochs: cost {}",
        post::EPOCHS,
        costs[post::EPOCHS - 1]
    );

    // 2. Save the model file, and load it back.
    let mut model = String::new();
    net.save(&mut model)
        .expect("writing to a String cannot fail");
    let loaded = Network::<f32>::load(&model)
        .unwrap_or_else(|e| panic!("loading the model file just saved: {e}"));
    println!(
        "Saved it as a model file ({} lines, {} bytes) and loaded it back",
        model.lines().count(),
        model.len()
    );

    // 3. Export Rust source.
    let source = net.to_rust_source("post");
    let checked_in = include_str!("generated/post_f32.rs");
    let verdict = if source == checked_in {
        format!("the same as {GENERATED}, which is compiled in here")
    } else {
        format!("NOT {GENERATED}: run SCRATCHNET_BLESS=1 cargo test --test export")
    };
    println!(
        "Exported it as Rust source ({} lines): {verdict}",
        source.lines().count()
    );

    // Predict the four samples three ways.
    let trained = net.predict(&inputs);
    let reloaded = loaded.predict(&inputs);
    let module_y_hat = (0..inputs.rows())
        .map(|i| {
            let x = [inputs[(i, 0)], inputs[(i, 1)], inputs[(i, 2)]];
            let mut y_hat = [0.0f32];
            exported::post::predict(&x, &mut y_hat);
            y_hat[0]
        })
        .collect();
    let module = Matrix::<f32>::from_vec(inputs.rows(), 1, module_y_hat);

    println!("\nPredictions of the trained network...\n{trained}");
    println!("Predictions of the network loaded from the model file...\n{reloaded}");
    println!("Predictions of the exported module...\n{module}");
    println!("Actual...\n{labels}");

    let bits = |y: &Matrix<f32>| -> Vec<u32> { y.as_slice().iter().map(|v| v.to_bits()).collect() };
    let identical = bits(&reloaded) == bits(&trained) && bits(&module) == bits(&trained);
    if identical {
        println!("\nThe three are bit-identical.");
    } else {
        println!("\nThe three DIFFER in their bits.");
    }

    println!("\nexamples/no_std.rs prints, from the same module:");
    for i in 0..inputs.rows() {
        let x = inputs.row(i);
        println!("x = [{}, {}, {}]  ŷ = {}", x[0], x[1], x[2], module[(i, 0)]);
    }

    if identical && source == checked_in {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
