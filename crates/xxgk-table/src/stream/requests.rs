//! Table 3 from a token stream: align the numbers to the rows with the consistency rules.
//!
//! # The model
//!
//! The numbers of the table region, in stream order, are read as an interleaving of
//!
//! - a *main* sequence that visits the rows in template order, each row either
//!   - whole: its seven values in column order,
//!   - split: six of its values in column order, the missing one (自然人; for the last two rows
//!     any column) sitting elsewhere, or
//!   - in a *column-major group* of `k` consecutive rows: the 自然人 values of the `k` rows, then
//!     their 商业企业 values, … then their 总计 values;
//! - and *loose* numbers: the missing values of split rows, which PDF extraction emits beside
//!   a row label, before or after the rest of the row. A loose number must stand within a few
//!   tokens of a label of its row.
//!
//! A split row's missing value is not read from its position but computed from the row sum;
//! a loose number of that value near the row's label must then exist. Every row of a reading
//! satisfies the row sum (rule 1); the outcome sum and the balance (rules 2, 3) are carried
//! through the search as running column sums and checked at （七）总计 and 四.
//!
//! The search is a memoized depth-first search over states (stream position, row, pending
//! loose values, running sums) computing which states reach a complete reading; a second pass
//! over the live states collects, for every cell, the values it takes in some complete
//! reading. A cell is returned only when that set has one value.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};

use crate::fxhash::FxBuild;

type FxMap<K, V> = HashMap<K, V, FxBuild>;
type FxSet<K> = HashSet<K, FxBuild>;

/// Columns of table 3.
pub(crate) const COLS: usize = 7;

/// Bounds of the search; see [`super::StreamOptions`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub effort: u64,
    pub max_pending: usize,
    pub max_group: usize,
    pub any_column: bool,
}

type RowVals = [i64; COLS];
type RowPos = [Option<usize>; COLS];

/// A pending loose value, as [`Search::loose`] decodes it from its code (see [`need_code`]
/// and [`Search::spare_code`]; the codes are ordered as these values would be, by variant
/// and then field by field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Loose {
    /// Row `row`, column `col` needs value `v` from a loose number still to come.
    Need { v: i64, row: u8, col: u8 },
    /// A loose number `v` at value index `at` was seen, for one of the rows in `cand`.
    /// (`at` fits 16 bits: a table has at most 32 rows of seven values; this keeps a
    /// [`Loose`] at 16 bytes, and the states the search copies and hashes small.)
    Spare { v: i64, cand: u32, at: u16 },
}

/// Most rows of a column-major group (caps [`Limits::max_group`]; more than a table has).
const MAX_GROUP: usize = 32;

/// States the state table is sized for at first (a table-3 search of a report explores a
/// few hundred to a few thousand).
const STATES_RESERVED: usize = 512;

/// A group size set not computed yet (bit 63: a group of 63 rows, more than [`MAX_GROUP`]).
const UNKNOWN: u64 = u64::MAX;

/// Most pending loose values a state can hold (caps [`Limits::max_pending`]).
pub(crate) const PEND_CAP: usize = 8;

/// The code of a pending loose value: [`Loose::Need`] is `v << 8 | row << 3 | col` (top bit
/// clear; `v` below 2^43, as a row sum of values below 2^40), [`Loose::Spare`] is
/// `SPARE | v << 16 | rank << 8 | at`, `rank` the place of `(cand, at)` among the value indexes
/// ordered by `(cand, at)` (the value index `at` is below 256: a table has at most 224 values).
type LooseCode = u64;

/// The tag bit of a spare's code.
const SPARE: LooseCode = 1 << 63;

/// The largest value [`align`] takes (values at or over it: no reading).
const MAX_VALUE: i64 = 1 << 40;

/// The code of a needed loose value `v` (non-negative, below 2^43) of row `row` (below 32),
/// column `col` (below 8).
fn need_code(v: i64, row: usize, col: usize) -> LooseCode {
    let v = u64::try_from(v).unwrap_or(0) & ((1 << 43) - 1);
    v << 8 | (row as u64 & 31) << 3 | (col as u64 & 7)
}

/// A small sorted multiset of pending loose values (their codes), stored inline (unused
/// slots hold 0, so the derived equality and hash are exact).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Pend {
    items: [LooseCode; PEND_CAP],
    len: u8,
}

impl Pend {
    const EMPTY: Pend = Pend {
        items: [0; PEND_CAP],
        len: 0,
    };
    fn len(&self) -> usize {
        usize::from(self.len)
    }
    fn is_empty(&self) -> bool {
        self.len == 0
    }
    fn iter(&self) -> impl Iterator<Item = LooseCode> + '_ {
        self.items.iter().take(self.len()).copied()
    }
    fn without(&self, k: usize) -> Pend {
        let mut out = Pend::EMPTY;
        for (_, l) in self.iter().enumerate().filter(|(j, _)| *j != k) {
            let n = out.len();
            if let Some(slot) = out.items.get_mut(n) {
                *slot = l;
                out.len += 1;
            }
        }
        out
    }
    fn with(&self, l: LooseCode) -> Option<Pend> {
        if self.len() >= PEND_CAP {
            return None;
        }
        // Sorted insertion (the items are kept sorted, so equal multisets are equal).
        let mut out = Pend::EMPTY;
        let mut placed = false;
        let mut n = 0usize;
        for x in self.iter() {
            if !placed && l <= x {
                if let Some(slot) = out.items.get_mut(n) {
                    *slot = l;
                }
                n += 1;
                placed = true;
            }
            if let Some(slot) = out.items.get_mut(n) {
                *slot = x;
            }
            n += 1;
        }
        if !placed {
            if let Some(slot) = out.items.get_mut(n) {
                *slot = l;
            }
        }
        out.len = self.len + 1;
        Some(out)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct State {
    i: usize,
    r: usize,
    pending: Pend,
    /// The running sums ([`Sums`]): new + carried over so far, and the sum of the outcome
    /// rows so far.
    sums: u32,
}

/// The running sums of the states, each pair stored once: a state holds its pair's index.
struct Sums {
    pairs: Vec<(RowVals, RowVals)>,
    index: FxMap<(RowVals, RowVals), u32>,
}

impl Sums {
    fn new() -> Sums {
        let zero = ([0; COLS], [0; COLS]);
        let mut index = FxMap::with_capacity_and_hasher(64, FxBuild::random());
        index.insert(zero, 0);
        Sums {
            pairs: vec![zero],
            index,
        }
    }

    /// The index of the pair.
    fn id(&mut self, pair: (RowVals, RowVals)) -> u32 {
        let next = u32::try_from(self.pairs.len()).unwrap_or(u32::MAX);
        let id = *self.index.entry(pair).or_insert(next);
        if id == next {
            self.pairs.push(pair);
        }
        id
    }

    /// The index of `pair`, the sums after a move from the state whose sums are `from`
    /// (index `from_id`): rows of zeros leave the sums as they were, and the index stays
    /// (no look-up).
    fn id_after(
        &mut self,
        from_id: u32,
        from: &(RowVals, RowVals),
        pair: (RowVals, RowVals),
    ) -> u32 {
        if pair == *from {
            from_id
        } else {
            self.id(pair)
        }
    }

    /// Empties it (the zero pair keeps index 0).
    fn clear(&mut self) {
        let zero = ([0; COLS], [0; COLS]);
        self.pairs.clear();
        self.pairs.push(zero);
        self.index.clear();
        self.index.insert(zero, 0);
    }

    /// The 总计 of new + carried over and of the outcomes so far, in the pair of index `id`.
    fn totals(&self, id: u32) -> (i64, i64) {
        self.pairs
            .get(usize::try_from(id).unwrap_or(usize::MAX))
            .map_or((0, 0), |(n, s)| (n[COLS - 1], s[COLS - 1]))
    }

    /// The pair of index `id`.
    fn get(&self, id: u32) -> (RowVals, RowVals) {
        self.pairs
            .get(usize::try_from(id).unwrap_or(usize::MAX))
            .copied()
            .unwrap_or(([0; COLS], [0; COLS]))
    }
}

/// A state with its hash, computed once (the state tables hash only that).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    hash: u64,
    st: State,
}

