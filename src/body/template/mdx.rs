//! MDX (Next.js, Astro): `import`/`export` lines, `{…}` expressions and JSX components, the
//! image components becoming images.

use super::*;

impl<'a> Expander<'a, '_> {
    /// MDX: a JavaScript expression `{…}` in prose. A string literal (`{'<'}`) is the text
    /// MDX shows; anything else needs a JavaScript runtime and is removed.
    pub(super) fn expression(&mut self, start: usize) -> Option<usize> {
        if start < self.mdx_unclosed_until {
            return None;
        }
        let text = &self.body[start..self.limit];
        let mut depth = 0usize;
        let mut quote = None;
        let mut end = None;
        for (at, c) in text.char_indices() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None => match c {
                    '"' | '\'' | '`' => quote = Some(c),
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = Some(at);
                            break;
                        }
                    }
                    _ => {}
                },
            }
        }
        let Some(end) = end else {
            self.mdx_unclosed_until = self.limit;
            return None;
        };
        let inner = text[1..end].trim();
        let literal = unquote(inner)
            .or_else(|| inner.strip_prefix('`')?.strip_suffix('`'))
            .filter(|literal| !literal.contains("${"));
        match (literal, self.attribute_start()) {
            // An attribute's value in a tag (`title={"x"}`): the text, quoted as HTML's.
            (Some(literal), Some(_)) => {
                self.out.push('"');
                self.out.push_str(&html_escape(literal));
                self.out.push('"');
            }
            (Some(literal), None) => self.out.push_str(literal),
            // An attribute whose value needs JavaScript (`style={{ margin: 0 }}`) goes whole,
            // its name too: a tag keeps only what HTML can say.
            (None, Some(attribute)) => {
                self.out.truncate(attribute);
                self.remove(Syntax::Mdx, "{…}", start);
            }
            (None, None) => self.remove(Syntax::Mdx, "{…}", start),
        }
        Some(start + end + 1)
    }

    /// Where the attribute starts (the white space before its name) when what is written so
    /// far ends inside a tag, just after that attribute's `=` (`<div style=`): an expression
    /// there is its value.
    fn attribute_start(&self) -> Option<usize> {
        let before = self.out.strip_suffix('=')?;
        let name =
            before.trim_end_matches(|c: char| c.is_ascii_alphanumeric() || "-_:".contains(c));
        // The tag's start is looked for in the last few kilobytes only: a body of many
        // `a ={…}` in prose costs each its own neighbourhood, never the whole text again.
        let mut from = before.len().saturating_sub(4096);
        while !before.is_char_boundary(from) {
            from += 1;
        }
        let near = &before[from..];
        let in_tag = near
            .rfind('<')
            .is_some_and(|open| near.rfind('>').is_none_or(|close| close < open));
        (name.len() < before.len() && name.ends_with(char::is_whitespace) && in_tag)
            .then(|| name.trim_end().len())
    }

    /// MDX: a JSX element tag (`<Note>`, `</Note>`, `<TOCInline toc={props.toc} />`) or a
    /// fragment (`<>`).
    pub(super) fn jsx(&mut self, start: usize) -> Option<usize> {
        if start < self.mdx_unclosed_until {
            return None;
        }
        let bytes = &self.body.as_bytes()[..self.limit];
        let mut depth = 0usize;
        let mut quote = None;
        let mut at = start + 1;
        while at < bytes.len() {
            let b = bytes[at];
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None => match b {
                    b'"' | b'\'' | b'`' if depth > 0 || bytes[at - 1] == b'=' => quote = Some(b),
                    b'{' => depth += 1,
                    b'}' => depth = depth.saturating_sub(1),
                    b'>' if depth == 0 => break,
                    _ => {}
                },
            }
            at += 1;
        }
        if at >= bytes.len() {
            self.mdx_unclosed_until = self.limit;
            return None;
        }
        let tag = &self.body[start + 1..at];
        if !tag.starts_with('/') && !tag.is_empty() {
            let name = tag
                .split(|c: char| c.is_whitespace() || c == '/')
                .next()
                .unwrap_or_default();
            match image_component(name, tag).or_else(|| embed_component(name, tag)) {
                Some(img) => self.out.push_str(&img),
                None => self.remove(Syntax::Mdx, &format!("<{name}>"), start),
            }
        }
        Some(at + 1)
    }

    /// An MDX comment `{/* … */}`: nothing of it is published.
    pub(super) fn mdx_comment(&mut self, start: usize) -> Option<usize> {
        if start < self.mdx_unclosed_until {
            return None;
        }
        let end = self.body[start..self.limit].find("*/}");
        if end.is_none() {
            self.mdx_unclosed_until = self.limit;
        }
        end.map(|end| start + end + 3)
    }

    /// An MDX `import` or `export` line, with the lines it continues onto while brackets
    /// stay open.
    pub(super) fn module_line(&mut self, start: usize) -> usize {
        let mut depth: i64 = 0;
        let mut at = start;
        for line in self.body[start..self.limit].split_inclusive('\n') {
            at += line.len();
            for b in line.bytes() {
                match b {
                    b'{' | b'(' | b'[' => depth += 1,
                    b'}' | b')' | b']' => depth -= 1,
                    _ => {}
                }
            }
            if depth <= 0 {
                break;
            }
        }
        at
    }
}

