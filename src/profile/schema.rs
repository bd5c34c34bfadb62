//! The date fields a site's own config or content schema names: Hugo's `[frontmatter]`
//! order, and for Astro or Next.js (whose schemas are code) Astro's
//! `src/content.config.ts` (or `src/content/config.ts`) zod fields (`launched: z.coerce.date()`),
//! contentlayer's `fields` (`postedOn: { type: 'date' }`), velite's `s.isodate()`. Their
//! routes and schemas are code, but a field's name and type read plainly, and a site whose
//! posts date themselves under a name of its own would otherwise lose every post.

use std::path::{Path, PathBuf};

/// The date fields a site names its own way (its schema's, Hugo's `[frontmatter]`), by
/// what they say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct SchemaDates {
    /// Fields that date a post's publication, in the schema's order.
    pub(crate) published: Vec<String>,
    /// Fields that date its last update (`updatedOn`, `lastEdited`, `modifiedAt`).
    pub(crate) updated: Vec<String>,
}

/// Where each tool keeps its content schema, relative to its config's folder.
const SCHEMA_FILES: [&str; 14] = [
    "src/content.config.ts",
    "src/content.config.mts",
    "src/content.config.js",
    "src/content.config.mjs",
    "src/content/config.ts",
    "src/content/config.mts",
    "src/content/config.js",
    "src/content/config.mjs",
    "contentlayer.config.ts",
    "contentlayer.config.js",
    "contentlayer.config.mjs",
    "content-collections.ts",
    "velite.config.ts",
    "velite.config.js",
];

