//! The HTML reader on arbitrary bytes: a document or a typed error, never a panic; every span
//! of the text maps inside the input; grids are rectangular and within the cell limit.
#![no_main]
use libfuzzer_sys::fuzz_target;
use xxgk::html::{read_html_with, Limits};
use xxgk::Span;

fuzz_target!(|data: &[u8]| {
    // Small limits, so the limit paths run on small inputs too.
    let limits = Limits {
        max_depth: 64,
        max_grid_cells: 4_096,
        ..Limits::default()
    };
    if let Ok(doc) = read_html_with(data, &limits) {
        let text = &doc.text;
        let mut cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(7).collect();
        cuts.push(text.len());
        for w in cuts.windows(2) {
            let s = doc.chain.to_original(Span::new(w[0], w[1]));
            assert!(s.start <= s.end && s.end <= data.len(), "{s:?}");
        }
        for g in &doc.grids {
            let width = g.rows.first().map_or(0, Vec::len);
            assert!(g.rows.iter().all(|r| r.len() == width));
            assert!(g.rows.len() * width <= limits.max_grid_cells);
        }
    }
});
