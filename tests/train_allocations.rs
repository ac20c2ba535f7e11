//! `train` allocates only before its first epoch: the buffers of every layer are made once and
//! reused. Proven with a counting allocator (per thread): training for 1 epoch and for 50
//! makes the same number of allocations.
//!
//! The packed matrix product keeps its packing buffers per thread, grown by the first product
//! of a size and kept (with `std`), so a warm-up run comes first where products are large
//! enough to be packed. Products large enough for several threads spawn scoped threads, which
//! allocate; these networks are far below that size.

mod counting;

use counting::allocations_in;
use scratchnet::{Matrix, Network, XorShift, post};

#[global_allocator]
static ALLOCATOR: counting::CountingAllocator = counting::CountingAllocator;

#[test]
fn an_epoch_after_the_first_allocates_nothing() {
    let (x, y) = (post::inputs(), post::labels());
    let start = Network::new(&post::SIZES, &mut XorShift::new(post::SEED));
    let mut net = start.clone();
    let one = allocations_in(|| drop(net.train(&x, &y, 1, 0.1)));
    let mut net = start.clone();
    let fifty = allocations_in(|| drop(net.train(&x, &y, 50, 0.1)));
    assert!(one > 0, "the first epoch makes the buffers");
    assert_eq!(fifty, one, "epochs 2 … 50 allocated {} times", fifty - one);
    // With the buffers already shaped by a forward pass, only the workspace is new.
    let again = allocations_in(|| drop(net.train(&x, &y, 50, 0.1)));
    assert!(
        again < one,
        "{again} allocations on a second call, {one} on the first"
    );
}

#[test]
fn the_same_holds_in_f32_and_for_a_deeper_network() {
    let mut rng = XorShift::new(7);
    let x = Matrix::<f32>::randn(30, 6, &mut rng);
    let y = Matrix::<f32>::randn(30, 3, &mut rng).map(|v| v.abs().min(1.0));
    let start = Network::<f32>::new(&[6, 9, 8, 7, 3], &mut rng);
    start.clone().train(&x, &y, 1, 0.05);
    let mut net = start.clone();
    let one = allocations_in(|| drop(net.train(&x, &y, 1, 0.05)));
    let mut net = start.clone();
    let twenty = allocations_in(|| drop(net.train(&x, &y, 20, 0.05)));
    assert_eq!(twenty, one);
}

#[test]
fn fit_with_mini_batches_momentum_and_biases_allocates_only_before_its_first_epoch() {
    use scratchnet::training::Training;
    use scratchnet::{Activation, Layers, Loss, data};
    let mut rng = XorShift::new(9);
    let x = Matrix::randn(50, 4, &mut rng);
    let labels: Vec<usize> = (0..50).map(|_| rng.below(3)).collect();
    let y = data::one_hot(&labels, 3);
    let layers = Layers::new(&[4, 8, 3])
        .hidden(Activation::Relu)
        .output(Activation::Softmax)
        .biases(true);
    let start = Network::build(&layers, &mut rng).unwrap();
    // 50 samples in batches of 16: three of 16 and a last of 2, every epoch.
    let training = |epochs| Training {
        loss: Loss::CrossEntropy,
        batch_size: Some(16),
        momentum: 0.9,
        decay: 0.01,
        ..Training::new(epochs, 0.05)
    };
    start.clone().fit(&x, &y, &training(1), |_| {}).unwrap();
    let mut net = start.clone();
    let one = allocations_in(|| drop(net.fit(&x, &y, &training(1), |_| {}).unwrap()));
    let mut net = start.clone();
    let thirty = allocations_in(|| drop(net.fit(&x, &y, &training(30), |_| {}).unwrap()));
    assert!(one > 0);
    assert_eq!(
        thirty,
        one,
        "epochs 2 … 30 allocated {} times",
        thirty - one
    );
}
