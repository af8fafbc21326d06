//! The owned report: what a parse produces and what its JSON contract serializes.

use crate::diagnostic::Diagnostic;
use crate::ids::{SectionKind, Source, TableKind, Template};
use crate::schema::{
    ActiveDisclosure2019, ActiveDisclosure2021, Requests2019, Requests2021, ReviewLitigation,
};
use crate::span::Span;
use crate::table::Table;
use chrono::NaiveDate;
use serde::de::Error as _;
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

/// A section found in the report. JSON: `{"kind", "number", "heading", "start", "end"}`, where
/// `start..end` covers the section from its heading to the next section (original bytes).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Section {
    /// Canonical kind.
    pub kind: SectionKind,
    /// The numeral printed before the heading (一 = 1), if any.
    pub number: Option<u8>,
    /// The heading as it reads after normalization (e.g. `一、总体情况`).
    pub heading: String,
    /// The whole section, heading included, in the original input.
    #[serde(flatten)]
    pub span: Span,
}

impl Serialize for Section {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // The span's fields inline, as `#[serde(flatten)]` puts them, but as a plain struct:
        // flatten goes through serde's map serializer, which is several times slower.
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Section", 5)?;
        st.serialize_field("kind", &self.kind)?;
        st.serialize_field("number", &self.number)?;
        st.serialize_field("heading", &self.heading)?;
        st.serialize_field("start", &self.span.start)?;
        st.serialize_field("end", &self.span.end)?;
        st.end()
    }
}

/// The statistics period (统计期限). JSON: `{"start": "2021-01-01", "end": "2021-12-31"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// First day covered.
    pub start: NaiveDate,
    /// Last day covered.
    pub end: NaiveDate,
}

/// Contact details from the preamble. JSON: an object with the fields found (absent ones are
/// left out).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Contact {
    /// 地址
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// 邮编 (six digits)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    /// 电话 / 联系电话
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// 传真
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fax: Option<String>,
    /// 电子邮件 / 电子邮箱
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

impl Contact {
    /// True when no field is known.
    pub fn is_empty(&self) -> bool {
        self.address.is_none()
            && self.postcode.is_none()
            && self.phone.is_none()
            && self.fax.is_none()
            && self.email.is_none()
    }
}

/// Table 2 in the layout of one template or the other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ActiveDisclosure {
    /// `gov2021` layout.
    Gov2021(Table<ActiveDisclosure2021>),
    /// `gov2019` layout.
    Gov2019(Table<ActiveDisclosure2019>),
}

/// Table 3 in the layout of one template or the other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Requests {
    /// `gov2021` layout.
    Gov2021(Table<Requests2021>),
    /// `gov2019` layout.
    Gov2019(Table<Requests2019>),
}

macro_rules! impl_layout {
    ($t:ident) => {
        impl $t {
            /// The template whose layout the table follows.
            pub fn template(&self) -> Template {
                match self {
                    $t::Gov2021(_) => Template::Gov2021,
                    $t::Gov2019(_) => Template::Gov2019,
                }
            }
            /// Number of cells present.
            pub fn len(&self) -> usize {
                match self {
                    $t::Gov2021(t) => t.len(),
                    $t::Gov2019(t) => t.len(),
                }
            }
            /// True when no cell is present.
            pub fn is_empty(&self) -> bool {
                self.len() == 0
            }
            /// Every cell as `(row id, column id, value)`, in printed order.
            pub fn cells(&self) -> Vec<(&'static str, &'static str, crate::table::Cell)> {
                use crate::schema::Id;
                match self {
                    $t::Gov2021(t) => t.cells().map(|(r, c, v)| (r.id(), c.id(), v)).collect(),
                    $t::Gov2019(t) => t.cells().map(|(r, c, v)| (r.id(), c.id(), v)).collect(),
                }
            }
            /// Appends the table's JSON (what `Serialize` gives with `serde_json`) as bytes.
            fn write_json(&self, buf: &mut Vec<u8>, pos: usize) -> usize {
                match self {
                    $t::Gov2021(t) => t.write_json_scratch(buf, pos),
                    $t::Gov2019(t) => t.write_json_scratch(buf, pos),
                }
            }

            fn from_value(v: serde_json::Value, prefer: Option<Template>) -> Result<$t, String> {
                let as21 = |v: &serde_json::Value| {
                    serde_json::from_value(v.clone())
                        .map($t::Gov2021)
                        .map_err(|e| e.to_string())
                };
                let as19 = |v: &serde_json::Value| {
                    serde_json::from_value(v.clone())
                        .map($t::Gov2019)
                        .map_err(|e| e.to_string())
                };
                if prefer == Some(Template::Gov2019) {
                    as19(&v).or_else(|_| as21(&v))
                } else {
                    as21(&v).or_else(|_| as19(&v))
                }
            }
        }
    };
}
impl_layout!(ActiveDisclosure);
impl_layout!(Requests);

