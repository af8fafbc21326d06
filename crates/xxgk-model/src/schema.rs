//! Row and column ids of tables 2, 3 and 4 for both templates, with their official labels.
//!
//! Each table/template pair is a [`Schema`]: a marker type naming its row and column id types
//! and which (row, column) pairs exist. Because `gov2019` and `gov2021` have distinct row types,
//! a `gov2019`-only row such as `procurement` cannot be written into a `gov2021` table:
//!
//! ```compile_fail
//! use xxgk_model::{Table, schema::{ActiveDisclosure2021, ActiveDisclosure2019Row}};
//! let mut t = Table::<ActiveDisclosure2021>::new();
//! t.set(ActiveDisclosure2019Row::Procurement, todo!(), None); // type error
//! ```

use crate::id_enum;
use crate::ids::{TableKind, Template};
use std::fmt::Debug;
use std::hash::Hash;

/// Operations every row or column id type has (implemented by the id enums of this module).
pub trait Id:
    Copy + Eq + Ord + Hash + Debug + serde::Serialize + for<'de> serde::Deserialize<'de> + 'static
{
    /// Every id in printed order.
    fn all() -> &'static [Self];
    /// The canonical id string.
    fn id(self) -> &'static str;
    /// The official Chinese label.
    fn label_zh(self) -> &'static str;
    /// Looks an id up by its canonical string.
    fn parse_id(s: &str) -> Option<Self>;
    /// The position of the id in [`Id::all`].
    fn ordinal(self) -> usize {
        Self::all().iter().position(|x| *x == self).unwrap_or(0)
    }
    /// `"id":` (the id as a JSON key with its colon) when the type has it ready-made.
    #[doc(hidden)]
    fn json_key(self) -> Option<&'static str> {
        None
    }
}

macro_rules! impl_id {
    ($($t:ty),+) => {$(
        impl Id for $t {
            fn all() -> &'static [Self] { <$t>::ALL }
            fn id(self) -> &'static str { self.as_str() }
            fn label_zh(self) -> &'static str { self.label() }
            fn parse_id(s: &str) -> Option<Self> { <$t>::from_id(s) }
            fn ordinal(self) -> usize { <$t>::ordinal(self) }
            fn json_key(self) -> Option<&'static str> {
                <$t>::JSON_KEYS.get(<$t>::ordinal(self)).copied()
            }
        }
    )+};
}

/// One statistics table of one template: its row and column types and which cells exist.
pub trait Schema: Debug + Clone + Copy + PartialEq + Eq + Default + 'static {
    /// Row ids.
    type Row: Id;
    /// Column ids.
    type Col: Id;
    /// Which table this is.
    const KIND: TableKind;
    /// The template; `None` when the table is the same in both (table 4).
    const TEMPLATE: Option<Template>;
    /// True when the template has a cell at (row, col).
    fn has_cell(row: Self::Row, col: Self::Col) -> bool;
    /// True when the cell holds money (万元) and may be fractional.
    fn is_money(_row: Self::Row, _col: Self::Col) -> bool {
        false
    }
    /// True when the cell may be negative (本年增/减).
    fn may_be_negative(_row: Self::Row, _col: Self::Col) -> bool {
        false
    }
    /// The columns of `row`, in printed order.
    fn columns(row: Self::Row) -> Vec<Self::Col> {
        Self::Col::all()
            .iter()
            .copied()
            .filter(|c| Self::has_cell(row, *c))
            .collect()
    }
    /// Number of cells in a complete table.
    fn cell_count() -> usize {
        Self::Row::all()
            .iter()
            .map(|r| Self::columns(*r).len())
            .sum()
    }
}

// ---------------------------------------------------------------- table 2, gov2021

