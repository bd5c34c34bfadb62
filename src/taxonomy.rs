//! Tags, categories and authors: which spellings are one term, each term's display name, and a safe,
//! stable, collision-free slug for its folder and URL.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use unicode_normalization::UnicodeNormalization;

/// Tags or categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TaxonomyKind {
    /// Post `tags`.
    Tag,
    /// Post `category`.
    Category,
    /// Post `author`/`authors`, by name.
    Author,
}

impl TaxonomyKind {
    /// The word used in messages and feed titles.
    pub(crate) fn noun(self) -> &'static str {
        match self {
            TaxonomyKind::Tag => "tag",
            TaxonomyKind::Category => "category",
            TaxonomyKind::Author => "author",
        }
    }
}

/// One tag or category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Term {
    /// Identity: spellings with the same key are one term (see [`key`]).
    pub(crate) key: String,
    /// The most frequent spelling; ties go to the smallest in byte order.
    pub(crate) name: String,
    /// Folder segment: the site's tool's slug for the term where that is safe as one folder
    /// name, else lowercase ASCII letters, digits and `-`; or a pinned slug.
    pub(crate) slug: String,
    /// The last segment of the term page's URL: the tool's slug (`C++` is Zola's `c`, Hugo's
    /// `c++`), a pinned slug, or [`slug`](Term::slug) where the tool has no rule.
    pub(crate) page_slug: String,
    /// Indices of the term's posts in the site's entry list, newest first.
    pub(crate) entries: Vec<usize>,
}

/// The identity of a tag: NFC-normalised, lowercased, inner whitespace collapsed, trimmed.
/// "Machine Learning", " machine  learning" and "MACHINE LEARNING" are one tag.
pub(crate) fn key(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let lowered = words.join(" ").nfc().collect::<String>().to_lowercase();
    lowered.nfc().collect()
}

/// The identity a term is grouped by: its slug, so names that slug alike are one term with
/// one feed ("champions program" and "champions-program"), as Hugo and Zola merge them; a
/// name with no usable slug ("!!!") is its [`key`].
pub(crate) fn identity(text: &str) -> String {
    // Most tags are plain ASCII words (`rust`, `Machine Learning`): their slug is their
    // words lower-cased and joined by `-`, without the Unicode normalising and
    // transliterating every feed's categories would otherwise pay for each tag.
    if is_plain_ascii(text) {
        return plain_words(text)
            .collect::<Vec<_>>()
            .join("-")
            .to_ascii_lowercase();
    }
    let key = key(text);
    match slugify(&key) {
        slug if slug.is_empty() => key,
        slug => slug,
    }
}

/// Whether `text` is ASCII letters and digits, with spaces and `-` between words: a name
/// whose identity is its words, lower-cased, joined by `-`.
pub(crate) fn is_plain_ascii(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b' ' || b == b'-')
        && text.bytes().any(|b| b.is_ascii_alphanumeric())
}

fn plain_words(text: &str) -> impl Iterator<Item = &str> {
    text.split([' ', '-']).filter(|w| !w.is_empty())
}

/// Whether two [`is_plain_ascii`] names have one identity, compared without making it:
/// byte by byte, lower-cased, each run of spaces and `-` between words one `-`.
fn same_plain_ascii(a: &str, b: &str) -> bool {
    fn slug_bytes(text: &str) -> impl Iterator<Item = u8> + '_ {
        let text = text.trim_matches([' ', '-']);
        let bytes = text.as_bytes();
        bytes.iter().enumerate().filter_map(move |(i, &b)| {
            let separator = b == b' ' || b == b'-';
            match separator {
                // A run of separators is one `-`, written at its first byte.
                true => (i == 0 || !matches!(bytes[i - 1], b' ' | b'-')).then_some(b'-'),
                false => Some(b.to_ascii_lowercase()),
            }
        })
    }
    slug_bytes(a).eq(slug_bytes(b))
}

/// Whether two names are one term (their [`identity`] is one): compared without making it
/// when both are [`is_plain_ascii`], as most are.
pub(crate) fn same_identity(a: &str, b: &str) -> bool {
    match is_plain_ascii(a) && is_plain_ascii(b) {
        true => same_plain_ascii(a, b),
        false => identity(a) == identity(b),
    }
}

