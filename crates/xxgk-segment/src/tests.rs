//! Tests of the whole segmentation: constructed strings for each variant, round-trip
//! properties over the testkit generator, and hostile input.

use super::*;
use proptest::prelude::*;
use xxgk_model::testkit::{self, damage};

fn seg_of(text: &str) -> (Vec<SectionKind>, Report) {
    let doc = xxgk_normalize::normalize(text.as_bytes()).unwrap();
    let seg = segment(&doc);
    let kinds = seg.sections().map(|s| s.kind).collect();
    let mut r = Report::default();
    seg.fill_report(&mut r);
    (kinds, r)
}

fn codes(r: &Report) -> Vec<Code> {
    r.diagnostics.iter().map(|d| d.code).collect()
}

const SIX: [SectionKind; 6] = [
    SectionKind::Overview,
    SectionKind::ActiveDisclosure,
    SectionKind::Requests,
    SectionKind::ReviewLitigation,
    SectionKind::Problems,
    SectionKind::Other,
];

#[test]
fn empty_input() {
    let (k, r) = seg_of("");
    assert!(k.is_empty());
    assert!(codes(&r).contains(&Code::SectionMissing));
    assert!(codes(&r).contains(&Code::YearMissing));
    assert!(codes(&r).contains(&Code::AgencyMissing));
    assert_eq!(r.template, None);
}

#[test]
fn inline_headings_after_sentence_ends() {
    let t = "前言。 一、总体情况 2020年,某局认真工作。 二、主动公开政府信息情况 三、收到和处理政府信息公开申请情况 四、政府信息公开行政复议、行政诉讼情况 五、存在的主要问题及改进情况 问题。 六、其他需要报告的事项 无。";
    let (k, r) = seg_of(t);
    assert_eq!(k, SIX);
    assert_eq!(r.year, Some(2020));
    assert_eq!(r.agency.as_deref(), Some("某局"));
    // sections tile the text from the first heading
    for w in r.sections.windows(2) {
        assert!(w[0].span.end <= w[1].span.start);
    }
}

#[test]
fn variants_of_each_heading() {
    let t = "一、概述\n内容。\n二、主动公开政府信息的情况\n三、政府信息依申请公开办理情况\n四、因政府信息公开工作被申请行政复议、提起行政诉讼情况\n五、存在的主要问题和改进措施\n改进。\n六、其他需要报告的事项(无)\n";
    let (k, r) = seg_of(t);
    assert_eq!(k, SIX);
    assert_eq!(r.sections[5].heading, "六、其他需要报告的事项");
    let t = "一、基本情况\n正文。\n一、总 体 情 况";
    let (k, _) = seg_of(t);
    assert_eq!(k, vec![SectionKind::Overview]);
}

#[test]
fn damaged_separators_and_arabic_numbering() {
    let t = "一.总体情况\n正文。\n二,主动公开政府信息情况\n三．收到和处理政府信息公开申请情况\n";
    assert_eq!(seg_of(t).0, SIX[..3]);
    let t = "1、总体情况\n正文。\n2、主动公开政府信息情况\n3.收到和处理政府信息公开申请情况\n";
    let (k, r) = seg_of(t);
    assert_eq!(k, SIX[..3]);
    assert_eq!(r.sections[0].number, Some(1));
}

#[test]
fn preamble_list_of_parts_is_not_a_heading() {
    let t = "本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等六部分。\n一、总体情况\n内容。";
    let (k, r) = seg_of(t);
    assert_eq!(k, vec![SectionKind::Overview]);
    assert_eq!(r.sections[0].span.start, t.find("一、").unwrap());
}

#[test]
fn table_row_labels_inside_section_three() {
    let t = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3\n二、上年结转政府信息公开申请数量 0\n三、本年度办理结果 (一)予以公开 3\n四、结转下年度继续办理 0\n四、政府信息公开行政复议、行政诉讼情况\n0 0";
    let (k, _) = seg_of(t);
    assert_eq!(
        k,
        vec![SectionKind::Requests, SectionKind::ReviewLitigation]
    );
}

