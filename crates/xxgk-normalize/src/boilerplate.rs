//! Web and document-library boilerplate.
//!
//! [`remove`] removes, each range with a [`Code::BoilerplateRemoved`] diagnostic:
//! - a document-library **header**: the leading lines made only of wrapper text — site slogans
//!   (`…文库…`, `精品文档`), download prompts (`下载文档`, `下载后继续阅读`), page and size
//!   counters (`19 页 2.023 MB`, `当前文档共19页`), file names (`….docx`, `.pdf`, `.doc`,
//!   `.wps`, possibly repeated on one line) and blank lines, each line (but a file-name line) at
//!   most 60 characters long, — when at least one download or
//!   library marker is among them;
//! - a **trailer** starting at a line `相关文章`, `相关推荐`, `猜你喜欢`, `热门文档` or
//!   `相关文档` in the last third of the text, to the end;
//! - `|` **residue**: lines made only of `|` and spaces, and runs of ten or more `|` (table
//!   border residue). Shorter runs inside a line (`label | 3 | 3 |`, `|||` for empty cells) are
//!   kept: the table layer reads them.
//!
//! ```
//! let text = "某某文库 - 精品文档\n报告.docx\n下载后继续阅读\n一、总体情况\n相关文章\n别的报告";
//! let out = xxgk_normalize::boilerplate::remove(text).unwrap();
//! assert_eq!(out.text, "一、总体情况\n");
//! ```

use crate::pdf::remove_ranges;
use crate::StepOutput;
use xxgk_model::Code;

const STRONG: &[&str] = &[
    "文库",
    "下载",
    "当前文档",
    "继续阅读",
    "精品文档",
    "阅读全文",
    "文档分类",
];
const WEAK: &[&str] = &[
    "登录",
    "注册",
    "举报",
    "收藏",
    "分享到",
    "上传",
    "VIP",
    "会员",
];
const TRAILERS: &[&str] = &["相关文章", "相关推荐", "猜你喜欢", "热门文档", "相关文档"];

fn is_file_name_line(t: &str) -> bool {
    let lower = t.to_ascii_lowercase();
    [".docx", ".doc", ".pdf", ".wps", ".txt"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

fn has_size_counter(t: &str) -> bool {
    (t.contains("MB") || t.contains("KB") || t.contains("页"))
        && t.chars().any(|c| c.is_ascii_digit())
}

fn header_line(t: &str) -> (bool, bool) {
    // (is wrapper, is strong marker)
    let t = t.trim();
    if t.is_empty() {
        return (true, false);
    }
    if is_file_name_line(t) {
        return (true, false);
    }
    if t.chars().count() > 60 {
        return (false, false);
    }
    let strong = STRONG.iter().any(|m| t.contains(m));
    let wrapper = strong
        || WEAK.iter().any(|m| t.contains(m))
        || (has_size_counter(t) && t.chars().count() <= 40);
    (wrapper, strong)
}

/// Removes wrapper text and `|` residue; `None` when there is none.
pub fn remove(text: &str) -> Option<StepOutput> {
    let mut ranges: Vec<(usize, usize, Code, &'static str)> = Vec::new();
    // Header.
    let mut pos = 0;
    let mut head_end = 0;
    let mut strong = false;
    for line in text.split_inclusive('\n').take(40) {
        let (w, s) = header_line(line);
        if !w {
            break;
        }
        strong |= s;
        pos += line.len();
        if s || !line.trim().is_empty() {
            head_end = pos;
        }
    }
    // Blank lines right after the header go with it.
    if strong && head_end > 0 {
        let rest = text.get(head_end..).unwrap_or_default();
        let blank = rest.len() - rest.trim_start_matches(['\n', ' ', '\r']).len();
        ranges.push((
            0,
            head_end + blank,
            Code::BoilerplateRemoved,
            "document-library header",
        ));
    }
    // Trailer.
    let third = text.len() - text.len() / 3;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let here = start;
        start += line.len();
        if here < third.max(head_end) {
            continue;
        }
        let t = line.trim();
        if TRAILERS
            .iter()
            .any(|m| t == *m || t.starts_with(m) && t.chars().count() <= 8)
        {
            ranges.push((
                here,
                text.len(),
                Code::BoilerplateRemoved,
                "related-articles trailer",
            ));
            break;
        }
    }
    // Pipe residue.
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let here = start;
        start += line.len();
        let t = line.trim();
        if !t.is_empty() && t.chars().all(|c| c == '|' || c == ' ') && t.matches('|').count() >= 2 {
            ranges.push((
                here,
                here + line.len(),
                Code::BoilerplateRemoved,
                "'|' residue line",
            ));
            continue;
        }
        let bytes = line.as_bytes();
        let mut k = 0;
        while let Some(p) = bytes
            .get(k..)
            .and_then(|s| s.iter().position(|&b| b == b'|'))
        {
            let s = k + p;
            let n = bytes
                .get(s..)
                .map_or(0, |r| r.iter().take_while(|&&b| b == b'|').count());
            if n >= 10 {
                ranges.push((
                    here + s,
                    here + s + n,
                    Code::BoilerplateRemoved,
                    "'|' residue",
                ));
            }
            k = s + n.max(1);
        }
    }
    ranges.sort_by_key(|r| (r.0, std::cmp::Reverse(r.1)));
    let mut out: Vec<(usize, usize, Code, &'static str)> = Vec::new();
    for r in ranges {
        match out.last() {
            Some(l) if r.0 < l.1 => {}
            _ => out.push(r),
        }
    }
    remove_ranges(text, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_and_trailer() {
        let text = "XX文库 - 千万精品文档,下载即用。\n\n某区2021年报告.docx\n\n爱。19 页 2.023 MB下载文档\n某区2021年报告.docx某区2021年报告.docx\n当前文档共19页 2.88\n下载后继续阅读\n\n某区人民政府2021年政府信息公开工作年度报告 本报告依据条例编制。\n一、总体情况\n正文。\n正文。\n正文。\n相关文章\n另一份报告\n";
        let out = remove(text).unwrap();
        assert_eq!(
            out.text,
            "某区人民政府2021年政府信息公开工作年度报告 本报告依据条例编制。\n一、总体情况\n正文。\n正文。\n正文。\n"
        );
        assert_eq!(out.diagnostics.len(), 2);
        let s = out.diagnostics[0].span.unwrap();
        assert!(text[s.range()].contains("下载后继续阅读"));
    }

    #[test]
    fn plain_report_untouched() {
        let text = "某区2021年政府信息公开工作年度报告\n一、总体情况\n本年度共收到申请12件。\n二、主动公开政府信息情况\n信息内容 | 本年制发件数 |\n规章 | 0 | 0 |\n";
        assert!(remove(text).is_none());
    }

    #[test]
    fn pipe_residue() {
        let text = "标题 ||||||||||||||||||||\n| | | |\n规章 | 0 ||| 3 |\n";
        let out = remove(text).unwrap();
        assert_eq!(out.text, "标题 \n规章 | 0 ||| 3 |\n");
        assert_eq!(out.diagnostics.len(), 2);
    }
}
