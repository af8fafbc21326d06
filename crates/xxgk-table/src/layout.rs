//! `pdftotext -layout` text. (Being built.)

use crate::TablesRead;
use xxgk_model::TableKind;

/// Reads `kind` from layout text; `base` is the offset of `text` in the normalized document.
pub fn read_layout(_text: &str, _base: usize, _kind: TableKind) -> TablesRead {
    TablesRead::default()
}