#[test]
fn missing_duplicate_and_out_of_order() {
    // 三 missing
    let t = "一、总体情况\n甲。\n二、主动公开政府信息情况\n四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n乙。\n六、其他需要报告的事项\n无。";
    let (k, r) = seg_of(t);
    assert_eq!(k.len(), 5);
    assert!(!k.contains(&SectionKind::Requests));
    assert!(r
        .diagnostics
        .iter()
        .any(|d| d.code == Code::SectionMissing && d.message.contains('3')));
    // duplicate
    let t = "一、总体情况\n甲。\n二、主动公开政府信息情况\n乙。\n二、主动公开政府信息情况\n丙。";
    let (k, r) = seg_of(t);
    assert_eq!(k, SIX[..2]);
    assert!(codes(&r).contains(&Code::SectionDuplicate));
    // out of order: 五 before 四
    let t = "一、总体情况\n甲。\n五、存在的主要问题及改进情况\n乙。\n四、政府信息公开行政复议、行政诉讼情况\n丙。";
    let (k, r) = seg_of(t);
    assert_eq!(k.len(), 3);
    assert!(codes(&r).contains(&Code::SectionOutOfOrder));
}

#[test]
fn legacy_report_keeps_unknown_parts() {
    let t = "某局2017年政府信息公开工作年度报告\n一、概述\n甲。\n二、主动公开政府信息情况\n乙。\n三、依申请公开政府信息情况\n丙。\n四、政府信息公开的收费及减免情况\n丁。\n五、因政府信息公开申请行政复议、提起行政诉讼的情况\n戊。\n六、政府信息公开工作存在的主要问题及改进措施\n己。\n七、其他需要报告的事项\n无。\n";
    let (k, r) = seg_of(t);
    assert_eq!(
        k,
        vec![
            SectionKind::Overview,
            SectionKind::ActiveDisclosure,
            SectionKind::Requests,
            SectionKind::Unknown,
            SectionKind::ReviewLitigation,
            SectionKind::Problems,
            SectionKind::Other
        ]
    );
    assert_eq!(r.sections[3].heading, "四、政府信息公开的收费及减免情况");
    assert_eq!(r.sections[6].number, Some(7));
    assert_eq!(r.template, Some(Template::Legacy));
    // a mis-levelled sub-heading inside section 一 is not a section
    let t = "一、总体情况\n二、加强平台建设情况\n甲。\n二、主动公开政府信息情况\n乙。";
    assert_eq!(seg_of(t).0, SIX[..2]);
}

#[test]
fn closing_year_and_template_by_year() {
    let t = "本报告所列数据截止日期为2019年12月31日。\n一、基本情况\n2019年,大安市严格落实。\n六、其他需要报告的事项(无)\n(无)\n大安市人民政府\n2020年1月31日\n";
    let (_, r) = seg_of(t);
    assert_eq!(r.year, Some(2019));
    assert_eq!(r.agency.as_deref(), Some("大安市人民政府"));
    assert_eq!(
        r.published.map(|d| d.to_string()).as_deref(),
        Some("2020-01-31")
    );
    assert_eq!(r.template, Some(Template::Gov2019));
    assert!(codes(&r).contains(&Code::TemplateUncertain));
    // the closing is not part of section 六
    let six = &r.sections[1];
    assert!(!t[six.span.range()].contains("大安市人民政府"));
}

#[test]
fn template_from_labels_against_year() {
    let t = "某局2021年政府信息公开工作年度报告\n一、总体情况\n甲。\n二、主动公开政府信息情况\n信息内容 本年新制作数量 本年新公开数量 对外公开总数量\n三、收到和处理政府信息公开申请情况\n";
    let (_, r) = seg_of(t);
    assert_eq!(r.year, Some(2021));
    assert_eq!(r.template, Some(Template::Gov2019));
    assert!(codes(&r).contains(&Code::TemplateYearMismatch));
}

#[test]
fn ambiguous_year_and_agency() {
    let t = "甲市人民政府2021年政府信息公开工作年度报告\n本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。\n一、总体情况\n甲。\n六、其他需要报告的事项\n无。\n乙县教育局\n2022年1月5日\n";
    let (_, r) = seg_of(t);
    assert_eq!(r.year, Some(2021));
    assert_eq!(r.agency.as_deref(), Some("甲市人民政府"));
    assert!(codes(&r).contains(&Code::YearAmbiguous));
    assert!(codes(&r).contains(&Code::AgencyAmbiguous));
}

