//! scratchnet against numpy, on the post's network and two larger ones.
//!
//! Where the numbers come from: `tests/reference/post.txt`, `deep.txt` and `multi.txt`, written
//! by `tests/reference/generate.py`, a numpy transcription of the algorithm in POST.md that is
//! committed beside its output. Regenerate them (by hand; cargo never runs Python) with
//!
//! ```text
//! python3 tests/reference/generate.py
//! ```
//!
//! | fixture | sizes         | samples | epochs | learning_rate |
//! |---------|---------------|---------|--------|---------------|
//! | post    | 3-4-5-1       | 4       | 5000   | 0.1           |
//! | deep    | 4-6-5-4-3-2   | 12      | 2000   | 0.2           |
//! | multi   | 5-8-3         | 30      | 2000   | 0.1           |
//!
//! Each fixture holds the data and the initial weights (drawn by seeded numpy generators, so our
//! own RNG is not involved), the first forward pass, the first gradients, the cost of every
//! epoch and the final weights.
//!
//! Tolerance: every number must agree to a relative difference `|got − want| / max(|got|,
//! |want|)` below 1e-10. Both sides do the same operations in the same order; what is left is
//! the summation order inside numpy's `@` and the last bit of `exp`: 1e-13 at the very worst.
//! (The generator checks that its networks are that well conditioned: replaying with
//! left-to-right sums, with an `exp` one ulp off, or from weights one ulp away, moves no number
//! by 1e-12.)
//!
//! `cargo test --test numpy_reference -- --nocapture` prints the worst difference of each
//! quantity.

mod common;

use common::{Fixture, relative_difference, worst_relative_difference};
use scratchnet::{Matrix, Network};

/// The largest relative difference allowed between scratchnet and numpy.
const TOLERANCE: f64 = 1e-10;

#[test]
fn post() {
    check_network("post.txt");
}

#[test]
fn deep() {
    check_network("deep.txt");
}

#[test]
fn multi() {
    check_network("multi.txt");
}

/// Runs scratchnet on one fixture and compares every quantity it records.
fn check_network(file_name: &str) {
    let fixture = Fixture::load(file_name);
    let mut report = Report::new(&fixture);

    let sizes: Vec<usize> = fixture.scalar_list("sizes"); // n0, n1, …, nL
    let epochs: usize = fixture.scalar("epochs");
    let learning_rate: f64 = fixture.scalar("learning_rate");
    let layers = sizes.len() - 1; // L, the number of weight matrices
    let inputs = fixture.matrix("inputs"); // X (m × n0)
    let labels = fixture.matrix("labels"); // y (m × nL)
    let w: Vec<Matrix> = (1..=layers)
        .map(|l| fixture.matrix(&format!("w{l}"))) // W_l (n_{l−1} × n_l)
        .collect();
    for (l, w_l) in w.iter().enumerate() {
        let shape = (sizes[l], sizes[l + 1]);
        assert_eq!(
            w_l.shape(),
            shape,
            "{file_name}: w{} is not {shape:?}",
            l + 1
        );
    }

    // ŷ = a_L, with a_0 = X, z_l = a_{l−1}·W_l, a_l = σ(z_l)          (m × nL)
    let mut net = Network::from_weights(w.clone())
        .unwrap_or_else(|e| panic!("{file_name}: Network::from_weights: {e}"));
    let y_hat = net.forward_propagation(&inputs);
    report.matrix("prediction", &y_hat);

    // J = Σ ½ (y − ŷ)²; numpy's first recorded cost is the cost of this very prediction.
    let cost = Network::compute_cost(&y_hat, &labels);
    report.vector("compute_cost", &[cost], "costs", true);

    // ∂J/∂W_l = a_{l−1}ᵀ · δ_l from the initial weights (the post's dJdW1, dJdW2, dJdW3).
    let d_w = net.backpropagation(&inputs, &labels, &y_hat);
    assert_eq!(
        d_w.len(),
        layers,
        "{file_name}: backpropagation returned {} gradients for {layers} weight matrices",
        d_w.len()
    );
    for (l, d_w_l) in d_w.iter().enumerate() {
        report.matrix(&format!("d_w{}", l + 1), d_w_l);
    }

    // Full-batch gradient descent from the same initial weights, on a fresh network: the cost
    // of every epoch (before its update), then W_l ← W_l − η·∂J/∂W_l.
    let mut net = Network::from_weights(w)
        .unwrap_or_else(|e| panic!("{file_name}: Network::from_weights: {e}"));
    let costs = net.train(&inputs, &labels, epochs, learning_rate);
    report.vector("costs", &costs, "costs", false);
    assert_eq!(net.weights().len(), layers, "{file_name}: weights().len()");
    for (l, w_l) in net.weights().iter().enumerate() {
        report.matrix(&format!("final_w{}", l + 1), w_l);
    }
    let final_prediction = net.forward_propagation(&inputs);
    report.matrix("final_prediction", &final_prediction);

    report.print();
}

/// Compares one quantity after another against the fixture, keeping a line per quantity.
struct Report<'a> {
    fixture: &'a Fixture,
    lines: Vec<String>,
}

