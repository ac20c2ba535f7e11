//! Pictures as SVG, with no dependencies: the cost over the epochs, and the decision regions
//! of a classifier in the plane.
//!
//! SVG is XML text: a list of shapes (`<rect>`, `<circle>`, `<polyline>`, `<text>`) placed in
//! pixels, with y growing downwards. Each function here returns a whole picture as a `String`;
//! save it as a `.svg` file (`std::fs::write("cost.svg", &svg)`) and open it in a browser.
//!
//! ```
//! use scratchnet::{plot, post, Network, XorShift};
//!
//! let mut net = Network::new(&post::SIZES, &mut XorShift::new(post::SEED));
//! let costs = net.train(&post::inputs(), &post::labels(), post::EPOCHS, post::LEARNING_RATE);
//! let svg = plot::cost_curve(&costs, "The post's network");
//! assert!(svg.starts_with("<svg") && svg.ends_with("</svg>\n"));
//! ```
//!
//! # From data to pixels
//!
//! A chart has a plot area `left … left + width` by `top … top + height` pixels, and two
//! axes that show the data intervals `[x_min, x_max]` and `[y_min, y_max]`. A data point
//! `(x, y)` is drawn at
//!
//! ```text
//! x_px = left       + (x − x_min) / (x_max − x_min) · width
//! y_px = top + height − (y − y_min) / (y_max − y_min) · height      (SVG's y points down)
//! ```
//!
//! On a logarithmic axis, `log₁₀ y`, `log₁₀ y_min` and `log₁₀ y_max` take the place of `y`,
//! `y_min` and `y_max`, so that each factor of ten takes the same height.
//!
//! # Ticks
//!
//! A linear axis has ticks every `step`, the smallest of 1, 2 or 5 × 10ᵏ that cuts the data's
//! range into at most 6 intervals. A cost curve's axes are widened to the multiples of `step`
//! around the data, so that they start and end on a tick: costs from 0.013 to 0.93 get the
//! axis `[0, 1]` with ticks 0, 0.2, 0.4, … 1. The plane of decision regions is the samples'
//! bounding box widened by 5% on each side, with the ticks that fall inside it. Labels have
//! the decimals the step needs (`0.3`, never `0.30000000000000004`), and scientific notation
//! (`2e-7`, `1.5e6`) only when plain decimals would be long: when the step is below 10⁻⁴ or
//! a tick reaches 10⁶.
//!
//! A logarithmic axis starts and ends on a power of ten and has a tick at each power of ten
//! (at every 2nd, 5th, 10th … when there would be more than 6 intervals).
//!
//! A range narrower than a billionth of its values (constant data, or a single point) has no
//! scale to speak of: it is widened to half the value on each side (±1 around 0).
//!
//! # What is drawn
//!
//! Numbers from −10³⁰⁰ to 10³⁰⁰. NaN, ±∞ and anything larger are skipped: a cost curve leaves
//! out such costs, a decision-region picture such samples. The bound keeps the arithmetic of
//! the axes (a range, a margin around it, a tick step) from overflowing.
//!
//! # Colours
//!
//! Classes are coloured from [`PALETTE`], Okabe and Ito's eight colours, which people with
//! any of the common colour-vision deficiencies can tell apart.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::{self, Display, Write};

use crate::math::{ceil, floor, log10};

/// The colours of classes 0 to 7, as `#RRGGBB`; class `k` gets `PALETTE[k % 8]`.
///
/// Okabe and Ito's palette ("Color Universal Design", 2008), black moved to the end: orange,
/// sky blue, bluish green, yellow, blue, vermillion, reddish purple, black. Beyond eight
/// classes the colours repeat, so class 8 looks like class 0.
///
/// ```
/// use scratchnet::plot::PALETTE;
/// assert_eq!(PALETTE[1], "#56B4E9"); // sky blue
/// ```
pub const PALETTE: [&str; 8] = [
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000",
];

/// A cost curve's size in pixels.
const COST_SIZE: (f64, f64) = (640.0, 400.0);
/// A cost curve's plot area's distances from the picture's edges.
const COST_MARGINS: Margins = Margins {
    left: 72.0,
    top: 40.0,
    right: 24.0,
    bottom: 56.0,
};

/// A decision-region picture's size in pixels (taller if the legend needs it).
const REGIONS_SIZE: (f64, f64) = (600.0, 496.0);
/// A decision-region picture's margins: a square plot area, with room on its right for the
/// legend.
const REGIONS_MARGINS: Margins = Margins {
    left: 72.0,
    top: 40.0,
    right: 128.0,
    bottom: 56.0,
};

/// The largest magnitude drawn; see [`drawable`].
const LARGEST: f64 = 1e300;

