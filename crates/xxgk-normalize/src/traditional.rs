//! Traditional → Simplified with OpenCC semantics, and this domain's corrections.
//!
//! Conversion uses OpenCC's `t2s` dictionaries (phrases first, then characters, longest match
//! first), so `於` becomes `于` but `乾隆` stays, and `臺`/`台`, `發`/`髮` are resolved by phrase.
//! The default backend, [`Ferrous`], is pure Rust (`ferrous-opencc` embeds OpenCC's
//! dictionaries); the `opencc` feature adds `OpenccCpp`, which links the C++ library. Both sit
//! behind [`Converter`].
//!
//! Simplified input does not pay for conversion: a line is handed to the converter only when it
//! holds a character that conversion would change ([`is_traditional`]). Each converted line is
//! compared with its conversion character by character, so spans map per character where the
//! conversion kept the length (nearly always) and per changed stretch otherwise.
//!
//! ```
//! # let Some(conv) = xxgk_normalize::traditional::default_converter() else { return; };
//! let out = xxgk_normalize::traditional::to_simplified("政府資訊公開", conv).unwrap();
//! assert_eq!(out.text, "政府资讯公开");
//! ```

use crate::map::MapBuilder;
use crate::StepOutput;
use std::sync::OnceLock;
use xxgk_model::{Code, Diagnostic, Span};

/// A Traditional → Simplified converter with OpenCC `t2s` semantics.
pub trait Converter: Send + Sync {
    /// A name for messages.
    fn name(&self) -> &str;
    /// Converts `text` (any length, any content) to Simplified.
    fn convert(&self, text: &str) -> String;
}

/// The pure-Rust backend (`ferrous-opencc`, OpenCC's `t2s` configuration).
///
/// Output is exactly `ferrous-opencc`'s, computed faster: OpenCC's `t2s` replaces, left to
/// right, the longest dictionary key at each position. Its only multi-character keys are the
/// phrases of `TSPhrases` ([`PHRASE_KEYS`]): where the text continues with one of them, the
/// longest is the match; elsewhere the match is the character alone. Both the phrases' and the
/// characters' conversions are asked of `ferrous-opencc` once, when the tables are made.
pub struct Ferrous {
    raw: ferrous_opencc::OpenCC,
    tables: Tables,
}

/// The keys of OpenCC's `TSPhrases` dictionary (as `ferrous-opencc` 0.4 embeds it), one per
/// line after a comment header.
pub const PHRASE_KEYS: &str = include_str!("t2s_phrase_keys.txt");

const BITS_END: u32 = 0x3_0000;

/// A set of characters below [`BITS_END`].
struct CharBits(Vec<u64>);

impl CharBits {
    fn new() -> CharBits {
        CharBits(vec![0u64; (BITS_END as usize).div_ceil(64)])
    }
    fn insert(&mut self, c: char) {
        let k = c as u32 as usize;
        if let Some(w) = self.0.get_mut(k / 64) {
            *w |= 1 << (k % 64);
        }
    }
    #[inline]
    fn contains(&self, c: char) -> bool {
        let k = c as u32 as usize;
        self.0.get(k / 64).is_some_and(|w| w & (1 << (k % 64)) != 0)
    }
}

/// What `ferrous-opencc` does to each character alone, and where phrases can be.
struct Tables {
    /// Characters the conversion changes alone (Traditional-only).
    trad: CharBits,
    /// Their conversion.
    single: crate::fxhash::FxHashMap<char, Box<str>>,
    /// First characters of phrase keys.
    first: CharBits,
    /// The phrase keys starting with a character, longest first, with their conversion.
    phrases: crate::fxhash::FxHashMap<char, Vec<(&'static str, Box<str>)>>,
}

/// The characters `t2s` changes alone, with their conversion: `CHARACTER<TAB>CONVERSION` per
/// line after a comment header. Made from `ferrous-opencc` once (the test
/// `char_table_equals_ferrous` checks it still is, and rewrites it when asked), so neither
/// detection nor the converter's tables need to run `ferrous-opencc` over ~95,000 characters
/// at start-up.
pub const CHAR_TABLE: &str = include_str!("t2s_chars.txt");

/// The pairs of [`CHAR_TABLE`].
fn char_pairs() -> impl Iterator<Item = (char, &'static str)> {
    CHAR_TABLE
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (k, v) = l.split_once('\t')?;
            let mut cs = k.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) if !v.is_empty() => Some((c, v)),
                _ => None,
            }
        })
}

