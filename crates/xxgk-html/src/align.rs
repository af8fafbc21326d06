//! Source positions of DOM text.
//!
//! html5ever builds the tree but does not say where a text node came from. The [`Aligner`]
//! recovers it: it walks the decoded source once, front to back, alongside the text nodes in
//! document order, skipping markup (tags, comments, the bodies of `<script>`/`<style>`-like
//! raw-text elements) and matching each character of the DOM text either literally or as a
//! character reference (`&nbsp;`, `&#12345;`), which maps to the whole reference. Characters the
//! tree builder moved or invented (foster-parented text, U+FFFD) are searched for in a short
//! window and otherwise get an empty span at the current position. Work is bounded: the source
//! cursor only moves forward, and the window searches share a budget proportional to the input.

use crate::out::Src;

/// Elements whose content the tokenizer reads as raw text (not markup).
pub(crate) const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "noscript",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

const WINDOW: usize = 256;

pub(crate) struct Aligner<'s> {
    src: &'s str,
    pos: usize,
    budget: usize,
}

impl<'s> Aligner<'s> {
    pub fn new(src: &'s str) -> Aligner<'s> {
        Aligner {
            src,
            pos: 0,
            budget: src.len().saturating_mul(4).max(1 << 16),
        }
    }

    fn byte(&self, i: usize) -> Option<u8> {
        self.src.as_bytes().get(i).copied()
    }

    /// Skips any markup at the cursor.
    fn skip_markup(&mut self) {
        let b = self.src.as_bytes();
        while self.byte(self.pos) == Some(b'<') {
            let next = self.byte(self.pos + 1);
            match next {
                Some(c) if c.is_ascii_alphabetic() => {
                    let name_start = self.pos + 1;
                    let mut k = name_start;
                    while matches!(self.byte(k), Some(c) if c.is_ascii_alphanumeric()) {
                        k += 1;
                    }
                    let name = b.get(name_start..k).unwrap_or(&[]).to_ascii_lowercase();
                    self.pos = tag_end(b, k);
                    if RAW_TEXT.iter().any(|r| r.as_bytes() == name.as_slice()) {
                        if name == b"plaintext" {
                            return;
                        }
                        self.pos = find_end_tag(b, self.pos, &name);
                    }
                }
                Some(b'/') => {
                    if matches!(self.byte(self.pos + 2), Some(c) if c.is_ascii_alphabetic()) {
                        self.pos = tag_end(b, self.pos + 2);
                    } else {
                        self.pos = to_gt(b, self.pos + 2);
                    }
                }
                Some(b'!') => {
                    if b.get(self.pos..).is_some_and(|r| r.starts_with(b"<!--")) {
                        self.pos =
                            crate::decode::find(b, b"-->", self.pos + 4).map_or(b.len(), |e| e + 3);
                    } else {
                        self.pos = to_gt(b, self.pos + 2);
                    }
                }
                Some(b'?') => self.pos = to_gt(b, self.pos + 2),
                _ => return,
            }
        }
    }

    /// Source of each character of `text`, appended to `out`.
    pub fn align(&mut self, text: &str, out: &mut Vec<(char, Src)>) {
        for ch in text.chars() {
            let src = self.align_char(ch);
            out.push((ch, src));
        }
    }

    fn align_char(&mut self, ch: char) -> Src {
        self.skip_markup();
        let mut enc = [0u8; 4];
        let want = ch.encode_utf8(&mut enc).as_bytes();
        let b = self.src.as_bytes();
        let rest = b.get(self.pos..).unwrap_or(&[]);
        let here = self.pos;
        if rest.starts_with(want) {
            if ch == '&' && entity_is_amp(rest) {
                let end = entity_end(b, here);
                self.pos = end;
                return Src {
                    start: here,
                    end,
                    literal: false,
                };
            }
            self.pos += want.len();
            return Src {
                start: here,
                end: self.pos,
                literal: true,
            };
        }
        match rest.first() {
            Some(b'&') if entity_end(b, here) > here + 1 => {
                let end = entity_end(b, here);
                self.pos = end;
                return Src {
                    start: here,
                    end,
                    literal: false,
                };
            }
            Some(b'\r') if ch == '\n' => {
                let end = if rest.get(1) == Some(&b'\n') {
                    here + 2
                } else {
                    here + 1
                };
                self.pos = end;
                return Src {
                    start: here,
                    end,
                    literal: false,
                };
            }
            _ => {}
        }
        if ch == '\u{FFFD}' {
            let len = self
                .src
                .get(here..)
                .and_then(|r| r.chars().next())
                .map_or(0, char::len_utf8);
            self.pos += len;
            return Src {
                start: here,
                end: self.pos,
                literal: false,
            };
        }
        // Whitespace the tree builder dropped, or that sits in a table between cells (text the
        // walker does not visit): skip it and try again.
        if !ch.is_ascii_whitespace() && rest.first().is_some_and(u8::is_ascii_whitespace) {
            while self.byte(self.pos).is_some_and(|c| c.is_ascii_whitespace()) {
                while self.byte(self.pos).is_some_and(|c| c.is_ascii_whitespace()) {
                    self.pos += 1;
                }
                self.skip_markup();
            }
            let rest = b.get(self.pos..).unwrap_or(&[]);
            if rest.first() == Some(&b'&') && entity_end(b, self.pos) > self.pos + 1 {
                let (at, end) = (self.pos, entity_end(b, self.pos));
                self.pos = end;
                return Src {
                    start: at,
                    end,
                    literal: false,
                };
            }
            if rest.starts_with(want) {
                let at = self.pos;
                self.pos += want.len();
                return Src {
                    start: at,
                    end: self.pos,
                    literal: true,
                };
            }
        }
        // Recovery: look a short way ahead.
        if self.budget > 0 {
            let mut end = (self.pos + WINDOW).min(b.len());
            while !self.src.is_char_boundary(end) {
                end -= 1;
            }
            self.budget = self.budget.saturating_sub(end - self.pos);
            // Only within the current run of text: a find past markup would be text the tree
            // builder moved (foster parenting), and jumping there would lose what lies between.
            let found = self.src.get(self.pos..end).and_then(|w| {
                w.find(ch)
                    .filter(|&i| !w.get(..i).is_some_and(|g| g.contains('<')))
            });
            if let Some(i) = found {
                let at = self.pos + i;
                self.pos = at + want.len();
                return Src {
                    start: at,
                    end: self.pos,
                    literal: true,
                };
            }
        }
        Src::at(self.pos)
    }
}

fn entity_is_amp(rest: &[u8]) -> bool {
    rest.starts_with(b"&amp") || rest.starts_with(b"&AMP") || rest.starts_with(b"&#38") || {
        rest.len() > 3
            && rest.starts_with(b"&#")
            && matches!(rest.get(2), Some(b'x' | b'X'))
            && rest.get(3..5) == Some(b"26")
    }
}

/// End of a character reference starting at `at` (`&`), or `at + 1` when there is none.
pub(crate) fn entity_end(b: &[u8], at: usize) -> usize {
    let mut k = at + 1;
    if b.get(k) == Some(&b'#') {
        k += 1;
        let hex = matches!(b.get(k), Some(b'x' | b'X'));
        if hex {
            k += 1;
        }
        let start = k;
        while matches!(b.get(k), Some(c) if if hex { c.is_ascii_hexdigit() } else { c.is_ascii_digit() })
        {
            k += 1;
        }
        if k == start {
            return at + 1;
        }
    } else {
        let start = k;
        while k - start < 32 && matches!(b.get(k), Some(c) if c.is_ascii_alphanumeric()) {
            k += 1;
        }
        if k == start {
            return at + 1;
        }
    }
    if b.get(k) == Some(&b';') {
        k += 1;
    }
    k
}

/// End of a tag whose name ends at `k`: past the `>` that is not inside a quoted value.
fn tag_end(b: &[u8], mut k: usize) -> usize {
    let mut after_eq = false;
    while let Some(&c) = b.get(k) {
        match c {
            b'>' => return k + 1,
            b'"' | b'\'' if after_eq => {
                k = b
                    .get(k + 1..)
                    .and_then(|r| r.iter().position(|&x| x == c))
                    .map_or(b.len(), |p| k + 1 + p + 1);
                after_eq = false;
                continue;
            }
            b'=' => after_eq = true,
            c if c.is_ascii_whitespace() => {}
            _ => after_eq = false,
        }
        k += 1;
    }
    b.len()
}

fn to_gt(b: &[u8], k: usize) -> usize {
    b.get(k..)
        .and_then(|r| r.iter().position(|&x| x == b'>'))
        .map_or(b.len(), |p| k + p + 1)
}

/// Position of `</name` (ASCII case-insensitive) at or after `from`, or the end.
fn find_end_tag(b: &[u8], from: usize, name: &[u8]) -> usize {
    let mut k = from;
    while let Some(p) = crate::decode::find(b, b"</", k) {
        let n = b.get(p + 2..p + 2 + name.len());
        if n.is_some_and(|n| n.eq_ignore_ascii_case(name)) {
            return p;
        }
        k = p + 2;
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(src: &str, texts: &[&str]) -> Vec<String> {
        let mut a = Aligner::new(src);
        let mut out = Vec::new();
        for t in texts {
            a.align(t, &mut out);
        }
        out.iter()
            .map(|(_, s)| src[s.start..s.end].to_owned())
            .collect()
    }

    #[test]
    fn entities_and_markup() {
        let src = "<p class=\"a>b\">x&amp;y&nbsp;<!-- z --><script>q<b></script>中</p>";
        assert_eq!(
            spans(src, &["x&y\u{a0}", "中"]),
            ["x", "&amp;", "y", "&nbsp;", "中"]
        );
    }

    #[test]
    fn crlf_and_numeric() {
        let src = "a\r\nb&#20013;";
        assert_eq!(spans(src, &["a\nb中"]), ["a", "\r\n", "b", "&#20013;"]);
    }
}
