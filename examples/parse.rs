//! The one-call parse: bytes in, a typed report out, printed as JSON and as a few figures.
//!
//!     cargo run --example parse -- examples/data/sample-report.txt

use std::error::Error;
use xxgk::model::schema::{Requests2021Row, RequestsCol};
use xxgk::model::Requests;

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
    let report = xxgk::parse(&bytes)?;
    println!("{}", report.to_json_pretty());
    eprintln!(
        "{} {} ({}): {} sections, {} cells, {} diagnostics",
        report.agency.as_deref().unwrap_or("?"),
        report.year.map_or("?".to_string(), |y| y.to_string()),
        report.template.map_or("?", |t| t.as_str()),
        report.sections.len(),
        report.tables.cells().len(),
        report.diagnostics.len(),
    );
    // Typed access to one cell of a gov2021 table 3.
    if let Some(Requests::Gov2021(t)) = &report.tables.requests {
        if let Some(Some(n)) = t.get(Requests2021Row::NewReceived, RequestsCol::Total) {
            eprintln!("new requests received: {n}");
        }
    }
    Ok(())
}
