//! The shortcodes the tools build in (`figure`, `youtube`, `highlight`, `ref`, …), whichever
//! syntax calls them: Hugo's `{{< … >}}` or Zola's `{{ …() }}`.

use super::*;

/// What a built-in gives.
pub(super) enum Builtin {
    /// HTML to put in place.
    Html(String),
    /// A reference to another post: its permalink goes in place.
    Reference(String),
}

/// The built-in shortcodes Hugo ships, also accepted as Zola shortcodes of the same names.
pub(super) fn builtin(name: &str, args: &Args, values: &ValueIndex<'_>) -> Option<Builtin> {
    let attr = |text: &str| html_escape(text);
    let html = match name {
        "figure" => figure(args)?,
        "youtube" => video(args, "https://www.youtube.com/embed/", "YouTube video")?,
        "vimeo" => video(args, "https://player.vimeo.com/video/", "Vimeo video")?,
        // Hugo embeds a gist with a script, which feed readers drop and validators flag:
        // a link to it is what a reader can use.
        "gist" => {
            let url = match args.get("url", usize::MAX) {
                Some(url) => url.to_string(),
                None => format!(
                    "https://gist.github.com/{}/{}",
                    args.get("user", 0)?,
                    args.get("id", 1)?
                ),
            };
            format!("<p><a href=\"{}\">{}</a></p>", attr(&url), attr(&url))
        }
        // Hugo asks X for the embed at build time; offline, the post's link is what remains.
        "x" | "tweet" | "twitter" => {
            let user = args.get("user", 0)?;
            let id = args.get("id", 1)?;
            linked_post(
                "twitter-tweet",
                &format!("https://x.com/{user}/status/{id}"),
            )
        }
        "instagram" => {
            let id = args.get("id", 0)?;
            linked_post(
                "instagram-media",
                &format!("https://www.instagram.com/p/{id}/"),
            )
        }
        "qr" => super::hugo::qr(args.get("text", usize::MAX)?),
        "ref" | "relref" => {
            return Some(Builtin::Reference(
                args.get("path", 0)?.trim_end_matches('/').to_string(),
            ));
        }
        // The page's parameter (Hugo 0.123+ keeps them under `params:`), else the site's.
        "param" => {
            let key = args.get("name", 0)?;
            let nested = format!("params.{key}");
            let value = values
                .page_folded(key)
                .or_else(|| values.page_folded(&nested))
                .or_else(|| values.site(&nested))?;
            html_escape(value)
        }
        _ => return None,
    };
    Some(Builtin::Html(html))
}

/// An embedded post (a tweet, an Instagram post) as what a feed reader can show: a quote
/// holding the link to it, with the class the embed's script would have looked for.
pub(super) fn linked_post(class: &str, url: &str) -> String {
    let url = html_escape(url);
    format!("<blockquote class=\"{class}\"><p><a href=\"{url}\">{url}</a></p></blockquote>")
}

/// Hugo's `youtube` and `vimeo`: the player of the video `id` at `player` + id, as Hugo
/// embeds it.
pub(super) fn video(args: &Args, player: &str, default_title: &str) -> Option<String> {
    let id = args.get("id", 0)?;
    let title = args.get("title", usize::MAX).unwrap_or(default_title);
    Some(format!(
        "<div style=\"position: relative; padding-bottom: 56.25%; height: 0; overflow: hidden;\"><iframe allowfullscreen=\"allowfullscreen\" src=\"{player}{}\" style=\"position: absolute; top: 0; left: 0; width: 100%; height: 100%; border: 0;\" title=\"{}\"></iframe></div>",
        html_escape(id),
        html_escape(title)
    ))
}

/// Hugo's `figure`: an image with its link, size and caption.
fn figure(args: &Args) -> Option<String> {
    let attr = |text: &str| html_escape(text);
    let src = args.get("src", 0)?;
    let mut html = String::from("<figure");
    if let Some(class) = args.get("class", usize::MAX) {
        let _ = write!(html, " class=\"{}\"", attr(class));
    }
    html.push('>');
    let link = args.get("link", usize::MAX);
    if let Some(link) = link {
        let _ = write!(html, "<a href=\"{}\">", attr(link));
    }
    let alt = match args.get("alt", usize::MAX) {
        Some(alt) => alt.to_string(),
        None => plain_markdown(args.get("caption", usize::MAX).unwrap_or_default()),
    };
    let _ = write!(html, "<img src=\"{}\" alt=\"{}\"", attr(src), attr(&alt));
    for size in ["width", "height"] {
        if let Some(value) = args.get(size, usize::MAX) {
            let _ = write!(html, " {size}=\"{}\"", attr(value));
        }
    }
    html.push('>');
    if link.is_some() {
        html.push_str("</a>");
    }
    let [title, caption, attribution, attribution_link] =
        ["title", "caption", "attr", "attrlink"].map(|key| args.get(key, usize::MAX));
    if title.is_some() || caption.is_some() || attribution.is_some() {
        html.push_str("<figcaption>");
        if let Some(title) = title {
            let _ = write!(html, "<h4>{}</h4>", attr(title));
        }
        if caption.is_some() || attribution.is_some() {
            html.push_str("<p>");
            html.push_str(&inline_markdown(caption.unwrap_or_default()));
            if let Some(link) = attribution_link {
                let _ = write!(html, "<a href=\"{}\">", attr(link));
            }
            html.push_str(&inline_markdown(attribution.unwrap_or_default()));
            if attribution_link.is_some() {
                html.push_str("</a>");
            }
            html.push_str("</p>");
        }
        html.push_str("</figcaption>");
    }
    html.push_str("</figure>");
    Some(html)
}

/// A code block as raw HTML: `<pre>` opens a Markdown HTML block that blank lines inside the
/// code do not end.
pub(super) fn code_block(language: &str, code: &str) -> String {
    crate::profile::code_block(language, code)
}