/// The plane is cut into `GRID × GRID` cells, each coloured by the class at its centre.
const GRID: usize = 100;

/// The most points a cost curve draws; longer runs are downsampled to this.
const MAX_CURVE_POINTS: usize = 1000;

/// A tick step cuts the data's range into at most this many intervals (an axis widened to
/// the ticks around the data may have one more at each end).
const MAX_INTERVALS: f64 = 6.0;

/// How strongly a region is painted in its class's colour (over white).
const REGION_OPACITY: f64 = 0.35;

/// The colour of the frame and the tick marks.
const AXIS_COLOUR: &str = "#444444";

/// The height of a legend row, in pixels.
const LEGEND_ROW: f64 = 20.0;

/// The line chart of the costs over the epochs, as SVG text.
///
/// `costs[i]` is drawn at epoch `i`, counting the epochs completed before the cost was
/// measured: [`Network::train`](crate::Network::train)'s `costs[i]` (`costs[0]` is the cost
/// before the first update), or the cost that [`Network::fit`](crate::Network::fit) reports
/// for epoch `i + 1` (its epochs count from 1, the one being run). The picture is 640 × 400 pixels, with a
/// title, the axes "epoch" and "cost" and round ticks (see [the module](self) for the mapping
/// and the ticks).
///
/// * The cost axis is **logarithmic** when every drawn cost is positive and the largest is
///   more than 100 times the smallest (they span more than two decades), so that the slow
///   end of training is not a flat line along the bottom; otherwise it is linear.
/// * NaN, ±∞ and costs beyond ±10³⁰⁰ (a run that diverged) are **skipped** (see
///   [the module](self#what-is-drawn)): the line joins the costs on either side, and stops
///   at the last one drawn. With no cost to draw the axes are drawn empty, with a note.
/// * More than 1000 costs are **downsampled**: the epochs are cut into 500 runs of equal
///   length, and of each run only the smallest and the largest cost are drawn, in epoch
///   order. So the line keeps every spike and every dip that a full drawing would show,
///   but the file stays small (≈ 20 kB) however long the training.
/// * A single cost is drawn as a dot.
///
/// ```
/// use scratchnet::plot;
///
/// let costs: Vec<f64> = (0..200).map(|epoch| 1.0 / (1.0 + epoch as f64)).collect();
/// let svg = plot::cost_curve(&costs, "1 / (1 + epoch)");
/// assert!(svg.contains(">epoch</text>") && svg.contains(">1 / (1 + epoch)</text>"));
/// assert!(svg.contains(">0.001</text>")); // 1 down to 0.005: a logarithmic axis
/// ```
pub fn cost_curve(costs: &[f64], title: &str) -> String {
    let range = min_max(costs.iter().copied().filter(|&cost| drawable(cost)));
    let last_epoch = costs.len().saturating_sub(1).max(1) as f64;
    let chart = Chart {
        frame: COST_MARGINS.frame(COST_SIZE),
        x: Axis::linear(0.0, last_epoch, 1.0),
        y: match range {
            Some((lo, hi)) if wants_log_scale(lo, hi) => Axis::log(lo, hi),
            Some((lo, hi)) => Axis::linear(lo, hi, 0.0),
            None => Axis::linear(0.0, 1.0, 0.0),
        },
    };

    let mut svg = Svg::new(COST_SIZE);
    chart.draw_grid(&mut svg);
    chart.draw_axes(&mut svg, "epoch", "cost");
    let pixels: Vec<(f64, f64)> = downsample(costs, MAX_CURVE_POINTS)
        .into_iter()
        .map(|(epoch, cost)| chart.pixel(epoch as f64, cost))
        .collect();
    match pixels[..] {
        [] => {
            let (x, y) = chart.frame.centre();
            svg.text(
                &[("x", &Px(x)), ("y", &Px(y)), ("text-anchor", &"middle")],
                "no cost to draw",
            );
        }
        [(x, y)] => svg.leaf(
            "circle",
            &[
                ("id", &"cost"),
                ("cx", &Px(x)),
                ("cy", &Px(y)),
                ("r", &3),
                ("fill", &PALETTE[4]),
            ],
        ),
        _ => svg.leaf(
            "polyline",
            &[
                ("id", &"cost"),
                ("fill", &"none"),
                ("stroke", &PALETTE[4]),
                ("stroke-width", &1.5),
                ("stroke-linejoin", &"round"),
                ("points", &Points(&pixels)),
            ],
        ),
    }
    draw_title(&mut svg, COST_SIZE.0, title);
    svg.finish()
}

