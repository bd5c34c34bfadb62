//! The syntax a post body is written in and the template languages it is read with.

/// The syntax a post body is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    /// CommonMark with the usual extensions.
    Markdown,
    /// MDX: Markdown with `import`/`export` lines and JSX components.
    Mdx,
    /// An Eleventy template of another format (`.njk`, `.liquid`, `.html`): HTML with
    /// template tags, no Markdown.
    Html,
}

/// The template languages a body is read with, as the tool it was written for reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// Markdown that Jekyll and Eleventy run through Liquid first: Liquid, and shortcodes.
    Liquid,
    /// Markdown for Hugo or Zola, which run only their shortcodes: other braces are text.
    Shortcodes,
    /// MDX: imports, exports, JSX components and `{…}` expressions, and shortcodes.
    Mdx,
    /// Markdown read by a tool with no template step (Astro's and Next.js's `.md`): every
    /// brace is text.
    Plain,
}

impl Flavor {
    /// The flavor of a post: MDX by its extension; Hugo or Zola when its front matter is
    /// TOML or a bare JSON object, or its body uses Hugo shortcodes; else Liquid.
    pub fn of(mdx: bool, hugo_or_zola_front_matter: bool, body: &str) -> Flavor {
        if mdx {
            Flavor::Mdx
        } else if hugo_or_zola_front_matter || body.contains("{{<") || body.contains("{{%") {
            Flavor::Shortcodes
        } else {
            Flavor::Liquid
        }
    }

    /// Whether `body` may hold template syntax in this flavor: the cheap test that spares
    /// most posts.
    pub(crate) fn may_have_templates(self, body: &str) -> bool {
        match self {
            Flavor::Mdx => true,
            Flavor::Plain => false,
            Flavor::Liquid | Flavor::Shortcodes => has_template_braces(body),
        }
    }
}

/// Whether `body` has a `{{` or `{%`, found in one pass that jumps from brace to brace.
pub(crate) fn has_template_braces(body: &str) -> bool {
    let bytes = body.as_bytes();
    body.match_indices('{')
        .any(|(at, _)| matches!(bytes.get(at + 1), Some(b'{' | b'%')))
}
