//! The post's network: layers of sigmoid neurons joined by weight matrices, no biases,
//! trained by full-batch gradient descent on `J = Σ ½(y − ŷ)²`.
//!
//! Shapes, for a network of layer sizes `n_0, n_1, …, n_L` and `m` samples:
//!
//! ```text
//! X = a_0   m × n_0        one sample per row (the post: 4 × 3)
//! W_l       n_{l−1} × n_l  weights from layer l−1 to layer l, l = 1 … L
//! z_l, a_l  m × n_l        pre- and post-activation of layer l
//! ŷ = a_L   m × n_L        the prediction; labels y have this shape too
//! ```
//!
//! In code the layers are counted from 0 (`weights[0]` is the post's `w1`); the crate-level
//! documentation has the full map from the post's names to ours.

use alloc::vec;
use alloc::vec::Vec;

use crate::activation::sigmoid_prime;
use crate::inference;
mod training;

use training::Workspace;

use crate::model::{self, LoadError};
use crate::{Error, Float, Matrix, NewMatrix, XorShift};

/// A fully connected feed-forward network of sigmoid layers, without biases, as in the post.
///
/// It owns one weight matrix per gap between layers and, like the post's class, remembers the
/// `z` and `a` of every layer from the last [`forward_propagation`] for use by
/// [`backpropagation`].
///
/// The element type is any [`Float`]: `Network` alone means `Network<f64>`;
/// `Network<f32>` computes in single precision throughout.
///
/// ```
/// use scratchnet::{Matrix, Network, XorShift};
///
/// let x = Matrix::from_rows(&[[0., 0., 1.], [1., 1., 1.], [1., 0., 1.], [0., 1., 1.]]);
/// let y = Matrix::from_rows(&[[0.], [1.], [1.], [0.]]);
/// let mut net = Network::new(&[3, 4, 5, 1], &mut XorShift::new(1));
/// let costs = net.train(&x, &y, 1000, 0.5);
/// assert!(costs[999] < costs[0]);
/// ```
///
/// [`forward_propagation`]: Network::forward_propagation
/// [`backpropagation`]: Network::backpropagation
#[derive(Debug, Clone, PartialEq)]
pub struct Network<T = f64> {
    /// `[n_0, …, n_L]`, read off the weights' shapes once, so that inference needs no
    /// allocation to know them.
    sizes: Vec<usize>,
    /// `weights[l − 1]` is `W_l`, of shape `n_{l−1} × n_l`.
    weights: Vec<Matrix<T>>,
    /// `zs[l − 1]` is `z_l = a_{l−1} · W_l` (m × n_l) from the last forward pass.
    zs: Vec<Matrix<T>>,
    /// `activations[l − 1]` is `a_l = σ(z_l)` (m × n_l) from the last forward pass.
    activations: Vec<Matrix<T>>,
}

/// The constructors of [`Network`] for any element type:
/// `Network::<f32>::new(&[3, 4, 5, 1], &mut rng)`.
///
/// As with [`NewMatrix`], Rust cannot tell the element type from `Network::new(…)` or
/// `Network::from_weights(vec![])`, so `Network<f64>` has these as inherent functions (no
/// annotation needed) and this trait, in the [`prelude`](crate::prelude), provides them for
/// every [`Float`]. The `f32` network from a seed has the `f64` network's weights, rounded.
///
/// ```
/// use scratchnet::{Network, NewNetwork, XorShift};
/// let net = Network::<f32>::new(&[3, 4, 5, 1], &mut XorShift::new(1));
/// let net64 = Network::new(&[3, 4, 5, 1], &mut XorShift::new(1));
/// assert_eq!(net.weights()[0], net64.weights()[0].cast::<f32>());
/// ```
pub trait NewNetwork: Sized {
    /// The element type.
    type Element;

    /// A network with the given layer sizes and N(0, 1) weights; see [`Network::new`].
    ///
    /// # Panics
    /// If there are fewer than two sizes (an input and an output layer) or a size is 0.
    fn new(sizes: &[usize], rng: &mut XorShift) -> Self;

