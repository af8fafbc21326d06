//! Damage real inputs show (format.md §7.4–7.5, §11), as functions on text.
//!
//! Each function returns the damaged text; the random ones take a seed and are deterministic.
//! [`apply`] draws a combination and says which were applied. Offsets change (except for
//! [`to_traditional`], which keeps every byte offset): tests locate things again in the
//! damaged text, or go through the normalize layer's offset map.
//!
//! ```
//! use xxgk_model::testkit::damage;
//! assert_eq!(damage::fullwidth("2021年第3页"), "２０２１年第３页");
//! assert_eq!(damage::ascii_punct("（一）主动公开，及时"), "(一)主动公开,及时");
//! assert_eq!(damage::to_traditional("一、总体情况"), "一、總體情況");
//! ```

use super::rng::Rng;
use super::trad;

/// ASCII digits and letters → full-width forms (`2021` → `２０２１`).
pub fn fullwidth(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

/// Full-width punctuation folded to ASCII (`，` → `,`, `（` → `(`, `：` → `:`, `；` → `;`,
/// `！` → `!`, `？` → `?`), as in all five seed reports; `。` and `、` stay.
pub fn ascii_punct(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '，' => ',',
            '（' => '(',
            '）' => ')',
            '：' => ':',
            '；' => ';',
            '！' => '!',
            '？' => '?',
            _ => c,
        })
        .collect()
}

/// `\n` → `\r\n`.
pub fn crlf(text: &str) -> String {
    text.replace('\n', "\r\n")
}

/// A page marker in one of the forms PDFs leave (`—1—`, `— 10 —`, `- 3 -`, `第3页 共19页`,
/// `第 3 页`, a bare number).
pub fn page_marker(page: usize, pages: usize, style: u64) -> String {
    match style % 6 {
        0 => format!("—{page}—"),
        1 => format!("— {page} —"),
        2 => format!("- {page} -"),
        3 => format!("第{page}页 共{pages}页"),
        4 => format!("第 {page} 页"),
        _ => format!("{page}"),
    }
}

/// Inserts a page marker line every `every` lines (± a few), one marker style per document.
/// Returns the text and the markers inserted, in order.
pub fn page_markers(text: &str, seed: u64, every: usize) -> (String, Vec<String>) {
    let mut rng = Rng::new(seed);
    let style = rng.below(6);
    let every = every.max(2);
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let pages = lines.len() / every + 1;
    let mut out = String::with_capacity(text.len() + pages * 12);
    let mut markers = Vec::new();
    let mut next = every + rng.below(5) as usize;
    for (i, l) in lines.iter().enumerate() {
        out.push_str(l);
        if i + 1 == next && i + 1 < lines.len() {
            if !l.ends_with('\n') {
                out.push('\n');
            }
            let m = page_marker(markers.len() + 1, pages, style);
            out.push_str(&m);
            out.push('\n');
            markers.push(m);
            next += every + rng.below(5) as usize;
        }
    }
    (out, markers)
}

