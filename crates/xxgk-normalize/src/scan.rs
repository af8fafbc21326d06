//! One fast pass over a text that tells which steps can possibly change it, so that clean
//! Simplified text does not pay for steps with nothing to do.
//!
//! The answers are conservative: a flag is `false` only when the step would return `None`
//! (no change, no diagnostic) on this text. `true` means "run the step", which still decides.

use crate::width;

/// The step cannot be skipped because of a `?` or a suspicious character.
const MOJI: u8 = 1;
/// A Traditional-only character.
const TRAD: u8 = 2;
/// A character the width step always rewrites (full-width digits, odd spaces, `〔`, `\r`, …) or
/// an ASCII sign whose form depends on its context.
const WIDTH: u8 = 4;
/// A sign whose form depends on its neighbours: a canonical full-width sign `（）：，；！？`
/// (unchanged when a neighbour is Chinese context) or ASCII `,` `:` (unchanged between two
/// ASCII digits).
const SIGN: u8 = 8;
/// A character that makes a sign's context Chinese (`width::is_cjk_ctx`).
const CJK: u8 = 16;
/// Where the pdf step looks for a page marker (`-`, `‐`…`―`, `－`, `第`, `共`), the
/// boilerplate step for a trailer (`相`, `猜`, `热`), or the domain corrections for their `覆`.
const MARK: u8 = 32;
/// An ASCII digit.
const DIGIT: u8 = 64;
/// A strongly suspicious character (mojibake level 2).
const STRONG: u8 = 128;
/// Flags that need a closer look than OR-ing them together.
const RARE: u8 = MOJI | SIGN | WIDTH | MARK;

/// Which steps may change a text (see the [module documentation](self)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Profile {
    /// The mojibake step may find a suspicious run.
    pub mojibake: bool,
    /// The text holds a Traditional-only character.
    pub traditional: bool,
    /// The width step may rewrite something.
    pub width: bool,
    /// The lines (byte ranges, each ending after its `\n`) where the width step may rewrite
    /// something, when there are few; `None` means the whole text. Lines are independent for
    /// that step (its context never crosses a line end).
    pub width_lines: Option<Vec<(usize, usize)>>,
    /// Where the pdf step looks for inline page markers (every `-`, `‐`…`―`, `－`, `第`, `共`,
    /// in order); `None` when not scanned.
    pub pdf_starts: Option<Vec<usize>>,
    /// Whether the text holds one of the boilerplate trailers (`相关文章`, …); `None` when not
    /// scanned.
    pub trailer: Option<bool>,
    /// Whether the text holds a `覆`, which every [domain correction] replaces; `None` when
    /// not scanned.
    ///
    /// [domain correction]: crate::traditional::DOMAIN_CORRECTIONS
    pub domain: Option<bool>,
}

impl Profile {
    /// Every step may apply.
    pub(crate) const ALL: Profile = Profile {
        mojibake: true,
        traditional: true,
        width: true,
        width_lines: None,
        pdf_starts: None,
        trailer: None,
        domain: None,
    };
}

fn flags_of(c: char) -> u8 {
    let mut f = 0;
    // ASCII other than `?` is never suspicious by itself (see `mojibake::runs`).
    if c == '?' {
        f |= MOJI;
    } else if !c.is_ascii() {
        match crate::mojibake::level(c) {
            0 => {}
            1 => f |= MOJI,
            _ => f |= MOJI | STRONG,
        }
    }
    if crate::traditional::is_traditional(c) {
        f |= TRAD;
    }
    if width::is_cjk_ctx(c) {
        f |= CJK;
    }
    match c {
        '（' | '）' | '：' | '，' | '；' | '！' | '？' | ',' | ':' => f |= SIGN,
        '0'..='9' => f |= DIGIT,
        _ if width::changes(c) => f |= WIDTH,
        _ => {}
    }
    if matches!(
        c,
        '-' | '\u{2010}'..='\u{2015}' | '－' | '第' | '共' | '相' | '猜' | '热' | '覆'
    ) {
        f |= MARK;
    }
    f
}

/// Flags of every BMP character by code point, and of the three-byte ones again by
/// [`key3`].
struct Tables {
    by_char: &'static [u8; 0x1_0000],
    by_key3: &'static [u8; KEY3_SIZE],
}

