//! Round-trip and adversarial properties of the table readers, on reports made by the
//! project's generator (`xxgk_model::testkit`).

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use proptest::prelude::*;
use xxgk_model::testkit::{generate_with, GenOptions, Synthetic};
use xxgk_model::{Report, TableKind};

/// Parses `text` the way the facade does, tables included.
fn parse(text: &str) -> Report {
    let doc = xxgk_normalize::normalize(text.as_bytes()).expect("text input");
    let seg = xxgk_segment::segment(&doc);
    let mut report = Report::default();
    seg.fill_report(&mut report);
    xxgk_table::fill_report(&seg, &mut report);
    report
}

/// Every cell `got` states that differs from the truth (a confident wrong number).
fn wrong_cells(got: &Report, truth: &Report) -> Vec<String> {
    let truth_cells = truth.tables.cells();
    got.tables
        .cells()
        .into_iter()
        .filter(|c| {
            truth_cells
                .iter()
                .any(|t| t.0 == c.0 && t.1 == c.1 && t.2 == c.2 && t.3 != c.3)
        })
        .map(|c| format!("{:?}", c))
        .collect()
}

fn missing_cells(got: &Report, truth: &Report) -> usize {
    let got_cells = got.tables.cells();
    truth
        .tables
        .cells()
        .into_iter()
        .filter(|t| {
            !got_cells
                .iter()
                .any(|c| t.0 == c.0 && t.1 == c.1 && t.2 == c.2)
        })
        .count()
}

fn spans_ok(report: &Report, input: &str) {
    for d in &report.diagnostics {
        if let Some(s) = d.span {
            assert!(s.end <= input.len(), "{d:?}");
            assert!(
                input.is_char_boundary(s.start) && input.is_char_boundary(s.end),
                "{d:?}"
            );
        }
    }
}

