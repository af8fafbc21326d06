//! Writes seed corpora for the fuzz targets from the project's report generator:
//! `cargo run --example seeds [N]` (stable is fine) fills `corpus/<target>/` (git-ignored) with
//! N generated reports (default 24) rendered as text, damaged text, flattened and layout text,
//! HTML, GBK and UTF-16 bytes, and `word/document.xml` bodies for the docx target.

use std::fs;
use std::io::{Cursor, Write};
use std::path::Path;
use xxgk_model::testkit::{damage, generate};

fn put(target: &str, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(target);
    fs::create_dir_all(&dir)?;
    fs::write(dir.join(name), bytes)
}

fn esc(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A WordprocessingML body: pipe rows become table rows, other lines paragraphs.
fn document_xml(text: &str) -> String {
    let p = |t: &str| {
        format!(
            "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            esc(t)
        )
    };
    let mut body = String::new();
    let mut in_table = false;
    for line in text.lines() {
        if line.contains('|') {
            if !in_table {
                body.push_str("<w:tbl>");
                in_table = true;
            }
            body.push_str("<w:tr>");
            for c in line.trim().trim_matches('|').split('|') {
                body.push_str(&format!("<w:tc>{}</w:tc>", p(c.trim())));
            }
            body.push_str("</w:tr>");
        } else {
            if in_table {
                body.push_str("</w:tbl>");
                in_table = false;
            }
            body.push_str(&p(line));
        }
    }
    if in_table {
        body.push_str("</w:tbl>");
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document \
         xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body>{body}</w:body></w:document>"
    )
}

fn docx(xml: &str) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    z.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )?;
    z.write_all(xml.as_bytes())?;
    Ok(z.finish()?.into_inner())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(24);
    for seed in 0..n {
        let s = generate(seed);
        let text = s.render_text().text;
        let (damaged, _) = damage::apply(&text, seed);
        let flat = s.render_flattened().text;
        let layout = s.render_layout().text;
        let html = s.render_html().text;
        let (gbk, _, _) = encoding_rs::GBK.encode(&damaged);
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let name = |k: &str| format!("{k}-{seed}");
        for (k, v) in [
            ("text", &text),
            ("damaged", &damaged),
            ("flat", &flat),
            ("layout", &layout),
        ] {
            for target in ["parse", "normalize", "segment", "grid", "layout", "prose"] {
                put(target, &name(k), v.as_bytes())?;
            }
            // The stream and decode targets read a selector byte first.
            put(
                "stream",
                &name(k),
                &[&[seed as u8][..], v.as_bytes()].concat(),
            )?;
            put("decode", &name(k), &[&[0u8][..], v.as_bytes()].concat())?;
        }
        for target in ["parse", "html"] {
            put(target, &name("html"), html.as_bytes())?;
        }
        for target in ["parse", "normalize"] {
            put(target, &name("gbk"), &gbk)?;
            put(target, &name("utf16"), &utf16)?;
        }
        put("decode", &name("gbk"), &[&[0u8][..], &gbk[..]].concat())?;
        put("decode", &name("utf16"), &[&[5u8][..], &utf16[..]].concat())?;
        let xml = document_xml(&damaged);
        put("docx", &name("xml"), &[&[1u8][..], xml.as_bytes()].concat())?;
        let file = docx(&xml)?;
        put("docx", &name("zip"), &[&[0u8][..], &file[..]].concat())?;
        put("parse", &name("docx"), &file)?;
    }
    Ok(())
}
