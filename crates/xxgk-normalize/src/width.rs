//! Width, spaces, line ends and punctuation: one canonical form for upper layers to match.
//!
//! | input | output |
//! | --- | --- |
//! | full-width digits, letters, signs `１２Ａ％．－` (U+FF01–FF5E) | ASCII `12A%.-` |
//! | ideographic space U+3000, NBSP, other Unicode spaces | ASCII space |
//! | zero-width characters (U+200B–200D, U+2060, U+FEFF), soft hyphen U+00AD | removed |
//! | CRLF, CR, U+2028, U+2029 | LF |
//! | `(` `)` `:` `,` `;` `!` `?` and their full-width forms, in Chinese context | `（` `）` `：` `，` `；` `！` `？` |
//! | the same outside Chinese context | ASCII `( ) : , ; ! ?` |
//! | `〔〕` `【】` `〖〗` `﹙﹚` `⦅⦆` | `（` `）` |
//! | `"` in Chinese context, `〝〞〟`, `「」` | `“` `”` (alternating within a line for `"`) |
//! | `『』` | `‘` `’` |
//! | `｡` `､` | `。` `、` |
//!
//! *Chinese context*: the nearest non-space character before or after the sign is a Han
//! character, Chinese punctuation or a full-width form. A colon or comma between two ASCII
//! digits (`12:30`, `1,234`, `1，234`) is ASCII whatever its form. A pair of brackets is decided
//! together: full-width when either side or the content is Chinese, so `（2021）` and
//! `(2021)` both become `（2021）` after a Han character and `(a)` stays ASCII.
//!
//! This is why upper layers can match the template's labels (`（一）`, `（单位：万元）`) exactly.

use crate::map::{MapBuilder, OffsetMap};

/// Result of a rewriting step: the new text and its map (`None` from a step means unchanged).
pub type Rewrite = (String, OffsetMap);

/// True for characters that make a sign's context Chinese.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}' // CJK symbols and punctuation
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{3134F}'
        | '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

// Bytes that may start something this step changes.
const fn interesting_table() -> [bool; 256] {
    let mut t = [false; 256];
    let list = b"\r\n():,;!?\"";
    let mut i = 0;
    while i < list.len() {
        t[list[i] as usize] = true;
        i += 1;
    }
    t[0xC2] = true; // NBSP, soft hyphen
    t[0xE2] = true; // general punctuation: spaces, zero width, ⦅⦆
    t[0xE3] = true; // CJK symbols
    t[0xEF] = true; // full-width forms, BOM, small forms
    t
}
static INTERESTING: [bool; 256] = interesting_table();

#[derive(Clone, Copy, PartialEq, Eq)]
enum Sign {
    Open,
    Close,
    Colon,
    Comma,
    Semi,
    Bang,
    Question,
    Quote,
}

enum Act {
    Fixed(&'static str),
    Char(char),
    Sign(Sign),
}

fn classify(c: char) -> Option<Act> {
    Some(match c {
        '\r' => Act::Fixed("\n"), // CRLF handled by the caller
        '\u{2028}' | '\u{2029}' => Act::Fixed("\n"),
        '\u{3000}' | '\u{A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' => {
            Act::Fixed(" ")
        }
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}' => Act::Fixed(""),
        '(' | '（' | '〔' | '【' | '〖' | '﹙' | '⦅' | '\u{FF5F}' => Act::Sign(Sign::Open),
        ')' | '）' | '〕' | '】' | '〗' | '﹚' | '⦆' | '\u{FF60}' => Act::Sign(Sign::Close),
        ':' | '：' => Act::Sign(Sign::Colon),
        ',' | '，' => Act::Sign(Sign::Comma),
        ';' | '；' => Act::Sign(Sign::Semi),
        '!' | '！' => Act::Sign(Sign::Bang),
        '?' | '？' => Act::Sign(Sign::Question),
        '"' | '＂' => Act::Sign(Sign::Quote),
        '〝' | '「' => Act::Fixed("“"),
        '〞' | '〟' | '」' => Act::Fixed("”"),
        '『' => Act::Fixed("‘"),
        '』' => Act::Fixed("’"),
        '｡' => Act::Fixed("。"),
        '､' => Act::Fixed("、"),
        '\u{FF01}'..='\u{FF5E}' => Act::Char(char::from_u32(c as u32 - 0xFEE0)?),
        _ => return None,
    })
}

/// True when this step rewrites `c` in some context (every character it looks at).
pub(crate) fn changes(c: char) -> bool {
    classify(c).is_some()
}

fn full(s: Sign) -> &'static str {
    match s {
        Sign::Open => "（",
        Sign::Close => "）",
        Sign::Colon => "：",
        Sign::Comma => "，",
        Sign::Semi => "；",
        Sign::Bang => "！",
        Sign::Question => "？",
        Sign::Quote => "“",
    }
}