impl std::hash::Hash for Key {
    fn hash<H: Hasher>(&self, h: &mut H) {
        h.write_u64(self.hash);
    }
}

impl Key {
    /// The state with its hash: of its position, row, sums index and pending values (the
    /// used slots only: equal states have equal ones, and the unused slots hold 0).
    fn new(st: State, b: &FxBuild) -> Key {
        let mut h = b.build_hasher();
        h.write_u64(
            st.i as u64 & 0xFFFF_FFFF
                | (st.r as u64 & 0xFFFF) << 32
                | u64::from(st.pending.len) << 48,
        );
        h.write_u32(st.sums);
        for l in st.pending.iter() {
            h.write_u64(l);
        }
        Key {
            hash: h.finish(),
            st,
        }
    }
}

/// A row assigned by a move: row index, its values, and the value index of each cell (`None`
/// while a loose value is pending).
type Assigned = (usize, RowVals, RowPos);

/// An explored state of the search, as the second pass needs it.
#[derive(Debug, Clone, Copy)]
struct Node {
    i: usize,
    r: usize,
    /// True when it reaches a complete reading (false while it is explored: the search
    /// graph has no cycles, as every move advances the stream position).
    live: bool,
    /// Its moves to live states: `edges[from..to]`.
    from: usize,
    to: usize,
}

/// A loose match made by a move: row, column, value index.
#[cfg(test)]
type Matched = Option<(usize, usize, usize)>;

/// One move of the search, relative to the state it is made from (see [`Search::record`]
/// for the rows it assigns).
#[derive(Debug, Clone, Copy)]
enum Step {
    /// The value at the stream position is the pending loose value of `row`, `col`.
    Match { row: usize, col: usize },
    /// The value at the stream position waits as a spare.
    Spare,
    /// Row `r` whole: the next seven values.
    Whole,
    /// Row `r` from the next six values, column `j` computed (see [`Search::split_vals`])
    /// and taken from the spare at `at`, or pending when `None`.
    Split { j: usize, at: Option<usize> },
    /// Rows `r..r + k` column-major.
    Group { k: usize },
}

fn row_ok(v: &RowVals) -> bool {
    let parts: Option<i64> = v
        .get(..COLS - 1)
        .and_then(|p| p.iter().try_fold(0i64, |a, &x| a.checked_add(x)));
    v.iter().all(|&x| x >= 0) && parts == v.get(COLS - 1).copied()
}

fn add(a: &RowVals, b: &RowVals) -> Option<RowVals> {
    let mut out = [0i64; COLS];
    for c in 0..COLS {
        out[c] = a[c].checked_add(b[c])?;
    }
    Some(out)
}

struct Search<'a> {
    vals: &'a [i64],
    /// Rows (bit set) whose labels stand next to the value; 0: it cannot be loose.
    cand: &'a [u32],
    /// Per value index with candidate rows, its place among those ordered by `(cand, index)`
    /// (the middle of a spare's code).
    cand_rank: Vec<u8>,
    /// Per row, the value indexes that may be its loose value, in order.
    cand_at: Vec<Vec<usize>>,
    /// `suffix[i]`: sum of `vals[i..]`.
    suffix: Vec<i64>,
    /// `prefix[i]`: sum of `vals[..i]`.
    prefix: Vec<i64>,
    /// Per value index, the sizes of the column-major groups that may start there (bit k),
    /// or [`UNKNOWN`] until computed.
    groups: Vec<std::cell::Cell<u64>>,
    /// `zeros[i]`: how many values from `i` on are 0 (up to the first other value).
    zeros: Vec<u32>,
    rows: usize,
    lim: Limits,
    effort: u64,
    limit_hit: bool,
    /// Whether moves to doomed states ([`Search::doomed`]) are dropped when they are found
    /// instead of becoming explored states (see [`align`]).
    prefilter: bool,
    /// Moves dropped as doomed (with [`Search::prefilter`]), each counted, repeats too.
    dropped: u64,
    /// Whether moves of rows of zeros before （七）总计 skip the running sums' check and
    /// look-up (they pass it, and the sums stay: see [`Search::expand`]); off only in the
    /// tests, for the oracle that makes them.
    quiet: bool,
    /// Explored states: an open-addressing table (linear probing, at most half full) of
    /// their node indexes plus one (0: empty slot); a node's state and hash are in `states`.
    alive: Vec<u32>,
    /// The state of each node, with its hash.
    states: Vec<Key>,
    /// The explored states: whether they reach a complete reading, and for those their
    /// moves to states that do.
    nodes: Vec<Node>,
    /// The moves of the live states to live states (each state's moves in [`Search::expand`]
    /// order): the step and the node it leads to.
    edges: Vec<(Step, u32)>,
    /// The hasher of state hashes ([`Key::hash`]).
    keys: FxBuild,
    /// The running sums of the states.
    sums: Sums,
    /// Scratch of [`setup`], kept for the next search.
    order: Vec<(u32, usize)>,
}

