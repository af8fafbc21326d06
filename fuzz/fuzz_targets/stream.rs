//! The flattened-stream table reader on arbitrary text, whole (`read_stream`) and per table
//! (`read_table`, every kind and template hint): never a panic; every cell span and diagnostic
//! span inside the text, on character boundaries, and every cell span is a number's text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use xxgk::table::stream::{read_stream, read_table, StreamOptions, StreamResult};
use xxgk::{TableKind, Template};

fn check(r: &StreamResult, text: &str) {
    for c in &r.spans {
        let s = c.span;
        assert!(s.start <= s.end && s.end <= text.len(), "{c:?}");
        assert!(
            text.get(s.range()).is_some(),
            "not on char boundaries: {c:?}"
        );
    }
    for d in &r.diagnostics {
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
    let (sel, rest) = match data.split_first() {
        Some((s, r)) => (*s, r),
        None => return,
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let hint = match sel % 3 {
        0 => None,
        1 => Some(Template::Gov2021),
        _ => Some(Template::Gov2019),
    };
    check(&read_stream(text, 0, hint), text);
    // A small effort bound, so the bounded search's cut-off paths run too.
    let opts = StreamOptions {
        effort_limit: if sel & 0x80 != 0 { 50 } else { 5_000 },
        ..StreamOptions::default()
    };
    for k in [
        TableKind::ActiveDisclosure,
        TableKind::Requests,
        TableKind::ReviewLitigation,
    ] {
        check(&read_table(k, text, 0, hint, &opts), text);
    }
});
