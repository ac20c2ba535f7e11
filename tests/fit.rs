//! `Network::fit`: the post's training when the settings are the post's, and each setting
//! beyond it — mini-batches, momentum, decay, progress reports, divergence — checked against
//! the same steps taken one at a time with the readable `gradients`.

use scratchnet::training::{Epoch, TrainError, Training};
use scratchnet::{
    Activation, Error, Float, Init, Layers, Loss, Matrix, Network, XorShift, data, post,
};

/// A classifier's data: `m` samples of `n_0` features, one-hot labels of `classes` classes.
fn classes(m: usize, n_0: usize, classes: usize, seed: u64) -> (Matrix, Matrix) {
    let mut rng = XorShift::new(seed);
    let x = Matrix::randn(m, n_0, &mut rng);
    let labels: Vec<usize> = (0..m).map(|_| rng.below(classes)).collect();
    (x, data::one_hot(&labels, classes))
}

/// A small network with every kind of layer and biases.
fn mixed_network(seed: u64) -> Network {
    let layers = Layers::new(&[3, 5, 4, 3])
        .activation(1, Activation::Tanh)
        .activation(2, Activation::Relu)
        .output(Activation::Softmax)
        .biases(true)
        .init(Init::Xavier);
    Network::build(&layers, &mut XorShift::new(seed)).unwrap()
}

/// Every weight and bias, flattened, for comparing networks.
fn parameters(net: &Network) -> Vec<f64> {
    let biases = net.biases().unwrap_or(&[]);
    let all = net.weights().iter().chain(biases);
    all.flat_map(|m| m.as_slice().to_vec()).collect()
}

/// `net` with every parameter θ replaced by `step(θ, ∂J/∂θ, i)`, `i` counting the
/// parameters in the order of [`parameters`].
fn stepped(
    net: &Network,
    x: &Matrix,
    y: &Matrix,
    loss: Loss,
    mut step: impl FnMut(f64, f64, usize) -> f64,
) -> Network {
    let mut net = net.clone();
    net.forward_propagation(x);
    let g = net.gradients(x, y, loss);
    let d_b = g.d_b.clone().unwrap_or_default();
    let mut i = 0;
    let mut apply = |theta: &Matrix, d: &Matrix| {
        let values = theta.as_slice().iter().zip(d.as_slice()).map(|(&t, &d)| {
            i += 1;
            step(t, d, i - 1)
        });
        Matrix::from_vec(theta.rows(), theta.cols(), values.collect())
    };
    let weights = net
        .weights()
        .iter()
        .zip(&g.d_w)
        .map(|(w, d)| apply(w, d))
        .collect();
    let biases = net
        .biases()
        .map(|b| b.iter().zip(&d_b).map(|(b, d)| apply(b, d)).collect());
    Network::from_parts(net.layer_activations(), weights, biases).unwrap()
}

#[test]
fn with_the_posts_settings_fit_is_train_bit_for_bit() {
    let (x, y) = (post::inputs(), post::labels());
    let start = Network::new(&post::SIZES, &mut XorShift::new(post::SEED));
    let mut trained = start.clone();
    let costs = trained.train(&x, &y, 300, post::LEARNING_RATE);
    let mut fitted = start.clone();
    let training = Training::new(300, post::LEARNING_RATE);
    let history = fitted.fit(&x, &y, &training, |_| {}).unwrap();
    let fit_costs: Vec<f64> = history.iter().map(|e| e.cost).collect();
    assert_eq!(fit_costs, costs);
    // `==` compares the parameters only; the stored forward pass is compared apart.
    assert_eq!(fitted, trained);
    assert_eq!(fitted.zs(), trained.zs());
    assert_eq!(fitted.activations(), trained.activations());

    // A batch of all the samples, or more, is the full batch: no shuffle, same bits.
    for batch_size in [4, 5, 1000] {
        let mut batched = start.clone();
        let training = Training {
            batch_size: Some(batch_size),
            seed: 99,
            ..training
        };
        batched.fit(&x, &y, &training, |_| {}).unwrap();
        assert_eq!(
            batched.weights(),
            trained.weights(),
            "batch size {batch_size}"
        );
    }
}

