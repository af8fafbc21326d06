//! Decoding alone on arbitrary bytes, detected and forced: never a panic; the text's spans map
//! inside the input and the map is monotone.
#![no_main]
use libfuzzer_sys::fuzz_target;
use xxgk::normalize::decode::{decode, DecodeOptions, Encoding};
use xxgk::Span;

fn check(data: &[u8], opts: &DecodeOptions) {
    if let Ok(d) = decode(data, opts) {
        let text = d.text();
        let mut last = 0;
        let mut cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(5).collect();
        cuts.push(text.len());
        for w in cuts.windows(2) {
            let s = d.to_original(Span::new(w[0], w[1]));
            assert!(s.start <= s.end && s.end <= data.len(), "{s:?}");
            assert!(s.start >= last, "map not monotone: {s:?} after {last}");
            last = s.start;
        }
        for diag in d.diagnostics() {
            if let Some(s) = diag.span {
                assert!(s.start <= s.end && s.end <= data.len(), "{diag:?}");
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    // The first byte picks the encoding: detected, or one of the forced ones.
    let (sel, rest) = match data.split_first() {
        Some((s, r)) => (*s, r),
        None => (0, data),
    };
    let encoding = match sel % 7 {
        0 | 1 => None,
        2 => Some(Encoding::Utf8),
        3 => Some(Encoding::Gb18030),
        4 => Some(Encoding::Big5),
        5 => Some(Encoding::Utf16Le),
        _ => Some(Encoding::Utf16Be),
    };
    let opts = DecodeOptions {
        encoding,
        ..DecodeOptions::default()
    };
    check(rest, &opts);
});