impl Search<'_> {
    fn bit(r: usize) -> u32 {
        u32::try_from(r)
            .ok()
            .and_then(|r| 1u32.checked_shl(r))
            .unwrap_or(0)
    }

    /// The pending loose value of code `l`.
    fn loose(&self, l: LooseCode) -> Loose {
        if l & SPARE == 0 {
            Loose::Need {
                v: i64::try_from(l >> 8).unwrap_or(i64::MAX),
                row: (l >> 3 & 31) as u8,
                col: (l & 7) as u8,
            }
        } else {
            let at = (l & 255) as u16;
            let k = usize::from(at);
            Loose::Spare {
                v: i64::try_from(l >> 16 & (MAX_VALUE as u64 - 1)).unwrap_or(i64::MAX),
                cand: self.cand.get(k).copied().unwrap_or(0),
                at,
            }
        }
    }

    /// The code of the spare at value index `at`.
    fn spare_code(&self, at: usize) -> LooseCode {
        let v = self.vals.get(at).copied().unwrap_or(0);
        let v = u64::try_from(v).unwrap_or(0) & (MAX_VALUE as u64 - 1);
        let rank = u64::from(self.cand_rank.get(at).copied().unwrap_or(0));
        SPARE | v << 16 | rank << 8 | (at as u64 & 255)
    }

    /// Applies assigned rows to the running sums `(n, s)`; `None` when rule 2 or 3 fails, or
    /// can no longer hold: the outcome rows so far may not exceed new + carried over in any
    /// column (四 = new + carried over − outcomes is non-negative and outcomes only grow).
    fn account(
        &self,
        (mut n, mut s): (RowVals, RowVals),
        rows: &[Assigned],
    ) -> Option<(RowVals, RowVals)> {
        for (r, v, _) in rows {
            let r = *r;
            if r < 2 {
                n = add(&n, v)?;
            } else if r + 2 < self.rows {
                s = add(&s, v)?;
                if s.iter().zip(&n).any(|(a, b)| a > b) {
                    return None;
                }
            } else if r + 2 == self.rows {
                if *v != s {
                    return None;
                }
            } else {
                let mut f = [0i64; COLS];
                for c in 0..COLS {
                    f[c] = n[c] - s[c];
                }
                if *v != f {
                    return None;
                }
            }
        }
        Some((n, s))
    }

    /// True when a state cannot reach a complete reading by what [`Search::reaches`] tests
    /// before expanding it: at the end of the stream, it is not complete; before, it is
    /// [`Search::dead`].
    fn doomed(&self, st: &State) -> bool {
        if st.i == self.vals.len() {
            !(st.r == self.rows && st.pending.is_empty())
        } else {
            self.dead(st)
        }
    }

    /// True when a pending value can no longer be matched, or the values left cannot add up
    /// to the rows left.
    fn dead(&self, st: &State) -> bool {
        let ahead = u32::MAX
            .checked_shl(u32::try_from(st.r).unwrap_or(u32::MAX))
            .unwrap_or(0);
        let unmatched = st.pending.iter().any(|l| match self.loose(l) {
            Loose::Spare { cand, .. } => cand & ahead == 0,
            Loose::Need { v, row, .. } => !self.cand_at.get(usize::from(row)).is_some_and(|at| {
                at.iter()
                    .any(|&k| k >= st.i && self.vals.get(k) == Some(&v))
            }),
        });
        unmatched || !self.sum_fits(st)
    }

    /// Once new and carried over are known (row 2 on), the cells of the rows left add up to
    /// a sum the rules bound: every row's cells add up to twice its 总计, so the outcome rows
    /// left, （七）总计 and 四 hold 2·(T − t) + 2·T + 2·(N − T) = 2·(T + N − t), where N is the
    /// 总计 of new + carried over, t that of the outcomes so far and T that of （七）, with
    /// t ≤ T ≤ N (T = t once only （七） and 四 are left). Those cells are the values still
    /// ahead, less the loose values owed to rows already read, plus the spares seen early.
    fn sum_fits(&self, st: &State) -> bool {
        if st.r < 2 || st.r >= self.rows {
            return true;
        }
        let mut left = self.suffix.get(st.i).copied().unwrap_or(0);
        for l in st.pending.iter() {
            match self.loose(l) {
                Loose::Need { v, .. } => left -= v,
                Loose::Spare { v, .. } => left += v,
            }
        }
        let (big_n, t) = self.sums.totals(st.sums);
        if st.r + 1 == self.rows {
            return left == 2 * (big_n - t);
        }
        if st.r + 2 == self.rows {
            return left == 2 * big_n;
        }
        left % 2 == 0 && left >= 2 * big_n && left <= 4 * big_n - 2 * t
    }

    /// The values of row `r` split at `i`: the six values there in column order, column `j`
    /// computed from the row sum.
    fn split_vals(&self, i: usize, j: usize) -> RowVals {
        let w = self.vals.get(i..i + COLS - 1).unwrap_or(&[]);
        let mut vals = [0i64; COLS];
        let mut k = 0;
        for (c, slot) in vals.iter_mut().enumerate() {
            if c != j {
                *slot = w.get(k).copied().unwrap_or(-1);
                k += 1;
            }
        }
        let parts: i64 = vals.iter().take(COLS - 1).sum();
        let x = if j == COLS - 1 {
            parts
        } else {
            vals[COLS - 1] - parts
        };
        vals[j] = x;
        vals
    }

    /// Calls `f` with every move from `st` (as a [`Step`]) and the state it leads to, in a
    /// fixed order (the second pass records each cell's first value index in that order).
    fn expand<F>(&mut self, st: &State, group: &mut Vec<Assigned>, mut f: F)
    where
        F: FnMut(Step, State),
    {
        let (i, r) = (st.i, st.r);
        // A loose number: matches a pending need of a row beside whose label it stands, or
        // waits as a spare.
        let cand = self.cand.get(i).copied().unwrap_or(0);
        if cand != 0 {
            if let Some(&v) = self.vals.get(i) {
                for (k, l) in st.pending.iter().enumerate() {
                    if let Loose::Need { v: nv, row, col } = self.loose(l) {
                        if nv == v && cand & Self::bit(usize::from(row)) != 0 {
                            let p = st.pending.without(k);
                            f(
                                Step::Match {
                                    row: usize::from(row),
                                    col: usize::from(col),
                                },
                                State {
                                    i: i + 1,
                                    pending: p,
                                    ..*st
                                },
                            );
                        }
                    }
                }
                if let Some(p) = st
                    .pending
                    .with(self.spare_code(i))
                    .filter(|p| p.len() <= self.lim.max_pending)
                {
                    f(
                        Step::Spare,
                        State {
                            i: i + 1,
                            pending: p,
                            ..*st
                        },
                    );
                }
            }
        }
        if r >= self.rows {
            return;
        }
        let sums = self.sums.get(st.sums);
        let next = |k: usize, pending: Pend, used: usize, sums: u32| State {
            i: i + used,
            r: r + k,
            pending,
            sums,
        };
        // `quiet(k)`: the `k` rows of `7·k` values at `i` are rows of zeros before （七）总计:
        // every row sums, and the sums stay as they are (zeros added to new + carried over
        // or to the outcomes, which then still do not exceed new + carried over: they did not
        // before, the values being non-negative), so [`Search::account`] would accept them
        // and the state keeps its sums index.
        let zeros = self.zeros.get(i).map_or(0, |&z| z as usize);
        let quiet = |k: usize| self.quiet && COLS * k <= zeros && r + k + 2 <= self.rows;
        // Whole row.
        if quiet(1) {
            f(Step::Whole, next(1, st.pending, COLS, st.sums));
        } else if let Some(w) = self.vals.get(i..i + COLS) {
            let mut vals = [0i64; COLS];
            vals.copy_from_slice(w);
            if row_ok(&vals) {
                if let Some(ns) = self.account(sums, &[(r, vals, [None; COLS])]) {
                    let id = self.sums.id_after(st.sums, &sums, ns);
                    f(Step::Whole, next(1, st.pending, COLS, id));
                }
            }
        }
        // Split row: six values here, the missing one computed from the row sum.
        if self.vals.get(i..i + COLS - 1).is_some() {
            let cols = if self.lim.any_column && r + 2 >= self.rows {
                COLS
            } else {
                1
            };
            for j in 0..cols {
                // (Six zeros before （七）总计: the row is zeros, its computed value 0.)
                let (x, id) = if self.quiet && COLS - 1 <= zeros && r + 2 < self.rows {
                    (0, st.sums)
                } else {
                    let vals = self.split_vals(i, j);
                    if !row_ok(&vals) {
                        continue;
                    }
                    let Some(ns) = self.account(sums, &[(r, vals, [None; COLS])]) else {
                        continue;
                    };
                    (vals[j], self.sums.id_after(st.sums, &sums, ns))
                };
                let bit = Self::bit(r);
                // Take a spare seen earlier …
                for (q, l) in st.pending.iter().enumerate() {
                    if let Loose::Spare { v, cand, at } = self.loose(l) {
                        if v == x && cand & bit != 0 {
                            let p = st.pending.without(q);
                            f(
                                Step::Split {
                                    j,
                                    at: Some(usize::from(at)),
                                },
                                next(1, p, COLS - 1, id),
                            );
                        }
                    }
                }
                // … or wait for one.
                if let Some(p) = st
                    .pending
                    .with(need_code(x, r, j))
                    .filter(|p| p.len() <= self.lim.max_pending)
                {
                    f(Step::Split { j, at: None }, next(1, p, COLS - 1, id));
                }
            }
        }
        // Column-major group of k rows: row j holds w[c·k + j] in column c.
        let mut sizes = self.group_sizes(i);
        while sizes != 0 {
            let k = sizes.trailing_zeros() as usize;
            sizes &= sizes - 1;
            if r + k > self.rows {
                break;
            }
            let Some(w) = self.vals.get(i..i + COLS * k) else {
                break;
            };
            if quiet(k) {
                f(Step::Group { k }, next(k, st.pending, COLS * k, st.sums));
                continue;
            }
            let ns = if r >= 2 && r + k + 2 <= self.rows {
                // Outcome rows only: the group adds its column sums to the outcome sums.
                let (n, mut s) = sums;
                let mut fits = true;
                for (c, sc) in s.iter_mut().enumerate() {
                    let from = i + c * k;
                    let sum = match (self.prefix.get(from), self.prefix.get(from + k)) {
                        (Some(a), Some(b)) => b - a,
                        _ => -1,
                    };
                    match sc.checked_add(sum) {
                        Some(x) if sum >= 0 && x <= n[c] => *sc = x,
                        _ => fits = false,
                    }
                }
                fits.then_some((n, s))
            } else {
                group.clear();
                for j in 0..k {
                    let vals: RowVals =
                        std::array::from_fn(|c| w.get(c * k + j).copied().unwrap_or(-1));
                    group.push((r + j, vals, [None; COLS]));
                }
                self.account(sums, group)
            };
            if let Some(ns) = ns {
                let id = self.sums.id_after(st.sums, &sums, ns);
                f(Step::Group { k }, next(k, st.pending, COLS * k, id));
            }
        }
    }

    /// The sizes `k` (bit `k`) for which the `7·k` values at `i` read column-major make `k`
    /// rows that each satisfy the row sum (computed once per position: states at one
    /// position share it).
    fn group_sizes(&self, i: usize) -> u64 {
        let Some(cell) = self.groups.get(i) else {
            return 0;
        };
        let known = cell.get();
        if known != UNKNOWN {
            return known;
        }
        let bits = self.group_sizes_at(i);
        cell.set(bits);
        bits
    }

    /// [`Search::group_sizes`] computed: the sizes inside the run of zeros at `i` set at once
    /// (their groups hold only zeros: every row sums; and the run's values exist), the larger
    /// ones tested one by one as [`Search::group_sizes_by_size`] (the oracle) tests every size.
    fn group_sizes_at(&self, i: usize) -> u64 {
        let Some(w) = self.vals.get(i..) else {
            return 0;
        };
        let most = self.lim.max_group.min(MAX_GROUP);
        let zeros = self.zeros.get(i).map_or(0, |&z| z as usize);
        // Sizes 2..=in_zeros: bits 2 to in_zeros (in_zeros ≤ 32).
        let in_zeros = most.min(zeros / COLS);
        let mut bits = if in_zeros >= 2 {
            (u64::MAX >> (63 - in_zeros)) & !3
        } else {
            0
        };
        // `pre[x]`: the sum of the values before `i + x` (`pre[COLS * k]` exists when
        // the `COLS * k` values of the group do).
        let pre = self.prefix.get(i..).unwrap_or(&[]);
        let p0 = pre.first().copied().unwrap_or(0);
        for k in (in_zeros + 1).max(2)..=most {
            let (Some(&p6), Some(&p7)) = (pre.get((COLS - 1) * k), pre.get(COLS * k)) else {
                break;
            };
            // The rows' 总计 values add up to the sum of their other cells: when the
            // group's last column's sum differs from the rest's, some row fails (the
            // prefix sums are exact: every value is below 2^40).
            if p6 - p0 != p7 - p6 {
                continue;
            }
            if Self::group_rows_sum(w, k) {
                bits |= 1 << k;
            }
        }
        bits
    }

    /// True when each row `j` of the group of `k` rows at the start of `w` (holding
    /// `w[c·k + j]` in column c) satisfies the row sum.
    fn group_rows_sum(w: &[i64], k: usize) -> bool {
        (0..k).all(|j| {
            let mut sum = 0i64;
            for c in 0..COLS - 1 {
                match w.get(c * k + j) {
                    Some(&x) if x >= 0 => sum += x,
                    _ => return false,
                }
            }
            w.get((COLS - 1) * k + j) == Some(&sum)
        })
    }

    /// The rows a step from `st` assigns, with the value index of each cell, into `out`; and
    /// the loose match it makes.
    #[cfg(test)]
    fn assigned(&self, (i, r): (usize, usize), step: Step, out: &mut Vec<Assigned>) -> Matched {
        out.clear();
        match step {
            Step::Match { row, col } => return Some((row, col, i)),
            Step::Spare => {}
            Step::Whole => {
                let vals: RowVals =
                    std::array::from_fn(|c| self.vals.get(i + c).copied().unwrap_or(-1));
                out.push((r, vals, std::array::from_fn(|c| Some(i + c))));
            }
            Step::Split { j, at } => {
                let vals = self.split_vals(i, j);
                let mut pos: RowPos = [None; COLS];
                let mut k = 0;
                for (c, p) in pos.iter_mut().enumerate() {
                    if c == j {
                        *p = at;
                    } else {
                        *p = Some(i + k);
                        k += 1;
                    }
                }
                out.push((r, vals, pos));
            }
            Step::Group { k } => {
                for j in 0..k {
                    let vals: RowVals = std::array::from_fn(|c| {
                        self.vals.get(i + c * k + j).copied().unwrap_or(-1)
                    });
                    out.push((r + j, vals, std::array::from_fn(|c| Some(i + c * k + j))));
                }
            }
        }
        None
    }

    /// Records the cells a step from `st` assigns and
    /// the loose match it makes: each cell's value joins the values seen for it, and its
    /// value index is kept when it is the cell's first.
    ///
    /// `zero_done[r]` is set once every cell of row `r` has a value index and has seen only
    /// 0 or more than one value: recording a 0 there changes nothing (`Seen::and(0)` keeps
    /// `One(0)` and `Many`, and the first value index stays), so the rows of a group (or a
    /// whole row) of zeros that are done are skipped. (Once set it stays true: values seen
    /// only grow to `Many`, value indexes are never taken back.)
    fn record(
        &self,
        (i, r): (usize, usize),
        step: Step,
        seen: &mut [[Seen; COLS]],
        first: &mut [RowPos],
        zero_done: &mut [bool],
    ) {
        let zeros = self.zeros.get(i).map_or(0, |&z| z as usize);
        let done = |seen: &[[Seen; COLS]], first: &[RowPos], r: usize| {
            seen.get(r).zip(first.get(r)).is_some_and(|(sv, fp)| {
                sv.iter().all(|x| matches!(x, Seen::One(0) | Seen::Many))
                    && fp.iter().all(Option::is_some)
            })
        };
        match step {
            Step::Whole if zeros >= COLS => {
                if zero_done.get(r).is_some_and(|d| !*d) {
                    for c in 0..COLS {
                        Self::put(seen, first, r, c, 0, Some(i + c));
                    }
                    if let Some(d) = zero_done.get_mut(r) {
                        *d = done(seen, first, r);
                    }
                }
                return;
            }
            Step::Group { k } if zeros >= COLS * k => {
                for j in 0..k {
                    if zero_done.get(r + j).is_some_and(|d| !*d) {
                        for c in 0..COLS {
                            Self::put(seen, first, r + j, c, 0, Some(i + c * k + j));
                        }
                        if let Some(d) = zero_done.get_mut(r + j) {
                            *d = done(seen, first, r + j);
                        }
                    }
                }
                return;
            }
            _ => {}
        }
        let mut put = |r: usize, c: usize, v: i64, p: Option<usize>| {
            Self::put(seen, first, r, c, v, p);
        };
        match step {
            Step::Match { row, col } => {
                if let Some(fp) = first.get_mut(row).and_then(|x| x.get_mut(col)) {
                    if fp.is_none() {
                        *fp = Some(i);
                    }
                }
            }
            Step::Spare => {}
            Step::Whole => {
                let w = self.vals.get(i..i + COLS).unwrap_or(&[]);
                for (c, &v) in w.iter().enumerate() {
                    put(r, c, v, Some(i + c));
                }
            }
            Step::Split { j, at } => {
                let vals = self.split_vals(i, j);
                let mut k = 0;
                for (c, &v) in vals.iter().enumerate() {
                    if c == j {
                        put(r, c, v, at);
                    } else {
                        put(r, c, v, Some(i + k));
                        k += 1;
                    }
                }
            }
            Step::Group { k } => {
                let w = self.vals.get(i..i + COLS * k).unwrap_or(&[]);
                for (x, &v) in w.iter().enumerate() {
                    // Value `x` of the group is row `x % k`'s cell in column `x / k`.
                    put(r + x % k, x / k, v, Some(i + x));
                }
            }
        }
    }

    /// Records value `v` at value index `p` for row `r`, column `c`.
    fn put(
        seen: &mut [[Seen; COLS]],
        first: &mut [RowPos],
        r: usize,
        c: usize,
        v: i64,
        p: Option<usize>,
    ) {
        if let (Some(sv), Some(fp)) = (
            seen.get_mut(r).and_then(|x| x.get_mut(c)),
            first.get_mut(r).and_then(|x| x.get_mut(c)),
        ) {
            *sv = sv.and(v);
            if fp.is_none() {
                *fp = p;
            }
        }
    }

    /// The home slot of a hash in the state table (its top bits, mixed).
    fn home(&self, hash: u64) -> usize {
        let bits = self.alive.len().trailing_zeros();
        let h = hash.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        usize::try_from(h.checked_shr(64 - bits).unwrap_or(0)).unwrap_or(0)
    }

    /// The node of the state of `key` (`Ok`), or the empty slot where it goes (`Err`).
    fn find(&self, key: &Key) -> Result<u32, usize> {
        let mask = self.alive.len().wrapping_sub(1);
        let mut slot = self.home(key.hash);
        // The table is never full, so an empty slot ends the probe.
        for _ in 0..self.alive.len() {
            match self.alive.get(slot).copied() {
                Some(0) | None => return Err(slot),
                Some(n) => {
                    let idx = n - 1;
                    if self
                        .states
                        .get(usize::try_from(idx).unwrap_or(usize::MAX))
                        .is_some_and(|s| s == key)
                    {
                        return Ok(idx);
                    }
                }
            }
            slot = (slot + 1) & mask;
        }
        Err(usize::MAX)
    }

    /// Doubles the state table.
    fn grow(&mut self) {
        let size = self.alive.len().max(8) * 2;
        self.alive = vec![0; size];
        let mask = size - 1;
        for (idx, key) in self.states.iter().enumerate() {
            let mut slot = self.home(key.hash);
            while self.alive.get(slot).is_some_and(|&n| n != 0) {
                slot = (slot + 1) & mask;
            }
            if let Some(x) = self.alive.get_mut(slot) {
                *x = u32::try_from(idx + 1).unwrap_or(u32::MAX);
            }
        }
    }

    /// The node of the state of `key` when it reaches a complete reading (`None` when it
    /// does not, or the effort limit was hit). `stack` holds the moves from the states being
    /// expanded and the states they lead to (each call pops its own); `live` the moves to
    /// live states found so far for the states being expanded (each call moves its own to
    /// `edges`); `group` is scratch for [`Search::expand`].
    fn reaches(
        &mut self,
        key: Key,
        stack: &mut Vec<(Step, Key)>,
        live: &mut Vec<(Step, u32)>,
        group: &mut Vec<Assigned>,
    ) -> Option<u32> {
        let st = key.st;
        let idx = match self.find(&key) {
            Ok(n) => {
                let live = self
                    .nodes
                    .get(usize::try_from(n).unwrap_or(usize::MAX))
                    .is_some_and(|x| x.live);
                return live.then_some(n);
            }
            Err(slot) => {
                self.effort += 1;
                if self.effort + self.dropped > self.lim.effort {
                    self.limit_hit = true;
                }
                if self.limit_hit {
                    return None;
                }
                let idx = self.nodes.len();
                if let Some(x) = self.alive.get_mut(slot) {
                    *x = u32::try_from(idx + 1).unwrap_or(u32::MAX);
                }
                self.nodes.push(Node {
                    i: st.i,
                    r: st.r,
                    live: false,
                    from: 0,
                    to: 0,
                });
                self.states.push(key);
                if self.states.len() * 2 > self.alive.len() {
                    self.grow();
                }
                idx
            }
        };
        let (live_now, from) = if st.i == self.vals.len() {
            (st.r == self.rows && st.pending.is_empty(), self.edges.len())
        } else if !self.prefilter && self.dead(&st) {
            // (With the prefilter, no doomed state gets here.)
            (false, self.edges.len())
        } else {
            let base = stack.len();
            let live_base = live.len();
            let keys = self.keys;
            if self.prefilter {
                self.expand(&st, group, |step, next| {
                    stack.push((step, Key { hash: 0, st: next }))
                });
                // Drop the moves to doomed states (they would be explored as not live, with
                // no moves), hash the others.
                let mut kept = base;
                for k in base..stack.len() {
                    let Some(&(step, next)) = stack.get(k) else {
                        break;
                    };
                    if self.doomed(&next.st) {
                        self.dropped += 1;
                    } else if let Some(slot) = stack.get_mut(kept) {
                        *slot = (step, Key::new(next.st, &keys));
                        kept += 1;
                    }
                }
                stack.truncate(kept);
            } else {
                self.expand(&st, group, |step, next| {
                    stack.push((step, Key::new(next, &keys)))
                });
            }
            // The moves are explored last first; their order is restored below.
            while stack.len() > base {
                let Some((step, next)) = stack.pop() else {
                    break;
                };
                if let Some(n) = self.reaches(next, stack, live, group) {
                    live.push((step, n));
                }
            }
            let from = self.edges.len();
            let any = live.len() > live_base;
            self.edges.extend(live.drain(live_base..).rev());
            (any, from)
        };
        let to = self.edges.len();
        if let Some(node) = self.nodes.get_mut(idx) {
            node.live = live_now;
            node.from = from;
            node.to = to;
        }
        live_now.then(|| u32::try_from(idx).unwrap_or(u32::MAX))
    }
}

