//! From the DOM to pipe-table text: block structure, tables expanded to grids, page chrome and
//! the info box left out.

use crate::align::{Aligner, RAW_TEXT};
use crate::out::{CellBuf, Flow, Null, Src, Target};
use crate::{decode, dom, Document, Error, Grid, Limits, PageMeta};
use markup5ever_rcdom::{Handle, NodeData};
use std::collections::HashSet;
use std::rc::Rc;
use xxgk_normalize::map::MapChain;

/// Elements that end a line.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "option",
    "title",
    "legend",
];

/// Elements that are page furniture, never report text.
const DROP_TAGS: &[&str] = &[
    "head", "button", "select", "input", "textarea", "object", "embed", "svg", "canvas", "audio",
    "video", "map", "template",
];

/// Semantic elements of site chrome; dropped unless they hold a table or much text.
const CHROME_TAGS: &[&str] = &["nav", "header", "footer", "aside"];

/// `class`/`id` fragments of site chrome (navigation, share widgets, toolbars, footers).
const CHROME_CLASSES: &[&str] = &[
    "nav",
    "menu",
    "crumb",
    "footer",
    "share",
    "toolbar",
    "tools",
    "print",
    "fontsize",
    "font-size",
    "zihao",
    "copyright",
    "sidebar",
    "position",
    "location",
    "related",
    "bdshare",
    "jiathis",
];

/// Words of the font-size / print / close / share controls.
const CHROME_WORDS: &[&str] = &[
    "关闭本页",
    "关闭窗口",
    "打印本页",
    "打印此页",
    "返回顶部",
    "分享到",
    "字号",
    "字体",
    "打印",
    "关闭",
    "分享",
    "收藏",
    "默认",
    "大",
    "中",
    "小",
    "【",
    "】",
    "[",
    "]",
    "：",
    ":",
    "|",
    "丨",
    "/",
    "、",
    "(",
    ")",
    "（",
    "）",
    "-",
];

/// Labels of the info box above the article.
const META_LABELS: &[(&str, Field)] = &[
    ("索引号", Field::Index),
    ("发布机构", Field::Publisher),
    ("发文机关", Field::Publisher),
    ("发文机构", Field::Publisher),
    ("发布单位", Field::Publisher),
    ("发文单位", Field::Publisher),
    ("发文日期", Field::Date),
    ("成文日期", Field::Date),
    ("发布日期", Field::Date),
    ("公开日期", Field::Date),
    ("发布时间", Field::Date),
    ("名称", Field::Title),
    ("标题", Field::Title),
    ("发文字号", Field::Other),
    ("文号", Field::Other),
    ("主题分类", Field::Other),
    ("主题词", Field::Other),
    ("有效性", Field::Other),
    ("公开方式", Field::Other),
    ("公开范围", Field::Other),
    ("信息来源", Field::Other),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Index,
    Publisher,
    Date,
    Title,
    Other,
}

pub(crate) fn read(bytes: &[u8], limits: &Limits) -> Result<Document, Error> {
    if bytes.len() > limits.max_input_bytes {
        return Err(Error::TooLarge {
            size: bytes.len(),
            limit: limits.max_input_bytes,
        });
    }
    let enc = decode::sniff_encoding(bytes);
    let (src, dmap) = decode::decode(bytes, enc);
    let dom = dom::parse(&src, limits.max_depth)?;
    let mut w = Walker {
        aligner: Aligner::new(&src),
        grids: Vec::new(),
        boxes: HashSet::new(),
        meta: PageMeta::default(),
        limits,
        scratch: Vec::new(),
    };
    let title = w.prepass(&dom.document);
    let mut flow = Flow::default();
    w.walk(&dom.document, &mut flow)?;
    if w.meta.title.is_none() {
        w.meta.title = title;
    }
    let (text, tmap) = flow.out.finish();
    let mut chain = MapChain::new();
    chain.push(dmap);
    chain.push(tmap);
    Ok(Document {
        text,
        chain,
        metadata: w.meta,
        grids: w.grids,
        encoding: enc.name(),
    })
}

