//! Tables in `pdftotext -layout` text: each printed line stays a line, columns are separated by
//! runs of spaces, and multi-line label cells put their fragments on the lines above and below
//! the numbers.
//!
//! - **Table 2**: header lines (信息内容 + column labels) fix the block's columns; a data line is
//!   a row label followed by values. A row with fewer values than columns (blank cells print
//!   nothing) is placed by the character columns where the table's complete rows print each
//!   column; when a value is not clearly under one column the row is left out.
//! - **Table 3**: every row label starts with its number (`一、` `（一）` `1.`); those *anchors*
//!   are found on the label fragments, and each line of values belongs to the nearest anchor at
//!   or above it. Rows with seven values are read as printed; rows with fewer (blank cells) are
//!   placed by the consistency rules, stating only the cells every admissible placement agrees
//!   on (see [`crate::grid`]).
//! - **Table 4**: the values after the header words: fifteen in a line, or five per labelled row.
//!
//! ```
//! use xxgk_table::layout::read_layout;
//! use xxgk_model::TableKind;
//! let text = "第二十条第（一）项\n信息内容      本年制发件数 本年废止件数 现行有效件数\n\
//!             规章        4        1       0\n行政规范性文件 37         8       322\n";
//! let read = read_layout(text, 0, TableKind::ActiveDisclosure);
//! assert_eq!(read.active.map(|a| a.len()), Some(6));
//! ```

use crate::cell::{parse_cell, CellValue};
use crate::grid::{resolve_requests, resolve_review, PlacedRow, Val};
use crate::labels::{self, ActiveColMatch};
use crate::{ActiveCells, Cells, Read, RequestsCells, ReviewCells, TablesRead};
use xxgk_model::schema::{
    ActiveDisclosure2019, ActiveDisclosure2021, Requests2021Row, ReviewRow, Schema,
};
use xxgk_model::{Code, Diagnostic, Span, TableKind};

/// At most this many lines are read from one region.
pub const MAX_LINES: usize = 5_000;
/// At most this many tokens per line are considered.
pub const MAX_TOKENS: usize = 200;

/// One whitespace-separated token of a line.
#[derive(Debug, Clone)]
struct Token<'a> {
    text: &'a str,
    /// Character column where the token starts.
    col: usize,
    value: Option<Val>,
    /// Split off a label it was glued to.
    glued: bool,
}

/// One line: its label text (tokens before the trailing values) and trailing values.
struct Line<'a> {
    tokens: Vec<Token<'a>>,
    /// Index of the first trailing value token (== tokens.len() when none).
    values_from: usize,
    span: Span,
}

impl<'a> Line<'a> {
    fn label(&self) -> String {
        self.tokens
            .iter()
            .take(self.values_from)
            .map(|t| t.text)
            .collect::<Vec<_>>()
            .join(" ")
    }
    fn values(&self) -> impl Iterator<Item = &Token<'a>> {
        self.tokens.iter().skip(self.values_from)
    }
    fn n_values(&self) -> usize {
        self.tokens.len() - self.values_from
    }
}

fn push_token<'a>(
    tokens: &mut Vec<Token<'a>>,
    body: &'a str,
    lbase: usize,
    (s, e, c): (usize, usize, usize),
    diags: &mut Vec<Diagnostic>,
) {
    let Some(t) = body.get(s..e) else { return };
    // A label glued to its first value (`其他对外管理服务事项87`): split off the digits.
    if matches!(parse_cell(t), CellValue::Unreadable) {
        let digits = t.len() - t.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let head = t.get(..t.len() - digits).unwrap_or("");
        if digits > 0 && head.chars().last().is_some_and(|c| !c.is_ascii()) {
            let cut = s + head.len();
            push_token(tokens, body, lbase, (s, cut, c), diags);
            let before = tokens.len();
            push_token(
                tokens,
                body,
                lbase,
                (cut, e, c + head.chars().count()),
                diags,
            );
            if let Some(tok) = tokens.get_mut(before) {
                tok.glued = true;
            }
            return;
        }
    }
    let span = Span::new(lbase + s, lbase + e);
    let value = match parse_cell(t) {
        CellValue::Number { value, converted } => {
            if converted {
                diags.push(
                    Diagnostic::new(
                        Code::UnitConverted,
                        format!("{t:?} converted to {value} 万元"),
                    )
                    .with_span(span),
                );
            }
            Some(Val {
                value: Some(value),
                span,
            })
        }
        CellValue::Blank => Some(Val { value: None, span }),
        CellValue::Unreadable => None,
    };
    tokens.push(Token {
        text: t,
        col: c,
        value,
        glued: false,
    });
}

