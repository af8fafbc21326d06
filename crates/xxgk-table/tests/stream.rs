//! The flattened token-stream reader: constructed streams, round trips through the testkit's
//! `pdftotext`-style rendering, adversarial and hostile streams.

use proptest::prelude::*;
use xxgk_model::schema::{Requests2021Row, RequestsCol};
use xxgk_model::testkit::{damage, generate_with, GenOptions};
use xxgk_model::{Code, Number, SectionKind, TableKind, Template};
use xxgk_table::stream::{read_stream, read_table, StreamOptions, StreamResult};

type Row = [i64; 7];

/// A consistent `gov2021` table 3 (25 rows): every row sums, outcome sum and balance hold.
/// `outcome` gives the 22 outcome rows' six applicant columns; totals are derived.
fn table(outcome: &[(usize, [i64; 6])], carried_over: [i64; 6]) -> Vec<Row> {
    let mk = |p: [i64; 6]| -> Row {
        let t: i64 = p.iter().sum();
        [p[0], p[1], p[2], p[3], p[4], p[5], t]
    };
    let mut rows: Vec<Row> = vec![[0; 7]; 25];
    for &(r, p) in outcome {
        rows[2 + r] = mk(p);
    }
    let mut total = [0i64; 7];
    for r in &rows[2..23] {
        for c in 0..7 {
            total[c] += r[c];
        }
    }
    rows[23] = total;
    rows[1] = mk(carried_over);
    // new = total + forward − carried over; forward = one per column where possible.
    let forward = mk([1, 0, 0, 0, 0, 0]);
    rows[24] = forward;
    for c in 0..7 {
        rows[0][c] = total[c] + forward[c] - rows[1][c];
    }
    rows
}

fn labels() -> Vec<&'static str> {
    Requests2021Row::ALL
        .iter()
        .filter(|r| **r != Requests2021Row::OtherHandling)
        .map(|r| r.label())
        .collect()
}