    /// A network with the given weight matrices, checked; see [`Network::from_weights`].
    ///
    /// # Errors
    /// [`Error::NoLayers`], [`Error::EmptyLayer`], [`Error::WeightsDoNotChain`] or
    /// [`Error::NonFinite`], naming the matrix.
    fn from_weights(weights: Vec<Matrix<Self::Element>>) -> Result<Self, Error>;

    /// A network read from a model file written by [`Network::save`]; see [`Network::load`].
    ///
    /// # Errors
    /// A [`LoadError`] naming the line and what was wrong with it.
    fn load(text: &str) -> Result<Self, LoadError>;
}

impl<T: Float> NewNetwork for Network<T> {
    type Element = T;

    fn new(sizes: &[usize], rng: &mut XorShift) -> Network<T> {
        assert!(
            sizes.len() >= 2,
            "Network::new: got {} layer sizes, expected at least 2 (input and output)",
            sizes.len()
        );
        if let Some(l) = sizes.iter().position(|&n| n == 0) {
            panic!("Network::new: layer {l} has size 0, expected every layer to have ≥ 1 neuron");
        }
        let weights = sizes
            .windows(2)
            .map(|pair| Matrix::<T>::randn(pair[0], pair[1], rng))
            .collect();
        Network::with_weights(weights)
    }

    fn from_weights(weights: Vec<Matrix<T>>) -> Result<Network<T>, Error> {
        if weights.is_empty() {
            return Err(Error::NoLayers);
        }
        for (l, w) in (1..).zip(&weights) {
            if w.rows() == 0 || w.cols() == 0 {
                return Err(Error::EmptyLayer {
                    layer: l,
                    shape: w.shape(),
                });
            }
            if l > 1 {
                let expected_rows = weights[l - 2].cols();
                if w.rows() != expected_rows {
                    return Err(Error::WeightsDoNotChain {
                        layer: l,
                        shape: w.shape(),
                        expected_rows,
                    });
                }
            }
            if let Some(at) = w.as_slice().iter().position(|x| !x.is_finite()) {
                return Err(Error::NonFinite {
                    layer: l,
                    row: at / w.cols(),
                    col: at % w.cols(),
                });
            }
        }
        Ok(Network::with_weights(weights))
    }

    fn load(text: &str) -> Result<Network<T>, LoadError> {
        model::load(text)
    }
}

impl Network<f64> {
    /// A network with the given layer sizes `[n_0, n_1, …, n_L]` and every weight drawn from
    /// N(0, 1), as the post's `np.random.randn(n_{l−1}, n_l)`. `W_1` is drawn first, row by row.
    ///
    /// ```
    /// use scratchnet::{Network, XorShift};
    /// let net = Network::new(&[3, 4, 5, 1], &mut XorShift::new(1));
    /// assert_eq!(net.sizes(), vec![3, 4, 5, 1]);
    /// assert_eq!(net.weights()[1].shape(), (4, 5)); // the post's w2
    /// ```
    ///
    /// # Panics
    /// If there are fewer than two sizes (an input and an output layer) or a size is 0.
    pub fn new(sizes: &[usize], rng: &mut XorShift) -> Network<f64> {
        NewNetwork::new(sizes, rng)
    }

    /// A network with the given weight matrices `[W_1, …, W_L]`, checked before use: for
    /// weights that come from outside (a file, another program, a numpy reference).
    ///
    /// ```
    /// use scratchnet::{Error, Matrix, Network};
    /// let w1 = Matrix::zeros(3, 4);
    /// let w2 = Matrix::zeros(5, 1); // should be 4 × something
    /// let err = Network::from_weights(vec![w1, w2]).unwrap_err();
    /// assert_eq!(err, Error::WeightsDoNotChain { layer: 2, shape: (5, 1), expected_rows: 4 });
    /// assert_eq!(
    ///     err.to_string(),
    ///     "weight matrix w2 is 5×1, but w1 has 4 columns: w2 must have 4 rows"
    /// );
    /// ```
    ///
    /// # Errors
    /// [`Error::NoLayers`] for an empty list, [`Error::EmptyLayer`] for a matrix with no rows
    /// or columns, [`Error::WeightsDoNotChain`] when `W_l` has not as many rows as `W_{l−1}`
    /// has columns, [`Error::NonFinite`] for a NaN or infinite weight.
    pub fn from_weights(weights: Vec<Matrix<f64>>) -> Result<Network<f64>, Error> {
        NewNetwork::from_weights(weights)
    }

