//! Row and column labels of tables 2, 3 and 4, and a tolerant matcher for them.
//!
//! Every reader of this crate (grids, `pdftotext -layout` text, flattened token streams) finds
//! rows and columns by their printed labels. Real reports print those labels with many small
//! differences, so matching happens on a *folded* form (see [`fold`]):
//!
//! - whitespace and `|` are dropped (labels split across lines or pieces rejoin);
//! - full-width ASCII is folded to ASCII (`（` → `(`, `１` → `1`, `．` → `.`), other bracket
//!   shapes (`【】〔〕［］`) become `()`, and `、` after an Arabic digit becomes `.`;
//! - quotes (`“”"「」『』‘’'`) are dropped, `合计` becomes `总计`, `政府信息公开` is dropped;
//! - a few Traditional characters that occur in the labels are folded to Simplified.
//!
//! A label may carry its hierarchy (`三、本年度办理结果（三）不予公开1.属于国家秘密`, as a grid row
//! whose tall cells were repeated by rowspan expansion prints it). [`parse_label`] splits it into
//! numbered pieces; the matchers use the last piece (the leaf) and take the group (（三）…（六）)
//! from an earlier piece or from the caller's context, because the numbered sub-rows restart at 1
//! in every group (`2.重复申请` and `2.其他法律行政法规禁止公开`).
//!
//! # Example
//!
//! ```
//! use xxgk_table::labels::{self, Group};
//! use xxgk_model::schema::Requests2021Row;
//!
//! let m = labels::match_requests_row("三、本年度办理结果 （三）不予公开 1.属于国家秘密", None)
//!     .ok_or("no match")?;
//! assert_eq!(m.row, Requests2021Row::DeniedStateSecret);
//! // A bare `其他` is a row only under （六）: the group context decides it.
//! let m = labels::match_requests_row("其他", Some(Group::Other)).ok_or("no match")?;
//! assert_eq!(m.row, Requests2021Row::OtherOther);
//! assert!(labels::match_requests_row("其他", None).is_none());
//! // A row under a group its label contradicts is no match.
//! assert!(labels::match_requests_row("（五）不予处理 3.其他", None).is_none());
//! // Variants: 政府信息公开 dropped, ASCII brackets, 合计.
//! assert_eq!(
//!     labels::match_requests_row("二、上年结转申请数量", None).map(|m| m.row),
//!     Some(Requests2021Row::CarriedOver)
//! );
//! assert_eq!(
//!     labels::match_requests_row("(七)合计", None).map(|m| m.row),
//!     Some(Requests2021Row::TotalProcessed)
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use xxgk_model::schema::{
    ActiveDisclosure2019Col, ActiveDisclosure2019Row, ActiveDisclosure2021Col,
    ActiveDisclosure2021Row, Requests2019Row, Requests2021Row, RequestsCol, ReviewCol, ReviewRow,
};
use xxgk_model::Template;

// ------------------------------------------------------------------------------------ folding

/// Traditional → Simplified for the characters that occur in table labels (a fallback for
/// inputs the normalizer did not convert).
const TRAD: &[(char, char)] = &[
    ('規', '规'),
    ('範', '范'),
    ('許', '许'),
    ('處', '处'),
    ('罰', '罚'),
    ('強', '强'),
    ('費', '费'),
    ('開', '开'),
    ('請', '请'),
    ('數', '数'),
    ('結', '结'),
    ('轉', '转'),
    ('繼', '继'),
    ('續', '续'),
    ('辦', '办'),
    ('總', '总'),
    ('計', '计'),
    ('護', '护'),
    ('權', '权'),
    ('關', '关'),
    ('屬', '属'),
    ('國', '国'),
    ('機', '机'),
    ('現', '现'),
    ('無', '无'),
    ('製', '制'),
    ('發', '发'),
    ('廢', '废'),
    ('決', '决'),
    ('額', '额'),
    ('採', '采'),
    ('購', '购'),
    ('項', '项'),
    ('對', '对'),
    ('務', '务'),
    ('復', '复'),
    ('議', '议'),
    ('訟', '讼'),
    ('訴', '诉'),
    ('維', '维'),
    ('糾', '纠'),
    ('審', '审'),
    ('經', '经'),
    ('託', '托'),
    ('構', '构'),
    ('業', '业'),
    ('織', '织'),
    ('組', '组'),
    ('會', '会'),
    ('護', '护'),
    ('律', '律'),
    ('災', '灾'),
    ('檔', '档'),
    ('卷', '卷'),
    ('詢', '询'),
    ('與', '与'),
    ('過', '过'),
    ('資', '资'),
    ('訊', '讯'),
    ('獲', '获'),
    ('據', '据'),
    ('類', '类'),
    ('補', '补'),
    ('確', '确'),
    ('認', '认'),
    ('舉', '举'),
    ('報', '报'),
    ('訪', '访'),
    ('復', '复'),
    ('單', '单'),
    ('當', '当'),
    ('達', '达'),
    ('誤', '误'),
    ('繳', '缴'),
    ('納', '纳'),
    ('通', '通'),
    ('知', '知'),
    ('險', '险'),
    ('穩', '稳'),
    ('禁', '禁'),
    ('祕', '秘'),
    ('掌', '掌'),
    ('兩', '两'),
    ('號', '号'),
    ('這', '这'),
    ('區', '区'),
    ('別', '别'),
    ('們', '们'),
    ('況', '况'),
    ('產', '产'),
    ('歸', '归'),
    ('戶', '户'),
    ('數', '数'),
    ('內', '内'),
    ('條', '条'),
    ('為', '为'),
    ('個', '个'),
    ('條', '条'),
    ('實', '实'),
    ('學', '学'),
    ('證', '证'),
    ('責', '责'),
    ('執', '执'),
    ('統', '统'),
    ('據', '据'),
];

/// [`TRAD`] sorted by its Traditional character (a later duplicate wins, as it would in a map),
/// for a binary search.
fn trad_sorted() -> &'static [(char, char)] {
    static SORTED: std::sync::OnceLock<Vec<(char, char)>> = std::sync::OnceLock::new();
    SORTED.get_or_init(|| {
        let mut v: Vec<(usize, char, char)> = TRAD
            .iter()
            .enumerate()
            .map(|(i, (t, s))| (i, *t, *s))
            .collect();
        // Sort by character, latest entry first, and keep the first of each character.
        v.sort_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)));
        v.dedup_by_key(|e| e.1);
        v.into_iter().map(|(_, t, s)| (t, s)).collect()
    })
}

/// Bits of the characters [`TRAD`] lists (bit `c mod 1024`): a character whose bit is clear
/// is not listed.
fn trad_bits() -> &'static [u64; 16] {
    static BITS: std::sync::OnceLock<[u64; 16]> = std::sync::OnceLock::new();
    BITS.get_or_init(|| {
        let mut b = [0u64; 16];
        for (t, _) in TRAD {
            let i = (*t as usize) % 1024;
            if let Some(w) = b.get_mut(i / 64) {
                *w |= 1 << (i % 64);
            }
        }
        b
    })
}

