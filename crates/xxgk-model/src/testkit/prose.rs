//! Prose of a synthetic report: title, preamble, headings, section bodies, closing.
//!
//! Nothing here may put one of 一、 … 六、 in the text: those are reserved for the six real
//! headings (the tests check it).

use super::names::{self, Agency};
use super::rng::Rng;
use super::Block;
use crate::schema::{ReviewCol, ReviewRow};
use crate::{Contact, Number, Report, Requests, SectionKind, TableKind, Template};
use chrono::{Datelike, NaiveDate};

/// Heading text after the numeral, with variants (index 0 is the template wording).
fn heading_variants(kind: SectionKind) -> &'static [&'static str] {
    match kind {
        SectionKind::Overview => &[
            "总体情况",
            "基本情况",
            "总体工作情况",
            "政府信息公开工作总体情况",
            "概述",
        ],
        SectionKind::ActiveDisclosure => &["主动公开政府信息情况", "主动公开政府信息的情况"],
        SectionKind::Requests => &[
            "收到和处理政府信息公开申请情况",
            "收到和处理政府信息公开申请的情况",
        ],
        SectionKind::ReviewLitigation => &[
            "政府信息公开行政复议、行政诉讼情况",
            "政府信息公开行政复议和行政诉讼情况",
            "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
            "政府信息公开行政复议、行政诉讼的情况",
        ],
        SectionKind::Problems => &[
            "存在的主要问题及改进情况",
            "政府信息公开工作存在的主要问题及改进情况",
            "存在问题及改进情况",
            "存在的主要问题和改进措施",
        ],
        SectionKind::Other | SectionKind::Unknown => &[
            "其他需要报告的事项",
            "其他需要报告的事项（无）",
            "其他需要报告的事项：无",
            "其他需要报告事项",
        ],
    }
}

const NUMERALS: [&str; 6] = ["一", "二", "三", "四", "五", "六"];

/// The printed heading of `kind` (e.g. `一、总体情况`); `variant_rate` is the chance of a
/// non-template wording.
pub(crate) fn heading(rng: &mut Rng, kind: SectionKind, variant_rate: f64) -> String {
    let vs = heading_variants(kind);
    let text = if rng.chance(variant_rate) {
        rng.pick_str(vs.get(1..).unwrap_or(vs))
    } else {
        vs.first().copied().unwrap_or("")
    };
    let num = kind
        .number()
        .and_then(|n| NUMERALS.get(usize::from(n) - 1))
        .copied()
        .unwrap_or("");
    format!("{num}、{text}")
}

/// The title per format.md §8.1.
pub(crate) fn title(rng: &mut Rng, agency: &Agency, year: i32) -> String {
    let a = &agency.name;
    match rng.below(20) {
        0..=12 => format!("{a}{year}年政府信息公开工作年度报告"),
        13..=14 => format!("{year}年{a}政府信息公开工作年度报告"),
        15 => format!("{year}年度{a}政府信息公开工作年度报告"),
        16 => format!("{a}{year}年度政府信息公开工作年度报告"),
        17 => format!("{a}{year}年政府信息公开工作的年度报告"),
        18 => format!("{a}{year}年政府信息公开年度报告"),
        _ => format!("关于{a}{year}年政府信息公开工作年度报告"),
    }
}

/// `2022年1月20日`, or in Chinese numerals (`二〇二二年一月二十日`) when `chinese`.
pub(crate) fn date_zh(d: NaiveDate, chinese: bool) -> String {
    if !chinese {
        return format!("{}年{}月{}日", d.year(), d.month(), d.day());
    }
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let year: String = d
        .year()
        .to_string()
        .chars()
        .filter_map(|c| c.to_digit(10))
        .filter_map(|v| DIGITS.get(v as usize).copied())
        .collect();
    let small = |v: u32| -> String {
        let ones = DIGITS.get((v % 10) as usize).copied().unwrap_or("");
        match v {
            0..=9 => ones.to_string(),
            10 => "十".to_string(),
            11..=19 => format!("十{ones}"),
            _ => {
                let tens = DIGITS.get((v / 10) as usize).copied().unwrap_or("");
                if v % 10 == 0 {
                    format!("{tens}十")
                } else {
                    format!("{tens}十{ones}")
                }
            }
        }
    };
    format!("{year}年{}月{}日", small(d.month()), small(d.day()))
}