    /// A network read from a model file written by [`Network::save`]: the text format is
    /// described in [`model`](crate::model). Loading untrusted text never panics.
    ///
    /// ```
    /// use scratchnet::{Network, XorShift};
    /// let net = Network::new(&[3, 4, 1], &mut XorShift::new(1));
    /// let mut text = String::new();
    /// net.save(&mut text).unwrap();
    /// assert_eq!(Network::load(&text).unwrap(), net);
    /// ```
    ///
    /// # Errors
    /// A [`LoadError`] naming the line and what was wrong with it.
    pub fn load(text: &str) -> Result<Network<f64>, LoadError> {
        NewNetwork::load(text)
    }
}

impl<T: Float> Network<T> {
    /// A network around weights already known to chain, with no forward pass stored.
    fn with_weights(weights: Vec<Matrix<T>>) -> Network<T> {
        let mut sizes = Vec::with_capacity(weights.len() + 1);
        sizes.push(weights[0].rows());
        sizes.extend(weights.iter().map(Matrix::cols));
        Network {
            sizes,
            weights,
            zs: Vec::new(),
            activations: Vec::new(),
        }
    }

    /// The weight matrices `[W_1, …, W_L]`; `W_l` is `n_{l−1} × n_l`.
    pub fn weights(&self) -> &[Matrix<T>] {
        &self.weights
    }

    /// The same network in another element type, every weight converted to the nearest `U`
    /// (see [`Matrix::cast`]); no forward pass is stored. Train in `f64`, run in `f32`:
    ///
    /// ```
    /// use scratchnet::{Network, XorShift};
    /// let net = Network::new(&[3, 4, 1], &mut XorShift::new(1));
    /// let small: Network<f32> = net.cast();
    /// assert_eq!(small.weights()[0], net.weights()[0].cast::<f32>());
    /// ```
    pub fn cast<U: Float>(&self) -> Network<U> {
        Network::with_weights(self.weights.iter().map(Matrix::cast).collect())
    }

    /// The layer sizes `[n_0, n_1, …, n_L]`, read off the weights' shapes.
    pub fn sizes(&self) -> &[usize] {
        &self.sizes
    }

    /// `[z_1, …, z_L]` from the last [`forward_propagation`](Network::forward_propagation)
    /// (empty before the first): the post's `z2, z3, z4`.
    pub fn zs(&self) -> &[Matrix<T>] {
        &self.zs
    }

    /// `[a_1, …, a_L]` from the last [`forward_propagation`](Network::forward_propagation)
    /// (empty before the first): the post's `a2, a3` and the prediction.
    pub fn activations(&self) -> &[Matrix<T>] {
        &self.activations
    }

    /// Passes the inputs through every layer and returns the prediction `ŷ`, keeping every
    /// `z_l` and `a_l` for [`backpropagation`](Network::backpropagation).
    ///
    /// ```text
    /// a_0 = X                         m × n_0
    /// z_l = a_{l−1} · W_l             m × n_l      for l = 1 … L
    /// a_l = σ(z_l)                    m × n_l
    /// ŷ   = a_L                       m × n_L
    /// ```
    ///
    /// ```
    /// use scratchnet::{Matrix, Network};
    /// // One layer, two inputs, one output, weights 0: σ(0) = 0.5 for every sample.
    /// let mut net = Network::from_weights(vec![Matrix::zeros(2, 1)]).unwrap();
    /// let y_hat = net.forward_propagation(&Matrix::from_rows(&[[1., 2.], [3., 4.]]));
    /// assert_eq!(y_hat, Matrix::from_rows(&[[0.5], [0.5]]));
    /// ```
    ///
    /// # Panics
    /// If `inputs` has no rows or has not `n_0` columns, naming the expected shape.
    pub fn forward_propagation(&mut self, inputs: &Matrix<T>) -> Matrix<T> {
        self.check_inputs("forward_propagation", inputs);
        self.forward_in_place(inputs);
        self.activations[self.activations.len() - 1].clone()
    }