/// The decision regions of a classifier in the plane, with the samples on top, as SVG text.
///
/// The plane shown is the samples' bounding box, widened by 5% on each side. It is cut into
/// a grid of 100 × 100 cells, and `classify(x₁, x₂)` is called once at the centre of each
/// cell, row after row from the top left, 10 000 times in all. The cell is painted in the
/// predicted class's colour from [`PALETTE`], faded to 35% (neighbouring cells of one class
/// in a row are merged into one rectangle, so that the file stays small). Each sample
/// `points[i]` is then drawn as a dot in a darker shade of its true class `classes[i]`'s
/// colour (each channel × 3/5), with a white rim: a dot whose hue differs from the region
/// around it is misclassified. A legend on the right lists every class that is predicted or
/// labelled; the picture is 600 × 496 pixels, taller if the legend needs it.
///
/// Points with a coordinate that is NaN, ±∞ or beyond ±10³⁰⁰ are not drawn and do not count
/// for the bounding box; with no point to draw the plane shown is `[−1, 1] × [−1, 1]`
/// widened by 5% of its width on each side, as the points' box is: `[−1.1, 1.1]²`.
///
/// `classify` may be any closure, `FnMut` included (one that calls
/// [`Network::forward_propagation`](crate::Network::forward_propagation), which updates the
/// network's caches). A network gives its class by thresholding or taking the arg max of its
/// prediction for one sample; here, XOR, with a constant third input as the post's bias:
///
/// ```
/// use scratchnet::{plot, Matrix, Network, XorShift};
///
/// let points = [(0., 0.), (0., 1.), (1., 0.), (1., 1.)];
/// let classes = [0, 1, 1, 0];
/// let inputs = Matrix::from_rows(&points.map(|(x1, x2)| [x1, x2, 1.0]));
/// let labels = Matrix::from_rows(&classes.map(|class| [class as f64]));
/// let mut net = Network::new(&[3, 4, 5, 1], &mut XorShift::new(1));
/// net.train(&inputs, &labels, 10_000, 0.5);
///
/// let classify = |x1, x2| {
///     let y_hat = net.predict(&Matrix::from_rows(&[[x1, x2, 1.0]]))[(0, 0)];
///     usize::from(y_hat > 0.5)
/// };
/// assert_eq!(points.map(|(x1, x2)| classify(x1, x2)), classes);
/// let svg = plot::decision_regions(classify, &points, &classes, "XOR");
/// assert!(svg.contains(&format!("fill=\"{}\"", plot::PALETTE[1])));
/// ```
///
/// # Panics
/// If `points` and `classes` differ in length, naming both lengths.
pub fn decision_regions(
    classify: impl FnMut(f64, f64) -> usize,
    points: &[(f64, f64)],
    classes: &[usize],
    title: &str,
) -> String {
    assert!(
        points.len() == classes.len(),
        "decision_regions: {} points but {} classes — one class per point",
        points.len(),
        classes.len()
    );
    let drawn = || points.iter().filter(|&&(x, y)| drawable(x) && drawable(y));
    let frame = REGIONS_MARGINS.frame(REGIONS_SIZE);
    let chart = Chart {
        frame,
        x: Axis::with_margin(drawn().map(|&(x, _)| x)),
        y: Axis::with_margin(drawn().map(|&(_, y)| y)),
    };
    let runs = class_runs(&chart, classify);

    let mut legend: Vec<usize> = runs.iter().map(|run| run.class).collect();
    legend.extend_from_slice(classes);
    legend.sort_unstable();
    legend.dedup();
    let legend_height = frame.top + legend.len() as f64 * LEGEND_ROW + LEGEND_ROW;
    let size = (REGIONS_SIZE.0, REGIONS_SIZE.1.max(legend_height));

    let mut svg = Svg::new(size);
    draw_regions(&mut svg, &chart.frame, &runs);
    chart.draw_axes(&mut svg, "x₁", "x₂");
    svg.start("g", &[("id", &"samples"), SAMPLE_RIM[0], SAMPLE_RIM[1]]);
    for (&(x, y), &class) in points.iter().zip(classes) {
        if drawable(x) && drawable(y) {
            let (x_px, y_px) = chart.pixel(x, y);
            draw_sample(&mut svg, x_px, y_px, class);
        }
    }
    svg.end("g");
    draw_legend(
        &mut svg,
        frame.left + frame.width + 16.0,
        frame.top,
        &legend,
    );
    draw_title(&mut svg, size.0, title);
    svg.finish()
}

// ── Decision regions ────────────────────────────────────────────────────────────────────────

/// A run of neighbouring cells in one grid row that `classify` puts in one class.
struct Run {
    row: usize,
    /// The first column of the run, and the number of cells in it.
    column: usize,
    len: usize,
    class: usize,
}

