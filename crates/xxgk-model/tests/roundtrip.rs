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
        let back = Report::from_json(&r.to_json()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, r);
    }
}
