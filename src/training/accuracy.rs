//! What an epoch's accuracy means: the kind of labels ([`LabelKind`]) and how many
//! predictions match them.

use crate::matrix::argmax_row;
use crate::{Float, Matrix};

/// What the labels are, if classes, and so what accuracy means.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum LabelKind {
    /// Every row is one-hot (n_L ≥ 2): the predicted class is the largest output
    /// ([`data::argmax`](crate::data::argmax)'s choice).
    OneHot,
    /// One column of 0s and 1s: the predicted class is `ŷ ≥ ½`.
    Binary,
}

impl LabelKind {
    /// What `labels` are, if classes.
    pub(super) fn of<T: Float>(labels: &Matrix<T>) -> Option<LabelKind> {
        let is_bit = |y: T| y == T::ZERO || y == T::ONE;
        let cols = labels.cols();
        if cols == 1 && labels.as_slice().iter().all(|&y| is_bit(y)) {
            return Some(LabelKind::Binary);
        }
        let one_hot = |row: &[T]| {
            row.iter().all(|&y| is_bit(y)) && row.iter().filter(|&&y| y == T::ONE).count() == 1
        };
        let rows = labels.as_slice().chunks_exact(cols);
        (cols >= 2 && rows.into_iter().all(one_hot)).then_some(LabelKind::OneHot)
    }

    /// How many rows of `y_hat` predict the class of the same row of `y` (both m × `cols`).
    pub(super) fn correct<T: Float>(self, y_hat: &[T], y: &[T], cols: usize) -> usize {
        let rows = y_hat.chunks_exact(cols).zip(y.chunks_exact(cols));
        match self {
            LabelKind::Binary => rows
                .filter(|(y_hat, y)| (y_hat[0] >= T::from_f64(0.5)) == (y[0] == T::ONE))
                .count(),
            LabelKind::OneHot => rows
                .filter(|(y_hat, y)| argmax_row(y_hat) == argmax_row(y))
                .count(),
        }
    }
}
