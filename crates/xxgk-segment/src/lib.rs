//! Find the sections, sub-sections, metadata and template of a Chinese government
//! information-disclosure annual report (政府信息公开工作年度报告).
//!
//! Third layer of xxgk (`xxgk-model` → `xxgk-normalize` → **`xxgk-segment`** → `xxgk-table`). It
//! reads the *normalized* text of one report and finds:
//!
//! - the six **sections** (一、总体情况 … 六、其他需要报告的事项) with their canonical
//!   [`SectionKind`], wherever the headings are: on their own lines, inline after a sentence end
//!   (line breaks lost), glued to table digits, spaced out by PDF extraction (`一、总 体 情 况`),
//!   followed by content on the same line (`六、其他需要报告的事项(无)`). Table-3 row labels
//!   (`一、本年新收…`, `四、结转下年度继续办理`), tables of contents and the preamble's list of
//!   parts are not taken as headings;
//! - the **sub-sections** of each prose section (`（一）`, `1.`, `（1）`, `一是…`) as a tree;
//! - the **preamble** (before 一) and the **closing** signature block (agency and date);
//! - the **metadata** — title, agency, year the statistics cover, statistics period,
//!   publication date, website, contact — each value with the span it was read from;
//! - the **template** (`gov2021` / `gov2019` / `legacy`) from the labels the tables print, with
//!   the year as tie-breaker.
//!
//! Everything found is in normalized-text offsets; [`Segmented::to_original`] and
//! [`Segmented::fill_report`] map spans back to the caller's original bytes. Nothing here panics
//! or fails: what is missing or ambiguous becomes a [`Diagnostic`].
//!
//! # Example
//!
//! ```
//! use xxgk_model::{SectionKind, Template};
//! let text = "某市人民政府2021年政府信息公开工作年度报告\n\
//!     本报告所列数据的统计期限自2021年1月1日起至2021年12月31日止。\n\
//!     一、总体情况\n2021年，某市人民政府认真落实条例。\n\
//!     二、主动公开政府信息情况\n本年制发件数 本年废止件数 现行有效件数\n\
//!     三、收到和处理政府信息公开申请情况\n\
//!     四、政府信息公开行政复议、行政诉讼情况\n\
//!     五、存在的主要问题及改进情况\n（一）存在的主要问题\n一是不足。\n\
//!     六、其他需要报告的事项\n无。\n某市人民政府\n2022年1月20日\n";
//! let doc = xxgk_normalize::normalize(text.as_bytes())?;
//! let seg = xxgk_segment::segment(&doc);
//! let kinds: Vec<SectionKind> = seg.sections().map(|s| s.kind).collect();
//! assert_eq!(kinds, SectionKind::ALL[..6]);
//! assert_eq!(seg.sections().next().unwrap().heading, "一、总体情况");
//!
//! let mut report = xxgk_model::Report::default();
//! seg.fill_report(&mut report);
//! assert_eq!(report.year, Some(2021));
//! assert_eq!(report.agency.as_deref(), Some("某市人民政府"));
//! assert_eq!(report.template, Some(Template::Gov2021));
//! assert_eq!(report.published.unwrap().to_string(), "2022-01-20");
//! // spans point into the input
//! let s = &report.sections[4];
//! assert!(text[s.span.range()].starts_with("五、存在的主要问题及改进情况"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Input safety
//!
//! The scan is linear in the input: every candidate heading is checked on a window of at most
//! 40 characters, and the chain of headings is chosen by a dynamic program over at most
//! [`SegmentOptions::max_candidates`] candidates (over the limit, the rest is ignored with a
//! `limit_exceeded` diagnostic).

mod heading;
mod meta;
mod num;
mod sub;
mod template;
mod text;

pub use meta::{Candidate, Closing, ContactFields, Field, Source};
pub use sub::{Style, SubSection};
pub use template::{Basis, TemplateDecision};

use chrono::{Datelike, NaiveDate};
use text::slice;
use xxgk_model::{Code, Diagnostic, Period, Report, SectionKind, Span, Template};
use xxgk_normalize::Normalized;

