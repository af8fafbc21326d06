//! Exact cell values: integers, and decimals for money.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// An exact table value: `units / 10^scale`. Counts have scale 0; money (万元) may have decimals.
///
/// Numbers are kept exact (no binary floating point inside) and normalized, so `1.50` and `1.5`
/// are equal. In JSON an integer is written as an integer and a decimal as a JSON number with its
/// shortest exact decimal digits.
///
/// ```
/// use xxgk_model::Number;
/// let fee: Number = "28600.64".parse()?;
/// assert_eq!(fee.to_string(), "28600.64");
/// assert_eq!(Number::from(12).as_i64(), Some(12));
/// assert!(!fee.is_integer());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Number {
    units: i64,
    scale: u8,
}

/// At most this many decimal places are kept (money has two; more means the text is damaged).
pub const MAX_SCALE: u8 = 6;

impl Number {
    /// Zero.
    pub const ZERO: Number = Number { units: 0, scale: 0 };

    /// A number `units / 10^scale`; `None` when the scale is over [`MAX_SCALE`].
    pub fn new(units: i64, scale: u8) -> Option<Number> {
        if scale > MAX_SCALE {
            return None;
        }
        Some(Number { units, scale }.normalized())
    }

    fn normalized(mut self) -> Number {
        while self.scale > 0 && self.units % 10 == 0 {
            self.units /= 10;
            self.scale -= 1;
        }
        if self.units == 0 {
            self.scale = 0;
        }
        self
    }

    /// True when the number has no fractional part.
    pub fn is_integer(&self) -> bool {
        self.scale == 0
    }

    /// True when below zero.
    pub fn is_negative(&self) -> bool {
        self.units < 0
    }

    /// The value as an integer, when it is one.
    pub fn as_i64(&self) -> Option<i64> {
        (self.scale == 0).then_some(self.units)
    }

    /// The value as `f64` (for statistics; may round).
    pub fn as_f64(&self) -> f64 {
        self.units as f64 / 10f64.powi(i32::from(self.scale))
    }

    /// Units and scale: the value is `units / 10^scale`.
    pub fn parts(&self) -> (i64, u8) {
        (self.units, self.scale)
    }

    fn rescaled(&self, scale: u8) -> Option<i64> {
        let factor = 10i64.checked_pow(u32::from(scale - self.scale))?;
        self.units.checked_mul(factor)
    }

    /// Exact sum; `None` on overflow.
    pub fn checked_add(self, other: Number) -> Option<Number> {
        let scale = self.scale.max(other.scale);
        let units = self.rescaled(scale)?.checked_add(other.rescaled(scale)?)?;
        Number::new(units, scale)
    }

    /// Exact difference; `None` on overflow.
    pub fn checked_sub(self, other: Number) -> Option<Number> {
        let scale = self.scale.max(other.scale);
        let units = self.rescaled(scale)?.checked_sub(other.rescaled(scale)?)?;
        Number::new(units, scale)
    }

    /// Multiplies by `10^exp` exactly (unit conversion such as 元 → 万元 with `exp = -4`);
    /// `None` when the result does not fit.
    pub fn scale_by_pow10(self, exp: i32) -> Option<Number> {
        if exp >= 0 {
            let f = 10i64.checked_pow(exp.unsigned_abs())?;
            Number::new(self.units.checked_mul(f)?, self.scale)
        } else {
            let s = u32::from(self.scale) + exp.unsigned_abs();
            Number::new(self.units, u8::try_from(s).ok()?)
        }
    }
}

impl From<i64> for Number {
    fn from(v: i64) -> Number {
        Number { units: v, scale: 0 }
    }
}

impl From<i32> for Number {
    fn from(v: i32) -> Number {
        Number {
            units: i64::from(v),
            scale: 0,
        }
    }
}

impl From<u32> for Number {
    fn from(v: u32) -> Number {
        Number {
            units: i64::from(v),
            scale: 0,
        }
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Number) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Number {
    fn cmp(&self, other: &Number) -> std::cmp::Ordering {
        let scale = self.scale.max(other.scale);
        match (self.rescaled(scale), other.rescaled(scale)) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => self.as_f64().total_cmp(&other.as_f64()),
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.scale == 0 {
            return write!(f, "{}", self.units);
        }
        let sign = if self.units < 0 { "-" } else { "" };
        let abs = self.units.unsigned_abs();
        let div = 10u64.pow(u32::from(self.scale));
        write!(
            f,
            "{sign}{}.{:0width$}",
            abs / div,
            abs % div,
            width = usize::from(self.scale)
        )
    }
}

/// Error for a string that is not a plain decimal number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a decimal number: {0:?}")]
pub struct ParseNumberError(pub String);

impl FromStr for Number {
    type Err = ParseNumberError;

