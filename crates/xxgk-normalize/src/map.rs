//! Offset maps: from positions in a rewritten text back to positions in the text it came from.
//!
//! A map is a sorted list of non-overlapping [`Edit`]s. Outside edits, text was copied unchanged,
//! so a position shifts by the length difference accumulated before it. Inside an edit, a span
//! snaps outward: a start goes to the edit's original start, an end to its original end (see
//! `../shared/STYLE.md` §3). An edit may be a *uniform run* — every character of the run changed
//! from `orig_unit` to `norm_unit` bytes, as when GBK's two-byte characters become three UTF-8
//! bytes — and then positions inside it map exactly, character by character.

use xxgk_model::Span;

/// One rewritten range: `orig` bytes of the source became `norm` bytes of the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edit {
    /// Start in the source text.
    pub orig_start: usize,
    /// End in the source text.
    pub orig_end: usize,
    /// Start in the rewritten text.
    pub norm_start: usize,
    /// End in the rewritten text.
    pub norm_end: usize,
    /// For a uniform run, the byte width of one character in the source and in the result.
    pub unit: Option<(u8, u8)>,
}

/// Maps positions of a rewritten text back to the text it was made from.
///
/// ```
/// use xxgk_normalize::map::MapBuilder;
/// use xxgk_model::Span;
/// // "１２年" → "12年": each full-width digit (3 bytes) became one ASCII byte.
/// let mut b = MapBuilder::new("１２年");
/// b.replace(0..3, "1");
/// b.replace(3..6, "2");
/// b.keep(6..9);
/// let (text, map) = b.finish();
/// assert_eq!(text, "12年");
/// assert_eq!(map.to_original(Span::new(0, 2)), Span::new(0, 6));
/// assert_eq!(map.to_original(Span::new(2, 5)), Span::new(6, 9));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    edits: Vec<Edit>,
}

impl OffsetMap {
    /// The map of an unchanged text.
    pub fn identity() -> OffsetMap {
        OffsetMap::default()
    }

    /// A map from a list of edits, which must be sorted and non-overlapping in both texts.
    pub fn from_edits(edits: Vec<Edit>) -> OffsetMap {
        OffsetMap { edits }
    }

    /// True when the text was not changed.
    pub fn is_identity(&self) -> bool {
        self.edits.is_empty()
    }

    /// The edits, in order.
    pub fn edits(&self) -> &[Edit] {
        &self.edits
    }

    /// Maps a start position (snaps to the start of an edit it falls inside).
    pub fn start_to_original(&self, pos: usize) -> usize {
        // First edit ending after pos.
        let i = self.edits.partition_point(|e| e.norm_end <= pos);
        if let Some(e) = self.edits.get(i) {
            if e.norm_start <= pos && pos < e.norm_end {
                return inside(e, pos, false);
            }
        }
        match i.checked_sub(1).and_then(|j| self.edits.get(j)) {
            Some(p) => p.orig_end + (pos - p.norm_end),
            None => pos,
        }
    }

    /// Maps an end position (snaps to the end of an edit it falls inside).
    pub fn end_to_original(&self, pos: usize) -> usize {
        // Last edit starting before pos.
        let i = self.edits.partition_point(|e| e.norm_start < pos);
        match i.checked_sub(1).and_then(|j| self.edits.get(j)) {
            Some(e) if pos <= e.norm_end => inside(e, pos, true),
            Some(e) => e.orig_end + (pos - e.norm_end),
            None => pos,
        }
    }

    /// Maps a span of the rewritten text to the source text, snapping outward.
    pub fn to_original(&self, span: Span) -> Span {
        let start = self.start_to_original(span.start);
        let end = self.end_to_original(span.end).max(start);
        Span::new(start, end)
    }
}

fn inside(e: &Edit, pos: usize, is_end: bool) -> usize {
    if let Some((o, n)) = e.unit {
        let (o, n) = (usize::from(o), usize::from(n));
        if n > 0 {
            let rel = pos - e.norm_start;
            let k = if is_end { rel.div_ceil(n) } else { rel / n };
            return (e.orig_start + k * o).min(e.orig_end);
        }
    }
    if is_end && pos == e.norm_start && e.norm_start != e.norm_end {
        e.orig_start
    } else if is_end {
        e.orig_end
    } else {
        e.orig_start
    }
}

