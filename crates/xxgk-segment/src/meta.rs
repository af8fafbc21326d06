//! Metadata: title, agency, year, statistics period, publication date, website, contact, and
//! the closing signature block. Each value keeps the span (normalized offsets) it was read from.

use crate::num;
use crate::text::{
    char_at, char_before, compact, find_all, find_first, is_han, skip_hspace, skip_ws, slice,
    Needle,
};
use chrono::{Datelike, NaiveDate};
use xxgk_model::{Period, Span};

/// A value read from the text with the span (normalized-text offsets) it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field<T> {
    /// The value.
    pub value: T,
    /// Where it was read (normalized text; map with [`crate::Segmented::to_original`]).
    pub span: Span,
}

impl<T> Field<T> {
    pub(crate) fn new(value: T, start: usize, end: usize) -> Field<T> {
        Field {
            value,
            span: Span::new(start, end),
        }
    }
}

/// Where a metadata value was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Source {
    /// The title line.
    Title,
    /// The closing signature block.
    Closing,
    /// A page header such as `发布机构:` / `发布时间:`.
    Header,
    /// The preamble (本报告由…编制, 汇总…, statistics period).
    Preamble,
    /// The first sentence of section 一 (`2021年，某局认真…`).
    Overview,
    /// The contact sentence (请与…联系).
    Contact,
}

/// Contact details, each with its span.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContactFields {
    /// 地址
    pub address: Option<Field<String>>,
    /// 邮编
    pub postcode: Option<Field<String>>,
    /// 电话
    pub phone: Option<Field<String>>,
    /// 传真
    pub fax: Option<Field<String>>,
    /// 电子邮件
    pub email: Option<Field<String>>,
}

impl ContactFields {
    /// True when no field was found.
    pub fn is_empty(&self) -> bool {
        self.address.is_none()
            && self.postcode.is_none()
            && self.phone.is_none()
            && self.fax.is_none()
            && self.email.is_none()
    }

    /// The owned model value.
    pub fn to_model(&self) -> xxgk_model::Contact {
        let v = |f: &Option<Field<String>>| f.as_ref().map(|f| f.value.clone());
        xxgk_model::Contact {
            address: v(&self.address),
            postcode: v(&self.postcode),
            phone: v(&self.phone),
            fax: v(&self.fax),
            email: v(&self.email),
        }
    }
}

/// The signature block after the last section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closing {
    /// The whole block.
    pub span: Span,
    /// The signing agency, when a line before the date names one.
    pub agency: Option<Field<String>>,
    /// The signature date.
    pub date: Field<NaiveDate>,
}

/// A candidate value with its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate<T> {
    /// The value and its span.
    pub field: Field<T>,
    /// Where it came from.
    pub source: Source,
}

const ORG_SUFFIXES: &[&str] = &[
    "人民政府办公厅",
    "人民政府办公室",
    "人民政府",
    "政府办公厅",
    "政府办公室",
    "办公厅",
    "办公室",
    "委员会",
    "管委会",
    "管理委员会",
    "政府",
    "局",
    "厅",
    "委",
    "办",
    "中心",
    "院",
    "署",
    "所",
    "站",
    "馆",
    "实验区",
    "开发区",
    "示范区",
    "合作区",
    "新区",
    "高新区",
    "公司",
];

fn has_org_suffix(s: &str) -> bool {
    ORG_SUFFIXES.iter().any(|x| s.ends_with(x))
}

/// A bare place name (`曲靖市`) stands for its people's government.
fn place_to_government(s: &str) -> String {
    let zones = [
        "实验区",
        "开发区",
        "示范区",
        "合作区",
        "园区",
        "高新区",
        "经开区",
        "新城",
    ];
    let place = ['省', '市', '县', '区', '州', '旗', '盟'];
    if s.chars().next_back().is_some_and(|c| place.contains(&c))
        && !zones.iter().any(|z| s.ends_with(z))
        && s.chars().count() >= 2
    {
        format!("{s}人民政府")
    } else {
        s.to_string()
    }
}

fn clean_agency(s: &str) -> Option<String> {
    let compacted = compact(s);
    let mut s = compacted.as_str();
    for p in ["关于", "标题:", "标题：", "本机关"] {
        if let Some(r) = s.strip_prefix(p) {
            s = r;
        }
    }
    while let Some(r) = s.strip_suffix('的') {
        s = r;
    }
    let s = s.trim_matches(|c: char| c.is_whitespace() || c == '“' || c == '”' || c == '"');
    if !is_agency_text(s) {
        return None;
    }
    // the compacted text itself when nothing was cut off (no second allocation)
    if s.len() == compacted.len() {
        return Some(compacted);
    }
    Some(s.to_string())
}

/// 2 to 40 characters, all CJK ideographs or `(` `)` `（` `）` `·`: one pass that stops at the
/// first other character or the 41st.
fn is_agency_text(s: &str) -> bool {
    let mut n = 0;
    for c in s.chars() {
        if n == 40 || !(is_han(c) || matches!(c, '(' | ')' | '（' | '）' | '·')) {
            return false;
        }
        n += 1;
    }
    n >= 2
}

const TITLE_ENDS: &[&str] = &["年度报告", "年度報告", "年报", "年報"];
const TITLE_KEYS: &[&str] = &["信息公开", "信息公開", "政务公开", "政務公開"];

