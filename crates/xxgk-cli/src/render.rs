//! Human outputs: tables as the template prints them, compiler-style checks, corpus statistics,
//! and the JSON Schema of the report JSON.

use crate::inputs::{self, Input};
use crate::{for_each_ordered, parse_one, CheckArgs, CheckFormat, StatsArgs};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use xxgk::model::schema::{self, Id, Schema};
use xxgk::model::{ActiveDisclosure, Diagnostic, Requests, Table};
use xxgk::{Code, Report, SectionKind, Severity, Source, TableKind, Template};

/// Display width of a string in a terminal (CJK and full-width characters count two).
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

fn pad(s: &str, w: usize) -> String {
    let mut out = s.to_string();
    for _ in width(s)..w {
        out.push(' ');
    }
    out
}

fn table_text<S: Schema>(t: &Table<S>, title: &str, source: Option<Source>) -> String {
    let mut out = String::new();
    let src = source
        .map(|s| format!("  [{}]", s.label()))
        .unwrap_or_default();
    let _ = writeln!(out, "{title}{src}");
    let cols: Vec<S::Col> = S::Col::all()
        .iter()
        .copied()
        .filter(|c| S::Row::all().iter().any(|r| t.get(*r, *c).is_some()))
        .collect();
    let label_w = S::Row::all()
        .iter()
        .filter(|r| t.has_row(**r))
        .map(|r| width(r.label_zh()))
        .max()
        .unwrap_or(4);
    let col_w: Vec<usize> = cols.iter().map(|c| width(c.label_zh()).max(6)).collect();
    let mut header = pad("", label_w);
    for (c, w) in cols.iter().zip(&col_w) {
        header.push_str(" │ ");
        header.push_str(&pad(c.label_zh(), *w));
    }
    let _ = writeln!(out, "{}", header.trim_end());
    for r in S::Row::all() {
        if !t.has_row(*r) {
            continue;
        }
        let mut line = pad(r.label_zh(), label_w);
        for (c, w) in cols.iter().zip(&col_w) {
            let v = match t.get(*r, *c) {
                None if !S::has_cell(*r, *c) => String::new(),
                None => "?".to_string(),
                Some(None) => "—".to_string(),
                Some(Some(n)) => n.to_string(),
            };
            line.push_str(" │ ");
            line.push_str(&pad(&v, *w));
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out.push('\n');
    out
}

/// The report's tables as text in the template's layout (`?` = not read, `—` = printed blank).
pub fn tables(r: &Report) -> String {
    let mut out = String::new();
    let src = |k: TableKind| r.sources.get(&k).copied();
    match &r.tables.active_disclosure {
        Some(ActiveDisclosure::Gov2021(t)) => {
            out += &table_text(
                t,
                "二、主动公开政府信息情况",
                src(TableKind::ActiveDisclosure),
            )
        }
        Some(ActiveDisclosure::Gov2019(t)) => {
            out += &table_text(
                t,
                "二、主动公开政府信息情况",
                src(TableKind::ActiveDisclosure),
            )
        }
        None => out += "二、主动公开政府信息情况: no table\n\n",
    }
    match &r.tables.requests {
        Some(Requests::Gov2021(t)) => {
            out += &table_text(
                t,
                "三、收到和处理政府信息公开申请情况",
                src(TableKind::Requests),
            )
        }
        Some(Requests::Gov2019(t)) => {
            out += &table_text(
                t,
                "三、收到和处理政府信息公开申请情况",
                src(TableKind::Requests),
            )
        }
        None => out += "三、收到和处理政府信息公开申请情况: no table\n\n",
    }
    match &r.tables.review_litigation {
        Some(t) => {
            out += &table_text::<schema::ReviewLitigation>(
                t,
                "四、政府信息公开行政复议、行政诉讼情况",
                src(TableKind::ReviewLitigation),
            )
        }
        None => out += "四、政府信息公开行政复议、行政诉讼情况: no table\n\n",
    }
    out
}

/// Line number (1-based), column (1-based, in characters) and the line's text around `pos`.
fn locate(text: &str, pos: usize) -> (usize, usize, &str, usize) {
    let pos = (0..=pos.min(text.len()))
        .rev()
        .find(|p| text.is_char_boundary(*p))
        .unwrap_or(0);
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
    let line_no = text[..pos].matches('\n').count() + 1;
    let col = text[line_start..pos].chars().count() + 1;
    (line_no, col, &text[line_start..line_end], pos - line_start)
}

/// A window of at most `max` characters of `line` around byte `at`, and the window's start.
fn window(line: &str, at: usize, max: usize) -> (&str, usize) {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let idx = chars
        .iter()
        .position(|(i, _)| *i >= at)
        .unwrap_or(chars.len());
    let from = idx.saturating_sub(max / 3);
    let to = (from + max).min(chars.len());
    let s = chars.get(from).map_or(line.len(), |c| c.0);
    let e = chars.get(to).map_or(line.len(), |c| c.0);
    (&line[s..e], s)
}

/// One diagnostic, compiler style, with the original text underlined when it is UTF-8.
pub fn diagnostic_text(file: &str, source: Option<&str>, d: &Diagnostic) -> String {
    let mut out = format!("{}[{}]: {}\n", d.severity, d.code, d.message);
    match (d.span, source) {
        (Some(span), Some(text)) if span.start <= text.len() => {
            let (line, col, line_text, at) = locate(text, span.start);
            let _ = writeln!(out, "  --> {file}:{line}:{col}");
            let (win, win_start) = window(line_text, at, 60);
            let rel = at.saturating_sub(win_start).min(win.len());
            let rel = (0..=rel)
                .rev()
                .find(|p| win.is_char_boundary(*p))
                .unwrap_or(0);
            let span_len = span.end.saturating_sub(span.start);
            let end = (rel + span_len).min(win.len());
            let end = (end..=win.len())
                .find(|p| win.is_char_boundary(*p))
                .unwrap_or(win.len());
            let gutter = " ".repeat(line.to_string().len());
            let _ = writeln!(out, "{gutter} |");
            let _ = writeln!(out, "{line} | {win}");
            let marks = "^".repeat(width(&win[rel..end]).max(1));
            let _ = writeln!(out, "{gutter} | {}{marks}", " ".repeat(width(&win[..rel])));
        }
        (Some(span), _) => {
            let _ = writeln!(out, "  --> {file}:bytes {}..{}", span.start, span.end);
        }
        (None, _) => {
            let _ = writeln!(out, "  --> {file}");
        }
    }
    out
}

struct Checked {
    report: Option<Report>,
    error: Option<(String, String)>,
    source: Option<String>,
}

fn check_one(input: &Input, opts: &xxgk::Options) -> Checked {
    let outcome = parse_one(input, opts);
    // The original text, to quote under diagnostics; only for a parsed (so size-checked) file.
    let source = match input {
        Input::File(p) if outcome.is_ok() => std::fs::read(p)
            .ok()
            .and_then(|b| String::from_utf8(b).ok()),
        _ => None,
    };
    match outcome {
        Ok(r) => Checked {
            report: Some(r),
            error: None,
            source,
        },
        Err(e) => Checked {
            report: None,
            error: Some(e),
            source: None,
        },
    }
}

/// `xxgk check`: diagnostics of each report; exit status 1 when any has an error.
pub fn cmd_check(a: CheckArgs) -> anyhow::Result<bool> {
    let inputs = inputs::expand(&a.inputs);
    let opts = crate::options(&a.common);
    let mut ok = true;
    let mut series: Vec<(String, Report)> = Vec::new();
    let mut out = std::io::stdout().lock();
    for_each_ordered(
        &inputs,
        &a.common,
        |i| check_one(i, &opts),
        |input, c| {
            use std::io::Write;
            let name = input.name();
            if let Some((code, msg)) = &c.error {
                ok = false;
                match a.format {
                    CheckFormat::Json => writeln!(
                        out,
                        "{}",
                        json!({"file": name, "error": {"code": code, "message": msg}})
                    )?,
                    CheckFormat::Text => writeln!(out, "error[{code}]: {msg}\n  --> {name}\n")?,
                }
                return Ok(());
            }
            let Some(r) = c.report else { return Ok(()) };
            if r.diagnostics.iter().any(|d| d.severity == Severity::Error) {
                ok = false;
            }
            match a.format {
                CheckFormat::Json => writeln!(
                    out,
                    "{}",
                    json!({"file": name, "diagnostics": serde_json::to_value(&r.diagnostics).unwrap_or_default()})
                )?,
                CheckFormat::Text => {
                    for d in &r.diagnostics {
                        writeln!(out, "{}", diagnostic_text(&name, c.source.as_deref(), d))?;
                    }
                    let n = |s: Severity| r.diagnostics.iter().filter(|d| d.severity == s).count();
                    writeln!(
                        out,
                        "{name}: {} errors, {} warnings, {} notes\n",
                        n(Severity::Error),
                        n(Severity::Warning),
                        n(Severity::Info)
                    )?;
                }
            }
            if a.across_years {
                series.push((name, r));
            }
            Ok(())
        },
    )?;
    if a.across_years {
        let mut out = std::io::stdout().lock();
        for (file, d) in across_years(&series) {
            use std::io::Write;
            match a.format {
                CheckFormat::Json => {
                    writeln!(out, "{}", json!({"file": file, "diagnostics": [d]}))?
                }
                CheckFormat::Text => writeln!(out, "{}", diagnostic_text(&file, None, &d))?,
            }
        }
    }
    Ok(ok)
}

fn requests_row(r: &Report, row: &str) -> Option<BTreeMap<&'static str, Option<xxgk::Number>>> {
    let t = r.tables.requests.as_ref()?;
    let m: BTreeMap<&'static str, Option<xxgk::Number>> = t
        .cells()
        .into_iter()
        .filter(|(rid, _, _)| *rid == row)
        .map(|(_, c, v)| (c, v))
        .collect();
    (!m.is_empty()).then_some(m)
}

/// Matches reports of one agency in consecutive years: carried_forward of year Y against
/// carried_over of Y+1 (per column), and years missing inside an agency's series.
pub fn across_years(reports: &[(String, Report)]) -> Vec<(String, Diagnostic)> {
    let mut by_agency: BTreeMap<&str, BTreeMap<i32, (&str, &Report)>> = BTreeMap::new();
    for (file, r) in reports {
        if let (Some(a), Some(y)) = (r.agency.as_deref(), r.year) {
            by_agency
                .entry(a)
                .or_default()
                .insert(y, (file.as_str(), r));
        }
    }
    let mut out = Vec::new();
    for (agency, years) in by_agency {
        let ys: Vec<i32> = years.keys().copied().collect();
        for w in ys.windows(2) {
            let (y0, y1) = (w[0], w[1]);
            let (Some((_, r0)), Some((f1, r1))) = (years.get(&y0), years.get(&y1)) else {
                continue;
            };
            if y1 != y0 + 1 {
                let d = Diagnostic::new(
                    Code::YearGap,
                    format!(
                        "{agency}: reports for {y0} and {y1} but none for {}",
                        y0 + 1
                    ),
                );
                out.push((f1.to_string(), d));
                continue;
            }
            let (Some(fwd), Some(over)) = (
                requests_row(r0, "carried_forward"),
                requests_row(r1, "carried_over"),
            ) else {
                continue;
            };
            for (col, v0) in &fwd {
                if let (Some(Some(a)), Some(Some(b))) = (Some(v0), over.get(col)) {
                    if a != b {
                        let d = Diagnostic::new(
                            Code::CarryMismatch,
                            format!("{agency}: {y0} carried_forward/{col} = {a} but {y1} carried_over/{col} = {b}"),
                        );
                        out.push((f1.to_string(), d));
                    }
                }
            }
        }
    }
    out
}

/// `xxgk stats`: counts by template and year, success rate, diagnostics by code, requests.
pub fn cmd_stats(a: StatsArgs) -> anyhow::Result<bool> {
    let inputs = inputs::expand(&a.inputs);
    let opts = crate::options(&a.common);
    let (mut parsed, mut failed) = (0usize, 0usize);
    let mut by_template: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_year: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_code: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut sections: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut outcome: BTreeMap<String, f64> = BTreeMap::new();
    let (mut new_received, mut processed, mut with_requests) = (0f64, 0f64, 0usize);
    for_each_ordered(
        &inputs,
        &a.common,
        |i| parse_one(i, &opts),
        |_, r| {
            let Ok(r) = r else {
                failed += 1;
                return Ok(());
            };
            parsed += 1;
            *by_template
                .entry(r.template.map_or("unknown".into(), |t| t.to_string()))
                .or_default() += 1;
            *by_year
                .entry(r.year.map_or("unknown".into(), |y| y.to_string()))
                .or_default() += 1;
            for d in &r.diagnostics {
                *by_code.entry(d.code.as_str()).or_default() += 1;
            }
            for s in &r.sections {
                *sections.entry(s.kind.as_str()).or_default() += 1;
            }
            if let Some(t) = &r.tables.requests {
                with_requests += 1;
                for (row, col, v) in t.cells() {
                    if col != "total" {
                        continue;
                    }
                    let v = v.map_or(0.0, |n| n.as_f64());
                    match row {
                        "new_received" => new_received += v,
                        "total_processed" => processed += v,
                        "carried_over" | "carried_forward" => {}
                        _ => {
                            let group = row.split('_').next().unwrap_or(row).to_string();
                            *outcome.entry(group).or_default() += v;
                        }
                    }
                }
            }
            Ok(())
        },
    )?;
    let total = parsed + failed;
    println!("reports      {total}");
    println!(
        "parsed       {parsed} ({:.1}%)",
        if total > 0 {
            100.0 * parsed as f64 / total as f64
        } else {
            0.0
        }
    );
    println!("failed       {failed}");
    println!("\nby template");
    for (k, v) in &by_template {
        println!("  {k:<12} {v}");
    }
    println!("\nby year");
    for (k, v) in &by_year {
        println!("  {k:<12} {v}");
    }
    println!("\nsections found");
    for k in SectionKind::ALL {
        println!(
            "  {:<18} {}",
            k.as_str(),
            sections.get(k.as_str()).copied().unwrap_or(0)
        );
    }
    println!("\ndiagnostics by code");
    for (k, v) in &by_code {
        println!("  {k:<24} {v}");
    }
    println!("\nrequests ({with_requests} reports with table 3)");
    println!("  new received (total)   {new_received}");
    println!("  processed (total)      {processed}");
    for (k, v) in &outcome {
        let share = if processed > 0.0 {
            100.0 * v / processed
        } else {
            0.0
        };
        println!("  {k:<22} {v} ({share:.1}% of processed)");
    }
    Ok(failed == 0)
}

fn table_schema<S: Schema>() -> Value {
    let mut rows = Map::new();
    for r in S::Row::all() {
        let mut cols = Map::new();
        for c in S::columns(*r) {
            let number = if S::is_money(*r, c) {
                json!({"type": ["number", "null"]})
            } else if S::may_be_negative(*r, c) {
                json!({"type": ["integer", "null"]})
            } else {
                json!({"type": ["integer", "null"], "minimum": 0})
            };
            let mut n = number;
            if let Some(o) = n.as_object_mut() {
                o.insert("description".into(), json!(c.label_zh()));
            }
            cols.insert(c.id().into(), n);
        }
        rows.insert(
            r.id().into(),
            json!({"type": "object", "description": r.label_zh(), "properties": cols, "additionalProperties": false}),
        );
    }
    json!({"type": "object", "properties": rows, "additionalProperties": false})
}

fn ids<T: Copy>(all: &[T], f: impl Fn(T) -> &'static str) -> Value {
    Value::Array(all.iter().map(|x| json!(f(*x))).collect())
}

/// The JSON Schema (draft 2020-12) of the report JSON, generated from the model's id types.
pub fn schema() -> String {
    let span = json!({"type": "integer", "minimum": 0});
    let s = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "xxgk report",
        "description": "A parsed government information-disclosure annual report (spec/model.md)",
        "type": "object",
        "required": ["template", "year", "agency", "title", "sections", "tables", "diagnostics"],
        "properties": {
            "file": {"type": "string", "description": "input name (batch output only)"},
            "template": {"enum": ids(Template::ALL, |t| t.as_str()).as_array().cloned().unwrap_or_default().into_iter().chain([Value::Null]).collect::<Vec<_>>()},
            "year": {"type": ["integer", "null"]},
            "agency": {"type": ["string", "null"]},
            "title": {"type": ["string", "null"]},
            "period": {"oneOf": [{"type": "null"}, {"type": "object", "required": ["start", "end"], "properties": {"start": {"type": "string", "format": "date"}, "end": {"type": "string", "format": "date"}}}]},
            "published": {"type": ["string", "null"], "format": "date"},
            "website": {"type": ["string", "null"]},
            "contact": {"oneOf": [{"type": "null"}, {"type": "object", "properties": {
                "address": {"type": "string"}, "postcode": {"type": "string"}, "phone": {"type": "string"},
                "fax": {"type": "string"}, "email": {"type": "string"}}, "additionalProperties": false}]},
            "sections": {"type": "array", "items": {"type": "object", "required": ["kind", "number", "heading", "start", "end"], "properties": {
                "kind": {"enum": ids(SectionKind::ALL, |k| k.as_str())},
                "number": {"type": ["integer", "null"], "minimum": 1, "maximum": 6},
                "heading": {"type": "string"},
                "start": span, "end": span}}},
            "tables": {"type": "object", "additionalProperties": false, "properties": {
                "active_disclosure": {"anyOf": [table_schema::<schema::ActiveDisclosure2021>(), table_schema::<schema::ActiveDisclosure2019>()]},
                "requests": {"anyOf": [table_schema::<schema::Requests2021>(), table_schema::<schema::Requests2019>()]},
                "review_litigation": table_schema::<schema::ReviewLitigation>()}},
            "sources": {"type": "object", "additionalProperties": false, "properties":
                TableKind::ALL.iter().map(|k| (k.as_str().to_string(), json!({"enum": ids(Source::ALL, |s| s.as_str())}))).collect::<Map<_, _>>()},
            "diagnostics": {"type": "array", "items": {"type": "object", "required": ["severity", "code", "message"], "properties": {
                "severity": {"enum": ids(Severity::ALL, |s| s.as_str())},
                "code": {"enum": ids(Code::ALL, |c| c.as_str())},
                "message": {"type": "string"},
                "start": span, "end": span}}}
        },
        // Tables 2 and 3 take the rows and columns of the report's template.
        "allOf": [
            {"if": {"required": ["template"], "properties": {"template": {"const": "gov2021"}}},
             "then": {"properties": {"tables": {"properties": {
                "active_disclosure": table_schema::<schema::ActiveDisclosure2021>(),
                "requests": table_schema::<schema::Requests2021>()}}}}},
            {"if": {"required": ["template"], "properties": {"template": {"const": "gov2019"}}},
             "then": {"properties": {"tables": {"properties": {
                "active_disclosure": table_schema::<schema::ActiveDisclosure2019>(),
                "requests": table_schema::<schema::Requests2019>()}}}}}
        ]
    });
    serde_json::to_string_pretty(&s).unwrap_or_default()
}