/// A section found in the text; spans are in normalized-text offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section<'a> {
    /// Canonical kind.
    pub kind: SectionKind,
    /// Printed numeral (一 = 1).
    pub number: Option<u8>,
    /// Heading text, numeral included (`一、总体情况`).
    pub heading: &'a str,
    /// Heading span (normalized text).
    pub heading_span: Span,
    /// Whole section span, heading included, up to the next section or the closing
    /// (normalized text).
    pub span: Span,
    /// The text after the heading (normalized text; empty for a bare heading).
    pub body: Span,
    /// Numbered parts inside the section (prose sections only: 一, 五, 六 and unknown ones).
    pub subsections: Vec<SubSection<'a>>,
}

/// Options for [`segment_with`].
///
/// ```
/// let mut opts = xxgk_segment::SegmentOptions::new();
/// opts.subsections(false).max_candidates(10_000);
/// let doc = xxgk_normalize::normalize("一、总体情况\n（一）主动公开\n".as_bytes())?;
/// let seg = xxgk_segment::segment_with(&doc, &opts);
/// assert!(seg.sections().next().unwrap().subsections.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct SegmentOptions {
    subsections: bool,
    max_candidates: usize,
}

impl Default for SegmentOptions {
    fn default() -> Self {
        SegmentOptions {
            subsections: true,
            max_candidates: 100_000,
        }
    }
}

impl SegmentOptions {
    /// The defaults: sub-sections on, at most 100 000 heading candidates.
    pub fn new() -> SegmentOptions {
        SegmentOptions::default()
    }

    /// Whether to build the sub-section tree of each prose section (default on).
    pub fn subsections(&mut self, yes: bool) -> &mut SegmentOptions {
        self.subsections = yes;
        self
    }

    /// The most heading candidates examined (input safety; default 100 000).
    pub fn max_candidates(&mut self, n: usize) -> &mut SegmentOptions {
        self.max_candidates = n;
        self
    }
}

/// Metadata of a report, each value with its span (normalized text).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Metadata {
    /// The title line (spaces inside removed).
    pub title: Option<Field<String>>,
    /// The reporting body (the best candidate).
    pub agency: Option<Field<String>>,
    /// Where the chosen agency came from.
    pub agency_source: Option<Source>,
    /// Every agency candidate seen, best source first.
    pub agency_candidates: Vec<Candidate<String>>,
    /// The year the statistics cover.
    pub year: Option<Field<i32>>,
    /// Where the chosen year came from.
    pub year_source: Option<Source>,
    /// Statistics period.
    pub period: Option<Field<Period>>,
    /// Publication (signature) date.
    pub published: Option<Field<NaiveDate>>,
    /// URL or portal name of the electronic version.
    pub website: Option<Field<String>>,
    /// Contact details.
    pub contact: ContactFields,
}

/// The result of segmenting one report; borrows the normalized text.
#[derive(Debug, Clone)]
pub struct Segmented<'a> {
    doc: &'a Normalized<'a>,
    sections: Vec<Section<'a>>,
    preamble: Span,
    closing: Option<Closing>,
    metadata: Metadata,
    template: Option<TemplateDecision>,
    diagnostics: Vec<Diagnostic>,
}

/// Iterator over the sections of a [`Segmented`], in document order.
#[derive(Debug, Clone)]
pub struct Sections<'s, 'a>(std::slice::Iter<'s, Section<'a>>);

impl<'s, 'a> Iterator for Sections<'s, 'a> {
    type Item = &'s Section<'a>;
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next()
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for Sections<'_, '_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back()
    }
}

impl ExactSizeIterator for Sections<'_, '_> {}