/// The statistics tables found (`tables` in the JSON). A table the report does not contain is
/// `None` and absent from the JSON.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tables {
    /// Table 2.
    pub active_disclosure: Option<ActiveDisclosure>,
    /// Table 3.
    pub requests: Option<Requests>,
    /// Table 4.
    pub review_litigation: Option<Table<ReviewLitigation>>,
}

impl Tables {
    /// True when no table is present.
    pub fn is_empty(&self) -> bool {
        self.active_disclosure.is_none()
            && self.requests.is_none()
            && self.review_litigation.is_none()
    }

    /// Every cell of every table as `(table, row id, column id, value)`, in printed order.
    pub fn cells(&self) -> Vec<(TableKind, &'static str, &'static str, crate::table::Cell)> {
        use crate::schema::Id;
        let mut out = Vec::new();
        if let Some(t) = &self.active_disclosure {
            out.extend(
                t.cells()
                    .into_iter()
                    .map(|(r, c, v)| (TableKind::ActiveDisclosure, r, c, v)),
            );
        }
        if let Some(t) = &self.requests {
            out.extend(
                t.cells()
                    .into_iter()
                    .map(|(r, c, v)| (TableKind::Requests, r, c, v)),
            );
        }
        if let Some(t) = &self.review_litigation {
            out.extend(
                t.cells()
                    .map(|(r, c, v)| (TableKind::ReviewLitigation, r.id(), c.id(), v)),
            );
        }
        out
    }

    /// Reads the `tables` object; `prefer` (the report's template) decides layouts that both
    /// templates could express.
    pub fn from_json_value(
        v: serde_json::Value,
        prefer: Option<Template>,
    ) -> Result<Tables, String> {
        let serde_json::Value::Object(map) = v else {
            return Err("tables is not an object".into());
        };
        let mut t = Tables::default();
        for (k, v) in map {
            match TableKind::from_id(&k) {
                Some(TableKind::ActiveDisclosure) => {
                    t.active_disclosure = Some(ActiveDisclosure::from_value(v, prefer)?)
                }
                Some(TableKind::Requests) => t.requests = Some(Requests::from_value(v, prefer)?),
                Some(TableKind::ReviewLitigation) => {
                    t.review_litigation =
                        Some(serde_json::from_value(v).map_err(|e| e.to_string())?)
                }
                None => return Err(format!("unknown table {k:?}")),
            }
        }
        Ok(t)
    }
}

impl Tables {
    /// Appends the tables' JSON (exactly what `Serialize` gives with `serde_json`) to `out`:
    /// the tables write ASCII bytes into one buffer, checked as UTF-8 once.
    fn write_json(&self, out: &mut String) {
        thread_local! {
            /// Scratch for the tables' JSON, kept from report to report (see
            /// [`Table::write_json_scratch`]: zeroed once, when it grows).
            static SCRATCH: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        SCRATCH.with(|s| match s.try_borrow_mut() {
            Ok(mut buf) => self.write_json_into(&mut buf, out),
            Err(_) => self.write_json_into(&mut Vec::new(), out),
        });
    }

    /// [`Tables::write_json`] with the scratch buffer `buf`.
    fn write_json_into(&self, buf: &mut Vec<u8>, out: &mut String) {
        let mut pos = 0usize;
        let put = |buf: &mut Vec<u8>, pos: usize, text: &[u8]| {
            let end = pos + text.len();
            if buf.len() < end {
                buf.resize(end, 0);
            }
            if let Some(dst) = buf.get_mut(pos..end) {
                dst.copy_from_slice(text);
            }
            end
        };
        let mut first = true;
        let mut key = |buf: &mut Vec<u8>, pos: usize, name: &str| {
            let pos = put(buf, pos, if first { b"{\"" } else { b",\"" });
            first = false;
            let pos = put(buf, pos, name.as_bytes());
            put(buf, pos, b"\":")
        };
        if let Some(t) = &self.active_disclosure {
            pos = key(buf, pos, "active_disclosure");
            pos = t.write_json(buf, pos);
        }
        if let Some(t) = &self.requests {
            pos = key(buf, pos, "requests");
            pos = t.write_json(buf, pos);
        }
        if let Some(t) = &self.review_litigation {
            pos = key(buf, pos, "review_litigation");
            pos = t.write_json_scratch(buf, pos);
        }
        pos = put(buf, pos, if first { b"{}" } else { b"}" });
        // (simdutf8: the check is a vector pass over the ASCII the writers wrote; std's
        // `from_utf8` cost three times as many instructions here)
        match buf.get(..pos).map(simdutf8::basic::from_utf8) {
            Some(Ok(text)) => out.push_str(text),
            // Not reached: the writers write ASCII.
            _ => out.push_str(&serde_json::to_string(self).unwrap_or_default()),
        }
    }
}

impl Serialize for Tables {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        if let Some(t) = &self.active_disclosure {
            m.serialize_entry("active_disclosure", t)?;
        }
        if let Some(t) = &self.requests {
            m.serialize_entry("requests", t)?;
        }
        if let Some(t) = &self.review_litigation {
            m.serialize_entry("review_litigation", t)?;
        }
        m.end()
    }
}

