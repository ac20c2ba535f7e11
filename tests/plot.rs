//! `plot`: the pictures are well-formed XML, and say what the data says.
//!
//! Every picture is read back by a small XML reader written here, which rejects what a real
//! parser would (unbalanced or misnested tags, unquoted attributes, a bare `&` or `<` in text)
//! and returns the elements with their attributes unescaped. The tests then read the data back
//! out of the picture: the axes' tick marks give the map from data to pixels, and every point
//! of the cost curve, every sample's dot and every region's cell must sit where that map puts
//! it, in the colour its class gets. Pixels are written to two decimals, so positions are
//! compared to within 0.01 px.

use scratchnet::XorShift;
use scratchnet::plot::{self, PALETTE};

// ── A tiny XML reader ───────────────────────────────────────────────────────────────────────

/// One element: its tag, attributes (unescaped), text content (unescaped), and the `id`s of
/// the elements around it, outermost first.
#[derive(Debug, Clone)]
struct Element {
    tag: String,
    attributes: Vec<(String, String)>,
    text: String,
    ids: Vec<String>,
}

impl Element {
    fn get(&self, name: &str) -> &str {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("<{}> has no attribute {name}: {self:?}", self.tag))
    }

    fn num(&self, name: &str) -> f64 {
        let value = self.get(name);
        value
            .parse()
            .unwrap_or_else(|_| panic!("<{}> {name}={value:?} is not a number", self.tag))
    }

    fn get_id(&self) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == "id")
            .map(|(_, v)| v.as_str())
    }

    /// Whether an element around this one has the `id`.
    fn inside(&self, id: &str) -> bool {
        self.ids.iter().any(|i| i == id)
    }
}

/// Replaces the five entities; anything else after `&` is an error.
fn unescape(s: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').ok_or(format!("bare & in {s:?}"))?;
        out.push(match &rest[..=end] {
            "&amp;" => '&',
            "&lt;" => '<',
            "&gt;" => '>',
            "&quot;" => '"',
            "&apos;" => '\'',
            other => return Err(format!("unknown entity {other} in {s:?}")),
        });
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Checks that `text` holds no character XML forbids raw, and unescapes it.
fn character_data(text: &str) -> Result<String, String> {
    if let Some(c) = text
        .chars()
        .find(|&c| c == '<' || c == '>' || (c.is_control() && !"\t\n\r".contains(c)))
    {
        return Err(format!("raw {c:?} in text {text:?}"));
    }
    unescape(text)
}

/// The elements of one XML document with a single root, in document order, or what is wrong.
fn parse(xml: &str) -> Result<Vec<Element>, String> {
    let mut elements: Vec<Element> = Vec::new();
    let mut open: Vec<(String, usize)> = Vec::new(); // tag and index in `elements`
    let mut rest = xml;
    let mut roots = 0;
    loop {
        let Some(lt) = rest.find('<') else {
            if !rest.trim().is_empty() {
                return Err(format!("text after the root: {rest:?}"));
            }
            break;
        };
        let text = character_data(&rest[..lt])?;
        match open.last() {
            Some(&(_, index)) => elements[index].text.push_str(&text),
            None if !text.trim().is_empty() => return Err(format!("text outside root: {text:?}")),
            None => {}
        }
        rest = &rest[lt + 1..];
        if let Some(after) = rest.strip_prefix('/') {
            let gt = after.find('>').ok_or("unclosed end tag")?;
            let tag = &after[..gt];
            match open.pop() {
                Some((expected, _)) if expected == tag => {}
                other => return Err(format!("</{tag}> closes {other:?}")),
            }
            rest = &after[gt + 1..];
            continue;
        }
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .ok_or("unclosed tag")?;
        let tag = rest[..name_end].to_string();
        if tag.is_empty() || !tag.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(format!("bad tag name {tag:?}"));
        }
        rest = &rest[name_end..];
        let mut attributes = Vec::new();
        let self_closing = loop {
            rest = rest.trim_start();
            if let Some(after) = rest.strip_prefix("/>") {
                rest = after;
                break true;
            }
            if let Some(after) = rest.strip_prefix('>') {
                rest = after;
                break false;
            }
            let eq = rest
                .find('=')
                .ok_or(format!("attribute without value in <{tag}>"))?;
            let name = &rest[..eq];
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                return Err(format!("bad attribute name {name:?} in <{tag}>"));
            }
            let after = rest[eq + 1..]
                .strip_prefix('"')
                .ok_or(format!("unquoted attribute {name} in <{tag}>"))?;
            let close = after.find('"').ok_or("unterminated attribute")?;
            let value = character_data(&after[..close])?;
            if attributes.iter().any(|(n, _)| n == name) {
                return Err(format!("attribute {name} twice in <{tag}>"));
            }
            attributes.push((name.to_string(), value));
            rest = &after[close + 1..];
            if !(rest.starts_with(char::is_whitespace) || rest.starts_with(['>', '/'])) {
                return Err(format!("no space after attribute {name} in <{tag}>"));
            }
        };
        if open.is_empty() {
            roots += 1;
        }
        let ids = open
            .iter()
            .filter_map(|&(_, index)| {
                let e: &Element = &elements[index];
                e.attributes
                    .iter()
                    .find(|(n, _)| n == "id")
                    .map(|(_, v)| v.clone())
            })
            .collect();
        elements.push(Element {
            tag: tag.clone(),
            attributes,
            text: String::new(),
            ids,
        });
        if !self_closing {
            open.push((tag, elements.len() - 1));
        }
    }
    if let Some((tag, _)) = open.last() {
        return Err(format!("<{tag}> is never closed"));
    }
    if roots != 1 || elements.first().map(|e| e.tag.as_str()) != Some("svg") {
        return Err(format!("{roots} roots; the first element must be <svg>"));
    }
    Ok(elements)
}

