//! Inference without a heap: a forward pass that writes into buffers the caller provides.
//!
//! On a microcontroller there may be no allocator at all, and where there is one, a
//! prediction loop that allocates can fragment it. [`feed_forward`] computes what
//! [`Network::predict`](crate::Network::predict) computes — the same operations in the same
//! order, so the same bits — from flat weight slices, into caller-provided slices, and never
//! allocates. The weights can be a [`Network`]'s own (see
//! [`Network::predict_into`](crate::Network::predict_into)) or arrays compiled into the
//! program (see [`Network::to_rust_source`](crate::Network::to_rust_source)).
//!
//! For `m` samples and layer sizes `n_0 … n_L`:
//!
//! ```text
//! input    m × n_0                  row-major, one sample per row
//! W_l      n_{l−1} × n_l            row-major, l = 1 … L
//! a_l      m × n_l = f_l(a_{l−1} · W_l + b_l), written alternately into the two halves of scratch
//! output   m × n_L = a_L
//! scratch  scratch_len(sizes, m) values: nothing for one layer, one hidden layer for two,
//!          two hidden layers (the one read and the one written) for more
//! ```

use alloc::vec;

use crate::maths::view::MatRef;
use crate::network::pass::linear;
use crate::{Activation, Float, Matrix, Network};

/// How many values of scratch [`feed_forward`] needs for `samples` samples through a network
/// of layer sizes `sizes = [n_0, …, n_L]`:
///
/// ```text
/// L = 1:  0
/// L = 2:  m · n_1
/// L ≥ 3:  2 · m · max(n_1, …, n_{L−1})
/// ```
///
/// ```
/// use scratchnet::inference::scratch_len;
/// assert_eq!(scratch_len(&[3, 4, 5, 1], 1), 10); // two buffers of max(4, 5)
/// assert_eq!(scratch_len(&[3, 4, 1], 2), 8);
/// assert_eq!(scratch_len(&[3, 1], 7), 0);
/// ```
///
/// # Panics
/// If the size overflows `usize` (not for any network that fits in memory).
pub fn scratch_len(sizes: &[usize], samples: usize) -> usize {
    let hidden = sizes.get(1..sizes.len().saturating_sub(1)).unwrap_or(&[]);
    let widest = hidden.iter().copied().max().unwrap_or(0);
    let buffers = hidden.len().min(2);
    buffers
        .checked_mul(samples)
        .and_then(|x| x.checked_mul(widest))
        .unwrap_or_else(|| panic!("scratch_len: {samples} samples of {sizes:?} overflow usize"))
}

/// The forward pass `output = σ(… σ(σ(input · W_1) · W_2) … · W_L)` for as many samples as
/// `input` holds, without allocating.
///
/// `sizes` is `[n_0, …, n_L]`, `weights[l − 1]` is `W_l` flattened row by row (`n_{l−1} · n_l`
/// values: a `Matrix`, a `Vec`, an array or a slice). `input.len()` must be a multiple `m · n_0`
/// of `n_0`; `output` gets `m · n_L` values; `scratch` needs at least [`scratch_len`]`(sizes,
/// m)` values, whose contents do not matter before and should be ignored after.
///
/// ```
/// use scratchnet::inference::{feed_forward, scratch_len};
/// // One layer, 2 inputs → 1 output, W = [[0], [0]]: σ(0) = 0.5 for each of two samples.
/// let w1 = [0.0f32, 0.0];
/// let mut output = [0.0f32; 2];
/// feed_forward(&[2, 1], &[w1], &[1.0, 2.0, 3.0, 4.0], &mut [], &mut output);
/// assert_eq!(output, [0.5, 0.5]);
/// ```
///
/// # Panics
/// If `sizes` has fewer than two entries or a zero, if `weights` are not `L` slices of the
/// sizes above, or if a buffer has the wrong length, naming what was expected.
pub fn feed_forward<T: Float, W: AsRef<[T]>>(
    sizes: &[usize],
    weights: &[W],
    input: &[T],
    scratch: &mut [T],
    output: &mut [T],
) {
    let no_biases: &[&[T]] = &[];
    let sigmoid = |_| Activation::Sigmoid;
    run(
        "feed_forward",
        sizes,
        sigmoid,
        weights,
        no_biases,
        input,
        scratch,
        output,
    );
}

