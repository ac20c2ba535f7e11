//! `cargo run --release --example walkthrough`: one epoch of the post's network, line by line.
//!
//! The debugger a learner wishes they had. This runs ONE epoch of the post's 3-4-5-1 sigmoid
//! network (no biases, `J = Σ ½(y − ŷ)²`, learning rate 0.1) on the post's four samples, and
//! prints every line of the post's `forward_propagation`, `__compute_cost`, `backpropagation`
//! and weight update, in the post's order: the post's name and equation, the shapes, our
//! name, then the value in numpy's style.
//!
//! The post numbers layers from 1 (its input), we from 0: its `z2` is our `z_1`, its `delta4`
//! our `δ_3`; its `w1` is our `W_1` either way. The starting weights come from our
//! `XorShift` with `post::SEED`, not from numpy, so the numbers are not the post's.
//!
//! Each line of the post is one line of Rust below, with `Matrix` operations: `dot`,
//! `transpose`, `hadamard` (numpy's `*` between arrays), `map`, `-` and a scalar `*`. At the
//! end the same epoch runs through the crate's own `forward_propagation`, `compute_cost`,
//! `backpropagation` and `train`, which must give the same bits; if a matrix differs, this
//! names it and exits with status 1.

use std::fmt::Display;

use scratchnet::activation::{sigmoid, sigmoid_prime};
use scratchnet::{Matrix, Network, XorShift, post};

/// `4×3`, a matrix's shape as the headers print it.
fn dims(m: &Matrix) -> String {
    format!("{}×{}", m.rows(), m.cols())
}

/// `(4×3)·(3×4) → 4×4`, the shapes of a matrix product `a · b`.
fn times(a: &Matrix, b: &Matrix) -> String {
    format!("({})·({}) → {}×{}", dims(a), dims(b), a.rows(), b.cols())
}

/// Prints one line of the post: its equation, the shapes, our name, then the value.
fn show(equation: &str, shapes: &str, ours: &str, value: impl Display) {
    println!("{equation:<42}{shapes:<20}our {ours}");
    println!("{value}\n");
}