    /// The prediction `ŷ` for `inputs`, as [`forward_propagation`] computes it, without
    /// storing anything: for using a trained network.
    ///
    /// ```text
    /// ŷ = σ(… σ(σ(X · W_1) · W_2) … · W_L)         m × n_L
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
        let mut y_hat = Matrix::<T>::zeros(m, self.sizes[self.sizes.len() - 1]);
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
    /// The result has the same bits as `predict`'s; see [`inference::feed_forward`].
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
    /// [`inference::feed_forward`]: crate::inference::feed_forward
    pub fn predict_into(&self, input: &[T], scratch: &mut [T], output: &mut [T]) {
        inference::feed_forward(&self.sizes, &self.weights, input, scratch, output);
    }

    /// How many values of scratch [`predict_into`](Network::predict_into) needs for
    /// `samples` samples; see [`inference::scratch_len`](crate::inference::scratch_len).
    pub fn scratch_len(&self, samples: usize) -> usize {
        inference::scratch_len(&self.sizes, samples)
    }

    /// The post's cost: half the sum of squared errors over every element.
    ///
    /// ```text
    /// J = Σᵢⱼ ½ (yᵢⱼ − ŷᵢⱼ)²        prediction ŷ and actual y are both m × n_L
    /// ```
    ///
    /// The post calls this the Mean Squared Error, but it is *half the sum*, not the mean:
    /// the ½ cancels the 2 of the derivative, `∂J/∂ŷ = −(y − ŷ)`. The formula is kept as the
    /// post has it, because every number the post prints depends on it.
    ///
    /// ```
    /// use scratchnet::{Matrix, Network};
    /// let y_hat = Matrix::from_rows(&[[0.5], [1.0]]);
    /// let y = Matrix::from_rows(&[[1.5], [1.0]]);
    /// assert_eq!(Network::compute_cost(&y_hat, &y), 0.5); // ½·1² + ½·0²
    /// ```
    ///
    /// # Panics
    /// If the two shapes differ, naming both.
    pub fn compute_cost(prediction: &Matrix<T>, actual: &Matrix<T>) -> T {
        assert!(
            prediction.shape() == actual.shape(),
            "compute_cost: prediction is {}×{} but actual is {}×{}, expected the same shape",
            prediction.rows(),
            prediction.cols(),
            actual.rows(),
            actual.cols()
        );
        let half = T::from_f64(0.5);
        let pairs = actual.as_slice().iter().zip(prediction.as_slice());
        pairs.fold(T::ZERO, |cost, (&y, &y_hat)| {
            let e = y - y_hat;
            cost + half * (e * e)
        })
    }