fn tokenize(text: &str, base: usize) -> (Vec<Line<'_>>, Vec<Diagnostic>) {
    let mut lines = Vec::new();
    let mut diags = Vec::new();
    let mut off = 0;
    for raw in text.split_inclusive('\n').take(MAX_LINES) {
        let start = off;
        off += raw.len();
        let body = raw.trim_end_matches(['\n', '\r']);
        let mut tokens = Vec::new();
        let mut tok_start: Option<(usize, usize)> = None; // (byte, col)
        let lbase = base + start;
        for (col, (i, ch)) in body.char_indices().enumerate() {
            if ch.is_whitespace() {
                if let Some((s, c)) = tok_start.take() {
                    if tokens.len() < MAX_TOKENS {
                        push_token(&mut tokens, body, lbase, (s, i, c), &mut diags);
                    }
                }
            } else if tok_start.is_none() {
                tok_start = Some((i, col));
            }
        }
        if let Some((s, c)) = tok_start.take() {
            if tokens.len() < MAX_TOKENS {
                push_token(&mut tokens, body, lbase, (s, body.len(), c), &mut diags);
            }
        }
        let mut values_from = tokens.len();
        while values_from > 0
            && tokens
                .get(values_from - 1)
                .is_some_and(|t| t.value.is_some())
        {
            values_from -= 1;
        }
        lines.push(Line {
            tokens,
            values_from,
            span: Span::new(base + start, base + start + body.len()),
        });
    }
    (lines, diags)
}

/// True when `text` looks like `pdftotext -layout` output: two lines carry three or more values
/// separated by runs of two or more spaces, or one line five or more.
pub fn looks_like_layout(text: &str) -> bool {
    let mut rows = 0;
    for l in text.lines().take(MAX_LINES) {
        let wide_gaps = l.trim().matches("  ").count();
        let values = l
            .split_whitespace()
            .take(MAX_TOKENS)
            .filter(|t| !matches!(parse_cell(t), CellValue::Unreadable))
            .count();
        if values >= 5 && wide_gaps >= 4 {
            return true;
        }
        if values >= 3 && wide_gaps >= 2 {
            rows += 1;
            if rows >= 2 {
                return true;
            }
        }
    }
    false
}

/// Reads table `kind` from layout text; `base` is the offset of `text` in the normalized
/// document (spans in the result are document offsets).
pub fn read_layout(text: &str, base: usize, kind: TableKind) -> TablesRead {
    let (lines, diags) = tokenize(text, base);
    let mut out = TablesRead {
        diagnostics: diags,
        ..TablesRead::default()
    };
    match kind {
        TableKind::ActiveDisclosure => active(&lines, &mut out),
        TableKind::Requests => requests(&lines, &mut out),
        TableKind::ReviewLitigation => review(&lines, &mut out),
    }
    out
}

// ---------------------------------------------------------------------------------- table 2

struct ActiveRowRead {
    m: labels::ActiveRowMatch,
    cols: Vec<ActiveColMatch>,
    vals: Vec<(usize, Val)>,
    glued: bool,
    span: Span,
}

