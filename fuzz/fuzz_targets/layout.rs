//! Layout text (`pdftotext -layout` columns) and glued digit runs on arbitrary text: never a
//! panic; every diagnostic span inside the text, on character boundaries.
#![no_main]
use libfuzzer_sys::fuzz_target;
use xxgk::table::grid::read_glued;
use xxgk::table::layout::{looks_like_layout, read_layout};
use xxgk::table::TablesRead;
use xxgk::TableKind;

fn check(read: &TablesRead, text: &str) {
    for d in &read.diagnostics {
        if let Some(s) = d.span {
            assert!(s.start <= s.end && s.end <= text.len(), "{d:?}");
            assert!(
                text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
                "{d:?}"
            );
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = looks_like_layout(text);
    for k in [
        TableKind::ActiveDisclosure,
        TableKind::Requests,
        TableKind::ReviewLitigation,
    ] {
        check(&read_layout(text, 0, k), text);
        check(&read_glued(text, 0, k), text);
    }
});
