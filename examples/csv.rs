//! `cargo run --release --example csv -- --train FILE [--test FILE] [options]`: trains a
//! classifier on any CSV of numbers and prints its accuracy on a test set.
//!
//! ```text
//! cargo run --release --example csv -- \
//!     --train examples/data/digits_train.csv --test examples/data/digits_test.csv \
//!     --standardize --layers 64,32,10 --epochs 200 --batch 32 --learning-rate 0.05
//! ```
//!
//! Every row is a sample: numbers, one of which (`--label-column`, the last by default) is
//! the class, a whole number 0 … k−1. The other columns are the features, fed to the
//! network as they are, or standardised with the training set's mean and standard
//! deviation (`--standardize`). The network's layers run from the features to one output
//! per class, and it is trained with mini-batches and momentum to minimise the
//! cross-entropy of a softmax:
//!
//! ```text
//! X  m × d (features),  labels ∈ {0, …, k−1}  →  Y = one_hot(labels)  m × k
//! ŷ = softmax(… relu(X · W_1 + b_1) … · W_L + b_L)                     m × k
//! J = −(1/m) Σᵢ ln ŷᵢ,labelᵢ
//! predicted class of sample i = argmax_j ŷᵢⱼ
//! ```
//!
//! `--help` lists every flag and its default. The program prints what it read, what it
//! trains, about ten lines of progress, the confusion matrix of the test set and, last,
//! `test accuracy: 0.9694`. A bad file or flag ends it with one line on stderr,
//! `error: …`, and a non-zero exit status.
//!
//! The data in `examples/data/` (iris and digits, split 80/20) is written by
//! `examples/data/make_datasets.py`; `benches/sklearn_compare.py` runs scikit-learn's
//! `MLPClassifier` on the same files with the same settings.

use std::fmt::Display;
use std::io::{self, Write};
use std::process::ExitCode;
use std::time::Instant;

use scratchnet::data::{self, CsvError, Header, LabelColumn, Standardizer};
use scratchnet::training::{Epoch, Training};
use scratchnet::{Activation, Init, Layers, Loss, Matrix, Network, XorShift};

/// The hidden layer between the features and the classes when `--layers` is not given.
const DEFAULT_HIDDEN: usize = 32;
const DEFAULT_EPOCHS: usize = 200;
const DEFAULT_BATCH: usize = 32;
const DEFAULT_LEARNING_RATE: f64 = 0.05;
const DEFAULT_MOMENTUM: f64 = 0.9;
const DEFAULT_DECAY: f64 = 0.0;
const DEFAULT_SEED: u64 = 1;
const DEFAULT_TEST_FRACTION: f64 = 0.2;
const DEFAULT_HIDDEN_ACTIVATION: Activation = Activation::Relu;
const DEFAULT_OUTPUT_ACTIVATION: Activation = Activation::Softmax;
/// How many progress lines training prints, about (plus the first epoch's and the last's).
const PROGRESS_LINES: usize = 10;

/// The usage text, with every flag and its default.
pub fn usage() -> String {
    let activations = Activation::ALL.map(Activation::name).join(", ");
    format!(
        "\
Trains a neural network classifier on a CSV of numbers and prints its test accuracy.

usage: cargo run --release --example csv -- --train FILE [options]

The CSV: one sample per line, numbers separated by commas, a header line of names or not
(detected: a first line with no numbers is a header). One column is the class, a whole
number 0 … k−1; the others are the features.

data:
  --train FILE          the training set (required)
  --test FILE           the test set, with the training set's columns
                        (default: none; hold out --test-fraction of --train instead)
  --test-fraction F     without --test, the share of --train held out for testing, drawn
                        at random with --seed (default: {DEFAULT_TEST_FRACTION})
  --label-column N|last which column holds the class: an index counted from 0, or last
                        (default: last)
  --standardize         map each feature to (x − μ)/σ, μ and σ from the training set
                        (default: off, the raw features)

network:
  --layers LIST         every layer's size, input to output, comma-separated: the first is
                        the number of features, the last the number of classes, e.g.
                        64,32,10 (default: FEATURES,{DEFAULT_HIDDEN},CLASSES)
  --activation NAME     the hidden layers' activation (default: {hidden})
  --output NAME         the output layer's activation (default: {output})
                        activations: {activations}
  --biases, --no-biases whether every layer has a bias (default: --biases)
  --init NAME           the first weights: he, xavier or standard-normal
                        (default: he if --activation is relu, xavier otherwise)
  --loss NAME           cross-entropy, mse or half-sum-of-squares
                        (default: cross-entropy if --output is softmax or sigmoid, mse
                        otherwise)

training:
  --epochs N            passes over the training set (default: {DEFAULT_EPOCHS})
  --batch N|all         samples per gradient step, or all of them at once
                        (default: {DEFAULT_BATCH})
  --learning-rate η     the step size (default: {DEFAULT_LEARNING_RATE})
  --momentum μ          in [0, 1): how much of the last step carries into the next
                        (default: {DEFAULT_MOMENTUM})
  --decay D             epoch e steps with η / (1 + D·(e − 1)) (default: {DEFAULT_DECAY})
  --seed N              seeds the split, the first weights and the shuffles
                        (default: {DEFAULT_SEED})

  --help                this text
",
        hidden = DEFAULT_HIDDEN_ACTIVATION.name(),
        output = DEFAULT_OUTPUT_ACTIVATION.name(),
    )
}

