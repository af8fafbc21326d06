#![allow(missing_docs)] // criterion_group! generates undocumented functions
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]
//! Throughput of the table layer on generated reports, and the time of the flattened-stream
//! search per report.
//!
//! `cargo bench -p xxgk-table --bench tables`. Inputs are the project's own synthetic reports
//! (`xxgk_model::testkit::generate(seed)`), rendered as pipe-table text, as an HTML page read
//! by `xxgk-html` (its tables come out as pipe rows), as `pdftotext -layout`-like text and as a
//! flattened PDF stream. Each is normalized and segmented outside the timed loop; the loop runs
//! [`xxgk_table::fill_report`], the entry the facade uses, on a batch of reports, and the
//! throughput is in bytes of report text (the rendered input).
//!
//! The `stream_search` group times [`xxgk_table::stream::read_table`] alone on the table
//! sections of flattened renderings. Before it runs, the bench times every report of
//! `SEARCH_SEEDS` seeds once (best of three runs each, to keep scheduler noise out) and
//! prints the worst and the median per-report time seen; criterion then measures the worst
//! seed and the whole batch.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::time::{Duration, Instant};
use xxgk_model::testkit::generate;
use xxgk_model::{Report, TableKind};
use xxgk_normalize::Normalized;
use xxgk_segment::Segmented;

/// Reports per batch in the throughput group.
const BATCH: u64 = 16;
/// Flattened reports timed one by one for the worst-case search time.
const SEARCH_SEEDS: u64 = 500;

/// The renderings the throughput group reads.
#[derive(Clone, Copy)]
enum Form {
    Text,
    Html,
    Layout,
    Flattened,
}

impl Form {
    fn name(self) -> &'static str {
        match self {
            Form::Text => "text",
            Form::Html => "html",
            Form::Layout => "layout",
            Form::Flattened => "flattened",
        }
    }
}

/// One rendered report: the text the normalizer reads (for HTML, the reader's output) and the
/// size of the input in bytes.
struct Input {
    text: String,
    chain: Option<xxgk_normalize::map::MapChain>,
    input_bytes: usize,
}

fn render(seed: u64, form: Form) -> Input {
    let s = generate(seed);
    match form {
        Form::Text => plain(s.render_text().text),
        Form::Layout => plain(s.render_layout().text),
        Form::Flattened => plain(s.render_flattened().text),
        Form::Html => {
            let html = s.render_html().text;
            let d = xxgk_html::read_html(html.as_bytes()).expect("generated HTML reads");
            Input {
                text: d.text,
                chain: Some(d.chain),
                input_bytes: html.len(),
            }
        }
    }
}

fn plain(text: String) -> Input {
    let input_bytes = text.len();
    Input {
        text,
        chain: None,
        input_bytes,
    }
}

fn normalized(input: &Input) -> Normalized<'_> {
    match &input.chain {
        Some(chain) => xxgk_normalize::Normalizer::new().normalize_text(&input.text, chain.clone()),
        None => xxgk_normalize::normalize(input.text.as_bytes()).expect("text input"),
    }
}

/// The report as segmentation leaves it (template, year), before tables.
fn pre_report(seg: &Segmented<'_>) -> Report {
    let mut r = Report::default();
    seg.fill_report(&mut r);
    r
}

fn bench_fill(c: &mut Criterion) {
    let mut g = c.benchmark_group("fill_report");
    for form in [Form::Text, Form::Html, Form::Layout, Form::Flattened] {
        let inputs: Vec<Input> = (0..BATCH).map(|s| render(1000 + s, form)).collect();
        let docs: Vec<Normalized<'_>> = inputs.iter().map(normalized).collect();
        let segs: Vec<Segmented<'_>> = docs.iter().map(xxgk_segment::segment).collect();
        let pres: Vec<Report> = segs.iter().map(pre_report).collect();
        let bytes: usize = inputs.iter().map(|i| i.input_bytes).sum();
        g.throughput(Throughput::Bytes(bytes as u64));
        let id = format!("{}/{}x{}B", form.name(), BATCH, bytes / BATCH as usize);
        g.bench_function(id, |b| {
            b.iter(|| {
                let mut cells = 0usize;
                for (seg, pre) in segs.iter().zip(&pres) {
                    let mut r = pre.clone();
                    xxgk_table::fill_report(black_box(seg), &mut r);
                    cells += r.tables.cells().len();
                }
                cells
            })
        });
    }
    g.finish();
}

