//! `examples/csv.rs`, compiled into this test (cargo cannot run an example from a test): its
//! command line, its report on the committed iris files, and a one-line error, never a
//! panic, for bad flags and bad files.

// `main` is the example's entry point and is not called here.
#[allow(dead_code)]
#[path = "../examples/csv.rs"]
mod csv;

use std::path::PathBuf;

use csv::{Command, Failure, Options};
use scratchnet::data::LabelColumn;
use scratchnet::{Activation, Init, Loss};

const IRIS_TRAIN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/iris_train.csv");
const IRIS_TEST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/iris_test.csv");

fn args(line: &str) -> Vec<String> {
    line.split_whitespace().map(String::from).collect()
}

fn options(line: &str) -> Options {
    match csv::parse_args(args(line)) {
        Ok(Command::Train(options)) => options,
        other => panic!("{line}: got {other:?}, want options"),
    }
}

fn usage_error(line: &str) -> String {
    match csv::parse_args(args(line)) {
        Err(Failure::Usage(message)) => message,
        other => panic!("{line}: got {other:?}, want a usage error"),
    }
}

/// The report of a run, or its failure.
fn run(line: &str) -> Result<String, Failure> {
    let mut out = Vec::new();
    csv::run(&options(line), &mut out)?;
    Ok(String::from_utf8(out).expect("the report is UTF-8"))
}

fn data_error(line: &str) -> String {
    match run(line) {
        Err(Failure::Data(message)) => message,
        other => panic!("{line}: got {other:?}, want a data error"),
    }
}

/// A file of this test's own in the temporary directory, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, text: &str) -> TempFile {
        let path = std::env::temp_dir().join(format!(
            "scratchnet-csv-example-{}-{name}",
            std::process::id()
        ));
        std::fs::write(&path, text).expect("the temporary directory is writable");
        TempFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("the temporary path is UTF-8")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn defaults_are_the_ones_the_help_states() {
    let o = options("--train a.csv");
    assert_eq!(o.train, "a.csv");
    assert_eq!(o.test, None);
    assert_eq!(o.test_fraction, 0.2);
    assert_eq!(o.label_column, LabelColumn::Last);
    assert!(!o.standardize);
    assert_eq!(o.layers, None);
    assert_eq!(
        (o.activation, o.output),
        (Activation::Relu, Activation::Softmax)
    );
    assert!(o.biases);
    assert_eq!((o.init, o.loss), (None, None)); // chosen from the activations
    assert_eq!((o.epochs, o.batch, o.seed), (200, Some(32), 1));
    assert_eq!((o.learning_rate, o.momentum, o.decay), (0.05, 0.9, 0.0));

    let help = csv::usage();
    for default in [
        "(default: 0.2)",
        "(default: last)",
        "(default: off, the raw features)",
        "(default: FEATURES,32,CLASSES)",
        "(default: relu)",
        "(default: softmax)",
        "(default: --biases)",
        "(default: he if --activation is relu, xavier otherwise)",
        "(default: cross-entropy if --output is softmax or sigmoid",
        "(default: 200)",
        "(default: 32)",
        "(default: 0.05)",
        "(default: 0.9)",
        "(default: 0)",
        "(default: 1)",
    ] {
        assert!(help.contains(default), "--help lacks {default:?}:\n{help}");
    }
}