/// A readable ASCII slug: symbols that carry meaning are spelled out ("C++" → "c-plus-plus",
/// "C#" → "c-sharp"), the rest transliterated ("Café" → "cafe", "日本語" → "ri-ben-yu");
/// every other character separates words. Can be empty (e.g. for "!!!").
pub(crate) fn slugify(name: &str) -> String {
    slugify_keeping(name, &[])
}

/// [`slugify`], keeping the characters of `keep` as they are: file names keep `.` and `_`
/// (`Release-1.2.0.md` is `release-1.2.0`), as the blogging tools keep them.
pub(crate) fn slugify_keeping(name: &str, keep: &[char]) -> String {
    let mut spelled = String::with_capacity(name.len() + 8);
    for c in name.chars() {
        match c {
            '+' => spelled.push_str(" plus "),
            '#' => spelled.push_str(" sharp "),
            '&' => spelled.push_str(" and "),
            '@' => spelled.push_str(" at "),
            '%' => spelled.push_str(" percent "),
            c => spelled.push(c),
        }
    }
    let ascii = deunicode::deunicode(&spelled).to_ascii_lowercase();
    hyphenated(&ascii, |c| c.is_ascii_alphanumeric() || keep.contains(&c))
}

/// `text` with every run of characters `kept` refuses written as one `-`, none at the ends:
/// the shape of every slug rule (tags here, each tool's in `profile`) and of Liquid's
/// `slugify`.
pub(crate) fn hyphenated(text: &str, kept: impl Fn(char) -> bool) -> String {
    text.split(|c: char| !kept(c))
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Whether a tool's slug for a term can be one folder name as it is: ASCII letters, digits
/// and `-_.+~@`, not starting with `.` or `-`. One that cannot (Hugo keeps `/`, `#` and
/// `í`, which file systems normalise differently) names only the term's page; its feeds'
/// folder takes feedsmith's slug.
fn is_safe_folder(slug: &str) -> bool {
    !slug.starts_with(['.', '-'])
        && !slug.contains("..")
        && slug
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '+' | '~' | '@'))
}

/// Whether a pinned slug is safe as one folder name and URL segment.
pub(crate) fn check_pinned_slug(slug: &str) -> Result<(), UnsafeSlug> {
    let safe = !slug.is_empty()
        && !slug.starts_with(['.', '-'])
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
        && !slug.contains("..");
    if safe {
        Ok(())
    } else {
        Err(UnsafeSlug(slug.to_owned()))
    }
}

/// A pinned slug that cannot be one folder name and URL segment.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "slug \"{}\" must use only lowercase ASCII letters, digits, `-`, `_` and `.`, and must not start with `.` or `-`",
    .0.escape_debug()
)]
pub(crate) struct UnsafeSlug(String);

