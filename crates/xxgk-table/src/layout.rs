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
//!   on (see [`crate::grid`]). The header's columns may place short rows first, but that
//!   reading stands only when the rules then determine every cell of the table and hold
//!   (`pdftotext -layout` can print a row a whole column off its header).
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
use crate::grid::{self, resolve_requests, resolve_review, PlacedRow, Val};
use crate::labels::{self, ActiveColMatch};
use crate::validate::{self, Blanks};
use crate::{ActiveCells, Cells, Read, RequestsCells, ReviewCells, TablesRead};
use xxgk_model::schema::{
    ActiveDisclosure2019, ActiveDisclosure2021, Requests2021Row, RequestsCol, ReviewRow, Schema,
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
    /// Where the token sits, in both measures of a column (see [`Pos`]).
    pos: Pos,
    value: Option<Val>,
    /// Split off a label it was glued to.
    glued: bool,
}

/// Where a token sits on its line, as a half-open interval of columns in two measures:
/// characters (`pdftotext -layout` gives every character, CJK or not, one column of its grid)
/// and display columns (CJK characters two wide, as text laid out for a screen has it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Pos {
    chars: (usize, usize),
    display: (usize, usize),
}

/// The two measures of a column position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Measure {
    Chars,
    Display,
}

impl Pos {
    fn get(&self, m: Measure) -> (usize, usize) {
        match m {
            Measure::Chars => self.chars,
            Measure::Display => self.display,
        }
    }
}

/// Display width of a character: CJK and other wide characters 2, the rest 1.
fn char_width(c: char) -> usize {
    if (c as u32) < 0x1100 {
        1
    } else {
        2
    }
}

/// One line: its label text (tokens before the trailing values) and trailing values.
struct Line<'t, 'a> {
    tokens: &'t [Token<'a>],
    /// Index of the first trailing value token (== tokens.len() when none).
    values_from: usize,
    span: Span,
    /// Page number: how many form feeds came before or on this line (columns are comparable
    /// only within one page of `pdftotext` output).
    page: usize,
}

impl<'a> Line<'_, 'a> {
    /// The label tokens joined by single spaces.
    fn label(&self) -> String {
        let tokens = self.tokens.get(..self.values_from).unwrap_or(&[]);
        let len = tokens.iter().map(|t| t.text.len() + 1).sum::<usize>();
        let mut out = String::with_capacity(len);
        for (i, t) in tokens.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(t.text);
        }
        out
    }
    fn values(&self) -> impl Iterator<Item = &Token<'a>> {
        self.tokens.iter().skip(self.values_from)
    }
    /// The values' cells, in order (in a vector sized once).
    fn value_cells(&self) -> Vec<Val> {
        let mut out = Vec::with_capacity(self.n_values());
        out.extend(self.values().filter_map(|t| t.value));
        out
    }
    /// The positions of the values with a cell, in order (in a vector sized once).
    fn value_positions(&self) -> Vec<Pos> {
        let mut out = Vec::with_capacity(self.n_values());
        out.extend(self.values().filter(|t| t.value.is_some()).map(|t| t.pos));
        out
    }
    fn n_values(&self) -> usize {
        self.tokens.len() - self.values_from
    }
}

/// Where a token starts and ends: bytes of its line (`s..e`), its [`Token::col`] and its
/// [`Pos`].
#[derive(Clone, Copy)]
struct TokAt {
    s: usize,
    e: usize,
    col: usize,
    pos: Pos,
}

fn push_token<'a>(
    tokens: &mut Vec<Token<'a>>,
    body: &'a str,
    lbase: usize,
    at: TokAt,
    diags: &mut Vec<Diagnostic>,
) {
    let TokAt { s, e, col: c, pos } = at;
    let Some(t) = body.get(s..e) else { return };
    // A token starts with a character that is no white space and ends before one, except a
    // form feed it may end with: otherwise it is its own trimmed text.
    let parsed = if t.ends_with('\u{c}') {
        parse_cell(t)
    } else {
        crate::cell::parse_trimmed(t)
    };
    // A label glued to its first value (`其他对外管理服务事项87`): split off the digits.
    if matches!(parsed, CellValue::Unreadable) {
        let digits = t.len() - t.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let head = t.get(..t.len() - digits).unwrap_or("");
        if digits > 0 && head.chars().last().is_some_and(|c| !c.is_ascii()) {
            let cut = s + head.len();
            // The cut's position: the head's characters (form feeds take no column).
            let (hc, hd) = head
                .chars()
                .filter(|c| *c != '\u{c}')
                .fold((0, 0), |(n, w), c| (n + 1, w + char_width(c)));
            let mid = (pos.chars.0 + hc, pos.display.0 + hd);
            push_token(
                tokens,
                body,
                lbase,
                TokAt {
                    s,
                    e: cut,
                    col: c,
                    pos: Pos {
                        chars: (pos.chars.0, mid.0),
                        display: (pos.display.0, mid.1),
                    },
                },
                diags,
            );
            let before = tokens.len();
            push_token(
                tokens,
                body,
                lbase,
                TokAt {
                    s: cut,
                    e,
                    col: c + head.chars().count(),
                    pos: Pos {
                        chars: (mid.0, pos.chars.1),
                        display: (mid.1, pos.display.1),
                    },
                },
                diags,
            );
            if let Some(tok) = tokens.get_mut(before) {
                tok.glued = true;
            }
            return;
        }
    }
    let span = Span::new(lbase + s, lbase + e);
    let value = match parsed {
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
        pos,
        value,
        glued: false,
    });
}

/// The tokens of every line, in one vector, and where each line's tokens are in it.
struct Tokens<'a> {
    tokens: Vec<Token<'a>>,
    lines: Vec<LineAt>,
    diags: Vec<Diagnostic>,
}