    /// The gradient of the cost with respect to every weight matrix, `[∂J/∂W_1, …, ∂J/∂W_L]`,
    /// by the chain rule from the output back to the input, using the `z`s and `a`s that the
    /// last [`forward_propagation`] stored.
    ///
    /// ```text
    /// δ_L       = −(y − ŷ) ⊙ σ′(z_L)                 m × n_L
    /// ∂J/∂W_l   = a_{l−1}ᵀ · δ_l                     n_{l−1} × n_l  (the shape of W_l)
    /// δ_{l−1}   = (δ_l · W_lᵀ) ⊙ σ′(z_{l−1})         m × n_{l−1}
    /// ```
    ///
    /// `δ_l = ∂J/∂z_l` is the error of layer l: how much the cost changes as each neuron's
    /// input changes. Each line undoes one line of the forward pass: `z_l = a_{l−1} · W_l`
    /// gives both `∂J/∂W_l` and `∂J/∂a_{l−1} = δ_l · W_lᵀ`, and `a = σ(z)` multiplies by σ′.
    ///
    /// ```
    /// use scratchnet::{Matrix, Network};
    /// // One neuron, one input x = 1, weight 0: ŷ = σ(0) = ½, label 1.
    /// // δ = −(1 − ½)·σ′(0) = −½·¼ = −⅛, and ∂J/∂W = xᵀ·δ = −⅛.
    /// let mut net = Network::from_weights(vec![Matrix::zeros(1, 1)]).unwrap();
    /// let x = Matrix::from_rows(&[[1.0]]);
    /// let y = Matrix::from_rows(&[[1.0]]);
    /// let y_hat = net.forward_propagation(&x);
    /// let d_w = net.backpropagation(&x, &y, &y_hat);
    /// assert_eq!(d_w, vec![Matrix::from_rows(&[[-0.125]])]);
    /// ```
    ///
    /// # Panics
    /// If no forward pass of these `inputs` is stored (call [`forward_propagation`] first), or
    /// `labels` or `predictions` is not `m × n_L`, naming the expected shape.
    ///
    /// [`forward_propagation`]: Network::forward_propagation
    pub fn backpropagation(
        &self,
        inputs: &Matrix<T>,
        labels: &Matrix<T>,
        predictions: &Matrix<T>,
    ) -> Vec<Matrix<T>> {
        self.check_inputs("backpropagation", inputs);
        self.check_labels("backpropagation", "labels", inputs, labels);
        self.check_labels("backpropagation", "predictions", inputs, predictions);
        let depth = self.weights.len();
        assert!(
            self.zs.len() == depth && self.zs[0].rows() == inputs.rows(),
            "backpropagation: no forward pass of these {} samples is stored; \
             call forward_propagation(&inputs) first",
            inputs.rows()
        );

        let mut d_ws = Vec::with_capacity(depth);
        let mut delta = (-(labels - predictions)).hadamard(&self.zs[depth - 1].map(sigmoid_prime));
        for l in (0..depth).rev() {
            let a_prev = if l == 0 {
                inputs
            } else {
                &self.activations[l - 1]
            };
            d_ws.push(a_prev.transpose().dot(&delta));
            if l > 0 {
                delta = delta
                    .dot(&self.weights[l].transpose())
                    .hadamard(&self.zs[l - 1].map(sigmoid_prime));
            }
        }
        d_ws.reverse();
        d_ws
    }

    /// Full-batch gradient descent, as the post's `train`: returns the cost of every epoch.
    ///
    /// ```text
    /// for each epoch:
    ///     ŷ = forward_propagation(X)
    ///     J = compute_cost(ŷ, y)            recorded: the cost *before* this epoch's update
    ///     ∂J/∂W_1 … ∂J/∂W_L = backpropagation(X, y, ŷ)
    ///     W_l ← W_l − η · ∂J/∂W_l           η = learning_rate, for every l
    /// ```
    ///
    /// The steps run in buffers made before the first epoch (`network/training.rs`), with the
    /// same bits as the loop above. So after the first epoch an epoch allocates nothing, as
    /// long as its products run on one thread: a product large enough for several threads
    /// (see [`gemm`](crate::gemm)) starts them, and starting a thread allocates. Without `std`
    /// the packed product takes a fresh packing buffer for each product it packs.
    ///
    /// ```
    /// use scratchnet::{post, Network, XorShift};
    /// let mut net = Network::new(&post::SIZES, &mut XorShift::new(post::SEED));
    /// let costs = net.train(&post::inputs(), &post::labels(), 2000, post::LEARNING_RATE);
    /// assert_eq!(costs.len(), 2000);
    /// assert!(costs[1999] < costs[0] / 10.0);
    /// ```
    ///
    /// # Panics
    /// If `inputs` has no rows or has not `n_0` columns, or `labels` is not `m × n_L`,
    /// naming the expected shape.
    pub fn train(
        &mut self,
        inputs: &Matrix<T>,
        labels: &Matrix<T>,
        epochs: usize,
        learning_rate: T,
    ) -> Vec<T> {
        self.check_inputs("train", inputs);
        self.check_labels("train", "labels", inputs, labels);
        let mut costs = Vec::with_capacity(epochs);
        let mut workspace = Workspace::new(&self.sizes, inputs.rows());
        for _ in 0..epochs {
            self.forward_in_place(inputs);
            let predictions = &self.activations[self.activations.len() - 1];
            costs.push(Network::compute_cost(predictions, labels));
            self.backpropagate_into(inputs, labels, &mut workspace);
            self.descend(&workspace, learning_rate);
        }
        costs
    }

