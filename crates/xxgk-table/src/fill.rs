//! The integration entry point: find each table's region, read it with the reader its form
//! calls for, convert to the model's layout, validate, and map every span to original bytes.

use crate::labels::{self, TemplateVotes};
use crate::validate::{self, Blanks, Checked};
use crate::{
    grid, layout, prose, stream, ActiveCells, Cells, RequestsCells, ReviewCells, TablesRead,
};
use xxgk_model::schema::{
    ActiveDisclosure2019, ActiveDisclosure2021, Id, Requests2019, Requests2021, Requests2021Row,
    ReviewLitigation, Schema,
};
use xxgk_model::{
    ActiveDisclosure, Code, Diagnostic, Report, Requests, Source, Span, Table, TableKind, Template,
};
use xxgk_segment::Segmented;

/// Longest region read for one table when no section bounds it (bytes).
const MAX_REGION: usize = 64 * 1024;

/// Reads every table of a segmented report into `report`: `tables`, `sources`, and
/// diagnostics (reading problems, template evidence, and every consistency rule the printed
/// tables break), all spans in the caller's original bytes.
///
/// Each table is read from its section's body; when segmentation found no such section the
/// whole text is searched for the table's labels. Forms tried in order: pipe/grid rows
/// ([`Source::Grid`]), `pdftotext -layout` lines ([`Source::Stream`]), then sentences
/// ([`Source::Prose`], only cells a sentence determines exactly).
pub fn fill_report(seg: &Segmented<'_>, report: &mut Report) {
    let text = seg.text();
    let mut votes = TemplateVotes::default();
    let mut diags: Vec<Diagnostic> = Vec::new();
    for kind in [
        TableKind::ActiveDisclosure,
        TableKind::Requests,
        TableKind::ReviewLitigation,
    ] {
        // The section runs to the next section's heading (segmentation may trim residue such
        // as a row of blank pipe cells off its end).
        let section = seg
            .sections()
            .find(|s| s.kind.table() == Some(kind))
            .map(|s| {
                let next = seg
                    .sections()
                    .map(|n| n.span.start)
                    .filter(|n| *n >= s.span.end)
                    .min()
                    .unwrap_or(text.len());
                (s.span.start, next.max(s.span.end))
            });
        let region = section.or_else(|| find_region(text, kind));
        let mut got: Option<(TablesRead, Source)> = None;
        // What readers that found the table but no certain cell said (why they left it out).
        let mut unread: Vec<Diagnostic> = Vec::new();
        if let Some((start, end)) = region {
            let body = text.get(start..end).unwrap_or("");
            let g = grid::read_pipe_text(body, start, Some(kind));
            if has(&g, kind) {
                got = Some((g, Source::Grid));
            } else if layout::looks_like_layout(body) {
                let l = layout::read_layout(body, start, kind);
                if has(&l, kind) {
                    got = Some((l, Source::Stream));
                } else {
                    unread.extend(l.diagnostics);
                }
            }
            let mut glued: Option<TablesRead> = None;
            if got.is_none() && !body.contains('\n') {
                // One long line: cells may be glued to their labels (scraped portal text).
                let g = grid::read_glued(body, start, kind);
                if has(&g, kind) {
                    glued = Some(g);
                }
            }
            if got.is_none() {
                let s = stream::read_table(
                    kind,
                    body,
                    start,
                    report.template,
                    &stream::StreamOptions::default(),
                );
                let r = from_stream(s);
                if !has(&r, kind) {
                    unread.extend(r.diagnostics.iter().cloned());
                }
                // Both readers state only certain cells; keep the fuller reading.
                got = match glued.take() {
                    Some(g) if g.len() >= r.len() => Some((g, Source::Grid)),
                    _ if has(&r, kind) => Some((r, Source::Stream)),
                    _ => None,
                };
            }
        }
        // pdftotext in reading order can print the next section's heading before the last
        // rows of a table that a page break split: the next section then opens with bare
        // number lines. When the section's own text left the table incomplete, read it again
        // with those lines, and keep that reading only when it states more cells.
        if let Some((start, end)) = section {
            let stream_or_none = matches!(got, None | Some((_, Source::Stream)));
            // (The next section's opening lines are looked at only when they could be used.)
            if let Some(ext) = stream_or_none
                .then(|| continuation_end(text, end))
                .flatten()
            {
                let body = text.get(start..ext).unwrap_or("");
                let s = stream::read_table(
                    kind,
                    body,
                    start,
                    report.template,
                    &stream::StreamOptions::default(),
                );
                let r = from_stream(s);
                if r.len() > got.as_ref().map_or(0, |(g, _)| g.len()) && has(&r, kind) {
                    got = Some((r, Source::Stream));
                }
            }
        }
        let table_printed = || {
            region
                .and_then(|(s, e)| text.get(s..e))
                .is_some_and(|b| shows_table(b, kind))
        };
        if got.is_none() && !table_printed() {
            // Prose, only where no table was printed: in the section when there is one, else
            // anywhere.
            let (start, end) = region.unwrap_or((0, text.len()));
            let body = text.get(start..end).unwrap_or("");
            let mut p = prose::read_prose(body, start, kind);
            if !has(&p, kind) && section.is_some() {
                p = prose::read_prose(text, 0, kind);
            }
            if has(&p, kind) {
                got = Some((p, Source::Prose));
            }
        }
        let Some((read, source)) = got else {
            for d in unread {
                diags.push(map_diag(seg, d));
            }
            if section.is_some() {
                let message = if table_printed() {
                    format!(
                        "the {} table is printed but none of its cells could be read with certainty",
                        kind.as_str()
                    )
                } else {
                    format!("no {} table found in its section", kind.as_str())
                };
                diags.push(Diagnostic::new(Code::TableMissing, message).with_span(
                    seg.to_original(section.map_or(Span::default(), |(s, e)| Span::new(s, e))),
                ));
            }
            continue;
        };
        votes.gov2021 += read.votes.gov2021;
        votes.gov2019 += read.votes.gov2019;
        for d in read.diagnostics.iter().cloned() {
            diags.push(map_diag(seg, d));
        }
        report.sources.insert(kind, source);
        match kind {
            TableKind::ActiveDisclosure => {
                if let Some(a) = read.active {
                    store_active(seg, report, a, &mut diags);
                }
            }
            TableKind::Requests => {
                if let Some(r) = read.requests {
                    let three = r.iter().any(|(row, _, _)| is_other_sub(row));
                    let template = if three {
                        Template::Gov2021
                    } else {
                        report
                            .template
                            .or(votes.decided())
                            .or(report.year.map(Template::for_year))
                            .unwrap_or(Template::Gov2021)
                    };
                    store_requests(seg, report, r, template, three, &mut diags);
                }
            }
            TableKind::ReviewLitigation => {
                if let Some(r) = read.review {
                    store_review(seg, report, r, &mut diags);
                }
            }
        }
    }
    if votes.mixed() {
        diags.push(Diagnostic::new(
            Code::TemplateMixed,
            format!(
                "labels of both templates appear ({} of gov2021, {} of gov2019); tables keep their printed layout",
                votes.gov2021, votes.gov2019
            ),
        ));
    }
    if report.template.is_none() {
        report.template = votes.decided();
    }
    report.diagnostics.extend(diags);
}

