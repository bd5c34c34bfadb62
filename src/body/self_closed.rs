//! Elements written closed in JSX style (`<iframe src="…" />`, `<div />`), as MDX closes them.
//! HTML ignores the `/` of a start tag that is not a void element's: an `<iframe … />` left
//! as it is takes the rest of the post as its text in every reader (and in feedsmith's own
//! URL pass), and a `<div />` holds everything after it. Each such tag of a post's raw HTML
//! gets its end tag right after it, what its writer meant and what MDX renders.

use std::borrow::Cow;

/// The void elements of HTML: a `/` closing their start tag is allowed and changes nothing.
const VOID: [&str; 16] = [
    "area", "base", "br", "col", "command", "embed", "hr", "img", "input", "keygen", "link",
    "meta", "param", "source", "track", "wbr",
];

/// `html` with each start tag of a non-void element that ends in `/>` followed by its end
/// tag. Tags are read as HTML's tokenizer reads them: a `/` inside a quoted value, or in an
/// unquoted one (`<a href=x/>`), closes nothing; comments and the text of `<script>` and
/// `<style>` are passed over. One pass, each byte looked at a bounded number of times; a tag
/// that never ends (an unclosed quote) ends the scan, as a parser takes the rest into it.
pub(crate) fn close(html: &str) -> Cow<'_, str> {
    if !html.contains("/>") {
        return Cow::Borrowed(html);
    }
    let mut out = String::new();
    let mut copied = 0;
    let mut at = 0;
    while let Some(offset) = html[at..].find('<') {
        let start = at + offset;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            match rest.find("-->") {
                Some(end) => at = start + end + 3,
                None => break,
            }
            continue;
        }
        let name_len = tag_name_len(&rest[1..]);
        if name_len == 0 {
            at = start + 1;
            continue;
        }
        let name = &rest[1..1 + name_len];
        let Some(tag) = read_tag(&rest[1 + name_len..]) else {
            break;
        };
        let end = start + 1 + name_len + tag.len;
        let lower = name.to_ascii_lowercase();
        if tag.self_closing && !VOID.contains(&lower.as_str()) {
            // Up to the `/`, then `>` and the end tag.
            out.push_str(&html[copied..end - 2]);
            out.push_str("></");
            out.push_str(name);
            out.push('>');
            copied = end;
        }
        at = end;
        if !tag.self_closing && matches!(lower.as_str(), "script" | "style") {
            match find_end_tag(&html[at..], &lower) {
                Some(skip) => at += skip,
                None => break,
            }
        }
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// The length of the tag name at the start of `text` (after `<`): a letter, then letters,
/// digits, `-`, `_`, `:` or `.`; 0 when it is no start tag.
fn tag_name_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    if !bytes.first().is_some_and(u8::is_ascii_alphabetic) {
        return 0;
    }
    bytes
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
        .count()
}

/// A start tag's attributes and end, read after its name.
struct TagEnd {
    /// Bytes up to and including the tag's `>`.
    len: usize,
    /// It ends in `/>` where HTML's tokenizer sees a self-closing flag.
    self_closing: bool,
}

/// Reads the attributes after a tag's name up to its `>`, as HTML's tokenizer does; `None`
/// when the text ends first.
fn read_tag(text: &str) -> Option<TagEnd> {
    let bytes = text.as_bytes();
    let mut i = 0;
    loop {
        while bytes.get(i)?.is_ascii_whitespace() {
            i += 1;
        }
        match bytes[i] {
            b'>' => {
                return Some(TagEnd {
                    len: i + 1,
                    self_closing: false,
                });
            }
            b'/' if bytes.get(i + 1) == Some(&b'>') => {
                return Some(TagEnd {
                    len: i + 2,
                    self_closing: true,
                });
            }
            b'/' => i += 1,
            _ => {
                // An attribute's name (its first character may be `=`, as HTML has it).
                i += 1;
                while !matches!(bytes.get(i)?, b'=' | b'>' | b'/')
                    && !bytes[i].is_ascii_whitespace()
                {
                    i += 1;
                }
                while bytes.get(i)?.is_ascii_whitespace() {
                    i += 1;
                }
                if bytes[i] == b'=' {
                    i += 1;
                    while bytes.get(i)?.is_ascii_whitespace() {
                        i += 1;
                    }
                    i += value_len(&bytes[i..])?;
                }
            }
        }
    }
}

/// The length of an attribute value at the start of `bytes`: quoted up to its closing
/// quote, else up to whitespace or `>` (a `/` belongs to it); `None` when it never ends.
fn value_len(bytes: &[u8]) -> Option<usize> {
    match bytes.first()? {
        quote @ (b'"' | b'\'') => {
            let close = bytes[1..].iter().position(|b| b == quote)?;
            Some(close + 2)
        }
        _ => Some(
            bytes
                .iter()
                .position(|b| b.is_ascii_whitespace() || *b == b'>')
                .unwrap_or(bytes.len()),
        ),
    }
}

/// Where the text of a `<script>` or `<style>` ends: just after its `</name`; `None` when
/// it never does.
fn find_end_tag(text: &str, name: &str) -> Option<usize> {
    let mut at = 0;
    while let Some(offset) = text[at..].find("</") {
        let start = at + offset + 2;
        let candidate = text.get(start..start + name.len());
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name)) {
            return Some(start + name.len());
        }
        at = start;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::close;

    #[test]
    fn a_non_void_element_closed_with_a_slash_gets_its_end_tag() {
        for (written, expected) in [
            (
                r#"<iframe src="https://e.com/x" />After"#,
                r#"<iframe src="https://e.com/x" ></iframe>After"#,
            ),
            ("<div/>a", "<div></div>a"),
            (
                "<Video src='./1.mp4' autoPlay/>",
                "<Video src='./1.mp4' autoPlay></Video>",
            ),
            (
                "<iframe\n  src=\"x\"\n  title=\"a /> b\"\n/>\n",
                "<iframe\n  src=\"x\"\n  title=\"a /> b\"\n></iframe>\n",
            ),
            ("<x a=\"1\"b/>", "<x a=\"1\"b></x>"),
        ] {
            assert_eq!(close(written), expected, "{written}");
        }
    }

    #[test]
    fn what_html_does_not_read_as_closed_stays_as_written() {
        for written in [
            "<img src=x.png /><br/><hr />",
            // An unquoted value keeps its `/`: this link's `href` is `x/`.
            "<a href=x/>y</a>",
            "<!-- <div/> --><p>a</p>",
            "<script>let a = '<div/>';</script>",
            "<style>a::after { content: '<b/>' }</style>",
            "a /> b < c",
            // A quote never closed: a parser takes the rest into the tag.
            "<p title=\"never <div/>",
        ] {
            assert_eq!(close(written), written, "{written}");
        }
        // After a script, the scan goes on.
        assert_eq!(
            close("<script>'<x/>'</script><span/>"),
            "<script>'<x/>'</script><span></span>"
        );
    }

    #[test]
    fn many_tags_and_unclosed_quotes_take_one_pass() {
        // (Lengths compared, not the texts: a failure should not print megabytes.)
        let many = "<i/>".repeat(100_000);
        assert_eq!(close(&many).len(), "<i></i>".len() * 100_000);
        // Each quote closes the one before it; the last never closes, and the scan stops.
        let open_quotes = "<a title=\"".repeat(100_001) + "<div/>";
        assert_eq!(close(&open_quotes).len(), open_quotes.len());
    }
}
