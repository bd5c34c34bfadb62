//! The values of a tool's own config that its templates read (`site.x`, Hugo's `params`),
//! and the people its data files describe (Jekyll's `_data/authors.yml`).

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::detect::{lookup, parse_any, read_text};
use crate::error::Diagnostic;
use crate::person::Person;

/// The text values of the tool's config, under dotted keys (`repository`, `params.x`): what
/// Jekyll's `{{ site.x }}` and Hugo's `param` shortcode read; and the authors its data files
/// describe by id (Jekyll's `_data/authors.yml`, which jekyll-feed reads).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteValues {
    /// Text values under their dotted keys, in the config's order.
    pub values: Vec<(String, String)>,
    /// People by id, from the tool's data.
    pub authors: Vec<(String, Person)>,
    /// Zola's and Hugo's pages and sections: the `.md` files of the content root (where `@/`
    /// and `ref` paths start), `/`-separated, found once when the tool is, never from a
    /// worker.
    pub pages: std::collections::BTreeSet<String>,
    /// The date fields the site names its own way: Hugo's `[frontmatter]` order, an Astro or
    /// Next.js content schema's date fields.
    pub(crate) schema_dates: super::SchemaDates,
    /// The site's own templates a post's content runs: Zola's shortcodes.
    pub(crate) templates: super::zola_templates::SiteTemplates,
    /// Every file of the tool's that was read (its config, the files of its config folder,
    /// its data), in the order read: what `-v` and the JSON report name.
    pub files: Vec<PathBuf>,
}

impl SiteValues {
    /// The person a post's `author: id` names in the tool's data, if any.
    pub fn author(&self, id: &str) -> Option<&Person> {
        self.authors
            .iter()
            .find(|(known, _)| known == id)
            .map(|(_, person)| person)
    }

    /// The text, number and true/false values of a parsed config, nested tables flattened.
    pub fn of(config: &Value) -> SiteValues {
        fn walk(values: &mut Vec<(String, String)>, prefix: &str, value: &Value) {
            let key = |name: &str| match prefix.is_empty() {
                true => name.to_string(),
                false => format!("{prefix}.{name}"),
            };
            match value {
                Value::Object(table) => {
                    for (name, inner) in table {
                        walk(values, &key(name), inner);
                    }
                }
                Value::String(text) => values.push((prefix.to_string(), text.clone())),
                Value::Number(n) => values.push((prefix.to_string(), n.to_string())),
                Value::Bool(b) => values.push((prefix.to_string(), b.to_string())),
                Value::Null | Value::Array(_) => {}
            }
        }
        let mut values = Vec::new();
        walk(&mut values, "", config);
        SiteValues {
            values,
            ..SiteValues::default()
        }
    }

    /// The pages and sections in `content` (Zola's `content/`, Hugo's `contentDir`): every
    /// `.md` file, by its path there. Links are not followed, as the content walk follows
    /// none.
    pub(super) fn with_pages_in(mut self, content: &Path) -> SiteValues {
        self.pages = walkdir::WalkDir::new(content)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_file())
            .filter(|entry| entry.path().extension().is_some_and(|e| e == "md"))
            .filter_map(|entry| {
                let relative = entry.path().strip_prefix(content).ok()?;
                let parts: Vec<&str> = relative
                    .components()
                    .map(|part| part.as_os_str().to_str())
                    .collect::<Option<_>>()?;
                Some(parts.join("/"))
            })
            .collect();
        self
    }

    /// The Zola site's shortcodes in `site` (its `templates/shortcodes/`, then its theme's),
    /// compiled; a template Tera cannot read stops the build, as it stops Zola's.
    pub(super) fn with_zola_shortcodes_in(
        mut self,
        site: &Path,
        config: &Value,
    ) -> Result<SiteValues, Diagnostic> {
        if let Some((shortcodes, read)) = super::zola_templates::load(site, config, &self.pages)? {
            self.templates.zola = Some(std::sync::Arc::new(shortcodes));
            self.files.extend(read);
        }
        Ok(self)
    }

    /// The Hugo site's shortcodes in `site` (its `layouts/shortcodes/`, then its themes' and
    /// modules'), with their partials, translations and data; nothing above `edge` (the
    /// repository's root) is read.
    pub(super) fn with_hugo_shortcodes_in(
        mut self,
        site: &Path,
        config: &Value,
        edge: &Path,
    ) -> Result<SiteValues, Diagnostic> {
        if let Some((shortcodes, read)) = super::hugo_templates::load(site, config, edge)? {
            self.templates.hugo = Some(std::sync::Arc::new(shortcodes));
            self.files.extend(read);
        }
        Ok(self)
    }

    /// The site's Liquid (Jekyll's, Eleventy's): its `_includes/` and `_data/` in `root`,
    /// `config` its parsed config; with `top_level`, front matter and data are read at the
    /// top level too (Eleventy's data cascade).
    pub(super) fn with_liquid_in(
        mut self,
        root: &Path,
        config: &Value,
        top_level: bool,
    ) -> Result<SiteValues, Diagnostic> {
        let (site, read) = super::liquid::load(root, config, top_level)?;
        self.templates.liquid = Some(std::sync::Arc::new(site));
        for file in read {
            if !self.files.contains(&file) {
                self.files.push(file);
            }
        }
        Ok(self)
    }

    /// The Liquid engine with no site files, for a post read as Liquid on a site of no tool
    /// that has them.
    pub(crate) fn with_bare_liquid(mut self) -> SiteValues {
        if self.templates.liquid.is_none() {
            self.templates.liquid = Some(std::sync::Arc::new(super::liquid::LiquidSite::bare()));
        }
        self
    }

    /// The authors of Jekyll's `_data/authors.yml` (or `.yaml`, `.json`) in the site's root:
    /// each id with its `name`, `email` and `uri` (or `url`). A file that is there but does
    /// not parse stops the build, as it stops Jekyll's.
    pub(super) fn with_authors_in(mut self, root: &Path) -> Result<SiteValues, Diagnostic> {
        let found = ["authors.yml", "authors.yaml", "authors.json"]
            .iter()
            .map(|name| root.join("_data").join(name))
            .find(|path| path.is_file());
        let Some(path) = found else {
            return Ok(self);
        };
        let authors = parse_any(&path, &read_text(&path)?)?;
        self.files.push(path);
        let Value::Object(authors) = authors else {
            return Ok(self);
        };
        let text = |person: &Value, keys: &[&str]| {
            keys.iter()
                .find_map(|key| lookup(person, key)?.as_str())
                .map(str::to_string)
        };
        self.authors = authors
            .iter()
            .filter_map(|(id, person)| {
                let name = text(person, &["name", "display_name"])?;
                Some((
                    id.clone(),
                    Person {
                        name,
                        email: text(person, &["email"]),
                        url: text(person, &["uri", "url", "web", "website"]),
                    }
                    .cleaned(),
                ))
            })
            .collect();
        Ok(self)
    }

    /// The value under `key`, matched as written, else without regard to case (Hugo's keys).
    pub fn get(&self, key: &str) -> Option<&str> {
        let found = |exact: bool| {
            self.values
                .iter()
                .find(|(name, _)| match exact {
                    true => name == key,
                    false => name.eq_ignore_ascii_case(key),
                })
                .map(|(_, value)| value.as_str())
        };
        found(true).or_else(|| found(false))
    }
}