/// Totals of table 3 (blank read as 0): (new, carried over, granted, carried forward).
fn request_totals(report: &Report) -> [i64; 4] {
    let cells = match &report.tables.requests {
        Some(r @ Requests::Gov2021(_)) | Some(r @ Requests::Gov2019(_)) => r.cells(),
        None => Vec::new(),
    };
    let get = |row: &str| {
        cells
            .iter()
            .find(|(r, c, _)| *r == row && *c == "total")
            .and_then(|(_, _, v)| v.and_then(|n| n.as_i64()))
            .unwrap_or(0)
    };
    [
        get("new_received"),
        get("carried_over"),
        get("granted"),
        get("carried_forward"),
    ]
}

fn review_totals(report: &Report) -> (i64, i64) {
    let Some(t) = &report.tables.review_litigation else {
        return (0, 0);
    };
    let get = |r| {
        t.get(r, ReviewCol::Total)
            .flatten()
            .and_then(|n: Number| n.as_i64())
            .unwrap_or(0)
    };
    (
        get(ReviewRow::Review),
        get(ReviewRow::LitigationDirect) + get(ReviewRow::LitigationAfterReview),
    )
}

/// Preamble paragraphs; fills `report.period`, `website`, `contact`.
pub(crate) fn preamble(rng: &mut Rng, agency: &Agency, report: &mut Report) -> Vec<String> {
    let year = report.year.unwrap_or(2021);
    let template = report.template.unwrap_or(Template::Gov2021);
    let mut paras = Vec::new();
    let basis = match rng.below(4) {
        0 => "本报告根据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办公室有关要求编制。".to_string(),
        1 => format!(
            "本报告依据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》（{}）要求编制。",
            template.label()
        ),
        2 => format!(
            "根据《中华人民共和国政府信息公开条例》规定，{}编制本机关{year}年政府信息公开工作年度报告。",
            agency.name
        ),
        _ => "按照《中华人民共和国政府信息公开条例》要求，结合本机关工作实际，编制本报告。".to_string(),
    };
    let mut first = basis;
    if agency.is_government && rng.chance(0.6) {
        first.push_str(
            "本报告由本级政府办公室在汇总本级政府各部门及下级政府年度报告的基础上编制而成。",
        );
    }
    if rng.chance(0.4) {
        first.push_str("全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。");
    }
    let start = NaiveDate::from_ymd_opt(year, 1, 1);
    let end = NaiveDate::from_ymd_opt(year, 12, 31);
    if let (Some(start), Some(end)) = (start, end) {
        report.period = Some(crate::Period { start, end });
    }
    let period = match rng.below(4) {
        0 => format!("本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"),
        1 => format!("本报告中所列数据统计期限为{year}年1月1日至12月31日。"),
        2 => format!("统计时限为{year}年1月1日—12月31日。"),
        _ => format!("本报告所列数据统计期限自{year}年1月1日起至{year}年12月31日止。"),
    };
    let url = if rng.chance(0.3) {
        format!("http://{}", agency.host)
    } else {
        agency.host.clone()
    };
    let portal = if agency.is_government || rng.chance(0.5) {
        format!("“{}人民政府”门户网站", agency.place)
    } else {
        format!("{}门户网站", agency.name)
    };
    let (site, website) = match rng.below(10) {
        0..=5 => (format!("{portal}（{url}）"), url),
        6..=7 => (format!("网站（{url}）"), url),
        _ => {
            let bare = portal.replace(['“', '”'], "");
            (portal, bare)
        }
    };
    report.website = Some(website);
    let published = format!("本报告电子版可在{site}查阅或下载。");
    // Contact.
    let mut c = Contact::default();
    let mut fields: Vec<String> = Vec::new();
    if rng.chance(0.7) {
        fields.push(format!("地址：{}", agency.address));
        c.address = Some(agency.address.clone());
    }
    if rng.chance(0.6) {
        fields.push(format!("邮编：{}", agency.postcode));
        c.postcode = Some(agency.postcode.clone());
    }
    let phone = names::phone(rng, agency.area_code);
    fields.push(format!(
        "{}：{phone}",
        rng.pick_str(&["电话", "联系电话", "电话"])
    ));
    c.phone = Some(phone);
    if rng.chance(0.4) {
        let fax = names::phone(rng, agency.area_code);
        fields.push(format!("传真：{fax}"));
        c.fax = Some(fax);
    }
    if rng.chance(0.6) {
        let host = agency.host.trim_start_matches("www.");
        let email = format!("{}@{host}", rng.pick_str(&["gk", "zwgk", "xxgk", "bgs"]));
        fields.push(format!(
            "{}：{email}",
            rng.pick_str(&["电子邮箱", "电子邮件"])
        ));
        c.email = Some(email);
    }
    report.contact = Some(c);
    let sep = rng.pick_str(&["；", "，", "；"]);
    let contact = format!(
        "如对本报告有疑问，请与{}联系（{}）。",
        rng.pick_str(&["本机关", "我单位"])
            .replace("本机关", &agency.name),
        fields.join(sep)
    );
    match rng.below(3) {
        0 => paras.push(format!("{first}{period}{published}{contact}")),
        1 => {
            paras.push(format!("{first}{period}"));
            paras.push(format!("{published}{contact}"));
        }
        _ => {
            paras.push(first);
            paras.push(period);
            paras.push(format!("{published}{contact}"));
        }
    }
    paras
}

