//! Export to Rust source: the checked-in modules are the exports of their networks, they
//! predict the same bits as the networks, and any network's weights and biases are written
//! exactly.
//!
//! `examples/generated/post_f32.rs` is `to_rust_source("post")` of the post's network trained
//! in `f32` (seed `post::SEED`, 5000 epochs at η = 0.1). `examples/embed.rs` and
//! `examples/no_std.rs` compile it in. `examples/generated/layers_f32.rs` holds the exports of
//! the six networks of [`LAYERED`], whose weights and biases are drawn from N(0, 1): between
//! them every activation, with biases and without, on hidden layers and on the output. When
//! training or the export changes, the first tests fail; regenerate the files with
//!
//! ```sh
//! SCRATCHNET_BLESS=1 cargo test --test export
//! ```
//!
//! and read the diff before committing it. Tolerance everywhere: none, the bits must match.

use std::panic;
use std::path::Path;

use scratchnet::inference::{feed_forward, feed_forward_layers};
use scratchnet::{Activation, Float, Matrix, Network, XorShift, post};

/// The checked-in export of the post's network, compiled into this test.
mod exported {
    include!("../examples/generated/post_f32.rs");
}

/// The checked-in exports of the [`LAYERED`] networks, compiled into this test.
mod layered {
    include!("../examples/generated/layers_f32.rs");
}

/// Where the checked-in export of the post's network lives, from the package root.
const GENERATED: &str = "examples/generated/post_f32.rs";

/// Where the checked-in exports of the [`LAYERED`] networks live.
const GENERATED_LAYERED: &str = "examples/generated/layers_f32.rs";

/// The networks of `layers_f32.rs`: module name, sizes, activations, and whether it has
/// biases. Every activation is on a network with biases and on one without.
const LAYERED: [(&str, &[usize], &[Activation], bool); 6] = [
    (
        "every_activation_biased",
        &[3, 6, 5, 4, 5, 4],
        &[
            Activation::Tanh,
            Activation::Relu,
            Activation::Identity,
            Activation::Sigmoid,
            Activation::Softmax,
        ],
        true,
    ),
    (
        "every_activation",
        &[3, 5, 6, 4, 4, 2],
        &[
            Activation::Identity,
            Activation::Sigmoid,
            Activation::Tanh,
            Activation::Relu,
            Activation::Softmax,
        ],
        false,
    ),
    (
        "relu_output",
        &[4, 3, 2],
        &[Activation::Tanh, Activation::Relu],
        true,
    ),
    (
        "identity_output",
        &[2, 4, 1],
        &[Activation::Relu, Activation::Identity],
        false,
    ),
    ("tanh_output", &[3, 3], &[Activation::Tanh], true),
    (
        "sigmoid_biased",
        &[3, 4, 1],
        &[Activation::Sigmoid, Activation::Sigmoid],
        true,
    ),
];

/// The network `k` of [`LAYERED`]: weights, then biases, drawn from N(0, 1) with seed `k + 1`.
fn layered_network(k: usize) -> Network<f32> {
    let (_, sizes, activations, biases) = LAYERED[k];
    let mut rng = XorShift::new(k as u64 + 1);
    let mut draw = |rows: usize, cols: usize| {
        let data = (0..rows * cols).map(|_| rng.normal() as f32).collect();
        Matrix::<f32>::from_vec(rows, cols, data)
    };
    let weights: Vec<_> = sizes
        .windows(2)
        .map(|pair| draw(pair[0], pair[1]))
        .collect();
    let biases = biases.then(|| sizes[1..].iter().map(|&n| draw(1, n)).collect());
    Network::<f32>::from_parts(activations, weights, biases).expect("parts that fit")
}

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

/// Panics unless the file `generated` is `source`; writes it first with `SCRATCHNET_BLESS`.
fn assert_checked_in(generated: &str, source: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(generated);
    if std::env::var_os("SCRATCHNET_BLESS").is_some() {
        std::fs::write(&path, source).unwrap_or_else(|e| panic!("writing {generated}: {e}"));
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
            "{generated} is not the export of its networks (first difference on line \
             {line}:\n  file:   {got:?}\n  export: {want:?}).\n\
             Regenerate it with `SCRATCHNET_BLESS=1 cargo test --test export`, read the diff, \
             then run the tests again: this binary still has the old file compiled in."
        );
    }
}

#[test]
fn the_checked_in_module_is_the_export_of_the_posts_network() {
    assert_checked_in(GENERATED, &post_network().to_rust_source("post"));
}