/// Finds the title line in `text[..limit]`.
pub(crate) fn title(text: &str, limit: usize) -> Option<Field<String>> {
    let region = slice(text, 0, crate::text::floor_boundary(text, limit));
    let mut fallback = None;
    // every title end (年度报告, 年度報告, 年报, 年報) starts with 年: one search, in position
    // order (at most one end starts at each 年)
    let ends = find_all(region, "年").filter_map(|p| {
        let after = region.get(p + "年".len()..)?;
        TITLE_ENDS
            .iter()
            .find(|e| {
                e.strip_prefix('年')
                    .is_some_and(|rest| after.starts_with(rest))
            })
            .map(|e| p + e.len())
    });
    for end in ends {
        let ls = region
            .get(..end)
            .and_then(|r| r.rfind('\n'))
            .map_or(0, |p| p + 1);
        let mut start = skip_hspace(text, ls);
        for p in ["标题:", "标题：", "标题 :", "题目:", "题目："] {
            if slice(text, start, end).starts_with(p) {
                start = skip_hspace(text, start + p.len());
            }
        }
        let seg = slice(text, start, end);
        if seg.is_empty()
            || seg.len() > 240
            || seg.contains(['。', '，', ',', ';', '；', '|', '《'])
            || !TITLE_KEYS.iter().any(|k| seg.contains(k))
        {
            continue;
        }
        let after = slice(text, end, crate::text::floor_boundary(text, end + 5));
        let after_long = slice(text, end, crate::text::floor_boundary(text, end + 12));
        let opener = [
            "本报告",
            "本年度报告",
            "根据",
            "按照",
            "依据",
            "依照",
            "一、",
        ]
        .iter()
        .any(|o| after_long.starts_with(o));
        if !after.is_empty()
            && !opener
            && !after
                .starts_with(|c: char| c.is_whitespace() || matches!(c, '|' | '(' | '（' | '.'))
        {
            continue;
        }
        let f = Field::new(compact(seg), start, end);
        if after.starts_with('.') {
            // a file name (….docx) in a download-site wrapper
            fallback.get_or_insert(f);
            continue;
        }
        return Some(f);
    }
    fallback
}

/// The agency a title names: text before the year, or between the year and 政府信息公开.
pub(crate) fn agency_from_title(title: &Field<String>) -> Option<String> {
    let t = title.value.as_str();
    let t = t.strip_prefix("关于").unwrap_or(t);
    // find a year
    let mut year_at = None;
    for (i, c) in t.char_indices() {
        if !num::may_start_year(c) {
            continue;
        }
        if let Ok((rest, _)) = num::year_nian(slice(t, i, t.len())) {
            year_at = Some((i, t.len() - rest.len()));
            break;
        }
    }
    let key_at = first_title_key(t)?;
    let raw = match year_at {
        Some((0, ye)) => slice(t, ye, key_at.max(ye)),
        Some((ys, _)) if ys < key_at => slice(t, 0, ys),
        _ => slice(t, 0, key_at),
    };
    let raw = raw.strip_suffix("关于").unwrap_or(raw);
    clean_agency(raw).map(|a| place_to_government(&a))
}

/// The keys a title's agency ends before: [`TITLE_KEYS`], 政府信息, 政务信息 (all start with
/// 信 or 政).
const AGENCY_END_KEYS: [&str; 6] = [
    "信息公开",
    "信息公開",
    "政务公开",
    "政務公開",
    "政府信息",
    "政务信息",
];

/// The first place in `t` where a key of [`AGENCY_END_KEYS`] starts (the least of their first
/// occurrences): one pass over the bytes, comparing only after the lead byte of 信 or 政.
fn first_title_key(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    // 信 E4 BF A1, 政 E6 94 BF
    (0..b.len()).find(|&k| {
        matches!(
            b.get(k..k + 3),
            Some([0xE4, 0xBF, 0xA1] | [0xE6, 0x94, 0xBF])
        ) && AGENCY_END_KEYS
            .iter()
            .any(|key| b.get(k..).is_some_and(|r| r.starts_with(key.as_bytes())))
    })
}

/// Year printed in the title.
pub(crate) fn year_from_title(title: &Field<String>) -> Option<i32> {
    let t = title.value.as_str();
    t.char_indices()
        .filter(|&(_, c)| num::may_start_year(c))
        .find_map(|(i, _)| num::year_nian(slice(t, i, t.len())).ok())
        .map(|(_, y)| y as i32)
        .filter(|y| (1990..=2100).contains(y))
}

fn is_date_start(text: &str, i: usize) -> bool {
    let Some(c) = char_at(text, i) else {
        return false;
    };
    let digitish = |c: char| c.is_ascii_digit() || num::cn_digit(c).is_some();
    digitish(c) && !char_before(text, i).is_some_and(|(_, p)| digitish(p))
}

/// The full date whose year ends at the `年` at `y` of `region`, as (start, end, date) in
/// `region`: the first date start within the four year characters (spaces allowed) before it.
fn date_at_nian(region: &str, y: usize) -> Option<(usize, usize, NaiveDate)> {
    let mut i = crate::text::ceil_boundary(region, y.saturating_sub(16));
    while i < y {
        if is_date_start(region, i) {
            if let Ok((rest, d)) = num::date(slice(region, i, region.len())) {
                let end = region.len() - rest.len();
                if end > y {
                    return Some((i, end, d));
                }
            }
        }
        i += char_at(region, i).map_or(1, char::len_utf8);
    }
    None
}

/// Every full date in `text[from..to]`, as (start, end, date), last first: the closing reads
/// them from the end and usually stops at the first.
fn dates_rev(
    text: &str,
    from: usize,
    to: usize,
) -> impl Iterator<Item = (usize, usize, NaiveDate)> + '_ {
    let region = slice(text, from, to);
    memchr::memmem::rfind_iter(region.as_bytes(), "年".as_bytes())
        .filter_map(move |y| date_at_nian(region, y))
        .map(move |(s, e, d)| (from + s, from + e, d))
}

/// Every full date in `text[from..to]`, in order (the reference [`dates_rev`] reverses).
#[cfg(test)]
fn dates_in(text: &str, from: usize, to: usize) -> Vec<(usize, usize, NaiveDate)> {
    let region = slice(text, from, to);
    find_all(region, "年")
        .filter_map(|y| date_at_nian(region, y))
        .map(|(s, e, d)| (from + s, from + e, d))
        .collect()
}

