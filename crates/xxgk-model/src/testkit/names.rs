//! Place names, body names and contact details for realistic synthetic agencies.

use super::rng::Rng;

/// A prefecture-level city with a few of its districts and counties.
pub(crate) struct City {
    pub province: &'static str,
    pub province_py: &'static str,
    pub name: &'static str,
    pub py: &'static str,
    pub area_code: &'static str,
    pub postcode: &'static str,
    /// (name, pinyin)
    pub districts: &'static [(&'static str, &'static str)],
}

macro_rules! cities {
    ($( ($p:literal, $ppy:literal, $c:literal, $cpy:literal, $area:literal, $post:literal,
         [$(($d:literal, $dpy:literal)),+]) ),+ $(,)?) => {
        &[$(City {
            province: $p, province_py: $ppy, name: $c, py: $cpy, area_code: $area,
            postcode: $post, districts: &[$(($d, $dpy)),+],
        }),+]
    };
}

pub(crate) const CITIES: &[City] = cities![
    (
        "浙江省",
        "zj",
        "杭州市",
        "hangzhou",
        "0571",
        "310000",
        [
            ("西湖区", "xihu"),
            ("余杭区", "yuhang"),
            ("桐庐县", "tonglu")
        ]
    ),
    (
        "浙江省",
        "zj",
        "宁波市",
        "ningbo",
        "0574",
        "315000",
        [
            ("鄞州区", "yinzhou"),
            ("北仑区", "beilun"),
            ("象山县", "xiangshan")
        ]
    ),
    (
        "浙江省",
        "zj",
        "温州市",
        "wenzhou",
        "0577",
        "325000",
        [
            ("鹿城区", "lucheng"),
            ("瑞安市", "ruian"),
            ("永嘉县", "yongjia")
        ]
    ),
    (
        "江苏省",
        "js",
        "南京市",
        "nanjing",
        "025",
        "210000",
        [
            ("玄武区", "xuanwu"),
            ("江宁区", "jiangning"),
            ("溧水区", "lishui")
        ]
    ),
    (
        "江苏省",
        "js",
        "苏州市",
        "suzhou",
        "0512",
        "215000",
        [("姑苏区", "gusu"), ("吴江区", "wujiang"), ("昆山市", "ks")]
    ),
    (
        "江苏省",
        "js",
        "无锡市",
        "wuxi",
        "0510",
        "214000",
        [
            ("梁溪区", "liangxi"),
            ("江阴市", "jiangyin"),
            ("宜兴市", "yixing")
        ]
    ),
    (
        "山东省",
        "shandong",
        "济南市",
        "jinan",
        "0531",
        "250000",
        [
            ("历下区", "lixia"),
            ("章丘区", "zhangqiu"),
            ("平阴县", "pingyin")
        ]
    ),
    (
        "山东省",
        "shandong",
        "青岛市",
        "qingdao",
        "0532",
        "266000",
        [
            ("市南区", "qdsn"),
            ("黄岛区", "huangdao"),
            ("胶州市", "jiaozhou")
        ]
    ),
    (
        "山东省",
        "shandong",
        "济宁市",
        "jining",
        "0537",
        "272000",
        [
            ("任城区", "rencheng"),
            ("曲阜市", "qufu"),
            ("微山县", "weishan")
        ]
    ),
    (
        "湖北省",
        "hubei",
        "武汉市",
        "wuhan",
        "027",
        "430000",
        [
            ("江岸区", "jiangan"),
            ("洪山区", "hongshan"),
            ("黄陂区", "huangpi")
        ]
    ),
    (
        "湖北省",
        "hubei",
        "宜昌市",
        "yichang",
        "0717",
        "443000",
        [
            ("西陵区", "xiling"),
            ("夷陵区", "yiling"),
            ("当阳市", "dangyang")
        ]
    ),
    (
        "湖南省",
        "hunan",
        "长沙市",
        "changsha",
        "0731",
        "410000",
        [
            ("岳麓区", "yuelu"),
            ("雨花区", "yuhua"),
            ("浏阳市", "liuyang")
        ]
    ),
    (
        "湖南省",
        "hunan",
        "岳阳市",
        "yueyang",
        "0730",
        "414000",
        [
            ("岳阳楼区", "yylq"),
            ("华容县", "huarong"),
            ("汨罗市", "miluo")
        ]
    ),
    (
        "四川省",
        "sc",
        "成都市",
        "chengdu",
        "028",
        "610000",
        [
            ("锦江区", "jinjiang"),
            ("武侯区", "wuhou"),
            ("都江堰市", "djy")
        ]
    ),
    (
        "四川省",
        "sc",
        "绵阳市",
        "mianyang",
        "0816",
        "621000",
        [
            ("涪城区", "fucheng"),
            ("江油市", "jiangyou"),
            ("三台县", "santai")
        ]
    ),
    (
        "河南省",
        "henan",
        "郑州市",
        "zhengzhou",
        "0371",
        "450000",
        [
            ("金水区", "jinshui"),
            ("中原区", "zhongyuan"),
            ("新郑市", "xinzheng")
        ]
    ),
    (
        "河南省",
        "henan",
        "洛阳市",
        "luoyang",
        "0379",
        "471000",
        [
            ("西工区", "xigong"),
            ("偃师区", "yanshi"),
            ("栾川县", "luanchuan")
        ]
    ),
    (
        "福建省",
        "fujian",
        "福州市",
        "fuzhou",
        "0591",
        "350000",
        [
            ("鼓楼区", "gl"),
            ("仓山区", "cangshan"),
            ("闽侯县", "minhou")
        ]
    ),
    (
        "福建省",
        "fujian",
        "厦门市",
        "xm",
        "0592",
        "361000",
        [
            ("思明区", "siming"),
            ("湖里区", "huli"),
            ("同安区", "tongan")
        ]
    ),
    (
        "安徽省",
        "ah",
        "合肥市",
        "hefei",
        "0551",
        "230000",
        [
            ("蜀山区", "shushan"),
            ("包河区", "baohe"),
            ("肥西县", "feixi")
        ]
    ),
    (
        "安徽省",
        "ah",
        "芜湖市",
        "wuhu",
        "0553",
        "241000",
        [
            ("镜湖区", "jinghu"),
            ("鸠江区", "jiujiang"),
            ("无为市", "ww")
        ]
    ),
    (
        "广东省",
        "gd",
        "广州市",
        "gz",
        "020",
        "510000",
        [
            ("越秀区", "yuexiu"),
            ("天河区", "thnet"),
            ("番禺区", "panyu")
        ]
    ),
    (
        "广东省",
        "gd",
        "佛山市",
        "foshan",
        "0757",
        "528000",
        [
            ("禅城区", "chancheng"),
            ("南海区", "nanhai"),
            ("顺德区", "shunde")
        ]
    ),
    (
        "江西省",
        "jiangxi",
        "南昌市",
        "nc",
        "0791",
        "330000",
        [("东湖区", "ncdh"), ("青山湖区", "qsh"), ("南昌县", "ncx")]
    ),
    (
        "江西省",
        "jiangxi",
        "赣州市",
        "ganzhou",
        "0797",
        "341000",
        [("章贡区", "zgq"), ("南康区", "nkjx"), ("瑞金市", "ruijin")]
    ),
    (
        "河北省",
        "hebei",
        "石家庄市",
        "sjz",
        "0311",
        "050000",
        [("长安区", "sjzca"), ("正定县", "zd"), ("辛集市", "xinji")]
    ),
    (
        "陕西省",
        "shaanxi",
        "西安市",
        "xa",
        "029",
        "710000",
        [
            ("碑林区", "beilin"),
            ("雁塔区", "yanta"),
            ("长安区", "changanqu")
        ]
    ),
    (
        "陕西省",
        "shaanxi",
        "宝鸡市",
        "baoji",
        "0917",
        "721000",
        [
            ("渭滨区", "weibin"),
            ("陈仓区", "chencang"),
            ("凤翔区", "fengxiang")
        ]
    ),
];

