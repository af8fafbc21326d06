//! Hostile inputs: every one gives a typed error or a report with diagnostics, never a panic, in
//! time linear in its size. Time is never compared with a fixed budget: each shape is parsed at
//! two sizes and the ratio of the times is checked (linear ≈ 4 for 4× the input; quadratic ≈ 16).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

/// A small deterministic generator, so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn repeat_to(unit: &str, size: usize) -> Vec<u8> {
    unit.repeat(size / unit.len().max(1) + 1).into_bytes()
}

/// Makes an input of about the given size.
type Maker = Box<dyn Fn(usize) -> Vec<u8>>;

/// Hostile shapes, each a function of the target size.
fn shapes() -> Vec<(&'static str, Maker)> {
    vec![
        (
            "random bytes",
            Box::new(|n| {
                let mut r = Rng(1);
                (0..n).map(|_| r.next() as u8).collect()
            }),
        ),
        (
            "random CJK on one line",
            Box::new(|n| {
                let mut r = Rng(2);
                let mut s = String::new();
                while s.len() < n {
                    s.push(char::from_u32(0x4E00 + (r.next() % 0x5000) as u32).unwrap_or('一'));
                }
                s.into_bytes()
            }),
        ),
        (
            "headings only",
            Box::new(|n| {
                repeat_to(
                    "一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n",
                    n,
                )
            }),
        ),
        (
            "inline headings",
            Box::new(|n| repeat_to("工作。一、总体情况 二、主动公开政府信息情况 ", n)),
        ),
        (
            "numbers in table 3",
            Box::new(|n| {
                let mut v = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 "
                    .as_bytes()
                    .to_vec();
                v.extend(repeat_to("1 0 2 3 0 0 6 ", n));
                v
            }),
        ),
        (
            "table labels without numbers",
            Box::new(|n| {
                repeat_to(
                    "（三）不予公开 1.属于国家秘密 2.其他法律行政法规禁止公开 ",
                    n,
                )
            }),
        ),
        (
            "pipe rows",
            Box::new(|n| repeat_to("| 规章 | 1 | 2 | 3 |\n| | | |\n|||||||||||||\n", n)),
        ),
        (
            "page markers",
            Box::new(|n| repeat_to("— 3 —\n第3页 共19页\n- 4 -\n", n)),
        ),
        (
            "combining marks and RTL",
            Box::new(|n| repeat_to("a\u{0301}\u{0302}\u{202E}שלום\u{200F}一\u{0300}、", n)),
        ),
        (
            "NUL-sprinkled text",
            Box::new(|n| repeat_to("一、总体情况\u{0}", n)),
        ),
        (
            "deeply nested HTML",
            Box::new(|n| {
                let mut v = b"<html><body>".to_vec();
                v.extend(repeat_to("<div><span>", n));
                v
            }),
        ),
        (
            "unclosed table cells",
            Box::new(|n| {
                let mut v = b"<html><body><table><tr>".to_vec();
                v.extend(repeat_to("<td rowspan=999 colspan=999>1", n));
                v
            }),
        ),
        (
            "traditional mojibake-like",
            Box::new(|n| repeat_to("?。ㄋ模﹥灮畔⒐_平臺六?！钡戎行墓ぷ?", n)),
        ),
    ]
}

fn time_parse(input: &[u8]) -> Duration {
    let mut best = Duration::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        let r = xxgk::parse(input);
        best = best.min(t.elapsed());
        if let Ok(report) = r {
            for s in report
                .sections
                .iter()
                .map(|s| s.span)
                .chain(report.diagnostics.iter().filter_map(|d| d.span))
            {
                assert!(s.start <= s.end && s.end <= input.len());
            }
        }
    }
    best
}

#[test]
fn hostile_inputs_parse_in_linear_time_without_panics() {
    let small = 32 << 10;
    for (name, make) in shapes() {
        let a = make(small);
        let b = make(small * 4);
        let ta = time_parse(&a).max(Duration::from_micros(200));
        let tb = time_parse(&b);
        let ratio = tb.as_secs_f64() / ta.as_secs_f64();
        assert!(
            ratio < 10.0,
            "{name}: 4× the input took {ratio:.1}× the time ({ta:?} → {tb:?})"
        );
    }
}

#[test]
fn inputs_over_the_limit_are_refused_before_any_work() {
    let opts = xxgk::Options {
        max_input_bytes: 1 << 20,
        ..Default::default()
    };
    let big = vec![b'x'; (1 << 20) + 1];
    match xxgk::parse_with(&big, &opts) {
        Err(e @ xxgk::Error::TooLarge { .. }) => assert_eq!(e.code(), "too_large"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn invalid_encodings_are_errors_or_reports_never_panics() {
    let cases: Vec<Vec<u8>> = vec![
        vec![0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00], // UTF-16LE with a lone high surrogate
        vec![0xFE, 0xFF, 0xDC, 0x00, 0x00, 0x41], // UTF-16BE with a lone low surrogate
        vec![0x81, 0x30, 0x81],                   // truncated GB18030 four-byte sequence
        vec![0xC0, 0xAF, 0xE0, 0x80, 0xAF],       // overlong UTF-8
        b"\xD2\xBB\xA1\xA2\xD7\xDC\xCC\xE5\xC7\xE9\xBF\xF6\xFF".to_vec(), // GBK with a bad tail byte
        b"PK\x03\x04word/document.xml garbage".to_vec(),
        b"PK\x03\x04".repeat(1000),
    ];
    for c in cases {
        let _ = xxgk::parse(&c);
    }
}