/// Groups the terms of every post. `terms_of(i)` lists the spellings post `i` uses (posts in
/// newest-first order); `pinned` maps term keys to slugs fixed in the config; `tool_slug`
/// names a term's page as the site's tool does, where it has a rule. Returns the terms
/// sorted by slug and a warning for every slug collision that had to be resolved.
pub(crate) fn group<'a>(
    kind: TaxonomyKind,
    post_count: usize,
    terms_of: impl Fn(usize) -> Vec<&'a str>,
    pinned: &BTreeMap<String, String>,
    tool_slug: impl Fn(&str) -> Option<String>,
) -> (Vec<Term>, Vec<String>) {
    struct Gathered<'a> {
        key: String,
        /// Each spelling and how many times posts use it.
        spellings: Vec<(&'a str, usize)>,
        entries: Vec<usize>,
    }
    let mut gathered: Vec<Gathered<'a>> = Vec::new();
    // A site uses a few hundred spellings thousands of times each: each is normalised once,
    // then found again by a hash of the spelling — its term's slot and its own place there.
    let mut place_of_spelling: HashMap<&'a str, (usize, usize)> = HashMap::new();
    let mut slot_of_key: HashMap<String, usize> = HashMap::new();
    for index in 0..post_count {
        for spelling in terms_of(index) {
            let (slot, place) = *place_of_spelling.entry(spelling).or_insert_with(|| {
                let key = identity(spelling);
                let slot = *slot_of_key.entry(key.clone()).or_insert_with(|| {
                    gathered.push(Gathered {
                        key,
                        spellings: Vec::new(),
                        entries: Vec::new(),
                    });
                    gathered.len() - 1
                });
                gathered[slot].spellings.push((spelling, 0));
                (slot, gathered[slot].spellings.len() - 1)
            });
            let term = &mut gathered[slot];
            term.spellings[place].1 += 1;
            // A post listing "AI" and "ai" is in the tag once.
            if term.entries.last() != Some(&index) {
                term.entries.push(index);
            }
        }
    }
    // Collisions are resolved in key order, whatever order the posts used the terms in.
    gathered.sort_by(|a, b| a.key.cmp(&b.key));

    let mut terms: Vec<Term> = gathered
        .into_iter()
        .map(|term| {
            // The most used spelling; the smallest among equally used ones.
            let name = term
                .spellings
                .iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(spelling, _)| spelling.to_string())
                .unwrap_or_default();
            let (slug, page_slug) = match pinned.get(&term.key) {
                Some(pinned) => (pinned.clone(), pinned.clone()),
                None => match tool_slug(&name).filter(|slug| !slug.is_empty()) {
                    Some(page) if is_safe_folder(&page) => (page.clone(), page),
                    Some(page) => (slugify(&name), page),
                    // Filled in from the folder's slug once collisions are resolved.
                    None => (slugify(&name), String::new()),
                },
            };
            Term {
                key: term.key,
                name,
                slug,
                page_slug,
                entries: term.entries,
            }
        })
        .collect();

    let warnings = resolve_collisions(kind, &mut terms, pinned);
    for term in &mut terms {
        if term.page_slug.is_empty() {
            term.page_slug = term.slug.clone();
        }
    }
    terms.sort_by(|a, b| a.slug.cmp(&b.slug));
    (terms, warnings)
}