/// The picture's elements, after checking it is well-formed and free of NaN and ∞.
fn read(svg: &str) -> Vec<Element> {
    let elements = parse(svg).unwrap_or_else(|e| panic!("malformed SVG: {e}\n{svg}"));
    for e in &elements {
        for (name, value) in &e.attributes {
            assert!(
                !value.contains("NaN") && !value.contains("inf"),
                "<{}> {name}={value:?}",
                e.tag
            );
        }
    }
    elements
}

#[test]
fn the_reader_rejects_what_is_not_xml() {
    let good = r#"<svg a="1"><g id="x"><text>a &amp; b</text><rect/></g></svg>"#;
    assert!(parse(good).is_ok());
    for bad in [
        r#"<svg><g></svg>"#,
        r#"<svg><g></rect></g></svg>"#,
        r#"<svg a=1></svg>"#,
        r#"<svg a="1"b="2"></svg>"#,
        r#"<svg><text>a & b</text></svg>"#,
        r#"<svg><text>a < b</text></svg>"#,
        r#"<svg><text>a &nbsp; b</text></svg>"#,
        r#"<svg a="<"></svg>"#,
        r#"<svg></svg><svg></svg>"#,
        "<svg><text>\u{0}</text></svg>",
    ] {
        assert!(parse(bad).is_err(), "accepted {bad}");
    }
}

/// What `plot` draws: numbers up to 10³⁰⁰ in magnitude, as its docs say.
fn drawable(v: f64) -> bool {
    v.abs() <= 1e300
}

// ── Reading the data back ───────────────────────────────────────────────────────────────────

/// An axis read back from its tick marks: (pixel, label) pairs, in order.
struct Ticks(Vec<(f64, String)>);

/// The ticks of the axis group `id` ("x-axis" or "y-axis"): each tick mark `<line>` is
/// followed by its label.
fn ticks(elements: &[Element], id: &str) -> Ticks {
    let (coordinate, lines) = if id == "x-axis" {
        ("x1", "x2")
    } else {
        ("y1", "y2")
    };
    let marks: Vec<&Element> = elements.iter().filter(|e| e.inside(id)).collect();
    let mut ticks = Vec::new();
    for pair in marks.chunks(2) {
        let [line, text] = pair else {
            panic!("{id}: a tick mark without a label")
        };
        assert_eq!((line.tag.as_str(), text.tag.as_str()), ("line", "text"));
        assert_eq!(
            line.num(coordinate),
            line.num(lines),
            "{id}: slanted tick mark"
        );
        ticks.push((line.num(coordinate), text.text.clone()));
    }
    Ticks(ticks)
}