id_enum! {
    /// Rows of table 2 (`active_disclosure`) in `gov2021`.
    pub enum ActiveDisclosure2021Row {
        /// 规章
        Rules = ("rules", "规章"),
        /// 行政规范性文件
        NormativeDocuments = ("normative_documents", "行政规范性文件"),
        /// 行政许可
        Licensing = ("licensing", "行政许可"),
        /// 行政处罚
        Punishment = ("punishment", "行政处罚"),
        /// 行政强制
        Enforcement = ("enforcement", "行政强制"),
        /// 行政事业性收费
        Fees = ("fees", "行政事业性收费"),
    }
}

id_enum! {
    /// Columns of table 2 (`active_disclosure`) in `gov2021`.
    pub enum ActiveDisclosure2021Col {
        /// 本年制发件数
        Issued = ("issued", "本年制发件数"),
        /// 本年废止件数
        Repealed = ("repealed", "本年废止件数"),
        /// 现行有效件数
        InForce = ("in_force", "现行有效件数"),
        /// 本年处理决定数量
        Decisions = ("decisions", "本年处理决定数量"),
        /// 本年收费金额（单位：万元）
        Amount = ("amount", "本年收费金额（单位：万元）"),
    }
}

/// Table 2 of `gov2021`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ActiveDisclosure2021;

impl Schema for ActiveDisclosure2021 {
    type Row = ActiveDisclosure2021Row;
    type Col = ActiveDisclosure2021Col;
    const KIND: TableKind = TableKind::ActiveDisclosure;
    const TEMPLATE: Option<Template> = Some(Template::Gov2021);
    fn has_cell(row: Self::Row, col: Self::Col) -> bool {
        use ActiveDisclosure2021Col as C;
        use ActiveDisclosure2021Row as R;
        match row {
            R::Rules | R::NormativeDocuments => matches!(col, C::Issued | C::Repealed | C::InForce),
            R::Licensing | R::Punishment | R::Enforcement => col == C::Decisions,
            R::Fees => col == C::Amount,
        }
    }
    fn is_money(row: Self::Row, col: Self::Col) -> bool {
        row == ActiveDisclosure2021Row::Fees && col == ActiveDisclosure2021Col::Amount
    }
}

// ---------------------------------------------------------------- table 2, gov2019

id_enum! {
    /// Rows of table 2 (`active_disclosure`) in `gov2019`.
    pub enum ActiveDisclosure2019Row {
        /// 规章
        Rules = ("rules", "规章"),
        /// 规范性文件
        NormativeDocuments = ("normative_documents", "规范性文件"),
        /// 行政许可
        Licensing = ("licensing", "行政许可"),
        /// 其他对外管理服务事项
        OtherServices = ("other_services", "其他对外管理服务事项"),
        /// 行政处罚
        Punishment = ("punishment", "行政处罚"),
        /// 行政强制
        Enforcement = ("enforcement", "行政强制"),
        /// 行政事业性收费
        Fees = ("fees", "行政事业性收费"),
        /// 政府集中采购
        Procurement = ("procurement", "政府集中采购"),
    }
}

id_enum! {
    /// Columns of table 2 (`active_disclosure`) in `gov2019`.
    pub enum ActiveDisclosure2019Col {
        /// 本年新制作数量
        NewMade = ("new_made", "本年新制作数量"),
        /// 本年新公开数量
        NewPublished = ("new_published", "本年新公开数量"),
        /// 对外公开总数量
        TotalPublished = ("total_published", "对外公开总数量"),
        /// 上一年项目数量
        PreviousItems = ("previous_items", "上一年项目数量"),
        /// 本年增/减
        Change = ("change", "本年增/减"),
        /// 处理决定数量
        Decisions = ("decisions", "处理决定数量"),
        /// 采购项目数量
        Items = ("items", "采购项目数量"),
        /// 采购总金额
        Amount = ("amount", "采购总金额"),
    }
}

/// Table 2 of `gov2019`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ActiveDisclosure2019;

