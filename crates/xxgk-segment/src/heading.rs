//! Section headings: candidate scan, phrase classification and the choice of one ordered chain.
//!
//! The scan looks for the separators a section numeral is followed by (`、` and, after damage,
//! `.` `，` `,` `．`) with memchr, checks for a numeral just before, and classifies the short
//! phrase after it by key words. Every check reads a bounded window, so the scan is linear.

use crate::num::{cn_number_exact, is_cn_numeral};
use crate::text::{char_at, char_before, is_han, is_hspace, skip_hspace, skip_hspace_back, Needle};
use xxgk_model::SectionKind;

/// Longest heading phrase considered, in non-space characters.
const WINDOW: usize = 40;
/// The key word must start within this many characters of the numeral.
const KEY_WITHIN: usize = 16;

/// A place where a section heading may start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Candidate {
    /// Start of the numeral.
    pub start: usize,
    /// End of the heading phrase.
    pub end: usize,
    /// The printed number.
    pub number: u8,
    /// Kind from the phrase.
    pub kind: SectionKind,
    /// The numeral is preceded by a line start, space or punctuation (not inside a word).
    pub strong: bool,
    /// The numeral starts a line.
    pub line_start: bool,
    /// Arabic numeral (`1、`).
    pub arabic: bool,
    /// Looks like a table-of-contents entry (dot leaders or a page number follow).
    pub toc: bool,
}

impl Candidate {
    /// Number printed equals the template number of the kind.
    pub fn number_matches(&self) -> bool {
        self.kind.number() == Some(self.number)
    }

    fn weight(&self, has_body: bool) -> i64 {
        let base = match (self.arabic, self.number_matches(), self.strong) {
            (false, true, true) => 100,
            (false, true, false) => 90,
            (false, false, true) if self.line_start => 30,
            (true, true, true) => 60,
            _ => return 0,
        };
        let base = if self.toc { 1 } else { base };
        base + if has_body { 5 } else { 0 }
    }
}

fn is_stop(c: char) -> bool {
    matches!(
        c,
        '。' | '，'
            | ','
            | ';'
            | '；'
            | ':'
            | '：'
            | '('
            | '（'
            | ')'
            | '）'
            | '|'
            | '!'
            | '！'
            | '?'
            | '？'
            | '\n'
            | '\r'
            | '《'
            | '》'
            | '“'
            | '”'
            | '"'
    )
}

/// True when `pat` occurs in `chars` at `i`.
fn at(chars: &[char], i: usize, pat: &str) -> bool {
    (i..)
        .zip(pat.chars())
        .all(|(k, p)| chars.get(k) == Some(&p))
}

/// The end (in chars) of a terminator word starting at `i`.
fn terminator_at(chars: &[char], i: usize) -> Option<usize> {
    let c = *chars.get(i)?;
    let next = chars.get(i + 1).copied();
    let ok = match c {
        '情' => matches!(next, Some('况' | '況' | '形')),
        '事' => matches!(next, Some('项' | '項')),
        '措' => next == Some('施'),
        '概' => matches!(next, Some('述' | '况' | '況')),
        '打' => next == Some('算'),
        '方' => next == Some('向'),
        _ => false,
    };
    ok.then_some(i + 2)
}

/// The section kind whose key word starts at `i`, with the key word's length, and the kind's
/// priority (lower wins when a phrase holds several key words).
fn key_at(chars: &[char], i: usize) -> Option<(SectionKind, usize, u8)> {
    let w = chars.get(i..)?;
    let c = *w.first()?;
    let k = |kind, pats: &[&[char]], prio| {
        pats.iter()
            .find(|p| w.starts_with(p))
            .map(|p| (kind, p.len(), prio))
    };
    match c {
        '复' | '復' | '複' => k(
            SectionKind::ReviewLitigation,
            &[&['复', '议'], &['復', '議'], &['複', '議']],
            0,
        ),
        '诉' | '訴' => k(
            SectionKind::ReviewLitigation,
            &[&['诉', '讼'], &['訴', '訟']],
            0,
        ),
        '其' => k(
            SectionKind::Other,
            &[
                &['其', '他', '需', '要', '报', '告'],
                &['其', '他', '需', '要', '報', '告'],
                &['其', '它', '需', '要', '报', '告'],
                &['其', '他', '事', '项'],
                &['其', '他', '事', '項'],
            ],
            1,
        ),
        '问' | '問' => k(SectionKind::Problems, &[&['问', '题'], &['問', '題']], 2),
        '收' => k(
            SectionKind::Requests,
            &[
                &['收', '到', '和', '处', '理'],
                &['收', '到', '和', '處', '理'],
            ],
            3,
        ),
        '依' => k(
            SectionKind::Requests,
            &[&['依', '申', '请'], &['依', '申', '請']],
            3,
        ),
        '申' => k(
            SectionKind::Requests,
            &[
                &['申', '请', '公', '开'],
                &['申', '請', '公', '開'],
                &['申', '请', '情', '况'],
            ],
            3,
        ),
        '主' => k(
            SectionKind::ActiveDisclosure,
            &[&['主', '动', '公', '开'], &['主', '動', '公', '開']],
            4,
        ),
        '总' | '總' => k(SectionKind::Overview, &[&['总', '体'], &['總', '體']], 5),
        '基' => k(
            SectionKind::Overview,
            &[&['基', '本', '情', '况'], &['基', '本', '情', '況']],
            5,
        ),
        '概' => k(
            SectionKind::Overview,
            &[&['概', '述'], &['概', '况'], &['概', '況']],
            5,
        ),
        _ => None,
    }
}

const EXCLUDE: &[&str] = &["本年", "上年", "结转", "結轉", "本年度"];

#[cfg(test)]
/// True for the first characters of the [`EXCLUDE`] words (本年, 上年, 结转 and 本年度, which
/// starts with 本年).
fn excluded_pair(a: char, b: char) -> bool {
    matches!((a, b), ('本' | '上', '年') | ('结', '转') | ('結', '轉'))
}

