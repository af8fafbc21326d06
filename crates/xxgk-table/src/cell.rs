//! Cell values: the text of one table cell read as a number, a printed blank, or unreadable.
//!
//! Rules (spec/model.md, format.md §7.1):
//! - blank, `/`, `—`, `-`, `－`, `——`, `无` → printed blank (`null`); `0` → zero;
//! - full-width digits, thousands separators (`1,234`, `1，234`, only in groups of three);
//! - a trailing unit when the whole cell is one number plus that unit: `件` `个` `项` `次` are
//!   dropped, `万元` kept, `元` converted to 万元 (÷10⁴) and `亿元` (×10⁴), both flagged;
//! - signs for 本年增/减: `+12`, `-3`, `−3`, `增加5`, `减少2`, `增5`, `减2`;
//! - decimals are read exactly; whether a decimal is allowed is the validator's business.
//!
//! ```
//! use xxgk_table::cell::{parse_cell, CellValue};
//! use xxgk_model::Number;
//! assert_eq!(parse_cell("1,234件"), CellValue::Number { value: Number::from(1234), converted: false });
//! assert_eq!(parse_cell("—"), CellValue::Blank);
//! assert_eq!(parse_cell("减少2"), CellValue::Number { value: Number::from(-2), converted: false });
//! let CellValue::Number { value, converted } = parse_cell("251000元") else { panic!() };
//! assert_eq!((value.to_string().as_str(), converted), ("25.1", true));
//! assert_eq!(parse_cell("约12"), CellValue::Unreadable);
//! ```

use xxgk_model::Number;

/// What one cell's text holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellValue {
    /// Printed blank, dash, slash or 无 (`null` in the model).
    Blank,
    /// A number; `converted` when a unit (元, 亿元) was converted to 万元.
    Number {
        /// The value (in 万元 for money written with a unit).
        value: Number,
        /// True when a unit conversion happened.
        converted: bool,
    },
    /// Text that is not a number.
    Unreadable,
}

impl CellValue {
    /// The model cell (`Some(None)` for a blank), or `None` when unreadable.
    pub fn cell(self) -> Option<xxgk_model::Cell> {
        match self {
            CellValue::Blank => Some(None),
            CellValue::Number { value, .. } => Some(Some(value)),
            CellValue::Unreadable => None,
        }
    }
}

/// True for the texts that mean "printed blank".
pub fn is_blank(text: &str) -> bool {
    let t = || {
        text.chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
    };
    t().all(|c| matches!(c, '/' | '／' | '—' | '-' | '－' | '–' | '─' | '_' | '\\'))
        || t().eq("无".chars())
        || t().eq("&nbsp;".chars())
}

/// Folds full-width digits and signs to ASCII and drops spaces.
fn ascii_fold(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{ff10}'..='\u{ff19}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '＋' => '+',
            '－' | '−' | '–' => '-',
            '．' => '.',
            '，' => ',',
            c => c,
        })
        .collect()
}

/// Removes thousands separators when every group after the first has exactly three digits.
fn strip_thousands(s: &str) -> Option<String> {
    if !s.contains(',') {
        return Some(s.to_string());
    }
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let groups: Vec<&str> = int.split(',').collect();
    let (first, rest) = groups.split_first()?;
    let first_digits = first.trim_start_matches(['+', '-']);
    if first_digits.is_empty() || first_digits.len() > 3 {
        return None;
    }
    if !rest
        .iter()
        .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let mut out = groups.concat();
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    Some(out)
}

/// Reads one cell's text.
pub fn parse_cell(text: &str) -> CellValue {
    parse_trimmed(text.trim())
}

/// [`parse_cell`] of a text without white space at either end (`parse_cell(t)` reads `t`
/// and `t.trim()` alike: every reading drops white space).
///
/// Fast paths, the same readings as the general path: an empty cell is a printed blank (the
/// general path's `is_blank("")`), and up to 18 plain digits are that integer (no overflow;
/// the general path only drops the surrounding spaces). The rest is [`parse_trimmed_slow`].
#[inline]
pub(crate) fn parse_trimmed(trimmed: &str) -> CellValue {
    if trimmed.is_empty() {
        return CellValue::Blank;
    }
    if trimmed.len() <= 18 {
        // One pass: digits are folded until a byte that is not one (cells are short; a
        // plain loop beats a vectorized check and fold).
        let mut units = 0i64;
        for b in trimmed.bytes() {
            let d = b.wrapping_sub(b'0');
            if d > 9 {
                return parse_trimmed_slow(trimmed);
            }
            units = units * 10 + i64::from(d);
        }
        return CellValue::Number {
            value: Number::from(units),
            converted: false,
        };
    }
    parse_trimmed_slow(trimmed)
}

