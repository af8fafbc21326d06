//! **xxgk** turns Chinese government information-disclosure annual reports
//! (政府信息公开工作年度报告) into clean, typed, validated data.
//!
//! This is the facade crate: it re-exports each layer as a module and joins them into one call,
//! [`parse`]. The layers can also be used alone:
//!
//! | module | crate | what it does |
//! |---|---|---|
//! | [`model`] | `xxgk-model` | ids, tables, the [`Report`] and its JSON contract |
//! | [`normalize`] | `xxgk-normalize` | decoding and text normalization with offset maps |
//! | [`segment`] | `xxgk-segment` | sections, metadata, template |
//! | [`table`] | `xxgk-table` | the three statistics tables, with validation |
//! | [`html`] | `xxgk-html` | HTML pages and Word files as text with tables |
//!
//! # Example
//!
//! ```
//! let text = "某县人民政府2021年政府信息公开工作年度报告\n\
//!             一、总体情况\n2021年，本县扎实推进政务公开。\n\
//!             二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n\
//!             四、政府信息公开行政复议、行政诉讼情况\n\
//!             五、存在的主要问题及改进情况\n六、其他需要报告的事项\n无。\n";
//! let report = xxgk::parse(text.as_bytes())?;
//! assert_eq!(report.year, Some(2021));
//! println!("{}", report.to_json());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Every span in the report (`start`/`end`) is a byte offset into the bytes passed to
//! [`parse`], whatever their encoding and whatever normalization did.
//!
//! # Crate features
//!
//! - `opencc`: Traditional→Simplified conversion through the C++ OpenCC library (needs the
//!   system library, Debian `libopencc-dev`); the default pure-Rust backend gives the same output.
//!
//! # Input safety
//!
//! Any bytes give either a [`Report`] (possibly with diagnostics) or a typed [`Error`]; never a
//! panic. Inputs over [`Options::max_input_bytes`] are refused with [`Error::TooLarge`].

pub use xxgk_html as html;
pub use xxgk_model as model;
pub use xxgk_normalize as normalize;
pub use xxgk_segment as segment;
pub use xxgk_table as table;

pub use xxgk_model::{
    Code, Diagnostic, Number, Report, SectionKind, Severity, Source, Span, TableKind, Template,
};

/// Why a report could not be parsed at all (partial problems are diagnostics in the report).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input could not be decoded as text.
    #[error(transparent)]
    Normalize(#[from] xxgk_normalize::Error),
    /// The HTML page or Word file could not be read.
    #[error(transparent)]
    Document(#[from] xxgk_html::Error),
    /// The input is a format xxgk does not read (PDF, an image, a legacy .doc …).
    #[error("not a report xxgk can read: {0}")]
    Unsupported(&'static str),
    /// The input is larger than [`Options::max_input_bytes`].
    #[error("input of {size} bytes is over the limit of {limit} bytes")]
    TooLarge {
        /// Input size.
        size: usize,
        /// Limit.
        limit: usize,
    },
}

impl Error {
    /// A stable short code for the error (used in batch error records).
    pub fn code(&self) -> &'static str {
        use xxgk_html::Error as H;
        match self {
            Error::Normalize(xxgk_normalize::Error::NotText(_)) => "not_text",
            Error::Normalize(xxgk_normalize::Error::TooLarge { .. })
            | Error::TooLarge { .. }
            | Error::Document(H::TooLarge { .. }) => "too_large",
            Error::Normalize(_) => "decode_failed",
            Error::Document(
                H::TooDeep { .. } | H::TooManyNodes { .. } | H::TableTooLarge { .. },
            ) => "limit_exceeded",
            Error::Document(H::Encrypted) => "encrypted",
            Error::Document(_) => "unreadable_document",
            Error::Unsupported(_) => "unsupported_format",
        }
    }
}

/// What kind of document the input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum InputKind {
    /// Decide from the content (not the file name): HTML, DOCX, or text.
    #[default]
    Auto,
    /// Plain text (any supported encoding).
    Text,
    /// An HTML page.
    Html,
    /// A Word `.docx` file.
    Docx,
}