#[test]
fn every_flag_is_read_and_listed_in_the_help() {
    let line = "--train a.csv --test b.csv --label-column 0 --standardize --layers 4,8,8,3 \
                --activation tanh --output sigmoid --no-biases --init xavier --loss mse \
                --epochs 7 --batch all --learning-rate 0.5 --momentum 0.5 --decay 0.1 --seed 9";
    let o = options(line);
    let want = Options {
        train: "a.csv".into(),
        test: Some("b.csv".into()),
        test_fraction: 0.2,
        label_column: LabelColumn::Index(0),
        standardize: true,
        layers: Some(vec![4, 8, 8, 3]),
        activation: Activation::Tanh,
        output: Activation::Sigmoid,
        biases: false,
        init: Some(Init::Xavier),
        loss: Some(Loss::MeanSquaredError),
        epochs: 7,
        batch: None,
        learning_rate: 0.5,
        momentum: 0.5,
        decay: 0.1,
        seed: 9,
    };
    assert_eq!(o, want);
    assert_eq!(options("--train a --test-fraction 0.5").test_fraction, 0.5);
    assert!(options("--train a --biases").biases);

    let help = csv::usage();
    for flag in line
        .split_whitespace()
        .filter(|word| word.starts_with("--"))
    {
        assert!(help.contains(flag), "--help lacks {flag}");
    }
    for flag in ["--test-fraction", "--biases", "--help"] {
        assert!(help.contains(flag), "--help lacks {flag}");
    }
    assert_eq!(
        csv::parse_args(args("--epochs 3 --help")),
        Ok(Command::Help)
    );
}

#[test]
fn bad_flags_are_one_line_usage_errors() {
    let cases = [
        ("", "--train FILE is required (see --help)"),
        (
            "--train a --frobnicate",
            r#"unknown argument "--frobnicate" (see --help)"#,
        ),
        (
            "--train",
            "--train expects a value, and is the last argument",
        ),
        ("--train a --epochs 1 --epochs 2", "--epochs is given twice"),
        ("--train a --biases --no-biases", "--biases is given twice"),
        (
            "--train a --epochs -3",
            r#"--epochs "-3": expected a whole number ≥ 0"#,
        ),
        (
            "--train a --batch 0",
            r#"--batch "0": expected a whole number ≥ 1, or all"#,
        ),
        (
            "--train a --learning-rate NaN",
            r#"--learning-rate "NaN": expected a finite number"#,
        ),
        // Out of range, as --test-fraction 1: usage errors too.
        (
            "--train a --momentum 1",
            "the momentum is 1, expected a number in [0, 1)",
        ),
        (
            "--train a --learning-rate 0",
            "the learning rate is 0, expected a finite number > 0",
        ),
        (
            "--train a --decay -1",
            "the decay is -1, expected a finite number ≥ 0",
        ),
        (
            "--train a --label-column first",
            r#"--label-column "first": expected a column index counted from 0, or last"#,
        ),
        (
            "--train a --layers 4,,3",
            r#"--layers "4,,3": expected two or more sizes ≥ 1 separated by commas, input to output, e.g. 64,32,10"#,
        ),
        (
            "--train a --layers 4",
            r#"--layers "4": expected two or more sizes ≥ 1 separated by commas, input to output, e.g. 64,32,10"#,
        ),
        (
            "--train a --layers 4,0,3",
            r#"--layers "4,0,3": expected two or more sizes ≥ 1 separated by commas, input to output, e.g. 64,32,10"#,
        ),
        (
            "--train a --activation gelu",
            r#"--activation "gelu": expected one of sigmoid, tanh, relu, identity, softmax"#,
        ),
        (
            "--train a --init zeros",
            r#"--init "zeros": expected he, xavier or standard-normal"#,
        ),
        (
            "--train a --loss hinge",
            r#"--loss "hinge": expected cross-entropy, mse or half-sum-of-squares"#,
        ),
        (
            "--train a --test-fraction 1",
            r#"--test-fraction "1": expected a number between 0 and 1"#,
        ),
        (
            "--train a --test b --test-fraction 0.5",
            "--test-fraction splits --train when there is no --test",
        ),
    ];
    for (line, want) in cases {
        let got = usage_error(line);
        assert_eq!(got, want, "for {line:?}");
        assert!(!got.contains('\n'), "{got:?} is not one line");
    }
}

