//! `Display` for [`Matrix`] in numpy's style, so that our output can be read beside the post's.
//!
//! ```text
//! [[ 0.02039406]
//!  [ 0.96795662]]
//! ```
//!
//! This is what `print(a)` shows after `np.set_printoptions(sign=' ')`, numpy's own choice of
//! layout (the post's numpy printed this way by default), for arrays of any size: no line is
//! wrapped and nothing is elided with `...`. The rules, taken from numpy's `FloatingFormat`:
//!
//! * Every number is printed with the fewest digits that read back as the same `f64`, but at
//!   most 8 after the point (rounded), and a bare point for whole numbers: `0.5`, `1.`.
//! * Scientific notation (`1.5e-05`) is used for the whole matrix when a non-zero |x| is
//!   ≥ 10⁸ or < 10⁻⁴, or the largest non-zero |x| exceeds 1000 × the smallest. Then every
//!   number gets as many digits after the point as the longest needs, and the exponent has at
//!   least two digits.
//! * Columns line up: numbers are padded on the left to the widest integer part, and in fixed
//!   notation on the right to the longest fraction. One space is kept for a minus sign when no
//!   number is negative (`-0.0` counts as negative).
//! * `nan`, `inf` and `-inf` are right-aligned in the same width; an empty matrix is `[]`.

use alloc::format;
use alloc::string::String;
use core::fmt::{self, Write};

use crate::{Float, Matrix};

/// numpy's default `precision`: digits after the point, at most.
const PRECISION: usize = 8;

/// One finite number split into the parts numpy lines up.
struct Parts {
    /// `-` or nothing; the sign of `-0.0` is kept.
    negative: bool,
    /// Fixed: the digits before the point. Scientific: the one digit before it.
    int: String,
    /// The digits after the point, without trailing zeros.
    frac: String,
    /// Scientific only: the power of ten.
    exp: i32,
}

impl Parts {
    /// Digits of |x| with `{}` or `{:e}` (shortest round-trip), or, when that needs more than
    /// [`PRECISION`] digits after the point, rounded to `PRECISION` and trimmed of zeros.
    fn new<T: Float>(x: T, scientific: bool) -> Parts {
        let magnitude = x.abs();
        let shortest = if scientific {
            format!("{magnitude:e}")
        } else {
            format!("{magnitude}")
        };
        let mut text = shortest;
        if Parts::split(&text).1.len() > PRECISION {
            text = if scientific {
                format!("{magnitude:.PRECISION$e}")
            } else {
                format!("{magnitude:.PRECISION$}")
            };
        }
        let (int, frac, exp) = Parts::split(&text);
        Parts {
            negative: x.is_sign_negative(),
            int: String::from(int),
            frac: String::from(frac.trim_end_matches('0')),
            exp,
        }
    }

