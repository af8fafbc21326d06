//! Web and document-library boilerplate.

use crate::StepOutput;

/// Removes wrapper text; `None` when there is none.
pub fn remove(_text: &str) -> Option<StepOutput> {
    None
}
