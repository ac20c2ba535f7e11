//! What a network is made of, before it has weights: the layer sizes, each layer's
//! [`Activation`], whether layers have biases, and how the first weights are drawn.
//!
//! [`Layers::new`] describes the post's network — sigmoid everywhere, no biases, weights
//! from N(0, 1) — and each method changes one choice:
//!
//! ```
//! use scratchnet::{Activation, Init, Layers, Network, XorShift};
//!
//! let layers = Layers::new(&[64, 32, 10])
//!     .hidden(Activation::Relu)
//!     .output(Activation::Softmax)
//!     .biases(true)
//!     .init(Init::He);
//! let net: Network = Network::build(&layers, &mut XorShift::new(1)).unwrap();
//! assert_eq!(net.layer_activations(), [Activation::Relu, Activation::Softmax]);
//! ```

use alloc::vec;
use alloc::vec::Vec;

use crate::{Activation, Error, Float, Matrix, XorShift};

/// How the first weights are drawn. Each `W_l` (`n_{l−1} × n_l`) gets independent draws from
/// a normal distribution, row by row, `W_1` first; biases start at 0.
///
/// ```text
/// StandardNormal   N(0, 1)                         the post's np.random.randn
/// Xavier           N(0, 2 / (n_{l−1} + n_l))       Glorot & Bengio (2010), for sigmoid and tanh
/// He               N(0, 2 / n_{l−1})               He et al. (2015), for ReLU
/// ```
///
/// The last two keep the variance of `z` about the same from layer to layer, so that deep
/// networks start neither saturated nor silent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Init {
    /// N(0, 1), the post's. The default.
    #[default]
    StandardNormal,
    /// N(0, 2/(fan_in + fan_out)): Glorot's normal initialisation.
    Xavier,
    /// N(0, 2/fan_in): He's, for ReLU layers.
    He,
}

impl Init {
    /// Its name as the command line writes it: `"standard-normal"`, `"xavier"`, `"he"`.
    pub fn name(self) -> &'static str {
        match self {
            Init::StandardNormal => "standard-normal",
            Init::Xavier => "xavier",
            Init::He => "he",
        }
    }

    /// The initialisation called `name` (as [`name`](Init::name) writes it), if any.
    ///
    /// ```
    /// use scratchnet::Init;
    /// assert_eq!(Init::from_name("he"), Some(Init::He));
    /// ```
    pub fn from_name(name: &str) -> Option<Init> {
        [Init::StandardNormal, Init::Xavier, Init::He]
            .into_iter()
            .find(|init| init.name() == name)
    }

    /// A `fan_in × fan_out` weight matrix drawn from this distribution. `StandardNormal`
    /// gives [`Matrix::randn`]'s numbers exactly; the others scale the same draws by their
    /// standard deviation.
    ///
    /// # Panics
    /// If the matrix does not fit in memory, with the message of [`Error::TooLarge`].
    ///
    /// ```
    /// use scratchnet::{Init, Matrix, XorShift};
    /// let w = Init::He.weights::<f64>(50, 2, &mut XorShift::new(1));
    /// let plain = Matrix::<f64>::randn(50, 2, &mut XorShift::new(1));
    /// assert_eq!(w[(3, 1)], plain[(3, 1)] * (2.0f64 / 50.0).sqrt());
    /// ```
    pub fn weights<T: Float>(self, fan_in: usize, fan_out: usize, rng: &mut XorShift) -> Matrix<T> {
        let weights = self.try_weights(fan_in, fan_out, rng);
        weights.unwrap_or_else(|e| panic!("Init::weights: {e}"))
    }

    /// [`weights`](Init::weights), or [`Error::TooLarge`] if the matrix does not fit in
    /// memory.
    pub(crate) fn try_weights<T: Float>(
        self,
        fan_in: usize,
        fan_out: usize,
        rng: &mut XorShift,
    ) -> Result<Matrix<T>, Error> {
        let variance = match self {
            Init::StandardNormal => return Matrix::try_randn(fan_in, fan_out, rng),
            Init::Xavier => 2.0 / (fan_in + fan_out) as f64,
            Init::He => 2.0 / fan_in as f64,
        };
        let sd = crate::math::sqrt(variance);
        let mut w = Matrix::try_filled(fan_in, fan_out, T::ZERO)?;
        for x in w.as_mut_slice() {
            *x = T::from_f64(rng.normal() * sd);
        }
        Ok(w)
    }
}

