//! The data model of Chinese government information-disclosure annual reports
//! (政府信息公开工作年度报告): the bottom layer of xxgk.
//!
//! This crate holds the shared vocabulary and nothing that parses text:
//!
//! - the canonical ids of `spec/model.md` — [`Template`], [`SectionKind`], [`TableKind`],
//!   [`Source`], and in [`schema`] the row and column ids of tables 2, 3 and 4 for both
//!   templates, each with its official Chinese label;
//! - [`Table`], a typed table keyed by those ids, and [`Number`], an exact cell value;
//! - [`Report`], the owned result of a parse, which serializes to exactly the JSON contract;
//! - [`Span`] (a byte range into the caller's original input) and [`Diagnostic`] with its stable
//!   [`Code`]s (the table of codes is in [`diagnostic`]).
//!
//! Upper layers: `xxgk-normalize` → `xxgk-segment` → `xxgk-table` → `xxgk` (facade).
//!
//! # Example
//!
//! ```
//! use xxgk_model::{Number, Report, Requests, Table, Template};
//! use xxgk_model::schema::{Requests2021, Requests2021Row, RequestsCol};
//!
//! let mut requests = Table::<Requests2021>::new();
//! requests.set(Requests2021Row::NewReceived, RequestsCol::NaturalPerson, Some(Number::from(83)))?;
//! requests.set(Requests2021Row::NewReceived, RequestsCol::Total, Some(Number::from(99)))?;
//!
//! let mut report = Report::default();
//! report.template = Some(Template::Gov2021);
//! report.tables.requests = Some(Requests::Gov2021(requests));
//! let json = report.to_json();
//! assert!(json.contains(r#""requests":{"new_received":{"natural_person":83,"total":99}}"#));
//! assert_eq!(Report::from_json(&json)?, report);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Crate features
//!
//! - `testkit` (off by default): the `testkit` module, a generator of random but consistent reports and
//!   their renderings (plain text with pipe tables, HTML in the official layout, flattened PDF
//!   text), used by every layer's tests and by the benches.

pub mod diagnostic;
mod error;
pub mod ids;
pub mod number;
mod report;
pub mod schema;
mod span;
pub mod table;
#[cfg(feature = "testkit")]
pub mod testkit;

pub use diagnostic::{Code, Diagnostic, Severity};
pub use error::Error;
pub use ids::{SectionKind, Source, TableKind, Template};
pub use number::Number;
pub use report::{ActiveDisclosure, Contact, Period, Report, Requests, Section, Tables};
pub use span::Span;
pub use table::{Cell, Table};
