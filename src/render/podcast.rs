//! The podcast parts of RSS: Apple's `itunes:` and the Podcast Index's `podcast:` tags on a
//! podcast channel (the main feed, custom feeds that ask) and on each episode, and the
//! channel `image` every RSS feed carries when the site has an icon or a logo.

use std::io::{self, Write};

use super::xml::XmlWriter;
use crate::config::{Podcast, PodcastType, SiteConfig, podcast_guid};
use crate::site::Entry;

/// Apple's namespace, as Apple spells it.
pub(crate) const ITUNES_NAMESPACE: (&str, &str) =
    ("xmlns:itunes", "http://www.itunes.com/dtds/podcast-1.0.dtd");
/// The Podcast Index's namespace.
pub(crate) const PODCAST_NAMESPACE: (&str, &str) =
    ("xmlns:podcast", "https://podcastindex.org/namespace/1.0");

/// Apple's limit on an episode's description, in bytes.
pub(crate) const DESCRIPTION_BYTES: usize = 4000;

/// RSS 2.0's limits on the channel image's width and height; past them a reader may
/// refuse the image, so they are left out and it shows at its own size.
const RSS_IMAGE_MAX: (u64, u64) = (144, 400);

/// The channel's `image`: the logo, else the icon, linking to the feed's page.
pub(crate) fn write_image<W: Write>(
    xml: &mut XmlWriter<W>,
    config: &SiteConfig,
    title: &str,
    link: &str,
) -> io::Result<()> {
    let Some(image) = config.logo.as_ref().or(config.icon.as_ref()) else {
        return Ok(());
    };
    xml.open("image", &[])?;
    xml.text("url", &[], image.url.as_str())?;
    xml.text("title", &[], title)?;
    xml.text("link", &[], link)?;
    if let Some((width, height)) = image.size
        && width <= RSS_IMAGE_MAX.0
        && height <= RSS_IMAGE_MAX.1
    {
        xml.text("width", &[], &width.to_string())?;
        xml.text("height", &[], &height.to_string())?;
    }
    xml.close("image")
}

/// The channel tags of a podcast site's RSS feed at `self_url`. Every RSS feed of the site
/// describes the show (its episodes are in them all, and an app subscribed to any plays
/// them); only the podcast's own feeds (`is_show`: the main feed, custom feeds that ask)
/// carry what identifies and steers the show — its `podcast:guid`, `podcast:locked`,
/// `itunes:new-feed-url`, `itunes:block`, `itunes:complete` — which a tag's feed must not.
pub(crate) fn write_channel<W: Write>(
    xml: &mut XmlWriter<W>,
    config: &SiteConfig,
    podcast: &Podcast,
    (self_url, is_show): (&str, bool),
) -> io::Result<()> {
    xml.empty("itunes:image", &[("href", podcast.image.url.as_str())])?;
    for (category, subcategory) in &podcast.categories {
        match subcategory {
            Some(sub) => {
                xml.open("itunes:category", &[("text", category)])?;
                xml.empty("itunes:category", &[("text", sub)])?;
                xml.close("itunes:category")?;
            }
            None => xml.empty("itunes:category", &[("text", category)])?,
        }
    }
    xml.text(
        "itunes:explicit",
        &[],
        yes_no(podcast.explicit, "true", "false"),
    )?;
    let author = podcast
        .author
        .as_deref()
        .or(config.author.as_ref().map(|author| author.name.as_str()))
        .unwrap_or(&config.title);
    xml.text("itunes:author", &[], author)?;
    xml.open("itunes:owner", &[])?;
    xml.text("itunes:name", &[], &podcast.owner.0)?;
    xml.text("itunes:email", &[], &podcast.owner.1)?;
    xml.close("itunes:owner")?;
    let kind = match podcast.kind {
        PodcastType::Episodic => "episodic",
        PodcastType::Serial => "serial",
    };
    xml.text("itunes:type", &[], kind)?;
    if !is_show {
        return Ok(());
    }
    if podcast.complete {
        xml.text("itunes:complete", &[], "Yes")?;
    }
    if podcast.block {
        xml.text("itunes:block", &[], "Yes")?;
    }
    if let Some(url) = &podcast.new_feed_url {
        xml.text("itunes:new-feed-url", &[], url.as_str())?;
    }
    xml.text("podcast:guid", &[], &podcast_guid(self_url))?;
    xml.text(
        "podcast:locked",
        &[("owner", &podcast.owner.1)],
        yes_no(podcast.locked, "yes", "no"),
    )?;
    if let Some((url, text)) = &podcast.funding {
        xml.text("podcast:funding", &[("url", url.as_str())], text)?;
    }
    Ok(())
}

/// An episode's tags, for a post with an enclosure on a podcast site.
pub(crate) fn write_episode<W: Write>(xml: &mut XmlWriter<W>, entry: &Entry) -> io::Result<()> {
    let post = &entry.post;
    let episode = post.episode.as_deref();
    let duration = post
        .enclosure_media
        .as_ref()
        .and_then(|media| media.duration)
        .or(episode.and_then(|episode| episode.duration));
    if let Some(seconds) = duration {
        xml.text("itunes:duration", &[], &seconds.to_string())?;
    }
    let Some(episode) = episode else {
        return Ok(());
    };
    if let Some(number) = episode.number {
        xml.text("itunes:episode", &[], &number.to_string())?;
    }
    if let Some(season) = episode.season {
        xml.text("itunes:season", &[], &season.to_string())?;
    }
    if let Some(kind) = episode.kind {
        xml.text("itunes:episodeType", &[], kind)?;
    }
    if let Some(explicit) = episode.explicit {
        xml.text("itunes:explicit", &[], yes_no(explicit, "true", "false"))?;
    }
    if let Some((url, kind)) = &episode.transcript {
        xml.empty(
            "podcast:transcript",
            &[("url", url.as_str()), ("type", kind)],
        )?;
    }
    Ok(())
}

fn yes_no(on: bool, yes: &'static str, no: &'static str) -> &'static str {
    match on {
        true => yes,
        false => no,
    }
}

/// `summary` cut, at a character, to what Apple shows of an episode once escaped.
pub(crate) fn within_apple_limit(summary: &str) -> &str {
    let mut bytes = 0;
    for (at, c) in summary.char_indices() {
        bytes += match c {
            '&' => 5,
            '<' | '>' => 4,
            '"' | '\'' => 6,
            c => c.len_utf8(),
        };
        if bytes > DESCRIPTION_BYTES {
            return &summary[..at];
        }
    }
    summary
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_description_is_cut_within_4000_bytes_once_escaped() {
        let long = "a&b ".repeat(2000);
        let cut = within_apple_limit(&long);
        assert!(cut.len() < long.len());
        let escaped: usize = cut
            .chars()
            .map(|c| if c == '&' { 5 } else { c.len_utf8() })
            .sum();
        assert!(escaped <= DESCRIPTION_BYTES, "{escaped}");
        assert_eq!(within_apple_limit("short"), "short");
    }
}