/// A chain of maps, newest last: text₀ → text₁ → … → textₙ. Maps a span of textₙ to text₀.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MapChain {
    maps: Vec<OffsetMap>,
}

impl MapChain {
    /// An empty chain (identity).
    pub fn new() -> MapChain {
        MapChain::default()
    }

    /// Appends the map of a further rewrite; identity maps are dropped.
    pub fn push(&mut self, map: OffsetMap) {
        if !map.is_identity() {
            self.maps.push(map);
        }
    }

    /// True when every map in the chain is the identity.
    pub fn is_identity(&self) -> bool {
        self.maps.is_empty()
    }

    /// Maps a span of the newest text to the oldest.
    pub fn to_original(&self, span: Span) -> Span {
        self.maps.iter().rev().fold(span, |s, m| m.to_original(s))
    }

    /// The maps, oldest first.
    pub fn maps(&self) -> &[OffsetMap] {
        &self.maps
    }
}

/// Builds a rewritten text and its [`OffsetMap`] in one pass over the source.
///
/// Call [`keep`](MapBuilder::keep) for ranges copied unchanged and
/// [`replace`](MapBuilder::replace) for ranges rewritten (an empty replacement deletes), in
/// source order; a gap left between two calls is deleted. Then [`finish`](MapBuilder::finish).
#[derive(Debug)]
pub struct MapBuilder<'s> {
    src: &'s str,
    out: String,
    edits: Vec<Edit>,
    pos: usize,
}

