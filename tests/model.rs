//! Model files: a saved network loads back with the same bits in every weight and bias
//! (`f32` and `f64`, extreme values included, every activation, with and without biases),
//! the text of a small network is exactly the documented format of either version, a
//! hand-written file loads, and every kind of malformed file is refused with its line and a
//! message. `tests/model_fuzz.rs` throws damaged files at the loader.

use scratchnet::model::{Expected, LoadErrorKind, Parameter};
use scratchnet::{Activation, Float, LoadError, Matrix, Network, XorShift};

/// The text `save` writes.
fn saved<T: Float>(net: &Network<T>) -> String {
    let mut text = String::new();
    net.save(&mut text).unwrap();
    text
}

/// Panics unless the two networks have the same shapes, the same activations and the same
/// bits in every weight and bias (`==` would let `-0.0` and `0.0` pass for each other).
fn assert_same_bits<T: Float>(got: &Network<T>, want: &Network<T>, to_bits: fn(T) -> u64) {
    assert_eq!(got.sizes(), want.sizes());
    assert_eq!(got.layer_activations(), want.layer_activations());
    assert_eq!(
        got.biases().is_some(),
        want.biases().is_some(),
        "biases or none"
    );
    let weights = got.weights().iter().zip(want.weights()).map(|gw| ('w', gw));
    let biases = got.biases().unwrap_or_default().iter();
    let biases = biases
        .zip(want.biases().unwrap_or_default())
        .map(|gb| ('b', gb));
    for (name, (g, w)) in weights.chain(biases) {
        assert_eq!(g.shape(), w.shape(), "{name}");
        for (k, (&x, &y)) in g.as_slice().iter().zip(w.as_slice()).enumerate() {
            assert_eq!(
                to_bits(x),
                to_bits(y),
                "{name} element {k}: got {x:e}, want {y:e}"
            );
        }
    }
}

/// The values most likely to lose bits in a round trip through decimal text.
const SPECIAL_F64: [f64; 14] = [
    0.1,
    -0.1,
    1e-300,
    -0.0,
    0.0,
    5e-324,                     // the smallest subnormal
    2.225_073_858_507_201e-308, // the largest subnormal
    f64::MIN_POSITIVE,
    f64::MAX,
    f64::MIN,
    f64::EPSILON,
    1.0 / 3.0,
    123_456_789_012_345_680.0,
    0.30000000000000004,
];

const SPECIAL_F32: [f32; 12] = [
    0.1,
    -0.1,
    1e-30,
    -0.0,
    1e-45, // the smallest subnormal
    1.1754942e-38,
    f32::MIN_POSITIVE,
    f32::MAX,
    f32::MIN,
    f32::EPSILON,
    1.0 / 3.0,
    16_777_217.0,
];

/// A sigmoid network without biases, the post's kind, of the given sizes whose weights are
/// random bit patterns (every exponent, subnormals included; NaN and infinities drawn
/// again), with `special` written over the first weights.
fn random_network<T: Float>(
    sizes: &[usize],
    rng: &mut XorShift,
    from_bits: fn(u64) -> T,
    special: &[T],
) -> Network<T> {
    let activations = vec![Activation::Sigmoid; sizes.len() - 1];
    random_layers(sizes, &activations, false, rng, from_bits, special)
}

/// As [`random_network`], with the given activations, and biases (drawn after all the
/// weights) if `biases`.
fn random_layers<T: Float>(
    sizes: &[usize],
    activations: &[Activation],
    biases: bool,
    rng: &mut XorShift,
    from_bits: fn(u64) -> T,
    special: &[T],
) -> Network<T> {
    let mut specials = special.iter().copied();
    let mut draw = |rows: usize, cols: usize| {
        let data = (0..rows * cols)
            .map(|_| {
                specials.next().unwrap_or_else(|| {
                    loop {
                        let x = from_bits(rng.next_u64());
                        if x.is_finite() {
                            break x;
                        }
                    }
                })
            })
            .collect();
        Matrix::<T>::from_vec(rows, cols, data)
    };
    let weights: Vec<_> = sizes
        .windows(2)
        .map(|pair| draw(pair[0], pair[1]))
        .collect();
    let biases = biases.then(|| sizes[1..].iter().map(|&n| draw(1, n)).collect());
    Network::<T>::from_parts(activations, weights, biases).unwrap()
}

const SHAPES: [&[usize]; 7] = [
    &[1, 1],
    &[3, 4, 5, 1],
    &[2, 3],
    &[7, 1, 7],
    &[10, 20, 5],
    &[1, 1, 1, 1, 1, 1],
    &[4, 16, 16, 2],
];

