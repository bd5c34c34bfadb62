//! `icon`, `logo` and `podcast:` checked: each image read from the static folder (its type
//! and size from its bytes), and every rule Apple Podcasts and the Podcast Index state for a
//! show a problem at its line.

use std::path::{Path, PathBuf};

use serde_saphyr::Spanned;
use url::Url;

use super::Checker;
use crate::config::podcast::apple_category;
use crate::config::raw::{RawConfig, RawPodcast};
use crate::config::{FeedImage, Podcast, PodcastType};
use crate::media::MediaFile;
use crate::person::check_email;

/// The feeds' images and the podcast channel, as checked.
pub(super) struct Images {
    pub(super) icon: Option<FeedImage>,
    pub(super) logo: Option<FeedImage>,
    pub(super) podcast: Option<Podcast>,
}

/// An image as read: the feed's, and its file when it was in the static folder.
type ReadImage = (FeedImage, Option<MediaFile>);

/// Apple's artwork bounds, in pixels a side.
const ARTWORK_SIDES: std::ops::RangeInclusive<u64> = 1400..=3000;

/// `icon`, `logo` and `podcast` of `raw`; a site path is read from `static_dir`.
pub(super) fn images(
    check: &mut Checker<'_>,
    raw: &RawConfig,
    (base_url, static_dir): (Option<&Url>, &Option<PathBuf>),
    custom_feeds: &[crate::config::CustomFeed],
) -> Images {
    check_asking_feeds(check, raw, custom_feeds);
    let read = |check: &mut Checker<'_>, value: &Spanned<String>, key: &str| {
        feed_image(check, value, key, base_url, static_dir.as_deref())
    };
    let icon = raw.icon.as_ref().and_then(|value| {
        let (image, _) = read(check, value, "icon")?;
        if let Some((width, height)) = image.size
            && width != height
        {
            check.warn_at(
                value,
                format!("icon: {width}×{height} pixels is not square; readers show it square"),
            );
        }
        Some(image)
    });
    let logo = raw.logo.as_ref().and_then(|value| {
        let (image, _) = read(check, value, "logo")?;
        if let Some((width, height)) = image.size
            && width != 2 * height
        {
            check.warn_at(
                value,
                format!(
                    "logo: {width}×{height} pixels is not twice as wide as high (2:1), as Atom asks"
                ),
            );
        }
        Some(image)
    });
    let podcast = raw.podcast.as_ref().and_then(|block| {
        let artwork = match &block.value.image {
            Some(value) => read(check, value, "podcast.image").map(|found| (value, found)),
            None => {
                check.at(block, "podcast: `image` is required (the show's artwork, JPEG or PNG, 1400 to 3000 pixels square)");
                None
            }
        };
        podcast(check, raw, block, artwork)
    });
    Images {
        icon,
        logo,
        podcast,
    }
}

/// A custom feed that asks to be a podcast (`podcast: true`) on a site without a
/// `podcast:` block: nothing to make it one of.
fn check_asking_feeds(
    check: &mut Checker<'_>,
    raw: &RawConfig,
    custom_feeds: &[crate::config::CustomFeed],
) {
    if raw.podcast.is_some() {
        return;
    }
    if raw
        .sections
        .iter()
        .any(|section| section.podcast == Some(true))
    {
        check.file("a section with `podcast: true` needs the site's `podcast:` block (artwork, category, owner)");
    }
    for feed in custom_feeds.iter().filter(|feed| feed.podcast) {
        check.problems.push(crate::error::Diagnostic::at(
            check.path,
            feed.at.0,
            feed.at.1,
            format!(
                "custom feed `{}`: `podcast: true` needs the site's `podcast:` block (artwork, category, owner)",
                feed.name
            ),
        ));
    }
}

/// The image `value` names: an absolute http(s) URL as it is, or a site path read from
/// the static folder; with its file, when read.
fn feed_image(
    check: &mut Checker<'_>,
    value: &Spanned<String>,
    key: &str,
    base_url: Option<&Url>,
    static_dir: Option<&Path>,
) -> Option<ReadImage> {
    let written = value.value.trim();
    if let Ok(url) = Url::parse(written) {
        if !matches!(url.scheme(), "http" | "https") {
            check.at(
                value,
                format!("{key}: must be a site path such as `/images/icon.png` or an http(s) URL"),
            );
            return None;
        }
        return Some((FeedImage { url, size: None }, None));
    }
    if !written.starts_with('/') || written.starts_with("//") {
        check.at(
            value,
            format!("{key}: must be a site path such as `/images/icon.png` or an http(s) URL"),
        );
        return None;
    }
    let Some(static_dir) = static_dir else {
        check.at(value, format!("{key}: set `static_dir` (the folder `{written}` is in) so that feedsmith can read the image"));
        return None;
    };
    let Some(file) = crate::media::inspect(static_dir, written) else {
        check.at(
            value,
            format!(
                "{key}: no file `{written}` in the static folder `{}`",
                static_dir.display()
            ),
        );
        return None;
    };
    let url = base_url?.join(written.trim_start_matches('/')).ok()?;
    let image = FeedImage {
        url,
        size: file.dimensions,
    };
    Some((image, Some(file)))
}

