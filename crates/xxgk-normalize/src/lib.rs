//! Decode and normalize the text of damaged reports, mapping every edit back to the caller's
//! original bytes.
//!
//! Second layer of xxgk (`xxgk-model` → **`xxgk-normalize`** → `xxgk-segment` → `xxgk-table`).
//! Upper layers match labels on the canonical text this crate produces; every span they report
//! goes back through the [`Normalized`] map to the caller's bytes.
//!
//! # Example
//!
//! ```
//! use xxgk_normalize::normalize;
//! let input = "２０２１年\r\n一、总体情况".as_bytes();
//! let n = normalize(input)?;
//! assert_eq!(n.text(), "2021年\n一、总体情况");
//! // "总体情况" in the normalized text, mapped back to the input bytes:
//! let at = n.text().find("总体").unwrap();
//! let span = n.to_original(xxgk_model::Span::new(at, at + "总体情况".len()));
//! assert_eq!(&input[span.range()], "总体情况".as_bytes());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Steps
//!
//! [`normalize`] runs [`decode`](decode::decode) and then, in this order, each step enabled in
//! the [`Normalizer`] (all are on by default):
//!
//! 1. [`mojibake`]: re-decode runs of mis-decoded text (GBK read one byte off, UTF-8 read as
//!    GBK, GBK read as Latin-1), only where clearly more plausible.
//! 2. [`pdf`]: page markers, page-number lines, running headers.
//! 3. [`boilerplate`]: document-library wrappers and `|` residue. Steps 2 and 3 run before the
//!    width step, so that punctuation is judged by the text that stays.
//! 4. [`width`]: full-width ASCII to ASCII, spaces, zero-width characters, line ends, and the
//!    **canonical punctuation** documented in that module: `（）：，；！？“”` in Chinese context.
//! 5. [`traditional`]: Traditional → Simplified with OpenCC's phrase dictionaries, then the
//!    [domain corrections](traditional::DOMAIN_CORRECTIONS).
//! 6. spaces inside words and between a number and 年/月/日/件 ([`pdf::join_spaces`]).
//!
//! Each removal or repair is reported as a [`Diagnostic`] whose span points into the original
//! bytes; [`Normalized::edits`] lists every change for people checking a report.
//!
//! # Crate features
//!
//! - `opencc`: the `traditional::OpenccCpp` (feature `opencc`) backend, linking the C++ OpenCC library
//!   (Debian `libopencc-dev` 1.1.x). The default backend is pure Rust (`ferrous-opencc`, which
//!   embeds OpenCC's dictionaries).
//!
//! # Input safety
//!
//! No input makes the crate panic. Inputs over [`Limits::max_input`] (64 MiB by default) are
//! refused with [`Error::TooLarge`]; every step is linear or close to it in the input size.

pub mod boilerplate;
pub mod decode;
pub mod freq;
mod fxhash;
pub mod map;
pub mod mojibake;
pub mod pdf;
mod scan;
pub mod traditional;
pub mod width;

pub use decode::{DecodeOptions, Decoded, Encoding};

/// Where the line holding byte `at` of `b` starts: after the last `\n` before `at`, or 0.
#[inline]
pub(crate) fn line_start(b: &[u8], at: usize) -> usize {
    b.get(..at)
        .and_then(|h| memchr::memrchr(b'\n', h))
        .map_or(0, |p| p + 1)
}

/// The character starting at byte `i` of valid UTF-8 `b` and its length, decoded without
/// re-validating (the hot loops of the steps scan whole texts).
#[inline]
pub(crate) fn char_at(b: &[u8], i: usize) -> Option<(char, usize)> {
    let b0 = u32::from(*b.get(i)?);
    let cont = |k: usize| b.get(i + k).map(|&x| u32::from(x) & 0x3F);
    let (cp, len) = match b0 {
        0x00..=0x7F => (b0, 1),
        0xC0..=0xDF => (((b0 & 0x1F) << 6) | cont(1)?, 2),
        0xE0..=0xEF => (((b0 & 0x0F) << 12) | (cont(1)? << 6) | cont(2)?, 3),
        _ => (
            ((b0 & 0x07) << 18) | (cont(1)? << 12) | (cont(2)? << 6) | cont(3)?,
            4,
        ),
    };
    char::from_u32(cp).map(|c| (c, len))
}

use map::{MapChain, OffsetMap};
use std::borrow::Cow;
use std::sync::Arc;
use xxgk_model::{Diagnostic, Span};

