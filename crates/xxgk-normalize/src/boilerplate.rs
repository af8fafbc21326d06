//! Web and document-library boilerplate.
//!
//! [`remove`] removes, each range with a [`Code::BoilerplateRemoved`] diagnostic:
//! - a document-library **header**: the block of wrapper lines the text starts with, when it
//!   holds a download or library marker and report text follows. Wrapper lines are site
//!   slogans (`…文库…`, `精品文档`, `…资料…文档…`), download prompts (`下载文档`,
//!   `下载后继续阅读`), page and size counters (`19 页 2.023 MB`, `当前文档共19页`), file names
//!   (`….docx`, `.pdf`, `.doc`, `.wps`, possibly repeated on one line) and blank lines; each
//!   but a file-name line at most 60 characters long;
//! - a **trailer** starting at a line `相关文章`, `相关推荐`, `猜你喜欢`, `热门文档` or
//!   `相关文档` followed only by short lines (a list of titles), after report text (with the wrapper lines just before it, such as
//!   `下载后继续阅读`), to the end;
//! - `|` **residue**: lines made only of `|` and spaces, and runs of ten or more `|` (table
//!   border residue). A line of `|` separated by spaces (`| | |`) whose nearest non-empty
//!   neighbour above or below is a table row with content is kept: it is a row of blank cells. Shorter runs inside a line (`label | 3 | 3 |`, `|||` for empty cells) are
//!   kept: the table layer reads them.
//!
//! ```
//! let text = "某某文库 - 精品文档\n报告.docx\n下载后继续阅读\n一、总体情况：本年度收到申请12件。\n相关文章\n别的报告";
//! let out = xxgk_normalize::boilerplate::remove(text).unwrap();
//! assert_eq!(out.text, "一、总体情况：本年度收到申请12件。\n");
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
    "登录", "注册", "举报", "收藏", "分享", "上传", "VIP", "会员", "资料", "文档",
];
pub(crate) const TRAILERS: &[&str] = &["相关文章", "相关推荐", "猜你喜欢", "热门文档", "相关文档"];

/// Length in characters, not counting spaces, `|` and invisible characters (which the other
/// steps remove, so that a second pass measures alike).
fn visible_len(t: &str) -> usize {
    t.chars().filter(|&c| is_visible(c)).count()
}

fn is_visible(c: char) -> bool {
    !c.is_whitespace()
        && c != '|'
        && !matches!(
            c,
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}'
        )
}

/// `visible_len(t).min(cap)`, by bytes: a character with a lead byte from 0xE4 up (but
/// 0xEF) is visible, and so is ASCII other than white space and `|`; only the characters with
/// another lead byte (white space, the invisible ones, `\u{FEFF}`) are decoded. Stops at `cap`.
fn visible_len_upto(t: &str, cap: usize) -> usize {
    let b = t.as_bytes();
    let mut n = 0;
    let mut i = 0;
    while n < cap {
        let Some(&c) = b.get(i) else {
            break;
        };
        if c < 0x80 {
            n += usize::from(c != b'|' && !char::from(c).is_whitespace());
            i += 1;
        } else if (0xE4..0xF0).contains(&c) && c != 0xEF {
            n += 1;
            i += 3;
        } else {
            let Some((ch, len)) = crate::char_at(b, i) else {
                break;
            };
            n += usize::from(is_visible(ch));
            i += len;
        }
    }
    n
}

/// The visible characters of `t` (see [`visible_len`]).
fn visible(t: &str) -> String {
    t.chars().filter(|&c| is_visible(c)).collect()
}

fn is_file_name_line(t: &str) -> bool {
    // `t.to_ascii_lowercase().ends_with(ext)` without the copy.
    let b = t.as_bytes();
    [".docx", ".doc", ".pdf", ".wps", ".txt"].iter().any(|ext| {
        b.len()
            .checked_sub(ext.len())
            .and_then(|k| b.get(k..))
            .is_some_and(|tail| tail.eq_ignore_ascii_case(ext.as_bytes()))
    })
}