/// Everything the command line says, defaults filled in except where they depend on the
/// data (`layers`) or on other flags (`init`, `loss`).
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub train: String,
    pub test: Option<String>,
    pub test_fraction: f64,
    pub label_column: LabelColumn,
    pub standardize: bool,
    pub layers: Option<Vec<usize>>,
    pub activation: Activation,
    pub output: Activation,
    pub biases: bool,
    pub init: Option<Init>,
    pub loss: Option<Loss>,
    pub epochs: usize,
    /// `None` for full batch.
    pub batch: Option<usize>,
    pub learning_rate: f64,
    pub momentum: f64,
    pub decay: f64,
    pub seed: u64,
}

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Help,
    Train(Options),
}

/// Why the program stops: a bad command line (exit status 2) or bad data (exit status 1).
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    Usage(String),
    Data(String),
}

impl Failure {
    fn data(message: impl Display) -> Failure {
        Failure::Data(message.to_string())
    }
}

/// Reads the command line (without the program's name).
///
/// # Errors
/// [`Failure::Usage`] naming the flag and what it expected.
pub fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Command, Failure> {
    let usage_error = |message: String| Err(Failure::Usage(message));
    let mut args = args.into_iter();
    let mut seen: Vec<String> = Vec::new();
    let mut train = None;
    let mut options = Options {
        train: String::new(),
        test: None,
        test_fraction: DEFAULT_TEST_FRACTION,
        label_column: LabelColumn::Last,
        standardize: false,
        layers: None,
        activation: DEFAULT_HIDDEN_ACTIVATION,
        output: DEFAULT_OUTPUT_ACTIVATION,
        biases: true,
        init: None,
        loss: None,
        epochs: DEFAULT_EPOCHS,
        batch: Some(DEFAULT_BATCH),
        learning_rate: DEFAULT_LEARNING_RATE,
        momentum: DEFAULT_MOMENTUM,
        decay: DEFAULT_DECAY,
        seed: DEFAULT_SEED,
    };
    while let Some(flag) = args.next() {
        if flag == "--help" || flag == "-h" {
            return Ok(Command::Help);
        }
        // --biases and --no-biases set one thing: either counts as giving it.
        let setting = if flag == "--no-biases" {
            "--biases"
        } else {
            &flag
        };
        if seen.iter().any(|s| s == setting) {
            return usage_error(format!("{setting} is given twice"));
        }
        seen.push(setting.to_string());
        match flag.as_str() {
            "--standardize" => options.standardize = true,
            "--biases" => options.biases = true,
            "--no-biases" => options.biases = false,
            "--train" | "--test" | "--test-fraction" | "--label-column" | "--layers"
            | "--activation" | "--output" | "--init" | "--loss" | "--epochs" | "--batch"
            | "--learning-rate" | "--momentum" | "--decay" | "--seed" => {
                let Some(value) = args.next() else {
                    return usage_error(format!(
                        "{flag} expects a value, and is the last argument"
                    ));
                };
                let value = value.as_str();
                match flag.as_str() {
                    "--train" => train = Some(value.to_string()),
                    "--test" => options.test = Some(value.to_string()),
                    "--test-fraction" => options.test_fraction = test_fraction(value)?,
                    "--label-column" => options.label_column = label_column(value)?,
                    "--layers" => options.layers = Some(layer_sizes(value)?),
                    "--activation" => options.activation = activation(&flag, value)?,
                    "--output" => options.output = activation(&flag, value)?,
                    "--init" => {
                        options.init = Some(Init::from_name(value).ok_or_else(|| {
                            expected(&flag, value, "he, xavier or standard-normal")
                        })?);
                    }
                    "--loss" => {
                        options.loss = Some(Loss::from_name(value).ok_or_else(|| {
                            expected(&flag, value, "cross-entropy, mse or half-sum-of-squares")
                        })?);
                    }
                    "--epochs" => options.epochs = whole(&flag, value)?,
                    "--batch" if value == "all" => options.batch = None,
                    "--batch" => match whole(&flag, value)? {
                        0 => return Err(expected(&flag, value, "a whole number ≥ 1, or all")),
                        n => options.batch = Some(n),
                    },
                    "--learning-rate" => options.learning_rate = number(&flag, value)?,
                    "--momentum" => options.momentum = number(&flag, value)?,
                    "--decay" => options.decay = number(&flag, value)?,
                    "--seed" => options.seed = whole(&flag, value)?,
                    _ => unreachable!("every flag with a value is listed above"),
                }
            }
            _ => return usage_error(format!("unknown argument {flag:?} (see --help)")),
        }
    }
    let Some(train) = train else {
        return usage_error("--train FILE is required (see --help)".to_string());
    };
    if options.test.is_some() && seen.iter().any(|s| s == "--test-fraction") {
        return usage_error("--test-fraction splits --train when there is no --test".to_string());
    }
    // A flag's value out of its range is a usage error, as for --test-fraction; what only
    // the data can decide (a label column, a class count) is a data error.
    if let Err(error) = training(&options).check() {
        return usage_error(error.to_string());
    }
    options.train = train;
    Ok(Command::Train(options))
}

