//! Text hygiene: removing the characters XML 1.0 forbids, so that no title, tag or body can
//! make an output unreadable, whichever format it ends up in.

use std::borrow::Cow;

/// Whether XML 1.0 allows `c` in a document (its `Char` production).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Returns `text` without forbidden characters, borrowing when there is nothing to remove
/// (the common case, so the scan costs no allocation).
pub fn clean(text: &str) -> Cow<'_, str> {
    if text.chars().all(is_xml_char) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|&c| is_xml_char(c)).collect())
    }
}

/// [`clean`], then trimmed: a value whose edges were control characters loses the spaces
/// they hid, so "\u{0} a" and "a" are the same tag.
pub fn clean_trimmed(text: &str) -> String {
    clean(text).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_controls_and_noncharacters_only() {
        assert_eq!(clean("a\u{0}b\u{1b}c\u{fffe}\u{ffff}d"), "abcd");
        assert_eq!(clean("tab\tnl\ncr\r é 日本 🎉"), "tab\tnl\ncr\r é 日本 🎉");
        assert!(matches!(clean("plain"), Cow::Borrowed(_)));
    }
}