#[test]
fn f64_networks_round_trip_bit_for_bit() {
    let mut rng = XorShift::new(1);
    for sizes in SHAPES {
        for trial in 0..20 {
            let net = random_network(sizes, &mut rng, f64::from_bits, &SPECIAL_F64);
            let text = saved(&net);
            let loaded = Network::load(&text)
                .unwrap_or_else(|e| panic!("{sizes:?} trial {trial}: {e}\n{text}"));
            assert_same_bits(&loaded, &net, f64::to_bits);
            assert_eq!(saved(&loaded), text, "saving again gives the same text");
        }
    }
}

#[test]
fn f32_networks_round_trip_bit_for_bit() {
    let mut rng = XorShift::new(2);
    let from_bits = |bits: u64| f32::from_bits((bits >> 32) as u32);
    let to_bits = |x: f32| u64::from(x.to_bits());
    for sizes in SHAPES {
        for trial in 0..20 {
            let net = random_network(sizes, &mut rng, from_bits, &SPECIAL_F32);
            let text = saved(&net);
            let loaded = Network::<f32>::load(&text)
                .unwrap_or_else(|e| panic!("{sizes:?} trial {trial}: {e}\n{text}"));
            assert_same_bits(&loaded, &net, to_bits);
            assert_eq!(saved(&loaded), text, "saving again gives the same text");
        }
    }
}

#[test]
fn networks_from_new_round_trip_in_both_precisions() {
    let net = Network::new(&[3, 4, 5, 1], &mut XorShift::new(7));
    assert_same_bits(&Network::load(&saved(&net)).unwrap(), &net, f64::to_bits);
    let small: Network<f32> = net.cast();
    let to_bits = |x: f32| u64::from(x.to_bits());
    assert_same_bits(
        &Network::<f32>::load(&saved(&small)).unwrap(),
        &small,
        to_bits,
    );
}

/// Every way to choose the activations of a network of `depth` layers that a test needs:
/// each activation on every hidden layer (softmax excepted) and on the output, and the five
/// in turn down the layers (softmax moved last).
fn activation_choices(depth: usize) -> Vec<Vec<Activation>> {
    let mut choices = Vec::new();
    for output in Activation::ALL {
        for hidden in Activation::ALL {
            if hidden != Activation::Softmax {
                let mut activations = vec![hidden; depth - 1];
                activations.push(output);
                choices.push(activations);
            }
        }
    }
    let mut turns: Vec<Activation> = (0..depth).map(|l| Activation::ALL[l % 4]).collect();
    turns[depth - 1] = Activation::Softmax;
    choices.push(turns);
    choices
}

/// Saves and loads networks of every shape and activation, with and without biases, in
/// `T`, and checks the bits and the version.
fn every_activation_round_trips<T: Float>(
    seed: u64,
    from_bits: fn(u64) -> T,
    to_bits: fn(T) -> u64,
    special: &[T],
) {
    let mut rng = XorShift::new(seed);
    let mut loaded_files = 0;
    for sizes in SHAPES {
        for activations in activation_choices(sizes.len() - 1) {
            for biases in [false, true] {
                let net = random_layers(sizes, &activations, biases, &mut rng, from_bits, special);
                let text = saved(&net);
                let posts_kind = !biases && activations.iter().all(|&f| f == Activation::Sigmoid);
                let version = if posts_kind { 1 } else { 2 };
                assert!(
                    text.starts_with(&format!("scratchnet model {version}\n")),
                    "{text}"
                );
                let loaded = Network::<T>::load(&text)
                    .unwrap_or_else(|e| panic!("{sizes:?} {activations:?}: {e}\n{text}"));
                assert_same_bits(&loaded, &net, to_bits);
                assert_eq!(saved(&loaded), text, "saving again gives the same text");
                loaded_files += 1;
            }
        }
    }
    // 7 shapes × (5 outputs × 4 hidden + 1) choices × 2.
    assert_eq!(loaded_files, 7 * 21 * 2);
}

#[test]
fn every_activation_with_and_without_biases_round_trips_in_f64() {
    every_activation_round_trips(11, f64::from_bits, f64::to_bits, &SPECIAL_F64);
}

#[test]
fn every_activation_with_and_without_biases_round_trips_in_f32() {
    let from_bits = |bits: u64| f32::from_bits((bits >> 32) as u32);
    let to_bits = |x: f32| u64::from(x.to_bits());
    every_activation_round_trips(12, from_bits, to_bits, &SPECIAL_F32);
}

#[test]
fn a_built_network_round_trips_with_its_zero_biases() {
    use scratchnet::Layers;
    let layers = Layers::new(&[4, 8, 8, 3])
        .hidden(Activation::Relu)
        .output(Activation::Softmax)
        .biases(true);
    let net = Network::build(&layers, &mut XorShift::new(5)).unwrap();
    let text = saved(&net);
    assert!(text.contains("\nb2 1 8\n0 0 0 0 0 0 0 0\n"), "{text}");
    assert_same_bits(&Network::load(&text).unwrap(), &net, f64::to_bits);
}

