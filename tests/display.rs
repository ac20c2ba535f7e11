//! `impl Display for Matrix` against numpy's `print`.
//!
//! Where the text comes from: `tests/reference/display.txt`, written by
//! `tests/reference/generate.py` (regenerate with `python3 tests/reference/generate.py`). Each
//! case is a matrix and what numpy prints for it after
//! `np.set_printoptions(sign=' ', linewidth=10**9, threshold=10**9)`, that is precision 8 in
//! the default `'maxprec'` float mode, never wrapped, never summarised. The text must match
//! exactly, byte for byte.
//!
//! What the cases pin (numpy 2.4):
//! - `sign=' '` reserves a column for the sign only when no finite element has its sign bit
//!   set: `[[ 0.  1.]]`, but `[[-0.  1.]]` and `[[12345678.   -30000.]]`.
//! - Fixed notation pads every element to one width: digits on the left, and on the right as
//!   many decimals as the longest element needs, at most 8: `[[ 0.5   0.25]]`, and
//!   0.7504511958… prints as `0.7504512 ` (rounded to 8 decimals, the trailing zero dropped
//!   and replaced by a space); integer values keep the point (`1.`).
//! - Scientific notation when the largest magnitude is ≥ 1e8, the smallest nonzero one is
//!   < 1e-4, or their ratio is > 1e3 (zeros are left out): `[[ 1.e+08]]`, `[[ 0.e+00  1.e-05]]`;
//!   exponents are padded to the widest: `[[ 1.e+100  1.e+005 -1.e-300]]`.
//! - `nan`, `inf` and `-inf` are right-aligned to the common width: `[[    nan  1.e-05  1.e+00]]`.
//! - Every empty shape (0×3, 3×0, 0×0) prints `[]`.

mod common;

use common::Fixture;

#[test]
fn display_matches_numpy() {
    let fixture = Fixture::load("display.txt");
    let cases = fixture.texts();
    assert!(!cases.is_empty(), "{}: no cases", fixture.path().display());

    let mut failures = Vec::new();
    for case in cases {
        let m = fixture.matrix(&case.matrix);
        let got = format!("{m}");
        if got != case.text {
            failures.push(format!(
                "{} ({}, {}×{}):\n  got  {:?}\n  want {:?}",
                case.matrix,
                fixture.location(case.line),
                m.rows(),
                m.cols(),
                got,
                case.text
            ));
        }
    }
    println!(
        "{}: {} of {} cases match numpy",
        fixture.path().display(),
        cases.len() - failures.len(),
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from numpy:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
