//! The consistency rules (勾稽关系) of tables 3 and 4 and the domain rules of every table
//! (format.md §5.3, §6).
//!
//! Two uses:
//! - **reporting**: [`check_requests`] / [`check_review`] / [`check_active`] list every rule the
//!   report *as printed* breaks, with the cells involved, so the caller can emit a
//!   [`Diagnostic`](xxgk_model::Diagnostic) with their spans;
//! - **choosing between readings** of damaged text: [`requests_consistent`] and
//!   [`review_consistent`] say whether a candidate reading breaks no checkable rule.
//!
//! Cells are read through an accessor `get(row, col) -> Option<Cell>`: `None` when the cell was
//! not read, `Some(None)` for a printed blank, `Some(Some(n))` for a number. With
//! [`Blanks::Skip`] a rule touching a blank or unread cell is not checked (and counted as
//! skipped); with [`Blanks::Zero`] blanks count as 0 (for choosing placements of vanished
//! cells in reports that leave zeros blank) while unread cells still skip the rule.
//!
//! ```
//! use xxgk_table::validate::{check_review, Blanks};
//! use xxgk_model::schema::{ReviewCol, ReviewRow};
//! use xxgk_model::{Code, Number};
//! // 行政复议: 3 + 1 + 0 + 0 printed with 总计 5.
//! let get = |r: ReviewRow, c: ReviewCol| match (r, c) {
//!     (ReviewRow::Review, ReviewCol::Upheld) => Some(Some(Number::from(3))),
//!     (ReviewRow::Review, ReviewCol::Corrected) => Some(Some(Number::from(1))),
//!     (ReviewRow::Review, ReviewCol::Total) => Some(Some(Number::from(5))),
//!     (ReviewRow::Review, _) => Some(Some(Number::from(0))),
//!     _ => None,
//! };
//! let report = check_review(&get, Blanks::Skip);
//! assert_eq!(report.violations.len(), 1);
//! assert_eq!(report.violations[0].code, Code::ReviewSumMismatch);
//! assert_eq!(report.violations[0].cells.len(), 5);
//! ```

use xxgk_model::schema::{Id, Requests2021Row, RequestsCol, RequestsRow, ReviewCol, ReviewRow};
use xxgk_model::{Cell, Code, Number};

/// How a rule treats blank cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blanks {
    /// A rule touching a blank is not checked.
    Skip,
    /// Blanks count as 0.
    Zero,
}

/// One broken rule: its code, a message, and the cells involved (row, column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation<R, C> {
    /// The diagnostic code (`RowSumMismatch`, `OutcomeSumMismatch`, …).
    pub code: Code,
    /// What is wrong, with the figures.
    pub message: String,
    /// The cells the rule involves.
    pub cells: Vec<(R, C)>,
}

/// The result of checking a table: the broken rules and the rule instances skipped because a
/// cell was blank (with the cells of each).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked<R, C> {
    /// Rules broken as printed.
    pub violations: Vec<Violation<R, C>>,
    /// Rule instances that touch a blank cell and were not checked.
    pub skipped: Vec<Vec<(R, C)>>,
}

impl<R, C> Default for Checked<R, C> {
    fn default() -> Self {
        Checked {
            violations: Vec::new(),
            skipped: Vec::new(),
        }
    }
}

/// Sums the cells for a rule; `Err(true)` when a blank stops the check, `Err(false)` when a cell
/// is unread or the sum overflows.
fn sum<R: Copy, C: Copy, G: Fn(R, C) -> Option<Cell> + ?Sized>(
    get: &G,
    cells: &[(R, C)],
    blanks: Blanks,
) -> Result<Number, bool> {
    let mut acc = Number::ZERO;
    for &(r, c) in cells {
        let v = match get(r, c) {
            None => return Err(false),
            Some(None) if blanks == Blanks::Skip => return Err(true),
            Some(None) => Number::ZERO,
            Some(Some(n)) => n,
        };
        acc = add(acc, v).ok_or(false)?;
    }
    Ok(acc)
}

/// [`Number::checked_add`], with integers (nearly every count) added as `i64` directly: for
/// two integers `checked_add` is exactly the `i64` sum, `None` on overflow.
fn add(a: Number, b: Number) -> Option<Number> {
    match (a.as_i64(), b.as_i64()) {
        (Some(x), Some(y)) => x.checked_add(y).map(Number::from),
        _ => a.checked_add(b),
    }
}

