//! Grid reading on arbitrary text: pipe rows (`Grid::from_pipe_text`) and tab/newline cells
//! (`Grid::from_rows`) read with and without a table kind. Never a panic; every diagnostic span
//! inside the text, on character boundaries.
#![no_main]
use libfuzzer_sys::fuzz_target;
use xxgk::table::{read_grid, Grid, TablesRead};
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
    let kinds = [
        None,
        Some(TableKind::ActiveDisclosure),
        Some(TableKind::Requests),
        Some(TableKind::ReviewLitigation),
    ];
    let pipes = Grid::from_pipe_text(text, 0);
    for row in &pipes.rows {
        for c in row {
            if let Some(s) = c.span {
                assert!(s.end <= text.len() && text.get(s.range()) == Some(c.text.as_str()));
            }
        }
    }
    for k in kinds {
        check(&read_grid(&pipes, k), text);
    }
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    let cells = Grid::from_rows(&rows);
    for k in kinds {
        let _ = read_grid(&cells, k);
    }
});