struct Walker<'s, 'l> {
    aligner: Aligner<'s>,
    grids: Vec<Grid>,
    /// Info boxes (by node address), left out of the text.
    boxes: HashSet<usize>,
    meta: PageMeta,
    limits: &'l Limits,
    scratch: Vec<(char, Src)>,
}

enum Step {
    Enter(Handle),
    Exit(bool),
}

fn tag_of(h: &Handle) -> Option<&str> {
    match &h.data {
        NodeData::Element { name, .. } => Some(name.local.as_ref()),
        _ => None,
    }
}

fn attr(h: &Handle, name: &str) -> Option<String> {
    match &h.data {
        NodeData::Element { attrs, .. } => attrs
            .borrow()
            .iter()
            .find(|a| &*a.name.local == name)
            .map(|a| a.value.to_string()),
        _ => None,
    }
}

/// Text of a subtree, or `None` when it is longer than `max_chars` or has more than
/// `max_nodes` nodes (bounded work whatever the subtree).
fn bounded_text(root: &Handle, max_chars: usize, max_nodes: usize) -> Option<String> {
    let mut out = String::new();
    let mut n_chars = 0;
    let mut stack = vec![root.clone()];
    let mut seen = 0;
    while let Some(h) = stack.pop() {
        seen += 1;
        if seen > max_nodes {
            return None;
        }
        match &h.data {
            NodeData::Text { contents } => {
                let t = contents.borrow();
                n_chars += t.chars().count();
                if n_chars > max_chars {
                    return None;
                }
                out.push_str(&t);
            }
            NodeData::Element { name, .. } => {
                if RAW_TEXT.contains(&name.local.as_ref()) {
                    continue;
                }
                out.push(' ');
                for c in h.children.borrow().iter().rev() {
                    stack.push(c.clone());
                }
            }
            _ => {}
        }
    }
    Some(out)
}

/// True when the subtree (within a node budget) holds an element named `tag`; also true when the
/// budget runs out (callers treat "unknown" as "yes").
fn has_descendant(root: &Handle, tag: &str, max_nodes: usize) -> bool {
    let mut stack: Vec<Handle> = root.children.borrow().iter().cloned().collect();
    let mut seen = 0;
    while let Some(h) = stack.pop() {
        seen += 1;
        if seen > max_nodes {
            return true;
        }
        if tag_of(&h) == Some(tag) {
            return true;
        }
        stack.extend(h.children.borrow().iter().cloned());
    }
    false
}

fn count_labels(t: &str) -> usize {
    META_LABELS
        .iter()
        .filter(|(l, f)| *f != Field::Title && t.contains(l))
        .count()
}

fn is_chrome_text(t: &str) -> bool {
    let s: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() || s.chars().count() > 30 {
        return false;
    }
    let mut rest = s.as_str();
    let mut words = 0;
    'outer: while !rest.is_empty() {
        for w in CHROME_WORDS {
            if let Some(r) = rest.strip_prefix(w) {
                if w.chars().all(char::is_alphanumeric) {
                    words += 1;
                }
                rest = r;
                continue 'outer;
            }
        }
        return false;
    }
    words > 0
}

fn parse_span(v: Option<String>, max: usize) -> usize {
    let v = v.unwrap_or_default();
    let digits: String = v
        .trim()
        .chars()
        .take_while(char::is_ascii_digit)
        .take(6)
        .collect();
    digits.parse::<usize>().unwrap_or(1).clamp(0, max)
}

