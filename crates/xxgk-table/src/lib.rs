//! Reading tables 2, 3 and 4. (Being built.)

pub mod labels;

use xxgk_model::Report;
use xxgk_segment::Segmented;

/// Reads every table of a segmented report into `report` (tables, sources, diagnostics).
pub fn fill_report(_seg: &Segmented<'_>, _report: &mut Report) {}
