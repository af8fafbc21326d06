//! Tables whose cells are already in rows and columns: pipe tables in text, and any grid of
//! cell texts (an HTML/DOCX table after rowspan/colspan expansion).
//!
//! Rows are mapped to the template by their labels ([`crate::labels`]), values by position
//! after the label cells. Rows whose empty cells vanished (`label | 3 | 3 |`) are placed by the
//! consistency rules: a cell is stated only when every placement the rules admit gives it the
//! same value; the rest are left out with a `cell_ambiguous` diagnostic.
//!
//! ```
//! use xxgk_table::grid::{read_grid, Grid};
//! use xxgk_model::schema::{ActiveDisclosure2021Col, ActiveDisclosure2021Row};
//! let grid = Grid::from_pipe_text(
//!     "| 第二十条第（一）项 |\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n| 规章 | 4 | 1 | 0 |\n",
//!     0,
//! );
//! let read = read_grid(&grid, None);
//! let Some(xxgk_table::ActiveCells::Gov2021(t)) = read.active else { panic!("no table 2") };
//! let v = t.value(ActiveDisclosure2021Row::Rules, ActiveDisclosure2021Col::Issued);
//! assert_eq!(v, Some(Some(xxgk_model::Number::from(4))));
//! ```

use crate::cell::{parse_cell, parse_trimmed, CellValue};
use crate::fxhash::FxBuild;
use crate::labels::{self, ActiveColMatch, Group};
use crate::{ActiveCells, Cells, Read, RequestsCells, ReviewCells, TablesRead};
use xxgk_model::schema::{Id, Requests2021Row, RequestsCol, ReviewCol, ReviewRow};
use xxgk_model::{Cell, Code, Diagnostic, Span, TableKind};

/// One cell of a grid: its text and, when known, where it is in the normalized text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridCell {
    /// The cell's text (trimmed or not; the reader trims).
    pub text: String,
    /// Where the cell is, in normalized offsets.
    pub span: Option<Span>,
}

/// Rows of cell texts, after rowspan/colspan expansion.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grid {
    /// The rows, top to bottom.
    pub rows: Vec<Vec<GridCell>>,
}

/// At most this many rows are read from one grid (a report table has fewer than 60).
pub const MAX_ROWS: usize = 2_000;
/// At most this many cells per row are considered.
pub const MAX_CELLS: usize = 64;

impl Grid {
    /// A grid from plain cell texts (no spans).
    pub fn from_rows<S: AsRef<str>>(rows: &[Vec<S>]) -> Grid {
        Grid {
            rows: rows
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|t| GridCell {
                            text: t.as_ref().to_string(),
                            span: None,
                        })
                        .collect()
                })
                .collect(),
        }
    }

    /// The pipe rows of `text` (lines containing `|`), one grid row per line; `base` is the
    /// offset of `text` in the normalized document, so cell spans are document offsets. A
    /// leading and a trailing `|` do not make empty cells; `||` inside does.
    ///
    /// A line that holds several rows (line breaks lost: `| 规章 | 4 | 0 || 行政许可 | 8 |`) is
    /// split where a label cell follows value cells. The empty cells just before such a label
    /// are not given to the earlier row: a joined boundary makes one of them and the rest may
    /// be the earlier row's trailing blanks or the later row's leading label cells, which the
    /// text cannot tell apart. The earlier row is then read as a row whose empty cells
    /// vanished, so its cells are stated only when the placement is certain.
    pub fn from_pipe_text(text: &str, base: usize) -> Grid {
        let rows = PipeRows::new(text, base);
        Grid {
            rows: rows
                .rows()
                .map(|r| {
                    r.iter()
                        .map(|c| GridCell {
                            text: c.text.to_string(),
                            span: c.span,
                        })
                        .collect()
                })
                .collect(),
        }
    }
}

/// One cell as the reader works on it: its text borrowed from the grid or the document, its
/// span, and its text read once by [`parse_cell`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct CellRef<'a> {
    /// The cell's text, as the grid holds it (pipe cells are trimmed).
    text: &'a str,
    /// `text.trim()`.
    trimmed: &'a str,
    span: Option<Span>,
    /// `parse_cell(text)`.
    value: CellValue,
}

impl<'a> CellRef<'a> {
    fn new(text: &'a str, span: Option<Span>) -> CellRef<'a> {
        let trimmed = trim_ws(text).1;
        CellRef {
            text,
            trimmed,
            span,
            value: parse_trimmed(trimmed),
        }
    }

    fn is_unreadable(&self) -> bool {
        matches!(self.value, CellValue::Unreadable)
    }
}

/// The pipe rows of a text (see [`Grid::from_pipe_text`]), cells borrowed from the text and
/// stored one after another, each row a range of them.
pub(crate) struct PipeRows<'a> {
    cells: Vec<CellRef<'a>>,
    rows: Vec<std::ops::Range<usize>>,
}

impl<'a> PipeRows<'a> {
    pub(crate) fn new(text: &'a str, base: usize) -> PipeRows<'a> {
        let mut out = PipeRows {
            cells: Vec::new(),
            rows: Vec::new(),
        };
        pipe_rows(text, base, &mut out);
        out
    }
}

impl<'a> PipeSink<'a> for PipeRows<'a> {
    fn row(&mut self, row: &[CellRef<'a>]) {
        if self.cells.capacity() == 0 {
            self.cells.reserve(64);
        }
        let at = self.cells.len();
        self.cells.extend_from_slice(row);
        self.rows.push(at..self.cells.len());
    }
}

/// A clean line's label cell, when it has one: its text and span.
type Label<'a> = Option<(&'a str, Span)>;

/// Where [`pipe_rows`] gives the rows it reads.
trait PipeSink<'a> {
    /// Whether lines are offered to [`PipeSink::whole_line`] (those starting with `|`) and
    /// [`PipeSink::known_line`] before they are split into cells for [`PipeSink::row`].
    fn wants_clean(&self) -> bool {
        false
    }
    /// Reads the line starting at `start` (a `|`) whole when the sink can (a clean line, or a
    /// header line read before): the offset of the next line then. The line counts as one
    /// row. Only asked when the sink wants clean lines.
    fn whole_line(&mut self, _text: &'a str, _base: usize, _start: usize) -> Option<usize> {
        None
    }
    /// Reads the line `body` (without its line break; at document offset `at`) whole when
    /// the sink knows it (a line read before): true then, and the line counts as one row. A
    /// line it does not know leaves the sink as it was (asked again, it is not known again).
    /// Only asked when the sink wants clean lines.
    fn known_line(&mut self, _body: &str, _at: usize) -> bool {
        false
    }
    /// The general split of the line `body` (at document offset `at`) gave `rows` rows. Only
    /// told when the sink wants clean lines.
    fn line_done(&mut self, _body: &str, _at: usize, _rows: usize) {}
    /// One row of cells (none empty, at most [`MAX_CELLS`]).
    fn row(&mut self, row: &[CellRef<'a>]);
    /// [`PipeSink::row`] of a row whose last cell is a number after the last `|` of its line
    /// (`| 规章 | | | 7`): the line's closing `|` is missing, or the number was glued to the
    /// row when line breaks were lost (a page number).
    fn open_row(&mut self, row: &[CellRef<'a>]) {
        self.row(row);
    }
}

/// The pipe rows of `text` (see [`Grid::from_pipe_text`]) given one by one to `sink` (at
/// most [`MAX_ROWS`], none empty), cells borrowed from the text. A clean line (see
/// [`clean_line`]) is given whole when the sink wants it so.
fn pipe_rows<'a>(text: &'a str, base: usize, sink: &mut impl PipeSink<'a>) {
    if let Some(from) = first_pipe_line(text) {
        pipe_rows_from(text, base, from, sink);
    }
}

/// The start of the first line of `text` holding a `|` (lines end at `\n`); `None` when no
/// line does. Only lines holding a `|` give rows: text without one (layout and flattened
/// PDF text) gives none, and the lines before that one give none either, found with one
/// vectorized search instead of the line walk of [`pipe_rows_from`].
fn first_pipe_line(text: &str) -> Option<usize> {
    let p = text.find('|')?;
    let before = text.as_bytes().get(..p)?;
    Some(
        before
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |i| i + 1),
    )
}

/// [`pipe_rows`] of `text` from the line starting at `from`, the lines before it holding no
/// `|` (see [`first_pipe_line`]): they give no row, and the line walk skips them.
fn pipe_rows_from<'a>(text: &'a str, base: usize, from: usize, sink: &mut impl PipeSink<'a>) {
    let mut rows = 0usize;
    let mut line_cells: Vec<CellRef<'a>> = Vec::new();
    let clean = sink.wants_clean();
    // The offsets of the current line's `|` (at most `MAX_LINE_CELLS + 1` of them: no more
    // pieces are read from one line).
    let mut pipes: Vec<usize> = Vec::new();
    let bytes = text.as_bytes();
    let mut start = from;
    while start < bytes.len() {
        // Whether the sink was asked about the line as a known line (and did not know it).
        let mut asked = false;
        if clean && bytes.get(start) == Some(&b'|') {
            if rows >= MAX_ROWS {
                break;
            }
            if let Some(next) = sink.whole_line(text, base, start) {
                rows += 1;
                start = next;
                continue;
            }
            // A line read before (a header line, mostly) is asked about before its pipes are
            // listed (the same line, without its line break, as below; it holds a `|`).
            let next = text
                .get(start..)
                .and_then(|t| t.find('\n'))
                .map_or(bytes.len(), |i| start + i + 1);
            let mut end = next;
            while end > start && matches!(bytes.get(end - 1), Some(b'\n' | b'\r')) {
                end -= 1;
            }
            let body = text.get(start..end).unwrap_or("");
            if sink.known_line(body, base + start) {
                rows += 1;
                start = next;
                continue;
            }
            // (Not known: asking again below would not know it either.)
            asked = true;
        }
        // The line is text[start..next] (with its `\n`).
        let next = line_pipes(bytes, start, &mut pipes);
        let line_start = start;
        start = next;
        if rows >= MAX_ROWS {
            break;
        }
        if pipes.is_empty() {
            continue;
        }
        // The line without its line break (`trim_end_matches(['\n', '\r'])`).
        let mut end = next;
        while end > line_start && matches!(bytes.get(end - 1), Some(b'\n' | b'\r')) {
            end -= 1;
        }
        let body = text.get(line_start..end).unwrap_or("");
        if clean && !asked && sink.known_line(body, base + line_start) {
            rows += 1;
            continue;
        }
        let rows_before = rows;
        // Pure border residue (`||||`); a row of blank cells (`| | |`) is kept. A line that
        // starts and ends with `|` (a table row as printed) has no white space to trim.
        let bb = body.as_bytes();
        let trimmed = if bb.first() == Some(&b'|') && bb.last() == Some(&b'|') {
            body
        } else {
            trim_ws(body).1
        };
        if trimmed.bytes().all(|b| b == b'|') {
            if clean {
                sink.line_done(body, base + line_start, 0);
            }
            continue;
        }
        // The pieces `body.split('|')` gives: between the pipes, then to the end of the line
        // (`|` is ASCII, so every piece starts and ends on a character boundary).
        line_cells.clear();
        let mut from = line_start;
        // Whether `split_joined` may split the line: a non-empty text cell comes after a
        // non-empty value cell (its only test that can end a row). Otherwise it gives the
        // line's cells as one row, which is done here without it.
        let mut seen_value = false;
        let mut may_split = false;
        for to in pipes.iter().copied().chain(std::iter::once(end)) {
            let (lead, t) = trim_piece(text, from, to);
            let s = base + from + lead;
            // The value is written into the cell in place (a cell built whole and then
            // moved in was copied through the stack, the value piece by piece, then read
            // back at once: a store-forwarding stall per cell).
            line_cells.push(CellRef {
                text: t,
                trimmed: t,
                span: Some(Span {
                    start: s,
                    end: s + t.len(),
                }),
                value: CellValue::Blank,
            });
            if let Some(c) = line_cells.last_mut() {
                c.value = parse_trimmed(t);
                if !t.is_empty() {
                    if matches!(c.value, CellValue::Unreadable) {
                        may_split |= seen_value;
                    } else {
                        seen_value = true;
                    }
                }
            }
            from = to + 1;
            if line_cells.len() > MAX_LINE_CELLS {
                break;
            }
        }
        // Edge pipes: drop the empty piece before a leading `|` and after a trailing one.
        let mut from = 0;
        let mut to = line_cells.len();
        if trimmed.starts_with('|') && line_cells.first().is_some_and(|c| c.text.is_empty()) {
            from = 1;
        }
        if trimmed.ends_with('|')
            && to > from
            && line_cells.get(to - 1).is_some_and(|c| c.text.is_empty())
        {
            to -= 1;
        }
        let cells = line_cells.get(from..to).unwrap_or(&[]);
        // A number after the line's last `|`: its row is open.
        let open = !trimmed.ends_with('|')
            && cells
                .last()
                .is_some_and(|c| matches!(c.value, CellValue::Number { .. }));
        let open_span = if open {
            cells.last().and_then(|c| c.span)
        } else {
            None
        };
        let mut emit_row = |row: &[CellRef<'a>]| {
            if rows < MAX_ROWS && !row.is_empty() {
                rows += 1;
                if open_span.is_some() && row.last().and_then(|c| c.span) == open_span {
                    sink.open_row(row);
                } else {
                    sink.row(row);
                }
            }
        };
        if may_split {
            split_joined(cells, &mut emit_row);
        } else {
            // What `split_joined` gives a line it does not split.
            emit_row(cells.get(..cells.len().min(MAX_CELLS)).unwrap_or(cells));
        }
        if clean {
            // (A line cut short by the row limit is not told as read whole.)
            let read = if rows < MAX_ROWS {
                rows - rows_before
            } else {
                0
            };
            sink.line_done(body, base + line_start, read);
        }
    }
}

