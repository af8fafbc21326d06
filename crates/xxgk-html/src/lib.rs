//! Readers for the formats reports are published in: HTML pages and Word (.docx) files.
//!
//! A reader turns the input into **plain text in the form the text pipeline parses**
//! (`xxgk-normalize` → `xxgk-segment` → `xxgk-table`), plus an offset map back to the input
//! bytes:
//!
//! - block elements (paragraphs, headings, list items, `<br>`) end lines, so headings stay on
//!   their own lines; runs of whitespace collapse to one space; `&nbsp;` is a space;
//! - every data table becomes pipe-table lines, one per grid row after `rowspan`/`colspan`
//!   (DOCX: `w:gridSpan`/`w:vMerge`) are expanded: a spanned cell is repeated in every grid
//!   position it covers, so each row line carries its full label path, and empty cells keep their
//!   place as `|  |`. Text inside a cell (`<p>`, `<br>`, `<span>`) is joined with single spaces.
//!   Example: `| 三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |`;
//! - page chrome is left out: `<script>`/`<style>`, navigation, headers and footers, share
//!   widgets, the 字号 大 中 小 / 打印 / 关闭 controls, and the 索引号/发布机构/发文日期 info box,
//!   whose values go to [`PageMeta`] instead.
//!
//! Layout tables (a table holding another table, a single cell, or a cell of long prose) are
//! read as ordinary blocks; the tables inside them become pipe rows. Consecutive tables stay
//! consecutive pipe rows (a template table split in several `<table>`s reads as one run).
//!
//! # Example
//!
//! ```
//! let page = "<html><body><p>二、主动公开政府信息情况</p>\
//!     <table><tr><td rowspan=2>规章</td><td>1</td></tr><tr><td>2&nbsp;</td></tr></table>\
//!     </body></html>";
//! let doc = xxgk_html::read_html(page.as_bytes())?;
//! assert_eq!(doc.text, "二、主动公开政府信息情况\n| 规章 | 1 |\n| 规章 | 2 |");
//! assert_eq!(doc.grids[0].rows[1], ["规章", "2"]);
//! // Every character of text maps back to the page bytes it came from.
//! let at = doc.text.rfind("规章").unwrap();
//! let span = doc.chain.to_original(xxgk_model::Span::new(at, at + "规章".len()));
//! assert_eq!(&page.as_bytes()[span.range()], "规章".as_bytes());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # How HTML offsets are found
//!
//! The DOM is built by html5ever (the WHATWG tree-construction algorithm, so unclosed tags,
//! misnested tables and the like are repaired as a browser would). html5ever does not report
//! source positions, so an aligner walks the decoded source once alongside the DOM's text nodes
//! in document order, skipping markup and matching each character literally or as a character
//! reference (which maps to the whole `&…;`). Text the tree builder moved (foster parenting)
//! gets an empty span. Synthetic text (`| `, ` |`, newlines) maps to an empty span at the
//! next (or previous) source character. Because spanned cells are repeated, the map is not
//! monotonic in the source; a span over several cells maps from its first character's source to
//! its last's, and a span ending in a repeated cell may come back empty.
//!
//! The map is a [`MapChain`]: decoding (BOM, GBK → UTF-8, exact per character), then extraction.
//! DOCX text comes from a compressed zip member whose bytes cannot be addressed: its whole text
//! maps to the empty span at offset 0.
//!
//! # Input safety
//!
//! No input panics. Limits ([`Limits`], defaults in brackets): input size
//! [`max_input_bytes`](Limits::max_input_bytes) \[64 MiB\], element nesting
//! [`max_depth`](Limits::max_depth) \[1024\], grid positions of one table
//! [`max_grid_cells`](Limits::max_grid_cells) \[1,000,000\], DOM nodes of one page
//! [`max_nodes`](Limits::max_nodes) \[1,000,000, about 250 MB of DOM\], decompressed `document.xml`
//! [`max_docx_xml_bytes`](Limits::max_docx_xml_bytes) \[64 MiB\]. Over a limit the reader
//! returns a typed [`Error`]. Work is linear in the input apart from html5ever's own scope
//! checks, which the depth limit bounds; the DOM, which dominates memory, is bounded by the node
//! limit. Measured (release build, loaded 2-core machine): 1.1 MB of misnested formatting tags
//! (`<b><p>x</b>` repeated) reads in 0.6 s with an 82 MB peak, and 4.4 MB of them fail with
//! [`Error::TooManyNodes`] at a 200 MB peak; 100,000 nested `<div>`s fail with
//! [`Error::TooDeep`] in milliseconds; a 50 MB attribute reads in under a second.
//!
//! # Charset
//!
//! A BOM wins; then input that is valid UTF-8 with non-ASCII text is UTF-8 whatever it declares
//! (servers override stale declarations in HTTP headers we do not see); then `<meta charset>` or
//! `http-equiv` in the first 4 KiB; then UTF-8 if valid, else GB18030 (GBK's superset). Decoding
//! maps every character to its exact input bytes.

