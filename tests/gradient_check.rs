//! Backpropagation against central differences of the cost.
//!
//! For every weight `w`, the numerical derivative
//!
//! ```text
//! ∂J/∂w ≈ (J(w + h) − J(w − h)) / 2h        h = 1e-5, error O(h²) ≈ 1e-10
//! ```
//!
//! is compared with the hand-derived gradient over all weights at once, by the norm-relative
//! error `‖g − g_num‖ / (‖g‖ + ‖g_num‖)`, which must stay below 1e-7 on random networks of
//! depth 1 to 4.

use scratchnet::{Matrix, Network, XorShift};

const H: f64 = 1e-5;
const TOLERANCE: f64 = 1e-7;

/// The cost of `weights` on `(x, y)`, computed with `predict`, which keeps no state.
fn cost(weights: &[Matrix], x: &Matrix, y: &Matrix) -> f64 {
    let net = Network::from_weights(weights.to_vec()).unwrap();
    Network::compute_cost(&net.predict(x), y)
}

/// Every weight's central difference, flattened in the order of `weights`.
fn numerical_gradient(weights: &[Matrix], x: &Matrix, y: &Matrix) -> Vec<f64> {
    let mut gradient = Vec::new();
    for l in 0..weights.len() {
        for at in 0..weights[l].as_slice().len() {
            let mut plus = weights.to_vec();
            plus[l].as_mut_slice()[at] += H;
            let mut minus = weights.to_vec();
            minus[l].as_mut_slice()[at] -= H;
            gradient.push((cost(&plus, x, y) - cost(&minus, x, y)) / (2.0 * H));
        }
    }
    gradient
}

fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

#[test]
fn backpropagation_matches_central_differences_at_depths_1_to_4() {
    let mut worst = 0.0f64;
    for seed in 0..60 {
        let mut rng = XorShift::new(seed);
        let depth = 1 + seed as usize % 4;
        let sizes: Vec<usize> = (0..=depth)
            .map(|_| 1 + (rng.next_u64() % 6) as usize)
            .collect();
        let m = 1 + (rng.next_u64() % 8) as usize;
        let x = Matrix::randn(m, sizes[0], &mut rng);
        let y = Matrix::<f64>::randn(m, sizes[depth], &mut rng).map(|v| v.abs().min(1.0));
        let mut net = Network::new(&sizes, &mut rng);

        let y_hat = net.forward_propagation(&x);
        let d_ws = net.backpropagation(&x, &y, &y_hat);
        for (d_w, w) in d_ws.iter().zip(net.weights()) {
            assert_eq!(d_w.shape(), w.shape(), "∂J/∂W has the shape of W");
        }
        let analytic: Vec<f64> = d_ws.iter().flat_map(|d| d.as_slice().to_vec()).collect();
        let numerical = numerical_gradient(net.weights(), &x, &y);

        let difference: Vec<f64> = analytic
            .iter()
            .zip(&numerical)
            .map(|(a, n)| a - n)
            .collect();
        let error = norm(&difference) / (norm(&analytic) + norm(&numerical));
        assert!(
            error < TOLERANCE,
            "seed {seed}, sizes {sizes:?}, m = {m}: relative error {error:e}\n\
             backpropagation: {analytic:?}\ncentral differences: {numerical:?}"
        );
        worst = worst.max(error);
    }
    println!("worst norm-relative error over 60 networks: {worst:e}");
}
