//! A downstream program calling the segmentation layer directly: normalize a report, segment it,
//! and print its sections with their spans in the original bytes.
//!
//!     cargo run --example segment -- examples/data/sample-report.txt

use std::error::Error;
use xxgk::normalize::normalize;
use xxgk::segment::segment;

fn main() {
    if let Err(e) = try_main() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn try_main() -> Result<(), Box<dyn Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "examples/data/sample-report.txt".into());
    let bytes = std::fs::read(&path)?;
    // Layer 2: decode and normalize; the result maps every span back to `bytes`.
    let doc = normalize(&bytes)?;
    // Layer 3: sections over the normalized text.
    let seg = segment(&doc);
    for s in seg.sections() {
        let original = seg.to_original(s.span);
        let heading = seg.to_original(s.heading_span);
        println!(
            "{:<18} {:?} {:<40} bytes {}..{} (heading {}..{})",
            s.kind.as_str(),
            s.number,
            s.heading,
            original.start,
            original.end,
            heading.start,
            heading.end,
        );
        // The heading span indexes the caller's original bytes.
        let raw = bytes.get(heading.range()).ok_or("span outside the input")?;
        debug_assert_eq!(
            String::from_utf8_lossy(raw).is_empty(),
            s.heading.is_empty()
        );
    }
    Ok(())
}