/// The Simplified form of `c` when [`TRAD`] lists it.
fn trad_to_simp(c: char) -> char {
    let i = (c as usize) % 1024;
    if trad_bits()
        .get(i / 64)
        .is_none_or(|w| w & (1 << (i % 64)) == 0)
    {
        return c;
    }
    let t = trad_sorted();
    match t.binary_search_by(|(k, _)| k.cmp(&c)) {
        Ok(i) => t.get(i).map_or(c, |e| e.1),
        Err(_) => c,
    }
}

#[inline]
fn fold_char(c: char) -> Option<char> {
    // The common cases first, each exactly what the general match below gives them: CJK
    // ideographs (not white space, not one of the signs) and ASCII letters, digits and the
    // signs below `(`.
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return Some(trad_to_simp(c));
    }
    if c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | ':' | ';' | '/' | '-' | '+' | '%') {
        return Some(c);
    }
    fold_char_general(c)
}

fn fold_char_general(c: char) -> Option<char> {
    match c {
        c if c.is_whitespace() => None,
        '|' | '｜' | '“' | '”' | '"' | '「' | '」' | '『' | '』' | '‘' | '’' | '\'' | '＂'
        | '＇' => None,
        '【' | '〔' | '［' | '[' | '（' | '(' | '﹙' => Some('('),
        '】' | '〕' | '］' | ']' | '）' | ')' | '﹚' => Some(')'),
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0),
        '\u{2014}' | '\u{2013}' | '\u{2212}' => Some('-'),
        c if (c as u32) < 0x4E00 => Some(c),
        c => Some(trad_to_simp(c)),
    }
}

/// The folded form of a label, on which every matcher of this module works (rules in the
/// [module documentation](self)).
///
/// ```
/// use xxgk_table::labels::fold;
/// assert_eq!(fold("3.危及 “三安全一稳定”"), "3.危及三安全一稳定");
/// assert_eq!(fold("二、上年结转政府信息公开申请数量"), "二、上年结转申请数量");
/// assert_eq!(fold("（七）合计"), "(七)总计");
/// assert_eq!(fold("１、属于国家秘密"), "1.属于国家秘密");
/// ```
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Whether the phrases rewritten below can occur at all (their first characters).
    let (mut zheng, mut he) = (false, false);
    for c in text.chars() {
        let Some(f) = fold_char(c) else { continue };
        if f == '、' && out.ends_with(|p: char| p.is_ascii_digit()) {
            out.push('.');
            continue;
        }
        zheng |= f == '政';
        he |= f == '合';
        out.push(f);
    }
    if zheng && out.contains("政府信息公开") {
        out = out.replace("政府信息公开", "");
    }
    if he && out.contains("合计") {
        out = out.replace("合计", "总计");
    }
    out
}

/// True when `text` has a CJK character: every label of the templates has one, so a text
/// without any (a number, a dash) can skip label matching.
///
/// Read from the UTF-8 bytes: a character from U+2E80 up starts with a lead byte from 0xE3 up,
/// or with 0xE2 followed by a byte from 0xBA up (U+2E80 is E2 BA 80); no other byte of a
/// character is 0xE2 or more.
pub(crate) fn has_cjk(text: &str) -> bool {
    let b = text.as_bytes();
    b.iter()
        .enumerate()
        .any(|(i, &x)| x >= 0xE3 || x == 0xE2 && b.get(i + 1).is_some_and(|&y| y >= 0xBA))
}

// ------------------------------------------------------------------------ numbered pieces

/// How a label piece is numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Numbering {
    /// `一、` … `七、` (first level; 1-based).
    Chinese(u8),
    /// `（一）` … `（七）` (second level; 1-based).
    Paren(u8),
    /// `1.` `1、` `1．` `(1)` (third level).
    Arabic(u8),
}

/// One numbered piece of a (folded) label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The numbering printed before the text, if any.
    pub numbering: Option<Numbering>,
    /// The folded text after the numbering.
    pub text: String,
}

fn chinese_digit(c: char) -> Option<u8> {
    Some(match c {
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Reads a numbering marker at the start of `s` (folded), returning it and its byte length.
fn numbering_at(s: &str) -> Option<(Numbering, usize)> {
    let mut it = s.char_indices();
    let (_, c0) = it.next()?;
    if c0 == '(' {
        let (_, c1) = it.next()?;
        if let Some(n) = chinese_digit(c1) {
            let (i2, c2) = it.next()?;
            return (c2 == ')').then_some((Numbering::Paren(n), i2 + 1));
        }
        if c1.is_ascii_digit() {
            let (i2, c2) = it.next()?;
            if c2 == ')' {
                return Some((Numbering::Arabic(c1 as u8 - b'0'), i2 + 1));
            }
        }
        return None;
    }
    if let Some(n) = chinese_digit(c0) {
        let (i1, c1) = it.next()?;
        return (c1 == '、').then_some((Numbering::Chinese(n), i1 + c1.len_utf8()));
    }
    if c0.is_ascii_digit() {
        let mut end = 1;
        let mut value = u32::from(c0 as u8 - b'0');
        for (i, c) in it {
            if c.is_ascii_digit() && i < 3 {
                value = value * 10 + u32::from(c as u8 - b'0');
                end = i + 1;
                continue;
            }
            if c == '.' || c == ')' {
                return u8::try_from(value)
                    .ok()
                    .map(|v| (Numbering::Arabic(v), i + 1));
            }
            return None;
        }
        let _ = end;
    }
    None
}

/// Splits a label into numbered pieces (after [`fold`]ing it).
///
/// ```
/// use xxgk_table::labels::{parse_label, Numbering};
/// let p = parse_label("三、本年度办理结果 （三）不予公开 1.属于国家秘密");
/// assert_eq!(p.len(), 3);
/// assert_eq!(p[1].numbering, Some(Numbering::Paren(3)));
/// assert_eq!(p[2].text, "属于国家秘密");
/// ```
pub fn parse_label(text: &str) -> Vec<Piece> {
    parse_folded(&fold(text))
}

/// [`parse_label`] of a text already [`fold`]ed.
pub(crate) fn parse_folded(f: &str) -> Vec<Piece> {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut cur = Piece {
        numbering: None,
        text: String::new(),
    };
    let mut i = 0;
    while i < f.len() {
        let rest = f.get(i..).unwrap_or("");
        let Some(c) = rest.chars().next() else { break };
        // A marker starts a new piece, except inside a parenthetical remark such as
        // （区分处理的，只计这一情形，不计其他情形）, which has no marker anyway. (Markers start
        // with `(`, a digit or a Chinese numeral.)
        let may_mark = c == '(' || c.is_ascii_digit() || chinese_digit(c).is_some();
        if let Some((n, len)) = may_mark.then(|| numbering_at(rest)).flatten() {
            if !cur.text.is_empty() || cur.numbering.is_some() {
                pieces.push(std::mem::replace(
                    &mut cur,
                    Piece {
                        numbering: None,
                        text: String::new(),
                    },
                ));
            }
            cur.numbering = Some(n);
            i += len;
            continue;
        }
        cur.text.push(c);
        i += c.len_utf8();
    }
    if !cur.text.is_empty() || cur.numbering.is_some() {
        pieces.push(cur);
    }
    pieces
}

// ------------------------------------------------------------------------------ table 3 rows

/// The label groups of table 3's outcome rows (tall cells in the printed table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    /// 三、本年度办理结果 (the tall cell over every outcome row).
    Result,
    /// （三）不予公开, sub-rows 1–8.
    Denied,
    /// （四）无法提供, sub-rows 1–3.
    Unavailable,
    /// （五）不予处理, sub-rows 1–5.
    Rejected,
    /// （六）其他处理 as a group over 2021's three sub-rows (in `gov2019` it is a single row).
    Other,
}

impl Group {
    /// The group's number under 三 (（三） = 3 …); `None` for [`Group::Result`].
    pub fn number(self) -> Option<u8> {
        match self {
            Group::Result => None,
            Group::Denied => Some(3),
            Group::Unavailable => Some(4),
            Group::Rejected => Some(5),
            Group::Other => Some(6),
        }
    }

    /// The group printed as `（n）` under 三.
    pub fn from_number(n: u8) -> Option<Group> {
        match n {
            3 => Some(Group::Denied),
            4 => Some(Group::Unavailable),
            5 => Some(Group::Rejected),
            6 => Some(Group::Other),
            _ => None,
        }
    }

    /// The group's label as the template prints it.
    pub fn label(self) -> &'static str {
        match self {
            Group::Result => "三、本年度办理结果",
            Group::Denied => "（三）不予公开",
            Group::Unavailable => "（四）无法提供",
            Group::Rejected => "（五）不予处理",
            Group::Other => "（六）其他处理",
        }
    }

    fn keyword(self) -> &'static str {
        match self {
            Group::Result => "本年度办理结果",
            Group::Denied => "不予公开",
            Group::Unavailable => "无法提供",
            Group::Rejected => "不予处理",
            Group::Other => "其他处理",
        }
    }
}

