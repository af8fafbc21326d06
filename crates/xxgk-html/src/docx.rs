//! Word (.docx) reader: `word/document.xml` from the zip, paragraphs as lines, tables with
//! `w:gridSpan` and `w:vMerge` expanded to a grid.
//!
//! Spans: the text of a .docx lives in a compressed zip member, and compressed bytes cannot be
//! addressed, so the whole text maps to the empty span at offset 0 of the input.

use crate::out::{CellBuf, Flow, Src, Target};
use crate::{Document, Error, Grid, Limits, PageMeta};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::io::{Cursor, Read};
use xxgk_normalize::map::{Edit, MapChain, OffsetMap};

#[derive(Clone, Copy, PartialEq, Eq)]
enum VMerge {
    None,
    Restart,
    Continue,
}

struct DCell {
    span: usize,
    vmerge: VMerge,
    buf: CellBuf,
}

#[derive(Default)]
struct DRow {
    before: usize,
    cells: Vec<DCell>,
}

pub(crate) fn read(bytes: &[u8], limits: &Limits) -> Result<Document, Error> {
    if bytes.len() > limits.max_input_bytes {
        return Err(Error::TooLarge {
            size: bytes.len(),
            limit: limits.max_input_bytes,
        });
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(Error::Unsupported(
            "an OLE compound file: a legacy .doc or a password-protected Office document".into(),
        ));
    }
    let xml = part(bytes, "word/document.xml", limits.max_docx_xml_bytes)?;
    // The title in the document properties, when there is one (not required).
    let title = part(bytes, "docProps/core.xml", 1 << 20)
        .ok()
        .and_then(|x| core_title(&x));
    let (text, grids) = parse_document(&xml, limits)?;
    let mut chain = MapChain::new();
    if !text.is_empty() {
        chain.push(OffsetMap::from_edits(vec![Edit {
            orig_start: 0,
            orig_end: 0,
            norm_start: 0,
            norm_end: text.len(),
            unit: None,
        }]));
    }
    Ok(Document {
        text,
        chain,
        metadata: PageMeta {
            title,
            ..PageMeta::default()
        },
        grids,
        encoding: "UTF-8",
    })
}

fn zip_err(e: zip::result::ZipError) -> Error {
    match e {
        zip::result::ZipError::UnsupportedArchive(m)
            if m == zip::result::ZipError::PASSWORD_REQUIRED =>
        {
            Error::Encrypted
        }
        zip::result::ZipError::InvalidPassword => Error::Encrypted,
        zip::result::ZipError::FileNotFound => Error::MissingPart("word/document.xml"),
        e => Error::Zip(e.to_string()),
    }
}

/// `dc:title` of `docProps/core.xml`, trimmed, when not empty.
fn core_title(xml: &[u8]) -> Option<String> {
    let mut reader = Reader::from_reader(xml);
    let mut in_title = false;
    let mut out = String::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if e.local_name().as_ref() == b"title" => in_title = true,
            Event::End(e) if e.local_name().as_ref() == b"title" => break,
            Event::Text(t) if in_title => out.push_str(&t.xml10_content().ok()?),
            Event::Eof => break,
            _ => {}
        }
    }
    let t = out.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// The decompressed bytes of one zip member, at most `limit` of them.
fn part(bytes: &[u8], name: &'static str, limit: usize) -> Result<Vec<u8>, Error> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(zip_err)?;
    let file = zip.by_name(name).map_err(|e| match e {
        zip::result::ZipError::FileNotFound => Error::MissingPart(name),
        e => zip_err(e),
    })?;
    if file.encrypted() {
        return Err(Error::Encrypted);
    }
    if file.size() > limit as u64 {
        return Err(Error::TooLarge {
            size: usize::try_from(file.size()).unwrap_or(usize::MAX),
            limit,
        });
    }
    let mut out = Vec::new();
    file.take(limit as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| Error::Zip(e.to_string()))?;
    if out.len() > limit {
        return Err(Error::TooLarge {
            size: out.len(),
            limit,
        });
    }
    Ok(out)
}

fn val(e: &quick_xml::events::BytesStart<'_>) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == b"val")
        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
}