impl Walker<'_, '_> {
    /// Finds the info boxes and the `<title>`.
    fn prepass(&mut self, root: &Handle) -> Option<String> {
        let mut title = None;
        let mut hits = Vec::new();
        let mut stack = vec![root.clone()];
        while let Some(h) = stack.pop() {
            match &h.data {
                NodeData::Text { contents } => {
                    let t = contents.borrow();
                    if hits.len() < 8
                        && (t.contains("索引号")
                            || t.contains("发布机构")
                            || t.contains("发文日期"))
                    {
                        hits.push(h.clone());
                    }
                }
                NodeData::Element { name, .. } => {
                    let tag = name.local.as_ref();
                    if tag == "title" && title.is_none() {
                        title = bounded_text(&h, 300, 50).map(|t| t.trim().to_owned());
                    }
                    if RAW_TEXT.contains(&tag) {
                        continue;
                    }
                    stack.extend(h.children.borrow().iter().rev().cloned());
                }
                _ => stack.extend(h.children.borrow().iter().rev().cloned()),
            }
        }
        for hit in hits {
            let mut cand = None;
            let mut cur = parent(&hit);
            while let Some(el) = cur {
                if matches!(tag_of(&el), Some("body" | "html") | None) {
                    break;
                }
                let Some(t) = bounded_text(&el, 500, 2000) else {
                    break;
                };
                if count_labels(&t) >= 2 {
                    cand = Some(el.clone());
                }
                cur = parent(&el);
            }
            if let Some(c) = cand {
                self.boxes.insert(Rc::as_ptr(&c) as usize);
            }
        }
        title.filter(|t| !t.is_empty())
    }

    fn is_chrome_element(&self, h: &Handle, tag: &str) -> bool {
        let mut hit = CHROME_TAGS.contains(&tag);
        if !hit {
            for a in ["class", "id"] {
                if let Some(v) = attr(h, a) {
                    let v = v.to_ascii_lowercase();
                    if CHROME_CLASSES.iter().any(|c| v.contains(c)) {
                        hit = true;
                    }
                }
            }
        }
        if !hit {
            // A breadcrumb trail: "当前位置：首页 > …".
            if let Some(first) = h.children.borrow().first() {
                if let NodeData::Text { contents } = &first.data {
                    let t = contents.borrow();
                    let t = t.trim_start();
                    if ["当前位置", "您的位置", "您现在的位置", "你的位置"]
                        .iter()
                        .any(|p| t.starts_with(p))
                    {
                        return bounded_text(h, 200, 500).is_some();
                    }
                }
            }
            return false;
        }
        !has_descendant(h, "table", 3000) && bounded_text(h, 1000, 3000).is_some()
    }

    fn text(&mut self, t: &str, target: &mut dyn Target) {
        self.scratch.clear();
        self.aligner.align(t, &mut self.scratch);
        if target.is_flow() && is_chrome_text(t) {
            return;
        }
        for (c, s) in &self.scratch {
            target.text_char(*c, *s);
        }
    }

    fn walk_children(&mut self, node: &Handle, target: &mut dyn Target) -> Result<(), Error> {
        let kids: Vec<Handle> = node.children.borrow().iter().cloned().collect();
        for k in kids {
            self.walk(&k, target)?;
        }
        Ok(())
    }