/// True when the first two characters from byte `i` on that are no horizontal space form an
/// excluded pair ([`excluded_pair`]). Compares bytes (`i` on a character boundary).
fn excluded_after(text: &str, i: usize) -> bool {
    let b = text.as_bytes();
    let i = skip_hspace(text, i);
    // 本 上 → 年, 结 → 转, 結 → 轉 (UTF-8)
    let second: [u8; 3] = match b.get(i..i + 3) {
        Some([0xE6, 0x9C, 0xAC] | [0xE4, 0xB8, 0x8A]) => [0xE5, 0xB9, 0xB4],
        Some([0xE7, 0xBB, 0x93]) => [0xE8, 0xBD, 0xAC],
        Some([0xE7, 0xB5, 0x90]) => [0xE8, 0xBD, 0x89],
        _ => return false,
    };
    let j = skip_hspace(text, i + 3);
    b.get(j..j + 3) == Some(&second[..])
}

/// True for the second characters of the terminator words of [`terminator_at`].
fn is_terminator_end(c: char) -> bool {
    matches!(
        c,
        '况' | '況' | '形' | '项' | '項' | '施' | '述' | '算' | '向'
    )
}

/// Bit `c % 128` set for every character of [`is_key_first`] and [`is_terminator_end`].
const SPECIAL: u128 = special_mask();

const fn special_mask() -> u128 {
    let all = [
        '复', '復', '複', '诉', '訴', '其', '问', '問', '收', '依', '申', '主', '总', '總', '基',
        '概', '况', '況', '形', '项', '項', '施', '述', '算', '向',
    ];
    let mut m = 0u128;
    let mut i = 0;
    while i < all.len() {
        m |= 1 << (all[i] as u32 % 128);
        i += 1;
    }
    m
}

/// False for most characters that [`is_key_first`] and [`is_terminator_end`] both reject (a
/// one-bit test; true may be a false alarm).
fn may_be_special(c: char) -> bool {
    SPECIAL >> (c as u32 % 128) & 1 != 0
}

/// True for the characters a key word of [`key_at`] starts with.
fn is_key_first(c: char) -> bool {
    matches!(
        c,
        '复' | '復'
            | '複'
            | '诉'
            | '訴'
            | '其'
            | '问'
            | '問'
            | '收'
            | '依'
            | '申'
            | '主'
            | '总'
            | '總'
            | '基'
            | '概'
    )
}

/// Classifies the phrase after a numeral; returns the kind and the phrase length in chars.
///
/// The phrase ends at its first terminator word (情况, 事项, 措施, 概述…): a key word after it
/// belongs to the text that follows (an inline heading, the next heading). One pass over at
/// most [`WINDOW`] characters.
#[cfg(test)]
pub(crate) fn classify(chars: &[char]) -> Option<(SectionKind, usize)> {
    if EXCLUDE.iter().any(|e| at(chars, 0, e)) {
        return None;
    }
    let first_term = (0..chars.len()).find_map(|i| terminator_at(chars, i));
    let keys = chars
        .iter()
        .take(KEY_WITHIN)
        .enumerate()
        .filter(|&(_, &c)| is_key_first(c))
        .fold(0u32, |m, (i, _)| m | 1 << i);
    classify_with(chars, first_term, keys)
}

/// `classify` of a phrase that starts with no [`EXCLUDE`] word and whose first terminator
/// word ends at `first_term`; bit `i` of `keys` is set where character `i` (of the first
/// [`KEY_WITHIN`]) may start a key word (the scan knows all three as it reads the window).
fn classify_with(
    chars: &[char],
    first_term: Option<usize>,
    keys: u32,
) -> Option<(SectionKind, usize)> {
    let limit = first_term.unwrap_or(chars.len());
    let mut best: Option<(SectionKind, usize, u8)> = None;
    let mut rest = keys;
    while rest != 0 {
        let i = rest.trailing_zeros() as usize;
        rest &= rest - 1;
        if i >= KEY_WITHIN.min(limit) {
            break;
        }
        if let Some((kind, len, prio)) = key_at(chars, i) {
            if i + len <= limit && best.is_none_or(|(_, _, p)| prio < p) {
                best = Some((kind, i, prio));
            }
        }
    }
    let (kind, key_start, _) = best?;
    match first_term {
        Some(e) => Some((kind, e)),
        // 存在的主要问题 without 及改进情况
        None if kind == SectionKind::Problems => (key_start..chars.len())
            .find(|&i| at(chars, i, "问题") || at(chars, i, "問題"))
            .map(|i| (kind, i + 2)),
        None => None,
    }
}

/// Scans `text` for section heading candidates, in position order. Also returns, in position
/// order, every `、` `．` `.` that directly follows an ASCII digit (where the sub-section scan
/// looks for `1、` markers: see [`crate::sub::digit_separators`]).
///
/// Candidates numbered with Arabic digits (`1.`) are the commonest hits (numbered lists, table
/// rows) and count in [`choose`] only when fewer than two Chinese-numbered candidates carry
/// their template number; otherwise an Arabic one can only end the body of the heading before
/// it. So they are read only where that can happen (see [`arabic_wanted`]), unless the Chinese
/// ones are too few or the candidate limit may be reached; [`scan_all`] reads them all, and
/// [`choose`] decides the same on both lists.
/// `seps`: whether to collect the separators (the sub-section scan's only use of them).
pub(crate) fn scan(text: &str, limit: usize, seps: bool) -> (Vec<Candidate>, bool, Vec<usize>) {
    scan_with(text, limit, seps, false)
}

/// [`scan`] reading every Arabic candidate.
#[cfg(test)]
pub(crate) fn scan_all(text: &str, limit: usize) -> (Vec<Candidate>, bool, Vec<usize>) {
    scan_with(text, limit, true, true)
}

