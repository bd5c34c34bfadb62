//! Our one XML layer over `quick-xml`'s writer: every text and attribute value written to
//! RSS, Atom or a sitemap passes through [`escape`] here, so escaping happens exactly once
//! and no character XML 1.0 forbids can reach a file.

use std::borrow::Cow;
use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::QName;

/// HTML markup already escaped for XML element content by [`Escaped::markup`]. Escaping a
/// post once and sharing the result is what keeps many feeds cheap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Escaped(String);

impl Escaped {
    /// Escapes `html` (see [`escape_markup`]).
    pub(crate) fn markup(html: &str) -> Escaped {
        Escaped(escape_markup(html).into_owned())
    }
}

/// A streaming XML writer that owns escaping.
pub(crate) struct XmlWriter<W: Write> {
    writer: Writer<W>,
}

impl<W: Write> XmlWriter<W> {
    /// Starts a document with the XML declaration.
    pub(crate) fn new(out: W) -> io::Result<Self> {
        let mut writer = Writer::new_with_indent(out, b' ', 2);
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        Ok(XmlWriter { writer })
    }

    /// Opens `<name attributes…>`.
    pub(crate) fn open(&mut self, name: &str, attributes: &[(&str, &str)]) -> io::Result<()> {
        self.writer
            .write_event(Event::Start(start(name, attributes)))
    }

    /// Closes `</name>`.
    pub(crate) fn close(&mut self, name: &str) -> io::Result<()> {
        self.writer.write_event(Event::End(BytesEnd::new(name)))
    }

    /// Writes `<name attributes…/>`.
    pub(crate) fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) -> io::Result<()> {
        self.writer
            .write_event(Event::Empty(start(name, attributes)))
    }

    /// Writes `<name attributes…>text</name>`, escaping `text`.
    pub(crate) fn text(
        &mut self,
        name: &str,
        attributes: &[(&str, &str)],
        text: &str,
    ) -> io::Result<()> {
        self.open(name, attributes)?;
        self.writer
            .write_event(Event::Text(BytesText::from_escaped(escape(text, false))))?;
        self.close(name)
    }

    /// Writes `<name attributes…>html</name>` for an element whose content is HTML markup
    /// (RSS `description`, `content:encoded`, Atom `type="html"`). Same single escaping as
    /// [`Self::text`], but with the short named entities, since markup is mostly `<` and `>`.
    pub(crate) fn html(
        &mut self,
        name: &str,
        attributes: &[(&str, &str)],
        html: &str,
    ) -> io::Result<()> {
        self.open(name, attributes)?;
        self.writer
            .write_event(Event::Text(BytesText::from_escaped(escape_markup(html))))?;
        self.close(name)
    }

    /// Writes `<name attributes…>html</name>` from markup escaped earlier.
    pub(crate) fn escaped(
        &mut self,
        name: &str,
        attributes: &[(&str, &str)],
        html: &Escaped,
    ) -> io::Result<()> {
        self.open(name, attributes)?;
        self.writer
            .write_event(Event::Text(BytesText::from_escaped(html.0.as_str())))?;
        self.close(name)
    }

    /// A writer for a fragment that will sit `depth` elements deep in a document (an RSS
    /// `item` sits in `rss/channel`): indentation matches the document it is spliced into.
    pub(crate) fn fragment(depth: usize) -> io::Result<XmlWriter<Vec<u8>>> {
        let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
        for _ in 0..depth {
            writer.write_event(Event::Start(BytesStart::new("x")))?;
        }
        writer.get_mut().clear();
        Ok(XmlWriter { writer })
    }

    /// The output, for appending fragments made by [`XmlWriter::fragment`] writers of the
    /// right depth between elements.
    pub(crate) fn inner_mut(&mut self) -> &mut W {
        self.writer.get_mut()
    }

    /// The bytes written so far, for fragment writers.
    pub(crate) fn into_bytes(self) -> W {
        self.writer.into_inner()
    }

    /// Ends the document and hands back the output.
    pub(crate) fn finish(mut self) -> io::Result<W> {
        self.writer.get_mut().write_all(b"\n")?;
        Ok(self.writer.into_inner())
    }
}

fn start<'a>(name: &'a str, attributes: &[(&'a str, &str)]) -> BytesStart<'a> {
    let mut element = BytesStart::new(name);
    for (key, value) in attributes {
        element.push_attribute(Attribute {
            key: QName(key),
            value: escape(value, true),
        });
    }
    element
}

/// Escapes text for element content (`in_attribute == false`) or a double-quoted attribute,
/// and drops characters XML forbids. `&` and `<` become hexadecimal character references, as
/// the RSS Best Practices Profile asks; `>` is escaped too so `]]>` can never appear.
/// Parsers fold CR and, in attributes, tabs and newlines into spaces; references keep them.
pub(crate) fn escape(text: &str, in_attribute: bool) -> Cow<'_, str> {
    escape_with(text, if in_attribute { &ATTRIBUTE } else { &TEXT })
}

/// Escapes HTML markup carried as element text: `&amp;`, `&lt;`, `&gt;`; forbidden
/// characters dropped.
pub(crate) fn escape_markup(html: &str) -> Cow<'_, str> {
    escape_with(html, &MARKUP)
}