impl SchemaDates {
    /// The date keys Hugo's `[frontmatter]` lists (`date = ["publishDate", ":default"]`,
    /// `lastmod = ["updated", ":default"]`), in its order: Hugo reads a page's date from the
    /// first present. Its `:`-names (`:default`, `:filename`, `:git`) are not keys; the
    /// default keys come after these anyway.
    pub(crate) fn of_hugo(config: &serde_json::Value) -> SchemaDates {
        let keys = |name: &str| -> Vec<String> {
            super::lookup(config, "frontmatter")
                .and_then(|table| super::lookup(table, name))
                .and_then(serde_json::Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(serde_json::Value::as_str)
                .filter(|key| !key.starts_with(':') && !key.is_empty())
                .map(str::to_owned)
                .collect()
        };
        SchemaDates {
            published: keys("date"),
            updated: keys("lastmod"),
        }
    }

    /// The date fields the schema files in `folder` declare, and the files read. A schema
    /// file is read only as a plain file inside `folder` (never through a link), and one
    /// that cannot be read or is not UTF-8 is passed over: it is code feedsmith does not
    /// run, and the tools' own names still apply.
    pub(crate) fn in_folder(folder: &Path) -> (SchemaDates, Vec<PathBuf>) {
        let mut dates = SchemaDates::default();
        let mut files = Vec::new();
        for name in SCHEMA_FILES {
            let path = folder.join(name);
            let plain = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
            let Some(text) = plain.then(|| std::fs::read_to_string(&path).ok()).flatten() else {
                continue;
            };
            for field in date_fields(&text) {
                let lower = field.to_ascii_lowercase();
                let list = match ["updat", "modif", "lastmod", "edit", "revis"]
                    .iter()
                    .any(|word| lower.contains(word))
                {
                    true => &mut dates.updated,
                    false => &mut dates.published,
                };
                if !list.contains(&field) {
                    list.push(field);
                }
            }
            files.push(path);
        }
        (dates, files)
    }
}

/// The names of the fields of `code` declared as dates: `name: z.date()`, `z.coerce.date()`,
/// `z.string().datetime()`, `s.isodate()`, `name: { type: 'date' }`. One pass over the text;
/// each value is read to its end (a `,` or `;` outside brackets, or its closing bracket), and
/// nested objects are read for their own fields, so `schema: z.object({…})` is no date.
fn date_fields(code: &str) -> Vec<String> {
    let bytes = code.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let starts_name = (bytes[at].is_ascii_alphabetic() || bytes[at] == b'_')
            && (at == 0
                || !(bytes[at - 1].is_ascii_alphanumeric()
                    || matches!(bytes[at - 1], b'_' | b'.' | b'$')));
        if !starts_name {
            at += 1;
            continue;
        }
        let end = at
            + bytes[at..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                .count();
        let after = code[end..].trim_start();
        let value_start = code.len() - after.len() + 1;
        if after.starts_with(':') && !after.starts_with("::") {
            let value = value_of(&code[value_start..]);
            if value.is_some_and(|value| is_date(value.trim())) {
                found.push(code[at..end].to_string());
            }
        }
        at = end;
    }
    found
}

/// The longest field value read: a date field's declaration is a short chain
/// (`z.coerce.date().optional()`); a longer value is an object or a function, never one.
/// Bounding it keeps the scan linear however the code nests (`a: a: a: …` would otherwise
/// read the rest of the file once per name).
const MOST_VALUE_BYTES: usize = 512;

/// The text of a value that starts `rest`: up to a `,` or `;` outside brackets, or the
/// bracket that closes around it; `None` past [`MOST_VALUE_BYTES`].
fn value_of(rest: &str) -> Option<&str> {
    let mut depth = 0usize;
    for (at, c) in rest.char_indices() {
        if at > MOST_VALUE_BYTES {
            return None;
        }
        match c {
            '(' | '{' | '[' => depth += 1,
            ')' | '}' | ']' if depth == 0 => return Some(&rest[..at]),
            ')' | '}' | ']' => depth -= 1,
            ',' | ';' if depth == 0 => return Some(&rest[..at]),
            _ => {}
        }
    }
    Some(rest)
}

/// Whether a field's value declares a date: a zod or velite chain that is a date (not an
/// object or array holding one), or a contentlayer field object whose `type` is `date`.
fn is_date(value: &str) -> bool {
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    let chain = compact.starts_with("z.") || compact.starts_with("s.");
    let container = ["z.object", "z.array", "z.record", "s.object", "s.array"]
        .iter()
        .any(|prefix| compact.starts_with(prefix));
    if chain && !container {
        return ["date(", "datetime(", "isodate("]
            .iter()
            .any(|call| compact.contains(call));
    }
    compact.starts_with('{')
        && compact[1..].find('{').is_none()
        && (compact.contains("type:'date'") || compact.contains("type:\"date\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_fields_are_read_from_zod_contentlayer_and_velite_schemas() {
        let astro = r#"
const blog = defineCollection({
  loader: glob({ pattern: '**/*.md', base: './src/content/blog' }),
  schema: ({ image }) => z.object({
    title: z.string(),
    launchedOn: z.coerce.date(),
    lastEdited: z.string().datetime().optional(),
    tags: z.array(z.string()).default([]),
    cover: image().optional(),
    dates: z.array(z.date()),
  }),
});"#;
        assert_eq!(date_fields(astro), ["launchedOn", "lastEdited"]);
        let contentlayer = r#"
export const Blog = defineDocumentType(() => ({
  name: 'Blog',
  filePathPattern: 'blog/**/*.mdx',
  fields: {
    title: { type: 'string', required: true },
    postedOn: { type: 'date', required: true },
    tags: { type: 'list', of: { type: 'string' }, default: [] },
  },
  computedFields: { date: { type: 'string', resolve: (doc) => doc.postedOn } },
}))"#;
        assert_eq!(date_fields(contentlayer), ["postedOn"]);
        assert_eq!(
            date_fields("const posts = { schema: s.object({ written: s.isodate() }) }"),
            ["written"]
        );
        // Names nested without end: each reads its own short stretch only (read to the
        // end of the text each, these 50,000 would take minutes), and only the last holds
        // a date.
        let nested = "a: ".repeat(50_000) + "z.date()";
        assert_eq!(date_fields(&nested), ["a"]);
    }

    #[test]
    fn a_schemas_date_fields_are_sorted_into_publication_and_update() {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(site.path().join("src")).unwrap();
        std::fs::write(
            site.path().join("src/content.config.ts"),
            "schema: z.object({ launchedOn: z.coerce.date(), modifiedAt: z.date() })",
        )
        .unwrap();
        let (dates, files) = SchemaDates::in_folder(site.path());
        assert_eq!(dates.published, ["launchedOn"]);
        assert_eq!(dates.updated, ["modifiedAt"]);
        assert_eq!(files, [site.path().join("src/content.config.ts")]);
    }
}
