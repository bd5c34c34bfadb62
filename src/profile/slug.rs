//! How each tool makes a file name the slug of its URL, and a folder a path segment: case,
//! dots, a date prefix, transliteration.

use jiff::civil::Date;

use super::{Profile, Tool};
use crate::taxonomy::{self, hyphenated};

/// How Zola's `slugify.paths` makes a path segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZolaSlugs {
    /// `on`: ASCII, lower case, every other character a `-`.
    On,
    /// `safe`: characters unsafe in a path removed, the rest kept.
    Safe,
    /// `off`: as written.
    Off,
}

impl Profile {
    /// The name a post's slug is made from: the file (or bundle) `name` without the date
    /// prefix where the tool drops it.
    pub fn slug_source<'n>(&self, name: &'n str) -> &'n str {
        let drops_date = match self.tool {
            // Eleventy's `page.fileSlug`, which blog permalinks use, drops it too.
            None | Some(Tool::Jekyll | Tool::Eleventy) => true,
            Some(Tool::Zola) => !self.zola_keeps_dates,
            Some(Tool::Hugo) => self.date_from_file_name,
            // No rule of their own: a route that puts the date in the URL takes it off the name.
            Some(Tool::NextJs | Tool::Markdown | Tool::Astro) => self.date_in_url,
        };
        match drops_date {
            true => date_prefix(name).map_or(name, |(_, rest)| rest),
            false => name,
        }
    }

    /// A folder's name as the tool writes it in a URL (`{path}`); a name that comes out
    /// empty or starting with `.` is left out of the path.
    pub fn folder_segment(&self, name: &str) -> String {
        match self.tool {
            None => taxonomy::slugify_keeping(name, &['.', '_']),
            Some(_) => self.segment(name),
        }
    }

    /// Whether a `%` in a slug this tool made is the start of a URL escape: Hugo's `urlize`
    /// keeps one only before two hex digits ([`hugo_path`]), and its URLs keep it as written;
    /// for every other tool (and a slug written with none) it is a character of the name.
    pub(crate) fn slugs_hold_escapes(&self) -> bool {
        self.tool == Some(Tool::Hugo)
    }

    /// A file name as the tool makes it the slug in a URL.
    pub fn segment(&self, name: &str) -> String {
        match self.tool {
            None => taxonomy::slugify_keeping(name, &['.', '_'])
                .trim_start_matches('.')
                .to_string(),
            Some(Tool::Hugo) => hugo_path(name, !self.keep_case),
            Some(Tool::Jekyll) => jekyll_pretty(name),
            Some(Tool::Zola) => zola_slug(self.zola_slugs.unwrap_or(ZolaSlugs::On), name),
            Some(Tool::Astro) => github_slug(name),
            Some(Tool::NextJs | Tool::Eleventy | Tool::Markdown) => name.to_string(),
        }
    }

    /// A post's title as the tool makes it a URL segment (`{title}`): Eleventy's through its
    /// `slugify` filter, which its permalink templates use; the others' as a file name.
    pub fn title_segment(&self, title: &str) -> String {
        match self.tool {
            Some(Tool::Eleventy) => eleventy_slugify(title),
            _ => self.segment(title),
        }
    }

    /// A tag's or category's name as the tool makes it the last segment of its term page's URL,
    /// or `None` for a tool whose term pages are code of the site's own (Astro) or that has
    /// none (plain Markdown, no tool found): then feedsmith's own slug is the page's.
    pub fn term_slug(&self, name: &str) -> Option<String> {
        match self.tool? {
            // `MakePathSanitized`: a term page's path is `urlize`d and lower-cased unless
            // `disablePathToLower`.
            Tool::Hugo => Some(hugo_path(name, !self.keep_case)),
            Tool::Zola => Some(zola_slug(
                self.zola_term_slugs.unwrap_or(ZolaSlugs::On),
                name,
            )),
            // jekyll-archives: `Utils.slugify(name)` in its `default` mode.
            Tool::Jekyll => Some(jekyll_slugify(name)),
            // The `slugify` filter (@sindresorhus/slugify, camel case kept, quotes dropped)
            // that Eleventy's tag pages use.
            Tool::Eleventy => Some(eleventy_slugify(name)),
            // github-slugger's `slug(tag)`, as the Next.js blog starters link their tag pages.
            Tool::NextJs => Some(github_slug(name)),
            Tool::Astro | Tool::Markdown => None,
        }
    }
}

