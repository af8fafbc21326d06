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
    let xml = document_xml(bytes, limits.max_docx_xml_bytes)?;
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
        metadata: PageMeta::default(),
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

fn document_xml(bytes: &[u8], limit: usize) -> Result<Vec<u8>, Error> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(zip_err)?;
    let file = zip.by_name("word/document.xml").map_err(zip_err)?;
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
