//! Hostile inputs: every one gives a typed error or a report with diagnostics, never a panic, in
//! time linear in its size. Time is never compared with a fixed budget: each shape is parsed at
//! two sizes and the ratio of the times is checked (linear ≈ 4 for 4× the input; quadratic ≈ 16).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

// Times are CPU time of the measuring thread, not wall-clock time: on a loaded machine a 40 ms
// parse is preempted many times and a 2 ms one rarely, which skewed wall-clock ratios (×13–20
// for inputs whose instruction counts grow ×3.8).
use cpu_time::ThreadTime;
use std::time::Duration;
use xxgk_model::testkit::hostile::docx_bomb;
use xxgk_model::testkit::Rng;

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
                let mut r = Rng::new(1);
                (0..n).map(|_| r.next_u64() as u8).collect()
            }),
        ),
        (
            "random CJK on one line",
            Box::new(|n| {
                let mut r = Rng::new(2);
                let mut s = String::new();
                while s.len() < n {
                    s.push(char::from_u32(0x4E00 + (r.next_u64() % 0x5000) as u32).unwrap_or('一'));
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
        let t = ThreadTime::now();
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
        // Measured again when over the bound (shared CI machines; see `linear_at`).
        let mut best = f64::MAX;
        for _ in 0..3 {
            let ta = time_parse(&a).max(Duration::from_micros(200));
            let tb = time_parse(&b);
            best = best.min(tb.as_secs_f64() / ta.as_secs_f64());
            if best < 10.0 {
                break;
            }
            eprintln!("{name}: ×{best:.1} ({ta:?} → {tb:?}), measuring again");
        }
        assert!(best < 10.0, "{name}: 4× the input took {best:.1}× the time");
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

/// `Options::max_input_bytes` governs every input kind: a normalizer with a lower limit of its
/// own does not refuse a text input within it.
#[test]
fn the_facade_limit_overrides_a_lower_normalizer_limit() {
    let text = xxgk_model::testkit::sample().render_text().text;
    let tight =
        xxgk::normalize::Normalizer::new().limits(xxgk::normalize::Limits { max_input: 1024 });
    assert!(tight.normalize(text.as_bytes()).is_err());
    let opts = xxgk::Options {
        normalizer: tight,
        ..Default::default()
    };
    let report = xxgk::parse_with(text.as_bytes(), &opts).unwrap();
    assert!(report.tables.requests.is_some());
    let opts = xxgk::Options {
        max_input_bytes: 1024,
        ..opts
    };
    assert!(matches!(
        xxgk::parse_with(text.as_bytes(), &opts),
        Err(xxgk::Error::TooLarge { .. })
    ));
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

// ---------------------------------------------------------------------------------------------
// Full-size hostile inputs. Each test parses its shape at a quarter of the full size and at the
// full size and checks the ratio of the times (linear ≈ 4, quadratic ≈ 16), never a fixed time.
// Sizes are chosen so each test takes a few seconds in the dev profile CI uses (opt-level 1).

/// Options whose limits admit `bytes` (the facade's and the text normalizer's).
fn admitting(bytes: usize) -> xxgk::Options {
    xxgk::Options {
        max_input_bytes: bytes,
        normalizer: xxgk::normalize::Normalizer::new()
            .limits(xxgk::normalize::Limits { max_input: bytes }),
        ..Default::default()
    }
}

/// What one parse gave: a typed error's code, or the report's counts. Asserts the contract:
/// a report comes with at least one diagnostic (hostile input is never a clean report) and
/// every span lies in the input.
fn outcome(input: &[u8], r: Result<xxgk::Report, xxgk::Error>) -> String {
    match r {
        Err(e) => {
            assert!(!e.code().is_empty());
            format!("error {}", e.code())
        }
        Ok(report) => {
            for s in report
                .sections
                .iter()
                .map(|s| s.span)
                .chain(report.diagnostics.iter().filter_map(|d| d.span))
            {
                assert!(s.start <= s.end && s.end <= input.len(), "{s:?}");
            }
            assert!(
                !report.diagnostics.is_empty(),
                "a hostile input gave a report without any diagnostic"
            );
            format!(
                "report: {} sections, {} cells, {} diagnostics",
                report.sections.len(),
                report.tables.cells().len(),
                report.diagnostics.len()
            )
        }
    }
}

/// Parses `make(full / 4)` and `make(full)` with limits admitting both; asserts the ratio of the
/// times is under 10 (4 expected, 16 for quadratic work) and returns the outcome at full size.
/// A ratio over 10 is measured again (up to three times, the best kept): CI machines are shared,
/// and a real super-linear cost fails every time.
fn linear_at(name: &str, full: usize, make: impl Fn(usize) -> Vec<u8>) -> String {
    let small = make(full / 4);
    let big = make(full);
    let opts = admitting(big.len());
    let mut best = f64::MAX;
    let mut out = String::new();
    for _ in 0..3 {
        let t = ThreadTime::now();
        let rs = xxgk::parse_with(&small, &opts);
        let ts = t.elapsed().max(Duration::from_millis(5));
        let _ = outcome(&small, rs);
        let t = ThreadTime::now();
        let rb = xxgk::parse_with(&big, &opts);
        let tb = t.elapsed();
        out = outcome(&big, rb);
        let ratio = tb.as_secs_f64() / ts.as_secs_f64();
        eprintln!(
            "{name}: {} B in {ts:?}, {} B in {tb:?} (×{ratio:.1}); {out}",
            small.len(),
            big.len()
        );
        best = best.min(ratio);
        if best < 10.0 {
            break;
        }
    }
    assert!(best < 10.0, "{name}: 4× the input took {best:.1}× the time");
    out
}

#[test]
fn empty_and_tiny_inputs() {
    for input in [
        &b""[..],
        b" ",
        b"\n\n\n",
        b"\0",
        b"\xEF\xBB\xBF",
        b"\xFF\xFE",
        b"<",
        b"PK",
    ] {
        let _ = outcome(input, xxgk::parse(input));
    }
}

#[test]
fn a_100_mb_input_is_refused_with_the_default_limit() {
    let input = vec![b'a'; 100 << 20];
    for kind in [
        xxgk::InputKind::Auto,
        xxgk::InputKind::Text,
        xxgk::InputKind::Html,
        xxgk::InputKind::Docx,
    ] {
        let opts = xxgk::Options {
            input: kind,
            ..Default::default()
        };
        match xxgk::parse_with(&input, &opts) {
            Err(e @ xxgk::Error::TooLarge { size, limit }) => {
                assert_eq!((size, limit), (100 << 20, 64 << 20));
                assert_eq!(e.code(), "too_large");
            }
            other => panic!("{kind:?}: {other:?}"),
        }
    }
    // Each layer alone refuses it too, with its own typed error.
    assert!(matches!(
        xxgk::normalize::normalize(&input),
        Err(xxgk::normalize::Error::TooLarge { .. })
    ));
    assert!(matches!(
        xxgk::html::read_html(&input),
        Err(xxgk::html::Error::TooLarge { .. })
    ));
    assert!(matches!(
        xxgk::html::read_docx(&input),
        Err(xxgk::html::Error::TooLarge { .. })
    ));
}

/// The size a full-size test runs at: `ci` by default, `full` with `XXGK_HOSTILE_FULL=1`
/// (`XXGK_HOSTILE_FULL=1 cargo test --release --test hostile -- --nocapture`). The CI sizes keep
/// each test to a few seconds in the dev profile (opt-level 1); the comments say why a size
/// is below the issue's.
fn scaled(ci: usize, full: usize) -> usize {
    if std::env::var_os("XXGK_HOSTILE_FULL").is_some_and(|v| v == "1") {
        full
    } else {
        ci
    }
}

/// A generated report's text repeated: realistic lines, headings and tables at any size.
fn reports_repeated(n: usize) -> Vec<u8> {
    let unit = xxgk_model::testkit::generate(7).render_text().text;
    repeat_to(&unit, n)
}

#[test]
fn large_report_text_with_the_limit_raised() {
    // 100 MB parses (limits raised) in release; the dev profile reads about 3 MB/s, so CI
    // parses 8 MB (measured: 4 MB → 16 MB ×6.4, 5.5 s at 16 MB).
    linear_at(
        "reports repeated",
        scaled(8 << 20, 100 << 20),
        reports_repeated,
    );
}

#[test]
fn a_single_long_line() {
    // One 50 MB line with the full size; 8 MB in CI (dev profile: 50 MB took 31 s, 12.5 MB
    // 8.2 s, ×3.8: linear, spread over normalization and segmentation, no hot spot).
    linear_at("one long line", scaled(8 << 20, 50 << 20), |n| {
        let mut r = Rng::new(9);
        let mut s = String::with_capacity(n + 16);
        let words = [
            "政府信息公开",
            "2021年",
            "，",
            "一、",
            "总体情况",
            "12",
            " ",
            "。",
            "申请",
        ];
        while s.len() < n {
            s.push_str(words[(r.next_u64() % words.len() as u64) as usize]);
        }
        s.into_bytes()
    });
}

#[test]
fn a_million_headings() {
    // 10^6 headings (18.5 MB) with the full size; 2.5 × 10^5 in CI (dev profile: 10^6 took
    // 10 s, ×5.1 over 2.5 × 10^5).
    let unit = "一、总体情况\n(二)主动公开\n";
    let headings = scaled(250_000, 1_000_000);
    linear_at("headings", unit.len() * headings / 2, |n| {
        repeat_to(unit, n)
    });
}

#[test]
fn a_million_numbers_in_a_table_region() {
    let head = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 ";
    let unit = "1 0 2 3 0 0 6 ";
    linear_at("10^6 numbers in table 3", unit.len() / 7 * 1_000_000, |n| {
        let mut v = head.as_bytes().to_vec();
        v.extend(repeat_to(unit, n));
        v.extend("四、政府信息公开行政复议、行政诉讼情况\n".as_bytes());
        v
    });
}

#[test]
fn a_million_unclosed_divs() {
    let out = linear_at("10^6 unclosed <div>", 5 * 1_000_000, |n| {
        let mut v = b"<html><body>".to_vec();
        v.extend(repeat_to("<div>", n));
        v
    });
    // The nesting limit (`Limits::max_depth`, 1024) stops it: a typed error.
    assert_eq!(out, "error limit_exceeded");
}

#[test]
fn unclosed_and_misnested_formatting_elements() {
    // The HTML tree builder's adoption agency and formatting-list work; nesting stays under
    // the depth limit, so these are read. CI: 512 KB (dev profile about 250 KB/s on these,
    // ×4.3 from 512 KB to 2 MB); full size 8 MB.
    for (name, unit) in [
        ("unclosed <b>", "<b>x"),
        ("misnested <b><p></b>", "<b><p>x</b>"),
        ("unclosed <a>", "<a href=x>y"),
        ("unclosed <table><tr><td>", "<table><tr><td>1"),
        ("unclosed <font><i>", "<font><i>二"),
    ] {
        linear_at(name, scaled(512 << 10, 8 << 20), |n| {
            let mut v = b"<html><body>".to_vec();
            v.extend(repeat_to(unit, n));
            v
        });
    }
}

#[test]
fn docx_zip_bombs_stop_at_the_xml_limit() {
    // 2 GiB of document.xml in a 13 MB zip, whose headers state 1000 bytes (a lying archive):
    // the reader inflates at most `Limits::max_docx_xml_bytes` + 1 bytes, then refuses.
    let full = (2usize << 30) / 258;
    let mut times = Vec::new();
    for matches in [full / 8, full] {
        let bomb = docx_bomb(matches, 1000);
        // The least of three runs: CPU time still grows when tests running beside this one
        // crowd the caches (a CI run measured 66 ms and 299 ms once, where 55 ms and 57 ms are
        // usual).
        let mut best: Option<Duration> = None;
        let mut r = None;
        for _ in 0..3 {
            let t = ThreadTime::now();
            r = Some(xxgk::parse(&bomb));
            let e = t.elapsed();
            best = Some(best.map_or(e, |b| b.min(e)));
        }
        times.push(best.unwrap_or_default());
        let r = r.expect("parsed");
        match r {
            Err(e @ xxgk::Error::Document(xxgk::html::Error::TooLarge { .. })) => {
                assert_eq!(e.code(), "too_large");
            }
            other => panic!("{other:?}"),
        }
        eprintln!(
            "docx bomb {} B → {} B: {:?}",
            bomb.len(),
            1 + 258 * matches,
            times.last()
        );
    }
    // Work is bounded by the limit, not by the inflated size: 8× the bomb, about the same time.
    let ratio = times[1].as_secs_f64() / times[0].max(Duration::from_millis(5)).as_secs_f64();
    assert!(ratio < 4.0, "8× the bomb took {ratio:.1}× the time");
    // Stating its true size, it is refused from the header, before inflating anything.
    let honest = docx_bomb(full / 8, u32::try_from(1 + 258 * (full / 8)).unwrap());
    assert!(matches!(
        xxgk::html::read_docx(&honest),
        Err(xxgk::html::Error::TooLarge { .. })
    ));
    // With a small limit, a small bomb is refused the same way.
    let limits = xxgk::html::Limits {
        max_docx_xml_bytes: 1 << 20,
        ..Default::default()
    };
    assert!(matches!(
        xxgk::html::read_docx_with(&docx_bomb(100_000, 1000), &limits),
        Err(xxgk::html::Error::TooLarge { limit, .. }) if limit == 1 << 20
    ));
}

/// Mostly report-like text with a hostile unit every few characters.
fn sprinkled(n: usize, text: &str, bad: &[u8], every: usize) -> Vec<u8> {
    let mut v = Vec::with_capacity(n + 16);
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while v.len() < n {
        let mut buf = [0u8; 4];
        let c = chars[i % chars.len()];
        v.extend(c.encode_utf8(&mut buf).as_bytes());
        i += 1;
        if i % every == 0 {
            v.extend(bad);
        }
    }
    v
}

const REPORT_LINE: &str = "一、总体情况\n2021年，本县共收到政府信息公开申请12件，办结12件。\n";

#[test]
fn invalid_utf8_at_size() {
    // Invalid UTF-8 (a stray continuation byte, an overlong form, a truncated sequence) every
    // nine characters. CI: 128 KB; full size 4 MB. The mojibake repair step dominates on this
    // text; its work budget is counted in bytes re-decoded (64 KiB + 2 per input byte; it was
    // counted in tries, about 4× slower here: ~45 µs per input byte in the dev profile).
    linear_at("invalid UTF-8", scaled(128 << 10, 4 << 20), |n| {
        sprinkled(n, REPORT_LINE, b"\x80\xC0\xAF\xE4\xB8", 9)
    });
}

#[test]
fn invalid_gbk_utf16_and_nul_at_size() {
    let size = scaled(2 << 20, 32 << 20);
    // GBK text with bytes no GB18030 sequence starts with.
    linear_at("GBK with invalid bytes", size, |n| {
        let (gbk, _, _) = encoding_rs::GBK.encode(REPORT_LINE);
        let mut v = Vec::new();
        while v.len() < n {
            v.extend(gbk.iter());
            v.extend(b"\xFF\x81\x30");
        }
        v
    });
    // UTF-16LE with a BOM and lone surrogates (high without low, low alone).
    linear_at("UTF-16 with lone surrogates", size, |n| {
        let mut v = vec![0xFF, 0xFE];
        let mut i = 0usize;
        while v.len() < n {
            for u in REPORT_LINE.encode_utf16() {
                v.extend(u.to_le_bytes());
            }
            let lone: u16 = if i % 2 == 0 { 0xD800 } else { 0xDC00 };
            v.extend(lone.to_le_bytes());
            i += 1;
        }
        v
    });
    // NUL bytes among text: refused as binary (`not_text`).
    let out = linear_at("NUL bytes", size, |n| sprinkled(n, REPORT_LINE, b"\0", 5));
    assert_eq!(out, "error not_text");
}

#[test]
fn rtl_and_combining_marks_at_size() {
    // Right-to-left text, bidi controls and stacked combining marks around headings. CI: 1 MB
    // (dev profile: 2.6 s, most of it in the mojibake step); full size 16 MB.
    linear_at("RTL and combining marks", scaled(1 << 20, 16 << 20), |n| {
        sprinkled(
            n,
            "一、总体情况\u{202E}שלום عربي\u{200F}\n二\u{0301}\u{0302}\u{0303}、主动公开\n",
            "a\u{0300}\u{0301}\u{0302}\u{0303}\u{0304}".as_bytes(),
            3,
        )
    });
}
