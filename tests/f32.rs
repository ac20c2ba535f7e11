//! The crate in single precision: the same API through the generic constructors
//! (`Matrix::<f32>::zeros`, `Network::<f32>::new`, …), and the post's network trains in `f32`
//! to what it reaches in `f64`.

use scratchnet::post;
use scratchnet::prelude::*;

#[test]
fn the_posts_network_converges_in_f32() {
    let x = post::inputs().cast::<f32>();
    let y = post::labels().cast::<f32>();
    let mut net = Network::<f32>::new(&post::SIZES, &mut XorShift::new(post::SEED));
    let costs = net.train(&x, &y, post::EPOCHS, post::LEARNING_RATE as f32);
    assert!(
        costs[post::EPOCHS - 1] < 0.01,
        "final cost {}",
        costs[post::EPOCHS - 1]
    );
    let y_hat = net.predict(&x);
    for i in 0..4 {
        assert!(
            (y_hat[(i, 0)] - y[(i, 0)]).abs() < 0.1,
            "sample {i}: {y_hat}"
        );
    }
}

#[test]
fn f32_training_follows_the_f64_run() {
    // Same seed: the f32 weights are the f64 ones rounded. With ~7 significant digits the
    // runs part only slowly: over 5000 epochs the costs stay within a few parts in 10⁶
    // (5.1e-6 measured); allow 10⁻⁴.
    let mut net64 = Network::new(&post::SIZES, &mut XorShift::new(post::SEED));
    let mut net32 = Network::<f32>::new(&post::SIZES, &mut XorShift::new(post::SEED));
    assert_eq!(net32, net64.cast::<f32>());
    let costs64 = net64.train(&post::inputs(), &post::labels(), post::EPOCHS, 0.1);
    let (x, y) = (post::inputs().cast::<f32>(), post::labels().cast::<f32>());
    let costs32 = net32.train(&x, &y, post::EPOCHS, 0.1);
    let mut worst = 0.0f64;
    for (epoch, (&c64, &c32)) in costs64.iter().zip(&costs32).enumerate() {
        let relative = (c64 - c32 as f64).abs() / c64;
        assert!(relative < 1e-4, "epoch {epoch}: f64 {c64}, f32 {c32}");
        worst = worst.max(relative);
    }
    println!("worst relative difference of the f32 cost from the f64 cost: {worst:e}");
}

#[test]
fn f32_constructors_mirror_the_f64_ones() {
    let z = Matrix::<f32>::zeros(2, 3);
    assert_eq!(z.shape(), (2, 3));
    assert_eq!(
        Matrix::<f32>::identity(2).as_slice(),
        &[1.0f32, 0.0, 0.0, 1.0]
    );
    let a = Matrix::<f32>::from_rows(&[[1.0, 2.0], [3.0, 4.0]]);
    assert_eq!(a, Matrix::<f32>::from_vec(2, 2, vec![1.0, 2.0, 3.0, 4.0]));
    assert!(Matrix::<f32>::try_from_vec(2, 2, vec![1.0]).is_err());
    assert!(Matrix::<f32>::try_from_rows(&[vec![1.0f32], vec![]]).is_err());
    assert_eq!(a.dot(&Matrix::<f32>::identity(2)), a);
    assert_eq!(2.0f32 * &a, &a + &a);
    let r = Matrix::<f32>::randn(3, 4, &mut XorShift::new(4));
    assert_eq!(
        r,
        Matrix::<f64>::randn(3, 4, &mut XorShift::new(4)).cast::<f32>()
    );
    let w = vec![Matrix::<f32>::zeros(3, 2)];
    assert_eq!(Network::<f32>::from_weights(w).unwrap().sizes(), &[3, 2]);
    assert_eq!(a.to_string(), "[[ 1.  2.]\n [ 3.  4.]]");
}
