//! Canonical ids of `spec/model.md`: templates, section kinds, table kinds.
//!
//! The [`id_enum!`](crate::id_enum) macro gives every id type the same surface: `as_str()` (the
//! JSON/CSV id), `label()` (the official Chinese label), `ALL` (declaration order, which is the
//! order the template prints), `FromStr`, `Display` and serde as the id string.

/// Declares a fieldless enum of canonical ids with their JSON ids and Chinese labels.
#[macro_export]
#[doc(hidden)]
macro_rules! id_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = ($id:literal, $label:literal), )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every id, in the order the template prints them.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )+ ];

            /// `"id":`, the id as a JSON object key with its colon, in [`Self::ALL`] order
            /// (the JSON writer copies one string per key).
            #[doc(hidden)]
            pub const JSON_KEYS: &'static [&'static str] =
                &[ $( concat!("\"", $id, "\":"), )+ ];

            /// The position of this id in [`Self::ALL`].
            pub const fn ordinal(self) -> usize {
                self as usize
            }

            /// The canonical id (JSON key, CSV value).
            pub const fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $id, )+ }
            }

            /// The official Chinese label, as the template prints it.
            pub const fn label(self) -> &'static str {
                match self { $( $name::$variant => $label, )+ }
            }

            /// Looks an id up by its canonical string.
            pub fn from_id(s: &str) -> Option<$name> {
                match s { $( $id => Some($name::$variant), )+ _ => None }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::Error;
            fn from_str(s: &str) -> Result<$name, $crate::Error> {
                $name::from_id(s).ok_or_else(|| $crate::Error::UnknownId {
                    kind: stringify!($name),
                    id: s.to_string(),
                })
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<$name, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                $name::from_id(&s).ok_or_else(|| {
                    <D::Error as ::serde::de::Error>::unknown_variant(&s, &[ $( $id, )+ ])
                })
            }
        }
    };
}

id_enum! {
    /// The national template a report follows.
    pub enum Template {
        /// 国办公开办函〔2021〕30号, reports on 2021 and later.
        Gov2021 = ("gov2021", "国办公开办函〔2021〕30号"),
        /// 国办公开办函〔2019〕60号, reports on 2019 and 2020.
        Gov2019 = ("gov2019", "国办公开办函〔2019〕60号"),
        /// Free-form reports under the 2008 Regulations (2018 and earlier).
        Legacy = ("legacy", "2008年条例下的年度报告"),
    }
}

impl Template {
    /// The template a report on `year` is expected to follow (used only to break ties).
    pub fn for_year(year: i32) -> Template {
        match year {
            y if y >= 2021 => Template::Gov2021,
            2019 | 2020 => Template::Gov2019,
            _ => Template::Legacy,
        }
    }
}

id_enum! {
    /// The six sections of a report (`unknown` for headings outside the template, e.g. legacy).
    pub enum SectionKind {
        /// 一、总体情况
        Overview = ("overview", "总体情况"),
        /// 二、主动公开政府信息情况
        ActiveDisclosure = ("active_disclosure", "主动公开政府信息情况"),
        /// 三、收到和处理政府信息公开申请情况
        Requests = ("requests", "收到和处理政府信息公开申请情况"),
        /// 四、政府信息公开行政复议、行政诉讼情况
        ReviewLitigation = ("review_litigation", "政府信息公开行政复议、行政诉讼情况"),
        /// 五、存在的主要问题及改进情况
        Problems = ("problems", "存在的主要问题及改进情况"),
        /// 六、其他需要报告的事项
        Other = ("other", "其他需要报告的事项"),
        /// A heading that is none of the six (legacy parts such as 咨询处理情况).
        Unknown = ("unknown", "其他部分"),
    }
}

impl SectionKind {
    /// The section's number in the template (一 = 1 … 六 = 6); `None` for `Unknown`.
    pub fn number(self) -> Option<u8> {
        match self {
            SectionKind::Overview => Some(1),
            SectionKind::ActiveDisclosure => Some(2),
            SectionKind::Requests => Some(3),
            SectionKind::ReviewLitigation => Some(4),
            SectionKind::Problems => Some(5),
            SectionKind::Other => Some(6),
            SectionKind::Unknown => None,
        }
    }

    /// The kind the template puts at `number` (1–6).
    pub fn from_number(number: u8) -> Option<SectionKind> {
        SectionKind::ALL
            .iter()
            .copied()
            .find(|k| k.number() == Some(number))
    }

    /// The table the section holds, if any.
    pub fn table(self) -> Option<TableKind> {
        match self {
            SectionKind::ActiveDisclosure => Some(TableKind::ActiveDisclosure),
            SectionKind::Requests => Some(TableKind::Requests),
            SectionKind::ReviewLitigation => Some(TableKind::ReviewLitigation),
            _ => None,
        }
    }
}

id_enum! {
    /// The three statistics tables (keys of `tables` in the JSON).
    pub enum TableKind {
        /// Table 2, 主动公开政府信息情况.
        ActiveDisclosure = ("active_disclosure", "主动公开政府信息情况"),
        /// Table 3, 收到和处理政府信息公开申请情况.
        Requests = ("requests", "收到和处理政府信息公开申请情况"),
        /// Table 4, 政府信息公开行政复议、行政诉讼情况.
        ReviewLitigation = ("review_litigation", "政府信息公开行政复议、行政诉讼情况"),
    }
}

id_enum! {
    /// Where a table's values were read from (the `sources` object of the JSON).
    pub enum Source {
        /// Cells already in rows and columns: HTML tables, DOCX tables, pipe tables.
        Grid = ("grid", "表格"),
        /// A flattened token stream (PDF text extraction).
        Stream = ("stream", "文本流"),
        /// Sentences stating figures, where the table itself was lost.
        Prose = ("prose", "正文叙述"),
    }
}
