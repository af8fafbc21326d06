//! Small character helpers over `&str` with byte offsets (never panicking).

/// True for CJK ideographs (the characters words are made of).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// Horizontal white space (not a line break).
pub(crate) fn is_hspace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\u{a0}')
}

/// The character ending at byte `i`, with its start.
pub(crate) fn char_before(s: &str, i: usize) -> Option<(usize, char)> {
    s.get(..i)?.char_indices().next_back()
}

/// The character starting at byte `i`.
pub(crate) fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..)?.chars().next()
}

/// Moves `i` back over horizontal spaces (at most `max` characters).
pub(crate) fn skip_hspace_back(s: &str, mut i: usize, max: usize) -> usize {
    let b = s.as_bytes();
    for _ in 0..max {
        match hspace_len_before(b, i) {
            0 => break,
            n => i -= n,
        }
    }
    i
}

/// Moves `i` forward over horizontal spaces.
pub(crate) fn skip_hspace(s: &str, mut i: usize) -> usize {
    let b = s.as_bytes();
    loop {
        match hspace_len_at(b, i) {
            0 => return i,
            n => i += n,
        }
    }
}

/// The UTF-8 length of the horizontal space ([`is_hspace`]) starting at byte `i`, or 0. A
/// byte that starts none of them (a continuation byte included) gives 0.
pub(crate) fn hspace_len_at(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b' ' | b'\t') => 1,
        Some(0xC2) if b.get(i + 1) == Some(&0xA0) => 2,
        Some(0xE3) if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0x80) => 3,
        _ => 0,
    }
}

/// The UTF-8 length of the horizontal space ([`is_hspace`]) ending at byte `i`, or 0.
fn hspace_len_before(b: &[u8], i: usize) -> usize {
    let at = |k: usize| i.checked_sub(k).and_then(|j| b.get(j)).copied();
    match at(1) {
        Some(b' ' | b'\t') => 1,
        Some(0xA0) if at(2) == Some(0xC2) => 2,
        Some(0x80) if at(2) == Some(0x80) && at(3) == Some(0xE3) => 3,
        _ => 0,
    }
}

