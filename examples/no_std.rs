//! The post's trained network in a program without `std`, without Rust's `main` and without a
//! heap: what runs on a microcontroller, run here on x86-64 Linux.
//!
//! ```sh
//! cargo run --profile embedded --no-default-features --features no-std-example --example no_std
//! ```
//!
//! prints ŷ for the post's four samples, computed by the exported module
//! `generated/post_f32.rs` (see `Network::to_rust_source`); `.ci/run` checks the numbers
//! against the labels and against what `examples/embed.rs` prints for the same module.
//!
//! | a chip's program needs | here | on a chip |
//! |---|---|---|
//! | no `std` | `#![no_std]`: `core` only, and `alloc`, which scratchnet declares | the same |
//! | an entry point | C's `main`, called by the C library's start-up code | the runtime crate's reset handler |
//! | somewhere to print | the C library's `write(1, …)` | a UART |
//! | a panic handler | print the message to `write(2, …)`, then `abort()` | blink, reset |
//! | a global allocator, as scratchnet links `alloc` | `NoHeap`, which refuses every request | the same, or a heap in a static array to load or train |
//! | `panic = "abort"` | the `embedded` profile in `Cargo.toml` | the same |
//!
//! The library never uses `unsafe`; this program must, to call C, and says why each use is
//! sound.

#![no_std]
#![no_main]

use core::alloc::{GlobalAlloc, Layout};
use core::ffi::{c_char, c_int};
use core::fmt::{self, Write};
use core::panic::PanicInfo;

include!("generated/post_f32.rs");

// Without `std` there is no unwinder, and with the `std` feature scratchnet links `std`, whose
// panic handler would clash with ours: say how to build this, rather than fail to link.
#[cfg(any(not(panic = "abort"), feature = "std"))]
compile_error!(
    "examples/no_std.rs needs panic = \"abort\" (the embedded profile) and no `std`: cargo run \
     --profile embedded --no-default-features --features no-std-example --example no_std"
);

#[link(name = "c")]
unsafe extern "C" {
    /// POSIX `write`: sends `count` bytes from `buf` to the file descriptor `fd`; returns how
    /// many it sent, or −1.
    fn write(fd: c_int, buf: *const u8, count: usize) -> isize;
    /// C's `abort`: ends the process with `SIGABRT`.
    fn abort() -> !;
}

/// The post's inputs `X` (4 × 3), one sample per row; its labels are 0, 1, 1, 0.
const INPUTS: [[f32; 3]; 4] = [
    [0.0, 0.0, 1.0],
    [1.0, 1.0, 1.0],
    [1.0, 0.0, 1.0],
    [0.0, 1.0, 1.0],
];

/// For each sample `x`, `ŷ = post::predict(x)` on the stack, printed as
/// `x = [0, 0, 1]  ŷ = 0.0285…` (every number with `{}`, the shortest text that reads
/// back as the same `f32`). Returns 0, or 1 if the output could not be written.
#[unsafe(no_mangle)]
extern "C" fn main(_argc: c_int, _argv: *const *const c_char) -> c_int {
    for x in &INPUTS {
        let mut y_hat = [0.0f32; 1];
        post::predict(x, &mut y_hat);
        let mut line = Line::new();
        let formatted = writeln!(line, "x = [{}, {}, {}]  ŷ = {}", x[0], x[1], x[2], y_hat[0]);
        if formatted.is_err() || !write_all(1, line.as_bytes()) {
            return 1;
        }
    }
    0
}

/// Prints the panic's message and location to standard error, and aborts.
#[panic_handler]
fn panic(info: &PanicInfo) -> ! {
    let mut line = Line::new();
    // A message too long for the buffer is cut short; what fits is still worth printing.
    let _ = writeln!(line, "{info}");
    write_all(2, line.as_bytes());
    // SAFETY: `abort` takes no arguments and never returns; nothing of ours needs cleaning up.
    unsafe { abort() }
}

/// The global allocator, which refuses every request.
///
/// scratchnet declares `extern crate alloc` (training and `Matrix` need a heap), so the
/// compiler asks every binary that links it for a `#[global_allocator]`. Inference never
/// allocates, so this one never hands out memory: if anything asked, `alloc` would get a
/// null pointer, report the failed allocation through the panic handler, and the program
/// would abort — so a run that prints its four lines shows that `predict` used no heap.
struct NoHeap;

// SAFETY: a null pointer is how `alloc` reports that it cannot allocate, which the contract of
// `GlobalAlloc` allows for any layout; `dealloc` may only be given pointers that `alloc`
// returned, and it returns none.
unsafe impl GlobalAlloc for NoHeap {
    unsafe fn alloc(&self, _layout: Layout) -> *mut u8 {
        core::ptr::null_mut()
    }

    unsafe fn dealloc(&self, _ptr: *mut u8, _layout: Layout) {}
}

#[global_allocator]
static NO_HEAP: NoHeap = NoHeap;

/// One line of text in a fixed array on the stack, for `core::fmt` to write into.
struct Line {
    bytes: [u8; 256],
    len: usize,
}

impl Line {
    fn new() -> Line {
        Line {
            bytes: [0; 256],
            len: 0,
        }
    }

    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

impl Write for Line {
    /// Appends `s`, or as much of it as fits (cut at a byte) and an error.
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let room = self.bytes.len() - self.len;
        let n = s.len().min(room);
        self.bytes[self.len..self.len + n].copy_from_slice(&s.as_bytes()[..n]);
        self.len += n;
        if n == s.len() {
            Ok(())
        } else {
            Err(fmt::Error)
        }
    }
}

/// Sends all of `bytes` to the file descriptor `fd`; false if `write` fails.
fn write_all(fd: c_int, mut bytes: &[u8]) -> bool {
    while !bytes.is_empty() {
        // SAFETY: `bytes` is a live slice of `bytes.len()` initialised bytes, which `write`
        // only reads, and only during the call.
        let sent = unsafe { write(fd, bytes.as_ptr(), bytes.len()) };
        match usize::try_from(sent) {
            Ok(n) if n > 0 => bytes = &bytes[n..],
            _ => return false,
        }
    }
    true
}
