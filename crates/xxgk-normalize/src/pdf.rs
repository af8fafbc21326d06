//! PDF extraction artefacts: page markers, running headers, spaces inside words and numbers.
//!
//! [`clean`] removes
//! - inline page markers standing between spaces or line ends: `—1—`, `— 10 —`, `－3－`
//!   (dash forms with an optional space), `-3-` (ASCII hyphens only without inner spaces, or
//!   alone on a line, since `- 3 -` is also how flattened tables print empty cells around a 3),
//!   `第3页`, `第 3 页`, `第3页 共19页`, `共19页 第3页`;
//! - bare page numbers alone on a line, when at least two of them count up one by one, at
//!   least 15 lines apart, never 0, and neither the previous nor the next non-empty line is numeric
//!   (numbers, blank marks and spaces only: `pdftotext` prints each table cell alone on a line);
//! - running headers and footers: a line of 10 or more characters that occurs three or more
//!   times, each time at least 10 lines after the previous (later occurrences are removed).
//!
//! [`join_spaces`] removes the spaces that text extraction inserts:
//! - between a number and 年/月/日/件/个/次/条/项/家/号/万/元/% (`2021 年` → `2021年`), and
//!   between 年/月 and the number of a date (`2021 年 1 月 1 日` → `2021年1月1日`);
//! - between two Han characters when one side is a long run (15 characters or more: a line that
//!   was wrapped, `中华人民共和 国政府` → `中华人民共和国政府`) or holds sentence punctuation
//!   (prose), or one side is a single character (`其 他`, `总 计`), or the line is a `|`-separated
//!   table row (cells are delimited by `|`); and the right side does not start a heading (`一、`,
//!   `第…`). Other short runs without punctuation on both sides (`本年新 制作数量`, cells of a
//!   flattened table) are kept.
//!
//! Two numbers are never joined (`15 643` may be two table cells).
//!
//! ```
//! let out = xxgk_normalize::pdf::clean("力度, —1— 提高水平").unwrap();
//! assert_eq!(out.text, "力度, 提高水平");
//! let out = xxgk_normalize::pdf::join_spaces("统计期限自 2021 年 1 月 1 日起").unwrap();
//! assert_eq!(out.text, "统计期限自 2021年1月1日起");
//! ```

use crate::fxhash::FxHashSet;
use crate::map::MapBuilder;
use crate::StepOutput;
use xxgk_model::{Code, Diagnostic, Span};

fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '―' | '－' | '-' | '‐' | '‑')
}

fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{3000}' | '\u{A0}' | '|')
}

/// Removes `ranges` (sorted, non-overlapping) with a diagnostic each.
pub(crate) fn remove_ranges(
    text: &str,
    mut ranges: Vec<(usize, usize, Code, &'static str)>,
) -> Option<StepOutput> {
    if ranges.is_empty() {
        return None;
    }
    ranges.sort_by_key(|r| r.0);
    let mut b = MapBuilder::new(text);
    let mut diagnostics = Vec::new();
    for (s, e, code, what) in ranges {
        if s < b.source_pos() || e <= s || text.get(s..e).is_none() {
            continue;
        }
        b.keep(b.source_pos()..s);
        b.delete(s..e);
        let shown: String = text
            .get(s..e)
            .unwrap_or_default()
            .chars()
            .take(40)
            .collect();
        diagnostics.push(
            Diagnostic::new(code, format!("{what} removed: {:?}", shown.trim()))
                .with_span(Span::new(s, e)),
        );
    }
    if diagnostics.is_empty() {
        return None;
    }
    let (t, map) = b.finish();
    Some(StepOutput {
        text: t,
        map,
        diagnostics,
    })
}

/// Parses digits (ASCII or full-width) at `i`; returns (value, end).
fn digits(text: &str, i: usize, max: usize) -> Option<(u32, usize)> {
    let s = text.get(i..)?;
    let mut v: u32 = 0;
    let mut n = 0;
    let mut end = i;
    for c in s.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => break,
        };
        n += 1;
        if n > max {
            return None;
        }
        v = v * 10 + d;
        end += c.len_utf8();
    }
    (n > 0).then_some((v, end))
}

fn skip_spaces(text: &str, i: usize, max: usize) -> usize {
    let n = text.get(i..).map_or(0, |s| {
        s.bytes().take(max).take_while(|&b| b == b' ').count()
    });
    i + n
}

fn boundary_before(text: &str, i: usize) -> bool {
    text.get(..i)
        .and_then(|s| s.chars().next_back())
        .is_none_or(is_ws)
}

fn boundary_after(text: &str, i: usize) -> bool {
    text.get(i..)
        .and_then(|s| s.chars().next())
        .is_none_or(is_ws)
}

fn line_alone(text: &str, s: usize, e: usize) -> bool {
    // Only whitespace between the range and the line ends (scanning whitespace only, so this is
    // bounded by the spaces around the range, not the line length).
    let before = text.get(..s).unwrap_or_default();
    let after = text.get(e..).unwrap_or_default();
    let left = before
        .chars()
        .rev()
        .find(|&c| c == '\n' || !c.is_whitespace())
        .is_none_or(|c| c == '\n');
    let right = after
        .chars()
        .find(|&c| c == '\n' || !c.is_whitespace())
        .is_none_or(|c| c == '\n');
    left && right
}

/// Whether the nearest non-empty line before or after the line holding `s..e` is numeric (see
/// [`is_numeric_line`]): `- 10 -` among table cells is a flattened row (empty cells around 10),
/// not a page marker. Looks at most 256 bytes each way.
fn numeric_neighbour(text: &str, s: usize, e: usize) -> bool {
    let numeric = |l: &str| {
        let t = l.trim();
        !t.is_empty() && is_numeric_line(t)
    };
    let before = text.get(..s).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    let mut from = line_start.saturating_sub(256);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let above = text.get(from..line_start).unwrap_or_default();
    let up = above
        .trim_end()
        .rsplit('\n')
        .next()
        .filter(|_| from == 0 || above.trim_end().contains('\n'))
        .is_some_and(numeric);
    let after = text.get(e..).unwrap_or_default();
    let line_end = after.find('\n').map_or(text.len(), |p| e + p + 1);
    let mut to = (line_end + 256).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let below = text.get(line_end..to).unwrap_or_default().trim_start();
    let down = below
        .split('\n')
        .next()
        .filter(|_| to == text.len() || below.contains('\n'))
        .is_some_and(numeric);
    up || down
}

/// A dash page marker starting at `i`: returns its end, its number, and whether it is
/// ambiguous (`- 10 -`, `— 10 —` or `—10—` alone on a line next to a numeric line, which may be a
/// flattened table row with blank cells around 10).
fn dash_marker(text: &str, i: usize) -> Option<(usize, u32, bool)> {
    let s = text.get(i..)?;
    let mut it = s.char_indices().peekable();
    let (_, d0) = it.next()?;
    if !is_dash(d0) {
        return None;
    }
    let ascii = d0 == '-';
    let mut j = i + d0.len_utf8();
    if let Some(c) = text.get(j..)?.chars().next().filter(|&c| c == d0) {
        j += c.len_utf8();
    }
    let j0 = j;
    j = skip_spaces(text, j, 1);
    let inner_space = j != j0;
    let (value, after_num) = digits(text, j, 3)?;
    let mut k = skip_spaces(text, after_num, 1);
    let inner_space = inner_space || k != after_num;
    let d1 = text.get(k..)?.chars().next()?;
    if !is_dash(d1) || (d1 == '-') != ascii {
        return None;
    }
    k += d1.len_utf8();
    if let Some(c) = text.get(k..)?.chars().next().filter(|&c| c == d1) {
        k += c.len_utf8();
    }
    if !boundary_before(text, i) || !boundary_after(text, k) {
        return None;
    }
    if ascii && inner_space && !line_alone(text, i, k) {
        return None;
    }
    let unsure = line_alone(text, i, k) && numeric_neighbour(text, i, k);
    Some((k, value, unsure))
}