/// Moves `i` forward over all white space, line breaks included.
pub(crate) fn skip_ws(s: &str, mut i: usize) -> usize {
    while let Some(c) = char_at(s, i) {
        if c.is_whitespace() {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
}

/// The largest char boundary `<= i` (clamped to the text).
pub(crate) fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary `>= i` (clamped to the text).
pub(crate) fn ceil_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// `s[a..b]` or "" when out of range.
pub(crate) fn slice(s: &str, a: usize, b: usize) -> &str {
    s.get(a..b).unwrap_or("")
}

/// Removes spaces that PDF extraction or line joining put inside words: every white space
/// (line breaks included) that has a CJK ideograph or digit on at least one side, so
/// `2021 年政府` → `2021年政府`, `请与某市人民\n政府联系` → `请与某市人民政府联系`.
pub(crate) fn compact(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    // runs without white space are copied whole; a run of white space becomes one ASCII
    // space only between two ASCII characters (CJK-ish means non-ASCII here)
    while let Some((ws, after_ws)) = next_whitespace_run(rest) {
        out.push_str(rest.get(..ws).unwrap_or(""));
        let tail = rest.get(after_ws..).unwrap_or("");
        let last_ascii = out.as_bytes().last().is_some_and(u8::is_ascii);
        let next_ascii = tail.as_bytes().first().is_some_and(u8::is_ascii);
        if last_ascii && next_ascii {
            out.push(' ');
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// The first run of white space in `s`, as (start, end) byte offsets. Bytes are tested one
/// by one; only characters whose lead byte starts a white-space character (U+0085, U+00A0,
/// U+1680, U+2000–U+205F, U+3000) are decoded.
fn next_whitespace_run(s: &str) -> Option<(usize, usize)> {
    let bytes = s.as_bytes();
    let mut from = 0;
    let start = loop {
        let i = from
            + bytes
                .get(from..)?
                .iter()
                .position(|&b| WS_LEAD[usize::from(b)])?;
        if whitespace_len_at(s, i) > 0 {
            break i;
        }
        from = i + 1;
    };
    let mut end = start;
    loop {
        match whitespace_len_at(s, end) {
            0 => return Some((start, end)),
            n => end += n,
        }
    }
}

/// True for the bytes a white-space character may start with: ASCII white space and the lead
/// bytes of U+0085, U+00A0, U+1680, U+2000–U+205F and U+3000 (one table look-up per byte).
static WS_LEAD: [bool; 256] = {
    let mut t = [false; 256];
    let all = [
        b' ', b'\t', b'\n', b'\r', 0x0B, 0x0C, 0xC2, 0xE1, 0xE2, 0xE3,
    ];
    let mut i = 0;
    while i < all.len() {
        t[all[i] as usize] = true;
        i += 1;
    }
    t
};

/// The UTF-8 length of the white-space character starting at byte `i` of `s`, or 0.
fn whitespace_len_at(s: &str, i: usize) -> usize {
    match s.as_bytes().get(i) {
        Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C) => 1,
        Some(0xC2 | 0xE1 | 0xE2 | 0xE3) => s
            .get(i..)
            .and_then(|r| r.chars().next())
            .filter(|c| c.is_whitespace())
            .map_or(0, char::len_utf8),
        _ => 0,
    }
}

/// A prebuilt substring searcher for a fixed needle, for the scans over whole sections (the
/// SIMD pair search skips most false hits that a one-byte search stops at).
pub(crate) struct Needle {
    text: &'static str,
    finder: std::sync::OnceLock<memchr::memmem::Finder<'static>>,
}

impl Needle {
    pub(crate) const fn new(text: &'static str) -> Needle {
        Needle {
            text,
            finder: std::sync::OnceLock::new(),
        }
    }

    /// The needle.
    pub(crate) const fn text(&self) -> &'static str {
        self.text
    }

    /// The needle's length in bytes.
    pub(crate) const fn byte_len(&self) -> usize {
        self.text.len()
    }

    /// The first occurrence in `hay`.
    pub(crate) fn find_first(&'static self, hay: &str) -> Option<usize> {
        self.find_iter(hay).next()
    }

    /// Byte positions of every non-overlapping occurrence in `hay`, leftmost first.
    pub(crate) fn find_iter<'h>(&'static self, hay: &'h str) -> impl Iterator<Item = usize> + 'h {
        let finder = self
            .finder
            .get_or_init(|| memchr::memmem::Finder::new(self.text.as_bytes()));
        finder.find_iter(hay.as_bytes())
    }
}

/// Haystacks at least this long are searched with a built substring searcher (its set-up
/// cost is then small, and it does not stop at every byte that merely ends like the needle).
const LONG_HAY: usize = 4096;

/// Byte positions of every non-overlapping occurrence of the fixed `needle` in `hay`
/// (leftmost first, like repeated `str::find`). In short haystacks it looks for one byte of
/// the needle (the last byte of one of its characters, a continuation byte for Chinese
/// characters) with memchr and compares the rest: no searcher to build, so short haystacks
/// cost little.
pub(crate) fn find_all<'h>(hay: &'h str, needle: &'h str) -> FindAll<'h> {
    let nb = needle.as_bytes();
    let bytes = hay.as_bytes();
    if nb.is_empty() {
        return FindAll::Bytes {
            it: memchr::memchr_iter(0, &[]),
            bytes,
            needle: nb,
            pivot: 0,
            next_ok: 0,
        };
    }
    if bytes.len() >= LONG_HAY {
        return FindAll::Long(Box::new(memchr::memmem::find_iter(bytes, nb)));
    }
    let pivot = pivot_of(needle);
    FindAll::Bytes {
        it: memchr::memchr_iter(nb.get(pivot).copied().unwrap_or(0), bytes),
        bytes,
        needle: nb,
        pivot,
        next_ok: 0,
    }
}

/// The index of the byte of `needle` that [`find_all`] looks for: the last byte of its last
/// character, unless that byte also ends the commonest characters of a Chinese text (CJK
/// punctuation 、。“”（），：；, and 年 的 开…), then the last byte of an earlier character
/// whose last byte is rarer.
fn pivot_of(needle: &str) -> usize {
    let common = |b: u8| {
        matches!(
            b,
            0x80 | 0x81 | 0x82 | 0x84 | 0x88 | 0x89 | 0x8C | 0x9A | 0x9B | 0x9C | 0x9D | 0xB4
        )
    };
    let nb = needle.as_bytes();
    let last = nb.len().saturating_sub(1);
    needle
        .char_indices()
        .rev()
        .map(|(i, c)| i + c.len_utf8() - 1)
        .find(|&k| nb.get(k).is_some_and(|&b| !common(b)))
        .unwrap_or(last)
}

/// The iterator of [`find_all`].
pub(crate) enum FindAll<'h> {
    /// Short haystack: memchr on one byte of the needle, then a comparison.
    Bytes {
        it: memchr::Memchr<'h>,
        bytes: &'h [u8],
        needle: &'h [u8],
        /// The index in `needle` of the byte memchr looks for.
        pivot: usize,
        next_ok: usize,
    },
    /// Long haystack: a substring searcher.
    Long(Box<memchr::memmem::FindIter<'h, 'h>>),
}

impl Iterator for FindAll<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        match self {
            FindAll::Long(it) => it.next(),
            FindAll::Bytes {
                it,
                bytes,
                needle,
                pivot,
                next_ok,
            } => loop {
                let i = it.next()?;
                let Some(start) = i.checked_sub(*pivot) else {
                    continue;
                };
                if start < *next_ok || bytes.get(start..start + needle.len()) != Some(*needle) {
                    continue;
                }
                *next_ok = start + needle.len();
                return Some(start);
            },
        }
    }
}

/// The first occurrence of `needle` in `hay` (as `str::find`, for non-empty needles).
pub(crate) fn find_first(hay: &str, needle: &str) -> Option<usize> {
    find_all(hay, needle).next()
}