fn parse_document(xml: &[u8], limits: &Limits) -> Result<(String, Vec<Grid>), Error> {
    let mut reader = Reader::from_reader(xml);
    let mut flow = Flow::default();
    flow.out.untracked = true;
    let mut grids = Vec::new();
    let mut depth = 0usize; // table nesting
    let mut rows: Vec<DRow> = Vec::new();
    let mut cell: Option<DCell> = None;
    let mut in_t = false;
    let at = Src::at(0);
    let xml_err = |e: quick_xml::Error| Error::Xml(e.to_string());
    loop {
        let ev = reader.read_event().map_err(xml_err)?;
        let (start, empty) = match &ev {
            Event::Start(_) => (true, false),
            Event::Empty(_) => (true, true),
            _ => (false, false),
        };
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) if start => {
                let name = e.local_name();
                match name.as_ref() {
                    b"t" if !empty => in_t = true,
                    b"tab" => feed(&mut cell, &mut flow, ' ', at),
                    b"br" | b"cr" => brk(&mut cell, &mut flow),
                    b"tbl" if !empty => {
                        depth += 1;
                        if depth == 1 {
                            rows.clear();
                        }
                    }
                    b"tr" if depth == 1 && !empty => rows.push(DRow::default()),
                    b"gridBefore" if depth == 1 => {
                        if let Some(r) = rows.last_mut() {
                            r.before = num(val(e), 1000);
                        }
                    }
                    b"tc" if depth == 1 && !empty => {
                        cell = Some(DCell {
                            span: 1,
                            vmerge: VMerge::None,
                            buf: CellBuf::default(),
                        })
                    }
                    b"gridSpan" if depth == 1 => {
                        if let Some(c) = cell.as_mut() {
                            c.span = num(val(e), 1000).max(1);
                        }
                    }
                    b"vMerge" if depth == 1 => {
                        if let Some(c) = cell.as_mut() {
                            c.vmerge = match val(e).as_deref() {
                                Some("restart") => VMerge::Restart,
                                _ => VMerge::Continue,
                            };
                        }
                    }
                    _ => {}
                }
            }
            Event::End(ref e) => match e.local_name().as_ref() {
                b"t" => in_t = false,
                b"p" => brk(&mut cell, &mut flow),
                b"tc" if depth == 1 => {
                    if let (Some(c), Some(r)) = (cell.take(), rows.last_mut()) {
                        r.cells.push(c);
                    }
                }
                b"tbl" => {
                    if depth == 1 {
                        let g = emit_table(&mut flow, std::mem::take(&mut rows), limits)?;
                        grids.push(g);
                    }
                    depth = depth.saturating_sub(1);
                }
                _ => {}
            },
            Event::Text(ref t) if in_t => {
                let s = t.xml10_content().map_err(|e| Error::Xml(e.to_string()))?;
                for ch in s.chars() {
                    feed(&mut cell, &mut flow, ch, at);
                }
            }
            Event::GeneralRef(ref r) if in_t => {
                let ch = match r.resolve_char_ref().map_err(xml_err)? {
                    Some(c) => Some(c),
                    None => match r.decode().map_err(|e| Error::Xml(e.to_string()))?.as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(ch) = ch {
                    feed(&mut cell, &mut flow, ch, at);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok((flow.out.finish().0, grids))
}

fn num(v: Option<String>, max: usize) -> usize {
    v.and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .min(max)
}

fn feed(cell: &mut Option<DCell>, flow: &mut Flow, ch: char, at: Src) {
    match cell {
        Some(c) => c.buf.text_char(ch, at),
        None => flow.text_char(ch, at),
    }
}

fn brk(cell: &mut Option<DCell>, flow: &mut Flow) {
    match cell {
        Some(c) => c.buf.block_break(),
        None => flow.block_break(),
    }
}

fn emit_table(flow: &mut Flow, rows: Vec<DRow>, limits: &Limits) -> Result<Grid, Error> {
    // grid[r][c] = index into `cells`
    let mut grid: Vec<Vec<Option<usize>>> = Vec::with_capacity(rows.len());
    let mut cells: Vec<CellBuf> = Vec::new();
    let mut total = 0usize;
    for row in rows {
        let mut line: Vec<Option<usize>> = vec![None; row.before];
        for c in row.cells {
            let col = line.len();
            let idx = if c.vmerge == VMerge::Continue {
                grid.last()
                    .and_then(|prev| prev.get(col).copied().flatten())
                    .unwrap_or_else(|| {
                        cells.push(c.buf.clone());
                        cells.len() - 1
                    })
            } else {
                cells.push(c.buf);
                cells.len() - 1
            };
            line.extend(std::iter::repeat_n(Some(idx), c.span));
        }
        total += line.len();
        if total > limits.max_grid_cells {
            return Err(Error::TableTooLarge {
                limit: limits.max_grid_cells,
            });
        }
        grid.push(line);
    }
    let width = grid.iter().map(Vec::len).max().unwrap_or(0);
    let empty = CellBuf::default();
    let mut out = Grid { rows: Vec::new() };
    for line in &grid {
        let row: Vec<&CellBuf> = (0..width)
            .map(|c| {
                line.get(c)
                    .copied()
                    .flatten()
                    .and_then(|i| cells.get(i))
                    .unwrap_or(&empty)
            })
            .collect();
        out.rows.push(row.iter().map(|c| c.text()).collect());
        flow.row(&row);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::{read_docx, read_docx_with, sniff, Error, InputKind, Limits};
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    fn docx_with(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut buf);
        for (name, data) in parts {
            z.start_file(*name, SimpleFileOptions::default()).unwrap();
            z.write_all(data).unwrap();
        }
        z.finish().unwrap();
        buf.into_inner()
    }

    fn p(t: &str) -> String {
        format!("<w:p><w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r></w:p>")
    }

    fn tc(t: &str, props: &str) -> String {
        format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p(t))
    }

    fn document(body: &str) -> Vec<u8> {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document \
             xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
             <w:body>{body}</w:body></w:document>"
        )
        .into_bytes()
    }

    #[test]
    fn paragraphs_and_merged_cells() {
        let restart = "<w:vMerge w:val=\"restart\"/>";
        let cont = "<w:vMerge/>";
        let span2 = "<w:gridSpan w:val=\"2\"/>";
        let mut body = p("一、总体情况") + &p("正文 a&amp;b");
        body.push_str("<w:tbl><w:tblGrid/>");
        body.push_str(&format!(
            "<w:tr>{}{}</w:tr>",
            tc("信息内容", span2),
            tc("数量", "")
        ));
        body.push_str(&format!(
            "<w:tr>{}{}{}</w:tr>",
            tc("三、本年度办理结果", restart),
            tc("（一）予以公开", ""),
            tc("7", "")
        ));
        body.push_str(&format!(
            "<w:tr>{}<w:tc><w:tcPr/>{}{}</w:tc>{}</w:tr>",
            tc("", cont),
            p("（二）部分"),
            p("公开"),
            tc("", "")
        ));
        body.push_str("</w:tbl>");
        body.push_str(&p("二、主动公开"));
        let core = "<cp:coreProperties xmlns:cp=\"c\" xmlns:dc=\"d\"><dc:title> 某局年报 </dc:title></cp:coreProperties>";
        let bytes = docx_with(&[
            ("word/document.xml", &document(&body)),
            ("docProps/core.xml", core.as_bytes()),
        ]);
        assert_eq!(sniff(&bytes), InputKind::Docx);
        let doc = read_docx(&bytes).unwrap();
        assert_eq!(
            doc.text,
            "一、总体情况\n正文 a&b\n| 信息内容 | 信息内容 | 数量 |\n\
             | 三、本年度办理结果 | （一）予以公开 | 7 |\n\
             | 三、本年度办理结果 | （二）部分 公开 |  |\n二、主动公开"
        );
        assert_eq!(doc.metadata.title.as_deref(), Some("某局年报"));
        assert_eq!(doc.grids.len(), 1);
        assert_eq!(doc.grids[0].rows[2][0], "三、本年度办理结果");
        // DOCX text maps to the empty span at 0.
        let s = doc.chain.to_original(xxgk_model::Span::new(3, 9));
        assert_eq!(s, xxgk_model::Span::new(0, 0));
    }

    #[test]
    fn broken_inputs_are_typed_errors() {
        assert!(matches!(
            read_docx(b"PK\x03\x04garbage"),
            Err(Error::Zip(_))
        ));
        assert!(matches!(read_docx(b"not a zip"), Err(Error::Zip(_))));
        let no_doc = docx_with(&[("word/styles.xml", b"<x/>")]);
        assert_eq!(
            read_docx(&no_doc).unwrap_err(),
            Error::MissingPart("word/document.xml")
        );
        let bad_xml = docx_with(&[("word/document.xml", b"<w:document><w:body></w:p>")]);
        assert!(matches!(read_docx(&bad_xml), Err(Error::Xml(_))));
        let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        assert!(matches!(read_docx(&ole), Err(Error::Unsupported(_))));
        assert_eq!(sniff(&ole), InputKind::Binary);
    }

    #[test]
    fn zip_bomb_is_refused() {
        // 8 MiB of one repeated paragraph compresses to a few KiB.
        let body = p("零").repeat(8 << 20 >> 6);
        let bytes = docx_with(&[("word/document.xml", &document(&body))]);
        assert!(bytes.len() < 1 << 20);
        let limits = Limits {
            max_docx_xml_bytes: 1 << 20,
            ..Limits::default()
        };
        assert!(matches!(
            read_docx_with(&bytes, &limits),
            Err(Error::TooLarge { .. })
        ));
    }
}
