//! Writes the bundled sample report `examples/data/sample-report.txt` (and its HTML and flattened
//! PDF-text renderings) from the project's synthetic report generator.
//!
//!     cargo run --example make_sample --features testkit

use std::error::Error;

fn main() {
    if let Err(e) = try_main() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn try_main() -> Result<(), Box<dyn Error>> {
    let sample = xxgk_model::testkit::sample();
    let dir = std::path::Path::new("examples/data");
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("sample-report.txt"), sample.render_text().text)?;
    std::fs::write(dir.join("sample-report.html"), sample.render_html().text)?;
    std::fs::write(
        dir.join("sample-report.pdf.txt"),
        sample.render_flattened().text,
    )?;
    std::fs::write(
        dir.join("sample-report.truth.json"),
        sample.report.to_json_pretty(),
    )?;
    eprintln!("wrote examples/data/sample-report.{{txt,html,pdf.txt,truth.json}}");
    Ok(())
}