fn scan_with(
    text: &str,
    limit: usize,
    seps: bool,
    all: bool,
) -> (Vec<Candidate>, bool, Vec<usize>) {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(32);
    let mut digit_seps = if seps {
        Vec::with_capacity(64)
    } else {
        Vec::new()
    };
    // separators after an Arabic numeral (maybe after spaces): read below
    let mut arabic = Vec::with_capacity(64);
    let mut check = |p: usize| {
        if let Some(before) = numeral_may_precede(bytes, p) {
            // (the separators: `、` E3 80 81, `，` EF BC 8C, `．` EF BC 8E, `.`, `,`)
            // 、 or ． or `.` (not a comma: an Arabic numeral takes no comma)
            let stop = match bytes.get(p) {
                Some(b'.' | 0xE3) => true,
                Some(0xEF) => bytes.get(p + 2) == Some(&0x8E),
                _ => false,
            };
            if seps
                && stop
                && p.checked_sub(1)
                    .and_then(|i| bytes.get(i))
                    .is_some_and(u8::is_ascii_digit)
            {
                digit_seps.push(p);
            }
            // (what numeral_may_precede saw before the separator decides all but spaces)
            let digit = match before {
                Before::Digit => true,
                Before::Numeral => false,
                Before::Space => after_ascii_digit(text, p),
            };
            if digit {
                // (candidate_at takes no Arabic numeral before a comma)
                if stop {
                    arabic.push(p);
                }
            } else if excluded_after(text, p + sep_len(bytes, p)) {
                // a table-3 row label (candidate_at would drop it first): the commonest hit
            } else if let Some(c) = candidate_at(text, p, true) {
                out.push(c);
            }
        }
    };
    static SEPS: [Needle; 3] = [Needle::new("、"), Needle::new("，"), Needle::new("．")];
    for pat in &SEPS {
        pat.find_iter(text).for_each(&mut check);
    }
    memchr::memchr2_iter(b'.', b',', bytes).for_each(&mut check);
    out.sort_unstable_by_key(|c| (c.start, c.end));
    out.dedup_by_key(|c| c.start);
    // (a few sorted runs, one per search: the stable sort merges them)
    arabic.sort();
    let chinese = out
        .iter()
        .filter(|c| !c.arabic && c.number_matches())
        .count();
    if all || chinese < 2 || out.len() + arabic.len() > limit {
        out.extend(arabic.iter().filter_map(|&p| candidate_at(text, p, false)));
    } else {
        let wanted = arabic_wanted(text, &out, &arabic);
        out.extend(wanted.iter().filter_map(|&p| candidate_at(text, p, false)));
    }
    out.sort_unstable_by_key(|c| (c.start, c.end));
    out.dedup_by_key(|c| c.start);
    let truncated = out.len() > limit;
    out.truncate(limit);
    digit_seps.sort();
    (out, truncated, digit_seps)
}

/// The length of the separator at `p` (`.` `,` or a three-byte `、` `，` `．`).
fn sep_len(bytes: &[u8], p: usize) -> usize {
    match bytes.get(p) {
        Some(b) if b.is_ascii() => 1,
        _ => 3,
    }
}

/// True when the numeral [`candidate_at`] reads before the separator at `p` is an ASCII digit
/// (the character before `p`, up to two horizontal spaces skipped, as there).
fn after_ascii_digit(text: &str, p: usize) -> bool {
    let q = skip_hspace_back(text, p, 2);
    q.checked_sub(1)
        .and_then(|i| text.as_bytes().get(i))
        .is_some_and(u8::is_ascii_digit)
}

/// The separators of `arabic` (sorted) whose candidate may follow a candidate of `chinese`
/// (sorted, one per start) with nothing but white space and `|` between them, which is all
/// an Arabic candidate changes in [`choose`] when it carries no weight: the body of the
/// heading before it ([`choose`]'s `has_body`). Candidates after such a gap, or after another
/// Arabic one, leave every weight as it is, so they need not be read.
///
/// A candidate starts at most 7 bytes before its separator (a digit, two spaces of up to three
/// bytes) and after it, so the separators up to 7 bytes past the gap are taken.
fn arabic_wanted(text: &str, chinese: &[Candidate], arabic: &[usize]) -> Vec<usize> {
    let mut wanted = Vec::new();
    let mut taken = 0;
    for (j, c) in chinese.iter().enumerate() {
        // the gap after the heading ends at its first character other than white space or
        // `|`, or at the next Chinese candidate (an Arabic one after that follows it instead)
        let limit = chinese.get(j + 1).map_or(text.len(), |n| n.start);
        let g = if c.end >= limit {
            limit
        } else {
            text.get(c.end..limit)
                .and_then(|gap| {
                    gap.char_indices()
                        .find(|&(_, ch)| !ch.is_whitespace() && ch != '|')
                })
                .map_or(limit, |(k, _)| c.end + k)
        };
        let lo = arabic.partition_point(|&p| p <= c.start).max(taken);
        let hi = arabic.partition_point(|&p| p <= g + 7);
        if let Some(ps) = arabic.get(lo..hi) {
            wanted.extend_from_slice(ps);
            taken = hi;
        }
    }
    wanted
}

/// What [`numeral_may_precede`] found before a separator (after at most two spaces or tabs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Before {
    /// An ASCII digit: [`after_ascii_digit`] is true.
    Digit,
    /// 一 … 十: [`after_ascii_digit`] is false.
    Numeral,
    /// U+3000 or U+00A0 (spaces [`after_ascii_digit`] skips): it has to look.
    Space,
}

/// Cheap byte test before the full check: the separator at `p` may follow a numeral (an ASCII
/// digit, or a three-byte character whose lead byte is that of 一 … 十), maybe after spaces;
/// `None` when it cannot.
fn numeral_may_precede(bytes: &[u8], p: usize) -> Option<Before> {
    // the byte just before: a space or tab (skipped below), a digit, or the last byte of a
    // numeral, U+3000 or U+00A0 (see the table below); anything else is decided here
    match p.checked_sub(1).and_then(|i| bytes.get(i)) {
        Some(&b) if b >= 0x80 => {
            if (NUMERAL_LAST_BYTES >> (b & 0x3F)) & 1 == 0 || b >= 0xC0 {
                return None;
            }
        }
        Some(&b) if !(b.is_ascii_digit() || b == b' ' || b == b'\t') => return None,
        Some(_) => {}
        None => return None,
    }
    numeral_may_precede_full(bytes, p)
}

/// Bit `b - 0x80` set for the last byte `b` of 一 二 三 四 五 六 七 八 九 十, U+3000 and U+00A0
/// in UTF-8 (the three-byte sequences of [`numeral_may_precede_full`], and A0).
const NUMERAL_LAST_BYTES: u64 = {
    let last = [
        0x80u8, 0x89, 0x83, 0x8C, 0x94, 0x9B, 0xAD, 0xAB, 0x9D, 0x81, 0x80, 0xA0,
    ];
    let mut m = 0u64;
    let mut i = 0;
    while i < last.len() {
        m |= 1 << (last[i] - 0x80);
        i += 1;
    }
    m
};