/// `第3页`, `第 3 页`, optionally followed by `共19页`; or `共19页 第3页`.
fn page_of(text: &str, i: usize) -> Option<usize> {
    fn one(text: &str, i: usize, first: &str) -> Option<usize> {
        let j = i + first.len();
        if text.get(i..j)? != first {
            return None;
        }
        let j = skip_spaces(text, j, 2);
        let (_, j) = digits(text, j, 4)?;
        let j = skip_spaces(text, j, 2);
        (text.get(j..j + 3)? == "页").then_some(j + 3)
    }
    if !boundary_before(text, i) {
        return None;
    }
    let end = if let Some(e) = one(text, i, "第") {
        let k = skip_spaces(text, e, 3);
        one(text, k, "共").unwrap_or(e)
    } else {
        let e = one(text, i, "共")?;
        let k = skip_spaces(text, e, 3);
        one(text, k, "第")?
    };
    boundary_after(text, end).then_some(end)
}

/// Extends a removal over its whole line when it stands alone there, else over one adjacent
/// space so that no double space is left.
fn with_space(text: &str, s: usize, e: usize) -> (usize, usize) {
    if line_alone(text, s, e) {
        let lb = text
            .get(..s)
            .and_then(|t| t.rfind('\n'))
            .map_or(0, |k| k + 1);
        let le = text
            .get(e..)
            .and_then(|t| t.find('\n'))
            .map_or(text.len(), |k| e + k + 1);
        return (lb, le);
    }
    if text.get(e..e + 1) == Some(" ") {
        (s, e + 1)
    } else if s > 0 && text.get(s - 1..s) == Some(" ") {
        (s - 1, e)
    } else {
        (s, e)
    }
}

/// A hash of a line from its length and its first and last eight bytes (cheap on every line
/// of a long text; equal hashes are compared in full).
fn line_hash(t: &str) -> u64 {
    let b = t.as_bytes();
    let word = |k: usize| {
        b.get(k..k + 8)
            .and_then(|c| <[u8; 8]>::try_from(c).ok())
            .map_or(0, u64::from_le_bytes)
    };
    let k = 0x9E37_79B9_7F4A_7C15u64;
    ((b.len() as u64).wrapping_mul(k) ^ word(0))
        .wrapping_mul(k)
        .rotate_left(29)
        ^ word(b.len().saturating_sub(8))
}

/// Removes page markers, page-number lines and running headers; `None` when there are none.
pub fn clean(text: &str) -> Option<StepOutput> {
    clean_with(text, None, None)
}

/// The positions of every `-`, `‐`…`―`, `－`, `第` and `共` of `text`, in order.
pub(crate) fn marker_starts(text: &str) -> Vec<usize> {
    // Found with memchr: this step runs on every text.
    let bytes = text.as_bytes();
    let mut starts: Vec<usize> = memchr::memchr_iter(b'-', bytes).collect();
    // ‐ ‑ ‒ – — ― (U+2010–2015)
    starts.extend(
        memchr::memmem::find_iter(bytes, b"\xE2\x80")
            .filter(|&i| bytes.get(i + 2).is_some_and(|b| (0x90..=0x95).contains(b))),
    );
    // － (U+FF0D)
    starts.extend(memchr::memmem::find_iter(bytes, "－".as_bytes()));
    starts.extend(memchr::memmem::find_iter(bytes, "第".as_bytes()));
    starts.extend(memchr::memmem::find_iter(bytes, "共".as_bytes()));
    starts.sort_unstable();
    starts
}