impl Ticks {
    fn values(&self) -> Vec<f64> {
        self.0
            .iter()
            .map(|(_, label)| label.parse::<f64>().unwrap())
            .collect()
    }

    /// The pixel of `value`, by the straight line through the first and the last tick, in
    /// the labels' values or (log) their log₁₀.
    fn pixel(&self, value: f64, log: bool) -> f64 {
        let scale = |v: f64| if log { v.log10() } else { v };
        let values = self.values();
        let (p0, v0) = (self.0[0].0, scale(values[0]));
        let (p1, v1) = (self.0[values.len() - 1].0, scale(values[values.len() - 1]));
        p0 + (scale(value) - v0) / (v1 - v0) * (p1 - p0)
    }

    /// Whether the ticks are equally spaced in pixels and in value (or log₁₀ value).
    fn evenly_spaced(&self, log: bool) -> bool {
        let scale = |v: f64| if log { v.log10() } else { v };
        let values: Vec<f64> = self.values().into_iter().map(scale).collect();
        let n = values.len();
        let (dp, dv) = (
            (self.0[n - 1].0 - self.0[0].0) / (n - 1) as f64,
            (values[n - 1] - values[0]) / (n - 1) as f64,
        );
        (0..n).all(|i| {
            (self.0[i].0 - (self.0[0].0 + i as f64 * dp)).abs() < 0.011
                && (values[i] - (values[0] + i as f64 * dv)).abs() < 1e-9 * dv.abs()
        })
    }
}

/// The step of round ticks: 1, 2 or 5 × 10ᵏ, every label a whole multiple of it, and short.
fn assert_round(ticks: &Ticks, what: &str) {
    let values = ticks.values();
    assert!(
        values.len() >= 2,
        "{what}: fewer than two ticks: {:?}",
        ticks.0
    );
    let step = values[1] - values[0];
    let power = 10f64.powf(step.log10().floor());
    let mantissa = step / power;
    assert!(
        [1.0, 2.0, 5.0, 10.0]
            .iter()
            .any(|m| (mantissa - m).abs() < 1e-9),
        "{what}: step {step} is not 1, 2 or 5 × 10ᵏ: {:?}",
        ticks.0
    );
    for (value, (_, label)) in values.iter().zip(&ticks.0) {
        let k = value / step;
        assert!(
            (k - k.round()).abs() < 1e-6,
            "{what}: {label} is not a multiple of {step}"
        );
        assert!(label.len() <= 8, "{what}: label {label:?} is long");
    }
}

/// The cost curve's points in pixels: the polyline's, or the single dot's.
fn curve(elements: &[Element]) -> Vec<(f64, f64)> {
    let Some(cost) = elements.iter().find(|e| e.get_id() == Some("cost")) else {
        return Vec::new();
    };
    match cost.tag.as_str() {
        "circle" => vec![(cost.num("cx"), cost.num("cy"))],
        "polyline" => cost
            .get("points")
            .split(' ')
            .map(|xy| {
                let (x, y) = xy.split_once(',').unwrap();
                (x.parse().unwrap(), y.parse().unwrap())
            })
            .collect(),
        other => panic!("the cost is a <{other}>"),
    }
}

/// Whether the cost axis is logarithmic: its labels are the powers of ten, at equal distances.
fn is_log(y: &Ticks) -> bool {
    let values = y.values();
    values
        .iter()
        .all(|v| (v.log10() - v.log10().round()).abs() < 1e-12)
        && values.windows(2).all(|w| w[1] > w[0] * 9.0)
        && y.evenly_spaced(true)
}

