//! Reads one report file and prints its Report JSON with the tables this crate reads:
//! `cargo run -p xxgk-table --example tables_corpus -- FILE`.

use std::process::ExitCode;

fn main() -> ExitCode {
    match try_main() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn try_main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: tables_corpus FILE")?;
    let bytes = std::fs::read(path)?;
    let doc = xxgk_normalize::normalize(&bytes)?;
    let seg = xxgk_segment::segment(&doc);
    let mut report = xxgk_model::Report::default();
    seg.fill_report(&mut report);
    xxgk_table::fill_report(&seg, &mut report);
    println!("{}", report.to_json());
    Ok(())
}