/// [`clean`] with the positions of [`marker_starts`] when the caller's scan already found them.
/// With `pipes`, also writes there what this walk over the lines saw of the `|` (the
/// boilerplate step's residue walk, when this step changes nothing).
pub(crate) fn clean_with(
    text: &str,
    starts: Option<&[usize]>,
    pipes: Option<&mut crate::boilerplate::PipeLines>,
) -> Option<StepOutput> {
    let mut ranges: Vec<(usize, usize, Code, &'static str)> = Vec::new();
    // Inline markers: look at each dash and each 第/共.
    let found;
    let starts = match starts {
        Some(s) => s,
        None => {
            found = marker_starts(text);
            &found
        }
    };
    let mut done = 0;
    // Dash markers that may be flattened table rows: kept unless a neighbouring page number
    // (one less or one more) is a dash marker too.
    let mut ambiguous: Vec<(usize, usize, u32)> = Vec::new();
    let mut values: FxHashSet<u32> = FxHashSet::default();
    for &i in starts {
        if i < done {
            continue;
        }
        let found = dash_marker(text, i).or_else(|| page_of(text, i).map(|e| (e, 0, false)));
        if let Some((e, value, unsure)) = found {
            let (s2, e2) = with_space(text, i, e);
            values.insert(value);
            if unsure {
                ambiguous.push((s2, e2, value));
            } else {
                ranges.push((s2, e2, Code::PageMarkerRemoved, "page marker"));
            }
            done = e;
        }
    }
    for (s2, e2, v) in ambiguous {
        if v > 0 && (values.contains(&(v - 1)) || values.contains(&(v + 1))) {
            ranges.push((s2, e2, Code::PageMarkerRemoved, "page marker"));
        }
    }
    // One pass over the lines: bare numbers, and repeated lines (running headers); and, for
    // the boilerplate step, the lines with a `|` (only in a text that holds one: flattened
    // and layout renderings have none, and their many short lines pay nothing for it).
    let mut walk = None;
    if let Some(p) = pipes {
        let w = crate::boilerplate::PipeWalk::new(text);
        if w.has_pipe() {
            walk = Some((p, w));
        } else {
            *p = w.finish();
        }
    }
    let (lines, mut repeated) = match walk {
        Some((p, mut w)) => {
            let found = walk_lines(crate::scan::lines(text), &ranges, |s, e| w.line(text, s, e));
            *p = w.finish();
            found
        }
        // Renderings (no `|`) have many empty lines.
        None => walk_lines(crate::scan::lines_or_empty(text), &ranges, |_, _| {}),
    };
    // Running headers: lines of 10 to 80 characters occurring three or more times, each at
    // least 10 lines after the previous one (most lines occur once: a sort instead of a map
    // over every line; the characters are counted only for lines that repeat).
    keep_header_candidates(&mut repeated);
    let seen = running_headers(&mut repeated);
    // Page numbers: bare numbers whose neighbouring non-empty lines are not numeric (in
    // `pdftotext` output every table cell is a number alone on its line), far apart, counting
    // up by exactly one.
    let numeric = |k: usize| lines.get(k).is_some_and(|l| l.3);
    let cands: Vec<(usize, usize, u32, usize)> = lines
        .iter()
        .enumerate()
        .filter(|&(k, _)| (k == 0 || !numeric(k - 1)) && !numeric(k + 1))
        .filter_map(|(_, l)| l.4.filter(|&v| v > 0).map(|v| (l.0, l.1, v, l.2)))
        .collect();
    let mut accepted = vec![false; cands.len()];
    for k in 1..cands.len() {
        if let (Some(a), Some(b)) = (cands.get(k - 1), cands.get(k)) {
            if b.2 == a.2 + 1 && b.3 >= a.3 + PAGE_MIN_LINES {
                if let Some(x) = accepted.get_mut(k - 1) {
                    *x = true;
                }
                if let Some(x) = accepted.get_mut(k) {
                    *x = true;
                }
            }
        }
    }
    for (c, ok) in cands.iter().zip(accepted) {
        if ok {
            ranges.push((c.0, c.1, Code::PageMarkerRemoved, "page number line"));
        }
    }
    if !seen.is_empty() {
        let mut first_seen: FxHashSet<&str> = FxHashSet::default();
        let mut pos = 0;
        for line in crate::scan::lines(text) {
            let start = pos;
            pos += line.len();
            let t = line.trim();
            if seen.contains(t) && !first_seen.insert(t) {
                ranges.push((start, pos, Code::PageMarkerRemoved, "running header"));
            }
        }
    }
    // Drop overlaps (keep the earliest).
    ranges.sort_by_key(|r| (r.0, r.1));
    let mut out: Vec<(usize, usize, Code, &'static str)> = Vec::new();
    for r in ranges {
        match out.last() {
            Some(l) if r.0 < l.1 => {}
            _ => out.push(r),
        }
    }
    remove_ranges(text, out)
}

/// Non-empty lines of `text` (start, end, line number, numeric, value of a bare number of at
/// most 3 digits; a line of `ranges` counts as empty) and the lines that may be running headers
/// (hash, line number, trimmed line); `on_line` sees every line (start, end) in order.
type WalkedLines<'t> = (
    Vec<(usize, usize, usize, bool, Option<u32>)>,
    Vec<(u64, usize, &'t str)>,
);

/// The line walk of [`clean_with`] (see [`WalkedLines`]) over `text_lines`, the lines of the
/// text (`split_inclusive('\n')`).
#[inline(always)]
fn walk_lines<'t>(
    text_lines: impl Iterator<Item = &'t str>,
    ranges: &[(usize, usize, Code, &'static str)],
    mut on_line: impl FnMut(usize, usize),
) -> WalkedLines<'t> {
    // Non-empty lines: start, end, line no, numeric (numbers, blank marks and spaces only),
    // value when it is a bare number of at most 3 digits.
    // (Both sized for a report, so that they rarely grow.)
    let mut lines: Vec<(usize, usize, usize, bool, Option<u32>)> = Vec::with_capacity(32);
    // Lines that may be running headers: (hash, line number, line).
    let mut repeated: Vec<(u64, usize, &str)> = Vec::with_capacity(64);
    let mut pos = 0;
    let mut marker = 0;
    for (no, line) in text_lines.enumerate() {
        let start = pos;
        pos += line.len();
        on_line(start, pos);
        let (t_at, t) = trim_line_at(line);
        if t.is_empty() {
            continue;
        }
        // A line that is a page marker found above counts as empty.
        if ranges.get(marker).is_some() {
            let t0 = start + t_at;
            while ranges.get(marker).is_some_and(|r| r.1 <= t0) {
                marker += 1;
            }
            if ranges
                .get(marker)
                .is_some_and(|r| r.0 <= t0 && r.1 >= t0 + t.len())
            {
                continue;
            }
        }
        if may_be_numeric(t) && is_numeric_line(t) {
            let v = digits(t, 0, 3)
                .filter(|&(_, e)| e == t.len())
                .map(|(v, _)| v);
            lines.push((start, pos, no, true, v));
            continue;
        }
        if lines.last().is_none_or(|l| l.3) {
            lines.push((start, pos, no, false, None));
        }
        if t.len() <= 12 {
            continue;
        }
        // A table row starts and ends with a `|`: seen without a search (most lines of this
        // length that hold one). The other tests (ASCII only, a `|` inside) are made below,
        // only when some hash occurs three times.
        let tb = t.as_bytes();
        if t.len() < 30 || t.len() > 320 || tb.first() == Some(&b'|') || tb.last() == Some(&b'|') {
            continue;
        }
        repeated.push((line_hash(t), no, t));
    }
    (lines, repeated)
}

/// The running headers among the candidate lines `repeated` (hash, line number, trimmed line):
/// lines of 10 to 80 characters occurring three or more times, each at least 10 lines after
/// the previous one.
fn running_headers<'t>(repeated: &mut [(u64, usize, &'t str)]) -> FxHashSet<&'t str> {
    repeated.sort_unstable_by(|a, b| (a.0, a.2, a.1).cmp(&(b.0, b.2, b.1)));
    repeated
        .chunk_by(|a, b| a.0 == b.0 && a.2 == b.2)
        .filter(|g| g.len() >= 3 && g.windows(2).all(|w| matches!(w, [a, b] if b.1 >= a.1 + 10)))
        .filter_map(|g| g.first().map(|x| x.2))
        .filter(|t| (10..=80).contains(&t.chars().count()))
        .collect()
}

/// Keeps lines of `repeated` (hash, line number, trimmed line) among which are all those that
/// may be running headers ([`running_headers`] finds the same among them as among the lines
/// [`keep_header_candidates_oracle`] keeps): none when no hash of them can occur three times,
/// else those whose hash can occur three times that are not ASCII only and hold no `|`.
///
/// Most texts have no hash three times: seen by counting hashes in 256 buckets (a line
/// repeated three times fills its bucket three times), without sorting. The lines of buckets
/// filled fewer than three times are dropped (their hash occurs fewer than three times), then
/// the others are tested (their tests cost a pass over each line): when no bucket of those
/// left is hit three times, none of a subset's is.
fn keep_header_candidates(repeated: &mut Vec<(u64, usize, &str)>) {
    let mut count = [0u8; 256];
    let mut full = false;
    for r in repeated.iter() {
        if let Some(c) = count.get_mut(bucket(r.0)) {
            *c = c.saturating_add(1);
            full |= *c >= 3;
        }
    }
    if !full {
        repeated.clear();
        return;
    }
    repeated.retain(|r| {
        count.get(bucket(r.0)).is_some_and(|&c| c >= 3)
            && !r.2.is_ascii()
            && memchr::memchr(b'|', r.2.as_bytes()).is_none()
    });
    if !thrice(repeated.iter().map(|r| r.0)) {
        repeated.clear();
    }
}

