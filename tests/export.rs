//! Export to Rust source: the checked-in module is the post's trained network, it predicts
//! the same bits as the network, and any network's weights are written exactly.
//!
//! `examples/generated/post_f32.rs` is `to_rust_source("post")` of the post's network trained
//! in `f32` (seed `post::SEED`, 5000 epochs at η = 0.1). `examples/embed.rs` and
//! `examples/no_std.rs` compile it in. When training or the export changes, the first test
//! fails; regenerate the file with
//!
//! ```sh
//! SCRATCHNET_BLESS=1 cargo test --test export
//! ```
//!
//! and read the diff before committing it. Tolerance everywhere: none, the bits must match.

use std::panic;
use std::path::Path;

use scratchnet::inference::feed_forward;
use scratchnet::{Float, Matrix, Network, NewMatrix, NewNetwork, XorShift, post};

/// The checked-in export, compiled into this test.
mod exported {
    include!("../examples/generated/post_f32.rs");
}

/// Where the checked-in export lives, from the package root.
const GENERATED: &str = "examples/generated/post_f32.rs";

/// The post's network, trained in `f32` from the post's seed.
fn post_network() -> Network<f32> {
    let mut net = Network::<f32>::new(&post::SIZES, &mut XorShift::new(post::SEED));
    net.train(
        &post::inputs().cast::<f32>(),
        &post::labels().cast::<f32>(),
        post::EPOCHS,
        post::LEARNING_RATE as f32,
    );
    net
}

#[test]
fn the_checked_in_module_is_the_export_of_the_posts_network() {
    let source = post_network().to_rust_source("post");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(GENERATED);
    if std::env::var_os("SCRATCHNET_BLESS").is_some() {
        std::fs::write(&path, &source).unwrap_or_else(|e| panic!("writing {GENERATED}: {e}"));
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    if checked_in != source {
        let (line, got, want) = checked_in
            .lines()
            .chain(std::iter::repeat(""))
            .zip(source.lines().chain(std::iter::repeat("")))
            .enumerate()
            .find(|(_, (got, want))| got != want)
            .map(|(i, (got, want))| (i + 1, got, want))
            .unwrap_or((0, "", ""));
        panic!(
            "{GENERATED} is not the export of the post's f32 network (first difference on \
             line {line}:\n  file:   {got:?}\n  export: {want:?}).\n\
             Regenerate it with `SCRATCHNET_BLESS=1 cargo test --test export`, read the diff, \
             then run the tests again: this binary still has the old file compiled in."
        );
    }
}

#[test]
fn the_checked_in_module_holds_the_networks_sizes_and_weight_bits() {
    let net = post_network();
    assert_eq!(exported::post::SIZES.as_slice(), net.sizes());
    assert_eq!(exported::post::SCRATCH_LEN, net.scratch_len(1));
    assert_eq!(exported::post::WEIGHTS.len(), net.weights().len());
    for (l, (compiled, w)) in (1..).zip(exported::post::WEIGHTS.iter().zip(net.weights())) {
        let got: Vec<u32> = compiled.iter().map(|x| x.to_bits()).collect();
        let want: Vec<u32> = w.as_slice().iter().map(|x| x.to_bits()).collect();
        assert_eq!(got, want, "W{l}: compiled {compiled:?}, network {w:?}");
    }
}

#[test]
fn the_checked_in_module_predicts_the_networks_bits() {
    let net = post_network();
    let x = post::inputs().cast::<f32>();
    let mut rng = XorShift::new(2024);
    let random = (0..10_000).map(|s| {
        // Inputs near the post's 0s and 1s, and far outside them: 10⁻³ … 10³.
        let scale = [1e-3, 1.0, 1e3][s % 3];
        [0; 3].map(|_| (rng.normal() * scale) as f32)
    });
    let special = [
        [0.0, -0.0, 1.0],
        [f32::MIN_POSITIVE, 1e-45, -1e-45],
        [1e30, -1e30, 0.5],
    ];
    let inputs = (0..4)
        .map(|i| [x[(i, 0)], x[(i, 1)], x[(i, 2)]])
        .chain(special)
        .chain(random);
    for input in inputs {
        let mut got = [f32::NAN];
        exported::post::predict(&input, &mut got);
        let want = net.predict(&Matrix::<f32>::from_rows(&[input]))[(0, 0)];
        assert_eq!(
            got[0].to_bits(),
            want.to_bits(),
            "input {input:?}: module {}, network {want}",
            got[0]
        );
    }

    // The four samples at once, through the module's WEIGHTS, as Network::predict runs them.
    let mut scratch = vec![f32::NAN; net.scratch_len(4)];
    let mut got = [f32::NAN; 4];
    let (sizes, weights) = (&exported::post::SIZES, &exported::post::WEIGHTS);
    feed_forward(sizes, weights, x.as_slice(), &mut scratch, &mut got);
    let want = net.predict(&x);
    let bits = |y: &[f32]| y.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    assert_eq!(
        bits(&got),
        bits(want.as_slice()),
        "got {got:?}, want {want:?}"
    );
}

/// The literals of `pub static W{l}: [T; N] = [` … `];` in `source`, one `Vec` per line.
fn literals<'a>(source: &'a str, l: usize, t: &str) -> (usize, Vec<Vec<&'a str>>) {
    let start = format!("    pub static W{l}: [{t}; ");
    let mut lines = source.lines().skip_while(|line| !line.starts_with(&start));
    let header = lines
        .next()
        .unwrap_or_else(|| panic!("no W{l} in\n{source}"));
    let len = header[start.len()..]
        .strip_suffix("] = [")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("W{l}: bad header {header:?}"));
    let rows = lines
        .take_while(|line| *line != "    ];")
        .map(|line| {
            let values = line.trim().strip_suffix(',').unwrap_or_else(|| {
                panic!("W{l}: line {line:?} does not end with a comma");
            });
            values.split(", ").collect()
        })
        .collect();
    (len, rows)
}