/// The Traditional-only characters (keys of [`CHAR_TABLE`]).
fn trad_bits() -> &'static CharBits {
    static BITS: OnceLock<CharBits> = OnceLock::new();
    BITS.get_or_init(|| {
        let mut b = CharBits::new();
        for (c, _) in char_pairs() {
            b.insert(c);
        }
        b
    })
}

impl Tables {
    fn build(raw: &ferrous_opencc::OpenCC) -> Tables {
        let mut t = Tables {
            trad: CharBits::new(),
            single: Default::default(),
            first: CharBits::new(),
            phrases: Default::default(),
        };
        for key in PHRASE_KEYS.lines().filter(|l| !l.starts_with('#')) {
            if let Some(c) = key.chars().next() {
                t.first.insert(c);
                // A key alone converts to its own value (it is the longest match of itself).
                let value: Box<str> = raw.convert(key).into();
                t.phrases.entry(c).or_default().push((key, value));
            }
        }
        for list in t.phrases.values_mut() {
            list.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
        }
        for (c, v) in char_pairs() {
            t.trad.insert(c);
            t.single.insert(c, v.into());
        }
        t
    }
}

/// Every character `raw` changes alone, with its conversion, as [`CHAR_TABLE`] lists them
/// (the slow way: ~95,000 characters through `ferrous-opencc`).
#[cfg(test)]
fn chars_from_ferrous(raw: &ferrous_opencc::OpenCC) -> Vec<(char, String)> {
    let ranges = [
        0x3400..=0x4DBF,
        0x4E00..=0x9FFF,
        0xF900..=0xFAFF,
        0x2_0000..=0x2_FFFF,
    ];
    let mut out = Vec::new();
    // Convert in blocks separated by newlines (one call per block, not per character); `t2s`
    // has no key containing a newline, so each character is converted alone.
    for r in ranges {
        let chars: Vec<char> = r.filter_map(char::from_u32).collect();
        for block in chars.chunks(4096) {
            let mut s = String::with_capacity(block.len() * 5);
            for &c in block {
                s.push(c);
                s.push('\n');
            }
            let conv = raw.convert(&s);
            for (c, line) in block.iter().zip(conv.split('\n')) {
                let mut buf = [0u8; 4];
                if line != c.encode_utf8(&mut buf) {
                    out.push((*c, line.to_string()));
                }
            }
        }
    }
    out
}

impl Ferrous {
    /// Loads the embedded `t2s` dictionaries; `None` if they cannot be loaded.
    pub fn new() -> Option<Ferrous> {
        let raw =
            ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::T2s).ok()?;
        let tables = Tables::build(&raw);
        Some(Ferrous { raw, tables })
    }

    /// `ferrous-opencc`'s own conversion, character by character through its dictionaries
    /// (the reference the fast path is tested against).
    pub fn convert_reference(&self, text: &str) -> String {
        self.raw.convert(text)
    }
}

impl Converter for Ferrous {
    fn name(&self) -> &str {
        "ferrous-opencc t2s"
    }
    fn convert(&self, text: &str) -> String {
        let t = &self.tables;
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        let b = text.as_bytes();
        let mut i = 0;
        while let Some(&b0) = b.get(i) {
            // Characters below U+3400 (lead byte below 0xE3) are in no table.
            if b0 < 0xE3 {
                i += 1;
                continue;
            }
            let Some((c, len)) = crate::char_at(b, i) else {
                i += 1;
                continue;
            };
            if t.first.contains(c) {
                // A phrase may start here: the longest key that the text continues with is
                // the match, as in OpenCC.
                let rest = text.get(i..).unwrap_or_default();
                let hit = t
                    .phrases
                    .get(&c)
                    .and_then(|list| list.iter().find(|(k, _)| rest.starts_with(k)));
                if let Some((k, v)) = hit {
                    out.push_str(text.get(copied..i).unwrap_or_default());
                    out.push_str(v);
                    copied = i + k.len();
                    i = copied;
                    continue;
                }
            }
            if t.trad.contains(c) {
                if let Some(r) = t.single.get(&c) {
                    out.push_str(text.get(copied..i).unwrap_or_default());
                    out.push_str(r);
                    copied = i + len;
                }
            }
            i += len;
        }
        out.push_str(text.get(copied..).unwrap_or_default());
        out
    }
}

/// The C++ OpenCC library through `opencc-rust` (feature `opencc`), configuration `t2s.json`.
#[cfg(feature = "opencc")]
pub struct OpenccCpp(std::sync::Mutex<opencc_rust::OpenCC>);

