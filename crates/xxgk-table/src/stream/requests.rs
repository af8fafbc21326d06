//! Table 3 from a token stream: align the numbers to the rows with the consistency rules.
//!
//! # The model
//!
//! The numbers of the table region, in stream order, are read as an interleaving of
//!
//! - a *main* sequence that visits the rows in template order, each row either
//!   - whole: its seven values in column order,
//!   - split: its values 商业企业 … 总计 (the first column, 自然人, sits elsewhere), or
//!   - in a *column-major group* of `k` consecutive rows: the 自然人 values of the `k` rows, then
//!     their 商业企业 values, … then their 总计 values;
//! - and *loose* numbers: the 自然人 values of split rows, which PDF extraction emits beside a
//!   row label, before or after the rest of the row. A loose number is always next to a word.
//!
//! A split row's 自然人 value is not read from its position but computed from the row sum
//! (总计 − the five other columns); the loose numbers must then be exactly those values. Every
//! row of a reading satisfies the row sum (rule 1); outcome sum and balance (rules 2, 3) are
//! checked on whole readings. The search enumerates the distinct value assignments of all
//! readings (memoized on stream position, row and the multiset of pending loose values), keeps
//! those satisfying every rule, and returns the cells that are equal in all of them.

use std::collections::HashMap;
use std::rc::Rc;

/// Columns of table 3.
pub(crate) const COLS: usize = 7;

/// Bounds of the search; see [`super::StreamOptions`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub effort: u64,
    pub max_pending: usize,
    pub max_group: usize,
    pub max_alternatives: usize,
    pub any_column: bool,
}

/// One row's values and the token index of each (`None`: computed, position found later).
type RowVals = [i64; COLS];

#[derive(Debug)]
enum Ev {
    Row {
        r: usize,
        vals: RowVals,
        pos: [Option<usize>; COLS],
    },
    Loose {
        pos: usize,
        val: i64,
    },
}

#[derive(Debug)]
struct Node {
    ev: Ev,
    next: Option<Rc<Node>>,
    hash: u64,
}

type Suffix = Option<Rc<Node>>;

fn hash_of(s: &Suffix) -> u64 {
    s.as_ref().map_or(0x9e37_79b9_7f4a_7c15, |n| n.hash)
}

fn mix(h: u64, x: u64) -> u64 {
    let mut z = h ^ x.wrapping_add(0x9e37_79b9_7f4a_7c15).wrapping_add(h << 6);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn cons(ev: Ev, next: Suffix) -> Suffix {
    let h = hash_of(&next);
    let hash = match &ev {
        Ev::Row { r, vals, .. } => vals
            .iter()
            .fold(mix(h, *r as u64), |a, v| mix(a, *v as u64)),
        Ev::Loose { .. } => h,
    };
    Some(Rc::new(Node { ev, next, hash }))
}

/// The row values of a suffix, in order (loose events skipped).
fn rows_of(s: &Suffix) -> Vec<(usize, RowVals)> {
    let mut out = Vec::new();
    let mut cur = s.clone();
    while let Some(n) = cur {
        if let Ev::Row { r, vals, .. } = &n.ev {
            out.push((*r, *vals));
        }
        cur = n.next.clone();
    }
    out
}

fn same_values(a: &Suffix, b: &Suffix) -> bool {
    hash_of(a) == hash_of(b) && rows_of(a) == rows_of(b)
}

/// Pending loose values: `need` (a split row's 自然人 value not yet seen, with its row) or
/// `spare` (a loose number seen before its row, with the rows whose labels stand next to it).
/// Kept sorted.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
struct Pending {
    need: Vec<(i64, u32)>,
    spare: Vec<(i64, u32)>,
}

impl Pending {
    fn len(&self) -> usize {
        self.need.len() + self.spare.len()
    }
    fn is_empty(&self) -> bool {
        self.need.is_empty() && self.spare.is_empty()
    }
    /// The states after split row `r` needs `v`: each spare it can take, or a new need.
    fn with_need(&self, v: i64, r: usize) -> Vec<Pending> {
        let bit = 1u32.checked_shl(r as u32).unwrap_or(0);
        let mut out = Vec::new();
        for (i, &(x, cand)) in self.spare.iter().enumerate() {
            if x == v && cand & bit != 0 && !self.spare.get(..i).unwrap_or(&[]).contains(&(x, cand))
            {
                let mut p = self.clone();
                p.spare.remove(i);
                out.push(p);
            }
        }
        if out.is_empty() {
            let mut p = self.clone();
            let e = (v, r as u32);
            let at = p.need.partition_point(|&x| x < e);
            p.need.insert(at, e);
            out.push(p);
        }
        out
    }
    /// The states after a loose number `v` next to the labels of rows `cand` (a bit set).
    fn with_loose(&self, v: i64, cand: u32) -> Vec<Pending> {
        let mut out = Vec::new();
        for (i, &(x, r)) in self.need.iter().enumerate() {
            if x == v && cand & 1u32.checked_shl(r).unwrap_or(0) != 0 {
                let mut p = self.clone();
                p.need.remove(i);
                out.push(p);
            }
        }
        let mut p = self.clone();
        let e = (v, cand);
        let at = p.spare.partition_point(|&x| x < e);
        p.spare.insert(at, e);
        out.push(p);
        out
    }
}

struct Search<'a> {
    vals: &'a [i64],
    /// Token index of each value.
    tok: &'a [usize],
    /// Rows (bit set) whose labels stand next to the number; 0: it cannot be loose.
    cand: &'a [u32],
    /// Per row, the last value index that may be its loose 自然人 value.
    last_cand: Vec<Option<usize>>,
    rows: usize,
    lim: Limits,
    effort: u64,
    limit_hit: bool,
    memo: HashMap<(usize, usize, Pending), Rc<Vec<Suffix>>>,
}

