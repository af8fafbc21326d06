//! Segmentation on arbitrary text: never a panic; sections in order and inside the text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let doc = xxgk::normalize::normalize_str(text);
        let seg = xxgk::segment::segment(&doc);
        let mut last = 0;
        for s in seg.sections() {
            assert!(s.span.start >= last && s.span.end <= doc.text().len());
            last = s.span.start;
        }
    }
});
