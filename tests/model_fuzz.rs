//! Fuzzing the model-file loader without a fuzzing crate: more than 200 000 damaged model
//! files of both versions and random texts, made with the crate's own `XorShift` from fixed seeds (so a failure
//! can be replayed), each loaded under `catch_unwind`. For every input:
//!
//! * `load` does not panic;
//! * a rejection names a line in `1..=lines + 1` (`lines` counted by `str::lines`);
//! * an accepted file saves and loads back to the same network;
//! * the bytes that `load` asks the allocator for, counted per thread by the counting
//!   allocator below, are at most `BYTES_PER_BYTE × text length + BYTES_EXTRA`: the bound
//!   that the module documentation of `scratchnet::model` derives.
//!
//! Each test prints its counts and time (`cargo test --test model_fuzz -- --nocapture`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;

use std::collections::BTreeMap;

use scratchnet::{Activation, Float, Matrix, Network, XorShift};

/// Counts the bytes each thread asks for (`alloc`, and the new size of every `realloc`),
/// then lets `System` do the work. Per thread, because the test harness runs tests in
/// parallel.
struct CountingAllocator;

thread_local! {
    static BYTES: Cell<usize> = const { Cell::new(0) };
}

/// Adds `size` to this thread's count; a thread being torn down is not counted.
fn count(size: usize) {
    let _ = BYTES.try_with(|bytes| bytes.set(bytes.get().saturating_add(size)));
}

// SAFETY: every call is passed unchanged to `System`, which upholds `GlobalAlloc`'s contract;
// the thread-local counter is a `const`-initialised `Cell`, so counting never allocates.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        // SAFETY: the caller's contract for `alloc` is passed on to `System`.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        // SAFETY: the caller's contract for `alloc_zeroed` is passed on to `System`.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System` with this `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        // SAFETY: the caller's contract for `realloc` is passed on to `System`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// What `f` returns, and the bytes it asked the allocator for on this thread.
fn bytes_in<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = BYTES.with(Cell::get);
    let result = f();
    (result, BYTES.with(Cell::get) - before)
}

/// The allocation bound of `scratchnet::model`: at most `8·W + 8·B + 98·L + 16` bytes for W
/// weights, B biases and L layers, with at least `2·W + 9·L` bytes of text (`2·W + 2·B +
/// 21·L` with biases), is at most 8 bytes per byte of text; an error adds at most 163 bytes
/// (its quote of 40 characters and `…`).
const BYTES_PER_BYTE: usize = 8;
const BYTES_EXTRA: usize = 256;

/// What the fuzz tests saw, for their summary line.
#[derive(Default)]
struct Tally {
    inputs: usize,
    accepted: usize,
    rejected: usize,
    /// The most bytes allocated per byte of text, over inputs of at least 64 bytes.
    worst_ratio: f64,
    /// How many rejections of each `LoadErrorKind`, by name: how deep the inputs reach.
    kinds: BTreeMap<String, usize>,
    failures: Vec<String>,
}

impl Tally {
    /// Loads `text` as `Network<T>` and checks everything the module documentation promises.
    fn load<T: Float>(&mut self, text: &str) {
        let outcome = catch_unwind(AssertUnwindSafe(|| bytes_in(|| Network::<T>::load(text))));
        let Ok((result, bytes)) = outcome else {
            self.fail("load panicked", text);
            return;
        };
        if bytes > BYTES_PER_BYTE * text.len() + BYTES_EXTRA {
            self.fail(&format!("load asked for {bytes} bytes"), text);
        }
        if text.len() >= 64 {
            self.worst_ratio = self.worst_ratio.max(bytes as f64 / text.len() as f64);
        }
        match result {
            Ok(net) => {
                self.accepted += 1;
                let mut again = String::new();
                net.save(&mut again).unwrap();
                if Network::<T>::load(&again).as_ref() != Ok(&net) {
                    self.fail("an accepted file did not round-trip", text);
                }
            }
            Err(e) => {
                self.rejected += 1;
                let debug = format!("{:?}", e.kind());
                let name = debug.split([' ', '(']).next().unwrap_or_default();
                *self.kinds.entry(name.to_string()).or_default() += 1;
                let lines = text.lines().count();
                if !(1..=lines + 1).contains(&e.line()) {
                    self.fail(&format!("{e}, but the text has {lines} lines"), text);
                }
            }
        }
    }

