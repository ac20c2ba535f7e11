//! Every activation and every loss against central differences of the cost, with and without
//! biases.
//!
//! For every weight and bias θ, the numerical derivative
//!
//! ```text
//! ∂J/∂θ ≈ (J(θ + h) − J(θ − h)) / 2h        h = 1e-5, error O(h²) ≈ 1e-10
//! ```
//!
//! is compared with [`Network::gradients`] over all parameters at once, by the norm-relative
//! error `‖g − g_num‖ / (‖g‖ + ‖g_num‖)`, which must stay below 1e-7 (f64).

use scratchnet::{Activation, Layers, Loss, Matrix, Network, XorShift, data};

const H: f64 = 1e-5;
const TOLERANCE: f64 = 1e-7;

/// Every parameter: the weights, then the biases, each flattened row by row.
fn parameters(net: &Network) -> Vec<f64> {
    let biases = net.biases().unwrap_or(&[]);
    let all = net.weights().iter().chain(biases);
    all.flat_map(|m| m.as_slice().to_vec()).collect()
}

/// `net` with its parameters replaced by `theta` (in the order of [`parameters`]).
fn with_parameters(net: &Network, theta: &[f64]) -> Network {
    let mut rest = theta;
    let mut take = |like: &Matrix| {
        let (mine, tail) = rest.split_at(like.as_slice().len());
        rest = tail;
        Matrix::from_vec(like.rows(), like.cols(), mine.to_vec())
    };
    let weights: Vec<Matrix> = net.weights().iter().map(&mut take).collect();
    let biases = net.biases().map(|b| b.iter().map(&mut take).collect());
    Network::from_parts(net.layer_activations(), weights, biases).unwrap()
}

/// Labels that suit `loss` and `output`: one-hot classes for cross-entropy with softmax, 0/1
/// for cross-entropy with sigmoid, anything in [0, 1] for the squared losses.
fn labels(loss: Loss, output: Activation, m: usize, n: usize, rng: &mut XorShift) -> Matrix {
    match (loss, output) {
        (Loss::CrossEntropy, Activation::Softmax) => {
            let classes: Vec<usize> = (0..m).map(|_| rng.below(n)).collect();
            data::one_hot(&classes, n)
        }
        (Loss::CrossEntropy, _) => {
            Matrix::randn(m, n, rng).map(|v| if v > 0.0 { 1.0 } else { 0.0 })
        }
        _ => Matrix::<f64>::randn(m, n, rng).map(|v| v.abs().min(1.0)),
    }
}

fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