/// Options of [`parse_with`].
#[derive(Debug, Clone)]
pub struct Options {
    /// The input kind; [`InputKind::Auto`] sniffs the content.
    pub input: InputKind,
    /// Inputs larger than this many bytes are refused (default 64 MiB), whatever their kind; it
    /// overrides a lower limit set on [`Options::normalizer`].
    pub max_input_bytes: usize,
    /// The normalization steps, forced encoding and limits used for text.
    pub normalizer: xxgk_normalize::Normalizer,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            input: InputKind::Auto,
            max_input_bytes: 64 << 20,
            normalizer: xxgk_normalize::Normalizer::new(),
        }
    }
}

/// Parses one report with the default [`Options`].
pub fn parse(input: &[u8]) -> Result<Report, Error> {
    parse_with(input, &Options::default())
}

/// Parses one report: read (text, HTML or DOCX) → normalize → segment → tables → validation.
pub fn parse_with(input: &[u8], options: &Options) -> Result<Report, Error> {
    if input.len() > options.max_input_bytes {
        return Err(Error::TooLarge {
            size: input.len(),
            limit: options.max_input_bytes,
        });
    }
    let kind = match options.input {
        InputKind::Auto => match xxgk_html::sniff(input) {
            xxgk_html::InputKind::Html => InputKind::Html,
            xxgk_html::InputKind::Docx => InputKind::Docx,
            xxgk_html::InputKind::Text => InputKind::Text,
            xxgk_html::InputKind::Binary => match binary_kind(input) {
                Some(what) => return Err(Error::Unsupported(what)),
                // Other binary data: the text decoder gives the precise error.
                None => InputKind::Text,
            },
        },
        k => k,
    };
    let limits = xxgk_html::Limits {
        max_input_bytes: options.max_input_bytes,
        ..Default::default()
    };
    let document = match kind {
        InputKind::Html => Some(xxgk_html::read_html_with(input, &limits)?),
        InputKind::Docx => Some(xxgk_html::read_docx_with(input, &limits)?),
        _ => None,
    };
    match document {
        Some(d) => {
            let doc = options.normalizer.normalize_text(&d.text, d.chain.clone());
            let mut report = report_from(&doc);
            use_page_metadata(&d.metadata, &mut report);
            Ok(report)
        }
        None => {
            // `max_input_bytes` governs every input kind: a normalizer whose own limit is lower
            // gets it raised (the input is already known to be within `max_input_bytes`).
            let own = options.normalizer.current_limits();
            let doc = if own.max_input < input.len() {
                let raised = xxgk_normalize::Limits {
                    max_input: options.max_input_bytes,
                };
                options.normalizer.clone().limits(raised).normalize(input)?
            } else {
                options.normalizer.normalize(input)?
            };
            Ok(report_from(&doc))
        }
    }
}

/// Known document formats xxgk does not read, with advice.
fn binary_kind(input: &[u8]) -> Option<&'static str> {
    if input.starts_with(b"%PDF") {
        Some("a PDF file (extract its text first, e.g. with pdftotext)")
    } else if input.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Some("a legacy Word .doc file (save it as .docx)")
    } else {
        None
    }
}

/// The page's info box fills what the report text did not say.
fn use_page_metadata(meta: &xxgk_html::PageMeta, report: &mut Report) {
    if report.agency.is_none() {
        if let Some(p) = meta
            .publisher
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            report.agency = Some(p.to_string());
        }
    }
}

fn report_from(doc: &xxgk_normalize::Normalized<'_>) -> Report {
    let mut report = Report::default();
    // the report holds no sub-sections: not built
    let seg =
        xxgk_segment::segment_with(doc, xxgk_segment::SegmentOptions::new().subsections(false));
    seg.fill_report(&mut report);
    xxgk_table::fill_report(&seg, &mut report);
    let mut diags = doc.diagnostics().to_vec();
    diags.append(&mut report.diagnostics);
    report.diagnostics = diags;
    report
}

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
