//! Throughput of `segment` on normalized reports from the testkit generator (plain text and
//! PDF reading-order renderings), and on hostile input (a run of fake headings).
//!
//! `cargo bench -p xxgk-segment`

#![allow(missing_docs)] // criterion_group! generates an undocumented function

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use xxgk_model::testkit;

fn corpus(render: fn(&testkit::Synthetic) -> String) -> String {
    let mut all = String::new();
    for seed in 0..20 {
        all.push_str(&render(&testkit::generate(seed)));
        all.push('\n');
    }
    all
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("segment");
    let inputs: Vec<(&str, String)> = vec![
        ("report_text", testkit::generate(1).render_text().text),
        (
            "report_flattened",
            testkit::generate(2).render_flattened().text,
        ),
        ("twenty_reports_text", corpus(|s| s.render_text().text)),
        ("hostile_headings", "一、总体情况 ".repeat(100_000)),
    ];
    for (name, text) in &inputs {
        let doc = xxgk_normalize::normalize_str(text);
        g.throughput(Throughput::Bytes(doc.text().len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(name), &doc, |b, doc| {
            b.iter(|| {
                let seg = xxgk_segment::segment(black_box(doc));
                black_box(seg.sections().len())
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