/// The grid's cells, row after row from the top, as runs of one class: `classify` is called
/// at the centre of each cell,
///
/// ```text
/// x₁ = x_min + (column + ½) · (x_max − x_min) / GRID
/// x₂ = y_max − (row + ½)    · (y_max − y_min) / GRID
/// ```
fn class_runs(chart: &Chart, mut classify: impl FnMut(f64, f64) -> usize) -> Vec<Run> {
    let cell = |axis: &Axis, index: usize| {
        axis.min + (index as f64 + 0.5) * (axis.max - axis.min) / GRID as f64
    };
    let mut runs: Vec<Run> = Vec::new();
    for row in 0..GRID {
        let x2 = cell(&chart.y, GRID - 1 - row);
        for column in 0..GRID {
            let class = classify(cell(&chart.x, column), x2);
            match runs.last_mut() {
                Some(run) if run.row == row && run.class == class => run.len += 1,
                _ => runs.push(Run {
                    row,
                    column,
                    len: 1,
                    class,
                }),
            }
        }
    }
    runs
}

/// The runs as rectangles in their classes' colours, faded, with crisp edges so that no seam
/// shows between neighbours.
fn draw_regions(svg: &mut Svg, frame: &Frame, runs: &[Run]) {
    let (cell_width, cell_height) = (frame.width / GRID as f64, frame.height / GRID as f64);
    svg.start(
        "g",
        &[
            ("id", &"regions"),
            ("opacity", &REGION_OPACITY),
            ("shape-rendering", &"crispEdges"),
        ],
    );
    for run in runs {
        let x = frame.left + run.column as f64 * cell_width;
        let y = frame.top + run.row as f64 * cell_height;
        svg.leaf(
            "rect",
            &[
                ("x", &Px(x)),
                ("y", &Px(y)),
                ("width", &Px(run.len as f64 * cell_width)),
                ("height", &Px(cell_height)),
                ("fill", &class_colour(run.class)),
            ],
        );
    }
    svg.end("g");
}

/// The white rim of the samples' dots, for the group that holds them.
const SAMPLE_RIM: [Attribute; 2] = [("stroke", &"white"), ("stroke-width", &0.8)];

/// One sample: a dot in the darker shade of its class's colour (in a group with
/// [`SAMPLE_RIM`]).
fn draw_sample(svg: &mut Svg, x: f64, y: f64, class: usize) {
    svg.leaf(
        "circle",
        &[
            ("cx", &Px(x)),
            ("cy", &Px(y)),
            ("r", &3.5),
            ("fill", &darker(class_colour(class))),
        ],
    );
}

/// A row per class, from the top at `(x, top)`: a faded square of the region's colour with a
/// sample's dot in it, and "class k".
fn draw_legend(svg: &mut Svg, x: f64, top: f64, classes: &[usize]) {
    svg.start("g", &[("id", &"legend")]);
    for (row, &class) in classes.iter().enumerate() {
        let y = top + row as f64 * LEGEND_ROW;
        svg.leaf(
            "rect",
            &[
                ("x", &Px(x)),
                ("y", &Px(y)),
                ("width", &14),
                ("height", &14),
                ("fill", &class_colour(class)),
                ("opacity", &REGION_OPACITY),
            ],
        );
        svg.start("g", &SAMPLE_RIM);
        draw_sample(svg, x + 7.0, y + 7.0, class);
        svg.end("g");
        svg.text(
            &[("x", &Px(x + 22.0)), ("y", &Px(y + 11.0))],
            &format!("class {class}"),
        );
    }
    svg.end("g");
}

/// Class `class`'s colour: [`PALETTE`], cycling.
fn class_colour(class: usize) -> &'static str {
    PALETTE[class % PALETTE.len()]
}

/// `#RRGGBB` with each channel × 3/5, rounded down: the same hue, darker.
fn darker(colour: &str) -> String {
    let rgb = u32::from_str_radix(&colour[1..], 16).expect("colours are #RRGGBB");
    let channel = |shift: u32| ((rgb >> shift) & 0xFF) * 3 / 5;
    format!("#{:02X}{:02X}{:02X}", channel(16), channel(8), channel(0))
}

// ── Cost curves ─────────────────────────────────────────────────────────────────────────────

/// Whether costs from `lo` to `hi` call for a logarithmic axis: all positive, and the
/// largest more than 100 times the smallest.
fn wants_log_scale(lo: f64, hi: f64) -> bool {
    lo > 0.0 && hi > 100.0 * lo
}

