//! Grammar-like pieces parsed with nom: Chinese and Arabic numerals, dates.
//!
//! Every parser works on `&str` and tolerates the spaces PDF extraction puts between digits and
//! the characters 年 / 月 / 日 (`2021 年 1 月 31 日`).

use chrono::NaiveDate;
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while_m_n};
use nom::character::complete::{char as ch, satisfy};
use nom::combinator::{map, map_opt, opt};
use nom::sequence::{preceded, tuple};
use nom::IResult;

/// Value of a Chinese digit character (〇/零/○/O = 0, 一 = 1 … 九 = 9).
pub(crate) fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' | '○' | 'O' | 'o' | '０' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '貳' | '贰' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// True for the characters a section numeral is written with (一 … 十).
pub(crate) fn is_cn_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

fn digit1_9(i: &str) -> IResult<&str, u32> {
    map_opt(satisfy(|c| c != '〇' && c != '零'), |c| {
        cn_digit(c).filter(|d| (1..=9).contains(d))
    })(i)
}

/// A Chinese numeral from 1 to 99: `一`, `十`, `十二`, `二十`, `二十三`.
pub(crate) fn cn_number(i: &str) -> IResult<&str, u32> {
    alt((
        // 二十三, 二十, 十三, 十
        map(
            tuple((opt(digit1_9), ch('十'), opt(digit1_9))),
            |(t, _, u)| t.unwrap_or(1) * 10 + u.unwrap_or(0),
        ),
        digit1_9,
    ))(i)
}

/// Parses all of `s` as a Chinese numeral 1–99 (what [`cn_number`] reads when it reads all of
/// `s`; written out by hand because the heading and sub-section scans call it at every marker).
pub(crate) fn cn_number_exact(s: &str) -> Option<u32> {
    let d19 = |c: Option<char>| c.and_then(cn_digit).filter(|d| (1..=9).contains(d));
    let mut it = s.chars();
    let c0 = it.next();
    let t = d19(c0);
    // 二十三, 二十, 十三, 十: the tens form when a 十 follows the optional digit
    let mut tens = s.chars();
    if t.is_some() {
        tens.next();
    }
    if tens.next() == Some('十') {
        let mut rest = tens.clone();
        let u = d19(rest.next());
        if u.is_some() {
            tens = rest;
        }
        return tens
            .next()
            .is_none()
            .then(|| t.unwrap_or(1) * 10 + u.unwrap_or(0));
    }
    // a single digit
    let d = t?;
    it.next().is_none().then_some(d)
}

fn spaces(i: &str) -> IResult<&str, &str> {
    take_while(|c: char| c == ' ' || c == '\t' || c == '\u{3000}')(i)
}

fn ascii_num(min: usize, max: usize) -> impl Fn(&str) -> IResult<&str, u32> {
    move |i| {
        map_opt(
            take_while_m_n(min, max, |c: char| c.is_ascii_digit()),
            |s: &str| s.parse::<u32>().ok(),
        )(i)
    }
}

/// A four-digit year written with Chinese digits (二〇二一).
fn cn_year(i: &str) -> IResult<&str, u32> {
    let (rest, a) = map_opt(satisfy(|c| cn_digit(c).is_some()), cn_digit)(i)?;
    let (rest, b) = map_opt(satisfy(|c| cn_digit(c).is_some()), cn_digit)(rest)?;
    let (rest, c) = map_opt(satisfy(|c| cn_digit(c).is_some()), cn_digit)(rest)?;
    let (rest, d) = map_opt(satisfy(|c| cn_digit(c).is_some()), cn_digit)(rest)?;
    Ok((rest, a * 1000 + b * 100 + c * 10 + d))
}

/// A year: `2021` or `二〇二一`, followed by optional spaces.
pub(crate) fn year(i: &str) -> IResult<&str, u32> {
    let (rest, y) = alt((ascii_num(4, 4), cn_year))(i)?;
    let (rest, _) = spaces(rest)?;
    Ok((rest, y))
}

fn small(i: &str) -> IResult<&str, u32> {
    alt((ascii_num(1, 2), cn_number))(i)
}