    /// Loads `text` as both element types.
    fn load_both(&mut self, text: &str) {
        self.inputs += 1;
        self.load::<f64>(text);
        self.load::<f32>(text);
    }

    fn fail(&mut self, what: &str, text: &str) {
        self.failures.push(format!("{what}, for the text {text:?}"));
    }

    /// Prints the summary and panics if any input failed.
    fn finish(self, name: &str, start: Instant) {
        println!(
            "{name}: {} inputs ({} loads: {} accepted, {} rejected), worst {:.2} bytes \
             allocated per byte of text, {:.1} s",
            self.inputs,
            self.accepted + self.rejected,
            self.accepted,
            self.rejected,
            self.worst_ratio,
            start.elapsed().as_secs_f64()
        );
        println!("  rejections: {:?}", self.kinds);
        assert!(
            self.failures.is_empty(),
            "{} failures; the first:\n{}",
            self.failures.len(),
            self.failures[..self.failures.len().min(5)].join("\n")
        );
    }
}

/// A number in `0..n`.
fn below(rng: &mut XorShift, n: usize) -> usize {
    (rng.next_u64() % n as u64) as usize
}

/// One of `items`.
fn pick<'a, T: ?Sized>(rng: &mut XorShift, items: &[&'a T]) -> &'a T {
    items[below(rng, items.len())]
}

/// Weights the loader must take: mostly N(0, 1), some extremes, some small integers.
fn random_weight(rng: &mut XorShift, f32_range: bool) -> f64 {
    let extremes: &[f64] = if f32_range {
        &[1e-45, -1e-45, 3.4028235e38, 1.1754942e-38, 0.1, -0.0]
    } else {
        &[
            5e-324,
            -2.2250738585072014e-308,
            f64::MAX,
            1e-300,
            0.1,
            -0.0,
        ]
    };
    match below(rng, 20) {
        0 => extremes[below(rng, extremes.len())],
        1 | 2 => below(rng, 7) as f64 - 3.0,
        _ => rng.normal(),
    }
}

/// A valid model file: 2 to 4 layers of 1 to 5 neurons, `f32` or `f64`; half of them of
/// version 1 (sigmoid, no biases), half of version 2 (random activations, softmax only
/// last, and biases or not).
fn valid_file(rng: &mut XorShift) -> String {
    let sizes: Vec<usize> = (0..2 + below(rng, 3)).map(|_| 1 + below(rng, 5)).collect();
    let depth = sizes.len() - 1;
    let f32_range = below(rng, 2) == 0;
    let matrix = |rng: &mut XorShift, rows: usize, cols: usize| {
        let data = (0..rows * cols)
            .map(|_| random_weight(rng, f32_range))
            .collect();
        Matrix::from_vec(rows, cols, data)
    };
    let weights: Vec<Matrix> = sizes
        .windows(2)
        .map(|pair| matrix(rng, pair[0], pair[1]))
        .collect();
    let version_2 = below(rng, 2) == 0;
    let (activations, biases) = if version_2 {
        let biases = below(rng, 2) == 0;
        let biases = biases.then(|| sizes[1..].iter().map(|&n| matrix(rng, 1, n)).collect());
        let activations: Vec<Activation> = (1..=depth)
            .map(|l| Activation::ALL[below(rng, if l == depth { 5 } else { 4 })])
            .collect();
        (activations, biases)
    } else {
        (vec![Activation::Sigmoid; depth], None)
    };
    let net = Network::from_parts(&activations, weights, biases).unwrap();
    let mut text = String::new();
    if f32_range {
        net.cast::<f32>().save(&mut text).unwrap();
    } else {
        net.save(&mut text).unwrap();
    }
    text
}

