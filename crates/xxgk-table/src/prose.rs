//! Figures stated in sentences, for reports whose tables were lost.
//!
//! Only a clause that names exactly one cell and one number fills that cell: the clause, after
//! dropping filler words (本年度, 全年, 共, 其中 …) and its unit 件, must read *keyword + number*
//! with a keyword from a fixed list. So `予以公开11件` fills `granted.total`, while
//! `予以公开及部分公开149件` (two cells together) fills nothing, and `受理申请198件` (which may
//! include carried-over requests) fills nothing either.
//!
//! | clause | cell |
//! |---|---|
//! | 新收（政府信息公开）申请N件 | `requests.new_received.total` |
//! | 上年结转（政府信息公开申请）N件 | `requests.carried_over.total` |
//! | 予以公开N件 | `requests.granted.total` |
//! | 部分公开N件 | `requests.partially_granted.total` |
//! | 结转下年度继续办理N件 | `requests.carried_forward.total` |
//! | （发生政府信息公开）行政复议N件 | `review_litigation.review.total` |
//! | 行政诉讼0件 | both litigation totals 0 (non-negative parts of a zero sum) |
//!
//! ```
//! use xxgk_table::prose::read_prose;
//! use xxgk_model::schema::{Requests2021Row, RequestsCol};
//! use xxgk_model::{Number, TableKind};
//! let text = "本年度新收政府信息公开申请20件，上年结转0件，予以公开及部分公开15件，结转下年度继续办理1件。";
//! let read = read_prose(text, 0, TableKind::Requests);
//! let t = read.requests.ok_or("no cells")?;
//! assert_eq!(t.value(Requests2021Row::NewReceived, RequestsCol::Total), Some(Some(Number::from(20))));
//! assert_eq!(t.value(Requests2021Row::Granted, RequestsCol::Total), None);
//! assert_eq!(t.len(), 3);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::{Read, RequestsCells, ReviewCells, TablesRead};
use xxgk_model::schema::{Requests2021Row, RequestsCol, ReviewCol, ReviewRow};
use xxgk_model::{Code, Diagnostic, Number, Span, TableKind};

/// Longest text scanned for sentences (bytes).
pub const MAX_TEXT: usize = 1 << 20;

/// Filler words dropped from the start of a clause.
const FILLERS: &[&str] = &[
    "本年度",
    "本年",
    "全年",
    "年度内",
    "其中",
    "共计",
    "共",
    "合计",
    "累计",
    "另有",
    "另",
    "我局",
    "我委",
    "我办",
    "本机关",
    "本单位",
    "发生",
    "收到",
];

enum Target {
    Requests(Requests2021Row),
    Review(ReviewRow),
    LitigationZero,
}

const KEYWORDS: &[(&str, TableKind)] = &[
    ("新收政府信息公开申请", TableKind::Requests),
    ("新收申请", TableKind::Requests),
    ("上年结转政府信息公开申请", TableKind::Requests),
    ("上年结转申请", TableKind::Requests),
    ("上年结转", TableKind::Requests),
    ("予以公开", TableKind::Requests),
    ("部分公开", TableKind::Requests),
    ("结转下年度继续办理", TableKind::Requests),
    ("政府信息公开行政复议", TableKind::ReviewLitigation),
    ("行政复议", TableKind::ReviewLitigation),
    ("政府信息公开行政诉讼", TableKind::ReviewLitigation),
    ("行政诉讼", TableKind::ReviewLitigation),
];

fn target(keyword: &str, n: Number) -> Option<Target> {
    Some(match keyword {
        "新收政府信息公开申请" | "新收申请" => {
            Target::Requests(Requests2021Row::NewReceived)
        }
        "上年结转政府信息公开申请" | "上年结转申请" | "上年结转" => {
            Target::Requests(Requests2021Row::CarriedOver)
        }
        "予以公开" => Target::Requests(Requests2021Row::Granted),
        "部分公开" => Target::Requests(Requests2021Row::PartiallyGranted),
        "结转下年度继续办理" => Target::Requests(Requests2021Row::CarriedForward),
        "政府信息公开行政复议" | "行政复议" => Target::Review(ReviewRow::Review),
        "政府信息公开行政诉讼" | "行政诉讼" if n == Number::ZERO => {
            Target::LitigationZero
        }
        _ => return None,
    })
}

