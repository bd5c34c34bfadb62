//! Text hygiene: removing the characters XML 1.0 forbids, and the DEL and C1 control
//! characters it allows but validators flag and readers show as garbage, so that no title,
//! tag or body can make an output unreadable, whichever format it ends up in; and the plain
//! text a reader sees of an HTML fragment (for summaries, and descriptions written in HTML).

use std::borrow::Cow;

/// Whether XML 1.0 allows `c` in a document (its `Char` production).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Whether `c` may appear in an output: XML 1.0 allows it, and it is not DEL or a C1 control
/// (U+0080–U+009F, such as U+0085 pasted from a word processor), which the W3C validator
/// reports as bad characters.
pub fn is_publishable(c: char) -> bool {
    is_xml_char(c) && !matches!(c, '\u{7F}'..='\u{9F}')
}

/// Returns `text` without the characters [`is_publishable`] refuses, borrowing when there is
/// nothing to remove (the common case, so the scan costs no allocation).
pub fn clean(text: &str) -> Cow<'_, str> {
    if !has_forbidden(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|&c| is_publishable(c)).collect())
    }
}

/// Whether `text` holds a character [`is_publishable`] refuses, checked on bytes: in UTF-8
/// those are the bytes below 0x20 (but tab, newline, carriage return), DEL (0x7F), the C1
/// controls `C2 80`–`C2 9F`, and the sequences `EF BF BE` and `EF BF BF` (U+FFFE, U+FFFF).
/// This runs over every body and feed, so it avoids decoding and screens a block of bytes at
/// a time with a test the compiler can vectorize, looking closer only at a block that holds a
/// control byte, a `C2` or an `EF`.
pub fn has_forbidden(text: &str) -> bool {
    const BLOCK: usize = 64;
    let bytes = text.as_bytes();
    let suspect = |b: u8| {
        (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r')
            | (b == 0x7F)
            | (b == 0xC2)
            | (b == 0xEF)
    };
    bytes.chunks(BLOCK).enumerate().any(|(n, block)| {
        block.iter().fold(false, |found, &b| found | suspect(b))
            && (n * BLOCK..n * BLOCK + block.len()).any(|i| forbidden_at(bytes, i))
    })
}

/// Whether a forbidden character starts at `bytes[i]`.
fn forbidden_at(bytes: &[u8], i: usize) -> bool {
    let b = bytes[i];
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
        || b == 0x7F
        || (b == 0xC2 && matches!(bytes.get(i + 1), Some(0x80..=0x9F)))
        || (b == 0xEF
            && bytes.get(i + 1) == Some(&0xBF)
            && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)))
}