fn row_ok(v: &RowVals) -> bool {
    let parts: Option<i64> = v
        .get(..COLS - 1)
        .and_then(|p| p.iter().try_fold(0i64, |a, &x| a.checked_add(x)));
    v.iter().all(|&x| x >= 0) && parts == v.get(COLS - 1).copied()
}

impl Search<'_> {
    /// True when a pending value can no longer be matched: a need whose row has no loose
    /// candidate left, or a spare whose rows are all behind.
    fn dead(&self, i: usize, r: usize, p: &Pending) -> bool {
        let ahead = u32::MAX.checked_shl(r as u32).unwrap_or(0);
        p.spare.iter().any(|&(_, cand)| cand & ahead == 0)
            || p.need.iter().any(|&(_, row)| {
                self.last_cand
                    .get(row as usize)
                    .is_none_or(|&last| last.is_none_or(|l| l < i))
            })
    }

    fn push(&mut self, out: &mut Vec<Suffix>, seen: &mut HashMap<u64, Vec<usize>>, s: Suffix) {
        self.effort += 1;
        if self.effort > self.lim.effort {
            self.limit_hit = true;
        }
        let same = seen.entry(hash_of(&s)).or_default();
        if same
            .iter()
            .any(|&k| out.get(k).is_some_and(|o| same_values(o, &s)))
        {
            return;
        }
        same.push(out.len());
        if out.len() >= self.lim.max_alternatives {
            self.limit_hit = true;
            return;
        }
        out.push(s);
    }

    fn solve(&mut self, i: usize, r: usize, p: Pending) -> Rc<Vec<Suffix>> {
        let key = (i, r, p);
        if let Some(s) = self.memo.get(&key) {
            return s.clone();
        }
        let (i, r, p) = key;
        let mut out: Vec<Suffix> = Vec::new();
        let mut seen: HashMap<u64, Vec<usize>> = HashMap::new();
        if self.limit_hit || self.dead(i, r, &p) {
            return Rc::new(out);
        }
        let n = self.vals.len();
        if i == n {
            if r == self.rows && p.is_empty() {
                out.push(None);
            }
            let out = Rc::new(out);
            self.memo.insert((i, r, p), out.clone());
            return out;
        }
        // Loose number.
        let cand = self.cand.get(i).copied().unwrap_or(0);
        if cand != 0 {
            if let Some(&v) = self.vals.get(i) {
                for np in p.with_loose(v, cand) {
                    if np.len() > self.lim.max_pending {
                        continue;
                    }
                    let sub = self.solve(i + 1, r, np);
                    for s in sub.iter() {
                        let pos = self.tok.get(i).copied().unwrap_or(0);
                        self.push(
                            &mut out,
                            &mut seen,
                            cons(Ev::Loose { pos, val: v }, s.clone()),
                        );
                    }
                }
            }
        }
        if r < self.rows {
            // Whole row.
            if let Some(w) = self.vals.get(i..i + COLS) {
                let mut vals = [0i64; COLS];
                vals.copy_from_slice(w);
                if row_ok(&vals) {
                    let sub = self.solve(i + COLS, r + 1, p.clone());
                    let pos = std::array::from_fn(|c| self.tok.get(i + c).copied());
                    for s in sub.iter() {
                        self.push(
                            &mut out,
                            &mut seen,
                            cons(Ev::Row { r, vals, pos }, s.clone()),
                        );
                    }
                }
            }
            // Split row: six values here, the missing one (自然人, or any column when allowed)
            // computed from the row sum and pending as a loose number.
            if let Some(w) = self.vals.get(i..i + COLS - 1) {
                // Any column only for the last two rows, whose labels extraction may emit after
                // all the numbers.
                let cols = if self.lim.any_column && r + 2 >= self.rows {
                    COLS
                } else {
                    1
                };
                for j in 0..cols {
                    let mut vals = [0i64; COLS];
                    let mut pos: [Option<usize>; COLS] = [None; COLS];
                    let mut k = 0;
                    for c in 0..COLS {
                        if c != j {
                            vals[c] = w.get(k).copied().unwrap_or(-1);
                            pos[c] = self.tok.get(i + k).copied();
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
                    if !row_ok(&vals) {
                        continue;
                    }
                    for np in p.with_need(x, r) {
                        if np.len() > self.lim.max_pending {
                            continue;
                        }
                        let sub = self.solve(i + COLS - 1, r + 1, np);
                        for s in sub.iter() {
                            self.push(
                                &mut out,
                                &mut seen,
                                cons(Ev::Row { r, vals, pos }, s.clone()),
                            );
                        }
                    }
                }
            }
            // Column-major group of k rows.
            for k in 2..=self.lim.max_group {
                if r + k > self.rows {
                    break;
                }
                let Some(w) = self.vals.get(i..i + COLS * k) else {
                    break;
                };
                let mut group: Vec<(RowVals, [Option<usize>; COLS])> = Vec::with_capacity(k);
                let mut ok = true;
                for j in 0..k {
                    let vals: RowVals =
                        std::array::from_fn(|c| w.get(c * k + j).copied().unwrap_or(-1));
                    if !row_ok(&vals) {
                        ok = false;
                        break;
                    }
                    let pos = std::array::from_fn(|c| self.tok.get(i + c * k + j).copied());
                    group.push((vals, pos));
                }
                if !ok {
                    continue;
                }
                let sub = self.solve(i + COLS * k, r + k, p.clone());
                for s in sub.iter() {
                    let mut acc = s.clone();
                    for (j, (vals, pos)) in group.iter().enumerate().rev() {
                        acc = cons(
                            Ev::Row {
                                r: r + j,
                                vals: *vals,
                                pos: *pos,
                            },
                            acc,
                        );
                    }
                    self.push(&mut out, &mut seen, acc);
                }
            }
        }
        let out = Rc::new(out);
        self.memo.insert((i, r, p), out.clone());
        out
    }
}

/// A cell every admissible reading agrees on: value and token index.
pub(crate) type CellOut = Option<(i64, Option<usize>)>;

/// The outcome of aligning table 3.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Aligned {
    /// Per row, per column: the value when every admissible reading agrees, with its token index.
    pub cells: Vec<[CellOut; COLS]>,
    /// Number of distinct admissible readings (0: none fits).
    pub readings: usize,
    /// Readings satisfying the row sums only (before rules 2 and 3).
    pub row_readings: usize,
    /// The search hit a limit; `cells` is empty.
    pub limit_hit: bool,
}