/// One line of [`Tokens`]: its tokens' range and the other fields of [`Line`].
struct LineAt {
    tokens: std::ops::Range<usize>,
    values_from: usize,
    span: Span,
    page: usize,
}

impl<'a> Tokens<'a> {
    fn lines(&self) -> Vec<Line<'_, 'a>> {
        self.lines
            .iter()
            .map(|l| Line {
                tokens: self.tokens.get(l.tokens.clone()).unwrap_or(&[]),
                values_from: l.values_from,
                span: l.span,
                page: l.page,
            })
            .collect()
    }
}

#[inline(never)]
fn tokenize(text: &str, base: usize) -> Tokens<'_> {
    let mut lines = Vec::new();
    let mut diags = Vec::new();
    let mut all: Vec<Token<'_>> = Vec::with_capacity(text.len() / 8);
    let mut off = 0;
    let mut page = 0;
    for raw in text.split_inclusive('\n').take(MAX_LINES) {
        let start = off;
        off += raw.len();
        let body = raw.trim_end_matches(['\n', '\r']);
        let lbase = base + start;
        let first = all.len();
        let mut line = LineTokens {
            all: &mut all,
            first,
            body,
            lbase,
        };
        // The token being read: its first byte and its position there.
        let mut tok_start: Option<(usize, usize, usize)> = None; // (byte, column, display)
                                                                 // Position of the current character: characters and display columns before it (a form
                                                                 // feed starts the page; it takes no column and does not end a token).
        let (mut col, mut disp) = (0usize, 0usize);
        let bytes = body.as_bytes();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if b == b' ' {
                // A run of spaces (most of a layout line): one column each.
                line.end_token(tok_start.take(), (i, col, disp), &mut diags);
                let run = bytes
                    .get(i..)
                    .map_or(0, |r| r.iter().take_while(|&&c| c == b' ').count());
                i += run;
                col += run;
                disp += run;
                continue;
            }
            // A CJK ideograph U+4000..U+9FFF (lead byte E4..E9): three bytes, one character
            // two display columns wide, never white space.
            if (0xE4..=0xE9).contains(&b) {
                if tok_start.is_none() {
                    tok_start = Some((i, col, disp));
                }
                i += 3;
                col += 1;
                disp += 2;
                continue;
            }
            // ASCII bytes are characters of their own.
            let (ch, len) = if b.is_ascii() {
                (char::from(b), 1)
            } else {
                match body.get(i..).and_then(|r| r.chars().next()) {
                    Some(c) => (c, c.len_utf8()),
                    None => break,
                }
            };
            let here = i;
            i += len;
            if ch == '\u{c}' {
                page += 1;
                continue;
            }
            if ch.is_whitespace() {
                line.end_token(tok_start.take(), (here, col, disp), &mut diags);
            } else if tok_start.is_none() {
                tok_start = Some((here, col, disp));
            }
            col += 1;
            disp += char_width(ch);
        }
        line.end_token(tok_start.take(), (body.len(), col, disp), &mut diags);
        let tokens = all.get(first..).unwrap_or(&[]);
        let mut values_from = tokens.len();
        while values_from > 0
            && tokens
                .get(values_from - 1)
                .is_some_and(|t| t.value.is_some())
        {
            values_from -= 1;
        }
        lines.push(LineAt {
            tokens: first..all.len(),
            values_from,
            span: Span::new(base + start, base + start + body.len()),
            page,
        });
    }
    Tokens {
        tokens: all,
        lines,
        diags,
    }
}

/// The tokens of one line being read: pushed to `all` from index `first` on.
struct LineTokens<'v, 'a> {
    all: &'v mut Vec<Token<'a>>,
    first: usize,
    body: &'a str,
    lbase: usize,
}

impl LineTokens<'_, '_> {
    /// Ends the token started at `from` (byte, column, display column) at `to` (the same);
    /// past [`MAX_TOKENS`] tokens on the line it is dropped.
    fn end_token(
        &mut self,
        from: Option<(usize, usize, usize)>,
        to: (usize, usize, usize),
        diags: &mut Vec<Diagnostic>,
    ) {
        let Some((s, c, d)) = from else { return };
        if self.all.len() - self.first < MAX_TOKENS {
            let pos = Pos {
                chars: (c, to.1),
                display: (d, to.2),
            };
            let at = TokAt {
                s,
                e: to.0,
                col: c,
                pos,
            };
            push_token(self.all, self.body, self.lbase, at, diags);
        }
    }
}

/// True when `text` looks like `pdftotext -layout` output: two lines carry three or more values
/// separated by runs of two or more spaces, or one line five or more; or a line of values set
/// apart by runs of spaces comes with header lines whose words are set apart the same way (two
/// such lines; or a line of nothing but values with a line of words only, set apart by three
/// runs: a sparse row under a header of four or more columns).
pub fn looks_like_layout(text: &str) -> bool {
    // Every test of `lines_look_like_layout` needs two spaces in a row inside a line (a pair
    // counts in `wide_gaps`, and a run counts from three): text without any, as flattened PDF
    // text is, is not layout text, found with one vectorized search instead of reading each
    // line (a property checks it).
    has_two_spaces(text) && lines_look_like_layout(text)
}

