//! The network: the post's run converges, saturated neurons stay finite, the stored state
//! behaves as the post's instance variables do, and bad input is refused with its shape.

use scratchnet::activation::{sigmoid, sigmoid_prime};
use scratchnet::{Error, Float, Matrix, Network, XorShift, post};

#[test]
fn the_posts_run_from_the_examples_seed_learns_its_labels() {
    let (x, y) = (post::inputs(), post::labels());
    let mut net = Network::new(&post::SIZES, &mut XorShift::new(post::SEED));
    let costs = net.train(&x, &y, post::EPOCHS, post::LEARNING_RATE);
    let final_cost = costs[post::EPOCHS - 1];
    assert!(
        final_cost < 0.01,
        "cost after {} epochs: {final_cost}",
        post::EPOCHS
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
fn train_records_each_cost_before_that_epochs_update() {
    let (x, y) = (post::inputs(), post::labels());
    let mut net = Network::new(&post::SIZES, &mut XorShift::new(3));
    let mut copy = net.clone();
    let costs = net.train(&x, &y, 3, 0.5);
    for (epoch, &cost) in costs.iter().enumerate() {
        let y_hat = copy.forward_propagation(&x);
        assert_eq!(cost, Network::compute_cost(&y_hat, &y), "epoch {epoch}");
        let d_ws = copy.backpropagation(&x, &y, &y_hat);
        let weights: Vec<Matrix> = copy
            .weights()
            .iter()
            .zip(&d_ws)
            .map(|(w, d_w)| w - 0.5 * d_w)
            .collect();
        copy = Network::from_weights(weights).unwrap();
    }
    assert_eq!(net.weights(), copy.weights());
}

/// `train` (in place, in reused buffers) against the post's own steps, each building new
/// matrices: forward_propagation, compute_cost, backpropagation, `W − η·∂J/∂W`.
fn assert_train_is_the_posts_loop<T: Float>(sizes: &[usize], m: usize, seed: u64) {
    let mut rng = XorShift::new(seed);
    let x = Matrix::<T>::randn(m, sizes[0], &mut rng);
    let y = Matrix::<T>::randn(m, sizes[sizes.len() - 1], &mut rng).map(|v| v.abs());
    let mut net = Network::<T>::new(sizes, &mut rng);
    let mut steps = net.clone();
    let learning_rate = T::from_f64(0.3);
    let costs = net.train(&x, &y, 5, learning_rate);
    for (epoch, &cost) in costs.iter().enumerate() {
        let y_hat = steps.forward_propagation(&x);
        assert_eq!(
            cost,
            Network::compute_cost(&y_hat, &y),
            "{sizes:?} epoch {epoch}"
        );
        let d_ws = steps.backpropagation(&x, &y, &y_hat);
        let weights = steps.weights().iter().zip(&d_ws);
        let weights = weights.map(|(w, d_w)| w - &(d_w * learning_rate)).collect();
        steps = Network::<T>::from_weights(weights).unwrap();
    }
    assert_eq!(net.weights(), steps.weights(), "{sizes:?} in {}", T::NAME);
}

#[test]
fn train_is_the_posts_loop_bit_for_bit() {
    assert_train_is_the_posts_loop::<f64>(&[2, 1], 3, 1);
    assert_train_is_the_posts_loop::<f64>(&[4, 6, 5, 4, 3, 2], 12, 2);
    assert_train_is_the_posts_loop::<f32>(&[3, 4, 5, 1], 4, 3);
    assert_train_is_the_posts_loop::<f32>(&[5, 8, 3], 30, 4);
}

#[test]
fn saturated_neurons_give_finite_values() {
    // z = ±1000: e^{1000} overflows, so the post's σ′ = e^{−z}/(1+e^{−z})² would be NaN.
    for z in [-1000.0f64, 1000.0, -1e300, 1e300] {
        assert!(
            sigmoid(z).is_finite() && sigmoid_prime(z).is_finite(),
            "z = {z}"
        );
        assert_eq!(sigmoid_prime(z), 0.0, "z = {z}");
    }
    // A network driven to z = ±1000 in both layers.
    let w1 = Matrix::from_rows(&[[1000.0, -1000.0]]);
    let w2 = Matrix::from_rows(&[[1000.0], [-1000.0]]);
    let mut net = Network::from_weights(vec![w1, w2]).unwrap();
    let x = Matrix::from_rows(&[[1.0], [-1.0]]);
    let y = Matrix::from_rows(&[[0.0], [1.0]]);
    let y_hat = net.forward_propagation(&x);
    assert_eq!(
        net.zs()[0],
        Matrix::from_rows(&[[1000.0, -1000.0], [-1000.0, 1000.0]])
    );
    let cost = Network::compute_cost(&y_hat, &y);
    assert!(cost.is_finite(), "cost {cost}");
    for d_w in net.backpropagation(&x, &y, &y_hat) {
        assert!(d_w.as_slice().iter().all(|v| v.is_finite()), "{d_w}");
    }
    let costs = net.train(&x, &y, 10, 0.1);
    assert!(costs.iter().all(|c| c.is_finite()), "{costs:?}");
}

#[test]
fn predict_equals_forward_propagation_and_stores_nothing() {
    for seed in 0..20 {
        let mut rng = XorShift::new(seed);
        let sizes = [2, 3 + seed as usize % 3, 4, 2];
        let mut net = Network::<f64>::new(&sizes, &mut rng);
        let x = Matrix::randn(5, 2, &mut rng);
        let before = net.clone();
        let y_hat = net.predict(&x);
        // `==` compares the parameters only; the stored forward pass is compared apart.
        assert_eq!(net, before, "predict must not change the network");
        assert_eq!(net.zs(), before.zs(), "predict must not store z");
        assert_eq!(
            net.activations(),
            before.activations(),
            "predict must not store a"
        );
        assert_eq!(net.forward_propagation(&x), y_hat, "seed {seed}");
        assert_eq!(net.zs().len(), 3);
        assert_eq!(net.activations()[2], y_hat);
        for (l, z) in net.zs().iter().enumerate() {
            assert_eq!(
                net.activations()[l],
                z.map(sigmoid),
                "a = σ(z) in layer {}",
                l + 1
            );
            assert_eq!(z.shape(), (5, sizes[l + 1]));
        }
    }
}

#[test]
fn new_draws_each_weight_matrix_in_order_from_the_stream() {
    let net = Network::<f64>::new(&[3, 4, 5, 1], &mut XorShift::new(9));
    let mut rng = XorShift::new(9);
    let w1 = Matrix::randn(3, 4, &mut rng);
    let w2 = Matrix::randn(4, 5, &mut rng);
    let w3 = Matrix::randn(5, 1, &mut rng);
    assert_eq!(net.weights(), &[w1, w2, w3]);
    assert_eq!(net.sizes(), vec![3, 4, 5, 1]);
}

#[test]
fn from_weights_names_the_matrix_that_is_wrong() {
    assert_eq!(Network::<f64>::from_weights(vec![]), Err(Error::NoLayers));
    let ok = || Matrix::zeros(3, 4);
    assert_eq!(
        Network::from_weights(vec![ok(), Matrix::zeros(4, 0)]),
        Err(Error::EmptyLayer {
            layer: 2,
            shape: (4, 0)
        })
    );
    assert_eq!(
        Network::from_weights(vec![ok(), Matrix::zeros(4, 5), Matrix::zeros(4, 1)]),
        Err(Error::WeightsDoNotChain {
            layer: 3,
            shape: (4, 1),
            expected_rows: 5
        })
    );
    let mut bad = ok();
    bad[(2, 1)] = f64::NAN;
    let err = Network::from_weights(vec![bad]).unwrap_err();
    assert_eq!(
        err,
        Error::NonFinite {
            layer: 1,
            row: 2,
            col: 1
        }
    );
    assert_eq!(
        err.to_string(),
        "weight matrix w1 has a non-finite value at (2, 1): weights must be finite"
    );
    assert_eq!(
        Network::from_weights(vec![ok(), Matrix::zeros(4, 2)])
            .unwrap()
            .sizes(),
        vec![3, 4, 2]
    );
}

fn post_network() -> Network {
    Network::new(&post::SIZES, &mut XorShift::new(post::SEED))
}

#[test]
#[should_panic(expected = "Network::new: got 1 layer sizes, expected at least 2")]
fn new_panics_without_an_output_layer() {
    Network::<f64>::new(&[3], &mut XorShift::new(0));
}

#[test]
#[should_panic(expected = "Network::new: layer 1 has size 0, expected every layer to have ≥ 1")]
fn new_panics_on_an_empty_layer() {
    Network::<f64>::new(&[3, 0, 1], &mut XorShift::new(0));
}

#[test]
#[should_panic(expected = "forward_propagation: inputs are 4×2, expected m×3 with m ≥ 1")]
fn forward_propagation_panics_on_the_wrong_number_of_inputs() {
    post_network().forward_propagation(&Matrix::zeros(4, 2));
}

#[test]
#[should_panic(expected = "predict: inputs are 0×3, expected m×3 with m ≥ 1")]
fn predict_panics_on_an_empty_data_set() {
    post_network().predict(&Matrix::zeros(0, 3));
}

#[test]
#[should_panic(expected = "train: labels are 4×2, expected 4×1 (one row per sample")]
fn train_panics_on_labels_of_the_wrong_shape() {
    post_network().train(&post::inputs(), &Matrix::zeros(4, 2), 1, 0.1);
}

#[test]
#[should_panic(expected = "train: inputs are 0×3, expected m×3 with m ≥ 1")]
fn train_panics_on_an_empty_data_set() {
    post_network().train(&Matrix::zeros(0, 3), &Matrix::zeros(0, 1), 1, 0.1);
}

#[test]
#[should_panic(expected = "backpropagation: no forward pass of these 4 samples is stored")]
fn backpropagation_panics_before_a_forward_pass() {
    let y = post::labels();
    post_network().backpropagation(&post::inputs(), &y, &y);
}

#[test]
#[should_panic(expected = "backpropagation: predictions are 3×1, expected 4×1")]
fn backpropagation_panics_on_predictions_of_the_wrong_shape() {
    let mut net = post_network();
    net.forward_propagation(&post::inputs());
    net.backpropagation(&post::inputs(), &post::labels(), &Matrix::zeros(3, 1));
}

#[test]
#[should_panic(expected = "compute_cost: prediction is 4×1 but actual is 1×4, expected the same")]
fn compute_cost_panics_on_different_shapes() {
    Network::<f64>::compute_cost(&Matrix::zeros(4, 1), &Matrix::zeros(1, 4));
}

#[test]
fn networks_are_equal_by_their_parameters_not_their_last_forward_pass() {
    let layers = scratchnet::Layers::new(&[3, 4, 2])
        .hidden(scratchnet::Activation::Tanh)
        .biases(true);
    let mut net = Network::<f64>::build(&layers, &mut XorShift::new(5)).unwrap();
    let copy = net.clone();
    net.forward_propagation(&post::inputs());
    assert!(!net.zs().is_empty() && copy.zs().is_empty());
    assert_eq!(net, copy, "a forward pass changed equality");
    assert_eq!(
        format!("{net:?}"),
        format!("{copy:?}"),
        "Debug shows the forward pass"
    );

    let mut text = String::new();
    net.save(&mut text).unwrap();
    assert_eq!(Network::<f64>::load(&text).unwrap(), net);

    let mut trained = net.clone();
    trained.train(&post::inputs(), &Matrix::filled(4, 2, 0.5), 1, 0.1);
    assert_ne!(trained, net, "a step of training left the parameters equal");
}

#[test]
fn sizes_too_large_for_memory_are_errors_not_aborts() {
    let mut rng = XorShift::new(1);
    // 2³² × 2³² values overflow usize; 2³¹ × 2³¹ f64s overflow the address space.
    for n in [1usize << 32, 1 << 31] {
        let layers = scratchnet::Layers::new(&[n, n]);
        let err = Network::<f64>::build(&layers, &mut rng).unwrap_err();
        assert_eq!(err, Error::TooLarge { rows: n, cols: n }, "{n}");
        assert_eq!(
            err.to_string(),
            format!("a {n}×{n} matrix has more elements than fit in memory")
        );
    }
    // A layer of 2⁶² neurons: 2⁶² f32s are 2⁶⁴ bytes.
    let biased = scratchnet::Layers::new(&[1, 1 << 62]).biases(true);
    assert!(matches!(
        Network::<f32>::build(&biased, &mut rng),
        Err(Error::TooLarge { .. })
    ));
}

#[test]
#[should_panic(
    expected = "Matrix::zeros: a 2147483648×2147483648 matrix has more elements than fit in memory"
)]
fn a_matrix_too_large_for_memory_panics_with_the_crates_message() {
    Matrix::<f64>::zeros(1 << 31, 1 << 31);
}

#[test]
#[should_panic(
    expected = "Network::new: a 1099511627776×1099511627776 matrix has more elements than fit in memory"
)]
fn a_network_too_large_for_memory_panics_with_the_crates_message() {
    Network::<f64>::new(&[1 << 40, 1 << 40], &mut XorShift::new(1));
}
