//! Helper of `benches/opencc_side_by_side.sh`: makes a Traditional corpus from the project's
//! own generator, and converts a file with this crate's Traditional → Simplified step.
//!
//! - `t2s_side_by_side gen BYTES > corpus.txt`: generated reports (`testkit::generate`,
//!   `render_text`, then `damage::to_traditional`), distinct reports up to 2 MB, repeated up to
//!   `BYTES`.
//! - `t2s_side_by_side convert FILE > out.txt`: the conversion step
//!   (`traditional::to_simplified` with the default converter); prints the time of the
//!   conversion alone to stderr.

use std::error::Error;
use std::io::Write;

fn main() {
    if let Err(e) = try_main() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn try_main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.first().map(String::as_str) {
        Some("gen") => {
            let want: usize = args.get(1).map_or(Ok(20_000_000), |s| s.parse())?;
            let mut distinct = String::new();
            let mut seed = 0u64;
            while distinct.len() < want.min(2_000_000) {
                let text = xxgk_model::testkit::generate(seed).render_text().text;
                distinct.push_str(&xxgk_model::testkit::damage::to_traditional(&text));
                distinct.push('\n');
                seed += 1;
            }
            let mut written = 0;
            while written < want {
                out.write_all(distinct.as_bytes())?;
                written += distinct.len();
            }
        }
        Some("convert") => {
            let path = args.get(1).ok_or("convert needs a FILE")?;
            let text = std::fs::read_to_string(path)?;
            let conv = xxgk_normalize::traditional::default_converter()
                .ok_or("the t2s dictionaries did not load")?;
            let t = std::time::Instant::now();
            let res = xxgk_normalize::traditional::to_simplified(&text, conv);
            let secs = t.elapsed().as_secs_f64();
            eprintln!(
                "xxgk-normalize to_simplified: {} bytes in {secs:.3} s = {:.1} MB/s (conversion only)",
                text.len(),
                text.len() as f64 / secs / 1e6
            );
            match res {
                Some(o) => out.write_all(o.text.as_bytes())?,
                None => out.write_all(text.as_bytes())?,
            }
        }
        _ => return Err("usage: t2s_side_by_side gen BYTES | convert FILE".into()),
    }
    out.flush()?;
    Ok(())
}
