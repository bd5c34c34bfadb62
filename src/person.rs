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

impl Person {
    /// A post's author as written: cleaned of forbidden characters, a Markdown link read.
    pub fn read_as_written(self) -> Person {
        self.cleaned().unlinked()
    }

    /// A name written as a Markdown link (`[Ann](https://ann.example) (Org)`), as some
    /// blogs' authors are: the link's text and what follows it as the name, its target as the
    /// URL. Anything else, or a person with a URL already, is returned as it is.
    pub fn unlinked(self) -> Person {
        let parsed = (|| {
            let rest = self.name.strip_prefix('[')?;
            let (text, rest) = rest.split_once("](")?;
            let (url, after) = rest.split_once(')')?;
            let url = url.trim();
            let usable = !text.contains(['[', ']']) && check_url(url).is_ok() && !url.contains(' ');
            usable.then(|| (format!("{text}{after}").trim().to_string(), url.to_string()))
        })();
        match (parsed, &self.url) {
            (Some((name, url)), None) if !name.is_empty() => Person {
                name,
                url: Some(url),
                ..self
            },
            _ => self,
        }
    }
}

/// Whether `email` is an address the formats accept (Atom's `email` is an RFC 2822
/// `addr-spec`): one `@` between a local part and a domain with a dot, no spaces or brackets.
pub(crate) fn check_email(email: &str) -> Result<(), PersonProblem> {
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !email.chars().any(|c| {
                    c.is_whitespace()
                        || c.is_control()
                        || matches!(c, '<' | '>' | '(' | ')' | ',' | ';' | '"')
                })
        }
        None => false,
    };
    match valid {
        true => Ok(()),
        false => Err(PersonProblem::Email(email.to_owned())),
    }
}

/// Whether `url` can be made a person's absolute URL (see [`absolute_url`]) on any site: for
/// posts, checked before the site's `base_url` is at hand.
pub(crate) fn check_url(url: &str) -> Result<(), PersonProblem> {
    static ANY_SITE: std::sync::LazyLock<url::Url> =
        std::sync::LazyLock::new(|| url::Url::parse("https://site.invalid/").expect("valid"));
    absolute_url(url, &ANY_SITE).map(drop)
}

/// A person's `url` as feeds need it: absolute. A site path (`/about/`) is resolved against
/// `base_url`; anything else must be an absolute http(s) URL.
pub(crate) fn absolute_url(url: &str, base_url: &url::Url) -> Result<String, PersonProblem> {
    let invalid = || PersonProblem::Url(url.to_owned());
    let absolute = match url.strip_prefix('/') {
        Some(path) if !path.starts_with('/') => base_url.join(path).map_err(|_| invalid())?,
        _ => url::Url::parse(url).map_err(|_| invalid())?,
    };
    match absolute.scheme() {
        _ if crate::links::has_credentials(&absolute) => {
            Err(PersonProblem::Credentials(url.to_owned()))
        }
        "http" | "https" => Ok(absolute.to_string()),
        _ => Err(invalid()),
    }
}

/// Why a person's `email` or `url` cannot be published.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum PersonProblem {
    #[error("email \"{0}\" is not an address such as `ann@example.com`")]
    Email(String),
    #[error("url \"{0}\" must be a site path such as `/about/` or an absolute http(s) URL")]
    Url(String),
    #[error("url \"{0}\" {credentials}", credentials = crate::links::NO_CREDENTIALS)]
    Credentials(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for good in ["ann@example.com", "a.b+c@mail.example.org"] {
            assert!(check_email(good).is_ok(), "{good}");
        }
        for bad in [
            "not-an-email",
            "@example.com",
            "ann@",
            "ann@localhost",
            "a b@c.d",
            "<a@b.c>",
        ] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn markdown_link_authors() {
        let person = |name: &str| Person {
            name: name.into(),
            email: None,
            url: None,
        };
        let linked = person("[Ann Lee](https://ann.example/) (Example Org)").unlinked();
        assert_eq!(linked.name, "Ann Lee (Example Org)");
        assert_eq!(linked.url.as_deref(), Some("https://ann.example/"));
        for kept in [
            "Ann",
            "[Ann]",
            "[Ann](javascript:x)",
            "[](https://a.example/)",
        ] {
            assert_eq!(person(kept).unlinked(), person(kept), "{kept}");
        }
    }

    #[test]
    fn urls() {
        let base = url::Url::parse("https://example.com/blog/").unwrap();
        assert_eq!(
            absolute_url("/about/", &base).unwrap(),
            "https://example.com/blog/about/"
        );
        assert_eq!(
            absolute_url("https://ann.example/", &base).unwrap(),
            "https://ann.example/"
        );
        for bad in ["about", "javascript:alert(1)", "//evil.example/"] {
            assert!(absolute_url(bad, &base).is_err(), "{bad}");
        }
    }
}
