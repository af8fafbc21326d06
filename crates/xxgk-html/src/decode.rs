//! Charset of an HTML page (BOM, `<meta charset>`, `http-equiv`, then a guess) and decoding to
//! UTF-8 with an exact map back to the input bytes.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};
use xxgk_normalize::map::{Edit, OffsetMap};

/// How many leading bytes are searched for a `<meta>` charset declaration.
const PRESCAN: usize = 4096;

/// Picks the encoding of an HTML page: a BOM wins; then a `<meta charset>` or `http-equiv`
/// declaration in the first 4 KiB, except that input which is valid UTF-8 with non-ASCII
/// characters is read as UTF-8 whatever it declares (servers often override stale declarations
/// with their HTTP header, which we do not see); then UTF-8 when valid, else GB18030 (a superset
/// of GBK and GB2312, the usual encodings of Chinese government sites).
pub(crate) fn sniff_encoding(bytes: &[u8]) -> &'static Encoding {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return enc;
    }
    let valid_utf8 = std::str::from_utf8(bytes).is_ok();
    if valid_utf8 && !bytes.is_ascii() {
        return UTF_8;
    }
    if let Some(enc) = meta_charset(bytes.get(..PRESCAN.min(bytes.len())).unwrap_or(bytes)) {
        // A UTF-16 declaration in an ASCII-compatible byte stream is a lie (WHATWG: use UTF-8).
        if enc == UTF_16BE || enc == UTF_16LE {
            return UTF_8;
        }
        return enc;
    }
    if valid_utf8 {
        UTF_8
    } else {
        GB18030
    }
}

/// Finds `charset=NAME` inside a `<meta` tag of the prefix.
fn meta_charset(prefix: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = prefix.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(i) = find(&lower, b"<meta", from) {
        let end = find(&lower, b">", i).unwrap_or(lower.len());
        let tag = lower.get(i..end)?;
        if let Some(j) = find(tag, b"charset", 0) {
            let mut k = j + b"charset".len();
            let at = |k: usize| tag.get(k).copied();
            while matches!(at(k), Some(b' ' | b'\t' | b'\n' | b'\r')) {
                k += 1;
            }
            if at(k) == Some(b'=') {
                k += 1;
                while matches!(at(k), Some(b' ' | b'\t' | b'\n' | b'\r' | b'"' | b'\'')) {
                    k += 1;
                }
                let start = k;
                while matches!(at(k), Some(b) if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b':' || b == b'.')
                {
                    k += 1;
                }
                if let Some(enc) = tag.get(start..k).and_then(Encoding::for_label) {
                    return Some(enc);
                }
            }
        }
        from = end;
    }
    None
}

pub(crate) fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return Some(from);
    }
    memchr::memmem::find(hay.get(from..)?, needle).map(|p| p + from)
}

/// Decodes `bytes` to UTF-8, returning the text and a map from it back to `bytes`. Every
/// character maps to exactly the bytes it was decoded from; a BOM is dropped; malformed
/// sequences become U+FFFD mapped to the bytes they replace.
pub(crate) fn decode(bytes: &[u8], enc: &'static Encoding) -> (String, OffsetMap) {
    if enc == UTF_8 {
        let (body, skip) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) => (rest, 3),
            None => (bytes, 0),
        };
        if let Ok(s) = std::str::from_utf8(body) {
            let map = if skip > 0 {
                OffsetMap::from_edits(vec![Edit {
                    orig_start: 0,
                    orig_end: skip,
                    norm_start: 0,
                    norm_end: 0,
                    unit: None,
                }])
            } else {
                OffsetMap::identity()
            };
            return (s.to_owned(), map);
        }
    }
    // Feed the decoder one byte at a time: each output character then maps exactly to the bytes
    // consumed since the previous one. Linear, with a small constant.
    let mut dec = enc.new_decoder_with_bom_removal();
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut edits: Vec<Edit> = Vec::new();
    let mut consumed_to = 0usize; // source bytes accounted for by output so far
    let mut buf = String::with_capacity(16);
    for i in 0..=bytes.len() {
        let last = i == bytes.len();
        let chunk = bytes.get(i..(i + 1).min(bytes.len())).unwrap_or(&[]);
        buf.clear();
        let (_res, _read, _had_errors) = dec.decode_to_string(chunk, &mut buf, last);
        if buf.is_empty() {
            continue;
        }
        let src_end = if last { bytes.len() } else { i + 1 };
        let n_chars = buf.chars().count();
        if n_chars == 1 {
            push_char_edit(&mut edits, consumed_to, src_end, text.len(), &buf, bytes);
        } else {
            // Several characters at once (rare: a malformed sequence flushed with the next
            // character). Map them together.
            let at = text.len();
            edits.push(Edit {
                orig_start: consumed_to,
                orig_end: src_end,
                norm_start: at,
                norm_end: at + buf.len(),
                unit: None,
            });
        }
        text.push_str(&buf);
        consumed_to = src_end;
    }
    if consumed_to < bytes.len() {
        let at = text.len();
        edits.push(Edit {
            orig_start: consumed_to,
            orig_end: bytes.len(),
            norm_start: at,
            norm_end: at,
            unit: None,
        });
    }
    (text, OffsetMap::from_edits(edits))
}

fn push_char_edit(
    edits: &mut Vec<Edit>,
    start: usize,
    end: usize,
    at: usize,
    ch: &str,
    bytes: &[u8],
) {
    let same = bytes.get(start..end) == Some(ch.as_bytes());
    if same {
        return;
    }
    let (o, n) = (end - start, ch.len());
    let unit = u8::try_from(o).ok().zip(u8::try_from(n).ok());
    if let Some(last) = edits.last_mut() {
        if last.unit.is_some() && last.unit == unit && last.orig_end == start && last.norm_end == at
        {
            last.orig_end = end;
            last.norm_end = at + n;
            return;
        }
    }
    edits.push(Edit {
        orig_start: start,
        orig_end: end,
        norm_start: at,
        norm_end: at + n,
        unit,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use xxgk_model::Span;

    #[test]
    fn gbk_meta_is_honoured_and_maps_exactly() {
        let (gbk, _, _) = encoding_rs::GBK.encode("<meta charset=\"gbk\"><p>规章a</p>");
        let enc = sniff_encoding(&gbk);
        assert_eq!(enc.name(), "GBK");
        let (text, map) = decode(&gbk, enc);
        assert!(text.contains("规章a"));
        let at = text.find("章").unwrap();
        let s = map.to_original(Span::new(at, at + 3));
        let (want, _, _) = encoding_rs::GBK.encode("章");
        assert_eq!(&gbk[s.range()], &want[..]);
        let at = text.find('a').unwrap();
        assert_eq!(&gbk[map.to_original(Span::new(at, at + 1)).range()], b"a");
    }

    #[test]
    fn http_equiv_and_fallback() {
        let page = b"<meta http-equiv=Content-Type content='text/html; charset=gb2312'>";
        assert_eq!(sniff_encoding(page).name(), "GBK");
        let (gbk, _, _) = encoding_rs::GBK.encode("<p>政府</p>");
        assert_eq!(sniff_encoding(&gbk).name(), "gb18030");
        assert_eq!(sniff_encoding("<p>政府</p>".as_bytes()), UTF_8);
    }

    #[test]
    fn bom_is_dropped() {
        let (t, m) = decode(b"\xEF\xBB\xBFab", UTF_8);
        assert_eq!(t, "ab");
        assert_eq!(m.to_original(Span::new(0, 1)), Span::new(3, 4));
    }
}