    /// Parses `-12`, `+3`, `0.5`, `28600.64` (ASCII only; cleaning cell text is the table
    /// layer's job).
    fn from_str(s: &str) -> Result<Number, ParseNumberError> {
        let err = || ParseNumberError(s.to_string());
        let (neg, body) = match s.as_bytes().first() {
            Some(b'-') => (true, &s[1..]),
            Some(b'+') => (false, &s[1..]),
            _ => (false, s),
        };
        let (int, frac) = match body.split_once('.') {
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        if int.is_empty() && frac.is_empty() {
            return Err(err());
        }
        if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let frac = frac.trim_end_matches('0');
        let scale = u8::try_from(frac.len()).map_err(|_| err())?;
        if scale > MAX_SCALE {
            return Err(err());
        }
        let mut units: i64 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            units = units
                .checked_mul(10)
                .and_then(|u| u.checked_add(i64::from(b - b'0')))
                .ok_or_else(err)?;
        }
        Number::new(if neg { -units } else { units }, scale).ok_or_else(err)
    }
}

impl Number {
    /// Appends the number's JSON (exactly what its `Serialize` gives with `serde_json`).
    pub(crate) fn write_json(&self, out: &mut String) {
        if self.scale == 0 {
            match u8::try_from(self.units) {
                // Most counts in a report are one digit.
                Ok(d @ 0..=9) => out.push(char::from(b'0' + d)),
                _ => out.push_str(itoa::Buffer::new().format(self.units)),
            }
        } else {
            // The same f64 formatting as `Serialize` (rare: money amounts).
            out.push_str(&serde_json::to_string(&self.as_f64()).unwrap_or_default());
        }
    }
}

impl Number {
    /// Writes the number's JSON (as [`Number::write_json`]) into `buf` at `pos`, returning
    /// the offset after it; `None` when it does not fit in `buf` (nothing is promised of the
    /// bytes from `pos` on then). A buffer with [`NUMBER_ROOM`] bytes from `pos` on holds any
    /// number.
    #[inline(always)]
    pub(crate) fn write_json_at(&self, buf: &mut [u8], pos: usize) -> Option<usize> {
        if self.scale != 0 {
            let text = serde_json::to_string(&self.as_f64()).ok()?;
            let end = pos.checked_add(text.len())?;
            buf.get_mut(pos..end)?.copy_from_slice(text.as_bytes());
            return Some(end);
        }
        match u32::try_from(self.units) {
            // Most counts in a report are one digit.
            Ok(d @ 0..=9) => {
                *buf.get_mut(pos)? = b'0' + d as u8;
                Some(pos + 1)
            }
            Ok(u @ 10..=99) => {
                let at = 2 * u as usize;
                buf.get_mut(pos..pos + 2)?
                    .copy_from_slice(DIGIT_PAIRS.get(at..at + 2)?);
                Some(pos + 2)
            }
            Ok(u @ 100..=999) => {
                let at = 2 * (u % 100) as usize;
                *buf.get_mut(pos)? = b'0' + (u / 100) as u8;
                buf.get_mut(pos + 1..pos + 3)?
                    .copy_from_slice(DIGIT_PAIRS.get(at..at + 2)?);
                Some(pos + 3)
            }
            Ok(mut u @ 1000..=99_999_999) => {
                // Up to eight digits as one little-endian word, first digit lowest, copied
                // whole; the unused bytes are left behind the returned offset.
                let mut word = 0u64;
                let mut unused = 8;
                while u > 0 {
                    word = (word << 8) | u64::from(b'0' + (u % 10) as u8);
                    u /= 10;
                    unused -= 1;
                }
                buf.get_mut(pos..pos + 8)?
                    .copy_from_slice(&word.to_le_bytes());
                Some(pos + 8 - unused)
            }
            _ => {
                let mut b = itoa::Buffer::new();
                let text = b.format(self.units).as_bytes();
                let end = pos + text.len();
                buf.get_mut(pos..end)?.copy_from_slice(text);
                Some(end)
            }
        }
    }
}

/// The two digits of 00 to 99, one pair after the other.
const DIGIT_PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// Room [`Number::write_json_at`] needs for any number (an `i64` has at most 20 characters,
/// an `f64` as `serde_json` prints it at most 24).
pub(crate) const NUMBER_ROOM: usize = 32;

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.scale == 0 {
            s.serialize_i64(self.units)
        } else {
            // Values with at most 15 significant digits print back exactly from f64 (shortest
            // round-trip formatting), which covers every amount a report prints.
            s.serialize_f64(self.as_f64())
        }
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Number, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Number;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Number, E> {
                Ok(Number::from(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Number, E> {
                i64::try_from(v).map(Number::from).map_err(E::custom)
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Number, E> {
                if !v.is_finite() {
                    return Err(E::custom("number is not finite"));
                }
                // `Display` for f64 prints the shortest string that reads back as `v`.
                format!("{v}").parse().map_err(E::custom)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Number, E> {
                v.parse().map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        for s in ["0", "12", "-3", "0.5", "28600.64", "-0.01"] {
            assert_eq!(s.parse::<Number>().unwrap().to_string(), s);
        }
        assert_eq!("1.50".parse::<Number>().unwrap(), "1.5".parse().unwrap());
        assert_eq!("+7".parse::<Number>().unwrap(), Number::from(7));
        for bad in [
            "",
            ".",
            "1.2.3",
            "abc",
            "1e5",
            "99999999999999999999",
            "0.0000001",
        ] {
            assert!(bad.parse::<Number>().is_err(), "{bad}");
        }
    }

    #[test]
    fn exact_arithmetic_and_units() {
        let a: Number = "0.1".parse().unwrap();
        let b: Number = "0.2".parse().unwrap();
        assert_eq!(a.checked_add(b).unwrap().to_string(), "0.3");
        let yuan = Number::from(251000);
        assert_eq!(yuan.scale_by_pow10(-4).unwrap().to_string(), "25.1");
        assert!(Number::from(i64::MAX)
            .checked_add(Number::from(1))
            .is_none());
    }

    #[test]
    fn json_round_trip() {
        for s in ["0", "12", "280.57", "0.01", "123456789.12"] {
            let n: Number = s.parse().unwrap();
            let j = serde_json::to_string(&n).unwrap();
            assert_eq!(j, s);
            assert_eq!(serde_json::from_str::<Number>(&j).unwrap(), n);
        }
    }
}