#[cfg(feature = "opencc")]
impl OpenccCpp {
    /// Opens OpenCC's `t2s.json`; `None` when the library or its data is missing.
    pub fn new() -> Option<OpenccCpp> {
        opencc_rust::OpenCC::new(opencc_rust::DefaultConfig::T2S)
            .ok()
            .map(|c| OpenccCpp(std::sync::Mutex::new(c)))
    }
}

#[cfg(feature = "opencc")]
impl Converter for OpenccCpp {
    fn name(&self) -> &str {
        "OpenCC t2s"
    }
    fn convert(&self, text: &str) -> String {
        match self.0.lock() {
            Ok(c) => c.convert(text),
            Err(_) => text.to_string(),
        }
    }
}

/// The shared default converter ([`Ferrous`]), loaded on first use.
pub fn default_converter() -> Option<&'static dyn Converter> {
    default_ferrous().map(|c| c as &dyn Converter)
}

fn default_ferrous() -> Option<&'static Ferrous> {
    static CONV: OnceLock<Option<Ferrous>> = OnceLock::new();
    CONV.get_or_init(Ferrous::new).as_ref()
}

/// True when the `t2s` character dictionary changes `c` (a Traditional-only character).
pub fn is_traditional(c: char) -> bool {
    // The table the default converter is made from (no need to load the converter).
    trad_bits().contains(c)
}

/// True when `text` holds any Traditional-only character.
pub fn has_traditional(text: &str) -> bool {
    // Characters from U+3400 up are encoded with a lead byte ≥ 0xE3.
    let b = text.as_bytes();
    let mut i = match b.iter().position(|&x| x >= 0xE3) {
        Some(i) => i,
        None => return false,
    };
    while let Some(&x) = b.get(i) {
        if x < 0xE3 {
            i += 1;
            continue;
        }
        match crate::char_at(b, i) {
            Some((c, len)) => {
                if is_traditional(c) {
                    return true;
                }
                i += len;
            }
            None => i += 1,
        }
    }
    false
}

/// Converts the lines of `text` that hold Traditional characters; `None` when there are none.
pub fn to_simplified(text: &str, conv: &dyn Converter) -> Option<StepOutput> {
    if !has_traditional(text) {
        return None;
    }
    let mut b = MapBuilder::new(text);
    let mut count = 0usize;
    let mut first: Option<Span> = None;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let start = line_start;
        line_start += line.len();
        if !line.chars().any(is_traditional) {
            continue;
        }
        let conv_line = conv.convert(line);
        if conv_line == line {
            continue;
        }
        b.keep(b.source_pos()..start);
        let n = diff_into(&mut b, line, start, &conv_line);
        if n > 0 && first.is_none() {
            first = Some(Span::new(start, start + line.len()));
        }
        count += n;
    }
    if count == 0 {
        return None;
    }
    let (t, map) = b.finish();
    let mut d = Diagnostic::new(
        Code::TraditionalConverted,
        format!(
            "{count} Traditional character(s) converted to Simplified ({})",
            conv.name()
        ),
    );
    if let Some(s) = first {
        d = d.with_span(s);
    }
    Some(StepOutput {
        text: t,
        map,
        diagnostics: vec![d],
    })
}

/// Writes `new` in place of `old` (at `at` in the builder's source): character by character
/// when the counts agree, else common prefix and suffix kept and the middle replaced.
/// Returns how many characters changed.
fn diff_into(b: &mut MapBuilder<'_>, old: &str, at: usize, new: &str) -> usize {
    let same_count = old.chars().count() == new.chars().count();
    let mut changed = 0;
    if same_count {
        let mut pos = at;
        for (o, n) in old.chars().zip(new.chars()) {
            let len = o.len_utf8();
            if o != n {
                let mut buf = [0u8; 4];
                b.keep(b.source_pos()..pos);
                b.replace(pos..pos + len, n.encode_utf8(&mut buf));
                changed += 1;
            }
            pos += len;
        }
        b.keep(b.source_pos()..at + old.len());
        return changed;
    }
    let pre: usize = old
        .chars()
        .zip(new.chars())
        .take_while(|(a, c)| a == c)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let old_rest = old.get(pre..).unwrap_or_default();
    let new_rest = new.get(pre..).unwrap_or_default();
    let suf: usize = old_rest
        .chars()
        .rev()
        .zip(new_rest.chars().rev())
        .take_while(|(a, c)| a == c)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let suf = suf.min(old_rest.len()).min(new_rest.len());
    let mid_old = old_rest.len() - suf;
    let mid_new = new_rest.get(..new_rest.len() - suf).unwrap_or_default();
    b.keep(b.source_pos()..at + pre);
    b.replace(at + pre..at + pre + mid_old, mid_new);
    b.keep(b.source_pos()..at + old.len());
    changed += mid_new.chars().count().max(1);
    changed
}