/// The signature block at the end of `text[from..to]`.
pub(crate) fn closing(text: &str, from: usize, to: usize) -> Option<Closing> {
    let from = crate::text::ceil_boundary(text, from.max(to.saturating_sub(1500)));
    for (ds, de, d) in dates_rev(text, from, to) {
        let rest = slice(text, de, to);
        if rest.contains(['。', '，', ',', '；', ';']) || rest.trim().chars().count() > 60 {
            continue;
        }
        // the date stands alone: at a line start or after a space
        let before = char_before(text, ds).map(|(_, c)| c);
        if !before.is_none_or(|c| c.is_whitespace()) {
            continue;
        }
        // agency: the run of text before the date up to a line break or sentence end
        let a_end = {
            let mut i = ds;
            while let Some((j, c)) = char_before(text, i) {
                if c.is_whitespace() {
                    i = j;
                } else {
                    break;
                }
            }
            i
        };
        let mut a_start = a_end;
        while let Some((j, c)) = char_before(text, a_start) {
            if c == '\n' || c == '。' || c == ')' || c == '）' || c == '|' || c == ':' || c == '：'
            {
                break;
            }
            if c == ' ' && char_before(text, j).is_some_and(|(_, p)| !is_han(p)) {
                break;
            }
            if a_end - j > 120 {
                break;
            }
            a_start = j;
        }
        let mut raw = slice(text, a_start, a_end);
        // 六、其他需要报告的事项：无 + signature joined on one line
        if let Some(r) = raw.strip_prefix('无') {
            if has_org_suffix(r) && !r.starts_with('锡') {
                a_start += '无'.len_utf8();
                raw = r;
            }
        }
        // text before the agency on the same line means it is prose, not a signature
        let own_line = char_before(
            text,
            crate::text::skip_hspace_back(text, a_start, usize::MAX),
        )
        .is_none_or(|(_, c)| c == '\n');
        let agency = clean_agency(raw)
            .filter(|a| has_org_suffix(a) || own_line)
            .map(|a| Field::new(a, a_start, a_end));
        let start = agency.as_ref().map_or(ds, |a| a.span.start);
        return Some(Closing {
            span: Span::new(start, de),
            agency,
            date: Field::new(d, ds, de),
        });
    }
    None
}

/// The first place in `hay` where one of `keys` (non-empty, each starting with a lead byte)
/// starts: the least of their first occurrences, in one pass over the character starts.
fn first_of(hay: &str, keys: &[&str]) -> Option<usize> {
    let b = hay.as_bytes();
    let mut i = 0;
    while let Some(&lead) = b.get(i) {
        if keys.iter().any(|k| {
            k.as_bytes().first() == Some(&lead)
                && b.get(i..).is_some_and(|r| r.starts_with(k.as_bytes()))
        }) {
            return Some(i);
        }
        i += crate::text::utf8_len(lead);
    }
    None
}

/// The preamble keys agencies follow: 发布机构, 本报告由, 汇总, 请与 (prebuilt searchers).
static AGENCY_KEYS: [Needle; 4] = [
    Needle::new("发布机构"),
    Needle::new("本报告由"),
    Needle::new("汇总"),
    Needle::new("请与"),
];

/// Agency candidates from the preamble, header lines and the contact sentence.
pub(crate) fn agency_candidates(
    text: &str,
    preamble: Span,
    overview_body: Option<Span>,
) -> Vec<Candidate<String>> {
    let mut out = Vec::new();
    let pre = slice(text, preamble.start, preamble.end);
    let at = |p: usize| preamble.start + p;
    // 发布机构: X
    for p in AGENCY_KEYS[0].find_iter(pre) {
        let s = skip_hspace(text, at(p) + "发布机构".len());
        let s = match char_at(text, s) {
            Some(':' | '：') => {
                skip_hspace(text, s + 3.min(char_at(text, s).map_or(1, char::len_utf8)))
            }
            _ => continue,
        };
        let e = text
            .get(s..)
            .and_then(|r| r.find('\n'))
            .map_or(text.len(), |x| s + x);
        if let Some(a) = clean_agency(slice(text, s, e)) {
            out.push(Candidate {
                field: Field::new(a, s, e),
                source: Source::Header,
            });
        }
    }
    // 本报告由X按照/根据/编制
    for p in AGENCY_KEYS[1].find_iter(pre) {
        let s = at(p) + "本报告由".len();
        let window = slice(text, s, crate::text::floor_boundary(text, s + 150));
        let stop = first_of(
            window,
            &[
                "按照", "根据", "依据", "依照", "编制", "负责", "汇总", "结合", "制作", "撰写",
            ],
        );
        if let Some(e) = stop {
            let raw = slice(window, 0, e);
            if let Some(a) = clean_agency(raw).filter(|a| has_org_suffix(a)) {
                out.push(Candidate {
                    field: Field::new(a, s, s + e),
                    source: Source::Preamble,
                });
            }
        }
    }
    // 汇总X所辖 / 汇总X各 → X人民政府
    for p in AGENCY_KEYS[2].find_iter(pre) {
        let s = at(p) + "汇总".len();
        let window = slice(text, s, crate::text::floor_boundary(text, s + 60));
        let stop = first_of(window, &["所辖", "各", "全市", "全县", "全区", "本级"]);
        if let Some(e) = stop {
            let raw = slice(window, 0, e);
            if raw.ends_with(['省', '市', '县', '区', '州']) {
                if let Some(a) = clean_agency(raw) {
                    out.push(Candidate {
                        field: Field::new(place_to_government(&a), s, s + e),
                        source: Source::Preamble,
                    });
                }
            }
        }
    }
    // 2021年，X认真…
    if let Some(ob) = overview_body {
        if let Some(c) = overview_opener(text, ob) {
            out.push(c);
        }
    }
    // 请与X联系
    for p in AGENCY_KEYS[3].find_iter(pre) {
        let s = at(p) + "请与".len();
        let window = slice(text, s, crate::text::floor_boundary(text, s + 150));
        if let Some(e) = find_first(window, "联系") {
            if let Some(a) = clean_agency(slice(window, 0, e)) {
                out.push(Candidate {
                    field: Field::new(a, s, s + e),
                    source: Source::Contact,
                });
            }
        }
    }
    out
}

const VERBS: &[&str] = &[
    "认真",
    "坚持",
    "严格",
    "深入",
    "全面",
    "紧紧",
    "紧扣",
    "以",
    "按照",
    "围绕",
    "积极",
    "着力",
    "始终",
    "继续",
    "不断",
    "进一步",
    "高度",
    "切实",
    "深化",
    "贯彻",
    "在",
    "持续",
    "扎实",
    "聚焦",
    "牢固",
    "把",
    "将",
    "依法",
    "共",
    "主动",
    "立足",
    "对标",
];