/// The worst norm-relative error over 12 random networks (seeds 0–11) of depth 1–3 with hidden
/// activation `hidden`, output `output`, loss `loss`, biases or not.
fn worst_error(hidden: Activation, output: Activation, loss: Loss, biases: bool) -> f64 {
    let mut worst = 0.0f64;
    for seed in 0..12 {
        let mut rng = XorShift::new(seed);
        let depth = 1 + seed as usize % 3;
        let mut sizes: Vec<usize> = (0..=depth).map(|_| 1 + rng.below(5)).collect();
        if output == Activation::Softmax {
            sizes[depth] = 2 + rng.below(4);
        }
        let m = 1 + rng.below(6);
        let x = Matrix::randn(m, sizes[0], &mut rng);
        let y = labels(loss, output, m, sizes[depth], &mut rng);
        let layers = Layers::new(&sizes)
            .hidden(hidden)
            .output(output)
            .biases(biases);
        let mut net = Network::build(&layers, &mut rng).unwrap();
        if biases {
            // Start the biases away from 0, so that their gradient is tested at a general point.
            let theta = parameters(&net);
            let n_weights: usize = net.weights().iter().map(|w| w.as_slice().len()).sum();
            let mut shifted = theta.clone();
            for b in &mut shifted[n_weights..] {
                *b = 0.5 * rng.normal();
            }
            net = with_parameters(&net, &shifted);
        }

        net.forward_propagation(&x);
        let gradients = net.gradients(&x, &y, loss);
        assert_eq!(gradients.d_b.is_some(), biases);
        let d_b = gradients.d_b.unwrap_or_default();
        let analytic: Vec<f64> = gradients
            .d_w
            .iter()
            .chain(&d_b)
            .flat_map(|d| d.as_slice().to_vec())
            .collect();

        let theta = parameters(&net);
        let numerical: Vec<f64> = (0..theta.len())
            .map(|i| {
                let mut plus = theta.clone();
                plus[i] += H;
                let mut minus = theta.clone();
                minus[i] -= H;
                let j_plus = with_parameters(&net, &plus).cost(&x, &y, loss);
                let j_minus = with_parameters(&net, &minus).cost(&x, &y, loss);
                (j_plus - j_minus) / (2.0 * H)
            })
            .collect();
        assert_eq!(analytic.len(), numerical.len());

        let difference: Vec<f64> = analytic
            .iter()
            .zip(&numerical)
            .map(|(a, n)| a - n)
            .collect();
        let scale = norm(&analytic) + norm(&numerical);
        let error = if scale == 0.0 {
            0.0
        } else {
            norm(&difference) / scale
        };
        assert!(
            error < TOLERANCE,
            "{hidden:?} → {output:?}, {loss:?}, biases {biases}, seed {seed}, sizes {sizes:?}, \
             m = {m}: relative error {error:e}\ngradients: {analytic:?}\n\
             central differences: {numerical:?}"
        );
        worst = worst.max(error);
    }
    worst
}

/// Every hidden activation under every output that `loss` fits, with and without biases.
fn check_loss(loss: Loss) {
    let hidden = [
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::Identity,
    ];
    for output in Activation::ALL.into_iter().filter(|&a| loss.fits(a)) {
        for hidden in hidden {
            for biases in [false, true] {
                let worst = worst_error(hidden, output, loss, biases);
                println!("{hidden:?} → {output:?}, {loss:?}, biases {biases}: worst {worst:.1e}");
            }
        }
    }
}

#[test]
fn half_sum_of_squares_through_every_activation() {
    check_loss(Loss::HalfSumOfSquares);
}

#[test]
fn mean_squared_error_through_every_activation() {
    check_loss(Loss::MeanSquaredError);
}

#[test]
fn cross_entropy_after_softmax_and_sigmoid() {
    check_loss(Loss::CrossEntropy);
}

/// A gradient check that fails when the gradient is wrong: the bias gradient of a one-layer
/// identity network is known in closed form, `∂J/∂b = Σᵢ (ŷᵢ − yᵢ)` for ½Σ(y − ŷ)².
#[test]
fn the_bias_gradient_is_the_sum_of_the_errors() {
    let w = vec![Matrix::from_rows(&[[2.0], [-1.0]])];
    let b = vec![Matrix::from_rows(&[[0.5]])];
    let mut net = Network::from_parts(&[Activation::Identity], w, Some(b)).unwrap();
    let x = Matrix::from_rows(&[[1.0, 1.0], [2.0, 0.0], [0.0, 3.0]]);
    let y = Matrix::from_rows(&[[1.0], [4.0], [-2.0]]);
    let y_hat = net.forward_propagation(&x); // 1.5, 4.5, −2.5
    assert_eq!(y_hat, Matrix::from_rows(&[[1.5], [4.5], [-2.5]]));
    let g = net.gradients(&x, &y, Loss::HalfSumOfSquares);
    assert_eq!(g.d_b.unwrap()[0], Matrix::from_rows(&[[0.5]])); // 0.5 + 0.5 − 0.5
    // ∂J/∂W = xᵀ·(ŷ − y) = [1·0.5 + 2·0.5 + 0, 0.5 + 0 − 3·0.5]
    assert_eq!(g.d_w[0], Matrix::from_rows(&[[1.5], [-1.0]]));
}
