//! Sub-sections inside a section: `（一）`, `1.` / `1、`, `（1）` and the `一是…二是…` enumeration,
//! as a tree.

use crate::num::{cn_number_exact, is_cn_numeral};
use crate::text::{char_at, char_before, is_han, skip_hspace, slice, Needle};
use xxgk_model::Span;

/// The numbering style of a sub-section marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Style {
    /// `（一）` — the level right under a section.
    ParenChinese,
    /// `1.` / `1、` / `1．`
    Arabic,
    /// `（1）`
    ParenArabic,
    /// `一是` … `二是` … inside a paragraph.
    Enumerator,
}

impl Style {
    fn level(self) -> u8 {
        match self {
            Style::ParenChinese => 1,
            Style::Arabic => 2,
            Style::ParenArabic => 3,
            Style::Enumerator => 4,
        }
    }
}

/// A numbered part inside a section, with its own sub-parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubSection<'a> {
    /// Numbering style.
    pub style: Style,
    /// The printed number (`（三）` = 3).
    pub number: u16,
    /// The marker and the phrase after it up to the first sentence end (`（一）主动公开情况`).
    pub heading: &'a str,
    /// Span of `heading` (normalized text).
    pub heading_span: Span,
    /// The whole part, up to the next part of the same or a higher level (normalized text).
    pub span: Span,
    /// Parts nested inside.
    pub children: Vec<SubSection<'a>>,
}

#[derive(Debug, Clone, Copy)]
struct Marker {
    style: Style,
    number: u16,
    start: usize,
    end: usize,
}

fn close_paren(c: char) -> bool {
    matches!(c, ')' | '）')
}

static OPEN: Needle = Needle::new("（");
#[cfg(test)]
static COMMA: Needle = Needle::new("、");
#[cfg(test)]
static DOT: Needle = Needle::new("．");
static SHI: Needle = Needle::new("是");

/// Every `、` `．` `.` in `text` that directly follows an ASCII digit, in position order: the
/// separators a `1、` marker can have ([`crate::heading::scan`] collects the same list while it
/// looks for headings).
#[cfg(test)]
pub(crate) fn digit_separators(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut v: Vec<usize> = COMMA
        .find_iter(text)
        .chain(DOT.find_iter(text))
        .chain(memchr::memchr_iter(b'.', bytes))
        .filter(|&p| {
            p.checked_sub(1)
                .and_then(|i| bytes.get(i))
                .is_some_and(u8::is_ascii_digit)
        })
        .collect();
    v.sort_unstable();
    v
}