/// (name at province level, name at city/county level, subdomain)
const DEPARTMENTS: &[(&str, &str, &str)] = &[
    ("自然资源厅", "自然资源和规划局", "zrzy"),
    ("生态环境厅", "生态环境局", "sthj"),
    ("交通运输厅", "交通运输局", "jtys"),
    ("教育厅", "教育局", "jyj"),
    ("财政厅", "财政局", "czj"),
    ("民政厅", "民政局", "mzj"),
    ("司法厅", "司法局", "sfj"),
    ("水利厅", "水利局", "slj"),
    ("商务厅", "商务局", "swj"),
    ("卫生健康委员会", "卫生健康委员会", "wjw"),
    ("发展和改革委员会", "发展和改革局", "fgw"),
    ("市场监督管理局", "市场监督管理局", "scjg"),
    ("住房和城乡建设厅", "住房和城乡建设局", "zjj"),
    ("人力资源和社会保障厅", "人力资源和社会保障局", "rsj"),
    ("农业农村厅", "农业农村局", "nyncj"),
    ("应急管理厅", "应急管理局", "yjj"),
    ("审计厅", "审计局", "sjj"),
    ("统计局", "统计局", "tjj"),
    ("文化和旅游厅", "文化广电旅游局", "wglj"),
    ("医疗保障局", "医疗保障局", "ybj"),
    ("退役军人事务厅", "退役军人事务局", "tyjrswj"),
];

const TOWNS: &[(&str, &str)] = &[
    ("城关镇", "镇人民政府"),
    ("新华街道", "办事处"),
    ("城东街道", "办事处"),
    ("临江镇", "镇人民政府"),
    ("白云街道", "办事处"),
];

const ROADS: &[&str] = &[
    "人民路",
    "解放路",
    "中山路",
    "建设路",
    "府前街",
    "新华路",
    "文化路",
    "市民大道",
    "行政中心路",
    "政务路",
];

