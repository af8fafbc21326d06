//! The two PDF-text renderings: reading order (`pdftotext`, tables flattened into token
//! streams) and layout (`pdftotext -layout`, table rows on one line with space-separated
//! columns).

use super::grid::{self, Row3, OUTCOMES};
use super::{Applied, Block, Out, Rendered, Synthetic};
use crate::TableKind;

/// Printed line width in half-width units (a Chinese character counts two).
const WIDTH: usize = 76;

/// Display width: two for wide (CJK, full-width) characters, one otherwise.
pub(crate) fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) < 0x1100 { 1 } else { 2 })
        .sum()
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// Inserts a space between ASCII digits and Chinese characters (`2021年` → `2021 年`).
pub(crate) fn space_numbers(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut prev: Option<char> = None;
    for c in s.chars() {
        if let Some(p) = prev {
            if (p.is_ascii_digit() && is_han(c)) || (is_han(p) && c.is_ascii_digit()) {
                out.push(' ');
            }
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

/// Wraps a paragraph at `max` display units without splitting a run of ASCII characters.
pub(crate) fn wrap(s: &str, max: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    let mut w = 0;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let mut unit = String::from(c);
        if c.is_ascii_alphanumeric() {
            while let Some(&n) = chars.peek() {
                if n.is_ascii_alphanumeric() || matches!(n, '.' | '-' | '@' | '/' | ':') {
                    unit.push(n);
                    chars.next();
                } else {
                    break;
                }
            }
        }
        let uw = width(&unit);
        // Closing punctuation never starts a line (kinsoku): it may overhang instead.
        let closing = matches!(
            c,
            '。' | '，' | '、' | '；' | '：' | '）' | '”' | '》' | '！' | '？'
        );
        if w + uw > max && !cur.is_empty() && !closing {
            lines.push(std::mem::take(&mut cur));
            w = 0;
        }
        cur.push_str(&unit);
        w += uw;
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Wraps a space-separated token stream at `max` display units, breaking only at spaces.
fn wrap_tokens(s: &str, max: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for tok in s.split_whitespace() {
        if !cur.is_empty() && width(&cur) + 1 + width(tok) > max {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(tok);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Splits `s` into pieces of at most `max` display units.
fn chunks(s: &str, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        let cw = width(c.encode_utf8(&mut [0; 4]));
        if !cur.is_empty() && width(&cur) + cw > max {
            out.push(std::mem::take(&mut cur));
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Pads `s` with spaces to display width `w`.
fn pad(s: &str, w: usize) -> String {
    let mut o = s.to_string();
    for _ in width(s)..w {
        o.push(' ');
    }
    o
}

fn prose_line(s: &Synthetic, p: &str) -> String {
    if s.style.spaced_numbers {
        space_numbers(p)
    } else {
        p.to_string()
    }
}

/// Writes a paragraph wrapped to the page width.
fn para(out: &mut Out, s: &Synthetic, p: &str, blank_after: bool) {
    for l in wrap(&prose_line(s, p), WIDTH) {
        out.line(&l);
    }
    if blank_after {
        out.line("");
    }
}

fn join_nonempty<'a>(vals: impl IntoIterator<Item = &'a String>) -> String {
    vals.into_iter()
        .filter(|v| !v.is_empty())
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ")
}

fn marker(s: &Synthetic, page: usize) -> String {
    match s.seed % 3 {
        0 => format!("— {page} —"),
        1 => format!("—{page}—"),
        _ => format!("- {page} -"),
    }
}

// ---------------------------------------------------------------- reading order

fn flat_table2(out: &mut Out, s: &Synthetic) {
    let blocks = grid::table2(s);
    if s.style.label_column_first {
        out.applied.push(Applied::LabelColumnFirst);
        let mut labels = Vec::new();
        for b in &blocks {
            labels.push("信息内容");
            labels.extend(b.rows.iter().map(|(l, _)| *l));
        }
        let mut rest: Vec<String> = Vec::new();
        for b in &blocks {
            rest.push(b.title.to_string());
            rest.extend(b.header.iter().map(|h| h.to_string()));
            for (_, vals) in &b.rows {
                rest.extend(vals.iter().filter(|v| !v.is_empty()).cloned());
            }
        }
        let text = format!("{} {}", labels.join(" "), rest.join(" "));
        for l in wrap_tokens(&text, WIDTH) {
            out.line(&l);
        }
    } else {
        for b in &blocks {
            out.line(b.title);
            out.line("信息内容");
            out.line(&b.header.join(" "));
            for (label, vals) in &b.rows {
                out.line(label);
                for v in vals.iter().filter(|v| !v.is_empty()) {
                    out.line(v);
                }
            }
        }
    }
}

/// Fragments of a tall cell's label, one per row it spans (at most `n`).
fn fragments(label: &str, n: usize) -> Vec<String> {
    let parts = chunks(label, 6);
    if parts.len() <= n || n == 0 {
        return parts;
    }
    let mut head: Vec<String> = parts.iter().take(n - 1).cloned().collect();
    head.push(parts.iter().skip(n - 1).cloned().collect());
    head
}

/// Label prefixes (tall-cell fragments) for each row of table 3.
fn prefixes(rows: &[Row3]) -> Vec<String> {
    let mut pre = vec![String::new(); rows.len()];
    let outcome_idx: Vec<usize> = (0..rows.len())
        .filter(|i| rows.get(*i).is_some_and(|r| r.top.is_some()))
        .collect();
    for (frag, i) in fragments(OUTCOMES, 3).into_iter().zip(&outcome_idx) {
        if let Some(p) = pre.get_mut(*i) {
            p.push_str(&frag);
            p.push(' ');
        }
    }
    let mut i = 0;
    while i < rows.len() {
        let g = rows.get(i).and_then(|r| r.group);
        let Some(g) = g else {
            i += 1;
            continue;
        };
        let n = rows[i..].iter().take_while(|r| r.group == Some(g)).count();
        for (k, frag) in fragments(g, n.min(3)).into_iter().enumerate() {
            if let Some(p) = pre.get_mut(i + k) {
                p.push_str(&frag);
                p.push(' ');
            }
        }
        i += n;
    }
    pre
}

fn flat_table3(out: &mut Out, s: &Synthetic) {
    let rows = grid::table3(s);
    out.applied.push(Applied::SplitHeaderWords);
    out.applied.push(Applied::SplitLabels);
    out.line("申请人情况");
    out.line("（本列数据的勾稽关系为：第一项加第二项");
    out.line("之和，等于第三项加第四项之和）");
    out.line("法人或其他组织");
    out.line("商业 科研 社会 法律服务");
    out.line("自然人 企业 机构 公益 其他 总");
    out.line("组织 机构 计");
    let pre = prefixes(&rows);
    // The column-major group (pattern 5), chosen by the seed among those present.
    let groups = ["（三）不予公开", "（五）不予处理", "（四）无法提供"];
    let cm: Option<&str> = if s.style.column_major {
        let start = (s.seed % 3) as usize;
        (0..3)
            .filter_map(|k| groups.get((start + k) % 3).copied())
            .find(|g| rows.iter().any(|r| r.group == Some(*g)))
    } else {
        None
    };
    if let Some(g) = cm {
        let ids = rows
            .iter()
            .filter(|r| r.group == Some(g))
            .map(|r| r.id)
            .collect();
        out.applied.push(Applied::ColumnMajor(ids));
    }
    // The page marker falls between the label and the numbers of a row outside that group.
    let marker_row = if s.style.page_marker {
        (rows.len() / 2..rows.len()).find(|i| rows.get(*i).is_some_and(|r| r.group.is_none()))
    } else {
        None
    };
    let mut i = 0;
    while i < rows.len() {
        let Some(row) = rows.get(i) else { break };
        if cm.is_some() && row.group == cm {
            let n = rows[i..].iter().take_while(|r| r.group == cm).count();
            let group = &rows[i..i + n];
            for (k, r) in group.iter().enumerate() {
                let p = pre.get(i + k).map(String::as_str).unwrap_or("");
                out.line(&format!("{p}{}", r.leaf));
            }
            let mut vals = Vec::new();
            for c in 0..7 {
                for r in group {
                    if let Some(v) = r.values.get(c).filter(|v| !v.is_empty()) {
                        vals.push(v.clone());
                    }
                }
            }
            for l in wrap_tokens(&vals.join(" "), WIDTH) {
                out.line(&l);
            }
            i += n;
            continue;
        }
        let p = pre.get(i).map(String::as_str).unwrap_or("");
        // The label cell is as wide as the label columns it spans: all three for 一、二、四,
        // two for （一）（二）（七）, one for numbered sub-rows.
        let max = match (row.top, row.group) {
            (None, _) => 40,
            (Some(_), None) => 28,
            (Some(_), Some(_)) => 22,
        };
        let split = width(row.leaf) > max;
        let parts = if split {
            chunks(row.leaf, max)
        } else {
            vec![row.leaf.to_string()]
        };
        let first = parts.first().cloned().unwrap_or_default();
        if Some(i) == marker_row {
            out.applied.push(Applied::PageMarker);
            out.line(&format!("{p}{}", row.leaf));
            let page = out.text.lines().count() / 45 + 2;
            out.line(&marker(s, page));
            values(out, s, &row.values);
        } else if split || s.style.one_value_per_line {
            out.line(&format!("{p}{first}"));
            values(out, s, &row.values);
            for rest in parts.iter().skip(1) {
                out.line(rest);
            }
        } else {
            let vals = join_nonempty(&row.values);
            out.line(format!("{p}{first} {vals}").trim_end());
        }
        i += 1;
    }
}

/// A run of numbers: on one line, or one per line with blank lines between (as `pdftotext`
/// often emits table cells).
fn values(out: &mut Out, s: &Synthetic, vals: &[String]) {
    if s.style.one_value_per_line {
        for v in vals.iter().filter(|v| !v.is_empty()) {
            out.line(v);
            out.line("");
        }
    } else {
        let line = join_nonempty(vals);
        if !line.is_empty() {
            out.line(&line);
        }
    }
}

fn flat_table4(out: &mut Out, s: &Synthetic) {
    let vals = grid::table4(s);
    if vals.is_empty() {
        return;
    }
    out.line("行政复议 行政诉讼");
    out.line("未经复议直接起诉 复议后起诉");
    out.line(&["结果 结果 其他 尚未 总"; 3].join(" "));
    out.line(&["维持 纠正 结果 审结 计"; 3].join(" "));
    values(out, s, &vals);
}

pub(crate) fn render_flattened(s: &Synthetic) -> Rendered {
    let mut out = Out::default();
    out.applied.push(Applied::Wrapped);
    if s.style.spaced_numbers {
        out.applied.push(Applied::SpacedNumbers);
    }
    if s.style.one_value_per_line {
        out.applied.push(Applied::ValuesOnePerLine);
    }
    if !s.title.is_empty() {
        for l in wrap(&prose_line(s, &s.title), WIDTH - 16) {
            out.line(&l);
        }
    }
    for p in &s.preamble {
        para(&mut out, s, p, false);
    }
    for sec in &s.sections {
        out.heading(sec.kind, &sec.heading);
        out.push("\n");
        for b in &sec.blocks {
            match b {
                Block::Para(p) | Block::SubHeading(p) => para(&mut out, s, p, false),
                Block::Table(TableKind::ActiveDisclosure) => flat_table2(&mut out, s),
                Block::Table(TableKind::Requests) => flat_table3(&mut out, s),
                Block::Table(TableKind::ReviewLitigation) => flat_table4(&mut out, s),
            }
        }
    }
    out.end_sections();
    for c in &s.closing {
        out.line(&prose_line(s, c));
    }
    out.finish()
}

// ---------------------------------------------------------------- layout

const COL: usize = 8;

fn layout_table2(out: &mut Out, s: &Synthetic) {
    for b in grid::table2(s) {
        out.line(b.title);
        out.line("");
        let mut h = pad("信息内容", 16);
        for x in &b.header {
            h.push_str(&pad(x, 16));
        }
        out.line(h.trim_end());
        out.line("");
        for (label, vals) in &b.rows {
            let mut l = pad(label, 16);
            for v in vals {
                l.push_str(&pad(v, 16));
            }
            out.line(l.trim_end());
            out.line("");
        }
    }
}

fn values_cols(vals: &[String]) -> String {
    vals.iter().map(|v| pad(v, COL)).collect::<String>()
}

fn layout_table3(out: &mut Out, s: &Synthetic) {
    let rows = grid::table3(s);
    out.applied.push(Applied::SplitLabels);
    let lw = 40;
    out.line(&format!("{}申请人情况", " ".repeat(lw + 8)));
    out.line("");
    out.line(&format!("{}法人或其他组织", " ".repeat(lw + COL + 8)));
    out.line("（本列数据的勾稽关系为：第一项加第二项");
    out.line("之和，等于第三项加第四项之和）");
    let head = |cells: [&str; 7]| -> String {
        let v: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
        format!("{}{}", " ".repeat(lw), values_cols(&v))
            .trim_end()
            .to_string()
    };
    out.line(&head([
        "自然人",
        "商业",
        "科研",
        "社会",
        "法律",
        "其他",
        "总计",
    ]));
    out.line(&head(["", "企业", "机构", "公益", "服务", "", ""]));
    out.line(&head(["", "", "", "组织", "机构", "", ""]));
    out.line("");
    // Column A: fragments of 三、本年度办理结果; column B: group fragments; column C: leaf.
    let top_frags = fragments(OUTCOMES, 3);
    let mut top_k = 0;
    let mut i = 0;
    while i < rows.len() {
        let Some(row) = rows.get(i) else { break };
        let group_n = row
            .group
            .map(|g| rows[i..].iter().take_while(|r| r.group == Some(g)).count())
            .unwrap_or(1);
        let group_frags = row.group.map(|g| fragments(g, group_n.min(3)));
        for k in 0..group_n {
            let Some(r) = rows.get(i + k) else { break };
            let a = if r.top.is_some() {
                top_k += 1;
                top_frags.get(top_k - 1).cloned().unwrap_or_default()
            } else {
                String::new()
            };
            let b = group_frags
                .as_ref()
                .and_then(|f| f.get(k).cloned())
                .unwrap_or_default();
            let (label_w, prefix) = match (r.top, r.group) {
                (None, _) => (lw, String::new()),
                (Some(_), None) => (lw - 10, pad(&a, 10)),
                (Some(_), Some(_)) => (lw - 20, format!("{}{}", pad(&a, 10), pad(&b, 10))),
            };
            let pieces = chunks(r.leaf, label_w - 2);
            let first = pieces.first().cloned().unwrap_or_default();
            out.line(
                format!("{prefix}{}{}", pad(&first, label_w), values_cols(&r.values)).trim_end(),
            );
            for p in pieces.iter().skip(1) {
                out.line(&format!("{}{p}", " ".repeat(lw - label_w)));
            }
            out.line("");
        }
        i += group_n;
    }
}

fn layout_table4(out: &mut Out, s: &Synthetic) {
    let vals = grid::table4(s);
    if vals.is_empty() {
        return;
    }
    let g = 5 * 6;
    out.line(&format!("{}行政诉讼", " ".repeat(g)));
    out.line("行政复议");
    out.line(&format!(
        "{}{}复议后起诉",
        " ".repeat(g),
        pad("未经复议直接起诉", g)
    ));
    out.line("");
    let row = |cells: [&str; 5]| cells.iter().map(|c| pad(c, 6)).collect::<String>();
    out.line(
        row(["结果", "结果", "其他", "尚未", "总计"])
            .repeat(3)
            .trim_end(),
    );
    out.line(
        row(["维持", "纠正", "结果", "审结", ""])
            .repeat(3)
            .trim_end(),
    );
    out.line("");
    out.line(
        vals.iter()
            .map(|v| pad(v, 6))
            .collect::<String>()
            .trim_end(),
    );
    out.line("");
}

pub(crate) fn render_layout(s: &Synthetic) -> Rendered {
    let mut out = Out::default();
    out.applied.push(Applied::Wrapped);
    if s.style.spaced_numbers {
        out.applied.push(Applied::SpacedNumbers);
    }
    if !s.title.is_empty() {
        for l in wrap(&prose_line(s, &s.title), WIDTH - 16) {
            let indent = (WIDTH.saturating_sub(width(&l))) / 2;
            out.line(&format!("{}{l}", " ".repeat(indent)));
        }
        out.line("");
    }
    for p in &s.preamble {
        para(&mut out, s, p, true);
    }
    for sec in &s.sections {
        out.heading(sec.kind, &sec.heading);
        out.push("\n\n");
        for b in &sec.blocks {
            match b {
                Block::Para(p) | Block::SubHeading(p) => para(&mut out, s, p, true),
                Block::Table(TableKind::ActiveDisclosure) => layout_table2(&mut out, s),
                Block::Table(TableKind::Requests) => layout_table3(&mut out, s),
                Block::Table(TableKind::ReviewLitigation) => layout_table4(&mut out, s),
            }
        }
    }
    for c in &s.closing {
        let c = prose_line(s, c);
        out.push(&" ".repeat(WIDTH.saturating_sub(width(&c) + 4)));
        if out.headings_open() {
            out.end_sections();
        }
        out.line(&c);
        out.line("");
    }
    out.finish()
}

impl Synthetic {
    /// Text as `pdftotext` emits it in reading order: prose wrapped at the page width
    /// (optionally with spaces around numbers, `2021 年`), headings on their own lines, and the
    /// tables as token streams (format.md §7.3): table 2 block by block or label column first
    /// (pattern 1, [`super::Style::label_column_first`]), table 3 with header words split
    /// (pattern 2), tall cells and long labels in fragments (pattern 3), optionally a page
    /// marker between a row's label and its numbers (pattern 4) and one group emitted column
    /// by column (pattern 5), table 4 with its split header. Blank cells vanish from the
    /// stream. [`Rendered::applied`] lists what was done.
    ///
    /// ```
    /// use xxgk_model::testkit::{generate_with, Applied, GenOptions};
    /// let opts = GenOptions { column_major: Some(true), ..GenOptions::default() };
    /// let r = generate_with(3, &opts).render_flattened();
    /// assert!(r.applied.iter().any(|a| matches!(a, Applied::ColumnMajor(_))));
    /// ```
    pub fn render_flattened(&self) -> Rendered {
        render_flattened(self)
    }

    /// Text as `pdftotext -layout` emits it: wrapped prose with blank lines between
    /// paragraphs, each table row on one line with columns separated by runs of spaces, long
    /// labels and tall cells wrapped onto the lines around the numbers, the closing
    /// right-aligned.
    pub fn render_layout(&self) -> Rendered {
        render_layout(self)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{generate, generate_with, tests::check_spans, GenOptions};
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(space_numbers("共20件，2021年"), "共 20 件，2021 年");
        assert_eq!(width("a中"), 3);
        let w = wrap("一二三四五六七八九十 www.example.gov.cn 结束", 12);
        assert!(w.iter().any(|l| l.contains("www.example.gov.cn")));
        assert_eq!(
            fragments("三、本年度办理结果", 3),
            vec!["三、本", "年度办", "理结果"]
        );
    }

    #[test]
    fn pdf_renderings_keep_headings_and_numbers() {
        for seed in 0..60 {
            let s = generate(seed);
            for (what, r) in [
                ("flat", s.render_flattened()),
                ("layout", s.render_layout()),
            ] {
                check_spans(&s, &r, what);
                // Every non-blank table cell appears as a token.
                let tokens: std::collections::HashSet<&str> = r.text.split_whitespace().collect();
                for row in grid::table3(&s) {
                    for v in row.values.iter().filter(|v| !v.is_empty()) {
                        assert!(tokens.contains(v.as_str()), "{what} seed {seed}: {v}");
                    }
                }
            }
        }
    }

    #[test]
    fn column_major_and_marker_are_recorded() {
        let opts = GenOptions {
            column_major: Some(true),
            page_marker: Some(true),
            ..GenOptions::default()
        };
        let r = generate_with(11, &opts).render_flattened();
        assert!(r.applied.contains(&Applied::PageMarker));
        assert!(r
            .applied
            .iter()
            .any(|a| matches!(a, Applied::ColumnMajor(ids) if ids.len() >= 3)));
        let opts = GenOptions {
            column_major: Some(false),
            page_marker: Some(false),
            ..GenOptions::default()
        };
        let r = generate_with(11, &opts).render_flattened();
        assert!(!r.applied.contains(&Applied::PageMarker));
    }
}
