//! Synthetic report generator (feature `testkit`): random but consistent reports and their
//! renderings, for every layer's tests and for the benches.
//!
//! [`generate`] turns a `u64` seed into a [`Synthetic`]: the truth ([`Synthetic::report`], a
//! [`Report`] with all three tables filled for its template and every 勾稽关系 rule holding)
//! plus the prose around it (preamble, section bodies, closing). The same seed always gives
//! the same report and the same renderings; there is no other source of randomness, so a
//! proptest strategy only needs to draw a `u64`.
//!
//! Renderings return a [`Rendered`] — the text plus the byte ranges of every section and
//! heading in it:
//!
//! - [`Synthetic::render_text`]: plain text, one paragraph per line, tables as pipe tables;
//! - [`Synthetic::render_html`]: a portal page with the official table layout;
//! - [`Synthetic::render_flattened`]: text as `pdftotext` emits it in reading order (tables
//!   become token streams);
//! - [`Synthetic::render_layout`]: text as `pdftotext -layout` emits it.
//!
//! [`damage`] then degrades any text the way real inputs are degraded (full-width digits,
//! ASCII punctuation, page markers, lost line breaks, Traditional script, download-site
//! wrappers). [`check_rules`] checks a table's consistency rules.
//!
//! A section's range runs from the first byte of its heading text to the first byte of the
//! next heading text; the last one ends where the closing signature starts.
//!
//! # Stability
//!
//! A seed gives the same output on every platform and every run, but not necessarily across
//! versions of this module: tests should assert properties (render → parse gives the truth),
//! not snapshot the text of a particular seed.
//!
//! # Example
//!
//! ```
//! use xxgk_model::testkit::{check_rules, generate_with, GenOptions};
//! use xxgk_model::{Report, SectionKind, Template};
//!
//! let opts = GenOptions { template: Some(Template::Gov2021), ..GenOptions::default() };
//! let synth = generate_with(7, &opts);
//! assert_eq!(synth.report.template, Some(Template::Gov2021));
//! assert!(check_rules(&synth.report).is_empty());
//!
//! let text = synth.render_text();
//! let (kind, range) = text.headings[1].clone();
//! assert_eq!(kind, SectionKind::ActiveDisclosure);
//! assert!(text.text[range].starts_with("二、"));
//!
//! // The truth with this rendering's section spans, through JSON and back.
//! let truth = synth.report_with_spans(&text);
//! assert_eq!(Report::from_json(&truth.to_json())?, truth);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod damage;
mod flat;
mod grid;
pub mod hostile;
mod html;
mod names;
mod prose;
mod rng;
mod tables;
mod text;
mod trad;

pub use tables::{check_rules, check_rules_blank_as_zero};

use crate::{Report, Section, SectionKind, Span, TableKind, Template};
use chrono::NaiveDate;
pub use rng::Rng;
use std::ops::Range;

/// What [`generate_with`] may not choose by itself. `None` (the default) leaves a choice to the
/// seed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GenOptions {
    /// Template (`gov2021` or `gov2019`; `legacy` is treated as `gov2019`). Default: by year,
    /// else `gov2021` about 70 % of the time.
    pub template: Option<Template>,
    /// Report year. Default: 2019–2020 for `gov2019`, 2021–2025 for `gov2021`. When both
    /// template and year are forced they are used as given, even if they disagree.
    pub year: Option<i32>,
    /// Print zero cells blank (truth `null`). Default: about 10 % of reports.
    pub blank_zeros: Option<bool>,
    /// A `gov2021` table 3 prints the single （六）其他处理 row instead of its three sub-rows.
    /// Ignored for `gov2019`. Default: about 10 % of `gov2021` reports.
    pub single_other_row: Option<bool>,
    /// Dense numbers (most cells non-zero, large counts) instead of sparse ones. Default:
    /// about 15 % of reports.
    pub dense: Option<bool>,
    /// Allow heading wordings other than the template's (format.md §3.1). Default: yes, for
    /// about one heading in six.
    pub heading_variants: Option<bool>,
    /// HTML site chrome (nav, info box, footer) in [`Synthetic::render_html`]. Default: about
    /// 70 % of reports.
    pub site_chrome: Option<bool>,
    /// [`Synthetic::render_flattened`] emits one group of table 3 column by column (format.md
    /// §7.3 pattern 5). Default: about 40 % of reports.
    pub column_major: Option<bool>,
    /// [`Synthetic::render_flattened`] puts a page marker inside table 3. Default: about 50 %.
    pub page_marker: Option<bool>,
}

