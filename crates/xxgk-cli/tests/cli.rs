//! The `xxgk` binary, tested through the built executable: batch parsing with a bad file,
//! directory trees, standard input, every output format, atomic output, exit codes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use xxgk_model::testkit;

mod common;

fn xxgk() -> Command {
    Command::new(env!("CARGO_BIN_EXE_xxgk"))
}

/// A fresh directory for one test.
fn scratch(name: &str) -> common::Scratch {
    common::Scratch::new(&format!("xxgk-cli-{}-{name}", std::process::id()))
}

/// Writes generated reports (seeds) as text files into `dir`, returning their paths.
fn write_reports(dir: &Path, seeds: &[u64]) -> Vec<PathBuf> {
    seeds
        .iter()
        .map(|s| {
            let p = dir.join(format!("r{s:03}.txt"));
            std::fs::write(&p, testkit::generate(*s).render_text().text).unwrap();
            p
        })
        .collect()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// Asserts the command's exit status, showing its standard error when it differs.
fn exits(o: &Output, code: i32) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn json_lines(o: &Output) -> Vec<serde_json::Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn single_file_prints_one_report_object() {
    let d = scratch("single");
    let files = write_reports(&d, &[1]);
    let o = xxgk().arg("parse").arg(&files[0]).output().unwrap();
    exits(&o, 0);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let obj = v.as_object().unwrap();
    // Key order of the contract: template, year, agency, title, …
    let out = stdout(&o);
    let pos: Vec<usize> = [
        "\"template\":",
        "\"year\":",
        "\"agency\":",
        "\"title\":",
        "\"sections\":",
        "\"tables\":",
    ]
    .iter()
    .map(|k| out.find(k).unwrap())
    .collect();
    assert!(pos.windows(2).all(|w| w[0] < w[1]), "{pos:?}");
    assert!(
        !obj.contains_key("file"),
        "single-file output is exactly the report"
    );
    // It is a valid report of the contract.
    xxgk_model::Report::from_json(&stdout(&o)).unwrap();
}

#[test]
fn batch_with_an_unreadable_file_keeps_going_and_exits_1() {
    let d = scratch("batch");
    let mut files = write_reports(&d, &[2, 3]);
    let bad = d.join("bad.txt");
    std::fs::write(&bad, [0u8, 159, 146, 150, 0, 0, 255, 1, 2, 3].repeat(50)).unwrap();
    files.insert(1, bad.clone());
    files.push(d.join("missing.txt"));
    let o = xxgk().arg("parse").args(&files).output().unwrap();
    exits(&o, 1);
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 4, "one record per input, in order");
    for (line, file) in lines.iter().zip(&files) {
        assert_eq!(line["file"], file.display().to_string());
    }
    assert!(lines[0].get("error").is_none());
    assert_eq!(lines[1]["error"]["code"], "not_text");
    assert!(lines[2].get("error").is_none());
    assert_eq!(lines[3]["error"]["code"], "not_found");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("bad.txt") && err.contains("missing.txt"),
        "{err}"
    );
}