/// Checks every drawable cost is drawn where the ticks say, and nothing else is, and returns
/// whether the axis is logarithmic.
fn assert_curve_matches(costs: &[f64]) -> bool {
    let svg = plot::cost_curve(costs, "costs");
    let elements = read(&svg);
    let (x, y) = (ticks(&elements, "x-axis"), ticks(&elements, "y-axis"));
    assert_round(&x, "epoch axis");
    assert!(x.values().iter().all(|v| v.fract() == 0.0), "{:?}", x.0);
    let log = is_log(&y);
    if !log {
        assert_round(&y, "cost axis");
        assert!(y.evenly_spaced(false), "{:?}", y.0);
    }
    let drawn: Vec<(usize, f64)> = costs
        .iter()
        .copied()
        .enumerate()
        .filter(|&(_, c)| drawable(c))
        .collect();
    let points = curve(&elements);
    assert_eq!(points.len(), drawn.len(), "one point per drawable cost");
    for (&(epoch, cost), &(px, py)) in drawn.iter().zip(&points) {
        assert!(
            (px - x.pixel(epoch as f64, false)).abs() < 0.011,
            "epoch {epoch}: x {px}"
        );
        let want = y.pixel(cost, log);
        assert!(
            (py - want).abs() < 0.011,
            "epoch {epoch}, cost {cost}: y {py}, want {want}"
        );
    }
    log
}

// ── Cost curves ─────────────────────────────────────────────────────────────────────────────

#[test]
fn a_cost_curve_draws_each_cost_where_its_ticks_say() {
    let costs: Vec<f64> = (0..300)
        .map(|e| 0.9 * (-(e as f64) / 100.0).exp() + 0.05)
        .collect();
    assert!(!assert_curve_matches(&costs), "0.95 to 0.09 is linear");
    let costs: Vec<f64> = (0..5000)
        .step_by(7)
        .map(|e| 1.0 / (1.0 + e as f64))
        .collect();
    assert!(assert_curve_matches(&costs), "1 to 0.0014 is logarithmic");
}

#[test]
fn the_cost_axis_is_logarithmic_beyond_two_decades_of_positive_costs() {
    // (smallest, largest) → logarithmic?
    for (lo, hi, log) in [
        (0.01, 1.0, false), // exactly two decades
        (0.0099, 1.0, true),
        (1e-9, 1e3, true),
        (1e-300, 1e300, true),
        (0.5, 0.7, false),
        (0.0, 1e6, false), // zero has no logarithm
        (-1e-3, 10.0, false),
        (-5.0, -1.0, false),
    ] {
        let costs = [hi, (hi + lo) / 2.0, lo, f64::NAN, lo];
        assert_eq!(assert_curve_matches(&costs), log, "costs from {lo} to {hi}");
    }
}

#[test]
fn ticks_are_round_for_many_ranges() {
    let mut rng = XorShift::new(5);
    for _ in 0..500 {
        let scale = 10f64.powf(rng.next_f64() * 16.0 - 8.0);
        let lo = rng.next_f64() * scale;
        let hi = lo + rng.next_f64() * scale;
        let n = 1 + (rng.next_u64() % 1000) as usize;
        let costs: Vec<f64> = (0..n)
            .map(|i| hi - (hi - lo) * i as f64 / n as f64)
            .collect();
        let log = assert_curve_matches(&costs);
        let elements = read(&plot::cost_curve(&costs, ""));
        let y = ticks(&elements, "y-axis");
        assert!(y.0.len() <= 9, "{} ticks: {:?}", y.0.len(), y.0);
        if log {
            assert!(hi > 100.0 * lo);
        } else {
            assert!(y.0.len() >= 3, "{lo}..{hi}: {:?}", y.0);
        }
    }
}

#[test]
fn tick_labels_show_no_rounding_noise() {
    let svg = plot::cost_curve(&[0.1, 0.3, 0.7], "");
    let y = ticks(&read(&svg), "y-axis");
    let labels: Vec<&str> = y.0.iter().map(|(_, l)| l.as_str()).collect();
    assert_eq!(labels, ["0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7"]);
    let svg = plot::cost_curve(&[3e-7, 1.1e-6], "");
    let y = ticks(&read(&svg), "y-axis");
    let labels: Vec<&str> = y.0.iter().map(|(_, l)| l.as_str()).collect();
    assert_eq!(labels, ["2e-7", "4e-7", "6e-7", "8e-7", "1.0e-6", "1.2e-6"]);
    let svg = plot::cost_curve(&[1e-6, 1.0], "");
    let y = ticks(&read(&svg), "y-axis");
    let labels: Vec<&str> = y.0.iter().map(|(_, l)| l.as_str()).collect();
    assert_eq!(
        labels,
        ["1e-6", "1e-5", "0.0001", "0.001", "0.01", "0.1", "1"]
    );
}