    /// Panics unless `inputs` is `m × n_0` with m ≥ 1.
    fn check_inputs(&self, op: &str, inputs: &Matrix<T>) {
        let n_0 = self.weights[0].rows();
        assert!(
            inputs.rows() > 0 && inputs.cols() == n_0,
            "{op}: inputs are {}×{}, expected m×{n_0} with m ≥ 1 (one row per sample, \
             one column per input neuron)",
            inputs.rows(),
            inputs.cols()
        );
    }

    /// Panics unless `labels` (or what `what` names) is `m × n_L`, m being `inputs`' rows.
    fn check_labels(&self, op: &str, what: &str, inputs: &Matrix<T>, labels: &Matrix<T>) {
        let expected = (inputs.rows(), self.weights[self.weights.len() - 1].cols());
        assert!(
            labels.shape() == expected,
            "{op}: {what} are {}×{}, expected {}×{} (one row per sample, one column per output neuron)",
            labels.rows(),
            labels.cols(),
            expected.0,
            expected.1
        );
    }
}

/// Runs in both builds (`cargo test --no-default-features --lib` is the `no_std` one): the
/// post's training against the numpy reference, so the crate's own `math` is checked to give
/// the same run without `std`. `tests/numpy_reference.rs` checks much more, in the std build.
#[cfg(test)]
mod tests {
    use super::*;

    /// The numbers of block `header` (e.g. `"matrix w1 3 4"`) of the numpy fixture.
    fn block(fixture: &str, header: &str) -> Vec<f64> {
        let mut lines = fixture.lines().skip_while(|line| !line.starts_with(header));
        let count: usize = match header.split(' ').collect::<Vec<_>>()[..] {
            ["matrix", _, rows, _] => rows.parse().unwrap(),
            ["vector", _, len] => len.parse().unwrap(),
            _ => panic!("unknown header {header}"),
        };
        assert!(lines.next().is_some(), "no block {header}");
        lines
            .take(count)
            .flat_map(|line| line.split(' ').map(|x| x.parse::<f64>().unwrap()))
            .collect()
    }

    #[test]
    fn the_posts_training_matches_numpy_in_this_build() {
        let fixture = include_str!("../tests/reference/post.txt");
        let shapes = [(3, 4), (4, 5), (5, 1)];
        let weights = shapes
            .iter()
            .enumerate()
            .map(|(l, &(r, c))| {
                let data = block(fixture, &alloc::format!("matrix w{} {r} {c}", l + 1));
                Matrix::from_vec(r, c, data)
            })
            .collect();
        let mut net = Network::from_weights(weights).unwrap();
        let costs = net.train(&crate::post::inputs(), &crate::post::labels(), 5000, 0.1);
        let want = block(fixture, "vector costs 5000");
        assert_eq!(costs.len(), want.len());
        for (epoch, (got, want)) in costs.iter().zip(&want).enumerate() {
            let relative = (got - want).abs() / want.abs();
            assert!(relative < 1e-10, "epoch {epoch}: got {got}, numpy {want}");
        }
    }
}
