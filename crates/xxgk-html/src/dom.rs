//! Building the DOM with html5ever, with a nesting-depth limit.
//!
//! The tree builder is fed in 4 KiB chunks into [`markup5ever_rcdom::RcDom`] through a thin
//! [`TreeSink`] wrapper that records each element's depth. Past the limit the parse stops with
//! [`Error::TooDeep`]: html5ever's scope checks walk the stack of open elements, so unbounded
//! nesting would cost quadratic time.

use crate::Error;
use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{parse_document, Attribute, ExpandedName, ParseOpts, QualName};
use markup5ever_rcdom::{Handle, RcDom};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

const CHUNK: usize = 4 * 1024;

/// Hasher for node addresses: one multiply (SipHash showed at the top of profiles).
#[derive(Default)]
struct AddrHasher(u64);

impl std::hash::Hasher for AddrHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type AddrMap = HashMap<usize, u32, std::hash::BuildHasherDefault<AddrHasher>>;

struct DepthSink {
    dom: RcDom,
    depth: RefCell<AddrMap>,
    max_depth: u32,
    too_deep: Cell<bool>,
    /// Nodes made so far (elements, comments, text appends) and the most allowed.
    nodes: Cell<usize>,
    max_nodes: usize,
    too_many: Cell<bool>,
}

fn key(h: &Handle) -> usize {
    Rc::as_ptr(h) as usize
}

impl DepthSink {
    fn depth_of(&self, h: &Handle) -> u32 {
        self.depth.borrow().get(&key(h)).copied().unwrap_or(0)
    }
    fn set_depth(&self, h: &Handle, d: u32) {
        if d > self.max_depth {
            self.too_deep.set(true);
        }
        self.depth.borrow_mut().insert(key(h), d);
    }
    fn count_node(&self) {
        let n = self.nodes.get().saturating_add(1);
        self.nodes.set(n);
        if n > self.max_nodes {
            self.too_many.set(true);
        }
    }
    fn over(&self) -> bool {
        self.too_deep.get() || self.too_many.get()
    }
}

impl TreeSink for DepthSink {
    type Handle = Handle;
    type Output = Self;
    type ElemName<'a>
        = ExpandedName<'a>
    where
        Self: 'a;

    fn finish(self) -> Self {
        self
    }
    fn parse_error(&self, _msg: Cow<'static, str>) {}
    fn get_document(&self) -> Handle {
        self.dom.get_document()
    }
    fn elem_name<'a>(&'a self, target: &'a Handle) -> ExpandedName<'a> {
        self.dom.elem_name(target)
    }
    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> Handle {
        self.count_node();
        self.dom.create_element(name, attrs, flags)
    }
    fn create_comment(&self, text: StrTendril) -> Handle {
        self.count_node();
        self.dom.create_comment(text)
    }
    fn create_pi(&self, target: StrTendril, data: StrTendril) -> Handle {
        self.count_node();
        self.dom.create_pi(target, data)
    }
    fn append(&self, parent: &Handle, child: NodeOrText<Handle>) {
        match &child {
            NodeOrText::AppendNode(n) => self.set_depth(n, self.depth_of(parent) + 1),
            NodeOrText::AppendText(_) => self.count_node(),
        }
        self.dom.append(parent, child)
    }
    fn append_based_on_parent_node(
        &self,
        element: &Handle,
        prev_element: &Handle,
        child: NodeOrText<Handle>,
    ) {
        if let NodeOrText::AppendNode(n) = &child {
            let d = self.depth_of(element).max(self.depth_of(prev_element) + 1);
            self.set_depth(n, d);
        }
        self.dom
            .append_based_on_parent_node(element, prev_element, child)
    }
    fn append_doctype_to_document(&self, n: StrTendril, p: StrTendril, s: StrTendril) {
        self.dom.append_doctype_to_document(n, p, s)
    }
    fn get_template_contents(&self, target: &Handle) -> Handle {
        self.dom.get_template_contents(target)
    }
    fn same_node(&self, x: &Handle, y: &Handle) -> bool {
        self.dom.same_node(x, y)
    }
    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.dom.set_quirks_mode(mode)
    }
    fn append_before_sibling(&self, sibling: &Handle, new_node: NodeOrText<Handle>) {
        if let NodeOrText::AppendNode(n) = &new_node {
            self.set_depth(n, self.depth_of(sibling));
        }
        self.dom.append_before_sibling(sibling, new_node)
    }
    fn add_attrs_if_missing(&self, target: &Handle, attrs: Vec<Attribute>) {
        self.dom.add_attrs_if_missing(target, attrs)
    }
    fn remove_from_parent(&self, target: &Handle) {
        self.dom.remove_from_parent(target)
    }
    fn reparent_children(&self, node: &Handle, new_parent: &Handle) {
        let d = self.depth_of(new_parent) + 1;
        for c in node.children.borrow().iter() {
            self.set_depth(c, d);
        }
        self.dom.reparent_children(node, new_parent)
    }
    fn is_mathml_annotation_xml_integration_point(&self, handle: &Handle) -> bool {
        self.dom.is_mathml_annotation_xml_integration_point(handle)
    }
    fn maybe_clone_an_option_into_selectedcontent(&self, option: &Handle) {
        self.dom.maybe_clone_an_option_into_selectedcontent(option)
    }
}

/// Parses decoded HTML into a DOM; fails when elements nest deeper than `max_depth` or the
/// page makes more than `max_nodes` nodes (elements, comments and text appends: misnested
/// formatting tags make html5ever clone elements, about 250 bytes of DOM each).
pub(crate) fn parse(text: &str, max_depth: usize, max_nodes: usize) -> Result<RcDom, Error> {
    let sink = DepthSink {
        dom: RcDom::default(),
        depth: RefCell::new(AddrMap::default()),
        max_depth: u32::try_from(max_depth).unwrap_or(u32::MAX),
        too_deep: Cell::new(false),
        nodes: Cell::new(0),
        max_nodes,
        too_many: Cell::new(false),
    };
    let error = |sink: &DepthSink| {
        if sink.too_deep.get() {
            Error::TooDeep { limit: max_depth }
        } else {
            Error::TooManyNodes { limit: max_nodes }
        }
    };
    let mut parser = parse_document(sink, ParseOpts::default());
    let mut at = 0;
    while at < text.len() {
        let mut end = (at + CHUNK).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        if let Some(chunk) = text.get(at..end) {
            parser.process(StrTendril::from_slice(chunk));
        }
        at = end;
        if parser.tokenizer.sink.sink.over() {
            return Err(error(&parser.tokenizer.sink.sink));
        }
    }
    let sink = parser.finish();
    if sink.over() {
        return Err(error(&sink));
    }
    Ok(sink.dom)
}