/// One table-3 row of the union of both templates, as the matcher knows it.
struct ReqRowDef {
    row: Requests2021Row,
    /// The group the row sits in (its numbered position is `num` within it).
    group: Option<Group>,
    /// The printed number: Chinese for 一/二/四, Paren for （一）（二）（六）（七), Arabic inside groups.
    num: Numbering,
    /// Folded label text without numbering.
    key: &'static str,
    /// Distinctive substrings; any one identifies the row.
    keywords: &'static [&'static str],
}

const REQ_ROWS: &[ReqRowDef] = {
    use Group as G;
    use Numbering as N;
    use Requests2021Row as R;
    &[
        ReqRowDef {
            row: R::NewReceived,
            group: None,
            num: N::Chinese(1),
            key: "本年新收申请数量",
            keywords: &["本年新收", "新收申请"],
        },
        ReqRowDef {
            row: R::CarriedOver,
            group: None,
            num: N::Chinese(2),
            key: "上年结转申请数量",
            keywords: &["上年结转"],
        },
        ReqRowDef {
            row: R::Granted,
            group: Some(G::Result),
            num: N::Paren(1),
            key: "予以公开",
            keywords: &["予以公开"],
        },
        ReqRowDef {
            row: R::PartiallyGranted,
            group: Some(G::Result),
            num: N::Paren(2),
            key: "部分公开(区分处理的,只计这一情形,不计其他情形)",
            keywords: &["部分公开", "区分处理"],
        },
        ReqRowDef {
            row: R::DeniedStateSecret,
            group: Some(G::Denied),
            num: N::Arabic(1),
            key: "属于国家秘密",
            keywords: &["国家秘密"],
        },
        ReqRowDef {
            row: R::DeniedLawProhibited,
            group: Some(G::Denied),
            num: N::Arabic(2),
            key: "其他法律行政法规禁止公开",
            keywords: &["法律行政法规", "法规禁止"],
        },
        ReqRowDef {
            row: R::DeniedThreeSafeties,
            group: Some(G::Denied),
            num: N::Arabic(3),
            key: "危及三安全一稳定",
            keywords: &["三安全", "一稳定"],
        },
        ReqRowDef {
            row: R::DeniedThirdParty,
            group: Some(G::Denied),
            num: N::Arabic(4),
            key: "保护第三方合法权益",
            keywords: &["第三方"],
        },
        ReqRowDef {
            row: R::DeniedInternalAffairs,
            group: Some(G::Denied),
            num: N::Arabic(5),
            key: "属于三类内部事务信息",
            keywords: &["内部事务"],
        },
        ReqRowDef {
            row: R::DeniedProcessInfo,
            group: Some(G::Denied),
            num: N::Arabic(6),
            key: "属于四类过程性信息",
            keywords: &["过程性"],
        },
        ReqRowDef {
            row: R::DeniedEnforcementFile,
            group: Some(G::Denied),
            num: N::Arabic(7),
            key: "属于行政执法案卷",
            keywords: &["执法案卷"],
        },
        ReqRowDef {
            row: R::DeniedQueryMatter,
            group: Some(G::Denied),
            num: N::Arabic(8),
            key: "属于行政查询事项",
            keywords: &["查询事项"],
        },
        ReqRowDef {
            row: R::UnavailableNotHeld,
            group: Some(G::Unavailable),
            num: N::Arabic(1),
            key: "本机关不掌握相关政府信息",
            keywords: &["不掌握"],
        },
        ReqRowDef {
            row: R::UnavailableNeedsCreation,
            group: Some(G::Unavailable),
            num: N::Arabic(2),
            key: "没有现成信息需要另行制作",
            keywords: &["现成信息", "另行制作"],
        },
        ReqRowDef {
            row: R::UnavailableUnclear,
            group: Some(G::Unavailable),
            num: N::Arabic(3),
            key: "补正后申请内容仍不明确",
            keywords: &["补正后", "仍不明确"],
        },
        ReqRowDef {
            row: R::RejectedPetition,
            group: Some(G::Rejected),
            num: N::Arabic(1),
            key: "信访举报投诉类申请",
            keywords: &["信访", "举报投诉"],
        },
        ReqRowDef {
            row: R::RejectedDuplicate,
            group: Some(G::Rejected),
            num: N::Arabic(2),
            key: "重复申请",
            keywords: &["重复申请"],
        },
        ReqRowDef {
            row: R::RejectedPublication,
            group: Some(G::Rejected),
            num: N::Arabic(3),
            key: "要求提供公开出版物",
            keywords: &["出版物"],
        },
        ReqRowDef {
            row: R::RejectedExcessive,
            group: Some(G::Rejected),
            num: N::Arabic(4),
            key: "无正当理由大量反复申请",
            keywords: &["大量反复", "反复申请"],
        },
        ReqRowDef {
            row: R::RejectedConfirmation,
            group: Some(G::Rejected),
            num: N::Arabic(5),
            key: "要求行政机关确认或重新出具已获取信息",
            keywords: &["重新出具", "确认或重新", "已获取信息"],
        },
        ReqRowDef {
            row: R::OtherHandling,
            group: Some(G::Result),
            num: N::Paren(6),
            key: "其他处理",
            keywords: &[],
        },
        ReqRowDef {
            row: R::OtherNoCorrection,
            group: Some(G::Other),
            num: N::Arabic(1),
            key: "申请人无正当理由逾期不补正,行政机关不再处理其申请",
            keywords: &["逾期不补正", "不补正"],
        },
        ReqRowDef {
            row: R::OtherUnpaidFee,
            group: Some(G::Other),
            num: N::Arabic(2),
            key: "申请人逾期未按收费通知要求缴纳费用,行政机关不再处理其申请",
            keywords: &["缴纳费用", "收费通知"],
        },
        ReqRowDef {
            row: R::OtherOther,
            group: Some(G::Other),
            num: N::Arabic(3),
            key: "其他",
            keywords: &[],
        },
        ReqRowDef {
            row: R::TotalProcessed,
            group: Some(G::Result),
            num: N::Paren(7),
            key: "总计",
            keywords: &[],
        },
        ReqRowDef {
            row: R::CarriedForward,
            group: None,
            num: N::Chinese(4),
            key: "结转下年度继续办理",
            keywords: &["结转下年度", "下年度继续"],
        },
    ]
};

