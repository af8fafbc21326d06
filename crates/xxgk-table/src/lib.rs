//! Reading the statistics tables (2, 3 and 4) of Chinese government information-disclosure
//! annual reports exactly, from every form in which they reach us, and validating them.
//!
//! Fourth layer of xxgk (`xxgk-model` → `xxgk-normalize` → `xxgk-segment` → **`xxgk-table`**).
//! Its promise: every number it returns is right; what it cannot read with certainty it leaves
//! out, with a diagnostic saying why.
//!
//! Sources, each in its own module:
//! - [`grid`]: cells already in rows and columns — pipe tables in text, and any [`grid::Grid`]
//!   of cell texts (an HTML table after rowspan/colspan expansion); also cells glued to their
//!   labels in scraped text ([`grid::read_glued`], certain splits only);
//! - [`stream`]: flattened token streams (PDF text in reading order);
//! - [`layout`]: `pdftotext -layout` text (rows on lines, columns by runs of spaces);
//! - [`prose`]: sentences stating figures where the tables were lost;
//! - [`labels`]: the label tables and tolerant matcher every reader uses;
//! - [`cell`]: one cell's text as a number, a blank, or unreadable;
//! - [`validate`]: the consistency rules (勾稽关系), for diagnostics and for choosing readings.
//!
//! [`fill_report`] runs them on a segmented report: for each table, in its section (or, when
//! segmentation found none, in the region its header labels mark), it tries pipe/grid rows,
//! then `-layout` lines, then glued cells and the token stream (the fuller certain reading
//! wins), and only where no table was printed at all, sentences. Every table is then checked
//! by [`validate`], and every rule the report as printed breaks is a diagnostic with the spans
//! of the cells involved.
//!
//! # Example
//!
//! ```
//! use xxgk_model::{Report, Source, TableKind};
//! let text = "四、政府信息公开行政复议、行政诉讼情况\n\
//!     | 行政复议 | 行政诉讼 |\n\
//!     | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n\
//!     | 2 | 0 | 0 | 1 | 3 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n";
//! let doc = xxgk_normalize::normalize(text.as_bytes())?;
//! let seg = xxgk_segment::segment(&doc);
//! let mut report = Report::default();
//! xxgk_table::fill_report(&seg, &mut report);
//! let t = report.tables.review_litigation.as_ref().ok_or("no table 4")?;
//! assert_eq!(t.len(), 15);
//! assert_eq!(report.sources.get(&TableKind::ReviewLitigation), Some(&Source::Grid));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Input safety
//!
//! No panics on any input; time is linear in the text except for the placement search of
//! vanished or blank cells, which has a fixed effort limit (hitting it is a `search_limit`
//! diagnostic, and the cells it could not decide are left out).

pub mod cell;
pub mod grid;
pub mod labels;
pub mod layout;
pub mod prose;
pub mod stream;
pub mod validate;

mod fill;
mod fxhash;

/// Cases of the properties that check a fast path against its oracle: 256, or
/// `XXGK_FAST_PATH_CASES` (run many more locally before changing a fast path).
#[cfg(test)]
pub(crate) fn fast_path_cases() -> u32 {
    std::env::var("XXGK_FAST_PATH_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

pub use fill::fill_report;
pub use grid::{read_grid, Grid, GridCell};

use xxgk_model::schema::{
    ActiveDisclosure2019Col, ActiveDisclosure2019Row, ActiveDisclosure2021Col,
    ActiveDisclosure2021Row, Id, Requests2021Row, RequestsCol, ReviewCol, ReviewRow,
};
use xxgk_model::{Cell, Diagnostic, Span};

/// One cell value read from the text, with where it was printed (normalized-text offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Read {
    /// The value (`None` for a printed blank).
    pub value: Cell,
    /// Where the value (or, for a blank, its row) was printed, in normalized offsets.
    pub span: Span,
}

/// Cells read for one table, keyed by (row, column), each with its span.
///
/// Stored densely, one slot per (row, column) of the schema's id lists (`Id::all()` order,
/// which is the ids' `Ord` order), so setting and reading a cell is an index, not a search.
#[derive(Clone)]
pub struct Cells<R, C> {
    /// `R::all().len() × C::all().len()` slots, row-major; empty until the first `set`.
    slots: Vec<Option<Read>>,
    /// Number of filled slots.
    count: usize,
    ids: std::marker::PhantomData<fn() -> (R, C)>,
}

impl<R: Id, C: Id> Default for Cells<R, C> {
    fn default() -> Self {
        Cells {
            slots: Vec::new(),
            count: 0,
            ids: std::marker::PhantomData,
        }
    }
}

impl<R: Id, C: Id> PartialEq for Cells<R, C> {
    fn eq(&self, other: &Self) -> bool {
        self.count == other.count && self.iter().eq(other.iter())
    }
}

impl<R: Id, C: Id> Eq for Cells<R, C> {}

impl<R: Id, C: Id> std::fmt::Debug for Cells<R, C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        struct Map<'a, R, C>(&'a Cells<R, C>);
        impl<R: Id, C: Id> std::fmt::Debug for Map<'_, R, C> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_map()
                    .entries(self.0.iter().map(|(r, c, v)| ((r, c), v)))
                    .finish()
            }
        }
        f.debug_struct("Cells").field("map", &Map(self)).finish()
    }
}

