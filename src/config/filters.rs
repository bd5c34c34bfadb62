//! The custom feeds' filters checked against what the site has. The sections, tags,
//! categories and languages a filter may name are known only once the posts are read: the
//! config stage is handed them ([`SiteNames`]) and says what is wrong at the config's line,
//! with the closest name the site has.

use std::collections::BTreeMap;

use super::{Located, SiteConfig};
use crate::error::{Diagnostic, Error};
use crate::taxonomy;

/// What a site has that a custom feed's filter may name.
#[derive(Debug, Default)]
pub(crate) struct SiteNames<'a> {
    /// The sections' paths inside the content folder (`blog/news`).
    pub(crate) sections: Vec<&'a str>,
    /// The posts' tags: each one's identity ([`taxonomy::identity`]) and a spelling of it.
    pub(crate) tags: BTreeMap<String, &'a str>,
    /// The posts' categories, as `tags`.
    pub(crate) categories: BTreeMap<String, &'a str>,
}

impl SiteConfig {
    /// Every custom feed's filter that names a section, tag, category or language the site
    /// does not have, as one error at each name's place in the config file.
    pub(crate) fn check_filters(&self, names: &SiteNames<'_>) -> Result<(), Error> {
        let mut problems = Vec::new();
        for custom in &self.custom_feeds {
            let filter = &custom.filter;
            let mut unknown = |what: &str, value: &Located, known: &[&str], help: &str| {
                let (line, column) = value.at;
                let problem = Diagnostic::at(
                    &self.file.path,
                    line,
                    column,
                    format!(
                        "custom feed `{}`: no {what} \"{}\" on this site",
                        custom.name, value.value
                    ),
                );
                problems.push(match crate::yaml::closest(&value.value, known) {
                    Some(near) => problem.with_help(format!("did you mean \"{near}\"?")),
                    None => problem.with_help(help.to_owned()),
                });
            };
            for section in &filter.sections {
                if !names.sections.contains(&section.value.as_str()) {
                    unknown(
                        "section",
                        section,
                        &names.sections,
                        "a section is a folder of the content folder with an `_index.md`, or one `sections:` names",
                    );
                }
            }
            for (what, filter, known) in [
                ("tag", &filter.tags, &names.tags),
                ("category", &filter.categories, &names.categories),
            ] {
                let spellings: Vec<&str> = known.values().copied().collect();
                for term in filter.named() {
                    if !known.contains_key(&taxonomy::identity(&term.value)) {
                        unknown(what, term, &spellings, "no published post has it");
                    }
                }
            }
            if let Some(language) = &filter.language
                && self.languages.index_of(&language.value).is_none()
            {
                let declared = self.languages.listed();
                unknown(
                    "language",
                    language,
                    &[],
                    &format!("the site's languages are {declared}"),
                );
            }
        }
        match problems.is_empty() {
            true => Ok(()),
            // Shown with the config's line, as its other problems are.
            false => Err(Error::Config(crate::error::with_sources(
                problems,
                &self.file.text,
            ))),
        }
    }
}
