//! Step zero: bytes → text, with a map from the text back to the caller's bytes.
//!
//! Supported: UTF-8 (with or without BOM), GB18030 (a superset of GBK and GB2312), Big5, and
//! UTF-16 LE/BE (with or without BOM). Detection, when no encoding is forced:
//!
//! 1. a byte-order mark;
//! 2. valid UTF-8;
//! 3. UTF-16 by the pattern of NUL bytes (ASCII text in UTF-16 has a NUL in every other byte);
//! 4. otherwise GB18030 or Big5, chosen by `chardetng`'s frequency models, with UTF-16 without
//!    NULs considered as well when its decoding is clearly more plausible Chinese
//!    (see [`crate::freq`]).
//!
//! Binary input — NUL bytes outside UTF-16, many control bytes, or the magic number of a zip
//! (DOCX), PDF, image or other container — is [`Error::NotText`].
//!
//! Every character of the result maps exactly to its bytes: runs of characters that changed width
//! the same way (GBK's two bytes → three UTF-8 bytes) are recorded as uniform-run [`Edit`]s.
//!
//! ```
//! use xxgk_normalize::decode::{decode, DecodeOptions, Encoding};
//! let (gbk, _, _) = encoding_rs::GBK.encode("年度报告");
//! let d = decode(&gbk, &DecodeOptions::default())?;
//! assert_eq!(d.text(), "年度报告");
//! assert_eq!(d.encoding(), Encoding::Gb18030);
//! // "报告" in the text is bytes 4..8 of the GBK input.
//! let at = d.text().find("报告").unwrap_or(0);
//! let span = d.to_original(xxgk_model::Span::new(at, at + "报告".len()));
//! assert_eq!(span.range(), 4..8);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::map::{Edit, MapChain, OffsetMap};
use crate::Error;
use std::borrow::Cow;
use xxgk_model::{Code, Diagnostic, Span};

/// The default maximum input size: 64 MiB.
pub const DEFAULT_MAX_INPUT: usize = 64 << 20;

/// A supported text encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Encoding {
    /// UTF-8.
    Utf8,
    /// GB18030, which also reads GBK and GB2312.
    Gb18030,
    /// Big5 (as the WHATWG Encoding Standard defines it, with HKSCS extensions).
    Big5,
    /// UTF-16, little endian.
    Utf16Le,
    /// UTF-16, big endian.
    Utf16Be,
}

impl Encoding {
    /// The encoding's usual label.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Gb18030 => "GB18030",
            Encoding::Big5 => "Big5",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
        }
    }

    /// Parses a label such as `utf-8`, `gbk`, `gb2312`, `gb18030`, `big5`, `utf-16le`
    /// (case-insensitive, WHATWG labels).
    pub fn from_label(label: &str) -> Option<Encoding> {
        let e = encoding_rs::Encoding::for_label(label.trim().as_bytes())?;
        if e == encoding_rs::UTF_8 {
            Some(Encoding::Utf8)
        } else if e == encoding_rs::GBK || e == encoding_rs::GB18030 {
            Some(Encoding::Gb18030)
        } else if e == encoding_rs::BIG5 {
            Some(Encoding::Big5)
        } else if e == encoding_rs::UTF_16LE {
            Some(Encoding::Utf16Le)
        } else if e == encoding_rs::UTF_16BE {
            Some(Encoding::Utf16Be)
        } else {
            None
        }
    }
}

/// Options of [`decode`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeOptions {
    /// Force this encoding instead of detecting one (a BOM of another encoding is then read as
    /// text, except that a UTF-8 or UTF-16 BOM matching the forced encoding is skipped).
    pub encoding: Option<Encoding>,
    /// Inputs longer than this many bytes are refused with [`Error::TooLarge`]
    /// (default [`DEFAULT_MAX_INPUT`], 64 MiB).
    pub max_input: usize,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        DecodeOptions {
            encoding: None,
            max_input: DEFAULT_MAX_INPUT,
        }
    }
}

