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

pub use fill::fill_report;
pub use grid::{read_grid, Grid, GridCell};

use std::collections::BTreeMap;
use xxgk_model::schema::{
    ActiveDisclosure2019Col, ActiveDisclosure2019Row, ActiveDisclosure2021Col,
    ActiveDisclosure2021Row, Requests2021Row, RequestsCol, ReviewCol, ReviewRow,
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cells<R: Ord, C: Ord> {
    map: BTreeMap<(R, C), Read>,
}

impl<R: Ord + Copy, C: Ord + Copy> Default for Cells<R, C> {
    fn default() -> Self {
        Cells {
            map: BTreeMap::new(),
        }
    }
}

impl<R: Ord + Copy, C: Ord + Copy> Cells<R, C> {
    /// Sets a cell (a later read of the same cell replaces the earlier one).
    pub fn set(&mut self, row: R, col: C, read: Read) {
        self.map.insert((row, col), read);
    }
    /// The cell at (row, col), if read.
    pub fn get(&self, row: R, col: C) -> Option<Read> {
        self.map.get(&(row, col)).copied()
    }
    /// The value at (row, col) as the validator reads it.
    pub fn value(&self, row: R, col: C) -> Option<Cell> {
        self.get(row, col).map(|r| r.value)
    }
    /// Every cell in key order.
    pub fn iter(&self) -> impl Iterator<Item = (R, C, Read)> + '_ {
        self.map.iter().map(|((r, c), v)| (*r, *c, *v))
    }
    /// Number of cells.
    pub fn len(&self) -> usize {
        self.map.len()
    }
    /// True when no cell was read.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
    /// True when any cell of `row` was read.
    pub fn has_row(&self, row: R) -> bool {
        self.map.keys().any(|(r, _)| *r == row)
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