const TOPICS: &[(&str, &[&str])] = &[
    ("主动公开", &["主动公开情况", "主动公开方面"]),
    ("依申请公开", &["依申请公开情况", "依申请公开方面"]),
    ("政府信息管理", &["政府信息管理情况"]),
    (
        "政府信息公开平台建设",
        &["平台建设情况", "政务公开平台建设"],
    ),
    ("监督保障", &["监督保障情况", "监督保障方面"]),
];

fn overview_sentence(rng: &mut Rng, topic: usize, report: &Report) -> String {
    let [new, carried, granted, _] = request_totals(report);
    match topic {
        0 => format!(
            "全年通过{}主动公开政府信息{}条，其中政策文件{}件，政策解读{}篇，做到应公开尽公开。",
            rng.pick_str(&["政府门户网站", "政府信息公开专栏", "政务新媒体"]),
            rng.range(100, 9000),
            rng.range(5, 400),
            rng.range(1, 120)
        ),
        1 => format!(
            "严格执行依申请公开登记、审核、办理、答复流程，本年度共收到政府信息公开申请{new}件，上年结转{carried}件，其中予以公开{granted}件，均在法定期限内答复。"
        ),
        2 => format!(
            "健全信息发布审核机制，开展行政规范性文件清理，对{}件文件进行了评估，及时更新政府信息公开目录。",
            rng.range(10, 900)
        ),
        3 => format!(
            "加强政府网站和政务新媒体建设管理，全年在门户网站发布各类信息{}条，政务微信公众号推送信息{}条。",
            rng.range(200, 20000),
            rng.range(20, 3000)
        ),
        _ => format!(
            "将政务公开纳入年度绩效考核，组织业务培训{}次，开展专项检查{}次，本年度未发生因政府信息公开工作引起的责任追究情况。",
            rng.range(1, 30),
            rng.range(1, 12)
        ),
    }
}

const EXTRA_POINTS: &[&str] = &[
    "围绕重点领域信息公开，及时发布财政预决算、重大建设项目和公共资源配置信息",
    "做好政策解读，采用图解、视频等形式提高解读质量",
    "及时回应社会关切，对热点问题第一时间发布权威信息",
    "规范依申请公开办理流程，加强与申请人的沟通",
    "完善政府信息公开指南和目录，方便公众查询",
    "加强政务新媒体管理，定期开展内容巡查",
];