#[test]
fn one_full_batch_epoch_is_one_step_of_the_readable_gradients() {
    let (x, y) = classes(7, 3, 3, 1);
    for loss in [
        Loss::HalfSumOfSquares,
        Loss::MeanSquaredError,
        Loss::CrossEntropy,
    ] {
        let start = mixed_network(2);
        let eta = 0.3;
        let want = stepped(&start, &x, &y, loss, |theta, d, _| theta - d * eta);
        let mut net = start.clone();
        let training = Training {
            loss,
            ..Training::new(1, eta)
        };
        let history = net.fit(&x, &y, &training, |_| {}).unwrap();
        assert_eq!(parameters(&net), parameters(&want), "{loss:?}");
        assert_eq!(
            history[0].cost,
            start.clone().cost(&x, &y, loss),
            "{loss:?}"
        );
    }
}

#[test]
fn momentum_carries_the_last_step_into_the_next() {
    // v₁ = −η·g₀, θ₁ = θ₀ + v₁;  v₂ = μ·v₁ − η·g₁, θ₂ = θ₁ + v₂.
    let (x, y) = classes(6, 3, 3, 3);
    let (eta, mu) = (0.2, 0.9);
    let start = mixed_network(4);
    let mut velocity = vec![0.0; parameters(&start).len()];
    let mut want = start.clone();
    for _ in 0..2 {
        want = stepped(&want, &x, &y, Loss::CrossEntropy, |theta, d, i| {
            velocity[i] = mu * velocity[i] - eta * d;
            theta + velocity[i]
        });
    }
    let mut net = start.clone();
    let training = Training {
        loss: Loss::CrossEntropy,
        momentum: mu,
        ..Training::new(2, eta)
    };
    net.fit(&x, &y, &training, |_| {}).unwrap();
    assert_eq!(parameters(&net), parameters(&want));
}

#[test]
fn decay_shrinks_the_step_each_epoch() {
    let (x, y) = classes(5, 3, 3, 5);
    let training = Training {
        loss: Loss::CrossEntropy,
        decay: 0.5,
        ..Training::new(3, 0.6)
    };
    let start = mixed_network(6);
    let history = start.clone().fit(&x, &y, &training, |_| {}).unwrap();
    let rates: Vec<f64> = history.iter().map(|e| e.learning_rate).collect();
    assert_eq!(rates, [0.6, 0.6 / 1.5, 0.6 / 2.0]);

    let mut want = start.clone();
    for eta in rates {
        want = stepped(&want, &x, &y, Loss::CrossEntropy, |theta, d, _| {
            theta - d * eta
        });
    }
    let mut net = start;
    net.fit(&x, &y, &training, |_| {}).unwrap();
    assert_eq!(parameters(&net), parameters(&want));
}

#[test]
fn mini_batches_are_a_seeded_shuffle_of_the_samples() {
    let (x, y) = classes(10, 3, 3, 7);
    let training = Training {
        loss: Loss::CrossEntropy,
        batch_size: Some(4),
        seed: 11,
        ..Training::new(2, 0.1)
    };
    let start = mixed_network(8);

    // By hand: each epoch, shuffle 0..10 with the seeded generator, then step on rows
    // [0..4), [4..8), [8..10) of that order.
    let mut rng = XorShift::new(11);
    let mut order: Vec<usize> = (0..10).collect();
    let mut want = start.clone();
    for _ in 0..2 {
        rng.shuffle(&mut order);
        for batch in order.chunks(4) {
            let rows = |m: &Matrix| {
                Matrix::from_rows(&batch.iter().map(|&i| m.row(i)).collect::<Vec<_>>())
            };
            want = stepped(
                &want,
                &rows(&x),
                &rows(&y),
                Loss::CrossEntropy,
                |theta, d, _| theta - d * 0.1,
            );
        }
    }
    let mut net = start.clone();
    net.fit(&x, &y, &training, |_| {}).unwrap();
    assert_eq!(parameters(&net), parameters(&want));

    let mut other_seed = start.clone();
    let training = Training {
        seed: 12,
        ..training
    };
    other_seed.fit(&x, &y, &training, |_| {}).unwrap();
    assert_ne!(parameters(&other_seed), parameters(&want));
}

