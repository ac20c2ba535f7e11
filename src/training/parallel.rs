//! Full-batch training shared among threads (with `std`): the samples cut into bands, the
//! work of an epoch cut into tasks on those bands, and threads that live as long as the
//! training run taking the tasks.
//!
//! A matrix product shared among threads ([`gemm`]) starts its threads and ends
//! them, eight times an epoch on the 64-128-64-10 network, and σ and the other steps between
//! the products stay on one thread. Measured on 2 cores, that gained nothing: 64-128-64-10
//! trained as fast on 2 threads as on 1 (the products of its shapes alone, 1.0–1.3×). Here
//! the helper threads are started once for the run, every step of the epoch is shared (the
//! activations too), and no thread waits for another to arrive: the calling thread
//! publishes each phase of the epoch and takes its tasks one by one, and a helper that is
//! running takes some of them. A helper that has no core yet takes none, and the calling
//! thread does them all. The same network trains 1.5× as fast on 2 threads as on 1.
//!
//! ```text
//! samples: bands s of rows r_s … r_{s+1}−1 of x, y, z_l, a_l, δ_l
//!
//! phase F:      per band s:   z_l = a_{l−1} · W_l (+ b_l),  a_l = f_l(z_l) for l = 1 … L;
//!                             δ_L = ∂J/∂z_L
//! thread 0:     the cost and the accuracy, over the bands in order
//! phase B_l:    per band f of the rows of W_l (its inputs):
//! (l = L … 1)                 ∂J/∂W_l[f] = Σ_s (a_{l−1}[s])ᵀ[f] · δ_l[s], s in order
//!               per band s (l > 1):  δ_{l−1}[s] = (δ_l[s] · W_lᵀ) ⊙ f′_{l−1}
//! thread 0:     ∂J/∂b_l = 1ᵀ·δ_l, and the step θ ← θ − η·∂J/∂θ (or with momentum)
//! ```
//!
//! **The same bits as on one thread.** Every row of z, a and δ is computed with the
//! operations of the one-thread epoch. A row of ∂J/∂W_l sums over all the samples: its task
//! takes the bands in order, each product continuing the sums of the last
//! ([`pass::weight_gradient`] with `accumulate`), which is the one-thread sum term after
//! term. The cost, the
//! accuracy and ∂J/∂b_l are added up by thread 0 over the bands in order. So training gives
//! the same network whatever the thread count, and whichever thread took which task
//! (`tests` below check it).
//!
//! Each band of a matrix is behind its own [`RwLock`]: the task that computes a band writes
//! it, and the tasks of later phases read it. The locks are never contended (a phase starts
//! when the last one has ended); they are what lets safe Rust lend the same buffers to a
//! writer in one phase and to readers in the next.

use alloc::vec::Vec;
use core::mem::size_of;
use core::ops::Range;
use core::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::thread::Thread;

use super::accuracy::LabelKind;
use super::{Epoch, TrainError, Training};
use crate::gemm::{self, TINY_MAX};
use crate::maths::view::MatRef;
use crate::network::pass::{self, Backward};
use crate::{Activation, Float, Matrix, Network};

/// Batches whose forward pass has fewer multiply-adds than this (m · Σ n_{l−1} n_l), about
/// 4 million, train on one thread. Measured on 2 cores, 2 threads against 1: 0.87–1.32× at
/// 0.7–1.6 million, 1.03–1.52× at 2.5–3.8 million, 1.26–1.69× from 4.2 million (up to the
/// 30.6 million of 64-128-64-10 on 1797 samples).
const MIN_WORK: usize = 1 << 22;

/// How many threads full-batch training of `net` on `m` samples uses: [`gemm::threads`] for
/// a batch with enough work ([`MIN_WORK`]), else 1; at most one per 256 samples, and no more
/// than leave every product of a band more than 512 multiply-adds ([`smallest_product`]).
pub(super) fn threads_for<T: Float>(net: &Network<T>, m: usize) -> usize {
    let per_sample: usize = net.sizes.windows(2).map(|n| n[0] * n[1]).sum();
    if m.saturating_mul(per_sample) < MIN_WORK {
        return 1;
    }
    let most = gemm::threads().min(m / 256);
    let bands_agree = |t: usize| smallest_product(&net.sizes, m / t, t) > TINY_MAX;
    (2..=most).rev().find(|&t| bands_agree(t)).unwrap_or(1)
}

/// The bands of samples for `threads` threads: two per thread, so that a thread that starts
/// late or is interrupted leaves less for the others to wait for (one, two and four per
/// thread ran alike; eight, 5–10% slower: each band is a product of its own), or one per
/// thread where two would make a band's product too small ([`smallest_product`]).
fn bands(sizes: &[usize], m: usize, threads: usize) -> Vec<Range<usize>> {
    let two_agree = smallest_product(sizes, m / (2 * threads), threads) > TINY_MAX;
    split(m, if two_agree { 2 } else { 1 } * threads)
}