fn has(read: &TablesRead, kind: TableKind) -> bool {
    match kind {
        TableKind::ActiveDisclosure => read.active.as_ref().is_some_and(|a| !a.is_empty()),
        TableKind::Requests => read.requests.as_ref().is_some_and(|a| !a.is_empty()),
        TableKind::ReviewLitigation => read.review.as_ref().is_some_and(|a| !a.is_empty()),
    }
}

/// True when the region shows the header labels of a printed table (then a table that could
/// not be read is not replaced by sentences, which may disagree with what it printed).
fn shows_table(body: &str, kind: TableKind) -> bool {
    let words = table_words(kind);
    let mut end = body.len().min(MAX_REGION);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    let region = body.get(..end).unwrap_or("");
    // Folding keeps every printed occurrence of these words (they hold no character folding
    // changes and do not overlap 政府信息公开 or 合计; a test checks it), so the text as printed
    // is searched first and folded only when that finds nothing.
    words.iter().any(|w| region.contains(w)) || {
        let folded = labels::fold(region);
        words.iter().any(|w| folded.contains(w))
    }
}

/// The header words whose presence shows a printed table of `kind`.
fn table_words(kind: TableKind) -> &'static [&'static str] {
    match kind {
        TableKind::ActiveDisclosure => &["信息内容", "第二十条"],
        TableKind::Requests => &["自然人", "申请人情况", "商业企业", "勾稽关系"],
        TableKind::ReviewLitigation => &["结果维持", "尚未审结", "未经复议", "复议后起诉"],
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

fn map_diag(seg: &Segmented<'_>, mut d: Diagnostic) -> Diagnostic {
    d.span = d.span.map(|s| seg.to_original(s));
    d
}

/// Longest run of number lines read as a table's continuation after the next heading.
const MAX_CONTINUATION_LINES: usize = 400;

/// When the section starting at `next` opens (after its heading line) with lines that hold
/// only numbers, the end of the last of them; `None` when it opens with anything else.
fn continuation_end(text: &str, next: usize) -> Option<usize> {
    let rest = text.get(next..)?;
    let heading_end = rest.find('\n')? + 1;
    let mut pos = heading_end;
    let mut end = None;
    for line in rest
        .get(heading_end..)?
        .split_inclusive('\n')
        .take(MAX_CONTINUATION_LINES)
    {
        let t = line.trim();
        pos += line.len();
        if t.is_empty() {
            continue;
        }
        let numeric = t.bytes().any(|b| b.is_ascii_digit())
            && t.bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b' ' | b'\t'));
        if !numeric {
            break;
        }
        end = Some(next + pos);
    }
    end
}

