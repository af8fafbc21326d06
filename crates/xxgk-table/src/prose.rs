//! Figures stated in sentences. (Being built.)

use crate::TablesRead;
use xxgk_model::TableKind;

/// Reads the cells of `kind` that sentences in `text` determine exactly.
pub fn read_prose(_text: &str, _base: usize, _kind: TableKind) -> TablesRead {
    TablesRead::default()
}
