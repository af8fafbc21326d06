//! Tokens of a flattened table: numbers with their spans, words, and a whitespace-free folded
//! copy of the text for finding label anchors that were split by spaces or line breaks.

use xxgk_model::Number;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A number that may be a table cell.
    Cell(Number),
    /// A number that is not a cell: glued to a unit (`20 件`), a page number (`第 3 页`), …
    Prose,
    /// A blank cell printed as a mark: `—`, `-`, `/`, `无` standing alone.
    Blank,
    /// Anything else: a label fragment, a header word, punctuation.
    Word,
}

/// One token with its byte range in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tok {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

impl Tok {
    pub fn cell(&self) -> Option<Number> {
        match self.kind {
            Kind::Cell(n) => Some(n),
            _ => None,
        }
    }
}

/// Characters that, right after a number, make it a figure of prose rather than a cell.
fn is_unit(c: char) -> bool {
    matches!(
        c,
        '件' | '个'
            | '次'
            | '项'
            | '条'
            | '月'
            | '日'
            | '号'
            | '人'
            | '家'
            | '%'
            | '％'
            | '页'
            | '篇'
            | '万'
            | '元'
    )
}

fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '-' | '－' | '―' | '─')
}

fn is_blank_mark(c: char) -> bool {
    matches!(c, '—' | '–' | '-' | '－' | '―' | '─' | '/' | '／')
}

fn is_minus(c: char) -> bool {
    matches!(c, '-' | '−' | '－')
}

/// `s` parsed as a [`Number`] (`None` where `str::parse` fails): a run of one to eighteen
/// ASCII digits (every number of a table, almost) is read here, as `parse` reads it: an
/// integer of scale 0 (eighteen digits stay below `i64::MAX`, so nothing overflows); anything
/// else goes to `parse`.
fn parse_number(s: &str) -> Option<Number> {
    let b = s.as_bytes();
    if (1..=18).contains(&b.len()) && b.iter().all(u8::is_ascii_digit) {
        let v = b
            .iter()
            .fold(0i64, |acc, &d| acc * 10 + i64::from(d - b'0'));
        return Some(Number::from(v));
    }
    s.parse::<Number>().ok()
}

/// Splits `text` into tokens. Page markers (`— 14 —`, `- 3 -`) are dropped entirely.
///
/// One pass over the bytes: positions are byte offsets, characters are decoded where a test
/// needs them, and runs of ideographs (most of the text) are skipped three bytes at a time.
pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
    let bytes = text.as_bytes();
    // The character starting at byte `i` (always a character boundary here).
    let at = |i: usize| text.get(i..).and_then(|s| s.chars().next());
    // The character ending at byte `i`.
    let before = |i: usize| text.get(..i).and_then(|s| s.chars().next_back());
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let space = |i: usize| bytes.get(i) == Some(&b' ');
    let mut toks: Vec<Tok> = Vec::with_capacity(text.len() / 4);
    let mut i = 0;
    // Start of the word being accumulated, if any.
    let mut word: Option<usize> = None;
    let flush = |word: &mut Option<usize>, toks: &mut Vec<Tok>, end: usize| {
        if let Some(s) = word.take() {
            if end > s {
                let kind = if text.get(s..end) == Some("无") {
                    Kind::Blank
                } else {
                    Kind::Word
                };
                toks.push(Tok {
                    kind,
                    start: s,
                    end,
                });
            }
        }
    };
    while let Some(&b) = bytes.get(i) {
        // An ideograph U+4E00..=U+9FFF (lead byte E5..E9, or E4 with a second byte from B8:
        // most of the text) is no space, dash, mark, sign or digit: it starts or continues a
        // word, as the general path below would have it.
        // (Also the commonest punctuation of three bytes: `，` `（` `）` `：` `；` (EF BC ..),
        // `、` `。` (E3 80 ..), `“` `”` (E2 80 ..): no space, dash, mark, sign or digit either.)
        let ideograph = |b: u8, i: usize| {
            (0xE5..=0xE9).contains(&b)
                || (b == 0xE4 && bytes.get(i + 1).is_some_and(|&x| x >= 0xB8))
                || matches!(
                    (b, bytes.get(i + 1), bytes.get(i + 2)),
                    (0xEF, Some(0xBC), Some(0x88 | 0x89 | 0x8C | 0x9A | 0x9B))
                        | (0xE3, Some(0x80), Some(0x81 | 0x82))
                        | (0xE2, Some(0x80), Some(0x9C | 0x9D))
                )
        };
        if ideograph(b, i) {
            if word.is_none() {
                word = Some(i);
            }
            i += 3;
            // (The ideographs after it continue the word.)
            while bytes.get(i).is_some_and(|&b| ideograph(b, i)) {
                i += 3;
            }
            continue;
        }
        // A space or line break (whitespace, as the general path below reads it) ends the
        // word.
        if b == b' ' || b == b'\n' {
            flush(&mut word, &mut toks, i);
            i += 1;
            continue;
        }
        // A number between ASCII neighbours: after the digits a space, tab or line break
        // (or the text's end), and past the spaces after it, and before it, no character
        // or an ASCII one other than `%`. The general path reads it as a cell: it starts
        // no word, is no sign, dash or mark, has no fraction, label numbering or unit (the
        // units but `%` and 年 are not ASCII) after it and no 第/共 before.
        if b.is_ascii_digit() && word.is_none() {
            let mut j = i + 1;
            while digit(j) {
                j += 1;
            }
            let mut k = j;
            while space(k) {
                k += 1;
            }
            let mut p = i;
            while p > 0 && space(p - 1) {
                p -= 1;
            }
            let ascii_or_none = |x: Option<&u8>| x.is_none_or(|&x| x.is_ascii() && x != b'%');
            let after = bytes
                .get(j)
                .is_none_or(|x| matches!(x, b' ' | b'\n' | b'\r' | b'\t'));
            if after
                && ascii_or_none(bytes.get(k))
                && ascii_or_none(p.checked_sub(1).and_then(|q| bytes.get(q)))
            {
                let kind = match text.get(i..j).and_then(parse_number) {
                    Some(n) => Kind::Cell(n),
                    None => Kind::Prose,
                };
                toks.push(Tok {
                    kind,
                    start: i,
                    end: j,
                });
                i = j;
                continue;
            }
        }
        // ASCII (numbers, spaces) without decoding.
        let c = if b.is_ascii() {
            char::from(b)
        } else {
            match at(i) {
                Some(c) => c,
                None => break,
            }
        };
        let len = c.len_utf8();
        if c.is_whitespace() {
            flush(&mut word, &mut toks, i);
            i += len;
            continue;
        }
        // Page marker: dash, optional spaces, digits, optional spaces, dash.
        if is_dash(c) {
            let mut j = i;
            while let Some(d) = at(j).filter(|&d| is_dash(d)) {
                j += d.len_utf8();
            }
            let mut k = j;
            while space(k) {
                k += 1;
            }
            let ds = k;
            while digit(k) {
                k += 1;
            }
            if k > ds && k - ds <= 4 {
                while space(k) {
                    k += 1;
                }
                let mut marker = false;
                if at(k).is_some_and(is_dash) {
                    while let Some(d) = at(k).filter(|&d| is_dash(d)) {
                        k += d.len_utf8();
                    }
                    // `-3 -5`: two signed numbers, not a page marker.
                    marker = !digit(k);
                }
                if marker && k > j {
                    flush(&mut word, &mut toks, i);
                    i = k;
                    continue;
                }
            }
        }
        // A blank mark standing alone (not glued to a preceding word, not a sign).
        let sign_like = matches!(c, '-' | '－' | '−' | '+') && digit(i + len);
        if is_blank_mark(c) && word.is_none() && !sign_like {
            let mut j = i;
            while let Some(d) = at(j).filter(|&d| is_blank_mark(d)) {
                j += d.len_utf8();
            }
            toks.push(Tok {
                kind: Kind::Blank,
                start: i,
                end: j,
            });
            i = j;
            continue;
        }
        let signed = is_minus(c) || c == '+';
        let digit_start = if signed { i + len } else { i };
        if digit(digit_start) && (c.is_ascii_digit() || word.is_none()) {
            let mut j = digit_start;
            while digit(j) {
                j += 1;
            }
            if bytes.get(j) == Some(&b'.') && digit(j + 1) {
                j += 1;
                while digit(j) {
                    j += 1;
                }
            }
            let next = at(j);
            // `1.属于国家秘密`, `3、…`: a label's numbering, part of a word.
            if let Some(p @ ('.' | '．' | '、')) = next {
                if !signed {
                    if word.is_none() {
                        word = Some(i);
                    }
                    i = j + p.len_utf8();
                    continue;
                }
            }
            // Glued to a preceding word: 增加5 / 减少2 sign a change; 第3页 is prose.
            let mut negative = is_minus(c);
            let mut prose = false;
            if let Some(ws) = word {
                let glued = text.get(ws..i).unwrap_or("");
                if glued.ends_with("减少") {
                    negative = true;
                } else if !glued.ends_with("增加") {
                    prose = true;
                }
            }
            // The next non-space character decides whether a unit follows.
            let mut k = j;
            while space(k) {
                k += 1;
            }
            if let Some(u) = at(k) {
                if is_unit(u) || (u == '年' && at(k + u.len_utf8()) != Some('度')) {
                    prose = true;
                }
            }
            // Previous non-space character 第/共 (第 3 页, 共 19 页).
            let mut p = i;
            while p > 0 && space(p - 1) {
                p -= 1;
            }
            if matches!(before(p), Some('第' | '共')) {
                prose = true;
            }
            if next.is_some_and(|c| c.is_ascii_digit() || c == '.') {
                prose = true;
            }
            flush(&mut word, &mut toks, i);
            let digits = text.get(digit_start..j).unwrap_or("");
            let kind = match parse_number(digits) {
                Some(n) if !prose => {
                    let n = if negative {
                        Number::ZERO.checked_sub(n).unwrap_or(n)
                    } else {
                        n
                    };
                    Kind::Cell(n)
                }
                _ => Kind::Prose,
            };
            toks.push(Tok {
                kind,
                start: i,
                end: j,
            });
            i = j;
            continue;
        }
        if word.is_none() {
            word = Some(i);
        }
        i += len;
    }
    flush(&mut word, &mut toks, text.len());
    toks
}

