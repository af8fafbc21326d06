//! The whole pipeline on arbitrary bytes: never a panic; every span inside the input.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(report) = xxgk::parse(data) {
        for s in &report.sections {
            assert!(s.span.start <= s.span.end && s.span.end <= data.len());
        }
        for d in &report.diagnostics {
            if let Some(s) = d.span {
                assert!(s.start <= s.end && s.end <= data.len(), "{d:?}");
            }
        }
        let json = report.to_json();
        assert_eq!(xxgk::Report::from_json(&json).ok().as_ref(), Some(&report));
    }
});
