//! A small Simplified → Traditional character table: the characters of the template labels,
//! headings and the generator's prose, one Traditional form each (so a char-by-char
//! conversion is as crude as a portal script, e.g. 重复 → 重復, not 重複).
//!
//! Characters with no single obvious Traditional form (干, 里, 系, 制, 布, 卷 …) are left out,
//! and so is 并, which portal converters often leave alone.

/// Pairs of (Simplified, Traditional), written as one string of alternating characters.
const PAIRS: &str = concat!(
    "总總体體况況动動开開请請处處复復议議诉訴讼訟问問题題进進报報告告项項规規范範许許罚罰",
    "强強费費业業数數计計结結转轉办辦维維纠糾审審关關务務县縣区區门門户戶网網络絡电電话話",
    "传傳邮郵编編联聯织織构構机機会會个個单單发發废廢现現决決实實执執时時间間类類调調国國",
    "稳穩权權内內过過询詢没沒补補后後确確访訪举舉无無当當认認获獲缴繳纳納书書设設台臺监監",
    "录錄级級训訓检檢专專应應尽盡严嚴记記评評读讀图圖视視频頻较較丰豐针針对對绩績组組为為",
    "众眾让讓满滿与與这這种種从從来來经經济濟环環产產农農资資划劃卫衛财財税稅统統运運输輸",
    "备備员員导導领領层層样樣长長万萬亿億几幾广廣东東苏蘇辽遼宁寧龙龍贵貴云雲兰蘭乌烏鲁魯",
    "阳陽连連汉漢庆慶岛島肃肅温溫绍紹兴興锡錫扬揚镇鎮盐鹽华華郑鄭厦廈赣贛饶饒乡鄉滨濱烟煙",
    "潍濰临臨莱萊芜蕪马馬铜銅黄黃绵綿泸瀘达達历歷厅廳态態们們质質药藥医醫疗療险險档檔馆館",
    "测測绘繪气氣储儲粮糧纪紀贯貫彻徹围圍绕繞党黨届屆条條号號线線热熱点點据據显顯征徵迁遷",
    "偿償价價劳勞义義课課负負责責听聽证證该該盖蓋见見头頭帮幫贫貧营營节節约約优優岗崗职職",
    "变變标標准準则則细細试試验驗预預汇匯辑輯载載阅閱览覽馈饋谘諮讯訊杂雜难難将將额額减減",
    "采採购購属屬于於护護续續继繼简簡称稱协協创創说說础礎际際习習栏欄够夠参參压壓沟溝觉覺",
    "观觀讲講论論识識语語误誤谈談谋謀谐諧谢謝货貨贸貿赔賠车車轮輪软軟轻輕辖轄边邊还還远遠",
    "违違迟遲适適选選递遞遗遺邻鄰释釋钱錢铁鐵银銀链鏈销銷锁鎖错錯闭閉闻聞队隊阶階陆陸随隨",
    "隐隱须須顺順领領风風饭飯驱驅鱼魚鸟鳥齐齊宝寶宽寬寿壽岁歲岭嶺币幣带帶师師归歸张張惯慣",
    "战戰扩擴扫掃担擔拟擬择擇挥揮损損换換携攜摄攝断斷旧舊晋晉暂暫术術杨楊极極欢歡毕畢沪滬",
    "泽澤洁潔浅淺浏瀏渔漁湾灣灾災爱愛状狀独獨盘盤码碼礼禮离離积積纲綱纸紙练練终終给給绝絕",
    "综綜绿綠罗羅胜勝脑腦虑慮装裝订訂讨討词詞译譯详詳诸諸贝貝赞讚园園场場块塊声聲库庫异異",
    "录錄仅僅优優伟偉伤傷两兩乐樂亲親买買卖賣双雙叶葉吗嗎坚堅实實对對导導层層将將尔爾仓倉",
    "厂廠讯訊贴貼档檔桥橋楼樓树樹浆漿涨漲润潤涛濤渐漸灭滅炼煉烧燒燃燃牵牽犹猶献獻珐琺",
);

/// The Traditional form of `c`, if the table has one.
pub(crate) fn to_trad(c: char) -> Option<char> {
    let mut it = PAIRS.chars();
    while let (Some(s), Some(t)) = (it.next(), it.next()) {
        if s == c {
            return (s != t).then_some(t);
        }
    }
    None
}

/// Number of characters the table converts.
#[cfg(test)]
pub(crate) fn len() -> usize {
    let mut seen = std::collections::BTreeSet::new();
    let mut it = PAIRS.chars();
    while let (Some(s), Some(t)) = (it.next(), it.next()) {
        if s != t {
            seen.insert(s);
        }
    }
    seen.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_well_formed() {
        assert_eq!(PAIRS.chars().count() % 2, 0);
        assert!(len() >= 150, "{}", len());
        let mut it = PAIRS.chars();
        let mut firsts = std::collections::BTreeMap::new();
        while let (Some(s), Some(t)) = (it.next(), it.next()) {
            // Same UTF-8 length, so a conversion keeps byte offsets.
            assert_eq!(s.len_utf8(), t.len_utf8());
            if let Some(prev) = firsts.insert(s, t) {
                assert_eq!(prev, t, "{s} mapped twice");
            }
        }
        assert_eq!(to_trad('总'), Some('總'));
        assert_eq!(to_trad('讼'), Some('訟'));
        assert_eq!(to_trad('告'), None);
        assert_eq!(to_trad('并'), None);
    }
}