/// The bucket of 256 of a line hash (the top eight bits of it mixed).
#[inline(always)]
fn bucket(h: u64) -> usize {
    (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize
}

/// [`keep_header_candidates`] as first written: the line tests first, then the buckets (the
/// oracle).
#[cfg(test)]
fn keep_header_candidates_oracle(repeated: &mut Vec<(u64, usize, &str)>) {
    repeated.retain(|r| !r.2.is_ascii() && memchr::memchr(b'|', r.2.as_bytes()).is_none());
    if !thrice(repeated.iter().map(|r| r.0)) {
        repeated.clear();
    }
}

/// Whether some bucket of 256 (by a mix of the hash) receives three or more of `hashes`: true
/// whenever a hash occurs three times.
fn thrice(hashes: impl Iterator<Item = u64>) -> bool {
    let mut once = [0u64; 4];
    let mut twice = [0u64; 4];
    for h in hashes {
        // Bucket k, bit k % 64 of word k / 64.
        let k = bucket(h);
        let bit = 1u64 << (k % 64);
        let (Some(o), Some(t)) = (once.get_mut(k / 64), twice.get_mut(k / 64)) else {
            return true;
        };
        if *t & bit != 0 {
            return true;
        }
        if *o & bit != 0 {
            *t |= bit;
        } else {
            *o |= bit;
        }
    }
    false
}

/// Least number of lines from one page-number line to the next.
const PAGE_MIN_LINES: usize = 15;

/// `line.trim()`, without decoding when the line starts and ends with a character that is
/// surely not white space (almost every line).
#[cfg(test)]
fn trim_line(line: &str) -> &str {
    trim_line_at(line).1
}

/// [`trim_line`] and where it starts in `line` (`line.len() - line.trim_start().len()` when it
/// is not empty).
///
/// A line whose ends are not plain is passed over its ASCII spaces at either end a byte at a
/// time first (the indented lines of a layout rendering start with dozens): `trim` of what is
/// left is `trim` of the line, and most often its ends are then plain.
#[inline(always)]
fn trim_line_at(line: &str) -> (usize, &str) {
    let body = line.strip_suffix('\n').unwrap_or(line);
    if plain_ends(body.as_bytes()) {
        return (0, body);
    }
    let b = body.as_bytes();
    let mut s = 0;
    while b.get(s) == Some(&b' ') {
        s += 1;
    }
    let mut e = b.len();
    while e > s && b.get(e - 1) == Some(&b' ') {
        e -= 1;
    }
    let body = body.get(s..e).unwrap_or_default();
    if plain_ends(body.as_bytes()) {
        return (s, body);
    }
    let t = body.trim_start();
    (s + (body.len() - t.len()), t.trim_end())
}

/// Whether `b` starts and ends with a character that is surely not white space.
#[inline(always)]
fn plain_ends(b: &[u8]) -> bool {
    // White space (`char::is_whitespace`) is ASCII, two bytes from 0xC2 or three bytes (see
    // `space3`); no character of four bytes is.
    let first_plain = match *b {
        [c, ..] if c < 0x80 => !char::from(c).is_whitespace(),
        [l, c1, c2, ..] if (0xE0..0xF0).contains(&l) => !space3(l, c1, c2),
        [c, ..] => c >= 0xF0,
        [] => false,
    };
    let last_plain = match *b {
        [.., c] if c < 0x80 => !char::from(c).is_whitespace(),
        // A three-byte character.
        [.., l, c1, c2] if (0xE0..0xF0).contains(&l) && c1 & 0xC0 == 0x80 && c2 & 0xC0 == 0x80 => {
            !space3(l, c1, c2)
        }
        _ => false,
    };
    first_plain && last_plain
}

/// Whether the three-byte character `l c1 c2` is white space: U+1680, U+2000..=U+200A,
/// U+2028, U+2029, U+202F, U+205F or U+3000 (the test `fast_paths_agree_for_every_character`
/// checks every character).
#[inline(always)]
fn space3(l: u8, c1: u8, c2: u8) -> bool {
    matches!(
        (l, c1, c2),
        (0xE1, 0x9A, 0x80)
            | (0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF)
            | (0xE2, 0x81, 0x9F)
            | (0xE3, 0x80, 0x80)
    )
}

/// False when the first character of `t` cannot start a line that [`is_numeric_line`]
/// accepts: only these lead bytes (with the next two for 0xE3 and 0xEF) start a character of
/// its set (white space, `—`, `–`, `－`, `／`
/// included). Decides most lines, inline at the caller.
#[inline(always)]
fn may_be_numeric(t: &str) -> bool {
    match *t.as_bytes() {
        [] => true,
        [c, ..] if c < 0x80 => {
            c.is_ascii_digit() || matches!(c, b'\t'..=b'\r' | b' ' | b'.' | b'%' | b'-' | b'/')
        }
        // `\u{3000}` only (not `（`, `【`, `“`, which start many lines).
        [0xE3, b1, b2, ..] => b1 == 0x80 && b2 == 0x80,
        // `－` and `／` only (not `（`, which starts many headings).
        [0xEF, b1, b2, ..] => b1 == 0xBC && matches!(b2, 0x8D | 0x8F),
        [c, ..] => matches!(c, 0xC2 | 0xE1 | 0xE2),
    }
}

/// A line of numbers, blank marks (`—`, `-`, `/`) and spaces only: table cells.
#[inline]
fn is_numeric_line(t: &str) -> bool {
    // The first character decides most lines.
    if !may_be_numeric(t) {
        return false;
    }
    t.chars().all(|c| {
        c.is_ascii_digit()
            || c.is_whitespace()
            || matches!(c, '.' | '%' | '-' | '/' | '—' | '－' | '／' | '–')
    }) && t.chars().any(|c| c.is_ascii_digit() || !c.is_whitespace())
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}')
}

/// False when the character `s` starts with is surely not [`is_han`], seen from its first two
/// bytes (valid UTF-8): lead byte 0xE4 to 0xE9 (U+4000 to U+9FFF), 0xE3 with a second byte
/// from 0x90 (U+3400 up), 0xEF with 0xA4 to 0xAB (U+F900 to U+FAFF), or 0xF0 (U+10000 to
/// U+3FFFF).
#[inline]
fn may_be_han(s: &[u8]) -> bool {
    match *s {
        [0xE4..=0xE9, ..] | [0xF0, ..] => true,
        [0xE3, b1, ..] => b1 >= 0x90,
        [0xEF, b1, ..] => (0xA4..=0xAB).contains(&b1),
        _ => false,
    }
}

fn is_unit(c: char) -> bool {
    matches!(
        c,
        '年' | '月'
            | '日'
            | '件'
            | '个'
            | '次'
            | '条'
            | '项'
            | '家'
            | '号'
            | '万'
            | '元'
            | '%'
            | '％'
    )
}

fn is_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// True when the line around `at` is a `|`-separated table row: cells are delimited by `|`, so
/// a space between two Han characters inside a cell is a broken word.
fn in_pipe_row(text: &str, at: usize) -> bool {
    // Within 300 bytes on each side (pipe rows are short; bounded work per space). `|` and
    // `\n` are ASCII: a window edge inside a character changes nothing.
    let b = text.as_bytes();
    let left = b.get(at.saturating_sub(300)..at).unwrap_or_default();
    let right = b.get(at..(at + 300).min(b.len())).unwrap_or_default();
    // A `|` on each side before the line ends.
    memchr::memrchr2(b'|', b'\n', left).is_some_and(|p| left.get(p) == Some(&b'|'))
        && memchr::memchr2(b'|', b'\n', right).is_some_and(|p| right.get(p) == Some(&b'|'))
}

/// [`in_pipe_row`] on `str` lines (the oracle of the byte search).
#[cfg(test)]
fn in_pipe_row_str(text: &str, at: usize) -> bool {
    let mut lo = at.saturating_sub(300);
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    let mut hi = (at + 300).min(text.len());
    while !text.is_char_boundary(hi) {
        hi -= 1;
    }
    let left = text.get(lo..at).unwrap_or_default();
    let left = left.rsplit('\n').next().unwrap_or_default();
    let right = text.get(at..hi).unwrap_or_default();
    let right = right.split('\n').next().unwrap_or_default();
    left.contains('|') && right.contains('|')
}

#[cfg(test)]
fn is_prose_punct(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '、' | '；' | '：' | '“' | '”' | '？' | '！'
    )
}

