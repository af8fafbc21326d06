//! A typed statistics table: cells keyed by the schema's row and column ids.

use crate::number::{Number, NUMBER_ROOM};
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
    /// `out` (tests; the report writes bytes with [`Table::write_json_scratch`], here into a
    /// scratch buffer holding stale bytes, which must not show).
    #[cfg(test)]
    fn write_json(&self, out: &mut String) {
        let mut bytes = vec![b'~'; 3];
        let end = self.write_json_scratch(&mut bytes, 3);
        match bytes.get(3..end).map(std::str::from_utf8) {
            Some(Ok(text)) => out.push_str(text),
            _ => self.write_json_general(out),
        }
    }

    /// Room the fast JSON writer may use (bytes): every row with cells, every cell a padded
    /// key slot and the longest number.
    fn json_room(&self) -> usize {
        S::Row::all()
            .len()
            .saturating_mul(KEY_SLOT + 2)
            .saturating_add(self.len.saturating_mul(KEY_SLOT + NUMBER_ROOM))
            .saturating_add(2)
    }

    /// Writes the table's JSON (exactly what its `Serialize` gives with `serde_json`, ASCII)
    /// into the scratch buffer `buf` at `pos`, and returns the offset after it: the text is
    /// `buf[pos..end]`. The buffer is grown (zeroed) when shorter than the room the table may
    /// need; the bytes after the text are left as they were (stale), so a buffer kept from
    /// table to table is zeroed only once. The ids are written without escaping: they are
    /// ASCII letters, digits and `_` (a test checks every id of every schema).
    ///
    /// Each column's `,"id":` is copied as one fixed-size, zero-padded slot at an offset (a
    /// copy the compiler inlines, no length or capacity kept per write) and the offset moved
    /// past the key; every row and cell starts with a comma, and the first one of a table or
    /// row becomes its `{`. Schemas wider than [`FAST_COLS`] or ids without a ready-made key
    /// take the cell-by-cell path (`write_json_general`, the oracle of the property
    /// `fast_json_is_the_general_json`).
    pub(crate) fn write_json_scratch(&self, buf: &mut Vec<u8>, pos: usize) -> usize {
        let need = pos.saturating_add(self.json_room());
        if buf.len() < need {
            buf.resize(need, 0);
        }
        if let Some(end) = self.write_json_fast(buf, pos) {
            return end;
        }
        let mut text = String::new();
        self.write_json_general(&mut text);
        buf.truncate(pos);
        buf.extend_from_slice(text.as_bytes());
        buf.len()
    }

    fn write_json_fast(&self, buf: &mut [u8], start: usize) -> Option<usize> {
        let cols = S::Col::all();
        let width = cols.len();
        if self.slots.is_empty() || width == 0 || width > FAST_COLS {
            return None;
        }
        // `,"id":` of every column, padded to a whole slot, and the padding.
        let mut keys = [[0u8; KEY_SLOT]; FAST_COLS];
        let mut pads = [0usize; FAST_COLS];
        for ((slot, pad), col) in keys.iter_mut().zip(&mut pads).zip(cols) {
            let key = col.json_key()?.as_bytes();
            slot.get_mut(1..=key.len())?.copy_from_slice(key);
            slot[0] = b',';
            *pad = KEY_SLOT - 1 - key.len();
        }
        let mut pos = start;
        // Every row starts with a comma; the table's first becomes its `{`.
        for (row, slots) in S::Row::all().iter().zip(self.slots.chunks_exact(width)) {
            let row_start = pos;
            let key = row.json_key()?.as_bytes();
            *buf.get_mut(pos)? = b',';
            buf.get_mut(pos + 1..pos + 1 + key.len())?
                .copy_from_slice(key);
            pos += 1 + key.len();
            // Likewise for the row's cells.
            let cells = pos;
            for ((v, slot), pad) in slots.iter().zip(&keys).zip(&pads) {
                let Some(v) = v else { continue };
                buf.get_mut(pos..pos + KEY_SLOT)?.copy_from_slice(slot);
                pos += KEY_SLOT - pad;
                match v {
                    None => {
                        buf.get_mut(pos..pos + 4)?.copy_from_slice(b"null");
                        pos += 4;
                    }
                    Some(n) => pos = n.write_json_at(buf, pos)?,
                }
            }
            if pos == cells {
                pos = row_start;
            } else {
                *buf.get_mut(cells)? = b'{';
                *buf.get_mut(pos)? = b'}';
                pos += 1;
            }
        }
        if pos == start {
            buf.get_mut(pos..pos + 2)?.copy_from_slice(b"{}");
            pos += 2;
        } else {
            *buf.get_mut(start)? = b'{';
            *buf.get_mut(pos)? = b'}';
            pos += 1;
        }
        Some(pos)
    }

    /// [`Table::write_json`] cell by cell into `out` (the general path, and the fast path's
    /// oracle in tests), without escaping the ids: they are ASCII letters, digits and `_` (a test checks
    /// every id of every schema).
    fn write_json_general(&self, out: &mut String) {
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

/// Room for `,"id":` in the fast JSON writer (the longest id has 25 bytes; a test checks).
const KEY_SLOT: usize = 32;
/// Widest row the fast JSON writer takes.
const FAST_COLS: usize = 16;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{
        ActiveDisclosure2019, ActiveDisclosure2021, Requests2019, Requests2021, ReviewLitigation,
    };
    use proptest::prelude::*;

    /// A table of `S` with the cells `picks` chooses (in slot order; cells the schema lacks are
    /// skipped): blank, one digit, any integer, or a decimal.
    fn table<S: Schema>(picks: &[(u8, i64, u8)]) -> Table<S> {
        let mut t = Table::<S>::new();
        let slots = S::Row::all()
            .iter()
            .flat_map(|r| S::Col::all().iter().map(move |c| (*r, *c)));
        for ((row, col), &(kind, units, scale)) in slots.zip(picks) {
            let v = match kind % 6 {
                0 => continue,
                1 => None,
                2 => Some(Number::from(units.rem_euclid(10))),
                3 => Some(Number::from(units)),
                4 => Number::new(units, scale % (crate::number::MAX_SCALE + 1)),
                _ => Some(Number::from(units % 1000)),
            };
            let _ = t.set(row, col, v);
        }
        t
    }

    fn check<S: Schema>(picks: &[(u8, i64, u8)]) -> Result<(), TestCaseError> {
        let t = table::<S>(picks);
        let mut fast = String::from("x");
        t.write_json(&mut fast);
        let mut general = String::from("x");
        t.write_json_general(&mut general);
        prop_assert_eq!(&fast, &general);
        prop_assert_eq!(&fast[1..], serde_json::to_string(&t).unwrap_or_default());
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// The fast writer gives the cell-by-cell writer's text, which is serde_json's.
        #[test]
        fn fast_json_is_the_general_json(
            picks in proptest::collection::vec((any::<u8>(), any::<i64>(), any::<u8>()), 0..400),
        ) {
            check::<ActiveDisclosure2021>(&picks)?;
            check::<ActiveDisclosure2019>(&picks)?;
            check::<Requests2021>(&picks)?;
            check::<Requests2019>(&picks)?;
            check::<ReviewLitigation>(&picks)?;
        }
    }

    /// Every schema's rows and keys fit the fast writer (else it silently takes the slow path).
    #[test]
    fn schemas_take_the_fast_path() {
        fn fits<S: Schema>() {
            assert!(S::Col::all().len() <= FAST_COLS);
            for id in S::Col::all() {
                assert!(id.json_key().is_some_and(|k| k.len() < KEY_SLOT));
            }
            for id in S::Row::all() {
                assert!(id.json_key().is_some_and(|k| k.len() < KEY_SLOT));
            }
            let mut t = Table::<S>::new();
            for r in S::Row::all() {
                for c in S::Col::all() {
                    let _ = t.set(*r, *c, Some(Number::from(i64::MIN)));
                }
            }
            let mut out = vec![0; t.json_room()];
            assert!(t.write_json_fast(&mut out, 0).is_some());
        }
        fits::<ActiveDisclosure2021>();
        fits::<ActiveDisclosure2019>();
        fits::<Requests2021>();
        fits::<Requests2019>();
        fits::<ReviewLitigation>();
    }
}
