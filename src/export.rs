//! Export of a trained network as Rust source, for a program with the weights compiled in:
//! [`Network::to_rust_source`].
//!
//! A microcontroller may have no file system to read a model file from, and no heap to hold
//! the matrices. The exported module keeps the weights in `static` arrays (in flash, on a
//! chip) and predicts on a stack array, through the same
//! [`inference::feed_forward`](crate::inference::feed_forward) that [`Network::predict`]
//! runs.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::{self, Write};

use crate::inference::scratch_len;
use crate::{Float, Network};

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
    /// Every weight is written as a Rust float literal that reads back as exactly that
    /// number, subnormals and `-0.0` included:
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
    /// include!("../examples/generated/post_f32.rs"); // pub mod post { … }
    ///
    /// fn main() {
    ///     let mut y_hat = [0.0f32];
    ///     post::predict(&[1.0, 0.0, 1.0], &mut y_hat);
    ///     assert!(y_hat[0] > 0.9); // the label is 1
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
        let layers: Vec<String> = sizes.iter().map(|n| format!("{n}")).collect();
        let y_hat = (1..=depth).fold(String::from("x"), |a, l| format!("σ({a} · W{l})"));
        let list: Vec<String> = (1..=depth).map(|l| format!("&W{l}")).collect();

        writeln!(
            out,
            "// Generated by scratchnet {} (Network::to_rust_source): export again, do not edit.",
            env!("CARGO_PKG_VERSION")
        )?;
        writeln!(out)?;
        writeln!(
            out,
            "/// The {} sigmoid network `{name}` in `{t}`: its weights, and `predict` with no heap.",
            layers.join("-")
        )?;
        writeln!(out, "///")?;
        writeln!(out, "/// ```text")?;
        writeln!(out, "/// ŷ = {y_hat}    x: 1 × {n_0}, ŷ: 1 × {n_last}")?;
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
        for (l, w) in (1..).zip(self.weights()) {
            let (rows, cols) = w.shape();
            writeln!(out)?;
            writeln!(out, "    /// W_{l}, {rows} × {cols}, row by row.")?;
            writeln!(out, "    pub static W{l}: [{t}; {}] = [", rows * cols)?;
            for i in 0..rows {
                out.write_str("       ")?;
                for &x in w.row(i) {
                    out.write_char(' ')?;
                    write_literal(x, out)?;
                    out.write_char(',')?;
                }
                writeln!(out)?;
            }
            writeln!(out, "    ];")?;
        }
        writeln!(out)?;
        writeln!(
            out,
            "    /// `[W1, …, W{depth}]`, as `feed_forward` takes them."
        )?;
        writeln!(
            out,
            "    pub static WEIGHTS: [&[{t}]; {depth}] = [{}];",
            list.join(", ")
        )?;
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
            "    /// ŷ for one sample `x`, by `scratchnet::inference::feed_forward` on a stack array:"
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
        writeln!(
            out,
            "        ::scratchnet::inference::feed_forward(&SIZES, &WEIGHTS, input, &mut scratch, output);"
        )?;
        writeln!(out, "    }}")?;
        writeln!(out, "}}")
    }
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