impl<'a> Segmented<'a> {
    /// The normalized text.
    pub fn text(&self) -> &'a str {
        self.doc.text()
    }

    /// Sections in document order.
    pub fn sections(&self) -> Sections<'_, 'a> {
        Sections(self.sections.iter())
    }

    /// The first section of `kind`.
    pub fn section(&self, kind: SectionKind) -> Option<&Section<'a>> {
        self.sections.iter().find(|s| s.kind == kind)
    }

    /// Text before the first section (normalized text; the whole text when no section was
    /// found).
    pub fn preamble(&self) -> Span {
        self.preamble
    }

    /// The signature block after the last section.
    pub fn closing(&self) -> Option<&Closing> {
        self.closing.as_ref()
    }

    /// Title, agency, year, period, publication date, website, contact.
    pub fn metadata(&self) -> &Metadata {
        &self.metadata
    }

    /// The template decision, when the labels or the year allow one.
    pub fn template(&self) -> Option<&TemplateDecision> {
        self.template.as_ref()
    }

    /// What segmentation noticed (spans in the original input).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Maps a normalized span to the original input.
    pub fn to_original(&self, span: Span) -> Span {
        self.doc.to_original(span)
    }

    /// The original span of a section: from its heading to the start of what follows it (the
    /// next heading, the closing), so consecutive sections tile the input even where the
    /// normalizer removed text (table border residue, page markers) at a section's end.
    pub fn section_span(&self, section: &Section<'_>) -> Span {
        let mapped = self.to_original(section.span);
        if section.span.end >= self.text().len() {
            return mapped;
        }
        let end = self.to_original(Span::empty(section.span.end)).start;
        Span::new(mapped.start, end.max(mapped.start))
    }

    /// Fills the segmentation fields of a report: `template`, `year`, `agency`, `title`,
    /// `period`, `published`, `website`, `contact`, `sections` (original spans), and appends the
    /// diagnostics.
    pub fn fill_report(&self, report: &mut Report) {
        let m = &self.metadata;
        report.template = self.template.as_ref().map(|t| t.template);
        report.year = m.year.as_ref().map(|f| f.value);
        report.agency = m.agency.as_ref().map(|f| f.value.clone());
        report.title = m.title.as_ref().map(|f| f.value.clone());
        report.period = m.period.as_ref().map(|f| f.value);
        report.published = m.published.as_ref().map(|f| f.value);
        report.website = m.website.as_ref().map(|f| f.value.clone());
        report.contact = (!m.contact.is_empty()).then(|| m.contact.to_model());
        for s in &self.sections {
            report.sections.push(xxgk_model::Section {
                kind: s.kind,
                number: s.number,
                heading: s.heading.to_string(),
                span: self.section_span(s),
            });
        }
        report.diagnostics.extend(self.diagnostics.iter().cloned());
    }
}

/// Segments a normalized report with the default options.
pub fn segment<'a>(doc: &'a Normalized<'a>) -> Segmented<'a> {
    segment_with(doc, &SegmentOptions::default())
}

struct Diags<'d, 'a> {
    doc: &'d Normalized<'a>,
    out: Vec<Diagnostic>,
}

impl Diags<'_, '_> {
    fn push(&mut self, code: Code, msg: impl Into<String>, span: Option<Span>) {
        let mut d = Diagnostic::new(code, msg);
        if let Some(s) = span {
            d = d.with_span(self.doc.to_original(s));
        }
        self.out.push(d);
    }
}

