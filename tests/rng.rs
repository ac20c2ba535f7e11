//! XorShift: pinned outputs from an independent implementation, and distribution properties.

use scratchnet::{Matrix, XorShift};

/// `(seed, first four next_u64, first four normal)` as printed by
/// `python3 tests/reference/xorshift.py`, an independent implementation in Python integers.
/// The last seed is the one that splitmix64 maps to state 0 (which xorshift could never
/// leave); the generator must replace that state and still produce numbers.
#[allow(clippy::type_complexity)]
const PINNED: [(u64, [u64; 4], [f64; 4]); 6] = [
    (
        0x0000000000000000,
        [
            0x7bbcb40d550682d0,
            0xde7fe413d00cc9fd,
            0xb3c638353c668c91,
            0xe073afc0949195fc,
        ],
        [
            -0.049563934205395704,
            0.3740670871648813,
            -0.13557609247973204,
            1.4195170967558335,
        ],
    ),
    (
        0x0000000000000001,
        [
            0x4b46a55df3611b9b,
            0xd7e1f1410e763ef4,
            0x5f14ec66975f9b06,
            0x3b2c74fad44d6cdb,
        ],
        [
            -0.48513399575690247,
            -0.6207432506394562,
            -0.9996288142655536,
            1.7800329044431904,
        ],
    ),
    (
        0x0000000000000002,
        [
            0x8a6f1a28befa4ca9,
            0x159e8dc3455a5efe,
            0xe617cb304c58a414,
            0x1930326f03b0d0cc,
        ],
        [
            0.08287811630162935,
            -1.9816911361059575,
            0.37929358500471355,
            0.40064310760028526,
        ],
    ),
    (
        0x000000000000002a,
        [
            0x31b0ece7c4f697a2,
            0x9008a3b1cb686f03,
            0x7c7173abd97be16f,
            0x45672c8c8d6b8c4f,
        ],
        [
            -1.3444566733052659,
            -0.1069866319770234,
            1.3144609399728522,
            -0.6501218884017658,
        ],
    ),
    (
        0xffffffffffffffff,
        [
            0x079ce65d09240e13,
            0x1587f139eb004b7f,
            0x3190cf0b897a2433,
            0xdefae28a45017dc9,
        ],
        [
            -0.24951767703457825,
            1.1270607348001385,
            0.2713073400788924,
            -0.7370405619078331,
        ],
    ),
    (
        0x61c8864680b583eb,
        [
            0x47e4ce4b896cdd1d,
            0xabcfa6a8e079651d,
            0xb9d10d8feb731f57,
            0x4db418a0bb1b019d,
        ],
        [
            -1.2074713353745106,
            1.0807746935226323,
            1.008982999091028,
            -0.78166879515098,
        ],
    ),
];

#[test]
fn first_outputs_match_the_python_reference() {
    for (seed, u64s, _) in PINNED {
        let mut rng = XorShift::new(seed);
        let got: Vec<u64> = (0..4).map(|_| rng.next_u64()).collect();
        assert_eq!(got, u64s, "seed {seed:#x}");
    }
}

/// The normals go through our `ln` and `sqrt`; Python's come from the C library's. `sqrt` is
/// correctly rounded in both and `ln` is within 1 ulp in both, so allow a few ulps.
#[test]
fn first_normals_match_the_python_reference() {
    for (seed, _, normals) in PINNED {
        let mut rng = XorShift::new(seed);
        for (i, want) in normals.into_iter().enumerate() {
            let got = rng.normal();
            let ulps = (got.to_bits() as i64 - want.to_bits() as i64).unsigned_abs();
            assert!(
                ulps <= 4,
                "seed {seed:#x}, normal #{i}: got {got:e}, want {want:e} ({ulps} ulps apart)"
            );
        }
    }
}

#[test]
fn next_f64_is_in_the_unit_interval_with_mean_one_half() {
    for seed in 0..20 {
        let mut rng = XorShift::new(seed);
        let n = 100_000;
        let mut sum = 0.0;
        for _ in 0..n {
            let u = rng.next_f64();
            assert!((0.0..1.0).contains(&u), "seed {seed}: {u} outside [0, 1)");
            sum += u;
        }
        // The mean of n uniforms has standard deviation √(1/12n) ≈ 0.0009; allow 5σ.
        let mean = sum / n as f64;
        assert!((mean - 0.5).abs() < 0.0046, "seed {seed}: mean {mean}");
    }
}

#[test]
fn normal_has_mean_zero_variance_one_and_normal_tails() {
    for seed in 0..20 {
        let mut rng = XorShift::new(seed);
        let n = 100_000;
        let samples: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
        let mean = samples.iter().sum::<f64>() / n as f64;
        let variance = samples.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
        // Standard errors: mean 1/√n ≈ 0.0032, variance √(2/n) ≈ 0.0045; allow 5σ.
        assert!(mean.abs() < 0.016, "seed {seed}: mean {mean}");
        assert!(
            (variance - 1.0).abs() < 0.023,
            "seed {seed}: variance {variance}"
        );
        // P(|x| > 2) = 0.0455 for a standard normal; its standard error here is 0.00066.
        let tail = samples.iter().filter(|x| x.abs() > 2.0).count() as f64 / n as f64;
        assert!(
            (tail - 0.0455).abs() < 0.0033,
            "seed {seed}: P(|x| > 2) = {tail}"
        );
    }
}

#[test]
fn nearby_seeds_give_unrelated_streams() {
    // Without splitmix64, seeds 1 and 2 would give first outputs that share most bits.
    let firsts: Vec<u64> = (0..64).map(|seed| XorShift::new(seed).next_u64()).collect();
    for pair in firsts.windows(2) {
        let differing = (pair[0] ^ pair[1]).count_ones();
        assert!(
            (12..=52).contains(&differing),
            "{:#x} vs {:#x}",
            pair[0],
            pair[1]
        );
    }
}

#[test]
fn randn_fills_row_by_row_from_the_stream() {
    let w = Matrix::<f64>::randn(3, 4, &mut XorShift::new(5));
    let mut rng = XorShift::new(5);
    let want: Vec<f64> = (0..12).map(|_| rng.normal()).collect();
    assert_eq!(w.shape(), (3, 4));
    assert_eq!(w.as_slice(), &want[..]);
}
