//! Export of a trained network as Rust source, for a program with the weights compiled in:
//! [`Network::to_rust_source`].
//!
//! A microcontroller may have no file system to read a model file from, and no heap to hold
//! the matrices. The exported module keeps the weights (and biases) in `static` arrays (in
//! flash, on a chip) and predicts on a stack array, through the same forward pass that
//! [`Network::predict`] runs: [`inference::feed_forward`](crate::inference::feed_forward)
//! for the post's kind of network, sigmoid layers without biases, and
//! [`inference::feed_forward_layers`](crate::inference::feed_forward_layers) for any other.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::{self, Write};

use crate::inference::scratch_len;
use crate::{Activation, Float, Network};

/// Rust's keywords (strict and reserved, edition 2024): not usable as a module's name.
const KEYWORDS: [&str; 52] = [
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

impl<T: Float> Network<T> {
    /// The network as the source of a Rust module named `name`: the layer sizes and weights
    /// as arrays of `f32` or `f64` (this network's element type), and a `predict` for one
    /// sample that needs no heap. For the post's network in `f32`, `to_rust_source("post")`
    /// writes (without the doc comments and the weights; the notes after `//` are ours):
    ///
    /// ```text
    /// pub mod post {
    ///     pub const SIZES: [usize; 4] = [3, 4, 5, 1];
    ///     pub static W1: [f32; 12] = [ … ];    // W_1: 3 × 4, one row per line
    ///     pub static W2: [f32; 20] = [ … ];    // W_2: 4 × 5
    ///     pub static W3: [f32; 5] = [ … ];     // W_3: 5 × 1
    ///     pub static WEIGHTS: [&[f32]; 3] = [&W1, &W2, &W3];
    ///     pub const SCRATCH_LEN: usize = 10;   // inference::scratch_len(&SIZES, 1)
    ///     pub fn predict(input: &[f32; 3], output: &mut [f32; 1]) {
    ///         let mut scratch = [0.0f32; SCRATCH_LEN];
    ///         ::scratchnet::inference::feed_forward(&SIZES, &WEIGHTS, input, &mut scratch, output);
    ///     }
    /// }
    /// ```
    ///
    /// `predict` computes `ŷ = σ(… σ(σ(x · W_1) · W_2) … · W_L)` for one input `x` (1 × n_0)
    /// into `output` (1 × n_L), on a scratch array on the stack. It calls
    /// [`inference::feed_forward`](crate::inference::feed_forward), as [`Network::predict`]
    /// does, rather than spelling out the loops: the module stays short, and its predictions
    /// have the same bits as this network's by construction. So the program that includes
    /// it depends on `scratchnet`, which builds without `std` (`default-features = false`)
    /// and whose inference needs no allocator.
    ///
    /// Any other network, with other activations or with biases, gets its activations and
    /// biases beside the weights, and a `predict` that computes
    /// `ŷ = f_L(… f_2(f_1(x · W_1 + b_1) · W_2 + b_2) … · W_L + b_L)` by
    /// [`inference::feed_forward_layers`](crate::inference::feed_forward_layers). For sizes
    /// `[2, 8, 3]`, a ReLU layer and a softmax output, with biases:
    ///
    /// ```text
    /// pub mod mlp {
    ///     pub const SIZES: [usize; 3] = [2, 8, 3];
    ///     pub const ACTIVATIONS: [::scratchnet::Activation; 2] = [
    ///         ::scratchnet::Activation::Relu,
    ///         ::scratchnet::Activation::Softmax,
    ///     ];
    ///     pub static W1: [f32; 16] = [ … ];    // W_1: 2 × 8
    ///     pub static B1: [f32; 8] = [ … ];     // b_1: 1 × 8
    ///     pub static W2: [f32; 24] = [ … ];    // W_2: 8 × 3
    ///     pub static B2: [f32; 3] = [ … ];     // b_2: 1 × 3
    ///     pub static WEIGHTS: [&[f32]; 2] = [&W1, &W2];
    ///     pub static BIASES: [&[f32]; 2] = [&B1, &B2];   // [&[f32]; 0] = [] without biases
    ///     pub const SCRATCH_LEN: usize = 8;
    ///     pub fn predict(input: &[f32; 2], output: &mut [f32; 3]) {
    ///         let mut scratch = [0.0f32; SCRATCH_LEN];
    ///         ::scratchnet::inference::feed_forward_layers(
    ///             &SIZES, &ACTIVATIONS, &WEIGHTS, &BIASES, input, &mut scratch, output,
    ///         );
    ///     }
    /// }
    /// ```
    ///
    /// Every weight and bias is written as a Rust float literal that reads back as exactly
    /// that number, subnormals and `-0.0` included:
    ///
    /// ```text
    /// x = 0 or 10⁻⁴ ≤ |x| < 10¹⁶   {}, the shortest round-trip digits; whole numbers get ".0": 1.0, -0.0
    /// other finite x                {:e}, the same digits in scientific notation: 1e-45, 2.5e16
    /// ±∞, NaN                       f32::INFINITY, f32::NEG_INFINITY, f32::NAN (the NaN's payload is lost)
    /// ```
    ///
    /// The literals sit in arrays typed `[f32; N]` or `[f64; N]`, so the compiler reads each
    /// in the network's own precision, which is the one whose shortest digits were written.
    ///
    /// `include!` the text in the program (or save it as a module file of its own). The
    /// post's network, trained in `f32` and exported by `tests/export.rs`:
    ///
    /// ```
    /// include!("../../examples/generated/post_f32.rs"); // pub mod post { … }
    ///
    /// fn main() {
    ///     let mut y_hat = [0.0f32];
    ///     post::predict(&[1.0, 0.0, 1.0], &mut y_hat);
    ///     assert!(y_hat[0] > 0.9); // the label is 1
    /// }
    /// ```
    ///
    /// The six networks of `examples/generated/layers_f32.rs`, exported by `tests/export.rs`,
    /// have every activation between them, with biases and without; the first ends in
    /// softmax, so its four outputs add up to 1:
    ///
    /// ```
    /// include!("../../examples/generated/layers_f32.rs"); // pub mod every_activation_biased { … } …
    ///
    /// fn main() {
    ///     let mut y_hat = [0.0f32; 4];
    ///     every_activation_biased::predict(&[1.0, 0.0, -1.0], &mut y_hat);
    ///     assert!((y_hat.iter().sum::<f32>() - 1.0).abs() < 1e-6);
    ///     assert!(y_hat.iter().all(|&p| p > 0.0));
    /// }
    /// ```
    ///
    /// The numbers of a one-layer network, as written:
    ///
    /// ```
    /// use scratchnet::{Matrix, Network};
    /// let net = Network::from_weights(vec![Matrix::from_rows(&[[1.0], [-0.0], [2.5e-5]])])?;
    /// let source = net.to_rust_source("tiny");
    /// assert!(source.contains("\npub mod tiny {\n"));
    /// let w1 = "pub static W1: [f64; 3] = [\n        1.0,\n        -0.0,\n        2.5e-5,\n    ];";
    /// assert!(source.contains(w1));
    /// assert!(source.contains("pub fn predict(input: &[f64; 3], output: &mut [f64; 1]) {"));
    /// # Ok::<(), scratchnet::Error>(())
    /// ```
    ///
    /// # Panics
    /// If `name` is not a Rust identifier made of ASCII: a letter or `_` then letters,
    /// digits and `_`, not `_` alone and not a keyword (`post_f32` is one; `post-f32`,
    /// `2post` and `type` are not). It names the module, so the source would not compile.
    pub fn to_rust_source(&self, name: &str) -> String {
        assert!(
            is_identifier(name),
            "to_rust_source: {name:?} is not a Rust identifier (ASCII letters, digits and _, \
             not starting with a digit, not _ alone, not a keyword), so it cannot name a module"
        );
        let mut source = String::new();
        self.write_rust_source(name, &mut source)
            .expect("writing to a String cannot fail");
        source
    }

    /// [`to_rust_source`](Network::to_rust_source) into `out`.
    fn write_rust_source(&self, name: &str, out: &mut impl Write) -> fmt::Result {
        let t = T::NAME;
        let sizes = self.sizes();
        let depth = sizes.len() - 1;
        let (n_0, n_last) = (sizes[0], sizes[depth]);
        let activations = self.layer_activations();
        let biases = self.biases();
        let posts_kind = self.is_posts_kind();
        let layers: Vec<String> = sizes.iter().map(|n| format!("{n}")).collect();
        let list = |prefix: char| -> String {
            let arrays: Vec<String> = (1..=depth).map(|l| format!("&{prefix}{l}")).collect();
            arrays.join(", ")
        };

        writeln!(
            out,
            "// Generated by scratchnet {} (Network::to_rust_source): export again, do not edit.",
            env!("CARGO_PKG_VERSION")
        )?;
        writeln!(out)?;
        if posts_kind {
            writeln!(
                out,
                "/// The {} sigmoid network `{name}` in `{t}`: its weights, and `predict` with no heap.",
                layers.join("-")
            )?;
        } else {
            let names: Vec<&str> = activations.iter().map(|f_l| f_l.name()).collect();
            writeln!(
                out,
                "/// The {} network `{name}` in `{t}` ({}; {}): its parameters, and `predict` with no heap.",
                layers.join("-"),
                names.join(", "),
                if biases.is_some() {
                    "with biases"
                } else {
                    "without biases"
                }
            )?;
        }
        writeln!(out, "///")?;
        writeln!(out, "/// ```text")?;
        writeln!(
            out,
            "/// ŷ = {}    x: 1 × {n_0}, ŷ: 1 × {n_last}",
            y_hat(activations, biases.is_some())
        )?;
        writeln!(out, "/// ```")?;
        writeln!(
            out,
            "#[rustfmt::skip] // one row of a weight matrix per line"
        )?;
        writeln!(
            out,
            "#[allow(clippy::approx_constant)] // a weight may happen to be close to π or e"
        )?;
        writeln!(out, "pub mod {name} {{")?;
        writeln!(out, "    /// The layer sizes `[n_0, …, n_L]`.")?;
        writeln!(
            out,
            "    pub const SIZES: [usize; {}] = {sizes:?};",
            depth + 1
        )?;
        if !posts_kind {
            writeln!(out)?;
            writeln!(out, "    /// The activations `[f_1, …, f_L]`.")?;
            writeln!(
                out,
                "    pub const ACTIVATIONS: [::scratchnet::Activation; {depth}] = ["
            )?;
            for f_l in activations {
                // The Debug of a variant without fields is its name: `Relu`.
                writeln!(out, "        ::scratchnet::Activation::{f_l:?},")?;
            }
            writeln!(out, "    ];")?;
        }
        for (l, w) in (1..).zip(self.weights()) {
            let (rows, cols) = w.shape();
            writeln!(out)?;
            writeln!(out, "    /// W_{l}, {rows} × {cols}, row by row.")?;
            write_array(&format!("W{l}"), w.as_slice(), cols, out)?;
            if let Some(b) = biases.and_then(|biases| biases.get(l - 1)) {
                writeln!(out)?;
                writeln!(out, "    /// b_{l}, 1 × {cols}.")?;
                write_array(&format!("B{l}"), b.as_slice(), cols, out)?;
            }
        }
        writeln!(out)?;
        let pass = if posts_kind {
            "feed_forward"
        } else {
            "feed_forward_layers"
        };
        writeln!(out, "    /// `[W1, …, W{depth}]`, as `{pass}` takes them.")?;
        writeln!(
            out,
            "    pub static WEIGHTS: [&[{t}]; {depth}] = [{}];",
            list('W')
        )?;
        if !posts_kind {
            writeln!(out)?;
            if biases.is_some() {
                writeln!(
                    out,
                    "    /// `[B1, …, B{depth}]`, as `feed_forward_layers` takes them."
                )?;
                writeln!(
                    out,
                    "    pub static BIASES: [&[{t}]; {depth}] = [{}];",
                    list('B')
                )?;
            } else {
                writeln!(
                    out,
                    "    /// No biases: `feed_forward_layers` takes an empty list for a network without them."
                )?;
                writeln!(out, "    pub static BIASES: [&[{t}]; 0] = [];")?;
            }
        }
        writeln!(out)?;
        writeln!(
            out,
            "    /// The scratch `predict` needs: `scratchnet::inference::scratch_len(&SIZES, 1)`."
        )?;
        writeln!(
            out,
            "    pub const SCRATCH_LEN: usize = {};",
            scratch_len(sizes, 1)
        )?;
        writeln!(out)?;
        writeln!(
            out,
            "    /// ŷ for one sample `x`, by `scratchnet::inference::{pass}` on a stack array:"
        )?;
        writeln!(
            out,
            "    /// the same bits as `Network::predict` of the network exported here."
        )?;
        writeln!(
            out,
            "    pub fn predict(input: &[{t}; {n_0}], output: &mut [{t}; {n_last}]) {{"
        )?;
        writeln!(out, "        let mut scratch = [0.0{t}; SCRATCH_LEN];")?;
        if posts_kind {
            writeln!(
                out,
                "        ::scratchnet::inference::feed_forward(&SIZES, &WEIGHTS, input, &mut scratch, output);"
            )?;
        } else {
            writeln!(out, "        ::scratchnet::inference::feed_forward_layers(")?;
            writeln!(
                out,
                "            &SIZES, &ACTIVATIONS, &WEIGHTS, &BIASES, input, &mut scratch, output,"
            )?;
            writeln!(out, "        );")?;
        }
        writeln!(out, "    }}")?;
        writeln!(out, "}}")
    }
}

/// `pub static {name}: [T; N] = [ … ];` for the `N` values of `data`, `cols` to a line.
fn write_array<T: Float>(name: &str, data: &[T], cols: usize, out: &mut impl Write) -> fmt::Result {
    writeln!(
        out,
        "    pub static {name}: [{}; {}] = [",
        T::NAME,
        data.len()
    )?;
    for row in data.chunks(cols) {
        out.write_str("       ")?;
        for &x in row {
            out.write_char(' ')?;
            write_literal(x, out)?;
            out.write_char(',')?;
        }
        writeln!(out)?;
    }
    writeln!(out, "    ];")
}

/// The formula of the prediction, for the module's documentation:
///
/// ```text
/// ŷ = f_L(… f_2(f_1(x · W1 + b1) · W2 + b2) … · WL + bL)
/// ```
///
/// with σ for the sigmoid, an identity layer as bare parentheses (none on the output), and
/// ` + bl` only with biases. The post's network gives `σ(σ(σ(x · W1) · W2) · W3)`.
fn y_hat(activations: &[Activation], biases: bool) -> String {
    let depth = activations.len();
    (1..=depth).fold(String::from("x"), |a, l| {
        let z = if biases {
            format!("{a} · W{l} + b{l}")
        } else {
            format!("{a} · W{l}")
        };
        match activations[l - 1] {
            Activation::Identity if l == depth => z,
            Activation::Identity => format!("({z})"),
            Activation::Sigmoid => format!("σ({z})"),
            f_l => format!("{}({z})", f_l.name()),
        }
    })
}

/// `x` as a Rust float literal that reads back, in type `T`, as exactly `x`, by the table in
/// [`Network::to_rust_source`]'s documentation.
fn write_literal<T: Float>(x: T, out: &mut impl Write) -> fmt::Result {
    let t = T::NAME;
    if x.is_nan() {
        return write!(out, "{t}::NAN");
    }
    if !x.is_finite() {
        let sign = if x.is_sign_negative() { "NEG_" } else { "" };
        return write!(out, "{t}::{sign}INFINITY");
    }
    let magnitude = x.abs().to_f64();
    if magnitude == 0.0 || (1e-4..1e16).contains(&magnitude) {
        let digits = format!("{x}");
        let point = if digits.contains('.') { "" } else { ".0" };
        write!(out, "{digits}{point}")
    } else {
        write!(out, "{x:e}")
    }
}

/// An ASCII Rust identifier that is not a keyword: `[A-Za-z_][A-Za-z0-9_]*`, not `_`.
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    let starts_well = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    starts_well
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
        && !KEYWORDS.contains(&name)
}
