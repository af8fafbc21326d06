//! The text being produced, with its offset map back to the decoded source.
//!
//! Output is written in reading order, but a spanned table cell is written once for every grid
//! position it covers, so the source positions of the output are not monotonic. The map is built
//! directly as a list of [`Edit`]s sorted by *output* position (what [`OffsetMap`] lookups
//! use): a character copied from a place the running offset does not predict gets a zero-width
//! anchor edit, an entity or other rewritten character gets its own edit, and synthetic text
//! (separators, newlines) is an insertion edit with an empty source range.

use xxgk_normalize::map::{Edit, OffsetMap};

/// Where an output character comes from in the decoded source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Src {
    /// Start byte in the decoded source.
    pub start: usize,
    /// End byte in the decoded source.
    pub end: usize,
    /// The source bytes are the character itself (not an entity or a rewrite).
    pub literal: bool,
}

impl Src {
    /// An empty source position.
    pub fn at(pos: usize) -> Src {
        Src {
            start: pos,
            end: pos,
            literal: false,
        }
    }
}

/// Low-level writer: text plus edits.
#[derive(Debug, Default)]
pub(crate) struct Out {
    pub text: String,
    edits: Vec<Edit>,
    /// When set, no edits are recorded (the caller maps the whole text at once).
    pub untracked: bool,
}

impl Out {
    /// Source position the map predicts for output position `p` (no edit covering it).
    fn expected(&self, p: usize) -> usize {
        match self.edits.last() {
            Some(e) => e.orig_end + (p - e.norm_end),
            None => p,
        }
    }

    /// Writes one character that comes from `src`.
    pub fn push_char(&mut self, c: char, src: Src) {
        let p = self.text.len();
        let w = c.len_utf8();
        if self.untracked {
            self.text.push(c);
            return;
        }
        if src.literal && src.end - src.start == w {
            if self.expected(p) != src.start {
                self.edits.push(Edit {
                    orig_start: src.start,
                    orig_end: src.start,
                    norm_start: p,
                    norm_end: p,
                    unit: None,
                });
            }
        } else {
            self.edits.push(Edit {
                orig_start: src.start,
                orig_end: src.end.max(src.start),
                norm_start: p,
                norm_end: p + w,
                unit: None,
            });
        }
        self.text.push(c);
    }

    /// Writes synthetic text that maps to the empty source range at `at` (or, when `None`, where
    /// the source stands now).
    pub fn push_synth(&mut self, s: &str, at: Option<usize>) {
        if s.is_empty() {
            return;
        }
        let p = self.text.len();
        if self.untracked {
            self.text.push_str(s);
            return;
        }
        let at = at.unwrap_or_else(|| self.expected(p));
        self.edits.push(Edit {
            orig_start: at,
            orig_end: at,
            norm_start: p,
            norm_end: p + s.len(),
            unit: None,
        });
        self.text.push_str(s);
    }

    /// The text and its map.
    pub fn finish(self) -> (String, OffsetMap) {
        (self.text, OffsetMap::from_edits(self.edits))
    }
}

/// Characters of one table cell, whitespace already collapsed.
#[derive(Debug, Default, Clone)]
pub(crate) struct CellBuf {
    pub chars: Vec<(char, Src)>,
    pending_space: Option<Src>,
}

impl CellBuf {
    pub fn text(&self) -> String {
        self.chars.iter().map(|(c, _)| *c).collect()
    }
}

/// Something text can be rendered into: the document flow, a table cell, or nothing.
pub(crate) trait Target {
    /// A character of a text node.
    fn text_char(&mut self, c: char, src: Src);
    /// A block boundary (paragraph end, `<br>`, heading end).
    fn block_break(&mut self);
    /// True for the document flow (where chrome is filtered and tables become pipe rows).
    fn is_flow(&self) -> bool {
        false
    }
    /// The document flow, when this is it.
    fn as_flow(&mut self) -> Option<&mut Flow> {
        None
    }
}

/// Renders nothing (text that is dropped but still aligned).
pub(crate) struct Null;

impl Target for Null {
    fn text_char(&mut self, _c: char, _src: Src) {}
    fn block_break(&mut self) {}
}