/// The text without whitespace, folded for label matching, with each char's byte offset.
pub(crate) struct Compact<'t> {
    /// The text (for the length of a kept character).
    text: &'t str,
    chars: Vec<char>,
    offs: Vec<usize>,
    end: usize,
}

/// Folds a character for label matching; `None` drops it.
pub(crate) fn fold_char(c: char) -> Option<char> {
    // Fast paths for most of the text (the same results as [`fold_any`], checked for every
    // character by a test): ASCII, and ideographs that are not among the folded forms
    // (those all fall in one 64-character window of the low bits' filter below).
    if c.is_ascii() {
        return match c {
            ' ' | '\t'..='\r' | '"' | '|' => None,
            c => Some(c),
        };
    }
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) && !may_fold(c) {
        return Some(c);
    }
    fold_any(c)
}

/// The Traditional forms [`fold_any`] folds, by their low eight bits (a set of 256 bits).
const TRADITIONAL_BITS: [u64; 4] = {
    let trad = [
        '條', '項', '結', '訴', '復', '議', '請', '數', '處', '審', '維', '糾', '總', '計', '紀',
        '費', '額', '現', '執', '內', '規', '發', '廢', '製', '購', '採', '務', '開', '轉', '機',
        '關',
    ];
    let mut bits = [0u64; 4];
    let mut k = 0;
    while k < trad.len() {
        let b = trad[k] as u32 & 255;
        bits[(b / 64) as usize] |= 1 << (b % 64);
        k += 1;
    }
    bits
};

/// False when [`fold_any`] surely leaves the ideograph `c` as it is.
fn may_fold(c: char) -> bool {
    let b = c as u32 & 255;
    TRADITIONAL_BITS
        .get((b / 64) as usize)
        .is_some_and(|w| w & (1 << (b % 64)) != 0)
}

/// [`fold_char`] for any character.
fn fold_any(c: char) -> Option<char> {
    match c {
        c if c.is_whitespace() => None,
        '（' => Some('('),
        '）' => Some(')'),
        '：' => Some(':'),
        '，' => Some(','),
        '“' | '”' | '"' | '「' | '」' | '|' => None,
        // A few Traditional forms that occur in the anchors.
        '條' => Some('条'),
        '項' => Some('项'),
        '結' => Some('结'),
        '訴' => Some('诉'),
        '復' => Some('复'),
        '議' => Some('议'),
        '請' => Some('请'),
        '數' => Some('数'),
        '處' => Some('处'),
        '審' => Some('审'),
        '維' => Some('维'),
        '糾' => Some('纠'),
        '總' => Some('总'),
        '計' => Some('计'),
        '紀' => Some('纪'),
        '費' => Some('费'),
        '額' => Some('额'),
        '現' => Some('现'),
        '執' => Some('执'),
        '內' => Some('内'),
        '規' => Some('规'),
        '發' => Some('发'),
        '廢' => Some('废'),
        '製' => Some('制'),
        '購' => Some('购'),
        '採' => Some('采'),
        '務' => Some('务'),
        '開' => Some('开'),
        '轉' => Some('转'),
        '機' => Some('机'),
        '關' => Some('关'),
        c => Some(c),
    }
}