/// `2021年，某局认真…` at the start of section 一: the agency before the verb.
fn overview_opener(text: &str, body: Span) -> Option<Candidate<String>> {
    let s = skip_ws(text, body.start);
    let rest = slice(text, s, body.end);
    let (r, _) = num::year_nian(rest).ok()?;
    let r = r.strip_prefix("以来").unwrap_or(r);
    let r = r.strip_prefix([',', '，'])?;
    let r = r.trim_start();
    let a0 = s + (rest.len() - r.len());
    // the first 40 characters
    let window = slice(r, 0, nth_char_end(r, 40));
    // where an agency may end: after the last character of a suffix, before a verb
    let (ends, n) = suffix_ends(window);
    let ends = ends.get(..n).unwrap_or(&[]);
    // the first suffix (in list order) that ends there, earliest place first
    for suf in ORG_SUFFIXES {
        for &e in ends {
            let head = slice(window, 0, e);
            if head.ends_with(suf) {
                if let Some(a) = clean_agency(head) {
                    return Some(Candidate {
                        field: Field::new(a, a0, a0 + e),
                        source: Source::Overview,
                    });
                }
            }
        }
    }
    None
}

/// The end of the first `n` characters of `s` (all of `s` when it is shorter); steps over
/// bytes by their UTF-8 length.
fn nth_char_end(s: &str, n: usize) -> usize {
    let b = s.as_bytes();
    let mut k = 0;
    for _ in 0..n {
        match b.get(k) {
            Some(&lead) => k += crate::text::utf8_len(lead),
            None => break,
        }
    }
    k.min(s.len())
}

/// Where an agency may end in `window` (at most 40 places, in order): after the last
/// character of a suffix ([`is_org_suffix_last`]) that a verb ([`VERBS`]) follows. Steps over
/// bytes; only a three-byte character whose last byte may end a suffix is decoded.
fn suffix_ends(window: &str) -> ([usize; 40], usize) {
    let b = window.as_bytes();
    let mut ends = [0usize; 40];
    let mut n = 0;
    let mut i = 0;
    while let Some(&lead) = b.get(i) {
        let len = crate::text::utf8_len(lead);
        let e = i + len;
        // every suffix-last character is three bytes long
        let may = len == 3
            && b.get(e - 1)
                .is_some_and(|&x| SUFFIX_LAST_BYTES >> (x & 0x3F) & 1 != 0);
        if may
            && window
                .get(i..e)
                .and_then(|c| c.chars().next())
                .is_some_and(is_org_suffix_last)
        {
            let after = slice(window, e, window.len());
            if after.chars().next().is_some_and(is_verb_first)
                && VERBS.iter().any(|v| after.starts_with(v))
            {
                if let Some(slot) = ends.get_mut(n) {
                    *slot = e;
                    n += 1;
                }
            }
        }
        i = e;
    }
    (ends, n)
}

/// Bit `b & 0x3F` set for the last UTF-8 byte `b` of every [`is_org_suffix_last`] character.
const SUFFIX_LAST_BYTES: u64 = {
    let all = [
        '厅', '室', '府', '会', '局', '委', '办', '心', '院', '署', '所', '站', '馆', '区', '司',
    ];
    let mut m = 0u64;
    let mut i = 0;
    while i < all.len() {
        m |= 1 << (all[i] as u32 & 0x3F);
        i += 1;
    }
    m
};

/// True for the first characters of the [`VERBS`].
fn is_verb_first(c: char) -> bool {
    matches!(
        c,
        '认' | '坚'
            | '严'
            | '深'
            | '全'
            | '紧'
            | '以'
            | '按'
            | '围'
            | '积'
            | '着'
            | '始'
            | '继'
            | '不'
            | '进'
            | '高'
            | '切'
            | '贯'
            | '在'
            | '持'
            | '扎'
            | '聚'
            | '牢'
            | '把'
            | '将'
            | '依'
            | '共'
            | '主'
            | '立'
            | '对'
    )
}

/// True for the last characters of the [`ORG_SUFFIXES`].
fn is_org_suffix_last(c: char) -> bool {
    matches!(
        c,
        '厅' | '室'
            | '府'
            | '会'
            | '局'
            | '委'
            | '办'
            | '心'
            | '院'
            | '署'
            | '所'
            | '站'
            | '馆'
            | '区'
            | '司'
    )
}

/// The year of `2021年，…` / `2020年以来，…` at the start of section 一.
pub(crate) fn overview_year(text: &str, body: Span) -> Option<Field<i32>> {
    let s = skip_ws(text, body.start);
    let rest = slice(text, s, body.end);
    let (r, y) = num::year_nian(rest).ok()?;
    let e = s + (rest.len() - r.len());
    let r = r.strip_prefix("以来").unwrap_or(r);
    r.starts_with([',', '，', ' '])
        .then(|| Field::new(y as i32, s, e))
}

/// The statistics period keys, in the order they are tried.
static PERIOD_KEYS: [Needle; 8] = [
    Needle::new("统计期限"),
    Needle::new("统计时限"),
    Needle::new("统计期间"),
    Needle::new("统计时间"),
    Needle::new("统计区间"),
    Needle::new("统计周期"),
    Needle::new("数据统计期"),
    Needle::new("统计期"),
];

/// The cut-off date keys, in the order they are tried.
static CUTOFF_KEYS: [Needle; 5] = [
    Needle::new("截止日期"),
    Needle::new("截止时间"),
    Needle::new("截止到"),
    Needle::new("截至"),
    Needle::new("截止"),
];

/// The page-header date keys, in the order they are tried.
static HEADER_KEYS: [Needle; 4] = [
    Needle::new("发布时间"),
    Needle::new("发布日期"),
    Needle::new("发文日期"),
    Needle::new("成文日期"),
];

/// Contact keys (prebuilt searchers: a one-byte search stops at too many Chinese characters).
static ADDRESS: Needle = Needle::new("地址");
static PHONE: Needle = Needle::new("电话");
static POSTCODE_KEYS: [Needle; 2] = [Needle::new("邮政编码"), Needle::new("邮编")];
static FAX_KEYS: [Needle; 1] = [Needle::new("传真")];