#[test]
fn the_epoch_cost_adds_up_the_batches_as_they_saw_it() {
    // Batches of 4, 4 and 2 samples (unequal, so that a plain mean of the batches' costs
    // would differ): for the mean loss, the epoch's cost is the sample-weighted mean of the
    // batches' costs before their updates; for the post's sum loss, their sum. A learning
    // rate too small to move anything makes both equal to the cost of the whole set.
    let (x, y) = classes(10, 3, 3, 9);
    let start = mixed_network(10);
    for loss in [Loss::CrossEntropy, Loss::HalfSumOfSquares] {
        let training = Training {
            loss,
            batch_size: Some(4),
            ..Training::new(1, 1e-300)
        };
        let history = start.clone().fit(&x, &y, &training, |_| {}).unwrap();
        let whole = start.clone().cost(&x, &y, loss);
        let relative = (history[0].cost - whole).abs() / whole;
        assert!(relative < 1e-15, "{loss:?}: {} vs {whole}", history[0].cost);
    }
}

#[test]
fn progress_reports_every_epoch_with_accuracy_for_classes() {
    let (x, y) = classes(30, 3, 3, 13);
    let mut seen: Vec<Epoch<f64>> = Vec::new();
    let training = Training {
        loss: Loss::CrossEntropy,
        batch_size: Some(8),
        ..Training::new(5, 0.1)
    };
    let history = mixed_network(14)
        .fit(&x, &y, &training, |e| seen.push(*e))
        .unwrap();
    assert_eq!(seen, history);
    let epochs: Vec<usize> = history.iter().map(|e| e.epoch).collect();
    assert_eq!(epochs, [1, 2, 3, 4, 5]);
    for e in &history {
        let accuracy = e.accuracy.expect("one-hot labels are classes");
        let correct = accuracy * 30.0;
        assert!(
            (correct - correct.round()).abs() < 1e-9,
            "{accuracy} is not k/30"
        );
    }

    // With one batch the accuracy is that of the predictions before the update.
    let mut net = mixed_network(15);
    let before = net.predict(&x);
    let training = Training {
        loss: Loss::CrossEntropy,
        ..Training::new(1, 0.1)
    };
    let history = net.fit(&x, &y, &training, |_| {}).unwrap();
    let want = data::accuracy(&data::argmax(&before), &data::argmax(&y));
    assert_eq!(history[0].accuracy, Some(want));

    // Labels that are not classes have no accuracy; 0/1 labels in one column do.
    let mut net = Network::new(&[3, 2, 1], &mut XorShift::new(1));
    let y = Matrix::randn(30, 1, &mut XorShift::new(2));
    let history = net.fit(&x, &y, &Training::new(1, 0.1), |_| {}).unwrap();
    assert_eq!(history[0].accuracy, None);
    let before = net.predict(&x);
    let y = y.map(|v| if v > 0.0 { 1.0 } else { 0.0 });
    let history = net.fit(&x, &y, &Training::new(1, 0.1), |_| {}).unwrap();
    let right = (0..30)
        .filter(|&i| (before[(i, 0)] >= 0.5) == (y[(i, 0)] == 1.0))
        .count();
    assert_eq!(history[0].accuracy, Some(right as f64 / 30.0));
}