impl<'de> Deserialize<'de> for Tables {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Tables, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        Tables::from_json_value(v, None).map_err(D::Error::custom)
    }
}

/// A parsed report: the JSON contract of `spec/model.md`.
///
/// Keys are written in this order: `template`, `year`, `agency`, `title`, `period`,
/// `published`, `website`, `contact`, `sections`, `tables`, `sources`, `diagnostics`. Unknown
/// scalar metadata is `null`; `contact` is `null` when no field is known.
///
/// ```
/// use xxgk_model::{Report, Template};
/// let mut r = Report::default();
/// r.template = Some(Template::Gov2021);
/// r.year = Some(2021);
/// let json = r.to_json();
/// assert!(json.starts_with(r#"{"template":"gov2021","year":2021,"agency":null"#));
/// assert_eq!(Report::from_json(&json)?, r);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Report {
    /// Template followed.
    pub template: Option<Template>,
    /// The year the statistics cover.
    pub year: Option<i32>,
    /// The reporting body.
    pub agency: Option<String>,
    /// The title as printed (normalized).
    pub title: Option<String>,
    /// Statistics period.
    pub period: Option<Period>,
    /// Publication (signature) date.
    pub published: Option<NaiveDate>,
    /// Where the electronic version is published (a URL or a portal name).
    pub website: Option<String>,
    /// Contact details.
    pub contact: Option<Contact>,
    /// Sections in document order.
    pub sections: Vec<Section>,
    /// Statistics tables.
    pub tables: Tables,
    /// Where each table's values were read from.
    pub sources: BTreeMap<TableKind, Source>,
    /// Everything noticed on the way.
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Deserialize)]
struct RawReport {
    #[serde(default)]
    template: Option<Template>,
    #[serde(default)]
    year: Option<i32>,
    #[serde(default)]
    agency: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    period: Option<Period>,
    #[serde(default)]
    published: Option<NaiveDate>,
    #[serde(default)]
    website: Option<String>,
    #[serde(default)]
    contact: Option<Contact>,
    #[serde(default)]
    sections: Vec<Section>,
    #[serde(default)]
    tables: Option<serde_json::Value>,
    #[serde(default)]
    sources: BTreeMap<TableKind, Source>,
    #[serde(default)]
    diagnostics: Vec<Diagnostic>,
}

impl<'de> Deserialize<'de> for Report {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Report, D::Error> {
        let raw = RawReport::deserialize(d)?;
        let tables = match raw.tables {
            Some(v) if !v.is_null() => {
                Tables::from_json_value(v, raw.template).map_err(D::Error::custom)?
            }
            _ => Tables::default(),
        };
        Ok(Report {
            template: raw.template,
            year: raw.year,
            agency: raw.agency,
            title: raw.title,
            period: raw.period,
            published: raw.published,
            website: raw.website,
            contact: raw.contact,
            sections: raw.sections,
            tables,
            sources: raw.sources,
            diagnostics: raw.diagnostics,
        })
    }
}