/// A table-3 row found by label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowMatch {
    /// The row, as an id of the union of both templates (`gov2021`'s row type holds every row;
    /// convert with [`to_2019`] for a `gov2019` table).
    pub row: Requests2021Row,
    /// True when the text identifies the row by itself; false when it is only a fragment of
    /// the row's label (a wrapped piece such as `5.要求行政机关确认或重新出`) or identified
    /// only through its number inside the group.
    pub complete: bool,
    /// The template the row implies, when it implies one (the three （六） sub-rows ⇒ `gov2021`).
    pub template: Option<Template>,
}

/// The `gov2019` row with the same id, if that template has it.
pub fn to_2019(row: Requests2021Row) -> Option<Requests2019Row> {
    Requests2019Row::from_id(row.as_str())
}

fn row_template(row: Requests2021Row) -> Option<Template> {
    match row {
        Requests2021Row::OtherNoCorrection
        | Requests2021Row::OtherUnpaidFee
        | Requests2021Row::OtherOther => Some(Template::Gov2021),
        _ => None,
    }
}

fn def_of(row: Requests2021Row) -> Option<&'static ReqRowDef> {
    REQ_ROWS.iter().find(|d| d.row == row)
}

/// The group a (folded) piece names, from its numbering `（三）`…`（六）` or its words.
fn piece_group(p: &Piece) -> Option<Group> {
    if let Some(Numbering::Paren(n)) = p.numbering {
        if let Some(g) = Group::from_number(n) {
            return Some(g);
        }
    }
    if p.numbering == Some(Numbering::Chinese(3)) || p.text.contains("本年度办理结果") {
        return Some(Group::Result);
    }
    [Group::Denied, Group::Unavailable, Group::Rejected]
        .into_iter()
        .find(|g| p.text == g.keyword())
}

/// The group a label names, if it is a group (tall) cell: `（三）不予公开`, `（四）无法提供`,
/// `（五）不予处理`, `（六）其他处理` (also the `gov2019` single row: the caller decides by
/// whether numbered sub-rows follow), `三、本年度办理结果`.
///
/// ```
/// use xxgk_table::labels::{match_group, Group};
/// assert_eq!(match_group("(三)不予公开"), Some(Group::Denied));
/// assert_eq!(match_group("（四） 无法 提供"), Some(Group::Unavailable));
/// assert_eq!(match_group("1.属于国家秘密"), None);
/// ```
pub fn match_group(text: &str) -> Option<Group> {
    if !has_cjk(text) {
        return None;
    }
    let pieces = parse_label(text);
    let [p] = pieces.as_slice() else {
        return None;
    };
    let key = p.text.as_str();
    for g in [
        Group::Result,
        Group::Denied,
        Group::Unavailable,
        Group::Rejected,
        Group::Other,
    ] {
        if key == g.keyword() || (g == Group::Result && key.contains(g.keyword())) {
            match (p.numbering, g.number()) {
                (None, _) => return Some(g),
                (Some(Numbering::Paren(n)), Some(m)) if n == m => return Some(g),
                (Some(Numbering::Chinese(3)), None) => return Some(g),
                _ => return None,
            }
        }
    }
    None
}

/// Every keyword of [`REQ_ROWS`] with its row's index, sorted by the keyword's first character.
fn keyword_index() -> &'static [(char, usize, &'static str)] {
    static INDEX: std::sync::OnceLock<Vec<(char, usize, &'static str)>> =
        std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut v: Vec<(char, usize, &'static str)> = REQ_ROWS
            .iter()
            .enumerate()
            .flat_map(|(i, d)| {
                d.keywords
                    .iter()
                    .filter_map(move |k| k.chars().next().map(|c| (c, i, *k)))
            })
            .collect();
        v.sort_unstable();
        v
    })
}

/// One bit per character of `text` (bit `c mod 128`).
fn char_bits(text: &str) -> u128 {
    text.chars()
        .fold(0u128, |b, c| b | (1u128 << (c as u32 % 128)))
}

/// [`char_bits`] of every key of [`REQ_ROWS`], in order.
fn key_bits() -> &'static [u128] {
    static BITS: std::sync::OnceLock<Vec<u128>> = std::sync::OnceLock::new();
    BITS.get_or_init(|| REQ_ROWS.iter().map(|d| char_bits(d.key)).collect())
}

/// The rows of [`REQ_ROWS`] (bit `i` for row `i`) one of whose keywords `text` contains.
fn keyword_rows(text: &str) -> u32 {
    let index = keyword_index();
    let mut hits = 0u32;
    for (i, c) in text.char_indices() {
        if c < '\u{4E00}' {
            continue; // every keyword starts with a CJK ideograph
        }
        let from = index.partition_point(|e| e.0 < c);
        let rest = text.get(i..).unwrap_or("");
        for (_, row, k) in index
            .get(from..)
            .unwrap_or(&[])
            .iter()
            .take_while(|e| e.0 == c)
        {
            if rest.starts_with(k) {
                hits |= 1u32
                    .checked_shl(u32::try_from(*row).unwrap_or(u32::MAX))
                    .unwrap_or(0);
            }
        }
    }
    hits
}