mod align;
mod decode;
mod docx;
mod dom;
mod html;
mod out;

use xxgk_normalize::map::MapChain;

/// Why an input could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input (or a decompressed part of it) is larger than the limit.
    #[error("input of {size} bytes is over the limit of {limit} bytes")]
    TooLarge {
        /// Size found.
        size: usize,
        /// Limit.
        limit: usize,
    },
    /// Elements nest deeper than the limit.
    #[error("elements nest deeper than {limit} levels")]
    TooDeep {
        /// Limit.
        limit: usize,
    },
    /// An HTML page makes more DOM nodes than the limit.
    #[error("the page makes more than {limit} elements and text nodes")]
    TooManyNodes {
        /// Limit.
        limit: usize,
    },
    /// A table expands to more grid positions than the limit.
    #[error("a table expands to more than {limit} cells")]
    TableTooLarge {
        /// Limit.
        limit: usize,
    },
    /// The .docx is not a readable zip archive.
    #[error("not a readable zip archive: {0}")]
    Zip(String),
    /// The document is encrypted (password-protected).
    #[error("the document is encrypted")]
    Encrypted,
    /// A required part of the .docx is missing.
    #[error("the document has no {0}")]
    MissingPart(&'static str),
    /// `word/document.xml` is not well-formed XML.
    #[error("malformed document XML: {0}")]
    Xml(String),
    /// A format this crate does not read.
    #[error("unsupported format: {0}")]
    Unsupported(String),
}

/// Resource limits of the readers (see the crate docs, "Input safety").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest input accepted, in bytes.
    pub max_input_bytes: usize,
    /// Deepest element nesting accepted (HTML).
    pub max_depth: usize,
    /// Most grid positions (rows × columns after span expansion) of one table.
    pub max_grid_cells: usize,
    /// Most DOM nodes (elements, comments, text runs) one HTML page may make. Misnested
    /// formatting tags (`<b><p>x</b>` repeated) make html5ever clone elements: about 70 bytes
    /// of DOM per byte of such input, ~250 bytes per node.
    pub max_nodes: usize,
    /// Largest decompressed `word/document.xml`, in bytes (zip bombs).
    pub max_docx_xml_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_input_bytes: 64 << 20,
            max_depth: 1024,
            max_grid_cells: 1_000_000,
            max_nodes: 1_000_000,
            max_docx_xml_bytes: 64 << 20,
        }
    }
}

/// What an input looks like, from its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// An HTML page.
    Html,
    /// A Word 2007+ document (zip with `word/document.xml`).
    Docx,
    /// Plain text.
    Text,
    /// Something else (PDF, image, legacy .doc, another archive).
    Binary,
}

/// Values of the page's info box (索引号 / 发布机构 / 发文日期) and title: metadata candidates,
/// not report text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMeta {
    /// 发布机构 (or 发文机关): the publishing agency.
    pub publisher: Option<String>,
    /// 发文日期 / 成文日期 / 发布日期, as printed.
    pub date: Option<String>,
    /// 索引号.
    pub index_no: Option<String>,
    /// 名称/标题 from the info box, else the page `<title>`.
    pub title: Option<String>,
}

/// One table expanded to its grid: every row has the same number of cells; a spanned cell's
/// text is repeated in each position it covers; an empty cell is `""`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grid {
    /// Rows of cell texts.
    pub rows: Vec<Vec<String>>,
}

/// A read document: text for the pipeline, its map to the input bytes, metadata and grids.
#[derive(Debug, Clone)]
pub struct Document {
    /// Plain text with tables as pipe rows.
    pub text: String,
    /// Maps spans of [`text`](Document::text) to the input bytes.
    pub chain: MapChain,
    /// Info-box values and title.
    pub metadata: PageMeta,
    /// The data tables, in document order.
    pub grids: Vec<Grid>,
    /// Name of the encoding the input was decoded from.
    pub encoding: &'static str,
}

/// Reads an HTML page with the default [`Limits`].
pub fn read_html(bytes: &[u8]) -> Result<Document, Error> {
    html::read(bytes, &Limits::default())
}

/// Reads an HTML page with the given limits.
pub fn read_html_with(bytes: &[u8], limits: &Limits) -> Result<Document, Error> {
    html::read(bytes, limits)
}

/// Reads a Word (.docx) document with the default [`Limits`].
pub fn read_docx(bytes: &[u8]) -> Result<Document, Error> {
    docx::read(bytes, &Limits::default())
}

/// Reads a Word (.docx) document with the given limits.
pub fn read_docx_with(bytes: &[u8], limits: &Limits) -> Result<Document, Error> {
    docx::read(bytes, limits)
}