/// Decoded text (borrowed when the input was UTF-8 without a BOM) with its map to the bytes.
#[derive(Debug, Clone)]
pub struct Decoded<'a> {
    text: Cow<'a, str>,
    encoding: Encoding,
    bom: bool,
    guessed: bool,
    map: OffsetMap,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Decoded<'a> {
    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Consumes self, returning the text.
    pub fn into_text(self) -> Cow<'a, str> {
        self.text
    }

    /// The encoding read.
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// True when a byte-order mark was found (and skipped).
    pub fn had_bom(&self) -> bool {
        self.bom
    }

    /// True when the encoding was guessed from the bytes (no BOM, not forced, not valid UTF-8).
    pub fn was_guessed(&self) -> bool {
        self.guessed
    }

    /// The map from the text to the input bytes.
    pub fn map(&self) -> &OffsetMap {
        &self.map
    }

    /// A chain holding just this decoding's map.
    pub fn chain(&self) -> MapChain {
        let mut c = MapChain::new();
        c.push(self.map.clone());
        c
    }

    /// Maps a span of the text to the input bytes.
    pub fn to_original(&self, span: Span) -> Span {
        self.map.to_original(span)
    }

    /// Diagnostics: [`Code::EncodingGuessed`], [`Code::InvalidBytes`].
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Splits into text, map and diagnostics.
    pub fn into_parts(self) -> (Cow<'a, str>, OffsetMap, Vec<Diagnostic>) {
        (self.text, self.map, self.diagnostics)
    }
}

/// Decodes `bytes` as text; see the [module documentation](self).
///
/// # Errors
/// [`Error::TooLarge`] over `options.max_input`; [`Error::NotText`] for binary input.
pub fn decode<'a>(bytes: &'a [u8], options: &DecodeOptions) -> Result<Decoded<'a>, Error> {
    if bytes.len() > options.max_input {
        return Err(Error::TooLarge {
            size: bytes.len(),
            limit: options.max_input,
        });
    }
    if let Some(kind) = magic(bytes) {
        return Err(Error::NotText(format!("{kind} data")));
    }
    let bom = sniff_bom(bytes);
    // The input as text when detection found it valid UTF-8 (validated once, not again below).
    let mut valid: Option<&str> = None;
    let (enc, bom_len, guessed) = match (options.encoding, bom) {
        (Some(forced), Some((b, len))) if b == forced => (forced, len, false),
        (Some(forced), _) => (forced, 0, false),
        (None, Some((b, len))) => (b, len, false),
        (None, None) => {
            valid = simdutf8::basic::from_utf8(bytes).ok();
            let (e, g) = detect_checked(bytes, valid.is_some());
            (e, 0, g)
        }
    };
    let body = bytes.get(bom_len..).unwrap_or_default();
    if !matches!(enc, Encoding::Utf16Le | Encoding::Utf16Be) {
        check_binary(body)?;
    }
    let mut out = match enc {
        Encoding::Utf8 => match valid {
            // No BOM here: `body` is all of `bytes`.
            Some(s) => decoded(Cow::Borrowed(s), Recorder::new(0).finish(), Vec::new()),
            None => decode_utf8(body, bom_len),
        },
        Encoding::Gb18030 => decode_legacy(body, bom_len, encoding_rs::GB18030, 4),
        Encoding::Big5 => decode_legacy(body, bom_len, encoding_rs::BIG5, 2),
        Encoding::Utf16Le => decode_utf16(body, bom_len, false),
        Encoding::Utf16Be => decode_utf16(body, bom_len, true),
    };
    if matches!(enc, Encoding::Utf16Le | Encoding::Utf16Be) {
        check_binary_text(&out.text)?;
    }
    out.encoding = enc;
    out.bom = bom_len > 0;
    out.guessed = guessed;
    if guessed {
        out.diagnostics.insert(
            0,
            Diagnostic::new(
                Code::EncodingGuessed,
                format!("the input was read as {}", enc.name()),
            ),
        );
    }
    Ok(out)
}

fn sniff_bom(b: &[u8]) -> Option<(Encoding, usize)> {
    if b.starts_with(b"\xEF\xBB\xBF") {
        Some((Encoding::Utf8, 3))
    } else if b.starts_with(b"\xFF\xFE") {
        Some((Encoding::Utf16Le, 2))
    } else if b.starts_with(b"\xFE\xFF") {
        Some((Encoding::Utf16Be, 2))
    } else if b.starts_with(b"\x84\x31\x95\x33") {
        Some((Encoding::Gb18030, 4))
    } else {
        None
    }
}

