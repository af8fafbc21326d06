//! Random but consistent statistics tables, and [`check_rules`], the 勾稽关系 checker.

use super::rng::Rng;
use crate::schema::{
    ActiveDisclosure2019, ActiveDisclosure2019Col as C19, ActiveDisclosure2019Row as R19,
    ActiveDisclosure2021, ActiveDisclosure2021Col as C21, ActiveDisclosure2021Row as R21, Id,
    Requests2019, Requests2021, Requests2021Row, RequestsCol, RequestsRow, ReviewCol,
    ReviewLitigation, ReviewRow, Schema,
};
use crate::{ActiveDisclosure, Number, Report, Requests, Table, Tables, Template};

/// How the generated numbers look.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shape {
    /// Most cells non-zero (large, busy body) instead of the usual sparse table.
    pub dense: bool,
    /// A `gov2021` table 3 printing the single （六）其他处理 row.
    pub single_other_row: bool,
    /// Zero cells are printed blank (truth `null`).
    pub blank_zeros: bool,
}

fn n(v: i64) -> Option<Number> {
    Some(Number::from(v))
}

/// A money value in 万元 with two decimals, from a count of hundredths.
pub(crate) fn money(cents: i64) -> Option<Number> {
    Number::new(cents, 2)
}

fn set<S: Schema>(t: &mut Table<S>, r: S::Row, c: S::Col, v: Option<Number>) {
    // Only valid cells are ever set here; an error would be a bug caught by the tests.
    let _ = t.set(r, c, v);
}

/// Table 2, `gov2021`.
pub(crate) fn active_2021(rng: &mut Rng, shape: Shape) -> Table<ActiveDisclosure2021> {
    let mut t = Table::new();
    let d = shape.dense;
    let pz = if d { 0.1 } else { 0.55 };
    let issued = rng.sparse(if d { 0.3 } else { 0.8 }, 6);
    set(&mut t, R21::Rules, C21::Issued, n(issued));
    set(&mut t, R21::Rules, C21::Repealed, n(rng.sparse(0.85, 3)));
    set(
        &mut t,
        R21::Rules,
        C21::InForce,
        n(issued + rng.sparse(pz, 80)),
    );
    let issued = rng.sparse(pz / 2.0, if d { 300 } else { 40 });
    set(&mut t, R21::NormativeDocuments, C21::Issued, n(issued));
    set(
        &mut t,
        R21::NormativeDocuments,
        C21::Repealed,
        n(rng.sparse(pz, 60)),
    );
    set(
        &mut t,
        R21::NormativeDocuments,
        C21::InForce,
        n(issued + rng.sparse(pz / 3.0, 900)),
    );
    let big = if rng.chance(0.15) { 999_999 } else { 9_999 };
    set(
        &mut t,
        R21::Licensing,
        C21::Decisions,
        n(rng.sparse(pz / 2.0, big)),
    );
    set(
        &mut t,
        R21::Punishment,
        C21::Decisions,
        n(rng.sparse(pz, 99_999)),
    );
    set(
        &mut t,
        R21::Enforcement,
        C21::Decisions,
        n(rng.sparse(pz + 0.2, 999)),
    );
    set(
        &mut t,
        R21::Fees,
        C21::Amount,
        money(rng.sparse(pz, 5_000_000)),
    );
    t
}

/// Table 2, `gov2019`.
pub(crate) fn active_2019(rng: &mut Rng, shape: Shape) -> Table<ActiveDisclosure2019> {
    let mut t = Table::new();
    let pz = if shape.dense { 0.1 } else { 0.5 };
    for row in [R19::Rules, R19::NormativeDocuments] {
        let max = if row == R19::Rules { 5 } else { 120 };
        let made = rng.sparse(pz, max);
        let published = if rng.chance(0.7) {
            made
        } else {
            rng.range(0, made)
        };
        set(&mut t, row, C19::NewMade, n(made));
        set(&mut t, row, C19::NewPublished, n(published));
        set(
            &mut t,
            row,
            C19::TotalPublished,
            n(published + rng.sparse(pz, 10 * max)),
        );
    }
    for row in [
        R19::Licensing,
        R19::OtherServices,
        R19::Punishment,
        R19::Enforcement,
        R19::Fees,
    ] {
        let prev = rng.sparse(pz / 2.0, 900);
        set(&mut t, row, C19::PreviousItems, n(prev));
        let change = if rng.chance(0.5) {
            0
        } else {
            rng.range(-(prev.min(30)), 30)
        };
        set(&mut t, row, C19::Change, n(change));
        if row != R19::Fees {
            let big = if rng.chance(0.15) { 999_999 } else { 9_999 };
            set(&mut t, row, C19::Decisions, n(rng.sparse(pz, big)));
        }
    }
    let items = rng.sparse(pz, 900);
    set(&mut t, R19::Procurement, C19::Items, n(items));
    let amount = if items == 0 {
        0
    } else {
        rng.sparse(0.1, 9_000_000)
    };
    set(&mut t, R19::Procurement, C19::Amount, money(amount));
    t
}