fn active(lines: &[Line<'_>], out: &mut TablesRead) {
    let mut cols: Vec<ActiveColMatch> = Vec::new();
    let mut rows: Vec<ActiveRowRead> = Vec::new();
    for line in lines {
        let header: Vec<ActiveColMatch> = line
            .tokens
            .iter()
            .filter_map(|t| labels::match_active_col(t.text))
            .collect();
        if !header.is_empty() {
            for t in &line.tokens {
                out.votes.add(t.text);
            }
            cols = header;
            continue;
        }
        if line.n_values() == 0 || cols.is_empty() {
            continue;
        }
        let label = line.label();
        let Some(m) = labels::match_active_row(&label) else {
            continue;
        };
        out.votes.add(&label);
        rows.push(ActiveRowRead {
            m,
            cols: cols.clone(),
            vals: line
                .values()
                .filter_map(|t| t.value.map(|v| (t.col, v)))
                .collect(),
            glued: line.values().any(|t| t.glued),
            span: line.span,
        });
    }
    // Reference character column of each column index, from complete rows.
    let mut refs: Vec<Vec<usize>> = vec![Vec::new(); 4];
    for r in &rows {
        if r.vals.len() == r.cols.len() {
            for (i, (c, _)) in r.vals.iter().enumerate().skip(1) {
                if let Some(slot) = refs.get_mut(i) {
                    slot.push(*c);
                }
            }
        }
    }
    let reference = |i: usize| -> Option<usize> {
        let v = refs.get(i)?;
        let min = *v.iter().min()?;
        let max = *v.iter().max()?;
        // Columns must print at one place to be a reference.
        (max - min <= 2).then_some((min + max) / 2)
    };
    let mut a21: Cells<_, _> = Cells::default();
    let mut a19: Cells<_, _> = Cells::default();
    for r in rows {
        let n = r.cols.len();
        let placed: Option<Vec<(usize, Val)>> = if r.vals.len() == n {
            Some(
                r.vals
                    .iter()
                    .enumerate()
                    .map(|(i, (_, v))| (i, *v))
                    .collect(),
            )
        } else if r.vals.len() < n && !r.glued {
            place_by_columns(&r.vals, n, &reference)
        } else {
            None
        };
        let Some(placed) = placed else {
            out.diagnostics.push(
                Diagnostic::new(
                    Code::CellAmbiguous,
                    format!(
                        "{} values for {n} columns could not be placed: the row is left out",
                        r.vals.len()
                    ),
                )
                .with_span(r.span),
            );
            continue;
        };
        let mut filled = vec![false; n];
        for (i, v) in &placed {
            if let Some(f) = filled.get_mut(*i) {
                *f = true;
            }
            set_active(&mut a21, &mut a19, &r, *i, *v);
        }
        // Columns the row left empty are printed blanks.
        for (i, f) in filled.iter().enumerate() {
            if !f {
                set_active(
                    &mut a21,
                    &mut a19,
                    &r,
                    i,
                    Val {
                        value: None,
                        span: r.span,
                    },
                );
            }
        }
    }
    if !a21.is_empty() && !a19.is_empty() {
        out.diagnostics.push(Diagnostic::new(
            Code::TemplateMixed,
            "table 2 has column labels of both templates; the layout with more cells is kept",
        ));
    }
    if !a21.is_empty() || !a19.is_empty() {
        out.active = Some(if a21.len() >= a19.len() {
            ActiveCells::Gov2021(a21)
        } else {
            ActiveCells::Gov2019(a19)
        });
    }
}

fn set_active(
    a21: &mut Cells<
        xxgk_model::schema::ActiveDisclosure2021Row,
        xxgk_model::schema::ActiveDisclosure2021Col,
    >,
    a19: &mut Cells<
        xxgk_model::schema::ActiveDisclosure2019Row,
        xxgk_model::schema::ActiveDisclosure2019Col,
    >,
    r: &ActiveRowRead,
    i: usize,
    v: Val,
) {
    let read = Read {
        value: v.value,
        span: v.span,
    };
    match r.cols.get(i) {
        Some(ActiveColMatch::Gov2021(c)) => {
            if let Some(row) = r.m.gov2021 {
                if ActiveDisclosure2021::has_cell(row, *c) {
                    a21.set(row, *c, read);
                }
            }
        }
        Some(ActiveColMatch::Gov2019(c)) => {
            if let Some(row) = r.m.gov2019 {
                if ActiveDisclosure2019::has_cell(row, *c) {
                    a19.set(row, *c, read);
                }
            }
        }
        None => {}
    }
}

/// Places values under columns by character column: each value within 2 characters of
/// exactly one column's reference position; the first column takes values left of the second
/// column's reference. Values must land in increasing columns.
fn place_by_columns(
    vals: &[(usize, Val)],
    n: usize,
    reference: &dyn Fn(usize) -> Option<usize>,
) -> Option<Vec<(usize, Val)>> {
    let mut out = Vec::new();
    let mut last: Option<usize> = None;
    for (c, v) in vals {
        let mut hits = (1..n).filter(|i| reference(*i).is_some_and(|r| c.abs_diff(r) <= 2));
        let idx = match (hits.next(), hits.next()) {
            (Some(i), None) => i,
            (None, None) => {
                let second = reference(1)?;
                if *c + 3 <= second {
                    0
                } else {
                    return None;
                }
            }
            _ => return None,
        };
        if last.is_some_and(|l| l >= idx) {
            return None;
        }
        last = Some(idx);
        out.push((idx, *v));
    }
    Some(out)
}

// ---------------------------------------------------------------------------------- table 3

fn requests(lines: &[Line<'_>], out: &mut TablesRead) {
    // Anchors: (line index, row), in template order.
    let mut anchors: Vec<(usize, Requests2021Row)> = Vec::new();
    for (li, line) in lines.iter().enumerate() {
        let label = line.label();
        if label.is_empty() {
            continue;
        }
        for piece in labels::parse_label(&label) {
            if piece.numbering.is_none() {
                continue;
            }
            let Some(m) = labels::match_requests_piece(&piece, None) else {
                continue;
            };
            if m.template.is_some() {
                out.votes.add(m.row.label());
            }
            anchors.push((li, m.row));
        }
    }
    if anchors.is_empty() {
        return;
    }
    // The single （六）其他处理 is a group cell when its sub-rows follow.
    let three = anchors.iter().any(|(_, r)| is_other_sub(*r));
    if three {
        anchors.retain(|(_, r)| *r != Requests2021Row::OtherHandling);
    }
    // Anchors must follow the template order; a row seen twice or out of order makes the
    // line-to-row assignment unreliable.
    let order = labels::requests_rows(three);
    let pos = |r: Requests2021Row| order.iter().position(|x| *x == r);
    let mut last: Option<usize> = None;
    for (li, r) in &anchors {
        let Some(p) = pos(*r) else { continue };
        if last.is_some_and(|l| l >= p) {
            out.diagnostics.push(
                Diagnostic::new(
                    Code::StreamUnresolved,
                    format!(
                        "table 3 row label {} out of order: table left out",
                        r.as_str()
                    ),
                )
                .with_span(lines.get(*li).map_or(Span::default(), |l| l.span)),
            );
            return;
        }
        last = Some(p);
    }
    // Each line of values belongs to the nearest anchor at or above it.
    let mut rows: Vec<PlacedRow<Requests2021Row>> = anchors
        .iter()
        .map(|(li, r)| PlacedRow {
            row: *r,
            values: Vec::new(),
            span: lines.get(*li).map_or(Span::default(), |l| l.span),
        })
        .collect();
    let mut taken = vec![false; rows.len()];
    let last_anchor_line = anchors.last().map_or(0, |(li, _)| *li);
    for (li, line) in lines.iter().enumerate() {
        if line.n_values() == 0 {
            continue;
        }
        let Some(ai) = anchors.iter().rposition(|(al, _)| *al <= li) else {
            continue; // values before the table (prose)
        };
        // Values far below the last row are not the table's.
        if ai + 1 == anchors.len() && li > last_anchor_line + 3 {
            continue;
        }
        let (Some(row), Some(t)) = (rows.get_mut(ai), taken.get_mut(ai)) else {
            continue;
        };
        if *t {
            out.diagnostics.push(
                Diagnostic::new(
                    Code::StreamUnresolved,
                    format!(
                        "two lines of values for row {}: table left out",
                        row.row.as_str()
                    ),
                )
                .with_span(line.span),
            );
            return;
        }
        *t = true;
        row.values = line.values().filter_map(|t| t.value).collect();
        let glued = line.values().any(|t| t.glued);
        if row.values.len() > 7 || (glued && row.values.len() != 7) {
            out.diagnostics.push(
                Diagnostic::new(
                    Code::CellAmbiguous,
                    format!(
                        "{} values on the line of row {}",
                        row.values.len(),
                        row.row.as_str()
                    ),
                )
                .with_span(line.span),
            );
            row.values.clear();
            *t = false;
        }
    }
    // Rows with no line of values print seven blanks; the rules place the rest.
    let mut cells = RequestsCells::default();
    resolve_requests(rows, &mut cells, &mut out.diagnostics);
    if !cells.is_empty() {
        out.requests = Some(cells);
    }
}

fn is_other_sub(row: Requests2021Row) -> bool {
    matches!(
        row,
        Requests2021Row::OtherNoCorrection
            | Requests2021Row::OtherUnpaidFee
            | Requests2021Row::OtherOther
    )
}

// ---------------------------------------------------------------------------------- table 4

fn review(lines: &[Line<'_>], out: &mut TablesRead) {
    let Some(header) = lines.iter().position(|l| {
        l.tokens
            .iter()
            .any(|t| labels::match_review_col(t.text).is_some() || t.text.contains("结果"))
    }) else {
        return;
    };
    let mut found: Vec<(Option<ReviewRow>, Vec<Val>, Span)> = Vec::new();
    for line in lines.iter().skip(header) {
        if line.n_values() == 0 {
            continue;
        }
        let label = line.label();
        let row = labels::match_review_row(&label);
        if !label.is_empty() && row.is_none() && !labels::is_header_word(&label) {
            continue;
        }
        found.push((
            row,
            line.values().filter_map(|t| t.value).collect(),
            line.span,
        ));
    }
    if found.is_empty() {
        return;
    }
    let mut cells = ReviewCells::default();
    resolve_review(found, &mut cells, &mut out.diagnostics);
    if !cells.is_empty() {
        out.review = Some(cells);
    }
}