fn magic(b: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"PK\x03\x04", "zip (or DOCX/XLSX)"),
        (b"PK\x05\x06", "zip"),
        (b"%PDF-", "PDF"),
        (b"\x89PNG\r\n\x1a\n", "PNG"),
        (b"\xFF\xD8\xFF", "JPEG"),
        (b"GIF87a", "GIF"),
        (b"GIF89a", "GIF"),
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "OLE (DOC/XLS)"),
        (b"\x1F\x8B", "gzip"),
        (b"Rar!\x1A\x07", "RAR"),
        (b"7z\xBC\xAF\x27\x1C", "7z"),
        (b"\x7FELF", "ELF"),
        (b"BZh", "bzip2"),
        (b"\xFD7zXZ\x00", "xz"),
        (b"\x28\xB5\x2F\xFD", "zstd"),
        (b"II*\x00", "TIFF"),
        (b"MM\x00*", "TIFF"),
    ];
    MAGIC
        .iter()
        .find(|(m, _)| b.starts_with(m))
        .map(|&(_, k)| k)
}

fn is_bad_control(b: u8) -> bool {
    b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0B | 0x0C | 0x1A | 0x1B)
}

/// Binary: any NUL, or more than 1 % (and at least 4) other control bytes.
fn check_binary(b: &[u8]) -> Result<(), Error> {
    // Control bytes other than line ends and tabs (text has many of those; NUL among them):
    // a vectorizable test for any (an OR, no count) decides almost every text; the counts
    // only when there is one.
    let low_byte = |x: u8| u8::from((x < 0x20) & (x != b'\n') & (x != b'\r') & (x != b'\t'));
    // Most texts have no control byte but line feeds: a chunk is passed by that cheaper test
    // first (fewer operations per byte), and tested for the others only when it fails.
    let not_lf = |x: u8| u8::from((x < 0x20) & (x != b'\n'));
    let mut chunks = b.chunks_exact(64);
    let mut any = 0u8;
    for c in &mut chunks {
        if c.iter().fold(0u8, |a, &x| a | not_lf(x)) != 0 {
            any |= c.iter().fold(0u8, |a, &x| a | low_byte(x));
            if any != 0 {
                break;
            }
        }
    }
    any |= chunks.remainder().iter().fold(0u8, |a, &x| a | low_byte(x));
    if any == 0 {
        return Ok(());
    }
    let low = b.iter().filter(|&&x| low_byte(x) != 0).count();
    if let Some(i) = memchr::memchr(0, b) {
        return Err(Error::NotText(format!("NUL byte at offset {i}")));
    }
    if low >= 4 && low * 100 > b.len() {
        let ctl = b.iter().filter(|&&c| is_bad_control(c)).count();
        if ctl >= 4 && ctl * 100 > b.len() {
            return Err(Error::NotText(format!("{ctl} control bytes")));
        }
    }
    Ok(())
}

fn check_binary_text(t: &str) -> Result<(), Error> {
    let mut n = 0usize;
    let mut ctl = 0usize;
    for c in t.chars() {
        n += 1;
        if c == '\0' {
            return Err(Error::NotText("NUL character".into()));
        }
        if u8::try_from(c as u32).is_ok_and(is_bad_control) {
            ctl += 1;
        }
    }
    if ctl >= 4 && ctl * 100 > n {
        return Err(Error::NotText(format!("{ctl} control characters")));
    }
    Ok(())
}