/// [`feed_forward`] for any network: layer l applies `activations[l − 1]` and, when `biases`
/// is not empty, adds `biases[l − 1]` (`b_l`, `n_l` values) to every row of `z_l`:
///
/// ```text
/// output = f_L(… f_2(f_1(input · W_1 + b_1) · W_2 + b_2) … · W_L + b_L)
/// ```
///
/// ```
/// use scratchnet::Activation;
/// use scratchnet::inference::feed_forward_layers;
/// // One layer, 2 inputs → 2 outputs, W = I, b = (1, −1), ReLU: (3, 4) ↦ (4, 3).
/// let w1 = [1.0, 0.0, 0.0, 1.0];
/// let b1 = [1.0, -1.0];
/// let mut output = [0.0; 2];
/// feed_forward_layers(&[2, 2], &[Activation::Relu], &[w1], &[b1], &[3.0, 4.0], &mut [], &mut output);
/// assert_eq!(output, [4.0, 3.0]);
/// ```
///
/// # Panics
/// As [`feed_forward`], and if there is not one activation per layer, if softmax is not on
/// the output layer, or if `biases` is neither empty nor `L` slices of `n_l` values.
pub fn feed_forward_layers<T: Float, W: AsRef<[T]>, B: AsRef<[T]>>(
    sizes: &[usize],
    activations: &[Activation],
    weights: &[W],
    biases: &[B],
    input: &[T],
    scratch: &mut [T],
    output: &mut [T],
) {
    assert!(
        activations.len() == weights.len(),
        "feed_forward_layers: {} activations for {} weight matrices, expected one per layer",
        activations.len(),
        weights.len()
    );
    assert!(
        crate::layers::check_activations(activations).is_ok(),
        "feed_forward_layers: softmax before the output layer in {activations:?}"
    );
    let activation = |l: usize| activations[l - 1];
    run(
        "feed_forward_layers",
        sizes,
        activation,
        weights,
        biases,
        input,
        scratch,
        output,
    );
}

/// The forward pass of [`feed_forward_layers`], with layer l's activation `activation(l)`;
/// `op` names the caller in panic messages.
#[allow(clippy::too_many_arguments)]
pub(crate) fn run<T: Float, W: AsRef<[T]>, B: AsRef<[T]>>(
    op: &str,
    sizes: &[usize],
    activation: impl Fn(usize) -> Activation,
    weights: &[W],
    biases: &[B],
    input: &[T],
    scratch: &mut [T],
    output: &mut [T],
) {
    let depth = weights.len();
    assert!(
        sizes.len() == depth + 1 && depth > 0 && !sizes.contains(&0),
        "{op}: sizes {sizes:?} do not describe {depth} weight matrices \
         (expected {} sizes, none 0)",
        depth + 1
    );
    for (l, w) in (1..).zip(weights) {
        let expected = sizes[l - 1] * sizes[l];
        assert!(
            w.as_ref().len() == expected,
            "{op}: W_{l} has {} values, expected {}×{} = {expected}",
            w.as_ref().len(),
            sizes[l - 1],
            sizes[l]
        );
    }
    assert!(
        biases.is_empty() || biases.len() == depth,
        "{op}: {} biases for {depth} layers, expected none or one per layer",
        biases.len()
    );
    for (l, b) in (1..).zip(biases) {
        assert!(
            b.as_ref().len() == sizes[l],
            "{op}: b_{l} has {} values, expected n_{l} = {}",
            b.as_ref().len(),
            sizes[l]
        );
    }
    let (n_0, n_last) = (sizes[0], sizes[depth]);
    assert!(
        input.len().is_multiple_of(n_0),
        "{op}: input has {} values, expected a multiple of n_0 = {n_0}",
        input.len()
    );
    let m = input.len() / n_0;
    assert!(
        output.len() == m * n_last,
        "{op}: output has {} values, expected m·n_L = {m}·{n_last}",
        output.len()
    );
    let needed = scratch_len(sizes, m);
    assert!(
        scratch.len() >= needed,
        "{op}: scratch has {} values, expected at least {needed} (scratch_len)",
        scratch.len()
    );

    // a_l is written into `next` (or, for the last layer, the output); then the two
    // buffers swap, so that `prev` holds a_l for the next layer to read.
    let first = if depth > 2 { needed / 2 } else { needed };
    let (mut next, mut prev) = scratch[..needed].split_at_mut(first);
    for l in 1..=depth {
        let a_prev: &[T] = if l == 1 {
            input
        } else {
            &prev[..m * sizes[l - 1]]
        };
        let a: &mut [T] = if l == depth {
            &mut *output
        } else {
            &mut next[..m * sizes[l]]
        };
        let (n_in, n_out) = (sizes[l - 1], sizes[l]);
        let w = MatRef::row_major(weights[l - 1].as_ref(), n_in, n_out);
        let b = biases.get(l - 1).map(AsRef::as_ref);
        linear(MatRef::row_major(a_prev, m, n_in), w, b, a);
        activation(l).forward_in_place(a, n_out);
        core::mem::swap(&mut next, &mut prev);
    }
}