/// Segments a normalized report.
pub fn segment_with<'a>(doc: &'a Normalized<'a>, opts: &SegmentOptions) -> Segmented<'a> {
    let text: &'a str = doc.text();
    let mut diags = Diags {
        doc,
        out: Vec::new(),
    };

    // 1. headings
    let (cands, truncated, digit_seps) = heading::scan(text, opts.max_candidates, opts.subsections);
    if truncated {
        diags.push(
            Code::LimitExceeded,
            format!(
                "more than {} heading candidates: the rest of the text was not searched",
                opts.max_candidates
            ),
            None,
        );
    }
    let chosen = heading::choose(text, &cands);
    let picked: Vec<heading::Candidate> = chosen
        .picked
        .iter()
        .filter_map(|&i| cands.get(i).copied())
        .collect();

    // 2. closing after the last heading
    let closing = {
        let from = picked.last().map_or(0, |c| c.end);
        meta::closing(text, from, text.len())
    };
    let text_end = closing.as_ref().map_or(text.len(), |c| c.span.start);

    // 3. sections
    let mut sections = Vec::with_capacity(picked.len());
    for (i, c) in picked.iter().enumerate() {
        let next = picked.get(i + 1).map_or(text_end, |n| n.start).max(c.end);
        // the section runs to the next heading (white space and text the normalizer removed
        // included); its body leaves out surrounding white space
        let end = next;
        let body_end = sub::trim_end(text, c.start, next).max(c.end);
        let body_start = text::skip_ws(text, c.end).min(body_end);
        let body = Span::new(body_start, body_end);
        let prose = matches!(
            c.kind,
            SectionKind::Overview
                | SectionKind::Problems
                | SectionKind::Other
                | SectionKind::Unknown
        );
        let subsections = if opts.subsections && prose {
            sub::tree(text, body, &digit_seps)
        } else {
            Vec::new()
        };
        sections.push(Section {
            kind: c.kind,
            number: Some(c.number),
            heading: slice(text, c.start, c.end),
            heading_span: Span::new(c.start, c.end),
            span: Span::new(c.start, end),
            body,
            subsections,
        });
    }
    for &i in &chosen.out_of_order {
        if let Some(c) = cands.get(i) {
            diags.push(
                Code::SectionOutOfOrder,
                format!("section {} ({}) is out of template order", c.number, c.kind),
                Some(Span::new(c.start, c.end)),
            );
        }
    }
    for &i in &chosen.duplicates {
        if let Some(c) = cands.get(i) {
            diags.push(
                Code::SectionDuplicate,
                format!("heading of section {} ({}) occurs again", c.number, c.kind),
                Some(Span::new(c.start, c.end)),
            );
        }
    }
    for kind in &SectionKind::ALL[..6] {
        if !sections.iter().any(|s| s.kind == *kind) {
            diags.push(
                Code::SectionMissing,
                format!(
                    "no heading for section {} ({})",
                    kind.number().unwrap_or(0),
                    kind.label()
                ),
                None,
            );
        }
    }

    // 4. metadata
    let preamble = match sections.first() {
        Some(s) => Span::new(0, s.span.start),
        None => Span::new(0, text.len()),
    };
    // metadata search region: the preamble, or the first 16 KB when no section was found
    let meta_region = if sections.is_empty() {
        Span::new(0, text::floor_boundary(text, 16 * 1024))
    } else {
        preamble
    };
    let overview_body = sections
        .iter()
        .find(|s| s.kind == SectionKind::Overview)
        .map(|s| {
            Span::new(
                s.body.start,
                text::floor_boundary(text, (s.body.start + 600).min(s.body.end)),
            )
        });
    let metadata = metadata(
        text,
        meta_region,
        overview_body,
        closing.as_ref(),
        &sections,
        &mut diags,
    );

    // 5. template
    let table_region = {
        let mut tabled = sections.iter().filter(|s| s.kind.table().is_some());
        match tabled.next() {
            Some(a) => Span::new(a.span.start, tabled.next_back().unwrap_or(a).span.end),
            None => Span::new(0, text.len()),
        }
    };
    // Table 2 alone tells the template in almost every report (its header labels differ);
    // table 3's （六） sub-rows and the rest of the text are read only when it does not.
    let (mut n21, mut n19, mut evidence) = (0, 0, None);
    if let Some(s2) = sections
        .iter()
        .find(|s| s.kind == SectionKind::ActiveDisclosure)
    {
        (n21, n19, evidence) = template::count_labels(text, s2.span);
    }
    if n21 == n19 {
        (n21, n19, evidence) = template::count_labels(text, table_region);
    }
    let year = metadata.year.as_ref().map(|f| f.value);
    let decision = template::decide(n21, n19, evidence, year);
    match &decision {
        Some(d) if d.basis == Basis::Year => diags.push(
            Code::TemplateUncertain,
            format!(
                "no template label found; {} assumed from the year",
                d.template
            ),
            None,
        ),
        Some(d) => {
            if let Some(y) = year {
                if Template::for_year(y) != d.template {
                    diags.push(
                        Code::TemplateYearMismatch,
                        format!(
                            "the tables follow {} but a report on {y} is expected to follow {}",
                            d.template,
                            Template::for_year(y)
                        ),
                        d.evidence,
                    );
                }
            }
        }
        None => {}
    }

    Segmented {
        doc,
        sections,
        preamble,
        closing,
        metadata,
        template: decision,
        diagnostics: diags.out,
    }
}