fn half(s: Sign) -> &'static str {
    match s {
        Sign::Open => "(",
        Sign::Close => ")",
        Sign::Colon => ":",
        Sign::Comma => ",",
        Sign::Semi => ";",
        Sign::Bang => "!",
        Sign::Question => "?",
        Sign::Quote => "\"",
    }
}

fn is_space(c: char) -> bool {
    // Zero-width characters and soft hyphens are removed by this step: skip them too.
    matches!(
        c,
        ' ' | '\t' | '\u{3000}' | '\u{A0}' | '\u{2000}'
            ..='\u{200D}' | '\u{202F}' | '\u{205F}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}'
    )
}

fn prev_char(text: &str, at: usize) -> Option<char> {
    text.get(..at)?.chars().next_back()
}

fn next_char(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next()
}

fn prev_nonspace(text: &str, at: usize) -> Option<char> {
    text.get(..at)?
        .chars()
        .rev()
        .take(8)
        .find(|&c| !is_space(c))
        .filter(|&c| c != '\n')
}

fn next_nonspace(text: &str, at: usize) -> Option<char> {
    text.get(at..)?
        .chars()
        .take(8)
        .find(|&c| !is_space(c))
        .filter(|&c| c != '\n')
}

fn side_cjk(text: &str, start: usize, end: usize) -> bool {
    prev_nonspace(text, start).is_some_and(is_cjk_ctx)
        || next_nonspace(text, end).is_some_and(is_cjk_ctx)
}

/// CJK context, ignoring the signs this step itself rewrites (so the decision does not depend
/// on whether a neighbouring sign was already folded: idempotence).
/// Characters are judged by what this step writes for them (`｡` as `。`, `〝` as `“`), and
/// quotes are neutral.
pub(crate) fn is_cjk_ctx(c: char) -> bool {
    let out = match classify(c) {
        Some(Act::Sign(_)) => return false,
        Some(Act::Char(r)) => r,
        Some(Act::Fixed(r)) => match r.chars().next() {
            Some(r) => r,
            None => return false,
        },
        None => c,
    };
    is_cjk(out) && !is_space(out) && !matches!(out, '“' | '”' | '‘' | '’')
}

/// Rewrites `text` to the canonical width and punctuation; `None` when nothing changes.
///
/// ```
/// let (t, _) = xxgk_normalize::width::normalize_width("第(一)项:１２％,共3,456件\r\n").unwrap();
/// assert_eq!(t, "第（一）项：12%，共3,456件\n");
/// ```
pub fn normalize_width(text: &str) -> Option<Rewrite> {
    normalize_width_in(text, &[(0, text.len())])
}

/// [`normalize_width`] looking only at the given lines (sorted byte ranges, each from a line
/// start to just after its `\n`): the others must hold nothing this step changes. The result is
/// the same as [`normalize_width`]'s, since the context of a sign never crosses a line end.
pub(crate) fn normalize_width_in(text: &str, lines: &[(usize, usize)]) -> Option<Rewrite> {
    // (start, end, replacement)
    let mut reps: Vec<(usize, usize, Rep)> = Vec::new();
    for &(from, to) in lines {
        collect(text, from, to.min(text.len()), &mut reps);
    }
    rewrite(text, reps)
}

/// The rewrites of `text[from..to]`, `from` at a line start.
fn collect(text: &str, from: usize, to: usize, reps: &mut Vec<(usize, usize, Rep)>) {
    let bytes = text.as_bytes();
    // open brackets of the current line: index into reps, and its sign's own context
    let mut stack: Vec<(usize, usize, bool)> = Vec::new();
    let mut quotes_in_line = 0usize;
    let mut i = from;
    while i < to {
        // Skip to the next byte that may start something this step changes.
        match bytes
            .get(i..to)
            .and_then(|r| r.iter().position(|&b| INTERESTING[usize::from(b)]))
        {
            Some(k) => i += k,
            None => break,
        }
        let Some(c) = next_char(text, i) else {
            i += 1;
            continue;
        };
        let len = c.len_utf8();
        let end = i + len;
        if c == '\n' || c == '\r' || c == '\u{2028}' || c == '\u{2029}' {
            stack.clear();
            quotes_in_line = 0;
        }
        match classify(c) {
            None => {}
            Some(Act::Fixed(r)) => {
                if c == '\r' && next_char(text, end) == Some('\n') {
                    reps.push((i, end, Rep::S("")));
                } else {
                    reps.push((i, end, Rep::S(r)));
                }
            }
            Some(Act::Char(r)) => reps.push((i, end, Rep::C(r))),
            Some(Act::Sign(s)) => {
                let ctx = side_cjk(text, i, end);
                match s {
                    Sign::Open => {
                        stack.push((reps.len(), i, ctx));
                        reps.push((i, end, Rep::Sign(s, ctx)));
                    }
                    Sign::Close => {
                        if let Some((k, open_at, open_ctx)) = stack.pop() {
                            let inner = text.get(open_at..i).unwrap_or("");
                            let content = inner.chars().skip(1).any(is_cjk_ctx);
                            let both = ctx || open_ctx || content;
                            if let Some(r) = reps.get_mut(k) {
                                r.2 = Rep::Sign(Sign::Open, both);
                            }
                            reps.push((i, end, Rep::Sign(s, both)));
                        } else {
                            reps.push((i, end, Rep::Sign(s, ctx)));
                        }
                    }
                    Sign::Colon | Sign::Comma => {
                        let digits = prev_char(text, i).is_some_and(|c| c.is_ascii_digit())
                            && next_char(text, end).is_some_and(|c| c.is_ascii_digit());
                        push_sign(reps, text, i, end, s, ctx && !digits);
                    }
                    Sign::Quote => {
                        quotes_in_line += 1;
                        if ctx {
                            let r = if quotes_in_line % 2 == 1 {
                                "“"
                            } else {
                                "”"
                            };
                            reps.push((i, end, Rep::S(r)));
                        } else {
                            reps.push((i, end, Rep::Sign(s, false)));
                        }
                    }
                    _ => push_sign(reps, text, i, end, s, ctx),
                }
            }
        }
        i = end;
    }
}

