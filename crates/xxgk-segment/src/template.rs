//! Template decision from the labels the tables print, with the year as tie-breaker.

use xxgk_model::{Span, Template};

/// How the template was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Basis {
    /// Labels of one template outnumber the other's.
    Labels,
    /// No discriminating label: the year decided.
    Year,
}

/// The template with the evidence for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateDecision {
    /// The template.
    pub template: Template,
    /// How it was decided.
    pub basis: Basis,
    /// Distinct `gov2021` labels seen (本年制发件数, 本年收费金额, the three （六） sub-rows…).
    pub gov2021_labels: u32,
    /// Distinct `gov2019` labels seen (本年新制作数量, 政府集中采购, 其他对外管理服务事项…).
    pub gov2019_labels: u32,
    /// The first discriminating label (normalized text), if any.
    pub evidence: Option<Span>,
}

const GOV2021: &[&str] = &[
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "本年收费金额",
    "本年处理决定数量",
    "逾期不补正",
    "逾期未按收费通知",
];

const GOV2019: &[&str] = &[
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增/减",
    "本年增减",
    "其他对外管理服务事项",
    "政府集中采购",
    "采购项目数量",
    "采购总金额",
];

/// The end of `label` when it occurs at `p` in `hay` (`p` at its first character), allowing
/// up to 8 white space characters (PDF line breaks) before each following character.
fn spaced_at(hay: &str, p: usize, label: &str) -> Option<usize> {
    let mut chars = label.chars();
    let first = chars.next()?;
    let mut i = p + first.len_utf8();
    for want in chars {
        let mut skipped = 0;
        let mut found = false;
        for (j, c) in hay.get(i..)?.char_indices() {
            // no label holds white space: a character equal to `want` is never skipped
            if c == want {
                i += j + c.len_utf8();
                found = true;
                break;
            }
            // (CJK Unified Ideographs are no white space: no table look-up for them)
            if !matches!(c as u32, 0x4E00..=0x9FFF) && c.is_whitespace() && skipped < 8 {
                skipped += 1;
                continue;
            }
            break;
        }
        if !found {
            return None;
        }
    }
    Some(i)
}

