//! Reads one file (HTML page or .docx, picked by content), prints its kind, metadata and the
//! text the pipeline will parse.
//!
//! `cargo run -p xxgk-html --example html_corpus -- FILE`

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
    let path = std::env::args().nth(1).ok_or("usage: html_corpus FILE")?;
    let bytes = std::fs::read(&path)?;
    let kind = xxgk_html::sniff(&bytes);
    let doc = match kind {
        xxgk_html::InputKind::Html => xxgk_html::read_html(&bytes)?,
        xxgk_html::InputKind::Docx => xxgk_html::read_docx(&bytes)?,
        k => return Err(format!("{path}: {k:?}, not HTML or DOCX").into()),
    };
    println!("# {path}: {kind:?}, {}", doc.encoding);
    println!("# meta: {:?}", doc.metadata);
    for (i, g) in doc.grids.iter().enumerate() {
        let w = g.rows.first().map_or(0, Vec::len);
        println!("# grid {i}: {} rows x {w}", g.rows.len());
    }
    println!("{}", doc.text);
    Ok(())
}