#[test]
fn directories_are_walked_in_sorted_order_and_threads_do_not_change_output() {
    let d = scratch("tree");
    std::fs::create_dir_all(d.join("b/c")).unwrap();
    write_reports(&d, &[5]);
    write_reports(&d.join("b"), &[6]);
    write_reports(&d.join("b/c"), &[7, 8]);
    std::fs::write(d.join("b/ignored.json"), "{}").unwrap();
    let one = xxgk()
        .args(["parse", "-j", "1", "-q"])
        .arg(&d)
        .output()
        .unwrap();
    let many = xxgk()
        .args(["parse", "-j", "4", "-q"])
        .arg(&d)
        .output()
        .unwrap();
    exits(&one, 0);
    assert_eq!(stdout(&one), stdout(&many));
    let names: Vec<String> = json_lines(&one)
        .iter()
        .map(|v| v["file"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names.len(), 4);
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
}

/// A batch larger than a few chunks of work (64 files per worker thread): results come back in
/// input order whatever the thread count, error records included, while the writer and the
/// workers overlap.
#[test]
fn many_chunks_keep_input_order_with_errors_among_them() {
    let d = scratch("chunks");
    let mut files = Vec::new();
    for k in 0..300u64 {
        let p = d.join(format!("f{k:03}.txt"));
        if k % 37 == 5 {
            std::fs::write(&p, [0u8, 159, 146, 150, 0, 0, 255, 1, 2, 3].repeat(50)).unwrap();
        } else {
            std::fs::write(&p, testkit::generate(k % 11).render_text().text).unwrap();
        }
        files.push(p);
    }
    let runs: Vec<Output> = ["1", "3"]
        .iter()
        .map(|j| {
            xxgk()
                .args(["parse", "-q", "-f", "jsonl", "-j", j])
                .arg(&d)
                .output()
                .unwrap()
        })
        .collect();
    for o in &runs {
        exits(o, 1);
        let lines = json_lines(o);
        assert_eq!(lines.len(), files.len());
        for (k, (line, file)) in lines.iter().zip(&files).enumerate() {
            assert_eq!(line["file"], file.display().to_string());
            assert_eq!(line.get("error").is_some(), k % 37 == 5, "{k}");
        }
        let err = String::from_utf8_lossy(&o.stderr);
        let named: Vec<&str> = err.lines().filter(|l| l.contains("not_text")).collect();
        assert_eq!(
            named.len(),
            (0..300).filter(|k| k % 37 == 5).count(),
            "{err}"
        );
    }
    assert_eq!(stdout(&runs[0]), stdout(&runs[1]));
    assert_eq!(runs[0].stderr, runs[1].stderr);
}

/// Links in a walked directory are followed: a linked directory is walked, a linked file read;
/// a dangling link and a hidden entry are skipped.
#[cfg(unix)]
#[test]
fn directory_walk_follows_links() {
    use std::os::unix::fs::symlink;
    let d = scratch("links");
    let real = d.join("real");
    let walked = d.join("walked");
    std::fs::create_dir_all(&real).unwrap();
    std::fs::create_dir_all(&walked).unwrap();
    let files = write_reports(&real, &[11, 12]);
    symlink(&real, walked.join("a-dir")).unwrap();
    symlink(&files[0], walked.join("b-file.txt")).unwrap();
    symlink(real.join("gone.txt"), walked.join("c-dangling.txt")).unwrap();
    symlink(&real, walked.join(".hidden")).unwrap();
    let o = xxgk()
        .args(["parse", "-q", "-f", "jsonl"])
        .arg(&walked)
        .output()
        .unwrap();
    exits(&o, 0);
    let names: Vec<String> = json_lines(&o)
        .iter()
        .map(|v| v["file"].as_str().unwrap().to_string())
        .collect();
    let expected: Vec<String> = ["a-dir/r011.txt", "a-dir/r012.txt", "b-file.txt"]
        .iter()
        .map(|n| walked.join(n).display().to_string())
        .collect();
    assert_eq!(names, expected);
}

#[test]
fn stdin_is_read_with_dash() {
    let text = testkit::generate(9).render_text().text;
    let mut child = xxgk()
        .args(["parse", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    exits(&o, 0);
    let from_stdin = xxgk_model::Report::from_json(&stdout(&o)).unwrap();
    let d = scratch("stdin");
    let f = d.join("r.txt");
    std::fs::write(&f, &text).unwrap();
    let o = xxgk().arg("parse").arg(&f).output().unwrap();
    assert_eq!(
        from_stdin,
        xxgk_model::Report::from_json(&stdout(&o)).unwrap()
    );
}

#[test]
fn json_array_pretty_and_csv_formats_agree() {
    let d = scratch("formats");
    let files = write_reports(&d, &[10, 11]);
    let jsonl = xxgk().arg("parse").args(&files).output().unwrap();
    let arr = xxgk()
        .args(["parse", "-f", "json"])
        .args(&files)
        .output()
        .unwrap();
    let arr: Vec<serde_json::Value> = serde_json::from_str(&stdout(&arr)).unwrap();
    assert_eq!(arr, json_lines(&jsonl));
    let pretty = xxgk()
        .args(["parse", "-f", "pretty"])
        .arg(&files[0])
        .output()
        .unwrap();
    let pretty: serde_json::Value = serde_json::from_str(&stdout(&pretty)).unwrap();
    assert_eq!(pretty.get("template"), arr[0].get("template"));

    // CSV read back equals the JSON cells.
    let csv = xxgk()
        .args(["parse", "-f", "csv"])
        .args(&files)
        .output()
        .unwrap();
    let text = stdout(&csv);
    let mut rows = text.lines();
    assert_eq!(
        rows.next(),
        Some("file,agency,year,template,table,row,column,value,source")
    );
    let mut from_csv = std::collections::BTreeSet::new();
    for r in rows {
        let f: Vec<&str> = r.split(',').collect();
        assert_eq!(f.len(), 9, "{r}");
        from_csv.insert((
            f[0].to_string(),
            f[4].to_string(),
            f[5].to_string(),
            f[6].to_string(),
            f[7].to_string(),
        ));
    }
    let mut from_json = std::collections::BTreeSet::new();
    for rec in &arr {
        let file = rec["file"].as_str().unwrap().to_string();
        for (t, rows) in rec["tables"].as_object().unwrap() {
            for (r, cols) in rows.as_object().unwrap() {
                for (c, v) in cols.as_object().unwrap() {
                    let v = if v.is_null() {
                        String::new()
                    } else {
                        v.to_string()
                    };
                    from_json.insert((file.clone(), t.clone(), r.clone(), c.clone(), v));
                }
            }
        }
    }
    assert_eq!(from_csv, from_json);

    let reports = xxgk()
        .args(["parse", "-f", "csv", "--csv", "reports", "--bom"])
        .args(&files)
        .output()
        .unwrap();
    let text = stdout(&reports);
    assert!(text.starts_with("\u{feff}file,template,year,agency"));
    assert_eq!(text.lines().count(), 3);
}

#[test]
fn output_file_is_written_atomically() {
    let d = scratch("atomic");
    let files = write_reports(&d, &[12]);
    let out = d.join("out.jsonl");
    let o = xxgk()
        .args(["parse", "-f", "jsonl", "-o"])
        .arg(&out)
        .args(&files)
        .output()
        .unwrap();
    exits(&o, 0);
    assert!(o.stdout.is_empty());
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(written.lines().count(), 1);
    // No temporary file is left behind.
    let left: Vec<_> = std::fs::read_dir(&d)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".partial"))
        .collect();
    assert!(left.is_empty());
    // An output into a directory that does not exist fails without creating anything.
    let o = xxgk()
        .args(["parse", "-o"])
        .arg(d.join("no/such/dir/out.json"))
        .args(&files)
        .output()
        .unwrap();
    exits(&o, 1);
}

/// `-o` naming something that is not a regular file (a FIFO here, `/dev/null` in practice) writes
/// into it: renaming a temporary file over it would replace the pipe or device itself.
#[cfg(unix)]
#[test]
fn output_to_a_fifo_writes_into_it() {
    use std::os::unix::fs::FileTypeExt;
    let d = scratch("fifo");
    let files = write_reports(&d, &[13]);
    let fifo = d.join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo unavailable; skipped");
        return;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let o = xxgk()
        .args(["parse", "-f", "jsonl", "-o"])
        .arg(&fifo)
        .args(&files)
        .output()
        .unwrap();
    exits(&o, 0);
    let got = reader.join().unwrap();
    assert_eq!(got.lines().count(), 1);
    let v: serde_json::Value = serde_json::from_str(got.trim()).unwrap();
    assert!(v.get("tables").is_some());
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn usage_errors_exit_2() {
    let o = xxgk().args(["parse", "--format", "xml"]).output().unwrap();
    exits(&o, 2);
    let o = xxgk().arg("frobnicate").output().unwrap();
    exits(&o, 2);
}

#[test]
fn schema_is_json_and_names_every_diagnostic_code() {
    let o = xxgk().arg("schema").output().unwrap();
    exits(&o, 0);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let codes = v["properties"]["diagnostics"]["items"]["properties"]["code"]["enum"]
        .as_array()
        .unwrap();
    assert_eq!(codes.len(), xxgk_model::Code::ALL.len());
}

/// Every report the parser prints, for every template, rendering and damage, is valid against the
/// schema `xxgk schema` prints.
#[test]
fn parsed_reports_validate_against_the_schema() {
    let o = xxgk().arg("schema").output().unwrap();
    let schema: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let d = scratch("schema");
    let mut files = Vec::new();
    for seed in 0..24u64 {
        let synth = testkit::generate(seed);
        let (ext, text) = match seed % 4 {
            0 => ("txt", synth.render_text().text),
            1 => ("html", synth.render_html().text),
            2 => ("pdf.txt", synth.render_flattened().text),
            _ => (
                "txt",
                testkit::damage::apply(&synth.render_text().text, seed).0,
            ),
        };
        let p = d.join(format!("r{seed:03}.{ext}"));
        std::fs::write(&p, text).unwrap();
        files.push(p);
    }
    let o = xxgk()
        .args(["parse", "-f", "jsonl"])
        .args(&files)
        .output()
        .unwrap();
    let reports = json_lines(&o);
    assert_eq!(reports.len(), files.len());
    let templates: std::collections::BTreeSet<_> =
        reports.iter().map(|r| r["template"].to_string()).collect();
    assert!(
        templates.len() >= 2,
        "both templates covered: {templates:?}"
    );
    for r in &reports {
        let errors: Vec<String> = validator.iter_errors(r).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", r["file"]);
    }
    // The schema is not vacuous: a wrong cell type, an unknown row and an unknown key fail.
    let mut bad = reports[0].clone();
    bad["tables"]["requests"]["new_received"]["natural_person"] = serde_json::json!("7");
    assert!(!validator.is_valid(&bad));
    let mut bad = reports[0].clone();
    bad["tables"]["requests"]["no_such_row"] = serde_json::json!({});
    assert!(!validator.is_valid(&bad));
    let mut bad = reports[0].clone();
    bad["sources"]["no_such_table"] = serde_json::json!("grid");
    assert!(!validator.is_valid(&bad));
    // A gov2019 report carrying a row only gov2021 has fails.
    let r19 = reports.iter().find(|r| r["template"] == "gov2019").unwrap();
    let mut bad = r19.clone();
    bad["tables"]["requests"]["other_other"] = serde_json::json!({"total": 1});
    assert!(!validator.is_valid(&bad));
}

#[test]
fn tables_and_check_and_stats_run() {
    let d = scratch("human");
    let files = write_reports(&d, &[13, 14]);
    let o = xxgk().arg("tables").arg(&files[0]).output().unwrap();
    exits(&o, 0);
    assert!(stdout(&o).contains("三、收到和处理政府信息公开申请情况"));
    let o = xxgk()
        .args(["check", "--format", "json"])
        .args(&files)
        .output()
        .unwrap();
    assert_eq!(json_lines(&o).len(), 2);
    let o = xxgk().arg("stats").arg(&d).output().unwrap();
    exits(&o, 0);
    assert!(stdout(&o).contains("parsed       2"));
}

#[test]
fn normalize_prints_clean_text_and_lists_edits() {
    let d = scratch("normalize");
    let f = d.join("r.txt");
    std::fs::write(&f, "２０２１年\r\n一、總體情況\n").unwrap();
    let o = xxgk().arg("normalize").arg(&f).output().unwrap();
    exits(&o, 0);
    assert_eq!(stdout(&o), "2021年\n一、总体情况\n");
    let o = xxgk()
        .args(["normalize", "--edits"])
        .arg(&f)
        .output()
        .unwrap();
    let edits = stdout(&o);
    // The full-width digits and the Traditional characters are listed with their byte ranges.
    assert!(
        edits
            .lines()
            .any(|l| l.starts_with("0..") && l.contains("２")),
        "{edits}"
    );
    assert!(edits.contains("總"), "{edits}");
}