/// The podcast channel of `block`, with its artwork (`None` if it was missing or unread).
fn podcast(
    check: &mut Checker<'_>,
    config: &RawConfig,
    block: &Spanned<RawPodcast>,
    artwork: Option<(&Spanned<String>, ReadImage)>,
) -> Option<Podcast> {
    let raw = &block.value;
    let image = artwork.map(|(value, (image, file))| {
        match file {
            Some(file) => check_artwork(check, value, &file),
            None => check.warn_at(value, "podcast.image: a remote image, whose type and size feedsmith cannot check: Apple wants JPEG or PNG, 1400 to 3000 pixels square"),
        }
        image
    });
    let mut categories = Vec::new();
    for value in raw.category.iter().chain(&raw.categories) {
        match apple_category(&value.value) {
            Ok(category) => categories.push(category),
            Err(problem) => check.at(value, format!("podcast.category: {problem}")),
        }
    }
    if config.language.is_none() && config.languages.is_none() {
        check.at(block, "podcast: the site needs a `language` (such as `en`): Apple and the Podcast Index require one");
    }
    if raw.category.is_none() && raw.categories.is_empty() {
        check.at(block, "podcast: `category` is required: one of Apple's, such as `Technology` or `Society & Culture > Documentary`");
    }
    let owner = owner(check, block);
    let kind = match raw.kind.as_ref().map(|kind| (kind, kind.value.trim())) {
        None | Some((_, "episodic")) => PodcastType::Episodic,
        Some((_, "serial")) => PodcastType::Serial,
        Some((value, other)) => {
            check.at(
                value,
                format!("podcast.type: \"{other}\" is neither `episodic` nor `serial`"),
            );
            PodcastType::Episodic
        }
    };
    let new_feed_url = raw
        .new_feed_url
        .as_ref()
        .and_then(|value| web_url(check, value, &value.value, "podcast.new_feed_url"));
    let funding = raw.funding.as_ref().and_then(|value| {
        let url = web_url(check, value, &value.value.url, "podcast.funding: `url`");
        let text = value
            .value
            .text
            .clone()
            .unwrap_or_else(|| "Support the show".to_string());
        Some((url?, text))
    });
    Some(Podcast {
        image: image?,
        categories,
        explicit: raw.explicit.unwrap_or(false),
        author: raw.author.clone(),
        owner: owner?,
        kind,
        complete: raw.complete.unwrap_or(false),
        block: raw.block.unwrap_or(false),
        new_feed_url,
        locked: raw.locked.unwrap_or(false),
        funding,
    })
}

/// `written`, an absolute http(s) URL, or a problem at `value` naming `key`.
fn web_url<T>(
    check: &mut Checker<'_>,
    value: &Spanned<T>,
    written: &str,
    key: &str,
) -> Option<Url> {
    let url = Url::parse(written.trim())
        .ok()
        .filter(|url| matches!(url.scheme(), "http" | "https"));
    if url.is_none() {
        check.at(value, format!("{key}: must be an absolute http(s) URL"));
    }
    url
}

/// `podcast.owner`: a name and an email Apple can write to.
fn owner(check: &mut Checker<'_>, block: &Spanned<RawPodcast>) -> Option<(String, String)> {
    let Some(owner) = &block.value.owner else {
        check.at(block, "podcast: `owner` is required (`{name, email}`): Apple writes to it to confirm the show is yours");
        return None;
    };
    match (&owner.value.name, &owner.value.email) {
        (Some(name), Some(email)) => match check_email(email) {
            Ok(()) => Some((name.clone(), email.clone())),
            Err(problem) => {
                check.at(owner, format!("podcast.owner: {problem}"));
                None
            }
        },
        (_, None) => {
            check.at(owner, "podcast.owner: `email` is required: Apple writes to it to confirm the show is yours");
            None
        }
        (None, Some(_)) => {
            check.at(owner, "podcast.owner: `name` is required");
            None
        }
    }
}

/// Apple's rules for a show's artwork: JPEG or PNG, square, 1400 to 3000 pixels a side.
fn check_artwork(check: &mut Checker<'_>, value: &Spanned<String>, file: &MediaFile) {
    if !matches!(file.mime_type.as_str(), "image/jpeg" | "image/png") {
        check.at(
            value,
            format!(
                "podcast.image: is {}; Apple takes JPEG or PNG artwork",
                file.mime_type
            ),
        );
        return;
    }
    match file.dimensions {
        Some((width, height)) if width != height || !ARTWORK_SIDES.contains(&width) => check.at(
            value,
            format!("podcast.image: is {width}×{height} pixels; Apple wants it square, 1400 to 3000 pixels a side"),
        ),
        Some(_) => {}
        None => check.at(value, "podcast.image: its size could not be read; Apple wants it square, 1400 to 3000 pixels a side"),
    }
}