/// Matches one leaf piece against the table-3 rows, given the group it sits in.
fn match_leaf(p: &Piece, group: Option<Group>) -> Option<RowMatch> {
    let text = p.text.as_str();
    let found = |row: Requests2021Row, complete: bool| {
        Some(RowMatch {
            row,
            complete,
            template: row_template(row),
        })
    };
    // 1. Distinctive keywords; words of two rows are not one label.
    let hits = keyword_rows(text);
    if hits.count_ones() > 1 {
        return None;
    }
    if let Some(d) = usize::try_from(hits.trailing_zeros())
        .ok()
        .and_then(|i| REQ_ROWS.get(i))
    {
        return found(d.row, true);
    }
    // 2. The short labels that need their number or group.
    match (text, p.numbering) {
        ("总计", _) | (_, Some(Numbering::Paren(7))) if text == "总计" || text.is_empty() => {
            return found(Requests2021Row::TotalProcessed, !text.is_empty());
        }
        ("其他处理", None | Some(Numbering::Paren(6))) => {
            return found(Requests2021Row::OtherHandling, true);
        }
        ("其他", Some(Numbering::Arabic(3))) => {
            return found(Requests2021Row::OtherOther, true);
        }
        ("其他", None) if group == Some(Group::Other) => {
            return found(Requests2021Row::OtherOther, true);
        }
        _ => {}
    }
    // 3. A fragment of exactly one label (in the group when it is known), of at least two
    //    characters, agreeing with the number when one is printed.
    let nchars = text.chars().count();
    let number_ok = |d: &ReqRowDef| match p.numbering {
        None => true,
        Some(n) => n == d.num,
    };
    let group_ok = |d: &ReqRowDef| match group {
        None => true,
        Some(Group::Result) => d.group.is_some(),
        Some(g) => d.group == Some(g),
    };
    if nchars >= 2 {
        // A key holds the text only if it holds each of its characters (checked first on
        // character bits).
        let bits = char_bits(text);
        let keys = key_bits();
        let mut cands = REQ_ROWS.iter().enumerate().filter_map(|(i, d)| {
            (number_ok(d)
                && group_ok(d)
                && keys.get(i).is_some_and(|k| bits & !k == 0)
                && d.key.contains(text))
            .then_some(d)
        });
        if let (Some(d), None) = (cands.next(), cands.next()) {
            return found(d.row, d.key == text);
        }
        return None;
    }
    // 4. Only a number (the text wrapped away): unique inside a known group.
    if nchars == 0 {
        if let Some(n) = p.numbering {
            let mut cands = REQ_ROWS
                .iter()
                .filter(|d| d.num == n && group_ok(d) && (group.is_some() || d.group.is_none()));
            if let (Some(d), None) = (cands.next(), cands.next()) {
                return found(d.row, false);
            }
        }
    }
    None
}

/// Matches a table-3 row label.
///
/// `text` may hold the whole hierarchy (`三、本年度办理结果（五）不予处理2.重复申请`) or only the
/// leaf; `group` is the group context the caller knows (the tall cell the row sits under), used
/// when the label itself does not name one. Numbering differences, a dropped `政府信息公开`,
/// bracket and quote shapes, `合计` and spaces inside are tolerated. Returns `None` when the text
/// is no row label or could be several rows (e.g. a bare `其他` without the （六） group).
///
/// ```
/// use xxgk_table::labels::{match_requests_row, Group};
/// use xxgk_model::schema::Requests2021Row as R;
/// assert_eq!(match_requests_row("2.重复申请", None).map(|m| m.row), Some(R::RejectedDuplicate));
/// assert_eq!(
///     match_requests_row("2.", Some(Group::Denied)).map(|m| m.row),
///     Some(R::DeniedLawProhibited)
/// );
/// assert_eq!(match_requests_row("3.危及\"三安全一稳定\"", None).map(|m| m.row), Some(R::DeniedThreeSafeties));
/// assert_eq!(match_requests_row("本年度办理结果", None), None);
/// ```
pub fn match_requests_row(text: &str, group: Option<Group>) -> Option<RowMatch> {
    // No CJK guard here: under a group, a bare `1.` names a row.
    match_requests_pieces(&parse_label(text), group)
}

/// [`match_requests_row`] of a label already split by [`parse_label`].
pub(crate) fn match_requests_pieces(pieces: &[Piece], group: Option<Group>) -> Option<RowMatch> {
    let (leaf, parents) = pieces.split_last()?;
    // The nearest parent that names a subgroup wins over the caller's context.
    let own = parents
        .iter()
        .filter_map(piece_group)
        .rfind(|g| *g != Group::Result);
    let g = own.or(group);
    // A leaf that is itself a group cell is no row (except the single （六）其他处理 row).
    if let Some(lg) = piece_group(leaf) {
        if lg != Group::Other && !leaf.text.is_empty() {
            return match_leaf(leaf, g);
        }
    }
    let m = match_leaf(leaf, g).or_else(|| {
        // The caller's context may be stale (a row after the group): retry without it.
        own.is_none()
            .then(|| match_leaf(leaf, None))
            .flatten()
            .filter(|m| m.complete)
    })?;
    // A parent naming a different group than the row's own is a contradiction.
    if let (Some(pg), Some(d)) = (own, def_of(m.row)) {
        if d.group != Some(pg) {
            return None;
        }
    }
    Some(m)
}

/// Matches one numbered piece of a label (from [`parse_label`]) as a row label, with the group
/// context the caller knows; used by readers that see label fragments line by line.
pub fn match_requests_piece(piece: &Piece, group: Option<Group>) -> Option<RowMatch> {
    match_leaf(piece, group)
}

/// A numbered piece of a label that matches a table-3 row (see [`requests_anchors`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Anchor {
    /// The row.
    pub(crate) row: Requests2021Row,
    /// [`template_hint`] of the row's own label when the match names a template (a vote
    /// for it), `None` when it does not.
    pub(crate) vote: Option<Option<Template>>,
}

/// The numbered pieces of `label` that match a table-3 row, in order ([`parse_label`], then
/// [`match_requests_piece`] without a group context).
pub(crate) fn requests_anchors(label: &str) -> Vec<Anchor> {
    parse_label(label)
        .iter()
        .filter(|p| p.numbering.is_some())
        .filter_map(|p| match_requests_piece(p, None))
        .map(|m| Anchor {
            row: m.row,
            vote: m.template.map(|_| template_hint(m.row.label())),
        })
        .collect()
}

/// The row at printed number `n` inside `group` (`（五）` + `2` → `rejected_duplicate`).
pub fn requests_row_by_number(group: Group, n: u8) -> Option<Requests2021Row> {
    REQ_ROWS
        .iter()
        .find(|d| d.group == Some(group) && d.num == Numbering::Arabic(n))
        .map(|d| d.row)
}

/// The group a table-3 row sits in (`None` for 一、二、四 rows).
pub fn requests_row_group(row: Requests2021Row) -> Option<Group> {
    def_of(row).and_then(|d| d.group)
}

/// The rows of table 3 in printed order for a layout: `gov2021` with the three （六） sub-rows,
/// `gov2019` (and `gov2021` printing the old single row) with `other_handling`.
pub fn requests_rows(three_other_rows: bool) -> Vec<Requests2021Row> {
    Requests2021Row::ALL
        .iter()
        .copied()
        .filter(|r| {
            let sub = matches!(
                r,
                Requests2021Row::OtherNoCorrection
                    | Requests2021Row::OtherUnpaidFee
                    | Requests2021Row::OtherOther
            );
            if three_other_rows {
                *r != Requests2021Row::OtherHandling
            } else {
                !sub
            }
        })
        .collect()
}

// --------------------------------------------------------------------------- table 3 columns

