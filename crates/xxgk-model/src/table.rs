//! A typed statistics table: cells keyed by the schema's row and column ids.

use crate::number::Number;
use crate::schema::{Id, Schema};
use serde::de::{Deserializer, Error as _};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// The value of one cell: `Some(number)`, or `None` where the report printed a blank, dash,
/// slash or 无 (JSON `null`). A cell the parser could not read is not in the table at all.
pub type Cell = Option<Number>;

/// One statistics table of schema `S` (see [`crate::schema`]). Rows and columns iterate in the
/// order the template prints them, which is also the JSON key order.
///
/// ```
/// use xxgk_model::{Number, Table};
/// use xxgk_model::schema::{ReviewLitigation, ReviewRow, ReviewCol};
/// let mut t = Table::<ReviewLitigation>::new();
/// t.set(ReviewRow::Review, ReviewCol::Upheld, Some(Number::from(3)))?;
/// t.set(ReviewRow::Review, ReviewCol::Total, None)?;
/// assert_eq!(t.get(ReviewRow::Review, ReviewCol::Upheld), Some(Some(Number::from(3))));
/// assert_eq!(t.get(ReviewRow::Review, ReviewCol::Total), Some(None)); // printed blank
/// assert_eq!(t.get(ReviewRow::Review, ReviewCol::Pending), None); // not read
/// assert_eq!(serde_json::to_string(&t)?, r#"{"review":{"upheld":3,"total":null}}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Table<S: Schema> {
    /// Row-major, one slot per (row, column) of the schema (`None`: not read); empty until the
    /// first cell is set.
    slots: Vec<Option<Cell>>,
    /// Cells present.
    len: usize,
    _schema: PhantomData<S>,
}

impl<S: Schema> Default for Table<S> {
    fn default() -> Self {
        Table {
            slots: Vec::new(),
            len: 0,
            _schema: PhantomData,
        }
    }
}

impl<S: Schema> PartialEq for Table<S> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.cells().eq(other.cells())
    }
}

impl<S: Schema> Eq for Table<S> {}

impl<S: Schema> fmt::Debug for Table<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut m = f.debug_map();
        for row in self.rows() {
            let cols: Vec<(S::Col, Cell)> = self.row_cells(row).collect();
            m.entry(&row, &cols);
        }
        m.finish()
    }
}

impl<S: Schema> Table<S> {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    fn width() -> usize {
        S::Col::all().len()
    }

    fn slot(row: S::Row, col: S::Col) -> usize {
        row.ordinal() * Self::width() + col.ordinal()
    }

    /// Sets a cell. Fails when the template has no such cell (e.g. `decisions` of `rules`).
    #[inline]
    pub fn set(&mut self, row: S::Row, col: S::Col, value: Cell) -> Result<(), crate::Error> {
        if !S::has_cell(row, col) {
            return Err(crate::Error::NoSuchCell {
                table: S::KIND.as_str(),
                row: row.id(),
                col: col.id(),
            });
        }
        if self.slots.is_empty() {
            self.slots = vec![None; S::Row::all().len() * Self::width()];
        }
        if let Some(slot) = self.slots.get_mut(Self::slot(row, col)) {
            if slot.replace(value).is_none() {
                self.len += 1;
            }
        }
        Ok(())
    }

    /// The cell at (row, col): `None` when not read, `Some(None)` when printed blank.
    #[inline]
    pub fn get(&self, row: S::Row, col: S::Col) -> Option<Cell> {
        self.slots.get(Self::slot(row, col)).copied().flatten()
    }

    /// Removes a cell, returning what it held.
    pub fn remove(&mut self, row: S::Row, col: S::Col) -> Option<Cell> {
        let v = self.slots.get_mut(Self::slot(row, col))?.take();
        if v.is_some() {
            self.len -= 1;
        }
        v
    }

    /// True when the row has at least one cell.
    pub fn has_row(&self, row: S::Row) -> bool {
        self.row_cells(row).next().is_some()
    }