/// Rendering choices the seed made (public so a test can read or override them before
/// rendering).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Style {
    /// Zero cells are blank (their truth is `null`).
    pub blank_zeros: bool,
    /// Table 3 prints the single （六）其他处理 row.
    pub single_other_row: bool,
    /// Numbers were drawn dense.
    pub dense: bool,
    /// What a blank (`null`) cell prints: `""` most of the time, else `—`, `/`, `-` or `无`.
    pub blank_mark: &'static str,
    /// Positive 本年增/减 values carry a `+`.
    pub plus_sign: bool,
    /// The HTML rendering has portal chrome.
    pub site_chrome: bool,
    /// HTML headings are `<h3>` instead of `<p><strong>`.
    pub html_h_headings: bool,
    /// The flattened rendering emits one group of table 3 column-major.
    pub column_major: bool,
    /// The flattened rendering puts a page marker inside table 3.
    pub page_marker: bool,
    /// The closing date is written in Chinese numerals (二〇二二年一月二十日).
    pub chinese_date: bool,
    /// The PDF renderings put spaces between digits and Chinese characters (`2021 年`).
    pub spaced_numbers: bool,
    /// The flattened rendering puts each table number on its own line (blank lines between)
    /// instead of a row's numbers on one line.
    pub one_value_per_line: bool,
    /// HTML cells carry `width`/`nowrap` attributes and `<span style>` fonts, and some header
    /// labels a `<br>` (本年新<br>制作数量), as Word-exported pages do.
    pub html_word_markup: bool,
    /// The flattened rendering emits table 2's label column first (format.md §7.3 pattern 1)
    /// instead of block by block.
    pub label_column_first: bool,
}

/// One block of a section body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph (one line in the text rendering).
    Para(String),
    /// A sub-heading on its own line (（一）主动公开, （二）改进情况).
    SubHeading(String),
    /// The section's statistics table.
    Table(TableKind),
}

/// One of the six sections as generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthSection {
    /// Kind.
    pub kind: SectionKind,
    /// The printed heading (e.g. `四、政府信息公开行政复议和行政诉讼情况`).
    pub heading: String,
    /// The body in order.
    pub blocks: Vec<Block>,
}

/// A generated report: the truth and the document it renders from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synthetic {
    /// The truth. Section spans are `0..0` (spans belong to a rendering; see
    /// [`Synthetic::report_with_spans`]).
    pub report: Report,
    /// The seed it was generated from.
    pub seed: u64,
    /// The title line (same as `report.title`).
    pub title: String,
    /// Preamble paragraphs.
    pub preamble: Vec<String>,
    /// The six sections.
    pub sections: Vec<SynthSection>,
    /// Closing lines: the agency, then the date.
    pub closing: Vec<String>,
    /// Rendering choices.
    pub style: Style,
}

/// Something a rendering did that a test may need to know (which flattening patterns were
/// applied).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Applied {
    /// Table 2's label column emitted first (format.md §7.3 pattern 1).
    LabelColumnFirst,
    /// Header words split across lines (pattern 2).
    SplitHeaderWords,
    /// Long labels and tall cells split into fragments (pattern 3).
    SplitLabels,
    /// A page marker inside table 3 (pattern 4).
    PageMarker,
    /// The rows of table 3 with these ids emitted column by column (pattern 5).
    ColumnMajor(Vec<&'static str>),
    /// Spaces between digits and Chinese characters (`2021 年`, pattern 6).
    SpacedNumbers,
    /// Long lines wrapped (PDF line width).
    Wrapped,
    /// Each table number on its own line.
    ValuesOnePerLine,
}

/// A rendering: the text and where each section and heading sits in it (byte ranges).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The rendered document.
    pub text: String,
    /// Each section, from its heading to the next heading (or the closing).
    pub sections: Vec<(SectionKind, Range<usize>)>,
    /// Each heading's text.
    pub headings: Vec<(SectionKind, Range<usize>)>,
    /// What the rendering applied beyond the plain form.
    pub applied: Vec<Applied>,
}