/// Matches a table-3 column header (`自然人` … `其他`, `总计`/`合计`). `其他` is only a column
/// in a header context; the caller decides that.
///
/// ```
/// use xxgk_table::labels::match_requests_col;
/// use xxgk_model::schema::RequestsCol;
/// assert_eq!(match_requests_col("社会公 益组织"), Some(RequestsCol::SocialWelfareOrg));
/// assert_eq!(match_requests_col("合计"), Some(RequestsCol::Total));
/// ```
pub fn match_requests_col(text: &str) -> Option<RequestsCol> {
    if !has_cjk(text) {
        return None;
    }
    Some(match fold(text).as_str() {
        "自然人" => RequestsCol::NaturalPerson,
        "商业企业" | "企业" => RequestsCol::CommercialEnterprise,
        "科研机构" => RequestsCol::ResearchInstitution,
        "社会公益组织" | "公益组织" => RequestsCol::SocialWelfareOrg,
        "法律服务机构" => RequestsCol::LegalServiceOrg,
        "其他" | "其他组织" => RequestsCol::OtherOrg,
        "总计" | "总数" => RequestsCol::Total,
        _ => return None,
    })
}

// --------------------------------------------------------------------------------- table 2

/// A table-2 row found by label, in the layout of each template that has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActiveRowMatch {
    /// The `gov2021` row, if that template has one with this label.
    pub gov2021: Option<ActiveDisclosure2021Row>,
    /// The `gov2019` row, if that template has one with this label.
    pub gov2019: Option<ActiveDisclosure2019Row>,
    /// The template the label implies (行政规范性文件 ⇒ `gov2021`; 规范性文件, 其他对外管理服务事项,
    /// 政府集中采购 ⇒ `gov2019`).
    pub template: Option<Template>,
}

/// Matches a table-2 row label.
///
/// ```
/// use xxgk_table::labels::match_active_row;
/// use xxgk_model::Template;
/// let m = match_active_row("规范性文件").ok_or("no match")?;
/// assert_eq!(m.template, Some(Template::Gov2019));
/// assert_eq!(match_active_row("行政规范性文件").and_then(|m| m.template), Some(Template::Gov2021));
/// assert!(match_active_row("行政事业性收费").is_some_and(|m| m.template.is_none()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn match_active_row(text: &str) -> Option<ActiveRowMatch> {
    if !has_cjk(text) {
        return None;
    }
    match_active_row_folded(&fold(text))
}

/// [`match_active_row`] of a text already [`fold`]ed (the caller checked it has CJK).
pub(crate) fn match_active_row_folded(f: &str) -> Option<ActiveRowMatch> {
    use ActiveDisclosure2019Row as R19;
    use ActiveDisclosure2021Row as R21;
    let f = f.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    let m = |a, b, t| {
        Some(ActiveRowMatch {
            gov2021: a,
            gov2019: b,
            template: t,
        })
    };
    match f {
        "规章" => m(Some(R21::Rules), Some(R19::Rules), None),
        "行政规范性文件" => m(
            Some(R21::NormativeDocuments),
            Some(R19::NormativeDocuments),
            Some(Template::Gov2021),
        ),
        "规范性文件" => m(
            Some(R21::NormativeDocuments),
            Some(R19::NormativeDocuments),
            Some(Template::Gov2019),
        ),
        "行政许可" => m(Some(R21::Licensing), Some(R19::Licensing), None),
        "其他对外管理服务事项" => {
            m(None, Some(R19::OtherServices), Some(Template::Gov2019))
        }
        "行政处罚" => m(Some(R21::Punishment), Some(R19::Punishment), None),
        "行政强制" => m(Some(R21::Enforcement), Some(R19::Enforcement), None),
        "行政事业性收费" => m(Some(R21::Fees), Some(R19::Fees), None),
        "政府集中采购" => m(None, Some(R19::Procurement), Some(Template::Gov2019)),
        _ => None,
    }
}

/// A table-2 column found by its header label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActiveColMatch {
    /// A `gov2021` column (its labels are distinct from `gov2019`'s).
    Gov2021(ActiveDisclosure2021Col),
    /// A `gov2019` column.
    Gov2019(ActiveDisclosure2019Col),
}

impl ActiveColMatch {
    /// The template the column belongs to.
    pub fn template(self) -> Template {
        match self {
            ActiveColMatch::Gov2021(_) => Template::Gov2021,
            ActiveColMatch::Gov2019(_) => Template::Gov2019,
        }
    }
}

/// Matches a table-2 column header; the unit note of 本年收费金额（单位：万元） is ignored.
///
/// ```
/// use xxgk_table::labels::{match_active_col, ActiveColMatch};
/// use xxgk_model::schema::{ActiveDisclosure2019Col, ActiveDisclosure2021Col};
/// assert_eq!(match_active_col("本年新 制作数量"), Some(ActiveColMatch::Gov2019(ActiveDisclosure2019Col::NewMade)));
/// assert_eq!(
///     match_active_col("本年收费金额(单位:万元)"),
///     Some(ActiveColMatch::Gov2021(ActiveDisclosure2021Col::Amount))
/// );
/// ```
pub fn match_active_col(text: &str) -> Option<ActiveColMatch> {
    if !has_cjk(text) {
        return None;
    }
    match_active_col_folded(&fold(text))
}

/// [`match_active_col`] of a text already [`fold`]ed (the caller checked it has CJK).
pub(crate) fn match_active_col_folded(f: &str) -> Option<ActiveColMatch> {
    use ActiveColMatch::{Gov2019 as G19, Gov2021 as G21};
    use ActiveDisclosure2019Col as C19;
    use ActiveDisclosure2021Col as C21;
    let f = match f.find('(') {
        Some(i) if f.contains("单位") => f.get(..i).unwrap_or(f),
        _ => f,
    };
    Some(match f {
        "本年制发件数" => G21(C21::Issued),
        "本年废止件数" => G21(C21::Repealed),
        "现行有效件数" => G21(C21::InForce),
        "本年处理决定数量" => G21(C21::Decisions),
        "本年收费金额" => G21(C21::Amount),
        "本年新制作数量" => G19(C19::NewMade),
        "本年新公开数量" => G19(C19::NewPublished),
        "对外公开总数量" => G19(C19::TotalPublished),
        "上一年项目数量" => G19(C19::PreviousItems),
        "本年增/减" | "本年增减" | "本年增(减)" => G19(C19::Change),
        "处理决定数量" => G19(C19::Decisions),
        "采购项目数量" => G19(C19::Items),
        "采购总金额" => G19(C19::Amount),
        _ => return None,
    })
}

/// The block title `第二十条第（n）项` of table 2, returning `n` (1, 5, 6, 8, 9).
///
/// ```
/// assert_eq!(xxgk_table::labels::match_block_title("第二十条第(八)项"), Some(8));
/// ```
pub fn match_block_title(text: &str) -> Option<u8> {
    if !has_cjk(text) {
        return None;
    }
    match_block_title_folded(&fold(text))
}

