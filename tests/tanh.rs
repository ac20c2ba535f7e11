//! The learner's first experiment, through the public API: the post's network with tanh in
//! place of σ, swapped in one place (the layers' description), learns the post's labels.
//! `.ci/learner-edit` does the same experiment literally, by editing the bodies of
//! `activation::sigmoid` and `activation::sigmoid_prime` in a copy of the crate.

use scratchnet::activation::{tanh, tanh_prime};
use scratchnet::{Activation, Layers, Matrix, Network, XorShift, post};

#[test]
fn the_posts_network_learns_with_tanh_swapped_in_one_place() {
    let (x, y) = (post::inputs(), post::labels());
    let layers = Layers::new(&post::SIZES)
        .hidden(Activation::Tanh)
        .output(Activation::Tanh);
    let mut net = Network::build(&layers, &mut XorShift::new(post::SEED)).unwrap();
    let costs = net.train(&x, &y, post::EPOCHS, post::LEARNING_RATE);
    let (first, last) = (costs[0], costs[post::EPOCHS - 1]);
    assert!(
        last < first / 100.0,
        "with tanh the cost went from {first} to {last}, expected below a hundredth"
    );
    let y_hat = net.predict(&x);
    for i in 0..4 {
        let error = (y_hat[(i, 0)] - y[(i, 0)]).abs();
        assert!(
            error < 0.1,
            "sample {i}: predicted {}, label {}",
            y_hat[(i, 0)],
            y[(i, 0)]
        );
    }
}

#[test]
fn training_with_tanh_steps_by_tanh_prime_of_z() {
    // One layer, one sample, weight w: z = x·w, ŷ = tanh z, J = ½(y − ŷ)², so
    // ∂J/∂w = x · (−(y − ŷ) · tanh′(z)) and one step of η gives w − η ∂J/∂w.
    let (x, y, w, eta) = (0.7, 0.2, -1.3, 0.5);
    let layers = Layers::new(&[1, 1]).output(Activation::Tanh);
    let w_matrix = Matrix::from_rows(&[[w]]);
    let mut net = Network::from_parts(layers.activations(), vec![w_matrix], None).unwrap();
    net.train(
        &Matrix::from_rows(&[[x]]),
        &Matrix::from_rows(&[[y]]),
        1,
        eta,
    );
    let z = x * w;
    let d_w = x * (-(y - tanh(z)) * tanh_prime(z));
    assert_eq!(net.w(1)[(0, 0)], w - d_w * eta);
}