/// [`clean`] for HTML: also drops each numeric character reference (`&#x1F;`, `&#127;`,
/// `&#xFFFE;`) to a character [`is_publishable`] refuses, or to none at all, since a reader
/// decodes it into that very character. The one cleaning step after every decoding: a
/// post's HTML passes it last, whatever made it (Markdown, raw HTML, the URL pass).
pub fn clean_html(html: &str) -> Cow<'_, str> {
    if !has_numeric_reference(html) {
        return clean(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match numeric_reference(rest) {
            Some((code, len)) if !char::from_u32(code).is_some_and(is_publishable) => {
                rest = &rest[len..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    match clean(&out) {
        Cow::Borrowed(_) => Cow::Owned(out),
        Cow::Owned(cleaned) => Cow::Owned(cleaned),
    }
}

/// Whether `text` holds `&#`, the start of a numeric character reference: a `char` pattern
/// finds each `&` with memchr, far cheaper over every post than a substring search.
pub(crate) fn has_numeric_reference(text: &str) -> bool {
    text.match_indices('&')
        .any(|(at, _)| text.as_bytes().get(at + 1) == Some(&b'#'))
}

/// The code point and length of the numeric character reference `&#…;` that `text` starts
/// with (decimal, or hexadecimal after `x`), if it is one.
pub(crate) fn numeric_reference(text: &str) -> Option<(u32, usize)> {
    let body = text.strip_prefix("&#")?;
    let (digits, radix, skip) = match body.strip_prefix(['x', 'X']) {
        Some(hex) => (hex, 16, 3),
        None => (body, 10, 2),
    };
    let end = digits.find(|c: char| !c.is_digit(radix))?;
    if end == 0 || !digits[end..].starts_with(';') {
        return None;
    }
    // Past U+10FFFF is no character: a huge run of digits decodes to U+FFFD, as browsers do.
    let code = u32::from_str_radix(&digits[..end], radix).unwrap_or(u32::MAX);
    Some((code, skip + end + 1))
}

/// `text` with its numeric character references (`&#233;`, `&#xE9;`) decoded, those to no
/// character as U+FFFD, as HTML reads them; the caller cleans what they decode to.
pub(crate) fn decode_numeric_references(text: &str) -> Cow<'_, str> {
    if !text.contains("&#") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("&#") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match numeric_reference(rest) {
            Some((code, len)) => {
                out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                rest = &rest[len..];
            }
            None => {
                out.push_str("&#");
                rest = &rest[2..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// [`clean`], then trimmed: a value whose edges were control characters loses the spaces
/// they hid, so "\u{0} a" and "a" are the same tag.
pub fn clean_trimmed(text: &str) -> String {
    clean(text).trim().to_string()
}

/// Appends the text of the raw HTML `html` to `out`: tags and comments left out, and what
/// `<pre>`, `<code>`, `<script>`, `<style>` and `<template>` hold (code is not prose), whose
/// depth `skip` carries from one piece of a block to the next; a space where a tag stood so
/// words stay apart. The common named character references are decoded.
pub(crate) fn push_html_text(html: &str, out: &mut String, skip: &mut usize) {
    const SKIPPED: [&str; 5] = ["pre", "code", "script", "style", "template"];
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        if *skip == 0 {
            text.push_str(&rest[..open]);
        }
        rest = &rest[open..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |end| &rest[end + 3..]);
            continue;
        }
        let close = rest.find('>').map_or(rest.len(), |end| end + 1);
        let tag = &rest[1..close.saturating_sub(1).max(1)];
        let (closing, name) = match tag.strip_prefix('/') {
            Some(name) => (true, name),
            None => (false, tag),
        };
        let name = name
            .split(|c: char| c.is_ascii_whitespace() || c == '/')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if SKIPPED.contains(&name.as_str()) {
            match closing {
                true => *skip = skip.saturating_sub(1),
                false => *skip += 1,
            }
        }
        text.push(' ');
        rest = &rest[close..];
    }
    if *skip == 0 {
        text.push_str(rest);
    }
    // Numeric references first and `&amp;` last, so `&amp;lt;` and `&amp;#65;` stay the
    // text `&lt;` and `&#65;` (each reference is decoded once).
    let mut text = decode_numeric_references(&text).into_owned();
    for (reference, decoded) in [
        ("&nbsp;", " "),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&amp;", "&"),
    ] {
        if text.contains(reference) {
            text = text.replace(reference, decoded);
        }
    }
    out.push_str(&text);
}

/// The text a reader sees of the HTML fragment `html` ([`push_html_text`]), each run of
/// white space one space.
pub(crate) fn html_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    push_html_text(html, &mut text, &mut 0);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `n` and the noun in the number `n` asks for: "1 post", "2 posts".
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Escapes plain text for use as HTML (an RSS `description`, an attribute value, the feeds
/// page), dropping what [`is_publishable`] refuses, as every output's writer does.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if !is_publishable(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// An HTML attribute value as a browser reads it: character references (`&#x2F;`, `&#47;`)
/// and named ones (`&amp;`, from HTML5's table) decoded; an `&` that starts none, or a name
/// without its `;`, stays as written. lol_html hands attribute values over undecoded.
pub fn decode_html_references(value: &str) -> Cow<'_, str> {
    if !value.contains('&') {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let reference = after.find(';').map(|end| (&after[..end], end));
        let decoded = reference.and_then(|(name, end)| {
            let text = match name.strip_prefix('#') {
                Some(number) => {
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => number.parse::<u32>().ok(),
                    }?;
                    // A reference to nothing a document may hold is U+FFFD, as browsers do.
                    let c = char::from_u32(code)
                        .filter(|&c| c != '\0')
                        .unwrap_or('\u{FFFD}');
                    Cow::Owned(c.to_string())
                }
                None if name.bytes().all(|b| b.is_ascii_alphanumeric()) => {
                    Cow::Borrowed(quick_xml::escape::resolve_html5_entity(name)?)
                }
                None => return None,
            };
            Some((text, end))
        });
        match decoded {
            Some((text, end)) => {
                out.push_str(&text);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Whether `text` holds `needle` (ASCII), in any case.
pub fn contains_ascii_ignore_case(text: &str, needle: &str) -> bool {
    let first = needle.as_bytes()[0];
    text.match_indices(first as char).any(|(at, _)| {
        text.as_bytes()
            .get(at..at + needle.len())
            .is_some_and(|candidate| candidate.eq_ignore_ascii_case(needle.as_bytes()))
    })
}

/// `text` split at each `separator` outside a quoted stretch (opened and closed by one of
/// `quotes`): a template's arguments, a filter chain.
pub(crate) fn split_outside_quotes<'t>(
    text: &'t str,
    separator: char,
    quotes: &[char],
) -> Vec<&'t str> {
    let mut parts = Vec::new();
    let mut quote = None;
    let mut start = 0;
    for (at, c) in text.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if quotes.contains(&c) => quote = Some(c),
            None if c == separator => {
                parts.push(&text[start..at]);
                start = at + c.len_utf8();
            }
            None => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_loses_references_to_characters_no_output_may_hold() {
        assert_eq!(
            clean_html("a&#x1F;b&#127;c&#133;d&#xFFFE;e&#xffff;f&#0;g&#99999999999;h"),
            "abcdefgh"
        );
        assert_eq!(
            clean_html("&#x41;&#65;&amp;&#x1F600;&#x;&#12 x&#"),
            "&#x41;&#65;&amp;&#x1F600;&#x;&#12 x&#"
        );
        assert_eq!(clean_html("raw \u{7f}\u{85} and &lt;"), "raw  and &lt;");
    }

    #[test]
    fn attribute_references_are_decoded_as_browsers_do() {
        assert_eq!(
            decode_html_references("https:&#x2F;&#x2F;github.com&#x2F;u.png"),
            "https://github.com/u.png"
        );
        assert_eq!(
            decode_html_references("/a.png?w=1&amp;h=2"),
            "/a.png?w=1&h=2"
        );
        assert_eq!(decode_html_references("&#47;img&#47;a.png"), "/img/a.png");
        assert_eq!(decode_html_references("?a=1&b=2&c"), "?a=1&b=2&c");
        assert_eq!(
            decode_html_references("&nosuch; &#0; &#x110000;"),
            "&nosuch; \u{FFFD} \u{FFFD}"
        );
        assert!(matches!(decode_html_references("/plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn removes_controls_and_noncharacters_only() {
        assert_eq!(clean("a\u{0}b\u{1b}c\u{fffe}\u{ffff}d"), "abcd");
        assert_eq!(
            clean("del\u{7f} nel\u{85} c1\u{9f} nbsp\u{a0}°"),
            "del nel c1 nbsp\u{a0}°"
        );
        assert_eq!(clean("tab\tnl\ncr\r é 日本 🎉"), "tab\tnl\ncr\r é 日本 🎉");
        assert!(matches!(clean("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_byte_scan_agrees_with_the_character_rule() {
        for c in [
            '\0',
            '\u{1f}',
            '\t',
            '\n',
            '\r',
            ' ',
            '\u{7f}',
            '\u{85}',
            '\u{80}',
            '\u{9f}',
            '\u{a0}',
            '\u{c2}',
            '\u{fffd}',
            '\u{fffe}',
            '\u{ffff}',
            '\u{10000}',
            '\u{efbf}',
        ] {
            let text = format!("a{c}b");
            assert_eq!(has_forbidden(&text), !is_publishable(c), "{c:?}");
        }
    }

    #[test]
    fn the_byte_scan_finds_a_character_anywhere_in_a_long_text() {
        // Around the scan's 64-byte blocks, and a noncharacter split across two of them.
        for at in [0, 1, 62, 63, 64, 65, 127, 128, 200] {
            for c in ['\u{1}', '\u{fffe}', '\u{ffff}'] {
                let text = format!("{}{c}{}", "x".repeat(at), "y".repeat(150));
                assert!(has_forbidden(&text), "{c:?} at {at}");
            }
            // U+FFFD and U+FF01 start with EF too, and are allowed.
            let allowed = format!(
                "{}\u{fffd}\u{ff01}\t\n\r{}",
                "x".repeat(at),
                "y".repeat(150)
            );
            assert!(!has_forbidden(&allowed), "at {at}");
        }
    }
}
