//! Decode and normalize the text of damaged reports, mapping every edit back to the caller's
//! original bytes.
//!
//! Second layer of xxgk (`xxgk-model` → **`xxgk-normalize`** → `xxgk-segment` → `xxgk-table`).
//! Upper layers match labels on the canonical text this crate produces; every span they report
//! goes back through the [`Normalized`] map to the caller's bytes.
//!
//! # Example
//!
//! ```
//! use xxgk_normalize::normalize;
//! let input = "２０２１年\r\n一、总体情况".as_bytes();
//! let n = normalize(input)?;
//! assert_eq!(n.text(), "2021年\n一、总体情况");
//! // "总体情况" in the normalized text, mapped back to the input bytes:
//! let at = n.text().find("总体").unwrap();
//! let span = n.to_original(xxgk_model::Span::new(at, at + "总体情况".len()));
//! assert_eq!(&input[span.range()], "总体情况".as_bytes());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod map;

use map::{MapBuilder, MapChain};
use std::borrow::Cow;
use xxgk_model::{Diagnostic, Span};

/// Errors: the input cannot be read as text at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The bytes are not text in any supported encoding (binary data, an archive, an image).
    #[error("input is not text: {0}")]
    NotText(String),
    /// The input is larger than the configured limit.
    #[error("input of {size} bytes is over the limit of {limit} bytes")]
    TooLarge {
        /// Input size.
        size: usize,
        /// Limit.
        limit: usize,
    },
}

/// Normalized text borrowed from (or, when rewritten, owned beside) the input, with the map back
/// to the input bytes and the diagnostics of every step.
#[derive(Debug, Clone)]
pub struct Normalized<'a> {
    text: Cow<'a, str>,
    chain: MapChain,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Normalized<'a> {
    /// The normalized text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Consumes self, returning the text.
    pub fn into_text(self) -> Cow<'a, str> {
        self.text
    }

    /// Maps a span of the normalized text to the caller's original bytes.
    pub fn to_original(&self, span: Span) -> Span {
        self.chain.to_original(span)
    }

    /// The maps from the normalized text back to the input, oldest first.
    pub fn chain(&self) -> &MapChain {
        &self.chain
    }

    /// What the steps did or noticed, with spans into the original input.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// True when the normalized text is the input unchanged (borrowed).
    pub fn is_unchanged(&self) -> bool {
        matches!(self.text, Cow::Borrowed(_))
    }
}

/// Decodes `input` (UTF-8 with or without BOM) and normalizes it with the default steps.
pub fn normalize(input: &[u8]) -> Result<Normalized<'_>, Error> {
    let text = match input.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest,
        None => input,
    };
    let s = std::str::from_utf8(text).map_err(|e| Error::NotText(e.to_string()))?;
    let mut n = normalize_str(s);
    if text.len() != input.len() {
        let mut chain = MapChain::new();
        chain.push(map::OffsetMap::from_edits(vec![map::Edit {
            orig_start: 0,
            orig_end: 3,
            norm_start: 0,
            norm_end: 0,
            unit: None,
        }]));
        for m in n.chain.maps() {
            chain.push(m.clone());
        }
        n.chain = chain;
    }
    Ok(n)
}

/// Normalizes already-decoded text with the default steps.
pub fn normalize_str(input: &str) -> Normalized<'_> {
    let mut b = MapBuilder::new(input);
    let mut changed = false;
    let mut it = input.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let len = c.len_utf8();
        let rep: Option<char> = match c {
            '\r' => {
                if let Some((_, '\n')) = it.peek() {
                    b.replace(i..i + 1, "");
                    changed = true;
                    continue;
                }
                Some('\n')
            }
            '\u{3000}' | '\u{a0}' => Some(' '),
            '\u{ff01}'..='\u{ff5e}'
                if !matches!(c, '，' | '（' | '）' | '：' | '；' | '！' | '？') =>
            {
                char::from_u32(c as u32 - 0xfee0)
            }
            _ => None,
        };
        match rep {
            Some(r) => {
                let mut buf = [0u8; 4];
                b.replace(i..i + len, r.encode_utf8(&mut buf));
                changed = true;
            }
            None => b.keep(i..i + len),
        }
    }
    if !changed {
        return Normalized {
            text: Cow::Borrowed(input),
            chain: MapChain::new(),
            diagnostics: Vec::new(),
        };
    }
    let (text, m) = b.finish();
    let mut chain = MapChain::new();
    chain.push(m);
    Normalized {
        text: Cow::Owned(text),
        chain,
        diagnostics: Vec::new(),
    }
}
