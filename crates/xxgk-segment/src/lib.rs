//! Segmentation of normalized report text: sections, metadata, template. (Being built.)

use xxgk_model::{Report, SectionKind, Span};
use xxgk_normalize::Normalized;

/// A section found in the text; spans are in normalized-text offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section<'a> {
    /// Canonical kind.
    pub kind: SectionKind,
    /// Printed numeral (一 = 1).
    pub number: Option<u8>,
    /// Heading text.
    pub heading: &'a str,
    /// Heading span (normalized text).
    pub heading_span: Span,
    /// Whole section span (normalized text).
    pub span: Span,
}

/// The result of segmenting one report.
#[derive(Debug, Clone)]
pub struct Segmented<'a> {
    doc: &'a Normalized<'a>,
    sections: Vec<Section<'a>>,
}

impl<'a> Segmented<'a> {
    /// The normalized text.
    pub fn text(&self) -> &'a str {
        self.doc.text()
    }
    /// Sections in document order.
    pub fn sections(&self) -> std::slice::Iter<'_, Section<'a>> {
        self.sections.iter()
    }
    /// Maps a normalized span to the original input.
    pub fn to_original(&self, span: Span) -> Span {
        self.doc.to_original(span)
    }
    /// Fills the segmentation fields of a report.
    pub fn fill_report(&self, report: &mut Report) {
        for s in &self.sections {
            report.sections.push(xxgk_model::Section {
                kind: s.kind,
                number: s.number,
                heading: s.heading.to_string(),
                span: self.to_original(s.span),
            });
        }
    }
}

/// Segments a normalized report.
pub fn segment<'a>(doc: &'a Normalized<'a>) -> Segmented<'a> {
    Segmented {
        doc,
        sections: Vec::new(),
    }
}