/// What [`left_fits`] and [`right_fits`] see in the character whose bytes are `c`: white space
/// ([`is_ws`]: it ends a run), sentence punctuation ([`is_prose_punct`]) or neither; read from
/// the bytes, without decoding.
#[inline]
fn run_class(c: &[u8]) -> RunClass {
    match *c {
        [b' ' | b'\t' | b'\n' | b'\r' | b'|'] | [0xE3, 0x80, 0x80] | [0xC2, 0xA0] => RunClass::Ws,
        // 、 。
        [0xE3, 0x80, 0x81 | 0x82]
        // “ ”
        | [0xE2, 0x80, 0x9C | 0x9D]
        // ！ ， ： ； ？
        | [0xEF, 0xBC, 0x81 | 0x8C | 0x9A | 0x9B | 0x9F] => RunClass::Punct,
        _ => RunClass::Other,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RunClass {
    Ws,
    Punct,
    Other,
}

/// The byte length of the UTF-8 character whose lead byte is `b0`.
#[inline]
fn utf8_len(b0: u8) -> usize {
    match b0 {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// Whether a run of non-space characters lets a space beside it go: 15 characters or more (a
/// wrapped line), exactly one (`其 他`), or sentence punctuation among its first 40 (prose, not
/// a table cell).
#[inline]
fn run_fits(n: usize, punct: bool) -> bool {
    n >= 15 || n == 1 || punct
}

/// [`run_fits`] of the run of non-space characters ending at `end` (a character boundary of
/// `text`), read back from `end` on the bytes; stops as soon as the answer is known.
fn left_fits(text: &str, end: usize) -> bool {
    let b = text.as_bytes();
    let mut n = 0;
    let mut j = end.min(b.len());
    while j > 0 {
        // A three-byte character with lead byte 0xE4..=0xE9 (U+4000..U+9FFF, most Han
        // characters) is neither white space nor punctuation: counted without its class (the
        // words of a flattened table are runs of them).
        if j >= 3 && b.get(j - 3).is_some_and(|c| (0xE4..=0xE9).contains(c)) {
            n += 1;
            if n >= 15 {
                return true;
            }
            j -= 3;
            continue;
        }
        // A space ends most runs.
        if b.get(j - 1) == Some(&b' ') {
            break;
        }
        // The lead byte of the character ending at `j`: an ASCII byte, the lead byte of a
        // three-byte character three bytes back (most of a Chinese text), or found by walking
        // back over continuation bytes.
        let mut k = j - 1;
        if b.get(k).is_some_and(|&c| c >= 0x80) {
            if j >= 3 && b.get(j - 3).is_some_and(|&c| c & 0xF0 == 0xE0) {
                k = j - 3;
            } else {
                while k > 0 && b.get(k).is_some_and(|&c| c & 0xC0 == 0x80) {
                    k -= 1;
                }
            }
        }
        match run_class(b.get(k..j).unwrap_or_default()) {
            RunClass::Ws => break,
            RunClass::Punct => return true,
            RunClass::Other => {}
        }
        n += 1;
        if n >= 15 {
            return true;
        }
        j = k;
    }
    run_fits(n, false)
}

/// Like [`left_fits`], for the run starting at `start`.
fn right_fits(text: &str, start: usize) -> bool {
    let b = text.as_bytes();
    let mut n = 0;
    let mut i = start;
    while let Some(&b0) = b.get(i) {
        // As in `left_fits`: most Han characters are counted on their lead byte.
        if (0xE4..=0xE9).contains(&b0) {
            n += 1;
            if n >= 15 {
                return true;
            }
            i += 3;
            continue;
        }
        if b0 == b' ' {
            break;
        }
        let len = utf8_len(b0);
        match run_class(b.get(i..i + len).unwrap_or_default()) {
            RunClass::Ws => break,
            RunClass::Punct => return true,
            RunClass::Other => {}
        }
        n += 1;
        if n >= 15 {
            return true;
        }
        i += len;
    }
    run_fits(n, false)
}

/// The run of non-space characters ending at `end` (at most 40 looked at): its length in
/// characters and whether it holds sentence punctuation, on characters (the oracle of
/// [`left_fits`]).
#[cfg(test)]
fn run_left_chars(text: &str, end: usize) -> (usize, bool) {
    text.get(..end).map_or((0, false), |s| {
        s.chars()
            .rev()
            .take(40)
            .take_while(|&c| !is_ws(c))
            .fold((0, false), |(n, p), c| (n + 1, p || is_prose_punct(c)))
    })
}

/// Like [`run_left_chars`], for the run starting at `start` (the oracle of [`right_fits`]).
#[cfg(test)]
fn run_right_chars(text: &str, start: usize) -> (usize, bool) {
    text.get(start..).map_or((0, false), |s| {
        s.chars()
            .take(40)
            .take_while(|&c| !is_ws(c))
            .fold((0, false), |(n, p), c| (n + 1, p || is_prose_punct(c)))
    })
}

fn starts_heading(text: &str, at: usize) -> bool {
    let mut it = text.get(at..).unwrap_or_default().chars();
    match (it.next(), it.next(), it.next()) {
        (Some(a), Some(b), _) if is_numeral(a) && matches!(b, '、' | '是') => true,
        (Some(a), Some(b), Some(c)) if is_numeral(a) && is_numeral(b) && c == '、' => true,
        (Some('第'), _, _) => true,
        _ => false,
    }
}

/// Date digits then `unit`: from `i`, digits, optional space, then `unit`.
fn digits_then(text: &str, i: usize, unit: char) -> bool {
    let Some((_, j)) = digits(text, i, 2) else {
        return false;
    };
    let j = skip_spaces(text, j, 1);
    text.get(j..).and_then(|s| s.chars().next()) == Some(unit)
}

/// Removes spaces inside words and between numbers and their units; `None` when there are none.
pub fn join_spaces(text: &str) -> Option<StepOutput> {
    // Joining makes runs longer, which can make a neighbouring space joinable: decide again on
    // the result until nothing changes (at most eight rounds), so that the step is idempotent.
    // Every decision looks at the space's own line only (runs, `|` rows, dates and headings
    // stop at a line end), so a later round redoes only the lines the previous one changed,
    // each on its own (`line_rounds`); the first round decides on the whole text.
    let first = decide_spaces(text);
    if first.is_empty() {
        return None;
    }
    let bytes = text.as_bytes();
    let mut all: Vec<(usize, usize)> = Vec::with_capacity(first.len());
    let mut k = 0;
    while let Some(&(s0, _)) = first.get(k) {
        let ls = crate::line_start(bytes, s0);
        let le = bytes
            .get(s0..)
            .and_then(|t| memchr::memchr(b'\n', t))
            .map_or(bytes.len(), |p| s0 + p);
        let m = k + first
            .get(k..)
            .unwrap_or_default()
            .iter()
            .take_while(|r| r.0 < le)
            .count();
        let line_ranges = first.get(k..m).unwrap_or_default();
        all.extend_from_slice(line_ranges);
        line_rounds(text, ls, le, line_ranges, &mut all);
        k = m;
    }
    all.sort_unstable();
    let mut b = MapBuilder::new(text);
    for (s, e) in all {
        if s < b.source_pos() {
            continue;
        }
        b.keep(b.source_pos()..s);
        b.delete(s..e);
    }
    let (t, map) = b.finish();
    Some(StepOutput {
        text: t,
        map,
        diagnostics: Vec::new(),
    })
}

/// Rounds two to eight of [`join_spaces`] on the line `text[ls..le]` (without its `\n`) whose
/// first round removed `removed` (sorted, positions in `text`): each further removal is added
/// to `all` as a range of `text`.
fn line_rounds(
    text: &str,
    ls: usize,
    le: usize,
    removed: &[(usize, usize)],
    all: &mut Vec<(usize, usize)>,
) {
    // Every removal on the line so far, in `text` (sorted, disjoint).
    let mut gone: Vec<(usize, usize)> = removed.to_vec();
    for _ in 1..8 {
        // The line after the removals.
        let mut cur = String::with_capacity(le - ls);
        let mut pos = ls;
        for &(s, e) in &gone {
            cur.push_str(text.get(pos..s).unwrap_or_default());
            pos = e;
        }
        cur.push_str(text.get(pos..le).unwrap_or_default());
        let r = decide_spaces(&cur);
        if r.is_empty() {
            return;
        }
        // Where a byte of `cur` stands in `text`: after every removal starting at or before it.
        let in_text = |p: usize| {
            let mut x = ls + p;
            for &(s, e) in &gone {
                if s > x {
                    break;
                }
                x += e - s;
            }
            x
        };
        // A removed run is spaces between two characters that stay: contiguous in `text`.
        let round: Vec<(usize, usize)> = r
            .iter()
            .map(|&(s, e)| {
                let a = in_text(s);
                (a, a + (e - s))
            })
            .collect();
        all.extend_from_slice(&round);
        gone.extend_from_slice(&round);
        gone.sort_unstable();
    }
}

/// [`join_spaces`] as first written: each round decides on the whole text and rebuilds it (the
/// oracle of the line-by-line rounds).
#[cfg(test)]
fn join_spaces_whole(text: &str) -> Option<StepOutput> {
    let mut cur = std::borrow::Cow::Borrowed(text);
    let mut maps: Vec<crate::map::OffsetMap> = Vec::new();
    let mut all: Vec<(usize, usize)> = Vec::new();
    for _ in 0..8 {
        let r = decide_spaces(&cur);
        if r.is_empty() {
            break;
        }
        for &(s, e) in &r {
            let sp = maps
                .iter()
                .rev()
                .fold(Span::new(s, e), |sp, m| m.to_original(sp));
            all.push((sp.start, sp.end));
        }
        let mut b = MapBuilder::new(&cur);
        for (s, e) in r {
            b.keep(b.source_pos()..s);
            b.replace(s..e, "");
        }
        let (t, m) = b.finish();
        maps.push(m);
        cur = std::borrow::Cow::Owned(t);
    }
    if all.is_empty() {
        return None;
    }
    all.sort_unstable();
    let mut b = MapBuilder::new(text);
    for (s, e) in all {
        if s < b.source_pos() {
            continue;
        }
        b.keep(b.source_pos()..s);
        b.replace(s..e, "");
    }
    let (t, map) = b.finish();
    Some(StepOutput {
        text: t,
        map,
        diagnostics: Vec::new(),
    })
}

/// [`SPACE_CLASS`] bit: the byte may stand just before the spaces a rule removes (an ASCII
/// digit or a byte of a non-ASCII character).
const BEFORE: u8 = 1;
/// [`SPACE_CLASS`] bit: the byte may follow the first space of a run a rule removes (a space,
/// an ASCII digit, `%` or a byte of a non-ASCII character).
const AFTER: u8 = 2;

/// [`BEFORE`] and [`AFTER`] of every byte.
static SPACE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut k = 0;
    while k < 256 {
        let b = k as u8;
        if b.is_ascii_digit() || b >= 0x80 {
            t[k] = BEFORE | AFTER;
        } else if b == b' ' || b == b'%' {
            t[k] = AFTER;
        }
        k += 1;
    }
    t
};

fn decide_spaces(text: &str) -> Vec<(usize, usize)> {
    // Flattened PDF text has no `|` at all: `in_pipe_row` is then false everywhere. Text
    // with `|` table rows passes blocks of their spaces beside a `|` at once.
    if memchr::memchr(b'|', text.as_bytes()).is_some() {
        decide_on::<true>(text)
    } else {
        decide_on::<false>(text)
    }
}

/// [`decide_spaces`], `HAS_PIPE` telling whether `text` holds a `|`.
fn decide_on<const HAS_PIPE: bool>(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    let has_pipe = HAS_PIPE;
    for s in crate::scan::join_candidates::<HAS_PIPE>(bytes) {
        // Every rule below needs a digit or a non-ASCII character just before the spaces: a
        // space after another (inside a run, which the bookkeeping of `i` skips) never has one,
        // so this test alone rejects most spaces of a table row.
        let pb = s.checked_sub(1).and_then(|p| bytes.get(p)).copied();
        if pb.is_none_or(|pb| SPACE_CLASS[usize::from(pb)] & BEFORE == 0) {
            continue;
        }
        // Likewise after a single space, a non-ASCII character, a digit or `%` (not the `|` of
        // a table cell).
        if bytes
            .get(s + 1)
            .is_some_and(|&nb| SPACE_CLASS[usize::from(nb)] & AFTER == 0)
            || s < i
        {
            continue;
        }
        // `skip_spaces(text, s, 3)` on the bytes (`s` is a space, so a character boundary).
        let e = s + bytes
            .get(s..)
            .map_or(0, |r| r.iter().take(3).take_while(|&&c| c == b' ').count());
        i = e.max(s + 1);
        // A cheap test on the bytes around the spaces first: every rule below needs a digit or
        // a non-ASCII character before them, and a non-ASCII character, a digit or `%` after
        // them (table rows are full of spaces next to `|`).
        let (Some(&pb), Some(&nb)) = (s.checked_sub(1).and_then(|p| bytes.get(p)), bytes.get(e))
        else {
            continue;
        };
        let maybe = if pb.is_ascii_digit() {
            nb >= 0x80 || nb == b'%'
        } else if pb < 0x80 {
            false
        } else if nb.is_ascii_digit() {
            // Only a date joins a non-ASCII character and a digit: 年 or 月 before the spaces.
            let before = bytes.get(s.saturating_sub(3)..s);
            before == Some("年".as_bytes()) || before == Some("月".as_bytes())
        } else {
            // Two non-ASCII characters join only when both are Han and one space is between
            // them: most such spaces of a report stand before a `（`, `“` or `、`.
            nb >= 0x80 && e - s == 1 && may_be_han(bytes.get(e..).unwrap_or_default())
        };
        if !maybe {
            continue;
        }
        let (Some(a), Some(b)) = (
            text.get(..s).and_then(|t| t.chars().next_back()),
            text.get(e..).and_then(|t| t.chars().next()),
        ) else {
            continue;
        };
        let join = if a.is_ascii_digit() && is_unit(b) {
            true
        } else if (a == '年' && b.is_ascii_digit() && digits_then(text, e, '月'))
            || (a == '月' && b.is_ascii_digit() && digits_then(text, e, '日'))
        {
            // only inside a date whose year part is a number: 2021 年 1 月
            let before = text.get(..s - a.len_utf8()).unwrap_or_default();
            let before = before.trim_end_matches(' ');
            a == '月'
                || before
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_digit())
        } else if is_han(a) && is_han(b) && e - s == 1 {
            // The run after first (shorter work: it is read forward); the one before only when
            // that does not decide.
            (right_fits(text, e) || left_fits(text, s) || (has_pipe && in_pipe_row(text, s)))
                && !starts_heading(text, e)
        } else {
            false
        };
        if join {
            ranges.push((s, e));
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte test lets every Han character through.
    #[test]
    fn may_be_han_keeps_every_han_character() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10_FFFFu32).filter_map(char::from_u32) {
            if is_han(c) {
                assert!(may_be_han(c.encode_utf8(&mut buf).as_bytes()), "{c:?}");
            }
        }
        assert!(!may_be_han("（".as_bytes()) && !may_be_han("、".as_bytes()));
    }

    fn c(s: &str) -> String {
        clean(s).map_or_else(|| s.to_string(), |o| o.text)
    }
    fn j(s: &str) -> String {
        join_spaces(s).map_or_else(|| s.to_string(), |o| o.text)
    }

    #[test]
    fn inline_markers() {
        assert_eq!(c("机制, —1— 提高"), "机制, 提高");
        assert_eq!(c("事项 无。 — 19 —"), "事项 无。");
        assert_eq!(c("a\n－3－\nb"), "a\nb");
        assert_eq!(c("文字 -3- 文字"), "文字 文字");
        assert_eq!(c("x\n- 3 -\ny"), "x\ny");
        assert_eq!(c("正文 第3页 共19页 正文"), "正文 正文");
        assert_eq!(c("正文 第 3 页\n"), "正文\n");
        assert_eq!(c("正文\n  第 3 页  \n正文"), "正文\n正文");
    }

    #[test]
    fn not_markers() {
        // table cells: dashes as empty cells around a number
        assert_eq!(c("0 - 3 - 5"), "0 - 3 - 5");
        assert_eq!(c("第3页的内容"), "第3页的内容");
        assert_eq!(c("1—2月"), "1—2月");
        assert!(clean("15 643 0 0").is_none());
    }

    #[test]
    fn page_number_lines_need_a_sequence() {
        let mut s = String::new();
        for p in 1..=3 {
            for _ in 0..15 {
                s.push_str("正文一行\n");
            }
            s.push_str(&format!("{p}\n"));
        }
        let out = c(&s);
        assert!(!out.contains(|ch: char| ch.is_ascii_digit()), "{out}");
        assert_eq!(c("正文\n5\n正文"), "正文\n5\n正文");
    }

    #[test]
    fn flattened_row_among_cells_is_no_marker() {
        assert_eq!(
            c("（六）其他处理\n- 10 -\n11\n\n2\n"),
            "（六）其他处理\n- 10 -\n11\n\n2\n"
        );
        assert_eq!(c("正文\n- 10 -\n正文\n"), "正文\n正文\n");
        // among other page markers it is one
        let s = "正文\n— 9 —\n正文\n（六）其他处理\n- 10 -\n11\n";
        assert_eq!(c(s), "正文\n正文\n（六）其他处理\n11\n");
    }

    #[test]
    fn table_cells_one_per_line_are_not_page_numbers() {
        // Cells printed one per line by `pdftotext`: runs of bare numbers that happen to count
        // up one by one stay.
        let mut s = String::new();
        for p in 0..4 {
            for _ in 0..15 {
                s.push_str("正文一行\n");
            }
            s.push_str(&format!("{p}\n{}\n— \n{p}\n", p + 1));
        }
        assert!(clean(&s).is_none(), "{}", c(&s));
    }

    #[test]
    fn running_headers() {
        let head = "某市人民政府2021年政府信息公开工作年度报告";
        let mut s = String::new();
        for _ in 0..3 {
            s.push_str(head);
            s.push('\n');
            for _ in 0..10 {
                s.push_str("正文\n");
            }
        }
        let out = clean(&s).unwrap();
        assert_eq!(out.text.matches(head).count(), 1);
        assert_eq!(out.diagnostics.len(), 2);
        assert!(out
            .diagnostics
            .iter()
            .all(|d| d.code == Code::PageMarkerRemoved));
    }

    #[test]
    fn spaces() {
        assert_eq!(j("自 2021 年 1 月 1 日起"), "自 2021年1月1日起");
        assert_eq!(j("共 13 件"), "共 13件");
        assert_eq!(j("15 643"), "15 643");
        assert_eq!(
            j("本报告由某区人民政府办公室按照《中华人民共和 国政府信息公开条例》"),
            "本报告由某区人民政府办公室按照《中华人民共和国政府信息公开条例》"
        );
        assert_eq!(j("本年新 制作数量"), "本年新 制作数量");
        assert_eq!(
            j("本报告内容包括总体情况主动公开政府信息情况 二、主动公开"),
            "本报告内容包括总体情况主动公开政府信息情况 二、主动公开"
        );
    }

    /// `is_numeric_line` without its first-byte filter.
    fn numeric_reference(t: &str) -> bool {
        t.chars().all(|c| {
            c.is_ascii_digit()
                || c.is_whitespace()
                || matches!(c, '.' | '%' | '-' | '/' | '—' | '－' | '／' | '–')
        }) && t.chars().any(|c| c.is_ascii_digit() || !c.is_whitespace())
    }

    #[test]
    fn fast_paths_agree_for_every_character() {
        let mut buf = String::new();
        for c in (0..=0x10_FFFFu32).filter_map(char::from_u32) {
            for (pre, post) in [("", ""), ("", "a\n"), ("1", ""), ("a", "\r\n"), ("", "一")] {
                buf.clear();
                buf.push_str(pre);
                buf.push(c);
                buf.push_str(post);
                assert_eq!(trim_line(&buf), buf.trim(), "{buf:?}");
                let b2 = format!("{post}{c}");
                assert_eq!(trim_line(&b2), b2.trim(), "{b2:?}");
                assert_eq!(is_numeric_line(&buf), numeric_reference(&buf), "{buf:?}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        #[test]
        fn trim_line_is_trim(t in "[ a1\t\r\n\u{3000}\u{a0}\u{85}\u{2003}\u{1680}\u{b}一—－／é\u{10000}]{0,8}") {
            proptest::prop_assert_eq!(trim_line(&t), t.trim());
            proptest::prop_assert_eq!(is_numeric_line(&t), numeric_reference(&t));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(crate::fast_path_cases()))]
        /// The byte pass over the spaces at either end trims as `trim` does, and finds where
        /// the trimmed line starts as `trim_start` does.
        #[test]
        fn trim_line_at_is_trim(t in "[   a1\t\r\n\u{3000}\u{a0}\u{85}\u{2003}一—－]{0,40}") {
            let (at, got) = trim_line_at(&t);
            proptest::prop_assert_eq!(got, t.trim());
            if !got.is_empty() {
                proptest::prop_assert_eq!(at, t.len() - t.trim_start().len());
                proptest::prop_assert_eq!(t.get(at..at + got.len()), Some(got));
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// A hash occurring three times is always seen: among few values (where triples
        /// are common), and among full-width hashes with one of them added twice more.
        #[test]
        fn thrice_sees_every_hash_three_times(
            hs in proptest::collection::vec(0u64..12, 0..40),
            wide in proptest::collection::vec(proptest::prelude::any::<u64>(), 1..40),
            k in proptest::prelude::any::<proptest::sample::Index>(),
        ) {
            let three = hs.iter().any(|h| hs.iter().filter(|&x| x == h).count() >= 3);
            if three {
                proptest::prop_assert!(thrice(hs.iter().copied()));
            }
            let h = wide[k.index(wide.len())];
            let mut v = wide.clone();
            v.insert(k.index(v.len() + 1), h);
            v.push(h);
            proptest::prop_assert!(thrice(v.iter().copied()));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(crate::fast_path_cases()))]
        /// The bucket counts before the line tests keep lines among which the same running
        /// headers are found as among the lines the oracle keeps, on lines that repeat (ASCII
        /// ones, ones with a `|`, Chinese ones), with their own hashes or with few hashes
        /// shared by different lines.
        #[test]
        fn header_candidates_are_the_oracle_s(
            picks in proptest::collection::vec((0usize..8, 0u64..5), 0..60),
            spread in 1usize..14,
            own in proptest::prelude::any::<bool>(),
        ) {
            let pool = [
                "某某市人民政府办公室2021年政府信息公开工作年度报告全文",
                "Annual report of the government information disclosure",
                "规章 | 0 | 0 | 6 结果如下所示的各项数据统计表格",
                "第二部分 主动公开政府信息情况统计表格的说明文字",
                "abc | def | ghi | jkl | mno | pqr | stu | vwx",
                "一二三四五六七八九十一二三四五六七八九十",
                "另一行正文内容，用于填充文本并检验重复行的统计",
                "ASCII line with 中文 inside of it for the tests",
            ];
            let mut got: Vec<(u64, usize, &str)> = picks
                .iter()
                .enumerate()
                .filter_map(|(no, &(k, h))| {
                    let t = pool.get(k).copied()?;
                    Some((if own { line_hash(t) } else { h }, no * spread, t))
                })
                .collect();
            let mut want = got.clone();
            keep_header_candidates(&mut got);
            keep_header_candidates_oracle(&mut want);
            let mut got: Vec<&str> = super::running_headers(&mut got).into_iter().collect();
            let mut want: Vec<&str> = super::running_headers(&mut want).into_iter().collect();
            got.sort_unstable();
            want.sort_unstable();
            proptest::prop_assert_eq!(got, want);
        }

        /// The inline first-byte test rejects only lines that are not numeric.
        #[test]
        fn numeric_precheck_is_exact(t in "[ 0-9a一—－／.%/\\-\t\u{3000}\u{a0}|]{0,12}") {
            proptest::prop_assert_eq!(may_be_numeric(&t) && is_numeric_line(&t), is_numeric_line(&t));
            if !may_be_numeric(&t) {
                proptest::prop_assert!(!numeric_reference(&t));
            }
        }
    }

    /// Text where spaces meet digits, Han characters, units, punctuation, `|` and line ends.
    const JOIN_ALPHABET: &str =
        "[ 0-9年月日件一二第是、，。“！|\n\t\u{3000}\u{a0}a%中华人民共和国政府信息公开é\u{10000}]{0,120}";

    /// [`decide_spaces`] as first written (the oracle of its candidate list and byte
    /// tests): every space of the text, decided on its characters.
    fn decide_spaces_oracle(text: &str) -> Vec<(usize, usize)> {
        let bytes = text.as_bytes();
        let has_pipe = text.contains('|');
        let mut ranges: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        for s in (0..bytes.len()).filter(|&p| bytes[p] == b' ') {
            if s < i {
                continue;
            }
            let e = skip_spaces(text, s, 3);
            let (Some(a), Some(b)) = (
                text.get(..s).and_then(|t| t.chars().next_back()),
                text.get(e..).and_then(|t| t.chars().next()),
            ) else {
                continue;
            };
            if a == ' ' {
                continue;
            }
            i = e.max(s + 1);
            let join = if a.is_ascii_digit() && is_unit(b) {
                true
            } else if (a == '年' && b.is_ascii_digit() && digits_then(text, e, '月'))
                || (a == '月' && b.is_ascii_digit() && digits_then(text, e, '日'))
            {
                let before = text.get(..s - a.len_utf8()).unwrap_or_default();
                let before = before.trim_end_matches(' ');
                a == '月'
                    || before
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_ascii_digit())
            } else if is_han(a) && is_han(b) && e - s == 1 {
                (right_fits(text, e) || left_fits(text, s) || (has_pipe && in_pipe_row(text, s)))
                    && !starts_heading(text, e)
            } else {
                false
            };
            if join {
                ranges.push((s, e));
            }
        }
        ranges
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(crate::fast_path_cases()))]
        /// The candidate list and the byte tests reject only spaces that do not join.
        #[test]
        fn decided_spaces_are_the_oracle_s(t in JOIN_ALPHABET) {
            proptest::prop_assert_eq!(decide_spaces(&t), decide_spaces_oracle(&t));
        }

        /// Likewise beside full-width signs, table rows, dates and Han characters of every
        /// block (`㐀` U+3400, `豈` U+F900, `𠀀` U+20000; `〇` and `．` are not Han).
        #[test]
        fn decided_spaces_are_the_oracle_s_beside_signs(
            t in "(（|）|、|“|，|．|〇|㐀|豈|𠀀|结果|公开|年|月|日|件|%|2021|1|5| |  | \\| |\\||\n|一|中华人民共和国){0,50}"
        ) {
            proptest::prop_assert_eq!(decide_spaces(&t), decide_spaces_oracle(&t));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(crate::fast_path_cases()))]
        #[test]
        fn runs_on_bytes_are_runs_on_chars(t in JOIN_ALPHABET) {
            for i in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
                let (n, p) = run_left_chars(&t, i);
                proptest::prop_assert_eq!(left_fits(&t, i), run_fits(n, p));
                let (n, p) = run_right_chars(&t, i);
                proptest::prop_assert_eq!(right_fits(&t, i), run_fits(n, p));
            }
        }

        #[test]
        fn pipe_rows_on_bytes_are_pipe_rows_on_lines(
            t in "[ 一|\n中a\u{10000}é]{0,700}",
            k in proptest::prelude::any::<proptest::sample::Index>(),
        ) {
            let at = k.index(t.len() + 1);
            if t.is_char_boundary(at) {
                proptest::prop_assert_eq!(in_pipe_row(&t, at), in_pipe_row_str(&t, at));
            }
        }

        /// Dates and words broken by spaces, where joins make later rounds join more.
        #[test]
        fn line_rounds_are_whole_text_rounds_on_dates(
            t in "(2021| |  |   |年|月|日|件|1|5|一|二|中华人民|共和国|其|\n|第|是|、|。|\\|){0,60}"
        ) {
            let got = join_spaces(&t).map(|o| (o.text, o.map));
            let want = join_spaces_whole(&t).map(|o| (o.text, o.map));
            proptest::prop_assert_eq!(got, want);
        }

        #[test]
        fn line_rounds_are_whole_text_rounds(t in JOIN_ALPHABET) {
            let got = join_spaces(&t).map(|o| (o.text, o.map));
            let want = join_spaces_whole(&t).map(|o| (o.text, o.map));
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn line_rounds_agree_on_generated_reports() {
        use xxgk_model::testkit::{self, damage};
        for seed in 0..12u64 {
            let s = testkit::generate(seed);
            let text = s.render_text().text;
            for t in [
                s.render_flattened().text,
                s.render_layout().text,
                damage::space_in_words(&text, seed, 0.2),
                damage::apply(&text, seed).0,
            ] {
                let got = join_spaces(&t).map(|o| (o.text, o.map));
                let want = join_spaces_whole(&t).map(|o| (o.text, o.map));
                assert!(got == want, "seed {seed}");
            }
        }
    }

    #[test]
    fn rounds_continue_on_a_line() {
        // The first round joins 1 and 月 (digit, unit); only then is 年 1月 a date.
        let t = "2021 年 1  月 5 日\n下 一行";
        assert_eq!(
            join_spaces(t).map(|o| o.text),
            join_spaces_whole(t).map(|o| o.text)
        );
        assert_eq!(j(t), "2021年1月5日\n下一行");
    }

    #[test]
    fn spans_point_at_removed_text() {
        let src = "机制, —1— 提高";
        let out = clean(src).unwrap();
        let s = out.diagnostics[0].span.unwrap();
        assert_eq!(src[s.range()].trim(), "—1—");
    }
}