/// A name as Zola's `slugify` option `mode` makes it a path segment (`slugify.paths`,
/// `slugify.taxonomies`).
fn zola_slug(mode: ZolaSlugs, name: &str) -> String {
    match mode {
        ZolaSlugs::On => ascii_slug(name),
        ZolaSlugs::Safe => name
            .chars()
            .filter(|c| {
                !matches!(
                    c,
                    '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' | '#' | '%'
                )
            })
            .collect::<String>()
            .trim()
            .replace(char::is_whitespace, "-"),
        ZolaSlugs::Off => name.to_string(),
    }
}

/// Eleventy's `slugify` filter: @sindresorhus/slugify with `decamelize: false` and quotes
/// removed: `&` spelled `and`, transliterated to ASCII, lower case, every run of other
/// characters one `-`.
fn eleventy_slugify(name: &str) -> String {
    let mut spelled = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '\'' | '\u{2018}' | '\u{2019}' => {}
            '&' => spelled.push_str(" and "),
            c => spelled.push(c),
        }
    }
    ascii_slug(&spelled)
}

/// Jekyll's `Utils.slugify` in its `default` mode, which its `slugify` filter and
/// jekyll-archives use: lower case, every run of characters other than letters and digits
/// one `-`.
pub(crate) fn jekyll_slugify(name: &str) -> String {
    hyphenated(&name.to_lowercase(), char::is_alphanumeric)
}

/// Hugo's `urlize` of a path (`paths.Sanitize`, then lower case): spaces become one `-`,
/// letters, digits, marks and `. / \ _ # + ~ - @` stay, a `%` stays before two hex digits.
fn hugo_path(name: &str, lower: bool) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    let mut out = String::with_capacity(name.len());
    let (mut hyphen_pending, mut was_hyphen) = (false, false);
    for (at, &c) in chars.iter().enumerate() {
        let hex = |i: usize| chars.get(i).is_some_and(char::is_ascii_hexdigit);
        let allowed = matches!(c, '.' | '/' | '\\' | '_' | '#' | '+' | '~' | '-' | '@')
            || c.is_alphanumeric()
            || (c == '%' && hex(at + 1) && hex(at + 2));
        if allowed {
            was_hyphen = c == '-';
            if hyphen_pending && !was_hyphen {
                out.push('-');
            }
            hyphen_pending = false;
            out.push(c);
        } else if !out.is_empty() && !was_hyphen && c.is_whitespace() {
            hyphen_pending = true;
        }
    }
    match lower {
        true => out.to_lowercase(),
        false => out,
    }
}

/// Jekyll's `Utils.slugify(name, mode: "pretty", cased: true)`: every run of characters
/// other than letters, digits and `._~!$&'()+,;=@` becomes one `-`, trimmed at the ends.
fn jekyll_pretty(name: &str) -> String {
    hyphenated(name, |c| {
        c.is_alphanumeric() || "._~!$&'()+,;=@".contains(c)
    })
}

/// Zola's `slugify.paths = "on"` (the `slug` crate): transliterated to ASCII, lower case,
/// every run of other characters one `-`.
fn ascii_slug(name: &str) -> String {
    hyphenated(&deunicode::deunicode(name).to_ascii_lowercase(), |c| {
        c.is_ascii_alphanumeric()
    })
}

/// github-slugger, as Astro's glob loader makes ids: lower case, punctuation and symbols
/// removed (letters, digits, marks, `-` and `_` kept), each space a `-`.
fn github_slug(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

/// The date of a `YYYY-MM-DD-name` or `YYYY-MM-DD_name` file or folder name (Jekyll, Zola),
/// and the name without it.
pub(crate) fn date_prefix(name: &str) -> Option<(Date, &str)> {
    let prefix = name.get(..10)?;
    let rest = name[10..].strip_prefix(['-', '_'])?;
    let date = prefix.parse::<Date>().ok()?;
    (prefix.as_bytes()[4] == b'-').then_some((date, rest))
}