impl<'t> Compact<'t> {
    pub fn new(text: &'t str) -> Compact<'t> {
        let cap = text.len() / 2;
        let mut chars = Vec::with_capacity(cap);
        let mut offs = Vec::with_capacity(cap);
        for (o, c) in text.char_indices() {
            // ASCII and ideographs outside the folded forms' filter first, as in [`fold_char`].
            let f = if c.is_ascii() {
                if matches!(c, ' ' | '\t'..='\r' | '"' | '|') {
                    continue;
                }
                c
            } else if ('\u{4E00}'..='\u{9FFF}').contains(&c) && !may_fold(c) {
                c
            } else {
                match fold_any(c) {
                    Some(f) => f,
                    None => continue,
                }
            };
            chars.push(f);
            offs.push(o);
        }
        Compact {
            text,
            chars,
            offs,
            end: text.len(),
        }
    }

    /// Byte offset of char `i` (text end past the last).
    fn off(&self, i: usize) -> usize {
        self.offs.get(i).copied().unwrap_or(self.end)
    }

    /// First occurrence of `pat` (folded) starting at byte `from`: its byte range.
    pub fn find(&self, pat: &str, from: usize) -> Option<(usize, usize)> {
        self.find_within(pat, from, usize::MAX)
    }

    /// Like [`Compact::find`], but the match must start within `within` kept characters.
    pub fn find_within(&self, pat: &str, from: usize, within: usize) -> Option<(usize, usize)> {
        let p: Vec<char> = pat.chars().filter_map(fold_char).collect();
        let first = *p.first()?;
        let start = self.offs.partition_point(|&o| o < from);
        // Match starts to try: from `start` to `start + within`, leaving room for the pattern.
        let last = self
            .chars
            .len()
            .checked_sub(p.len())?
            .min(start.saturating_add(within));
        let candidates = self.chars.get(start..=last)?;
        let i = candidates
            .iter()
            .enumerate()
            .filter(|&(_, &c)| c == first)
            .map(|(k, _)| start + k)
            .find(|&i| self.chars.get(i..i + p.len()) == Some(p.as_slice()))?;
        let last = i + p.len() - 1;
        let end = self
            .offs
            .get(last)
            .map_or(self.end, |&o| o + self.char_len(last));
        Some((self.off(i), end))
    }

    /// Every match of every pattern of `pats` at or after byte `from`, ordered by start and,
    /// at one start, by pattern: `(pattern index, start, end)`. Each pattern's matches do not
    /// overlap: they are those that [`Compact::find`] gives when called again from the end of
    /// the last match. One pass over the text, however many patterns.
    #[cfg(test)]
    pub fn find_all(&self, pats: &[&str], from: usize) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        self.scan(pats, from, |k, s, e| {
            out.push((k, s, e));
            true
        });
        out
    }

    /// Start of the first match of any pattern of `pats` at or after byte `from` (the least
    /// start [`Compact::find`] gives for them).
    #[cfg(test)]
    pub fn first_of(&self, pats: &[&str], from: usize) -> Option<usize> {
        let mut first = None;
        self.scan(pats, from, |_, s, _| {
            first = Some(s);
            false
        });
        first
    }

    /// Calls `hit` with each match as [`Compact::find_all`] lists them, until it returns false.
    #[cfg(test)]
    fn scan(&self, pats: &[&str], from: usize, mut hit: impl FnMut(usize, usize, usize) -> bool) {
        // The folded patterns, one after another in one vector (pattern `k` is
        // `flat[bounds[k].0..bounds[k].1]`): two allocations, not one per pattern.
        let mut flat: Vec<char> = Vec::with_capacity(pats.iter().map(|p| p.len()).sum());
        let mut bounds: Vec<(usize, usize)> = Vec::with_capacity(pats.len());
        for p in pats {
            let a = flat.len();
            flat.extend(p.chars().filter_map(fold_char));
            bounds.push((a, flat.len()));
        }
        let folded = |k: usize| {
            bounds
                .get(k)
                .and_then(|&(a, b)| flat.get(a..b))
                .unwrap_or(&[])
        };
        // A filter on the patterns' first characters (by their low 12 bits: a few dozen
        // patterns leave almost every other character out).
        let bit = |c: char| {
            let b = (c as u32 & 4095) as usize;
            (b / 64, 1u64 << (b % 64))
        };
        let mut mask = [0u64; 64];
        // (first character, pattern index), sorted: the patterns a character may start.
        let mut by_first: Vec<(char, usize)> = Vec::new();
        for k in 0..pats.len() {
            if let Some(&c) = folded(k).first() {
                let (w, m) = bit(c);
                if let Some(x) = mask.get_mut(w) {
                    *x |= m;
                }
                by_first.push((c, k));
            }
        }
        by_first.sort_unstable();
        // Per pattern, the first index its next match may start at (no overlaps).
        let mut next = vec![0usize; pats.len()];
        let start = self.offs.partition_point(|&o| o < from);
        for (i, &c) in self.chars.iter().enumerate().skip(start) {
            let (w, m) = bit(c);
            if mask.get(w).is_none_or(|x| x & m == 0) {
                continue;
            }
            let from = by_first.partition_point(|&(f, _)| f < c);
            let starting = by_first.get(from..).unwrap_or(&[]);
            for &(_, k) in starting.iter().take_while(|&&(f, _)| f == c) {
                let p = folded(k);
                if next.get(k).is_some_and(|&n| i < n) || self.chars.get(i..i + p.len()) != Some(p)
                {
                    continue;
                }
                if let Some(n) = next.get_mut(k) {
                    *n = i + p.len();
                }
                let last = i + p.len() - 1;
                let end = self
                    .offs
                    .get(last)
                    .map_or(self.end, |&o| o + self.char_len(last));
                if !hit(k, self.off(i), end) {
                    return;
                }
            }
        }
    }

    /// Byte length of char `i` in the text (0 past the last).
    fn char_len(&self, i: usize) -> usize {
        self.offs
            .get(i)
            .and_then(|&o| self.text.get(o..))
            .and_then(|s| s.chars().next())
            .map_or(0, char::len_utf8)
    }
}

/// Patterns folded for a scan ([`find_all`], [`first_of`], [`Compact::find_all`]), with a
/// filter on their first characters.
struct Pats {
    /// The folded patterns, one after another (pattern `k` is `flat[bounds[k].0..bounds[k].1]`):
    /// two allocations, not one per pattern.
    flat: Vec<char>,
    bounds: Vec<(usize, usize)>,
    /// Per character of `flat`, its bytes ([`Enc`]).
    enc: Vec<Enc>,
    /// A filter on the patterns' first characters (by their low 12 bits: a few dozen patterns
    /// leave almost every other character out).
    mask: [u64; 64],
    /// (first character, pattern index, start and end of the pattern's other characters in
    /// `flat`), sorted by the character's low 12 bits, then character, then index: the
    /// patterns a character may start.
    by_first: Vec<(char, usize, usize, usize)>,
    /// Per low 12 bits of a first character, where its entries start in `by_first` (4097
    /// bounds: those of `low` are `first_at[low]..first_at[low + 1]`).
    first_at: Vec<usize>,
    /// The ASCII first characters (`true` at byte `b` when `b` is one).
    ascii: [bool; 128],
    /// A filter on the characters of the text, before folding, that may fold to a first
    /// character (by their low 12 bits): the first characters and those of [`FOLDED_FROM`]
    /// that fold to one.
    raw: [u64; 64],
    /// The same filter for the character after a first character: the patterns' second
    /// characters, those of [`FOLDED_FROM`] that fold to one, and the dropped characters of
    /// three bytes ([`DROPPED3`]: a match may skip them). Only used when `second_ok`.
    second: [u64; 64],
    /// True when every pattern has two characters or more (folded): a match then needs a
    /// second character.
    second_ok: bool,
}

