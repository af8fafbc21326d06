//! Template decision from the labels the tables print, with the year as tie-breaker.

use crate::text::Needle;
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
///
/// Compares bytes first: the label printed whole, or broken off at a character that is no
/// white space (so no skipping can help), is decided without decoding anything.
fn spaced_at(hay: &str, p: usize, label: &str) -> Option<usize> {
    let lb = label.as_bytes();
    let tail = hay.as_bytes().get(p..)?;
    let m = common_prefix(tail, lb);
    if m == lb.len() {
        return Some(p + m);
    }
    // the label character whose bytes differ: the text before it matched whole, so the text
    // has a character boundary there too
    let mut k = m;
    while k > 0 && !label.is_char_boundary(k) {
        k -= 1;
    }
    // a three-byte character led by E4..E9 (U+4000..U+9FFF) or an ASCII byte other than
    // white space is no white space: decided without decoding
    match tail.get(k) {
        Some(0xE4..=0xE9) => return None,
        Some(b) if b.is_ascii() && !b.is_ascii_whitespace() && *b != 0x0B => return None,
        _ => {}
    }
    // no label holds white space: a character equal to the wanted one is never skipped
    let c = hay.get(p + k..)?.chars().next()?;
    if k == 0 || matches!(c as u32, 0x4E00..=0x9FFF) || !c.is_whitespace() {
        return None;
    }
    spaced_at_slow(hay, p, label)
}

/// The length of the common prefix of `a` and `b`, compared eight bytes at a time.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 8 <= n {
        let (Some(x), Some(y)) = (a.get(i..i + 8), b.get(i..i + 8)) else {
            break;
        };
        let mut xa = [0u8; 8];
        let mut ya = [0u8; 8];
        xa.copy_from_slice(x);
        ya.copy_from_slice(y);
        let d = u64::from_le_bytes(xa) ^ u64::from_le_bytes(ya);
        if d != 0 {
            return i + (d.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < n && a.get(i) == b.get(i) {
        i += 1;
    }
    i
}

/// [`spaced_at`] character by character.
fn spaced_at_slow(hay: &str, p: usize, label: &str) -> Option<usize> {
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

/// Every label, [`GOV2021`] first.
const LABELS: usize = GOV2021.len() + GOV2019.len();

/// The label at index `k` of the [`GOV2021`] then [`GOV2019`] list.
fn label(k: usize) -> Option<&'static str> {
    match k.checked_sub(GOV2021.len()) {
        None => GOV2021.get(k).copied(),
        Some(j) => GOV2019.get(j).copied(),
    }
}

/// The indexes (see [`label`]) of the labels that start with `c`, in list order.
fn labels_starting(c: char) -> &'static [usize] {
    match c {
        '本' => &[0, 1, 3, 4, 7, 8, 11, 12],
        '现' => &[2],
        '逾' => &[5, 6],
        '对' => &[9],
        '上' => &[10],
        '其' => &[13],
        '政' => &[14],
        '采' => &[15, 16],
        _ => &[],
    }
}

/// The characters labels start with, each with a prebuilt searcher.
static FIRSTS: [(char, Needle); 8] = [
    ('本', Needle::new("本")),
    ('现', Needle::new("现")),
    ('逾', Needle::new("逾")),
    ('对', Needle::new("对")),
    ('上', Needle::new("上")),
    ('其', Needle::new("其")),
    ('政', Needle::new("政")),
    ('采', Needle::new("采")),
];

/// The first occurrence of each label (in [`GOV2021`] then [`GOV2019`] order) in `hay`, white
/// space allowed between their characters, as (start, end). For each first character, its
/// occurrences are visited leftmost first and the labels starting with it not yet found are
/// checked there (at most a few dozen bytes), so the work is linear.
fn find_spaced_all(hay: &str) -> [Option<(usize, usize)>; LABELS] {
    let mut found: [Option<(usize, usize)>; LABELS] = [None; LABELS];
    for (c, needle) in &FIRSTS {
        let ks = labels_starting(*c);
        let mut left = ks.len();
        for at in needle.find_iter(hay) {
            for &k in ks {
                let Some(slot) = found.get_mut(k) else {
                    continue;
                };
                if slot.is_some() {
                    continue;
                }
                let Some(l) = label(k) else { continue };
                if let Some(e) = spaced_at(hay, at, l) {
                    *slot = Some((at, e));
                    left = left.saturating_sub(1);
                }
            }
            if left == 0 {
                break;
            }
        }
    }
    found
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
    let found = find_spaced_all(raw);
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
        // every label first character has its searcher, and only those
        for (c, needle) in &FIRSTS {
            assert!(is_label_first(*c), "{c}");
            assert_eq!(needle.find_first(&c.to_string()), Some(0), "{c}");
            assert!(!labels_starting(*c).is_empty(), "{c}");
        }
        for l in GOV2021.iter().chain(GOV2019) {
            let c = l.chars().next().unwrap();
            assert!(FIRSTS.iter().any(|(f, _)| *f == c), "{l}");
        }
        for l in GOV2021.iter().chain(GOV2019) {
            assert!(!l.chars().any(char::is_whitespace), "{l}");
        }
    }

    #[test]
    fn labels_by_first_character() {
        for k in 0..LABELS {
            let c = label(k).unwrap().chars().next().unwrap();
            assert!(labels_starting(c).contains(&k), "{k}");
        }
        for c in ['本', '现', '逾', '对', '上', '其', '政', '采'] {
            for &k in labels_starting(c) {
                assert!(label(k).unwrap().starts_with(c));
            }
            assert!(labels_starting(c).windows(2).all(|w| w[0] < w[1]));
        }
        assert!(label(LABELS).is_none());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        /// The byte comparison agrees with the character-by-character match.
        #[test]
        fn spaced_at_matches_slow(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "本", "年", "新", "制作", "数量", "增", "/", "减", " ", "\n", "\u{3000}", "\u{a0}",
                    "\t", "x", "本年新", "本年增/减", "采购", "项目", "政府集中采购", "\u{2028}",
                ]),
                0..14,
            ),
            k in 0..LABELS,
        ) {
            let t = parts.concat();
            let l = label(k).unwrap();
            for (p, _) in t.match_indices(l.chars().next().unwrap()) {
                proptest::prop_assert_eq!(spaced_at(&t, p, l), spaced_at_slow(&t, p, l), "{:?} {}", t, l);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        /// The eight-byte prefix comparison counts as the byte-by-byte one.
        #[test]
        fn common_prefix_is_bytewise(
            a in proptest::collection::vec(proptest::sample::select(vec![0u8, 1, 0xE6, 0x9C]), 0..40),
            b in proptest::collection::vec(proptest::sample::select(vec![0u8, 1, 0xE6, 0x9C]), 0..40),
            share in 0usize..40,
        ) {
            let mut b = b;
            let k = share.min(a.len()).min(b.len());
            b[..k].copy_from_slice(&a[..k]);
            let want = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
            proptest::prop_assert_eq!(common_prefix(&a, &b), want);
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
