//! Errors of the model layer.

/// Errors raised when building or reading model values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A string is not one of the canonical ids of its kind.
    #[error("unknown {kind} id {id:?}")]
    UnknownId {
        /// The id type.
        kind: &'static str,
        /// The string given.
        id: String,
    },
    /// The template has no cell at this row and column.
    #[error("table {table} has no cell {row}/{col}")]
    NoSuchCell {
        /// Table id.
        table: &'static str,
        /// Row id.
        row: &'static str,
        /// Column id.
        col: &'static str,
    },
    /// JSON that does not follow the report contract.
    #[error("invalid report JSON: {0}")]
    Json(String),
}