#[test]
fn divergence_stops_with_the_epoch_and_finite_weights() {
    // A linear network with a step far too large: the weights grow by about 10⁴ each
    // epoch until the squared error overflows.
    let mut rng = XorShift::new(1);
    let x = Matrix::<f64>::randn(20, 4, &mut rng);
    let y = Matrix::randn(20, 1, &mut rng);
    let layers = Layers::new(&[4, 1]).output(Activation::Identity);
    let mut net = Network::build(&layers, &mut rng).unwrap();
    let mut last = net.clone();
    let training = Training {
        loss: Loss::MeanSquaredError,
        batch_size: Some(5),
        ..Training::new(1000, 5000.0)
    };
    let mut epochs = 0;
    let error = net
        .fit(&x, &y, &training, |e| epochs = e.epoch)
        .unwrap_err();
    let TrainError::Diverged { epoch, batch, cost } = error else {
        panic!("expected divergence, got {error}");
    };
    assert_eq!(
        epoch,
        epochs + 1,
        "stops in the epoch after the last one reported"
    );
    assert!((1..=4).contains(&batch));
    assert!(!cost.is_finite());
    assert!(net.weights()[0].as_slice().iter().all(|w| w.is_finite()));
    assert_ne!(parameters(&net), parameters(&last));
    assert!(
        error.to_string().starts_with(&format!(
            "training diverged at epoch {epoch}, batch {batch}: the cost is "
        )),
        "{error}"
    );

    // train, which returns costs, ends with the non-finite one instead.
    last = Network::build(&layers, &mut XorShift::new(3)).unwrap();
    let costs = last.train(&x, &y, 1000, 5000.0);
    assert!(costs.len() < 1000);
    assert!(!costs[costs.len() - 1].is_finite());
    assert!(costs[..costs.len() - 1].iter().all(|c| c.is_finite()));
    assert!(last.weights()[0].as_slice().iter().all(|w| w.is_finite()));
}

#[test]
fn bad_data_and_settings_are_errors_that_say_what_was_expected() {
    let mut net = mixed_network(1);
    let (x, y) = classes(6, 3, 3, 1);
    let fit = |net: &mut Network, x: &Matrix, y: &Matrix, t: Training| {
        net.fit(x, y, &t, |_| {}).unwrap_err().to_string()
    };
    let t = Training::new(1, 0.1);
    assert_eq!(
        fit(&mut net, &Matrix::zeros(6, 2), &y, t),
        "the inputs are 6×2, expected m×3 with m ≥ 1 (one row per sample, one column per input neuron)"
    );
    assert_eq!(
        fit(&mut net, &Matrix::zeros(0, 3), &Matrix::zeros(0, 3), t),
        "the inputs are 0×3, expected m×3 with m ≥ 1 (one row per sample, one column per input neuron)"
    );
    assert_eq!(
        fit(&mut net, &x, &Matrix::zeros(6, 2), t),
        "the labels are 6×2, expected 6×3 (one row per sample, one column per output neuron)"
    );
    let cases = [
        (
            Training::new(1, 0.0),
            "the learning rate is 0, expected a finite number > 0",
        ),
        (
            Training::new(1, f64::NAN),
            "the learning rate is NaN, expected a finite number > 0",
        ),
        (
            Training { momentum: 1.0, ..t },
            "the momentum is 1, expected a number in [0, 1)",
        ),
        (
            Training { decay: -1.0, ..t },
            "the decay is -1, expected a finite number ≥ 0",
        ),
        (
            Training {
                batch_size: Some(0),
                ..t
            },
            "the batch size is 0, expected at least 1",
        ),
    ];
    for (training, message) in cases {
        assert_eq!(fit(&mut net, &x, &y, training), message);
    }
    let mut relu_out = Network::build(
        &Layers::new(&[3, 3]).output(Activation::Relu),
        &mut XorShift::new(1),
    )
    .unwrap();
    let training = Training {
        loss: Loss::CrossEntropy,
        ..t
    };
    assert_eq!(
        fit(&mut relu_out, &x, &y, training),
        "the cross-entropy loss needs a softmax or sigmoid output layer, but the output layer is relu"
    );
    assert_eq!(
        parameters(&net),
        parameters(&mixed_network(1)),
        "nothing changed"
    );
}

