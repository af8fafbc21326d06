//! Diagnostics: what a layer noticed about a report, with a stable code and a span.
//!
//! # Codes
//!
//! Every diagnostic has a stable [`Code`]; its JSON form is the snake_case id below. Codes are
//! never renamed or reused; new ones are added at the end of their group.
//!
//! | code | layer | default severity | meaning |
//! |---|---|---|---|
//! | `encoding_guessed` | decode | info | no BOM or declaration: the encoding was detected from the bytes |
//! | `invalid_bytes` | decode | warning | bytes invalid in the encoding were replaced by U+FFFD |
//! | `traditional_converted` | normalize | info | Traditional script was converted to Simplified |
//! | `domain_correction` | normalize | info | a conversion artefact of this domain was corrected (答覆 → 答复) |
//! | `page_marker_removed` | normalize | info | a PDF page number or running header/footer was removed |
//! | `boilerplate_removed` | normalize | info | web or document-library wrapper text was removed |
//! | `mojibake_repaired` | normalize | warning | a run of mis-decoded text was re-decoded |
//! | `mojibake_unrepaired` | normalize | warning | a run looks mis-decoded but no repair was plausible |
//! | `section_missing` | segment | warning | one of the six sections was not found |
//! | `section_duplicate` | segment | warning | a section heading occurs twice |
//! | `section_out_of_order` | segment | warning | section headings are not in template order |
//! | `title_missing` | segment | info | no title line was found |
//! | `agency_missing` | segment | warning | no agency could be determined |
//! | `agency_ambiguous` | segment | warning | several candidate agencies disagree; the best is used |
//! | `year_missing` | segment | warning | the report year could not be determined |
//! | `year_ambiguous` | segment | warning | several candidate years disagree; the best is used |
//! | `template_uncertain` | segment | info | the template was decided by the year alone |
//! | `template_mixed` | table | warning | labels of both templates appear |
//! | `template_year_mismatch` | segment | info | the template differs from what the year suggests |
//! | `table_missing` | table | info | a section that should hold a table has none, or none of its cells could be read with certainty |
//! | `cell_unreadable` | table | warning | a cell's text is not a number |
//! | `cell_ambiguous` | table | warning | several readings fit; the cell is left out |
//! | `row_unmatched` | table | warning | a table row label matched no template row |
//! | `unit_converted` | table | info | a money cell printed in another unit was converted to 万元 |
//! | `stream_unresolved` | table | warning | a flattened table could not be aligned to the template |
//! | `search_limit` | table | warning | the alignment search hit its effort limit |
//! | `prose_figures` | table | info | figures were read from sentences, not from a table |
//! | `row_sum_mismatch` | check | error | a row's 总计 is not the sum of its columns (as printed) |
//! | `outcome_sum_mismatch` | check | error | （七）总计 is not the sum of the outcome rows (as printed) |
//! | `balance_mismatch` | check | error | new + carried over ≠ processed + carried forward (as printed) |
//! | `review_sum_mismatch` | check | error | a table-4 总计 is not the sum of its four results (as printed) |
//! | `negative_value` | check | error | a count is negative |
//! | `fractional_count` | check | error | a count has a fractional part |
//! | `blank_in_rule` | check | info | a consistency rule was skipped because a cell is blank |
//! | `carry_mismatch` | across years | warning | last year's carried_forward ≠ this year's carried_over |
//! | `year_gap` | across years | info | an agency has reports for years around a missing one |
//! | `limit_exceeded` | any | error | an input limit was hit; the rest was not read |

use crate::span::Span;
use serde::{Deserialize, Serialize};

crate::id_enum! {
    /// How serious a diagnostic is.
    pub enum Severity {
        /// Something was done to the text that a reader may want to know (a conversion, a repair).
        Info = ("info", "提示"),
        /// Something may be wrong or missing in what was parsed.
        Warning = ("warning", "警告"),
        /// The report itself breaks a rule of its template, or parsing stopped at a limit.
        Error = ("error", "错误"),
    }
}

