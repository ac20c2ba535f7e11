//! `cargo run --release --example post`: the post's run, reproducibly.
//!
//! The post trains a 3-4-5-1 sigmoid network for 5000 epochs at learning rate 0.1 on four
//! samples, printing the cost every 1000 epochs and then its predictions. The post never
//! seeds numpy, so its numbers cannot be repeated; ours start from a fixed seed and come out
//! the same on every machine.

use scratchnet::{Network, XorShift, post};

fn main() {
    let input_data = post::inputs();
    let labels = post::labels();

    let mut net = Network::new(&post::SIZES, &mut XorShift::new(post::SEED));
    let costs = net.train(&input_data, &labels, post::EPOCHS, post::LEARNING_RATE);
    for (epoch, cost) in costs.iter().enumerate().step_by(1000) {
        println!("Cost at epoch {epoch}: {cost}");
    }

    println!("Predictions...\n{}", net.forward_propagation(&input_data));
    println!("Actual...\n{labels}");
}