/// Domain corrections applied after conversion: OpenCC keeps `覆` (a valid Simplified character,
/// 覆盖), but in these reports a `覆` next to these characters is an artefact of a
/// Simplified → Traditional → Simplified round trip for `复`.
pub const DOMAIN_CORRECTIONS: &[(&str, &str)] = &[
    ("答覆", "答复"),
    ("回覆", "回复"),
    ("批覆", "批复"),
    ("覆议", "复议"),
    ("覆核", "复核"),
    ("覆查", "复查"),
    ("覆审", "复审"),
    ("覆函", "复函"),
    ("恢覆", "恢复"),
    ("重覆", "重复"),
    ("反覆", "反复"),
    ("修覆", "修复"),
    ("覆工", "复工"),
    ("覆产", "复产"),
];

/// Applies [`DOMAIN_CORRECTIONS`]; `None` when none applies.
pub fn domain_corrections(text: &str) -> Option<StepOutput> {
    const KEY: &str = "覆";
    // memchr's vectorized search (a match in valid UTF-8 is always on a character boundary).
    let find = |t: &str| memchr::memmem::find(t.as_bytes(), KEY.as_bytes());
    find(text)?;
    let mut b = MapBuilder::new(text);
    let mut diagnostics = Vec::new();
    let mut from = 0;
    while let Some(rel) = text.get(from..).and_then(find) {
        let k = from + rel;
        from = k + KEY.len();
        if k < b.source_pos() {
            continue;
        }
        let hit = DOMAIN_CORRECTIONS.iter().find_map(|&(wrong, right)| {
            let off = wrong.find(KEY)?;
            let s = k.checked_sub(off)?;
            (s >= b.source_pos() && text.get(s..s + wrong.len()) == Some(wrong))
                .then_some((s, wrong, right))
        });
        if let Some((s, wrong, right)) = hit {
            b.keep(b.source_pos()..s);
            b.replace(s..s + wrong.len(), right);
            diagnostics.push(
                Diagnostic::new(Code::DomainCorrection, format!("{wrong} → {right}"))
                    .with_span(Span::new(s, s + wrong.len())),
            );
            from = s + wrong.len();
        }
    }
    if diagnostics.is_empty() {
        return None;
    }
    let (t, map) = b.finish();
    Some(StepOutput {
        text: t,
        map,
        diagnostics,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conv() -> &'static dyn Converter {
        default_converter().unwrap()
    }

    fn t2s(s: &str) -> String {
        to_simplified(s, conv()).map_or_else(|| s.to_string(), |o| o.text)
    }

    #[test]
    fn phrase_level() {
        assert_eq!(t2s("於是"), "于是");
        assert_eq!(t2s("乾隆年間"), "乾隆年间");
        assert_eq!(t2s("頭髮"), "头发");
        assert_eq!(t2s("政府資訊公開條例"), "政府资讯公开条例");
        assert_eq!(t2s("行政復議和行政訴訟"), "行政复议和行政诉讼");
    }

    #[test]
    fn simplified_untouched() {
        let s = "政府信息公开工作年度报告，行政复议。";
        assert!(!has_traditional(s));
        assert!(to_simplified(s, conv()).is_none());
        // 乾 alone converts (乾→干), but not in 乾隆: checked, and left unchanged.
        assert!(to_simplified("乾隆", conv()).is_none());
    }

    #[test]
    fn detection() {
        assert!(is_traditional('開'));
        assert!(is_traditional('於'));
        assert!(!is_traditional('开'));
        assert!(!is_traditional('a'));
    }

    #[test]
    fn spans_per_character() {
        let src = "一、總體情況\n收到申請";
        let out = to_simplified(src, conv()).unwrap();
        assert_eq!(out.text, "一、总体情况\n收到申请");
        let at = out.text.find("体情").unwrap();
        let s = out.map.to_original(Span::new(at, at + 6));
        assert_eq!(&src[s.range()], "體情");
        assert_eq!(out.diagnostics[0].code, Code::TraditionalConverted);
    }

    #[test]
    fn every_domain_correction() {
        for &(wrong, right) in DOMAIN_CORRECTIONS {
            let src = format!("依法{wrong}。");
            let out = domain_corrections(&src).unwrap();
            assert_eq!(out.text, format!("依法{right}。"));
            assert_eq!(out.diagnostics.len(), 1);
            let s = out.diagnostics[0].span.unwrap();
            assert_eq!(&src[s.range()], wrong);
        }
        assert!(domain_corrections("覆盖全省").is_none());
    }

    #[test]
    fn conversion_then_correction() {
        // A site's Simplified→Traditional pass wrote 答覆; t2s keeps 覆.
        let t = t2s("依申請公開答覆");
        let out = domain_corrections(&t).map_or(t.clone(), |o| o.text);
        assert_eq!(out, "依申请公开答复");
    }

    /// `t2s_chars.txt` is what `ferrous-opencc` does to each character alone. Run with
    /// `XXGK_WRITE_T2S_CHARS=1` to rewrite it (after updating `ferrous-opencc`).
    #[test]
    fn char_table_equals_ferrous() {
        let raw = ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::T2s)
            .unwrap();
        let want = chars_from_ferrous(&raw);
        if std::env::var_os("XXGK_WRITE_T2S_CHARS").is_some() {
            let mut text = String::from(
                "# The characters OpenCC's t2s conversion (as ferrous-opencc 0.4 embeds it, Apache-2.0,\n\
                 # https://github.com/BYVoid/OpenCC) changes when they stand alone, with their\n\
                 # conversion: CHARACTER<TAB>CONVERSION. Written by the test\n\
                 # traditional::tests::char_table_equals_ferrous (XXGK_WRITE_T2S_CHARS=1).\n",
            );
            for (c, v) in &want {
                text.push_str(&format!("{c}\t{v}\n"));
            }
            std::fs::write(
                concat!(env!("CARGO_MANIFEST_DIR"), "/src/t2s_chars.txt"),
                text,
            )
            .unwrap();
            return;
        }
        let have: Vec<(char, String)> = char_pairs().map(|(c, v)| (c, v.to_string())).collect();
        assert!(want.len() > 2000, "{}", want.len());
        assert_eq!(have, want);
    }

    #[test]
    fn fast_path_equals_ferrous_reference() {
        let f = Ferrous::new().unwrap();
        let keys: Vec<&str> = PHRASE_KEYS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect();
        assert!(keys.len() > 200);
        // every phrase alone, inside text, overlapping its neighbours
        for (k, key) in keys.iter().enumerate() {
            let next = keys[(k + 1) % keys.len()];
            for t in [
                key.to_string(),
                format!("於是{key}發展"),
                format!("{key}{next}"),
                format!("a{key}。{next}b"),
            ] {
                assert_eq!(f.convert(&t), f.convert_reference(&t), "{t}");
            }
        }
        // generated reports converted to Traditional
        for seed in 0..20 {
            let text = xxgk_model::testkit::generate(seed).render_text().text;
            let t = xxgk_model::testkit::damage::to_traditional(&text);
            assert_eq!(f.convert(&t), f.convert_reference(&t));
        }
        // pseudo-random strings over phrase characters, Traditional characters and ASCII
        let pool: Vec<char> = keys
            .iter()
            .flat_map(|k| k.chars())
            .chain("於發髮臺台開總體乾隆覆藉瞭 a1，。\n".chars())
            .collect();
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..3000 {
            let mut t = String::new();
            for _ in 0..12 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                t.push(pool[(x % pool.len() as u64) as usize]);
            }
            assert_eq!(f.convert(&t), f.convert_reference(&t), "{t}");
        }
    }

    #[cfg(feature = "opencc")]
    #[test]
    fn backends_agree() {
        let Some(cpp) = OpenccCpp::new() else {
            panic!("OpenCC C++ library not available");
        };
        let texts = [
            "本報告根據《中華人民共和國政府信息公開條例》編制。",
            "於是乾隆年間頭髮理髮發展臺灣台風颱風",
            "嚴格執行依申請公開接收、登記、審核、辦理、答覆程序，群眾對公開的獲得感、滿意度明顯提升。",
            "行政復議4件，其中3件維持，1件尚未審結；發生行政訴訟4件。",
            "設置“省政府會議”專欄，湖南衛視的報道視頻、專家與媒體的評論解讀。",
            "後來，製造業復甦，著名的麵條與範圍、鬆緊、餘額、準確、週期、裡面、瞭解、徵求。",
        ];
        for t in texts {
            let a = Ferrous::new().unwrap().convert(t);
            let b = cpp.convert(t);
            assert_eq!(a, b, "{t}");
            // and the line-wise step agrees with whole-text conversion
            assert_eq!(t2s(t), b, "{t}");
        }
    }
}