/// [`looks_like_layout`], line by line.
fn lines_look_like_layout(text: &str) -> bool {
    let mut rows = 0;
    // Lines with a value after a run of three or more spaces, and lines with two such runs
    // between words (a header or a row of a sparse table).
    let (mut spaced_values, mut wide_lines) = (0, 0);
    // A line of values only with a run of spaces, and a line of words only with three runs.
    let (mut value_row, mut word_header) = (false, false);
    for l in text.lines().take(MAX_LINES) {
        let Gaps {
            runs,
            value_after_run,
            wide_gaps,
        } = gaps(l);
        if runs >= 2 {
            wide_lines += 1;
        }
        if value_after_run {
            spaced_values += 1;
        }
        if spaced_values >= 2 || (spaced_values >= 1 && wide_lines >= 2) {
            return true;
        }
        if (value_after_run && !value_row) || (runs >= 3 && !word_header) {
            let mut numbers = 0;
            let mut words = 0;
            for t in l.split_whitespace().take(MAX_TOKENS) {
                if matches!(parse_cell(t), CellValue::Number { .. }) {
                    numbers += 1;
                } else {
                    words += 1;
                }
            }
            value_row |= value_after_run && words == 0;
            word_header |= runs >= 3 && numbers == 0;
            if value_row && word_header {
                return true;
            }
        }
        if wide_gaps < 2 {
            // Both tests below need two wide gaps: no need to read the values.
            continue;
        }
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

/// True when `text` holds two spaces in a row.
fn has_two_spaces(text: &str) -> bool {
    text.contains("  ")
}

/// The runs of spaces of a line (trimmed), as [`looks_like_layout`] weighs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Gaps {
    /// Runs of three or more spaces between words (counted up to [`MAX_TOKENS`]).
    runs: usize,
    /// Whether a value follows one of those runs (among the first [`MAX_TOKENS`]).
    value_after_run: bool,
    /// Pairs of spaces (`"  "`, counted without overlap as [`str::matches`] does).
    wide_gaps: usize,
}

/// The [`Gaps`] of `line`, in one pass over its bytes (a space is one byte, and a run of
/// spaces ends at a character boundary).
fn gaps(line: &str) -> Gaps {
    let body = line.trim();
    let mut g = Gaps {
        runs: 0,
        value_after_run: false,
        wide_gaps: 0,
    };
    let mut spaces = 0usize;
    for (i, &b) in body.as_bytes().iter().enumerate() {
        if b == b' ' {
            spaces += 1;
            continue;
        }
        if spaces == 0 {
            continue;
        }
        g.wide_gaps += spaces / 2;
        if spaces >= 3 && g.runs < MAX_TOKENS {
            g.runs += 1;
            if let Some(t) = body.get(i..).and_then(|r| r.split_whitespace().next()) {
                if matches!(parse_cell(t), CellValue::Number { .. }) {
                    g.value_after_run = true;
                }
            }
        }
        spaces = 0;
    }
    // The trimmed line ends with a character that is no space: every run was counted.
    g
}

/// Reads table `kind` from layout text; `base` is the offset of `text` in the normalized
/// document (spans in the result are document offsets).
pub fn read_layout(text: &str, base: usize, kind: TableKind) -> TablesRead {
    let mut toks = tokenize(text, base);
    let diags = std::mem::take(&mut toks.diags);
    let lines = toks.lines();
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
    /// The block header's columns (one interval per column, both measures) and page.
    head: Vec<Pos>,
    head_page: usize,
    /// Positions of the values and the row's page.
    pos: Vec<Pos>,
    page: usize,
}

/// True when the line holds only values (no label).
fn value_only(line: &Line<'_, '_>) -> bool {
    !line.tokens.is_empty() && line.values_from == 0
}

#[inline(never)]
fn active(lines: &[Line<'_, '_>], out: &mut TablesRead) {
    let mut cols: Vec<ActiveColMatch> = Vec::new();
    let mut head: Vec<Pos> = Vec::new();
    let mut head_page = 0;
    let mut rows: Vec<ActiveRowRead> = Vec::new();
    // Template hints of the header words that name no column, by text.
    let mut hints: Vec<(&str, Option<xxgk_model::Template>)> = Vec::new();
    for (li, line) in lines.iter().enumerate() {
        // Tokens that match a column (only those with a character a column label starts
        // with can), by index.
        let header: Vec<(usize, ActiveColMatch, Pos)> = line
            .tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| t.text.chars().any(may_start_active_col))
            .filter_map(|(i, t)| labels::match_active_col(t.text).map(|c| (i, c, t.pos)))
            .collect();
        if !header.is_empty() {
            for (i, t) in line.tokens.iter().enumerate() {
                // A column label's template hint is its column's template.
                match header.iter().find(|(h, _, _)| *h == i) {
                    Some((_, c, _)) => out.votes.add_hint(Some(c.template())),
                    None => {
                        // Other header words (信息内容 heads every block) are read once.
                        let hint = match hints.iter().find(|(w, _)| *w == t.text) {
                            Some((_, h)) => *h,
                            None => {
                                let h = labels::template_hint(t.text);
                                hints.push((t.text, h));
                                h
                            }
                        };
                        out.votes.add_hint(hint);
                    }
                }
            }
            cols = header.iter().map(|(_, c, _)| *c).collect();
            head = header.iter().map(|(_, _, p)| *p).collect();
            head_page = line.page;
            continue;
        }
        if cols.is_empty() {
            continue;
        }
        // Only a label with a character a row label starts with can match a row.
        let label_tokens = line.tokens.get(..line.values_from).unwrap_or(&[]);
        if !label_tokens
            .iter()
            .any(|t| t.text.chars().any(may_start_active_row))
        {
            continue;
        }
        if line.n_values() == 0 {
            // A row label alone on its line, between other rows or headers (not next to a line
            // of values that could be its own): every cell of the row is blank.
            let label = line.label();
            let Some(m) = labels::match_active_row(&label) else {
                continue;
            };
            let next = lines.iter().skip(li + 1).find(|l| !l.tokens.is_empty());
            let prev = lines.iter().take(li).rev().find(|l| !l.tokens.is_empty());
            if next.is_some_and(value_only) || prev.is_some_and(value_only) {
                continue;
            }
            // A row label's template hint is the row's (no row label is a column label).
            out.votes.add_hint(m.template);
            rows.push(ActiveRowRead {
                m,
                cols: cols.clone(),
                vals: Vec::new(),
                glued: false,
                span: line.span,
                head: head.clone(),
                head_page,
                pos: Vec::new(),
                page: line.page,
            });
            continue;
        }
        let label = line.label();
        let Some(m) = labels::match_active_row(&label) else {
            continue;
        };
        out.votes.add_hint(m.template);
        rows.push(ActiveRowRead {
            m,
            cols: cols.clone(),
            vals: line
                .values()
                .filter_map(|t| t.value.map(|v| (t.col, v)))
                .collect(),
            glued: line.values().any(|t| t.glued),
            span: line.span,
            head: head.clone(),
            head_page,
            pos: line
                .values()
                .filter(|t| t.value.is_some())
                .map(|t| t.pos)
                .collect(),
            page: line.page,
        });
    }
    // Reference character column of each column index, from the complete rows of the same
    // block (same header at the same place, same page).
    let reference = |r: &ActiveRowRead, i: usize| -> Option<usize> {
        let v: Vec<usize> = rows
            .iter()
            .filter(|o| {
                o.vals.len() == o.cols.len()
                    && o.head == r.head
                    && o.page == r.page
                    && o.head_page == r.head_page
            })
            .filter_map(|o| o.vals.get(i).map(|(c, _)| *c))
            .collect();
        let min = *v.iter().min()?;
        let max = *v.iter().max()?;
        // Columns must print at one place to be a reference.
        (max - min <= 2).then_some((min + max) / 2)
    };
    // Which measure of columns the table's complete rows follow: each value under its own
    // header label (ties: characters, as `pdftotext -layout` counts them).
    let fits = |m: Measure| {
        rows.iter()
            .filter(|r| r.cols.len() >= 2 && r.vals.len() == r.cols.len() && r.page == r.head_page)
            .filter(|r| {
                r.pos.iter().zip(&r.head).all(|(v, h)| {
                    let (a, b) = (v.get(m), h.get(m));
                    a.0 < b.1 && b.0 < a.1
                })
            })
            .count()
    };
    let prefer = if fits(Measure::Display) > fits(Measure::Chars) {
        Measure::Display
    } else {
        Measure::Chars
    };
    let mut a21: Cells<_, _> = Cells::default();
    let mut a19: Cells<_, _> = Cells::default();
    for r in &rows {
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
            // By the header labels in the measure the complete rows follow; by the complete
            // rows' character columns only when characters are that measure; the two must
            // not disagree.
            let by_head = place_by_header(r, prefer);
            let by_rows = if prefer == Measure::Chars {
                place_by_columns(&r.vals, n, &|i| reference(r, i))
            } else {
                None
            };
            let slots = |p: &Vec<(usize, Val)>| p.iter().map(|(i, _)| *i).collect::<Vec<_>>();
            match (by_head, by_rows) {
                (Some(h), Some(c)) if slots(&h) != slots(&c) => None,
                (Some(h), _) => Some(h),
                (None, c) => c,
            }
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
            set_active(&mut a21, &mut a19, r, *i, *v);
        }
        // Columns the row left empty are printed blanks.
        for (i, f) in filled.iter().enumerate() {
            if !f {
                set_active(
                    &mut a21,
                    &mut a19,
                    r,
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

/// Places a short table-2 row under its block's header labels by position (same page only;
/// the header labels must not overlap in the measure used).
fn place_by_header(r: &ActiveRowRead, prefer: Measure) -> Option<Vec<(usize, Val)>> {
    if r.page != r.head_page || r.head.len() != r.cols.len() || r.pos.len() != r.vals.len() {
        return None;
    }
    let mut cols: Vec<(Measure, Columns)> = Vec::new();
    for m in [Measure::Chars, Measure::Display] {
        let spans: Vec<(usize, usize)> = r.head.iter().map(|p| p.get(m)).collect();
        if spans.windows(2).all(|w| matches!(w, [a, b] if a.1 <= b.0)) {
            cols.push((
                m,
                Columns {
                    spans,
                    page: r.head_page,
                },
            ));
        }
    }
    let usable: Vec<(Measure, &Columns)> = cols.iter().map(|(m, c)| (*m, c)).collect();
    let slots = place_row(&r.pos, &usable, r.cols.len(), &|_| true, Some(prefer))?;
    Some(
        slots
            .into_iter()
            .zip(&r.vals)
            .map(|(s, (_, v))| (s, *v))
            .collect(),
    )
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

#[inline(never)]
fn requests(lines: &[Line<'_, '_>], out: &mut TablesRead) {
    // Anchors: (line index, row), in template order.
    let mut anchors: Vec<(usize, Requests2021Row)> = Vec::new();
    // (Row labels repeat from report to report: their anchors are remembered.)
    grid::with_memo(|memo| {
        for (li, line) in lines.iter().enumerate() {
            // A label none of whose characters can start a numbering has no numbered piece.
            let label_tokens = line.tokens.get(..line.values_from).unwrap_or(&[]);
            if !label_tokens
                .iter()
                .any(|t| t.text.chars().any(may_start_numbering))
            {
                continue;
            }
            let label = line.label();
            let id = memo.id(&label);
            memo.anchors(id, &label, |a| {
                if let Some(hint) = a.vote {
                    out.votes.add_hint(hint);
                }
                anchors.push((li, a.row));
            });
        }
    });
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
    // Page and positions of each row's values.
    let mut row_pos: Vec<Option<(usize, Vec<Pos>)>> = vec![None; rows.len()];
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
        row.values = line.value_cells();
        if let Some(p) = row_pos.get_mut(ai) {
            *p = Some((line.page, line.value_positions()));
        }
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
            if let Some(p) = row_pos.get_mut(ai) {
                *p = None;
            }
        }
    }
    // Rows with no line of values print seven blanks; the rules place the rest, helped by the
    // columns the header prints (a reading from positions stands only when it keeps every
    // rule the table can be checked by).
    // The header's columns are read only when a row has fewer values than columns (they
    // place nothing else).
    let short = |r: &PlacedRow<Requests2021Row>, pos: &Option<(usize, Vec<Pos>)>| {
        pos.is_some() && !r.values.is_empty() && r.values.len() < 7
    };
    let cols: Vec<(Measure, Columns)> = if rows.iter().zip(&row_pos).any(|(r, p)| short(r, p)) {
        let first_line = anchors.first().map_or(0, |(li, _)| *li);
        let folded: Vec<String> = REQUEST_COLS.iter().map(|l| labels::fold(l)).collect();
        let names: Vec<&str> = folded.iter().map(String::as_str).collect();
        header_columns_by_measure(lines, 0..first_line, &names)
    } else {
        Vec::new()
    };
    let mut by_position = false;
    let placed: Vec<PlacedRow<Requests2021Row>> = rows
        .iter()
        .zip(&row_pos)
        .map(|(r, pos)| {
            let mut values = r.values.clone();
            if let Some((page, vp)) = pos {
                let usable: Vec<(Measure, &Columns)> = cols
                    .iter()
                    .filter(|(_, c)| c.page == *page)
                    .map(|(m, c)| (*m, c))
                    .collect();
                if !usable.is_empty() && !values.is_empty() && values.len() < 7 {
                    let ok = |s: &[usize]| sums_hold(&r.values, s, 7, 7);
                    if let Some(slots) = place_row(vp, &usable, 7, &ok, None) {
                        values = spread(&r.values, &slots, 7, r.span);
                        by_position = true;
                    }
                }
            }
            PlacedRow {
                row: r.row,
                values,
                span: r.span,
            }
        })
        .collect();
    if by_position {
        let mut cells = RequestsCells::default();
        let mut diags = Vec::new();
        // The placement by position stands only when, with it, the rules determine every
        // cell of the table and hold. `pdftotext -layout` can print a row a whole column off
        // its header; such a row keeps its own sum, and only the column rules over a table
        // with no cell left open can catch it (a rule that touches an open cell is not
        // checked, so a partly determined table would let it through).
        let joint = resolve_requests(placed, &mut cells, &mut diags);
        let complete = cells.len() == order.len() * RequestsCol::ALL.len();
        let checked = validate::check_requests(&|r, c| cells.value(r, c), &order, Blanks::Zero);
        if joint && complete && checked.violations.is_empty() {
            out.diagnostics.extend(diags);
            if !cells.is_empty() {
                out.requests = Some(cells);
            }
            return;
        }
        out.diagnostics.push(Diagnostic::new(
            Code::CellAmbiguous,
            if joint && checked.violations.is_empty() {
                "table 3: values placed by their columns leave cells the rules cannot check; placed by the rules alone"
            } else {
                "table 3: values placed by their columns would break the rules; placed by the rules alone"
            },
        ));
    }
    let mut cells = RequestsCells::default();
    let _ = resolve_requests(rows, &mut cells, &mut out.diagnostics);
    if !cells.is_empty() {
        out.requests = Some(cells);
    }
}

/// Table 3's applicant columns as the header prints them.
const REQUEST_COLS: [&str; 7] = [
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
];

/// Table 4's fifteen columns as the header prints them.
const REVIEW_COLS: [&str; 5] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];

/// True when `c` may fold ([`labels::fold`]) to a character a numbering starts with: `(`, an
/// ASCII digit or a Chinese numeral 一…九 (test: every character whose fold is one is listed).
fn may_start_numbering(c: char) -> bool {
    c.is_ascii_digit()
        || matches!(
            c,
            '(' | '[' | '（' | '［' | '【' | '〔' | '﹙' | '０'
                ..='９' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九'
        )
}

/// True when `c` may fold ([`labels::fold`]) to the first character of a table-2 column label
/// (本 现 对 上 处 采; test: every character whose fold is one is listed).
fn may_start_active_col(c: char) -> bool {
    matches!(
        c,
        '本' | '现' | '現' | '对' | '對' | '上' | '处' | '處' | '采' | '採'
    )
}

/// True when `c` may fold ([`labels::fold`]) to the first character of a table-2 row label
/// (规 行 其 政; test: every character whose fold is one is listed).
fn may_start_active_row(c: char) -> bool {
    matches!(c, '规' | '規' | '行' | '其' | '政')
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

#[inline(never)]
fn review(lines: &[Line<'_, '_>], out: &mut TablesRead) {
    let Some(header) = lines.iter().position(|l| {
        l.tokens
            .iter()
            .any(|t| t.text.contains("结果") || labels::match_review_col(t.text).is_some())
    }) else {
        return;
    };
    let mut found: Vec<(Option<ReviewRow>, Vec<Val>, Span)> = Vec::new();
    let mut found_pos: Vec<(usize, Vec<Pos>)> = Vec::new();
    let mut first_values: Option<usize> = None;
    for (li, line) in lines.iter().enumerate().skip(header) {
        if line.n_values() == 0 {
            continue;
        }
        let label = line.label();
        let row = labels::match_review_row(&label);
        if !label.is_empty() && row.is_none() && !labels::is_header_word(&label) {
            continue;
        }
        first_values.get_or_insert(li);
        found.push((row, line.value_cells(), line.span));
        found_pos.push((line.page, line.value_positions()));
    }
    if found.is_empty() {
        return;
    }
    // A line of fewer than fifteen values under the fifteen header columns: placed by
    // position when that is certain and keeps the row sums, then checked as a whole.
    // The header's columns are read only when such a line is there (they place nothing else).
    let short = |(row, vals, _): &(Option<ReviewRow>, Vec<Val>, Span), vp: &Vec<Pos>| {
        row.is_none() && !vals.is_empty() && vals.len() < 15 && vp.len() == vals.len()
    };
    let cols: Vec<(Measure, Columns)> = if found
        .iter()
        .zip(&found_pos)
        .any(|(f, (_, vp))| short(f, vp))
    {
        let folded: Vec<String> = REVIEW_COLS.iter().map(|l| labels::fold(l)).collect();
        let names: Vec<&str> = (0..3)
            .flat_map(|_| folded.iter().map(String::as_str))
            .collect();
        header_columns_by_measure(lines, header..first_values.unwrap_or(header), &names)
    } else {
        Vec::new()
    };
    let mut by_position = false;
    let placed: Vec<(Option<ReviewRow>, Vec<Val>, Span)> = found
        .iter()
        .zip(&found_pos)
        .map(|((row, vals, span), (page, vp))| {
            let usable: Vec<(Measure, &Columns)> = cols
                .iter()
                .filter(|(_, c)| c.page == *page)
                .map(|(m, c)| (*m, c))
                .collect();
            if row.is_none()
                && !usable.is_empty()
                && !vals.is_empty()
                && vals.len() < 15
                && vp.len() == vals.len()
            {
                let ok = |s: &[usize]| sums_hold(vals, s, 15, 5);
                if let Some(slots) = place_row(vp, &usable, 15, &ok, None) {
                    by_position = true;
                    return (*row, spread(vals, &slots, 15, *span), *span);
                }
            }
            (*row, vals.clone(), *span)
        })
        .collect();
    if by_position {
        let mut cells = ReviewCells::default();
        let mut diags = Vec::new();
        resolve_review(placed, &mut cells, &mut diags);
        if validate::check_review(&|r, c| cells.value(r, c), Blanks::Zero)
            .violations
            .is_empty()
        {
            out.diagnostics.extend(diags);
            if !cells.is_empty() {
                out.review = Some(cells);
            }
            return;
        }
        out.diagnostics.push(Diagnostic::new(
            Code::CellAmbiguous,
            "table 4: values placed by their columns would break the rules; placed by the rules alone",
        ));
    }
    let mut cells = ReviewCells::default();
    resolve_review(found, &mut cells, &mut out.diagnostics);
    if !cells.is_empty() {
        out.review = Some(cells);
    }
}
// ------------------------------------------------------------------- placement by position

/// At most this many placements of one row are enumerated per measure.
const MAX_PLACEMENTS: usize = 20_000;

/// Header columns in one measure: one interval per column, in order, all on `page`.
#[derive(Debug, Clone)]
struct Columns {
    spans: Vec<(usize, usize)>,
    page: usize,
}

/// A header fragment: its line index, page, position and folded text.
struct Fragment {
    line: usize,
    page: usize,
    pos: Pos,
    text: String,
}

/// The header columns `labels` give in `lines[range]`, by each measure that finds them.
fn header_columns_by_measure(
    lines: &[Line<'_, '_>],
    range: std::ops::Range<usize>,
    labels: &[&str],
) -> Vec<(Measure, Columns)> {
    let frags = fragments(lines, range, labels);
    [Measure::Chars, Measure::Display]
        .into_iter()
        .filter_map(|m| header_columns(&frags, labels, m).map(|c| (m, c)))
        .collect()
}

/// The header fragments among `lines`: tokens (not values) whose folded text is a piece of
/// one of `labels`.
#[inline(never)]
fn fragments(
    lines: &[Line<'_, '_>],
    range: std::ops::Range<usize>,
    labels: &[&str],
) -> Vec<Fragment> {
    let mut out = Vec::new();
    for (li, line) in lines.iter().enumerate().take(range.end).skip(range.start) {
        for t in line.tokens {
            if t.value.is_some() {
                continue;
            }
            let f = labels::fold(t.text);
            if !f.is_empty() && labels.iter().any(|l| l.contains(f.as_str())) {
                out.push(Fragment {
                    line: li,
                    page: line.page,
                    pos: t.pos,
                    text: f,
                });
            }
        }
    }
    out
}

/// Groups header fragments into columns in measure `m`: fragments whose intervals overlap form
/// one column; the columns' texts (fragments top to bottom) must spell `labels` in order.
/// `None` when they do not (then positions say nothing in this measure). The header lies on
/// one page, or on two consecutive pages (a page break between its lines) when at least half
/// of the columns join fragments of both pages, which shows the two pages print the columns
/// at the same positions; the columns then hold on the page the header ends on.
#[inline(never)]
fn header_columns(frags: &[Fragment], labels: &[&str], m: Measure) -> Option<Columns> {
    let mut order: Vec<&Fragment> = frags.iter().collect();
    order.sort_by_key(|f| (f.pos.get(m).0, f.line));
    let mut clusters: Vec<((usize, usize), Vec<&Fragment>)> = Vec::new();
    for f in order {
        let (s, e) = f.pos.get(m);
        match clusters.last_mut() {
            Some((span, members)) if s < span.1 => {
                span.1 = span.1.max(e);
                members.push(f);
            }
            _ => clusters.push(((s, e), vec![f])),
        }
    }
    if clusters.len() != labels.len() {
        return None;
    }
    let first = frags.iter().map(|f| f.page).min()?;
    let page = frags.iter().map(|f| f.page).max()?;
    if page > first + 1 {
        return None;
    }
    let mut joined = 0usize;
    for ((_, members), label) in clusters.iter_mut().zip(labels) {
        members.sort_by_key(|f| f.line);
        let text: String = members.iter().map(|f| f.text.as_str()).collect();
        if text != *label {
            return None;
        }
        if members.iter().any(|f| f.page != first) && members.iter().any(|f| f.page == first) {
            joined += 1;
        }
    }
    if page != first && joined * 2 < labels.len() {
        return None;
    }
    Some(Columns {
        spans: clusters.into_iter().map(|(s, _)| s).collect(),
        page,
    })
}

/// The columns a value at `v` may be in: those whose header interval it overlaps; in a gap,
/// the columns on either side; left of all, the first; right of all, the last.
fn mask(v: (usize, usize), cols: &[(usize, usize)]) -> u32 {
    let mut m = 0u32;
    for (j, c) in cols.iter().enumerate().take(31) {
        if v.0 < c.1 && c.0 < v.1 {
            m |= 1 << j;
        }
    }
    if m != 0 {
        return m;
    }
    let left = cols.iter().take(31).rposition(|c| c.1 <= v.0);
    let right = cols.iter().take(31).position(|c| c.0 >= v.1);
    match (left, right) {
        (None, Some(r)) => 1 << r,
        (Some(l), None) => 1 << l,
        (Some(l), Some(r)) => (1 << l) | (1 << r),
        (None, None) => 0,
    }
}

/// Every order-preserving placement of values into `n` columns with value `i` in a column of
/// `masks[i]` (at most [`MAX_PLACEMENTS`]; `None` past that).
fn placements(masks: &[u32], n: usize) -> Option<Vec<Vec<usize>>> {
    fn go(
        masks: &[u32],
        n: usize,
        from: usize,
        cur: &mut Vec<usize>,
        out: &mut Vec<Vec<usize>>,
    ) -> bool {
        let Some(m) = masks.get(cur.len()) else {
            out.push(cur.clone());
            return out.len() <= MAX_PLACEMENTS;
        };
        let left = masks.len() - cur.len();
        for j in from..n {
            if n - j < left {
                break;
            }
            if j < 32 && m & (1 << j) != 0 {
                cur.push(j);
                let ok = go(masks, n, j + 1, cur, out);
                cur.pop();
                if !ok {
                    return false;
                }
            }
        }
        true
    }
    let mut out = Vec::new();
    if masks.len() > n || n > 31 {
        return Some(out);
    }
    go(masks, n, 0, &mut Vec::new(), &mut out).then_some(out)
}

/// Places a row's values (at `vals`) under `n` columns by position: in each measure whose
/// columns are known (`cols`), the placements the positions admit and `ok` accepts. With
/// `prefer`, that measure alone decides; otherwise the measures with columns must agree. The
/// placement is returned only when it is the single one left.
fn place_row(
    vals: &[Pos],
    cols: &[(Measure, &Columns)],
    n: usize,
    ok: &dyn Fn(&[usize]) -> bool,
    prefer: Option<Measure>,
) -> Option<Vec<usize>> {
    let mut sets: Vec<(Measure, Vec<Vec<usize>>)> = Vec::new();
    for (m, c) in cols {
        if c.spans.len() != n {
            continue;
        }
        let masks: Vec<u32> = vals.iter().map(|v| mask(v.get(*m), &c.spans)).collect();
        let p = placements(&masks, n)?;
        sets.push((*m, p.into_iter().filter(|p| ok(p)).collect()));
    }
    if let Some(pm) = prefer {
        if let Some((_, p)) = sets.iter().find(|(m, _)| *m == pm) {
            return match p.as_slice() {
                [one] => Some(one.clone()),
                _ => None,
            };
        }
    }
    let mut it = sets.into_iter();
    let (_, mut common) = it.next()?;
    for (_, p) in it {
        common.retain(|x| p.contains(x));
    }
    match common.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// Integer value of a cell, blank as 0 (`None` for a fraction).
fn int_of(v: &Val) -> Option<i64> {
    match v.value {
        None => Some(0),
        Some(n) => n.as_i64(),
    }
}

/// True when `vals` placed at `slots` among `n` columns make every group of `width` cells sum
/// to its last cell (blanks as 0).
fn sums_hold(vals: &[Val], slots: &[usize], n: usize, width: usize) -> bool {
    let mut cells = vec![0i64; n];
    for (v, s) in vals.iter().zip(slots) {
        let (Some(x), Some(c)) = (int_of(v), cells.get_mut(*s)) else {
            return false;
        };
        *c = x;
    }
    cells.chunks(width).all(|g| match g.split_last() {
        Some((last, rest)) => rest.iter().try_fold(0i64, |a, b| a.checked_add(*b)) == Some(*last),
        None => true,
    })
}

/// The row's values spread over `n` cells at `slots`, the other cells blank (with `span`).
fn spread(vals: &[Val], slots: &[usize], n: usize, span: Span) -> Vec<Val> {
    let mut out = vec![Val { value: None, span }; n];
    for (v, s) in vals.iter().zip(slots) {
        if let Some(c) = out.get_mut(*s) {
            *c = *v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Lines of spaces, tabs, form feeds, ideographic spaces, digits, CJK and glued labels.
    fn line() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just(" "),
                Just("   "),
                Just("\t"),
                Just("\u{c}"),
                Just("\u{3000}"),
                Just("12"),
                Just("0"),
                Just("—"),
                Just("规章"),
                Just("事项87"),
                Just("1.5万元"),
                Just("（一）"),
            ],
            0..24,
        )
        .prop_map(|parts| parts.concat())
    }

    /// `gaps` as the definitions in its documentation state it, with the string methods.
    fn gaps_by_definition(line: &str) -> Gaps {
        let body = line.trim();
        let wide_gaps = body.matches("  ").count();
        let (mut runs, mut value_after_run, mut spaces) = (0, false, 0usize);
        if line.contains("   ") {
            for (i, c) in body.char_indices() {
                if c == ' ' {
                    spaces += 1;
                    continue;
                }
                if spaces >= 3 {
                    runs += 1;
                    if let Some(t) = body.get(i..).and_then(|r| r.split_whitespace().next()) {
                        value_after_run |= matches!(parse_cell(t), CellValue::Number { .. });
                    }
                    if runs >= MAX_TOKENS {
                        break;
                    }
                }
                spaces = 0;
            }
        }
        Gaps {
            runs,
            value_after_run,
            wide_gaps,
        }
    }

    /// The character filters that let the readers skip a label are never wrong: every
    /// character whose fold holds a character a numbering, a table-2 column label or a
    /// table-2 row label starts with is listed. (A label's fold is its characters' folds, with
    /// `、` after a digit made `.` and 政府信息公开 dropped, 合计 made 总计: no other start
    /// character comes in.)
    #[test]
    fn label_filters_list_every_character_folding_to_a_start() {
        let mut one = String::new();
        for c in (0..=0x10_FFFFu32).filter_map(char::from_u32) {
            one.clear();
            one.push(c);
            for f in labels::fold(&one).chars() {
                let numeral = matches!(
                    f,
                    '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九'
                );
                if f == '(' || f.is_ascii_digit() || numeral {
                    assert!(may_start_numbering(c), "U+{:04X}", c as u32);
                }
                if matches!(f, '本' | '现' | '对' | '上' | '处' | '采') {
                    assert!(may_start_active_col(c), "U+{:04X}", c as u32);
                }
                if matches!(f, '规' | '行' | '其' | '政') {
                    assert!(may_start_active_row(c), "U+{:04X}", c as u32);
                }
            }
        }
        // The start characters the filters assume, read off the template's own labels.
        use xxgk_model::schema::{
            ActiveDisclosure2019Col, ActiveDisclosure2019Row, ActiveDisclosure2021Col,
            ActiveDisclosure2021Row, Id,
        };
        fn labels_of<I: Id>() -> impl Iterator<Item = &'static str> {
            I::all().iter().map(|i| i.label_zh())
        }
        for l in
            labels_of::<ActiveDisclosure2021Col>().chain(labels_of::<ActiveDisclosure2019Col>())
        {
            assert!(labels::match_active_col(l).is_some(), "{l}");
            assert!(l.chars().next().is_some_and(may_start_active_col), "{l}");
        }
        for l in
            labels_of::<ActiveDisclosure2021Row>().chain(labels_of::<ActiveDisclosure2019Row>())
        {
            assert!(labels::match_active_row(l).is_some(), "{l}");
            assert!(l.chars().next().is_some_and(may_start_active_row), "{l}");
        }
    }

    /// Labels built of table-2 row and column labels, numbering, digits and other words.
    fn active_label() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("规章"),
                Just("行政规范性文件"),
                Just("规范性文件"),
                Just("其他对外管理服务事项"),
                Just("政府集中采购"),
                Just("行政事业性收费"),
                Just("本年制发件数"),
                Just("采购总金额"),
                Just("(单位:万元)"),
                Just("1."),
                Just("2"),
                Just("、"),
                Just(" "),
                Just("政府信息公开"),
                Just("合计"),
                Just("信息内容"),
            ],
            0..4,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Text without two spaces in a row never looks like layout text line by line, so
        /// `looks_like_layout` may say no at once.
        #[test]
        fn no_two_spaces_is_no_layout(lines in proptest::collection::vec(line(), 0..12)) {
            let text = lines.join("\n");
            if !has_two_spaces(&text) {
                prop_assert!(!lines_look_like_layout(&text));
            }
            let mut single = text.clone();
            while single.contains("  ") {
                single = single.replace("  ", " ");
            }
            prop_assert!(!has_two_spaces(&single));
            prop_assert!(!lines_look_like_layout(&single));
        }

        /// A label that matches a table-2 row gives its row's template as its hint (the
        /// reader votes with the row's template instead of reading the label again).
        #[test]
        fn active_row_hint_is_the_rows_template(l in active_label()) {
            if let Some(m) = labels::match_active_row(&l) {
                prop_assert_eq!(labels::template_hint(&l), m.template);
            }
            if let Some(c) = labels::match_active_col(&l) {
                prop_assert_eq!(labels::template_hint(&l), Some(c.template()));
            }
        }

        #[test]
        fn gaps_keep_their_definition(l in line()) {
            prop_assert_eq!(gaps(&l), gaps_by_definition(&l));
        }

        /// Every token's position counts the characters before it on its line (form feeds
        /// take no column; CJK characters are two display columns wide), and its text is the
        /// line's bytes at its span.
        #[test]
        fn token_positions_count_characters(lines in proptest::collection::vec(line(), 1..4)) {
            let text = lines.join("\n");
            let toks = tokenize(&text, 7);
            for l in toks.lines() {
                for t in l.tokens {
                    let line_text = text.get(l.span.start - 7..l.span.end - 7).unwrap_or("");
                    let start = t.text.as_ptr() as usize - line_text.as_ptr() as usize;
                    let before = line_text.get(..start).unwrap_or("");
                    let upto = line_text.get(..start + t.text.len()).unwrap_or("");
                    let count = |s: &str| s.chars().filter(|c| *c != '\u{c}').count();
                    let width = |s: &str| {
                        s.chars().filter(|c| *c != '\u{c}').map(char_width).sum::<usize>()
                    };
                    prop_assert_eq!(t.pos.chars, (count(before), count(upto)));
                    prop_assert_eq!(t.pos.display, (width(before), width(upto)));
                    prop_assert!(!t.text.is_empty());
                    // Its value is its text's reading as a cell.
                    prop_assert_eq!(t.value.map(|v| v.value), parse_cell(t.text).cell());
                    let spaced = t.text.chars().any(|c| c.is_whitespace() && c != '\u{c}');
                    prop_assert!(!spaced);
                    if let Some(v) = t.value {
                        prop_assert_eq!(
                            text.get(v.span.start - 7..v.span.end - 7),
                            Some(t.text)
                        );
                    }
                }
            }
        }
    }
}