#[test]
fn the_text_of_a_small_network_is_exactly_the_documented_format() {
    let w1 = Matrix::from_rows(&[[0.5, -1.25, 0.0], [2.0, 0.1, -0.0]]);
    let w2 = Matrix::from_rows(&[[1.5], [-0.75], [300.0]]);
    let net = Network::from_weights(vec![w1, w2]).unwrap();
    let want = "scratchnet model 1
element f64
sizes 2 3 1
w1 2 3
0.5 -1.25 0
2 0.1 -0
w2 3 1
1.5
-0.75
300
end
";
    assert_eq!(saved(&net), want);
    // The f32 network writes f32's shortest digits: 0.1f32 is "0.1", not 0.10000000149011612.
    let small: Network<f32> = net.cast();
    assert_eq!(saved(&small), want.replace("element f64", "element f32"));
    // Extremes are written in full, without an exponent.
    let extremes = Network::from_weights(vec![Matrix::from_rows(&[[1e-7, 1e21]])]).unwrap();
    assert_eq!(
        saved(&extremes),
        "scratchnet model 1\nelement f64\nsizes 1 2\nw1 1 2\n0.0000001 1000000000000000000000\nend\n"
    );
}

#[test]
fn a_hand_written_file_loads_to_its_weights() {
    // The example of the module documentation, in f32.
    let text = "scratchnet model 1
element f32
sizes 2 3 1
w1 2 3
0.5 -1.25 0
2 0.1 -0
w2 3 1
1.5
-0.75
300
end";
    let net = Network::<f32>::load(text).unwrap();
    assert_eq!(net.sizes(), &[2, 3, 1]);
    assert_eq!(
        net.weights()[0],
        Matrix::<f32>::from_rows(&[[0.5, -1.25, 0.0], [2.0, 0.1, -0.0]])
    );
    assert_eq!(
        net.weights()[1],
        Matrix::<f32>::from_rows(&[[1.5], [-0.75], [300.0]])
    );
    assert!(net.weights()[0][(1, 2)].is_sign_negative(), "-0 is -0.0");
    // Other spellings that str::parse takes are accepted in a hand-written file.
    let text = "scratchnet model 1\nelement f64\nsizes 1 4\nw1 1 4\n1e-3 +2 .5 -7E1\nend\n";
    let net = Network::<f64>::load(text).unwrap();
    assert_eq!(net.weights()[0].as_slice(), &[0.001, 2.0, 0.5, -70.0]);
}

/// The example of version 2 in the module documentation.
const VERSION_2: &str = "scratchnet model 2
element f32
sizes 2 3 2
activations relu softmax
biases yes
w1 2 3
0.5 -1.25 0
2 0.1 -0
b1 1 3
0 0.5 -1
w2 3 2
1.5 -1.5
-0.75 0.75
300 -300
b2 1 2
0.25 -0.25
end
";

#[test]
fn the_text_of_a_network_with_activations_and_biases_is_exactly_the_documented_format() {
    let w1 = Matrix::<f32>::from_rows(&[[0.5, -1.25, 0.0], [2.0, 0.1, -0.0]]);
    let w2 = Matrix::<f32>::from_rows(&[[1.5, -1.5], [-0.75, 0.75], [300.0, -300.0]]);
    let b1 = Matrix::<f32>::from_rows(&[[0.0, 0.5, -1.0]]);
    let b2 = Matrix::<f32>::from_rows(&[[0.25, -0.25]]);
    let activations = [Activation::Relu, Activation::Softmax];
    let net = Network::<f32>::from_parts(
        &activations,
        vec![w1.clone(), w2.clone()],
        Some(vec![b1.clone(), b2.clone()]),
    )
    .unwrap();
    assert_eq!(saved(&net), VERSION_2);
    let loaded = Network::<f32>::load(VERSION_2).unwrap();
    assert_eq!(loaded.layer_activations(), activations);
    assert_eq!(loaded.weights(), [w1.clone(), w2.clone()]);
    assert_eq!(loaded.biases(), Some(&[b1, b2][..]));

    // Without biases, the biases line says so and there are no b blocks.
    let net = Network::<f32>::from_parts(&activations, vec![w1, w2], None).unwrap();
    let want = VERSION_2
        .replace("biases yes", "biases no")
        .replace("b1 1 3\n0 0.5 -1\n", "")
        .replace("b2 1 2\n0.25 -0.25\n", "");
    assert_eq!(saved(&net), want);
    assert_eq!(Network::<f32>::load(&want).unwrap(), net);
}

