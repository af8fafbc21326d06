//! Mojibake repair: runs of mis-decoded text re-decoded where clearly more plausible.
//!
//! A *suspicious run* is a stretch of one line holding characters that government prose hardly
//! uses ([`crate::freq::char_score`] below zero: rare ideographs, bopomofo, kana, box drawing,
//! compatibility forms, Latin-1 letters, U+FFFD, a `?` next to Chinese) — at least one strongly
//! suspicious character and two suspicious ones, or four rare ideographs, with at most three
//! ordinary characters between them. For each run these re-decodings are tried:
//!
//! - **GBK one byte off**: the run (first converted back to Simplified and to full-width
//!   punctuation, undoing later passes) is encoded to GBK, shifted by one byte either way and
//!   decoded again (`?。ㄋ模﹥` → `（四）`). Bytes lost at the edges stay `?`;
//! - **UTF-8 read as GBK** (`浣犲ソ` → `你好`);
//! - **GBK read as Latin-1** (`ÄãºÃ` → `你好`) and **UTF-8 read as Latin-1**.
//!
//! The best candidate replaces the run only when its [`plausibility`] beats the run's by a wide
//! margin; each repair gets a [`Code::MojibakeRepaired`] diagnostic, each run left alone a
//! [`Code::MojibakeUnrepaired`] one. Clean text (no suspicious run) is returned unchanged.
//!
//! The work is bounded: detection is one pass; runs are cut into pieces of at most 200
//! characters; the sub-runs re-decoded over one input total at most 16 KiB plus 2 bytes per input
//! byte, and runs beyond that budget are left as found under one [`Code::MojibakeUnrepaired`]
//! diagnostic.
//!
//! ```
//! let out = xxgk_normalize::mojibake::repair("问候语：浣犲ソ锛屼笘鐣屻€", None).unwrap();
//! assert!(out.text.starts_with("问候语：你好，世界"));
//! ```

use crate::freq::{char_score, plausibility};
use crate::map::MapBuilder;
use crate::traditional::Converter;
use crate::StepOutput;
use xxgk_model::{Code, Diagnostic, Span};

fn is_cjkish(c: char) -> bool {
    crate::width::is_cjk(c)
}

/// Score of the character at a position, with `?` judged by its neighbours.
fn bad_level(c: char, prev: Option<char>, next: Option<char>) -> u8 {
    if c == '?' {
        return u8::from(prev.is_some_and(is_cjkish) || next.is_some_and(is_cjkish));
    }
    let k = c as u32;
    if k < 0x1_0000 {
        return level_table().get(k as usize).copied().unwrap_or(0);
    }
    level_of(c)
}

/// The level of `c` (not `?`) in a run, whatever its neighbours: 0, 1 or 2.
pub(crate) fn level(c: char) -> u8 {
    bad_level(c, None, None)
}

/// The level of a character by itself: 0 ordinary, 1 suspicious, 2 strongly suspicious.
fn level_of(c: char) -> u8 {
    if c.is_whitespace() {
        return 0;
    }
    let s = char_score(c);
    if s < 0.0 && crate::traditional::is_traditional(c) {
        return 0;
    }
    if s <= -2.0 {
        2
    } else if s < 0.0 {
        1
    } else {
        0
    }
}

fn level_table() -> &'static [u8] {
    static TABLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0u32..0x1_0000)
            .map(|k| char::from_u32(k).map_or(0, level_of))
            .collect()
    })
}

#[derive(Clone, Copy)]
struct Run {
    start: usize,
    end: usize,
    strong: usize,
    bad: usize,
    gap: usize,
}

/// Suspicious runs: (start, end) byte ranges.
fn runs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let flush = |cur: &mut Option<Run>, out: &mut Vec<(usize, usize)>| {
        if let Some(r) = cur.take() {
            if (r.strong >= 1 && r.bad >= 2) || r.bad >= 4 {
                out.push((r.start, r.end));
            }
        }
    };
    let bytes = text.as_bytes();
    let mut cur: Option<Run> = None;
    let mut prev: Option<char> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 && b != b'?' {
            // ASCII: never suspicious by itself
            if b == b'\n' {
                flush(&mut cur, &mut out);
            } else if matches!(b, b'|' | b' ' | b'\t' | b'\r') {
                // neutral: other steps remove `|` residue and spaces, and a second pass must
                // see the same runs
            } else if let Some(r) = cur.as_mut() {
                r.gap += 1;
                if r.gap > 3 {
                    flush(&mut cur, &mut out);
                }
            }
            prev = Some(char::from(b));
            i += 1;
            continue;
        }
        let Some((c, len)) = crate::char_at(bytes, i) else {
            i += 1;
            continue;
        };
        let lvl = if c == '?' {
            bad_level(c, prev, text.get(i + 1..).and_then(|t| t.chars().next()))
        } else {
            bad_level(c, None, None)
        };
        if lvl == 0 {
            if let Some(r) = cur.as_mut() {
                r.gap += 1;
                if r.gap > 3 {
                    flush(&mut cur, &mut out);
                }
            }
        } else {
            match cur.as_mut() {
                Some(r) => {
                    r.end = i + len;
                    r.bad += 1;
                    r.gap = 0;
                    if lvl == 2 {
                        r.strong += 1;
                    }
                }
                None => {
                    cur = Some(Run {
                        start: i,
                        end: i + len,
                        strong: usize::from(lvl == 2),
                        bad: 1,
                        gap: 0,
                    })
                }
            }
        }
        prev = Some(c);
        i += len;
    }
    flush(&mut cur, &mut out);
    out
}