/// Lost line breaks: each `\n` is removed or replaced by a space, except about `keep` of them
/// (0.0–1.0), so headings end up inline after the previous sentence's `。`.
pub fn join_lines(text: &str, seed: u64, keep: f64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\n' {
            if rng.chance(keep) {
                out.push('\n');
            } else if rng.chance(0.5) {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// Spaces inserted between adjacent Chinese characters with probability `rate` (words broken
/// when a PDF's lines were joined: `政府信 息公开`).
pub fn space_in_words(text: &str, seed: u64, rate: f64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(text.len() + 16);
    let mut prev: Option<char> = None;
    for c in text.chars() {
        if prev.is_some_and(is_han) && is_han(c) && rng.chance(rate) {
            out.push(' ');
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

/// Every heading-like line (`一、` … `六、` at a line start) spaced out character by character
/// after the numeral: `一、总 体 情 况`.
pub fn spaced_headings(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let is_heading = ["一、", "二、", "三、", "四、", "五、", "六、"]
            .iter()
            .any(|n| line.starts_with(n));
        if !is_heading {
            out.push_str(line);
            continue;
        }
        let mut chars = line.chars().peekable();
        let mut n = 0;
        while let Some(c) = chars.next() {
            out.push(c);
            n += 1;
            let next_han = chars.peek().is_some_and(|d| is_han(*d));
            if n >= 3 && is_han(c) && next_han {
                out.push(' ');
            }
        }
    }
    out
}

/// Char-by-char Simplified → Traditional over a built-in table of the characters that occur
/// in the template labels, headings and the generator's prose (about 400). Every converted
/// character has the same UTF-8 length, so all byte offsets stay valid.
pub fn to_traditional(text: &str) -> String {
    text.chars()
        .map(|c| trad::to_trad(c).unwrap_or(c))
        .collect()
}

/// Like [`to_traditional`], but each convertible character is converted only with
/// probability `rate` (a partial conversion, as seed 004 shows).
pub fn to_traditional_partial(text: &str, seed: u64, rate: f64) -> String {
    let mut rng = Rng::new(seed);
    text.chars()
        .map(|c| match trad::to_trad(c) {
            Some(t) if rng.chance(rate) => t,
            _ => c,
        })
        .collect()
}

/// Wraps `text` the way document-library sites serve it: a slogan, the file name (with
/// `.pdf`/`.docx`) repeated, page and size counters (`19 页 2.023 MB`), a download prompt,
/// and after the text `下载后继续阅读` and a `相关文章` list of other report titles.
pub fn download_wrapper(text: &str, file_name: &str, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let slogan = rng.pick_str(&[
        "文档分享网 - 专业文档免费下载",
        "在线文库 | 海量资料随心查",
        "资料库 — 学习资料与办公文档分享平台",
    ]);
    let ext = rng.pick_str(&[".pdf", ".docx", ".doc"]);
    let pages = rng.range(5, 30);
    let size = format!("{}.{:03} MB", rng.range(0, 4), rng.range(0, 999));
    let mut out = String::new();
    out.push_str(slogan);
    out.push_str("\n\n");
    out.push_str(&format!("{file_name}{ext}\n"));
    out.push_str(&format!("{pages} 页 {size}\n"));
    out.push_str(rng.pick_str(&["下载文档\n", "当前文档共有内容，下载文档\n", "免费下载\n"]));
    out.push_str(&format!("{file_name}{ext}\n"));
    out.push_str(text);
    if !text.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("\n下载后继续阅读\n");
    out.push_str(&format!("当前文档共{pages}页\n"));
    out.push_str("相关文章\n");
    for _ in 0..rng.range(2, 5) {
        let other = super::generate(rng.next_u64());
        out.push_str(&other.title);
        out.push('\n');
    }
    out
}

/// Pipe-table rows lose their empty cells, as text copied from a web page does (format.md
/// §7.2): `| 规章 | | 3 | |` → `| 规章 | 3 |`. Only lines starting with `|` change.
pub fn vanish_empty_cells(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        if !body.starts_with('|') {
            out.push_str(line);
            continue;
        }
        let cells: Vec<&str> = body
            .split('|')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        out.push('|');
        for c in cells {
            out.push(' ');
            out.push_str(c);
            out.push_str(" |");
        }
        out.push_str(&line[body.len()..]);
    }
    out
}

/// Pipe-table rows become one cell per line with a trailing `|` (format.md §7.2), empty
/// cells as a bare `|` line.
pub fn one_cell_per_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        if !body.starts_with('|') {
            out.push_str(line);
            continue;
        }
        let inner = body.trim_start_matches('|').trim_end_matches('|');
        for c in inner.split('|').map(str::trim) {
            if c.is_empty() {
                out.push_str("|\n");
            } else {
                out.push_str(c);
                out.push_str(" |\n");
            }
        }
    }
    out
}

/// One kind of damage, as [`apply`] reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Kind {
    /// [`fullwidth`]
    Fullwidth,
    /// [`ascii_punct`]
    AsciiPunct,
    /// [`page_markers`]
    PageMarkers,
    /// [`space_in_words`]
    SpaceInWords,
    /// [`spaced_headings`]
    SpacedHeadings,
    /// [`join_lines`]
    JoinLines,
    /// [`to_traditional`] or [`to_traditional_partial`]
    Traditional,
    /// [`download_wrapper`]
    DownloadWrapper,
    /// [`crlf`]
    Crlf,
    /// [`vanish_empty_cells`] (not drawn by [`apply`]; for callers combining by hand)
    VanishEmptyCells,
    /// [`one_cell_per_line`] (not drawn by [`apply`])
    OneCellPerLine,
}