/// The description of a network: layer sizes `[n_0, …, n_L]`, the activation of each layer
/// 1 … L, biases or not, and the initialisation. See the [module](self).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layers {
    sizes: Vec<usize>,
    activations: Vec<Activation>,
    biases: bool,
    init: Init,
}

impl Layers {
    /// The post's network with these sizes: sigmoid in every layer, no biases, weights from
    /// N(0, 1). Sizes are checked by [`Network::build`](crate::Network::build).
    pub fn new(sizes: &[usize]) -> Layers {
        Layers {
            sizes: sizes.to_vec(),
            activations: vec![Activation::Sigmoid; sizes.len().saturating_sub(1)],
            biases: false,
            init: Init::StandardNormal,
        }
    }

    /// Every hidden layer (1 … L−1) gets `activation`.
    #[must_use]
    pub fn hidden(mut self, activation: Activation) -> Layers {
        if let Some((_, hidden)) = self.activations.split_last_mut() {
            hidden.fill(activation);
        }
        self
    }

    /// The output layer L gets `activation`.
    #[must_use]
    pub fn output(mut self, activation: Activation) -> Layers {
        if let Some(last) = self.activations.last_mut() {
            *last = activation;
        }
        self
    }

    /// Layer `layer` (1 … L, counted as the sizes' indices) gets `activation`.
    ///
    /// # Panics
    /// If `layer` is 0 (the input has no activation) or greater than L.
    #[must_use]
    pub fn activation(mut self, layer: usize, activation: Activation) -> Layers {
        assert!(
            (1..=self.activations.len()).contains(&layer),
            "Layers::activation: layer {layer}, expected 1 … {} (layer 0 is the input)",
            self.activations.len()
        );
        self.activations[layer - 1] = activation;
        self
    }

    /// Whether every layer adds a bias row `b_l` (1 × n_l) to `z_l`.
    #[must_use]
    pub fn biases(mut self, biases: bool) -> Layers {
        self.biases = biases;
        self
    }

    /// How the first weights are drawn.
    #[must_use]
    pub fn init(mut self, init: Init) -> Layers {
        self.init = init;
        self
    }

    /// `[n_0, …, n_L]`.
    pub fn sizes(&self) -> &[usize] {
        &self.sizes
    }

    /// The activations of layers 1 … L.
    pub fn activations(&self) -> &[Activation] {
        &self.activations
    }

    /// Whether the layers have biases.
    pub fn has_biases(&self) -> bool {
        self.biases
    }

    /// The initialisation.
    pub fn initialisation(&self) -> Init {
        self.init
    }

    /// Checks the description: at least two sizes, none 0, softmax only on the output.
    ///
    /// # Errors
    /// [`Error::NoLayers`], [`Error::EmptyLayer`] (naming the weight matrix that would have
    /// a zero dimension) or [`Error::SoftmaxNotLast`].
    pub fn check(&self) -> Result<(), Error> {
        if self.sizes.len() < 2 {
            return Err(Error::NoLayers);
        }
        for (l, pair) in (1..).zip(self.sizes.windows(2)) {
            if pair[0] == 0 || pair[1] == 0 {
                return Err(Error::EmptyLayer {
                    layer: l,
                    shape: (pair[0], pair[1]),
                });
            }
        }
        check_activations(&self.activations)
    }
}

/// Softmax only on the output layer.
pub(crate) fn check_activations(activations: &[Activation]) -> Result<(), Error> {
    let hidden = &activations[..activations.len().saturating_sub(1)];
    match hidden.iter().position(|&a| a == Activation::Softmax) {
        Some(l) => Err(Error::SoftmaxNotLast { layer: l + 1 }),
        None => Ok(()),
    }
}