/// The fewest multiply-adds of any product that an epoch computes for a band of `rows`
/// samples, with the rows of each `W_l` shared among `threads` tasks:
///
/// ```text
/// z_l, δ_{l−1}:   rows · n_{l−1} · n_l
/// ∂J/∂W_l:        ⌊n_{l−1} / min(n_{l−1}, threads)⌋ · rows · n_l      (a band of W_l's rows)
/// ```
///
/// A product of at most 512 multiply-adds is computed without fused multiply-adds
/// ([`TINY_MAX`]), so every band's products must have more, to round as the whole batch's
/// do and give the same bits as on one thread.
fn smallest_product(sizes: &[usize], rows: usize, threads: usize) -> usize {
    let per_row = sizes.windows(2).map(|n| n[0] / n[0].min(threads) * n[1]);
    rows.saturating_mul(per_row.min().unwrap_or(0))
}

/// `count` consecutive ranges that share `0..len` as evenly as they can.
fn split(len: usize, count: usize) -> Vec<Range<usize>> {
    (0..count)
        .map(|t| len * t / count..len * (t + 1) / count)
        .collect()
}

/// A matrix cut into bands of whole rows, each behind its own lock.
struct Bands<'s, T> {
    bands: Vec<RwLock<&'s mut [T]>>,
}

impl<'s, T> Bands<'s, T> {
    /// `data` (rows of `cols` values) cut at `rows`, consecutive ranges that cover it.
    fn new(mut data: &'s mut [T], cols: usize, rows: &[Range<usize>]) -> Bands<'s, T> {
        let bands = rows
            .iter()
            .map(|band| {
                let (this, rest) = core::mem::take(&mut data).split_at_mut(band.len() * cols);
                data = rest;
                RwLock::new(this)
            })
            .collect();
        Bands { bands }
    }

    /// Band `s`, to write.
    fn write(&self, s: usize) -> RwLockWriteGuard<'_, &'s mut [T]> {
        self.bands[s]
            .write()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Band `s`, to read.
    fn read(&self, s: usize) -> RwLockReadGuard<'_, &'s mut [T]> {
        self.bands[s].read().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Writes a 0 every 4 KiB of `data`, on this thread, before the threads write all of it.
///
/// Memory fresh from the allocator is mapped a page at a time, on the first write to the
/// page; when the threads of a run did that for new buffers, their first epoch was often
/// slow (a new 64-128-64-10 network, 1797 samples: 19–31 ms on 2 threads in 2 to 10 runs of
/// 10, each task 5–9 ms instead of 0.25, against 7–10 ms on one thread). With the pages
/// mapped first by the calling thread alone, it took 6–8 ms on 2 threads. The values are
/// overwritten by the forward pass.
fn map_pages<T: Float>(data: &mut [T]) {
    for x in data.iter_mut().step_by(4096 / size_of::<T>()) {
        *x = T::ZERO;
    }
}

/// Each of `matrices` (m rows) cut into the bands of samples `samples`.
fn by_samples<'s, T: Float>(
    matrices: &'s mut [Matrix<T>],
    samples: &[Range<usize>],
) -> Vec<Bands<'s, T>> {
    matrices
        .iter_mut()
        .map(|x| {
            let cols = x.cols();
            Bands::new(x.as_mut_slice(), cols, samples)
        })
        .collect()
}

/// A read lock on a whole matrix, which a poisoned lock does not refuse (the panic that
/// poisoned it is reported by the thread that panicked).
fn read<'a, T>(lock: &'a RwLock<&mut Matrix<T>>) -> RwLockReadGuard<'a, &'a mut Matrix<T>> {
    lock.read().unwrap_or_else(PoisonError::into_inner)
}

/// The phases of a run, published one at a time by thread 0, whose tasks any thread takes.
///
/// `next` holds the phase's number (high 32 bits, from 1) and the index of the next task to
/// take in it (low 32 bits): a thread takes a task by raising the index, with a
/// compare-and-swap that also checks the phase, so that it never takes a task of a phase it
/// has not seen published.
struct Phases {
    next: AtomicU64,
    /// How many tasks of the current phase have ended.
    done: AtomicUsize,
    /// No more phases: the helper threads return.
    finished: AtomicBool,
    /// A thread panicked: the others stop waiting and panic too.
    poisoned: AtomicBool,
}

impl Phases {
    /// The number of the phase published last (0 before the first).
    fn current(&self) -> u64 {
        self.next.load(Ordering::Acquire) >> 32
    }

