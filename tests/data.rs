//! `scratchnet::data`: the CSV reader on small hand-made texts (exact values, every error and
//! its message), labels and one-hot targets, the standardizer, the split, the scores, and a
//! mini-fuzz of the reader: 20 000 damaged and random texts from fixed seeds, none of which
//! may make it panic.
//!
//! Expected values are worked out by hand in the comments beside them; where a result is
//! rounded, the tolerance is stated.

use std::panic::{AssertUnwindSafe, catch_unwind};

use scratchnet::data::{
    self, ConfusionMatrix, CsvError, Header, LabelColumn, Standardizer, Table, accuracy, argmax,
    confusion_matrix, count_classes, one_hot, permutation, read_csv, read_csv_from,
    train_test_split, try_one_hot,
};
use scratchnet::{Error, Matrix, XorShift};

/// The error `read_csv` gives for `text`, and its message.
fn csv_error(text: &str, header: Header) -> (CsvError, String) {
    let err = read_csv(text, header).expect_err(text);
    let message = err.to_string();
    (err, message)
}

// ---------------------------------------------------------------------------------------------
// Reading

#[test]
fn with_header() {
    let table = read_csv("a,b,c\n1,2,3\n4.5,-6,7e2\n", Header::Present).unwrap();
    assert_eq!(table.names().unwrap(), ["a", "b", "c"]);
    assert_eq!((table.rows(), table.cols()), (2, 3));
    assert_eq!(
        table.values(),
        &Matrix::from_rows(&[[1., 2., 3.], [4.5, -6., 700.]])
    );
    // Detect finds the same header.
    assert_eq!(
        read_csv("a,b,c\n1,2,3\n4.5,-6,7e2\n", Header::Detect).unwrap(),
        table
    );
}

#[test]
fn without_header() {
    let text = "1,2\n3,4\n5,6";
    for header in [Header::Absent, Header::Detect] {
        let table = read_csv(text, header).unwrap();
        assert_eq!(table.names(), None);
        assert_eq!(
            table.into_matrix(),
            Matrix::from_rows(&[[1., 2.], [3., 4.], [5., 6.]])
        );
    }
    // Present takes the numbers of line 1 for names.
    let table = read_csv(text, Header::Present).unwrap();
    assert_eq!(table.names().unwrap(), ["1", "2"]);
    assert_eq!(table.values(), &Matrix::from_rows(&[[3., 4.], [5., 6.]]));
}

#[test]
fn crlf_spaces_tabs_bom_and_blank_lines_at_the_end() {
    let text = "\u{feff} x , \"y z\" \r\n 1 ,\t2 \r\n+3,  .5\r\n\r\n  \r\n\n";
    let table = read_csv(text, Header::Detect).unwrap();
    // Names trimmed, and the quotes around `y z` dropped.
    assert_eq!(table.names().unwrap(), ["x", "y z"]);
    assert_eq!(table.values(), &Matrix::from_rows(&[[1., 2.], [3., 0.5]]));
    // Empty names, and a quoted empty one, keep their places.
    let table = read_csv(",\"\",ab,\n1,2,3,4\n", Header::Present).unwrap();
    assert_eq!(table.names().unwrap(), ["", "", "ab", ""]);
    // A single column, no final newline, a CR alone before it.
    let table = read_csv("0.25\r\n-1e-3\r", Header::Absent).unwrap();
    assert_eq!(table.values(), &Matrix::from_rows(&[[0.25], [-0.001]]));
}