/// [`parse_trimmed`] of a non-empty text that is not up to 18 plain digits.
fn parse_trimmed_slow(trimmed: &str) -> CellValue {
    // Fast paths, the same readings as the general path below: plain digits (the general
    // path only drops the surrounding spaces), and texts starting with an ideograph other
    // than 增/减/无 (no blank mark, sign word or number starts so; a unit alone is no number).
    if trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return match trimmed.parse::<Number>() {
            Ok(n) => match n.scale_by_pow10(0) {
                Some(value) => CellValue::Number {
                    value,
                    converted: false,
                },
                None => CellValue::Unreadable,
            },
            Err(_) => CellValue::Unreadable,
        };
    }
    if trimmed
        .chars()
        .next()
        .is_some_and(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c) && !matches!(c, '增' | '减' | '无'))
    {
        return CellValue::Unreadable;
    }
    // A character no blank mark, sign, digit, separator, sign word or unit has: no reading.
    if trimmed.chars().any(|c| !may_be_in_value(c)) {
        return CellValue::Unreadable;
    }
    parse_general(trimmed)
}

/// True for the characters a cell [`parse_general`] reads as a value or blank may hold
/// (white space, digits, signs, separators, blank marks, sign words, units, `&nbsp;`).
fn may_be_in_value(c: char) -> bool {
    c.is_ascii_digit()
        || c.is_whitespace()
        || matches!(
            c,
            '\u{ff10}'
                ..='\u{ff19}'
                    | '+'
                    | '-'
                    | '.'
                    | ','
                    | '＋'
                    | '－'
                    | '−'
                    | '–'
                    | '．'
                    | '，'
                    | '/'
                    | '／'
                    | '—'
                    | '─'
                    | '_'
                    | '\\'
                    | '无'
                    | '&'
                    | 'n'
                    | 'b'
                    | 's'
                    | 'p'
                    | ';'
                    | '增'
                    | '加'
                    | '减'
                    | '少'
                    | '万'
                    | '元'
                    | '亿'
                    | '件'
                    | '个'
                    | '项'
                    | '次'
                    | '条'
        )
}

/// True unless white space inside `text` splits digits in a way no single number is printed:
/// digits apart by one white-space character each are one number when every group is one
/// digit (letter-spaced PDF text, `1 2 3`) or the groups after the first have three digits
/// (thousands, `1 234`); anything else (`0   11`, `12 3`: two cells run together when their
/// separator was lost) is two numbers. Likewise a sign apart from its digits by more than
/// one white-space character (`-   101`) is a dash cell run into a number.
fn digit_spacing_ok(text: &str) -> bool {
    let is_digit = |c: char| c.is_ascii_digit() || ('\u{ff10}'..='\u{ff19}').contains(&c);
    let is_sign = |c: char| matches!(c, '+' | '-' | '＋' | '－' | '−' | '–');
    let mut after_sign: Option<usize> = None;
    for c in text.chars() {
        after_sign = match after_sign {
            Some(n) if c.is_whitespace() => Some(n + 1),
            Some(n) if is_digit(c) && n > 1 => return false,
            _ => is_sign(c).then_some(0),
        };
    }
    // Groups of digits of the current digit-and-space run, and the widest gap in it.
    let mut groups: Vec<usize> = Vec::new();
    let mut gap_max = 0usize;
    let mut digits = 0usize;
    let mut gap = 0usize;
    let run_ok = |groups: &[usize], gap_max: usize| {
        groups.len() < 2
            || (gap_max == 1
                && (groups.iter().all(|g| *g == 1)
                    || groups
                        .split_first()
                        .is_some_and(|(f, rest)| *f <= 3 && rest.iter().all(|g| *g == 3))))
    };
    for c in text.chars() {
        if is_digit(c) {
            if gap > 0 && digits == 0 && !groups.is_empty() {
                gap_max = gap_max.max(gap);
            }
            gap = 0;
            digits += 1;
        } else if c.is_whitespace() {
            if digits > 0 {
                groups.push(digits);
                digits = 0;
            }
            if !groups.is_empty() {
                gap += 1;
            }
        } else {
            if digits > 0 {
                groups.push(digits);
                digits = 0;
            }
            if !run_ok(&groups, gap_max) {
                return false;
            }
            groups.clear();
            gap_max = 0;
            gap = 0;
        }
    }
    if digits > 0 {
        groups.push(digits);
    }
    run_ok(&groups, gap_max)
}