fn has_size_counter(t: &str) -> bool {
    // `t.contains("MB") || t.contains("KB")` without building two substring searchers.
    let b = t.as_bytes();
    (memchr::memchr_iter(b'B', b).any(|i| i > 0 && matches!(b.get(i - 1), Some(b'M' | b'K')))
        || t.contains('页'))
        && b.iter().any(|c| c.is_ascii_digit())
}

/// Whether `t` contains one of the [`STRONG`] markers, and one of the [`WEAK`] ones: one pass
/// over `t`, comparing a marker only where its first byte is.
fn markers(t: &str) -> (bool, bool) {
    let b = t.as_bytes();
    let (mut strong, mut weak) = (false, false);
    for (i, ch) in t.char_indices() {
        // Only where a marker can start (test `marker_starts_are_listed`).
        if !is_marker_start(ch) {
            continue;
        }
        let Some(&c) = b.get(i) else {
            continue;
        };
        let rest = b.get(i..).unwrap_or_default();
        let hit = |m: &&str| m.as_bytes().first() == Some(&c) && rest.starts_with(m.as_bytes());
        strong = strong || STRONG.iter().any(hit);
        weak = weak || WEAK.iter().any(hit);
        if strong && weak {
            break;
        }
    }
    (strong, weak)
}

/// The first characters of the [`STRONG`] and [`WEAK`] markers.
fn is_marker_start(c: char) -> bool {
    matches!(
        c,
        '文' | '下'
            | '当'
            | '继'
            | '精'
            | '阅'
            | '登'
            | '注'
            | '举'
            | '收'
            | '分'
            | '上'
            | 'V'
            | '会'
            | '资'
    )
}

fn header_line(t: &str) -> (bool, bool) {
    // (is wrapper, is strong marker)
    let t = t.trim();
    // Counted once (it decodes the line), and only as far as the tests below look: 61 or more
    // is "over 60".
    let n = visible_len_upto(t, 61);
    if n == 0 {
        return (true, false);
    }
    if is_file_name_line(t) {
        return (true, false);
    }
    if n > 60 {
        return (false, false);
    }
    let (strong, weak) = markers(t);
    let wrapper = strong || weak || (n <= 40 && has_size_counter(t));
    (wrapper, strong)
}

/// Removes wrapper text and `|` residue; `None` when there is none.
pub fn remove(text: &str) -> Option<StepOutput> {
    remove_with(text, None, None)
}