/// [`numeral_may_precede`] without the one-byte rejection.
fn numeral_may_precede_full(bytes: &[u8], p: usize) -> Option<Before> {
    let mut q = p;
    for _ in 0..2 {
        match q.checked_sub(1).and_then(|i| bytes.get(i)) {
            Some(b' ' | b'\t') => q -= 1,
            _ => break,
        }
    }
    // 一 二 三 四 五 六 七 八 九 十, U+3000 and U+00A0 (spaces the full check skips) in UTF-8
    let i = q.checked_sub(1)?;
    match bytes.get(i) {
        Some(b) if b.is_ascii_digit() => Some(Before::Digit),
        Some(0xA0) => {
            (i.checked_sub(1).and_then(|j| bytes.get(j)) == Some(&0xC2)).then_some(Before::Space)
        }
        Some(_) => match i.checked_sub(2).and_then(|j| bytes.get(j..=i)) {
            Some(
                [0xE4, 0xB8, 0x80 | 0x89 | 0x83]
                | [0xE4, 0xBA, 0x8C | 0x94]
                | [0xE5, 0x9B, 0x9B]
                | [0xE5, 0x85, 0xAD | 0xAB]
                | [0xE4, 0xB9, 0x9D]
                | [0xE5, 0x8D, 0x81],
            ) => Some(Before::Numeral),
            Some([0xE3, 0x80, 0x80]) => Some(Before::Space),
            _ => None,
        },
        None => None,
    }
}

/// The candidate whose separator starts at byte `p`, if the text there is a heading.
/// `pair_checked`: the caller already found no excluded pair after the separator.
// (kept out of line: inlined into the scan's loop, it costs more instructions)
#[inline(never)]
fn candidate_at(text: &str, p: usize, pair_checked: bool) -> Option<Candidate> {
    let sep = char_at(text, p)?;
    // table-3 row labels (一、本年新收…, 三、本年度办理结果…) are the commonest false hits:
    // drop them before any other work (the window below would stop at the same two characters)
    if !pair_checked && excluded_after(text, p + sep.len_utf8()) {
        return None;
    }
    let q = skip_hspace_back(text, p, 2);
    // the numeral run before q
    let (last_start, last) = char_before(text, q)?;
    let (start, number, arabic) = if is_cn_numeral(last) {
        let mut st = last_start;
        let mut best = cn_number_exact(text.get(last_start..q)?).map(|n| (last_start, n));
        for _ in 0..2 {
            match char_before(text, st) {
                Some((j, c)) if is_cn_numeral(c) => {
                    st = j;
                    if let Some(n) = text.get(j..q).and_then(cn_number_exact) {
                        best = Some((j, n));
                    }
                }
                _ => break,
            }
        }
        let (st, n) = best?;
        (st, n, false)
    } else if last.is_ascii_digit() {
        if !matches!(sep, '、' | '.' | '．') {
            return None;
        }
        let prev = char_before(text, last_start);
        if prev.is_some_and(|(_, c)| c.is_ascii_digit() || c == '.') {
            return None;
        }
        (last_start, last.to_digit(10)?, true)
    } else {
        return None;
    };
    let number = u8::try_from(number).ok()?;
    let before = char_before(text, start).map(|(_, c)| c);
    let line_start = match before {
        None => true,
        Some(_) => {
            let b = skip_hspace_back(text, start, usize::MAX);
            matches!(
                b.checked_sub(1).map(|k| text.as_bytes().get(k)),
                None | Some(Some(&(b'\n' | b'\r')))
            )
        }
    };
    let strong = match before {
        None => true,
        Some(c) => !(is_han(c) || c.is_alphanumeric()),
    };
    if arabic && !strong {
        return None;
    }
    // the phrase window after the separator
    let i = skip_hspace(text, p + sep.len_utf8());
    let tail = text.get(i..)?;
    if arabic && tail.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // A phrase classifies only with a key word starting within its first KEY_WITHIN
    // characters; without one, only a line-start heading outside the six can come of it.
    let unknown_ok = line_start && strong && !arabic;
    // the template wordings are read by a byte comparison (same result as the window)
    let (kind, end) = match known_phrase(text, i) {
        Some(x) => x,
        None => phrase(text, i, unknown_ok)?,
    };
    let toc = looks_like_toc(text, end);
    Some(Candidate {
        start,
        end,
        number,
        kind,
        strong,
        line_start,
        arabic,
        toc,
    })
}

/// What the window of [`candidate_at`] read after the separator: at most [`WINDOW`]
/// characters that are no horizontal space, up to a stop character or the end of the first
/// terminator word.
struct Window {
    chars: [char; WINDOW],
    /// Characters read.
    n: usize,
    /// Bit `k` set where character `k` (of the first [`KEY_WITHIN`]) may start a key word.
    keys: u32,
    /// The end (in characters) of the first terminator word, where the window stopped.
    first_term: Option<usize>,
    /// Where the window stopped at a terminator word: the byte offset in `tail` after it.
    term_end: usize,
}

/// Reads the window over `tail`; `None` when no key word can start within the first
/// [`KEY_WITHIN`] characters and `unknown_ok` is false (the phrase cannot classify).
#[inline(always)]
fn read_window(tail: &str, unknown_ok: bool) -> Option<Window> {
    let mut keys = 0u32;
    let mut first_term = None;
    let mut chars: [char; WINDOW] = [' '; WINDOW];
    // where the loop stopped at a terminator word: the byte offset in `tail` after it
    let mut term_end = 0;
    let mut n = 0;
    let mut it = tail.chars();
    while let Some(c) = it.next() {
        if n >= WINDOW {
            break;
        }
        // CJK Unified Ideographs hold no stop character and no space; all key and terminator
        // characters are among them, so only those go to the bitmap test
        let common_han = matches!(c as u32, 0x4E00..=0x9FFF);
        if !common_han {
            if is_stop(c) {
                break;
            }
            if is_hspace(c) {
                continue;
            }
        }
        if let Some(slot) = chars.get_mut(n) {
            *slot = c;
        }
        let special = common_han && may_be_special(c);
        if special && n < KEY_WITHIN && is_key_first(c) {
            keys |= 1 << n;
        }
        n += 1;
        // (the first two characters are no excluded pair: checked above)
        if n == KEY_WITHIN && keys == 0 && !unknown_ok {
            return None;
        }
        // the phrase ends at its first terminator word: no need to read further
        if special
            && n >= 2
            && is_terminator_end(c)
            && terminator_at(chars.get(..n)?, n - 2).is_some()
        {
            first_term = Some(n);
            term_end = tail.len() - it.as_str().len();
            break;
        }
    }
    Some(Window {
        chars,
        n,
        keys,
        first_term,
        term_end,
    })
}