#[test]
fn spans_are_original_offsets() {
    // full-width digits are folded by normalization: spans must still index the input
    let t = "前言\r\n一、总体情况\r\n２０２１年，某局认真工作。\r\n二、主动公开政府信息情况\r\n";
    let doc = xxgk_normalize::normalize(t.as_bytes()).unwrap();
    let seg = segment(&doc);
    let mut r = Report::default();
    seg.fill_report(&mut r);
    assert_eq!(r.year, Some(2021));
    let first = &r.sections[0];
    assert!(t[first.span.range()].starts_with("一、总体情况"));
    assert!(t[first.span.range()].ends_with("工作。\r\n"));
    let h = seg.sections().next().unwrap();
    assert_eq!(&t[seg.to_original(h.heading_span).range()], "一、总体情况");
}

#[test]
fn subsection_tree_in_overview() {
    let t = "一、总体情况\n（一）主动公开\n1.规章。\n2.文件。\n（二）依申请公开\n一是受理。二是答复。\n二、主动公开政府信息情况\n";
    let doc = xxgk_normalize::normalize(t.as_bytes()).unwrap();
    let seg = segment(&doc);
    let s = seg.section(SectionKind::Overview).unwrap();
    assert_eq!(s.subsections.len(), 2);
    assert_eq!(s.subsections[0].children.len(), 2);
    assert_eq!(s.subsections[1].children.len(), 2);
    assert!(s.subsections[1].span.end <= s.span.end);
}

#[test]
fn hostile_many_fake_headings_is_linear() {
    // 200 000 headings in a row (a 10^6 run is measured in the bench notes)
    let unit = "一、总体情况 ";
    let t = unit.repeat(200_000);
    let (k, _) = seg_of(&t);
    assert_eq!(k, vec![SectionKind::Overview]);
    // a run of separators and numerals without any phrase
    let t = "一、、、、、二、三、四、".repeat(50_000);
    let (k, _) = seg_of(&t);
    assert!(k.is_empty());
}

#[test]
fn candidate_limit_gives_a_diagnostic() {
    let t = "二、主动公开政府信息情况 ".repeat(50);
    let doc = xxgk_normalize::normalize(t.as_bytes()).unwrap();
    let mut o = SegmentOptions::new();
    o.max_candidates(10);
    let seg = segment_with(&doc, &o);
    assert!(seg
        .diagnostics()
        .iter()
        .any(|d| d.code == Code::LimitExceeded));
}

