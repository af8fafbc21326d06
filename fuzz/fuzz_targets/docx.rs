//! The Word (.docx) reader: never a panic, a document or a typed error. The first byte picks
//! the mode: the rest as the raw file, or the rest as `word/document.xml` inside a zip built
//! here (stored or deflated), so the fuzzer reaches the WordprocessingML reader without having
//! to forge zip checksums.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::io::{Cursor, Write};
use xxgk::html::{read_docx_with, Limits};
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

fn zip_with(xml: &[u8], deflate: bool) -> Option<Vec<u8>> {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let method = if deflate {
        CompressionMethod::Deflated
    } else {
        CompressionMethod::Stored
    };
    let opts = SimpleFileOptions::default().compression_method(method);
    z.start_file("word/document.xml", opts).ok()?;
    z.write_all(xml).ok()?;
    Some(z.finish().ok()?.into_inner())
}

fuzz_target!(|data: &[u8]| {
    let (sel, rest) = match data.split_first() {
        Some((s, r)) => (*s, r),
        None => return,
    };
    let limits = Limits {
        max_grid_cells: 4_096,
        max_docx_xml_bytes: 1 << 20,
        ..Limits::default()
    };
    let bytes = match sel % 3 {
        0 => rest.to_vec(),
        m => match zip_with(rest, m == 2) {
            Some(b) => b,
            None => return,
        },
    };
    if let Ok(doc) = read_docx_with(&bytes, &limits) {
        for g in &doc.grids {
            let width = g.rows.first().map_or(0, Vec::len);
            assert!(g.rows.iter().all(|r| r.len() == width));
            assert!(g.rows.len() * width <= limits.max_grid_cells);
        }
    }
});