#[test]
fn a_version_2_file_of_the_posts_kind_loads_as_version_1_and_saves_as_it() {
    let version_2 = BASE
        .replace("scratchnet model 1", "scratchnet model 2")
        .replace(
            "sizes 3 2 1\n",
            "sizes 3 2 1\nactivations sigmoid sigmoid\nbiases no\n",
        );
    let net = Network::<f64>::load(&version_2).unwrap();
    assert_eq!(net, Network::load(BASE).unwrap());
    assert_eq!(saved(&net), BASE);
}

/// A valid f64 file of sizes 3 2 1; line numbers on the right.
const BASE: &str = "scratchnet model 1
element f64
sizes 3 2 1
w1 3 2
0.5 -1
2 0.25
-0 3
w2 2 1
1.5
-2
end
";
// 1 magic, 2 element, 3 sizes, 4 w1, 5–7 rows of w1, 8 w2, 9–10 rows of w2, 11 end

/// `BASE` with line `line` (1-based) replaced by `with` (which may hold several lines, or
/// none, deleting the line).
fn with_line(line: usize, with: &str) -> String {
    replace_line(BASE, line, with)
}

/// `text` with line `line` (1-based) replaced by `with`, as [`with_line`] does to `BASE`.
fn replace_line(text: &str, line: usize, with: &str) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    if with.is_empty() {
        lines.remove(line - 1);
    } else {
        lines[line - 1] = with;
    }
    lines.join("\n") + "\n"
}

/// Loads `text` as f64, which must fail on `line` with the message `message`.
fn assert_refused(text: &str, line: usize, message: &str) -> LoadError {
    let err = Network::<f64>::load(text).expect_err(text);
    assert_eq!(
        (err.line(), err.to_string()),
        (line, format!("line {line}: {message}")),
        "for the file\n{text}"
    );
    err
}

#[test]
fn the_base_file_is_valid() {
    let net = Network::<f64>::load(BASE).unwrap();
    assert_eq!(net.sizes(), &[3, 2, 1]);
    assert_eq!(with_line(3, "sizes 3 2 1"), BASE);
}

#[test]
fn the_header_and_element_lines_are_checked() {
    assert_refused(
        "",
        1,
        "the file ends where `scratchnet model 1` or `scratchnet model 2` should be",
    );
    assert_refused(
        &with_line(1, "hello"),
        1,
        "expected `scratchnet model 1` or `scratchnet model 2`, found `hello`",
    );
    let err = assert_refused(
        &with_line(1, "scratchnet model 3"),
        1,
        "version `3` of the model format, but this scratchnet reads versions 1 and 2",
    );
    assert_eq!(
        *err.kind(),
        LoadErrorKind::Version {
            found: "3".to_string()
        }
    );
    // Version 2 has an activations line where version 1 has w1.
    assert_refused(
        &with_line(1, "scratchnet model 2"),
        4,
        "expected `activations` and one activation per layer, found `w1 3 2`",
    );
    assert_refused(
        "scratchnet model 1\n",
        2,
        "the file ends where `element f32` or `element f64` should be",
    );
    assert_refused(
        &with_line(2, "element f16"),
        2,
        "expected `element f32` or `element f64`, found `element f16`",
    );
    let err = assert_refused(
        &with_line(2, "element f32"),
        2,
        "the weights are f32, but a Network<f64> was asked for: \
         load a Network<f32> and convert it with Network::cast",
    );
    assert_eq!(
        *err.kind(),
        LoadErrorKind::ElementMismatch {
            file: "f32",
            requested: "f64"
        }
    );
    // And the other way round.
    let err = Network::<f32>::load(BASE).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 2: the weights are f64, but a Network<f32> was asked for: \
         load a Network<f64> and convert it with Network::cast"
    );
}

#[test]
fn the_sizes_line_is_checked() {
    assert_refused(
        &with_line(3, "size 3 2 1"),
        3,
        "expected `sizes` and the layer sizes, found `size 3 2 1`",
    );
    assert_refused(
        &with_line(3, "sizes 3"),
        3,
        "1 layer size, expected at least 2 (an input and an output layer)",
    );
    assert_refused(
        &with_line(3, "sizes"),
        3,
        "0 layer sizes, expected at least 2 (an input and an output layer)",
    );
    let err = assert_refused(
        &with_line(3, "sizes 3 0 1"),
        3,
        "n_1 = 0: every layer needs at least one neuron",
    );
    assert_eq!(*err.kind(), LoadErrorKind::ZeroSize { layer: 1 });
    for bad in ["x", "+2", "02", "-2", "2.0", "99999999999999999999999"] {
        assert_refused(
            &with_line(3, &format!("sizes 3 {bad} 1")),
            3,
            &format!(
                "`{bad}` is not a layer size: sizes are whole numbers, without a sign or \
                 leading zeros, that fit in usize"
            ),
        );
    }
    // The sizes ask for more weights than the rest of the file can hold.
    let err = assert_refused(
        &with_line(3, "sizes 4000000000 4000000000"),
        3,
        "w1 is 4000000000×4000000000: it and the matrices before it need more than the 44 \
         bytes after this line (at least 2 a weight), so the file is cut short or a size is \
         wrong",
    );
    assert_eq!(
        *err.kind(),
        LoadErrorKind::TooLarge {
            layer: 1,
            rows: 4_000_000_000,
            cols: 4_000_000_000,
            biases: false,
            room: 44
        }
    );
    // usize::MAX × usize::MAX overflows: still an error, not a panic.
    let max = usize::MAX;
    assert_refused(
        &with_line(3, &format!("sizes 1 {max} {max}")),
        3,
        &format!(
            "w1 is 1×{max}: it and the matrices before it need more than the 44 bytes after \
             this line (at least 2 a weight), so the file is cut short or a size is wrong"
        ),
    );
    // Many small layers add up: a 1×1 matrix needs 9 bytes (`w1 1 1\n1\n`), and with the 3 of
    // `end` the 44 bytes after the sizes line hold four of them.
    let ones = vec!["1"; 1000].join(" ");
    let err = Network::<f64>::load(&with_line(3, &format!("sizes {ones}"))).unwrap_err();
    assert!(
        matches!(err.kind(), LoadErrorKind::TooLarge { layer: 5, .. }),
        "{err}"
    );
}