fn overview(rng: &mut Rng, agency: &Agency, report: &Report) -> Vec<Block> {
    let year = report.year.unwrap_or(2021);
    let mut blocks = vec![Block::Para(format!(
        "{year}年，{}{}，围绕中心工作，扎实推进政务公开，不断提升政府信息公开工作水平。",
        agency.name,
        rng.pick_str(&[
            "认真贯彻落实《中华人民共和国政府信息公开条例》",
            "坚持以公开为常态、不公开为例外",
            "全面贯彻落实上级关于政务公开工作的部署要求",
        ])
    ))];
    let mut order: Vec<usize> = (0..TOPICS.len()).collect();
    if rng.chance(0.3) {
        order.rotate_left(rng.below(5) as usize);
    }
    let count = if rng.chance(0.7) {
        5
    } else {
        rng.range(2, 4) as usize
    };
    let inline = rng.chance(0.5);
    for (i, topic) in order.into_iter().take(count).enumerate() {
        let (name, alts) = TOPICS.get(topic).copied().unwrap_or(("主动公开", &[]));
        let name = if rng.chance(0.3) {
            rng.pick_str(alts)
        } else {
            name
        };
        let sub = format!("（{}）{name}", NUMERALS.get(i).copied().unwrap_or("一"));
        let body = overview_sentence(rng, topic, report);
        if inline {
            blocks.push(Block::Para(format!("{sub}。{body}")));
        } else {
            blocks.push(Block::SubHeading(sub));
            blocks.push(Block::Para(body));
        }
        if rng.chance(0.25) {
            let (a, b) = two_distinct(rng, EXTRA_POINTS);
            if rng.chance(0.5) {
                blocks.push(Block::Para(format!("一是{a}；二是{b}。")));
            } else {
                blocks.push(Block::Para(format!("1.{a}。")));
                blocks.push(Block::Para(format!("2.{b}。")));
            }
        }
    }
    blocks
}

const PROBLEMS: &[&str] = &[
    "政策解读形式较为单一，图解、视频解读偏少",
    "部分栏目信息更新不够及时",
    "依申请公开答复的规范性有待加强",
    "政务公开工作人员业务能力有待提升",
    "基层政务公开标准化规范化建设仍需深化",
    "公众参与的广度和深度还不够",
];

const MEASURES: &[&str] = &[
    "加强网站栏目日常巡查，确保信息及时更新",
    "丰富政策解读形式，增强解读的针对性和实效性",
    "加强业务培训，提升依申请公开答复质量",
    "持续推进基层政务公开标准化规范化建设",
    "拓展公众参与渠道，提高政策透明度",
    "完善政务公开考核机制，压实工作责任",
];

