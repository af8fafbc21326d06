//! The `xxgk` binary over a batch directory of hostile inputs (issue 9): it never exits with a
//! panic, every input gets an output record (an error record for the unreadable ones), and the
//! batch goes on past bad files. The full-size inputs are in the root `tests/hostile.rs`; these
//! are a few MB at most, so the test stays quick in CI.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use std::path::Path;
use std::process::{Command, Output};
use xxgk_model::testkit;

mod common;
use xxgk_model::testkit::hostile::docx_bomb;

fn xxgk() -> Command {
    Command::new(env!("CARGO_BIN_EXE_xxgk"))
}

fn scratch(name: &str) -> common::Scratch {
    common::Scratch::new(&format!("xxgk-cli-hostile-{}-{name}", std::process::id()))
}

fn repeat_to(unit: &str, size: usize) -> Vec<u8> {
    unit.repeat(size / unit.len().max(1) + 1).into_bytes()
}

/// The hostile inputs, by file name (report endings, so a directory walk takes them all).
fn hostile_files() -> Vec<(&'static str, Vec<u8>)> {
    let mut seed = 0x1234_5678_u64;
    let mut random = Vec::with_capacity(1 << 20);
    while random.len() < 1 << 20 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        random.extend(seed.to_le_bytes());
    }
    let report = testkit::generate(11).render_text().text;
    // 一、总体情况 in GBK, lines of it, with bytes no GBK sequence starts with.
    let gbk = b"\xD2\xBB\xA1\xA2\xD7\xDC\xCC\xE5\xC7\xE9\xBF\xF6\n\xFF\x80".repeat(20_000);
    let mut utf16 = vec![0xFF, 0xFE];
    for (i, u) in report.encode_utf16().enumerate() {
        utf16.extend(u.to_le_bytes());
        if i % 50 == 0 {
            utf16.extend(0xD800u16.to_le_bytes()); // lone high surrogate
        }
    }
    let mut nul = report.clone().into_bytes();
    for i in (0..nul.len()).step_by(97) {
        nul[i] = 0;
    }
    let mut bad_utf8 = report.clone().into_bytes();
    for i in (0..bad_utf8.len()).step_by(31) {
        bad_utf8[i] = 0xFF;
    }
    let mut divs = b"<html><body>".to_vec();
    divs.extend(repeat_to("<div>", 500_000));
    let mut formatting = b"<html><body>".to_vec();
    formatting.extend(repeat_to("<b><p>x</b><a href=y>", 500_000));
    let mut numbers = "三、收到和处理政府信息公开申请情况\n".as_bytes().to_vec();
    numbers.extend(repeat_to("1 0 2 3 0 0 6 ", 1 << 20));
    vec![
        ("a-empty.txt", Vec::new()),
        ("b-random.txt", random.clone()),
        ("c-report.txt", report.clone().into_bytes()),
        ("d-random.docx", random.clone()),
        ("e-random.html", random),
        ("f-nul.txt", nul),
        ("g-invalid-utf8.txt", bad_utf8),
        ("h-gbk.txt", gbk),
        ("i-utf16-surrogates.txt", utf16),
        (
            "j-rtl-combining.txt",
            repeat_to(
                "一\u{0301}\u{0302}、总体情况\u{202E}שלום\u{200F}عربي\n",
                1 << 20,
            ),
        ),
        (
            "k-headings.txt",
            repeat_to("一、总体情况\n二、主动公开\n", 1 << 20),
        ),
        ("l-numbers.txt", numbers),
        ("m-divs.html", divs),
        ("n-formatting.html", formatting),
        ("o-bomb.docx", docx_bomb((256 << 20) / 258, 1000)),
        ("p-truncated.docx", b"PK\x03\x04word/document.xml".to_vec()),
        (
            "q-pdf.txt",
            b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj".to_vec(),
        ),
        ("r-report-again.txt", report.into_bytes()),
    ]
}

/// Exit code 0 or 1 (the documented codes besides 2, usage), and no panic message.
fn no_panic(what: &str, o: &Output) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{what}: {err}");
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{what}: exit {:?}: {err}",
        o.status
    );
}

fn write_all(dir: &Path, files: &[(&'static str, Vec<u8>)]) {
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
}

#[test]
fn a_batch_of_hostile_inputs_gives_one_record_each_and_never_panics() {
    let d = scratch("batch");
    let files = hostile_files();
    write_all(&d, &files);
    let o = xxgk()
        .args(["parse", "-q", "-j", "2", "-f", "jsonl"])
        .arg(&d)
        .output()
        .unwrap();
    no_panic("parse", &o);
    assert_eq!(o.status.code(), Some(1), "some inputs are unreadable");
    let err = String::from_utf8_lossy(&o.stderr);
    let lines: Vec<serde_json::Value> = String::from_utf8(o.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), files.len(), "one record per input");
    let mut codes = std::collections::BTreeMap::new();
    for (line, (name, _)) in lines.iter().zip(&files) {
        let file = line["file"].as_str().unwrap();
        assert!(file.ends_with(name), "{file} in the place of {name}");
        match line.get("error") {
            Some(e) => {
                let code = e["code"].as_str().unwrap();
                assert!(!code.is_empty() && e["message"].is_string(), "{line}");
                assert!(err.contains(name), "no stderr line for {name}: {err}");
                codes.insert(*name, code.to_string());
            }
            None => assert!(line["diagnostics"].is_array(), "{name}: {line}"),
        }
    }
    // The batch goes on past bad files: the good report before and after them is read.
    for good in ["c-report.txt", "r-report-again.txt"] {
        assert!(!codes.contains_key(good), "{good}: {codes:?}");
    }
    assert_eq!(
        codes.get("o-bomb.docx").map(String::as_str),
        Some("too_large")
    );
    assert_eq!(
        codes.get("m-divs.html").map(String::as_str),
        Some("limit_exceeded")
    );
    assert_eq!(
        codes.get("q-pdf.txt").map(String::as_str),
        Some("unsupported_format")
    );
    assert!(codes.contains_key("b-random.txt"), "{codes:?}");
}

#[test]
fn every_command_survives_every_hostile_input() {
    let d = scratch("commands");
    let files = hostile_files();
    write_all(&d, &files);
    let o = xxgk().args(["check", "-q"]).arg(&d).output().unwrap();
    no_panic("check", &o);
    let o = xxgk().args(["stats", "-q"]).arg(&d).output().unwrap();
    no_panic("stats", &o);
    for (name, _) in &files {
        let path = d.join(name);
        for cmd in [&["tables"][..], &["normalize"], &["normalize", "--edits"]] {
            let o = xxgk().args(cmd).arg(&path).output().unwrap();
            no_panic(&format!("{cmd:?} {name}"), &o);
        }
    }
    // Standard input takes the same path.
    let mut child = xxgk()
        .args(["parse", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        let _ = stdin.write_all(&files[1].1);
    }
    let o = child.wait_with_output().unwrap();
    no_panic("parse - (random bytes)", &o);
}

/// A file over the input limit (a sparse 100 MB file here) is refused from its size alone: an
/// error record `too_large`, without the file being read into memory.
#[test]
fn oversized_files_are_refused_by_size() {
    let dir = std::env::temp_dir().join(format!("xxgk-cli-big-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let big = dir.join("big.txt");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(100 << 20)
        .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .args(["parse", "-f", "jsonl"])
        .arg(&big)
        .output()
        .unwrap();
    no_panic("big", &o);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    let rec: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(rec["error"]["code"], "too_large", "{rec}");
    let _ = std::fs::remove_dir_all(&dir);
}