/// The region of a table found by its labels when no section bounds it.
fn find_region(text: &str, kind: TableKind) -> Option<(usize, usize)> {
    let first = |needles: &[&str]| needles.iter().filter_map(|n| text.find(n)).min();
    let (start, end_needles): (usize, &[&str]) = match kind {
        TableKind::ActiveDisclosure => (
            first(&["第二十条第"])?,
            &["申请人情况", "本年新收", "勾稽关系"],
        ),
        TableKind::Requests => (
            first(&["申请人情况", "勾稽关系", "本年新收", "自然人"])?,
            &["结果维持", "未经复议"],
        ),
        TableKind::ReviewLitigation => {
            let anchor = first(&["结果维持", "未经复议"])?;
            let back = text.get(..anchor)?;
            (
                back.rfind("行政复议")
                    .filter(|i| anchor - i < 400)
                    .unwrap_or(anchor),
                &[],
            )
        }
    };
    let line_start = text.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
    let rest = text.get(start..)?;
    let mut end = end_needles
        .iter()
        .filter_map(|n| rest.find(n))
        .min()
        .map_or(text.len(), |i| start + i);
    if let Some(prev_nl) = text.get(..end).and_then(|t| t.rfind('\n')) {
        if prev_nl > start && end != text.len() {
            end = prev_nl + 1;
        }
    }
    let mut end = end.min(line_start + MAX_REGION).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    Some((line_start, end))
}

fn cover(seg: &Segmented<'_>, spans: impl Iterator<Item = Span>) -> Option<Span> {
    spans.reduce(|a, b| a.cover(b)).map(|s| seg.to_original(s))
}

fn push_checked<R: Id, C: Id>(
    seg: &Segmented<'_>,
    cells: &Cells<R, C>,
    checked: Checked<R, C>,
    table: &str,
    diags: &mut Vec<Diagnostic>,
) {
    for v in checked.violations {
        let mut d = Diagnostic::new(v.code, format!("{table}: {}", v.message));
        if let Some(s) = cover(
            seg,
            v.cells
                .iter()
                .filter_map(|(r, c)| cells.get(*r, *c))
                .map(|r| r.span),
        ) {
            d = d.with_span(s);
        }
        diags.push(d);
    }
    if let Some(first) = checked.skipped.first() {
        let mut d = Diagnostic::new(
            Code::BlankInRule,
            format!(
                "{table}: {} rule checks skipped because they touch blank cells",
                checked.skipped.len()
            ),
        );
        if let Some(s) = cover(
            seg,
            first
                .iter()
                .filter_map(|(r, c)| cells.get(*r, *c))
                .map(|r| r.span),
        ) {
            d = d.with_span(s);
        }
        diags.push(d);
    }
}