/// [`match_block_title`] of a text already [`fold`]ed (the caller checked it has CJK).
pub(crate) fn match_block_title_folded(f: &str) -> Option<u8> {
    let inner = f.strip_prefix("第二十条第")?.strip_suffix('项')?;
    let inner = inner.trim_start_matches('(').trim_end_matches(')');
    let mut chars = inner.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    chinese_digit(c).or_else(|| c.to_digit(10).and_then(|d| u8::try_from(d).ok()))
}

// --------------------------------------------------------------------------------- table 4

/// Matches a table-4 row (group) label: 行政复议, 未经复议直接起诉, 复议后起诉.
///
/// ```
/// use xxgk_table::labels::match_review_row;
/// use xxgk_model::schema::ReviewRow;
/// assert_eq!(match_review_row("复议后起诉"), Some(ReviewRow::LitigationAfterReview));
/// assert_eq!(match_review_row("未经复议 直接起诉"), Some(ReviewRow::LitigationDirect));
/// ```
pub fn match_review_row(text: &str) -> Option<ReviewRow> {
    if !has_cjk(text) {
        return None;
    }
    match_review_row_folded(&fold(text))
}

/// [`match_review_row`] of a text already [`fold`]ed (the caller checked it has CJK).
pub(crate) fn match_review_row_folded(f: &str) -> Option<ReviewRow> {
    if f.contains("未经复议") || f.contains("直接起诉") {
        Some(ReviewRow::LitigationDirect)
    } else if f.contains("复议后起诉") {
        Some(ReviewRow::LitigationAfterReview)
    } else if f == "行政复议" {
        Some(ReviewRow::Review)
    } else {
        None
    }
}

/// Matches a table-4 column label: 结果维持, 结果纠正, 其他结果, 尚未审结, 总计/合计.
pub fn match_review_col(text: &str) -> Option<ReviewCol> {
    if !has_cjk(text) {
        return None;
    }
    match_review_col_folded(&fold(text))
}

/// [`match_review_col`] of a text already [`fold`]ed (the caller checked it has CJK).
pub(crate) fn match_review_col_folded(f: &str) -> Option<ReviewCol> {
    Some(match f {
        "结果维持" | "维持" => ReviewCol::Upheld,
        "结果纠正" | "纠正" => ReviewCol::Corrected,
        "其他结果" => ReviewCol::Other,
        "尚未审结" | "审结" => ReviewCol::Pending,
        "总计" => ReviewCol::Total,
        _ => return None,
    })
}

// ------------------------------------------------------------------ header words and fragments

/// Header labels of the three tables (and table 2's block words), as the template prints them.
pub const HEADER_LABELS: &[&str] = &[
    "信息内容",
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "本年处理决定数量",
    "本年收费金额（单位：万元）",
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增/减",
    "处理决定数量",
    "采购项目数量",
    "采购总金额",
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    "行政复议",
    "行政诉讼",
    "未经复议直接起诉",
    "复议后起诉",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
];

/// Tall label cells of table 3 that carry no numbers (group cells).
pub const TALL_CELLS: &[&str] = &[
    "三、本年度办理结果",
    "（三）不予公开",
    "（四）无法提供",
    "（五）不予处理",
    "（六）其他处理",
];

fn is_fragment_of(token: &str, labels: &[String]) -> bool {
    let t = fold(token);
    if t.is_empty() {
        return false;
    }
    labels.iter().any(|l| l.contains(t.as_str()))
}

/// [`HEADER_LABELS`] and [`TALL_CELLS`], folded once.
fn folded_labels() -> &'static (Vec<String>, Vec<String>) {
    static FOLDED: std::sync::OnceLock<(Vec<String>, Vec<String>)> = std::sync::OnceLock::new();
    FOLDED.get_or_init(|| {
        (
            HEADER_LABELS.iter().map(|l| fold(l)).collect(),
            TALL_CELLS.iter().map(|l| fold(l)).collect(),
        )
    })
}

/// True when `token` (one piece of flattened text) is a header label or a piece of one, such as
/// `商业` `企业` `总` `计` `结果` `审结` `益组织`. Numbers are never header words.
///
/// ```
/// use xxgk_table::labels::is_header_word;
/// assert!(is_header_word("益组织"));
/// assert!(is_header_word("总"));
/// assert!(!is_header_word("12"));
/// assert!(!is_header_word("重复申请"));
/// ```
pub fn is_header_word(token: &str) -> bool {
    if token.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    is_fragment_of(token, &folded_labels().0)
}

/// True when `token` is a tall group cell or a fragment of one (`三、本` `年度办` `理结果`,
/// `(三)不` `予公开`), which flattened text interleaves with the sub-row labels.
///
/// ```
/// use xxgk_table::labels::is_tall_cell_fragment;
/// assert!(is_tall_cell_fragment("年度办"));
/// assert!(is_tall_cell_fragment("(三)不"));
/// assert!(!is_tall_cell_fragment("1.属于国家秘密"));
/// ```
pub fn is_tall_cell_fragment(token: &str) -> bool {
    if token.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    is_fragment_of(token, &folded_labels().1)
}

// ---------------------------------------------------------------------- template discriminators

/// The template a label implies, if it implies one: row or column labels of table 2
/// (本年制发件数, 行政规范性文件 ⇒ `gov2021`; 本年新制作数量, 规范性文件, 政府集中采购 ⇒ `gov2019`)
/// and the three （六） sub-rows of table 3 (⇒ `gov2021`).
///
/// ```
/// use xxgk_table::labels::template_hint;
/// use xxgk_model::Template;
/// assert_eq!(template_hint("本年制发件数"), Some(Template::Gov2021));
/// assert_eq!(template_hint("政府集中采购"), Some(Template::Gov2019));
/// assert_eq!(template_hint("2.申请人逾期未按收费通知要求缴纳费用"), Some(Template::Gov2021));
/// assert_eq!(template_hint("规章"), None);
/// ```
pub fn template_hint(text: &str) -> Option<Template> {
    if !has_cjk(text) {
        return None;
    }
    let f = fold(text);
    template_hint_folded(&f, match_active_col_folded(&f))
}

/// [`template_hint`] of a text already [`fold`]ed (the caller checked it has CJK), with its
/// [`match_active_col_folded`] result.
pub(crate) fn template_hint_folded(
    f: &str,
    active_col: Option<ActiveColMatch>,
) -> Option<Template> {
    if let Some(c) = active_col {
        return Some(c.template());
    }
    if let Some(r) = match_active_row_folded(f) {
        return r.template;
    }
    match_requests_pieces(&parse_folded(f), None).and_then(|m| m.template)
}

/// Counts template evidence over many labels (see [`template_hint`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TemplateVotes {
    /// Labels implying `gov2021`.
    pub gov2021: usize,
    /// Labels implying `gov2019`.
    pub gov2019: usize,
}

impl TemplateVotes {
    /// Adds the evidence of one label.
    pub fn add(&mut self, text: &str) {
        self.add_hint(template_hint(text));
    }

    /// Adds the evidence of one label whose [`template_hint`] is known.
    pub(crate) fn add_hint(&mut self, hint: Option<Template>) {
        match hint {
            Some(Template::Gov2021) => self.gov2021 += 1,
            Some(Template::Gov2019) => self.gov2019 += 1,
            _ => {}
        }
    }

