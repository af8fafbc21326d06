//! Writes a corpus of synthetic reports for batch benchmarks: `N` reports from the project's
//! generator (seeds `0..N`), as plain text by default, or a mix of renderings with `--mix`
//! (text, HTML, `pdftotext -layout`-style and flattened PDF text, some in Traditional script),
//! or one rendering only with `--as text|html|layout|flattened|trad`, spread over
//! sub-directories of 1000 files each.
//!
//!     cargo run --release --example make_corpus --features testkit -- DIR N [--mix | --as R]
//!
//! `benches/batch.sh` uses it to measure the `xxgk parse` batch throughput and memory.

use std::error::Error;
use std::path::Path;
use xxgk_model::testkit::{damage, generate};

fn main() {
    if let Err(e) = try_main() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn try_main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(n)) = (args.first(), args.get(1)) else {
        return Err(
            "usage: make_corpus DIR N [--mix | --as text|html|layout|flattened|trad]".into(),
        );
    };
    let n: u64 = n.parse()?;
    let mix = args.iter().any(|a| a == "--mix");
    let only = match args.iter().position(|a| a == "--as") {
        Some(i) => Some(
            args.get(i + 1)
                .map(String::as_str)
                .ok_or("--as needs a rendering")?,
        ),
        None => None,
    };
    if let Some(r) = only {
        if !["text", "html", "layout", "flattened", "trad"].contains(&r) {
            return Err(format!("unknown rendering {r:?}").into());
        }
    }
    let dir = Path::new(dir);
    let mut bytes = 0usize;
    for seed in 0..n {
        let synth = generate(seed);
        let sub = dir.join(format!("{:03}", seed / 1000));
        if seed % 1000 == 0 {
            std::fs::create_dir_all(&sub)?;
        }
        let rendering = match (only, mix) {
            (Some(r), _) => r,
            (None, false) => "text",
            (None, true) => ["text", "text", "html", "layout", "trad"][(seed % 5) as usize],
        };
        let (ext, text) = match rendering {
            "html" => ("html", synth.render_html().text),
            "layout" => ("layout.txt", synth.render_layout().text),
            "flattened" => ("flat.txt", synth.render_flattened().text),
            "trad" => (
                "trad.txt",
                damage::to_traditional(&synth.render_text().text),
            ),
            _ => ("txt", synth.render_text().text),
        };
        bytes += text.len();
        std::fs::write(sub.join(format!("report-{seed:06}.{ext}")), text)?;
    }
    eprintln!("wrote {n} reports, {bytes} bytes, under {}", dir.display());
    Ok(())
}
