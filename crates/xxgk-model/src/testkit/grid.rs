//! The printed form of the three tables, shared by every rendering: formatted cell texts and
//! the label hierarchy of table 3.

use super::Synthetic;
use crate::schema::{Id, RequestsCol, RequestsRow, ReviewCol, ReviewRow, Schema};
use crate::{ActiveDisclosure, Number, Requests, Table};

/// The text of one cell: blank for `null`, two decimals for money, an optional `+` on positive
/// changes.
pub(crate) fn fmt_value(v: Option<Number>, money: bool, plus: bool) -> String {
    let Some(v) = v else {
        return String::new();
    };
    if money {
        let (units, scale) = v.parts();
        let cents = match scale {
            0 => units.saturating_mul(100),
            1 => units.saturating_mul(10),
            _ => units,
        };
        if scale <= 2 {
            let sign = if cents < 0 { "-" } else { "" };
            let abs = cents.unsigned_abs();
            return format!("{sign}{}.{:02}", abs / 100, abs % 100);
        }
        return v.to_string();
    }
    if plus && !v.is_negative() && v != Number::ZERO {
        format!("+{v}")
    } else {
        v.to_string()
    }
}

/// The printed text of a cell: [`fmt_value`], with a blank cell printed as the style's
/// blank mark (`""`, `—`, `/`, `-` or `无`).
fn cell(s: &Synthetic, v: Option<Number>, money: bool, plus: bool) -> String {
    match v {
        None => s.style.blank_mark.to_string(),
        Some(_) => fmt_value(v, money, plus),
    }
}

/// One block of table 2 (第二十条第（…）项).
pub(crate) struct Block2 {
    /// 第二十条第（一）项 …
    pub title: &'static str,
    /// Column labels after 信息内容.
    pub header: Vec<&'static str>,
    /// (row label, cell texts)
    pub rows: Vec<(&'static str, Vec<String>)>,
}

fn block<S: Schema>(s: &Synthetic, t: &Table<S>, title: &'static str, rows: &[S::Row]) -> Block2 {
    let plus = s.style.plus_sign;
    let cols = rows.first().map(|r| S::columns(*r)).unwrap_or_default();
    Block2 {
        title,
        header: cols.iter().map(|c| c.label_zh()).collect(),
        rows: rows
            .iter()
            .map(|r| {
                let vals = S::columns(*r)
                    .into_iter()
                    .map(|c| {
                        cell(
                            s,
                            t.get(*r, c).flatten(),
                            S::is_money(*r, c),
                            plus && S::may_be_negative(*r, c),
                        )
                    })
                    .collect();
                (r.label_zh(), vals)
            })
            .collect(),
    }
}

/// Table 2 as printed blocks (empty when the report has no table 2).
pub(crate) fn table2(s: &Synthetic) -> Vec<Block2> {
    use crate::schema::{ActiveDisclosure2019Row as R19, ActiveDisclosure2021Row as R21};
    const B1: &str = "第二十条第（一）项";
    const B5: &str = "第二十条第（五）项";
    const B6: &str = "第二十条第（六）项";
    const B8: &str = "第二十条第（八）项";
    const B9: &str = "第二十条第（九）项";
    match &s.report.tables.active_disclosure {
        Some(ActiveDisclosure::Gov2021(t)) => vec![
            block(s, t, B1, &[R21::Rules, R21::NormativeDocuments]),
            block(s, t, B5, &[R21::Licensing]),
            block(s, t, B6, &[R21::Punishment, R21::Enforcement]),
            block(s, t, B8, &[R21::Fees]),
        ],
        Some(ActiveDisclosure::Gov2019(t)) => vec![
            block(s, t, B1, &[R19::Rules, R19::NormativeDocuments]),
            block(s, t, B5, &[R19::Licensing, R19::OtherServices]),
            block(s, t, B6, &[R19::Punishment, R19::Enforcement]),
            block(s, t, B8, &[R19::Fees]),
            block(s, t, B9, &[R19::Procurement]),
        ],
        None => Vec::new(),
    }
}

/// One printed row of table 3 with its label hierarchy.
#[derive(Debug, Clone)]
pub(crate) struct Row3 {
    /// Row id.
    #[allow(dead_code)] // read by the flattened rendering (column-major groups)
    pub id: &'static str,
    /// 三、本年度办理结果 for outcome rows and （七）总计.
    pub top: Option<&'static str>,
    /// （三）不予公开 … for numbered sub-rows.
    pub group: Option<&'static str>,
    /// The row's own label.
    pub leaf: &'static str,
    /// The seven cell texts.
    pub values: Vec<String>,
}

impl Row3 {
    /// The hierarchy joined with spaces (the pipe-table label).
    pub fn full_label(&self) -> String {
        [self.top, self.group, Some(self.leaf)]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The top-level outcome label of table 3.
pub(crate) const OUTCOMES: &str = "三、本年度办理结果";
/// The printed note in the top-left header cell of table 3.
pub(crate) const NOTE: &str =
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

fn rows3<S>(s: &Synthetic, t: &Table<S>) -> Vec<Row3>
where
    S: Schema<Col = RequestsCol>,
    S::Row: RequestsRow,
{
    S::Row::all()
        .iter()
        .filter(|r| t.has_row(**r))
        .map(|r| {
            let (top, group) = match r.group_label() {
                Some(OUTCOMES) => (Some(OUTCOMES), None),
                Some(g) => (Some(OUTCOMES), Some(g)),
                None => (None, None),
            };
            Row3 {
                id: r.id(),
                top,
                group,
                leaf: r.label_zh(),
                values: RequestsCol::ALL
                    .iter()
                    .map(|c| cell(s, t.get(*r, *c).flatten(), false, false))
                    .collect(),
            }
        })
        .collect()
}

/// Table 3 rows in printed order (empty when absent).
pub(crate) fn table3(s: &Synthetic) -> Vec<Row3> {
    match &s.report.tables.requests {
        Some(Requests::Gov2021(t)) => rows3(s, t),
        Some(Requests::Gov2019(t)) => rows3(s, t),
        None => Vec::new(),
    }
}

/// The 15 cell texts of table 4 in printed order (empty when absent).
pub(crate) fn table4(s: &Synthetic) -> Vec<String> {
    let Some(t) = &s.report.tables.review_litigation else {
        return Vec::new();
    };
    ReviewRow::ALL
        .iter()
        .flat_map(|r| {
            ReviewCol::ALL
                .iter()
                .map(move |c| cell(s, t.get(*r, *c).flatten(), false, false))
        })
        .collect()
}

/// The five result labels of table 4.
pub(crate) fn review_labels() -> Vec<&'static str> {
    ReviewCol::ALL.iter().map(|c| c.label()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_prints_two_decimals() {
        let n = |s: &str| s.parse::<Number>().ok();
        assert_eq!(fmt_value(n("280.5"), true, false), "280.50");
        assert_eq!(fmt_value(n("0"), true, false), "0.00");
        assert_eq!(fmt_value(n("12"), true, false), "12.00");
        assert_eq!(fmt_value(n("7"), false, true), "+7");
        assert_eq!(fmt_value(n("-7"), false, true), "-7");
        assert_eq!(fmt_value(None, false, false), "");
    }
}