/// Statistics period and cut-off year from `text[region]`.
pub(crate) fn period(text: &str, region: Span) -> (Option<Field<Period>>, Option<Field<i32>>) {
    let pre = slice(text, region.start, region.end);
    let mut cutoff = None;
    for key in &PERIOD_KEYS {
        for p in key.find_iter(pre) {
            let s = region.start + p + key.byte_len();
            let mut i = s;
            for _ in 0..8 {
                let Some(c) = char_at(text, i) else { break };
                if let Ok((rest, (a, b))) = num::period(slice(text, i, text.len())) {
                    let e = text.len() - rest.len();
                    if a <= b {
                        return (Some(Field::new(Period { start: a, end: b }, i, e)), None);
                    }
                }
                i += c.len_utf8();
            }
        }
    }
    for key in &CUTOFF_KEYS {
        for p in key.find_iter(pre) {
            let s = region.start + p + key.byte_len();
            let mut i = s;
            for _ in 0..6 {
                let Some(c) = char_at(text, i) else { break };
                if let Ok((rest, d)) = num::date(slice(text, i, text.len())) {
                    let e = text.len() - rest.len();
                    cutoff.get_or_insert(Field::new(d.year(), i, e));
                    break;
                }
                i += c.len_utf8();
            }
        }
        if cutoff.is_some() {
            break;
        }
    }
    (None, cutoff)
}

/// `发布时间: 2020-01-20` style header dates in the preamble.
pub(crate) fn header_date(text: &str, region: Span) -> Option<Field<NaiveDate>> {
    let pre = slice(text, region.start, region.end);
    let at_key_end = |ke: usize| {
        let mut i = skip_hspace(text, region.start + ke);
        if let Some(c @ (':' | '：')) = char_at(text, i) {
            i = skip_hspace(text, i + c.len_utf8());
        }
        num::date(slice(text, i, text.len()))
            .ok()
            .map(|(rest, d)| Field::new(d, i, text.len() - rest.len()))
    };
    for p in HEADER_KEYS[0].find_iter(pre) {
        if let Some(f) = at_key_end(p + HEADER_KEYS[0].byte_len()) {
            return Some(f);
        }
    }
    // the other keys end with 日期, which overlaps itself nowhere (nor do they): their
    // occurrences are the 日期 preceded by their first two characters, found in one search
    let dates: Vec<usize> = RIQI.find_iter(pre).collect();
    for key in &HEADER_KEYS[1..] {
        let head = key.text().as_bytes().get(..6).unwrap_or(&[]);
        for &q in &dates {
            let hit = q
                .checked_sub(6)
                .and_then(|p| pre.as_bytes().get(p..q))
                .is_some_and(|h| h == head);
            if hit {
                if let Some(f) = at_key_end(q + RIQI.byte_len()) {
                    return Some(f);
                }
            }
        }
    }
    None
}

/// 日期, the common end of the page-header date keys but the first.
static RIQI: Needle = Needle::new("日期");

/// [`header_date`] with one search per key (the oracle of the tests).
#[cfg(test)]
fn header_date_each_key(text: &str, region: Span) -> Option<Field<NaiveDate>> {
    let pre = slice(text, region.start, region.end);
    for key in &HEADER_KEYS {
        for p in key.find_iter(pre) {
            let mut i = region.start + p + key.byte_len();
            i = skip_hspace(text, i);
            if let Some(c @ (':' | '：')) = char_at(text, i) {
                i = skip_hspace(text, i + c.len_utf8());
            }
            if let Ok((rest, d)) = num::date(slice(text, i, text.len())) {
                return Some(Field::new(d, i, text.len() - rest.len()));
            }
        }
    }
    None
}

fn is_url_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '.' | ':' | '/' | '_' | '-' | '?' | '=' | '&' | '%' | '#' | '~'
        )
}

/// Where the electronic version is published: a URL, else a portal name.
pub(crate) fn website(text: &str, region: Span) -> Option<Field<String>> {
    let pre = slice(text, region.start, region.end);
    for p in find_all(pre, "电子版") {
        let s = region.start + p;
        let window_end = text
            .get(s..)
            .and_then(|r| r.find('。'))
            .map_or(text.len(), |x| s + x)
            .min(crate::text::floor_boundary(text, s + 400));
        let w = slice(text, s, window_end);
        if !["查阅", "下载", "浏览", "获取", "查询", "查看"]
            .iter()
            .any(|k| find_first(w, k).is_some())
        {
            continue;
        }
        let url_at = first_of(w, &["http", "www.", "WWW."]);
        if let Some(u) = url_at {
            let us = s + u;
            let len: usize = slice(text, us, window_end)
                .chars()
                .take_while(|&c| is_url_char(c))
                .map(char::len_utf8)
                .sum();
            let url = slice(text, us, us + len).trim_end_matches(['.', ':']);
            if url.len() > 4 {
                return Some(Field::new(url.to_string(), us, us + url.len()));
            }
        }
        let ps = ["可在", "可以在", "可从", "可登录", "在"]
            .iter()
            .find_map(|k| find_first(w, k).map(|x| x + k.len()))?;
        let pe = ps
            + first_of(
                w.get(ps..)?,
                &["查阅", "下载", "浏览", "获取", "查询", "查看"],
            )?;
        let raw = slice(w, ps, pe);
        let raw = raw.trim_end_matches(['中', '上', '或', '里', '内']);
        let name = compact(raw).trim_end_matches("的").to_string();
        let name = name
            .trim_matches(|c: char| c == '“' || c == '”' || c == '"')
            .to_string();
        if (2..=60).contains(&name.chars().count()) {
            return Some(Field::new(name, s + ps, s + ps + raw.len()));
        }
    }
    None
}

/// Where the value of a key ending at `ke` in `pre` starts its search: after `other` when the
/// key is joined to it (`电话/传真`, `传真、电话`: one number labelled as both), else `ke`.
fn joined_key(pre: &str, ke: usize, other: &str) -> usize {
    pre.get(ke..)
        .and_then(|r| r.strip_prefix(['/', '／', '、', '及', '和']))
        .and_then(|r| r.strip_prefix(other))
        .map_or(ke, |r| pre.len() - r.len())
}

