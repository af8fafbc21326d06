//! The plain-text rendering: one paragraph per line, tables as pipe tables.

use super::grid::{self, NOTE};
use super::{Block, Out, Rendered, Synthetic};
use crate::TableKind;

/// A pipe-table line: `| a | b |`, an empty cell as `| |`.
pub(crate) fn pipe_line(out: &mut Out, cells: &[&str]) {
    let mut s = String::from("|");
    for c in cells {
        if c.is_empty() {
            s.push_str(" |");
        } else {
            s.push(' ');
            s.push_str(c);
            s.push_str(" |");
        }
    }
    out.line(&s);
}

fn table2(out: &mut Out, s: &Synthetic) {
    for b in grid::table2(s) {
        pipe_line(out, &[b.title]);
        let mut header = vec!["信息内容"];
        header.extend(b.header.iter().copied());
        pipe_line(out, &header);
        for (label, vals) in &b.rows {
            let mut cells = vec![*label];
            cells.extend(vals.iter().map(String::as_str));
            pipe_line(out, &cells);
        }
    }
}

fn table3(out: &mut Out, s: &Synthetic) {
    pipe_line(out, &[NOTE, "申请人情况"]);
    pipe_line(
        out,
        &["", "自然人", "法人或其他组织", "", "", "", "", "总计"],
    );
    pipe_line(
        out,
        &[
            "",
            "",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            "",
        ],
    );
    for row in grid::table3(s) {
        let label = row.full_label();
        let mut cells = vec![label.as_str()];
        cells.extend(row.values.iter().map(String::as_str));
        pipe_line(out, &cells);
    }
}

fn table4(out: &mut Out, s: &Synthetic) {
    let vals = grid::table4(s);
    if vals.is_empty() {
        return;
    }
    pipe_line(out, &["行政复议", "行政诉讼"]);
    pipe_line(out, &["", "未经复议直接起诉", "复议后起诉"]);
    let labels = grid::review_labels();
    let header: Vec<&str> = (0..3).flat_map(|_| labels.iter().copied()).collect();
    pipe_line(out, &header);
    let cells: Vec<&str> = vals.iter().map(String::as_str).collect();
    pipe_line(out, &cells);
}

/// Writes one table in pipe form.
pub(crate) fn table(out: &mut Out, s: &Synthetic, kind: TableKind) {
    match kind {
        TableKind::ActiveDisclosure => table2(out, s),
        TableKind::Requests => table3(out, s),
        TableKind::ReviewLitigation => table4(out, s),
    }
}

pub(crate) fn render(s: &Synthetic) -> Rendered {
    let mut out = Out::default();
    if !s.title.is_empty() {
        out.line(&s.title);
        out.line("");
    }
    for p in &s.preamble {
        out.line(p);
    }
    for sec in &s.sections {
        out.heading(sec.kind, &sec.heading);
        out.push("\n");
        for b in &sec.blocks {
            match b {
                Block::Para(p) | Block::SubHeading(p) => out.line(p),
                Block::Table(k) => table(&mut out, s, *k),
            }
        }
    }
    out.line("");
    out.end_sections();
    for c in &s.closing {
        out.line(c);
    }
    out.finish()
}

impl Synthetic {
    /// Plain text: title, preamble, the six sections with their tables as pipe tables (one
    /// table row per line, `| label | 1 | 0 |`, blank cells as `| |`), then the closing
    /// signature. Table 3 row labels carry their hierarchy (`三、本年度办理结果 （三）不予公开
    /// 1.属于国家秘密`).
    ///
    /// ```
    /// let synth = xxgk_model::testkit::sample();
    /// let r = synth.render_text();
    /// assert!(r.text.contains("| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |"));
    /// for (kind, range) in &r.headings {
    ///     assert_eq!(&r.text[range.clone()], synth.section(*kind).unwrap().heading);
    /// }
    /// ```
    pub fn render_text(&self) -> Rendered {
        render(self)
    }
}