#[test]
fn the_matrices_are_checked() {
    assert_refused(
        &with_line(4, "w1 3 3"),
        4,
        "expected `w1 3 2`, found `w1 3 3`",
    );
    assert_refused(
        &with_line(4, "w01 3 2"),
        4,
        "expected `w1 3 2`, found `w01 3 2`",
    );
    assert_refused(
        &with_line(8, "w3 2 1"),
        8,
        "expected `w2 2 1`, found `w3 2 1`",
    );
    let err = assert_refused(
        &with_line(6, "2 0.25 7"),
        6,
        "w1 row 2 has 3 numbers, expected 2",
    );
    assert_eq!(
        *err.kind(),
        LoadErrorKind::RowLength {
            parameter: Parameter::Weights,
            layer: 1,
            row: 2,
            found: 3,
            expected: 2
        }
    );
    assert_refused(
        &with_line(9, "1.5 1"),
        9,
        "w2 row 1 has 2 numbers, expected 1",
    );
    assert_refused(
        &with_line(5, "0.5"),
        5,
        "w1 row 1 has 1 numbers, expected 2",
    );
    assert_refused(
        &with_line(7, "-0 3.1.4"),
        7,
        "w1 row 3 number 2 is `3.1.4`, not an f64",
    );
    assert_refused(
        &with_line(7, "-0 0x10"),
        7,
        "w1 row 3 number 2 is `0x10`, not an f64",
    );
    assert_refused(
        &with_line(10, "inf"),
        10,
        "w2 row 2 number 1 is `inf`, which is not a finite f64: weights must be finite",
    );
    assert_refused(
        &with_line(5, "NaN 1"),
        5,
        "w1 row 1 number 1 is `NaN`, which is not a finite f64: weights must be finite",
    );
    assert_refused(
        &with_line(5, "0.5 1e309"),
        5,
        "w1 row 1 number 2 is `1e309`, which is not a finite f64: weights must be finite",
    );
    // 1e39 is a finite f64 but rounds to infinity in f32.
    let text = with_line(2, "element f32").replace("-0 3", "-0 1e39");
    let err = Network::<f32>::load(&text).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 7: w1 row 3 number 2 is `1e39`, which is not a finite f32: weights must be finite"
    );
    // A missing row: the next header comes too early.
    let err = assert_refused(
        &with_line(7, ""),
        7,
        "expected w1 row 3 of 3, found `w2 2 1`",
    );
    assert_eq!(
        *err.kind(),
        LoadErrorKind::WrongLine {
            expected: Expected::Row {
                layer: 1,
                row: 3,
                rows: 3
            },
            found: "w2 2 1".to_string()
        }
    );
    assert_refused(
        &with_line(10, ""),
        10,
        "expected w2 row 2 of 2, found `end`",
    );
    // A row too many.
    let err = assert_refused(
        &with_line(7, "-0 3\n4 5"),
        8,
        "w1 should have 3 rows; this line is one too many",
    );
    assert_eq!(
        *err.kind(),
        LoadErrorKind::ExtraRow {
            parameter: Parameter::Weights,
            layer: 1,
            rows: 3
        }
    );
    assert_refused(
        &with_line(10, "-2\n-3"),
        11,
        "w2 should have 2 rows; this line is one too many",
    );
}

