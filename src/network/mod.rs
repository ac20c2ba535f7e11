//! The post's network — layers of sigmoid neurons joined by weight matrices, no biases,
//! trained by full-batch gradient descent on `J = Σ ½(y − ŷ)²` — and what a real data set
//! needs beyond it: a choice of [`Activation`] per layer, biases, other losses ([`Layers`],
//! [`Loss`]).
//!
//! Shapes, for a network of layer sizes `n_0, n_1, …, n_L` and `m` samples:
//!
//! ```text
//! X = a_0   m × n_0        one sample per row (the post: 4 × 3)
//! W_l       n_{l−1} × n_l  weights from layer l−1 to layer l, l = 1 … L
//! b_l       1 × n_l        biases of layer l (if the network has them), added to every row
//! z_l, a_l  m × n_l        pre- and post-activation of layer l: z_l = a_{l−1}·W_l + b_l, a_l = f_l(z_l)
//! ŷ = a_L   m × n_L        the prediction; labels y have this shape too
//! ```
//!
//! Layer l is layer l here and in the equations; the post counts its input as layer 1, so
//! its `z2`, `a2`, `delta2` are our `z_1`, `a_1`, `δ_1` (its `w1` is our `W_1`). In code,
//! `net.w(l)`, `net.z(l)`, `net.a(l)` are `W_l`, `z_l`, `a_l`, and the vectors behind them
//! hold layer l at index `l − 1`. The forward and backward passes are in `pass.rs`, each
//! equation once; the [derivation](crate::derivation) says where they come from.

pub mod activation;
pub mod layers;
pub mod loss;
pub(crate) mod pass;

use alloc::vec;
use alloc::vec::Vec;
use core::fmt;

use crate::{Error, Float, Matrix, XorShift};
use activation::Activation;
use layers::{Init, Layers};
use loss::Loss;
use pass::Backward;

/// A fully connected feed-forward network: by default the post's, sigmoid layers without
/// biases; see [`Layers`] for the other choices.
///
/// The post's methods, in the order the post runs them: [`new`](Network::new),
/// [`forward_propagation`](Network::forward_propagation),
/// [`compute_cost`](Network::compute_cost), [`backpropagation`](Network::backpropagation)
/// and [`train`](Network::train).
///
/// It owns one weight matrix per gap between layers (and a bias row per layer, if it has
/// them) and, like the post's class, remembers the `z` and `a` of every layer from the last
/// [`forward_propagation`](Network::forward_propagation) for use by
/// [`backpropagation`](Network::backpropagation). Two networks are equal (`==`) when their
/// parameters are — sizes, activations, weights and biases — whatever forward pass each
/// remembers; `{:?}` shows the same parameters.
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
#[derive(Clone)]
pub struct Network<T = f64> {
    /// `[n_0, …, n_L]`, read off the weights' shapes once, so that inference needs no
    /// allocation to know them.
    pub(crate) sizes: Vec<usize>,
    /// `layer_activations[l − 1]` is `f_l`, the activation of layer l.
    pub(crate) layer_activations: Vec<Activation>,
    /// `weights[l − 1]` is `W_l`, of shape `n_{l−1} × n_l`.
    pub(crate) weights: Vec<Matrix<T>>,
    /// `biases[l − 1]` is `b_l`, of shape `1 × n_l`; empty for a network without biases.
    pub(crate) biases: Vec<Matrix<T>>,
    /// `zs[l − 1]` is `z_l = a_{l−1} · W_l (+ b_l)` (m × n_l) from the last forward pass.
    pub(crate) zs: Vec<Matrix<T>>,
    /// `activations[l − 1]` is `a_l = f_l(z_l)` (m × n_l) from the last forward pass.
    pub(crate) activations: Vec<Matrix<T>>,
    /// `derivatives[l − 1]` is `f′_l(z_l)` (m × n_l) from the last forward pass, for the
    /// backward pass (not written for a softmax layer).
    pub(crate) derivatives: Vec<Matrix<T>>,
}

/// Equal parameters: sizes, activations, weights and biases. The remembered forward pass
/// is not compared (a network equals its copy after a `forward_propagation`).
impl<T: Float> PartialEq for Network<T> {
    fn eq(&self, other: &Network<T>) -> bool {
        self.sizes == other.sizes
            && self.layer_activations == other.layer_activations
            && self.weights == other.weights
            && self.biases == other.biases
    }
}

/// The parameters, as [`PartialEq`] compares them.
impl<T: Float> fmt::Debug for Network<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Network")
            .field("sizes", &self.sizes)
            .field("layer_activations", &self.layer_activations)
            .field("weights", &self.weights)
            .field("biases", &self.biases)
            .finish()
    }
}