/// The values a cell took in the readings seen so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seen {
    None,
    One(i64),
    Many,
}

impl Seen {
    /// With value `v` seen too.
    fn and(self, v: i64) -> Seen {
        match self {
            Seen::None => Seen::One(v),
            Seen::One(x) if x == v => self,
            _ => Seen::Many,
        }
    }
}

/// A cell every admissible reading agrees on: value and value index.
pub(crate) type CellOut = Option<(i64, Option<usize>)>;

/// The outcome of aligning table 3.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Aligned {
    /// Per row, per column: the value when every admissible reading agrees, with the index of
    /// the value it was read from.
    pub cells: Vec<[CellOut; COLS]>,
    /// True when some complete reading satisfies every rule.
    pub found: bool,
    /// The search hit a limit; `cells` is empty.
    pub limit_hit: bool,
}

impl Aligned {
    /// The reading of a search that found some complete reading: per cell, the value every
    /// admissible reading gave it (with where it was first read), or nothing when they differ.
    fn agreed(seen_vals: &[[Seen; COLS]], first_pos: &[RowPos]) -> Aligned {
        let cells = seen_vals
            .iter()
            .zip(first_pos)
            .map(|(sv, fp)| {
                std::array::from_fn(|c| match sv[c] {
                    Seen::One(v) => Some((v, fp[c])),
                    _ => None,
                })
            })
            .collect();
        Aligned {
            cells,
            found: true,
            limit_hit: false,
        }
    }
}