/// Contact fields in `text[region]`.
pub(crate) fn contact(text: &str, region: Span) -> ContactFields {
    let pre = slice(text, region.start, region.end);
    let mut c = ContactFields::default();
    let first = |keys: &'static [Needle]| -> Option<(usize, usize)> {
        keys.iter()
            .filter_map(|k| k.find_first(pre).map(|p| (p, p + k.byte_len())))
            .min()
    };
    let value_start = |ke: usize| -> usize {
        let mut i = skip_hspace(text, region.start + ke);
        if let Some(ch @ (':' | '：')) = char_at(text, i) {
            i = skip_hspace(text, i + ch.len_utf8());
        }
        i
    };
    let until = |s: usize, stop: &dyn Fn(char) -> bool| -> usize {
        let mut e = s;
        for ch in text.get(s..).unwrap_or("").chars().take(120) {
            if stop(ch) {
                break;
            }
            e += ch.len_utf8();
        }
        e
    };
    // The address keys (通讯地址, 通信地址, 联系地址, 办公地址, 地址) all end with 地址, whose
    // occurrences never overlap: the earliest key ends where the first 地址 does.
    if let Some(ke) = ADDRESS.find_first(pre).map(|p| p + ADDRESS.byte_len()) {
        let s = value_start(ke);
        let e = until(s, &|ch| {
            matches!(ch, ';' | '；' | ',' | '，' | '。' | ')' | '）' | '\n')
        });
        let v = compact(slice(text, s, e));
        if !v.is_empty() {
            c.address = Some(Field::new(v, s, e));
        }
    }
    if let Some((_, ke)) = first(&POSTCODE_KEYS) {
        let s = value_start(ke);
        let e = until(s, &|ch| !ch.is_ascii_digit());
        if e - s == 6 {
            c.postcode = Some(Field::new(slice(text, s, e).to_string(), s, e));
        }
    }
    let phone_like = |ch: char| {
        ch.is_ascii_digit() || matches!(ch, '-' | '—' | '－' | '、' | ' ' | '(' | ')' | '/')
    };
    // The phone keys (联系电话, 咨询电话, 办公电话, 电话/传真, 电话) all hold 电话, whose
    // occurrences never overlap: the earliest (and then shortest) key ends where the first
    // 电话 does; a 传真 joined to it (电话/传真) labels the same number.
    if let Some(ke) = PHONE.find_first(pre).map(|p| p + PHONE.byte_len()) {
        // 电话/传真：N labels one number as both
        let s = value_start(joined_key(pre, ke, "传真"));
        let e = until(s, &|ch| !phone_like(ch));
        let v = slice(text, s, e)
            .trim()
            .trim_end_matches(['、', '-', '/', '('])
            .to_string();
        if v.chars().filter(char::is_ascii_digit).count() >= 7 {
            c.phone = Some(Field::new(v, s, s + slice(text, s, e).trim_end().len()));
        }
    }
    if let Some((_, ke)) = first(&FAX_KEYS) {
        let s = value_start(joined_key(pre, ke, "电话"));
        let e = until(s, &|ch| !phone_like(ch));
        let v = slice(text, s, e)
            .trim()
            .trim_end_matches(['、', '-', '/', '('])
            .to_string();
        if v.chars().filter(char::is_ascii_digit).count() >= 7 {
            c.fax = Some(Field::new(v, s, s + slice(text, s, e).trim_end().len()));
        }
    }
    if let Some(at) = pre.find('@') {
        let at = region.start + at;
        let mut s = at;
        while let Some((j, ch)) = char_before(text, s) {
            if ch.is_ascii_alphanumeric() || matches!(ch, '.' | '_' | '-' | '+') {
                s = j;
            } else {
                break;
            }
        }
        let e = until(at + 1, &|ch| {
            !(ch.is_ascii_alphanumeric() || matches!(ch, '.' | '-'))
        });
        let v = slice(text, s, e).trim_end_matches('.');
        if s < at && v.len() > at - s + 3 && v.contains('.') {
            c.email = Some(Field::new(v.to_string(), s, s + v.len()));
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(t: &str) -> Span {
        Span::new(0, t.len())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// Reading dates from the end finds every date, in reverse order.
        #[test]
        fn dates_rev_is_dates_reversed(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "2021", "二〇二二", "年", "1", "12", "月", "3", "31", "日", " ", "\n", "。",
                    "，", "x", "二", "〇", "十", "2", "0", "9",
                ]),
                0..24,
            ),
            from in 0usize..8,
        ) {
            let t = parts.concat();
            let from = crate::text::ceil_boundary(&t, from.min(t.len()));
            let mut want = dates_in(&t, from, t.len());
            want.reverse();
            proptest::prop_assert_eq!(dates_rev(&t, from, t.len()).collect::<Vec<_>>(), want);
        }
    }

    #[test]
    fn dates_rev_of_reports() {
        for seed in 0..40 {
            let t = xxgk_model::testkit::generate(seed).render_text().text;
            let mut want = dates_in(&t, 0, t.len());
            assert!(!want.is_empty(), "seed {seed}");
            want.reverse();
            assert_eq!(
                dates_rev(&t, 0, t.len()).collect::<Vec<_>>(),
                want,
                "seed {seed}"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// The earliest (then shortest) of the address or phone keys ends where the first
        /// 地址 or 电话 does, as `contact` assumes.
        #[test]
        fn earliest_key_ends_at_first_common_part(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "通讯", "通信", "联系", "办公", "咨询", "地址", "电话", "/传真", "地", "话", "x",
                ]),
                0..16,
            )
        ) {
            let t = parts.concat();
            let earliest = |keys: &[&str]| {
                keys.iter()
                    .filter_map(|k| t.find(k).map(|p| (p, p + k.len())))
                    .min()
                    .map(|(_, e)| e)
            };
            let address = ["通讯地址", "通信地址", "联系地址", "办公地址", "地址"];
            let phone = ["联系电话", "咨询电话", "办公电话", "电话/传真", "电话"];
            proptest::prop_assert_eq!(earliest(&address), t.find("地址").map(|p| p + 6));
            proptest::prop_assert_eq!(earliest(&phone), t.find("电话").map(|p| p + 6));
        }
    }

    /// The character loop `suffix_ends` replaced (the oracle).
    fn suffix_ends_chars(window: &str) -> Vec<usize> {
        let mut ends = Vec::new();
        for (i, c) in window.char_indices() {
            let e = i + c.len_utf8();
            if is_org_suffix_last(c) {
                let after = slice(window, e, window.len());
                if after.chars().next().is_some_and(is_verb_first)
                    && VERBS.iter().any(|v| after.starts_with(v))
                    && ends.len() < 40
                {
                    ends.push(e);
                }
            }
        }
        ends
    }

    fn clean_agency_ref(s: &str) -> Option<String> {
        let compacted = compact(s);
        let mut s = compacted.as_str();
        for p in ["关于", "标题:", "标题：", "本机关"] {
            if let Some(r) = s.strip_prefix(p) {
                s = r;
            }
        }
        while let Some(r) = s.strip_suffix('的') {
            s = r;
        }
        let s = s.trim_matches(|c: char| c.is_whitespace() || c == '“' || c == '”' || c == '"');
        let n = s.chars().count();
        if !(2..=40).contains(&n)
            || !s
                .chars()
                .all(|c| is_han(c) || matches!(c, '(' | ')' | '（' | '）' | '·'))
        {
            return None;
        }
        Some(s.to_string())
    }

    fn opener_parts_agree(t: &str) -> Result<(), String> {
        let w = slice(t, 0, t.char_indices().nth(40).map_or(t.len(), |(i, _)| i));
        if nth_char_end(t, 40) != w.len() {
            return Err(format!("{t:?}: window end"));
        }
        let (ends, n) = suffix_ends(w);
        if ends[..n] != suffix_ends_chars(w)[..] {
            return Err(format!(
                "{t:?}: {:?} != {:?}",
                &ends[..n],
                suffix_ends_chars(w)
            ));
        }
        for (i, _) in t.char_indices() {
            for j in [t.len(), nth_char_end(&t[i..], 12) + i] {
                if clean_agency(&t[i..j]) != clean_agency_ref(&t[i..j]) {
                    return Err(format!("{t:?}: clean_agency of {:?}", &t[i..j]));
                }
            }
        }
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// The byte-level suffix scan, window end and agency check read as the character
        /// loops they replaced.
        #[test]
        fn opener_scan_is_char_scan(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "某市", "人民政府", "办公室", "局", "委员会", "中心", "区", "司", "认真",
                    "坚持", "以", "进一步", "主动", "在", "的", "(", "）", "·", " ", "\n", "x",
                    "厅", "府", "会", "所", "站", "馆", "署", "院", "心", "委", "室", "办",
                    "2021", "，", "関", "\u{3000}", "关于", "标题：", "本机关", "“", "é",
                ]),
                0..30,
            ),
        ) {
            let t = parts.concat();
            if let Err(e) = opener_parts_agree(&t) {
                proptest::prop_assert!(false, "{}", e);
            }
        }
    }

    #[test]
    fn opener_scan_is_char_scan_on_reports() {
        for seed in 0..40 {
            let s = xxgk_model::testkit::generate(seed);
            let t = s.render_text().text;
            let doc = xxgk_normalize::normalize_str(&t);
            let text = doc.text();
            // every line start of the first 3000 bytes
            let head = &text[..crate::text::floor_boundary(text, 3000)];
            for (i, _) in head.match_indices('\n') {
                let line = &text[i + 1..];
                let line = &line[..nth_char_end(line, 60)];
                opener_parts_agree(line).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
            }
        }
    }

    #[test]
    fn suffix_last_characters_are_three_bytes_with_their_bit() {
        let all: Vec<char> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| is_org_suffix_last(c))
            .collect();
        assert_eq!(all.len(), 15);
        for c in all {
            let mut b = [0u8; 4];
            let e = c.encode_utf8(&mut b).as_bytes();
            assert_eq!(e.len(), 3, "{c}");
            assert!(SUFFIX_LAST_BYTES >> (e[2] & 0x3F) & 1 != 0, "{c}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// One search for 日期 finds the header dates the four key searches found; one pass
        /// finds the first title key the six searches found.
        #[test]
        fn header_keys_and_title_keys_in_one_pass(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "发布", "发文", "成文", "日期", "时间", "发布时间", "发布日期", "：", ":", " ",
                    "2021年3月1日", "2020-01-20", "x", "\n", "日", "期", "信息公开", "信息公開",
                    "政务公开", "政務公開", "政府信息", "政务信息", "信息", "政府", "政务", "信",
                    "政", "某市", "2021年",
                ]),
                0..20,
            ),
            from in 0usize..12,
        ) {
            let t = parts.concat();
            let from = crate::text::ceil_boundary(&t, from.min(t.len()));
            let r = Span::new(from, t.len());
            proptest::prop_assert_eq!(header_date(&t, r), header_date_each_key(&t, r));
            let want = AGENCY_END_KEYS.iter().filter_map(|k| find_first(&t, k)).min();
            proptest::prop_assert_eq!(first_title_key(&t), want);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// `first_of` is the least of the keys' first occurrences.
        #[test]
        fn first_of_is_least_first_occurrence(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "按照", "根据", "依据", "依照", "编制", "负责", "汇总", "结合", "制作", "撰写",
                    "所辖", "各", "全市", "本级", "http", "www.", "WWW.", "查阅", "下载", "查",
                    "按", "依", "w", "h", "x", " ", "某市人民政府", "\u{3000}", "é",
                ]),
                0..16,
            ),
            which in 0usize..4,
        ) {
            let t = parts.concat();
            let lists: [&[&str]; 4] = [
                &["按照", "根据", "依据", "依照", "编制", "负责", "汇总", "结合", "制作", "撰写"],
                &["所辖", "各", "全市", "全县", "全区", "本级"],
                &["http", "www.", "WWW."],
                &["查阅", "下载", "浏览", "获取", "查询", "查看"],
            ];
            let keys = lists[which];
            let want = keys.iter().filter_map(|k| find_first(&t, k)).min();
            proptest::prop_assert_eq!(first_of(&t, keys), want);
        }
    }

    #[test]
    fn titles_and_agencies() {
        let t = "标题: 平潭综合实验区2019年度政府信息公开工作年度报告\n正文";
        let f = title(t, t.len()).unwrap();
        assert_eq!(f.value, "平潭综合实验区2019年度政府信息公开工作年度报告");
        assert_eq!(agency_from_title(&f).unwrap(), "平潭综合实验区");
        assert_eq!(year_from_title(&f), Some(2019));

        let t =
            "x.docx\n\n济宁市任城区人民政府 2021 年政府信息公开工作年度报告 本报告由某办公室编制。";
        let f = title(t, t.len()).unwrap();
        assert_eq!(
            f.value,
            "济宁市任城区人民政府2021年政府信息公开工作年度报告"
        );
        assert_eq!(
            &t[f.span.range()],
            "济宁市任城区人民政府 2021 年政府信息公开工作年度报告"
        );
        assert_eq!(agency_from_title(&f).unwrap(), "济宁市任城区人民政府");

        let t = "2020年上海市政府信息公开工作年度报告\n";
        let f = title(t, t.len()).unwrap();
        assert_eq!(agency_from_title(&f).unwrap(), "上海市人民政府");
        // a sentence is not a title
        let t = "编制本机关2020年度政府信息公开年度报告并向社会公布。";
        assert!(title(t, t.len()).is_none());
    }

    #[test]
    fn closing_block() {
        let t = "六、其他需要报告的事项(无)\n(无)\n大安市人民政府\n2020年1月31日\n";
        let c = closing(t, 0, t.len()).unwrap();
        assert_eq!(c.agency.unwrap().value, "大安市人民政府");
        assert_eq!(c.date.value, NaiveDate::from_ymd_opt(2020, 1, 31).unwrap());
        let t = "无。\n          某县人民政府办公室\n\n          二〇二一年一月二十八日";
        let c = closing(t, 0, t.len()).unwrap();
        assert_eq!(c.agency.unwrap().value, "某县人民政府办公室");
        assert_eq!(c.date.value, NaiveDate::from_ymd_opt(2021, 1, 28).unwrap());
        // a date that starts a sentence is not a signature
        let t = "六、其他需要报告的事项\n2020年11月19日—20日,举办培训。";
        assert!(closing(t, 0, t.len()).is_none());
    }

    #[test]
    fn preamble_facts() {
        let t = "本报告由“总体情况”等组成。所列数据截止日期为2019年12月31日,电子版可在大安市人民政府政务公开专栏下载。如对本年度报告有任何疑问,请与大安市政务公开领导小组办公室联系(地址:大安市人民路21号;邮编:131300;电话:0436-5211180;传真:0436-5211181;电子邮件:a@b.gov.cn)。";
        let (p, cut) = period(t, whole(t));
        assert!(p.is_none());
        assert_eq!(cut.unwrap().value, 2019);
        assert_eq!(
            website(t, whole(t)).unwrap().value,
            "大安市人民政府政务公开专栏"
        );
        let c = contact(t, whole(t));
        assert_eq!(c.address.unwrap().value, "大安市人民路21号");
        assert_eq!(c.postcode.unwrap().value, "131300");
        assert_eq!(c.phone.unwrap().value, "0436-5211180");
        assert_eq!(c.fax.unwrap().value, "0436-5211181");
        assert_eq!(c.email.unwrap().value, "a@b.gov.cn");

        let t = "本报告所列数据的统计期限自 2021 年 1 月 1 日起至 2021 年 12 月 31 日止。本报告电子版可在“中国·任城”政府门户网站 (http://www.rencheng.gov.cn/)查阅或下载。";
        let (p, _) = period(t, whole(t));
        let p = p.unwrap();
        assert_eq!(p.value.end, NaiveDate::from_ymd_opt(2021, 12, 31).unwrap());
        assert_eq!(
            website(t, whole(t)).unwrap().value,
            "http://www.rencheng.gov.cn/"
        );
    }

    #[test]
    fn verb_first_characters() {
        for v in VERBS {
            assert!(is_verb_first(v.chars().next().unwrap()), "{v}");
        }
    }

    #[test]
    fn org_suffix_last_characters() {
        for suf in ORG_SUFFIXES {
            assert!(
                is_org_suffix_last(suf.chars().next_back().unwrap()),
                "{suf}"
            );
        }
        let lasts: std::collections::BTreeSet<char> = ORG_SUFFIXES
            .iter()
            .map(|s| s.chars().next_back().unwrap())
            .collect();
        for c in [
            '厅', '室', '府', '会', '局', '委', '办', '心', '院', '署', '所', '站', '馆', '区',
            '司',
        ] {
            assert!(lasts.contains(&c), "{c}");
        }
    }

    #[test]
    fn one_number_for_phone_and_fax() {
        for t in [
            "联系地址：某路1号；邮编：350400；电话/传真：0591-23165370；电子邮箱：a@b.cn。",
            "联系地址：某路1号；传真、电话：0591-23165370。",
            "电话／传真 0591-23165370",
        ] {
            let c = contact(t, whole(t));
            let phone = c.phone.unwrap();
            let fax = c.fax.unwrap();
            assert_eq!(phone.value, "0591-23165370", "{t}");
            assert_eq!(fax.value, "0591-23165370", "{t}");
            assert_eq!(&t[phone.span.range()], "0591-23165370");
            assert_eq!(phone.span, fax.span);
        }
        // separate numbers stay separate
        let t = "电话：0591-1111111；传真：0591-2222222";
        let c = contact(t, whole(t));
        assert_eq!(c.phone.unwrap().value, "0591-1111111");
        assert_eq!(c.fax.unwrap().value, "0591-2222222");
    }

    #[test]
    fn agencies_from_prose() {
        let t = "本报告按照要求,汇总曲靖市所辖各县政府信息公开工作年度报告编制而成。";
        let c = agency_candidates(t, whole(t), None);
        assert_eq!(c[0].field.value, "曲靖市人民政府");
        let t = "一、总体情况\n2020年,湖南省人民政府办公厅认真落实条例。";
        let body = Span::new(t.find('\n').unwrap(), t.len());
        let c = agency_candidates(t, Span::new(0, 0), Some(body));
        assert_eq!(c[0].field.value, "湖南省人民政府办公厅");
        assert_eq!(&t[c[0].field.span.range()], "湖南省人民政府办公厅");
        assert_eq!(overview_year(t, body).unwrap().value, 2020);
    }
}
