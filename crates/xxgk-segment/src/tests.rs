//! Unit tests of the whole segmentation on constructed strings.

use super::*;

fn seg_of(text: &str) -> (Vec<SectionKind>, Report) {
    let doc = xxgk_normalize::normalize(text.as_bytes()).unwrap();
    let seg = segment(&doc);
    let kinds = seg.sections().map(|s| s.kind).collect();
    let mut r = Report::default();
    seg.fill_report(&mut r);
    (kinds, r)
}

#[test]
fn empty_input() {
    let (k, r) = seg_of("");
    assert!(k.is_empty());
    assert!(r.diagnostics.iter().any(|d| d.code == Code::SectionMissing));
}