/// The [`drawable`] costs as `(epoch, cost)`, in epoch order: all of them when there are at most
/// `max_points`, else the smallest and the largest of each of `max_points / 2` runs of
/// epochs of (nearly) equal length.
fn downsample(costs: &[f64], max_points: usize) -> Vec<(usize, f64)> {
    let drawn = |&(_, cost): &(usize, f64)| drawable(cost);
    if costs.len() <= max_points {
        return costs.iter().copied().enumerate().filter(drawn).collect();
    }
    let buckets = max_points / 2;
    let mut kept = Vec::with_capacity(max_points);
    for bucket in 0..buckets {
        let start = bucket * costs.len() / buckets;
        let end = (bucket + 1) * costs.len() / buckets;
        let run = (start..end)
            .map(|epoch| (epoch, costs[epoch]))
            .filter(drawn);
        let lowest = run.clone().min_by(|a, b| a.1.total_cmp(&b.1));
        let highest = run.max_by(|a, b| a.1.total_cmp(&b.1));
        if let (Some(lowest), Some(highest)) = (lowest, highest) {
            let (first, second) = if lowest.0 <= highest.0 {
                (lowest, highest)
            } else {
                (highest, lowest)
            };
            kept.push(first);
            if second.0 != first.0 {
                kept.push(second);
            }
        }
    }
    kept
}

// ── Charts and axes ─────────────────────────────────────────────────────────────────────────

/// The distances in pixels from a picture's edges to its plot area.
struct Margins {
    left: f64,
    top: f64,
    right: f64,
    bottom: f64,
}

impl Margins {
    /// The plot area of a picture of `(width, height)` pixels.
    fn frame(&self, (width, height): (f64, f64)) -> Frame {
        Frame {
            left: self.left,
            top: self.top,
            width: width - self.left - self.right,
            height: height - self.top - self.bottom,
        }
    }
}

/// The plot area, in pixels.
#[derive(Clone, Copy)]
struct Frame {
    left: f64,
    top: f64,
    width: f64,
    height: f64,
}

impl Frame {
    /// The pixel in the middle of the plot area.
    fn centre(&self) -> (f64, f64) {
        (self.left + self.width / 2.0, self.top + self.height / 2.0)
    }
}

/// A plot area and the two axes that map data onto it.
struct Chart {
    frame: Frame,
    x: Axis,
    y: Axis,
}

impl Chart {
    /// The pixel of the data point `(x, y)`.
    fn pixel(&self, x: f64, y: f64) -> (f64, f64) {
        (self.x_px(self.x.units(x)), self.y_px(self.y.units(y)))
    }

    /// The pixel column of `u`, in the x axis's units: `left + t · width`, with `t` the
    /// fraction of [`Axis::fraction`].
    fn x_px(&self, u: f64) -> f64 {
        self.frame.left + self.x.fraction(u) * self.frame.width
    }

    /// The pixel row of `u`, in the y axis's units: `top + height − t · height` (SVG's y
    /// points down).
    fn y_px(&self, u: f64) -> f64 {
        let Frame { top, height, .. } = self.frame;
        top + height - self.y.fraction(u) * height
    }

    /// Light lines across the plot area at every tick.
    fn draw_grid(&self, svg: &mut Svg) {
        let Frame {
            left,
            top,
            width,
            height,
        } = self.frame;
        svg.start("g", &[("stroke", &"#E5E5E5")]);
        for tick in &self.x.ticks {
            let x = Px(self.x_px(tick.at));
            let (y1, y2) = (Px(top), Px(top + height));
            svg.leaf("line", &[("x1", &x), ("y1", &y1), ("x2", &x), ("y2", &y2)]);
        }
        for tick in &self.y.ticks {
            let y = Px(self.y_px(tick.at));
            let (x1, x2) = (Px(left), Px(left + width));
            svg.leaf("line", &[("x1", &x1), ("y1", &y), ("x2", &x2), ("y2", &y)]);
        }
        svg.end("g");
    }

    /// The frame, the ticks below and left of it, and the axes' titles.
    fn draw_axes(&self, svg: &mut Svg, x_title: &str, y_title: &str) {
        let Frame {
            left,
            top,
            width,
            height,
        } = self.frame;
        svg.leaf(
            "rect",
            &[
                ("x", &Px(left)),
                ("y", &Px(top)),
                ("width", &Px(width)),
                ("height", &Px(height)),
                ("fill", &"none"),
                ("stroke", &AXIS_COLOUR),
            ],
        );
        self.draw_x_ticks(svg);
        self.draw_y_ticks(svg);
        let (x_centre, y_centre) = self.frame.centre();
        svg.text(
            &[
                ("x", &Px(x_centre)),
                ("y", &Px(top + height + 42.0)),
                ("text-anchor", &"middle"),
            ],
            x_title,
        );
        svg.text(
            &[
                ("x", &18),
                ("y", &Px(y_centre)),
                ("text-anchor", &"middle"),
                ("transform", &format!("rotate(-90 18 {})", Px(y_centre))),
            ],
            y_title,
        );
    }