    /// Takes the tasks of phase `phase` (of `tasks` tasks), running each with `run`, until
    /// none is left to take.
    fn take(&self, phase: u64, tasks: usize, mut run: impl FnMut(usize)) {
        let mut next = self.next.load(Ordering::Acquire);
        loop {
            let task = (next & u64::from(u32::MAX)) as usize;
            if next >> 32 != phase || task >= tasks {
                return;
            }
            match self.next.compare_exchange_weak(
                next,
                next + 1,
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => {
                    run(task);
                    self.done.fetch_add(1, Ordering::Release);
                    next = self.next.load(Ordering::Acquire);
                }
                Err(now) => next = now,
            }
        }
    }

    /// Thread 0: publishes phase `phase` of `tasks` tasks, wakes the helpers, takes tasks
    /// itself, and returns once every task has ended.
    fn run(&self, phase: u64, tasks: usize, helpers: &[Thread], run: impl FnMut(usize)) {
        self.done.store(0, Ordering::Relaxed);
        self.next.store(phase << 32, Ordering::Release);
        for helper in helpers {
            helper.unpark();
        }
        self.take(phase, tasks, run);
        let mut spins = 0_u32;
        while self.done.load(Ordering::Acquire) < tasks {
            assert!(
                !self.poisoned.load(Ordering::Relaxed),
                "training: a helper thread panicked"
            );
            // A helper that the scheduler has put on this core can only end its task if
            // this thread lets it run.
            if spins < 1 << 10 {
                spins += 1;
                core::hint::spin_loop();
            } else {
                std::thread::yield_now();
            }
        }
    }

    /// A helper: waits for each new phase (spinning a little, then parked until thread 0
    /// wakes it) and takes tasks of it with `run(phase)`, until `finished`.
    fn help(&self, mut run: impl FnMut(u64)) {
        let mut seen = 0;
        let mut spins = 0_u32;
        loop {
            if self.finished.load(Ordering::Acquire) {
                return;
            }
            let phase = self.current();
            if phase == seen {
                if spins < 1 << 12 {
                    spins += 1;
                    core::hint::spin_loop();
                } else {
                    std::thread::park();
                }
                continue;
            }
            spins = 0;
            seen = phase;
            run(phase);
        }
    }
}

/// Held by each thread of a run: if the thread panics, the others are told ([`Phases`]), so
/// that none waits for ever for a task or a phase; thread 0's also ends the helpers'
/// waiting when it leaves (finished or not).
struct Guard<'a> {
    phases: &'a Phases,
    helpers: &'a [Thread],
}

impl Drop for Guard<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.phases.poisoned.store(true, Ordering::Relaxed);
        }
        if !self.helpers.is_empty() {
            self.phases.finished.store(true, Ordering::Release);
            for helper in self.helpers {
                helper.unpark();
            }
        }
    }
}

/// The run's matrices, cut into bands ([`Bands`]) or behind one lock, and what every task
/// reads.
struct Shared<'a, 's, T> {
    sizes: &'a [usize],
    layer_activations: &'a [Activation],
    inputs: &'a Matrix<T>,
    labels: &'a Matrix<T>,
    training: &'a Training,
    kind: Option<LabelKind>,
    /// The rows of each band of samples.
    samples: Vec<Range<usize>>,
    /// Per layer, the bands of the rows of W_l (its n_{l−1} inputs) of ∂J/∂W_l's tasks.
    inputs_of: Vec<Vec<Range<usize>>>,
    zs: Vec<Bands<'s, T>>,
    derivatives: Vec<Bands<'s, T>>,
    activations: Vec<Bands<'s, T>>,
    deltas: Vec<Bands<'s, T>>,
    d_ws: Vec<Bands<'s, T>>,
    weights: Vec<RwLock<&'s mut Matrix<T>>>,
    biases: Vec<RwLock<&'s mut Matrix<T>>>,
    phases: Phases,
}

