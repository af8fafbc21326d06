//! Tables 2, 3 and 4 from flattened token streams (PDF text extracted in reading order).
//!
//! PDF extraction in reading order turns a table into a stream of label fragments, header words
//! and numbers (`../shared/spec/format.md` §7.3). This module aligns the numbers of such a stream
//! to the template:
//!
//! - **Table 2**: when the row labels (规章, 行政许可 …) stand among the numbers, each row takes
//!   the numbers after its label, up to the next label or block title; when the label column
//!   was emitted first, the block titles `第二十条第（一）项` … cut the stream into blocks whose
//!   counts the template fixes (`gov2021`: 6, 1, 2, 1; `gov2019`: 6, 6, 6, 2, 2), read row by
//!   row. A blank mark standing alone (`—`, `/`, `无`) is a blank cell (`null`). A row or block
//!   with another count is left out (table 2 has no arithmetic to check a guess against).
//! - **Table 3**: the numbers after the header are aligned to the 23 or 25 rows with the
//!   consistency rules as constraints: row sums, outcome sum and balance. Rows may come whole,
//!   with their 自然人 value loose beside a label, or in column-major groups (see
//!   `requests.rs`). A cell is returned only when every admissible reading gives it the same
//!   value; the others are left out with [`Code::CellAmbiguous`] or [`Code::StreamUnresolved`].
//! - **Table 4**: the fifteen numbers after the header words, read row by row or column by
//!   column, accepted when the totals hold.
//!
//! The search is bounded ([`StreamOptions`]): hitting a bound gives [`Code::SearchLimit`] and no
//! cells for that table, never a guess.
//!
//! # Example
//!
//! ```
//! use xxgk_table::stream::{read_table, StreamOptions};
//! use xxgk_model::schema::{ReviewCol, ReviewRow};
//! use xxgk_model::{Number, TableKind, Template};
//!
//! let text = "四、政府信息公开行政复议、行政诉讼情况 行政复议 行政诉讼 结果 结果 其他 尚未 总 \
//!             维持 纠正 结果 审结 计 1 0 0 1 2 0 0 0 0 0 3 0 0 0 3";
//! let r = read_table(TableKind::ReviewLitigation, text, 0, Some(Template::Gov2021), &StreamOptions::default());
//! let t = r.tables.review_litigation.ok_or("no table")?;
//! assert_eq!(t.len(), 15);
//! assert_eq!(t.get(ReviewRow::Review, ReviewCol::Total), Some(Some(Number::from(2))));
//! assert_eq!(t.get(ReviewRow::LitigationAfterReview, ReviewCol::Upheld), Some(Some(Number::from(3))));
//! // Every cell has a span into `text`.
//! let s = r.spans.iter().find(|c| c.row == "litigation_after_review" && c.col == "total").ok_or("no span")?;
//! assert_eq!(&text[s.span.range()], "3");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod requests;
mod tokens;

use requests::{Limits, COLS};
use tokens::{Compact, Kind, Tok};
use xxgk_model::schema::{
    ActiveDisclosure2019, ActiveDisclosure2021, Id, Requests2019, Requests2021, ReviewLitigation,
    Schema,
};
use xxgk_model::{
    ActiveDisclosure, Code, Diagnostic, Number, Requests, Span, Table, TableKind, Tables, Template,
};

/// Default bound on the work of the table-3 search, in search states expanded (each holds a
/// few hundred bytes). Real reports need one or two thousand.
pub const DEFAULT_EFFORT_LIMIT: u64 = 50_000;

/// Bounds and switches of the stream reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamOptions {
    /// Work bound of the table-3 search; over it the table is left out with
    /// [`Code::SearchLimit`].
    pub effort_limit: u64,
    /// Most loose values pending at once (seen before or after their row); at most 8.
    pub max_pending: usize,
    /// Most rows in one column-major group.
    pub max_group_rows: usize,
    /// Let the loose value of the last two rows (（七）总计, 四) be any of their columns, not
    /// only 自然人 (seen when PDF extraction emits their labels after all the numbers).
    pub any_loose_column: bool,
}

impl Default for StreamOptions {
    fn default() -> Self {
        StreamOptions {
            effort_limit: DEFAULT_EFFORT_LIMIT,
            max_pending: 6,
            max_group_rows: 32,
            any_loose_column: true,
        }
    }
}

/// Where one returned cell was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellSpan {
    /// The table.
    pub table: TableKind,
    /// Row id (`model.md`).
    pub row: &'static str,
    /// Column id.
    pub col: &'static str,
    /// The number's bytes in the caller's text, shifted by `base`.
    pub span: Span,
}