/// Errors: the input cannot be read as text at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The bytes are not text in any supported encoding (binary data, an archive, an image).
    #[error("input is not text: {0}")]
    NotText(String),
    /// The input is larger than the configured limit.
    #[error("input of {size} bytes is over the limit of {limit} bytes")]
    TooLarge {
        /// Input size.
        size: usize,
        /// Limit.
        limit: usize,
    },
}

/// The steps of normalization (see the [crate documentation](crate#steps)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Step {
    /// [`mojibake`] repair.
    Mojibake,
    /// [`pdf`] page markers, page-number lines, running headers.
    Pdf,
    /// [`boilerplate`] removal.
    Boilerplate,
    /// [`width`] and punctuation.
    Width,
    /// [`traditional`] → Simplified.
    Traditional,
    /// [Domain corrections](traditional::DOMAIN_CORRECTIONS) after conversion.
    DomainCorrections,
    /// Spaces inside words and between numbers and units ([`pdf::join_spaces`]).
    Spaces,
}

impl Step {
    /// All steps, in the order they run.
    pub const ALL: [Step; 7] = [
        Step::Mojibake,
        Step::Pdf,
        Step::Boilerplate,
        Step::Width,
        Step::Traditional,
        Step::DomainCorrections,
        Step::Spaces,
    ];

    /// A short name (`"width"`, `"traditional"`, …).
    pub fn name(self) -> &'static str {
        match self {
            Step::Mojibake => "mojibake",
            Step::Width => "width",
            Step::Traditional => "traditional",
            Step::DomainCorrections => "domain",
            Step::Boilerplate => "boilerplate",
            Step::Pdf => "pdf",
            Step::Spaces => "spaces",
        }
    }
}

/// One change made by a step: which bytes of the original input were replaced by what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEdit {
    /// The step that made it.
    pub step: Step,
    /// The replaced range of the caller's original input (slice the input with it to get the
    /// original text).
    pub original: Span,
    /// The text the step wrote instead (empty for a removal). A later step may have changed it
    /// again; each change is listed.
    pub replacement: String,
}

/// Normalized text borrowed from (or, when rewritten, owned beside) the input, with the map back
/// to the input bytes and the diagnostics of every step.
#[derive(Debug, Clone)]
pub struct Normalized<'a> {
    text: Cow<'a, str>,
    chain: MapChain,
    diagnostics: Vec<Diagnostic>,
    edits: Vec<TextEdit>,
    encoding: Option<Encoding>,
}

impl<'a> Normalized<'a> {
    /// The normalized text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Consumes self, returning the text.
    pub fn into_text(self) -> Cow<'a, str> {
        self.text
    }

    /// Maps a span of the normalized text to the caller's original bytes.
    pub fn to_original(&self, span: Span) -> Span {
        self.chain.to_original(span)
    }

    /// The maps from the normalized text back to the input, oldest first.
    pub fn chain(&self) -> &MapChain {
        &self.chain
    }

    /// What the steps did or noticed, with spans into the original input.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Every change the steps made (not decoding), in step order, with original spans.
    ///
    /// ```
    /// let n = xxgk_normalize::normalize_str("共１２件");
    /// let e = &n.edits()[0];
    /// assert_eq!(&"共１２件"[e.original.range()], "１２");
    /// assert_eq!(e.replacement, "12");
    /// ```
    pub fn edits(&self) -> &[TextEdit] {
        &self.edits
    }

    /// The encoding the input was decoded from (`None` when the caller gave text).
    pub fn encoding(&self) -> Option<Encoding> {
        self.encoding
    }

    /// True when the normalized text is the input unchanged (borrowed).
    pub fn is_unchanged(&self) -> bool {
        matches!(self.text, Cow::Borrowed(_))
    }
}

/// Size limits (see the [crate documentation](crate#input-safety)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest input accepted, in bytes; default [`decode::DEFAULT_MAX_INPUT`] (64 MiB).
    pub max_input: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input: decode::DEFAULT_MAX_INPUT,
        }
    }
}

/// The output of one step on one text: the new text, its map, and diagnostics whose spans are in
/// the step's *input* text (the pipeline maps them to the original).
#[derive(Debug, Clone)]
pub struct StepOutput {
    /// Rewritten text.
    pub text: String,
    /// Map from `text` to the step's input.
    pub map: OffsetMap,
    /// Diagnostics, spans in the step's input.
    pub diagnostics: Vec<Diagnostic>,
}