/// The epoch loop for one batch of every sample on `threads ≥ 2` threads (see the
/// [module](self)). The checks are done and `backward` is made for `m` samples.
#[allow(clippy::too_many_arguments)]
pub(super) fn run_on_threads<T: Float>(
    net: &mut Network<T>,
    inputs: &Matrix<T>,
    labels: &Matrix<T>,
    training: &Training,
    kind: Option<LabelKind>,
    backward: &mut Backward<T>,
    threads: usize,
    on_epoch: &mut impl FnMut(Epoch<T>),
) -> Result<(), TrainError> {
    let m = inputs.rows();
    net.shape_forward(m);
    backward.resize(m);
    let samples = bands(&net.sizes, m, threads);
    debug_assert!(
        smallest_product(&net.sizes, m / samples.len(), threads) > TINY_MAX,
        "{m} samples on {threads} threads: a product of 512 multiply-adds or fewer"
    );
    // ∂J/∂W_l in one band of rows per thread: each band packs all of δ_l for its
    // product, so more bands pack it more times (four per thread: 5–10% slower).
    let inputs_of: Vec<_> = net.sizes[..net.sizes.len() - 1]
        .iter()
        .map(|&n| split(n, n.min(threads)))
        .collect();
    let Backward {
        deltas,
        gradients,
        velocity,
    } = backward;
    for x in net
        .zs
        .iter_mut()
        .chain(&mut net.activations)
        .chain(&mut net.derivatives)
        .chain(&mut *deltas)
    {
        map_pages(x.as_mut_slice());
    }
    let d_bs = gradients.d_b.as_deref_mut().unwrap_or_default();
    let (v_ws, v_bs) = match velocity {
        Some(v) => (&mut v.d_w[..], v.d_b.as_deref_mut().unwrap_or_default()),
        None => (&mut [][..], &mut [][..]),
    };
    let shared = Shared {
        sizes: &net.sizes,
        layer_activations: &net.layer_activations,
        inputs,
        labels,
        training,
        kind,
        zs: by_samples(&mut net.zs, &samples),
        derivatives: by_samples(&mut net.derivatives, &samples),
        activations: by_samples(&mut net.activations, &samples),
        deltas: by_samples(deltas, &samples),
        d_ws: gradients
            .d_w
            .iter_mut()
            .zip(&inputs_of)
            .map(|(d_w, rows)| {
                let cols = d_w.cols();
                Bands::new(d_w.as_mut_slice(), cols, rows)
            })
            .collect(),
        weights: net.weights.iter_mut().map(RwLock::new).collect(),
        biases: net.biases.iter_mut().map(RwLock::new).collect(),
        phases: Phases {
            next: AtomicU64::new(0),
            done: AtomicUsize::new(0),
            finished: AtomicBool::new(false),
            poisoned: AtomicBool::new(false),
        },
        samples,
        inputs_of,
    };
    let shared = &shared;
    std::thread::scope(|scope| {
        // A helper the system cannot start is one fewer: the calling thread takes every
        // task no helper takes, with the same bits (`thread::Builder`, unlike
        // `scope.spawn`, returns that error instead of panicking).
        let helpers: Vec<Thread> = (1..threads)
            .map_while(|_| {
                let helper = std::thread::Builder::new().spawn_scoped(scope, move || {
                    let _guard = Guard {
                        phases: &shared.phases,
                        helpers: &[],
                    };
                    shared.phases.help(|phase| {
                        shared
                            .phases
                            .take(phase, shared.tasks(phase), |task| shared.task(phase, task));
                    });
                });
                helper.ok().map(|helper| helper.thread().clone())
            })
            .collect();
        let _guard = Guard {
            phases: &shared.phases,
            helpers: &helpers,
        };
        let depth = shared.sizes.len() - 1;
        // The phases' numbers go round a cycle of whole epochs that fits in 32 bits, so
        // that a number always says which phase of the epoch it is.
        let cycle = u64::from(u32::MAX) / (depth as u64 + 1) * (depth as u64 + 1);
        let mut phase = 0;
        for epoch in 1..=training.epochs {
            let publish = |phase: u64| {
                let tasks = shared.tasks(phase);
                shared
                    .phases
                    .run(phase, tasks, &helpers, |task| shared.task(phase, task));
            };
            phase = phase % cycle + 1;
            publish(phase);
            let (cost, correct) = shared.cost();
            // The cost diverged, or (below) a step would make a parameter non-finite.
            let diverged = TrainError::Diverged {
                epoch,
                batch: 1,
                cost: cost.to_f64(),
            };
            if !cost.is_finite() {
                return Err(diverged);
            }
            for _ in 0..depth {
                phase = phase % cycle + 1;
                publish(phase);
            }
            let learning_rate = training.learning_rate_at(epoch);
            if !shared.descend(d_bs, v_ws, v_bs, learning_rate) {
                return Err(diverged);
            }
            on_epoch(Epoch {
                epoch,
                cost,
                accuracy: kind.map(|_| correct as f64 / m as f64),
                learning_rate,
            });
        }
        Ok(())
    })
}

/// What a phase of an epoch does: its number, from 1, counts the phases of the run, L + 1
/// per epoch.
enum Phase {
    /// Phase F: the forward pass and δ_L, a task per band of samples.
    Forward,
    /// Phase B_l for layer `l` (1 … L): ∂J/∂W_l, a task per band of its rows, then
    /// δ_{l−1} (for l > 1), a task per band of samples.
    Backward(usize),
}