fn nums(r: &Row) -> String {
    r.iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Renders a table-3 section: header, then each row's label and numbers, except `group`
/// (a range of rows) whose labels come first and whose numbers are column-major.
fn render(rows: &[Row], group: Option<std::ops::Range<usize>>) -> String {
    let labels = labels();
    let mut s = String::from(
        "三、收到和处理政府信息公开申请情况 申请人情况 法人或其他组织 (本列数据的勾稽关系为:第一项加第二项之和, \
         等于第三项加第四项之和) 自然人 商业 科研 社会 法律 其他 总 企业 机构 公益 服务 计 组织 机构 ",
    );
    let mut r = 0;
    while r < rows.len() {
        if let Some(g) = group.as_ref().filter(|g| g.start == r) {
            for k in g.clone() {
                s.push_str(labels[k]);
                s.push(' ');
            }
            for c in 0..7 {
                for row in &rows[g.clone()] {
                    s.push_str(&format!("{} ", row[c]));
                }
            }
            r = g.end;
            continue;
        }
        s.push_str(&format!("{} {} ", labels[r], nums(&rows[r])));
        r += 1;
    }
    s
}

fn cell(res: &StreamResult, row: &str, col: &str) -> Option<i64> {
    res.tables
        .requests
        .as_ref()?
        .cells()
        .into_iter()
        .find(|(r, c, _)| *r == row && *c == col)
        .and_then(|(_, _, v)| v)
        .and_then(|n| n.as_i64())
}

fn check_against(res: &StreamResult, rows: &[Row]) -> usize {
    let ids: Vec<&str> = Requests2021Row::ALL
        .iter()
        .filter(|r| **r != Requests2021Row::OtherHandling)
        .map(|r| r.as_str())
        .collect();
    let mut n = 0;
    for (r, id) in ids.iter().enumerate() {
        for (c, col) in RequestsCol::ALL.iter().enumerate() {
            if let Some(v) = cell(res, id, col.as_str()) {
                assert_eq!(v, rows[r][c], "{id}.{col}");
                n += 1;
            }
        }
    }
    n
}

#[test]
fn constructed_column_major_group_of_four_rows() {
    // format.md §7.3: 1.信访举报投诉类申请 = 5 1 0 0 0 0 6, 2.重复申请 = 0 2 0 0 0 0 2, two zero rows,
    // emitted labels first and column by column.
    let rows = table(
        &[
            (0, [3, 0, 0, 0, 0, 0]),
            (13, [5, 1, 0, 0, 0, 0]),
            (14, [0, 2, 0, 0, 0, 0]),
        ],
        [0; 6],
    );
    let text = render(&rows, Some(15..19));
    assert!(text.contains("5 0 0 0 1 2 0 0 0 0 0 0"));
    let res = read_table(
        TableKind::Requests,
        &text,
        100,
        Some(Template::Gov2021),
        &StreamOptions::default(),
    );
    assert_eq!(check_against(&res, &rows), 175, "{:?}", res.diagnostics);
    assert_eq!(cell(&res, "rejected_petition", "total"), Some(6));
    // Spans point at the number, shifted by `base`.
    let s = res
        .spans
        .iter()
        .find(|c| c.row == "rejected_duplicate" && c.col == "commercial_enterprise")
        .expect("span");
    assert_eq!(&text[s.span.start - 100..s.span.end - 100], "2");
}

#[test]
fn row_major_streams_with_page_marker_and_split_header() {
    let rows = table(
        &[(0, [10, 2, 0, 1, 0, 0]), (12, [3, 0, 0, 0, 0, 1])],
        [2, 0, 0, 0, 0, 0],
    );
    let mut text = render(&rows, None);
    text = text.replacen("1.属于国家秘密", "— 14 — 1.属于国家秘密", 1);
    let res = read_table(
        TableKind::Requests,
        &text,
        0,
        None,
        &StreamOptions::default(),
    );
    assert_eq!(check_against(&res, &rows), 175, "{:?}", res.diagnostics);
}

/// Streams where the rules admit several readings: generated reports whose flattened
/// rendering (labels first, a column-major group, loose values beside labels) leaves some cells
/// undecided. None of them may yield a wrong cell, and every cell left out of a table that was
/// read must be explained by a diagnostic.
#[test]
fn ambiguous_streams_yield_no_wrong_cell() {
    let mut ambiguous = 0;
    for seed in [41u64, 65, 190, 252, 297, 131, 153] {
        let synth = generate_with(seed, &GenOptions::default());
        let rendered = synth.render_flattened();
        for (kind, section) in [
            (TableKind::Requests, SectionKind::Requests),
            (TableKind::ReviewLitigation, SectionKind::ReviewLitigation),
        ] {
            let Some((_, range)) = rendered.sections.iter().find(|(k, _)| *k == section) else {
                continue;
            };
            let res = read_table(
                kind,
                &rendered.text[range.clone()],
                range.start,
                synth.report.template,
                &StreamOptions::default(),
            );
            let truth = synth.report.tables.cells();
            for (k, r, c, v) in res.tables.cells() {
                let t = truth.iter().find(|w| w.0 == k && w.1 == r && w.2 == c);
                assert_eq!(t.map(|t| t.3), Some(v), "seed {seed}: {k} {r}.{c}");
            }
            if !res.left_out.is_empty() {
                assert!(res
                    .diagnostics
                    .iter()
                    .any(|d| matches!(d.code, Code::CellAmbiguous | Code::StreamUnresolved)));
            }
            if res
                .diagnostics
                .iter()
                .any(|d| d.code == Code::CellAmbiguous)
            {
                ambiguous += 1;
            }
        }
    }
    // The seeds were picked because their streams are ambiguous; if the generator changes,
    // the no-wrong-cell assertion above still holds.
    let _ = ambiguous;
}

#[test]
fn hostile_streams_stay_bounded() {
    // A million numbers: wrong count, rejected at once.
    let mut text = String::from("申请人情况 自然人 ");
    for k in 0..1_000_000u32 {
        text.push_str(if k % 2 == 0 { "0 " } else { "1 " });
    }
    let res = read_table(
        TableKind::Requests,
        &text,
        0,
        None,
        &StreamOptions::default(),
    );
    assert!(res.tables.requests.is_none());
    assert!(res
        .diagnostics
        .iter()
        .any(|d| d.code == Code::StreamUnresolved));
    for kind in [TableKind::ActiveDisclosure, TableKind::ReviewLitigation] {
        let r = read_table(kind, &text, 0, None, &StreamOptions::default());
        assert!(r.spans.is_empty());
    }

    // Huge numbers: never summed into an overflow.
    let mut text = String::from("申请人情况 行政复议 结果 ");
    for _ in 0..175 {
        text.push_str("9223372036854775807 ");
    }
    let res = read_table(
        TableKind::Requests,
        &text,
        0,
        None,
        &StreamOptions::default(),
    );
    assert!(res.spans.is_empty());
    let big15 = format!("行政复议 结果 {}", "9223372036854775807 ".repeat(15));
    let res = read_table(
        TableKind::ReviewLitigation,
        &big15,
        0,
        None,
        &StreamOptions::default(),
    );
    assert!(res.spans.is_empty());

    // The right count, but every number loose-capable: the search must stop at its limit.
    let mut text = String::from("申请人情况 ");
    for k in 0..175u32 {
        text.push_str(&format!("国家秘密 {} 第三方 ", k % 2));
    }
    let opts = StreamOptions {
        effort_limit: 5_000,
        ..StreamOptions::default()
    };
    let res = read_table(TableKind::Requests, &text, 0, None, &opts);
    if res.diagnostics.iter().any(|d| d.code == Code::SearchLimit) {
        assert!(res.spans.is_empty());
    }
}

/// Reads each table section of the flattened rendering of `seed`; returns (cells read, cells
/// in truth) and asserts that every cell read equals the truth.
fn round_trip(seed: u64, opts: &GenOptions) -> (usize, usize, bool) {
    let synth = generate_with(seed, opts);
    let rendered = synth.render_flattened();
    let truth = synth.report.tables.cells();
    let blank = truth.iter().any(|c| c.3.is_none());
    let (mut read, mut total) = (0, 0);
    for (kind, section) in [
        (TableKind::ActiveDisclosure, SectionKind::ActiveDisclosure),
        (TableKind::Requests, SectionKind::Requests),
        (TableKind::ReviewLitigation, SectionKind::ReviewLitigation),
    ] {
        let Some((_, range)) = rendered.sections.iter().find(|(k, _)| *k == section) else {
            continue;
        };
        let body = &rendered.text[range.clone()];
        let res = read_table(
            kind,
            body,
            range.start,
            synth.report.template,
            &StreamOptions::default(),
        );
        let want: Vec<_> = truth.iter().filter(|c| c.0 == kind).collect();
        total += want.len();
        for (k, r, c, v) in res.tables.cells() {
            let t = want.iter().find(|w| w.1 == r && w.2 == c);
            assert_eq!(t.map(|t| t.3), Some(v), "seed {seed}: {k} {r}.{c}");
            read += 1;
        }
        for s in &res.spans {
            let text = &rendered.text[s.span.start..s.span.end];
            let v = res
                .tables
                .cells()
                .into_iter()
                .find(|(k, r, c, _)| *k == s.table && *r == s.row && *c == s.col);
            let v: Option<Number> = v.and_then(|x| x.3);
            assert_eq!(
                text.trim_start_matches('+').parse::<Number>().ok(),
                v,
                "seed {seed}: span of {}.{}",
                s.row,
                s.col
            );
        }
    }
    (read, total, blank)
}

/// Render, damage (full-width digits, ASCII punctuation, page markers, joined lines, spaces in
/// words, Traditional script, download wrappers), normalize, find the sections with
/// `read_stream`, read: every cell read equals the truth.
fn damaged_round_trip(seed: u64) {
    let synth = generate_with(seed, &GenOptions::default());
    let rendered = synth.render_flattened();
    let (damaged, kinds) = damage::apply(&rendered.text, seed);
    // A bare page number on its own line, joined to the next line without a space, glues onto
    // a cell (`1` + `8101` → `18101`): the text itself then prints another number, which no
    // reader can undo. Such combinations are not checked.
    if kinds.contains(&damage::Kind::PageMarkers) && kinds.contains(&damage::Kind::JoinLines) {
        return;
    }
    // Likewise a bare page number on its own line where a blank cell vanished from the stream
    // (`行政许可` `1` `第二十条第（六）项`, seed 16080024925971825306): the text prints a number in
    // that cell's place. Not checked when the report has blank cells and bare-number markers.
    let bare = |t: &str| {
        t.lines()
            .filter(|l| !l.trim().is_empty() && l.trim().bytes().all(|b| b.is_ascii_digit()))
            .count()
    };
    let has_blank = synth.report.tables.cells().iter().any(|c| c.3.is_none());
    if kinds.contains(&damage::Kind::PageMarkers)
        && has_blank
        && bare(&damaged) > bare(&rendered.text)
    {
        return;
    }
    let doc = xxgk_normalize::normalize(damaged.as_bytes());
    assert!(doc.is_ok(), "seed {seed}: normalize failed");
    let Ok(doc) = doc else { return };
    let res = read_stream(doc.text(), 0, synth.report.template);
    let truth = synth.report.tables.cells();
    for (k, r, c, v) in res.tables.cells() {
        let t = truth.iter().find(|w| w.0 == k && w.1 == r && w.2 == c);
        assert_eq!(t.map(|t| t.3), Some(v), "seed {seed}: {k} {r}.{c}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Damaged and normalized renderings: fewer cells at worst, never a wrong one.
    #[test]
    fn damaged_round_trip_never_wrong(seed in any::<u64>()) {
        damaged_round_trip(seed);
    }

    /// Render → read → identical cells or fewer cells, never a wrong one.
    #[test]
    fn flattened_round_trip_never_wrong(seed in any::<u64>()) {
        round_trip(seed, &GenOptions::default());
    }

    /// The same with a column-major group and a page marker forced.
    #[test]
    fn column_major_and_page_marker_never_wrong(seed in any::<u64>()) {
        let opts = GenOptions { column_major: Some(true), page_marker: Some(true), ..GenOptions::default() };
        round_trip(seed, &opts);
    }
}

#[test]
fn most_tables_without_blanks_are_read_whole() {
    let (mut read, mut total) = (0, 0);
    for seed in 0..40 {
        let (r, t, blank) = round_trip(seed, &GenOptions::default());
        if !blank {
            read += r;
            total += t;
        }
    }
    assert!(total > 0);
    // Measured 0.97 over 300 seeds; leave room for seeds whose readings are ambiguous.
    assert!(read * 100 >= total * 90, "{read} of {total}");
}

/// Row labels joined into one line ahead of fewer numbers than their cells: which row is blank
/// cannot be known, so none of them is read (found by the damaged round trip, seed
/// 6809718095342480456: `规章行政规范性文件` then `8 10 14`, `行政处罚行政强制` then `1`).
#[test]
fn joined_row_labels_with_blanks_are_not_guessed() {
    let text = "二、主动公开政府信息情况\n\
        第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章行政规范性文件\n\
        8 10 14第二十条第（五）项信息内容本年处理决定数量行政许可\n\
        第二十条第（六）项信息内容本年处理决定数量行政处罚行政强制\n\
        1第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费 680.25\n";
    let res = read_stream(text, 0, Some(Template::Gov2021));
    let read: Vec<_> = res
        .tables
        .cells()
        .into_iter()
        .filter(|c| c.0 == TableKind::ActiveDisclosure)
        .map(|c| (c.1, c.2))
        .collect();
    for row in ["rules", "normative_documents", "punishment", "enforcement"] {
        assert!(read.iter().all(|c| c.0 != row), "{row} guessed: {read:?}");
    }
    assert!(read.contains(&("fees", "amount")), "{read:?}");
    // The same labels with every cell printed are read.
    let full = text
        .replace("8 10 14", "8 10 14 1 2 3")
        .replace("\n1第二十条", "\n4 5第二十条");
    let res = read_stream(&full, 0, Some(Template::Gov2021));
    let cell = |r: &str, c: &str| {
        res.tables
            .cells()
            .into_iter()
            .find(|x| x.0 == TableKind::ActiveDisclosure && x.1 == r && x.2 == c)
            .and_then(|x| x.3)
    };
    assert_eq!(cell("rules", "issued"), Some(Number::from(8)));
    assert_eq!(
        cell("normative_documents", "in_force"),
        Some(Number::from(3))
    );
    assert_eq!(cell("punishment", "decisions"), Some(Number::from(4)));
    assert_eq!(cell("enforcement", "decisions"), Some(Number::from(5)));
}

/// The seed that found the joined-label guess, kept as a fixed case of the property.
#[test]
fn damaged_round_trip_regression_seeds() {
    damaged_round_trip(6809718095342480456);
    damaged_round_trip(16080024925971825306);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// One number of a table lost from the stream (a cell the extraction dropped): the
    /// tables then admit fewer assignments or none; what is stated is never wrong.
    #[test]
    fn a_lost_number_never_misreads(
        seed in any::<u64>(),
        blank in any::<bool>(),
        pick in any::<prop::sample::Index>(),
    ) {
        let synth = generate_with(seed, &GenOptions { blank_zeros: Some(blank), ..GenOptions::default() });
        let rendered = synth.render_flattened();
        let text = &rendered.text;
        // Number tokens inside the three table sections.
        let mut numbers = Vec::new();
        for (kind, range) in &rendered.sections {
            if !matches!(
                kind,
                SectionKind::ActiveDisclosure | SectionKind::Requests | SectionKind::ReviewLitigation
            ) {
                continue;
            }
            let body = &text[range.clone()];
            let mut at = range.start;
            for piece in body.split_inclusive(char::is_whitespace) {
                let tok = piece.trim_end();
                if !tok.is_empty() && tok.bytes().all(|b| b.is_ascii_digit()) {
                    numbers.push((at, at + tok.len()));
                }
                at += piece.len();
            }
        }
        prop_assume!(!numbers.is_empty());
        let (a, b) = numbers[pick.index(numbers.len())];
        let damaged = format!("{}{}", &text[..a], &text[b..]);
        let res = read_stream(&damaged, 0, synth.report.template);
        let truth = synth.report.tables.cells();
        for (k, r, c, v) in res.tables.cells() {
            let t = truth.iter().find(|w| w.0 == k && w.1 == r && w.2 == c);
            prop_assert_eq!(t.map(|t| t.3), Some(v), "{} {}.{}", k, r, c);
        }
    }
}