/// What the stream reader found.
#[derive(Debug, Clone, Default)]
pub struct StreamResult {
    /// The tables read; a table whose stream could not be aligned at all is `None`.
    pub tables: Tables,
    /// The span of every returned cell (offsets into the given text plus `base`).
    pub spans: Vec<CellSpan>,
    /// Cells of tables that were found but left out, as `(table, row id, column id)`.
    pub left_out: Vec<(TableKind, &'static str, &'static str)>,
    /// Why cells were left out, and what was decided (spans: given text offsets plus `base`).
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads one table from `text`, the region of its section (heading to next heading) in the
/// normalized report. Spans are `base` + offsets into `text`. `hint` is the report's template
/// when known; table labels take precedence.
pub fn read_table(
    kind: TableKind,
    text: &str,
    base: usize,
    hint: Option<Template>,
    opts: &StreamOptions,
) -> StreamResult {
    let mut out = StreamResult::default();
    let reader = Reader::new(text, base);
    match kind {
        TableKind::ActiveDisclosure => reader.active_disclosure(hint, &mut out),
        TableKind::Requests => reader.requests(hint, opts, &mut out),
        TableKind::ReviewLitigation => reader.review_litigation(&mut out),
    }
    out
}

/// Section headings (folded) of tables 2, 3, 4 and of the section after them.
const HEADINGS: [(&str, &[&str]); 4] = [
    ("二、", &["主动公开政府信息"]),
    (
        "三、",
        &[
            "收到和处理政府信息公开申请",
            "政府信息依申请公开",
            "收到和處理",
        ],
    ),
    ("四、", &["行政复议", "行政诉讼"]),
    ("五、", &["存在的主要问题", "存在问题", "主要问题"]),
];

/// Finds the three table sections in a whole report text by their headings (crudely: the last
/// occurrence of each heading before the next one) and reads each table. Use [`read_table`]
/// when the sections are known.
///
/// ```
/// use xxgk_table::stream::read_stream;
/// let text = "二、主动公开政府信息情况 信息内容 规章 行政规范性文件 信息内容 行政许可 信息内容 行政处罚 \
///     行政强制 信息内容 行政事业性收费 第二十条第(一)项 本年制发件数 本年废止件数 现行有效件数 0 0 2 5 1 40 \
///     第二十条第(五)项 本年处理决定数量 318 第二十条第(六)项 本年处理决定数量 27 4 第二十条第(八)项 \
///     本年收费金额(单位:万元) 12.5 三、收到和处理政府信息公开申请情况";
/// let r = read_stream(text, 0, None);
/// let t2 = r.tables.active_disclosure.ok_or("no table 2")?;
/// assert_eq!(t2.len(), 10);
/// assert!(t2.cells().contains(&("fees", "amount", Some("12.5".parse()?))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_stream(text: &str, base: usize, hint: Option<Template>) -> StreamResult {
    read_stream_with(text, base, hint, &StreamOptions::default())
}

/// [`read_stream`] with explicit bounds.
pub fn read_stream_with(
    text: &str,
    base: usize,
    hint: Option<Template>,
    opts: &StreamOptions,
) -> StreamResult {
    let compact = Compact::new(text);
    // Position of each heading: the first occurrence followed by the next heading later on.
    let mut starts: [Option<usize>; 4] = [None; 4];
    let mut from = 0;
    for (k, (num, keys)) in HEADINGS.iter().enumerate() {
        let mut best: Option<usize> = None;
        let mut search = from;
        while let Some((s, e)) = compact.find(num, search) {
            let hit = keys
                .iter()
                .any(|key| compact.find_within(key, e, 12).is_some());
            if hit {
                best = Some(s);
                break;
            }
            search = e;
        }
        if let Some(b) = best {
            starts[k] = Some(b);
            from = b + 1;
        }
    }
    let mut out = StreamResult::default();
    let kinds = [
        TableKind::ActiveDisclosure,
        TableKind::Requests,
        TableKind::ReviewLitigation,
    ];
    for (k, kind) in kinds.iter().enumerate() {
        let Some(s) = starts.get(k).copied().flatten() else {
            continue;
        };
        let e = starts
            .get(k + 1..)
            .and_then(|rest| rest.iter().flatten().next().copied())
            .unwrap_or(text.len());
        let Some(region) = text.get(s..e) else {
            continue;
        };
        let r = read_table(*kind, region, base + s, hint, opts);
        merge(&mut out, r);
    }
    out
}

fn merge(into: &mut StreamResult, r: StreamResult) {
    if r.tables.active_disclosure.is_some() {
        into.tables.active_disclosure = r.tables.active_disclosure;
    }
    if r.tables.requests.is_some() {
        into.tables.requests = r.tables.requests;
    }
    if r.tables.review_litigation.is_some() {
        into.tables.review_litigation = r.tables.review_litigation;
    }
    into.spans.extend(r.spans);
    into.left_out.extend(r.left_out);
    into.diagnostics.extend(r.diagnostics);
}

struct Reader<'t> {
    text: &'t str,
    base: usize,
    toks: Vec<Tok>,
}

/// A cell to set: row id, column id, value (`None`: printed blank), token index.
type Put = (&'static str, &'static str, Option<Number>, usize);