    /// `"12.50"` → `("12", "50", 0)`, `"1.5e-5"` → `("1", "5", -5)`, `"3"` → `("3", "", 0)`.
    fn split(text: &str) -> (&str, &str, i32) {
        let (mantissa, exp) = match text.split_once('e') {
            Some((mantissa, exp)) => (mantissa, exp.parse().unwrap_or(0)),
            None => (text, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        (int, frac, exp)
    }

    /// Length of the integer part with its sign.
    fn signed_int_len(&self) -> usize {
        self.int.len() + usize::from(self.negative)
    }
}

/// The layout shared by every number of one matrix, chosen from all of them at once.
struct Layout {
    scientific: bool,
    /// Width of the sign and the integer part.
    pad_left: usize,
    /// Fixed: width of the fraction. Scientific: digits after the point, for every number.
    pad_right: usize,
    /// Scientific only: digits of the exponent.
    exp_digits: usize,
}

impl Layout {
    fn new<T: Float>(values: &[T]) -> Layout {
        let finite = || values.iter().copied().filter(|x| x.is_finite());
        let non_zero = || finite().filter(|&x| x != T::ZERO).map(|x| x.to_f64().abs());
        let max = non_zero().fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x))));
        let min = non_zero().fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.min(x))));
        let scientific = match (min, max) {
            (Some(min), Some(max)) => max >= 1e8 || min < 1e-4 || max / min > 1e3,
            _ => false,
        };

        let mut layout = Layout {
            scientific,
            pad_left: 0,
            pad_right: 0,
            exp_digits: 0,
        };
        for x in finite() {
            let parts = Parts::new(x, scientific);
            layout.pad_left = layout.pad_left.max(parts.signed_int_len());
            layout.pad_right = layout.pad_right.max(parts.frac.len());
            layout.exp_digits = layout.exp_digits.max(decimal_digits(parts.exp).max(2));
        }
        if !finite().any(T::is_sign_negative) {
            layout.pad_left += 1;
        }
        if values.iter().any(|x| !x.is_finite()) {
            // "-inf" must fit in the width of a number, pad_left + '.' + the rest.
            let rest = if scientific {
                layout.pad_right + 2 + layout.exp_digits
            } else {
                layout.pad_right
            };
            layout.pad_left = layout.pad_left.max(4usize.saturating_sub(rest + 1));
        }
        layout
    }

    /// Writes `x` in this layout.
    fn write<T: Float>(&self, f: &mut fmt::Formatter<'_>, x: T) -> fmt::Result {
        if !x.is_finite() {
            let text = if x.is_nan() {
                "nan"
            } else if x > T::ZERO {
                "inf"
            } else {
                "-inf"
            };
            let rest = if self.scientific {
                self.pad_right + 2 + self.exp_digits
            } else {
                self.pad_right
            };
            return write!(f, "{text:>width$}", width = self.pad_left + 1 + rest);
        }
        let parts = Parts::new(x, self.scientific);
        let sign = if parts.negative { "-" } else { "" };
        let int = format!("{sign}{}", parts.int);
        write!(f, "{int:>width$}.", width = self.pad_left)?;
        if self.scientific {
            let exp_sign = if parts.exp < 0 { '-' } else { '+' };
            write!(
                f,
                "{:0<p$}e{exp_sign}{:0>e$}",
                parts.frac,
                parts.exp.unsigned_abs(),
                p = self.pad_right,
                e = self.exp_digits
            )
        } else {
            write!(f, "{:<p$}", parts.frac, p = self.pad_right)
        }
    }
}

/// Number of decimal digits of |e| (1 for 0).
fn decimal_digits(e: i32) -> usize {
    let mut digits = 1;
    let mut rest = e.unsigned_abs() / 10;
    while rest > 0 {
        digits += 1;
        rest /= 10;
    }
    digits
}

/// numpy's `print(a)` for a 2-D array, with `sign=' '`; see the module documentation.
///
/// ```
/// use scratchnet::Matrix;
/// let y_hat = Matrix::from_rows(&[[0.02039406], [0.96795662]]);
/// assert_eq!(y_hat.to_string(), "[[ 0.02039406]\n [ 0.96795662]]");
/// let m = Matrix::from_rows(&[[1., -0.5], [0.25, 2.]]);
/// assert_eq!(m.to_string(), "[[ 1.   -0.5 ]\n [ 0.25  2.  ]]");
/// ```
impl<T: Float> fmt::Display for Matrix<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.as_slice().is_empty() {
            return f.write_str("[]");
        }
        let layout = Layout::new(self.as_slice());
        f.write_char('[')?;
        for i in 0..self.rows() {
            if i > 0 {
                f.write_str("\n ")?;
            }
            f.write_char('[')?;
            for (j, &x) in self.row(i).iter().enumerate() {
                if j > 0 {
                    f.write_char(' ')?;
                }
                layout.write(f, x)?;
            }
            f.write_char(']')?;
        }
        f.write_char(']')
    }
}