/// Aligns `vals` (and for each the rows it may be the loose value of, as a bit set) to `rows`
/// rows of seven columns. The values must lie in `0..2^40` (the reader takes counts up to
/// 10^12); with others there is no reading.
pub(crate) fn align(vals: &[i64], cand: &[u32], rows: usize, lim: Limits) -> Aligned {
    let empty = |limit_hit| Aligned {
        cells: Vec::new(),
        found: false,
        limit_hit,
    };
    if vals.len() != rows * COLS
        || !(5..=32).contains(&rows)
        || vals.iter().any(|v| !(0..MAX_VALUE).contains(v))
    {
        return empty(false);
    }
    // The search drops moves to doomed states as it finds them: those states have no moves
    // and are not live, so the live states, their moves and the order the moves are found in
    // are those of the search that explores them, and so are the cells. Only the effort count
    // differs: the exact count (distinct states explored, doomed ones included) is at most
    // the states explored plus the moves dropped, so when that stays within the limit the
    // exact search does not hit it either; otherwise the exact search decides.
    run(vals, cand, rows, lim, true)
        .unwrap_or_else(|| run(vals, cand, rows, lim, false).unwrap_or_else(|| empty(true)))
}

/// The search of [`align`] on valid input, dropping moves to doomed states when `prefilter`;
/// `None` when the effort count (with `prefilter`, the explored states plus the moves dropped)
/// exceeds the limit or, with `prefilter`, the start state is doomed.
fn run(vals: &[i64], cand: &[u32], rows: usize, lim: Limits, prefilter: bool) -> Option<Aligned> {
    run_with(vals, cand, rows, lim, prefilter, second)
}