/// What one way of escaping does with each byte value, looked up rather than matched: every
/// post's HTML goes through here.
struct Escapes {
    /// The text that replaces a byte, for the bytes that have one.
    replacement: [Option<&'static str>; 256],
    /// Bytes that need a closer look: the replaced ones, controls, DEL, `0xC2` (which starts
    /// the C1 controls) and `0xEF` (which starts U+FFFE and U+FFFF).
    special: [bool; 256],
}

const fn escapes(replacements: &[(u8, &'static str)]) -> Escapes {
    let mut replacement = [None; 256];
    let mut i = 0;
    while i < replacements.len() {
        replacement[replacements[i].0 as usize] = Some(replacements[i].1);
        i += 1;
    }
    let mut special = [false; 256];
    let mut b = 0;
    while b < 256 {
        special[b] = b < 0x20 || b == 0x7F || b == 0xC2 || b == 0xEF || replacement[b].is_some();
        b += 1;
    }
    Escapes {
        replacement,
        special,
    }
}

static TEXT: Escapes = escapes(&[
    (b'&', "&#x26;"),
    (b'<', "&#x3C;"),
    (b'>', "&#x3E;"),
    (b'\r', "&#xD;"),
]);

static ATTRIBUTE: Escapes = escapes(&[
    (b'&', "&#x26;"),
    (b'<', "&#x3C;"),
    (b'>', "&#x3E;"),
    (b'\r', "&#xD;"),
    (b'"', "&#x22;"),
    (b'\n', "&#xA;"),
    (b'\t', "&#x9;"),
]);

static MARKUP: Escapes = escapes(&[
    (b'&', "&amp;"),
    (b'<', "&lt;"),
    (b'>', "&gt;"),
    (b'\r', "&#xD;"),
]);

/// The one escaping loop, over bytes (every replaced or dropped character is ASCII, a
/// two-byte C1 control or the three-byte U+FFFE/U+FFFF): copies runs of plain text whole,
/// replaces the bytes `escapes` names and drops every character
/// [`crate::text::is_publishable`] refuses, as the JSON Feed's writer does
/// ([`super::jsonfeed`]). Borrows when nothing changes.
fn escape_with<'a>(text: &'a str, escapes: &Escapes) -> Cow<'a, str> {
    let bytes = text.as_bytes();
    let special = |b: u8| escapes.special[usize::from(b)];
    let Some(first) = bytes.iter().position(|&b| special(b)) else {
        return Cow::Borrowed(text);
    };
    // Markup grows by about a fifth (`<` and `>` become four bytes each).
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut copied = 0;
    let mut i = first;
    while i < bytes.len() {
        let b = bytes[i];
        if !special(b) {
            i += 1;
            continue;
        }
        let (skip, insert) = if let Some(escaped) = escapes.replacement[usize::from(b)] {
            (1, escaped)
        } else if b == 0xEF {
            let noncharacter =
                bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF));
            if !noncharacter {
                i += 1;
                continue;
            }
            (3, "")
        } else if b == 0xC2 {
            if !matches!(bytes.get(i + 1), Some(0x80..=0x9F)) {
                i += 1;
                continue;
            }
            (2, "")
        } else if matches!(b, b'\t' | b'\n' | b'\r') {
            i += 1;
            continue;
        } else {
            (1, "")
        };
        out.push_str(&text[copied..i]);
        out.push_str(insert);
        i += skip;
        copied = i;
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_once_with_hex_references() {
        assert_eq!(
            escape("a & b < c > d ]]>", false),
            "a &#x26; b &#x3C; c &#x3E; d ]]&#x3E;"
        );
        assert_eq!(escape("say \"hi\"\n", true), "say &#x22;hi&#x22;&#xA;");
        assert_eq!(escape("say \"hi\"\n", false), "say \"hi\"\n");
        assert_eq!(escape("bell\u{7}\u{fffe}", false), "bell");
        // DEL and the C1 controls go too; other characters of `C2` (`¡`, `©`) stay.
        assert_eq!(escape("a\u{7f}b\u{85}c\u{9f}d ¡©", true), "abcd ¡©");
        assert_eq!(escape_markup("<b>\u{80}</b>"), "&lt;b&gt;&lt;/b&gt;");
        assert!(matches!(escape("plain", true), Cow::Borrowed(_)));
    }

    #[test]
    fn escapes_markup_with_named_entities() {
        assert_eq!(
            escape_markup("<p>a &amp; b]]></p>\u{0}"),
            "&lt;p&gt;a &amp;amp; b]]&gt;&lt;/p&gt;"
        );
    }

    #[test]
    fn writes_nested_elements() {
        let mut xml = XmlWriter::new(Vec::new()).unwrap();
        xml.open("a", &[("k", "v&")]).unwrap();
        xml.text("b", &[], "x<y").unwrap();
        xml.empty("c", &[]).unwrap();
        xml.close("a").unwrap();
        let out = String::from_utf8(xml.finish().unwrap()).unwrap();
        assert_eq!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a k=\"v&#x26;\">\n  <b>x&#x3C;y</b>\n  <c/>\n</a>\n"
        );
    }
}