/// `M月D日` with optional spaces.
pub(crate) fn month_day(i: &str) -> IResult<&str, (u32, u32)> {
    let (rest, (m, _, _, _, d, _, _)) = tuple((
        small,
        spaces,
        ch('月'),
        spaces,
        small,
        spaces,
        alt((ch('日'), ch('号'))),
    ))(i)?;
    Ok((rest, (m, d)))
}

/// A full date `2021年1月31日`, `2021 年 1 月 31 日`, `二〇二一年一月二十八日`, `2021-01-31`.
///
/// The commonest form (ASCII digits, `年` `月` `日`/`号`, spaces allowed) is read on bytes
/// ([`date_fast`]); anything else goes to the grammar ([`date_nom`]).
pub(crate) fn date(i: &str) -> IResult<&str, NaiveDate> {
    match date_fast(i) {
        Some(r) => Ok(r),
        None => date_nom(i),
    }
}

/// The end of the [`spaces`] (space, tab, U+3000) from byte `i` of `b`.
fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    loop {
        match b.get(i) {
            Some(b' ' | b'\t') => i += 1,
            // U+3000
            Some(0xE3) if b.get(i + 1..i + 3) == Some(&[0x80, 0x80][..]) => i += 3,
            _ => return i,
        }
    }
}

/// One or two ASCII digits from byte `i` (as many as there are, at most two: `ascii_num(1, 2)`)
/// and the byte after them.
fn digits12(b: &[u8], i: usize) -> Option<(u32, usize)> {
    let d0 = *b.get(i).filter(|c| c.is_ascii_digit())?;
    let v = u32::from(d0 - b'0');
    match b.get(i + 1).filter(|c| c.is_ascii_digit()) {
        Some(&d1) => Some((v * 10 + u32::from(d1 - b'0'), i + 2)),
        None => Some((v, i + 1)),
    }
}

/// Four ASCII digits at the start of `b`, as a number.
fn digits4(b: &[u8]) -> Option<u32> {
    b.get(..4)?.iter().try_fold(0u32, |y, &d| {
        d.is_ascii_digit().then(|| y * 10 + u32::from(d - b'0'))
    })
}

/// True when the three bytes at `i` are those of `c` (a three-byte character).
fn char3_at(b: &[u8], i: usize, c: &str) -> bool {
    b.get(i..i + 3) == Some(c.as_bytes())
}

/// [`date_nom`]'s first form with ASCII digits, `2021年1月31日` (spaces allowed where the
/// grammar allows them), read on bytes. `Some` only where that form parses in full to a valid
/// date, where the grammar gives the same; `None` leaves the text to the grammar.
fn date_fast(i: &str) -> Option<(&str, NaiveDate)> {
    let b = i.as_bytes();
    // (four digits decide the grammar's year: a Chinese year starts with no ASCII digit)
    let y = digits4(b)?;
    let j = skip_spaces(b, 4);
    if !char3_at(b, j, "年") {
        return None;
    }
    let (rest, (m, d)) = month_day_fast(i.get(skip_spaces(b, j + 3)..)?)?;
    let date = NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)?;
    Some((rest, date))
}

/// The date grammar ([`date`] without its byte-level fast path).
pub(crate) fn date_nom(i: &str) -> IResult<&str, NaiveDate> {
    alt((
        map_opt(
            tuple((year, ch('年'), spaces, month_day)),
            |(y, _, _, (m, d))| NaiveDate::from_ymd_opt(y as i32, m, d),
        ),
        map_opt(
            tuple((
                ascii_num(4, 4),
                alt((ch('-'), ch('/'), ch('.'))),
                ascii_num(1, 2),
                alt((ch('-'), ch('/'), ch('.'))),
                ascii_num(1, 2),
            )),
            |(y, _, m, _, d)| NaiveDate::from_ymd_opt(y as i32, m, d),
        ),
    ))(i)
}

/// True for the characters a [`year`] can start with (cheap test before parsing).
pub(crate) fn may_start_year(c: char) -> bool {
    c.is_ascii_digit() || cn_digit(c).is_some()
}