/// Gives every term a distinct, non-empty slug. Pinned slugs are kept; among terms that
/// share a generated slug, the one whose key sorts first keeps it and the others get `-2`,
/// `-3`, … . Terms are visited in key order, so the outcome never depends on input order.
fn resolve_collisions(
    kind: TaxonomyKind,
    terms: &mut [Term],
    pinned: &BTreeMap<String, String>,
) -> Vec<String> {
    let mut warnings = Vec::new();
    let mut taken: BTreeSet<String> = terms
        .iter()
        .filter(|t| pinned.contains_key(&t.key))
        .map(|t| t.slug.clone())
        .collect();
    let mut owner: BTreeMap<String, String> = terms
        .iter()
        .filter(|t| pinned.contains_key(&t.key))
        .map(|t| (t.slug.clone(), t.name.clone()))
        .collect();
    // The next number to try after each base: many terms on one base (names with no usable
    // slug all start from the noun) count on from where the last stopped, not from 2.
    let mut next: BTreeMap<String, usize> = BTreeMap::new();
    for term in terms.iter_mut() {
        if pinned.contains_key(&term.key) {
            continue;
        }
        let base = if term.slug.is_empty() {
            kind.noun().to_string()
        } else {
            term.slug.clone()
        };
        let mut slug = base.clone();
        let n = next.entry(base.clone()).or_insert(2);
        while taken.contains(&slug) {
            slug = format!("{base}-{n}");
            *n += 1;
        }
        if slug != base || term.slug.is_empty() {
            let reason = match owner.get(&base) {
                Some(other) => format!("\"{other}\" already uses \"{base}\""),
                None => "its name gives no usable slug".to_string(),
            };
            warnings.push(format!(
                "{} \"{}\" gets slug \"{slug}\": {reason}; pin a slug in the config to choose another",
                kind.noun(),
                term.name,
            ));
        }
        taken.insert(slug.clone());
        owner
            .entry(slug.clone())
            .or_insert_with(|| term.name.clone());
        term.slug = slug;
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_ascii_identities_are_those_of_the_full_way() {
        for text in [
            "rust",
            "Rust",
            "RUST",
            "machine learning",
            " Machine  Learning ",
            "machine-learning",
            "a--b",
            "-x-",
            "C99",
            "web 2 0",
            "x",
            "2024",
            "A B-C  d",
        ] {
            let key = key(text);
            let slow = match slugify(&key) {
                slug if slug.is_empty() => key,
                slug => slug,
            };
            assert_eq!(identity(text), slow, "{text:?}");
            for other in ["Rust", "machine-learning", "A b c d", "2024", "web-2-0"] {
                assert_eq!(
                    same_identity(text, other),
                    identity(text) == identity(other),
                    "{text:?} {other:?}"
                );
            }
        }
    }

    #[test]
    fn one_tag_across_case_normalisation_and_space() {
        assert_eq!(key(" Machine  Learning "), key("machine learning"));
        // "é" precomposed and as "e" + combining acute.
        assert_eq!(key("Caf\u{e9}"), key("Cafe\u{301}"));
        assert_ne!(key("C++"), key("C#"));
    }

    #[test]
    fn slugs_are_readable_ascii() {
        let cases = [
            ("Machine Learning", "machine-learning"),
            ("Café", "cafe"),
            ("日本語", "ri-ben-yu"),
            ("C++", "c-plus-plus"),
            ("C#", "c-sharp"),
            ("R&D", "r-and-d"),
            ("../../etc", "etc"),
            ("a/b", "a-b"),
            (".hidden", "hidden"),
            ("a\u{0}b\\c", "a-b-c"),
            ("!!!", ""),
        ];
        for (name, slug) in cases {
            assert_eq!(slugify(name), slug, "{name}");
        }
    }

    fn grouped(posts: &[&[&'static str]]) -> (Vec<Term>, Vec<String>) {
        group(
            TaxonomyKind::Tag,
            posts.len(),
            |i| posts[i].to_vec(),
            &BTreeMap::new(),
            |_| None,
        )
    }

    #[test]
    fn most_frequent_spelling_names_the_tag() {
        let (terms, warnings) = grouped(&[&["AI", "Rust"], &["ai"], &["AI"], &["ai", "AI"]]);
        assert!(warnings.is_empty());
        let ai = terms.iter().find(|t| t.slug == "ai").unwrap();
        assert_eq!(ai.name, "AI");
        assert_eq!(ai.entries, [0, 1, 2, 3]);
        // A tie goes to the smallest spelling in byte order.
        let (terms, _) = grouped(&[&["rust"], &["Rust"]]);
        assert_eq!(terms[0].name, "Rust");
    }

    #[test]
    fn names_that_slug_alike_are_one_term() {
        let (terms, warnings) = grouped(&[
            &["champions program", "C++"],
            &["champions-program", "c-plus-plus", "!!!", "???"],
        ]);
        let slugs: Vec<(&str, &str, usize)> = terms
            .iter()
            .map(|t| (t.name.as_str(), t.slug.as_str(), t.entries.len()))
            .collect();
        assert_eq!(
            slugs,
            [
                ("C++", "c-plus-plus", 2),
                ("champions program", "champions-program", 2),
                ("!!!", "tag", 1),
                ("???", "tag-2", 1)
            ]
        );
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings.contains(
            &"tag \"???\" gets slug \"tag-2\": \"!!!\" already uses \"tag\"; pin a slug in the config to choose another".to_string()
        ), "{warnings:?}");
        // Same outcome whatever order the posts come in.
        let (again, _) = grouped(&[&["???", "!!!", "c-plus-plus"], &["C++"]]);
        let again: Vec<&str> = again.iter().map(|t| t.slug.as_str()).collect();
        assert_eq!(again, ["c-plus-plus", "tag", "tag-2"]);
    }

    #[test]
    fn pinned_slugs_win_and_are_checked() {
        let pinned = BTreeMap::from([(identity("C++"), "cpp".to_string())]);
        let (terms, warnings) = group(
            TaxonomyKind::Tag,
            1,
            |_| vec!["C++", "cpp"],
            &pinned,
            |_| None,
        );
        let slugs: Vec<&str> = terms.iter().map(|t| t.slug.as_str()).collect();
        assert_eq!(slugs, ["cpp", "cpp-2"]);
        assert_eq!(warnings.len(), 1);
        for bad in ["../x", ".x", "a/b", "", "A", "a b", "x\u{1}"] {
            assert!(check_pinned_slug(bad).is_err(), "{bad:?}");
        }
        assert!(check_pinned_slug("c-plus-plus_2.0").is_ok());
    }
}