/// The characters of three bytes (U+0800..=U+FFFF) that [`fold_any`] drops: the whitespace
/// and the quotes (checked against [`fold_any`] by a test).
const DROPPED3: [char; 20] = [
    '\u{1680}', '\u{2000}', '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}', '\u{2005}', '\u{2006}',
    '\u{2007}', '\u{2008}', '\u{2009}', '\u{200A}', '\u{2028}', '\u{2029}', '\u{202F}', '\u{205F}',
    '\u{3000}', '“', '”', '「',
];

/// The rest of [`DROPPED3`] (kept apart to keep the list's lines short).
const DROPPED3_MORE: [char; 1] = ['」'];

/// The characters [`fold_any`] changes into another character, with what it changes them into
/// (every other character it keeps or drops).
const FOLDED_FROM: [(char, char); 35] = [
    ('（', '('),
    ('）', ')'),
    ('：', ':'),
    ('，', ','),
    ('條', '条'),
    ('項', '项'),
    ('結', '结'),
    ('訴', '诉'),
    ('復', '复'),
    ('議', '议'),
    ('請', '请'),
    ('數', '数'),
    ('處', '处'),
    ('審', '审'),
    ('維', '维'),
    ('糾', '纠'),
    ('總', '总'),
    ('計', '计'),
    ('紀', '纪'),
    ('費', '费'),
    ('額', '额'),
    ('現', '现'),
    ('執', '执'),
    ('內', '内'),
    ('規', '规'),
    ('發', '发'),
    ('廢', '废'),
    ('製', '制'),
    ('購', '购'),
    ('採', '采'),
    ('務', '务'),
    ('開', '开'),
    ('轉', '转'),
    ('機', '机'),
    ('關', '关'),
];

/// The characters [`FOLDED_FROM`] changes characters into, by their low eight bits (a set of
/// 256 bits).
const FOLDED_TO_BITS: [u64; 4] = {
    let mut bits = [0u64; 4];
    let mut k = 0;
    while k < FOLDED_FROM.len() {
        let b = FOLDED_FROM[k].1 as u32 & 255;
        bits[(b / 64) as usize] |= 1 << (b % 64);
        k += 1;
    }
    bits
};

impl Pats {
    fn new(pats: &[&str]) -> Pats {
        let mut flat: Vec<char> = Vec::with_capacity(pats.iter().map(|p| p.len()).sum());
        let mut bounds: Vec<(usize, usize)> = Vec::with_capacity(pats.len());
        for p in pats {
            let a = flat.len();
            flat.extend(p.chars().filter_map(fold_char));
            bounds.push((a, flat.len()));
        }
        let enc = flat.iter().map(|&c| enc_of(c)).collect();
        let mut out = Pats {
            flat,
            bounds,
            enc,
            mask: [0u64; 64],
            by_first: Vec::with_capacity(pats.len()),
            first_at: Vec::new(),
            ascii: [false; 128],
            raw: [0u64; 64],
            second: [0u64; 64],
            second_ok: true,
        };
        // A character that folds to `c`, or is `c`, sets its bit in `filter`.
        let mark = |filter: &mut [u64; 64], c: char| {
            for src in std::iter::once(c).chain(
                FOLDED_FROM
                    .iter()
                    .filter(move |&&(_, to)| to == c)
                    .map(|&(src, _)| src),
            ) {
                let (w, m) = Pats::bit(src);
                if let Some(x) = filter.get_mut(w) {
                    *x |= m;
                }
            }
        };
        for &c in DROPPED3.iter().chain(&DROPPED3_MORE) {
            mark(&mut out.second, c);
        }
        for k in 0..pats.len() {
            let (len, second) = (out.folded(k).len(), out.folded(k).get(1).copied());
            match second {
                Some(c) => mark(&mut out.second, c),
                None if len == 1 => out.second_ok = false,
                None => {}
            }
        }
        for k in 0..pats.len() {
            if let Some(&c) = out.folded(k).first() {
                let (w, m) = Pats::bit(c);
                if let Some(x) = out.mask.get_mut(w) {
                    *x |= m;
                }
                if let Some(x) = out.raw.get_mut(w) {
                    *x |= m;
                }
                if c.is_ascii() {
                    if let Some(x) = out.ascii.get_mut(c as usize & 127) {
                        *x = true;
                    }
                }
                let b = c as u32 & 255;
                let folded_to = FOLDED_TO_BITS
                    .get((b / 64) as usize)
                    .is_some_and(|w| w & (1 << (b % 64)) != 0);
                if folded_to {
                    for &(src, _) in FOLDED_FROM.iter().filter(|&&(_, to)| to == c) {
                        let (w, m) = Pats::bit(src);
                        if let Some(x) = out.raw.get_mut(w) {
                            *x |= m;
                        }
                    }
                }
                let (a, b) = out.bounds.get(k).copied().unwrap_or((0, 0));
                out.by_first.push((c, k, a + 1, b));
            }
        }
        out.by_first
            .sort_unstable_by_key(|&(c, k, ..)| (Pats::low(c), c, k));
        // The entries of each low 12 bits counted, then added up into bounds.
        let mut first_at = vec![0usize; 4097];
        for &(c, ..) in &out.by_first {
            if let Some(n) = first_at.get_mut(Pats::low(c) + 1) {
                *n += 1;
            }
        }
        for low in 1..first_at.len() {
            let before = first_at.get(low - 1).copied().unwrap_or(0);
            if let Some(n) = first_at.get_mut(low) {
                *n += before;
            }
        }
        out.first_at = first_at;
        out
    }

    /// The low 12 bits of `c`.
    fn low(c: char) -> usize {
        (c as u32 & 4095) as usize
    }

    /// False when no character of low 12 bits `low` folds to a second character or is
    /// dropped.
    fn raw_may_follow(&self, low: usize) -> bool {
        self.second
            .get(low / 64)
            .is_some_and(|x| x & (1u64 << (low % 64)) != 0)
    }

    /// False when no character of low 12 bits `low` folds to a first character.
    fn raw_may_start(&self, low: usize) -> bool {
        self.raw
            .get(low / 64)
            .is_some_and(|x| x & (1u64 << (low % 64)) != 0)
    }

    /// How many patterns.
    fn len(&self) -> usize {
        self.bounds.len()
    }

    /// Pattern `k`, folded.
    fn folded(&self, k: usize) -> &[char] {
        self.bounds
            .get(k)
            .and_then(|&(a, b)| self.flat.get(a..b))
            .unwrap_or(&[])
    }

