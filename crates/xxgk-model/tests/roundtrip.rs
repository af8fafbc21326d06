//! JSON round trip of generated reports: `Report::from_json(&r.to_json()) == r`.
//! Run with `cargo test -p xxgk-model --features testkit`.
#![cfg(feature = "testkit")]

use proptest::prelude::*;
use xxgk_model::testkit::{generate, generate_with, GenOptions};
use xxgk_model::{Report, Template};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn truth_survives_json(seed in any::<u64>()) {
        let synth = generate(seed);
        let r = &synth.report;
        // `to_json` writes the tables itself: the text is serde's exactly.
        prop_assert_eq!(r.to_json(), serde_json::to_string(r).unwrap_or_default());
        let back = Report::from_json(&r.to_json()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back, r);
        let pretty = Report::from_json(&r.to_json_pretty()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&pretty, r);
    }

    #[test]
    fn truth_with_spans_survives_json(seed in any::<u64>(), blank in any::<bool>(), old in any::<bool>()) {
        let opts = GenOptions {
            template: Some(if old { Template::Gov2019 } else { Template::Gov2021 }),
            blank_zeros: Some(blank),
            ..GenOptions::default()
        };
        let synth = generate_with(seed, &opts);
        let r = synth.report_with_spans(&synth.render_text());
        prop_assert!(r.sections.iter().all(|s| !s.span.is_empty()));
        prop_assert_eq!(r.to_json(), serde_json::to_string(&r).unwrap_or_default());
        let back = Report::from_json(&r.to_json()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, r);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Every rendering of any seed puts each heading at its recorded range, the sections in
    /// order and back to back, and the truth obeys its rules.
    #[test]
    fn renderings_record_true_spans(seed in any::<u64>()) {
        let synth = generate(seed);
        prop_assert!(xxgk_model::testkit::check_rules(&synth.report).is_empty());
        for r in [
            synth.render_text(),
            synth.render_html(),
            synth.render_flattened(),
            synth.render_layout(),
        ] {
            prop_assert_eq!(r.headings.len(), 6);
            for (kind, _) in &r.headings {
                let want = synth.section(*kind).map(|s| s.heading.as_str());
                prop_assert_eq!(r.heading_text(*kind), want);
                let body = r.section_text(*kind).unwrap_or("");
                prop_assert!(body.starts_with(want.unwrap_or("?")));
            }
            for w in r.sections.windows(2) {
                prop_assert_eq!(w[0].1.end, w[1].1.start);
            }
        }
    }
}
