//! Normalizes the files named on the command line and prints the text, then the diagnostics
//! (to stderr). `cargo run -p xxgk-normalize --example normalize_file -- report.txt`

use std::error::Error;

fn main() {
    if let Err(e) = try_main() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn try_main() -> Result<(), Box<dyn Error>> {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path)?;
        let n = xxgk_normalize::normalize(&bytes)?;
        println!("{}", n.text());
        for d in n.diagnostics() {
            let shown = d
                .span
                .and_then(|s| bytes.get(s.range()))
                .map(|b| {
                    String::from_utf8_lossy(b)
                        .chars()
                        .take(30)
                        .collect::<String>()
                })
                .unwrap_or_default();
            eprintln!("{path}: {:?} {} [{shown}]", d.code, d.message);
        }
    }
    Ok(())
}