#[test]
fn iris_is_learnt_and_the_report_ends_with_the_test_accuracy() {
    let report = run(&format!(
        "--train {IRIS_TRAIN} --test {IRIS_TEST} --standardize --layers 4,16,3 --epochs 100 \
         --batch 16"
    ))
    .unwrap();
    let lines: Vec<&str> = report.lines().collect();
    let last = lines[lines.len() - 1];
    let accuracy: f64 = last
        .strip_prefix("test accuracy: ")
        .unwrap_or_else(|| panic!("the last line is {last:?}"))
        .parse()
        .unwrap();
    assert_eq!(
        last.len(),
        "test accuracy: 0.9667".len(),
        "four decimals: {last:?}"
    );
    assert!(accuracy >= 0.9, "test accuracy {accuracy} < 0.9:\n{report}");
    let progress = lines.iter().filter(|l| l.starts_with("epoch ")).count();
    assert!(
        (10..=12).contains(&progress),
        "{progress} progress lines:\n{report}"
    );
    assert!(report.contains(
        "network: 4,16,3, relu hidden, softmax output, biases, he init; cross-entropy loss"
    ));
    assert!(report.contains("epoch 100  cost "), "{report}");
}

#[test]
fn without_a_test_file_a_seeded_fifth_of_the_training_file_is_held_out() {
    let line = format!("--train {IRIS_TRAIN} --epochs 3");
    let report = run(&line).unwrap();
    assert!(
        report.contains("0.2 of ")
            && report.contains("held out at random (seed 1), 24 samples; training on 96"),
        "{report}"
    );
    assert_eq!(run(&line).unwrap().lines().last(), report.lines().last());
}

#[test]
fn layers_that_do_not_fit_the_data_say_what_was_expected() {
    let got = data_error(&format!("--train {IRIS_TRAIN} --layers 64,32,10"));
    assert_eq!(
        got,
        format!(
            "--layers 64,32,10: expected 4,32,3: {IRIS_TRAIN} has 4 features (inputs) and 3 classes (outputs)"
        )
    );
    let got = data_error(&format!("--train {IRIS_TRAIN} --layers 4,3,3,2"));
    assert!(
        got.starts_with("--layers 4,3,3,2: expected 4,3,3,3: "),
        "{got}"
    );
}