/// Applies the collected rewrites; `None` when none changes anything.
fn rewrite(text: &str, reps: Vec<(usize, usize, Rep)>) -> Option<Rewrite> {
    let mut b = MapBuilder::new(text);
    let mut changed = false;
    for (s, e, r) in reps {
        let mut buf = [0u8; 4];
        let with: &str = match r {
            Rep::S(t) => t,
            Rep::C(c) => c.encode_utf8(&mut buf),
            Rep::Sign(sign, true) => full(sign),
            Rep::Sign(sign, false) => half(sign),
        };
        if text.get(s..e) == Some(with) {
            continue;
        }
        b.keep(b.source_pos()..s);
        b.replace(s..e, with);
        changed = true;
    }
    if !changed {
        return None;
    }
    Some(b.finish())
}

/// Records a sign's rewrite unless it is already in its canonical form.
fn push_sign(
    reps: &mut Vec<(usize, usize, Rep)>,
    text: &str,
    i: usize,
    end: usize,
    s: Sign,
    full_width: bool,
) {
    let want = if full_width { full(s) } else { half(s) };
    if text.get(i..end) != Some(want) {
        reps.push((i, end, Rep::Sign(s, full_width)));
    }
}

enum Rep {
    S(&'static str),
    C(char),
    Sign(Sign, bool),
}

#[cfg(test)]
mod tests {
    use super::*;
    use xxgk_model::Span;

    fn w(s: &str) -> String {
        normalize_width(s).map_or_else(|| s.to_string(), |(t, _)| t)
    }

    #[test]
    fn full_width_to_ascii() {
        assert_eq!(w("２０２１年ＡＢ％"), "2021年AB%");
        assert_eq!(w("a\u{3000}b\u{a0}c"), "a b c");
        assert_eq!(w("信\u{200b}息\u{feff}公\u{ad}开"), "信息公开");
        assert_eq!(w("a\r\nb\rc"), "a\nb\nc");
    }

    #[test]
    fn punctuation_canonical_in_chinese_context() {
        assert_eq!(w("(单位:万元)"), "（单位：万元）");
        assert_eq!(w("第二十条第(一)项"), "第二十条第（一）项");
        assert_eq!(w("国办公开办函〔2021〕30号"), "国办公开办函（2021）30号");
        assert_eq!(w("【打印】"), "（打印）");
        assert_eq!(w("简称\"条例\")"), "简称“条例”)");
        assert_eq!(w("「条例」"), "“条例”");
        assert_eq!(w("总计,其中;"), "总计，其中；");
    }

    #[test]
    fn ascii_context_stays_ascii() {
        assert_eq!(w("f(x) = 1, 2: 3"), "f(x) = 1, 2: 3");
        assert_eq!(w("共1,234件"), "共1,234件");
        assert_eq!(w("共1，234件"), "共1,234件");
        assert_eq!(w("12:30开会"), "12:30开会");
        assert_eq!(w("（a）"), "(a)");
    }

    #[test]
    fn canonical_text_is_unchanged() {
        assert!(normalize_width("第二十条第（一）项：本年新制作数量，共3件。").is_none());
    }

    #[test]
    fn idempotent_on_examples() {
        for s in ["(一)\"a\"中", "年(2021)\n)(", "中 ( a ) ,", "x\"中\"y\"z"] {
            let once = w(s);
            assert_eq!(w(&once), once, "{s:?}");
        }
    }

    #[test]
    fn spans_map_back() {
        let src = "共１２件(含)";
        let (t, m) = normalize_width(src).unwrap();
        assert_eq!(t, "共12件（含）");
        let at = t.find('2').unwrap();
        assert_eq!(&src[m.to_original(Span::new(at, at + 1)).range()], "２");
        let at = t.find('含').unwrap();
        assert_eq!(&src[m.to_original(Span::new(at, at + 3)).range()], "含");
    }
}