/// Entries of the [`key3`] table: 18 index bits.
const KEY3_SIZE: usize = 1 << 18;

// `flags_of` of every BMP character, as runs (`scan_flags.txt`): computing them takes the
// Traditional and mojibake tables and about 20M instructions, paid by every process that
// normalizes one file. The build script turns the runs into the two tables below (parsing the
// text at start-up cost about 7M instructions). The test `tests::flags_file_is_current`
// checks the built table against the computed flags, and rewrites the file with
// `XXGK_WRITE_SCAN_FLAGS=1`.

/// [`flags_of`] by code point, from `scan_flags.txt` by the build script.
static BY_CHAR: &[u8; 0x1_0000] = include_bytes!(concat!(env!("OUT_DIR"), "/scan_by_char.bin"));

/// [`flags_of`] of the three-byte characters by [`key3`], from `scan_flags.txt` by the build
/// script.
static BY_KEY3: &[u8; KEY3_SIZE] = include_bytes!(concat!(env!("OUT_DIR"), "/scan_by_key3.bin"));

/// Every BMP character's flags, computed.
#[cfg(test)]
fn flags_computed() -> Box<[u8; 0x1_0000]> {
    let mut by_char = Box::new([0u8; 0x1_0000]);
    for (k, x) in by_char.iter_mut().enumerate() {
        *x = u32::try_from(k)
            .ok()
            .and_then(char::from_u32)
            .map_or(0, flags_of);
    }
    by_char
}

fn tables() -> &'static Tables {
    static TABLES: Tables = Tables {
        by_char: BY_CHAR,
        by_key3: BY_KEY3,
    };
    &TABLES
}

/// Flags and length of the character starting `s` (valid UTF-8); (0, 1) when `s` is empty.
#[inline(always)]
fn head(t: &[u8; 0x1_0000], s: &[u8]) -> (u8, usize) {
    match *s {
        [b0, ..] if b0 < 0x80 => (t[usize::from(b0)], 1),
        [b0, b1, b2, ..] if (0xE0..0xF0).contains(&b0) => {
            let k = (usize::from(b0 & 0x0F) << 12)
                | (usize::from(b1 & 0x3F) << 6)
                | usize::from(b2 & 0x3F);
            (t[k & 0xFFFF], 3)
        }
        [b0, b1, ..] if b0 < 0xE0 => {
            let k = (usize::from(b0 & 0x1F) << 6) | usize::from(b1 & 0x3F);
            (t[k & 0xFFFF], 2)
        }
        [] => (0, 1),
        _ => match crate::char_at(s, 0) {
            Some((c, len)) => (flags_of(c), len),
            None => (0, 1),
        },
    }
}

/// The lines of `text`, each with its `\n` (the last one without when the text does not end
/// with one): `text.split_inclusive('\n')`, found with memchr.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = &str> + '_ {
    let b = text.as_bytes();
    let mut ends = memchr::memchr_iter(b'\n', b);
    let mut start = 0;
    std::iter::from_fn(move || {
        let end = match ends.next() {
            Some(p) => p + 1,
            None if start < b.len() => b.len(),
            None => return None,
        };
        let line = text.get(start..end)?;
        start = end;
        Some(line)
    })
}

/// [`lines`], where an empty line (a `\n` where the line starts) is seen without memchr:
/// layout and flattened renderings have many, where memchr's set-up costs more than the line
/// (a plain report, with few, walks faster with [`lines`]).
pub(crate) fn lines_or_empty(text: &str) -> impl Iterator<Item = &str> + '_ {
    let b = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        let end = match b.get(start..) {
            Some([b'\n', ..]) => start + 1,
            Some(rest) if !rest.is_empty() => {
                memchr::memchr(b'\n', rest).map_or(b.len(), |p| start + p + 1)
            }
            _ => return None,
        };
        let line = text.get(start..end)?;
        start = end;
        Some(line)
    })
}