/// Guesses the encoding of BOM-less bytes: (encoding, guessed?). `utf8`: whether `b` is valid
/// UTF-8, which the caller checked.
fn detect_checked(b: &[u8], utf8: bool) -> (Encoding, bool) {
    if utf8 {
        // Valid UTF-8 is UTF-8 unless it is UTF-16 with ASCII content (NULs; refused later as
        // binary if it is neither).
        if let Some(e) = utf16_by_nuls(b) {
            return (e, true);
        }
        return (Encoding::Utf8, false);
    }
    if let Some(e) = utf16_by_nuls(b) {
        return (e, true);
    }
    // A valid UTF-8 text cut at the end (a truncated last character) is still UTF-8.
    if let Err(e) = std::str::from_utf8(b) {
        if e.error_len().is_none() && e.valid_up_to() + 4 > b.len() && e.valid_up_to() > 0 {
            return (Encoding::Utf8, true);
        }
    }
    let sample = b.get(..b.len().min(256 << 10)).unwrap_or(b);
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(sample, sample.len() == b.len());
    let guess = det.guess(None, chardetng::Utf8Detection::Deny);
    let legacy = if guess == encoding_rs::BIG5 {
        Encoding::Big5
    } else {
        Encoding::Gb18030
    };
    // UTF-16 with CJK content has no NULs: compare plausibility of the decodings.
    if b.len() % 2 == 0 && b.len() >= 4 {
        let small = sample.get(..sample.len() & !1).unwrap_or_default();
        let legacy_enc = match legacy {
            Encoding::Big5 => encoding_rs::BIG5,
            _ => encoding_rs::GB18030,
        };
        let (l, _) = legacy_enc.decode_without_bom_handling(small);
        let mut best = (crate::freq::plausibility(&l), legacy);
        for (enc, e) in [
            (encoding_rs::UTF_16LE, Encoding::Utf16Le),
            (encoding_rs::UTF_16BE, Encoding::Utf16Be),
        ] {
            let (t, _) = enc.decode_without_bom_handling(small);
            let p = crate::freq::plausibility(&t);
            if p > best.0 + 0.5 {
                best = (p, e);
            }
        }
        return (best.1, true);
    }
    (legacy, true)
}

fn utf16_by_nuls(b: &[u8]) -> Option<Encoding> {
    let sample = b.get(..b.len().min(8192) & !1).unwrap_or_default();
    // No NUL at all: not UTF-16 with ASCII content (the common case, decided by memchr).
    memchr::memchr(0, sample)?;
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut z_even, mut z_odd) = (0usize, 0usize);
    for (i, &c) in sample.iter().enumerate() {
        if c == 0 {
            if i % 2 == 0 {
                z_even += 1;
            } else {
                z_odd += 1;
            }
        }
    }
    if z_odd >= 2 && z_odd * 5 >= pairs && z_even * 20 <= z_odd {
        Some(Encoding::Utf16Le)
    } else if z_even >= 2 && z_even * 5 >= pairs && z_odd * 20 <= z_even {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

/// Collects the edits of a decoding: each character's source byte length and result length;
/// characters copied byte for byte make no edit, runs of equal widths make one uniform edit.
struct Recorder {
    edits: Vec<Edit>,
    orig: usize,
    norm: usize,
}

impl Recorder {
    fn new(bom: usize) -> Recorder {
        let mut edits = Vec::new();
        if bom > 0 {
            edits.push(Edit {
                orig_start: 0,
                orig_end: bom,
                norm_start: 0,
                norm_end: 0,
                unit: None,
            });
        }
        Recorder {
            edits,
            orig: bom,
            norm: 0,
        }
    }

    fn identical(&mut self, len: usize) {
        self.orig += len;
        self.norm += len;
    }

    /// One source unit of `o` bytes became `n` bytes; `single` when it is one character.
    fn changed(&mut self, o: usize, n: usize, single: bool) {
        let unit = if single {
            u8::try_from(o).ok().zip(u8::try_from(n).ok())
        } else {
            None
        };
        let e = Edit {
            orig_start: self.orig,
            orig_end: self.orig + o,
            norm_start: self.norm,
            norm_end: self.norm + n,
            unit,
        };
        self.orig += o;
        self.norm += n;
        if let Some(last) = self.edits.last_mut() {
            if unit.is_some()
                && last.unit == unit
                && last.orig_end == e.orig_start
                && last.norm_end == e.norm_start
            {
                last.orig_end = e.orig_end;
                last.norm_end = e.norm_end;
                return;
            }
        }
        self.edits.push(e);
    }

    fn finish(self) -> OffsetMap {
        OffsetMap::from_edits(self.edits)
    }
}

fn decoded(text: Cow<'_, str>, map: OffsetMap, invalid: Vec<Span>) -> Decoded<'_> {
    let mut diagnostics = Vec::new();
    if let (Some(first), n) = (invalid.first(), invalid.len()) {
        diagnostics.push(
            Diagnostic::new(
                Code::InvalidBytes,
                format!("{n} invalid byte sequence(s) replaced by U+FFFD"),
            )
            .with_span(*first),
        );
    }
    Decoded {
        text,
        encoding: Encoding::Utf8,
        bom: false,
        guessed: false,
        map,
        diagnostics,
    }
}

fn decode_utf8(body: &[u8], bom: usize) -> Decoded<'_> {
    // SIMD validation: this runs on every input (the same answer as `std::str::from_utf8`).
    if let Ok(s) = simdutf8::basic::from_utf8(body) {
        return decoded(Cow::Borrowed(s), Recorder::new(bom).finish(), Vec::new());
    }
    let mut rec = Recorder::new(bom);
    let mut out = String::with_capacity(body.len() + 16);
    let mut invalid = Vec::new();
    for chunk in body.utf8_chunks() {
        out.push_str(chunk.valid());
        rec.identical(chunk.valid().len());
        let bad = chunk.invalid().len();
        if bad > 0 {
            invalid.push(Span::new(rec.orig, rec.orig + bad));
            out.push('\u{FFFD}');
            rec.changed(bad, 3, false);
        }
    }
    decoded(Cow::Owned(out), rec.finish(), invalid)
}

/// GB18030 and Big5: each character is decoded on its own so that its byte length is known.
fn decode_legacy(
    body: &[u8],
    bom: usize,
    enc: &'static encoding_rs::Encoding,
    max_len: usize,
) -> Decoded<'static> {
    let mut rec = Recorder::new(bom);
    let mut out = String::with_capacity(body.len() * 3 / 2 + 16);
    let mut invalid = Vec::new();
    let mut i = 0;
    while let Some(&b) = body.get(i) {
        if b < 0x80 {
            // ASCII run: identical bytes.
            let run = body
                .get(i..)
                .map_or(0, |r| r.iter().take_while(|&&c| c < 0x80).count());
            out.push_str(
                std::str::from_utf8(body.get(i..i + run).unwrap_or_default()).unwrap_or(""),
            );
            rec.identical(run);
            i += run;
            continue;
        }
        let mut done = false;
        for len in [2usize, 4].into_iter().filter(|&l| l <= max_len) {
            let Some(seq) = body.get(i..i + len) else {
                break;
            };
            if let Some(s) = enc.decode_without_bom_handling_and_without_replacement(seq) {
                let single = s.chars().count() == 1;
                out.push_str(&s);
                rec.changed(len, s.len(), single);
                i += len;
                done = true;
                break;
            }
        }
        if !done {
            invalid.push(Span::new(rec.orig, rec.orig + 1));
            out.push('\u{FFFD}');
            rec.changed(1, 3, true);
            i += 1;
        }
    }
    decoded(Cow::Owned(out), rec.finish(), invalid)
}

