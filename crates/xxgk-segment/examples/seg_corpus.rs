//! Normalizes and segments each file given on the command line and prints the filled report as
//! JSON (one object per file; a single file prints exactly one JSON object, as score.py wants).
//!
//! ```text
//! cargo run -p xxgk-segment --example seg_corpus -- report.txt
//! ```

use std::process::ExitCode;

fn try_main() -> Result<(), Box<dyn std::error::Error>> {
    let mut paths: Vec<String> = std::env::args().skip(1).collect();
    // `--text` prints the normalized text instead (for debugging)
    let dump = paths.first().is_some_and(|a| a == "--text");
    if dump {
        paths.remove(0);
    }
    if paths.is_empty() {
        return Err("usage: seg_corpus FILE...".into());
    }
    for p in paths {
        let bytes = std::fs::read(&p)?;
        let doc = xxgk_normalize::normalize(&bytes)?;
        if dump {
            println!("{}", doc.text());
            continue;
        }
        let seg = xxgk_segment::segment(&doc);
        let mut report = xxgk_model::Report::default();
        seg.fill_report(&mut report);
        println!("{}", report.to_json());
    }
    Ok(())
}

fn main() -> ExitCode {
    match try_main() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("seg_corpus: {e}");
            ExitCode::FAILURE
        }
    }
}