impl Schema for ActiveDisclosure2019 {
    type Row = ActiveDisclosure2019Row;
    type Col = ActiveDisclosure2019Col;
    const KIND: TableKind = TableKind::ActiveDisclosure;
    const TEMPLATE: Option<Template> = Some(Template::Gov2019);
    fn has_cell(row: Self::Row, col: Self::Col) -> bool {
        use ActiveDisclosure2019Col as C;
        use ActiveDisclosure2019Row as R;
        match row {
            R::Rules | R::NormativeDocuments => {
                matches!(col, C::NewMade | C::NewPublished | C::TotalPublished)
            }
            R::Licensing | R::OtherServices | R::Punishment | R::Enforcement => {
                matches!(col, C::PreviousItems | C::Change | C::Decisions)
            }
            R::Fees => matches!(col, C::PreviousItems | C::Change),
            R::Procurement => matches!(col, C::Items | C::Amount),
        }
    }
    fn is_money(row: Self::Row, col: Self::Col) -> bool {
        row == ActiveDisclosure2019Row::Procurement && col == ActiveDisclosure2019Col::Amount
    }
    fn may_be_negative(_row: Self::Row, col: Self::Col) -> bool {
        col == ActiveDisclosure2019Col::Change
    }
}

// ---------------------------------------------------------------- table 3

id_enum! {
    /// Columns of table 3 (`requests`), both templates.
    pub enum RequestsCol {
        /// 自然人
        NaturalPerson = ("natural_person", "自然人"),
        /// 法人或其他组织·商业企业
        CommercialEnterprise = ("commercial_enterprise", "商业企业"),
        /// 法人或其他组织·科研机构
        ResearchInstitution = ("research_institution", "科研机构"),
        /// 法人或其他组织·社会公益组织
        SocialWelfareOrg = ("social_welfare_org", "社会公益组织"),
        /// 法人或其他组织·法律服务机构
        LegalServiceOrg = ("legal_service_org", "法律服务机构"),
        /// 法人或其他组织·其他
        OtherOrg = ("other_org", "其他"),
        /// 总计
        Total = ("total", "总计"),
    }
}

impl RequestsCol {
    /// The six applicant columns whose sum is `total`.
    pub const PARTS: [RequestsCol; 6] = [
        RequestsCol::NaturalPerson,
        RequestsCol::CommercialEnterprise,
        RequestsCol::ResearchInstitution,
        RequestsCol::SocialWelfareOrg,
        RequestsCol::LegalServiceOrg,
        RequestsCol::OtherOrg,
    ];
}

