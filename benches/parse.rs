#![allow(missing_docs)] // criterion_group! generates undocumented functions
//! End-to-end and per-layer throughput on generated reports of growing size.
//!
//! `cargo bench --bench parse`. Inputs are the project's own synthetic reports
//! (`xxgk_model::testkit`), padded with more prose in section 一 to grow them, so the figures show
//! how time scales with input size.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use xxgk_model::testkit;

/// A generated report's text with its overview padded by `factor` copies of its own prose.
fn padded_report(seed: u64, factor: usize) -> String {
    let text = testkit::generate(seed).render_text().text;
    let Some(cut) = text.find("\n二、") else {
        return text;
    };
    let Some(start) = text.find("一、") else {
        return text;
    };
    let prose: String = text[start..cut]
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("{l}\n"))
        .collect();
    let mut out = String::with_capacity(text.len() + prose.len() * factor);
    out.push_str(&text[..cut + 1]);
    for _ in 1..factor {
        out.push_str(&prose);
    }
    out.push_str(&text[cut + 1..]);
    out
}

fn bench_parse(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse_text");
    for factor in [1usize, 8, 64] {
        let input = padded_report(7, factor);
        g.throughput(Throughput::Bytes(input.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(input.len()), &input, |b, s| {
            b.iter(|| xxgk::parse(black_box(s.as_bytes())))
        });
    }
    g.finish();
}

fn bench_layers(c: &mut Criterion) {
    let input = padded_report(11, 8);
    let bytes = input.as_bytes();
    let mut g = c.benchmark_group("layers");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("normalize", |b| {
        b.iter(|| xxgk::normalize::normalize(black_box(bytes)))
    });
    if let Ok(doc) = xxgk::normalize::normalize(bytes) {
        g.bench_function("segment", |b| {
            b.iter(|| xxgk::segment::segment(black_box(&doc)).sections().count())
        });
        let seg = xxgk::segment::segment(&doc);
        g.bench_function("tables", |b| {
            b.iter(|| {
                let mut r = xxgk::Report::default();
                xxgk::table::fill_report(black_box(&seg), &mut r);
                r
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench_parse, bench_layers);
criterion_main!(benches);
