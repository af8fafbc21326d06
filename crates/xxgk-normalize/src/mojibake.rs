//! Mojibake repair.

use crate::traditional::Converter;
use crate::StepOutput;

/// Repairs mis-decoded runs; `None` when there are none.
pub fn repair(_text: &str, _conv: Option<&dyn Converter>) -> Option<StepOutput> {
    None
}