/// [`sum`] with integers summed as `i64` while every cell is one: `int(r, c)` is the cell's
/// value when it is an integer (`None` otherwise). At the first other cell the sum starts
/// again through [`sum`], so the result (and where an overflow, blank or unread cell stops it)
/// is exactly [`sum`]'s.
fn sum_ints<R: Copy, C: Copy, G, I>(
    get: &G,
    int: &I,
    cells: &[(R, C)],
    blanks: Blanks,
) -> Result<Number, bool>
where
    G: Fn(R, C) -> Option<Cell> + ?Sized,
    I: Fn(R, C) -> Option<i64>,
{
    let mut acc = 0i64;
    for &(r, c) in cells {
        let Some(v) = int(r, c) else {
            return sum(get, cells, blanks);
        };
        acc = acc.checked_add(v).ok_or(false)?;
    }
    Ok(Number::from(acc))
}

/// Checks `lhs` cells summing to `rhs` cells; `sum` sums cells as [`sum`] does.
fn equation<R: Copy + Id, C: Copy + Id, S: Fn(&[(R, C)]) -> Result<Number, bool>>(
    out: &mut Checked<R, C>,
    sum: &S,
    code: Code,
    what: &dyn Fn() -> String,
    lhs: &[(R, C)],
    rhs: &[(R, C)],
) {
    let all = || -> Vec<(R, C)> { lhs.iter().chain(rhs).copied().collect() };
    match (sum(lhs), sum(rhs)) {
        (Ok(a), Ok(b)) if a != b => {
            out.violations.push(Violation {
                code,
                message: format!("{}: {a} ≠ {b}", what()),
                cells: all(),
            });
        }
        (Err(true), _) | (_, Err(true)) => out.skipped.push(all()),
        _ => {}
    }
}

fn domain<R: Copy + Id, C: Copy + Id, G: Fn(R, C) -> Option<Cell> + ?Sized>(
    out: &mut Checked<R, C>,
    get: &G,
    cells: impl Iterator<Item = (R, C)>,
    may_be_negative: &dyn Fn(R, C) -> bool,
    is_money: &dyn Fn(R, C) -> bool,
) {
    for (r, c) in cells {
        let Some(Some(n)) = get(r, c) else { continue };
        if n.is_negative() && !may_be_negative(r, c) {
            out.violations.push(Violation {
                code: Code::NegativeValue,
                message: format!("{}.{} is negative ({n})", r.id(), c.id()),
                cells: vec![(r, c)],
            });
        }
        if !n.is_integer() && !is_money(r, c) {
            out.violations.push(Violation {
                code: Code::FractionalCount,
                message: format!("{}.{} is a count with a fraction ({n})", r.id(), c.id()),
                cells: vec![(r, c)],
            });
        }
    }
}

/// Checks table 3 (rows of the union type; `rows` are the rows the layout prints, e.g.
/// [`crate::labels::requests_rows`]): row sums, outcome sums, balance, domain.
pub fn check_requests(
    get: &dyn Fn(Requests2021Row, RequestsCol) -> Option<Cell>,
    rows: &[Requests2021Row],
    blanks: Blanks,
) -> Checked<Requests2021Row, RequestsCol> {
    check_requests_with(get, rows, blanks, true)
}