impl Rendered {
    /// The text of the section of `kind` (heading included), if rendered.
    ///
    /// ```
    /// use xxgk_model::SectionKind;
    /// let r = xxgk_model::testkit::sample().render_text();
    /// assert!(r.section_text(SectionKind::Other).unwrap().starts_with("六、"));
    /// assert_eq!(r.heading_text(SectionKind::Overview), Some("一、总体情况"));
    /// ```
    pub fn section_text(&self, kind: SectionKind) -> Option<&str> {
        let (_, r) = self.sections.iter().find(|(k, _)| *k == kind)?;
        self.text.get(r.clone())
    }

    /// The heading text of the section of `kind`, if rendered.
    pub fn heading_text(&self, kind: SectionKind) -> Option<&str> {
        let (_, r) = self.headings.iter().find(|(k, _)| *k == kind)?;
        self.text.get(r.clone())
    }
}

/// Builds a rendering and records spans as headings are written.
#[derive(Debug, Default)]
pub(crate) struct Out {
    pub text: String,
    sections: Vec<(SectionKind, Range<usize>)>,
    headings: Vec<(SectionKind, Range<usize>)>,
    open: Option<(SectionKind, usize)>,
    pub applied: Vec<Applied>,
}

impl Out {
    pub(crate) fn push(&mut self, s: &str) {
        self.text.push_str(s);
    }

    pub(crate) fn line(&mut self, s: &str) {
        self.text.push_str(s);
        self.text.push('\n');
    }

    /// Writes a heading's text, closing the previous section and opening this one.
    pub(crate) fn heading(&mut self, kind: SectionKind, heading: &str) {
        self.end_sections();
        let start = self.text.len();
        self.text.push_str(heading);
        self.headings.push((kind, start..self.text.len()));
        self.open = Some((kind, start));
    }

    /// True while a section is open.
    pub(crate) fn headings_open(&self) -> bool {
        self.open.is_some()
    }

    /// Closes the open section at the current position (call right before the closing text).
    pub(crate) fn end_sections(&mut self) {
        if let Some((kind, start)) = self.open.take() {
            self.sections.push((kind, start..self.text.len()));
        }
    }

    pub(crate) fn finish(mut self) -> Rendered {
        self.end_sections();
        Rendered {
            text: self.text,
            sections: self.sections,
            headings: self.headings,
            applied: self.applied,
        }
    }
}

/// A synthetic report from `seed`, every choice left to the seed.
///
/// ```
/// let a = xxgk_model::testkit::generate(1);
/// assert_eq!(a, xxgk_model::testkit::generate(1));
/// assert_eq!(a.report.sections.len(), 6);
/// ```
pub fn generate(seed: u64) -> Synthetic {
    generate_with(seed, &GenOptions::default())
}