#[test]
fn the_end_is_checked() {
    assert_refused(
        &with_line(11, ""),
        11,
        "the file ends where `end` should be",
    );
    // A file cut short: when the rest is too short for the sizes, the sizes line says so…
    assert_refused(
        "scratchnet model 1\nelement f64\nsizes 3 2 1\nw1 3 2\n0.5 -1\n",
        3,
        "w1 is 3×2: it and the matrices before it need more than the 14 bytes after this \
         line (at least 2 a weight), so the file is cut short or a size is wrong",
    );
    // … and when its numbers are long enough to pass for the missing ones, the line where
    // the text stops does.
    let long = "0.1111111111111111 -0.1111111111111111";
    assert_refused(
        &format!("scratchnet model 1\nelement f64\nsizes 3 2 1\nw1 3 2\n{long}\n"),
        6,
        "the file ends where w1 row 2 of 3 should be",
    );
    assert_refused(
        &format!("scratchnet model 1\nelement f64\nsizes 3 2 1\nw1 3 2\n{long}\n{long}\n{long}\n"),
        8,
        "the file ends where `w2 2 1` should be",
    );
    assert_refused(&with_line(11, "end x"), 11, "expected `end`, found `end x`");
    assert_refused(
        &with_line(11, "w3 1 1"),
        11,
        "expected `end`, found `w3 1 1`",
    );
    assert_refused(
        &format!("{BASE}more"),
        12,
        "text after `end`, which must be last",
    );
    assert_refused(
        &format!("{BASE}\n"),
        12,
        "text after `end`, which must be last",
    );
    // Without the final newline the file is still valid.
    assert!(Network::<f64>::load(BASE.trim_end_matches('\n')).is_ok());
}

#[test]
fn lines_are_checked_for_blanks_spaces_and_carriage_returns() {
    assert_refused(
        &with_line(6, "\n2 0.25"),
        6,
        "blank line: the format has none",
    );
    let spacing = "extra space: words are separated by one space, with none at the start or \
                   end of a line";
    assert_refused(&with_line(6, "2  0.25"), 6, spacing);
    assert_refused(&with_line(6, "2 0.25 "), 6, spacing);
    assert_refused(&with_line(6, " 2 0.25"), 6, spacing);
    assert_refused(&with_line(3, "sizes 3 2 1 "), 3, spacing);
    assert_refused(&with_line(11, "end "), 11, spacing);
    assert_refused(
        &BASE.replace('\n', "\r\n"),
        1,
        "carriage return (\\r): lines end with \\n alone",
    );
    assert_refused(
        &with_line(5, "0.5\t-1"),
        5,
        "w1 row 1 has 1 numbers, expected 2",
    );
}

/// A valid version 2 f64 file of sizes 3 2 2, with biases; line numbers on the right.
const BASE_2: &str = "scratchnet model 2
element f64
sizes 3 2 2
activations tanh softmax
biases yes
w1 3 2
0.5 -1
2 0.25
-0 3
b1 1 2
0.5 -0.5
w2 2 2
1.5 -1
-2 0
b2 1 2
1 2
end
";
// 1 magic, 2 element, 3 sizes, 4 activations, 5 biases, 6 w1, 7–9 rows of w1, 10 b1, 11 its
// row, 12 w2, 13–14 rows of w2, 15 b2, 16 its row, 17 end

/// `BASE_2` with line `line` replaced by `with`.
fn with_line_2(line: usize, with: &str) -> String {
    replace_line(BASE_2, line, with)
}

#[test]
fn the_version_2_base_file_is_valid() {
    let net = Network::<f64>::load(BASE_2).unwrap();
    assert_eq!(net.sizes(), &[3, 2, 2]);
    assert_eq!(
        net.layer_activations(),
        [Activation::Tanh, Activation::Softmax]
    );
    let b = net.biases().unwrap();
    assert_eq!(b[0].as_slice(), &[0.5, -0.5]);
    assert_eq!(b[1].as_slice(), &[1.0, 2.0]);
    assert_eq!(saved(&net), BASE_2);
}