/// [`check_requests`]; `fast`: whether a whole, consistent table of non-negative integers is
/// recognised first (false only in tests, to check that the rules find nothing in it).
fn check_requests_with(
    get: &dyn Fn(Requests2021Row, RequestsCol) -> Option<Cell>,
    rows: &[Requests2021Row],
    blanks: Blanks,
    fast: bool,
) -> Checked<Requests2021Row, RequestsCol> {
    let mut out = Checked::default();
    let has = |r: Requests2021Row| rows.contains(&r);
    // Every rule reads cells of `rows` only, most of them several times. The integer cells are
    // read once through `get` and kept as `i64` (rows and columns by ordinal): nearly every
    // table read is whole, in non-negative integers, and consistent, and then no rule is broken
    // or skipped and the result is empty. This is checked first on the `i64` cells; anything
    // else (a blank, an unread cell, a fraction, a negative number, a broken rule) goes through
    // the rules below, which give the same empty result whenever this does. For them every
    // cell is read again through `get` into a dense table (the rows in the order of `rows`, the
    // columns by ordinal); a row outside `rows` (none today) is read through `get`.
    const NROWS: usize = Requests2021Row::ALL.len();
    const NCOLS: usize = RequestsCol::ALL.len();
    let mut ints = [None::<i64>; NROWS * NCOLS];
    for &r in rows {
        let Some(slots) = ints.get_mut(r.ordinal() * NCOLS..(r.ordinal() + 1) * NCOLS) else {
            continue;
        };
        for (slot, &c) in slots.iter_mut().zip(RequestsCol::ALL) {
            *slot = get(r, c).flatten().and_then(|n| n.as_i64());
        }
    }
    if fast && all_int_consistent(&ints, rows) {
        return out;
    }
    // The position of each row (by ordinal) in `rows`.
    let mut pos = [None::<usize>; NROWS];
    let mut table: Vec<Option<Cell>> = Vec::with_capacity(rows.len() * NCOLS);
    for (k, &r) in rows.iter().enumerate() {
        if let Some(p) = pos.get_mut(r.ordinal()) {
            p.get_or_insert(k);
        }
        table.extend(RequestsCol::ALL.iter().map(|&c| get(r, c)));
    }
    let cached = |r: Requests2021Row, c: RequestsCol| -> Option<Cell> {
        let slot = pos.get(r.ordinal()).copied().flatten();
        match slot.and_then(|k| table.get(k * NCOLS + c.ordinal())) {
            Some(v) => *v,
            None => get(r, c),
        }
    };
    let int = |r: Requests2021Row, c: RequestsCol| -> Option<i64> {
        ints.get(r.ordinal() * NCOLS + c.ordinal())
            .copied()
            .flatten()
    };
    let get = &cached;
    let sum = |cells: &[(Requests2021Row, RequestsCol)]| sum_ints(get, &int, cells, blanks);
    // 1. Row sums.
    for &r in rows {
        let parts = RequestsCol::PARTS.map(|c| (r, c));
        equation(
            &mut out,
            &sum,
            Code::RowSumMismatch,
            &|| format!("{} 总计 ≠ sum of its columns", r.id()),
            &parts,
            &[(r, RequestsCol::Total)],
        );
    }
    // 2. Outcome sums and 3. balance, per column.
    let outcomes: Vec<Requests2021Row> = rows.iter().copied().filter(|r| r.is_outcome()).collect();
    let mut parts: Vec<(Requests2021Row, RequestsCol)> = Vec::with_capacity(outcomes.len());
    for &c in RequestsCol::ALL {
        if has(Requests2021Row::TotalProcessed) && !outcomes.is_empty() {
            parts.clear();
            parts.extend(outcomes.iter().map(|r| (*r, c)));
            equation(
                &mut out,
                &sum,
                Code::OutcomeSumMismatch,
                &|| format!("（七）总计.{} ≠ sum of the outcome rows", c.id()),
                &parts,
                &[(Requests2021Row::TotalProcessed, c)],
            );
        }
        if [
            Requests2021Row::NewReceived,
            Requests2021Row::CarriedOver,
            Requests2021Row::TotalProcessed,
            Requests2021Row::CarriedForward,
        ]
        .into_iter()
        .all(has)
        {
            equation(
                &mut out,
                &sum,
                Code::BalanceMismatch,
                &|| {
                    format!(
                        "new + carried over ≠ processed + carried forward in {}",
                        c.id()
                    )
                },
                &[
                    (Requests2021Row::NewReceived, c),
                    (Requests2021Row::CarriedOver, c),
                ],
                &[
                    (Requests2021Row::TotalProcessed, c),
                    (Requests2021Row::CarriedForward, c),
                ],
            );
        }
    }
    // 4. Domain (a cell holding an integer of at least 0 breaks no domain rule).
    let cells = rows
        .iter()
        .flat_map(|r| RequestsCol::ALL.iter().map(move |c| (*r, *c)))
        .filter(|(r, c)| int(*r, *c).is_none_or(|v| v < 0));
    domain(&mut out, get, cells, &|_, _| false, &|_, _| false);
    out
}

/// The length of the `ints` table [`all_int_consistent`] reads (one slot per table-3 cell).
pub(crate) const REQUESTS_CELLS: usize = Requests2021Row::ALL.len() * RequestsCol::ALL.len();