/// Normalization with chosen steps, encoding and limits; reusable (`&self`).
///
/// ```
/// use xxgk_normalize::{Normalizer, Step};
/// let n = Normalizer::new().step(Step::Traditional, false);
/// let out = n.normalize_str("２０２１年 報告");
/// assert_eq!(out.text(), "2021年 報告");
/// // all steps off: the decoded text unchanged
/// assert_eq!(Normalizer::none().normalize_str("２０２１").text(), "２０２１");
/// ```
#[derive(Clone)]
pub struct Normalizer {
    steps: [bool; 7],
    encoding: Option<Encoding>,
    limits: Limits,
    converter: Option<Arc<dyn traditional::Converter>>,
}

impl std::fmt::Debug for Normalizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Normalizer")
            .field("steps", &self.steps)
            .field("encoding", &self.encoding)
            .field("limits", &self.limits)
            .field("converter", &self.converter.as_ref().map(|c| c.name()))
            .finish()
    }
}

impl Default for Normalizer {
    fn default() -> Self {
        Normalizer::new()
    }
}

impl Normalizer {
    /// Every step on, encoding detected, default limits, the pure-Rust converter.
    pub fn new() -> Normalizer {
        Normalizer {
            steps: [true; 7],
            encoding: None,
            limits: Limits::default(),
            converter: None,
        }
    }

    /// Every step off: only decoding.
    pub fn none() -> Normalizer {
        Normalizer {
            steps: [false; 7],
            ..Normalizer::new()
        }
    }

    /// Turns one step on or off.
    pub fn step(mut self, step: Step, on: bool) -> Normalizer {
        if let Some(s) = Step::ALL
            .iter()
            .position(|&x| x == step)
            .and_then(|i| self.steps.get_mut(i))
        {
            *s = on;
        }
        self
    }

    /// True when `step` is on.
    pub fn has_step(&self, step: Step) -> bool {
        Step::ALL
            .iter()
            .position(|&x| x == step)
            .and_then(|i| self.steps.get(i))
            .copied()
            .unwrap_or(false)
    }

    /// Forces an encoding instead of detecting one.
    pub fn encoding(mut self, encoding: Option<Encoding>) -> Normalizer {
        self.encoding = encoding;
        self
    }

    /// Sets the limits.
    pub fn limits(mut self, limits: Limits) -> Normalizer {
        self.limits = limits;
        self
    }

    /// The limits in force.
    ///
    /// ```
    /// use xxgk_normalize::{Limits, Normalizer};
    /// let n = Normalizer::new().limits(Limits { max_input: 1 << 20 });
    /// assert_eq!(n.current_limits().max_input, 1 << 20);
    /// ```
    pub fn current_limits(&self) -> Limits {
        self.limits
    }

    /// Uses another Traditional → Simplified converter (e.g. `traditional::OpenccCpp` (feature `opencc`)).
    pub fn converter(mut self, converter: Arc<dyn traditional::Converter>) -> Normalizer {
        self.converter = Some(converter);
        self
    }