/// Rules 2 and 3 on a complete reading of `rows` rows (the last two are （七）总计 and 四).
fn global_ok(rows: &[RowVals]) -> bool {
    let n = rows.len();
    if n < 5 {
        return false;
    }
    let (Some(total), Some(fwd), Some(new), Some(over)) =
        (rows.get(n - 2), rows.get(n - 1), rows.first(), rows.get(1))
    else {
        return false;
    };
    let outcome = rows.get(2..n - 2).unwrap_or(&[]);
    (0..COLS).all(|c| {
        let sum: i64 = outcome.iter().map(|r| r[c]).sum();
        let t = total[c];
        sum == t && new[c] + over[c] == t + fwd[c]
    })
}

/// Aligns `vals` (with token indices `tok`, and for each the rows it may be the loose 自然人
/// value of) to `rows` rows of seven columns.
pub(crate) fn align(
    vals: &[i64],
    tok: &[usize],
    cand: &[u32],
    rows: usize,
    lim: Limits,
) -> Aligned {
    let empty = |limit_hit, readings, row_readings| Aligned {
        cells: Vec::new(),
        readings,
        row_readings,
        limit_hit,
    };
    if vals.len() != rows * COLS || rows > 32 {
        return empty(false, 0, 0);
    }
    let mut s = Search {
        vals,
        tok,
        cand,
        last_cand: (0..rows)
            .map(|r| {
                let bit = 1u32.checked_shl(r as u32).unwrap_or(0);
                cand.iter().rposition(|&c| c & bit != 0)
            })
            .collect(),
        rows,
        lim,
        effort: 0,
        limit_hit: false,
        memo: HashMap::new(),
    };
    let all = s.solve(0, 0, Pending::default());
    if s.limit_hit {
        return empty(true, 0, 0);
    }
    let mut good: Vec<(Vec<RowVals>, &Suffix)> = Vec::new();
    for sfx in all.iter() {
        let rows_v: Vec<RowVals> = rows_of(sfx).into_iter().map(|(_, v)| v).collect();
        if rows_v.len() == rows && global_ok(&rows_v) {
            good.push((rows_v, sfx));
        }
    }
    let Some((first, rep)) = good.first() else {
        return empty(false, 0, all.len());
    };
    // Positions from the representative reading: computed 自然人 values take the loose numbers of
    // the same value in order.
    let mut pos: Vec<[Option<usize>; COLS]> = vec![[None; COLS]; rows];
    let mut loose: Vec<(usize, i64, bool)> = Vec::new();
    let mut cur = (*rep).clone();
    while let Some(n) = cur {
        match &n.ev {
            Ev::Row { r, pos: p, .. } => {
                if let Some(slot) = pos.get_mut(*r) {
                    *slot = *p;
                }
            }
            Ev::Loose { pos, val } => loose.push((*pos, *val, false)),
        }
        cur = n.next.clone();
    }
    for (r, row) in first.iter().enumerate() {
        if let Some(slot) = pos.get_mut(r) {
            for (c, v) in row.iter().enumerate() {
                if slot[c].is_none() {
                    if let Some(l) = loose.iter_mut().find(|l| !l.2 && l.1 == *v) {
                        l.2 = true;
                        slot[c] = Some(l.0);
                    }
                }
            }
        }
    }
    let cells = (0..rows)
        .map(|r| {
            std::array::from_fn(|c| {
                let v = first.get(r)?[c];
                let agree = good.iter().all(|(g, _)| g.get(r).map(|x| x[c]) == Some(v));
                agree.then(|| (v, pos.get(r).and_then(|p| p[c])))
            })
        })
        .collect();
    Aligned {
        cells,
        readings: good.len(),
        row_readings: all.len(),
        limit_hit: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIM: Limits = Limits {
        effort: 1_000_000,
        max_pending: 6,
        max_group: 6,
        max_alternatives: 64,
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
        let tok: Vec<usize> = (0..vals.len()).collect();
        align(vals, &tok, loose, rows, LIM)
    }

    #[test]
    fn row_major_is_read() {
        let t = table();
        let vals: Vec<i64> = t.iter().flatten().copied().collect();
        let a = run(&vals, &vec![0; vals.len()], t.len());
        assert_eq!(a.readings, 1);
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
        assert!(a.readings >= 1);
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
        assert_eq!(a.readings, 1);
        assert_eq!(a.cells[2][0], Some((3, Some(27))));
    }

    #[test]
    fn no_reading_without_the_right_count() {
        let a = run(&[1, 2, 3], &[0; 3], 7);
        assert_eq!(a.readings, 0);
        assert!(a.cells.is_empty());
    }
}
