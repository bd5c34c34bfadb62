//! How deep an HTML fragment's elements nest as an HTML parser builds them: the guard in
//! front of the sanitiser. html5ever's tree builder (under ammonia) rescans its stack of open
//! elements for many start tags, so its time grows with the square of the nesting depth (a
//! 100 KB post of `>` took 49 s; servo/html5ever#788), and nothing caps the depth. Browsers
//! build no deeper than 512 (Blink's and WebKit's `kMaximumHTMLParserDOMTreeDepth`), so a
//! post nested deeper shows nothing a reader could see the same way anyway: it is refused.
//!
//! The depth is measured with html5ever's own tree builder, not a tag scan of our own (a
//! scanner would have to know foster parenting, formatting reconstruction, foreign content
//! and which end tags the builder ignores, and each gap would hide depth from it). The sink
//! keeps only elements and their parents; each element's depth is counted up its parents
//! when it is inserted, at most one past the limit, and the input is fed in pieces so the
//! parse stops soon after the limit is passed: the cost stays linear in the input.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{Attribute, ExpandedName, LocalName, QualName, local_name, ns};

/// The deepest an element may be nested in a post's HTML, as browsers build it.
pub(crate) const MAX_DEPTH: usize = 512;

/// How much of the fragment the parser takes at a time: the parse stops at the first piece
/// that passes the limit, which can deepen the tree by at most a piece's worth of tags.
const PIECE: usize = 4096;

/// The deepest nesting of `html`'s elements (a fragment in a `<div>`, as the sanitiser parses
/// it) — or, for a fragment of too few tags to nest past [`MAX_DEPTH`], a bound on it — or
/// `Err` with a depth past [`MAX_DEPTH`] as soon as one is found.
pub(crate) fn nesting_depth(html: &str) -> Result<usize, usize> {
    // Each element takes a `<`, and each start tag can add at most three more levels of its
    // own (a table's implied `tbody` and `tr`) plus the formatting elements open before it:
    // so few tags cannot nest deep, and need no parse.
    let tags = html.bytes().filter(|&b| b == b'<').count();
    if 4 * tags + 4 <= MAX_DEPTH {
        return Ok(tags);
    }
    let context = QualName::new(None, ns!(html), local_name!("div"));
    let mut parser = html5ever::parse_fragment(
        DepthProbe::default(),
        html5ever::ParseOpts::default(),
        context,
        Vec::new(),
        false,
    );
    let mut rest = html;
    while !rest.is_empty() {
        let mut end = rest.len().min(PIECE);
        while !rest.is_char_boundary(end) {
            end += 1;
        }
        let (piece, after) = rest.split_at(end);
        parser.process(StrTendril::from_slice(piece));
        rest = after;
        let deepest = parser.tokenizer.sink.sink.deepest.get();
        if deepest > MAX_DEPTH {
            return Err(deepest);
        }
    }
    let deepest = parser.finish();
    match deepest > MAX_DEPTH {
        true => Err(deepest),
        false => Ok(deepest),
    }
}

/// A node of the probe's tree: an element's name (none for the document, a comment), its
/// parent, its children (the tree builder moves them between parents) and, for a
/// `<template>`, the fragment holding its contents.
struct Node {
    name: Option<QualName>,
    parent: RefCell<Weak<Node>>,
    children: RefCell<Vec<Rc<Node>>>,
    template: Option<Rc<Node>>,
}

impl Node {
    fn new(name: Option<QualName>, template: bool) -> Rc<Node> {
        Rc::new(Node {
            name,
            parent: RefCell::new(Weak::new()),
            children: RefCell::new(Vec::new()),
            template: template.then(|| Node::new(None, false)),
        })
    }

    /// How deep `self` is in the fragment — its ancestors but the document and the `<html>`
    /// root a fragment is parsed into — counted up to one past [`MAX_DEPTH`].
    fn depth(&self) -> usize {
        let mut ancestors = 0;
        let mut parent = self.parent.borrow().upgrade();
        while let Some(node) = parent {
            ancestors += 1;
            if ancestors > MAX_DEPTH + 1 {
                break;
            }
            parent = node.parent.borrow().upgrade();
        }
        ancestors.saturating_sub(1)
    }

    fn detach(self: &Rc<Node>) {
        let parent = std::mem::take(&mut *self.parent.borrow_mut());
        if let Some(parent) = parent.upgrade() {
            parent
                .children
                .borrow_mut()
                .retain(|child| !Rc::ptr_eq(child, self));
        }
    }

    fn adopt(self: &Rc<Node>, child: Rc<Node>, at: Option<usize>) {
        child.detach();
        *child.parent.borrow_mut() = Rc::downgrade(self);
        let mut children = self.children.borrow_mut();
        let at = at.unwrap_or(children.len()).min(children.len());
        children.insert(at, child);
    }
}

/// The tree sink that measures: a tree of elements without text or attributes, and the
/// deepest element inserted so far.
struct DepthProbe {
    document: Rc<Node>,
    deepest: Cell<usize>,
}

impl Default for DepthProbe {
    fn default() -> Self {
        DepthProbe {
            document: Node::new(None, false),
            deepest: Cell::new(0),
        }
    }
}