fn metadata(
    text: &str,
    region: Span,
    overview_body: Option<Span>,
    closing: Option<&Closing>,
    sections: &[Section<'_>],
    diags: &mut Diags<'_, '_>,
) -> Metadata {
    let mut m = Metadata::default();
    let _ = sections.len();
    m.title = meta::title(text, region.end);
    if m.title.is_none() {
        diags.push(Code::TitleMissing, "no title line found", None);
    }

    // agency
    let mut cands: Vec<Candidate<String>> = Vec::with_capacity(8);
    if let Some(t) = &m.title {
        if let Some(a) = meta::agency_from_title(t) {
            cands.push(Candidate {
                field: Field {
                    value: a,
                    span: t.span,
                },
                source: Source::Title,
            });
        }
    }
    if let Some(a) = closing.and_then(|c| c.agency.clone()) {
        cands.push(Candidate {
            field: a,
            source: Source::Closing,
        });
    }
    cands.extend(meta::agency_candidates(text, region, overview_body));
    cands.sort_by_key(|c| c.source);
    if let Some(best) = cands.first() {
        let strong = |c: &&Candidate<String>| {
            matches!(
                c.source,
                Source::Title | Source::Closing | Source::Header | Source::Preamble
            )
        };
        // a fuller spelling of the same body (任城区人民政府 → 济宁市任城区人民政府)
        let mut chosen = best;
        for c in cands.iter().filter(strong) {
            let fuller = c
                .field
                .value
                .strip_suffix(chosen.field.value.as_str())
                .is_some_and(|place| place.ends_with(['省', '市', '县', '区', '州', '盟', '旗']));
            if fuller {
                chosen = c;
            }
        }
        let compatible = |a: &str, b: &str| {
            a.starts_with(b) || b.starts_with(a) || a.ends_with(b) || b.ends_with(a)
        };
        let other = cands
            .iter()
            .filter(strong)
            .find(|c| !compatible(&c.field.value, &chosen.field.value));
        if let Some(o) = other {
            diags.push(
                Code::AgencyAmbiguous,
                format!(
                    "agency {:?} chosen; the text also names {:?}",
                    chosen.field.value, o.field.value
                ),
                Some(o.field.span),
            );
        }
        m.agency = Some(chosen.field.clone());
        m.agency_source = Some(chosen.source);
    } else {
        diags.push(
            Code::AgencyMissing,
            "no agency found in title, preamble or signature",
            None,
        );
    }
    m.agency_candidates = cands;

    // period, year
    let (mut period, mut cutoff) = meta::period(text, region);
    if period.is_none() && cutoff.is_none() {
        if let Some(ob) = overview_body {
            (period, cutoff) = meta::period(text, ob);
        }
    }
    m.period = period;
    let mut years: Vec<(Source, Field<i32>)> = Vec::with_capacity(5);
    if let Some(t) = &m.title {
        if let Some(y) = meta::year_from_title(t) {
            years.push((
                Source::Title,
                Field {
                    value: y,
                    span: t.span,
                },
            ));
        }
    }
    if let Some(p) = &m.period {
        years.push((
            Source::Preamble,
            Field {
                value: p.value.end.year(),
                span: p.span,
            },
        ));
    } else if let Some(c) = cutoff {
        years.push((Source::Preamble, c));
    }
    if let Some(c) = closing {
        years.push((
            Source::Closing,
            Field {
                value: c.date.value.year() - 1,
                span: c.date.span,
            },
        ));
    }
    if let Some(y) = overview_body.and_then(|b| meta::overview_year(text, b)) {
        years.push((Source::Overview, y));
    }
    let header = meta::header_date(text, region);
    if let Some(h) = &header {
        years.push((
            Source::Header,
            Field {
                value: h.value.year() - 1,
                span: h.span,
            },
        ));
    }
    if let Some((src, best)) = years.first().cloned() {
        if let Some((_, o)) = years
            .iter()
            .filter(|(s, _)| matches!(s, Source::Title | Source::Preamble | Source::Closing))
            .find(|(_, f)| f.value != best.value)
        {
            diags.push(
                Code::YearAmbiguous,
                format!(
                    "year {} chosen; the text also suggests {}",
                    best.value, o.value
                ),
                Some(o.span),
            );
        }
        m.year = Some(best);
        m.year_source = Some(src);
    } else {
        diags.push(Code::YearMissing, "no report year found", None);
    }

    m.published = closing.map(|c| c.date.clone()).or(header);
    m.website = meta::website(text, region);
    m.contact = meta::contact(text, region);
    if m.contact.is_empty() {
        if let Some(last) = sections.last() {
            let tail = Span::new(last.body.start, closing.map_or(text.len(), |c| c.span.end));
            m.contact = meta::contact(text, tail);
        }
    }
    m
}

#[cfg(test)]
mod tests;
