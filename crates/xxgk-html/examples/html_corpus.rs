//! Reads one file (HTML page or .docx, picked by content), prints its kind, metadata and the
//! text the pipeline will parse.
//!
//! `cargo run -p xxgk-html --example html_corpus -- [--text] FILE` (`--text`: the text alone)

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    match try_main() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn try_main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let text_only = args.iter().any(|a| a == "--text");
    let path = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .ok_or("usage: html_corpus [--text] FILE")?;
    let bytes = std::fs::read(path)?;
    let kind = xxgk_html::sniff(&bytes);
    let doc = match kind {
        xxgk_html::InputKind::Html => xxgk_html::read_html(&bytes)?,
        xxgk_html::InputKind::Docx => xxgk_html::read_docx(&bytes)?,
        k => return Err(format!("{path}: {k:?}, not HTML or DOCX").into()),
    };
    let mut out = std::io::stdout().lock();
    let r = (|| -> std::io::Result<()> {
        if !text_only {
            writeln!(out, "# {path}: {kind:?}, {}", doc.encoding)?;
            writeln!(out, "# meta: {:?}", doc.metadata)?;
            for (i, g) in doc.grids.iter().enumerate() {
                let w = g.rows.first().map_or(0, Vec::len);
                writeln!(out, "# grid {i}: {} rows x {w}", g.rows.len())?;
            }
        }
        writeln!(out, "{}", doc.text)
    })();
    match r {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}