macro_rules! requests_rows {
    ($(#[$meta:meta])* $name:ident { $($extra:tt)* }) => {
        id_enum! {
            $(#[$meta])*
            pub enum $name {
                /// 一、本年新收政府信息公开申请数量
                NewReceived = ("new_received", "一、本年新收政府信息公开申请数量"),
                /// 二、上年结转政府信息公开申请数量
                CarriedOver = ("carried_over", "二、上年结转政府信息公开申请数量"),
                /// 三（一）予以公开
                Granted = ("granted", "（一）予以公开"),
                /// 三（二）部分公开
                PartiallyGranted = ("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
                /// 三（三）1.属于国家秘密
                DeniedStateSecret = ("denied_state_secret", "1.属于国家秘密"),
                /// 三（三）2.其他法律行政法规禁止公开
                DeniedLawProhibited = ("denied_law_prohibited", "2.其他法律行政法规禁止公开"),
                /// 三（三）3.危及“三安全一稳定”
                DeniedThreeSafeties = ("denied_three_safeties", "3.危及“三安全一稳定”"),
                /// 三（三）4.保护第三方合法权益
                DeniedThirdParty = ("denied_third_party", "4.保护第三方合法权益"),
                /// 三（三）5.属于三类内部事务信息
                DeniedInternalAffairs = ("denied_internal_affairs", "5.属于三类内部事务信息"),
                /// 三（三）6.属于四类过程性信息
                DeniedProcessInfo = ("denied_process_info", "6.属于四类过程性信息"),
                /// 三（三）7.属于行政执法案卷
                DeniedEnforcementFile = ("denied_enforcement_file", "7.属于行政执法案卷"),
                /// 三（三）8.属于行政查询事项
                DeniedQueryMatter = ("denied_query_matter", "8.属于行政查询事项"),
                /// 三（四）1.本机关不掌握相关政府信息
                UnavailableNotHeld = ("unavailable_not_held", "1.本机关不掌握相关政府信息"),
                /// 三（四）2.没有现成信息需要另行制作
                UnavailableNeedsCreation = ("unavailable_needs_creation", "2.没有现成信息需要另行制作"),
                /// 三（四）3.补正后申请内容仍不明确
                UnavailableUnclear = ("unavailable_unclear", "3.补正后申请内容仍不明确"),
                /// 三（五）1.信访举报投诉类申请
                RejectedPetition = ("rejected_petition", "1.信访举报投诉类申请"),
                /// 三（五）2.重复申请
                RejectedDuplicate = ("rejected_duplicate", "2.重复申请"),
                /// 三（五）3.要求提供公开出版物
                RejectedPublication = ("rejected_publication", "3.要求提供公开出版物"),
                /// 三（五）4.无正当理由大量反复申请
                RejectedExcessive = ("rejected_excessive", "4.无正当理由大量反复申请"),
                /// 三（五）5.要求行政机关确认或重新出具已获取信息
                RejectedConfirmation = ("rejected_confirmation", "5.要求行政机关确认或重新出具已获取信息"),
                /// 三（六）其他处理 (the single row)
                OtherHandling = ("other_handling", "（六）其他处理"),
                $($extra)*
                /// 三（七）总计
                TotalProcessed = ("total_processed", "（七）总计"),
                /// 四、结转下年度继续办理
                CarriedForward = ("carried_forward", "四、结转下年度继续办理"),
            }
        }
    };
}

requests_rows! {
    /// Rows of table 3 (`requests`) in `gov2021`, including the single （六）其他处理 row some
    /// 2021+ reports still print.
    Requests2021Row {
        /// 三（六）1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请
        OtherNoCorrection = ("other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        /// 三（六）2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请
        OtherUnpaidFee = ("other_unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        /// 三（六）3.其他
        OtherOther = ("other_other", "3.其他"),
    }
}

requests_rows! {
    /// Rows of table 3 (`requests`) in `gov2019`.
    Requests2019Row {}
}

/// Row ids shared by both templates' table 3, for code that works on either.
pub trait RequestsRow: Id {
    /// 一、本年新收
    const NEW_RECEIVED: Self;
    /// 二、上年结转
    const CARRIED_OVER: Self;
    /// （七）总计
    const TOTAL_PROCESSED: Self;
    /// 四、结转下年度继续办理
    const CARRIED_FORWARD: Self;
    /// True for the outcome rows summed into （七）总计.
    fn is_outcome(self) -> bool;
    /// The printed parent group (三 / （三）不予公开 …) as a label, for display and matching.
    fn group_label(self) -> Option<&'static str>;
}

macro_rules! impl_requests_row {
    ($t:ident) => {
        impl RequestsRow for $t {
            const NEW_RECEIVED: Self = $t::NewReceived;
            const CARRIED_OVER: Self = $t::CarriedOver;
            const TOTAL_PROCESSED: Self = $t::TotalProcessed;
            const CARRIED_FORWARD: Self = $t::CarriedForward;
            fn is_outcome(self) -> bool {
                !matches!(
                    self,
                    $t::NewReceived | $t::CarriedOver | $t::TotalProcessed | $t::CarriedForward
                )
            }
            fn group_label(self) -> Option<&'static str> {
                let id = self.as_str();
                if id.starts_with("denied_") {
                    Some("（三）不予公开")
                } else if id.starts_with("unavailable_") {
                    Some("（四）无法提供")
                } else if id.starts_with("rejected_") {
                    Some("（五）不予处理")
                } else if id.starts_with("other_") && id != "other_handling" {
                    Some("（六）其他处理")
                } else if self.is_outcome() || self == $t::TotalProcessed {
                    Some("三、本年度办理结果")
                } else {
                    None
                }
            }
        }
    };
}
impl_requests_row!(Requests2021Row);
impl_requests_row!(Requests2019Row);

/// Table 3 of `gov2021`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Requests2021;

impl Schema for Requests2021 {
    type Row = Requests2021Row;
    type Col = RequestsCol;
    const KIND: TableKind = TableKind::Requests;
    const TEMPLATE: Option<Template> = Some(Template::Gov2021);
    fn has_cell(_row: Self::Row, _col: Self::Col) -> bool {
        true
    }
    /// A `gov2021` table prints either the single （六） row or its three sub-rows; a complete
    /// table is counted with the three sub-rows (175 cells).
    fn cell_count() -> usize {
        25 * 7
    }
}

/// Table 3 of `gov2019`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Requests2019;

impl Schema for Requests2019 {
    type Row = Requests2019Row;
    type Col = RequestsCol;
    const KIND: TableKind = TableKind::Requests;
    const TEMPLATE: Option<Template> = Some(Template::Gov2019);
    fn has_cell(_row: Self::Row, _col: Self::Col) -> bool {
        true
    }
}

// ---------------------------------------------------------------- table 4

id_enum! {
    /// Rows of table 4 (`review_litigation`), both templates.
    pub enum ReviewRow {
        /// 行政复议
        Review = ("review", "行政复议"),
        /// 行政诉讼·未经复议直接起诉
        LitigationDirect = ("litigation_direct", "行政诉讼·未经复议直接起诉"),
        /// 行政诉讼·复议后起诉
        LitigationAfterReview = ("litigation_after_review", "行政诉讼·复议后起诉"),
    }
}

id_enum! {
    /// Columns of table 4 (`review_litigation`), both templates.
    pub enum ReviewCol {
        /// 结果维持
        Upheld = ("upheld", "结果维持"),
        /// 结果纠正
        Corrected = ("corrected", "结果纠正"),
        /// 其他结果
        Other = ("other", "其他结果"),
        /// 尚未审结
        Pending = ("pending", "尚未审结"),
        /// 总计
        Total = ("total", "总计"),
    }
}

impl ReviewCol {
    /// The four columns whose sum is `total`.
    pub const PARTS: [ReviewCol; 4] = [
        ReviewCol::Upheld,
        ReviewCol::Corrected,
        ReviewCol::Other,
        ReviewCol::Pending,
    ];
}

/// Table 4, the same in both templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReviewLitigation;

impl Schema for ReviewLitigation {
    type Row = ReviewRow;
    type Col = ReviewCol;
    const KIND: TableKind = TableKind::ReviewLitigation;
    const TEMPLATE: Option<Template> = None;
    fn has_cell(_row: Self::Row, _col: Self::Col) -> bool {
        true
    }
}

impl_id!(
    ActiveDisclosure2021Row,
    ActiveDisclosure2021Col,
    ActiveDisclosure2019Row,
    ActiveDisclosure2019Col,
    RequestsCol,
    Requests2021Row,
    Requests2019Row,
    ReviewRow,
    ReviewCol
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_counts_match_the_spec() {
        assert_eq!(ActiveDisclosure2021::cell_count(), 10);
        // format.md says "twenty" but its own blocks add up to 6 + 6 + 6 + 2 + 2 = 22.
        assert_eq!(ActiveDisclosure2019::cell_count(), 22);
        assert_eq!(Requests2021::cell_count(), 175);
        assert_eq!(Requests2019::cell_count(), 161);
        assert_eq!(ReviewLitigation::cell_count(), 15);
        assert_eq!(Requests2019Row::ALL.len(), 23);
    }

    #[test]
    fn ids_round_trip_through_strings() {
        for r in Requests2021Row::ALL {
            assert_eq!(Requests2021Row::from_id(r.as_str()), Some(*r));
        }
        assert_eq!(Requests2019Row::from_id("other_other"), None);
        assert_eq!(
            Requests2021Row::OtherOther.group_label(),
            Some("（六）其他处理")
        );
        assert_eq!(
            Requests2021Row::OtherHandling.group_label(),
            Some("三、本年度办理结果")
        );
    }
}