impl Report {
    /// The report as compact JSON (one line).
    pub fn to_json(&self) -> String {
        // The same text as `serde_json::to_string(self)` (a test compares them), written
        // field by field so that the tables, most of the text, skip serde's key escaping.
        // Serializing these types cannot fail: every map key is a string.
        let mut out = String::with_capacity(8 * 1024);
        let field = |out: &mut String, name: &str, value: &dyn erased::Json| {
            out.push(if out.is_empty() { '{' } else { ',' });
            out.push('"');
            out.push_str(name);
            out.push_str("\":");
            value.write(out);
        };
        field(
            &mut out,
            "template",
            &erased::Id(self.template.map(|t| t.as_str())),
        );
        field(&mut out, "year", &erased::Year(self.year));
        field(&mut out, "agency", &erased::Text(self.agency.as_deref()));
        field(&mut out, "title", &erased::Text(self.title.as_deref()));
        field(
            &mut out,
            "period",
            &erased::Dates(self.period.map(|p| [p.start, p.end])),
        );
        field(&mut out, "published", &erased::Date(self.published));
        field(&mut out, "website", &erased::Text(self.website.as_deref()));
        field(
            &mut out,
            "contact",
            &erased::ContactJson(self.contact.as_ref()),
        );
        field(&mut out, "sections", &erased::Sections(&self.sections));
        field(&mut out, "tables", &erased::TablesJson(&self.tables));
        field(&mut out, "sources", &erased::Sources(&self.sources));
        field(
            &mut out,
            "diagnostics",
            &erased::Diagnostics(&self.diagnostics),
        );
        out.push('}');
        out
    }

    /// The report as indented JSON.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a report back from its JSON.
    pub fn from_json(json: &str) -> Result<Report, crate::Error> {
        serde_json::from_str(json).map_err(|e| crate::Error::Json(e.to_string()))
    }

    /// The first section of `kind`, if found.
    pub fn section(&self, kind: SectionKind) -> Option<&Section> {
        self.sections.iter().find(|s| s.kind == kind)
    }
}

/// One field value of [`Report::to_json`]: serialized by `serde_json`, or (the tables, the
/// sections, dates and most strings) written directly, in the same text.
mod erased {
    use super::{Contact, Diagnostic, Section, Source, TableKind, Tables};
    use chrono::{Datelike, NaiveDate};
    use std::collections::BTreeMap;

    pub(super) trait Json {
        fn write(&self, out: &mut String);
    }

    impl<T: serde::Serialize> Json for T {
        fn write(&self, out: &mut String) {
            out.push_str(&serde_json::to_string(self).unwrap_or_default());
        }
    }