#[allow(non_snake_case, reason = "the post's names dJdW1, dJdW2, dJdW3")]
fn main() {
    // The post's data and its network, NeuralNetwork(3, 4, 5, 1).
    let x = post::inputs();
    let labels = post::labels();
    let learning_rate = post::LEARNING_RATE;
    let mut net = Network::new(&post::SIZES, &mut XorShift::new(post::SEED));
    let (w1, w2, w3) = (net.w(1).clone(), net.w(2).clone(), net.w(3).clone());

    let seed = post::SEED;
    println!("One epoch of the post's network, η = {learning_rate}, from XorShift seed {seed}.\n");
    show("X = input_data", &dims(&x), "a_0 = X", &x);
    show("labels", &dims(&labels), "y", &labels);
    show("w1 = np.random.randn(3, 4)", &dims(&w1), "W_1", &w1);
    show("w2 = np.random.randn(4, 5)", &dims(&w2), "W_2", &w2);
    show("w3 = np.random.randn(5, 1)", &dims(&w3), "W_3", &w3);

    println!("── forward_propagation ──\n");
    // self.z2 = np.dot(inputs, self.w1)
    let z2 = x.dot(&w1);
    show("z2 = X · w1", &times(&x, &w1), "z_1", &z2);
    // self.a2 = self.__sigmoid(self.z2)
    let a2 = z2.map(sigmoid);
    show("a2 = σ(z2)", &dims(&z2), "a_1", &a2);
    // self.z3 = np.dot(self.a2, self.w2)
    let z3 = a2.dot(&w2);
    show("z3 = a2 · w2", &times(&a2, &w2), "z_2", &z3);
    // self.a3 = self.__sigmoid(self.z3)
    let a3 = z3.map(sigmoid);
    show("a3 = σ(z3)", &dims(&z3), "a_2", &a3);
    // self.z4 = np.dot(self.a3, self.w3)
    let z4 = a3.dot(&w3);
    show("z4 = a3 · w3", &times(&a3, &w3), "z_3", &z4);
    // prediction = self.__sigmoid(self.z4)
    let prediction = z4.map(sigmoid);
    show("prediction = σ(z4)", &dims(&z4), "ŷ = a_3", &prediction);

    println!("── __compute_cost (half the sum of squares; the post says mean) ──\n");
    // return np.sum(0.5 * (actual - prediction) ** 2)
    let cost = (0.5 * &(&labels - &prediction).map(|e| e * e)).sum();
    let shapes = format!("{} → 1×1", dims(&prediction));
    show("cost = Σ ½(labels − prediction)²", &shapes, "J", cost);

    println!("── backpropagation ──\n");
    // delta4 = np.multiply(-(labels - predictions), self.__sigmoid_prime(self.z4))
    let delta4 = (-(&labels - &prediction)).hadamard(&z4.map(sigmoid_prime));
    let shapes = format!("({0})⊙({0})", dims(&z4));
    let equation = "delta4 = −(labels − prediction) ⊙ σ′(z4)";
    show(equation, &shapes, "δ_3", &delta4);
    // dJdW3 = np.dot(self.a3.T, delta4)
    let dJdW3 = a3.transpose().dot(&delta4);
    let shapes = times(&a3.transpose(), &delta4);
    show("dJdW3 = a3ᵀ · delta4", &shapes, "∂J/∂W_3", &dJdW3);
    // delta3 = np.dot(delta4, self.w3.T) * self.__sigmoid_prime(self.z3)
    let delta3 = delta4.dot(&w3.transpose()).hadamard(&z3.map(sigmoid_prime));
    let shapes = times(&delta4, &w3.transpose());
    show("delta3 = (delta4 · w3ᵀ) ⊙ σ′(z3)", &shapes, "δ_2", &delta3);
    // dJdW2 = np.dot(self.a2.T, delta3)
    let dJdW2 = a2.transpose().dot(&delta3);
    let shapes = times(&a2.transpose(), &delta3);
    show("dJdW2 = a2ᵀ · delta3", &shapes, "∂J/∂W_2", &dJdW2);
    // delta2 = np.dot(delta3, self.w2.T) * self.__sigmoid_prime(self.z2)
    let delta2 = delta3.dot(&w2.transpose()).hadamard(&z2.map(sigmoid_prime));
    let shapes = times(&delta3, &w2.transpose());
    show("delta2 = (delta3 · w2ᵀ) ⊙ σ′(z2)", &shapes, "δ_1", &delta2);
    // dJdW1 = np.dot(inputs.T, delta2)
    let dJdW1 = x.transpose().dot(&delta2);
    let shapes = times(&x.transpose(), &delta2);
    show("dJdW1 = Xᵀ · delta2", &shapes, "∂J/∂W_1", &dJdW1);

    println!("── train, step 4: the update ──\n");
    // self.w1 = self.w1 - (learning_rate * dJdW1)
    let new_w1 = &w1 - &(learning_rate * &dJdW1);
    let shapes = format!("{0} − η·{0}", dims(&w1));
    show("w1 = w1 − η · dJdW1", &shapes, "W_1", &new_w1);
    // self.w2 = self.w2 - (learning_rate * dJdW2)
    let new_w2 = &w2 - &(learning_rate * &dJdW2);
    let shapes = format!("{0} − η·{0}", dims(&w2));
    show("w2 = w2 − η · dJdW2", &shapes, "W_2", &new_w2);
    // self.w3 = self.w3 - (learning_rate * dJdW3)
    let new_w3 = &w3 - &(learning_rate * &dJdW3);
    let shapes = format!("{0} − η·{0}", dims(&w3));
    show("w3 = w3 − η · dJdW3", &shapes, "W_3", &new_w3);

    // The check: the same epoch through the crate's API must give the same bits (`==`).
    let mut trained = net.clone();
    let costs = trained.train(&x, &labels, 1, learning_rate);
    let y_hat = net.forward_propagation(&x);
    let d_w = net.backpropagation(&x, &labels, &y_hat);
    let crate_cost = Network::compute_cost(&y_hat, &labels);
    let number = |j: f64| Matrix::from_rows(&[[j]]);
    let checks = [
        ("z2 vs net.z(1)", &z2, net.z(1)),
        ("a2 vs net.a(1)", &a2, net.a(1)),
        ("z3 vs net.z(2)", &z3, net.z(2)),
        ("a3 vs net.a(2)", &a3, net.a(2)),
        ("z4 vs net.z(3)", &z4, net.z(3)),
        ("prediction vs forward_propagation", &prediction, &y_hat),
        ("cost vs compute_cost", &number(cost), &number(crate_cost)),
        ("cost vs train's epoch 0", &number(cost), &number(costs[0])),
        ("dJdW1 vs backpropagation[0]", &dJdW1, &d_w[0]),
        ("dJdW2 vs backpropagation[1]", &dJdW2, &d_w[1]),
        ("dJdW3 vs backpropagation[2]", &dJdW3, &d_w[2]),
        ("w1 vs train's weights()[0]", &new_w1, &trained.weights()[0]),
        ("w2 vs train's weights()[1]", &new_w2, &trained.weights()[1]),
        ("w3 vs train's weights()[2]", &new_w3, &trained.weights()[2]),
    ];
    for (name, ours, crates) in checks {
        if ours != crates {
            let differences = (ours - crates).map(f64::abs);
            let worst = differences.as_slice().iter().copied().fold(0.0, f64::max);
            eprintln!("{name}: not the same bits (the largest difference is {worst:e})");
            std::process::exit(1);
        }
    }
    println!(
        "the crate's forward_propagation, backpropagation and train give these very numbers, \
         bit for bit"
    );
}