/// Everything the generator needs to know about the reporting body.
#[derive(Debug, Clone)]
pub(crate) struct Agency {
    /// Full name, e.g. 杭州市西湖区人民政府.
    pub name: String,
    /// The place part alone (杭州市西湖区), used in portal names.
    pub place: String,
    /// True for a people's government (its report aggregates subordinate bodies).
    pub is_government: bool,
    /// Host name of its portal, e.g. `www.xihu.gov.cn`.
    pub host: String,
    pub area_code: &'static str,
    pub postcode: String,
    pub address: String,
}

/// A random agency.
pub(crate) fn agency(rng: &mut Rng) -> Agency {
    let fallback = City {
        province: "浙江省",
        province_py: "zj",
        name: "杭州市",
        py: "hangzhou",
        area_code: "0571",
        postcode: "310000",
        districts: &[("西湖区", "xihu")],
    };
    let city = rng.pick(CITIES).unwrap_or(&fallback);
    let &(district, dpy) = rng.pick(city.districts).unwrap_or(&("西湖区", "xihu"));
    let &(dept_prov, dept_local, dsub) =
        rng.pick(DEPARTMENTS)
            .unwrap_or(&("自然资源厅", "自然资源和规划局", "zrzy"));
    let road = rng.pick_str(ROADS);
    let num = rng.range(1, 399);
    let level = rng.below(100);
    let (name, place, is_gov, host) = match level {
        0..=7 => {
            let suffix = rng.pick_str(&["人民政府", "人民政府办公厅"]);
            (
                format!("{}{suffix}", city.province),
                city.province.to_string(),
                suffix == "人民政府",
                format!("www.{}.gov.cn", city.province_py),
            )
        }
        8..=17 => (
            format!("{}{dept_prov}", city.province),
            city.province.to_string(),
            false,
            format!("{dsub}.{}.gov.cn", city.province_py),
        ),
        18..=32 => {
            let suffix = rng.pick_str(&["人民政府", "人民政府", "人民政府办公室"]);
            (
                format!("{}{suffix}", city.name),
                city.name.to_string(),
                suffix == "人民政府",
                format!("www.{}.gov.cn", city.py),
            )
        }
        33..=54 => (
            format!("{}{dept_local}", city.name),
            city.name.to_string(),
            false,
            format!("{dsub}.{}.gov.cn", city.py),
        ),
        55..=72 => (
            format!("{}{district}人民政府", city.name),
            format!("{}{district}", city.name),
            true,
            format!("www.{dpy}.gov.cn"),
        ),
        73..=92 => (
            format!("{}{district}{dept_local}", city.name),
            format!("{}{district}", city.name),
            false,
            format!("www.{dpy}.gov.cn"),
        ),
        _ => {
            let &(town, suffix) = rng.pick(TOWNS).unwrap_or(&("城关镇", "镇人民政府"));
            let town_name = town.trim_end_matches('镇');
            let full = if suffix == "办事处" {
                format!("{}{district}{town}{suffix}", city.name)
            } else {
                format!("{}{district}{town_name}{suffix}", city.name)
            };
            (
                full,
                format!("{}{district}", city.name),
                false,
                format!("www.{dpy}.gov.cn"),
            )
        }
    };
    let post_tail = rng.range(0, 9) * 100 + rng.range(0, 1) * 11;
    let postcode = city
        .postcode
        .parse::<i64>()
        .map(|p| format!("{:06}", p + post_tail))
        .unwrap_or_else(|_| city.postcode.to_string());
    let address = if place.ends_with('省') {
        format!("{}{road}{num}号", city.name)
    } else {
        format!("{place}{road}{num}号")
    };
    Agency {
        name,
        place,
        is_government: is_gov,
        host,
        area_code: city.area_code,
        postcode,
        address,
    }
}

/// A phone number with the agency's area code (or a mobile number now and then).
pub(crate) fn phone(rng: &mut Rng, area: &str) -> String {
    if rng.chance(0.08) {
        return format!("1{}{:09}", rng.range(3, 9), rng.range(0, 999_999_999));
    }
    let len = if area.len() == 3 { 8 } else { 7 };
    let first = rng.range(2, 8);
    let rest = rng.range(0, 10i64.pow(len - 1) - 1);
    let sep = if rng.chance(0.9) { "-" } else { "—" };
    format!(
        "{area}{sep}{first}{rest:0width$}",
        width = (len - 1) as usize
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agencies_look_right() {
        let mut rng = Rng::new(11);
        for _ in 0..200 {
            let a = agency(&mut rng);
            assert!(a.name.starts_with(&a.place) || a.place.ends_with('省'));
            assert_eq!(a.postcode.len(), 6, "{}", a.postcode);
            assert!(a.host.ends_with(".gov.cn"));
            let p = phone(&mut rng, a.area_code);
            assert!(p.len() >= 11, "{p}");
        }
    }
}