#[test]
fn long_runs_keep_at_most_1000_points_with_every_extreme() {
    assert_curve_matches(&vec![0.5; 1000]); // 1000: all of them
    for n in [1001, 4321, 100_000] {
        let mut costs: Vec<f64> = (0..n).map(|e| 1.0 / (1.0 + e as f64 / 10.0)).collect();
        costs[n / 3] = 50.0; // a spike
        costs[n / 2] = 1e-6; // a dip
        costs[n - 7] = f64::NAN;
        let elements = read(&plot::cost_curve(&costs, ""));
        let points = curve(&elements);
        assert!(
            points.len() <= 1000 && points.len() >= 900,
            "{n}: {}",
            points.len()
        );
        let (x, y) = (ticks(&elements, "x-axis"), ticks(&elements, "y-axis"));
        for epoch in [0, n / 3, n / 2, n - 1] {
            let want = (x.pixel(epoch as f64, false), y.pixel(costs[epoch], true));
            assert!(
                points
                    .iter()
                    .any(|p| (p.0 - want.0).abs() < 0.011 && (p.1 - want.1).abs() < 0.011),
                "{n} costs: epoch {epoch} ({}) is missing",
                costs[epoch]
            );
        }
        assert!(
            points.windows(2).all(|w| w[0].0 <= w[1].0),
            "points in epoch order"
        );
    }
}

#[test]
fn degenerate_costs_give_valid_pictures() {
    let nan = f64::NAN;
    let inf = f64::INFINITY;
    for costs in [
        vec![],
        vec![0.25],
        vec![0.0],
        vec![nan],
        vec![inf, -inf, nan],
        vec![0.3; 7],
        vec![0.0; 7],
        vec![1.0, nan, 0.5, inf, 0.25],
        vec![1e300, 1e300],
        vec![1e-300, 2e-300],
        vec![f64::MIN_POSITIVE / 4.0, 1.0],
        vec![-2.0, -2.0],
        vec![1.0, 1.0 + 1e-12],
        vec![f64::MAX, f64::MAX, 1.0],
        vec![-1e300, 1e300, -f64::MAX],
        vec![1e300, 0.0],
    ] {
        let svg = plot::cost_curve(&costs, "degenerate");
        let elements = read(&svg);
        let drawn = costs.iter().filter(|&&c| drawable(c)).count();
        assert_eq!(curve(&elements).len(), drawn, "{costs:?}");
        if drawn == 0 {
            assert!(svg.contains(">no cost to draw</text>"), "{costs:?}");
        }
        // Subnormal costs put the axis's lowest tick below f64's range (1e-400), where the
        // reader here cannot parse the label back.
        if costs.iter().all(|&c| !drawable(c) || c.abs() >= 1e-300) {
            assert_curve_matches(&costs);
        }
    }
    let one = read(&plot::cost_curve(&[0.25], ""));
    assert!(
        one.iter()
            .any(|e| e.tag == "circle" && e.get_id() == Some("cost"))
    );
    assert!(!one.iter().any(|e| e.tag == "polyline"));
}

#[test]
fn titles_are_escaped() {
    let title = "a<b & \"c\" 'd' > </svg>";
    let svg = plot::cost_curve(&[1.0, 0.5], title);
    assert!(svg.contains(">a&lt;b &amp; &quot;c&quot; &apos;d&apos; &gt; &lt;/svg&gt;</text>"));
    let elements = read(&svg);
    assert!(elements.iter().any(|e| e.tag == "text" && e.text == title));

    let svg = plot::decision_regions(|_, _| 0, &[(0.0, 0.0)], &[0], title);
    assert!(
        read(&svg)
            .iter()
            .any(|e| e.tag == "text" && e.text == title)
    );

    let svg = plot::cost_curve(&[1.0], "bell\u{7} and nul\u{0}; tab\tstays");
    assert!(
        read(&svg)
            .iter()
            .any(|e| e.text == "bell\u{FFFD} and nul\u{FFFD}; tab\tstays")
    );
}