/// Length in bytes of the UTF-8 character whose first byte is `lead` (the callers step from
/// character boundaries of a `str`, so `lead` is never a continuation byte).
pub(crate) fn utf8_len(lead: u8) -> usize {
    match lead {
        0..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-level `compact` agrees with the character rule it implements.
    fn compact_by_chars(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let cjkish = |c: Option<char>| c.is_some_and(|c| is_han(c) || !c.is_ascii());
        let mut last: Option<char> = None;
        let mut it = s.chars().peekable();
        while let Some(c) = it.next() {
            if c.is_whitespace() {
                while it.next_if(|c| c.is_whitespace()).is_some() {}
                let after = it.peek().copied();
                if !(last.is_none() || after.is_none() || cjkish(last) || cjkish(after)) {
                    out.push(' ');
                    last = Some(' ');
                }
                continue;
            }
            out.push(c);
            last = Some(c);
        }
        out
    }

    #[test]
    fn every_white_space_character_starts_with_a_marked_byte() {
        for c in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
        {
            let mut b = [0u8; 4];
            let lead = c.encode_utf8(&mut b).as_bytes()[0];
            assert!(WS_LEAD[usize::from(lead)], "{c:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        #[test]
        fn compact_matches_char_rule(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    " ", "\t", "\n", "\r", "\u{3000}", "\u{a0}", "\u{85}", "\u{2028}", "\u{1680}",
                    "\u{2009}", "\u{205f}", "\u{202f}", "\u{200b}", "\u{feff}", "a", "1", ".", "年",
                    "、", "\u{e9}", "\u{2014}", "\u{3001}", "\u{1f600}", "\u{c2a0}",
                ]),
                0..24,
            )
        ) {
            let t = parts.concat();
            proptest::prop_assert_eq!(compact(&t), compact_by_chars(&t));
        }
    }

    #[test]
    fn compact_removes_cjk_spaces() {
        assert_eq!(compact("济宁市 2021 年政府"), "济宁市2021年政府");
        assert_eq!(compact("某市人民\n政府"), "某市人民政府");
        assert_eq!(compact("www.a.cn and b"), "www.a.cn and b");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// The byte-level space skips agree with the character definition, from every
        /// offset (char boundaries or not).
        #[test]
        fn hspace_skips_match_chars(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    " ", "\t", "\u{3000}", "\u{a0}", "\u{2000}", "\n", "a", "年", "\u{3001}",
                    "\u{e3}", "\u{c0}", "\u{8000}", "\u{1f600}",
                ]),
                0..12,
            ),
            max in 0usize..4,
        ) {
            let t = parts.concat();
            for i in 0..=t.len() + 1 {
                let mut f = i;
                while let Some(c) = char_at(&t, f).filter(|&c| is_hspace(c)) {
                    f += c.len_utf8();
                }
                proptest::prop_assert_eq!(skip_hspace(&t, i), f);
                let mut b = i;
                for _ in 0..max {
                    match char_before(&t, b) {
                        Some((j, c)) if is_hspace(c) => b = j,
                        _ => break,
                    }
                }
                proptest::prop_assert_eq!(skip_hspace_back(&t, i, max), b);
            }
        }
    }

    #[test]
    fn boundaries() {
        let s = "一、总";
        assert_eq!(floor_boundary(s, 1), 0);
        assert_eq!(ceil_boundary(s, 1), 3);
        assert_eq!(char_before(s, 3), Some((0, '一')));
        assert_eq!(char_before(s, 1), None);
        assert_eq!(find_all("a、b、", "、").collect::<Vec<_>>(), vec![1, 5]);
        assert_eq!(find_first("a、b、", "b、"), Some(4));
        assert_eq!(find_first("a、b、", "c"), None);
        static N: Needle = Needle::new("、");
        assert_eq!(N.find_iter("a、b、").collect::<Vec<_>>(), vec![1, 5]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// `find_all` finds what `match_indices` finds, whatever byte it pivots on.
        #[test]
        fn find_all_matches_match_indices(
            hay in proptest::collection::vec(
                proptest::sample::select(vec!["年", "开", "、", "。", "公", "地址", "a", "址", "地", "x"]),
                0..40,
            ),
            needle in proptest::collection::vec(
                proptest::sample::select(vec!["年", "开", "、", "公", "地", "址", "a", "。"]),
                1..4,
            ),
        ) {
            let (hay, needle) = (hay.concat(), needle.concat());
            let want: Vec<usize> = hay.match_indices(needle.as_str()).map(|(i, _)| i).collect();
            proptest::prop_assert_eq!(find_all(&hay, &needle).collect::<Vec<_>>(), want);
        }
    }

    #[test]
    fn find_all_is_match_indices() {
        for (hay, needle) in [
            ("aaaa", "aa"),
            ("aaa", "aa"),
            ("本年本年本本年", "本年"),
            ("年年年", "年年"),
            ("", "年"),
            ("x", "xy"),
            ("一、二、三、", "、"),
            ("统计期限统计期统计期限", "统计期"),
        ] {
            let want: Vec<usize> = hay.match_indices(needle).map(|(i, _)| i).collect();
            assert_eq!(
                find_all(hay, needle).collect::<Vec<_>>(),
                want,
                "{hay} {needle}"
            );
        }
    }
}
