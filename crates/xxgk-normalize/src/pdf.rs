//! PDF extraction artefacts.

use crate::StepOutput;

/// Removes page markers and spurious spaces; `None` when there are none.
pub fn clean(_text: &str) -> Option<StepOutput> {
    None
}
