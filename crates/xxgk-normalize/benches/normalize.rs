//! Throughput of the default normalization on generated Simplified reports (clean, and with
//! the damage PDFs and web pages leave), and of the Traditional → Simplified conversion.
//!
//! `cargo bench -p xxgk-normalize --bench normalize`
//!
//! Inputs come from the project's own generator (`xxgk_model::testkit`): 40 reports, each
//! normalized on its own (a report is what a caller hands the crate), throughput counted in
//! input bytes.

#![allow(missing_docs)] // criterion_group! generates an undocumented function

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use xxgk_model::testkit::{self, damage};

fn reports(make: impl Fn(u64, String) -> String) -> Vec<String> {
    (1..=40u64)
        .map(|seed| make(seed, testkit::generate(seed).render_text().text))
        .collect()
}

/// The damage Simplified reports usually show: page markers, words broken by spaces, ASCII
/// punctuation.
fn damaged(seed: u64, text: String) -> String {
    let t = damage::page_markers(&text, seed, 40).0;
    let t = damage::space_in_words(&t, seed, 0.02);
    damage::ascii_punct(&t)
}

fn bench(c: &mut Criterion) {
    let sets: Vec<(&str, Vec<String>)> = vec![
        ("simplified_clean", reports(|_, t| t)),
        ("simplified_damaged", reports(damaged)),
        ("traditional", reports(|_, t| damage::to_traditional(&t))),
    ];
    // Load the converter's tables outside the measurement.
    let _ = xxgk_normalize::normalize_str("總體");
    let mut g = c.benchmark_group("normalize");
    g.sample_size(20);
    for (name, set) in &sets {
        let bytes: usize = set.iter().map(String::len).sum();
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_function(*name, |b| {
            b.iter(|| {
                for t in set {
                    black_box(xxgk_normalize::normalize(black_box(t.as_bytes())).ok());
                }
            })
        });
    }
    g.finish();

    // The conversion step alone on Traditional text (what the opencc side-by-side compares).
    let mut g = c.benchmark_group("traditional");
    g.sample_size(20);
    if let Some(conv) = xxgk_normalize::traditional::default_converter() {
        let text: String = sets.get(2).map(|s| s.1.concat()).unwrap_or_default();
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function("to_simplified", |b| {
            b.iter(|| {
                black_box(xxgk_normalize::traditional::to_simplified(
                    black_box(&text),
                    conv,
                ))
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
