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
    for _ in 0..max {
        match char_before(s, i) {
            Some((j, c)) if is_hspace(c) => i = j,
            _ => break,
        }
    }
    i
}

/// Moves `i` forward over horizontal spaces.
pub(crate) fn skip_hspace(s: &str, mut i: usize) -> usize {
    while let Some(c) = char_at(s, i) {
        if is_hspace(c) {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
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
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars.get(i).copied().unwrap_or(' ');
        if c.is_whitespace() {
            let mut j = i;
            while j < chars.len() && chars.get(j).is_some_and(|c| c.is_whitespace()) {
                j += 1;
            }
            let before = out.chars().next_back();
            let after = chars.get(j).copied();
            let cjkish = |c: Option<char>| c.is_some_and(|c| is_han(c) || !c.is_ascii());
            if before.is_none() || after.is_none() || cjkish(before) || cjkish(after) {
                // drop
            } else {
                out.push(' ');
            }
            i = j;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

thread_local! {
    /// Built searchers for the fixed needles of this crate (building one costs about as much
    /// as scanning a few kilobytes, and a report needs dozens).
    static FINDERS: std::cell::RefCell<std::collections::HashMap<&'static str, memchr::memmem::Finder<'static>>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// Byte positions of every non-overlapping occurrence of the fixed `needle` in `hay`.
pub(crate) fn find_all<'h>(hay: &'h str, needle: &'static str) -> impl Iterator<Item = usize> + 'h {
    let finder = FINDERS.with(|f| {
        f.borrow_mut()
            .entry(needle)
            .or_insert_with(|| memchr::memmem::Finder::new(needle.as_bytes()))
            .clone()
    });
    let nlen = needle.len().max(1);
    let mut pos = 0usize;
    std::iter::from_fn(move || {
        let rest = hay.as_bytes().get(pos..)?;
        let at = finder.find(rest)? + pos;
        pos = at + nlen;
        Some(at)
    })
}

/// Byte positions of every occurrence of the character `c` in `hay`.
pub(crate) fn find_char(hay: &str, c: char) -> impl Iterator<Item = usize> + '_ {
    let mut buf = [0u8; 4];
    let enc: &[u8] = c.encode_utf8(&mut buf).as_bytes();
    let (last, head): (u8, Vec<u8>) = match enc.split_last() {
        Some((l, h)) => (*l, h.to_vec()),
        None => (0, Vec::new()),
    };
    let bytes = hay.as_bytes();
    memchr::memchr_iter(last, bytes).filter_map(move |i| {
        let start = i.checked_sub(head.len())?;
        (bytes.get(start..i) == Some(head.as_slice())).then_some(start)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_removes_cjk_spaces() {
        assert_eq!(compact("济宁市 2021 年政府"), "济宁市2021年政府");
        assert_eq!(compact("某市人民\n政府"), "某市人民政府");
        assert_eq!(compact("www.a.cn and b"), "www.a.cn and b");
    }

    #[test]
    fn boundaries() {
        let s = "一、总";
        assert_eq!(floor_boundary(s, 1), 0);
        assert_eq!(ceil_boundary(s, 1), 3);
        assert_eq!(char_before(s, 3), Some((0, '一')));
        assert_eq!(char_before(s, 1), None);
        assert_eq!(find_all("a、b、", "、").collect::<Vec<_>>(), vec![1, 5]);
        assert_eq!(find_char("a、b、", '、').collect::<Vec<_>>(), vec![1, 5]);
    }
}