    fn bit(c: char) -> (usize, u64) {
        let b = (c as u32 & 4095) as usize;
        (b / 64, 1u64 << (b % 64))
    }

    /// False when no pattern starts with `c` (true: some may).
    fn may_start(&self, c: char) -> bool {
        let (w, m) = Pats::bit(c);
        self.mask.get(w).is_some_and(|x| x & m != 0)
    }

    /// The patterns starting with `c`, by index, with the bounds of their other characters in
    /// `flat` (the entries of `c`'s low 12 bits, those of `c`; no search). The same patterns
    /// as [`Pats::starting_by_search`].
    fn starting(&self, c: char) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
        let low = Pats::low(c);
        let run = match (self.first_at.get(low), self.first_at.get(low + 1)) {
            (Some(&a), Some(&b)) => self.by_first.get(a..b).unwrap_or(&[]),
            _ => &[],
        };
        run.iter()
            .filter(move |&&(f, ..)| f == c)
            .map(|&(_, k, a, b)| (k, a, b))
    }

    /// [`Pats::starting`] as it was (its oracle): a binary search of the entries sorted by
    /// character.
    #[cfg(test)]
    fn starting_by_search(&self, c: char) -> Vec<usize> {
        let mut by_char = self.by_first.clone();
        by_char.sort_unstable();
        let from = by_char.partition_point(|&(f, ..)| f < c);
        by_char
            .get(from..)
            .unwrap_or(&[])
            .iter()
            .take_while(|&&(f, ..)| f == c)
            .map(|&(_, k, ..)| k)
            .collect()
    }
}

/// How many prepared pattern lists [`prepared`] keeps per thread (a report's tables scan with
/// a handful of lists, the same for every report of a template).
const PREPARED_KEPT: usize = 8;