// ── Decision regions ────────────────────────────────────────────────────────────────────────

/// `PALETTE[class]` with each channel × 3/5, rounded down, as the docs say.
fn darker(colour: &str) -> String {
    let rgb = u32::from_str_radix(&colour[1..], 16).unwrap();
    let channel = |shift: u32| ((rgb >> shift) & 0xFF) * 3 / 5;
    format!("#{:02X}{:02X}{:02X}", channel(16), channel(8), channel(0))
}

/// Checks the regions against every call of `classify` and the dots against the samples.
fn assert_regions_match(
    classify: impl Fn(f64, f64) -> usize,
    points: &[(f64, f64)],
    classes: &[usize],
) {
    let mut calls = Vec::new();
    let recording = |x1: f64, x2: f64| {
        assert!(x1.is_finite() && x2.is_finite(), "classify({x1}, {x2})");
        let class = classify(x1, x2);
        calls.push((x1, x2, class)); // an FnMut
        class
    };
    let svg = plot::decision_regions(recording, points, classes, "regions");
    let elements = read(&svg);
    let (x, y) = (ticks(&elements, "x-axis"), ticks(&elements, "y-axis"));
    assert_round(&x, "x₁ axis");
    assert_round(&y, "x₂ axis");
    assert!(x.evenly_spaced(false) && y.evenly_spaced(false));

    // The cells: 100 × 100 calls, each inside a rectangle of its class's colour.
    assert_eq!(calls.len(), 100 * 100);
    let rects: Vec<&Element> = elements.iter().filter(|e| e.inside("regions")).collect();
    let area: f64 = rects.iter().map(|r| r.num("width") * r.num("height")).sum();
    let frame = elements
        .iter()
        .find(|e| e.tag == "rect" && e.get("fill") == "none")
        .unwrap();
    let frame_area = frame.num("width") * frame.num("height");
    assert!(
        (area - frame_area).abs() < 1.0,
        "cells cover {area} px², the frame {frame_area}"
    );
    for &(x1, x2, class) in &calls {
        let (px, py) = (x.pixel(x1, false), y.pixel(x2, false));
        let covering: Vec<&&Element> = rects
            .iter()
            .filter(|r| {
                let (rx, ry) = (r.num("x"), r.num("y"));
                rx < px && px < rx + r.num("width") && ry < py && py < ry + r.num("height")
            })
            .collect();
        assert_eq!(
            covering.len(),
            1,
            "cell at ({x1}, {x2}) = pixel ({px}, {py})"
        );
        assert_eq!(
            covering[0].get("fill"),
            PALETTE[class % 8],
            "cell at ({x1}, {x2})"
        );
    }

    // The samples: one dot each, where the ticks put it, in its class's darker shade.
    let drawn: Vec<(&(f64, f64), &usize)> = points
        .iter()
        .zip(classes)
        .filter(|&(&(a, b), _)| drawable(a) && drawable(b))
        .collect();
    let dots: Vec<&Element> = elements.iter().filter(|e| e.inside("samples")).collect();
    assert_eq!(dots.len(), drawn.len());
    for (dot, (&(x1, x2), &class)) in dots.iter().zip(drawn) {
        assert_eq!(dot.tag, "circle");
        assert!(
            (dot.num("cx") - x.pixel(x1, false)).abs() < 0.011,
            "{dot:?} for {x1}"
        );
        assert!(
            (dot.num("cy") - y.pixel(x2, false)).abs() < 0.011,
            "{dot:?} for {x2}"
        );
        assert_eq!(dot.get("fill"), darker(PALETTE[class % 8]));
    }

    // The legend: every class predicted or labelled, once, in order.
    let mut want: Vec<usize> = calls
        .iter()
        .map(|c| c.2)
        .chain(classes.iter().copied())
        .collect();
    want.sort();
    want.dedup();
    let legend: Vec<String> = elements
        .iter()
        .filter(|e| e.inside("legend") && e.tag == "text")
        .map(|e| e.text.clone())
        .collect();
    let want: Vec<String> = want.iter().map(|k| format!("class {k}")).collect();
    assert_eq!(legend, want);
}