fn to_table<S: Schema>(cells: &Cells<S::Row, S::Col>) -> Table<S> {
    let mut t = Table::<S>::new();
    cells.for_each(|r, c, read| {
        // Readers only create cells the schema has; a failure here would drop the cell.
        let _ = t.set(r, c, read.value);
    });
    t
}

/// True when every read cell is blank or a non-negative integer: then table 2's check
/// ([`validate::check_active`], the domain rules only: a negative count or a count with a
/// fraction) finds nothing, whatever the schema allows, and need not run.
fn domain_clean<R: Id, C: Id>(cells: &Cells<R, C>) -> bool {
    let mut clean = true;
    cells.for_each(|_, _, read| {
        if let Some(n) = read.value {
            clean &= n.is_integer() && !n.is_negative();
        }
    });
    clean
}

fn store_active(
    seg: &Segmented<'_>,
    report: &mut Report,
    a: ActiveCells,
    diags: &mut Vec<Diagnostic>,
) {
    match a {
        ActiveCells::Gov2021(c) => {
            let checked = if domain_clean(&c) {
                Checked::default()
            } else {
                validate::check_active::<ActiveDisclosure2021>(&|r, col| c.value(r, col))
            };
            push_checked(seg, &c, checked, "active_disclosure", diags);
            report.tables.active_disclosure = Some(ActiveDisclosure::Gov2021(to_table(&c)));
        }
        ActiveCells::Gov2019(c) => {
            let checked = if domain_clean(&c) {
                Checked::default()
            } else {
                validate::check_active::<ActiveDisclosure2019>(&|r, col| c.value(r, col))
            };
            push_checked(seg, &c, checked, "active_disclosure", diags);
            report.tables.active_disclosure = Some(ActiveDisclosure::Gov2019(to_table(&c)));
        }
    }
}

fn store_requests(
    seg: &Segmented<'_>,
    report: &mut Report,
    cells: RequestsCells,
    template: Template,
    three: bool,
    diags: &mut Vec<Diagnostic>,
) {
    let rows = labels::requests_rows(three);
    // A whole, consistent table of non-negative integers breaks no rule and touches no blank:
    // recognised on the integer cells, taken straight from the read cells, it needs no
    // `check_requests` (whose result would be empty).
    let mut ints = [None::<i64>; validate::REQUESTS_CELLS];
    let ncols = xxgk_model::schema::RequestsCol::ALL.len();
    cells.for_each(|r, c, read| {
        if let Some(slot) = ints.get_mut(r.ordinal() * ncols + c.ordinal()) {
            *slot = read.value.and_then(|n| n.as_i64());
        }
    });
    let checked = if validate::all_int_consistent(&ints, &rows) {
        Checked::default()
    } else {
        validate::check_requests(&|r, c| cells.value(r, c), &rows, Blanks::Skip)
    };
    push_checked(seg, &cells, checked, "requests", diags);
    report.tables.requests = Some(match template {
        Template::Gov2019 => {
            let mut t = Table::<Requests2019>::new();
            cells.for_each(|r, c, read| {
                if let Some(r19) = labels::to_2019(r) {
                    let _ = t.set(r19, c, read.value);
                }
            });
            Requests::Gov2019(t)
        }
        _ => {
            let mut t = Table::<Requests2021>::new();
            cells.for_each(|r, c, read| {
                let _ = t.set(r, c, read.value);
            });
            Requests::Gov2021(t)
        }
    });
    let _ = Requests2021Row::ALL.iter().map(|r| r.id());
}

fn store_review(
    seg: &Segmented<'_>,
    report: &mut Report,
    cells: ReviewCells,
    diags: &mut Vec<Diagnostic>,
) {
    let checked = validate::check_review(&|r, c| cells.value(r, c), Blanks::Skip);
    push_checked(seg, &cells, checked, "review_litigation", diags);
    report.tables.review_litigation = Some(to_table::<ReviewLitigation>(&cells));
}

