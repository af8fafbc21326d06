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
            if c.is_whitespace() && skipped < 8 {
                skipped += 1;
                continue;
            }
            if c == want {
                i += j + c.len_utf8();
                found = true;
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
    for (p, c) in hay.char_indices() {
        if !is_label_first(c) {
            continue;
        }
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

/// True for the first characters of the [`GOV2021`] and [`GOV2019`] labels.
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