impl<T: Float> Shared<'_, '_, T> {
    /// What phase `phase` is.
    fn phase(&self, phase: u64) -> Phase {
        let depth = self.sizes.len() - 1;
        match ((phase - 1) % (depth as u64 + 1)) as usize {
            0 => Phase::Forward,
            i => Phase::Backward(depth + 1 - i),
        }
    }

    /// How many tasks phase `phase` has.
    fn tasks(&self, phase: u64) -> usize {
        match self.phase(phase) {
            Phase::Forward => self.samples.len(),
            Phase::Backward(1) => self.inputs_of[0].len(),
            Phase::Backward(l) => self.inputs_of[l - 1].len() + self.samples.len(),
        }
    }

    /// Task `task` of phase `phase`.
    fn task(&self, phase: u64, task: usize) {
        match self.phase(phase) {
            Phase::Forward => self.forward(task),
            Phase::Backward(l) => match task.checked_sub(self.inputs_of[l - 1].len()) {
                None => self.d_w(l, task),
                Some(s) => self.delta(l, s),
            },
        }
    }

    /// Rows `band` of the inputs, or of a_{l−1}'s band `s` (`a`).
    fn a_prev<'g>(&'g self, a: Option<&'g [T]>, band: &Range<usize>) -> &'g [T] {
        a.unwrap_or_else(|| {
            let n_0 = self.sizes[0];
            &self.inputs.as_slice()[band.start * n_0..band.end * n_0]
        })
    }

    /// The forward pass of band `s` of the samples, and its δ_L.
    fn forward(&self, s: usize) {
        let depth = self.sizes.len() - 1;
        let band = &self.samples[s];
        for l in 1..=depth {
            let guard = (l > 1).then(|| self.activations[l - 2].read(s));
            let a_prev = self.a_prev(guard.as_deref().map(|a| &**a), band);
            let a_prev = MatRef::row_major(a_prev, band.len(), self.sizes[l - 1]);
            let w = read(&self.weights[l - 1]);
            let b = self.biases.get(l - 1).map(read);
            let mut z = self.zs[l - 1].write(s);
            // z_l = a_{l−1} · W_l + b_l, a_l = f_l(z_l) and f′_l(z_l), for the band's rows
            pass::linear(a_prev, w.view(), b.as_deref().map(|b| b.as_slice()), &mut z);
            let a = &mut self.activations[l - 1].write(s);
            let f_prime = &mut self.derivatives[l - 1].write(s);
            self.layer_activations[l - 1].forward(&z, a, f_prime, w.cols());
        }
        let n_last = self.sizes[depth];
        let y = &self.labels.as_slice()[band.start * n_last..band.end * n_last];
        self.training.loss.delta_rows(
            self.inputs.rows(),
            self.layer_activations[depth - 1],
            &self.derivatives[depth - 1].read(s),
            &self.activations[depth - 1].read(s),
            y,
            &mut self.deltas[depth - 1].write(s),
            n_last,
        );
    }

    /// Band `f` of the rows of ∂J/∂W_l = a_{l−1}ᵀ · δ_l, summed over the bands of samples in
    /// order (l = 1 … L).
    fn d_w(&self, l: usize, f: usize) {
        let (n_prev, n) = (self.sizes[l - 1], self.sizes[l]);
        let rows = self.inputs_of[l - 1][f].clone();
        let mut d_w = self.d_ws[l - 1].write(f);
        for (s, band) in self.samples.iter().enumerate() {
            let guard = (l > 1).then(|| self.activations[l - 2].read(s));
            let a_prev = self.a_prev(guard.as_deref().map(|a| &**a), band);
            let a_prev = MatRef::row_major(a_prev, band.len(), n_prev);
            let a_prev = a_prev.block(0, band.len(), rows.start, rows.len());
            let delta = self.deltas[l - 1].read(s);
            let delta = MatRef::row_major(&delta, band.len(), n);
            pass::weight_gradient(a_prev, delta, &mut d_w, s > 0);
        }
    }

    /// Band `s` of δ_{l−1} = (δ_l · W_lᵀ) ⊙ f′_{l−1}(z_{l−1}), for l = 2 … L.
    fn delta(&self, l: usize, s: usize) {
        let rows = self.samples[s].len();
        let delta = self.deltas[l - 1].read(s);
        pass::delta_prev(
            MatRef::row_major(&delta, rows, self.sizes[l]),
            read(&self.weights[l - 1]).view(),
            self.layer_activations[l - 2],
            &self.derivatives[l - 2].read(s),
            &mut self.deltas[l - 2].write(s),
        );
    }