/// The ASCII spaces of `b` that may start a run of spaces [`pdf::join_spaces`] removes, in
/// order: every space whose neighbours fit (an ASCII digit or a byte of a non-ASCII character
/// before it; a space, a digit, `%` or a non-ASCII byte after it), found eight bytes at a
/// time. Inside a word the test after a space lets all of 0x20..=0x39 through, and the spaces
/// of the last bytes are all listed: the caller decides each space exactly.
///
/// [`pdf::join_spaces`]: crate::pdf::join_spaces
///
/// `ROWS`: the text has `|` table rows, whose many spaces stand beside a `|`: at each fourth
/// word, 32 bytes are passed when none of their spaces has neighbours that fit (a test that
/// costs more than the test for no space at all, which other texts get).
pub(crate) fn join_candidates<const ROWS: bool>(b: &[u8]) -> impl Iterator<Item = usize> + '_ {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    // The high bit of each byte of `x` that is zero.
    let zero = |x: u64| !(((x & LOW7) + LOW7) | x) & HIGH;
    // The next word's position (a multiple of eight).
    let mut pos = 0usize;
    let mut base = 0usize;
    let mut bits = 0u64;
    let tail_at = b.len() - b.len() % 8;
    let mut tail = b.get(tail_at..).unwrap_or_default().iter().enumerate();
    std::iter::from_fn(move || loop {
        if bits != 0 {
            let k = bits.trailing_zeros() as usize / 8;
            bits &= bits - 1;
            return Some(base + k);
        }
        // At each fourth word, 32 bytes without a space (most of a Chinese text's prose), or
        // in a text with table rows without a space whose neighbours fit, are passed in one
        // vectorizable test.
        while pos % 32 == 0 {
            let no_space = b
                .get(pos..pos + 32)
                .and_then(|c| <&[u8; 32]>::try_from(c).ok())
                .is_some_and(|block| block.iter().fold(0u8, |a, &c| a | u8::from(c == b' ')) == 0);
            // With table rows, the block test only when the cheaper one fails (Chinese prose
            // between the tables has no space).
            let pass = no_space || (ROWS && block_has_no_candidate(b, pos));
            if !pass {
                break;
            }
            pos += 32;
        }
        if let Some(c) = b
            .get(pos..pos + 8)
            .and_then(|c| <&[u8; 8]>::try_from(c).ok())
        {
            let w = u64::from_le_bytes(*c);
            base = pos;
            pos += 8;
            let sp = zero(w ^ (ONES * u64::from(b' ')));
            if sp == 0 {
                continue;
            }
            // Non-ASCII bytes, and ASCII digits: with the high bit forced on, subtracting
            // 0x30 (0x3A) leaves it on exactly where the low seven bits are >= 0x30 (0x3A),
            // with no borrow between bytes. After a space, all of 0x20..=0x39 is let through
            // (space, `%` and the digits among them).
            let v = w | HIGH;
            let below_3a = !v.wrapping_sub(ONES * 0x3A);
            let high = w & HIGH;
            let before = high | (v.wrapping_sub(ONES * 0x30) & below_3a & HIGH);
            // The first byte's neighbour before and the last one's after are in other words:
            // read from the text when that byte is a space (the table rows of a report put
            // many spaces there, next to a `|`). Most spaces of a table row follow a `|` or
            // a space: the test after them is skipped when none is left.
            bits = sp & ((before << 8) | 0x80);
            if bits == 0 {
                continue;
            }
            let after = high | (v.wrapping_sub(ONES * 0x20) & below_3a & HIGH);
            bits &= (after >> 8) | (0x80 << 56);
            if bits & 0x80 != 0
                && base
                    .checked_sub(1)
                    .and_then(|p| b.get(p))
                    .is_none_or(|&c| !(c.is_ascii_digit() || c >= 0x80))
            {
                bits &= !0x80;
            }
            if bits & (0x80 << 56) != 0
                && b.get(base + 8)
                    .is_some_and(|&c| !(c.is_ascii_digit() || c >= 0x80 || c == b' ' || c == b'%'))
            {
                bits &= !(0x80 << 56);
            }
            continue;
        }
        return tail
            .by_ref()
            .find(|&(_, &c)| c == b' ')
            .map(|(k, _)| tail_at + k);
    })
}