    /// The tables, written without serde.
    pub(super) struct TablesJson<'a>(pub &'a Tables);

    impl Json for TablesJson<'_> {
        fn write(&self, out: &mut String) {
            self.0.write_json(out);
        }
    }

    /// A string, or `null`.
    pub(super) struct Text<'a>(pub Option<&'a str>);

    impl Json for Text<'_> {
        fn write(&self, out: &mut String) {
            match self.0 {
                None => out.push_str("null"),
                Some(s) => write_str(out, s),
            }
        }
    }

    /// True when `s` has a byte serde_json escapes: `"`, `\\` or one below 0x20. Eight bytes
    /// at a time: a byte below n (n <= 0x80) makes `(x - n*ONES) & !x & HIGHS` nonzero, and
    /// nothing else does (the usual has-less-than test); `"` and `\\` are tested as zero bytes
    /// of `x ^ (c*ONES)`.
    pub(super) fn needs_escape(s: &str) -> bool {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGHS: u64 = 0x8080_8080_8080_8080;
        // The high bits of bytes below n, before the final `& HIGHS` (one test per chunk).
        let below = |x: u64, n: u64| x.wrapping_sub(n * ONES) & !x;
        let mut chunks = s.as_bytes().chunks_exact(8);
        for c in &mut chunks {
            let x = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
            let hits = below(x, 0x20)
                | below(x ^ (u64::from(b'"') * ONES), 1)
                | below(x ^ (u64::from(b'\\') * ONES), 1);
            if hits & HIGHS != 0 {
                return true;
            }
        }
        chunks
            .remainder()
            .iter()
            .any(|&b| b < 0x20 || b == b'"' || b == b'\\')
    }

    /// A JSON string. serde_json escapes `"`, `\\` and the control characters below U+0020, and
    /// nothing else: a string without them is written as is; one with them goes to serde_json.
    fn write_str(out: &mut String, s: &str) {
        if needs_escape(s) {
            out.push_str(&serde_json::to_string(s).unwrap_or_default());
        } else {
            out.push('"');
            out.push_str(s);
            out.push('"');
        }
    }

    /// A date as chrono serializes it (`"2021-01-31"`): years 1000 to 9999 are written here,
    /// others (signs, more digits) go to serde_json.
    fn write_date(out: &mut String, d: NaiveDate) {
        let y = d.year();
        if !(1000..=9999).contains(&y) {
            out.push_str(&serde_json::to_string(&d).unwrap_or_default());
            return;
        }
        let mut b = itoa::Buffer::new();
        out.push('"');
        out.push_str(b.format(y));
        for part in [d.month(), d.day()] {
            out.push('-');
            if part < 10 {
                out.push('0');
            }
            out.push_str(b.format(part));
        }
        out.push('"');
    }

    /// A plain ASCII id (no escaping: a test checks every id), or `null`.
    pub(super) struct Id(pub Option<&'static str>);

    impl Json for Id {
        fn write(&self, out: &mut String) {
            match self.0 {
                None => out.push_str("null"),
                Some(id) => {
                    out.push('"');
                    out.push_str(id);
                    out.push('"');
                }
            }
        }
    }

    /// The year, or `null`.
    pub(super) struct Year(pub Option<i32>);

    impl Json for Year {
        fn write(&self, out: &mut String) {
            match self.0 {
                None => out.push_str("null"),
                Some(y) => out.push_str(itoa::Buffer::new().format(y)),
            }
        }
    }

    /// The contact details (fields known, in declaration order), or `null`.
    pub(super) struct ContactJson<'a>(pub Option<&'a Contact>);

    impl Json for ContactJson<'_> {
        fn write(&self, out: &mut String) {
            let Some(c) = self.0 else {
                out.push_str("null");
                return;
            };
            let fields = [
                ("\"address\":", &c.address),
                ("\"postcode\":", &c.postcode),
                ("\"phone\":", &c.phone),
                ("\"fax\":", &c.fax),
                ("\"email\":", &c.email),
            ];
            let mut first = true;
            for (key, value) in fields {
                let Some(value) = value else { continue };
                out.push(if first { '{' } else { ',' });
                first = false;
                out.push_str(key);
                write_str(out, value);
            }
            out.push_str(if first { "{}" } else { "}" });
        }
    }

    /// The sources: `{"table":"source",…}` (plain ASCII ids).
    pub(super) struct Sources<'a>(pub &'a BTreeMap<TableKind, Source>);

    impl Json for Sources<'_> {
        fn write(&self, out: &mut String) {
            out.push('{');
            for (i, (k, v)) in self.0.iter().enumerate() {
                out.push_str(if i == 0 { "\"" } else { ",\"" });
                out.push_str(k.as_str());
                out.push_str("\":\"");
                out.push_str(v.as_str());
                out.push('"');
            }
            out.push('}');
        }
    }

    /// The diagnostics: `[]`, or serde_json's text.
    pub(super) struct Diagnostics<'a>(pub &'a [Diagnostic]);

    impl Json for Diagnostics<'_> {
        fn write(&self, out: &mut String) {
            if self.0.is_empty() {
                out.push_str("[]");
            } else {
                out.push_str(&serde_json::to_string(self.0).unwrap_or_default());
            }
        }
    }

    /// A date, or `null`.
    pub(super) struct Date(pub Option<NaiveDate>);

    impl Json for Date {
        fn write(&self, out: &mut String) {
            match self.0 {
                None => out.push_str("null"),
                Some(d) => write_date(out, d),
            }
        }
    }

    /// A period: `{"start":…,"end":…}`, or `null`.
    pub(super) struct Dates(pub Option<[NaiveDate; 2]>);

    impl Json for Dates {
        fn write(&self, out: &mut String) {
            let Some([start, end]) = self.0 else {
                out.push_str("null");
                return;
            };
            out.push_str("{\"start\":");
            write_date(out, start);
            out.push_str(",\"end\":");
            write_date(out, end);
            out.push('}');
        }
    }

    /// The sections: `[{"kind":…,"number":…,"heading":…,"start":…,"end":…},…]`.
    pub(super) struct Sections<'a>(pub &'a [Section]);

    impl Json for Sections<'_> {
        fn write(&self, out: &mut String) {
            let mut b = itoa::Buffer::new();
            out.push('[');
            for (i, s) in self.0.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str("{\"kind\":\"");
                out.push_str(s.kind.as_str());
                out.push_str("\",\"number\":");
                match s.number {
                    None => out.push_str("null"),
                    Some(n) => out.push_str(b.format(n)),
                }
                out.push_str(",\"heading\":");
                write_str(out, &s.heading);
                out.push_str(",\"start\":");
                out.push_str(b.format(s.span.start));
                out.push_str(",\"end\":");
                out.push_str(b.format(s.span.end));
                out.push('}');
            }
            out.push(']');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;
    use crate::schema::{
        ActiveDisclosure2019Col, ActiveDisclosure2019Row, Id, RequestsCol, ReviewCol, ReviewRow,
    };
    use crate::Number;

    /// Every id written unescaped by the tables' JSON writer needs no escaping, and its
    /// ready-made key is the id quoted, with its colon.
    #[test]
    fn table_ids_need_no_escaping() {
        fn plain<T: Id>() {
            for id in T::all() {
                let s = id.id();
                assert!(!s.is_empty());
                assert!(
                    s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'),
                    "{s}"
                );
                assert_eq!(id.json_key(), Some(format!("\"{s}\":").as_str()));
            }
        }
        plain::<crate::schema::ActiveDisclosure2021Row>();
        plain::<crate::schema::ActiveDisclosure2021Col>();
        plain::<ActiveDisclosure2019Row>();
        plain::<ActiveDisclosure2019Col>();
        plain::<crate::schema::Requests2021Row>();
        plain::<crate::schema::Requests2019Row>();
        plain::<RequestsCol>();
        plain::<ReviewRow>();
        plain::<ReviewCol>();
        // Ids `to_json` writes unescaped outside the tables.
        let ids = Template::ALL.iter().map(|t| t.as_str());
        let ids = ids.chain(TableKind::ALL.iter().map(|t| t.as_str()));
        for s in ids.chain(Source::ALL.iter().map(|t| t.as_str())) {
            assert!(
                !s.is_empty() && !erased::needs_escape(s) && s.is_ascii(),
                "{s}"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        /// The eight-bytes-at-a-time escape test agrees with the byte-by-byte one.
        #[test]
        fn needs_escape_is_bytewise(
            s in "[a-z\u{0}-\u{21}\"\\\\\u{7f}\u{80}-\u{ff}\u{4e00}-\u{4e20}\u{2028}\u{1f600}]{0,40}",
        ) {
            let want = s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\');
            proptest::prop_assert_eq!(erased::needs_escape(&s), want);
        }
    }

    /// `Section`'s hand-written `Serialize` gives the text the derived one with
    /// `#[serde(flatten)] span` gave, compact and pretty, and reads back.
    #[test]
    fn section_json_is_the_flattened_form() {
        #[derive(Serialize)]
        struct Flattened<'a> {
            kind: SectionKind,
            number: Option<u8>,
            heading: &'a str,
            #[serde(flatten)]
            span: Span,
        }
        for (number, heading) in [(Some(3), "三、收到\"和\"处理\n"), (None, "")] {
            let s = Section {
                kind: SectionKind::Requests,
                number,
                heading: heading.into(),
                span: Span::new(7, 1234),
            };
            let old = Flattened {
                kind: s.kind,
                number: s.number,
                heading: &s.heading,
                span: s.span,
            };
            let text = serde_json::to_string(&s).unwrap();
            assert_eq!(text, serde_json::to_string(&old).unwrap());
            assert_eq!(
                serde_json::to_string_pretty(&s).unwrap(),
                serde_json::to_string_pretty(&old).unwrap()
            );
            assert_eq!(serde_json::from_str::<Section>(&text).unwrap(), s);
        }
    }

    /// `to_json` equals serde's text on a report with every field set: strings that need
    /// escaping, blank cells, fractional and negative numbers, both table layouts.
    #[test]
    fn to_json_is_serde_json() {
        let mut r = Report {
            template: Some(Template::Gov2019),
            year: Some(2019),
            agency: Some("某\"局\"\\\n\t\u{1}".into()),
            title: Some("标题".into()),
            period: NaiveDate::from_ymd_opt(2019, 1, 1)
                .zip(NaiveDate::from_ymd_opt(2019, 12, 31))
                .map(|(start, end)| Period { start, end }),
            published: NaiveDate::from_ymd_opt(2020, 1, 31),
            website: Some("http://x/\u{2028}".into()),
            contact: Some(Contact {
                phone: Some("0311-1".into()),
                ..Contact::default()
            }),
            sections: vec![
                Section {
                    kind: SectionKind::Overview,
                    number: Some(1),
                    heading: "一、总体情况".into(),
                    span: Span::new(3, 9),
                },
                Section {
                    kind: SectionKind::Other,
                    number: None,
                    heading: "六、\"其他\"\\\r\u{7f}\u{1f}".into(),
                    span: Span::new(10, usize::MAX),
                },
            ],
            ..Report::default()
        };
        assert_eq!(r.to_json(), serde_json::to_string(&r).unwrap_or_default());
        // Every section kind (written unescaped).
        let all = SectionKind::ALL
            .iter()
            .enumerate()
            .map(|(i, &kind)| Section {
                kind,
                number: u8::try_from(i).ok(),
                heading: kind.to_string(),
                span: Span::new(i, i + 1),
            });
        r.sections.extend(all);
        assert_eq!(r.to_json(), serde_json::to_string(&r).unwrap_or_default());
        // Dates chrono prints with a sign or more than four digits, and single-digit parts.
        for (y, m, d) in [
            (999, 1, 2),
            (-1, 12, 31),
            (10000, 10, 9),
            (1000, 9, 10),
            (9999, 12, 31),
        ] {
            r.published = NaiveDate::from_ymd_opt(y, m, d);
            assert!(r.published.is_some());
            r.period = r.published.map(|start| Period { start, end: start });
            assert_eq!(r.to_json(), serde_json::to_string(&r).unwrap_or_default());
        }
        let mut a = Table::<ActiveDisclosure2019>::new();
        use ActiveDisclosure2019Col as C;
        use ActiveDisclosure2019Row as R;
        let cells = [
            (R::Rules, C::NewMade, Some(Number::from(3))),
            (R::Rules, C::TotalPublished, None),
            (R::Punishment, C::Change, Some(Number::from(-18))),
            (R::Procurement, C::Amount, Number::new(2814, 2)),
            (R::Procurement, C::Items, Some(Number::from(i64::MAX))),
        ];
        for (row, col, v) in cells {
            assert!(a.set(row, col, v).is_ok());
        }
        // Contact details: none known, each alone, all (with escapes).
        for fields in 0..=32u32 {
            let pick = |i: u32, v: &str| (fields & (1 << i) != 0).then(|| v.to_string());
            let c = Contact {
                address: pick(0, "某\"路\"\n1号"),
                postcode: pick(1, "050000"),
                phone: pick(2, "0311-1"),
                fax: pick(3, "0311-2"),
                email: pick(4, "a@b.cn"),
            };
            r.contact = (fields < 32).then_some(c);
            assert_eq!(r.to_json(), serde_json::to_string(&r).unwrap_or_default());
        }
        r.tables.active_disclosure = Some(ActiveDisclosure::Gov2019(a));
        assert_eq!(r.to_json(), serde_json::to_string(&r).unwrap_or_default());
        let mut q = Table::<Requests2019>::new();
        for (i, col) in RequestsCol::ALL.iter().enumerate() {
            let v = i64::try_from(i).ok().map(|i| Number::from(i - 3));
            assert!(q
                .set(crate::schema::Requests2019Row::NewReceived, *col, v)
                .is_ok());
        }
        r.tables.requests = Some(Requests::Gov2019(q));
        let mut t = Table::<ReviewLitigation>::new();
        assert!(t
            .set(ReviewRow::LitigationAfterReview, ReviewCol::Total, None)
            .is_ok());
        r.tables.review_litigation = Some(t);
        r.sources.insert(TableKind::Requests, Source::Prose);
        r.diagnostics
            .push(Diagnostic::new(Code::TableMissing, "无 \"表\"").with_span(Span::new(1, 2)));
        assert_eq!(r.to_json(), serde_json::to_string(&r).unwrap_or_default());
        // Only the last table, and an empty table.
        r.tables.active_disclosure = None;
        r.tables.requests = None;
        assert_eq!(r.to_json(), serde_json::to_string(&r).unwrap_or_default());
        r.tables.review_litigation = Some(Table::new());
        assert_eq!(r.to_json(), serde_json::to_string(&r).unwrap_or_default());
        assert_eq!(
            Report::default().to_json(),
            serde_json::to_string(&Report::default()).unwrap_or_default()
        );
    }
}