#[test]
fn numbers_are_parsed_exactly() {
    // Shortest round-trip decimals read back to the same bits, as `str::parse` does.
    let xs: [f64; 6] = [
        0.1,
        -2.5e-300,
        1.7976931348623157e308,
        5e-324,
        -0.0,
        123456789.0,
    ];
    let text: Vec<String> = xs.iter().map(|x| format!("{x:?}")).collect();
    let table = read_csv(&text.join(","), Header::Absent).unwrap();
    for (got, want) in table.values().as_slice().iter().zip(xs) {
        assert_eq!(got.to_bits(), want.to_bits(), "got {got:?}, want {want:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Errors: every kind, its line, its column and its message

#[test]
fn not_a_number() {
    let text = "a,b,c\n1,2,3\n4,5,6\n7,8,9\n1,2,3\n4,5,6\n7,8,abc\n";
    let (err, message) = csv_error(text, Header::Present);
    assert_eq!(
        err,
        CsvError::NotANumber {
            line: 7,
            column: 3,
            found: "abc".into()
        }
    );
    assert_eq!(message, r#"line 7, column 3: "abc" is not a number"#);
    assert_eq!((err.line(), err.column()), (Some(7), Some(3)));

    // The quote is trimmed, escaped, and cut to 40 characters.
    let long = "x".repeat(50);
    let (_, message) = csv_error(&format!("1, {long} \n"), Header::Absent);
    assert_eq!(
        message,
        format!("line 1, column 2: \"{}…\" is not a number", "x".repeat(40))
    );
    let (_, message) = csv_error("1\n\"2\"\n", Header::Absent);
    assert_eq!(message, r#"line 2, column 1: "\"2\"" is not a number"#);
    let (_, message) = csv_error("1;2\n", Header::Absent);
    assert_eq!(message, r#"line 1, column 1: "1;2" is not a number"#);
}

#[test]
fn not_finite() {
    for (field, line) in [("inf", 2), ("-Infinity", 2), ("NaN", 2), ("1e999", 2)] {
        let (err, message) = csv_error(&format!("h\n{field}\n"), Header::Present);
        assert_eq!(
            err,
            CsvError::NotFinite {
                line,
                column: 1,
                found: field.into()
            }
        );
        assert_eq!(
            message,
            format!("line {line}, column 1: \"{field}\" is not a finite number")
        );
    }
}

#[test]
fn field_count() {
    let (err, message) = csv_error("a,b,c,d\n1,2,3,4\n5,6,7,8\n1,2,3,4,5\n", Header::Present);
    assert_eq!(
        err,
        CsvError::FieldCount {
            line: 4,
            found: 5,
            expected: 4
        }
    );
    assert_eq!(message, "line 4 has 5 fields, expected 4");
    assert_eq!((err.line(), err.column()), (Some(4), None));
    // Too few, with CRLF; the header counts as the first line.
    let (_, message) = csv_error("a,b\r\n1,2\r\n3\r\n", Header::Detect);
    assert_eq!(message, "line 3 has 1 fields, expected 2");
    let (_, message) = csv_error("a,b,c\n1,2\n", Header::Present);
    assert_eq!(message, "line 2 has 2 fields, expected 3");
}

#[test]
fn empty_field() {
    let (err, message) = csv_error("1,2,3\n4,,6\n", Header::Absent);
    assert_eq!(err, CsvError::EmptyField { line: 2, column: 2 });
    assert_eq!(message, "line 2, column 2: the field is empty");
    let (_, message) = csv_error("1,2,\n", Header::Absent);
    assert_eq!(message, "line 1, column 3: the field is empty");
    let (_, message) = csv_error("1,2\n3,  \t\n", Header::Absent);
    assert_eq!(message, "line 2, column 2: the field is empty");
}

#[test]
fn blank_line_before_the_end() {
    let (err, message) = csv_error("a\n1\n\n2\n", Header::Present);
    assert_eq!(err, CsvError::BlankLine { line: 3 });
    assert_eq!(
        message,
        "line 3 is blank: blank lines are allowed only at the end"
    );
    let (_, message) = csv_error("1,2\r\n  \r\n3,4\r\n", Header::Absent);
    assert_eq!(
        message,
        "line 2 is blank: blank lines are allowed only at the end"
    );
    // A blank line 1 is not a header of one empty name.
    for header in [Header::Present, Header::Absent, Header::Detect] {
        let (_, message) = csv_error("\n1\n", header);
        assert_eq!(
            message,
            "line 1 is blank: blank lines are allowed only at the end"
        );
    }
}

#[test]
fn no_rows() {
    for text in ["", "\n", " \r\n\r\n", "\u{feff}", "a,b\n", "a,b\r\n\r\n"] {
        for header in [Header::Present, Header::Detect] {
            let (err, message) = csv_error(text, header);
            assert_eq!(err, CsvError::NoRows, "{text:?}");
            assert_eq!(message, "the text has no rows of numbers");
            assert_eq!((err.line(), err.column()), (None, None));
        }
    }
    assert_eq!(csv_error("", Header::Absent).0, CsvError::NoRows);
}

#[test]
fn detect_reads_a_mixed_first_line_as_numbers() {
    // `abc` may be a typo in the first row: it is reported, not taken for a name.
    let (_, message) = csv_error("1,abc\n2,3\n", Header::Detect);
    assert_eq!(message, r#"line 1, column 2: "abc" is not a number"#);
    // With Present the same line is a header.
    let table = read_csv("1,abc\n2,3\n", Header::Present).unwrap();
    assert_eq!(table.names().unwrap(), ["1", "abc"]);
}

// ---------------------------------------------------------------------------------------------
// Labels and one-hot targets

/// The iris-like table the label tests share: a header, 3 features, the class last.
fn small_table() -> Table {
    read_csv(
        "f1,f2,f3,class\n5.1,3.5,1.4,0\n7.0,3.2,4.7,1\n6.3,3.3,6.0,2\n4.9,3.0,1.4,0\n",
        Header::Detect,
    )
    .unwrap()
}

#[test]
fn split_labels_last_and_by_index() {
    let table = small_table();
    let (x, labels) = table.split_labels(LabelColumn::Last, None).unwrap();
    assert_eq!(
        x,
        Matrix::from_rows(&[
            [5.1, 3.5, 1.4],
            [7.0, 3.2, 4.7],
            [6.3, 3.3, 6.0],
            [4.9, 3.0, 1.4]
        ])
    );
    assert_eq!(labels, [0, 1, 2, 0]);
    assert_eq!(count_classes(&labels), 3);
    assert_eq!(
        table.split_labels(LabelColumn::Index(3), Some(3)).unwrap(),
        (x, labels)
    );

    // A label column in the middle: the others keep their order.
    let table = read_csv("1,0,2\n3,1,4\n", Header::Absent).unwrap();
    let (x, labels) = table.split_labels(LabelColumn::Index(1), None).unwrap();
    assert_eq!(x, Matrix::from_rows(&[[1., 2.], [3., 4.]]));
    assert_eq!(labels, [0, 1]);

    // A table of labels alone: m × 0 features.
    let table = read_csv("2\n0\n1\n", Header::Absent).unwrap();
    let (x, labels) = table.split_labels(LabelColumn::Last, None).unwrap();
    assert_eq!((x.shape(), labels), ((3, 0), vec![2, 0, 1]));
}

#[test]
fn labels_that_are_not_classes() {
    let table = small_table();
    // Column 1 holds 5.1 on line 2.
    let err = table.split_labels(LabelColumn::Index(0), None).unwrap_err();
    assert_eq!(
        err,
        CsvError::NotAClass {
            line: 2,
            column: 1,
            value: 5.1,
            classes: None
        }
    );
    assert_eq!(
        err.to_string(),
        "line 2, column 1: label 5.1 is not a class: classes are whole numbers 0, 1, 2, … below 65536"
    );
    assert_eq!((err.line(), err.column()), (Some(2), Some(1)));
    // Class 2, on line 4, with k = 2.
    let err = table.split_labels(LabelColumn::Last, Some(2)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 4, column 4: label 2 is not a class: classes are 0 to 1"
    );
    let err = table.split_labels(LabelColumn::Last, Some(0)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 2, column 4: label 0 is not a class: there are no classes"
    );
    // Negative, fractional and huge labels; lines counted without a header.
    for (text, message) in [
        ("1,-1\n", "line 1, column 2: label -1 is not a class"),
        ("1,0\n1,0.5\n", "line 2, column 2: label 0.5 is not a class"),
        ("1,1e300\n", "line 1, column 2: label 1e300 is not a class"),
        (
            "1,65536\n",
            "line 1, column 2: label 65536 is not a class: classes are whole numbers 0, 1, 2, … below 65536",
        ),
    ] {
        let table = read_csv(text, Header::Absent).unwrap();
        let err = table.split_labels(LabelColumn::Last, None).unwrap_err();
        assert!(err.to_string().starts_with(message), "{err}");
    }
    // 2¹⁶ − 1 is the largest class number.
    let table = read_csv("65535\n", Header::Absent).unwrap();
    let (_, labels) = table.split_labels(LabelColumn::Last, None).unwrap();
    assert_eq!(labels, [65535]);
}

#[test]
fn label_column_that_does_not_exist() {
    let err = small_table()
        .split_labels(LabelColumn::Index(4), None)
        .unwrap_err();
    assert_eq!(
        err,
        CsvError::NoSuchColumn {
            column: 4,
            columns: 4
        }
    );
    assert_eq!(
        err.to_string(),
        "label column 4 (from 0) does not exist: the table has 4 columns"
    );
    assert_eq!((err.line(), err.column()), (None, None));
}

#[test]
fn one_hot_rows() {
    assert_eq!(
        one_hot(&[0, 2, 1, 2], 3),
        Matrix::from_rows(&[[1., 0., 0.], [0., 0., 1.], [0., 1., 0.], [0., 0., 1.]])
    );
    assert_eq!(one_hot(&[1], 4), Matrix::from_rows(&[[0., 1., 0., 0.]]));
    assert_eq!(one_hot(&[], 3).shape(), (0, 3));
    // Back to labels with argmax.
    let labels = [3, 0, 1, 1, 2];
    assert_eq!(argmax(&one_hot(&labels, 4)), labels);
}

#[test]
#[should_panic(expected = "one_hot: labels[1] = 3, but classes are 0 to 2")]
fn one_hot_label_out_of_range() {
    one_hot(&[0, 3], 3);
}

#[test]
fn one_hot_too_large_for_memory_is_an_error() {
    // m × k overflows usize; m × k fits but its 8·m·k bytes do not fit in an address space.
    for classes in [usize::MAX / 2 + 1, 1 << 61] {
        assert_eq!(
            try_one_hot(&[0, 1], classes),
            Err(Error::TooLarge {
                rows: 2,
                cols: classes
            })
        );
    }
    assert_eq!(try_one_hot(&[0, 2, 1], 3), Ok(one_hot(&[0, 2, 1], 3)));
}

#[test]
#[should_panic(expected = "one_hot: a 2×2305843009213693952 matrix has more elements than fit")]
fn one_hot_too_large_for_memory_panics_with_the_size() {
    one_hot(&[0, 1], 1 << 61);
}

// ---------------------------------------------------------------------------------------------
// Standardizer

/// A 7×3 training set and a 2×3 test set: the third column is constant in training.
fn train_and_test() -> (Matrix, Matrix) {
    let x_train = Matrix::from_rows(&[
        [1.0, 200.0, 0.1],
        [2.0, 180.0, 0.1],
        [4.0, 150.0, 0.1],
        [8.0, 210.0, 0.1],
        [16.0, 170.0, 0.1],
        [32.0, 160.0, 0.1],
        [64.0, 190.0, 0.1],
    ]);
    let x_test = Matrix::from_rows(&[[3.0, 175.0, 0.1], [100.0, 100.0, 0.3]]);
    (x_train, x_test)
}

/// Mean and population standard deviation of column `j`, in the plainest way.
fn column_mean_std(x: &Matrix, j: usize) -> (f64, f64) {
    let m = x.rows() as f64;
    let column: Vec<f64> = (0..x.rows()).map(|i| x[(i, j)]).collect();
    let mean = column.iter().sum::<f64>() / m;
    let variance = column.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / m;
    (mean, variance.sqrt())
}

#[test]
fn standardizer_fit_and_transform() {
    let (x_train, x_test) = train_and_test();
    let standardizer = Standardizer::fit(&x_train);
    // μ and σ of columns 1 and 2 by the plain formula (tolerance 1e-15 relative: the crate's
    // sqrt is correctly rounded, and the sums run in the same order).
    for j in 0..2 {
        let (mean, std) = column_mean_std(&x_train, j);
        assert!((standardizer.mean[j] - mean).abs() <= 1e-15 * mean.abs());
        assert!((standardizer.std[j] - std).abs() <= 1e-15 * std);
    }
    // Column 0: μ = 127/7; column 1: μ = 180, σ² = (400+0+900+900+100+400+100)/7 = 400.
    assert_eq!(standardizer.mean[1], 180.0);
    assert_eq!(standardizer.std[1], 20.0);
    // The constant column: μ is its value exactly (0.1·7/7 would not be), σ = 1.
    assert_eq!((standardizer.mean[2], standardizer.std[2]), (0.1, 1.0));

    // Training columns: mean 0 and std 1 (to 1e-15), the constant column exactly 0.
    let x_train_prime = standardizer.transform(&x_train);
    for j in 0..2 {
        let (mean, std) = column_mean_std(&x_train_prime, j);
        assert!(mean.abs() < 1e-15, "column {j}: mean {mean}");
        assert!((std - 1.0).abs() < 1e-15, "column {j}: std {std}");
    }
    for i in 0..x_train.rows() {
        assert_eq!(x_train_prime[(i, 2)], 0.0);
    }

    // The test set with the training set's μ and σ, not its own.
    let x_test_prime = standardizer.transform(&x_test);
    let mu0 = 127.0 / 7.0;
    let sigma0 = standardizer.std[0];
    let want = Matrix::from_rows(&[
        [(3.0 - mu0) / sigma0, -0.25, 0.0],
        [(100.0 - mu0) / sigma0, -4.0, 0.3 - 0.1],
    ]);
    assert_eq!(x_test_prime, want);
}

#[test]
fn standardizer_f32() {
    let x = Matrix::<f32>::from_rows(&[[1., 10., 5.], [3., 50., 5.], [2., 30., 5.]]);
    let standardizer = Standardizer::fit(&x);
    assert_eq!(standardizer.mean, [2.0f32, 30., 5.]);
    // σ = √(2/3) and √(800/3), computed in f64 and rounded.
    assert_eq!(
        standardizer.std,
        [
            (2.0f64 / 3.0).sqrt() as f32,
            (800.0f64 / 3.0).sqrt() as f32,
            1.0
        ]
    );
    let x_prime = standardizer.transform(&x);
    assert_eq!(x_prime.row(2), &[0.0f32, 0.0, 0.0]);
}

#[test]
fn standardizer_spread_below_f64() {
    // The squared deviations, (5e-201)², underflow to 0: σ would be 0, so it is 1.
    let x = Matrix::<f64>::from_rows(&[[1e-200], [2e-200]]);
    let standardizer = Standardizer::fit(&x);
    assert_eq!(standardizer.std, [1.0]);
    assert!(
        standardizer
            .transform(&x)
            .as_slice()
            .iter()
            .all(|v| v.is_finite())
    );
}

#[test]
fn standardizer_spread_near_the_largest_f64() {
    // Σ x and (x − μ)² overflow here: computed on x / max|x| instead, μ = 0 and σ = 1.7e308
    // (not ∞, which would have made every standardised value 0).
    let x = Matrix::<f64>::from_rows(&[[1.7e308, 1.0], [-1.7e308, 2.0]]);
    let standardizer = Standardizer::fit(&x);
    assert_eq!(standardizer.mean, [0.0, 1.5]);
    assert_eq!(standardizer.std, [1.7e308, 0.5]);
    assert_eq!(
        standardizer.transform(&x),
        Matrix::from_rows(&[[1.0, -1.0], [-1.0, 1.0]])
    );
}

#[test]
fn standardizer_of_no_columns() {
    // A table whose only column was the label leaves rows of no features: nothing to scale,
    // and the same shape back.
    let x = Matrix::<f64>::zeros(2, 0);
    let standardizer = Standardizer::fit(&x);
    assert!(standardizer.mean.is_empty() && standardizer.std.is_empty());
    assert_eq!(standardizer.transform(&x).shape(), (2, 0));
}

#[test]
#[should_panic(expected = "Standardizer::fit: a 0×3 matrix has no rows to take the mean of")]
fn standardizer_fit_on_nothing() {
    Standardizer::fit(&Matrix::<f64>::zeros(0, 3));
}

#[test]
#[should_panic(expected = "Standardizer::transform: a 1×2 matrix, but μ has 3 columns and σ 3")]
fn standardizer_transform_wrong_width() {
    let (x_train, _) = train_and_test();
    Standardizer::fit(&x_train).transform(&Matrix::zeros(1, 2));
}

// ---------------------------------------------------------------------------------------------
// Permutation and split

#[test]
fn permutation_is_a_permutation_and_seeded() {
    for m in [0, 1, 2, 3, 10, 101] {
        for seed in 0..20 {
            let p = permutation(m, &mut XorShift::new(seed));
            let mut seen = vec![false; m];
            for &i in &p {
                assert!(!seen[i], "m = {m}, seed {seed}: {i} twice in {p:?}");
                seen[i] = true;
            }
            assert_eq!(p.len(), m);
            assert_eq!(p, permutation(m, &mut XorShift::new(seed)));
        }
    }
    assert_ne!(
        permutation(20, &mut XorShift::new(1)),
        permutation(20, &mut XorShift::new(2))
    );
}

#[test]
fn permutation_is_uniform() {
    // 60 000 shuffles of 3 items: each of the 6 orders is expected 10 000 times, with a
    // standard deviation of √(60000·(1/6)·(5/6)) ≈ 91; allow 5 of them.
    let mut rng = XorShift::new(11);
    let mut counts = std::collections::BTreeMap::new();
    for _ in 0..60_000 {
        *counts.entry(permutation(3, &mut rng)).or_insert(0i32) += 1;
    }
    assert_eq!(counts.len(), 6);
    for (order, &count) in &counts {
        assert!((count - 10_000).abs() < 455, "{order:?}: {count}");
    }
}

/// A `m × 2` matrix whose row `i` is `[i, −i]`, and the label `i` for it: rows and labels
/// name themselves.
fn numbered(m: usize) -> (Matrix, Vec<usize>) {
    let data = (0..m).flat_map(|i| [i as f64, -(i as f64)]).collect();
    (Matrix::from_vec(m, 2, data), (0..m).collect())
}

#[test]
fn split_is_a_permutation_and_keeps_labels_with_rows() {
    for m in [0, 1, 2, 5, 10, 150] {
        for (fraction, m_test) in [
            (0.0, 0),
            (0.2, (0.2 * m as f64).ceil() as usize),
            (0.25, (0.25 * m as f64).ceil() as usize),
            (1.0, m),
        ] {
            let (x, labels) = numbered(m);
            let mut rng = XorShift::new(m as u64);
            let (x_train, y_train, x_test, y_test) =
                train_test_split(&x, &labels, fraction, &mut rng);
            assert_eq!((x_test.rows(), y_test.len()), (m_test, m_test));
            assert_eq!((x_train.rows(), y_train.len()), (m - m_test, m - m_test));
            assert_eq!((x_train.cols(), x_test.cols()), (2, 2));
            let mut seen = vec![0; m];
            for (x, y) in [(&x_train, &y_train), (&x_test, &y_test)] {
                for (i, &label) in y.iter().enumerate() {
                    assert_eq!(x.row(i), &[label as f64, -(label as f64)]);
                    seen[label] += 1;
                }
            }
            assert!(seen.iter().all(|&n| n == 1), "m = {m}: {seen:?}");
        }
    }
}

#[test]
fn split_rounds_the_test_set_up() {
    // m_test = ⌈test_fraction · m⌉ in f64, as scikit-learn's ceil(test_size · n_samples):
    // 0.25 · 10 = 2.5 gives 3, 0.01 · 10 gives 1, and 0.07 · 100, which is
    // 7.000000000000001 in f64, gives 8 (scikit-learn's test set is 8 rows too).
    for (m, fraction, m_test) in [(10, 0.25, 3), (10, 0.01, 1), (100, 0.07, 8), (100, 0.3, 30)] {
        let (x, labels) = numbered(m);
        let (_, _, x_test, _) = train_test_split(&x, &labels, fraction, &mut XorShift::new(1));
        assert_eq!(x_test.rows(), m_test, "{fraction} · {m}");
    }
}

#[test]
fn split_is_deterministic_for_a_seed() {
    let (x, labels) = numbered(50);
    let split = |seed| train_test_split(&x, &labels, 0.2, &mut XorShift::new(seed));
    assert_eq!(split(42), split(42));
    assert_ne!(split(42).3, split(43).3);
    // The test set is the first ⌈0.2·50⌉ = 10 entries of the seed's permutation.
    let p = permutation(50, &mut XorShift::new(42));
    assert_eq!(split(42).3, &p[..10]);
    assert_eq!(split(42).1, &p[10..]);
}

#[test]
fn split_f32() {
    let x = Matrix::<f32>::from_rows(&[[0.], [1.], [2.], [3.]]);
    let (x_train, y_train, x_test, y_test) =
        train_test_split(&x, &[0, 1, 2, 3], 0.5, &mut XorShift::new(5));
    assert_eq!((x_train.rows(), x_test.rows()), (2, 2));
    for (x, y) in [(&x_train, &y_train), (&x_test, &y_test)] {
        for (i, &label) in y.iter().enumerate() {
            assert_eq!(x[(i, 0)], label as f32);
        }
    }
}

#[test]
#[should_panic(expected = "train_test_split: test_fraction = 1.5, expected a number from 0 to 1")]
fn split_fraction_out_of_range() {
    let (x, labels) = numbered(4);
    train_test_split(&x, &labels, 1.5, &mut XorShift::new(1));
}

#[test]
#[should_panic(expected = "train_test_split: 3 labels for a 4×2 matrix, expected 4")]
fn split_labels_wrong_length() {
    let (x, _) = numbered(4);
    train_test_split(&x, &[0, 1, 2], 0.5, &mut XorShift::new(1));
}

// ---------------------------------------------------------------------------------------------
// Scores

#[test]
fn accuracy_counts() {
    assert_eq!(accuracy(&[0, 1, 2, 1], &[0, 1, 2, 1]), 1.0);
    assert_eq!(accuracy(&[0, 1, 2, 1], &[1, 1, 2, 0]), 0.5);
    assert_eq!(accuracy(&[3], &[2]), 0.0);
    assert_eq!(accuracy(&[0, 0, 1, 0, 1, 1, 1, 1], &[0; 8]), 3.0 / 8.0);
    assert!(accuracy(&[], &[]).is_nan());
}

#[test]
#[should_panic(expected = "accuracy: 2 predictions for 3 samples")]
fn accuracy_lengths_differ() {
    accuracy(&[0, 1], &[0, 1, 2]);
}

#[test]
fn argmax_ties_and_nan() {
    let zero = std::hint::black_box(0.0f64);
    let negative_nan = zero / zero; // x86 computes a NaN with the sign bit set
    let y_hat = Matrix::from_rows(&[
        [0.1, 0.2, 0.7],
        [0.4, 0.4, 0.2],                    // tie: the first
        [1.0, 1.0, 1.0],                    // all equal: 0
        [f64::NEG_INFINITY; 3],             // all −∞: 0
        [0.5, f64::NAN, 0.9],               // NaN: its index
        [f64::NAN, 2.0, f64::NAN],          // the first NaN
        [1.0, -negative_nan, negative_nan], // NaNs of either sign: the first
        [-1.0, 9.0, negative_nan],          // a negative NaN beats 9
        [-5.0, -0.0, 0.0],                  // −0 = +0: the first
        [f64::INFINITY, f64::MAX, 1.0],
    ]);
    assert_eq!(argmax(&y_hat), [2, 0, 0, 0, 1, 0, 1, 2, 1, 0]);
    assert_eq!(argmax(&Matrix::<f64>::zeros(0, 3)), Vec::<usize>::new());
    assert_eq!(argmax(&Matrix::<f64>::zeros(0, 0)), Vec::<usize>::new());
    let y_hat = Matrix::<f32>::from_rows(&[[0.2, 0.3, 0.3], [f32::NAN, 1.0, 2.0]]);
    assert_eq!(argmax(&y_hat), [1, 0]);
}

#[test]
#[should_panic(expected = "argmax: a 2×0 matrix has no columns to choose from")]
fn argmax_of_no_columns() {
    argmax(&Matrix::<f64>::zeros(2, 0));
}

#[test]
fn confusion_matrix_counts() {
    let actual = [0, 0, 0, 1, 1, 2, 2, 2, 2, 1];
    let predicted = [0, 0, 1, 1, 1, 2, 0, 2, 2, 2];
    let confusion: ConfusionMatrix = confusion_matrix(&predicted, &actual, 3);
    assert_eq!(confusion.classes(), 3);
    // Rows: actual class; columns: predicted class.
    assert_eq!(confusion.row(0), &[2, 1, 0]);
    assert_eq!(confusion.row(1), &[0, 2, 1]);
    assert_eq!(confusion.row(2), &[1, 0, 3]);
    assert_eq!(confusion[(2, 0)], 1);
    // The diagonal over the total is the accuracy.
    let correct: usize = (0..3).map(|c| confusion[(c, c)]).sum();
    assert_eq!(correct as f64 / 10.0, accuracy(&predicted, &actual));
    assert_eq!(
        confusion.to_string(),
        [
            "        predicted",
            "actual  0  1  2",
            "     0  2  1  0",
            "     1  0  2  1",
            "     2  1  0  3",
        ]
        .join("\n")
    );
}

#[test]
fn confusion_matrix_display_widens_for_large_counts_and_many_classes() {
    // 12 classes, and class 11 predicted right 1234 times.
    let mut actual = vec![11; 1234];
    actual.push(0);
    let mut predicted = actual.clone();
    predicted[1234] = 10;
    let text = confusion_matrix(&predicted, &actual, 12).to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2 + 12);
    assert_eq!(
        lines[1],
        "actual     0     1     2     3     4     5     6     7     8     9    10    11"
    );
    assert_eq!(
        lines[2],
        "     0     0     0     0     0     0     0     0     0     0     0     1     0"
    );
    assert!(lines[13].starts_with("    11     0"));
    assert!(lines[13].ends_with("     0  1234"));
    // No classes: the header alone.
    assert_eq!(
        confusion_matrix(&[], &[], 0).to_string(),
        "        predicted\nactual"
    );
}

#[test]
#[should_panic(expected = "confusion_matrix: actual[1] = 5, but classes are 0 to 2")]
fn confusion_matrix_class_out_of_range() {
    confusion_matrix(&[0, 1], &[0, 5], 3);
}

// ---------------------------------------------------------------------------------------------
// The whole way, on a table made in the test

#[test]
fn csv_to_accuracy() {
    // Three clusters of points around (0, 0), (10, 0) and (0, 10), with the class first.
    let mut rng = XorShift::new(9);
    let centres = [(0.0, 0.0), (10.0, 0.0), (0.0, 10.0)];
    let mut text = String::from("class,x,y\r\n");
    for i in 0..90 {
        let (cx, cy) = centres[i % 3];
        let (x, y) = (cx + rng.normal(), cy + rng.normal());
        text += &format!("{},{x:.3}, {y:.3}\r\n", i % 3);
    }
    let table = read_csv(&text, Header::Detect).unwrap();
    let (x, labels) = table.split_labels(LabelColumn::Index(0), None).unwrap();
    assert_eq!((x.shape(), count_classes(&labels)), ((90, 2), 3));
    let (x_train, y_train, x_test, y_test) = train_test_split(&x, &labels, 0.2, &mut rng);
    let standardizer = Standardizer::fit(&x_train);
    let x_test = standardizer.transform(&x_test);
    // The nearest training centre, standardised with the training set's μ and σ.
    let centres = Matrix::from_rows(&centres.map(|(x, y)| [x, y]));
    let centres = standardizer.transform(&centres);
    let minus_distances: Vec<Vec<f64>> = (0..x_test.rows())
        .map(|i| {
            (0..3)
                .map(|c| {
                    let (dx, dy) = (
                        x_test[(i, 0)] - centres[(c, 0)],
                        x_test[(i, 1)] - centres[(c, 1)],
                    );
                    -(dx * dx + dy * dy)
                })
                .collect()
        })
        .collect();
    let predicted = argmax(&Matrix::from_rows(&minus_distances));
    assert_eq!(accuracy(&predicted, &y_test), 1.0);
    assert_eq!(y_train.len() + y_test.len(), 90);
    let confusion = confusion_matrix(&predicted, &y_test, 3);
    assert_eq!((0..3).map(|c| confusion[(c, c)]).sum::<usize>(), 18);
}

// ---------------------------------------------------------------------------------------------
// Mini-fuzz

/// Characters a damaged CSV is made of: the syntax, the pieces of numbers, letters of `inf`
/// and `NaN`, whitespace, quotes, and a few characters of more than one byte.
const ALPHABET: &[char] = &[
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '.', ',', ',', ',', '-', '+', 'e', 'E', ' ',
    '\t', '\r', '\n', '\n', 'a', 'i', 'n', 'f', 'N', 'x', '"', ';', '_', 'é', '…', '\u{feff}',
    '\u{0}',
];

fn below(n: usize, rng: &mut XorShift) -> usize {
    (rng.next_u64() % n as u64) as usize
}

fn random_char(rng: &mut XorShift) -> char {
    ALPHABET[below(ALPHABET.len(), rng)]
}

/// A valid CSV: 1–6 columns, 1–8 rows, an optional header, numbers in several spellings, LF
/// or CRLF, the class (0–2) last.
fn valid_csv(rng: &mut XorShift) -> String {
    let cols = 1 + below(6, rng);
    let rows = 1 + below(8, rng);
    let newline = if below(2, rng) == 0 { "\n" } else { "\r\n" };
    let mut text = String::new();
    if below(2, rng) == 0 {
        let names: Vec<String> = (0..cols).map(|j| format!("c{j}")).collect();
        text += &names.join(",");
        text += newline;
    }
    for _ in 0..rows {
        let mut fields: Vec<String> = (0..cols - 1)
            .map(|_| {
                let x = 100.0 * rng.normal();
                match below(4, rng) {
                    0 => format!("{x}"),
                    1 => format!("{x:e}"),
                    2 => format!(" {x:.2} "),
                    _ => format!("{}", x as i64),
                }
            })
            .collect();
        fields.push(format!("{}", below(3, rng)));
        text += &fields.join(",");
        text += newline;
    }
    text
}

/// `text` with 1–4 random edits: a character inserted, deleted or replaced, a piece
/// duplicated, or the text cut short.
fn mutate(text: &str, rng: &mut XorShift) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..1 + below(4, rng) {
        let at = below(chars.len() + 1, rng);
        match below(5, rng) {
            0 => chars.insert(at, random_char(rng)),
            1 if at < chars.len() => {
                chars.remove(at);
            }
            2 if at < chars.len() => chars[at] = random_char(rng),
            3 => {
                let end = (at + below(12, rng)).min(chars.len());
                let piece: Vec<char> = chars[at..end].to_vec();
                let to = below(chars.len() + 1, rng);
                chars.splice(to..to, piece);
            }
            _ => chars.truncate(at),
        }
    }
    chars.into_iter().collect()
}

/// Reads `text` every way there is, and checks what comes back: a table's shape and values,
/// an error's line within the text.
fn read_every_way(text: &str) -> (usize, usize) {
    let lines = text.split('\n').count();
    let (mut accepted, mut rejected) = (0, 0);
    for header in [Header::Present, Header::Absent, Header::Detect] {
        match read_csv(text, header) {
            Ok(table) => {
                accepted += 1;
                let (m, cols) = (table.rows(), table.cols());
                assert!(m >= 1 && cols >= 1, "{text:?}");
                assert!(table.values().as_slice().iter().all(|x| x.is_finite()));
                if let Some(names) = table.names() {
                    assert_eq!(names.len(), cols);
                }
                for (column, classes) in [
                    (LabelColumn::Last, None),
                    (LabelColumn::Last, Some(3)),
                    (LabelColumn::Index(0), Some(1)),
                    (LabelColumn::Index(cols), None),
                ] {
                    match table.split_labels(column, classes) {
                        Ok((x, labels)) => {
                            assert_eq!(x.shape(), (m, cols - 1));
                            assert_eq!(labels.len(), m);
                            let k = classes.unwrap_or_else(|| count_classes(&labels));
                            if k <= 1000 {
                                assert_eq!(one_hot(&labels, k).shape(), (m, k));
                            }
                        }
                        Err(err) => {
                            assert!(err.line().is_none_or(|line| (1..=lines).contains(&line)));
                            assert!(!err.to_string().is_empty());
                        }
                    }
                }
            }
            Err(err) => {
                rejected += 1;
                assert!(
                    err.line().is_none_or(|line| (1..=lines).contains(&line)),
                    "{err} in {text:?}"
                );
                assert!(!err.to_string().is_empty());
            }
        }
    }
    (accepted, rejected)
}

#[test]
fn fuzz_read_csv_never_panics() {
    let mut rng = XorShift::new(2024);
    let (mut accepted, mut rejected, mut panics) = (0, 0, Vec::new());
    for n in 0..20_000 {
        let text = match n % 4 {
            // Random text.
            0 => (0..below(120, &mut rng))
                .map(|_| random_char(&mut rng))
                .collect(),
            // A valid table, as it is (a quarter of the time) or damaged.
            1 => valid_csv(&mut rng),
            _ => {
                let valid = valid_csv(&mut rng);
                mutate(&valid, &mut rng)
            }
        };
        match catch_unwind(AssertUnwindSafe(|| read_every_way(&text))) {
            Ok((a, r)) => {
                accepted += a;
                rejected += r;
            }
            Err(_) => panics.push(text),
        }
    }
    println!(
        "fuzz: {accepted} readings accepted, {rejected} rejected, {} panics",
        panics.len()
    );
    assert!(
        panics.is_empty(),
        "{} inputs panicked, first: {:?}",
        panics.len(),
        panics[0]
    );
    // Both outcomes were exercised plenty.
    assert!(
        accepted > 10_000 && rejected > 10_000,
        "{accepted} / {rejected}"
    );
}

#[test]
fn module_path_and_error_trait() {
    // `CsvError` is an error a `?` can turn into `Box<dyn Error>`.
    fn read(text: &str) -> Result<usize, Box<dyn std::error::Error>> {
        Ok(data::read_csv(text, Header::Absent)?.rows())
    }
    assert_eq!(read("1\n2\n").unwrap(), 2);
    assert_eq!(
        read("1\nz\n").unwrap_err().to_string(),
        r#"line 2, column 1: "z" is not a number"#
    );
}

#[test]
fn fields_are_trimmed_of_spaces_and_tabs_only() {
    let table = read_csv("a,b\n 1\t, \t2 \n", Header::Detect).unwrap();
    assert_eq!(table.values().as_slice(), &[1.0, 2.0]);
    // A no-break space is not the whitespace the format allows: the field is not a number.
    let err = read_csv("1,\u{a0}2\n", Header::Absent).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"line 1, column 2: "\u{a0}2" is not a number"#
    );
    // Nor is a line of it blank.
    let err = read_csv("1,2\n\u{a0}\n3,4\n", Header::Absent).unwrap_err();
    assert_eq!(err.to_string(), "line 2 has 1 fields, expected 2");
}

#[test]
fn reading_from_a_reader_is_reading_the_text() {
    // Every text of the fuzz's kinds, valid or not, gives the same table or the same error
    // read whole or a line at a time (through a buffer of 7 bytes, so that lines are cut).
    let mut rng = XorShift::new(77);
    let pieces = [
        "1", "2.5", "-3e2", "x", "", " ", "\t", ",", "\n", "\r\n", "\u{feff}", "a,b", "\u{a0}",
    ];
    for _ in 0..5000 {
        let text: String = (0..rng.below(24))
            .map(|_| pieces[rng.below(pieces.len())])
            .collect();
        for header in [Header::Detect, Header::Present, Header::Absent] {
            let whole = read_csv(&text, header);
            let reader = std::io::BufReader::with_capacity(7, text.as_bytes());
            assert_eq!(read_csv_from(reader, header), whole, "{text:?}");
        }
    }
}

#[test]
fn a_reader_that_fails_or_gives_bytes_that_are_not_utf8_is_an_error_naming_the_line() {
    let err = read_csv_from(&b"1,2\n3,\xff\n"[..], Header::Absent).unwrap_err();
    assert_eq!(err, CsvError::NotUtf8 { line: 2 });
    assert_eq!(err.to_string(), "line 2 is not UTF-8 text");

    struct Failing;
    impl std::io::Read for Failing {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("the disk went away"))
        }
    }
    let err = read_csv_from(std::io::BufReader::new(Failing), Header::Absent).unwrap_err();
    assert_eq!(err.to_string(), "line 1: cannot read: the disk went away");
    assert_eq!(err.line(), Some(1));
}

/// Text that never ends, `BufRead` without memory: `pattern` again and again.
struct Endless {
    chunk: Vec<u8>,
    at: usize,
}

impl Endless {
    /// `pattern` repeated in a chunk of about 64 KB, handed out from `at`.
    fn new(pattern: &[u8]) -> Endless {
        Endless {
            chunk: pattern.repeat(65536 / pattern.len()),
            at: 0,
        }
    }
}

impl std::io::Read for Endless {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = std::io::BufRead::fill_buf(self)?.len().min(out.len());
        out[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
        std::io::BufRead::consume(self, n);
        Ok(n)
    }
}

impl std::io::BufRead for Endless {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        Ok(&self.chunk[self.at..])
    }

    fn consume(&mut self, n: usize) {
        self.at = (self.at + n) % self.chunk.len();
    }
}

/// Run by `text_too_large_for_memory_is_an_error_not_an_abort` in a process of its own, under
/// a memory limit: unlimited, it would fill the machine's memory before failing.
#[test]
#[ignore = "needs a memory limit: run by text_too_large_for_memory_is_an_error_not_an_abort"]
fn endless_text_under_a_memory_limit() {
    assert!(
        std::env::var_os("SCRATCHNET_MEMORY_LIMITED").is_some(),
        "run under a memory limit only"
    );
    // One endless line: its text cannot be held.
    match read_csv_from(Endless::new(b"1,"), Header::Absent) {
        Err(CsvError::TooLarge {
            line: 1,
            count,
            what,
        }) => {
            assert_eq!(what, "bytes of the line's text");
            assert!(count > 1 << 20, "the line got only to {count} bytes");
        }
        other => panic!("got {other:?}, want a line too long for memory"),
    }
    // Endless short lines: their numbers cannot be held. Before line L the 4·(L − 1)
    // numbers of the lines above are held, and line L asks for room for 4 more.
    match read_csv_from(Endless::new(b"1,2,3,4\n"), Header::Absent) {
        Err(CsvError::TooLarge { line, count, what }) => {
            assert_eq!(what, "numbers");
            assert_eq!(count, 4 * line);
            assert!(line > 1 << 16, "only {line} lines were read");
        }
        other => panic!("got {other:?}, want numbers too many for memory"),
    }
}

#[cfg(target_os = "linux")]
#[test]
fn text_too_large_for_memory_is_an_error_not_an_abort() {
    let this_test_binary = std::env::current_exe().expect("the test binary's path");
    let run = std::process::Command::new("sh")
        .arg("-c")
        .arg(r#"ulimit -v 100000 && exec "$0" --ignored --exact endless_text_under_a_memory_limit"#)
        .arg(this_test_binary)
        .env("SCRATCHNET_MEMORY_LIMITED", "1")
        .output()
        .expect("sh runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        run.status.success() && stdout.contains("1 passed"),
        "under 100 MB of address space: {}\n{stdout}\n{stderr}",
        run.status
    );
}
