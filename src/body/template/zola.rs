//! Zola's shortcodes: calls (`{{ name(key=value) }}`, `{% name(…) %}…{% end %}`) and their
//! arguments.

use super::*;

impl Args {
    /// Zola: `key="value", n=3, flag=true` (the text inside the parentheses).
    pub(super) fn zola(text: &str) -> Args {
        let named = split_outside_quotes(text, ',')
            .into_iter()
            .filter_map(|pair| {
                let (key, value) = pair.split_once('=')?;
                let value = value.trim();
                Some((
                    key.trim().to_string(),
                    unquote(value).unwrap_or(value).to_string(),
                ))
            })
            .collect();
        Args {
            positional: Vec::new(),
            named,
        }
    }
}

/// `name(args)` with an identifier name: a Zola shortcode call.
pub(super) fn zola_call(text: &str) -> Option<(&str, &str)> {
    let open = text.find('(')?;
    let name = &text[..open];
    let valid = !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let args = text[open + 1..].strip_suffix(')')?;
    valid.then_some((name, args))
}
