//! A post's own path (`path`, `url`, `permalink` in its front matter) as its tool fills it
//! in: Jekyll's placeholders (`/:categories/:year/:month/:day/:title:output_ext`).

use jiff::civil::Date;

use super::Profile;

impl Profile {
    /// A post's own `permalink` with Jekyll's placeholders filled in (`/:categories/:title/`,
    /// `/:year/:month/:day/:slug:output_ext`), from its `slug`, its `categories` as a URL path
    /// and its `date`; without a slash at its start.
    pub(crate) fn own_permalink(
        &self,
        pattern: &str,
        slug: &str,
        categories: &str,
        date: Date,
    ) -> String {
        let expanded = pattern
            .replace(":short_year", &format!("{:02}", date.year() % 100))
            .replace(":i_month", &date.month().to_string())
            .replace(":i_day", &date.day().to_string())
            .replace(":categories", categories)
            .replace(":output_ext", ".html")
            .replace(":title", slug)
            .replace(":slug", slug)
            .replace(":year", &format!("{:04}", date.year()))
            .replace(":month", &format!("{:02}", date.month()))
            .replace(":day", &format!("{:02}", date.day()));
        crate::links::collapse_slashes(&expanded)
            .trim_start_matches('/')
            .to_string()
    }
}

/// An Eleventy permalink template (`/blog/{{ title | slugify }}/`, from front matter or
/// directory data) as a feedsmith pattern (`/blog/{title}/`): `page.fileSlug` is `{slug}`,
/// the title through `slugify` or `slug` is `{title}`, the date through a `date` filter is
/// `{year}`, `{month}`, `{day}` by its format; a trailing `index.html` is the folder's URL.
/// `None` for anything else a template can say (a tag, another value or filter): the
/// folder's pattern stands in. (Whether the pattern names the post is the pattern's own
/// check, [`PermalinkPattern::parse`](crate::config::PermalinkPattern::parse).)
pub(crate) fn eleventy_permalink(template: &str) -> Option<String> {
    let mut pattern = String::with_capacity(template.len());
    let mut rest = template.trim();
    if rest.contains("{%") {
        return None;
    }
    while let Some(open) = rest.find("{{") {
        pattern.push_str(&rest[..open]);
        let close = rest[open..].find("}}")? + open;
        let expression =
            rest[open + 2..close].trim_matches(|c: char| c == '-' || c.is_whitespace());
        pattern.push_str(&eleventy_expression(expression)?);
        rest = &rest[close + 2..];
    }
    pattern.push_str(rest);
    let pattern = pattern.strip_suffix("index.html").unwrap_or(&pattern);
    Some(match pattern.starts_with('/') {
        true => pattern.to_string(),
        false => format!("/{pattern}"),
    })
}

/// One `{{ … }}` of an Eleventy permalink as a placeholder, if it is one feedsmith knows.
fn eleventy_expression(expression: &str) -> Option<String> {
    let mut parts = expression.split('|').map(str::trim);
    let value = parts.next()?;
    let filters: Vec<&str> = parts.collect();
    let slugged = |filters: &[&str]| filters.iter().all(|f| matches!(*f, "slug" | "slugify"));
    match value {
        "page.fileSlug" if slugged(&filters) => Some("{slug}".into()),
        "title" | "page.title" if !filters.is_empty() && slugged(&filters) => {
            Some("{title}".into())
        }
        "page.date" | "date" => match filters.as_slice() {
            [filter] => {
                let (name, format) = filter.split_once(':')?;
                let format = format.trim().trim_matches(['"', '\'']);
                matches!(name.trim(), "date" | "dateToFormat" | "dateFormat")
                    .then(|| date_format(format))
                    .flatten()
            }
            _ => None,
        },
        _ => None,
    }
}

/// A date format of strftime (`%Y/%m/%d`) or Luxon/moment tokens (`yyyy/MM/dd`,
/// `YYYY/MM/DD`) as feedsmith's date placeholders; `None` with any other token.
fn date_format(format: &str) -> Option<String> {
    const TOKENS: [(&str, &str); 10] = [
        ("%Y", "{year}"),
        ("%m", "{month}"),
        ("%d", "{day}"),
        ("yyyy", "{year}"),
        ("YYYY", "{year}"),
        ("MM", "{month}"),
        ("LL", "{month}"),
        ("dd", "{day}"),
        ("DD", "{day}"),
        ("-", "-"),
    ];
    let mut out = String::new();
    let mut rest = format;
    while !rest.is_empty() {
        if let Some((token, placeholder)) = TOKENS.iter().find(|(t, _)| rest.starts_with(t)) {
            out.push_str(placeholder);
            rest = &rest[token.len()..];
        } else if rest.starts_with(['/', '_', '.']) {
            out.push_str(&rest[..1]);
            rest = &rest[1..];
        } else {
            return None;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::eleventy_permalink;

    #[test]
    fn eleventy_permalink_templates_become_patterns() {
        let cases = [
            ("/blog/{{ page.fileSlug }}/", Some("/blog/{slug}/")),
            ("/posts/{{ title | slugify }}/", Some("/posts/{title}/")),
            ("{{ title | slug }}/index.html", Some("/{title}/")),
            (
                "/{{ page.date | date: \"%Y/%m\" }}/{{- page.fileSlug -}}/",
                Some("/{year}/{month}/{slug}/"),
            ),
            (
                "/blog/{{ page.date | dateToFormat: 'yyyy-MM-dd' }}-{{ page.fileSlug }}.html",
                Some("/blog/{year}-{month}-{day}-{slug}.html"),
            ),
            // What a template can say beyond these stands aside for the folder's pattern.
            ("/{{ page.filePathStem }}/", None),
            ("/{% if x %}a{% endif %}/{{ page.fileSlug }}/", None),
            ("/{{ title | upcase }}/", None),
            ("/{{ page.date | date: \"%B\" }}/{{ page.fileSlug }}/", None),
            ("/{{ page.fileSlug }", None),
            // A pattern, though one that names no post: the pattern's own check refuses it.
            (
                "/archive/{{ page.date | date: \"%Y\" }}/",
                Some("/archive/{year}/"),
            ),
        ];
        for (template, pattern) in cases {
            assert_eq!(
                eleventy_permalink(template).as_deref(),
                pattern,
                "{template}"
            );
        }
    }
}
