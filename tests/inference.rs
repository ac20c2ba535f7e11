//! Allocation-free inference: `predict_into` and `feed_forward` give `predict`'s bits and
//! never touch the heap, as a counting allocator proves.

mod counting;

use counting::allocations_in;
use scratchnet::inference::{feed_forward, scratch_len};
use scratchnet::{Matrix, Network, XorShift};

#[global_allocator]
static ALLOCATOR: counting::CountingAllocator = counting::CountingAllocator;

#[test]
fn predict_into_allocates_nothing_in_f64_and_f32() {
    let net = Network::new(&[3, 4, 5, 1], &mut XorShift::new(1));
    let x = [1.0, 0.0, 1.0, 0.0, 1.0, 1.0];
    let mut scratch = vec![0.0; net.scratch_len(2)];
    let mut y_hat = [0.0; 2];
    assert_eq!(
        allocations_in(|| net.predict_into(&x, &mut scratch, &mut y_hat)),
        0
    );

    let net32 = Network::<f32>::new(&[3, 8, 8, 8, 2], &mut XorShift::new(2));
    let x32 = [0.5f32; 3 * 4];
    let mut scratch32 = vec![0.0f32; net32.scratch_len(4)];
    let mut y_hat32 = [0.0f32; 2 * 4];
    let count = allocations_in(|| {
        for _ in 0..100 {
            net32.predict_into(&x32, &mut scratch32, &mut y_hat32);
        }
    });
    assert_eq!(count, 0);
}

#[test]
fn predict_into_gives_the_bits_of_predict_for_every_depth_and_batch() {
    for seed in 0..40 {
        let mut rng = XorShift::new(seed);
        let depth = 1 + seed as usize % 5;
        let sizes: Vec<usize> = (0..=depth)
            .map(|_| 1 + (rng.next_u64() % 7) as usize)
            .collect();
        let m = 1 + (rng.next_u64() % 6) as usize;
        let net = Network::new(&sizes, &mut rng);
        let x = Matrix::randn(m, sizes[0], &mut rng);

        let want = net.predict(&x);
        let mut scratch = vec![f64::NAN; net.scratch_len(m)];
        let mut got = vec![f64::NAN; m * sizes[depth]];
        net.predict_into(x.as_slice(), &mut scratch, &mut got);
        assert_eq!(
            got,
            want.as_slice(),
            "seed {seed}, sizes {sizes:?}, m = {m}"
        );

        let net32 = net.cast::<f32>();
        let x32 = x.cast::<f32>();
        let mut scratch32 = vec![f32::NAN; net32.scratch_len(m)];
        let mut got32 = vec![f32::NAN; m * sizes[depth]];
        feed_forward(
            net32.sizes(),
            net32.weights(),
            x32.as_slice(),
            &mut scratch32,
            &mut got32,
        );
        assert_eq!(
            got32,
            net32.predict(&x32).as_slice(),
            "f32, seed {seed}, sizes {sizes:?}"
        );
    }
}

#[test]
fn scratch_len_is_what_feed_forward_needs() {
    // Two buffers of the widest hidden layer, one for a single hidden layer, none without.
    assert_eq!(scratch_len(&[3, 4, 5, 1], 4), 2 * 4 * 5);
    assert_eq!(scratch_len(&[3, 9, 1], 4), 4 * 9);
    assert_eq!(scratch_len(&[3, 1], 4), 0);
    assert_eq!(scratch_len(&[2, 7, 3, 7, 2], 1), 2 * 7);
    let net = Network::<f32>::new(&[2, 7, 3, 7, 2], &mut XorShift::new(3));
    let mut scratch = [0.0f32; 14];
    let mut y_hat = [0.0f32; 2];
    net.predict_into(&[0.25, -1.0], &mut scratch, &mut y_hat);
    let want = net.predict(&Matrix::<f32>::from_rows(&[[0.25, -1.0]]));
    assert_eq!(y_hat, want.as_slice());
}

#[test]
#[should_panic(expected = "predict_into: scratch has 9 values, expected at least 10 (scratch_len)")]
fn predict_into_panics_on_short_scratch() {
    let net = Network::new(&[3, 4, 5, 1], &mut XorShift::new(1));
    net.predict_into(&[0.0; 3], &mut [0.0; 9], &mut [0.0; 1]);
}

#[test]
#[should_panic(expected = "predict_into: input has 4 values, expected a multiple of n_0 = 3")]
fn predict_into_panics_on_a_partial_sample() {
    let net = Network::new(&[3, 4, 5, 1], &mut XorShift::new(1));
    net.predict_into(&[0.0; 4], &mut [0.0; 20], &mut [0.0; 1]);
}

#[test]
#[should_panic(expected = "predict_into: output has 1 values, expected m·n_L = 2·1")]
fn predict_into_panics_on_the_wrong_output_length() {
    let net = Network::new(&[3, 4, 5, 1], &mut XorShift::new(1));
    net.predict_into(&[0.0; 6], &mut [0.0; 20], &mut [0.0; 1]);
}

#[test]
#[should_panic(expected = "feed_forward: W_2 has 3 values, expected 4×1 = 4")]
fn feed_forward_panics_on_weights_of_the_wrong_size() {
    let w1 = [0.0f64; 12];
    let w2 = [0.0f64; 3];
    feed_forward(
        &[3, 4, 1],
        &[&w1[..], &w2[..]],
        &[0.0; 3],
        &mut [0.0; 4],
        &mut [0.0; 1],
    );
}