impl Target for CellBuf {
    fn text_char(&mut self, c: char, src: Src) {
        if c.is_whitespace() {
            if !self.chars.is_empty() && self.pending_space.is_none() {
                self.pending_space = Some(src);
            }
            return;
        }
        if let Some(s) = self.pending_space.take() {
            let literal = s.literal && s.end - s.start == 1;
            self.chars.push((' ', Src { literal, ..s }));
        }
        // A pipe inside a cell would split it in the pipe-table text.
        let c = if c == '|' { '¦' } else { c };
        let literal = src.literal && c != '¦';
        self.chars.push((c, Src { literal, ..src }));
    }
    fn block_break(&mut self) {
        if !self.chars.is_empty() && self.pending_space.is_none() {
            let at = self.chars.last().map_or(0, |(_, s)| s.end);
            self.pending_space = Some(Src::at(at));
        }
    }
}

/// The document flow: lines of text, whitespace collapsed, blocks on their own lines.
#[derive(Debug, Default)]
pub(crate) struct Flow {
    pub out: Out,
    pending_nl: bool,
    pending_space: Option<Src>,
}

impl Flow {
    fn at_line_start(&self) -> bool {
        self.out.text.is_empty() || self.out.text.ends_with('\n')
    }

    /// Starts a new line before the next content, mapped to `at`.
    fn flush_newline(&mut self, at: Option<usize>) {
        if self.pending_nl {
            self.pending_nl = false;
            self.pending_space = None;
            if !self.at_line_start() {
                self.out.push_synth("\n", at);
            }
        }
    }

    /// Writes a table row: `| a | b |` on its own line.
    pub fn row(&mut self, cells: &[&CellBuf]) {
        self.block_break();
        let first = cells
            .iter()
            .find_map(|c| c.chars.first().map(|(_, s)| s.start));
        self.flush_newline(first);
        for cell in cells {
            let at = cell.chars.first().map(|(_, s)| s.start);
            self.out.push_synth("| ", at);
            for (c, s) in &cell.chars {
                self.out.push_char(*c, *s);
            }
            self.out.push_synth(" ", None);
        }
        self.out.push_synth("|", None);
        self.block_break();
    }
}

impl Target for Flow {
    fn is_flow(&self) -> bool {
        true
    }
    fn as_flow(&mut self) -> Option<&mut Flow> {
        Some(self)
    }
    fn text_char(&mut self, c: char, src: Src) {
        if c.is_whitespace() {
            if (!self.at_line_start() || self.pending_nl) && self.pending_space.is_none() {
                self.pending_space = Some(src);
            }
            return;
        }
        if self.pending_nl {
            self.flush_newline(Some(src.start));
        }
        if let Some(s) = self.pending_space.take() {
            if !self.at_line_start() {
                if s.literal && s.end - s.start == 1 {
                    self.out.push_char(' ', s);
                } else {
                    self.out.push_char(
                        ' ',
                        Src {
                            literal: false,
                            ..s
                        },
                    );
                }
            }
        }
        self.out.push_char(c, src);
    }
    fn block_break(&mut self) {
        self.pending_nl = true;
        self.pending_space = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use xxgk_model::Span;

    #[test]
    fn repeated_text_maps_back_to_its_source() {
        let src = "ab<x>cd";
        let mut o = Out::default();
        for (i, c) in "ab".char_indices() {
            o.push_char(
                c,
                Src {
                    start: i,
                    end: i + 1,
                    literal: true,
                },
            );
        }
        o.push_synth("|", None);
        for (i, c) in "cd".char_indices() {
            o.push_char(
                c,
                Src {
                    start: 5 + i,
                    end: 6 + i,
                    literal: true,
                },
            );
        }
        // "ab" again, repeated
        for (i, c) in "ab".char_indices() {
            o.push_char(
                c,
                Src {
                    start: i,
                    end: i + 1,
                    literal: true,
                },
            );
        }
        let (text, map) = o.finish();
        assert_eq!(text, "ab|cdab");
        let s = map.to_original(Span::new(3, 5));
        assert_eq!(&src[s.range()], "cd");
        let s = map.to_original(Span::new(5, 7));
        assert_eq!(&src[s.range()], "ab");
        let s = map.to_original(Span::new(2, 3));
        assert!(s.is_empty());
        let s = map.to_original(Span::new(0, 1));
        assert_eq!(&src[s.range()], "a");
    }
}