macro_rules! codes {
    ($( $(#[$m:meta])* $v:ident = ($id:literal, $sev:ident, $desc:literal), )+) => {
        crate::id_enum! {
            /// Stable diagnostic codes (see the [module documentation](self) for the table).
            pub enum Code {
                $( $(#[$m])* $v = ($id, $desc), )+
            }
        }
        impl Code {
            /// The severity a diagnostic with this code has unless its producer says otherwise.
            pub const fn default_severity(self) -> Severity {
                match self { $( Code::$v => Severity::$sev, )+ }
            }
            /// A one-line description of the code.
            pub const fn description(self) -> &'static str {
                self.label()
            }
        }
    };
}

codes! {
    /// Encoding detected from the bytes.
    EncodingGuessed = ("encoding_guessed", Info, "no BOM or declaration: the encoding was detected from the bytes"),
    /// Invalid bytes replaced.
    InvalidBytes = ("invalid_bytes", Warning, "bytes invalid in the encoding were replaced by U+FFFD"),
    /// Traditional → Simplified.
    TraditionalConverted = ("traditional_converted", Info, "Traditional script was converted to Simplified"),
    /// Domain correction after conversion.
    DomainCorrection = ("domain_correction", Info, "a conversion artefact of this domain was corrected"),
    /// PDF page marker or running head removed.
    PageMarkerRemoved = ("page_marker_removed", Info, "a PDF page number or running header/footer was removed"),
    /// Site wrapper removed.
    BoilerplateRemoved = ("boilerplate_removed", Info, "web or document-library wrapper text was removed"),
    /// Mojibake repaired.
    MojibakeRepaired = ("mojibake_repaired", Warning, "a run of mis-decoded text was re-decoded"),
    /// Mojibake detected but not repaired.
    MojibakeUnrepaired = ("mojibake_unrepaired", Warning, "a run looks mis-decoded but no repair was plausible"),
    /// Section not found.
    SectionMissing = ("section_missing", Warning, "one of the six sections was not found"),
    /// Section heading twice.
    SectionDuplicate = ("section_duplicate", Warning, "a section heading occurs twice"),
    /// Sections out of order.
    SectionOutOfOrder = ("section_out_of_order", Warning, "section headings are not in template order"),
    /// No title.
    TitleMissing = ("title_missing", Info, "no title line was found"),
    /// No agency.
    AgencyMissing = ("agency_missing", Warning, "no agency could be determined"),
    /// Several agencies.
    AgencyAmbiguous = ("agency_ambiguous", Warning, "several candidate agencies disagree; the best is used"),
    /// No year.
    YearMissing = ("year_missing", Warning, "the report year could not be determined"),
    /// Several years.
    YearAmbiguous = ("year_ambiguous", Warning, "several candidate years disagree; the best is used"),
    /// Template from the year alone.
    TemplateUncertain = ("template_uncertain", Info, "the template was decided by the year alone"),
    /// Labels of both templates.
    TemplateMixed = ("template_mixed", Warning, "labels of both templates appear"),
    /// Template differs from the year's.
    TemplateYearMismatch = ("template_year_mismatch", Info, "the template differs from what the year suggests"),
    /// A table section without a table, or with a printed table none of whose cells could
    /// be read with certainty (the readers' reasons come as their own diagnostics).
    TableMissing = ("table_missing", Info, "a section that should hold a table has none, or none of its cells could be read with certainty"),
    /// Cell text not a number.
    CellUnreadable = ("cell_unreadable", Warning, "a cell's text is not a number"),
    /// Several readings.
    CellAmbiguous = ("cell_ambiguous", Warning, "several readings fit; the cell is left out"),
    /// Row label unmatched.
    RowUnmatched = ("row_unmatched", Warning, "a table row label matched no template row"),
    /// Unit converted.
    UnitConverted = ("unit_converted", Info, "a money cell printed in another unit was converted to 万元"),
    /// Stream not aligned.
    StreamUnresolved = ("stream_unresolved", Warning, "a flattened table could not be aligned to the template"),
    /// Search limit.
    SearchLimit = ("search_limit", Warning, "the alignment search hit its effort limit"),
    /// Figures from prose.
    ProseFigures = ("prose_figures", Info, "figures were read from sentences, not from a table"),
    /// Row sum rule broken.
    RowSumMismatch = ("row_sum_mismatch", Error, "a row's 总计 is not the sum of its columns (as printed)"),
    /// Outcome sum rule broken.
    OutcomeSumMismatch = ("outcome_sum_mismatch", Error, "（七）总计 is not the sum of the outcome rows (as printed)"),
    /// Balance rule broken.
    BalanceMismatch = ("balance_mismatch", Error, "new + carried over ≠ processed + carried forward (as printed)"),
    /// Table 4 sum broken.
    ReviewSumMismatch = ("review_sum_mismatch", Error, "a table-4 总计 is not the sum of its four results (as printed)"),
    /// Negative count.
    NegativeValue = ("negative_value", Error, "a count is negative"),
    /// Fractional count.
    FractionalCount = ("fractional_count", Error, "a count has a fractional part"),
    /// Rule skipped for a blank.
    BlankInRule = ("blank_in_rule", Info, "a consistency rule was skipped because a cell is blank"),
    /// Carry across years broken.
    CarryMismatch = ("carry_mismatch", Warning, "last year's carried_forward ≠ this year's carried_over"),
    /// Year missing in a series.
    YearGap = ("year_gap", Info, "an agency has reports for years around a missing one"),
    /// Input limit hit.
    LimitExceeded = ("limit_exceeded", Error, "an input limit was hit; the rest was not read"),
}

/// Something a layer noticed about a report: severity, stable code, message, and where.
///
/// The span, when present, points into the caller's original bytes. JSON:
/// `{"severity": "warning", "code": "section_missing", "message": "…", "start": 0, "end": 0}`
/// (`start`/`end` omitted when the diagnostic concerns no particular place).
///
/// ```
/// use xxgk_model::{Code, Diagnostic, Span};
/// let d = Diagnostic::new(Code::SectionMissing, "no section 三").with_span(Span::new(10, 12));
/// assert_eq!(d.code.as_str(), "section_missing");
/// assert_eq!(
///     serde_json::to_string(&d)?,
///     r#"{"severity":"warning","code":"section_missing","message":"no section 三","start":10,"end":12}"#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// Stable code.
    pub code: Code,
    /// Human-readable explanation.
    pub message: String,
    /// Where in the original input, if anywhere.
    #[serde(flatten, default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity and no span.
    pub fn new(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: code.default_severity(),
            code,
            message: message.into(),
            span: None,
        }
    }

    /// Sets the span.
    pub fn with_span(mut self, span: Span) -> Diagnostic {
        self.span = Some(span);
        self
    }

    /// Overrides the severity.
    pub fn with_severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }
}