    /// The template the labels show, when only one has evidence.
    pub fn decided(&self) -> Option<Template> {
        match (self.gov2021 > 0, self.gov2019 > 0) {
            (true, false) => Some(Template::Gov2021),
            (false, true) => Some(Template::Gov2019),
            _ => None,
        }
    }

    /// True when labels of both templates appeared.
    pub fn mixed(&self) -> bool {
        self.gov2021 > 0 && self.gov2019 > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast paths of `fold_char` give what its general match gives, for every character.
    #[test]
    fn fold_char_fast_paths_agree_with_the_general_match() {
        for c in (0..=0x10_FFFFu32).filter_map(char::from_u32) {
            assert_eq!(fold_char(c), fold_char_general(c), "U+{:04X}", c as u32);
        }
    }
    use xxgk_model::schema::Requests2021Row as R;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// `has_cjk` reads the bytes as the characters say (characters around U+2E80 and the
        /// lead-byte boundaries included).
        #[test]
        fn has_cjk_reads_bytes_as_chars(chars in proptest::collection::vec(
            proptest::sample::select(vec![
                'a', '1', ' ', '\u{a0}', '\u{7ff}', '\u{800}', '\u{2000}', '\u{2e7f}', '\u{2e80}',
                '\u{2fff}', '\u{3000}', '规', '\u{ffff}', '\u{10000}', '\u{1f600}', '“', '—', '\u{e9}',
            ]),
            0..6,
        )) {
            let s: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(has_cjk(&s), s.chars().any(|c| c >= '\u{2E80}'), "{:?}", s);
        }
    }

    #[test]
    fn lookup_tables_agree_with_their_sources() {
        // The sorted Traditional table answers as a map built from TRAD (later entries win).
        let map: std::collections::HashMap<char, char> = TRAD.iter().copied().collect();
        for (t, _) in TRAD {
            assert_eq!(Some(trad_to_simp(*t)), map.get(t).copied(), "{t}");
        }
        for c in ['规', '其', 'a', '（', '\u{9FFF}'] {
            assert_eq!(trad_to_simp(c), map.get(&c).copied().unwrap_or(c));
        }
        // The keyword scan finds exactly what `contains` finds.
        assert!(REQ_ROWS.len() <= 32);
        for d in REQ_ROWS {
            for k in d.keywords {
                assert!(k.starts_with(|c: char| c >= '\u{4E00}'), "{k}");
            }
        }
        let texts = REQ_ROWS.iter().map(|d| d.key.to_string()).chain([
            "信访举报投诉类重复申请".to_string(),
            "其他".to_string(),
            String::new(),
        ]);
        for t in texts {
            let want = REQ_ROWS
                .iter()
                .enumerate()
                .filter(|(_, d)| d.keywords.iter().any(|k| t.contains(k)))
                .fold(0u32, |m, (i, _)| m | (1 << i));
            assert_eq!(keyword_rows(&t), want, "{t}");
        }
        // Folded header labels are the labels folded.
        assert_eq!(folded_labels().0.len(), HEADER_LABELS.len());
        assert_eq!(
            folded_labels().0.get(5).map(String::as_str),
            Some("本年收费金额(单位:万元)")
        );
    }

    #[test]
    fn every_official_row_label_matches_its_row() {
        for r in Requests2021Row::ALL {
            let g = requests_row_group(*r).filter(|g| *g != Group::Result);
            let m = match_requests_row(r.label(), g).map(|m| m.row);
            assert_eq!(m, Some(*r), "{}", r.label());
            // With its full hierarchy, as a rowspan-expanded grid prints it.
            let mut full = String::new();
            if outcome_or_total(*r) {
                full.push_str("三、本年度办理结果 ");
            }
            if let Some(g) = g {
                full.push_str(g.label());
                full.push(' ');
            }
            full.push_str(r.label());
            assert_eq!(
                match_requests_row(&full, None).map(|m| m.row),
                Some(*r),
                "{full}"
            );
        }
    }

    fn outcome_or_total(r: Requests2021Row) -> bool {
        !matches!(r, R::NewReceived | R::CarriedOver | R::CarriedForward)
    }

    #[test]
    fn label_variants() {
        let cases: &[(&str, Option<Group>, R)] = &[
            ("一、本年新收申请数量", None, R::NewReceived),
            ("一.本年新收政府信息公开申请数量", None, R::NewReceived),
            ("（二）部分公开", None, R::PartiallyGranted),
            (
                "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
                None,
                R::PartiallyGranted,
            ),
            ("3．危及「三安全一稳定」", None, R::DeniedThreeSafeties),
            ("3、危及三安全一稳定", None, R::DeniedThreeSafeties),
            ("5.要求行政机关确认或重新出", None, R::RejectedConfirmation),
            ("具已获取信息", None, R::RejectedConfirmation),
            ("（六）其他处理", None, R::OtherHandling),
            ("（七） 总 计", None, R::TotalProcessed),
            ("四、结转下年度继续办理", None, R::CarriedForward),
            ("1.", Some(Group::Rejected), R::RejectedPetition),
            ("8.", Some(Group::Denied), R::DeniedQueryMatter),
            ("其他", Some(Group::Other), R::OtherOther),
            (
                "三、本年度办理结果 （六）其他处理 3.其他",
                None,
                R::OtherOther,
            ),
            ("6.属于四类过程性信", None, R::DeniedProcessInfo),
            ("不明确", None, R::UnavailableUnclear),
        ];
        for (text, g, want) in cases {
            assert_eq!(
                match_requests_row(text, *g).map(|m| m.row),
                Some(*want),
                "{text}"
            );
        }
        for text in [
            "其他",
            "2.",
            "本年度办理结果",
            "（三）不予公开",
            "信息",
            "申请",
        ] {
            assert_eq!(match_requests_row(text, None), None, "{text}");
        }
        // A group that contradicts the row is no match.
        assert_eq!(match_requests_row("（三）不予公开 2.重复申请", None), None);
    }

    #[test]
    fn to_2019_drops_2021_only_rows() {
        assert_eq!(to_2019(R::OtherOther), None);
        assert_eq!(to_2019(R::Granted), Some(Requests2019Row::Granted));
        assert_eq!(requests_rows(true).len(), 25);
        assert_eq!(requests_rows(false).len(), 23);
    }

    #[test]
    fn table_four_and_columns() {
        assert_eq!(match_review_row("行政复议"), Some(ReviewRow::Review));
        assert_eq!(match_review_col("合计"), Some(ReviewCol::Total));
        assert_eq!(
            match_requests_col("法律服务机构"),
            Some(RequestsCol::LegalServiceOrg)
        );
        assert_eq!(match_block_title("第二十条第（一）项"), Some(1));
        assert_eq!(match_block_title("第二十条第（十一）项"), None);
    }

    #[test]
    fn votes() {
        let mut v = TemplateVotes::default();
        v.add("本年制发件数");
        assert_eq!(v.decided(), Some(Template::Gov2021));
        v.add("规范性文件");
        assert!(v.mixed());
        assert_eq!(v.decided(), None);
    }
}