impl<T: Float> Network<T> {
    /// The prediction `ŷ` for `inputs`, as [`forward_propagation`] computes it, without
    /// storing anything: for using a trained network.
    ///
    /// ```text
    /// ŷ = f_L(… f_2(f_1(X · W_1 + b_1) · W_2 + b_2) … · W_L + b_L)     m × n_L
    /// ```
    ///
    /// # Panics
    /// If `inputs` has no rows or has not `n_0` columns, naming the expected shape.
    ///
    /// [`forward_propagation`]: Network::forward_propagation
    pub fn predict(&self, inputs: &Matrix<T>) -> Matrix<T> {
        self.check_inputs("predict", inputs);
        let m = inputs.rows();
        let mut scratch = vec![T::ZERO; self.scratch_len(m)];
        let mut y_hat = Matrix::zeros(m, self.sizes[self.sizes.len() - 1]);
        self.predict_into(inputs.as_slice(), &mut scratch, y_hat.as_mut_slice());
        y_hat
    }

    /// [`predict`](Network::predict) into buffers the caller provides, without allocating:
    /// for a microcontroller, or a loop that must not touch the heap.
    ///
    /// ```text
    /// input    m × n_0 values, row-major (one sample: n_0 values)
    /// scratch  at least scratch_len(m) values, contents ignored
    /// output   m × n_L values, receives ŷ
    /// ```
    ///
    /// The result has the same bits as `predict`'s; see [`inference::feed_forward_layers`].
    ///
    /// ```
    /// use scratchnet::{Network, XorShift};
    /// let net = Network::new(&[3, 4, 5, 1], &mut XorShift::new(1));
    /// let mut scratch = vec![0.0; net.scratch_len(1)];
    /// let mut y_hat = [0.0];
    /// net.predict_into(&[1.0, 0.0, 1.0], &mut scratch, &mut y_hat);
    /// let x = scratchnet::Matrix::from_rows(&[[1.0, 0.0, 1.0]]);
    /// assert_eq!(y_hat[0], net.predict(&x)[(0, 0)]);
    /// ```
    ///
    /// # Panics
    /// If `input.len()` is not a multiple of `n_0`, or `scratch` or `output` is too short or
    /// `output` too long, naming the expected length.
    ///
    /// [`inference::feed_forward_layers`]: feed_forward_layers
    pub fn predict_into(&self, input: &[T], scratch: &mut [T], output: &mut [T]) {
        run(
            "predict_into",
            &self.sizes,
            |l| self.layer_activations[l - 1],
            &self.weights,
            &self.biases,
            input,
            scratch,
            output,
        );
    }

    /// How many values of scratch [`predict_into`](Network::predict_into) needs for
    /// `samples` samples; see [`inference::scratch_len`](crate::inference::scratch_len).
    pub fn scratch_len(&self, samples: usize) -> usize {
        scratch_len(&self.sizes, samples)
    }
}
