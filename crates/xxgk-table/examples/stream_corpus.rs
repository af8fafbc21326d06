//! Runs the flattened-stream reader alone on a report file and prints the report JSON (tables
//! and diagnostics only), for measuring it with `score.py`:
//!
//! ```text
//! cargo run --release -p xxgk-table --example stream_corpus -- FILE
//! ```
//!
//! The text is normalized first; the table sections are found by the reader's own crude
//! heading search (`read_stream`), not by `xxgk-segment`. With `STREAM_TIME=1` the time the
//! reader took (best of `STREAM_REPEAT` runs) goes to stderr; with `STREAM_DUMP=PATH` the
//! normalized text is written to `PATH`.

use std::time::{Duration, Instant};

fn main() {
    if let Err(e) = try_main() {
        eprintln!("stream_corpus: {e}");
        std::process::exit(1);
    }
}

fn try_main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: stream_corpus FILE")?;
    let bytes = std::fs::read(&path)?;
    let doc = xxgk_normalize::normalize(&bytes)?;
    let text = doc.text();
    if let Ok(out) = std::env::var("STREAM_DUMP") {
        std::fs::write(out, text)?;
    }
    let reps: usize = std::env::var("STREAM_REPEAT")
        .ok()
        .and_then(|x| x.parse().ok())
        .unwrap_or(1)
        .max(1);
    let mut best = Duration::MAX;
    let mut result = None;
    for _ in 0..reps {
        let t = Instant::now();
        let r = xxgk_table::stream::read_stream(text, 0, None);
        best = best.min(t.elapsed());
        result = Some(r);
    }
    let r = result.ok_or("no run")?;
    let diagnostics = r
        .diagnostics
        .into_iter()
        .map(|mut d| {
            d.span = d.span.map(|s| doc.to_original(s));
            d
        })
        .collect();
    let report = xxgk_model::Report {
        tables: r.tables,
        diagnostics,
        ..Default::default()
    };
    println!("{}", report.to_json());
    if std::env::var("STREAM_TIME").is_ok() {
        eprintln!("{path}: {best:?}");
    }
    Ok(())
}