#[test]
fn layers_are_checked_when_built() {
    let mut rng = XorShift::new(1);
    let build =
        |layers: Layers, rng: &mut XorShift| Network::<f64>::build(&layers, rng).map(|_| ());
    assert_eq!(build(Layers::new(&[3]), &mut rng), Err(Error::NoLayers));
    assert_eq!(
        build(Layers::new(&[3, 0, 2]), &mut rng),
        Err(Error::EmptyLayer {
            layer: 1,
            shape: (3, 0)
        })
    );
    let softmax_hidden = Layers::new(&[3, 4, 2]).activation(1, Activation::Softmax);
    let error = build(softmax_hidden, &mut rng).unwrap_err();
    assert_eq!(
        error.to_string(),
        "layer 1 is softmax, but softmax is only for the output layer"
    );
}

#[test]
fn build_with_the_posts_layers_is_new() {
    let built = Network::<f64>::build(&Layers::new(&post::SIZES), &mut XorShift::new(1)).unwrap();
    assert_eq!(built, Network::new(&post::SIZES, &mut XorShift::new(1)));
    assert_eq!(built.biases(), None);
    assert_eq!(built.layer_activations(), [Activation::Sigmoid; 3]);
}

#[test]
fn xavier_and_he_have_their_variance() {
    // 200 × 300 draws: the sample variance is within a few percent of the target.
    for (init, variance) in [
        (Init::Xavier, 2.0 / 500.0),
        (Init::He, 2.0 / 200.0),
        (Init::StandardNormal, 1.0),
    ] {
        let w = init.weights::<f64>(200, 300, &mut XorShift::new(5));
        let n = w.as_slice().len() as f64;
        let mean = w.sum() / n;
        let var = w
            .as_slice()
            .iter()
            .map(|v| (v - mean) * (v - mean))
            .sum::<f64>()
            / n;
        assert!(
            (var / variance - 1.0).abs() < 0.03,
            "{init:?}: variance {var}, expected {variance}"
        );
        assert!(
            mean.abs() < 4.0 * (variance / n).sqrt(),
            "{init:?}: mean {mean}"
        );
    }
}

#[test]
fn predict_equals_forward_propagation_for_every_kind_of_layer() {
    let (x, _) = classes(9, 3, 3, 21);
    let mut net = mixed_network(22);
    let y_hat = net.forward_propagation(&x);
    assert_eq!(net.predict(&x), y_hat);
    for row in y_hat.as_slice().chunks(3) {
        assert!(
            (row.iter().sum::<f64>() - 1.0).abs() < 1e-15,
            "softmax rows add up to 1"
        );
    }
}

#[test]
fn a_softmax_classifier_learns_separable_classes() {
    // Three classes, each a blob around its own centre: mini-batch training reaches 100%.
    let mut rng = XorShift::new(31);
    let centres = [[3.0, 0.0], [-3.0, 1.0], [0.0, -3.0]];
    let labels: Vec<usize> = (0..150).map(|i| i % 3).collect();
    let rows: Vec<[f64; 2]> = labels
        .iter()
        .map(|&c| [centres[c][0] + rng.normal(), centres[c][1] + rng.normal()])
        .collect();
    let x = Matrix::from_rows(&rows);
    let y = data::one_hot(&labels, 3);
    let layers = Layers::new(&[2, 8, 3])
        .hidden(Activation::Relu)
        .output(Activation::Softmax)
        .biases(true)
        .init(Init::He);
    let mut net = Network::build(&layers, &mut rng).unwrap();
    let training = Training {
        loss: Loss::CrossEntropy,
        batch_size: Some(16),
        momentum: 0.9,
        ..Training::new(30, 0.05)
    };
    let history = net.fit(&x, &y, &training, |_| {}).unwrap();
    assert!(
        history[29].cost < history[0].cost / 5.0,
        "{:?}",
        history[29]
    );
    let predicted = data::argmax(&net.predict(&x));
    assert!(data::accuracy(&predicted, &labels) > 0.97);
}

