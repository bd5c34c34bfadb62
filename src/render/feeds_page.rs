//! The feeds page for people (`feeds.html`): one static HTML page, no script, listing every
//! feed of the site — the whole site's, each tag's, each category's — with its URLs in each
//! format, how many posts it covers, its newest post, and a sentence on what a feed is. A
//! person who clicks "RSS" on a site lands here instead of on raw XML. And the snippet for the
//! site's `<head>` (`feeds-head.html`): the `<link rel="alternate">` tags by which browsers
//! and readers discover the main feeds.

use std::io::{self, Write};

use super::{html_escape, rfc3339};
use crate::site::{FeedGroup, FeedKind, FeedScope, Site, feeds_in_section};
use crate::taxonomy::TaxonomyKind;

/// Kept small and inline: the page must read well on its own, wherever it is served.
/// The style of the site's logo or icon in the heading, for a site that has one.
const IMAGE_STYLE: &str = "h1 img { vertical-align: middle; height: 2.2rem; width: auto; }
h1 img.icon { width: 2.2rem; border-radius: .4rem; }
";

const STYLE: &str = "\
:root { color-scheme: light dark; --muted: #5b6270; --line: #d9dce1; --tag: #eef1f5; }
@media (prefers-color-scheme: dark) { :root { --muted: #a3aab6; --line: #3a3f47; --tag: #2a2f37; } }
body { font: 16px/1.55 system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif; margin: 0; }
main { max-width: 52rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2.5rem 0 .75rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
.lead { color: var(--muted); margin-top: 0; }
.about { border-left: 3px solid var(--line); padding-left: 1rem; }
ul.feeds { list-style: none; padding: 0; margin: 0; }
li.feed { padding: .9rem 0; border-bottom: 1px solid var(--line); }
li.feed h3 { font-size: 1.05rem; margin: 0 0 .2rem; }
.meta { color: var(--muted); margin: 0 0 .4rem; font-size: .95rem; }
ul.urls { list-style: none; padding: 0; margin: 0; display: grid; gap: .2rem; }
.format { display: inline-block; min-width: 6.5rem; font-size: .8rem; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
code { font-size: .9rem; background: var(--tag); padding: .05rem .35rem; border-radius: 4px; overflow-wrap: anywhere; }
";

/// Writes the feeds page of `site`, whose feeds are `groups` (archive pages are left out:
/// they are parts of their feeds).
pub(crate) fn write_page<W: Write>(
    site: &Site,
    groups: &[FeedGroup<'_>],
    mut out: W,
) -> io::Result<W> {
    let config = &site.config;
    let title = html_escape(&config.title);
    let language = html_escape(config.language().unwrap_or("en"));
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, "<html lang=\"{language}\">")?;
    writeln!(out, "<head>")?;
    writeln!(out, "<meta charset=\"utf-8\">")?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(out, "<title>Feeds of {title}</title>")?;
    if let Some(icon) = &config.icon {
        writeln!(
            out,
            "<link rel=\"icon\" href=\"{}\">",
            html_escape(icon.url.as_str())
        )?;
    }
    write_links(site, groups, &mut out)?;
    let image_style = match config.logo.is_some() || config.icon.is_some() {
        true => IMAGE_STYLE,
        false => "",
    };
    writeln!(out, "<style>\n{STYLE}{image_style}</style>")?;
    writeln!(out, "</head>")?;
    writeln!(out, "<body>")?;
    writeln!(out, "<main>")?;
    writeln!(
        out,
        "<h1>{}Feeds of <a href=\"{}\">{title}</a></h1>",
        heading_image(config),
        html_escape(config.base_url.as_str())
    )?;
    writeln!(
        out,
        "<p class=\"lead\">{}</p>",
        html_escape(&config.description)
    )?;
    writeln!(
        out,
        "<p class=\"about\">A feed lists a site's newest posts for a <em>feed reader</em> (such as NetNewsWire, Feedly, Inoreader or Thunderbird), which checks it for you and shows each new post as it appears: to subscribe, copy one of the addresses below and add it in your reader. RSS and Atom suit every reader; JSON Feed, the newer ones.</p>"
    )?;
    let languages = &config.languages;
    for (language, lang) in languages.list.iter().enumerate() {
        let sections = [
            ("The whole site", FeedKind::Site),
            ("Sections", FeedKind::Section),
            ("Tags", FeedKind::Term(TaxonomyKind::Tag)),
            ("Categories", FeedKind::Term(TaxonomyKind::Category)),
            ("Authors", FeedKind::Term(TaxonomyKind::Author)),
            ("Selected posts", FeedKind::Custom),
        ];
        for (heading, kind) in sections {
            let members = feeds_in_section(groups, language, kind);
            if members.is_empty() {
                continue;
            }
            // A site in several languages says whose each section is, in that language.
            match (languages.several(), &lang.code) {
                (true, Some(code)) => {
                    let code = html_escape(code);
                    writeln!(out, "<section lang=\"{code}\">")?;
                    writeln!(
                        out,
                        "<h2>{heading} · {} <span lang=\"en\">({code})</span></h2>",
                        html_escape(&lang.title)
                    )?;
                }
                _ => {
                    writeln!(out, "<section>")?;
                    writeln!(out, "<h2>{heading}</h2>")?;
                }
            }
            writeln!(out, "<ul class=\"feeds\">")?;
            for group in members {
                write_feed(group, &mut out)?;
            }
            writeln!(out, "</ul>")?;
            writeln!(out, "</section>")?;
        }
    }
    writeln!(out, "</main>")?;
    writeln!(out, "</body>")?;
    writeln!(out, "</html>")?;
    Ok(out)
}

/// The logo (else the icon) that heads the page, as readers show it beside the feeds.
fn heading_image(config: &crate::config::SiteConfig) -> String {
    let (class, image) = match (&config.logo, &config.icon) {
        (Some(logo), _) => ("logo", logo),
        (None, Some(icon)) => ("icon", icon),
        (None, None) => return String::new(),
    };
    format!(
        "<img class=\"{class}\" src=\"{}\" alt=\"\"> ",
        html_escape(image.url.as_str())
    )
}

/// One feed: its name, how many posts it covers, its newest post, and its URLs.
fn write_feed<W: Write>(group: &FeedGroup<'_>, out: &mut W) -> io::Result<()> {
    let feed = &group.feed;
    let name = match group.scope {
        FeedScope::Site => "All posts".to_string(),
        FeedScope::Term(kind, term) => format!(
            "{} {}",
            match kind {
                TaxonomyKind::Tag => "Tagged",
                TaxonomyKind::Category => "In",
                TaxonomyKind::Author => "By",
            },
            term.name
        ),
        FeedScope::Section(_) | FeedScope::Custom(_) => feed.title.clone(),
    };
    let posts = group.covers;
    writeln!(out, "<li class=\"feed\">")?;
    writeln!(
        out,
        "<h3><a href=\"{}\">{}</a></h3>",
        html_escape(feed.home_url.as_str()),
        html_escape(&name)
    )?;
    let count = crate::text::counted(posts, "post", "posts");
    let carried = match feed.entries.len() {
        n if n < posts => format!(" (the feed carries the newest {n})"),
        _ => String::new(),
    };
    match feed.entries.first() {
        Some(newest) => writeln!(
            out,
            "<p class=\"meta\">{count}{carried} · newest: <a href=\"{}\">{}</a>, <time datetime=\"{}\">{}</time></p>",
            html_escape(newest.permalink.as_str()),
            html_escape(&newest.post.title),
            rfc3339(&newest.post.published),
            newest.post.published.date()
        )?,
        None => writeln!(out, "<p class=\"meta\">No posts yet</p>")?,
    }
    writeln!(out, "<ul class=\"urls\">")?;
    for file in &group.files {
        let url = html_escape(file.url.as_str());
        writeln!(
            out,
            "<li><span class=\"format\">{}</span> <a href=\"{url}\" type=\"{}\"><code>{url}</code></a></li>",
            file.format.label(),
            file.format.media_type()
        )?;
    }
    writeln!(out, "</ul>")?;
    writeln!(out, "</li>")?;
    Ok(())
}

/// The `<link rel="alternate">` tag of each of the main feeds' files (one main feed, or on a
/// site in several languages, each language's, named by `hreflang`), then of each author's
/// feed: a multi-author site offers every author's feed from any page, as it lists them.
fn write_links<W: Write>(site: &Site, groups: &[FeedGroup<'_>], out: &mut W) -> io::Result<()> {
    let languages = &site.config.languages;
    let offered = |wanted: fn(&FeedScope<'_>) -> bool| {
        groups
            .iter()
            .filter(move |group| group.is_subscription() && wanted(&group.scope))
    };
    let mains = offered(|scope| *scope == FeedScope::Site);
    let authors = offered(|scope| matches!(scope, FeedScope::Term(TaxonomyKind::Author, _)));
    for group in mains.chain(authors) {
        let lang = &languages.list[group.language];
        let hreflang = match (languages.several(), &lang.code) {
            (true, Some(code)) => format!(" hreflang=\"{}\"", html_escape(code)),
            _ => String::new(),
        };
        let title = match group.scope {
            FeedScope::Site => &lang.title,
            _ => &group.feed.title,
        };
        for file in &group.files {
            writeln!(
                out,
                "<link rel=\"alternate\" type=\"{}\"{hreflang} title=\"{}\" href=\"{}\">",
                file.format.media_type(),
                html_escape(&format!("{title} ({})", file.format.label())),
                html_escape(file.url.as_str())
            )?;
        }
    }
    Ok(())
}

/// Writes the snippet for the `<head>` of the site's pages: one `<link rel="alternate">`
/// per format of the main feed (and of each author's), so browsers and feed readers find
/// the feeds from any page.
pub(crate) fn write_head<W: Write>(
    site: &Site,
    groups: &[FeedGroup<'_>],
    mut out: W,
) -> io::Result<W> {
    writeln!(
        out,
        "<!-- Feed autodiscovery: paste these tags into the <head> of the site's pages. Written by feedsmith. -->"
    )?;
    write_links(site, groups, &mut out)?;
    Ok(out)
}