impl<'s> MapBuilder<'s> {
    /// A builder rewriting `src`.
    pub fn new(src: &'s str) -> MapBuilder<'s> {
        MapBuilder {
            src,
            out: String::with_capacity(src.len()),
            edits: Vec::new(),
            pos: 0,
        }
    }

    /// The output written so far.
    pub fn output(&self) -> &str {
        &self.out
    }

    /// Position in the source up to which input has been consumed.
    pub fn source_pos(&self) -> usize {
        self.pos
    }

    fn gap(&mut self, upto: usize) {
        if upto > self.pos {
            let at = self.out.len();
            self.push_edit(Edit {
                orig_start: self.pos,
                orig_end: upto,
                norm_start: at,
                norm_end: at,
                unit: None,
            });
        }
    }

    fn push_edit(&mut self, e: Edit) {
        // Merge with an adjacent previous edit when no precision is lost: two deletions, or two
        // runs of one-character substitutions of the same widths (a uniform run).
        if let Some(last) = self.edits.last_mut() {
            let adjacent = last.orig_end == e.orig_start && last.norm_end == e.norm_start;
            let deletions = last.norm_start == last.norm_end && e.norm_start == e.norm_end;
            let same_run = last.unit.is_some() && last.unit == e.unit;
            if adjacent && (deletions || same_run) {
                last.orig_end = e.orig_end;
                last.norm_end = e.norm_end;
                return;
            }
        }
        self.edits.push(e);
    }

    /// Copies `range` of the source unchanged. Ranges must be given in order and on character
    /// boundaries; anything between the previous call and `range.start` is deleted.
    pub fn keep(&mut self, range: std::ops::Range<usize>) {
        if range.start < self.pos || range.end > self.src.len() {
            return;
        }
        self.gap(range.start);
        if let Some(t) = self.src.get(range.clone()) {
            self.out.push_str(t);
        }
        self.pos = range.end;
    }

    /// Replaces `range` of the source with `with` (empty to delete).
    pub fn replace(&mut self, range: std::ops::Range<usize>, with: &str) {
        if range.start < self.pos {
            return;
        }
        self.gap(range.start);
        let at = self.out.len();
        self.out.push_str(with);
        let one_char = |t: &str| t.chars().nth(1).is_none() && !t.is_empty();
        let unit = match self.src.get(range.clone()) {
            Some(o) if one_char(o) && one_char(with) => u8::try_from(o.len())
                .ok()
                .zip(u8::try_from(with.len()).ok()),
            _ => None,
        };
        let e = Edit {
            orig_start: range.start,
            orig_end: range.end,
            norm_start: at,
            norm_end: self.out.len(),
            unit,
        };
        if e.orig_end - e.orig_start != e.norm_end - e.norm_start
            || self.src.get(range.clone()) != Some(with)
        {
            self.push_edit(e);
        }
        self.pos = range.end;
    }

    /// Deletes `range` of the source: [`replace`](MapBuilder::replace) with `""`, without its
    /// tests for a one-character substitution (the steps that only remove call it per removal).
    pub(crate) fn delete(&mut self, range: std::ops::Range<usize>) {
        if range.start < self.pos {
            return;
        }
        self.gap(range.start);
        if range.end != range.start {
            let at = self.out.len();
            self.push_edit(Edit {
                orig_start: range.start,
                orig_end: range.end,
                norm_start: at,
                norm_end: at,
                unit: None,
            });
        }
        self.pos = range.end;
    }

    /// Finishes: the rest of the source is kept, and the text and its map are returned.
    pub fn finish(mut self) -> (String, OffsetMap) {
        let end = self.src.len();
        if self.pos < end {
            self.keep(self.pos..end);
        }
        (self.out, OffsetMap { edits: self.edits })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deletions_and_insertions_map_outward() {
        let src = "ab—1—cd";
        let i = src.find('—').unwrap();
        let j = src.rfind('—').unwrap() + '—'.len_utf8();
        let mut b = MapBuilder::new(src);
        b.keep(0..i);
        b.replace(i..j, "");
        let (text, map) = b.finish();
        assert_eq!(text, "abcd");
        // "cd" maps to the original "cd"
        let s = map.to_original(Span::new(2, 4));
        assert_eq!(&src[s.range()], "cd");
        // a span across the deletion covers it
        let s = map.to_original(Span::new(1, 3));
        assert_eq!(&src[s.range()], "b—1—c");
        // an empty span at the deletion point stays valid
        let s = map.to_original(Span::new(2, 2));
        assert!(s.start <= s.end && src.is_char_boundary(s.start));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// `delete` builds what `replace` with `""` builds.
        #[test]
        fn delete_is_replace_with_nothing(
            cuts in proptest::collection::vec((0usize..4, 0usize..4), 0..12),
        ) {
            let src = "ab—1—cd 一二三 x";
            let mut by_delete = MapBuilder::new(src);
            let mut by_replace = MapBuilder::new(src);
            let mut p = 0;
            for (skip, len) in cuts {
                let s = (p + skip).min(src.len());
                let e = (s + len).min(src.len());
                if !src.is_char_boundary(s) || !src.is_char_boundary(e) {
                    continue;
                }
                by_delete.keep(by_delete.source_pos()..s);
                by_replace.keep(by_replace.source_pos()..s);
                by_delete.delete(s..e);
                by_replace.replace(s..e, "");
                p = e;
            }
            proptest::prop_assert_eq!(by_delete.finish(), by_replace.finish());
        }
    }

    #[test]
    fn uniform_runs_map_each_character() {
        // Pretend 2-byte source characters became 3-byte ones.
        let map = OffsetMap::from_edits(vec![Edit {
            orig_start: 0,
            orig_end: 6,
            norm_start: 0,
            norm_end: 9,
            unit: Some((2, 3)),
        }]);
        assert_eq!(map.to_original(Span::new(3, 6)), Span::new(2, 4));
        assert_eq!(map.to_original(Span::new(9, 10)), Span::new(6, 7));
    }

    #[test]
    fn chains_compose() {
        let src = "Ａ１";
        let mut b = MapBuilder::new(src);
        b.replace(0..3, "A");
        b.replace(3..6, "1");
        let (t1, m1) = b.finish();
        let mut b = MapBuilder::new(&t1);
        b.replace(0..1, "");
        let (t2, m2) = b.finish();
        assert_eq!(t2, "1");
        let mut chain = MapChain::new();
        chain.push(m1);
        chain.push(m2);
        assert_eq!(chain.to_original(Span::new(0, 1)), Span::new(3, 6));
    }
}