/// Words that stress the parser when put in place of a number or a size.
const ODD_WORDS: [&str; 43] = [
    "",
    "0",
    "-0",
    "00",
    "+1",
    "1e400",
    "-1e400",
    "1e-400",
    "1e39",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "infinity",
    "0x1p3",
    "1_0",
    "1.2.3",
    ".",
    "-",
    "+",
    "e5",
    "1e",
    "١",
    "é",
    "\u{0}",
    "\t",
    "\r",
    "w1",
    "b1",
    "end",
    "sizes",
    "activations",
    "biases",
    "yes",
    "softmax",
    "relu",
    "Sigmoid",
    "4000000000",
    "4294967296",
    "18446744073709551615",
    "18446744073709551616",
    "99999999999999999999999999999999",
    "340282366920938463463374607431768211456",
];

/// Sizes that ask for far more than any test file holds.
const HUGE_SIZES: [&str; 7] = [
    "4000000000",
    "4294967295",
    "4294967296",
    "3037000500",
    "9223372036854775807",
    "18446744073709551615",
    "1000000",
];

/// Lines the format has, to insert where they do not belong.
const FORMAT_LINES: [&str; 17] = [
    "scratchnet model 1",
    "scratchnet model 2",
    "element f32",
    "element f64",
    "sizes 1 1",
    "sizes 4000000000 4000000000",
    "activations sigmoid",
    "activations softmax relu",
    "biases yes",
    "biases no",
    "w1 1 1",
    "w2 1 1",
    "b1 1 1",
    "b2 1 4000000000",
    "0.5",
    "end",
    "",
];

/// The bytes with one line operation applied: duplicate, delete, swap, or insert a format
/// line.
fn mutate_lines(bytes: &[u8], rng: &mut XorShift) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    let i = below(rng, lines.len());
    match below(rng, 4) {
        0 => {
            let line = lines[i].clone();
            lines.insert(i, line);
        }
        1 => {
            lines.remove(i);
        }
        2 => {
            let j = below(rng, lines.len());
            lines.swap(i, j);
        }
        _ => lines.insert(i, pick(rng, &FORMAT_LINES).as_bytes().to_vec()),
    }
    lines.join(&b'\n')
}

/// The bytes with the word around a random position (between spaces and newlines) replaced.
fn replace_word(bytes: &[u8], rng: &mut XorShift, words: &[&str]) -> Vec<u8> {
    if bytes.is_empty() {
        return words[below(rng, words.len())].as_bytes().to_vec();
    }
    let at = below(rng, bytes.len());
    let is_gap = |b: &u8| *b == b' ' || *b == b'\n';
    let start = bytes[..at].iter().rposition(is_gap).map_or(0, |p| p + 1);
    let end = bytes[at..]
        .iter()
        .position(is_gap)
        .map_or(bytes.len(), |p| at + p);
    let mut out = bytes[..start].to_vec();
    out.extend_from_slice(words[below(rng, words.len())].as_bytes());
    out.extend_from_slice(&bytes[end..]);
    out
}

/// The bytes with a number of the `sizes` line or of a matrix or bias header made huge.
fn huge_size(bytes: &[u8], rng: &mut XorShift) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    let mut lines: Vec<String> = text.split('\n').map(String::from).collect();
    let headers: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].starts_with("sizes") || lines[i].starts_with(['w', 'b']))
        .collect();
    if headers.is_empty() {
        return bytes.to_vec();
    }
    let i = headers[below(rng, headers.len())];
    let mut words: Vec<&str> = lines[i].split(' ').collect();
    if words.len() > 1 {
        let k = 1 + below(rng, words.len() - 1);
        words[k] = pick(rng, &HUGE_SIZES);
    }
    lines[i] = words.join(" ");
    lines.join("\n").into_bytes()
}