/// A year with 年 (and optional 度): `2021年`, `2021 年度`. Returns the year.
///
/// Four ASCII digits followed by 年 are read on bytes; anything else goes to the grammar
/// ([`year_nian_nom`]).
pub(crate) fn year_nian(i: &str) -> IResult<&str, u32> {
    let b = i.as_bytes();
    if let Some(y) = digits4(b) {
        let j = skip_spaces(b, 4);
        if char3_at(b, j, "年") {
            let j = if char3_at(b, j + 3, "度") {
                j + 6
            } else {
                j + 3
            };
            if let Some(rest) = i.get(j..) {
                return Ok((rest, y));
            }
        }
    }
    year_nian_nom(i)
}

/// The grammar of [`year_nian`].
pub(crate) fn year_nian_nom(i: &str) -> IResult<&str, u32> {
    let (rest, y) = year(i)?;
    let (rest, _) = ch('年')(rest)?;
    let (rest, _) = opt(ch('度'))(rest)?;
    Ok((rest, y))
}

fn range_sep(i: &str) -> IResult<&str, &str> {
    preceded(
        spaces,
        alt((
            tag("起至"),
            tag("至"),
            tag("到"),
            tag("—"),
            tag("－"),
            tag("–"),
            tag("-"),
            tag("~"),
            tag("～"),
        )),
    )(i)
}

/// A statistics period after its keyword: `自2021年1月1日起至2021年12月31日止`,
/// `为2020年1月1日至12月31日`, `2020年1月1日—12月31日`. Returns (start, end).
///
/// Two dates of [`date_fast`]'s form around a separator are read on bytes ([`period_fast`]);
/// anything else goes to the grammar ([`period_nom`]).
pub(crate) fn period(i: &str) -> IResult<&str, (NaiveDate, NaiveDate)> {
    match period_fast(i) {
        Some(r) => Ok(r),
        None if period_fails(i) => Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Fail,
        ))),
        None => period_nom(i),
    }
}

/// The length of the run of ASCII digits at the start of `b`.
fn digit_run(b: &[u8]) -> usize {
    b.iter().take_while(|c| c.is_ascii_digit()).count()
}

/// True when `c` can start no [`small`] (no ASCII digit, Chinese digit or 十).
fn starts_no_small(c: Option<char>) -> bool {
    c.is_none_or(|c| !(c.is_ascii_digit() || c == '十' || cn_digit(c).is_some()))
}

/// True when [`date_nom`] fails on `b` (the bytes of a `&str`) for a reason seen on bytes; false
/// when it may parse. Both of its forms start with four ASCII digits or (the first) a Chinese
/// digit; after four ASCII digits the first form needs 年 and a [`month_day`], the second a
/// `-` `/` or `.`.
fn date_fails(b: &[u8], s: &str) -> bool {
    match digit_run(b) {
        // (a Chinese year starts with a Chinese digit)
        0 => s.chars().next().is_none_or(|c| cn_digit(c).is_none()),
        1..=3 => true,
        4 => {
            if matches!(b.get(4), Some(b'-' | b'/' | b'.')) {
                return false;
            }
            let j = skip_spaces(b, 4);
            if !char3_at(b, j, "年") {
                return true;
            }
            let k = skip_spaces(b, j + 3);
            starts_no_small(s.get(k..).and_then(|r| r.chars().next()))
        }
        _ => true,
    }
}

/// True when [`period_nom`] fails on `i` for a reason seen on bytes (false: it may parse):
/// no date where the first one must start, no separator after a first date of
/// [`date_fast`]'s form, or neither a date nor a [`month_day`] after the separator. Lets the
/// callers that try a period at several places skip the grammar where it cannot parse.
fn period_fails(i: &str) -> bool {
    let b = i.as_bytes();
    let mut j = skip_spaces(b, 0);
    if PERIOD_OPENERS.iter().any(|o| char3_at(b, j, o)) {
        j += 3;
    }
    let j = skip_spaces(b, j);
    let (Some(first), Some(fb)) = (i.get(j..), b.get(j..)) else {
        return false;
    };
    if date_fails(fb, first) {
        return true;
    }
    let Some((rest, _)) = date_fast(first) else {
        return false;
    };
    let r = rest.as_bytes();
    let k = skip_spaces(r, 0);
    let Some(sep) = r
        .get(k..)
        .and_then(|t| RANGE_SEPS.iter().find(|s| t.starts_with(s.as_bytes())))
    else {
        return true;
    };
    let k = skip_spaces(r, k + sep.len());
    let (Some(end), Some(eb)) = (rest.get(k..), r.get(k..)) else {
        return false;
    };
    // a month_day fails where three digits start (two are read, then neither space nor 月)
    // or where no small can start
    let month_day_fails = digit_run(eb) >= 3 || starts_no_small(end.chars().next());
    month_day_fails && date_fails(eb, end)
}