/// Three noisy arms of a spiral, `n` points each, and their classes.
fn spiral(n: usize, seed: u64) -> (Vec<(f64, f64)>, Vec<usize>) {
    let mut rng = XorShift::new(seed);
    let mut points = Vec::new();
    let mut classes = Vec::new();
    for class in 0..3 {
        for i in 0..n {
            let r = i as f64 / n as f64;
            let t = class as f64 * 2.1 + 4.0 * r + 0.2 * rng.normal();
            points.push((r * t.sin(), r * t.cos()));
            classes.push(class);
        }
    }
    (points, classes)
}

#[test]
fn regions_are_coloured_by_classify_and_samples_by_their_class() {
    let (points, classes) = spiral(50, 1);
    let nearest = |x1: f64, x2: f64| {
        let distance = |&(a, b): &(f64, f64)| (a - x1).powi(2) + (b - x2).powi(2);
        let i = (0..points.len())
            .min_by(|&i, &j| distance(&points[i]).total_cmp(&distance(&points[j])))
            .unwrap();
        classes[i]
    };
    assert_regions_match(nearest, &points, &classes);
    // A half-plane: the rows merge into at most two rectangles each.
    assert_regions_match(|x1, x2| usize::from(x1 > 0.3 * x2), &points, &classes);
    let svg = plot::decision_regions(|x1, x2| usize::from(x1 > x2), &points, &classes, "");
    let rects = read(&svg).iter().filter(|e| e.inside("regions")).count();
    assert!(rects <= 200, "{rects} rectangles");
}

#[test]
fn colours_cycle_beyond_eight_classes() {
    let points: Vec<(f64, f64)> = (0..12).map(|i| (i as f64, (i * i) as f64)).collect();
    let classes: Vec<usize> = (0..12).collect();
    let stripes = |x1: f64, _: f64| (x1.max(0.0) as usize).min(11);
    assert_regions_match(stripes, &points, &classes);
    let svg = plot::decision_regions(stripes, &points, &classes, "");
    assert!(svg.contains(&format!("fill=\"{}\"", darker(PALETTE[9 % 8]))));
    // 40 legend rows do not fit beside the plane: the picture grows to hold them.
    let many: Vec<usize> = (0..40).collect();
    let points: Vec<(f64, f64)> = (0..40).map(|i| (i as f64, 0.0)).collect();
    let elements = read(&plot::decision_regions(|_, _| 0, &points, &many, ""));
    let height = elements[0].num("height");
    let last = elements
        .iter()
        .rfind(|e| e.inside("legend") && e.tag == "text");
    assert!(last.unwrap().num("y") < height);
}

#[test]
fn degenerate_samples_give_valid_pictures() {
    let nan = f64::NAN;
    for (points, classes) in [
        (vec![], vec![]),
        (vec![(0.0, 0.0)], vec![1]),
        (vec![(2.5, -7.0); 5], vec![0, 1, 2, 0, 1]),
        (
            vec![(1.0, 1.0), (nan, 0.0), (0.0, f64::INFINITY), (2.0, 3.0)],
            vec![0, 1, 2, 3],
        ),
        (vec![(nan, nan)], vec![0]),
        (vec![(1e-12, 0.0), (2e-12, 1e9)], vec![0, 1]),
        (vec![(-1e300, 1e300), (1e300, -1e300)], vec![0, 1]),
        (
            vec![(-f64::MAX, 0.0), (f64::MAX, 1.0), (5.0, 5.0)],
            vec![0, 1, 0],
        ),
    ] {
        assert_regions_match(|x1, x2| usize::from(x1 + x2 > 0.0), &points, &classes);
    }
}

#[test]
#[should_panic(expected = "decision_regions: 3 points but 2 classes")]
fn mismatched_lengths_panic() {
    plot::decision_regions(|_, _| 0, &[(0.0, 0.0); 3], &[0, 1], "");
}
