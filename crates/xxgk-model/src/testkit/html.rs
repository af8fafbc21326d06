//! The HTML rendering: a portal page with the official table layout.

use super::grid::{self, NOTE, OUTCOMES};
use super::{Block, Out, Rendered, Synthetic};
use crate::TableKind;

/// Escapes text for HTML element content.
pub(crate) fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            _ => o.push(c),
        }
    }
    o
}

/// A `<td>` with optional spans; blank content becomes `&nbsp;`. With Word-style markup the
/// cell gets `width`/`nowrap` attributes and its text a `<span style>`.
fn td(out: &mut Out, s: &Synthetic, text: &str, rowspan: usize, colspan: usize) {
    cell(out, s, text, rowspan, colspan, false);
}

/// Like [`td`]; with Word-style markup a long label is broken by a `<br>` after its third
/// character (本年新<br>制作数量).
fn td_br(out: &mut Out, s: &Synthetic, text: &str, rowspan: usize, colspan: usize) {
    cell(out, s, text, rowspan, colspan, true);
}

fn cell(out: &mut Out, s: &Synthetic, text: &str, rowspan: usize, colspan: usize, br: bool) {
    let markup = s.style.html_word_markup;
    out.push("<td");
    if markup {
        out.push(&format!(" width=\"{}\" nowrap", 40 * colspan.max(1)));
    }
    if rowspan > 1 {
        out.push(&format!(" rowspan=\"{rowspan}\""));
    }
    if colspan > 1 {
        out.push(&format!(" colspan=\"{colspan}\""));
    }
    out.push("><p>");
    if markup {
        out.push("<span style=\"font-family:仿宋_GB2312;font-size:10.5pt\">");
    }
    if text.is_empty() {
        out.push("&nbsp;");
    } else if markup && br && text.chars().count() > 5 {
        let cut = text.char_indices().nth(3).map_or(text.len(), |(i, _)| i);
        out.push(&esc(&text[..cut]));
        out.push("<br>");
        out.push(&esc(&text[cut..]));
    } else {
        out.push(&esc(text));
    }
    if markup {
        out.push("</span>");
    }
    out.push("</p></td>");
}

const TABLE_OPEN: &str = "<table border=\"1\" cellspacing=\"0\" cellpadding=\"0\">\n";

fn table2(out: &mut Out, s: &Synthetic) {
    out.push(TABLE_OPEN);
    for b in grid::table2(s) {
        out.push("<tr>");
        td(out, s, b.title, 1, 4);
        out.push("</tr>\n<tr>");
        td(out, s, "信息内容", 1, 1);
        let n = b.header.len().max(1);
        for (i, h) in b.header.iter().enumerate() {
            // Value cells share the three value columns: the last one takes what is left.
            let span = if i + 1 == n { 4 - n } else { 1 };
            td_br(out, s, h, 1, span);
        }
        out.push("</tr>\n");
        for (label, vals) in &b.rows {
            out.push("<tr>");
            td(out, s, label, 1, 1);
            let n = vals.len().max(1);
            for (i, v) in vals.iter().enumerate() {
                let span = if i + 1 == n { 4 - n } else { 1 };
                td(out, s, v, 1, span);
            }
            out.push("</tr>\n");
        }
    }
    out.push("</table>\n");
}

fn table3(out: &mut Out, s: &Synthetic) {
    let rows = grid::table3(s);
    out.push(TABLE_OPEN);
    out.push("<tr>");
    td(out, s, NOTE, 3, 3);
    td(out, s, "申请人情况", 1, 7);
    out.push("</tr>\n<tr>");
    td(out, s, "自然人", 2, 1);
    td(out, s, "法人或其他组织", 1, 5);
    td(out, s, "总计", 2, 1);
    out.push("</tr>\n<tr>");
    for h in [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ] {
        td(out, s, h, 1, 1);
    }
    out.push("</tr>\n");
    let tall = rows.iter().filter(|r| r.top.is_some()).count();
    let mut top_done = false;
    let mut last_group: Option<&str> = None;
    for row in &rows {
        out.push("<tr>");
        match (row.top, row.group) {
            (None, _) => td(out, s, row.leaf, 1, 3),
            (Some(_), group) => {
                if !top_done {
                    td(out, s, OUTCOMES, tall, 1);
                    top_done = true;
                }
                match group {
                    None => td(out, s, row.leaf, 1, 2),
                    Some(g) => {
                        if last_group != Some(g) {
                            let n = rows.iter().filter(|r| r.group == Some(g)).count();
                            td(out, s, g, n, 1);
                        }
                        td(out, s, row.leaf, 1, 1);
                    }
                }
            }
        }
        last_group = row.group;
        for v in &row.values {
            td(out, s, v, 1, 1);
        }
        out.push("</tr>\n");
    }
    out.push("</table>\n");
}