/// Checks a segmentation of `input` against the generator's truth.
fn check(input: &str, truth: &Report, what: &str) -> Result<(), TestCaseError> {
    let doc = xxgk_normalize::normalize(input.as_bytes()).unwrap();
    let seg = segment(&doc);
    let mut r = Report::default();
    seg.fill_report(&mut r);
    let kinds: Vec<SectionKind> = r.sections.iter().map(|s| s.kind).collect();
    let want: Vec<SectionKind> = truth.sections.iter().map(|s| s.kind).collect();
    prop_assert_eq!(kinds, want, "{}: section kinds", what);
    prop_assert_eq!(r.year, truth.year, "{}: year", what);
    prop_assert_eq!(r.template, truth.template, "{}: template", what);
    prop_assert_eq!(&r.agency, &truth.agency, "{}: agency", what);
    for s in &r.sections {
        prop_assert!(s.span.end <= input.len() && input.is_char_boundary(s.span.start));
    }
    // a well-formed report raises no doubt about its structure or metadata
    for d in &r.diagnostics {
        prop_assert!(
            !matches!(
                d.code,
                Code::SectionDuplicate
                    | Code::SectionOutOfOrder
                    | Code::SectionMissing
                    | Code::AgencyAmbiguous
                    | Code::YearAmbiguous
                    | Code::AgencyMissing
                    | Code::YearMissing
            ),
            "{}: unexpected {:?}",
            what,
            d
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// render_text → normalize → segment: same kinds, and every heading span maps onto the
    /// rendered heading in the original text.
    #[test]
    fn text_rendering_round_trip(seed in any::<u64>()) {
        let synth = testkit::generate(seed);
        let rendered = synth.render_text();
        check(&rendered.text, &synth.report, "text")?;
        let doc = xxgk_normalize::normalize(rendered.text.as_bytes()).unwrap();
        let seg = segment(&doc);
        for (s, (kind, range)) in seg.sections().zip(&rendered.headings) {
            prop_assert_eq!(s.kind, *kind);
            let orig = seg.to_original(s.heading_span);
            prop_assert_eq!(orig.start, range.start);
            prop_assert!(orig.end <= range.end && orig.end > range.start + 6);
            // the section ends at the next heading or the closing
            let (_, srange) = rendered.sections.iter().find(|(k, _)| k == kind).unwrap();
            let span = seg.section_span(s);
            prop_assert_eq!(span.start, srange.start);
            prop_assert!(span.end <= srange.end);
            prop_assert!(rendered.text[span.end..srange.end].trim().is_empty());
        }
    }

    /// Flattened (PDF reading order) and layout renderings, with and without the title.
    #[test]
    fn pdf_renderings(seed in any::<u64>()) {
        let synth = testkit::generate(seed);
        check(&synth.render_flattened().text, &synth.report, "flattened")?;
        check(&synth.render_layout().text, &synth.report, "layout")?;
        let untitled = synth.without_title();
        check(&untitled.render_flattened().text, &untitled.report, "untitled")?;
        let bare = synth.without_tables();
        let mut truth = bare.report.clone();
        // with the tables gone only the year can tell the template
        truth.template = truth.year.map(Template::for_year);
        check(&bare.render_text().text, &truth, "no tables")?;
    }

    /// Random combinations of real-world damage (page markers, lost line breaks, spaced
    /// headings, Traditional script, ASCII punctuation, download wrappers).
    #[test]
    fn damaged_text(seed in any::<u64>()) {
        let synth = testkit::generate(seed);
        let (text, kinds) = damage::apply(&synth.render_text().text, seed);
        check(&text, &synth.report, &format!("damage {kinds:?}"))?;
    }
}

fn tricky_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "一",
        "二",
        "三",
        "六",
        "十",
        "、",
        "，",
        ",",
        ".",
        "．",
        "(",
        "（",
        ")",
        "）",
        " ",
        "\n",
        "总体情况",
        "主动公开政府信息情况",
        "收到和处理政府信息公开申请情况",
        "复议",
        "问题",
        "其他需要报告的事项",
        "本年新收",
        "情况",
        "年",
        "月",
        "日",
        "2021",
        "〇",
        "是",
        "1",
        "本报告由",
        "编制",
        "请与",
        "联系",
        "电话:",
        "0571-1234567",
        "@",
        "人民政府",
        "年度报告",
        "政府信息公开工作",
        "统计期限自",
        "至",
        "截止",
        "电子版可在",
        "下载",
        "www.",
        "。",
        "无",
        "本年制发件数",
        "政府集中采购",
        "\u{3000}",
        "é",
        "𠀀",
    ]);
    prop::collection::vec(pieces, 0..120).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any text: no panic, spans inside the input on char boundaries, sections in order and
    /// not overlapping, heading inside its section.
    #[test]
    fn arbitrary_text_keeps_invariants(t in tricky_text()) {
        let doc = xxgk_normalize::normalize(t.as_bytes()).unwrap();
        let seg = segment(&doc);
        let n = seg.text().len();
        let mut last_end = 0;
        for s in seg.sections() {
            prop_assert!(s.span.start >= last_end && s.span.end <= n);
            prop_assert!(s.span.contains(s.heading_span));
            prop_assert!(s.span.contains(s.body));
            prop_assert!(seg.text().get(s.span.range()).is_some());
            last_end = s.span.end;
            fn walk(subs: &[SubSection<'_>], outer: Span) -> Result<(), TestCaseError> {
                for x in subs {
                    prop_assert!(outer.contains(x.span), "{:?} in {:?}", x.span, outer);
                    walk(&x.children, x.span)?;
                }
                Ok(())
            }
            walk(&s.subsections, s.body)?;
        }
        let mut r = Report::default();
        seg.fill_report(&mut r);
        for s in &r.sections {
            prop_assert!(t.get(s.span.range()).is_some());
        }
        for d in &r.diagnostics {
            if let Some(sp) = d.span {
                prop_assert!(t.get(sp.range()).is_some());
            }
        }
    }
}
