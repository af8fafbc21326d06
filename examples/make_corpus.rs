//! Writes a corpus of synthetic reports for batch benchmarks: `N` reports from the project's
//! generator (seeds `0..N`), as plain text by default, or a mix of renderings with `--mix`
//! (text, HTML, `pdftotext -layout`-style and flattened PDF text, some in Traditional script),
//! spread over sub-directories of 1000 files each.
//!
//!     cargo run --release --example make_corpus --features testkit -- DIR N [--mix]
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
        return Err("usage: make_corpus DIR N [--mix]".into());
    };
    let n: u64 = n.parse()?;
    let mix = args.iter().any(|a| a == "--mix");
    let dir = Path::new(dir);
    let mut bytes = 0usize;
    for seed in 0..n {
        let synth = generate(seed);
        let sub = dir.join(format!("{:03}", seed / 1000));
        if seed % 1000 == 0 {
            std::fs::create_dir_all(&sub)?;
        }
        let (ext, text) = if !mix {
            ("txt", synth.render_text().text)
        } else {
            match seed % 5 {
                0 | 1 => ("txt", synth.render_text().text),
                2 => ("html", synth.render_html().text),
                3 => ("layout.txt", synth.render_layout().text),
                _ => (
                    "trad.txt",
                    damage::to_traditional(&synth.render_text().text),
                ),
            }
        };
        bytes += text.len();
        std::fs::write(sub.join(format!("report-{seed:06}.{ext}")), text)?;
    }
    eprintln!("wrote {n} reports, {bytes} bytes, under {}", dir.display());
    Ok(())
}