/// The gradients of the cost with respect to every weight and bias, from
/// [`Network::gradients`]: `d_w[l − 1] = ∂J/∂W_l` (`n_{l−1} × n_l`) and, for a network with
/// biases, `d_b[l − 1] = ∂J/∂b_l` (`1 × n_l`).
#[derive(Debug, Clone, PartialEq)]
pub struct Gradients<T> {
    /// `[∂J/∂W_1, …, ∂J/∂W_L]`.
    pub d_w: Vec<Matrix<T>>,
    /// `[∂J/∂b_1, …, ∂J/∂b_L]`, or `None` without biases.
    pub d_b: Option<Vec<Matrix<T>>>,
}

impl<T: Float> Network<T> {
    /// A network with the given layer sizes `[n_0, n_1, …, n_L]` and every weight drawn from
    /// N(0, 1), as the post's `np.random.randn(n_{l−1}, n_l)`. `W_1` is drawn first, row by row.
    ///
    /// ```
    /// use scratchnet::{Network, XorShift};
    /// let net: Network = Network::new(&[3, 4, 5, 1], &mut XorShift::new(1)); // Network<f64>
    /// assert_eq!(net.sizes(), vec![3, 4, 5, 1]);
    /// assert_eq!(net.weights()[1].shape(), (4, 5)); // the post's w2
    /// ```
    ///
    /// # Panics
    /// If there are fewer than two sizes (an input and an output layer) or a size is 0, or if
    /// the weights do not fit in memory (the message of [`Error::TooLarge`]).
    pub fn new(sizes: &[usize], rng: &mut XorShift) -> Network<T> {
        assert!(
            sizes.len() >= 2,
            "Network::new: got {} layer sizes, expected at least 2 (input and output)",
            sizes.len()
        );
        if let Some(l) = sizes.iter().position(|&n| n == 0) {
            panic!("Network::new: layer {l} has size 0, expected every layer to have ≥ 1 neuron");
        }
        let layers = Layers::new(sizes);
        Network::build(&layers, rng).unwrap_or_else(|e| panic!("Network::new: {e}"))
    }