/// The cells of the readings of a search: [`second`] (or, in the tests, its oracle).
type Collect = fn(&Search<'_>, Option<u32>, usize) -> Aligned;

/// [`run`] with the second pass `collect`.
fn run_with(
    vals: &[i64],
    cand: &[u32],
    rows: usize,
    lim: Limits,
    prefilter: bool,
    collect: Collect,
) -> Option<Aligned> {
    run_full(vals, cand, rows, lim, (prefilter, true), collect)
}

/// [`run_with`], the moves of rows of zeros taking the short way when `quiet` (see
/// [`Search::quiet`]; off only in the tests).
fn run_full(
    vals: &[i64],
    cand: &[u32],
    rows: usize,
    lim: Limits,
    (prefilter, quiet): (bool, bool),
    collect: Collect,
) -> Option<Aligned> {
    let mut b = Buffers::take();
    let (mut stack, mut live, mut group) = (
        std::mem::take(&mut b.stack),
        std::mem::take(&mut b.live),
        std::mem::take(&mut b.group),
    );
    stack.clear();
    live.clear();
    let mut s = setup(vals, cand, rows, lim, prefilter, b);
    s.quiet = quiet;
    let start = State {
        i: 0,
        r: 0,
        pending: Pend::EMPTY,
        sums: 0,
    };
    let start = Key::new(start, &s.keys);
    let out = if prefilter && s.doomed(&start.st) {
        None
    } else {
        let root = s.reaches(start, &mut stack, &mut live, &mut group);
        if s.limit_hit || s.effort + s.dropped > lim.effort {
            None
        } else {
            Some(collect(&s, root, rows))
        }
    };
    let mut b = s.release();
    b.stack = stack;
    b.live = live;
    b.group = group;
    b.give();
    out
}

/// The vectors of a search, kept per thread between searches (cleared, not freed: a
/// reader thread aligns many tables).
#[derive(Default)]
struct Buffers {
    cand_rank: Vec<u8>,
    cand_at: Vec<Vec<usize>>,
    suffix: Vec<i64>,
    prefix: Vec<i64>,
    groups: Vec<std::cell::Cell<u64>>,
    zeros: Vec<u32>,
    alive: Vec<u32>,
    states: Vec<Key>,
    nodes: Vec<Node>,
    edges: Vec<(Step, u32)>,
    sums: Option<Sums>,
    order: Vec<(u32, usize)>,
    stack: Vec<(Step, Key)>,
    live: Vec<(Step, u32)>,
    group: Vec<Assigned>,
}

thread_local! {
    static BUFFERS: std::cell::RefCell<Buffers> = std::cell::RefCell::new(Buffers::default());
}

impl Buffers {
    /// The thread's buffers (empty ones if another search holds them).
    fn take() -> Buffers {
        BUFFERS
            .try_with(|b| b.try_borrow_mut().map(|mut b| std::mem::take(&mut *b)))
            .ok()
            .and_then(Result::ok)
            .unwrap_or_default()
    }

    /// Gives the buffers back to the thread.
    fn give(self) {
        let _ = BUFFERS.try_with(|b| {
            if let Ok(mut b) = b.try_borrow_mut() {
                *b = self;
            }
        });
    }
}

fn setup<'a>(
    vals: &'a [i64],
    cand: &'a [u32],
    rows: usize,
    lim: Limits,
    prefilter: bool,
    mut b: Buffers,
) -> Search<'a> {
    let n = vals.len();
    // Per row, the value indexes that may be its loose value.
    b.cand_at.truncate(rows);
    for list in b.cand_at.iter_mut() {
        list.clear();
    }
    b.cand_at.resize_with(rows, Vec::new);
    for (k, &c) in cand.iter().enumerate() {
        let mut bits = c;
        while bits != 0 {
            let r = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            if let Some(list) = b.cand_at.get_mut(r) {
                list.push(k);
            }
        }
    }
    // Sums of the values after and before each index (saturating: never reached, as every
    // value is below 2^40).
    b.suffix.clear();
    b.suffix.resize(n + 1, 0);
    let mut acc = 0i64;
    for (k, v) in vals.iter().enumerate().rev() {
        acc = acc.saturating_add(*v);
        if let Some(x) = b.suffix.get_mut(k) {
            *x = acc;
        }
    }
    b.prefix.clear();
    b.prefix.push(0);
    let mut acc = 0i64;
    for v in vals {
        acc = acc.saturating_add(*v);
        b.prefix.push(acc);
    }
    // Only values with candidate rows become spares: only they are ranked.
    b.order.clear();
    b.order.extend(
        cand.iter()
            .take(n)
            .enumerate()
            .filter(|(_, &c)| c != 0)
            .map(|(k, &c)| (c, k)),
    );
    b.order.sort_unstable();
    b.cand_rank.clear();
    b.cand_rank.resize(n, 0);
    for (r, &(_, k)) in b.order.iter().enumerate() {
        if let Some(x) = b.cand_rank.get_mut(k) {
            *x = u8::try_from(r).unwrap_or(u8::MAX);
        }
    }
    b.groups.clear();
    b.groups.resize(n, std::cell::Cell::new(UNKNOWN));
    b.zeros.clear();
    b.zeros.resize(n, 0);
    let mut run = 0u32;
    for (k, v) in vals.iter().enumerate().rev() {
        run = if *v == 0 { run + 1 } else { 0 };
        if let Some(x) = b.zeros.get_mut(k) {
            *x = run;
        }
    }
    b.alive.clear();
    b.alive.resize(STATES_RESERVED * 2, 0);
    b.states.clear();
    b.nodes.clear();
    b.edges.clear();
    let sums = match b.sums.take() {
        Some(mut s) => {
            s.clear();
            s
        }
        None => Sums::new(),
    };
    Search {
        vals,
        cand,
        cand_at: b.cand_at,
        suffix: b.suffix,
        prefix: b.prefix,
        cand_rank: b.cand_rank,
        groups: b.groups,
        zeros: b.zeros,
        rows,
        lim,
        effort: 0,
        limit_hit: false,
        prefilter,
        dropped: 0,
        quiet: true,
        alive: b.alive,
        states: b.states,
        nodes: b.nodes,
        edges: b.edges,
        keys: FxBuild::random(),
        sums,
        order: b.order,
    }
}

impl Search<'_> {
    /// Its vectors, for the next search.
    fn release(self) -> Buffers {
        Buffers {
            cand_rank: self.cand_rank,
            cand_at: self.cand_at,
            suffix: self.suffix,
            prefix: self.prefix,
            groups: self.groups,
            zeros: self.zeros,
            alive: self.alive,
            states: self.states,
            nodes: self.nodes,
            edges: self.edges,
            sums: Some(self.sums),
            order: self.order,
            stack: Vec::new(),
            live: Vec::new(),
            group: Vec::new(),
        }
    }
}

