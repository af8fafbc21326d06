//! The whole pipeline on the project's generated reports: render → (damage) → parse must give back
//! the generated truth. Forms the parser claims to read fully must come back complete; for every
//! form and damage, no cell may ever be wrong (missing is allowed, wrong is not).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use std::collections::BTreeMap;
use xxgk::{Report, SectionKind};
use xxgk_model::testkit::{self, damage, Synthetic};

type Cells = BTreeMap<(String, String, String), Option<String>>;

fn cells(r: &Report) -> Cells {
    r.tables
        .cells()
        .into_iter()
        .map(|(t, row, col, v)| {
            (
                (t.as_str().to_string(), row.to_string(), col.to_string()),
                v.map(|n| n.to_string()),
            )
        })
        .collect()
}

/// Cells of `got` that differ from the truth (cells the truth lacks count too).
fn wrong_cells(truth: &Report, got: &Report) -> Vec<String> {
    let t = cells(truth);
    cells(got)
        .into_iter()
        .filter(|(k, v)| t.get(k) != Some(v))
        .map(|(k, v)| format!("{}/{}/{} = {v:?}, truth {:?}", k.0, k.1, k.2, t.get(&k)))
        .collect()
}

fn kinds(r: &Report) -> Vec<SectionKind> {
    r.sections.iter().map(|s| s.kind).collect()
}

fn check_meta(truth: &Report, got: &Report, what: &str) {
    assert_eq!(got.template, truth.template, "{what}: template");
    assert_eq!(got.year, truth.year, "{what}: year");
    assert_eq!(got.agency, truth.agency, "{what}: agency");
    assert_eq!(kinds(got), kinds(truth), "{what}: sections");
}

/// Spans are inside the input and, for UTF-8 input, on character boundaries.
fn check_spans(input: &[u8], r: &Report) {
    let text = std::str::from_utf8(input).ok();
    let spans = r
        .sections
        .iter()
        .map(|s| s.span)
        .chain(r.diagnostics.iter().filter_map(|d| d.span));
    for s in spans {
        assert!(
            s.start <= s.end && s.end <= input.len(),
            "span {s} outside {} bytes",
            input.len()
        );
        if let Some(t) = text {
            assert!(
                t.is_char_boundary(s.start) && t.is_char_boundary(s.end),
                "span {s} splits a character"
            );
        }
    }
}

fn parse(input: &str) -> Report {
    let r = xxgk::parse(input.as_bytes()).unwrap();
    check_spans(input.as_bytes(), &r);
    r
}

fn round_trip(s: &Synthetic, input: &str, what: &str, complete: bool) {
    let got = parse(input);
    check_meta(&s.report, &got, what);
    let wrong = wrong_cells(&s.report, &got);
    assert!(wrong.is_empty(), "{what}: wrong cells {wrong:?}");
    if complete {
        assert_eq!(cells(&got), cells(&s.report), "{what}: cells");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn text_with_pipe_tables_comes_back_exactly(seed in any::<u64>()) {
        let s = testkit::generate(seed);
        round_trip(&s, &s.render_text().text, "text", true);
    }

    #[test]
    fn html_in_the_official_layout_comes_back_exactly(seed in any::<u64>()) {
        let s = testkit::generate(seed);
        round_trip(&s, &s.render_html().text, "html", true);
    }

    #[test]
    fn layout_text_never_gives_a_wrong_cell(seed in any::<u64>()) {
        let s = testkit::generate(seed);
        round_trip(&s, &s.render_layout().text, "layout", false);
    }

    #[test]
    fn flattened_pdf_text_never_gives_a_wrong_cell(seed in any::<u64>()) {
        let s = testkit::generate(seed);
        round_trip(&s, &s.render_flattened().text, "flattened", false);
    }

    #[test]
    fn damaged_text_keeps_sections_and_metadata(seed in any::<u64>(), kind in 0usize..7) {
        let s = testkit::generate(seed);
        let text = s.render_text().text;
        let (damaged, what) = match kind {
            0 => (damage::fullwidth(&text), "fullwidth"),
            1 => (damage::ascii_punct(&text), "ascii punctuation"),
            2 => (damage::crlf(&text), "crlf"),
            3 => (damage::page_markers(&text, seed, 12).0, "page markers"),
            4 => (damage::spaced_headings(&text), "spaced headings"),
            5 => (damage::to_traditional(&text), "traditional"),
            _ => (damage::download_wrapper(&text, "report.pdf", seed), "download wrapper"),
        };
        round_trip(&s, &damaged, what, false);
    }

    #[test]
    fn parsing_is_deterministic(seed in any::<u64>()) {
        let s = testkit::generate(seed);
        let text = s.render_flattened().text;
        prop_assert_eq!(parse(&text), parse(&text));
    }
}

#[test]
fn utf16_and_gb18030_inputs_parse_like_utf8_with_spans_into_their_bytes() {
    let s = testkit::generate(42);
    let text = s.render_text().text;
    let utf8 = xxgk::parse(text.as_bytes()).unwrap();
    let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
    let mut utf16: Vec<u8> = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    for (bytes, name) in [(gbk.into_owned(), "gb18030"), (utf16, "utf-16le")] {
        let r = xxgk::parse(&bytes).unwrap();
        assert_eq!(cells(&r), cells(&utf8), "{name}");
        assert_eq!(kinds(&r), kinds(&utf8), "{name}");
        check_spans(&bytes, &r);
        // The heading span of each section decodes back to the heading text.
        for sec in &r.sections {
            let raw = &bytes[sec.span.range()];
            let decoded = if name == "gb18030" {
                encoding_rs::GB18030
                    .decode_without_bom_handling(raw)
                    .0
                    .into_owned()
            } else {
                encoding_rs::UTF_16LE
                    .decode_without_bom_handling(raw)
                    .0
                    .into_owned()
            };
            assert!(
                decoded.starts_with(&sec.heading),
                "{name}: {decoded:?} vs {:?}",
                sec.heading
            );
        }
    }
}

#[test]
fn bad_inputs_give_typed_errors_not_panics() {
    assert!(xxgk::parse(b"%PDF-1.7\n\x00\x01binary").is_err());
    assert!(xxgk::parse(&[0u8; 4096]).is_err());
    let big = vec![b'a'; 1024];
    let opts = xxgk::Options {
        max_input_bytes: 100,
        ..Default::default()
    };
    assert!(matches!(
        xxgk::parse_with(&big, &opts),
        Err(xxgk::Error::TooLarge { .. })
    ));
    // Empty and whitespace-only inputs are reports with nothing found.
    for input in [&b""[..], b"   \n\n", b"\xEF\xBB\xBF"] {
        let r = xxgk::parse(input).unwrap();
        assert!(r.sections.is_empty() && r.tables.is_empty());
    }
}