/// Applies a seed-chosen combination of damage (each kind with some probability, in a
/// realistic order: markers and broken words before joining lines, the wrapper last). Returns
/// the text and the kinds applied.
pub fn apply(text: &str, seed: u64) -> (String, Vec<Kind>) {
    let mut rng = Rng::new(seed ^ 0xDA3A_6E00);
    let mut t = text.to_string();
    let mut kinds = Vec::new();
    if rng.chance(0.3) {
        t = spaced_headings(&t);
        kinds.push(Kind::SpacedHeadings);
    }
    if rng.chance(0.4) {
        t = page_markers(&t, rng.next_u64(), 40).0;
        kinds.push(Kind::PageMarkers);
    }
    if rng.chance(0.3) {
        t = space_in_words(&t, rng.next_u64(), 0.02);
        kinds.push(Kind::SpaceInWords);
    }
    if rng.chance(0.5) {
        t = ascii_punct(&t);
        kinds.push(Kind::AsciiPunct);
    }
    if rng.chance(0.15) {
        t = fullwidth(&t);
        kinds.push(Kind::Fullwidth);
    }
    if rng.chance(0.2) {
        t = if rng.chance(0.5) {
            to_traditional(&t)
        } else {
            to_traditional_partial(&t, rng.next_u64(), 0.7)
        };
        kinds.push(Kind::Traditional);
    }
    if rng.chance(0.3) {
        t = join_lines(&t, rng.next_u64(), 0.05);
        kinds.push(Kind::JoinLines);
    }
    if rng.chance(0.2) {
        let name = t.lines().next().unwrap_or("年度报告").trim().to_string();
        t = download_wrapper(&t, &name, rng.next_u64());
        kinds.push(Kind::DownloadWrapper);
    }
    if rng.chance(0.1) {
        t = crlf(&t);
        kinds.push(Kind::Crlf);
    }
    (t, kinds)
}

#[cfg(test)]
mod tests {
    use super::super::generate;
    use super::*;

    #[test]
    fn width_and_punctuation() {
        assert_eq!(fullwidth("ab12,"), "ａｂ１２,");
        assert_eq!(
            ascii_punct("（地址：某路；电话）。、"),
            "(地址:某路;电话)。、"
        );
        assert_eq!(crlf("a\nb\n"), "a\r\nb\r\n");
    }

    #[test]
    fn traditional_keeps_offsets_and_converts_labels() {
        let s = generate(4);
        let text = s.render_text();
        let t = to_traditional(&text.text);
        assert_eq!(t.len(), text.text.len());
        for (_, r) in &text.headings {
            assert!(t.is_char_boundary(r.start) && t.is_char_boundary(r.end));
        }
        assert!(t.contains("申請") && t.contains("總計"));
        assert!(to_traditional("三、收到和处理政府信息公开申请情况")
            .contains("收到和處理政府信息公開申請情況"));
        assert!(to_traditional("四、政府信息公开行政复议、行政诉讼情况")
            .contains("行政復議、行政訴訟情況"));
        let partial = to_traditional_partial(&text.text, 1, 0.5);
        assert_ne!(partial, t);
        assert_eq!(partial.len(), t.len());
    }

    #[test]
    fn markers_and_joins() {
        let text = generate(8).render_flattened().text;
        let (t, markers) = page_markers(&text, 3, 20);
        assert!(!markers.is_empty());
        for m in &markers {
            assert!(t.lines().any(|l| l == m), "{m}");
        }
        let joined = join_lines(&text, 5, 0.0);
        assert!(!joined.contains('\n'));
        assert!(joined.contains("。 二、") || joined.contains("。二、") || joined.contains("二、"));
        assert_eq!(
            spaced_headings("一、总体情况\n正文一、二\n"),
            "一、总 体 情 况\n正文一、二\n"
        );
        let spaced = space_in_words("政府信息公开工作", 1, 1.0);
        assert_eq!(spaced, "政 府 信 息 公 开 工 作");
    }

    #[test]
    fn pipe_table_forms() {
        let t = "正文 | 不动\n| 规章 | | 3 | |\n| 总计 | 1 | 0 |\r\n";
        assert_eq!(
            vanish_empty_cells(t),
            "正文 | 不动\n| 规章 | 3 |\n| 总计 | 1 | 0 |\r\n"
        );
        assert_eq!(
            one_cell_per_line("a\n| 规章 | | 3 |\n"),
            "a\n规章 |\n|\n3 |\n"
        );
    }

    #[test]
    fn wrapper_and_apply_are_deterministic() {
        let s = generate(12);
        let w = download_wrapper(&s.render_text().text, &s.title, 9);
        assert!(w.contains("下载后继续阅读") && w.contains("相关文章"));
        assert!(w.matches(s.title.as_str()).count() >= 3);
        for seed in 0..40 {
            let a = apply(&s.render_text().text, seed);
            assert_eq!(a, apply(&s.render_text().text, seed));
        }
    }
}