#[test]
fn bad_files_are_one_line_errors_naming_the_file_and_line() {
    let bad_number = TempFile::new("bad-number.csv", "a,b,class\n1,2,0\n3,x,1\n");
    let bad_label = TempFile::new("bad-label.csv", "a,b,class\n1,2,0\n3,4,1.5\n");
    let narrow = TempFile::new("narrow.csv", "a,class\n1,0\n");
    let only_labels = TempFile::new("only-labels.csv", "class\n0\n1\n");
    let one_row = TempFile::new("one-row.csv", "1,2,0\n");
    let big_label = TempFile::new("big-label.csv", "1,2,7\n3,4,0\n");
    let unseen_class = TempFile::new("unseen-class.csv", "4.8,3,1.4,0.3,0\n5,3,1,1,3\n");
    let cases = [
        (format!("--train {}", bad_number.path()), format!(r#"{}: line 3, column 2: "x" is not a number"#, bad_number.path())),
        (format!("--train {}", bad_label.path()), format!("{}: line 3, column 3: label 1.5 is not a class: classes are whole numbers 0, 1, 2, … below 65536", bad_label.path())),
        (format!("--train {IRIS_TRAIN} --test {}", narrow.path()), format!("{} has 2 columns, expected 5 as in {IRIS_TRAIN}", narrow.path())),
        (format!("--train {IRIS_TRAIN} --test {}", unseen_class.path()), format!("{}: line 2, column 5: label 3 is not a class: classes are 0 to 2", unseen_class.path())),
        (format!("--train {}", only_labels.path()), format!("{} has only the label column, expected one or more feature columns beside it", only_labels.path())),
        (format!("--train {}", one_row.path()), format!("{} has too few samples (1) to hold out 0.2 of them for testing and train on the rest", one_row.path())),
        (format!("--train {}", big_label.path()), format!("{}: the largest label is 7, more than the 2 samples can teach: expected class numbers 0 … k−1 in the label column", big_label.path())),
        (format!("--train {IRIS_TRAIN} --label-column 9"), format!("{IRIS_TRAIN}: label column 9 (from 0) does not exist: the table has 5 columns")),
        (format!("--train {IRIS_TRAIN} --output relu --loss cross-entropy"), "the cross-entropy loss needs a softmax or sigmoid output layer, but the output layer is relu".to_string()),
        (format!("--train {IRIS_TRAIN} --activation softmax"), scratchnet::Error::SoftmaxNotLast { layer: 1 }.to_string()),
    ];
    for (line, want) in cases {
        let got = data_error(&line);
        assert_eq!(got, want, "for {line:?}");
        assert!(!got.contains('\n'), "{got:?} is not one line");
    }
    let got = data_error("--train /nonexistent/scratchnet.csv");
    assert!(
        got.starts_with("cannot read /nonexistent/scratchnet.csv: "),
        "{got}"
    );
}

#[test]
fn a_damaged_file_gives_a_report_or_an_error_never_a_panic() {
    let iris = std::fs::read(IRIS_TRAIN).unwrap();
    let mut rng = scratchnet::XorShift::new(5);
    for trial in 0..40 {
        // Cut the file somewhere and put a random byte there.
        let mut damaged = iris[..rng.below(iris.len())].to_vec();
        damaged.push(rng.below(256) as u8);
        let file = TempFile::new(&format!("damaged-{trial}.csv"), "");
        std::fs::write(&file.0, &damaged).unwrap();
        match run(&format!("--train {} --epochs 2", file.path())) {
            Ok(report) => assert!(
                report
                    .lines()
                    .last()
                    .unwrap()
                    .starts_with("test accuracy: ")
            ),
            Err(Failure::Data(message)) => assert!(!message.contains('\n'), "{message}"),
            Err(failure) => panic!("{failure:?}"),
        }
    }
}

/// A writer that refuses every byte, as `/dev/full` does.
struct Full;

impl std::io::Write for Full {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(std::io::Error::new(
            std::io::ErrorKind::StorageFull,
            "no space left on device",
        ))
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_usage_that_cannot_be_written_is_an_error_not_a_panic() {
    match csv::help(&mut Full) {
        Err(Failure::Data(message)) => {
            assert_eq!(message, "cannot write the usage: no space left on device");
        }
        other => panic!("expected a data error, got {other:?}"),
    }
    let mut text = Vec::new();
    assert!(csv::help(&mut text).is_ok());
    assert_eq!(String::from_utf8(text).unwrap(), csv::usage());
}

#[test]
fn layers_too_large_for_memory_are_one_line_errors() {
    for (hidden, rows) in [("4611686018427387904", 4), ("1000000000000000000", 4)] {
        let line = format!("--train {IRIS_TRAIN} --layers 4,{hidden},3");
        assert_eq!(
            data_error(&line),
            format!("a {rows}×{hidden} matrix has more elements than fit in memory")
        );
    }
}

#[test]
fn one_hot_labels_too_large_for_memory_are_one_line_errors() {
    // A label column of row numbers gives k = m classes, and m × k values: 30,000 rows ask
    // for 7.2 GB, which a machine may or may not give. Here m × k overflows, so the test
    // needs no memory; the message is the one a refused allocation gets.
    let k = usize::MAX / 2 + 1;
    match csv::one_hot_labels(&[0, 1], k) {
        Err(Failure::Data(message)) => assert_eq!(
            message,
            format!(
                "the one-hot labels would need 2 × {k} values (147573952589.7 GB), more than \
                 fit in memory"
            )
        ),
        other => panic!("expected a data error, got {other:?}"),
    }
    let y = csv::one_hot_labels(&[2, 0], 3).expect("a 2×3 matrix fits");
    assert_eq!(y.as_slice(), &[0., 0., 1., 1., 0., 0.]);
}