impl<'a> Report<'a> {
    fn new(fixture: &'a Fixture) -> Report<'a> {
        let lines = vec![format!(
            "{} (tolerance {TOLERANCE:e}, relative):",
            fixture.path().display()
        )];
        Report { fixture, lines }
    }

    /// Compares `got` with the fixture's matrix `name`: shape, then every element.
    fn matrix(&mut self, name: &str, got: &Matrix) {
        let want = self.fixture.raw_matrix(name);
        let want_shape = (want.rows, want.cols);
        if got.shape() != want_shape {
            self.print();
            panic!(
                "{name}: got shape {:?}, want {want_shape:?} ({})",
                got.shape(),
                self.fixture.location(want.line)
            );
        }
        let (worst, k) = worst_relative_difference(got.as_slice(), &want.data);
        let (i, j) = (k / want.cols.max(1), k % want.cols.max(1));
        let at = Place {
            index: format!("({i}, {j})"),
            line: want.line + 1 + i,
        };
        self.record(name, worst, &at, got.as_slice().get(k), want.data.get(k));
    }

    /// Compares `got` with the fixture's vector `name`, or with its first `got.len()` numbers
    /// when `prefix` is set.
    fn vector(&mut self, name: &str, got: &[f64], vector: &str, prefix: bool) {
        let raw = self.fixture.raw_vector(vector);
        let want = if prefix && got.len() <= raw.values.len() {
            &raw.values[..got.len()]
        } else {
            &raw.values[..]
        };
        if got.len() != want.len() {
            self.print();
            panic!(
                "{name}: got {} numbers, want {} ({})",
                got.len(),
                want.len(),
                self.fixture.location(raw.line)
            );
        }
        let (worst, k) = worst_relative_difference(got, want);
        let at = Place {
            index: format!("[{k}]"),
            line: raw.line + 1 + k,
        };
        self.record(name, worst, &at, got.get(k), want.get(k));
    }

    fn record(
        &mut self,
        name: &str,
        worst: f64,
        at: &Place,
        got: Option<&f64>,
        want: Option<&f64>,
    ) {
        let worst_text = if worst == 0.0 {
            "0 (bit for bit)".to_string()
        } else {
            format!("{worst:.2e} at {}", at.index)
        };
        self.lines.push(format!(
            "  {name:<18} worst relative difference {worst_text}"
        ));
        if worst >= TOLERANCE || worst.is_nan() {
            self.print();
            let (got, want) = (
                got.copied().unwrap_or(f64::NAN),
                want.copied().unwrap_or(f64::NAN),
            );
            panic!(
                "{name}{}: got {got:e}, want {want:e}: relative difference {worst:.3e} is not \
                 below {TOLERANCE:e} (want from {})",
                at.index,
                self.fixture.location(at.line)
            );
        }
    }

    fn print(&self) {
        println!("{}", self.lines.join("\n"));
    }
}

/// Where the worst difference is: its index, and the fixture line holding the wanted number.
struct Place {
    index: String,
    line: usize,
}

// --- the harness itself: it must be able to fail ----------------------------------------------

#[test]
fn relative_difference_is_zero_only_for_equal_numbers() {
    assert_eq!(relative_difference(0.0, -0.0), 0.0);
    assert_eq!(relative_difference(f64::INFINITY, f64::INFINITY), 0.0);
    assert_eq!(relative_difference(2.0, 1.0), 0.5);
    assert_eq!(relative_difference(-1.0, 1.0), 2.0);
    assert_eq!(relative_difference(1.0, f64::NAN), f64::INFINITY);
    assert_eq!(relative_difference(f64::INFINITY, 1e300), f64::INFINITY);
    assert_eq!(
        worst_relative_difference(&[1.0, 2.0, 3.0], &[1.0, 2.0 + 1e-9, 3.0]),
        (relative_difference(2.0, 2.0 + 1e-9), 1)
    );
    assert_eq!(worst_relative_difference(&[], &[]), (0.0, 0));
}

#[test]
fn fixture_numbers_round_trip_exactly() {
    let text = "name t\nsizes 1 2\nmatrix a 2 2\n0.1 -0.0\n5e-324 1.7976931348623157e+308\n\
                vector v 3\nnan\ninf\n-inf\n";
    let fixture = Fixture::parse("inline", text);
    assert_eq!(fixture.scalar::<String>("name"), "t");
    assert_eq!(fixture.scalar_list::<usize>("sizes"), [1, 2]);
    let a = fixture.raw_matrix("a");
    assert_eq!((a.rows, a.cols, a.line), (2, 2, 3));
    let bits: Vec<u64> = a.data.iter().map(|v| v.to_bits()).collect();
    assert_eq!(bits, [0.1f64, -0.0, 5e-324, f64::MAX].map(f64::to_bits));
    let v = fixture.vector("v");
    assert!(v[0].is_nan() && v[1] == f64::INFINITY && v[2] == f64::NEG_INFINITY);
}

#[test]
#[should_panic(expected = "inline:4: malformed fixture: row 1 of matrix a has 1 numbers")]
fn short_row_names_the_line() {
    Fixture::parse("inline", "# c\nmatrix a 2 2\n1 2\n3\n");
}

#[test]
#[should_panic(expected = "inline:1: malformed fixture: vector v needs 3 lines")]
fn truncated_vector_names_the_line() {
    Fixture::parse("inline", "vector v 3\n1.0\n");
}

#[test]
#[should_panic(expected = "inline:2: malformed fixture: cannot read matrix a[(0, 1)] from \"x\"")]
fn bad_number_names_the_line() {
    Fixture::parse("inline", "matrix a 1 2\n1.0 x\n");
}