    /// The cells of `row`, in printed order.
    fn row_cells(&self, row: S::Row) -> impl Iterator<Item = (S::Col, Cell)> + '_ {
        let from = row.ordinal() * Self::width();
        let slots = self.slots.get(from..from + Self::width()).unwrap_or(&[]);
        S::Col::all()
            .iter()
            .zip(slots)
            .filter_map(|(c, v)| v.map(|v| (*c, v)))
    }

    /// The rows with at least one cell, in printed order.
    fn rows(&self) -> impl Iterator<Item = S::Row> + '_ {
        S::Row::all()
            .iter()
            .copied()
            .filter(move |r| !self.slots.is_empty() && self.has_row(*r))
    }

    /// Every cell in printed order.
    pub fn cells(&self) -> impl Iterator<Item = (S::Row, S::Col, Cell)> + '_ {
        self.rows()
            .flat_map(move |r| self.row_cells(r).map(move |(c, v)| (r, c, v)))
    }

    /// Appends the table's JSON (exactly what its `Serialize` gives with `serde_json`) to
    /// `out`, without escaping the ids: they are ASCII letters, digits and `_` (a test checks
    /// every id of every schema).
    pub(crate) fn write_json(&self, out: &mut String) {
        out.reserve(self.len * 32 + 2);
        out.push('{');
        let width = Self::width();
        let mut first_row = true;
        for (row, slots) in S::Row::all().iter().zip(self.slots.chunks(width.max(1))) {
            let mut first = true;
            for (col, v) in S::Col::all().iter().zip(slots) {
                let Some(v) = v else { continue };
                if first {
                    if !first_row {
                        out.push(',');
                    }
                    first_row = false;
                    push_key(out, *row);
                    out.push('{');
                } else {
                    out.push(',');
                }
                first = false;
                push_key(out, *col);
                match v {
                    None => out.push_str("null"),
                    Some(n) => n.write_json(out),
                }
            }
            if !first {
                out.push('}');
            }
        }
        out.push('}');
    }

    /// Number of cells present.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when no cell is present.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Appends `"id":` for `id`.
#[inline]
fn push_key<I: Id>(out: &mut String, id: I) {
    match id.json_key() {
        Some(key) => out.push_str(key),
        None => {
            out.push('"');
            out.push_str(id.id());
            out.push_str("\":");
        }
    }
}

impl<S: Schema> Serialize for Table<S> {
    fn serialize<Ser: Serializer>(&self, s: Ser) -> Result<Ser::Ok, Ser::Error> {
        let mut m = s.serialize_map(Some(self.rows().count()))?;
        for row in self.rows() {
            m.serialize_entry(row.id(), &RowRef::<S> { table: self, row })?;
        }
        m.end()
    }
}

struct RowRef<'a, S: Schema> {
    table: &'a Table<S>,
    row: S::Row,
}

impl<S: Schema> Serialize for RowRef<'_, S> {
    fn serialize<Ser: Serializer>(&self, s: Ser) -> Result<Ser::Ok, Ser::Error> {
        let mut m = s.serialize_map(Some(self.table.row_cells(self.row).count()))?;
        for (col, v) in self.table.row_cells(self.row) {
            m.serialize_entry(col.id(), &v)?;
        }
        m.end()
    }
}

impl<'de, S: Schema> Deserialize<'de> for Table<S> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw: BTreeMap<String, BTreeMap<String, Cell>> = BTreeMap::deserialize(d)?;
        let mut t = Table::new();
        for (r, cols) in raw {
            let row = S::Row::parse_id(&r)
                .ok_or_else(|| D::Error::custom(format!("unknown row {r:?} in {}", S::KIND)))?;
            for (c, v) in cols {
                let col = S::Col::parse_id(&c).ok_or_else(|| {
                    D::Error::custom(format!("unknown column {c:?} in {}", S::KIND))
                })?;
                t.set(row, col, v).map_err(D::Error::custom)?;
            }
        }
        Ok(t)
    }
}