thread_local! {
    /// Pattern lists prepared lately, with what they were prepared from.
    static PREPARED: std::cell::RefCell<Vec<(Vec<String>, std::rc::Rc<Pats>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// [`Pats::new`] of `pats`, kept per thread for the next scans with the same patterns
/// (comparing the patterns costs less than folding them again).
fn prepared(pats: &[&str]) -> std::rc::Rc<Pats> {
    PREPARED.with(|cell| {
        let Ok(mut kept) = cell.try_borrow_mut() else {
            return std::rc::Rc::new(Pats::new(pats));
        };
        let same = |key: &Vec<String>| {
            key.len() == pats.len() && key.iter().zip(pats).all(|(a, b)| a == b)
        };
        if let Some((_, p)) = kept.iter().find(|(key, _)| same(key)) {
            return std::rc::Rc::clone(p);
        }
        let p = std::rc::Rc::new(Pats::new(pats));
        if kept.len() >= PREPARED_KEPT {
            kept.remove(0);
        }
        kept.push((
            pats.iter().map(|s| (*s).to_string()).collect(),
            std::rc::Rc::clone(&p),
        ));
        p
    })
}

/// The character starting at byte `i` of `text` folded by [`fold_char`] (`None`: dropped),
/// and its byte length; `None` at or past the end (or inside a character).
#[inline]
fn folded_at(text: &str, i: usize) -> Option<(Option<char>, usize)> {
    let bytes = text.as_bytes();
    let b = *bytes.get(i)?;
    if b < 0x80 {
        // ASCII, as in [`fold_char`].
        let f = match b {
            b' ' | b'\t'..=b'\r' | b'"' | b'|' => None,
            _ => Some(char::from(b)),
        };
        return Some((f, 1));
    }
    if (0xE4..=0xE9).contains(&b) {
        // A three-byte character U+4000..=U+9FFF (the text is UTF-8): decoded here; the
        // ideographs outside the folded forms' filter stay as they are.
        if let (Some(&b1), Some(&b2)) = (bytes.get(i + 1), bytes.get(i + 2)) {
            let u =
                (u32::from(b & 0x0F) << 12) | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
            if let Some(c) = char::from_u32(u) {
                if (0x4E00..=0x9FFF).contains(&u) && !may_fold(c) {
                    return Some((Some(c), 3));
                }
                return Some((fold_any(c), 3));
            }
        }
    }
    let c = text.get(i..)?.chars().next()?;
    Some((fold_any(c), c.len_utf8()))
}

/// A folded pattern character of three bytes as [`bytes3`] reads it; 0 for the others, and
/// for those that a text's same bytes would not give by [`folded_at`] (these are only compared
/// folded).
type Enc = u32;

/// The [`Enc`] of `c`.
fn enc_of(c: char) -> Enc {
    let mut buf = [0u8; 4];
    let n = c.encode_utf8(&mut buf).len();
    let itself = std::str::from_utf8(buf.get(..n).unwrap_or(&[]))
        .is_ok_and(|s| folded_at(s, 0) == Some((Some(c), n)));
    match buf {
        [a, b, c, _] if itself && n == 3 => u32::from_le_bytes([a, b, c, 0]),
        _ => 0,
    }
}

/// The three bytes from `j` on (as the low three bytes of a little-endian `u32`), or 0 when
/// fewer are left (no [`Enc`] is 0).
#[inline]
fn bytes3(bytes: &[u8], j: usize) -> u32 {
    match *bytes.get(j..).unwrap_or(&[]) {
        [a, b, c, ..] => u32::from_le_bytes([a, b, c, 0]),
        _ => 0,
    }
}

/// The byte end of the folded characters `rest` read from byte `j` of `text` on (dropped
/// characters skipped), `end` when `rest` is empty; `None` when the text differs or ends first.
/// `enc` are the characters' bytes ([`Enc`]): a character of three bytes whose bytes are next
/// in the text (most of the time) is taken without decoding or folding it. The same as
/// [`rest_matches_by_chars`].
#[inline]
fn rest_matches(
    text: &str,
    mut j: usize,
    rest: &[char],
    enc: &[Enc],
    mut end: usize,
) -> Option<usize> {
    let bytes = text.as_bytes();
    for (k, &want) in rest.iter().enumerate() {
        // (`j` is at a character's start: when the bytes there are `want`'s, `folded_at` reads
        // them as `want`, three bytes long.)
        if enc.get(k).is_some_and(|&e| e != 0 && e == bytes3(bytes, j)) {
            j += 3;
        } else {
            j = next_folded_is(text, j, want)?;
        }
        end = j;
    }
    Some(end)
}

/// The byte end of the next folded character from byte `j` of `text` on (dropped characters
/// skipped) when it is `want`; `None` when it is another or the text ends first.
#[inline]
fn next_folded_is(text: &str, mut j: usize, want: char) -> Option<usize> {
    loop {
        let (f, len) = folded_at(text, j)?;
        j += len;
        if let Some(c) = f {
            return (c == want).then_some(j);
        }
    }
}

/// [`rest_matches`] as it was (its oracle): every character decoded and folded.
#[cfg(test)]
fn rest_matches_by_chars(text: &str, mut j: usize, rest: &[char], mut end: usize) -> Option<usize> {
    for &want in rest {
        j = next_folded_is(text, j, want)?;
        end = j;
    }
    Some(end)
}

/// Calls `hit` with each match as [`find_all`] lists them, until it returns false: one pass
/// over `text` from byte `from`, folding as it goes (no [`Compact`] is built).
fn scan_text(
    text: &str,
    pats: &[&str],
    from: usize,
    mut hit: impl FnMut(usize, usize, usize) -> bool,
) {
    let pats = prepared(pats);
    // Per pattern, the first byte its next match may start at (no overlaps: past the last
    // kept character of its last match).
    let mut next = vec![0usize; pats.len()];
    let mut i = from;
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    let bytes = text.as_bytes();
    while let Some(&b) = bytes.get(i) {
        // Characters that fold to no first character, skipped on their bytes: ASCII (it folds
        // to itself or is dropped), and three-byte characters (most of the text) by the low
        // 12 bits of their code point, which are in their last two bytes.
        if b < 0x80 {
            if !pats.ascii.get(usize::from(b)).is_some_and(|&x| x) {
                i += 1;
                continue;
            }
        } else if (0xE0..=0xEF).contains(&b) {
            if let (Some(&b1), Some(&b2)) = (bytes.get(i + 1), bytes.get(i + 2)) {
                let low = (usize::from(b1 & 0x3F) << 6) | usize::from(b2 & 0x3F);
                if !pats.raw_may_start(low) {
                    i += 3;
                    continue;
                }
                // A character of three bytes next that no pattern takes second (and that is
                // not dropped): no match starts here.
                if pats.second_ok {
                    if let (Some(&c0), Some(&c1), Some(&c2)) =
                        (bytes.get(i + 3), bytes.get(i + 4), bytes.get(i + 5))
                    {
                        let low = (usize::from(c1 & 0x3F) << 6) | usize::from(c2 & 0x3F);
                        if (0xE0..=0xEF).contains(&c0) && !pats.raw_may_follow(low) {
                            i += 3;
                            continue;
                        }
                    }
                }
            }
        }
        let Some((f, len)) = folded_at(text, i) else {
            break;
        };
        if let Some(c) = f {
            if pats.may_start(c) {
                for (k, a, b) in pats.starting(c) {
                    if next.get(k).is_some_and(|&x| i < x) {
                        continue;
                    }
                    let p = pats.flat.get(a..b).unwrap_or(&[]);
                    let e = pats.enc.get(a..b).unwrap_or(&[]);
                    let Some(end) = rest_matches(text, i + len, p, e, i + len) else {
                        continue;
                    };
                    if let Some(x) = next.get_mut(k) {
                        *x = end;
                    }
                    if !hit(k, i, end) {
                        return;
                    }
                }
            }
        }
        i += len;
    }
}

/// Every match of every pattern of `pats` (folded, whitespace and quotes dropped as in
/// [`Compact`]) in `text` at or after byte `from`, ordered by start and, at one start, by
/// pattern: `(pattern index, start, end)`. The same as [`Compact::find_all`] on `text`
/// without building the compact text.
pub(crate) fn find_all(text: &str, pats: &[&str], from: usize) -> Vec<(usize, usize, usize)> {
    // (Sized for a table's matches, a few dozen: it rarely grows.)
    let mut out = Vec::with_capacity(32);
    scan_text(text, pats, from, |k, s, e| {
        out.push((k, s, e));
        true
    });
    out
}

/// Start of the first match of any pattern of `pats` in `text` at or after byte `from`: the
/// same as [`Compact::first_of`] on `text`, reading only up to that match.
pub(crate) fn first_of(text: &str, pats: &[&str], from: usize) -> Option<usize> {
    let mut first = None;
    scan_text(text, pats, from, |_, s, _| {
        first = Some(s);
        false
    });
    first
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fast_path_cases;
    use proptest::prelude::*;

    /// The tokenizer as it was before it worked on bytes (the oracle of [`tokenize`]): splits `text` into tokens. Page markers (`— 14 —`, `- 3 -`) are dropped entirely.
    fn tokenize_by_chars(text: &str) -> Vec<Tok> {
        // Sized for the longest case (one character per byte): no reallocation while filling.
        let mut chars: Vec<(usize, char)> = Vec::with_capacity(text.len());
        chars.extend(text.char_indices());
        let at = |i: usize| chars.get(i).map(|&(_, c)| c);
        let off = |i: usize| chars.get(i).map_or(text.len(), |&(o, _)| o);
        let mut toks: Vec<Tok> = Vec::with_capacity(text.len() / 4);
        let mut i = 0;
        // Start of the word being accumulated, if any.
        let mut word: Option<usize> = None;
        let flush = |word: &mut Option<usize>, toks: &mut Vec<Tok>, end: usize| {
            if let Some(s) = word.take() {
                if end > s {
                    let kind = if text.get(s..end) == Some("无") {
                        Kind::Blank
                    } else {
                        Kind::Word
                    };
                    toks.push(Tok {
                        kind,
                        start: s,
                        end,
                    });
                }
            }
        };
        while let Some(c) = at(i) {
            if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
                // An ideograph (most of the text) is no space, dash, mark, sign or digit: it
                // starts or continues a word, as the general path below would have it.
                if word.is_none() {
                    word = Some(off(i));
                }
                i += 1;
                continue;
            }
            if c.is_whitespace() {
                flush(&mut word, &mut toks, off(i));
                i += 1;
                continue;
            }
            // Page marker: dash, optional spaces, digits, optional spaces, dash.
            if is_dash(c) {
                let mut j = i;
                while at(j).is_some_and(is_dash) {
                    j += 1;
                }
                let mut k = j;
                while at(k).is_some_and(|c| c == ' ') {
                    k += 1;
                }
                let ds = k;
                while at(k).is_some_and(|c| c.is_ascii_digit()) {
                    k += 1;
                }
                if k > ds && k - ds <= 4 {
                    while at(k).is_some_and(|c| c == ' ') {
                        k += 1;
                    }
                    if at(k).is_some_and(is_dash) {
                        while at(k).is_some_and(is_dash) {
                            k += 1;
                        }
                        if at(k).is_some_and(|c| c.is_ascii_digit()) {
                            // `-3 -5`: two signed numbers, not a page marker.
                            k = usize::MAX;
                        }
                    }
                    if k != usize::MAX && k > j && at(k.saturating_sub(1)).is_some_and(is_dash) {
                        flush(&mut word, &mut toks, off(i));
                        i = k;
                        continue;
                    }
                }
            }
            // A blank mark standing alone (not glued to a preceding word, not a sign).
            let sign_like = matches!(c, '-' | '－' | '−' | '+')
                && at(i + 1).is_some_and(|d| d.is_ascii_digit());
            if is_blank_mark(c) && word.is_none() && !sign_like {
                let mut j = i;
                while at(j).is_some_and(is_blank_mark) {
                    j += 1;
                }
                toks.push(Tok {
                    kind: Kind::Blank,
                    start: off(i),
                    end: off(j),
                });
                i = j;
                continue;
            }
            let signed = is_minus(c) || c == '+';
            let digit_start = if signed { i + 1 } else { i };
            if at(digit_start).is_some_and(|c| c.is_ascii_digit())
                && (c.is_ascii_digit() || word.is_none())
            {
                let mut j = digit_start;
                while at(j).is_some_and(|c| c.is_ascii_digit()) {
                    j += 1;
                }
                if at(j) == Some('.') && at(j + 1).is_some_and(|c| c.is_ascii_digit()) {
                    j += 1;
                    while at(j).is_some_and(|c| c.is_ascii_digit()) {
                        j += 1;
                    }
                }
                let next = at(j);
                // `1.属于国家秘密`, `3、…`: a label's numbering, part of a word.
                if matches!(next, Some('.' | '．' | '、')) && !signed {
                    if word.is_none() {
                        word = Some(off(i));
                    }
                    i = j + 1;
                    continue;
                }
                // Glued to a preceding word: 增加5 / 减少2 sign a change; 第3页 is prose.
                let mut negative = is_minus(c);
                let mut prose = false;
                if let Some(ws) = word {
                    let before = &text[ws..off(i)];
                    if before.ends_with("减少") {
                        negative = true;
                    } else if !before.ends_with("增加") {
                        prose = true;
                    }
                }
                // The next non-space character decides whether a unit follows.
                let mut k = j;
                while at(k).is_some_and(|c| c == ' ') {
                    k += 1;
                }
                if let Some(u) = at(k) {
                    if is_unit(u) || (u == '年' && at(k + 1) != Some('度')) {
                        prose = true;
                    }
                }
                // Previous non-space character 第/共 (第 3 页, 共 19 页).
                let mut p = i;
                while p > 0 && at(p - 1) == Some(' ') {
                    p -= 1;
                }
                if p > 0 && matches!(at(p - 1), Some('第' | '共')) {
                    prose = true;
                }
                if next.is_some_and(|c| c.is_ascii_digit() || c == '.') {
                    prose = true;
                }
                flush(&mut word, &mut toks, off(i));
                let digits = &text[off(digit_start)..off(j)];
                let kind = match digits.parse::<Number>() {
                    Ok(n) if !prose => {
                        let n = if negative {
                            Number::ZERO.checked_sub(n).unwrap_or(n)
                        } else {
                            n
                        };
                        Kind::Cell(n)
                    }
                    _ => Kind::Prose,
                };
                toks.push(Tok {
                    kind,
                    start: off(i),
                    end: off(j),
                });
                i = j;
                continue;
            }
            if word.is_none() {
                word = Some(off(i));
            }
            i += 1;
        }
        flush(&mut word, &mut toks, text.len());
        toks
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(fast_path_cases()))]

        /// The byte tokenizer gives exactly the tokens of the character one, on text made of
        /// the characters its tests look at.
        #[test]
        fn byte_tokenizer_is_the_char_tokenizer(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "第", "共", "年", "度", "件", "页", "减少", "增加", "无", "规章", "一", "䶿",
                "丁", "0", "1", "25", "3.5", "7", ".", "．", "、", " ", "  ", "\n", "\u{3000}",
                "\u{a0}", "—", "–", "-", "－", "―", "─", "/", "／", "−", "+", "%", "a", "(",
                "（", "é", "𠀀", "\t", "\r\n", "\n12\n", "4 5", " 6 ", "）", "，", "：", "；",
                "。", "“", "”", "〔", "‘", "＋", "．", "1、", "2，",
            ]), 0..40)
        ) {
            let text: String = parts.concat();
            prop_assert_eq!(tokenize(&text), tokenize_by_chars(&text));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(fast_path_cases()))]

        /// `parse_number` reads what `str::parse` reads (its oracle), on digit runs of any
        /// length (past what fits in an `i64` too) mixed with signs, points and other bytes.
        #[test]
        fn parse_number_is_str_parse(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "0", "1", "7", "9", "00", "12345", "999999999", "9223372036854775807",
                "9223372036854775808", ".", "-", "+", "a", " ", "é", "１",
            ]), 0..8)
        ) {
            let s: String = parts.concat();
            prop_assert_eq!(parse_number(&s), s.parse::<Number>().ok());
        }
    }

    #[test]
    fn parse_number_at_the_fast_path_bounds() {
        for s in [
            "",
            "0",
            "000",
            "999999999999999999",
            "1000000000000000000",
            "9999999999999999999",
            "-1",
            "1.50",
        ] {
            assert_eq!(parse_number(s), s.parse::<Number>().ok(), "{s:?}");
        }
    }

    fn cells(text: &str) -> Vec<String> {
        tokenize(text)
            .iter()
            .filter_map(|t| t.cell().map(|n| n.to_string()))
            .collect()
    }

    #[test]
    fn numbers_labels_units_and_page_markers() {
        assert_eq!(
            cells("1.属于国家秘密 38 5 0 — 14 — 2.其他 7"),
            ["38", "5", "0", "7"]
        );
        assert_eq!(
            cells("共受理 20 件,上年结转 0 件 28600.64 第 3 页"),
            ["28600.64"]
        );
        assert_eq!(
            cells("+12 -3 增加5 减少2 2021 年 年度 3"),
            ["12", "-3", "5", "-2", "3"]
        );
        assert_eq!(cells("- 3 - —1— 4"), ["4"]);
        assert_eq!(cells("19—37 增/减 5"), ["19", "37", "5"]);
        let kinds: Vec<Kind> = tokenize("规章 — / 无 0 无法提供")
            .iter()
            .map(|t| t.kind)
            .collect();
        assert_eq!(
            kinds,
            [
                Kind::Word,
                Kind::Blank,
                Kind::Blank,
                Kind::Blank,
                Kind::Cell(Number::ZERO),
                Kind::Word
            ]
        );
    }

    /// Texts and patterns made of a few pieces that fold, repeat and overlap.
    fn piece() -> impl proptest::strategy::Strategy<Value = &'static str> {
        proptest::prop_oneof![
            proptest::strategy::Just("本年"),
            proptest::strategy::Just("年新"),
            proptest::strategy::Just(" "),
            proptest::strategy::Just("（"),
            proptest::strategy::Just("3"),
            proptest::strategy::Just("3."),
            proptest::strategy::Just("本"),
            proptest::strategy::Just("aa"),
            proptest::strategy::Just("a"),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// `find_all` lists what repeated `find` calls give, ordered by start and pattern;
        /// `first_of` is the least start.
        #[test]
        fn find_all_is_repeated_find(
            text in proptest::collection::vec(piece(), 0..30),
            pats in proptest::collection::vec(proptest::collection::vec(piece(), 0..3), 0..5),
            from in 0usize..40,
        ) {
            let text = text.concat();
            let pats: Vec<String> = pats.iter().map(|p| p.concat()).collect();
            let pats: Vec<&str> = pats.iter().map(String::as_str).collect();
            let c = Compact::new(&text);
            let mut want = Vec::new();
            for (k, p) in pats.iter().enumerate() {
                let mut at = from;
                while let Some((s, e)) = c.find(p, at) {
                    want.push((k, s, e));
                    at = e;
                }
            }
            want.sort_by_key(|&(k, s, _)| (s, k));
            proptest::prop_assert_eq!(c.find_all(&pats, from), want.clone());
            proptest::prop_assert_eq!(c.first_of(&pats, from), want.first().map(|w| w.1));
        }
    }

    /// Pieces for the folding scan: foldable and dropped characters, characters of one to four
    /// bytes (ideographs inside and outside the fast paths' range), patterns' fragments.
    fn rich_piece() -> impl proptest::strategy::Strategy<Value = &'static str> {
        proptest::prop_oneof![
            piece(),
            proptest::strategy::Just("請"),
            proptest::strategy::Just("请求"),
            proptest::strategy::Just("（一）"),
            proptest::strategy::Just("(一)"),
            proptest::strategy::Just("“"),
            proptest::strategy::Just("\""),
            proptest::strategy::Just("|"),
            proptest::strategy::Just("\t"),
            proptest::strategy::Just("\r\n"),
            proptest::strategy::Just("\u{3000}"),
            proptest::strategy::Just("䶵"),
            proptest::strategy::Just("㐀"),
            proptest::strategy::Just("龥"),
            proptest::strategy::Just("𠀀"),
            proptest::strategy::Just("é"),
            proptest::strategy::Just("— 3 —"),
            proptest::strategy::Just("："),
            proptest::strategy::Just("「"),
            proptest::strategy::Just("\u{2028}"),
            proptest::strategy::Just("年請"),
            proptest::strategy::Just("新收"),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(fast_path_cases()))]

        /// The patterns a character starts, found by its low 12 bits (`starting`), are those
        /// the binary search finds (its oracle), in the same order; characters of equal low
        /// bits included.
        #[test]
        fn starting_by_low_bits_is_by_search(
            pats in proptest::collection::vec(proptest::collection::vec(rich_piece(), 0..3), 0..8),
            extra in proptest::collection::vec(0u32..3, 0..6),
        ) {
            let mut pats: Vec<String> = pats.iter().map(|p| p.concat()).collect();
            // First characters sharing their low 12 bits (U+4E2D 中, U+5E2D 席, U+6E2D 渭).
            for x in &extra {
                pats.push(char::from_u32(0x4E2D + 0x1000 * x).map(String::from).unwrap_or_default());
            }
            let pats: Vec<&str> = pats.iter().map(String::as_str).collect();
            let p = Pats::new(&pats);
            let firsts: Vec<char> = pats
                .iter()
                .flat_map(|s| s.chars())
                .chain(['中', '席', '渭', '(', 'a'])
                .collect();
            for c in firsts {
                let got: Vec<(usize, usize, usize)> = p.starting(c).collect();
                proptest::prop_assert_eq!(
                    got.iter().map(|x| x.0).collect::<Vec<_>>(),
                    p.starting_by_search(c)
                );
                // The bounds are those of each pattern's characters after its first.
                for &(k, a, b) in &got {
                    proptest::prop_assert_eq!(p.flat.get(a..b), p.folded(k).get(1..));
                }
            }
        }

        /// Taking a pattern's characters on their bytes when they are next (`rest_matches`)
        /// gives what decoding and folding each one gives (its oracle), from any character
        /// start.
        #[test]
        fn rest_matches_on_bytes_is_by_chars(
            text in proptest::collection::vec(rich_piece(), 0..20),
            pat in proptest::collection::vec(rich_piece(), 0..4),
            j in 0usize..60,
        ) {
            let text = text.concat();
            let rest: Vec<char> = pat.concat().chars().filter_map(fold_char).collect();
            let enc: Vec<Enc> = rest.iter().map(|&c| enc_of(c)).collect();
            let mut j = j.min(text.len());
            while !text.is_char_boundary(j) {
                j += 1;
            }
            proptest::prop_assert_eq!(
                rest_matches(&text, j, &rest, &enc, j),
                rest_matches_by_chars(&text, j, &rest, j)
            );
        }

        /// The scan that folds as it reads (`find_all`, `first_of`) gives what the compact
        /// text's scan (its oracle) gives, from any byte (inside a character too).
        #[test]
        fn folding_scan_is_the_compact_scan(
            text in proptest::collection::vec(rich_piece(), 0..40),
            pats in proptest::collection::vec(proptest::collection::vec(rich_piece(), 0..3), 0..6),
            from in 0usize..60,
        ) {
            let text = text.concat();
            let pats: Vec<String> = pats.iter().map(|p| p.concat()).collect();
            let pats: Vec<&str> = pats.iter().map(String::as_str).collect();
            let c = Compact::new(&text);
            proptest::prop_assert_eq!(find_all(&text, &pats, from), c.find_all(&pats, from));
            proptest::prop_assert_eq!(first_of(&text, &pats, from), c.first_of(&pats, from));
        }
    }

    /// `fold_any` changes no character into another but those of `FOLDED_FROM` (the scan's
    /// filter on the text's characters relies on it).
    #[test]
    fn folded_from_lists_every_changed_character() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let f = fold_any(c);
            let listed = FOLDED_FROM.iter().find(|&&(from, _)| from == c);
            match listed {
                Some(&(_, to)) => assert_eq!(f, Some(to), "{c:?}"),
                None => assert!(f.is_none() || f == Some(c), "{c:?}"),
            }
        }
    }

    /// `DROPPED3` lists every character of three bytes that `fold_any` drops (the scan's
    /// filter on the character after a first character relies on it).
    #[test]
    fn dropped3_lists_every_dropped_three_byte_character() {
        for c in (0x800..=0xFFFFu32).filter_map(char::from_u32) {
            let listed = DROPPED3.iter().chain(&DROPPED3_MORE).any(|&d| d == c);
            assert_eq!(fold_any(c).is_none(), listed, "{c:?}");
        }
    }

    /// The folding scan reads every character as `fold_char` folds it.
    #[test]
    fn folded_at_is_fold_char() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let s = format!("{c}x");
            assert_eq!(
                folded_at(&s, 0),
                Some((fold_char(c), c.len_utf8())),
                "{c:?}"
            );
        }
    }

    /// The fast paths of `fold_char` give what the general match gives, for every character.
    #[test]
    fn fold_char_fast_paths_are_the_general_fold() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(fold_char(c), fold_any(c), "{c:?}");
        }
    }

    #[test]
    fn compact_finds_split_labels() {
        let t = "第二十条第 (一) 项 本年 制发件数";
        let c = Compact::new(t);
        let (s, e) = c.find("第二十条第（一）项", 0).unwrap();
        assert_eq!(&t[s..e], "第二十条第 (一) 项");
        assert!(c.first_of(&["本年制发件数"], 0).is_some());
        assert!(c.first_of(&["本年制发件数"], e + 20).is_none());
    }
}