/// The first occurrence of each label of `lists` (in order) in `hay`, white space allowed
/// between their characters, as (start, end). One pass over the characters of `hay`: where a
/// character starts a label not yet found, the label is checked there (at most a few dozen
/// bytes), so the work is linear.
fn find_spaced_all(hay: &str, labels: &[&str]) -> Vec<Option<(usize, usize)>> {
    let mut found: Vec<Option<(usize, usize)>> = vec![None; labels.len()];
    let firsts: Vec<Option<char>> = labels.iter().map(|l| l.chars().next()).collect();
    let mut left = firsts.iter().filter(|f| f.is_some()).count();
    if left == 0 {
        return found;
    }
    let bytes = hay.as_bytes();
    let mut p = 0;
    while let Some(&lead) = bytes.get(p) {
        // every label starts with a three-byte character: step over the others by their
        // UTF-8 length and test the three bytes before decoding anything
        let width = match lead {
            0..=0x7F => 1,
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        let at = p;
        p += width;
        if width != 3 {
            continue;
        }
        // the last byte rules out most characters (one bit per continuation byte value)
        if bytes
            .get(at + 2)
            .is_none_or(|&b| (LABEL_FIRST_LAST >> (b & 0x3F)) & 1 == 0)
        {
            continue;
        }
        let Some(c) = bytes.get(at..p).and_then(label_first_bytes) else {
            continue;
        };
        let p = at;
        for (k, label) in labels.iter().enumerate() {
            if firsts.get(k).copied().flatten() != Some(c)
                || found.get(k).is_some_and(Option::is_some)
            {
                continue;
            }
            if let Some(e) = spaced_at(hay, p, label) {
                if let Some(f) = found.get_mut(k) {
                    *f = Some((p, e));
                }
                left = left.saturating_sub(1);
            }
        }
        if left == 0 {
            break;
        }
    }
    found
}

/// Bit `b & 0x3F` set for the last UTF-8 byte `b` of each character of [`label_first_bytes`].
const LABEL_FIRST_LAST: u64 = (1 << (0xAC & 0x3F))
    | (1 << (0xB0 & 0x3F))
    | (1 << (0xBE & 0x3F))
    | (1 << (0xB9 & 0x3F))
    | (1 << (0x8A & 0x3F))
    | (1 << (0xB6 & 0x3F))
    | (1 << (0xBF & 0x3F))
    | (1 << (0x87 & 0x3F));

/// The label first character (see [`is_label_first`]) whose UTF-8 bytes are `b`, if any.
fn label_first_bytes(b: &[u8]) -> Option<char> {
    let c = match b {
        [0xE6, 0x9C, 0xAC] => '本',
        [0xE7, 0x8E, 0xB0] => '现',
        [0xE9, 0x80, 0xBE] => '逾',
        [0xE5, 0xAF, 0xB9] => '对',
        [0xE4, 0xB8, 0x8A] => '上',
        [0xE5, 0x85, 0xB6] => '其',
        [0xE6, 0x94, 0xBF] => '政',
        [0xE9, 0x87, 0x87] => '采',
        _ => return None,
    };
    Some(c)
}

/// True for the first characters of the [`GOV2021`] and [`GOV2019`] labels.
#[cfg(test)]
fn is_label_first(c: char) -> bool {
    matches!(c, '本' | '现' | '逾' | '对' | '上' | '其' | '政' | '采')
}

/// Counts the labels of each template in `text[region]`. Labels broken by spaces or line
/// breaks (PDF text) are matched too. Returns (gov2021, gov2019, first label position).
pub(crate) fn count_labels(text: &str, region: Span) -> (u32, u32, Option<Span>) {
    let raw = text.get(region.range()).unwrap_or("");
    let mut first: Option<Span> = None;
    let all: Vec<&str> = GOV2021.iter().chain(GOV2019).copied().collect();
    let found = find_spaced_all(raw, &all);
    let (f21, f19) = found.split_at(GOV2021.len().min(found.len()));
    let mut count = |labels: &[Option<(usize, usize)>]| -> u32 {
        let mut n = 0;
        for &(s, e) in labels.iter().flatten() {
            n += 1;
            let sp = Span::new(region.start + s, region.start + e);
            if first.is_none_or(|f| sp.start < f.start) {
                first = Some(sp);
            }
        }
        n
    };
    let a = count(f21);
    let b = count(f19);
    (a, b, first)
}

/// Decides the template from label counts and the year.
pub(crate) fn decide(
    n21: u32,
    n19: u32,
    evidence: Option<Span>,
    year: Option<i32>,
) -> Option<TemplateDecision> {
    let by_labels = match n21.cmp(&n19) {
        std::cmp::Ordering::Greater => Some(Template::Gov2021),
        std::cmp::Ordering::Less => Some(Template::Gov2019),
        std::cmp::Ordering::Equal => None,
    };
    let (template, basis) = match (by_labels, year) {
        (Some(t), _) => (t, Basis::Labels),
        (None, Some(y)) => (Template::for_year(y), Basis::Year),
        (None, None) => return None,
    };
    Some(TemplateDecision {
        template,
        basis,
        gov2021_labels: n21,
        gov2019_labels: n19,
        evidence: if basis == Basis::Labels {
            evidence
        } else {
            None
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_first_characters() {
        for l in GOV2021.iter().chain(GOV2019) {
            assert!(is_label_first(l.chars().next().unwrap()), "{l}");
        }
        for c in ['本', '现', '逾', '对', '上', '其', '政', '采', '年', '一'] {
            let mut b = [0; 4];
            let s = c.encode_utf8(&mut b);
            let got = label_first_bytes(s.as_bytes());
            assert_eq!(got.is_some(), is_label_first(c), "{c}");
            assert!(got.is_none_or(|g| g == c), "{c}");
            if got.is_some() {
                assert_eq!(s.len(), 3, "{c}");
                assert_ne!((LABEL_FIRST_LAST >> (s.as_bytes()[2] & 0x3F)) & 1, 0, "{c}");
            }
        }
        for l in GOV2021.iter().chain(GOV2019) {
            assert!(!l.chars().any(char::is_whitespace), "{l}");
        }
    }

    #[test]
    fn spaced_labels() {
        let t = "本年 新\n\n制作数量 本年\u{3000}新公开 数量";
        assert_eq!(
            spaced_at(t, 0, "本年新制作数量"),
            Some(t.find("量").unwrap() + 3)
        );
        assert_eq!(spaced_at(t, 0, "本年新公开数量"), None);
        let q = t.rfind("本年").unwrap();
        assert_eq!(spaced_at(t, q, "本年新公开数量"), Some(t.len()));
        let far = format!("本年{}新制作数量", " ".repeat(9));
        assert_eq!(spaced_at(&far, 0, "本年新制作数量"), None);
        let near = format!("本年{}新制作数量", " ".repeat(8));
        assert_eq!(spaced_at(&near, 0, "本年新制作数量"), Some(near.len()));
    }

    #[test]
    fn labels_decide() {
        let t = "信息内容 本年新\n制作数量 本年新公开数量 政府集中采购";
        let (a, b, ev) = count_labels(t, Span::new(0, t.len()));
        assert_eq!((a, b), (0, 3));
        assert_eq!(&t[ev.unwrap().range()], "本年新\n制作数量");
        let d = decide(a, b, ev, Some(2021)).unwrap();
        assert_eq!(d.template, Template::Gov2019);
        assert_eq!(d.basis, Basis::Labels);
        let d = decide(0, 0, None, Some(2018)).unwrap();
        assert_eq!((d.template, d.basis), (Template::Legacy, Basis::Year));
        assert!(decide(0, 0, None, None).is_none());
    }
}