/// Relative frequency of each outcome row of table 3 (by row id).
fn outcome_weight(id: &str, dense: bool) -> u64 {
    if dense {
        return match id {
            "granted" => 40,
            "unavailable_not_held" => 15,
            _ => 4,
        };
    }
    match id {
        "granted" => 60,
        "partially_granted" => 8,
        "denied_state_secret" => 1,
        "denied_law_prohibited" => 2,
        "denied_three_safeties" => 1,
        "denied_third_party" => 3,
        "denied_internal_affairs" => 3,
        "denied_process_info" => 4,
        "denied_enforcement_file" => 1,
        "denied_query_matter" => 3,
        "unavailable_not_held" => 25,
        "unavailable_needs_creation" => 5,
        "unavailable_unclear" => 4,
        "rejected_petition" => 3,
        "rejected_duplicate" => 4,
        "rejected_publication" => 1,
        "rejected_excessive" => 1,
        "rejected_confirmation" => 2,
        "other_handling" => 8,
        "other_no_correction" => 4,
        "other_unpaid_fee" => 1,
        "other_other" => 4,
        _ => 0,
    }
}

/// Table 3 for schema `S`, printing `rows` (in order). Every rule of format.md §5.3 holds.
fn requests<S>(rng: &mut Rng, shape: Shape, rows: &[S::Row]) -> Table<S>
where
    S: Schema<Col = RequestsCol>,
    S::Row: RequestsRow,
{
    let d = shape.dense;
    let scale: i64 = if d {
        rng.range(200, 3000)
    } else if rng.chance(0.2) {
        rng.range(50, 600)
    } else {
        rng.range(0, 40)
    };
    let outcomes: Vec<S::Row> = rows.iter().copied().filter(|r| r.is_outcome()).collect();
    let weights: Vec<u64> = outcomes.iter().map(|r| outcome_weight(r.id(), d)).collect();
    let wsum: u64 = weights.iter().sum::<u64>().max(1);
    // values[row index in `rows`][part column]
    let mut values = vec![[0i64; 6]; rows.len()];
    let idx = |want: S::Row| rows.iter().position(|r| *r == want);
    for (ci, _) in RequestsCol::PARTS.iter().enumerate() {
        let (pz, max) = match ci {
            0 => (if d { 0.0 } else { 0.1 }, scale),
            1 => (if d { 0.1 } else { 0.6 }, scale / 4 + 1),
            2 => (if d { 0.5 } else { 0.93 }, scale / 20 + 2),
            3 => (if d { 0.4 } else { 0.9 }, scale / 20 + 2),
            4 => (if d { 0.2 } else { 0.8 }, scale / 10 + 3),
            _ => (if d { 0.3 } else { 0.85 }, scale / 10 + 2),
        };
        let new = if max == 0 { 0 } else { rng.sparse(pz, max) };
        let carried = rng.sparse(if d { 0.3 } else { 0.75 }, new / 8 + 2);
        let avail = new + carried;
        let forward = if avail == 0 || rng.chance(if d { 0.3 } else { 0.7 }) {
            0
        } else {
            rng.range(0, (avail / 6).max(1).min(avail))
        };
        let processed = avail - forward;
        if let Some(i) = idx(S::Row::NEW_RECEIVED) {
            values[i][ci] = new;
        }
        if let Some(i) = idx(S::Row::CARRIED_OVER) {
            values[i][ci] = carried;
        }
        if let Some(i) = idx(S::Row::CARRIED_FORWARD) {
            values[i][ci] = forward;
        }
        if let Some(i) = idx(S::Row::TOTAL_PROCESSED) {
            values[i][ci] = processed;
        }
        // Distribute `processed` over the outcome rows: unit by unit for small counts, in
        // proportional chunks plus unit remainders for large ones.
        let mut left = processed;
        if processed > 400 {
            for (o, w) in outcomes.iter().zip(&weights) {
                let share = processed * (*w as i64) / (wsum as i64);
                let share = share * rng.range(70, 100) / 100;
                if let Some(i) = idx(*o) {
                    values[i][ci] += share;
                }
                left -= share;
            }
        }
        while left > 0 {
            let mut x = rng.below(wsum);
            for (o, w) in outcomes.iter().zip(&weights) {
                if x < *w {
                    if let Some(i) = idx(*o) {
                        values[i][ci] += 1;
                    }
                    break;
                }
                x -= *w;
            }
            left -= 1;
        }
    }
    let mut t = Table::new();
    for (row, vals) in rows.iter().zip(&values) {
        for (c, v) in RequestsCol::PARTS.iter().zip(vals) {
            set(&mut t, *row, *c, n(*v));
        }
        set(&mut t, *row, RequestsCol::Total, n(vals.iter().sum()));
    }
    t
}