fn unfold_punct(c: char) -> char {
    match c {
        '!' => '！',
        ',' => '，',
        '(' => '（',
        ')' => '）',
        ':' => '：',
        ';' => '；',
        _ => c,
    }
}

/// The GBK bytes of one character, without allocating (`None` when GBK cannot encode it).
fn gbk_char(c: char, out: &mut [u8; 4]) -> Option<&[u8]> {
    if c.is_ascii() {
        out[0] = c as u8;
        return out.get(..1);
    }
    let mut utf8 = [0u8; 4];
    let mut enc = encoding_rs::GBK.new_encoder();
    let (res, _, written) =
        enc.encode_from_utf8_without_replacement(c.encode_utf8(&mut utf8), out, true);
    match res {
        encoding_rs::EncoderResult::InputEmpty => out.get(..written),
        _ => None,
    }
}

fn gbk_bytes(run: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(run.len());
    let mut buf = [0u8; 4];
    for c in run.chars() {
        match gbk_char(unfold_punct(c), &mut buf) {
            Some(b) => out.extend_from_slice(b),
            None => out.push(b'?'),
        }
    }
    out
}

fn gbk_decode(b: &[u8]) -> String {
    let (s, _) = encoding_rs::GBK.decode_without_bom_handling(b);
    s.into_owned()
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}'
    )
}

fn candidates(run: &str, conv: Option<&dyn Converter>) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    // Invisible characters (removed by the width step anyway) are no bytes of the mojibake.
    let run: &str = &run
        .chars()
        .filter(|&c| !is_invisible(c))
        .collect::<String>();
    // GBK one byte off, after undoing a Traditional pass.
    let simplified = conv.map(|c| c.convert(run)).filter(|s| s != run);
    // (the second reading only when the conversion changed something: the same bytes give the
    // same candidates)
    for src in std::iter::once(run).chain(simplified.as_deref()) {
        let b = gbk_bytes(src);
        for k in 1..=3 {
            if let Some(rest) = b.get(k..) {
                out.push((gbk_decode(rest), "GBK read one byte off"));
            }
        }
        let mut pre = vec![0xB0u8];
        pre.extend_from_slice(&b);
        let dec = gbk_decode(&pre);
        let dec: String = dec.chars().skip(1).collect();
        out.push((format!("\u{FFFD}{dec}"), "GBK read one byte off"));
    }
    // UTF-8 read as GBK.
    let (b, _, bad) = encoding_rs::GBK.encode(run);
    if !bad {
        out.push((
            String::from_utf8_lossy(&b).into_owned(),
            "UTF-8 read as GBK",
        ));
    }
    // Latin-1 readings.
    if run.chars().all(|c| (c as u32) < 0x100) {
        let bytes: Vec<u8> = run
            .chars()
            .filter_map(|c| u8::try_from(c as u32).ok())
            .collect();
        out.push((gbk_decode(&bytes), "GBK read as Latin-1"));
        out.push((
            String::from_utf8_lossy(&bytes).into_owned(),
            "UTF-8 read as Latin-1",
        ));
    }
    out
}

/// Sub-ranges of `s..e` starting and ending at suspicious characters (at most 12 of them
/// considered, so at most 78 sub-runs), each of at least two characters.
fn sub_runs(text: &str, s: usize, e: usize) -> Vec<(usize, usize)> {
    let run = text.get(s..e).unwrap_or_default();
    let mut prev = text.get(..s).and_then(|t| t.chars().next_back());
    let mut marks: Vec<(usize, usize)> = Vec::new();
    let mut it = run.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let next = it.peek().map(|x| x.1);
        if bad_level(c, prev, next) > 0 && gbk_encodable(c) {
            marks.push((s + i, s + i + c.len_utf8()));
        }
        prev = Some(c);
    }
    marks.truncate(12);
    let mut out = vec![(s, e)];
    for (a, &(st, _)) in marks.iter().enumerate() {
        for &(_, en) in marks.iter().skip(a + 1) {
            if (st, en) != (s, e) {
                out.push((st, en));
            }
        }
    }
    out
}

