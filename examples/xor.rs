//! `cargo run --release --example xor`: real XOR, which the post's data set is not.
//!
//! ```text
//! x₁ x₂ │ x₁ XOR x₂
//!  0  0 │ 0
//!  0  1 │ 1
//!  1  0 │ 1
//!  1  1 │ 0
//! ```
//!
//! No straight line separates the 1s from the 0s, so a single neuron cannot learn XOR: it
//! needs a hidden layer, and the hidden neurons need a bias, a threshold to compare their
//! input against. The post's network has no biases, so, as the post's own data does, we give
//! every sample a third input that is always 1: its weight into each hidden neuron acts as
//! that neuron's bias.

use scratchnet::{Matrix, Network, XorShift};

fn main() {
    let input_data = Matrix::from_rows(&[[0., 0., 1.], [0., 1., 1.], [1., 0., 1.], [1., 1., 1.]]);
    let labels = Matrix::from_rows(&[[0.], [1.], [1.], [0.]]);

    let mut net = Network::new(&[3, 4, 5, 1], &mut XorShift::new(1));
    let costs = net.train(&input_data, &labels, 10_000, 0.5);
    for (epoch, cost) in costs.iter().enumerate().step_by(2000) {
        println!("Cost at epoch {epoch}: {cost}");
    }

    println!("Predictions...\n{}", net.forward_propagation(&input_data));
    println!("Actual...\n{labels}");
}