/// A Rust float literal as the export writes it: `-`? digits (`.` digits)? (`e` `-`? digits)?,
/// with a `.` or an `e`, so that it is not an integer literal.
fn is_float_literal(text: &str) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (mantissa, exponent) = match unsigned.split_once('e') {
        Some((m, e)) => (m, Some(e.strip_prefix('-').unwrap_or(e))),
        None => (unsigned, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (mantissa, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(int)
        && frac.is_none_or(digits)
        && exponent.is_none_or(digits)
        && (frac.is_some() || exponent.is_some())
}

/// The value of one literal of type `T`, `f32::NAN` and the infinities included.
fn read<T: Float>(text: &str) -> T {
    let t = T::NAME;
    if text == format!("{t}::NAN") {
        T::from_f64(f64::NAN)
    } else if text == format!("{t}::INFINITY") {
        T::from_f64(f64::INFINITY)
    } else if text == format!("{t}::NEG_INFINITY") {
        T::from_f64(f64::NEG_INFINITY)
    } else {
        assert!(is_float_literal(text), "{text:?} is not a float literal");
        text.parse()
            .unwrap_or_else(|_| panic!("{text:?} does not parse as {t}"))
    }
}

/// Equal bits, for `f32` or `f64`: `f32 → f64` is exact and one-to-one except on NaNs.
fn same_bits<T: Float>(a: T, b: T) -> bool {
    (a.is_nan() && b.is_nan()) || a.to_f64().to_bits() == b.to_f64().to_bits()
}

/// Checks that `net`'s export declares its shapes and writes every weight exactly.
fn check_export<T: Float>(net: &Network<T>) {
    let source = net.to_rust_source("net");
    let t = T::NAME;
    let sizes = net.sizes();
    let (n_0, n_last) = (sizes[0], sizes[sizes.len() - 1]);
    for line in [
        String::from("pub mod net {"),
        format!("    pub const SIZES: [usize; {}] = {sizes:?};", sizes.len()),
        format!("    pub const SCRATCH_LEN: usize = {};", net.scratch_len(1)),
        format!("    pub fn predict(input: &[{t}; {n_0}], output: &mut [{t}; {n_last}]) {{"),
    ] {
        assert!(
            source.lines().any(|l| l == line),
            "no line {line:?} in\n{source}"
        );
    }
    for (l, w) in (1..).zip(net.weights()) {
        let (len, rows) = literals(&source, l, t);
        assert_eq!(len, w.rows() * w.cols(), "W{l}: array length");
        assert_eq!(rows.len(), w.rows(), "W{l}: one line per row");
        for (i, row) in rows.iter().enumerate() {
            assert_eq!(row.len(), w.cols(), "W{l} row {i}: {row:?}");
            for (j, text) in row.iter().enumerate() {
                let (got, want) = (read::<T>(text), w[(i, j)]);
                assert!(
                    same_bits(got, want),
                    "W{l}[({i}, {j})] of {t}: written {text:?}, reads back {got:?}, weight {want:?}"
                );
            }
        }
    }
}

/// Numbers that are easy to write wrong: whole, signed zero, subnormal, at the edges of the
/// range and of the switch to scientific notation (10⁻⁴, 10¹⁶).
const AWKWARD: [f64; 18] = [
    0.0,
    -0.0,
    1.0,
    -3.0,
    0.1,
    1e-4,
    9.999999999999999e-5,
    1e16,
    9999999999999998.0,
    123456789.0,
    f64::MIN_POSITIVE,
    5e-324,
    -5e-324,
    f64::MAX,
    f64::MIN,
    1.401298464324817e-45,  // the smallest f32 subnormal
    1.1754942106924411e-38, // the largest f32 subnormal
    3.4028234663852886e38,  // f32::MAX
];

/// A network of `sizes` whose weights mix N(0, 1), N(0, 1)·10^e for |e| ≤ 40 and
/// [`AWKWARD`] numbers (those that are finite in `T`).
fn awkward_network<T: Float>(sizes: &[usize], rng: &mut XorShift) -> Network<T> {
    let weights = sizes
        .windows(2)
        .map(|pair| {
            let data = (0..pair[0] * pair[1])
                .map(|_| {
                    loop {
                        let x = match rng.next_u64() % 3 {
                            0 => rng.normal(),
                            1 => rng.normal() * 10f64.powi((rng.next_u64() % 81) as i32 - 40),
                            _ => AWKWARD[(rng.next_u64() % AWKWARD.len() as u64) as usize],
                        };
                        if T::from_f64(x).is_finite() {
                            break T::from_f64(x);
                        }
                    }
                })
                .collect();
            Matrix::<T>::from_vec(pair[0], pair[1], data)
        })
        .collect();
    Network::<T>::from_weights(weights).expect("finite weights that chain")
}

#[test]
fn every_weight_reads_back_exactly_at_every_depth() {
    let mut rng = XorShift::new(7);
    for depth in 1..=4 {
        for _ in 0..25 {
            let sizes: Vec<usize> = (0..=depth)
                .map(|_| 1 + (rng.next_u64() % 6) as usize)
                .collect();
            check_export(&awkward_network::<f64>(&sizes, &mut rng));
            check_export(&awkward_network::<f32>(&sizes, &mut rng));
        }
    }
    check_export(&post_network());
}

#[test]
fn infinite_and_nan_weights_are_written_as_constants() {
    // 1e300 is finite in f64 and ±∞ in f32.
    let w1 = Matrix::from_rows(&[[1e300, -1e300], [0.5, 2.0]]);
    let w2 = Matrix::from_rows(&[[1.0], [-1.0]]);
    let net = Network::from_weights(vec![w1, w2]).unwrap().cast::<f32>();
    let infinite = net.to_rust_source("net");
    assert!(
        infinite.contains(" f32::INFINITY, f32::NEG_INFINITY,\n"),
        "{infinite}"
    );
    check_export(&net);

    check_export(&net);

    // An infinite input saturates layer 1 (a_1 = σ(∞) = 1, so σ′ = 0 and δ_1 = 0) with a
    // finite cost: one epoch then gives ∂J/∂W_1 = xᵀ·δ_1 = ∞ · 0 = NaN.
    let w1 = Matrix::<f32>::from_rows(&[[0.5, 2.0]]);
    let w2 = Matrix::<f32>::from_rows(&[[1.0], [-1.0]]);
    let mut net = Network::<f32>::from_weights(vec![w1, w2]).unwrap();
    let x = Matrix::<f32>::from_rows(&[[f32::INFINITY]]);
    let costs = net.train(&x, &Matrix::<f32>::from_rows(&[[1.0]]), 1, 0.1);
    assert!(costs[0].is_finite());
    assert!(net.to_rust_source("net").contains("f32::NAN"));
    check_export(&net);
}

#[test]
fn only_rust_identifiers_name_the_module() {
    let net = Network::from_weights(vec![Matrix::zeros(1, 1)]).unwrap();
    for name in ["post", "post_f32", "_post", "W3", "r"] {
        assert!(
            net.to_rust_source(name)
                .contains(&format!("\npub mod {name} {{\n"))
        );
    }
    for name in [
        "", "_", "2post", "post-f32", "post f32", "réseau", "type", "fn", "Self",
    ] {
        let result = panic::catch_unwind(|| net.to_rust_source(name));
        let message = result.expect_err(name);
        let message = message.downcast_ref::<String>().unwrap();
        assert!(
            message.contains(&format!("{name:?} is not a Rust identifier")),
            "{message}"
        );
    }
}