/// A synthetic report from `seed` with some choices forced by `opts`.
pub fn generate_with(seed: u64, opts: &GenOptions) -> Synthetic {
    let mut root = Rng::new(seed);
    let mut rng = root.fork(0);
    let template = match (opts.template, opts.year) {
        (Some(Template::Legacy), _) => Template::Gov2019,
        (Some(t), _) => t,
        (None, Some(y)) if y <= 2020 => Template::Gov2019,
        (None, Some(_)) => Template::Gov2021,
        (None, None) => {
            if rng.chance(0.7) {
                Template::Gov2021
            } else {
                Template::Gov2019
            }
        }
    };
    let year = opts.year.unwrap_or_else(|| match template {
        Template::Gov2021 => rng.range(2021, 2025) as i32,
        _ => rng.range(2019, 2020) as i32,
    });
    let mut flag = |o: Option<bool>, p: f64| o.unwrap_or_else(|| rng.chance(p));
    let style = Style {
        blank_zeros: flag(opts.blank_zeros, 0.1),
        single_other_row: template == Template::Gov2021 && flag(opts.single_other_row, 0.1),
        dense: flag(opts.dense, 0.15),
        plus_sign: flag(None, 0.3),
        blank_mark: "",
        site_chrome: flag(opts.site_chrome, 0.7),
        html_h_headings: flag(None, 0.3),
        column_major: flag(opts.column_major, 0.4),
        page_marker: flag(opts.page_marker, 0.5),
        chinese_date: flag(None, 0.1),
        spaced_numbers: flag(None, 0.6),
        label_column_first: flag(None, 0.5),
        one_value_per_line: flag(None, 0.3),
        html_word_markup: flag(None, 0.3),
    };
    let mut style = style;
    if rng.chance(0.4) {
        style.blank_mark = rng.pick_str(&["—", "/", "-", "无"]);
    }
    let variant_rate = if opts.heading_variants.unwrap_or(true) {
        1.0 / 6.0
    } else {
        0.0
    };

    let agency = names::agency(&mut root.fork(1));
    let mut report = Report {
        template: Some(template),
        year: Some(year),
        agency: Some(agency.name.clone()),
        ..Report::default()
    };
    let shape = tables::Shape {
        dense: style.dense,
        single_other_row: style.single_other_row,
        blank_zeros: style.blank_zeros,
    };
    report.tables = tables::tables(&mut root.fork(2), template, shape);

    let mut prng = root.fork(3);
    let title = prose::title(&mut prng, &agency, year);
    report.title = Some(title.clone());
    let preamble = prose::preamble(&mut prng, &agency, &mut report);
    let mut sections = Vec::new();
    for kind in SectionKind::ALL
        .iter()
        .copied()
        .filter(|k| k.number().is_some())
    {
        let heading = prose::heading(&mut prng, kind, variant_rate);
        let blocks = prose::body(&mut prng, kind, &heading, &agency, &report);
        sections.push(SynthSection {
            kind,
            heading,
            blocks,
        });
    }
    report.sections = sections
        .iter()
        .map(|s| Section {
            kind: s.kind,
            number: s.kind.number(),
            heading: s.heading.clone(),
            span: Span::default(),
        })
        .collect();
    let month = prng.range(1, 3) as u32;
    let day = prng.range(1, if month == 2 { 28 } else { 31 }) as u32;
    let published = NaiveDate::from_ymd_opt(year + 1, month, day);
    report.published = published;
    let closing = vec![
        agency.name.clone(),
        published
            .map(|d| prose::date_zh(d, style.chinese_date))
            .unwrap_or_default(),
    ];
    Synthetic {
        report,
        seed,
        title,
        preamble,
        sections,
        closing,
        style,
    }
}

/// A fixed `gov2021` report with non-trivial numbers (several non-zero applicant columns,
/// denials, carried-over requests, review cases), for documentation and the README sample.
pub fn sample() -> Synthetic {
    let opts = GenOptions {
        template: Some(Template::Gov2021),
        year: Some(2022),
        blank_zeros: Some(false),
        single_other_row: Some(false),
        dense: Some(false),
        heading_variants: Some(false),
        ..GenOptions::default()
    };
    let mut s = generate_with(SAMPLE_SEED, &opts);
    // Plain markup keeps the documented HTML easy to read.
    s.style.html_word_markup = false;
    s
}

/// The seed behind [`sample`] (chosen by a search for a lively sparse table; see the test
/// `sample_is_non_trivial`).
const SAMPLE_SEED: u64 = 366;

impl Synthetic {
    /// The truth with section spans taken from `rendered` (for comparing a parse of that
    /// rendering against it).
    pub fn report_with_spans(&self, rendered: &Rendered) -> Report {
        let mut r = self.report.clone();
        for s in &mut r.sections {
            if let Some((_, range)) = rendered.sections.iter().find(|(k, _)| *k == s.kind) {
                s.span = Span::from(range.clone());
            }
        }
        r
    }

    /// The same report as it reads once its tables were lost (copied web text, tables as
    /// images): sections 二–四 keep their heading and any lead sentence, possibly nothing
    /// else; the truth has no tables.
    ///
    /// ```
    /// let s = xxgk_model::testkit::generate(3).without_tables();
    /// assert!(s.report.tables.is_empty());
    /// assert!(!s.render_text().text.contains('|'));
    /// ```
    pub fn without_tables(&self) -> Synthetic {
        let mut s = self.clone();
        s.report.tables = crate::Tables::default();
        for sec in &mut s.sections {
            sec.blocks.retain(|b| !matches!(b, Block::Table(_)));
        }
        s
    }

    /// The same report copied without its title line (the truth's title becomes `None`;
    /// agency and year are still in the prose and the closing).
    pub fn without_title(&self) -> Synthetic {
        let mut s = self.clone();
        s.title.clear();
        s.report.title = None;
        s
    }

    /// The section of `kind`.
    pub fn section(&self, kind: SectionKind) -> Option<&SynthSection> {
        self.sections.iter().find(|s| s.kind == kind)
    }
}

#[cfg(test)]
mod tests;