/// The words [`period_nom`] takes before the first date (at most one).
const PERIOD_OPENERS: [&str; 4] = ["自", "从", "为", "是"];
/// The separators of [`range_sep`], in its order.
const RANGE_SEPS: [&str; 9] = ["起至", "至", "到", "—", "－", "–", "-", "~", "～"];

/// [`period_nom`] where both dates are of [`date_fast`]'s form: each step read on bytes as
/// the grammar reads it. `Some` only where the grammar parses the same (its alternatives for
/// the second date try a full date first); `None` leaves the text to the grammar.
fn period_fast(i: &str) -> Option<(&str, (NaiveDate, NaiveDate))> {
    let b = i.as_bytes();
    let mut j = skip_spaces(b, 0);
    if PERIOD_OPENERS.iter().any(|o| char3_at(b, j, o)) {
        j += 3;
    }
    let (rest, start) = date_fast(i.get(skip_spaces(b, j)..)?)?;
    let r = rest.as_bytes();
    let k = skip_spaces(r, 0);
    let tail = r.get(k..)?;
    let sep = RANGE_SEPS.iter().find(|s| tail.starts_with(s.as_bytes()))?;
    let k = skip_spaces(r, k + sep.len());
    let after = rest.get(k..)?;
    if let Some((rest, end)) = date_fast(after) {
        return Some((rest, (start, end)));
    }
    // `M月D日` in the start's year: the grammar's second choice, taken when no date parses
    // there (month_day_fast reads at most two digits before a space or 月, and every date
    // starts with four ASCII digits or a Chinese digit)
    let (rest, (m, d)) = month_day_fast(after)?;
    let end = NaiveDate::from_ymd_opt(chrono::Datelike::year(&start), m, d)?;
    Some((rest, (start, end)))
}

/// [`month_day`] with ASCII digits, read on bytes (`None` leaves the text to the grammar).
fn month_day_fast(i: &str) -> Option<(&str, (u32, u32))> {
    let b = i.as_bytes();
    let (m, j) = digits12(b, 0)?;
    let j = skip_spaces(b, j);
    if !char3_at(b, j, "月") {
        return None;
    }
    let (d, j) = digits12(b, skip_spaces(b, j + 3))?;
    let j = skip_spaces(b, j);
    if !(char3_at(b, j, "日") || char3_at(b, j, "号")) {
        return None;
    }
    Some((i.get(j + 3..)?, (m, d)))
}