/// The row of the clean line starting at `start`, the common line of a pipe table as printed
/// (`| 规章 | 4 | 0 |`), read in one pass, with the offset of the next line; `None` for any
/// other line (the caller splits it the general way). Its values are put in `vals` (the
/// first slots; their number is returned last), which has room for [`MAX_CELLS`] (a line
/// with more values than `vals` has slots is left to the general split). When the
/// caller knows the line to start with `| label |` (a label as below that [`trim_piece`]
/// reads as the piece without its two spaces), `label_end` is the offset of that second `|`.
///
/// A line is clean when it starts with `|`, ends with `|` (then `\n`, `\r\n` or the end of
/// the text), has 1 to [`MAX_CELLS`] pieces between its pipes, and each piece is one space, a
/// number and one space, or one space alone (a blank cell), or, the first only, a label: text
/// with CJK that [`parse_trimmed`] does not read (after [`trim_piece`]). A number is 1 to 18
/// ASCII digits, or ASCII digits then `.` then digits and dots that [`parse_trimmed`] reads as
/// a number without conversion (`0.00`).
///
/// Such a line is one row for the general split (no text cell follows a value, so
/// [`split_joined`] has nothing to split; its edge pieces are empty and dropped): its label
/// cell, when it has one, and a cell per value, read as the same numbers with the same spans.
/// The row's [`pipe_cover`] is returned with the label.
fn clean_line<'a>(
    text: &'a str,
    base: usize,
    start: usize,
    label_end: Option<usize>,
    vals: &mut [Option<Val>],
) -> Option<(Label<'a>, Span, usize, usize)> {
    let b = text.as_bytes();
    // The number of values read (in `vals[..n]`).
    let mut n = 0usize;
    // At most `MAX_CELLS` cells a row, the label's among them.
    let mut limit = MAX_CELLS;
    let mut label: Option<(&'a str, Span)> = None;
    // Just after a `|`.
    let mut from = start + 1;
    if let Some(to) = label_end {
        // (The caller knows the first piece, up to `to`, to be ` label ` with a label as
        // below: one space each side, which `trim_piece` drops.)
        let t = text.get(from + 1..to - 1)?;
        label = Some((
            t,
            Span {
                start: base + from + 1,
                end: base + to - 1,
            },
        ));
        limit = MAX_CELLS - 1;
        from = to + 1;
    }
    let next = loop {
        match b.get(from) {
            None => break from,
            Some(b'\n') => break from + 1,
            Some(b'\r') if b.get(from + 1) == Some(&b'\n') => break from + 2,
            _ => {}
        }
        if n >= limit {
            return None;
        }
        // ` d |`, the most common piece: one digit, read with the ones that follow it (the
        // bytes ` `, `0`..`9`, ` `, `|`: 0x20, 0x30..0x39, 0x20, 0x7C).
        let mut run = false;
        while let Some(w) = b
            .get(from..from + 4)
            .and_then(|w| <[u8; 4]>::try_from(w).ok())
        {
            let w = u32::from_le_bytes(w);
            let d = (w >> 8) & 0x0F;
            if w & 0xFFFF_F0FF != 0x7C20_3020 || d > 9 || n >= limit {
                break;
            }
            let slot = vals.get_mut(n)?;
            *slot = Some(Val {
                value: Some(xxgk_model::Number::from(i64::from(d))),
                span: Span {
                    start: base + from + 1,
                    end: base + from + 2,
                },
            });
            n += 1;
            from += 4;
            run = true;
        }
        if run {
            continue;
        }
        // ` digits |`
        if b.get(from) == Some(&b' ') {
            let mut i = from + 1;
            let mut v = 0i64;
            while let Some(d) = b.get(i).map(|x| x.wrapping_sub(b'0')).filter(|d| *d <= 9) {
                // (wraps past 18 digits, where the piece is no clean number anyway: no
                // overflow panic on a long digit run)
                v = v.wrapping_mul(10).wrapping_add(i64::from(d));
                i += 1;
            }
            let digits = i - from - 1;
            if (1..=18).contains(&digits) && b.get(i) == Some(&b' ') && b.get(i + 1) == Some(&b'|')
            {
                *vals.get_mut(n)? = Some(Val {
                    value: Some(xxgk_model::Number::from(v)),
                    span: Span {
                        start: base + from + 1,
                        end: base + i,
                    },
                });
                n += 1;
                from = i + 2;
                continue;
            }
            // ` |`: a blank cell (empty once trimmed, as `trim_piece` reads it).
            if digits == 0 && b.get(i) == Some(&b'|') {
                *vals.get_mut(n)? = Some(Val {
                    value: None,
                    span: Span {
                        start: base + i,
                        end: base + i,
                    },
                });
                n += 1;
                from = i + 1;
                continue;
            }
            // ` digits.digits |` (money): the piece's text read as the general path reads it.
            if digits >= 1 && b.get(i) == Some(&b'.') {
                let mut j = i + 1;
                while b.get(j).is_some_and(|x| x.is_ascii_digit() || *x == b'.') {
                    j += 1;
                }
                if b.get(j) == Some(&b' ') && b.get(j + 1) == Some(&b'|') {
                    let value = match parse_trimmed(text.get(from + 1..j)?) {
                        CellValue::Number {
                            value,
                            converted: false,
                        } => value,
                        _ => return None,
                    };
                    *vals.get_mut(n)? = Some(Val {
                        value: Some(value),
                        span: Span {
                            start: base + from + 1,
                            end: base + j,
                        },
                    });
                    n += 1;
                    from = j + 2;
                    continue;
                }
            }
        }
        if from != start + 1 {
            return None;
        }
        // The label: to the next `|` on the line.
        let to = pipe_or_newline(b, from).filter(|&p| b.get(p) == Some(&b'|'))?;
        let (lead, t) = trim_piece(text, from, to);
        if t.is_empty() || !labels::has_cjk(t) || !matches!(parse_trimmed(t), CellValue::Unreadable)
        {
            return None;
        }
        let s = base + from + lead;
        label = Some((
            t,
            Span {
                start: s,
                end: s + t.len(),
            },
        ));
        limit = MAX_CELLS - 1;
        from = to + 1;
    };
    let vals = vals.get(..n)?;
    let first = match (label, vals.first()) {
        (Some((_, s)), _) => s.start,
        (None, Some(Some(v))) => v.span.start,
        _ => return None,
    };
    let last = match (vals.last(), label) {
        (Some(Some(v)), _) => v.span.end,
        (_, Some((_, s))) => s.end,
        _ => return None,
    };
    Some((
        label,
        Span {
            start: first,
            end: last,
        },
        next,
        n,
    ))
}

/// The offset of the first `|` or `\n` from `from` on (eight bytes tested at a time).
fn pipe_or_newline(b: &[u8], from: usize) -> Option<usize> {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let eq = |w: u64, c: u8| {
        let x = w ^ (0x0101_0101_0101_0101 * u64::from(c));
        !(((x & LOW7) + LOW7) | x | LOW7)
    };
    let mut i = from;
    while let Some(chunk) = b.get(i..i + 8) {
        let mut a = [0u8; 8];
        a.copy_from_slice(chunk);
        let w = u64::from_le_bytes(a);
        let m = eq(w, b'|') | eq(w, b'\n');
        if m != 0 {
            return Some(i + (m.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    b.get(i..)?
        .iter()
        .position(|&x| x == b'|' || x == b'\n')
        .map(|k| i + k)
}

impl<'a> PipeRows<'a> {
    pub(crate) fn rows(&self) -> impl Iterator<Item = &[CellRef<'a>]> + '_ {
        self.rows
            .iter()
            .map(|r| self.cells.get(r.clone()).unwrap_or(&[]))
    }
}

/// The end of the line starting at `start` (after its `\n`, or the end of the text), with
/// the offsets of the line's `|` in `pipes` (cleared first; at most `MAX_LINE_CELLS + 1` are
/// kept); eight bytes are tested at a time.
fn line_pipes(bytes: &[u8], start: usize, pipes: &mut Vec<usize>) -> usize {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    // The high bit of each byte of `w` that is `b`, and of no other byte (no carry crosses
    // bytes: each byte's low seven bits plus 0x7F stay below 0x100).
    let eq = |w: u64, b: u8| {
        let x = w ^ (0x0101_0101_0101_0101 * u64::from(b));
        !(((x & LOW7) + LOW7) | x | LOW7)
    };
    // Records the bytes flagged in `mask` (high bit of each byte) of the word at `at`.
    fn record(mut mask: u64, at: usize, pipes: &mut Vec<usize>) {
        while mask != 0 && pipes.len() <= MAX_LINE_CELLS {
            pipes.push(at + (mask.trailing_zeros() / 8) as usize);
            mask &= mask - 1;
        }
    }
    pipes.clear();
    let mut i = start;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut a = [0u8; 8];
        a.copy_from_slice(chunk);
        let w = u64::from_le_bytes(a);
        let nl = eq(w, b'\n');
        let pipe = eq(w, b'|');
        if nl != 0 {
            // Bytes up to the first `\n`: the flags below its byte.
            let n = nl.trailing_zeros() / 8;
            let below = (1u64 << (n * 8)).wrapping_sub(1);
            record(pipe & below, i, pipes);
            return i + n as usize + 1;
        }
        record(pipe, i, pipes);
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if b == b'|' {
            record(0x80, i, pipes);
        }
        i += 1;
        if b == b'\n' {
            break;
        }
    }
    i
}

/// True when the non-ASCII character starting with byte `lead` may be white space (the lead
/// bytes of U+0085, U+00A0, U+1680, U+2000–U+205F and U+3000).
fn may_be_space_lead(lead: u8) -> bool {
    matches!(lead, 0xC2 | 0xE1 | 0xE2 | 0xE3)
}

/// `s.trim()` with the length of the white space it removed at the start. ASCII white space
/// is stepped over byte by byte; only when the text then starts or ends with a non-ASCII
/// character that may be white space (its lead byte is one white space has) is it trimmed by
/// [`trim_ws_general`].
#[inline]
fn trim_ws(s: &str) -> (usize, &str) {
    match trim_ascii_ws(s.as_bytes(), 0, s.len()) {
        Some((i, j)) => (i, s.get(i..j).unwrap_or("")),
        None => trim_ws_general(s),
    }
}

/// [`trim_ws`] of `text[from..to]` (`from` and `to` on character boundaries), the piece
/// sliced once.
#[inline]
fn trim_piece(text: &str, from: usize, to: usize) -> (usize, &str) {
    if from > to || to > text.len() {
        return (0, "");
    }
    let b = text.as_bytes();
    // The common piece, ` text `: one space each side of a text whose first and last
    // characters are not white space (told by their bytes: a dash `—` or a `、` is not),
    // so that `trim` drops exactly those spaces.
    if to >= from + 3 && b.get(from) == Some(&b' ') && b.get(to - 1) == Some(&b' ') {
        let (i, j) = (from + 1, to - 1);
        if !space_starts(b, i) && !space_ends(b, i, j) {
            return (1, text.get(i..j).unwrap_or(""));
        }
    }
    match trim_ascii_ws(text.as_bytes(), from, to) {
        Some((i, j)) => (i - from, text.get(i..j).unwrap_or("")),
        None => trim_ws_general(text.get(from..to).unwrap_or("")),
    }
}

/// True when the three bytes are a character that is white space (U+1680, U+2000–U+200A,
/// U+2028, U+2029, U+202F, U+205F, U+3000: every three-byte one `char::is_whitespace` has).
fn is_space3(a: u8, b: u8, c: u8) -> bool {
    matches!(
        (a, b, c),
        (0xE1, 0x9A, 0x80)
            | (0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF)
            | (0xE2, 0x81, 0x9F)
            | (0xE3, 0x80, 0x80)
    )
}

/// True when the character starting at `b[i]` (a character boundary) is white space; false
/// past the end.
#[inline]
fn space_starts(b: &[u8], i: usize) -> bool {
    match b.get(i).copied() {
        None => false,
        Some(x) if x < 0x80 => is_ascii_ws(x),
        // U+0085 and U+00A0.
        Some(0xC2) => matches!(b.get(i + 1), Some(0x85 | 0xA0)),
        Some(x @ 0xE1..=0xE3) => match (b.get(i + 1), b.get(i + 2)) {
            (Some(&y), Some(&z)) => is_space3(x, y, z),
            _ => false,
        },
        // (No other lead byte starts a white-space character.)
        Some(_) => false,
    }
}

/// True when the last character of `b[i..j]` (`i < j`, both character boundaries) is white
/// space.
#[inline]
fn space_ends(b: &[u8], i: usize, j: usize) -> bool {
    match b.get(j - 1).copied() {
        None => false,
        Some(y) if y < 0x80 => is_ascii_ws(y),
        // A continuation byte: the character is the two or three bytes back to its lead (a
        // four-byte character is no white space).
        Some(y) => {
            if j >= i + 2 && b.get(j - 2) == Some(&0xC2) {
                matches!(y, 0x85 | 0xA0)
            } else if j >= i + 3 {
                match (b.get(j - 3), b.get(j - 2)) {
                    (Some(&a), Some(&m)) => is_space3(a, m, y),
                    _ => false,
                }
            } else {
                false
            }
        }
    }
}

/// The bounds of `b[from..to]` without ASCII white space at either end, or `None` when the
/// rest starts or ends with a non-ASCII character that may be white space (its lead byte is
/// one white space has).
#[inline]
fn trim_ascii_ws(b: &[u8], from: usize, to: usize) -> Option<(usize, usize)> {
    let mut i = from;
    while i < to && b.get(i).is_some_and(|x| is_ascii_ws(*x)) {
        i += 1;
    }
    let mut j = to;
    while j > i && b.get(j - 1).is_some_and(|x| is_ascii_ws(*x)) {
        j -= 1;
    }
    let lead_may_be_space = i < to && b.get(i).is_some_and(|x| may_be_space_lead(*x));
    let tail_may_be_space = j > i
        && b.get(j - 1).is_some_and(|x| *x >= 0x80)
        && (j >= i + 2 && b.get(j - 2) == Some(&0xC2)
            || j >= i + 3 && b.get(j - 3).is_some_and(|l| may_be_space_lead(*l)));
    if lead_may_be_space || tail_may_be_space {
        return None;
    }
    Some((i, j))
}

/// ASCII white space as `char::is_whitespace` has it.
fn is_ascii_ws(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// [`trim_ws`] for any text: other characters are decoded only when their lead byte is one
/// white space has.
#[cold]
fn trim_ws_general(s: &str) -> (usize, &str) {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(&x) = b.get(i) {
        if is_ascii_ws(x) {
            i += 1;
        } else if may_be_space_lead(x) {
            match s.get(i..).and_then(|r| r.chars().next()) {
                Some(c) if c.is_whitespace() => i += c.len_utf8(),
                _ => break,
            }
        } else {
            break;
        }
    }
    let mut j = b.len();
    while j > i {
        let Some(&x) = b.get(j - 1) else { break };
        if is_ascii_ws(x) {
            j -= 1;
        } else if x >= 0x80
            && (j >= i + 2 && b.get(j - 2) == Some(&0xC2)
                || j >= i + 3 && b.get(j - 3).is_some_and(|l| may_be_space_lead(*l)))
        {
            match s.get(i..j).and_then(|r| r.chars().next_back()) {
                Some(c) if c.is_whitespace() => j -= c.len_utf8(),
                _ => break,
            }
        } else {
            break;
        }
    }
    (i, s.get(i..j).unwrap_or(""))
}

/// At most this many `|`-separated pieces are read from one line (several joined rows).
const MAX_LINE_CELLS: usize = MAX_CELLS * 64;

/// Splits one line's cells into rows where a label cell follows value cells (rows joined when
/// line breaks were lost), giving each row (at most [`MAX_CELLS`] cells) to `emit`. Empty
/// cells between the last value and the label start the later row (see
/// [`Grid::from_pipe_text`]). A text cell directly after a value (no empty cell between)
/// starts a row only when it reads as a label (two or more Han characters), so a stray
/// unreadable value such as `n/a` stays in its row; the earlier row then keeps only its label,
/// since its last "value" may be a page number glued between the rows. After an empty cell a
/// text starts a row when it has a Han character: a cell of digits and spaces (`1   3`, two
/// values run together when a `|` was lost) is an unreadable value of its row, not a label.
fn split_joined<'a>(cells: &[CellRef<'a>], emit: &mut dyn FnMut(&[CellRef<'a>])) {
    let mut emit_row =
        |row: &[CellRef<'a>]| emit(row.get(..row.len().min(MAX_CELLS)).unwrap_or(row));
    // The current row is cells[cur..i].
    let mut cur = 0;
    let mut seen_value = false;
    for (i, c) in cells.iter().enumerate() {
        let t = c.trimmed;
        if t.is_empty() {
            continue;
        }
        match c.value {
            CellValue::Unreadable => {
                let after_empty = i > cur && cells.get(i - 1).is_some_and(|p| p.trimmed.is_empty());
                let han = han_count(t);
                if seen_value && ((after_empty && han >= 1) || han >= 2) {
                    let row = cells.get(cur..i).unwrap_or(&[]);
                    let keep = row
                        .iter()
                        .rposition(|p| !p.trimmed.is_empty())
                        .map_or(0, |k| k + 1);
                    let mut prev = row.get(..keep).unwrap_or(&[]);
                    if !after_empty {
                        // No boundary cell: the label was glued to the last value, which may be
                        // a stray page number rather than the row's own. The row's values are
                        // not certain; only its label is kept (the readers leave it out).
                        let label_end = prev
                            .iter()
                            .rposition(CellRef::is_unreadable)
                            .map_or(0, |k| k + 1);
                        prev = prev.get(..label_end).unwrap_or(&[]);
                    }
                    emit_row(prev);
                    cur += keep;
                    seen_value = false;
                }
            }
            CellValue::Number { .. } | CellValue::Blank => {
                seen_value = true;
            }
        }
    }
    emit_row(cells.get(cur..).unwrap_or(&[]));
}

/// Number of Han characters (U+4E00–U+9FFF) in `t`, counted up to 2.
fn han_count(t: &str) -> usize {
    t.chars()
        .filter(|ch| ('\u{4E00}'..='\u{9FFF}').contains(ch))
        .take(2)
        .count()
}

/// The cover of the cells' spans (what folding them with `Span::new(min start, max end)`
/// gives), the default span when none has one.
fn cover(row: &[CellRef<'_>]) -> Span {
    let (mut lo, mut hi) = (usize::MAX, 0usize);
    let mut any = false;
    for s in row.iter().filter_map(|c| c.span) {
        if s.start > s.end {
            // A reversed span: `Span::new` would swap the running bounds.
            return cover_general(row);
        }
        lo = lo.min(s.start);
        hi = hi.max(s.end);
        any = true;
    }
    if any {
        // Every span has start <= end, so the least start is at most the greatest end and
        // no step of the fold swaps its bounds.
        Span { start: lo, end: hi }
    } else {
        Span::default()
    }
}

/// [`cover`] of a row [`pipe_rows`] gave: every cell has its span, and the cells follow one
/// another in the text (starts and ends only grow), so the cover runs from the first cell's
/// start to the last one's end.
fn pipe_cover(row: &[CellRef<'_>]) -> Span {
    match (
        row.first().and_then(|c| c.span),
        row.last().and_then(|c| c.span),
    ) {
        (Some(a), Some(b)) if a.start <= b.end => Span {
            start: a.start,
            end: b.end,
        },
        _ => cover(row),
    }
}

/// [`cover`] of any spans.
#[cold]
fn cover_general(row: &[CellRef<'_>]) -> Span {
    row.iter()
        .filter_map(|c| c.span)
        .reduce(|a, b| Span::new(a.start.min(b.start), a.end.max(b.end)))
        .unwrap_or_default()
}

/// A row split into its label and its value cells.
struct RowParts<'r, 'a> {
    /// The label: one cell's text, or several joined in the reader's buffer.
    label: &'r str,
    label_span: Option<Span>,
    values: &'r [CellRef<'a>],
}

/// Splits `row` into its label cells (up to the last unreadable cell) and its values; a label
/// of several cells is joined with spaces in `buf`.
fn split_row<'r, 'a>(row: &'r [CellRef<'a>], buf: &'r mut String) -> RowParts<'r, 'a> {
    let last_text = row.iter().rposition(CellRef::is_unreadable);
    let (label_cells, values) = match last_text {
        Some(i) => (
            row.get(..=i).unwrap_or(&[]),
            row.get(i + 1..).unwrap_or(&[]),
        ),
        None => (&[][..], row),
    };
    // The first label text, and whether a second one was joined to it in `buf`.
    let mut first: &'r str = "";
    let mut joined = false;
    let mut label_span: Option<Span> = None;
    let mut prev = "";
    for c in label_cells {
        let t = c.trimmed;
        if t.is_empty() || t == prev {
            continue; // rowspan expansion repeats label cells
        }
        if first.is_empty() {
            first = t;
        } else {
            if !joined {
                buf.clear();
                buf.push_str(first);
                joined = true;
            }
            buf.push(' ');
            buf.push_str(t);
        }
        prev = t;
        if let Some(s) = c.span {
            label_span = Some(label_span.map_or(s, |l| l.cover(s)));
        }
    }
    RowParts {
        label: if joined { buf.as_str() } else { first },
        label_span,
        values,
    }
}

/// One parsed value with its span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Val {
    pub value: Cell,
    pub span: Span,
}

/// Parses value cells; unreadable ones are reported and returned as `None`.
fn parse_values(
    cells: &[CellRef<'_>],
    row_span: Span,
    diags: &mut Vec<Diagnostic>,
    out: &mut Vec<Option<Val>>,
) {
    out.clear();
    out.extend(cells.iter().map(|c| {
        let span = c.span.unwrap_or(row_span);
        match c.value {
            CellValue::Blank => Some(Val { value: None, span }),
            CellValue::Number { value, converted } => {
                if converted {
                    diags.push(
                        Diagnostic::new(
                            Code::UnitConverted,
                            format!("{:?} converted to {value} 万元", c.trimmed),
                        )
                        .with_span(span),
                    );
                }
                Some(Val {
                    value: Some(value),
                    span,
                })
            }
            CellValue::Unreadable => {
                diags.push(
                    Diagnostic::new(
                        Code::CellUnreadable,
                        format!("{:?} is not a number", c.text),
                    )
                    .with_span(span),
                );
                None
            }
        }
    }));
}

/// Reads the tables a grid holds. `kind` restricts the reader to one table (the section the
/// grid was found in); `None` reads whatever the labels show.
pub fn read_grid(grid: &Grid, kind: Option<TableKind>) -> TablesRead {
    with_memo(|memo| {
        let mut st = GridState::new();
        let mut cells: Vec<CellRef<'_>> = Vec::new();
        for row in grid.rows.iter().take(MAX_ROWS) {
            let row = row.get(..row.len().min(MAX_CELLS)).unwrap_or(row);
            cells.clear();
            cells.extend(row.iter().map(|c| CellRef::new(&c.text, c.span)));
            st.row(memo, &cells, cover(&cells), kind);
        }
        st.finish()
    })
}

/// [`read_grid`] of [`Grid::from_pipe_text`]`(text, base)`, without copying the cell texts.
pub(crate) fn read_pipe_text(text: &str, base: usize, kind: Option<TableKind>) -> TablesRead {
    read_pipe_text_with(text, base, kind, true)
}

/// [`read_pipe_text`], clean lines read whole when `clean` (else split like any line; the
/// two give the same reading).
fn read_pipe_text_with(
    text: &str,
    base: usize,
    kind: Option<TableKind>,
    clean: bool,
) -> TablesRead {
    // Text without a `|` gives no row: a reader given no row reads nothing (layout and
    // flattened PDF text).
    let Some(from) = first_pipe_line(text) else {
        return TablesRead::default();
    };
    with_memo(|memo| {
        let mut line_vals = std::mem::take(&mut memo.line_vals);
        if line_vals.len() < MAX_CELLS {
            line_vals.resize(MAX_CELLS, None);
        }
        let st = GridState::with_scratch(
            std::mem::take(&mut memo.st_infos),
            std::mem::take(&mut memo.st_vals),
        );
        let vals = std::mem::take(&mut memo.known_vals);
        let mut reader = PipeReader {
            st,
            memo,
            kind,
            clean,
            vals,
            line_vals,
            candidate: None,
        };
        pipe_rows_from(text, base, from, &mut reader);
        // (The scratch goes back to the memo for the next reading; `finish` reads none.)
        reader.memo.line_vals = reader.line_vals;
        reader.memo.known_vals = reader.vals;
        reader.memo.st_infos = std::mem::take(&mut reader.st.infos);
        reader.memo.st_vals = std::mem::take(&mut reader.st.vals);
        reader.st.finish()
    })
}

/// [`read_pipe_text`]'s sink: each row read as it comes.
struct PipeReader<'m> {
    st: GridState,
    memo: &'m mut Memo,
    kind: Option<TableKind>,
    clean: bool,
    /// Scratch: the values of a known line.
    vals: Vec<Option<Val>>,
    /// Scratch: the values of a clean line, [`MAX_CELLS`] slots (the memo's, lent while
    /// reading: allocated once a thread).
    line_vals: Vec<Option<Val>>,
    /// The last row read by [`GridState::row`], when it may be remembered with its line
    /// (spans in document offsets).
    candidate: Option<KnownLine>,
}

impl PipeReader<'_> {
    /// Reads the line `i` of the memo, at document offset `at`, as [`GridState::row`] reads
    /// its row (see [`KnownLine`]).
    fn known(&mut self, i: usize, at: usize) {
        let Some(slot) = self.memo.lines.get_mut(i) else {
            return;
        };
        // (Taken out while the memo serves the row's label; put back after.)
        let line = std::mem::take(slot);
        let blank = line.values_blank;
        let shift = |s: Span| Span {
            start: s.start + at,
            end: s.end + at,
        };
        // What `GridState::row_with` does with the row.
        let header = self.st.header(&line.infos, || blank, self.kind);
        // (A row with neither label nor value cells is left, as `row_with` leaves it.)
        let empty = line.label.is_empty() && line.blanks.is_empty();
        if !header && !empty {
            self.vals.clear();
            self.vals.extend(line.blanks.iter().map(|s| {
                Some(Val {
                    value: None,
                    span: shift(*s),
                })
            }));
            let label_id = self.memo.id(&line.label);
            let parts = RowParts {
                label: &line.label,
                label_span: line.label_span.map(shift),
                values: &[],
            };
            self.st.row_values(
                self.memo,
                &parts,
                label_id,
                &line.infos,
                &self.vals,
                shift(line.span),
                self.kind,
            );
        }
        if let Some(slot) = self.memo.lines.get_mut(i) {
            *slot = line;
        }
    }
}

impl<'a> PipeSink<'a> for PipeReader<'_> {
    fn wants_clean(&self) -> bool {
        self.clean
    }
    fn whole_line(&mut self, text: &'a str, base: usize, start: usize) -> Option<usize> {
        let b = text.as_bytes();
        // The remembered line that followed the last one the last time, when this is it (the
        // line is that text, then its line break or the end of the text).
        if let Some(i) = self.memo.predicted_line() {
            let key = self.memo.line_keys.get(i).map_or(&[][..], |k| k.as_bytes());
            let after = start + key.len();
            let next = match b.get(after) {
                None => Some(after),
                Some(b'\n') => Some(after + 1),
                Some(b'\r') if b.get(after + 1) == Some(&b'\n') => Some(after + 2),
                _ => None,
            };
            if let Some(next) = next.filter(|_| b.get(start..after) == Some(key)) {
                self.memo.saw_line(i);
                self.known(i, base + start);
                return Some(next);
            }
        }
        // The label that followed the last one the last time, when the line starts with it as
        // a clean line's label: `| label |`.
        let predicted = self.memo.predicted_label().and_then(|n| {
            let key = self.memo.keys.get(n)?.as_bytes();
            let (from, to) = (start + 2, start + 2 + key.len());
            let fits = b.get(start + 1) == Some(&b' ')
                && b.get(from..to) == Some(key)
                && b.get(to) == Some(&b' ')
                && b.get(to + 1) == Some(&b'|');
            (fits && self.memo.clean_label(n)).then_some((n, to + 1))
        });
        let (label, span, next, n) = clean_line(
            text,
            base,
            start,
            predicted.map(|p| p.1),
            &mut self.line_vals,
        )?;
        let vals = self.line_vals.get(..n).unwrap_or(&[]);
        let label_id = match (predicted, label) {
            (Some((n, _)), _) => {
                self.memo.saw_label(n);
                Some(n)
            }
            (None, Some((t, _))) => self.memo.id(t),
            (None, None) => None,
        };
        self.st
            .clean_row(self.memo, label, label_id, vals, span, self.kind);
        Some(next)
    }
    fn known_line(&mut self, body: &str, at: usize) -> bool {
        match self.memo.find_line(body) {
            Some(i) => {
                self.known(i, at);
                true
            }
            None => false,
        }
    }
    fn line_done(&mut self, body: &str, at: usize, rows: usize) {
        if let (1, Some(line)) = (rows, self.candidate.take()) {
            self.memo.add_line(body, at, line);
        }
        self.candidate = None;
    }
    fn open_row(&mut self, row: &[CellRef<'a>]) {
        self.st.open_end = true;
        self.row(row);
        self.st.open_end = false;
    }
    fn row(&mut self, row: &[CellRef<'a>]) {
        let span = pipe_cover(row);
        self.st.row(self.memo, row, span, self.kind);
        // A row without numbers (header rows, mostly) may be remembered with its line: its
        // value cells, after its last text cell, are then all printed blanks.
        self.candidate = None;
        if row
            .iter()
            .all(|c| !matches!(c.value, CellValue::Number { .. }))
        {
            let mut buf = String::new();
            let parts = split_row(row, &mut buf);
            self.candidate = Some(KnownLine {
                infos: self.st.infos.as_slice().into(),
                values_blank: parts.values.iter().all(|c| c.trimmed.is_empty()),
                label: parts.label.into(),
                label_span: parts.label_span,
                blanks: parts
                    .values
                    .iter()
                    .map(|c| c.span.unwrap_or(parts.label_span.unwrap_or(span)))
                    .collect(),
                span,
            });
        }
    }
}

#[derive(Default)]
struct GridState {
    out: TablesRead,
    active21: Cells<
        xxgk_model::schema::ActiveDisclosure2021Row,
        xxgk_model::schema::ActiveDisclosure2021Col,
    >,
    active19: Cells<
        xxgk_model::schema::ActiveDisclosure2019Row,
        xxgk_model::schema::ActiveDisclosure2019Col,
    >,
    active_cols: Vec<ActiveColMatch>,
    req_rows: Vec<GridRow>,
    /// The values of the [`GridRow::Full`] rows, each row's first reading in full written as
    /// read (a row read twice keeps its first reading; see [`set_full_rows`]).
    req_full: RequestsCells,
    /// The rows of `req_full` by ordinal (bit `n` for ordinal `n`; table 3 has fewer than 64
    /// rows, any beyond are looked up in `req_full`).
    req_seen: u64,
    group: Option<Group>,
    review_lines: Vec<(Option<ReviewRow>, Vec<Val>, Span)>,
    review_header: bool,
    current: Option<TableKind>,
    /// Scratch: the text infos of the current row.
    infos: Vec<TextInfo>,
    /// Scratch: the parsed values of the current row.
    vals: Vec<Option<Val>>,
    /// Scratch: the label of the current row, when joined from several cells.
    label_buf: String,
    /// Whether the current row is open ([`PipeSink::open_row`]): its last value may not be
    /// its own, so a row with more values than columns is left out rather than trimmed.
    open_end: bool,
}

impl GridState {
    /// A reader with room for a row's scratch (most rows have fewer than 16 cells).
    fn new() -> GridState {
        GridState {
            infos: Vec::with_capacity(16),
            vals: Vec::with_capacity(16),
            ..GridState::default()
        }
    }

    /// [`GridState::new`] with the given scratch (its contents are not read: every use
    /// clears it first), given room for 16 when it has none.
    fn with_scratch(mut infos: Vec<TextInfo>, mut vals: Vec<Option<Val>>) -> GridState {
        if infos.capacity() == 0 {
            infos.reserve(16);
        }
        if vals.capacity() == 0 {
            vals.reserve(16);
        }
        GridState {
            infos,
            vals,
            ..GridState::default()
        }
    }
}

/// One non-empty cell text of a row, folded once, with what the matchers make of it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct TextInfo {
    /// [`labels::template_hint`] of the text.
    hint: Option<xxgk_model::Template>,
    /// [`labels::match_active_col`].
    active_col: Option<ActiveColMatch>,
    /// [`labels::match_block_title`] is `Some`.
    block_title: bool,
    /// [`labels::match_review_col`] is `Some`.
    review_col: bool,
    /// [`labels::match_review_row`].
    review_row: Option<ReviewRow>,
    /// The text names no table-2 column but a piece of it between white space does (two
    /// header cells run together when a `|` was lost: `信息内容   上一年项目数量`).
    holds_active_col: bool,
}

/// Texts longer than this (bytes) are not memoized.
const MEMO_TEXT: usize = 256;
/// The memo tables are emptied when they reach this many entries (bounded memory).
const MEMO_CAP: usize = 4096;

/// [`labels::match_requests_row`] of one label under each group context (`None` first, then
/// the groups in declaration order); `None` where not computed yet.
type RequestsByGroup = [Option<Option<labels::RowMatch>>; 6];

fn group_slot(group: Option<Group>) -> usize {
    match group {
        None => 0,
        Some(Group::Result) => 1,
        Some(Group::Denied) => 2,
        Some(Group::Unavailable) => 3,
        Some(Group::Rejected) => 4,
        Some(Group::Other) => 5,
    }
}

/// What the matchers made of one text, each filled in when first asked for.
#[derive(Debug, Clone, Default)]
struct MemoEntry {
    /// [`labels::requests_anchors`] (the layout reader's table-3 row anchors).
    anchors: Option<Vec<labels::Anchor>>,
    /// [`TextInfo::compute`].
    text: Option<TextInfo>,
    /// [`LabelInfo::compute`].
    label: Option<LabelInfo>,
    /// [`labels::match_requests_row`] per group context.
    requests: RequestsByGroup,
    /// [`is_clean_label`].
    clean: Option<bool>,
    /// [`Memo::requests_plan`] per group context (as [`MemoEntry::requests`]).
    plans: [Option<Option<RequestsPlan>>; 6],
    /// [`Memo::row_plan`] reading table 2, then table 4.
    row_plans: [Option<Option<RowPlan>>; 2],
}

/// What [`GridState::clean_row`] does, reading table 3 (`kind` `Some(Requests)`), with a
/// clean line whose label is one text matching a table-3 row under the reader's group: the
/// votes it adds, the row, and the group after it (see [`Memo::requests_plan`]).
#[derive(Debug, Clone, Copy, PartialEq)]
struct RequestsPlan {
    /// The label's own template hint (the header test's vote).
    hint: Option<xxgk_model::Template>,
    /// The row's template hint, when the match implies a template (else `None`: no vote).
    row_hint: Option<xxgk_model::Template>,
    row: Requests2021Row,
    /// The reader's group after the row.
    group: Option<Group>,
}

/// What [`GridState::clean_row`] does, reading table 2 or table 4 (`kind` `Some`), with a clean
/// line whose label is one text matching a row of that table: the label's own template hint
/// (the header test's vote), then the row read (see [`Memo::row_plan`]).
#[derive(Debug, Clone, Copy, PartialEq)]
struct RowPlan {
    hint: Option<xxgk_model::Template>,
    row: PlannedRow,
}

/// The row a [`RowPlan`] reads.
#[derive(Debug, Clone, Copy, PartialEq)]
enum PlannedRow {
    /// A table-2 row, with the label's [`LabelInfo::hint`] (its vote).
    Active {
        hint: Option<xxgk_model::Template>,
        m: labels::ActiveRowMatch,
    },
    /// A table-4 row.
    Review(ReviewRow),
}

/// True when `label`, between one space each side, is the label piece of a clean line
/// ([`clean_line`]: one piece, a label) that [`trim_piece`] reads as `label` itself.
fn is_clean_label(label: &str) -> bool {
    let piece = format!(" {label} ");
    !label.is_empty()
        && !label.contains(['|', '\n'])
        && labels::has_cjk(label)
        && matches!(parse_trimmed(label), CellValue::Unreadable)
        && trim_piece(&piece, 0, piece.len()) == (1, label)
}

/// The matchers' results for the texts a thread has read (cell texts and row labels repeat
/// from report to report), so each text is folded and matched once. Every matcher is a pure
/// function of its text: a remembered result is what computing it again gives.
///
/// A text is looked up once per row: [`Memo::id`] gives its entry, which then serves every
/// matcher the row asks about it (a row's only label cell is also its label).
#[derive(Default)]
pub(crate) struct Memo {
    /// Entry of each text.
    ids: std::collections::HashMap<String, usize, FxBuild>,
    entries: Vec<MemoEntry>,
    /// The text of each entry.
    keys: Vec<Box<str>>,
    /// The entry looked up right after each entry, the last time it was looked up (reports
    /// print their labels in the same order: the next text is most often that entry's).
    next: Vec<Option<usize>>,
    /// The entry looked up last.
    last: Option<usize>,
    /// [`TextInfo::compute`]`(row.label()).hint` by [`Requests2021Row`] ordinal.
    row_hints: Vec<Option<Option<xxgk_model::Template>>>,
    /// Entry of each remembered line (a pipe line without its line break).
    line_ids: std::collections::HashMap<String, usize, FxBuild>,
    /// The lines remembered (see [`KnownLine`]).
    lines: Vec<KnownLine>,
    /// The text of each remembered line.
    line_keys: Vec<Box<str>>,
    /// The remembered line seen right after each one, the last time it was seen.
    line_next: Vec<Option<usize>>,
    /// The remembered line seen last.
    last_line: Option<usize>,
    /// Scratch of the pipe reader, kept from one reading to the next (see
    /// [`PipeReader::line_vals`]).
    line_vals: Vec<Option<Val>>,
    /// Likewise [`PipeReader::vals`], and [`GridState::infos`] and [`GridState::vals`] of its
    /// state.
    known_vals: Vec<Option<Val>>,
    st_infos: Vec<TextInfo>,
    st_vals: Vec<Option<Val>>,
}

/// A pipe line whose general reading is one row without numbers (a header row, mostly), as
/// [`GridState::row`] reads it: the text infos of its cells, whether its value cells (after its
/// last text cell) are all empty, its label, and the spans of its label, its value cells (all
/// printed blanks) and itself, as offsets from the line's start. Reading the line again is
/// [`GridState::row_with`] of these (any table, any state: the reader's state is not part of
/// them).
#[derive(Debug, Clone, Default)]
struct KnownLine {
    infos: Box<[TextInfo]>,
    values_blank: bool,
    label: Box<str>,
    label_span: Option<Span>,
    blanks: Box<[Span]>,
    span: Span,
}

/// Lines longer than this (bytes) are not remembered.
const MEMO_LINE: usize = 1024;

thread_local! {
    static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::new(Memo::default());
}

/// Runs `f` with the thread's memo (emptied first when full: bounded memory), or with an
/// empty one when it is in use.
pub(crate) fn with_memo<T>(f: impl FnOnce(&mut Memo) -> T) -> T {
    MEMO.with(|m| match m.try_borrow_mut() {
        Ok(mut m) => {
            if m.entries.len() >= MEMO_CAP {
                m.ids.clear();
                m.entries.clear();
                m.keys.clear();
                m.next.clear();
                m.last = None;
            }
            if m.lines.len() >= MEMO_CAP {
                m.line_ids.clear();
                m.lines.clear();
                m.line_keys.clear();
                m.line_next.clear();
                m.last_line = None;
            }
            f(&mut m)
        }
        Err(_) => f(&mut Memo::default()),
    })
}

impl Memo {
    /// The entry of `text`; `None` when the text is too long to remember or the memo is full
    /// (the caller then computes).
    pub(crate) fn id(&mut self, text: &str) -> Option<usize> {
        if text.len() > MEMO_TEXT {
            return None;
        }
        // The entry that followed the last one before: one comparison instead of a hash.
        let predicted = self.last.and_then(|l| self.next.get(l).copied().flatten());
        if let Some(n) = predicted {
            if self.keys.get(n).is_some_and(|k| **k == *text) {
                self.last = Some(n);
                return Some(n);
            }
        }
        let i = match self.ids.get(text) {
            Some(&i) => i,
            None => {
                if self.entries.len() >= MEMO_CAP {
                    return None;
                }
                let i = self.entries.len();
                self.entries.push(MemoEntry::default());
                self.keys.push(text.into());
                self.next.push(None);
                self.ids.insert(text.to_string(), i);
                i
            }
        };
        if let Some(slot) = self.last.and_then(|l| self.next.get_mut(l)) {
            *slot = Some(i);
        }
        self.last = Some(i);
        Some(i)
    }

    /// The entry looked up right after the last one, the last time.
    fn predicted_label(&self) -> Option<usize> {
        self.last.and_then(|l| self.next.get(l).copied().flatten())
    }

    /// Notes that entry `n`, [`Memo::predicted_label`], was looked up (as [`Memo::id`] of its
    /// text does).
    fn saw_label(&mut self, n: usize) {
        self.last = Some(n);
    }

    /// [`is_clean_label`] of entry `n`'s text (kept in the entry: looked up inline, computed
    /// out of line the first time).
    #[inline]
    fn clean_label(&mut self, n: usize) -> bool {
        match self.entries.get(n).map(|e| e.clean) {
            Some(Some(c)) => c,
            Some(None) => self.compute_clean_label(n),
            None => false,
        }
    }

    #[cold]
    fn compute_clean_label(&mut self, n: usize) -> bool {
        let (Some(e), Some(k)) = (self.entries.get_mut(n), self.keys.get(n)) else {
            return false;
        };
        *e.clean.get_or_insert_with(|| is_clean_label(k))
    }

    /// The remembered line that followed the last one seen, the last time.
    fn predicted_line(&self) -> Option<usize> {
        self.last_line
            .and_then(|l| self.line_next.get(l).copied().flatten())
    }

    /// Notes that remembered line `i` was seen (after the last one).
    fn saw_line(&mut self, i: usize) {
        if let Some(slot) = self.last_line.and_then(|l| self.line_next.get_mut(l)) {
            *slot = Some(i);
        }
        self.last_line = Some(i);
    }

    /// The remembered line `body`, when there is one (then seen).
    fn find_line(&mut self, body: &str) -> Option<usize> {
        let i = *self.line_ids.get(body)?;
        self.saw_line(i);
        Some(i)
    }

    /// Remembers the line `body` at document offset `at` (then seen), read as `line` (spans
    /// in document offsets), unless too long or the memo is full.
    fn add_line(&mut self, body: &str, at: usize, mut line: KnownLine) {
        if body.len() > MEMO_LINE || self.lines.len() >= MEMO_CAP {
            return;
        }
        let unshift = |s: Span| Span {
            start: s.start.saturating_sub(at),
            end: s.end.saturating_sub(at),
        };
        line.label_span = line.label_span.map(unshift);
        line.span = unshift(line.span);
        for s in line.blanks.iter_mut() {
            *s = unshift(*s);
        }
        let i = match self.line_ids.get(body) {
            Some(&i) => i,
            None => {
                let i = self.lines.len();
                self.lines.push(line);
                self.line_keys.push(body.into());
                self.line_next.push(None);
                self.line_ids.insert(body.to_string(), i);
                i
            }
        };
        self.saw_line(i);
    }

    /// [`TextInfo::compute`]`(text)`, `id` being [`Memo::id`]`(text)`.
    fn text(&mut self, id: Option<usize>, text: &str) -> TextInfo {
        let Some(e) = id.and_then(|i| self.entries.get_mut(i)) else {
            return TextInfo::compute(text);
        };
        *e.text.get_or_insert_with(|| TextInfo::compute(text))
    }

    /// [`LabelInfo::compute`]`(label)`, `id` being [`Memo::id`]`(label)`.
    fn label(&mut self, id: Option<usize>, label: &str) -> LabelInfo {
        let Some(e) = id.and_then(|i| self.entries.get_mut(i)) else {
            return LabelInfo::compute(label);
        };
        *e.label.get_or_insert_with(|| LabelInfo::compute(label))
    }

    /// [`labels::match_requests_row`]`(label, group)`, `id` being [`Memo::id`]`(label)`.
    fn requests(
        &mut self,
        id: Option<usize>,
        label: &str,
        group: Option<Group>,
    ) -> Option<labels::RowMatch> {
        let slot = id
            .and_then(|i| self.entries.get_mut(i))
            .and_then(|e| e.requests.get_mut(group_slot(group)));
        let Some(slot) = slot else {
            return labels::match_requests_row(label, group);
        };
        *slot.get_or_insert_with(|| labels::match_requests_row(label, group))
    }

    /// What [`GridState::clean_row`] does with a clean line's row labelled `label` (entry
    /// `id`, not empty) when reading table 3 under `group`, when it is a table-3 row: its
    /// only text info is no header (no block title; one info cannot name two table-4 labels,
    /// and table 2's columns are not read), and [`GridState::row_values`] matches it to a row
    /// (after the label's own `（n）` group). `None` for any other row (read the general way).
    /// Pure function of the label and group, kept per entry.
    fn requests_plan(
        &mut self,
        id: usize,
        label: &str,
        group: Option<Group>,
    ) -> Option<RequestsPlan> {
        let slot = group_slot(group);
        if let Some(Some(p)) = self.entries.get(id).and_then(|e| e.plans.get(slot)) {
            return *p;
        }
        let plan = self.compute_requests_plan(id, label, group);
        if let Some(s) = self.entries.get_mut(id).and_then(|e| e.plans.get_mut(slot)) {
            *s = Some(plan);
        }
        plan
    }

    fn compute_requests_plan(
        &mut self,
        id: usize,
        label: &str,
        group: Option<Group>,
    ) -> Option<RequestsPlan> {
        if label.is_empty() {
            return None;
        }
        let info = self.text(Some(id), label);
        if info.block_title {
            return None;
        }
        let li = self.label(Some(id), label);
        let mut group = group;
        if let Some(g) = li.paren_group {
            group = Some(g);
        }
        let m = self.requests(Some(id), label, group)?;
        let row_hint = if m.template.is_some() {
            self.row_hint(m.row)
        } else {
            None
        };
        if let Some(g) = labels::requests_row_group(m.row) {
            if g != Group::Result {
                group = Some(g);
            }
        }
        Some(RequestsPlan {
            hint: info.hint,
            row_hint,
            row: m.row,
            group,
        })
    }

    /// What [`GridState::clean_row`] does with a clean line's row labelled `label` (entry `id`,
    /// not empty) when reading `kind` (table 2 or table 4), when it is a row of that table:
    /// its only text info is no header (no table-2 column label or block title; one info
    /// cannot name two table-4 labels), and [`GridState::row_values`] matches it to a row of
    /// the table. `None` for any other row or table (read the general way). Pure function of
    /// the label and table, kept per entry.
    fn row_plan(&mut self, id: usize, label: &str, kind: TableKind) -> Option<RowPlan> {
        let slot = match kind {
            TableKind::ActiveDisclosure => 0,
            TableKind::ReviewLitigation => 1,
            _ => return None,
        };
        if let Some(Some(p)) = self.entries.get(id).and_then(|e| e.row_plans.get(slot)) {
            return *p;
        }
        let plan = self.compute_row_plan(id, label, kind);
        if let Some(s) = self
            .entries
            .get_mut(id)
            .and_then(|e| e.row_plans.get_mut(slot))
        {
            *s = Some(plan);
        }
        plan
    }

    fn compute_row_plan(&mut self, id: usize, label: &str, kind: TableKind) -> Option<RowPlan> {
        if label.is_empty() {
            return None;
        }
        let info = self.text(Some(id), label);
        // (With one info the value cells are never asked about.)
        if header_kind(std::slice::from_ref(&info), || false, Some(kind)).is_some() {
            return None;
        }
        let li = self.label(Some(id), label);
        let row = match kind {
            TableKind::ActiveDisclosure => PlannedRow::Active {
                hint: li.hint,
                m: li.active_row?,
            },
            // (One info names at most one table-4 row: the label's row stands.)
            TableKind::ReviewLitigation => PlannedRow::Review(li.review_row?),
            _ => return None,
        };
        Some(RowPlan {
            hint: info.hint,
            row,
        })
    }

    /// Calls `f` with each of [`labels::requests_anchors`]`(label)`, `id` being
    /// [`Memo::id`]`(label)`.
    pub(crate) fn anchors(
        &mut self,
        id: Option<usize>,
        label: &str,
        f: impl FnMut(&labels::Anchor),
    ) {
        match id.and_then(|i| self.entries.get_mut(i)) {
            Some(e) => e
                .anchors
                .get_or_insert_with(|| labels::requests_anchors(label))
                .iter()
                .for_each(f),
            None => labels::requests_anchors(label).iter().for_each(f),
        }
    }

    /// The template hint of a table-3 row's own label.
    fn row_hint(&mut self, row: Requests2021Row) -> Option<xxgk_model::Template> {
        let compute = || TextInfo::compute(row.label()).hint;
        if self.row_hints.is_empty() {
            self.row_hints = vec![None; Requests2021Row::ALL.len()];
        }
        match self.row_hints.get_mut(row.ordinal()) {
            Some(slot) => *slot.get_or_insert_with(compute),
            None => compute(),
        }
    }
}

/// What the matchers make of a row's label (the cells before its values, joined).
#[derive(Debug, Clone, Copy, PartialEq)]
struct LabelInfo {
    /// [`labels::match_active_row`].
    active_row: Option<labels::ActiveRowMatch>,
    /// [`labels::template_hint`].
    hint: Option<xxgk_model::Template>,
    /// The last `（n）` group numbering among the label's pieces.
    paren_group: Option<Group>,
    /// [`labels::match_review_row`].
    review_row: Option<ReviewRow>,
}

impl LabelInfo {
    fn compute(label: &str) -> LabelInfo {
        let cjk = labels::has_cjk(label);
        let f = labels::fold(label);
        let paren_group = labels::parse_folded(&f).iter().rev().find_map(|p| {
            p.numbering.and_then(|n| match n {
                labels::Numbering::Paren(n) => Group::from_number(n),
                _ => None,
            })
        });
        LabelInfo {
            active_row: cjk.then(|| labels::match_active_row_folded(&f)).flatten(),
            hint: cjk
                .then(|| labels::template_hint_folded(&f, labels::match_active_col_folded(&f)))
                .flatten(),
            paren_group,
            review_row: cjk.then(|| labels::match_review_row_folded(&f)).flatten(),
        }
    }
}

impl TextInfo {
    /// What the matchers make of a text without CJK: nothing.
    const NONE: TextInfo = TextInfo {
        hint: None,
        active_col: None,
        block_title: false,
        review_col: false,
        review_row: None,
        holds_active_col: false,
    };

    fn compute(text: &str) -> TextInfo {
        if !labels::has_cjk(text) {
            // Every matcher below answers `None` for a text without CJK.
            return TextInfo::NONE;
        }
        let f = labels::fold(text);
        let active_col = labels::match_active_col_folded(&f);
        TextInfo {
            hint: labels::template_hint_folded(&f, active_col),
            active_col,
            block_title: labels::match_block_title_folded(&f).is_some(),
            review_col: labels::match_review_col_folded(&f).is_some(),
            review_row: labels::match_review_row_folded(&f),
            holds_active_col: active_col.is_none()
                && text.contains(char::is_whitespace)
                && text
                    .split_whitespace()
                    .any(|piece| labels::match_active_col(piece).is_some()),
        }
    }
}

/// What a header row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Header {
    /// Table 2's column labels (of one block).
    ActiveColumns,
    /// A table-2 block title (`第二十条第（一）项`).
    BlockTitle,
    /// Table 4's column labels.
    Review,
}

/// What header row a row is, from the text infos of its cells and whether its value cells are
/// all blank, when reading `kind` (`None`: any table); `None` for a row that is no header.
fn header_kind(
    infos: &[TextInfo],
    values_blank: impl FnOnce() -> bool,
    kind: Option<TableKind>,
) -> Option<Header> {
    let allow = |k: TableKind| kind.is_none() || kind == Some(k);
    // Table 2 header row: columns of the block.
    if allow(TableKind::ActiveDisclosure) && infos.iter().any(|t| t.active_col.is_some()) {
        return Some(Header::ActiveColumns);
    }
    if infos.iter().any(|t| t.block_title) {
        return Some(Header::BlockTitle);
    }
    // Table 4 header rows.
    let review_labels = infos
        .iter()
        .filter(|t| t.review_col || t.review_row.is_some())
        .count();
    if review_labels >= 2 && values_blank() && allow(TableKind::ReviewLitigation) {
        return Some(Header::Review);
    }
    None
}

/// A table-3 row as the grid reader keeps it until the table ends: a row of exactly 7 values
/// (printed in full, the common case) inline, any other as a [`PlacedRow`].
// The inline variant is the point: most rows are full, and boxing them would allocate again.
#[allow(clippy::large_enum_variant)]
enum GridRow {
    /// Its 7 values, all read, are the row's cells in the reader's `req_full` (when it is the
    /// first reading of the row; a later one is only reported as printed twice, its values
    /// unused).
    Full {
        row: Requests2021Row,
        span: Span,
    },
    Placed(PlacedRow<Requests2021Row>),
}

impl GridRow {
    fn into_placed(self, full: &RequestsCells) -> PlacedRow<Requests2021Row> {
        match self {
            GridRow::Full { row, span } => PlacedRow {
                row,
                values: full
                    .row_reads(row)
                    .unwrap_or(&[])
                    .iter()
                    .flatten()
                    .map(|r| Val {
                        value: r.value,
                        span: r.span,
                    })
                    .collect(),
                span,
            },
            GridRow::Placed(p) => p,
        }
    }
}

/// A table-3 row as read: its values (fewer than 7 when empty cells vanished).
pub(crate) struct PlacedRow<R> {
    pub row: R,
    pub values: Vec<Val>,
    pub span: Span,
}

impl GridState {
    /// Reads one row; `row_span` is the [`cover`] of its cells.
    /// Reads one row; `row_span` is the [`cover`] of its cells. The row's text infos are left
    /// in `self.infos`.
    fn row(
        &mut self,
        memo: &mut Memo,
        row: &[CellRef<'_>],
        row_span: Span,
        kind: Option<TableKind>,
    ) {
        let mut label_buf = std::mem::take(&mut self.label_buf);
        let parts = split_row(row, &mut label_buf);
        // Each text is folded and matched once (the matchers are pure functions of it).
        // Only texts with CJK are kept: every matcher answers `None` for the others
        // (numbers, blanks), and a `TextInfo::NONE` counts for nothing where infos are read.
        let mut infos = std::mem::take(&mut self.infos);
        infos.clear();
        // The memo entry of the label, when a cell's text is the label.
        let mut label_id: Option<Option<usize>> = None;
        // A text repeating the one before it (rowspan/colspan expansion) has its infos.
        let mut prev: Option<(&str, TextInfo)> = None;
        for c in row {
            let t = c.trimmed;
            if t.is_empty() || !labels::has_cjk(t) {
                continue;
            }
            let info = match prev {
                Some((p, i)) if p == t => i,
                _ => {
                    let id = memo.id(t);
                    // (The label is most often this very cell's text: same address.)
                    let is_label = std::ptr::eq(t, parts.label) || t == parts.label;
                    if label_id.is_none() && is_label {
                        label_id = Some(id);
                    }
                    memo.text(id, t)
                }
            };
            prev = Some((t, info));
            infos.push(info);
        }
        self.row_with(memo, &parts, label_id, &infos, row_span, kind);
        self.infos = infos;
        self.label_buf = label_buf;
    }

    fn row_with(
        &mut self,
        memo: &mut Memo,
        parts: &RowParts<'_, '_>,
        label_id: Option<Option<usize>>,
        infos: &[TextInfo],
        row_span: Span,
        kind: Option<TableKind>,
    ) {
        if self.header(
            infos,
            || parts.values.iter().all(|c| c.trimmed.is_empty()),
            kind,
        ) {
            return;
        }
        if parts.label.is_empty() && parts.values.is_empty() {
            return;
        }
        let mut vals = std::mem::take(&mut self.vals);
        parse_values(
            parts.values,
            parts.label_span.unwrap_or(row_span),
            &mut self.out.diagnostics,
            &mut vals,
        );
        let label_id = label_id.unwrap_or_else(|| memo.id(parts.label));
        self.row_values(memo, parts, label_id, infos, &vals, row_span, kind);
        self.vals = vals;
    }

    /// Counts the row's template hints, and reads it when it is a header row (true then):
    /// `values_blank` tells whether every value cell is blank.
    fn header(
        &mut self,
        infos: &[TextInfo],
        values_blank: impl FnOnce() -> bool,
        kind: Option<TableKind>,
    ) -> bool {
        for t in infos {
            self.out.votes.add_hint(t.hint);
        }
        match header_kind(infos, values_blank, kind) {
            Some(Header::ActiveColumns) => {
                self.active_cols.clear();
                // A text cell after the first column label that names no column, or a cell
                // holding a column label among other words (cells run together when a `|`
                // was lost: `本年废止件数   现行有效件数`, `信息内容   上一年项目数量`): the
                // block's columns are not known, and its rows are left out.
                let first = infos.iter().position(|t| t.active_col.is_some());
                let broken = infos.iter().any(|t| t.holds_active_col)
                    || first
                        .and_then(|f| infos.get(f..))
                        .is_some_and(|rest| rest.iter().any(|t| t.active_col.is_none()));
                if broken {
                    self.out.diagnostics.push(Diagnostic::new(
                        Code::CellAmbiguous,
                        "table 2 header with a cell that names no column: the block's columns \
                         are not known and its rows are left out",
                    ));
                } else {
                    self.active_cols
                        .extend(infos.iter().filter_map(|t| t.active_col));
                }
                self.current = Some(TableKind::ActiveDisclosure);
                true
            }
            Some(Header::BlockTitle) => {
                self.current = Some(TableKind::ActiveDisclosure);
                true
            }
            Some(Header::Review) => {
                self.review_header = true;
                self.current = Some(TableKind::ReviewLitigation);
                true
            }
            None => false,
        }
    }

    /// [`GridState::row`] of a clean line's row ([`clean_line`]): its label cell (when it has
    /// one) is the only cell with CJK, so its only text info, and its values are read.
    /// `label_id` is [`Memo::id`] of the label, when it has one.
    fn clean_row(
        &mut self,
        memo: &mut Memo,
        label: Option<(&str, Span)>,
        label_id: Option<usize>,
        vals: &[Option<Val>],
        row_span: Span,
        kind: Option<TableKind>,
    ) {
        // A table-3 row whose label the memo has planned: what the general reading below does
        // with it, without its look-ups.
        if kind == Some(TableKind::Requests) {
            if let (Some((t, s)), Some(id)) = (label, label_id) {
                if let Some(p) = memo.requests_plan(id, t, self.group) {
                    self.out.votes.add_hint(p.hint);
                    self.out.votes.add_hint(p.row_hint);
                    self.current = Some(TableKind::Requests);
                    self.group = p.group;
                    self.requests_values(p.row, t, s, vals);
                    return;
                }
            }
        }
        // Likewise a table-2 or table-4 row.
        if let (Some(k), Some((t, s)), Some(id)) = (kind, label, label_id) {
            if let Some(p) = memo.row_plan(id, t, k) {
                self.out.votes.add_hint(p.hint);
                match p.row {
                    PlannedRow::Active { hint, m } => {
                        self.out.votes.add_hint(hint);
                        self.current = Some(TableKind::ActiveDisclosure);
                        self.active_row(m, t, vals, s);
                    }
                    PlannedRow::Review(r) => self.review_line(Some(r), t, vals, row_span),
                }
                return;
            }
        }
        let mut info = [TextInfo::NONE];
        let (parts, label_id, infos) = match label {
            Some((t, s)) => {
                let id = label_id;
                info[0] = memo.text(id, t);
                let parts = RowParts {
                    label: t,
                    label_span: Some(s),
                    values: &[],
                };
                (parts, id, &info[..])
            }
            None => {
                let parts = RowParts {
                    label: "",
                    label_span: None,
                    values: &[],
                };
                (parts, memo.id(""), &[][..])
            }
        };
        // (Every value cell holds a number or is empty: a blank has no value.)
        let values_blank = || vals.iter().all(|v| v.is_some_and(|v| v.value.is_none()));
        if self.header(infos, values_blank, kind) {
            return;
        }
        if parts.label.is_empty() && vals.is_empty() {
            return;
        }
        self.row_values(memo, &parts, label_id, infos, vals, row_span, kind);
    }

    /// The rest of [`GridState::row_with`]: the row's values are parsed.
    /// `label_id` is [`Memo::id`] of the row's label.
    #[allow(clippy::too_many_arguments)]
    fn row_values(
        &mut self,
        memo: &mut Memo,
        parts: &RowParts<'_, '_>,
        label_id: Option<usize>,
        infos: &[TextInfo],
        vals: &[Option<Val>],
        row_span: Span,
        kind: Option<TableKind>,
    ) {
        let allow = |k: TableKind| kind.is_none() || kind == Some(k);
        let label_span = parts.label_span.unwrap_or(row_span);
        let label = memo.label(label_id, parts.label);

        // Table 2 data row.
        if allow(TableKind::ActiveDisclosure) {
            if let Some(m) = label.active_row {
                self.out.votes.add_hint(label.hint);
                self.current = Some(TableKind::ActiveDisclosure);
                self.active_row(m, parts.label, vals, label_span);
                return;
            }
        }
        // Table 3 rows.
        if allow(TableKind::Requests) && !parts.label.is_empty() {
            if let Some(g) = label.paren_group {
                self.group = Some(g);
            }
            if let Some(m) = memo.requests(label_id, parts.label, self.group) {
                self.current = Some(TableKind::Requests);
                if m.template.is_some() {
                    self.out.votes.add_hint(memo.row_hint(m.row));
                }
                if let Some(g) = labels::requests_row_group(m.row) {
                    if g != Group::Result {
                        self.group = Some(g);
                    }
                }
                self.requests_values(m.row, parts.label, label_span, vals);
                return;
            }
        }
        // Table 4 rows.
        if allow(TableKind::ReviewLitigation) {
            // A label naming more than one table-4 row is header text glued to a data row
            // (line breaks lost): the values' row is not known.
            // (A cell whose trimmed text is empty or has no CJK names no row either way.)
            let names = infos.iter().filter(|t| t.review_row.is_some()).count();
            let rrow = label.review_row.filter(|_| names < 2);
            let in_review = self.review_header
                || self.current == Some(TableKind::ReviewLitigation)
                || kind == Some(TableKind::ReviewLitigation);
            if (rrow.is_some() || (parts.label.is_empty() && in_review)) && !vals.is_empty() {
                self.review_line(rrow, parts.label, vals, row_span);
                return;
            }
        }
        if !parts.label.is_empty()
            && !vals.is_empty()
            && vals.iter().any(|v| v.is_some_and(|v| v.value.is_some()))
            && self.current.is_some()
        {
            self.out.diagnostics.push(
                Diagnostic::new(
                    Code::RowUnmatched,
                    format!("row label {:?} matched no template row", parts.label),
                )
                .with_span(label_span),
            );
        }
    }

    /// Keeps a table-4 line (of row `row`, or of the whole table) for [`resolve_review`] when
    /// it has values and every one was read, unless it is an open row with too many
    /// ([`GridState::open_surplus`]).
    fn review_line(
        &mut self,
        row: Option<ReviewRow>,
        label: &str,
        vals: &[Option<Val>],
        span: Span,
    ) {
        let n = if row.is_some() { 5 } else { 15 };
        if vals.is_empty()
            || !vals.iter().all(Option::is_some)
            || self.open_surplus(n, vals.len(), span)
            || (vals.len() < n && self.glued_value(label, span))
        {
            return;
        }
        let mut v: Vec<Val> = Vec::with_capacity(vals.len());
        v.extend(vals.iter().flatten().copied());
        self.review_lines.push((row, v, span));
    }

    /// Whether the label of a row with fewer values than columns ends in a number of its own
    /// (`二、上年结转政府信息公开申请数量   0 | 2 | …`: the `|` after the label was lost, so the
    /// row's first value went into its label cell). Which cell is missing is then not known:
    /// the row is reported (at `span`) and to be left out.
    fn glued_value(&mut self, label: &str, span: Span) -> bool {
        let Some((head, last)) = label.trim_end().rsplit_once(char::is_whitespace) else {
            return false;
        };
        if head.trim().is_empty() || !matches!(parse_cell(last), CellValue::Number { .. }) {
            return false;
        }
        self.out.diagnostics.push(
            Diagnostic::new(
                Code::CellAmbiguous,
                format!(
                    "the row label ends in the number {last:?} and the row has a value too few \
                     (the `|` after its label lost?): the row is left out"
                ),
            )
            .with_span(span),
        );
        true
    }

    /// Whether the current row is open and holds more values (`got`) than its `n` columns:
    /// either a blank cell at its start is a spacer or its last value is a stray glued to it,
    /// and nothing tells which. The row is then reported (at `span`) and to be left out.
    fn open_surplus(&mut self, n: usize, got: usize, span: Span) -> bool {
        if !self.open_end || got <= n {
            return false;
        }
        self.out.diagnostics.push(
            Diagnostic::new(
                Code::CellAmbiguous,
                format!(
                    "{got} values for {n} columns, the last after the line's last `|` (its \
                     closing `|` lost, or a page number glued to the row): the row is left out"
                ),
            )
            .with_span(span),
        );
        true
    }

    /// The values of table-3 row `row` (labelled `label` at `label_span`), as
    /// [`GridState::row_values`] keeps them.
    fn requests_values(
        &mut self,
        row: Requests2021Row,
        label: &str,
        label_span: Span,
        vals: &[Option<Val>],
    ) {
        if vals.len() < 7 && self.glued_value(label, label_span) {
            return;
        }
        if vals.iter().any(Option::is_none) {
            // An unreadable cell: the others keep their place when the row is full.
            if vals.len() == 7 {
                let mut cells = self.out.requests.take().unwrap_or_default();
                for (c, v) in RequestsCol::ALL.iter().zip(vals) {
                    if let Some(v) = v {
                        cells.set(
                            row,
                            *c,
                            Read {
                                value: v.value,
                                span: v.span,
                            },
                        );
                    }
                }
                self.out.requests = Some(cells);
            }
            return;
        }
        if vals.is_empty() {
            // No value cell after the label (a stray text cell such as a page number
            // ended the row, or every cell vanished): nothing is known of the row.
            self.out.diagnostics.push(
                Diagnostic::new(
                    Code::CellAmbiguous,
                    format!("row {:?} has no value cells: left out", label),
                )
                .with_span(label_span),
            );
            return;
        }
        if self.open_surplus(7, vals.len(), label_span) {
            return;
        }
        if self.req_rows.capacity() == 0 {
            // Table 3 has up to 28 rows.
            self.req_rows.reserve(32);
        }
        // Every value was read (checked above).
        if vals.len() == 7 {
            // The first reading of the row is written where the table will hold it (a later
            // one is only reported as printed twice).
            let bit = u32::try_from(row.ordinal())
                .ok()
                .and_then(|o| 1u64.checked_shl(o));
            let first = match bit {
                Some(bit) => self.req_seen & bit == 0,
                None => !self.req_full.has_row(row),
            };
            if first {
                self.req_seen |= bit.unwrap_or(0);
                self.req_full.set_row_with(row, vals, |v| {
                    v.map(|v| Read {
                        value: v.value,
                        span: v.span,
                    })
                });
            }
            self.req_rows.push(GridRow::Full {
                row,
                span: label_span,
            });
            return;
        }
        let mut values: Vec<Val> = Vec::with_capacity(vals.len());
        values.extend(vals.iter().flatten().copied());
        self.req_rows.push(GridRow::Placed(PlacedRow {
            row,
            values: trim_to(values, 7),
            span: label_span,
        }));
    }

    fn active_row(
        &mut self,
        m: labels::ActiveRowMatch,
        label: &str,
        vals: &[Option<Val>],
        span: Span,
    ) {
        let cols = &self.active_cols;
        let n = cols.len();
        let got = vals.len();
        if self.open_surplus(n, got, span) || (got < n && self.glued_value(label, span)) {
            return;
        }
        let cols = &self.active_cols;
        let mut single = [None];
        let picked = pick_active_values(vals, n, &mut single);
        let Some(picked) = picked else {
            self.out.diagnostics.push(
                Diagnostic::new(
                    Code::CellAmbiguous,
                    format!("{got} values for {n} columns: the row is left out"),
                )
                .with_span(span),
            );
            return;
        };
        for (col, v) in cols.iter().zip(picked) {
            let Some(v) = *v else { continue };
            let read = Read {
                value: v.value,
                span: v.span,
            };
            match col {
                ActiveColMatch::Gov2021(c) => {
                    if let Some(r) = m.gov2021 {
                        if <xxgk_model::schema::ActiveDisclosure2021 as xxgk_model::schema::Schema>::has_cell(r, *c) {
                            self.active21.set(r, *c, read);
                        }
                    }
                }
                ActiveColMatch::Gov2019(c) => {
                    if let Some(r) = m.gov2019 {
                        if <xxgk_model::schema::ActiveDisclosure2019 as xxgk_model::schema::Schema>::has_cell(r, *c) {
                            self.active19.set(r, *c, read);
                        }
                    }
                }
            }
        }
    }

    fn finish(mut self) -> TablesRead {
        // Table 2: the layout with cells; both → the larger, with a diagnostic.
        let (a21, a19) = (
            std::mem::take(&mut self.active21),
            std::mem::take(&mut self.active19),
        );
        if !a21.is_empty() || !a19.is_empty() {
            if !a21.is_empty() && !a19.is_empty() {
                self.out.diagnostics.push(Diagnostic::new(
                    Code::TemplateMixed,
                    "table 2 has column labels of both templates; the layout with more cells is kept",
                ));
            }
            self.out.active = Some(if a21.len() >= a19.len() {
                ActiveCells::Gov2021(a21)
            } else {
                ActiveCells::Gov2019(a19)
            });
        }
        // Table 3.
        if !self.req_rows.is_empty() || self.out.requests.is_some() {
            let rows = std::mem::take(&mut self.req_rows);
            let full = std::mem::take(&mut self.req_full);
            let cells = if rows.iter().all(|r| matches!(r, GridRow::Full { .. })) {
                // What resolve_requests does for such rows (`set_full_rows`), their values
                // already in place: each row's first reading written, a later one reported.
                // (Rows seen by ordinal; table 3 has fewer than 64, any beyond in a list.)
                let mut seen = 0u64;
                let mut more: Vec<Requests2021Row> = Vec::new();
                for r in &rows {
                    if let GridRow::Full { row, span } = r {
                        let bit = u32::try_from(row.ordinal())
                            .ok()
                            .and_then(|o| 1u64.checked_shl(o));
                        let again = match bit {
                            Some(bit) => {
                                let again = seen & bit != 0;
                                seen |= bit;
                                again
                            }
                            None if more.contains(row) => true,
                            None => {
                                more.push(*row);
                                false
                            }
                        };
                        if again {
                            self.out.diagnostics.push(printed_twice(*row, *span));
                        }
                    }
                }
                match self.out.requests.take() {
                    None => full,
                    Some(mut cells) => {
                        // (The rows of `full` are those read, each all 7 cells.)
                        for row in Requests2021Row::ALL {
                            if let Some(reads) = full.row_reads(*row) {
                                cells.set_row_with(*row, reads, |r| *r);
                            }
                        }
                        cells
                    }
                }
            } else {
                let mut cells = self.out.requests.take().unwrap_or_default();
                let rows = rows.into_iter().map(|r| r.into_placed(&full)).collect();
                let _ = resolve_requests(rows, &mut cells, &mut self.out.diagnostics);
                cells
            };
            self.out.requests = Some(cells);
        }
        // Table 4.
        if !self.review_lines.is_empty() {
            let mut cells = ReviewCells::default();
            resolve_review(
                std::mem::take(&mut self.review_lines),
                &mut cells,
                &mut self.out.diagnostics,
            );
            if !cells.is_empty() {
                self.out.review = Some(cells);
            }
        }
        self.out
    }
}

/// The values of a table-2 row per column, `n` columns: the exact count, or one column
/// repeated by colspan expansion, or trailing blanks beyond the columns; `None` when the
/// values cannot be told apart. A value picked for the one column of a repeated row is put
/// in `single`.
fn pick_active_values<'v>(
    vals: &'v [Option<Val>],
    n: usize,
    single: &'v mut [Option<Val>; 1],
) -> Option<&'v [Option<Val>]> {
    if vals.len() == n {
        Some(vals)
    } else if n == 1 && !vals.is_empty() {
        // The cells that are not blank (numbers, or unreadable): none → the first cell;
        // one, or several all with the same value → the first of them; else unknown.
        let mut first: Option<Option<Val>> = None;
        let mut same = true;
        for v in vals.iter().filter(|v| v.is_none_or(|v| v.value.is_some())) {
            match first {
                None => first = Some(*v),
                Some(f) => same &= v.map(|v| v.value) == f.map(|f| f.value),
            }
        }
        match first {
            None => {
                *single = [vals.first().copied().flatten()];
                Some(single)
            }
            Some(f) if same => {
                *single = [f];
                Some(single)
            }
            Some(_) => None,
        }
    } else if vals.len() > n
        && vals
            .iter()
            .skip(n)
            .all(|v| v.is_some_and(|v| v.value.is_none()))
    {
        Some(vals.get(..n).unwrap_or(&[]))
    } else {
        None
    }
}

/// Drops surplus blank cells beyond `n` (spacer columns), first at the end, then at the start.
fn trim_to(mut v: Vec<Val>, n: usize) -> Vec<Val> {
    while v.len() > n && v.last().is_some_and(|x| x.value.is_none()) {
        v.pop();
    }
    while v.len() > n && v.first().is_some_and(|x| x.value.is_none()) {
        v.remove(0);
    }
    v
}

// ------------------------------------------------------------------------ placement solver

/// Effort limit of the joint search (states of the outcome-sum walk, balance combinations).
pub const SEARCH_LIMIT: usize = 200_000;

type Vec7 = [Option<Val>; 7];

/// All order-preserving placements of `values` into 7 slots (blank slots carry `span`).
fn placements7(values: &[Val], span: Span) -> Vec<Vec7> {
    let k = values.len();
    let mut out = Vec::new();
    if k > 7 {
        return out;
    }
    if k == 7 {
        // The one placement: every slot filled in order.
        let mut row: Vec7 = [None; 7];
        for (slot, v) in row.iter_mut().zip(values) {
            *slot = Some(*v);
        }
        out.push(row);
        return out;
    }
    let blank = Val { value: None, span };
    // Every k-subset of 0..7 in lexicographic order.
    for mask in 0u32..(1 << 7) {
        if mask.count_ones() as usize != k {
            continue;
        }
        let mut row: Vec7 = [Some(blank); 7];
        let mut it = values.iter();
        for (i, slot) in row.iter_mut().enumerate() {
            if mask & (1 << i) != 0 {
                *slot = it.next().copied();
            }
        }
        out.push(row);
    }
    out
}

fn as_int(v: &Option<Val>) -> Option<i64> {
    match v {
        Some(Val { value: None, .. }) => Some(0),
        Some(Val { value: Some(n), .. }) => n.as_i64(),
        None => None,
    }
}

fn ints(row: &Vec7) -> Option<[i64; 7]> {
    let mut out = [0i64; 7];
    for (o, v) in out.iter_mut().zip(row) {
        *o = as_int(v)?;
    }
    Some(out)
}

fn row_sum_ok(row: &Vec7) -> bool {
    ints(row)
        .is_some_and(|v| v.iter().take(6).copied().try_fold(0i64, i64::checked_add) == Some(v[6]))
}

/// Places the values of table-3 rows (rows with 7 values as printed; rows with fewer by the
/// rules) and writes the certain cells.
///
/// Returns whether the rows were placed jointly: `true` when every row printed its seven
/// cells (one placement each; the caller's rule check sees every cell) or when the rules,
/// applied to all rows together, left each row at least one placement. `false` when rows
/// with fewer values could only be narrowed one by one: the rules admit no assignment of
/// the printed values (or the search ran past its limits), so rows the caller placed by
/// other evidence (positions) are not confirmed.
pub(crate) fn resolve_requests(
    rows: Vec<PlacedRow<Requests2021Row>>,
    cells: &mut RequestsCells,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    if rows.iter().all(|r| r.values.len() == 7) {
        set_full_rows(
            rows.iter().map(|r| (r.row, r.values.as_slice(), r.span)),
            |v: &Val| {
                Some(Read {
                    value: v.value,
                    span: v.span,
                })
            },
            cells,
            diags,
        );
        return true;
    }
    // Candidates per row; a row read twice keeps its first reading and reports the second.
    let mut cands: Vec<(Requests2021Row, Vec<Vec7>, Span)> = Vec::new();
    for r in rows {
        if cands.iter().any(|(row, _, _)| *row == r.row) {
            diags.push(printed_twice(r.row, r.span));
            continue;
        }
        let all = placements7(&r.values, r.span);
        let c = if r.values.len() == 7 {
            all
        } else {
            all.into_iter().filter(row_sum_ok).collect()
        };
        cands.push((r.row, c, r.span));
    }
    let three = cands.iter().any(|(r, _, _)| {
        matches!(
            r,
            Requests2021Row::OtherNoCorrection
                | Requests2021Row::OtherUnpaidFee
                | Requests2021Row::OtherOther
        )
    });
    let layout = labels::requests_rows(three);
    let ambiguous = cands.iter().any(|(_, c, _)| c.len() != 1);
    let mut joint = !ambiguous;
    if ambiguous {
        if let Some(narrowed) = joint_requests(&cands, &layout, diags) {
            for ((_, c, _), n) in cands.iter_mut().zip(narrowed) {
                *c = n;
            }
            joint = true;
        }
    }
    for (row, cand, span) in cands {
        let mut unsure = 0;
        for (i, col) in RequestsCol::ALL.iter().enumerate() {
            let first = cand.first().and_then(|c| c.get(i).copied().flatten());
            let same = first.is_some()
                && cand.iter().all(|c| {
                    c.get(i).copied().flatten().map(|v| v.value) == first.map(|v| v.value)
                });
            match (same, first) {
                (true, Some(v)) => cells.set(
                    row,
                    *col,
                    Read {
                        value: v.value,
                        span: v.span,
                    },
                ),
                _ => unsure += 1,
            }
        }
        if unsure > 0 {
            diags.push(
                Diagnostic::new(
                    Code::CellAmbiguous,
                    format!(
                        "{}: {unsure} cells left out ({} placements of the printed values fit the rules)",
                        row.id(),
                        cand.len()
                    ),
                )
                .with_span(span),
            );
        }
    }
    joint
}

/// [`resolve_requests`] of rows that all have 7 values (row, values, label span): every row
/// printed in full has its one placement, no rule is needed to choose, and every cell is
/// certain (what the general path finds for such rows). A row read twice keeps its first
/// reading and reports the second. `read` reads one value (every value of such a row is
/// read: `Some`).
fn set_full_rows<'v, T: 'v>(
    rows: impl Iterator<Item = (Requests2021Row, &'v [T], Span)>,
    read: impl Fn(&T) -> Option<Read>,
    cells: &mut RequestsCells,
    diags: &mut Vec<Diagnostic>,
) {
    // (Table 3 has up to 28 rows.)
    let mut seen: Vec<Requests2021Row> = Vec::with_capacity(32);
    for (row, values, span) in rows {
        if seen.contains(&row) {
            diags.push(printed_twice(row, span));
            continue;
        }
        seen.push(row);
        // (`RequestsCol::ALL` is `RequestsCol::all()`: the k-th value is column k's.)
        cells.set_row(
            row,
            values.iter().take(RequestsCol::ALL.len()).map_while(&read),
        );
    }
}

/// Largest column sum the placement search works with (bigger tables keep per-row readings).
pub const MAX_SUM: i64 = 200_000;

/// Narrows the candidates of every row by the column rules (outcome sum and balance, blanks as
/// 0), by propagation to a fixpoint: a placement is dropped when, in some column, no choice of
/// the other rows' values can meet the rule. What remains is a superset of the admissible
/// assignments, so a cell equal in all remaining placements is equal in every admissible one.
/// Returns `None` when the rules admit nothing (the report's arithmetic is broken, so the rules
/// cannot choose) or the search is over its limits; the per-row candidates then stand.
fn joint_requests(
    cands: &[(Requests2021Row, Vec<Vec7>, Span)],
    layout: &[Requests2021Row],
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<Vec<Vec7>>> {
    let idx = |r: Requests2021Row| cands.iter().position(|(row, _, _)| *row == r);
    if layout.iter().any(|r| idx(*r).is_none()) || cands.iter().any(|(_, c, _)| c.is_empty()) {
        return None;
    }
    let ints_of: Vec<Vec<[i64; 7]>> = cands
        .iter()
        .map(|(_, c, _)| c.iter().map(ints).collect::<Option<Vec<_>>>())
        .collect::<Option<Vec<_>>>()?;
    if ints_of
        .iter()
        .flatten()
        .flatten()
        .any(|v| *v < 0 || *v > MAX_SUM)
    {
        return None;
    }
    let (inew, ico, itp, icf) = (
        idx(Requests2021Row::NewReceived)?,
        idx(Requests2021Row::CarriedOver)?,
        idx(Requests2021Row::TotalProcessed)?,
        idx(Requests2021Row::CarriedForward)?,
    );
    let outcomes: Vec<usize> = layout
        .iter()
        .filter(|r| xxgk_model::schema::RequestsRow::is_outcome(**r))
        .filter_map(|r| idx(*r))
        .collect();
    // alive[i][j]: candidate j of row i is still possible.
    let mut alive: Vec<Vec<bool>> = ints_of.iter().map(|c| vec![true; c.len()]).collect();
    let live = |alive: &Vec<Vec<bool>>, i: usize| -> Vec<[i64; 7]> {
        ints_of
            .get(i)
            .map(|c| {
                c.iter()
                    .zip(alive.get(i).map(Vec::as_slice).unwrap_or(&[]))
                    .filter(|(_, a)| **a)
                    .map(|(v, _)| *v)
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut effort = 0usize;
    for _round in 0..32 {
        let mut changed = false;
        // Balance: new + carried over = processed + carried forward, over the four rows.
        let (ln, lc, lt, lf) = (
            live(&alive, inew),
            live(&alive, ico),
            live(&alive, itp),
            live(&alive, icf),
        );
        effort += ln.len() * lc.len() * lt.len() * lf.len();
        if effort > SEARCH_LIMIT * 10 {
            diags.push(Diagnostic::new(
                Code::SearchLimit,
                "table 3 placement search hit its limit",
            ));
            return None;
        }
        let mut keep = [
            vec![false; ln.len()],
            vec![false; lc.len()],
            vec![false; lt.len()],
            vec![false; lf.len()],
        ];
        for (a, na) in ln.iter().enumerate() {
            for (b, cb) in lc.iter().enumerate() {
                for (c, tc) in lt.iter().enumerate() {
                    for (d, fd) in lf.iter().enumerate() {
                        if (0..7).all(|k| na[k] + cb[k] == tc[k] + fd[k]) {
                            keep[0][a] = true;
                            keep[1][b] = true;
                            keep[2][c] = true;
                            keep[3][d] = true;
                        }
                    }
                }
            }
        }
        for (slot, row) in [inew, ico, itp, icf].into_iter().enumerate() {
            changed |= apply_keep(&mut alive, &ints_of, row, &keep[slot]);
        }
        // Outcome sums, column by column. The totals' live candidates are read afresh for
        // each column: the previous column may have pruned some, and `keep_t` below is
        // indexed by the live order.
        for col in 0..7 {
            let lt = live(&alive, itp);
            let targets: Vec<i64> = lt.iter().map(|t| t[col]).collect();
            let max_t = usize::try_from(targets.iter().copied().max().unwrap_or(0)).ok()?;
            let sets: Vec<Vec<i64>> = outcomes
                .iter()
                .map(|&o| {
                    let mut v: Vec<i64> = live(&alive, o).iter().map(|c| c[col]).collect();
                    v.sort_unstable();
                    v.dedup();
                    v
                })
                .collect();
            effort += sets.len() * (max_t + 1);
            if effort > SEARCH_LIMIT * 10 {
                diags.push(Diagnostic::new(
                    Code::SearchLimit,
                    "table 3 placement search hit its limit",
                ));
                return None;
            }
            // prefix[k]: sums reachable by rows before k; suffix[k]: by rows from k on.
            let step = |from: &Vec<bool>, vals: &[i64]| {
                let mut out = vec![false; max_t + 1];
                for (s, ok) in from.iter().enumerate() {
                    if !ok {
                        continue;
                    }
                    for v in vals {
                        if let Some(slot) =
                            usize::try_from(*v).ok().and_then(|v| out.get_mut(s + v))
                        {
                            *slot = true;
                        }
                    }
                }
                out
            };
            let mut zero = vec![false; max_t + 1];
            if let Some(z) = zero.get_mut(0) {
                *z = true;
            }
            let mut prefix = vec![zero.clone()];
            for v in &sets {
                let next = step(prefix.last()?, v);
                prefix.push(next);
            }
            let mut suffix = vec![zero; sets.len() + 1];
            for k in (0..sets.len()).rev() {
                let next = step(suffix.get(k + 1)?, sets.get(k)?);
                if let Some(slot) = suffix.get_mut(k) {
                    *slot = next;
                }
            }
            let reachable = |pre: &Vec<bool>, suf: &Vec<bool>, need: i64| -> bool {
                let Ok(need) = usize::try_from(need) else {
                    return false;
                };
                (0..=need.min(max_t))
                    .any(|a| pre.get(a) == Some(&true) && suf.get(need - a) == Some(&true))
            };
            // Totals: reachable by all outcome rows.
            let full = prefix.last()?.clone();
            let keep_t: Vec<bool> = lt
                .iter()
                .map(|t| {
                    usize::try_from(t[col])
                        .ok()
                        .and_then(|v| full.get(v).copied())
                        .unwrap_or(false)
                })
                .collect();
            changed |= apply_keep(&mut alive, &ints_of, itp, &keep_t);
            for (k, &o) in outcomes.iter().enumerate() {
                let (Some(pre), Some(suf)) = (prefix.get(k), suffix.get(k + 1)) else {
                    continue;
                };
                let lo = live(&alive, o);
                let keep_o: Vec<bool> = lo
                    .iter()
                    .map(|c| targets.iter().any(|t| reachable(pre, suf, t - c[col])))
                    .collect();
                changed |= apply_keep(&mut alive, &ints_of, o, &keep_o);
            }
        }
        if alive.iter().any(|a| !a.iter().any(|x| *x)) {
            return None;
        }
        if !changed {
            break;
        }
    }
    Some(
        cands
            .iter()
            .zip(&alive)
            .map(|((_, c, _), a)| {
                c.iter()
                    .zip(a)
                    .filter(|(_, k)| **k)
                    .map(|(v, _)| *v)
                    .collect()
            })
            .collect(),
    )
}

/// Marks dead the live candidates of `row` whose `keep` flag (in live order) is false.
fn apply_keep(
    alive: &mut [Vec<bool>],
    ints_of: &[Vec<[i64; 7]>],
    row: usize,
    keep: &[bool],
) -> bool {
    let Some(a) = alive.get_mut(row) else {
        return false;
    };
    let _ = ints_of;
    let mut changed = false;
    let mut li = 0;
    for flag in a.iter_mut() {
        if !*flag {
            continue;
        }
        if !keep.get(li).copied().unwrap_or(true) {
            *flag = false;
            changed = true;
        }
        li += 1;
    }
    changed
}

/// The diagnostic for a table-3 row printed a second time (its second printing is ignored).
fn printed_twice(row: Requests2021Row, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::CellAmbiguous,
        format!("row {} printed twice; the second is ignored", row.id()),
    )
    .with_span(span)
}

/// Places table-4 lines: a line of 15 values is the whole table, a line of 5 with its row
/// label one row; shorter lines (vanished blanks) by the row sums.
pub(crate) fn resolve_review(
    lines: Vec<(Option<ReviewRow>, Vec<Val>, Span)>,
    cells: &mut ReviewCells,
    diags: &mut Vec<Diagnostic>,
) {
    let slots: Vec<(ReviewRow, ReviewCol)> = ReviewRow::ALL
        .iter()
        .flat_map(|r| ReviewCol::ALL.iter().map(move |c| (*r, *c)))
        .collect();
    for (row, vals, span) in lines {
        let vals = trim_to(vals, if row.is_some() { 5 } else { 15 });
        let targets: Vec<(ReviewRow, ReviewCol)> = match row {
            Some(r) => ReviewCol::ALL.iter().map(|c| (r, *c)).collect(),
            None => slots.clone(),
        };
        let n = targets.len();
        if vals.len() == n {
            for ((r, c), v) in targets.iter().zip(&vals) {
                cells.set(
                    *r,
                    *c,
                    Read {
                        value: v.value,
                        span: v.span,
                    },
                );
            }
            continue;
        }
        if vals.len() > n || vals.is_empty() {
            diags.push(
                Diagnostic::new(
                    Code::CellAmbiguous,
                    format!("{} values for {n} table-4 cells", vals.len()),
                )
                .with_span(span),
            );
            continue;
        }
        // Order-preserving placements filtered by each row's sum (blanks as 0). Only the first
        // admissible placement is kept, with which of its cells every later one agrees on.
        let mut first: Option<Vec<Val>> = None;
        let mut agree: Vec<bool> = vec![true; n];
        let mut admissible = 0usize;
        let mut count = 0usize;
        let k = vals.len();
        let mut combo: Vec<usize> = (0..k).collect();
        loop {
            count += 1;
            if count > SEARCH_LIMIT {
                diags.push(
                    Diagnostic::new(Code::SearchLimit, "table 4 placement search hit its limit")
                        .with_span(span),
                );
                first = None;
                admissible = 0;
                break;
            }
            // Each row's four parts must add up to its total (blanks as 0); checked without
            // building the placement (up to C(15, 7) = 6435 combinations per line).
            let mut placed: [Cell; 15] = [None; 15];
            let mut parts = [0i128; 3];
            let mut totals = [0i128; 3];
            let mut ok = true;
            for (slot, v) in combo.iter().zip(&vals) {
                if let Some(p) = placed.get_mut(*slot) {
                    *p = v.value;
                }
                let x = match v.value {
                    None => 0,
                    Some(num) => match num.as_i64() {
                        Some(x) => i128::from(x),
                        None => {
                            ok = false;
                            break;
                        }
                    },
                };
                let (r, c) = (slot / 5, slot % 5);
                let target = if c == 4 {
                    totals.get_mut(r)
                } else {
                    parts.get_mut(r)
                };
                if let Some(t) = target {
                    *t += x;
                }
            }
            if ok && (0..n / 5).all(|r| parts.get(r) == totals.get(r)) {
                admissible += 1;
                match &first {
                    None => {
                        let mut p: Vec<Val> = vec![Val { value: None, span }; n];
                        for (slot, v) in combo.iter().zip(&vals) {
                            if let Some(x) = p.get_mut(*slot) {
                                *x = *v;
                            }
                        }
                        first = Some(p);
                    }
                    Some(f) => {
                        for ((a, fv), pv) in agree.iter_mut().zip(f).zip(&placed) {
                            *a &= fv.value == *pv;
                        }
                    }
                }
            }
            // Next k-combination of 0..n.
            let mut i = k;
            let mut advanced = false;
            while i > 0 {
                i -= 1;
                if combo[i] < n - k + i {
                    combo[i] += 1;
                    for j in i + 1..k {
                        combo[j] = combo[j - 1] + 1;
                    }
                    advanced = true;
                    break;
                }
            }
            if !advanced {
                break;
            }
        }
        let mut unsure = 0;
        for (si, (r, c)) in targets.iter().enumerate() {
            let v = first.as_ref().and_then(|f| f.get(si).copied());
            match (agree.get(si).copied().unwrap_or(false), v) {
                (true, Some(v)) => cells.set(
                    *r,
                    *c,
                    Read {
                        value: v.value,
                        span: v.span,
                    },
                ),
                _ => unsure += 1,
            }
        }
        if unsure > 0 {
            diags.push(
                Diagnostic::new(
                    Code::CellAmbiguous,
                    format!(
                        "table 4: {unsure} cells left out ({admissible} placements fit the rules)"
                    ),
                )
                .with_span(span),
            );
        }
    }
}

// ------------------------------------------------------------------------------ glued cells

/// The run of digits (with `.` and spaces) right after a label, and whether it touches the
/// label (no space between).
fn value_run(text: &str, at: usize) -> Option<(&str, usize, bool)> {
    let rest = text.get(at..)?;
    let lead = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let body = rest.get(lead..)?;
    let mut end = 0;
    for (i, c) in body.char_indices() {
        if c.is_ascii_digit() || c == '.' || c == ' ' {
            end = i + 1;
        } else {
            break;
        }
    }
    // A run stopped by a sign, separator or unit belongs to something longer: not certain.
    if body
        .get(end..)
        .and_then(|r| r.chars().next())
        .is_some_and(continues_number)
    {
        return None;
    }
    let mut run = body.get(..end)?.trim_end();
    // `…00000002.其他` : the last digit is the next row's number `2.`.
    if run.ends_with('.') {
        run = run.get(..run.len() - 1)?;
        let digits = run.len() - run.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 {
            return None;
        }
        run = run.get(..run.len() - 1)?;
    }
    if run.is_empty() || !run.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some((run, at + lead, lead == 0))
}

/// True when a run of digits stopped by `c` belongs to something longer (a sign, separator
/// or unit follows it): the run is then not a certain cell.
fn continues_number(c: char) -> bool {
    matches!(
        c,
        '-' | '+' | ',' | '，' | '%' | '/' | '／' | '－' | '—' | '万' | '元' | '件'
    )
}

/// The number `s` as a cell read at `start` (its span `start..start + s.len()`); `None` when
/// `s` is not a number.
fn number_at(s: &str, start: usize) -> Option<Val> {
    let CellValue::Number { value, .. } = parse_cell(s) else {
        return None;
    };
    Some(Val {
        value: Some(value),
        span: Span::new(start, start + s.len()),
    })
}

/// A glued `gov2019` row of table 2 whose second column is 本年增/减 and whose numbers hold a
/// sign: `行政处罚2648-18538`, `行政事业性收费35-15`. Only that column may be negative, so the
/// digits before the sign are 上一年项目数量. In a two-column row the signed rest is
/// 本年增/减. In a three-column row the rest is left out: the split of `-18538` is unknown, and
/// a `-` may also be a blank cell (`5-12` is 5, blank, 12 or 5, −1, 2). `None` when the row
/// does not have that shape; the plain reader then handles it.
fn signed_row(
    text: &str,
    at: usize,
    base: usize,
    ncols: usize,
    second: Option<xxgk_model::schema::ActiveDisclosure2019Col>,
) -> Option<Vec<Option<Val>>> {
    use xxgk_model::schema::ActiveDisclosure2019Col as C;
    if second != Some(C::Change) || !(2..=3).contains(&ncols) {
        return None;
    }
    let rest = text.get(at..)?;
    let lead = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let body = rest.get(lead..)?;
    let d1 = body.len() - body.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let sign = body.get(d1..)?.chars().next()?;
    if d1 == 0 || !matches!(sign, '-' | '+') {
        return None;
    }
    let after = body.get(d1 + 1..)?;
    let d2 = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if d2 == 0 {
        return None;
    }
    // The run must end there: a digit, decimal point, space, separator, unit or further sign
    // makes it part of something longer.
    if after
        .get(d2..)?
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || matches!(c, '.' | ' ') || continues_number(c))
    {
        return None;
    }
    let start = base + at + lead;
    let previous = number_at(body.get(..d1)?, start);
    let change = if ncols == 2 {
        number_at(body.get(d1..d1 + 1 + d2)?, start + d1)
    } else {
        None
    };
    Some(vec![previous, change])
}

/// Steps one glued run's segmentation search may take ([`unique_segmentation`]).
const SEGMENT_LIMIT: usize = 200_000;

/// The search state of [`unique_segmentation`].
struct Segments<'b> {
    digits: &'b [u8],
    n: usize,
    width: usize,
    allow_blank: bool,
    /// Values of the cells so far (blank as 0).
    vals: Vec<i64>,
    /// Completions (0, 1 or 2 for "more than one") from the start of a group of cells at a
    /// digit, by `group * (digits + 1) + digit`, once known.
    memo: Vec<Option<u8>>,
    steps: usize,
}

impl Segments<'_> {
    /// Whether cell `cell` may hold `v`: at the end of a group of `width` cells it must be the
    /// sum of the others.
    fn fits(&self, cell: usize, v: i64) -> bool {
        if self.width == 0 || (cell + 1) % self.width != 0 {
            return true;
        }
        let g0 = cell + 1 - self.width;
        self.vals.get(g0..cell).map(|g| g.iter().sum::<i64>()) == Some(v)
    }

    /// The choices for cell `cell` at digit `pos`: `None` (blank) and digit ranges, in order,
    /// with their values.
    fn choices(&self, cell: usize, pos: usize) -> Vec<(Option<(usize, usize)>, i64)> {
        let mut out = Vec::new();
        let rest = self.digits.len() - pos;
        let left = self.n - cell;
        if rest > left * 9 || (!self.allow_blank && rest < left) {
            return out;
        }
        if self.allow_blank && self.fits(cell, 0) {
            out.push((None, 0));
        }
        let max_len = match self.digits.get(pos) {
            None => 0,
            Some(b'0') => 1,
            Some(_) => rest.min(9),
        };
        let mut v = 0i64;
        for k in 1..=max_len {
            let d = self
                .digits
                .get(pos + k - 1)
                .map_or(0, |b| i64::from(b - b'0'));
            v = v * 10 + d;
            if self.fits(cell, v) {
                out.push((Some((pos, pos + k)), v));
            }
        }
        out
    }

    /// How many ways (0, 1, or 2 for more) the cells from `cell` on can take the digits from
    /// `pos` on; `None` past the step limit.
    fn ways(&mut self, cell: usize, pos: usize) -> Option<u8> {
        self.steps += 1;
        if self.steps > SEGMENT_LIMIT {
            return None;
        }
        if cell == self.n {
            return Some(u8::from(pos == self.digits.len()));
        }
        let key = cell
            .checked_div(self.width)
            .filter(|_| cell % self.width == 0)
            .map(|g| g * (self.digits.len() + 1) + pos);
        if let Some(k) = key {
            if let Some(Some(w)) = self.memo.get(k) {
                return Some(*w);
            }
        }
        let mut total = 0u8;
        for (c, v) in self.choices(cell, pos) {
            let next = c.map_or(pos, |(_, e)| e);
            self.vals.push(v);
            let w = self.ways(cell + 1, next);
            self.vals.pop();
            total = total.saturating_add(w?).min(2);
            if total >= 2 {
                break;
            }
        }
        if let Some(slot) = key.and_then(|k| self.memo.get_mut(k)) {
            *slot = Some(total);
        }
        Some(total)
    }
}

/// The one reading of a run of digits glued together (`run`: ASCII digits only) as `n`
/// cells, when exactly one exists: each cell a number (no leading zero but `0` itself) or,
/// with `allow_blank`, a blank (a zero printed as nothing, gone from the run); the numbers
/// use the run's digits in order; every group of `width` cells sums to its last (blanks as
/// 0; `width` 0: no rule). `None` when there is none, more than one, or the search passes
/// [`SEGMENT_LIMIT`] steps. Each cell is a byte range of `run`, or `None` for a blank.
fn unique_segmentation(
    run: &str,
    n: usize,
    width: usize,
    allow_blank: bool,
) -> Option<Vec<Option<(usize, usize)>>> {
    let digits = run.as_bytes();
    if digits.is_empty() || n == 0 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let groups = n.checked_div(width).map_or(0, |g| g + 1);
    let mut s = Segments {
        digits,
        n,
        width,
        allow_blank,
        vals: Vec::with_capacity(n),
        memo: vec![None; groups * (digits.len() + 1)],
        steps: 0,
    };
    if s.ways(0, 0)? != 1 {
        return None;
    }
    // The one reading: at each cell, the choice whose rest has a completion.
    let mut out = Vec::with_capacity(n);
    let mut pos = 0;
    for cell in 0..n {
        let mut chosen = None;
        for (c, v) in s.choices(cell, pos) {
            let next = c.map_or(pos, |(_, e)| e);
            s.vals.push(v);
            let w = s.ways(cell + 1, next)?;
            if w > 0 {
                chosen = Some((c, next));
                break;
            }
            s.vals.pop();
        }
        let (c, next) = chosen?;
        out.push(c);
        pos = next;
    }
    Some(out)
}

/// Whether a value run starts with a zero cell: `0` not followed by a decimal point (`0.35`
/// is one money value).
fn zero_cell_first(run: &str) -> bool {
    run.starts_with('0') && !run[1..].starts_with('.')
}

/// Whether the table of `text` prints a zero cell: the value run after some occurrence of one
/// of `labels` starts with `0` (no number of a blank-zero report does: its zeros print
/// nothing, and a number never starts with 0).
fn prints_zero_cell<'l>(text: &str, labels: impl IntoIterator<Item = &'l str>) -> bool {
    labels.into_iter().any(|l| {
        text.match_indices(l).take(64).any(|(i, _)| {
            value_run(text, i + l.len()).is_some_and(|(run, _, _)| zero_cell_first(run))
        })
    })
}

/// Splits a run into `n` cells when that is certain: a single number for a one-cell row
/// (no space inside); a run of digits glued to its label (or of exactly `n` digits) with one
/// reading as the cells ([`unique_segmentation`]: blank cells among the readings unless
/// `digit_cells`, the table printing its zeros ([`prints_zero_cell`]); each group of
/// `rule_width` cells summing to its last, when `rule_width` is not 0); spaced digits, one a
/// cell, where the spacing shows gluing and the sums hold; or `n` space-separated numbers
/// glued to the label. `rule` checks the cells read.
fn split_run(
    run: &str,
    n: usize,
    glued: bool,
    start: usize,
    rule: &dyn Fn(&[Val]) -> bool,
    rule_width: usize,
    digit_cells: bool,
) -> Option<Vec<Val>> {
    let has_rule = rule_width > 0;
    let tokens: Vec<(usize, &str)> = run
        .split(' ')
        .scan(0usize, |pos, t| {
            let p = *pos;
            *pos += t.len() + 1;
            Some((p, t))
        })
        .filter(|(_, t)| !t.is_empty())
        .collect();
    let num = |s: &str, p: usize| number_at(s, start + p);
    if n == 1 {
        let [(p, t)] = tokens.as_slice() else {
            return None;
        };
        return num(t, *p).map(|v| vec![v]);
    }
    let digits: Vec<(usize, char)> = run
        .char_indices()
        .filter(|(_, c)| !c.is_whitespace())
        .collect();
    if digits.iter().any(|(_, c)| !c.is_ascii_digit()) {
        return None;
    }
    let per_digit = || -> Option<Vec<Val>> {
        digits
            .iter()
            .map(|(p, c)| num(&c.to_string(), *p))
            .collect()
    };
    // One token of digits: its readings as `n` cells (blank cells allowed unless the table
    // prints its zeros), the one that keeps the rules when it is the only one.
    if let [(p0, t)] = tokens.as_slice() {
        if glued || digits.len() == n {
            let cells = unique_segmentation(t, n, rule_width, !digit_cells)?;
            let blank = Val {
                value: None,
                span: Span::new(start + p0, start + p0),
            };
            let vals: Option<Vec<Val>> = cells
                .into_iter()
                .map(|c| match c {
                    Some((a, b)) => t.get(a..b).and_then(|d| num(d, p0 + a)),
                    None => Some(blank),
                })
                .collect();
            return vals.filter(|v| rule(v));
        }
    }
    // (A single token was settled above.) Spaced digits glued to the label, one a cell.
    if digits.len() == n && glued {
        return per_digit().filter(|v| digit_cells && rule(v));
    }
    // With a sum rule to confirm it, n digits in any spacing are n one-digit cells.
    // (only where the spacing itself shows gluing: `00` is no number a reader would print).
    let glue_evident = glued
        || tokens
            .iter()
            .any(|(_, t)| t.len() > 1 && t.starts_with('0'));
    if digits.len() == n && has_rule && glue_evident {
        return per_digit().filter(|v| digit_cells && rule(v));
    }
    if glued && tokens.len() == n {
        let v: Option<Vec<Val>> = tokens.iter().map(|(p, t)| num(t, *p)).collect();
        return v.filter(|v| rule(v));
    }
    None
}

/// Row sums over groups of `width` cells: the last of each group is the sum of the others.
fn sums_hold(vals: &[Val], width: usize) -> bool {
    vals.chunks(width).all(|g| {
        let ints: Option<Vec<i64>> = g.iter().map(|v| v.value.and_then(|n| n.as_i64())).collect();
        ints.is_some_and(|x| {
            let (last, parts) = x.split_last().unwrap_or((&0, &[]));
            parts.iter().sum::<i64>() == *last
        })
    })
}

/// Tables whose cells were concatenated with their labels (`行政规范性文件693665`,
/// `一、本年新收政府信息公开申请数量640020470`), as scraped portal text has them. Only rows whose
/// split is certain are read: a one-cell row (`行政许可2293`), space-separated numbers glued
/// to the label, or a run of digits with exactly one reading as the row's cells (numbers
/// without leading zeros, in order) that keeps the row sums of tables 3 and 4. A blank cell
/// prints nothing and leaves no trace in the run, so blank cells are among the readings
/// unless the table prints a zero cell somewhere (a run starting with `0`): then `768` for
/// three table-2 cells is 7, 6, 8, and otherwise it is left out (76, blank, 8 fits as well).
/// Everything else is left out.
///
/// ```
/// use xxgk_table::grid::read_glued;
/// use xxgk_model::TableKind;
/// let text = "本年制发件数本年废止件数现行有效件数规章 000行政规范性文件693665行政许可2293 ";
/// let read = read_glued(text, 0, TableKind::ActiveDisclosure);
/// // 规章: three digits for three cells; 行政规范性文件: six digits for three cells → left out.
/// assert_eq!(read.active.map(|a| a.len()), Some(4));
/// ```
pub fn read_glued(text: &str, base: usize, kind: TableKind) -> TablesRead {
    use xxgk_model::schema::{ActiveDisclosure2019, ActiveDisclosure2021, Schema};
    let mut out = TablesRead::default();
    let text = text.get(..text.len().min(1 << 20)).unwrap_or("");
    match kind {
        TableKind::ActiveDisclosure => {
            let t21 = ["本年制发件数", "本年处理决定数量", "本年收费金额"]
                .iter()
                .any(|w| text.contains(w));
            let t19 = ["本年新制作数量", "上一年项目数量", "采购项目数量"]
                .iter()
                .any(|w| text.contains(w));
            if t21 == t19 {
                return out;
            }
            let mut a21 = Cells::default();
            let mut a19 = Cells::default();
            // Longest labels first so 规范性文件 does not match inside 行政规范性文件.
            let mut labels_: Vec<&str> = vec![
                "其他对外管理服务事项",
                "行政规范性文件",
                "行政事业性收费",
                "政府集中采购",
                "规范性文件",
                "行政许可",
                "行政处罚",
                "行政强制",
                "规章",
            ];
            labels_.sort_by_key(|l| std::cmp::Reverse(l.len()));
            let digit_cells = prints_zero_cell(text, labels_.iter().copied());
            let mut taken: Vec<(usize, usize)> = Vec::new();
            for l in labels_ {
                let mut from = 0;
                while let Some(i) = text.get(from..).and_then(|r| r.find(l)).map(|i| i + from) {
                    from = i + l.len();
                    if taken.iter().any(|(s, e)| i < *e && *s < i + l.len()) {
                        continue;
                    }
                    taken.push((i, i + l.len()));
                    let Some(m) = labels::match_active_row(l) else {
                        continue;
                    };
                    let at = i + l.len();
                    if t21 {
                        let Some(row) = m.gov2021 else { continue };
                        let cols = ActiveDisclosure2021::columns(row);
                        let Some((run, rs, glued)) = value_run(text, at) else {
                            continue;
                        };
                        if let Some(vals) =
                            split_run(run, cols.len(), glued, base + rs, &|_| true, 0, digit_cells)
                        {
                            for (c, v) in cols.iter().zip(vals) {
                                a21.set(
                                    row,
                                    *c,
                                    Read {
                                        value: v.value,
                                        span: v.span,
                                    },
                                );
                            }
                        }
                    } else {
                        let Some(row) = m.gov2019 else { continue };
                        let cols = ActiveDisclosure2019::columns(row);
                        // A sign fixes part of the row; otherwise the run is split whole.
                        let vals =
                            match signed_row(text, at, base, cols.len(), cols.get(1).copied()) {
                                Some(v) => v,
                                None => {
                                    let Some((run, rs, glued)) = value_run(text, at) else {
                                        continue;
                                    };
                                    let Some(v) = split_run(
                                        run,
                                        cols.len(),
                                        glued,
                                        base + rs,
                                        &|_| true,
                                        0,
                                        digit_cells,
                                    ) else {
                                        continue;
                                    };
                                    v.into_iter().map(Some).collect()
                                }
                            };
                        for (c, v) in cols.iter().zip(vals) {
                            if let Some(v) = v {
                                a19.set(
                                    row,
                                    *c,
                                    Read {
                                        value: v.value,
                                        span: v.span,
                                    },
                                );
                            }
                        }
                    }
                }
            }
            if t21 && !a21.is_empty() {
                out.active = Some(ActiveCells::Gov2021(a21));
            } else if t19 && !a19.is_empty() {
                out.active = Some(ActiveCells::Gov2019(a19));
            }
        }
        TableKind::Requests => {
            let three = text.contains("逾期不补正");
            let digit_cells =
                prints_zero_cell(text, labels::requests_rows(three).iter().map(|r| r.label()));
            let mut cells = RequestsCells::default();
            let mut from = 0;
            for row in labels::requests_rows(three) {
                let l = row.label();
                let Some(i) = text.get(from..).and_then(|r| r.find(l)).map(|i| i + from) else {
                    continue;
                };
                from = i + l.len();
                let Some((run, rs, glued)) = value_run(text, from) else {
                    continue;
                };
                let rule = |v: &[Val]| sums_hold(v, 7);
                if let Some(vals) = split_run(run, 7, glued, base + rs, &rule, 7, digit_cells) {
                    for (c, v) in RequestsCol::ALL.iter().zip(vals) {
                        cells.set(
                            row,
                            *c,
                            Read {
                                value: v.value,
                                span: v.span,
                            },
                        );
                    }
                }
            }
            if !cells.is_empty() {
                out.requests = Some(cells);
            }
        }
        TableKind::ReviewLitigation => {
            // The fifteen values follow the last header word.
            let Some(i) = text.rfind("尚未审结总计") else {
                return out;
            };
            let at = i + "尚未审结总计".len();
            if let Some((run, rs, glued)) = value_run(text, at) {
                let rule = |v: &[Val]| sums_hold(v, 5);
                let digit_cells = zero_cell_first(run);
                if let Some(vals) = split_run(run, 15, glued, base + rs, &rule, 5, digit_cells) {
                    let mut cells = ReviewCells::default();
                    let slots = ReviewRow::ALL
                        .iter()
                        .flat_map(|r| ReviewCol::ALL.iter().map(move |c| (*r, *c)));
                    for ((r, c), v) in slots.zip(vals) {
                        cells.set(
                            r,
                            c,
                            Read {
                                value: v.value,
                                span: v.span,
                            },
                        );
                    }
                    out.review = Some(cells);
                }
            }
        }
    }
    if !out.is_empty() {
        out.diagnostics.push(Diagnostic::new(
            Code::CellAmbiguous,
            format!(
                "{}: cells glued to their labels; only rows whose split is certain were read",
                kind.as_str()
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use xxgk_model::Number;

    /// Regression (property `layout_rows_off_their_columns_never_misread`, rows one character
    /// off): the joint search pruned the 总计 row's placements column by column but went on
    /// reading the list it took before the first column, so a flag meant for one placement
    /// fell on another. Here it dropped the one with the 1s under 法律服务机构 and stated that
    /// column blank, though the rules leave the 1s' column open.
    #[test]
    fn joint_search_reads_the_placements_left_after_each_column() {
        use Requests2021Row as R;
        let v = |x: i64| Val {
            value: Some(Number::from(x)),
            span: Span::new(0, 1),
        };
        let blank = Val {
            value: None,
            span: Span::new(0, 1),
        };
        // Full rows with the natural-person value `nat`, the commercial one `com`.
        let full = |nat: i64, com: i64| {
            let mut vals = vec![blank; 7];
            if nat > 0 {
                vals[0] = v(nat);
            }
            if com > 0 {
                vals[1] = v(com);
            }
            vals[6] = v(nat + com);
            vals
        };
        let values = |row: R| -> Vec<Val> {
            match row {
                R::NewReceived => full(26, 0),
                R::CarriedOver => vec![v(2), v(1), v(3)],
                R::Granted => full(10, 2),
                R::PartiallyGranted
                | R::DeniedProcessInfo
                | R::DeniedQueryMatter
                | R::UnavailableNeedsCreation
                | R::RejectedPetition
                | R::OtherOther => full(1, 0),
                R::DeniedInternalAffairs => vec![v(1), v(1)],
                R::UnavailableNotHeld => full(5, 0),
                R::UnavailableUnclear => full(2, 0),
                R::TotalProcessed => vec![v(23), v(2), v(1), v(26)],
                R::CarriedForward => full(3, 0),
                _ => vec![blank; 7],
            }
        };
        let rows: Vec<PlacedRow<R>> = labels::requests_rows(true)
            .into_iter()
            .map(|row| PlacedRow {
                row,
                values: values(row),
                span: Span::new(0, 1),
            })
            .collect();
        let mut cells = RequestsCells::default();
        let mut diags = Vec::new();
        assert!(resolve_requests(rows, &mut cells, &mut diags));
        for row in [R::CarriedOver, R::DeniedInternalAffairs, R::TotalProcessed] {
            for col in [
                RequestsCol::ResearchInstitution,
                RequestsCol::SocialWelfareOrg,
                RequestsCol::LegalServiceOrg,
                RequestsCol::OtherOrg,
            ] {
                assert_eq!(cells.value(row, col), None, "{row:?} {col:?}");
            }
        }
        assert_eq!(
            cells.value(R::TotalProcessed, RequestsCol::CommercialEnterprise),
            Some(Some(Number::from(2)))
        );
    }

    /// Regression (fuzz `layout`, a 5 KB input took ~190M instructions): unlabelled table-4
    /// lines of 7 zeros admit every one of the C(15, 7) = 6435 placements; each line is left
    /// out with one diagnostic, and the placements are checked without being collected.
    #[test]
    fn all_zero_partial_lines_admit_every_placement() {
        let line = |at: usize| {
            let vals = (0..7)
                .map(|i| Val {
                    value: Some(Number::from(0)),
                    span: Span::new(at + 2 * i, at + 2 * i + 1),
                })
                .collect();
            (None, vals, Span::new(at, at + 13))
        };
        let lines: Vec<_> = (0..20).map(|k| line(100 * k)).collect();
        let mut cells = ReviewCells::default();
        let mut diags = Vec::new();
        resolve_review(lines, &mut cells, &mut diags);
        assert!(cells.is_empty());
        assert_eq!(diags.len(), 20);
        for d in &diags {
            assert_eq!(d.code, Code::CellAmbiguous);
            assert!(
                d.message.contains("15 cells left out (6435 placements"),
                "{}",
                d.message
            );
        }
    }

    /// A labelled row whose blank parts vanished: the total is certain (only the last slot
    /// makes parts = total), where the blanks were is not.
    #[test]
    fn partial_row_reads_only_what_every_placement_agrees_on() {
        let v = |x: i64, at: usize| Val {
            value: Some(Number::from(x)),
            span: Span::new(at, at + 1),
        };
        let row = ReviewRow::ALL[0];
        for (vals, placements) in [
            (vec![v(3, 0), v(1, 2), v(0, 4), v(4, 6)], 4), // 3 1 0 | 4, one blank among 4
            (vec![v(2, 0), v(2, 2), v(4, 4)], 6),          // 2 2 | 4, two blanks: C(4, 2)
        ] {
            let mut cells = ReviewCells::default();
            let mut diags = Vec::new();
            let last = vals.last().map(|x| x.span).unwrap();
            resolve_review(
                vec![(Some(row), vals, Span::new(0, 7))],
                &mut cells,
                &mut diags,
            );
            assert_eq!(cells.len(), 1);
            let total = cells.get(row, ReviewCol::ALL[4]).unwrap();
            assert_eq!(total.value, Some(Number::from(4)));
            assert_eq!(total.span, last);
            assert_eq!(diags.len(), 1);
            let want = format!("4 cells left out ({placements} placements");
            assert!(diags[0].message.contains(&want), "{}", diags[0].message);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// `cover` is the fold of the cells' spans, reversed spans and cells without one
        /// included.
        #[test]
        fn cover_is_the_fold(spans in proptest::collection::vec(
            proptest::option::of((0usize..50, 0usize..50)),
            0..8,
        )) {
            let cells: Vec<CellRef<'_>> = spans
                .iter()
                .map(|s| CellRef {
                    text: "",
                    trimmed: "",
                    span: s.map(|(start, end)| Span { start, end }),
                    value: CellValue::Blank,
                })
                .collect();
            proptest::prop_assert_eq!(cover(&cells), cover_general(&cells));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// `trim_ws` trims as `str::trim` does and counts the white space it removed in front.
        #[test]
        fn trim_ws_is_trim(chars in proptest::collection::vec(
            proptest::sample::select(vec![
                ' ', '\t', '\n', '\r', '\u{b}', '\u{c}', '\u{1c}', '\u{85}', '\u{a0}',
                '\u{2003}', '\u{3000}', '\u{200b}', 'a', '1', '规', '|', '（', '\u{feff}',
                '\u{1680}', '\u{205f}', '\u{2029}', '\u{e9}', '\u{a9}', '\u{1690}', '\u{3001}',
                '\u{2014}', '\u{2000}', '\u{200a}', '\u{2028}', '\u{202f}', '\u{2060}',
                '\u{3002}', '\u{2e80}', '\u{c2a0}', '\u{1f600}', '\u{c5}', '\u{a1}', '\u{3000}',
            ]),
            0..10,
        )) {
            let s: String = chars.into_iter().collect();
            let (lead, t) = trim_ws(&s);
            proptest::prop_assert_eq!(t, s.trim());
            proptest::prop_assert_eq!(lead, s.len() - s.trim_start().len());
            // `trim_piece` of any piece between character boundaries, inside a longer text.
            let bounds: Vec<usize> = (0..=s.len()).filter(|i| s.is_char_boundary(*i)).collect();
            for (k, &from) in bounds.iter().enumerate() {
                for &to in bounds.get(k..).unwrap_or(&[]) {
                    let piece = &s[from..to];
                    let (lead, t) = trim_piece(&s, from, to);
                    proptest::prop_assert_eq!(t, piece.trim());
                    proptest::prop_assert_eq!(lead, piece.len() - piece.trim_start().len());
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// `line_pipes` finds each line's end and its pipes as a byte-by-byte scan does
        /// (`}` and `{` are the bytes next to `|`; `\u{7c7c}` holds no `|` byte).
        #[test]
        fn line_pipes_scans_lines(chars in proptest::collection::vec(
            proptest::sample::select(vec![
                'a', '|', '|', '\n', '规', ' ', '\r', '}', '{', '\u{b}', '\u{7c7c}', '\u{7c}',
            ]),
            0..60,
        )) {
            let s: String = chars.into_iter().collect();
            let b = s.as_bytes();
            let mut start = 0;
            let mut got = Vec::new();
            while start < b.len() {
                let mut end = start;
                let mut pipes = Vec::new();
                while let Some(&x) = b.get(end) {
                    if x == b'|' {
                        pipes.push(end);
                    }
                    end += 1;
                    if x == b'\n' {
                        break;
                    }
                }
                proptest::prop_assert_eq!(line_pipes(b, start, &mut got), end);
                proptest::prop_assert_eq!(&got, &pipes);
                start = end;
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

        /// Reading pipe text directly gives what reading its `Grid` does, and every span of a
        /// grid cell points at the cell's text.
        #[test]
        fn pipe_text_reads_as_its_grid(chars in proptest::collection::vec(
            proptest::sample::select(vec![
                "|", "|", " ", "\n", "规章", "行政许可", "1", "0", "12", "—", "（三）不予公开",
                "1.属于国家秘密", "\u{3000}", "总计", "行政复议", "结果维持", "\r", "n/a",
            ]),
            0..60,
        ), kind in 0usize..4) {
            let text: String = chars.concat();
            // An open row (a number after its line's last `|`) is read more strictly from pipe
            // text than from a grid, which does not keep where its cells' pipes were: such a
            // line gets its closing `|`.
            let open = |l: &str| {
                let t = l.trim();
                t.contains('|')
                    && !t.ends_with('|')
                    && t.rsplit('|').next().is_some_and(|c| {
                        matches!(crate::cell::parse_cell(c), CellValue::Number { .. })
                    })
            };
            let text: String = text
                .split_inclusive('\n')
                .map(|l| {
                    if open(l) {
                        let body = l.trim_end_matches('\n');
                        format!("{body}|{}", &l[body.len()..])
                    } else {
                        l.to_string()
                    }
                })
                .collect();
            let kind = [None, Some(TableKind::ActiveDisclosure), Some(TableKind::Requests),
                Some(TableKind::ReviewLitigation)][kind];
            let grid = Grid::from_pipe_text(&text, 3);
            for c in grid.rows.iter().flatten() {
                let s = c.span.expect("pipe cells have spans");
                proptest::prop_assert_eq!(text.get(s.start - 3..s.end - 3), Some(c.text.as_str()));
            }
            for r in PipeRows::new(&text, 3).rows() {
                proptest::prop_assert_eq!(pipe_cover(r), cover(r));
            }
            proptest::prop_assert_eq!(read_pipe_text(&text, 3, kind), read_grid(&grid, kind));
        }
    }

    /// The pipe rows of `text` as the plain definition has them (lines split at `\n`, pieces at
    /// `|`, each trimmed with `str::trim` and read with `parse_cell`, edge pieces dropped, every
    /// line through `split_joined`): what `pipe_rows`'s shortcuts must give.
    fn reference_rows(text: &str, base: usize) -> Vec<Vec<(String, Option<Span>, CellValue)>> {
        let mut out = Vec::new();
        let mut off = 0;
        for line in text.split_inclusive('\n') {
            let start = off;
            off += line.len();
            if !line.contains('|') {
                continue;
            }
            let body = line.trim_end_matches(['\n', '\r']);
            let trimmed = body.trim();
            if trimmed.bytes().all(|b| b == b'|') {
                continue;
            }
            let mut cells = Vec::new();
            let mut p = start;
            for piece in body.split('|') {
                let t = piece.trim();
                let s = base + p + piece.len() - piece.trim_start().len();
                cells.push(CellRef {
                    text: t,
                    trimmed: t,
                    span: Some(Span {
                        start: s,
                        end: s + t.len(),
                    }),
                    value: parse_cell(t),
                });
                p += piece.len() + 1;
            }
            let mut from = 0;
            let mut to = cells.len();
            if trimmed.starts_with('|') && cells.first().is_some_and(|c| c.text.is_empty()) {
                from = 1;
            }
            if trimmed.ends_with('|') && to > from && cells[to - 1].text.is_empty() {
                to -= 1;
            }
            split_joined(&cells[from..to], &mut |row| {
                if !row.is_empty() {
                    out.push(
                        row.iter()
                            .map(|c| (c.text.to_string(), c.span, c.value))
                            .collect(),
                    );
                }
            });
        }
        out
    }

    fn fast_rows(text: &str, base: usize) -> Vec<Vec<(String, Option<Span>, CellValue)>> {
        PipeRows::new(text, base)
            .rows()
            .map(|r| {
                r.iter()
                    .map(|c| {
                        assert_eq!(c.text, c.trimmed);
                        (c.text.to_string(), c.span, c.value)
                    })
                    .collect()
            })
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// `pipe_rows` (trim shortcut for ` text ` pieces, rows given whole when no text cell
        /// follows a value cell) gives the rows of the plain definition, on pieces of any
        /// spacing, white space of every kind next to the pipes, and joined rows.
        #[test]
        fn pipe_rows_are_the_plain_split(chars in proptest::collection::vec(
            proptest::sample::select(vec![
                "|", "| ", " |", " | ", "|", " ", "  ", "\t", "\n", "\r\n", "\u{a0}", "\u{3000}",
                "\u{2003}", "\u{85}", "\u{1680}", "规章", "行政许可", "1", "0", "12", "5件", "—",
                "n/a", "（三）不予公开", "\u{e9}", "\u{a9}", "总计", "\u{3001}", "1,234", "-",
            ]),
            0..80,
        )) {
            let text: String = chars.concat();
            proptest::prop_assert_eq!(fast_rows(&text, 7), reference_rows(&text, 7));
        }
    }

    /// The same on generated reports, plain and damaged (vanished cells, joined lines,
    /// full-width forms, CRLF, Traditional characters).
    #[test]
    fn generated_pipe_rows_are_the_plain_split() {
        use xxgk_model::testkit::{damage, generate};
        for seed in 0..40u64 {
            let text = generate(seed).render_text().text;
            let forms = [
                damage::vanish_empty_cells(&text),
                damage::join_lines(&text, seed, 0.5),
                damage::fullwidth(&text),
                damage::crlf(&text),
                damage::to_traditional(&text),
                damage::apply(&text, seed).0,
                text,
            ];
            for t in &forms {
                assert_eq!(fast_rows(t, 0), reference_rows(t, 0), "seed {seed}");
            }
        }
    }

    /// The rows of `text` with clean lines read by `clean_line`, in the form `fast_rows` gives
    /// (a clean line's label cell, then its value cells).
    fn clean_rows(text: &str, base: usize) -> Vec<Vec<(String, Option<Span>, CellValue)>> {
        struct Rows(Vec<Vec<(String, Option<Span>, CellValue)>>);
        impl<'a> PipeSink<'a> for Rows {
            fn wants_clean(&self) -> bool {
                true
            }
            fn whole_line(&mut self, text: &'a str, base: usize, start: usize) -> Option<usize> {
                let mut vals = [None; MAX_CELLS];
                let (label, span, next, n) = clean_line(text, base, start, None, &mut vals)?;
                let vals = &vals[..n];
                let mut row: Vec<(String, Option<Span>, CellValue)> = Vec::new();
                if let Some((t, s)) = label {
                    row.push((t.to_string(), Some(s), CellValue::Unreadable));
                }
                for v in vals {
                    let v = v.expect("clean values are read");
                    let Some(n) = v.value else {
                        row.push((String::new(), Some(v.span), CellValue::Blank));
                        continue;
                    };
                    let text = n.to_string();
                    row.push((
                        text,
                        Some(v.span),
                        CellValue::Number {
                            value: n,
                            converted: false,
                        },
                    ));
                }
                let first = row.first().and_then(|c| c.1).expect("a cell");
                let last = row.last().and_then(|c| c.1).expect("a cell");
                assert_eq!(span, Span::new(first.start, last.end));
                self.0.push(row);
                Some(next)
            }
            fn row(&mut self, row: &[CellRef<'a>]) {
                self.0.push(
                    row.iter()
                        .map(|c| (c.text.to_string(), c.span, c.value))
                        .collect(),
                );
            }
        }
        let mut rows = Rows(Vec::new());
        pipe_rows(text, base, &mut rows);
        rows.0
    }

    /// `text` with its clean-line values written back as their digits (a clean value's text
    /// is its digits, leading zeros included: compared by span instead).
    fn strip_texts(
        rows: Vec<Vec<(String, Option<Span>, CellValue)>>,
        text: &str,
        base: usize,
    ) -> Vec<Vec<(String, Option<Span>, CellValue)>> {
        rows.into_iter()
            .map(|r| {
                r.into_iter()
                    .map(|(t, s, v)| {
                        let t = match (s, v) {
                            (Some(s), CellValue::Number { .. }) => text
                                .get(s.start - base..s.end - base)
                                .unwrap_or("?")
                                .to_string(),
                            _ => t,
                        };
                        (t, s, v)
                    })
                    .collect()
            })
            .collect()
    }

    /// Reads `text` both ways and checks they agree: the rows (a clean line is the row the
    /// general split gives it) and the tables and diagnostics under every table kind, header
    /// lines read before (by this and earlier calls, under any kind) included.
    fn check_clean_agrees(text: &str, base: usize) {
        assert_eq!(
            strip_texts(clean_rows(text, base), text, base),
            strip_texts(fast_rows(text, base), text, base),
            "{text:?}"
        );
        for kind in [
            None,
            Some(TableKind::ActiveDisclosure),
            Some(TableKind::Requests),
            Some(TableKind::ReviewLitigation),
        ] {
            let general = read_pipe_text_with(text, base, kind, false);
            // Twice: the header lines of the first reading are known to the second.
            for _ in 0..2 {
                assert_eq!(
                    read_pipe_text_with(text, base, kind, true),
                    general,
                    "{kind:?} {text:?}"
                );
            }
        }
    }

    /// Clean lines read whole give the rows, tables and diagnostics the general split gives,
    /// on generated reports plain and damaged (vanished cells, joined lines, full-width forms,
    /// CRLF, Traditional characters, ASCII punctuation, the mixed damage of `damage::apply`).
    #[test]
    fn clean_lines_read_as_the_general_split() {
        use xxgk_model::testkit::{damage, generate};
        for seed in 0..48u64 {
            let text = generate(seed).render_text().text;
            let forms = [
                damage::vanish_empty_cells(&text),
                damage::join_lines(&text, seed, 0.5),
                damage::fullwidth(&text),
                damage::ascii_punct(&text),
                damage::crlf(&text),
                damage::to_traditional(&text),
                damage::apply(&text, seed).0,
                text,
            ];
            for t in &forms {
                check_clean_agrees(t, 0);
                check_clean_agrees(t, 11);
            }
        }
    }

    /// A line cut short by the row limit is not remembered as read whole: read again below
    /// the limit, it gives all its rows.
    /// Digit runs too long for a number (found by the property above: the value overflowed
    /// while the digits were counted) take the general split.
    #[test]
    fn overlong_digit_runs_read_as_the_general_split() {
        for n in [18, 19, 20, 40] {
            let digits = "1234567890".repeat(4);
            let run = &digits[..n];
            check_clean_agrees(&format!("| {run}1"), 0);
            check_clean_agrees(&format!("| 规章 | {run} | 0 |\n"), 3);
        }
    }

    /// `trim_piece` of ` c `, ` ac `, ` ca ` and ` cc ` for every character `c` of the Basic
    /// Multilingual Plane and two beyond is what `str::trim` gives (every white-space
    /// character, and every one sharing a lead or continuation byte with one).
    #[test]
    fn trim_piece_is_trim_for_every_character() {
        for c in (0u32..0x1_0000)
            .chain([0x1_F600, 0x10_FFFF])
            .filter_map(char::from_u32)
        {
            for s in [
                format!(" {c} "),
                format!(" a{c} "),
                format!(" {c}a "),
                format!(" {c}{c} "),
            ] {
                let (lead, t) = trim_piece(&s, 0, s.len());
                assert_eq!(t, s.trim(), "{s:?}");
                assert_eq!(lead, s.len() - s.trim_start().len(), "{s:?}");
            }
        }
    }

    /// Lines at and past the cell limit (runs of one-digit values, with and without a label,
    /// other pieces after the run) read as the general split reads them.
    #[test]
    fn lines_at_the_cell_limit_read_as_the_general_split() {
        for n in [
            MAX_CELLS - 2,
            MAX_CELLS - 1,
            MAX_CELLS,
            MAX_CELLS + 1,
            MAX_CELLS + 5,
        ] {
            let run = " 7 |".repeat(n);
            check_clean_agrees(&format!("|{run}\n"), 0);
            check_clean_agrees(&format!("| 规章 |{run}\n"), 2);
            check_clean_agrees(&format!("| 规章 |{run} 12 | |\n"), 0);
            check_clean_agrees(&format!("| 规章 | 12 |{run}"), 0);
        }
    }

    #[test]
    fn lines_cut_by_the_row_limit_are_read_again_in_full() {
        let joined = "| 规章 | — || 行政许可 | — |\n";
        let mut text = "| 1 |\n".repeat(MAX_ROWS - 1);
        text.push_str(joined);
        check_clean_agrees(&text, 0);
        check_clean_agrees(joined, 0);
        assert_eq!(fast_rows(joined, 0).len(), 2);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// The same on lines built from the pieces of clean lines and of the lines next to
        /// them: pipes with and without spaces, numbers up to and past 18 digits, labels,
        /// blanks, units, decimals, white space of every kind, line breaks of both forms.
        #[test]
        fn clean_pieces_read_as_the_general_split(chars in proptest::collection::vec(
            proptest::sample::select(vec![
                "| ", " |", " | ", " | ", "|", " ", "\n", "\n", "\r\n", "\r", "规章", "行政许可",
                "（三）不予公开 1.属于国家秘密", "行政复议", "结果维持", "总计", "1", "0", "12",
                "123456789012345678", "1234567890123456789", "5件", "0.00", "—", "", "\u{3000}",
                "12.345", "1.2.3", "3.", ".5", "0.0000001", "1234567890123456789.5",
                "\u{a0}", "\t", "n/a", "增5", "无", "１２", "\u{3001}", "信息内容", "本年制发件数",
            ]),
            0..60,
        ), base in 0usize..5) {
            let text: String = chars.concat();
            check_clean_agrees(&text, base);
        }

        /// A label the memo knows as clean (`is_clean_label`) is read from the line as the
        /// scan reads it, whatever its characters.
        #[test]
        fn known_clean_labels_read_as_scanned(chars in proptest::collection::vec(
            proptest::sample::select(vec![
                "规章", "（一）", " ", "\u{3000}", "\u{a0}", "1", "5件", "—", "|", "\n", "\r", "a",
                "\u{2003}", "、", "总计", "\t", "无", "增",
            ]),
            0..6,
        ), values in 0usize..3) {
            let label: String = chars.concat();
            let line = format!("| {label} |{}\n", " 7 |".repeat(values));
            let mut scanned = [None; MAX_CELLS];
            let got = clean_line(&line, 5, 0, None, &mut scanned);
            if is_clean_label(&label) {
                let mut known = [None; MAX_CELLS];
                let given = clean_line(&line, 5, 0, Some(label.len() + 3), &mut known);
                proptest::prop_assert!(got.is_some());
                proptest::prop_assert_eq!(given, got);
                proptest::prop_assert_eq!(known, scanned);
            }
        }

        /// A generated report with one piece inserted at a random place: clean lines next to
        /// unusual ones, and clean lines made unusual.
        #[test]
        fn damaged_reports_read_as_the_general_split(
            seed in 0u64..1000,
            at in 0usize..100_000,
            piece in proptest::sample::select(vec![
                "|", " ", "\n", "\r", "\r\n", "0", "7", "规", " | ", "||", "\u{3000}", "—", "件",
                ".5", "-", "12345678901234567890", "（一）", "总计",
            ]),
        ) {
            let mut text = generate_text(seed);
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.insert_str(at, piece);
            check_clean_agrees(&text, 0);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

        /// Table-3 rows read through the memo's plans ([`Memo::requests_plan`], used when
        /// reading table 3) give what the general reading gives: clean lines of every table-3
        /// row label, group titles, fragments, other tables' labels and any text, in any order
        /// (each label then planned under several group contexts), with full, short, blank or
        /// no values, read twice (the second reading uses the plans of the first).
        #[test]
        fn planned_requests_rows_read_as_the_general_split(
            lines in proptest::collection::vec((0usize..64, 0usize..6), 0..40),
        ) {
            let mut labels: Vec<&str> = Requests2021Row::ALL.iter().map(|r| r.label()).collect();
            labels.extend([
                "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理",
                "（七）总计", "三、本年度办理结果", "1.本机关不掌握相关政府信息", "总计",
                "规章", "行政许可", "结果维持", "申请人情况", "自然人", "其他", "第二十条第（一）项",
                "（一）予以公开", "商业企业", "信息内容",
            ]);
            let values = [
                " 1 | 2 | 0 | 0 | 0 | 0 | 3 |", " 0 | 0 | 0 | 0 | 0 | 0 | 0 |", " 4 | 5 |",
                "", " | | | | | | |", " 12 | 0 | 0 | 1 | 0 | 0 | 13 | 9 |",
            ];
            let mut text = String::new();
            for (l, v) in lines {
                let label = labels.get(l % labels.len()).copied().unwrap_or("");
                text.push_str(&format!("| {label} |{}\n", values.get(v).copied().unwrap_or("")));
            }
            check_clean_agrees(&text, 0);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Table-2 and table-4 rows read by their plans (clean lines read under those tables)
        /// give what the general reading gives: clean lines of every table-2 and table-4 row
        /// label, column header lines, block titles, other tables' labels and text, in any
        /// order, with full, short, blank or no values, read twice (the second reading uses the
        /// plans of the first).
        #[test]
        fn planned_active_and_review_rows_read_as_the_general_split(
            lines in proptest::collection::vec((0usize..64, 0usize..7), 0..40),
        ) {
            use xxgk_model::schema::{ActiveDisclosure2019Row, ActiveDisclosure2021Row};
            let mut labels: Vec<&str> = ActiveDisclosure2021Row::ALL.iter().map(|r| r.label()).collect();
            labels.extend(ActiveDisclosure2019Row::ALL.iter().map(|r| r.label()));
            labels.extend(ReviewRow::ALL.iter().map(|r| r.label()));
            labels.extend([
                "行政诉讼", "未经复议直接起诉", "复议后起诉", "结果维持", "总计", "信息内容",
                "本年制发件数", "第二十条第（一）项", "第二十条第（五）项", "行政许可", "规章",
                "自然人", "（三）不予公开", "本年新收政府信息公开申请数量", "其他",
            ]);
            let values = [
                " 1 | 2 | 0 | 0 | 3 |", " 0 | 0 | 0 |", " 4 |", "", " | | |",
                " 本年制发件数 | 本年废止件数 | 现行有效件数 |",
                " 12 | 0 | 0 | 1 | 0 | 0 | 13 | 9 | 1 | 0 | 0 | 0 | 0 | 1 | 2 |",
            ];
            let mut text = String::new();
            for (l, v) in lines {
                let label = labels.get(l % labels.len()).copied().unwrap_or("");
                text.push_str(&format!("| {label} |{}\n", values.get(v).copied().unwrap_or("")));
            }
            check_clean_agrees(&text, 0);
        }
    }

    /// Table 3's rows kept as first written (each row's values copied into a `PlacedRow`, the
    /// row of an unreadable cell written at once) and resolved by `resolve_requests`: the
    /// reference for the reader that writes full rows where the table holds them.
    fn requests_reference(
        calls: &[(Requests2021Row, Vec<Option<Val>>, Span)],
    ) -> (Option<RequestsCells>, Vec<Diagnostic>) {
        let mut requests: Option<RequestsCells> = None;
        let mut diags = Vec::new();
        let mut rows = Vec::new();
        for (row, vals, span) in calls {
            if vals.iter().any(Option::is_none) {
                if vals.len() == 7 {
                    let mut cells = requests.take().unwrap_or_default();
                    for (c, v) in RequestsCol::ALL
                        .iter()
                        .zip(vals)
                        .filter_map(|(c, v)| Some((c, (*v)?)))
                    {
                        cells.set(
                            *row,
                            *c,
                            Read {
                                value: v.value,
                                span: v.span,
                            },
                        );
                    }
                    requests = Some(cells);
                }
                continue;
            }
            if vals.is_empty() {
                diags.push(
                    Diagnostic::new(
                        Code::CellAmbiguous,
                        format!("row {:?} has no value cells: left out", row.label()),
                    )
                    .with_span(*span),
                );
                continue;
            }
            let values: Vec<Val> = vals.iter().flatten().copied().collect();
            let values = if values.len() == 7 {
                values
            } else {
                trim_to(values, 7)
            };
            rows.push(PlacedRow {
                row: *row,
                values,
                span: *span,
            });
        }
        if !rows.is_empty() || requests.is_some() {
            let mut cells = requests.take().unwrap_or_default();
            let _ = resolve_requests(rows, &mut cells, &mut diags);
            requests = Some(cells);
        }
        (requests, diags)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]

        /// Table 3 read with each full row's first reading written where the table holds it
        /// gives what the rows kept as first written and resolved give: rows repeated, full,
        /// short (placed by the rules), with blank, unreadable or no values, in any order.
        #[test]
        fn full_requests_rows_resolve_as_placed_rows(
            calls in proptest::collection::vec(
                (0usize..8, 0usize..12, proptest::collection::vec(0u8..12, 8..=8)),
                0..24,
            ),
        ) {
            let rows = Requests2021Row::ALL;
            let calls: Vec<(Requests2021Row, Vec<Option<Val>>, Span)> = calls
                .iter()
                .enumerate()
                .filter_map(|(k, (r, n, vals))| {
                    let row = *rows.get(r % rows.len().min(8))?;
                    let at = k * 100;
                    // (Full rows most often: 7 values, one in twelve unreadable, one blank.)
                    let n = if *n >= 9 { 7 } else { *n };
                    let vals = vals
                        .iter()
                        .take(n)
                        .enumerate()
                        .map(|(i, v)| {
                            (*v > 0).then(|| Val {
                                value: (*v > 1).then(|| Number::from(i64::from(*v % 4))),
                                span: Span { start: at + 10 + i, end: at + 11 + i },
                            })
                        })
                        .collect();
                    Some((row, vals, Span { start: at, end: at + 5 }))
                })
                .collect();
            let mut st = GridState::new();
            for (row, vals, span) in &calls {
                st.requests_values(*row, row.label(), *span, vals);
            }
            let got = st.finish();
            let (requests, diags) = requests_reference(&calls);
            proptest::prop_assert_eq!(got.requests, requests);
            proptest::prop_assert_eq!(got.diagnostics, diags);
        }
    }

    fn generate_text(seed: u64) -> String {
        xxgk_model::testkit::generate(seed).render_text().text
    }

    /// `pick_active_values` as first written (a copy of the values, the non-blank ones
    /// collected), the reference for the one that copies nothing.
    fn pick_active_reference(vals: &[Option<Val>], n: usize) -> Option<Vec<Option<Val>>> {
        let vals: Vec<Option<Val>> = vals.to_vec();
        if vals.len() == n {
            Some(vals)
        } else if n == 1 && !vals.is_empty() {
            let nonblank: Vec<&Option<Val>> = vals
                .iter()
                .filter(|v| v.is_none_or(|v| v.value.is_some()))
                .collect();
            match nonblank.as_slice() {
                [] => Some(vec![vals.first().copied().flatten()]),
                [one] => Some(vec![**one]),
                many if many.iter().all(|v| {
                    v.map(|v| v.value) == many.first().and_then(|f| f.map(|f| f.value))
                }) =>
                {
                    Some(vec![*many[0]])
                }
                _ => None,
            }
        } else if vals.len() > n
            && vals
                .iter()
                .skip(n)
                .all(|v| v.is_some_and(|v| v.value.is_none()))
        {
            Some(vals.get(..n).unwrap_or(&[]).to_vec())
        } else {
            None
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        /// The table-2 value picking gives what its first, copying version gave: values
        /// unreadable, blank or one of a few numbers (repeats likely), each with its span.
        #[test]
        fn active_values_are_picked_as_before(
            vals in proptest::collection::vec(proptest::option::of(0u8..4), 0..6),
            n in 0usize..5,
        ) {
            let vals: Vec<Option<Val>> = vals
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    v.map(|v| Val {
                        value: (v > 0).then(|| Number::from(i64::from(v % 3))),
                        span: Span { start: i, end: i + 1 },
                    })
                })
                .collect();
            let mut single = [None];
            let got = pick_active_values(&vals, n, &mut single).map(<[_]>::to_vec);
            proptest::prop_assert_eq!(got, pick_active_reference(&vals, n));
        }
    }

    #[test]
    fn memoized_matches_equal_computed() {
        let texts = [
            "规章",
            "本年制发件数",
            "三、本年度办理结果 （六）其他处理 3.其他",
            "行政复议",
            "12",
            "未经复议 直接起诉",
            "2.申请人逾期未按收费通知要求缴纳费用",
        ];
        let mut memo = Memo::default();
        for _ in 0..2 {
            for t in texts {
                let id = memo.id(t);
                assert!(id.is_some());
                assert_eq!(memo.text(id, t), TextInfo::compute(t), "{t}");
                assert_eq!(memo.label(id, t), LabelInfo::compute(t), "{t}");
                for g in [None, Some(Group::Other), Some(Group::Denied)] {
                    let want = labels::match_requests_row(t, g);
                    assert_eq!(memo.requests(id, t, g), want, "{t}");
                    // Not remembered (too long, or the memo full): computed.
                    assert_eq!(memo.requests(None, t, g), want, "{t}");
                }
                for i in [id, None] {
                    let mut seen = Vec::new();
                    memo.anchors(i, t, |a| seen.push(*a));
                    assert_eq!(seen, labels::requests_anchors(t), "{t}");
                }
            }
        }
        assert_eq!(memo.entries.len(), texts.len());
        assert!(texts
            .iter()
            .any(|t| !labels::requests_anchors(t).is_empty()));
        let hint = TextInfo::compute("2.申请人逾期未按收费通知要求缴纳费用").hint;
        assert_eq!(hint, Some(xxgk_model::Template::Gov2021));
        for r in Requests2021Row::ALL {
            let want = TextInfo::compute(r.label()).hint;
            assert_eq!(memo.row_hint(*r), want);
            assert_eq!(memo.row_hint(*r), want);
        }
    }

    #[test]
    fn glued_rows_split_only_when_certain() {
        let text = "一、本年新收政府信息公开申请数量640020470二、上年结转政府信息公开申请数量0000000\
                    三、本年度办理结果（一）予以公开270020130（二）部分公开（区分处理的，只计这一情形，不计其他情形）500000 5\
                    （三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开0000000";
        let r = read_glued(text, 0, TableKind::Requests);
        let t = r.requests.expect("cells");
        use Requests2021Row as R;
        // 9 digits for 7 cells: one reading keeps the row sum (64 0 0 2 0 4 70), since the
        // table prints its zeros (`0000000`) and no blank cell can have vanished.
        let nr: Vec<_> = RequestsCol::ALL
            .iter()
            .map(|c| {
                t.value(R::NewReceived, *c)
                    .flatten()
                    .and_then(|n| n.as_i64())
            })
            .collect();
        assert_eq!(nr, [64, 0, 0, 2, 0, 4, 70].map(Some).to_vec(), "{nr:?}");
        // 270020130: two readings keep it (2 7 0 0 20 1 30, 27 0 0 2 0 1 30): left out.
        assert!(!t.has_row(R::Granted));
        assert_eq!(
            t.value(R::CarriedOver, RequestsCol::Total),
            Some(Some(Number::ZERO))
        );
        assert_eq!(
            t.value(R::PartiallyGranted, RequestsCol::Total),
            Some(Some(Number::from(5)))
        );
        // The next row's number `2.` is not read as a cell.
        assert_eq!(
            t.value(R::DeniedStateSecret, RequestsCol::Total),
            Some(Some(Number::ZERO))
        );
        assert_eq!(t.len(), 5 * 7);
        // A run stopped by a separator or unit is never split.
        for text in [
            "上一年项目数量行政事业性收费35,15第二十条",
            "上一年项目数量行政事业性收费35-15万元",
            "上一年项目数量行政事业性收费35-1.5第二十条",
        ] {
            let r = read_glued(text, 0, TableKind::ActiveDisclosure);
            assert!(r.active.is_none(), "{text}");
        }
    }

    /// A sign can only open 本年增/减: the digits before it are 上一年项目数量. A two-column
    /// row's signed rest is its change; a three-column row's is left out (`-18538` splits
    /// four ways, and `5-12` may be 5, a dash for a blank, 12).
    #[test]
    fn glued_signed_rows_read_what_the_sign_fixes() {
        use xxgk_model::schema::{ActiveDisclosure2019Col as C, ActiveDisclosure2019Row as R};
        let text = "上一年项目数量本年增/减处理决定数量行政处罚2648-18538行政强制5-12\
                    第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费35-15第二十条";
        let r = read_glued(text, 7, TableKind::ActiveDisclosure);
        let Some(ActiveCells::Gov2019(t)) = r.active else {
            panic!("gov2019 cells expected");
        };
        assert_eq!(
            t.value(R::Punishment, C::PreviousItems),
            Some(Some(Number::from(2648)))
        );
        assert_eq!(t.value(R::Punishment, C::Change), None);
        assert_eq!(t.value(R::Punishment, C::Decisions), None);
        assert_eq!(
            t.value(R::Enforcement, C::PreviousItems),
            Some(Some(Number::from(5)))
        );
        assert_eq!(t.value(R::Enforcement, C::Change), None);
        assert_eq!(
            t.value(R::Fees, C::PreviousItems),
            Some(Some(Number::from(35)))
        );
        assert_eq!(t.value(R::Fees, C::Change), Some(Some(Number::from(-15))));
        assert_eq!(t.len(), 4);
        // Spans point at the digits (offset by `base`).
        for (_, _, read) in t.iter() {
            let s = text
                .get(read.span.start - 7..read.span.end - 7)
                .unwrap_or("");
            assert_eq!(
                s.parse::<i64>().ok(),
                read.value.and_then(|n| n.as_i64()),
                "{s}"
            );
        }
    }

    #[test]
    fn vanished_cells_resolve_only_when_unique() {
        // 一 has one value for 7 cells: its total is certain (the row sum), its column is not.
        let g = Grid::from_rows(&[
            vec!["一、本年新收政府信息公开申请数量", "3", "3"],
            vec![
                "二、上年结转政府信息公开申请数量",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0",
            ],
        ]);
        let r = read_grid(&g, Some(TableKind::Requests));
        let t = r.requests.expect("cells");
        assert_eq!(
            t.value(Requests2021Row::NewReceived, RequestsCol::Total),
            Some(Some(Number::from(3)))
        );
        assert_eq!(
            t.value(Requests2021Row::NewReceived, RequestsCol::NaturalPerson),
            None
        );
        assert!(r.diagnostics.iter().any(|d| d.code == Code::CellAmbiguous));
    }

    #[test]
    fn joined_pipe_rows_are_split_before_labels() {
        let texts = |g: &Grid| -> Vec<Vec<String>> {
            g.rows
                .iter()
                .map(|r| r.iter().map(|c| c.text.clone()).collect())
                .collect()
        };
        // `||` and `| |` boundaries; the second row's trailing blank is not known to be its own.
        let g = Grid::from_pipe_text("| 规章 | 4 | 0 || 行政许可 | 8 | | | 行政处罚 | 3 |\n", 0);
        assert_eq!(
            texts(&g),
            vec![
                vec!["规章", "4", "0"],
                vec!["", "行政许可", "8"],
                vec!["", "", "行政处罚", "3"],
            ]
        );
        // A stray non-label text after values stays in its row; a line without values is one row.
        let g = Grid::from_pipe_text("| 规章 | 4 | n/a | 0 |\n| | 自然人 | 法人 |\n", 0);
        assert_eq!(
            texts(&g),
            vec![vec!["规章", "4", "n/a", "0"], vec!["", "自然人", "法人"]]
        );
        // Spans still point at the cell texts.
        let text = "| 规章 | 4 || 行政许可 | 8 |\n";
        let g = Grid::from_pipe_text(text, 0);
        for c in g.rows.iter().flatten() {
            if let Some(s) = c.span {
                assert_eq!(text.get(s.range()), Some(c.text.as_str()));
            }
        }
    }
}
