//! [`Float`]: the element type of matrices and networks, `f32` or `f64`.
//!
//! A network trains the same way in either precision; what changes is the size of a number
//! (4 or 8 bytes), its precision (about 7 or 16 significant digits) and the hardware that is
//! fast at it (many microcontrollers have an FPU for `f32` only). Everything in the crate is
//! written once, for any `T: Float`, and `f64` is the default: `Matrix` means `Matrix<f64>`.
//!
//! The trait is small on purpose: the arithmetic operators, a few constants, conversion to
//! and from `f64`, and the functions `core` lacks, from [`math`] in the matching
//! precision (so an `f32` network never computes in `f64`). It is implemented for `f32` and
//! `f64` only and cannot be implemented outside the crate.

use core::fmt::{Debug, Display, LowerExp};
use core::ops::{Add, AddAssign, Div, Mul, MulAssign, Neg, Sub, SubAssign};
use core::str::FromStr;

use crate::math;

mod sealed {
    /// Keeps [`Float`](super::Float) to the two types the crate tests.
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
}

/// A floating-point element type: `f32` or `f64`.
///
/// ```
/// use scratchnet::Float;
///
/// fn sigmoid<T: Float>(z: T) -> T {
///     T::ONE / (T::ONE + (-z).exp())
/// }
/// assert_eq!(sigmoid(0.0f32), 0.5);
/// assert_eq!(sigmoid(0.0f64), 0.5);
/// ```
pub trait Float:
    sealed::Sealed
    + Copy
    + Default
    + PartialEq
    + PartialOrd
    + Debug
    + Display
    + LowerExp
    + FromStr
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + AddAssign
    + SubAssign
    + MulAssign
    + Send
    + Sync
    + 'static
{
    /// 0.
    const ZERO: Self;
    /// 1.
    const ONE: Self;
    /// The type's Rust name, `"f32"` or `"f64"`: for model files and generated code.
    const NAME: &'static str;

    /// The nearest `Self` to `x` (exact for `f64`, rounded to nearest for `f32`).
    fn from_f64(x: f64) -> Self;
    /// `self` as an `f64` (always exact).
    fn to_f64(self) -> f64;
    /// `eˣ`: [`math::exp`] or [`math::expf`].
    fn exp(self) -> Self;
    /// The natural logarithm: [`math::ln`] or [`math::lnf`].
    fn ln(self) -> Self;
    /// The square root, correctly rounded: [`math::sqrt`] or [`math::sqrtf`].
    fn sqrt(self) -> Self;
    /// `|self|`.
    fn abs(self) -> Self;
    /// Neither infinite nor NaN.
    fn is_finite(self) -> bool;
    /// Not a number.
    fn is_nan(self) -> bool;
    /// The sign bit is set (true for −0.0 and negative NaNs).
    fn is_sign_negative(self) -> bool;
}

/// Implements [`Float`] for one primitive type, with its own `math` functions.
macro_rules! float {
    ($t:ident, $exp:path, $ln:path, $sqrt:path) => {
        impl Float for $t {
            const ZERO: $t = 0.0;
            const ONE: $t = 1.0;
            const NAME: &'static str = stringify!($t);

            #[allow(clippy::cast_possible_truncation, trivial_numeric_casts)]
            #[inline]
            fn from_f64(x: f64) -> $t {
                x as $t
            }
            #[allow(trivial_numeric_casts)]
            #[inline]
            fn to_f64(self) -> f64 {
                self as f64
            }
            #[inline]
            fn exp(self) -> $t {
                $exp(self)
            }
            #[inline]
            fn ln(self) -> $t {
                $ln(self)
            }
            #[inline]
            fn sqrt(self) -> $t {
                $sqrt(self)
            }
            #[inline]
            fn abs(self) -> $t {
                $t::abs(self)
            }
            #[inline]
            fn is_finite(self) -> bool {
                $t::is_finite(self)
            }
            #[inline]
            fn is_nan(self) -> bool {
                $t::is_nan(self)
            }
            #[inline]
            fn is_sign_negative(self) -> bool {
                $t::is_sign_negative(self)
            }
        }
    };
}

float!(f32, math::expf, math::lnf, math::sqrtf);
float!(f64, math::exp, math::ln, math::sqrt);