fn table4(out: &mut Out, s: &Synthetic) {
    let vals = grid::table4(s);
    if vals.is_empty() {
        return;
    }
    out.push(TABLE_OPEN);
    out.push("<tr>");
    td(out, s, "行政复议", 2, 5);
    td(out, s, "行政诉讼", 1, 10);
    out.push("</tr>\n<tr>");
    td(out, s, "未经复议直接起诉", 1, 5);
    td(out, s, "复议后起诉", 1, 5);
    out.push("</tr>\n<tr>");
    for _ in 0..3 {
        for l in grid::review_labels() {
            td(out, s, l, 1, 1);
        }
    }
    out.push("</tr>\n<tr>");
    for v in &vals {
        td(out, s, v, 1, 1);
    }
    out.push("</tr>\n</table>\n");
}

pub(crate) fn render(s: &Synthetic) -> Rendered {
    let mut out = Out::default();
    let title = esc(&s.title);
    let agency = esc(s.closing.first().map(String::as_str).unwrap_or(""));
    out.push(&format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title><style>td{{border:1px solid #000}}</style></head><body>\n"
    ));
    if s.style.site_chrome {
        let date = s
            .report
            .published
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        let year = s.report.year.unwrap_or(2021) + 1;
        out.push("<div class=\"nav\">首页 &gt; 政务公开 &gt; 政府信息公开年报</div>\n");
        out.push(&format!(
            "<table class=\"info\"><tr><td>索引号</td><td>{:09}/{year}-{:05}</td><td>发布机构</td><td>{agency}</td></tr><tr><td>发文日期</td><td>{date}</td><td>主题分类</td><td>政务公开</td></tr></table>\n",
            s.seed % 1_000_000_000,
            s.seed % 100_000
        ));
        out.push("<div class=\"tools\">字号：大 中 小 打印 关闭</div>\n");
    }
    out.push("<div class=\"article\">\n");
    if !title.is_empty() {
        out.push(&format!(
            "<p style=\"text-align:center\"><strong>{title}</strong></p>\n"
        ));
    }
    for p in &s.preamble {
        out.push(&format!("<p>{}</p>\n", esc(p)));
    }
    for sec in &s.sections {
        let (open, close) = if s.style.html_h_headings {
            ("<h3>", "</h3>\n")
        } else {
            ("<p><strong>", "</strong></p>\n")
        };
        out.push(open);
        out.heading(sec.kind, &esc(&sec.heading));
        out.push(close);
        for b in &sec.blocks {
            match b {
                Block::Para(p) => out.push(&format!("<p>{}</p>\n", esc(p))),
                Block::SubHeading(p) => out.push(&format!("<p><strong>{}</strong></p>\n", esc(p))),
                Block::Table(TableKind::ActiveDisclosure) => table2(&mut out, s),
                Block::Table(TableKind::Requests) => table3(&mut out, s),
                Block::Table(TableKind::ReviewLitigation) => table4(&mut out, s),
            }
        }
    }
    out.push("<p style=\"text-align:right\">");
    out.end_sections();
    let mut closing = s.closing.iter();
    if let Some(first) = closing.next() {
        out.push(&esc(first));
        out.push("</p>");
    }
    for c in closing {
        out.push(&format!("<p style=\"text-align:right\">{}</p>", esc(c)));
    }
    out.push("\n</div>\n");
    if s.style.site_chrome {
        out.push(&format!(
            "<div class=\"footer\">主办单位：{agency} 网站标识码 {:010} ICP备{:08}号</div>\n",
            s.seed % 10_000_000_000,
            s.seed % 100_000_000
        ));
    }
    out.push("</body></html>\n");
    out.finish()
}

impl Synthetic {
    /// A portal page: optional site chrome (nav, an info box with 索引号 / 发布机构 / 发文日期,
    /// a footer; see [`super::Style::site_chrome`]), the title, paragraphs in `<p>`, headings
    /// in `<p><strong>` or `<h3>`, and the tables in the official layout: table 2 blocks with
    /// their title rows spanning the grid and single-value blocks spanning the value columns,
    /// table 3's three header rows (the printed note spanning three rows and columns) and
    /// tall 三、本年度办理结果 / （三）不予公开 … cells (rowspan), table 4's three-level
    /// header. Blank cells are `&nbsp;`. Heading ranges point at the heading text.
    ///
    /// ```
    /// let r = xxgk_model::testkit::sample().render_html();
    /// assert!(r.text.contains("<td rowspan=\"22\"><p>三、本年度办理结果</p></td>"));
    /// ```
    pub fn render_html(&self) -> Rendered {
        render(self)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{generate, tests::check_spans};

    #[test]
    fn html_spans_and_structure() {
        for seed in 0..60 {
            let s = generate(seed);
            let r = s.render_html();
            check_spans(&s, &r, "html");
            assert_eq!(r.text.matches("<table border").count(), 3);
            let cells = r.text.matches("<td").count();
            assert!(cells > 100, "{cells}");
            assert_eq!(r.text.contains("class=\"nav\""), s.style.site_chrome);
        }
    }
}