/// The training settings the options ask for: the loss defaults to cross-entropy after a
/// softmax or sigmoid output, else the mean squared error.
fn training(options: &Options) -> Training {
    let loss = options.loss.unwrap_or(match options.output {
        Activation::Softmax | Activation::Sigmoid => Loss::CrossEntropy,
        _ => Loss::MeanSquaredError,
    });
    Training {
        loss,
        batch_size: options.batch,
        momentum: options.momentum,
        decay: options.decay,
        seed: options.seed,
        ..Training::new(options.epochs, options.learning_rate)
    }
}

/// `flag VALUE: expected WHAT`, as a usage failure.
fn expected(flag: &str, value: &str, what: &str) -> Failure {
    Failure::Usage(format!("{flag} {value:?}: expected {what}"))
}

fn whole<N: std::str::FromStr>(flag: &str, value: &str) -> Result<N, Failure> {
    value
        .parse()
        .map_err(|_| expected(flag, value, "a whole number ≥ 0"))
}

/// A finite number; whether it is in range is [`Training::check`]'s to say (in `parse_args`).
fn number(flag: &str, value: &str) -> Result<f64, Failure> {
    match value.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ => Err(expected(flag, value, "a finite number")),
    }
}

fn test_fraction(value: &str) -> Result<f64, Failure> {
    match value.parse::<f64>() {
        Ok(f) if f > 0.0 && f < 1.0 => Ok(f),
        _ => Err(expected(
            "--test-fraction",
            value,
            "a number between 0 and 1",
        )),
    }
}

fn label_column(value: &str) -> Result<LabelColumn, Failure> {
    if value == "last" {
        return Ok(LabelColumn::Last);
    }
    value.parse().map(LabelColumn::Index).map_err(|_| {
        expected(
            "--label-column",
            value,
            "a column index counted from 0, or last",
        )
    })
}

fn activation(flag: &str, value: &str) -> Result<Activation, Failure> {
    Activation::from_name(value).ok_or_else(|| {
        let names = Activation::ALL.map(Activation::name).join(", ");
        expected(flag, value, &format!("one of {names}"))
    })
}

fn layer_sizes(value: &str) -> Result<Vec<usize>, Failure> {
    let sizes = value
        .split(',')
        .map(|size| size.trim().parse::<usize>().ok().filter(|&n| n > 0))
        .collect::<Option<Vec<usize>>>();
    match sizes {
        Some(sizes) if sizes.len() >= 2 => Ok(sizes),
        _ => Err(expected(
            "--layers",
            value,
            "two or more sizes ≥ 1 separated by commas, input to output, e.g. 64,32,10",
        )),
    }
}