#[test]
fn a_large_full_batch_trains_to_the_same_bits_on_any_number_of_threads() {
    // 1540 samples through 32-64-32-10 with biases and momentum, 6.8 million multiply-adds a
    // forward pass: enough work for the threaded epochs (src/training/parallel.rs) whenever
    // more than one thread is allowed, and enough samples for 3 threads. `SCRATCHNET_THREADS`, if set, fixes the count for
    // every run, and then this compares a count with itself.
    let (x, y) = classes(1540, 32, 10, 21);
    let layers = Layers::new(&[32, 64, 32, 10])
        .hidden(Activation::Relu)
        .output(Activation::Softmax)
        .biases(true)
        .init(Init::He);
    let start = Network::build(&layers, &mut XorShift::new(22)).unwrap();
    let training = Training {
        loss: Loss::CrossEntropy,
        momentum: 0.9,
        ..Training::new(3, 0.05)
    };
    let fit_on = |threads: usize| {
        scratchnet::gemm::set_threads(threads);
        let mut net = start.clone();
        let reports = net.fit(&x, &y, &training, |_| {}).unwrap();
        scratchnet::gemm::set_threads(0);
        (parameters(&net), reports)
    };
    let (one, one_reports) = fit_on(1);
    assert_ne!(one, parameters(&start), "training changed nothing");
    for threads in [2, 3] {
        let (many, reports) = fit_on(threads);
        assert!(
            many == one,
            "{threads} threads: other parameters than on one"
        );
        assert_eq!(reports, one_reports, "{threads} threads: other reports");
    }
}

/// Every weight and bias of `net` is finite.
fn all_finite<T: Float>(net: &Network<T>) -> bool {
    let biases = net.biases().unwrap_or(&[]);
    let mut parameters = net.weights().iter().chain(biases);
    parameters.all(|m| m.as_slice().iter().all(|x| x.is_finite()))
}

/// `fit` of `net` on (x, y): an error (Diverged, or a setting for `eta` out of range in `T`)
/// and every parameter still finite, or Ok and every parameter finite.
fn fit_leaves_finite<T: Float>(
    mut net: Network<T>,
    x: &Matrix<T>,
    y: &Matrix<T>,
    training: &Training,
) -> Result<(), TrainError> {
    let result = net.fit(x, y, training, |_| {}).map(|_| ());
    assert!(
        all_finite(&net),
        "{}: {result:?} left a non-finite weight or bias",
        T::NAME
    );
    result
}

#[test]
fn an_infinite_input_stops_training_before_a_weight_turns_nan() {
    // σ saturates on ∞, so the cost stays finite; the gradient a_0ᵀ·δ_1 holds ∞ · δ.
    let x = Matrix::from_rows(&[[f64::INFINITY, 0.0], [1.0, 1.0]]);
    let y = Matrix::from_rows(&[[0.0], [1.0]]);
    let net = Network::new(&[2, 3, 1], &mut XorShift::new(1));
    let result = fit_leaves_finite(net.clone(), &x, &y, &Training::new(1, 0.1));
    let Err(TrainError::Diverged {
        epoch: 1,
        batch: 1,
        cost,
    }) = result
    else {
        panic!("expected divergence at epoch 1, batch 1, got {result:?}");
    };
    assert!(cost.is_finite(), "the cost was {cost}");
    let message = result.unwrap_err().to_string();
    assert!(
        message.contains("the step would make a weight or bias infinite or NaN"),
        "{message}"
    );
    let result = fit_leaves_finite(
        net.cast::<f32>(),
        &x.cast(),
        &y.cast(),
        &Training::new(1, 0.1),
    );
    assert!(
        matches!(result, Err(TrainError::Diverged { epoch: 1, .. })),
        "{result:?}"
    );
}

