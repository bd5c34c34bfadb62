//! The languages a site publishes in (`languages:`): each one's tag, title, description, URL
//! root, output folder and permalink pattern, the default first. A site that declares none
//! has one language, the config's `language`, at the site root: its outputs are those of a
//! site that never heard of languages.

use serde::Deserialize;
use serde_saphyr::Spanned;
use url::Url;

use super::PermalinkPattern;
use super::problem::ValueProblem;

/// One language of the site, as the outputs need it.
#[derive(Debug, Clone)]
pub struct Language {
    /// The BCP 47 tag as the config writes it (`pt-BR`); `None` only for a site that declares
    /// no languages and sets no `language`.
    pub code: Option<String>,
    /// Title of its feeds; default: the site's `title`.
    pub title: String,
    /// Description of its feeds; default: the site's `description`.
    pub description: String,
    /// The absolute URL its pages and feeds live under: `base_url` for the default language,
    /// `base_url` + `LL/` for the others, or the language's own `base_url`.
    pub root_url: Url,
    /// The folder inside the output folder its feeds are written to: empty, or ending in `/`
    /// (`es/`). Served at [`Language::root_url`].
    pub folder: String,
    /// The URL path of its posts under [`Language::root_url`]; default: the site's `permalink`.
    pub permalink: PermalinkPattern,
    /// Whether it is served on a host of its own (its `base_url`), rather than under the
    /// site's `base_url` with [`Language::folder`] as its URL prefix.
    pub own_host: bool,
    /// Where the config declares it (line, column); `None` for a site that declares none.
    pub at: Option<(u64, u64)>,
}

impl Language {
    /// Where its files go: the URL they are served at and the folder inside the output
    /// folder they are written to.
    pub fn place(&self) -> (&Url, &str) {
        (&self.root_url, &self.folder)
    }

    /// The URL at which the file at `relative` in this language's folder is served.
    pub fn url_of(&self, relative: &str) -> Url {
        self.root_url
            .join(relative.trim_start_matches('/'))
            .expect("output paths are checked to be relative")
    }

    /// The tag, for messages; `default` when there is none.
    pub fn name(&self) -> &str {
        self.code.as_deref().unwrap_or("default")
    }
}

/// The site's languages, the default first, and whether the config declares them.
#[derive(Debug, Clone)]
pub struct Languages {
    /// At least one; the first is the default.
    pub list: Vec<Language>,
    /// Whether `languages:` is in the config: then every post is in one of them (a post in
    /// another is an error) and translations are linked. Without it, translations into other
    /// languages are left out, as before languages were known.
    pub declared: bool,
}

impl Languages {
    /// The default language.
    pub fn default_language(&self) -> &Language {
        &self.list[0]
    }

    /// Whether the site publishes in more than one language: only then do outputs name
    /// languages side by side (hreflang links, grouped lists).
    pub fn several(&self) -> bool {
        self.list.len() > 1
    }

    /// The index of the declared language `tag` names: the same tag in any case (`pt-br`,
    /// `pt_BR` for `pt-BR`), else the one declared language with its primary subtag (`en` for
    /// a site declaring `en-US`).
    pub fn index_of(&self, tag: &str) -> Option<usize> {
        let codes = || self.list.iter().map(|l| l.code.as_deref().unwrap_or(""));
        if let Some(exact) = codes().position(|code| same_language(code, tag)) {
            return Some(exact);
        }
        let primary = |t: &str| t.split(['-', '_']).next().unwrap_or_default().to_owned();
        let wanted = primary(tag);
        let mut matching = codes()
            .enumerate()
            .filter(|(_, code)| same_language(&primary(code), &wanted));
        match (matching.next(), matching.next()) {
            (Some((index, _)), None) => Some(index),
            _ => None,
        }
    }

    /// The language whose folder `name` is (`fr` of `content/fr/…`): the one whose tag it
    /// is, in any case. Only the exact tag: a folder `en` is no folder of `en-US`.
    pub fn of_folder(&self, name: &str) -> Option<&Language> {
        self.list.iter().find(|language| {
            language
                .code
                .as_deref()
                .is_some_and(|code| same_language(code, name))
        })
    }

    /// The declared tags, for messages (`en, es, pt-BR`).
    pub fn listed(&self) -> String {
        self.list
            .iter()
            .map(Language::name)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Whether two language tags name one language: BCP 47 tags ignore case, and Hugo and
/// Java-style names write `_` for `-` (`zh-CN`, `zh-cn`, `zh_CN`).
pub(crate) fn same_language(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes().zip(b.bytes()).all(|(x, y)| {
            let unify = |c: u8| {
                if c == b'_' {
                    b'-'
                } else {
                    c.to_ascii_lowercase()
                }
            };
            unify(x) == unify(y)
        })
}

/// One item of `languages:` as written: a tag, or a map with the tag and what differs.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(super) enum RawLanguage {
    Code(String),
    Full(RawLanguageMap),
}

/// A language written as a map.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLanguageMap {
    pub(super) code: String,
    pub(super) title: Option<String>,
    pub(super) description: Option<String>,
    pub(super) prefix: Option<String>,
    pub(super) base_url: Option<String>,
    pub(super) permalink: Option<String>,
}

