//! A person, as the site config and posts name one: the site's author or a post's. A leaf
//! that the config, the loader and the renderers share.

use crate::text::clean_trimmed;

/// A person: a site or post author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Display name.
    pub name: String,
    /// Email address, if known.
    pub email: Option<String>,
    /// Home page, if known.
    pub url: Option<String>,
}

impl Person {
    /// The same person with forbidden characters removed from every field.
    pub fn cleaned(self) -> Person {
        let field =
            |text: Option<String>| text.map(|t| clean_trimmed(&t)).filter(|t| !t.is_empty());
        Person {
            name: clean_trimmed(&self.name),
            email: field(self.email),
            url: field(self.url),
        }
    }
}