#[test]
fn the_activations_line_is_checked() {
    assert_refused(
        "scratchnet model 2\nelement f64\nsizes 3 2 2\n",
        4,
        "the file ends where `activations` and one activation per layer should be",
    );
    assert_refused(
        &with_line_2(4, "activation tanh softmax"),
        4,
        "expected `activations` and one activation per layer, found `activation tanh softmax`",
    );
    let err = assert_refused(
        &with_line_2(4, "activations tanh softmax relu"),
        4,
        "3 activations, expected 2: one for each layer after the input",
    );
    assert_eq!(
        *err.kind(),
        LoadErrorKind::ActivationCount {
            found: 3,
            expected: 2
        }
    );
    assert_refused(
        &with_line_2(4, "activations softmax"),
        4,
        "1 activation, expected 2: one for each layer after the input",
    );
    assert_refused(
        &with_line_2(4, "activations"),
        4,
        "0 activations, expected 2: one for each layer after the input",
    );
    let err = assert_refused(
        &with_line_2(4, "activations tanh sigmod"),
        4,
        "activation 2 is `sigmod`, expected sigmoid, tanh, relu, identity or softmax",
    );
    assert_eq!(
        *err.kind(),
        LoadErrorKind::UnknownActivation {
            layer: 2,
            found: "sigmod".to_string()
        }
    );
    // Names are lower case, as Activation::name writes them.
    assert_refused(
        &with_line_2(4, "activations Tanh softmax"),
        4,
        "activation 1 is `Tanh`, expected sigmoid, tanh, relu, identity or softmax",
    );
    let err = assert_refused(
        &with_line_2(4, "activations softmax softmax"),
        4,
        "activation 1 is softmax, but softmax is only for the output layer (the last \
         activation)",
    );
    assert_eq!(*err.kind(), LoadErrorKind::SoftmaxNotLast { layer: 1 });
    // Every activation is allowed on the output, and every one but softmax before it.
    for hidden in ["sigmoid", "tanh", "relu", "identity"] {
        for output in ["sigmoid", "tanh", "relu", "identity", "softmax"] {
            let text = with_line_2(4, &format!("activations {hidden} {output}"));
            let net = Network::<f64>::load(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
            let names: Vec<_> = net.layer_activations().iter().map(|a| a.name()).collect();
            assert_eq!(names, [hidden, output]);
        }
    }
}

#[test]
fn the_biases_line_is_checked() {
    assert_refused(
        &with_line_2(5, "biases maybe"),
        5,
        "expected `biases yes` or `biases no`, found `biases maybe`",
    );
    assert_refused(
        &with_line_2(5, ""),
        5,
        "expected `biases yes` or `biases no`, found `w1 3 2`",
    );
    // `biases no`, then a bias.
    assert_refused(
        &with_line_2(5, "biases no"),
        10,
        "expected `w2 2 2`, found `b1 1 2`",
    );
    // `biases yes`, without them.
    let text = with_line_2(11, "").replace("b1 1 2\n", "");
    assert_refused(&text, 10, "expected `b1 1 2`, found `w2 2 2`");
    // Biases count in the room the sizes need: a 1×1 layer with its bias needs 7 + 2 + 7 + 2
    // bytes, and `end` 3, but only 13 follow the biases line.
    let text = "scratchnet model 2\nelement f64\nsizes 1 1\nactivations relu\nbiases yes\n\
                w1 1 1\n1\nend\n";
    let err = assert_refused(
        text,
        5,
        "w1 is 1×1: it and the matrices before it, with their biases, need more than the 13 \
         bytes after this line (at least 2 a number), so the file is cut short or a size is \
         wrong",
    );
    assert_eq!(
        *err.kind(),
        LoadErrorKind::TooLarge {
            layer: 1,
            rows: 1,
            cols: 1,
            biases: true,
            room: 13
        }
    );
    assert!(Network::<f64>::load(&text.replace("biases yes", "biases no")).is_ok());
    assert_refused(
        &with_line_2(3, "sizes 4000000000 4000000000").replace("tanh softmax", "tanh"),
        5,
        "w1 is 4000000000×4000000000: it and the matrices before it, with their biases, need \
         more than the 76 bytes after this line (at least 2 a number), so the file is cut \
         short or a size is wrong",
    );
}

#[test]
fn the_biases_are_checked() {
    assert_refused(
        &with_line_2(10, "b1 1 3"),
        10,
        "expected `b1 1 2`, found `b1 1 3`",
    );
    assert_refused(
        &with_line_2(10, "b2 1 2"),
        10,
        "expected `b1 1 2`, found `b2 1 2`",
    );
    assert_refused(
        &with_line_2(15, "w3 1 2"),
        15,
        "expected `b2 1 2`, found `w3 1 2`",
    );
    // A weight row too many, where the bias header should be.
    assert_refused(
        &with_line_2(9, "-0 3\n4 5"),
        10,
        "w1 should have 3 rows; this line is one too many",
    );
    // A weight row too few: the bias header comes too early.
    assert_refused(
        &with_line_2(9, ""),
        9,
        "expected w1 row 3 of 3, found `b1 1 2`",
    );
    assert_refused(
        &with_line_2(11, ""),
        11,
        "expected the row of b1, found `w2 2 2`",
    );
    assert_refused(
        &with_line_2(16, ""),
        16,
        "expected the row of b2, found `end`",
    );
    let err = assert_refused(&with_line_2(11, "0.5"), 11, "b1 has 1 numbers, expected 2");
    assert_eq!(
        *err.kind(),
        LoadErrorKind::RowLength {
            parameter: Parameter::Bias,
            layer: 1,
            row: 1,
            found: 1,
            expected: 2
        }
    );
    assert_refused(
        &with_line_2(16, "1 2 3"),
        16,
        "b2 has 3 numbers, expected 2",
    );
    let err = assert_refused(
        &with_line_2(11, "0.5 x"),
        11,
        "b1 number 2 is `x`, not an f64",
    );
    assert_eq!(
        *err.kind(),
        LoadErrorKind::BadNumber {
            parameter: Parameter::Bias,
            layer: 1,
            row: 1,
            column: 2,
            found: "x".to_string(),
            element: "f64"
        }
    );
    let err = assert_refused(
        &with_line_2(16, "inf 2"),
        16,
        "b2 number 1 is `inf`, which is not a finite f64: biases must be finite",
    );
    assert_eq!(
        *err.kind(),
        LoadErrorKind::NonFinite {
            parameter: Parameter::Bias,
            layer: 2,
            row: 1,
            column: 1,
            found: "inf".to_string(),
            element: "f64"
        }
    );
    // 1e39 is a finite f64 but rounds to infinity in f32.
    let text = with_line_2(2, "element f32").replace("0.5 -0.5", "0.5 1e39");
    assert_eq!(
        Network::<f32>::load(&text).unwrap_err().to_string(),
        "line 11: b1 number 2 is `1e39`, which is not a finite f32: biases must be finite"
    );
    // A bias row too many, before the next header or the end.
    let err = assert_refused(
        &with_line_2(11, "0.5 -0.5\n1 1"),
        12,
        "b1 has one row; this line is one too many",
    );
    assert_eq!(
        *err.kind(),
        LoadErrorKind::ExtraRow {
            parameter: Parameter::Bias,
            layer: 1,
            rows: 1
        }
    );
    assert_refused(
        &with_line_2(16, "1 2\n3 4"),
        17,
        "b2 has one row; this line is one too many",
    );
    assert_refused(
        &with_line_2(17, ""),
        17,
        "the file ends where `end` should be",
    );
}

#[test]
fn long_lines_are_quoted_only_in_part() {
    let long = format!("hello {}", "é".repeat(100));
    let err = Network::<f64>::load(&with_line(1, &long)).unwrap_err();
    let quoted = format!("hello {}…", "é".repeat(34));
    assert_eq!(
        err.to_string(),
        format!("line 1: expected `scratchnet model 1` or `scratchnet model 2`, found `{quoted}`")
    );
    let err =
        Network::<f64>::load(&with_line(5, &format!("0.5 {}", "9".repeat(1000)))).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "line 5: w1 row 1 number 2 is `{}…`, which is not a finite f64: weights must be finite",
            "9".repeat(40)
        )
    );
}