/// The kind and the end of the heading phrase starting at byte `i` (after the separator and
/// its spaces), read by the window: the general path of [`candidate_at`].
fn phrase(text: &str, i: usize, unknown_ok: bool) -> Option<(SectionKind, usize)> {
    let tail = text.get(i..)?;
    let w = read_window(tail, unknown_ok)?;
    if w.keys == 0 && !unknown_ok {
        return None;
    }
    let window = w.chars.get(..w.n)?;
    // the window holds no excluded pair (checked before) and its first terminator is the one
    // the loop stopped at
    let (kind, len) = match classify_with(window, w.first_term, w.keys) {
        Some(x) => x,
        None if unknown_ok => {
            unknown_heading(text, window, i, w.first_term.map(|_| i + w.term_end))?
        }
        None => return None,
    };
    // a phrase that ends at the terminator the loop stopped at ends where the loop stopped
    let end = if w.first_term == Some(len) {
        i + w.term_end
    } else {
        nth_end(text, i, len)?
    };
    Some((kind, end))
}

/// Heading wordings of the templates (and their common variants), read by [`known_phrase`].
const KNOWN: &[&str] = &[
    "总体情况",
    "基本情况",
    "总体工作情况",
    "政府信息公开工作总体情况",
    "概述",
    "主动公开政府信息情况",
    "主动公开政府信息的情况",
    "收到和处理政府信息公开申请情况",
    "收到和处理政府信息公开申请的情况",
    "政府信息公开行政复议、行政诉讼情况",
    "政府信息公开行政复议和行政诉讼情况",
    "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
    "政府信息公开行政复议、行政诉讼的情况",
    "存在的主要问题及改进情况",
    "政府信息公开工作存在的主要问题及改进情况",
    "存在问题及改进情况",
    "存在的主要问题和改进措施",
    "其他需要报告的事项",
    "其他需要报告事项",
];

/// A wording of [`KNOWN`] with what [`phrase`] reads from it.
struct Known {
    /// The first three bytes (the first character), as a number.
    first: u32,
    bytes: &'static [u8],
    kind: SectionKind,
    /// The phrase end, in bytes from the wording's start.
    end: usize,
}

/// The wordings of [`KNOWN`] whose window (a) stops at a terminator word that ends the wording
/// and (b) sees a key word within [`KEY_WITHIN`] characters, and that classify: the window
/// reads the same characters wherever the wording stands and whatever follows it, so
/// [`phrase`] of any text that starts with the wording gives this kind and end.
fn known_table() -> &'static [Known] {
    static TABLE: std::sync::OnceLock<Vec<Known>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        KNOWN
            .iter()
            .filter_map(|&p| {
                let w = read_window(p, false)?;
                if w.keys == 0 || w.first_term != Some(w.n) || w.term_end != p.len() {
                    return None;
                }
                let (kind, len) = classify_with(w.chars.get(..w.n)?, w.first_term, w.keys)?;
                let end = if len == w.n {
                    p.len()
                } else {
                    nth_end(p, 0, len)?
                };
                Some(Known {
                    first: first3(p.as_bytes())?,
                    bytes: p.as_bytes(),
                    kind,
                    end,
                })
            })
            .collect()
    })
}

/// [`phrase`] at byte `i` when the text there starts with a wording of [`known_table`]
/// (whatever `unknown_ok`): a byte comparison instead of the window.
fn known_phrase(text: &str, i: usize) -> Option<(SectionKind, usize)> {
    let tail = text.as_bytes().get(i..)?;
    let head = first3(tail)?;
    known_table()
        .iter()
        .find(|k| k.first == head && tail.starts_with(k.bytes))
        .map(|k| (k.kind, i + k.end))
}

/// The first three bytes of `b` as a number.
fn first3(b: &[u8]) -> Option<u32> {
    match b {
        [x, y, z, ..] => Some(u32::from(*x) << 16 | u32::from(*y) << 8 | u32::from(*z)),
        _ => None,
    }
}

/// The end of the `n`-th character from `from` that is no horizontal space: the end of the
/// phrase of `n` characters the window of [`candidate_at`] read (it skips the same spaces).
/// Steps over bytes by their UTF-8 length.
fn nth_end(text: &str, from: usize, n: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut k = from;
    let mut seen = 0;
    while seen < n {
        let lead = *b.get(k)?;
        let sp = crate::text::hspace_len_at(b, k);
        if sp > 0 {
            k += sp;
            continue;
        }
        k += crate::text::utf8_len(lead);
        seen += 1;
    }
    (seen > 0).then_some(k)
}

/// A heading outside the six (legacy parts such as 四、政府信息公开的收费及减免情况): a whole
/// line of at most 30 characters that ends with a terminator word, after a numeral that starts
/// the line. Kept only where its number fits between the chosen sections (see [`choose`]).
/// The window starts at `from`; `term_end` is its end when the window stopped at a terminator
/// word (the only window that can end with one).
fn unknown_heading(
    text: &str,
    window: &[char],
    from: usize,
    term_end: Option<usize>,
) -> Option<(SectionKind, usize)> {
    let n = window.len();
    if !(3..=30).contains(&n) || EXCLUDE.iter().any(|e| at(window, 0, e)) {
        return None;
    }
    terminator_at(window, n - 2)?;
    let end = match term_end {
        Some(e) => e,
        None => nth_end(text, from, n)?,
    };
    let after = skip_hspace(text, end);
    matches!(char_at(text, after), None | Some('\n' | '\r')).then_some((SectionKind::Unknown, n))
}

/// Dot leaders, or a bare page number ending the line, right after a heading.
fn looks_like_toc(text: &str, end: usize) -> bool {
    let rest = text.get(end..).unwrap_or("");
    let mut leaders = 0;
    let mut digits = 0;
    for c in rest.chars().take(80) {
        match c {
            '.' | '…' | '·' | '．' | '_' | '⋯' => leaders += 1,
            ' ' | '\t' | '\u{3000}' => {}
            '0'..='9' => digits += 1,
            '\n' | '\r' => return leaders >= 3 || (digits > 0 && digits <= 3),
            _ => return leaders >= 3,
        }
    }
    leaders >= 3 || (digits > 0 && digits <= 3 && rest.chars().take(80).count() < 80)
}