impl<R: Id, C: Id> Cells<R, C> {
    /// The slot of (row, col).
    #[inline]
    fn slot(row: R, col: C) -> Option<usize> {
        Some(id_index(row)? * C::all().len() + id_index(col)?)
    }
    /// Sets a cell (a later read of the same cell replaces the earlier one).
    #[inline]
    pub fn set(&mut self, row: R, col: C, read: Read) {
        let Some(i) = Self::slot(row, col) else {
            return;
        };
        if self.slots.is_empty() {
            self.slots = vec![None; R::all().len() * C::all().len()];
        }
        if let Some(s) = self.slots.get_mut(i) {
            if s.is_none() {
                self.count += 1;
            }
            *s = Some(read);
        }
    }
    /// The cell at (row, col), if read.
    #[inline]
    pub fn get(&self, row: R, col: C) -> Option<Read> {
        Self::slot(row, col).and_then(|i| self.slots.get(i).copied().flatten())
    }
    /// The value at (row, col) as the validator reads it.
    #[inline]
    pub fn value(&self, row: R, col: C) -> Option<Cell> {
        self.get(row, col).map(|r| r.value)
    }
    /// Every cell in key order.
    pub fn iter(&self) -> impl Iterator<Item = (R, C, Read)> + '_ {
        // The slots are empty or one per (row, column), row-major.
        let cols = C::all();
        R::all()
            .iter()
            .flat_map(move |r| cols.iter().map(move |c| (*r, *c)))
            .zip(&self.slots)
            .filter_map(|((r, c), s)| s.map(|read| (r, c, read)))
    }
    /// Calls `f` with every cell in key order (what [`Cells::iter`] gives), walking rows of
    /// slots beside the ids without iterator adapters.
    #[inline]
    pub(crate) fn for_each(&self, mut f: impl FnMut(R, C, &Read)) {
        let cols = C::all();
        if cols.is_empty() {
            return;
        }
        for (r, slots) in R::all().iter().zip(self.slots.chunks_exact(cols.len())) {
            for (c, s) in cols.iter().zip(slots) {
                if let Some(read) = s {
                    f(*r, *c, read);
                }
            }
        }
    }
    /// The slots of `row` for writing (every row's slots made on the first write); `None`
    /// for a row the table does not have.
    #[inline]
    fn row_slots(&mut self, row: R) -> Option<&mut [Option<Read>]> {
        let r = id_index(row)?;
        let n = C::all().len();
        if self.slots.is_empty() {
            self.slots = vec![None; R::all().len() * n];
        }
        self.slots.get_mut(r * n..(r + 1) * n)
    }
    /// Sets the cells of `row` from its first column on, one per read ([`Cells::set`] of
    /// `(row, C::all()[k])` for the `k`-th read; reads beyond the columns are dropped).
    #[inline]
    pub(crate) fn set_row(&mut self, row: R, reads: impl Iterator<Item = Read>) {
        let Some(slots) = self.row_slots(row) else {
            return;
        };
        let mut added = 0;
        for (s, read) in slots.iter_mut().zip(reads) {
            added += usize::from(s.is_none());
            *s = Some(read);
        }
        self.count += added;
    }
    /// Sets the cells of `row` from its first column on, the `k`-th to `read(&src[k])` when
    /// that is `Some` ([`Cells::set`] of `(row, C::all()[k])`; items beyond the columns are
    /// dropped). One pass over the row's slots, without an iterator chain per read.
    #[inline]
    pub(crate) fn set_row_with<T>(&mut self, row: R, src: &[T], read: impl Fn(&T) -> Option<Read>) {
        let Some(slots) = self.row_slots(row) else {
            return;
        };
        let mut added = 0;
        for (s, v) in slots.iter_mut().zip(src) {
            if let Some(read) = read(v) {
                added += usize::from(s.is_none());
                *s = Some(read);
            }
        }
        self.count += added;
    }
    /// The slots of `row`, one per column in column order (`None` where no cell was read);
    /// `None` before the first cell is set.
    #[inline]
    pub(crate) fn row_reads(&self, row: R) -> Option<&[Option<Read>]> {
        let r = id_index(row)?;
        let n = C::all().len();
        self.slots.get(r * n..(r + 1) * n)
    }
    /// Number of cells.
    pub fn len(&self) -> usize {
        self.count
    }
    /// True when no cell was read.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
    /// True when any cell of `row` was read.
    pub fn has_row(&self, row: R) -> bool {
        let Some(r) = id_index(row) else {
            return false;
        };
        let n = C::all().len();
        self.slots
            .get(r * n..(r + 1) * n)
            .is_some_and(|s| s.iter().any(Option::is_some))
    }
}

