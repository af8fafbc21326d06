//! Table cells stated in prose (`read_prose`) on arbitrary text: never a panic; every
//! diagnostic span inside the text, on character boundaries.
#![no_main]
use libfuzzer_sys::fuzz_target;
use xxgk::table::prose::read_prose;
use xxgk::TableKind;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for k in [
        TableKind::ActiveDisclosure,
        TableKind::Requests,
        TableKind::ReviewLitigation,
    ] {
        let read = read_prose(text, 0, k);
        for d in &read.diagnostics {
            if let Some(s) = d.span {
                assert!(s.start <= s.end && s.end <= text.len(), "{d:?}");
                assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            }
        }
    }
});
