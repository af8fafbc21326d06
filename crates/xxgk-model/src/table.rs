//! A typed statistics table: cells keyed by the schema's row and column ids.

use crate::number::Number;
use crate::schema::{Id, Schema};
use serde::de::{Deserializer, Error as _};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table<S: Schema> {
    rows: BTreeMap<S::Row, BTreeMap<S::Col, Cell>>,
}

impl<S: Schema> Default for Table<S> {
    fn default() -> Self {
        Table {
            rows: BTreeMap::new(),
        }
    }
}

impl<S: Schema> Table<S> {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a cell. Fails when the template has no such cell (e.g. `decisions` of `rules`).
    pub fn set(&mut self, row: S::Row, col: S::Col, value: Cell) -> Result<(), crate::Error> {
        if !S::has_cell(row, col) {
            return Err(crate::Error::NoSuchCell {
                table: S::KIND.as_str(),
                row: row.id(),
                col: col.id(),
            });
        }
        self.rows.entry(row).or_default().insert(col, value);
        Ok(())
    }

    /// The cell at (row, col): `None` when not read, `Some(None)` when printed blank.
    pub fn get(&self, row: S::Row, col: S::Col) -> Option<Cell> {
        self.rows.get(&row).and_then(|r| r.get(&col)).copied()
    }

    /// Removes a cell, returning what it held.
    pub fn remove(&mut self, row: S::Row, col: S::Col) -> Option<Cell> {
        let r = self.rows.get_mut(&row)?;
        let v = r.remove(&col);
        if r.is_empty() {
            self.rows.remove(&row);
        }
        v
    }

    /// True when the row has at least one cell.
    pub fn has_row(&self, row: S::Row) -> bool {
        self.rows.contains_key(&row)
    }

    /// Every cell in printed order.
    pub fn cells(&self) -> impl Iterator<Item = (S::Row, S::Col, Cell)> + '_ {
        self.rows
            .iter()
            .flat_map(|(r, cols)| cols.iter().map(move |(c, v)| (*r, *c, *v)))
    }

    /// Number of cells present.
    pub fn len(&self) -> usize {
        self.rows.values().map(BTreeMap::len).sum()
    }

    /// True when no cell is present.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

impl<S: Schema> Serialize for Table<S> {
    fn serialize<Ser: Serializer>(&self, s: Ser) -> Result<Ser::Ok, Ser::Error> {
        let mut m = s.serialize_map(Some(self.rows.len()))?;
        for (row, cols) in &self.rows {
            m.serialize_entry(row.id(), &RowRef::<S>(cols))?;
        }
        m.end()
    }
}

struct RowRef<'a, S: Schema>(&'a BTreeMap<S::Col, Cell>);

impl<S: Schema> Serialize for RowRef<'_, S> {
    fn serialize<Ser: Serializer>(&self, s: Ser) -> Result<Ser::Ok, Ser::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (col, v) in self.0 {
            m.serialize_entry(col.id(), v)?;
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
