//! Splitting a post file into its YAML front matter and Markdown body. Done by hand rather
//! than with a front-matter crate so that line numbers survive and a byte-order mark or CRLF
//! line endings are accepted.

/// The two halves of a post file.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences, without them.
    pub yaml: &'a str,
    /// 1-based line of the file on which the YAML starts.
    pub yaml_first_line: u64,
    /// The Markdown after the closing fence.
    pub body: &'a str,
}

/// Why a file could not be split.
#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    /// The first line is not `---`.
    NoOpeningFence,
    /// The opening `---` has no closing `---` (or `...`).
    NotClosed,
}

/// Splits `text` (already free of a byte-order mark and CRLF line endings).
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    if first.trim_end() != "---" {
        return Err(SplitError::NoOpeningFence);
    }
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            return Ok(Split {
                yaml: &rest[..offset],
                yaml_first_line: 2,
                body: &rest[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    Err(SplitError::NotClosed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_and_body() {
        let split = split("---\ntitle: a\n---\n# Body\n").unwrap();
        assert_eq!(split.yaml, "title: a\n");
        assert_eq!(split.body, "# Body\n");
        assert_eq!(split.yaml_first_line, 2);
    }

    #[test]
    fn accepts_dots_as_closing_fence_and_empty_body() {
        let split = split("---\ntitle: a\n...").unwrap();
        assert_eq!(split.yaml, "title: a\n");
        assert_eq!(split.body, "");
    }

    #[test]
    fn a_horizontal_rule_in_the_body_stays_in_the_body() {
        let split = split("---\na: 1\n---\nx\n---\ny\n").unwrap();
        assert_eq!(split.body, "x\n---\ny\n");
    }

    #[test]
    fn reports_missing_fences() {
        assert_eq!(split("title: a\n"), Err(SplitError::NoOpeningFence));
        assert_eq!(split(""), Err(SplitError::NoOpeningFence));
        assert_eq!(split("---\ntitle: a\n"), Err(SplitError::NotClosed));
    }
}
