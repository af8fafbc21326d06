//! CSV output: tidy cells (one row per table cell) and one row per report.

use xxgk::model::schema::{self, Id, Schema};
use xxgk::model::{ActiveDisclosure, Requests, Table};
use xxgk::{Report, Severity, TableKind};

/// Quotes a CSV field when needed (RFC 4180).
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn line(fields: &[String]) -> String {
    let mut s = fields
        .iter()
        .map(|f| field(f))
        .collect::<Vec<_>>()
        .join(",");
    s.push('\n');
    s
}

/// Header of the cells CSV.
pub const CELLS_HEADER: &str = "file,agency,year,template,table,row,column,value,source\n";

/// Header of the reports CSV.
pub const REPORTS_HEADER: &str = "file,template,year,agency,title,published,sections,tables,cells,errors,warnings,infos,diagnostic_codes\n";

fn push_table<S: Schema>(t: &Table<S>, zh: bool, out: &mut Vec<(String, String, String)>) {
    for (r, c, v) in t.cells() {
        let (row, col) = if zh {
            (r.label_zh(), c.label_zh())
        } else {
            (r.id(), c.id())
        };
        out.push((
            row.to_string(),
            col.to_string(),
            v.map(|n| n.to_string()).unwrap_or_default(),
        ));
    }
}

/// All cells of a report as `(table, row, column, value)`; labels in Chinese when `zh`.
pub fn cells(report: &Report, zh: bool) -> Vec<(TableKind, String, String, String)> {
    let mut out = Vec::new();
    let mut add = |kind: TableKind, v: Vec<(String, String, String)>| {
        out.extend(v.into_iter().map(|(r, c, x)| (kind, r, c, x)));
    };
    if let Some(t) = &report.tables.active_disclosure {
        let mut v = Vec::new();
        match t {
            ActiveDisclosure::Gov2021(t) => push_table(t, zh, &mut v),
            ActiveDisclosure::Gov2019(t) => push_table(t, zh, &mut v),
        }
        add(TableKind::ActiveDisclosure, v);
    }
    if let Some(t) = &report.tables.requests {
        let mut v = Vec::new();
        match t {
            Requests::Gov2021(t) => push_table(t, zh, &mut v),
            Requests::Gov2019(t) => push_table(t, zh, &mut v),
        }
        add(TableKind::Requests, v);
    }
    if let Some(t) = &report.tables.review_litigation {
        let mut v = Vec::new();
        push_table::<schema::ReviewLitigation>(t, zh, &mut v);
        add(TableKind::ReviewLitigation, v);
    }
    out
}

/// The cells CSV rows of one report.
pub fn cell_rows(file: &str, report: &Report, zh: bool) -> String {
    let mut s = String::new();
    let agency = report.agency.clone().unwrap_or_default();
    let year = report.year.map(|y| y.to_string()).unwrap_or_default();
    let template = report
        .template
        .map(|t| t.as_str().to_string())
        .unwrap_or_default();
    for (kind, row, col, value) in cells(report, zh) {
        let source = report
            .sources
            .get(&kind)
            .map(|s| s.as_str())
            .unwrap_or_default();
        let table = if zh { kind.label() } else { kind.as_str() };
        s.push_str(&line(&[
            file.to_string(),
            agency.clone(),
            year.clone(),
            template.clone(),
            table.to_string(),
            row,
            col,
            value,
            source.to_string(),
        ]));
    }
    s
}

/// The reports CSV row of one report.
pub fn report_row(file: &str, report: &Report) -> String {
    let count = |sev: Severity| {
        report
            .diagnostics
            .iter()
            .filter(|d| d.severity == sev)
            .count()
    };
    let mut codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    let tables: Vec<&str> =
        cells(report, false)
            .iter()
            .map(|c| c.0.as_str())
            .fold(Vec::new(), |mut v, k| {
                if !v.contains(&k) {
                    v.push(k);
                }
                v
            });
    line(&[
        file.to_string(),
        report
            .template
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        report.year.map(|y| y.to_string()).unwrap_or_default(),
        report.agency.clone().unwrap_or_default(),
        report.title.clone().unwrap_or_default(),
        report.published.map(|d| d.to_string()).unwrap_or_default(),
        report
            .sections
            .iter()
            .map(|s| s.kind.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        tables.join(" "),
        report.tables.cells().len().to_string(),
        count(Severity::Error).to_string(),
        count(Severity::Warning).to_string(),
        count(Severity::Info).to_string(),
        codes.join(" "),
    ])
}

/// An error record in the reports CSV.
pub fn error_row(file: &str, code: &str, message: &str) -> String {
    line(&[
        file.to_string(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        "0".into(),
        "1".into(),
        "0".into(),
        "0".into(),
        format!("{code}: {message}"),
    ])
}
