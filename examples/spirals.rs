//! `cargo run --release --example spirals [-- --out DIR]`: three spirals wound into each
//! other, a small network that learns to tell them apart, and two pictures of how it went.
//!
//! # The data
//!
//! K = 3 arms of n = 200 points each. Point i of arm k (k = 0 … K−1, i = 0 … n−1) lies at
//! time t along the arm:
//!
//! ```text
//! t        = (i + 1) / n                                   0 < t ≤ 1
//! r        = t                                             the radius grows with t
//! θ        = 2π · turns · t + 2π · k / K                   turns = 1; the arms a third apart
//! (x₁, x₂) = (r cos θ, r sin θ) + σ · (ε₁, ε₂)             ε₁, ε₂ ~ N(0, 1), σ = 0.01
//! ```
//!
//! and its class is k. No straight line, nor any few of them, separates the arms: the
//! boundary between two classes winds around the origin with them.
//!
//! # The network
//!
//! 2-32-32-3: tanh in the hidden layers, softmax over the three classes, biases, Xavier's
//! initialisation; cross-entropy, 1000 epochs of mini-batches of 32 at η = 0.05 with
//! momentum 0.9. Everything random — the noise, the first weights, the order of the batches —
//! comes from one fixed seed, so runs repeat, bit for bit on one machine (a CPU with fused
//! multiply-add rounds the larger products differently from one without: see
//! `scratchnet::gemm`).
//!
//! The progress lines give an epoch's cost and accuracy as its batches saw them, each before
//! its own step; the last line is the trained network's accuracy on every point.
//!
//! # The pictures
//!
//! `cost.svg`, the cost of each epoch, and `regions.svg`, the class the trained network
//! gives each point of the plane with the samples drawn on top, go into the current
//! directory, or into `DIR` (made if missing) with `--out DIR`.

use std::f64::consts::TAU;
use std::path::PathBuf;
use std::process::ExitCode;
use std::{env, fs};

use scratchnet::data::{argmax, one_hot};
use scratchnet::training::Training;
use scratchnet::{Activation, Init, Layers, Loss, Matrix, Network, XorShift, plot};

/// K, the number of arms, and so of classes.
const ARMS: usize = 3;
/// n, the points on each arm.
const POINTS_PER_ARM: usize = 200;
/// How many times each arm winds around the origin.
const TURNS: f64 = 1.0;
/// σ, the standard deviation of the noise added to each coordinate.
const NOISE: f64 = 0.01;

/// Seeds the data, the first weights and the shuffles.
const SEED: u64 = 1;
const SIZES: [usize; 4] = [2, 32, 32, ARMS];
const EPOCHS: usize = 1000;
const LEARNING_RATE: f64 = 0.05;
const BATCH_SIZE: usize = 32;
const MOMENTUM: f64 = 0.9;
/// Progress is printed every this many epochs.
const REPORT_EVERY: usize = 200;

const USAGE: &str = "usage: cargo run --release --example spirals [-- --out DIR]";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("spirals: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let out = out_dir()?;
    fs::create_dir_all(&out).map_err(|e| format!("cannot make {}: {e}", out.display()))?;

    let mut rng = XorShift::new(SEED);
    let (points, classes) = spirals(&mut rng);
    let rows: Vec<[f64; 2]> = points.iter().map(|&(x1, x2)| [x1, x2]).collect();
    let x = Matrix::from_rows(&rows);
    let y = one_hot(&classes, ARMS);

    let layers = Layers::new(&SIZES)
        .hidden(Activation::Tanh)
        .output(Activation::Softmax)
        .biases(true)
        .init(Init::Xavier);
    let mut net = Network::build(&layers, &mut rng).map_err(|e| e.to_string())?;
    let training = Training {
        loss: Loss::CrossEntropy,
        batch_size: Some(BATCH_SIZE),
        momentum: MOMENTUM,
        seed: SEED,
        ..Training::new(EPOCHS, LEARNING_RATE)
    };
    println!("{ARMS} spiral arms × {POINTS_PER_ARM} points; network {SIZES:?}, {EPOCHS} epochs");
    let history = net
        .fit(&x, &y, &training, |epoch| {
            if epoch.epoch == 1 || epoch.epoch.is_multiple_of(REPORT_EVERY) {
                let accuracy = epoch
                    .accuracy
                    .map_or(String::new(), |a| format!("  accuracy {:5.1}%", 100.0 * a));
                println!("epoch {:4}  cost {:.4}{accuracy}", epoch.epoch, epoch.cost);
            }
        })
        .map_err(|e| format!("training stopped: {e}"))?;

    let predicted = argmax(&net.predict(&x));
    let correct = predicted
        .iter()
        .zip(&classes)
        .filter(|(p, c)| p == c)
        .count();
    println!(
        "training accuracy: {:.1}% ({correct} of {} points)",
        100.0 * correct as f64 / classes.len() as f64,
        classes.len()
    );

    let costs: Vec<f64> = history.iter().map(|epoch| epoch.cost).collect();
    let cost_svg = plot::cost_curve(&costs, "Spirals: cross-entropy per epoch");
    let classify = |x1, x2| argmax(&net.predict(&Matrix::from_rows(&[[x1, x2]])))[0];
    let regions_svg = plot::decision_regions(
        classify,
        &points,
        &classes,
        "Spirals: the network's classes",
    );
    for (name, svg) in [("cost.svg", cost_svg), ("regions.svg", regions_svg)] {
        let path = out.join(name);
        fs::write(&path, svg).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

/// The spirals of [the module](self): `ARMS · POINTS_PER_ARM` points, arm after arm, and the
/// arm of each.
fn spirals(rng: &mut XorShift) -> (Vec<(f64, f64)>, Vec<usize>) {
    let mut points = Vec::with_capacity(ARMS * POINTS_PER_ARM);
    let mut classes = Vec::with_capacity(ARMS * POINTS_PER_ARM);
    for k in 0..ARMS {
        for i in 0..POINTS_PER_ARM {
            let t = (i + 1) as f64 / POINTS_PER_ARM as f64;
            let r = t;
            let theta = TAU * TURNS * t + TAU * k as f64 / ARMS as f64;
            let x1 = r * theta.cos() + NOISE * rng.normal();
            let x2 = r * theta.sin() + NOISE * rng.normal();
            points.push((x1, x2));
            classes.push(k);
        }
    }
    (points, classes)
}

/// The directory to write into: `DIR` from `--out DIR`, or else the current one (an empty
/// path, so that the files are named plainly `cost.svg` and `regions.svg`).
fn out_dir() -> Result<PathBuf, String> {
    let mut args = env::args_os().skip(1);
    match (args.next(), args.next(), args.next()) {
        (None, _, _) => Ok(PathBuf::new()),
        (Some(flag), Some(dir), None) if flag == "--out" => Ok(PathBuf::from(dir)),
        _ => Err(USAGE.to_string()),
    }
}