    /// The cost of the epoch and how many samples it predicts right, over the bands in order.
    fn cost(&self) -> (T, usize) {
        let depth = self.sizes.len() - 1;
        let n_last = self.sizes[depth];
        let output = self.layer_activations[depth - 1];
        let loss = self.training.loss;
        let (mut sum, mut correct) = (T::ZERO, 0);
        for (s, band) in self.samples.iter().enumerate() {
            let z = self.zs[depth - 1].read(s);
            let y_hat = self.activations[depth - 1].read(s);
            let y = &self.labels.as_slice()[band.start * n_last..band.end * n_last];
            sum = loss.sum_from(sum, output, &z, &y_hat, y, n_last);
            if let Some(kind) = self.kind {
                correct += kind.correct(&y_hat, y, n_last);
            }
        }
        (loss.of_sum(sum, self.inputs.rows(), n_last), correct)
    }

    /// ∂J/∂b_l = 1ᵀ · δ_l over the bands in order, then the step for every weight and bias —
    /// unless a step would make one NaN or infinite: then nothing changes and it returns
    /// `false`.
    fn descend(
        &self,
        d_bs: &mut [Matrix<T>],
        v_ws: &mut [Matrix<T>],
        v_bs: &mut [Matrix<T>],
        learning_rate: f64,
    ) -> bool {
        let (eta, mu) = (
            T::from_f64(learning_rate),
            T::from_f64(self.training.momentum),
        );
        for (l, d_b) in (1..).zip(d_bs.iter_mut()) {
            for s in 0..self.samples.len() {
                let delta = self.deltas[l - 1].read(s);
                pass::bias_gradient(&delta, d_b.as_mut_slice(), s > 0);
            }
        }
        for (l, w) in (1..).zip(&self.weights) {
            let w = w.read().unwrap_or_else(PoisonError::into_inner);
            let n = w.cols();
            let v = v_ws.get(l - 1).map(Matrix::as_slice);
            for (f, rows) in self.inputs_of[l - 1].iter().enumerate() {
                let band = rows.start * n..rows.end * n;
                let v_f = v.map(|v| &v[band.clone()]);
                let d_w = self.d_ws[l - 1].read(f);
                if !pass::step_is_finite(&w.as_slice()[band], &d_w, v_f, eta, mu) {
                    return false;
                }
            }
        }
        for (l, b) in (1..).zip(&self.biases) {
            let b = b.read().unwrap_or_else(PoisonError::into_inner);
            let v = v_bs.get(l - 1).map(Matrix::as_slice);
            if !pass::step_is_finite(b.as_slice(), d_bs[l - 1].as_slice(), v, eta, mu) {
                return false;
            }
        }
        for (l, w) in (1..).zip(&self.weights) {
            let mut w = w.write().unwrap_or_else(PoisonError::into_inner);
            let n = w.cols();
            let mut v = v_ws.get_mut(l - 1).map(Matrix::as_mut_slice);
            for (f, rows) in self.inputs_of[l - 1].iter().enumerate() {
                // Rows `rows` of W_l (and of its velocity), the band of ∂J/∂W_l's task f.
                let band = rows.start * n..rows.end * n;
                let w_f = &mut w.as_mut_slice()[band.clone()];
                let v_f = v.as_deref_mut().map(|v| &mut v[band]);
                pass::step(w_f, &self.d_ws[l - 1].read(f), v_f, eta, mu);
            }
        }
        for (l, b) in (1..).zip(&self.biases) {
            let mut b = b.write().unwrap_or_else(PoisonError::into_inner);
            let v = v_bs.get_mut(l - 1).map(Matrix::as_mut_slice);
            let d_b = d_bs[l - 1].as_slice();
            pass::step(b.as_mut_slice(), d_b, v, eta, mu);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use alloc::vec::Vec;

    use super::super::accuracy::LabelKind;
    use super::run_on_threads;
    use crate::network::pass::Backward;
    use crate::training::{Epoch, TrainError, Training};
    use crate::{Activation, Float, Init, Layers, Loss, Matrix, Network};
    use crate::{XorShift, data};

    /// `net` trained by `training` on (x, y) on `threads` threads: the network, the reports
    /// and the result.
    fn on_threads<T: Float>(
        net: &Network<T>,
        x: &Matrix<T>,
        y: &Matrix<T>,
        training: &Training,
        threads: usize,
    ) -> (Network<T>, Vec<Epoch<T>>, Result<(), TrainError>) {
        let mut net = net.clone();
        let mut reports = Vec::new();
        let mut backward = Backward::new(&net, x.rows(), training.momentum > 0.0);
        let kind = LabelKind::of(y);
        let result = run_on_threads(
            &mut net,
            x,
            y,
            training,
            kind,
            &mut backward,
            threads,
            &mut |epoch| reports.push(epoch),
        );
        (net, reports, result)
    }

    /// `net` trained by [`Network::fit`], on one thread: the batch is too small a piece of
    /// work for more ([`super::threads_for`]).
    fn on_one_thread<T: Float>(
        net: &Network<T>,
        x: &Matrix<T>,
        y: &Matrix<T>,
        training: &Training,
    ) -> (Network<T>, Vec<Epoch<T>>, Result<(), TrainError>) {
        assert_eq!(super::threads_for(net, x.rows()), 1);
        let mut net = net.clone();
        let result = net.fit(x, y, training, |_| {});
        let (reports, result) = match result {
            Ok(reports) => (reports, Ok(())),
            Err(err) => (Vec::new(), Err(err)),
        };
        (net, reports, result)
    }

    /// Random inputs (m × n) and one-hot labels of `classes` classes.
    fn data(m: usize, n: usize, classes: usize, seed: u64) -> (Matrix, Matrix) {
        let mut rng = XorShift::new(seed);
        let x = Matrix::randn(m, n, &mut rng);
        let labels: Vec<usize> = (0..m).map(|_| rng.below(classes)).collect();
        (x, data::one_hot(&labels, classes))
    }

    /// The parameters and the stored forward pass of two networks, bit for bit.
    fn assert_same<T: Float>(a: &Network<T>, b: &Network<T>, what: &str) {
        assert!(a.weights() == b.weights(), "{what}: the weights differ");
        assert!(a.biases() == b.biases(), "{what}: the biases differ");
        assert!(a.zs() == b.zs(), "{what}: the stored z differ");
        assert!(
            a.activations() == b.activations(),
            "{what}: the stored a differ"
        );
    }

    #[test]
    fn the_posts_training_is_the_same_on_any_number_of_threads() {
        // 3600 samples: 7 threads, and every product of a band above 512 multiply-adds.
        let (x, y) = data(3600, 8, 3, 1);
        let net = Network::new(&[8, 16, 8, 3], &mut XorShift::new(2));
        let training = Training::new(6, 0.05);
        let (one, one_reports, one_result) = on_one_thread(&net, &x, &y, &training);
        assert!(one_result.is_ok());
        assert_ne!(one.weights(), net.weights(), "training changed nothing");
        for threads in [2, 3, 4, 7] {
            let (many, reports, result) = on_threads(&net, &x, &y, &training, threads);
            assert!(result.is_ok());
            assert_same(&many, &one, &alloc::format!("{threads} threads"));
            assert_eq!(
                reports, one_reports,
                "{threads} threads: the reports differ"
            );
        }
    }

    #[test]
    fn layers_biases_losses_and_momentum_are_the_same_on_threads() {
        let (x, y) = data(1540, 6, 4, 3);
        let cases = [
            (
                Activation::Relu,
                Activation::Softmax,
                Loss::CrossEntropy,
                Init::He,
            ),
            (
                Activation::Tanh,
                Activation::Sigmoid,
                Loss::CrossEntropy,
                Init::Xavier,
            ),
            (
                Activation::Sigmoid,
                Activation::Identity,
                Loss::MeanSquaredError,
                Init::Xavier,
            ),
            (
                Activation::Identity,
                Activation::Tanh,
                Loss::HalfSumOfSquares,
                Init::StandardNormal,
            ),
        ];
        for (hidden, output, loss, init) in cases {
            let layers = Layers::new(&[6, 12, 2, 4])
                .hidden(hidden)
                .output(output)
                .biases(true)
                .init(init);
            let net = Network::build(&layers, &mut XorShift::new(4)).unwrap();
            let training = Training {
                loss,
                momentum: 0.9,
                decay: 0.1,
                ..Training::new(5, 0.01)
            };
            let (one, one_reports, one_result) = on_one_thread(&net, &x, &y, &training);
            assert!(one_result.is_ok(), "{hidden:?} {output:?}");
            // 3 threads: the rows of W_2 (2 inputs) cannot all be shared, one band is empty.
            for threads in [2, 3] {
                let (many, reports, result) = on_threads(&net, &x, &y, &training, threads);
                let what = alloc::format!("{hidden:?}/{output:?}/{loss:?}, {threads} threads");
                assert!(result.is_ok(), "{what}");
                assert_same(&many, &one, &what);
                assert_eq!(reports, one_reports, "{what}: the reports differ");
            }
        }
    }

    #[test]
    fn one_layer_and_four_are_the_same_on_threads() {
        let (x, y) = data(1030, 8, 3, 10);
        for sizes in [&[8, 3][..], &[8, 7, 6, 5, 3]] {
            let net = Network::new(sizes, &mut XorShift::new(11));
            let training = Training::new(4, 0.05);
            let (one, one_reports, _) = on_one_thread(&net, &x, &y, &training);
            let (many, reports, result) = on_threads(&net, &x, &y, &training, 2);
            assert!(result.is_ok());
            assert_same(&many, &one, &alloc::format!("{sizes:?}"));
            assert_eq!(reports, one_reports, "{sizes:?}");
        }
    }

    #[test]
    fn f32_training_is_the_same_on_threads() {
        let (x, y) = data(1030, 5, 2, 5);
        let (x, y) = (x.cast::<f32>(), y.cast::<f32>());
        let net = Network::<f32>::new(&[5, 9, 2], &mut XorShift::new(6));
        let training = Training::new(4, 0.1);
        let (one, one_reports, _) = on_one_thread(&net, &x, &y, &training);
        let (many, reports, result) = on_threads(&net, &x, &y, &training, 2);
        assert!(result.is_ok());
        assert_same(&many, &one, "f32");
        assert_eq!(reports, one_reports);
    }

    #[test]
    fn divergence_stops_at_the_same_epoch_on_threads() {
        let (x, y) = data(1030, 4, 2, 7);
        let layers = Layers::new(&[4, 8, 2])
            .hidden(Activation::Identity)
            .output(Activation::Identity);
        let net = Network::build(&layers, &mut XorShift::new(8)).unwrap();
        let training = Training::new(50, 5000.0);
        let (one, _, one_result) = on_one_thread(&net, &x, &y, &training);
        let Err(TrainError::Diverged { epoch, batch, .. }) = one_result else {
            panic!("expected divergence, got {one_result:?}");
        };
        let (many, reports, result) = on_threads(&net, &x, &y, &training, 2);
        let Err(TrainError::Diverged {
            epoch: epoch_2,
            batch: batch_2,
            ..
        }) = result
        else {
            panic!("expected divergence on 2 threads, got {result:?}");
        };
        assert_eq!((epoch_2, batch_2), (epoch, batch));
        assert_eq!(reports.len(), epoch - 1);
        assert!(
            many.weights() == one.weights(),
            "the weights before the last step differ"
        );
        assert!(
            many.weights()
                .iter()
                .all(|w| w.as_slice().iter().all(|v| v.is_finite()))
        );
    }

    #[test]
    fn a_panic_in_the_calling_thread_ends_the_helpers_too() {
        // The helpers wait for phases; if the calling thread panics (here in `on_epoch`),
        // its guard must end their waiting, or the scope would wait for them for ever.
        let (x, y) = data(1540, 8, 3, 12);
        let mut net = Network::new(&[8, 16, 3], &mut XorShift::new(13));
        let training = Training::new(5, 0.05);
        let mut backward = Backward::new(&net, x.rows(), false);
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut on_epoch = |epoch: Epoch<f64>| assert!(epoch.epoch < 2, "stop at epoch 2");
            run_on_threads(
                &mut net,
                &x,
                &y,
                &training,
                None,
                &mut backward,
                3,
                &mut on_epoch,
            )
        }));
        assert!(
            result.is_err(),
            "the panic in on_epoch should reach the caller"
        );
    }

    #[test]
    fn small_batches_and_little_work_stay_on_one_thread() {
        let net = Network::<f64>::new(&[64, 128, 64, 10], &mut XorShift::new(9));
        assert_eq!(
            super::threads_for(&net, 511),
            1,
            "fewer than 2 × 256 samples"
        );
        let small = Network::<f64>::new(&[3, 4, 5, 1], &mut XorShift::new(9));
        assert_eq!(
            super::threads_for(&small, 100_000),
            1,
            "little work per sample"
        );
        let threads = super::threads_for(&net, 1797);
        assert_eq!(
            threads,
            crate::gemm::threads().min(7),
            "1797 samples: 7 bands of 256"
        );
    }

    #[test]
    fn every_product_of_a_band_keeps_more_than_512_multiply_adds() {
        // W_2 is 1 × 1: a band of r samples computes z_2 in r multiply-adds, so a band needs
        // more than 512 samples, whatever the work elsewhere.
        let net = Network::<f64>::new(&[4000, 1, 1], &mut XorShift::new(9));
        assert_eq!(super::smallest_product(&net.sizes, 550, 2), 550);
        assert_eq!(super::threads_for(&net, 1000), 1, "500 samples a band");
        assert_eq!(
            super::threads_for(&net, 1100),
            crate::gemm::threads().min(2),
            "550 samples a band"
        );
        // Two bands a thread where each keeps more than 512 multiply-adds, else one.
        assert_eq!(super::bands(&net.sizes, 1100, 2).len(), 2);
        assert_eq!(super::bands(&net.sizes, 2100, 2).len(), 4);
    }
}
