//! A podcast episode's front matter: its number and season, its type, whether it is
//! explicit, its transcript and, for a remote enclosure whose file cannot be read, its
//! duration — what Apple Podcasts and the Podcast Index read from an `item`.

use super::fields::Fields;

/// What a post says of itself as an episode.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Episode {
    /// Its number (`episode`).
    pub(crate) number: Option<u64>,
    /// Its season (`season`).
    pub(crate) season: Option<u64>,
    /// `full` (the default), `trailer` or `bonus` (`episode_type`, `episodeType`).
    pub(crate) kind: Option<&'static str>,
    /// Whether it is explicit (`explicit`); default: the show's.
    pub(crate) explicit: Option<bool>,
    /// Its transcript: the link as written (a site path or a URL), and its type.
    pub(crate) transcript: Option<(String, &'static str)>,
    /// Its duration in seconds as written (`duration`: `1:02:03`, `62:03` or seconds),
    /// for an enclosure whose file is not in the static folder.
    pub(crate) duration: Option<u64>,
}

/// The episode fields of a post, when it has any.
pub(crate) fn read_episode(fields: &mut Fields<'_>) -> Option<Box<Episode>> {
    let number = fields.count(&["episode"]);
    let season = fields.count(&["season"]);
    let kind = fields
        .first(&["episode_type", "episodeType"])
        .and_then(|(name, node)| {
            let written = match &node.value {
                super::front_matter::Value::String(text) => text.trim().to_ascii_lowercase(),
                _ => String::new(),
            };
            let known = ["full", "trailer", "bonus"]
                .into_iter()
                .find(|kind| *kind == written);
            if known.is_none() {
                fields.problem(name, node, "must be `full`, `trailer` or `bonus`");
            }
            known
        });
    let explicit = fields.flag("explicit");
    // Apps fetch a transcript: only what a feed may link to, as for an enclosure.
    let transcript = fields.first(&["transcript"]).and_then(|(name, node)| {
        let link = fields.text(&[name])?.text.trim().to_string();
        if !crate::links::is_web_reference(&link) {
            fields.problem(name, node, format!("\"{link}\" must be a site path such as `/transcripts/1.vtt`, a path relative to the post, or an absolute http(s) URL"));
            return None;
        }
        let kind = transcript_type(&link);
        Some((link, kind)).filter(|(link, _)| !link.is_empty())
    });
    let duration = fields.first(&["duration"]).and_then(|(name, node)| {
        let seconds = match &node.value {
            super::front_matter::Value::Integer(n) => u64::try_from(*n).ok(),
            super::front_matter::Value::String(text) => seconds_of(text),
            _ => None,
        };
        if seconds.is_none() {
            fields.problem(
                name,
                node,
                "must be seconds or `H:MM:SS` / `MM:SS`, such as `1:02:03`",
            );
        }
        seconds
    });
    let episode = Episode {
        number,
        season,
        kind,
        explicit,
        transcript,
        duration,
    };
    (episode != Episode::default()).then(|| Box::new(episode))
}

/// The seconds `1:02:03`, `62:03` or `3723` stand for.
fn seconds_of(text: &str) -> Option<u64> {
    let parts: Vec<&str> = text.trim().split(':').collect();
    if parts.len() > 3
        || parts
            .iter()
            .any(|part| part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let numbers: Vec<u64> = parts
        .iter()
        .map(|part| part.parse().ok())
        .collect::<Option<_>>()?;
    if numbers.iter().skip(1).any(|n| *n >= 60) {
        return None;
    }
    numbers
        .iter()
        .try_fold(0u64, |total, n| total.checked_mul(60)?.checked_add(*n))
}

/// A transcript's type, by its extension, as `podcast:transcript` names them.
fn transcript_type(link: &str) -> &'static str {
    let path = link.split(['?', '#']).next().unwrap_or_default();
    match path
        .rsplit('.')
        .next()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("vtt") => "text/vtt",
        Some("srt") => "application/x-subrip",
        Some("json") => "application/json",
        Some("txt") => "text/plain",
        _ => "text/html",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_read_as_written() {
        assert_eq!(seconds_of("1:02:03"), Some(3723));
        assert_eq!(seconds_of("62:03"), Some(3723));
        assert_eq!(seconds_of("3723"), Some(3723));
        for bad in ["1:60", "a:b", "", "1::2", "1:2:3:4", "-5"] {
            assert_eq!(seconds_of(bad), None, "{bad}");
        }
        assert_eq!(transcript_type("/t/1.vtt?x"), "text/vtt");
        assert_eq!(transcript_type("https://x/t/1.SRT"), "application/x-subrip");
        assert_eq!(transcript_type("/t/1"), "text/html");
    }
}