/// Reads `path` as a CSV table of numbers, a line at a time, errors naming the file.
fn read_table(path: &str) -> Result<data::Table, Failure> {
    let file =
        std::fs::File::open(path).map_err(|e| Failure::Data(format!("cannot read {path}: {e}")))?;
    let input = io::BufReader::new(file);
    data::read_csv_from(input, Header::Detect).map_err(|e| in_file(path, e))
}

fn in_file(path: &str, error: CsvError) -> Failure {
    Failure::Data(format!("{path}: {error}"))
}

/// `x`, standardised with `standardizer` if there is one.
fn features(x: Matrix, standardizer: Option<&Standardizer>) -> Matrix {
    match standardizer {
        Some(s) => s.transform(&x),
        None => x,
    }
}

/// Trains and tests as `options` say, writing the report to `out`; the last line is
/// `test accuracy: 0.9694`.
///
/// # Errors
/// [`Failure::Data`] for a file that cannot be read or is not a table of numbers with
/// class labels, layers that do not fit the data, settings out of range, or training that
/// diverges. (Usage errors come from [`parse_args`], before.)
pub fn run(options: &Options, out: &mut impl Write) -> Result<(), Failure> {
    let write_failed = |e: io::Error| Failure::Data(format!("cannot write the report: {e}"));
    let mut rng = XorShift::new(options.seed);

    // The data: features X (m × d) and class numbers, for the training and the test set.
    // Each copy is dropped as soon as the next is made, so that at most two copies of the
    // features are held at once.
    let train_table = read_table(&options.train)?;
    let train_cols = train_table.cols();
    let (x, labels) = train_table
        .split_labels(options.label_column, None)
        .map_err(|e| in_file(&options.train, e))?;
    drop(train_table);
    let d = x.cols();
    if d == 0 {
        return Err(Failure::Data(format!(
            "{} has only the label column, expected one or more feature columns beside it",
            options.train
        )));
    }
    let k = data::count_classes(&labels);
    if k > x.rows() {
        // Most likely the wrong column: a class per sample or more cannot be learnt.
        return Err(Failure::Data(format!(
            "{}: the largest label is {}, more than the {} samples can teach: expected class \
             numbers 0 … k−1 in the label column",
            options.train,
            k - 1,
            x.rows()
        )));
    }
    writeln!(
        out,
        "train: {}, {} samples, {d} features, {k} classes",
        options.train,
        x.rows()
    )
    .map_err(write_failed)?;
    let (x_train, y_train, x_test, y_test) = match &options.test {
        Some(test) => {
            let test_table = read_table(test)?;
            if test_table.cols() != train_cols {
                return Err(Failure::Data(format!(
                    "{test} has {} columns, expected {} as in {}",
                    test_table.cols(),
                    train_cols,
                    options.train
                )));
            }
            let (x_test, y_test) = test_table
                .split_labels(options.label_column, Some(k))
                .map_err(|e| in_file(test, e))?;
            writeln!(out, "test:  {test}, {} samples", x_test.rows()).map_err(write_failed)?;
            (x, labels, x_test, y_test)
        }
        None => {
            let (x_train, y_train, x_test, y_test) =
                data::train_test_split(&x, &labels, options.test_fraction, &mut rng);
            let m = x.rows();
            drop(x);
            if x_train.rows() == 0 {
                return Err(Failure::Data(format!(
                    "{} has too few samples ({}) to hold out {} of them for testing and train \
                     on the rest",
                    options.train, m, options.test_fraction
                )));
            }
            writeln!(
                out,
                "test:  {} of {} held out at random (seed {}), {} samples; training on {}",
                options.test_fraction,
                options.train,
                options.seed,
                x_test.rows(),
                x_train.rows()
            )
            .map_err(write_failed)?;
            (x_train, y_train, x_test, y_test)
        }
    };
    let standardizer = options.standardize.then(|| Standardizer::fit(&x_train));
    let x_train = features(x_train, standardizer.as_ref());
    let x_test = features(x_test, standardizer.as_ref());

    // The network: d inputs, k outputs.
    let sizes = match &options.layers {
        None => vec![d, DEFAULT_HIDDEN, k],
        Some(sizes) => {
            let (first, last) = (sizes[0], sizes[sizes.len() - 1]);
            let hidden = sizes[1..sizes.len() - 1]
                .iter()
                .map(|n| format!("{n},"))
                .collect::<String>();
            if first != d || last != k {
                return Err(Failure::Data(format!(
                    "--layers {}: expected {d},{hidden}{k}: {} has {d} features (inputs) and {k} \
                     classes (outputs)",
                    sizes_text(sizes),
                    options.train
                )));
            }
            sizes.clone()
        }
    };
    let init = options.init.unwrap_or(match options.activation {
        Activation::Relu => Init::He,
        _ => Init::Xavier,
    });
    let layers = Layers::new(&sizes)
        .hidden(options.activation)
        .output(options.output)
        .biases(options.biases)
        .init(init);
    let mut net = Network::build(&layers, &mut rng).map_err(Failure::data)?;
    let training = training(options);
    let loss = training.loss;
    let batch = options.batch.map_or("all".to_string(), |n| n.to_string());
    writeln!(
        out,
        "network: {}, {} hidden, {} output, {}, {} init; {} loss, {} epochs, batch {batch}, \
         learning rate {}, momentum {}, decay {}{}",
        sizes_text(&sizes),
        options.activation.name(),
        options.output.name(),
        if options.biases {
            "biases"
        } else {
            "no biases"
        },
        init.name(),
        loss.name(),
        options.epochs,
        options.learning_rate,
        options.momentum,
        options.decay,
        if options.standardize {
            ", standardised features"
        } else {
            ", raw features"
        }
    )
    .map_err(write_failed)?;

    // Training, with a line of progress every `every` epochs.
    let every = options.epochs.div_ceil(PROGRESS_LINES).max(1);
    let mut progress = Ok(());
    let started = Instant::now();
    let y_train = one_hot_labels(&y_train, k)?;
    let fitted = net.fit(&x_train, &y_train, &training, |e: &Epoch<f64>| {
        if e.epoch == 1 || e.epoch.is_multiple_of(every) || e.epoch == options.epochs {
            let accuracy = e.accuracy.map_or("-".to_string(), |a| format!("{a:.4}"));
            let line = writeln!(
                out,
                "epoch {:>w$}  cost {:.6}  train accuracy {accuracy}",
                e.epoch,
                e.cost,
                w = options.epochs.to_string().len()
            );
            if progress.is_ok() {
                progress = line;
            }
        }
    });
    let seconds = started.elapsed().as_secs_f64();
    progress.map_err(write_failed)?;
    fitted.map_err(Failure::data)?;
    writeln!(out, "trained in {seconds:.4} s").map_err(write_failed)?;

    // The test set.
    let predicted = data::argmax(&net.predict(&x_test));
    writeln!(out, "{}", data::confusion_matrix(&predicted, &y_test, k)).map_err(write_failed)?;
    let accuracy = data::accuracy(&predicted, &y_test);
    writeln!(out, "test accuracy: {accuracy:.4}").map_err(write_failed)
}

