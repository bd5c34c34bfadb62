//! `init --from` on a site whose tool keeps its config and routes in code (Astro, Next.js,
//! Eleventy): what can be read plainly — the collections' folders, the route files that
//! publish them (`src/pages/blog/[...slug].astro`), Astro's `site:` — becomes settings, and
//! each permalink a route implies is written for the user to confirm, since the route's code
//! decides. A site where none of that is found gets no settings: the caller says what to
//! write by hand.

use std::path::Path;

use super::Tool;
use super::migrate::Settings;

/// A collection's permalink as its route file implies it: the folder inside the content
/// folder, the pattern, and the route file (or why none was found).
pub(crate) type Suggested = (String, String, String);

/// Where Next.js blogs keep their posts, most specific first.
const NEXT_POSTS: [&str; 7] = [
    "data/blog",
    "content/blog",
    "content/posts",
    "posts",
    "_posts",
    "blog",
    "content",
];

/// Where Eleventy blogs keep their posts, most specific first.
const ELEVENTY_POSTS: [&str; 6] = [
    "content/blog",
    "src/posts",
    "src/blog",
    "posts",
    "blog",
    "content",
];

/// What a code-configured site's files say: its posts' folder, `site:` URL, a permalink
/// for the biggest routed collection, and one suggestion per collection. `None` where no
/// posts' folder is found.
pub(crate) fn code_site_settings(
    tool: Tool,
    source: &Path,
    marker: &Path,
    mapped: &mut Vec<String>,
    skipped: &mut Vec<String>,
) -> Option<Settings> {
    let content_dir = match tool {
        Tool::Astro => "src/content".to_string(),
        Tool::NextJs => first_folder(source, &NEXT_POSTS)?,
        _ => first_folder(source, &ELEVENTY_POSTS)?,
    };
    let content = source.join(&content_dir);
    if !content.is_dir() {
        return None;
    }
    mapped.push(format!(
        "read {}'s files beside {} (its config is code)",
        tool.name(),
        marker.display()
    ));
    mapped.push(format!("content_dir ← {content_dir}"));
    let base_url = match tool {
        Tool::Astro => std::fs::read_to_string(marker)
            .ok()
            .and_then(|code| astro_site(&code)),
        _ => None,
    };
    match &base_url {
        Some(url) => mapped.push(format!("base_url ← site \"{url}\" in {}", marker.display())),
        None => skipped.push("base_url: none found; set the site's real URL".into()),
    }
    let (permalink, suggested) = routes(tool, source, &content_dir, mapped);
    if !suggested.is_empty() {
        skipped.push(format!(
            "permalinks: {}'s routes are code; confirm the commented `permalinks:` lines (one per collection) and uncomment them",
            tool.name()
        ));
    }
    if tool == Tool::Eleventy {
        mapped.push(
            "permalinks ← each folder's directory data (`*.11tydata.json`), read at every build"
                .into(),
        );
    }
    skipped.push("title, description: read from code; edit the placeholders".into());
    Some(Settings {
        title: "My Blog".into(),
        description: "Notes and essays.".into(),
        base_url: base_url.unwrap_or_else(|| "https://example.com/".into()),
        language: None,
        timezone: None,
        permalink,
        permalinks: Vec::new(),
        suggested_permalinks: suggested,
        content_dir,
        languages: Vec::new(),
        exclude: Vec::new(),
        feeds: Default::default(),
    })
}