/// Converts the stream reader's result (model tables plus spans) to cells with spans.
fn from_stream(mut s: stream::StreamResult) -> TablesRead {
    use xxgk_model::schema::{ActiveDisclosure2019Row, ActiveDisclosure2021Row};
    // Each cell's span, the first listed for it. The reader lists the spans in the order the
    // tables' cells iterate, so a cursor walks the list: the entries before it each went to
    // another cell (every cell is asked for once), so an entry at the cursor that names the
    // cell is its first. Any other cell's span is searched in the whole list.
    let spans = std::mem::take(&mut s.spans);
    let mut cursor = 0usize;
    let mut read = |t: TableKind, r: &str, c: &str, v| {
        let is = |x: &stream::CellSpan| x.table == t && x.row == r && x.col == c;
        let span = match spans.get(cursor) {
            Some(x) if is(x) => {
                cursor += 1;
                x.span
            }
            _ => spans
                .iter()
                .find(|x| is(x))
                .map(|x| x.span)
                .unwrap_or_default(),
        };
        crate::Read { value: v, span }
    };
    let mut out = TablesRead {
        diagnostics: std::mem::take(&mut s.diagnostics),
        ..TablesRead::default()
    };
    let ad = TableKind::ActiveDisclosure;
    match &s.tables.active_disclosure {
        Some(ActiveDisclosure::Gov2021(t)) => {
            let mut c = Cells::default();
            for (r, col, v) in t.cells() {
                c.set(r, col, read(ad, r.id(), col.id(), v));
            }
            out.votes.gov2021 += 1;
            let _: Option<ActiveDisclosure2021Row> = None;
            out.active = Some(ActiveCells::Gov2021(c));
        }
        Some(ActiveDisclosure::Gov2019(t)) => {
            let mut c = Cells::default();
            for (r, col, v) in t.cells() {
                c.set(r, col, read(ad, r.id(), col.id(), v));
            }
            out.votes.gov2019 += 1;
            let _: Option<ActiveDisclosure2019Row> = None;
            out.active = Some(ActiveCells::Gov2019(c));
        }
        None => {}
    }
    let rq = TableKind::Requests;
    match &s.tables.requests {
        Some(Requests::Gov2021(t)) => {
            let mut c = RequestsCells::default();
            for (r, col, v) in t.cells() {
                c.set(r, col, read(rq, r.id(), col.id(), v));
            }
            out.requests = Some(c);
        }
        Some(Requests::Gov2019(t)) => {
            let mut c = RequestsCells::default();
            for (r, col, v) in t.cells() {
                // The gov2019 rows are gov2021 rows by id.
                if let Some(row) = Requests2021Row::from_id(r.id()) {
                    c.set(row, col, read(rq, r.id(), col.id(), v));
                }
            }
            out.requests = Some(c);
        }
        None => {}
    }
    let rv = TableKind::ReviewLitigation;
    if let Some(t) = &s.tables.review_litigation {
        let mut c = ReviewCells::default();
        for (r, col, v) in t.cells() {
            c.set(r, col, read(rv, r.id(), col.id(), v));
        }
        out.review = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `domain_clean` says a table 2 is clean only when `check_active` finds nothing in it.
    #[test]
    fn domain_clean_tables_break_no_domain_rule() {
        use xxgk_model::schema::{ActiveDisclosure2021Col, ActiveDisclosure2021Row};
        use xxgk_model::Number;
        let values = [
            Some(Number::from(0)),
            Some(Number::from(7)),
            None,
            Some(Number::from(-2)),
            Number::new(125, 2),
            Number::new(-5, 1),
        ];
        let (mut clean, mut unclean) = (0, 0);
        for seed in 0..400usize {
            let mut c: Cells<ActiveDisclosure2021Row, ActiveDisclosure2021Col> = Cells::default();
            for (k, r) in ActiveDisclosure2021Row::ALL.iter().enumerate() {
                for (j, col) in ActiveDisclosure2021Col::ALL.iter().enumerate() {
                    let pick = (seed * 7 + k * 13 + j * 5 + seed / 3 * k) % 29;
                    let Some(v) = values.get(pick) else { continue };
                    if ActiveDisclosure2021::has_cell(*r, *col) {
                        c.set(
                            *r,
                            *col,
                            crate::Read {
                                value: *v,
                                span: Span::default(),
                            },
                        );
                    }
                }
            }
            let checked = validate::check_active::<ActiveDisclosure2021>(&|r, col| c.value(r, col));
            if domain_clean(&c) {
                assert!(checked.violations.is_empty() && checked.skipped.is_empty());
                clean += 1;
            } else {
                // Not clean: the check runs (and may still find nothing, where the schema
                // allows a negative change or a fractional amount).
                unclean += 1;
            }
            let all_fine = c.iter().all(|(_, _, read)| {
                read.value
                    .is_none_or(|n| n.is_integer() && !n.is_negative())
            });
            assert_eq!(domain_clean(&c), all_fine);
        }
        // Both sides were exercised.
        assert!(clean > 20 && unclean > 20, "{clean} clean, {unclean} not");
    }

    /// `from_stream` gives each cell the first span listed for it, whatever the order of the
    /// list, for every cell of the requests and review tables (signatures that collide fall
    /// back to the list).
    #[test]
    fn stream_spans_go_to_their_cells() {
        use xxgk_model::schema::{Id, Requests2021Row, RequestsCol, ReviewCol, ReviewRow};
        use xxgk_model::{Number, Requests};
        let mut s = stream::StreamResult::default();
        let mut want = Vec::new();
        let mut t = Table::<xxgk_model::schema::Requests2021>::new();
        let mut n = 0usize;
        for r in Requests2021Row::ALL {
            for c in RequestsCol::ALL {
                if t.set(*r, *c, Some(Number::from(1))).is_ok() {
                    want.push((TableKind::Requests, r.id(), c.id(), n));
                    n += 1;
                }
            }
        }
        s.tables.requests = Some(Requests::Gov2021(t));
        let mut v = Table::<ReviewLitigation>::new();
        for r in ReviewRow::ALL {
            for c in ReviewCol::ALL {
                if v.set(*r, *c, None).is_ok() {
                    want.push((TableKind::ReviewLitigation, r.id(), c.id(), n));
                    n += 1;
                }
            }
        }
        s.tables.review_litigation = Some(v);
        // Listed backwards, each cell twice: the first copy (span k..k+1) wins over the
        // second (span 1000 + k).
        for (table, row, col, k) in want.iter().rev() {
            s.spans.push(stream::CellSpan {
                table: *table,
                row,
                col,
                span: Span::new(*k, k + 1),
            });
        }
        for (table, row, col, k) in &want {
            s.spans.push(stream::CellSpan {
                table: *table,
                row,
                col,
                span: Span::new(1000 + k, 1001 + k),
            });
        }
        let read = from_stream(s);
        let req = read.requests.expect("requests");
        let rev = read.review.expect("review");
        let got = req
            .iter()
            .map(|(r, c, cell)| (TableKind::Requests, r.id(), c.id(), cell.span))
            .chain(
                rev.iter()
                    .map(|(r, c, cell)| (TableKind::ReviewLitigation, r.id(), c.id(), cell.span)),
            );
        let mut seen = 0;
        for (table, row, col, span) in got {
            let k = want
                .iter()
                .find(|w| w.0 == table && w.1 == row && w.2 == col)
                .map(|w| w.3);
            assert_eq!(Some(span), k.map(|k| Span::new(k, k + 1)), "{row} {col}");
            seen += 1;
        }
        assert_eq!(seen, want.len());
    }

    /// `shows_table` searches the printed text before folding it: every printed occurrence of
    /// a table word must survive folding. Folding maps characters one by one, then removes
    /// 政府信息公开 and rewrites 合计; a word survives when folding leaves its characters as they
    /// are, it holds no 合 or 计, and no end of it overlaps an end of 政府信息公开.
    #[test]
    fn table_words_survive_folding() {
        let removed = "政府信息公开";
        for kind in [
            TableKind::ActiveDisclosure,
            TableKind::Requests,
            TableKind::ReviewLitigation,
        ] {
            for w in table_words(kind) {
                for c in w.chars() {
                    assert_eq!(labels::fold(&c.to_string()), c.to_string(), "{w}");
                }
                assert!(!w.contains('合') && !w.contains('计'), "{w}");
                assert!(!w.contains(removed) && !removed.contains(w), "{w}");
                for k in 1..removed.chars().count() {
                    let pre: String = removed.chars().take(k).collect();
                    let suf: String = removed.chars().skip(k).collect();
                    assert!(!w.ends_with(&pre) && !w.starts_with(&suf), "{w}");
                }
                // Around the removed phrase and inside other text, the word is still found.
                for t in [
                    format!("{removed}{w}{removed}"),
                    format!("表 {w} 合计"),
                    format!("“{w}”"),
                ] {
                    assert!(labels::fold(&t).contains(w), "{t}");
                }
            }
        }
    }
}