    /// Below the frame, each x tick's mark (`<line>`) and then its label (`<text>`), in a
    /// group `id="x-axis"`.
    fn draw_x_ticks(&self, svg: &mut Svg) {
        let bottom = self.frame.top + self.frame.height;
        svg.start("g", &[("id", &"x-axis"), ("text-anchor", &"middle")]);
        for tick in &self.x.ticks {
            let x = Px(self.x_px(tick.at));
            let (y1, y2) = (Px(bottom), Px(bottom + 5.0));
            svg.leaf(
                "line",
                &[
                    ("x1", &x),
                    ("y1", &y1),
                    ("x2", &x),
                    ("y2", &y2),
                    ("stroke", &AXIS_COLOUR),
                ],
            );
            svg.text(&[("x", &x), ("y", &Px(bottom + 19.0))], &tick.label);
        }
        svg.end("g");
    }

    /// Left of the frame, each y tick's mark and then its label, in a group `id="y-axis"`.
    fn draw_y_ticks(&self, svg: &mut Svg) {
        let left = self.frame.left;
        svg.start("g", &[("id", &"y-axis"), ("text-anchor", &"end")]);
        for tick in &self.y.ticks {
            let y = self.y_px(tick.at);
            let (x1, x2) = (Px(left - 5.0), Px(left));
            svg.leaf(
                "line",
                &[
                    ("x1", &x1),
                    ("y1", &Px(y)),
                    ("x2", &x2),
                    ("y2", &Px(y)),
                    ("stroke", &AXIS_COLOUR),
                ],
            );
            svg.text(&[("x", &Px(left - 8.0)), ("y", &Px(y + 4.0))], &tick.label);
        }
        svg.end("g");
    }
}

/// The picture's title, centred at its top.
fn draw_title(svg: &mut Svg, width: f64, title: &str) {
    svg.text(
        &[
            ("x", &Px(width / 2.0)),
            ("y", &24),
            ("text-anchor", &"middle"),
            ("font-size", &16),
            ("font-weight", &"bold"),
        ],
        title,
    );
}

/// One axis: the interval it shows, `[min, max]`, and its ticks, all in the axis's units,
/// which are the data's on a linear axis and their log₁₀ on a logarithmic one.
struct Axis {
    min: f64,
    max: f64,
    log: bool,
    ticks: Vec<Tick>,
}

/// A tick: where it is, in its axis's units, and its label.
struct Tick {
    at: f64,
    label: String,
}

impl Axis {
    /// A linear axis over `[lo, hi]`, widened to the multiples of a 1-2-5 step of at least
    /// `min_step` (1 for a count such as epochs, 0 for anything), so that it starts and ends
    /// on a tick.
    fn linear(lo: f64, hi: f64, min_step: f64) -> Axis {
        let (lo, hi) = widen_if_flat(lo, hi);
        let step = nice_step(hi - lo).max(min_step);
        let (first, last) = (floor(lo / step), ceil(hi / step));
        Axis {
            min: first * step,
            max: last * step,
            log: false,
            ticks: linear_ticks(first, last, step),
        }
    }

    /// A linear axis over the values, widened by 5% on each side (or over `[−1, 1]` when
    /// there are none), with ticks at the multiples of a 1-2-5 step inside it.
    fn with_margin(values: impl Iterator<Item = f64> + Clone) -> Axis {
        let (lo, hi) = match min_max(values) {
            Some((lo, hi)) => widen_if_flat(lo, hi),
            None => (-1.0, 1.0),
        };
        let margin = 0.05 * (hi - lo);
        let (min, max) = (lo - margin, hi + margin);
        let step = nice_step(max - min);
        Axis {
            min,
            max,
            log: false,
            ticks: linear_ticks(ceil(min / step), floor(max / step), step),
        }
    }

    /// A logarithmic axis over `[lo, hi]`, `0 < lo < hi`, from the power of ten at or below
    /// `lo` to the one at or above `hi`, with a tick every 1, 2, 5, 10 … decades.
    fn log(lo: f64, hi: f64) -> Axis {
        let first = decade(lo);
        let last = decade(hi) + i32::from(pow10(decade(hi)) < hi);
        let step = nice_step(f64::from(last - first)).max(1.0) as i32;
        let first = first.div_euclid(step) * step;
        let last = -(-last).div_euclid(step) * step;
        let ticks = (first..=last)
            .step_by(step as usize)
            .map(|e| Tick {
                at: f64::from(e),
                label: power_of_ten_label(e),
            })
            .collect();
        Axis {
            min: f64::from(first),
            max: f64::from(last),
            log: true,
            ticks,
        }
    }

