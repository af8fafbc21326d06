//! Turns `src/scan_flags.txt` (the flags of every BMP character as runs, checked against the
//! code that computes them by the test `scan::tests::flags_file_is_current`) into the two
//! lookup tables `scan` reads, as binary files in `OUT_DIR`: by code point (64 KiB) and by the
//! 18-bit key of a three-byte UTF-8 character (`scan::key3`, 256 KiB). A process then starts
//! with its tables in place instead of parsing the text (about 7M instructions, paid by every
//! one-file run).

use std::error::Error;
use std::path::PathBuf;

/// Entries of the key3 table: 18 index bits.
const KEY3_SIZE: usize = 1 << 18;

fn by_char(text: &str) -> Result<Vec<u8>, Box<dyn Error>> {
    let mut t = vec![0u8; 0x1_0000];
    let mut next = 0usize;
    for (no, line) in text.lines().enumerate() {
        if line.starts_with('#') {
            continue;
        }
        let bad = || format!("scan_flags.txt line {}: {line:?}", no + 1);
        let mut it = line.split(' ');
        let start = usize::from_str_radix(it.next().ok_or_else(bad)?, 16)?;
        let len: usize = it.next().ok_or_else(bad)?.parse()?;
        let flags: u8 = it.next().ok_or_else(bad)?.parse()?;
        if start != next || len == 0 || it.next().is_some() {
            return Err(bad().into());
        }
        t.get_mut(start..start + len).ok_or_else(bad)?.fill(flags);
        next = start + len;
    }
    if next != 0x1_0000 {
        return Err("scan_flags.txt does not cover the BMP".into());
    }
    Ok(t)
}

/// The same flags indexed as `scan::key3` reads a three-byte character: six bits of its
/// second byte, two zero bits, six bits of its third byte, four bits of its lead byte.
fn by_key3(by_char: &[u8]) -> Vec<u8> {
    let mut t = vec![0u8; KEY3_SIZE];
    for cp in 0x800..0x1_0000usize {
        let key = ((cp >> 6) & 0x3F) | ((cp & 0x3F) << 8) | ((cp >> 12) << 14);
        if let (Some(x), Some(&f)) = (t.get_mut(key), by_char.get(cp)) {
            *x = f;
        }
    }
    t
}

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo:rerun-if-changed=src/scan_flags.txt");
    println!("cargo:rerun-if-changed=build.rs");
    let text = std::fs::read_to_string(
        PathBuf::from(
            std::env::var_os("CARGO_MANIFEST_DIR").ok_or("CARGO_MANIFEST_DIR is not set")?,
        )
        .join("src/scan_flags.txt"),
    )?;
    let chars = by_char(&text)?;
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    std::fs::write(out.join("scan_by_char.bin"), &chars)?;
    std::fs::write(out.join("scan_by_key3.bin"), by_key3(&chars))?;
    Ok(())
}