fn second(s: &Search<'_>, root: Option<u32>, rows: usize) -> Aligned {
    let Some(root) = root else {
        return Aligned {
            cells: Vec::new(),
            found: false,
            limit_hit: false,
        };
    };
    // Second pass: every move between live states, once per state, in the order the moves
    // were found (last state first; a cell's first value index depends on that order).
    let mut seen_vals: Vec<[Seen; COLS]> = vec![[Seen::None; COLS]; rows];
    let mut first_pos: Vec<RowPos> = vec![[None; COLS]; rows];
    let mut zero_done = vec![false; rows];
    let mut visited = vec![false; s.nodes.len()];
    let mut recorded: FxSet<(usize, usize, usize)> = FxSet::with_hasher(FxBuild::random());
    let mut todo: Vec<u32> = vec![root];
    while let Some(n) = todo.pop() {
        let n = usize::try_from(n).unwrap_or(usize::MAX);
        match visited.get_mut(n) {
            Some(v) if !*v => *v = true,
            _ => continue,
        }
        let Some(&node) = s.nodes.get(n) else {
            continue;
        };
        let st = (node.i, node.r);
        for &(step, next) in s.edges.get(node.from..node.to).unwrap_or(&[]) {
            // A state already visited is not visited again, but the move to it counts.
            let push = visited
                .get(usize::try_from(next).unwrap_or(usize::MAX))
                .is_some_and(|v| !*v);
            // A group's rows and value indexes depend on the position only: record them once.
            if let Step::Group { k } = step {
                if !recorded.insert((st.0, st.1, k)) {
                    if push {
                        todo.push(next);
                    }
                    continue;
                }
            }
            s.record(st, step, &mut seen_vals, &mut first_pos, &mut zero_done);
            if push {
                todo.push(next);
            }
        }
    }
    Aligned::agreed(&seen_vals, &first_pos)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fast_path_cases;
    use proptest::prelude::*;

    const LIM: Limits = Limits {
        effort: 1_000_000,
        max_pending: 6,
        max_group: 6,
        any_column: true,
    };

    /// A consistent 7-row table (new, over, 3 outcome rows, total, forward).
    fn table() -> Vec<RowVals> {
        vec![
            [5, 1, 0, 0, 0, 0, 6],
            [1, 0, 0, 0, 0, 0, 1],
            [3, 1, 0, 0, 0, 0, 4],
            [0, 0, 0, 0, 0, 0, 0],
            [2, 0, 0, 0, 0, 0, 2],
            [5, 1, 0, 0, 0, 0, 6],
            [1, 0, 0, 0, 0, 0, 1],
        ]
    }

    fn run(vals: &[i64], loose: &[u32], rows: usize) -> Aligned {
        align(vals, loose, rows, LIM)
    }

    #[test]
    fn row_major_is_read() {
        let t = table();
        let vals: Vec<i64> = t.iter().flatten().copied().collect();
        let a = run(&vals, &vec![0; vals.len()], t.len());
        assert!(a.found);
        for (r, row) in t.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                assert_eq!(a.cells[r][c].map(|x| x.0), Some(*v));
            }
        }
    }

    #[test]
    fn column_major_group_is_read() {
        let t = table();
        let mut vals: Vec<i64> = t[..2].iter().flatten().copied().collect();
        for c in 0..COLS {
            for row in &t[2..5] {
                vals.push(row[c]);
            }
        }
        vals.extend(t[5..].iter().flatten());
        let a = run(&vals, &vec![0; vals.len()], t.len());
        assert!(a.found);
        for (r, row) in t.iter().enumerate() {
            for (c, want) in row.iter().enumerate() {
                if let Some((v, _)) = a.cells[r][c] {
                    assert_eq!(v, *want);
                }
            }
        }
        assert_eq!(a.cells[2][0].map(|x| x.0), Some(3));
    }

    #[test]
    fn loose_first_column_is_computed() {
        let t = table();
        // Row 2's 自然人 value (3) comes after row 3.
        let mut vals: Vec<i64> = t[..2].iter().flatten().copied().collect();
        let mut loose = vec![0; vals.len()];
        vals.extend(&t[2][1..]);
        vals.extend(&t[3]);
        loose.extend(vec![0; 13]);
        vals.push(3);
        loose.push(1 << 2);
        vals.extend(t[4..].iter().flatten());
        loose.extend(vec![0; 21]);
        let a = run(&vals, &loose, t.len());
        assert!(a.found);
        assert_eq!(a.cells[2][0], Some((3, Some(27))));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Codes of needed values order as the values (value, row, column) and stay below
        /// every spare's code.
        #[test]
        fn need_codes_order_as_their_values(
            a in (0i64..1 << 43, 0usize..32, 0usize..7),
            b in (0i64..1 << 43, 0usize..32, 0usize..7),
        ) {
            let (ca, cb) = (need_code(a.0, a.1, a.2), need_code(b.0, b.1, b.2));
            proptest::prop_assert_eq!(ca.cmp(&cb), a.cmp(&b));
            proptest::prop_assert!(ca & SPARE == 0);
        }
    }

    /// The second pass as it was (the oracle of [`second`]): each move's rows built by
    /// [`Search::assigned`], every cell of every row recorded.
    fn second_by_rows(s: &Search<'_>, root: Option<u32>, rows: usize) -> Aligned {
        let Some(root) = root else {
            return Aligned {
                cells: Vec::new(),
                found: false,
                limit_hit: false,
            };
        };
        let mut group = Vec::new();
        let mut seen_vals: Vec<[Seen; COLS]> = vec![[Seen::None; COLS]; rows];
        let mut first_pos: Vec<RowPos> = vec![[None; COLS]; rows];
        let mut visited = vec![false; s.nodes.len()];
        let mut recorded: FxSet<(usize, usize, usize)> = FxSet::with_hasher(FxBuild::random());
        let mut todo: Vec<u32> = vec![root];
        while let Some(n) = todo.pop() {
            let n = n as usize;
            match visited.get_mut(n) {
                Some(v) if !*v => *v = true,
                _ => continue,
            }
            let node = s.nodes[n];
            let st = (node.i, node.r);
            for &(step, next) in &s.edges[node.from..node.to] {
                let push = !visited[next as usize];
                if let Step::Group { k } = step {
                    if !recorded.insert((st.0, st.1, k)) {
                        if push {
                            todo.push(next);
                        }
                        continue;
                    }
                }
                let matched = s.assigned(st, step, &mut group);
                for (r, v, p) in &group {
                    for c in 0..COLS {
                        seen_vals[*r][c] = seen_vals[*r][c].and(v[c]);
                        if first_pos[*r][c].is_none() {
                            first_pos[*r][c] = p[c];
                        }
                    }
                }
                if let Some((r, c, at)) = matched {
                    if first_pos[r][c].is_none() {
                        first_pos[r][c] = Some(at);
                    }
                }
                if push {
                    todo.push(next);
                }
            }
        }
        Aligned::agreed(&seen_vals, &first_pos)
    }

    /// A stream with several readings: a consistent table of small values (many zeros and
    /// ones, so rows read whole, split and in column-major groups in many ways) whose rows
    /// come whole, in column-major groups, or with their 自然人 value moved beside their
    /// label; `cand` marks the values next to a row's label, plus some noise.
    fn ambiguous_stream() -> impl Strategy<Value = (Vec<i64>, Vec<u32>, usize)> {
        use proptest::prelude::*;
        (
            5usize..=9,
            proptest::collection::vec(proptest::collection::vec(0i64..2, 6), 9),
            proptest::collection::vec(0u8..6, 9),
            proptest::collection::vec(any::<u32>(), 63),
        )
            .prop_map(|(rows, parts, how, noise)| {
                let mk = |p: &[i64]| -> RowVals {
                    let mut r = [0i64; COLS];
                    r[..6].copy_from_slice(&p[..6]);
                    r[6] = p.iter().sum();
                    r
                };
                // Rows 0, 1: new and carried over; 2..rows-2 outcomes; then their total and
                // new + carried over − outcomes (carried over is made large enough).
                let mut t: Vec<RowVals> = vec![[0; COLS]; rows];
                for r in 2..rows - 2 {
                    t[r] = if how[r] == 5 {
                        [0; COLS]
                    } else {
                        mk(&parts[r])
                    };
                }
                let mut total = [0i64; COLS];
                for row in &t[2..rows - 2] {
                    for c in 0..COLS {
                        total[c] += row[c];
                    }
                }
                t[rows - 2] = total;
                t[0] = if how[0] == 5 {
                    [0; COLS]
                } else {
                    mk(&parts[0])
                };
                t[1] = total;
                for c in 0..COLS {
                    t[rows - 1][c] = t[0][c] + t[1][c] - total[c];
                }
                let mut vals = Vec::new();
                let mut cand = Vec::new();
                let mut r = 0;
                while r < rows {
                    let bit = 1u32 << r;
                    match how[r] {
                        // Two or three rows column-major.
                        0 | 3 if r + 2 < rows => {
                            let k = if how[r] == 0 { 2 } else { 3 };
                            for c in 0..COLS {
                                for row in &t[r..r + k] {
                                    vals.push(row[c]);
                                    cand.push(0);
                                }
                            }
                            r += k;
                            continue;
                        }
                        // 自然人 loose before the row.
                        1 => {
                            vals.push(t[r][0]);
                            cand.push(bit);
                            vals.extend(&t[r][1..]);
                            cand.extend([0; 6]);
                        }
                        // 自然人 loose after the row.
                        2 => {
                            vals.extend(&t[r][1..]);
                            cand.extend([0; 6]);
                            vals.push(t[r][0]);
                            cand.push(bit);
                        }
                        _ => {
                            vals.extend(&t[r]);
                            cand.push(bit);
                            cand.extend([0; 6]);
                        }
                    }
                    r += 1;
                }
                // Noise: a few more values may be loose for some rows.
                for (k, c) in cand.iter_mut().enumerate() {
                    let n = noise[k % noise.len()];
                    if n % 3 != 0 {
                        *c |= (n >> 8) & ((1 << rows) - 1);
                    }
                }
                (vals, cand, rows)
            })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(
            std::env::var("XXGK_SEARCH_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(128)
        ))]

        /// The search that drops moves to doomed states as it finds them gives the exact
        /// search's result (with the exact effort count), whatever the limit; and the second
        /// pass that skips the zero rows already settled gives what recording every row does.
        #[test]
        fn prefilter_and_second_pass_agree_with_the_exact_search(
            (vals, cand, rows) in ambiguous_stream(),
            effort in proptest::prop_oneof![1u64..40, 40u64..400, proptest::strategy::Just(1_000_000u64)],
            max_pending in 1usize..=6,
        ) {
            let lim = Limits { effort, max_pending, max_group: 6, any_column: true };
            // The oracle: no prefilter, the rows of zeros checked and looked up like the
            // others, the second pass by rows.
            let exact = run_full(&vals, &cand, rows, lim, (false, false), second_by_rows)
                .unwrap_or(Aligned { cells: Vec::new(), found: false, limit_hit: true });
            proptest::prop_assert_eq!(align(&vals, &cand, rows, lim), exact.clone());
            if let Some(fast) = run_with(&vals, &cand, rows, lim, true, second_by_rows) {
                proptest::prop_assert_eq!(fast, exact.clone());
            }
            if let Some(fast) = run_with(&vals, &cand, rows, lim, false, second) {
                proptest::prop_assert_eq!(fast, exact);
            }
        }

        /// The short way of the moves of rows of zeros (no sums check, the sums index kept)
        /// makes the moves, to the same states, that checking and looking up the sums makes:
        /// compared from every state the exact search explores, on streams with a run of
        /// zeros put anywhere (also over the totals, which rows of zeros may not take
        /// unchecked).
        #[test]
        fn quiet_moves_are_the_checked_moves(
            (vals, cand, rows) in ambiguous_stream(),
            zero_from in 0usize..70,
            zero_len in 0usize..70,
        ) {
            let mut vals = vals;
            for v in vals.iter_mut().skip(zero_from).take(zero_len) {
                *v = 0;
            }
            let lim = Limits { effort: 20_000, max_pending: 6, max_group: 6, any_column: true };
            let mut s = setup(&vals, &cand, rows, lim, false, Buffers::default());
            s.quiet = false;
            let start = Key::new(State { i: 0, r: 0, pending: Pend::EMPTY, sums: 0 }, &s.keys);
            let (mut stack, mut live, mut group) = (Vec::new(), Vec::new(), Vec::new());
            let _ = s.reaches(start, &mut stack, &mut live, &mut group);
            let states: Vec<State> = s.states.iter().map(|k| k.st).collect();
            for st in &states {
                let mut moves = [Vec::new(), Vec::new()];
                for (quiet, out) in [true, false].into_iter().zip(moves.iter_mut()) {
                    s.quiet = quiet;
                    s.expand(st, &mut group, |step, next| out.push(format!("{step:?} {next:?}")));
                }
                let [quiet, checked] = moves;
                proptest::prop_assert_eq!(quiet, checked);
            }
        }
    }

    impl Search<'_> {
        /// [`Search::group_sizes`] as it was computed (the oracle of
        /// [`Search::group_sizes_at`]): every size tested in turn.
        fn group_sizes_by_size(&self, i: usize) -> u64 {
            let Some(w) = self.vals.get(i..) else {
                return 0;
            };
            let mut bits = 0u64;
            let zeros = self.zeros.get(i).map_or(0, |&z| z as usize);
            let pre = self.prefix.get(i..).unwrap_or(&[]);
            let p0 = pre.first().copied().unwrap_or(0);
            for k in 2..=self.lim.max_group.min(MAX_GROUP) {
                let (Some(&p6), Some(&p7)) = (pre.get((COLS - 1) * k), pre.get(COLS * k)) else {
                    break;
                };
                if COLS * k <= zeros {
                    bits |= 1 << k;
                    continue;
                }
                if p6 - p0 != p7 - p6 {
                    continue;
                }
                let ok = Search::group_rows_sum(w, k);
                if ok {
                    bits |= 1 << k;
                }
            }
            bits
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(fast_path_cases()))]

        /// The group sizes set at once inside a run of zeros, the others tested, are those
        /// testing every size gives, at every position, for any bound on the group size, on
        /// streams of zeros, small values and column-major groups.
        #[test]
        fn group_sizes_at_is_every_size_tested(
            (vals, cand, rows) in ambiguous_stream(),
            zero_from in 0usize..200,
            zero_len in 0usize..240,
            max_group in 0usize..=40,
        ) {
            let mut vals = vals;
            for v in vals.iter_mut().skip(zero_from).take(zero_len) {
                *v = 0;
            }
            let lim = Limits { effort: 1, max_pending: 6, max_group, any_column: true };
            let s = setup(&vals, &cand, rows, lim, false, Buffers::default());
            for i in 0..=vals.len() + 1 {
                proptest::prop_assert_eq!(s.group_sizes_at(i), s.group_sizes_by_size(i), "at {}", i);
            }
        }
    }

    #[test]
    fn no_reading_without_the_right_count() {
        let a = run(&[1, 2, 3], &[0; 3], 7);
        assert!(!a.found);
        assert!(a.cells.is_empty());
    }
}