    /// `value` in the axis's units: `log₁₀ value` on a logarithmic axis, else `value`.
    fn units(&self, value: f64) -> f64 {
        if self.log { log10(value) } else { value }
    }

    /// Where `u`, in the axis's units, lies along the axis, from 0 at `min` to 1 at `max`:
    /// `t = (u − min) / (max − min)`.
    fn fraction(&self, u: f64) -> f64 {
        (u - self.min) / (self.max - self.min)
    }
}

/// `[lo, hi]`, or, when it is narrower than a billionth of its values, `lo ± |lo|/2` (±1
/// around 0).
fn widen_if_flat(lo: f64, hi: f64) -> (f64, f64) {
    if hi - lo > 1e-9 * lo.abs().max(hi.abs()) {
        (lo, hi)
    } else if lo == 0.0 {
        (-1.0, 1.0)
    } else {
        (lo - lo.abs() / 2.0, lo + lo.abs() / 2.0)
    }
}

/// Ticks at `first · step`, `(first + 1) · step`, … `last · step`, `first` and `last` being
/// whole numbers. A label is written in scientific notation when plain decimals would be
/// long: when the step is below 10⁻⁴, or a tick reaches 10⁶.
fn linear_ticks(first: f64, last: f64, step: f64) -> Vec<Tick> {
    let largest = (first * step).abs().max((last * step).abs());
    let scientific = step < 1e-4 || largest >= 1e6;
    let count = (last - first + 1.0).max(0.0) as usize;
    (0..count)
        .map(|i| {
            let value = (first + i as f64) * step;
            Tick {
                at: value,
                label: tick_label(value, step, scientific),
            }
        })
        .collect()
}

/// The smallest step of 1, 2 or 5 × 10ᵏ that cuts `span` into at most [`MAX_INTERVALS`].
fn nice_step(span: f64) -> f64 {
    let raw = span / MAX_INTERVALS;
    let power = pow10(decade(raw));
    let mantissa = raw / power; // in [1, 10)
    let nice = match mantissa {
        m if m <= 1.0 => 1.0,
        m if m <= 2.0 => 2.0,
        m if m <= 5.0 => 5.0,
        _ => 10.0,
    };
    nice * power
}

/// A linear tick's label: `value`, a multiple of `step` (1, 2 or 5 × 10ᵏ), with just the
/// digits the step needs, so that the rounding noise of `value` never shows: with step 0.2,
/// `0.6000000000000001` is `0.6`; with step 5e-7, `1.5e-6`.
fn tick_label(value: f64, step: f64, scientific: bool) -> String {
    if value == 0.0 {
        return String::from("0");
    }
    let step_decade = decade(step);
    if scientific {
        let decimals = (decade(value.abs()) - step_decade).max(0) as usize;
        format!("{value:.decimals$e}")
    } else {
        let decimals = (-step_decade).max(0) as usize;
        format!("{value:.decimals$}")
    }
}

/// The label of 10ᵉ: plain from `0.0001` to `100000`, else `1e-7`, `1e6`.
fn power_of_ten_label(e: i32) -> String {
    if (-4..=5).contains(&e) {
        let decimals = (-e).max(0) as usize;
        format!("{:.decimals$}", pow10(e))
    } else {
        format!("1e{e}")
    }
}

/// Whether `value` is drawn: |value| ≤ 10³⁰⁰, so neither NaN nor ±∞.
fn drawable(value: f64) -> bool {
    value.abs() <= LARGEST
}

/// The smallest and the largest of the values, or `None` if there are none.
fn min_max(values: impl Iterator<Item = f64> + Clone) -> Option<(f64, f64)> {
    let lo = values.clone().reduce(f64::min)?;
    let hi = values.reduce(f64::max)?;
    Some((lo, hi))
}

// ── Numbers ─────────────────────────────────────────────────────────────────────────────

/// 10ᵉ by repeated multiplication, exact for |e| ≤ 22 (10⁻ᵉ is then one correctly rounded
/// division); |e| is capped at 400, beyond which the result is ∞ or 0 anyway.
fn pow10(e: i32) -> f64 {
    let mut power = 1.0;
    for _ in 0..e.unsigned_abs().min(400) {
        power *= 10.0;
    }
    if e < 0 { 1.0 / power } else { power }
}

/// The decade of a positive `x`: the integer `e` with 10ᵉ ≤ x < 10ᵉ⁺¹. `log10` can be off by
/// an ulp at a power of ten (log₁₀ 1000 may come out as 2.9999999999999996), so the floor of
/// it is checked against the powers of ten on either side.
fn decade(x: f64) -> i32 {
    let e = floor(log10(x)).clamp(-400.0, 400.0) as i32;
    if pow10(e) > x {
        e - 1
    } else if pow10(e + 1) <= x {
        e + 1
    } else {
        e
    }
}