/// What the chain choice decided.
#[derive(Debug, Default)]
pub(crate) struct Chosen {
    /// Indexes into the candidate list, in position order.
    pub picked: Vec<usize>,
    /// Candidates added outside the template order.
    pub out_of_order: Vec<usize>,
    /// Candidates that repeat a chosen kind with a body of their own.
    pub duplicates: Vec<usize>,
}

/// Whether text other than white space and `|` lies between the end of candidate `i` and the
/// next candidate's start (the end of the text after the last).
fn has_body(text: &str, cands: &[Candidate], i: usize) -> bool {
    let Some(c) = cands.get(i) else { return false };
    let next = cands.get(i + 1).map_or(text.len(), |n| n.start);
    text.get(c.end..next.max(c.end))
        .is_some_and(|g| g.chars().any(|ch| !ch.is_whitespace() && ch != '|'))
}

/// [`has_body`] of every candidate.
#[cfg(test)]
fn has_bodies(text: &str, cands: &[Candidate]) -> Vec<bool> {
    (0..cands.len()).map(|i| has_body(text, cands, i)).collect()
}

/// Chooses the best ordered chain of headings (kinds strictly in template order).
pub(crate) fn choose(text: &str, cands: &[Candidate]) -> Chosen {
    // Arabic-numbered sections only when Chinese numerals give nothing usable.
    let chinese = cands
        .iter()
        .filter(|c| !c.arabic && c.number_matches())
        .count();
    let usable = |c: &Candidate| !(c.arabic && chinese >= 2);
    // (a body is looked for only where it counts)
    let weights: Vec<i64> = cands
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if usable(c) {
                c.weight(has_body(text, cands, i))
            } else {
                0
            }
        })
        .collect();
    // best[k] = (score, candidate) of the best chain ending with kind index k
    let mut best: [Option<(i64, usize)>; 6] = [None; 6];
    let mut pred: Vec<Option<usize>> = vec![None; cands.len()];
    for (i, c) in cands.iter().enumerate() {
        let w = weights.get(i).copied().unwrap_or(0);
        if w <= 0 {
            continue;
        }
        let Some(k) = c.kind.number().map(|n| usize::from(n) - 1) else {
            continue;
        };
        let prev = best
            .get(..k)
            .unwrap_or(&[])
            .iter()
            .flatten()
            .copied()
            .max_by_key(|&(s, idx)| (s, idx));
        let total = w + prev.map_or(0, |(s, _)| s);
        if let Some(slot) = best.get_mut(k) {
            if slot.is_none_or(|(s, _)| total >= s) {
                *slot = Some((total, i));
                if let Some(p) = pred.get_mut(i) {
                    *p = prev.map(|(_, idx)| idx);
                }
            }
        }
    }
    let mut chosen = Chosen {
        picked: Vec::with_capacity(8),
        ..Chosen::default()
    };
    let mut cur = best
        .iter()
        .flatten()
        .copied()
        .max_by_key(|&(s, i)| (s, i))
        .map(|(_, i)| i);
    while let Some(i) = cur {
        chosen.picked.push(i);
        cur = pred.get(i).copied().flatten();
    }
    chosen.picked.reverse();
    let Some(first) = chosen
        .picked
        .first()
        .and_then(|&i| cands.get(i))
        .map(|c| c.start)
    else {
        return chosen;
    };
    // kinds left out by the order constraint, found later with a full weight
    let have = |kind: SectionKind, picked: &[usize]| {
        picked
            .iter()
            .any(|&i| cands.get(i).is_some_and(|c| c.kind == kind))
    };
    let mut extra = Vec::new();
    for (i, c) in cands.iter().enumerate() {
        let w = weights.get(i).copied().unwrap_or(0);
        if c.start <= first || w < 90 || chosen.picked.contains(&i) {
            continue;
        }
        if !have(c.kind, &chosen.picked)
            && !extra
                .iter()
                .any(|&j: &usize| cands.get(j).is_some_and(|d| d.kind == c.kind))
        {
            extra.push(i);
        } else if have(c.kind, &chosen.picked) && has_body(text, cands, i) {
            chosen.duplicates.push(i);
        }
    }
    chosen.out_of_order = extra.clone();
    chosen.picked.extend(extra);
    chosen.picked.sort_unstable();
    // headings outside the six whose number fits strictly between their chosen neighbours
    // (the picked indexes are in position order, as the candidates are)
    let numbered = |j: usize| {
        chosen
            .picked
            .get(j)
            .and_then(|&i| cands.get(i))
            .map(|c| (c.start, c.number))
    };
    let mut unknown = Vec::new();
    for (i, c) in cands.iter().enumerate() {
        if c.kind != SectionKind::Unknown || c.start <= first {
            continue;
        }
        let k = chosen
            .picked
            .partition_point(|&i| cands.get(i).is_some_and(|d| d.start < c.start));
        let prev = k.checked_sub(1).and_then(numbered).map(|(_, n)| n);
        let next = numbered(k).map(|(_, n)| n);
        let fits = match (prev, next) {
            (Some(p), Some(nx)) => p < c.number && c.number < nx,
            (Some(p), None) => c.number == p + 1,
            _ => false,
        };
        if fits {
            unknown.push(i);
        }
    }
    // one per number
    unknown.dedup_by_key(|&mut i| cands.get(i).map(|c| c.number));
    chosen.picked.extend(unknown);
    chosen.picked.sort_unstable();
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(SectionKind, String)> {
        let (c, _, _) = scan(text, 1000, true);
        let ch = choose(text, &c);
        ch.picked
            .iter()
            .map(|&i| {
                let c = c[i];
                (c.kind, text[c.start..c.end].to_string())
            })
            .collect()
    }

    #[test]
    fn classify_variants() {
        let k = |s: &str| classify(&s.chars().collect::<Vec<_>>()).map(|(k, _)| k);
        assert_eq!(k("总体情况"), Some(SectionKind::Overview));
        assert_eq!(k("基本情况"), Some(SectionKind::Overview));
        assert_eq!(k("概述"), Some(SectionKind::Overview));
        assert_eq!(k("政府信息公开工作总体情况"), Some(SectionKind::Overview));
        assert_eq!(
            k("主动公开政府信息的情况"),
            Some(SectionKind::ActiveDisclosure)
        );
        assert_eq!(k("政府信息依申请公开办理情况"), Some(SectionKind::Requests));
        assert_eq!(
            k("因政府信息公开工作被申请行政复议、提起行政诉讼情况"),
            Some(SectionKind::ReviewLitigation)
        );
        assert_eq!(k("存在的主要问题和改进措施"), Some(SectionKind::Problems));
        assert_eq!(k("其他需要报告事项"), Some(SectionKind::Other));
        assert_eq!(k("本年新收政府信息公开申请数量"), None);
        assert_eq!(k("上年结转政府信息公开申请数量"), None);
        assert_eq!(k("结转下年度继续办理"), None);
        assert_eq!(k("加强组织领导"), None);
    }

    #[test]
    fn inline_and_bare_headings() {
        let t = "前言。 一、总体情况 2020年,工作。 二、主动公开政府信息情况\n四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况 问题。 六、其他需要报告的事项 无";
        let k: Vec<_> = kinds(t).into_iter().map(|(k, _)| k).collect();
        assert_eq!(
            k,
            vec![
                SectionKind::Overview,
                SectionKind::ActiveDisclosure,
                SectionKind::ReviewLitigation,
                SectionKind::Problems,
                SectionKind::Other
            ]
        );
    }

    #[test]
    fn heading_text_ends_at_phrase() {
        let t = "一、总 体 情 况\n正文\n六、其他需要报告的事项(无)";
        let k = kinds(t);
        assert_eq!(k[0].1, "一、总 体 情 况");
        assert_eq!(k[1].1, "六、其他需要报告的事项");
    }

    #[test]
    fn table_rows_are_not_headings() {
        let t = "三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量 1 二、上年结转政府信息公开申请数量 0 三、本年度办理结果 四、结转下年度继续办理 0 四、政府信息公开行政复议、行政诉讼情况 0";
        let k: Vec<_> = kinds(t).into_iter().map(|(k, _)| k).collect();
        assert_eq!(
            k,
            vec![SectionKind::Requests, SectionKind::ReviewLitigation]
        );
    }

    #[test]
    fn toc_is_skipped() {
        let t = "目录\n一、总体情况......1\n二、主动公开政府信息情况......3\n正文\n一、总体情况\n内容。\n二、主动公开政府信息情况\n表。";
        let (c, _, _) = scan(t, 100, true);
        let ch = choose(t, &c);
        let starts: Vec<_> = ch.picked.iter().map(|&i| c[i].start).collect();
        assert_eq!(starts.len(), 2);
        assert!(starts[0] > t.find("正文").unwrap());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// The separators `scan` collects for the sub-section scan are those it would find
        /// on its own.
        #[test]
        fn scan_collects_digit_separators(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "1", "12", "、", "．", ".", ",", "，", " ", "一", "二", "年", "a", "\n",
                    "\u{3000}", "总体情况", "3.5", "（", "）",
                ]),
                0..30,
            ),
        ) {
            let text = parts.concat();
            let (_, _, seps) = scan(&text, 1000, true);
            proptest::prop_assert_eq!(seps, crate::sub::digit_separators(&text));
        }
    }

    #[test]
    fn scan_collects_digit_separators_of_reports() {
        for seed in 0..40 {
            let s = xxgk_model::testkit::generate(seed);
            for text in [s.render_text().text, s.render_flattened().text] {
                let (_, _, seps) = scan(&text, 100_000, true);
                assert_eq!(seps, crate::sub::digit_separators(&text), "seed {seed}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// The one-byte rejection of `numeral_may_precede` changes no answer.
        #[test]
        fn numeral_byte_test_is_full_test(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "0", "9", " ",
                    "\t", "\u{3000}", "\u{a0}", "年", "a", "、", "\u{4e00}\u{4e01}", "丁",
                    "\u{c0}", "\u{80}", "\u{ad}", "\u{1f600}", "，", ".", "\n",
                ]),
                0..12,
            ),
        ) {
            let text = parts.concat();
            let b = text.as_bytes();
            for p in 0..=b.len() + 1 {
                proptest::prop_assert_eq!(
                    numeral_may_precede(b, p),
                    numeral_may_precede_full(b, p),
                    "{:?} at {}", text, p
                );
                // Digit and Numeral tell what after_ascii_digit answers (at separators, which
                // start characters)
                if text.is_char_boundary(p.min(text.len())) && p <= text.len() {
                    let want = after_ascii_digit(&text, p);
                    match numeral_may_precede(b, p) {
                        Some(Before::Digit) => proptest::prop_assert!(want, "{:?} at {}", text, p),
                        Some(Before::Numeral) => {
                            proptest::prop_assert!(!want, "{:?} at {}", text, p)
                        }
                        _ => {}
                    }
                }
            }
        }
    }

    #[test]
    fn numeral_byte_test_every_byte_pair() {
        // every byte before the separator, after every lead byte and a space
        for x in 0..=255u8 {
            for y in 0..=255u8 {
                for z in [b' ', 0xE4, 0xE5, 0xE3, 0xC2, b'1'] {
                    let b = [z, x, y, b'.'];
                    assert_eq!(
                        numeral_may_precede(&b, 3),
                        numeral_may_precede_full(&b, 3),
                        "{b:?}"
                    );
                }
            }
        }
    }

    /// What `choose` decides on a candidate list, as candidates (not list indexes).
    fn decided(text: &str, cands: &[Candidate]) -> [Vec<Candidate>; 3] {
        let ch = choose(text, cands);
        let of = |ix: &[usize]| ix.iter().map(|&i| cands[i]).collect::<Vec<_>>();
        [of(&ch.picked), of(&ch.out_of_order), of(&ch.duplicates)]
    }

    /// `scan` (Arabic candidates read only where they can matter) and `scan_all` lead to the
    /// same choice, the same truncation and the same separators.
    fn same_as_scan_all(text: &str, limit: usize) -> Result<(), String> {
        let (fast, ft, fs) = scan(text, limit, true);
        let (all, at, as_) = scan_all(text, limit);
        let fast_all: Vec<Candidate> = all.iter().copied().filter(|c| fast.contains(c)).collect();
        if fast != fast_all {
            return Err(format!("{text:?}: scan found a candidate scan_all did not"));
        }
        if (ft, &fs) != (at, &as_) {
            return Err(format!("{text:?}: truncation or separators differ"));
        }
        // the bodies of the Chinese-numbered candidates (all that can carry weight when
        // Arabic ones were skipped) are the same
        let (bf, ba) = (has_bodies(text, &fast), has_bodies(text, &all));
        for (c, b) in fast.iter().zip(&bf) {
            let k = all.iter().position(|a| a == c);
            if !c.arabic && k.map(|k| ba[k]) != Some(*b) {
                return Err(format!("{text:?}: body of {c:?} differs"));
            }
        }
        if decided(text, &fast) != decided(text, &all) {
            return Err(format!(
                "{text:?}: {:?} != {:?}",
                decided(text, &fast),
                decided(text, &all)
            ));
        }
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// Skipping the Arabic candidates that cannot matter changes no decision.
        #[test]
        fn scan_decides_as_scan_all(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "一、", "二、", "三、", "四、", "五、", "六、", "七、", "一，", "二.", "五．",
                    "1、", "2.", "3．", "1.", "4、", "5.", "6、", "12.", " 1.", "1 、", "1\u{3000}.",
                    "总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
                    "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况",
                    "其他需要报告的事项", "本年新收", "问题", "的收费情况", "情况",
                    "\n", " ", "\u{3000}", "|", "。", "正文", "a", "3.5", "......1",
                ]),
                0..40,
            ),
            limit in proptest::sample::select(vec![3usize, 8, 1000]),
        ) {
            let text = parts.concat();
            if let Err(e) = same_as_scan_all(&text, limit) {
                proptest::prop_assert!(false, "{}", e);
            }
        }
    }

    #[test]
    fn scan_decides_as_scan_all_on_reports() {
        use xxgk_model::testkit::{self, damage};
        for seed in 0..60 {
            let s = testkit::generate(seed);
            let texts = [
                s.render_text().text,
                s.render_flattened().text,
                s.render_layout().text,
                damage::apply(&s.render_text().text, seed).0,
            ];
            for text in texts {
                let doc = xxgk_normalize::normalize_str(&text);
                for limit in [100_000, 40] {
                    if let Err(e) = same_as_scan_all(doc.text(), limit) {
                        panic!("seed {seed}: {e}");
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// The byte test for an excluded pair reads the characters the window would.
        #[test]
        fn excluded_after_is_char_test(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "本", "上", "结", "結", "年", "转", "轉", " ", "\t", "\u{3000}", "\u{a0}",
                    "、", "a", "\n", "本年", "\u{e69c}", "度",
                ]),
                0..8,
            ),
        ) {
            let text = parts.concat();
            for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let mut two = text[i..].chars().filter(|&c| !is_hspace(c));
                let want = match (two.next(), two.next()) {
                    (Some(a), Some(b)) => excluded_pair(a, b),
                    _ => false,
                };
                proptest::prop_assert_eq!(excluded_after(&text, i), want, "{:?} at {}", text, i);
            }
        }
    }

    /// `known_phrase` where it answers, checked against the window (`phrase`, the oracle).
    fn known_agrees(text: &str) -> Result<usize, String> {
        let mut hits = 0;
        for (i, _) in text.char_indices() {
            if let Some(x) = known_phrase(text, i) {
                hits += 1;
                for u in [false, true] {
                    if phrase(text, i, u) != Some(x) {
                        return Err(format!(
                            "{text:?} at {i} ({u}): {x:?} != {:?}",
                            phrase(text, i, u)
                        ));
                    }
                }
            }
        }
        Ok(hits)
    }

    #[test]
    fn every_known_wording_is_in_the_table() {
        assert_eq!(known_table().len(), KNOWN.len());
        for k in KNOWN {
            let t = format!("{k}\n");
            // (a wording may hold another one further on)
            assert!(known_agrees(&t).is_ok_and(|n| n >= 1), "{k}");
            assert_eq!(known_phrase(&t, 0).map(|(_, e)| e), Some(k.len()), "{k}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// The byte comparison of the template wordings reads what the window reads.
        #[test]
        fn known_phrase_is_phrase(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "总体情况", "基本情况", "总体", "概述", "主动公开政府信息", "的情况", "情况",
                    "收到和处理政府信息公开申请", "政府信息公开", "行政复议", "、", "和",
                    "行政诉讼", "存在的主要问题", "及改进", "措施", "其他需要报告的事项",
                    "其他需要报告事项", "事项", "（无）", "：无", "一、", "二、", "\n", " ",
                    "\u{3000}", "。", "，", "况", "情", "问题", "因", "工作", "x", "1.", "|",
                ]),
                0..24,
            ),
        ) {
            let text = parts.concat();
            if let Err(e) = known_agrees(&text) {
                proptest::prop_assert!(false, "{}", e);
            }
        }
    }

    #[test]
    fn known_phrase_is_phrase_on_reports() {
        use xxgk_model::testkit::{self, damage};
        let mut hits = 0;
        for seed in 0..40 {
            let s = testkit::generate(seed);
            let texts = [
                s.render_text().text,
                s.render_flattened().text,
                s.render_layout().text,
                s.render_html().text,
                damage::apply(&s.render_text().text, seed).0,
            ];
            for text in texts {
                let doc = xxgk_normalize::normalize_str(&text);
                hits += known_agrees(doc.text()).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
            }
        }
        assert!(hits > 100, "{hits}");
    }

    #[test]
    fn special_bitmap_keeps_every_key_and_terminator_character() {
        let missed: Vec<char> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| is_key_first(c) || is_terminator_end(c))
            .filter(|&c| !(matches!(c as u32, 0x4E00..=0x9FFF) && may_be_special(c)))
            .collect();
        assert!(missed.is_empty(), "{missed:?}");
    }

    #[test]
    fn common_han_holds_no_stop_or_space() {
        let stops = (0x4E00..=0x9FFF)
            .filter_map(char::from_u32)
            .filter(|&c| is_stop(c) || is_hspace(c))
            .count();
        assert_eq!(stops, 0);
    }
}