/// Table 3, `gov2021` (with the three （六） sub-rows or the single old row).
pub(crate) fn requests_2021(rng: &mut Rng, shape: Shape) -> Table<Requests2021> {
    let rows = rows_2021(shape.single_other_row);
    requests::<Requests2021>(rng, shape, &rows)
}

/// The rows a `gov2021` table 3 prints.
pub(crate) fn rows_2021(single_other_row: bool) -> Vec<Requests2021Row> {
    use Requests2021Row as R;
    R::ALL
        .iter()
        .copied()
        .filter(|r| {
            let sub = matches!(r, R::OtherNoCorrection | R::OtherUnpaidFee | R::OtherOther);
            if single_other_row {
                !sub
            } else {
                *r != R::OtherHandling
            }
        })
        .collect()
}

/// Table 3, `gov2019`.
pub(crate) fn requests_2019(rng: &mut Rng, shape: Shape) -> Table<Requests2019> {
    let rows = crate::schema::Requests2019Row::ALL.to_vec();
    requests::<Requests2019>(rng, shape, &rows)
}

/// Table 4.
pub(crate) fn review(rng: &mut Rng, shape: Shape) -> Table<ReviewLitigation> {
    let mut t = Table::new();
    let (pz, max) = if shape.dense { (0.3, 40) } else { (0.8, 6) };
    for row in ReviewRow::ALL {
        let mut sum = 0;
        for col in ReviewCol::PARTS {
            let v = rng.sparse(pz, max);
            sum += v;
            set(&mut t, *row, col, n(v));
        }
        set(&mut t, *row, ReviewCol::Total, n(sum));
    }
    t
}

/// Replaces every zero cell by a blank (`null`).
pub(crate) fn blank_zeros<S: Schema>(t: &mut Table<S>) {
    let zeros: Vec<(S::Row, S::Col)> = t
        .cells()
        .filter(|(_, _, v)| *v == Some(Number::ZERO))
        .map(|(r, c, _)| (r, c))
        .collect();
    for (r, c) in zeros {
        set(t, r, c, None);
    }
}

/// All three tables for `template`.
pub(crate) fn tables(rng: &mut Rng, template: Template, shape: Shape) -> Tables {
    let mut tables = Tables::default();
    let mut review = review(&mut rng.fork(3), shape);
    if template == Template::Gov2019 {
        let mut a = active_2019(&mut rng.fork(1), shape);
        let mut r = requests_2019(&mut rng.fork(2), shape);
        if shape.blank_zeros {
            blank_zeros(&mut a);
            blank_zeros(&mut r);
        }
        tables.active_disclosure = Some(ActiveDisclosure::Gov2019(a));
        tables.requests = Some(Requests::Gov2019(r));
    } else {
        let mut a = active_2021(&mut rng.fork(1), shape);
        let mut r = requests_2021(&mut rng.fork(2), shape);
        if shape.blank_zeros {
            blank_zeros(&mut a);
            blank_zeros(&mut r);
        }
        tables.active_disclosure = Some(ActiveDisclosure::Gov2021(a));
        tables.requests = Some(Requests::Gov2021(r));
    }
    if shape.blank_zeros {
        blank_zeros(&mut review);
    }
    tables.review_litigation = Some(review);
    tables
}

// ---------------------------------------------------------------- checking

fn get<S: Schema>(t: &Table<S>, r: S::Row, c: S::Col) -> Option<Number> {
    t.get(r, c).flatten()
}