    /// Passes the inputs through every layer and returns the prediction `ŷ`, keeping every
    /// `z_l` and `a_l` for [`backpropagation`](Network::backpropagation).
    ///
    /// ```text
    /// a_0 = X                         m × n_0
    /// z_l = a_{l−1} · W_l (+ b_l)     m × n_l      for l = 1 … L (b_l added to every row)
    /// a_l = f_l(z_l)                  m × n_l      f_l = σ in the post
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
        self.forward(inputs);
        self.activations[self.activations.len() - 1].clone()
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
        loss::half_sum_of_squares(T::ZERO, prediction.as_slice(), actual.as_slice())
    }

    /// The post's backpropagation: the gradient of `J = Σ ½(y − ŷ)²` with respect to every
    /// weight matrix, `[∂J/∂W_1, …, ∂J/∂W_L]`, by the chain rule from the output back to the
    /// input, using the `z`s and `a`s that the last [`forward_propagation`] stored.
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
    /// With other activations σ′ becomes their `f′`; [`gradients`](Network::gradients) is
    /// the same for any loss, and gives the biases' gradients too.
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
        self.check_labels("backpropagation", "predictions", inputs, predictions);
        let loss = Loss::HalfSumOfSquares;
        let backward = self.backpropagate("backpropagation", inputs, labels, predictions, loss);
        backward.gradients.d_w
    }

    /// The weight matrices `[W_1, …, W_L]`; `W_l` is `n_{l−1} × n_l`.
    pub fn weights(&self) -> &[Matrix<T>] {
        &self.weights
    }

    /// The biases `[b_1, …, b_L]` (`b_l` is `1 × n_l`), or `None` for a network without
    /// them, like the post's.
    pub fn biases(&self) -> Option<&[Matrix<T>]> {
        if self.biases.is_empty() {
            None
        } else {
            Some(&self.biases)
        }
    }

    /// The layer sizes `[n_0, n_1, …, n_L]`, read off the weights' shapes.
    pub fn sizes(&self) -> &[usize] {
        &self.sizes
    }

    /// The activation of each layer 1 … L: `[f_1, …, f_L]`.
    pub fn layer_activations(&self) -> &[Activation] {
        &self.layer_activations
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

    /// Whether this is the post's kind of network: sigmoid in every layer, no biases. Model
    /// files (version 1) and the Rust export keep their first form for these.
    pub(crate) fn is_posts_kind(&self) -> bool {
        self.biases.is_empty()
            && self
                .layer_activations
                .iter()
                .all(|&f| f == Activation::Sigmoid)
    }

    /// `W_l`, the weights from layer l − 1 to layer l (`n_{l−1} × n_l`), for l = 1 … L: the
    /// post's `w1`, `w2`, `w3` are `w(1)`, `w(2)`, `w(3)`.
    ///
    /// # Panics
    /// If l is 0 or greater than L.
    pub fn w(&self, l: usize) -> &Matrix<T> {
        &self.weights[self.layer_index("w", l)]
    }

    /// `z_l = a_{l−1} · W_l (+ b_l)` from the last forward pass (`m × n_l`), for l = 1 … L:
    /// the post's `z2`, `z3`, `z4` are `z(1)`, `z(2)`, `z(3)`.
    ///
    /// # Panics
    /// If l is 0 or greater than L, or no forward pass is stored.
    pub fn z(&self, l: usize) -> &Matrix<T> {
        self.stored("z", &self.zs, l)
    }

    /// `a_l = f_l(z_l)` from the last forward pass (`m × n_l`), for l = 1 … L: the post's
    /// `a2`, `a3` and the prediction are `a(1)`, `a(2)`, `a(3)`.
    ///
    /// ```
    /// use scratchnet::{post, Network, XorShift};
    /// let mut net = Network::new(&post::SIZES, &mut XorShift::new(1));
    /// let y_hat = net.forward_propagation(&post::inputs());
    /// assert_eq!(net.a(3), &y_hat);
    /// assert_eq!(net.z(1).shape(), (4, 4)); // the post's z2
    /// assert_eq!(net.w(2).shape(), (4, 5)); // the post's w2
    /// ```
    ///
    /// # Panics
    /// If l is 0 or greater than L, or no forward pass is stored.
    pub fn a(&self, l: usize) -> &Matrix<T> {
        self.stored("a", &self.activations, l)
    }

    /// `l − 1`, the index of layer l in the vectors, or a panic naming `what` if l is not
    /// 1 … L.
    fn layer_index(&self, what: &str, l: usize) -> usize {
        let depth = self.weights.len();
        assert!(
            (1..=depth).contains(&l),
            "{what}({l}): layer {l} does not exist, expected 1 … {depth} (layer 0 is the input)"
        );
        l - 1
    }

    /// Layer l's matrix of the stored forward pass `stored` (`zs` or `activations`).
    fn stored<'a>(&self, what: &str, stored: &'a [Matrix<T>], l: usize) -> &'a Matrix<T> {
        let i = self.layer_index(what, l);
        assert!(
            !stored.is_empty(),
            "{what}({l}): no forward pass is stored; call forward_propagation(&inputs) first"
        );
        &stored[i]
    }

    /// The gradient of `loss` with respect to every weight and bias, by backpropagation from
    /// the last [`forward_propagation`] of `inputs`:
    ///
    /// ```text
    /// δ_L       = ∂J/∂z_L                            m × n_L      (Loss::delta)
    /// ∂J/∂W_l   = a_{l−1}ᵀ · δ_l                     n_{l−1} × n_l
    /// ∂J/∂b_l   = 1ᵀ · δ_l   (the column sums)       1 × n_l
    /// δ_{l−1}   = (δ_l · W_lᵀ) ⊙ f′_{l−1}(z_{l−1})   m × n_{l−1}
    /// ```
    ///
    /// ```
    /// use scratchnet::{Layers, Loss, Matrix, Network, XorShift};
    /// let layers = Layers::new(&[2, 3, 1]).biases(true);
    /// let mut net = Network::build(&layers, &mut XorShift::new(1)).unwrap();
    /// let x = Matrix::from_rows(&[[0., 1.], [1., 0.]]);
    /// net.forward_propagation(&x);
    /// let g = net.gradients(&x, &Matrix::from_rows(&[[1.], [0.]]), Loss::MeanSquaredError);
    /// assert_eq!(g.d_b.unwrap()[0].shape(), (1, 3));
    /// ```
    ///
    /// # Panics
    /// As [`backpropagation`](Network::backpropagation), and if `loss` does not
    /// [`fit`](Loss::fits) the output layer.
    ///
    /// [`forward_propagation`]: Network::forward_propagation
    pub fn gradients(&self, inputs: &Matrix<T>, labels: &Matrix<T>, loss: Loss) -> Gradients<T> {
        let stored = self.activations.last();
        let predictions = stored.expect(
            "gradients: no forward pass is stored; call forward_propagation(&inputs) first",
        );
        self.backpropagate("gradients", inputs, labels, predictions, loss)
            .gradients
    }

    /// [`backward`](Network::backward) in new buffers, after checking that a forward pass
    /// of `inputs` is stored; `op` names the caller in panic messages.
    fn backpropagate(
        &self,
        op: &str,
        inputs: &Matrix<T>,
        labels: &Matrix<T>,
        predictions: &Matrix<T>,
        loss: Loss,
    ) -> Backward<T> {
        self.check_inputs(op, inputs);
        self.check_labels(op, "labels", inputs, labels);
        assert!(
            self.zs.len() == self.weights.len() && self.zs[0].rows() == inputs.rows(),
            "{op}: no forward pass of these {} samples is stored; \
             call forward_propagation(&inputs) first",
            inputs.rows()
        );
        let mut backward = Backward::new(self, inputs.rows(), false);
        self.backward(inputs, labels, predictions, loss, &mut backward);
        backward
    }

    /// The cost `J` of the network on `(inputs, labels)` under `loss`, by a forward pass
    /// (which it stores, as [`forward_propagation`](Network::forward_propagation) does). For
    /// the post's loss this is `compute_cost(forward_propagation(inputs), labels)`.
    ///
    /// ```
    /// use scratchnet::{post, Loss, Network, XorShift};
    /// let mut net = Network::new(&post::SIZES, &mut XorShift::new(1));
    /// let j = net.cost(&post::inputs(), &post::labels(), Loss::HalfSumOfSquares);
    /// let y_hat = net.forward_propagation(&post::inputs());
    /// assert_eq!(j, Network::compute_cost(&y_hat, &post::labels()));
    /// ```
    ///
    /// # Panics
    /// If `inputs` is not `m × n_0` with m ≥ 1 or `labels` not `m × n_L`, naming the expected
    /// shape, or if `loss` does not [`fit`](Loss::fits) the output layer.
    pub fn cost(&mut self, inputs: &Matrix<T>, labels: &Matrix<T>, loss: Loss) -> T {
        self.check_inputs("cost", inputs);
        self.check_labels("cost", "labels", inputs, labels);
        self.forward(inputs);
        let last = self.weights.len() - 1;
        loss.cost(
            self.layer_activations[last],
            self.zs[last].as_slice(),
            self.activations[last].as_slice(),
            labels.as_slice(),
            self.sizes[last + 1],
        )
    }

    /// The same network in another element type, every weight converted to the nearest `U`
    /// (see [`Matrix::cast`]); no forward pass is stored. Train in `f64`, run in `f32`:
    ///
    /// ```
    /// use scratchnet::{Network, XorShift};
    /// let net: Network = Network::new(&[3, 4, 1], &mut XorShift::new(1));
    /// let small: Network<f32> = net.cast();
    /// assert_eq!(small.weights()[0], net.weights()[0].cast::<f32>());
    /// ```
    pub fn cast<U: Float>(&self) -> Network<U> {
        Network::with_parts(
            self.layer_activations.clone(),
            self.weights.iter().map(Matrix::cast).collect(),
            self.biases.iter().map(Matrix::cast).collect(),
        )
    }

    /// A network with the given weight matrices `[W_1, …, W_L]`, checked before use: for
    /// weights that come from outside (a file, another program, a numpy reference).
    ///
    /// ```
    /// use scratchnet::{Error, Matrix, Network};
    /// let w1 = Matrix::<f64>::zeros(3, 4);
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
    pub fn from_weights(weights: Vec<Matrix<T>>) -> Result<Network<T>, Error> {
        let activations = vec![Activation::Sigmoid; weights.len()];
        Network::from_parts(&activations, weights, None)
    }

    /// A network as `layers` describes it: activations, biases (starting at 0) and weights
    /// drawn from `rng` by the layers' [`Init`], `W_1` first, row by row. With the defaults
    /// of [`Layers::new`] this is [`Network::new`], weight for weight.
    ///
    /// ```
    /// use scratchnet::{Activation, Error, Layers, Network, XorShift};
    /// let mut rng = XorShift::new(1);
    /// let net: Network = Network::build(&Layers::new(&[2, 8, 3]).biases(true), &mut rng).unwrap();
    /// assert_eq!(net.biases().unwrap()[1].shape(), (1, 3));
    ///
    /// let hidden_softmax = Layers::new(&[2, 8, 3]).hidden(Activation::Softmax);
    /// let err = Network::<f64>::build(&hidden_softmax, &mut rng).unwrap_err();
    /// assert_eq!(err, Error::SoftmaxNotLast { layer: 1 });
    /// ```
    ///
    /// # Errors
    /// What [`Layers::check`] finds: too few sizes, a size of 0, softmax before the output;
    /// and [`Error::TooLarge`] if a weight matrix or bias does not fit in memory.
    pub fn build(layers: &Layers, rng: &mut XorShift) -> Result<Network<T>, Error> {
        layers.check()?;
        let init: Init = layers.initialisation();
        let pairs = layers.sizes().windows(2);
        let weights = pairs.map(|pair| init.try_weights::<T>(pair[0], pair[1], rng));
        let weights = weights.collect::<Result<Vec<_>, Error>>()?;
        let biases = if layers.has_biases() {
            let zeros = layers.sizes()[1..].iter();
            let biases = zeros.map(|&n| Matrix::try_filled(1, n, T::ZERO));
            biases.collect::<Result<Vec<_>, Error>>()?
        } else {
            Vec::new()
        };
        Ok(Network::with_parts(
            layers.activations().to_vec(),
            weights,
            biases,
        ))
    }

    /// A network of the given activations (one per layer 1 … L), weights `[W_1, …, W_L]`
    /// and, if any, biases `[b_1, …, b_L]` (`b_l` is `1 × n_l`), checked before use.
    ///
    /// ```
    /// use scratchnet::{Activation, Error, Matrix, Network};
    /// let w = vec![Matrix::<f64>::zeros(2, 3)];
    /// let b = vec![Matrix::zeros(1, 2)];
    /// let err = Network::from_parts(&[Activation::Tanh], w, Some(b)).unwrap_err();
    /// assert_eq!(err.to_string(), "bias b1 is 1×2, expected 1×3 (one row, a value per neuron)");
    /// ```
    ///
    /// # Errors
    /// As [`Network::from_weights`], and [`Error::ActivationCount`], [`Error::SoftmaxNotLast`],
    /// [`Error::BiasShape`] or [`Error::NonFiniteBias`].
    pub fn from_parts(
        activations: &[Activation],
        weights: Vec<Matrix<T>>,
        biases: Option<Vec<Matrix<T>>>,
    ) -> Result<Network<T>, Error> {
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
        if activations.len() != weights.len() {
            return Err(Error::ActivationCount {
                expected: weights.len(),
                found: activations.len(),
            });
        }
        layers::check_activations(activations)?;
        let biases = biases.unwrap_or_default();
        if !biases.is_empty() {
            check_biases(&weights, &biases)?;
        }
        Ok(Network::with_parts(activations.to_vec(), weights, biases))
    }

    /// A network around parts already checked, with no forward pass stored.
    fn with_parts(
        layer_activations: Vec<Activation>,
        weights: Vec<Matrix<T>>,
        biases: Vec<Matrix<T>>,
    ) -> Network<T> {
        let mut sizes = Vec::with_capacity(weights.len() + 1);
        sizes.push(weights[0].rows());
        sizes.extend(weights.iter().map(Matrix::cols));
        Network {
            sizes,
            layer_activations,
            weights,
            biases,
            zs: Vec::new(),
            activations: Vec::new(),
            derivatives: Vec::new(),
        }
    }

    /// Panics unless `inputs` is `m × n_0` with m ≥ 1.
    pub(crate) fn check_inputs(&self, op: &str, inputs: &Matrix<T>) {
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
    pub(crate) fn check_labels(
        &self,
        op: &str,
        what: &str,
        inputs: &Matrix<T>,
        labels: &Matrix<T>,
    ) {
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

/// Checks that `biases` has one finite `1 × n_l` row per weight matrix `W_l`.
fn check_biases<T: Float>(weights: &[Matrix<T>], biases: &[Matrix<T>]) -> Result<(), Error> {
    if biases.len() != weights.len() {
        return Err(Error::BiasShape {
            layer: 0,
            shape: (biases.len(), 0),
            expected: (weights.len(), 0),
        });
    }
    for (l, (b, w)) in (1..).zip(biases.iter().zip(weights)) {
        if b.shape() != (1, w.cols()) {
            return Err(Error::BiasShape {
                layer: l,
                shape: b.shape(),
                expected: (1, w.cols()),
            });
        }
        if let Some(col) = b.as_slice().iter().position(|x| !x.is_finite()) {
            return Err(Error::NonFiniteBias { layer: l, col });
        }
    }
    Ok(())
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
        let fixture = include_str!("../../tests/reference/post.txt");
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