/// True when every cell of `rows` is an integer of at least 0 in `ints` (rows and columns by
/// ordinal) and no rule of [`check_requests`] is broken: then its rules find nothing. A sum
/// that overflows breaks no rule there (the rule is not checked), and none here.
pub(crate) fn all_int_consistent(ints: &[Option<i64>], rows: &[Requests2021Row]) -> bool {
    const NCOLS: usize = RequestsCol::ALL.len();
    let total = RequestsCol::Total.ordinal();
    let parts = RequestsCol::PARTS.map(|c| c.ordinal());
    // The column sums of the outcome rows (`None` once one overflows), and the rows of the
    // balance.
    let mut outcomes = [Some(0i64); NCOLS];
    let (mut processed, mut new, mut over, mut forward) = (None, None, None, None);
    for &r in rows {
        let from = r.ordinal() * NCOLS;
        let Some(cells) = ints.get(from..from + NCOLS) else {
            return false;
        };
        // Every cell an integer >= 0 (no blank, unread cell, fraction or domain break).
        let mut vals = [0i64; NCOLS];
        for (v, c) in vals.iter_mut().zip(cells) {
            match c {
                Some(x) if *x >= 0 => *v = *x,
                _ => return false,
            }
        }
        let at = |c: usize| vals.get(c).copied();
        // The row's parts sum to its 总计.
        let mut acc = Some(0i64);
        for &c in &parts {
            acc = acc.and_then(|a| a.checked_add(at(c)?));
        }
        if acc.is_some_and(|a| Some(a) != at(total)) {
            return false;
        }
        if r.is_outcome() {
            for (s, v) in outcomes.iter_mut().zip(vals) {
                *s = s.and_then(|a| a.checked_add(v));
            }
        }
        match r {
            Requests2021Row::TotalProcessed => processed = Some(vals),
            Requests2021Row::NewReceived => new = Some(vals),
            Requests2021Row::CarriedOver => over = Some(vals),
            Requests2021Row::CarriedForward => forward = Some(vals),
            _ => {}
        }
    }
    if let Some(p) = processed {
        for (s, v) in outcomes.iter().zip(p) {
            if s.is_some_and(|a| a != v) {
                return false;
            }
        }
    }
    if let (Some(p), Some(n), Some(o), Some(f)) = (processed, new, over, forward) {
        for c in 0..NCOLS {
            let pair = |x: [i64; NCOLS], y: [i64; NCOLS]| x.get(c)?.checked_add(*y.get(c)?);
            if let (Some(a), Some(b)) = (pair(n, o), pair(p, f)) {
                if a != b {
                    return false;
                }
            }
        }
    }
    true
}

/// Checks table 4: each 总计 equals its four results; domain.
pub fn check_review(
    get: &dyn Fn(ReviewRow, ReviewCol) -> Option<Cell>,
    blanks: Blanks,
) -> Checked<ReviewRow, ReviewCol> {
    let mut out = Checked::default();
    for &r in ReviewRow::ALL {
        let parts = ReviewCol::PARTS.map(|c| (r, c));
        equation(
            &mut out,
            &|cells: &[(ReviewRow, ReviewCol)]| sum(get, cells, blanks),
            Code::ReviewSumMismatch,
            &|| format!("{} 总计 ≠ sum of its four results", r.id()),
            &parts,
            &[(r, ReviewCol::Total)],
        );
    }
    let cells = ReviewRow::ALL
        .iter()
        .flat_map(|r| ReviewCol::ALL.iter().map(move |c| (*r, *c)));
    domain(&mut out, get, cells, &|_, _| false, &|_, _| false);
    out
}

/// Checks table 2 of schema `S` (no arithmetic identity links its cells): domain only.
pub fn check_active<S: xxgk_model::schema::Schema>(
    get: &dyn Fn(S::Row, S::Col) -> Option<Cell>,
) -> Checked<S::Row, S::Col> {
    let mut out = Checked::default();
    let cells = S::Row::all()
        .iter()
        .flat_map(|r| S::columns(*r).into_iter().map(move |c| (*r, c)));
    domain(&mut out, get, cells, &S::may_be_negative, &S::is_money);
    out
}

