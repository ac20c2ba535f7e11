//! The activations and losses at their edges: tanh against `std`, softmax and cross-entropy
//! at scores of ±1000, and `backward` against `derivative`, both through `z`.

use scratchnet::activation::{softmax_backward, tanh};
use scratchnet::{Activation, Float, Loss, XorShift};

/// The distance in units in the last place between two finite `f64`s of the same sign.
fn ulps(a: f64, b: f64) -> u64 {
    (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
}

#[test]
fn tanh_is_within_a_few_ulps_of_std_everywhere() {
    let mut rng = XorShift::new(1);
    let mut worst = (0, 0.0);
    let sweep = (0..200_000).map(|i| -25.0 + 50.0 * f64::from(i) / 200_000.0);
    let small = (0..100_000).map(|_| (rng.next_f64() - 0.5) * 1e-3);
    let edges = [
        0.0,
        -0.0,
        0.5,
        -0.5,
        0.4999999999999999,
        1e-300,
        -1e-300,
        5e-324,
        19.06,
        1e10,
    ];
    for z in sweep.chain(small).chain(edges) {
        let (got, want) = (tanh(z), z.tanh());
        assert_eq!(
            got.is_sign_negative(),
            want.is_sign_negative(),
            "tanh({z:e})"
        );
        let d = ulps(got, want);
        if d > worst.0 {
            worst = (d, z);
        }
    }
    println!("worst: {} ulps at z = {:e}", worst.0, worst.1);
    assert!(worst.0 <= 3, "{} ulps at z = {:e}", worst.0, worst.1);
    assert_eq!(tanh(f64::INFINITY), 1.0);
    assert_eq!(tanh(f64::NEG_INFINITY), -1.0);
    assert!(tanh(f64::NAN).is_nan());

    // f32, computed in f32: within 3 f32 ulps of std's tanhf on a sweep.
    let f32_ulps = |a: f32, b: f32| (a.to_bits() as i32 - b.to_bits() as i32).unsigned_abs();
    for i in 0..100_000 {
        let z = -12.0 + 24.0 * i as f32 / 100_000.0;
        assert!(
            f32_ulps(tanh(z), z.tanh()) <= 3,
            "f32 tanh({z:e}): {} vs {}",
            tanh(z),
            z.tanh()
        );
    }
}

#[test]
fn softmax_of_extreme_scores_is_finite_and_adds_up_to_one() {
    let z = [
        1000.0, -1000.0, 999.0, 0.0, 0.0, 0.0, -1000.0, -1000.0, -1000.0,
    ];
    let mut a = [0.0; 9];
    Activation::Softmax.forward(&z, &mut a, &mut vec![0.0; z.len()], 3);
    let e = (-1.0f64).exp();
    assert_eq!(a[..3], [1.0 / (1.0 + e), 0.0, e / (1.0 + e)]);
    assert_eq!(a[3..6], [1.0 / 3.0; 3]);
    assert_eq!(
        a[6..],
        [1.0 / 3.0; 3],
        "−1000 in every place is still a uniform row"
    );
}

#[test]
fn cross_entropy_of_extreme_scores_is_finite() {
    // Softmax: the right class at −1000 below the wrong one costs 1000 (ln ŷ = −1000, which
    // ŷ itself, rounded to 0, could not give).
    let z = [1000.0, -1000.0, 0.0, 0.0];
    let mut y_hat = [0.0; 4];
    Activation::Softmax.forward(&z, &mut y_hat, &mut vec![0.0; z.len()], 2);
    let y = [0.0, 1.0, 1.0, 0.0];
    let cost = Loss::CrossEntropy.cost(Activation::Softmax, &z, &y_hat, &y, 2);
    assert_eq!(cost, (2000.0 + std::f64::consts::LN_2) / 2.0);

    // Sigmoid: z = ±1000 with the wrong label costs 1000 each; with the right one, 0.
    let z = [1000.0, -1000.0, 1000.0, -1000.0];
    let mut y_hat = [0.0; 4];
    Activation::Sigmoid.forward(&z, &mut y_hat, &mut vec![0.0; z.len()], 1);
    let cost = Loss::CrossEntropy.cost(Activation::Sigmoid, &z, &y_hat, &[0.0, 1.0, 1.0, 0.0], 1);
    assert_eq!(cost, 2000.0 / 4.0);

    // Moderate scores: the stable form equals the textbook −(1/m) Σ y ln ŷ.
    let mut rng = XorShift::new(4);
    let z: Vec<f64> = (0..12).map(|_| 3.0 * rng.normal()).collect();
    let mut y_hat = vec![0.0; 12];
    Activation::Softmax.forward(&z, &mut y_hat, &mut vec![0.0; z.len()], 4);
    let y = [0., 0., 1., 0., 1., 0., 0., 0., 0., 0., 0., 1.];
    let textbook = -y.iter().zip(&y_hat).map(|(y, p)| y * p.ln()).sum::<f64>() / 3.0;
    let stable = Loss::CrossEntropy.cost(Activation::Softmax, &z, &y_hat, &y, 4);
    assert!(
        (stable - textbook).abs() <= 1e-14 * textbook,
        "{stable} vs {textbook}"
    );
}

/// `forward`'s f′ and `backward` after it (δ = g ⊙ f′(z)) give `g * derivative(z)` bit for
/// bit, as the backward pass relies on.
fn check_backward_is_the_derivative<T: Float>() {
    let mut rng = XorShift::new(2);
    let z: Vec<T> = (0..500).map(|_| T::from_f64(4.0 * rng.normal())).collect();
    let g: Vec<T> = (0..500).map(|_| T::from_f64(rng.normal())).collect();
    for f in [
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::Identity,
    ] {
        let (mut a, mut f_prime) = (vec![T::ZERO; z.len()], vec![T::ZERO; z.len()]);
        f.forward(&z, &mut a, &mut f_prime, 1);
        let mut delta = g.clone();
        f.backward(&f_prime, &mut delta);
        for i in 0..z.len() {
            let want = g[i] * f.derivative(z[i]);
            assert_eq!(
                delta[i].to_f64().to_bits(),
                want.to_f64().to_bits(),
                "{f:?} at z = {}",
                z[i]
            );
        }
    }
}

#[test]
fn backward_is_the_gradient_times_the_derivative() {
    check_backward_is_the_derivative::<f64>();
    check_backward_is_the_derivative::<f32>();
}

#[test]
fn softmax_backward_is_the_jacobian_times_the_gradient() {
    // δⱼ = Σₖ (∂aₖ/∂zⱼ) gₖ with ∂aₖ/∂zⱼ = aₖ([j = k] − aⱼ).
    let z = [0.3, -1.2, 2.0, 0.7];
    let g = [1.0, -2.0, 0.5, 3.0];
    let mut a = [0.0; 4];
    Activation::Softmax.forward(&z, &mut a, &mut vec![0.0; z.len()], 4);
    let mut delta = g;
    softmax_backward(&a, &mut delta, 4);
    for j in 0..4 {
        let jacobian_row: f64 = (0..4)
            .map(|k| a[k] * (if j == k { 1.0 } else { 0.0 } - a[j]) * g[k])
            .sum();
        assert!(
            (delta[j] - jacobian_row).abs() < 1e-15,
            "{j}: {} vs {jacobian_row}",
            delta[j]
        );
    }
}

#[test]
fn relu_passes_nan_so_that_divergence_shows() {
    let mut values = [f64::NAN, -1.0, 2.0];
    Activation::Relu.forward_in_place(&mut values, 3);
    assert!(values[0].is_nan());
    assert_eq!(values[1..], [0.0, 2.0]);
}

#[test]
fn names_round_trip() {
    for a in Activation::ALL {
        assert_eq!(Activation::from_name(a.name()), Some(a));
    }
    for loss in [
        Loss::HalfSumOfSquares,
        Loss::MeanSquaredError,
        Loss::CrossEntropy,
    ] {
        assert_eq!(Loss::from_name(loss.name()), Some(loss));
    }
    assert_eq!(Activation::from_name("Sigmoid"), None);
}