fn decode_utf16(body: &[u8], bom: usize, be: bool) -> Decoded<'static> {
    let mut rec = Recorder::new(bom);
    let mut out = String::with_capacity(body.len() + 16);
    let mut invalid = Vec::new();
    let units = body.chunks(2).map(|p| match (p.first(), p.get(1)) {
        (Some(&a), Some(&b)) => {
            if be {
                Some(u16::from_be_bytes([a, b]))
            } else {
                Some(u16::from_le_bytes([a, b]))
            }
        }
        _ => None,
    });
    let mut pending: Option<u16> = None;
    let push = |c: char, o: usize, rec: &mut Recorder, out: &mut String| {
        out.push(c);
        rec.changed(o, c.len_utf8(), true);
    };
    for u in units {
        let Some(u) = u else {
            // Odd trailing byte.
            if let Some(_hi) = pending.take() {
                invalid.push(Span::new(rec.orig, rec.orig + 2));
                push('\u{FFFD}', 2, &mut rec, &mut out);
            }
            invalid.push(Span::new(rec.orig, rec.orig + 1));
            push('\u{FFFD}', 1, &mut rec, &mut out);
            continue;
        };
        if let Some(hi) = pending.take() {
            if (0xDC00..0xE000).contains(&u) {
                let c = 0x10000 + ((u32::from(hi) - 0xD800) << 10) + (u32::from(u) - 0xDC00);
                push(
                    char::from_u32(c).unwrap_or('\u{FFFD}'),
                    4,
                    &mut rec,
                    &mut out,
                );
                continue;
            }
            invalid.push(Span::new(rec.orig, rec.orig + 2));
            push('\u{FFFD}', 2, &mut rec, &mut out);
        }
        if (0xD800..0xDC00).contains(&u) {
            pending = Some(u);
        } else if let Some(c) = char::from_u32(u32::from(u)) {
            push(c, 2, &mut rec, &mut out);
        } else {
            invalid.push(Span::new(rec.orig, rec.orig + 2));
            push('\u{FFFD}', 2, &mut rec, &mut out);
        }
    }
    if pending.is_some() {
        invalid.push(Span::new(rec.orig, rec.orig + 2));
        push('\u{FFFD}', 2, &mut rec, &mut out);
    }
    decoded(Cow::Owned(out), rec.finish(), invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> DecodeOptions {
        DecodeOptions::default()
    }

    /// Every character of the text maps to exactly the bytes that encode it in `enc`.
    fn check_exact(d: &Decoded<'_>, bytes: &[u8], enc: &'static encoding_rs::Encoding) {
        for (i, c) in d.text().char_indices() {
            let s = d.to_original(Span::new(i, i + c.len_utf8()));
            let mut buf = [0u8; 4];
            let want: Vec<u8> = if enc == encoding_rs::UTF_16LE {
                c.encode_utf16(&mut [0u16; 2])
                    .iter()
                    .flat_map(|u| u.to_le_bytes())
                    .collect()
            } else if enc == encoding_rs::UTF_16BE {
                c.encode_utf16(&mut [0u16; 2])
                    .iter()
                    .flat_map(|u| u.to_be_bytes())
                    .collect()
            } else if enc == encoding_rs::UTF_8 {
                c.encode_utf8(&mut buf).as_bytes().to_vec()
            } else {
                enc.encode(c.encode_utf8(&mut buf)).0.into_owned()
            };
            assert_eq!(&bytes[s.range()], &want[..], "char {c:?} at {i}");
        }
    }

    const TEXT: &str = "2021年政府信息公开工作年度报告\n一、总体情况（一）主动公开。共 12 件";

    #[test]
    fn utf8_plain_is_borrowed_identity() {
        let d = decode(TEXT.as_bytes(), &opts()).unwrap();
        assert_eq!(d.text(), TEXT);
        assert!(matches!(d.text, Cow::Borrowed(_)));
        assert!(d.map().is_identity());
        assert!(!d.was_guessed());
    }

    #[test]
    fn utf8_bom_skipped_and_mapped() {
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice(TEXT.as_bytes());
        let d = decode(&b, &opts()).unwrap();
        assert_eq!(d.text(), TEXT);
        assert!(d.had_bom());
        check_exact(&d, &b, encoding_rs::UTF_8);
    }

    #[test]
    fn gbk_detected_and_exact() {
        let (b, _, _) = encoding_rs::GBK.encode(TEXT);
        let d = decode(&b, &opts()).unwrap();
        assert_eq!(d.encoding(), Encoding::Gb18030);
        assert_eq!(d.text(), TEXT);
        assert!(d.was_guessed());
        check_exact(&d, &b, encoding_rs::GBK);
        // one uniform run per stretch of CJK, not one edit per character
        assert!(d.map().edits().len() < 12, "{}", d.map().edits().len());
    }

    #[test]
    fn gb18030_four_byte_characters() {
        let t = "年€𠀀报告";
        let (b, _, _) = encoding_rs::GB18030.encode(t);
        let o = DecodeOptions {
            encoding: Some(Encoding::Gb18030),
            ..opts()
        };
        let d = decode(&b, &o).unwrap();
        assert_eq!(d.text(), t);
        check_exact(&d, &b, encoding_rs::GB18030);
    }

    #[test]
    fn big5_detected() {
        let t = "本報告根據《中華人民共和國政府信息公開條例》編制，由總體情況、主動公開政府信息情況、收到和處理政府信息公開申請情況組成。";
        let (b, _, _) = encoding_rs::BIG5.encode(t);
        let d = decode(&b, &opts()).unwrap();
        assert_eq!(d.encoding(), Encoding::Big5);
        assert_eq!(d.text(), t);
        check_exact(&d, &b, encoding_rs::BIG5);
    }

    #[test]
    fn utf16_with_and_without_bom() {
        for (le, bom) in [(true, true), (false, true), (true, false), (false, false)] {
            let mut b = Vec::new();
            if bom {
                b.extend_from_slice(if le { b"\xFF\xFE" } else { b"\xFE\xFF" });
            }
            for u in TEXT.encode_utf16() {
                b.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            let d = decode(&b, &opts()).unwrap();
            assert_eq!(d.text(), TEXT, "le={le} bom={bom}");
            let body = &b[if bom { 2 } else { 0 }..];
            let _ = body;
            check_exact(
                &d,
                &b,
                if le {
                    encoding_rs::UTF_16LE
                } else {
                    encoding_rs::UTF_16BE
                },
            );
        }
    }

    #[test]
    fn utf16_cjk_only_without_bom() {
        let t = "政府信息公开工作年度报告，本年度收到政府信息公开申请共计办理完成。";
        let b: Vec<u8> = t.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let d = decode(&b, &opts()).unwrap();
        assert_eq!(d.text(), t);
    }

    #[test]
    fn override_wins() {
        let (b, _, _) = encoding_rs::GBK.encode("报告");
        let o = DecodeOptions {
            encoding: Some(Encoding::Big5),
            ..opts()
        };
        let d = decode(&b, &o).unwrap();
        assert_eq!(d.encoding(), Encoding::Big5);
        assert_ne!(d.text(), "报告");
    }

    /// [`check_binary`] as first written: one test for any control byte (the oracle of the
    /// two-step chunk test).
    fn check_binary_oracle(b: &[u8]) -> Result<(), Error> {
        let low_byte = |x: u8| (x < 0x20) & (x != b'\n') & (x != b'\r') & (x != b'\t');
        if !b.iter().any(|&x| low_byte(x)) {
            return Ok(());
        }
        let low = b.iter().filter(|&&x| low_byte(x)).count();
        if let Some(i) = memchr::memchr(0, b) {
            return Err(Error::NotText(format!("NUL byte at offset {i}")));
        }
        if low >= 4 && low * 100 > b.len() {
            let ctl = b.iter().filter(|&&c| is_bad_control(c)).count();
            if ctl >= 4 && ctl * 100 > b.len() {
                return Err(Error::NotText(format!("{ctl} control bytes")));
            }
        }
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(crate::fast_path_cases()))]
        /// The chunked test answers as the oracle, on text with every kind of control byte,
        /// sparse or dense, in any chunk.
        #[test]
        fn binary_check_is_the_oracle_s(
            fill in proptest::collection::vec(
                proptest::prop_oneof![
                    8 => proptest::sample::select(b"ab \n\xE4\xB8".to_vec()),
                    1 => 0u8..0x20,
                ],
                0..400,
            ),
        ) {
            proptest::prop_assert_eq!(check_binary(&fill), check_binary_oracle(&fill));
        }
    }

    #[test]
    fn binary_refused() {
        for b in [
            &b"PK\x03\x04rest"[..],
            b"%PDF-1.7\n",
            b"\x89PNG\r\n\x1a\nxxxx",
            b"abc\x00def",
            b"\x01\x02\x03\x04\x05\x06abc",
        ] {
            assert!(
                matches!(decode(b, &opts()), Err(Error::NotText(_))),
                "{b:?}"
            );
        }
    }

    #[test]
    fn too_large() {
        let o = DecodeOptions {
            max_input: 4,
            ..opts()
        };
        assert!(matches!(
            decode(b"12345", &o),
            Err(Error::TooLarge { size: 5, limit: 4 })
        ));
    }

    #[test]
    fn invalid_bytes_replaced_and_reported() {
        let mut b = "报告".as_bytes().to_vec();
        b.push(0xFF);
        b.extend_from_slice("年度".as_bytes());
        let o = DecodeOptions {
            encoding: Some(Encoding::Utf8),
            ..opts()
        };
        let d = decode(&b, &o).unwrap();
        assert_eq!(d.text(), "报告\u{FFFD}年度");
        assert_eq!(d.diagnostics()[0].code, Code::InvalidBytes);
        let at = d.text().find('年').unwrap();
        assert_eq!(
            &b[d.to_original(Span::new(at, at + 6)).range()],
            "年度".as_bytes()
        );
    }

    #[test]
    fn labels() {
        assert_eq!(Encoding::from_label("GBK"), Some(Encoding::Gb18030));
        assert_eq!(Encoding::from_label("big5"), Some(Encoding::Big5));
        assert_eq!(Encoding::from_label("utf-16le"), Some(Encoding::Utf16Le));
        assert_eq!(Encoding::from_label("latin1"), None);
    }
}