/// Sums the cells; `None` when one is blank or missing (rules that touch a blank are skipped).
fn sum<I: IntoIterator<Item = Option<Number>>>(cells: I) -> Option<Number> {
    cells
        .into_iter()
        .try_fold(Number::ZERO, |acc, v| acc.checked_add(v?))
}

fn check_requests<S>(t: &Table<S>, out: &mut Vec<String>)
where
    S: Schema<Col = RequestsCol>,
    S::Row: RequestsRow,
{
    let rows: Vec<S::Row> = S::Row::all()
        .iter()
        .copied()
        .filter(|r| t.has_row(*r))
        .collect();
    for row in &rows {
        let parts = sum(RequestsCol::PARTS.iter().map(|c| get(t, *row, *c)));
        let total = get(t, *row, RequestsCol::Total);
        if let (Some(p), Some(tot)) = (parts, total) {
            if p != tot {
                out.push(format!(
                    "requests row sum: {}: parts {p} != total {tot}",
                    row.id()
                ));
            }
        }
    }
    for col in RequestsCol::ALL {
        let outcome = sum(rows
            .iter()
            .filter(|r| r.is_outcome())
            .map(|r| get(t, *r, *col)));
        let processed = get(t, S::Row::TOTAL_PROCESSED, *col);
        if let (Some(o), Some(p)) = (outcome, processed) {
            if o != p {
                out.push(format!(
                    "requests outcome sum: {}: outcomes {o} != total_processed {p}",
                    col.id()
                ));
            }
        }
        let lhs = sum([
            get(t, S::Row::NEW_RECEIVED, *col),
            get(t, S::Row::CARRIED_OVER, *col),
        ]);
        let rhs = sum([processed, get(t, S::Row::CARRIED_FORWARD, *col)]);
        if let (Some(l), Some(r)) = (lhs, rhs) {
            if l != r {
                out.push(format!(
                    "requests balance: {}: new+carried_over {l} != processed+carried_forward {r}",
                    col.id()
                ));
            }
        }
    }
    for (r, c, v) in t.cells() {
        if let Some(v) = v {
            if v.is_negative() || !v.is_integer() {
                out.push(format!(
                    "requests domain: {}.{} = {v} is not a non-negative integer",
                    r.id(),
                    c.id()
                ));
            }
        }
    }
}

fn check_active<S: Schema>(t: &Table<S>, out: &mut Vec<String>) {
    for (r, c, v) in t.cells() {
        let Some(v) = v else { continue };
        if v.is_negative() && !S::may_be_negative(r, c) {
            out.push(format!(
                "active_disclosure domain: {}.{} = {v} is negative",
                r.id(),
                c.id()
            ));
        }
        if !v.is_integer() && !S::is_money(r, c) {
            out.push(format!(
                "active_disclosure domain: {}.{} = {v} is not an integer",
                r.id(),
                c.id()
            ));
        }
    }
}

/// Checks the consistency rules (勾稽关系) of `format.md` §5.3 (table 3: row sums, outcome sum,
/// balance, domain) and §6 (table 4: group totals, domain), plus the domain of table 2
/// (non-negative except 本年增/减, integers except money). Returns one message per violation;
/// empty means every rule holds.
///
/// A rule that touches a blank (`null`) or missing cell is skipped, not failed: a blank is not
/// silently a zero (see [`check_rules_blank_as_zero`] for the other reading).
///
/// ```
/// use xxgk_model::testkit::{check_rules, generate};
/// let synth = generate(42);
/// assert!(check_rules(&synth.report).is_empty());
/// ```
pub fn check_rules(report: &Report) -> Vec<String> {
    let mut out = Vec::new();
    match &report.tables.active_disclosure {
        Some(ActiveDisclosure::Gov2021(t)) => check_active(t, &mut out),
        Some(ActiveDisclosure::Gov2019(t)) => check_active(t, &mut out),
        None => {}
    }
    match &report.tables.requests {
        Some(Requests::Gov2021(t)) => check_requests(t, &mut out),
        Some(Requests::Gov2019(t)) => check_requests(t, &mut out),
        None => {}
    }
    if let Some(t) = &report.tables.review_litigation {
        for row in ReviewRow::ALL {
            let parts = sum(ReviewCol::PARTS.iter().map(|c| get(t, *row, *c)));
            if let (Some(p), Some(tot)) = (parts, get(t, *row, ReviewCol::Total)) {
                if p != tot {
                    out.push(format!(
                        "review_litigation total: {}: parts {p} != total {tot}",
                        row.id()
                    ));
                }
            }
        }
        for (r, c, v) in t.cells() {
            if let Some(v) = v {
                if v.is_negative() || !v.is_integer() {
                    out.push(format!(
                        "review_litigation domain: {}.{} = {v} is not a non-negative integer",
                        r.id(),
                        c.id()
                    ));
                }
            }
        }
    }
    out
}