/// The one-hot targets of `labels` (`m × k`), or a one-line error if they do not fit in
/// memory: they grow as `m × k`, and a label column of row numbers makes `k = m`.
pub fn one_hot_labels(labels: &[usize], k: usize) -> Result<Matrix, Failure> {
    data::try_one_hot(labels, k).map_err(|_| {
        let m = labels.len();
        let gigabytes = m as f64 * k as f64 * 8.0 / 1e9;
        Failure::Data(format!(
            "the one-hot labels would need {m} × {k} values ({gigabytes:.1} GB), more than fit \
             in memory"
        ))
    })
}

/// `64,32,10`.
fn sizes_text(sizes: &[usize]) -> String {
    sizes
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// Writes the usage to `out`; a failed write (a full disk, a closed pipe) is an error to
/// report, not a panic.
pub fn help(out: &mut impl Write) -> Result<(), Failure> {
    out.write_all(usage().as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| Failure::Data(format!("cannot write the usage: {e}")))
}

fn main() -> ExitCode {
    let args: Result<Vec<String>, Failure> = std::env::args_os()
        .skip(1)
        .map(|arg| {
            arg.into_string()
                .map_err(|arg| Failure::Usage(format!("{arg:?} is not valid UTF-8")))
        })
        .collect();
    let result = args.and_then(parse_args).and_then(|command| match command {
        Command::Help => help(&mut io::stdout().lock()),
        Command::Train(options) => run(&options, &mut io::stdout().lock()),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Data(message)) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