impl RawLanguage {
    pub(super) fn as_map(&self) -> RawLanguageMap {
        match self {
            RawLanguage::Code(code) => RawLanguageMap {
                code: code.clone(),
                title: None,
                description: None,
                prefix: None,
                base_url: None,
                permalink: None,
            },
            RawLanguage::Full(map) => map.clone(),
        }
    }
}

/// What the whole site gives every language that does not set its own.
pub(super) struct SiteDefaults<'a> {
    pub(super) title: &'a str,
    pub(super) description: &'a str,
    pub(super) base_url: &'a Url,
    /// `--base-url`: a preview or staging build serves every language from it, its own
    /// host too.
    pub(super) overridden: bool,
    pub(super) permalink: &'a PermalinkPattern,
}

impl<'a> SiteDefaults<'a> {
    /// The site's values in `raw`, served at `base_url` (`overridden`: by `--base-url`).
    pub(super) fn of(
        raw: &'a super::raw::RawConfig,
        base_url: &'a Url,
        permalink: &'a PermalinkPattern,
        overridden: bool,
    ) -> SiteDefaults<'a> {
        SiteDefaults {
            title: &raw.title.value,
            description: &raw.description,
            base_url,
            overridden,
            permalink,
        }
    }
}

/// Checks one item of `languages:` (at `index`, 0 the default) into a [`Language`]; the
/// message of its first problem otherwise.
pub(super) fn language(
    raw: &Spanned<RawLanguage>,
    index: usize,
    site: &SiteDefaults<'_>,
) -> Result<Language, ValueProblem> {
    let map = raw.value.as_map();
    let code = super::check_language_tag(map.code.trim())?;
    let prefix = match &map.prefix {
        Some(prefix) => check_prefix(prefix)?,
        None if index == 0 && map.base_url.is_none() => String::new(),
        // Lower case, as Hugo writes every language key (`pt-br/`); `prefix` sets another.
        None => format!("{}/", code.to_ascii_lowercase()),
    };
    let own_host = match &map.base_url {
        Some(_) if index == 0 => {
            return Err(ValueProblem::DefaultLanguageHost(code));
        }
        Some(url) => Some(super::parse_base_url(url)?),
        None => None,
    };
    let own_host = own_host.filter(|_| !site.overridden);
    let served_apart = own_host.is_some();
    let root_url = match own_host {
        Some(url) => url,
        None => site
            .base_url
            .join(&prefix)
            .map_err(|why| ValueProblem::PrefixNotUrlPath {
                prefix: prefix.clone(),
                why,
            })?,
    };
    let permalink = match &map.permalink {
        Some(pattern) => PermalinkPattern::parse(pattern)?,
        None => site.permalink.clone(),
    };
    let clean = |text: String| crate::text::clean_trimmed(&text);
    Ok(Language {
        code: Some(code),
        title: clean(map.title.unwrap_or_else(|| site.title.to_owned())),
        description: clean(
            map.description
                .unwrap_or_else(|| site.description.to_owned()),
        ),
        root_url,
        folder: prefix,
        permalink,
        own_host: served_apart,
        at: Some(crate::yaml::file_position(&raw.referenced, 1)),
    })
}

/// A language's `prefix`: folder names joined by `/`, ending in one (`es/`, `intl/es/`),
/// none of them `.` or `..`; empty for the site root.
fn check_prefix(prefix: &str) -> Result<String, ValueProblem> {
    let trimmed = prefix.trim().trim_matches('/');
    if trimmed.is_empty() {
        return Ok(String::new());
    }
    let clean = trimmed.split('/').all(|segment| {
        !segment.is_empty()
            && segment != "."
            && segment != ".."
            && !segment.contains(['\\', '?', '#', '%'])
            && !segment.chars().any(|c| c.is_control() || c.is_whitespace())
    });
    if let Some(own) = trimmed
        .split('/')
        .find(|segment| crate::output_path::is_reserved(segment))
    {
        return Err(ValueProblem::PrefixReserved {
            prefix: prefix.to_owned(),
            own: own.to_owned(),
        });
    }
    match clean {
        true => {
            Ok(unicode_normalization::UnicodeNormalization::nfc(trimmed).collect::<String>() + "/")
        }
        false => Err(ValueProblem::PrefixShape(prefix.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_clean_folders() {
        assert_eq!(check_prefix("/es").unwrap(), "es/");
        assert_eq!(check_prefix("intl/es/").unwrap(), "intl/es/");
        assert_eq!(check_prefix("/").unwrap(), "");
        for bad in ["../es", "es/./x", "a b", "es?x", "a//b", "es\\x"] {
            assert!(check_prefix(bad).is_err(), "{bad}");
        }
    }
}