fn two_distinct(rng: &mut Rng, items: &[&'static str]) -> (&'static str, &'static str) {
    let i = rng.below(items.len() as u64) as usize;
    let j = (i + 1 + rng.below(items.len() as u64 - 1) as usize) % items.len();
    (
        items.get(i).copied().unwrap_or(""),
        items.get(j).copied().unwrap_or(""),
    )
}

fn problems(rng: &mut Rng) -> Vec<Block> {
    let (p1, p2) = two_distinct(rng, PROBLEMS);
    let (m1, m2) = two_distinct(rng, MEASURES);
    let mut blocks = Vec::new();
    blocks.push(Block::SubHeading("（一）存在的主要问题".into()));
    blocks.push(Block::Para(format!("一是{p1}。二是{p2}。")));
    blocks.push(Block::SubHeading(
        rng.pick_str(&["（二）改进情况", "（二）改进措施", "（二）下一步工作打算"])
            .to_string(),
    ));
    if rng.chance(0.5) {
        blocks.push(Block::Para(format!("一是{m1}。二是{m2}。")));
    } else {
        blocks.push(Block::Para(format!("1.{m1}。")));
        blocks.push(Block::Para(format!("2.{m2}。")));
    }
    blocks
}

fn other(rng: &mut Rng, agency: &Agency, report: &Report, heading: &str) -> Vec<Block> {
    if heading.ends_with('无') || heading.ends_with("（无）") {
        return Vec::new();
    }
    let year = report.year.unwrap_or(2021);
    let fee = if rng.chance(0.85) {
        format!("本年度{}未收取信息处理费。", agency.name)
    } else {
        format!(
            "本年度{}发出收费通知{}件，收取信息处理费共{}元。",
            agency.name,
            rng.range(1, 5),
            rng.range(10, 900)
        )
    };
    if report.template == Some(Template::Gov2019) {
        return vec![Block::Para(
            rng.pick_str(&["无。", "本年度无其他需要报告的事项。", "无"])
                .to_string(),
        )];
    }
    if rng.chance(0.5) {
        let items = [
            format!("1.收取信息处理费情况。{fee}"),
            format!("2.落实上级年度政务公开工作要点情况。认真落实{year}年政务公开工作要点，各项任务按期完成。"),
            "3.人大代表建议和政协提案办理结果公开情况。本年度办理结果已按要求全部公开。".to_string(),
            "4.本行政机关年度政务公开工作创新情况。推进政策发布、解读、回应一体化。".to_string(),
            "5.年度报告数据统计需要说明的事项。无。".to_string(),
            "6.本行政机关认为需要报告的其他事项。无。".to_string(),
            "7.其他有关文件专门要求通过政府信息公开工作年度报告予以报告的事项。无。".to_string(),
        ];
        items.into_iter().map(Block::Para).collect()
    } else {
        vec![
            Block::Para(fee),
            Block::Para(
                rng.pick_str(&["其他需要报告的事项：无。", "无其他需要报告的事项。"])
                    .to_string(),
            ),
        ]
    }
}

/// The body of `kind`: an optional lead sentence plus the table for sections 二–四, prose
/// otherwise.
pub(crate) fn body(
    rng: &mut Rng,
    kind: SectionKind,
    heading: &str,
    agency: &Agency,
    report: &Report,
) -> Vec<Block> {
    let year = report.year.unwrap_or(2021);
    match kind {
        SectionKind::Overview => overview(rng, agency, report),
        SectionKind::ActiveDisclosure => {
            let mut b = Vec::new();
            if rng.chance(0.3) {
                b.push(Block::Para(format!("{year}年主动公开政府信息情况如下表。")));
            }
            b.push(Block::Table(TableKind::ActiveDisclosure));
            b
        }
        SectionKind::Requests => {
            let mut b = Vec::new();
            if rng.chance(0.5) {
                let [new, carried, granted, forward] = request_totals(report);
                b.push(Block::Para(format!(
                    "本年度新收政府信息公开申请{new}件，上年结转{carried}件，予以公开{granted}件，结转下年度继续办理{forward}件。"
                )));
            }
            b.push(Block::Table(TableKind::Requests));
            b
        }
        SectionKind::ReviewLitigation => {
            let mut b = Vec::new();
            if rng.chance(0.5) {
                let (rev, lit) = review_totals(report);
                b.push(Block::Para(format!(
                    "本年度发生政府信息公开行政复议{rev}件，行政诉讼{lit}件。"
                )));
            }
            b.push(Block::Table(TableKind::ReviewLitigation));
            b
        }
        SectionKind::Problems => problems(rng),
        SectionKind::Other | SectionKind::Unknown => other(rng, agency, report, heading),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_dates() {
        let d = NaiveDate::from_ymd_opt(2022, 1, 20).unwrap_or_default();
        assert_eq!(date_zh(d, false), "2022年1月20日");
        assert_eq!(date_zh(d, true), "二〇二二年一月二十日");
        let d = NaiveDate::from_ymd_opt(2021, 3, 15).unwrap_or_default();
        assert_eq!(date_zh(d, true), "二〇二一年三月十五日");
    }

    #[test]
    fn headings_keep_their_numeral() {
        let mut rng = Rng::new(3);
        for kind in &SectionKind::ALL[..6] {
            for _ in 0..20 {
                let h = heading(&mut rng, *kind, 0.5);
                let n = kind.number().unwrap_or(0);
                assert!(h.starts_with(NUMERALS[usize::from(n) - 1]), "{h}");
            }
        }
    }
}