// ── A tiny SVG writer ───────────────────────────────────────────────────────────────────────

/// An attribute: its name, and a value written with `Display` and escaped.
type Attribute<'a> = (&'a str, &'a dyn Display);

/// An SVG document being written, element after element, into one `String`.
struct Svg {
    out: String,
}

impl Svg {
    /// `<svg …>` of `(width, height)` pixels, on a white background.
    fn new((width, height): (f64, f64)) -> Svg {
        let mut svg = Svg { out: String::new() };
        svg.start(
            "svg",
            &[
                ("xmlns", &"http://www.w3.org/2000/svg"),
                ("width", &Px(width)),
                ("height", &Px(height)),
                ("viewBox", &format!("0 0 {} {}", Px(width), Px(height))),
                ("font-family", &"sans-serif"),
                ("font-size", &12),
            ],
        );
        svg.leaf(
            "rect",
            &[("width", &"100%"), ("height", &"100%"), ("fill", &"white")],
        );
        svg
    }

    /// `<tag a="v" …>`: the start of an element that holds others.
    fn start(&mut self, tag: &str, attributes: &[Attribute]) {
        self.open(tag, attributes);
        self.out.push_str(">\n");
    }

    /// `</tag>`: the end of an element begun with [`start`](Svg::start).
    fn end(&mut self, tag: &str) {
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push_str(">\n");
    }

    /// `<tag a="v" …/>`: an element with nothing inside.
    fn leaf(&mut self, tag: &str, attributes: &[Attribute]) {
        self.open(tag, attributes);
        self.out.push_str("/>\n");
    }

    /// `<text a="v" …>content</text>`, the content escaped.
    fn text(&mut self, attributes: &[Attribute], content: &str) {
        self.open("text", attributes);
        self.out.push('>');
        push_escaped(&mut self.out, &content);
        self.out.push_str("</text>\n");
    }

    /// The whole document, its `<svg>` element closed.
    fn finish(mut self) -> String {
        self.end("svg");
        self.out
    }

    /// `<tag a="v" …`, not yet closed by `>` or `/>`.
    fn open(&mut self, tag: &str, attributes: &[Attribute]) {
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attributes {
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            push_escaped(&mut self.out, value);
            self.out.push('"');
        }
    }
}

/// Appends `value` to `out`, escaped for XML text and quoted attributes.
fn push_escaped(out: &mut String, value: &dyn Display) {
    // Cannot fail: `Escaped` never reports an error, and neither do the `Display`s used here.
    let _ = write!(Escaped(out), "{value}");
}

/// A `fmt::Write` into a `String` that escapes what XML does not allow as it is: `&<>"'`
/// become `&amp;` `&lt;` `&gt;` `&quot;` `&apos;`, and control characters, which XML cannot
/// hold at all (tab and line breaks aside), become `�`.
struct Escaped<'a>(&'a mut String);

impl Write for Escaped<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for c in s.chars() {
            match c {
                '&' => self.0.push_str("&amp;"),
                '<' => self.0.push_str("&lt;"),
                '>' => self.0.push_str("&gt;"),
                '"' => self.0.push_str("&quot;"),
                '\'' => self.0.push_str("&apos;"),
                '\t' | '\n' | '\r' => self.0.push(c),
                c if c.is_control() => self.0.push('\u{FFFD}'),
                c => self.0.push(c),
            }
        }
        Ok(())
    }
}

/// A pixel coordinate, written short: rounded to hundredths, without trailing zeros
/// (`12.5`, `3`, `-0.25`).
struct Px(f64);

impl Display for Px {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hundredths = floor(self.0 * 100.0 + 0.5) as i64;
        let sign = if hundredths < 0 { "-" } else { "" };
        let (whole, fraction) = (
            hundredths.unsigned_abs() / 100,
            hundredths.unsigned_abs() % 100,
        );
        match fraction {
            0 => write!(f, "{sign}{whole}"),
            f10 if f10 % 10 == 0 => write!(f, "{sign}{whole}.{}", f10 / 10),
            _ => write!(f, "{sign}{whole}.{fraction:02}"),
        }
    }
}

/// Pixel points as SVG's `points` attribute wants them: `x,y x,y …`.
struct Points<'a>(&'a [(f64, f64)]);

impl Display for Points<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, &(x, y)) in self.0.iter().enumerate() {
            let separator = if i == 0 { "" } else { " " };
            write!(f, "{separator}{},{}", Px(x), Px(y))?;
        }
        Ok(())
    }
}
