//! Reads one file (HTML page or .docx, picked by content), prints its kind, metadata and the
//! text the pipeline will parse.
//!
//! `cargo run -p xxgk-html --example html_corpus -- [--text|--check-spans] FILE` (`--text`: the
//! text alone; `--check-spans`: count characters whose span does not hold them)

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
    let check = args.iter().any(|a| a == "--check-spans");
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
    if check {
        let (ok, bad) = check_spans(&bytes, &doc);
        println!("{path}: {ok} characters map to their source, {bad} do not");
        return Ok(());
    }
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

/// Counts text characters whose span holds the character itself, a character reference, or
/// (for a space) whitespace; separators (`|`, newlines) must map to empty spans.
fn check_spans(input: &[u8], doc: &xxgk_html::Document) -> (usize, usize) {
    let (mut ok, mut bad) = (0, 0);
    for (i, c) in doc.text.char_indices() {
        let span = doc
            .chain
            .to_original(xxgk_model::Span::new(i, i + c.len_utf8()));
        let src = input.get(span.range()).unwrap_or(&[]);
        let mut buf = [0; 4];
        let good = src == c.encode_utf8(&mut buf).as_bytes()
            || (src.first() == Some(&b'&') && src.len() > 1)
            || (c == ' ' && src.iter().all(u8::is_ascii_whitespace))
            || (matches!(c, '|' | '\n') && src.is_empty())
            || (doc.encoding != "UTF-8" && !src.is_empty() && !c.is_ascii());
        if good {
            ok += 1;
        } else {
            bad += 1;
        }
    }
    (ok, bad)
}