/// True when a reading of table 3 breaks no checkable rule (blanks skip the rules they touch).
///
/// ```
/// use xxgk_table::validate::requests_consistent;
/// use xxgk_table::labels::requests_rows;
/// use xxgk_model::Number;
/// // An all-zero table is consistent; one cell off breaks its row sum.
/// let rows = requests_rows(true);
/// assert!(requests_consistent(&|_, _| Some(Some(Number::ZERO)), &rows));
/// let off = |r, c| Some(Some(Number::from(
///     i32::from(r == xxgk_model::schema::Requests2021Row::Granted
///         && c == xxgk_model::schema::RequestsCol::NaturalPerson))));
/// assert!(!requests_consistent(&off, &rows));
/// ```
pub fn requests_consistent(
    get: &dyn Fn(Requests2021Row, RequestsCol) -> Option<Cell>,
    rows: &[Requests2021Row],
) -> bool {
    check_requests(get, rows, Blanks::Skip)
        .violations
        .is_empty()
}

/// True when a reading of table 4 breaks no checkable rule.
pub fn review_consistent(get: &dyn Fn(ReviewRow, ReviewCol) -> Option<Cell>) -> bool {
    check_review(get, Blanks::Skip).violations.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::requests_rows;
    use std::collections::BTreeMap;

    #[test]
    fn requests_rules_find_each_break() {
        let rows = requests_rows(false);
        let mut t: BTreeMap<(Requests2021Row, RequestsCol), Cell> = BTreeMap::new();
        for r in &rows {
            for c in RequestsCol::ALL {
                t.insert((*r, *c), Some(Number::ZERO));
            }
        }
        let set = |t: &mut BTreeMap<_, _>, r, c, v: i64| {
            t.insert((r, c), Some(Number::from(v)));
        };
        use Requests2021Row as R;
        use RequestsCol as C;
        // A consistent table: 2 new, 2 granted.
        for (r, c) in [
            (R::NewReceived, C::NaturalPerson),
            (R::NewReceived, C::Total),
            (R::Granted, C::NaturalPerson),
            (R::Granted, C::Total),
            (R::TotalProcessed, C::NaturalPerson),
            (R::TotalProcessed, C::Total),
        ] {
            set(&mut t, r, c, 2);
        }
        let get = |t: &BTreeMap<_, Cell>| {
            let t = t.clone();
            move |r, c| t.get(&(r, c)).copied()
        };
        assert!(check_requests(&get(&t), &rows, Blanks::Skip)
            .violations
            .is_empty());
        // Carried forward 1 in one column: balance and row sum break.
        set(&mut t, R::CarriedForward, C::NaturalPerson, 1);
        let codes: Vec<Code> = check_requests(&get(&t), &rows, Blanks::Skip)
            .violations
            .iter()
            .map(|v| v.code)
            .collect();
        assert!(codes.contains(&Code::BalanceMismatch));
        assert!(codes.contains(&Code::RowSumMismatch));
        assert!(!codes.contains(&Code::OutcomeSumMismatch));
        // A blank skips the rules it touches with Skip, counts as 0 with Zero.
        t.insert((R::CarriedForward, C::NaturalPerson), None);
        let c = check_requests(&get(&t), &rows, Blanks::Skip);
        assert!(c.violations.is_empty());
        assert_eq!(c.skipped.len(), 2);
        assert!(check_requests(&get(&t), &rows, Blanks::Zero)
            .violations
            .is_empty());
        // Domain.
        set(&mut t, R::DeniedStateSecret, C::OtherOrg, -1);
        t.insert(
            (R::DeniedStateSecret, C::Total),
            Some("0.5".parse().unwrap()),
        );
        let codes: Vec<Code> = check_requests(&get(&t), &rows, Blanks::Skip)
            .violations
            .iter()
            .map(|v| v.code)
            .collect();
        assert!(codes.contains(&Code::NegativeValue));
        assert!(codes.contains(&Code::FractionalCount));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// `sum_ints` sums as `sum` does: same total, and the same stop (blank, unread cell or
        /// overflow) under both blank rules.
        #[test]
        fn sum_ints_is_sum(values in proptest::collection::vec(0usize..8, 0..8), zero in proptest::bool::ANY) {
            let pick = [
                None,
                Some(None),
                Some(Some(Number::ZERO)),
                Some(Some(Number::from(7))),
                Some(Some(Number::from(-3))),
                Some(Some(Number::from(i64::MAX))),
                Some(Some(Number::from(i64::MIN))),
                Some(Some("0.25".parse::<Number>().unwrap())),
            ];
            let cells: Vec<(usize, usize)> = (0..values.len()).map(|i| (i, 0)).collect();
            let get = |r: usize, _c: usize| pick[values[r]];
            let int = |r: usize, c: usize| get(r, c).flatten().and_then(|n| n.as_i64());
            let blanks = if zero { Blanks::Zero } else { Blanks::Skip };
            proptest::prop_assert_eq!(sum_ints(&get, &int, &cells, blanks), sum(&get, &cells, blanks));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Recognising a whole consistent table first changes nothing: tables built consistent
        /// (then some cells changed to blanks, unread cells, other values, negative numbers,
        /// fractions or values near overflow) give the same result with and without it.
        #[test]
        fn fast_path_is_the_rules(
            three in proptest::bool::ANY,
            zero in proptest::bool::ANY,
            seed in proptest::collection::vec(0i64..4, 64),
            edits in proptest::collection::vec((0usize..64, 0usize..8, 0usize..8), 0..3),
        ) {
            use Requests2021Row as R;
            use RequestsCol as C;
            let rows = requests_rows(three);
            let mut t: BTreeMap<(R, C), Cell> = BTreeMap::new();
            // Outcome rows and 结转下年度继续办理 from the seed, the rest derived so every rule holds.
            let mut k = 0;
            for r in &rows {
                if r.is_outcome() || *r == R::CarriedForward || *r == R::CarriedOver {
                    for c in RequestsCol::PARTS {
                        t.insert((*r, c), Some(Number::from(seed[k % seed.len()])));
                        k += 1;
                    }
                }
            }
            let v = |t: &BTreeMap<(R, C), Cell>, r, c| t.get(&(r, c)).copied().flatten().and_then(|n| n.as_i64()).unwrap_or(0);
            for c in RequestsCol::PARTS {
                let processed: i64 = rows.iter().filter(|r| r.is_outcome()).map(|r| v(&t, *r, c)).sum();
                t.insert((R::TotalProcessed, c), Some(Number::from(processed)));
                let new = processed + v(&t, R::CarriedForward, c) - v(&t, R::CarriedOver, c);
                t.insert((R::NewReceived, c), Some(Number::from(new)));
            }
            for r in &rows {
                let total: i64 = RequestsCol::PARTS.iter().map(|c| v(&t, *r, *c)).sum();
                t.insert((*r, C::Total), Some(Number::from(total)));
            }
            let pick = [
                None,
                Some(None),
                Some(Some(Number::ZERO)),
                Some(Some(Number::from(1))),
                Some(Some(Number::from(-2))),
                Some(Some(Number::from(i64::MAX))),
                Some(Some("0.5".parse::<Number>().unwrap())),
                Some(Some(Number::from(i64::MAX - 3))),
            ];
            let mut unread = Vec::new();
            for (i, j, p) in edits {
                let r = rows[i % rows.len()];
                let c = RequestsCol::ALL[j % RequestsCol::ALL.len()];
                match pick[p] {
                    None => unread.push((r, c)),
                    Some(x) => { t.insert((r, c), x); }
                }
            }
            let get = |r, c| if unread.contains(&(r, c)) { None } else { t.get(&(r, c)).copied() };
            let blanks = if zero { Blanks::Zero } else { Blanks::Skip };
            proptest::prop_assert_eq!(
                check_requests_with(&get, &rows, blanks, true),
                check_requests_with(&get, &rows, blanks, false)
            );
        }
    }

    #[test]
    fn active_domain_allows_signed_change_and_money() {
        use xxgk_model::schema::{
            ActiveDisclosure2019, ActiveDisclosure2019Col as C, ActiveDisclosure2019Row as R,
        };
        let get = |r: R, c: C| -> Option<Cell> {
            match (r, c) {
                (R::Licensing, C::Change) => Some(Some(Number::from(-3))),
                (R::Procurement, C::Amount) => Some(Some("12.5".parse().unwrap())),
                (R::Rules, C::NewMade) => Some(Some(Number::from(-1))),
                _ => None,
            }
        };
        let v = check_active::<ActiveDisclosure2019>(&get).violations;
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].cells, vec![(R::Rules, C::NewMade)]);
    }
}