    fn walk(&mut self, root: &Handle, target: &mut dyn Target) -> Result<(), Error> {
        let mut stack = vec![Step::Enter(root.clone())];
        while let Some(step) = stack.pop() {
            let node = match step {
                Step::Exit(block) => {
                    if block {
                        target.block_break();
                    }
                    continue;
                }
                Step::Enter(n) => n,
            };
            match &node.data {
                NodeData::Text { contents } => {
                    let t = contents.borrow();
                    self.text(&t, target);
                }
                NodeData::Element { name, .. } => {
                    let tag = name.local.as_ref();
                    if RAW_TEXT.contains(&tag) {
                        continue; // the aligner skips raw text too
                    }
                    if self.boxes.contains(&(Rc::as_ptr(&node) as usize)) {
                        self.collect_meta(&node)?;
                        continue;
                    }
                    if DROP_TAGS.contains(&tag)
                        || (target.is_flow() && self.is_chrome_element(&node, tag))
                    {
                        self.walk_children(&node, &mut Null)?;
                        continue;
                    }
                    if tag == "br" {
                        target.block_break();
                        continue;
                    }
                    if tag == "table" && self.table(&node, target)? {
                        continue;
                    }
                    let block = BLOCK.contains(&tag);
                    if block {
                        target.block_break();
                    }
                    stack.push(Step::Exit(block));
                    for c in node.children.borrow().iter().rev() {
                        stack.push(Step::Enter(c.clone()));
                    }
                }
                NodeData::Document => {
                    for c in node.children.borrow().iter().rev() {
                        stack.push(Step::Enter(c.clone()));
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Reads the info box into [`PageMeta`]; its text stays out of the document.
    fn collect_meta(&mut self, node: &Handle) -> Result<(), Error> {
        let mut col = Collector::default();
        self.walk_children(node, &mut col)?;
        col.flush();
        let tokens = col.tokens;
        let mut i = 0;
        while let Some(tok) = tokens.get(i) {
            let found = find_labels(tok);
            for (k, (at, len, field)) in found.iter().enumerate() {
                let end = found.get(k + 1).map_or(tok.len(), |n| n.0);
                let mut v = tok.get(at + len..end).unwrap_or("").trim();
                v = v.trim_start_matches([':', '：', ' ']).trim();
                let mut value = v.to_owned();
                if value.is_empty() && k + 1 == found.len() {
                    if let Some(next) = tokens.get(i + 1) {
                        if find_labels(next).first().is_none_or(|f| f.0 > 0) {
                            value = next.trim().to_owned();
                            i += 1;
                        }
                    }
                }
                if value.is_empty() {
                    continue;
                }
                let slot = match field {
                    Field::Index => &mut self.meta.index_no,
                    Field::Publisher => &mut self.meta.publisher,
                    Field::Date => &mut self.meta.date,
                    Field::Title => &mut self.meta.title,
                    Field::Other => continue,
                };
                if slot.is_none() {
                    *slot = Some(value);
                }
            }
            i += 1;
        }
        Ok(())
    }

    /// Renders a table. Returns false for a layout table (nested tables, a single cell, or
    /// cells holding long prose), whose content the caller then walks as ordinary blocks.
    fn table(&mut self, table: &Handle, target: &mut dyn Target) -> Result<bool, Error> {
        let mut rows: Vec<Handle> = Vec::new();
        let mut captions: Vec<Handle> = Vec::new();
        for c in table.children.borrow().iter() {
            match tag_of(c) {
                Some("tr") => rows.push(c.clone()),
                Some("thead" | "tbody" | "tfoot") => rows.extend(
                    c.children
                        .borrow()
                        .iter()
                        .filter(|r| tag_of(r) == Some("tr"))
                        .cloned(),
                ),
                Some("caption") => captions.push(c.clone()),
                _ => {}
            }
        }
        let cells_of = |r: &Handle| -> Vec<Handle> {
            r.children
                .borrow()
                .iter()
                .filter(|c| matches!(tag_of(c), Some("td" | "th")))
                .cloned()
                .collect()
        };
        let n_cells: usize = rows.iter().map(|r| cells_of(r).len()).sum();
        if n_cells <= 1 || has_descendant(table, "table", 20_000) {
            return Ok(false);
        }
        for r in &rows {
            for c in cells_of(r) {
                if bounded_text(&c, 300, 1000).is_none() {
                    return Ok(false);
                }
            }
        }
        for c in &captions {
            target.block_break();
            self.walk_children(c, target)?;
            target.block_break();
        }
        // Place the cells on the grid.
        let n_rows = rows.len();
        let mut grid: Vec<Vec<Option<usize>>> = vec![Vec::new(); n_rows];
        let mut bufs: Vec<CellBuf> = Vec::new();
        let mut total = 0usize;
        for (r, row) in rows.iter().enumerate() {
            let mut col = 0;
            for cell in cells_of(row) {
                let cs = parse_span(attr(&cell, "colspan"), 1000).max(1);
                let rs = match parse_span(attr(&cell, "rowspan"), 65534) {
                    0 => n_rows - r,
                    n => n.min(n_rows - r),
                };
                while grid
                    .get(r)
                    .and_then(|g| g.get(col))
                    .is_some_and(Option::is_some)
                {
                    col += 1;
                }
                let mut buf = CellBuf::default();
                self.walk_children(&cell, &mut buf)?;
                let idx = bufs.len();
                bufs.push(buf);
                for rr in r..r + rs {
                    if let Some(g) = grid.get_mut(rr) {
                        if g.len() < col + cs {
                            total += col + cs - g.len();
                            if total > self.limits.max_grid_cells {
                                return Err(Error::TableTooLarge {
                                    limit: self.limits.max_grid_cells,
                                });
                            }
                            g.resize(col + cs, None);
                        }
                        for slot in g.iter_mut().skip(col).take(cs) {
                            *slot = Some(idx);
                        }
                    }
                }
                col += cs;
            }
        }
        let width = grid.iter().map(Vec::len).max().unwrap_or(0);
        if width.saturating_mul(grid.len()) > self.limits.max_grid_cells {
            return Err(Error::TableTooLarge {
                limit: self.limits.max_grid_cells,
            });
        }
        let empty = CellBuf::default();
        let mut out_grid = Grid { rows: Vec::new() };
        for g in &grid {
            if g.iter().all(Option::is_none) {
                continue;
            }
            let cells: Vec<&CellBuf> = (0..width)
                .map(|c| {
                    g.get(c)
                        .copied()
                        .flatten()
                        .and_then(|i| bufs.get(i))
                        .unwrap_or(&empty)
                })
                .collect();
            out_grid.rows.push(cells.iter().map(|c| c.text()).collect());
            match target.as_flow() {
                Some(flow) => flow.row(&cells),
                None => {
                    target.block_break();
                    for c in &cells {
                        for (ch, s) in &c.chars {
                            target.text_char(*ch, *s);
                        }
                        target.block_break();
                    }
                }
            }
        }
        if target.is_flow() {
            self.grids.push(out_grid);
        }
        Ok(true)
    }
}

fn parent(h: &Handle) -> Option<Handle> {
    let w = h.parent.take();
    let p = w.as_ref().and_then(std::rc::Weak::upgrade);
    h.parent.set(w);
    p
}

/// Labels in a token: (byte position, byte length, field), longest label at each position.
fn find_labels(tok: &str) -> Vec<(usize, usize, Field)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tok.len() {
        let rest = tok.get(i..).unwrap_or("");
        let hit = META_LABELS
            .iter()
            .filter(|(l, _)| rest.starts_with(l))
            .max_by_key(|(l, _)| l.len());
        match hit {
            Some((l, f)) => {
                // "名称"/"标题" only count at the start of a token or after a separator.
                let standalone = !matches!(f, Field::Title) || i == 0;
                if standalone {
                    out.push((i, l.len(), *f));
                }
                i += l.len();
            }
            None => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}

/// Collects the text of an info box as tokens split at block boundaries.
#[derive(Default)]
struct Collector {
    tokens: Vec<String>,
    cur: String,
}

impl Collector {
    fn flush(&mut self) {
        let t = self.cur.trim();
        if !t.is_empty() {
            self.tokens.push(t.to_owned());
        }
        self.cur.clear();
    }
}

impl Target for Collector {
    fn text_char(&mut self, c: char, _src: Src) {
        self.cur.push(if c.is_whitespace() { ' ' } else { c });
    }
    fn block_break(&mut self) {
        self.flush();
    }
}