/// Guesses what the bytes are, from their content (not a file name).
///
/// ```
/// use xxgk_html::{sniff, InputKind};
/// assert_eq!(sniff(b"<!DOCTYPE html><html>"), InputKind::Html);
/// assert_eq!(sniff("一、总体情况".as_bytes()), InputKind::Text);
/// assert_eq!(sniff(b"%PDF-1.7"), InputKind::Binary);
/// ```
pub fn sniff(bytes: &[u8]) -> InputKind {
    if bytes.starts_with(b"PK\x03\x04") {
        return if decode::find(bytes, b"word/document.xml", 0).is_some() {
            InputKind::Docx
        } else {
            InputKind::Binary
        };
    }
    if bytes.starts_with(b"%PDF")
        || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
        || bytes.starts_with(b"PK")
        || bytes.starts_with(b"\x89PNG")
        || bytes.starts_with(&[0xFF, 0xD8, 0xFF])
    {
        return InputKind::Binary;
    }
    let head = bytes.get(..8192.min(bytes.len())).unwrap_or(bytes);
    // UTF-16 text: look at the decoded start.
    let owned;
    let head: &[u8] = match encoding_rs::Encoding::for_bom(head) {
        Some((enc, _)) if enc != encoding_rs::UTF_8 => {
            owned = enc.decode(head).0.into_owned().into_bytes();
            &owned
        }
        _ => {
            if memchr::memchr(0, head).is_some() {
                return InputKind::Binary;
            }
            head
        }
    };
    // Only ASCII letters are compared without case, so the first 2 KiB are looked at in place
    // (no lower-cased copy) and the tags only where a `<` is.
    let window = head.get(..2048).unwrap_or(head);
    let start = window
        .iter()
        .position(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF)
        .unwrap_or(0);
    let rest = window.get(start..).unwrap_or(&[]);
    let starts = |p: &[u8]| {
        rest.get(..p.len())
            .is_some_and(|r| r.eq_ignore_ascii_case(p))
    };
    // Markup from the first character: a tag, a comment or a doctype.
    if rest.first() == Some(&b'<')
        && rest
            .get(1)
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'!' || *b == b'?')
    {
        return InputKind::Html;
    }
    if starts(b"<!doctype html")
        || starts(b"<html")
        || starts(b"<head")
        || starts(b"<body")
        || starts(b"<meta")
        || starts(b"<!--")
    {
        return InputKind::Html;
    }
    const TAGS: [&[u8]; 7] = [
        b"<html", b"<body", b"<table", b"<div", b"<p>", b"<p ", b"<br",
    ];
    // Which of the tags occur anywhere in the first 2 KiB (each counted once).
    let mut seen = 0u8;
    for p in memchr::memchr_iter(b'<', window) {
        let at = window.get(p..).unwrap_or_default();
        for (i, t) in TAGS.iter().enumerate() {
            if at.get(..t.len()).is_some_and(|a| a.eq_ignore_ascii_case(t)) {
                seen |= 1 << i;
            }
        }
    }
    let n = seen.count_ones();
    if n >= 2 {
        InputKind::Html
    } else {
        InputKind::Text
    }
}

#[cfg(test)]
mod tests {
    use super::{sniff, InputKind};
    use proptest::prelude::*;

    /// The tag test as first written: a lower-cased copy of the first 2 KiB and one substring
    /// search per tag. `sniff` must decide the same on every input.
    fn tags_by_copy(head: &[u8]) -> bool {
        let lower: Vec<u8> = head.iter().take(2048).map(u8::to_ascii_lowercase).collect();
        let tags: &[&[u8]] = &[
            b"<html", b"<body", b"<table", b"<div", b"<p>", b"<p ", b"<br",
        ];
        tags.iter()
            .filter(|t| lower.windows(t.len()).any(|w| w == **t))
            .count()
            >= 2
    }

    #[test]
    fn tags_are_found_in_any_case_and_counted_once() {
        assert_eq!(sniff("正文<P>一<Br>二".as_bytes()), InputKind::Html);
        assert_eq!(sniff("正文<p>一<p>二".as_bytes()), InputKind::Text);
        assert_eq!(sniff("正文 <TABLE x> <DIV>".as_bytes()), InputKind::Html);
        let late = format!("{}<p>x<br>", "文".repeat(700));
        assert_eq!(sniff(late.as_bytes()), InputKind::Text, "tags after 2 KiB");
    }

    proptest! {
        #[test]
        fn tag_test_matches_the_lower_cased_search(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("<P>"), Just("<p "), Just("<bR/>"), Just("<Table"), Just("<DIV"),
                    Just("<html"), Just("<BODY"), Just("<"), Just("p>"), Just("一、总体情况"),
                    Just(" "), Just("\n"), Just("数字 12"), Just("<Pre>"),
                ],
                0..60,
            ),
            lead in "[a-z一]{1,3}",
        ) {
            // Text that does not start with markup, so only the tag count decides.
            let text = format!("{lead}{}", parts.concat());
            let expected = if tags_by_copy(text.as_bytes()) { InputKind::Html } else { InputKind::Text };
            prop_assert_eq!(sniff(text.as_bytes()), expected);
        }
    }
}