fn synth(seed: u64, blank_zeros: bool) -> Synthetic {
    generate_with(
        seed,
        &GenOptions {
            blank_zeros: Some(blank_zeros),
            ..GenOptions::default()
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Pipe tables: render → parse gives the truth tables exactly, read as grids.
    #[test]
    fn text_round_trip(seed in 0u64..1_000_000, blank in any::<bool>()) {
        let s = synth(seed, blank);
        let r = s.render_text();
        let got = parse(&r.text);
        prop_assert_eq!(wrong_cells(&got, &s.report), Vec::<String>::new());
        // xxgk-normalize removes lines of only pipes and spaces as border residue, which is
        // also what an all-blank row prints (`| | | |`); such a table-4 row is lost, not misread.
        let blank_pipe_row = r
            .text
            .lines()
            .any(|l| l.starts_with('|') && l.chars().all(|c| c == '|' || c == ' '));
        if blank_pipe_row {
            prop_assert_eq!(&got.tables.requests, &s.report.tables.requests);
            prop_assert_eq!(&got.tables.active_disclosure, &s.report.tables.active_disclosure);
        } else {
            prop_assert_eq!(&got.tables, &s.report.tables);
        }
        spans_ok(&got, &r.text);
    }

    /// `pdftotext -layout`-like text: zeros printed → exact; blanks → never a wrong cell.
    #[test]
    fn layout_round_trip(seed in 0u64..1_000_000, blank in any::<bool>()) {
        let s = synth(seed, blank);
        let r = s.render_layout();
        let got = parse(&r.text);
        prop_assert_eq!(wrong_cells(&got, &s.report), Vec::<String>::new());
        if !blank {
            prop_assert_eq!(missing_cells(&got, &s.report), 0);
        }
        spans_ok(&got, &r.text);
    }

    /// Pipe rows whose empty cells vanished (`label | 3 | 3 |`): the rules place what they
    /// can; no stated cell is wrong.
    #[test]
    fn vanished_cells_are_never_guessed(seed in 0u64..1_000_000) {
        let s = synth(seed, true);
        let text = s.render_text().text;
        let damaged: String = text
            .lines()
            .map(|l| {
                if l.starts_with('|') {
                    let cells: Vec<&str> = l.split('|').map(str::trim).filter(|c| !c.is_empty()).collect();
                    format!("{} |\n", cells.join(" | "))
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        let got = parse(&damaged);
        prop_assert_eq!(wrong_cells(&got, &s.report), Vec::<String>::new());
        spans_ok(&got, &damaged);
    }

    /// Lost line breaks (several pipe rows on one line) and the other text damage: whatever is
    /// read is right; rows that cannot be split with certainty are left out, not read as blank.
    #[test]
    fn joined_and_damaged_text_never_misreads(seed in 0u64..1_000_000, keep in 0.0f64..0.9) {
        let s = xxgk_model::testkit::generate(seed);
        let text = s.render_text().text;
        let joined = xxgk_model::testkit::damage::join_lines(&text, seed, keep);
        let got = parse(&joined);
        prop_assert_eq!(wrong_cells(&got, &s.report), Vec::<String>::new());
        spans_ok(&got, &joined);
        let (damaged, _) = xxgk_model::testkit::damage::apply(&text, seed);
        let got = parse(&damaged);
        prop_assert_eq!(wrong_cells(&got, &s.report), Vec::<String>::new());
        spans_ok(&got, &damaged);
    }

    /// A page number glued after a table row's closing `|` (a page break's number joined to
    /// the row when line breaks were lost: `| 1.属于国家秘密 | | | | | | | | 1`) is never read
    /// as one of the row's cells: with one value more than the row's columns, either a blank
    /// at its start is a spacer or its last value is a stray, and the row is left out.
    #[test]
    fn page_number_glued_after_a_row_is_never_a_cell(
        seed in 0u64..1_000_000,
        blank in any::<bool>(),
        pick in any::<prop::sample::Index>(),
        page in 1u32..300,
    ) {
        let s = synth(seed, blank);
        let text = s.render_text().text;
        // The table rows as printed: a line that starts and ends with `|` and holds a label.
        let rows: Vec<(usize, usize)> = {
            let mut at = 0;
            let mut v = Vec::new();
            for line in text.split_inclusive('\n') {
                let body = line.trim_end();
                if body.starts_with('|') && body.ends_with('|') && body.chars().any(|c| c > '\u{4e00}') {
                    v.push((at, at + body.len()));
                }
                at += line.len();
            }
            v
        };
        prop_assume!(!rows.is_empty());
        let (_, end) = rows[pick.index(rows.len())];
        let glued = format!("{} {page}{}", &text[..end], &text[end..]);
        let got = parse(&glued);
        prop_assert_eq!(wrong_cells(&got, &s.report), Vec::<String>::new());
        spans_ok(&got, &glued);
    }

    /// pdftotext in reading order can print the next heading (五、…) inside table 4's numbers
    /// when a page break splits the table: the numbers after it still belong to table 4.
    /// Reading is as complete as without the move, and never wrong. (One number alone before
    /// or after the heading is not tried: a bare number line between text lines is read as a
    /// page number.)
    #[test]
    fn heading_inside_table_four_keeps_its_numbers(seed in 0u64..1_000_000, at in 2usize..14) {
        let s = synth(seed, false);
        let r = s.render_flattened();
        let section = r.sections.iter().find(|(k, _)| *k == xxgk_model::SectionKind::ReviewLitigation);
        let heading = r.headings.iter().find(|(k, _)| *k == xxgk_model::SectionKind::Problems);
        let (Some((_, sec)), Some((_, head))) = (section, heading) else {
            return Ok(());
        };
        // The numbers of table 4 one per line (as pdftotext prints cells in reading order),
        // with the heading's whole line moved after the `at`-th of them.
        let line_start = r.text[..head.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = r.text[head.end..].find('\n').map_or(r.text.len(), |i| head.end + i + 1);
        let mut pos = sec.start;
        let mut numbers = None;
        for line in r.text[sec.start..line_start].split_inclusive('\n') {
            let words: Vec<&str> = line.split_whitespace().collect();
            if words.len() == 15 && words.iter().all(|w| w.bytes().all(|b| b.is_ascii_digit())) {
                numbers = Some((pos, pos + line.len(), words));
            }
            pos += line.len();
        }
        let Some((from, to, words)) = numbers else {
            return Ok(());
        };
        let moved = format!(
            "{}{}\n{}{}\n{}{}",
            &r.text[..from],
            words[..at].join("\n"),
            &r.text[line_start..line_end],
            words[at..].join("\n"),
            &r.text[to..line_start],
            &r.text[line_end..]
        );
        let review = |rep: &Report| rep.tables.review_litigation.as_ref().map_or(0, |t| t.cells().count());
        let plain = parse(&r.text);
        let got = parse(&moved);
        prop_assert_eq!(wrong_cells(&got, &s.report), Vec::<String>::new());
        prop_assert_eq!(review(&got), review(&plain));
        spans_ok(&got, &moved);
    }

    /// Tables lost, prose kept: prose cells agree with the truth.
    #[test]
    fn prose_never_contradicts(seed in 0u64..1_000_000) {
        let s = synth(seed, false);
        let text = s.without_tables().render_text().text;
        let got = parse(&text);
        prop_assert_eq!(wrong_cells(&got, &s.report), Vec::<String>::new());
        for kind in got.sources.values() {
            prop_assert_eq!(*kind, xxgk_model::Source::Prose);
        }
    }
}

#[test]
fn hostile_table_regions_stay_bounded() {
    // 10^5 numbers on one table-3 row, in pipe, layout and flat forms (10^6 is measured with
    // the release build; debug builds of every layer are slow on CI's two cores).
    let many: String = "7 ".repeat(100_000);
    for text in [
        format!(
            "三、收到和处理政府信息公开申请情况\n| 一、本年新收政府信息公开申请数量 | {} |\n",
            "1 | ".repeat(100_000)
        ),
        format!(
            "三、收到和处理政府信息公开申请情况\n自然人  商业企业\n一、本年新收申请数量   {many}\n"
        ),
        format!("四、政府信息公开行政复议、行政诉讼情况\n结果维持 {many}\n"),
    ] {
        let got = parse(&text);
        spans_ok(&got, &text);
    }
    // Many short rows with vanished cells.
    let mut text = String::from("三、收到和处理政府信息公开申请情况\n");
    for _ in 0..5_000 {
        text.push_str("1.属于国家秘密 | 3 | 3 |\n二、上年结转申请数量 | 1 | 1 |\n");
    }
    let got = parse(&text);
    spans_ok(&got, &text);
}

#[test]
fn broken_arithmetic_is_reported_with_spans() {
    let s = synth(7, false);
    let text = s.render_text().text;
    // Change one applicant cell of the 一、本年新收 row: its row sum and balance break.
    let line = text
        .lines()
        .find(|l| l.contains("本年新收") && l.starts_with('|'))
        .expect("row present");
    let mut cells: Vec<String> = line.split('|').map(|c| c.to_string()).collect();
    let n: i64 = cells[2].trim().parse().unwrap_or(0);
    cells[2] = format!(" {} ", n + 1);
    let damaged = text.replace(line, &cells.join("|"));
    let got = parse(&damaged);
    let codes: Vec<&str> = got.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"row_sum_mismatch"), "{codes:?}");
    assert!(codes.contains(&"balance_mismatch"), "{codes:?}");
    let d = got
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "row_sum_mismatch")
        .expect("diagnostic");
    let span = d.span.expect("span");
    assert!(damaged[span.range()].contains(&(n + 1).to_string()));
    assert_eq!(
        got.sources.get(&TableKind::Requests),
        Some(&xxgk_model::Source::Grid)
    );
}

/// Seeds where joined pipe rows of printed `0` used to come back as `null`.
#[test]
fn joined_rows_of_zeros_are_not_read_as_blank() {
    for seed in [19, 29, 55, 89, 236, 246] {
        let s = xxgk_model::testkit::generate(seed);
        let text = s.render_text().text;
        for joined in [
            xxgk_model::testkit::damage::join_lines(&text, seed, 0.3),
            xxgk_model::testkit::damage::apply(&text, seed).0,
        ] {
            let got = parse(&joined);
            assert_eq!(
                wrong_cells(&got, &s.report),
                Vec::<String>::new(),
                "seed {seed}"
            );
            // The splitter recovers most rows, not merely avoids wrong ones.
            let total = s.report.tables.cells().len();
            assert!(missing_cells(&got, &s.report) * 2 < total, "seed {seed}");
        }
    }
}

/// A printed table whose values cannot be placed with certainty is reported as printed but
/// unread, with the readers' reasons, not as absent.
#[test]
fn printed_but_unreadable_table_says_why() {
    let text = "四、政府信息公开行政复议、行政诉讼情况\n\
                行政复议 行政诉讼\n\
                未经复议直接起诉 复议后起诉\n\
                结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计\n\
                3 3 6\n\
                五、存在的主要问题及改进情况\n无。\n";
    let got = parse(text);
    assert!(got.tables.review_litigation.is_none());
    let codes: Vec<&str> = got.diagnostics.iter().map(|d| d.code.as_str()).collect();
    let missing = got
        .diagnostics
        .iter()
        .find(|d| d.code == xxgk_model::Code::TableMissing);
    assert!(
        missing.is_some_and(|d| d.message.contains("printed")),
        "{codes:?}"
    );
    // At least one reason, with a span inside the table's section.
    let why: Vec<_> = got
        .diagnostics
        .iter()
        .filter(|d| {
            matches!(
                d.code,
                xxgk_model::Code::CellAmbiguous | xxgk_model::Code::StreamUnresolved
            )
        })
        .collect();
    assert!(!why.is_empty(), "{codes:?}");
    assert!(why
        .iter()
        .all(|d| d.span.is_some_and(|s| s.end <= text.len())));
    spans_ok(&got, text);
}

/// The damaged report of seed 449893 (found by `joined_and_damaged_text_never_misreads`): a
/// page number glued after the blank row 1.属于国家秘密 was read as the row's total.
#[test]
fn glued_page_number_of_seed_449893_is_not_a_total() {
    let seed = 449_893;
    let s = xxgk_model::testkit::generate(seed);
    let (damaged, _) = xxgk_model::testkit::damage::apply(&s.render_text().text, seed);
    let got = parse(&damaged);
    assert_eq!(wrong_cells(&got, &s.report), Vec::<String>::new());
    assert!(got
        .diagnostics
        .iter()
        .any(|d| d.code == xxgk_model::Code::CellAmbiguous
            && d.message.contains("after the line's last `|`")));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A `|` lost inside a pipe row (two cells run together, `| 3  1 |`): the row has a cell
    /// too few, or its joined text reads as another number; what is stated is never wrong.
    #[test]
    fn lost_pipe_never_misreads(
        seed in 0u64..1_000_000,
        blank in any::<bool>(),
        pick in any::<prop::sample::Index>(),
    ) {
        let s = synth(seed, blank);
        let text = s.render_text().text;
        // Inner pipes of table rows: not a line's first or last `|`.
        let mut inner = Vec::new();
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let body = line.trim_end();
            if body.starts_with('|') && body.ends_with('|') {
                let pipes: Vec<usize> = body.match_indices('|').map(|(i, _)| at + i).collect();
                if pipes.len() > 2 {
                    inner.extend_from_slice(&pipes[1..pipes.len() - 1]);
                }
            }
            at += line.len();
        }
        prop_assume!(!inner.is_empty());
        let p = inner[pick.index(inner.len())];
        let damaged = format!("{} {}", &text[..p], &text[p + 1..]);
        let got = parse(&damaged);
        prop_assert_eq!(wrong_cells(&got, &s.report), Vec::<String>::new());
        spans_ok(&got, &damaged);
    }
}

/// The three ways a lost `|` misread a pipe row before `lost_pipe_never_misreads` found them,
/// each now left out with a diagnostic: two cells run together (`0   11` was read as 11), a
/// value run into its row label (the row was then placed with a vanished blank), and two
/// header cells run together (the block's columns were then counted one short).
#[test]
fn lost_pipes_leave_rows_out() {
    let s = generate_with(
        7,
        &GenOptions {
            template: Some(xxgk_model::Template::Gov2021),
            blank_zeros: Some(false),
            ..GenOptions::default()
        },
    );
    let text = s.render_text().text;
    // `text` with the `k`-th inner `|` (counting from the line's second) of the line starting
    // with `start` replaced by spaces; `k` counted from the end when `from_end`.
    let lose = |start: &str, k: usize, from_end: bool| -> String {
        let at = text.find(start).expect("row printed");
        let end = at + text[at..].find('\n').unwrap_or(text.len() - at);
        let pipes: Vec<usize> = text[at..end]
            .match_indices('|')
            .map(|(i, _)| at + i)
            .collect();
        let p = if from_end {
            pipes[pipes.len() - 1 - k]
        } else {
            pipes[k]
        };
        format!("{}   {}", &text[..p], &text[p + 1..])
    };
    let stated = |r: &Report, table: TableKind, row: &str, col: &str| {
        r.tables
            .cells()
            .iter()
            .any(|c| c.0 == table && c.1 == row && c.2 == col)
    };
    let has = |r: &Report, what: &str| r.diagnostics.iter().any(|d| d.message.contains(what));
    // 0 | 11 → `0   11`, the last two cells of row 一.
    let got = parse(&lose("| 一、本年新收", 1, true));
    assert_eq!(wrong_cells(&got, &s.report), Vec::<String>::new());
    assert!(!stated(&got, TableKind::Requests, "new_received", "total"));
    // The `|` after row 二's label.
    let got = parse(&lose("| 二、上年结转", 1, false));
    assert_eq!(wrong_cells(&got, &s.report), Vec::<String>::new());
    assert!(!stated(
        &got,
        TableKind::Requests,
        "carried_over",
        "natural_person"
    ));
    assert!(has(&got, "row label ends in the number"));
    // The `|` between the second and third column labels of table 2's first block.
    let got = parse(&lose("| 信息内容", 2, false));
    assert_eq!(wrong_cells(&got, &s.report), Vec::<String>::new());
    assert!(!stated(
        &got,
        TableKind::ActiveDisclosure,
        "rules",
        "repealed"
    ));
    assert!(has(&got, "header with a cell that names no column"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Scraped portal text: every table row's cells glued to its label (`规章768`), the whole
    /// report on one line or a row a line. With zero cells printed blank, blank cells leave no
    /// trace in a run; what is stated is never wrong.
    #[test]
    fn glued_cells_never_misread(seed in 0u64..1_000_000, blank in any::<bool>(), one_line in any::<bool>()) {
        let s = synth(seed, blank);
        let text = s.render_text().text;
        let mut glued = String::with_capacity(text.len());
        for line in text.split_inclusive('\n') {
            if line.trim_start().starts_with('|') {
                glued.extend(line.chars().filter(|c| *c != '|' && !c.is_whitespace()));
                glued.push('\n');
            } else {
                glued.push_str(line);
            }
        }
        let glued = if one_line { glued.replace('\n', "") } else { glued };
        let got = parse(&glued);
        prop_assert_eq!(wrong_cells(&got, &s.report), Vec::<String>::new());
        spans_ok(&got, &glued);
    }
}

/// A glued table-2 row with as many digits as cells is read one digit a cell only when the
/// table prints a zero cell (so no blank vanished from the run).
#[test]
fn glued_digits_are_cells_only_where_zeros_print() {
    use xxgk_table::grid::read_glued;
    let blanks = "信息内容本年制发件数本年废止件数现行有效件数规章768行政规范性文件12第二十条";
    assert!(read_glued(blanks, 0, TableKind::ActiveDisclosure)
        .active
        .is_none());
    let zeros = "信息内容本年制发件数本年废止件数现行有效件数规章768行政规范性文件000第二十条";
    let read = read_glued(zeros, 0, TableKind::ActiveDisclosure);
    assert_eq!(read.active.map(|a| a.len()), Some(6));
}