/// `seps`: see [`digit_separators`].
fn markers(text: &str, region: Span, seps: &[usize]) -> Vec<Marker> {
    let body = slice(text, region.start, region.end);
    let mut out = Vec::new();
    // parenthesised numerals
    let opens = OPEN
        .find_iter(body)
        .chain(memchr::memchr_iter(b'(', body.as_bytes()));
    for o in opens {
        let s = region.start + o;
        let Some(oc) = char_at(text, s) else { continue };
        let inner = s + oc.len_utf8();
        let mut e = inner;
        let mut k = 0;
        while let Some(c) = char_at(text, e) {
            if close_paren(c) || k >= 3 {
                break;
            }
            e += c.len_utf8();
            k += 1;
        }
        let Some(cc) = char_at(text, e) else { continue };
        if !close_paren(cc) || e > region.end {
            continue;
        }
        let inside = slice(text, inner, e);
        let (style, number) = if let Some(n) = cn_number_exact(inside) {
            (Style::ParenChinese, n)
        } else if !inside.is_empty()
            && inside.len() <= 2
            && inside.bytes().all(|b| b.is_ascii_digit())
        {
            match inside.parse::<u32>() {
                Ok(n) => (Style::ParenArabic, n),
                Err(_) => continue,
            }
        } else {
            continue;
        };
        let Ok(number) = u16::try_from(number) else {
            continue;
        };
        out.push(Marker {
            style,
            number,
            start: s,
            end: e + cc.len_utf8(),
        });
    }
    // 1. / 1、 / 1．
    // (a region off character boundaries is an empty body)
    let seps = if text.get(region.start..region.end).is_some() {
        seps
    } else {
        &[]
    };
    let from = seps.partition_point(|&p| p < region.start);
    let in_region = seps.get(from..).unwrap_or(&[]).iter().copied();
    for p in in_region.take_while(|&p| p < region.end) {
        // the separator lies whole inside the region (`.` is one byte, `、` and `．` three)
        let len = if text.as_bytes().get(p) == Some(&b'.') {
            1
        } else {
            3
        };
        if p + len > region.end {
            continue;
        }
        let mut s = p;
        let mut k = 0;
        while let Some((j, c)) = char_before(text, s) {
            if c.is_ascii_digit() && k < 2 {
                s = j;
                k += 1;
            } else {
                break;
            }
        }
        if k == 0 || s < region.start {
            continue;
        }
        if char_before(text, s).is_some_and(|(_, c)| c.is_alphanumeric() || c == '.' || c == '-') {
            continue;
        }
        let sep_len = char_at(text, p).map_or(1, char::len_utf8);
        if char_at(text, p + sep_len).is_some_and(|c| c.is_ascii_digit()) {
            continue;
        }
        let Ok(number) = slice(text, s, p).parse::<u16>() else {
            continue;
        };
        out.push(Marker {
            style: Style::Arabic,
            number,
            start: s,
            end: p + sep_len,
        });
    }
    // 一是 / 二是
    for p in SHI.find_iter(body) {
        let p = region.start + p;
        let mut s = p;
        let mut k = 0;
        while let Some((j, c)) = char_before(text, s) {
            if is_cn_numeral(c) && k < 2 {
                s = j;
                k += 1;
            } else {
                break;
            }
        }
        if k == 0 || s < region.start || char_before(text, s).is_some_and(|(_, c)| is_han(c)) {
            continue;
        }
        let Some(n) = cn_number_exact(slice(text, s, p)) else {
            continue;
        };
        let Ok(number) = u16::try_from(n) else {
            continue;
        };
        out.push(Marker {
            style: Style::Enumerator,
            number,
            start: s,
            end: p + "是".len(),
        });
    }
    out.sort_by_key(|m| m.start);
    out
}

/// The end of a marker's phrase: up to the first sentence or clause end (`。；;：:，,|` or a
/// line break) before `limit`, or `marker_end` when no phrase follows or it runs over 40
/// characters. Reads bytes: the stops are ASCII or three-byte characters.
fn heading_end(text: &str, marker_end: usize, limit: usize) -> usize {
    let start = skip_hspace(text, marker_end);
    let bytes = text.get(start..limit).unwrap_or("").as_bytes();
    let mut k = 0;
    let mut n = 0;
    while let Some(&b) = bytes.get(k) {
        let next = |j: usize| bytes.get(k + j).copied();
        let stop = match b {
            b'\n' | b'\r' | b';' | b':' | b',' | b'|' => true,
            // 。
            0xE3 => next(1) == Some(0x80) && next(2) == Some(0x82),
            // ； ： ，
            0xEF => next(1) == Some(0xBC) && matches!(next(2), Some(0x9B | 0x9A | 0x8C)),
            _ => false,
        };
        if stop || n >= 40 {
            if n >= 40 {
                return marker_end;
            }
            break;
        }
        k += crate::text::utf8_len(b);
        n += 1;
    }
    if k == 0 {
        marker_end
    } else {
        start + k
    }
}

#[derive(Debug)]
struct Node {
    m: Marker,
    end: usize,
    parent: Option<usize>,
    children: Vec<usize>,
}