/// Next.js's and Astro's image components (`<Image src="/x.jpg" alt="X" width={256} />`)
/// as the `<img>` they render, when the source is written out rather than imported.
pub(super) fn image_component(name: &str, tag: &str) -> Option<String> {
    if !matches!(name, "Image" | "Img" | "Picture") {
        return None;
    }
    let attribute = |key: &str| jsx_attribute(tag, key);
    let src = attribute("src")?;
    let mut img = format!(
        "<img src=\"{}\" alt=\"{}\"",
        html_escape(&src),
        html_escape(&attribute("alt").unwrap_or_default())
    );
    for size in ["width", "height"] {
        if let Some(value) = attribute(size) {
            let _ = write!(img, " {size}=\"{}\"", html_escape(&value));
        }
    }
    img.push('>');
    Some(img)
}

/// The embed components of MDX sites (react-tweet's and astro-embed's `<Tweet id>`,
/// `<YouTube id>`, `<Vimeo id>`, `<LinkPreview id>`) as Hugo's built-ins of the same kind
/// render: a video player, a link to the post.
pub(super) fn embed_component(name: &str, tag: &str) -> Option<String> {
    let attribute = |keys: &[&str]| keys.iter().find_map(|key| jsx_attribute(tag, key));
    let link = |url: &str, class: &str| super::builtins::linked_post(class, url);
    match name {
        "Tweet" | "XEmbed" | "TwitterTweetEmbed" => {
            let id = attribute(&["id", "tweetId"])?;
            let url = match id.bytes().all(|b| b.is_ascii_digit()) {
                true => format!("https://x.com/i/status/{id}"),
                false => id,
            };
            Some(link(&url, "twitter-tweet"))
        }
        "YouTube" | "YoutubeEmbed" | "LiteYouTube" | "LiteYouTubeEmbed" => {
            let id = attribute(&["id", "videoId", "videoid", "youTubeId"])?;
            // astro-embed takes the video's URL as well as its id.
            let id = id
                .rsplit_once("v=")
                .map(|(_, id)| id.split('&').next().unwrap_or(id))
                .or_else(|| id.strip_prefix("https://youtu.be/"))
                .unwrap_or(&id)
                .to_string();
            super::builtins::video(
                &Args::named_only(&[("id", &id)]),
                "https://www.youtube.com/embed/",
                "YouTube video",
            )
        }
        "Vimeo" => {
            let id = attribute(&["id"])?;
            let id = id.rsplit('/').next().unwrap_or(&id).to_string();
            super::builtins::video(
                &Args::named_only(&[("id", &id)]),
                "https://player.vimeo.com/video/",
                "Vimeo video",
            )
        }
        "LinkPreview" | "LinkCard" | "OGLink" => {
            Some(link(&attribute(&["id", "href", "url"])?, "link-preview"))
        }
        _ => None,
    }
}

/// The value of the JSX attribute `key` in the text of a tag: `key="v"`, `key='v'`,
/// `key={"v"}`, `key={256}`.
fn jsx_attribute(tag: &str, key: &str) -> Option<String> {
    let mut rest = tag;
    loop {
        let at = rest.find(key)?;
        let before = rest[..at].chars().next_back();
        let after = rest[at + key.len()..].trim_start();
        rest = &rest[at + key.len()..];
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let Some(value) = after.strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        let braced = value
            .strip_prefix('{')
            .and_then(|v| Some(&v[..v.find('}')?]));
        return match braced {
            Some(inner) if inner.trim().bytes().all(|b| b.is_ascii_digit()) => {
                Some(inner.trim().to_string())
            }
            Some(inner) => Some(unquote(inner)?.to_string()),
            None => match value.strip_prefix('\'') {
                Some(single) => Some(single[..single.find('\'')?].to_string()),
                None => Some(take_value(value).0),
            },
        };
    }
}