#[test]
fn a_learning_rate_infinite_in_f32_is_a_setting_error() {
    let x = Matrix::<f32>::from_rows(&[[0.5, 0.0], [1.0, 1.0]]);
    let y = Matrix::<f32>::from_rows(&[[0.0], [1.0]]);
    let net = Network::<f32>::new(&[2, 3, 1], &mut XorShift::new(1));
    let result = fit_leaves_finite(net, &x, &y, &Training::new(1, 1e39));
    assert!(
        matches!(
            result,
            Err(TrainError::Setting {
                name: "learning rate",
                value: 1e39,
                expected: "a finite number > 0 in f32"
            })
        ),
        "{result:?}"
    );
    let momentum = Training {
        momentum: 0.999_999_999,
        ..Training::new(1, 0.1)
    };
    assert!(momentum.check_as::<f64>().is_ok());
    let err = momentum.check_as::<f32>().unwrap_err(); // 0.999999999 rounds to 1 in f32
    assert_eq!(
        err.to_string(),
        "the momentum is 0.999999999, expected a number in [0, 1) in f32"
    );
}

#[test]
fn a_step_that_overflows_is_refused_with_the_cost_it_had() {
    // z = 1e300 · 1e-300 = 1: a finite cost, but ∂J/∂W · η overflows to ∞ for the first
    // weight (1e300 · δ · 1e10).
    let w = Matrix::from_rows(&[[1e-300], [0.0]]);
    let x = Matrix::from_rows(&[[1e300, 1.0]]);
    let y = Matrix::from_rows(&[[0.0]]);
    let net = Network::from_weights(vec![w]).unwrap();
    let result = fit_leaves_finite(net.clone(), &x, &y, &Training::new(2, 1e10));
    let Err(TrainError::Diverged {
        epoch: 1,
        batch: 1,
        cost,
    }) = result
    else {
        panic!("expected divergence at epoch 1, batch 1, got {result:?}");
    };
    assert_eq!(cost, Network::compute_cost(&net.predict(&x), &y));
    // `train` stops there too, its last cost the one before the refused step.
    let mut post_style = net.clone();
    let costs = post_style.train(&x, &y, 2, 1e10);
    assert_eq!(costs, [cost]);
    assert!(all_finite(&post_style));
}

#[test]
fn a_nan_gradient_on_the_threaded_path_is_refused_too() {
    // A full batch large enough for threads (when the machine has two cores or more): one
    // sample holds ∞, which saturates the sigmoid layer 1 (σ(±∞) is 0 or 1, so the cost stays
    // finite and only the step can catch it), and ∂J/∂W_1 = xᵀ·δ_1 holds ∞ · 0 = NaN.
    let (mut x, y) = classes(1540, 32, 10, 23);
    x[(700, 3)] = f64::INFINITY;
    let layers = Layers::new(&[32, 64, 32, 10]).biases(true);
    let net = Network::build(&layers, &mut XorShift::new(24)).unwrap();
    let training = Training {
        momentum: 0.9,
        ..Training::new(2, 0.01)
    };
    for threads in [1, 2] {
        scratchnet::gemm::set_threads(threads);
        let result = fit_leaves_finite(net.clone(), &x, &y, &training);
        scratchnet::gemm::set_threads(0);
        let Err(TrainError::Diverged {
            epoch: 1,
            batch: 1,
            cost,
        }) = result
        else {
            panic!("{threads} threads: expected divergence at epoch 1, batch 1, got {result:?}");
        };
        assert!(cost.is_finite(), "{threads} threads: the cost was {cost}");
    }
}