/// [`remove`], told by the caller's scan whether the text holds a trailer at all, and given
/// what the pdf step's line walk saw of its `|` when that step changed nothing.
pub(crate) fn remove_with(
    text: &str,
    trailer: Option<bool>,
    pipes: Option<&PipeLines>,
) -> Option<StepOutput> {
    let mut ranges: Vec<(usize, usize, Code, &'static str)> = Vec::new();
    // Header: the block of wrapper lines at the top (at most 25), holding a strong marker.
    let mut head_end = 0;
    let mut end = 0;
    let mut strong = false;
    for line in text.split_inclusive('\n').take(25) {
        let (w, st) = header_line(line);
        if !w {
            break;
        }
        strong |= st;
        end += line.len();
    }
    if strong {
        // The report itself must follow: a line that is not wrapper text.
        let rest = text.get(end..).unwrap_or_default();
        let report_follows = rest
            .split_inclusive('\n')
            .any(|l| !header_line(l).0 && visible_len(l) >= 10);
        if !report_follows {
            return remove_tail_and_pipes(text, Vec::new(), 0, trailer, pipes);
        }
        head_end = end;
        ranges.push((0, end, Code::BoilerplateRemoved, "document-library header"));
    }
    remove_tail_and_pipes(text, ranges, head_end, trailer, pipes)
}

/// True when `body` holds one of the [`TRAILERS`]: three searches instead of five (three of
/// them start with 相关).
pub(crate) fn has_trailer(body: &str) -> bool {
    let b = body.as_bytes();
    memchr::memmem::find_iter(b, "相关".as_bytes()).any(|i| {
        let rest = b.get(i..).unwrap_or_default();
        TRAILERS.iter().any(|m| rest.starts_with(m.as_bytes()))
    }) || TRAILERS
        .iter()
        .filter(|m| !m.starts_with("相关"))
        .any(|m| memchr::memmem::find(b, m.as_bytes()).is_some())
}

fn remove_tail_and_pipes(
    text: &str,
    mut ranges: Vec<(usize, usize, Code, &'static str)>,
    head_end: usize,
    trailer: Option<bool>,
    pipes: Option<&PipeLines>,
) -> Option<StepOutput> {
    // Trailer.
    // Only where every line after it is short (a list of titles), so no position rule that a
    // second pass could judge differently.
    let body = text.get(head_end..).unwrap_or_default();
    // A trailer in the body is one in the whole text: the scan's `false` settles it.
    let has_trailer = trailer != Some(false) && has_trailer(body);
    let lines: Vec<&str> = if has_trailer {
        body.split_inclusive('\n').collect()
    } else {
        Vec::new()
    };
    let mut short_after = vec![true; lines.len() + 1];
    for k in (0..lines.len()).rev() {
        let short = lines.get(k).is_some_and(|l| visible_len(l) <= 60);
        let rest = short_after.get(k + 1).copied().unwrap_or(true);
        if let Some(x) = short_after.get_mut(k) {
            *x = short && rest;
        }
    }
    let mut start = head_end;
    for (no, line) in lines.iter().enumerate() {
        let here = start;
        start += line.len();
        if !short_after.get(no + 1).copied().unwrap_or(true) {
            continue;
        }
        let t: &str = &visible(line);
        if TRAILERS
            .iter()
            .any(|m| t == *m || t.starts_with(m) && visible_len(t) <= 8)
        {
            // Only after some report text: a line that is not wrapper text.
            let before = text.get(head_end..here).unwrap_or_default();
            if !before
                .split_inclusive('\n')
                .any(|l| !header_line(l).0 && visible_len(l) >= 10)
            {
                break;
            }
            // Wrapper lines just before it (下载后继续阅读, 当前文档共19页) go with it.
            let mut from = here;
            let head = text.get(..here).unwrap_or_default();
            for prev in head.split_inclusive('\n').rev().take(10) {
                let (_, strong) = header_line(prev);
                if !(strong || visible_len(prev) == 0) || from - prev.len() < head_end {
                    break;
                }
                from -= prev.len();
            }
            ranges.push((
                from,
                text.len(),
                Code::BoilerplateRemoved,
                "related-articles trailer",
            ));
            break;
        }
    }
    // Pipe residue.
    let b = text.as_bytes();
    let has_pipe = match pipes {
        Some(p) => p.has_pipe,
        None => memchr::memchr(b'|', b).is_some(),
    };
    if !has_pipe {
        return finish(text, ranges);
    }
    // Maximal runs of at least ten `|`, in order.
    let runs = long_pipe_runs(b);
    let mut run = 0;
    if let Some(p) = pipes {
        // The lines the pdf step's walk kept (their first `|` may start a residue line) and
        // the lines of the long runs, in order, each once: the lines the walk below visits
        // and can remove something from (it also visits table rows, which it leaves).
        let line_of = |s: usize| {
            let here = crate::line_start(b, s);
            let end = b
                .get(s..)
                .and_then(|r| memchr::memchr(b'\n', r))
                .map_or(text.len(), |k| s + k + 1);
            (here, end)
        };
        let (mut li, mut ri) = (0, 0);
        let mut last = None;
        loop {
            let a = p.lines.get(li).copied();
            let r = runs.get(ri).map(|&(s, _)| line_of(s));
            let (here, end) = match (a, r) {
                (Some(a), Some(r)) if r.0 < a.0 => {
                    ri += 1;
                    r
                }
                (Some(a), _) => {
                    li += 1;
                    a
                }
                (None, Some(r)) => {
                    ri += 1;
                    r
                }
                (None, None) => break,
            };
            if last == Some(here) {
                continue;
            }
            last = Some(here);
            visit_pipe_line(text, &runs, &mut run, &mut ranges, here, end);
        }
        return finish(text, ranges);
    }
    // Only lines holding a `|` can hold residue: visit those (found with memchr), each once.
    let mut from = 0;
    // A table row starts with its `|`: seen without a search.
    let next_pipe = |r: &[u8]| match r.first() {
        Some(b'|') => Some(0),
        _ => memchr::memchr(b'|', r),
    };
    while let Some(p) = b.get(from..).and_then(next_pipe) {
        let at = from + p;
        let end = b
            .get(at..)
            .and_then(|r| memchr::memchr(b'\n', r))
            .map_or(text.len(), |k| at + k + 1);
        from = end;
        // A table row (`| 规章 | 0 |`): nothing to do on its line unless a long run is there.
        if runs.get(run).is_none_or(|r| r.0 >= end) && !may_be_pipe_only(text, at) {
            continue;
        }
        let here = crate::line_start(b, at);
        visit_pipe_line(text, &runs, &mut run, &mut ranges, here, end);
    }
    finish(text, ranges)
}

/// The `|` residue of the line `here..end` (after its `\n`) of `text`: the whole line when it
/// is made of `|` and spaces only (and not a row of blank cells in a table), else its runs of
/// ten or more `|` (`runs`, from `run` on, which it moves past the line).
fn visit_pipe_line(
    text: &str,
    runs: &[(usize, usize)],
    run: &mut usize,
    ranges: &mut Vec<(usize, usize, Code, &'static str)>,
    here: usize,
    end: usize,
) {
    let line = text.get(here..end).unwrap_or_default();
    let t = line.trim();
    if is_pipe_only(t) && !(has_blank_cells(t) && in_table(text, here, end)) {
        ranges.push((here, end, Code::BoilerplateRemoved, "'|' residue line"));
        return;
    }
    // Runs of ten or more `|` (found once for the whole text; a run never crosses a line).
    while runs.get(*run).is_some_and(|r| r.0 < here) {
        *run += 1;
    }
    while let Some(&(s, e)) = runs.get(*run).filter(|r| r.1 <= end) {
        ranges.push((s, e, Code::BoilerplateRemoved, "'|' residue"));
        *run += 1;
    }
}

/// What the pdf step's line walk saw of the `|` of a text, for this step when the pdf step
/// changed nothing (see [`PipeWalk`]).
#[derive(Debug, Default)]
pub(crate) struct PipeLines {
    /// Whether the text holds a `|`.
    pub(crate) has_pipe: bool,
    /// The lines (start, end after the `\n`) whose first `|` [`may_be_pipe_only`], in order.
    pub(crate) lines: Vec<(usize, usize)>,
}

/// Collects [`PipeLines`] while a caller walks every line of a text in order. Table rows
/// start with their `|`; a search for the next `|` is made only at a line after the last
/// one found that does not start with one (once per table and at the text's start).
pub(crate) struct PipeWalk {
    /// The first `|` at or after the start of some earlier line (or the text's length).
    next: usize,
    out: PipeLines,
}

impl PipeWalk {
    /// A walk over `text` (one search for its first `|`).
    pub(crate) fn new(text: &str) -> PipeWalk {
        let b = text.as_bytes();
        let next = memchr::memchr(b'|', b).unwrap_or(b.len());
        PipeWalk {
            next,
            out: PipeLines {
                has_pipe: next < b.len(),
                lines: Vec::new(),
            },
        }
    }

    /// Sees the line `start..end` (after its `\n`) of `text`; lines come in order, each once.
    #[inline]
    pub(crate) fn line(&mut self, text: &str, start: usize, end: usize) {
        // No `|` from an earlier line's start up to this line's end.
        if self.next >= end {
            return;
        }
        let b = text.as_bytes();
        let at = if b.get(start) == Some(&b'|') {
            start
        } else {
            if self.next < start {
                self.next = b
                    .get(start..)
                    .and_then(|r| memchr::memchr(b'|', r))
                    .map_or(b.len(), |k| start + k);
                if self.next >= end {
                    return;
                }
            }
            self.next
        };
        if may_be_pipe_only(text, at) {
            self.out.lines.push((start, end));
        }
    }

    /// Whether the text holds a `|` (without one, the walk sees nothing).
    pub(crate) fn has_pipe(&self) -> bool {
        self.out.has_pipe
    }

    /// What the walk saw.
    pub(crate) fn finish(self) -> PipeLines {
        self.out
    }
}

/// The maximal runs of ten or more `|` of `b`, in order.
fn long_pipe_runs(b: &[u8]) -> Vec<(usize, usize)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    // Found from each pair `||` (a table row has none; a search for ten `|` tests every
    // `|` of the rows): the first pair of a run is its start, the later pairs inside it are
    // passed. The searcher is built once (building one costs as much as searching a report).
    static TWO: std::sync::OnceLock<memchr::memmem::Finder<'static>> = std::sync::OnceLock::new();
    let two = TWO.get_or_init(|| memchr::memmem::Finder::new(b"||"));
    // Searched from the first `|` to the last (tables lie between prose).
    let (Some(first), Some(last)) = (memchr::memchr(b'|', b), memchr::memrchr(b'|', b)) else {
        return runs;
    };
    let span = b.get(first..=last).unwrap_or_default();
    let mut seen = 0;
    for s in two.find_iter(span).map(|s| s + first) {
        if s < seen {
            continue;
        }
        let n = b
            .get(s..)
            .map_or(0, |r| r.iter().take_while(|&&c| c == b'|').count());
        seen = s + n;
        if n >= 10 {
            runs.push((s, s + n));
        }
    }
    runs
}

/// [`long_pipe_runs`] as first written: a search for ten `|` (the oracle of the pairs).
#[cfg(test)]
fn long_pipe_runs_by_ten(b: &[u8]) -> Vec<(usize, usize)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for s in memchr::memmem::find_iter(b, b"||||||||||") {
        if runs.last().is_some_and(|r| s < r.1) {
            continue;
        }
        let n = b
            .get(s..)
            .map_or(0, |r| r.iter().take_while(|&&c| c == b'|').count());
        runs.push((s, s + n));
    }
    runs
}

/// False when the line holding the `|` at `at` is surely not [`is_pipe_only`]: a visible
/// character other than `|` follows on that line after the `|` and spaces from `at`.
pub(crate) fn may_be_pipe_only(text: &str, at: usize) -> bool {
    let b = text.as_bytes();
    // Most calls: a table row's `|`, a space, then a Chinese character or an ASCII one.
    if let Some(&[b'|', b' ', c]) = b.get(at..at + 3) {
        if c >= 0xE4 {
            return false;
        }
        if c < 0x80 && c != b'|' && c != b' ' {
            return char::from(c).is_whitespace();
        }
    }
    pipe_only_general(b, at)
}

/// [`may_be_pipe_only`] without its fast path (also its oracle in the tests): past the run
/// of `|` and spaces at `at`, the line ends or goes on with white space.
fn pipe_only_general(b: &[u8], at: usize) -> bool {
    let k = at
        + b.get(at..).map_or(0, |r| {
            r.iter().take_while(|&&c| c == b'|' || c == b' ').count()
        });
    match b.get(k) {
        None => true,
        // `char::is_whitespace`, as `trim` (it counts U+000B, which ASCII white space does not).
        Some(&c) if c < 0x80 => char::from(c).is_whitespace(),
        // White space has a lead byte below 0xE4 (most lines go on with a Chinese character).
        Some(&c) if c >= 0xE4 => false,
        Some(_) => crate::char_at(b, k).is_none_or(|(c, _)| c.is_whitespace()),
    }
}

/// A line made only of `|` and spaces, with at least two `|`.
fn is_pipe_only(t: &str) -> bool {
    !t.is_empty() && t.chars().all(|c| c == '|' || c == ' ') && t.matches('|').count() >= 2
}

/// `|` separated by spaces somewhere (`| | |`): a row of blank cells, not a pure run.
fn has_blank_cells(t: &str) -> bool {
    t.trim_matches(|c| c == '|').contains(' ') || t.contains("| |")
}

/// A table row with content: a `|` outside residue runs and some other visible character.
fn is_content_row(t: &str) -> bool {
    let b = t.as_bytes();
    let mut k = 0;
    let mut short_run = false;
    while let Some(p) = b.get(k..).and_then(|s| memchr::memchr(b'|', s)) {
        let s = k + p;
        let n = b
            .get(s..)
            .map_or(0, |r| r.iter().take_while(|&&x| x == b'|').count());
        short_run |= n < 10;
        k = s + n.max(1);
    }
    short_run && visible_len(t) > 0
}

/// Whether the line `here..end` of `text` sits inside a table: its nearest non-empty line above
/// or below is a table row with content (scanning a bounded number of lines, passing other
/// blank-cell rows).
fn in_table(text: &str, here: usize, end: usize) -> bool {
    let near = |it: &mut dyn Iterator<Item = &str>| {
        for l in it.take(50) {
            let t = l.trim();
            if t.is_empty() || (is_pipe_only(t) && has_blank_cells(t)) {
                continue;
            }
            return is_content_row(t);
        }
        false
    };
    let before = text.get(..here).unwrap_or_default();
    let after = text.get(end..).unwrap_or_default();
    near(&mut before.split_inclusive('\n').rev()) || near(&mut after.split_inclusive('\n'))
}

fn finish(text: &str, mut ranges: Vec<(usize, usize, Code, &'static str)>) -> Option<StepOutput> {
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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(crate::fast_path_cases()))]
        /// Runs found from pairs are the runs found by a search for ten.
        #[test]
        fn long_runs_from_pairs_are_the_oracle_s(t in "[|||| a一\n]{0,200}") {
            proptest::prop_assert_eq!(long_pipe_runs(t.as_bytes()), long_pipe_runs_by_ten(t.as_bytes()));
        }

        /// Likewise on lines of table rows, residue lines, rows of blank cells and long runs.
        #[test]
        fn pipe_lines_of_the_pdf_walk_change_nothing_on_rows(
            picks in proptest::collection::vec(0usize..12, 0..30),
            last_newline in proptest::prelude::any::<bool>(),
        ) {
            let pool = [
                "| 规章 | 0 | 0 | 6 |", "| | | |", "||||||||||||", "标题 ||||||||||||",
                "  | |  ", "", "正文。", "a | b", "|", "\u{3000}|| |\t", "合计 | 1 | 2 |",
                "| 甲 ||||||||||| 乙 |",
            ];
            let mut t = picks.iter().filter_map(|&k| pool.get(k).copied()).collect::<Vec<_>>().join("\n");
            if last_newline {
                t.push('\n');
            }
            let mut pipes = PipeLines::default();
            let _ = crate::pdf::clean_with(&t, None, Some(&mut pipes));
            let got = remove_with(&t, None, Some(&pipes));
            let want = remove_with(&t, None, None);
            proptest::prop_assert_eq!(
                got.map(|o| (o.text, o.map, o.diagnostics)),
                want.map(|o| (o.text, o.map, o.diagnostics))
            );
        }

        /// What the pdf step's walk saw of the `|` gives the same removals as this step's
        /// own walk (the oracle).
        #[test]
        fn pipe_lines_of_the_pdf_walk_change_nothing(
            t in "(\\||\\|\\|\\|\\|\\|\\|\\|\\|\\|\\|| |a|一|\n|\t|\u{3000}|相关文章|文库|下载){0,80}"
        ) {
            let mut pipes = PipeLines { has_pipe: false, lines: vec![(1, 2)] };
            // `clean_with` writes them whether or not it removes anything.
            let _ = crate::pdf::clean_with(&t, None, Some(&mut pipes));
            proptest::prop_assert_eq!(pipes.has_pipe, t.contains('|'));
            let got = remove_with(&t, None, Some(&pipes));
            let want = remove_with(&t, None, None);
            proptest::prop_assert_eq!(
                got.map(|o| (o.text, o.map, o.diagnostics)),
                want.map(|o| (o.text, o.map, o.diagnostics))
            );
        }
    }

    /// [`may_be_pipe_only`] without its fast path (the oracle).
    fn may_be_pipe_only_oracle(text: &str, at: usize) -> bool {
        super::pipe_only_general(text.as_bytes(), at)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(crate::fast_path_cases()))]
        /// The byte count of visible characters is the character count (capped).
        #[test]
        fn visible_len_upto_is_the_char_count(
            t in "[ a|\t\n\u{b}\u{3000}\u{a0}\u{85}\u{ad}\u{200b}\u{200d}\u{2060}\u{feff}\u{2003}\u{1680}\u{ff01}é一\u{10000}]{0,70}",
            cap in 0usize..70,
        ) {
            let want = t.chars().filter(|&c| is_visible(c)).take(cap).count();
            proptest::prop_assert_eq!(visible_len_upto(&t, cap), want);
        }

        /// The fast path of `may_be_pipe_only` answers as the full test, from every `|`.
        #[test]
        fn may_be_pipe_only_is_the_oracle_s(t in "[| a一\t\u{b}\u{3000}\u{a0}\n]{0,12}") {
            for (at, _) in t.match_indices('|') {
                proptest::prop_assert_eq!(may_be_pipe_only(&t, at), may_be_pipe_only_oracle(&t, at));
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        #[test]
        fn size_counter_is_the_substring_test(t in "[MKB页1a 一]{0,12}") {
            let want = (t.contains("MB") || t.contains("KB") || t.contains("页"))
                && t.chars().any(|c| c.is_ascii_digit());
            proptest::prop_assert_eq!(has_size_counter(&t), want);
        }
    }

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
    fn marker_starts_are_listed() {
        for m in STRONG.iter().chain(WEAK) {
            assert!(m.chars().next().is_some_and(is_marker_start), "{m}");
        }
    }

    #[test]
    fn plain_report_untouched() {
        let text = "某区2021年政府信息公开工作年度报告\n一、总体情况\n本年度共收到申请12件。\n二、主动公开政府信息情况\n信息内容 | 本年制发件数 |\n规章 | 0 | 0 |\n";
        assert!(remove(text).is_none());
    }

    #[test]
    fn pipe_residue() {
        let text = "| | | |\n标题 ||||||||||||||||||||\n||||||\n规章 | 0 ||| 3 |\n正文。\n| | |\n";
        let out = remove(text).unwrap();
        assert_eq!(out.text, "标题 \n规章 | 0 ||| 3 |\n正文。\n");
        assert_eq!(out.diagnostics.len(), 4);
    }

    #[test]
    fn blank_table_row_kept() {
        let text = "表头 | 甲 | 乙 |\n| | | |\n\n| | | |\n合计 | 1 | 2 |\n";
        assert!(remove(text).is_none());
        // A residue line after a row whose only `|` are a long run is still removed.
        let text = "标题 ||||||||||||\n| | | |\n正文。\n";
        assert_eq!(remove(text).unwrap().text, "标题 \n正文。\n");
    }
}