/// [`parse_cell`] without its fast paths.
fn parse_general(text: &str) -> CellValue {
    if is_blank(text) {
        return CellValue::Blank;
    }
    if !digit_spacing_ok(text) {
        return CellValue::Unreadable;
    }
    let mut s = ascii_fold(text);
    let mut sign = 1i64;
    for (p, sg) in [("增加", 1), ("减少", -1), ("增", 1), ("减", -1)] {
        if let Some(rest) = s.strip_prefix(p) {
            s = rest.to_string();
            sign = sg;
            break;
        }
    }
    let mut exp = 0i32;
    let mut converted = false;
    for (unit, e) in [
        ("万元", 0),
        ("亿元", 4),
        ("元", -4),
        ("件", 0),
        ("个", 0),
        ("项", 0),
        ("次", 0),
        ("条", 0),
    ] {
        if let Some(rest) = s.strip_suffix(unit) {
            s = rest.to_string();
            exp = e;
            converted = e != 0;
            break;
        }
    }
    let Some(s) = strip_thousands(&s) else {
        return CellValue::Unreadable;
    };
    if s.starts_with('.') || s.ends_with('.') {
        return CellValue::Unreadable;
    }
    let Ok(n) = s.parse::<Number>() else {
        return CellValue::Unreadable;
    };
    let n = if sign < 0 {
        if n.is_negative() {
            return CellValue::Unreadable;
        }
        Number::ZERO.checked_sub(n)
    } else {
        Some(n)
    };
    let Some(n) = n.and_then(|n| n.scale_by_pow10(exp)) else {
        return CellValue::Unreadable;
    };
    CellValue::Number {
        value: n,
        converted,
    }
}

/// True when the text looks like a value cell (a number or a blank marker) rather than a label.
pub fn is_value_text(text: &str) -> bool {
    !matches!(parse_cell(text), CellValue::Unreadable)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// The fast paths of `parse_cell` read every text as the general path does.
        #[test]
        fn fast_paths_agree(
            chars in proptest::collection::vec(
                proptest::sample::select(vec![
                    '0', '1', '7', '9', '１', ' ', '\u{3000}', '\u{a0}', '\t', '.', ',', '，', '+',
                    '-', '−', '－', '—', '/', '増', '增', '加', '减', '少', '无', '万', '元', '亿',
                    '件', '次', '条', '规', '章', '一', 'a', '&', 'n', 'b', 's', 'p', ';', '\u{9FFF}',
                    '\u{4E00}', '\u{4DFF}', '\u{A000}', '（', '第', 'x', '个', '项', '─', '_',
                    '\\', '／', '&', '．', '＋', '\u{2003}',
                ]),
                0..8,
            )
        ) {
            let text: String = chars.into_iter().collect();
            prop_assert_eq!(parse_cell(&text), parse_general(&text), "{:?}", text);
        }
    }

    fn num(s: &str) -> Option<String> {
        match parse_cell(s) {
            CellValue::Number { value, .. } => Some(value.to_string()),
            _ => None,
        }
    }

    #[test]
    fn forms() {
        assert_eq!(num("0"), Some("0".into()));
        assert_eq!(num("１２３"), Some("123".into()));
        assert_eq!(num("1，234"), Some("1234".into()));
        assert_eq!(num("12,34"), None);
        assert_eq!(num("28600.64"), Some("28600.64".into()));
        assert_eq!(num("3.2万元"), Some("3.2".into()));
        assert_eq!(num("1.2亿元"), Some("12000".into()));
        assert_eq!(num("+1036"), Some("1036".into()));
        assert_eq!(num("−3"), Some("-3".into()));
        assert_eq!(num("增加5"), Some("5".into()));
        assert_eq!(num("12 件"), Some("12".into()));
        assert_eq!(num("1."), None);
        assert_eq!(num("99999999999999999999"), None);
        for b in ["", " ", "/", "—", "——", "-", "－", "无", "\u{a0}"] {
            assert_eq!(parse_cell(b), CellValue::Blank, "{b:?}");
        }
        for u in ["规章", "12a", "减少-2", "1.2.3", "一"] {
            assert_eq!(parse_cell(u), CellValue::Unreadable, "{u:?}");
        }
    }

    /// Spaces inside a number: letter spacing and thousands groups are one number; two
    /// numbers (cells run together when their `|` was lost) are no number.
    #[test]
    fn spaces_between_digits() {
        assert_eq!(num("1 2 3"), Some("123".into()));
        assert_eq!(num("1 234"), Some("1234".into()));
        assert_eq!(num("12 345 678"), Some("12345678".into()));
        assert_eq!(num("１ ２"), Some("12".into()));
        assert_eq!(num("- 3"), Some("-3".into()));
        assert_eq!(num("3 . 5"), Some("3.5".into()));
        assert_eq!(num("12 件"), Some("12".into()));
        for u in [
            "0   11", "12 3", "1  2", "1234 567", "1 23", "-   101", "+  4", "4 0   3",
        ] {
            assert_eq!(parse_cell(u), CellValue::Unreadable, "{u:?}");
        }
    }
}