/// True when no space of the 32 bytes from `pos` can have neighbours that fit: each has a
/// `|` or a space before it or a `|` after it (a space that fits has an ASCII digit or a
/// non-ASCII byte before it, and a byte of 0x20..=0x39 or a non-ASCII byte after it). Most
/// spaces of a table row stand beside a `|`. False also when the block and the bytes around
/// it are not all in `b` (the first block of a text included). One vectorizable pass of
/// equality tests over the block, without copying it.
#[inline]
fn block_has_no_candidate(b: &[u8], pos: usize) -> bool {
    // The byte before the block, the block, and the byte after it.
    let Some(win) = pos
        .checked_sub(1)
        .and_then(|p| b.get(p..pos + 33))
        .and_then(|c| <&[u8; 34]>::try_from(c).ok())
    else {
        return false;
    };
    let mut acc = 0u8;
    for k in 0..32 {
        let (p, c, n) = (win[k], win[k + 1], win[k + 2]);
        acc |= u8::from((c == b' ') & (p != b'|') & (p != b' ') & (n != b'|'));
    }
    acc == 0
}

/// The exact test that [`block_has_no_candidate`] approximates (its oracle, as first
/// written): true when no space of the 32 bytes from `pos` has an ASCII digit or a non-ASCII byte
/// before it and a byte of 0x20..=0x39 or a non-ASCII byte after it (the word test of
/// [`join_candidates`], on the real neighbours); false also when the block and the bytes
/// around it are not all in `b`. One vectorizable pass over the block.
#[cfg(test)]
fn block_has_no_fitting_space(b: &[u8], pos: usize) -> bool {
    // The byte before the block (none before the text: a byte that never fits), the block,
    // and the byte after it.
    let win: Option<[u8; 34]> = match pos.checked_sub(1) {
        Some(p) => b
            .get(p..pos + 33)
            .and_then(|c| <[u8; 34]>::try_from(c).ok()),
        None => b.get(..33).map(|c| {
            let mut w = [0u8; 34];
            for (x, y) in w.iter_mut().skip(1).zip(c) {
                *x = *y;
            }
            w
        }),
    };
    let Some(win) = win else {
        return false;
    };
    let mut acc = 0u8;
    for k in 0..32 {
        let (p, c, n) = (win[k], win[k + 1], win[k + 2]);
        let before = (p >= 0x80) | p.is_ascii_digit();
        let after = (n >= 0x80) | (n.wrapping_sub(0x20) < 0x1A);
        acc |= u8::from((c == b' ') & before & after);
    }
    acc == 0
}

/// Most line ranges a [`Profile`] lists before it asks for the whole text.
const MAX_LINES: usize = 64;

/// A suspicious cluster as `mojibake::runs` would grow it, counted generously (`?` always
/// suspicious): a run can only exist where a cluster meets the run thresholds.
#[derive(Default)]
struct Cluster {
    bad: u32,
    strong: u32,
    gap: u32,
    found: bool,
}

impl Cluster {
    fn close(&mut self) {
        if (self.strong >= 1 && self.bad >= 2) || self.bad >= 4 {
            self.found = true;
        }
        self.bad = 0;
        self.strong = 0;
        self.gap = 0;
    }
}

/// High bit of every byte of a word.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The index in `Tables::by_key3` of the three-byte character in the low 24 bits of `w`
/// (little-endian: lead byte lowest): its six bits of the second byte, two zero bits, six
/// bits of the third byte, four bits of the lead byte — gathered by one multiplication: the
/// copies `m << 38` and `m << 60` of the masked fields `m` never overlap (so no carries), and
/// the top 18 bits of their sum hold the second byte's bits (46..52), the third byte's
/// (54..60) and the lead byte's (60..64) with zeros between.
#[inline(always)]
fn key3(w: u64) -> usize {
    // Truncation is intended: the index has 18 bits.
    ((w & 0x003F_3F0F).wrapping_mul(KEY3_MUL) >> 46) as usize
}

/// [`key3`] of the three-byte character in bits 24..48 of `w` (the second of a pair), without
/// shifting `w` first.
#[inline(always)]
fn key3_second(w: u64) -> usize {
    ((w & (0x003F_3F0F << 24)).wrapping_mul(KEY3_MUL >> 24) >> 46) as usize
}