impl DepthProbe {
    /// Puts `child` under `parent` (at `at` among its children) and notes its depth.
    fn insert(&self, parent: &Rc<Node>, child: NodeOrText<Rc<Node>>, at: Option<usize>) {
        // Text is never deeper than its parent element: only elements count.
        if let NodeOrText::AppendNode(child) = child {
            parent.adopt(child.clone(), at);
            if child.name.is_some() {
                self.deepest.set(self.deepest.get().max(child.depth()));
            }
        }
    }
}

impl TreeSink for DepthProbe {
    type Handle = Rc<Node>;
    type Output = usize;
    type ElemName<'a> = ExpandedName<'a>;

    fn finish(self) -> usize {
        // Dropped a level at a time: the tree may be deep, and `Rc` drops recursively.
        let mut stack = vec![self.document];
        while let Some(node) = stack.pop() {
            stack.append(&mut node.children.borrow_mut());
        }
        self.deepest.get()
    }

    fn parse_error(&self, _message: Cow<'static, str>) {}

    fn get_document(&self) -> Rc<Node> {
        self.document.clone()
    }

    fn elem_name<'a>(&'a self, target: &'a Rc<Node>) -> ExpandedName<'a> {
        static NONE: std::sync::LazyLock<QualName> =
            std::sync::LazyLock::new(|| QualName::new(None, ns!(html), LocalName::from("#none")));
        target.name.as_ref().unwrap_or(&NONE).expanded()
    }

    fn create_element(
        &self,
        name: QualName,
        _attributes: Vec<Attribute>,
        flags: ElementFlags,
    ) -> Rc<Node> {
        Node::new(Some(name), flags.template)
    }

    fn create_comment(&self, _text: StrTendril) -> Rc<Node> {
        Node::new(None, false)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> Rc<Node> {
        Node::new(None, false)
    }

    fn append(&self, parent: &Rc<Node>, child: NodeOrText<Rc<Node>>) {
        self.insert(parent, child, None);
    }

    fn append_based_on_parent_node(
        &self,
        element: &Rc<Node>,
        previous_element: &Rc<Node>,
        child: NodeOrText<Rc<Node>>,
    ) {
        match element.parent.borrow().upgrade().is_some() {
            true => self.append_before_sibling(element, child),
            false => self.append(previous_element, child),
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, target: &Rc<Node>) -> Rc<Node> {
        target
            .template
            .clone()
            .unwrap_or_else(|| Node::new(None, false))
    }

    fn same_node(&self, x: &Rc<Node>, y: &Rc<Node>) -> bool {
        Rc::ptr_eq(x, y)
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &Rc<Node>, child: NodeOrText<Rc<Node>>) {
        let Some(parent) = sibling.parent.borrow().upgrade() else {
            return;
        };
        let at = parent
            .children
            .borrow()
            .iter()
            .position(|known| Rc::ptr_eq(known, sibling));
        self.insert(&parent, child, at);
    }

    fn add_attrs_if_missing(&self, _target: &Rc<Node>, _attributes: Vec<Attribute>) {}

    fn remove_from_parent(&self, target: &Rc<Node>) {
        target.detach();
    }

    fn reparent_children(&self, node: &Rc<Node>, new_parent: &Rc<Node>) {
        let children = std::mem::take(&mut *node.children.borrow_mut());
        for child in children {
            *child.parent.borrow_mut() = Weak::new();
            new_parent.adopt(child, None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_is_the_nesting_a_parser_builds() {
        // Few tags: a bound, with no parse.
        assert_eq!(nesting_depth("plain text"), Ok(0));
        assert!(nesting_depth("<p>a <em>b</em></p>").unwrap() >= 2);
        let long = format!("{}<p>a <em>b</em></p>", "<br>".repeat(200));
        assert_eq!(nesting_depth(&long), Ok(2));
        // Paragraphs and list items close themselves: many of them are not deep.
        assert_eq!(nesting_depth(&"<p>x".repeat(2000)), Ok(1));
        assert_eq!(
            nesting_depth(&format!("<ul>{}</ul>", "<li>x".repeat(2000))),
            Ok(2)
        );
        // `/>` closes nothing in HTML, but does in SVG.
        assert_eq!(
            nesting_depth(&format!("<svg>{}</svg>", "<path/>".repeat(2000))),
            Ok(2)
        );
        assert_eq!(nesting_depth(&"<div/>".repeat(600)), Err(MAX_DEPTH + 1));
        // End tags the parser ignores hide no depth.
        assert_eq!(
            nesting_depth(&"<div></span>".repeat(600)),
            Err(MAX_DEPTH + 1)
        );
        assert_eq!(
            nesting_depth(&"<blockquote>".repeat(MAX_DEPTH)),
            Ok(MAX_DEPTH)
        );
        assert!(nesting_depth(&"<blockquote>".repeat(MAX_DEPTH + 1)).is_err());
        assert!(nesting_depth(&"<b><i>".repeat(400)).is_err());
        assert!(nesting_depth(&"<table><tr><td>".repeat(200)).is_err());
    }
}