#[test]
fn load_error_is_a_comparable_std_error() {
    let err = Network::<f64>::load("hello").unwrap_err();
    assert_eq!(err.clone(), err);
    let boxed: Box<dyn std::error::Error> = Box::new(err);
    assert_eq!(
        boxed.to_string(),
        "line 1: expected `scratchnet model 1` or `scratchnet model 2`, found `hello`"
    );
    assert_eq!(
        format!("{:?}", Network::<f64>::load("").unwrap_err()),
        "LoadError { line: 1, kind: UnexpectedEnd { expected: Magic } }"
    );
}

/// `save_file` and `load_file` exist with the `std` feature.
#[cfg(feature = "std")]
mod files {
    use super::*;
    use scratchnet::model::FileError;

    /// A path in the temporary directory, unique to this test and process.
    fn temp_path(name: &str) -> std::path::PathBuf {
        std::env::temp_dir().join(format!("scratchnet-{}-{name}", std::process::id()))
    }

    #[test]
    fn save_file_and_load_file_round_trip() {
        let path = temp_path("round-trip.txt");
        let net = Network::new(&[3, 4, 5, 1], &mut XorShift::new(3));
        net.save_file(&path).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), saved(&net));
        let loaded: Network = Network::load_file(&path).unwrap();
        assert_same_bits(&loaded, &net, f64::to_bits);
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn load_file_names_the_file_and_the_line() {
        let path = temp_path("bad.txt");
        std::fs::write(&path, with_line(6, "2 x")).unwrap();
        let err = Network::<f64>::load_file(&path).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "{}: line 6: w1 row 2 number 2 is `x`, not an f64",
                path.display()
            )
        );
        let FileError::Load { error, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(error.line(), 6);
        let source = std::error::Error::source(&err).unwrap();
        assert_eq!(source.to_string(), error.to_string());

        // Bytes that are not UTF-8, on line 6.
        let mut bytes = BASE.as_bytes().to_vec();
        bytes[BASE.find("0.25").unwrap()] = 0xff;
        std::fs::write(&path, &bytes).unwrap();
        let err = Network::<f64>::load_file(&path).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "{}: line 6: not UTF-8: a model file is text",
                path.display()
            )
        );
        std::fs::remove_file(&path).unwrap();

        let err = Network::<f32>::load_file(&path).unwrap_err();
        assert!(matches!(err, FileError::Io { .. }), "{err:?}");
    }
}
