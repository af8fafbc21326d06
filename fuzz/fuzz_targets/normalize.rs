//! Decoding and normalization on arbitrary bytes: spans of the output map inside the input.
#![no_main]
use libfuzzer_sys::fuzz_target;
use xxgk::Span;

fuzz_target!(|data: &[u8]| {
    if let Ok(n) = xxgk::normalize::normalize(data) {
        let text = n.text();
        let mut cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(7).collect();
        cuts.push(text.len());
        for w in cuts.windows(2) {
            let s = n.to_original(Span::new(w[0], w[1]));
            assert!(s.start <= s.end && s.end <= data.len(), "{s:?}");
        }
    }
});