/// The multiplier of [`key3`]: two shifted copies.
const KEY3_MUL: u64 = (1 << 38) | (1 << 60);

/// [`key3`] by shifts (the oracle of the multiplication).
#[cfg(test)]
fn key3_by_shifts(w: u64) -> usize {
    let m = w & 0x003F_3F0F;
    (((m | (m << 22)) >> 8) & 0x3_FFFF) as usize
}

/// Whether the hot loop must hand the non-ASCII character with flags `f`, after one with flags
/// `prev`, to the closer look: it has a rare flag, other than a full-width sign that a Chinese
/// character before it already settles (most `，` and `：` of a report).
#[inline(always)]
fn stops(f: u8, prev: u8) -> bool {
    let r = f & RARE;
    r != 0 && (r != SIGN || prev & CJK == 0)
}

/// The hot loop: from byte `i`, skips the ASCII and three-byte characters with no rare flag
/// (almost every character of a clean text), folding their flags into `any` and the last one
/// into `prev`; returns where the first other character starts (or the text's length).
///
/// ASCII goes eight bytes at a time (a run of ASCII at the start of the word), three-byte
/// characters two at a time (one eight-byte load).
#[inline(always)]
fn skip_plain(tables: &Tables, b: &[u8], mut i: usize, any: &mut u8, prev: &mut u8) -> usize {
    let t = tables.by_char;
    let t3 = tables.by_key3;
    let mut a = *any;
    let mut p = *prev;
    'outer: while let Some(w8) = b.get(i..i + 8).and_then(|c| <&[u8; 8]>::try_from(c).ok()) {
        let w = u64::from_le_bytes(*w8);
        let hi = w & HIGH;
        if hi & 0x80 == 0 {
            // ASCII: the bytes before the first non-ASCII one.
            let n = (hi.trailing_zeros() / 8) as usize;
            let run = w8.get(..n).unwrap_or_default();
            let f = run.iter().fold(0u8, |f, &c| f | t[usize::from(c)]);
            if f & RARE != 0 {
                for &c in run {
                    let f = t[usize::from(c)];
                    if f & RARE != 0 {
                        break 'outer;
                    }
                    a |= f;
                    p = f;
                    i += 1;
                }
                break;
            }
            a |= f;
            p = run.last().map_or(p, |&c| t[usize::from(c)]);
            i += n;
            continue;
        }
        if w & 0xF000_00F0 == 0xE000_00E0 {
            // Two three-byte characters (the common case of Chinese text).
            let f1 = t3[key3(w)];
            let f2 = t3[key3_second(w)];
            if (f1 | f2) & RARE == 0 {
                a |= f1 | f2;
                p = f2;
                i += 6;
                // Most often two more follow: taken here, without going round the loop (its
                // ASCII test included).
                if let Some(v8) = b.get(i..i + 8).and_then(|c| <&[u8; 8]>::try_from(c).ok()) {
                    let v = u64::from_le_bytes(*v8);
                    if v & 0xF000_00F0 == 0xE000_00E0 {
                        let f3 = t3[key3(v)];
                        let f4 = t3[key3_second(v)];
                        if (f3 | f4) & RARE == 0 {
                            a |= f3 | f4;
                            p = f4;
                            i += 6;
                        }
                    }
                }
                continue;
            }
            if stops(f1, p) {
                break;
            }
            a |= f1;
            p = f1;
            i += 3;
            if stops(f2, p) {
                break;
            }
            a |= f2;
            p = f2;
            i += 3;
            continue;
        }
        if w & 0xF0 != 0xE0 {
            break;
        }
        let f1 = t3[key3(w)];
        if stops(f1, p) {
            break;
        }
        a |= f1;
        p = f1;
        i += 3;
    }
    // The last bytes, one character at a time (or the character that stopped the words).
    while let Some(&b0) = b.get(i) {
        let (f, len) = if b0 < 0x80 {
            let f = t[usize::from(b0)];
            if f & RARE != 0 {
                break;
            }
            (f, 1)
        } else if b0 & 0xF0 == 0xE0 {
            match b.get(i + 1..i + 3) {
                Some(&[b1, b2]) => {
                    let k = (usize::from(b0 & 0x0F) << 12)
                        | (usize::from(b1 & 0x3F) << 6)
                        | usize::from(b2 & 0x3F);
                    let f = t[k & 0xFFFF];
                    if stops(f, p) {
                        break;
                    }
                    (f, 3)
                }
                _ => break,
            }
        } else {
            break;
        };
        a |= f;
        p = f;
        i += len;
    }
    *any = a;
    *prev = p;
    i
}