/// Reads the cells of `kind` that clauses of `text` determine exactly; `base` is the offset
/// of `text` in the normalized document.
pub fn read_prose(text: &str, base: usize, kind: TableKind) -> TablesRead {
    let mut out = TablesRead::default();
    let mut req = RequestsCells::default();
    let mut rev = ReviewCells::default();
    let mut conflicts = Vec::new();
    let text = match text.get(..text.len().min(MAX_TEXT)) {
        Some(t) => t,
        None => return out,
    };
    let mut start = 0;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), '。')))
    {
        if !matches!(
            c,
            '，' | ','
                | '。'
                | '；'
                | ';'
                | '：'
                | ':'
                | '！'
                | '？'
                | '\n'
                | '、'
                | '（'
                | '）'
                | '('
                | ')'
        ) {
            continue;
        }
        let clause = text.get(start..i).unwrap_or("");
        let clause_start = start;
        start = i + c.len_utf8();
        let Some((keyword, n, nspan)) = parse_clause(clause) else {
            continue;
        };
        let span = Span::new(
            base + clause_start + nspan.start,
            base + clause_start + nspan.end,
        );
        let Some(t) = KEYWORDS
            .iter()
            .find(|(k, _)| *k == keyword)
            .filter(|(_, k)| *k == kind)
            .and_then(|(k, _)| target(k, n))
        else {
            continue;
        };
        let read = Read {
            value: Some(n),
            span,
        };
        let mut put_req = |row: Requests2021Row| match req.get(row, RequestsCol::Total) {
            Some(prev) if prev.value != read.value => conflicts.push((row.as_str(), span)),
            Some(_) => {}
            None => req.set(row, RequestsCol::Total, read),
        };
        match t {
            Target::Requests(row) => put_req(row),
            Target::Review(row) => match rev.get(row, ReviewCol::Total) {
                Some(prev) if prev.value != read.value => conflicts.push((row.as_str(), span)),
                Some(_) => {}
                None => rev.set(row, ReviewCol::Total, read),
            },
            Target::LitigationZero => {
                for row in [
                    ReviewRow::LitigationDirect,
                    ReviewRow::LitigationAfterReview,
                ] {
                    match rev.get(row, ReviewCol::Total) {
                        Some(prev) if prev.value != read.value => {
                            conflicts.push((row.as_str(), span))
                        }
                        Some(_) => {}
                        None => rev.set(row, ReviewCol::Total, read),
                    }
                }
            }
        }
    }
    // Sentences that disagree about a cell state nothing about it.
    for (row, span) in conflicts {
        if let Some(r) = Requests2021Row::from_id(row) {
            req_remove(&mut req, r);
        }
        if let Some(r) = ReviewRow::from_id(row) {
            rev_remove(&mut rev, r);
        }
        out.diagnostics.push(
            Diagnostic::new(
                Code::CellAmbiguous,
                format!("sentences give different figures for {row}.total"),
            )
            .with_span(span),
        );
    }
    let cells = req.len() + rev.len();
    if cells > 0 {
        out.diagnostics.push(Diagnostic::new(
            Code::ProseFigures,
            format!(
                "{cells} {} cells read from sentences (the table itself was not found)",
                kind.as_str()
            ),
        ));
    }
    if !req.is_empty() {
        out.requests = Some(req);
    }
    if !rev.is_empty() {
        out.review = Some(rev);
    }
    out
}

fn req_remove(c: &mut RequestsCells, row: Requests2021Row) {
    let mut fresh = RequestsCells::default();
    for (r, col, v) in c.iter() {
        if r != row {
            fresh.set(r, col, v);
        }
    }
    *c = fresh;
}

fn rev_remove(c: &mut ReviewCells, row: ReviewRow) {
    let mut fresh = ReviewCells::default();
    for (r, col, v) in c.iter() {
        if r != row {
            fresh.set(r, col, v);
        }
    }
    *c = fresh;
}

/// Reads a clause as *keyword + integer + 件*, returning the keyword (fillers dropped, spaces
/// removed), the number and its byte range in the clause.
fn parse_clause(clause: &str) -> Option<(String, Number, std::ops::Range<usize>)> {
    let trimmed = clause.trim_end();
    let body = trimmed.strip_suffix('件')?.trim_end();
    // The number: trailing ASCII digits.
    let digits_start = body
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit())
        .last()
        .map(|(i, _)| i)?;
    let digits = body.get(digits_start..)?;
    if digits.len() > 9 {
        return None;
    }
    let n: i64 = digits.parse().ok()?;
    let mut keyword: String = body
        .get(..digits_start)?
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    loop {
        let before = keyword.len();
        for f in FILLERS {
            if let Some(rest) = keyword.strip_prefix(f) {
                keyword = rest.to_string();
            }
        }
        if keyword.len() == before {
            break;
        }
    }
    Some((keyword, Number::from(n), digits_start..body.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total(read: &TablesRead, row: Requests2021Row) -> Option<i64> {
        read.requests
            .as_ref()
            .and_then(|t| t.value(row, RequestsCol::Total))
            .flatten()
            .and_then(|n| n.as_i64())
    }

    #[test]
    fn only_exact_clauses_fill_cells() {
        let text = "全年共受理政府信息公开申请198件，予以公开及部分公开149件，占75.2%；其中予以公开 120 件，部分公开29件。";
        let r = read_prose(text, 10, TableKind::Requests);
        assert_eq!(total(&r, Requests2021Row::Granted), Some(120));
        assert_eq!(total(&r, Requests2021Row::PartiallyGranted), Some(29));
        assert_eq!(total(&r, Requests2021Row::NewReceived), None);
        assert_eq!(r.requests.as_ref().map(|t| t.len()), Some(2));
        // Spans point at the numbers.
        let span = r
            .requests
            .as_ref()
            .and_then(|t| t.get(Requests2021Row::PartiallyGranted, RequestsCol::Total))
            .map(|x| x.span)
            .unwrap();
        assert_eq!(&text[span.start - 10..span.end - 10], "29");
    }

    #[test]
    fn disagreeing_sentences_state_nothing() {
        let text = "予以公开3件。后经核实，予以公开4件。";
        let r = read_prose(text, 0, TableKind::Requests);
        assert_eq!(total(&r, Requests2021Row::Granted), None);
        assert!(r.diagnostics.iter().any(|d| d.code == Code::CellAmbiguous));
    }

    #[test]
    fn review_and_zero_litigation() {
        let r = read_prose(
            "本年度发生政府信息公开行政复议4件，行政诉讼0件。",
            0,
            TableKind::ReviewLitigation,
        );
        let t = r.review.unwrap();
        assert_eq!(
            t.value(ReviewRow::Review, ReviewCol::Total),
            Some(Some(Number::from(4)))
        );
        assert_eq!(
            t.value(ReviewRow::LitigationDirect, ReviewCol::Total),
            Some(Some(Number::ZERO))
        );
        let r = read_prose("行政诉讼6件。", 0, TableKind::ReviewLitigation);
        assert!(r.review.is_none());
    }
}