    /// Decodes and normalizes `input`.
    ///
    /// # Errors
    /// [`Error::TooLarge`] over the limit, [`Error::NotText`] for binary input.
    pub fn normalize<'a>(&self, input: &'a [u8]) -> Result<Normalized<'a>, Error> {
        let d = decode::decode(
            input,
            &DecodeOptions {
                encoding: self.encoding,
                max_input: self.limits.max_input,
            },
        )?;
        let enc = d.encoding();
        let (text, map, diags) = d.into_parts();
        let mut chain = MapChain::new();
        chain.push(map);
        let mut n = self.run(text, chain, diags);
        n.encoding = Some(enc);
        Ok(n)
    }

    /// Normalizes already-decoded text (offsets are into `input`).
    pub fn normalize_str<'a>(&self, input: &'a str) -> Normalized<'a> {
        self.run(Cow::Borrowed(input), MapChain::new(), Vec::new())
    }

    /// Normalizes text that a caller derived from the original bytes with its own map (the HTML
    /// reader's text of a page): the result's chain is `prior` followed by this crate's maps, so
    /// spans map to the original bytes.
    pub fn normalize_text<'a>(&self, text: &'a str, prior: MapChain) -> Normalized<'a> {
        self.run(Cow::Borrowed(text), prior, Vec::new())
    }

    /// Like [`normalize_text`](Self::normalize_text) for owned text.
    pub fn normalize_owned(&self, text: String, prior: MapChain) -> Normalized<'static> {
        self.run(Cow::Owned(text), prior, Vec::new())
    }

    fn converter_ref(&self) -> Option<&dyn traditional::Converter> {
        match &self.converter {
            Some(c) => Some(c.as_ref()),
            None => traditional::default_converter(),
        }
    }

    fn apply(
        &self,
        step: Step,
        text: &str,
        profile: &scan::Profile,
        lines: &mut PdfLines,
    ) -> Option<StepOutput> {
        match step {
            Step::Mojibake => mojibake::repair(text, self.converter_ref()),
            Step::Width => match &profile.width_lines {
                Some(lines) => width::normalize_width_in(text, lines),
                None => width::normalize_width(text),
            }
            .map(|(text, map)| StepOutput {
                text,
                map,
                diagnostics: Vec::new(),
            }),
            Step::Traditional => traditional::to_simplified(text, self.converter_ref()?),
            Step::DomainCorrections => traditional::domain_corrections(text),
            Step::Boilerplate => {
                boilerplate::remove_with(text, profile.trailer, lines.fresh.then_some(&lines.pipes))
            }
            Step::Pdf => {
                let out =
                    pdf::clean_with(text, profile.pdf_starts.as_deref(), Some(&mut lines.pipes));
                lines.fresh = true;
                out
            }
            Step::Spaces => pdf::join_spaces(text),
        }
    }

    fn run<'a>(
        &self,
        text: Cow<'a, str>,
        mut chain: MapChain,
        mut diagnostics: Vec<Diagnostic>,
    ) -> Normalized<'a> {
        let mut cur = text;
        let mut edits = Vec::new();
        // One pass deciding which of the character-driven steps can apply; redone after a step
        // rewrites the text (a removal changes the context of a sign, a repair adds characters).
        let scanned = |on: bool, t: &str| {
            if on {
                scan::profile(t)
            } else {
                scan::Profile::ALL
            }
        };
        let wants_scan = self.has_step(Step::Mojibake)
            || self.has_step(Step::Width)
            || self.has_step(Step::Traditional);
        let mut profile = scanned(wants_scan, &cur);
        // Whether `profile` was taken of the current text (width and conversion change the
        // text without a new profile).
        let mut fresh = true;
        let mut lines = PdfLines {
            pipes: boilerplate::PipeLines::default(),
            fresh: false,
        };
        for (step, on) in Step::ALL.iter().zip(self.steps) {
            if !on {
                continue;
            }
            let skip = match step {
                Step::Mojibake => !profile.mojibake,
                Step::Width => !profile.width,
                Step::Traditional => !profile.traditional,
                // Every correction replaces a `覆`.
                Step::DomainCorrections => fresh && profile.domain == Some(false),
                _ => false,
            };
            if skip {
                continue;
            }
            let Some(mut out) = self.apply(*step, &cur, &profile, &mut lines) else {
                continue;
            };
            if out.text == *cur {
                // Only diagnostics (e.g. mojibake left unrepaired): keep the text as it is.
                out.map = OffsetMap::identity();
            }
            for mut d in out.diagnostics {
                d.span = d.span.map(|s| chain.to_original(s));
                diagnostics.push(d);
            }
            for e in out.map.edits() {
                edits.push(TextEdit {
                    step: *step,
                    original: chain.to_original(Span::new(e.orig_start, e.orig_end)),
                    replacement: out
                        .text
                        .get(e.norm_start..e.norm_end)
                        .unwrap_or_default()
                        .to_string(),
                });
            }
            if !out.map.is_identity() {
                chain.push(out.map);
                cur = Cow::Owned(out.text);
                lines.fresh = false;
                // Later steps need a new profile only after a repair (new characters) or a
                // removal (new neighbours); width and conversion never make work for each other.
                if matches!(step, Step::Mojibake | Step::Pdf | Step::Boilerplate) {
                    profile = scanned(wants_scan, &cur);
                } else {
                    fresh = false;
                }
            }
        }
        Normalized {
            text: cur,
            chain,
            diagnostics,
            edits,
            encoding: None,
        }
    }
}

/// What the pdf step's line walk saw of the `|` of the current text: the boilerplate step
/// reuses it while no step has changed the text since (`fresh`).
struct PdfLines {
    pipes: boilerplate::PipeLines,
    fresh: bool,
}

/// Decodes `input` (encoding detected, see [`decode`](decode::decode)) and normalizes it with
/// the default steps.
///
/// # Errors
/// [`Error::TooLarge`] over 64 MiB, [`Error::NotText`] for binary input.
pub fn normalize(input: &[u8]) -> Result<Normalized<'_>, Error> {
    Normalizer::new().normalize(input)
}

/// Normalizes already-decoded text with the default steps.
pub fn normalize_str(input: &str) -> Normalized<'_> {
    Normalizer::new().normalize_str(input)
}

/// Cases of the properties that check a fast path against its oracle: 256, or
/// `XXGK_FAST_PATH_CASES` (run many more locally before changing a fast path).
#[cfg(test)]
pub(crate) fn fast_path_cases() -> u32 {
    std::env::var("XXGK_FAST_PATH_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}