/// The period grammar ([`period`] without its byte-level fast path).
pub(crate) fn period_nom(i: &str) -> IResult<&str, (NaiveDate, NaiveDate)> {
    let (rest, _) = spaces(i)?;
    let (rest, _) = opt(alt((tag("自"), tag("从"), tag("为"), tag("是"))))(rest)?;
    let (rest, _) = spaces(rest)?;
    let (rest, start) = date(rest)?;
    let (rest, _) = range_sep(rest)?;
    let (rest, _) = spaces(rest)?;
    let (rest, end) = alt((
        date,
        map_opt(month_day, |(m, d)| {
            NaiveDate::from_ymd_opt(chrono::Datelike::year(&start), m, d)
        }),
    ))(rest)?;
    Ok((rest, (start, end)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn chinese_numbers() {
        assert_eq!(cn_number_exact("一"), Some(1));
        assert_eq!(cn_number_exact("六"), Some(6));
        assert_eq!(cn_number_exact("十"), Some(10));
        assert_eq!(cn_number_exact("十一"), Some(11));
        assert_eq!(cn_number_exact("二十三"), Some(23));
        assert_eq!(cn_number_exact("统一"), None);
        assert_eq!(cn_number_exact(""), None);
    }

    /// The hand-written exact parser agrees with the nom grammar on every string of up to
    /// three characters over the numeral alphabet.
    #[test]
    fn exact_matches_grammar() {
        let alphabet = [
            '一', '二', '三', '九', '十', '〇', '零', '○', '两', '壹', '是', 'a', '1',
        ];
        let nom_exact = |s: &str| match cn_number(s) {
            Ok(("", n)) => Some(n),
            _ => None,
        };
        let mut all = vec![String::new()];
        for _ in 0..3 {
            let mut next = Vec::new();
            for s in &all {
                for c in alphabet {
                    next.push(format!("{s}{c}"));
                }
            }
            all.extend(next.iter().cloned());
            all.dedup();
            all = {
                let mut v = all;
                v.sort();
                v.dedup();
                v
            };
        }
        assert!(all.len() > 2000);
        for s in &all {
            assert_eq!(cn_number_exact(s), nom_exact(s), "{s}");
        }
    }

    #[test]
    fn dates() {
        assert_eq!(date("2021年1月31日").unwrap().1, d(2021, 1, 31));
        assert_eq!(date("2021 年 1 月 31 日 ").unwrap().1, d(2021, 1, 31));
        assert_eq!(date("二〇二一年一月二十八日").unwrap().1, d(2021, 1, 28));
        assert_eq!(date("二○二○年十二月三十一日").unwrap().1, d(2020, 12, 31));
        assert_eq!(date("2020-01-20 15:22").unwrap().1, d(2020, 1, 20));
        assert!(date("2021年13月1日").is_err());
        assert!(date("2021年").is_err());
    }

    #[test]
    fn periods() {
        let p = |s| period(s).unwrap().1;
        assert_eq!(
            p("自2021年1月1日起至2021年12月31日止"),
            (d(2021, 1, 1), d(2021, 12, 31))
        );
        assert_eq!(
            p("为2020年1月1日至12月31日"),
            (d(2020, 1, 1), d(2020, 12, 31))
        );
        assert_eq!(
            p("为2020年1月1日—12月31日"),
            (d(2020, 1, 1), d(2020, 12, 31))
        );
        assert_eq!(
            p("自 2021 年 1 月 1 日起至 2021 年 12 月 31 日止"),
            (d(2021, 1, 1), d(2021, 12, 31))
        );
    }

    /// Date-biased strings: ASCII and Chinese digits, the date characters, spaces, separators.
    fn date_like() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::collection::vec(
            proptest::sample::select(vec![
                "2021",
                "2020",
                "202",
                "0",
                "1",
                "3",
                "12",
                "31",
                "29",
                "00",
                "年",
                "月",
                "日",
                "号",
                " ",
                "\u{3000}",
                "\t",
                "度",
                "-",
                "/",
                ".",
                "二〇二一",
                "一",
                "十",
                "〇",
                "x",
                "至",
                "起至",
                "自",
                "为",
                "\u{3001}",
                "\u{3000}\u{3000}",
            ]),
            0..14,
        )
        .prop_map(|v| v.concat())
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]
        /// The byte-level fast paths give what the grammar gives, at every character start.
        #[test]
        fn fast_paths_are_the_grammar(t in date_like()) {
            for (i, _) in t.char_indices() {
                let s = &t[i..];
                prop_assert_eq!(date(s).ok(), date_nom(s).ok(), "{:?}", s);
                prop_assert_eq!(year_nian(s).ok(), year_nian_nom(s).ok(), "{:?}", s);
                prop_assert_eq!(period(s).ok(), period_nom(s).ok(), "{:?}", s);
                if period_fails(s) {
                    prop_assert!(period_nom(s).is_err(), "{:?}", s);
                }
                if date_fails(s.as_bytes(), s) {
                    prop_assert!(date_nom(s).is_err(), "{:?}", s);
                }
                if let Some(f) = month_day_fast(s) {
                    prop_assert_eq!(Some(f), month_day(s).ok(), "{:?}", s);
                    prop_assert!(date_nom(s).is_err(), "{:?}", s);
                }
                if let Some(f) = date_fast(s) {
                    prop_assert_eq!(Some(f), date_nom(s).ok(), "{:?}", s);
                }
            }
        }

        /// The same on dates built piece by piece (most of them the fast path's form).
        #[test]
        fn fast_paths_are_the_grammar_on_dates(
            y in proptest::sample::select(vec!["2021", "2020", "0000", "9999", "202", "20211", "二〇二一", "2O21"]),
            m in proptest::sample::select(vec!["1", "01", "12", "13", "0", "123", "一", "十二", ""]),
            d in proptest::sample::select(vec!["1", "31", "30", "29", "00", "7", "二十八", ""]),
            sp in proptest::collection::vec(proptest::sample::select(vec!["", "", "", " ", "\u{3000}", "\t", "  "]), 6),
            end in proptest::sample::select(vec!["日", "号", "", "月"]),
            tail in proptest::sample::select(vec!["", "起至", "度", "止", "日", " ", "1"]),
        ) {
            let t = format!("{y}{}年{}{m}{}月{}{d}{}{end}{tail}", sp[0], sp[1], sp[2], sp[3], sp[4]);
            for s in [t.as_str(), &format!("{}{t}", sp[5])] {
                prop_assert_eq!(date(s).ok(), date_nom(s).ok(), "{:?}", s);
                prop_assert_eq!(year_nian(s).ok(), year_nian_nom(s).ok(), "{:?}", s);
            }
        }

        /// The period's fast path gives what the grammar gives, on periods built piece by
        /// piece from dates of both forms, the openers and the separators.
        #[test]
        fn period_fast_path_is_the_grammar(
            a in proptest::sample::select(vec!["2021年1月1日", "2021 年 1 月 1 日", "2020年2月30日", "二〇二一年一月一日", "2021-01-01", "2021年1月"]),
            b in proptest::sample::select(vec!["2021年12月31日", "2022年1月1日", "12月31日", "2月30日", "2 月 29 日", "123月1日", "1月1号", "12月", "2020年1月1日", "十二月三十一日", "2021年12月", "2021/12/31"]),
            opener in proptest::sample::select(vec!["", "自", "从", "为", "是", "起", "自自"]),
            sep in proptest::sample::select(vec!["起至", "至", "到", "—", "－", "–", "-", "~", "～", "起", "", "至至"]),
            sp in proptest::collection::vec(proptest::sample::select(vec!["", "", " ", "\u{3000}", "\t"]), 4),
            tail in proptest::sample::select(vec!["", "止", "。", "日", "1"]),
        ) {
            let t = format!("{}{opener}{}{a}{}{sep}{}{b}{tail}", sp[0], sp[1], sp[2], sp[3]);
            // and at every character start (the callers try several), line breaks included
            let u = t.replacen('月', "\n月", 1);
            let v = t.replacen("年", "年\n", 2);
            for w in [&t, &u, &v] {
                for (i, _) in w.char_indices() {
                    let s = &w[i..];
                    prop_assert_eq!(period(s).ok(), period_nom(s).ok(), "{:?}", s);
                    if period_fails(s) {
                        prop_assert!(period_nom(s).is_err(), "{:?}", s);
                    }
                }
            }
        }
    }

    #[test]
    fn fast_paths_on_common_forms() {
        for s in [
            "2021年1月31日",
            "2021 年 1 月 31 日 ",
            "2021\u{3000}年\u{3000}12\u{3000}月\u{3000}3\u{3000}号止",
            "2021年2月29日",
            "2020年2月29日",
            "2021年123月1日",
            "2021年1月",
            "20211年",
            "2021年度报告",
            "2021-01-31",
        ] {
            assert_eq!(date(s).ok(), date_nom(s).ok(), "{s}");
            assert_eq!(year_nian(s).ok(), year_nian_nom(s).ok(), "{s}");
        }
        assert!(date_fast("2021年1月31日起").is_some());
        assert!(date_fast("2021年2月30日").is_none());
        assert!(period_fast("自2021年1月1日起至2021年12月31日止").is_some());
        assert!(period_fast(" 为 2021 年 1 月 1 日 — 2021 年 12 月 31 日").is_some());
        // the grammar's other forms are left to it
        assert!(period_fast("为2020年1月1日至12月31日").is_some());
        assert!(period_fast("为2020年1月1日—2月30日").is_none());
        assert!(period_fast("为2020年1月1日至十二月三十一日").is_none());
        assert!(period("为2020年1月1日至十二月三十一日").is_ok());
        assert_eq!(year_nian("2021 年度，").unwrap(), ("，", 2021));
    }
}