/// The table sections of a segmented report, as `fill_report` finds them.
fn regions<'s>(seg: &'s Segmented<'_>) -> Vec<(TableKind, &'s str, usize)> {
    let text = seg.text();
    let mut out = Vec::new();
    for kind in [
        TableKind::ActiveDisclosure,
        TableKind::Requests,
        TableKind::ReviewLitigation,
    ] {
        let Some(s) = seg.sections().find(|s| s.kind.table() == Some(kind)) else {
            continue;
        };
        let next = seg
            .sections()
            .map(|n| n.span.start)
            .filter(|n| *n >= s.span.end)
            .min()
            .unwrap_or(text.len());
        let (start, end) = (s.span.start, next.max(s.span.end));
        if let Some(body) = text.get(start..end) {
            out.push((kind, body, start));
        }
    }
    out
}

/// Runs the stream search on every table section of one report.
fn search(seg: &Segmented<'_>, pre: &Report) -> usize {
    let opts = xxgk_table::stream::StreamOptions::default();
    regions(seg)
        .into_iter()
        .map(|(kind, body, start)| {
            xxgk_table::stream::read_table(kind, body, start, pre.template, &opts)
                .spans
                .len()
        })
        .sum()
}

fn bench_search(c: &mut Criterion) {
    let inputs: Vec<Input> = (0..SEARCH_SEEDS)
        .map(|s| render(s, Form::Flattened))
        .collect();
    let docs: Vec<Normalized<'_>> = inputs.iter().map(normalized).collect();
    let segs: Vec<Segmented<'_>> = docs.iter().map(xxgk_segment::segment).collect();
    let pres: Vec<Report> = segs.iter().map(pre_report).collect();
    let mut times: Vec<(Duration, usize)> = segs
        .iter()
        .zip(&pres)
        .enumerate()
        .map(|(i, (seg, pre))| {
            let best = (0..3)
                .map(|_| {
                    let t = Instant::now();
                    black_box(search(seg, pre));
                    t.elapsed()
                })
                .min()
                .unwrap_or_default();
            (best, i)
        })
        .collect();
    times.sort();
    let (worst, worst_i) = times.last().copied().unwrap_or_default();
    let median = times.get(times.len() / 2).map(|t| t.0).unwrap_or_default();
    let total: usize = inputs.iter().map(|i| i.input_bytes).sum();
    println!(
        "stream search over {SEARCH_SEEDS} flattened reports ({} bytes on average): worst {:.3} ms (seed {worst_i}), median {:.3} ms",
        total / inputs.len().max(1),
        worst.as_secs_f64() * 1e3,
        median.as_secs_f64() * 1e3,
    );
    let mut g = c.benchmark_group("stream_search");
    if let (Some(seg), Some(pre), Some(inp)) =
        (segs.get(worst_i), pres.get(worst_i), inputs.get(worst_i))
    {
        g.throughput(Throughput::Bytes(inp.input_bytes as u64));
        g.bench_function(format!("worst_seed_{worst_i}"), |b| {
            b.iter(|| search(black_box(seg), pre))
        });
    }
    let n = 32usize;
    let bytes: usize = inputs.iter().take(n).map(|i| i.input_bytes).sum();
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function(format!("seeds_0_{n}"), |b| {
        b.iter(|| {
            segs.iter()
                .zip(&pres)
                .take(n)
                .map(|(seg, pre)| search(black_box(seg), pre))
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench_fill, bench_search);
criterion_main!(benches);