/// Trailers the boilerplate step removes that start with `相`, `猜` or `热`.
fn starts_trailer(s: &[u8]) -> bool {
    crate::boilerplate::TRAILERS
        .iter()
        .any(|m| s.starts_with(m.as_bytes()))
}

/// True for the characters where the pdf step looks for a page marker (`s` starts with one
/// holding the [`MARK`] flag).
fn is_pdf_start(s: &[u8]) -> bool {
    match *s {
        [b'-', ..] => true,
        [0xE2, 0x80, x, ..] => (0x90..=0x95).contains(&x),
        _ => {
            s.starts_with("－".as_bytes())
                || s.starts_with("第".as_bytes())
                || s.starts_with("共".as_bytes())
        }
    }
}

/// Scans `text` once; see [`Profile`].
pub(crate) fn profile(text: &str) -> Profile {
    let tables = tables();
    let t = tables.by_char;
    let b = text.as_bytes();
    let mut any = 0u8;
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut whole = false;
    let mut cl = Cluster::default();
    let mut prev = 0u8;
    // Sized for a report's 第, 共 and dashes (a few dozen), so that it rarely grows.
    let mut pdf_starts: Vec<usize> = Vec::with_capacity(64);
    let mut trailer = false;
    let mut domain = false;
    let mut i = 0;
    loop {
        if cl.bad == 0 {
            i = skip_plain(tables, b, i, &mut any, &mut prev);
        }
        let s = b.get(i..).unwrap_or_default();
        let (f, len) = match *s {
            [] => break,
            _ => head(t, s),
        };
        any |= f;
        if f & RARE != 0 || cl.bad != 0 {
            let b0 = s.first().copied().unwrap_or(0);
            // Mojibake: clusters of suspicious characters, as `mojibake::runs` grows runs.
            if f & MOJI != 0 {
                cl.bad += 1;
                cl.strong += u32::from(f & STRONG != 0);
                cl.gap = 0;
            } else if b0 == b'\n' {
                cl.close();
            } else if !matches!(b0, b'|' | b' ' | b'\t' | b'\r') {
                cl.gap += 1;
                if cl.gap > 3 {
                    cl.close();
                }
            }
            if f & MARK != 0 {
                if is_pdf_start(s) {
                    pdf_starts.push(i);
                } else if s.starts_with("覆".as_bytes()) {
                    domain = true;
                } else if !trailer && starts_trailer(s) {
                    trailer = true;
                }
            }
            // Width: a character it rewrites, or a sign whose context does not settle it.
            let rewrite = if f & WIDTH != 0 {
                true
            } else if f & SIGN != 0 {
                let next = head(t, s.get(len..).unwrap_or_default()).0;
                let settled = if b0 < 0x80 {
                    prev & DIGIT != 0 && next & DIGIT != 0
                } else {
                    prev & CJK != 0 || next & CJK != 0
                };
                !settled
            } else {
                false
            };
            if rewrite && !whole && lines.last().is_none_or(|l| l.1 <= i) {
                let start = crate::line_start(b, i);
                let end = memchr::memchr(b'\n', s).map_or(b.len(), |p| i + p + 1);
                if lines.len() == MAX_LINES {
                    whole = true;
                } else {
                    lines.push((start, end));
                }
            }
        }
        prev = f;
        i += len;
    }
    cl.close();
    let width = whole || !lines.is_empty();
    Profile {
        mojibake: cl.found,
        traditional: any & TRAD != 0,
        width,
        width_lines: (!whole).then_some(lines),
        pdf_starts: Some(pdf_starts),
        trailer: Some(trailer),
        domain: Some(domain),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_split_inclusive() {
        for t in ["", "a", "\n", "a\n", "a\nb", "\n\nb\n", "一\n二\r\n三"] {
            let got: Vec<&str> = lines(t).collect();
            let want: Vec<&str> = t.split_inclusive('\n').collect();
            assert_eq!(got, want, "{t:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(crate::fast_path_cases()))]
        /// Lines with the empty ones seen on their first byte are `split_inclusive`'s (the
        /// oracle).
        #[test]
        fn lines_or_empty_are_split_inclusive(t in "[a一\n\u{8a}é]{0,40}") {
            let got: Vec<&str> = lines_or_empty(&t).collect();
            let want: Vec<&str> = t.split_inclusive('\n').collect();
            proptest::prop_assert_eq!(got, want);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(crate::fast_path_cases()))]
        /// The block test of table-row texts passes only blocks that the exact test (the
        /// oracle) passes: no space with neighbours that fit is skipped.
        #[test]
        fn block_test_passes_only_blocks_without_fitting_spaces(
            t in "[a \u{a0}\u{3000}一\x7f\u{80}!0-9%|\n]{0,120}",
            at in 0usize..100,
        ) {
            let b = t.as_bytes();
            for pos in [at, at % 32, 32, 64] {
                if block_has_no_candidate(b, pos) {
                    proptest::prop_assert!(block_has_no_fitting_space(b, pos), "{}", pos);
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(crate::fast_path_cases()))]
        #[test]
        fn join_candidates_keep_every_joinable_space(t in "[a \u{a0}\u{3000}一\x7f\u{80}!0-9%|]{0,150}") {
            let b = t.as_bytes();
            let got: Vec<usize> = join_candidates::<false>(b).collect();
            let rows: Vec<usize> = join_candidates::<true>(b).collect();
            // With table rows: only candidates, and every one with fitting neighbours.
            proptest::prop_assert!(rows.iter().all(|p| got.contains(p)));
            let all: Vec<usize> = (0..b.len()).filter(|&i| b.get(i) == Some(&b' ')).collect();
            // Only spaces, in order.
            proptest::prop_assert!(got.iter().all(|p| all.contains(p)));
            proptest::prop_assert!(got.windows(2).all(|w| w[0] < w[1]));
            // Every space with fitting neighbours.
            let before = |c: u8| c.is_ascii_digit() || c >= 0x80;
            let after = |c: u8| before(c) || c == b' ' || c == b'%';
            for &p in &all {
                let fits = p.checked_sub(1).and_then(|q| b.get(q)).is_some_and(|&c| before(c))
                    && b.get(p + 1).is_none_or(|&c| after(c));
                if fits {
                    proptest::prop_assert!(got.contains(&p), "{} missing", p);
                    proptest::prop_assert!(rows.contains(&p), "{} missing with rows", p);
                }
            }
        }

        #[test]
        fn marks_match_the_steps_own_searches(
            t in "(相关文章|猜你喜欢|热门文档|相关文档|相关推荐|相关|热门|第3页|共|—|－|-|‐|―|a| |\n|一|，|覆|答覆|覆相关){0,20}"
        ) {
            let p = profile(&t);
            proptest::prop_assert_eq!(p.pdf_starts, Some(crate::pdf::marker_starts(&t)));
            proptest::prop_assert_eq!(p.trailer, Some(crate::boilerplate::has_trailer(&t)));
            proptest::prop_assert_eq!(p.domain, Some(t.contains('覆')));
        }

        #[test]
        fn lines_match_split_inclusive(t in "[a\n一 \r]{0,40}") {
            let got: Vec<&str> = lines(&t).collect();
            let want: Vec<&str> = t.split_inclusive('\n').collect();
            proptest::prop_assert_eq!(got, want);
        }
    }

    /// `scan_flags.txt` holds `flags_of` of every BMP character (rewrite it with
    /// `XXGK_WRITE_SCAN_FLAGS=1` after changing `flags_of` or the tables it reads).
    #[test]
    fn flags_file_is_current() {
        let want = flags_computed();
        if std::env::var_os("XXGK_WRITE_SCAN_FLAGS").is_some() {
            let mut text = String::from(
                "# scan::flags_of of every BMP character as runs: START(hex) LENGTH FLAGS.\n\
                 # Written by the test scan::tests::flags_file_is_current (XXGK_WRITE_SCAN_FLAGS=1).\n",
            );
            let mut i = 0usize;
            while i < want.len() {
                let f = want[i];
                let n = want[i..].iter().take_while(|&&x| x == f).count();
                text.push_str(&format!("{i:04X} {n} {f}\n"));
                i += n;
            }
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/scan_flags.txt");
            assert!(std::fs::write(path, text).is_ok());
            return;
        }
        // The build script parsed the file into `BY_CHAR` (a malformed file fails the build).
        for cp in 0..0x1_0000usize {
            assert_eq!(
                BY_CHAR[cp], want[cp],
                "scan_flags.txt is stale at U+{cp:04X}"
            );
        }
    }

    #[test]
    fn key3_table_agrees_with_code_points() {
        let t = tables();
        for cp in 0x800u32..0x1_0000 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let mut buf = [0u8; 8];
            c.encode_utf8(&mut buf);
            let w = u64::from_le_bytes(buf);
            assert_eq!(t.by_key3[key3(w)], t.by_char[cp as usize], "U+{cp:04X}");
            // The same character as the second of a pair (the word shifted by three bytes).
            let mut pair = [0u8; 8];
            pair[..3].copy_from_slice("一".as_bytes());
            pair[3..6].copy_from_slice(&buf[..3]);
            assert_eq!(
                t.by_key3[key3(u64::from_le_bytes(pair) >> 24)],
                t.by_char[cp as usize]
            );
            assert_eq!(
                t.by_key3[key3_second(u64::from_le_bytes(pair))],
                t.by_char[cp as usize]
            );
        }
    }

    /// The multiplication gathers the same bits as the shifts, for every three-byte
    /// character under any bytes around it.
    #[test]
    fn key3_multiplication_is_the_shifts() {
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        for cp in 0x800u32..0x1_0000 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let mut buf = [0u8; 4];
            c.encode_utf8(&mut buf);
            for _ in 0..4 {
                x = x.rotate_left(17).wrapping_mul(0x2545_F491_4F6C_DD1D) ^ u64::from(cp);
                let own = u64::from(buf[0]) | u64::from(buf[1]) << 8 | u64::from(buf[2]) << 16;
                let w = (x & !0xFF_FFFF) | own;
                assert_eq!(key3(w), key3_by_shifts(w), "U+{cp:04X}");
                let w2 = (x & !(0xFF_FFFF << 24)) | own << 24;
                assert_eq!(key3_second(w2), key3_by_shifts(w2 >> 24), "U+{cp:04X}");
            }
        }
    }

    #[test]
    fn clean_text_needs_no_width_or_conversion() {
        let p = profile("一、总体情况：本年度收到申请12件，办理完成（含上年结转）。\n1,234");
        assert!(!p.width && !p.traditional && !p.mojibake);
    }

    #[test]
    fn damage_is_noticed() {
        assert!(profile("共１２件").width);
        assert!(profile("总计,其中").width);
        assert!(profile("a\r\nb").width);
        assert!(profile("（1）\n").width);
        assert!(profile("總體情況").traditional);
        assert!(profile("问候语：浣犲ソ").mojibake);
        assert!(profile("平?台?站?点?").mojibake);
        assert!(!profile("平?台").mojibake);
    }

    #[test]
    fn agrees_with_the_steps() {
        // Whenever a flag is false, the step has nothing to do.
        let texts = [
            "一、总体情况：本年度收到申请12件，办理完成。",
            "共１２件(含)",
            "（一）\n）（\n：，",
            "1，2 3:4 5,6",
            "总体 ，情况",
            "x（y）z",
            "甲（1）乙",
            "\"引号\"",
            "一目瞭然",
        ];
        for t in texts {
            let p = profile(t);
            if !p.width {
                assert!(crate::width::normalize_width(t).is_none(), "{t}");
            }
            if !p.mojibake {
                assert!(crate::mojibake::repair(t, None).is_none(), "{t}");
            }
            if !p.traditional {
                assert!(!crate::traditional::has_traditional(t), "{t}");
            }
        }
    }
}