#[test]
fn the_checked_in_modules_are_the_exports_of_the_layered_networks() {
    let sources: Vec<String> = (0..LAYERED.len())
        .map(|k| layered_network(k).to_rust_source(LAYERED[k].0))
        .collect();
    assert_checked_in(GENERATED_LAYERED, &sources.join("\n"));
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

/// Inputs for a network of `n_0` inputs: zeros of both signs, subnormals, huge values, and
/// 2000 random ones near 1 and far from it (10⁻³ … 10³).
fn inputs<const N: usize>(rng: &mut XorShift) -> Vec<[f32; N]> {
    let special = [0.0, -0.0, 1.0, -1.0, 1e-45, f32::MIN_POSITIVE, 1e30, -1e30];
    let mut inputs: Vec<[f32; N]> = special.iter().map(|&x| [x; N]).collect();
    inputs.push(std::array::from_fn(|i| special[i % special.len()]));
    for s in 0..2000 {
        let scale = [1e-3, 1.0, 1e3][s % 3];
        inputs.push(std::array::from_fn(|_| (rng.normal() * scale) as f32));
    }
    inputs
}

/// Panics unless `predict` of a compiled module gives the bits of `net.predict` on every one
/// of [`inputs`], and `feed_forward_layers` on the module's arrays gives them for all the
/// inputs at once.
fn assert_predicts_the_networks_bits<const N: usize, const M: usize>(
    name: &str,
    net: &Network<f32>,
    predict: fn(&[f32; N], &mut [f32; M]),
    arrays: (&[Activation], &[&[f32]], &[&[f32]]),
) {
    let bits = |y: &[f32]| y.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    let inputs = inputs::<N>(&mut XorShift::new(2024));
    for input in &inputs {
        let mut got = [f32::NAN; M];
        predict(input, &mut got);
        let want = net.predict(&Matrix::<f32>::from_rows(&[*input]));
        assert_eq!(
            bits(&got),
            bits(want.as_slice()),
            "{name}, input {input:?}: module {got:?}, network {want:?}"
        );
    }

    let (activations, weights, biases) = arrays;
    let x = Matrix::<f32>::from_vec(inputs.len(), N, inputs.concat());
    let mut scratch = vec![f32::NAN; net.scratch_len(inputs.len())];
    let mut got = vec![f32::NAN; inputs.len() * M];
    let sizes = net.sizes();
    feed_forward_layers(
        sizes,
        activations,
        weights,
        biases,
        x.as_slice(),
        &mut scratch,
        &mut got,
    );
    let want = net.predict(&x);
    assert!(bits(&got) == bits(want.as_slice()), "{name}: all at once");
}

/// Checks the compiled module `layered::$module` against `layered_network($k)`: its sizes,
/// activations, the bits of its weights and biases, and its predictions.
macro_rules! check_layered_module {
    ($k:expr, $module:ident) => {{
        use layered::$module as module;
        let net = layered_network($k);
        let name = stringify!($module);
        assert_eq!(name, LAYERED[$k].0);
        assert_eq!(module::SIZES.as_slice(), net.sizes(), "{name}");
        assert_eq!(
            module::ACTIVATIONS.as_slice(),
            net.layer_activations(),
            "{name}"
        );
        assert_eq!(module::SCRATCH_LEN, net.scratch_len(1), "{name}");
        let bits = |values: &[f32]| values.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        let compiled: Vec<_> = module::WEIGHTS.iter().map(|w| bits(w)).collect();
        let weights: Vec<_> = net.weights().iter().map(|w| bits(w.as_slice())).collect();
        assert_eq!(compiled, weights, "{name}: weights");
        let compiled: Vec<_> = module::BIASES.iter().map(|b| bits(b)).collect();
        let biases = net.biases().unwrap_or_default();
        let biases: Vec<_> = biases.iter().map(|b| bits(b.as_slice())).collect();
        assert_eq!(compiled, biases, "{name}: biases");
        let arrays = (
            module::ACTIVATIONS.as_slice(),
            module::WEIGHTS.as_slice(),
            module::BIASES.as_slice(),
        );
        assert_predicts_the_networks_bits(name, &net, module::predict, arrays);
    }};
}

#[test]
fn the_checked_in_layered_modules_hold_their_networks_and_predict_their_bits() {
    check_layered_module!(0, every_activation_biased);
    check_layered_module!(1, every_activation);
    check_layered_module!(2, relu_output);
    check_layered_module!(3, identity_output);
    check_layered_module!(4, tanh_output);
    check_layered_module!(5, sigmoid_biased);
}

/// The literals of `pub static {name}: [T; N] = [` … `];` in `source`, one `Vec` per line.
fn literals<'a>(source: &'a str, name: &str, t: &str) -> (usize, Vec<Vec<&'a str>>) {
    let start = format!("    pub static {name}: [{t}; ");
    let mut lines = source.lines().skip_while(|line| !line.starts_with(&start));
    let header = lines
        .next()
        .unwrap_or_else(|| panic!("no {name} in\n{source}"));
    let len = header[start.len()..]
        .strip_suffix("] = [")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{name}: bad header {header:?}"));
    let rows = lines
        .take_while(|line| *line != "    ];")
        .map(|line| {
            let values = line.trim().strip_suffix(',').unwrap_or_else(|| {
                panic!("{name}: line {line:?} does not end with a comma");
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

/// Checks that `net`'s export declares its shapes and activations, calls the forward pass
/// for its kind, and writes every weight and bias exactly.
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
    let activations = net.layer_activations();
    let biases = net.biases();
    let posts_kind = biases.is_none() && activations.iter().all(|&f| f == Activation::Sigmoid);
    let has = |line: &str| source.lines().any(|l| l == line);
    if posts_kind {
        assert!(!source.contains("ACTIVATIONS") && !source.contains("BIASES"));
        assert!(source.contains("\n        ::scratchnet::inference::feed_forward(&SIZES, "));
    } else {
        let depth = activations.len();
        let list = |prefix: char| {
            let arrays: Vec<String> = (1..=depth).map(|l| format!("&{prefix}{l}")).collect();
            arrays.join(", ")
        };
        let mut declaration = vec![format!(
            "    pub const ACTIVATIONS: [::scratchnet::Activation; {depth}] = ["
        )];
        declaration.extend(
            activations
                .iter()
                .map(|f| format!("        ::scratchnet::Activation::{f:?},")),
        );
        declaration.push(String::from("    ];"));
        assert!(source.contains(&declaration.join("\n")), "{source}");
        let biases_line = match biases {
            Some(_) => format!(
                "    pub static BIASES: [&[{t}]; {depth}] = [{}];",
                list('B')
            ),
            None => format!("    pub static BIASES: [&[{t}]; 0] = [];"),
        };
        assert!(has(&biases_line), "no line {biases_line:?} in\n{source}");
        assert!(has("        ::scratchnet::inference::feed_forward_layers("));
    }
    let weights = (1..).zip(net.weights()).map(|(l, w)| (format!("W{l}"), w));
    let biases = (1..)
        .zip(biases.unwrap_or_default())
        .map(|(l, b)| (format!("B{l}"), b));
    for (name, w) in weights.chain(biases) {
        let (len, rows) = literals(&source, &name, t);
        assert_eq!(len, w.rows() * w.cols(), "{name}: array length");
        assert_eq!(rows.len(), w.rows(), "{name}: one line per row");
        for (i, row) in rows.iter().enumerate() {
            assert_eq!(row.len(), w.cols(), "{name} row {i}: {row:?}");
            for (j, text) in row.iter().enumerate() {
                let (got, want) = (read::<T>(text), w[(i, j)]);
                assert!(
                    same_bits(got, want),
                    "{name}[({i}, {j})] of {t}: written {text:?}, reads back {got:?}, value {want:?}"
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

/// A network of `sizes` whose weights (and biases, if any) mix N(0, 1), N(0, 1)·10^e for
/// |e| ≤ 40 and [`AWKWARD`] numbers (those that are finite in `T`). One in three is the
/// post's kind; the others have random activations (softmax only last), and biases or not.
fn awkward_network<T: Float>(sizes: &[usize], rng: &mut XorShift) -> Network<T> {
    let depth = sizes.len() - 1;
    let matrix = |rng: &mut XorShift, rows: usize, cols: usize| {
        let data = (0..rows * cols)
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
        Matrix::<T>::from_vec(rows, cols, data)
    };
    let weights = sizes
        .windows(2)
        .map(|pair| matrix(rng, pair[0], pair[1]))
        .collect();
    if rng.next_u64().is_multiple_of(3) {
        return Network::<T>::from_weights(weights).expect("finite weights that chain");
    }
    let activations: Vec<Activation> = (1..=depth)
        .map(|l| {
            let choices = if l == depth { 5 } else { 4 };
            Activation::ALL[(rng.next_u64() % choices) as usize]
        })
        .collect();
    let biases = rng.next_u64().is_multiple_of(2);
    let biases = biases.then(|| sizes[1..].iter().map(|&n| matrix(rng, 1, n)).collect());
    Network::<T>::from_parts(&activations, weights, biases).expect("parts that fit")
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
fn infinite_weights_are_written_as_constants_and_no_weight_is_nan() {
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

    // No network holds a NaN: the constructors and the loader refuse one, and training
    // refuses a step that would make one (an infinite input saturates layer 1 with a finite
    // cost, and ∂J/∂W_1 = xᵀ·δ_1 = ∞ · 0 = NaN).
    let w1 = Matrix::<f32>::from_rows(&[[0.5, 2.0]]);
    let w2 = Matrix::<f32>::from_rows(&[[1.0], [-1.0]]);
    let mut net = Network::<f32>::from_weights(vec![w1, w2]).unwrap();
    let x = Matrix::<f32>::from_rows(&[[f32::INFINITY]]);
    let costs = net.train(&x, &Matrix::<f32>::from_rows(&[[1.0]]), 1, 0.1);
    assert!(costs[0].is_finite());
    assert!(!net.to_rust_source("net").contains("NAN"));
    check_export(&net);
}

#[test]
fn only_rust_identifiers_name_the_module() {
    let net = Network::<f64>::from_weights(vec![Matrix::zeros(1, 1)]).unwrap();
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