/// The sub-section tree of `text[region]`.
/// `seps`: the separators of `1、` markers in the whole `text` (see [`digit_separators`]).
pub(crate) fn tree<'a>(text: &'a str, region: Span, seps: &[usize]) -> Vec<SubSection<'a>> {
    let ms = markers(text, region, seps);
    if ms.is_empty() {
        return Vec::new();
    }
    let mut nodes: Vec<Node> = Vec::with_capacity(ms.len());
    let mut stack: Vec<usize> = Vec::with_capacity(8);
    let mut roots: Vec<usize> = Vec::with_capacity(8);
    let mut closing: Vec<usize> = Vec::with_capacity(8);
    for m in ms {
        let level = m.style.level();
        // close deeper or equal levels
        closing.clear();
        while let Some(&top) = stack.last() {
            if nodes.get(top).is_some_and(|n| n.m.style.level() >= level) {
                closing.push(top);
                stack.pop();
            } else {
                break;
            }
        }
        // the last sibling of the same style under the same parent
        let prev_sibling = closing
            .iter()
            .find(|&&i| nodes.get(i).is_some_and(|n| n.m.style == m.style))
            .copied();
        let expected_ok = match prev_sibling.and_then(|i| nodes.get(i)) {
            Some(p) => m.number == p.m.number + 1,
            None => m.number == 1,
        };
        if !expected_ok {
            // not a marker in sequence: reopen what we closed and ignore it
            stack.extend(closing.iter().rev());
            continue;
        }
        for &i in &closing {
            if let Some(n) = nodes.get_mut(i) {
                n.end = m.start;
            }
        }
        let parent = stack.last().copied();
        let idx = nodes.len();
        nodes.push(Node {
            m,
            end: region.end,
            parent,
            children: Vec::new(),
        });
        match parent {
            Some(p) => {
                if let Some(n) = nodes.get_mut(p) {
                    n.children.push(idx);
                }
            }
            None => roots.push(idx),
        }
        stack.push(idx);
    }
    // an open node ends where its parent ends
    for i in 0..nodes.len() {
        let parent_end = nodes
            .get(i)
            .and_then(|n| n.parent)
            .and_then(|p| nodes.get(p))
            .map(|p| p.end);
        if let (Some(pe), Some(n)) = (parent_end, nodes.get_mut(i)) {
            n.end = n.end.min(pe);
        }
    }
    fn build<'a>(text: &'a str, nodes: &[Node], idx: &[usize]) -> Vec<SubSection<'a>> {
        let mut out = Vec::with_capacity(idx.len());
        out.extend(idx.iter().filter_map(|&i| nodes.get(i)).map(|n| {
            let he = heading_end(text, n.m.end, n.end);
            let end = trim_end(text, n.m.start, n.end);
            SubSection {
                style: n.m.style,
                number: n.m.number,
                heading: slice(text, n.m.start, he),
                heading_span: Span::new(n.m.start, he),
                span: Span::new(n.m.start, end.max(he)),
                children: build(text, nodes, &n.children),
            }
        }));
        out
    }
    build(text, &nodes, &roots)
}

/// `end` moved back over trailing white space (not before `start`).
pub(crate) fn trim_end(text: &str, start: usize, end: usize) -> usize {
    let s = slice(text, start, end);
    start + s.trim_end().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_tree() {
        let t = "（一）主动公开情况。全年公开。1.规章。内容 2.文件。内容 （二）依申请公开。一是加强。二是完善。（四）跳号";
        let tr = tree(t, Span::new(0, t.len()), &digit_separators(t));
        assert_eq!(tr.len(), 2);
        assert_eq!(tr[0].heading, "（一）主动公开情况");
        assert_eq!(tr[0].children.len(), 2);
        assert_eq!(tr[0].children[1].heading, "2.文件");
        assert_eq!(tr[1].children.len(), 2);
        assert_eq!(tr[1].children[0].style, Style::Enumerator);
        // （四） is out of sequence: part of （二）
        assert_eq!(tr[1].span.end, t.len());
        assert!(tr[0].span.end <= tr[1].span.start);
    }

    #[test]
    fn decimals_are_not_markers() {
        let t = "费用28600.64万元, 占 1.5%。";
        assert!(tree(t, Span::new(0, t.len()), &digit_separators(t)).is_empty());
    }
}