/// The position of `id` in `T::all()`: [`Id::ordinal`] (the discriminant for the model's id
/// enums), checked against the list; the list (in `Ord` order) is searched when the check
/// fails.
#[inline]
fn id_index<T: Id>(id: T) -> Option<usize> {
    let i = id.ordinal();
    match T::all().get(i) {
        Some(x) if *x == id => Some(i),
        _ => T::all().binary_search(&id).ok(),
    }
}

/// Table 2 cells in the layout of one template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActiveCells {
    /// `gov2021` layout.
    Gov2021(Cells<ActiveDisclosure2021Row, ActiveDisclosure2021Col>),
    /// `gov2019` layout.
    Gov2019(Cells<ActiveDisclosure2019Row, ActiveDisclosure2019Col>),
}

impl ActiveCells {
    /// Number of cells.
    pub fn len(&self) -> usize {
        match self {
            ActiveCells::Gov2021(c) => c.len(),
            ActiveCells::Gov2019(c) => c.len(),
        }
    }
    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Table 3 cells, keyed by the union row type (`gov2021`'s rows include `other_handling`).
pub type RequestsCells = Cells<Requests2021Row, RequestsCol>;
/// Table 4 cells.
pub type ReviewCells = Cells<ReviewRow, ReviewCol>;

/// What a reader found in one region of text: the tables (any may be missing) and its
/// diagnostics, with spans in normalized offsets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TablesRead {
    /// Table 2.
    pub active: Option<ActiveCells>,
    /// Table 3.
    pub requests: Option<RequestsCells>,
    /// Table 4.
    pub review: Option<ReviewCells>,
    /// What the reader noticed (spans in normalized offsets).
    pub diagnostics: Vec<Diagnostic>,
    /// Template evidence from the labels seen.
    pub votes: labels::TemplateVotes,
}

impl TablesRead {
    /// Number of cells read over the three tables.
    pub fn len(&self) -> usize {
        self.active.as_ref().map_or(0, ActiveCells::len)
            + self.requests.as_ref().map_or(0, Cells::len)
            + self.review.as_ref().map_or(0, Cells::len)
    }
    /// True when nothing was read.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn positions_hold<T: Id>() {
        for (i, id) in T::all().iter().enumerate() {
            assert_eq!(id_index(*id), Some(i), "{id:?}");
        }
        // The list is in `Ord` order (the fallback search relies on it).
        assert!(T::all().windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn id_index_is_the_position_in_all() {
        positions_hold::<ActiveDisclosure2021Row>();
        positions_hold::<ActiveDisclosure2021Col>();
        positions_hold::<ActiveDisclosure2019Row>();
        positions_hold::<ActiveDisclosure2019Col>();
        positions_hold::<Requests2021Row>();
        positions_hold::<RequestsCol>();
        positions_hold::<ReviewRow>();
        positions_hold::<ReviewCol>();
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Cells behave as a map keyed by (row, column) in key order.
        #[test]
        fn cells_are_a_map(ops in proptest::collection::vec((0usize..40, 0usize..8, 0u32..5), 0..60)) {
            let rows = Requests2021Row::ALL;
            let cols = RequestsCol::ALL;
            let mut cells = RequestsCells::default();
            let mut map: BTreeMap<(Requests2021Row, RequestsCol), Read> = BTreeMap::new();
            for (r, c, v) in ops {
                let (Some(r), Some(c)) = (rows.get(r % rows.len()), cols.get(c % cols.len())) else {
                    continue;
                };
                let read = Read { value: Some(xxgk_model::Number::from(v)), span: Span::new(0, v as usize) };
                cells.set(*r, *c, read);
                map.insert((*r, *c), read);
            }
            prop_assert_eq!(cells.len(), map.len());
            prop_assert_eq!(cells.is_empty(), map.is_empty());
            let listed: Vec<_> = cells.iter().collect();
            let expected: Vec<_> = map.iter().map(|((r, c), v)| (*r, *c, *v)).collect();
            prop_assert_eq!(listed, expected);
            for r in rows {
                prop_assert_eq!(cells.has_row(*r), map.keys().any(|k| k.0 == *r));
                for c in cols {
                    prop_assert_eq!(cells.get(*r, *c), map.get(&(*r, *c)).copied());
                }
            }
            prop_assert_eq!(format!("{cells:?}"), format!("Cells {{ map: {map:?} }}"));
            let mut other = RequestsCells::default();
            for (r, c, v) in cells.iter() {
                other.set(r, c, v);
            }
            prop_assert_eq!(&other, &cells);
        }
    }
}