fn fill_blanks<S: Schema>(t: &mut Table<S>) {
    let blanks: Vec<(S::Row, S::Col)> = t
        .cells()
        .filter(|(_, _, v)| v.is_none())
        .map(|(r, c, _)| (r, c))
        .collect();
    for (r, c) in blanks {
        set(t, r, c, Some(Number::ZERO));
    }
}

/// Like [`check_rules`], but reads every blank (`null`) cell as 0 first — the reading of a
/// report that prints zeros blank.
pub fn check_rules_blank_as_zero(report: &Report) -> Vec<String> {
    let mut r = Report {
        tables: report.tables.clone(),
        ..Report::default()
    };
    match &mut r.tables.active_disclosure {
        Some(ActiveDisclosure::Gov2021(t)) => fill_blanks(t),
        Some(ActiveDisclosure::Gov2019(t)) => fill_blanks(t),
        None => {}
    }
    match &mut r.tables.requests {
        Some(Requests::Gov2021(t)) => fill_blanks(t),
        Some(Requests::Gov2019(t)) => fill_blanks(t),
        None => {}
    }
    if let Some(t) = &mut r.tables.review_litigation {
        fill_blanks(t);
    }
    check_rules(&r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(dense: bool, single: bool) -> Shape {
        Shape {
            dense,
            single_other_row: single,
            blank_zeros: false,
        }
    }

    #[test]
    fn generated_tables_are_complete_and_consistent() {
        for seed in 0..300u64 {
            let mut rng = Rng::new(seed);
            let dense = seed % 3 == 0;
            let single = seed % 5 == 0;
            let tpl = if seed % 2 == 0 {
                Template::Gov2021
            } else {
                Template::Gov2019
            };
            let tables = tables(&mut rng, tpl, shape(dense, single));
            let report = Report {
                tables: tables.clone(),
                ..Report::default()
            };
            assert_eq!(check_rules(&report), Vec::<String>::new(), "seed {seed}");
            let a = tables.active_disclosure.as_ref().map_or(0, |t| t.len());
            let r = tables.requests.as_ref().map_or(0, |t| t.len());
            let expect_a = if tpl == Template::Gov2019 { 22 } else { 10 };
            let expect_r = match (tpl, single) {
                (Template::Gov2019, _) => 161,
                (_, true) => 23 * 7,
                _ => 175,
            };
            assert_eq!((a, r), (expect_a, expect_r), "seed {seed}");
            assert_eq!(tables.review_litigation.map_or(0, |t| t.len()), 15);
        }
    }

    #[test]
    fn checker_finds_a_broken_sum() {
        let mut rng = Rng::new(5);
        let mut t = requests_2021(&mut rng, shape(true, false));
        let v = get(&t, Requests2021Row::Granted, RequestsCol::NaturalPerson)
            .and_then(|v| v.checked_add(Number::from(1)));
        set(
            &mut t,
            Requests2021Row::Granted,
            RequestsCol::NaturalPerson,
            v,
        );
        let report = Report {
            tables: Tables {
                requests: Some(Requests::Gov2021(t)),
                ..Tables::default()
            },
            ..Report::default()
        };
        let errs = check_rules(&report);
        assert!(
            errs.iter().any(|e| e.contains("row sum: granted")),
            "{errs:?}"
        );
        assert!(errs
            .iter()
            .any(|e| e.contains("outcome sum: natural_person")));
    }

    #[test]
    fn blanks_skip_rules_or_read_as_zero() {
        let mut rng = Rng::new(9);
        let mut r = review(&mut rng, shape(false, false));
        blank_zeros(&mut r);
        assert!(r.cells().all(|(_, _, v)| v != Some(Number::ZERO)));
        let report = Report {
            tables: Tables {
                review_litigation: Some(r),
                ..Tables::default()
            },
            ..Report::default()
        };
        assert!(check_rules(&report).is_empty());
        assert!(check_rules_blank_as_zero(&report).is_empty());
    }
}