fn gbk_encodable(c: char) -> bool {
    (c as u32) < 0x100 || gbk_char(c, &mut [0u8; 4]).is_some()
}

/// Narrows a run to start and end at characters GBK (or Latin-1) can encode (others cannot be
/// mojibake of either); `None` when nothing is left.
fn trim_unencodable(text: &str, mut s: usize, mut e: usize) -> Option<(usize, usize)> {
    let run = text.get(s..e)?;
    let lead: usize = run
        .chars()
        .take_while(|&c| !gbk_encodable(c))
        .map(char::len_utf8)
        .sum();
    s += lead;
    // Leading ordinary characters are not part of the run either.
    let run = text.get(s..e)?;
    let mut prev = text.get(..s).and_then(|t| t.chars().next_back());
    let mut chars = run.chars().peekable();
    while let Some(c) = chars.next() {
        if bad_level(c, prev, chars.peek().copied()) > 0 {
            break;
        }
        s += c.len_utf8();
        prev = Some(c);
    }
    let run = text.get(s..e)?;
    let trail: usize = run
        .chars()
        .rev()
        .take_while(|&c| !gbk_encodable(c))
        .map(char::len_utf8)
        .sum();
    e -= trail;
    (e > s).then_some((s, e))
}

/// Finds the best repair inside `s..e` (the sub-run from a suspicious character to a suspicious
/// character with the largest total gain: a run's edges may hold ordinary text or a `?` of the
/// text itself), then looks again left and right of it (`depth` levels).
fn best_repairs(
    text: &str,
    s: usize,
    e: usize,
    conv: Option<&dyn Converter>,
    depth: u8,
    budget: &mut usize,
    found: &mut Vec<(usize, usize, String, &'static str)>,
) {
    if depth == 0 || e <= s {
        return;
    }
    let mut best: Option<(f64, usize, usize, String, &'static str)> = None;
    for (vs, ve) in sub_runs(text, s, e) {
        // Each try costs the bytes it re-decodes (each candidate decoding and conversion is
        // linear in them).
        if *budget < ve - vs {
            *budget = 0;
            break;
        }
        *budget -= ve - vs;
        let Some(run) = text.get(vs..ve) else {
            continue;
        };
        let conv_run = conv.map_or_else(|| run.to_string(), |c| c.convert(run));
        let before = plausibility(&conv_run) * conv_run.chars().count() as f64;
        let before_mean = before / conv_run.chars().count().max(1) as f64;
        for (t, how) in candidates(run, conv) {
            // Bytes lost at the edges decode to U+FFFD: expected, so a mild penalty here (they
            // are written as `?`). Scored as Simplified (the Traditional step converts it
            // later).
            let converted;
            let scored: &str = match conv {
                Some(c) => {
                    converted = c.convert(&t);
                    &converted
                }
                None => &t,
            };
            let (mut n, mut total, mut common) = (0usize, 0.0f64, 0usize);
            for c in scored.chars() {
                n += 1;
                if c == '\u{FFFD}' {
                    total -= 1.0;
                } else {
                    let sc = char_score(c);
                    total += sc;
                    // at least two common characters: a repair must restore words, not one
                    // character
                    if sc >= 1.0 {
                        common += 1;
                    }
                }
            }
            let p = if n == 0 { 0.0 } else { total / n as f64 };
            if !(p >= before_mean + 1.0 && p >= 0.6 && common >= 2) {
                continue;
            }
            let t = t.replace('\u{FFFD}', "?");
            // and must re-decode something, not merely drop characters of the run
            if run.contains(t.trim_matches('?')) {
                continue;
            }
            // total plausibility gained, plus a bonus for covering more of the run (a `?` or
            // `！` at its edge is often half of a character the shift restores)
            let gain = total - before + 0.3 * conv_run.chars().count() as f64;
            if best.as_ref().is_none_or(|b| gain > b.0) {
                best = Some((gain, vs, ve, t, how));
            }
        }
    }
    if let Some((_, vs, ve, t, how)) = best {
        found.push((vs, ve, t, how));
        best_repairs(text, s, vs, conv, depth - 1, budget, found);
        best_repairs(text, ve, e, conv, depth - 1, budget, found);
    }
}

/// Longest piece of a suspicious run considered for re-decoding, in characters.
const MAX_RUN_CHARS: usize = 200;
/// Bytes of sub-runs re-decoded on any input.
const BUDGET_BASE: usize = 16 << 10;
/// And per input byte.
const TRY_BYTES_PER_BYTE: usize = 2;

/// `s..e` cut into pieces of at most [`MAX_RUN_CHARS`] characters.
fn pieces(text: &str, s: usize, e: usize) -> Vec<(usize, usize)> {
    let run = text.get(s..e).unwrap_or_default();
    let mut out = Vec::new();
    let mut from = s;
    for (n, (i, _)) in run.char_indices().enumerate() {
        if n > 0 && n % MAX_RUN_CHARS == 0 {
            out.push((from, s + i));
            from = s + i;
        }
    }
    if from < e {
        out.push((from, e));
    }
    out
}

/// Repairs suspicious runs; `None` when there are none.
pub fn repair(text: &str, conv: Option<&dyn Converter>) -> Option<StepOutput> {
    // Fast path: pure ASCII + common characters never hold a run.
    let rs = runs(text);
    if rs.is_empty() {
        return None;
    }
    let mut b = MapBuilder::new(text);
    let mut diagnostics = Vec::new();
    // Bounded work: runs are cut into pieces of at most MAX_RUN_CHARS characters, and the
    // bytes of the sub-runs tried for re-decoding over the whole input total at most
    // BUDGET_BASE plus TRY_BYTES_PER_BYTE per input byte; runs beyond that are left as found
    // (one summary diagnostic).
    let mut budget = BUDGET_BASE + text.len().saturating_mul(TRY_BYTES_PER_BYTE);
    let mut skipped: Option<(Span, usize)> = None;
    for (s, e) in rs.into_iter().flat_map(|(s, e)| pieces(text, s, e)) {
        let Some((s, e)) = trim_unencodable(text, s, e) else {
            continue;
        };
        if budget == 0 {
            match skipped.as_mut() {
                Some(x) => x.1 += 1,
                None => skipped = Some((Span::new(s, e), 1)),
            }
            continue;
        }
        let mut found = Vec::new();
        best_repairs(text, s, e, conv, 3, &mut budget, &mut found);
        found.sort_by_key(|r| r.0);
        let run = text.get(s..e).unwrap_or_default();
        if found.is_empty() {
            diagnostics.push(
                Diagnostic::new(
                    Code::MojibakeUnrepaired,
                    format!("mis-decoded text left as found: {run:?}"),
                )
                .with_span(Span::new(s, e)),
            );
        }
        for (vs, ve, t, how) in found {
            if vs < b.source_pos() {
                continue;
            }
            let orig = text.get(vs..ve).unwrap_or_default();
            b.keep(b.source_pos()..vs);
            b.replace(vs..ve, &t);
            diagnostics.push(
                Diagnostic::new(Code::MojibakeRepaired, format!("{how}: {orig:?} → {t:?}"))
                    .with_span(Span::new(vs, ve)),
            );
        }
    }
    if let Some((span, n)) = skipped {
        diagnostics.push(
            Diagnostic::new(
                Code::MojibakeUnrepaired,
                format!("{n} more suspicious run(s) left as found: repair budget exhausted"),
            )
            .with_span(span),
        );
    }
    let (t, map) = b.finish();
    Some(StepOutput {
        text: t,
        map,
        diagnostics,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn misaligned(clean: &str) -> String {
        let (b, _, _) = encoding_rs::GBK.encode(clean);
        let (s, _) = encoding_rs::GBK.decode_without_bom_handling(&b[1..]);
        s.replace('\u{FFFD}', "?")
    }

    #[test]
    fn clean_text_unchanged() {
        for t in [
            "本年度收到政府信息公开申请12件，办理完成12件。",
            "（四）加强政府信息公开平台建设。邯郸市鄄城县。",
            "2021年，某市人民政府办公室认真贯彻落实《中华人民共和国政府信息公开条例》。",
        ] {
            assert!(repair(t, None).is_none(), "{t}");
        }
    }

    #[test]
    fn utf8_read_as_gbk() {
        let clean = "政府信息公开";
        let (s, _, _) = encoding_rs::GBK.decode(clean.as_bytes());
        let text = format!("一、{s}\n");
        let out = repair(&text, None).unwrap();
        assert!(out.text.contains("政府信息公开"), "{}", out.text);
        assert_eq!(out.diagnostics[0].code, Code::MojibakeRepaired);
    }

    #[test]
    fn gbk_read_as_latin1() {
        let (b, _, _) = encoding_rs::GBK.encode("你好政府");
        let s: String = b.iter().map(|&x| char::from(x)).collect();
        let out = repair(&format!("前言 {s}"), None).unwrap();
        assert_eq!(out.text, "前言 你好政府");
    }

    #[test]
    fn gbk_one_byte_off() {
        let clean = "（四）加强政府信息公开平台建设";
        let bad = misaligned(clean);
        let text = format!("工作。\n{bad}\n");
        let out = repair(&text, None).unwrap();
        assert!(
            out.text.contains("四）加强政府信息公开平台建"),
            "{bad} → {}",
            out.text
        );
        let d = &out.diagnostics[0];
        assert_eq!(d.code, Code::MojibakeRepaired);
        assert!(text[d.span.unwrap().range()].contains(&bad[3..9]));
    }

    /// `n` bytes of random CJK ideographs on one line (rare ones everywhere).
    fn random_cjk(n: usize, seed: u64) -> String {
        let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        let mut out = String::with_capacity(n + 4);
        while out.len() < n {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let k = 0x4E00 + ((x >> 33) % (0x9FA5 - 0x4E00)) as u32;
            out.push(char::from_u32(k).unwrap());
        }
        out
    }

    /// The CPU time this thread spends in `f`, best of three (not wall-clock time: on a
    /// loaded machine a preempted run inflates the wall clock, not the thread's CPU time).
    fn cpu_of<T>(mut f: impl FnMut() -> T) -> (f64, T) {
        let mut best = f64::MAX;
        let mut out = None;
        for _ in 0..3 {
            let t = cpu_time::ThreadTime::now();
            let r = f();
            best = best.min(t.elapsed().as_secs_f64());
            out = Some(r);
        }
        (best, out.unwrap())
    }

    /// Asserts that 4× the input costs under 10× the CPU time (4 expected, 16 for quadratic
    /// work): a check of how the work grows, not of speed.
    fn assert_linear(what: &str, a: f64, b: f64) {
        let ratio = b / a.max(1e-3);
        assert!(ratio < 10.0, "{what}: {a:.3} s for n, {b:.3} s for 4n");
    }

    #[test]
    fn work_is_bounded() {
        let line = "?。ㄋ模﹥灮畔⒐_平臺六?！钡戎行墓ぷ?";
        let n = 64 << 10;
        for (what, small, big) in [
            ("random CJK", random_cjk(n, 1), random_cjk(4 * n, 2)),
            (
                "mojibake line",
                line.repeat(n / line.len()),
                line.repeat(4 * n / line.len()),
            ),
        ] {
            let (a, _) = cpu_of(|| repair(&small, None));
            let (b, _) = cpu_of(|| repair(&big, None));
            assert_linear(what, a, b);
        }
    }

    /// Regression (fuzz `normalize` and `parse` timeouts, 8 KB inputs): a report whose every
    /// other clause is UTF-8 read as GBK, with the Traditional converter on, costs work linear
    /// in its size, and its runs are repaired.
    #[test]
    fn dense_mojibake_with_converter_is_linear() {
        let common: Vec<char> = crate::freq::COMMON
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let dense = |clauses: usize| {
            let mut out = String::new();
            for k in 0..clauses {
                let clause: String = (0..8).map(|j| common[(k * 31 + j * 7) % 400]).collect();
                if k % 2 == 0 {
                    let (b, _, _) = encoding_rs::UTF_8.encode(&clause);
                    out.push_str(&encoding_rs::GBK.decode_without_bom_handling(&b).0);
                } else {
                    out.push_str(&clause);
                }
                out.push('，');
            }
            out
        };
        let conv = crate::traditional::default_converter();
        let time = |text: &str| cpu_of(|| repair(text, conv));
        let _ = time(&dense(10)); // load the converter's tables outside the timing
        let (a, out) = time(&dense(300));
        let repaired = out
            .map(|o| {
                o.diagnostics
                    .iter()
                    .filter(|d| d.code == Code::MojibakeRepaired)
                    .count()
            })
            .unwrap_or(0);
        assert!(repaired >= 30, "{repaired} repairs");
        let (b, _) = time(&dense(1200));
        assert_linear("dense mojibake", a, b);
    }

    #[test]
    fn a_megabyte_of_random_cjk_normalizes() {
        let text = random_cjk(1 << 20, 3);
        let n = crate::normalize_str(&text);
        assert!(!n.text().is_empty());
        assert!(n
            .diagnostics()
            .iter()
            .any(|d| d.code == Code::MojibakeUnrepaired || d.code == Code::MojibakeRepaired));
    }
}