fn fill<S: Schema>(puts: &[Put]) -> Table<S> {
    let mut t = Table::<S>::new();
    // The puts of a row come together, naming it by one string: a row id at the address (and
    // of the length) of the last one parsed is that string, not parsed again.
    let mut last: Option<(&'static str, Option<S::Row>)> = None;
    for (r, c, v, _) in puts {
        let row = match last {
            Some((id, row)) if std::ptr::eq(id, *r) => row,
            _ => {
                let row = S::Row::parse_id(r);
                last = Some((r, row));
                row
            }
        };
        if let (Some(r), Some(c)) = (row, S::Col::parse_id(c)) {
            // `set` fails only for cells the template lacks, which `puts` never names.
            let _ = t.set(r, c, *v);
        }
    }
    t
}

impl<'t> Reader<'t> {
    fn new(text: &'t str, base: usize) -> Reader<'t> {
        Reader {
            text,
            base,
            toks: tokens::tokenize(text),
        }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.base + start, self.base + end)
    }

    fn region_span(&self) -> Span {
        self.span(0, self.text.len())
    }

    /// The indices of the tokens whose start lies in `from..to` (tokens are in text order).
    fn toks_in(&self, from: usize, to: usize) -> std::ops::Range<usize> {
        let a = self.toks.partition_point(|t| t.start < from);
        let b = self.toks.partition_point(|t| t.start < to).max(a);
        a..b
    }

    /// Indices of cell tokens whose start lies in `from..to`.
    fn cells_in(&self, from: usize, to: usize) -> Vec<usize> {
        let r = self.toks_in(from, to);
        let first = r.start;
        self.toks
            .get(r)
            .unwrap_or(&[])
            .iter()
            .enumerate()
            .filter(|(_, t)| matches!(t.kind, Kind::Cell(_)))
            .map(|(i, _)| first + i)
            .collect()
    }

    /// Indices of cell and blank-mark tokens whose start lies in `from..to`.
    fn cells_or_blanks_in(&self, from: usize, to: usize) -> Vec<usize> {
        let r = self.toks_in(from, to);
        let first = r.start;
        self.toks
            .get(r)
            .unwrap_or(&[])
            .iter()
            .enumerate()
            .filter(|(_, t)| matches!(t.kind, Kind::Cell(_) | Kind::Blank))
            .map(|(i, _)| first + i)
            .collect()
    }

    /// True when a cell or blank-mark token starts in `from..to` ([`Reader::cells_or_blanks_in`]
    /// is not empty).
    fn any_cell_or_blank_in(&self, from: usize, to: usize) -> bool {
        let r = self.toks_in(from, to);
        self.toks
            .get(r)
            .unwrap_or(&[])
            .iter()
            .any(|t| matches!(t.kind, Kind::Cell(_) | Kind::Blank))
    }

    fn value(&self, tok: usize) -> Option<Number> {
        self.toks.get(tok).and_then(Tok::cell)
    }

    fn record(&self, out: &mut StreamResult, kind: TableKind, puts: &[Put]) {
        out.spans.reserve(puts.len());
        for (r, c, _, tok) in puts {
            if let Some(t) = self.toks.get(*tok) {
                out.spans.push(CellSpan {
                    table: kind,
                    row: r,
                    col: c,
                    span: self.span(t.start, t.end),
                });
            }
        }
    }

    // ------------------------------------------------------------------------------ table 2

    fn active_disclosure(&self, hint: Option<Template>, out: &mut StreamResult) {
        const TITLES: [&str; 5] = ["一", "五", "六", "八", "九"];
        /// Labels only `gov2021` prints, and labels only `gov2019` prints (besides the title
        /// 第二十条第（九）项).
        const M21: [&str; 4] = ["制发件数", "废止件数", "现行有效件数", "收费金额"];
        const M19: [&str; 5] = [
            "新制作数量",
            "新公开数量",
            "对外公开总数量",
            "上一年项目数量",
            "采购项目数量",
        ];
        // One scan for every pattern of the table (each pattern's matches do not depend on
        // the others'): the titles, the template labels, the row label keys.
        let mut pats: Vec<&str> =
            Vec::with_capacity(TITLES.len() + M21.len() + M19.len() + ROW_KEYS2.len());
        pats.extend([
            "第二十条第(一)项",
            "第二十条第(五)项",
            "第二十条第(六)项",
            "第二十条第(八)项",
            "第二十条第(九)项",
        ]);
        let m21_at = pats.len();
        pats.extend(M21);
        let m19_at = pats.len();
        pats.extend(M19);
        let keys_at = pats.len();
        pats.extend(ROW_KEYS2.iter().map(|(_, k)| *k));
        let hits = tokens::find_all(self.text, &pats, 0);
        let found = |k: usize| hits.iter().any(|h| h.0 == k);
        // Each block title's first occurrence.
        let mut titles: Vec<(usize, usize, usize)> = (0..TITLES.len())
            .filter_map(|b| hits.iter().find(|h| h.0 == b).copied())
            .collect(); // (block, start, end)
        titles.sort_by_key(|t| t.1);
        if titles.is_empty() {
            out.diagnostics.push(
                Diagnostic::new(
                    Code::StreamUnresolved,
                    "table 2: no block title 第二十条第（…）项 found",
                )
                .with_span(self.region_span()),
            );
            return;
        }
        let m21 = (m21_at..m19_at).any(found);
        let m19 = (m19_at..keys_at).any(found) || found(4);
        let blocks: Vec<(usize, Vec<usize>)> = titles
            .iter()
            .enumerate()
            .map(|(k, &(b, _, e))| {
                let to = titles.get(k + 1).map_or(self.text.len(), |t| t.1);
                (b, self.cells_or_blanks_in(e, to))
            })
            .collect();
        // Numbers each block holds, per template.
        let fits = |counts: [usize; 5]| {
            blocks
                .iter()
                .all(|(b, c)| counts.get(*b).is_some_and(|&n| n == c.len()))
        };
        let fit21 = fits([6, 1, 2, 1, 0]);
        let fit19 = fits([6, 6, 6, 2, 2]);
        let template = match (m21, m19) {
            (true, false) => Template::Gov2021,
            (false, true) => Template::Gov2019,
            (true, true) => {
                out.diagnostics.push(
                    Diagnostic::new(
                        Code::TemplateMixed,
                        "table 2 prints labels of both templates",
                    )
                    .with_span(self.region_span()),
                );
                match (fit21, fit19) {
                    (true, false) => Template::Gov2021,
                    (false, true) => Template::Gov2019,
                    _ => hint.unwrap_or(Template::Gov2021),
                }
            }
            (false, false) => match (fit21, fit19, hint) {
                (true, false, _) => Template::Gov2021,
                (false, true, _) => Template::Gov2019,
                (_, _, Some(Template::Gov2019)) => Template::Gov2019,
                _ => Template::Gov2021,
            },
        };
        // Cells of each block in row-major order: (row, col, money, may be negative).
        type Layout = &'static [(&'static str, &'static str)];
        let layout21: [Layout; 5] = [
            &[
                ("rules", "issued"),
                ("rules", "repealed"),
                ("rules", "in_force"),
                ("normative_documents", "issued"),
                ("normative_documents", "repealed"),
                ("normative_documents", "in_force"),
            ],
            &[("licensing", "decisions")],
            &[("punishment", "decisions"), ("enforcement", "decisions")],
            &[("fees", "amount")],
            &[],
        ];
        let layout19: [Layout; 5] = [
            &[
                ("rules", "new_made"),
                ("rules", "new_published"),
                ("rules", "total_published"),
                ("normative_documents", "new_made"),
                ("normative_documents", "new_published"),
                ("normative_documents", "total_published"),
            ],
            &[
                ("licensing", "previous_items"),
                ("licensing", "change"),
                ("licensing", "decisions"),
                ("other_services", "previous_items"),
                ("other_services", "change"),
                ("other_services", "decisions"),
            ],
            &[
                ("punishment", "previous_items"),
                ("punishment", "change"),
                ("punishment", "decisions"),
                ("enforcement", "previous_items"),
                ("enforcement", "change"),
                ("enforcement", "decisions"),
            ],
            &[("fees", "previous_items"), ("fees", "change")],
            &[("procurement", "items"), ("procurement", "amount")],
        ];
        let layout = if template == Template::Gov2019 {
            layout19
        } else {
            layout21
        };
        // Row labels: when they stand among the numbers, each row takes the numbers after its
        // label; when they all come first (label column emitted first), blocks take the
        // numbers after their titles.
        let all_cells: Vec<(&'static str, &'static str)> =
            layout.iter().flat_map(|l| l.iter().copied()).collect();
        let mut row_order: Vec<&'static str> = Vec::with_capacity(ROW_KEYS2.len());
        for (r, _) in &all_cells {
            if !row_order.contains(r) {
                row_order.push(r);
            }
        }
        // The rows with a label key, and the key's pattern index.
        let mut keyed: Vec<(&'static str, usize)> = Vec::with_capacity(row_order.len());
        for r in &row_order {
            if let Some(q) = ROW_KEYS2.iter().position(|(id, _)| id == r) {
                keyed.push((r, keys_at + q));
            }
        }
        // (token, offset, row)
        let mut labels: Vec<(usize, usize, &'static str)> = Vec::with_capacity(keyed.len());
        for &(r, k) in &keyed {
            // The key's first occurrence.
            if let Some(&(_, s, _)) = hits.iter().find(|h| h.0 == k) {
                if let Some(t) = self.tok_at(s) {
                    labels.push((t, s, r));
                }
            }
        }
        labels.sort_unstable();
        let first_title_tok = titles.first().and_then(|t| self.tok_at(t.1));
        let first_cell_tok = self
            .toks
            .iter()
            .position(|t| matches!(t.kind, Kind::Cell(_)));
        let labels_first = match (labels.last(), first_title_tok.or(first_cell_tok)) {
            (Some(&(last, _, _)), Some(ft)) => last < ft,
            (None, _) => true,
            _ => false,
        };
        type Unit = (String, Vec<(&'static str, &'static str)>, Vec<usize>);
        let units: Vec<Unit> = if labels_first {
            blocks
                .iter()
                .filter_map(|(b, cells)| {
                    let lay = layout.get(*b)?;
                    let title = TITLES.get(*b).copied().unwrap_or("");
                    Some((
                        format!("block 第二十条第（{title}）项"),
                        lay.to_vec(),
                        cells.clone(),
                    ))
                })
                .collect()
        } else {
            // Labels with no number and no block title between them (joined into one line,
            // or a label column printed ahead of its numbers) form a group: the numbers after the group belong
            // to its rows in order, and only when they fill every cell of the group — with
            // fewer numbers it is unknowable which row is blank.
            // Label index ranges [a, b).
            let mut groups: Vec<(usize, usize)> = Vec::with_capacity(labels.len());
            for k in 0..labels.len() {
                let joins = k > 0
                    && labels.get(k - 1).zip(labels.get(k)).is_some_and(|(p, q)| {
                        let from = self.toks.get(p.0).map_or(0, |x| x.end);
                        let to = self.toks.get(q.0).map_or(0, |x| x.start);
                        let title_between = titles.iter().any(|t| t.1 > p.1 && t.1 < q.1);
                        p.0 == q.0 || (!self.any_cell_or_blank_in(from, to) && !title_between)
                    });
                match groups.last_mut() {
                    Some(g) if joins => g.1 = k + 1,
                    _ => groups.push((k, k + 1)),
                }
            }
            groups
                .iter()
                .map(|&(a, b)| {
                    let last = labels.get(b - 1).map_or(0, |l| l.0);
                    let from = self.toks.get(last).map_or(0, |x| x.end);
                    // Up to the next row label or the next block title, whichever comes first.
                    let next_label = labels
                        .get(b)
                        .and_then(|&(n, _, _)| self.toks.get(n))
                        .map_or(self.text.len(), |x| x.start);
                    let next_title = titles
                        .iter()
                        .map(|t| t.1)
                        .find(|&s| s >= from)
                        .unwrap_or(self.text.len());
                    let to = next_label.min(next_title);
                    let rows: Vec<&'static str> = labels
                        .get(a..b)
                        .unwrap_or(&[])
                        .iter()
                        .map(|l| l.2)
                        .collect();
                    let lay: Vec<_> = rows
                        .iter()
                        .flat_map(|r| all_cells.iter().copied().filter(move |(x, _)| x == r))
                        .collect();
                    let name = if rows.len() == 1 {
                        format!("row {}", rows.join(""))
                    } else {
                        format!("rows {}", rows.join(", "))
                    };
                    (name, lay, self.cells_or_blanks_in(from, to))
                })
                .collect()
        };
        let mut puts: Vec<Put> = Vec::with_capacity(all_cells.len());
        for (title, lay, cells) in &units {
            if lay.is_empty() {
                continue;
            }
            if cells.len() != lay.len() {
                out.diagnostics.push(
                    Diagnostic::new(
                        Code::StreamUnresolved,
                        format!(
                            "table 2: {title} holds {} numbers, the template {}",
                            cells.len(),
                            lay.len()
                        ),
                    )
                    .with_span(self.region_span()),
                );
                for (r, c) in lay.iter() {
                    out.left_out.push((TableKind::ActiveDisclosure, r, c));
                }
                continue;
            }
            let block: Vec<Put> = lay
                .iter()
                .zip(cells)
                .map(|(&(r, c), &t)| (r, c, self.value(t), t))
                .collect();
            let domain_ok = block.iter().all(|(_, c, v, _)| {
                let money = *c == "amount";
                let signed = *c == "change";
                v.is_none_or(|v| (money || v.is_integer()) && (signed || !v.is_negative()))
            });
            if !domain_ok || block.len() != lay.len() {
                out.diagnostics.push(
                    Diagnostic::new(
                        Code::StreamUnresolved,
                        format!("table 2: {title} holds numbers its cells cannot take"),
                    )
                    .with_span(self.region_span()),
                );
                for (r, c) in lay.iter() {
                    out.left_out.push((TableKind::ActiveDisclosure, r, c));
                }
                continue;
            }
            puts.extend(block);
        }
        if puts.is_empty() {
            return;
        }
        self.record(out, TableKind::ActiveDisclosure, &puts);
        out.tables.active_disclosure = Some(if template == Template::Gov2019 {
            ActiveDisclosure::Gov2019(fill::<ActiveDisclosure2019>(&puts))
        } else {
            ActiveDisclosure::Gov2021(fill::<ActiveDisclosure2021>(&puts))
        });
    }

    // ------------------------------------------------------------------------------ table 4

    fn review_litigation(&self, out: &mut StreamResult) {
        const ROWS: [&str; 3] = ["review", "litigation_direct", "litigation_after_review"];
        const COLS4: [&str; 5] = ["upheld", "corrected", "other", "pending", "total"];
        let start = tokens::first_of(self.text, &["结果", "维持", "审结", "尚未"], 0);
        let Some(start) = start else {
            out.diagnostics.push(
                Diagnostic::new(Code::StreamUnresolved, "table 4: no header words found")
                    .with_span(self.region_span()),
            );
            return;
        };
        let cells = self.cells_in(start, self.text.len());
        let left_all = |out: &mut StreamResult| {
            for r in ROWS {
                for c in COLS4 {
                    out.left_out.push((TableKind::ReviewLitigation, r, c));
                }
            }
        };
        if cells.len() != 15 {
            out.diagnostics.push(
                Diagnostic::new(
                    Code::StreamUnresolved,
                    format!(
                        "table 4: {} numbers after the header, 15 expected",
                        cells.len()
                    ),
                )
                .with_span(self.region_span()),
            );
            left_all(out);
            return;
        }
        let vals: Vec<Number> = cells.iter().filter_map(|&t| self.value(t)).collect();
        let ints: Vec<i64> = vals.iter().filter_map(Number::as_i64).collect();
        if ints.len() != 15 || ints.iter().any(|v| !(0..=MAX_COUNT).contains(v)) {
            out.diagnostics.push(
                Diagnostic::new(
                    Code::StreamUnresolved,
                    "table 4: a number is not a non-negative integer",
                )
                .with_span(self.region_span()),
            );
            left_all(out);
            return;
        }
        // Candidate orders: index into the stream for (row, col).
        let row_major = |r: usize, c: usize| r * 5 + c;
        let col_major = |r: usize, c: usize| c * 3 + r;
        let orders: [&dyn Fn(usize, usize) -> usize; 2] = [&row_major, &col_major];
        let mut readings: Vec<Vec<(usize, i64)>> = Vec::new();
        for ord in orders {
            let grid: Vec<(usize, i64)> = (0..3)
                .flat_map(|r| (0..5).map(move |c| (r, c)))
                .map(|(r, c)| {
                    let k = ord(r, c);
                    (k, ints.get(k).copied().unwrap_or(-1))
                })
                .collect();
            let ok = (0..3).all(|r| {
                let g = grid.get(r * 5..r * 5 + 5).unwrap_or(&[]);
                let parts: i64 = g.iter().take(4).map(|x| x.1).sum();
                g.len() == 5 && g.get(4).map(|x| x.1) == Some(parts)
            });
            if ok
                && !readings
                    .iter()
                    .any(|x| x.iter().map(|y| y.1).eq(grid.iter().map(|y| y.1)))
            {
                readings.push(grid);
            }
        }
        let Some(first) = readings.first() else {
            out.diagnostics.push(
                Diagnostic::new(
                    Code::StreamUnresolved,
                    "table 4: no reading of the 15 numbers satisfies 总计 = the sum of the results",
                )
                .with_span(self.region_span()),
            );
            left_all(out);
            return;
        };
        let mut puts: Vec<Put> = Vec::with_capacity(first.len());
        for (idx, &(k, v)) in first.iter().enumerate() {
            let (r, c) = (ROWS[idx / 5], COLS4[idx % 5]);
            let agree = readings.iter().all(|g| g.get(idx).map(|x| x.1) == Some(v));
            if agree {
                if let Some(&t) = cells.get(k) {
                    puts.push((r, c, Some(Number::from(v)), t));
                }
            } else {
                out.left_out.push((TableKind::ReviewLitigation, r, c));
                out.diagnostics.push(
                    Diagnostic::new(
                        Code::CellAmbiguous,
                        format!("table 4: {r}.{c} differs between readings of the stream"),
                    )
                    .with_span(self.region_span()),
                );
            }
        }
        self.record(out, TableKind::ReviewLitigation, &puts);
        out.tables.review_litigation = Some(fill::<ReviewLitigation>(&puts));
    }

    // ------------------------------------------------------------------------------ table 3

    fn requests(&self, hint: Option<Template>, opts: &StreamOptions, out: &mut StreamResult) {
        // The table starts at its header or first row label; numbers before are prose.
        let start = tokens::first_of(
            self.text,
            &[
                "申请人情况",
                "勾稽关系",
                "自然人",
                "法人或其他组织",
                "本年新收政府信息公开申请数量",
                "本年新收",
            ],
            0,
        );
        let Some(start) = start else {
            out.diagnostics.push(
                Diagnostic::new(
                    Code::StreamUnresolved,
                    "table 3: no header or row label found",
                )
                .with_span(self.region_span()),
            );
            return;
        };
        let cells = self.cells_in(start, self.text.len());
        let rows = match cells.len() {
            175 => 25,
            161 => 23,
            n => {
                out.diagnostics.push(
                    Diagnostic::new(
                        Code::StreamUnresolved,
                        format!(
                            "table 3: {n} numbers in the table, the template has 161 or 175 cells"
                        ),
                    )
                    .with_span(self.region_span()),
                );
                return;
            }
        };
        let template = if rows == 25 {
            Template::Gov2021
        } else {
            hint.filter(|t| *t == Template::Gov2021)
                .unwrap_or(Template::Gov2019)
        };
        let row_ids: Vec<&'static str> = if template == Template::Gov2019 {
            <Requests2019 as Schema>::Row::all()
                .iter()
                .map(|r| r.id())
                .collect()
        } else {
            <Requests2021 as Schema>::Row::all()
                .iter()
                .map(|r| r.id())
                .filter(|id| {
                    if rows == 25 {
                        *id != "other_handling"
                    } else {
                        !id.starts_with("other_") || *id == "other_handling"
                    }
                })
                .collect()
        };
        // One scan after the start (each pattern's matches do not depend on the others'): the
        // （六） row labels of gov2021's three "other" rows, then the row label keys.
        const THREE_OTHER: [&str; 3] = ["逾期不补正", "缴纳费用", "未按收费通知"];
        let (keys, key_bits) = row_key_patterns(&row_ids);
        let mut pats: Vec<&str> = Vec::with_capacity(THREE_OTHER.len() + keys.len());
        pats.extend(THREE_OTHER);
        pats.extend(&keys);
        let hits = tokens::find_all(self.text, &pats, start);
        let three_other = hits.iter().any(|h| h.0 < THREE_OTHER.len());
        if (rows == 25) != three_other {
            out.diagnostics.push(
                Diagnostic::new(
                    Code::StreamUnresolved,
                    "table 3: the number count and the （六） row labels disagree",
                )
                .with_span(self.region_span()),
            );
            return;
        }
        let col_ids: Vec<&'static str> = xxgk_model::schema::RequestsCol::ALL
            .iter()
            .map(|c| c.as_str())
            .collect();
        let mut vals = Vec::with_capacity(cells.len());
        for &t in &cells {
            match self.value(t).and_then(|n| n.as_i64()) {
                Some(v) if (0..=MAX_COUNT).contains(&v) => vals.push(v),
                _ => {
                    out.diagnostics.push(
                        Diagnostic::new(
                            Code::StreamUnresolved,
                            "table 3: a number is not a non-negative integer",
                        )
                        .with_span(self.region_span()),
                    );
                    return;
                }
            }
        }
        // A number may be loose when a label of its row stands near it.
        let cand = self.loose_candidates(&cells, &hits, THREE_OTHER.len(), &key_bits);
        let lim = Limits {
            effort: opts.effort_limit,
            max_pending: opts.max_pending,
            max_group: opts.max_group_rows,
            any_column: opts.any_loose_column,
        };
        let a = requests::align(&vals, &cand, rows, lim);
        let all_out = |out: &mut StreamResult| {
            out.left_out.reserve(row_ids.len() * col_ids.len());
            for r in &row_ids {
                for c in &col_ids {
                    out.left_out.push((TableKind::Requests, r, c));
                }
            }
        };
        if a.limit_hit {
            out.diagnostics.push(
                Diagnostic::new(
                    Code::SearchLimit,
                    "table 3: the alignment search hit its effort limit; the table is left out",
                )
                .with_span(self.region_span()),
            );
            all_out(out);
            return;
        }
        if !a.found {
            out.diagnostics.push(
                Diagnostic::new(
                    Code::StreamUnresolved,
                    "table 3: no reading of the stream satisfies the consistency rules",
                )
                .with_span(self.region_span()),
            );
            all_out(out);
            return;
        }
        let mut puts: Vec<Put> = Vec::with_capacity(rows * COLS);
        for (r, row) in a.cells.iter().enumerate() {
            let Some(rid) = row_ids.get(r).copied() else {
                continue;
            };
            let mut missing: Vec<&'static str> = Vec::new();
            for (c, cell) in row.iter().enumerate().take(COLS) {
                let Some(cid) = col_ids.get(c).copied() else {
                    continue;
                };
                match cell {
                    Some((v, Some(k))) if cells.get(*k).is_some() => {
                        if let Some(&t) = cells.get(*k) {
                            puts.push((rid, cid, Some(Number::from(*v)), t));
                        }
                    }
                    _ => {
                        out.left_out.push((TableKind::Requests, rid, cid));
                        missing.push(cid);
                    }
                }
            }
            if !missing.is_empty() {
                out.diagnostics.push(
                    Diagnostic::new(
                        Code::CellAmbiguous,
                        format!(
                            "table 3: {rid}: {} differ between readings that satisfy every rule",
                            missing.join(", ")
                        ),
                    )
                    .with_span(self.region_span()),
                );
            }
        }
        self.record(out, TableKind::Requests, &puts);
        out.tables.requests = Some(if template == Template::Gov2019 {
            Requests::Gov2019(fill::<Requests2019>(&puts))
        } else {
            Requests::Gov2021(fill::<Requests2021>(&puts))
        });
    }

    /// Index of the token containing byte `off`.
    fn tok_at(&self, off: usize) -> Option<usize> {
        let i = self.toks.partition_point(|t| t.end <= off);
        self.toks.get(i).filter(|t| t.start <= off).map(|_| i)
    }

    /// For each cell token, the rows (bit set over the rows) with a label key within
    /// [`LOOSE_WINDOW`] tokens and no other number in between. `hits` are the matches of a
    /// scan whose patterns from `first_key` on are the keys of [`row_key_patterns`], whose
    /// rows are `key_bits`.
    fn loose_candidates(
        &self,
        cells: &[usize],
        hits: &[(usize, usize, usize)],
        first_key: usize,
        key_bits: &[u32],
    ) -> Vec<u32> {
        // Every occurrence of every key, by token.
        let mut label_rows: Vec<(usize, u32)> = Vec::with_capacity(hits.len());
        for &(k, s, _) in hits {
            let Some(k) = k.checked_sub(first_key) else {
                continue;
            };
            if let (Some(t), Some(&bit)) = (self.tok_at(s), key_bits.get(k)) {
                label_rows.push((t, bit));
            }
        }
        label_rows.sort_unstable();
        // A loose number stands between words, or at an end of a run of numbers.
        let is_num = |k: Option<usize>| {
            k.and_then(|k| self.toks.get(k))
                .is_some_and(|x| matches!(x.kind, Kind::Cell(_)))
        };
        cells
            .iter()
            .map(|&t| {
                let before = is_num(t.checked_sub(1));
                let after = is_num(t.checked_add(1));
                if before && after {
                    return 0;
                }
                let mut m = 0u32;
                // The labels within the window (others are skipped below).
                let lo = label_rows.partition_point(|&(k, _)| k + LOOSE_WINDOW < t);
                let near = label_rows.get(lo..).unwrap_or(&[]);
                for &(k, bit) in near.iter().take_while(|&&(k, _)| k <= t + LOOSE_WINDOW) {
                    // A number closing a run of numbers belongs to a label after it; one opening
                    // a run, to a label before it; one between words, to either.
                    if (before && k < t) || (after && k > t) {
                        continue;
                    }
                    let (lo, hi) = if k < t { (k, t) } else { (t, k) };
                    if hi - lo > LOOSE_WINDOW || hi == lo {
                        continue;
                    }
                    let between = self
                        .toks
                        .get(lo + 1..hi)
                        .unwrap_or(&[])
                        .iter()
                        .any(|x| matches!(x.kind, Kind::Cell(_)));
                    if !between {
                        m |= bit;
                    }
                }
                m
            })
            .collect()
    }
}

/// The table-2 rows with a label key, and the key.
const ROW_KEYS2: [(&str, &str); 8] = [
    ("rules", "规章"),
    ("normative_documents", "规范性文件"),
    ("licensing", "行政许可"),
    ("other_services", "其他对外管理服务事项"),
    ("punishment", "行政处罚"),
    ("enforcement", "行政强制"),
    ("fees", "行政事业性收费"),
    ("procurement", "政府集中采购"),
];

/// The label keys of the table-3 rows `row_ids` ([`row_keys`]), and for each the row it
/// marks (a bit over `row_ids`).
fn row_key_patterns(row_ids: &[&'static str]) -> (Vec<&'static str>, Vec<u32>) {
    // (Most rows have one key.)
    let mut keys: Vec<&'static str> = Vec::with_capacity(row_ids.len() + 1);
    let mut key_bits: Vec<u32> = Vec::with_capacity(row_ids.len() + 1);
    for (r, id) in row_ids.iter().enumerate() {
        let bit = u32::try_from(r)
            .ok()
            .and_then(|r| 1u32.checked_shl(r))
            .unwrap_or(0);
        for key in row_keys(id) {
            keys.push(key);
            key_bits.push(bit);
        }
    }
    (keys, key_bits)
}

/// Larger counts are not read as cells (no report counts a trillion requests), which also keeps
/// every sum of the search far from overflow.
const MAX_COUNT: i64 = 1_000_000_000_000;

/// Most tokens between a loose 自然人 value and a label of its row.
const LOOSE_WINDOW: usize = 4;

/// Distinctive pieces of each table-3 row label, short enough to sit in the first line of a
/// wrapped label.
fn row_keys(id: &str) -> &'static [&'static str] {
    match id {
        "new_received" => &["本年新收"],
        "carried_over" => &["上年结转"],
        "granted" => &["予以公开"],
        "partially_granted" => &["部分公开"],
        "denied_state_secret" => &["国家秘密"],
        "denied_law_prohibited" => &["法律行政法规"],
        "denied_three_safeties" => &["三安全"],
        "denied_third_party" => &["第三方"],
        "denied_internal_affairs" => &["内部事务"],
        "denied_process_info" => &["过程性"],
        "denied_enforcement_file" => &["执法案卷"],
        "denied_query_matter" => &["查询事项"],
        "unavailable_not_held" => &["不掌握"],
        "unavailable_needs_creation" => &["没有现成"],
        "unavailable_unclear" => &["补正后"],
        "rejected_petition" => &["信访举报"],
        "rejected_duplicate" => &["重复申请"],
        "rejected_publication" => &["要求提供公开"],
        "rejected_excessive" => &["无正当理由大量"],
        "rejected_confirmation" => &["要求行政机关确认"],
        "other_handling" => &["其他处理"],
        "other_no_correction" => &["申请人无正当理由"],
        "other_unpaid_fee" => &["申请人逾期未按"],
        "other_other" => &["3.其他"],
        "total_processed" => &["(七)总计", "七)总计"],
        "carried_forward" => &["结转下年度"],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fast_path_cases;
    use proptest::prelude::*;

    /// [`fill`] as it was (its oracle): every row id parsed.
    fn fill_parsing_every_row<S: Schema>(puts: &[Put]) -> Table<S> {
        let mut t = Table::<S>::new();
        for (r, c, v, _) in puts {
            if let (Some(r), Some(c)) = (S::Row::parse_id(r), S::Col::parse_id(c)) {
                let _ = t.set(r, c, *v);
            }
        }
        t
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(fast_path_cases()))]

        /// Skipping the parse of a row id at the last one's address fills what parsing every
        /// one does: puts of rows and columns of the template and unknown ones, repeated, the
        /// same ids at one address or at another (equal strings apart), values or blanks.
        #[test]
        fn fill_parsing_a_row_once_is_parsing_every_row(
            puts in proptest::collection::vec((0usize..27, 0usize..8, any::<bool>(), 0usize..3, 0i64..5), 0..60)
        ) {
            let rows = <Requests2021 as Schema>::Row::all();
            let cols = xxgk_model::schema::RequestsCol::ALL;
            let puts: Vec<Put> = puts
                .iter()
                .map(|&(r, c, copy, v, tok)| {
                    let r = rows.get(r).map_or("no_such_row", |x| x.id());
                    let c = cols.get(c).map_or("no_such_col", |x| x.as_str());
                    // A copy of the id at another address.
                    let r: &'static str = if copy { String::leak(r.to_string()) } else { r };
                    let v = (v > 0).then(|| Number::from(v as i64));
                    (r, c, v, usize::try_from(tok).unwrap_or(0))
                })
                .collect();
            prop_assert_eq!(fill::<Requests2021>(&puts), fill_parsing_every_row::<Requests2021>(&puts));
        }
    }
}