/// The permalink the site's routes imply and, for Astro, one suggestion per collection
/// (the biggest routed collection's pattern as the site's), each noted in `mapped`.
fn routes(
    tool: Tool,
    source: &Path,
    content_dir: &str,
    mapped: &mut Vec<String>,
) -> (Option<String>, Vec<Suggested>) {
    let content = source.join(content_dir);
    let mut suggested: Vec<Suggested> = Vec::new();
    let mut permalink = None;
    if tool == Tool::Astro {
        let mut biggest = 0;
        for (name, posts) in subfolders(&content) {
            let route = astro_route(source, &name);
            let pattern = format!("/{name}/{{slug}}/");
            if route.is_some() && posts > biggest {
                biggest = posts;
                permalink = Some(pattern.clone());
            }
            let why = route.unwrap_or_else(|| format!("no route found in src/pages/{name}/"));
            suggested.push((name, pattern, why));
        }
        if let Some(pattern) = &permalink {
            mapped.push(format!(
                "permalink ← {pattern} (the biggest routed collection: confirm it)"
            ));
        }
    } else if tool == Tool::NextJs {
        let section = Path::new(content_dir)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("blog")
            .to_string();
        if let Some(route) = next_route(source, &section) {
            let pattern = format!("/{section}/{{slug}}");
            mapped.push(format!(
                "permalink ← {route} \"{pattern}\" (a route: confirm it)"
            ));
            permalink = Some(pattern);
        }
    }
    (permalink, suggested)
}

/// The first of `candidates` that is a folder in `source`.
fn first_folder(source: &Path, candidates: &[&str]) -> Option<String> {
    candidates
        .iter()
        .find(|folder| source.join(folder).is_dir())
        .map(|folder| folder.to_string())
}

/// The folders of `content` (Astro's collections) with how many Markdown files each holds,
/// by name; hidden and `_` folders left out.
fn subfolders(content: &Path) -> Vec<(String, usize)> {
    let Ok(entries) = std::fs::read_dir(content) else {
        return Vec::new();
    };
    let mut found: Vec<(String, usize)> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_dir()))
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| !name.starts_with(['.', '_']))
        .map(|name| {
            let posts = walkdir::WalkDir::new(content.join(&name))
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| {
                    e.path()
                        .extension()
                        .is_some_and(|x| x == "md" || x == "mdx")
                })
                .count();
            (name, posts)
        })
        .collect();
    found.sort();
    found
}

/// The Astro page that routes collection `name` by slug or id (`src/pages/blog/[...slug].astro`).
fn astro_route(source: &Path, name: &str) -> Option<String> {
    let folder = format!("src/pages/{name}");
    ["[...slug]", "[slug]", "[...id]", "[id]"]
        .iter()
        .flat_map(|param| ["astro", "ts", "js"].map(|ext| format!("{folder}/{param}.{ext}")))
        .find(|route| source.join(route).is_file())
}

/// The Next.js route that publishes `section`'s posts by slug (App or Pages Router).
fn next_route(source: &Path, section: &str) -> Option<String> {
    let mut candidates = Vec::new();
    for root in ["app", "src/app"] {
        for param in ["[slug]", "[...slug]"] {
            for ext in ["tsx", "jsx", "js", "ts"] {
                candidates.push(format!("{root}/{section}/{param}/page.{ext}"));
            }
        }
    }
    for root in ["pages", "src/pages"] {
        for param in ["[slug]", "[...slug]"] {
            for ext in ["tsx", "jsx", "js", "ts"] {
                candidates.push(format!("{root}/{section}/{param}.{ext}"));
            }
        }
    }
    candidates
        .into_iter()
        .find(|route| source.join(route).is_file())
}

/// The `site: "https://…"` an Astro config names, read as text (the config is code).
fn astro_site(code: &str) -> Option<String> {
    let at = code.find("site:")?;
    let rest = code[at + 5..].trim_start();
    let quote = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '`'))?;
    let url = rest[1..].split(quote).next()?;
    let url = url::Url::parse(url).ok()?;
    matches!(url.scheme(), "http" | "https").then(|| match url.as_str().ends_with('/') {
        true => url.to_string(),
        false => format!("{url}/"),
    })
}

#[cfg(test)]
mod tests {
    use super::astro_site;

    #[test]
    fn astros_site_is_read_from_its_config() {
        assert_eq!(
            astro_site("export default defineConfig({\n  site: 'https://example.com',\n});")
                .as_deref(),
            Some("https://example.com/")
        );
        assert_eq!(astro_site("site: process.env.SITE"), None);
        assert_eq!(astro_site("site: \"javascript:alert(1)\""), None);
    }
}