/// `text` with `rounds` random mutations, as (lossy) UTF-8.
fn mutate(text: &str, rng: &mut XorShift, rounds: usize) -> String {
    const INTERESTING: &[u8] = b" \n\r\t-+.e0123456789wbend\xff\x00";
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..rounds {
        let at = below(rng, bytes.len() + 1);
        match below(rng, 9) {
            0 if at < bytes.len() => bytes[at] ^= 1 << below(rng, 8),
            1 => bytes.insert(at, INTERESTING[below(rng, INTERESTING.len())]),
            2 => {
                let end = (at + 1 + below(rng, 8)).min(bytes.len());
                bytes.drain(at..end);
            }
            3 | 4 => bytes = mutate_lines(&bytes, rng),
            5 | 6 => bytes = replace_word(&bytes, rng, &ODD_WORDS),
            7 => bytes = huge_size(&bytes, rng),
            _ => bytes.truncate(at),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Loads `count` files, each a valid file with 1 to `max_rounds` mutations.
fn fuzz_mutations(name: &str, seed: u64, count: usize, max_rounds: usize) {
    let start = Instant::now();
    let mut rng = XorShift::new(seed);
    let mut tally = Tally::default();
    let bases: Vec<String> = (0..64).map(|_| valid_file(&mut rng)).collect();
    for base in &bases {
        tally.load_both(base);
    }
    assert!(
        tally.accepted >= 64,
        "every base file loads as its own type"
    );
    while tally.inputs < count {
        let base = &bases[below(&mut rng, bases.len())];
        let rounds = 1 + below(&mut rng, max_rounds);
        tally.load_both(&mutate(base, &mut rng, rounds));
    }
    tally.finish(name, start);
}

#[test]
fn files_with_one_to_three_mutations() {
    fuzz_mutations("1-3 mutations, seed 1", 1, 60_000, 3);
}

#[test]
fn files_with_one_to_three_mutations_again() {
    fuzz_mutations("1-3 mutations, seed 2", 2, 60_000, 3);
}

#[test]
fn files_with_many_mutations() {
    fuzz_mutations("1-12 mutations, seed 3", 3, 40_000, 12);
}

#[test]
fn random_bytes_and_word_soup() {
    let start = Instant::now();
    let mut rng = XorShift::new(4);
    let mut tally = Tally::default();
    const WORDS: [&str; 20] = [
        "scratchnet",
        "model",
        "1",
        "activations",
        "relu",
        "softmax",
        "biases",
        "yes",
        "b1",
        "element",
        "f32",
        "f64",
        "sizes",
        "w1",
        "w2",
        "end",
        "2",
        "0.5",
        "-0",
        "4000000000",
    ];
    const GAPS: [&str; 5] = [" ", " ", "\n", "\n", "  "];
    const ALPHABET: &[u8] = b"scratchnet model 1\nelement f32\nsizes 0123456789 w end -.\n";
    for i in 0..50_000 {
        let text = if i % 2 == 0 {
            // Random bytes, half of them from the format's alphabet.
            let len = below(&mut rng, 300);
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    let b = rng.next_u64() as u8;
                    if b.is_multiple_of(2) {
                        ALPHABET[below(&mut rng, ALPHABET.len())]
                    } else {
                        b
                    }
                })
                .collect();
            String::from_utf8_lossy(&bytes).into_owned()
        } else {
            // The right first lines, then a soup of the format's words.
            let magic = ["", "scratchnet model 1\n", "scratchnet model 2\n"];
            let mut text = String::from(magic[below(&mut rng, 3)]);
            if below(&mut rng, 2) == 0 {
                text += pick(&mut rng, &["element f32\n", "element f64\n"]);
            }
            for _ in 0..below(&mut rng, 40) {
                text += pick(&mut rng, &WORDS);
                text += pick(&mut rng, &GAPS);
            }
            text
        };
        tally.load_both(&text);
    }
    tally.finish("random bytes and word soup, seed 4", start);
}

#[test]
fn hostile_headers_are_refused_before_allocating() {
    let mut tally = Tally::default();
    let body = "w1 2 2\n1 2\n3 4\nend\n";
    for sizes in [
        "4000000000 4000000000",
        "4294967296 4294967296",
        "18446744073709551615 18446744073709551615",
        "1 18446744073709551615 18446744073709551615",
        "3037000500 3037000500",
        "2 2 4000000000",
        "1000000 1000000 1000000",
        "99999999999999999999999 1",
    ] {
        let text = format!("scratchnet model 1\nelement f64\nsizes {sizes}\n{body}");
        let (result, bytes) = bytes_in(|| Network::<f64>::load(&text));
        let err = result.unwrap_err();
        assert_eq!(err.line(), 3, "{err}");
        assert!(
            bytes <= 64,
            "sizes {sizes}: {bytes} bytes allocated, for a {} byte text",
            text.len()
        );
        tally.load_both(&text);

        // Version 2, with biases: refused on the biases line, the end of the header (or on
        // the sizes line for a size that is not one).
        let layers = sizes.split(' ').count() - 1;
        let activations = vec!["relu"; layers].join(" ");
        let text = format!(
            "scratchnet model 2\nelement f64\nsizes {sizes}\nactivations {activations}\n\
             biases yes\n{body}"
        );
        let (result, bytes) = bytes_in(|| Network::<f64>::load(&text));
        let err = result.unwrap_err();
        assert!([3, 5].contains(&err.line()), "{err}");
        assert!(
            bytes <= 64,
            "version 2, sizes {sizes}: {bytes} bytes allocated, for a {} byte text",
            text.len()
        );
        tally.load_both(&text);
    }
    // A header that claims a huge matrix, after sizes that fit.
    let text =
        "scratchnet model 1\nelement f32\nsizes 2 2\nw1 4000000000 4000000000\n1 2\n3 4\nend\n";
    tally.load_both(text);
    // A million sizes of 1 (2 bytes each): the sizes are stored (8 bytes each), then the
    // matrices they ask for do not fit.
    let text = format!(
        "scratchnet model 1\nelement f64\nsizes{}\n{body}",
        " 1".repeat(1_000_000)
    );
    let (result, bytes) = bytes_in(|| Network::<f64>::load(&text));
    assert_eq!(result.unwrap_err().line(), 3);
    assert!(bytes <= 4 * text.len(), "{bytes} bytes for {}", text.len());
    // The same in version 2, whose activations line is stored too (1 byte for 5 of text).
    let text = format!(
        "scratchnet model 2\nelement f64\nsizes{}\nactivations{}\nbiases no\n{body}",
        " 1".repeat(1_000_000),
        " relu".repeat(999_999)
    );
    let (result, bytes) = bytes_in(|| Network::<f64>::load(&text));
    assert_eq!(result.unwrap_err().line(), 5);
    assert!(bytes <= 4 * text.len(), "{bytes} bytes for {}", text.len());
    tally.finish("hostile headers", Instant::now());
}

#[test]
fn the_largest_valid_files_stay_within_the_bound() {
    // Many 1×1 layers, the most bookkeeping per byte of text.
    let mut tally = Tally::default();
    for layers in [1, 10, 100, 1000] {
        let net = Network::from_weights(vec![Matrix::from_vec(1, 1, vec![1.0]); layers]).unwrap();
        let mut text = String::new();
        net.save(&mut text).unwrap();
        tally.load_both(&text.replace("element f64", "element f32"));
        tally.load_both(&text);
        // With a bias for every layer and the shortest activation names.
        let weights = vec![Matrix::from_vec(1, 1, vec![1.0]); layers];
        let biases = Some(vec![Matrix::from_vec(1, 1, vec![0.0]); layers]);
        let net = Network::from_parts(&vec![Activation::Relu; layers], weights, biases).unwrap();
        let mut text = String::new();
        net.save(&mut text).unwrap();
        tally.load_both(&text.replace("element f64", "element f32"));
        tally.load_both(&text);
    }
    // A wide f64 layer of one-digit weights, the most weight bytes per byte of text.
    let net = Network::<f64>::from_weights(vec![Matrix::zeros(100, 100)]).unwrap();
    let mut text = String::new();
    net.save(&mut text).unwrap();
    tally.load_both(&text);
    let accepted = tally.accepted;
    tally.finish("largest valid files", Instant::now());
    assert_eq!(accepted, 17);
}

#[test]
fn the_counter_counts_bytes() {
    let (v, bytes) = bytes_in(|| vec![0u8; 1000]);
    assert_eq!((v.len(), bytes), (1000, 1000));
    let (s, bytes) = bytes_in(|| Network::<f32>::load(""));
    assert!(s.is_err());
    assert_eq!(bytes, 0, "an empty text is refused without allocating");
}
